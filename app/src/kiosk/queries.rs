//! The kiosks' SQL: kiosks and their credentials, desk codes, residents known at the desk, help recorded, and
//! what the kiosk's home lists. Written once for both engines.

use super::rules::ValidKiosk;
use super::{CodeLine, KioskInfo, KioskLine};
use crate::db::{Db, OptF64};
use sqlx::AnyConnection;

/// Registers a kiosk with its first pairing code (hash); returns its id.
pub async fn insert_kiosk(
    conn: &mut AnyConnection,
    k: &ValidKiosk,
    pairing_hash: &str,
    pairing_expires: i64,
    created_by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO kiosks (name, place, latitude, longitude, idle_seconds, pairing_hash, pairing_expires, \
         created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(&k.name)
    .bind(&k.place)
    .bind(OptF64(k.position.map(|p| p.0)))
    .bind(OptF64(k.position.map(|p| p.1)))
    .bind(k.idle_seconds)
    .bind(pairing_hash)
    .bind(pairing_expires)
    .bind(created_by)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// Gives a kiosk a new pairing code (the browser paired before keeps working until the code is used).
pub async fn set_pairing(conn: &mut AnyConnection, id: i64, hash: &str, expires: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE kiosks SET pairing_hash = $1, pairing_expires = $2 WHERE id = $3")
        .bind(hash)
        .bind(expires)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Pairs the browser holding `credential_hash` with the kiosk whose pairing code is `pairing_hash`, if the
/// code is still valid; the code is spent and any earlier browser loses the kiosk. Returns the kiosk's id.
pub async fn pair(
    conn: &mut AnyConnection,
    pairing_hash: &str,
    credential_hash: &str,
    now: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE kiosks SET credential_hash = $1, pairing_hash = NULL, pairing_expires = NULL, paired_at = $2, \
         last_seen_at = $2, revoked_at = NULL WHERE pairing_hash = $3 AND pairing_expires > $2 RETURNING id",
    )
    .bind(credential_hash)
    .bind(now)
    .bind(pairing_hash)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// Revokes a kiosk: its credential and any pending pairing code stop working at once.
pub async fn revoke(conn: &mut AnyConnection, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE kiosks SET credential_hash = NULL, pairing_hash = NULL, pairing_expires = NULL, revoked_at = $1 \
         WHERE id = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The paired kiosk holding this credential, with when it was last seen.
pub async fn by_credential(db: &Db, credential_hash: &str) -> Result<Option<(KioskInfo, i64)>, sqlx::Error> {
    type Row = (i64, String, String, i64, Option<f64>, Option<f64>, Option<i64>);
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, name, place, idle_seconds, latitude, longitude, last_seen_at FROM kiosks \
         WHERE credential_hash = $1 AND revoked_at IS NULL",
    )
    .bind(credential_hash)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(id, name, place, idle_seconds, lat, lon, seen)| {
        (KioskInfo { id, name, place, idle_seconds, position: lat.zip(lon) }, seen.unwrap_or(0))
    }))
}

/// Notes the kiosk's last activity (for the admins' list).
pub async fn touch(db: &Db, id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE kiosks SET last_seen_at = $1 WHERE id = $2").bind(now).bind(id).execute(&db.pool).await?;
    Ok(())
}

/// Every kiosk, for the admins, in the order they were registered.
pub async fn list(db: &Db) -> Result<Vec<KioskLine>, sqlx::Error> {
    type Row = (i64, String, String, i64, Option<String>, Option<i64>, Option<i64>, Option<i64>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, name, place, idle_seconds, credential_hash, pairing_expires, revoked_at, last_seen_at \
         FROM kiosks ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, name, place, idle_seconds, credential, pairing_until, revoked_at, last_seen_at)| KioskLine {
            id,
            name,
            place,
            idle_seconds,
            paired: credential.is_some(),
            pairing_until,
            revoked_at,
            last_seen_at,
        })
        .collect())
}

/// Stores a desk code (hash) for `user_id`; `false` when the same hash exists (the caller draws again).
pub async fn insert_code(
    conn: &mut AnyConnection,
    hash: &str,
    user_id: i64,
    issued_by: i64,
    now: i64,
    expires: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO kiosk_codes (code_hash, user_id, issued_by, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (code_hash) DO NOTHING",
    )
    .bind(hash)
    .bind(user_id)
    .bind(issued_by)
    .bind(now)
    .bind(expires)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Spends a desk code on a kiosk: once, before it expires (one statement, so two kiosks cannot both use it).
/// Returns the resident's account id.
pub async fn redeem(db: &Db, hash: &str, kiosk_id: i64, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> = sqlx::query_as(
        "UPDATE kiosk_codes SET used_at = $1, kiosk_id = $2 \
         WHERE code_hash = $3 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
    )
    .bind(now)
    .bind(kiosk_id)
    .bind(hash)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(|(id,)| id))
}

/// The codes one staff member handed out since `since`, newest first, with the resident's name.
pub async fn codes_by(db: &Db, agent_id: i64, since: i64) -> Result<Vec<CodeLine>, sqlx::Error> {
    let rows: Vec<(Option<String>, i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT u.display_name, c.issued_at, c.expires_at, c.used_at FROM kiosk_codes c \
         JOIN users u ON u.id = c.user_id WHERE c.issued_by = $1 AND c.issued_at >= $2 \
         ORDER BY c.issued_at DESC, c.id DESC LIMIT 50",
    )
    .bind(agent_id)
    .bind(since)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, issued_at, expires_at, used_at)| CodeLine {
            resident: name.unwrap_or_default(),
            issued_at,
            expires_at,
            used_at,
            expired: false,
        })
        .collect())
}

/// Every resident known at the desk: id, name as first recorded, birth date as stored. The service matches them
/// with the rules' folding (records made before it was refined stored other keys and dates as typed).
pub async fn desk_residents(conn: &mut AnyConnection) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    let rows: Vec<(i64, Option<String>, String)> = sqlx::query_as(
        "SELECT d.user_id, u.display_name, d.birth_date FROM desk_residents d JOIN users u ON u.id = d.user_id \
         WHERE u.deleted_at IS NULL",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|(id, name, birth)| (id, name.unwrap_or_default(), birth)).collect())
}

/// A resident without email: an account that cannot sign in (no address, no password), known by the desk.
#[allow(clippy::too_many_arguments)]
pub async fn insert_desk_resident(
    conn: &mut AnyConnection,
    name: &str,
    name_key: &str,
    birth_date: &str,
    district_id: Option<i64>,
    language: &str,
    checked_by: i64,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO users (email, display_name, password_hash, language, district_id, created_at) \
         VALUES (NULL, $1, NULL, $2, $3, $4) RETURNING id",
    )
    .bind(name)
    .bind(language)
    .bind(district_id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO desk_residents (user_id, name_key, birth_date, checked_by, checked_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(name_key)
    .bind(birth_date)
    .bind(checked_by)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(id)
}

/// Records help given (no person, no subject, no choice: a count by channel and kind).
pub async fn insert_help(db: &Db, channel: &str, help: &str, agent_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO assisted_participations (channel, help, agent_id, at) VALUES ($1, $2, $3, $4)")
        .bind(channel)
        .bind(help)
        .bind(agent_id)
        .bind(now)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Help recorded since `since` (by one staff member when `agent` is given): (channel, help, count).
pub async fn help_counts(db: &Db, since: i64, agent: Option<i64>) -> Result<Vec<(String, String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT channel, help, COUNT(*) FROM assisted_participations \
         WHERE at >= $1 AND (CAST($2 AS BIGINT) IS NULL OR agent_id = $2) GROUP BY channel, help ORDER BY channel, help",
    )
    .bind(since)
    .bind(agent)
    .fetch_all(&db.pool)
    .await
}

/// Open consultations: slug, title, question.
pub async fn open_consultations(db: &Db) -> Result<Vec<(i64, String, String, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, slug, title, question FROM consultations WHERE status = 'open' ORDER BY opened_at DESC, id DESC",
    )
    .fetch_all(&db.pool)
    .await
}

/// The consultations a person voted in, with the channel of their vote.
pub async fn consultation_votes_of(db: &Db, user_id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT consultation_id, channel FROM consultation_votes WHERE user_id = $1")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await
}

/// Budgets in their voting phase: id, slug, title.
pub async fn voting_budgets(db: &Db) -> Result<Vec<(i64, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, slug, title FROM budgets WHERE phase = 'voting' ORDER BY id DESC")
        .fetch_all(&db.pool)
        .await
}

/// The budgets a person took part in, with the channel (one envelope's is enough to say so).
pub async fn budget_participations_of(db: &Db, user_id: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT e.budget_id, p.channel FROM budget_participations p \
         JOIN budget_envelopes e ON e.id = p.envelope_id WHERE p.user_id = $1",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await
}

/// A person's vote on a consultation: choice and channel.
pub async fn consultation_vote(
    db: &Db,
    consultation_id: i64,
    user_id: i64,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    // When and how, never what: a kiosk shows no vote's content.
    sqlx::query_as("SELECT changed_at, channel FROM consultation_votes WHERE consultation_id = $1 AND user_id = $2")
        .bind(consultation_id)
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await
}

/// Registry sensors (not removed) with a point inside the box around a place: reference, name, domain, lat, lon.
pub async fn sensors_in_box(
    db: &Db,
    (south, west, north, east): (f64, f64, f64, f64),
) -> Result<Vec<(String, String, String, f64, f64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT reference, name, domain, latitude, longitude FROM sensors WHERE status <> 'removed' \
         AND latitude IS NOT NULL AND longitude IS NOT NULL \
         AND latitude BETWEEN $1 AND $2 AND longitude BETWEEN $3 AND $4",
    )
    .bind(south)
    .bind(north)
    .bind(west)
    .bind(east)
    .fetch_all(&db.pool)
    .await
}
