//! Residence verification's use cases: the register's import (admins) and a resident's online match.

use super::policy::{self, Date, Method, Refusal, Verified, VoteRule};
use super::queries;
use super::rules::{self, Identity};
pub use super::Residence;

mod desk;
mod identity;
mod letters;
use crate::access::{require, Action};
use crate::accounts::queries::{throttle_count, throttle_record};
use crate::audit::{self, NewEntry};
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::error::{AppError, UserError};
use crate::state::AppState;
pub use desk::{
    confirm_desk_check, pending_desk_checks, read_desk_check, verify_at_desk, DeskCheck, DeskIdentity, DeskOutcome,
};
pub use identity::{verify_by_identity, IdentityOutcome};
pub use letters::{
    letter_status, pending_letters, print_letters, refuse_letter, request_letter, verify_by_letter, LetterStatus,
    PendingLetter, PrintedLetter,
};
use std::collections::{BTreeMap, HashMap};

/// Failed matches an account may make in a day ([`verify_by_register`]).
pub const MAX_MATCH_FAILURES_PER_DAY: i64 = 5;

/// The setting that holds the town's postcodes, as the last register import gave them (comma-separated).
pub const POSTCODES_SETTING: &str = "register_postcodes";

/// The register secret's file in the data folder, when no `CLAIRVOIE_REGISTER_SECRET` is set.
pub const SECRET_FILE: &str = "register.key";

/// The key of the register's hashes: `CLAIRVOIE_REGISTER_SECRET`, or the one kept in the data folder (made on
/// first use, readable by the server's user only). Outside the database, so that a copy of it does not let
/// anyone test guessed names against the register.
pub fn secret(state: &AppState) -> Result<Vec<u8>, AppError> {
    // Read once per process: every match needs it, and it does not change while the server runs.
    let cache = state.parts.get::<SecretCache>();
    if let Some(secret) = cache.0.get() {
        return Ok(secret.clone());
    }
    let secret = read_secret(state)?;
    Ok(cache.0.get_or_init(|| secret).clone())
}

/// The register secret, once read.
#[derive(Default)]
struct SecretCache(std::sync::OnceLock<Vec<u8>>);

fn read_secret(state: &AppState) -> Result<Vec<u8>, AppError> {
    if let Some(secret) = &state.config.register_secret {
        if secret.chars().count() < 32 {
            return Err(AppError::Internal("CLAIRVOIE_REGISTER_SECRET is shorter than 32 characters".into()));
        }
        return Ok(secret.as_bytes().to_vec());
    }
    let path = state.config.data_dir.join(SECRET_FILE);
    let fresh = hex::encode(rand::random::<[u8; 32]>());
    let written = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).and_then(|mut f| {
        use std::io::Write;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        f.write_all(fresh.as_bytes())?;
        f.sync_all()
    });
    match written {
        Ok(()) => Ok(fresh.into_bytes()),
        // Made before (or by another process just now): read it.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            let kept =
                std::fs::read_to_string(&path).map_err(|e| AppError::Internal(format!("{}: {e}", path.display())))?;
            let kept = kept.trim();
            if kept.len() < 32 {
                return Err(AppError::Internal(format!("{} holds no key", path.display())));
            }
            Ok(kept.as_bytes().to_vec())
        }
        Err(e) => Err(AppError::Internal(format!("{}: {e}", path.display()))),
    }
}

/// What an import did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Imported {
    /// People new to the register.
    pub added: usize,
    /// People already there (their claim kept; their district updated if it changed).
    pub kept: usize,
    /// People no longer on it.
    pub removed: usize,
}

/// Why an import stored nothing.
#[derive(Debug)]
pub enum ImportError {
    /// The file's lines that are wrong, each named.
    Lines(Vec<rules::LineError>),
    /// Anything else.
    App(AppError),
}

impl<E: Into<AppError>> From<E> for ImportError {
    fn from(e: E) -> Self {
        ImportError::App(e.into())
    }
}

/// Replaces the register with the file's people, all or nothing (admins). The file itself is not kept.
pub async fn import_register(
    state: &AppState,
    actor: Option<&CurrentUser>,
    text: &str,
) -> Result<Imported, ImportError> {
    let actor = require(actor, Action::Administer)?;
    replace_register(state, Some(actor), text).await
}

/// `clairvoie register import FILE`: the same, by the system (whoever runs the command on the server).
pub async fn import_register_cli(state: &AppState, text: &str) -> Result<Imported, ImportError> {
    replace_register(state, None, text).await
}

async fn replace_register(state: &AppState, actor: Option<&CurrentUser>, text: &str) -> Result<Imported, ImportError> {
    let districts = queries::districts(&state.db).await?;
    let codes: Vec<&str> = districts.iter().map(|(_, slug)| slug.as_str()).collect();
    let lines = rules::read_register(text, &codes).map_err(ImportError::Lines)?;
    let secret = secret(state)?;
    let district_id: HashMap<&str, i64> = districts.iter().map(|(id, slug)| (slug.as_str(), *id)).collect();
    // Keyed once; the same person twice in the file is an error on the second line.
    let mut wanted: BTreeMap<String, (String, i64, usize)> = BTreeMap::new();
    let mut twice = vec![];
    for (n, line) in lines.iter().enumerate() {
        let key = rules::identity_key(&secret, &line.identity, &line.postcode);
        let person = rules::person_key(&secret, &line.identity);
        let district = district_id.get(line.district.as_str()).copied().unwrap_or_default();
        if wanted.insert(key, (person, district, n)).is_some() {
            twice.push(rules::LineError { line: n + 2, column: "nom", key: "error-register-duplicate" });
        }
    }
    if !twice.is_empty() {
        return Err(ImportError::Lines(twice));
    }
    let now = now();
    let mut summary = Imported::default();
    let mut tx = state.db.pool.begin().await?;
    for (id, key, district) in queries::entry_keys(&mut tx).await? {
        match wanted.remove(&key) {
            Some((_, new_district, _)) => {
                if new_district != district {
                    queries::set_entry_district(&mut tx, id, new_district).await?;
                }
                summary.kept += 1;
            }
            None => {
                queries::delete_entry(&mut tx, id).await?;
                summary.removed += 1;
            }
        }
    }
    let added: Vec<(&str, &str, i64)> =
        wanted.iter().map(|(key, (person, district, _))| (key.as_str(), person.as_str(), *district)).collect();
    queries::insert_entries(&mut tx, &added, now).await?;
    summary.added = added.len();
    // The town's postcodes are not personal: kept in clear, so that a letter is sent only to an address in town.
    let postcodes: std::collections::BTreeSet<&str> = lines.iter().map(|l| l.postcode.as_str()).collect();
    let postcodes: Vec<&str> = postcodes.into_iter().collect();
    crate::town::set_setting_in(&mut tx, POSTCODES_SETTING, &postcodes.join(",")).await?;
    let reason = format!("+{} ={} -{}", summary.added, summary.kept, summary.removed);
    let entry = NewEntry::by(actor, "register_import", "register", 0, reason);
    audit::append(&mut tx, state.db.backend, &entry, now).await?;
    tx.commit().await?;
    Ok(summary)
}

/// What a resident types to be found on the register.
#[derive(Clone, Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct MatchForm {
    /// Family name.
    pub family_name: String,
    /// Given names (the first one at least).
    pub given_names: String,
    /// Birth date.
    pub birth_date: String,
    /// Postcode.
    pub postcode: String,
}

/// The errors of an identity as typed, each naming its field.
pub(super) fn identity_errors(
    family: &str,
    given_missing: bool,
    birth: Option<Date>,
    postcode: Option<&String>,
) -> Vec<crate::error::FieldError> {
    let checks = [
        (family.is_empty(), "family_name", "error-register-name"),
        (given_missing, "given_names", "error-register-name"),
        (birth.is_none(), "birth_date", "error-register-birth-date"),
        (postcode.is_none(), "postcode", "error-register-postcode"),
    ];
    checks.iter().filter(|(wrong, _, _)| *wrong).map(|(_, field, key)| UserError::field(field, key)).collect()
}

/// Verifies the signed-in resident by the register: a match gives the account the entry's district and the
/// typed birth date. A failure never says which part did not match, nor whether the person is on the register
/// under another account (staff see that second claim in the audit log); after
/// [`MAX_MATCH_FAILURES_PER_DAY`] failures the account waits a day.
pub async fn verify_by_register(
    state: &AppState,
    user: Option<&CurrentUser>,
    form: &MatchForm,
) -> Result<(), AppError> {
    let user = user.ok_or(AppError::Unauthenticated)?;
    if !user.verified {
        return Err(AppError::user(UserError::general("error-register-email-first")));
    }
    let family = rules::name_key(&form.family_name);
    let given = rules::given_name_candidates(&form.given_names);
    let birth = rules::parse_birth_date(&form.birth_date);
    let postcode = rules::parse_postcode(&form.postcode);
    let errors = identity_errors(&family, given.is_empty(), birth, postcode.as_ref());
    let (Some(birth), Some(postcode), true) = (birth, postcode, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let now = now();
    let throttle_key = user.id.to_string();
    // Counted before it is tried, so that attempts sent at once cannot all pass the count (a success counts too).
    throttle_record(&state.db, "register_match", &throttle_key, now, now - 24 * 3600).await?;
    if throttle_count(&state.db, "register_match", &throttle_key, now - 24 * 3600).await? > MAX_MATCH_FAILURES_PER_DAY {
        return Err(AppError::user(UserError::general("error-too-many-today")));
    }
    let secret = secret(state)?;
    let keys: Vec<String> = given
        .into_iter()
        .map(|given| rules::identity_key(&secret, &Identity { family: family.clone(), given, birth }, &postcode))
        .collect();
    let not_found = AppError::user(UserError::general("error-register-no-match"));
    let Some(entry) = queries::find_by_identity(&state.db, &keys).await? else {
        return Err(not_found);
    };
    let mut tx = state.db.pool.begin().await?;
    let claimed = queries::claim(&mut tx, entry.id, user.id, now).await?
        && set_residence(
            &mut tx,
            user.id,
            Method::Register,
            entry.district_id,
            Some(&birth),
            Some(&entry.person_key),
            now,
        )
        .await?;
    if !claimed {
        tx.rollback().await?;
        // The entry verified another account: refused as any failure, and shown to staff.
        let mut tx = state.db.pool.begin().await?;
        let note = NewEntry::by(Some(user), "register_second_claim", "register", entry.id, "");
        audit::append(&mut tx, state.db.backend, &note, now).await?;
        tx.commit().await?;
        return Err(not_found);
    }
    let note = NewEntry::by(Some(user), "residence_verify", "account", user.id, "register");
    audit::append(&mut tx, state.db.backend, &note, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The account's verified residence, if any.
pub async fn residence(state: &AppState, user_id: i64) -> Result<Option<Residence>, AppError> {
    Ok(queries::residence(&state.db, user_id).await?.map(|(method, verified_at, _, district, birth_date)| Residence {
        method,
        verified_at,
        district,
        birth_date,
    }))
}

/// How many people the register holds and how many of them verified an account.
pub async fn register_counts(state: &AppState) -> Result<(i64, i64), AppError> {
    Ok(queries::register_counts(&state.db).await?)
}

/// What the feature holds about account `user_id`, for "download my data": the verified residence, if any.
pub async fn personal_data(state: &AppState, user_id: i64) -> Result<serde_json::Value, AppError> {
    Ok(match residence(state, user_id).await? {
        Some(r) => serde_json::json!({
            "method": r.method, "verified_at": r.verified_at, "district": r.district, "birth_date": r.birth_date,
        }),
        None => serde_json::Value::Null,
    })
}

/// An account's verified residence, read in `conn`. A stored method or birth date the code does not know is an
/// error, never a silent "not verified".
pub async fn verified_in(conn: &mut sqlx::AnyConnection, user_id: i64) -> Result<Option<Verified>, AppError> {
    let Some((method, district_id, birth)) = queries::verified(conn, user_id).await? else { return Ok(None) };
    let method = Method::from_code(&method)
        .ok_or_else(|| AppError::Internal(format!("account {user_id}: unknown residence method {method:?}")))?;
    let birth = match birth {
        Some(text) => Some(
            Date::from_iso(&text)
                .ok_or_else(|| AppError::Internal(format!("account {user_id}: unreadable birth date {text:?}")))?,
        ),
        None => None,
    };
    Ok(Some(Verified { method, district_id, birth }))
}

/// The same, outside a transaction (pages).
pub async fn verified(state: &AppState, user_id: i64) -> Result<Option<Verified>, AppError> {
    let mut conn = state.db.pool.acquire().await?;
    verified_in(&mut conn, user_id).await
}

/// A person admitted to a vote: the district they vote as and what is recorded of their eligibility.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Admission {
    /// The verified district, else the declared one.
    pub district: Option<i64>,
    /// Their verification method, or `email` ([`policy::recorded`]).
    pub recorded: &'static str,
}

/// Checks `user` against a vote's `rule` now, in `conn` (the vote's transaction): their admission, or why not
/// as a translated error (the vote pages say the same, with the way to become eligible).
pub async fn admit(conn: &mut sqlx::AnyConnection, rule: VoteRule, user: &CurrentUser) -> Result<Admission, AppError> {
    let verified = verified_in(conn, user.id).await?;
    let today = Date::of_unix(now()).ok_or_else(|| AppError::Internal("the clock is outside 1900–2100".into()))?;
    policy::admits(rule, verified.as_ref(), today).map_err(refused)?;
    Ok(Admission {
        district: policy::home_district(user.district_id, verified.as_ref()),
        recorded: policy::recorded(verified.as_ref()),
    })
}

/// Where a person stands under a vote's rule, for the pages and the checks before a vote's transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Standing {
    /// The district they would vote as (verified, else declared), before any pin.
    pub home: Option<i64>,
    /// Whether the rule admits them, or why not.
    pub admitted: Result<(), Refusal>,
}

/// Where `user` stands under `rule` now.
pub async fn standing(state: &AppState, user: &CurrentUser, rule: VoteRule) -> Result<Standing, AppError> {
    let verified = verified(state, user.id).await?;
    let today = Date::of_unix(now()).ok_or_else(|| AppError::Internal("the clock is outside 1900–2100".into()))?;
    Ok(Standing {
        home: policy::home_district(user.district_id, verified.as_ref()),
        admitted: policy::admits(rule, verified.as_ref(), today),
    })
}

/// A refusal as the error a vote's form shows.
pub fn refused(refusal: Refusal) -> AppError {
    AppError::user(UserError::general(refusal.key()))
}

/// Records a verified residence in the caller's transaction; false when another account already holds this
/// person's key (one person, one verified account), with nothing written.
pub(super) async fn set_residence(
    conn: &mut sqlx::AnyConnection,
    user_id: i64,
    method: Method,
    district_id: i64,
    birth: Option<&Date>,
    person_key: Option<&str>,
    now: i64,
) -> Result<bool, AppError> {
    let birth = birth.map(|b| b.iso());
    let done =
        queries::set_residence(conn, user_id, method.code(), district_id, birth.as_deref(), person_key, now).await;
    match done {
        Ok(()) => Ok(true),
        Err(e) if crate::db::is_unique_violation(&e) => Ok(false),
        Err(e) => Err(e.into()),
    }
}
