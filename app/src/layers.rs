//! The intended order of Clairvoie's features, written once, and the test that holds the code to it.
//!
//! Bottom to top. Below everything is the shared base (`db`, `error`, `format`, `text`, `i18n`, `ctx`, `ui`,
//! `web::forms`, …), which knows no feature. Above it, the cross-cutting services every feature may call, then
//! the features, each using only the base, the services and the layers beneath it — never one beside it or
//! above. Pages (any `pages` module: Leptos components and their server functions) are the top of every stack and
//! may compose any feature's components; the assembly (`lib`, `web`'s router, `shell`'s route table, `demo`) sees
//! everything.
//!
//! The test reads every `crate::…` path of each feature's non-page files (unit tests aside) and fails on a
//! reference that goes up or sideways: a lower feature that needs a higher one's answer declares a port (as
//! `sensors::ports`) or a registry (as `notifications::describe_with`) that the assembly fills (`web::wire`).

/// The layers, bottom to top: each is (modules, what they are).
pub const LAYERS: &[(&[&str], &str)] = &[
    (
        &["audit", "notifications", "participation"],
        "cross-cutting services: the hash-chained log, mail, who votes where",
    ),
    (&["accounts"], "people, roles, sessions and the account states other features set (suspension)"),
    (&["eligibility"], "who may vote: residence verified by the register, a letter, the desk or OpenID Connect"),
    (
        &["oidc"],
        "signing in with OpenID Connect providers: FranceConnect's identity matched to the register, staff SSO",
    ),
    (&["addresses"], "the town's postal addresses (BAN): finding a place from what a resident types"),
    (&["sensors"], "the public registry of sensors"),
    (&["ingest"], "measurements from devices and network servers, retention and its proof"),
    (&["consultations", "budgets"], "residents' say: consultations, participatory budgets"),
    (&["moderation", "kiosk"], "moderating what residents wrote; voting at the town hall's desk and kiosks"),
    (&["governance"], "the council's decisions (and the approval gate sensors ask)"),
    (&["governance::projects"], "following up what was decided"),
    (&["reports"], "the officials' dashboard and the data-use bulletin, which read everything"),
];

/// Modules that assemble the application (router, route table, demo town, fuzzing entry points): they may use
/// every feature, and no feature may use them.
pub const ASSEMBLY: &[&str] = &["web", "shell", "demo", "fuzzing", "layers"];

#[cfg(test)]
mod tests {
    use super::{ASSEMBLY, LAYERS};
    use std::collections::{BTreeMap, BTreeSet};

    /// Where a module path (`governance::projects::service`, `web::forms`) sits: a layer's feature, "base", or
    /// an assembly module.
    fn node(path: &[&str]) -> String {
        let first = path.first().copied().unwrap_or_default();
        let second = path.get(1).copied().unwrap_or_default();
        match (first, second) {
            ("governance", "projects") => "governance::projects".into(),
            ("web", "forms") => "base".into(),
            (f, _) if ASSEMBLY.contains(&f) => f.into(),
            (f, _) if LAYERS.iter().any(|(names, _)| names.contains(&f)) => f.into(),
            _ => "base".into(),
        }
    }

    /// The layer of a node (base: below all; assembly: above all).
    fn rank(node: &str) -> usize {
        if node == "base" {
            return 0;
        }
        match LAYERS.iter().position(|(names, _)| names.contains(&node)) {
            Some(i) => i + 1,
            None => usize::MAX,
        }
    }

    /// Every `crate::…` path in `source`, groups (`crate::a::{b, c::d}`) expanded.
    fn crate_paths(source: &str) -> Vec<String> {
        let mut out = vec![];
        let mut rest = source;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().last();
            rest = &rest[at + "crate::".len()..];
            // `$crate::` and `app_crate::` are other things.
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            let consumed = expand("", rest, &mut out);
            rest = &rest[consumed..];
        }
        out
    }

    /// Reads one path (or group) at the start of `text` under `prefix`; returns how much it read.
    fn expand(prefix: &str, text: &str, out: &mut Vec<String>) -> usize {
        let end = text.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(text.len());
        let path = format!("{prefix}{}", &text[..end]);
        if text[end..].starts_with('{') && path.ends_with("::") || (path.is_empty() && text.starts_with('{')) {
            let mut depth = 0;
            let mut item_start = end + 1;
            let mut i = end;
            for (offset, c) in text[end..].char_indices() {
                i = end + offset;
                match c {
                    '{' => depth += 1,
                    '}' | ',' if depth == 1 => {
                        let item = text[item_start..i].trim_start();
                        if !item.is_empty() {
                            expand(&path, item, out);
                        }
                        item_start = i + 1;
                        if c == '}' {
                            break;
                        }
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            return i + 1;
        }
        out.push(path.trim_end_matches("::").to_string());
        end
    }

    /// The references of `source`, a non-page file of node `from`, that go up or sideways: (to, path).
    fn wrong_way_in(from: &str, source: &str) -> Vec<(String, String)> {
        crate_paths(&crate::sources::code_of(source))
            .into_iter()
            .filter_map(|path| {
                let segments: Vec<&str> = path.split("::").collect();
                let to = node(&segments);
                let allowed = to == from || to == "base" || rank(&to) < rank(from);
                (!allowed).then_some((to, path))
            })
            .collect()
    }

    /// Each reference that goes up or sideways, as (from, to) with the files and paths that make it; and how many
    /// files were read.
    fn wrong_way() -> (BTreeMap<(String, String), BTreeSet<String>>, usize) {
        let src = crate::sources::root();
        let files = crate::sources::rust_files();
        let mut found: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        let mut read = 0;
        for file in files {
            let relative = file.strip_prefix(&src).unwrap().with_extension("");
            let parts: Vec<&str> =
                relative.iter().map(|p| p.to_str().unwrap()).filter(|p| *p != "mod" && *p != "lib").collect();
            if parts.contains(&"pages") {
                continue;
            }
            let from = node(&parts);
            if ASSEMBLY.contains(&from.as_str()) || parts.is_empty() {
                continue;
            }
            read += 1;
            for (to, path) in wrong_way_in(&from, &std::fs::read_to_string(&file).unwrap()) {
                found.entry((from.clone(), to)).or_default().insert(format!("{} → crate::{path}", relative.display()));
            }
        }
        (found, read)
    }

    #[test]
    fn references_up_or_sideways_are_found() {
        let up = "use crate::governance::Outcome;\nfn f() { crate::ingest::queries::holds_values(); }";
        assert_eq!(wrong_way_in("sensors", up).len(), 2, "up");
        assert_eq!(wrong_way_in("budgets", "use crate::consultations::Phase;").len(), 1, "sideways");
        assert_eq!(wrong_way_in("accounts", "use crate::{budgets::Phase, db::now};").len(), 1, "in a group");
        let down = "use crate::budgets::Phase;\nuse crate::notifications::Item;\nuse crate::web::forms::finish;";
        assert!(wrong_way_in("governance", down).is_empty(), "down, to a service, to the base");
        assert!(wrong_way_in("sensors", "#[cfg(test)]\nmod tests {\n    use crate::governance::X;\n}").is_empty());
    }

    #[test]
    fn paths_are_read_with_their_groups() {
        let code = "use crate::a::{b, c::{d, e}};\nlet x = crate::f::g(1);\nuse crate::{h, i::j};\n$crate::k";
        assert_eq!(crate_paths(code), ["a::b", "a::c::d", "a::c::e", "f::g", "h", "i::j"]);
        assert_eq!(node(&["governance", "projects", "service"]), "governance::projects");
        assert_eq!(node(&["governance", "service"]), "governance");
        assert_eq!(node(&["web", "forms", "finish"]), "base");
        assert_eq!(node(&["web", "router"]), "web");
        assert_eq!(node(&["format", "number"]), "base");
        assert!(rank("accounts") < rank("sensors") && rank("reports") < rank("web"));
        let with_tests =
            "use crate::a;\n#[cfg(test)]\nmod tests {\n    use crate::b;\n    fn f() { crate::c(); }\n}\nuse crate::d;";
        assert_eq!(crate_paths(&crate::sources::code_of(with_tests)), ["a", "d"]);
    }

    #[test]
    fn features_use_only_what_is_beneath_them() {
        let (found, read) = wrong_way();
        assert!(read > 100, "only {read} files read: the walk of app/src is broken");
        let problems: Vec<String> = found
            .iter()
            .map(|((from, to), why)| {
                format!("{from} → {to}:\n    {}", why.iter().cloned().collect::<Vec<_>>().join("\n    "))
            })
            .collect();
        assert!(
            problems.is_empty(),
            "features reaching up or sideways (the order is in app/src/layers.rs):\n{}",
            problems.join("\n")
        );
    }
}
