//! The kiosks' use cases: registering, pairing and revoking kiosks (admins); handing out desk codes and
//! recording help (desk staff); opening a visit with a code, the kiosk's home and its consultation vote.

use super::rules::{self, DeskResidentForm, KioskForm};
use super::NearSensor;
use super::{queries, CodeLine, DeskView, HelpKind, KioskBudget, KioskConsultation, KioskHome, KioskInfo, KioskLine};
use crate::access::Role;
use crate::access::{can, Action, Resource};
use crate::audit::{self, NewEntry};
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::error::{AppError, UserError};
use crate::participation::Channel;
use crate::state::AppState;

/// How far from the kiosk its home looks for sensors (metres), and how many it lists.
const NEAR_METRES: f64 = 1_000.0;
const NEAR_MAX: usize = 12;
/// A kiosk's last activity is written at most this often (seconds): every page would otherwise write.
const TOUCH_EVERY: i64 = 60;

fn allowed(actor: Option<&CurrentUser>, action: Action) -> Result<&CurrentUser, AppError> {
    match actor {
        Some(a) if can(Some(a), action, Resource::Site) => Ok(a),
        _ => Err(AppError::denied(actor.is_some())),
    }
}

fn new_code() -> String {
    rules::code_from(rand::random())
}

/// A kiosk credential: 32 random bytes, hex (only its hash is stored).
fn new_credential() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

async fn record(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    actor: &CurrentUser,
    action: &'static str,
    target_kind: &'static str,
    target: i64,
) -> Result<(), AppError> {
    let entry = NewEntry::by(Some(actor), action, target_kind, target, "");
    audit::append(conn, state.db.backend, &entry, now()).await?;
    Ok(())
}

/// Admins register a kiosk; returns its id and the pairing code to type on the kiosk (shown once).
pub async fn create(
    state: &AppState,
    actor: Option<&CurrentUser>,
    form: &KioskForm,
) -> Result<(i64, String), AppError> {
    let actor = allowed(actor, Action::ManageKiosks)?;
    let valid = rules::validate_kiosk(form).map_err(AppError::Invalid)?;
    let code = new_code();
    let at = now();
    let mut tx = state.db.pool.begin().await?;
    let id =
        queries::insert_kiosk(&mut tx, &valid, &rules::hash(&code), at + rules::PAIRING_LIFETIME, actor.id, at).await?;
    record(state, &mut tx, actor, "kiosk_create", "kiosk", id).await?;
    tx.commit().await?;
    Ok((id, code))
}

/// Admins give a kiosk a new pairing code (a replaced browser, a revoked kiosk put back in service).
pub async fn new_pairing(state: &AppState, actor: Option<&CurrentUser>, id: i64) -> Result<String, AppError> {
    let actor = allowed(actor, Action::ManageKiosks)?;
    let code = new_code();
    let mut tx = state.db.pool.begin().await?;
    if !queries::set_pairing(&mut tx, id, &rules::hash(&code), now() + rules::PAIRING_LIFETIME).await? {
        return Err(AppError::NotFound);
    }
    record(state, &mut tx, actor, "kiosk_pairing", "kiosk", id).await?;
    tx.commit().await?;
    Ok(code)
}

/// Admins revoke a kiosk: its browser stops being a kiosk at its next request, any visit on it ends.
pub async fn revoke(state: &AppState, actor: Option<&CurrentUser>, id: i64) -> Result<(), AppError> {
    let actor = allowed(actor, Action::ManageKiosks)?;
    let mut tx = state.db.pool.begin().await?;
    if !queries::revoke(&mut tx, id, now()).await? {
        return Err(AppError::user(UserError::general("error-kiosk-revoked")));
    }
    record(state, &mut tx, actor, "kiosk_revoke", "kiosk", id).await?;
    tx.commit().await?;
    Ok(())
}

/// The kiosks, for the admins.
pub async fn list(state: &AppState, actor: Option<&CurrentUser>) -> Result<Vec<KioskLine>, AppError> {
    allowed(actor, Action::ManageKiosks)?;
    Ok(queries::list(&state.db).await?)
}

/// A browser types a pairing code: it becomes the kiosk; returns the credential for its cookie.
pub async fn pair(state: &AppState, typed: &str) -> Result<String, AppError> {
    let refused = || AppError::user(UserError::field("code", "error-pairing-code"));
    let code = rules::normalize(typed).ok_or_else(refused)?;
    let credential = new_credential();
    let mut conn = state.db.pool.acquire().await?;
    queries::pair(&mut conn, &rules::hash(&code), &rules::hash(&credential), now()).await?.ok_or_else(refused)?;
    Ok(credential)
}

/// The paired kiosk a credential belongs to (none once revoked); notes its activity.
pub async fn kiosk_for(state: &AppState, credential: &str) -> Result<Option<KioskInfo>, AppError> {
    let Some((kiosk, seen)) = queries::by_credential(&state.db, &rules::hash(credential)).await? else {
        return Ok(None);
    };
    let at = now();
    if at - seen >= TOUCH_EVERY {
        queries::touch(&state.db, kiosk.id, at).await?;
    }
    Ok(Some(kiosk))
}

/// A code typed on a kiosk: spent, and the account it opens a visit for. The holder of an account with an
/// address is told by mail.
pub async fn redeem(state: &AppState, kiosk: &KioskInfo, typed: &str) -> Result<i64, AppError> {
    let refused = || AppError::user(UserError::field("code", "error-desk-code"));
    let code = rules::normalize(typed).ok_or_else(refused)?;
    let user_id = queries::redeem(&state.db, &rules::hash(&code), kiosk.id, now()).await?.ok_or_else(refused)?;
    tell_holder(state, user_id, "desk-mail-used").await;
    Ok(user_id)
}

/// Mails the holder of an account (not a light record, which has no address) that a desk code was issued for
/// it (`desk-mail-issued`) or used (`desk-mail-used`): nobody votes with their account unseen. A mail that
/// cannot be sent is logged, not fatal (the code is the desk's business).
async fn tell_holder(state: &AppState, user_id: i64, key: &str) {
    let sent = async {
        let Some(user) = crate::accounts::queries::find_by_id(&state.db, user_id).await? else { return Ok(()) };
        let Some(to) = user.email.filter(|e| !e.is_empty()) else { return Ok(()) };
        let lang = user.language;
        let i18n = crate::i18n::I18n(lang);
        let town = crate::town::town_name(&state.db).await?;
        let args = [
            ("name", user.display_name.unwrap_or_default()),
            ("town", town.clone()),
            ("date", crate::format::date_time(lang, now())),
        ];
        let subject = i18n.t_args(&format!("{key}-subject"), &args);
        let body = i18n.t_args(&format!("{key}-body"), &args);
        state.mailer.send(crate::mail::OutgoingMail { to, subject, body }).await
    };
    let result: Result<(), AppError> = sent.await;
    if let Err(e) = result {
        tracing::error!(error = %e, "telling an account holder about a desk code");
    }
}

/// A code handed out at the desk: as printed, for whom, until when.
#[derive(Clone, Debug, PartialEq)]
pub struct Issued {
    /// `ABCD-EFGH`.
    pub code: String,
    /// The resident's name.
    pub resident: String,
    /// Expiry (Unix seconds).
    pub expires_at: i64,
    /// A resident without email who was already known at the desk (the same record, so still one vote).
    pub known_before: bool,
}

async fn issue(
    state: &AppState,
    tx: &mut sqlx::AnyConnection,
    actor: &CurrentUser,
    user_id: i64,
) -> Result<(String, i64), AppError> {
    let at = now();
    let expires = at + rules::CODE_LIFETIME;
    for _ in 0..5 {
        let code = new_code();
        if queries::insert_code(tx, &rules::hash(&code), user_id, actor.id, at, expires).await? {
            record(state, tx, actor, "desk_code", "account", user_id).await?;
            return Ok((rules::display(&code), expires));
        }
    }
    Err(AppError::Internal("five colliding desk codes in a row".into()))
}

/// Desk staff checked the identity of the holder of an account: a code for it.
pub async fn issue_for_account(state: &AppState, actor: Option<&CurrentUser>, email: &str) -> Result<Issued, AppError> {
    let actor = allowed(actor, Action::AssistResidents)?;
    let email = crate::accounts::rules::normalize_email(email);
    let account = crate::accounts::queries::find_by_email(&state.db, &email)
        .await?
        .ok_or_else(|| AppError::user(UserError::field("email", "error-desk-no-account")))?;
    let (user_id, resident) = (account.id, account.display_name.unwrap_or_default());
    let mut tx = state.db.pool.begin().await?;
    let (code, expires_at) = issue(state, &mut tx, actor, user_id).await?;
    tx.commit().await?;
    tell_holder(state, user_id, "desk-mail-issued").await;
    Ok(Issued { code, resident, expires_at, known_before: true })
}

/// Desk staff checked the identity and residence of someone without email: their record (found again when
/// they come back, created otherwise) and a code for it.
pub async fn issue_for_resident(
    state: &AppState,
    actor: Option<&CurrentUser>,
    form: &DeskResidentForm,
    language: &str,
) -> Result<Issued, AppError> {
    let actor = allowed(actor, Action::AssistResidents)?;
    let (name, birth, district) =
        rules::validate_desk_resident(form, now().div_euclid(86_400)).map_err(AppError::Invalid)?;
    if let Some(d) = district {
        if !crate::town::district_exists(&state.db, d).await? {
            return Err(AppError::user(UserError::field("district", "error-district-invalid")));
        }
    }
    let key = rules::name_key(&name);
    let mut tx = state.db.pool.begin().await?;
    let day = crate::format::parse_date(&birth);
    let known = queries::desk_residents(&mut tx)
        .await?
        .into_iter()
        .find(|(_, recorded, born)| crate::format::parse_date(born) == day && rules::same_name(recorded, &name));
    let (user_id, name, known_before) = match known {
        Some((id, recorded, _)) => (id, recorded, true),
        None => {
            // One person, one voter: someone who has an online account votes with it (a desk code for its
            // address), never with a second identity. Accounts carry no birth date, so the name alone decides
            // here; a namesake without an address votes on paper until residence checks (the register) exist.
            let online = crate::accounts::queries::online_names(&mut tx).await?;
            if online.iter().any(|n| rules::same_name(n, &name)) {
                return Err(AppError::user(UserError::field("name", "error-desk-has-account")));
            }
            let at = now();
            let id =
                queries::insert_desk_resident(&mut tx, &name, &key, &birth, district, language, actor.id, at).await?;
            crate::accounts::queries::grant_role(&mut tx, id, Role::Resident, Some(actor.id), at).await?;
            record(state, &mut tx, actor, "desk_resident", "account", id).await?;
            (id, name, false)
        }
    };
    let (code, expires_at) = issue(state, &mut tx, actor, user_id).await?;
    tx.commit().await?;
    Ok(Issued { code, resident: name, expires_at, known_before })
}

/// Desk staff checked an identity document (and, for someone the register does not hold, a proof of address):
/// they verify the residence of the account at `email`, or, with no address, of the light record of that name
/// and birth date (see `eligibility::service::verify_at_desk`). Returns the name verified and how.
pub async fn verify_residence(
    state: &AppState,
    actor: Option<&CurrentUser>,
    email: &str,
    check: &crate::eligibility::service::DeskCheck,
) -> Result<(String, crate::eligibility::service::DeskOutcome), AppError> {
    use crate::eligibility::service as eligibility;
    let actor = allowed(actor, Action::AssistResidents)?;
    let identity = eligibility::read_desk_check(check)?;
    let (user_id, name) = if email.trim().is_empty() {
        // Someone without email: the record the desk made for them, by name (given names in full or the first
        // alone, in any order) and birth date.
        let day = crate::format::parse_date(&identity.birth_iso());
        let first = check.given_names.split([' ', ',']).find(|w| !w.trim().is_empty()).unwrap_or_default();
        let names = [format!("{} {}", check.given_names, check.family_name), format!("{first} {}", check.family_name)];
        let mut conn = state.db.pool.acquire().await?;
        queries::desk_residents(&mut conn)
            .await?
            .into_iter()
            .find(|(_, recorded, born)| {
                crate::format::parse_date(born) == day && names.iter().any(|n| rules::same_name(recorded, n))
            })
            .map(|(id, recorded, _)| (id, recorded))
            .ok_or_else(|| AppError::user(UserError::field("email", "error-desk-no-record")))?
    } else {
        let email = crate::accounts::rules::normalize_email(email);
        let account = crate::accounts::queries::find_by_email(&state.db, &email)
            .await?
            .ok_or_else(|| AppError::user(UserError::field("email", "error-desk-no-account")))?;
        (account.id, account.display_name.unwrap_or_default())
    };
    let outcome = eligibility::verify_at_desk(state, Some(actor), user_id, &identity).await?;
    Ok((name, outcome))
}

/// Desk staff record that they helped someone take part (a count; never who, never what was voted).
pub async fn record_help(
    state: &AppState,
    actor: Option<&CurrentUser>,
    channel: &str,
    help: &str,
) -> Result<(), AppError> {
    let actor = allowed(actor, Action::AssistResidents)?;
    let channel = Channel::from_code(channel)
        .ok_or_else(|| AppError::user(UserError::field("channel", "error-choose-from-list")))?;
    let help =
        HelpKind::from_code(help).ok_or_else(|| AppError::user(UserError::field("help", "error-choose-from-list")))?;
    queries::insert_help(&state.db, channel.code(), help.code(), actor.id, now()).await?;
    Ok(())
}

/// The desk's page: the codes this person handed out and the help they recorded in the last 24 hours.
pub async fn desk(state: &AppState, actor: Option<&CurrentUser>) -> Result<DeskView, AppError> {
    let actor = allowed(actor, Action::AssistResidents)?;
    let at = now();
    let since = at - 86_400;
    let mut codes: Vec<CodeLine> = queries::codes_by(&state.db, actor.id, since).await?;
    for c in &mut codes {
        c.expired = c.used_at.is_none() && c.expires_at <= at;
    }
    let help_today = queries::help_counts(&state.db, since, Some(actor.id)).await?;
    Ok(DeskView { codes, help_today })
}

/// Help recorded town-wide (for the officials' dashboard): (channel, help, count) since `since`.
pub async fn help_counts(state: &AppState, since: i64) -> Result<Vec<(String, String, i64)>, AppError> {
    Ok(queries::help_counts(&state.db, since, None).await?)
}

/// Distance in metres between two points (WGS 84, haversine: a kiosk's neighbourhood is small).
fn metres((lat1, lon1): (f64, f64), (lat2, lon2): (f64, f64)) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let (dp, dl) = ((lat2 - lat1).to_radians(), (lon2 - lon1).to_radians());
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6_371_000.0 * 2.0 * a.sqrt().asin()
}

/// The kiosk's home: open consultations and budgets (with what the visitor already voted, and how) and the
/// sensors nearest the kiosk (its page adds the latest decisions, from the decisions' own component).
pub async fn home(state: &AppState, kiosk: &KioskInfo, visitor: Option<&CurrentUser>) -> Result<KioskHome, AppError> {
    let (votes, ballots) = match visitor {
        Some(v) => (
            queries::consultation_votes_of(&state.db, v.id).await?,
            queries::budget_participations_of(&state.db, v.id).await?,
        ),
        None => (vec![], vec![]),
    };
    let channel_of = |list: &[(i64, String)], id: i64| list.iter().find(|(i, _)| *i == id).map(|(_, c)| c.clone());
    let consultations = queries::open_consultations(&state.db)
        .await?
        .into_iter()
        .map(|(id, slug, title, question)| KioskConsultation { slug, title, question, voted: channel_of(&votes, id) })
        .collect();
    let budgets = queries::voting_budgets(&state.db)
        .await?
        .into_iter()
        .map(|(id, slug, title)| KioskBudget { slug, title, voted: channel_of(&ballots, id) })
        .collect();
    let mut sensors = vec![];
    if let Some(here) = kiosk.position {
        // A box a little larger than the circle, then the exact distance.
        let dlat = NEAR_METRES / 111_000.0;
        let dlon = dlat / here.0.to_radians().cos().max(0.1);
        let found =
            queries::sensors_in_box(&state.db, (here.0 - dlat, here.1 - dlon, here.0 + dlat, here.1 + dlon)).await?;
        sensors = found
            .into_iter()
            .map(|(reference, name, domain, lat, lon)| {
                let m = metres(here, (lat, lon));
                NearSensor { reference, name, domain, metres: m.round() as i64, position: (lat, lon) }
            })
            .filter(|s| s.metres as f64 <= NEAR_METRES)
            .collect();
        sensors.sort_by(|a, b| a.metres.cmp(&b.metres).then_with(|| a.reference.cmp(&b.reference)));
        sensors.truncate(NEAR_MAX);
    }
    Ok(KioskHome {
        visitor: visitor.map(|v| v.display_name.clone()),
        consultations,
        budgets,
        sensors,
        here: kiosk.position,
    })
}

/// A visitor votes on a kiosk. A vote they cast online is replaced only with their account's password: the
/// agent who issued the desk code cannot change it alone.
pub async fn vote(
    state: &AppState,
    visitor: Option<&CurrentUser>,
    slug: &str,
    choice: &str,
    password: &str,
    ip: &str,
) -> Result<(), AppError> {
    if let Some(v) = visitor {
        let c = crate::consultations::service::get(state, visitor, slug).await?;
        if queries::consultation_vote(&state.db, c.id, v.id).await?.is_some_and(|(_, channel)| channel == "web") {
            crate::accounts::service::confirm_holder(state, v, password.to_string(), ip).await?;
        }
    }
    crate::consultations::service::vote(state, visitor, slug, choice, Channel::Kiosk).await.map(|_| ())
}

/// A consultation on the kiosk: the consultation and when and how the visitor voted (time, channel) if they did.
pub async fn consultation(
    state: &AppState,
    visitor: Option<&CurrentUser>,
    slug: &str,
) -> Result<(crate::consultations::Consultation, Option<(i64, String)>), AppError> {
    let c = crate::consultations::service::get(state, visitor, slug).await?;
    let mine = match visitor {
        Some(v) => queries::consultation_vote(&state.db, c.id, v.id).await?,
        None => None,
    };
    Ok((c, mine))
}

#[cfg(test)]
mod tests {
    use super::metres;

    #[test]
    fn distances_are_in_metres() {
        let capitole = (43.6045, 1.4440);
        assert_eq!(metres(capitole, capitole), 0.0);
        let d = metres(capitole, (43.6135, 1.4440)); // 0.009° of latitude
        assert!((d - 1_000.7).abs() < 1.0, "{d}");
    }
}
