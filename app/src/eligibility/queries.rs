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

/// Removes an entry (not in the new register).
pub async fn delete_entry(conn: &mut AnyConnection, id: i64) -> Result<(), sqlx::Error> {
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

/// Adds an entry.
pub async fn insert_entry(
    conn: &mut AnyConnection,
    identity_key: &str,
    person_key: &str,
    district_id: i64,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO register_entries (identity_key, person_key, district_id, imported_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(identity_key)
    .bind(person_key)
    .bind(district_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
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
