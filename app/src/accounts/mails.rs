//! The mails that carry a link or a code: single-use tokens (only their hash is stored), the mails themselves in
//! the person's language, and the hourly limits that keep anyone from flooding an address with them.

use super::paths;
use super::{queries, rules, TokenPurpose};
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::error::{AppError, UserError};
use crate::i18n::{I18n, Lang};
use crate::mail::OutgoingMail;
use crate::state::AppState;
use base64::Engine;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;

/// A fresh single-use token: 256 random bits, URL-safe.
pub(super) fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database stores instead of the token.
pub(super) fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates a single-use token for `user_id` (replacing earlier unused ones of the same purpose); returns it.
pub(super) async fn issue_token(
    conn: &mut AnyConnection,
    user_id: i64,
    purpose: TokenPurpose,
    ttl_seconds: i64,
) -> Result<String, AppError> {
    let token = new_token();
    let now = now();
    queries::replace_token(conn, user_id, purpose, &token_hash(&token), now, now + ttl_seconds).await?;
    Ok(token)
}

/// The mails that carry a link: which page it opens and which messages it uses.
#[derive(Clone, Copy)]
pub(super) enum LinkMail {
    /// Confirms the address.
    Verify,
    /// Sets a new password.
    Reset,
    /// Signs in.
    SignIn,
}

/// Mails a person a link of `kind`, in their language.
pub(super) async fn send_link_mail(
    state: &AppState,
    to: &str,
    name: &str,
    lang: Lang,
    kind: LinkMail,
    token: &str,
) -> Result<(), AppError> {
    let i18n = I18n(lang);
    let town = crate::town::town_name(&state.db).await?;
    let link = |path: &str| format!("{}{path}?jeton={token}", state.config.public_url);
    let (subject, body) = match kind {
        LinkMail::Verify => (
            i18n.t_args("mail-verify-subject", &[("town", town.clone())]),
            i18n.t_args("mail-verify-body", &[("name", name.into()), ("link", link(paths::VERIFY)), ("town", town)]),
        ),
        LinkMail::Reset => (
            i18n.t_args("mail-reset-subject", &[("town", town.clone())]),
            i18n.t_args("mail-reset-body", &[("name", name.into()), ("link", link(paths::RESET)), ("town", town)]),
        ),
        LinkMail::SignIn => (
            i18n.t_args("mail-sign-in-subject", &[("town", town.clone())]),
            i18n.t_args(
                "mail-sign-in-body",
                &[("name", name.into()), ("link", link(super::paths::LINK_SIGN_IN)), ("town", town)],
            ),
        ),
    };
    state.mailer.send(OutgoingMail { to: to.to_string(), subject, body }).await
}

/// Whether one more event of `kind` for `key` fits in `max` an hour, and if so records it.
pub(super) async fn within_hourly_limit(state: &AppState, kind: &str, key: &str, max: i64) -> Result<bool, AppError> {
    let now = now();
    if queries::throttle_count(&state.db, kind, key, now - 3600).await? >= max {
        tracing::warn!(kind, "refused by the hourly limit");
        return Ok(false);
    }
    queries::throttle_record(&state.db, kind, key, now, now - 24 * 3600).await?;
    Ok(true)
}

/// Whether one more link may be mailed to `email` this hour ([`rules::MAX_LINK_MAILS_PER_HOUR`]): nobody can
/// flood an address with verification, reset or sign-in mails.
pub(super) async fn may_mail_link(state: &AppState, email: &str) -> Result<bool, AppError> {
    within_hourly_limit(state, "link_mail", email, rules::MAX_LINK_MAILS_PER_HOUR).await
}

/// Mails a link of `kind` to the account of `email`, if there is one and the address has not had
/// [`rules::MAX_LINK_MAILS_PER_HOUR`] mails this hour; answers the same either way.
pub(super) async fn mail_link_to_account(state: &AppState, email: &str, kind: LinkMail) -> Result<(), AppError> {
    let email = rules::normalize_email(email);
    if let Some(error) = rules::check_email(&email) {
        return Err(AppError::user(error));
    }
    let Some(user) = queries::find_by_email(&state.db, &email).await? else {
        return Ok(());
    };
    if !may_mail_link(state, &email).await? {
        return Ok(());
    }
    let (purpose, ttl) = match kind {
        LinkMail::SignIn => (TokenPurpose::SignIn, rules::SIGN_IN_LINK_TTL_SECONDS),
        LinkMail::Reset => (TokenPurpose::ResetPassword, rules::RESET_PASSWORD_TTL_SECONDS),
        LinkMail::Verify => (TokenPurpose::VerifyEmail, rules::VERIFY_EMAIL_TTL_SECONDS),
    };
    let mut conn = state.db.pool.acquire().await?;
    let token = issue_token(&mut conn, user.id, purpose, ttl).await?;
    drop(conn);
    let name = user.display_name.unwrap_or_default();
    send_link_mail(state, &email, &name, user.language, kind, &token).await
}

/// Mails the holder of `user`'s account a one-time code of eight digits, valid
/// [`rules::HOLDER_CODE_TTL_SECONDS`], that proves at a kiosk they hold the mailbox (for someone who does not
/// remember their password). A new code replaces the previous one; the hourly mail limit applies.
pub async fn mail_holder_code(state: &AppState, user: &CurrentUser) -> Result<(), AppError> {
    if user.email.is_empty() {
        return Err(AppError::user(UserError::general("error-holder-no-address")));
    }
    // A limit of their own: codes asked at a kiosk never use up the address's sign-in and reset links.
    let key = user.email.as_str();
    if !within_hourly_limit(state, "holder_code", key, rules::MAX_HOLDER_CODES_PER_HOUR).await? {
        return Err(AppError::RateLimited);
    }
    let code = format!("{:08}", rand::random::<u32>() % 100_000_000);
    let at = now();
    let mut tx = state.db.pool.begin().await?;
    queries::drop_tokens(&mut tx, user.id, TokenPurpose::HolderCode).await?;
    let hash = super::throttle::holder_code_hash(user.id, &code);
    let until = at + rules::HOLDER_CODE_TTL_SECONDS;
    queries::replace_token(&mut tx, user.id, TokenPurpose::HolderCode, &hash, at, until).await?;
    tx.commit().await?;
    let record = queries::find_by_id(&state.db, user.id).await?;
    let lang = record.as_ref().map(|r| r.language).unwrap_or_default();
    let name = record.and_then(|r| r.display_name).unwrap_or_default();
    let i18n = I18n(lang);
    let town = crate::town::town_name(&state.db).await?;
    let shown = format!("{} {}", &code[..4], &code[4..]);
    let subject = i18n.t_args("mail-holder-code-subject", &[("town", town.clone())]);
    let body = i18n.t_args("mail-holder-code-body", &[("name", name), ("code", shown), ("town", town)]);
    state.mailer.send(OutgoingMail { to: user.email.clone(), subject, body }).await
}
