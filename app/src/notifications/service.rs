//! Queuing's other half: describing, composing and delivering the mails; the preferences.

use super::paths::UNSUBSCRIBE;
use super::queries::{self, Queued};
use super::NotifyMode;
use crate::db::now;
use crate::error::{AppError, UserError};
use crate::i18n::{I18n, Lang};
use crate::mail::OutgoingMail;
use crate::state::AppState;

/// How often the server delivers.
pub const DELIVERY_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60);
/// A daily digest goes at most once per this many seconds.
pub const DIGEST_EVERY: i64 = 24 * 3600;

/// Whether a daily digest may go now, the last one having gone at `last`.
pub fn digest_due(last: Option<i64>, now: i64) -> bool {
    last.is_none_or(|l| now - l >= DIGEST_EVERY)
}

/// One thing to tell, as the feature that queued it describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// The message of its line in a mail (arguments `title`, `link`, and for a reply `name` and `excerpt`).
    pub line: &'static str,
    /// The message of the subject of a mail telling it alone (argument `title`).
    pub subject: &'static str,
    /// The consultation's or budget's title.
    pub title: String,
    /// Its full address (with a reply's anchor).
    pub link: String,
    /// For a reply: who wrote it and its beginning.
    pub reply: Option<(String, String)>,
}

/// A boxed future borrowing for `'a`.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// How a feature tells one queued notification of its kinds: `None` when there is nothing to tell any more.
pub type Describe = for<'a> fn(&'a AppState, &'a Queued) -> BoxFuture<'a, Result<Option<Item>, AppError>>;

#[derive(Default)]
struct Describers(std::sync::RwLock<std::collections::BTreeMap<&'static str, Describe>>);

/// Says how notifications of `kind` are told (the assembly registers each feature's, see `web::wire`).
pub fn describe_with(state: &AppState, kind: &'static str, describe: Describe) {
    state.parts.get::<Describers>().0.write().unwrap_or_else(|e| e.into_inner()).insert(kind, describe);
}

/// The describer of `kind`, if a feature registered one.
fn describer(state: &AppState, kind: &str) -> Option<Describe> {
    state.parts.get::<Describers>().0.read().unwrap_or_else(|e| e.into_inner()).get(kind).copied()
}

/// `path` as a full address of this town's site.
pub fn full_link(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.config.public_url.trim_end_matches('/'))
}

/// The subject and text of a mail telling `items` (one for immediate mails, several for a digest).
pub fn compose(lang: Lang, town: &str, items: &[Item], preferences: &str, unsubscribe: &str) -> (String, String) {
    let i18n = I18n(lang);
    let line = |item: &Item| {
        let (name, excerpt) = item.reply.clone().unwrap_or_default();
        i18n.t_args(
            item.line,
            &[("name", name), ("title", item.title.clone()), ("excerpt", excerpt), ("link", item.link.clone())],
        )
    };
    let subject = match items {
        [one] => i18n.t_args(one.subject, &[("title", one.title.clone())]),
        many => i18n.t_args("mail-digest-subject", &[("town", town.to_string()), ("count", many.len().to_string())]),
    };
    let lines: Vec<String> = items.iter().map(line).collect();
    let footer = i18n.t_args(
        "mail-notify-footer",
        &[("preferences", preferences.to_string()), ("unsubscribe", unsubscribe.to_string())],
    );
    (subject, format!("{}\n\n{footer}\n", lines.join("\n\n")))
}

/// What one delivery did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    /// Mails sent.
    pub mails: usize,
    /// Notifications told in them.
    pub told: usize,
    /// Notifications dropped (account asked for none, or is gone).
    pub dropped: usize,
}

/// Mails what is due now: immediate notifications one by one, digests to those whose day has passed; drops what
/// accounts asked not to receive.
pub async fn deliver(state: &AppState) -> Result<Delivery, AppError> {
    let now = now();
    let mut done = Delivery::default();
    let town = crate::town::town_name(&state.db).await?;
    for person in queries::recipients(&state.db).await? {
        let mode = person.notify_mode;
        let pending = queries::pending_for(&state.db, person.user_id).await?;
        if mode == NotifyMode::None || person.email.is_none() {
            for p in &pending {
                if queries::claim(&state.db, p.id, now).await? {
                    done.dropped += 1;
                }
            }
            continue;
        }
        if mode == NotifyMode::Daily && !digest_due(person.last_digest_at, now) {
            continue;
        }
        let key = match person.unsubscribe_key.clone() {
            Some(k) => k,
            None => queries::set_unsubscribe_key(&state.db, person.user_id, &new_key()).await?,
        };
        let unsubscribe = full_link(state, &format!("{UNSUBSCRIBE}?cle={key}"));
        let preferences = full_link(state, super::paths::PREFERENCES);
        let lang = person.language;
        let to = person.email.clone().unwrap_or_default();
        // Immediate: one mail per notification; daily: one mail for all.
        let batches: Vec<Vec<&Queued>> = match mode {
            NotifyMode::Daily => vec![pending.iter().collect()],
            _ => pending.iter().map(|p| vec![p]).collect(),
        };
        for batch in batches {
            let mut claimed = vec![];
            let mut items = vec![];
            for p in batch {
                // A kind no feature tells (an instance started without `web::wire`) stays queued, not lost.
                let Some(describe) = describer(state, &p.kind) else {
                    tracing::error!(kind = %p.kind, "no feature tells this kind of notification: left queued");
                    continue;
                };
                if !queries::claim(&state.db, p.id, now).await? {
                    continue;
                }
                match describe(state, p).await {
                    Ok(Some(item)) => {
                        claimed.push(p);
                        items.push(item);
                    }
                    // Its subject is gone: claimed, and so dropped.
                    Ok(None) => done.dropped += 1,
                    Err(e) => {
                        // Given back, with the batch's others: the next delivery tries again.
                        for q in claimed.iter().chain([&p]) {
                            queries::release(&state.db, q.id).await?;
                        }
                        return Err(e);
                    }
                }
            }
            if claimed.is_empty() {
                continue;
            }
            let (subject, body) = compose(lang, &town, &items, &preferences, &unsubscribe);
            match state.mailer.send(OutgoingMail { to: to.clone(), subject, body }).await {
                Ok(()) => {
                    done.mails += 1;
                    done.told += claimed.len();
                }
                Err(e) => {
                    // Released: the next delivery tries again.
                    tracing::warn!(error = %e, user = person.user_id, "notification mail");
                    for p in &claimed {
                        queries::release(&state.db, p.id).await?;
                    }
                }
            }
        }
        if mode == NotifyMode::Daily {
            queries::set_last_digest(&state.db, person.user_id, now).await?;
        }
    }
    Ok(done)
}

/// Delivers every [`DELIVERY_INTERVAL`], for as long as the server runs; a turn is skipped while another
/// instance on the same database is delivering (see `jobs`; each notification is also claimed once).
pub async fn every(state: AppState) {
    let mut ticker = tokio::time::interval(DELIVERY_INTERVAL);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let delivered =
            match crate::jobs::exclusively(&state.db, crate::jobs::Job::Notifications, deliver(&state)).await {
                Ok(None) => continue,
                Ok(Some(delivered)) => delivered,
                Err(e) => Err(e.into()),
            };
        crate::metrics::METRICS.job("notifications", delivered.is_ok());
        match delivered {
            Ok(d) if d.mails > 0 || d.dropped > 0 => {
                tracing::info!(mails = d.mails, told = d.told, dropped = d.dropped, "notifications")
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "notification delivery"),
        }
    }
}

/// Whether `key` looks like an unsubscribe key: 48 hexadecimal digits.
pub fn is_key_shaped(key: &str) -> bool {
    key.len() == 48 && key.bytes().all(|b| b.is_ascii_hexdigit())
}

fn new_key() -> String {
    let bytes: [u8; 24] = rand::random();
    hex::encode(bytes)
}

/// The signed-in person's preference.
pub async fn preference(state: &AppState, user_id: i64) -> Result<NotifyMode, AppError> {
    let mode = queries::mode_of(&state.db, user_id).await?;
    Ok(mode.unwrap_or(NotifyMode::Immediate))
}

/// Sets the signed-in person's preference.
pub async fn set_preference(
    state: &AppState,
    user: Option<&crate::ctx::CurrentUser>,
    mode: &str,
) -> Result<(), AppError> {
    let user = user.ok_or(AppError::Unauthenticated)?;
    let mode = NotifyMode::from_code(mode)
        .ok_or_else(|| AppError::user(UserError::field("notify_mode", "error-choose-from-list")))?;
    queries::set_mode(&state.db, user.id, mode.code()).await?;
    Ok(())
}

/// Turns notifications off for the account holding `key` (the unsubscribe link); `NotFound` for an unknown key.
pub async fn unsubscribe(state: &AppState, key: &str) -> Result<(), AppError> {
    if !is_key_shaped(key) || !queries::unsubscribe(&state.db, key).await? {
        return Err(AppError::user(UserError::general("error-unsubscribe-link")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_go_once_a_day() {
        assert!(digest_due(None, 1_000));
        assert!(!digest_due(Some(1_000), 1_000 + DIGEST_EVERY - 1));
        assert!(digest_due(Some(1_000), 1_000 + DIGEST_EVERY));
    }

    #[test]
    fn mails_name_what_happened_and_how_to_stop() {
        let reply = Item {
            line: "mail-reply-line",
            subject: "mail-reply-subject",
            title: "Capteurs de bruit".into(),
            link: "https://ville.example/consultations/bruit#commentaire-4".into(),
            reply: Some(("Bruno".into(), "Je ne suis pas d'accord".into())),
        };
        let decided = Item {
            line: "mail-decided-line",
            subject: "mail-decided-subject",
            title: "Capteurs de bruit".into(),
            link: "https://ville.example/consultations/bruit".into(),
            reply: None,
        };
        let (subject, body) = compose(Lang::Fr, "Saint-Clair", std::slice::from_ref(&reply), "https://p", "https://u");
        assert!(subject.contains("Capteurs de bruit"), "{subject}");
        assert!(body.contains("Bruno") && body.contains("#commentaire-4") && body.contains("https://u"), "{body}");
        let (subject, body) = compose(Lang::En, "Saint-Clair", &[reply, decided], "https://p", "https://u");
        assert!(subject.contains('2'), "{subject}");
        assert!(body.contains("decided") && body.contains("https://p"), "{body}");
        let budget = Item {
            line: "mail-budget-decided-line",
            subject: "mail-budget-decided-subject",
            title: "Budget participatif 2027".into(),
            link: "https://ville.example/budgets/bp-2027".into(),
            reply: None,
        };
        let (subject, body) = compose(Lang::Fr, "Saint-Clair", &[budget], "https://p", "https://u");
        assert!(subject.contains("Budget participatif 2027") && subject.contains("décision"), "{subject}");
        assert!(body.contains("auquel vous avez participé") && body.contains("/budgets/bp-2027"), "{body}");
    }
}
