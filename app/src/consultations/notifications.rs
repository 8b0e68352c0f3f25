//! How the consultations' notifications read in a mail: the `notifications` service queues and delivers them and
//! asks this feature, when a mail is written, what a queued reply or decision is about.

use super::paths;
use super::queries::notifications as queries;
use crate::error::AppError;
use crate::notifications::{full_link, queries::Queued, Item};
use crate::state::AppState;

/// A reply to one's comment, or the decision on a consultation one took part in, as it reads now; `None` once its
/// consultation or reply is gone.
pub async fn describe(state: &AppState, queued: &Queued) -> Result<Option<Item>, AppError> {
    let Some(id) = queued.consultation_id else { return Ok(None) };
    let Some((slug, title)) = queries::subject(&state.db, id).await? else { return Ok(None) };
    if let ("reply", Some(comment)) = (queued.kind.as_str(), queued.comment_id) {
        let Some((who, body)) = queries::reply(&state.db, comment).await? else { return Ok(None) };
        return Ok(Some(Item {
            line: "mail-reply-line",
            subject: "mail-reply-subject",
            title,
            link: full_link(state, &paths::comment(&slug, comment)),
            reply: Some((who.unwrap_or_else(|| "—".into()), crate::markdown::excerpt(&body, 200))),
        }));
    }
    let link = full_link(state, &paths::page(&slug));
    Ok(Some(Item { line: "mail-decided-line", subject: "mail-decided-subject", title, link, reply: None }))
}
