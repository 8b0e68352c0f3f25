//! The bulletin's pure parts: periods (a year or a quarter) and their bounds, the status moves a sensor history
//! entry records, and the whole bulletin as one CSV in long form (section, item, measure, value).

use super::Bulletin;
use crate::format::iso_day;
use crate::format::parse_date;
use crate::reports::dashboard::chart::csv_field;
use crate::sensors::FieldChange;

/// A bulletin's period.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// A calendar year.
    Year(i64),
    /// A quarter (1–4) of a year.
    Quarter(i64, u32),
}

impl Period {
    /// Reads `2026` or `2026-T3` (T for trimestre); years 2000 to 2100.
    pub fn parse(code: &str) -> Option<Period> {
        let (year, quarter) = match code.split_once("-T") {
            Some((y, q)) => (y, Some(q)),
            None => (code, None),
        };
        if year.len() != 4 {
            return None;
        }
        let year: i64 = year.parse().ok().filter(|y| (2000..=2100).contains(y))?;
        match quarter {
            None => Some(Period::Year(year)),
            Some(q) => q.parse::<u32>().ok().filter(|q| (1..=4).contains(q)).map(|q| Period::Quarter(year, q)),
        }
    }

    /// Its code, as in its address.
    pub fn code(self) -> String {
        match self {
            Period::Year(y) => format!("{y}"),
            Period::Quarter(y, q) => format!("{y}-T{q}"),
        }
    }

    /// Its first day and the day after its last, as YYYY-MM-DD.
    fn days(self) -> (String, String) {
        let (year, first_month, months) = match self {
            Period::Year(y) => (y, 1, 12),
            Period::Quarter(y, q) => (y, 3 * (q - 1) + 1, 3),
        };
        let end_month = first_month + months;
        let end = if end_month > 12 { format!("{}-01-01", year + 1) } else { format!("{year}-{end_month:02}-01") };
        (format!("{year}-{first_month:02}-01"), end)
    }

    /// Its first and last days (YYYY-MM-DD), for dates stored as text.
    pub fn first_and_last_day(self) -> (String, String) {
        let (first, after) = self.days();
        let last = parse_date(&after).map(|d| iso_day(d - 1)).unwrap_or_default();
        (first, last)
    }

    /// Its bounds in Unix seconds (UTC): from its first instant, up to but not including the next period's.
    pub fn range(self) -> (i64, i64) {
        let (first, after) = self.days();
        (parse_date(&first).unwrap_or(0) * 86_400, parse_date(&after).unwrap_or(0) * 86_400)
    }

    /// The period holding `unix_seconds`, of the same kind as `self`.
    pub fn current(unix_seconds: i64, quarter: bool) -> Period {
        let d = crate::format::date_of(unix_seconds);
        if quarter {
            Period::Quarter(d.year, (d.month - 1) / 3 + 1)
        } else {
            Period::Year(d.year)
        }
    }
}

/// The periods the list offers, newest first: each year from `first_year` to the current one, each followed by
/// its quarters that have begun.
pub fn periods(first_year: i64, now: i64) -> Vec<Period> {
    let Period::Quarter(year, quarter) = Period::current(now, true) else { return vec![] };
    let mut out = vec![];
    for y in (first_year.min(year)..=year).rev() {
        out.push(Period::Year(y));
        let last = if y == year { quarter } else { 4 };
        out.extend((1..=last).rev().map(|q| Period::Quarter(y, q)));
    }
    out
}

/// The status a sensor history entry moved the sensor to, if it changed its status (not at creation).
pub fn status_move(changes: &[FieldChange]) -> Option<&str> {
    changes.iter().find(|c| c.field == "status" && !c.old.is_empty() && c.old != c.new).map(|c| c.new.as_str())
}

/// The whole bulletin as CSV, one figure per line: `section,item,measure,value` (codes and counts; amounts in
/// cents; a consultation's or budget's item is its slug, a project's its number).
pub fn to_csv(b: &Bulletin) -> String {
    let mut out = String::from("period,section,item,measure,value\r\n");
    let mut line = |section: &str, item: &str, measure: &str, value: String| {
        let fields = [b.period.as_str(), section, item, measure, value.as_str()].map(csv_field);
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    };
    for t in &b.tables {
        for row in &t.rows {
            for (column, value) in t.columns.iter().zip(&row.values) {
                line(&t.id, &row.key, &column.code, value.to_string());
            }
        }
    }
    for c in &b.consultations {
        line("consultations", &c.slug, "phase", c.phase.code().to_string());
        if let Some((f, a, n)) = c.votes {
            for (measure, v) in [("for", f), ("against", a), ("abstain", n)] {
                line("consultations", &c.slug, measure, v.to_string());
            }
        }
        line("consultations", &c.slug, "comments", c.comments.to_string());
    }
    for d in &b.decisions {
        let item = d.id.to_string();
        line("decisions", &item, "outcome", d.outcome.code().to_string());
        line("decisions", &item, "decided_on", d.decided_on.clone());
        line("decisions", &item, "subject", d.subject_slug.clone());
    }
    for r in &b.budgets {
        for (measure, v) in [("ballots", r.ballots), ("funded", r.funded), ("amount", r.amount)] {
            line("budgets", &r.slug, measure, v.to_string());
        }
        line("budgets", &r.slug, "rule", r.rule.clone());
    }
    for p in &b.projects {
        let item = p.id.to_string();
        line("projects", &item, "status", p.figures.status.code().to_string());
        for (measure, v) in [
            ("progress", p.figures.progress),
            ("voted", p.figures.voted),
            ("spent", p.figures.spent),
            ("updates", p.updates),
        ] {
            line("projects", &item, measure, v.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_years_and_quarters() {
        assert_eq!(Period::parse("2026"), Some(Period::Year(2026)));
        assert_eq!(Period::parse("2026-T3"), Some(Period::Quarter(2026, 3)));
        for bad in ["26", "2026-T5", "2026-T0", "2026-Q1", "1999", "2026-T", "deux"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(Period::Quarter(2026, 3).code(), "2026-T3");
    }

    #[test]
    fn bounds_cover_the_whole_period_and_no_more() {
        assert_eq!(Period::Year(2024).first_and_last_day(), ("2024-01-01".into(), "2024-12-31".into()));
        assert_eq!(Period::Quarter(2024, 1).first_and_last_day(), ("2024-01-01".into(), "2024-03-31".into()));
        assert_eq!(Period::Quarter(2024, 4).first_and_last_day(), ("2024-10-01".into(), "2024-12-31".into()));
        let (start, end) = Period::Quarter(2026, 2).range();
        assert_eq!((start, end), (1_775_001_600, 1_782_864_000)); // 2026-04-01, 2026-07-01 UTC
        assert_eq!(Period::current(end - 1, true), Period::Quarter(2026, 2));
        assert_eq!(Period::current(end, true), Period::Quarter(2026, 3));
        assert_eq!(Period::current(end, false), Period::Year(2026));
    }

    #[test]
    fn offers_each_year_and_its_begun_quarters() {
        let now = Period::Quarter(2026, 2).range().0 + 10; // early April 2026
        let codes: Vec<String> = periods(2025, now).into_iter().map(Period::code).collect();
        assert_eq!(codes, ["2026", "2026-T2", "2026-T1", "2025", "2025-T4", "2025-T3", "2025-T2", "2025-T1"]);
        assert_eq!(periods(2030, now).len(), 3, "a first year in the future: this year only");
    }

    #[test]
    fn reads_status_moves_but_not_creations() {
        let change =
            |field: &str, old: &str, new: &str| FieldChange { field: field.into(), old: old.into(), new: new.into() };
        assert_eq!(
            status_move(&[change("name", "a", "b"), change("status", "active", "suspended")]),
            Some("suspended")
        );
        assert_eq!(status_move(&[change("status", "", "active")]), None);
        assert_eq!(status_move(&[change("name", "a", "b")]), None);
    }
}
