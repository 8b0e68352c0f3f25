//! What a device's request needs to know before its rows are checked — its credential and its sensor with the
//! datastreams — kept in memory for a moment instead of being read from the database on every request.
//!
//! Entries live `TTL` at most, and this instance forgets them all at once whenever it changes a sensor, a token
//! or an integration. So a revoked token or a sensor taken out of service is refused at once by the instance where
//! the change was made, and by any other instance sharing the database within `TTL`.

use super::queries::{Credential, Target};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long an entry is trusted.
pub const TTL: Duration = Duration::from_secs(2);

/// Entries kept at most (all are dropped when full: they are rebuilt on demand).
const CAPACITY: usize = 20_000;

/// A map whose entries expire after `TTL`.
pub struct TtlCache<V> {
    entries: Mutex<HashMap<String, (Instant, V)>>,
}

impl<V> Default for TtlCache<V> {
    fn default() -> Self {
        TtlCache { entries: Mutex::new(HashMap::new()) }
    }
}

impl<V: Clone> TtlCache<V> {
    /// The value of `key`, if it was put less than `TTL` ago.
    pub fn get(&self, key: &str) -> Option<V> {
        self.get_at(key, Instant::now())
    }

    fn get_at(&self, key: &str, now: Instant) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.get(key).filter(|(at, _)| now.duration_since(*at) < TTL).map(|(_, v)| v.clone())
    }

    /// Keeps `value` for `key`.
    pub fn put(&self, key: String, value: V) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= CAPACITY && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, (Instant::now(), value));
    }

    /// Changes `key`'s value in place, keeping its age.
    pub fn update(&self, key: &str, change: impl FnOnce(&mut V)) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, value)) = entries.get_mut(key) {
            change(value);
        }
    }

    /// Drops every entry.
    pub fn clear(&self) {
        self.entries.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

/// The ingest feature's caches.
#[derive(Default)]
pub struct AuthCache {
    /// Credentials by the hash of their secret, with the sensor of a device token.
    pub credentials: TtlCache<(Credential, Option<Arc<Target>>)>,
    /// Sensors by LoRaWAN device EUI.
    pub devices: TtlCache<Arc<Target>>,
    /// The instance's registry generation the entries were kept at ([`crate::state::Parts::registry_generation`]).
    generation: std::sync::atomic::AtomicU64,
}

impl AuthCache {
    /// The caches, emptied first when this instance changed a sensor or a credential since they were filled
    /// (`generation` is the instance's count of such changes now).
    pub fn at(&self, generation: u64) -> &Self {
        if self.generation.swap(generation, std::sync::atomic::Ordering::SeqCst) != generation {
            self.credentials.clear();
            self.devices.clear();
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_expires_after_the_ttl_and_on_clear() {
        let cache = TtlCache::default();
        cache.put("a".into(), 1);
        let now = Instant::now();
        assert_eq!(cache.get_at("a", now), Some(1));
        assert_eq!(cache.get_at("a", now + TTL), None, "expired");
        cache.update("a", |v| *v = 2);
        assert_eq!(cache.get_at("a", now), Some(2), "updated in place");
        cache.clear();
        assert_eq!(cache.get_at("a", now), None);
    }

    #[test]
    fn a_change_of_the_registry_empties_the_caches() {
        let caches = AuthCache::default();
        let target = Target {
            id: 1,
            reference: "PK-0001".into(),
            status: crate::sensors::Status::Active,
            personal_data: crate::sensors::PersonalData::None,
            aggregate_retention: None,
            datastreams: vec![],
        };
        caches.at(0).devices.put("eui:1".into(), Arc::new(target));
        assert!(caches.at(0).devices.get("eui:1").is_some(), "kept while nothing changed");
        assert!(caches.at(1).devices.get("eui:1").is_none(), "forgotten after a change");
    }
}
