//! Letter codes: a resident asks for a letter at their address; staff print the pending letters (one code each,
//! only its hash kept, the name and address erased once printed); the code typed verifies the account with the
//! letter's district. The request, the print and the use are audited.

use super::set_residence;
use crate::access::{require, Action};
use crate::accounts::queries::{throttle_count, throttle_record};
use crate::audit::{self, NewEntry};
use crate::ctx::CurrentUser;
use crate::db::now;
pub use crate::eligibility::letters::PrintedLetter;
use crate::eligibility::letters::{self, LetterForm};
use crate::eligibility::policy::Method;
use crate::eligibility::queries;
pub use crate::eligibility::PendingLetter;
use crate::error::{AppError, UserError};
use crate::state::AppState;

/// Wrong codes an account may type in a day.
pub const MAX_CODE_FAILURES_PER_DAY: i64 = 5;

/// Where the account's letter stands, for "my account".
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LetterStatus {
    /// When it was asked for.
    pub requested_at: i64,
    /// When it was printed (then its code can be typed).
    pub printed_at: Option<i64>,
    /// Until when its code verifies.
    pub expires_at: Option<i64>,
    /// When staff refused to send it, if they did.
    pub refused_at: Option<i64>,
}

/// A confirmed resident who is not verified asks for a letter at their address; one open letter per account.
pub async fn request_letter(state: &AppState, user: Option<&CurrentUser>, form: &LetterForm) -> Result<(), AppError> {
    let user = user.ok_or(AppError::Unauthenticated)?;
    if !user.verified {
        return Err(AppError::user(UserError::general("error-register-email-first")));
    }
    let request = letters::validate(form).map_err(AppError::Invalid)?;
    if !crate::town::district_exists(&state.db, request.district).await? {
        return Err(AppError::user(UserError::field("letter_district", "error-district-invalid")));
    }
    // Once the town's register is imported, its postcodes are the town's: a letter goes to an address in town.
    let postcodes = crate::town::setting(&state.db, super::POSTCODES_SETTING).await?.unwrap_or_default();
    if !postcodes.is_empty() && !postcodes.split(',').any(|p| p == request.postcode) {
        return Err(AppError::user(UserError::field("letter_postcode", "error-letter-postcode")));
    }
    if super::residence(state, user.id).await?.is_some() {
        return Err(AppError::user(UserError::general("error-letter-verified")));
    }
    let now = now();
    if let Some((_, _, printed, expires, refused)) = queries::open_letter(&state.db, user.id).await? {
        // Waiting to be printed, or printed and still valid: that letter is the one to wait for (a refused one
        // may be asked again, corrected).
        if refused.is_none() && (printed.is_none() || expires.is_some_and(|e| e > now)) {
            return Err(AppError::user(UserError::general("error-letter-pending")));
        }
    }
    let address = crate::eligibility::rules::address_hash(
        &super::secret(state)?,
        &letters::address_key(&request.address, &request.postcode),
    );
    let mut tx = state.db.pool.begin().await?;
    let id = queries::insert_letter(&mut tx, user.id, &request, &address, now).await?;
    audit::append(&mut tx, state.db.backend, &NewEntry::by(Some(user), "letter_request", "letter", id, ""), now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The account's open letter, if any.
pub async fn letter_status(state: &AppState, user_id: i64) -> Result<Option<LetterStatus>, AppError> {
    Ok(queries::open_letter(&state.db, user_id).await?.map(|(_, requested_at, printed_at, expires_at, refused_at)| {
        LetterStatus { requested_at, printed_at, expires_at, refused_at }
    }))
}

/// The letters waiting to be printed, with the addresses that repeat (admins).
pub async fn pending_letters(state: &AppState, actor: Option<&CurrentUser>) -> Result<Vec<PendingLetter>, AppError> {
    require(actor, Action::Administer)?;
    let mut conn = state.db.pool.acquire().await?;
    let rows = queries::pending_letters(&mut conn, now()).await?;
    Ok(rows
        .iter()
        .map(|r| PendingLetter {
            id: r.id,
            recipient: r.recipient.clone(),
            address: r.address.clone(),
            postcode: r.postcode.clone(),
            district: r.district.clone(),
            requested_at: r.requested_at,
            same_address: usize::try_from(r.same_address).unwrap_or(usize::MAX),
        })
        .collect())
}

/// Admins refuse to send pending letter `id` (its address is not in the district given, or not one at all): its
/// name and address are erased, and the resident may ask again. Audited.
pub async fn refuse_letter(state: &AppState, actor: Option<&CurrentUser>, id: i64) -> Result<(), AppError> {
    let actor = require(actor, Action::Administer)?;
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    if !queries::refuse_letter(&mut tx, id, now).await? {
        return Err(AppError::NotFound);
    }
    audit::append(&mut tx, state.db.backend, &NewEntry::by(Some(actor), "letter_refuse", "letter", id, ""), now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Prints every pending letter (admins): a new code each, valid [`letters::VALID_DAYS`] days, of which only the
/// hash is kept; the names and addresses are erased. The codes exist in clear only in what this returns.
pub async fn print_letters(state: &AppState, actor: Option<&CurrentUser>) -> Result<Vec<PrintedLetter>, AppError> {
    let actor = require(actor, Action::Administer)?;
    let now = now();
    let expires_at = now + letters::VALID_DAYS * 86_400;
    let mut tx = state.db.pool.begin().await?;
    let mut printed = vec![];
    for row in queries::pending_letters(&mut tx, now).await? {
        let code = letters::new_code();
        if queries::mark_printed(&mut tx, row.id, &letters::hash(&code), actor.id, now, expires_at).await? {
            printed.push(PrintedLetter {
                recipient: row.recipient,
                address: row.address,
                postcode: row.postcode,
                district: row.district,
                code: letters::display(&code),
                expires_at,
            });
        }
    }
    if !printed.is_empty() {
        let entry = NewEntry::by(Some(actor), "letter_print", "letter", 0, printed.len().to_string());
        audit::append(&mut tx, state.db.backend, &entry, now).await?;
    }
    tx.commit().await?;
    Ok(printed)
}

/// The signed-in resident types the code of their letter: it verifies the account with the letter's district,
/// once. A wrong, expired or used code is refused as one ("this code does not verify"), counted, and after
/// [`MAX_CODE_FAILURES_PER_DAY`] the account waits a day.
pub async fn verify_by_letter(state: &AppState, user: Option<&CurrentUser>, typed: &str) -> Result<(), AppError> {
    let user = user.ok_or(AppError::Unauthenticated)?;
    let Some(code) = letters::read_code(typed) else {
        return Err(AppError::user(UserError::field("letter_code", "error-letter-code-form")));
    };
    // A letter asked for before another verification does not move a verified residence (a move is the desk's).
    if super::residence(state, user.id).await?.is_some() {
        return Err(AppError::user(UserError::general("error-letter-verified")));
    }
    let now = now();
    let key = user.id.to_string();
    let day_ago = now - 24 * 3600;
    // Counted before it is tried, so that attempts sent at once cannot all pass the count (a success counts too:
    // there is one letter to type).
    throttle_record(&state.db, "letter_code", &key, now, day_ago).await?;
    if throttle_count(&state.db, "letter_code", &key, day_ago).await? > MAX_CODE_FAILURES_PER_DAY {
        return Err(AppError::user(UserError::field("letter_code", "error-too-many-today")));
    }
    let mut tx = state.db.pool.begin().await?;
    let found = queries::letter_by_code(&mut tx, user.id, &letters::hash(&code), now).await?;
    let verified = match found {
        Some((id, district)) => {
            queries::mark_letter_used(&mut tx, id, now).await?
                && set_residence(&mut tx, user.id, Method::Letter, district, None, None, now).await?
                && {
                    let used = NewEntry::by(Some(user), "letter_use", "letter", id, "");
                    audit::append(&mut tx, state.db.backend, &used, now).await?;
                    let note = NewEntry::by(Some(user), "residence_verify", "account", user.id, "letter");
                    audit::append(&mut tx, state.db.backend, &note, now).await?;
                    true
                }
        }
        None => false,
    };
    if !verified {
        tx.rollback().await?;
        return Err(AppError::user(UserError::field("letter_code", "error-letter-code")));
    }
    tx.commit().await?;
    Ok(())
}
