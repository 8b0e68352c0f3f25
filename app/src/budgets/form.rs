//! The budget form staff fill in, checked field by field (pure), and amounts as people type them.

use super::BallotKind;
use crate::error::{FieldError, UserError};
use crate::format::parse_amount;
use serde::{Deserialize, Serialize};

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
    /// Who may vote: a [`crate::eligibility::policy::Voters`] code.
    pub voters: String,
    /// The minimum age to vote, in years (empty: none).
    pub min_age: String,
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
    /// Who may vote (set at creation; a budget's rules do not change afterwards).
    pub voters: crate::eligibility::policy::VoteRule,
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
    // Digits only (no sign, no exponent), and bounded like the ballots that these numbers limit.
    match value.parse::<i64>() {
        Ok(n) if value.bytes().all(|b| b.is_ascii_digit()) && n <= super::rules::MAX_POINTS => Some(n),
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
    if crate::format::parse_date(value).is_none() {
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
    let voters = crate::eligibility::policy::parse_rule(&form.voters, &form.min_age)
        .map_err(|e| errors.extend(e))
        .unwrap_or_default();
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
            voters,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
