//! The ingest feature's HTTP side: the device and network-server API (JSON in, JSON out, an error body that
//! names the problem), the public retention proof, and the staff's credential forms (Post/Redirect/Get).

use super::decode;
use super::paths::*;
use super::queries;
use super::service::{self, bearer, ApiError};
use super::*;
use crate::ctx::RequestCtx;
use crate::error::AppError;
use crate::i18n::{translate, Lang};
use crate::state::AppState;
use crate::web::forms::CsrfForm;
use crate::web::forms::{finish, redirect_with_error, visitor_language};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, Query, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde_json::{json, Value as JsonValue};
use tower_sessions::Session;

/// The largest request body: 10,000 native rows with long names fit, anything bigger is refused with 413.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// The device and network-server API. These routes carry no session or page context: devices have no cookies,
/// and every request costs only its own work.
pub fn api_routes() -> Router<AppState> {
    Router::new()
        .route(OBSERVATIONS, post(observations))
        .route(SENML, post(senml))
        .route(TTN, post(ttn))
        .route(CHIRPSTACK, post(chirpstack))
        .route(RETENTION.template(), get(retention))
        .route(OPENAPI, get(openapi))
        .route(STA_CREATE_MANY, post(sta_create_many))
        .route(STA_ENTITY.template(), get(sta_get))
        .route(STA_NAVIGATION.template(), get(sta_get_navigation).post(sta_create_one))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

/// The staff's credential forms.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(ISSUE_TOKEN.template(), post(issue_token))
        .route(REVOKE_TOKEN.template(), post(revoke_token))
        .route(DEV_EUI.template(), post(set_dev_eui))
        .route(INTEGRATIONS, post(create_integration))
        .route(REVOKE_INTEGRATION, post(revoke_integration))
}

/// An error answer: `{"error": code, "message": …}` in the client's language, plus where when known.
fn error_response(error: ApiError, lang: Lang) -> Response {
    let (status, code, detail) = match error {
        ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, crate::msg_key!("ingest-unauthorized"), None),
        ApiError::Forbidden(key) => (StatusCode::FORBIDDEN, key, None),
        ApiError::BadRequest(key, detail) => (StatusCode::BAD_REQUEST, key, detail),
        ApiError::NotFound => (StatusCode::NOT_FOUND, crate::msg_key!("ingest-not-found"), None),
        ApiError::Refused(code, reason) => {
            let body = json!({"error": code, "message": reason});
            return (StatusCode::BAD_REQUEST, Json(body)).into_response();
        }
        ApiError::RateLimited(seconds) => {
            let mut response = error_body(StatusCode::TOO_MANY_REQUESTS, "ingest-rate-limited", None, lang);
            if let Ok(value) = HeaderValue::from_str(&seconds.to_string()) {
                response.headers_mut().insert(header::RETRY_AFTER, value);
            }
            return response;
        }
        ApiError::Unavailable(detail) => {
            tracing::warn!(detail, "ingestion refused: the database cannot be reached");
            let mut response = error_body(StatusCode::SERVICE_UNAVAILABLE, "ingest-unavailable", None, lang);
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
            return response;
        }
        ApiError::Internal(detail) => {
            tracing::error!(detail, "ingestion failed");
            (StatusCode::INTERNAL_SERVER_ERROR, crate::msg_key!("ingest-internal"), None)
        }
    };
    let mut response = error_body(status, code, detail, lang);
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    response
}

fn error_body(status: StatusCode, code: &str, detail: Option<String>, lang: Lang) -> Response {
    let mut body = json!({"error": code, "message": translate(lang, code, None)});
    if let Some(detail) = detail {
        body["where"] = JsonValue::String(detail);
    }
    (status, Json(body)).into_response()
}

/// The body's bytes; a cut-off or oversized body is 413.
fn body_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::BadRequest(crate::msg_key!("ingest-error-too-large"), None)
        } else {
            ApiError::BadRequest(crate::msg_key!("ingest-error-body"), None)
        }
    })
}

/// Bytes as JSON; malformed JSON is 400 with its line and column.
fn json_of(bytes: &[u8]) -> Result<JsonValue, ApiError> {
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError::BadRequest(crate::msg_key!("ingest-error-json"), Some(e.to_string())))
}

/// The body as JSON (see `body_bytes` and `json_of`).
fn parse_body(body: Result<Bytes, BytesRejection>) -> Result<JsonValue, ApiError> {
    json_of(&body_bytes(body)?)
}

/// The status of a processed batch: 200 when every row is stored or was already there, 207 when some were
/// refused, 422 when nothing could be stored.
fn report_response(report: Report) -> Response {
    let status = if report.rejected == 0 {
        StatusCode::OK
    } else if report.accepted + report.duplicates > 0 && !report.all_or_nothing {
        StatusCode::MULTI_STATUS
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    (status, Json(report)).into_response()
}

fn answer(result: Result<Report, ApiError>, lang: Lang) -> Response {
    match result {
        Ok(report) => report_response(report),
        Err(e) => error_response(e, lang),
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct BatchOptions {
    all_or_nothing: Option<String>,
}

impl BatchOptions {
    fn all_or_nothing(&self) -> bool {
        matches!(self.all_or_nothing.as_deref(), Some("true" | "1" | "yes"))
    }
}

/// A body that cannot be read: oversized is the one bad request with its own status (413).
fn body_error(e: ApiError, lang: Lang) -> Response {
    match e {
        ApiError::BadRequest(key, _) if key == "ingest-error-too-large" => {
            error_body(StatusCode::PAYLOAD_TOO_LARGE, key, None, lang)
        }
        e => error_response(e, lang),
    }
}

/// Who sends a request: a device (its token's sensor) or a network-server integration of a kind.
enum Sender {
    Device,
    Integration(&'static str),
}

/// The sensor of a device, or nothing for an integration of the right kind.
async fn authenticate(
    state: &AppState,
    headers: &HeaderMap,
    sender: Sender,
) -> Result<Option<std::sync::Arc<queries::Target>>, ApiError> {
    match sender {
        Sender::Device => Ok(Some(service::device(state, bearer(headers)).await?)),
        Sender::Integration(kind) => service::integration(state, bearer(headers), kind).await.map(|()| None),
    }
}

/// Authenticates the sender, then reads the body as JSON; `Err` is the answer to send.
async fn authenticate_and_read(
    state: &AppState,
    headers: &HeaderMap,
    sender: Sender,
    body: Result<Bytes, BytesRejection>,
) -> Result<(Option<std::sync::Arc<queries::Target>>, JsonValue), Response> {
    let lang = visitor_language(headers);
    // The credential is checked before the body is even looked at.
    let target = authenticate(state, headers, sender).await.map_err(|e| error_response(e, lang))?;
    let json = parse_body(body).map_err(|e| body_error(e, lang))?;
    Ok((target, json))
}

/// A device's batch in one of the formats a device may post, decoded from the body's bytes.
async fn device_batch(
    state: &AppState,
    headers: &HeaderMap,
    options: &BatchOptions,
    body: Result<Bytes, BytesRejection>,
    decode: fn(&[u8]) -> Result<decode::Rows, ApiError>,
) -> Response {
    let lang = visitor_language(headers);
    let target = match service::device(state, bearer(headers)).await {
        Ok(target) => target,
        Err(e) => return error_response(e, lang),
    };
    let bytes = match body_bytes(body) {
        Ok(bytes) => bytes,
        Err(e) => return body_error(e, lang),
    };
    let result = async {
        let rows = decode(&bytes)?;
        service::ingest(state, &target, rows, options.all_or_nothing(), lang).await
    }
    .await;
    answer(result, lang)
}

async fn observations(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(options): Query<BatchOptions>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    device_batch(&state, &headers, &options, body, |bytes| match decode::native_plain(bytes) {
        Some(rows) => Ok(rows),
        None => Ok(decode::native(&json_of(bytes)?)?),
    })
    .await
}

async fn senml(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(options): Query<BatchOptions>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    // SenML lets a record leave its time out: it then means "now".
    device_batch(&state, &headers, &options, body, |bytes| {
        Ok(decode::senml(&json_of(bytes)?, crate::db::now() * 1000)?)
    })
    .await
}

/// An uplink's values as readings of its sensor's datastreams.
pub(crate) fn uplink_readings(uplink: decode::Uplink, reference: &str) -> decode::Rows {
    uplink
        .values
        .into_iter()
        .map(|(name, value)| Ok(Reading { datastream: format!("{reference}/{name}"), time: uplink.time, value }))
        .collect()
}

async fn ttn(State(state): State<AppState>, headers: HeaderMap, body: Result<Bytes, BytesRejection>) -> Response {
    let lang = visitor_language(&headers);
    let json = match authenticate_and_read(&state, &headers, Sender::Integration("ttn"), body).await {
        Ok((_, json)) => json,
        Err(answer) => return answer,
    };
    let result = async {
        let uplink = decode::ttn(&json)?;
        let target = service::device_by_eui(&state, &uplink.dev_eui).await?;
        let rows = uplink_readings(uplink, &target.reference);
        service::ingest(&state, &target, rows, false, lang).await
    }
    .await;
    answer(result, lang)
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct EventQuery {
    event: String,
}

async fn chirpstack(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<EventQuery>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let lang = visitor_language(&headers);
    let json = match authenticate_and_read(&state, &headers, Sender::Integration("chirpstack"), body).await {
        Ok((_, json)) => json,
        Err(answer) => return answer,
    };
    let result = async {
        match decode::chirpstack(&query.event, &json)? {
            decode::ChirpstackEvent::Uplink(uplink) => {
                let target = service::device_by_eui(&state, &uplink.dev_eui).await?;
                let rows = uplink_readings(uplink, &target.reference);
                service::ingest(&state, &target, rows, false, lang).await.map(Some)
            }
            decode::ChirpstackEvent::Status { dev_eui, event } => {
                let target = service::device_by_eui(&state, &dev_eui).await?;
                service::record_status(&state, &target, &event, &json.to_string()).await?;
                Ok(None)
            }
        }
    }
    .await;
    match result {
        Ok(Some(report)) => report_response(report),
        Ok(None) => (StatusCode::OK, Json(json!({"recorded": query.event}))).into_response(),
        Err(e) => error_response(e, lang),
    }
}

/// `GET /api/v1/sensors/{ref}/retention`: the public proof.
async fn retention(State(state): State<AppState>, headers: HeaderMap, Path(reference): Path<String>) -> Response {
    let lang = visitor_language(&headers);
    match super::proof::proof(&state, &reference).await {
        Ok(proof) => {
            let mut response = Json(proof).into_response();
            response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
            response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            response
        }
        Err(AppError::NotFound) => error_response(ApiError::NotFound, lang),
        Err(e) => error_response(ApiError::Internal(e.to_string()), lang),
    }
}

/// `GET /api/v1/openapi.json`.
async fn openapi(State(state): State<AppState>) -> Response {
    let mut response = Json(super::openapi::document(&state.config.public_url)).into_response();
    response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    response
}

// ---- SensorThings ----

fn sta_answer(result: Result<JsonValue, ApiError>, lang: Lang) -> Response {
    match result {
        Ok(body) => Json(body).into_response(),
        Err(e) => error_response(e, lang),
    }
}

fn sta_options(pairs: &[(String, String)]) -> Result<sta::Options, ApiError> {
    sta::options(pairs).map_err(|key| ApiError::BadRequest(key, None))
}

/// `GET /sta/v1.1/Things`, `Things(1)`, `Datastreams`, `Datastreams(1)`, `Observations('1-2')`.
async fn sta_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(entity): Path<String>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let lang = visitor_language(&headers);
    let result = async {
        let options = sta_options(&pairs)?;
        if let Some(id) = entity.strip_prefix("Observations(").and_then(|r| r.strip_suffix(')')) {
            return sensorthings::observation(&state, id).await;
        }
        match sta::entity(&entity) {
            Some(("Things", None)) => sensorthings::things(&state, &options).await,
            Some(("Things", Some(id))) => sensorthings::thing(&state, id).await,
            Some(("Datastreams", None)) => sensorthings::datastreams(&state, None, &options).await,
            Some(("Datastreams", Some(id))) => sensorthings::datastream(&state, id).await,
            _ => Err(ApiError::NotFound),
        }
    }
    .await;
    sta_answer(result, lang)
}

/// `GET /sta/v1.1/Things(1)/Datastreams` and `Datastreams(1)/Observations`.
async fn sta_get_navigation(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((entity, navigation)): Path<(String, String)>,
    Query(pairs): Query<Vec<(String, String)>>,
    RawQuery(raw): RawQuery,
) -> Response {
    let lang = visitor_language(&headers);
    let result = async {
        let options = sta_options(&pairs)?;
        match (sta::entity(&entity), navigation.as_str()) {
            (Some(("Things", Some(id))), "Datastreams") => sensorthings::datastreams(&state, Some(id), &options).await,
            (Some(("Datastreams", Some(id))), "Observations") => {
                sensorthings::observations(&state, id, &options, raw.as_deref().unwrap_or_default()).await
            }
            _ => Err(ApiError::NotFound),
        }
    }
    .await;
    sta_answer(result, lang)
}

/// `POST /sta/v1.1/Datastreams(1)/Observations`: 201 with the new observation's address (200 when it was
/// already stored).
async fn sta_create_one(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((entity, navigation)): Path<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let lang = visitor_language(&headers);
    let Some(("Datastreams", Some(id))) = sta::entity(&entity).filter(|_| navigation == "Observations") else {
        return error_response(ApiError::NotFound, lang);
    };
    let (target, json) = match authenticate_and_read(&state, &headers, Sender::Device, body).await {
        Ok((Some(target), json)) => (target, json),
        Ok((None, _)) => return error_response(ApiError::Unauthorized, lang),
        Err(answer) => return answer,
    };
    let (status, link) = match sensorthings::create_one(&state, &target, id, &json, lang).await {
        Ok(sensorthings::Created::New(link)) => (StatusCode::CREATED, link),
        Ok(sensorthings::Created::Existing(link)) => (StatusCode::OK, link),
        Err(e) => return error_response(e, lang),
    };
    let mut response = (status, Json(json!({"@iot.selfLink": link}))).into_response();
    if let Ok(value) = HeaderValue::from_str(&link) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// `POST /sta/v1.1/CreateObservations`: 201 with, per row, the observation's address or an error message.
async fn sta_create_many(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let lang = visitor_language(&headers);
    let (target, json) = match authenticate_and_read(&state, &headers, Sender::Device, body).await {
        Ok((Some(target), json)) => (target, json),
        Ok((None, _)) => return error_response(ApiError::Unauthorized, lang),
        Err(answer) => return answer,
    };
    match sensorthings::create_many(&state, &target, &json, lang).await {
        Ok(rows) => (StatusCode::CREATED, Json(rows)).into_response(),
        Err(e) => error_response(e, lang),
    }
}

// ---- Staff forms ----

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct TokenForm {
    rotate: String,
}

/// Shows a new secret once, on the page the staff member is sent back to. The flash lives in the session store
/// for the one redirect; whoever can read that store can already take over staff sessions, so this exposes
/// nothing more, and the secret is gone as soon as the page is shown.
async fn redirect_with_secret(session: &Session, path: &str, notice: &str, secret: String) -> Response {
    crate::web::forms::redirect_with_notice_args(session, path, notice, vec![("secret".into(), secret)]).await
}

async fn issue_token(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(reference): Path<String>,
    CsrfForm(f): CsrfForm<TokenForm>,
) -> Response {
    let page = connection(&reference.to_ascii_uppercase());
    let result = async { service::issue_token(&state, ctx.user.as_ref(), &reference, f.rotate == "1").await }.await;
    match result {
        Ok(secret) => redirect_with_secret(&session, &page, "notice-token-issued", secret).await,
        Err(e) => redirect_with_error(&session, &page, e, vec![]).await,
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct RevokeForm {
    id: String,
}

async fn revoke_token(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(reference): Path<String>,
    CsrfForm(f): CsrfForm<RevokeForm>,
) -> Response {
    let page = connection(&reference.to_ascii_uppercase());
    let result = async {
        let id = f.id.parse().map_err(|_| AppError::NotFound)?;
        service::revoke_token(&state, ctx.user.as_ref(), &reference, id).await
    }
    .await;
    finish(&session, result, &page, "notice-token-revoked", &page, vec![]).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct DevEuiForm {
    dev_eui: String,
}

async fn set_dev_eui(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(reference): Path<String>,
    CsrfForm(f): CsrfForm<DevEuiForm>,
) -> Response {
    let page = connection(&reference.to_ascii_uppercase());
    let result = async { service::set_dev_eui(&state, ctx.user.as_ref(), &reference, &f.dev_eui).await }.await;
    finish(&session, result, &page, "notice-dev-eui-saved", &page, vec![("dev_eui", f.dev_eui.clone())]).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct IntegrationForm {
    kind: String,
    name: String,
}

async fn create_integration(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<IntegrationForm>,
) -> Response {
    let result = async { service::create_integration(&state, ctx.user.as_ref(), &f.kind, &f.name).await }.await;
    match result {
        Ok(secret) => redirect_with_secret(&session, INTEGRATIONS, "notice-integration-created", secret).await,
        Err(e) => {
            let values = vec![("kind", f.kind.clone()), ("name", f.name.clone())];
            redirect_with_error(&session, INTEGRATIONS, e, values).await
        }
    }
}

async fn revoke_integration(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<RevokeForm>,
) -> Response {
    let result = async {
        let id = f.id.parse().map_err(|_| AppError::NotFound)?;
        service::revoke_integration(&state, ctx.user.as_ref(), id).await
    }
    .await;
    finish(&session, result, INTEGRATIONS, "notice-integration-revoked", INTEGRATIONS, vec![]).await
}
