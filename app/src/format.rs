//! Dates, numbers and amounts written the way each language writes them.
//!
//! Plain functions (no platform locale data), identical on the server and in the browser.

use crate::i18n::Lang;

/// A calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    /// Year.
    pub year: i64,
    /// Month, 1–12.
    pub month: u32,
    /// Day, 1–31.
    pub day: u32,
}

/// The UTC calendar date of a Unix time (seconds), by Howard Hinnant's days-to-civil algorithm.
pub fn date_of(unix_seconds: i64) -> Date {
    let days = unix_seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Date { year, month, day }
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A long date: « 3 mars 2027 » / "3 March 2027" (French writes the first of the month « 1er »).
pub fn long_date(lang: Lang, unix_seconds: i64) -> String {
    let d = date_of(unix_seconds);
    let m = (d.month - 1) as usize;
    match lang {
        Lang::Fr if d.day == 1 => format!("1er {} {}", MONTHS_FR[m], d.year),
        Lang::Fr => format!("{} {} {}", d.day, MONTHS_FR[m], d.year),
        Lang::En => format!("{} {} {}", d.day, MONTHS_EN[m], d.year),
    }
}

/// A day (days since 1970-01-01) as stored and sent: `2026-03-02`.
pub fn iso_day(day: i64) -> String {
    let d = date_of(day * 86_400);
    format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)
}

/// A date and time of day in UTC: « 3 mars 2027, 14:05 UTC » / "3 March 2027, 14:05 UTC".
pub fn date_time(lang: Lang, unix_seconds: i64) -> String {
    let seconds = unix_seconds.rem_euclid(86_400);
    format!("{}, {:02}:{:02} UTC", long_date(lang, unix_seconds), seconds / 3600, seconds % 3600 / 60)
}

/// The offset of French legal time (metropolitan France, Europe/Paris) from UTC at a moment, in seconds: one
/// hour, two in summer time — from the last Sunday of March to the last Sunday of October, both at 01:00 UTC
/// (the European rule since 1996).
pub fn paris_offset(unix_seconds: i64) -> i64 {
    let year = date_of(unix_seconds).year;
    // 01:00 UTC on the last Sunday of a month with 31 days.
    let last_sunday = |month: u32| {
        let day31 = days_from_civil(year, month, 31);
        // 1970-01-01 was a Thursday: day 0 is weekday 3 counting from Monday = 0.
        let weekday = (day31 + 3).rem_euclid(7);
        (day31 - (weekday + 1) % 7) * 86_400 + 3600
    };
    if (last_sunday(3)..last_sunday(10)).contains(&unix_seconds) {
        7200
    } else {
        3600
    }
}

const WEEKDAYS_FR: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const WEEKDAYS_EN: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// A moment in words and in the town's time, as said aloud at a town hall's kiosk: « lundi 7 décembre 2026 à
/// 15 h 05 » / "Monday 7 December 2026 at 15:05".
pub fn date_time_words(lang: Lang, unix_seconds: i64) -> String {
    let local = unix_seconds + paris_offset(unix_seconds);
    let weekday = (local.div_euclid(86_400) + 3).rem_euclid(7) as usize;
    let seconds = local.rem_euclid(86_400);
    let (hours, minutes) = (seconds / 3600, seconds % 3600 / 60);
    match lang {
        Lang::Fr => format!("{} {} à {hours} h {minutes:02}", WEEKDAYS_FR[weekday], long_date(lang, local)),
        Lang::En => format!("{} {} at {hours:02}:{minutes:02}", WEEKDAYS_EN[weekday], long_date(lang, local)),
    }
}

/// An RFC 3339 UTC time with milliseconds: `2026-11-20T08:15:02.118Z`.
pub fn rfc3339(unix_ms: i64) -> String {
    let seconds = unix_ms.div_euclid(1000);
    let d = date_of(seconds);
    let t = seconds.rem_euclid(86_400);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        d.year,
        d.month,
        d.day,
        t / 3600,
        t % 3600 / 60,
        t % 60,
        unix_ms.rem_euclid(1000)
    )
}

/// A number with at most `digits` decimals, trailing zeros dropped, in the language's decimal sign.
pub fn decimal(lang: Lang, value: f64, digits: usize) -> String {
    let text = format!("{value:.digits$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
    let text = if text == "-0" { "0".to_string() } else { text };
    match lang {
        Lang::Fr => text.replace('.', ","),
        Lang::En => text,
    }
}

/// A share as a percentage with one decimal, as each language writes it: « 42,5 % » (narrow no-break space) /
/// "42.5%". `None` when there is nothing to divide by.
pub fn percent(lang: Lang, part: i64, whole: i64) -> Option<String> {
    if whole <= 0 {
        return None;
    }
    let text = format!("{:.1}", part as f64 * 100.0 / whole as f64);
    Some(match lang {
        Lang::Fr => format!("{}\u{202f}%", text.replace('.', ",")),
        Lang::En => format!("{text}%"),
    })
}

/// A unit as people write it, from its UCUM code as devices send it (`ug/m3` → µg/m³, `Cel` → °C, `kW.h` →
/// kWh); a code it does not know is shown as it is, with powers made superscript.
pub fn unit(code: &str) -> String {
    match code {
        "Cel" => "°C".into(),
        "[degF]" => "°F".into(),
        "kW.h" => "kWh".into(),
        "W.h" => "Wh".into(),
        "MW.h" => "MWh".into(),
        "dB[A]" => "dB(A)".into(),
        "1" => String::new(),
        _ => code.replace("ug", "µg").replace("m3", "m³").replace("m2", "m²").replace('.', "·"),
    }
}

/// Groups the digits of an integer: « 12 345 » (narrow no-break space) / "12,345".
pub fn integer(lang: Lang, value: i64) -> String {
    let separator = match lang {
        Lang::Fr => '\u{202f}',
        Lang::En => ',',
    };
    let digits = value.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(c);
    }
    if value < 0 {
        out.insert(0, '-');
    }
    out
}

/// An amount in cents of euro: « 1 234,50 € » / "€1,234.50"; whole amounts drop the cents.
pub fn euros(lang: Lang, cents: i64) -> String {
    let whole = integer(lang, cents / 100);
    let rest = (cents % 100).abs();
    let sign = if cents < 0 && cents / 100 == 0 { "-" } else { "" };
    match (lang, rest) {
        (Lang::Fr, 0) => format!("{sign}{whole}\u{a0}€"),
        (Lang::Fr, r) => format!("{sign}{whole},{r:02}\u{a0}€"),
        (Lang::En, 0) => format!("{sign}€{whole}"),
        (Lang::En, r) => format!("{sign}€{whole}.{r:02}"),
    }
}

/// An amount in cents of any currency: euros as [`euros`] writes them, others as « 1 234,50 PLN ».
pub fn money(lang: Lang, cents: i64, currency: &str) -> String {
    if currency == "EUR" || currency.is_empty() {
        return euros(lang, cents);
    }
    let whole = integer(lang, cents / 100);
    let decimal = if lang == Lang::Fr { ',' } else { '.' };
    match (cents % 100).abs() {
        0 => format!("{whole}\u{a0}{currency}"),
        r => format!("{whole}{decimal}{r:02}\u{a0}{currency}"),
    }
}

/// A CSV cell a spreadsheet will not run as a formula: a text starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return (OWASP's list: spreadsheets drop a leading tab or CR and read what follows) is prefixed with
/// `'`. Numbers (a negative longitude, `+33`) and a lone character (`-`, "not declared") stay as they are.
pub fn spreadsheet_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let risky =
        text.len() > 1 && text.starts_with(['=', '+', '-', '@', '\t', '\r']) && text.trim().parse::<f64>().is_err();
    if risky {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Whether `year` has a 29 February.
pub fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` of `year`.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (inverse of `format::date_of`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses a `YYYY-MM-DD` date into days since 1970-01-01.
pub fn parse_date(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    ((1900..=2200).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
        .then(|| days_from_civil(year, month, day))
}

/// A `YYYY-MM-DD` date as the language writes it (« 4 mai 2026 »); the text itself if it is not a date.
pub fn date_words(date: &str, i18n: crate::i18n::I18n) -> String {
    parse_date(date).map(|days| long_date(i18n.lang(), days * 86_400)).unwrap_or_else(|| date.to_string())
}

/// Reads an amount ("1000000", "400000.0", "12.5") as cents; `None` for anything else or more than two
/// decimals that are not zero.
pub fn parse_cents(text: &str) -> Option<i64> {
    let text = text.trim();
    let (whole, frac) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > 2 {
        return None;
    }
    let cents: i64 = format!("{frac:0<2}").parse().ok()?;
    whole.parse::<i64>().ok()?.checked_mul(100)?.checked_add(cents)
}

/// The largest amount a budget, an envelope or a project may have, in cents (a thousand billion euros): far
/// above any town's, and low enough that ten thousand of them still add up within an `i64`.
pub const MAX_AMOUNT: i64 = 100_000_000_000_000;

/// Reads an amount in euros as a resident or staff member types it — "150000", "150 000", "1 234,50 €",
/// "1234.5" — as cents; `None` when it is not one (negative, more than two decimals, letters).
pub fn parse_amount(text: &str) -> Option<i64> {
    let cleaned: String =
        text.trim().trim_end_matches('€').trim().chars().filter(|c| !c.is_whitespace() && *c != '\u{202f}').collect();
    parse_cents(&cleaned.replace(',', ".")).filter(|&c| c <= MAX_AMOUNT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_and_units_read_as_people_write_them() {
        assert_eq!(percent(Lang::Fr, 1, 1).as_deref(), Some("100,0\u{202f}%"));
        assert_eq!(percent(Lang::En, 1, 3).as_deref(), Some("33.3%"));
        assert_eq!(percent(Lang::Fr, 0, 0), None);
        assert_eq!(unit("ug/m3"), "µg/m³");
        assert_eq!(unit("Cel"), "°C");
        assert_eq!(unit("kW.h"), "kWh");
        assert_eq!(unit("m3"), "m³");
        assert_eq!(unit("dB"), "dB");
        assert_eq!(unit("/h"), "/h");
        assert_eq!(unit("1"), "");
    }

    /// The review's finding: a leading tab or carriage return slipped past the formula check.
    #[test]
    fn cells_never_run_as_formulas() {
        for risky in ["=1+1", "+33+1", "-2+3", "@SUM(A1)", "\t=cmd|' /C calc'!A0", "\r=1", "=HYPERLINK(\"x\")"] {
            assert_eq!(spreadsheet_safe(risky), format!("'{risky}"), "{risky:?}");
        }
        for safe in ["-", "-1.55", "+33", "47.39", "Capteur -2", "", "+", "Centre-ville"] {
            assert_eq!(spreadsheet_safe(safe), safe, "{safe:?}");
        }
    }

    #[test]
    fn writes_decimals_per_language() {
        assert_eq!(decimal(Lang::Fr, 12.345, 2), "12,35");
        assert_eq!(decimal(Lang::En, 12.5, 2), "12.5");
        assert_eq!(decimal(Lang::Fr, 3.0, 2), "3");
        assert_eq!(decimal(Lang::En, -0.001, 2), "0");
        assert_eq!(decimal(Lang::En, 40.0, 0), "40");
    }

    #[test]
    fn converts_unix_time_to_dates() {
        assert_eq!(date_of(0), Date { year: 1970, month: 1, day: 1 });
        assert_eq!(date_of(951_782_400), Date { year: 2000, month: 2, day: 29 });
        assert_eq!(date_of(1_795_392_000), Date { year: 2026, month: 11, day: 23 });
        assert_eq!(date_of(-86_400), Date { year: 1969, month: 12, day: 31 });
    }

    #[test]
    fn writes_dates_per_language() {
        assert_eq!(long_date(Lang::Fr, 1_795_392_000), "23 novembre 2026");
        assert_eq!(long_date(Lang::En, 1_795_392_000), "23 November 2026");
        assert_eq!(long_date(Lang::Fr, 1_788_220_800), "1er septembre 2026");
    }

    #[test]
    fn groups_digits_and_writes_amounts() {
        assert_eq!(integer(Lang::Fr, 1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(integer(Lang::En, 1_234_567), "1,234,567");
        assert_eq!(integer(Lang::En, -999), "-999");
        assert_eq!(euros(Lang::Fr, 123_450), "1\u{202f}234,50\u{a0}€");
        assert_eq!(euros(Lang::En, 123_450), "€1,234.50");
        assert_eq!(euros(Lang::Fr, 50_000_000), "500\u{202f}000\u{a0}€");
        assert_eq!(money(Lang::Fr, 234_050, "PLN"), "2\u{202f}340,50\u{a0}PLN");
        assert_eq!(money(Lang::En, 100, "EUR"), "€1");
    }

    #[test]
    fn civil_dates_round_trip() {
        for days in [-1000, 0, 59, 60, 10_000, 20_780] {
            let d = date_of(days * 86_400);
            assert_eq!(days_from_civil(d.year, d.month, d.day), days);
        }
        assert_eq!(parse_date("2026-02-29"), None);
        assert_eq!(parse_date("2028-02-29"), Some(days_from_civil(2028, 2, 29)));
        assert_eq!(parse_date("2026-13-01"), None);
        assert_eq!(parse_date("hier"), None);
    }

    #[test]
    fn amounts_as_people_type_them() {
        assert_eq!(parse_amount("150 000 €"), Some(15_000_000));
        assert_eq!(parse_amount("1\u{202f}234,50"), Some(123_450));
        assert_eq!(parse_amount("12.5"), Some(1_250));
        assert_eq!(parse_amount("-3"), None);
        assert_eq!(parse_amount("beaucoup"), None);
    }

    #[test]
    fn kiosk_dates_are_in_words_and_in_french_legal_time() {
        // 7 December 2026, 14:05 UTC: winter, 15:05 in Paris, a Monday.
        let winter = days_from_civil(2026, 12, 7) * 86_400 + 14 * 3600 + 5 * 60;
        assert_eq!(date_time_words(Lang::Fr, winter), "lundi 7 décembre 2026 à 15 h 05");
        assert_eq!(date_time_words(Lang::En, winter), "Monday 7 December 2026 at 15:05");
        // 1 July 2026, 08:30 UTC: summer time, 10:30, a Wednesday, « 1er ».
        let summer = days_from_civil(2026, 7, 1) * 86_400 + 8 * 3600 + 30 * 60;
        assert_eq!(date_time_words(Lang::Fr, summer), "mercredi 1er juillet 2026 à 10 h 30");
        // The changes of 2026: 29 March and 25 October, at 01:00 UTC.
        let march = days_from_civil(2026, 3, 29) * 86_400 + 3600;
        assert_eq!((paris_offset(march - 1), paris_offset(march)), (3600, 7200));
        let october = days_from_civil(2026, 10, 25) * 86_400 + 3600;
        assert_eq!((paris_offset(october - 1), paris_offset(october)), (7200, 3600));
        // 2027: 28 March and 31 October (a month ending on a Sunday).
        let march = days_from_civil(2027, 3, 28) * 86_400 + 3600;
        assert_eq!((paris_offset(march - 1), paris_offset(march)), (3600, 7200));
        let october = days_from_civil(2027, 10, 31) * 86_400 + 3600;
        assert_eq!((paris_offset(october - 1), paris_offset(october)), (7200, 3600));
        // Near midnight the local day is the next one.
        let late = days_from_civil(2026, 12, 31) * 86_400 + 23 * 3600 + 30 * 60;
        assert_eq!(date_time_words(Lang::Fr, late), "vendredi 1er janvier 2027 à 0 h 30");
    }
}
