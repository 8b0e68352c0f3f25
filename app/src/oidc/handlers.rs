//! The two addresses of OpenID Connect sign-in: the button's post, which sends the browser to the provider, and
//! the return, which signs in (or links) and says what happened on the next page.

use super::paths::{RETURN, START};
use super::service::{self, Callback, Pending, PENDING};
use crate::accounts::paths::{ACCOUNT, LOGIN};
use crate::ctx::RequestCtx;
use crate::eligibility::service::IdentityOutcome;
use crate::error::{AppError, UserError};
use crate::state::AppState;
use crate::web::forms::{redirect_with_error, redirect_with_notice, safe_next, CsrfForm};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde::Deserialize;
use tower_sessions::Session;

/// The longest `next` kept (a local path; anything longer goes home).
const MAX_NEXT: usize = 2_000;

/// The routes.
pub fn routes() -> Router<AppState> {
    Router::new().route(START.template(), post(start)).route(RETURN.template(), get(finish))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct StartForm {
    next: String,
}

/// Where a failure is told: "my account" when linking, the sign-in page otherwise.
fn back(linking: bool) -> &'static str {
    if linking {
        ACCOUNT
    } else {
        LOGIN
    }
}

async fn start(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(provider): Path<String>,
    CsrfForm(f): CsrfForm<StartForm>,
) -> Response {
    let back = back(ctx.user.is_some());
    if ctx.kiosk.is_some() {
        return redirect_with_error(&session, back, AppError::user(UserError::general("error-oidc-kiosk")), vec![])
            .await;
    }
    // Kept in the session until the return: a bounded local path, else the home page.
    let next = safe_next(Some(f.next.as_str()).filter(|n| !n.is_empty() && n.len() <= MAX_NEXT));
    let started = service::start(&state, ctx.user.as_ref(), &provider, &next).await;
    let (url, pending) = match started {
        Ok(started) => started,
        Err(AppError::NotFound) => return axum::http::StatusCode::NOT_FOUND.into_response(),
        Err(e) => return redirect_with_error(&session, back, e, vec![]).await,
    };
    if let Err(e) = session.insert(PENDING, pending).await {
        return redirect_with_error(&session, back, AppError::Internal(format!("session: {e}")), vec![]).await;
    }
    Redirect::to(&url).into_response()
}

async fn finish(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(provider): Path<String>,
    Query(callback): Query<Callback>,
) -> Response {
    // Taken out of the session whatever happens next: a provider's answer is used once.
    let pending: Option<Pending> = session.remove(PENDING).await.ok().flatten();
    let linking = pending.as_ref().is_some_and(|p| p.link_to.is_some());
    let back = back(linking);
    if ctx.kiosk.is_some() {
        return redirect_with_error(&session, back, AppError::user(UserError::general("error-oidc-kiosk")), vec![])
            .await;
    }
    // Linking needs the same account still signed in as when it started.
    let pending = pending.filter(|p| p.link_to.is_none() || p.link_to == ctx.user.as_ref().map(|u| u.id));
    let signed = match service::finish(&state, &provider, pending, &callback).await {
        Ok(signed) => signed,
        Err(AppError::NotFound) => return axum::http::StatusCode::NOT_FOUND.into_response(),
        Err(e) => return redirect_with_error(&session, back, e, vec![]).await,
    };
    if !linking {
        if let Err(e) = crate::accounts::handlers::open_session(&session, signed.user_id).await {
            return redirect_with_error(&session, back, e, vec![]).await;
        }
    }
    let notice = match (linking, signed.residence) {
        (_, Some(IdentityOutcome::Verified)) => "notice-oidc-residence-verified",
        (true, _) => "notice-oidc-linked",
        (false, _) if signed.created => "notice-oidc-created",
        (false, _) => "notice-signed-in",
    };
    let next = if linking { ACCOUNT.to_string() } else { signed.next };
    redirect_with_notice(&session, &next, notice).await
}
