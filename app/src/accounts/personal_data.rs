//! The parts of a person's data export (GDPR art. 15 and 20) that other features hold: each feature above
//! `accounts` contributes its part under a name of its own (the assembly registers them when it builds the
//! router), so the export stays complete without `accounts` knowing those features.

use crate::error::AppError;
use crate::state::AppState;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;

/// What a feature holds about account `user_id`, as JSON.
pub type Part =
    for<'a> fn(&'a AppState, i64) -> Pin<Box<dyn Future<Output = Result<serde_json::Value, AppError>> + Send + 'a>>;

/// The registered parts, by their name in the export.
#[derive(Default)]
pub struct Parts(Mutex<BTreeMap<&'static str, Part>>);

/// Adds (or replaces) the part `name` of every export made with `state`.
pub fn contribute(state: &AppState, name: &'static str, part: Part) {
    state.parts.get::<Parts>().0.lock().unwrap_or_else(|e| e.into_inner()).insert(name, part);
}

/// Every registered part of `user_id`'s data, by name.
pub async fn gather(state: &AppState, user_id: i64) -> Result<serde_json::Map<String, serde_json::Value>, AppError> {
    let parts: Vec<(&'static str, Part)> = {
        let registered = state.parts.get::<Parts>();
        let map = registered.0.lock().unwrap_or_else(|e| e.into_inner());
        map.iter().map(|(name, part)| (*name, *part)).collect()
    };
    let mut out = serde_json::Map::new();
    for (name, part) in parts {
        out.insert(name.to_string(), part(state, user_id).await?);
    }
    Ok(out)
}
