//! The rules a measurement must pass before it is stored, as pure functions: the right type for its datastream,
//! not from the future (5 minutes of clock drift allowed), not already past its retention period — a value the
//! town has promised to delete must never be stored in the first place.

use super::Value;
use crate::sensors::duration::parse_duration;
use crate::sensors::ValueType;

/// Clock drift tolerated for devices whose clock runs ahead (milliseconds).
pub const MAX_FUTURE_MS: i64 = 5 * 60 * 1000;

/// Why a row is refused (each a Fluent key naming the reason in the response).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The value's type is not the datastream's.
    WrongType,
    /// More than five minutes in the future.
    InFuture,
    /// Older than the datastream's retention: it would have to be deleted already.
    PastRetention,
}

impl Refusal {
    /// The Fluent key of the reason.
    pub fn key(self) -> &'static str {
        match self {
            Refusal::WrongType => crate::msg_key!("ingest-refused-type"),
            Refusal::InFuture => crate::msg_key!("ingest-refused-future"),
            Refusal::PastRetention => crate::msg_key!("ingest-refused-retention"),
        }
    }
}

/// Whether `value` fits a datastream of type `value_type`.
pub fn type_matches(value: &Value, value_type: ValueType) -> bool {
    matches!(
        (value, value_type),
        (Value::Number(_), ValueType::Number)
            | (Value::Bool(_), ValueType::Boolean)
            | (Value::Text(_), ValueType::Text)
    )
}

/// The earliest time (Unix milliseconds) a value of a datastream kept for `raw_retention` may have at `now_ms`;
/// `None` when the retention cannot be read (then nothing is accepted: the registry must be fixed first).
pub fn earliest_kept(raw_retention: &str, now_ms: i64) -> Option<i64> {
    let duration = parse_duration(raw_retention)?;
    let now_s = now_ms.div_euclid(1000);
    Some(duration.cutoff(now_s) * 1000 + now_ms.rem_euclid(1000))
}

/// Checks one measurement against its datastream's type and retention at `now_ms`.
pub fn check(
    value: &Value,
    time_ms: i64,
    value_type: ValueType,
    raw_retention: &str,
    now_ms: i64,
) -> Result<(), Refusal> {
    check_with(value, time_ms, value_type, earliest_kept(raw_retention, now_ms), now_ms)
}

/// `check` with the datastream's earliest kept time already worked out (once per request, not per row).
pub fn check_with(
    value: &Value,
    time_ms: i64,
    value_type: ValueType,
    earliest_kept: Option<i64>,
    now_ms: i64,
) -> Result<(), Refusal> {
    if !type_matches(value, value_type) {
        return Err(Refusal::WrongType);
    }
    if time_ms > now_ms + MAX_FUTURE_MS {
        return Err(Refusal::InFuture);
    }
    match earliest_kept {
        Some(earliest) if time_ms >= earliest => Ok(()),
        _ => Err(Refusal::PastRetention),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_162_502_118; // 2026-11-20T08:15:02.118Z
    const DAY: i64 = 86_400_000;

    #[test]
    fn types_must_match_the_datastream() {
        assert_eq!(check(&Value::Number(1.0), NOW, ValueType::Number, "P30D", NOW), Ok(()));
        assert_eq!(check(&Value::Bool(true), NOW, ValueType::Boolean, "P30D", NOW), Ok(()));
        assert_eq!(check(&Value::Text("x".into()), NOW, ValueType::Text, "P30D", NOW), Ok(()));
        assert_eq!(check(&Value::Text("41.2".into()), NOW, ValueType::Number, "P30D", NOW), Err(Refusal::WrongType));
        assert_eq!(check(&Value::Number(1.0), NOW, ValueType::Boolean, "P30D", NOW), Err(Refusal::WrongType));
    }

    #[test]
    fn times_must_be_neither_future_nor_past_retention() {
        let n = Value::Number(1.0);
        assert_eq!(check(&n, NOW + MAX_FUTURE_MS, ValueType::Number, "P30D", NOW), Ok(()));
        assert_eq!(check(&n, NOW + MAX_FUTURE_MS + 1, ValueType::Number, "P30D", NOW), Err(Refusal::InFuture));
        assert_eq!(check(&n, NOW - 30 * DAY, ValueType::Number, "P30D", NOW), Ok(()));
        assert_eq!(check(&n, NOW - 30 * DAY - 1, ValueType::Number, "P30D", NOW), Err(Refusal::PastRetention));
        // Zero retention keeps nothing from the past; an unreadable one accepts nothing.
        assert_eq!(check(&n, NOW - 1, ValueType::Number, "P0D", NOW), Err(Refusal::PastRetention));
        assert_eq!(check(&n, NOW, ValueType::Number, "30 jours", NOW), Err(Refusal::PastRetention));
        assert_eq!(earliest_kept("PT1H", NOW), Some(NOW - 3_600_000));
        assert_eq!(Refusal::InFuture.key(), "ingest-refused-future");
    }
}
