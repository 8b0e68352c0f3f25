//! The accounts feature's form posts. Each reads the session and the form, calls `service`, and answers with a
//! redirect (Post/Redirect/Get): the next page shows the outcome, with or without JavaScript.

use super::{service, Role};
use crate::ctx::RequestCtx;
use crate::error::{AppError, UserError};
use crate::state::AppState;
use crate::web::{client_ip, csrf_ok, download, redirect_with_error, redirect_with_notice, safe_next, SESSION_USER};
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Extension, Form, Router};
use serde::Deserialize;
use std::convert::Infallible;
use std::net::SocketAddr;
use tower_sessions::Session;

use super::paths::*;

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

fn csrf_error() -> AppError {
    AppError::user(UserError::general("error-csrf"))
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

fn to_login(next: &str) -> Response {
    Redirect::to(&format!("{LOGIN}?suite={}", urlencoding::encode(next))).into_response()
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
        if !csrf_ok(&ctx, &f.csrf) {
            return Err(csrf_error());
        }
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
    match result {
        Ok(()) => redirect_with_notice(&session, ACCOUNT, "notice-registered").await,
        Err(e) => redirect_with_error(&session, REGISTER, e, values).await,
    }
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
    let next = safe_next(Some(&f.next).filter(|n| !n.is_empty()).map(|n| n.as_str()));
    let back = if next == "/" { LOGIN.to_string() } else { format!("{LOGIN}?suite={}", urlencoding::encode(&next)) };
    let values = vec![("email", f.email.clone())];
    if !csrf_ok(&ctx, &f.csrf) {
        return redirect_with_error(&session, &back, csrf_error(), values).await;
    }
    let ip = client_ip(&state, &headers, peer.map(ConnectInfo).as_ref());
    let result = match service::login(&state, &f.email, f.password, &ip).await {
        Ok(id) => sign_in(&session, id).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => redirect_with_notice(&session, &next, "notice-signed-in").await,
        Err(e) => redirect_with_error(&session, &back, e, values).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CsrfOnly {
    csrf: String,
}

async fn logout(Extension(ctx): Extension<RequestCtx>, session: Session, Form(f): Form<CsrfOnly>) -> Response {
    if !csrf_ok(&ctx, &f.csrf) {
        return redirect_with_error(&session, ACCOUNT, csrf_error(), vec![]).await;
    }
    if let Err(e) = session.flush().await {
        tracing::error!(error = %e, "ending a session");
    }
    redirect_with_notice(&session, "/", "notice-signed-out").await
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
    let back = format!("{VERIFY}?jeton={}", urlencoding::encode(&f.token));
    if !csrf_ok(&ctx, &f.csrf) {
        return redirect_with_error(&session, &back, csrf_error(), vec![]).await;
    }
    match service::verify_email(&state, &f.token).await {
        Ok(_) => {
            let to = if ctx.user.is_some() { ACCOUNT } else { LOGIN };
            redirect_with_notice(&session, to, "notice-email-verified").await
        }
        Err(e) => redirect_with_error(&session, &back, e, vec![]).await,
    }
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
    let result =
        if csrf_ok(&ctx, &f.csrf) { service::resend_verification(&state, user).await } else { Err(csrf_error()) };
    match result {
        Ok(()) => redirect_with_notice(&session, ACCOUNT, "notice-verification-sent").await,
        Err(e) => redirect_with_error(&session, ACCOUNT, e, vec![]).await,
    }
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
    let result = if csrf_ok(&ctx, &f.csrf) {
        service::request_password_reset(&state, &f.email, ctx.lang).await
    } else {
        Err(csrf_error())
    };
    match result {
        Ok(()) => redirect_with_notice(&session, FORGOT, "notice-reset-sent").await,
        Err(e) => redirect_with_error(&session, FORGOT, e, values).await,
    }
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
    let back = format!("{RESET}?jeton={}", urlencoding::encode(&f.token));
    let result = async {
        if !csrf_ok(&ctx, &f.csrf) {
            return Err(csrf_error());
        }
        let id = service::reset_password(&state, &f.token, f.password, f.password_confirm).await?;
        sign_in(&session, id).await
    }
    .await;
    match result {
        Ok(()) => redirect_with_notice(&session, ACCOUNT, "notice-password-reset").await,
        Err(e) => redirect_with_error(&session, &back, e, vec![]).await,
    }
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
        if !csrf_ok(&ctx, &f.csrf) {
            return Err(csrf_error());
        }
        service::update_profile(&state, user, &f.display_name, &f.language, parse_district(&f.district_id)?).await
    }
    .await;
    match result {
        Ok(()) => redirect_with_notice(&session, ACCOUNT, "notice-profile-saved").await,
        Err(e) => redirect_with_error(&session, ACCOUNT, e, values).await,
    }
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
    let result = if csrf_ok(&ctx, &f.csrf) {
        service::change_password(&state, user, f.current_password, f.password, f.password_confirm).await
    } else {
        Err(csrf_error())
    };
    match result {
        Ok(()) => redirect_with_notice(&session, ACCOUNT, "notice-password-changed").await,
        Err(e) => redirect_with_error(&session, ACCOUNT, e, vec![]).await,
    }
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
    let result = if csrf_ok(&ctx, &f.csrf) {
        service::delete_account(&state, user, f.delete_password, f.confirm == "oui").await
    } else {
        Err(csrf_error())
    };
    match result {
        Ok(()) => {
            if let Err(e) = session.flush().await {
                tracing::error!(error = %e, "ending the deleted account's session");
            }
            redirect_with_notice(&session, "/", "notice-account-deleted").await
        }
        Err(e) => redirect_with_error(&session, ACCOUNT, e, vec![]).await,
    }
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
    let back =
        if f.q.is_empty() { ADMIN_USERS.to_string() } else { format!("{ADMIN_USERS}?q={}", urlencoding::encode(&f.q)) };
    if ctx.user.is_none() {
        return to_login(ADMIN_USERS);
    }
    let result = async {
        if !csrf_ok(&ctx, &f.csrf) {
            return Err(csrf_error());
        }
        let role =
            Role::from_code(&f.role).ok_or_else(|| AppError::user(UserError::field("role", "error-role-invalid")))?;
        service::set_role(&state, ctx.user.as_ref(), f.user_id, role, f.action == "grant").await
    }
    .await;
    match result {
        Ok(()) => redirect_with_notice(&session, &back, "notice-role-changed").await,
        Err(AppError::Forbidden) => (axum::http::StatusCode::FORBIDDEN, "forbidden").into_response(),
        Err(e) => redirect_with_error(&session, &back, e, vec![]).await,
    }
}
