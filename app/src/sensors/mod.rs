//! Sensors: the public registry of every sensor in public space — what it measures, why, who is responsible,
//! whether it touches personal data and how long its data is kept.
//!
//! `rules` is pure (validation, ISO 8601 retention durations, plain-language summary, change history);
//! `queries` holds the SQL; `service` the use cases; `handlers` the forms and the open-data API; `pages` the
//! screens.

pub mod duration;
pub mod form;
pub mod history;
pub mod notice;
pub mod pages;
pub mod rules;

#[cfg(feature = "ssr")]
pub mod api;
#[cfg(feature = "ssr")]
pub mod cache;
#[cfg(feature = "ssr")]
pub mod handlers;
#[cfg(feature = "ssr")]
pub mod opendata;
#[cfg(feature = "ssr")]
pub mod ports;
#[cfg(feature = "ssr")]
pub mod preview;
#[cfg(feature = "ssr")]
pub mod queries;
#[cfg(feature = "ssr")]
pub mod seed;
#[cfg(feature = "ssr")]
pub mod service;

use crate::code_enum;
use serde::{Deserialize, Serialize};

code_enum!(
    /// What kind of device it is.
    Technology, "technology" {
        LightingController = "lighting_controller",
        ParkingOccupancy = "parking_occupancy",
        WasteFillLevel = "waste_fill_level",
        BinLiftWeighing = "bin_lift_weighing",
        UtilityMeter = "utility_meter",
        TrafficCounter = "traffic_counter",
        BicycleCounter = "bicycle_counter",
        AirQuality = "air_quality",
        NoiseLevel = "noise_level",
        Weather = "weather",
        VideoCamera = "video_camera",
        FootfallCounter = "footfall_counter",
        Lidar = "lidar",
        Other = "other",
    }
);

code_enum!(
    /// The public-service domain it serves.
    Domain, "domain" {
        Mobility = "mobility",
        Parking = "parking",
        PublicLighting = "public_lighting",
        Energy = "energy",
        Water = "water",
        Waste = "waste",
        Environment = "environment",
        Safety = "safety",
        Other = "other",
    }
);

code_enum!(
    /// How it sends its data.
    Network, "network" {
        Lorawan = "lorawan",
        Sigfox = "sigfox",
        NbIot = "nb_iot",
        Cellular = "cellular",
        Wifi = "wifi",
        Fibre = "fibre",
        Other = "other",
    }
);

code_enum!(
    /// Why it is there (the purpose taxonomy; the record adds a plain-language text).
    Purpose, "purpose" {
        EnergySaving = "energy_saving",
        TrafficManagement = "traffic_management",
        ParkingGuidance = "parking_guidance",
        WasteCollection = "waste_collection",
        ResourceMonitoring = "resource_monitoring",
        AirQualityMonitoring = "air_quality_monitoring",
        NoiseMonitoring = "noise_monitoring",
        WeatherObservation = "weather_observation",
        PublicSafety = "public_safety",
        UrbanPlanning = "urban_planning",
        Maintenance = "maintenance",
        Other = "other",
    }
);

code_enum!(
    /// Whether it processes personal data, and how sensitive.
    PersonalData, "personal-data" {
        None = "none",
        Pseudonymised = "pseudonymised",
        Personal = "personal",
        Sensitive = "sensitive",
    }
);

code_enum!(
    /// The GDPR article 6 legal basis.
    LegalBasis, "legal-basis" {
        Consent = "consent",
        Contract = "contract",
        LegalObligation = "legal_obligation",
        VitalInterests = "vital_interests",
        PublicTask = "public_task",
        LegitimateInterests = "legitimate_interests",
    }
);

code_enum!(
    /// Who runs it.
    OperatorKind, "operator" {
        City = "city",
        DelegatedOperator = "delegated_operator",
        ThirdParty = "third_party",
    }
);

code_enum!(
    /// Where its data is hosted.
    Hosting, "hosting" {
        OnPremises = "on_premises",
        France = "france",
        EuropeanUnion = "eu",
        OutsideEu = "outside_eu",
    }
);

code_enum!(
    /// Where it stands in its life.
    Status, "status" {
        Planned = "planned",
        InConsultation = "in_consultation",
        Active = "active",
        Suspended = "suspended",
        Removed = "removed",
    }
);

code_enum!(
    /// The type of a datastream's values.
    ValueType, "value-type" {
        Number = "number",
        Boolean = "boolean",
        Text = "text",
    }
);

/// One series of measurements of a sensor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Datastream {
    /// Name, unique within the sensor (`occupied`, `no2` …): the ingestion identifier is `REF/name`.
    pub name: String,
    /// What is observed, in plain words ("place occupée", "dioxyde d'azote").
    pub observed_property: String,
    /// UCUM unit code (`ug/m3`, `dB`, `1`, `kW.h` …); empty for booleans and text.
    pub unit: String,
    /// Type of the values.
    pub value_type: ValueType,
    /// How long raw values are kept (ISO 8601 duration).
    pub raw_retention: String,
}

/// Where a sensor is: a point, or for a mobile sensor a zone (GeoJSON polygon).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Location {
    /// A fixed position (WGS 84).
    Point {
        /// Longitude.
        lon: f64,
        /// Latitude.
        lat: f64,
    },
    /// A mobile sensor's zone, as a GeoJSON Polygon geometry.
    Zone {
        /// The geometry, as GeoJSON text.
        geojson: String,
    },
}

/// The public record of a sensor: everything a resident is entitled to know.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sensor {
    /// Stable public reference, printed on the sign (`PK-0042`).
    pub reference: String,
    /// Name.
    pub name: String,
    /// Kind of device.
    pub technology: Technology,
    /// Domain.
    pub domain: Domain,
    /// Where it is.
    pub location: Location,
    /// District id and name.
    pub district: Option<(i64, String)>,
    /// Network.
    pub network: Network,
    /// Purpose category.
    pub purpose: Purpose,
    /// Purpose in plain language.
    pub purpose_text: String,
    /// Personal data level.
    pub personal_data: PersonalData,
    /// How data is anonymised at capture, if it is.
    pub anonymisation: Option<String>,
    /// GDPR legal basis (required when personal data is processed).
    pub legal_basis: Option<LegalBasis>,
    /// Controller organisation.
    pub controller: String,
    /// Controller contact (email, address or phone).
    pub controller_contact: String,
    /// Who operates it.
    pub operator_kind: OperatorKind,
    /// Operator's name (the delegated operator or third party).
    pub operator_name: Option<String>,
    /// Data protection officer contact.
    pub dpo_contact: Option<String>,
    /// Where data is hosted.
    pub hosting: Hosting,
    /// Hosting provider's name.
    pub hosting_provider: Option<String>,
    /// Who receives the data.
    pub recipients: String,
    /// Retention of raw data (ISO 8601).
    pub raw_retention: String,
    /// Retention of aggregates (ISO 8601), if aggregates are kept.
    pub aggregate_retention: Option<String>,
    /// Open-data link.
    pub open_data_url: Option<String>,
    /// Data protection impact assessment link.
    pub dpia_url: Option<String>,
    /// The adopted decision that authorises it (see [`rules::needs_approval`]).
    pub decision: Option<i64>,
    /// The legal obligation it answers, with its reference, when no decision of the town authorises it.
    pub legal_reference: Option<String>,
    /// Status.
    pub status: Status,
    /// Installation date (YYYY-MM-DD).
    pub installed_on: Option<String>,
    /// End of the authorisation (YYYY-MM-DD).
    pub active_until: Option<String>,
    /// Its datastreams.
    pub datastreams: Vec<Datastream>,
    /// Last change (Unix seconds).
    pub updated_at: i64,
}

/// One change in a sensor's public history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's name (as in the API).
    pub field: String,
    /// Value before (empty when it was created).
    pub old: String,
    /// Value after.
    pub new: String,
}

/// An entry of the public history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When (Unix seconds).
    pub at: i64,
    /// Who, as a role code (`admin`, `sensor_manager`, `import`).
    pub actor_role: String,
    /// Staff member's name; residents see roles only for other actors.
    pub actor_name: Option<String>,
    /// What changed.
    pub changes: Vec<FieldChange>,
}

/// Where a mobile sensor was, and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// Longitude.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
    /// From (Unix seconds).
    pub from: i64,
    /// Until (Unix seconds); `None` while it is there.
    pub to: Option<i64>,
}

/// A sensor page's data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SensorDetail {
    /// The record.
    pub sensor: Sensor,
    /// Its public history, newest first.
    pub history: Vec<HistoryEntry>,
    /// A mobile sensor's positions, newest first.
    pub positions: Vec<Position>,
    /// A fixed sensor's nearest address (« 12 rue de la République »), when the town imported its addresses
    /// and one is within [`NEAREST_ADDRESS_METRES`].
    pub near_address: Option<String>,
}

/// How far a sensor's nearest address may be to be named on its page.
pub const NEAREST_ADDRESS_METRES: f64 = 150.0;

/// The public fields, in order: CSV columns, GeoJSON properties, the open-data documentation.
pub const FIELDS: [&str; 32] = [
    "reference",
    "name",
    "technology",
    "domain",
    "longitude",
    "latitude",
    "zone",
    "district",
    "network",
    "purpose",
    "purpose_text",
    "personal_data",
    "anonymisation",
    "legal_basis",
    "controller",
    "controller_contact",
    "operator_kind",
    "operator_name",
    "dpo_contact",
    "hosting",
    "hosting_provider",
    "recipients",
    "raw_retention",
    "aggregate_retention",
    "open_data_url",
    "dpia_url",
    "decision",
    "legal_reference",
    "status",
    "installed_on",
    "active_until",
    "datastreams",
];

/// The page paths of the feature.
pub mod paths {
    use crate::route::Route;

    /// The public list (and map).
    pub const LIST: &str = "/capteurs";
    /// New sensor form.
    pub const NEW: &str = "/capteurs/nouveau";
    /// Bulk import form.
    pub const IMPORT: &str = "/capteurs/importer";
    /// Open data: what the API offers and how its fields are named.
    pub const OPEN_DATA: &str = "/donnees-ouvertes";
    /// A sensor's public page.
    pub const SENSOR: Route<1> = Route::new("/capteurs/{reference}");
    /// A sensor's edit form.
    pub const EDIT: Route<1> = Route::new("/capteurs/{reference}/modifier");
    /// Staff change a sensor's status (post).
    pub const STATUS: Route<1> = Route::new("/capteurs/{reference}/statut");
    /// Staff record a mobile sensor's position (post).
    pub const POSITIONS: Route<1> = Route::new("/capteurs/{reference}/positions");
    /// The printable notice for the street.
    pub const NOTICE: Route<1> = Route::new("/capteurs/{reference}/panneau");
    /// The notice as an SVG file.
    pub const NOTICE_SVG: Route<1> = Route::new("/capteurs/{reference}/panneau.svg");
    /// Open data: the registry as GeoJSON.
    pub const GEOJSON: &str = "/api/v1/sensors.geojson";
    /// Open data: the registry as CSV.
    pub const CSV: &str = "/api/v1/sensors.csv";
    /// The map's light GeoJSON (same filters as the list).
    pub const MAP_GEOJSON: &str = "/api/v1/map/sensors.geojson";
    /// The districts' outlines.
    pub const DISTRICTS_GEOJSON: &str = "/api/v1/districts.geojson";
    /// The town's streets (drawn under the sensors when no basemap is configured).
    pub const STREETS_GEOJSON: &str = "/api/v1/streets.geojson";
    /// The map drawn by the server (same filters as the list).
    pub const MAP_SVG: &str = "/api/v1/map/sensors.svg";
    /// The registry's API: create (post) — and the collection the records below hang under.
    pub const API: &str = "/api/v1/sensors";
    /// One sensor's record (get, put).
    pub const API_RECORD: Route<1> = Route::new("/api/v1/sensors/{reference}");

    /// A sensor's public page.
    pub fn sensor(reference: &str) -> String {
        SENSOR.to([&reference])
    }

    /// A sensor's edit form.
    pub fn edit(reference: &str) -> String {
        EDIT.to([&reference])
    }

    /// A sensor's page as a full address (QR codes, open data), for a town reached at `base_url`.
    pub fn sensor_url(base_url: &str, reference: &str) -> String {
        format!("{}{}", base_url.trim_end_matches('/'), sensor(reference))
    }
}

/// The filters of the list, the map and the open-data API (same query parameters everywhere).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Filter {
    /// Domain.
    pub domain: Option<Domain>,
    /// Technology.
    pub technology: Option<Technology>,
    /// Personal data level.
    pub personal_data: Option<PersonalData>,
    /// Status.
    pub status: Option<Status>,
    /// District id.
    pub district: Option<i64>,
    /// Words in the name or reference.
    pub q: Option<String>,
    /// Fixed sensors within a distance of a place (`lat`, `lon`, `rayon` in metres).
    pub near: Option<Near>,
}

/// Around a place: sensors within `metres` of (`lat`, `lon`).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Near {
    /// Latitude.
    pub lat: f64,
    /// Longitude.
    pub lon: f64,
    /// The distance, in metres ([`NEAR_CHOICES`] in the page; 1 to [`NEAR_MAX`] through the API).
    pub metres: u32,
}

/// The distances a resident chooses from, in metres.
pub const NEAR_CHOICES: [u32; 4] = [100, 200, 500, 1000];
/// The distance used when none is given.
pub const NEAR_DEFAULT: u32 = 200;
/// The largest distance accepted.
pub const NEAR_MAX: u32 = 5000;

/// How the list is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    /// By reference (default).
    #[default]
    Reference,
    /// By name.
    Name,
    /// Most recently changed first.
    Updated,
}

impl Sort {
    /// The query-parameter value.
    pub fn code(self) -> &'static str {
        match self {
            Sort::Reference => "reference",
            Sort::Name => "name",
            Sort::Updated => "updated",
        }
    }
}

/// One page of the list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Query {
    /// Filters.
    pub filter: Filter,
    /// Order.
    pub sort: Sort,
    /// Page number, from 1.
    pub page: u32,
    /// The address a resident typed (resolved into `filter.near` by the page).
    pub address: Option<String>,
    /// The distance chosen around it, in metres.
    pub radius: Option<u32>,
}

/// Rows per page of the list.
pub const PAGE_SIZE: u32 = 15;

impl Query {
    /// Reads query parameters (`domain`, `technology`, `personal_data`, `status`, `district`, `q`, `sort`,
    /// `page`); unknown or empty values are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Query {
        let mut q = Query { page: 1, ..Default::default() };
        let (mut lat, mut lon, mut metres) = (None, None, None);
        // A coordinate is a finite number in range; anything else is ignored, never an error page.
        let degrees = |v: &str, limit: f64| v.parse::<f64>().ok().filter(|x| x.is_finite() && x.abs() <= limit);
        for (key, value) in pairs {
            let value = value.trim();
            match key {
                "lat" => lat = degrees(value, 90.0),
                "lon" => lon = degrees(value, 180.0),
                "rayon" => metres = value.parse::<u32>().ok().filter(|m| (1..=NEAR_MAX).contains(m)),
                "adresse" => q.address = (!value.is_empty()).then(|| value.chars().take(200).collect()),
                "domain" => q.filter.domain = Domain::from_code(value),
                "technology" => q.filter.technology = Technology::from_code(value),
                "personal_data" => q.filter.personal_data = PersonalData::from_code(value),
                "status" => q.filter.status = Status::from_code(value),
                "district" => q.filter.district = value.parse().ok(),
                "q" => q.filter.q = (!value.is_empty()).then(|| value.chars().take(100).collect()),
                "sort" => {
                    q.sort = match value {
                        "name" => Sort::Name,
                        "updated" => Sort::Updated,
                        _ => Sort::Reference,
                    }
                }
                "page" => q.page = value.parse().ok().filter(|p| *p >= 1).unwrap_or(1),
                _ => {}
            }
        }
        if let (Some(lat), Some(lon)) = (lat, lon) {
            q.filter.near = Some(Near { lat, lon, metres: metres.unwrap_or(NEAR_DEFAULT) });
        }
        // Kept for the address search, which resolves the address later.
        q.radius = metres;
        q
    }

    /// Parses a URL query string (`a=b&c=d`, percent-encoded).
    pub fn from_query_string(query: &str) -> Query {
        let decoded: Vec<(String, String)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (crate::text::percent_decode(k), crate::text::percent_decode(v)))
            .collect();
        Query::from_pairs(decoded.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The filters as a query string (without sort and page), for links that keep them.
    pub fn filter_query(&self) -> String {
        let f = &self.filter;
        let mut parts: Vec<String> = vec![];
        let mut add = |k: &str, v: Option<String>| {
            if let Some(v) = v {
                parts.push(format!("{k}={}", crate::text::percent_encode(&v)));
            }
        };
        add("domain", f.domain.map(|v| v.code().to_string()));
        add("technology", f.technology.map(|v| v.code().to_string()));
        add("personal_data", f.personal_data.map(|v| v.code().to_string()));
        add("status", f.status.map(|v| v.code().to_string()));
        add("district", f.district.map(|v| v.to_string()));
        add("q", f.q.clone());
        if let Some(n) = f.near {
            add("lat", Some(format!("{:.6}", n.lat)));
            add("lon", Some(format!("{:.6}", n.lon)));
            add("rayon", Some(n.metres.to_string()));
        }
        parts.join("&")
    }

    /// The same query on another page.
    pub fn page_query(&self, page: u32) -> String {
        let filters = self.filter_query();
        let sep = if filters.is_empty() { "" } else { "&" };
        // The typed address is kept to be shown again (its place is already in the filters).
        let address = match &self.address {
            Some(a) => format!("&adresse={}", crate::text::percent_encode(a)),
            None => String::new(),
        };
        format!("{filters}{sep}sort={}&page={page}{address}", self.sort.code())
    }
}

/// A line of the list (and a point of the map).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SensorRow {
    /// Reference.
    pub reference: String,
    /// Name.
    pub name: String,
    /// Technology.
    pub technology: Technology,
    /// Domain.
    pub domain: Domain,
    /// Personal data level.
    pub personal_data: PersonalData,
    /// Status.
    pub status: Status,
    /// Raw retention (ISO 8601).
    pub raw_retention: String,
    /// District name.
    pub district: Option<String>,
    /// Metres from the place searched, when the list is around one.
    pub metres: Option<i64>,
}

/// A page of the list.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SensorPage {
    /// The rows.
    pub rows: Vec<SensorRow>,
    /// How many sensors match in all.
    pub total: i64,
}

#[cfg(test)]
mod query_tests {
    use super::*;

    #[test]
    fn reads_and_writes_query_strings() {
        let q = Query::from_query_string("domain=parking&personal_data=none&q=rue+de+la%20Gare&sort=name&page=3&x=1");
        assert_eq!(q.filter.domain, Some(Domain::Parking));
        assert_eq!(q.filter.personal_data, Some(PersonalData::None));
        assert_eq!(q.filter.q.as_deref(), Some("rue de la Gare"));
        assert_eq!((q.sort, q.page), (Sort::Name, 3));
        assert_eq!(q.filter_query(), "domain=parking&personal_data=none&q=rue%20de%20la%20Gare");
        assert_eq!(Query::from_query_string(&q.page_query(4)).page, 4);
        let junk = Query::from_query_string("domain=nope&page=-2&district=abc");
        assert_eq!(junk, Query { page: 1, ..Default::default() });
    }
}
