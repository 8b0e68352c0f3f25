//! The OGC SensorThings API v1.1 subset we speak, as pure functions: entity paths (`Datastreams(17)`), query
//! options (`$top`, `$skip`, `$orderby`, a `phenomenonTime` filter) and observation ids. No IO.

use super::decode::parse_rfc3339;

/// Rows per page when `$top` is not given, and the most a client may ask for.
pub const DEFAULT_TOP: i64 = 100;
/// The largest `$top`.
pub const MAX_TOP: i64 = 1000;
/// The largest `$skip`: a billion rows, beyond any datastream kept here, so that `$skip + $top` (the next
/// page) always fits.
pub const MAX_SKIP: i64 = 1_000_000_000;

/// Reads `Name(17)` as `("Name", Some(17))` and `Name` as `("Name", None)`; `None` when malformed.
pub fn entity(segment: &str) -> Option<(&str, Option<i64>)> {
    match segment.split_once('(') {
        None => Some((segment, None)),
        Some((name, rest)) => {
            let id = rest.strip_suffix(')')?;
            Some((name, Some(id.parse().ok()?)))
        }
    }
}

/// An observation's id: its datastream and time, as `17-1795162502118` (the key that makes it unique).
pub fn observation_id(datastream_id: i64, time_ms: i64) -> String {
    format!("{datastream_id}-{time_ms}")
}

/// Reads an observation id (`'17-1795162502118'` in a path, quotes optional).
pub fn parse_observation_id(text: &str) -> Option<(i64, i64)> {
    let text = text.trim_matches('\'');
    let (d, t) = text.split_once('-')?;
    Some((d.parse().ok()?, t.parse().ok()?))
}

/// Why query options are refused (a Fluent key).
pub type OptionError = &'static str;

/// The query options of a collection request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Rows to return.
    pub top: i64,
    /// Rows to skip.
    pub skip: i64,
    /// Oldest first (`$orderby=phenomenonTime asc`); newest first by default.
    pub ascending: bool,
    /// `phenomenonTime` at or after (Unix ms).
    pub from: Option<i64>,
    /// `phenomenonTime` before (Unix ms).
    pub until: Option<i64>,
}

impl Default for Options {
    fn default() -> Self {
        Options { top: DEFAULT_TOP, skip: 0, ascending: false, from: None, until: None }
    }
}

/// Reads `$top`, `$skip`, `$orderby` and `$filter` from decoded query pairs.
pub fn options(pairs: &[(String, String)]) -> Result<Options, OptionError> {
    let mut o = Options::default();
    for (key, value) in pairs {
        let value = value.trim();
        match key.as_str() {
            "$top" => {
                o.top =
                    value.parse().ok().filter(|t| (0..=MAX_TOP).contains(t)).ok_or(crate::msg_key!("sta-error-top"))?
            }
            "$skip" => {
                o.skip = value
                    .parse()
                    .ok()
                    .filter(|s| (0..=MAX_SKIP).contains(s))
                    .ok_or(crate::msg_key!("sta-error-skip"))?
            }
            "$orderby" => {
                o.ascending = match value.split_whitespace().collect::<Vec<_>>().as_slice() {
                    ["phenomenonTime"] | ["phenomenonTime", "asc"] => true,
                    ["phenomenonTime", "desc"] => false,
                    _ => return Err(crate::msg_key!("sta-error-orderby")),
                }
            }
            "$filter" => {
                let (from, until) = time_filter(value)?;
                o.from = from;
                o.until = until;
            }
            _ => {}
        }
    }
    Ok(o)
}

/// Reads a filter on `phenomenonTime`: comparisons (`ge`, `gt`, `le`, `lt`, `eq`) with RFC 3339 times joined by
/// `and`, as a half-open range [from, until) in Unix milliseconds.
pub fn time_filter(text: &str) -> Result<(Option<i64>, Option<i64>), OptionError> {
    let mut from: Option<i64> = None;
    let mut until: Option<i64> = None;
    let tighten_from = |f: &mut Option<i64>, v: i64| *f = Some(f.map_or(v, |x| x.max(v)));
    let tighten_until = |u: &mut Option<i64>, v: i64| *u = Some(u.map_or(v, |x| x.min(v)));
    for clause in text.split(" and ") {
        let words: Vec<&str> = clause.split_whitespace().collect();
        let [field, op, time] = words.as_slice() else { return Err(crate::msg_key!("sta-error-filter")) };
        if *field != "phenomenonTime" {
            return Err(crate::msg_key!("sta-error-filter"));
        }
        let t = parse_rfc3339(time.trim_matches('\'')).ok_or(crate::msg_key!("sta-error-filter"))?;
        match *op {
            "ge" => tighten_from(&mut from, t),
            "gt" => tighten_from(&mut from, t + 1),
            "lt" => tighten_until(&mut until, t),
            "le" => tighten_until(&mut until, t + 1),
            "eq" => {
                tighten_from(&mut from, t);
                tighten_until(&mut until, t + 1);
            }
            _ => return Err(crate::msg_key!("sta-error-filter")),
        }
    }
    Ok((from, until))
}

/// The SensorThings observation type of a value type.
pub fn observation_type(value_type: crate::sensors::ValueType) -> &'static str {
    use crate::sensors::ValueType;
    match value_type {
        ValueType::Number => "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
        ValueType::Boolean => "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_TruthObservation",
        ValueType::Text => "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Observation",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn reads_entity_paths_and_observation_ids() {
        assert_eq!(entity("Datastreams(17)"), Some(("Datastreams", Some(17))));
        assert_eq!(entity("Things"), Some(("Things", None)));
        assert_eq!(entity("Datastreams(x)"), None);
        assert_eq!(entity("Datastreams(17"), None);
        assert_eq!(parse_observation_id(&observation_id(17, 1_795_162_502_118)), Some((17, 1_795_162_502_118)));
        assert_eq!(parse_observation_id("'17-5'"), Some((17, 5)));
        assert_eq!(parse_observation_id("17"), None);
    }

    #[test]
    fn reads_paging_ordering_and_time_filters() {
        assert_eq!(options(&[]), Ok(Options::default()));
        let o = options(&pairs(&[
            ("$top", "10"),
            ("$skip", "20"),
            ("$orderby", "phenomenonTime asc"),
            ("$filter", "phenomenonTime ge 2026-11-20T08:00:00Z and phenomenonTime lt 2026-11-20T09:00:00Z"),
        ]))
        .unwrap();
        assert_eq!((o.top, o.skip, o.ascending), (10, 20, true));
        assert_eq!(o.from, Some(1_795_161_600_000));
        assert_eq!(o.until, Some(1_795_165_200_000));
        assert_eq!(
            time_filter("phenomenonTime eq 2026-11-20T08:00:00Z"),
            Ok((Some(1_795_161_600_000), Some(1_795_161_600_001)))
        );
        assert_eq!(time_filter("phenomenonTime gt 2026-11-20T08:00:00Z").unwrap().0, Some(1_795_161_600_001));
        assert_eq!(options(&pairs(&[("$top", "5000")])), Err("sta-error-top"));
        assert_eq!(options(&pairs(&[("$skip", "-1")])), Err("sta-error-skip"));
        // The review's crash: `$skip + $top` overflowed.
        assert_eq!(options(&pairs(&[("$skip", "9223372036854775807")])), Err("sta-error-skip"));
        assert_eq!(options(&pairs(&[("$skip", "1000000001")])), Err("sta-error-skip"));
        assert_eq!(options(&pairs(&[("$skip", "1000000000")])).unwrap().skip, MAX_SKIP);
        assert_eq!(options(&pairs(&[("$orderby", "result desc")])), Err("sta-error-orderby"));
        assert_eq!(time_filter("result gt 3"), Err("sta-error-filter"));
        assert_eq!(time_filter("phenomenonTime ge hier"), Err("sta-error-filter"));
        assert_eq!(time_filter("phenomenonTime ne 2026-11-20T08:00:00Z"), Err("sta-error-filter"));
    }
}
