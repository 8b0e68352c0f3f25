//! Moderation's form posts, answered with Post/Redirect/Get.

use super::paths::*;
use super::{service, Decision, TargetKind};
use crate::ctx::RequestCtx;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::forms::CsrfForm;
use crate::web::forms::{finish, redirect_with_error};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use tower_sessions::Session;

/// The moderation routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(REPORT, post(report))
        .route(DECIDE, post(decide))
        .route(BLOCK, post(block))
        .route(UNBLOCK, post(unblock))
        .route(SETTINGS, post(settings))
        .route(AUDIT_HEAD, get(audit_head))
}

/// `GET /api/v1/audit/head`: the audit chain's head now (entry number and hash; `0` and the genesis hash while
/// the log is empty). Anyone may note it down; `clairvoie audit verify --head N:HASH` then proves that the log
/// was neither cut nor rewritten up to there.
async fn audit_head(State(state): State<AppState>) -> Response {
    match crate::audit::head(&state.db, i64::MAX).await {
        Ok(head) => {
            let head = head.unwrap_or(crate::audit::Head { seq: 0, hash: crate::audit::GENESIS.to_string() });
            let body = serde_json::json!({
                "seq": head.seq,
                "hash": head.hash,
                "head": head.label(),
            });
            ([(header::CACHE_CONTROL, "no-store")], axum::Json(body)).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "reading the audit head");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn target(kind: &str, id: &str) -> Result<(TargetKind, i64), AppError> {
    match (TargetKind::from_code(kind), id.trim().parse::<i64>()) {
        (Some(kind), Ok(id)) => Ok((kind, id)),
        _ => Err(AppError::NotFound),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ReportForm {
    kind: String,
    id: String,
    reason: String,
    details: String,
}

async fn report(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<ReportForm>,
) -> Response {
    let back =
        format!("{REPORT}?type={}&id={}", crate::text::percent_encode(&f.kind), crate::text::percent_encode(&f.id));
    let result = async {
        let (kind, id) = target(&f.kind, &f.id)?;
        let hidden = service::report(&state, ctx.user.as_ref(), kind, id, &f.reason, &f.details).await?;
        let link = service::link(&state, kind, id).await?;
        Ok::<_, AppError>((link, hidden))
    }
    .await;
    match result {
        Ok((link, hidden)) => {
            let notice = if hidden { "notice-report-hidden" } else { "notice-report-sent" };
            // The page the item is on shows the notice.
            let page = link.split('#').next().unwrap_or("/").to_string();
            crate::web::forms::redirect_with_notice(&session, &page, notice).await
        }
        Err(e) => {
            redirect_with_error(&session, &back, e, vec![("reason", f.reason.clone()), ("details", f.details.clone())])
                .await
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct DecideForm {
    kind: String,
    id: String,
    decision: String,
    reason: String,
}

async fn decide(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<DecideForm>,
) -> Response {
    let result = async {
        let (kind, id) = target(&f.kind, &f.id)?;
        let decision = Decision::from_code(&f.decision).ok_or(AppError::NotFound)?;
        service::decide(&state, ctx.user.as_ref(), kind, id, decision, &f.reason).await
    }
    .await;
    finish(&session, result, QUEUE, "notice-moderation-done", QUEUE, vec![]).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct BlockForm {
    user_id: String,
    duration: String,
    reason: String,
}

async fn block(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<BlockForm>,
) -> Response {
    let result = async {
        let user_id = f.user_id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
        service::block(&state, ctx.user.as_ref(), user_id, &f.duration, &f.reason).await
    }
    .await;
    finish(&session, result, QUEUE, "notice-account-blocked", QUEUE, vec![]).await
}

async fn unblock(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<BlockForm>,
) -> Response {
    let result = async {
        let user_id = f.user_id.trim().parse::<i64>().map_err(|_| AppError::NotFound)?;
        service::unblock(&state, ctx.user.as_ref(), user_id, &f.reason).await
    }
    .await;
    finish(&session, result, QUEUE, "notice-account-unblocked", QUEUE, vec![]).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct SettingsForm {
    threshold: String,
}

async fn settings(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<SettingsForm>,
) -> Response {
    let result = async { service::set_threshold(&state, ctx.user.as_ref(), &f.threshold).await }.await;
    finish(&session, result, QUEUE, "notice-threshold-saved", QUEUE, vec![("threshold", f.threshold.clone())]).await
}
