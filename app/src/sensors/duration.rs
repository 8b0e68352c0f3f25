//! ISO 8601 durations (retention periods) and calendar dates: parsing, the retention cut-off a purge uses, and
//! durations in words. Pure functions, no platform locale.

use crate::format::{days_from_civil, days_in_month};
use crate::i18n::I18n;

/// An ISO 8601 duration (`P30D`, `PT72H`, `P1Y6M`), integer components only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IsoDuration {
    /// Years.
    pub years: u32,
    /// Months.
    pub months: u32,
    /// Weeks.
    pub weeks: u32,
    /// Days.
    pub days: u32,
    /// Hours.
    pub hours: u32,
    /// Minutes.
    pub minutes: u32,
    /// Seconds.
    pub seconds: u32,
}

/// The units a retention period is typed in: the ISO 8601 designator, the Fluent key of its name, and the
/// largest number accepted in it — a hundred years whatever the unit (no measurement is kept longer).
pub const UNITS: [(&str, &str, u32); 5] = [
    ("H", "unit-hours", 876_600),
    ("D", "unit-days", 36_525),
    ("W", "unit-weeks", 5_218),
    ("M", "unit-months", 1_200),
    ("Y", "unit-years", 100),
];

/// An ISO 8601 duration from a typed number and unit: `None` unless the unit is one of [`UNITS`] and the
/// number a whole number from 1 to that unit's largest.
pub fn from_count(count: &str, unit: &str) -> Option<String> {
    let (unit, _, max) = UNITS.iter().find(|(code, ..)| *code == unit)?;
    let n: u32 = count.trim().parse().ok().filter(|n| (1..=*max).contains(n))?;
    Some(if *unit == "H" { format!("PT{n}H") } else { format!("P{n}{unit}") })
}

/// A duration as one number and one unit, for the form: exact when it is one (`P18M`, `P1Y6M` as 18 months,
/// `PT48H` as 2 days); a mix of months and days as days, the nearest whole day. Empty for an empty or
/// unreadable value (years by default).
pub fn to_count(text: &str) -> (String, String) {
    let Some(d) = parse_duration(text) else {
        return (String::new(), "Y".into());
    };
    let months = u64::from(d.years) * 12 + u64::from(d.months);
    let hours = (u64::from(d.weeks) * 7 + u64::from(d.days)) * 24 + u64::from(d.hours);
    let rest = d.minutes > 0 || d.seconds > 0;
    let (n, unit) = if months > 0 && hours == 0 && !rest {
        if months % 12 == 0 {
            (months / 12, "Y")
        } else {
            (months, "M")
        }
    } else if months == 0 && !rest && hours > 0 {
        if hours % (24 * 7) == 0 {
            (hours / (24 * 7), "W")
        } else if hours % 24 == 0 {
            (hours / 24, "D")
        } else {
            (hours, "H")
        }
    } else {
        ((d.approx_seconds().max(0) as u64).div_ceil(86_400), "D")
    };
    (n.to_string(), unit.into())
}

/// Parses an ISO 8601 duration: `P[nY][nM][nW][nD][T[nH][nM][nS]]` with at least one component.
pub fn parse_duration(text: &str) -> Option<IsoDuration> {
    let text = text.trim().to_ascii_uppercase();
    let rest = text.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) if !t.is_empty() => (d, Some(t)),
        Some(_) => return None,
        None => (rest, None),
    };
    let mut d = IsoDuration::default();
    let mut any = false;
    // Each part must come in order, once: Y M W D, then H M S.
    let mut parse_part = |part: &str, units: &[char], date_part: bool| -> Option<()> {
        let mut number = String::new();
        let mut next_unit = 0;
        for c in part.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let position = units.iter().position(|u| *u == c)?;
            if position < next_unit || number.is_empty() || number.len() > 9 {
                return None;
            }
            let value: u32 = number.parse().ok()?;
            match (date_part, c) {
                (true, 'Y') => d.years = value,
                (true, 'M') => d.months = value,
                (true, 'W') => d.weeks = value,
                (true, 'D') => d.days = value,
                (false, 'H') => d.hours = value,
                (false, 'M') => d.minutes = value,
                (false, 'S') => d.seconds = value,
                _ => return None,
            }
            any = true;
            number.clear();
            next_unit = position + 1;
        }
        number.is_empty().then_some(())
    };
    parse_part(date, &['Y', 'M', 'W', 'D'], true)?;
    if let Some(time) = time {
        parse_part(time, &['H', 'M', 'S'], false)?;
    }
    any.then_some(d)
}

impl IsoDuration {
    /// Whether nothing is kept at all (`P0D`).
    pub fn is_zero(&self) -> bool {
        *self == IsoDuration::default()
    }

    /// A rough length in seconds (a month as 30 days, a year as 365), for comparing durations only.
    pub fn approx_seconds(&self) -> i64 {
        let days = i64::from(self.years) * 365
            + i64::from(self.months) * 30
            + i64::from(self.weeks) * 7
            + i64::from(self.days);
        days * 86_400 + i64::from(self.hours) * 3600 + i64::from(self.minutes) * 60 + i64::from(self.seconds)
    }

    /// The retention cut-off: data measured before this time (Unix seconds) must be gone at `now`. Years and
    /// months are calendar ones (31 March minus one month is 28 or 29 February).
    pub fn cutoff(&self, now: i64) -> i64 {
        let date = crate::format::date_of(now);
        let second_of_day = now.rem_euclid(86_400);
        let total_months =
            date.year * 12 + i64::from(date.month - 1) - i64::from(self.years) * 12 - i64::from(self.months);
        let (year, month) = (total_months.div_euclid(12), (total_months.rem_euclid(12) + 1) as u32);
        let day = date.day.min(days_in_month(year, month));
        let shifted = days_from_civil(year, month, day) * 86_400 + second_of_day;
        shifted
            - (i64::from(self.weeks) * 7 + i64::from(self.days)) * 86_400
            - i64::from(self.hours) * 3600
            - i64::from(self.minutes) * 60
            - i64::from(self.seconds)
    }

    /// In words: « 1 an et 6 mois », « 30 jours », "72 hours"; « aucune conservation » for zero.
    pub fn describe(&self, i18n: I18n) -> String {
        if self.is_zero() {
            return i18n.t("duration-none");
        }
        let parts: Vec<String> = [
            (self.years, "duration-years"),
            (self.months, "duration-months"),
            (self.weeks, "duration-weeks"),
            (self.days, "duration-days"),
            (self.hours, "duration-hours"),
            (self.minutes, "duration-minutes"),
            (self.seconds, "duration-seconds"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, key)| i18n.t_args(key, &[("n", n.to_string())]))
        .collect();
        match parts.as_slice() {
            [one] => one.clone(),
            [init @ .., last] => format!("{} {} {}", init.join(", "), i18n.t("duration-and"), last),
            [] => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn parses_iso_durations() {
        assert_eq!(parse_duration("P30D"), Some(IsoDuration { days: 30, ..Default::default() }));
        assert_eq!(parse_duration("pt72h"), Some(IsoDuration { hours: 72, ..Default::default() }));
        assert_eq!(parse_duration("P1Y6M"), Some(IsoDuration { years: 1, months: 6, ..Default::default() }));
        assert_eq!(parse_duration("P2W"), Some(IsoDuration { weeks: 2, ..Default::default() }));
        assert_eq!(
            parse_duration("P1DT12H30M5S"),
            Some(IsoDuration { days: 1, hours: 12, minutes: 30, seconds: 5, ..Default::default() })
        );
        assert_eq!(parse_duration("P0D"), Some(IsoDuration::default()));
        for bad in ["", "P", "PT", "30D", "P30", "P1D2Y", "P1YY", "PT1D", "P-1D", "P1.5D", "P1H", "P30DT", "P 30D"] {
            assert_eq!(parse_duration(bad), None, "{bad}");
        }
    }

    #[test]
    fn retention_cutoffs_follow_the_calendar() {
        let at = |y, m, d| days_from_civil(y, m, d) * 86_400 + 10 * 3600;
        let now = at(2027, 3, 31);
        assert_eq!(parse_duration("P30D").unwrap().cutoff(now), at(2027, 3, 1));
        assert_eq!(parse_duration("P1M").unwrap().cutoff(now), at(2027, 2, 28));
        assert_eq!(parse_duration("P1M").unwrap().cutoff(at(2028, 3, 31)), at(2028, 2, 29));
        assert_eq!(parse_duration("P1Y").unwrap().cutoff(at(2028, 2, 29)), at(2027, 2, 28));
        assert_eq!(parse_duration("PT72H").unwrap().cutoff(now), at(2027, 3, 28));
        assert_eq!(parse_duration("P0D").unwrap().cutoff(now), now);
        assert_eq!(parse_duration("P1Y2M").unwrap().cutoff(at(2027, 1, 15)), at(2025, 11, 15));
        assert!(parse_duration("P1Y").unwrap().approx_seconds() > parse_duration("P11M").unwrap().approx_seconds());
    }

    #[test]
    fn describes_durations_in_words() {
        let fr = I18n(Lang::Fr);
        let en = I18n(Lang::En);
        assert_eq!(parse_duration("P30D").unwrap().describe(fr), "30 jours");
        assert_eq!(parse_duration("P1Y").unwrap().describe(fr), "1 an");
        assert_eq!(parse_duration("P1Y6M").unwrap().describe(fr), "1 an et 6 mois");
        assert_eq!(parse_duration("P2Y1M1D").unwrap().describe(en), "2 years, 1 month and 1 day");
        assert_eq!(parse_duration("PT1H").unwrap().describe(en), "1 hour");
        assert_eq!(parse_duration("P0D").unwrap().describe(fr), "aucune conservation");
    }

    #[test]
    fn a_typed_number_and_unit_becomes_a_duration_and_back() {
        assert_eq!(from_count("5", "Y").as_deref(), Some("P5Y"));
        assert_eq!(from_count(" 30 ", "D").as_deref(), Some("P30D"));
        assert_eq!(from_count("72", "H").as_deref(), Some("PT72H"));
        assert_eq!(from_count("100", "Y").as_deref(), Some("P100Y"));
        for (count, unit) in [
            ("0", "D"),
            ("-3", "D"),
            ("1.5", "Y"),
            ("", "Y"),
            ("101", "Y"),
            ("1201", "M"),
            ("36526", "D"),
            ("9999999999", "D"),
            ("3", "X"),
            ("3", "S"),
        ] {
            assert_eq!(from_count(count, unit), None, "{count} {unit}");
        }
        let pair = |n: &str, u: &str| (n.to_string(), u.to_string());
        assert_eq!(to_count("P5Y"), pair("5", "Y"));
        assert_eq!(to_count("P1Y6M"), pair("18", "M"));
        assert_eq!(to_count("P24M"), pair("2", "Y"));
        assert_eq!(to_count("PT48H"), pair("2", "D"));
        assert_eq!(to_count("PT36H"), pair("36", "H"));
        assert_eq!(to_count("P2W"), pair("2", "W"));
        assert_eq!(to_count("P14D"), pair("2", "W"));
        assert_eq!(to_count(""), pair("", "Y"));
        assert_eq!(to_count("nonsense"), pair("", "Y"));
        // Every typed value reads back as itself.
        // Every typed value reads back as itself (7 days read as 1 week: the same duration).
        assert_eq!(to_count("P7D"), pair("1", "W"));
        for (n, u) in [("5", "D"), ("13", "M"), ("3", "Y"), ("5", "H"), ("3", "W")] {
            assert_eq!(to_count(&from_count(n, u).unwrap()), pair(n, u));
        }
    }
}
