//! Translations with Fluent: French first (the default), English too.
//!
//! The `.ftl` files under `locales/` are compiled into the binary and the browser bundle, so a page renders
//! identically on the server and during hydration. A test checks that both languages define the same keys
//! and that every key the code uses exists.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// A language the interface is offered in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// French, the default.
    #[default]
    Fr,
    /// English.
    En,
}

impl Lang {
    /// Every language, in the order the switcher shows them.
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    /// The BCP 47 code used in `lang` attributes, cookies and the database.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The language's own name, as the switcher shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::En => "English",
        }
    }

    /// Parses a stored or submitted language code (`fr`, `en`, `fr-FR` …).
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// Picks the best offered language from an `Accept-Language` header; French when nothing matches.
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut best: Option<(f32, usize, Lang)> = None;
        for (position, part) in accept_language.split(',').enumerate() {
            let mut pieces = part.split(';');
            let Some(lang) = pieces.next().and_then(Lang::from_code) else {
                continue;
            };
            let quality = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .filter_map(|q| q.trim().parse::<f32>().ok())
                .next()
                .unwrap_or(1.0);
            if quality <= 0.0 {
                continue;
            }
            // Higher quality wins; on equal quality the earlier entry wins.
            let better = match best {
                None => true,
                Some((q, p, _)) => quality > q || (quality == q && position < p),
            };
            if better {
                best = Some((quality, position, lang));
            }
        }
        best.map(|(_, _, lang)| lang).unwrap_or_default()
    }
}

// Read from the database as its code, as `code_enum!` types are: an unknown code is an error, not French.
#[cfg(feature = "ssr")]
impl sqlx::Type<sqlx::Any> for Lang {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <String as sqlx::Type<sqlx::Any>>::type_info()
    }
    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <String as sqlx::Type<sqlx::Any>>::compatible(ty)
    }
}

#[cfg(feature = "ssr")]
impl<'r> sqlx::Decode<'r, sqlx::Any> for Lang {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let code = <String as sqlx::Decode<'r, sqlx::Any>>::decode(value)?;
        Lang::from_code(&code).ok_or_else(|| format!("unknown Lang code {code:?}").into())
    }
}

/// Marks a string literal as a Fluent key, so the i18n test checks that every language defines it.
#[macro_export]
macro_rules! msg_key {
    ($key:literal) => {
        $key
    };
}

/// The `.ftl` files of one language, in the order they are loaded.
macro_rules! ftl_files {
    ($lang:literal) => {
        [
            ("common.ftl", include_str!(concat!("../../locales/", $lang, "/common.ftl"))),
            ("accounts.ftl", include_str!(concat!("../../locales/", $lang, "/accounts.ftl"))),
            ("sensors.ftl", include_str!(concat!("../../locales/", $lang, "/sensors.ftl"))),
            ("ingest.ftl", include_str!(concat!("../../locales/", $lang, "/ingest.ftl"))),
            ("notifications.ftl", include_str!(concat!("../../locales/", $lang, "/notifications.ftl"))),
            ("consultations.ftl", include_str!(concat!("../../locales/", $lang, "/consultations.ftl"))),
            ("moderation.ftl", include_str!(concat!("../../locales/", $lang, "/moderation.ftl"))),
            ("budgets.ftl", include_str!(concat!("../../locales/", $lang, "/budgets.ftl"))),
            ("governance.ftl", include_str!(concat!("../../locales/", $lang, "/governance.ftl"))),
            ("projects.ftl", include_str!(concat!("../../locales/", $lang, "/projects.ftl"))),
            ("dashboard.ftl", include_str!(concat!("../../locales/", $lang, "/dashboard.ftl"))),
            ("kiosk.ftl", include_str!(concat!("../../locales/", $lang, "/kiosk.ftl"))),
            ("eligibility.ftl", include_str!(concat!("../../locales/", $lang, "/eligibility.ftl"))),
        ]
    };
}

/// The language switch every page's header posts to.
pub mod paths {
    /// The language switch (post).
    pub const LANGUAGE: &str = "/langue";
}

/// The names of the `.ftl` files compiled in; a test checks no file in `locales/` is forgotten.
pub const FTL_FILES: [&str; 13] = [
    "common.ftl",
    "accounts.ftl",
    "notifications.ftl",
    "sensors.ftl",
    "ingest.ftl",
    "consultations.ftl",
    "moderation.ftl",
    "budgets.ftl",
    "governance.ftl",
    "projects.ftl",
    "dashboard.ftl",
    "kiosk.ftl",
    "eligibility.ftl",
];

fn build_bundle(lang: Lang, files: [(&str, &str); 13]) -> FluentBundle<FluentResource> {
    let id: unic_langid::LanguageIdentifier = lang.code().parse().expect("valid language id");
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Isolation marks around placeables confuse screen readers and tests; our text is left-to-right only.
    bundle.set_use_isolating(false);
    for (name, source) in files {
        let resource = FluentResource::try_new(source.to_string())
            .unwrap_or_else(|(_, errors)| panic!("{}/{name} does not parse: {errors:?}", lang.code()));
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("{}/{name} redefines keys: {errors:?}", lang.code()));
    }
    bundle
}

static FR: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| build_bundle(Lang::Fr, ftl_files!("fr")));
static EN: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| build_bundle(Lang::En, ftl_files!("en")));

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// Translates `key` with optional arguments. A missing key renders as the key itself (and is logged), so a
/// mistake shows up on the page instead of breaking it; the key test keeps that from reaching users.
pub fn translate(lang: Lang, key: &str, args: Option<&FluentArgs>) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
        tracing::warn!(key, lang = lang.code(), "missing translation");
        return key.to_string();
    };
    let mut errors = vec![];
    let text = bundle.format_pattern(pattern, args, &mut errors);
    if !errors.is_empty() {
        tracing::warn!(key, ?errors, "translation arguments");
    }
    text.into_owned()
}

/// Whether `key` exists in the given language.
pub fn has_key(lang: Lang, key: &str) -> bool {
    bundle(lang).has_message(key)
}

/// The translator handed to components: the request's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct I18n(pub Lang);

impl I18n {
    /// Translates a message without arguments.
    pub fn t(&self, key: &str) -> String {
        translate(self.0, key, None)
    }

    /// Translates a message with named arguments.
    pub fn t_args(&self, key: &str, args: &[(&str, String)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            // Whole numbers go in as numbers so that plural selection (`[one]`, `*[other]`) works.
            match value.parse::<i64>() {
                Ok(number) if !value.starts_with('0') || value == "0" => {
                    fluent_args.set(*name, FluentValue::from(number))
                }
                _ => fluent_args.set(*name, FluentValue::from(value.clone())),
            }
        }
        translate(self.0, key, Some(&fluent_args))
    }

    /// The language itself.
    pub fn lang(&self) -> Lang {
        self.0
    }

    /// The `lang` attribute for what the town wrote itself (names, purposes, consultations, comments, projects):
    /// French, marked as such on a page in another language so that a screen reader reads it with French rules.
    pub fn content_lang(&self) -> Option<&'static str> {
        (self.0 != Lang::Fr).then_some("fr")
    }
}

/// The translator for the current request (server) or page (browser).
pub fn use_i18n() -> I18n {
    I18n(crate::ctx::use_ctx().lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use std::path::{Path, PathBuf};

    fn locales_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../locales")
    }

    fn keys_of(source: &str) -> BTreeSet<String> {
        let resource = FluentResource::try_new(source.to_string()).expect("parses");
        resource
            .entries()
            .filter_map(|entry| match entry {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                _ => None,
            })
            .collect()
    }

    fn all_keys(lang: &str) -> BTreeSet<String> {
        FTL_FILES
            .iter()
            .flat_map(|f| keys_of(&std::fs::read_to_string(locales_dir().join(lang).join(f)).unwrap()))
            .collect()
    }

    #[test]
    fn every_locale_file_is_compiled_in() {
        for lang in Lang::ALL {
            let mut on_disk: Vec<String> = std::fs::read_dir(locales_dir().join(lang.code()))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".ftl"))
                .collect();
            on_disk.sort();
            let mut compiled: Vec<String> = FTL_FILES.iter().map(|s| s.to_string()).collect();
            compiled.sort();
            assert_eq!(on_disk, compiled, "locales/{} and FTL_FILES differ", lang.code());
        }
    }

    #[test]
    fn both_languages_define_the_same_keys() {
        let fr = all_keys("fr");
        let en = all_keys("en");
        let only_fr: Vec<_> = fr.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&fr).collect();
        assert!(only_fr.is_empty(), "keys missing in English: {only_fr:?}");
        assert!(only_en.is_empty(), "keys missing in French: {only_en:?}");
    }

    /// Finds the keys the code passes to the translator or to user errors, in every `.rs` file of the crate.
    fn keys_used_in_code() -> BTreeSet<(String, String)> {
        let patterns = [
            regex::Regex::new(r#"\.t\(\s*"([a-z][a-z0-9-]*)""#).unwrap(),
            regex::Regex::new(r#"\.t_args\(\s*"([a-z][a-z0-9-]*)""#).unwrap(),
            regex::Regex::new(r#"UserError::(?:general|field)\(\s*(?:"[a-z_]+"\s*,\s*)?"([a-z][a-z0-9-]*)""#).unwrap(),
            regex::Regex::new(r#"\bmsg_key!\(\s*"([a-z][a-z0-9-]*)""#).unwrap(),
        ];
        let mut found = BTreeSet::new();
        let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    for re in &patterns {
                        for cap in re.captures_iter(&text) {
                            found.insert((cap[1].to_string(), path.display().to_string()));
                        }
                    }
                }
            }
        }
        found
    }

    #[test]
    fn every_key_used_in_code_exists_in_both_languages() {
        let used = keys_used_in_code();
        assert!(used.len() > 50, "the scanner found too few keys ({}); is it broken?", used.len());
        let missing: Vec<_> = used.iter().filter(|(key, _)| Lang::ALL.iter().any(|l| !has_key(*l, key))).collect();
        assert!(missing.is_empty(), "keys used in code but absent: {missing:?}");
    }

    /// Keys the code builds at run time (vocabulary labels, audit actions, notices): the scanner cannot see
    /// them, so they are listed from the vocabularies themselves.
    #[test]
    fn computed_keys_exist_in_both_languages() {
        use crate::audit::actions::AUDIT_ACTIONS;
        use crate::consultations::{Alignment, Choice, CommentSort, Eligibility, Phase, ProposalStatus};
        use crate::moderation::rules::BLOCK_DURATIONS;
        use crate::moderation::{Decision, ReportReason, TargetKind};
        let mut keys: Vec<String> = vec![];
        keys.extend(Phase::ALL.iter().map(|v| v.label_key()));
        keys.extend(Alignment::ALL.iter().map(|v| v.label_key()));
        keys.extend(Choice::ALL.iter().map(|v| v.label_key()));
        keys.extend(CommentSort::ALL.iter().map(|v| v.label_key()));
        keys.extend(ProposalStatus::ALL.iter().map(|v| v.label_key()));
        keys.extend(ReportReason::ALL.iter().map(|v| v.label_key()));
        keys.extend(TargetKind::ALL.iter().map(|v| v.label_key()));
        keys.extend(Decision::ALL.iter().map(|v| v.label_key()));
        keys.extend(crate::notifications::NotifyMode::ALL.iter().map(|v| v.label_key()));
        keys.extend(crate::budgets::Phase::ALL.iter().map(|v| v.label_key()));
        keys.extend(crate::budgets::BallotKind::ALL.iter().map(|v| v.label_key()));
        keys.extend(crate::participation::Channel::ALL.iter().map(|v| v.label_key()));
        keys.extend(crate::budgets::ProjectStatus::ALL.iter().map(|v| v.label_key()));
        keys.extend(crate::budgets::form::RULES.iter().map(|r| format!("rule-{}", r.replace('/', "-"))));
        keys.extend(
            [
                "funded",
                "funded-shares",
                "funded-shares-some",
                "not-enough-left",
                "below-threshold",
                "stopped",
                "unaffordable",
                "no-support",
            ]
            .iter()
            .map(|r| format!("result-reason-{r}")),
        );
        keys.extend(AUDIT_ACTIONS.iter().map(|a| format!("audit-action-{}", a.replace('_', "-"))));
        keys.extend(BLOCK_DURATIONS.iter().map(|(c, _)| format!("block-duration-{c}")));
        keys.extend(
            [
                "account",
                "consultation",
                "setting",
                "sensor",
                "integration",
                "import",
                "budget",
                "project",
                "kiosk",
                "register",
                "letter",
            ]
            .iter()
            .map(|k| format!("target-kind-{k}")),
        );
        keys.extend(["open", "closed"].iter().map(|k| format!("consultation-move-{k}")));
        keys.extend(crate::governance::Outcome::ALL.iter().map(|v| v.label_key()));
        keys.extend(crate::kiosk::HelpKind::ALL.iter().map(|v| v.label_key()));
        keys.extend(
            ["email", "register", "letter", "desk", "oidc", "paper"].iter().map(|w| format!("eligibility-way-{w}")),
        );
        keys.extend(crate::eligibility::policy::Voters::ALL.iter().map(|v| v.label_key()));
        keys.extend(crate::eligibility::policy::Method::ALL.iter().map(|v| v.label_key()));
        keys.extend(
            ["not_resident", "age_unknown", "too_young"]
                .iter()
                .map(|k| format!("eligibility-refused-{}", k.replace('_', "-"))),
        );
        keys.extend(
            ["confirmed", "residents"]
                .iter()
                .flat_map(|k| [format!("voters-rule-{k}"), format!("voters-rule-{k}-age")]),
        );
        keys.extend(crate::governance::SubjectKind::ALL.iter().map(|v| v.label_key()));
        keys.extend(crate::governance::projects::ProjectStatus::ALL.iter().map(|v| v.label_key()));
        keys.extend(crate::governance::projects::LinkKind::ALL.iter().map(|v| v.label_key()));
        keys.extend(
            ["datastreams", "purges", "rows-deleted", "alarms"].iter().map(|k| format!("dashboard-retention-{k}")),
        );
        keys.extend(crate::budgets::Phase::ALL.iter().skip(1).map(|p| format!("budget-move-{}", p.code())));
        keys.extend(crate::budgets::BallotKind::ALL.iter().map(|k| format!("paper-how-{}", k.code())));
        for e in [
            Eligibility::Eligible,
            Eligibility::SignedOut,
            Eligibility::Unverified,
            Eligibility::Blocked,
            Eligibility::OutsideDistricts,
            Eligibility::NotOpen,
        ] {
            keys.push(e.message_key().to_string());
        }
        // Notices handlers pass to the flash.
        let handlers =
            ["consultations/handlers.rs", "moderation/handlers.rs", "budgets/handlers.rs", "kiosk/handlers.rs"];
        let notice = regex::Regex::new(r#""(notice-[a-z0-9-]+)""#).unwrap();
        for file in handlers {
            let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(file)).unwrap();
            keys.extend(notice.captures_iter(&text).map(|c| c[1].to_string()));
        }
        let missing: Vec<_> = keys.iter().filter(|k| Lang::ALL.iter().any(|l| !has_key(*l, k))).collect();
        assert!(missing.is_empty(), "computed keys absent: {missing:?}");
    }

    /// Every variable a message reads, through its select expressions and their variants.
    fn variables(pattern: &fluent_syntax::ast::Pattern<&str>, out: &mut BTreeSet<String>) {
        use fluent_syntax::ast::{Expression, InlineExpression, PatternElement};
        fn inline(e: &InlineExpression<&str>, out: &mut BTreeSet<String>) {
            if let InlineExpression::VariableReference { id } = e {
                out.insert(id.name.to_string());
            }
        }
        for element in &pattern.elements {
            if let PatternElement::Placeable { expression } = element {
                match expression {
                    Expression::Inline(e) => inline(e, out),
                    Expression::Select { selector, variants } => {
                        inline(selector, out);
                        for v in variants {
                            variables(&v.value, out);
                        }
                    }
                }
            }
        }
    }

    /// Variables that hold a count in the messages (the code passes them whole numbers).
    const COUNTS: [&str; 30] = [
        "count",
        "n",
        "ballots",
        "voters",
        "removed",
        "kept",
        "added",
        "supporters",
        "points",
        "pages",
        "entries",
        "votes",
        "voted",
        "void",
        "verified",
        "updated",
        "unchanged",
        "seconds",
        "received",
        "rejected",
        "projects",
        "metres",
        "measures",
        "failed",
        "days",
        "created",
        "counted",
        "comments",
        "blank",
        "accepted",
    ];

    /// Every message that takes a count, run with 0, 1 and 2 in both languages: it formats without an error and
    /// never hedges a plural with "(s)": Fluent's plural selectors say "1 vote", "2 votes" (and "0 vote" in French).
    #[test]
    fn messages_that_take_a_count_read_right_for_0_1_and_2() {
        let mut checked = 0;
        for lang in Lang::ALL {
            for file in FTL_FILES {
                let source = std::fs::read_to_string(locales_dir().join(lang.code()).join(file)).unwrap();
                let resource = fluent_syntax::parser::parse(source.as_str()).expect("parses");
                for entry in resource.body {
                    let fluent_syntax::ast::Entry::Message(message) = entry else { continue };
                    let Some(pattern) = &message.value else { continue };
                    let mut vars = BTreeSet::new();
                    variables(pattern, &mut vars);
                    if !vars.iter().any(|v| COUNTS.contains(&v.as_str())) {
                        continue;
                    }
                    for n in [0_i64, 1, 2] {
                        let mut args = FluentArgs::new();
                        for v in &vars {
                            if COUNTS.contains(&v.as_str()) {
                                args.set(v.clone(), FluentValue::from(n));
                            } else {
                                args.set(v.clone(), FluentValue::from("X"));
                            }
                        }
                        let bundle = bundle(lang);
                        let found = bundle.get_message(message.id.name).and_then(|m| m.value()).expect("compiled");
                        let mut errors = vec![];
                        let text = bundle.format_pattern(found, Some(&args), &mut errors);
                        assert!(errors.is_empty(), "{}/{file} {} with {n}: {errors:?}", lang.code(), message.id.name);
                        for hedge in ["(s)", "(e)", "(es)", "(x)"] {
                            assert!(
                                !text.contains(hedge),
                                "{}: {} with {n} reads {text:?}",
                                lang.code(),
                                message.id.name
                            );
                        }
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100, "only {checked} runs: is the scan broken?");
        // The selectors themselves, on messages whose plural forms differ.
        let fr = I18n(Lang::Fr);
        assert_eq!(fr.t_args("vote-participation", &[("count", "0".into())]), "0 personne a voté.");
        assert_eq!(fr.t_args("vote-participation", &[("count", "1".into())]), "1 personne a voté.");
        assert_eq!(fr.t_args("vote-participation", &[("count", "2".into())]), "2 personnes ont voté.");
        let en = I18n(Lang::En);
        assert_eq!(en.t_args("vote-participation", &[("count", "0".into())]), "0 people have voted.");
        assert_eq!(en.t_args("vote-participation", &[("count", "1".into())]), "1 person has voted.");
    }

    #[test]
    fn negotiates_accept_language() {
        assert_eq!(Lang::negotiate("en-GB,en;q=0.9,fr;q=0.8"), Lang::En);
        assert_eq!(Lang::negotiate("de-DE,fr;q=0.5,en;q=0.4"), Lang::Fr);
        assert_eq!(Lang::negotiate("de-DE"), Lang::Fr);
        assert_eq!(Lang::negotiate(""), Lang::Fr);
        assert_eq!(Lang::negotiate("fr;q=0.2, en;q=0.7"), Lang::En);
        assert_eq!(Lang::negotiate("en;q=0, fr;q=0.1"), Lang::Fr);
    }

    #[test]
    fn translates_with_arguments_and_falls_back_to_the_key() {
        let fr = I18n(Lang::Fr);
        assert_eq!(fr.t("nav-sensors"), "Capteurs");
        assert_eq!(I18n(Lang::En).t("nav-sensors"), "Sensors");
        assert!(fr.t_args("account-greeting", &[("name", "Zoé".into())]).contains("Zoé"));
        // Built at run time so the key scanner above does not count it as used.
        let unknown = ["no-such", "key"].join("-");
        assert_eq!(fr.t(&unknown), unknown);
    }
}
