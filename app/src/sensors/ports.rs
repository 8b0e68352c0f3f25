//! What the sensors feature asks of features above it, without knowing them. The approval gate asks the decisions
//! feature whether a decision authorises a sensor to go live; the registry asks the readings feature (ingestion)
//! whether a datastream holds values before retyping it, and lets it record a datastream's removal in its
//! deletion ledger. The assembly fills the ports (`web::wire`) for every entry point; an empty port refuses — no
//! decision authorises, a datastream is taken to hold values, a removal fails — so that forgetting to fill one
//! shuts a door instead of opening it or losing a proof of deletion.

use crate::error::AppError;
use crate::state::AppState;
use sqlx::AnyConnection;
use std::future::Future;
use std::pin::Pin;
use std::sync::RwLock;

/// A boxed future borrowing for `'a`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Whether decision `id` exists and authorises a sensor to go live.
pub type Authorises = for<'a> fn(&'a AppState, i64) -> BoxFuture<'a, Result<bool, AppError>>;

/// Whether datastream `name` of sensor `id` holds values, in the registry's transaction.
pub type HoldsValues = for<'a> fn(&'a mut AnyConnection, i64, &'a str) -> BoxFuture<'a, Result<bool, sqlx::Error>>;

/// Datastream `name` of sensor `id` is being removed with its values at `now` (Unix seconds): the proof is kept,
/// in the registry's transaction.
pub type Removing = for<'a> fn(&'a mut AnyConnection, i64, &'a str, i64) -> BoxFuture<'a, Result<(), sqlx::Error>>;

/// The answers the features above give, once filled.
#[derive(Clone, Copy, Default)]
pub struct Ports {
    /// The decisions feature's answer to the approval gate.
    pub authorises: Option<Authorises>,
    /// Ingestion's answer: does a datastream hold values?
    pub holds_values: Option<HoldsValues>,
    /// Ingestion's record of a removed datastream.
    pub removing: Option<Removing>,
}

#[derive(Default)]
struct Filled(RwLock<Ports>);

/// Fills (or refills) the ports of every use of `state`.
pub fn fill(state: &AppState, ports: Ports) {
    *state.parts.get::<Filled>().0.write().unwrap_or_else(|e| e.into_inner()) = ports;
}

/// The ports as filled for `state`.
pub fn of(state: &AppState) -> Ports {
    *state.parts.get::<Filled>().0.read().unwrap_or_else(|e| e.into_inner())
}

impl Ports {
    /// Whether decision `id` authorises a sensor; false when no feature answers.
    pub async fn authorises(&self, state: &AppState, id: i64) -> Result<bool, AppError> {
        match self.authorises {
            Some(answer) => answer(state, id).await,
            None => {
                tracing::error!("no feature answers the approval gate: the decision is refused");
                Ok(false)
            }
        }
    }

    /// Whether datastream `name` of sensor `sensor_id` holds values; true when no feature answers.
    pub async fn holds_values(
        &self,
        conn: &mut AnyConnection,
        sensor_id: i64,
        name: &str,
    ) -> Result<bool, sqlx::Error> {
        match self.holds_values {
            Some(answer) => answer(conn, sensor_id, name).await,
            None => Ok(true),
        }
    }

    /// Records the removal of datastream `name` of sensor `sensor_id`; an error when no feature keeps the ledger.
    pub async fn removing(
        &self,
        conn: &mut AnyConnection,
        sensor_id: i64,
        name: &str,
        now: i64,
    ) -> Result<(), sqlx::Error> {
        match self.removing {
            Some(record) => record(conn, sensor_id, name, now).await,
            None => Err(sqlx::Error::Protocol("no ledger records a removed datastream: removal refused".into())),
        }
    }
}
