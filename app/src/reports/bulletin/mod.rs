//! The data-use bulletin ("bilan de la donnée publique"): a public page per quarter and per year, printable and
//! downloadable as CSV, generated from the data — sensors added, suspended and removed by domain and
//! personal-data level; retention compliance (purges, values deleted, alarms and how they were resolved);
//! consultations held and their outcome; decisions; budget results and project progress.
//!
//! `rules` holds the pure parts (periods, status moves read from the sensor history, the CSV); `queries` the SQL;
//! `service` assembles a period's bulletin; `handlers` the CSV; `pages` the list of periods and a bulletin.

pub mod pages;
pub mod rules;

#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod service;

use crate::governance::projects::Figures;
use crate::governance::DecisionView;
use crate::reports::dashboard::Table;
use serde::{Deserialize, Serialize};

/// The addresses of the bulletin.
pub mod paths {
    use crate::route::Route;

    /// The list of periods.
    pub const LIST: &str = "/bilan";
    /// A period's bulletin (`2026` or `2026-T3`).
    pub const PAGE: Route<1> = Route::new("/bilan/{periode}");
    /// A period's bulletin as CSV.
    pub const CSV: Route<1> = Route::new("/bilan/{periode}/csv");

    /// A period's bulletin.
    pub fn page(period: &str) -> String {
        PAGE.to([&period])
    }

    /// A period's bulletin as CSV.
    pub fn csv(period: &str) -> String {
        CSV.to([&period])
    }
}

/// A consultation held during the period, with its outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HeldConsultation {
    pub slug: String,
    pub title: String,
    /// Its phase when the bulletin is read.
    pub phase: crate::consultations::Phase,
    /// Votes for, against, abstaining; `None` while its results are hidden.
    pub votes: Option<(i64, i64, i64)>,
    /// Comments written during the period.
    pub comments: i64,
}

/// A budget whose vote closed during the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetResult {
    pub slug: String,
    pub title: String,
    pub currency: String,
    /// The official rule.
    pub rule: String,
    /// Ballots counted.
    pub ballots: i64,
    /// Projects funded under the official rule.
    pub funded: i64,
    /// What they cost, cents.
    pub amount: i64,
}

/// A followed project that moved during the period.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectProgress {
    pub id: i64,
    pub title: String,
    /// Its figures when the bulletin is read (a parent's derived from its parts).
    pub figures: Figures,
    pub currency: String,
    /// Timeline entries dated in the period.
    pub updates: i64,
}

/// A period's bulletin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bulletin {
    /// The period's code (`2026`, `2026-T3`).
    pub period: String,
    /// Its first and last days (YYYY-MM-DD).
    pub first_day: String,
    pub last_day: String,
    /// Sensors added, suspended and removed, by domain then by personal-data level; retention compliance.
    pub tables: Vec<Table>,
    pub consultations: Vec<HeldConsultation>,
    pub decisions: Vec<DecisionView>,
    pub budgets: Vec<BudgetResult>,
    pub projects: Vec<ProjectProgress>,
    /// The audit chain's head at the end of the period (entry number, hash): published here so that a cut or
    /// rewritten log can be caught (`clairvoie audit verify --head N:HASH`).
    #[serde(default)]
    pub audit_head: Option<(i64, String)>,
}
