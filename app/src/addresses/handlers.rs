//! The address import (a multipart post from its page).

use super::paths::IMPORT;
use super::service::{self, ImportError};
use super::MAX_FILE_BYTES;
use crate::ctx::{Flash, RequestCtx, RowError};
use crate::error::{FieldError, UserError};
use crate::state::AppState;
use crate::web::forms::{redirect_with_error, redirect_with_flash, redirect_with_notice_args, upload_text, UploadKeys};
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router};
use tower_sessions::Session;

/// The address routes.
pub fn routes() -> Router<AppState> {
    Router::new().route(IMPORT, post(import).layer(DefaultBodyLimit::max(MAX_FILE_BYTES + 64 * 1024)))
}

async fn import(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestCtx>,
    session: Session,
    multipart: Multipart,
) -> Response {
    let keys = UploadKeys {
        incomplete: "error-addresses-incomplete",
        empty: "error-addresses-file-empty",
        encoding: "error-addresses-encoding",
    };
    // Who may import is known before the body is read: nobody else makes the server hold 40 MB.
    if let Err(e) = crate::access::require(ctx.user.as_ref(), crate::access::Action::ManageSensors) {
        return redirect_with_error(&session, IMPORT, e, vec![]).await;
    }
    let outcome = async {
        let text = upload_text(&ctx, multipart, keys).await?;
        service::import(&state, ctx.user.as_ref(), &crate::text::clean_field(&text)).await
    }
    .await;
    match outcome {
        Ok(count) => {
            let args = vec![("count".into(), count.to_string())];
            redirect_with_notice_args(&session, IMPORT, "notice-addresses-imported", args).await
        }
        Err(ImportError::Lines(lines)) => {
            let row_errors = lines
                .into_iter()
                .map(|e| RowError {
                    row: e.line,
                    reference: String::new(),
                    error: FieldError { field: Some(e.column.clone()), key: e.key.to_string() },
                })
                .collect();
            let errors = vec![UserError::field("file", "error-addresses-lines")];
            let flash = Flash { path: IMPORT.into(), errors, row_errors, ..Default::default() };
            redirect_with_flash(&session, IMPORT, flash).await
        }
        Err(ImportError::App(e)) => redirect_with_error(&session, IMPORT, e, vec![]).await,
    }
}
