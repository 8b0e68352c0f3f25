//! The resident's verification form post (answered with Post/Redirect/Get, so it works without JavaScript).

use super::paths::VERIFY;
use super::service::{self, MatchForm};
use crate::ctx::RequestCtx;
use crate::state::AppState;
use crate::web::forms::{finish, CsrfForm};
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router};
use tower_sessions::Session;

/// The page "my account", where the form is.
const ACCOUNT: &str = crate::accounts::paths::ACCOUNT;

/// The eligibility routes.
pub fn routes() -> Router<AppState> {
    Router::new().route(VERIFY, post(verify))
}

async fn verify(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<MatchForm>,
) -> Response {
    let result = service::verify_by_register(&state, ctx.user.as_ref(), &f).await;
    // The typed details come back to the form on a failure (never the birth date's reading: it is refilled as
    // typed), so a slip is fixed without typing everything again.
    let values = vec![
        ("family_name", f.family_name.clone()),
        ("given_names", f.given_names.clone()),
        ("birth_date", f.birth_date.clone()),
        ("postcode", f.postcode.clone()),
    ];
    finish(&session, result, ACCOUNT, "notice-residence-verified", ACCOUNT, values).await
}
