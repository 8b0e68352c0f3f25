//! Residence verified from an identity a provider vouches for (FranceConnect's given names, family name and
//! birth date): the register decides, as for the online match, but without a postcode, which such an identity
//! does not carry — so only a person the register holds once under that name and birth date is verified.

use super::{secret, set_residence};
use crate::audit::{self, NewEntry};
use crate::db::now;
use crate::eligibility::policy::Method;
use crate::eligibility::queries;
use crate::eligibility::rules::{self, Identity};
use crate::error::AppError;
use crate::state::AppState;

/// What an identity did to an account's residence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityOutcome {
    /// The register holds the person once: the account is verified with its district.
    Verified,
    /// The account was verified already (a move is a new verification, made on purpose).
    AlreadyVerified,
    /// The register does not hold the person, or holds several under that name and birth date.
    NotFound,
    /// Another account holds the person already (shown to staff in the audit log, not to the person).
    Taken,
}

/// Verifies account `user_id` from a provider's identity claims: `family` and `given` as the provider spells
/// them, `birth` as an ISO date. Audited with the provider's name.
pub async fn verify_by_identity(
    state: &AppState,
    user_id: i64,
    provider: &str,
    family: &str,
    given: &str,
    birth: &str,
) -> Result<IdentityOutcome, AppError> {
    let Some(birth) = rules::parse_birth_date(birth) else {
        return Ok(IdentityOutcome::NotFound);
    };
    if super::verified(state, user_id).await?.is_some() {
        return Ok(IdentityOutcome::AlreadyVerified);
    }
    let secret = secret(state)?;
    let mut people = vec![];
    for family in rules::family_name_candidates(family) {
        for given in rules::given_name_candidates(given) {
            people.push(rules::person_key(&secret, &Identity { family: family.clone(), given, birth }));
        }
    }
    let entries = queries::entries_of_people(&state.db, &people).await?;
    let [entry] = entries.as_slice() else {
        return Ok(IdentityOutcome::NotFound);
    };
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    let taken = queries::person_taken(&mut tx, &people, user_id).await?;
    let recorded = !taken
        && queries::claim(&mut tx, entry.id, user_id, now).await?
        && set_residence(&mut tx, user_id, Method::Oidc, entry.district_id, Some(&birth), Some(&entry.person_key), now)
            .await?;
    if !recorded {
        tx.rollback().await?;
        let mut tx = state.db.pool.begin().await?;
        let note =
            NewEntry::by(None, "register_second_claim", "register", entry.id, format!("{provider}, account {user_id}"));
        audit::append(&mut tx, state.db.backend, &note, now).await?;
        tx.commit().await?;
        return Ok(IdentityOutcome::Taken);
    }
    let note =
        NewEntry { actor_id: Some(user_id), ..NewEntry::by(None, "residence_verify", "account", user_id, provider) };
    audit::append(&mut tx, state.db.backend, &note, now).await?;
    tx.commit().await?;
    Ok(IdentityOutcome::Verified)
}
