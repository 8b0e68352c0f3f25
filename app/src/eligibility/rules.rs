//! Residence verification's pure rules: what is compared when a person says who they are, and how a register
//! file is read.
//!
//! Names are compared folded ([`crate::text::fold`]: accents, ligatures and case), with hyphens, apostrophes
//! and runs of spaces read as one space, so "Le Goff", "LE-GOFF" and "le  goff" are one name; letters that are
//! not part of a name (digits, punctuation) are dropped. The register keeps a person's *first* given name as the
//! key — "Jean-Pierre Marc" is keyed by "JEAN PIERRE" — and a person may type only their first given name or all
//! of them: each run of their first words is tried (at most [`MAX_GIVEN_WORDS`]), so "Jean-Pierre", "Jean
//! Pierre" and "Jean-Pierre Marc" all match, and "Jean" alone does not (another first name).
//!
//! An entry is stored as two keys, each an HMAC-SHA256 with the server's register secret: the identity key
//! (family name, first given name, birth date, postcode) for the online form, and the postcode-free key for an
//! OpenID Connect identity, which carries no address. Without the secret the keys cannot be recomputed from
//! guessed names and dates.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// At most this many words of given names are tried against the register.
pub const MAX_GIVEN_WORDS: usize = 5;

/// A register file's lines, at most.
pub const MAX_LINES: usize = 200_000;

/// A name as it is compared: folded, words of letters only, one space between words, upper case.
pub fn name_key(text: &str) -> String {
    let folded = crate::text::fold(text);
    let spaced: String = folded
        .chars()
        .map(|c| {
            if c.is_alphabetic() {
                c
            } else if c == '-' || c == '\'' || c == '’' || c.is_whitespace() {
                ' '
            } else {
                '\u{0}'
            }
        })
        .filter(|c| *c != '\u{0}')
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase()
}

/// The first given name of a register's given-names field ("Jean-Pierre Marc" → "JEAN PIERRE"): the first
/// word as separated by spaces or commas, its hyphens kept together.
pub fn first_given_name(given_names: &str) -> String {
    let first = given_names.split([' ', ',', '\t']).find(|w| !w.trim().is_empty()).unwrap_or_default();
    name_key(first)
}

/// Words that introduce a usage name after the birth name ("Lefèvre épouse Martin", "Martin née Lefèvre").
const USAGE_MARKERS: [&str; 5] = ["EPOUSE", "EP", "NEE", "VEUVE", "VVE"];

/// The family names a typed family name may stand for: itself and, when it carries a usage name, each side of
/// it ("Lefèvre épouse Martin" → "LEFEVRE EPOUSE MARTIN", "LEFEVRE", "MARTIN").
pub fn family_name_candidates(typed: &str) -> Vec<String> {
    let key = name_key(typed);
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
    let mut out = vec![key.clone()];
    if let Some(at) = words.iter().position(|w| USAGE_MARKERS.contains(w)) {
        for side in [&words[..at], &words[at + 1..]] {
            let name = side.join(" ");
            if !name.is_empty() && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out.retain(|n| !n.is_empty());
    out
}

/// What a person typed as given names, as the register's first given names it may be: each run of its first
/// words ("JEAN", "JEAN PIERRE", "JEAN PIERRE MARC"), at most [`MAX_GIVEN_WORDS`].
pub fn given_name_candidates(typed: &str) -> Vec<String> {
    let key = name_key(typed);
    let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).take(MAX_GIVEN_WORDS).collect();
    (1..=words.len()).map(|n| words[..n].join(" ")).collect()
}

pub use super::policy::Date;

/// A birth date as people and files write it: `1980-03-14`, `14/03/1980`, `14-03-1980` or `14.03.1980`.
pub fn parse_birth_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u16>().ok()).flatten()
    };
    match parts[..] {
        [y, m, d] if y.len() == 4 && text.contains('-') => {
            Date::new(number(y, 4..=4)?, u8::try_from(number(m, 1..=2)?).ok()?, u8::try_from(number(d, 1..=2)?).ok()?)
        }
        [d, m, y] if y.len() == 4 => {
            Date::new(number(y, 4..=4)?, u8::try_from(number(m, 1..=2)?).ok()?, u8::try_from(number(d, 1..=2)?).ok()?)
        }
        _ => None,
    }
}

/// A French postcode: five digits, spaces allowed where people put them ("75 011").
pub fn parse_postcode(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 5 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// Who a person is, as matching reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// Family name, as [`name_key`] gives it.
    pub family: String,
    /// First given name, as [`first_given_name`] gives it.
    pub given: String,
    /// Birth date.
    pub birth: Date,
}

/// The register secret's keyed hash of `parts`, hex.
fn keyed(secret: &[u8], parts: &[&str]) -> String {
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes any key length");
    // A separator no normalised part can hold, and a version, so that a later change of the rules is a new key.
    mac.update(b"clairvoie-register-v1");
    for part in parts {
        mac.update(b"\x1f");
        mac.update(part.as_bytes());
    }
    hex::encode(mac.finalize().into_bytes())
}

/// The identity key: family name, first given name, birth date and postcode (the online form).
pub fn identity_key(secret: &[u8], who: &Identity, postcode: &str) -> String {
    keyed(secret, &[&who.family, &who.given, &who.birth.iso(), postcode])
}

/// The keyed hash of a letter's address ([`super::letters::address_key`]), kept after the address is erased so
/// that letters to one address stay visible to staff.
pub fn address_hash(secret: &[u8], address_key: &str) -> String {
    keyed(secret, &["address", address_key])
}

/// The key without an address (an OpenID Connect identity carries none).
pub fn person_key(secret: &[u8], who: &Identity) -> String {
    keyed(secret, &[&who.family, &who.given, &who.birth.iso()])
}

/// One person of a register file, read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterLine {
    /// Who.
    pub identity: Identity,
    /// Where they live: the postcode.
    pub postcode: String,
    /// Their district's code as the town's districts name it.
    pub district: String,
}

/// An error of one line of a register file: the line (from 1, the header being line 1), the column and the
/// message's Fluent key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// Line number in the file.
    pub line: usize,
    /// The column's name as the file's header writes it.
    pub column: &'static str,
    /// Fluent key.
    pub key: &'static str,
}

/// The columns of a register file, in any order: each by the name errors give it and the names a header may
/// write (folded, spaces and hyphens as `_`).
const COLUMNS: [(&str, &[&str]); 5] = [
    ("nom", &["nom", "nom_de_naissance", "family_name"]),
    ("prenoms", &["prenoms", "prenom", "given_names"]),
    ("date_naissance", &["date_naissance", "date_de_naissance", "birth_date"]),
    ("code_postal", &["code_postal", "cp", "postcode"]),
    ("quartier", &["quartier", "code_quartier", "district"]),
];

/// Reads a register file (CSV, `,` or `;`, a header naming the columns of [`COLUMNS`]), all or nothing: every
/// line or every error, at most [`MAX_LINES`] lines. A district code is checked against `districts`.
pub fn read_register(text: &str, districts: &[&str]) -> Result<Vec<RegisterLine>, Vec<LineError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line = text.lines().next().unwrap_or_default();
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| crate::text::fold(c.trim()).replace([' ', '-'], "_")).collect(),
        Err(_) => return Err(vec![LineError { line: 1, column: "nom", key: "error-register-header" }]),
    };
    let mut at = [0usize; 5];
    let mut missing = vec![];
    for (i, (name, written)) in COLUMNS.iter().enumerate() {
        match header.iter().position(|h| written.contains(&h.as_str())) {
            Some(p) => at[i] = p,
            None => missing.push(LineError { line: 1, column: name, key: "error-register-column-missing" }),
        }
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    let mut lines = vec![];
    let mut errors = vec![];
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        if line > MAX_LINES + 1 {
            errors.push(LineError { line, column: "nom", key: "error-register-too-long" });
            break;
        }
        let Ok(record) = record else {
            errors.push(LineError { line, column: "nom", key: "error-register-line-unreadable" });
            continue;
        };
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |i: usize| record.get(at[i]).unwrap_or_default().trim();
        let before = errors.len();
        let family = name_key(cell(0));
        if family.is_empty() {
            errors.push(LineError { line, column: COLUMNS[0].0, key: "error-register-name" });
        }
        let given = first_given_name(cell(1));
        if given.is_empty() {
            errors.push(LineError { line, column: COLUMNS[1].0, key: "error-register-name" });
        }
        let birth = parse_birth_date(cell(2));
        if birth.is_none() {
            errors.push(LineError { line, column: COLUMNS[2].0, key: "error-register-birth-date" });
        }
        let postcode = parse_postcode(cell(3));
        if postcode.is_none() {
            errors.push(LineError { line, column: COLUMNS[3].0, key: "error-register-postcode" });
        }
        let district = cell(4).to_string();
        if !districts.contains(&district.as_str()) {
            errors.push(LineError { line, column: COLUMNS[4].0, key: "error-register-district" });
        }
        if let (true, Some(birth), Some(postcode)) = (errors.len() == before, birth, postcode) {
            lines.push(RegisterLine { identity: Identity { family, given, birth }, postcode, district });
        }
    }
    if errors.is_empty() {
        Ok(lines)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_whatever_their_accents_hyphens_apostrophes_and_case() {
        for same in ["Le Goff", "LE-GOFF", "le  goff", " Le–Goff ", "Lé Göff"] {
            let same = same.replace('–', "-");
            assert_eq!(name_key(&same), "LE GOFF", "{same}");
        }
        assert_eq!(name_key("D'Artagnan"), "D ARTAGNAN");
        assert_eq!(name_key("d’Artagnan"), "D ARTAGNAN");
        assert_eq!(name_key("Œdipe"), "OEDIPE");
        assert_eq!(name_key("Müller-Lüdenscheidt"), "MULLER LUDENSCHEIDT");
        assert_eq!(name_key("Straße"), "STRASSE");
        assert_eq!(name_key("N'Diaye 2"), "N DIAYE");
        assert_eq!(name_key("  "), "");
    }

    #[test]
    fn the_first_given_name_keeps_its_hyphenated_parts_and_any_run_of_typed_words_is_tried() {
        assert_eq!(first_given_name("Jean-Pierre Marc"), "JEAN PIERRE");
        assert_eq!(first_given_name("Marie, Louise"), "MARIE");
        assert_eq!(first_given_name("  Élodie"), "ELODIE");
        let tried = given_name_candidates("Jean Pierre Marc");
        assert_eq!(tried, vec!["JEAN", "JEAN PIERRE", "JEAN PIERRE MARC"]);
        assert!(given_name_candidates("jean-pierre").contains(&first_given_name("Jean-Pierre Marc")));
        assert!(!given_name_candidates("Jean").contains(&first_given_name("Jean-Pierre Marc")));
        assert_eq!(given_name_candidates("a b c d e f g h").len(), MAX_GIVEN_WORDS);
        assert!(given_name_candidates("").is_empty());
    }

    #[test]
    fn birth_dates_are_read_as_written_and_checked() {
        let d = Date::new(1980, 3, 14).unwrap();
        for written in ["1980-03-14", "14/03/1980", "14-03-1980", "14.03.1980", "14/3/1980", " 1980-3-14 "] {
            assert_eq!(parse_birth_date(written), Some(d), "{written}");
        }
        assert_eq!(parse_birth_date("2000-02-29").map(Date::iso).as_deref(), Some("2000-02-29"));
        for wrong in [
            "1900-02-29",
            "2023-02-29",
            "1980-13-01",
            "31/04/1980",
            "1980/03/14x",
            "80-03-14",
            "",
            "14 mars 1980",
            "1899-12-31",
            "+980-03-14",
        ] {
            assert_eq!(parse_birth_date(wrong), None, "{wrong}");
        }
        let today = Date::new(2026, 12, 7).unwrap();
        assert_eq!(Date::new(2008, 12, 7).unwrap().age_on(today), 18);
        assert_eq!(Date::new(2008, 12, 8).unwrap().age_on(today), 17);
    }

    #[test]
    fn postcodes_are_five_digits() {
        assert_eq!(parse_postcode("75 011").as_deref(), Some("75011"));
        assert_eq!(parse_postcode("44000").as_deref(), Some("44000"));
        for wrong in ["4400", "440000", "2A004", "", "44 00a"] {
            assert_eq!(parse_postcode(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn keys_depend_on_the_secret_and_on_every_part() {
        let who =
            Identity { family: "LE GOFF".into(), given: "JEAN PIERRE".into(), birth: Date::new(1980, 3, 14).unwrap() };
        let key = identity_key(b"secret", &who, "44000");
        assert_eq!(key.len(), 64);
        assert_eq!(key, identity_key(b"secret", &who.clone(), "44000"));
        assert_ne!(key, identity_key(b"other", &who, "44000"));
        assert_ne!(key, identity_key(b"secret", &who, "44100"));
        assert_ne!(person_key(b"secret", &who), key);
        // Parts cannot slide into each other.
        let a = Identity { family: "AB".into(), given: "C".into(), ..who.clone() };
        let b = Identity { family: "A".into(), given: "BC".into(), ..who.clone() };
        assert_ne!(person_key(b"s", &a), person_key(b"s", &b));
    }

    #[test]
    fn a_register_file_is_read_whole_or_refused_with_every_error() {
        let districts = ["centre-ville", "les-tilleuls"];
        let file = "\u{feff}Nom;Prénoms;Date de naissance;Code postal;Quartier\n\
                    Le Goff;Jean-Pierre Marc;14/03/1980;44 000;centre-ville\n\
                    \n\
                    Martin;Élodie;2001-07-02;44000;les-tilleuls\n";
        let lines = read_register(file, &districts).unwrap();
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].identity.given, "JEAN PIERRE");
        assert_eq!(lines[0].postcode, "44000");
        assert_eq!(lines[1].district, "les-tilleuls");
        let english =
            "family_name,given_names,birth_date,postcode,district\nMartin,Élodie,2001-07-02,44000,centre-ville\n";
        assert_eq!(read_register(english, &districts).unwrap().len(), 1);

        let bad = "nom,prenoms,date_naissance,code_postal,quartier\n\
                   Le Goff,Jean,14/03/1980,44000,centre-ville\n\
                   ,Anne,31/02/1990,4400,lune\n";
        let errors = read_register(bad, &districts).unwrap_err();
        let found: Vec<(usize, &str)> = errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(found, vec![(3, "nom"), (3, "date_naissance"), (3, "code_postal"), (3, "quartier")]);

        let missing = read_register("nom,prenoms\nA,B\n", &districts).unwrap_err();
        assert_eq!(
            missing.iter().map(|e| e.column).collect::<Vec<_>>(),
            vec!["date_naissance", "code_postal", "quartier"]
        );
    }

    #[test]
    fn usage_names_stand_for_both_family_names() {
        assert_eq!(family_name_candidates("Lefèvre épouse Martin"), ["LEFEVRE EPOUSE MARTIN", "LEFEVRE", "MARTIN"]);
        assert_eq!(family_name_candidates("Martin née Lefèvre"), ["MARTIN NEE LEFEVRE", "MARTIN", "LEFEVRE"]);
        assert_eq!(family_name_candidates("Le Goff"), ["LE GOFF"]);
        assert_eq!(family_name_candidates("épouse"), ["EPOUSE"]);
        assert!(family_name_candidates("  ").is_empty());
    }
}
