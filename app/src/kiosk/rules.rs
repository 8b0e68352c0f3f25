//! Kiosks' pure rules: the short codes read aloud at the desk and typed on a touch screen, the kiosk form, the
//! idle time, and how a resident known at the desk is looked up again.

use crate::error::{FieldError, UserError};

/// Letters and digits that cannot be mistaken for one another when read aloud or on paper (no 0/O, 1/I/L, U/V).
pub const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTWXYZ23456789";
/// Characters in a code: 29^8 ≈ 5·10^11 possibilities, typed on a kiosk that is itself authenticated.
pub const CODE_LEN: usize = 8;
/// A desk code is valid for 30 minutes.
pub const CODE_LIFETIME: i64 = 30 * 60;
/// A pairing code is valid for one hour.
pub const PAIRING_LIFETIME: i64 = 60 * 60;
/// Idle time before a kiosk returns to its home, unless the town sets another.
pub const DEFAULT_IDLE: i64 = 90;
/// The idle times an admin may choose: long enough to read a page, short enough for a queue at the desk.
pub const IDLE_RANGE: std::ops::RangeInclusive<i64> = 45..=600;
/// Seconds of warning (with the button to extend) before the kiosk resets: WCAG 2.2.1 asks at least 20.
pub const WARNING: i64 = 30;
// WCAG 2.2.1: at least 20 seconds to extend, and the warning fits in the shortest idle time.
const _: () = assert!(WARNING >= 20 && *IDLE_RANGE.start() > WARNING);

/// Extra time the server allows beyond the kiosk's idle time before it ends a visit on its own (the page's
/// countdown normally ends it first; this catches a kiosk whose script stopped).
pub const SERVER_GRACE: i64 = 30;

/// A new random code (the caller supplies the random bytes, so this stays pure and testable).
pub fn code_from(random: [u8; CODE_LEN]) -> String {
    random.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect()
}

/// A code as printed and shown: `ABCD-EFGH`.
pub fn display(code: &str) -> String {
    if code.len() == CODE_LEN {
        format!("{}-{}", &code[..4], &code[4..])
    } else {
        code.to_string()
    }
}

/// What a person typed, as stored: capitals, without spaces or dashes; `None` when it cannot be a code.
pub fn normalize(typed: &str) -> Option<String> {
    let code: String =
        typed.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '\u{a0}')).map(|c| c.to_ascii_uppercase()).collect();
    (code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// The SHA-256 of a code or credential, hex: what the database keeps.
#[cfg(feature = "ssr")]
pub fn hash(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// The kiosk form, as submitted.
#[derive(Clone, Debug, Default)]
pub struct KioskForm {
    /// "Borne du hall".
    pub name: String,
    /// "Mairie annexe — hall".
    pub place: String,
    /// Decimal degrees, optional (sensors near the kiosk).
    pub latitude: String,
    /// Decimal degrees, optional.
    pub longitude: String,
    /// Seconds; empty for the default.
    pub idle_seconds: String,
}

/// A checked kiosk form.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidKiosk {
    /// Name.
    pub name: String,
    /// Place.
    pub place: String,
    /// Position, when both coordinates are given.
    pub position: Option<(f64, f64)>,
    /// Idle seconds.
    pub idle_seconds: i64,
}

/// Checks the kiosk form; every refused field at once.
pub fn validate_kiosk(form: &KioskForm) -> Result<ValidKiosk, Vec<FieldError>> {
    let mut errors = vec![];
    let name = form.name.trim().to_string();
    let place = form.place.trim().to_string();
    if name.is_empty() || name.chars().count() > 80 {
        errors.push(UserError::field("name", "error-kiosk-name"));
    }
    if place.is_empty() || place.chars().count() > 120 {
        errors.push(UserError::field("place", "error-kiosk-place"));
    }
    let number = |t: &str| t.trim().replace(',', ".").parse::<f64>().ok().filter(|v| v.is_finite());
    let (lat, lon) = (form.latitude.trim(), form.longitude.trim());
    let position = match (lat.is_empty(), lon.is_empty()) {
        (true, true) => None,
        _ => {
            let la = number(lat).filter(|v| (-90.0..=90.0).contains(v));
            let lo = number(lon).filter(|v| (-180.0..=180.0).contains(v));
            if la.is_none() {
                errors.push(UserError::field("latitude", "error-kiosk-latitude"));
            }
            if lo.is_none() {
                errors.push(UserError::field("longitude", "error-kiosk-longitude"));
            }
            la.zip(lo)
        }
    };
    let idle_seconds = match form.idle_seconds.trim() {
        "" => Some(DEFAULT_IDLE),
        t => t.parse::<i64>().ok().filter(|s| IDLE_RANGE.contains(s)),
    };
    if idle_seconds.is_none() {
        errors.push(UserError::field("idle_seconds", "error-kiosk-idle"));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidKiosk { name, place, position, idle_seconds: idle_seconds.unwrap_or(DEFAULT_IDLE) })
}

/// Whether a kiosk visit last active at `last` has outlived its kiosk's idle time by `now` (server side).
pub fn visit_expired(last: i64, now: i64, idle_seconds: i64) -> bool {
    now - last > idle_seconds + SERVER_GRACE
}

/// Whether a kiosk visit (a desk code's session) may make this request: reading anything but account pages;
/// posting only the kiosk's own forms, a budget ballot (which asks the holder's proof itself), the language and
/// the pages' data loaders. Anything else — a comment, a report, a vote through the consultation's ordinary
/// form, which does not ask the holder's proof — would act as the resident beyond what the code was for, with
/// whoever issued it possibly at the keyboard.
pub fn visit_allows(write: bool, path: &str) -> bool {
    if path.starts_with(crate::accounts::paths::ACCOUNT) {
        return false;
    }
    if !write {
        return true;
    }
    let budget_ballot = crate::budgets::paths::BALLOT.matches(path);
    let loader = path.starts_with("/api/") && !path.starts_with("/api/v1/");
    let kiosk_form = path.strip_prefix(super::paths::HOME).is_some_and(|rest| rest.starts_with('/'));
    kiosk_form || path == crate::i18n::paths::LANGUAGE || budget_ballot || loader
}

/// Words that are not part of a name: civilities an account's display name may carry.
#[cfg(feature = "ssr")]
const TITLES: &[&str] = &["m", "mme", "mlle", "mr", "mrs", "ms", "dr", "monsieur", "madame", "mademoiselle"];

/// A name's words as the look-up compares them: folded ([`crate::text::fold`]: no accents, no invisible
/// characters, lower case), split at anything that is not a letter or digit; civilities and single
/// letters (initials) left out.
#[cfg(feature = "ssr")]
fn name_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = vec![];
    let mut word = String::new();
    for c in crate::text::fold(name).chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() {
            word.push(c);
        } else if !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
    }
    words.retain(|w| w.chars().count() > 1 && !TITLES.contains(&w.as_str()));
    words
}

/// A name folded for storage and display in the desk's records: its words ([`name_words`]) sorted, because
/// forms and documents do not agree on which name comes first.
#[cfg(feature = "ssr")]
pub fn name_key(name: &str) -> String {
    let mut words = name_words(name);
    words.sort();
    words.join(" ")
}

/// Whether two names are one person's as a desk may type them: the same words in any order, or the same letters
/// cut into words differently ("Élise  MARTIN", "martin elise", "E\u{301}lise Martin", "Ma-rtin Élise" and
/// "ÉliseMartin" are one name; the birth date tells namesakes apart). Initials and civilities do not count.
#[cfg(feature = "ssr")]
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (name_words(a), name_words(b));
    let letters = |words: &[String]| {
        let mut all: Vec<char> = words.concat().chars().collect();
        all.sort_unstable();
        all
    };
    if a.is_empty() || letters(&a) != letters(&b) {
        return false;
    }
    let joined = orders(&a);
    orders(&b).iter().any(|j| joined.contains(j))
}

/// Every order of `words` written without spaces (the sorted one alone past six words: nobody's name is longer,
/// and 720 orders is the bound).
#[cfg(feature = "ssr")]
fn orders(words: &[String]) -> std::collections::HashSet<String> {
    fn each(rest: &mut Vec<String>, done: &mut String, out: &mut std::collections::HashSet<String>) {
        if rest.is_empty() {
            out.insert(done.clone());
            return;
        }
        for i in 0..rest.len() {
            let word = rest.remove(i);
            let len = done.len();
            done.push_str(&word);
            each(rest, done, out);
            done.truncate(len);
            rest.insert(i, word);
        }
    }
    let mut out = std::collections::HashSet::new();
    if words.len() > 6 {
        let mut sorted = words.to_vec();
        sorted.sort();
        out.insert(sorted.concat());
    } else {
        each(&mut words.to_vec(), &mut String::new(), &mut out);
    }
    out
}

/// Whether a name can be one on an identity document: Latin letters (accented, or one of æ œ ß ø ł đ), spaces,
/// hyphens and apostrophes, no civility, nothing invisible. Look-alike letters of other scripts or without a
/// decomposition (a Cyrillic "а", a dotless "ı") would make a second record for one person.
#[cfg(feature = "ssr")]
fn document_name(name: &str) -> bool {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let allowed = |c: char| {
        c.is_ascii_alphabetic()
            || is_combining_mark(c)
            || c.to_lowercase().all(|l| crate::text::spelled(l).is_some())
            || matches!(c, ' ' | '-' | '\'' | '’')
    };
    let has_civility =
        name.split(|c: char| !c.is_alphabetic()).any(|w| !w.is_empty() && TITLES.contains(&w.to_lowercase().as_str()));
    name.nfkd().all(allowed) && name.chars().any(char::is_alphabetic) && !has_civility
}

/// A resident without an email address, as the desk enters them.
#[derive(Clone, Debug, Default)]
pub struct DeskResidentForm {
    /// First and last name, as on the identity document.
    pub name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// Home district id (checked proof of residence), optional when the town has no districts.
    pub district: String,
}

/// Checks the desk form: a name as on an identity document, a birth date before `today` (days since 1970) and
/// after 1900 — returned written one way (`YYYY-MM-DD`) whatever way it was typed — and a district id if given.
#[cfg(feature = "ssr")]
pub fn validate_desk_resident(
    form: &DeskResidentForm,
    today: i64,
) -> Result<(String, String, Option<i64>), Vec<FieldError>> {
    let mut errors = vec![];
    let name = form.name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() < 2 || name.chars().count() > 120 || !document_name(&name) {
        errors.push(UserError::field("name", "error-desk-name"));
    }
    let day = crate::format::parse_date(&form.birth_date).filter(|d| *d < today);
    let birth = match day {
        Some(d) => crate::format::iso_day(d),
        None => {
            errors.push(UserError::field("birth_date", "error-desk-birth-date"));
            String::new()
        }
    };
    let district = match form.district.trim() {
        "" => None,
        d => match d.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push(UserError::field("district", "error-district-invalid"));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((name, birth, district))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_visit_reads_and_votes_only() {
        for read in ["/", "/consultations/bruit", "/budgets/b/vote", "/capteurs"] {
            assert!(visit_allows(false, read), "{read}");
        }
        for allowed in ["/borne/code", "/borne/consultations/bruit", "/budgets/b/vote", "/langue", "/api/load_x1"] {
            assert!(visit_allows(true, allowed), "{allowed}");
        }
        for refused in [
            "/compte",
            "/compte/profil",
            "/consultations/bruit/vote",
            "/consultations/bruit/commentaires",
            "/consultations/commentaires/1/supprimer",
            "/moderation/signaler",
            "/budgets/b/proposer",
            "/budgets//vote",
            "/budgets/a/b/vote",
            "/budgets/b/papier",
            "/api/v1/ingest",
        ] {
            assert!(!visit_allows(true, refused), "{refused}");
        }
        assert!(!visit_allows(false, "/compte/donnees"));
    }

    #[test]
    fn codes_are_readable_and_typed_loosely() {
        let code = code_from([0, 1, 2, 3, 28, 29, 255, 100]);
        assert_eq!(code.len(), CODE_LEN);
        assert!(code.bytes().all(|b| ALPHABET.contains(&b)));
        assert_eq!(code_from([0; CODE_LEN]), "AAAAAAAA");
        assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
        assert_eq!(display("ABCDEFGH"), "ABCD-EFGH");
        assert_eq!(normalize(" abcd-efgh ").as_deref(), Some("ABCDEFGH"));
        assert_eq!(normalize("AB CD EF GH").as_deref(), Some("ABCDEFGH"));
        assert_eq!(normalize("ABCD-EFG"), None, "too short");
        assert_eq!(normalize("ABCD-EFGO"), None, "O is not in the alphabet");
        assert_eq!(normalize(""), None);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn only_hashes_are_kept() {
        assert_eq!(hash("ABCDEFGH").len(), 64);
        assert_ne!(hash("ABCDEFGH"), hash("ABCDEFGJ"));
    }

    #[test]
    fn the_kiosk_form_names_each_wrong_field() {
        let ok = KioskForm {
            name: " Borne du hall ".into(),
            place: "Mairie annexe — hall".into(),
            latitude: "43,6045".into(),
            longitude: "1.444".into(),
            idle_seconds: "".into(),
        };
        let v = validate_kiosk(&ok).unwrap();
        assert_eq!(v.name, "Borne du hall");
        assert_eq!(v.position, Some((43.6045, 1.444)));
        assert_eq!(v.idle_seconds, DEFAULT_IDLE);
        let none = KioskForm { latitude: "".into(), longitude: "".into(), ..ok.clone() };
        assert_eq!(validate_kiosk(&none).unwrap().position, None);
        let bad = KioskForm {
            name: " ".into(),
            place: "".into(),
            latitude: "95".into(),
            longitude: "".into(),
            idle_seconds: "10".into(),
        };
        let fields: Vec<String> =
            validate_kiosk(&bad).unwrap_err().iter().map(|e| e.field.clone().unwrap_or_default()).collect();
        assert_eq!(fields, ["name", "place", "latitude", "longitude", "idle_seconds"]);
        for idle in ["44", "601", "soixante"] {
            assert!(validate_kiosk(&KioskForm { idle_seconds: idle.into(), ..ok.clone() }).is_err(), "{idle}");
        }
        for idle in ["45", "600"] {
            assert!(validate_kiosk(&KioskForm { idle_seconds: idle.into(), ..ok.clone() }).is_ok(), "{idle}");
        }
    }

    #[test]
    fn a_visit_ends_after_idle_time_and_grace() {
        assert!(!visit_expired(1_000, 1_000 + 90 + SERVER_GRACE, 90));
        assert!(visit_expired(1_000, 1_000 + 91 + SERVER_GRACE, 90));
    }

    #[test]
    fn names_fold_and_birth_dates_are_checked() {
        const TODAY: i64 = 20_788; // 2026-12-01
        assert_eq!(name_key("  Élise   MARTIN-Ďurand "), "durand elise martin");
        assert_eq!(name_key("elise martin"), name_key("ÉLISE  Martin"));
        // The attack passes' variants of one name: all the same name.
        for variant in [
            "Habitant Hugo",
            "Hugo\u{200B} Habitant",
            "Hugo Habitant\u{AD}",
            "Hugo\tHabitant\u{0}",
            "H\u{FF55}go Habitant",
            "M. Hugo Habitant",
            "Hugo H. Habitant",
            "Hugo Ha-bitant",
            "Hugo Hab'itant",
            "ＨｕｇｏＨａｂｉｔａｎｔ",
            "HABITANT-HUGO",
        ] {
            assert!(same_name(variant, "Hugo Habitant"), "{variant:?}");
        }
        for other in ["Hugo Habitante", "Hugo", "Hugues Habitant", "Habitant Hugo Hugo", "H. H."] {
            assert!(!same_name(other, "Hugo Habitant"), "{other:?}");
        }
        assert!(same_name("E\u{301}lise \u{C9}lue", "Élise Élue"));
        assert_eq!(name_key("Lætitia Cœur"), "coeur laetitia");
        assert_eq!(name_key("Mme J. Papier Jeanne"), "jeanne papier");
        let form = |name: &str, birth: &str, district: &str| DeskResidentForm {
            name: name.into(),
            birth_date: birth.into(),
            district: district.into(),
        };
        assert_eq!(
            validate_desk_resident(&form(" Élise  Martin ", "1950-02-28", "3"), TODAY).unwrap(),
            ("Élise Martin".to_string(), "1950-02-28".to_string(), Some(3))
        );
        let refused = |f: DeskResidentForm| -> Vec<String> {
            validate_desk_resident(&f, TODAY).unwrap_err().iter().map(|e| e.field.clone().unwrap_or_default()).collect()
        };
        assert_eq!(refused(form("E", "1950-02-30", "x")), ["name", "birth_date", "district"]);
        assert_eq!(refused(form("Élise Martin", "2026-12-01", "")), ["birth_date"]);
        assert_eq!(refused(form("Élise Martin", "1899-12-31", "")), ["birth_date"]);
        // One date, however it is typed: the record stores it one way.
        for typed in ["1950-2-28", "1950-02-028", "1950-+2-28", " 1950-02-28 "] {
            assert_eq!(validate_desk_resident(&form("Élise Martin", typed, ""), TODAY).unwrap().1, "1950-02-28");
        }
        // Names an identity document cannot carry.
        for name in [
            "Hugo\u{200B} Habitant",
            "Hugo\u{0}Habitant",
            "Еlise Martin",
            "\u{202E}nitraM",
            "-- --",
            "Hugo Habıtant",
            "Hugo Habitanȴ",
            "M. Hugo Habitant",
            "Mme Jeanne Papier",
            "Jeanne M. Papier",
        ] {
            assert_eq!(refused(form(name, "1950-02-28", "")), ["name"], "{name:?}");
        }
        assert!(validate_desk_resident(&form("Anne-Lætitia D'Arc Ngô", "1950-02-28", ""), TODAY).is_ok());
    }
}
