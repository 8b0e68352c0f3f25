//! What every handler of a form or a download uses: reading the submitted fields, the CSRF check, ending a post
//! with a redirect and a flash (Post/Redirect/Get) or a JSON outcome for a page's script, the session and cookie
//! names, the client's address, downloads. Below the features: it knows requests and sessions, no feature.

use crate::ctx::{Flash, RequestCtx};
use crate::error::{AppError, FieldError};
use crate::i18n::Lang;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use std::net::SocketAddr;
use tower_sessions::Session;

/// Session key of the signed-in account id.
pub const SESSION_USER: &str = "user_id";
/// When the session signed in (Unix ms, [`accounts::service::session_clock`]): a session older than its account's
/// `sessions_from` is over.
pub const SESSION_SINCE: &str = "signed_in_at";
/// Session key of the flash left for the next page.
pub const SESSION_FLASH: &str = "flash";
/// Cookie holding the CSRF token (double submit).
pub const CSRF_COOKIE: &str = "clairvoie_csrf";
/// Its name under https: the `__Host-` prefix makes browsers refuse it unless it is Secure, for the whole site
/// and from this very host (a sibling subdomain cannot plant a token of its choosing).
pub const CSRF_COOKIE_HOST: &str = "__Host-clairvoie_csrf";

/// The CSRF cookie's name for a site served over https or not.
pub fn csrf_cookie(https: bool) -> &'static str {
    if https {
        CSRF_COOKIE_HOST
    } else {
        CSRF_COOKIE
    }
}
/// A new ballot's receipt code, on its way from the post to the page that shows it (see [`receipt_redirect`]).
pub const RECEIPT_COOKIE: &str = "clairvoie_recu";
/// Its name under https: `__Host-`, so that no sibling subdomain can plant a code of its choosing for the voter
/// to "check" (as for the CSRF cookie).
pub const RECEIPT_COOKIE_HOST: &str = "__Host-clairvoie_recu";

/// The receipt cookie's name for a site served over https or not.
pub fn receipt_cookie(https: bool) -> &'static str {
    if https {
        RECEIPT_COOKIE_HOST
    } else {
        RECEIPT_COOKIE
    }
}
/// The notice that shows a receipt code.
pub const RECEIPT_NOTICE: &str = "notice-ballot-cast";
/// Cookie holding the language chosen with the switcher.
pub const LANG_COOKIE: &str = "clairvoie_lang";

/// The largest ordinary form post, in bytes: the longest text field (20,000 characters of up to 4 bytes) several
/// times over, percent-encoded.
pub const FORM_BYTES: usize = 256 * 1024;

/// The longest submitted value kept in a flash to fill a form in again: longer ones (no field takes them) are
/// not kept, so a session row stays small whatever a client sends.
const MAX_REFILL_CHARS: usize = 20_000;

/// Reads one cookie from the request headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    cookies(headers, name).into_iter().next()
}

/// Every value the request sends for cookie `name` (a browser sends two when another path or a sibling domain
/// set one of the same name).
pub fn cookies(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
        .collect()
}
/// The language of a visitor: the switcher's cookie, else the browser's preference.
pub fn visitor_language(headers: &HeaderMap) -> Lang {
    cookie(headers, LANG_COOKIE).and_then(|c| Lang::from_code(&c)).unwrap_or_else(|| {
        headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map(Lang::negotiate).unwrap_or_default()
    })
}
/// A field of a form read as pairs (forms with repeated or numbered fields); empty when absent.
pub fn form_value<'a>(pairs: &'a [(String, String)], key: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or_default()
}

/// The submitted fields to show again after an error (never the CSRF token).
pub fn form_refill(pairs: &[(String, String)]) -> Vec<(&str, String)> {
    // Never a password (an account holder's, typed at a kiosk): the flash is kept in the session.
    pairs.iter().filter(|(k, _)| k != "csrf" && !k.contains("password")).map(|(k, v)| (k.as_str(), v.clone())).collect()
}

/// Refuses a form whose CSRF token does not match (the page then asks to send it again).
pub fn check_csrf(ctx: &RequestCtx, submitted: &str) -> Result<(), AppError> {
    if csrf_ok(ctx, submitted) {
        Ok(())
    } else {
        Err(AppError::user(crate::error::UserError::general("error-csrf")))
    }
}

/// Ends a form post: on success, the `notice` is shown at `done`; on failure, the errors at `back`, with the
/// submitted `values` filled in again.
pub async fn finish(
    session: &Session,
    result: Result<(), AppError>,
    done: &str,
    notice: &str,
    back: &str,
    values: Vec<(&str, String)>,
) -> Response {
    match result {
        Ok(()) => redirect_with_notice(session, done, notice).await,
        Err(e) => redirect_with_error(session, back, e, values).await,
    }
}

/// Ends a form post like [`finish`], or, when the page posted it by script (`X-Clairvoie-Fetch`), answers the
/// translated [`crate::ui::Outcome`] as JSON (422 for errors) and leaves no flash behind.
#[allow(clippy::too_many_arguments)]
pub async fn respond(
    session: &Session,
    ctx: &RequestCtx,
    headers: &HeaderMap,
    result: Result<(), AppError>,
    done: &str,
    notice: &str,
    back: &str,
    values: Vec<(&str, String)>,
) -> Response {
    if !headers.contains_key(crate::ui::FETCH_HEADER) {
        return finish(session, result, done, notice, back, values).await;
    }
    let i18n = crate::i18n::I18n(ctx.lang);
    match result {
        Ok(()) => axum::Json(crate::ui::Outcome { ok: true, messages: vec![i18n.t(notice)] }).into_response(),
        Err(e) => {
            if let AppError::Internal(detail) = &e {
                tracing::error!(detail, done, "internal error");
            }
            let messages = e.messages().iter().map(|m| i18n.t(&m.key)).collect();
            (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(crate::ui::Outcome { ok: false, messages })).into_response()
        }
    }
}

/// A form post whose CSRF token matched the cookie, read as `T` with [`crate::form::Form`]: a handler that takes
/// `CsrfForm(f)` cannot forget the check, and runs only for a post that came from one of our pages. Otherwise the
/// visitor goes back to the page the form was on (the `Referer`'s path on this site, else the posted address)
/// with the "form expired" message — or, for a page's script (`X-Clairvoie-Fetch`), a 422 with that message —
/// and nothing of the post is kept (see [`redirect_with_error`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct CsrfForm<T>(pub T);

impl<T, S> axum::extract::FromRequest<S> for CsrfForm<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Response;

    async fn from_request(req: axum::extract::Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = req.into_parts();
        let bytes = axum::body::Bytes::from_request(axum::extract::Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        let token = form_urlencoded::parse(&bytes).find(|(k, _)| k == "csrf").map(|(_, v)| v.into_owned());
        let ctx = parts.extensions.get::<RequestCtx>();
        if !ctx.zip(token).is_some_and(|(ctx, token)| csrf_ok(ctx, &token)) {
            return Err(refused(&parts, ctx, crate::error::UserError::general("error-csrf")).await);
        }
        // Cleaned as every form is (see `crate::form`).
        let req = axum::extract::Request::from_parts(parts.clone(), Body::from(crate::form::clean(&bytes)));
        let why = match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(value)) => return Ok(CsrfForm(value)),
            // A field sent twice or left out (only a hand-made post does that): the page again, the field named.
            Err(axum::extract::rejection::FormRejection::FailedToDeserializeFormBody(e)) => {
                crate::form::unreadable(&e.body_text())
            }
            Err(other) => return Err(other.into_response()),
        };
        Err(refused(&parts, ctx, why).await)
    }
}

/// The answer to a post refused before its handler: a forged one (`error-csrf`, nothing of it kept) or one
/// whose body does not read as its form.
async fn refused(parts: &axum::http::request::Parts, ctx: Option<&RequestCtx>, why: FieldError) -> Response {
    let error = AppError::user(why);
    if parts.headers.contains_key(crate::ui::FETCH_HEADER) {
        let i18n = crate::i18n::I18n(ctx.map(|c| c.lang).unwrap_or_default());
        let messages = error.messages().iter().map(|m| i18n.t(&m.key)).collect();
        return (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(crate::ui::Outcome { ok: false, messages }))
            .into_response();
    }
    // No cookie of ours: this client never loaded one of our forms (a browser that did holds the CSRF cookie).
    // Nothing is stored for it — a flash would make a session row per request — and it is told in words.
    let ours = parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|cookies| cookies.contains(CSRF_COOKIE));
    let session = parts.extensions.get::<Session>().filter(|_| ours);
    let Some(session) = session else {
        let i18n = crate::i18n::I18n(ctx.map(|c| c.lang).unwrap_or_default());
        let text: Vec<String> = error.messages().iter().map(|m| i18n.t(&m.key)).collect();
        return (StatusCode::FORBIDDEN, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text.join("\n"))
            .into_response();
    };
    // Only a path of this site: whatever the Referer names, the redirect stays here.
    let back = parts
        .headers
        .get(header::REFERER)
        .and_then(|v| v.to_str().ok())
        .and_then(|r| axum::http::Uri::try_from(r).ok())
        .and_then(|u| u.path_and_query().map(|p| p.as_str().to_string()))
        .filter(|p| crate::links::is_local_path(p))
        .unwrap_or_else(|| parts.uri.path().to_string());
    redirect_with_error(session, &back, error, vec![]).await
}

/// Whether a submitted CSRF token matches the cookie (constant-time comparison).
pub fn csrf_ok(ctx: &RequestCtx, submitted: &str) -> bool {
    let a = ctx.csrf.as_bytes();
    // A page's form holds the token masked (see [`mask_csrf`]); a script sends it as the cookie holds it.
    let unmasked = unmask_csrf(submitted, a.len());
    let b = unmasked.as_deref().unwrap_or(submitted.as_bytes());
    !a.is_empty() && a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The CSRF token as a form carries it: a fresh random pad, then the token's bytes XOR the pad, in hexadecimal.
/// Compressed pages never repeat the token, so a page's compressed size tells nothing of it (BREACH), and
/// [`csrf_ok`] gets the token back.
pub fn mask_csrf(token: &str) -> String {
    if token.is_empty() {
        return String::new();
    }
    let pad: Vec<u8> = (0..token.len()).map(|_| rand::random::<u8>()).collect();
    let masked: Vec<u8> = token.bytes().zip(&pad).map(|(t, p)| t ^ p).collect();
    format!("{}{}", hex::encode(pad), hex::encode(masked))
}

fn unmask_csrf(submitted: &str, token_len: usize) -> Option<Vec<u8>> {
    if token_len == 0 || submitted.len() != token_len * 4 {
        return None;
    }
    let bytes = hex::decode(submitted).ok()?;
    let (pad, masked) = bytes.split_at(token_len);
    Some(pad.iter().zip(masked).map(|(p, m)| p ^ m).collect())
}

/// The client's address: the socket peer, or the last `X-Forwarded-For` hop behind a trusted proxy.
pub fn client_ip(state: &AppState, req_headers: &HeaderMap, connect: Option<&ConnectInfo<SocketAddr>>) -> String {
    if state.config.trust_proxy {
        if let Some(ip) = req_headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
        {
            return ip;
        }
    }
    connect.map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".into())
}

/// A local path that is safe to redirect to (no open redirect to another site, see [`crate::links`]), else `/`.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if crate::links::is_local_path(n) => n.to_string(),
        _ => "/".to_string(),
    }
}

/// After a ballot: the confirmation for `path`, whose receipt code travels in a short-lived cookie of the
/// voter's browser rather than in the session, which names the voter.
pub async fn receipt_redirect(state: &AppState, session: &Session, path: &str, code: &str) -> Response {
    let mut response = redirect_with_notice(session, path, RECEIPT_NOTICE).await;
    let https = state.config.https();
    let secure = if https { "; Secure" } else { "" };
    let name = receipt_cookie(https);
    let value = format!("{name}={code}; Path=/; Max-Age=600; HttpOnly; SameSite=Lax{secure}");
    if let Ok(v) = HeaderValue::from_str(&value) {
        response.headers_mut().append(header::SET_COOKIE, v);
    }
    response
}

/// Leaves a confirmation for `path` and redirects there (303, so the browser follows with GET).
pub async fn redirect_with_notice(session: &Session, path: &str, notice: &str) -> Response {
    redirect_with_notice_args(session, path, notice, vec![]).await
}

/// Like [`redirect_with_notice`], with values for the notice's placeholders.
pub async fn redirect_with_notice_args(
    session: &Session,
    path: &str,
    notice: &str,
    args: Vec<(String, String)>,
) -> Response {
    let flash =
        Flash { path: path_only(path), notice: Some(notice.to_string()), notice_args: args, ..Default::default() };
    redirect_with_flash(session, path, flash).await
}

/// Stores `flash` for the next page of this browser and redirects to `path` (Post/Redirect/Get).
pub async fn redirect_with_flash(session: &Session, path: &str, flash: Flash) -> Response {
    if let Err(e) = session.insert(SESSION_FLASH, flash).await {
        tracing::error!(error = %e, "storing a flash");
    }
    Redirect::to(path).into_response()
}

fn path_only(path: &str) -> String {
    path.split(['?', '#']).next().unwrap_or("/").to_string()
}

/// Turns an error into a flash for `path` (with the submitted values, never passwords) and redirects there.
/// Internal errors are logged with their detail and shown as a generic message.
pub async fn redirect_with_error(
    session: &Session,
    path: &str,
    error: AppError,
    values: Vec<(&str, String)>,
) -> Response {
    if let AppError::Internal(detail) = &error {
        tracing::error!(detail, path, "internal error");
    }
    let errors: Vec<FieldError> = error.messages();
    // A post that failed the CSRF check did not come from our form: nothing of it is kept (an anonymous client
    // could otherwise store anything in a session row).
    let forged = errors.iter().any(|e| e.key == "error-csrf");
    let values = values
        .into_iter()
        .filter(|(_, v)| !forged && v.chars().count() <= MAX_REFILL_CHARS)
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let flash = Flash { path: path_only(path), notice: None, errors, values, ..Default::default() };
    redirect_with_flash(session, path, flash).await
}
/// A response carrying `body` as a downloaded file.
pub fn download(filename: &str, content_type: &str, body: String) -> Response {
    let mut response = Response::new(Body::from(body));
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_redirect_targets() {
        assert_eq!(safe_next(Some("/compte")), "/compte");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(Some("/\t/evil.example")), "/");
        assert_eq!(safe_next(Some("/compte\n")), "/");
        assert_eq!(safe_next(None), "/");
    }

    #[test]
    fn csrf_tokens_must_match_exactly() {
        let ctx = RequestCtx { csrf: "abc".into(), ..Default::default() };
        assert!(csrf_ok(&ctx, "abc"));
        assert!(!csrf_ok(&ctx, "abd"));
        assert!(!csrf_ok(&ctx, ""));
        assert!(!csrf_ok(&RequestCtx::default(), ""));
    }

    #[test]
    fn masked_csrf_tokens_differ_each_time_and_still_match() {
        let ctx = RequestCtx { csrf: "0123456789abcdef".into(), ..Default::default() };
        let (a, b) = (mask_csrf(&ctx.csrf), mask_csrf(&ctx.csrf));
        assert_ne!(a, b, "a fresh pad each time");
        assert!(!a.contains(&ctx.csrf));
        assert!(csrf_ok(&ctx, &a) && csrf_ok(&ctx, &b));
        // The mask of another token, or a mask altered by one digit, is refused.
        assert!(!csrf_ok(&ctx, &mask_csrf("0123456789abcdeg")));
        let mut altered = a.into_bytes();
        altered[40] = if altered[40] == b'0' { b'1' } else { b'0' };
        assert!(!csrf_ok(&ctx, &String::from_utf8(altered).unwrap()));
        assert_eq!(mask_csrf(""), "");
        assert!(!csrf_ok(&RequestCtx::default(), &mask_csrf("")));
    }

    #[test]
    fn cookies_are_read_from_headers() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; clairvoie_lang=en; b=2"));
        assert_eq!(cookie(&headers, LANG_COOKIE).as_deref(), Some("en"));
        assert_eq!(cookie(&headers, "c"), None);
    }
}

/// The Fluent keys of a file form's refusals, each naming its `file` field.
pub struct UploadKeys {
    /// The body broke off (too large, connection lost).
    pub incomplete: &'static str,
    /// No file, or an empty one.
    pub empty: &'static str,
    /// Not UTF-8.
    pub encoding: &'static str,
}

/// A file form read whole and checked: not cut off (a body cut off may have lost the token too: it is said, and
/// nothing is stored), the CSRF token, a file that is not empty, UTF-8. The file's text.
pub async fn upload_text(
    ctx: &RequestCtx,
    multipart: axum::extract::Multipart,
    keys: UploadKeys,
) -> Result<String, AppError> {
    use crate::error::UserError;
    const FILE: &str = "file";
    let upload = read_upload(multipart).await;
    if upload.broken {
        return Err(AppError::user(UserError::field(FILE, keys.incomplete)));
    }
    check_csrf(ctx, &upload.csrf)?;
    let bytes =
        upload.file.filter(|b| !b.is_empty()).ok_or_else(|| AppError::user(UserError::field(FILE, keys.empty)))?;
    String::from_utf8(bytes.to_vec()).map_err(|_| AppError::user(UserError::field(FILE, keys.encoding)))
}

/// A file form's parts: its CSRF token, its `file` field, and whether the body broke off (too large, connection
/// lost) — in which case nothing of it may be used as if it were whole.
#[derive(Default)]
pub struct Upload {
    /// The token.
    pub csrf: String,
    /// The file's bytes.
    pub file: Option<axum::body::Bytes>,
    /// The body broke off.
    pub broken: bool,
}

/// Reads a file form (a `csrf` field and a `file` field); the route's body limit bounds the file.
pub async fn read_upload(mut multipart: axum::extract::Multipart) -> Upload {
    let mut upload = Upload::default();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("csrf") => upload.csrf = field.text().await.unwrap_or_default(),
            Ok(Some(field)) if field.name() == Some("file") => match field.bytes().await {
                Ok(bytes) => upload.file = Some(bytes),
                Err(_) => {
                    upload.broken = true;
                    break;
                }
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => {
                upload.broken = true;
                break;
            }
        }
    }
    upload
}
