//! Who may vote: residence verification, a feature of its own above `accounts` and beneath the features that
//! ask it (consultations, budgets, kiosks).
//!
//! A confirmed email says someone has a mailbox, not that they live in the town or in which district. A
//! resident is *verified* by a method — the town's register, a letter code, a check at the desk, or an
//! OpenID Connect identity (FranceConnect) matched against the register — which gives the district, never typed.
//! The register the town holds is never stored: only keyed hashes of what matching needs (see [`rules`]), so a
//! copy of the database does not give the list of residents.
//!
//! Built so far: the pure rules (how names, birth dates and postcodes are normalised, the keys an entry is
//! matched by, the reading of a register file with its per-line errors); the register's import, all or
//! nothing, which says how many people were added, kept and removed (`clairvoie register import FILE`); a
//! resident's online match, throttled, one register entry verifying one account.

#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;
