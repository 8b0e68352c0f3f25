//! Outgoing mail with lettre: through an SMTP relay when `SMTP_URL` is set, otherwise written as `.eml`
//! files to the outbox folder (and the links logged), so a town can try Clairvoie without a mail server.

use crate::error::AppError;
use lettre::message::{header::ContentType, Mailbox, Message};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::path::PathBuf;

/// The log target of the links of mails written to the outbox (they carry one-time tokens): shown to a tester
/// in text logs, left out of JSON logs meant for a collector.
pub const OUTBOX_LINKS: &str = "clairvoie::outbox_links";

/// A plain-text mail to one person.
#[derive(Clone, Debug)]
pub struct OutgoingMail {
    /// Recipient address.
    pub to: String,
    /// Subject line.
    pub subject: String,
    /// Body (plain text, links on their own line).
    pub body: String,
}

/// Where mail goes.
#[derive(Clone)]
pub enum Mailer {
    /// A real relay.
    Smtp(AsyncSmtpTransport<Tokio1Executor>, Mailbox),
    /// A folder of `.eml` files.
    Outbox(AsyncFileTransport<Tokio1Executor>, PathBuf, Mailbox),
}

impl Mailer {
    /// Builds the mailer from the settings.
    pub fn new(smtp_url: Option<&str>, outbox: PathBuf, from: &str) -> Result<Mailer, AppError> {
        let from: Mailbox = from.parse().map_err(|e| AppError::Internal(format!("CLAIRVOIE_MAIL_FROM: {e}")))?;
        match smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| AppError::Internal(format!("SMTP_URL: {e}")))?
                    .build();
                Ok(Mailer::Smtp(transport, from))
            }
            None => {
                std::fs::create_dir_all(&outbox).map_err(|e| AppError::Internal(format!("outbox folder: {e}")))?;
                Ok(Mailer::Outbox(AsyncFileTransport::new(&outbox), outbox, from))
            }
        }
    }

    /// Sends one mail.
    pub async fn send(&self, mail: OutgoingMail) -> Result<(), AppError> {
        let to: Mailbox = mail.to.parse().map_err(|e| AppError::Internal(format!("recipient: {e}")))?;
        let from = match self {
            Mailer::Smtp(_, from) | Mailer::Outbox(_, _, from) => from.clone(),
        };
        let message = Message::builder()
            .from(from)
            .to(to)
            .subject(mail.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(mail.body.clone())
            .map_err(|e| AppError::Internal(format!("building mail: {e}")))?;
        match self {
            Mailer::Smtp(transport, _) => {
                transport.send(message).await.map_err(|e| AppError::Internal(format!("SMTP: {e}")))?;
            }
            Mailer::Outbox(transport, dir, _) => {
                let id = transport.send(message).await.map_err(|e| AppError::Internal(format!("outbox: {e}")))?;
                // Without a relay the outbox is how a tester follows the links: log where it went.
                tracing::info!(file = %dir.join(format!("{id}.eml")).display(), subject = %mail.subject, "mail written to the outbox");
                for line in mail.body.lines().filter(|l| l.starts_with("http")) {
                    tracing::info!(target: OUTBOX_LINKS, link = line, "link in that mail");
                }
            }
        }
        Ok(())
    }
}
