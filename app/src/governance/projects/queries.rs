//! The SQL of project follow-up, in the subset SQLite and PostgreSQL share.

use super::{Figures, LinkKind, ProjectStatus};
use crate::db::Db;
use sqlx::{AnyConnection, FromRow};

/// A row of `projects`.
#[derive(Clone, Debug, FromRow)]
pub struct ProjectRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub decision_id: Option<i64>,
    pub budget_id: Option<i64>,
    pub budget_project_id: Option<i64>,
    pub title: String,
    pub summary: String,
    pub status: ProjectStatus,
    pub abandon_reason: String,
    pub progress: i64,
    pub currency: String,
    pub voted: i64,
    pub spent: i64,
}

impl ProjectRow {
    /// Its own figures (a parent's shown ones derive from its parts).
    pub fn figures(&self) -> Figures {
        Figures { status: self.status, progress: self.progress, voted: self.voted, spent: self.spent }
    }
}

const COLUMNS: &str = "id, parent_id, decision_id, budget_id, budget_project_id, title, summary, status, \
     abandon_reason, progress, currency, voted, spent";

/// What a new project is attached to.
#[derive(Clone, Copy, Debug, Default)]
pub struct Attach {
    pub parent: Option<i64>,
    pub decision: Option<i64>,
    pub budget: Option<i64>,
    pub budget_project: Option<i64>,
}

/// Inserts a project, planned and not started, with its "created" timeline entry; returns its id.
#[allow(clippy::too_many_arguments)]
pub async fn insert(
    conn: &mut AnyConnection,
    attach: Attach,
    title: &str,
    summary: &str,
    currency: &str,
    voted: i64,
    day: &str,
    author_id: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO projects (parent_id, decision_id, budget_id, budget_project_id, title, summary, status, \
         abandon_reason, progress, currency, voted, spent, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'planned', '', 0, $7, $8, 0, $9, $9) RETURNING id",
    )
    .bind(attach.parent)
    .bind(attach.decision)
    .bind(attach.budget)
    .bind(attach.budget_project)
    .bind(title)
    .bind(summary)
    .bind(currency)
    .bind(voted)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    let event = NewEvent { kind: "created", day, ..Default::default() };
    insert_event(conn, id, &event, author_id, now).await?;
    Ok(id)
}

/// A timeline entry to add.
#[derive(Clone, Debug, Default)]
pub struct NewEvent<'a> {
    pub kind: &'a str,
    pub day: &'a str,
    pub status: Option<ProjectStatus>,
    pub progress: Option<i64>,
    pub spent: Option<i64>,
    pub note: &'a str,
}

/// Adds a timeline entry.
pub async fn insert_event(
    conn: &mut AnyConnection,
    project: i64,
    e: &NewEvent<'_>,
    author_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO project_events (project_id, happened_on, kind, status, progress, spent, note, author_id, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(project)
    .bind(e.day)
    .bind(e.kind)
    .bind(e.status.map(ProjectStatus::code))
    .bind(e.progress)
    .bind(e.spent)
    .bind(e.note)
    .bind(author_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Sets a project's figures (the update's `None`s keep the stored value).
pub async fn set_figures(
    conn: &mut AnyConnection,
    id: i64,
    status: Option<ProjectStatus>,
    progress: Option<i64>,
    spent: Option<i64>,
    reason: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    // Leaving the abandoned status clears its reason; setting it stores the new one.
    sqlx::query(
        "UPDATE projects SET status = COALESCE($2, status), progress = COALESCE($3, progress), \
         spent = COALESCE($4, spent), \
         abandon_reason = CASE WHEN COALESCE($2, status) = 'abandoned' THEN \
         (CASE WHEN $5 = '' THEN abandon_reason ELSE $5 END) ELSE '' END, updated_at = $6 WHERE id = $1",
    )
    .bind(id)
    .bind(status.map(ProjectStatus::code))
    .bind(progress)
    .bind(spent)
    .bind(reason)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One project.
pub async fn get(conn: &mut AnyConnection, id: i64) -> Result<Option<ProjectRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM projects WHERE id = $1")).bind(id).fetch_optional(&mut *conn).await
}

/// Every project (a town follows hundreds, not millions: figures are derived in memory).
pub async fn all(db: &Db) -> Result<Vec<ProjectRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM projects ORDER BY id")).fetch_all(&db.pool).await
}

/// What a project follows: its key column in `projects`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Follows {
    /// A budget's winners (the parent project).
    Budget,
    /// One winner of a budget.
    Winner,
    /// An adopted decision.
    Decision,
}

impl Follows {
    fn column(self) -> &'static str {
        match self {
            Follows::Budget => "budget_id",
            Follows::Winner => "budget_project_id",
            Follows::Decision => "decision_id",
        }
    }
}

/// The project following a budget's winners, one winner, or an adopted decision.
pub async fn id_for(conn: &mut AnyConnection, follows: Follows, subject: i64) -> Result<Option<i64>, sqlx::Error> {
    let column = follows.column();
    let row: Option<(i64,)> = sqlx::query_as(&format!("SELECT id FROM projects WHERE {column} = $1"))
        .bind(subject)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|(id,)| id))
}

/// Whether a project has parts.
pub async fn has_children(conn: &mut AnyConnection, id: i64) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM projects WHERE parent_id = $1 LIMIT 1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.is_some())
}

/// A budget's winners under its official rule: id, title, presentation, cost (the reviewed one when there is one),
/// envelope by envelope in the order they were funded.
pub async fn winners(db: &Db, budget_id: i64, rule: &str) -> Result<Vec<(i64, String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.title, p.body, COALESCE(p.revised_cost, p.cost) AS cost FROM budget_results r \
         JOIN budget_projects p ON p.id = r.project_id \
         WHERE p.budget_id = $1 AND r.rule = $2 AND r.funded = 1 ORDER BY r.envelope_id, r.funded_rank, p.position",
    )
    .bind(budget_id)
    .bind(rule)
    .fetch_all(&db.pool)
    .await
}

/// The budget a winner belongs to: slug and title.
pub async fn winner_budget(db: &Db, budget_project: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT b.slug, b.title FROM budget_projects p JOIN budgets b ON b.id = p.budget_id WHERE p.id = $1")
        .bind(budget_project)
        .fetch_optional(&db.pool)
        .await
}

/// Adds a milestone.
pub async fn insert_milestone(
    conn: &mut AnyConnection,
    project: i64,
    title: &str,
    due_on: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO project_milestones (project_id, title, due_on, created_at) VALUES ($1, $2, $3, $4)")
        .bind(project)
        .bind(title)
        .bind(due_on)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks a milestone of `project` reached; returns its title, or `None` when it is not one of the project's
/// milestones still to reach.
pub async fn reach_milestone(
    conn: &mut AnyConnection,
    project: i64,
    milestone: i64,
    done_on: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_as(
        "UPDATE project_milestones SET done_on = $3 WHERE id = $1 AND project_id = $2 AND done_on IS NULL \
         RETURNING title",
    )
    .bind(milestone)
    .bind(project)
    .bind(done_on)
    .fetch_optional(&mut *conn)
    .await
    .map(|row: Option<(String,)>| row.map(|(t,)| t))
}

/// A project's milestones, by planned date: id, title, due, done.
pub async fn milestones(db: &Db, project: i64) -> Result<Vec<(i64, String, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, title, due_on, done_on FROM project_milestones WHERE project_id = $1 ORDER BY due_on, id",
    )
    .bind(project)
    .fetch_all(&db.pool)
    .await
}

/// Adds a photo or document link.
pub async fn insert_link(
    conn: &mut AnyConnection,
    project: i64,
    kind: LinkKind,
    title: &str,
    url: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO project_links (project_id, kind, title, url, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(project)
        .bind(kind.code())
        .bind(title)
        .bind(url)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A project's links, in the order they were added: kind, title, url.
pub async fn links(db: &Db, project: i64) -> Result<Vec<(LinkKind, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT kind, title, url FROM project_links WHERE project_id = $1 ORDER BY id")
        .bind(project)
        .fetch_all(&db.pool)
        .await
}

/// A sensor by reference: its id, name, and the project that already delivered it, if any.
pub async fn sensor(
    conn: &mut AnyConnection,
    reference: &str,
) -> Result<Option<(i64, String, Option<i64>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.id, s.name, ps.project_id FROM sensors s LEFT JOIN project_sensors ps ON ps.sensor_id = s.id \
         WHERE s.reference = $1",
    )
    .bind(reference)
    .fetch_optional(&mut *conn)
    .await
}

/// Records that `project` delivered a sensor; false when another project already did.
pub async fn link_sensor(conn: &mut AnyConnection, project: i64, sensor: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO project_sensors (sensor_id, project_id, linked_at) VALUES ($1, $2, $3) \
         ON CONFLICT (sensor_id) DO NOTHING",
    )
    .bind(sensor)
    .bind(project)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The sensors a project delivered: reference and name.
pub async fn sensors(db: &Db, project: i64) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.reference, s.name FROM project_sensors ps JOIN sensors s ON s.id = ps.sensor_id \
         WHERE ps.project_id = $1 ORDER BY s.reference",
    )
    .bind(project)
    .fetch_all(&db.pool)
    .await
}

/// The project that delivered a sensor (by reference), if any.
pub async fn for_sensor(db: &Db, reference: &str) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "SELECT ps.project_id FROM project_sensors ps JOIN sensors s ON s.id = ps.sensor_id WHERE s.reference = $1",
    )
    .bind(reference)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// A timeline entry as stored.
#[derive(Clone, Debug, FromRow)]
pub struct EventRow {
    pub happened_on: String,
    pub kind: super::EventKind,
    pub status: Option<ProjectStatus>,
    pub progress: Option<i64>,
    pub spent: Option<i64>,
    pub note: String,
}

/// A project's timeline, oldest first (same day: in the order it was typed).
pub async fn events(db: &Db, project: i64) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT happened_on, kind, status, progress, spent, note FROM project_events WHERE project_id = $1 \
         ORDER BY happened_on, id",
    )
    .bind(project)
    .fetch_all(&db.pool)
    .await
}
