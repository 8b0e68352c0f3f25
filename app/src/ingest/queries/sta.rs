//! SQL of the SensorThings read side: only sensors without personal data are listed, and only their values read.

use crate::db::Db;

/// A public datastream, with its sensor.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PublicStream {
    /// The datastream's id (`@iot.id`).
    pub id: i64,
    /// Its sensor's id (the Thing).
    pub sensor_id: i64,
    /// Its sensor's reference.
    pub reference: String,
    /// Its name.
    pub name: String,
    /// What it measures.
    pub observed_property: String,
    /// UCUM unit.
    pub unit: String,
    /// `number`, `boolean` or `text`.
    pub value_type: crate::sensors::ValueType,
}

/// A public Thing (a sensor without personal data).
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct PublicThing {
    /// The sensor's id.
    pub id: i64,
    /// Its reference.
    pub reference: String,
    /// Its name.
    pub name: String,
    /// Its purpose in plain language.
    pub purpose_text: String,
    /// Its status code.
    pub status: String,
}

const STREAM_COLUMNS: &str =
    "SELECT d.id, d.sensor_id, s.reference, d.name, d.observed_property, d.unit, d.value_type \
     FROM datastreams d JOIN sensors s ON s.id = d.sensor_id WHERE s.personal_data = 'none'";

/// A page of public Things, and how many there are.
pub async fn things(db: &Db, top: i64, skip: i64) -> Result<(Vec<PublicThing>, i64), sqlx::Error> {
    let rows = sqlx::query_as(
        "SELECT id, reference, name, purpose_text, status FROM sensors WHERE personal_data = 'none' \
         ORDER BY id LIMIT $1 OFFSET $2",
    )
    .bind(top)
    .bind(skip)
    .fetch_all(&db.pool)
    .await?;
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sensors WHERE personal_data = 'none'").fetch_one(&db.pool).await?;
    Ok((rows, count))
}

/// One public Thing.
pub async fn thing(db: &Db, id: i64) -> Result<Option<PublicThing>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, reference, name, purpose_text, status FROM sensors WHERE personal_data = 'none' AND id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await
}

/// A page of public datastreams (of one Thing, or all), and how many there are.
pub async fn streams(
    db: &Db,
    thing: Option<i64>,
    top: i64,
    skip: i64,
) -> Result<(Vec<PublicStream>, i64), sqlx::Error> {
    let (rows, count) = match thing {
        Some(id) => (
            sqlx::query_as(&format!("{STREAM_COLUMNS} AND s.id = $1 ORDER BY d.id LIMIT $2 OFFSET $3"))
                .bind(id)
                .bind(top)
                .bind(skip)
                .fetch_all(&db.pool)
                .await?,
            sqlx::query_as::<_, (i64,)>(
                "SELECT COUNT(*) FROM datastreams d JOIN sensors s ON s.id = d.sensor_id \
                 WHERE s.personal_data = 'none' AND s.id = $1",
            )
            .bind(id)
            .fetch_one(&db.pool)
            .await?
            .0,
        ),
        None => (
            sqlx::query_as(&format!("{STREAM_COLUMNS} ORDER BY d.id LIMIT $1 OFFSET $2"))
                .bind(top)
                .bind(skip)
                .fetch_all(&db.pool)
                .await?,
            sqlx::query_as::<_, (i64,)>(
                "SELECT COUNT(*) FROM datastreams d JOIN sensors s ON s.id = d.sensor_id \
                 WHERE s.personal_data = 'none'",
            )
            .fetch_one(&db.pool)
            .await?
            .0,
        ),
    };
    Ok((rows, count))
}

/// One public datastream.
pub async fn stream(db: &Db, id: i64) -> Result<Option<PublicStream>, sqlx::Error> {
    sqlx::query_as(&format!("{STREAM_COLUMNS} AND d.id = $1")).bind(id).fetch_optional(&db.pool).await
}

/// The sensor a datastream belongs to (any sensor: for the create side, which checks the credential's scope).
pub async fn stream_sensor(db: &Db, id: i64) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(i64,)> =
        sqlx::query_as("SELECT sensor_id FROM datastreams WHERE id = $1").bind(id).fetch_optional(&db.pool).await?;
    Ok(row.map(|(s,)| s))
}

/// A stored value: time (Unix ms), number, flag, text.
pub type StoredValue = (i64, Option<f64>, Option<i64>, Option<String>);

/// A page of a datastream's values in [from, until), newest or oldest first, and how many match.
pub async fn observations(
    db: &Db,
    datastream_id: i64,
    range: (Option<i64>, Option<i64>),
    ascending: bool,
    top: i64,
    skip: i64,
) -> Result<(Vec<StoredValue>, i64), sqlx::Error> {
    let (from, until) = (range.0.unwrap_or(i64::MIN), range.1.unwrap_or(i64::MAX));
    let order = if ascending { "ASC" } else { "DESC" };
    let rows = sqlx::query_as(&format!(
        "SELECT time, number, flag, text FROM observations WHERE datastream_id = $1 AND time >= $2 AND time < $3 \
         ORDER BY time {order} LIMIT $4 OFFSET $5"
    ))
    .bind(datastream_id)
    .bind(from)
    .bind(until)
    .bind(top)
    .bind(skip)
    .fetch_all(&db.pool)
    .await?;
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM observations WHERE datastream_id = $1 AND time >= $2 AND time < $3")
            .bind(datastream_id)
            .bind(from)
            .bind(until)
            .fetch_one(&db.pool)
            .await?;
    Ok((rows, count))
}

/// One stored value.
pub async fn observation(db: &Db, datastream_id: i64, time: i64) -> Result<Option<StoredValue>, sqlx::Error> {
    sqlx::query_as("SELECT time, number, flag, text FROM observations WHERE datastream_id = $1 AND time = $2")
        .bind(datastream_id)
        .bind(time)
        .fetch_optional(&db.pool)
        .await
}
