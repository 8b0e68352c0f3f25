//! The decision form's post (Post/Redirect/Get: works without JavaScript).

use super::paths::{new_for, page, NEW};
use super::rules::DecisionForm;
use super::{service, SubjectKind};
use crate::ctx::RequestCtx;
use crate::error::{AppError, UserError};
use crate::state::AppState;
use crate::web::forms::CsrfForm;
use crate::web::forms::{form_refill, form_value, redirect_with_error, redirect_with_notice};
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router};
use tower_sessions::Session;

/// The governance routes.
pub fn routes() -> Router<AppState> {
    Router::new().route(NEW, post(record))
}

async fn record(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let v = |k| form_value(&pairs, k).to_string();
    let form = DecisionForm {
        outcome: v("outcome"),
        reasoning: v("reasoning"),
        participation: v("participation"),
        body: v("body"),
        decided_on: v("decided_on"),
        reference: v("reference"),
        act_url: v("act_url"),
    };
    let kind = SubjectKind::from_code(form_value(&pairs, "kind"));
    let slug = v("slug");
    let back = kind.map(|k| new_for(k, &slug)).unwrap_or_else(|| NEW.to_string());
    let result = async {
        let kind = kind.ok_or_else(|| AppError::user(UserError::general("error-not-found")))?;
        service::record(&state, ctx.user.as_ref(), kind, &slug, &form).await
    }
    .await;
    match result {
        Ok(id) => redirect_with_notice(&session, &page(id), "notice-decision-recorded").await,
        Err(e) => redirect_with_error(&session, &back, e, form_refill(&pairs)).await,
    }
}
