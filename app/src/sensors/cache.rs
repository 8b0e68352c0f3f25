//! Answers kept ready while the registry does not change: the open-data files (plain and gzip) and the pages
//! of the list. Every entry carries the registry version it was built from (see `queries::version`), which
//! every write changes in the database, so instances sharing a database never serve a stale answer.

use super::SensorPage;
use std::collections::HashMap;
use std::sync::Mutex;

/// A bounded map from a key to a value built at some registry version.
pub struct VersionedCache<T> {
    entries: Mutex<HashMap<String, (String, T)>>,
    capacity: usize,
}

impl<T: Clone> VersionedCache<T> {
    /// A cache of at most `capacity` keys (all are dropped when it is full: simple, and rebuilt on demand).
    pub fn new(capacity: usize) -> Self {
        VersionedCache { entries: Mutex::new(HashMap::new()), capacity }
    }

    /// The value of `key` if it was built at `version`.
    pub fn get(&self, key: &str, version: &str) -> Option<T> {
        let entries = self.entries.lock().ok()?;
        entries.get(key).filter(|(v, _)| v == version).map(|(_, value)| value.clone())
    }

    /// Keeps `value` for `key`, built at `version`.
    pub fn put(&self, key: String, version: String, value: T) {
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= self.capacity && !entries.contains_key(&key) {
                entries.clear();
            }
            entries.insert(key, (version, value));
        }
    }
}

/// An open-data answer, ready in both encodings.
#[derive(Clone)]
pub struct Body {
    /// As built.
    pub plain: axum::body::Bytes,
    /// Gzip-compressed.
    pub gzip: axum::body::Bytes,
}

/// The sensors feature's caches, one per running instance.
pub struct SensorsCache {
    /// Open-data files by query (each up to a few MB).
    pub bodies: VersionedCache<Body>,
    /// Pages of the list by query (a few kB each).
    pub pages: VersionedCache<SensorPage>,
    /// Held while an open-data file is built: many visitors arriving together after a change wait for one
    /// build instead of each building the same megabytes.
    pub building: tokio::sync::Mutex<()>,
}

impl Default for SensorsCache {
    fn default() -> Self {
        SensorsCache {
            bodies: VersionedCache::new(32),
            pages: VersionedCache::new(512),
            building: tokio::sync::Mutex::new(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_served_only_for_its_version() {
        let cache = VersionedCache::new(2);
        cache.put("a".into(), "v1".into(), 1);
        assert_eq!(cache.get("a", "v1"), Some(1));
        assert_eq!(cache.get("a", "v2"), None);
        cache.put("b".into(), "v1".into(), 2);
        cache.put("c".into(), "v1".into(), 3);
        assert_eq!(cache.get("c", "v1"), Some(3));
        assert_eq!(cache.get("a", "v1"), None, "full: emptied before adding");
    }
}
