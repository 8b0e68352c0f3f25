//! The dashboard's CSV downloads: every table of every dashboard, by its address.

use super::chart::to_csv;
use super::paths::{BUDGET_CSV, CONSULTATION_CSV, TOWN_CSV};
use super::service;
use crate::ctx::RequestCtx;
use crate::error::AppError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Router};

/// The dashboard routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(TOWN_CSV.template(), get(town_csv))
        .route(CONSULTATION_CSV.template(), get(consultation_csv))
        .route(BUDGET_CSV.template(), get(budget_csv))
}

async fn town_csv(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    Path(table): Path<String>,
) -> Response {
    csv(&state, &ctx, "town", "", &table).await
}

async fn consultation_csv(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    Path((slug, table)): Path<(String, String)>,
) -> Response {
    csv(&state, &ctx, "consultation", &slug, &table).await
}

async fn budget_csv(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    Path((slug, table)): Path<(String, String)>,
) -> Response {
    csv(&state, &ctx, "budget", &slug, &table).await
}

async fn csv(state: &AppState, ctx: &RequestCtx, scope: &str, slug: &str, id: &str) -> Response {
    match service::table_of(state, ctx.user.as_ref(), scope, slug, id).await {
        Ok(table) => {
            let name = if slug.is_empty() { format!("tableau-de-bord-{id}.csv") } else { format!("{slug}-{id}.csv") };
            crate::web::forms::download(&name, "text/csv; charset=utf-8", to_csv(&table))
        }
        // A signed-out visitor signs in first and comes back to the file.
        Err(AppError::Unauthenticated) => {
            let back = super::paths::csv(scope, slug, id);
            let to = format!("{}?suite={}", crate::accounts::paths::LOGIN, crate::text::percent_encode(&back));
            Redirect::to(&to).into_response()
        }
        Err(AppError::Forbidden) => StatusCode::FORBIDDEN.into_response(),
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "dashboard export");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
