//! The sensors feature's use cases: read the registry, create, edit, change status and import, each change
//! written with its public history in one transaction.

use super::rules::{diff, to_form, validate, SensorForm};
use super::*;
use crate::access::Role;
use crate::access::{require, Action};
use crate::audit::{self, NewEntry};
use crate::ctx::{CurrentUser, RowError};
use crate::db::now;
use crate::error::{AppError, UserError};
use crate::state::AppState;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    /// New sensors.
    pub created: usize,
    /// Sensors changed.
    pub updated: usize,
    /// Rows identical to the registry.
    pub unchanged: usize,
}

/// Why an import stored nothing.
#[derive(Debug)]
pub enum ImportError {
    /// Some rows are wrong: nothing was imported; every problem is listed.
    Rows(Vec<RowError>),
    /// Anything else (permission, empty or unreadable file, database).
    App(AppError),
}

impl From<AppError> for ImportError {
    fn from(e: AppError) -> Self {
        ImportError::App(e)
    }
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::App(e.into())
    }
}

/// How the history names who made a change: their highest staff role (the name is kept for staff eyes).
fn history_entry(actor: &CurrentUser, changes: Vec<FieldChange>, at: i64) -> HistoryEntry {
    let role = [Role::Admin, Role::SensorManager, Role::Official, Role::Moderator]
        .into_iter()
        .find(|r| actor.has(*r))
        .unwrap_or(Role::Resident);
    HistoryEntry { at, actor_role: role.code().to_string(), actor_name: Some(actor.display_name.clone()), changes }
}

async fn district_choices(state: &AppState) -> Result<Vec<(i64, String)>, AppError> {
    Ok(crate::town::districts(&state.db).await?.into_iter().map(|d| (d.id, d.name)).collect())
}

/// One page of the public list (kept while the registry does not change: it is the most visited page).
pub async fn list(state: &AppState, query: &Query) -> Result<SensorPage, AppError> {
    let version = queries::version(&state.db).await?;
    let key = query.page_query(query.page);
    let cache = state.parts.get::<super::cache::SensorsCache>();
    if let Some(page) = cache.pages.get(&key, &version) {
        return Ok(page);
    }
    let page = queries::list(&state.db, query).await?;
    cache.pages.put(key, version, page.clone());
    Ok(page)
}

/// Every sensor matching the filter (open data).
pub async fn export(state: &AppState, filter: &Filter) -> Result<Vec<Sensor>, AppError> {
    Ok(queries::export(&state.db, filter).await?)
}

/// A sensor's public page data.
pub async fn detail(state: &AppState, reference: &str) -> Result<SensorDetail, AppError> {
    let (id, sensor) = queries::find(&state.db, &reference.to_ascii_uppercase()).await?.ok_or(AppError::NotFound)?;
    let history = queries::history(&state.db, id).await?;
    let positions = queries::positions(&state.db, id).await?;
    let near_address = match sensor.location {
        Location::Point { lon, lat } => {
            crate::addresses::service::nearest(state, (lat, lon), super::NEAREST_ADDRESS_METRES)
                .await?
                .map(|a| crate::addresses::rules::label(&a))
        }
        Location::Zone { .. } => None,
    };
    Ok(SensorDetail { sensor, history, positions, near_address })
}

/// One sensor.
pub async fn get(state: &AppState, reference: &str) -> Result<Sensor, AppError> {
    Ok(queries::find(&state.db, &reference.to_ascii_uppercase()).await?.ok_or(AppError::NotFound)?.1)
}

/// The approval gate's database half (the pure half is in `rules::validate`): the decision a sensor names must
/// exist and have been adopted.
async fn check_decision(state: &AppState, sensor: &Sensor) -> Result<(), AppError> {
    match sensor.decision {
        Some(id) if !super::ports::of(state).authorises(state, id).await? => {
            Err(AppError::Invalid(vec![UserError::field("decision", "error-sensor-decision")]))
        }
        _ => Ok(()),
    }
}

/// Adds a sensor to the registry; returns its reference.
pub async fn create(state: &AppState, actor: Option<&CurrentUser>, form: &SensorForm) -> Result<String, AppError> {
    let actor = require(actor, Action::ManageSensors)?;
    let districts = district_choices(state).await?;
    let sensor = validate(form, &districts).map_err(AppError::Invalid)?;
    check_decision(state, &sensor).await?;
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    let id = queries::insert(&mut tx, &sensor, now)
        .await?
        .ok_or_else(|| AppError::user(UserError::field("reference", "error-sensor-reference-taken")))?;
    queries::set_datastreams(&mut tx, id, &sensor.datastreams, &super::ports::of(state)).await?;
    queries::insert_history(&mut tx, id, &history_entry(actor, diff(None, &sensor), now)).await?;
    queries::bump_version(&mut tx).await?;
    let entry = NewEntry::by(Some(actor), "sensor_create", "sensor", id, sensor.reference.clone());
    audit::append(&mut tx, state.db.backend, &entry, now).await?;
    tx.commit().await?;
    // Ingestion keeps sensors in memory for a moment: this instance must see the change at once.
    state.parts.registry_changed();
    Ok(sensor.reference)
}

/// The write API's create: a record's named values (see `opendata::read_record`) read as the form would be.
pub async fn create_from_record(
    state: &AppState,
    actor: Option<&CurrentUser>,
    pairs: &[(String, String)],
) -> Result<String, AppError> {
    require(actor, Action::ManageSensors)?;
    let form = super::rules::form_from_pairs(pairs, &district_choices(state).await?);
    create(state, actor, &form).await
}

/// The write API's update: the whole record replaced by the one sent (the reference cannot change).
pub async fn update_from_record(
    state: &AppState,
    actor: Option<&CurrentUser>,
    reference: &str,
    pairs: &[(String, String)],
) -> Result<bool, AppError> {
    require(actor, Action::ManageSensors)?;
    let form = super::rules::form_from_pairs(pairs, &district_choices(state).await?);
    update(state, actor, reference, &form).await
}

/// Rewrites a sensor from a form; the reference never changes (it is printed on the sign). Returns whether
/// anything changed.
pub async fn update(
    state: &AppState,
    actor: Option<&CurrentUser>,
    reference: &str,
    form: &SensorForm,
) -> Result<bool, AppError> {
    let actor = require(actor, Action::ManageSensors)?;
    let (id, before) = queries::find(&state.db, &reference.to_ascii_uppercase()).await?.ok_or(AppError::NotFound)?;
    let mut form = form.clone();
    form.reference = before.reference.clone();
    let districts = district_choices(state).await?;
    let after = validate(&form, &districts).map_err(AppError::Invalid)?;
    let field = |name: &str| {
        let i = form.datastreams.iter().position(|d| d.name.trim() == name).unwrap_or_default();
        format!("ds_{i}_value_type")
    };
    save_changes(state, actor, id, &before, &after, &field).await
}

/// `field` names the form field of a datastream's value type.
async fn save_changes(
    state: &AppState,
    actor: &CurrentUser,
    id: i64,
    before: &Sensor,
    after: &Sensor,
    field: &(dyn Fn(&str) -> String + Sync),
) -> Result<bool, AppError> {
    let changes = diff(Some(before), after);
    if changes.is_empty() {
        return Ok(false);
    }
    check_decision(state, after).await?;
    let now = now();
    let mut tx = state.db.pool.begin().await?;
    let errors: Vec<crate::error::FieldError> = retyped_with_values(state, &mut tx, id, before, after)
        .await?
        .into_iter()
        .map(|name| UserError::field(&field(name), "error-datastream-type-has-values"))
        .collect();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
    let reason = format!("{}: {}", after.reference, fields.join(", "));
    queries::update(&mut tx, id, after, now).await?;
    queries::set_datastreams(&mut tx, id, &after.datastreams, &super::ports::of(state)).await?;
    queries::insert_history(&mut tx, id, &history_entry(actor, changes, now)).await?;
    queries::bump_version(&mut tx).await?;
    audit::append(&mut tx, state.db.backend, &NewEntry::by(Some(actor), "sensor_edit", "sensor", id, reason), now)
        .await?;
    tx.commit().await?;
    state.parts.registry_changed();
    Ok(true)
}

/// Suspends, retires or reactivates a sensor (the same rules as the form apply: an active sensor needs its
/// installation date, and so on).
pub async fn set_status(
    state: &AppState,
    actor: Option<&CurrentUser>,
    reference: &str,
    status: &str,
) -> Result<Status, AppError> {
    let actor = require(actor, Action::ManageSensors)?;
    let status = Status::from_code(status)
        .ok_or_else(|| AppError::user(UserError::field("status", "error-choose-from-list")))?;
    let (id, before) = queries::find(&state.db, &reference.to_ascii_uppercase()).await?.ok_or(AppError::NotFound)?;
    let mut form = to_form(&before);
    form.status = status.code().to_string();
    let districts = district_choices(state).await?;
    let after = validate(&form, &districts).map_err(AppError::Invalid)?;
    save_changes(state, actor, id, &before, &after, &|_: &str| "status".to_string()).await?;
    Ok(status)
}

/// Records where a mobile sensor is from `from` (and until `to`, if known).
pub async fn add_position(
    state: &AppState,
    actor: Option<&CurrentUser>,
    reference: &str,
    position: Position,
) -> Result<(), AppError> {
    let actor = require(actor, Action::ManageSensors)?;
    let (id, sensor) = queries::find(&state.db, &reference.to_ascii_uppercase()).await?.ok_or(AppError::NotFound)?;
    if !matches!(sensor.location, Location::Zone { .. }) {
        return Err(AppError::user(UserError::general("error-position-fixed-sensor")));
    }
    if position.to.is_some_and(|to| to <= position.from) {
        return Err(AppError::user(UserError::field("valid_to", "error-sensor-dates-order")));
    }
    let now = now();
    let change = FieldChange {
        field: "position".into(),
        old: String::new(),
        new: format!("{:.6} {:.6}", position.lon, position.lat),
    };
    let mut tx = state.db.pool.begin().await?;
    queries::insert_position(&mut tx, id, &position).await?;
    let entry = NewEntry::by(Some(actor), "sensor_position", "sensor", id, change.new.clone());
    audit::append(&mut tx, state.db.backend, &entry, now).await?;
    queries::insert_history(&mut tx, id, &history_entry(actor, vec![change], now)).await?;
    queries::bump_version(&mut tx).await?;
    tx.commit().await?;
    state.parts.registry_changed();
    Ok(())
}

/// Imports rows (numbered as the file counts them, named values as `opendata::read_csv` and `read_geojson`
/// give them): every row is checked first; if one is wrong nothing is stored and every problem is returned.
/// Otherwise new references are created and existing ones updated, all in one transaction, each change in the
/// public history.
pub async fn import(
    state: &AppState,
    actor: Option<&CurrentUser>,
    rows: Vec<super::opendata::NumberedRow>,
) -> Result<ImportSummary, ImportError> {
    let actor = require(actor, Action::ManageSensors)?;
    if rows.is_empty() {
        return Err(AppError::user(UserError::field("file", "error-import-empty")).into());
    }
    let districts = district_choices(state).await?;
    let rows: Vec<(usize, SensorForm)> =
        rows.into_iter().map(|(row, pairs)| (row, super::rules::form_from_pairs(&pairs, &districts))).collect();
    let mut valid: Vec<(usize, Sensor)> = Vec::with_capacity(rows.len());
    let mut problems: Vec<RowError> = vec![];
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut decisions: std::collections::HashMap<i64, bool> = std::collections::HashMap::new();
    for (row, form) in &rows {
        let reference = form.reference.trim().to_ascii_uppercase();
        if !reference.is_empty() && !seen.insert(reference.clone()) {
            problems.push(RowError {
                row: *row,
                reference: reference.clone(),
                error: UserError::field("reference", "error-import-duplicate-reference"),
            });
        }
        match validate(form, &districts) {
            Ok(sensor) => {
                // The approval gate's database half, each decision looked up once for the whole file.
                if let Some(id) = sensor.decision {
                    let authorises = match decisions.get(&id) {
                        Some(known) => *known,
                        None => {
                            let known = super::ports::of(state).authorises(state, id).await?;
                            decisions.insert(id, known);
                            known
                        }
                    };
                    if !authorises {
                        problems.push(RowError {
                            row: *row,
                            reference: reference.clone(),
                            error: UserError::field("decision", "error-sensor-decision"),
                        });
                    }
                }
                valid.push((*row, sensor))
            }
            Err(errors) => problems.extend(errors.into_iter().map(|error| RowError {
                row: *row,
                reference: reference.clone(),
                error,
            })),
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Rows(problems));
    }
    let existing: std::collections::HashMap<String, (i64, Sensor)> =
        queries::export_with_ids(&state.db, &Filter::default())
            .await?
            .into_iter()
            .map(|(id, s)| (s.reference.clone(), (id, s)))
            .collect();
    let now = now();
    let mut summary = ImportSummary::default();
    let mut tx = state.db.pool.begin().await?;
    let mut retyped = vec![];
    for (row, sensor) in &valid {
        match existing.get(&sensor.reference) {
            Some((id, before)) => {
                let id = *id;
                let changes = diff(Some(before), sensor);
                if changes.is_empty() {
                    summary.unchanged += 1;
                    continue;
                }
                retyped.extend(retyped_with_values(state, &mut tx, id, before, sensor).await?.into_iter().map(|_| {
                    RowError {
                        row: *row,
                        reference: sensor.reference.clone(),
                        error: UserError::field("datastreams", "error-datastream-type-has-values"),
                    }
                }));
                queries::update(&mut tx, id, sensor, now).await?;
                queries::set_datastreams(&mut tx, id, &sensor.datastreams, &super::ports::of(state)).await?;
                queries::insert_history(&mut tx, id, &history_import(actor, changes, now)).await?;
                summary.updated += 1;
            }
            None => {
                let id = queries::insert(&mut tx, sensor, now).await?.ok_or_else(|| {
                    // Created by someone else since the check: the whole import is refused, nothing is stored.
                    ImportError::Rows(vec![RowError {
                        row: 0,
                        reference: sensor.reference.clone(),
                        error: UserError::field("reference", "error-sensor-reference-taken"),
                    }])
                })?;
                queries::set_datastreams(&mut tx, id, &sensor.datastreams, &super::ports::of(state)).await?;
                queries::insert_history(&mut tx, id, &history_import(actor, diff(None, sensor), now)).await?;
                summary.created += 1;
            }
        }
    }
    if !retyped.is_empty() {
        // Nothing of the import is stored (the transaction is dropped unfinished).
        return Err(ImportError::Rows(retyped));
    }
    queries::bump_version(&mut tx).await?;
    if summary.created + summary.updated > 0 {
        let reason = format!("{} created, {} updated", summary.created, summary.updated);
        let rows = (summary.created + summary.updated) as i64;
        // One entry for the whole import: its target is the number of sensors it created or changed.
        let entry = NewEntry::by(Some(actor), "sensor_import", "import", rows, reason);
        audit::append(&mut tx, state.db.backend, &entry, now).await?;
    }
    tx.commit().await?;
    state.parts.registry_changed();
    Ok(summary)
}

/// The kept datastreams of a sensor whose value type `after` changes while they hold measurements: refused,
/// since values are stored by type and the old ones would no longer be read.
async fn retyped_with_values<'a>(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    sensor_id: i64,
    before: &Sensor,
    after: &'a Sensor,
) -> Result<Vec<&'a str>, sqlx::Error> {
    let mut names = vec![];
    for name in super::rules::retyped(before, after) {
        if super::ports::of(state).holds_values(&mut *conn, sensor_id, name).await? {
            names.push(name);
        }
    }
    Ok(names)
}

fn history_import(actor: &CurrentUser, changes: Vec<FieldChange>, at: i64) -> HistoryEntry {
    HistoryEntry { actor_role: "import".into(), ..history_entry(actor, changes, at) }
}

/// The registry's current version (see [`queries::version`]).
pub async fn version(state: &AppState) -> Result<String, AppError> {
    Ok(queries::version(&state.db).await?)
}

/// The map's points.
pub async fn map_points(state: &AppState, filter: &Filter) -> Result<Vec<queries::MapPoint>, AppError> {
    Ok(queries::map_points(&state.db, filter).await?)
}

/// The districts' outlines.
pub async fn district_outlines(state: &AppState) -> Result<Vec<(i64, String, String, String)>, AppError> {
    Ok(queries::district_outlines(&state.db).await?)
}
