//! `clairvoie seed-demo`: a plausible French town to try Clairvoie with. Idempotent: running it again
//! changes nothing that is already there.

use crate::access::Role;
use crate::accounts::service;
use crate::db::now;
use crate::error::AppError;
use crate::state::AppState;

pub mod streets;

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
pub const ACCOUNTS: [DemoAccount; 6] = [
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
        email: "accueil@demo.clairvoie.fr",
        name: "Anouk Accueil",
        password: "demo-accueil-clairvoie",
        roles: &[Role::Agent],
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
    crate::web::wire(state);
    crate::town::set_setting(&state.db, "town_name", TOWN_NAME).await?;
    let now = now();
    let mut first_district = None;
    for (slug, name, ring) in DISTRICTS {
        let coordinates: Vec<[f64; 2]> = ring.iter().map(|(lon, lat)| [*lon, *lat]).collect();
        let geometry = serde_json::json!({"type": "Polygon", "coordinates": [coordinates]}).to_string();
        let id = crate::town::upsert_district(&state.db, slug, name, &geometry, now).await?;
        first_district.get_or_insert(id);
    }
    // Its streets, drawn under the sensors (the demo has no basemap and makes no outside request).
    for (name, line) in streets::streets() {
        crate::town::upsert_street(&state.db, &name, &streets::geometry(&line)).await?;
    }
    // Its addresses, as a file of the national address base, loaded like a town's own (search by address, the
    // nearest address on a sensor's page) — with the demo's sensors, which they serve (the test harness seeds
    // the town without either, in a fraction of the time).
    if sensors > 0 && crate::addresses::service::count(state).await? == 0 {
        crate::addresses::service::load(state, &streets::ban_csv(INSEE, POSTCODE, TOWN_NAME)).await?;
    }
    for account in &ACCOUNTS {
        service::ensure_account(state, account.email, account.name, account.password, account.roles, first_district)
            .await?;
    }
    // A real participatory budget, counted: Toulouse 2022, district 17 (pabulib, 10 projects, 93 ballots).
    if crate::budgets::service::list(&state.db).await?.is_empty() {
        crate::budgets::service::import_pabulib_titled(&state.db, DEMO_BUDGET, Some(DEMO_BUDGET_TITLE)).await.map_err(
            |e| match e {
                crate::budgets::service::ImportError::App(e) => e,
                crate::budgets::service::ImportError::File(why) => AppError::Internal(why),
            },
        )?;
    }
    crate::sensors::seed::seed(state, sensors).await
}

/// The demo town's participation, on top of [`seed`] (`clairvoie seed-demo` runs both; the integration tests
/// start from [`seed`] alone, with no consultation and an empty audit log): two consultations, once (when the
/// town has none) — one decided, with the council's decision published, and one open for residents to vote
/// and comment on — made through the same use cases as staff's, so they are in the audit log too.
pub async fn seed_participation(state: &AppState) -> Result<(), AppError> {
    let admin = ACCOUNTS.iter().find(|a| a.roles.contains(&Role::Admin)).map(|a| a.email).unwrap_or_default();
    let Some(admin_id) = crate::accounts::queries::find_by_email(&state.db, admin).await?.map(|u| u.id) else {
        return Err(AppError::Internal("the demo's admin account is missing: run seed first".into()));
    };
    use crate::consultations::rules::ConsultationForm;
    if !crate::consultations::queries::list(&state.db, None, None, None, true).await?.is_empty() {
        return Ok(());
    }
    let admin = service::current_user(state, admin_id).await?;
    let admin = admin.as_ref();
    let decided = ConsultationForm {
        title: "Compteurs de fréquentation Wi-Fi en centre-ville".into(),
        question: "Faut-il compter les passants des rues commerçantes avec des capteurs Wi-Fi ?".into(),
        body: "L'association des commerçants propose de mesurer la fréquentation des rues du centre pour adapter \
               le nettoyage, les animations et les horaires de livraison.\n\nLes téléphones ne sont jamais \
               identifiés : leurs adresses sont hachées dans le capteur avec une clé changée chaque jour."
            .into(),
        domain: "mobility".into(),
        use_purpose: "Mesurer la fréquentation des rues commerçantes".into(),
        use_benefits: "Nettoyage, animations et livraisons adaptés aux heures d'affluence".into(),
        use_data: "Nombre de passants par quart d'heure ; adresses Wi-Fi hachées dans le capteur, jamais transmises"
            .into(),
        use_retention: "P1D".into(),
        planned_sensors: "Six compteurs rue Nationale et place du Marché".into(),
        sensors: "WB-0001".into(),
        opens_on: "2026-01-05".into(),
        closes_on: "2026-02-15".into(),
        documents: "Analyse d'impact | https://saint-clair-sur-loire.example/aipd/footfall_counter.pdf".into(),
        ..ConsultationForm::default()
    };
    let slug = crate::consultations::service::create(state, admin, &decided, &[]).await?;
    for to in ["open", "closed"] {
        crate::consultations::service::move_to(state, admin, &slug, to).await?;
    }
    let decision = crate::governance::rules::DecisionForm {
        outcome: "adopted_with_changes".into(),
        reasoning: "Le conseil autorise quatre compteurs rue Nationale pour deux ans ; les deux prévus place du \
                    Marché attendront le bilan de la première année."
            .into(),
        participation: "Les habitants ont approuvé le comptage mais demandé qu'il ne couvre pas la place du Marché, \
                        lieu de rassemblement : elle est retirée. Leur demande d'un bilan public annuel est retenue."
            .into(),
        body: "Conseil municipal".into(),
        decided_on: "2026-03-12".into(),
        reference: "délibération n° 2026-031".into(),
        act_url: "https://saint-clair-sur-loire.example/actes/2026-031.pdf".into(),
    };
    let decision = crate::governance::service::record(
        state,
        admin,
        crate::governance::SubjectKind::Consultation,
        &slug,
        &decision,
    )
    .await?;
    // The council authorised four counters for two years: they go live on its decision, as staff would set them
    // (a small demo town has fewer).
    for n in 1..=4 {
        let reference = format!("WB-{n:04}");
        let sensor = match crate::sensors::service::get(state, &reference).await {
            Ok(sensor) => sensor,
            Err(AppError::NotFound) => continue,
            Err(e) => return Err(e),
        };
        let mut form = crate::sensors::rules::to_form(&sensor);
        form.status = "active".into();
        form.decision = decision.to_string();
        form.installed_on = "2026-04-01".into();
        form.active_until = "2028-03-31".into();
        crate::sensors::service::update(state, admin, &reference, &form).await?;
    }
    follow_up(state, admin, decision).await?;
    let open = ConsultationForm {
        title: "Capteurs de bruit place du Marché".into(),
        question: "Faut-il installer des sonomètres place du Marché les soirs de fin de semaine ?".into(),
        body: "Des riverains signalent des **nuisances nocturnes**. Deux sonomètres mesureraient le niveau sonore, \
               sans rien enregistrer, pour objectiver la situation avant toute décision."
            .into(),
        domain: "environment".into(),
        use_purpose: "Objectiver les nuisances sonores nocturnes".into(),
        use_benefits: "Des mesures partagées par tous avant de décider d'horaires ou d'aménagements".into(),
        use_data: "Niveaux sonores en décibels, par minute ; aucun enregistrement audio".into(),
        use_retention: "P1Y".into(),
        planned_sensors: "Deux sonomètres".into(),
        opens_on: "2026-11-02".into(),
        closes_on: "2027-01-31".into(),
        // Binding enough for the council to want residents only: the demo resident is verified below.
        voters: "residents".into(),
        ..ConsultationForm::default()
    };
    let slug = crate::consultations::service::create(state, admin, &open, &[]).await?;
    crate::consultations::service::move_to(state, admin, &slug, "open").await?;
    open_budget(state, admin).await?;
    register(state).await
}

/// The demo's budget open to votes, kept to verified residents (the Toulouse budget beside it is counted
/// already): made, reviewed and opened through staff's use cases.
async fn open_budget(state: &AppState, admin: Option<&crate::ctx::CurrentUser>) -> Result<(), AppError> {
    use crate::budgets::voting;
    let form = crate::budgets::form::BudgetForm {
        title: "Budget participatif 2027 des quartiers".into(),
        body: "60 000 € pour des projets proposés par les habitants. Le vote est réservé aux habitants dont la \
               résidence est vérifiée."
            .into(),
        amount: "60 000".into(),
        ballot_kind: "approval".into(),
        rule: "greedy".into(),
        voters: "residents".into(),
        ..Default::default()
    };
    let slug = voting::create(state, admin, &form).await?;
    let budget = crate::budgets::queries::find(&state.db, &slug).await?.ok_or(AppError::NotFound)?;
    let envelope = crate::budgets::queries::envelopes(&state.db, budget.id).await?;
    let envelope = envelope.first().ok_or_else(|| AppError::Internal("the demo budget has no envelope".into()))?.id;
    let mut projects = vec![];
    for (title, body, cost) in [
        ("Bancs et ombrières au square des Tilleuls", "De l'ombre et des bancs pour les après-midi d'été.", "18 000"),
        ("Composteurs partagés près de la gare", "Trois composteurs tenus par des habitants volontaires.", "9 500"),
        ("Piste cyclable rue de la Loire", "Une voie protégée entre le centre et la gare.", "35 000"),
        ("Boîtes à livres dans chaque quartier", "Une boîte à livres par quartier, fabriquée au lycée.", "4 000"),
    ] {
        let project = voting::ProjectForm {
            title: title.into(),
            body: body.into(),
            cost: cost.into(),
            envelope: envelope.to_string(),
            ..Default::default()
        };
        projects.push(voting::submit(state, admin, &slug, &project, &[]).await?);
    }
    voting::move_to(state, admin, &slug, crate::budgets::Phase::Review).await?;
    for project in projects {
        voting::review(state, admin, project, crate::budgets::ProjectStatus::Feasible, "", "", None).await?;
    }
    voting::move_to(state, admin, &slug, crate::budgets::Phase::Voting).await
}

/// The demo town's postcode (fictional).
pub const POSTCODE: &str = "37990";
/// The demo town's (fictional) INSEE code, as its address file names it.
pub const INSEE: &str = "37999";

/// People of the demo register whom the guides and the end-to-end tests name: (family name, given names, birth
/// date, district). The first is the demo resident's (verified by the seed, as they would verify online); the
/// others have no account yet.
pub const REGISTERED: [(&str, &str, &str, &str); 3] = [
    ("Habitant", "Hugo", "15/06/1985", "centre-ville"),
    ("Lefèvre", "Camille Anne", "03/09/1992", "les-tilleuls"),
    ("Roux", "Théo", "21/01/1988", "la-gare"),
];

/// How many fictitious people the demo register holds besides [`REGISTERED`].
pub const REGISTER_SIZE: usize = 300;

/// The demo register's file, as a town would export it: [`REGISTERED`], then fictitious residents made from
/// common French names with a fixed generator (the same file on every run).
pub fn register_file() -> String {
    const FAMILY: [&str; 24] = [
        "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon",
        "Michel", "Lefebvre", "Leroy", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Perrin",
        "Morin", "Mercier",
    ];
    const GIVEN: [&str; 20] = [
        "Louise",
        "Gabriel",
        "Jade",
        "Léo",
        "Emma",
        "Raphaël",
        "Alice",
        "Arthur",
        "Chloé",
        "Jules",
        "Lina",
        "Adam",
        "Rose",
        "Maël",
        "Anna",
        "Louis",
        "Inès",
        "Noah",
        "Léna",
        "Hugo-Martin",
    ];
    let mut out = String::from("nom;prenoms;date_naissance;code_postal;quartier\n");
    for (family, given, birth, district) in REGISTERED {
        out.push_str(&format!("{family};{given};{birth};{POSTCODE};{district}\n"));
    }
    // A linear congruential generator: reproducible without a dependency, and random enough for a demo.
    let mut seed: u64 = 2026;
    let mut next = |n: u64| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) % n
    };
    let mut seen = std::collections::HashSet::new();
    while seen.len() < REGISTER_SIZE {
        let family = FAMILY[next(FAMILY.len() as u64) as usize];
        let given = GIVEN[next(GIVEN.len() as u64) as usize];
        let (year, month, day) = (1930 + next(78), 1 + next(12), 1 + next(28));
        let district = DISTRICTS[next(DISTRICTS.len() as u64) as usize].0;
        if seen.insert((family, given, year, month, day)) {
            out.push_str(&format!("{family};{given};{day:02}/{month:02}/{year};{POSTCODE};{district}\n"));
        }
    }
    out
}

/// The demo register, imported as an admin would (`clairvoie register import`), and the demo resident verified
/// by it through the online form's use case.
async fn register(state: &AppState) -> Result<(), AppError> {
    crate::eligibility::service::import_register_cli(state, &register_file()).await.map_err(|e| match e {
        crate::eligibility::service::ImportError::App(e) => e,
        crate::eligibility::service::ImportError::Lines(lines) => {
            AppError::Internal(format!("the demo register has wrong lines: {lines:?}"))
        }
    })?;
    let resident = ACCOUNTS.iter().find(|a| a.roles.is_empty()).map(|a| a.email).unwrap_or_default();
    let Some(id) = crate::accounts::queries::find_by_email(&state.db, resident).await?.map(|u| u.id) else {
        return Err(AppError::Internal("the demo's resident account is missing: run seed first".into()));
    };
    let user = service::current_user(state, id).await?;
    let (family, given, birth, _) = REGISTERED[0];
    let form = crate::eligibility::service::MatchForm {
        family_name: family.into(),
        given_names: given.into(),
        birth_date: birth.into(),
        postcode: POSTCODE.into(),
    };
    crate::eligibility::service::verify_by_register(state, user.as_ref(), &form).await
}

/// The demo's project follow-up, through staff's use cases: the footfall counters the council adopted (milestones,
/// updates, the act, the four counters it installed) and the demo budget's winners, one of them under way.
async fn follow_up(state: &AppState, admin: Option<&crate::ctx::CurrentUser>, decision: i64) -> Result<(), AppError> {
    use crate::governance::projects::rules::{NewProjectForm, UpdateForm};
    use crate::governance::projects::service as projects;
    let form = NewProjectForm {
        title: "Compteurs de fréquentation rue Nationale".into(),
        summary: "Quatre compteurs Wi-Fi rue Nationale pour deux ans, avec un bilan public chaque année.".into(),
        voted: "24 000".into(),
    };
    let id = projects::start(state, admin, "decision", decision, &form).await?;
    let update = |day: &str, status: &str, progress: &str, spent: &str, note: &str| UpdateForm {
        happened_on: day.into(),
        status: status.into(),
        progress: progress.into(),
        spent: spent.into(),
        note: note.into(),
        ..UpdateForm::default()
    };
    projects::add_milestone(state, admin, id, "Pose des quatre compteurs", "2026-04-01").await?;
    projects::add_milestone(state, admin, id, "Premier bilan public", "2027-03-31").await?;
    let notes = [
        update(
            "2026-03-20",
            "in_study",
            "10",
            "0",
            "Fournisseur choisi ; les emplacements sont validés avec les commerçants.",
        ),
        update(
            "2026-04-01",
            "in_progress",
            "60",
            "18 400",
            "Quatre compteurs posés rue Nationale, en service le jour même.",
        ),
    ];
    for note in &notes {
        projects::update(state, admin, id, note).await?;
    }
    let first = crate::governance::projects::queries::milestones(&state.db, id).await?;
    if let Some((milestone, ..)) = first.first() {
        projects::reach_milestone(state, admin, id, &milestone.to_string(), "2026-04-01").await?;
    }
    let act = "https://saint-clair-sur-loire.example/actes/2026-031.pdf";
    projects::add_link(state, admin, id, "document", "Délibération n° 2026-031", act).await?;
    for n in 1..=4 {
        match projects::deliver_sensor(state, admin, id, &format!("WB-{n:04}")).await {
            Ok(()) | Err(AppError::Invalid(_)) => {} // a smaller demo town has fewer counters
            Err(e) => return Err(e),
        }
    }
    let budget = crate::budgets::queries::lifecycle::list(&state.db).await?;
    if let Some((slug, ..)) = budget.into_iter().find(|b| b.2 == crate::budgets::Phase::Results) {
        let parent = projects::follow_budget(state, admin, &slug).await?;
        let view = projects::get(state, parent).await?;
        if let Some(first) = view.and_then(|v| v.children.into_iter().next()) {
            let start = update(
                "2026-10-05",
                "in_progress",
                "40",
                "62 000",
                "Travaux de la cour commencés pendant les vacances d'automne.",
            );
            projects::update(state, admin, first.id, &start).await?;
        }
    }
    Ok(())
}

/// The demo town's participatory budget: a real one, from the test data.
const DEMO_BUDGET: &str =
    include_str!("../../../server/tests/pabulib/France_Toulouse_2022_17_-_Mirail-Universite_Reynerie_Bellefontaine.pb");
/// Its title in the town's language (the file's description is pabulib's, in English).
const DEMO_BUDGET_TITLE: &str = "Budget participatif de Toulouse 2022 — Mirail-Université, Reynerie, Bellefontaine";
