//! The sensors feature's SQL, written once for SQLite and PostgreSQL.

use super::*;
use crate::db::Db;
use sqlx::{AnyConnection, FromRow};
use std::collections::HashMap;

/// A row of `sensors` with its district's name.
#[derive(Clone, Debug, FromRow)]
struct SensorRecord {
    id: i64,
    reference: String,
    name: String,
    technology: Technology,
    domain: Domain,
    longitude: Option<f64>,
    latitude: Option<f64>,
    zone: Option<String>,
    district_id: Option<i64>,
    district_name: Option<String>,
    network: Network,
    purpose: Purpose,
    purpose_text: String,
    personal_data: PersonalData,
    anonymisation: Option<String>,
    legal_basis: Option<LegalBasis>,
    controller: String,
    controller_contact: String,
    operator_kind: OperatorKind,
    operator_name: Option<String>,
    dpo_contact: Option<String>,
    hosting: Hosting,
    hosting_provider: Option<String>,
    recipients: String,
    raw_retention: String,
    aggregate_retention: Option<String>,
    open_data_url: Option<String>,
    dpia_url: Option<String>,
    decision_id: Option<i64>,
    legal_reference: Option<String>,
    status: Status,
    installed_on: Option<String>,
    active_until: Option<String>,
    updated_at: i64,
}

const SENSOR_COLUMNS: &str = "s.id, s.reference, s.name, s.technology, s.domain, s.longitude, s.latitude, s.zone, \
     s.district_id, d.name AS district_name, s.network, s.purpose, s.purpose_text, s.personal_data, s.anonymisation, \
     s.legal_basis, s.controller, s.controller_contact, s.operator_kind, s.operator_name, s.dpo_contact, s.hosting, \
     s.hosting_provider, s.recipients, s.raw_retention, s.aggregate_retention, s.open_data_url, s.dpia_url, s.status, \
     s.installed_on, s.active_until, s.updated_at, s.decision_id, s.legal_reference";

const FROM_SENSORS: &str = "FROM sensors s LEFT JOIN districts d ON d.id = s.district_id";

#[derive(Clone, Debug, FromRow)]
struct DatastreamRecord {
    sensor_id: i64,
    name: String,
    observed_property: String,
    unit: String,
    value_type: ValueType,
    raw_retention: String,
}

impl SensorRecord {
    /// The typed record (its codes were decoded with the row: an unknown one is an error, see `code_enum!`).
    fn into_sensor(self, datastreams: Vec<Datastream>) -> Sensor {
        let location = match (self.zone, self.longitude, self.latitude) {
            (Some(geojson), _, _) => Location::Zone { geojson },
            (None, lon, lat) => Location::Point { lon: lon.unwrap_or_default(), lat: lat.unwrap_or_default() },
        };
        Sensor {
            reference: self.reference,
            name: self.name,
            technology: self.technology,
            domain: self.domain,
            location,
            district: self.district_id.zip(self.district_name),
            network: self.network,
            purpose: self.purpose,
            purpose_text: self.purpose_text,
            personal_data: self.personal_data,
            anonymisation: self.anonymisation,
            legal_basis: self.legal_basis,
            controller: self.controller,
            controller_contact: self.controller_contact,
            operator_kind: self.operator_kind,
            operator_name: self.operator_name,
            dpo_contact: self.dpo_contact,
            hosting: self.hosting,
            hosting_provider: self.hosting_provider,
            recipients: self.recipients,
            raw_retention: self.raw_retention,
            aggregate_retention: self.aggregate_retention,
            open_data_url: self.open_data_url,
            dpia_url: self.dpia_url,
            decision: self.decision_id,
            legal_reference: self.legal_reference,
            status: self.status,
            installed_on: self.installed_on,
            active_until: self.active_until,
            datastreams,
            updated_at: self.updated_at,
        }
    }
}

impl DatastreamRecord {
    fn into_datastream(self) -> Datastream {
        Datastream {
            name: self.name,
            observed_property: self.observed_property,
            unit: self.unit,
            value_type: self.value_type,
            raw_retention: self.raw_retention,
        }
    }
}

/// A value bound to a dynamically built query.
#[derive(Clone, Debug)]
enum Bind {
    Text(String),
    Int(i64),
    Real(f64),
}

/// The WHERE clause of a filter (starting at placeholder `$1`) and its values.
fn where_clause(filter: &Filter) -> (String, Vec<Bind>) {
    let mut conditions: Vec<String> = vec![];
    let mut binds: Vec<Bind> = vec![];
    let mut add = |condition: &str, value: Bind| {
        binds.push(value);
        conditions.push(condition.replace('?', &format!("${}", binds.len())));
    };
    if let Some(v) = filter.domain {
        add("s.domain = ?", Bind::Text(v.code().into()));
    }
    if let Some(v) = filter.technology {
        add("s.technology = ?", Bind::Text(v.code().into()));
    }
    if let Some(v) = filter.personal_data {
        add("s.personal_data = ?", Bind::Text(v.code().into()));
    }
    if let Some(v) = filter.status {
        add("s.status = ?", Bind::Text(v.code().into()));
    }
    if let Some(v) = filter.district {
        add("s.district_id = ?", Bind::Int(v));
    }
    if let Some(q) = &filter.q {
        // LIKE wildcards typed by a resident are taken literally.
        let escaped = q.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        add(
            "(lower(s.name) LIKE ? ESCAPE '\\' OR lower(s.reference) LIKE ? ESCAPE '\\')",
            Bind::Text(format!("%{escaped}%")),
        );
    }
    if let Some(near) = filter.near {
        let (condition, near_binds) = near_condition(near, binds.len());
        binds.extend(near_binds);
        conditions.push(condition);
    }
    if conditions.is_empty() {
        (String::new(), binds)
    } else {
        (format!("WHERE {}", conditions.join(" AND ")), binds)
    }
}

/// Metres per degree of latitude (and of longitude at the equator).
const METRES_PER_DEGREE: f64 = 111_320.0;

/// The squared distance in square metres from a sensor to a place, by the local flat approximation (exact to a
/// few metres within a town), with its three values numbered from `$first`: latitude, longitude, the metres
/// per degree of longitude there. Plain arithmetic, the same on both engines.
fn squared_metres(first: usize) -> String {
    let (lat, lon, kx) = (first, first + 1, first + 2);
    format!(
        "((s.latitude - ${lat}) * {METRES_PER_DEGREE:.1}) * ((s.latitude - ${lat}) * {METRES_PER_DEGREE:.1}) \
         + ((s.longitude - ${lon}) * ${kx}) * ((s.longitude - ${lon}) * ${kx})"
    )
}

/// The condition "within `near.metres` of the place": a box the indexes can use, then the circle.
fn near_condition(near: Near, before: usize) -> (String, Vec<Bind>) {
    let kx = METRES_PER_DEGREE * near.lat.to_radians().cos().max(0.01);
    let r = f64::from(near.metres);
    let (dlat, dlon) = (r / METRES_PER_DEGREE, r / kx);
    let n = before + 1;
    let condition = format!(
        "s.latitude BETWEEN ${} AND ${} AND s.longitude BETWEEN ${} AND ${} AND {} <= ${}",
        n,
        n + 1,
        n + 2,
        n + 3,
        squared_metres(n + 4),
        n + 7
    );
    let binds = vec![
        Bind::Real(near.lat - dlat),
        Bind::Real(near.lat + dlat),
        Bind::Real(near.lon - dlon),
        Bind::Real(near.lon + dlon),
        Bind::Real(near.lat),
        Bind::Real(near.lon),
        Bind::Real(kx),
        Bind::Real(r * r),
    ];
    (condition, binds)
}

macro_rules! bind_all {
    ($query:expr, $binds:expr) => {{
        let mut query = $query;
        for b in $binds {
            query = match b {
                Bind::Text(t) => query.bind(t.clone()),
                Bind::Int(i) => query.bind(*i),
                Bind::Real(r) => query.bind(*r),
            };
        }
        query
    }};
}

/// One page of sensors matching the query, and how many match in all.
pub async fn list(db: &Db, query: &Query) -> Result<SensorPage, sqlx::Error> {
    let (filter_sql, binds) = where_clause(&query.filter);
    let count_sql = format!("SELECT COUNT(*) {FROM_SENSORS} {filter_sql}");
    let (total,): (i64,) = bind_all!(sqlx::query_as(&count_sql), &binds).fetch_one(&db.pool).await?;
    // Around a place, the nearest first (the place's values are the last four of the condition's eight).
    let order = match (query.filter.near, query.sort) {
        (Some(_), _) => format!("{}, s.reference", squared_metres(binds.len() - 3)),
        (None, Sort::Reference) => "s.reference".into(),
        (None, Sort::Name) => "s.name, s.reference".into(),
        (None, Sort::Updated) => "s.updated_at DESC, s.reference".into(),
    };
    let offset = i64::from(query.page.saturating_sub(1)) * i64::from(PAGE_SIZE);
    let sql = format!(
        "SELECT s.reference, s.name, s.technology, s.domain, s.personal_data, s.status, s.raw_retention, \
         d.name AS district_name, s.latitude, s.longitude {FROM_SENSORS} {filter_sql} ORDER BY {order} \
         LIMIT {PAGE_SIZE} OFFSET {offset}"
    );
    type Row =
        (String, String, Technology, Domain, PersonalData, Status, String, Option<String>, Option<f64>, Option<f64>);
    let rows: Vec<Row> = bind_all!(sqlx::query_as(&sql), &binds).fetch_all(&db.pool).await?;
    let near = query.filter.near;
    let rows = rows
        .into_iter()
        .map(|(reference, name, technology, domain, personal_data, status, raw_retention, district, lat, lon)| {
            // How far from the place searched, to the metre.
            let metres = match (near, lat, lon) {
                (Some(n), Some(lat), Some(lon)) => {
                    let kx = METRES_PER_DEGREE * ((n.lat + lat) / 2.0).to_radians().cos();
                    let (dy, dx) = ((lat - n.lat) * METRES_PER_DEGREE, (lon - n.lon) * kx);
                    Some((dx * dx + dy * dy).sqrt().round() as i64)
                }
                _ => None,
            };
            SensorRow { reference, name, technology, domain, personal_data, status, raw_retention, district, metres }
        })
        .collect();
    Ok(SensorPage { rows, total })
}

/// Every sensor matching the filter, whole, by reference (open data).
pub async fn export(db: &Db, filter: &Filter) -> Result<Vec<Sensor>, sqlx::Error> {
    Ok(export_with_ids(db, filter).await?.into_iter().map(|(_, s)| s).collect())
}

/// Every sensor matching the filter with its id, by reference.
pub async fn export_with_ids(db: &Db, filter: &Filter) -> Result<Vec<(i64, Sensor)>, sqlx::Error> {
    let (filter_sql, binds) = where_clause(filter);
    let sensors_sql = format!("SELECT {SENSOR_COLUMNS} {FROM_SENSORS} {filter_sql} ORDER BY s.reference");
    let records: Vec<SensorRecord> = bind_all!(sqlx::query_as(&sensors_sql), &binds).fetch_all(&db.pool).await?;
    let streams_sql = format!(
        "SELECT sensor_id, name, observed_property, unit, value_type, raw_retention FROM datastreams \
         WHERE sensor_id IN (SELECT s.id {FROM_SENSORS} {filter_sql}) ORDER BY sensor_id, position"
    );
    let streams: Vec<DatastreamRecord> = bind_all!(sqlx::query_as(&streams_sql), &binds).fetch_all(&db.pool).await?;
    let mut by_sensor: HashMap<i64, Vec<Datastream>> = HashMap::new();
    for ds in streams {
        by_sensor.entry(ds.sensor_id).or_default().push(ds.into_datastream());
    }
    Ok(records
        .into_iter()
        .map(|r| {
            let streams = by_sensor.remove(&r.id).unwrap_or_default();
            (r.id, r.into_sensor(streams))
        })
        .collect())
}

/// A sensor on the map: just what the markers, filters and popups need.
#[derive(Clone, Debug, FromRow)]
pub struct MapPoint {
    /// Reference.
    pub reference: String,
    /// Name.
    pub name: String,
    /// Technology code.
    pub technology: String,
    /// Domain code.
    pub domain: String,
    /// Personal-data code.
    pub personal_data: String,
    /// Status code.
    pub status: String,
    /// District id.
    pub district_id: Option<i64>,
    /// Longitude of a fixed sensor.
    pub longitude: Option<f64>,
    /// Latitude of a fixed sensor.
    pub latitude: Option<f64>,
    /// Zone of a mobile sensor (GeoJSON).
    pub zone: Option<String>,
}

/// The map's points matching the filter.
pub async fn map_points(db: &Db, filter: &Filter) -> Result<Vec<MapPoint>, sqlx::Error> {
    let (filter_sql, binds) = where_clause(filter);
    let sql = format!(
        "SELECT s.reference, s.name, s.technology, s.domain, s.personal_data, s.status, s.district_id, \
         s.longitude, s.latitude, s.zone {FROM_SENSORS} {filter_sql} ORDER BY s.reference"
    );
    bind_all!(sqlx::query_as(&sql), &binds).fetch_all(&db.pool).await
}

/// The sensor with this reference and its id.
pub async fn find(db: &Db, reference: &str) -> Result<Option<(i64, Sensor)>, sqlx::Error> {
    let record: Option<SensorRecord> =
        sqlx::query_as(&format!("SELECT {SENSOR_COLUMNS} {FROM_SENSORS} WHERE s.reference = $1"))
            .bind(reference)
            .fetch_optional(&db.pool)
            .await?;
    let Some(record) = record else {
        return Ok(None);
    };
    let streams: Vec<DatastreamRecord> = sqlx::query_as(
        "SELECT sensor_id, name, observed_property, unit, value_type, raw_retention FROM datastreams \
         WHERE sensor_id = $1 ORDER BY position",
    )
    .bind(record.id)
    .fetch_all(&db.pool)
    .await?;
    let id = record.id;
    Ok(Some((id, record.into_sensor(streams.into_iter().map(DatastreamRecord::into_datastream).collect()))))
}

fn point(s: &Sensor) -> (Option<f64>, Option<f64>, Option<String>) {
    match &s.location {
        Location::Point { lon, lat } => (Some(*lon), Some(*lat), None),
        Location::Zone { geojson } => (None, None, Some(geojson.clone())),
    }
}

/// Binds every field of a sensor but its reference, in the order of the columns of `insert` and `update`
/// (`$2` to `$31`).
macro_rules! bind_fields {
    ($query:expr, $s:expr) => {{
        let s: &Sensor = $s;
        let (lon, lat, zone) = point(s);
        $query
            .bind(&s.name)
            .bind(s.technology.code())
            .bind(s.domain.code())
            .bind(crate::db::OptF64(lon))
            .bind(crate::db::OptF64(lat))
            .bind(zone)
            .bind(s.district.as_ref().map(|(id, _)| *id))
            .bind(s.network.code())
            .bind(s.purpose.code())
            .bind(&s.purpose_text)
            .bind(s.personal_data.code())
            .bind(&s.anonymisation)
            .bind(s.legal_basis.map(|l| l.code()))
            .bind(&s.controller)
            .bind(&s.controller_contact)
            .bind(s.operator_kind.code())
            .bind(&s.operator_name)
            .bind(&s.dpo_contact)
            .bind(s.hosting.code())
            .bind(&s.hosting_provider)
            .bind(&s.recipients)
            .bind(&s.raw_retention)
            .bind(&s.aggregate_retention)
            .bind(&s.open_data_url)
            .bind(&s.dpia_url)
            .bind(s.status.code())
            .bind(&s.installed_on)
            .bind(&s.active_until)
            .bind(s.decision)
            .bind(&s.legal_reference)
    }};
}

/// Inserts a sensor (without its datastreams); `None` when the reference is taken (the unique index decides).
pub async fn insert(conn: &mut AnyConnection, s: &Sensor, now: i64) -> Result<Option<i64>, sqlx::Error> {
    let query = sqlx::query_as(
        "INSERT INTO sensors (reference, name, technology, domain, longitude, latitude, zone, district_id, network, \
         purpose, purpose_text, personal_data, anonymisation, legal_basis, controller, controller_contact, \
         operator_kind, operator_name, dpo_contact, hosting, hosting_provider, recipients, raw_retention, \
         aggregate_retention, open_data_url, dpia_url, status, installed_on, active_until, decision_id, legal_reference, \
         created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, \
         $23, $24, $25, $26, $27, $28, $29, $30, $31, $32, $32) ON CONFLICT (reference) DO NOTHING RETURNING id",
    )
    .bind(&s.reference);
    let row: Option<(i64,)> = bind_fields!(query, s).bind(now).fetch_optional(&mut *conn).await?;
    Ok(row.map(|(id,)| id))
}

/// Rewrites every field of a sensor but its reference.
pub async fn update(conn: &mut AnyConnection, id: i64, s: &Sensor, now: i64) -> Result<(), sqlx::Error> {
    let query = sqlx::query(
        "UPDATE sensors SET name = $2, technology = $3, domain = $4, longitude = $5, latitude = $6, zone = $7, \
         district_id = $8, network = $9, purpose = $10, purpose_text = $11, personal_data = $12, anonymisation = $13, \
         legal_basis = $14, controller = $15, controller_contact = $16, operator_kind = $17, operator_name = $18, \
         dpo_contact = $19, hosting = $20, hosting_provider = $21, recipients = $22, raw_retention = $23, \
         aggregate_retention = $24, open_data_url = $25, dpia_url = $26, status = $27, installed_on = $28, \
         active_until = $29, decision_id = $30, legal_reference = $31, updated_at = $32 WHERE id = $1",
    )
    .bind(id);
    bind_fields!(query, s).bind(now).execute(&mut *conn).await?;
    Ok(())
}

/// Makes the sensor's datastreams exactly `streams`: kept ones (same name) are updated in place, so their ids —
/// and later their observations — survive an edit; the others are removed.
pub async fn set_datastreams(
    conn: &mut AnyConnection,
    sensor_id: i64,
    streams: &[Datastream],
    ports: &super::ports::Ports,
) -> Result<(), sqlx::Error> {
    let existing: Vec<(String,)> = sqlx::query_as("SELECT name FROM datastreams WHERE sensor_id = $1")
        .bind(sensor_id)
        .fetch_all(&mut *conn)
        .await?;
    for (name,) in existing {
        if !streams.iter().any(|d| d.name == name) {
            // Its measurements go with it: the purge ledger keeps the proof.
            ports.removing(&mut *conn, sensor_id, &name, crate::db::now()).await?;
            sqlx::query("DELETE FROM datastreams WHERE sensor_id = $1 AND name = $2")
                .bind(sensor_id)
                .bind(&name)
                .execute(&mut *conn)
                .await?;
        }
    }
    for (position, d) in streams.iter().enumerate() {
        sqlx::query(
            "INSERT INTO datastreams (sensor_id, position, name, observed_property, unit, value_type, raw_retention) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sensor_id, name) DO UPDATE SET \
             position = excluded.position, observed_property = excluded.observed_property, unit = excluded.unit, \
             value_type = excluded.value_type, raw_retention = excluded.raw_retention",
        )
        .bind(sensor_id)
        .bind(position as i64)
        .bind(&d.name)
        .bind(&d.observed_property)
        .bind(&d.unit)
        .bind(d.value_type.code())
        .bind(&d.raw_retention)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Appends an entry to the public history.
pub async fn insert_history(conn: &mut AnyConnection, sensor_id: i64, entry: &HistoryEntry) -> Result<(), sqlx::Error> {
    let changes = serde_json::to_string(&entry.changes).unwrap_or_else(|_| "[]".into());
    sqlx::query(
        "INSERT INTO sensor_history (sensor_id, at, actor_role, actor_name, changes) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(sensor_id)
    .bind(entry.at)
    .bind(&entry.actor_role)
    .bind(&entry.actor_name)
    .bind(changes)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The public history of a sensor, newest first.
pub async fn history(db: &Db, sensor_id: i64) -> Result<Vec<HistoryEntry>, sqlx::Error> {
    let rows: Vec<(i64, String, Option<String>, String)> = sqlx::query_as(
        "SELECT at, actor_role, actor_name, changes FROM sensor_history WHERE sensor_id = $1 ORDER BY at DESC, id DESC",
    )
    .bind(sensor_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(at, actor_role, actor_name, changes)| HistoryEntry {
            at,
            actor_role,
            actor_name,
            changes: serde_json::from_str(&changes).unwrap_or_default(),
        })
        .collect())
}

/// A mobile sensor's recorded positions, most recent first.
pub async fn positions(db: &Db, sensor_id: i64) -> Result<Vec<Position>, sqlx::Error> {
    let rows: Vec<(f64, f64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT longitude, latitude, valid_from, valid_to FROM sensor_positions WHERE sensor_id = $1 \
         ORDER BY valid_from DESC LIMIT 200",
    )
    .bind(sensor_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows.into_iter().map(|(lon, lat, from, to)| Position { lon, lat, from, to }).collect())
}

/// Records where a mobile sensor is from `from`; the previous open position ends then.
pub async fn insert_position(conn: &mut AnyConnection, sensor_id: i64, p: &Position) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE sensor_positions SET valid_to = $2 WHERE sensor_id = $1 AND valid_to IS NULL AND valid_from < $2",
    )
    .bind(sensor_id)
    .bind(p.from)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO sensor_positions (sensor_id, longitude, latitude, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(sensor_id)
    .bind(p.lon)
    .bind(p.lat)
    .bind(p.from)
    .bind(p.to)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The registry's version: changed by every write, so cached open-data answers know when they are stale (on
/// every instance sharing the database).
pub async fn version(db: &Db) -> Result<String, sqlx::Error> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT value FROM settings WHERE key = 'sensors_version'").fetch_optional(&db.pool).await?;
    Ok(row.map(|(v,)| v).unwrap_or_default())
}

/// Gives the registry a new version (inside the writing transaction). A random value rather than a counter:
/// two concurrent writers can never end on the same version as an earlier state.
pub async fn bump_version(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    let next = format!("{:016x}", rand::random::<u64>());
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ('sensors_version', $1) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(next)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The districts' outlines: id, slug, name, GeoJSON geometry.
pub async fn district_outlines(db: &Db) -> Result<Vec<(i64, String, String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT id, slug, name, geometry FROM districts ORDER BY name").fetch_all(&db.pool).await
}
