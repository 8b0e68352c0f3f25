//! `clairvoie seed-demo`: a plausible French town to try Clairvoie with. Idempotent: running it again
//! changes nothing that is already there.

use crate::accounts::{service, Role};
use crate::db::now;
use crate::error::AppError;
use crate::state::AppState;

/// The demo town's name.
pub const TOWN_NAME: &str = "Saint-Clair-sur-Loire";

/// A demo account: address, name, password, extra roles.
pub struct DemoAccount {
    /// Address.
    pub email: &'static str,
    /// Public name.
    pub name: &'static str,
    /// Password (printed by the run command; demo only).
    pub password: &'static str,
    /// Roles beyond `resident`.
    pub roles: &'static [Role],
}

/// One account per role.
pub const ACCOUNTS: [DemoAccount; 5] = [
    DemoAccount {
        email: "admin@demo.clairvoie.fr",
        name: "Agnès Admin",
        password: "demo-admin-clairvoie",
        roles: &[Role::Admin],
    },
    DemoAccount {
        email: "moderation@demo.clairvoie.fr",
        name: "Malik Modération",
        password: "demo-moderation-clairvoie",
        roles: &[Role::Moderator],
    },
    DemoAccount {
        email: "elue@demo.clairvoie.fr",
        name: "Élise Élue",
        password: "demo-elue-clairvoie",
        roles: &[Role::Official],
    },
    DemoAccount {
        email: "capteurs@demo.clairvoie.fr",
        name: "Camille Capteurs",
        password: "demo-capteurs-clairvoie",
        roles: &[Role::SensorManager],
    },
    DemoAccount {
        email: "habitant@demo.clairvoie.fr",
        name: "Hugo Habitant",
        password: "demo-habitant-clairvoie",
        roles: &[],
    },
];

/// Districts: slug, name, and a closed ring of (longitude, latitude) around a fictional town on the Loire.
/// A closed ring of (longitude, latitude) points.
type Ring = [(f64, f64); 5];

const DISTRICTS: [(&str, &str, Ring); 5] = [
    (
        "centre-ville",
        "Centre-ville",
        [(0.680, 47.390), (0.700, 47.390), (0.700, 47.400), (0.680, 47.400), (0.680, 47.390)],
    ),
    (
        "les-tilleuls",
        "Les Tilleuls",
        [(0.660, 47.400), (0.680, 47.400), (0.680, 47.412), (0.660, 47.412), (0.660, 47.400)],
    ),
    ("la-gare", "La Gare", [(0.700, 47.390), (0.720, 47.390), (0.720, 47.402), (0.700, 47.402), (0.700, 47.390)]),
    (
        "bords-de-loire",
        "Bords de Loire",
        [(0.660, 47.380), (0.720, 47.380), (0.720, 47.390), (0.660, 47.390), (0.660, 47.380)],
    ),
    ("les-hauts", "Les Hauts", [(0.680, 47.400), (0.700, 47.400), (0.700, 47.414), (0.680, 47.414), (0.680, 47.400)]),
];

/// Seeds the demo town with `sensors` sensors (see [`crate::sensors::seed::DEMO_SENSORS`]); returns how many
/// sensors were added.
pub async fn seed(state: &AppState, sensors: usize) -> Result<usize, AppError> {
    crate::town::set_setting(&state.db, "town_name", TOWN_NAME).await?;
    let now = now();
    let mut first_district = None;
    for (slug, name, ring) in DISTRICTS {
        let coordinates: Vec<[f64; 2]> = ring.iter().map(|(lon, lat)| [*lon, *lat]).collect();
        let geometry = serde_json::json!({"type": "Polygon", "coordinates": [coordinates]}).to_string();
        let id = crate::town::upsert_district(&state.db, slug, name, &geometry, now).await?;
        first_district.get_or_insert(id);
    }
    for account in &ACCOUNTS {
        service::ensure_account(state, account.email, account.name, account.password, account.roles, first_district)
            .await?;
    }
    // A real participatory budget, counted: Toulouse 2022, district 17 (pabulib, 10 projects, 93 ballots).
    if crate::budgets::service::list(&state.db).await?.is_empty() {
        crate::budgets::service::import_pabulib(&state.db, DEMO_BUDGET).await.map_err(|e| match e {
            crate::budgets::service::ImportError::App(e) => e,
            crate::budgets::service::ImportError::File(why) => AppError::Internal(why),
        })?;
    }
    crate::sensors::seed::seed(state, sensors).await
}

/// The demo town's participatory budget: a real one, from the test data.
const DEMO_BUDGET: &str =
    include_str!("../../server/tests/pabulib/France_Toulouse_2022_17_-_Mirail-Universite_Reynerie_Bellefontaine.pb");
