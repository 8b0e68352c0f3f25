//! The audit log: an append-only chain where each entry carries the SHA-256 of the previous one, so that
//! changing, removing or inserting an entry anywhere breaks every later link.
//!
//! The hash covers an unambiguous encoding of every field (each prefixed by its length). Appending happens in
//! the transaction of the action it records: the action and its entry commit together or not at all. Two
//! writers cannot fork the chain: PostgreSQL serialises appends with a transaction-level advisory lock, SQLite
//! with its single writer (the action's own write is made first, so the lock is already held), and `seq` is
//! the primary key besides.
//!
//! Below every feature: a feature records its actions here; none is needed to keep or check the chain.

pub mod actions;
#[cfg(feature = "ssr")]
mod chain;
#[cfg(feature = "ssr")]
pub mod queries;

#[cfg(feature = "ssr")]
pub use chain::*;
