//! The kiosks' form posts (Post/Redirect/Get, no JavaScript needed), the kiosk credential cookie and the
//! visit a desk code opens. `visit_guard` runs on every request: it ends a visit that outlived its kiosk's idle
//! time or moved to another browser, and never lets an ordinary sign-in live on a kiosk.

use super::paths::{
    self, ADMIN, CODE, DESK, DESK_ACCOUNT, DESK_HELP, DESK_RESIDENCE, DESK_RESIDENT, END, HOLDER_CODE, HOME, PAIR,
};
use super::rules::{self, DeskResidentForm, KioskForm};
use super::{service, KioskInfo, KIOSK_COOKIE};
use crate::ctx::RequestCtx;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::forms::CsrfForm;
use crate::web::forms::{
    form_refill, form_value, redirect_with_error, redirect_with_notice, redirect_with_notice_args, SESSION_SINCE,
    SESSION_USER,
};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use axum::{Extension, Router};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

/// Session key of a kiosk visit opened with a desk code.
pub const SESSION_VISIT: &str = "kiosk_visit";

/// A visit opened with a desk code: on which kiosk, last active when.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct Visit {
    /// The kiosk's id.
    pub kiosk: i64,
    /// Last request (Unix seconds).
    pub last: i64,
}

/// The kiosk, desk and kiosk-administration routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(PAIR, post(pair))
        .route(CODE, post(code))
        .route(END, post(end))
        .route(HOLDER_CODE, post(holder_code))
        .route(paths::ACTIVE, post(active))
        .route(paths::CONSULTATION.template(), post(vote))
        .route(DESK_ACCOUNT, post(desk_account))
        .route(DESK_RESIDENT, post(desk_resident))
        .route(DESK_HELP, post(desk_help))
        .route(DESK_RESIDENCE, post(desk_residence))
        .route(paths::DESK_RESIDENCE_CONFIRM.template(), post(desk_residence_confirm))
        .route(ADMIN, post(create))
        .route(paths::ADMIN_ACTION.template(), post(admin_action))
}

/// What the request's session means on this browser: whether a signed-in person may stay signed in, and
/// whether they came with a desk code. Ends the session when it must not go on (see the module's doc).
pub async fn visit_guard(session: &Session, kiosk: Option<&KioskInfo>, now: i64) -> (bool, bool) {
    let visit = session.get::<Visit>(SESSION_VISIT).await.ok().flatten();
    let signed_in = session.get::<i64>(SESSION_USER).await.ok().flatten().is_some();
    let keep = match (kiosk, visit) {
        (None, None) => return (true, false),
        // A visit belongs to its kiosk, and lasts while someone uses it.
        (Some(k), Some(v)) if v.kiosk == k.id && !rules::visit_expired(v.last, now, k.idle_seconds) => {
            if let Err(e) = session.insert(SESSION_VISIT, Visit { kiosk: k.id, last: now }).await {
                tracing::error!(error = %e, "noting a kiosk visit's activity");
            }
            return (true, true);
        }
        // A paired kiosk carries no ordinary sign-in (someone who signed in there and walked away).
        (Some(_), None) => !signed_in,
        _ => false,
    };
    if !keep {
        if let Err(e) = session.flush().await {
            tracing::error!(error = %e, "ending a kiosk session");
        }
    }
    (keep, false)
}

fn kiosk_cookie(state: &AppState, credential: &str) -> Option<HeaderValue> {
    let secure = if state.config.https() { "; Secure" } else { "" };
    // Five years: a kiosk stays paired until an admin revokes it.
    HeaderValue::from_str(&format!(
        "{KIOSK_COOKIE}={credential}; Path=/; Max-Age=157680000; HttpOnly; SameSite=Lax{secure}"
    ))
    .ok()
}

async fn pair(
    State(state): State<AppState>,
    session: Session,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let result = async { service::pair(&state, form_value(&pairs, "code")).await }.await;
    match result {
        Ok(credential) => {
            // Whoever was signed in on this browser (the admin pairing it) is signed out: it is a kiosk now.
            if let Err(e) = session.flush().await {
                tracing::error!(error = %e, "ending the session of a browser being paired");
            }
            let mut response = redirect_with_notice(&session, HOME, "notice-kiosk-paired").await;
            if let Some(cookie) = kiosk_cookie(&state, &credential) {
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            response
        }
        Err(e) => redirect_with_error(&session, PAIR, e, vec![]).await,
    }
}

async fn code(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(kiosk) = ctx.kiosk.clone() else {
        return Redirect::to(PAIR).into_response();
    };
    let result = async {
        let user_id = service::redeem(&state, &kiosk, form_value(&pairs, "code")).await?;
        let internal = |e: tower_sessions::session::Error| AppError::Internal(format!("session: {e}"));
        // A new session for each visit: nothing of the previous visitor's carries over.
        session.flush().await.map_err(internal)?;
        session.cycle_id().await.map_err(internal)?;
        session.insert(SESSION_USER, user_id).await.map_err(internal)?;
        session.insert(SESSION_SINCE, crate::accounts::service::session_clock()).await.map_err(internal)?;
        session.insert(SESSION_VISIT, Visit { kiosk: kiosk.id, last: crate::db::now() }).await.map_err(internal)
    }
    .await;
    match result {
        Ok(()) => redirect_with_notice(&session, HOME, "notice-kiosk-welcome").await,
        Err(e) => redirect_with_error(&session, HOME, e, vec![]).await,
    }
}

/// "Terminer" and the idle reset. No CSRF check on purpose: ending a visit is always safe, and a kiosk whose
/// page lost its token must still be able to clear itself (the origin check still applies).
async fn end(session: Session) -> Response {
    if let Err(e) = session.flush().await {
        tracing::error!(error = %e, "ending a kiosk visit");
    }
    redirect_with_notice(&session, HOME, "notice-kiosk-ended").await
}

/// A visitor who does not remember their password asks for a one-time code at their account's address, to type
/// instead of it before replacing what they cast online; back to the page they came from.
async fn holder_code(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let back = Some(form_value(&pairs, "retour"))
        .filter(|b| crate::links::is_local_path(b) && b.len() <= 300)
        .unwrap_or(HOME)
        .to_string();
    let result = async {
        match (ctx.kiosk_visit, ctx.user.as_ref()) {
            (true, Some(visitor)) => crate::accounts::service::mail_holder_code(&state, visitor).await,
            _ => Err(AppError::user(crate::error::UserError::general("error-kiosk-visit-needed"))),
        }
    }
    .await;
    match result {
        Ok(()) => redirect_with_notice(&session, &back, "notice-holder-code-sent").await,
        Err(e) => redirect_with_error(&session, &back, e, vec![]).await,
    }
}

/// The kiosk's script says someone is still using it: the context layer has already noted the visit's activity.
async fn active() -> axum::http::StatusCode {
    axum::http::StatusCode::NO_CONTENT
}

async fn vote(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(slug): Path<String>,
    crate::accounts::handlers::PeerAddr(peer): crate::accounts::handlers::PeerAddr,
    headers: axum::http::HeaderMap,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let here = paths::consultation(&slug);
    let ip = crate::web::forms::client_ip(&state, &headers, peer.map(axum::extract::ConnectInfo).as_ref());
    // On a kiosk, a vote is cast only once its answer was shown and confirmed (a stray touch casts nothing):
    // without the confirmation, the visitor is sent to it.
    let chosen = crate::consultations::Choice::from_code(form_value(&pairs, "choice"));
    let confirm_page = match chosen {
        Some(c) => format!("{here}?choix={}", c.code()),
        None => here.clone(),
    };
    if ctx.kiosk_visit && form_value(&pairs, "confirm") != "yes" {
        return axum::response::Redirect::to(&confirm_page).into_response();
    }
    let result = async {
        let (choice, password) = (form_value(&pairs, "choice"), form_value(&pairs, "account_password"));
        if !ctx.kiosk_visit {
            // Signed in on an ordinary browser: an ordinary vote.
            return crate::consultations::service::vote(
                &state,
                ctx.user.as_ref(),
                &slug,
                choice,
                crate::participation::Channel::of(&ctx),
            )
            .await
            .map(|_| ());
        }
        service::vote(&state, ctx.user.as_ref(), &slug, choice, password, &ip).await
    }
    .await;
    match result {
        Ok(()) => redirect_with_notice(&session, &here, "notice-vote-saved").await,
        // The error shows beside the confirmation, the answer still chosen.
        Err(e) if ctx.kiosk_visit => redirect_with_error(&session, &confirm_page, e, vec![]).await,
        Err(e) => redirect_with_error(&session, &here, e, vec![]).await,
    }
}

async fn issued(
    session: &Session,
    ctx: &RequestCtx,
    result: Result<service::Issued, AppError>,
    back: Vec<(&str, String)>,
) -> Response {
    match result {
        Ok(i) => {
            let notice = if i.known_before { "notice-desk-code" } else { "notice-desk-code-new" };
            let until = crate::format::date_time(ctx.lang, i.expires_at);
            let args = vec![("code".into(), i.code), ("resident".into(), i.resident), ("until".into(), until)];
            redirect_with_notice_args(session, DESK, notice, args).await
        }
        Err(e) => redirect_with_error(session, DESK, e, back).await,
    }
}

async fn desk_account(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let result =
        async { service::issue_for_account(&state, ctx.user.as_ref(), form_value(&pairs, "email")).await }.await;
    issued(&session, &ctx, result, form_refill(&pairs)).await
}

async fn desk_resident(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let v = |k| form_value(&pairs, k).to_string();
    let form = DeskResidentForm { name: v("name"), birth_date: v("birth_date"), district: v("district") };
    let result = async { service::issue_for_resident(&state, ctx.user.as_ref(), &form, ctx.lang.code()).await }.await;
    issued(&session, &ctx, result, form_refill(&pairs)).await
}

async fn desk_residence(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    use crate::eligibility::service::{DeskCheck, DeskOutcome};
    let v = |k| form_value(&pairs, k).to_string();
    let check = DeskCheck {
        family_name: v("family_name"),
        given_names: v("given_names"),
        birth_date: v("birth_date"),
        postcode: v("postcode"),
        district: v("district"),
    };
    match service::verify_residence(&state, ctx.user.as_ref(), form_value(&pairs, "email"), &check).await {
        Ok((name, outcome)) => {
            let key = match outcome {
                DeskOutcome::Register => "notice-desk-checked-register",
                DeskOutcome::Declared => "notice-desk-checked-declared",
            };
            redirect_with_notice_args(&session, DESK_RESIDENCE, key, vec![("name".into(), name)]).await
        }
        Err(e) => redirect_with_error(&session, DESK_RESIDENCE, e, form_refill(&pairs)).await,
    }
}

async fn desk_residence_confirm(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(id): Path<i64>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Response {
    match crate::eligibility::service::confirm_desk_check(&state, ctx.user.as_ref(), id).await {
        Ok(()) => redirect_with_notice(&session, DESK_RESIDENCE, "notice-desk-verified").await,
        Err(e) => redirect_with_error(&session, DESK_RESIDENCE, e, vec![]).await,
    }
}

async fn desk_help(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let (channel, help) = (form_value(&pairs, "channel"), form_value(&pairs, "help"));
        service::record_help(&state, ctx.user.as_ref(), channel, help).await
    }
    .await;
    match result {
        Ok(()) => redirect_with_notice(&session, DESK, "notice-desk-help").await,
        Err(e) => redirect_with_error(&session, DESK, e, form_refill(&pairs)).await,
    }
}

async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let v = |k| form_value(&pairs, k).to_string();
    let form = KioskForm {
        name: v("name"),
        place: v("place"),
        latitude: v("latitude"),
        longitude: v("longitude"),
        idle_seconds: v("idle_seconds"),
    };
    let result = async { service::create(&state, ctx.user.as_ref(), &form).await }.await;
    match result {
        Ok((_, code)) => {
            let args = vec![("name".into(), form.name.trim().to_string()), ("code".into(), rules::display(&code))];
            redirect_with_notice_args(&session, ADMIN, "notice-kiosk-created", args).await
        }
        Err(e) => redirect_with_error(&session, ADMIN, e, form_refill(&pairs)).await,
    }
}

async fn admin_action(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path((id, action)): Path<(i64, String)>,
    CsrfForm(_pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let user = ctx.user.as_ref();
    match action.as_str() {
        "appairer" => match service::new_pairing(&state, user, id).await {
            Ok(code) => {
                let args = vec![("code".into(), rules::display(&code))];
                redirect_with_notice_args(&session, ADMIN, "notice-kiosk-pairing", args).await
            }
            Err(e) => redirect_with_error(&session, ADMIN, e, vec![]).await,
        },
        "revoquer" => match service::revoke(&state, user, id).await {
            Ok(()) => redirect_with_notice(&session, ADMIN, "notice-kiosk-revoked").await,
            Err(e) => redirect_with_error(&session, ADMIN, e, vec![]).await,
        },
        _ => redirect_with_error(&session, ADMIN, AppError::NotFound, vec![]).await,
    }
}
