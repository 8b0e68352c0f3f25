//! The HTTP application: the router, the per-request context, security headers, the CSRF cookie and the
//! language switcher. What handlers use to read forms and answer them is in [`forms`].

pub mod assets;
pub mod forms;

use crate::accounts;
use crate::ctx::{CurrentUser, Flash, RequestCtx};

use crate::form::Form;
use crate::i18n::Lang;
use crate::shell::{shell, App};
use crate::state::AppState;
use forms::*;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, Session, SessionManagerLayer};

/// The nonce of this response's Content-Security-Policy (Leptos puts it on its hydration script).
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// The Leptos routes, listed once per process.
///
/// Listing runs the whole app with resource loading switched off by a process-wide flag (leptos_server's
/// `SuppressResourceLoad`): a page rendered on another thread meanwhile would wait forever for its data
/// (leptos#4773). Listing once, before any router exists, means no page can be rendering at that moment — this
/// matters when several routers are built in one process, as the tests do.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// What the features above `accounts` add to a person's data export (see [`accounts::personal_data`]).
fn contribute_personal_data(state: &AppState) {
    use accounts::personal_data::contribute;
    contribute(state, "participation", |state, id| Box::pin(crate::consultations::service::personal_data(state, id)));
    contribute(state, "budgets", |state, id| Box::pin(crate::budgets::service::personal_data(state, id)));
    contribute(state, "residence", |state, id| Box::pin(crate::eligibility::service::personal_data(state, id)));
    contribute(state, "sign_in_providers", |state, id| Box::pin(crate::oidc::service::personal_data(state, id)));
}

/// Fills what lower features ask of higher ones (their ports and registries), for every entry point that serves
/// or changes data with `state`: the router, the demo town's seeding.
pub fn wire(state: &AppState) {
    contribute_personal_data(state);
    use crate::notifications::describe_with;
    describe_with(state, "reply", |state, queued| {
        Box::pin(crate::consultations::notifications::describe(state, queued))
    });
    describe_with(state, "decided", |state, queued| {
        Box::pin(crate::consultations::notifications::describe(state, queued))
    });
    describe_with(state, "budget_decided", |state, queued| {
        Box::pin(crate::budgets::service::describe_notification(state, queued))
    });
    crate::sensors::ports::fill(
        state,
        crate::sensors::ports::Ports {
            authorises: Some(|state, id| Box::pin(crate::governance::service::authorises(state, id))),
            holds_values: Some(|conn, sensor, name| Box::pin(crate::ingest::queries::holds_values(conn, sensor, name))),
            removing: Some(|conn, sensor, name, now| {
                Box::pin(crate::ingest::queries::record_removal(conn, sensor, name, now))
            }),
        },
    );
}

/// What operators and their supervisors read, outside the pages.
pub mod paths {
    /// Liveness.
    pub const HEALTH: &str = "/healthz";
    /// Readiness (the database answers).
    pub const READY: &str = "/readyz";
    /// Prometheus metrics.
    pub const METRICS: &str = "/metrics";
}

/// Builds the whole application for `state`.
pub fn router(state: AppState) -> Router {
    wire(&state);
    let routes = route_list();
    let sessions = SessionManagerLayer::new(crate::session_store::DbSessionStore::new(state.db.clone()))
        .with_name("clairvoie_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.config.https())
        .with_expiry(Expiry::OnInactivity(time::Duration::days(14)));
    let options = state.leptos_options.clone();
    let site = std::path::PathBuf::from(&state.config.site_root);
    assets::load_manifest(&site);
    Router::new()
        .route(crate::i18n::paths::LANGUAGE, post(switch_language))
        .merge(accounts::handlers::routes())
        .merge(crate::addresses::handlers::routes())
        .merge(crate::sensors::handlers::routes())
        .merge(crate::sensors::api::routes())
        .merge(crate::ingest::handlers::routes())
        .merge(crate::consultations::handlers::routes())
        .merge(crate::moderation::handlers::routes())
        .merge(crate::budgets::handlers::routes())
        .merge(crate::governance::handlers::routes())
        .merge(crate::governance::projects::handlers::routes())
        .merge(crate::reports::dashboard::handlers::routes())
        .merge(crate::reports::bulletin::handlers::routes())
        .merge(crate::kiosk::handlers::routes())
        .merge(crate::notifications::handlers::routes())
        .merge(crate::eligibility::handlers::routes())
        .merge(crate::oidc::handlers::routes())
        .leptos_routes_with_context(&state, routes, || {}, move || shell(options.clone()))
        // Addresses no route knows get the 404 page. Not leptos_axum's file handler: every built file is served
        // by `assets::routes` under its hashed name, and anything else an operator leaves in the site's folder
        // (the manifest, a backup) must not become public by being there.
        .fallback(leptos_axum::render_app_to_stream_with_context(
            {
                let state = state.clone();
                move || leptos::prelude::provide_context(state.clone())
            },
            {
                let options = state.leptos_options.clone();
                move || shell(options.clone())
            },
        ))
        // Forms are small: a page's post is refused past FORM_BYTES (routes that take files or bulk data set
        // their own limit, which wins), instead of axum's 2 MB, which only invited 2 MB session rows.
        .layer(axum::extract::DefaultBodyLimit::max(FORM_BYTES))
        .layer(axum::middleware::from_fn(server_fn_status_layer))
        .layer(axum::middleware::from_fn(rejection_layer))
        .layer(from_fn_with_state(state.clone(), context_layer))
        .layer(sessions)
        // Devices have no session and no page: their API stays outside both layers. So do the probes and the
        // metrics, which must answer at once, the database down included (the layers read it).
        .merge(crate::ingest::handlers::api_routes())
        .route(paths::HEALTH, get(healthz))
        .route(paths::READY, get(readyz))
        .route(paths::METRICS, get(metrics))
        // The built files: no session, no context, precompressed.
        .merge(assets::routes(&site))
        .layer(from_fn_with_state(state.clone(), security_layer))
        // Pages and API answers are compressed for a client that accepts it (the built files come precompressed
        // and pass through). A fast level: a page is compressed at each request. The CSRF token a page holds is
        // masked afresh in each form (`forms::mask_csrf`), so compression cannot leak it (BREACH).
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::compression::CompressionLevel::Precise(4)),
        )
        .layer(axum::middleware::from_fn(deadline_layer))
        .layer(axum::middleware::from_fn(metrics_layer))
        .with_state(state)
}

/// `GET /healthz`: the process is alive and answers (a supervisor restarts it otherwise). Whether it can serve
/// is `/readyz`'s question: a database outage must not get every instance restarted.
async fn healthz() -> Response {
    (StatusCode::OK, "ok").into_response()
}

/// `GET /readyz`: 200 when the database answers and every migration of this version is applied; 503 with the
/// reason otherwise (a load balancer then sends requests to another instance).
async fn readyz(State(state): State<AppState>) -> Response {
    // A probe gets its answer within READY_WITHIN even while connections to a database that went away time out.
    let unavailable = || (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response();
    let pending = tokio::time::timeout(READY_WITHIN, async {
        if state.db.ping().await {
            Some(state.db.pending_migrations().await)
        } else {
            None
        }
    });
    let Ok(Some(pending)) = pending.await else { return unavailable() };
    match pending {
        Ok(pending) if pending.is_empty() => (StatusCode::OK, "ready").into_response(),
        Ok(pending) => {
            let versions: Vec<String> = pending.iter().map(i64::to_string).collect();
            (StatusCode::SERVICE_UNAVAILABLE, format!("migrations pending: {}", versions.join(", "))).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "reading the applied migrations");
            (StatusCode::SERVICE_UNAVAILABLE, "migrations unreadable").into_response()
        }
    }
}

/// How long `/readyz` waits for the database before it says it is unavailable.
const READY_WITHIN: std::time::Duration = std::time::Duration::from_secs(2);

/// The longest a request may take before it is answered 503: with the database gone, each wait for a connection
/// ends after the pool's 10 s, but a page making several queries would add them up. A request cut short is
/// dropped whole (an open transaction rolls back).
pub const REQUEST_DEADLINE: std::time::Duration = std::time::Duration::from_secs(60);

async fn deadline_layer(req: Request, next: Next) -> Response {
    match tokio::time::timeout(REQUEST_DEADLINE, next.run(req)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::error!(seconds = REQUEST_DEADLINE.as_secs(), "request cut short at its deadline");
            let mut response = (StatusCode::SERVICE_UNAVAILABLE, "try again later").into_response();
            response.headers_mut().insert(header::RETRY_AFTER, axum::http::HeaderValue::from_static("30"));
            response
        }
    }
}

/// Leptos answers every error of a server function with a 500, the caller's own mistakes included: an argument
/// that does not parse (a count one past the largest number, a word where a number goes) or that is missing.
/// Those are the request's fault and get a 400, so that a 5xx keeps meaning the server failed (monitoring, the
/// schema fuzzer). The body — Leptos' encoded error, which the browser build decodes — is left as it is.
async fn server_fn_status_layer(req: Request, next: Next) -> Response {
    let response = next.run(req).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR || !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    // An encoded error is a line of text; anything longer than this is not one of the caller's mistakes.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response();
    };
    if [&b"Args|"[..], b"MissingArg|", b"Deserialization|"].iter().any(|p| bytes.starts_with(p)) {
        parts.status = StatusCode::BAD_REQUEST;
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// axum's extractors answer a request they cannot read with a sentence in English — a body over the limit, a
/// form without its content type, an address part that is not a number, echoed back. A page or form request
/// gets the translated message instead, and nothing of what was sent. The APIs (`/api/…`: the open-data and
/// device routes, the pages' server functions) keep their machine-readable answers.
async fn rejection_layer(req: Request, next: Next) -> Response {
    let lang = req.extensions().get::<RequestCtx>().map(|c| c.lang).unwrap_or_default();
    let api = req.uri().path().starts_with("/api/");
    let response = next.run(req).await;
    let key = match response.status() {
        StatusCode::BAD_REQUEST => "error-request-unreadable",
        StatusCode::PAYLOAD_TOO_LARGE => "error-request-too-large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE | StatusCode::UNPROCESSABLE_ENTITY => "error-form-unreadable",
        _ => return response,
    };
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/plain"));
    if api || !plain {
        return response;
    }
    let text = crate::i18n::I18n(lang).t(key);
    (response.status(), [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// Times every request and counts it under its route template (`/capteurs/{reference}`; `other` for files and
/// unknown addresses, so a scan of random addresses cannot grow the metrics without bound).
async fn metrics_layer(req: Request, next: Next) -> Response {
    let started = std::time::Instant::now();
    let method = req.method().as_str().to_string();
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "other".to_string());
    let response = next.run(req).await;
    let seconds = started.elapsed().as_secs_f64();
    crate::metrics::METRICS.request(&method, &route, response.status().as_u16(), seconds);
    response
}

/// `GET /metrics`: this instance's Prometheus metrics, for a scraper on the same machine only — a request that
/// came through a reverse proxy (it carries `X-Forwarded-For`) or from another address is refused.
async fn metrics(req: Request) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let local = peer.is_some_and(|ip| ip.is_loopback()) && !req.headers().contains_key("x-forwarded-for");
    if !local {
        return (StatusCode::FORBIDDEN, "metrics are served to the local machine only").into_response();
    }
    let mut response = crate::metrics::METRICS.render().into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    response
}

fn random_token() -> String {
    let bytes: [u8; 24] = rand::random();
    hex::encode(bytes)
}

/// Files served as they are need no context (and must not consume a flash): the built ones (`assets`, served
/// before this layer; a missing one falls through to here) and any other at the root. Not every address with a dot: a route's part may hold one
/// (`/tableau-de-bord/csv/a.b`), and its handler needs the context.
fn is_asset(path: &str) -> bool {
    path.starts_with(crate::ui::paths::PKG) || (path.rfind('/') == Some(0) && path.contains('.'))
}

/// Computes the [`RequestCtx`] of every page and form request.
async fn context_layer(State(state): State<AppState>, session: Session, mut req: Request, next: Next) -> Response {
    // Only reads skip the context: a post always passes the kiosk and CSRF rules, whatever its path looks like.
    if is_asset(req.uri().path()) && matches!(*req.method(), Method::GET | Method::HEAD) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let kiosk = match cookie(headers, crate::kiosk::KIOSK_COOKIE) {
        Some(credential) => crate::kiosk::service::kiosk_for(&state, &credential).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, "loading the kiosk");
            None
        }),
        None => None,
    };
    let (keep, kiosk_visit) = crate::kiosk::handlers::visit_guard(&session, kiosk.as_ref(), crate::db::now()).await;
    // On a kiosk, account pages are out of reach and nothing is posted but votes: a visit is for reading and
    // voting only.
    let write = !matches!(*req.method(), Method::GET | Method::HEAD);
    if kiosk_visit && !crate::kiosk::rules::visit_allows(write, req.uri().path()) {
        return Redirect::to(crate::kiosk::paths::HOME).into_response();
    }
    let since = session.get::<i64>(SESSION_SINCE).await.ok().flatten().unwrap_or(0);
    let user = match session.get::<i64>(SESSION_USER).await {
        Ok(Some(id)) if keep => match accounts::service::signed_in_user(&state, id, since).await {
            // Identity was checked at the desk; staff who vote at a kiosk carry no staff power there.
            Ok(Some(user)) if kiosk_visit => {
                Some(CurrentUser { verified: true, roles: vec![crate::access::Role::Resident], ..user })
            }
            Ok(user) => user,
            Err(e) => {
                tracing::error!(error = %e, "loading the signed-in account");
                None
            }
        },
        _ => None,
    };
    let lang = user.as_ref().map(|u| u.language).unwrap_or_else(|| visitor_language(headers));
    let csrf_name = csrf_cookie(state.config.https());
    let existing_csrf = cookie(headers, csrf_name).filter(|c| c.len() == 48);
    let csrf = existing_csrf.clone().unwrap_or_else(random_token);
    // A flash is shown once: only a page view takes it.
    let mut flash =
        if req.method() == Method::GET { session.remove::<Flash>(SESSION_FLASH).await.ok().flatten() } else { None };
    // A ballot's receipt code comes back in a cookie of the voter's browser, never in the session (a session row
    // holds the voter's id: the code beside it would join the voter to the ballot). Shown once, then cleared.
    // Exactly one: a second cookie of the same name was planted (another path, a sibling domain over http), and
    // its code would be "checked" by a voter who believes it is theirs.
    let receipt_name = forms::receipt_cookie(state.config.https());
    let planted_or_one = forms::cookies(headers, receipt_name);
    let one_receipt = (planted_or_one.len() == 1).then(|| planted_or_one[0].clone());
    let receipt = match (&mut flash, one_receipt) {
        (Some(f), Some(code))
            if f.notice.as_deref() == Some(RECEIPT_NOTICE) && crate::budgets::rules::is_receipt_code(&code) =>
        {
            f.notice_args.push(("code".into(), code));
            true
        }
        _ => false,
    };
    let (town_name, districts) =
        match (crate::town::town_name(&state.db).await, crate::town::districts(&state.db).await) {
            (Ok(name), Ok(districts)) => (name, districts),
            (Err(e), _) | (_, Err(e)) => {
                tracing::error!(error = %e, "loading the town");
                ("Clairvoie".to_string(), vec![])
            }
        };
    // A kiosk is the town hall's machine: no one signs in there through an outside provider.
    let sign_in_with = match &kiosk {
        Some(_) => vec![],
        None => state
            .config
            .oidc
            .iter()
            .map(|p| crate::ctx::SignInOption { name: p.name.clone(), label: p.label.clone() })
            .collect(),
    };
    req.extensions_mut().insert(RequestCtx {
        lang,
        town_name,
        user,
        csrf: csrf.clone(),
        flash,
        districts,
        kiosk,
        kiosk_visit,
        sign_in_with,
    });
    let mut response = next.run(req).await;
    if receipt {
        if let Ok(value) = HeaderValue::from_str(&format!("{receipt_name}=; Path=/; Max-Age=0")) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    if existing_csrf.is_none() {
        let secure = if state.config.https() { "; Secure" } else { "" };
        if let Ok(value) = HeaderValue::from_str(&format!("{csrf_name}={csrf}; Path=/; HttpOnly; SameSite=Lax{secure}"))
        {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

/// The origin (scheme://host[:port]) of a URL.
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    match url[after_scheme..].find('/') {
        Some(i) => &url[..after_scheme + i],
        None => url,
    }
}

/// Security headers on every response; cross-site form posts refused.
async fn security_layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method {
        if let Some(origin) = req.headers().get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
            let host = req.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
            let same = origin == origin_of(&state.config.public_url)
                || origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://")) == Some(host);
            if !same {
                tracing::warn!(origin, "cross-origin post refused");
                return (StatusCode::FORBIDDEN, "cross-origin request refused").into_response();
            }
        }
    }
    let nonce = random_token();
    req.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    // A configured basemap is the only outside origin pages may reach (its style, tiles, glyphs and sprites).
    let map = state.config.map_origin().map(|o| format!(" {o}")).unwrap_or_default();
    // The sign-in buttons of OpenID Connect providers post here and are redirected to the provider: a redirect
    // after a form's post must be allowed by `form-action` too.
    let providers: String = state.config.oidc_origins().iter().map(|o| format!(" {o}")).collect();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data: blob:{map}; font-src 'self'; connect-src 'self'{map}; worker-src 'self' blob:; \
         child-src blob:; object-src 'none'; base-uri 'self'; form-action 'self'{providers}; frame-ancestors 'none'"
    );
    let mut set = |name: &'static str, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(name, v);
        }
    };
    set("content-security-policy", &csp);
    set("x-content-type-options", "nosniff");
    set("referrer-policy", "strict-origin-when-cross-origin");
    set("x-frame-options", "DENY");
    set("permissions-policy", "camera=(), microphone=(), geolocation=(self)");
    if state.config.https() {
        set("strict-transport-security", "max-age=31536000; includeSubDomains");
    }
    // Pages may show a signed-in person's data: never keep them in a cache (a shared kiosk's back button).
    let is_html =
        headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    if is_html && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

/// The language switcher's form.
#[derive(serde::Deserialize)]
pub struct LanguageForm {
    csrf: String,
    lang: String,
    next: Option<String>,
}

/// `POST /langue`: remembers the language in a cookie (and on the account when signed in).
async fn switch_language(
    State(state): State<AppState>,
    axum::Extension(ctx): axum::Extension<RequestCtx>,
    Form(form): Form<LanguageForm>,
) -> Response {
    let next = safe_next(form.next.as_deref());
    let Some(lang) = Lang::from_code(&form.lang).filter(|_| csrf_ok(&ctx, &form.csrf)) else {
        return Redirect::to(&next).into_response();
    };
    if let Some(user) = &ctx.user {
        if let Err(e) = accounts::service::set_language(&state, user, lang).await {
            tracing::error!(error = %e, "saving the language");
        }
    }
    let secure = if state.config.https() { "; Secure" } else { "" };
    let mut response = Redirect::to(&next).into_response();
    if let Ok(v) =
        HeaderValue::from_str(&format!("{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}", lang.code()))
    {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        assert_eq!(origin_of("https://ville.example.fr/"), "https://ville.example.fr");
        assert_eq!(origin_of("http://127.0.0.1:3000"), "http://127.0.0.1:3000");
    }
}
