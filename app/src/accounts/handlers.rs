//! The accounts feature's form posts. Each reads the session and the form, calls `service`, and answers with a
//! redirect (Post/Redirect/Get): the next page shows the outcome, with or without JavaScript.

use super::paths::*;
use super::{service, Role};
use crate::ctx::RequestCtx;
use crate::error::{AppError, UserError};
use crate::state::AppState;
use crate::web::{check_csrf, client_ip, download, finish, redirect_with_error, safe_next, SESSION_USER};
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;
use std::convert::Infallible;
use std::net::SocketAddr;
use tower_sessions::Session;

/// The account routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(REGISTER, post(register))
        .route(LOGIN, post(login))
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
pub struct PeerAddr(Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for PeerAddr {
    type Rejection = Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(PeerAddr(parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0)))
    }
}

/// The sign-in page, coming back to `next` afterwards.
fn to_login(next: &str) -> Response {
    Redirect::to(&format!("{LOGIN}?suite={}", urlencoding::encode(next))).into_response()
}

fn parse_district(raw: &str) -> Result<Option<i64>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    raw.parse().map(Some).map_err(|_| AppError::user(UserError::field("district_id", "error-district-invalid")))
}

async fn sign_in(session: &Session, user_id: i64) -> Result<(), AppError> {
    // A new session id at sign-in: a session fixed by someone else before sign-in is worthless.
    session.cycle_id().await.map_err(|e| AppError::Internal(format!("session: {e}")))?;
    session.insert(SESSION_USER, user_id).await.map_err(|e| AppError::Internal(format!("session: {e}")))
}

async fn sign_out(session: &Session) {
    if let Err(e) = session.flush().await {
        tracing::error!(error = %e, "ending a session");
    }
}

fn with_token(path: &str, token: &str) -> String {
    format!("{path}?jeton={}", urlencoding::encode(token))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RegisterForm {
    csrf: String,
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
    Form(f): Form<RegisterForm>,
) -> Response {
    let values = vec![
        ("email", f.email.clone()),
        ("display_name", f.display_name.clone()),
        ("district_id", f.district_id.clone()),
    ];
    let result = async {
        check_csrf(&ctx, &f.csrf)?;
        let registration = service::Registration {
            email: f.email,
            display_name: f.display_name,
            password: f.password,
            password_confirm: f.password_confirm,
            district_id: parse_district(&f.district_id)?,
            language: ctx.lang,
        };
        let id = service::register(&state, registration).await?;
        sign_in(&session, id).await
    }
    .await;
    finish(&session, result, ACCOUNT, "notice-registered", REGISTER, values).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct LoginForm {
    csrf: String,
    email: String,
    password: String,
    next: String,
}

async fn login(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    PeerAddr(peer): PeerAddr,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let next = safe_next(Some(f.next.as_str()).filter(|n| !n.is_empty()));
    let back = if next == "/" { LOGIN.to_string() } else { format!("{LOGIN}?suite={}", urlencoding::encode(&next)) };
    let values = vec![("email", f.email.clone())];
    let ip = client_ip(&state, &headers, peer.map(ConnectInfo).as_ref());
    let result = async {
        check_csrf(&ctx, &f.csrf)?;
        let id = service::login(&state, &f.email, f.password, &ip).await?;
        sign_in(&session, id).await
    }
    .await;
    finish(&session, result, &next, "notice-signed-in", &back, values).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CsrfOnly {
    csrf: String,
}

async fn logout(Extension(ctx): Extension<RequestCtx>, session: Session, Form(f): Form<CsrfOnly>) -> Response {
    let result = check_csrf(&ctx, &f.csrf);
    if result.is_ok() {
        sign_out(&session).await;
    }
    finish(&session, result, "/", "notice-signed-out", ACCOUNT, vec![]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TokenForm {
    csrf: String,
    token: String,
}

async fn verify(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Form(f): Form<TokenForm>,
) -> Response {
    let result = async {
        check_csrf(&ctx, &f.csrf)?;
        service::verify_email(&state, &f.token).await.map(|_| ())
    }
    .await;
    let done = if ctx.user.is_some() { ACCOUNT } else { LOGIN };
    finish(&session, result, done, "notice-email-verified", &with_token(VERIFY, &f.token), vec![]).await
}

async fn resend(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Form(f): Form<CsrfOnly>,
) -> Response {
    let Some(user) = &ctx.user else {
        return to_login(ACCOUNT);
    };
    let result = async {
        check_csrf(&ctx, &f.csrf)?;
        service::resend_verification(&state, user).await
    }
    .await;
    finish(&session, result, ACCOUNT, "notice-verification-sent", ACCOUNT, vec![]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ForgotForm {
    csrf: String,
    email: String,
}

async fn forgot(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Form(f): Form<ForgotForm>,
) -> Response {
    let values = vec![("email", f.email.clone())];
    let result = async {
        check_csrf(&ctx, &f.csrf)?;
        service::request_password_reset(&state, &f.email, ctx.lang).await
    }
    .await;
    finish(&session, result, FORGOT, "notice-reset-sent", FORGOT, values).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ResetForm {
    csrf: String,
    token: String,
    password: String,
    password_confirm: String,
}

async fn reset(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Form(f): Form<ResetForm>,
) -> Response {
    let back = with_token(RESET, &f.token);
    let result = async {
        check_csrf(&ctx, &f.csrf)?;
        let id = service::reset_password(&state, &f.token, f.password, f.password_confirm).await?;
        sign_in(&session, id).await
    }
    .await;
    finish(&session, result, ACCOUNT, "notice-password-reset", &back, vec![]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ProfileForm {
    csrf: String,
    display_name: String,
    language: String,
    district_id: String,
}

async fn profile(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Form(f): Form<ProfileForm>,
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
        check_csrf(&ctx, &f.csrf)?;
        service::update_profile(&state, user, &f.display_name, &f.language, parse_district(&f.district_id)?).await
    }
    .await;
    finish(&session, result, ACCOUNT, "notice-profile-saved", ACCOUNT, values).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct PasswordForm {
    csrf: String,
    current_password: String,
    password: String,
    password_confirm: String,
}

async fn change_password(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Form(f): Form<PasswordForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return to_login(ACCOUNT);
    };
    let result = async {
        check_csrf(&ctx, &f.csrf)?;
        service::change_password(&state, user, f.current_password, f.password, f.password_confirm).await
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
    csrf: String,
    delete_password: String,
    confirm: String,
}

async fn delete(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Form(f): Form<DeleteForm>,
) -> Response {
    let Some(user) = &ctx.user else {
        return to_login(ACCOUNT);
    };
    let result = async {
        check_csrf(&ctx, &f.csrf)?;
        service::delete_account(&state, user, f.delete_password, f.confirm == "oui").await
    }
    .await;
    if result.is_ok() {
        sign_out(&session).await;
    }
    finish(&session, result, "/", "notice-account-deleted", ACCOUNT, vec![]).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RoleForm {
    csrf: String,
    user_id: i64,
    role: String,
    action: String,
    q: String,
}

async fn set_role(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Form(f): Form<RoleForm>,
) -> Response {
    if ctx.user.is_none() {
        return to_login(ADMIN_USERS);
    }
    let back =
        if f.q.is_empty() { ADMIN_USERS.to_string() } else { format!("{ADMIN_USERS}?q={}", urlencoding::encode(&f.q)) };
    let result = async {
        check_csrf(&ctx, &f.csrf)?;
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
