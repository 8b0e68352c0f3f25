//! The decision form, checked field by field (pure): every refused field is named at once.

use super::Outcome;
use crate::error::{FieldError, UserError};
use serde::{Deserialize, Serialize};

/// The longest reasoning or participation text, in characters.
pub const MAX_TEXT: usize = 20_000;
/// The longest body or reference, in characters.
pub const MAX_LINE: usize = 300;

/// A decision form, as staff submit it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionForm {
    /// Outcome code.
    pub outcome: String,
    /// The reasoning in plain language.
    pub reasoning: String,
    /// How the participation was taken into account.
    pub participation: String,
    /// The body that decided.
    pub body: String,
    /// When (YYYY-MM-DD).
    pub decided_on: String,
    /// The act's reference (optional).
    pub reference: String,
    /// Link to the official act (optional).
    pub act_url: String,
}

/// A checked decision.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidDecision {
    pub outcome: Outcome,
    pub reasoning: String,
    pub participation: String,
    pub body: String,
    pub decided_on: String,
    pub reference: String,
    pub act_url: String,
}

fn text(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize, key: &str) -> String {
    let value = value.trim().to_string();
    if value.is_empty() || value.chars().count() > max {
        errors.push(UserError::field(field, key));
    }
    value
}

/// Checks a decision form; `today` is in days since 1970-01-01 (an official decision is recorded once taken,
/// so its date cannot be later than today).
pub fn validate_decision(form: &DecisionForm, today: i64) -> Result<ValidDecision, Vec<FieldError>> {
    let mut errors = vec![];
    let outcome = Outcome::from_code(&form.outcome);
    if outcome.is_none() {
        errors.push(UserError::field("outcome", "error-choose-from-list"));
    }
    let reasoning = text(&mut errors, "reasoning", &form.reasoning, MAX_TEXT, "error-decision-reasoning");
    let participation =
        text(&mut errors, "participation", &form.participation, MAX_TEXT, "error-decision-participation");
    let body = text(&mut errors, "body", &form.body, MAX_LINE, "error-decision-body");
    let decided_on = form.decided_on.trim().to_string();
    match crate::format::parse_date(&decided_on) {
        None => errors.push(UserError::field("decided_on", "error-date")),
        Some(day) if day > today => errors.push(UserError::field("decided_on", "error-decision-future")),
        Some(_) => {}
    }
    let reference = form.reference.trim().to_string();
    if reference.chars().count() > MAX_LINE {
        errors.push(UserError::field("reference", "error-decision-reference"));
    }
    let act_url = form.act_url.trim().to_string();
    let url_ok = act_url.is_empty()
        || ((act_url.starts_with("https://") || act_url.starts_with("http://"))
            && act_url.len() <= 2_000
            && !act_url.chars().any(char::is_whitespace));
    if !url_ok {
        errors.push(UserError::field("act_url", "error-decision-url"));
    }
    match outcome {
        Some(outcome) if errors.is_empty() => {
            Ok(ValidDecision { outcome, reasoning, participation, body, decided_on, reference, act_url })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::format::parse_date;

    fn form() -> DecisionForm {
        DecisionForm {
            outcome: "adopted_with_changes".into(),
            reasoning: "Les lampadaires seront équipés, sauf rue des Écoles.".into(),
            participation: "La rue des Écoles est retirée à la demande de ses riverains (63 % contre).".into(),
            body: "Conseil municipal".into(),
            decided_on: "2027-03-12".into(),
            reference: "délibération n° 2027-045".into(),
            act_url: "https://ville.example/actes/2027-045.pdf".into(),
        }
    }

    fn fields(f: DecisionForm, today: i64) -> Vec<String> {
        validate_decision(&f, today).unwrap_err().into_iter().filter_map(|e| e.field).collect()
    }

    #[test]
    fn a_decision_is_checked_field_by_field() {
        let today = parse_date("2027-03-20").unwrap();
        let ok = validate_decision(&form(), today).unwrap();
        assert_eq!(ok.outcome, Outcome::AdoptedWithChanges);
        assert_eq!(ok.reference, "délibération n° 2027-045");
        // Reference and act are optional.
        let bare = DecisionForm { reference: " ".into(), act_url: "".into(), ..form() };
        assert_eq!(validate_decision(&bare, today).unwrap().act_url, "");
        assert_eq!(fields(DecisionForm { outcome: "peut-être".into(), ..form() }, today), ["outcome"]);
        assert_eq!(fields(DecisionForm { reasoning: "  ".into(), ..form() }, today), ["reasoning"]);
        assert_eq!(fields(DecisionForm { participation: "".into(), ..form() }, today), ["participation"]);
        assert_eq!(fields(DecisionForm { body: "x".repeat(MAX_LINE + 1), ..form() }, today), ["body"]);
        assert_eq!(fields(DecisionForm { decided_on: "12/03/2027".into(), ..form() }, today), ["decided_on"]);
        assert_eq!(fields(DecisionForm { act_url: "javascript:alert(1)".into(), ..form() }, today), ["act_url"]);
        assert_eq!(fields(DecisionForm { act_url: "https://a b".into(), ..form() }, today), ["act_url"]);
        assert_eq!(
            fields(DecisionForm { outcome: "".into(), body: "".into(), ..DecisionForm::default() }, today),
            ["outcome", "reasoning", "participation", "body", "decided_on"]
        );
    }

    #[test]
    fn a_decision_is_recorded_once_taken() {
        let day = parse_date("2027-03-12").unwrap();
        assert!(validate_decision(&form(), day).is_ok(), "taken today");
        assert_eq!(fields(form(), day - 1), ["decided_on"], "taken tomorrow");
    }
}
