//! The addresses' use cases: the import, finding what a resident typed, and the address nearest a place.

use super::rules::{self, LineError};
use super::{queries, Address, Resolved};
use crate::access::{require, Action};
use crate::audit::{self, NewEntry};
use crate::ctx::CurrentUser;
use crate::db::now;
use crate::error::AppError;
use crate::state::AppState;

/// Why an import was refused.
#[derive(Debug)]
pub enum ImportError {
    /// Some lines are wrong: nothing was imported; the first problems are listed.
    Lines(Vec<LineError>),
    /// Anything else (permission, database).
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

/// The registry's keepers replace the town's addresses with a BAN file; returns how many there are now.
/// All or nothing: a file with one wrong line changes nothing.
pub async fn import(state: &AppState, actor: Option<&CurrentUser>, text: &str) -> Result<usize, ImportError> {
    let actor = require(actor, Action::ManageSensors)?;
    let all = rules::parse_ban(text).map_err(ImportError::Lines)?;
    let mut tx = state.db.pool.begin().await?;
    queries::replace_all(&mut tx, &all).await?;
    crate::town::set_setting_in(&mut tx, VERSION_KEY, &new_version(all.len())).await?;
    let entry = NewEntry::by(Some(actor), "addresses_import", "import", all.len() as i64, String::new());
    audit::append(&mut tx, state.db.backend, &entry, now()).await?;
    tx.commit().await?;
    Ok(all.len())
}

/// Loads a BAN file without a person behind it (the demo town's seed).
pub async fn load(state: &AppState, text: &str) -> Result<usize, AppError> {
    let all = rules::parse_ban(text).map_err(|lines| {
        AppError::Internal(format!("address file: {} wrong lines, first {:?}", lines.len(), lines.first()))
    })?;
    let mut tx = state.db.pool.begin().await?;
    queries::replace_all(&mut tx, &all).await?;
    crate::town::set_setting_in(&mut tx, VERSION_KEY, &new_version(all.len())).await?;
    tx.commit().await?;
    Ok(all.len())
}

/// The setting every import changes, so that each instance knows when its list of streets is stale.
const VERSION_KEY: &str = "addresses_version";

fn new_version(count: usize) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    format!("{nanos}-{count}")
}

/// The town's streets (name, normalised name), kept in memory between imports: a search reads them all, and
/// reading them from the database at every search would let anyone load it.
#[derive(Default)]
pub struct StreetIndex {
    cached: std::sync::Mutex<Option<(String, Streets)>>,
}

/// Every street: (name, normalised name).
type Streets = std::sync::Arc<Vec<(String, String)>>;

async fn streets(state: &AppState) -> Result<Streets, AppError> {
    let version = crate::town::setting(&state.db, VERSION_KEY).await?.unwrap_or_default();
    let index = state.parts.get::<StreetIndex>();
    if let Some((v, streets)) = index.cached.lock().ok().and_then(|c| c.clone()) {
        if v == version {
            return Ok(streets);
        }
    }
    let streets = std::sync::Arc::new(queries::streets(&state.db).await?);
    if let Ok(mut cached) = index.cached.lock() {
        *cached = Some((version, streets.clone()));
    }
    Ok(streets)
}

/// How many addresses the town has.
pub async fn count(state: &AppState) -> Result<i64, AppError> {
    Ok(queries::count(&state.db).await?)
}

/// The place a resident typed: the best street (a unique best, else the streets to choose from), then the
/// address with that number — or the nearest number on the street, or the street's middle without one.
pub async fn resolve(state: &AppState, text: &str) -> Result<Resolved, AppError> {
    let town = crate::town::town_name(&state.db).await?;
    let typed = rules::read(text, &town);
    if typed.words.is_empty() {
        return Ok(Resolved::NotFound);
    }
    // Words beyond the tenth add nothing to a street's name but cost time: they are left out.
    let words = &typed.words[..typed.words.len().min(10)];
    let mut ranked: Vec<(u32, String, String)> = streets(state)
        .await?
        .iter()
        .filter_map(|(name, key)| Some((rules::score(words, key)?, name.clone(), key.clone())))
        .collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
    let Some((best, _, key)) = ranked.first().cloned() else {
        return Ok(Resolved::NotFound);
    };
    let tied: Vec<String> = ranked.iter().take_while(|(s, _, _)| *s == best).map(|(_, n, _)| n.clone()).collect();
    if tied.len() > 1 {
        return Ok(Resolved::Several(tied.into_iter().take(8).collect()));
    }
    let on_street = queries::on_street(&state.db, &key).await?;
    let Some(chosen) = pick(&on_street, typed.number, &typed.suffix) else {
        return Ok(Resolved::NotFound);
    };
    let label = if typed.number.is_some() { rules::label(chosen) } else { chosen.street.clone() };
    Ok(Resolved::Found { label, lat: chosen.lat, lon: chosen.lon })
}

/// The address of a street for a number: the same number and suffix, the same number, the nearest number;
/// without a number, the middle of the street.
fn pick<'a>(street: &'a [Address], number: Option<u32>, suffix: &str) -> Option<&'a Address> {
    match number {
        Some(n) => street
            .iter()
            .find(|a| a.number == n && rules::normalise(&a.suffix) == suffix)
            .or_else(|| street.iter().find(|a| a.number == n))
            .or_else(|| street.iter().min_by_key(|a| a.number.abs_diff(n))),
        None => street.get(street.len() / 2),
    }
}

/// The address nearest a place (latitude, longitude), within `within` metres.
pub async fn nearest(state: &AppState, at: (f64, f64), within: f64) -> Result<Option<Address>, AppError> {
    let dlat = within / 111_320.0;
    let dlon = dlat / at.0.to_radians().cos().max(0.1);
    let around = queries::in_box(&state.db, (at.0 - dlat, at.1 - dlon, at.0 + dlat, at.1 + dlon)).await?;
    Ok(around
        .into_iter()
        .map(|a| (rules::metres(at, (a.lat, a.lon)), a))
        .filter(|(d, _)| *d <= within)
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, a)| a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(number: u32, suffix: &str) -> Address {
        Address {
            ban_id: format!("{number}{suffix}"),
            number,
            suffix: suffix.into(),
            street: "Rue Pasteur".into(),
            postcode: "37990".into(),
            city: "Ville".into(),
            lon: 0.0,
            lat: 0.0,
        }
    }

    #[test]
    fn the_number_typed_or_the_nearest_one_or_the_middle() {
        let street = [at(1, ""), at(3, ""), at(3, "bis"), at(8, ""), at(40, "")];
        assert_eq!(pick(&street, Some(3), "bis").unwrap().ban_id, "3bis");
        assert_eq!(pick(&street, Some(3), "").unwrap().ban_id, "3");
        assert_eq!(pick(&street, Some(8), "ter").unwrap().ban_id, "8");
        assert_eq!(pick(&street, Some(10), "").unwrap().ban_id, "8");
        assert_eq!(pick(&street, None, "").unwrap().ban_id, "3bis");
        assert!(pick(&[], Some(1), "").is_none());
    }
}
