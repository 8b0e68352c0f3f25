//! The budgets' SQL, written once for SQLite and PostgreSQL: imports, counting and export here; the lifecycle
//! and projects in `lifecycle`; ballots (kept apart from who voted) in `ballots`; paper batches in `paper`.

pub mod ballots;
pub mod lifecycle;
pub mod paper;

use super::interchange::{PlannedBudget, PlannedProject};
use crate::db::Db;
use sqlx::{AnyConnection, FromRow};

/// A row of `budgets`.
#[derive(Clone, Debug, FromRow)]
pub struct BudgetRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub body: String,
    pub currency: String,
    pub phase: crate::budgets::Phase,
    pub ballot_kind: crate::budgets::BallotKind,
    pub min_choices: i64,
    pub max_choices: Option<i64>,
    pub min_spend_pct: i64,
    pub max_points: Option<i64>,
    pub max_points_each: Option<i64>,
    pub rule: String,
    pub min_score: i64,
    pub imported_meta: Option<String>,
    /// When voting opened and closed (Unix seconds).
    pub locked_at: Option<i64>,
    pub closed_at: Option<i64>,
    /// Who may vote, and from what age.
    pub voters: crate::eligibility::policy::Voters,
    pub min_age: Option<i64>,
}

/// A row of `budget_envelopes`.
#[derive(Clone, Debug, FromRow)]
pub struct EnvelopeRow {
    pub id: i64,
    pub name: String,
    pub amount: i64,
}

/// A project on the ballot.
#[derive(Clone, Debug, FromRow)]
pub struct CandidateRow {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub category: String,
    pub body: String,
    /// The reviewed cost when there is one, else the estimate.
    pub cost: i64,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// How many photos it has.
    pub images: i64,
}

/// One item of one ballot.
#[derive(Clone, Debug, FromRow)]
pub struct ItemRow {
    pub ballot_id: String,
    pub channel: crate::participation::Channel,
    pub project_id: i64,
    pub points: i64,
}

/// A stored tally of one rule.
#[derive(Clone, Debug, Default)]
pub struct TallyRow {
    pub rule: String,
    pub ballots: i64,
    /// Ballots set aside because they break the budget's rules.
    pub rejected: i64,
    pub voter_budget: Option<i64>,
    pub comparison: Option<(i64, i64, bool)>,
}

/// A project's stored result under one rule.
#[derive(Clone, Debug, Default, FromRow)]
pub struct ResultRow {
    pub project_id: i64,
    pub score: i64,
    pub funded: i64,
    pub funded_rank: Option<i64>,
    pub reason: String,
    pub amount: Option<i64>,
    pub payers: Option<i64>,
    pub supporters: Option<i64>,
    pub detail: Option<i64>,
}

/// Whether a slug is taken.
pub async fn slug_taken(db: &Db, slug: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM budgets WHERE slug = $1").bind(slug).fetch_optional(&db.pool).await?;
    Ok(row.is_some())
}

/// Creates a budget already counted (an import): phase `results`, voting locked and closed at `now`.
pub async fn insert_closed(
    conn: &mut AnyConnection,
    b: &PlannedBudget,
    slug: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO budgets (slug, title, body, currency, phase, ballot_kind, min_choices, max_choices, max_points, \
         rule, min_score, phase_at, locked_at, closed_at, imported_meta, created_at, updated_at) \
         VALUES ($1, $2, '', $3, 'results', $4, $5, $6, $7, $8, $9, $10, $10, $10, $11, $10, $10) RETURNING id",
    )
    .bind(slug)
    .bind(&b.title)
    .bind(&b.currency)
    .bind(b.kind.code())
    .bind(b.min_choices)
    .bind(b.max_choices)
    .bind(b.max_points)
    .bind(&b.rule)
    .bind(b.min_score)
    .bind(now)
    .bind(&b.meta)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Adds an envelope.
pub async fn insert_envelope(
    conn: &mut AnyConnection,
    budget_id: i64,
    position: i64,
    district_id: Option<i64>,
    name: &str,
    amount: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO budget_envelopes (budget_id, position, district_id, name, amount) VALUES ($1, $2, $3, $4, $5) \
         RETURNING id",
    )
    .bind(budget_id)
    .bind(position)
    .bind(district_id)
    .bind(name)
    .bind(amount)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Adds a reviewed, feasible project (an import's).
pub async fn insert_feasible(
    conn: &mut AnyConnection,
    budget_id: i64,
    envelope_id: i64,
    position: i64,
    p: &PlannedProject,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO budget_projects (budget_id, envelope_id, position, ref, title, category, cost, latitude, \
         longitude, status, reviewed_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'feasible', $10, $10, $10) RETURNING id",
    )
    .bind(budget_id)
    .bind(envelope_id)
    .bind(position)
    .bind(&p.reference)
    .bind(&p.title)
    .bind(&p.category)
    .bind(p.cost)
    .bind(crate::db::OptF64(p.latitude))
    .bind(crate::db::OptF64(p.longitude))
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

const BUDGET_COLUMNS: &str =
    "id, slug, title, body, currency, phase, ballot_kind, min_choices, max_choices, min_spend_pct, max_points, \
     max_points_each, rule, min_score, imported_meta, locked_at, closed_at, voters, min_age";

/// A budget by slug.
pub async fn find(db: &Db, slug: &str) -> Result<Option<BudgetRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {BUDGET_COLUMNS} FROM budgets WHERE slug = $1"))
        .bind(slug)
        .fetch_optional(&db.pool)
        .await
}

/// A budget by id.
pub async fn get(db: &Db, id: i64) -> Result<Option<BudgetRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {BUDGET_COLUMNS} FROM budgets WHERE id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await
}

/// A budget's envelopes, in order.
pub async fn envelopes(db: &Db, budget_id: i64) -> Result<Vec<EnvelopeRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, name, amount FROM budget_envelopes WHERE budget_id = $1 ORDER BY position, id")
        .bind(budget_id)
        .fetch_all(&db.pool)
        .await
}

/// The projects on an envelope's ballot (feasible ones), in the published order.
pub async fn candidates(db: &Db, envelope_id: i64) -> Result<Vec<CandidateRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT p.id, p.ref AS reference, p.title, p.category, p.body, COALESCE(p.revised_cost, p.cost) AS cost, \
         p.latitude, p.longitude, \
         (SELECT COUNT(*) FROM budget_project_images i WHERE i.project_id = p.id) AS images \
         FROM budget_projects p WHERE p.envelope_id = $1 AND p.status = 'feasible' ORDER BY p.position, p.id",
    )
    .bind(envelope_id)
    .fetch_all(&db.pool)
    .await
}

/// Every ballot item of an envelope, ballot by ballot (by random id), ranked items in rank order.
pub async fn items(db: &Db, envelope_id: i64) -> Result<Vec<ItemRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.id AS ballot_id, b.channel, i.project_id, i.points FROM budget_ballots b \
         JOIN budget_ballot_items i ON i.ballot_id = b.id WHERE b.envelope_id = $1 ORDER BY b.id, i.points, i.project_id",
    )
    .bind(envelope_id)
    .fetch_all(&db.pool)
    .await
}

/// Ballots of an envelope that name no project (blank ballots still count as voters).
pub async fn blank_ballots(
    db: &Db,
    envelope_id: i64,
) -> Result<Vec<(String, crate::participation::Channel)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT b.id, b.channel FROM budget_ballots b WHERE b.envelope_id = $1 AND NOT EXISTS \
         (SELECT 1 FROM budget_ballot_items i WHERE i.ballot_id = b.id) ORDER BY b.id",
    )
    .bind(envelope_id)
    .fetch_all(&db.pool)
    .await
}

/// Replaces an envelope's stored result under one rule.
/// Takes the budget's row lock for the rest of the transaction (PostgreSQL locks the row; SQLite's first write
/// takes the database's write lock): two counts of one budget — staff publishing from two instances at once —
/// replace its results one after the other instead of both deleting, then both inserting.
pub async fn lock_budget(conn: &mut AnyConnection, budget_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE budgets SET phase = phase WHERE id = $1").bind(budget_id).execute(&mut *conn).await?;
    Ok(())
}

pub async fn replace_result(
    conn: &mut AnyConnection,
    envelope_id: i64,
    tally: &TallyRow,
    rows: &[ResultRow],
    now: i64,
) -> Result<(), sqlx::Error> {
    for table in ["budget_results", "budget_tallies"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE envelope_id = $1 AND rule = $2"))
            .bind(envelope_id)
            .bind(&tally.rule)
            .execute(&mut *conn)
            .await?;
    }
    let (for_shares, for_greedy, kept) = match tally.comparison {
        Some((a, b, k)) => (Some(a), Some(b), Some(k as i64)),
        None => (None, None, None),
    };
    sqlx::query(
        "INSERT INTO budget_tallies (envelope_id, rule, ballots, voter_budget, for_shares, for_greedy, kept_greedy, \
         computed_at, rejected) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(envelope_id)
    .bind(&tally.rule)
    .bind(tally.ballots)
    .bind(tally.voter_budget)
    .bind(for_shares)
    .bind(for_greedy)
    .bind(kept)
    .bind(now)
    .bind(tally.rejected)
    .execute(&mut *conn)
    .await?;
    for r in rows {
        sqlx::query(
            "INSERT INTO budget_results (envelope_id, rule, project_id, score, funded, funded_rank, reason, amount, \
             payers, supporters, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(envelope_id)
        .bind(&tally.rule)
        .bind(r.project_id)
        .bind(r.score)
        .bind(r.funded)
        .bind(r.funded_rank)
        .bind(&r.reason)
        .bind(r.amount)
        .bind(r.payers)
        .bind(r.supporters)
        .bind(r.detail)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// An envelope's stored results under one rule (projects' published order).
pub async fn results(db: &Db, envelope_id: i64, rule: &str) -> Result<Vec<ResultRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT r.project_id, r.score, r.funded, r.funded_rank, r.reason, r.amount, r.payers, r.supporters, r.detail \
         FROM budget_results r JOIN budget_projects p ON p.id = r.project_id \
         WHERE r.envelope_id = $1 AND r.rule = $2 ORDER BY p.position, p.id",
    )
    .bind(envelope_id)
    .bind(rule)
    .fetch_all(&db.pool)
    .await
}

/// The rules an envelope has stored results for.
pub async fn tallied_rules(db: &Db, envelope_id: i64) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT rule FROM budget_tallies WHERE envelope_id = $1 ORDER BY rule")
        .bind(envelope_id)
        .fetch_all(&db.pool)
        .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// One account's projects (budget, reference, title, status, cost in cents, photos) and the envelopes it voted in
/// (budget, envelope, channel, time) — never what it voted (for its data export).
#[allow(clippy::type_complexity)]
pub async fn personal_data(
    db: &Db,
    user_id: i64,
) -> Result<(Vec<(String, String, String, String, i64, i64)>, Vec<(String, String, String, i64)>), sqlx::Error> {
    let projects = sqlx::query_as(
        "SELECT b.slug, p.ref, p.title, p.status, p.cost, \
         (SELECT COUNT(*) FROM budget_project_images i WHERE i.project_id = p.id) \
         FROM budget_projects p JOIN budgets b ON b.id = p.budget_id WHERE p.author_id = $1 ORDER BY p.id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    let participations = sqlx::query_as(
        "SELECT b.slug, e.name, p.channel, p.at FROM budget_participations p \
         JOIN budget_envelopes e ON e.id = p.envelope_id JOIN budgets b ON b.id = e.budget_id \
         WHERE p.user_id = $1 ORDER BY p.at",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    Ok((projects, participations))
}
