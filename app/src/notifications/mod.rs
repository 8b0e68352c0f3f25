//! Mail notifications, a service beneath the features: someone replied to my comment, a consultation or a budget I
//! took part in is decided. Each account chooses immediate mails, a daily digest, or none; every mail carries an
//! unsubscribe link that works without signing in.
//!
//! A feature queues a notification in the transaction of its event (a row of `notifications` with its kind and
//! subject) and registers how to tell it ([`describe_with`]): the feature reads its own tables when the mail is
//! written — a comment edited or a title changed meanwhile is mailed as it now reads — and this module knows no
//! feature. [`deliver`], which the server runs every minute, claims a notification (`sent_at` set) before its
//! mail goes and releases it if the mail fails, so it is neither lost nor sent twice; a notification no feature
//! describes any more (its subject gone) is dropped.

#[cfg(feature = "ssr")]
pub mod handlers;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
mod service;
#[cfg(feature = "ssr")]
pub use service::*;

use crate::code_enum;

code_enum!(
    /// How an account wants to be told.
    NotifyMode, "notify-mode" {
        Immediate = "immediate",
        Daily = "daily",
        None = "none",
    }
);

/// The page paths of the service.
pub mod paths {
    /// The preference form's target (the form is on "my account").
    pub const PREFERENCES: &str = "/compte/notifications";
    /// The unsubscribe page every notification mail links to.
    pub const UNSUBSCRIBE: &str = "/compte/notifications/desabonner";
}
