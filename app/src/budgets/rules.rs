//! Budgets' pure rules: how phases move, and what makes a ballot valid under each ballot kind. The ballot page
//! shows the same running total and the same violations the server enforces.

use super::{BallotKind, Phase};
use crate::error::{FieldError, UserError};
use serde::{Deserialize, Serialize};

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
#[derive(Clone, Debug, PartialEq, Eq)]
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

/// Totals of a ballot: `items` are (project id, points or rank); `cost_of` gives a candidate's cost.
pub fn totals(items: &[(i64, i64)], cost_of: impl Fn(i64) -> Option<i64>) -> Totals {
    Totals {
        projects: items.len() as i64,
        cost: items.iter().filter_map(|&(p, _)| cost_of(p)).sum(),
        points: items.iter().map(|&(_, n)| n.max(0)).sum(),
    }
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
            let minimum = (rules.envelope * rules.min_spend_pct + 99) / 100;
            if rules.min_spend_pct > 0 && t.cost < minimum {
                errors.push(BallotError::UnderMinimum { total: t.cost, minimum });
            }
        }
        BallotKind::Cumulative => {
            if items.iter().any(|&(_, n)| n <= 0) {
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
            if ranks.iter().enumerate().any(|(i, &r)| r != i as i64 + 1) {
                errors.push(BallotError::RanksNotConsecutive);
            }
            if let Some(max) = rules.max_choices.filter(|&m| t.projects > m) {
                errors.push(BallotError::TooMany { max });
            }
        }
    }
    errors
}

/// Reads an amount in euros as a resident or staff member types it — "150000", "150 000", "1 234,50 €",
/// "1234.5" — as cents; `None` when it is not one (negative, more than two decimals, letters).
pub fn parse_amount(text: &str) -> Option<i64> {
    let cleaned: String =
        text.trim().trim_end_matches('€').trim().chars().filter(|c| !c.is_whitespace() && *c != '\u{202f}').collect();
    super::pabulib::parse_cents(&cleaned.replace(',', "."))
}

/// The longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// The longest presentation, in characters.
pub const MAX_BODY: usize = 20_000;

/// A budget form, as submitted by staff.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BudgetForm {
    /// Title.
    pub title: String,
    /// Presentation (Markdown).
    pub body: String,
    /// The whole town's envelope (empty when the budget is only by district).
    pub amount: String,
    /// Per-district envelopes, one per line: `district slug | amount`.
    pub districts: String,
    /// Ballot kind code.
    pub ballot_kind: String,
    /// Approval: fewest projects.
    pub min_choices: String,
    /// Approval: most projects; ranked: ranks.
    pub max_choices: String,
    /// Knapsack: least share of the envelope, percent.
    pub min_spend_pct: String,
    /// Cumulative: points to spread.
    pub max_points: String,
    /// Cumulative: most points on one project.
    pub max_points_each: String,
    /// The counting rule (pabulib name).
    pub rule: String,
    /// Minimum support a project needs.
    pub min_score: String,
    /// Planned end of proposals (YYYY-MM-DD).
    pub proposals_until: String,
    /// Planned opening of the vote.
    pub voting_from: String,
    /// Planned closing of the vote.
    pub voting_until: String,
}

/// A checked budget form. Envelopes name districts by slug; the service resolves them.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidBudget {
    pub title: String,
    pub body: String,
    pub town_amount: Option<i64>,
    pub districts: Vec<(String, i64)>,
    pub kind: BallotKind,
    pub min_choices: i64,
    pub max_choices: Option<i64>,
    pub min_spend_pct: i64,
    pub max_points: Option<i64>,
    pub max_points_each: Option<i64>,
    pub rule: String,
    pub min_score: i64,
    pub proposals_until: Option<String>,
    pub voting_from: Option<String>,
    pub voting_until: Option<String>,
}

/// The rules staff may choose for a budget (what the tally reproduces).
pub const RULES: [&str; 7] = [
    "greedy",
    "greedy-no-skip",
    "greedy-threshold",
    "equalshares",
    "equalshares/add1",
    "equalshares-comparison",
    "equalshares/add1-comparison",
];

fn whole(errors: &mut Vec<FieldError>, field: &str, value: &str, key: &str) -> Option<i64> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    match value.parse::<i64>() {
        Ok(n) if n >= 0 => Some(n),
        _ => {
            errors.push(UserError::field(field, key));
            None
        }
    }
}

fn date(errors: &mut Vec<FieldError>, field: &str, value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if crate::sensors::duration::parse_date(value).is_none() {
        errors.push(UserError::field(field, "error-date"));
        return None;
    }
    Some(value.to_string())
}

/// Checks a budget form; every field's error at once.
pub fn validate_budget(form: &BudgetForm) -> Result<ValidBudget, Vec<FieldError>> {
    let mut errors = vec![];
    let title = form.title.trim().to_string();
    if title.is_empty() || title.chars().count() > MAX_TITLE {
        errors.push(UserError::field("title", "error-budget-title"));
    }
    let body = form.body.trim().to_string();
    if body.chars().count() > MAX_BODY {
        errors.push(UserError::field("body", "error-budget-body"));
    }
    let town_amount = match form.amount.trim() {
        "" => None,
        text => {
            let amount = parse_amount(text).filter(|&a| a > 0);
            if amount.is_none() {
                errors.push(UserError::field("amount", "error-budget-amount"));
            }
            amount
        }
    };
    let mut districts = vec![];
    for line in form.districts.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.split_once('|').map(|(d, a)| (d.trim(), parse_amount(a))) {
            Some((slug, Some(amount)))
                if !slug.is_empty() && amount > 0 && !districts.iter().any(|(s, _)| s == slug) =>
            {
                districts.push((slug.to_string(), amount))
            }
            _ => {
                errors.push(UserError::field("districts", "error-budget-districts"));
                break;
            }
        }
    }
    if town_amount.is_none() && districts.is_empty() && !errors.iter().any(|e| e.field.as_deref() == Some("amount")) {
        errors.push(UserError::field("amount", "error-budget-no-envelope"));
    }
    let kind = BallotKind::from_code(&form.ballot_kind);
    if kind.is_none() {
        errors.push(UserError::field("ballot_kind", "error-choose-from-list"));
    }
    let min_choices =
        whole(&mut errors, "min_choices", &form.min_choices, crate::msg_key!("error-whole-number")).unwrap_or(0);
    let max_choices = whole(&mut errors, "max_choices", &form.max_choices, crate::msg_key!("error-whole-number"));
    if max_choices.is_some_and(|m| m < min_choices.max(1)) {
        errors.push(UserError::field("max_choices", "error-budget-max-choices"));
    }
    let min_spend_pct =
        whole(&mut errors, "min_spend_pct", &form.min_spend_pct, crate::msg_key!("error-whole-number")).unwrap_or(0);
    if min_spend_pct > 100 {
        errors.push(UserError::field("min_spend_pct", "error-budget-percent"));
    }
    let max_points = whole(&mut errors, "max_points", &form.max_points, crate::msg_key!("error-whole-number"));
    let max_points_each =
        whole(&mut errors, "max_points_each", &form.max_points_each, crate::msg_key!("error-whole-number"));
    match kind {
        Some(BallotKind::Cumulative) if max_points.is_none_or(|p| p == 0) => {
            errors.push(UserError::field("max_points", "error-budget-points"))
        }
        Some(BallotKind::Ranked) if max_choices.is_none() => {
            errors.push(UserError::field("max_choices", "error-budget-ranks"))
        }
        _ => {}
    }
    let rule = form.rule.trim().to_string();
    if !RULES.contains(&rule.as_str()) {
        errors.push(UserError::field("rule", "error-choose-from-list"));
    } else if rule.starts_with("equalshares") && matches!(kind, Some(BallotKind::Cumulative | BallotKind::Ranked)) {
        errors.push(UserError::field("rule", "error-budget-rule-approval"));
    }
    let min_score =
        whole(&mut errors, "min_score", &form.min_score, crate::msg_key!("error-whole-number")).unwrap_or(0);
    if rule == "greedy-threshold" && min_score == 0 {
        errors.push(UserError::field("min_score", "error-budget-threshold"));
    }
    let proposals_until = date(&mut errors, "proposals_until", &form.proposals_until);
    let voting_from = date(&mut errors, "voting_from", &form.voting_from);
    let voting_until = date(&mut errors, "voting_until", &form.voting_until);
    if let (Some(from), Some(until)) = (&voting_from, &voting_until) {
        if until < from {
            errors.push(UserError::field("voting_until", "error-budget-dates"));
        }
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok(ValidBudget {
            title,
            body,
            town_amount,
            districts,
            kind,
            min_choices,
            max_choices,
            min_spend_pct,
            max_points,
            max_points_each,
            rule,
            min_score,
            proposals_until,
            voting_from,
            voting_until,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn form() -> BudgetForm {
        BudgetForm {
            title: "Budget participatif 2027".into(),
            amount: "150 000 €".into(),
            ballot_kind: "approval".into(),
            max_choices: "5".into(),
            rule: "equalshares/add1".into(),
            voting_from: "2027-03-01".into(),
            voting_until: "2027-03-31".into(),
            ..BudgetForm::default()
        }
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
    fn a_budget_form_is_checked_field_by_field() {
        let ok = validate_budget(&form()).unwrap();
        assert_eq!(ok.town_amount, Some(15_000_000));
        assert_eq!(ok.kind, BallotKind::Approval);
        let with_districts = BudgetForm { districts: "centre | 50 000\nnord|20000".into(), ..form() };
        assert_eq!(
            validate_budget(&with_districts).unwrap().districts,
            [("centre".to_string(), 5_000_000), ("nord".to_string(), 2_000_000)]
        );
        let fields = |f: BudgetForm| -> Vec<String> {
            validate_budget(&f).unwrap_err().into_iter().filter_map(|e| e.field).collect()
        };
        assert_eq!(fields(BudgetForm { title: " ".into(), ..form() }), ["title"]);
        assert_eq!(fields(BudgetForm { amount: "".into(), ..form() }), ["amount"]);
        assert_eq!(fields(BudgetForm { amount: "-5".into(), ..form() }), ["amount"]);
        assert_eq!(fields(BudgetForm { districts: "centre".into(), ..form() }), ["districts"]);
        assert_eq!(fields(BudgetForm { ballot_kind: "loterie".into(), ..form() }), ["ballot_kind"]);
        assert_eq!(fields(BudgetForm { max_choices: "0".into(), ..form() }), ["max_choices"]);
        assert_eq!(fields(BudgetForm { ballot_kind: "cumulative".into(), ..form() }), ["max_points", "rule"]);
        assert_eq!(fields(BudgetForm { rule: "greedy-threshold".into(), ..form() }), ["min_score"]);
        assert_eq!(fields(BudgetForm { rule: "greedy-custom".into(), ..form() }), ["rule"]);
        assert_eq!(fields(BudgetForm { voting_until: "2027-02-01".into(), ..form() }), ["voting_until"]);
        assert_eq!(fields(BudgetForm { voting_from: "mars".into(), ..form() }), ["voting_from"]);
        assert_eq!(fields(BudgetForm { min_spend_pct: "120".into(), ..form() }), ["min_spend_pct"]);
    }

    #[test]
    fn every_violation_is_listed_at_once() {
        let r = BallotRules { min_choices: 3, ..rules(BallotKind::Approval) };
        assert_eq!(validate(&r, &[(1, 1), (1, 1)], cost), [BallotError::Duplicate, BallotError::TooFew { min: 3 }]);
    }
}
