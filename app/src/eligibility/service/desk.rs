//! Desk verification: an agent who checked an identity document verifies an account or a light record.

use super::{identity_errors, secret, set_residence};
use crate::access::{require, Action};
use crate::audit::{self, NewEntry};
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::eligibility::policy::Date;
use crate::eligibility::policy::Method;
use crate::eligibility::queries;
use crate::eligibility::rules::{self, Identity};
use crate::error::{AppError, UserError};
use crate::state::AppState;

/// What a desk agent types from an identity document (and, for someone not on the register, a proof of
/// address): the given names as the document writes them (the first one is the key), never guessed.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DeskCheck {
    /// Family name.
    pub family_name: String,
    /// Given names as on the document ("Jean-Pierre, Marc").
    pub given_names: String,
    /// Birth date.
    pub birth_date: String,
    /// Postcode of the address.
    pub postcode: String,
    /// The district's id, from the proof of address: used only for someone the register does not hold.
    pub district: String,
}

/// A desk check, read: every spelling the identity may have on the register or in another door (family names
/// with and without a usage name, each run of the given names), the birth date, the postcode, the district
/// chosen (if any).
#[derive(Clone, Debug)]
pub struct DeskIdentity {
    identities: Vec<Identity>,
    birth: Date,
    postcode: String,
    district: Option<i64>,
}

impl DeskIdentity {
    /// The birth date read (ISO), to find the light record of someone without email.
    pub fn birth_iso(&self) -> String {
        self.birth.iso()
    }
}

/// Reads a desk check, each error naming its field.
pub fn read_desk_check(form: &DeskCheck) -> Result<DeskIdentity, AppError> {
    let families = rules::family_name_candidates(&form.family_name);
    let given = rules::given_name_candidates(&form.given_names);
    let birth = rules::parse_birth_date(&form.birth_date);
    let postcode = rules::parse_postcode(&form.postcode);
    let district = match form.district.trim() {
        "" => Ok(None),
        text => text.parse::<i64>().map(Some).map_err(|_| ()),
    };
    let family = families.first().cloned().unwrap_or_default();
    let mut errors = identity_errors(&family, given.is_empty(), birth, postcode.as_ref());
    if district.is_err() {
        errors.push(UserError::field("district", "error-district-invalid"));
    }
    match (birth, postcode, district) {
        (Some(birth), Some(postcode), Ok(district)) if errors.is_empty() => {
            let identities = families
                .iter()
                .flat_map(|family| given.iter().map(|g| Identity { family: family.clone(), given: g.clone(), birth }))
                .collect();
            Ok(DeskIdentity { identities, birth, postcode, district })
        }
        _ => Err(AppError::Invalid(errors)),
    }
}

/// How a desk check verified an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeskOutcome {
    /// The register holds the person: its entry is now the account's, with its district.
    Register,
    /// The register does not hold them: verified with the district of their proof of address.
    Declared,
}

/// How long a desk check waits for its second staff member (the person is at the desk: a day is plenty).
pub const CONFIRM_WITHIN: i64 = 24 * 3600;

/// A desk agent who checked an identity document records the check of account `user_id` (an online account, or
/// the light record of someone without email). The person's register entry, if any, gives the district, and will
/// become the account's, so one person stays one voter whichever door they came through; someone the register
/// does not hold gets the district the agent chose from a proof of address. Another account of the same person
/// (by the register, an earlier desk check or any spelling of the name) is refused, and the agent is told so:
/// they saw the document. Nothing is verified yet: a second staff member confirms ([`confirm_desk_check`]), so
/// that no one makes a verified voter alone. Audited with the agent.
pub async fn verify_at_desk(
    state: &AppState,
    agent: Option<&CurrentUser>,
    user_id: i64,
    check: &DeskIdentity,
) -> Result<DeskOutcome, AppError> {
    let agent = require(agent, Action::AssistResidents)?;
    let secret = secret(state)?;
    let keys: Vec<String> =
        check.identities.iter().map(|who| rules::identity_key(&secret, who, &check.postcode)).collect();
    // Every spelling's person key: one of them held by another account is that person, verified already.
    let people: Vec<String> = check.identities.iter().map(|who| rules::person_key(&secret, who)).collect();
    let entry = queries::find_by_identity(&state.db, &keys).await?;
    let (district, outcome) = match (&entry, check.district) {
        (Some(e), _) => (e.district_id, DeskOutcome::Register),
        (None, Some(d)) if crate::town::district_exists(&state.db, d).await? => (d, DeskOutcome::Declared),
        (None, Some(_)) => return Err(AppError::user(UserError::field("district", "error-district-invalid"))),
        (None, None) => return Err(AppError::user(UserError::field("district", "error-desk-district-needed"))),
    };
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    let mut people = people;
    if let Some(e) = &entry {
        if !people.contains(&e.person_key) {
            people.push(e.person_key.clone());
        }
    }
    // Already verified under any spelling, or waiting for a second staff member under another account.
    let taken = queries::person_taken(&mut tx, &people, user_id).await?
        || queries::pending_check_of(&mut tx, &people, user_id, now - CONFIRM_WITHIN).await?
        || entry.as_ref().is_some_and(|e| e.claimed_by.is_some_and(|by| by != user_id));
    if taken {
        let note = match &entry {
            Some(e) => NewEntry::by(Some(agent), "register_second_claim", "register", e.id, "desk"),
            None => NewEntry::by(Some(agent), "register_second_claim", "account", user_id, "desk"),
        };
        audit::append(&mut tx, state.db.backend, &note, now).await?;
        tx.commit().await?;
        return Err(AppError::user(UserError::general("error-desk-already-verified")));
    }
    let row = queries::DeskCheckRow {
        id: 0,
        user_id,
        agent_id: Some(agent.id),
        entry_id: entry.as_ref().map(|e| e.id),
        district_id: district,
        birth_date: check.birth.iso(),
        person_key: entry.as_ref().map_or(people[0].clone(), |e| e.person_key.clone()),
        on_register: i64::from(outcome == DeskOutcome::Register),
        created_at: now,
    };
    let id = queries::insert_desk_check(&mut tx, &row).await?;
    queries::set_check_people(&mut tx, id, &people).await?;
    let reason = match outcome {
        DeskOutcome::Register => "register",
        DeskOutcome::Declared => "proof of address",
    };
    audit::append(&mut tx, state.db.backend, &NewEntry::by(Some(agent), "desk_check", "account", user_id, reason), now)
        .await?;
    tx.commit().await?;
    Ok(outcome)
}

/// A second staff member (never the agent who recorded it) confirms a desk check made within
/// [`CONFIRM_WITHIN`]: the account is then verified, by the register's entry or the proof of address. Audited
/// with both.
pub async fn confirm_desk_check(state: &AppState, actor: Option<&CurrentUser>, id: i64) -> Result<(), AppError> {
    let actor = require(actor, Action::AssistResidents)?;
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    let check = queries::pending_desk_check(&mut tx, id, now - CONFIRM_WITHIN)
        .await?
        .ok_or_else(|| AppError::user(UserError::general("error-desk-check-gone")))?;
    if check.agent_id == Some(actor.id) {
        return Err(AppError::user(UserError::general("error-desk-same-agent")));
    }
    let claimed = match check.entry_id {
        Some(entry) => queries::claim(&mut tx, entry, check.user_id, now).await?,
        // A move out of the register's addresses: the entry the account held no longer speaks for it.
        None => {
            queries::release(&mut tx, check.user_id).await?;
            true
        }
    };
    let birth = Date::from_iso(&check.birth_date);
    let recorded = claimed
        && queries::confirm_desk_check(&mut tx, check.id, actor.id, now).await?
        && set_residence(
            &mut tx,
            check.user_id,
            Method::Desk,
            check.district_id,
            birth.as_ref(),
            Some(&check.person_key),
            now,
        )
        .await?;
    if !recorded {
        tx.rollback().await?;
        return Err(AppError::user(UserError::general("error-desk-already-verified")));
    }
    let reason = format!("desk, checked by account {}", check.agent_id.unwrap_or_default());
    let note = NewEntry::by(Some(actor), "residence_verify", "account", check.user_id, reason);
    audit::append(&mut tx, state.db.backend, &note, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The desk checks waiting for a second staff member (agents and admins), each marked when it is the reader's
/// own (which they cannot confirm).
pub async fn pending_desk_checks(
    state: &AppState,
    actor: Option<&CurrentUser>,
) -> Result<Vec<crate::eligibility::PendingDeskCheck>, AppError> {
    let actor = require(actor, Action::AssistResidents)?;
    let rows = queries::pending_desk_checks(&state.db, now() - CONFIRM_WITHIN).await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, district, agent, agent_id, on_register, at)| crate::eligibility::PendingDeskCheck {
            id,
            name,
            district,
            agent,
            on_register: on_register != 0,
            at,
            mine: agent_id == Some(actor.id),
        })
        .collect())
}
