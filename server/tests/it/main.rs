//! Every integration test in one binary (as crates.io does): each feature's module drives the real router, the
//! `clairvoie` binary or the services it needs (SQLite and PostgreSQL, Mosquitto, SMTP), so one link of the whole
//! application serves them all instead of one per file. `common` is the harness: a fresh database per test,
//! dropped even when the test panics.

#[macro_use]
mod common;

mod account_security;

mod accounts;
mod addresses;
mod assets;
mod budget_screens;
mod budgets;
mod bulletin;
mod cli;
mod consultations;
mod crash;
mod dashboard;
mod deploy;
mod eligibility;
mod governance;
mod hostile_input;
mod ingest;
mod instances;
mod kiosk;
mod logs;
mod mail_and_https;
mod mqtt;
mod notifications;
mod oidc;
mod outage;
mod pabulib;
mod projects;
mod residence_letters;
mod sensors;
mod sensorthings;
mod slugs;
mod vote_eligibility;
mod vote_integrity;
mod without_javascript;
