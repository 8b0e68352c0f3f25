//! The demo town's sensors: about 2,000 plausible devices across the domains, placed deterministically in the
//! districts, each with a coherent purpose, legal basis, operator and retention. Every record goes through the
//! same validation as a staff member's form.

use super::rules::{validate, DatastreamForm, SensorForm};
use super::*;
use crate::db::now;
use crate::error::AppError;
use crate::state::AppState;

/// (name, observed property, UCUM unit, value type, raw retention).
type Stream = (&'static str, &'static str, &'static str, &'static str, &'static str);

/// One kind of device of the demo town.
struct Kind {
    prefix: &'static str,
    count: usize,
    name: &'static str,
    technology: &'static str,
    domain: &'static str,
    network: &'static str,
    purpose: &'static str,
    purpose_text: &'static str,
    personal_data: &'static str,
    legal_basis: &'static str,
    anonymisation: &'static str,
    operator: (&'static str, &'static str),
    hosting: (&'static str, &'static str),
    recipients: &'static str,
    retention: (&'static str, &'static str),
    dpia: bool,
    mobile: bool,
    /// District slugs it is found in (all when empty).
    districts: &'static [&'static str],
    streams: &'static [Stream],
}

const CONTROLLER: &str = "Ville de Saint-Clair-sur-Loire";
const CONTROLLER_CONTACT: &str =
    "Mairie, 1 place de la République, 37140 Saint-Clair-sur-Loire — donnees@saint-clair-sur-loire.example";
const DPO: &str = "Délégué à la protection des données, mairie — dpo@saint-clair-sur-loire.example";
const CITY: (&str, &str) = ("city", "");
const TOWN_HALL: (&str, &str) = ("on_premises", "");
const CENTRE: &[&str] = &["centre-ville", "la-gare"];

/// The legal obligation a kind of sensor answers, when one does (the approval gate: see
/// [`super::rules::needs_approval`]). The Wi-Fi footfall counters have none: they go live only with the decision
/// that follows their consultation (`crate::demo::seed_participation`).
fn legal_reference(prefix: &str) -> &'static str {
    match prefix {
        "VI" => "Code de la sécurité intérieure, art. L251-2 et L252-1 ; arrêté préfectoral d'autorisation n° 2024-117",
        "PB" => "Code de l'environnement, art. L541-1 (tarification incitative du service public des déchets)",
        _ => "",
    }
}

const KINDS: [Kind; 13] = [
    Kind {
        prefix: "LC",
        count: 1227,
        name: "Contrôleur d'éclairage",
        technology: "lighting_controller",
        domain: "public_lighting",
        network: "lorawan",
        purpose: "energy_saving",
        purpose_text: "Baisser l'intensité de l'éclairage public au cœur de la nuit et signaler les lampes en panne, pour économiser l'énergie.",
        personal_data: "none",
        legal_basis: "",
        anonymisation: "",
        operator: ("delegated_operator", "Lumière & Cité (délégation de service public de l'éclairage)"),
        hosting: ("france", "Lumière & Cité, centre de données à Tours"),
        recipients: "Service de l'éclairage public ; délégataire",
        retention: ("P90D", "P5Y"),
        dpia: false,
        mobile: false,
        districts: &[],
        streams: &[
            ("dimming", "niveau de gradation", "%", "number", "P90D"),
            ("power", "puissance consommée", "W", "number", "P90D"),
            ("failure", "lampe en panne", "", "boolean", "P1Y"),
        ],
    },
    Kind {
        prefix: "PK",
        count: 300,
        name: "Capteur de place de stationnement",
        technology: "parking_occupancy",
        domain: "parking",
        network: "lorawan",
        purpose: "parking_guidance",
        purpose_text: "Compter les places libres pour guider les conducteurs et mesurer l'occupation du stationnement. Le capteur détecte la présence d'un véhicule, sans l'identifier.",
        personal_data: "none",
        legal_basis: "",
        anonymisation: "",
        operator: CITY,
        hosting: TOWN_HALL,
        recipients: "Service mobilité ; données ouvertes",
        retention: ("P30D", "P1Y"),
        dpia: false,
        mobile: false,
        districts: CENTRE,
        streams: &[("occupied", "place occupée", "", "boolean", "P30D")],
    },
    Kind {
        prefix: "DV",
        count: 250,
        name: "Sonde de remplissage de colonne",
        technology: "waste_fill_level",
        domain: "waste",
        network: "sigfox",
        purpose: "waste_collection",
        purpose_text: "Vider les colonnes à verre et à papier quand elles sont pleines, et pas avant, pour réduire les tournées de collecte.",
        personal_data: "none",
        legal_basis: "",
        anonymisation: "",
        operator: ("delegated_operator", "Collecte Val de Loire (marché de collecte des déchets)"),
        hosting: ("france", "Collecte Val de Loire, hébergement à Orléans"),
        recipients: "Service propreté ; prestataire de collecte",
        retention: ("P1Y", "P5Y"),
        dpia: false,
        mobile: false,
        districts: &[],
        streams: &[
            ("fill_level", "taux de remplissage", "%", "number", "P1Y"),
            ("temperature", "température dans la colonne (alerte incendie)", "Cel", "number", "P90D"),
        ],
    },
    Kind {
        prefix: "PB",
        count: 60,
        name: "Pesée embarquée de benne",
        technology: "bin_lift_weighing",
        domain: "waste",
        network: "cellular",
        purpose: "waste_collection",
        purpose_text: "Peser les bacs levés par les bennes pour suivre les tonnages collectés par tournée. Le poids est rattaché à la puce du bac, pas au nom des habitants.",
        personal_data: "pseudonymised",
        legal_basis: "public_task",
        anonymisation: "Les bacs sont identifiés par un numéro de puce ; le lien avec l'adresse n'est consulté qu'en cas de réclamation.",
        operator: ("delegated_operator", "Collecte Val de Loire (marché de collecte des déchets)"),
        hosting: ("eu", "Collecte Val de Loire, hébergement en Belgique"),
        recipients: "Service propreté ; prestataire de collecte",
        retention: ("P1Y", "P5Y"),
        dpia: false,
        mobile: true,
        districts: &[],
        streams: &[
            ("weight", "poids du bac levé", "kg", "number", "P1Y"),
            ("bin_tag", "numéro de puce du bac", "", "text", "P1Y"),
        ],
    },
    Kind {
        prefix: "CP",
        count: 80,
        name: "Compteur communicant",
        technology: "utility_meter",
        domain: "energy",
        network: "nb_iot",
        purpose: "resource_monitoring",
        purpose_text: "Suivre la consommation d'eau et d'énergie des bâtiments municipaux pour détecter les fuites et les gaspillages.",
        personal_data: "none",
        legal_basis: "",
        anonymisation: "",
        operator: CITY,
        hosting: TOWN_HALL,
        recipients: "Service des bâtiments",
        retention: ("P2Y", "P10Y"),
        dpia: false,
        mobile: false,
        districts: &[],
        streams: &[("index", "index du compteur", "kW.h", "number", "P2Y")],
    },
    Kind {
        prefix: "TR",
        count: 25,
        name: "Compteur de trafic",
        technology: "traffic_counter",
        domain: "mobility",
        network: "cellular",
        purpose: "traffic_management",
        purpose_text: "Compter les véhicules par heure et par type pour régler les feux et préparer les aménagements de voirie. Le radar ne lit pas les plaques.",
        personal_data: "none",
        legal_basis: "",
        anonymisation: "",
        operator: CITY,
        hosting: ("france", "Prestataire de comptage, hébergement à Nantes"),
        recipients: "Service voirie ; données ouvertes",
        retention: ("P1Y", "P10Y"),
        dpia: false,
        mobile: false,
        districts: &[],
        streams: &[
            ("vehicles", "véhicules par heure", "/h", "number", "P1Y"),
            ("heavy_vehicles", "poids lourds par heure", "/h", "number", "P1Y"),
        ],
    },
    Kind {
        prefix: "VE",
        count: 15,
        name: "Compteur vélo",
        technology: "bicycle_counter",
        domain: "mobility",
        network: "lorawan",
        purpose: "urban_planning",
        purpose_text: "Compter les passages de vélos pour mesurer l'usage des pistes cyclables et décider des prochaines.",
        personal_data: "none",
        legal_basis: "",
        anonymisation: "",
        operator: CITY,
        hosting: ("france", "Prestataire de comptage, hébergement à Nantes"),
        recipients: "Service mobilité ; données ouvertes",
        retention: ("P1Y", "P10Y"),
        dpia: false,
        mobile: false,
        districts: &[],
        streams: &[("bicycles", "passages de vélos", "/h", "number", "P1Y")],
    },
    Kind {
        prefix: "AQ",
        count: 12,
        name: "Station de qualité de l'air",
        technology: "air_quality",
        domain: "environment",
        network: "cellular",
        purpose: "air_quality_monitoring",
        purpose_text: "Mesurer les particules fines et le dioxyde d'azote, et prévenir les habitants lors des pics de pollution.",
        personal_data: "none",
        legal_basis: "",
        anonymisation: "",
        operator: ("third_party", "Association agréée de surveillance de la qualité de l'air"),
        hosting: ("france", "Association agréée, hébergement à Orléans"),
        recipients: "Association agréée ; service environnement ; données ouvertes",
        retention: ("P5Y", "P20Y"),
        dpia: false,
        mobile: false,
        districts: &[],
        streams: &[
            ("pm10", "particules PM10", "ug/m3", "number", "P5Y"),
            ("pm2_5", "particules PM2,5", "ug/m3", "number", "P5Y"),
            ("no2", "dioxyde d'azote", "ug/m3", "number", "P5Y"),
        ],
    },
    Kind {
        prefix: "BR",
        count: 10,
        name: "Sonomètre",
        technology: "noise_level",
        domain: "environment",
        network: "lorawan",
        purpose: "noise_monitoring",
        purpose_text: "Mesurer le niveau sonore moyen pour objectiver les nuisances nocturnes. Le capteur calcule des décibels et n'enregistre aucun son.",
        personal_data: "none",
        legal_basis: "",
        anonymisation: "Seuls des niveaux sonores moyens sont calculés dans le capteur ; aucun son n'est enregistré ni transmis.",
        operator: CITY,
        hosting: TOWN_HALL,
        recipients: "Service environnement ; police municipale",
        retention: ("P1Y", "P5Y"),
        dpia: false,
        mobile: false,
        districts: CENTRE,
        streams: &[("laeq", "niveau sonore équivalent sur 15 minutes", "dB", "number", "P1Y")],
    },
    Kind {
        prefix: "MT",
        count: 3,
        name: "Station météo",
        technology: "weather",
        domain: "environment",
        network: "wifi",
        purpose: "weather_observation",
        purpose_text: "Mesurer la température, l'humidité et la pluie pour l'arrosage des espaces verts et le salage des routes.",
        personal_data: "none",
        legal_basis: "",
        anonymisation: "",
        operator: CITY,
        hosting: TOWN_HALL,
        recipients: "Service des espaces verts ; données ouvertes",
        retention: ("P10Y", "P30Y"),
        dpia: false,
        mobile: false,
        districts: &[],
        streams: &[
            ("temperature", "température de l'air", "Cel", "number", "P10Y"),
            ("humidity", "humidité relative", "%", "number", "P10Y"),
            ("rain", "pluie", "mm", "number", "P10Y"),
        ],
    },
    Kind {
        prefix: "VI",
        count: 8,
        name: "Caméra de vidéoprotection",
        technology: "video_camera",
        domain: "safety",
        network: "fibre",
        purpose: "public_safety",
        purpose_text: "Protéger les bâtiments publics et prévenir les atteintes aux personnes et aux biens à leurs abords, sous autorisation préfectorale.",
        personal_data: "personal",
        legal_basis: "public_task",
        anonymisation: "",
        operator: CITY,
        hosting: TOWN_HALL,
        recipients: "Police municipale ; officiers de police judiciaire sur réquisition",
        retention: ("P30D", ""),
        dpia: true,
        mobile: false,
        districts: CENTRE,
        streams: &[("video", "images vidéo", "", "text", "P30D")],
    },
    Kind {
        prefix: "WB",
        count: 6,
        name: "Compteur de fréquentation Wi-Fi",
        technology: "footfall_counter",
        domain: "mobility",
        network: "wifi",
        purpose: "urban_planning",
        purpose_text: "Mesurer la fréquentation des rues commerçantes pour adapter le nettoyage, les animations et les horaires de livraison.",
        personal_data: "pseudonymised",
        legal_basis: "public_task",
        anonymisation: "Les adresses Wi-Fi et Bluetooth des téléphones sont hachées avec une clé changée chaque jour, dans le capteur, puis comptées par quart d'heure ; aucune adresse n'est transmise.",
        operator: ("third_party", "Centre-ville en mouvement (association des commerçants)"),
        hosting: ("eu", "Prestataire d'analyse, hébergement en Irlande"),
        recipients: "Service commerce ; association des commerçants (comptages seulement)",
        retention: ("P1D", "P2Y"),
        dpia: true,
        mobile: false,
        districts: CENTRE,
        streams: &[("visitors", "passants par quart d'heure", "/h", "number", "P1D")],
    },
    Kind {
        prefix: "LI",
        count: 4,
        name: "LiDAR de carrefour",
        technology: "lidar",
        domain: "mobility",
        network: "fibre",
        purpose: "traffic_management",
        purpose_text: "Compter piétons, vélos et véhicules au carrefour pour sécuriser les traversées. Le LiDAR ne produit que des nuages de points, sans image.",
        personal_data: "none",
        legal_basis: "",
        anonymisation: "Le capteur ne produit que des silhouettes en nuage de points, sans image ni identifiant, et ne transmet que des comptages.",
        operator: CITY,
        hosting: TOWN_HALL,
        recipients: "Service voirie ; données ouvertes",
        retention: ("P7D", "P2Y"),
        dpia: false,
        mobile: false,
        districts: &["centre-ville"],
        streams: &[
            ("pedestrians", "piétons par quart d'heure", "/h", "number", "P7D"),
            ("cyclists", "cyclistes par quart d'heure", "/h", "number", "P7D"),
            ("vehicles", "véhicules par quart d'heure", "/h", "number", "P7D"),
        ],
    },
];

/// How many sensors the demo town has by default.
pub const DEMO_SENSORS: usize = 2000;

/// A small deterministic generator (SplitMix64): the same demo town every time.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A district of the demo: id, slug, name and bounding box (min lon, min lat, max lon, max lat).
pub struct DemoDistrict {
    /// Id.
    pub id: i64,
    /// Slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Bounding box.
    pub bbox: (f64, f64, f64, f64),
}

/// The demo's sensor records (`total` of them, in the demo's proportions), as forms.
pub fn demo_forms(total: usize, districts: &[DemoDistrict]) -> Vec<SensorForm> {
    let mut dice = Dice(0xC1A1_4701);
    let mut forms = Vec::with_capacity(total);
    for kind in &KINDS {
        let count = ((kind.count * total) as f64 / DEMO_SENSORS as f64).round().max(1.0) as usize;
        let choices: Vec<&DemoDistrict> = districts
            .iter()
            .filter(|d| kind.districts.is_empty() || kind.districts.contains(&d.slug.as_str()))
            .collect();
        for n in 1..=count {
            let Some(district) = choices.get(dice.below(choices.len() as u64) as usize) else {
                continue;
            };
            let (w, s, e, north) = district.bbox;
            // Keep clear of the edges so a point falls inside its district.
            let lon = w + (e - w) * (0.05 + 0.9 * dice.unit());
            let lat = s + (north - s) * (0.05 + 0.9 * dice.unit());
            let zone = if kind.mobile {
                serde_json::json!({"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, north], [w, north], [w, s]]]})
                    .to_string()
            } else {
                String::new()
            };
            // Mostly in service; a few suspended, retired, planned or under consultation.
            let roll = dice.below(1000);
            // The footfall counters wait for the decision on their consultation (see `legal_reference`).
            let status = if kind.prefix == "WB" {
                "in_consultation"
            } else if roll < 20 {
                "suspended"
            } else if roll < 30 {
                "removed"
            } else if roll < 55 {
                "planned"
            } else {
                "active"
            };
            let year = 2018 + dice.below(9);
            let installed_on = if status == "planned" {
                String::new()
            } else {
                format!("{year}-{:02}-{:02}", 1 + dice.below(12), 1 + dice.below(28))
            };
            let mut technology_domain = (kind.domain, kind.streams.to_vec());
            // Half the meters are water meters.
            if kind.prefix == "CP" && n % 2 == 0 {
                technology_domain = ("water", vec![("index", "index du compteur d'eau", "m3", "number", "P2Y")]);
            }
            let reference = format!("{}-{:04}", kind.prefix, n);
            forms.push(SensorForm {
                reference: reference.clone(),
                name: format!("{} {} — {}", kind.name, reference, district.name),
                technology: kind.technology.into(),
                domain: technology_domain.0.into(),
                longitude: if kind.mobile { String::new() } else { format!("{lon:.6}") },
                latitude: if kind.mobile { String::new() } else { format!("{lat:.6}") },
                zone,
                district_id: district.id.to_string(),
                network: kind.network.into(),
                purpose: kind.purpose.into(),
                purpose_text: kind.purpose_text.into(),
                personal_data: kind.personal_data.into(),
                anonymisation: kind.anonymisation.into(),
                legal_basis: kind.legal_basis.into(),
                controller: CONTROLLER.into(),
                controller_contact: CONTROLLER_CONTACT.into(),
                operator_kind: kind.operator.0.into(),
                operator_name: kind.operator.1.into(),
                dpo_contact: if kind.personal_data == "none" { String::new() } else { DPO.into() },
                hosting: kind.hosting.0.into(),
                hosting_provider: kind.hosting.1.into(),
                recipients: kind.recipients.into(),
                raw_retention: kind.retention.0.into(),
                aggregate_retention: kind.retention.1.into(),
                open_data_url: if kind.personal_data == "none" {
                    format!("https://data.saint-clair-sur-loire.example/capteurs/{reference}")
                } else {
                    String::new()
                },
                dpia_url: if kind.dpia {
                    format!("https://saint-clair-sur-loire.example/aipd/{}.pdf", kind.technology)
                } else {
                    String::new()
                },
                decision: String::new(),
                legal_reference: legal_reference(kind.prefix).into(),
                status: status.into(),
                installed_on,
                active_until: if kind.personal_data == "none" { String::new() } else { format!("{}-12-31", year + 5) },
                datastreams: technology_domain
                    .1
                    .iter()
                    .map(|(name, property, unit, value_type, retention)| DatastreamForm {
                        name: (*name).into(),
                        observed_property: (*property).into(),
                        unit: (*unit).into(),
                        value_type: (*value_type).into(),
                        raw_retention: (*retention).into(),
                    })
                    .collect(),
            });
        }
    }
    forms
}

/// The bounding box of a GeoJSON polygon's outer ring.
fn bbox(geometry: &str) -> Option<(f64, f64, f64, f64)> {
    let points = super::rules::outer_ring(geometry)?;
    let first = points.first()?;
    Some(points.iter().fold((first.0, first.1, first.0, first.1), |(w, s, e, n), (x, y)| {
        (w.min(*x), s.min(*y), e.max(*x), n.max(*y))
    }))
}

/// Adds the demo's sensors that are not there yet (references already present are left as they are); returns
/// how many were added.
pub async fn seed(state: &AppState, total: usize) -> Result<usize, AppError> {
    let districts: Vec<DemoDistrict> = queries::district_outlines(&state.db)
        .await?
        .into_iter()
        .filter_map(|(id, slug, name, geometry)| Some(DemoDistrict { id, slug, name, bbox: bbox(&geometry)? }))
        .collect();
    let choices: Vec<(i64, String)> = districts.iter().map(|d| (d.id, d.name.clone())).collect();
    let now = now();
    let mut added = 0;
    let mut tx = state.db.pool.begin().await?;
    for form in demo_forms(total, &districts) {
        let sensor = validate(&form, &choices)
            .map_err(|e| AppError::Internal(format!("demo sensor {}: {e:?}", form.reference)))?;
        let Some(id) = queries::insert(&mut tx, &sensor, now).await? else {
            continue;
        };
        queries::set_datastreams(&mut tx, id, &sensor.datastreams, &super::ports::of(state)).await?;
        let entry = HistoryEntry {
            at: now,
            actor_role: "import".into(),
            actor_name: None,
            changes: super::rules::diff(None, &sensor),
        };
        queries::insert_history(&mut tx, id, &entry).await?;
        // A mobile sensor is somewhere in its zone today.
        if let Some((w, s, e, n)) = bbox(&form.zone) {
            let here = Position { lon: (w + e) / 2.0, lat: (s + n) / 2.0, from: now - 3600, to: None };
            queries::insert_position(&mut tx, id, &here).await?;
        }
        added += 1;
    }
    if added > 0 {
        queries::bump_version(&mut tx).await?;
    }
    tx.commit().await?;
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn districts() -> Vec<DemoDistrict> {
        ["centre-ville", "les-tilleuls", "la-gare", "bords-de-loire", "les-hauts"]
            .iter()
            .enumerate()
            .map(|(i, slug)| DemoDistrict {
                id: i as i64 + 1,
                slug: slug.to_string(),
                name: slug.to_string(),
                bbox: (0.66 + 0.01 * i as f64, 47.38, 0.67 + 0.01 * i as f64, 47.39),
            })
            .collect()
    }

    #[test]
    fn the_demo_town_is_valid_and_deterministic() {
        let d = districts();
        let choices: Vec<(i64, String)> = d.iter().map(|d| (d.id, d.name.clone())).collect();
        let forms = demo_forms(DEMO_SENSORS, &d);
        assert_eq!(forms.len(), DEMO_SENSORS);
        for form in &forms {
            if let Err(e) = validate(form, &choices) {
                panic!("{}: {e:?}", form.reference);
            }
        }
        assert_eq!(forms, demo_forms(DEMO_SENSORS, &d), "same town every time");
        let personal = forms.iter().filter(|f| f.personal_data != "none").count();
        assert_eq!(personal, 60 + 8 + 6);
        assert!(forms.iter().filter(|f| f.technology == "lighting_controller").count() > 1200);
        assert_eq!(demo_forms(10_000, &d).len(), 10_000);
    }
}
