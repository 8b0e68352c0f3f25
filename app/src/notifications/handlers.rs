//! The notification preference's and the unsubscribe link's form posts.

use super::paths::{PREFERENCES, UNSUBSCRIBE};
use crate::ctx::RequestCtx;
use crate::form::Form;
use crate::state::AppState;
use crate::web::forms::{check_csrf, finish};
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
    csrf: String,
    notify_mode: String,
    cle: String,
}

async fn preferences(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Form(f): Form<PreferenceForm>,
) -> Response {
    let result = async {
        check_csrf(&ctx, &f.csrf)?;
        super::set_preference(&state, ctx.user.as_ref(), &f.notify_mode).await
    }
    .await;
    finish(&session, result, PREFERENCES, "notice-notify-saved", PREFERENCES, vec![]).await
}

async fn unsubscribe(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Form(f): Form<PreferenceForm>,
) -> Response {
    let result = async {
        check_csrf(&ctx, &f.csrf)?;
        super::unsubscribe(&state, &f.cle).await
    }
    .await;
    let here = UNSUBSCRIBE;
    finish(
        &session,
        result,
        here,
        "notice-unsubscribed",
        &format!("{here}?cle={}", crate::text::percent_encode(&f.cle)),
        vec![],
    )
    .await
}
