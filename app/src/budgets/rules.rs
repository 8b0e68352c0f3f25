//! Budgets' pure rules: how phases move, what makes a ballot valid under each ballot kind (the ballot page
//! shows the same running total and the same violations the server enforces), and how paper ballots are read
//! and their two entries compared. The budget form is checked in `form`.

use super::{BallotKind, Phase};

/// Whether a budget may move from `from` to `to`: one step forward at a time.
pub fn may_move(from: Phase, to: Phase) -> bool {
    let at = |p: Phase| Phase::ALL.iter().position(|&q| q == p).unwrap_or(0);
    at(to) == at(from) + 1
}

/// Whether ballots can be cast or changed in a phase.
pub fn voting_open(phase: Phase) -> bool {
    phase == Phase::Voting
}

/// Whether the ballot rules and the counting rule can still be changed (not once voting has opened).
pub fn rules_editable(phase: Phase) -> bool {
    matches!(phase, Phase::Proposals | Phase::Review)
}

/// The rules a ballot must follow in one envelope.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct BallotRules {
    /// The kind of ballot.
    pub kind: BallotKind,
    /// Approval: fewest projects.
    pub min_choices: i64,
    /// Approval: most projects; ranked: how many ranks.
    pub max_choices: Option<i64>,
    /// Knapsack: the least share of the envelope, in percent.
    pub min_spend_pct: i64,
    /// Cumulative: points to spread.
    pub max_points: Option<i64>,
    /// Cumulative: most points on one project.
    pub max_points_each: Option<i64>,
    /// The envelope, in cents.
    pub envelope: i64,
}

/// What is wrong with a ballot (each names what the voter must change).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BallotError {
    /// A project that is not on this ballot.
    UnknownProject,
    /// The same project twice.
    Duplicate,
    /// Fewer projects than the minimum.
    TooFew {
        /// The minimum.
        min: i64,
    },
    /// More projects than the maximum (or ranks than allowed).
    TooMany {
        /// The maximum.
        max: i64,
    },
    /// Knapsack: the projects cost more than the envelope.
    OverEnvelope {
        /// The ballot's total, cents.
        total: i64,
        /// The envelope, cents.
        envelope: i64,
    },
    /// Knapsack: the projects use less than the required share of the envelope.
    UnderMinimum {
        /// The ballot's total, cents.
        total: i64,
        /// The least total allowed, cents.
        minimum: i64,
    },
    /// Cumulative: points must be whole numbers above zero.
    BadPoints,
    /// Cumulative: more points in all than allowed.
    TooManyPoints {
        /// Points given.
        total: i64,
        /// Points allowed.
        max: i64,
    },
    /// Cumulative: more points on one project than allowed.
    TooManyPointsEach {
        /// Points allowed on one project.
        max: i64,
    },
    /// Ranked: ranks must be 1, 2, 3… without gaps or repeats.
    RanksNotConsecutive,
}

impl BallotError {
    /// The Fluent key of the message.
    pub fn key(&self) -> &'static str {
        match self {
            BallotError::UnknownProject => crate::msg_key!("ballot-error-unknown-project"),
            BallotError::Duplicate => crate::msg_key!("ballot-error-duplicate"),
            BallotError::TooFew { .. } => crate::msg_key!("ballot-error-too-few"),
            BallotError::TooMany { .. } => crate::msg_key!("ballot-error-too-many"),
            BallotError::OverEnvelope { .. } => crate::msg_key!("ballot-error-over-envelope"),
            BallotError::UnderMinimum { .. } => crate::msg_key!("ballot-error-under-minimum"),
            BallotError::BadPoints => crate::msg_key!("ballot-error-bad-points"),
            BallotError::TooManyPoints { .. } => crate::msg_key!("ballot-error-too-many-points"),
            BallotError::TooManyPointsEach { .. } => crate::msg_key!("ballot-error-too-many-points-each"),
            BallotError::RanksNotConsecutive => crate::msg_key!("ballot-error-ranks"),
        }
    }
}

/// A ballot's running totals, for the page: projects chosen, their cost, points given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    /// Projects on the ballot.
    pub projects: i64,
    /// Their total cost, cents.
    pub cost: i64,
    /// Points (cumulative) given.
    pub points: i64,
}

/// The most points (or the highest rank) one project may get on one ballot, whatever the budget's own limits:
/// every number a voter types is read into `1..=MAX_POINTS`, so that no sum of them can leave an `i64`.
pub const MAX_POINTS: i64 = 1_000_000;

/// Adds numbers without ever wrapping: `None` past `i64::MAX` (or below `i64::MIN`).
pub fn checked_sum(values: impl IntoIterator<Item = i64>) -> Option<i64> {
    values.into_iter().try_fold(0i64, |sum, n| sum.checked_add(n))
}

/// Totals of a ballot: `items` are (project id, points or rank); `cost_of` gives a candidate's cost. A sum too
/// large for an `i64` shows as `i64::MAX`, which is over every limit (the page and the check agree on it).
pub fn totals(items: &[(i64, i64)], cost_of: impl Fn(i64) -> Option<i64>) -> Totals {
    Totals {
        projects: items.len() as i64,
        cost: checked_sum(items.iter().filter_map(|&(p, _)| cost_of(p))).unwrap_or(i64::MAX),
        points: checked_sum(items.iter().map(|&(_, n)| n.max(0))).unwrap_or(i64::MAX),
    }
}

/// Reads what a voter typed as points or a rank: ASCII digits only (surrounding white space aside), no sign,
/// no exponent, no decimals, at most [`MAX_POINTS`]. `Some(0)` is a project left out.
pub fn parse_points(text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() || text.len() > 7 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i64>().ok().filter(|&n| n <= MAX_POINTS)
}

/// Checks a ballot; every violation is listed (the page explains them all at once). An empty ballot is valid only
/// when no minimum asks otherwise.
pub fn validate(rules: &BallotRules, items: &[(i64, i64)], cost_of: impl Fn(i64) -> Option<i64>) -> Vec<BallotError> {
    let mut errors = vec![];
    if items.iter().any(|&(p, _)| cost_of(p).is_none()) {
        errors.push(BallotError::UnknownProject);
    }
    let mut ids: Vec<i64> = items.iter().map(|&(p, _)| p).collect();
    ids.sort_unstable();
    if ids.windows(2).any(|w| w[0] == w[1]) {
        errors.push(BallotError::Duplicate);
    }
    let t = totals(items, &cost_of);
    if matches!(rules.kind, BallotKind::Approval | BallotKind::Knapsack) && items.iter().any(|&(_, n)| n != 1) {
        // A tick is a 1: anything else was not typed on this ballot (a stored ballot re-read at the count).
        errors.push(BallotError::BadPoints);
    }
    match rules.kind {
        BallotKind::Approval => {
            if t.projects < rules.min_choices {
                errors.push(BallotError::TooFew { min: rules.min_choices });
            }
            if let Some(max) = rules.max_choices.filter(|&m| t.projects > m) {
                errors.push(BallotError::TooMany { max });
            }
        }
        BallotKind::Knapsack => {
            if t.cost > rules.envelope {
                errors.push(BallotError::OverEnvelope { total: t.cost, envelope: rules.envelope });
            }
            // The least share, rounded up to the cent so that "at least 50 %" is never met by 49.99 %.
            // Exact in i128 (an envelope times a percentage cannot overflow it), then back within i64.
            let minimum = (i128::from(rules.envelope) * i128::from(rules.min_spend_pct) + 99) / 100;
            let minimum = i64::try_from(minimum).unwrap_or(i64::MAX);
            if rules.min_spend_pct > 0 && t.cost < minimum {
                errors.push(BallotError::UnderMinimum { total: t.cost, minimum });
            }
        }
        BallotKind::Cumulative => {
            if items.iter().any(|&(_, n)| !(1..=MAX_POINTS).contains(&n)) {
                errors.push(BallotError::BadPoints);
            }
            if let Some(max) = rules.max_points.filter(|&m| t.points > m) {
                errors.push(BallotError::TooManyPoints { total: t.points, max });
            }
            if let Some(max) = rules.max_points_each.filter(|&m| items.iter().any(|&(_, n)| n > m)) {
                errors.push(BallotError::TooManyPointsEach { max });
            }
        }
        BallotKind::Ranked => {
            let mut ranks: Vec<i64> = items.iter().map(|&(_, r)| r).collect();
            ranks.sort_unstable();
            if ranks.iter().enumerate().any(|(i, &r)| usize::try_from(r) != Ok(i + 1)) {
                errors.push(BallotError::RanksNotConsecutive);
            }
            if let Some(max) = rules.max_choices.filter(|&m| t.projects > m) {
                errors.push(BallotError::TooMany { max });
            }
        }
    }
    errors
}

/// Reads a ballot form: one field `v_{project id}` per project — a ticked box (`1`) on approval and knapsack
/// ballots, points on cumulative ones, a rank on ranked ones. Empty fields and zero points are projects left
/// out. A value that is not a whole number is reported as the error of the ballot kind.
pub fn read_ballot(fields: &[(String, String)], kind: BallotKind) -> Result<Vec<(i64, i64)>, BallotError> {
    let mut items = vec![];
    for (name, value) in fields {
        let Some(id) = name.strip_prefix("v_") else { continue };
        let id = id.parse::<i64>().map_err(|_| BallotError::UnknownProject)?;
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        let n = match (kind, parse_points(value)) {
            (BallotKind::Approval | BallotKind::Knapsack, _) => 1,
            (_, Some(n)) => n,
            (BallotKind::Ranked, _) => return Err(BallotError::RanksNotConsecutive),
            _ => return Err(BallotError::BadPoints),
        };
        if n > 0 {
            items.push((id, n));
        }
    }
    if kind == BallotKind::Ranked {
        items.sort_by_key(|&(_, rank)| rank);
    }
    Ok(items)
}

/// An envelope's paper ballots reconciled with the people recorded as having voted on paper, as a polling
/// station reconciles ballots with signatures.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PaperReconciliation {
    /// Papers in the envelope's counted batches (blank and void ones included).
    pub ballots: i64,
    /// People recorded as having voted on paper in the envelope.
    pub voters: i64,
    /// The written explanation of the difference, when it covers these very figures.
    pub explanation: Option<String>,
}

impl PaperReconciliation {
    /// The figures, and the explanation stored with the figures it explained (an explanation of other figures —
    /// a batch counted since — no longer applies).
    pub fn of(ballots: i64, voters: i64, explained: Option<(i64, i64, String)>) -> PaperReconciliation {
        let explanation = explained.filter(|(b, v, _)| (*b, *v) == (ballots, voters)).map(|(_, _, text)| text);
        PaperReconciliation { ballots, voters, explanation }
    }

    /// Whether the papers and the voters differ.
    pub fn differs(&self) -> bool {
        self.ballots != self.voters
    }

    /// Whether results may not be published yet: a difference nobody explained.
    pub fn blocks_results(&self) -> bool {
        self.differs() && self.explanation.is_none()
    }
}

/// The longest explanation of a paper difference, in characters.
pub const MAX_EXPLANATION: usize = 2_000;

/// The letters of receipt codes: no look-alikes (0/O, 1/I/L).
pub const RECEIPT_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// Whether `text` has the shape of a receipt code as issued: three groups of four letters of
/// [`RECEIPT_ALPHABET`] joined by `-` (what a cookie may carry back to the page that shows it).
pub fn is_receipt_code(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 3 && groups.iter().all(|g| g.len() == 4 && g.bytes().all(|b| RECEIPT_ALPHABET.contains(&b)))
}

/// Reads a paper-entry form: one field `ballot_{number}` per paper. An empty field is a paper not entered yet;
/// a blank paper is typed `-` (stored as an empty entry).
pub fn read_paper_form(fields: &[(String, String)]) -> Vec<(i64, String)> {
    fields
        .iter()
        .filter_map(|(name, text)| {
            let seq = name.strip_prefix("ballot_")?.parse::<i64>().ok()?;
            (!text.trim().is_empty()).then(|| (seq, paper_entry(text)))
        })
        .collect()
}

/// A paper's entry as typed, as stored: trimmed, and `-` (a blank paper) as an empty entry.
pub fn paper_entry(text: &str) -> String {
    match text.trim() {
        "-" => String::new(),
        t => t.to_string(),
    }
}

/// Reads one paper ballot as staff type it: project references separated by commas or spaces, each with
/// `:points` on cumulative ballots; on ranked ballots the order gives the ranks. An empty entry is a blank
/// ballot. `None` when the text cannot be read (a bad number of points).
pub fn parse_paper(text: &str, kind: BallotKind) -> Option<Vec<(String, i64)>> {
    let mut items = vec![];
    for (rank, part) in text.split([',', ' ', ';']).map(str::trim).filter(|p| !p.is_empty()).enumerate() {
        let (reference, value) = match (kind, part.split_once(':')) {
            (BallotKind::Cumulative, Some((r, n))) => (r.trim(), parse_points(n)?),
            (BallotKind::Cumulative, None) => return None,
            (_, Some(_)) => return None,
            (BallotKind::Ranked, None) => (part, rank as i64 + 1),
            (_, None) => (part, 1),
        };
        items.push((reference.to_string(), value));
    }
    Some(items)
}

/// The ballots of a batch whose two entries differ (by number on the paper), compared as read — the order of
/// ticked projects does not matter, the order of ranks does. A ballot entered only once is a discrepancy too.
pub fn discrepancies(first: &[(i64, String)], second: &[(i64, String)], kind: BallotKind) -> Vec<i64> {
    let read = |text: &str| {
        parse_paper(text, kind).map(|mut items| {
            if kind != BallotKind::Ranked {
                items.sort();
            }
            items
        })
    };
    let mut seqs: Vec<i64> = first.iter().chain(second).map(|(s, _)| *s).collect();
    seqs.sort_unstable();
    seqs.dedup();
    seqs.into_iter()
        .filter(|seq| {
            let a = first.iter().find(|(s, _)| s == seq).map(|(_, t)| read(t));
            let b = second.iter().find(|(s, _)| s == seq).map(|(_, t)| read(t));
            a.is_none() || a != b
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn paper_entry_forms_skip_empty_fields_and_read_dashes_as_blank() {
        let form = fields(&[("csrf", "x"), ("pass", "1"), ("ballot_1", " 3, 5 "), ("ballot_2", ""), ("ballot_3", "-")]);
        assert_eq!(read_paper_form(&form), vec![(1, "3, 5".to_string()), (3, String::new())]);
    }

    #[test]
    fn ballot_forms_are_read_per_kind() {
        let ticks = fields(&[("csrf", "x"), ("v_3", "1"), ("v_7", "1"), ("enveloppe", "2")]);
        assert_eq!(read_ballot(&ticks, BallotKind::Approval), Ok(vec![(3, 1), (7, 1)]));
        assert_eq!(read_ballot(&ticks, BallotKind::Knapsack), Ok(vec![(3, 1), (7, 1)]));
        let points = fields(&[("v_3", " 4 "), ("v_7", "0"), ("v_9", "")]);
        assert_eq!(read_ballot(&points, BallotKind::Cumulative), Ok(vec![(3, 4)]));
        assert_eq!(read_ballot(&fields(&[("v_3", "-1")]), BallotKind::Cumulative), Err(BallotError::BadPoints));
        assert_eq!(read_ballot(&fields(&[("v_3", "beaucoup")]), BallotKind::Cumulative), Err(BallotError::BadPoints));
        let ranks = fields(&[("v_3", "2"), ("v_7", "1"), ("v_9", "")]);
        assert_eq!(read_ballot(&ranks, BallotKind::Ranked), Ok(vec![(7, 1), (3, 2)]));
        assert_eq!(read_ballot(&fields(&[("v_3", "1er")]), BallotKind::Ranked), Err(BallotError::RanksNotConsecutive));
        assert_eq!(read_ballot(&fields(&[("v_x", "1")]), BallotKind::Approval), Err(BallotError::UnknownProject));
    }

    fn rules(kind: BallotKind) -> BallotRules {
        BallotRules {
            kind,
            min_choices: 0,
            max_choices: None,
            min_spend_pct: 0,
            max_points: None,
            max_points_each: None,
            envelope: 100_000,
        }
    }

    /// Projects 1, 2, 3 cost 400, 500 and 600 euros.
    fn cost(p: i64) -> Option<i64> {
        match p {
            1 => Some(40_000),
            2 => Some(50_000),
            3 => Some(60_000),
            _ => None,
        }
    }

    #[test]
    fn phases_move_one_step_forward() {
        assert!(may_move(Phase::Proposals, Phase::Review));
        assert!(may_move(Phase::Results, Phase::Implementation));
        assert!(!may_move(Phase::Proposals, Phase::Voting));
        assert!(!may_move(Phase::Voting, Phase::Review));
        assert!(!may_move(Phase::Implementation, Phase::Implementation));
        assert!(rules_editable(Phase::Review) && !rules_editable(Phase::Voting) && !rules_editable(Phase::Results));
        assert!(voting_open(Phase::Voting) && !voting_open(Phase::Counting));
    }

    #[test]
    fn approval_minimum_and_maximum() {
        let r = BallotRules { min_choices: 1, max_choices: Some(2), ..rules(BallotKind::Approval) };
        assert_eq!(validate(&r, &[], cost), [BallotError::TooFew { min: 1 }]);
        assert!(validate(&r, &[(1, 1), (2, 1)], cost).is_empty());
        assert_eq!(validate(&r, &[(1, 1), (2, 1), (3, 1)], cost), [BallotError::TooMany { max: 2 }]);
        assert_eq!(validate(&r, &[(1, 1), (1, 1)], cost), [BallotError::Duplicate]);
        assert_eq!(validate(&r, &[(9, 1)], cost), [BallotError::UnknownProject]);
    }

    #[test]
    fn knapsack_fits_the_envelope_exactly_and_respects_the_minimum_share() {
        let r = BallotRules { min_spend_pct: 50, ..rules(BallotKind::Knapsack) };
        // 400 + 600 = the envelope exactly: valid.
        assert!(validate(&r, &[(1, 1), (3, 1)], cost).is_empty());
        assert_eq!(
            validate(&r, &[(2, 1), (3, 1)], cost),
            [BallotError::OverEnvelope { total: 110_000, envelope: 100_000 }]
        );
        // 400 of 1,000 is under half.
        assert_eq!(validate(&r, &[(1, 1)], cost), [BallotError::UnderMinimum { total: 40_000, minimum: 50_000 }]);
        assert!(validate(&r, &[(2, 1)], cost).is_empty());
        // A minimum share rounds up to the cent.
        let odd = BallotRules { envelope: 99_999, ..r };
        assert_eq!(validate(&odd, &[(1, 1)], cost), [BallotError::UnderMinimum { total: 40_000, minimum: 50_000 }]);
    }

    #[test]
    fn cumulative_points() {
        let r = BallotRules { max_points: Some(10), max_points_each: Some(6), ..rules(BallotKind::Cumulative) };
        assert!(validate(&r, &[(1, 6), (2, 4)], cost).is_empty());
        assert_eq!(validate(&r, &[(1, 6), (2, 5)], cost), [BallotError::TooManyPoints { total: 11, max: 10 }]);
        assert_eq!(validate(&r, &[(1, 7)], cost), [BallotError::TooManyPointsEach { max: 6 }]);
        assert_eq!(validate(&r, &[(1, 0)], cost), [BallotError::BadPoints]);
        assert_eq!(totals(&[(1, 6), (2, 4)], cost), Totals { projects: 2, cost: 90_000, points: 10 });
    }

    #[test]
    fn ranked_ballots_number_their_choices() {
        let r = BallotRules { max_choices: Some(2), ..rules(BallotKind::Ranked) };
        assert!(validate(&r, &[(3, 1), (1, 2)], cost).is_empty());
        assert_eq!(validate(&r, &[(3, 1), (1, 3)], cost), [BallotError::RanksNotConsecutive]);
        assert_eq!(validate(&r, &[(3, 1), (1, 1)], cost), [BallotError::RanksNotConsecutive]);
        assert_eq!(validate(&r, &[(3, 1), (1, 2), (2, 3)], cost), [BallotError::TooMany { max: 2 }]);
    }

    #[test]
    fn paper_ballots_read_and_compared() {
        assert_eq!(
            parse_paper("3, 5 7", BallotKind::Approval),
            Some(vec![("3".into(), 1), ("5".into(), 1), ("7".into(), 1)])
        );
        assert_eq!(parse_paper("3:4, 5:2", BallotKind::Cumulative), Some(vec![("3".into(), 4), ("5".into(), 2)]));
        assert_eq!(parse_paper("3, 5", BallotKind::Cumulative), None);
        assert_eq!(parse_paper("5, 3", BallotKind::Ranked), Some(vec![("5".into(), 1), ("3".into(), 2)]));
        assert_eq!(parse_paper("", BallotKind::Approval), Some(vec![]));
        let first = [(1, "3, 5".to_string()), (2, "7".to_string()), (3, "5, 3".to_string()), (4, String::new())];
        let second = [(1, "5,3".to_string()), (2, "8".to_string()), (3, "3 5".to_string())];
        // Ticks in another order agree; another project, or a ballot entered once, do not.
        assert_eq!(discrepancies(&first, &second, BallotKind::Approval), [2, 4]);
        // Ranked: the order is the vote.
        assert_eq!(discrepancies(&first, &second, BallotKind::Ranked), [1, 2, 3, 4]);
    }

    #[test]
    fn every_violation_is_listed_at_once() {
        let r = BallotRules { min_choices: 3, ..rules(BallotKind::Approval) };
        assert_eq!(validate(&r, &[(1, 1), (1, 1)], cost), [BallotError::Duplicate, BallotError::TooFew { min: 3 }]);
    }

    /// What a hostile client can put in a number field.
    const HOSTILE: [&str; 16] = [
        "0",
        "-1",
        "-9223372036854775808",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551615",
        "1e30",
        "NaN",
        "+3",
        " 3 ",
        "\t2\n",
        "1000000",
        "1000001",
        "0x10",
        "3.0",
        "２",
    ];

    /// The exact (i128) sum of a ballot's points, and its cost, to check the rules without any overflow.
    fn exact(items: &[(i64, i64)]) -> (i128, i128) {
        let points = items.iter().map(|&(_, n)| i128::from(n)).sum();
        let cost = items.iter().map(|&(p, _)| i128::from(cost(p).unwrap_or(0))).sum();
        (points, cost)
    }

    #[test]
    fn a_paper_difference_blocks_results_until_explained_for_these_figures() {
        assert!(!PaperReconciliation::of(40, 40, None).blocks_results());
        assert!(PaperReconciliation::of(41, 40, None).blocks_results());
        let explained = Some((41, 40, "Un bulletin glissé sans émargement.".to_string()));
        assert!(!PaperReconciliation::of(41, 40, explained.clone()).blocks_results());
        // A batch counted since: the explanation was of other figures.
        assert!(PaperReconciliation::of(60, 58, explained).blocks_results());
    }

    #[test]
    fn receipt_codes_have_one_shape() {
        assert!(is_receipt_code("ABCD-EFGH-JK23"));
        for bad in ["", "ABCD-EFGH", "ABCD-EFGH-JK2O", "abcd-efgh-jk23", "ABCD-EFGH-JK23-", "<scr-ipt>-xxxx"] {
            assert!(!is_receipt_code(bad), "{bad}");
        }
    }

    #[test]
    fn numbers_are_read_as_digits_only_within_bounds() {
        assert_eq!(parse_points(" 42 "), Some(42));
        assert_eq!(parse_points("0"), Some(0));
        assert_eq!(parse_points("1000000"), Some(MAX_POINTS));
        for bad in ["", "+3", "-1", "1e3", "NaN", "3.0", "1000001", "9223372036854775807", "0x10", "２", "1 2"] {
            assert_eq!(parse_points(bad), None, "{bad:?}");
        }
        assert_eq!(checked_sum([i64::MAX, 1]), None);
        assert_eq!(checked_sum([i64::MAX, -1, 1]), Some(i64::MAX));
    }

    /// The attack of the review: `v_A=2&v_B=9223372036854775807` on a 10-point cumulative ballot without a
    /// per-project cap wrapped around in a release build and was accepted.
    #[test]
    fn cumulative_points_cannot_wrap_around_the_total() {
        let r = BallotRules { max_points: Some(10), ..rules(BallotKind::Cumulative) };
        let form = fields(&[("v_1", "2"), ("v_2", "9223372036854775807")]);
        assert_eq!(read_ballot(&form, BallotKind::Cumulative), Err(BallotError::BadPoints));
        // Stored ballots are checked again at the count, whatever wrote them.
        assert!(validate(&r, &[(1, 2), (2, i64::MAX)], cost).contains(&BallotError::BadPoints));
        assert!(!validate(&r, &[(1, i64::MAX), (2, i64::MAX), (3, 2)], cost).is_empty());
        assert!(!validate(&r, &[(1, i64::MIN), (2, 5)], cost).is_empty());
        assert_eq!(totals(&[(1, i64::MAX), (2, i64::MAX)], cost).points, i64::MAX);
        // Ranks and ticks too.
        let ranked = BallotRules { max_choices: Some(3), ..rules(BallotKind::Ranked) };
        assert!(!validate(&ranked, &[(1, i64::MIN), (2, 1)], cost).is_empty());
        assert!(!validate(&rules(BallotKind::Approval), &[(1, 7)], cost).is_empty());
        let knapsack = BallotRules { envelope: i64::MAX, min_spend_pct: 100, ..rules(BallotKind::Knapsack) };
        assert!(!validate(&knapsack, &[(1, 1)], cost).is_empty(), "a minimum share of i64::MAX cannot overflow");
    }

    /// Every pair of hostile values on every ballot kind: nothing panics (the tests run with overflow checks),
    /// and whatever the form reader and the check let through obeys the rules computed exactly.
    #[test]
    fn hostile_numbers_never_make_a_ballot_break_its_rules() {
        let kinds = [
            BallotRules { min_choices: 1, max_choices: Some(2), ..rules(BallotKind::Approval) },
            BallotRules { min_spend_pct: 10, ..rules(BallotKind::Knapsack) },
            BallotRules { max_points: Some(10), ..rules(BallotKind::Cumulative) },
            BallotRules { max_points: Some(10), max_points_each: Some(6), ..rules(BallotKind::Cumulative) },
            BallotRules { max_choices: Some(2), ..rules(BallotKind::Ranked) },
        ];
        for r in &kinds {
            for a in HOSTILE {
                for b in HOSTILE {
                    for c in ["", "1", "9223372036854775807"] {
                        let form = fields(&[("v_1", a), ("v_2", b), ("v_3", c)]);
                        let Ok(items) = read_ballot(&form, r.kind) else { continue };
                        if !validate(r, &items, cost).is_empty() {
                            continue;
                        }
                        let (points, spent) = exact(&items);
                        assert!(items.iter().all(|&(_, n)| (1..=MAX_POINTS).contains(&n)), "{r:?} {items:?}");
                        match r.kind {
                            BallotKind::Approval => assert!((1..=2).contains(&items.len())),
                            BallotKind::Knapsack => assert!(spent <= i128::from(r.envelope)),
                            BallotKind::Cumulative => {
                                assert!(points <= 10, "{a:?} {b:?} {c:?}: {items:?}");
                                assert!(items.iter().all(|&(_, n)| n <= r.max_points_each.unwrap_or(MAX_POINTS)));
                            }
                            BallotKind::Ranked => {
                                let mut ranks: Vec<i64> = items.iter().map(|&(_, n)| n).collect();
                                ranks.sort_unstable();
                                assert_eq!(ranks, (1..=items.len() as i64).collect::<Vec<_>>());
                            }
                        }
                    }
                }
            }
        }
        // Paper entries: the same numbers after a colon.
        for a in HOSTILE {
            let read = parse_paper(&format!("1:{a}, 2:3"), BallotKind::Cumulative);
            if let Some(read) = read {
                assert!(read.iter().all(|(_, n)| (0..=MAX_POINTS).contains(n)), "{a:?}");
            }
        }
    }
}
