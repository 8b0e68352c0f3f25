//! The consultations' form posts (answered with Post/Redirect/Get, so everything works without JavaScript)
//! and the results export.

use super::paths::*;
use super::rules::ConsultationForm;
use super::service;
use crate::ctx::RequestCtx;
use crate::error::AppError;
use crate::state::AppState;
use crate::web::forms::CsrfForm;
use crate::web::forms::{finish, form_refill, form_value, redirect_with_error, redirect_with_notice, respond};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use tower_sessions::Session;

/// The consultation routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(NEW, post(create))
        .route(EDIT.template(), post(update))
        .route(PHASE.template(), post(move_to))
        .route(COMMENT.template(), post(comment))
        .route(VOTE.template(), post(vote))
        .route(RESULTS_CSV.template(), get(results_csv))
        .route(COMMENT_EDIT.template(), post(edit_comment))
        .route(COMMENT_DELETE.template(), post(delete_comment))
        .route(COMMENT_SUPPORT.template(), post(support))
        .route(PROPOSALS, post(propose))
        .route(PROPOSAL_REVIEW.template(), post(review_proposal))
}

/// The form's fields and its chosen districts (a repeated field).
fn form_of(pairs: &[(String, String)]) -> (ConsultationForm, Vec<String>) {
    let v = |k| form_value(pairs, k).to_string();
    let form = ConsultationForm {
        title: v("title"),
        question: v("question"),
        body: v("body"),
        domain: v("domain"),
        use_purpose: v("use_purpose"),
        use_benefits: v("use_benefits"),
        use_data: v("use_data"),
        use_retention: v("use_retention"),
        planned_sensors: v("planned_sensors"),
        sensors: v("sensors"),
        opens_on: v("opens_on"),
        closes_on: v("closes_on"),
        districts_only: v("districts_only"),
        results_hidden: v("results_hidden"),
        documents: v("documents"),
        voters: v("voters"),
        min_age: v("min_age"),
    };
    let districts = pairs.iter().filter(|(k, _)| k == "districts").map(|(_, v)| v.clone()).collect();
    (form, districts)
}

async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let (form, districts) = form_of(&pairs);
    let result = async { service::create(&state, ctx.user.as_ref(), &form, &districts).await }.await;
    match result {
        Ok(slug) => redirect_with_notice(&session, &page(&slug), "notice-consultation-created").await,
        Err(e) => redirect_with_error(&session, NEW, e, form_refill(&pairs)).await,
    }
}

async fn update(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let (form, districts) = form_of(&pairs);
    let result = async { service::update(&state, ctx.user.as_ref(), &slug, &form, &districts).await }.await;
    finish(&session, result, &page(&slug), "notice-consultation-saved", &edit(&slug), form_refill(&pairs)).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct PhaseForm {
    to: String,
}

async fn move_to(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(f): CsrfForm<PhaseForm>,
) -> Response {
    let result = async { service::move_to(&state, ctx.user.as_ref(), &slug, &f.to).await.map(|_| ()) }.await;
    let here = page(&slug);
    finish(&session, result, &here, "notice-consultation-phase", &here, vec![]).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct CommentForm {
    body: String,
    alignment: String,
    parent: String,
}

async fn comment(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    headers: HeaderMap,
    Path(slug): Path<String>,
    CsrfForm(f): CsrfForm<CommentForm>,
) -> Response {
    let result = async {
        let parent = match f.parent.trim() {
            "" => None,
            p => Some(p.parse::<i64>().map_err(|_| AppError::NotFound)?),
        };
        service::comment(&state, ctx.user.as_ref(), &slug, parent, &f.body, &f.alignment).await
    }
    .await;
    let here = page(&slug);
    let done = match &result {
        Ok(id) => super::paths::comment(&slug, *id),
        Err(_) => here.clone(),
    };
    // A reply's errors are shown in the summary; the top form is filled again.
    let values =
        if f.parent.is_empty() { vec![("body", f.body.clone()), ("alignment", f.alignment.clone())] } else { vec![] };
    let back = format!("{here}#commenter");
    respond(&session, &ctx, &headers, result.map(|_| ()), &done, "notice-comment-posted", &back, values).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct VoteForm {
    choice: String,
}

async fn vote(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    headers: HeaderMap,
    Path(slug): Path<String>,
    CsrfForm(f): CsrfForm<VoteForm>,
) -> Response {
    let result = async {
        service::vote(&state, ctx.user.as_ref(), &slug, &f.choice, crate::participation::Channel::of(&ctx))
            .await
            .map(|_| ())
    }
    .await;
    let here = format!("{}#voter", page(&slug));
    respond(&session, &ctx, &headers, result, &here, "notice-vote-saved", &here, vec![]).await
}

async fn edit_comment(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<CommentForm>,
) -> Response {
    let result = async { service::edit_comment(&state, ctx.user.as_ref(), id, &f.body, &f.alignment).await }.await;
    comment_outcome(&state, &session, &ctx, &headers, id, result, "notice-comment-edited").await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct SimpleForm {
    on: String,
}

async fn delete_comment(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<i64>,
    CsrfForm(_f): CsrfForm<SimpleForm>,
) -> Response {
    let result = async { service::delete_comment(&state, ctx.user.as_ref(), id).await }.await;
    comment_outcome(&state, &session, &ctx, &headers, id, result, "notice-comment-deleted").await
}

async fn support(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<SimpleForm>,
) -> Response {
    let result = async { service::support(&state, ctx.user.as_ref(), id, f.on != "0").await }.await;
    let notice = if f.on == "0" { "notice-support-removed" } else { "notice-support-added" };
    comment_outcome(&state, &session, &ctx, &headers, id, result, notice).await
}

/// Back to the comment on its consultation's page, with the notice or the error (or the outcome as JSON).
async fn comment_outcome(
    state: &AppState,
    session: &Session,
    ctx: &RequestCtx,
    headers: &HeaderMap,
    id: i64,
    result: Result<String, AppError>,
    notice: &str,
) -> Response {
    let here = match &result {
        Ok(slug) => super::paths::comment(slug, id),
        Err(_) => service::comment_page(state, id).await.unwrap_or_else(|_| LIST.to_string()),
    };
    respond(session, ctx, headers, result.map(|_| ()), &here, notice, &here, vec![]).await
}

async fn propose(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<super::rules::ProposalForm>,
) -> Response {
    let result = async { super::proposals::submit(&state, ctx.user.as_ref(), &f).await }.await;
    match result {
        Ok(id) => {
            redirect_with_notice(&session, &format!("{PROPOSALS}#proposition-{id}"), "notice-proposal-sent").await
        }
        Err(e) => {
            let values = vec![
                ("title", f.title.clone()),
                ("body", f.body.clone()),
                ("domain", f.domain.clone()),
                ("district_id", f.district_id.clone()),
            ];
            redirect_with_error(&session, PROPOSALS, e, values).await
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ReviewForm {
    decision: String,
    reason: String,
}

async fn review_proposal(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<ReviewForm>,
) -> Response {
    let result = async {
        let accept = match f.decision.as_str() {
            "accept" => true,
            "decline" => false,
            _ => return Err(AppError::user(crate::error::UserError::field("decision", "error-choose-from-list"))),
        };
        super::proposals::review(&state, ctx.user.as_ref(), id, accept, &f.reason).await
    }
    .await;
    match result {
        Ok(Some(slug)) => redirect_with_notice(&session, &edit(&slug), "notice-proposal-accepted").await,
        Ok(None) => redirect_with_notice(&session, PROPOSALS, "notice-proposal-declined").await,
        Err(e) => redirect_with_error(&session, &format!("{PROPOSALS}#proposition-{id}"), e, vec![]).await,
    }
}

/// Public once results may be shown (never for a draft), so it needs no session: like every address ending
/// in a file name, it is served outside the page context.
async fn results_csv(State(state): State<AppState>, Path(slug): Path<String>) -> Response {
    match service::results_csv(&state, None, &slug).await {
        Ok(body) => crate::web::forms::download(&format!("{slug}-resultats.csv"), "text/csv; charset=utf-8", body),
        Err(AppError::NotFound) => axum::http::StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "results export");
            axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
