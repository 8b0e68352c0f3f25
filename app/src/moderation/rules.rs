//! Moderation's pure rules: the report threshold, block durations, what the public log shows.

/// Reports that hide an item pending review, unless the town sets another number.
pub const DEFAULT_THRESHOLD: i64 = 3;
/// The settings key of the threshold.
pub const THRESHOLD_SETTING: &str = "moderation_report_threshold";
/// The reason shown on an item hidden by reports, before any moderator looked at it.
pub const PENDING_REASON: &str = "reports";

/// Whether `open_reports` reports hide an item.
pub fn reaches_threshold(open_reports: i64, threshold: i64) -> bool {
    threshold > 0 && open_reports >= threshold
}

/// Reads a threshold from a form or the settings: 1 to 100.
pub fn parse_threshold(text: &str) -> Option<i64> {
    text.trim().parse::<i64>().ok().filter(|n| (1..=100).contains(n))
}

/// Block lengths offered to moderators: code and seconds (`None`: until lifted).
pub const BLOCK_DURATIONS: [(&str, Option<i64>); 5] = [
    ("1d", Some(86_400)),
    ("7d", Some(7 * 86_400)),
    ("30d", Some(30 * 86_400)),
    ("365d", Some(365 * 86_400)),
    ("indefinite", None),
];

/// The end of a block of duration `code` starting `now`: `Some(None)` for "until lifted", `None` for an
/// unknown code.
pub fn block_until(code: &str, now: i64) -> Option<Option<i64>> {
    BLOCK_DURATIONS.iter().find(|(c, _)| *c == code).map(|(_, secs)| secs.map(|s| now + s))
}

/// Whether a block is in force at `now`.
pub fn block_active(until: Option<i64>, lifted_at: Option<i64>, now: i64) -> bool {
    lifted_at.is_none() && until.is_none_or(|u| u > now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold() {
        assert!(!reaches_threshold(2, 3));
        assert!(reaches_threshold(3, 3));
        assert!(reaches_threshold(1, 1));
        assert!(!reaches_threshold(5, 0));
        assert_eq!(parse_threshold(" 5 "), Some(5));
        assert_eq!(parse_threshold("0"), None);
        assert_eq!(parse_threshold("101"), None);
        assert_eq!(parse_threshold("trois"), None);
    }

    #[test]
    fn blocks() {
        assert_eq!(block_until("7d", 100), Some(Some(100 + 7 * 86_400)));
        assert_eq!(block_until("indefinite", 100), Some(None));
        assert_eq!(block_until("forever", 100), None);
        assert!(block_active(Some(200), None, 100));
        assert!(!block_active(Some(200), None, 200));
        assert!(block_active(None, None, 1_000_000));
        assert!(!block_active(None, Some(150), 1_000_000));
    }
}
