//! The budgets' HTTP routes: the published ballots and outcome in pabulib format.

use super::service;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The budget routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/budgets/{slug}/export.pb", get(export))
}

/// Which envelope to export (`?enveloppe=ID`; the first when absent).
#[derive(serde::Deserialize)]
struct Which {
    enveloppe: Option<i64>,
}

async fn export(State(state): State<AppState>, Path(slug): Path<String>, Query(which): Query<Which>) -> Response {
    match service::export_pabulib(&state.db, &slug, which.enveloppe).await {
        Ok(body) => crate::web::download(&format!("{slug}.pb"), "text/plain; charset=utf-8", body),
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "budget export");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
