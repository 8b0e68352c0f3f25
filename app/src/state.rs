//! What every handler shares.

use crate::config::Config;
use crate::db::Db;
use crate::mail::Mailer;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

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
    /// What features keep in memory while the instance runs (the sensors' open-data answers, ingestion's rate
    /// limits and caches …).
    pub parts: Parts,
}

/// What features keep in memory for the life of an instance, one value per type, made on first use: the base
/// holds them without knowing any feature (each feature asks for its own type), and each `AppState` — each test
/// — has its own.
#[derive(Clone, Default)]
pub struct Parts {
    // Read on every ingestion request: readers share the lock, only a type's first use writes.
    values: Arc<RwLock<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>>,
    registry: Arc<AtomicU64>,
}

impl Parts {
    /// This instance's value of `T`, made with `T::default()` the first time.
    pub fn get<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let found = self.values.read().unwrap_or_else(|e| e.into_inner()).get(&TypeId::of::<T>()).cloned();
        let value = match found {
            Some(value) => value,
            None => {
                let mut values = self.values.write().unwrap_or_else(|e| e.into_inner());
                values.entry(TypeId::of::<T>()).or_insert_with(|| Arc::new(T::default())).clone()
            }
        };
        // The entry of `T`'s type id was made from a `T`.
        value.downcast::<T>().unwrap_or_else(|_| Arc::new(T::default()))
    }

    /// Says this instance changed a sensor, a device token or an integration: what was kept in memory about who
    /// may send what is no longer to be trusted (see [`Parts::registry_generation`]).
    pub fn registry_changed(&self) {
        self.registry.fetch_add(1, Ordering::SeqCst);
    }

    /// How many such changes this instance made: a cache built at another count is stale.
    pub fn registry_generation(&self) -> u64 {
        self.registry.load(Ordering::SeqCst)
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Counter(AtomicU64);

    #[test]
    fn each_type_has_one_value_per_state() {
        let parts = Parts::default();
        parts.get::<Counter>().0.fetch_add(2, Ordering::SeqCst);
        assert_eq!(parts.get::<Counter>().0.load(Ordering::SeqCst), 2, "the same value each time");
        assert_eq!(parts.clone().get::<Counter>().0.load(Ordering::SeqCst), 2, "shared by clones of the state");
        assert_eq!(Parts::default().get::<Counter>().0.load(Ordering::SeqCst), 0, "another state, another value");
        assert_eq!(*parts.get::<String>(), "", "types do not mix");
        let before = parts.registry_generation();
        parts.clone().registry_changed();
        assert_eq!(parts.registry_generation(), before + 1);
    }
}
