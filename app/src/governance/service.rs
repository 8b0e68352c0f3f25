//! The use cases of decisions: record one (staff), read them (everyone).

use super::queries::{self, DecisionRow};
use super::rules::{validate_decision, DecisionForm};
use super::{DecisionSubject, DecisionView, Outcome, SubjectKind};
use crate::access::{require, Action};
use crate::audit::{self, NewEntry};
use crate::budgets::Phase as BudgetPhase;
use crate::consultations::Phase as ConsultationPhase;
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::error::{AppError, UserError};
use crate::state::AppState;

/// A subject found by slug: its id, title, and the key saying why it cannot be decided yet (if so).
struct Found {
    id: i64,
    title: String,
    not_ready: Option<&'static str>,
}

async fn find(state: &AppState, kind: SubjectKind, slug: &str) -> Result<Found, AppError> {
    match kind {
        SubjectKind::Consultation => {
            let row = crate::consultations::queries::find(&state.db, slug).await?.ok_or(AppError::NotFound)?;
            let not_ready = match row.status {
                ConsultationPhase::Closed | ConsultationPhase::Decided => None,
                _ => Some("decision-not-ready-consultation"),
            };
            Ok(Found { id: row.id, title: row.title, not_ready })
        }
        SubjectKind::Budget => {
            let row = crate::budgets::queries::find(&state.db, slug).await?.ok_or(AppError::NotFound)?;
            // The council decides on the published results: before, there is nothing to adopt.
            let not_ready = match row.phase {
                BudgetPhase::Results | BudgetPhase::Implementation => None,
                _ => Some("decision-not-ready-budget"),
            };
            Ok(Found { id: row.id, title: row.title, not_ready })
        }
    }
}

/// What the decision form shows for a subject (staff only).
pub async fn subject(
    state: &AppState,
    actor: Option<&CurrentUser>,
    kind: SubjectKind,
    slug: &str,
) -> Result<DecisionSubject, AppError> {
    require(actor, Action::RecordDecisions)?;
    let found = find(state, kind, slug).await?;
    let mut conn = state.db.pool.acquire().await?;
    let decided = queries::id_for(&mut conn, kind, found.id).await?;
    Ok(DecisionSubject {
        kind,
        slug: slug.to_string(),
        title: found.title,
        decided,
        not_ready: found.not_ready.map(str::to_string),
    })
}

/// Staff record the official decision on a consultation or a budget; returns its id. A consultation moves to
/// `decided` and its participants are told (by their mail preferences), in the same transaction: a decision is
/// never published without its consultation's move, nor the reverse.
pub async fn record(
    state: &AppState,
    actor: Option<&CurrentUser>,
    kind: SubjectKind,
    slug: &str,
    form: &DecisionForm,
) -> Result<i64, AppError> {
    let actor = require(actor, Action::RecordDecisions)?;
    let now = now();
    let valid = validate_decision(form, now.div_euclid(86_400)).map_err(AppError::Invalid)?;
    let found = find(state, kind, slug).await?;
    if let Some(key) = found.not_ready {
        return Err(AppError::user(UserError::general(key)));
    }
    let mut tx = state.db.pool.begin().await?;
    if queries::id_for(&mut tx, kind, found.id).await?.is_some() {
        return Err(AppError::user(UserError::general("error-decision-exists")));
    }
    if kind == SubjectKind::Consultation {
        if !crate::consultations::service::mark_decided(&mut tx, found.id, now).await? {
            return Err(AppError::user(UserError::general("error-decision-exists")));
        }
    } else {
        crate::budgets::service::mark_decided(&mut tx, found.id, now).await?;
    }
    let id = queries::insert(&mut tx, kind, found.id, &valid, actor.id, now).await?;
    let entry = NewEntry {
        actor_id: Some(actor.id),
        action: "decision_record",
        target_kind: kind.code(),
        target_id: found.id,
        reason: format!("{} — {}", valid.outcome.code(), valid.body),
    };
    audit::append(&mut tx, state.db.backend, &entry, now).await?;
    tx.commit().await?;
    Ok(id)
}

fn to_view(row: DecisionRow) -> DecisionView {
    DecisionView {
        id: row.id,
        kind: row.kind,
        subject_slug: row.subject_slug,
        subject_title: row.subject_title,
        outcome: row.outcome,
        reasoning: row.reasoning,
        participation: row.participation,
        body: row.body,
        reference: row.reference,
        decided_on: row.decided_on,
        act_url: row.act_url,
    }
}

/// Whether decision `id` exists and authorises what it decided on (the sensor approval gate).
pub async fn authorises(state: &AppState, id: i64) -> Result<bool, AppError> {
    Ok(queries::outcome(&state.db, id).await?.is_some_and(Outcome::authorises))
}

/// The decisions a sensor may go live on (adopted ones), latest first.
pub async fn authorising(state: &AppState) -> Result<Vec<DecisionView>, AppError> {
    let rows = queries::list(&state.db, None, None, None).await?;
    Ok(rows.into_iter().map(to_view).filter(|d| d.outcome.authorises()).collect())
}

/// One decision (public).
pub async fn get(state: &AppState, id: i64) -> Result<Option<DecisionView>, AppError> {
    Ok(queries::get(&state.db, id).await?.map(to_view))
}

/// The decision on a subject, if recorded (public).
pub async fn for_subject(state: &AppState, kind: SubjectKind, slug: &str) -> Result<Option<DecisionView>, AppError> {
    Ok(queries::for_subject(&state.db, kind, slug).await?.map(to_view))
}

/// The public list, filtered; and the years that have decisions.
pub async fn list(
    state: &AppState,
    outcome: Option<Outcome>,
    kind: Option<SubjectKind>,
    year: Option<i64>,
) -> Result<(Vec<DecisionView>, Vec<String>), AppError> {
    let rows = queries::list(&state.db, outcome.map(Outcome::code), kind, year).await?;
    Ok((rows.into_iter().map(to_view).collect(), queries::years(&state.db).await?))
}

/// The `n` latest decisions.
pub async fn latest(state: &AppState, n: i64) -> Result<Vec<DecisionView>, AppError> {
    Ok(queries::latest(&state.db, n).await?.into_iter().map(to_view).collect())
}

/// The decisions taken between two days (YYYY-MM-DD, inclusive), for the data-use bulletin.
pub async fn between(state: &AppState, first: &str, last: &str) -> Result<Vec<DecisionView>, AppError> {
    Ok(queries::between(&state.db, first, last).await?.into_iter().map(to_view).collect())
}
