//! Moderation's use cases: report, decide, block, the threshold setting, the queue and the log.

use super::rules::*;
use super::*;
use crate::access::Role;
use crate::access::{can, require, Action, Resource};
use crate::audit::{self, NewEntry};
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::error::{AppError, UserError};
use crate::state::AppState;
use crate::text::valid_reason;

/// The number of reports that hides an item.
pub async fn threshold(state: &AppState) -> Result<i64, AppError> {
    let value = crate::town::setting(&state.db, THRESHOLD_SETTING).await?;
    Ok(value.as_deref().and_then(parse_threshold).unwrap_or(DEFAULT_THRESHOLD))
}

/// Admins change the threshold; the change is logged.
pub async fn set_threshold(state: &AppState, actor: Option<&CurrentUser>, text: &str) -> Result<(), AppError> {
    if !can(actor, Action::Administer, Resource::Site) {
        return Err(AppError::denied(actor.is_some()));
    }
    let value =
        parse_threshold(text).ok_or_else(|| AppError::user(UserError::field("threshold", "error-threshold")))?;
    let before = threshold(state).await?;
    let mut tx = state.db.pool.begin().await?;
    crate::town::set_setting_in(&mut tx, THRESHOLD_SETTING, &value.to_string()).await?;
    let entry = NewEntry {
        actor_id: actor.map(|a| a.id),
        action: "threshold",
        target_kind: "setting",
        target_id: value,
        reason: format!("{before} → {value}"),
    };
    audit::append(&mut tx, state.db.backend, &entry, now()).await?;
    tx.commit().await?;
    Ok(())
}

/// A resident reports an item; it is hidden pending review once the threshold is reached. Returns whether
/// this report hid it.
pub async fn report(
    state: &AppState,
    actor: Option<&CurrentUser>,
    kind: TargetKind,
    id: i64,
    reason: &str,
    details: &str,
) -> Result<bool, AppError> {
    let Some(reporter) = actor.filter(|a| can(Some(a), Action::Participate, Resource::Site)) else {
        return Err(AppError::denied(actor.is_some()));
    };
    let reason = ReportReason::from_code(reason)
        .ok_or_else(|| AppError::user(UserError::field("reason", "error-report-reason")))?;
    let details = details.trim();
    if details.chars().count() > 500 || (reason == ReportReason::Other && details.chars().count() < 3) {
        return Err(AppError::user(UserError::field("details", "error-report-details")));
    }
    // Only what the public sees can be reported (a pending proposal is its author's and staff's only).
    let item = queries::item(&state.db, kind, id).await?.ok_or(AppError::NotFound)?;
    if item.public == 0 {
        return Err(AppError::NotFound);
    }
    let threshold = threshold(state).await?;
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    if !queries::insert_report(&mut tx, kind, id, reporter.id, reason, details, now).await? {
        return Err(AppError::user(UserError::general("error-report-already")));
    }
    let open = queries::open_reports(&mut tx, kind, id).await?;
    let mut hidden = false;
    if reaches_threshold(open, threshold)
        && queries::set_hidden(&mut tx, kind, id, Some(PENDING_REASON), true, now).await?
    {
        let entry = NewEntry {
            actor_id: None,
            action: "auto_hide",
            target_kind: kind.code(),
            target_id: id,
            reason: format!("{open} reports"),
        };
        audit::append(&mut tx, state.db.backend, &entry, now).await?;
        hidden = true;
    }
    tx.commit().await?;
    Ok(hidden)
}

/// A moderator hides, restores or dismisses the reports on an item, with a reason (shown publicly).
pub async fn decide(
    state: &AppState,
    actor: Option<&CurrentUser>,
    kind: TargetKind,
    id: i64,
    decision: Decision,
    reason: &str,
) -> Result<(), AppError> {
    let moderator = require(actor, Action::Moderate)?;
    let reason = reason.trim();
    if !valid_reason(reason) {
        return Err(AppError::user(UserError::field("reason", "error-moderation-reason")));
    }
    let hidden_reason = queries::item(&state.db, kind, id).await?.ok_or(AppError::NotFound)?.hidden_reason;
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    match decision {
        Decision::Hide => {
            queries::set_hidden(&mut tx, kind, id, Some(reason), false, now).await?;
        }
        Decision::Restore => {
            queries::set_hidden(&mut tx, kind, id, None, false, now).await?;
        }
        // Unfounded reports: an item hidden only because of them is shown again; a moderator's hide stays.
        Decision::Dismiss => {
            if hidden_reason.as_deref() == Some(PENDING_REASON) {
                queries::set_hidden(&mut tx, kind, id, None, false, now).await?;
            }
        }
    }
    queries::resolve_reports(&mut tx, kind, id, now).await?;
    let entry = NewEntry {
        actor_id: Some(moderator.id),
        action: decision.code(),
        target_kind: kind.code(),
        target_id: id,
        reason: reason.to_string(),
    };
    audit::append(&mut tx, state.db.backend, &entry, now).await?;
    tx.commit().await?;
    Ok(())
}

/// A moderator blocks an account for one of [`BLOCK_DURATIONS`]. Staff accounts cannot be blocked by a
/// moderator (an admin takes their role away first).
pub async fn block(
    state: &AppState,
    actor: Option<&CurrentUser>,
    user_id: i64,
    duration: &str,
    reason: &str,
) -> Result<(), AppError> {
    let moderator = require(actor, Action::Moderate)?;
    let reason = reason.trim();
    let mut errors = vec![];
    let now = now();
    let until = block_until(duration, now);
    if until.is_none() {
        errors.push(UserError::field("duration", "error-block-duration"));
    }
    if !valid_reason(reason) {
        errors.push(UserError::field("reason", "error-moderation-reason"));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    if !queries::account_exists(&state.db, user_id).await? {
        return Err(AppError::NotFound);
    }
    let roles = crate::accounts::queries::roles_of(&state.db, user_id).await?;
    if user_id == moderator.id || roles.iter().any(|r| *r != Role::Resident) {
        return Err(AppError::user(UserError::general("error-block-staff")));
    }
    let mut tx = state.db.pool.begin().await?;
    crate::accounts::queries::insert_block(&mut tx, user_id, until.flatten(), reason, now).await?;
    let entry = NewEntry {
        actor_id: Some(moderator.id),
        action: "block",
        target_kind: "account",
        target_id: user_id,
        reason: match until.flatten() {
            Some(u) => format!("{reason} (until {})", crate::format::rfc3339(u * 1000)),
            None => reason.to_string(),
        },
    };
    audit::append(&mut tx, state.db.backend, &entry, now).await?;
    tx.commit().await?;
    Ok(())
}

/// A moderator lifts an account's blocks.
pub async fn unblock(
    state: &AppState,
    actor: Option<&CurrentUser>,
    user_id: i64,
    reason: &str,
) -> Result<(), AppError> {
    let moderator = require(actor, Action::Moderate)?;
    let reason = reason.trim();
    if !valid_reason(reason) {
        return Err(AppError::user(UserError::field("reason", "error-moderation-reason")));
    }
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    if crate::accounts::queries::lift_blocks(&mut tx, user_id, now).await? == 0 {
        return Err(AppError::NotFound);
    }
    let entry = NewEntry {
        actor_id: Some(moderator.id),
        action: "unblock",
        target_kind: "account",
        target_id: user_id,
        reason: reason.to_string(),
    };
    audit::append(&mut tx, state.db.backend, &entry, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Where an item is shown (its consultation's page for a comment).
fn item_link(kind: TargetKind, id: i64, slug: &str) -> String {
    match kind {
        TargetKind::Comment => crate::consultations::paths::comment(slug, id),
        TargetKind::Proposal => format!("{}#proposition-{id}", crate::consultations::paths::PROPOSALS),
    }
}

/// Where an item is shown.
pub async fn link(state: &AppState, kind: TargetKind, id: i64) -> Result<String, AppError> {
    let row = queries::item(&state.db, kind, id).await?.ok_or(AppError::NotFound)?;
    Ok(item_link(kind, id, &row.slug))
}

/// What the report form shows of the item: its text (cut) and where it is; `NotFound` for a hidden or
/// missing item.
pub async fn report_target(state: &AppState, kind: TargetKind, id: i64) -> Result<(String, String), AppError> {
    let row = queries::item(&state.db, kind, id).await?.ok_or(AppError::NotFound)?;
    // Nothing to report on a hidden, deleted or not yet public item.
    if row.hidden_reason.is_some() || row.body.is_empty() || row.public == 0 {
        return Err(AppError::NotFound);
    }
    Ok((crate::markdown::excerpt(&row.body, 300), item_link(kind, id, &row.slug)))
}

/// The moderators' queue.
pub async fn queue(state: &AppState, actor: Option<&CurrentUser>) -> Result<Queue, AppError> {
    require(actor, Action::Moderate)?;
    let mut items = vec![];
    for (kind, id, reports) in queries::reported(&state.db).await? {
        let Some(row) = queries::item(&state.db, kind, id).await? else {
            continue;
        };
        items.push(QueueItem {
            kind,
            id,
            excerpt: crate::markdown::excerpt(&row.body, 400),
            link: item_link(kind, id, &row.slug),
            author_id: row.author_id,
            author: row.author,
            reports,
            reasons: queries::reasons(&state.db, kind, id).await?,
            hidden_reason: row.hidden_reason,
        });
    }
    let blocks = queries::active_blocks(&state.db, now()).await?;
    Ok(Queue { items, blocks, threshold: threshold(state).await? })
}

/// A page of the log, newest first, before position `before` (0: from the newest). The public sees moderation
/// entries without who did them or which account they concern; admins see everything.
pub async fn log(
    state: &AppState,
    actor: Option<&CurrentUser>,
    public: bool,
    before: i64,
) -> Result<Vec<LogLine>, AppError> {
    if !public && !can(actor, Action::ReadAuditLog, Resource::Site) {
        return Err(AppError::denied(actor.is_some()));
    }
    let before = if before <= 0 { i64::MAX } else { before };
    let entries = audit::newest(&state.db, public, before, 100).await?;
    let names = if public {
        vec![]
    } else {
        let mut ids: Vec<i64> = entries.iter().filter_map(|e| e.actor_id).collect();
        ids.sort_unstable();
        ids.dedup();
        queries::names(&state.db, &ids).await?
    };
    Ok(entries
        .into_iter()
        .map(|e| {
            let actor = e
                .actor_id
                .and_then(|id| names.iter().find(|(i, _)| *i == id))
                .map(|(id, name)| name.clone().unwrap_or_else(|| format!("#{id}")));
            let target_id = (!public || e.target_kind != "account").then_some(e.target_id);
            LogLine {
                seq: e.seq,
                at: e.at,
                actor,
                action: e.action,
                target_kind: e.target_kind,
                target_id,
                reason: e.reason,
                hash: e.hash,
            }
        })
        .collect())
}
