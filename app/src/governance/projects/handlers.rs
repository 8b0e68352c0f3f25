//! The staff forms' posts of project follow-up (Post/Redirect/Get: they work without JavaScript). Each goes back
//! to the page it came from with a notice, or with its errors and the values typed.

use super::paths::{self, FROM_BUDGET, NEW};
use super::rules::{NewProjectForm, UpdateForm};
use super::service;
use crate::ctx::RequestCtx;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::forms::CsrfForm;
use crate::web::forms::{form_refill, form_value, redirect_with_error, redirect_with_notice};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Extension, Router};
use std::future::Future;
use std::pin::Pin;
use tower_sessions::Session;

/// The project follow-up routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(FROM_BUDGET, post(follow_budget))
        .route(NEW, post(start))
        .route(paths::ACT.template(), post(project_post))
}

type Pairs = Vec<(String, String)>;

/// Runs a staff post (its token checked by [`CsrfForm`]): the use case, then back to `ok` with `notice`, or to
/// `back` with the errors and what was typed.
async fn finish<F>(session: &Session, pairs: &Pairs, back: &str, notice: &str, run: F) -> Response
where
    F: std::future::Future<Output = Result<String, AppError>>,
{
    match run.await {
        Ok(to) => redirect_with_notice(session, &to, notice).await,
        Err(e) => redirect_with_error(session, back, e, form_refill(pairs)).await,
    }
}

async fn follow_budget(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(pairs): CsrfForm<Pairs>,
) -> Response {
    let slug = form_value(&pairs, "slug").to_string();
    let back = crate::budgets::paths::page(&slug);
    let run = async { service::follow_budget(&state, ctx.user.as_ref(), &slug).await.map(paths::page) };
    finish(&session, &pairs, &back, "notice-project-started", run).await
}

async fn start(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(pairs): CsrfForm<Pairs>,
) -> Response {
    let v = |k| form_value(&pairs, k).to_string();
    let form = NewProjectForm { title: v("title"), summary: v("summary"), voted: v("voted") };
    let kind = if v("kind") == "parent" { "parent" } else { "decision" };
    let id = v("id").parse::<i64>().unwrap_or(0);
    let back = format!("{NEW}?{kind}={id}");
    let run = async { service::start(&state, ctx.user.as_ref(), kind, id, &form).await.map(paths::page) };
    finish(&session, &pairs, &back, "notice-project-started", run).await
}

type Run<'a> = Pin<Box<dyn Future<Output = Result<(), AppError>> + Send + 'a>>;

fn boxed<'a>(run: impl Future<Output = Result<(), AppError>> + Send + 'a) -> Run<'a> {
    Box::pin(run)
}

/// The posts of a project's staff page (`/projets/{id}/{what}`): one handler, each form's fields read by name.
async fn project_post(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path((id, what)): Path<(i64, String)>,
    CsrfForm(pairs): CsrfForm<Pairs>,
) -> Response {
    let v = |k| form_value(&pairs, k);
    let actor = ctx.user.as_ref();
    let back = paths::manage(id);
    let form = UpdateForm {
        happened_on: v("happened_on").into(),
        status: v("status").into(),
        reason: v("reason").into(),
        progress: v("progress").into(),
        spent: v("spent").into(),
        note: v("note").into(),
    };
    let (notice, run) = match what.as_str() {
        "avancement" => ("notice-project-updated", boxed(service::update(&state, actor, id, &form))),
        "etapes" => (
            "notice-project-milestone",
            boxed(service::add_milestone(&state, actor, id, v("milestone_title"), v("milestone_due"))),
        ),
        "etape-atteinte" => (
            "notice-project-milestone-done",
            boxed(service::reach_milestone(&state, actor, id, v("milestone"), v("done_on"))),
        ),
        "liens" => (
            "notice-project-link",
            boxed(service::add_link(&state, actor, id, v("link_kind"), v("link_title"), v("link_url"))),
        ),
        "capteurs" => {
            ("notice-project-sensor", boxed(service::deliver_sensor(&state, actor, id, v("sensor_reference"))))
        }
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let to = back.clone();
    finish(&session, &pairs, &back, notice, async move { run.await.map(|()| to) }).await
}
