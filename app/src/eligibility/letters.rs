//! Letter codes' pure rules: the code (12 characters people can read back from paper without confusing 0 and
//! O or 1 and I), its hash, its validity, the request form, and the addresses that repeat among the pending
//! requests and letters (several accounts asking for letters at one address is what staff should look at).

use crate::error::{FieldError, UserError};
use sha2::{Digest, Sha256};

/// The characters of a code: capitals and digits without 0, O, 1, I and L.
pub const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Characters in a code (31¹² ≈ 2⁵⁹ possibilities).
pub const CODE_LEN: usize = 12;
/// How long a printed code verifies, in days.
pub const VALID_DAYS: i64 = 60;
/// The longest recipient name and address, in characters.
pub const MAX_RECIPIENT: usize = 120;
/// The longest address (street, number, building), in characters.
pub const MAX_ADDRESS: usize = 300;

/// A new code, from the operating system's generator.
pub fn new_code() -> String {
    use rand::Rng;
    let mut rng = rand::rng();
    (0..CODE_LEN).map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char).collect()
}

/// A code as printed: three groups of four (`ABCD-EFGH-JKMN`).
pub fn display(code: &str) -> String {
    code.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

/// A typed code, read: case, spaces and dashes do not matter; anything else, or another length, is no code.
pub fn read_code(typed: &str) -> Option<String> {
    let code: String =
        typed.chars().filter(|c| !c.is_whitespace() && *c != '-').map(|c| c.to_ascii_uppercase()).collect();
    (code.len() == CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b))).then_some(code)
}

/// What is stored of a code: its SHA-256, hex (the code's 59 random bits make a salt pointless).
pub fn hash(code: &str) -> String {
    hex::encode(Sha256::digest(code.as_bytes()))
}

/// What a resident sends to ask for a letter.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct LetterForm {
    /// The name on the letterbox.
    #[serde(rename = "letter_recipient")]
    pub recipient: String,
    /// Street and number (one or two lines).
    #[serde(rename = "letter_address")]
    pub address: String,
    /// Postcode.
    #[serde(rename = "letter_postcode")]
    pub postcode: String,
    /// The district the resident says the address is in (staff check it when printing).
    #[serde(rename = "letter_district")]
    pub district: String,
}

/// A request, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterRequest {
    /// The name on the letterbox.
    pub recipient: String,
    /// The address, lines joined by a line break, runs of spaces made one.
    pub address: String,
    /// Five digits.
    pub postcode: String,
    /// District id.
    pub district: i64,
}

/// Checks a request, each error naming its field.
pub fn validate(form: &LetterForm) -> Result<LetterRequest, Vec<FieldError>> {
    let mut errors = vec![];
    let recipient = form.recipient.split_whitespace().collect::<Vec<_>>().join(" ");
    if recipient.is_empty() || recipient.chars().count() > MAX_RECIPIENT {
        errors.push(UserError::field("letter_recipient", "error-letter-recipient"));
    }
    let lines: Vec<String> = form
        .address
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect();
    let address = lines.join("\n");
    if lines.is_empty() || lines.len() > 3 || address.chars().count() > MAX_ADDRESS {
        errors.push(UserError::field("letter_address", "error-letter-address"));
    }
    let postcode = super::rules::parse_postcode(&form.postcode);
    if postcode.is_none() {
        errors.push(UserError::field("letter_postcode", "error-register-postcode"));
    }
    let district = form.district.trim().parse::<i64>().ok().filter(|d| *d > 0);
    if district.is_none() {
        errors.push(UserError::field("letter_district", "error-district-invalid"));
    }
    match (postcode, district) {
        (Some(postcode), Some(district)) if errors.is_empty() => {
            Ok(LetterRequest { recipient, address, postcode, district })
        }
        _ => Err(errors),
    }
}

/// An address as compared for repeats: folded, letters and digits only ("12, rue de la Gare" and "12 RUE DE
/// LA GARE" are one).
pub fn address_key(address: &str, postcode: &str) -> String {
    let folded = crate::text::fold(address);
    let words: String = folded.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_uppercase();
    format!("{postcode}|{words}")
}

/// A printed letter: what goes on paper, the code in clear this once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrintedLetter {
    /// The name on the letterbox.
    pub recipient: String,
    /// The address.
    pub address: String,
    /// Postcode.
    pub postcode: String,
    /// The district the code verifies.
    pub district: String,
    /// The code, as printed (`ABCD-EFGH-JKMN`).
    pub code: String,
    /// Until when it verifies.
    pub expires_at: i64,
}

/// The mail-merge file: one line per letter (semicolons, as French spreadsheets read them; a cell a spreadsheet
/// would run as a formula is written as text).
pub fn mail_merge(letters: &[PrintedLetter]) -> String {
    let mut out = csv::WriterBuilder::new().delimiter(b';').from_writer(vec![]);
    let header =
        ["destinataire", "adresse_1", "adresse_2", "adresse_3", "code_postal", "quartier", "code", "valable_jusqu_au"];
    let mut rows = vec![header.iter().map(|h| h.to_string()).collect::<Vec<_>>()];
    for l in letters {
        let mut lines = l.address.lines().map(str::to_string);
        let until = crate::format::date_of(l.expires_at);
        rows.push(vec![
            l.recipient.clone(),
            lines.next().unwrap_or_default(),
            lines.next().unwrap_or_default(),
            lines.next().unwrap_or_default(),
            l.postcode.clone(),
            l.district.clone(),
            l.code.clone(),
            format!("{:02}/{:02}/{}", until.day, until.month, until.year),
        ]);
    }
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| crate::format::spreadsheet_safe(c).into_owned()).collect();
        // Writing to memory cannot fail.
        let _ = out.write_record(&cells);
    }
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The printable letters: one page each, in French (the town's letters), the code large and spaced. The page
/// uses the site's stylesheet (the Content-Security-Policy allows no other).
pub fn printable(letters: &[PrintedLetter], town: &str, site: &str) -> String {
    use crate::i18n::{I18n, Lang};
    use crate::markdown::escape;
    let i18n = I18n(Lang::Fr);
    let mut pages = String::new();
    for l in letters {
        let address: String = l.address.lines().map(|line| format!("{}<br>", escape(line))).collect();
        let until = crate::format::long_date(Lang::Fr, l.expires_at);
        let body = i18n.t_args(
            "letter-body",
            &[("town", town.to_string()), ("site", site.to_string()), ("district", l.district.clone())],
        );
        pages.push_str(&format!(
            "<article class=\"letter\"><p class=\"letter-from\">{town}</p><p class=\"letter-to\">{recipient}<br>{address}{postcode}</p>\
             <h1>{title}</h1><p>{body}</p><p class=\"letter-code\">{code}</p><p>{until}</p><p class=\"hint\">{privacy}</p></article>",
            town = escape(town),
            recipient = escape(&l.recipient),
            postcode = escape(&l.postcode),
            title = escape(&i18n.t("letter-title")),
            body = escape(&body),
            code = escape(&l.code),
            until = escape(&i18n.t_args("letter-valid-until", &[("date", until)])),
            privacy = escape(&i18n.t("letter-privacy")),
        ));
    }
    format!(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <link rel=\"stylesheet\" href=\"{style}\"></head><body class=\"letters\"><main>{pages}</main></body></html>",
        title = escape(&i18n.t("letters-title")),
        style = crate::ui::paths::asset(crate::ui::paths::STYLE),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_from_paper() {
        for _ in 0..200 {
            let code = new_code();
            assert_eq!(code.len(), CODE_LEN);
            assert_eq!(read_code(&display(&code)), Some(code.clone()));
            assert_eq!(read_code(&display(&code).to_lowercase().replace('-', " ")), Some(code));
        }
        assert_eq!(display("ABCDEFGHJKMN"), "ABCD-EFGH-JKMN");
        for bad in ["", "ABCD-EFGH-JKM", "ABCD-EFGH-JKMNP", "ABCD-EFGH-JKM0", "ABCD-EFGH-JKMI", "ABCD_EFGH_JKMN"] {
            assert_eq!(read_code(bad), None, "{bad}");
        }
        assert_eq!(hash("ABCDEFGHJKMN").len(), 64);
        assert_ne!(hash("ABCDEFGHJKMN"), hash("ABCDEFGHJKMP"));
    }

    #[test]
    fn a_request_names_each_wrong_field() {
        let good = LetterForm {
            recipient: "  Famille   Martin ".into(),
            address: "12,  rue de la Gare\r\n\r\nBâtiment B".into(),
            postcode: "44 000".into(),
            district: "3".into(),
        };
        let ok = validate(&good).unwrap();
        assert_eq!(ok.recipient, "Famille Martin");
        assert_eq!(ok.address, "12, rue de la Gare\nBâtiment B");
        assert_eq!((ok.postcode.as_str(), ok.district), ("44000", 3));
        let bad = LetterForm {
            recipient: " ".into(),
            address: "a\nb\nc\nd".into(),
            postcode: "4400".into(),
            district: "-1".into(),
        };
        let fields: Vec<_> = validate(&bad).unwrap_err().into_iter().filter_map(|e| e.field).collect();
        assert_eq!(fields, ["letter_recipient", "letter_address", "letter_postcode", "letter_district"]);
        let long = LetterForm { address: "x".repeat(MAX_ADDRESS + 1), ..good.clone() };
        assert!(validate(&long).is_err());
        let huge = LetterForm { district: "99999999999999999999".into(), ..good };
        assert!(validate(&huge).is_err());
    }

    #[test]
    fn addresses_written_otherwise_are_one() {
        assert_eq!(address_key("12, rue de la Gare", "44000"), address_key("12 RUE DE LA GARE", "44000"));
        assert_eq!(address_key("Rue Émile-Zola", "44000"), address_key("rue emile zola", "44000"));
        assert_ne!(address_key("12 rue de la Gare", "44000"), address_key("12 rue de la Gare", "44100"));
    }
}
