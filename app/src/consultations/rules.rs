//! The consultations' pure rules: phase changes, who may comment and vote, the edit window, form validation
//! and results by district (the comments' reading order is in [`super::threads`]).

use super::*;
use crate::ctx::CurrentUser;
use crate::eligibility::policy::{self, Refusal, VoteRule};
use crate::error::{FieldError, UserError};

/// How long (seconds) an author may edit a comment after writing it.
pub const EDIT_WINDOW: i64 = 15 * 60;
/// The deepest reply: 0 is a comment on the consultation, so replies nest five levels deep.
pub const MAX_DEPTH: i64 = 5;
/// The longest comment, in characters.
pub const MAX_COMMENT: usize = 5_000;
/// The longest presentation, in characters.
pub const MAX_BODY: usize = 20_000;

/// Whether staff may move a consultation from `from` to `to` with the phase buttons: forward only, one step at a
/// time (`draft` → `open` → `closed`). A closed consultation becomes `decided` only when its official decision is
/// recorded (`governance`): a consultation is never marked decided without saying what was decided.
pub fn may_move(from: Phase, to: Phase) -> bool {
    matches!((from, to), (Phase::Draft, Phase::Open) | (Phase::Open, Phase::Closed))
}

/// Whether residents see the consultation (drafts are for staff only).
pub fn is_public(phase: Phase) -> bool {
    phase != Phase::Draft
}

/// Whether `user` may take part at all (comment, vote, report, propose): signed in, verified, not blocked.
pub fn participation(user: Option<&CurrentUser>) -> Eligibility {
    match user {
        None => Eligibility::SignedOut,
        Some(u) if !u.verified => Eligibility::Unverified,
        Some(u) if u.blocked => Eligibility::Blocked,
        Some(_) => Eligibility::Eligible,
    }
}

/// Whether `user` may vote on a consultation in `phase`, restricted to `districts` when `districts_only`.
/// `admitted` is where they stand under the consultation's rule of participation
/// ([`crate::eligibility::policy::admits`]), and `user.district_id` the district they vote as (pinned, verified
/// or declared: see `service::eligibility_of`).
pub fn vote_eligibility(
    user: Option<&CurrentUser>,
    phase: Phase,
    districts_only: bool,
    districts: &[i64],
    admitted: Result<(), Refusal>,
) -> Eligibility {
    if phase != Phase::Open {
        return Eligibility::NotOpen;
    }
    match participation(user) {
        Eligibility::Eligible => {}
        other => return other,
    }
    if let Err(refusal) = admitted {
        return Eligibility::Refused(refusal);
    }
    let home = user.and_then(|u| u.district_id);
    if districts_only && !districts.is_empty() && !home.is_some_and(|d| districts.contains(&d)) {
        return Eligibility::OutsideDistricts;
    }
    Eligibility::Eligible
}

/// Whether `user` may comment on a consultation in `phase` (closed consultations are read-only).
pub fn may_comment(user: Option<&CurrentUser>, phase: Phase) -> bool {
    phase == Phase::Open && participation(user) == Eligibility::Eligible
}

/// Whether the results may be shown now.
pub fn results_visible(phase: Phase, results_hidden: bool) -> bool {
    match phase {
        Phase::Draft => false,
        Phase::Open => !results_hidden,
        Phase::Closed | Phase::Decided => true,
    }
}

/// Whether the author may still edit a comment written at `created_at`.
pub fn editable(created_at: i64, now: i64) -> bool {
    now >= created_at && now - created_at <= EDIT_WINDOW
}

/// Checks a comment's text and stance.
pub fn validate_comment(body: &str, alignment: &str) -> Result<(String, Alignment), Vec<FieldError>> {
    let mut errors = vec![];
    let body = body.trim();
    if body.is_empty() {
        errors.push(UserError::field("body", "error-comment-empty"));
    } else if body.chars().count() > MAX_COMMENT {
        errors.push(UserError::field("body", "error-comment-too-long"));
    }
    let alignment = Alignment::from_code(alignment);
    if alignment.is_none() {
        errors.push(UserError::field("alignment", "error-comment-alignment"));
    }
    match alignment {
        Some(a) if errors.is_empty() => Ok((body.to_string(), a)),
        _ => Err(errors),
    }
}

/// A consultation form, as submitted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsultationForm {
    /// Title.
    pub title: String,
    /// Question.
    pub question: String,
    /// Presentation (Markdown).
    pub body: String,
    /// Domain code.
    pub domain: String,
    /// Use case: purpose.
    pub use_purpose: String,
    /// Benefits.
    pub use_benefits: String,
    /// Data collected.
    pub use_data: String,
    /// Proposed retention (ISO 8601).
    pub use_retention: String,
    /// Planned devices, in words.
    pub planned_sensors: String,
    /// Registry references, separated by commas or spaces.
    pub sensors: String,
    /// Planned opening.
    pub opens_on: String,
    /// Planned closing.
    pub closes_on: String,
    /// "1" when only residents of the districts vote.
    pub districts_only: String,
    /// "1" when results stay hidden until close.
    pub results_hidden: String,
    /// Documents, one per line: `Title | https://…`.
    pub documents: String,
    /// Who may vote: a [`crate::eligibility::policy::Voters`] code.
    pub voters: String,
    /// The minimum age to vote, in years (empty: none).
    pub min_age: String,
}

/// A checked consultation form.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidConsultation {
    /// Title.
    pub title: String,
    /// Question.
    pub question: String,
    /// Presentation.
    pub body: String,
    /// Domain.
    pub domain: Domain,
    /// Purpose.
    pub use_purpose: String,
    /// Benefits.
    pub use_benefits: String,
    /// Data.
    pub use_data: String,
    /// Retention.
    pub use_retention: String,
    /// Planned devices.
    pub planned_sensors: String,
    /// Registry references.
    pub sensors: Vec<String>,
    /// Opening.
    pub opens_on: Option<String>,
    /// Closing.
    pub closes_on: Option<String>,
    /// Districts only.
    pub districts_only: bool,
    /// Results hidden until close.
    pub results_hidden: bool,
    /// Documents.
    pub documents: Vec<Document>,
    /// Who may vote.
    pub rule: VoteRule,
}

/// A required text of at most `max` characters; `key` names the field and its limit.
fn required(errors: &mut Vec<FieldError>, field: &str, value: &str, max: usize, key: &str) -> String {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > max {
        errors.push(FieldError { field: Some(field.into()), key: key.into() });
    }
    value.to_string()
}

fn date(errors: &mut Vec<FieldError>, field: &str, value: &str) -> Option<String> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if crate::format::parse_date(value).is_none() {
        errors.push(FieldError { field: Some(field.into()), key: crate::msg_key!("error-date").into() });
    }
    Some(value.to_string())
}

/// Checks a staff form; every problem is reported with its field.
pub fn validate(form: &ConsultationForm) -> Result<ValidConsultation, Vec<FieldError>> {
    let mut errors = vec![];
    let title = required(&mut errors, "title", &form.title, 200, crate::msg_key!("error-consultation-title"));
    let question =
        required(&mut errors, "question", &form.question, 300, crate::msg_key!("error-consultation-question"));
    let body = form.body.trim().to_string();
    if body.chars().count() > MAX_BODY {
        errors.push(UserError::field("body", "error-consultation-body"));
    }
    let domain = Domain::from_code(&form.domain);
    if domain.is_none() {
        errors.push(UserError::field("domain", "error-choose-from-list"));
    }
    let use_purpose =
        required(&mut errors, "use_purpose", &form.use_purpose, 2_000, crate::msg_key!("error-consultation-purpose"));
    let use_benefits = required(
        &mut errors,
        "use_benefits",
        &form.use_benefits,
        2_000,
        crate::msg_key!("error-consultation-benefits"),
    );
    let use_data = required(&mut errors, "use_data", &form.use_data, 2_000, crate::msg_key!("error-consultation-data"));
    let use_retention = form.use_retention.trim().to_string();
    if crate::sensors::duration::parse_duration(&use_retention).is_none_or(|d| d.is_zero()) {
        errors.push(UserError::field("use_retention", "error-consultation-retention"));
    }
    let planned_sensors = form.planned_sensors.trim().to_string();
    let sensors = sensor_references(&form.sensors);
    let opens_on = date(&mut errors, "opens_on", &form.opens_on);
    let closes_on = date(&mut errors, "closes_on", &form.closes_on);
    if let (Some(o), Some(c)) = (&opens_on, &closes_on) {
        if c < o {
            errors.push(UserError::field("closes_on", "error-consultation-dates"));
        }
    }
    let mut documents = vec![];
    for line in form.documents.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let (title, url) = line.rsplit_once('|').map(|(t, u)| (t.trim(), u.trim())).unwrap_or(("", line));
        let url_ok = (url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/'))
            && !url.starts_with("//")
            && !url.contains(char::is_whitespace);
        if !url_ok || title.is_empty() {
            errors.push(UserError::field("documents", "error-consultation-documents"));
            break;
        }
        documents.push(Document { title: title.to_string(), url: url.to_string() });
    }
    let rule = policy::parse_rule(&form.voters, &form.min_age).map_err(|e| errors.extend(e)).unwrap_or_default();
    match domain {
        Some(domain) if errors.is_empty() => Ok(ValidConsultation {
            title,
            question,
            body,
            domain,
            use_purpose,
            use_benefits,
            use_data,
            use_retention,
            planned_sensors,
            sensors,
            opens_on,
            closes_on,
            districts_only: form.districts_only == "1",
            results_hidden: form.results_hidden == "1",
            documents,
            rule,
        }),
        _ => Err(errors),
    }
}

/// The registry references of the "sensors concerned" field (commas, semicolons or spaces between them).
pub fn sensor_references(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A resident's proposal of a use case, as submitted.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProposalForm {
    /// Title.
    pub title: String,
    /// The use case in the resident's words.
    pub body: String,
    /// Domain code.
    pub domain: String,
    /// District id, or empty.
    pub district_id: String,
}

/// Checks a proposal: title 5–200 characters, text 20–5,000, a domain, an optional district id (its
/// existence is the service's to check).
pub fn validate_proposal(form: &ProposalForm) -> Result<(String, String, Domain, Option<i64>), Vec<FieldError>> {
    let mut errors = vec![];
    let title = form.title.trim().to_string();
    if !(5..=200).contains(&title.chars().count()) {
        errors.push(UserError::field("title", "error-proposal-title"));
    }
    let body = form.body.trim().to_string();
    if !(20..=MAX_COMMENT).contains(&body.chars().count()) {
        errors.push(UserError::field("body", "error-proposal-body"));
    }
    let domain = Domain::from_code(&form.domain);
    if domain.is_none() {
        errors.push(UserError::field("domain", "error-choose-from-list"));
    }
    let district = match form.district_id.trim() {
        "" => None,
        text => match text.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.push(UserError::field("district_id", "error-district-invalid"));
                None
            }
        },
    };
    match domain {
        Some(domain) if errors.is_empty() => Ok((title, body, domain, district)),
        _ => Err(errors),
    }
}

/// Whether a consultation's use case is complete enough to open it (one accepted from a proposal starts with
/// only the resident's text).
pub fn ready_to_open(use_purpose: &str, use_benefits: &str, use_data: &str) -> bool {
    [use_purpose, use_benefits, use_data].iter().all(|t| !t.trim().is_empty())
}

/// Results by district as they may be published: a district with fewer than
/// [`crate::participation::SMALL_COUNT`] voters is not shown alone (its few voters are neighbours, known to each
/// other) but counted in one line of the other small districts ([`super::OTHER_DISTRICTS`]), itself withheld when
/// it still holds fewer. The overall result is unchanged.
pub fn publishable_by_district(rows: Vec<super::Tally>) -> Vec<super::Tally> {
    let small = |t: &super::Tally| crate::participation::publishable(t.total()).is_none();
    let (shown, grouped): (Vec<_>, Vec<_>) = rows.into_iter().partition(|t| !small(t));
    let mut out = shown;
    let other =
        grouped.iter().fold(super::Tally { label: super::OTHER_DISTRICTS.into(), ..Default::default() }, |o, t| {
            super::Tally {
                for_: o.for_.saturating_add(t.for_),
                against: o.against.saturating_add(t.against),
                abstain: o.abstain.saturating_add(t.abstain),
                ..o
            }
        });
    if !grouped.is_empty() && !small(&other) {
        out.push(other);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;

    fn resident(verified: bool, blocked: bool, district: Option<i64>) -> CurrentUser {
        CurrentUser {
            id: 7,
            roles: vec![Role::Resident],
            verified,
            blocked,
            district_id: district,
            ..Default::default()
        }
    }

    #[test]
    fn phases_move_forward_one_step() {
        assert!(may_move(Phase::Draft, Phase::Open));
        assert!(may_move(Phase::Open, Phase::Closed));
        assert!(!may_move(Phase::Closed, Phase::Decided), "only by recording the decision");
        assert!(!may_move(Phase::Draft, Phase::Closed));
        assert!(!may_move(Phase::Closed, Phase::Open));
        assert!(!may_move(Phase::Decided, Phase::Open));
        assert!(!may_move(Phase::Open, Phase::Open));
        assert!(!is_public(Phase::Draft));
        assert!(is_public(Phase::Decided));
    }

    #[test]
    fn who_may_vote() {
        let ok = resident(true, false, Some(2));
        assert_eq!(vote_eligibility(Some(&ok), Phase::Open, false, &[], Ok(())), Eligibility::Eligible);
        assert_eq!(vote_eligibility(None, Phase::Open, false, &[], Ok(())), Eligibility::SignedOut);
        assert_eq!(
            vote_eligibility(Some(&resident(false, false, None)), Phase::Open, false, &[], Ok(())),
            Eligibility::Unverified
        );
        assert_eq!(
            vote_eligibility(Some(&resident(true, true, None)), Phase::Open, false, &[], Ok(())),
            Eligibility::Blocked
        );
        assert_eq!(vote_eligibility(Some(&ok), Phase::Closed, false, &[], Ok(())), Eligibility::NotOpen);
        assert_eq!(vote_eligibility(Some(&ok), Phase::Draft, false, &[], Ok(())), Eligibility::NotOpen);
        // Districts only: the declared district must be one of them; no district declared is outside.
        assert_eq!(vote_eligibility(Some(&ok), Phase::Open, true, &[2, 3], Ok(())), Eligibility::Eligible);
        assert_eq!(vote_eligibility(Some(&ok), Phase::Open, true, &[3], Ok(())), Eligibility::OutsideDistricts);
        let nowhere = resident(true, false, None);
        assert_eq!(vote_eligibility(Some(&nowhere), Phase::Open, true, &[3], Ok(())), Eligibility::OutsideDistricts);
        // The option without districts restricts nothing.
        assert_eq!(vote_eligibility(Some(&nowhere), Phase::Open, true, &[], Ok(())), Eligibility::Eligible);
        // The rule of participation after the account's own state, before the districts.
        let refused = Err(Refusal::NotResident);
        assert_eq!(
            vote_eligibility(Some(&ok), Phase::Open, true, &[3], refused),
            Eligibility::Refused(Refusal::NotResident)
        );
        assert_eq!(
            vote_eligibility(Some(&resident(false, false, None)), Phase::Open, false, &[], refused),
            Eligibility::Unverified
        );
        assert_eq!(vote_eligibility(Some(&ok), Phase::Closed, false, &[], refused), Eligibility::NotOpen);
    }

    #[test]
    fn closed_consultations_are_read_only() {
        let ok = resident(true, false, None);
        assert!(may_comment(Some(&ok), Phase::Open));
        assert!(!may_comment(Some(&ok), Phase::Closed));
        assert!(!may_comment(Some(&ok), Phase::Decided));
        assert!(!may_comment(Some(&resident(true, true, None)), Phase::Open));
        assert!(!may_comment(None, Phase::Open));
    }

    #[test]
    fn results_shown_when_allowed() {
        assert!(results_visible(Phase::Open, false));
        assert!(!results_visible(Phase::Open, true));
        assert!(results_visible(Phase::Closed, true));
        assert!(!results_visible(Phase::Draft, false));
    }

    #[test]
    fn edit_window_is_fifteen_minutes() {
        assert!(editable(1_000, 1_000));
        assert!(editable(1_000, 1_000 + 15 * 60));
        assert!(!editable(1_000, 1_000 + 15 * 60 + 1));
        assert!(!editable(1_000, 999));
    }

    #[test]
    fn comments_are_checked() {
        assert_eq!(validate_comment("  Oui  ", "for").unwrap(), ("Oui".to_string(), Alignment::For));
        let errors = validate_comment(" ", "maybe").unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.clone().unwrap()).collect();
        assert_eq!(fields, ["body", "alignment"]);
        assert!(validate_comment(&"a".repeat(MAX_COMMENT + 1), "neutral").is_err());
    }

    fn good_form() -> ConsultationForm {
        ConsultationForm {
            title: "Capteurs de bruit place du Marché".into(),
            question: "Faut-il installer des capteurs de bruit place du Marché ?".into(),
            body: "Des riverains signalent des nuisances.".into(),
            domain: "environment".into(),
            use_purpose: "Objectiver les nuisances nocturnes".into(),
            use_benefits: "Des mesures partagées".into(),
            use_data: "Niveaux sonores (dB), aucun son".into(),
            use_retention: "P30D".into(),
            sensors: "BR-0001, BR-0002".into(),
            opens_on: "2027-01-10".into(),
            closes_on: "2027-02-10".into(),
            documents: "Étude acoustique | https://ville.example/etude.pdf".into(),
            districts_only: "1".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_form_passes() {
        let v = validate(&good_form()).unwrap();
        assert_eq!(v.domain, Domain::Environment);
        assert_eq!(v.sensors, ["BR-0001", "BR-0002"]);
        assert_eq!(
            v.documents,
            [Document { title: "Étude acoustique".into(), url: "https://ville.example/etude.pdf".into() }]
        );
        assert!(v.districts_only && !v.results_hidden);
    }

    #[test]
    fn every_bad_field_is_named() {
        let form = ConsultationForm {
            title: " ".into(),
            domain: "nope".into(),
            use_retention: "forever".into(),
            opens_on: "2027-02-10".into(),
            closes_on: "2027-01-10".into(),
            documents: "javascript:alert(1)".into(),
            ..good_form()
        };
        let fields: Vec<_> = validate(&form).unwrap_err().into_iter().filter_map(|e| e.field).collect();
        assert_eq!(fields, ["title", "domain", "use_retention", "closes_on", "documents"]);
    }

    #[test]
    fn proposals_are_checked() {
        let good = ProposalForm {
            title: "Compter les vélos rue Haute".into(),
            body: "Pour savoir si une piste cyclable se justifie.".into(),
            domain: "mobility".into(),
            district_id: "3".into(),
        };
        assert_eq!(validate_proposal(&good).unwrap().3, Some(3));
        let bad =
            ProposalForm { title: "Vélo".into(), body: "Court".into(), domain: "".into(), district_id: "x".into() };
        let fields: Vec<_> = validate_proposal(&bad).unwrap_err().into_iter().filter_map(|e| e.field).collect();
        assert_eq!(fields, ["title", "body", "domain", "district_id"]);
        assert!(ready_to_open("a", "b", "c"));
        assert!(!ready_to_open("a", " ", "c"));
    }

    #[test]
    fn slugs() {}

    #[test]
    fn districts_with_few_voters_are_not_shown_alone() {
        let t =
            |label: &str, for_, against, abstain| super::super::Tally { label: label.into(), for_, against, abstain };
        let rows = vec![t("Centre", 10, 2, 0), t("Gare", 1, 0, 0), t("Port", 2, 1, 0), t("Nord", 0, 1, 0)];
        // Gare (1), Port (3) and Nord (1) together: 5 voters, shown as one line.
        assert_eq!(
            publishable_by_district(rows.clone()),
            vec![t("Centre", 10, 2, 0), t(super::super::OTHER_DISTRICTS, 3, 2, 0)]
        );
        // Gare alone (1 voter) is withheld altogether.
        assert_eq!(publishable_by_district(vec![rows[0].clone(), rows[1].clone()]), vec![t("Centre", 10, 2, 0)]);
        assert_eq!(publishable_by_district(vec![]), vec![]);
    }
}
