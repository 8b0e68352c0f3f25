//! A budget's life: staff create it (with its envelopes) and move it through its phases; residents submit
//! projects that staff review publicly; residents cast and change their ballot until voting closes, and get a
//! receipt code. Closing the vote unlinks ballots from voters; publishing results counts them.

use super::form::{self, BudgetForm};
use super::queries::{self, ballots, lifecycle};
use super::rules::{self, BallotError, BallotRules};
use super::{BallotKind, Channel, Phase, ProjectStatus};
use crate::access::{can, require, Action, Resource};
use crate::audit::{self, NewEntry};
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::eligibility::policy::VoteRule;
use crate::eligibility::service as eligibility;
use crate::error::{AppError, FieldError, UserError};
use crate::participation::{queries as participation, Scope};
use std::time::Duration;

/// How long closing a vote tries to empty SQLite's write-ahead log of the keys that joined voters to ballots
/// before leaving it to the checkpoint task (see `Db::empty_wal`).
const FORGET_WITHIN: Duration = Duration::from_secs(15);
use crate::state::AppState;
use sha2::{Digest, Sha256};

/// Staff create a budget in the `proposals` phase, with the town's envelope and/or one per district. Returns
/// its slug.
pub async fn create(state: &AppState, actor: Option<&CurrentUser>, form: &BudgetForm) -> Result<String, AppError> {
    let actor = require(actor, Action::ManageBudgets)?;
    let v = form::validate_budget(form).map_err(AppError::Invalid)?;
    let at = now();
    // As for consultations: a second budget of the same title created at the same moment takes the next slug.
    let mut attempts = 0;
    let (slug, id, mut tx, mut envelopes) = loop {
        let slug = super::service::free_slug(&state.db, &v.title).await?;
        let mut tx = state.db.pool.begin().await?;
        let mut envelopes = vec![];
        for (district, amount) in &v.districts {
            match lifecycle::district_id(&mut tx, district).await? {
                Some(id) => envelopes.push((Some(id), *amount)),
                None => return Err(AppError::user(UserError::field("districts", "error-budget-unknown-district"))),
            }
        }
        match lifecycle::insert(&mut tx, &v, &slug, at).await {
            Ok(id) => break (slug, id, tx, envelopes),
            Err(e) if crate::db::is_unique_violation(&e) && attempts < crate::db::MAX_SLUG_RACES => attempts += 1,
            Err(e) => return Err(e.into()),
        }
    };
    if let Some(amount) = v.town_amount {
        envelopes.insert(0, (None, amount));
    }
    for (position, (district, amount)) in envelopes.into_iter().enumerate() {
        queries::insert_envelope(&mut tx, id, position as i64, district, "", amount).await?;
    }
    let entry = NewEntry::by(Some(actor), "budget_create", "budget", id, v.title.clone());
    audit::append(&mut tx, state.db.backend, &entry, at).await?;
    tx.commit().await?;
    Ok(slug)
}

/// Staff move a budget one phase forward. Opening the vote locks the ballot and counting rules; closing it
/// (voting → counting) unlinks every ballot from its voter; publishing results (counting → results) counts first.
pub async fn move_to(state: &AppState, actor: Option<&CurrentUser>, slug: &str, to: Phase) -> Result<(), AppError> {
    let actor = require(actor, Action::ManageBudgets)?;
    let budget = queries::find(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    let from = budget.phase;
    if !rules::may_move(from, to) {
        return Err(AppError::user(UserError::general("error-budget-phase-move")));
    }
    if to == Phase::Results {
        // Paper ballots and paper voters must agree, or their difference be explained, before anything is
        // published (as a polling station's minutes).
        for e in lifecycle::envelope_lines(&state.db, budget.id).await? {
            if super::paper::reconciliation(&state.db, e.id).await?.blocks_results() {
                return Err(AppError::user(UserError::general("error-paper-unexplained")));
            }
        }
        // Counted before the move (the ballots no longer change once counting began): a count that fails
        // leaves the budget in counting, to try again, rather than publishing results without their figures.
        super::service::count(&state.db, budget.id).await?;
    }
    let at = now();
    let mut tx = state.db.pool.begin().await?;
    if !lifecycle::move_phase(&mut tx, budget.id, from.code(), to.code(), at).await? {
        return Err(AppError::user(UserError::general("error-budget-phase-move")));
    }
    if to == Phase::Counting {
        ballots::unlink(&mut tx, budget.id).await?;
    }
    let entry =
        NewEntry::by(Some(actor), "budget_phase", "budget", budget.id, format!("{} → {}", from.code(), to.code()));
    audit::append(&mut tx, state.db.backend, &entry, at).await?;
    tx.commit().await?;
    if to == Phase::Counting {
        match ballots::forget_old_versions(&state.db, FORGET_WITHIN).await {
            Ok(true) => {}
            Ok(false) => tracing::warn!("a long read holds the write-ahead log after closing a vote; emptied later"),
            Err(e) => tracing::warn!(error = %e, "dropping old ballot row versions after closing a vote"),
        }
    }
    Ok(())
}

/// A project as a resident submits it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ProjectForm {
    pub title: String,
    pub body: String,
    pub category: String,
    /// The author's estimate, in euros as typed.
    pub cost: String,
    /// Envelope id (the town's or a district's).
    pub envelope: String,
    pub latitude: String,
    pub longitude: String,
}

/// Checks a project form; the envelope must be one of `envelopes`.
pub fn validate_project(form: &ProjectForm, envelopes: &[i64]) -> Result<ValidProject, Vec<FieldError>> {
    let mut errors = vec![];
    let title = form.title.trim().to_string();
    if title.is_empty() || title.chars().count() > form::MAX_TITLE {
        errors.push(UserError::field("title", "error-project-title"));
    }
    let body = form.body.trim().to_string();
    if body.is_empty() || body.chars().count() > form::MAX_BODY {
        errors.push(UserError::field("body", "error-project-body"));
    }
    let cost = crate::format::parse_amount(&form.cost).filter(|&c| c > 0);
    if cost.is_none() {
        errors.push(UserError::field("cost", "error-budget-amount"));
    }
    let envelope = form.envelope.trim().parse::<i64>().ok().filter(|e| envelopes.contains(e));
    if envelope.is_none() {
        errors.push(UserError::field("envelope", "error-choose-from-list"));
    }
    let coordinate = |text: &str, limit: f64| -> Result<Option<f64>, ()> {
        match text.trim() {
            "" => Ok(None),
            t => t.replace(',', ".").parse::<f64>().ok().filter(|v| v.abs() <= limit).map(Some).ok_or(()),
        }
    };
    let location = match (coordinate(&form.latitude, 90.0), coordinate(&form.longitude, 180.0)) {
        (Ok(Some(lat)), Ok(Some(lon))) => Some((lat, lon)),
        (Ok(None), Ok(None)) => None,
        _ => {
            errors.push(UserError::field("latitude", "error-project-location"));
            None
        }
    };
    match (cost, envelope) {
        (Some(cost), Some(envelope)) if errors.is_empty() => Ok(ValidProject {
            title,
            body,
            category: form.category.trim().chars().take(100).collect(),
            cost,
            envelope,
            location,
        }),
        _ => Err(errors),
    }
}

/// A checked project.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidProject {
    pub title: String,
    pub body: String,
    pub category: String,
    pub cost: i64,
    pub envelope: i64,
    pub location: Option<(f64, f64)>,
}

/// A verified resident submits a project while the budget takes proposals, with up to three photos (see
/// [`super::images`]). Returns its id.
pub async fn submit(
    state: &AppState,
    actor: Option<&CurrentUser>,
    slug: &str,
    form: &ProjectForm,
    images: &[Vec<u8>],
) -> Result<i64, AppError> {
    let actor = require(actor, Action::Participate)?;
    let budget = queries::find(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    if budget.phase != Phase::Proposals {
        return Err(AppError::user(UserError::general("error-budget-no-proposals")));
    }
    let envelopes: Vec<i64> = queries::envelopes(&state.db, budget.id).await?.iter().map(|e| e.id).collect();
    let checked = super::images::check(images);
    let v = match (validate_project(form, &envelopes), &checked) {
        (Ok(v), Ok(_)) => v,
        (result, _) => {
            let mut errors = result.err().unwrap_or_default();
            if let Err(key) = checked {
                errors.push(FieldError { field: Some("images".into()), key: key.into() });
            }
            return Err(AppError::Invalid(errors));
        }
    };
    let at = now();
    let mut tx = state.db.pool.begin().await?;
    let id = lifecycle::insert_project(
        &mut tx,
        budget.id,
        v.envelope,
        &v.title,
        &v.body,
        &v.category,
        v.cost,
        v.location,
        actor.id,
        at,
    )
    .await?;
    // Stored without their metadata (a phone photo's GPS position, its device, its owner's name).
    for (n, (kind, bytes)) in checked.unwrap_or_default().iter().enumerate() {
        lifecycle::insert_image(&mut tx, id, n as i64 + 1, kind, bytes, at).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Staff review a project publicly, before voting opens: feasible (optionally at a revised cost), not feasible
/// (a reason is required), or merged into another project of the same envelope (named in the note). Returns the
/// project's address on its budget's page.
pub async fn review(
    state: &AppState,
    actor: Option<&CurrentUser>,
    project_id: i64,
    status: ProjectStatus,
    note: &str,
    revised_cost: &str,
    merged_into: Option<i64>,
) -> Result<String, AppError> {
    let actor = require(actor, Action::ManageBudgets)?;
    let project = lifecycle::project(&state.db, project_id).await?.ok_or(AppError::NotFound)?;
    let budget = queries::get(&state.db, project.budget_id).await?.ok_or(AppError::NotFound)?;
    if !rules::rules_editable(budget.phase) {
        return Err(AppError::user(UserError::general("error-budget-locked")));
    }
    let note = note.trim();
    let mut errors = vec![];
    if matches!(status, ProjectStatus::Unfeasible | ProjectStatus::Merged) && note.is_empty() {
        errors.push(UserError::field("note", "error-project-review-reason"));
    }
    let revised = match revised_cost.trim() {
        "" => None,
        text => {
            let cost = crate::format::parse_amount(text).filter(|&c| c > 0);
            if cost.is_none() {
                errors.push(UserError::field("revised_cost", "error-budget-amount"));
            }
            cost
        }
    };
    let merged_into = match (status, merged_into) {
        (ProjectStatus::Merged, Some(target)) => {
            let target = lifecycle::project(&state.db, target).await?;
            // Into another live proposal of the same envelope only: not one merged or withdrawn itself (two
            // projects merged into each other would both leave the ballot, neither surviving).
            let live =
                |t: &lifecycle::ProjectRow| matches!(t.status, ProjectStatus::Submitted | ProjectStatus::Feasible);
            if target.as_ref().is_none_or(|t| t.envelope_id != project.envelope_id || t.id == project.id || !live(t)) {
                errors.push(UserError::field("merged_into", "error-project-merge"));
            }
            target.map(|t| t.id)
        }
        (ProjectStatus::Merged, None) => {
            errors.push(UserError::field("merged_into", "error-project-merge"));
            None
        }
        _ => None,
    };
    if status == ProjectStatus::Submitted || !errors.is_empty() {
        errors
            .extend((status == ProjectStatus::Submitted).then(|| UserError::field("status", "error-choose-from-list")));
        return Err(AppError::Invalid(errors));
    }
    let at = now();
    let mut tx = state.db.pool.begin().await?;
    lifecycle::review(&mut tx, project.id, status.code(), note, revised, merged_into, at).await?;
    let entry =
        NewEntry::by(Some(actor), "project_review", "project", project.id, format!("{}: {note}", status.code()));
    audit::append(&mut tx, state.db.backend, &entry, at).await?;
    tx.commit().await?;
    Ok(format!("{}#projet-{}", super::paths::page(&budget.slug), project.id))
}

/// The ballot rules of a budget for one envelope of `amount` cents.
pub(super) fn ballot_rules(r: &queries::BudgetRow, amount: i64) -> BallotRules {
    BallotRules {
        kind: r.ballot_kind,
        min_choices: r.min_choices,
        max_choices: r.max_choices,
        min_spend_pct: r.min_spend_pct,
        max_points: r.max_points,
        max_points_each: r.max_points_each,
        envelope: amount,
    }
}

/// The SHA-256 of a receipt code, as stored.
pub fn receipt_hash(code: &str) -> String {
    let normalised: String =
        code.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_uppercase();
    hex::encode(Sha256::digest(normalised.as_bytes()))
}

/// A receipt code: 12 characters from an alphabet without look-alikes, shown in groups of four.
fn receipt_code() -> String {
    const ALPHABET: &[u8] = rules::RECEIPT_ALPHABET;
    let bytes: [u8; 12] = rand::random();
    let chars: Vec<char> = bytes.iter().map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join("-")
}

/// The violations of a ballot's rules, reported on the ballot (field `ballot`).
fn on_ballot(errors: &[BallotError]) -> AppError {
    AppError::Invalid(errors.iter().map(|e| FieldError { field: Some("ballot".into()), key: e.key().into() }).collect())
}

fn random_key() -> String {
    hex::encode(rand::random::<[u8; 24]>())
}

/// A resident casts or changes their ballot in one envelope while voting is open. Every violation of the ballot
/// rules is returned at once (field `ballot`); a resident recorded as having voted on paper is refused. Returns a
/// new receipt code (the previous one no longer matches).
pub async fn cast(
    state: &AppState,
    actor: Option<&CurrentUser>,
    slug: &str,
    envelope_id: i64,
    items: &[(i64, i64)],
    channel: Channel,
) -> Result<String, AppError> {
    let actor = require(actor, Action::Participate)?;
    let budget = queries::find(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    let envelope = lifecycle::envelope(&state.db, envelope_id).await?.filter(|e| e.budget_id == budget.id);
    let envelope = envelope.ok_or(AppError::NotFound)?;
    let closed = || AppError::user(UserError::general("ballot-error-closed"));
    if !rules::voting_open(budget.phase) {
        return Err(closed());
    }
    // The district the resident votes as in this budget: pinned at their first ballot, whatever the account
    // says or the verification gives later (see `participation`); checked again, authoritatively, in the
    // transaction below, as is the budget's rule of participation.
    let not_eligible = || AppError::user(UserError::general("ballot-error-not-eligible"));
    let vote_rule = VoteRule::stored(budget.voters, budget.min_age);
    let standing = eligibility::standing(state, actor, vote_rule).await?;
    standing.admitted.map_err(eligibility::refused)?;
    let district = participation::district(&state.db, Scope::Budget, budget.id, actor.id, standing.home).await?;
    if envelope.district_id.is_some() && envelope.district_id != district {
        return Err(not_eligible());
    }
    let candidates = queries::candidates(&state.db, envelope.id).await?;
    let ballot_rules = ballot_rules(&budget, envelope.amount);
    let cost_of = |p: i64| candidates.iter().find(|c| c.id == p).map(|c| c.cost);
    let errors: Vec<BallotError> = rules::validate(&ballot_rules, items, cost_of);
    if !errors.is_empty() {
        return Err(on_ballot(&errors));
    }
    let items: Vec<(i64, i64)> = match ballot_rules.kind {
        BallotKind::Cumulative | BallotKind::Ranked => items.to_vec(),
        BallotKind::Approval | BallotKind::Knapsack => items.iter().map(|&(p, _)| (p, 1)).collect(),
    };
    let code = receipt_code();
    let receipt = receipt_hash(&code);
    let mut tx = state.db.pool.begin().await?;
    ballots::hold_phase(&mut tx, state.db.backend, budget.id).await?;
    let admission = eligibility::admit(&mut tx, vote_rule, actor).await?;
    let district =
        participation::pin(&mut tx, Scope::Budget, budget.id, actor.id, admission.district, admission.recorded, now())
            .await?;
    if envelope.district_id.is_some() && envelope.district_id != district {
        return Err(not_eligible());
    }
    let key = random_key();
    if ballots::participate(&mut tx, budget.id, envelope.id, actor.id, channel.code(), Some(&key), now()).await? {
        let id = super::service::ballot_id();
        let new = ballots::NewBallot {
            channel: channel.code(),
            ballot_key: Some(&key),
            receipt: Some(&receipt),
            batch_id: None,
        };
        ballots::insert(&mut tx, &id, envelope.id, &new, &items).await?;
    } else {
        match ballots::participation(&mut tx, envelope.id, actor.id).await? {
            Some((_, Some(key))) => {
                if !ballots::replace(&mut tx, budget.id, &key, channel.code(), &receipt, &items).await? {
                    return Err(closed());
                }
            }
            Some((Channel::Paper, None)) => {
                return Err(AppError::user(UserError::general("ballot-error-voted-on-paper")))
            }
            _ => return Err(closed()),
        }
    }
    tx.commit().await?;
    Ok(code)
}

/// The signed-in resident's own ballot in an envelope, while voting is open (after that nobody can find it).
pub async fn my_ballot(
    state: &AppState,
    actor: Option<&CurrentUser>,
    envelope_id: i64,
) -> Result<Option<Vec<(i64, i64)>>, AppError> {
    let Some(actor) = actor else { return Ok(None) };
    let mut conn = state.db.pool.acquire().await?;
    match ballots::participation(&mut conn, envelope_id, actor.id).await? {
        Some((_, Some(key))) => Ok(Some(ballots::items_of(&state.db, &key).await?)),
        _ => Ok(None),
    }
}

/// Whether a receipt code belongs to a ballot of the budget (the receipt proves a ballot is counted, never
/// what it says).
pub async fn check_receipt(state: &AppState, slug: &str, code: &str) -> Result<bool, AppError> {
    let budget = queries::find(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    Ok(ballots::receipt_counted(&state.db, budget.id, &receipt_hash(code)).await?)
}

/// The ballot page of a budget for `actor`: the envelope asked for (or the first they may vote in), its
/// projects, their rules, where the resident stands and their current ballot. `None` when there is no such
/// budget or envelope.
pub async fn ballot_view(
    state: &AppState,
    actor: Option<&CurrentUser>,
    slug: &str,
    envelope: Option<i64>,
    kiosk_visit: bool,
) -> Result<Option<super::BallotView>, AppError> {
    use super::BallotAccess;
    let Some(budget) = queries::find(&state.db, slug).await? else { return Ok(None) };
    let phase = budget.phase;
    let all = lifecycle::envelope_lines(&state.db, budget.id).await?;
    let vote_rule = VoteRule::stored(budget.voters, budget.min_age);
    let (district, refused) = match actor {
        Some(a) => {
            let standing = eligibility::standing(state, a, vote_rule).await?;
            let pinned = participation::district(&state.db, Scope::Budget, budget.id, a.id, standing.home).await?;
            (pinned, standing.admitted.err())
        }
        None => (None, None),
    };
    let eligible = |d: Option<i64>| d.is_none() || d == district;
    let chosen = match envelope {
        Some(id) => match all.iter().find(|e| e.id == id) {
            Some(e) => Some(e),
            None => return Ok(None),
        },
        None => all.iter().find(|e| eligible(e.district_id)).or(all.first()),
    };
    // Where the resident stands, and (while voting) their participation — channel, ballot key, time — read once.
    let (access, cast) = match (actor, chosen) {
        _ if !rules::voting_open(phase) => (BallotAccess::Closed, None),
        (None, _) => (BallotAccess::SignedOut, None),
        (Some(a), _) if !can(Some(a), Action::Participate, Resource::Site) => (BallotAccess::NotAllowed, None),
        (Some(_), _) if refused.is_some() => (refused.map_or(BallotAccess::Closed, BallotAccess::Refused), None),
        (Some(_), Some(e)) if !eligible(e.district_id) => (BallotAccess::OtherDistrict, None),
        (Some(_), None) => (BallotAccess::Closed, None),
        (Some(a), Some(e)) => {
            let mut conn = state.db.pool.acquire().await?;
            let cast = ballots::participation_at(&mut conn, e.id, a.id).await?;
            let on_paper = cast.as_ref().is_some_and(|(c, key, _)| *c == Channel::Paper && key.is_none());
            (if on_paper { BallotAccess::VotedOnPaper } else { BallotAccess::Open }, cast)
        }
    };
    let mut view = super::BallotView {
        slug: budget.slug.clone(),
        title: budget.title.clone(),
        currency: budget.currency.clone(),
        phase,
        envelopes: all.iter().map(|e| (e.id, e.name.clone(), eligible(e.district_id))).collect(),
        envelope: chosen.map(|e| (e.id, e.name.clone())),
        rules: None,
        candidates: vec![],
        access,
        rule: vote_rule,
        mine: None,
        voted: None,
        proof_needed: false,
    };
    if let (Some(e), true) = (chosen, rules::voting_open(phase)) {
        view.rules = Some(ballot_rules(&budget, e.amount));
        view.candidates = queries::candidates(&state.db, e.id)
            .await?
            .into_iter()
            .map(|c| super::Candidate {
                id: c.id,
                reference: c.reference,
                title: c.title,
                category: c.category,
                body: c.body,
                cost: c.cost,
                images: c.images,
            })
            .collect();
        match (cast, kiosk_visit) {
            (Some((_, Some(key), _)), false) => view.mine = Some(ballots::items_of(&state.db, &key).await?),
            // At a kiosk a ballot's content is never shown (the desk code's issuer may be watching, or be the
            // one typing): only when it was cast and by which channel; one cast online needs its holder's proof.
            (Some((channel, _, at)), true) => {
                view.proof_needed = channel == Channel::Web;
                view.voted = Some((at, channel));
            }
            _ => {}
        }
    }
    Ok(Some(view))
}

/// A project's review page, for staff.
pub async fn review_view(
    state: &AppState,
    actor: Option<&CurrentUser>,
    project_id: i64,
) -> Result<Option<super::ReviewView>, AppError> {
    require(actor, Action::ManageBudgets)?;
    let Some(p) = lifecycle::project(&state.db, project_id).await? else { return Ok(None) };
    let budget = queries::get(&state.db, p.budget_id).await?.ok_or(AppError::NotFound)?;
    let siblings = lifecycle::projects(&state.db, p.envelope_id)
        .await?
        .into_iter()
        .filter(|s| s.id != p.id)
        .map(|s| (s.id, s.reference, s.title))
        .collect();
    let images = lifecycle::image_count(&state.db, p.id).await?;
    Ok(Some(super::ReviewView {
        images,
        id: p.id,
        slug: budget.slug,
        budget_title: budget.title,
        reference: p.reference,
        title: p.title,
        body: p.body,
        category: p.category,
        cost: p.cost,
        revised_cost: p.revised_cost,
        status: p.status,
        note: p.review_note,
        currency: budget.currency,
        editable: rules::rules_editable(budget.phase),
        siblings,
    }))
}

/// The envelopes a resident may submit a project to: id and name (empty: the whole town). `None` when there is
/// no such budget.
pub async fn proposal_envelopes(
    state: &AppState,
    slug: &str,
) -> Result<Option<(String, Phase, Vec<(i64, String)>)>, AppError> {
    let Some(budget) = queries::find(&state.db, slug).await? else { return Ok(None) };
    let envelopes = lifecycle::envelope_lines(&state.db, budget.id).await?;
    let phase = budget.phase;
    Ok(Some((budget.title, phase, envelopes.into_iter().map(|e| (e.id, e.name)).collect())))
}

/// Casts a ballot from the ballot form's fields (see [`rules::read_ballot`]). At a kiosk (`ip` the kiosk's
/// address), a ballot its holder cast online is replaced only with their password (field `account_password`):
/// whoever issued the desk code cannot change it alone.
pub async fn cast_form(
    state: &AppState,
    actor: Option<&CurrentUser>,
    slug: &str,
    envelope_id: i64,
    fields: &[(String, String)],
    channel: Channel,
    ip: &str,
) -> Result<String, AppError> {
    let budget = queries::find(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    let kind = budget.ballot_kind;
    let items = rules::read_ballot(fields, kind).map_err(|e| on_ballot(&[e]))?;
    if let (Channel::Kiosk, Some(actor)) = (channel, actor) {
        let mut conn = state.db.pool.acquire().await?;
        let cast_online = ballots::participation(&mut conn, envelope_id, actor.id)
            .await?
            .is_some_and(|(channel, _)| channel == Channel::Web);
        drop(conn);
        if cast_online {
            let password = fields.iter().find(|(k, _)| k == "account_password").map(|(_, v)| v.clone());
            crate::accounts::service::confirm_holder(state, actor, password.unwrap_or_default(), ip).await?;
        }
    }
    cast(state, actor, slug, envelope_id, &items, channel).await
}

/// A project's photo `n` (from 1): its media type and bytes.
pub async fn image(state: &AppState, project_id: i64, n: i64) -> Result<Option<(String, Vec<u8>)>, AppError> {
    Ok(lifecycle::image(&state.db, project_id, n).await?)
}
