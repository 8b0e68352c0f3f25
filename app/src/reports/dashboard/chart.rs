//! The dashboard's pure parts: bar lengths for the SVG charts, participation counted by week, tables as CSV.

use super::Table;
use crate::format::iso_day;

/// Each value's bar length on a scale where the largest value is `full` units long; a value above zero is at
/// least one unit (never invisible), zero and below draw nothing.
pub fn bar_lengths(values: &[i64], full: i64) -> Vec<i64> {
    let max = values.iter().copied().max().unwrap_or(0);
    values
        .iter()
        .map(
            |&v| {
                if v <= 0 || max <= 0 {
                    0
                } else {
                    ((i128::from(v) * i128::from(full)) / i128::from(max)).max(1) as i64
                }
            },
        )
        .collect()
}

/// The Monday (UTC) of the week holding `unix_seconds`, as days since 1970-01-01 (a Thursday).
fn monday(unix_seconds: i64) -> i64 {
    let day = unix_seconds.div_euclid(86_400);
    day - (day + 3).rem_euclid(7)
}

/// How many events (Unix seconds) fell in each week, from the first event's week to the last's, weeks without
/// any included (a time axis with holes would mislead), keyed by the week's Monday (YYYY-MM-DD).
pub fn weekly(times: &[i64]) -> Vec<(String, i64)> {
    let (Some(first), Some(last)) = (times.iter().min(), times.iter().max()) else {
        return vec![];
    };
    let (from, to) = (monday(*first), monday(*last));
    let mut counts = vec![0i64; ((to - from) / 7 + 1) as usize];
    for t in times {
        counts[((monday(*t) - from) / 7) as usize] += 1;
    }
    counts.into_iter().enumerate().map(|(i, n)| (iso_day(from + 7 * i as i64), n)).collect()
}

/// One CSV field: quoted when needed; a text that a spreadsheet would run as a formula is written as text (a lone
/// "-", the "not declared" key, is not one).
pub fn csv_field(text: &str) -> String {
    let text = crate::format::spreadsheet_safe(text).into_owned();
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A table as CSV: a header of codes, then one line per row (amounts in cents, as stored).
pub fn to_csv(table: &Table) -> String {
    let mut out = String::new();
    let header: Vec<String> =
        std::iter::once("key".to_string()).chain(table.columns.iter().map(|c| csv_field(&c.code))).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in &table.rows {
        let line: Vec<String> =
            std::iter::once(csv_field(&row.key)).chain(row.values.iter().map(|v| v.to_string())).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Column, Row};
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_value() {
        assert_eq!(bar_lengths(&[10, 5, 0, 1], 300), vec![300, 150, 0, 30]);
        // A tiny value still shows; nothing to draw when everything is zero or there is nothing.
        assert_eq!(bar_lengths(&[10_000, 1], 300), vec![300, 1]);
        assert_eq!(bar_lengths(&[0, 0], 300), vec![0, 0]);
        assert_eq!(bar_lengths(&[], 300), Vec::<i64>::new());
        assert_eq!(bar_lengths(&[i64::MAX, i64::MAX / 2], 300), vec![300, 149]);
    }

    #[test]
    fn counts_by_week_with_empty_weeks_kept() {
        let day = 86_400;
        // 2026-03-02 is a Monday; 2026-03-08 the Sunday of the same week; 2026-03-23 two weeks later.
        let monday = 20_514 * day;
        assert_eq!(iso_day(20_514), "2026-03-02");
        let times = [monday + 3_600, monday + 6 * day + 86_399, monday + 21 * day, monday + 21 * day + 5];
        assert_eq!(
            weekly(&times),
            vec![
                ("2026-03-02".to_string(), 2),
                ("2026-03-09".to_string(), 0),
                ("2026-03-16".to_string(), 0),
                ("2026-03-23".to_string(), 2)
            ]
        );
        assert_eq!(weekly(&[]), vec![]);
        // Across 1970-01-01 (a Wednesday and a Thursday of the same week).
        assert_eq!(weekly(&[-day, 0]), vec![("1969-12-29".to_string(), 2)]);
    }

    #[test]
    fn writes_csv_with_quotes_and_no_formulas() {
        let table = Table {
            id: "districts".into(),
            title_key: "t".into(),
            key_label: "k".into(),
            columns: vec![
                Column { code: "votes".into(), label_key: "v".into(), money: false },
                Column { code: "amount".into(), label_key: "a".into(), money: true },
            ],
            rows: vec![
                Row { key: "Centre, \"vieille ville\"".into(), label_key: None, values: vec![12, 150_050] },
                Row { key: "=HYPERLINK(1)".into(), label_key: None, values: vec![0, 0] },
                Row { key: "-".into(), label_key: None, values: vec![1, 0] },
            ],
            chart_column: Some(0),
            currency: "EUR".into(),
        };
        assert_eq!(
            to_csv(&table),
            "key,votes,amount\r\n\"Centre, \"\"vieille ville\"\"\",12,150050\r\n'=HYPERLINK(1),0,0\r\n-,1,0\r\n"
        );
    }
}
