//! An address of the site, declared once. Each feature's `paths` module names its addresses: a fixed one as a
//! `&str`, one with parts as a [`Route`] template in axum's syntax (`/capteurs/{reference}/statut`). The router
//! takes the template as it is and pages and mails fill it in, so a form's `action` and the handler it posts
//! to cannot drift apart. Leptos' route table needs literals in its `path!` macro; the test below reads the
//! sources and checks each of those against the templates, and that no address is written anywhere else.

use std::fmt::{Display, Write};

/// An address template with `N` parts to fill in, checked when the constant is built: a template whose
/// number of `{…}` parts is not `N` does not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route<const N: usize>(&'static str);

/// How many `{…}` parts a template has.
const fn parts(template: &str) -> usize {
    let bytes = template.as_bytes();
    let (mut i, mut n) = (0, 0);
    while i < bytes.len() {
        if bytes[i] == b'{' {
            n += 1;
        }
        i += 1;
    }
    n
}

impl<const N: usize> Route<N> {
    /// A template with `N` parts, starting with `/`.
    pub const fn new(template: &'static str) -> Self {
        assert!(parts(template) == N, "a route template's parts do not match its declared count");
        assert!(!template.is_empty() && template.as_bytes()[0] == b'/', "a route template starts with /");
        Route(template)
    }

    /// Whether `path` (without query) is an address of this template: the same fixed segments, and one
    /// non-empty segment for each part.
    pub fn matches(self, path: &str) -> bool {
        let mut given = path.split('/');
        let fits = self.0.split('/').all(|segment| match given.next() {
            Some(value) if segment.starts_with('{') => !value.is_empty(),
            Some(value) => value == segment,
            None => false,
        });
        fits && given.next().is_none()
    }

    /// The template, for the router.
    pub const fn template(self) -> &'static str {
        self.0
    }

    /// The address with its parts filled in order, each percent-encoded as one path segment (a `/` in a
    /// value cannot reach another route).
    pub fn to(self, values: [&dyn Display; N]) -> String {
        let mut out = String::with_capacity(self.0.len() + 16 * N);
        let mut values = values.iter();
        let mut rest = self.0;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c + 1);
            if let Some(value) = values.next() {
                let mut text = String::new();
                let _ = write!(text, "{value}");
                let segment = crate::text::percent_encode(&text).replace('/', "%2F");
                // Browsers resolve a `.` or `..` segment (and their `%2E` spellings) before following a link; such
                // a value names nothing, so it is written as its own percent-encoding, escaped once more.
                if segment == "." || segment == ".." {
                    out.push_str(&segment.replace('.', "%252E"));
                } else {
                    out.push_str(&segment);
                }
            }
            rest = &rest[close..];
        }
        out.push_str(rest);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    const STATUS: Route<1> = Route::new("/capteurs/{reference}/statut");
    const PHOTO: Route<2> = Route::new("/budgets/projets/{id}/photos/{n}");

    #[test]
    fn templates_are_filled_in_order_one_segment_each() {
        assert_eq!(STATUS.template(), "/capteurs/{reference}/statut");
        assert_eq!(STATUS.to([&"LUM-001"]), "/capteurs/LUM-001/statut");
        assert_eq!(PHOTO.to([&12, &3]), "/budgets/projets/12/photos/3");
        assert_eq!(STATUS.to([&"../admin?x=1#y"]), "/capteurs/..%2Fadmin%3Fx%3D1%23y/statut");
        assert_eq!(STATUS.to([&"café"]), "/capteurs/caf%C3%A9/statut");
        assert_eq!(STATUS.to([&".."]), "/capteurs/%252E%252E/statut");
        assert_eq!(STATUS.to([&"."]), "/capteurs/%252E/statut");
        assert_eq!(STATUS.to([&"..."]), "/capteurs/.../statut");
        assert!(STATUS.matches("/capteurs/LUM-001/statut"));
        for other in ["/capteurs//statut", "/capteurs/a/b/statut", "/capteurs/a/statut/", "/capteurs/a", "/x/a/statut"]
        {
            assert!(!STATUS.matches(other), "{other}");
        }
        assert!(PHOTO.matches("/budgets/projets/1/photos/2"));
    }

    /// Addresses that are written out although they are not routes of a feature, each with why.
    const NOT_ROUTES: &[(&str, &str)] = &[
        ("/h", "a unit of measure (per hour) in the demo sensors"),
        ("/observations", "the end of an MQTT topic, not an address"),
        ("/api/", "the kiosk's rule lets the browser bundle's server functions through: all of them, by prefix"),
        ("/api/v1/", "the kiosk's rule keeps the open-data API out of that prefix"),
        ("/sta/v1.1/Things", "SensorThings entity sets, documented in OpenAPI, routed by {entity}"),
        ("/sta/v1.1/Things({id})", "idem"),
        ("/sta/v1.1/Things({id})/Datastreams", "idem"),
        ("/sta/v1.1/Datastreams", "idem"),
        ("/sta/v1.1/Datastreams({id})", "idem"),
        ("/sta/v1.1/Datastreams({id})/Observations", "idem"),
    ];

    /// The string literals of `code`, plain (escapes kept as written) and raw; char literals and lifetimes
    /// are stepped over.
    fn literals(code: &str) -> Vec<String> {
        let chars: Vec<char> = code.chars().collect();
        let mut out = vec![];
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            let word_before = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
            if c == '\'' {
                // '"' and '\'' are characters; 'a without a closing quote two further on is a lifetime.
                if chars.get(i + 1) == Some(&'\\') {
                    i += 3;
                    while i < chars.len() && chars[i] != '\'' {
                        i += 1;
                    }
                } else if chars.get(i + 2) == Some(&'\'') {
                    i += 2;
                }
                i += 1;
            } else if c == 'r' && !word_before && matches!(chars.get(i + 1), Some('"' | '#')) {
                let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
                if chars.get(i + 1 + hashes) != Some(&'"') {
                    i += 1;
                    continue;
                }
                let start = i + 2 + hashes;
                let mut end = start;
                while end < chars.len()
                    && !(chars[end] == '"'
                        && chars[end + 1..].iter().take(hashes).filter(|c| **c == '#').count() == hashes)
                {
                    end += 1;
                }
                out.push(chars[start..end.min(chars.len())].iter().collect());
                i = end + 1 + hashes;
            } else if c == '"' {
                let mut literal = String::new();
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        literal.push('\\');
                        i += 1;
                    }
                    if let Some(c) = chars.get(i) {
                        literal.push(*c);
                    }
                    i += 1;
                }
                out.push(literal);
                i += 1;
            } else {
                i += 1;
            }
        }
        out
    }

    /// Whether a literal is an address of the site written out (or built by appending to one).
    fn looks_like_an_address(literal: &str) -> bool {
        let bytes = literal.as_bytes();
        let starts = bytes.first() == Some(&b'/') && bytes.get(1).is_some_and(|b| b.is_ascii_lowercase());
        let appends = literal.find("}/").is_some_and(|at| {
            literal.as_bytes().get(at + 2).is_some_and(|b| b.is_ascii_lowercase()) && literal.starts_with('{')
        });
        (starts || appends) && !literal.ends_with(".ftl")
    }

    /// Leptos' `path!("/a/:b")` in axum's syntax, `/a/{b}`.
    fn as_template(leptos: &str) -> String {
        leptos
            .split('/')
            .map(|s| s.strip_prefix(':').map_or(s.to_string(), |p| format!("{{{p}}}")))
            .collect::<Vec<_>>()
            .join("/")
    }

    #[test]
    fn every_address_is_declared_once_in_a_paths_module_and_the_route_table_uses_those() {
        let src = crate::sources::root();
        let files = crate::sources::rust_files();
        let mut declared: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut written_out: BTreeSet<String> = BTreeSet::new();
        let mut table = vec![];
        let mut reserved: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for file in &files {
            let name = file.strip_prefix(&src).unwrap().display().to_string();
            let mut code = crate::sources::code_of(&std::fs::read_to_string(file).unwrap());
            while let (rest, Some(block)) = crate::sources::cut_block(&code, "pub mod paths {") {
                for literal in literals(&block).into_iter().filter(|l| l.starts_with('/')) {
                    declared.entry(literal).or_default().insert(name.clone());
                }
                if let Some((_, list)) = block.split_once("pub const RESERVED: &[&str] = &[") {
                    let list = list.split("];").next().unwrap_or_default();
                    reserved.entry(name.clone()).or_default().extend(literals(list));
                }
                code = rest;
            }
            for literal in literals(&code) {
                let in_table = name == "shell.rs" && code.contains(&format!("path!(\"{literal}\")"));
                if in_table {
                    table.push(literal);
                } else if looks_like_an_address(&literal) && !NOT_ROUTES.iter().any(|(l, _)| *l == literal) {
                    written_out.insert(format!("{name}: \"{literal}\""));
                }
            }
        }
        assert!(declared.len() > 100, "only {} addresses found in paths modules", declared.len());
        assert!(table.len() > 50, "only {} routes found in the route table", table.len());
        let twice: Vec<_> = declared.iter().filter(|(_, files)| files.len() > 1).collect();
        assert!(twice.is_empty(), "addresses declared in more than one paths module: {twice:?}");
        let undeclared: Vec<_> =
            table.iter().filter(|l| **l != "/" && !declared.contains_key(&as_template(l))).collect();
        assert!(
            undeclared.is_empty(),
            "routes of the page table without a declaration in a paths module: {undeclared:?}"
        );
        // Where a slug sits beside fixed words (`/budgets/{slug}` and `/budgets/nouveau`), the fixed words are
        // reserved, or a title could take one and its page hide behind the other.
        for (template, files) in &declared {
            let Some(parent) = template.strip_suffix("/{slug}") else { continue };
            let words: BTreeSet<String> = declared
                .keys()
                .filter_map(|other| other.strip_prefix(parent)?.strip_prefix('/'))
                .map(|rest| rest.split('/').next().unwrap_or_default().to_string())
                .filter(|word| !word.starts_with('{'))
                .collect();
            let kept = files.iter().flat_map(|f| reserved.get(f).cloned().unwrap_or_default()).collect::<BTreeSet<_>>();
            let missing: Vec<_> = words.difference(&kept).collect();
            assert!(missing.is_empty(), "{template}: {missing:?} not in its paths module's RESERVED");
        }
        assert!(reserved.len() >= 2, "the RESERVED lists were not read: {reserved:?}");
        assert!(
            written_out.is_empty(),
            "addresses written outside a paths module:\n{}",
            written_out.iter().cloned().collect::<Vec<_>>().join("\n")
        );
    }

    #[test]
    fn addresses_outside_paths_modules_are_found() {
        assert!(looks_like_an_address("/capteurs"));
        assert!(looks_like_an_address("{page}/statut"));
        assert!(looks_like_an_address("/consultations/{slug}"));
        assert!(!looks_like_an_address("/"));
        assert!(!looks_like_an_address("{a}/{b}"));
        assert!(!looks_like_an_address("/common.ftl"));
        assert!(!looks_like_an_address("a/b"));
        let (rest, block) =
            crate::sources::cut_block("a\npub mod paths {\n const X: &str = \"/x\";\n}\nb", "pub mod paths {");
        assert_eq!(rest, "a\n\nb");
        assert_eq!(literals(&block.unwrap()), vec!["/x".to_string()]);
        assert_eq!(
            literals(r##"f("a\"b", '"', '\'', r"c", r#"d"e"#, x: &'a str, "{p}/s")"##),
            vec![r#"a\"b"#, "c", r#"d"e"#, "{p}/s"]
        );
        assert_eq!(as_template("/budgets/:slug/vote"), "/budgets/{slug}/vote");
        assert_eq!(crate::sources::code_of("let x = \"https://a\"; // \"/capteurs\""), "let x = \"https://a\"; ");
    }
}
