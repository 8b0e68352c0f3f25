//! Project follow-up: what the town does once a budget's results are out or a use case is adopted, in public.
//!
//! Projects come from a budget's winners (one parent per budget, one child per winner) or from an adopted decision
//! on a consultation. Each has a status, a progress, the amount voted and the amount spent, milestones, links to
//! photos and documents, the sensors it delivered and a public timeline. A parent's status, progress and amounts
//! derive from its children (`rules::roll_up`).
//!
//! `rules` checks the staff forms and rolls progress up (pure); `queries` holds the SQL; `service` the use cases;
//! `handlers` the staff forms' posts; `pages` the public list and project page; `manage` the staff screens.

pub mod manage;
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
    /// Where a project stands.
    ProjectStatus, "project-follow-status" {
        Planned = "planned",
        InStudy = "in_study",
        InProgress = "in_progress",
        Delivered = "delivered",
        Abandoned = "abandoned",
    }
);

code_enum!(
    /// What a project link points to.
    LinkKind, "project-follow-link" {
        Photo = "photo",
        Document = "document",
    }
);

code_enum!(
    /// What a timeline entry records.
    EventKind, "project-follow-event" {
        Created = "created",
        Update = "update",
        Milestone = "milestone",
        Link = "link",
        Sensor = "sensor",
    }
);

/// The addresses of the project pages.
pub mod paths {
    use crate::route::Route;

    /// The public list.
    pub const LIST: &str = "/projets";
    /// Staff start a project (`?decision=ID` or `?parent=ID`).
    pub const NEW: &str = "/projets/nouveau";
    /// Staff start following a budget's winners (posted with the budget's slug).
    pub const FROM_BUDGET: &str = "/projets/budget";
    /// A project's public page.
    pub const PAGE: Route<1> = Route::new("/projets/{id}");
    /// A project's staff page (update, milestones, links, sensors).
    pub const MANAGE: Route<1> = Route::new("/projets/{id}/suivi");
    /// What staff post about a project: one of the words below.
    pub const ACT: Route<2> = Route::new("/projets/{id}/{what}");
    /// Posting an update.
    pub const UPDATE: &str = "avancement";
    /// Posting a new milestone.
    pub const MILESTONE: &str = "etapes";
    /// Posting a reached milestone.
    pub const MILESTONE_DONE: &str = "etape-atteinte";
    /// Posting a link.
    pub const LINK: &str = "liens";
    /// Posting a delivered sensor.
    pub const SENSOR: &str = "capteurs";

    /// A project's public page.
    pub fn page(id: i64) -> String {
        PAGE.to([&id])
    }

    /// A project's staff page.
    pub fn manage(id: i64) -> String {
        MANAGE.to([&id])
    }

    /// Posting an update.
    pub fn update(id: i64) -> String {
        ACT.to([&id, &UPDATE])
    }

    /// Posting a new milestone.
    pub fn milestone(id: i64) -> String {
        ACT.to([&id, &MILESTONE])
    }

    /// Posting a reached milestone.
    pub fn milestone_done(id: i64) -> String {
        ACT.to([&id, &MILESTONE_DONE])
    }

    /// Posting a link.
    pub fn link(id: i64) -> String {
        ACT.to([&id, &LINK])
    }

    /// Posting a delivered sensor.
    pub fn sensor(id: i64) -> String {
        ACT.to([&id, &SENSOR])
    }

    /// The form starting a project on an adopted decision.
    pub fn new_for_decision(decision: i64) -> String {
        format!("{NEW}?decision={decision}")
    }

    /// The form starting a part of a project.
    pub fn new_child(parent: i64) -> String {
        format!("{NEW}?parent={parent}")
    }
}

/// Where a project comes from, as the public reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Origin {
    /// A budget's winners (the parent project of a budget): slug and title.
    Budget { slug: String, title: String },
    /// One winner of a budget: the budget's slug and title, the winner's id (its row on the budget's page).
    Winner { slug: String, title: String, project: i64 },
    /// A consultation whose use case was adopted: slug and title.
    Consultation { slug: String, title: String },
    /// A part of its parent project.
    Part,
}

/// A project's figures: its own, or derived from its children.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    /// Status.
    pub status: ProjectStatus,
    /// Progress, percent.
    pub progress: i64,
    /// Amount voted, cents.
    pub voted: i64,
    /// Amount spent, cents.
    pub spent: i64,
}

/// A project in a list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectLine {
    /// Identifier (its page is `/projets/{id}`).
    pub id: i64,
    /// Title.
    pub title: String,
    /// Its figures (derived for a parent).
    pub figures: Figures,
    /// Currency of its amounts.
    pub currency: String,
    /// How many parts it has.
    pub children: usize,
}

/// A milestone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    /// Identifier.
    pub id: i64,
    /// What it is.
    pub title: String,
    /// Planned for (YYYY-MM-DD).
    pub due_on: String,
    /// Reached on (YYYY-MM-DD), if reached.
    pub done_on: Option<String>,
}

/// A photo or document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectLink {
    /// Photo or document.
    pub kind: LinkKind,
    /// Its title.
    pub title: String,
    /// Where it is.
    pub url: String,
}

/// One entry of the public timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// When it happened (YYYY-MM-DD).
    pub happened_on: String,
    /// What it records.
    pub kind: EventKind,
    /// The status set, if it changed.
    pub status: Option<ProjectStatus>,
    /// The progress set, if it changed.
    pub progress: Option<i64>,
    /// The amount spent set, if it changed.
    pub spent: Option<i64>,
    /// What staff wrote (or the milestone's, link's or sensor's name).
    pub note: String,
}

/// A project's public page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectView {
    /// Identifier.
    pub id: i64,
    /// Title.
    pub title: String,
    /// What it is about.
    pub summary: String,
    /// Where it comes from.
    pub origin: Origin,
    /// The decision behind it (its own, its budget's or its parent's): id and the decided subject's title.
    pub decision: Option<(i64, String)>,
    /// The parent project: id and title.
    pub parent: Option<(i64, String)>,
    /// Its figures (derived from its parts when it has some).
    pub figures: Figures,
    /// Why it was abandoned (when it was).
    pub abandon_reason: String,
    /// Currency of its amounts.
    pub currency: String,
    /// Its parts.
    pub children: Vec<ProjectLine>,
    /// Milestones, by planned date.
    pub milestones: Vec<Milestone>,
    /// Photos and documents.
    pub links: Vec<ProjectLink>,
    /// The sensors it delivered: reference and name.
    pub sensors: Vec<(String, String)>,
    /// The timeline, oldest first.
    pub events: Vec<Event>,
}

/// What the staff form for a new project shows: where it will hang, or why it cannot be started.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NewProjectContext {
    /// `decision` or `parent`.
    pub kind: String,
    /// The decision's or the parent's id.
    pub id: i64,
    /// The decided subject's or the parent's title.
    pub title: String,
    /// The project already following the decision, if any.
    pub existing: Option<i64>,
    /// The Fluent key saying why no project can be started on it, if so.
    pub refused: Option<String>,
}

/// The project that delivered a sensor, for the sensor's page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeliveredBy {
    /// The project's id.
    pub id: i64,
    /// Its title.
    pub title: String,
    /// The decision behind it: id and the decided subject's title.
    pub decision: Option<(i64, String)>,
}
