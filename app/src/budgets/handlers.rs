//! The budgets' HTTP routes: every form post of the budget's life (answered with Post/Redirect/Get, so all of
//! it works without JavaScript) and the published ballots and outcome in pabulib format.

use super::form::BudgetForm;
use super::paths::*;
use super::voting::ProjectForm;
use super::{paper, service, voting, Phase, ProjectStatus};
use crate::ctx::RequestCtx;
use crate::error::{AppError, UserError};
use crate::state::AppState;
use crate::web::forms::CsrfForm;
use crate::web::forms::{
    check_csrf, finish, form_refill, form_value, redirect_with_error, redirect_with_notice, redirect_with_notice_args,
};
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use tower_sessions::Session;

/// The budget routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(EXPORT.template(), get(export))
        .route(NEW, post(create))
        .route(PHASE.template(), post(move_to))
        .route(PROPOSE.template(), post(propose).layer(DefaultBodyLimit::max(PROPOSAL_LIMIT)))
        .route(IMAGE.template(), get(image))
        .route(REVIEW.template(), post(review))
        .route(BALLOT.template(), post(vote))
        .route(PAPER.template(), post(open_batch))
        .route(PAPER_VOTER.template(), post(mark_voter))
        .route(PAPER_EXPLAIN.template(), post(explain))
        .route(BATCH.template(), post(enter))
        .route(BATCH_RESOLVE.template(), post(resolve))
        .route(BATCH_COUNT.template(), post(count_batch))
}

/// Which envelope to export (`?enveloppe=ID`; the first when absent).
#[derive(serde::Deserialize)]
struct Which {
    enveloppe: Option<i64>,
}

async fn export(State(state): State<AppState>, Path(slug): Path<String>, Query(which): Query<Which>) -> Response {
    match service::export_pabulib(&state.db, &slug, which.enveloppe).await {
        Ok(body) => crate::web::forms::download(&format!("{slug}.pb"), "text/plain; charset=utf-8", body),
        Err(AppError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "budget export");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn create(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let v = |k| form_value(&pairs, k).to_string();
    let form = BudgetForm {
        title: v("title"),
        body: v("body"),
        amount: v("amount"),
        districts: v("districts"),
        ballot_kind: v("ballot_kind"),
        min_choices: v("min_choices"),
        max_choices: v("max_choices"),
        min_spend_pct: v("min_spend_pct"),
        max_points: v("max_points"),
        max_points_each: v("max_points_each"),
        rule: v("rule"),
        min_score: v("min_score"),
        proposals_until: v("proposals_until"),
        voting_from: v("voting_from"),
        voting_until: v("voting_until"),
        voters: v("voters"),
        min_age: v("min_age"),
    };
    let result = async { voting::create(&state, ctx.user.as_ref(), &form).await }.await;
    match result {
        Ok(slug) => redirect_with_notice(&session, &page(&slug), "notice-budget-created").await,
        Err(e) => redirect_with_error(&session, NEW, e, form_refill(&pairs)).await,
    }
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
    let result = async {
        let to =
            Phase::from_code(&f.to).ok_or_else(|| AppError::user(UserError::general("error-budget-phase-move")))?;
        voting::move_to(&state, ctx.user.as_ref(), &slug, to).await
    }
    .await;
    let here = page(&slug);
    finish(&session, result, &here, "notice-budget-phase", &here, vec![]).await
}

/// A proposal's largest body: three photos at their largest and the text fields.
const PROPOSAL_LIMIT: usize = super::images::MAX_IMAGES * super::images::MAX_IMAGE_BYTES + 256 * 1024;

/// A project form (multipart, for its photos): the text fields and the chosen files (a file input left empty
/// sends an empty part, which is no photo). `None` when the body broke off or was too large.
async fn read_proposal(mut multipart: Multipart) -> Option<(Vec<(String, String)>, Vec<Vec<u8>>)> {
    let (mut pairs, mut files) = (vec![], vec![]);
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => return Some((pairs, files)),
            Err(_) => return None,
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == "images" {
            let mut bytes = vec![];
            while let Some(chunk) = field.chunk().await.ok()? {
                bytes.extend_from_slice(&chunk);
            }
            if !bytes.is_empty() {
                files.push(bytes);
            }
        } else {
            // Cleaned as every other form's values are (`crate::form`): multipart is read here, not there.
            pairs.push((name, crate::text::clean_field(&field.text().await.ok()?)));
        }
    }
}

async fn propose(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(slug): Path<String>,
    multipart: Multipart,
) -> Response {
    let back = super::paths::propose(&slug);
    let Some((pairs, images)) = read_proposal(multipart).await else {
        let error = AppError::user(UserError::field("images", "error-project-images-incomplete"));
        return redirect_with_error(&session, &back, error, vec![]).await;
    };
    let v = |k| form_value(&pairs, k).to_string();
    let form = ProjectForm {
        title: v("title"),
        body: v("body"),
        category: v("category"),
        cost: v("cost"),
        envelope: v("envelope"),
        latitude: v("latitude"),
        longitude: v("longitude"),
    };
    let result = async {
        check_csrf(&ctx, form_value(&pairs, "csrf"))?;
        voting::submit(&state, ctx.user.as_ref(), &slug, &form, &images).await
    }
    .await;
    match result {
        Ok(id) => redirect_with_notice(&session, &format!("{}#projet-{id}", page(&slug)), "notice-project-sent").await,
        Err(e) => redirect_with_error(&session, &back, e, form_refill(&pairs)).await,
    }
}

/// A project's photo, public like the project (the first bytes decided its type when it was stored).
async fn image(State(state): State<AppState>, Path((id, n)): Path<(i64, i64)>) -> Response {
    match voting::image(&state, id, n).await {
        Ok(Some((content_type, bytes))) => (
            [
                (axum::http::header::CONTENT_TYPE, content_type),
                (axum::http::header::CACHE_CONTROL, "public, max-age=86400".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "project photo");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ReviewForm {
    status: String,
    note: String,
    revised_cost: String,
    merged_into: String,
}

async fn review(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<ReviewForm>,
) -> Response {
    let result = async {
        // A status or a merge target not from the form's lists is refused and named, never read as another
        // (an unknown status used to reset the project to "submitted").
        let status = ProjectStatus::from_code(&f.status)
            .ok_or_else(|| AppError::user(UserError::field("status", "error-choose-from-list")))?;
        let merged_into = match f.merged_into.trim() {
            "" => None,
            id => Some(
                id.parse::<i64>()
                    .map_err(|_| AppError::user(UserError::field("merged_into", "error-choose-from-list")))?,
            ),
        };
        voting::review(&state, ctx.user.as_ref(), id, status, &f.note, &f.revised_cost, merged_into).await
    }
    .await;
    match result {
        Ok(back) => redirect_with_notice(&session, &back, "notice-project-reviewed").await,
        Err(e) => {
            let values = vec![
                ("status", f.status.clone()),
                ("note", f.note.clone()),
                ("revised_cost", f.revised_cost.clone()),
                ("merged_into", f.merged_into.clone()),
            ];
            redirect_with_error(&session, &super::paths::review(id), e, values).await
        }
    }
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
    let envelope = form_value(&pairs, "enveloppe").parse::<i64>().ok();
    let ip = crate::web::forms::client_ip(&state, &headers, peer.map(axum::extract::ConnectInfo).as_ref());
    let result = async {
        let envelope = envelope.ok_or(AppError::NotFound)?;
        voting::cast_form(
            &state,
            ctx.user.as_ref(),
            &slug,
            envelope,
            &pairs,
            crate::participation::Channel::of(&ctx),
            &ip,
        )
        .await
    }
    .await;
    let here = match envelope {
        Some(e) => ballot_of(&slug, e),
        None => ballot(&slug),
    };
    match result {
        Ok(code) => crate::web::forms::receipt_redirect(&state, &session, &here, &code).await,
        Err(e) => redirect_with_error(&session, &here, e, form_refill(&pairs)).await,
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct BatchForm {
    envelope: String,
    label: String,
    size: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct VoterForm {
    voter_envelope: String,
    email: String,
}

async fn open_batch(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(f): CsrfForm<BatchForm>,
) -> Response {
    let result = async {
        let envelope = f.envelope.parse::<i64>().map_err(|_| AppError::NotFound)?;
        paper::open_batch(&state, ctx.user.as_ref(), envelope, &f.label, &f.size).await
    }
    .await;
    match result {
        Ok(id) => redirect_with_notice(&session, &batch(id), "notice-batch-opened").await,
        Err(e) => {
            let values = vec![("envelope", f.envelope.clone()), ("label", f.label.clone()), ("size", f.size.clone())];
            redirect_with_error(&session, &paper(&slug), e, values).await
        }
    }
}

async fn mark_voter(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(f): CsrfForm<VoterForm>,
) -> Response {
    let result = async {
        let envelope = f.voter_envelope.parse::<i64>().map_err(|_| AppError::NotFound)?;
        paper::mark_voter(&state, ctx.user.as_ref(), envelope, &f.email).await
    }
    .await;
    let here = format!("{}#votants", paper(&slug));
    let values = vec![("voter_envelope", f.voter_envelope.clone()), ("email", f.email.clone())];
    finish(&session, result, &here, "notice-paper-voter", &here, values).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ExplainForm {
    envelope: String,
    explanation: String,
}

/// A paper difference explained (by someone who typed none of the envelope's batches).
async fn explain(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(slug): Path<String>,
    CsrfForm(f): CsrfForm<ExplainForm>,
) -> Response {
    let result = async {
        let envelope = f.envelope.parse::<i64>().map_err(|_| AppError::NotFound)?;
        paper::explain(&state, ctx.user.as_ref(), envelope, &f.explanation).await.map(|_| ())
    }
    .await;
    let here = format!("{}#rapprochement", paper(&slug));
    let values = vec![("explanation", f.explanation.clone())];
    finish(&session, result, &here, "notice-paper-explained", &here, values).await
}

/// A pass of a batch as typed: `ballot_{n}` fields (empty ones are not sent as entries: blank ballots are
/// typed as `-`), and the pass.
async fn enter(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(id): Path<i64>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let result = async {
        let pass = form_value(&pairs, "pass").parse::<i64>().unwrap_or(0);
        let entries = super::rules::read_paper_form(&pairs);
        paper::enter(&state, ctx.user.as_ref(), id, pass, &entries).await
    }
    .await;
    let here = batch(id);
    finish(&session, result, &here, "notice-batch-entered", &here, form_refill(&pairs)).await
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct ResolveForm {
    seq: String,
    choices: String,
}

async fn resolve(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(id): Path<i64>,
    CsrfForm(f): CsrfForm<ResolveForm>,
) -> Response {
    let result = async {
        let seq = f.seq.parse::<i64>().map_err(|_| AppError::user(UserError::field("seq", "error-paper-number")))?;
        paper::resolve(&state, ctx.user.as_ref(), id, seq, &f.choices).await
    }
    .await;
    let here = format!("{}#ecarts", batch(id));
    finish(&session, result, &here, "notice-batch-resolved", &here, vec![]).await
}

async fn count_batch(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    Path(id): Path<i64>,
    CsrfForm(_f): CsrfForm<ResolveForm>,
) -> Response {
    let result = async { paper::count_batch(&state, ctx.user.as_ref(), id).await }.await;
    let here = batch(id);
    match result {
        Ok(c) => {
            let args = vec![
                ("counted".into(), c.counted.to_string()),
                ("blank".into(), c.blank.to_string()),
                ("void".into(), c.void.to_string()),
            ];
            redirect_with_notice_args(&session, &here, "notice-batch-counted", args).await
        }
        Err(e) => redirect_with_error(&session, &here, e, vec![]).await,
    }
}
