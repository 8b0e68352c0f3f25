//! Mail notifications of consultations: someone replied to my comment; a consultation I took part in (commented
//! or voted) is decided. Each account chooses immediate mails, a daily digest, or none; every mail carries an
//! unsubscribe link that works without signing in.
//!
//! Notifications are queued in the transaction of the event (`queries::notifications::enqueue_*`) and mailed by
//! [`deliver`], which the server runs every minute: a notification is claimed (`sent_at` set) before its mail
//! goes, and released again if the mail fails, so it is neither lost nor sent twice.

use super::paths::UNSUBSCRIBE;
use super::queries::notifications::{self as queries, Pending};
use crate::code_enum;
use crate::db::now;
use crate::error::{AppError, UserError};
use crate::i18n::{I18n, Lang};
use crate::mail::OutgoingMail;
use crate::state::AppState;

code_enum!(
    /// How an account wants to be told.
    NotifyMode, "notify-mode" {
        Immediate = "immediate",
        Daily = "daily",
        None = "none",
    }
);

/// How often the server delivers.
pub const DELIVERY_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60);
/// A daily digest goes at most once per this many seconds.
pub const DIGEST_EVERY: i64 = 24 * 3600;

/// Whether a daily digest may go now, the last one having gone at `last`.
pub fn digest_due(last: Option<i64>, now: i64) -> bool {
    last.is_none_or(|l| now - l >= DIGEST_EVERY)
}

/// One thing to tell, ready to be written.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// A reply (with who wrote it and its beginning) or a decision.
    pub reply: Option<(String, String)>,
    /// Whether it is a budget's decision (else a consultation's, or a reply).
    pub budget: bool,
    /// The consultation's or budget's title.
    pub title: String,
    /// Its address (with the reply's anchor).
    pub link: String,
}

/// The subject and text of a mail telling `items` (one for immediate mails, several for a digest).
pub fn compose(lang: Lang, town: &str, items: &[Item], preferences: &str, unsubscribe: &str) -> (String, String) {
    let i18n = I18n(lang);
    let line = |item: &Item| match &item.reply {
        Some((who, excerpt)) => i18n.t_args(
            "mail-reply-line",
            &[
                ("name", who.clone()),
                ("title", item.title.clone()),
                ("excerpt", excerpt.clone()),
                ("link", item.link.clone()),
            ],
        ),
        None if item.budget => {
            i18n.t_args("mail-budget-decided-line", &[("title", item.title.clone()), ("link", item.link.clone())])
        }
        None => i18n.t_args("mail-decided-line", &[("title", item.title.clone()), ("link", item.link.clone())]),
    };
    let subject = match items {
        [one] if one.reply.is_some() => i18n.t_args("mail-reply-subject", &[("title", one.title.clone())]),
        [one] if one.budget => i18n.t_args("mail-budget-decided-subject", &[("title", one.title.clone())]),
        [one] => i18n.t_args("mail-decided-subject", &[("title", one.title.clone())]),
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

fn item(state: &AppState, p: &Pending) -> Item {
    let page = super::paths::page(&p.slug);
    let base = state.config.public_url.trim_end_matches('/');
    match (&p.kind[..], p.comment_id) {
        ("reply", Some(id)) => Item {
            reply: Some((
                p.replier.clone().unwrap_or_else(|| "—".into()),
                crate::markdown::excerpt(p.reply_body.as_deref().unwrap_or_default(), 200),
            )),
            budget: false,
            title: p.title.clone(),
            link: format!("{base}{}", super::paths::comment(&p.slug, id)),
        },
        ("budget_decided", _) => Item {
            reply: None,
            budget: true,
            title: p.title.clone(),
            link: format!("{base}{}", crate::budgets::paths::page(&p.slug)),
        },
        _ => Item { reply: None, budget: false, title: p.title.clone(), link: format!("{base}{page}") },
    }
}

/// Mails what is due now: immediate notifications one by one, digests to those whose day has passed; drops what
/// accounts asked not to receive.
pub async fn deliver(state: &AppState) -> Result<Delivery, AppError> {
    let now = now();
    let mut done = Delivery::default();
    let town = crate::town::town_name(&state.db).await?;
    for person in queries::recipients(&state.db).await? {
        let mode = NotifyMode::from_code(&person.notify_mode).unwrap_or(NotifyMode::Immediate);
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
        let base = state.config.public_url.trim_end_matches('/');
        let unsubscribe = format!("{base}{UNSUBSCRIBE}?cle={key}");
        let preferences = format!("{base}{}", crate::accounts::paths::ACCOUNT);
        let lang = Lang::from_code(&person.language).unwrap_or_default();
        let to = person.email.clone().unwrap_or_default();
        // Immediate: one mail per notification; daily: one mail for all.
        let batches: Vec<Vec<&Pending>> = match mode {
            NotifyMode::Daily => vec![pending.iter().collect()],
            _ => pending.iter().map(|p| vec![p]).collect(),
        };
        for batch in batches {
            let mut claimed = vec![];
            for p in batch {
                if queries::claim(&state.db, p.id, now).await? {
                    claimed.push(p);
                }
            }
            if claimed.is_empty() {
                continue;
            }
            let items: Vec<Item> = claimed.iter().map(|p| item(state, p)).collect();
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

fn new_key() -> String {
    let bytes: [u8; 24] = rand::random();
    hex::encode(bytes)
}

/// The signed-in person's preference.
pub async fn preference(state: &AppState, user_id: i64) -> Result<NotifyMode, AppError> {
    let mode = queries::mode_of(&state.db, user_id).await?;
    Ok(mode.as_deref().and_then(NotifyMode::from_code).unwrap_or(NotifyMode::Immediate))
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
    if key.len() != 48 || !queries::unsubscribe(&state.db, key).await? {
        return Err(AppError::NotFound);
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
            reply: Some(("Bruno".into(), "Je ne suis pas d'accord".into())),
            budget: false,
            title: "Capteurs de bruit".into(),
            link: "https://ville.example/consultations/bruit#commentaire-4".into(),
        };
        let decided = Item {
            reply: None,
            budget: false,
            title: "Capteurs de bruit".into(),
            link: "https://ville.example/consultations/bruit".into(),
        };
        let (subject, body) = compose(Lang::Fr, "Saint-Clair", std::slice::from_ref(&reply), "https://p", "https://u");
        assert!(subject.contains("Capteurs de bruit"), "{subject}");
        assert!(body.contains("Bruno") && body.contains("#commentaire-4") && body.contains("https://u"), "{body}");
        let (subject, body) = compose(Lang::En, "Saint-Clair", &[reply, decided], "https://p", "https://u");
        assert!(subject.contains('2'), "{subject}");
        assert!(body.contains("decided") && body.contains("https://p"), "{body}");
        let budget = Item {
            reply: None,
            budget: true,
            title: "Budget participatif 2027".into(),
            link: "https://ville.example/budgets/bp-2027".into(),
        };
        let (subject, body) = compose(Lang::Fr, "Saint-Clair", &[budget], "https://p", "https://u");
        assert!(subject.contains("Budget participatif 2027") && subject.contains("décision"), "{subject}");
        assert!(body.contains("auquel vous avez participé") && body.contains("/budgets/bp-2027"), "{body}");
    }
}
