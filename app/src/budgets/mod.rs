//! Participatory budgets: residents propose projects, staff review them publicly, residents vote by the ballot
//! rules the town chose, and the winners are computed in the app by the rules real cities use — and explained.
//!
//! `rules` says how phases move and what makes a ballot valid, `form` checks the budget form (both pure); `pabulib` reads the interchange format; `tally` and `equal_shares` count (pure, exact); `report` is the
//! `clairvoie pb tally` text; `interchange` turns a stored budget into pabulib text and back (pure);
//! `images` says which photos a project accepts (pure); `queries` holds the SQL; `service` the use cases of import, export and counting; `voting` the budget's life (creation, phases, projects,
//! ballots); `paper` the double entry of paper ballots; `handlers` the routes.

pub mod form;
pub mod images;
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
/// The door a ballot came through is shared with consultations and kiosks: it lives in `participation`.
use crate::participation::Channel;
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
    use crate::route::Route;

    /// The list.
    pub const LIST: &str = "/budgets";
    /// Staff create a budget.
    pub const NEW: &str = "/budgets/nouveau";
    /// A budget's page.
    pub const PAGE: Route<1> = Route::new("/budgets/{slug}");
    /// The words of the addresses above that sit where a slug does: never a budget's slug.
    pub const RESERVED: &[&str] = &["nouveau", "papier", "projets"];
    /// A budget's ballots and outcome in pabulib format.
    pub const EXPORT: Route<1> = Route::new("/budgets/{slug}/export.pb");
    /// Residents submit a project.
    pub const PROPOSE: Route<1> = Route::new("/budgets/{slug}/proposer");
    /// The ballot (of one envelope with `?enveloppe=ID`).
    pub const BALLOT: Route<1> = Route::new("/budgets/{slug}/vote");
    /// Checking a receipt code.
    pub const RECEIPT: Route<1> = Route::new("/budgets/{slug}/recu");
    /// Staff move the budget to its next phase.
    pub const PHASE: Route<1> = Route::new("/budgets/{slug}/phase");
    /// Paper ballots of a budget: batches and residents who voted on paper.
    pub const PAPER: Route<1> = Route::new("/budgets/{slug}/papier");
    /// Marking a resident as having voted on paper.
    pub const PAPER_VOTER: Route<1> = Route::new("/budgets/{slug}/papier/votant");
    /// Why a paper ballot was set aside.
    pub const PAPER_EXPLAIN: Route<1> = Route::new("/budgets/{slug}/papier/explication");
    /// Staff review a project.
    pub const REVIEW: Route<1> = Route::new("/budgets/projets/{id}/examen");
    /// A project's photo `n` (from 1).
    pub const IMAGE: Route<2> = Route::new("/budgets/projets/{id}/photos/{n}");
    /// One batch of paper ballots.
    pub const BATCH: Route<1> = Route::new("/budgets/papier/{id}");
    /// Settling a batch's disagreement.
    pub const BATCH_RESOLVE: Route<1> = Route::new("/budgets/papier/{id}/arbitrage");
    /// Counting a batch.
    pub const BATCH_COUNT: Route<1> = Route::new("/budgets/papier/{id}/compter");

    /// A budget's page.
    pub fn page(slug: &str) -> String {
        PAGE.to([&slug])
    }

    /// A budget's ballots and outcome in pabulib format.
    pub fn export(slug: &str) -> String {
        EXPORT.to([&slug])
    }

    /// Residents submit a project.
    pub fn propose(slug: &str) -> String {
        PROPOSE.to([&slug])
    }

    /// The ballot.
    pub fn ballot(slug: &str) -> String {
        BALLOT.to([&slug])
    }

    /// The ballot of one envelope.
    pub fn ballot_of(slug: &str, envelope: i64) -> String {
        format!("{}?enveloppe={envelope}", BALLOT.to([&slug]))
    }

    /// Checking a receipt code.
    pub fn receipt(slug: &str) -> String {
        RECEIPT.to([&slug])
    }

    /// Staff move the budget to its next phase.
    pub fn phase(slug: &str) -> String {
        PHASE.to([&slug])
    }

    /// Staff review a project.
    pub fn review(project: i64) -> String {
        REVIEW.to([&project])
    }

    /// Paper ballots of a budget.
    pub fn paper(slug: &str) -> String {
        PAPER.to([&slug])
    }

    /// Marking a resident as having voted on paper.
    pub fn paper_voter(slug: &str) -> String {
        PAPER_VOTER.to([&slug])
    }

    /// A project's photo `n` (from 1).
    pub fn image(project: i64, n: i64) -> String {
        IMAGE.to([&project, &n])
    }

    /// One batch of paper ballots.
    pub fn batch(batch: i64) -> String {
        BATCH.to([&batch])
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
    /// Ballots the count set aside because they break the budget's rules.
    #[serde(default)]
    pub rejected: i64,
    /// Once results are published: the paper ballots reconciled with the paper voters, when there were any.
    #[serde(default)]
    pub paper: Option<rules::PaperReconciliation>,
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
    pub id: i64,
    pub reference: String,
    pub title: String,
    /// The reviewed cost when there is one, cents.
    pub cost: i64,
    pub status: ProjectStatus,
    /// The public review note.
    pub note: String,
    /// Where it is: (latitude, longitude).
    pub location: Option<(f64, f64)>,
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

/// Where a resident stands with a ballot.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BallotAccess {
    /// May cast or change their ballot.
    Open,
    /// Must sign in first.
    SignedOut,
    /// Signed in, but their address is not verified (or the account is blocked).
    NotAllowed,
    /// The envelope is for another district's residents.
    OtherDistrict,
    /// Recorded as having voted on paper.
    VotedOnPaper,
    /// Voting is not open.
    Closed,
    /// The budget's rule of participation (verified residents, a minimum age) leaves them out.
    Refused(crate::eligibility::policy::Refusal),
}

/// A project on the ballot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub category: String,
    pub body: String,
    /// Cents.
    pub cost: i64,
    /// How many photos it has.
    pub images: i64,
}

/// The ballot page: the budget's rules, the envelopes the resident may vote in, the chosen envelope's projects
/// and the resident's current ballot.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BallotView {
    pub slug: String,
    pub title: String,
    pub currency: String,
    pub phase: Phase,
    /// Every envelope: id, name (empty: the whole town), whether this resident may vote in it.
    pub envelopes: Vec<(i64, String, bool)>,
    /// The envelope shown.
    pub envelope: Option<(i64, String)>,
    /// Its ballot rules (the envelope's amount included).
    pub rules: Option<rules::BallotRules>,
    pub candidates: Vec<Candidate>,
    pub access: BallotAccess,
    /// Who may vote.
    #[serde(default)]
    pub rule: crate::eligibility::policy::VoteRule,
    /// The resident's ballot, while voting is open: (project, points or rank). Never at a kiosk.
    pub mine: Option<Vec<(i64, i64)>>,
    /// At a kiosk: when the visitor's ballot was cast (Unix seconds) and by which channel — never its content.
    #[serde(default)]
    pub voted: Option<(i64, Channel)>,
    /// At a kiosk: replacing the ballot needs the account holder's password (it was cast online).
    #[serde(default)]
    pub proof_needed: bool,
}

/// The review page of one project, for staff.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewView {
    pub id: i64,
    pub slug: String,
    pub budget_title: String,
    pub reference: String,
    pub title: String,
    pub body: String,
    pub category: String,
    /// The author's estimate, cents.
    pub cost: i64,
    pub revised_cost: Option<i64>,
    pub status: ProjectStatus,
    pub note: String,
    pub currency: String,
    /// Whether the review can still change (before voting opens).
    pub editable: bool,
    /// How many photos it has.
    pub images: i64,
    /// Other projects of the same envelope it could be merged into: id, reference, title.
    pub siblings: Vec<(i64, String, String)>,
}

/// The paper ballots page, for staff: the budget's envelopes and their batches.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaperView {
    pub slug: String,
    pub title: String,
    pub phase: Phase,
    pub kind: BallotKind,
    pub envelopes: Vec<(i64, String)>,
    pub batches: Vec<BatchLine>,
    /// Each envelope's paper ballots reconciled with its paper voters: id, name, figures.
    pub reconciliations: Vec<(i64, String, rules::PaperReconciliation)>,
}

/// A batch of paper ballots, as listed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchLine {
    pub id: i64,
    pub envelope: String,
    pub label: String,
    pub size: i64,
    /// Ballots entered in the first and second pass.
    pub first: i64,
    pub second: i64,
    pub counted: bool,
}

/// One batch's page: what the reader may enter, and the discrepancies to resolve.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BatchView {
    pub id: i64,
    pub slug: String,
    pub budget_title: String,
    pub kind: BallotKind,
    pub label: String,
    pub size: i64,
    pub counted: bool,
    /// The pass this staff member may enter (1 or 2), `None` when both are someone else's or done.
    pub my_pass: Option<i64>,
    /// What this staff member entered so far in their pass: (number, text).
    pub my_entries: Vec<(i64, String)>,
    pub first: i64,
    pub second: i64,
    /// Once both passes are complete, the papers entered differently.
    pub discrepancies: Vec<Discrepancy>,
    /// The projects and their references, to read the papers.
    pub references: Vec<(String, String)>,
}

/// One paper where the two entries differ: its number, both entries, and the resolution if any.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Discrepancy {
    pub seq: i64,
    pub first: Option<String>,
    pub second: Option<String>,
    pub resolved: Option<String>,
}
