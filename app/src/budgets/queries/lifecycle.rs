//! A budget's lifecycle and its projects: creation with envelopes, phase moves (guarded in SQL), submission and
//! public review.

use crate::budgets::form::ValidBudget;
use crate::db::Db;
use sqlx::{AnyConnection, FromRow};

/// Creates a budget in the `proposals` phase; returns its id.
pub async fn insert(conn: &mut AnyConnection, v: &ValidBudget, slug: &str, now: i64) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO budgets (slug, title, body, currency, phase, ballot_kind, min_choices, max_choices, min_spend_pct, \
         max_points, max_points_each, rule, min_score, proposals_until, voting_from, voting_until, phase_at, \
         created_at, updated_at, voters, min_age) VALUES ($1, $2, $3, 'EUR', 'proposals', $4, $5, $6, $7, $8, $9, $10, \
         $11, $12, $13, $14, $15, $15, $15, $16, $17) RETURNING id",
    )
    .bind(slug)
    .bind(&v.title)
    .bind(&v.body)
    .bind(v.kind.code())
    .bind(v.min_choices)
    .bind(v.max_choices)
    .bind(v.min_spend_pct)
    .bind(v.max_points)
    .bind(v.max_points_each)
    .bind(&v.rule)
    .bind(v.min_score)
    .bind(&v.proposals_until)
    .bind(&v.voting_from)
    .bind(&v.voting_until)
    .bind(now)
    .bind(v.voters.voters.code())
    .bind(v.voters.min_age.map(i64::from))
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// A district's id by slug or by name (staff type either; letter case aside).
pub async fn district_id(conn: &mut AnyConnection, slug_or_name: &str) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM districts WHERE slug = $1 OR LOWER(name) = LOWER($1) ORDER BY id LIMIT 1")
            .bind(slug_or_name)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|r| r.0))
}

/// Moves a budget from `from` to `to` if it is still in `from`; `locks` stamps the opening of the vote,
/// `closes` its closing. Returns whether it moved (a concurrent move makes it false).
pub async fn move_phase(
    conn: &mut AnyConnection,
    id: i64,
    from: &str,
    to: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE budgets SET phase = $1, phase_at = $2, updated_at = $2, \
         locked_at = CASE WHEN $1 = 'voting' THEN $2 ELSE locked_at END, \
         closed_at = CASE WHEN $1 = 'counting' THEN $2 ELSE closed_at END \
         WHERE id = $3 AND phase = $4",
    )
    .bind(to)
    .bind(now)
    .bind(id)
    .bind(from)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A project as the lifecycle needs it.
#[derive(Clone, Debug, FromRow)]
pub struct ProjectRow {
    pub id: i64,
    pub budget_id: i64,
    pub envelope_id: i64,
    pub reference: String,
    pub title: String,
    pub cost: i64,
    pub revised_cost: Option<i64>,
    pub status: crate::budgets::ProjectStatus,
    pub review_note: String,
    pub author_id: Option<i64>,
    pub body: String,
    pub category: String,
}

/// One project.
pub async fn project(db: &Db, id: i64) -> Result<Option<ProjectRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, budget_id, envelope_id, ref AS reference, title, cost, revised_cost, status, review_note, author_id, \
         body, category FROM budget_projects WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// A new project, submitted by a resident: its reference is the next free number of the budget.
#[allow(clippy::too_many_arguments)]
pub async fn insert_project(
    conn: &mut AnyConnection,
    budget_id: i64,
    envelope_id: i64,
    title: &str,
    body: &str,
    category: &str,
    cost: i64,
    location: Option<(f64, f64)>,
    author_id: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (next,): (i64,) =
        sqlx::query_as("SELECT COALESCE(MAX(position), -1) + 1 FROM budget_projects WHERE budget_id = $1")
            .bind(budget_id)
            .fetch_one(&mut *conn)
            .await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO budget_projects (budget_id, envelope_id, position, ref, title, body, category, cost, latitude, \
         longitude, author_id, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'submitted', $12, $12) RETURNING id",
    )
    .bind(budget_id)
    .bind(envelope_id)
    .bind(next)
    .bind((next + 1).to_string())
    .bind(title)
    .bind(body)
    .bind(category)
    .bind(cost)
    .bind(crate::db::OptF64(location.map(|l| l.0)))
    .bind(crate::db::OptF64(location.map(|l| l.1)))
    .bind(author_id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Records a review: feasible or not, the public note, a revised cost, or the project it was merged into.
pub async fn review(
    conn: &mut AnyConnection,
    id: i64,
    status: &str,
    note: &str,
    revised_cost: Option<i64>,
    merged_into: Option<i64>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE budget_projects SET status = $1, review_note = $2, revised_cost = $3, merged_into = $4, \
         reviewed_at = $5, updated_at = $5 WHERE id = $6",
    )
    .bind(status)
    .bind(note)
    .bind(revised_cost)
    .bind(merged_into)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An envelope of a budget, with its district.
#[derive(Clone, Debug, FromRow)]
pub struct EnvelopeInfo {
    pub id: i64,
    pub budget_id: i64,
    pub district_id: Option<i64>,
    pub amount: i64,
}

/// One envelope.
pub async fn envelope(db: &Db, id: i64) -> Result<Option<EnvelopeInfo>, sqlx::Error> {
    sqlx::query_as("SELECT id, budget_id, district_id, amount FROM budget_envelopes WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// A project as the public budget page lists it.
#[derive(Clone, Debug, FromRow)]
pub struct PublicProjectRow {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub cost: i64,
    pub status: crate::budgets::ProjectStatus,
    pub review_note: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// An envelope's projects, in the published order (every status: the review is public).
pub async fn projects(db: &Db, envelope_id: i64) -> Result<Vec<PublicProjectRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, ref AS reference, title, COALESCE(revised_cost, cost) AS cost, status, review_note, latitude, \
         longitude FROM budget_projects WHERE envelope_id = $1 ORDER BY position, id",
    )
    .bind(envelope_id)
    .fetch_all(&db.pool)
    .await
}

/// An envelope as pages list it.
#[derive(Clone, Debug, FromRow)]
pub struct EnvelopeLine {
    pub id: i64,
    /// The district's name, or the imported one (empty: the whole town).
    pub name: String,
    pub district_id: Option<i64>,
    /// Cents.
    pub amount: i64,
}

/// A budget's envelopes, in their published order.
pub async fn envelope_lines(db: &Db, budget_id: i64) -> Result<Vec<EnvelopeLine>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.id, COALESCE(d.name, e.name) AS name, e.district_id, e.amount FROM budget_envelopes e \
         LEFT JOIN districts d ON d.id = e.district_id WHERE e.budget_id = $1 ORDER BY e.position, e.id",
    )
    .bind(budget_id)
    .fetch_all(&db.pool)
    .await
}

/// Every budget, newest first: slug, title, phase, currency, total of its envelopes.
/// (PostgreSQL sums BIGINTs as NUMERIC: the CAST keeps one type on both engines.)
pub async fn list(db: &Db) -> Result<Vec<(String, String, crate::budgets::Phase, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.slug, b.title, b.phase, b.currency, CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) AS total FROM budgets b \
         LEFT JOIN budget_envelopes e ON e.budget_id = b.id \
         GROUP BY b.id, b.slug, b.title, b.phase, b.currency ORDER BY b.id DESC",
    )
    .fetch_all(&db.pool)
    .await
}

/// A stored tally: ballots, each voter's share (equal shares), the comparison step, ballots set aside.
pub async fn tally(
    db: &Db,
    envelope_id: i64,
    rule: &str,
) -> Result<Option<(i64, Option<i64>, Option<i64>, Option<i64>, Option<i64>, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT ballots, voter_budget, for_shares, for_greedy, kept_greedy, rejected FROM budget_tallies \
         WHERE envelope_id = $1 AND rule = $2",
    )
    .bind(envelope_id)
    .bind(rule)
    .fetch_optional(&db.pool)
    .await
}

/// Stores a project's photo `position` (from 1).
pub async fn insert_image(
    conn: &mut AnyConnection,
    project_id: i64,
    position: i64,
    content_type: &str,
    bytes: &[u8],
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO budget_project_images (project_id, position, content_type, bytes, created_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(project_id)
    .bind(position)
    .bind(content_type)
    .bind(bytes.to_vec())
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A project's photo: its media type and bytes.
pub async fn image(db: &Db, project_id: i64, position: i64) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    sqlx::query_as("SELECT content_type, bytes FROM budget_project_images WHERE project_id = $1 AND position = $2")
        .bind(project_id)
        .bind(position)
        .fetch_optional(&db.pool)
        .await
}

/// How many photos a project has.
pub async fn image_count(db: &Db, project_id: i64) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM budget_project_images WHERE project_id = $1")
        .bind(project_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(n)
}

/// Tells a budget's participants — its identified voters (web, kiosk, marked on paper) and the authors of its
/// projects — that its decision is published, once each.
pub async fn enqueue_budget_decided(conn: &mut AnyConnection, budget_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO notifications (user_id, kind, budget_id, created_at) \
         SELECT p.user_id, 'budget_decided', $1, $2 FROM ( \
           SELECT v.user_id FROM budget_participations v JOIN budget_envelopes e ON e.id = v.envelope_id \
           WHERE e.budget_id = $1 \
           UNION SELECT author_id AS user_id FROM budget_projects WHERE budget_id = $1 AND author_id IS NOT NULL) p \
         WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = p.user_id AND n.kind = 'budget_decided' \
           AND n.budget_id = $1)",
    )
    .bind(budget_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A budget's slug and title.
pub async fn slug_and_title(db: &Db, id: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT slug, title FROM budgets WHERE id = $1").bind(id).fetch_optional(&db.pool).await
}
