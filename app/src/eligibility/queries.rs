//! The SQL of residence verification: the register's keyed entries, their claims, and the accounts' verified
//! residence.

use crate::db::Db;
use sqlx::AnyConnection;

/// One register entry as matching finds it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Entry {
    /// Id.
    pub id: i64,
    /// Its district.
    pub district_id: i64,
    /// The account it verified, if any.
    pub claimed_by: Option<i64>,
    /// The keyed hash of the person (without the postcode).
    pub person_key: String,
}

/// The town's districts by code: (id, slug).
pub async fn districts(db: &Db) -> Result<Vec<(i64, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, slug FROM districts ORDER BY id").fetch_all(&db.pool).await
}

/// Every entry's identity key and district.
pub async fn entry_keys(conn: &mut AnyConnection) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    sqlx::query_as("SELECT id, identity_key, district_id FROM register_entries").fetch_all(&mut *conn).await
}

/// Removes an entry (not in the new register). The account it verified by the register or an OpenID Connect
/// identity is no longer verified: the person left the town's list (a desk or letter verification, which proved
/// the address otherwise, stays).
pub async fn delete_entry(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET residence_method = NULL, residence_verified_at = NULL, residence_district_id = NULL, \
         residence_person_key = NULL WHERE id = (SELECT claimed_by FROM register_entries WHERE id = $1) \
         AND residence_method IN ('register', 'oidc')",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM register_entries WHERE id = $1").bind(id).execute(&mut *conn).await?;
    Ok(())
}

/// Moves a kept entry to its district in the new register.
pub async fn set_entry_district(conn: &mut AnyConnection, id: i64, district_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE register_entries SET district_id = $1 WHERE id = $2")
        .bind(district_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Entries added per statement: 4 parameters each stay under SQLite's 32,766 and PostgreSQL's 65,535.
pub const INSERT_BATCH: usize = 1_000;

/// Adds entries (identity key, person key, district), [`INSERT_BATCH`] per statement: a 200,000-person register
/// is 200 round trips, not 200,000.
pub async fn insert_entries(
    conn: &mut AnyConnection,
    entries: &[(&str, &str, i64)],
    now: i64,
) -> Result<(), sqlx::Error> {
    for batch in entries.chunks(INSERT_BATCH) {
        let mut sql =
            String::from("INSERT INTO register_entries (identity_key, person_key, district_id, imported_at) VALUES ");
        for i in 0..batch.len() {
            let n = 4 * i;
            let sep = if i == 0 { "" } else { ", " };
            sql.push_str(&format!("{sep}(${}, ${}, ${}, ${})", n + 1, n + 2, n + 3, n + 4));
        }
        let mut query = sqlx::query(&sql);
        for (identity_key, person_key, district_id) in batch {
            query = query.bind(*identity_key).bind(*person_key).bind(*district_id).bind(now);
        }
        query.execute(&mut *conn).await?;
    }
    Ok(())
}

/// The entry with one of `keys` as its identity key.
pub async fn find_by_identity(db: &Db, keys: &[String]) -> Result<Option<Entry>, sqlx::Error> {
    for key in keys {
        let found: Option<Entry> = sqlx::query_as(
            "SELECT id, district_id, claimed_by, person_key FROM register_entries WHERE identity_key = $1",
        )
        .bind(key)
        .fetch_optional(&db.pool)
        .await?;
        if found.is_some() {
            return Ok(found);
        }
    }
    Ok(None)
}

/// The entries of the people `keys` (person keys: several spellings of one person; one key may also stand for
/// namesakes born the same day at other addresses).
pub async fn entries_of_people(db: &Db, keys: &[String]) -> Result<Vec<Entry>, sqlx::Error> {
    let mut out: Vec<Entry> = vec![];
    for key in keys {
        let found: Vec<Entry> = sqlx::query_as(
            "SELECT id, district_id, claimed_by, person_key FROM register_entries WHERE person_key = $1 ORDER BY id",
        )
        .bind(key)
        .fetch_all(&db.pool)
        .await?;
        for entry in found {
            if !out.iter().any(|e| e.id == entry.id) {
                out.push(entry);
            }
        }
    }
    Ok(out)
}

/// Gives `entry` to `user_id` unless another account holds it; releases the entry the account held before (a
/// move is a new verification). Whether the entry is now the account's.
pub async fn claim(conn: &mut AnyConnection, entry: i64, user_id: i64, now: i64) -> Result<bool, sqlx::Error> {
    sqlx::query("UPDATE register_entries SET claimed_by = NULL, claimed_at = NULL WHERE claimed_by = $1 AND id <> $2")
        .bind(user_id)
        .bind(entry)
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query(
        "UPDATE register_entries SET claimed_by = $1, claimed_at = $2 \
         WHERE id = $3 AND (claimed_by IS NULL OR claimed_by = $1)",
    )
    .bind(user_id)
    .bind(now)
    .bind(entry)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Releases the register entry account `user_id` holds, if any.
pub async fn release(conn: &mut AnyConnection, user_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE register_entries SET claimed_by = NULL, claimed_at = NULL WHERE claimed_by = $1")
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Records an account's verified residence; the district it gave replaces the one typed. `person_key` (when the
/// method knows who the person is) is unique among accounts: a second account of the same person fails here
/// with a unique violation, whichever door it came through.
pub async fn set_residence(
    conn: &mut AnyConnection,
    user_id: i64,
    method: &str,
    district_id: i64,
    birth_date: Option<&str>,
    person_key: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE users SET residence_method = $1, residence_verified_at = $2, residence_district_id = $3, \
         district_id = $3, birth_date = COALESCE($4, birth_date), residence_person_key = COALESCE($6, residence_person_key) \
         WHERE id = $5",
    )
    .bind(method)
    .bind(now)
    .bind(district_id)
    .bind(birth_date)
    .bind(user_id)
    .bind(person_key)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// An account's verified residence: (method, when, district id, district name, birth date).
pub async fn residence(
    db: &Db,
    user_id: i64,
) -> Result<Option<(String, i64, i64, String, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.residence_method, u.residence_verified_at, d.id, d.name, u.birth_date FROM users u \
         JOIN districts d ON d.id = u.residence_district_id WHERE u.id = $1 AND u.residence_method IS NOT NULL",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await
}

/// How many entries the register holds and how many verified an account.
pub async fn register_counts(db: &Db) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as("SELECT COUNT(*), COUNT(claimed_by) FROM register_entries").fetch_one(&db.pool).await
}

/// An account's verified residence as votes check it: (method, district id, birth date), read in `conn` (a
/// vote's transaction, so the check and the vote see one state).
pub async fn verified(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Option<(String, i64, Option<String>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT residence_method, residence_district_id, birth_date FROM users \
         WHERE id = $1 AND residence_method IS NOT NULL AND residence_district_id IS NOT NULL",
    )
    .bind(user_id)
    .fetch_optional(&mut *conn)
    .await
}

/// The latest letter the account asked for and has not used: (id, requested at, printed at, expires at, refused
/// at).
pub async fn open_letter(
    db: &Db,
    user_id: i64,
) -> Result<Option<(i64, i64, Option<i64>, Option<i64>, Option<i64>)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, requested_at, printed_at, expires_at, refused_at FROM residence_letters \
         WHERE user_id = $1 AND used_at IS NULL ORDER BY id DESC LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await
}

/// Records a request for a letter.
pub async fn insert_letter(
    conn: &mut AnyConnection,
    user_id: i64,
    request: &super::letters::LetterRequest,
    address_key: &str,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO residence_letters (user_id, recipient, address, postcode, district_id, requested_at, address_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(user_id)
    .bind(&request.recipient)
    .bind(&request.address)
    .bind(&request.postcode)
    .bind(request.district)
    .bind(now)
    .bind(address_key)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

/// A letter waiting to be printed.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PendingRow {
    /// Id.
    pub id: i64,
    /// How many letters, waiting, unexpired or used, went or go to its address (itself included).
    pub same_address: i64,
    /// The name on the letterbox.
    pub recipient: String,
    /// The address.
    pub address: String,
    /// Postcode.
    pub postcode: String,
    /// The district's name.
    pub district: String,
    /// When it was asked for.
    pub requested_at: i64,
}

/// The letters waiting to be printed, oldest first.
pub async fn pending_letters(conn: &mut AnyConnection, now: i64) -> Result<Vec<PendingRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT l.id, (SELECT COUNT(*) FROM residence_letters o WHERE o.address_key = l.address_key \
         AND o.refused_at IS NULL AND (o.printed_at IS NULL OR o.used_at IS NOT NULL OR o.expires_at > $1)) AS same_address, \
         COALESCE(l.recipient, '') AS recipient, COALESCE(l.address, '') AS address, l.postcode, \
         d.name AS district, l.requested_at FROM residence_letters l JOIN districts d ON d.id = l.district_id \
         WHERE l.printed_at IS NULL AND l.used_at IS NULL AND l.refused_at IS NULL ORDER BY l.id",
    )
    .bind(now)
    .fetch_all(&mut *conn)
    .await
}

/// Refuses a pending letter (staff will not send it) and erases its name and address; false when it was printed
/// or refused meanwhile.
pub async fn refuse_letter(conn: &mut AnyConnection, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE residence_letters SET refused_at = $1, recipient = NULL, address = NULL \
         WHERE id = $2 AND printed_at IS NULL AND refused_at IS NULL",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks a pending letter printed with its code's hash, and erases the name and address it no longer needs.
/// False when it was printed meanwhile.
pub async fn mark_printed(
    conn: &mut AnyConnection,
    id: i64,
    code_hash: &str,
    by: i64,
    now: i64,
    expires_at: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE residence_letters SET code_hash = $1, printed_at = $2, printed_by = $3, expires_at = $4, \
         recipient = NULL, address = NULL WHERE id = $5 AND printed_at IS NULL",
    )
    .bind(code_hash)
    .bind(now)
    .bind(by)
    .bind(expires_at)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The account's printed, unused, unexpired letter whose code hashes to `code_hash`: (id, district id).
pub async fn letter_by_code(
    conn: &mut AnyConnection,
    user_id: i64,
    code_hash: &str,
    now: i64,
) -> Result<Option<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, district_id FROM residence_letters WHERE user_id = $1 AND code_hash = $2 \
         AND used_at IS NULL AND expires_at > $3",
    )
    .bind(user_id)
    .bind(code_hash)
    .bind(now)
    .fetch_optional(&mut *conn)
    .await
}

/// Marks a letter used; false when it was used meanwhile.
pub async fn mark_letter_used(conn: &mut AnyConnection, id: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE residence_letters SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether an account other than `user_id` holds one of the person keys `keys`.
pub async fn person_taken(conn: &mut AnyConnection, keys: &[String], user_id: i64) -> Result<bool, sqlx::Error> {
    for key in keys {
        let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE residence_person_key = $1 AND id <> $2")
            .bind(key)
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?;
        if found.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Keeps every spelling's person key of desk check `id` (see [`pending_check_of`]).
pub async fn set_check_people(conn: &mut AnyConnection, id: i64, keys: &[String]) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE desk_checks SET person_keys = $1 WHERE id = $2")
        .bind(keys.join(","))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Whether a desk check of another account than `user_id`, recorded since `since` and not confirmed, is of one of
/// the people `keys` under any of its spellings.
pub async fn pending_check_of(
    conn: &mut AnyConnection,
    keys: &[String],
    user_id: i64,
    since: i64,
) -> Result<bool, sqlx::Error> {
    for key in keys {
        // Keys are hex: no comma or pattern character can occur in one.
        let found: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM desk_checks WHERE confirmed_at IS NULL AND created_at >= $1 AND user_id <> $2 \
             AND (',' || person_keys || ',') LIKE ('%,' || $3 || ',%')",
        )
        .bind(since)
        .bind(user_id)
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
        if found.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A desk check as recorded by the first agent.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct DeskCheckRow {
    /// Id.
    pub id: i64,
    /// The account it verifies.
    pub user_id: i64,
    /// The agent who saw the document.
    pub agent_id: Option<i64>,
    /// The register entry it found, if any.
    pub entry_id: Option<i64>,
    /// The district it gives.
    pub district_id: i64,
    /// The birth date read on the document (ISO).
    pub birth_date: String,
    /// The person's key.
    pub person_key: String,
    /// Whether the register held the person (1) or the district is the proof of address's (0).
    pub on_register: i64,
    /// When.
    pub created_at: i64,
}

/// Records a desk check waiting for its second staff member (an account's earlier unconfirmed check is
/// replaced).
pub async fn insert_desk_check(conn: &mut AnyConnection, c: &DeskCheckRow) -> Result<i64, sqlx::Error> {
    sqlx::query("DELETE FROM desk_checks WHERE user_id = $1 AND confirmed_at IS NULL")
        .bind(c.user_id)
        .execute(&mut *conn)
        .await?;
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO desk_checks (user_id, agent_id, entry_id, district_id, birth_date, person_key, on_register, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(c.user_id)
    .bind(c.agent_id)
    .bind(c.entry_id)
    .bind(c.district_id)
    .bind(&c.birth_date)
    .bind(&c.person_key)
    .bind(c.on_register)
    .bind(c.created_at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

const DESK_CHECK_COLUMNS: &str =
    "id, user_id, agent_id, entry_id, district_id, birth_date, person_key, on_register, created_at";

/// An unconfirmed desk check made after `since`.
pub async fn pending_desk_check(
    conn: &mut AnyConnection,
    id: i64,
    since: i64,
) -> Result<Option<DeskCheckRow>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {DESK_CHECK_COLUMNS} FROM desk_checks WHERE id = $1 AND confirmed_at IS NULL AND created_at > $2"
    ))
    .bind(id)
    .bind(since)
    .fetch_optional(&mut *conn)
    .await
}

/// Marks a desk check confirmed; false when it was confirmed meanwhile.
pub async fn confirm_desk_check(conn: &mut AnyConnection, id: i64, by: i64, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE desk_checks SET confirmed_by = $1, confirmed_at = $2 WHERE id = $3 AND confirmed_at IS NULL",
    )
    .bind(by)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The unconfirmed desk checks made after `since`, oldest first: (id, the account's name, district, the agent's
/// name, the agent's id, on the register, when).
pub async fn pending_desk_checks(
    db: &Db,
    since: i64,
) -> Result<Vec<(i64, String, String, String, Option<i64>, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, COALESCE(u.display_name, ''), d.name, COALESCE(a.display_name, ''), c.agent_id, c.on_register, \
         c.created_at FROM desk_checks c JOIN users u ON u.id = c.user_id JOIN districts d ON d.id = c.district_id \
         LEFT JOIN users a ON a.id = c.agent_id WHERE c.confirmed_at IS NULL AND c.created_at > $1 ORDER BY c.id",
    )
    .bind(since)
    .fetch_all(&db.pool)
    .await
}
