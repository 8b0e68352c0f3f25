//! The sign-in throttle (see [`rules::sign_in_gate`]): password checks counted per account and client, the
//! clients an account signed in from, and the holder's proof asked at a kiosk (password, or the code `mails`
//! sends). Used by `service` for sign-in, sign-in links, password change and account deletion.

use super::mails::{new_token, token_hash};
use super::queries;
use super::{password, rules, TokenPurpose};
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::error::{AppError, FieldError, UserError};
use crate::state::AppState;

/// A successful sign-in: the account, and the cookie value to give a client the account did not know yet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    /// The account.
    pub user_id: i64,
    /// A new known-client token for the cookie, when the client had none for this account.
    pub client_token: Option<String>,
    /// What the session counts from (Unix ms): for a password sign-in, the account's session epoch read with the
    /// password — so a sign-in that read a password being dropped ends with the sessions it ended, however the
    /// two interleave; `None`: from now.
    pub since: Option<i64>,
}

/// Who is trying: the IP address and the known-client cookie the browser sent, if any.
#[derive(Clone, Copy, Debug, Default)]
pub struct Client<'a> {
    /// The client's IP address.
    pub ip: &'a str,
    /// The known-client cookie's value.
    pub token: Option<&'a str>,
    /// A signed-in session (not held by failures elsewhere on the account).
    pub trusted: bool,
}

/// The throttle's key of a client on an account, and whether the account knows it: its cookie's hash when
/// the account signed in from it before, else its IP address.
pub(super) async fn client_key(
    state: &AppState,
    client: Client<'_>,
    user_id: Option<i64>,
) -> Result<(String, bool), AppError> {
    if let (Some(token), Some(user_id)) = (client.token, user_id) {
        let hash = token_hash(token);
        if queries::is_known_client(&state.db, &hash, user_id).await? {
            return Ok((format!("c:{}", &hash[..32]), true));
        }
    }
    Ok((format!("ip:{}", client.ip), false))
}

/// Checks `pass` against the account of `email` under the sign-in throttle (see [`rules::sign_in_gate`]),
/// recording a failure when it is wrong: sign-in, and the current password asked before changing it or
/// deleting the account. Returns the account's id, whether the client is known to it, and the account's
/// session epoch as read with the password.
pub(super) async fn check_password(
    state: &AppState,
    email: &str,
    pass: String,
    client: Client<'_>,
    wrong: FieldError,
) -> Result<(i64, bool, i64), AppError> {
    check_secret(state, email, pass, client, wrong, false).await
}

/// [`check_password`], also taking the account's mailed holder's code when `code_accepted` (at a kiosk): a
/// wrong code counts as a wrong password, so codes are guessed no faster than passwords.
async fn check_secret(
    state: &AppState,
    email: &str,
    pass: String,
    client: Client<'_>,
    wrong: FieldError,
    code_accepted: bool,
) -> Result<(i64, bool, i64), AppError> {
    let now = now();
    let code = if code_accepted { rules::read_holder_code(&pass) } else { None };
    // Proofs at a kiosk are counted apart from sign-ins: wrong ones typed there (by whoever holds the desk code)
    // slow the proof at the kiosk, never the owner's own sign-in elsewhere.
    let counted = if code_accepted { format!("holder:{email}") } else { email.to_string() };
    let user = queries::find_by_email(&state.db, email).await?;
    let (key, known) = client_key(state, client, user.as_ref().map(|u| u.id)).await?;
    let known_client = known || client.trusted;
    let (from_client, last_from_client, on_account, from_ip) =
        queries::recent_login_failures(&state.db, &counted, &key, client.ip, now - rules::LOGIN_WINDOW_SECONDS).await?;
    let attempts = rules::Attempts { from_client, last_from_client, on_account, from_ip, known_client };
    match rules::sign_in_gate(&attempts, now) {
        rules::Gate::Check => {}
        rules::Gate::Wait(seconds) => {
            tracing::warn!(from_client, on_account, from_ip, seconds, "password check slowed by the throttle");
            return Err(AppError::RateLimited);
        }
        // A mailed code is what the link would prove (the mailbox): it is still checked.
        rules::Gate::MailedLink if code.is_some() => {}
        rules::Gate::MailedLink => {
            tracing::warn!(on_account, "unknown client sent to the mailed sign-in link");
            return Err(AppError::user(UserError::general("error-login-use-link")));
        }
    }
    let by_code = match (&user, &code) {
        (Some(u), Some(code)) => {
            queries::consume_token_of(&state.db, u.id, &holder_code_hash(u.id, code), TokenPurpose::HolderCode, now)
                .await?
        }
        _ => false,
    };
    let ok = by_code
        || (code.is_none() && password::verify(pass, user.as_ref().and_then(|u| u.password_hash.clone())).await);
    match user {
        Some(user) if ok => {
            queries::clear_login_failures(&state.db, &counted, &key, now - rules::LOGIN_WINDOW_SECONDS).await?;
            Ok((user.id, known, user.sessions_from))
        }
        _ => {
            queries::record_login_failure(&state.db, &counted, &key, client.ip, now).await?;
            Err(AppError::user(wrong))
        }
    }
}

/// The current password, asked of a signed-in person before a change or a deletion, under the same throttle
/// as sign-in (a stolen session cannot guess it at leisure). A wrong one joins `errors` (first); a throttled
/// check is refused at once.
pub(super) async fn signed_in_password(
    state: &AppState,
    user: &CurrentUser,
    pass: String,
    client: Client<'_>,
    wrong: FieldError,
    errors: &mut Vec<FieldError>,
) -> Result<(), AppError> {
    // The session already proved itself: the account-wide link rule does not apply, the client's own delay does.
    let client = Client { trusted: true, ..client };
    match check_password(state, &user.email, pass, client, wrong).await {
        Ok(_) => Ok(()),
        Err(AppError::Invalid(wrong)) => {
            errors.splice(0..0, wrong);
            Ok(())
        }
        Err(other) => Err(other),
    }
}

/// The account holder's proof, asked at a kiosk before what they cast online is replaced (a desk code alone
/// proves only that an agent issued it): their password, or the code [`super::mails::mail_holder_code`] sent to their
/// address, under the sign-in throttle of that kiosk.
pub async fn confirm_holder(state: &AppState, user: &CurrentUser, pass: String, ip: &str) -> Result<(), AppError> {
    let wrong = UserError::field("account_password", "error-holder-proof");
    if pass.is_empty() || user.email.is_empty() {
        return Err(AppError::user(wrong));
    }
    check_secret(state, &user.email, pass, Client { ip, token: None, trusted: false }, wrong, true).await.map(|_| ())
}

/// What the database keeps of a holder's code: eight digits are few, so the hash also names the account (the
/// code is only ever looked for among that account's).
pub(super) fn holder_code_hash(user_id: i64, code: &str) -> String {
    token_hash(&format!("holder:{user_id}:{code}"))
}

/// Remembers the client an account just signed in from: its cookie's token (a new one when it had none for
/// this account), stored as a hash.
pub(super) async fn remember(
    state: &AppState,
    user_id: i64,
    client: Client<'_>,
    known: bool,
) -> Result<SignedIn, AppError> {
    let token = match client.token {
        Some(t) if known => t.to_string(),
        _ => new_token(),
    };
    queries::remember_client(&state.db, &token_hash(&token), user_id, now()).await?;
    Ok(SignedIn { user_id, client_token: (!known).then_some(token), since: None })
}
