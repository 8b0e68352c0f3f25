//! Participatory budgets: residents propose projects, staff review them publicly, residents vote by the ballot
//! rules the town chose, and the winners are computed in the app by the rules real cities use — and explained.
//!
//! `rules` says how phases move and what makes a ballot valid, `form` checks the budget form (both pure); `pabulib` reads the interchange format; `tally` and `equal_shares` count (pure, exact); `report` is the
//! `clairvoie pb tally` text; `interchange` turns a stored budget into pabulib text and back (pure);
//! `queries` holds the SQL; `service` the use cases of import, export and counting; `voting` the budget's life (creation, phases, projects,
//! ballots); `paper` the double entry of paper ballots; `handlers` the routes.

pub mod form;
pub mod pabulib;
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
