//! Which targets a link or a redirect may point to on this site. Browsers normalise a URL before following it
//! (the URL standard drops tabs and line breaks anywhere in it and reads `\` as `/`), so `/\tevil.example`
//! and `/\evil.example` lead to another site although they start with one slash; a header value with a line
//! break cannot be sent at all. A local path is therefore checked byte by byte, not by its first characters.

/// Whether `target` is a path on this site, whatever the browser does to it: it starts with one `/` not
/// followed by `/` or `\`, and holds only visible ASCII (no control character, no space, no backslash; other
/// characters arrive percent-encoded in the links the site makes).
pub fn is_local_path(target: &str) -> bool {
    let bytes = target.as_bytes();
    bytes.first() == Some(&b'/')
        && !matches!(bytes.get(1), Some(b'/' | b'\\'))
        && bytes.iter().all(|&b| b.is_ascii_graphic() && b != b'\\')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_a_browser_would_take_off_site_are_not_local() {
        for local in ["/", "/compte", "/capteurs?domaine=air&page=2#carte", "/budgets/b%C3%A9ton/vote"] {
            assert!(is_local_path(local), "{local}");
        }
        for foreign in [
            "",
            "compte",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "\t//evil.example",
            " /compte",
            "/compte\nSet-Cookie: x=1",
            "/a\\b",
            "https://evil.example",
            "javascript:alert(1)",
            "/caf\u{e9}",
            "/\u{0}",
            "/\u{7f}",
        ] {
            assert!(!is_local_path(foreign), "{foreign:?}");
        }
    }
}
