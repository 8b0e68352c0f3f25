//! The consultations' SQL, written once for SQLite and PostgreSQL.

mod lock;
pub mod notifications;
pub mod proposals;

pub use lock::hold;

use super::rules::ValidConsultation;
use super::*;
use crate::db::Db;
use crate::eligibility::policy::Voters;
use sqlx::{AnyConnection, FromRow};

/// A row of `consultations`.
#[derive(Clone, Debug, FromRow)]
pub struct ConsultationRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub question: String,
    pub body: String,
    pub domain: Domain,
    pub use_purpose: String,
    pub use_benefits: String,
    pub use_data: String,
    pub use_retention: String,
    pub planned_sensors: String,
    pub status: Phase,
    pub opens_on: Option<String>,
    pub closes_on: Option<String>,
    pub opened_at: Option<i64>,
    pub closed_at: Option<i64>,
    pub decided_at: Option<i64>,
    pub districts_only: i64,
    pub results_hidden: i64,
    pub voters: Voters,
    pub min_age: Option<i64>,
}

const COLUMNS: &str = "id, slug, title, question, body, domain, use_purpose, use_benefits, use_data, use_retention, \
     planned_sensors, status, opens_on, closes_on, opened_at, closed_at, decided_at, districts_only, results_hidden, \
     voters, min_age";

/// Creates a draft; returns its id.
pub async fn insert(conn: &mut AnyConnection, v: &ValidConsultation, slug: &str, now: i64) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO consultations (slug, title, question, body, domain, use_purpose, use_benefits, use_data, \
         use_retention, planned_sensors, status, opens_on, closes_on, districts_only, results_hidden, created_at, \
         updated_at, voters, min_age) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'draft', $11, $12, $13, $14, $15, $15, $16, $17) RETURNING id",
    )
    .bind(slug)
    .bind(&v.title)
    .bind(&v.question)
    .bind(&v.body)
    .bind(v.domain.code())
    .bind(&v.use_purpose)
    .bind(&v.use_benefits)
    .bind(&v.use_data)
    .bind(&v.use_retention)
    .bind(&v.planned_sensors)
    .bind(&v.opens_on)
    .bind(&v.closes_on)
    .bind(v.districts_only as i64)
    .bind(v.results_hidden as i64)
    .bind(now)
    .bind(v.rule.voters.code())
    .bind(v.rule.min_age.map(i64::from))
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Saves an edit.
pub async fn update(conn: &mut AnyConnection, id: i64, v: &ValidConsultation, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE consultations SET title = $1, question = $2, body = $3, domain = $4, use_purpose = $5, \
         use_benefits = $6, use_data = $7, use_retention = $8, planned_sensors = $9, opens_on = $10, closes_on = $11, \
         districts_only = $12, results_hidden = $13, updated_at = $14, voters = $16, min_age = $17 WHERE id = $15",
    )
    .bind(&v.title)
    .bind(&v.question)
    .bind(&v.body)
    .bind(v.domain.code())
    .bind(&v.use_purpose)
    .bind(&v.use_benefits)
    .bind(&v.use_data)
    .bind(&v.use_retention)
    .bind(&v.planned_sensors)
    .bind(&v.opens_on)
    .bind(&v.closes_on)
    .bind(v.districts_only as i64)
    .bind(v.results_hidden as i64)
    .bind(now)
    .bind(id)
    .bind(v.rule.voters.code())
    .bind(v.rule.min_age.map(i64::from))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Replaces the sensors, districts and documents of a consultation.
pub async fn set_links(
    conn: &mut AnyConnection,
    id: i64,
    sensors: &[i64],
    districts: &[i64],
    documents: &[Document],
) -> Result<(), sqlx::Error> {
    for table in ["consultation_sensors", "consultation_districts", "consultation_documents"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE consultation_id = $1")).bind(id).execute(&mut *conn).await?;
    }
    for sensor in sensors {
        sqlx::query(
            "INSERT INTO consultation_sensors (consultation_id, sensor_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(sensor)
        .execute(&mut *conn)
        .await?;
    }
    for district in districts {
        sqlx::query(
            "INSERT INTO consultation_districts (consultation_id, district_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(district)
        .execute(&mut *conn)
        .await?;
    }
    for (position, d) in documents.iter().enumerate() {
        sqlx::query(
            "INSERT INTO consultation_documents (consultation_id, position, title, url) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(&d.title)
        .bind(&d.url)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Whether a slug is used.
pub async fn slug_taken(db: &Db, slug: &str) -> Result<bool, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT id FROM consultations WHERE slug = $1").bind(slug).fetch_optional(&db.pool).await?;
    Ok(row.is_some())
}

/// A consultation's slug by id.
pub async fn slug_of(db: &Db, id: i64) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT slug FROM consultations WHERE id = $1").bind(id).fetch_optional(&db.pool).await?;
    Ok(row.map(|(s,)| s))
}

/// The ids of sensors by reference (unknown references are left out).
pub async fn sensor_ids(db: &Db, references: &[String]) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let mut out = vec![];
    for reference in references {
        let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM sensors WHERE reference = $1")
            .bind(reference)
            .fetch_optional(&db.pool)
            .await?;
        if let Some((id,)) = row {
            out.push((reference.clone(), id));
        }
    }
    Ok(out)
}

/// A consultation by slug.
pub async fn find(db: &Db, slug: &str) -> Result<Option<ConsultationRow>, sqlx::Error> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM consultations WHERE slug = $1"))
        .bind(slug)
        .fetch_optional(&db.pool)
        .await
}

/// Its districts (id, name).
pub async fn districts_of(db: &Db, id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT d.id, d.name FROM consultation_districts cd JOIN districts d ON d.id = cd.district_id \
         WHERE cd.consultation_id = $1 ORDER BY d.name",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await
}

/// Its sensors (reference, name).
pub async fn sensors_of(db: &Db, id: i64) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT s.reference, s.name FROM consultation_sensors cs JOIN sensors s ON s.id = cs.sensor_id \
         WHERE cs.consultation_id = $1 ORDER BY s.reference",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await
}

/// Its documents, in order.
pub async fn documents_of(db: &Db, id: i64) -> Result<Vec<Document>, sqlx::Error> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT title, url FROM consultation_documents WHERE consultation_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().map(|(title, url)| Document { title, url }).collect())
}

/// The consultations a sensor is concerned by, for its page (public ones only): slug, title, phase.
pub async fn for_sensor(db: &Db, reference: &str) -> Result<Vec<(String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.slug, c.title, c.status FROM consultation_sensors cs JOIN consultations c ON c.id = cs.consultation_id \
         JOIN sensors s ON s.id = cs.sensor_id WHERE s.reference = $1 AND c.status <> 'draft' ORDER BY c.created_at DESC",
    )
    .bind(reference)
    .fetch_all(&db.pool)
    .await
}

#[derive(FromRow)]
struct SummaryRow {
    id: i64,
    slug: String,
    title: String,
    question: String,
    status: Phase,
    domain: Domain,
    closes_on: Option<String>,
    comments: i64,
    votes: i64,
}

/// The list, newest first, filtered by phase, district and domain; drafts only when `drafts`.
pub async fn list(
    db: &Db,
    status: Option<Phase>,
    district: Option<i64>,
    domain: Option<Domain>,
    drafts: bool,
) -> Result<Vec<ConsultationSummary>, sqlx::Error> {
    let rows: Vec<SummaryRow> = sqlx::query_as(
        "SELECT c.id, c.slug, c.title, c.question, c.status, c.domain, c.closes_on, \
         (SELECT COUNT(*) FROM comments m WHERE m.consultation_id = c.id AND m.deleted_at IS NULL AND m.hidden_at IS NULL) AS comments, \
         (SELECT COUNT(*) FROM consultation_votes v WHERE v.consultation_id = c.id) AS votes \
         FROM consultations c \
         WHERE ($1 = '' OR c.status = $1) AND ($2 = 1 OR c.status <> 'draft') AND ($3 = '' OR c.domain = $3) \
         AND ($4 = 0 OR EXISTS (SELECT 1 FROM consultation_districts cd WHERE cd.consultation_id = c.id AND cd.district_id = $4)) \
         ORDER BY c.created_at DESC, c.id DESC LIMIT 200",
    )
    .bind(status.map(|s| s.code()).unwrap_or_default())
    .bind(drafts as i64)
    .bind(domain.map(|d| d.code()).unwrap_or_default())
    .bind(district.unwrap_or(0))
    .fetch_all(&db.pool)
    .await?;
    // Every listed consultation's districts in one query, not one per line.
    let links: Vec<(i64, String)> = sqlx::query_as(
        "SELECT cd.consultation_id, d.name FROM consultation_districts cd JOIN districts d ON d.id = cd.district_id \
         ORDER BY d.name",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let districts = links.iter().filter(|(id, _)| *id == r.id).map(|(_, n)| n.clone()).collect();
        out.push(ConsultationSummary {
            slug: r.slug,
            title: r.title,
            question: r.question,
            status: r.status,
            domain: r.domain,
            districts,
            closes_on: r.closes_on,
            comments: r.comments,
            votes: r.votes,
        });
    }
    Ok(out)
}

/// Moves a consultation from `from` to `to`, stamping the phase's time; `false` when it was no longer in
/// `from` (another click got there first).
pub async fn set_phase(
    conn: &mut AnyConnection,
    id: i64,
    from: Phase,
    to: Phase,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let stamp = match to {
        Phase::Open => "opened_at",
        Phase::Closed => "closed_at",
        Phase::Decided => "decided_at",
        Phase::Draft => "updated_at",
    };
    let done = sqlx::query(&format!(
        "UPDATE consultations SET status = $1, {stamp} = $2, updated_at = $2 WHERE id = $3 AND status = $4"
    ))
    .bind(to.code())
    .bind(now)
    .bind(id)
    .bind(from.code())
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A comment's row.
#[derive(Clone, Debug, FromRow)]
pub struct CommentRow {
    pub id: i64,
    pub consultation_id: i64,
    pub parent_id: Option<i64>,
    pub depth: i64,
    pub author_id: Option<i64>,
    pub author: Option<String>,
    pub alignment: Alignment,
    pub body: String,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub deleted_at: Option<i64>,
    pub hidden_reason: Option<String>,
    pub supports: i64,
}

const COMMENT_COLUMNS: &str = "m.id, m.consultation_id, m.parent_id, m.depth, m.author_id, u.display_name AS author, \
     m.alignment, m.body, m.created_at, m.edited_at, m.deleted_at, m.hidden_reason, m.supports";

/// One comment.
pub async fn comment(db: &Db, id: i64) -> Result<Option<CommentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COMMENT_COLUMNS} FROM comments m LEFT JOIN users u ON u.id = m.author_id WHERE m.id = $1"
    ))
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// Every comment of a consultation.
pub async fn comments_of(db: &Db, consultation_id: i64) -> Result<Vec<CommentRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COMMENT_COLUMNS} FROM comments m LEFT JOIN users u ON u.id = m.author_id \
         WHERE m.consultation_id = $1 ORDER BY m.created_at, m.id"
    ))
    .bind(consultation_id)
    .fetch_all(&db.pool)
    .await
}

/// The comments of a consultation `user_id` supported.
pub async fn supported_by(db: &Db, consultation_id: i64, user_id: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows: Vec<(i64,)> = sqlx::query_as(
        "SELECT s.comment_id FROM comment_supports s JOIN comments m ON m.id = s.comment_id \
         WHERE m.consultation_id = $1 AND s.user_id = $2",
    )
    .bind(consultation_id)
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Adds a comment, only while its consultation is open (the check and the write are one statement, so a
/// comment cannot slip in after closing). `None` when the consultation is not open.
#[allow(clippy::too_many_arguments)]
pub async fn insert_comment(
    conn: &mut AnyConnection,
    consultation_id: i64,
    parent_id: Option<i64>,
    depth: i64,
    author_id: i64,
    alignment: Alignment,
    body: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO comments (consultation_id, parent_id, depth, author_id, alignment, body, created_at) \
         SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS \
         (SELECT 1 FROM consultations WHERE id = $1 AND status = 'open') RETURNING id",
    )
    .bind(consultation_id)
    .bind(parent_id)
    .bind(depth)
    .bind(author_id)
    .bind(alignment.code())
    .bind(body)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// Saves an author's edit.
pub async fn update_comment(db: &Db, id: i64, body: &str, alignment: Alignment, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE comments SET body = $1, alignment = $2, edited_at = $3 WHERE id = $4 AND deleted_at IS NULL")
        .bind(body)
        .bind(alignment.code())
        .bind(now)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Deletes a comment's text (its replies stay, under a placeholder).
pub async fn delete_comment(db: &Db, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE comments SET body = '', deleted_at = $1 WHERE id = $2 AND deleted_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Adds or takes back `user_id`'s support of a comment, keeping the counter in step; returns whether the
/// state changed.
pub async fn set_support(
    conn: &mut AnyConnection,
    comment_id: i64,
    user_id: i64,
    on: bool,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = if on {
        sqlx::query(
            "INSERT INTO comment_supports (comment_id, user_id, at) VALUES ($1, $2, $3) \
             ON CONFLICT (comment_id, user_id) DO NOTHING",
        )
        .bind(comment_id)
        .bind(user_id)
        .bind(now)
        .execute(&mut *conn)
        .await?
    } else {
        sqlx::query("DELETE FROM comment_supports WHERE comment_id = $1 AND user_id = $2")
            .bind(comment_id)
            .bind(user_id)
            .execute(&mut *conn)
            .await?
    };
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    let delta: i64 = if on { 1 } else { -1 };
    sqlx::query("UPDATE comments SET supports = supports + $1 WHERE id = $2")
        .bind(delta)
        .bind(comment_id)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

/// Casts or changes a vote, only while the consultation is open (checked in the same statement, so no vote
/// lands after closing). Returns `false` when it is not open.
pub async fn cast_vote(
    conn: &mut AnyConnection,
    consultation_id: i64,
    user_id: i64,
    choice: Choice,
    district_id: Option<i64>,
    channel: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    // One row per person whatever the channel: a vote cast again at a kiosk replaces the online one (and
    // records the channel it last came by), it is never counted twice.
    let done = sqlx::query(
        "INSERT INTO consultation_votes (consultation_id, user_id, choice, district_id, cast_at, changed_at, channel) \
         SELECT $1, $2, $3, $4, $5, $5, $6 WHERE EXISTS (SELECT 1 FROM consultations WHERE id = $1 AND status = 'open') \
         ON CONFLICT (consultation_id, user_id) DO UPDATE SET choice = excluded.choice, \
         district_id = excluded.district_id, changed_at = excluded.changed_at, channel = excluded.channel",
    )
    .bind(consultation_id)
    .bind(user_id)
    .bind(choice.code())
    .bind(district_id)
    .bind(now)
    .bind(channel)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The reader's own vote.
pub async fn my_vote(db: &Db, consultation_id: i64, user_id: i64) -> Result<Option<Choice>, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT choice FROM consultation_votes WHERE consultation_id = $1 AND user_id = $2")
            .bind(consultation_id)
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.and_then(|(c,)| Choice::from_code(&c)))
}

/// How many have voted.
pub async fn voters(db: &Db, consultation_id: i64) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM consultation_votes WHERE consultation_id = $1")
        .bind(consultation_id)
        .fetch_one(&db.pool)
        .await?;
    Ok(n)
}

fn add(tally: &mut Tally, choice: &str, n: i64) {
    match Choice::from_code(choice) {
        Some(Choice::For) => tally.for_ += n,
        Some(Choice::Against) => tally.against += n,
        Some(Choice::Abstain) => tally.abstain += n,
        None => {}
    }
}

/// Counts by option, by district and by day of first vote. Only counts leave the database.
pub async fn results(db: &Db, consultation_id: i64) -> Result<Results, sqlx::Error> {
    let rows: Vec<(Option<String>, String, i64)> = sqlx::query_as(
        "SELECT d.name, v.choice, COUNT(*) FROM consultation_votes v LEFT JOIN districts d ON d.id = v.district_id \
         WHERE v.consultation_id = $1 GROUP BY d.name, v.choice ORDER BY d.name",
    )
    .bind(consultation_id)
    .fetch_all(&db.pool)
    .await?;
    let mut results = Results::default();
    for (district, choice, n) in rows {
        add(&mut results.overall, &choice, n);
        let label = district.unwrap_or_default();
        match results.by_district.iter_mut().find(|t| t.label == label) {
            Some(t) => add(t, &choice, n),
            None => {
                let mut t = Tally { label, ..Default::default() };
                add(&mut t, &choice, n);
                results.by_district.push(t);
            }
        }
    }
    // Districts by name, "not declared" last.
    results.by_district.sort_by(|a, b| (a.label.is_empty(), &a.label).cmp(&(b.label.is_empty(), &b.label)));
    let days: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT cast_at / 86400 AS day, COUNT(*) FROM consultation_votes WHERE consultation_id = $1 \
         GROUP BY cast_at / 86400 ORDER BY cast_at / 86400",
    )
    .bind(consultation_id)
    .fetch_all(&db.pool)
    .await?;
    results.by_day = days.into_iter().map(|(day, n)| (crate::format::iso_day(day), n)).collect();
    Ok(results)
}

/// One account's comments (for its data export): consultation, stance, text, times.
pub async fn comments_by(
    db: &Db,
    user_id: i64,
) -> Result<Vec<(String, String, String, i64, Option<i64>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.slug, m.alignment, m.body, m.created_at, m.deleted_at FROM comments m \
         JOIN consultations c ON c.id = m.consultation_id WHERE m.author_id = $1 ORDER BY m.created_at",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await
}

/// One account's votes (for its data export: the person's own, no one else's).
pub async fn votes_by(db: &Db, user_id: i64) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.slug, v.choice, v.changed_at FROM consultation_votes v JOIN consultations c ON c.id = v.consultation_id \
         WHERE v.user_id = $1 ORDER BY v.cast_at",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await
}

/// One account's proposals, supports and reports (for its data export).
#[allow(clippy::type_complexity)]
pub async fn contributions_by(
    db: &Db,
    user_id: i64,
) -> Result<(Vec<(String, String, i64)>, Vec<(i64, i64)>, Vec<(String, i64, String, i64)>), sqlx::Error> {
    let proposals = sqlx::query_as("SELECT title, status, created_at FROM proposals WHERE author_id = $1 ORDER BY id")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?;
    let supports = sqlx::query_as("SELECT comment_id, at FROM comment_supports WHERE user_id = $1 ORDER BY at")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?;
    let reports = sqlx::query_as(
        "SELECT target_kind, target_id, reason, created_at FROM reports WHERE reporter_id = $1 ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    Ok((proposals, supports, reports))
}
