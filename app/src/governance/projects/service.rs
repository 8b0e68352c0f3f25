//! The use cases of project follow-up: staff start projects (from a budget's winners, an adopted decision, or as
//! parts of another) and record what happens; everyone reads them.

use super::queries::{self, Attach, Follows, NewEvent, ProjectRow};
use super::rules::{self, derive, NewProjectForm, UpdateForm};
use super::{DeliveredBy, Event, Figures, Milestone, NewProjectContext, Origin, ProjectLine, ProjectLink};
use super::{ProjectStatus, ProjectView};
use crate::access::{require, Action};
use crate::audit::{self, NewEntry};
use crate::budgets::Phase as BudgetPhase;
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::error::{AppError, UserError};
use crate::governance::SubjectKind;
use crate::state::AppState;
use std::collections::HashMap;

/// Today as YYYY-MM-DD, and in days since 1970-01-01.
fn today() -> (String, i64) {
    let today = now().div_euclid(86_400);
    (crate::format::iso_day(today), today)
}

async fn record_audit(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    actor: i64,
    action: &'static str,
    target: i64,
    reason: String,
) -> Result<(), AppError> {
    let entry = NewEntry { actor_id: Some(actor), action, target_kind: "project", target_id: target, reason };
    audit::append(conn, state.db.backend, &entry, now()).await?;
    Ok(())
}

/// Staff start following a budget's winners: one parent project for the budget, one part per winner under the
/// official rule (voted amount: its reviewed cost). Running it again adds only winners not yet followed; returns
/// the parent's id.
pub async fn follow_budget(state: &AppState, actor: Option<&CurrentUser>, slug: &str) -> Result<i64, AppError> {
    let actor = require(actor, Action::ManageProjects)?;
    let budget = crate::budgets::queries::find(&state.db, slug).await?.ok_or(AppError::NotFound)?;
    if !matches!(budget.phase, BudgetPhase::Results | BudgetPhase::Implementation) {
        return Err(AppError::user(UserError::general("error-project-budget-not-ready")));
    }
    let winners = queries::winners(&state.db, budget.id, &budget.rule).await?;
    if winners.is_empty() {
        return Err(AppError::user(UserError::general("error-project-no-winners")));
    }
    let (day, _) = today();
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    let existing = queries::id_for(&mut tx, Follows::Budget, budget.id).await?;
    let parent = match existing {
        Some(id) => id,
        None => {
            let attach = Attach { budget: Some(budget.id), ..Default::default() };
            queries::insert(&mut tx, attach, &budget.title, "", &budget.currency, 0, &day, actor.id, now).await?
        }
    };
    let mut added = 0;
    for (id, title, body, cost) in &winners {
        if queries::id_for(&mut tx, Follows::Winner, *id).await?.is_none() {
            let attach = Attach { parent: Some(parent), budget_project: Some(*id), ..Default::default() };
            queries::insert(&mut tx, attach, title, body, &budget.currency, *cost, &day, actor.id, now).await?;
            added += 1;
        }
    }
    if existing.is_none() || added > 0 {
        record_audit(state, &mut tx, actor.id, "project_start", parent, format!("{} (+{added})", budget.title)).await?;
    }
    tx.commit().await?;
    Ok(parent)
}

/// What the new-project form shows for `kind` (`decision` or `parent`) number `id` (staff only).
pub async fn new_context(
    state: &AppState,
    actor: Option<&CurrentUser>,
    kind: &str,
    id: i64,
) -> Result<NewProjectContext, AppError> {
    require(actor, Action::ManageProjects)?;
    let mut conn = state.db.pool.acquire().await?;
    match kind {
        "decision" => {
            let d = crate::governance::service::get(state, id).await?.ok_or(AppError::NotFound)?;
            let refused = if d.kind == SubjectKind::Budget {
                Some("error-project-budget-decision")
            } else if !d.outcome.authorises() {
                Some("error-project-not-adopted")
            } else {
                None
            };
            let existing = queries::id_for(&mut conn, Follows::Decision, id).await?;
            Ok(NewProjectContext {
                kind: kind.into(),
                id,
                title: d.subject_title,
                existing,
                refused: refused.map(str::to_string),
            })
        }
        "parent" => {
            let p = queries::get(&mut conn, id).await?.ok_or(AppError::NotFound)?;
            Ok(NewProjectContext { kind: kind.into(), id, title: p.title, existing: None, refused: None })
        }
        _ => Err(AppError::NotFound),
    }
}

/// Staff start a project on an adopted decision about a consultation, or a part of a project; returns its id.
pub async fn start(
    state: &AppState,
    actor: Option<&CurrentUser>,
    kind: &str,
    id: i64,
    form: &NewProjectForm,
) -> Result<i64, AppError> {
    let actor_id = require(actor, Action::ManageProjects)?.id;
    let valid = rules::validate_new(form).map_err(AppError::Invalid)?;
    let context = new_context(state, actor, kind, id).await?;
    if let Some(key) = context.refused {
        return Err(AppError::user(UserError::general(&key)));
    }
    let (day, _) = today();
    let mut tx = state.db.pool.begin().await?;
    let (attach, currency) = if kind == "decision" {
        if queries::id_for(&mut tx, Follows::Decision, id).await?.is_some() {
            return Err(AppError::user(UserError::general("error-project-exists")));
        }
        (Attach { decision: Some(id), ..Default::default() }, "EUR".to_string())
    } else {
        let parent = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
        (Attach { parent: Some(id), ..Default::default() }, parent.currency)
    };
    let new =
        queries::insert(&mut tx, attach, &valid.title, &valid.summary, &currency, valid.voted, &day, actor_id, now())
            .await?;
    record_audit(state, &mut tx, actor_id, "project_start", new, valid.title.clone()).await?;
    tx.commit().await?;
    Ok(new)
}

/// Staff record what happened: status, progress, amount spent, a note (a project with parts takes only a note).
pub async fn update(state: &AppState, actor: Option<&CurrentUser>, id: i64, form: &UpdateForm) -> Result<(), AppError> {
    let actor = require(actor, Action::ManageProjects)?;
    let (_, today) = today();
    let mut tx = state.db.pool.begin().await?;
    let row = queries::get(&mut tx, id).await?.ok_or(AppError::NotFound)?;
    let current = if queries::has_children(&mut tx, id).await? { None } else { Some(row.figures()) };
    let v = rules::validate_update(form, current, today).map_err(AppError::Invalid)?;
    if v.status.is_some() || v.progress.is_some() || v.spent.is_some() {
        queries::set_figures(&mut tx, id, v.status, v.progress, v.spent, &v.reason, now()).await?;
    }
    let note = if v.status == Some(ProjectStatus::Abandoned) && v.note.is_empty() { &v.reason } else { &v.note };
    let event =
        NewEvent { kind: "update", day: &v.happened_on, status: v.status, progress: v.progress, spent: v.spent, note };
    queries::insert_event(&mut tx, id, &event, actor.id, now()).await?;
    let what = v.status.map(|s| s.code().to_string()).unwrap_or_default();
    record_audit(state, &mut tx, actor.id, "project_update", id, format!("{what} {}", v.happened_on)).await?;
    tx.commit().await?;
    Ok(())
}

async fn existing(conn: &mut sqlx::AnyConnection, id: i64) -> Result<ProjectRow, AppError> {
    queries::get(conn, id).await?.ok_or(AppError::NotFound)
}

/// Staff plan a milestone.
pub async fn add_milestone(
    state: &AppState,
    actor: Option<&CurrentUser>,
    id: i64,
    title: &str,
    due_on: &str,
) -> Result<(), AppError> {
    require(actor, Action::ManageProjects)?;
    let (title, due) = rules::validate_milestone(title, due_on).map_err(AppError::Invalid)?;
    let mut tx = state.db.pool.begin().await?;
    existing(&mut tx, id).await?;
    queries::insert_milestone(&mut tx, id, &title, &due, now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Staff mark a milestone reached: it enters the timeline on the day it was reached.
pub async fn reach_milestone(
    state: &AppState,
    actor: Option<&CurrentUser>,
    id: i64,
    milestone: &str,
    done_on: &str,
) -> Result<(), AppError> {
    let actor = require(actor, Action::ManageProjects)?;
    let (milestone, day) = rules::validate_done(milestone, done_on, today().1).map_err(AppError::Invalid)?;
    let mut tx = state.db.pool.begin().await?;
    existing(&mut tx, id).await?;
    let title = queries::reach_milestone(&mut tx, id, milestone, &day)
        .await?
        .ok_or_else(|| AppError::user(UserError::field("milestone", "error-choose-from-list")))?;
    let event = NewEvent { kind: "milestone", day: &day, note: &title, ..Default::default() };
    queries::insert_event(&mut tx, id, &event, actor.id, now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Staff add a photo or a document (as a link).
pub async fn add_link(
    state: &AppState,
    actor: Option<&CurrentUser>,
    id: i64,
    kind: &str,
    title: &str,
    url: &str,
) -> Result<(), AppError> {
    let actor = require(actor, Action::ManageProjects)?;
    let (kind, title, url) = rules::validate_link(kind, title, url).map_err(AppError::Invalid)?;
    let (day, _) = today();
    let mut tx = state.db.pool.begin().await?;
    existing(&mut tx, id).await?;
    queries::insert_link(&mut tx, id, kind, &title, &url, now()).await?;
    let event = NewEvent { kind: "link", day: &day, note: &title, ..Default::default() };
    queries::insert_event(&mut tx, id, &event, actor.id, now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Staff record that the project delivered a sensor of the registry (each sensor by one project).
pub async fn deliver_sensor(
    state: &AppState,
    actor: Option<&CurrentUser>,
    id: i64,
    reference: &str,
) -> Result<(), AppError> {
    let actor = require(actor, Action::ManageProjects)?;
    let reference = reference.trim().to_ascii_uppercase();
    let unknown = || AppError::user(UserError::field("sensor_reference", "error-project-sensor-unknown"));
    if reference.is_empty() {
        return Err(unknown());
    }
    let (day, _) = today();
    let mut tx = state.db.pool.begin().await?;
    existing(&mut tx, id).await?;
    let (sensor, name, delivered_by) = queries::sensor(&mut tx, &reference).await?.ok_or_else(unknown)?;
    if delivered_by.is_some() || !queries::link_sensor(&mut tx, id, sensor, now()).await? {
        return Err(AppError::user(UserError::field("sensor_reference", "error-project-sensor-taken")));
    }
    let note = format!("{reference} — {name}");
    let event = NewEvent { kind: "sensor", day: &day, note: &note, ..Default::default() };
    queries::insert_event(&mut tx, id, &event, actor.id, now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Every project's shown figures (parents' derived from their parts), with the rows.
async fn figures(state: &AppState) -> Result<(Vec<ProjectRow>, HashMap<i64, Figures>), AppError> {
    let rows = queries::all(&state.db).await?;
    let nodes: Vec<_> = rows.iter().map(|r| (r.id, r.parent_id, r.figures())).collect();
    let derived = derive(&nodes);
    Ok((rows, derived))
}

fn line(row: &ProjectRow, derived: &HashMap<i64, Figures>, rows: &[ProjectRow]) -> ProjectLine {
    ProjectLine {
        id: row.id,
        title: row.title.clone(),
        figures: derived.get(&row.id).copied().unwrap_or_else(|| row.figures()),
        currency: row.currency.clone(),
        children: rows.iter().filter(|r| r.parent_id == Some(row.id)).count(),
    }
}

/// The public list: the top-level projects, or every project (at any level) with the status asked for.
pub async fn list(state: &AppState, status: Option<ProjectStatus>) -> Result<Vec<ProjectLine>, AppError> {
    let (rows, derived) = figures(state).await?;
    let lines = rows
        .iter()
        .filter(|r| match status {
            None => r.parent_id.is_none(),
            Some(s) => derived.get(&r.id).is_some_and(|f| f.status == s),
        })
        .map(|r| line(r, &derived, &rows))
        .collect();
    Ok(lines)
}

/// Every project's line (parts included), for the data-use bulletin.
pub async fn lines(state: &AppState) -> Result<Vec<ProjectLine>, AppError> {
    let (rows, derived) = figures(state).await?;
    Ok(rows.iter().map(|r| line(r, &derived, &rows)).collect())
}

/// How many projects (parts included) have each status, as shown (a parent's derived from its parts).
pub async fn statuses(state: &AppState) -> Result<Vec<(String, i64)>, AppError> {
    let (_, derived) = figures(state).await?;
    Ok(ProjectStatus::ALL
        .iter()
        .map(|s| (s.code().to_string(), derived.values().filter(|f| f.status == *s).count() as i64))
        .collect())
}

/// The decision behind a project: its own, its budget's, or its parent's (up the tree).
fn decision_source(rows: &[ProjectRow], id: i64) -> (Option<i64>, Option<i64>) {
    let mut at = rows.iter().find(|r| r.id == id);
    let mut seen = 0;
    while let Some(r) = at {
        if r.decision_id.is_some() || r.budget_id.is_some() {
            return (r.decision_id, r.budget_id);
        }
        seen += 1;
        at = if seen > rows.len() { None } else { r.parent_id.and_then(|p| rows.iter().find(|x| x.id == p)) };
    }
    (None, None)
}

async fn decision_of(state: &AppState, rows: &[ProjectRow], id: i64) -> Result<Option<(i64, String)>, AppError> {
    let decision = match decision_source(rows, id) {
        (Some(d), _) => crate::governance::service::get(state, d).await?,
        (None, Some(budget)) => match crate::budgets::queries::get(&state.db, budget).await? {
            Some(b) => crate::governance::service::for_subject(state, SubjectKind::Budget, &b.slug).await?,
            None => None,
        },
        (None, None) => None,
    };
    Ok(decision.map(|d| (d.id, d.subject_title)))
}

/// A project's public page.
pub async fn get(state: &AppState, id: i64) -> Result<Option<ProjectView>, AppError> {
    let (rows, derived) = figures(state).await?;
    let Some(row) = rows.iter().find(|r| r.id == id) else {
        return Ok(None);
    };
    let origin = if let Some(budget) = row.budget_id {
        let b = crate::budgets::queries::get(&state.db, budget).await?.ok_or(AppError::NotFound)?;
        Origin::Budget { slug: b.slug, title: b.title }
    } else if let Some(winner) = row.budget_project_id {
        let (slug, title) = queries::winner_budget(&state.db, winner).await?.ok_or(AppError::NotFound)?;
        Origin::Winner { slug, title, project: winner }
    } else if let Some(d) = row.decision_id {
        let d = crate::governance::service::get(state, d).await?.ok_or(AppError::NotFound)?;
        Origin::Consultation { slug: d.subject_slug, title: d.subject_title }
    } else {
        Origin::Part
    };
    let events = queries::events(&state.db, id)
        .await?
        .into_iter()
        .map(|e| Event {
            happened_on: e.happened_on,
            kind: e.kind,
            status: e.status,
            progress: e.progress,
            spent: e.spent,
            note: e.note,
        })
        .collect();
    Ok(Some(ProjectView {
        id,
        title: row.title.clone(),
        summary: row.summary.clone(),
        origin,
        decision: decision_of(state, &rows, id).await?,
        parent: row.parent_id.and_then(|p| rows.iter().find(|r| r.id == p)).map(|p| (p.id, p.title.clone())),
        figures: derived.get(&id).copied().unwrap_or_else(|| row.figures()),
        abandon_reason: row.abandon_reason.clone(),
        currency: row.currency.clone(),
        children: rows.iter().filter(|r| r.parent_id == Some(id)).map(|r| line(r, &derived, &rows)).collect(),
        milestones: queries::milestones(&state.db, id)
            .await?
            .into_iter()
            .map(|(id, title, due_on, done_on)| Milestone { id, title, due_on, done_on })
            .collect(),
        links: queries::links(&state.db, id)
            .await?
            .into_iter()
            .map(|(kind, title, url)| ProjectLink { kind, title, url })
            .collect(),
        sensors: queries::sensors(&state.db, id).await?,
        events,
    }))
}

/// The project following a budget's winners (by the budget's slug), for the box on the budget's page.
pub async fn following_budget(state: &AppState, slug: &str) -> Result<Option<ProjectLine>, AppError> {
    let Some(budget) = crate::budgets::queries::find(&state.db, slug).await? else {
        return Ok(None);
    };
    following(state, Follows::Budget, budget.id).await
}

/// The project following an adopted decision, for the box on the decision's page.
pub async fn following_decision(state: &AppState, decision: i64) -> Result<Option<ProjectLine>, AppError> {
    following(state, Follows::Decision, decision).await
}

async fn following(state: &AppState, follows: Follows, subject: i64) -> Result<Option<ProjectLine>, AppError> {
    let mut conn = state.db.pool.acquire().await?;
    let id = queries::id_for(&mut conn, follows, subject).await?;
    drop(conn);
    let Some(id) = id else { return Ok(None) };
    let (rows, derived) = figures(state).await?;
    Ok(rows.iter().find(|r| r.id == id).map(|r| line(r, &derived, &rows)))
}

/// The project that delivered a sensor and the decision behind it, for the sensor's page.
pub async fn for_sensor(state: &AppState, reference: &str) -> Result<Option<DeliveredBy>, AppError> {
    // References are stored upper-case; the sensor page's address may not be.
    let Some(id) = queries::for_sensor(&state.db, &reference.to_ascii_uppercase()).await? else {
        return Ok(None);
    };
    let rows = queries::all(&state.db).await?;
    let Some(row) = rows.iter().find(|r| r.id == id) else {
        return Ok(None);
    };
    Ok(Some(DeliveredBy { id, title: row.title.clone(), decision: decision_of(state, &rows, id).await? }))
}
