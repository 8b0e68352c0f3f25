//! Clairvoie: the town's open registry of sensors in public space, with participation and governance.
//!
//! This crate holds the whole product except the binary: the Leptos user interface (rendered on the server
//! and hydrated in the browser) and, behind the `ssr` feature, each feature's data layer and HTTP handlers.
//! One feature, one module: `accounts`, `sensors`, `ingest`, `consultations`, `moderation`, `budgets`,
//! `governance` and `kiosk`, each of the same shape (`rules` pure, `queries` SQL, `service`, `handlers`, `pages`).
//! Beside them, what every feature uses: `db`, `jobs` (background jobs run once across instances), `metrics`,
//! `mail`, `web` (the router).

#![recursion_limit = "256"]

pub mod access;
pub mod accounts;
pub mod addresses;
pub mod audit;
pub mod budgets;
pub mod codes;
pub mod consultations;
pub mod ctx;
pub mod eligibility;
pub mod error;
pub mod format;
pub mod governance;
pub mod i18n;
pub mod ingest;
pub mod kiosk;
pub mod links;
pub mod markdown;
pub mod moderation;
pub mod notifications;
pub mod oidc;
pub mod participation;
pub mod reports;
pub mod route;
pub mod sensors;
pub mod shell;
pub mod text;
pub mod town;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod demo;
#[cfg(feature = "ssr")]
pub mod form;
#[cfg(feature = "ssr")]
pub mod fuzzing;
#[cfg(feature = "ssr")]
pub mod jobs;
#[cfg(test)]
mod layers;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod metrics;
#[cfg(feature = "ssr")]
pub mod session_store;
#[cfg(test)]
mod sources;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod web;

/// Browser entry point: readies the reactive system for the page's islands, which `islands.js` then hydrates one
/// by one (the rest of the page is the server's HTML, never hydrated).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
