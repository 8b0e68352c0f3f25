//! Moderation: residents report comments and proposals; after a configurable number of reports an item is
//! hidden pending review; moderators hide, restore or dismiss with a reason and may block an account for a
//! while. Every moderation and administration action is appended to a hash-chained audit log that
//! `clairvoie audit verify` checks.
//!
//! `rules` is pure (reasons, threshold, block durations); the chain itself is [`crate::audit`] (hashing and checking are pure,
//! appending and reading are SQL); `queries` the SQL; `service` the use cases; `handlers` the posts; `pages`
//! the queue and the log.

pub mod pages;
pub mod rules;

#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod service;

use crate::code_enum;
use serde::{Deserialize, Serialize};

code_enum!(
    /// Why a resident reports something.
    ReportReason, "report-reason" {
        Spam = "spam",
        Offensive = "offensive",
        OffTopic = "off_topic",
        PersonalData = "personal_data",
        Other = "other",
    }
);

code_enum!(
    /// What can be reported and hidden.
    TargetKind, "target-kind" {
        Comment = "comment",
        Proposal = "proposal",
    }
);

code_enum!(
    /// What a moderator decides about a reported item.
    Decision, "moderation-decision" {
        Hide = "hide",
        Restore = "restore",
        Dismiss = "dismiss",
    }
);

/// Addresses of the moderation pages and posts.
pub mod paths {
    /// The moderators' queue.
    pub const QUEUE: &str = "/moderation";
    /// Reporting form target.
    pub const REPORT: &str = "/moderation/signaler";
    /// A decision on a reported item.
    pub const DECIDE: &str = "/moderation/decider";
    /// Blocking an account.
    pub const BLOCK: &str = "/moderation/bloquer";
    /// Lifting a block.
    pub const UNBLOCK: &str = "/moderation/debloquer";
    /// The report threshold setting (admins).
    pub const SETTINGS: &str = "/moderation/reglages";
    /// The public moderation log.
    pub const PUBLIC_LOG: &str = "/moderation/journal";
    /// The whole audit log (admins).
    pub const AUDIT: &str = "/admin/journal";
    /// The audit chain's head, public (JSON).
    pub const AUDIT_HEAD: &str = "/api/v1/audit/head";
}

/// One reported item in the queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    /// What it is.
    pub kind: TargetKind,
    /// Its id.
    pub id: i64,
    /// Its text (plain, cut).
    pub excerpt: String,
    /// Where it is shown.
    pub link: String,
    /// Its author's account and public name (moderators need to know whom to block).
    pub author_id: Option<i64>,
    /// Author's name.
    pub author: Option<String>,
    /// Open reports.
    pub reports: i64,
    /// Each open report's reason and details.
    pub reasons: Vec<(ReportReason, String)>,
    /// Hidden now (by reports or a moderator), with the reason.
    pub hidden_reason: Option<String>,
}

/// An active block.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct BlockView {
    /// Block id.
    pub id: i64,
    /// Account.
    pub user_id: i64,
    /// Its public name.
    pub name: Option<String>,
    /// Until (Unix seconds); `None` until lifted.
    pub until: Option<i64>,
    /// Reason.
    pub reason: String,
}

/// The queue page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    /// Reported items, most reported first.
    pub items: Vec<QueueItem>,
    /// Active blocks.
    pub blocks: Vec<BlockView>,
    /// Reports that hide an item.
    pub threshold: i64,
}

/// One entry of the audit log, as pages show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LogLine {
    /// Position in the chain.
    pub seq: i64,
    /// When.
    pub at: i64,
    /// Who (admins' view only; `None` for the system or in the public view).
    pub actor: Option<String>,
    /// What was done (a code of [`crate::audit::actions::AUDIT_ACTIONS`]).
    pub action: String,
    /// On what kind of thing.
    pub target_kind: String,
    /// Which one (`None` in the public view when it is an account).
    pub target_id: Option<i64>,
    /// Why.
    pub reason: String,
    /// Its hash (first characters shown).
    pub hash: String,
}
