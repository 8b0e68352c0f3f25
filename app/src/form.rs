//! The form extractor every handler uses: axum's `Form`, with each value first cleaned of control and
//! bidirectional-override characters ([`crate::text::clean_field`]). No field takes them, a NUL makes PostgreSQL
//! refuse the row (an error page instead of a named field), and an override makes a comment or a name read
//! otherwise than it is stored. One place, so no form can forget.

use axum::extract::{FromRequest, Request};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

/// A posted `application/x-www-form-urlencoded` body, cleaned, then read as `T` (as `axum::Form` reads it: a
/// bad body is a 4xx, the routes' body limit applies).
#[derive(Debug, Clone, Copy, Default)]
pub struct Form<T>(pub T);

impl<T, S> FromRequest<S> for Form<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes = axum::body::Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let cleaned = clean(&bytes);
        let req = Request::from_parts(parts, axum::body::Body::from(cleaned));
        axum::Form::<T>::from_request(req, state)
            .await
            .map(|axum::Form(v)| Form(v))
            .map_err(IntoResponse::into_response)
    }
}

/// Why a body could not be read as its form, from serde's message (which names the field between backquotes):
/// a repeated or missing field is an error on that field, anything else one on the whole form.
pub fn unreadable(message: &str) -> crate::error::FieldError {
    use crate::error::UserError;
    let named = |prefix: &str| {
        message
            .split(prefix)
            .nth(1)
            .and_then(|rest| rest.split('`').next())
            .filter(|f| !f.is_empty())
            .map(str::to_string)
    };
    if let Some(field) = named("duplicate field `") {
        UserError::field(&field, "error-field-repeated")
    } else if let Some(field) = named("missing field `") {
        UserError::field(&field, "error-field-missing")
    } else {
        UserError::general("error-form-unreadable")
    }
}

/// The body with every name and value cleaned, encoded again.
pub fn clean(body: &[u8]) -> String {
    let pairs = form_urlencoded::parse(body)
        .map(|(k, v)| (crate::text::clean_field(&k), crate::text::clean_field(&v)))
        .collect::<Vec<_>>();
    form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_cleaned_and_kept_in_order() {
        assert_eq!(clean(b"body=a%00b%1B&name=x%E2%80%AEy&n=1&n=2"), "body=ab&name=xy&n=1&n=2");
        assert_eq!(clean("t=%C3%89lise+%F0%9F%91%8B%0D%0Aok".as_bytes()), "t=%C3%89lise+%F0%9F%91%8B%0D%0Aok");
    }

    #[test]
    fn serde_messages_name_the_field() {
        use crate::error::UserError;
        let repeated = "Failed to deserialize form body: duplicate field `body`";
        assert_eq!(unreadable(repeated), UserError::field("body", "error-field-repeated"));
        assert_eq!(unreadable("missing field `title`"), UserError::field("title", "error-field-missing"));
        assert_eq!(unreadable("invalid digit found in string"), UserError::general("error-form-unreadable"));
        assert_eq!(unreadable("duplicate field ``"), UserError::general("error-form-unreadable"));
    }
}
