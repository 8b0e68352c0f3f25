//! The resident's verification form post (answered with Post/Redirect/Get, so it works without JavaScript).

use super::letters::LetterForm;
use super::paths::{LETTER, LETTERS, LETTERS_PRINT, LETTER_CODE, REGISTER, VERIFY};
use super::service::{self, ImportError, MatchForm};
use super::MAX_REGISTER_BYTES;
use crate::ctx::{Flash, RequestCtx, RowError};
use crate::error::{AppError, FieldError, UserError};
use crate::state::AppState;
use crate::web::forms::{
    finish, redirect_with_error, redirect_with_flash, redirect_with_notice_args, upload_text, CsrfForm, UploadKeys,
};
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router};
use tower_sessions::Session;

/// The page "my account", where the form is.
const ACCOUNT: &str = crate::accounts::paths::ACCOUNT;

/// The eligibility routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(VERIFY, post(verify))
        .route(REGISTER, post(import).layer(DefaultBodyLimit::max(MAX_REGISTER_BYTES + 64 * 1024)))
        .route(LETTER, post(request_letter))
        .route(LETTER_CODE, post(letter_code))
        .route(LETTERS_PRINT, post(print_letters))
        .route(super::paths::LETTER_REFUSE.template(), post(refuse_letter))
}

async fn verify(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<MatchForm>,
) -> Response {
    let result = service::verify_by_register(&state, ctx.user.as_ref(), &f).await;
    // The typed details come back to the form on a failure (never the birth date's reading: it is refilled as
    // typed), so a slip is fixed without typing everything again.
    let values = vec![
        ("family_name", f.family_name.clone()),
        ("given_names", f.given_names.clone()),
        ("birth_date", f.birth_date.clone()),
        ("postcode", f.postcode.clone()),
    ];
    finish(&session, result, ACCOUNT, "notice-residence-verified", ACCOUNT, values).await
}

/// Admins replace the register with a file (multipart: the token and the file, read whole within the limit).
async fn import(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    multipart: Multipart,
) -> Response {
    let keys = UploadKeys {
        incomplete: "error-register-file-incomplete",
        empty: "error-register-file-empty",
        encoding: "error-register-encoding",
    };
    // Who may import is known before the body is read: nobody else makes the server hold the file.
    if let Err(e) = crate::access::require(ctx.user.as_ref(), crate::access::Action::Administer) {
        return redirect_with_error(&session, REGISTER, e, vec![]).await;
    }
    let outcome = async {
        let text = upload_text(&ctx, multipart, keys).await?;
        service::import_register(&state, ctx.user.as_ref(), &text).await
    }
    .await;
    match outcome {
        Ok(done) => {
            let args = vec![
                ("added".into(), done.added.to_string()),
                ("kept".into(), done.kept.to_string()),
                ("removed".into(), done.removed.to_string()),
            ];
            redirect_with_notice_args(&session, REGISTER, "notice-register-imported", args).await
        }
        Err(ImportError::Lines(lines)) => {
            let row_errors = lines
                .into_iter()
                .map(|e| RowError {
                    row: e.line,
                    reference: String::new(),
                    error: FieldError { field: Some(e.column.to_string()), key: e.key.to_string() },
                })
                .collect();
            let errors = vec![UserError::field("file", "error-register-lines")];
            let flash = Flash { path: REGISTER.into(), errors, row_errors, ..Default::default() };
            redirect_with_flash(&session, REGISTER, flash).await
        }
        Err(ImportError::App(e)) => redirect_with_error(&session, REGISTER, e, vec![]).await,
    }
}

async fn request_letter(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<LetterForm>,
) -> Response {
    let result = service::request_letter(&state, ctx.user.as_ref(), &f).await;
    let values = vec![
        ("letter_recipient", f.recipient.clone()),
        ("letter_address", f.address.clone()),
        ("letter_postcode", f.postcode.clone()),
        ("letter_district", f.district.clone()),
    ];
    finish(&session, result, ACCOUNT, "notice-letter-requested", ACCOUNT, values).await
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
struct CodeForm {
    letter_code: String,
}

async fn letter_code(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<CodeForm>,
) -> Response {
    let result = service::verify_by_letter(&state, ctx.user.as_ref(), &f.letter_code).await;
    finish(&session, result, ACCOUNT, "notice-residence-verified", ACCOUNT, vec![("letter_code", f.letter_code)]).await
}

async fn refuse_letter(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    axum::extract::Path(id): axum::extract::Path<i64>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let result = service::refuse_letter(&state, ctx.user.as_ref(), id).await;
    finish(&session, result, LETTERS, "notice-letter-refused", LETTERS, vec![]).await
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
struct PrintForm {
    /// `csv` for the mail-merge file, anything else for the printable letters.
    format: String,
}

/// Admins print the pending letters: the codes exist in clear only in this answer (never cached), as a page of
/// letters to print or a mail-merge file. Nothing pending: back to the list, which says so.
async fn print_letters(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    CsrfForm(f): CsrfForm<PrintForm>,
) -> Response {
    use axum::http::header;
    use axum::response::IntoResponse;
    let letters = match service::print_letters(&state, ctx.user.as_ref()).await {
        Ok(letters) if letters.is_empty() => {
            return redirect_with_error(
                &session,
                LETTERS,
                AppError::user(UserError::general("error-letters-none")),
                vec![],
            )
            .await
        }
        Ok(letters) => letters,
        Err(e) => return redirect_with_error(&session, LETTERS, e, vec![]).await,
    };
    let town = crate::town::town_name(&state.db).await.unwrap_or_default();
    let no_store = (header::CACHE_CONTROL, "no-store");
    if f.format == "csv" {
        let body = super::letters::mail_merge(&letters);
        let disposition = (header::CONTENT_DISPOSITION, "attachment; filename=\"courriers-residence.csv\"");
        return ([(header::CONTENT_TYPE, "text/csv; charset=utf-8"), disposition, no_store], body).into_response();
    }
    let body = super::letters::printable(&letters, &town, &state.config.public_url);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), no_store], body).into_response()
}
