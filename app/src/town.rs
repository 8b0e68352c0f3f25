//! The town itself: its name (settings), districts and streets. Every feature reads these; the demo seeds them.

#[cfg(feature = "ssr")]
pub use queries::*;

#[cfg(feature = "ssr")]
mod queries {
    use crate::ctx::DistrictOption;
    use crate::db::Db;

    /// The name shown in the header; "Clairvoie" until the town sets one.
    pub async fn town_name(db: &Db) -> Result<String, sqlx::Error> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT value FROM settings WHERE key = 'town_name'").fetch_optional(&db.pool).await?;
        Ok(row.map(|(v,)| v).unwrap_or_else(|| "Clairvoie".into()))
    }

    /// Sets a setting.
    pub async fn set_setting(db: &Db, key: &str, value: &str) -> Result<(), sqlx::Error> {
        let mut conn = db.pool.acquire().await?;
        set_setting_in(&mut conn, key, value).await
    }

    /// Sets a setting inside a transaction (so the change and its audit entry commit together).
    pub async fn set_setting_in(conn: &mut sqlx::AnyConnection, key: &str, value: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&mut *conn)
        .await?;
        Ok(())
    }

    /// A setting's value, if set.
    pub async fn setting(db: &Db, key: &str) -> Result<Option<String>, sqlx::Error> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT value FROM settings WHERE key = $1").bind(key).fetch_optional(&db.pool).await?;
        Ok(row.map(|(v,)| v))
    }

    /// The districts, by name.
    pub async fn districts(db: &Db) -> Result<Vec<DistrictOption>, sqlx::Error> {
        let rows: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, name FROM districts ORDER BY name").fetch_all(&db.pool).await?;
        Ok(rows.into_iter().map(|(id, name)| DistrictOption { id, name }).collect())
    }

    /// Whether a district id exists.
    pub async fn district_exists(db: &Db, id: i64) -> Result<bool, sqlx::Error> {
        Ok(district_name(db, id).await?.is_some())
    }

    /// A district's name.
    pub async fn district_name(db: &Db, id: i64) -> Result<Option<String>, sqlx::Error> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT name FROM districts WHERE id = $1").bind(id).fetch_optional(&db.pool).await?;
        Ok(row.map(|(n,)| n))
    }

    /// The town's streets: name and GeoJSON line, by name.
    pub async fn streets(db: &Db) -> Result<Vec<(String, String)>, sqlx::Error> {
        sqlx::query_as("SELECT name, geometry FROM streets ORDER BY name").fetch_all(&db.pool).await
    }

    /// Creates or redraws a street by name.
    pub async fn upsert_street(db: &Db, name: &str, geometry: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO streets (name, geometry) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET geometry = excluded.geometry",
        )
        .bind(name)
        .bind(geometry)
        .execute(&db.pool)
        .await?;
        Ok(())
    }

    /// Creates or updates a district by slug; returns its id.
    pub async fn upsert_district(
        db: &Db,
        slug: &str,
        name: &str,
        geometry: &str,
        now: i64,
    ) -> Result<i64, sqlx::Error> {
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO districts (slug, name, geometry, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (slug) DO UPDATE SET name = excluded.name, geometry = excluded.geometry RETURNING id",
        )
        .bind(slug)
        .bind(name)
        .bind(geometry)
        .bind(now)
        .fetch_one(&db.pool)
        .await?;
        Ok(id)
    }
}
