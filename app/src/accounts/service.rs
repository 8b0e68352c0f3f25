//! Account use cases. Handlers call these with already-parsed input; every check that protects data happens
//! here (or in the pure `rules`/`permissions`), never only in the page.

use super::mails::{issue_token, mail_link_to_account, may_mail_link, send_link_mail, token_hash, LinkMail};
use super::rules::{self, TokenStatus};
use super::{password, queries, Role, TokenPurpose, UserSummary};
use crate::access::{can, Action, Resource};
use crate::audit::{self, NewEntry};
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::error::{AppError, FieldError, UserError};
use crate::i18n::Lang;
use crate::state::AppState;
// The sign-in throttle lives in its own module; its types are part of this service's interface.
pub use super::mails::mail_holder_code;
use super::throttle::{check_password, client_key, remember, signed_in_password};
pub use super::throttle::{confirm_holder, Client, SignedIn};
use sqlx::AnyConnection;

fn invalid(errors: Vec<FieldError>) -> Result<(), AppError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(errors))
    }
}

/// The time, in Unix milliseconds, that sessions are stamped with when someone signs in and that ends older
/// sessions (see [`signed_in_user`]).
pub fn session_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

/// Loads the signed-in person for a session's user id (`None` when the account is gone).
pub async fn current_user(state: &AppState, user_id: i64) -> Result<Option<CurrentUser>, AppError> {
    signed_in_user(state, user_id, i64::MAX).await
}

/// The person a session signed in at `since` (Unix ms) belongs to, unless the account is gone or its sessions
/// were ended after that (a password reset or change, an address verified by its link).
pub async fn signed_in_user(state: &AppState, user_id: i64, since: i64) -> Result<Option<CurrentUser>, AppError> {
    let Some(user) = queries::find_by_id(&state.db, user_id).await?.filter(|u| since >= u.sessions_from) else {
        return Ok(None);
    };
    let roles = queries::roles_of(&state.db, user_id).await?;
    Ok(Some(CurrentUser {
        id: user.id,
        display_name: user.display_name.unwrap_or_default(),
        email: user.email.unwrap_or_default(),
        roles,
        verified: user.email_verified_at.is_some(),
        district_id: user.district_id,
        blocked: super::queries::blocked_until(&state.db, user_id, crate::db::now()).await?.is_some(),
        language: user.language,
    }))
}

/// A registration form, as submitted.
#[derive(Clone, Debug, Default)]
pub struct Registration {
    /// Address.
    pub email: String,
    /// Public name.
    pub display_name: String,
    /// Password.
    pub password: String,
    /// Its confirmation.
    pub password_confirm: String,
    /// Home district (optional).
    pub district_id: Option<i64>,
    /// The interface language at the time of registration.
    pub language: Lang,
}

/// Checks a submitted district id against the town's districts.
async fn check_district(state: &AppState, district_id: Option<i64>) -> Result<Option<FieldError>, AppError> {
    Ok(match district_id {
        Some(id) if !crate::town::district_exists(&state.db, id).await? => {
            Some(UserError::field("district_id", "error-district-invalid"))
        }
        _ => None,
    })
}

/// Creates a resident account and sends the verification mail. Returns the new account's id.
pub async fn register(state: &AppState, form: Registration, ip: &str) -> Result<i64, AppError> {
    let email = rules::normalize_email(&form.email);
    let mut errors: Vec<FieldError> = vec![];
    errors.extend(rules::check_email(&email));
    errors.extend(rules::check_display_name(&form.display_name));
    errors.extend(rules::check_new_password(&form.password, &form.password_confirm, &email));
    errors.extend(check_district(state, form.district_id).await?);
    invalid(errors)?;
    // Each registration mails an address: one client cannot make the town's server mail hundreds of them.
    if !super::mails::within_hourly_limit(state, "register", ip, rules::MAX_REGISTRATIONS_PER_HOUR).await?
        || !may_mail_link(state, &email).await?
    {
        return Err(AppError::RateLimited);
    }
    let hash = password::hash(form.password).await?;
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    let new_user = queries::NewUser {
        email: &email,
        display_name: form.display_name.trim(),
        password_hash: Some(&hash),
        language: form.language.code(),
        district_id: form.district_id,
        email_verified_at: None,
    };
    let Some(user_id) = queries::insert_user(&mut tx, &new_user, now).await? else {
        return Err(AppError::user(UserError::field("email", "error-email-taken")));
    };
    queries::grant_role(&mut tx, user_id, Role::Resident, None, now).await?;
    let token = issue_token(&mut tx, user_id, TokenPurpose::VerifyEmail, rules::VERIFY_EMAIL_TTL_SECONDS).await?;
    tx.commit().await?;
    send_link_mail(state, &email, form.display_name.trim(), form.language, LinkMail::Verify, &token).await?;
    Ok(user_id)
}

/// Sends a new verification link to a signed-in, unverified person.
pub async fn resend_verification(state: &AppState, user: &CurrentUser) -> Result<(), AppError> {
    if user.verified {
        return Err(AppError::user(UserError::general("error-already-verified")));
    }
    if !may_mail_link(state, &user.email).await? {
        return Err(AppError::RateLimited);
    }
    let mut conn = state.db.pool.acquire().await?;
    let token = issue_token(&mut conn, user.id, TokenPurpose::VerifyEmail, rules::VERIFY_EMAIL_TTL_SECONDS).await?;
    drop(conn);
    send_link_mail(state, &user.email, &user.display_name, user.language, LinkMail::Verify, &token).await
}

/// Tells whether a token from a link can still be used, without using it (for the page the link opens).
pub async fn check_token(state: &AppState, token: &str, purpose: TokenPurpose) -> Result<(), AppError> {
    let record = queries::find_token(&state.db, &token_hash(token)).await?;
    let status =
        record.filter(|r| r.purpose == purpose.code()).map(|r| rules::token_status(r.expires_at, r.used_at, now()));
    match status {
        Some(TokenStatus::Valid) => Ok(()),
        other => Err(AppError::user(rules::token_error(other))),
    }
}

/// Uses a verification link. Returns the verified account's id.
pub async fn verify_email(state: &AppState, token: &str, session_of: Option<i64>) -> Result<Verified, AppError> {
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    let Some(user_id) = queries::consume_token(&mut tx, &token_hash(token), TokenPurpose::VerifyEmail, now).await?
    else {
        drop(tx);
        check_token(state, token, TokenPurpose::VerifyEmail).await?;
        return Err(AppError::user(rules::token_error(None)));
    };
    // Whoever registered the address may not be its owner: once the owner's link verifies it, sessions opened
    // before (by the registrant, say) end. The person who followed the link signs in again, or keeps their
    // session when it is that account's (the handler stamps it anew). Followed anywhere else, the link proves
    // the mailbox but not the password chosen at registration, which may be a squatter's: it is dropped and
    // the owner chooses theirs.
    let mut choose_password = None;
    if queries::mark_verified(&mut tx, user_id, now).await? {
        queries::end_sessions(&mut tx, user_id, session_clock()).await?;
        if session_of != Some(user_id) {
            choose_password = Some(drop_unproven_password(&mut tx, user_id).await?);
        }
    }
    tx.commit().await?;
    Ok(Verified { user_id, choose_password })
}

/// What following a mailed link at an account's first verification did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The account.
    pub user_id: i64,
    /// A password-reset token, when the password given at registration was dropped (the link was followed
    /// outside the registrant's session): the follower chooses the account's password with it.
    pub choose_password: Option<String>,
}

/// Drops the password of an account whose address was just verified by someone who did not show they chose
/// it, and returns a reset token so that they choose one (the registrant of someone else's address must not
/// sign in again with the password they set, nor through a provider they linked).
async fn drop_unproven_password(conn: &mut AnyConnection, user_id: i64) -> Result<String, AppError> {
    queries::clear_password(conn, user_id).await?;
    queries::unlink_providers(conn, user_id).await?;
    issue_token(conn, user_id, TokenPurpose::ResetPassword, rules::RESET_PASSWORD_TTL_SECONDS).await
}

/// Checks an address and password, under the sign-in throttle. Returns the account and, for a client it did
/// not know, the cookie that makes it known.
pub async fn login(state: &AppState, email: &str, pass: String, client: Client<'_>) -> Result<SignedIn, AppError> {
    let email = rules::normalize_email(email);
    if email.is_empty() || pass.is_empty() {
        let mut errors = vec![];
        if email.is_empty() {
            errors.push(UserError::field("email", "error-email-required"));
        }
        if pass.is_empty() {
            errors.push(UserError::field("password", "error-password-required"));
        }
        return Err(AppError::Invalid(errors));
    }
    let (user_id, known, epoch) =
        check_password(state, &email, pass, client, UserError::general("error-login-failed")).await?;
    Ok(SignedIn { since: Some(epoch), ..remember(state, user_id, client, known).await? })
}

/// Mails a sign-in link, in the account's language, if the address has an account (and has not had too many
/// mails this hour). Says nothing either way (no address probing).
pub async fn request_sign_in_link(state: &AppState, email: &str) -> Result<(), AppError> {
    mail_link_to_account(state, email, LinkMail::SignIn).await
}

/// Signs in with a mailed link (once, within [`rules::SIGN_IN_LINK_TTL_SECONDS`]); the link also confirms the
/// address, as a verification link does (sessions opened before then end).
pub async fn sign_in_with_link(
    state: &AppState,
    token: &str,
    client: Client<'_>,
) -> Result<(SignedIn, Option<String>), AppError> {
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    let Some(user_id) = queries::consume_token(&mut tx, &token_hash(token), TokenPurpose::SignIn, now).await? else {
        drop(tx);
        check_token(state, token, TokenPurpose::SignIn).await?;
        return Err(AppError::user(rules::token_error(None)));
    };
    // A first verification by a sign-in link drops the registration's password, as `verify_email` does.
    let mut choose_password = None;
    if queries::mark_verified(&mut tx, user_id, now).await? {
        queries::end_sessions(&mut tx, user_id, session_clock()).await?;
        choose_password = Some(drop_unproven_password(&mut tx, user_id).await?);
    }
    tx.commit().await?;
    let (_, known) = client_key(state, client, Some(user_id)).await?;
    Ok((remember(state, user_id, client, known).await?, choose_password))
}

/// Sends a password-reset link, in the account's language, if the address has an account. Says nothing either
/// way (no address probing).
pub async fn request_password_reset(state: &AppState, email: &str) -> Result<(), AppError> {
    mail_link_to_account(state, email, LinkMail::Reset).await
}

/// Sets a new password from a reset link. A reset also confirms the address (the link arrived there).
pub async fn reset_password(state: &AppState, token: &str, pass: String, confirm: String) -> Result<i64, AppError> {
    check_token(state, token, TokenPurpose::ResetPassword).await?;
    let record = queries::find_token(&state.db, &token_hash(token)).await?.ok_or(AppError::NotFound)?;
    let user = queries::find_by_id(&state.db, record.user_id).await?.ok_or(AppError::NotFound)?;
    invalid(rules::check_new_password(&pass, &confirm, user.email.as_deref().unwrap_or_default()))?;
    let hash = password::hash(pass).await?;
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    let Some(user_id) = queries::consume_token(&mut tx, &token_hash(token), TokenPurpose::ResetPassword, now).await?
    else {
        return Err(AppError::user(rules::token_error(Some(TokenStatus::Used))));
    };
    queries::set_password(&mut tx, user_id, &hash).await?;
    queries::mark_verified(&mut tx, user_id, now).await?;
    // Every session of the account ends: whoever held one (a registrant of someone else's address, a thief of
    // the old password) is out. The handler signs the person who reset it in anew.
    queries::end_sessions(&mut tx, user_id, session_clock()).await?;
    queries::unlink_providers(&mut tx, user_id).await?;
    let entry = NewEntry {
        actor_id: Some(user_id),
        action: "password_reset",
        target_kind: "account",
        target_id: user_id,
        reason: String::new(),
    };
    audit::append(&mut tx, state.db.backend, &entry, now).await?;
    tx.commit().await?;
    Ok(user_id)
}

/// Updates name, language and district.
pub async fn update_profile(
    state: &AppState,
    user: &CurrentUser,
    display_name: &str,
    language: &str,
    district_id: Option<i64>,
) -> Result<(), AppError> {
    let mut errors: Vec<FieldError> = vec![];
    errors.extend(rules::check_display_name(display_name));
    let lang = Lang::from_code(language);
    if lang.is_none() {
        errors.push(UserError::field("language", "error-language-invalid"));
    }
    errors.extend(check_district(state, district_id).await?);
    invalid(errors)?;
    let lang = lang.unwrap_or_default();
    if !queries::update_profile(&state.db, user.id, display_name.trim(), lang.code(), district_id).await? {
        return Err(AppError::user(UserError::field("district_id", "error-district-verified")));
    }
    Ok(())
}

/// Records the language chosen with the switcher on a signed-in account.
pub async fn set_language(state: &AppState, user: &CurrentUser, lang: Lang) -> Result<(), AppError> {
    queries::set_language(&state.db, user.id, lang.code()).await?;
    Ok(())
}

/// Changes the password after checking the current one.
pub async fn change_password(
    state: &AppState,
    user: &CurrentUser,
    current: String,
    new: String,
    confirm: String,
    client: Client<'_>,
) -> Result<(), AppError> {
    let mut errors = rules::check_new_password(&new, &confirm, &user.email);
    let wrong = UserError::field("current_password", "error-current-password-wrong");
    signed_in_password(state, user, current, client, wrong, &mut errors).await?;
    invalid(errors)?;
    let hash = password::hash(new).await?;
    let mut tx = state.db.pool.begin().await?;
    queries::set_password(&mut tx, user.id, &hash).await?;
    // Other sessions end, and the providers linked to the account with them; the handler stamps the session that
    // made the change anew.
    queries::end_sessions(&mut tx, user.id, session_clock()).await?;
    queries::unlink_providers(&mut tx, user.id).await?;
    tx.commit().await?;
    Ok(())
}

/// Everything stored about the person, as JSON (GDPR art. 15 and 20).
pub async fn export_data(state: &AppState, user_id: i64) -> Result<serde_json::Value, AppError> {
    let user = queries::find_by_id(&state.db, user_id).await?.ok_or(AppError::Unauthenticated)?;
    let email = user.email.clone().unwrap_or_default();
    let district = match user.district_id {
        Some(id) => crate::town::district_name(&state.db, id).await?,
        None => None,
    };
    let roles = queries::role_grants_of(&state.db, user_id).await?;
    let failures = queries::login_failures_of(&state.db, &email).await?;
    let notify_mode = queries::notify_mode(&state.db, user_id).await?;
    let mut export = serde_json::json!({
        "format": "clairvoie-account-export/1",
        "exported_at": now(),
        "account": {
            "id": user.id,
            "email": email,
            "display_name": user.display_name,
            "language": user.language.code(),
            "district": district,
            "email_verified_at": user.email_verified_at,
            "created_at": user.created_at,
        },
        "roles": roles.iter().map(|(role, at)| serde_json::json!({"role": role, "granted_at": at})).collect::<Vec<_>>(),
        // When someone failed to sign in as you — not from where: those addresses are other people's.
        "failed_sign_ins": failures.iter().map(|(_, at)| serde_json::json!({"at": at})).collect::<Vec<_>>(),
        "notifications": {"mode": notify_mode},
    });
    // What the features above hold (consultations: "participation"; budgets: "budgets").
    if let Some(fields) = export.as_object_mut() {
        fields.extend(super::personal_data::gather(state, user_id).await?);
    }
    Ok(export)
}

/// Deletes the account (GDPR art. 17) after checking the password and the typed confirmation.
pub async fn delete_account(
    state: &AppState,
    user: &CurrentUser,
    pass: String,
    confirmed: bool,
    client: Client<'_>,
) -> Result<(), AppError> {
    let mut errors = vec![];
    if !confirmed {
        errors.push(UserError::field("confirm", "error-delete-confirm"));
    }
    let wrong = UserError::field("delete_password", "error-current-password-wrong");
    signed_in_password(state, user, pass, client, wrong, &mut errors).await?;
    invalid(errors)?;
    if user.has(Role::Admin) && queries::count_with_role(&state.db, Role::Admin).await? <= 1 {
        return Err(AppError::user(UserError::general("error-last-admin")));
    }
    let mut tx = state.db.pool.begin().await?;
    queries::erase_account(&mut tx, user.id, &user.email, now()).await?;
    let entry = NewEntry::by(Some(user), "account_delete", "account", user.id, "");
    audit::append(&mut tx, state.db.backend, &entry, now()).await?;
    tx.commit().await?;
    Ok(())
}

/// Grants or takes back a role, as `actor`.
pub async fn set_role(
    state: &AppState,
    actor: Option<&CurrentUser>,
    target: i64,
    role: Role,
    grant: bool,
) -> Result<(), AppError> {
    let action = if grant { Action::GrantRole(role) } else { Action::RevokeRole(role) };
    if !can(actor, action, Resource::User(target)) {
        return Err(AppError::denied(actor.is_some()));
    }
    queries::find_by_id(&state.db, target).await?.ok_or(AppError::NotFound)?;
    // The change and its audit entry commit together.
    let mut tx = state.db.pool.begin().await?;
    if grant {
        queries::grant_role(&mut tx, target, role, actor.map(|a| a.id), now()).await?;
    } else {
        queries::revoke_role(&mut tx, target, role).await?;
    }
    let entry = crate::audit::NewEntry {
        actor_id: actor.map(|a| a.id),
        action: if grant { "role_grant" } else { "role_revoke" },
        target_kind: "account",
        target_id: target,
        reason: role.code().to_string(),
    };
    crate::audit::append(&mut tx, state.db.backend, &entry, now()).await?;
    tx.commit().await?;
    tracing::info!(actor = actor.map(|a| a.id), target, role = role.code(), grant, "role changed");
    Ok(())
}

/// Accounts for the administration page.
pub async fn list_users(
    state: &AppState,
    actor: Option<&CurrentUser>,
    filter: &str,
) -> Result<Vec<UserSummary>, AppError> {
    if !can(actor, Action::Administer, Resource::Site) {
        return Err(AppError::denied(actor.is_some()));
    }
    Ok(queries::list_users(&state.db, filter, 200)
        .await?
        .into_iter()
        .map(|(u, roles)| UserSummary {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            verified: u.email_verified_at.is_some(),
            created_at: u.created_at,
            roles,
        })
        .collect())
}

/// `clairvoie create-admin EMAIL`: creates the account (or promotes an existing one) and returns a one-time
/// link to set its password.
pub async fn create_admin(state: &AppState, email: &str) -> Result<String, AppError> {
    let email = rules::normalize_email(email);
    if let Some(error) = rules::check_email(&email) {
        return Err(AppError::user(error));
    }
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    let user_id = match queries::find_by_email(&state.db, &email).await? {
        Some(user) => user.id,
        None => {
            let name = email.split('@').next().unwrap_or("admin").to_string();
            let new_user = queries::NewUser {
                email: &email,
                display_name: &name,
                password_hash: None,
                language: Lang::Fr.code(),
                district_id: None,
                email_verified_at: Some(now),
            };
            queries::insert_user(&mut tx, &new_user, now)
                .await?
                .ok_or_else(|| AppError::Internal("address taken while creating the admin".into()))?
        }
    };
    queries::grant_role(&mut tx, user_id, Role::Resident, None, now).await?;
    queries::grant_role(&mut tx, user_id, Role::Admin, None, now).await?;
    let token = issue_token(&mut tx, user_id, TokenPurpose::ResetPassword, rules::ADMIN_SETUP_TTL_SECONDS).await?;
    tx.commit().await?;
    Ok(format!("{}{}?jeton={token}", state.config.public_url, super::paths::RESET))
}

/// Creates or refreshes an account with a known password (demo town only).
pub async fn ensure_account(
    state: &AppState,
    email: &str,
    display_name: &str,
    pass: &str,
    roles: &[Role],
    district_id: Option<i64>,
) -> Result<i64, AppError> {
    let now = now();
    let existing = queries::find_by_email(&state.db, email).await?;
    let mut tx = state.db.pool.begin().await?;
    let user_id = match existing {
        Some(user) => user.id,
        None => {
            let hash = password::hash(pass.to_string()).await?;
            let new_user = queries::NewUser {
                email,
                display_name,
                password_hash: Some(&hash),
                language: Lang::Fr.code(),
                district_id,
                email_verified_at: Some(now),
            };
            queries::insert_user(&mut tx, &new_user, now)
                .await?
                .ok_or_else(|| AppError::Internal("demo address taken concurrently".into()))?
        }
    };
    queries::grant_role(&mut tx, user_id, Role::Resident, None, now).await?;
    for role in roles {
        queries::grant_role(&mut tx, user_id, *role, None, now).await?;
    }
    tx.commit().await?;
    Ok(user_id)
}
