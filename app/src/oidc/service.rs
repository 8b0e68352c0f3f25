//! The sign-in flow. `start` sends the browser to the provider with a fresh `state`, `nonce` and PKCE
//! challenge, kept in the browser's session; `finish` takes them back once, exchanges the code, has the
//! `openidconnect` crate check the ID token (signature against the provider's keys, issuer, audience, expiry,
//! nonce) and decides which account signs in.

use super::queries;
use super::rules::{self, PENDING_TTL_SECONDS};
use crate::access::Role;
use crate::accounts::queries as accounts;
use crate::accounts::rules::normalize_email;
use crate::audit::{self, NewEntry};
use crate::config::OidcProvider;
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::eligibility::service::{verify_by_identity, IdentityOutcome};
use crate::error::{AppError, UserError};
use crate::state::AppState;
use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm,
    CoreProviderMetadata,
};
use openidconnect::{
    AdditionalClaims, AuthenticationContextClass, AuthorizationCode, ClientId, ClientSecret, CsrfToken, IdToken,
    IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
    UserInfoClaims,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The session key of a started sign-in.
pub const PENDING: &str = "oidc_pending";

/// How long a provider's discovery document (and so its keys) is trusted before it is read again.
const DISCOVERY_TTL: Duration = Duration::from_secs(600);

/// A sign-in started in this browser, kept in its session until the provider sends it back.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Pending {
    /// The provider's name.
    pub provider: String,
    /// The `state` sent.
    pub state: String,
    /// The `nonce` sent.
    pub nonce: String,
    /// The PKCE verifier.
    pub verifier: String,
    /// Where to go afterwards (a local path).
    pub next: String,
    /// The signed-in account this sign-in links the identity to (from "my account"), if any.
    pub link_to: Option<i64>,
    /// When it started (Unix seconds).
    pub at: i64,
}

/// What the provider's redirect carries.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct Callback {
    /// The authorization code.
    pub code: String,
    /// The `state` sent back.
    pub state: String,
    /// An error the provider reports (the person cancelled, …).
    pub error: String,
}

/// Every claim the standard set does not name, for a directory's groups.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct OtherClaims {
    #[serde(flatten)]
    fields: serde_json::Map<String, serde_json::Value>,
}
impl AdditionalClaims for OtherClaims {}

type Token = IdToken<OtherClaims, CoreGenderClaim, CoreJweContentEncryptionAlgorithm, CoreJwsSigningAlgorithm>;

/// The HTTP client: no redirect followed (the crate's advice: a redirect would let a provider's answer send the
/// server elsewhere), and a bound on each exchange.
#[derive(Default)]
struct Http(std::sync::OnceLock<openidconnect::reqwest::Client>);

/// Discovery documents by issuer, with the time they were read.
#[derive(Default)]
struct Discovered(tokio::sync::Mutex<HashMap<String, (Instant, CoreProviderMetadata)>>);

fn http(state: &AppState) -> Result<openidconnect::reqwest::Client, AppError> {
    let cell = state.parts.get::<Http>();
    if let Some(client) = cell.0.get() {
        return Ok(client.clone());
    }
    let client = openidconnect::reqwest::Client::builder()
        .redirect(openidconnect::reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .map_err(|e| AppError::Internal(format!("OpenID Connect HTTP client: {e}")))?;
    Ok(cell.0.get_or_init(|| client).clone())
}

/// The provider named `name` in the configuration.
fn provider<'a>(state: &'a AppState, name: &str) -> Result<&'a OidcProvider, AppError> {
    state.config.oidc.iter().find(|p| p.name == name).ok_or(AppError::NotFound)
}

/// The provider's answer cannot be used: the person is told to try again, the detail goes to the log.
fn failed(provider: &str, what: &str, detail: impl std::fmt::Display) -> AppError {
    tracing::warn!(provider, what, detail = %detail, "OpenID Connect sign-in refused");
    AppError::user(UserError::general("error-oidc-failed"))
}

/// The provider's client, from its discovery document (read again after [`DISCOVERY_TTL`], or when `fresh`).
async fn client(
    state: &AppState,
    provider: &OidcProvider,
    fresh: bool,
) -> Result<
    openidconnect::core::CoreClient<
        openidconnect::EndpointSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointNotSet,
        openidconnect::EndpointMaybeSet,
        openidconnect::EndpointMaybeSet,
    >,
    AppError,
> {
    let cache = state.parts.get::<Discovered>();
    let mut documents = cache.0.lock().await;
    let metadata = match documents.get(&provider.issuer) {
        Some((at, metadata)) if !fresh && at.elapsed() < DISCOVERY_TTL => metadata.clone(),
        _ => {
            let issuer = IssuerUrl::new(provider.issuer.clone()).map_err(|e| failed(&provider.name, "issuer", e))?;
            let metadata = CoreProviderMetadata::discover_async(issuer, &http(state)?).await.map_err(|e| {
                tracing::warn!(provider = provider.name, error = %e, "OpenID Connect discovery failed");
                AppError::user(UserError::general("error-oidc-unavailable"))
            })?;
            documents.insert(provider.issuer.clone(), (Instant::now(), metadata.clone()));
            metadata
        }
    };
    let redirect = format!("{}{}", state.config.public_url, super::paths::RETURN.to([&provider.name]));
    let redirect = RedirectUrl::new(redirect).map_err(|e| failed(&provider.name, "redirect", e))?;
    Ok(CoreClient::from_provider_metadata(
        metadata,
        ClientId::new(provider.client_id.clone()),
        Some(ClientSecret::new(provider.client_secret.clone())),
    )
    .set_redirect_uri(redirect))
}

/// Starts a sign-in with provider `name`: the address to send the browser to, and what its session keeps.
/// Signed in (`user`), the identity will be linked to that account instead.
pub async fn start(
    state: &AppState,
    user: Option<&CurrentUser>,
    name: &str,
    next: &str,
) -> Result<(String, Pending), AppError> {
    let provider = provider(state, name)?;
    let client = client(state, provider, false).await?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(CoreAuthenticationFlow::AuthorizationCode, CsrfToken::new_random, Nonce::new_random)
        .add_scopes(provider.scopes.iter().map(|s| Scope::new(s.clone())))
        .set_pkce_challenge(challenge);
    if let Some(acr) = &provider.acr_values {
        request = request.add_auth_context_value(AuthenticationContextClass::new(acr.clone()));
    }
    let (url, csrf, nonce) = request.url();
    let pending = Pending {
        provider: provider.name.clone(),
        state: csrf.secret().clone(),
        nonce: nonce.secret().clone(),
        verifier: verifier.secret().clone(),
        next: next.to_string(),
        link_to: user.map(|u| u.id),
        at: now(),
    };
    Ok((url.to_string(), pending))
}

/// A finished sign-in: the account, and what the provider's identity did to its residence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    /// The account signed in.
    pub user_id: i64,
    /// Where to go.
    pub next: String,
    /// Whether the account was made now.
    pub created: bool,
    /// The residence verification, when the provider verifies residences.
    pub residence: Option<IdentityOutcome>,
}

/// The identity an ID token vouches for, as the account rules read it.
struct Claimed {
    subject: String,
    email: Option<String>,
    email_verified: bool,
    given: Option<String>,
    family: Option<String>,
    name: Option<String>,
    birth: Option<String>,
    other: serde_json::Map<String, serde_json::Value>,
}

/// Ends a sign-in that provider `name` sent back with `callback`; `pending` is what the session kept (taken
/// out of it already: a return is used once).
pub async fn finish(
    state: &AppState,
    name: &str,
    pending: Option<Pending>,
    callback: &Callback,
) -> Result<SignedIn, AppError> {
    let provider = provider(state, name)?;
    let pending = pending
        .filter(|p| p.provider == provider.name && p.at + PENDING_TTL_SECONDS >= now())
        .ok_or_else(|| failed(name, "session", "no sign-in started in this browser, or it waited too long"))?;
    if !rules::same_state(&pending.state, &callback.state) {
        return Err(failed(name, "state", "the state sent back is not the one sent"));
    }
    if !callback.error.is_empty() {
        tracing::info!(provider = name, error = callback.error, "the provider did not sign the person in");
        return Err(AppError::user(UserError::general("error-oidc-cancelled")));
    }
    let claimed = exchange(state, provider, &pending, &callback.code).await?;
    let (user_id, created) = account_for(state, provider, &pending, &claimed).await?;
    if let (Some(claim), false) = (&provider.roles_claim, provider.roles.is_empty()) {
        follow_directory(state, provider, user_id, &rules::groups_at(&claimed.other, claim)).await?;
    }
    let residence = match (provider.residence, &claimed.family, &claimed.given, &claimed.birth) {
        (true, Some(family), Some(given), Some(birth)) => {
            Some(verify_by_identity(state, user_id, &provider.name, family, given, birth).await?)
        }
        (true, ..) => Some(IdentityOutcome::NotFound),
        _ => None,
    };
    queries::touch(&state.db, &provider.name, &claimed.subject, now()).await?;
    Ok(SignedIn { user_id, next: pending.next, created, residence })
}

/// Exchanges the code (with the PKCE verifier) and has the crate check the ID token.
async fn exchange(
    state: &AppState,
    provider: &OidcProvider,
    pending: &Pending,
    code: &str,
) -> Result<Claimed, AppError> {
    let name = provider.name.as_str();
    if code.is_empty() || code.len() > 2048 {
        return Err(failed(name, "code", "no usable code"));
    }
    let client = client(state, provider, false).await?;
    let request =
        client.exchange_code(AuthorizationCode::new(code.to_string())).map_err(|e| failed(name, "token", e))?;
    let response = request
        .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
        .request_async(&http(state)?)
        .await
        .map_err(|e| failed(name, "token", e))?;
    let raw = response.id_token().ok_or_else(|| failed(name, "id_token", "the token answer has no ID token"))?;
    // Read again with every claim kept (a directory's groups), then checked by the crate like the original.
    let token: Token = raw.to_string().parse().map_err(|e| failed(name, "id_token", e))?;
    let nonce = Nonce::new(pending.nonce.clone());
    let verified = {
        let verifier = client.id_token_verifier().set_allowed_algs(signing_algs());
        match token.claims(&verifier, &nonce) {
            Ok(claims) => Ok(claims.clone()),
            Err(e) => Err(e),
        }
    };
    let claims = match verified {
        Ok(claims) => claims,
        // The provider may have rotated its keys since the discovery was read: read it once more, then decide.
        Err(openidconnect::ClaimsVerificationError::SignatureVerification(_)) => {
            let client = self::client(state, provider, true).await?;
            let verifier = client.id_token_verifier().set_allowed_algs(signing_algs());
            token.claims(&verifier, &nonce).map_err(|e| failed(name, "id_token", e))?.clone()
        }
        Err(e) => return Err(failed(name, "id_token", e)),
    };
    let mut claimed = Claimed {
        subject: claims.subject().as_str().to_string(),
        email: claims.email().map(|e| normalize_email(e.as_str())),
        email_verified: claims.email_verified() == Some(true),
        given: localized(claims.given_name()),
        family: localized(claims.family_name()),
        name: localized(claims.name()),
        birth: claims.birthdate().map(|b| b.as_str().to_string()),
        other: claims.additional_claims().fields.clone(),
    };
    // Providers such as FranceConnect give the identity at the userinfo endpoint rather than in the ID token:
    // asked with the access token just obtained, for the subject the ID token named (the crate checks it).
    if let Ok(request) = client.user_info(response.access_token().clone(), Some(claims.subject().clone())) {
        let info: UserInfoClaims<OtherClaims, CoreGenderClaim> =
            request.request_async(&http(state)?).await.map_err(|e| failed(name, "userinfo", e))?;
        if claimed.email.is_none() {
            claimed.email = info.email().map(|e| normalize_email(e.as_str()));
            claimed.email_verified = info.email_verified() == Some(true);
        }
        claimed.given = claimed.given.or_else(|| localized(info.given_name()));
        claimed.family = claimed.family.or_else(|| localized(info.family_name()));
        claimed.name = claimed.name.or_else(|| localized(info.name()));
        claimed.birth = claimed.birth.or_else(|| info.birthdate().map(|b| b.as_str().to_string()));
        for (key, value) in &info.additional_claims().fields {
            claimed.other.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }
    Ok(claimed)
}

/// A claim in the default language, if it says something.
fn localized<T: std::ops::Deref<Target = String>>(claim: Option<&openidconnect::LocalizedClaim<T>>) -> Option<String> {
    claim.and_then(|c| c.get(None)).map(|v| v.to_string()).filter(|v| !v.trim().is_empty())
}

/// The signatures an ID token may carry: the asymmetric ones only (never `none`, never a secret shared with
/// the client).
fn signing_algs() -> Vec<CoreJwsSigningAlgorithm> {
    use CoreJwsSigningAlgorithm::*;
    vec![
        RsaSsaPkcs1V15Sha256,
        RsaSsaPkcs1V15Sha384,
        RsaSsaPkcs1V15Sha512,
        RsaSsaPssSha256,
        RsaSsaPssSha384,
        RsaSsaPssSha512,
        EcdsaP256Sha256,
        EcdsaP384Sha384,
        EdDsa,
    ]
}

/// The account the identity signs in to, and whether it was made now:
/// - signed in and linking from "my account": that account (unless the identity is another account's);
/// - an identity linked before: its account;
/// - an address the provider says it verified, of an account whose address was verified too: that account,
///   linked now (an unverified address on either side could be someone else's: refused, never linked);
/// - otherwise a new resident account at the address the provider verified (an unverified one: refused).
///
/// Never a staff account through a provider that maps no roles ([`staff_refused`]).
async fn account_for(
    state: &AppState,
    provider: &OidcProvider,
    pending: &Pending,
    claimed: &Claimed,
) -> Result<(i64, bool), AppError> {
    let name = provider.name.as_str();
    let linked = queries::account_of(&state.db, name, &claimed.subject).await?;
    if let Some(user_id) = pending.link_to {
        // Only an account whose address is confirmed links a provider: a link made by whoever registered someone
        // else's address would outlive the owner's taking the account back.
        let confirmed = accounts::find_by_id(&state.db, user_id).await?.is_some_and(|u| u.email_verified_at.is_some());
        if !confirmed {
            return Err(AppError::user(UserError::general("error-oidc-link-unconfirmed")));
        }
        staff_refused(state, provider, user_id).await?;
        return match linked {
            Some(owner) if owner == user_id => Ok((user_id, false)),
            Some(_) => Err(AppError::user(UserError::general("error-oidc-linked-elsewhere"))),
            None => {
                link(state, provider, &claimed.subject, user_id, "from my account").await.map(|()| (user_id, false))
            }
        };
    }
    if let Some(user_id) = linked {
        staff_refused(state, provider, user_id).await?;
        return Ok((user_id, false));
    }
    // The address as the provider gives it, in ASCII: other characters may fold onto someone else's address
    // ("\u{212A}ate@…" lower-cases to "kate@…").
    let email = claimed.email.clone().filter(|e| e.is_ascii() && crate::accounts::rules::check_email(e).is_none());
    let Some(email) = email else {
        return Err(AppError::user(UserError::general("error-oidc-no-email")));
    };
    // Whoever holds the provider's account may not own an address the provider did not verify.
    if !claimed.email_verified {
        return Err(AppError::user(UserError::general("error-oidc-email-unproven")));
    }
    if let Some(existing) = accounts::find_by_email(&state.db, &email).await? {
        if existing.email_verified_at.is_none() {
            return Err(AppError::user(UserError::general("error-oidc-email-unverified")));
        }
        staff_refused(state, provider, existing.id).await?;
        link(state, provider, &claimed.subject, existing.id, "verified address").await?;
        return Ok((existing.id, false));
    }
    let now = now();
    let display_name =
        rules::display_name(claimed.given.as_deref(), claimed.family.as_deref(), claimed.name.as_deref(), &email);
    // Held to the profile form's rule: what a provider's claims give may still be too short, or symbols only.
    let display_name = [display_name, rules::display_name(None, None, None, &email)]
        .into_iter()
        .find(|n| crate::accounts::rules::check_display_name(n).is_none())
        .unwrap_or_else(|| "Habitant".to_string());
    let mut tx = state.db.pool.begin().await?;
    let new_user = accounts::NewUser {
        email: &email,
        display_name: &display_name,
        password_hash: None,
        language: crate::i18n::Lang::Fr.code(),
        district_id: None,
        email_verified_at: Some(now),
    };
    let Some(user_id) = accounts::insert_user(&mut tx, &new_user, now).await? else {
        // The address was taken meanwhile: the person tries again and is linked by the rule above.
        return Err(failed(name, "account", "address taken while creating the account"));
    };
    accounts::grant_role(&mut tx, user_id, Role::Resident, None, now).await?;
    if !queries::link(&mut tx, name, &claimed.subject, user_id, now).await? {
        return Err(failed(name, "account", "identity linked while creating the account"));
    }
    let note = NewEntry { actor_id: Some(user_id), ..NewEntry::by(None, "oidc_link", "account", user_id, name) };
    audit::append(&mut tx, state.db.backend, &note, now).await?;
    tx.commit().await?;
    Ok((user_id, true))
}

/// A residents' provider (one that maps no roles) never signs in to, nor links, a staff account: staff sign in
/// with their password or through the town's directory, so that a resident's provider account — or a link made
/// from a stolen staff session — is never a way into staff powers.
async fn staff_refused(state: &AppState, provider: &OidcProvider, user_id: i64) -> Result<(), AppError> {
    let staff = accounts::roles_of(&state.db, user_id).await?.iter().any(|r| *r != Role::Resident);
    if staff && provider.roles_claim.is_none() {
        return Err(AppError::user(UserError::general("error-oidc-staff")));
    }
    Ok(())
}

/// Links `subject` of the provider to `user_id`, audited.
async fn link(
    state: &AppState,
    provider: &OidcProvider,
    subject: &str,
    user_id: i64,
    how: &str,
) -> Result<(), AppError> {
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    if !queries::link(&mut tx, &provider.name, subject, user_id, now).await? {
        return Err(AppError::user(UserError::general("error-oidc-linked-elsewhere")));
    }
    let reason = format!("{}, {how}", provider.name);
    let note = NewEntry { actor_id: Some(user_id), ..NewEntry::by(None, "oidc_link", "account", user_id, reason) };
    audit::append(&mut tx, state.db.backend, &note, now).await?;
    tx.commit().await?;
    Ok(())
}

/// Makes the account's roles follow the directory's groups (staff single sign-on, when configured), each
/// change audited as the directory's.
async fn follow_directory(
    state: &AppState,
    provider: &OidcProvider,
    user_id: i64,
    groups: &[String],
) -> Result<(), AppError> {
    let held = accounts::roles_of(&state.db, user_id).await?;
    let (grant, revoke) = rules::role_changes(&held, groups, &provider.roles);
    if grant.is_empty() && revoke.is_empty() {
        return Ok(());
    }
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    let reason = |role: Role| format!("{} ({})", role.code(), provider.name);
    for role in grant {
        accounts::grant_role(&mut tx, user_id, role, None, now).await?;
        audit::append(
            &mut tx,
            state.db.backend,
            &NewEntry::by(None, "role_grant", "account", user_id, reason(role)),
            now,
        )
        .await?;
    }
    for role in revoke {
        accounts::revoke_role(&mut tx, user_id, role).await?;
        audit::append(
            &mut tx,
            state.db.backend,
            &NewEntry::by(None, "role_revoke", "account", user_id, reason(role)),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The providers account `user_id` is linked to, for "my account" and "download my data".
pub async fn personal_data(state: &AppState, user_id: i64) -> Result<serde_json::Value, AppError> {
    let links = queries::links_of(&state.db, user_id).await?;
    Ok(serde_json::Value::Array(
        links
            .into_iter()
            .map(|(provider, linked_at, last_used)| {
                serde_json::json!({"provider": provider, "linked_at": linked_at, "last_used": last_used})
            })
            .collect(),
    ))
}
