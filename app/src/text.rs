//! Characters that have no place in what people type: control characters (a NUL that PostgreSQL refuses, an
//! escape sequence for a terminal reading the logs), bidirectional overrides that make a text read backwards,
//! and the invisible characters that let two different names look the same.

/// Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): they reorder what follows
/// them, so "txt.exe" can display as "exe.txt" and a name as another.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// A character that removes nothing from the text if dropped from a form field: control characters other than
/// tab and line breaks, and bidirectional controls.
pub fn is_unwanted(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || is_bidi_control(c)
}

/// A character that shows nothing: controls, bidirectional controls, zero-width and joiner characters, the soft
/// hyphen, variation selectors, fillers and tags. Allowed in a comment (an emoji sequence needs a joiner),
/// never in a name, where it only serves to make two names look alike.
pub fn is_invisible(c: char) -> bool {
    c.is_control()
        || is_bidi_control(c)
        || matches!(
            c,
            '\u{AD}'
                | '\u{34F}'
                | '\u{61C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202F}'
                | '\u{205F}'..='\u{206F}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{E0000}'..='\u{E0FFF}'
        )
}

/// A form value without its unwanted characters ([`is_unwanted`]).
pub fn clean_field(value: &str) -> String {
    value.chars().filter(|c| !is_unwanted(*c)).collect()
}

/// A reason staff give publicly for a decision (moderating, declining a proposal): 3 to 500 characters.
pub fn valid_reason(reason: &str) -> bool {
    (3..=500).contains(&reason.trim().chars().count())
}

/// Text folded for comparing and for addresses: compatibility-decomposed (NFKD) with accents and invisible
/// characters dropped, lower case, and the letters that do not decompose spelled as French and European
/// documents write them (æ → ae, œ → oe, ß → ss, ø → o, ł → l, đ → d). Punctuation and spaces stay.
#[cfg(feature = "ssr")]
pub fn fold(text: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(text.len());
    for c in text.nfkd() {
        if is_combining_mark(c) || (is_invisible(c) && !c.is_whitespace()) {
            continue;
        }
        for lower in c.to_lowercase().filter(|l| !is_combining_mark(*l)) {
            match spelled(lower) {
                Some(letters) => out.push_str(letters),
                None => out.push(lower),
            }
        }
    }
    out
}

/// The lower-case letters other than accented ones that French civil status and European documents write, each
/// spelled as [`fold`] folds it.
pub fn spelled(c: char) -> Option<&'static str> {
    Some(match c {
        'æ' => "ae",
        'œ' => "oe",
        'ß' => "ss",
        'ø' => "o",
        'ł' => "l",
        'đ' => "d",
        _ => return None,
    })
}

/// An address part from a title: lower-case ASCII letters and digits joined by hyphens, at most 60 characters;
/// `fallback` when the title has none.
#[cfg(feature = "ssr")]
pub fn slugify(title: &str, fallback: &str) -> String {
    let mut out = String::new();
    for c in fold(title).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(60).collect();
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        fallback.to_string()
    } else {
        out
    }
}

/// The first of `base`, `base-2`, `base-3` … that is neither `reserved` nor `taken` (an address part not yet
/// used).
#[cfg(feature = "ssr")]
pub async fn first_free<E, F, Fut>(base: String, reserved: &[&str], mut taken: F) -> Result<String, E>
where
    F: FnMut(String) -> Fut,
    Fut: std::future::Future<Output = Result<bool, E>>,
{
    let mut slug = base.clone();
    let mut n = 2u32;
    while reserved.contains(&slug.as_str()) || taken(slug.clone()).await? {
        slug = format!("{base}-{n}");
        n = n.saturating_add(1);
    }
    Ok(slug)
}

/// Percent-encodes a query value (RFC 3986): everything but unreserved characters and `/`, which a path passed
/// as a value keeps readable.
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Decodes a query value of a form or a link (`+` is a space; a malformed escape is kept as it is).
pub fn percent_decode(value: &str) -> String {
    let bytes = value.replace('+', " ").into_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_lose_controls_but_keep_text() {
        assert_eq!(clean_field("Bon\u{0}jour\u{1b}[31m"), "Bonjour[31m");
        assert_eq!(clean_field("a\u{202E}gnp.exe"), "agnp.exe");
        assert_eq!(clean_field("ligne 1\r\nligne 2\tfin"), "ligne 1\r\nligne 2\tfin");
        assert_eq!(clean_field("👨\u{200D}👩\u{200D}👧 Élise œuvre"), "👨\u{200D}👩\u{200D}👧 Élise œuvre");
        assert_eq!(clean_field("\u{85}\u{9F}x\u{7F}"), "x");
    }

    #[test]
    fn invisible_characters_are_named() {
        for c in ['\u{200B}', '\u{AD}', '\u{202E}', '\u{2066}', '\u{FEFF}', '\u{0}', '\u{E0041}', '\u{3164}'] {
            assert!(is_invisible(c), "{:X}", c as u32);
        }
        for c in ['a', 'É', ' ', '-', '\'', 'ß', 'ł'] {
            assert!(!is_invisible(c), "{c}");
        }
    }

    #[test]
    fn reasons_are_short_and_present() {
        assert!(valid_reason("Propos injurieux"));
        assert!(!valid_reason("  "));
        assert!(!valid_reason(&"x".repeat(501)));
    }

    #[test]
    fn text_folds_accents_ligatures_and_case() {
        assert_eq!(fold("Élise ŒUVRE Ďurand ß Łódź Ørsted æ"), "elise oeuvre durand ss lodz orsted ae");
        assert_eq!(fold("Ｆｕｌｌ ﬁ İ ñ"), "full fi i n");
        assert_eq!(fold("a\u{200B}b c"), "ab c");
    }

    #[test]
    fn titles_become_addresses() {
        assert_eq!(slugify("Capteurs de bruit, place du Marché !", "x"), "capteurs-de-bruit-place-du-marche");
        assert_eq!(slugify("Œuvre ça", "x"), "oeuvre-ca");
        assert_eq!(slugify("Señor Łukasz", "x"), "senor-lukasz");
        assert_eq!(slugify("!!!", "consultation"), "consultation");
        assert_eq!(slugify(&"mot ".repeat(40), "x").len(), 59);
    }

    #[test]
    fn free_addresses_skip_reserved_and_taken_ones() {
        let taken = ["budget", "budget-2"];
        let check = |s: String| std::future::ready(Ok::<_, ()>(taken.contains(&s.as_str())));
        let free = |base: &str, reserved: &[&str]| {
            let fut = first_free(base.to_string(), reserved, check);
            // Every future here is ready at once: polled a single time.
            let waker = std::task::Waker::noop();
            let mut cx = std::task::Context::from_waker(waker);
            match std::pin::pin!(fut).poll(&mut cx) {
                std::task::Poll::Ready(r) => r.unwrap(),
                std::task::Poll::Pending => unreachable!(),
            }
        };
        use std::future::Future;
        assert_eq!(free("budget", &[]), "budget-3");
        assert_eq!(free("nouveau", &["nouveau"]), "nouveau-2");
        assert_eq!(free("parc", &[]), "parc");
    }

    #[test]
    fn query_values_are_percent_encoded_and_decoded() {
        assert_eq!(percent_encode("rue de la Gare"), "rue%20de%20la%20Gare");
        assert_eq!(percent_encode("/budgets/nouveau?x=1&y#z"), "/budgets/nouveau%3Fx%3D1%26y%23z");
        assert_eq!(percent_encode("é%"), "%C3%A9%25");
        for text in ["rue de la Gare", "/a?b=c&d#e", "é%+~", "%", "%4", "%zz"] {
            assert_eq!(percent_decode(&percent_encode(text)), text);
        }
        assert_eq!(percent_decode("a+b%20c%zz%4"), "a b c%zz%4");
    }
}
