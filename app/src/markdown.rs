//! The Markdown subset residents and staff write in (comments, consultation texts), rendered to safe HTML.
//!
//! Nothing of the source reaches the page as markup: every character is escaped, and only the constructs
//! below produce tags. Raw HTML is shown as text. Links only go to `http(s)://`, `mailto:` or a local path,
//! and carry the `rel` the caller gives (`nofollow ugc` for what residents write).
//!
//! Blocks: paragraphs (blank line between), lists (`- `, `* `, `1. `), quotes (`> `), and, when allowed,
//! headings (`## ` → `<h3>`, `### ` → `<h4>`: the page's own headings stay above). Inline: `**strong**`,
//! `*emphasis*` or `_emphasis_`, `` `code` ``, `[text](url)`, bare `https://…` addresses; a single line break
//! stays a line break.

/// What a piece of text may contain.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Whether `##` / `###` headings are rendered (staff texts) or shown as text (comments).
    pub headings: bool,
    /// The `rel` of every link.
    pub rel: &'static str,
}

/// Comments, proposals, anything residents write.
pub const RESIDENT: Options = Options { headings: false, rel: "nofollow ugc" };
/// Texts staff publish.
pub const STAFF: Options = Options { headings: true, rel: "noopener" };

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The kind of a block being gathered.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    Paragraph,
    Bullets,
    Numbers,
    Quote,
}

/// Renders `source` to HTML.
pub fn render(source: &str, options: Options) -> String {
    let mut out = String::new();
    let mut current: Option<(Block, Vec<String>)> = None;
    let flush = |out: &mut String, block: Option<(Block, Vec<String>)>| {
        let Some((kind, lines)) = block else { return };
        match kind {
            Block::Paragraph => {
                let inner: Vec<String> = lines.iter().map(|l| inline(l, options)).collect();
                out.push_str(&format!("<p>{}</p>", inner.join("<br>")));
            }
            Block::Quote => {
                let inner: Vec<String> = lines.iter().map(|l| inline(l, options)).collect();
                out.push_str(&format!("<blockquote><p>{}</p></blockquote>", inner.join("<br>")));
            }
            Block::Bullets | Block::Numbers => {
                let tag = if kind == Block::Bullets { "ul" } else { "ol" };
                out.push_str(&format!("<{tag}>"));
                for item in &lines {
                    out.push_str(&format!("<li>{}</li>", inline(item, options)));
                }
                out.push_str(&format!("</{tag}>"));
            }
        }
    };
    for raw in source.replace("\r\n", "\n").replace('\r', "\n").lines() {
        let line = raw.trim_end();
        let trimmed = line.trim_start();
        if trimmed.is_empty() {
            flush(&mut out, current.take());
            continue;
        }
        if options.headings {
            let heading = trimmed
                .strip_prefix("### ")
                .map(|t| ("h4", t))
                .or_else(|| trimmed.strip_prefix("## ").map(|t| ("h3", t)));
            if let Some((tag, text)) = heading {
                flush(&mut out, current.take());
                out.push_str(&format!("<{tag}>{}</{tag}>", inline(text.trim(), options)));
                continue;
            }
        }
        let (kind, text) = if let Some(t) = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* ")) {
            (Block::Bullets, t)
        } else if let Some(t) = numbered(trimmed) {
            (Block::Numbers, t)
        } else if let Some(t) = trimmed.strip_prefix("> ").or_else(|| (trimmed == ">").then_some("")) {
            (Block::Quote, t)
        } else {
            (Block::Paragraph, trimmed)
        };
        match &mut current {
            Some((k, lines)) if *k == kind => lines.push(text.to_string()),
            // A paragraph line right after a list item continues that item.
            Some((Block::Bullets | Block::Numbers, lines)) if kind == Block::Paragraph && raw.starts_with(' ') => {
                if let Some(last) = lines.last_mut() {
                    last.push(' ');
                    last.push_str(text);
                }
            }
            _ => {
                flush(&mut out, current.take());
                current = Some((kind, vec![text.to_string()]));
            }
        }
    }
    flush(&mut out, current.take());
    out
}

/// `12. text` → `text`.
fn numbered(line: &str) -> Option<&str> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    line[digits..].strip_prefix(". ")
}

/// A link target that is safe to follow, or `None`.
fn safe_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    let allowed = lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || crate::links::is_local_path(url);
    (allowed && !url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>'))
        .then_some(url)
}

fn link(href: &str, text_html: &str, options: Options) -> String {
    format!("<a href=\"{}\" rel=\"{}\">{}</a>", escape(href), options.rel, text_html)
}

/// Renders the inline constructs of one line.
fn inline(text: &str, options: Options) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut finder = Finder::default();
    let mut find = |chars: &[char], from: usize, needle: &'static str| finder.find(chars, from, needle);
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let rest: String = chars[i..].iter().take(8).collect();
        // `code`
        if c == '`' {
            if let Some(end) = find(&chars, i + 1, "`") {
                out.push_str(&format!("<code>{}</code>", escape(&collect(&chars, i + 1, end))));
                i = end + 1;
                continue;
            }
        }
        // **strong**
        if rest.starts_with("**") {
            if let Some(end) = find(&chars, i + 2, "**").filter(|e| *e > i + 2) {
                out.push_str(&format!("<strong>{}</strong>", inline(&collect(&chars, i + 2, end), options)));
                i = end + 2;
                continue;
            }
        }
        // *emphasis* / _emphasis_ (not inside a word for `_`, so snake_case stays as it is)
        if (c == '*' || (c == '_' && (i == 0 || !chars[i - 1].is_alphanumeric())))
            && chars.get(i + 1).is_some_and(|n| !n.is_whitespace())
        {
            let marker = if c == '*' { "*" } else { "_" };
            if let Some(end) = find(&chars, i + 1, marker).filter(|e| *e > i + 1 && !chars[e - 1].is_whitespace()) {
                out.push_str(&format!("<em>{}</em>", inline(&collect(&chars, i + 1, end), options)));
                i = end + 1;
                continue;
            }
        }
        // [text](url)
        if c == '[' {
            if let Some(close) = find(&chars, i + 1, "](") {
                if let Some(end) = find(&chars, close + 2, ")") {
                    let label = collect(&chars, i + 1, close);
                    let url = collect(&chars, close + 2, end);
                    if let Some(href) = safe_url(&url) {
                        out.push_str(&link(href, &inline(&label, options), options));
                        i = end + 1;
                        continue;
                    }
                }
            }
        }
        // A bare address, up to white space (a closing punctuation mark stays outside the link).
        if (rest.starts_with("https://") || rest.starts_with("http://")) && (i == 0 || !chars[i - 1].is_alphanumeric())
        {
            let mut end = i;
            while end < chars.len() && !chars[end].is_whitespace() && !matches!(chars[end], '<' | '>' | '"') {
                end += 1;
            }
            while end > i && matches!(chars[end - 1], '.' | ',' | ';' | ':' | '!' | '?' | ')') {
                end -= 1;
            }
            let url = collect(&chars, i, end);
            if let Some(href) = safe_url(&url) {
                out.push_str(&link(href, &escape(&url), options));
                i = end;
                continue;
            }
        }
        out.push_str(&escape(&c.to_string()));
        i += 1;
    }
    out
}

fn collect(chars: &[char], from: usize, to: usize) -> String {
    chars[from..to].iter().collect()
}

#[cfg(test)]
thread_local! {
    /// Positions the finder scanned (tests check the work stays linear).
    static SCANNED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Finds where a closing mark next starts, remembering each mark's last answer: the parser asks from positions
/// that only move forward, so a line is scanned about once per mark instead of once per opening mark (a line of
/// 5,000 `[` took quadratic time).
#[derive(Default)]
struct Finder {
    /// Per mark: the position asked from last, and the answer.
    last: Vec<(&'static str, usize, Option<usize>)>,
}

impl Finder {
    /// The index where `needle` next starts at or after `from`.
    fn find(&mut self, chars: &[char], from: usize, needle: &'static str) -> Option<usize> {
        let slot = match self.last.iter().position(|(n, ..)| *n == needle) {
            Some(k) => k,
            None => {
                self.last.push((needle, usize::MAX, None));
                self.last.len() - 1
            }
        };
        let (_, asked, answer) = self.last[slot];
        // An earlier answer holds for any later start up to it (and "none" holds for any later start).
        if asked <= from && answer.is_none_or(|a| a >= from) {
            return answer;
        }
        let pattern: Vec<char> = needle.chars().collect();
        let found = (from..chars.len()).find(|&j| chars[j..].starts_with(&pattern));
        #[cfg(test)]
        SCANNED.with(|n| n.set(n.get() + found.unwrap_or(chars.len()).saturating_sub(from)));
        self.last[slot] = (needle, from, found);
        found
    }
}

/// The plain text of `source` without Markdown marks, cut to about `max` characters (summaries).
pub fn excerpt(source: &str, max: usize) -> String {
    let plain: String = source.chars().filter(|c| !matches!(c, '*' | '_' | '`' | '#' | '>')).collect();
    let words = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.chars().count() <= max {
        return words;
    }
    let cut: String = words.chars().take(max).collect();
    // Cut on a word: unless the cut falls right before a space, the last partial word goes.
    let on_boundary = words.chars().nth(max) == Some(' ');
    let cut = if on_boundary { cut } else { cut.rsplit_once(' ').map(|(a, _)| a.to_string()).unwrap_or(cut) };
    format!("{cut} …")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_text() {
        let html = render("<script>alert(1)</script> <img src=x onerror=alert(1)>", RESIDENT);
        assert_eq!(html, "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>");
    }

    #[test]
    fn inline_marks_and_links() {
        let html = render("**Oui** mais *pas* `ici` : [la charte](https://ville.example/charte).", RESIDENT);
        assert_eq!(
            html,
            "<p><strong>Oui</strong> mais <em>pas</em> <code>ici</code> : \
             <a href=\"https://ville.example/charte\" rel=\"nofollow ugc\">la charte</a>.</p>"
        );
        let html = render("Voir https://ville.example/a?b=1&c=2.", RESIDENT);
        assert_eq!(
            html,
            "<p>Voir <a href=\"https://ville.example/a?b=1&amp;c=2\" rel=\"nofollow ugc\">\
             https://ville.example/a?b=1&amp;c=2</a>.</p>"
        );
    }

    #[test]
    fn dangerous_links_stay_text() {
        let html = render("[clic](javascript:alert(1)) [x](//evil.example) [y](data:text/html,hi)", RESIDENT);
        assert!(!html.contains("<a "), "{html}");
        // A browser reads `\` as `/`: `/\evil.example` is another site (the review's open redirect).
        let html = render("[x](/\\evil.example) [z](/\\/evil.example)", RESIDENT);
        assert!(!html.contains("<a "), "{html}");
        assert!(render("[la carte](/capteurs)", RESIDENT).contains("<a href=\"/capteurs\""));
        let html = render("[a](https://x.example/\"onmouseover=\"alert(1))", RESIDENT);
        assert!(!html.contains("onmouseover=\""), "{html}");
    }

    #[test]
    fn blocks() {
        let html = render("Intro\nsuite\n\n- un\n- deux\n\n1. premier\n2. second\n\n> cité", RESIDENT);
        assert_eq!(
            html,
            "<p>Intro<br>suite</p><ul><li>un</li><li>deux</li></ul><ol><li>premier</li><li>second</li></ol>\
             <blockquote><p>cité</p></blockquote>"
        );
    }

    #[test]
    fn headings_only_for_staff() {
        assert_eq!(render("## Pourquoi", STAFF), "<h3>Pourquoi</h3>");
        assert_eq!(render("## Pourquoi", RESIDENT), "<p>## Pourquoi</p>");
        assert!(render("[doc](/capteurs)", STAFF).contains("rel=\"noopener\""));
    }

    #[test]
    fn unclosed_marks_and_snake_case_stay_as_written() {
        assert_eq!(render("2 * 3 = 6 et **gras", RESIDENT), "<p>2 * 3 = 6 et **gras</p>");
        assert_eq!(render("noise_level_db", RESIDENT), "<p>noise_level_db</p>");
    }

    #[test]
    fn excerpts_cut_on_a_word() {
        assert_eq!(excerpt("**Bonjour** à tous les habitants", 14), "Bonjour à tous …");
        assert_eq!(excerpt("court", 14), "court");
    }

    /// The review's finding: a line of 5,000 `[` made the renderer quadratic (each `[` scanned the rest of the
    /// line for `](`). The work now grows with the line, not with its square.
    #[test]
    fn rendering_stays_linear_on_unclosed_marks() {
        for mark in ["[", "*", "`", "**", "_ ", "[a](", "[x]("] {
            let scanned = |n: usize| {
                SCANNED.with(|c| c.set(0));
                let html = render(&mark.repeat(n), RESIDENT);
                assert!(html.starts_with("<p>"), "{html}");
                SCANNED.with(|c| c.get())
            };
            let (small, large) = (scanned(1_000), scanned(5_000));
            assert!(large <= 6 * small.max(1_000), "{mark:?}: {small} positions for 1,000, {large} for 5,000");
        }
    }
}
