//! The notification preference's and the unsubscribe link's form posts.

use super::paths::{PREFERENCES, UNSUBSCRIBE};
use crate::ctx::RequestCtx;
use crate::state::AppState;
use crate::web::forms::finish;
use crate::web::forms::CsrfForm;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router};
use tower_sessions::Session;

/// The service's routes.
pub fn routes() -> Router<AppState> {
    Router::new().route(PREFERENCES, post(preferences)).route(UNSUBSCRIBE, post(unsubscribe))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PreferenceForm {
    notify_mode: String,
    cle: String,
}

async fn preferences(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<PreferenceForm>,
) -> Response {
    let result = async { super::set_preference(&state, ctx.user.as_ref(), &f.notify_mode).await }.await;
    finish(&session, result, PREFERENCES, "notice-notify-saved", PREFERENCES, vec![]).await
}

async fn unsubscribe(
    State(state): State<AppState>,
    session: Session,
    CsrfForm(f): CsrfForm<PreferenceForm>,
) -> Response {
    let result = super::unsubscribe(&state, &f.cle).await;
    // The key goes back into the page's address only when it has a key's shape: any other value would be echoed
    // whole into the redirect's header (a 100 KB one broke clients and proxies).
    let back = if super::is_key_shaped(&f.cle) {
        format!("{UNSUBSCRIBE}?cle={}", crate::text::percent_encode(&f.cle))
    } else {
        UNSUBSCRIBE.to_string()
    };
    finish(&session, result, UNSUBSCRIBE, "notice-unsubscribed", &back, vec![]).await
}
