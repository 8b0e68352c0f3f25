//! Addresses: the town's postal addresses, imported by the registry's keepers from the national address base
//! (Base Adresse Nationale, the `adresses-<commune>.csv` files of adresse.data.gouv.fr), so that residents find
//! the sensors near an address they type — accents, case, abbreviations and a typo forgiven — and a sensor's page
//! names its nearest address, without any third-party service.
//!
//! `rules` is pure (reading the BAN file, reading what a resident typed, matching streets); `queries` holds the
//! SQL; `service` the use cases; `handlers` the import; `pages` its screen.

use serde::{Deserialize, Serialize};

pub mod pages;
pub mod rules;

#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod service;

/// One address of the BAN.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Address {
    /// The BAN's own key (`cle_interop`), stable from one edition of the file to the next.
    pub ban_id: String,
    /// House number.
    pub number: u32,
    /// Its suffix (bis, ter, a…), empty when none.
    pub suffix: String,
    /// Street name, as written by the BAN.
    pub street: String,
    /// Postcode.
    pub postcode: String,
    /// Town.
    pub city: String,
    /// Longitude (WGS 84).
    pub lon: f64,
    /// Latitude (WGS 84).
    pub lat: f64,
}

/// What a typed address gave.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Resolved {
    /// One place: its words (« 12 rue de la République ») and position (latitude, longitude).
    Found {
        /// The address as written.
        label: String,
        /// Latitude.
        lat: f64,
        /// Longitude.
        lon: f64,
    },
    /// Several streets match equally well: their names, for the resident to choose.
    Several(Vec<String>),
    /// Nothing matches.
    NotFound,
}

/// The feature's paths.
pub mod paths {
    /// The registry keepers import the town's addresses (get: the page, post: the file).
    pub const IMPORT: &str = "/adresses/importer";
}

/// The largest address file accepted (the BAN's file for Paris is about 30 MB).
pub const MAX_FILE_BYTES: usize = 40 * 1024 * 1024;
