//! The addresses' SQL: the same statements on SQLite and PostgreSQL.

use super::Address;
use crate::db::Db;

const COLUMNS: &str = "ban_id, number, suffix, street, postcode, city, longitude, latitude";

type Row = (String, i64, String, String, String, String, f64, f64);

fn address((ban_id, number, suffix, street, postcode, city, lon, lat): Row) -> Address {
    Address { ban_id, number: u32::try_from(number).unwrap_or_default(), suffix, street, postcode, city, lon, lat }
}

/// Replaces every address with `all`, in one transaction: the town's file is the whole list, and a failed
/// import leaves the previous one untouched.
pub async fn replace_all(tx: &mut sqlx::AnyConnection, all: &[Address]) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM addresses").execute(&mut *tx).await?;
    // Many rows per statement (9 values each, well under both engines' limits on bound values).
    for chunk in all.chunks(200) {
        let placeholders: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = i * 9;
                format!(
                    "(${},${},${},${},${},${},${},${},${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6,
                    b + 7,
                    b + 8,
                    b + 9
                )
            })
            .collect();
        let sql = format!("INSERT INTO addresses ({COLUMNS}, street_key) VALUES {}", placeholders.join(","));
        let mut query = sqlx::query(&sql);
        for a in chunk {
            query = query
                .bind(a.ban_id.clone())
                .bind(i64::from(a.number))
                .bind(a.suffix.clone())
                .bind(a.street.clone())
                .bind(a.postcode.clone())
                .bind(a.city.clone())
                .bind(a.lon)
                .bind(a.lat)
                .bind(super::rules::normalise(&a.street));
        }
        query.execute(&mut *tx).await?;
    }
    Ok(())
}

/// How many addresses the town has.
pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM addresses").fetch_one(&db.pool).await?;
    Ok(n)
}

/// Every street: its name and normalised name.
pub async fn streets(db: &Db) -> Result<Vec<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT DISTINCT street, street_key FROM addresses ORDER BY street_key").fetch_all(&db.pool).await
}

/// The addresses of one street (by its normalised name), by number.
pub async fn on_street(db: &Db, street_key: &str) -> Result<Vec<Address>, sqlx::Error> {
    let rows: Vec<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM addresses WHERE street_key = $1 ORDER BY number, suffix"))
            .bind(street_key)
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().map(address).collect())
}

/// The addresses in a box (south, west, north, east).
pub async fn in_box(db: &Db, (s, w, n, e): (f64, f64, f64, f64)) -> Result<Vec<Address>, sqlx::Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM addresses WHERE latitude BETWEEN $1 AND $2 AND longitude BETWEEN $3 AND $4"
    ))
    .bind(s)
    .bind(n)
    .bind(w)
    .bind(e)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(address).collect())
}
