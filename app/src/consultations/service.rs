//! The consultations' use cases: staff create, edit and move consultations through their phases; residents
//! comment, support comments and vote.

use super::queries::{self, CommentRow, ConsultationRow};
use super::rules::{self, ConsultationForm};
use super::*;
use crate::access::{can, require, Action, Resource};
use crate::audit::{self, NewEntry};
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::eligibility::policy::VoteRule;
use crate::eligibility::service as eligibility;
use crate::error::{AppError, FieldError, UserError};
use crate::markdown;
use crate::participation::{queries as participation, Scope};
use crate::state::AppState;

/// A decision is being published on consultation `id`: it moves from closed to decided and everyone who took
/// part is told (by their mail preferences), in the caller's transaction, so that the decision and the move are
/// published together or not at all. False (nothing written) when the consultation was not closed.
pub async fn mark_decided(conn: &mut sqlx::AnyConnection, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    if !queries::set_phase(conn, id, Phase::Closed, Phase::Decided, now).await? {
        return Ok(false);
    }
    queries::notifications::enqueue_decided(conn, id, now).await?;
    Ok(true)
}

/// Checks the form against the registry and the districts: the sensor ids and district ids to link.
async fn check(
    state: &AppState,
    form: &ConsultationForm,
    district_ids: &[String],
) -> Result<(rules::ValidConsultation, Vec<i64>, Vec<i64>), AppError> {
    let mut errors: Vec<FieldError> = vec![];
    let valid = rules::validate(form).map_err(|e| errors.extend(e)).ok();
    // Checked even when other fields are wrong, so every problem is reported at once.
    let references = rules::sensor_references(&form.sensors);
    let found = queries::sensor_ids(&state.db, &references).await?;
    if found.len() != references.len() {
        errors.push(UserError::field("sensors", "error-consultation-sensors"));
    }
    let sensors: Vec<i64> = found.into_iter().map(|(_, id)| id).collect();
    let town = crate::town::districts(&state.db).await?;
    let mut districts = vec![];
    for text in district_ids.iter().filter(|t| !t.is_empty()) {
        match text.parse::<i64>().ok().filter(|id| town.iter().any(|d| d.id == *id)) {
            Some(id) => districts.push(id),
            None => {
                errors.push(UserError::field("districts", "error-district-invalid"));
                break;
            }
        }
    }
    if valid.as_ref().is_some_and(|v| v.districts_only) && districts.is_empty() {
        errors.push(UserError::field("districts", "error-consultation-districts-only"));
    }
    match valid {
        Some(v) if errors.is_empty() => Ok((v, sensors, districts)),
        _ => Err(AppError::Invalid(errors)),
    }
}

/// Staff create a draft; returns its slug.
pub async fn create(
    state: &AppState,
    actor: Option<&CurrentUser>,
    form: &ConsultationForm,
    districts: &[String],
) -> Result<String, AppError> {
    let actor = require(actor, Action::ManageConsultations)?;
    let (valid, sensors, districts) = check(state, form, districts).await?;
    let now = now();
    // The free slug is chosen before the row is written: a second creation of the same title at the same
    // moment (a double click) loses the race to the unique index and takes the next free one.
    let mut attempts = 0;
    let (slug, id, mut tx) = loop {
        let slug = free_slug(state, &valid.title).await?;
        let mut tx = state.db.pool.begin().await?;
        match queries::insert(&mut tx, &valid, &slug, now).await {
            Ok(id) => break (slug, id, tx),
            Err(e) if crate::db::is_unique_violation(&e) && attempts < crate::db::MAX_SLUG_RACES => attempts += 1,
            Err(e) => return Err(e.into()),
        }
    };
    queries::set_links(&mut tx, id, &sensors, &districts, &valid.documents).await?;
    let entry = NewEntry {
        actor_id: Some(actor.id),
        action: "consultation_create",
        target_kind: "consultation",
        target_id: id,
        reason: valid.title.clone(),
    };
    audit::append(&mut tx, state.db.backend, &entry, now).await?;
    tx.commit().await?;
    Ok(slug)
}

/// An unused address part for a title (`-2`, `-3` … added as needed).
pub async fn free_slug(state: &AppState, title: &str) -> Result<String, AppError> {
    let base = crate::text::slugify(title, "consultation");
    Ok(crate::text::first_free(base, super::paths::RESERVED, |slug| async move {
        queries::slug_taken(&state.db, &slug).await
    })
    .await?)
}

/// Staff edit a consultation. Once it is open, the voting rules (who may vote, districts only, hidden results)
/// and the districts stay as they were announced.
pub async fn update(
    state: &AppState,
    actor: Option<&CurrentUser>,
    slug: &str,
    form: &ConsultationForm,
    districts: &[String],
) -> Result<(), AppError> {
    let actor = require(actor, Action::ManageConsultations)?;
    let row = queries::find(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    let (mut valid, sensors, mut district_ids) = check(state, form, districts).await?;
    let mut tx = state.db.pool.begin().await?;
    // The phase as it stands while the edit is saved (an opening at the same moment waits, or comes first and
    // is seen): a vote's rules never change once it opened.
    let phase = queries::hold(&mut tx, state.db.backend, row.id, false).await?.ok_or(AppError::NotFound)?;
    if phase == Phase::Decided {
        return Err(AppError::user(UserError::general("error-consultation-decided")));
    }
    if phase != Phase::Draft {
        valid.districts_only = row.districts_only != 0;
        valid.results_hidden = row.results_hidden != 0;
        valid.rule = VoteRule::stored(row.voters, row.min_age);
        district_ids = queries::districts_of(&state.db, row.id).await?.into_iter().map(|(id, _)| id).collect();
    }
    let now = now();
    queries::update(&mut tx, row.id, &valid, now).await?;
    queries::set_links(&mut tx, row.id, &sensors, &district_ids, &valid.documents).await?;
    let entry = NewEntry {
        actor_id: Some(actor.id),
        action: "consultation_edit",
        target_kind: "consultation",
        target_id: row.id,
        reason: valid.title.clone(),
    };
    audit::append(&mut tx, state.db.backend, &entry, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Staff move a consultation one phase forward.
pub async fn move_to(state: &AppState, actor: Option<&CurrentUser>, slug: &str, to: &str) -> Result<Phase, AppError> {
    let actor = require(actor, Action::ManageConsultations)?;
    let row = queries::find(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    let from = row.status;
    let to = Phase::from_code(to).filter(|to| rules::may_move(from, *to));
    let Some(to) = to else {
        return Err(AppError::user(UserError::general("error-consultation-phase")));
    };
    if to == Phase::Open && !rules::ready_to_open(&row.use_purpose, &row.use_benefits, &row.use_data) {
        return Err(AppError::user(UserError::general("error-consultation-incomplete")));
    }
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    if !queries::set_phase(&mut tx, row.id, from, to, now).await? {
        return Err(AppError::user(UserError::general("error-consultation-phase")));
    }
    let entry = NewEntry {
        actor_id: Some(actor.id),
        action: "consultation_phase",
        target_kind: "consultation",
        target_id: row.id,
        reason: format!("{} → {}", from.code(), to.code()),
    };
    audit::append(&mut tx, state.db.backend, &entry, now).await?;
    tx.commit().await?;
    Ok(to)
}

fn to_consultation(row: ConsultationRow) -> Consultation {
    Consultation {
        body_html: markdown::render(&row.body, markdown::STAFF),
        id: row.id,
        slug: row.slug,
        title: row.title,
        question: row.question,
        body: row.body,
        domain: row.domain,
        use_purpose: row.use_purpose,
        use_benefits: row.use_benefits,
        use_data: row.use_data,
        use_retention: row.use_retention,
        planned_sensors: row.planned_sensors,
        status: row.status,
        opens_on: row.opens_on,
        closes_on: row.closes_on,
        opened_at: row.opened_at,
        closed_at: row.closed_at,
        decided_at: row.decided_at,
        districts_only: row.districts_only != 0,
        results_hidden: row.results_hidden != 0,
        rule: VoteRule::stored(row.voters, row.min_age),
        districts: vec![],
        sensors: vec![],
        documents: vec![],
    }
}

/// A consultation with its links; drafts only for staff.
pub async fn get(state: &AppState, actor: Option<&CurrentUser>, slug: &str) -> Result<Consultation, AppError> {
    let mut c = rules_of(state, actor, slug).await?;
    c.sensors = queries::sensors_of(&state.db, c.id).await?;
    c.documents = queries::documents_of(&state.db, c.id).await?;
    Ok(c)
}

/// A consultation with what participation rules need (its districts), without its sensors and documents:
/// what every comment, support and vote reads.
async fn rules_of(state: &AppState, actor: Option<&CurrentUser>, slug: &str) -> Result<Consultation, AppError> {
    let row = queries::find(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    let mut c = to_consultation(row);
    if !rules::is_public(c.status) && !can(actor, Action::ManageConsultations, Resource::Site) {
        return Err(AppError::NotFound);
    }
    c.districts = queries::districts_of(&state.db, c.id).await?;
    Ok(c)
}

fn to_comment(row: CommentRow, supported: &[i64], reader: Option<i64>) -> Comment {
    let state = if row.deleted_at.is_some() {
        CommentState::Deleted
    } else if let Some(reason) = row.hidden_reason {
        CommentState::Hidden(reason)
    } else {
        CommentState::Visible
    };
    let visible = state == CommentState::Visible;
    Comment {
        id: row.id,
        parent_id: row.parent_id,
        depth: row.depth,
        // Only the author learns that a comment is theirs (to edit or delete it): an account id sent to everyone
        // would tie hidden and deleted comments, whose author is not shown, to their writer.
        author_id: row.author_id.filter(|&a| Some(a) == reader),
        // Who wrote a deleted or hidden comment is not shown either.
        author: if visible { row.author } else { None },
        alignment: row.alignment,
        body_html: if visible { markdown::render(&row.body, markdown::RESIDENT) } else { String::new() },
        body: if visible { row.body } else { String::new() },
        created_at: row.created_at,
        edited_at: row.edited_at,
        state,
        supports: row.supports,
        supported_by_me: supported.contains(&row.id),
    }
}

/// Everything the consultation's page shows to `actor`. On a kiosk visit (`kiosk_visit`: a desk code's session,
/// whose issuer may be watching or typing) the reader's own vote and supports are not sent, and commenting is
/// closed: the visit votes on the kiosk's page, which asks the holder's proof.
pub async fn detail(
    state: &AppState,
    actor: Option<&CurrentUser>,
    slug: &str,
    sort: CommentSort,
    wanted: threads::Wanted,
    kiosk_visit: bool,
) -> Result<ConsultationDetail, AppError> {
    let consultation = get(state, actor, slug).await?;
    let supported = match actor {
        Some(a) if !kiosk_visit => queries::supported_by(&state.db, consultation.id, a.id).await?,
        _ => vec![],
    };
    let comments: Vec<Comment> = queries::comments_of(&state.db, consultation.id)
        .await?
        .into_iter()
        .map(|row| to_comment(row, &supported, actor.map(|a| a.id)))
        .collect();
    let arguments_for = threads::top_arguments(&comments, Alignment::For, 3);
    let arguments_against = threads::top_arguments(&comments, Alignment::Against, 3);
    let comment_count = comments.iter().filter(|c| c.state == CommentState::Visible).count();
    let shown = threads::page_of(threads::threads(comments, sort), wanted);
    let eligibility = eligibility_of(state, actor, &consultation).await?;
    let my_vote = match actor {
        Some(a) if !kiosk_visit => queries::my_vote(&state.db, consultation.id, a.id).await?,
        _ => None,
    };
    let results = if rules::results_visible(consultation.status, consultation.results_hidden) {
        Some(published_results(state, consultation.id).await?)
    } else {
        None
    };
    Ok(ConsultationDetail {
        may_comment: !kiosk_visit && rules::may_comment(actor, consultation.status),
        voters: queries::voters(&state.db, consultation.id).await?,
        comments: shown.comments,
        comment_count,
        comment_page: shown.page,
        comment_pages: shown.pages,
        arguments_for,
        arguments_against,
        sort,
        my_vote,
        eligibility,
        results,
        edit_window: rules::EDIT_WINDOW,
        now: now(),
        consultation,
    })
}

/// The list with its filters (drafts for staff only).
pub async fn list(
    state: &AppState,
    actor: Option<&CurrentUser>,
    status: Option<Phase>,
    district: Option<i64>,
    domain: Option<Domain>,
) -> Result<Vec<ConsultationSummary>, AppError> {
    let drafts = can(actor, Action::ManageConsultations, Resource::Site);
    Ok(queries::list(&state.db, status, district, domain, drafts).await?)
}

/// A resident comments, or replies to `parent`; returns the new comment's id.
pub async fn comment(
    state: &AppState,
    actor: Option<&CurrentUser>,
    slug: &str,
    parent: Option<i64>,
    body: &str,
    alignment: &str,
) -> Result<i64, AppError> {
    let c = rules_of(state, actor, slug).await?;
    let author = actor.ok_or(AppError::Unauthenticated)?;
    if !rules::may_comment(actor, c.status) {
        return Err(participation_error(actor, c.status));
    }
    let (body, alignment) = rules::validate_comment(body, alignment).map_err(AppError::Invalid)?;
    let depth = match parent {
        None => 0,
        Some(parent_id) => {
            let p = queries::comment(&state.db, parent_id).await?.filter(|p| p.consultation_id == c.id);
            let p = p.ok_or(AppError::NotFound)?;
            if p.depth >= rules::MAX_DEPTH || p.deleted_at.is_some() || p.hidden_reason.is_some() {
                return Err(AppError::user(UserError::general("error-comment-reply")));
            }
            p.depth + 1
        }
    };
    let now = now();
    // The comment and the notice to the author it answers commit together.
    let mut tx = state.db.pool.begin().await?;
    let id = queries::insert_comment(&mut tx, c.id, parent, depth, author.id, alignment, &body, now)
        .await?
        .ok_or_else(|| AppError::user(UserError::general("error-consultation-not-open")))?;
    if let Some(parent) = parent {
        queries::notifications::enqueue_reply(&mut tx, parent, id, c.id, now).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Why someone may not take part now.
fn participation_error(actor: Option<&CurrentUser>, phase: Phase) -> AppError {
    if phase != Phase::Open {
        return AppError::user(UserError::general("error-consultation-not-open"));
    }
    match rules::participation(actor) {
        Eligibility::SignedOut => AppError::Unauthenticated,
        Eligibility::Unverified => AppError::user(UserError::general("vote-unverified")),
        Eligibility::Blocked => AppError::user(UserError::general("vote-blocked")),
        _ => AppError::Forbidden,
    }
}

/// The author's own comment on an open consultation, or why not.
async fn own_comment(state: &AppState, actor: Option<&CurrentUser>, id: i64) -> Result<(CommentRow, String), AppError> {
    let author = actor.ok_or(AppError::Unauthenticated)?;
    let row = queries::comment(&state.db, id).await?.ok_or(AppError::NotFound)?;
    if row.author_id != Some(author.id) || row.deleted_at.is_some() {
        return Err(AppError::Forbidden);
    }
    let slug = consultation_slug(state, row.consultation_id).await?;
    let c = rules_of(state, actor, &slug).await?;
    if c.status != Phase::Open {
        return Err(AppError::user(UserError::general("error-consultation-not-open")));
    }
    Ok((row, slug))
}

async fn consultation_slug(state: &AppState, id: i64) -> Result<String, AppError> {
    queries::slug_of(&state.db, id).await?.ok_or(AppError::NotFound)
}

/// The page a comment is shown on, with its anchor.
pub async fn comment_page(state: &AppState, id: i64) -> Result<String, AppError> {
    let row = queries::comment(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let slug = consultation_slug(state, row.consultation_id).await?;
    Ok(paths::comment(&slug, id))
}

/// The author edits a comment within the edit window; returns the consultation's slug.
pub async fn edit_comment(
    state: &AppState,
    actor: Option<&CurrentUser>,
    id: i64,
    body: &str,
    alignment: &str,
) -> Result<String, AppError> {
    let (row, slug) = own_comment(state, actor, id).await?;
    let now = now();
    if !rules::editable(row.created_at, now) {
        return Err(AppError::user(UserError::general("error-comment-edit-window")));
    }
    if row.hidden_reason.is_some() {
        return Err(AppError::Forbidden);
    }
    let (body, alignment) = rules::validate_comment(body, alignment).map_err(AppError::Invalid)?;
    queries::update_comment(&state.db, id, &body, alignment, now).await?;
    Ok(slug)
}

/// The author deletes a comment (any time while the consultation is open); returns the slug.
pub async fn delete_comment(state: &AppState, actor: Option<&CurrentUser>, id: i64) -> Result<String, AppError> {
    let (_, slug) = own_comment(state, actor, id).await?;
    queries::delete_comment(&state.db, id, now()).await?;
    Ok(slug)
}

/// A resident supports a comment (or takes the support back); returns the slug.
pub async fn support(state: &AppState, actor: Option<&CurrentUser>, id: i64, on: bool) -> Result<String, AppError> {
    let row = queries::comment(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let slug = consultation_slug(state, row.consultation_id).await?;
    let c = rules_of(state, actor, &slug).await?;
    if !rules::may_comment(actor, c.status) {
        return Err(participation_error(actor, c.status));
    }
    let user = actor.ok_or(AppError::Unauthenticated)?;
    if row.author_id == Some(user.id) {
        return Err(AppError::user(UserError::general("error-support-own")));
    }
    if row.deleted_at.is_some() || row.hidden_reason.is_some() {
        return Err(AppError::NotFound);
    }
    let mut tx = state.db.pool.begin().await?;
    queries::set_support(&mut tx, id, user.id, on, now()).await?;
    tx.commit().await?;
    Ok(slug)
}

/// Whether `actor` may vote on `c` now, and why not. The district they vote as is the one pinned at their first
/// vote (see `participation`), else their verified one, else the one their account declares; the consultation's
/// rule of participation is checked against their verified residence (`eligibility`).
pub async fn eligibility_of(
    state: &AppState,
    actor: Option<&CurrentUser>,
    c: &Consultation,
) -> Result<Eligibility, AppError> {
    let districts: Vec<i64> = c.districts.iter().map(|(id, _)| *id).collect();
    let Some(a) = actor else {
        return Ok(rules::vote_eligibility(None, c.status, c.districts_only, &districts, Ok(())));
    };
    let standing = eligibility::standing(state, a, c.rule).await?;
    let district = participation::district(&state.db, Scope::Consultation, c.id, a.id, standing.home).await?;
    let voter = CurrentUser { district_id: district, ..a.clone() };
    Ok(rules::vote_eligibility(Some(&voter), c.status, c.districts_only, &districts, standing.admitted))
}

/// An eligibility other than "eligible" as the error a vote answers.
fn refusal(eligibility: Eligibility) -> Result<(), AppError> {
    match eligibility {
        Eligibility::Eligible => Ok(()),
        Eligibility::SignedOut => Err(AppError::Unauthenticated),
        other => Err(AppError::user(UserError::general(other.message_key()))),
    }
}

/// A resident votes, or changes their vote, until the consultation closes.
pub async fn vote(
    state: &AppState,
    actor: Option<&CurrentUser>,
    slug: &str,
    choice: &str,
    channel: crate::participation::Channel,
) -> Result<Choice, AppError> {
    let c = rules_of(state, actor, slug).await?;
    // The check before the transaction gives the page's message ("not open" before "sign in"); the one inside
    // decides.
    refusal(eligibility_of(state, actor, &c).await?)?;
    let voter = actor.ok_or(AppError::Unauthenticated)?;
    let choice =
        Choice::from_code(choice).ok_or_else(|| AppError::user(UserError::field("choice", "error-vote-choice")))?;
    // The district the resident votes as is pinned at their first vote (see `participation`): a vote changed
    // after an edit of the account's district, or a later verification, is checked and counted with the district
    // it was first cast as.
    let mut tx = state.db.pool.begin().await?;
    queries::hold(&mut tx, state.db.backend, c.id, true).await?;
    let admission = eligibility::admit(&mut tx, c.rule, voter).await?;
    let district =
        participation::pin(&mut tx, Scope::Consultation, c.id, voter.id, admission.district, admission.recorded, now())
            .await?;
    let districts: Vec<i64> = c.districts.iter().map(|(id, _)| *id).collect();
    let as_pinned = CurrentUser { district_id: district, ..voter.clone() };
    refusal(rules::vote_eligibility(Some(&as_pinned), c.status, c.districts_only, &districts, Ok(())))?;
    if !queries::cast_vote(&mut tx, c.id, voter.id, choice, district, channel.code(), now()).await? {
        return Err(AppError::user(UserError::general("vote-not-open")));
    }
    tx.commit().await?;
    Ok(choice)
}

/// The results as published (page, CSV): no district line of fewer than five voters, whose choices their
/// neighbours could tell ([`rules::publishable_by_district`]). The officials' dashboard reads turnout from
/// [`queries::results`] itself.
async fn published_results(state: &AppState, consultation_id: i64) -> Result<Results, AppError> {
    let mut results = queries::results(&state.db, consultation_id).await?;
    results.by_district = rules::publishable_by_district(std::mem::take(&mut results.by_district));
    Ok(results)
}

/// The results as CSV (counts only), when they may be shown.
pub async fn results_csv(state: &AppState, actor: Option<&CurrentUser>, slug: &str) -> Result<String, AppError> {
    let c = get(state, actor, slug).await?;
    if !rules::results_visible(c.status, c.results_hidden) {
        return Err(AppError::NotFound);
    }
    let results = published_results(state, c.id).await?;
    let mut out = csv::Writer::from_writer(vec![]);
    let mut write = |fields: [String; 5]| out.write_record(fields).map_err(|e| AppError::Internal(format!("csv: {e}")));
    write(["district".into(), "for".into(), "against".into(), "abstain".into(), "total".into()])?;
    let all = std::iter::once(Tally { label: "*".into(), ..results.overall.clone() }).chain(results.by_district);
    for t in all {
        let label = match t.label.as_str() {
            "" => "-".to_string(),
            OTHER_DISTRICTS => format!("<{}", crate::participation::SMALL_COUNT),
            label => label.to_string(),
        };
        write([label, t.for_.to_string(), t.against.to_string(), t.abstain.to_string(), t.total().to_string()])?;
    }
    let bytes = out.into_inner().map_err(|e| AppError::Internal(format!("csv: {e}")))?;
    String::from_utf8(bytes).map_err(|e| AppError::Internal(format!("csv: {e}")))
}

/// The consultations a sensor is concerned by: slug, title, phase.
pub async fn for_sensor(state: &AppState, reference: &str) -> Result<Vec<(String, String, Phase)>, AppError> {
    // References are stored upper-case; the sensor page's address may not be.
    Ok(queries::for_sensor(&state.db, &reference.to_ascii_uppercase())
        .await?
        .into_iter()
        .filter_map(|(slug, title, status)| Phase::from_code(&status).map(|p| (slug, title, p)))
        .collect())
}

/// What an account wrote and voted, for its own data export (GDPR art. 15 and 20).
pub async fn personal_data(state: &AppState, user_id: i64) -> Result<serde_json::Value, AppError> {
    let comments = queries::comments_by(&state.db, user_id).await?;
    let votes = queries::votes_by(&state.db, user_id).await?;
    let (proposals, supports, reports) = queries::contributions_by(&state.db, user_id).await?;
    Ok(serde_json::json!({
        "proposals": proposals.iter().map(|(title, status, at)| serde_json::json!({
            "title": title, "status": status, "written_at": at,
        })).collect::<Vec<_>>(),
        "supported_comments": supports.iter().map(|(comment, at)| serde_json::json!({
            "comment": comment, "at": at,
        })).collect::<Vec<_>>(),
        "reports": reports.iter().map(|(kind, id, reason, at)| serde_json::json!({
            "kind": kind, "id": id, "reason": reason, "at": at,
        })).collect::<Vec<_>>(),
        "comments": comments.iter().map(|(slug, alignment, body, at, deleted)| serde_json::json!({
            "consultation": slug, "alignment": alignment, "text": body, "written_at": at, "deleted_at": deleted,
        })).collect::<Vec<_>>(),
        "votes": votes.iter().map(|(slug, choice, at)| serde_json::json!({
            "consultation": slug, "choice": choice, "at": at,
        })).collect::<Vec<_>>(),
    }))
}
