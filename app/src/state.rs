//! What every handler shares.

use crate::config::Config;
use crate::db::Db;
use crate::mail::Mailer;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::sync::Arc;

/// The state of one running instance.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Outgoing mail.
    pub mailer: Mailer,
    /// Settings.
    pub config: Arc<Config>,
    /// Leptos' own settings (site root, output name).
    pub leptos_options: LeptosOptions,
    /// Open-data answers kept ready while the sensor registry does not change.
    pub sensors_cache: Arc<crate::sensors::cache::SensorsCache>,
    /// Ingestion's in-memory state (rate limits).
    pub ingest: Arc<crate::ingest::service::Runtime>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
