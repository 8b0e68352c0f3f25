//! The registry's write API for staff: `POST /api/v1/sensors` creates a sensor and `PUT /api/v1/sensors/{ref}`
//! replaces one, from the same JSON record `GET /api/v1/sensors/{ref}` publishes, through the same use cases as
//! the form (every rule applies, the approval gate included). Signed in as staff (the session cookie), with the
//! `X-CSRF-Token` header repeating the `csrf` cookie, since a cookie alone would let another site write.
//! Refusals are JSON: 400 unreadable body, 401 signed out, 403 not staff or no token, 404 unknown sensor, 422
//! the refused fields, each with its code and its message in the reader's language.

use super::opendata;
use super::paths;
use super::service;
use crate::ctx::RequestCtx;
use crate::error::AppError;
use crate::i18n::I18n;
use crate::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};
use axum::{Extension, Json, Router};
use serde_json::{json, Value};

/// The header carrying the CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The write routes (the read ones are in `handlers`).
pub fn routes() -> Router<AppState> {
    Router::new().route(paths::API, post(create)).route(paths::API_RECORD.template(), put(replace))
}

fn refusal(status: StatusCode, error: &str) -> Response {
    (status, Json(json!({ "error": error }))).into_response()
}

/// Who writes and what: checks the session and the token, then reads the record; else the refusal's status and
/// code.
fn admit(
    ctx: &RequestCtx,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Vec<(String, String)>, (StatusCode, &'static str)> {
    if ctx.user.is_none() {
        return Err((StatusCode::UNAUTHORIZED, "unauthenticated"));
    }
    let token = headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if crate::web::forms::check_csrf(ctx, token).is_err() {
        return Err((StatusCode::FORBIDDEN, "csrf"));
    }
    let value: Value = serde_json::from_slice(body).map_err(|_| (StatusCode::BAD_REQUEST, "bad_json"))?;
    let pairs = opendata::read_record(&value).map_err(|_| (StatusCode::BAD_REQUEST, "bad_json"))?;
    // The same cleaning as every form's values (`crate::form`): a staff script is no exception.
    Ok(pairs.into_iter().map(|(k, v)| (k, crate::text::clean_field(&v))).collect())
}

/// A use case's refusal as JSON.
fn refused(ctx: &RequestCtx, e: AppError) -> Response {
    match e {
        AppError::Invalid(errors) => {
            let i18n = I18n(ctx.lang);
            let errors: Vec<Value> =
                errors.iter().map(|e| json!({ "field": e.field, "code": e.key, "message": i18n.t(&e.key) })).collect();
            (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "error": "invalid", "errors": errors }))).into_response()
        }
        AppError::Unauthenticated => refusal(StatusCode::UNAUTHORIZED, "unauthenticated"),
        AppError::Forbidden => refusal(StatusCode::FORBIDDEN, "forbidden"),
        AppError::NotFound => refusal(StatusCode::NOT_FOUND, "not_found"),
        e => {
            tracing::error!(error = %e, "sensor write API");
            refusal(StatusCode::INTERNAL_SERVER_ERROR, "internal")
        }
    }
}

async fn written(state: &AppState, reference: &str, status: StatusCode) -> Response {
    match service::get(state, reference).await {
        Ok(sensor) => {
            let location = super::paths::sensor(&sensor.reference);
            let mut response = (status, Json(opendata::record(&sensor, &state.config.public_url))).into_response();
            if let Ok(value) = location.parse() {
                response.headers_mut().insert(header::LOCATION, value);
            }
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "sensor write API: reading back");
            refusal(StatusCode::INTERNAL_SERVER_ERROR, "internal")
        }
    }
}

async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let pairs = match admit(&ctx, &headers, &body) {
        Ok(pairs) => pairs,
        Err((status, code)) => return refusal(status, code),
    };
    match service::create_from_record(&state, ctx.user.as_ref(), &pairs).await {
        Ok(reference) => written(&state, &reference, StatusCode::CREATED).await,
        Err(e) => refused(&ctx, e),
    }
}

async fn replace(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    Path(reference): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let pairs = match admit(&ctx, &headers, &body) {
        Ok(pairs) => pairs,
        Err((status, code)) => return refusal(status, code),
    };
    match service::update_from_record(&state, ctx.user.as_ref(), &reference, &pairs).await {
        Ok(_) => written(&state, &reference, StatusCode::OK).await,
        Err(e) => refused(&ctx, e),
    }
}
