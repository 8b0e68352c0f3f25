//! The sensors feature's HTTP side: staff form posts (create, edit, status, position, import) answered with
//! Post/Redirect/Get, the open-data API and the on-site notice as SVG.

use super::cache::Body as CachedBody;
use super::paths::*;
use super::rules::{form_from_pairs, SensorForm};
use super::service::{self, ImportError};
use super::*;
use crate::ctx::{Flash, RequestCtx};
use crate::error::{AppError, UserError};
use crate::state::AppState;
use crate::web::forms::CsrfForm;
use crate::web::forms::{check_csrf, finish, redirect_with_error, redirect_with_flash, redirect_with_notice_args};
use axum::body::Body;
use axum::extract::{Multipart, Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use tower_sessions::Session;

/// The sensor routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(NEW, post(create))
        // Room for the largest accepted file and the form around it; anything bigger is cut off and refused.
        .route(IMPORT, post(import).layer(axum::extract::DefaultBodyLimit::max(MAX_IMPORT_BYTES + 64 * 1024)))
        .route(EDIT.template(), post(update))
        .route(STATUS.template(), post(set_status))
        .route(POSITIONS.template(), post(add_position))
        .route(NOTICE_SVG.template(), get(notice_svg))
        .route(GEOJSON, get(geojson))
        .route(CSV, get(csv))
        .route(API_RECORD.template(), get(record))
        .route(MAP_GEOJSON, get(map_geojson))
        .route(DISTRICTS_GEOJSON, get(districts_geojson))
        .route(STREETS_GEOJSON, get(streets_geojson))
        .route(MAP_SVG, get(map_svg))
}

/// The submitted values to show again after a failed post (everything but the token).
fn refill(pairs: &[(String, String)]) -> Vec<(&str, String)> {
    pairs.iter().filter(|(k, _)| k != "csrf").map(|(k, v)| (k.as_str(), v.clone())).collect()
}

async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    // Forms send the district's id; names (CSV, GeoJSON) only come through the import.
    let form: SensorForm = form_from_pairs(&pairs, &[]);
    let result = async { service::create(&state, ctx.user.as_ref(), &form).await }.await;
    match result {
        Ok(reference) => finish(&session, Ok(()), &sensor(&reference), "notice-sensor-created", NEW, vec![]).await,
        Err(e) => redirect_with_error(&session, NEW, e, refill(&pairs)).await,
    }
}

async fn update(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(reference): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let form = form_from_pairs(&pairs, &[]);
    let result = async { service::update(&state, ctx.user.as_ref(), &reference, &form).await.map(|_| ()) }.await;
    let page = sensor(&reference);
    finish(&session, result, &page, "notice-sensor-saved", &edit(&reference), refill(&pairs)).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct StatusForm {
    status: String,
}

async fn set_status(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(reference): Path<String>,
    CsrfForm(f): CsrfForm<StatusForm>,
) -> Response {
    let result =
        async { service::set_status(&state, ctx.user.as_ref(), &reference, &f.status).await.map(|_| ()) }.await;
    let page = sensor(&reference);
    finish(&session, result, &page, "notice-sensor-status", &page, vec![]).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PositionForm {
    longitude: String,
    latitude: String,
    valid_from: String,
    valid_to: String,
}

/// Reads `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (a `datetime-local` input) as Unix seconds (UTC).
fn parse_datetime(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = text.split_once('T').unwrap_or((text, "00:00"));
    let days = rules::parse_date(date)?;
    let (h, m) = time.split_once(':')?;
    let (h, m): (i64, i64) = (h.parse().ok()?, m.get(..2).unwrap_or(m).parse().ok()?);
    ((0..24).contains(&h) && (0..60).contains(&m)).then_some(days * 86_400 + h * 3600 + m * 60)
}

async fn add_position(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(reference): Path<String>,
    CsrfForm(f): CsrfForm<PositionForm>,
) -> Response {
    let values = vec![
        ("longitude", f.longitude.clone()),
        ("latitude", f.latitude.clone()),
        ("valid_from", f.valid_from.clone()),
        ("valid_to", f.valid_to.clone()),
    ];
    let result = async {
        let mut errors = vec![];
        let lon = rules::parse_longitude(&f.longitude);
        let lat = rules::parse_latitude(&f.latitude);
        let from = parse_datetime(&f.valid_from);
        let to = if f.valid_to.trim().is_empty() { Some(None) } else { parse_datetime(&f.valid_to).map(Some) };
        if lon.is_none() {
            errors.push(UserError::field("longitude", "error-sensor-longitude"));
        }
        if lat.is_none() {
            errors.push(UserError::field("latitude", "error-sensor-latitude"));
        }
        if from.is_none() {
            errors.push(UserError::field("valid_from", "error-date"));
        }
        if to.is_none() {
            errors.push(UserError::field("valid_to", "error-date"));
        }
        match (lon, lat, from, to) {
            (Some(lon), Some(lat), Some(from), Some(to)) if errors.is_empty() => {
                service::add_position(&state, ctx.user.as_ref(), &reference, Position { lon, lat, from, to }).await
            }
            _ => Err(AppError::Invalid(errors)),
        }
    }
    .await;
    let page = sensor(&reference);
    finish(&session, result, &page, "notice-position-added", &page, values).await
}

/// The largest import accepted (about 20,000 sensors of CSV).
const MAX_IMPORT_BYTES: usize = 16 * 1024 * 1024;

async fn import(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    mut multipart: Multipart,
) -> Response {
    let mut csrf = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    let mut too_big = false;
    // A body that breaks off (too large, connection lost) must never be imported as if it were whole.
    let mut broken = false;
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                too_big |= e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                broken = true;
                break;
            }
        };
        match field.name() {
            Some("csrf") => csrf = field.text().await.unwrap_or_default(),
            Some("file") => {
                let name = field.file_name().unwrap_or_default().to_lowercase();
                let mut bytes = vec![];
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                        Ok(None) => break,
                        Err(e) => {
                            too_big |= e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                            broken = true;
                            break;
                        }
                    }
                    if bytes.len() > MAX_IMPORT_BYTES {
                        too_big = true;
                        break;
                    }
                }
                // The file's text loses control and override characters as a form's fields do (`crate::form`);
                // a file that is not UTF-8 is left for the import to refuse by name.
                if let Ok(text) = std::str::from_utf8(&bytes) {
                    bytes = crate::text::clean_field(text).into_bytes();
                }
                file = Some((name, bytes));
            }
            _ => {}
        }
        if too_big || broken {
            break;
        }
    }
    let outcome = async {
        // A body cut off by the size limit may have lost the token too: say what happened, store nothing.
        if too_big {
            return Err(AppError::user(UserError::field("file", "error-import-too-big")).into());
        }
        check_csrf(&ctx, &csrf)?;
        // Refused before the file is even read.
        crate::access::require(ctx.user.as_ref(), crate::access::Action::ManageSensors)?;
        if broken {
            return Err(AppError::user(UserError::field("file", "error-import-incomplete")).into());
        }
        let (name, bytes) = file
            .filter(|(_, b)| !b.is_empty())
            .ok_or_else(|| AppError::user(UserError::field("file", "error-import-empty")))?;
        let text =
            String::from_utf8(bytes).map_err(|_| AppError::user(UserError::field("file", "error-import-encoding")))?;
        let looks_json = name.ends_with(".geojson") || name.ends_with(".json") || text.trim_start().starts_with('{');
        let rows = if looks_json { opendata::read_geojson(&text) } else { opendata::read_csv(&text) }
            .map_err(|_| AppError::user(UserError::field("file", "error-import-unreadable")))?;
        service::import(&state, ctx.user.as_ref(), rows).await
    }
    .await;
    match outcome {
        Ok(summary) => {
            let args = vec![
                ("created".into(), summary.created.to_string()),
                ("updated".into(), summary.updated.to_string()),
                ("unchanged".into(), summary.unchanged.to_string()),
            ];
            redirect_with_notice_args(&session, IMPORT, "notice-import-done", args).await
        }
        Err(ImportError::Rows(rows)) => {
            let errors = vec![UserError::field("file", "error-import-rows")];
            let flash = Flash { path: IMPORT.into(), errors, row_errors: rows, ..Default::default() };
            redirect_with_flash(&session, IMPORT, flash).await
        }
        Err(ImportError::App(e)) => redirect_with_error(&session, IMPORT, e, vec![]).await,
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use flate2::write::GzEncoder;
    use std::io::Write;
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 6), flate2::Compression::default());
    // Writing to memory cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}

/// Serves `key` from the cache when the registry has not changed since it was built, else builds it.
async fn cached<F, Fut>(
    state: &AppState,
    headers: &HeaderMap,
    key: String,
    content_type: &'static str,
    download_name: Option<&str>,
    build: F,
) -> Response
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = Result<String, AppError>>,
{
    let version = match service::version(state).await {
        Ok(v) => v,
        Err(e) => return internal(e),
    };
    let cache = state.parts.get::<super::cache::SensorsCache>();
    let body = match cache.bodies.get(&key, &version) {
        Some(body) => body,
        None => {
            // One build at a time: whoever waited finds the file ready.
            let _building = cache.building.lock().await;
            match cache.bodies.get(&key, &version) {
                Some(body) => body,
                None => {
                    let text = match build().await {
                        Ok(text) => text,
                        Err(e) => return internal(e),
                    };
                    let body = CachedBody { gzip: gzip(text.as_bytes()).into(), plain: text.into_bytes().into() };
                    cache.bodies.put(key, version.clone(), body.clone());
                    body
                }
            }
        }
    };
    let etag = format!("\"{}-{:x}\"", version, body.plain.len());
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let accepts_gzip = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|e| e.trim().starts_with("gzip")));
    let mut response = Response::new(Body::from(if accepts_gzip { body.gzip } else { body.plain }));
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=60"));
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(header::ETAG, v);
    }
    if accepts_gzip {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    if let Some(name) = download_name {
        if let Ok(v) = HeaderValue::from_str(&format!("inline; filename=\"{name}\"")) {
            h.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    if let Ok(v) = HeaderValue::from_str(&format!("<{}>; rel=\"license\"", opendata::LICENCE_URL)) {
        h.insert(header::LINK, v);
    }
    response
}

fn internal(e: AppError) -> Response {
    tracing::error!(error = %e, "open data");
    (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
}

async fn geojson(State(state): State<AppState>, headers: HeaderMap, RawQuery(q): RawQuery) -> Response {
    let query = Query::from_query_string(q.as_deref().unwrap_or_default());
    let key = format!("geojson?{}", query.filter_query());
    let base = state.config.public_url.clone();
    cached(&state, &headers, key, "application/geo+json", Some("capteurs.geojson"), || async {
        Ok(opendata::feature_collection(&service::export(&state, &query.filter).await?, &base))
    })
    .await
}

async fn csv(State(state): State<AppState>, headers: HeaderMap, RawQuery(q): RawQuery) -> Response {
    let query = Query::from_query_string(q.as_deref().unwrap_or_default());
    let key = format!("csv?{}", query.filter_query());
    cached(&state, &headers, key, "text/csv; charset=utf-8", Some("capteurs.csv"), || async {
        Ok(opendata::csv(&service::export(&state, &query.filter).await?))
    })
    .await
}

async fn map_geojson(State(state): State<AppState>, headers: HeaderMap, RawQuery(q): RawQuery) -> Response {
    let query = Query::from_query_string(q.as_deref().unwrap_or_default());
    let key = format!("map?{}", query.filter_query());
    cached(&state, &headers, key, "application/geo+json", None, || async {
        Ok(opendata::map_geojson(&service::map_points(&state, &query.filter).await?))
    })
    .await
}

/// The map drawn by the server, same filters as the list: the page's preview and the map without JavaScript.
async fn map_svg(State(state): State<AppState>, headers: HeaderMap, RawQuery(q): RawQuery) -> Response {
    let query = Query::from_query_string(q.as_deref().unwrap_or_default());
    let key = format!("map.svg?{}", query.filter_query());
    cached(&state, &headers, key, "image/svg+xml", None, || async {
        let districts: Vec<String> =
            service::district_outlines(&state).await?.into_iter().map(|(_, _, _, geometry)| geometry).collect();
        let streets = crate::town::streets(&state.db).await?;
        let points = service::map_points(&state, &query.filter).await?;
        Ok(super::preview::map_svg(&districts, &streets, &points, query.filter.near))
    })
    .await
}

async fn streets_geojson(State(state): State<AppState>, headers: HeaderMap) -> Response {
    cached(&state, &headers, "streets".into(), "application/geo+json", None, || async {
        Ok(opendata::streets_geojson(&crate::town::streets(&state.db).await?))
    })
    .await
}

async fn districts_geojson(State(state): State<AppState>, headers: HeaderMap) -> Response {
    cached(&state, &headers, "districts".into(), "application/geo+json", None, || async {
        Ok(opendata::districts_geojson(&service::district_outlines(&state).await?))
    })
    .await
}

async fn record(State(state): State<AppState>, Path(reference): Path<String>) -> Response {
    match service::get(&state, &reference).await {
        Ok(sensor) => {
            let mut response = axum::Json(opendata::record(&sensor, &state.config.public_url)).into_response();
            response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
            response
        }
        Err(AppError::NotFound) => {
            (StatusCode::NOT_FOUND, axum::Json(serde_json::json!({"error": "not_found", "reference": reference})))
                .into_response()
        }
        Err(e) => internal(e),
    }
}

/// `GET /capteurs/{reference}/panneau.svg`: a file path, so it has no page context; the language comes from
/// the visitor's cookie or browser.
async fn notice_svg(State(state): State<AppState>, headers: HeaderMap, Path(reference): Path<String>) -> Response {
    let lang = crate::web::forms::visitor_language(&headers);
    let town = crate::town::town_name(&state.db).await.unwrap_or_default();
    match service::get(&state, &reference).await {
        Ok(sensor) => {
            let notice = notice::Notice::new(&sensor, crate::i18n::I18n(lang), &state.config.public_url, &town);
            crate::web::forms::download(&format!("panneau-{}.svg", sensor.reference), "image/svg+xml", notice.to_svg())
        }
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => internal(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_position_times() {
        assert_eq!(parse_datetime("1970-01-02"), Some(86_400));
        assert_eq!(parse_datetime("1970-01-01T01:30"), Some(5400));
        assert_eq!(parse_datetime("1970-01-01T25:00"), None);
        assert_eq!(parse_datetime("hier"), None);
    }

    #[test]
    fn gzip_is_smaller_and_readable() {
        use std::io::Read;
        let text = "capteur ".repeat(1000);
        let packed = gzip(text.as_bytes());
        assert!(packed.len() < text.len() / 10);
        let mut out = String::new();
        flate2::read::GzDecoder::new(&packed[..]).read_to_string(&mut out).unwrap();
        assert_eq!(out, text);
    }
}
