//! The SQL of decisions, in the subset SQLite and PostgreSQL share.

use super::rules::ValidDecision;
use super::SubjectKind;
use crate::db::Db;
use sqlx::{AnyConnection, FromRow};

/// A decision with its subject, as stored.
#[derive(Debug, FromRow)]
pub struct DecisionRow {
    pub id: i64,
    pub kind: SubjectKind,
    pub subject_slug: String,
    pub subject_title: String,
    pub outcome: super::Outcome,
    pub reasoning: String,
    pub participation: String,
    pub body: String,
    pub reference: String,
    pub decided_on: String,
    pub act_url: String,
}

/// The subject of a decision: a consultation or a budget, whichever is set.
const SELECT: &str = "SELECT d.id, CASE WHEN d.consultation_id IS NULL THEN 'budget' ELSE 'consultation' END AS kind, \
     COALESCE(c.slug, b.slug) AS subject_slug, COALESCE(c.title, b.title) AS subject_title, d.outcome, d.reasoning, \
     d.participation, d.body, d.reference, d.decided_on, d.act_url \
     FROM decisions d LEFT JOIN consultations c ON c.id = d.consultation_id LEFT JOIN budgets b ON b.id = d.budget_id";

/// Records a decision on `kind` number `subject_id`; returns its id. The unique indexes refuse a second decision
/// on the same subject (the caller checks first and runs this in the same transaction).
pub async fn insert(
    conn: &mut AnyConnection,
    kind: SubjectKind,
    subject_id: i64,
    v: &ValidDecision,
    author_id: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (consultation, budget) = match kind {
        SubjectKind::Consultation => (Some(subject_id), None),
        SubjectKind::Budget => (None, Some(subject_id)),
    };
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO decisions (consultation_id, budget_id, outcome, reasoning, participation, body, reference, \
         decided_on, act_url, author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
         RETURNING id",
    )
    .bind(consultation)
    .bind(budget)
    .bind(v.outcome.code())
    .bind(&v.reasoning)
    .bind(&v.participation)
    .bind(&v.body)
    .bind(&v.reference)
    .bind(&v.decided_on)
    .bind(&v.act_url)
    .bind(author_id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// The decision on a subject, if one is recorded (inside the recording transaction, or on the subject's page).
pub async fn id_for(conn: &mut AnyConnection, kind: SubjectKind, subject_id: i64) -> Result<Option<i64>, sqlx::Error> {
    let column = match kind {
        SubjectKind::Consultation => "consultation_id",
        SubjectKind::Budget => "budget_id",
    };
    let row: Option<(i64,)> = sqlx::query_as(&format!("SELECT id FROM decisions WHERE {column} = $1"))
        .bind(subject_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|(id,)| id))
}

/// A decision's outcome code, if the decision exists.
pub async fn outcome(db: &Db, id: i64) -> Result<Option<super::Outcome>, sqlx::Error> {
    let row: Option<(super::Outcome,)> =
        sqlx::query_as("SELECT outcome FROM decisions WHERE id = $1").bind(id).fetch_optional(&db.pool).await?;
    Ok(row.map(|(o,)| o))
}

/// One decision.
pub async fn get(db: &Db, id: i64) -> Result<Option<DecisionRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE d.id = $1")).bind(id).fetch_optional(&db.pool).await
}

/// The decision on a subject, found by the subject's slug.
pub async fn for_subject(db: &Db, kind: SubjectKind, slug: &str) -> Result<Option<DecisionRow>, sqlx::Error> {
    let filter = match kind {
        SubjectKind::Consultation => "c.slug = $1",
        SubjectKind::Budget => "b.slug = $1",
    };
    sqlx::query_as(&format!("{SELECT} WHERE {filter}")).bind(slug).fetch_optional(&db.pool).await
}

/// Decisions matching the filters (each `None` for any), latest decided first.
pub async fn list(
    db: &Db,
    outcome: Option<&str>,
    kind: Option<SubjectKind>,
    year: Option<i64>,
) -> Result<Vec<DecisionRow>, sqlx::Error> {
    // Dates are stored as YYYY-MM-DD text: a year is a range of strings, the same on both engines.
    let (from, until) = match year {
        Some(y) => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
        None => ("0000-01-01".to_string(), "9999-12-31".to_string()),
    };
    let kind_filter = match kind {
        Some(SubjectKind::Consultation) => " AND d.consultation_id IS NOT NULL",
        Some(SubjectKind::Budget) => " AND d.budget_id IS NOT NULL",
        None => "",
    };
    sqlx::query_as(&format!(
        "{SELECT} WHERE ($1 = '' OR d.outcome = $1) AND d.decided_on >= $2 AND d.decided_on <= $3{kind_filter} \
         ORDER BY d.decided_on DESC, d.id DESC"
    ))
    .bind(outcome.unwrap_or_default())
    .bind(from)
    .bind(until)
    .fetch_all(&db.pool)
    .await
}

/// The `n` latest decisions (a kiosk's home).
pub async fn latest(db: &Db, n: i64) -> Result<Vec<DecisionRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} ORDER BY d.decided_on DESC, d.id DESC LIMIT $1"))
        .bind(n)
        .fetch_all(&db.pool)
        .await
}

/// The years that have decisions, latest first (for the filter).
pub async fn years(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT DISTINCT SUBSTR(decided_on, 1, 4) AS year FROM decisions ORDER BY year DESC")
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().map(|(y,)| y).collect())
}

/// Decisions taken between two days (YYYY-MM-DD, inclusive), in the order they were taken.
pub async fn between(db: &Db, first: &str, last: &str) -> Result<Vec<DecisionRow>, sqlx::Error> {
    sqlx::query_as(&format!("{SELECT} WHERE d.decided_on >= $1 AND d.decided_on <= $2 ORDER BY d.decided_on, d.id"))
        .bind(first)
        .bind(last)
        .fetch_all(&db.pool)
        .await
}
