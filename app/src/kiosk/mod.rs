//! Kiosks: town-hall browsers for residents who are not online, and the desk that helps them take part.
//!
//! An admin registers a kiosk and pairs a browser with a one-time code; the browser then holds a long-lived,
//! revocable credential (a cookie whose hash only is stored). `/borne` is the kiosk's home: big touch targets,
//! sensors near the kiosk, open consultations and budgets, recent decisions, no account menu. At the desk, staff
//! check a resident's identity and hand out a one-time code (30 minutes, single use) tied to an account or to a
//! light record without email; typed on a kiosk it opens a short visit whose votes are recorded with the
//! `kiosk` channel. A visit ends with "Terminer" or after the kiosk's idle time (with a countdown that can be
//! extended); the server also ends it on its own. Staff may count the help they gave, never what was voted.
//!
//! `rules` is pure (codes, forms, idle time); `queries` holds the SQL; `service` the use cases; `handlers` the
//! form posts and the credential cookie; `pages` the kiosk screens; `desk` the desk's and admins' screens.

pub mod desk;
pub mod pages;
pub mod rules;

#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod service;

use crate::code_enum;
/// The kiosk of a request is part of every request's context: it is defined there.
#[cfg(feature = "ssr")]
use crate::ctx::KioskInfo;
use serde::{Deserialize, Serialize};

/// Addresses of the kiosk, desk and administration screens.
pub mod paths {
    use crate::route::Route;

    /// The kiosk's home.
    pub const HOME: &str = crate::ctx::paths::KIOSK_HOME;
    /// Pairing a browser with a kiosk (form and post).
    pub const PAIR: &str = "/borne/appairer";
    /// A resident types their desk code (post).
    pub const CODE: &str = "/borne/code";
    /// Ends the visit: "Terminer" and the idle reset (post).
    pub const END: &str = "/borne/terminer";
    /// A visitor asks for their holder's code by mail (post).
    pub const HOLDER_CODE: &str = "/borne/code-titulaire";
    /// The kiosk's script: someone is still here (post, no content).
    pub const ACTIVE: &str = "/borne/actif";
    /// A consultation on the kiosk: its question and the vote.
    pub const CONSULTATION: Route<1> = Route::new("/borne/consultations/{slug}");
    /// The kiosk's script (the idle dialog and the return home), by its built name (`ui::paths::asset`).
    pub const SCRIPT: &str = "borne.js";
    /// The desk: codes and help given.
    pub const DESK: &str = "/guichet";
    /// A code for an existing account (post).
    pub const DESK_ACCOUNT: &str = "/guichet/code-compte";
    /// A code for a resident without email (post).
    pub const DESK_RESIDENT: &str = "/guichet/code-fiche";
    /// Help given (post).
    pub const DESK_HELP: &str = "/guichet/aide";
    /// Verifying a resident's residence from their identity document (form and post).
    pub const DESK_RESIDENCE: &str = "/guichet/residence";
    /// A second staff member confirms a desk check (post).
    pub const DESK_RESIDENCE_CONFIRM: Route<1> = Route::new("/guichet/residence/{id}/confirmation");
    /// Admins: the kiosks.
    pub const ADMIN: &str = "/admin/bornes";
    /// Admins act on one kiosk: `appairer` (new pairing code) or `revoquer`.
    pub const ADMIN_ACTION: Route<2> = Route::new("/admin/bornes/{id}/{action}");

    /// A consultation on the kiosk.
    pub fn consultation(slug: &str) -> String {
        CONSULTATION.to([&slug])
    }

    /// Admins act on one kiosk.
    pub fn admin_action(id: i64, action: &str) -> String {
        ADMIN_ACTION.to([&id, &action])
    }
}

/// The name of the cookie holding a paired kiosk's credential.
pub const KIOSK_COOKIE: &str = "clairvoie_kiosk";

code_enum!(
    /// The help desk staff gave someone to take part.
    HelpKind, "help" {
        Reading = "reading",
        Handling = "handling",
        Language = "language",
        Other = "other",
    }
);

/// A kiosk in the admins' list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KioskLine {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
    /// Place.
    pub place: String,
    /// Idle seconds.
    pub idle_seconds: i64,
    /// Paired with a browser (and not revoked).
    pub paired: bool,
    /// A pairing code is waiting (until this time).
    pub pairing_until: Option<i64>,
    /// Revoked at.
    pub revoked_at: Option<i64>,
    /// Last request from the paired browser.
    pub last_seen_at: Option<i64>,
}

/// An open consultation on the kiosk's home.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KioskConsultation {
    /// Address word.
    pub slug: String,
    /// Title.
    pub title: String,
    /// The question put to residents.
    pub question: String,
    /// For the visitor with a code: the channel of the vote they already cast, if any.
    pub voted: Option<String>,
}

/// A budget open to votes on the kiosk's home.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KioskBudget {
    /// Address word.
    pub slug: String,
    /// Title.
    pub title: String,
    /// For the visitor with a code: the channel of the ballot they already cast, if any.
    pub voted: Option<String>,
}

/// A sensor near the kiosk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NearSensor {
    /// Registry reference.
    pub reference: String,
    /// Name.
    pub name: String,
    /// Domain code.
    pub domain: String,
    /// Metres from the kiosk.
    pub metres: i64,
    /// Position.
    pub position: (f64, f64),
}

/// Everything the kiosk's home shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct KioskHome {
    /// The visitor's name when a code opened a visit.
    pub visitor: Option<String>,
    /// Open consultations.
    pub consultations: Vec<KioskConsultation>,
    /// Budgets in their voting phase.
    pub budgets: Vec<KioskBudget>,
    /// Sensors nearest the kiosk (none when the kiosk has no position).
    pub sensors: Vec<NearSensor>,
    /// Where the kiosk stands (latitude, longitude), for the map's "you are here".
    pub here: Option<(f64, f64)>,
}

/// A code handed out at the desk, in the desk's list (the code itself is never shown again).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CodeLine {
    /// The resident's name.
    pub resident: String,
    /// Issued at.
    pub issued_at: i64,
    /// Expires at.
    pub expires_at: i64,
    /// Used at.
    pub used_at: Option<i64>,
    /// Expired unused.
    pub expired: bool,
}

/// The desk's page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DeskView {
    /// The codes this person handed out today, newest first.
    pub codes: Vec<CodeLine>,
    /// Help recorded today by channel and kind: (channel, help, count).
    pub help_today: Vec<(String, String, i64)>,
}

/// A consultation on the kiosk's vote screen.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KioskVote {
    /// Address word.
    pub slug: String,
    /// Title.
    pub title: String,
    /// The question.
    pub question: String,
    /// What the use case is for.
    pub purpose: String,
    /// Data it would collect.
    pub data: String,
    /// Whether a visitor with a code is here.
    pub visitor: bool,
    /// Why the visitor may not vote (a Fluent key), if so.
    pub refused: Option<String>,
    /// When the visitor voted (Unix seconds) and by which channel: never what.
    pub mine: Option<(i64, String)>,
}
