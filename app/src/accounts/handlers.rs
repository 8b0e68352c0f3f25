//! The accounts feature's form posts. Each reads the session and the form, calls `service`, and answers with a
//! redirect (Post/Redirect/Get): the next page shows the outcome, with or without JavaScript.

use super::paths::*;
use super::{service, Role};
use crate::ctx::RequestCtx;
use crate::error::{AppError, UserError};
use crate::state::AppState;
use crate::web::forms::CsrfForm;
use crate::web::forms::{
    client_ip, cookie, download, finish, redirect_with_error, redirect_with_notice, safe_next, SESSION_SINCE,
    SESSION_USER,
};
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde::Deserialize;
use std::convert::Infallible;
use std::net::SocketAddr;
use tower_sessions::Session;

/// The account routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(REGISTER, post(register))
        .route(LOGIN, post(login))
        .route(SEND_SIGN_IN_LINK, post(send_sign_in_link))
        .route(LINK_SIGN_IN, post(link_sign_in))
        .route(LOGOUT, post(logout))
        .route(VERIFY, post(verify))
        .route(RESEND, post(resend))
        .route(FORGOT, post(forgot))
        .route(RESET, post(reset))
        .route(PROFILE, post(profile))
        .route(PASSWORD, post(change_password))
        .route(EXPORT, get(export))
        .route(DELETE, post(delete))
        .route(ADMIN_ROLES, post(set_role))
}

/// The peer address, when the server was started with connection info (tests may not have it).
pub struct PeerAddr(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for PeerAddr {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(PeerAddr(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)))
    }
}

/// The sign-in page, coming back to `next` afterwards.
fn to_login(next: &str) -> Response {
    Redirect::to(&format!("{LOGIN}?suite={}", crate::text::percent_encode(next))).into_response()
}

fn parse_district(raw: &str) -> Result<Option<i64>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse().map(Some).map_err(|_| AppError::user(UserError::field("district_id", "error-district-invalid")))
}

async fn sign_in(session: &Session, user_id: i64) -> Result<(), AppError> {
    sign_in_at(session, user_id, service::session_clock()).await
}

/// Signs the session in as `user_id` from now, in a new session id (for the features that sign people in
/// another way: OpenID Connect).
pub async fn open_session(session: &Session, user_id: i64) -> Result<(), AppError> {
    sign_in(session, user_id).await
}

/// Signs the session in as counting from `since` (Unix ms, [`service::session_clock`]).
async fn sign_in_at(session: &Session, user_id: i64, since: i64) -> Result<(), AppError> {
    // A new session id at sign-in: a session fixed by someone else before sign-in is worthless.
    session.cycle_id().await.map_err(|e| AppError::Internal(format!("session: {e}")))?;
    session.insert(SESSION_USER, user_id).await.map_err(|e| AppError::Internal(format!("session: {e}")))?;
    session.insert(SESSION_SINCE, since).await.map_err(|e| AppError::Internal(format!("session: {e}")))
}

/// Marks the session as signed in now: sessions ended before (by a password change made from this one, an
/// address verified from it) stay ended, this one goes on.
async fn stamp(session: &Session) -> Result<(), AppError> {
    session
        .insert(SESSION_SINCE, service::session_clock())
        .await
        .map_err(|e| AppError::Internal(format!("session: {e}")))
}

async fn sign_out(session: &Session) {
    if let Err(e) = session.flush().await {
        tracing::error!(error = %e, "ending a session");
    }
}

fn with_token(path: &str, token: &str) -> String {
    format!("{path}?jeton={}", crate::text::percent_encode(token))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RegisterForm {
    email: String,
    display_name: String,
    password: String,
    password_confirm: String,
    district_id: String,
}

async fn register(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
    CsrfForm(f): CsrfForm<RegisterForm>,
) -> Response {
    let ip = client_ip(&state, &headers, peer.map(ConnectInfo).as_ref());
    let values = vec![
        ("email", f.email.clone()),
        ("display_name", f.display_name.clone()),
        ("district_id", f.district_id.clone()),
    ];
    let result = async {
        let registration = service::Registration {
            email: f.email,
            display_name: f.display_name,
            password: f.password,
            password_confirm: f.password_confirm,
            district_id: parse_district(&f.district_id)?,
            language: ctx.lang,
        };
        let id = service::register(&state, registration, &ip).await?;
        sign_in(&session, id).await
    }
    .await;
    finish(&session, result, ACCOUNT, "notice-registered", REGISTER, values).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginForm {
    email: String,
    password: String,
    next: String,
}

async fn login(
    State(state): State<AppState>,
    session: Session,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
    CsrfForm(f): CsrfForm<LoginForm>,
) -> Response {
    let next = safe_next(Some(f.next.as_str()).filter(|n| !n.is_empty()));
    let back =
        if next == "/" { LOGIN.to_string() } else { format!("{LOGIN}?suite={}", crate::text::percent_encode(&next)) };
    let values = vec![("email", f.email.clone())];
    let ip = client_ip(&state, &headers, peer.map(ConnectInfo).as_ref());
    let token = cookie(&headers, CLIENT_COOKIE);
    let client = service::Client { ip: &ip, token: token.as_deref(), trusted: false };
    let result = async {
        let signed = service::login(&state, &f.email, f.password, client).await?;
        // The session counts from the account's epoch read with the password: if the account's sessions are
        // ended while the (slow) check runs — the owner verifying the address and dropping a squatter's
        // password — this one ends with them instead of outliving the password it was opened with (found by
        // the second attack pass; a clock taken before the check still lost to a verification committing late).
        let since = signed.since.unwrap_or_else(service::session_clock);
        sign_in_at(&session, signed.user_id, since).await?;
        Ok(signed.client_token)
    }
    .await;
    with_client_cookie(&state, result, |r| finish(&session, r, &next, "notice-signed-in", &back, values)).await
}

/// The cookie that makes a browser known to the accounts that signed in from it (only its hash is stored):
/// the sign-in throttle holds a known client only by its own failures.
pub const CLIENT_COOKIE: &str = "clairvoie_client";

/// Ends a sign-in with `finish` and, when the client was new to the account, gives it the known-client cookie.
async fn with_client_cookie<F, Fut>(state: &AppState, result: Result<Option<String>, AppError>, finish: F) -> Response
where
    F: FnOnce(Result<(), AppError>) -> Fut,
    Fut: std::future::Future<Output = Response>,
{
    let (result, token) = match result {
        Ok(token) => (Ok(()), token),
        Err(e) => (Err(e), None),
    };
    let mut response = finish(result).await;
    if let Some(token) = token {
        let secure = if state.config.https() { "; Secure" } else { "" };
        let value = format!("{CLIENT_COOKIE}={token}; Path=/compte; Max-Age=31536000; HttpOnly; SameSite=Lax{secure}");
        if let Ok(v) = axum::http::HeaderValue::from_str(&value) {
            response.headers_mut().append(axum::http::header::SET_COOKIE, v);
        }
    }
    response
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LinkForm {
    link_email: String,
}

/// `POST /compte/lien-de-connexion`: mails a sign-in link; the answer is the same whether the address has an
/// account or not.
async fn send_sign_in_link(
    State(state): State<AppState>,
    session: Session,
    CsrfForm(f): CsrfForm<LinkForm>,
) -> Response {
    let values = vec![("link_email", f.link_email.clone())];
    let result = async { service::request_sign_in_link(&state, &f.link_email).await }
        .await
        // The form sits under the sign-in form on the same page: its address field has its own name.
        .map_err(|e| match e {
            AppError::Invalid(errors) => AppError::Invalid(
                errors
                    .into_iter()
                    .map(|mut e| {
                        if e.field.as_deref() == Some("email") {
                            e.field = Some("link_email".into());
                        }
                        e
                    })
                    .collect(),
            ),
            other => other,
        });
    finish(&session, result, LOGIN, "notice-sign-in-link-sent", LOGIN, values).await
}

/// `POST /compte/connexion-par-lien`: signs in with a mailed link's token.
async fn link_sign_in(
    State(state): State<AppState>,
    session: Session,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
    CsrfForm(f): CsrfForm<TokenForm>,
) -> Response {
    let ip = client_ip(&state, &headers, peer.map(ConnectInfo).as_ref());
    let token = cookie(&headers, CLIENT_COOKIE);
    let client = service::Client { ip: &ip, token: token.as_deref(), trusted: false };
    let back = with_token(LINK_SIGN_IN, &f.token);
    let mut choose_password = None;
    let result = async {
        let (signed, choose) = service::sign_in_with_link(&state, &f.token, client).await?;
        sign_in(&session, signed.user_id).await?;
        choose_password = choose;
        Ok(signed.client_token)
    }
    .await;
    let (session, choose, back) = (&session, choose_password.as_deref(), &back);
    with_client_cookie(&state, result, move |r| async move {
        match (r, choose) {
            (Ok(()), Some(token)) => choose_password_now(session, token).await,
            (r, _) => finish(session, r, ACCOUNT, "notice-signed-in", back, vec![]).await,
        }
    })
    .await
}

/// After an account's first verification outside the registrant's session: on to choosing its password.
async fn choose_password_now(session: &Session, token: &str) -> Response {
    redirect_with_notice(session, &with_token(RESET, token), "notice-choose-password").await
}

/// A form with no field but its token.
#[derive(Deserialize, Default)]
struct NoFields {}

async fn logout(session: Session, _: CsrfForm<NoFields>) -> Response {
    sign_out(&session).await;
    finish(&session, Ok(()), "/", "notice-signed-out", ACCOUNT, vec![]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TokenForm {
    token: String,
}

async fn verify(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<TokenForm>,
) -> Response {
    let result = async {
        let verified = service::verify_email(&state, &f.token, ctx.user.as_ref().map(|u| u.id)).await?;
        // The link's owner, signed in on this very account, keeps this session; every other one ended.
        if ctx.user.as_ref().is_some_and(|u| u.id == verified.user_id) {
            stamp(&session).await?;
        }
        Ok(verified.choose_password)
    }
    .await;
    let done = if ctx.user.is_some() { ACCOUNT } else { LOGIN };
    match result {
        Ok(Some(token)) => choose_password_now(&session, &token).await,
        other => {
            let result = other.map(|_| ());
            finish(&session, result, done, "notice-email-verified", &with_token(VERIFY, &f.token), vec![]).await
        }
    }
}

async fn resend(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    _: CsrfForm<NoFields>,
) -> Response {
    let Some(user) = &ctx.user else {
        return to_login(ACCOUNT);
    };
    let result = service::resend_verification(&state, user).await;
    finish(&session, result, ACCOUNT, "notice-verification-sent", ACCOUNT, vec![]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ForgotForm {
    email: String,
}

async fn forgot(State(state): State<AppState>, session: Session, CsrfForm(f): CsrfForm<ForgotForm>) -> Response {
    let values = vec![("email", f.email.clone())];
    let result = async { service::request_password_reset(&state, &f.email).await }.await;
    finish(&session, result, FORGOT, "notice-reset-sent", FORGOT, values).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ResetForm {
    token: String,
    password: String,
    password_confirm: String,
}

async fn reset(State(state): State<AppState>, session: Session, CsrfForm(f): CsrfForm<ResetForm>) -> Response {
    let back = with_token(RESET, &f.token);
    let result = async {
        let id = service::reset_password(&state, &f.token, f.password, f.password_confirm).await?;
        sign_in(&session, id).await
    }
    .await;
    finish(&session, result, ACCOUNT, "notice-password-reset", &back, vec![]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ProfileForm {
    display_name: String,
    language: String,
    district_id: String,
}

async fn profile(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<ProfileForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return to_login(ACCOUNT);
    };
    let values = vec![
        ("display_name", f.display_name.clone()),
        ("language", f.language.clone()),
        ("district_id", f.district_id.clone()),
    ];
    let result = async {
        service::update_profile(&state, user, &f.display_name, &f.language, parse_district(&f.district_id)?).await
    }
    .await;
    finish(&session, result, ACCOUNT, "notice-profile-saved", ACCOUNT, values).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordForm {
    current_password: String,
    password: String,
    password_confirm: String,
}

async fn change_password(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
    CsrfForm(f): CsrfForm<PasswordForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return to_login(ACCOUNT);
    };
    let ip = client_ip(&state, &headers, peer.map(ConnectInfo).as_ref());
    let client = service::Client { ip: &ip, token: None, trusted: true };
    let result = async {
        service::change_password(&state, user, f.current_password, f.password, f.password_confirm, client).await?;
        stamp(&session).await
    }
    .await;
    finish(&session, result, ACCOUNT, "notice-password-changed", ACCOUNT, vec![]).await
}

async fn export(State(state): State<AppState>, Extension(ctx): Extension<RequestCtx>, session: Session) -> Response {
    let Some(user) = &ctx.user else {
        return to_login(EXPORT);
    };
    match service::export_data(&state, user.id).await {
        Ok(data) => download(
            "clairvoie-mes-donnees.json",
            "application/json; charset=utf-8",
            serde_json::to_string_pretty(&data).unwrap_or_default(),
        ),
        Err(e) => redirect_with_error(&session, ACCOUNT, e, vec![]).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct DeleteForm {
    delete_password: String,
    confirm: String,
}

async fn delete(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
    CsrfForm(f): CsrfForm<DeleteForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return to_login(ACCOUNT);
    };
    let ip = client_ip(&state, &headers, peer.map(ConnectInfo).as_ref());
    let client = service::Client { ip: &ip, token: None, trusted: true };
    let result =
        async { service::delete_account(&state, user, f.delete_password, f.confirm == "oui", client).await }.await;
    if result.is_ok() {
        sign_out(&session).await;
    }
    finish(&session, result, "/", "notice-account-deleted", ACCOUNT, vec![]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RoleForm {
    user_id: i64,
    role: String,
    action: String,
    q: String,
}

async fn set_role(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<RoleForm>,
) -> Response {
    if ctx.user.is_none() {
        return to_login(ADMIN_USERS);
    }
    let back = if f.q.is_empty() {
        ADMIN_USERS.to_string()
    } else {
        format!("{ADMIN_USERS}?q={}", crate::text::percent_encode(&f.q))
    };
    let result = async {
        let role =
            Role::from_code(&f.role).ok_or_else(|| AppError::user(UserError::field("role", "error-role-invalid")))?;
        service::set_role(&state, ctx.user.as_ref(), f.user_id, role, f.action == "grant").await
    }
    .await;
    match result {
        // Not a form mistake to correct: a plain refusal.
        Err(AppError::Forbidden) => (StatusCode::FORBIDDEN, "forbidden").into_response(),
        other => finish(&session, other, &back, "notice-role-changed", &back, vec![]).await,
    }
}
