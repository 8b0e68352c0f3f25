//! Consultations: residents are asked about a *use* of sensors before devices are deployed ("Faut-il
//! installer des capteurs de bruit place X ?"), discuss it in threaded comments, and vote for, against or
//! abstain. Residents may also propose a use case; staff review it publicly.
//!
//! `rules` is pure (phases, eligibility, edit window, validation), as is `threads` (the comments' order and
//! pages); `queries` holds the SQL; `service` the use
//! cases; `handlers` the form posts and the results export; `pages` the screens. Reports and hiding belong to
//! the `moderation` feature.

pub mod pages;
pub mod rules;
pub mod threads;

#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod notifications;
#[cfg(feature = "ssr")]
pub mod proposals;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod service;

use crate::code_enum;
use crate::sensors::Domain;
use serde::{Deserialize, Serialize};

code_enum!(
    /// Where a consultation stands: prepared, open for comments and votes, closed (read-only), decided.
    Phase, "consultation-phase" {
        Draft = "draft",
        Open = "open",
        Closed = "closed",
        Decided = "decided",
    }
);

code_enum!(
    /// A comment's stance on the question.
    Alignment, "alignment" {
        For = "for",
        Against = "against",
        Neutral = "neutral",
    }
);

code_enum!(
    /// A vote.
    Choice, "choice" {
        For = "for",
        Against = "against",
        Abstain = "abstain",
    }
);

code_enum!(
    /// How comments are ordered.
    CommentSort, "comment-sort" {
        Newest = "newest",
        Supported = "supported",
    }
);

code_enum!(
    /// A residents' proposal's review.
    ProposalStatus, "proposal-status" {
        Pending = "pending",
        Accepted = "accepted",
        Declined = "declined",
    }
);

/// Addresses of the consultation pages and posts.
pub mod paths {
    use crate::route::Route;

    /// The list.
    pub const LIST: &str = "/consultations";
    /// Staff: a new consultation.
    pub const NEW: &str = "/consultations/nouvelle";
    /// Residents: propose a use case; staff: review proposals.
    pub const PROPOSALS: &str = "/consultations/propositions";
    /// A consultation's page.
    pub const PAGE: Route<1> = Route::new("/consultations/{slug}");
    /// The words of the addresses above that sit where a slug does: never a consultation's slug.
    pub const RESERVED: &[&str] = &["nouvelle", "propositions", "commentaires"];
    /// Its edit form.
    pub const EDIT: Route<1> = Route::new("/consultations/{slug}/modifier");
    /// Staff move it to its next phase (post).
    pub const PHASE: Route<1> = Route::new("/consultations/{slug}/phase");
    /// A comment or a reply (post).
    pub const COMMENT: Route<1> = Route::new("/consultations/{slug}/commentaires");
    /// A vote (post).
    pub const VOTE: Route<1> = Route::new("/consultations/{slug}/vote");
    /// The results as CSV.
    pub const RESULTS_CSV: Route<1> = Route::new("/consultations/{slug}/resultats.csv");
    /// A comment edited by its author (post).
    pub const COMMENT_EDIT: Route<1> = Route::new("/consultations/commentaires/{id}/modifier");
    /// A comment deleted by its author (post).
    pub const COMMENT_DELETE: Route<1> = Route::new("/consultations/commentaires/{id}/supprimer");
    /// A comment supported (post).
    pub const COMMENT_SUPPORT: Route<1> = Route::new("/consultations/commentaires/{id}/soutien");
    /// Staff review a proposal (post).
    pub const PROPOSAL_REVIEW: Route<1> = Route::new("/consultations/propositions/{id}/examen");

    /// A consultation's page.
    pub fn page(slug: &str) -> String {
        PAGE.to([&slug])
    }

    /// A comment on its consultation's page: the page of threads that holds it, scrolled to it.
    pub fn comment(slug: &str, id: i64) -> String {
        format!("{}?commentaire={id}#commentaire-{id}", PAGE.to([&slug]))
    }

    /// Its edit form.
    pub fn edit(slug: &str) -> String {
        EDIT.to([&slug])
    }
}

/// A link to a document about the consultation.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// What it is.
    pub title: String,
    /// Where it is.
    pub url: String,
}

/// A consultation as its page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Consultation {
    /// Id.
    pub id: i64,
    /// Address part.
    pub slug: String,
    /// Title.
    pub title: String,
    /// The question put to residents.
    pub question: String,
    /// Presentation (Markdown source).
    pub body: String,
    /// Presentation, rendered and sanitised.
    pub body_html: String,
    /// Public-service domain.
    pub domain: Domain,
    /// The use case: what for.
    pub use_purpose: String,
    /// Expected benefits.
    pub use_benefits: String,
    /// Data that would be collected.
    pub use_data: String,
    /// Retention proposed (ISO 8601 duration).
    pub use_retention: String,
    /// Devices not yet in the registry, in words.
    pub planned_sensors: String,
    /// Phase.
    pub status: Phase,
    /// Planned opening (YYYY-MM-DD).
    pub opens_on: Option<String>,
    /// Planned closing (YYYY-MM-DD).
    pub closes_on: Option<String>,
    /// When it opened, closed, was decided (Unix seconds).
    pub opened_at: Option<i64>,
    /// Closed at.
    pub closed_at: Option<i64>,
    /// Decided at.
    pub decided_at: Option<i64>,
    /// Only residents of the concerned districts may vote.
    pub districts_only: bool,
    /// Results stay hidden until it closes.
    pub results_hidden: bool,
    /// Who may vote (locked when it opens).
    pub rule: crate::eligibility::policy::VoteRule,
    /// Concerned districts (id, name).
    pub districts: Vec<(i64, String)>,
    /// Sensors of the registry it concerns (reference, name).
    pub sensors: Vec<(String, String)>,
    /// Documents.
    pub documents: Vec<Document>,
}

/// A line of the list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsultationSummary {
    /// Address part.
    pub slug: String,
    /// Title.
    pub title: String,
    /// The question.
    pub question: String,
    /// Phase.
    pub status: Phase,
    /// Domain.
    pub domain: Domain,
    /// District names.
    pub districts: Vec<String>,
    /// Planned closing.
    pub closes_on: Option<String>,
    /// Comments shown.
    pub comments: i64,
    /// Votes cast.
    pub votes: i64,
}

/// What a comment shows instead of its text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum CommentState {
    /// Shown.
    Visible,
    /// Deleted by its author.
    Deleted,
    /// Hidden by moderation, with the public reason.
    Hidden(String),
}

/// One comment of a thread.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comment {
    /// Id.
    pub id: i64,
    /// The comment it answers.
    pub parent_id: Option<i64>,
    /// 0 for a comment on the consultation, 1 for a reply, …
    pub depth: i64,
    /// The author's account (to offer edit and delete); `None` once the account is deleted.
    pub author_id: Option<i64>,
    /// The author's public name; `None` once the account is deleted.
    pub author: Option<String>,
    /// Stance.
    pub alignment: Alignment,
    /// Markdown source (empty unless visible).
    pub body: String,
    /// Rendered, sanitised (empty unless visible).
    pub body_html: String,
    /// Written at.
    pub created_at: i64,
    /// Last edited at.
    pub edited_at: Option<i64>,
    /// Shown, deleted or hidden.
    pub state: CommentState,
    /// Up-votes.
    pub supports: i64,
    /// Whether the person reading supported it.
    pub supported_by_me: bool,
}

/// Counts for one district (from voters' declared districts).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// District name, or empty for "not declared".
    pub label: String,
    /// For.
    pub for_: i64,
    /// Against.
    pub against: i64,
    /// Abstain.
    pub abstain: i64,
}

impl Tally {
    /// Votes counted.
    pub fn total(&self) -> i64 {
        self.for_.saturating_add(self.against).saturating_add(self.abstain)
    }
}

/// The label of the line that groups districts too small to be shown alone (see
/// [`rules::publishable_by_district`]).
pub const OTHER_DISTRICTS: &str = "~autres";

/// The results of a vote: counts only, never who voted what.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Results {
    /// Overall.
    pub overall: Tally,
    /// By district.
    pub by_district: Vec<Tally>,
    /// Voters by day of first vote (YYYY-MM-DD, count).
    pub by_day: Vec<(String, i64)>,
}

/// Whether the person reading may vote, and why not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Eligibility {
    /// May vote.
    Eligible,
    /// Must sign in.
    SignedOut,
    /// Must confirm their address.
    Unverified,
    /// Blocked by moderation.
    Blocked,
    /// Lives outside the concerned districts (or declared none).
    OutsideDistricts,
    /// The consultation is not open.
    NotOpen,
    /// Its rule of participation (verified residents, a minimum age) leaves them out.
    Refused(crate::eligibility::policy::Refusal),
}

impl Eligibility {
    /// The Fluent key of the explanation.
    pub fn message_key(self) -> &'static str {
        match self {
            Eligibility::Eligible => "vote-eligible",
            Eligibility::SignedOut => "vote-sign-in",
            Eligibility::Unverified => "vote-unverified",
            Eligibility::Blocked => "vote-blocked",
            Eligibility::OutsideDistricts => "vote-outside-districts",
            Eligibility::NotOpen => "vote-not-open",
            Eligibility::Refused(refusal) => refusal.key(),
        }
    }
}

/// Everything a consultation's page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConsultationDetail {
    /// The consultation.
    pub consultation: Consultation,
    /// This page's threads, in reading order (each reply right after its parent).
    pub comments: Vec<Comment>,
    /// Visible comments on every page.
    pub comment_count: usize,
    /// The page of threads shown (1-based).
    pub comment_page: u32,
    /// How many pages of threads there are.
    pub comment_pages: u32,
    /// The most supported visible comments for, then against: the arguments' summary.
    pub arguments_for: Vec<Comment>,
    /// Against.
    pub arguments_against: Vec<Comment>,
    /// The order asked for.
    pub sort: CommentSort,
    /// The reader's own vote.
    pub my_vote: Option<Choice>,
    /// Whether the reader may vote.
    pub eligibility: Eligibility,
    /// Votes cast so far (always public: participation is not a result).
    pub voters: i64,
    /// Results, when they may be shown.
    pub results: Option<Results>,
    /// Whether the reader may comment.
    pub may_comment: bool,
    /// Seconds a comment stays editable by its author.
    pub edit_window: i64,
    /// Now (Unix seconds), so the page decides edit links the same way on the server and in the browser.
    pub now: i64,
}

/// A residents' proposal of a use case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Proposal {
    /// Id.
    pub id: i64,
    /// Title.
    pub title: String,
    /// The use case in the resident's words (Markdown source).
    pub body: String,
    /// Rendered.
    pub body_html: String,
    /// Domain.
    pub domain: Domain,
    /// District name.
    pub district: Option<String>,
    /// Author's public name (`None` once deleted, or while hidden).
    pub author: Option<String>,
    /// Author's account (to tell them their pending proposals).
    pub author_id: Option<i64>,
    /// Review.
    pub status: ProposalStatus,
    /// Public reason of the review.
    pub reason: Option<String>,
    /// The consultation it became.
    pub consultation_slug: Option<String>,
    /// Hidden by moderation, with the reason.
    pub hidden_reason: Option<String>,
    /// Submitted at.
    pub created_at: i64,
}
