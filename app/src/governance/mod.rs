//! Governance: the official decisions taken after a consultation or a participatory budget, published with their
//! reasoning and how the participation was taken into account, and linked both ways to what residents said.
//!
//! `rules` checks the decision form (pure); `queries` holds the SQL; `service` the use cases (recording a
//! decision moves its consultation to `decided` and tells the participants); `handlers` the form post; `pages`
//! the public list, a decision's page, the staff form and the box shown on a consultation's or budget's page.

pub mod pages;
pub mod projects;
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
    /// What the town decided.
    Outcome, "decision-outcome" {
        Adopted = "adopted",
        AdoptedWithChanges = "adopted_with_changes",
        Rejected = "rejected",
        Postponed = "postponed",
    }
);

impl Outcome {
    /// Whether a decision with this outcome authorises what it decided on (a sensor may go live on it).
    pub fn authorises(self) -> bool {
        matches!(self, Outcome::Adopted | Outcome::AdoptedWithChanges)
    }
}

code_enum!(
    /// What a decision answers.
    SubjectKind, "decision-subject" {
        Consultation = "consultation",
        Budget = "budget",
    }
);

/// The addresses of the governance pages.
pub mod paths {
    use crate::route::Route;

    /// The public list.
    pub const LIST: &str = "/decisions";
    /// The staff form (with `?consultation=slug` or `?budget=slug`).
    pub const NEW: &str = "/decisions/nouvelle";
    /// A decision's page.
    pub const PAGE: Route<1> = Route::new("/decisions/{id}");

    /// A decision's page.
    pub fn page(id: i64) -> String {
        PAGE.to([&id])
    }

    /// The staff form for one subject.
    pub fn new_for(kind: super::SubjectKind, slug: &str) -> String {
        format!("{NEW}?{}={}", kind.code(), crate::text::percent_encode(slug))
    }

    /// The page of a decision's subject.
    pub fn subject(kind: super::SubjectKind, slug: &str) -> String {
        match kind {
            super::SubjectKind::Consultation => crate::consultations::paths::page(slug),
            super::SubjectKind::Budget => crate::budgets::paths::page(slug),
        }
    }
}

/// A published decision, as the public reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionView {
    /// Identifier (its page is `/decisions/{id}`).
    pub id: i64,
    /// What it answers.
    pub kind: SubjectKind,
    /// The subject's slug and title.
    pub subject_slug: String,
    /// The subject's title.
    pub subject_title: String,
    /// Outcome.
    pub outcome: Outcome,
    /// The reasoning in plain language.
    pub reasoning: String,
    /// How the participation was taken into account.
    pub participation: String,
    /// The body that decided ("Conseil municipal").
    pub body: String,
    /// The act's reference ("délibération n° 2027-045"), if any.
    pub reference: String,
    /// When it was decided (YYYY-MM-DD).
    pub decided_on: String,
    /// Link to the official act, if any.
    pub act_url: String,
}

/// What the decision form needs to show: the subject, or why no decision can be recorded for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DecisionSubject {
    /// What it is.
    pub kind: SubjectKind,
    /// Its slug.
    pub slug: String,
    /// Its title.
    pub title: String,
    /// The decision already recorded, if any.
    pub decided: Option<i64>,
    /// The Fluent key saying why a decision cannot be recorded yet (the subject is still open), if so.
    pub not_ready: Option<String>,
}
