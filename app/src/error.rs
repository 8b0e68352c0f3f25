//! The one application error that reaches the interface.
//!
//! User mistakes carry Fluent message keys (translated where they are shown, optionally tied to a form field);
//! everything else is internal: logged with its detail, shown as a generic message.

use serde::{Deserialize, Serialize};

/// A message for the user, optionally about one form field.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form field's name, or `None` for the whole form.
    pub field: Option<String>,
    /// The Fluent key of the message.
    pub key: String,
}

/// Constructors for user-facing errors (the names the i18n key test looks for).
pub struct UserError;

impl UserError {
    /// An error about the whole form.
    pub fn general(key: &str) -> FieldError {
        FieldError { field: None, key: key.to_string() }
    }

    /// An error about one field.
    pub fn field(field: &str, key: &str) -> FieldError {
        FieldError { field: Some(field.to_string()), key: key.to_string() }
    }
}

/// Why a request could not be served.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input is wrong; the user can fix it.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    /// Signing in is required.
    #[error("not signed in")]
    Unauthenticated,
    /// Signed in, but not allowed.
    #[error("forbidden")]
    Forbidden,
    /// No such thing.
    #[error("not found")]
    NotFound,
    /// Too many attempts; try later.
    #[error("rate limited")]
    RateLimited,
    /// A fault of ours (database, mail, …): logged, never detailed to the user.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// One user error.
    pub fn user(error: FieldError) -> Self {
        AppError::Invalid(vec![error])
    }

    /// The refusal for someone who may not act: sign in first when signed out, forbidden otherwise.
    pub fn denied(signed_in: bool) -> Self {
        if signed_in {
            AppError::Forbidden
        } else {
            AppError::Unauthenticated
        }
    }

    /// The messages to show for this error.
    pub fn messages(&self) -> Vec<FieldError> {
        match self {
            AppError::Invalid(errors) => errors.clone(),
            AppError::Unauthenticated => vec![UserError::general("error-unauthenticated")],
            AppError::Forbidden => vec![UserError::general("error-forbidden")],
            AppError::NotFound => vec![UserError::general("error-not-found")],
            AppError::RateLimited => vec![UserError::general("error-rate-limited")],
            AppError::Internal(_) => vec![UserError::general("error-internal")],
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        AppError::Internal(format!("database: {error}"))
    }
}
