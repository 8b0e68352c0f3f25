//! The bulletin's CSV download (public).

use super::rules::{to_csv, Period};
use super::service;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// The bulletin routes.
pub fn routes() -> Router<AppState> {
    Router::new().route(super::paths::CSV.template(), get(csv))
}

async fn csv(State(state): State<AppState>, Path(period): Path<String>) -> Response {
    let Some(period) = Period::parse(&period) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match service::bulletin(&state, period).await {
        Ok(Some(b)) => crate::web::forms::download(
            &format!("bilan-donnee-publique-{}.csv", b.period),
            "text/csv; charset=utf-8",
            to_csv(&b),
        ),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "bulletin export");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
