//! Participatory budgets: residents propose projects, staff review them publicly, residents vote by the ballot
//! rules the town chose, and the winners are computed in the app by the rules real cities use — and explained.
//!
//! `rules` says how phases move and what makes a ballot valid, `form` checks the budget form (both pure); `pabulib` reads the interchange format; `tally` and `equal_shares` count (pure, exact); `report` is the
//! `clairvoie pb tally` text; `interchange` turns a stored budget into pabulib text and back (pure);
//! `queries` holds the SQL; `service` the use cases of import, export and counting; `voting` the budget's life (creation, phases, projects,
//! ballots); `paper` the double entry of paper ballots; `handlers` the routes.

pub mod form;
pub mod pabulib;
pub mod pages;
pub mod rules;

#[cfg(feature = "ssr")]
pub mod equal_shares;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod interchange;
#[cfg(feature = "ssr")]
pub mod paper;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod report;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod tally;
#[cfg(feature = "ssr")]
pub mod voting;

use crate::code_enum;
use serde::{Deserialize, Serialize};

code_enum!(
    /// Where a budget stands. Ballot rules are locked when voting opens; ballots are unlinked from voters when
    /// counting begins.
    Phase, "budget-phase" {
        Proposals = "proposals",
        Review = "review",
        Voting = "voting",
        Counting = "counting",
        Results = "results",
        Implementation = "implementation",
    }
);

code_enum!(
    /// How a ballot is filled in.
    BallotKind, "ballot-kind" {
        /// Tick projects (between a minimum and a maximum number).
        Approval = "approval",
        /// Tick projects whose total cost fits in the envelope (optionally using at least a share of it).
        Knapsack = "knapsack",
        /// Spread points over projects.
        Cumulative = "cumulative",
        /// Rank up to L projects.
        Ranked = "ranked",
    }
);

code_enum!(
    /// How a ballot reached the town.
    Channel, "channel" {
        Web = "web",
        Kiosk = "kiosk",
        Paper = "paper",
    }
);

code_enum!(
    /// A project's review.
    ProjectStatus, "project-status" {
        Submitted = "submitted",
        Feasible = "feasible",
        Unfeasible = "unfeasible",
        Merged = "merged",
        Withdrawn = "withdrawn",
    }
);

/// Addresses of the budget pages and files.
pub mod paths {
    /// The list.
    pub const LIST: &str = "/budgets";

    /// A budget's ballots and outcome in pabulib format.
    pub fn export(slug: &str) -> String {
        format!("{LIST}/{slug}/export.pb")
    }
}

/// A budget in the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetLine {
    pub slug: String,
    pub title: String,
    pub phase: Phase,
    pub currency: String,
    /// Sum of the envelopes, cents.
    pub total: i64,
}

/// A budget's public page: its envelopes, projects and, once published, the results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetView {
    pub slug: String,
    pub title: String,
    /// The presentation, rendered through the sanitising Markdown subset.
    pub body_html: String,
    pub phase: Phase,
    pub currency: String,
    /// The official rule (pabulib's name).
    pub rule: String,
    pub kind: BallotKind,
    pub envelopes: Vec<EnvelopeView>,
    /// Whether the reader may compare the rules (officials, admins).
    pub compare: bool,
}

/// One envelope of a budget.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EnvelopeView {
    pub id: i64,
    pub name: String,
    /// Cents.
    pub amount: i64,
    /// Counted ballots, once results are published under the official rule.
    pub ballots: Option<i64>,
    /// Equal shares: each voter's share in the run kept, cents.
    pub voter_budget: Option<i64>,
    /// The comparison step: voters preferring equal shares, greedy, and whether greedy was kept.
    pub comparison: Option<(i64, i64, bool)>,
    pub projects: Vec<ProjectView>,
    /// For officials: each other rule with, per project (same order), whether it funds it.
    pub other_rules: Vec<(String, Vec<bool>)>,
}

/// A project on the budget page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectView {
    pub reference: String,
    pub title: String,
    /// The reviewed cost when there is one, cents.
    pub cost: i64,
    pub status: ProjectStatus,
    /// The public review note.
    pub note: String,
    /// Its result under the official rule, once published.
    pub result: Option<ResultView>,
}

/// A project's result: score, funded or not, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResultView {
    pub score: i64,
    pub funded: bool,
    /// The reason code (`funded`, `funded_shares`, `not_enough_left`, `below_threshold`, `stopped`,
    /// `unaffordable`, `no_support`).
    pub reason: String,
    pub amount: Option<i64>,
    pub payers: Option<i64>,
    pub supporters: Option<i64>,
    pub detail: Option<i64>,
    /// `stopped`: the title of the project counting stopped at.
    pub stopped_at: Option<String>,
}
