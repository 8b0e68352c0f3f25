//! The sensor registry end to end through the real router, on SQLite and on PostgreSQL: staff forms and
//! history, public list and filters, open data (GeoJSON, CSV, JSON), imports, the on-site notice.

use crate::common;

use axum::http::StatusCode;
use common::sensors::{noise_sensor, with};
use common::TestApp;
use std::io::Read;

const ADMIN: (&str, &str) = ("admin@demo.clairvoie.fr", "demo-admin-clairvoie");
const RESIDENT: (&str, &str) = ("habitant@demo.clairvoie.fr", "demo-habitant-clairvoie");

async fn count(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sensors").fetch_one(&app.state.db.pool).await.unwrap();
    n
}

/// create → page with summary → bad edit refused (nothing changed) → edit → history → status → resident refused.
async fn staff_create_edit_and_history(mut app: TestApp) {
    let before = count(&app).await;
    // Signed out, the form sends to sign-in; a resident is refused.
    let page = app.get("/capteurs/nouveau").await;
    assert_eq!(page.status, StatusCode::FOUND);
    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    assert_eq!(app.get("/capteurs/nouveau").await.status, StatusCode::FORBIDDEN);
    let page = app.post_and_follow("/capteurs/nouveau", &noise_sensor()).await;
    assert!(page.text().contains("Accès refusé") || page.text().contains("pas le droit"), "{}", page.text());
    assert_eq!(count(&app).await, before);
    app.post_and_follow("/compte/deconnexion", &[]).await;

    app.sign_in(ADMIN.0, ADMIN.1).await;
    let page = app.get("/capteurs/nouveau").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("name=\"ds_0_name\""), "{}", page.body);

    // Invalid: personal data without legal basis nor DPO, a camera said to process none, bad retention.
    let bad = with(
        &noise_sensor(),
        &[
            ("technology", "video_camera"),
            ("raw_retention_count", "99999999999"),
            ("raw_retention_unit", "D"),
            ("ds_0_raw_retention", ""),
        ],
    );
    let page = app.post_and_follow("/capteurs/nouveau", &bad).await;
    let text = page.text();
    assert!(text.contains("Une caméra ou un compteur de passages traite toujours des données personnelles"), "{text}");
    assert!(text.contains("Indiquez une durée : un nombre entier"), "{text}");
    assert!(page.body.contains("href=\"#champ-ds_0_raw_retention\""), "the error names the datastream field");
    assert!(
        page.body.contains("href=\"#champ-raw_retention\""),
        "a number out of range names its field: {}",
        page.body
    );
    assert!(page.body.contains("value=\"99999999999\""), "the number is shown again as typed");
    assert!(page.body.contains("value=\"Sonomètre place du Marché\""), "values are kept");
    assert_eq!(count(&app).await, before, "nothing stored");

    // Valid: created, shown with its plain-language summary.
    let answer = app.post("/capteurs/nouveau", &noise_sensor()).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(answer.location.as_deref(), Some("/capteurs/BR-9001"));
    let page = app.get("/capteurs/BR-9001").await;
    let text = page.text();
    assert!(text.contains("Le capteur est ajouté au registre"), "{text}");
    assert!(text.contains("Aucune donnée personnelle n'est collectée"), "{text}");
    assert!(text.contains("Les mesures brutes sont conservées 30 jours, les agrégats 1 an"), "{text}");
    assert!(text.contains("fiche créée"), "{text}");
    assert_eq!(count(&app).await, before + 1);

    // The same reference again is refused with a field error.
    let page = app.post_and_follow("/capteurs/nouveau", &noise_sensor()).await;
    assert!(page.text().contains("Un autre capteur porte déjà cette référence"), "{}", page.text());

    // A refused edit changes nothing.
    let page = app
        .post_and_follow("/capteurs/BR-9001/modifier", &with(&noise_sensor(), &[("personal_data", "personal")]))
        .await;
    assert!(page.text().contains("doit indiquer sa base légale"), "{}", page.text());
    assert!(app.get("/capteurs/BR-9001").await.text().contains("Aucune donnée personnelle"));

    // An edit: retention shortened, a datastream added; the reference cannot change.
    let edit = with(
        &noise_sensor(),
        &[
            ("reference", "XX-1"),
            // The form's way: a number and a unit.
            ("raw_retention_count", "7"),
            ("raw_retention_unit", "D"),
            ("ds_1_name", "lmax"),
            ("ds_1_observed_property", "niveau maximal"),
            ("ds_1_unit", "dB"),
            ("ds_1_raw_retention", "P7D"),
        ],
    );
    let page = app.post_and_follow("/capteurs/BR-9001/modifier", &edit).await;
    let text = page.text();
    assert!(text.contains("Les modifications sont enregistrées"), "{text}");
    assert!(text.contains("7 jours"), "{text}");
    assert!(text.contains("BR-9001/lmax"), "{text}");
    assert!(text.contains("2 champs modifiés"), "{text}");
    assert!(text.contains("30 jours 7 jours"), "old → new shown, in words: {text}");
    assert!(text.contains("Administration (Agnès Admin)"), "who, as a role, and the name for staff: {text}");
    assert!(app.get("/capteurs/XX-1").await.status == StatusCode::NOT_FOUND);
    let form = app.get("/capteurs/BR-9001/modifier").await.body;
    // Seven days read back as one week.
    assert!(form.contains(r#"name="raw_retention_count" type="text" inputmode="numeric" value="1""#), "{form}");
    assert!(form.contains(r#"<option value="W" selected"#), "{form}");

    // Once a datastream holds measurements, its value type can no longer change (they are stored by type).
    let secret = app::ingest::service::issue_token_cli(&app.state, "BR-9001").await.unwrap();
    let at = app::format::rfc3339(app::db::now() * 1000 - 60_000);
    let reading = format!("[{{\"datastream\": \"BR-9001/laeq\", \"time\": \"{at}\", \"value\": 54.5}}]");
    assert_eq!(app.post_json("/api/v1/observations", Some(&secret), &reading).await.status, StatusCode::OK);
    let retyped = with(&edit, &[("ds_0_value_type", "boolean"), ("ds_0_unit", "")]);
    let page = app.post_and_follow("/capteurs/BR-9001/modifier", &retyped).await;
    assert!(page.text().contains("contient déjà des mesures"), "{}", page.text());
    assert!(page.body.contains("href=\"#champ-ds_0_value_type\""), "the error names the field");
    assert!(app.get("/capteurs/BR-9001").await.text().contains("2 champs modifiés"), "nothing more was changed");

    // Status: suspend; the list shows it.
    let page = app.post_and_follow("/capteurs/BR-9001/statut", &[("status", "suspended")]).await;
    assert!(page.text().contains("Le statut est changé"), "{}", page.text());
    assert!(page.text().contains("Il est suspendu"), "{}", page.text());

    // A resident reads the history with roles only, never the staff member's name.
    app.post_and_follow("/compte/deconnexion", &[]).await;
    let text = app.get("/capteurs/BR-9001").await.text();
    assert!(!text.contains("Agnès Admin"), "{text}");
    assert!(text.contains("— Administration — 1 champ modifié"), "{text}");
    // Codes read as words: the status change is "Suspendu", never the stored code.
    assert!(text.contains("Statut En service Suspendu") || text.contains("Statut Prévu Suspendu"), "{text}");
    assert!(!text.contains("suspended") && !text.contains("P30D"), "{text}");
}
on_both_engines!(staff_forms, staff_create_edit_and_history);

/// The list works without JavaScript: filters, sorting and pages are links and a GET form.
async fn public_list_filters_and_pages(mut app: TestApp) {
    let page = app.get("/capteurs").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(text.contains("13 capteurs correspondent"), "{text}");
    assert!(page.body.contains("href=\"/capteurs/AQ-0001\""), "{}", page.body);
    assert!(page.body.contains("id=\"carte\""));
    let text = app.get("/capteurs?domain=environment").await.text();
    assert!(text.contains("3 capteurs correspondent"), "{text}");
    assert!(text.contains("AQ-0001") && text.contains("BR-0001") && text.contains("MT-0001"), "{text}");
    assert!(!text.contains("LC-0001"), "{text}");
    let text = app.get("/capteurs?personal_data=personal&technology=video_camera").await.text();
    assert!(text.contains("1 capteur correspond"), "{text}");
    let text = app.get("/capteurs?q=sonom").await.text();
    assert!(text.contains("1 capteur correspond") && text.contains("BR-0001"), "{text}");
    let text = app.get("/capteurs?q=100%25_").await.text();
    assert!(text.contains("Aucun capteur ne correspond"), "LIKE wildcards are literal: {text}");

    // Pages of 15 (a phone's page stays light), ordered by reference.
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let mut csv = String::from("reference,name,technology,domain,longitude,latitude,district,network,purpose,purpose_text,personal_data,controller,controller_contact,operator_kind,hosting,recipients,raw_retention,status,installed_on,datastreams\n");
    for i in 0..60 {
        csv.push_str(&format!(
            "ZZ-{i:03},Place {i},parking_occupancy,parking,0.69,47.395,Centre-ville,lorawan,parking_guidance,Indiquer les places libres.,none,Ville,mairie@ville.example,city,on_premises,Service mobilité,P30D,active,2026-01-0{},occupied|place occupée||boolean|P30D\n",
            1 + i % 9
        ));
    }
    let page = app.post_file("/capteurs/importer", "file", "places.csv", &csv).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = app.get("/capteurs?domain=parking&sort=reference").await;
    let text = page.text();
    assert!(text.contains("61 capteurs correspondent"), "{text}");
    assert!(text.contains("Page 1 sur 5"), "{text}");
    assert!(page.body.contains("href=\"/capteurs?domain=parking&amp;sort=reference&amp;page=2\""), "{}", page.body);
    let text = app.get("/capteurs?domain=parking&sort=reference&page=5").await.text();
    assert!(text.contains("ZZ-059") && !text.contains("ZZ-010"), "{text}");
    let text = app.get("/capteurs?domain=parking&sort=name&page=1").await.text();
    assert!(text.contains("Page 1 sur 5"), "{text}");
}
on_both_engines!(public_list, public_list_filters_and_pages);

fn gunzip(bytes: &[u8]) -> String {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes).read_to_string(&mut out).unwrap();
    out
}

/// GeoJSON: every feature has a geometry and the transparency fields; CSV round trip changes nothing;
/// a record as JSON; filters apply; answers are gzip-compressed and cached until the registry changes.
async fn open_data(mut app: TestApp) {
    let page = app.get("/api/v1/sensors.geojson").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.content_type, "application/geo+json");
    let value: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(value["type"], "FeatureCollection");
    assert!(value["licence"].as_str().unwrap().contains("Licence Ouverte"));
    let features = value["features"].as_array().unwrap();
    assert_eq!(features.len(), 13);
    for f in features {
        let kind = f["geometry"]["type"].as_str().unwrap();
        assert!(kind == "Point" || kind == "Polygon", "{f}");
        let p = &f["properties"];
        for key in [
            "reference",
            "name",
            "technology",
            "domain",
            "purpose",
            "purpose_text",
            "personal_data",
            "controller",
            "controller_contact",
            "operator_kind",
            "hosting",
            "recipients",
            "raw_retention",
            "status",
        ] {
            assert!(p[key].is_string(), "{key} in {p}");
        }
        for d in p["datastreams"].as_array().unwrap() {
            assert!(d["name"].is_string() && d["value_type"].is_string() && d["raw_retention"].is_string(), "{d}");
        }
    }
    let camera = features.iter().find(|f| f["properties"]["technology"] == "video_camera").unwrap();
    assert_eq!(camera["properties"]["legal_basis"], "public_task");
    assert!(camera["properties"]["dpo_contact"].is_string());

    // Filters, the same as the list's.
    let value: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/sensors.geojson?personal_data=none&domain=mobility").await.body)
            .unwrap();
    let refs: Vec<&str> = value["features"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap()).collect();
    assert_eq!(refs, ["LI-0001", "TR-0001", "VE-0001"]);

    // Compressed when asked, with a validator; unchanged registry → 304.
    let (page, bytes) = app.get_with("/api/v1/map/sensors.geojson", &[("accept-encoding", "gzip, br")]).await;
    assert_eq!(page.headers["content-encoding"], "gzip");
    let map: serde_json::Value = serde_json::from_str(&gunzip(&bytes)).unwrap();
    assert_eq!(map["features"].as_array().unwrap().len(), 13);
    let etag = page.headers["etag"].to_str().unwrap().to_string();
    let (again, _) = app.get_with("/api/v1/map/sensors.geojson", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);

    // One record.
    let page = app.get("/api/v1/sensors/pk-0001").await;
    assert_eq!(page.status, StatusCode::OK);
    let record: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(record["reference"], "PK-0001");
    let status = record["status"].as_str().unwrap();
    assert!(["planned", "in_consultation", "active", "suspended", "removed"].contains(&status), "{status}");
    assert_eq!(record["datastreams"][0]["name"], "occupied");
    assert_eq!(record["datastreams"][0]["value_type"], "boolean");
    assert_eq!(record["datastreams"][0]["raw_retention"], "P30D");
    assert_eq!(app.get("/api/v1/sensors/NOPE-1").await.status, StatusCode::NOT_FOUND);

    // CSV round trip: the export imported back changes nothing.
    let csv = app.get("/api/v1/sensors.csv").await;
    assert!(csv.content_type.starts_with("text/csv"));
    assert_eq!(csv.body.lines().count(), 14, "header + 13 rows");
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let page = app.post_file("/capteurs/importer", "file", "registre.csv", &csv.body).await;
    assert_eq!(page.location.as_deref(), Some("/capteurs/importer"));
    let text = app.get("/capteurs/importer").await.text();
    assert!(text.contains("0 capteur créé, 0 modifié, 13 inchangés"), "{text}");
    // The same for the GeoJSON export.
    let geojson = app.get("/api/v1/sensors.geojson").await.body;
    app.post_file("/capteurs/importer", "file", "registre.geojson", &geojson).await;
    let text = app.get("/capteurs/importer").await.text();
    assert!(text.contains("0 capteur créé, 0 modifié, 13 inchangés"), "{text}");

    // A change is visible at once in the cached answers.
    app.post_and_follow("/capteurs/PK-0001/statut", &[("status", "removed")]).await;
    let (page, bytes) =
        app.get_with("/api/v1/map/sensors.geojson?status=removed", &[("accept-encoding", "gzip")]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(gunzip(&bytes).contains("PK-0001"));
    let (page, _) = app.get_with("/api/v1/map/sensors.geojson", &[("if-none-match", &etag)]).await;
    assert_eq!(page.status, StatusCode::OK, "the old validator no longer matches");
}
on_both_engines!(open_data_api, open_data);

/// Import: a file with bad rows imports nothing and lists each problem with its line; a good one imports
/// everything, creating and updating, each change in the history.
async fn imports(mut app: TestApp) {
    let before = count(&app).await;
    let csv = app.get("/api/v1/sensors.csv").await.body.replace("PK-0001", "PK-7777");
    // Signed out or a resident: refused, nothing stored.
    assert_eq!(app.post_file("/capteurs/importer", "file", "x.csv", &csv).await.status, StatusCode::SEE_OTHER);
    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    assert_eq!(app.post_file("/capteurs/importer", "file", "x.csv", &csv).await.status, StatusCode::SEE_OTHER);
    assert_eq!(app.get("/capteurs/importer").await.status, StatusCode::FORBIDDEN);
    assert_eq!(count(&app).await, before);
    app.post_and_follow("/compte/deconnexion", &[]).await;

    app.sign_in(ADMIN.0, ADMIN.1).await;
    let header = "reference,name,technology,domain,longitude,latitude,district,network,purpose,purpose_text,personal_data,legal_basis,dpo_contact,controller,controller_contact,operator_kind,hosting,recipients,raw_retention,status,installed_on,datastreams\n";
    let good = "NB-001,Sonomètre rue Haute,noise_level,environment,0.69,47.405,Les Hauts,lorawan,noise_monitoring,Mesurer le bruit rue Haute.,none,,,Ville,mairie@ville.example,city,on_premises,Service environnement,P1Y,active,2026-02-01,laeq|niveau sonore||number|P1Y\n";
    let bad = "NB-002,Caméra,video_camera,safety,0.69,47.405,Quartier inconnu,lorawan,public_safety,Surveiller le parvis.,none,,,Ville,mairie@ville.example,city,on_premises,Police municipale,P30D,active,2026-02-01,video|images||text|\n";
    let dup = "NB-001,Doublon,noise_level,environment,0.69,47.405,,lorawan,noise_monitoring,Mesurer le bruit rue Haute.,none,,,Ville,mairie@ville.example,city,on_premises,Service environnement,P1Y,active,2026-02-01,laeq|niveau sonore|dB|number|P1Y\n";
    let page = app.post_file("/capteurs/importer", "file", "capteurs.csv", &format!("{header}{good}{bad}{dup}")).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = app.get("/capteurs/importer").await;
    let text = page.text();
    assert!(text.contains("rien n'a été importé"), "{text}");
    // Line 2: a number without unit. Line 3: unknown district, camera without personal data, no retention.
    assert!(text.contains("2 NB-001 Flux 1 — Unité (UCUM) Indiquez l'unité UCUM"), "{text}");
    assert!(text.contains("3 NB-002 Quartier"), "{text}");
    assert!(text.contains("3 NB-002 Données personnelles Une caméra"), "{text}");
    assert!(text.contains("3 NB-002 Flux 1 — Conservation des valeurs brutes"), "{text}");
    assert!(text.contains("4 NB-001 Référence Cette référence apparaît déjà plus haut"), "{text}");
    assert_eq!(count(&app).await, before, "nothing half-imported");

    // Fixed file: one new sensor and one update of a demo sensor, via GeoJSON.
    let geojson = serde_json::json!({
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [0.69, 47.405]}, "properties": {
                "reference": "NB-001", "name": "Sonomètre rue Haute", "technology": "noise_level", "domain": "environment",
                "district": "Les Hauts", "network": "lorawan", "purpose": "noise_monitoring", "purpose_text": "Mesurer le bruit rue Haute.",
                "personal_data": "none", "controller": "Ville", "controller_contact": "mairie@ville.example", "operator_kind": "city",
                "hosting": "on_premises", "recipients": "Service environnement", "raw_retention": "P1Y", "status": "active",
                "installed_on": "2026-02-01",
                "datastreams": [{"name": "laeq", "observed_property": "niveau sonore", "unit": "dB", "value_type": "number", "raw_retention": "P1Y"}]
            }},
        ]
    });
    let mut existing: serde_json::Value =
        serde_json::from_str(&app.get("/api/v1/sensors.geojson?technology=weather").await.body).unwrap();
    let mut weather = existing["features"][0].take();
    weather["properties"]["raw_retention"] = "P5Y".into();
    let mut all = geojson;
    all["features"].as_array_mut().unwrap().push(weather);
    app.post_file("/capteurs/importer", "file", "capteurs.geojson", &all.to_string()).await;
    let text = app.get("/capteurs/importer").await.text();
    assert!(text.contains("1 capteur créé, 1 modifié, 0 inchangé"), "{text}");
    assert_eq!(count(&app).await, before + 1);
    let text = app.get("/capteurs/MT-0001").await.text();
    assert!(text.contains("Import de fichier"), "{text}");
    assert!(text.contains("10 ans 5 ans"), "durations in words: {text}");

    // Not a registry file at all.
    app.post_file("/capteurs/importer", "file", "notes.csv", "bonjour,le monde\n1,2\n").await;
    let text = app.get("/capteurs/importer").await.text();
    assert!(text.contains("ni un CSV avec une colonne « reference »"), "{text}");
}
on_both_engines!(import_files, imports);

/// The on-site notice: printable page with a QR code, SVG download; a mobile sensor's positions.
async fn notice_and_positions(mut app: TestApp) {
    let page = app.get("/capteurs/VI-0001/panneau").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let text = page.text();
    // Headed by the kind of sensor, the reference beside the name.
    assert!(page.body.contains("<h1>Caméra vidéo</h1>"), "{}", page.body);
    assert!(text.contains("VI-0001"), "{text}");
    assert!(text.contains("délégué à la protection des données"), "{text}");
    assert!(text.contains("CNIL"), "{text}");
    assert!(text.contains("http://localhost/capteurs/VI-0001"), "{text}");
    assert!(page.body.contains("<path d=\"M"), "a QR code is drawn");
    let svg = app.get("/capteurs/VI-0001/panneau.svg").await;
    assert_eq!(svg.status, StatusCode::OK);
    assert_eq!(svg.content_type, "image/svg+xml");
    assert!(svg.body.starts_with("<svg") && svg.body.contains("VI-0001"));
    assert_eq!(app.get("/capteurs/NOPE-1/panneau.svg").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/capteurs/NOPE-1").await.status, StatusCode::NOT_FOUND);

    // A bin lorry is mobile: a zone, and positions recorded by staff.
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let page = app
        .post_and_follow(
            "/capteurs/PB-0001/positions",
            &[("latitude", "47.391"), ("longitude", "0.701"), ("valid_from", "2026-11-20T08:00"), ("valid_to", "")],
        )
        .await;
    let text = page.text();
    assert!(text.contains("La position est enregistrée"), "{text}");
    assert!(text.contains("47.39100, 0.70100"), "{text}");
    let page = app
        .post_and_follow(
            "/capteurs/PK-0001/positions",
            &[("latitude", "47.391"), ("longitude", "0.701"), ("valid_from", "2026-11-20")],
        )
        .await;
    assert!(page.text().contains("Seul un capteur mobile"), "{}", page.text());
}
on_both_engines!(notice, notice_and_positions);

/// The demo town: about 2,000 sensors, and seeding again adds none.
async fn demo_town(mut app: TestApp) {
    let added = app::demo::seed(&app.state, app::sensors::seed::DEMO_SENSORS).await.unwrap();
    assert_eq!(added, app::sensors::seed::DEMO_SENSORS - 13, "the 13 already there are kept");
    assert_eq!(app::demo::seed(&app.state, app::sensors::seed::DEMO_SENSORS).await.unwrap(), 0);
    assert_eq!(count(&app).await, 2000);
    let (personal,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sensors WHERE personal_data <> 'none'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(personal, 74);

    // Its streets, named, drawn under the sensors in the server's map and given to the interactive one.
    let streets: serde_json::Value = serde_json::from_str(&app.get("/api/v1/streets.geojson").await.body).unwrap();
    let names: Vec<&str> =
        streets["features"].as_array().unwrap().iter().map(|f| f["properties"]["name"].as_str().unwrap()).collect();
    assert_eq!(names.len(), app::demo::streets::streets().len());
    assert!(names.contains(&"Rue de la République") && names.contains(&"Place du Marché"), "{names:?}");
    assert!(streets["features"].as_array().unwrap().iter().all(|f| f["geometry"]["type"] == "LineString"));
    let svg = app.get("/api/v1/map/sensors.svg").await;
    assert!(svg.body.contains(">Rue de la République</textPath>"), "a street's name on the map");
    assert!(svg.body.len() < 200_000, "2,000 sensors in {} bytes", svg.body.len());
}
on_both_engines!(demo, demo_town);

/// The map the server draws: the page shows it (a map without JavaScript, and a first visit without MapLibre),
/// with the same filters as the list; each personal-data level has its own shape; cached until a change.
async fn map_image(mut app: TestApp) {
    let page = app.get("/capteurs?personal_data=personal").await;
    assert!(page.body.contains(r#"<img src="/api/v1/map/sensors.svg?personal_data=personal""#), "{}", page.body);
    assert!(page.body.contains(r#"alt="Plan de la ville avec 1 capteur, décrit dans la liste ci-dessous.""#));
    // The interactive map is offered by the script only; the library is not on the page.
    assert!(page.body.contains(r#"<button type="button" hidden class="button map-start">"#));
    let map_css = app::ui::paths::asset(app::ui::paths::MAP_STYLE);
    assert!(page.body.contains(&format!(r#"data-css="{map_css}""#)), "{}", page.body);
    assert!(!page.body.contains(&format!(r#"href="{map_css}""#)), "MapLibre's style sheet waits for the map");
    assert!(page.body.contains(r##"href="#liste-titre""##), "the link that skips the map");

    let svg = app.get("/api/v1/map/sensors.svg").await;
    assert_eq!(svg.status, StatusCode::OK);
    assert_eq!(svg.content_type, "image/svg+xml");
    let shapes = |body: &str| {
        ["#1d4e89", "#b34000", "#ce0500", "#6e0000"]
            .map(|c| body.contains(&format!(r##"fill="{c}" stroke="#ffffff""##)))
    };
    let all = shapes(&svg.body);
    assert!(all[0] && all[2], "sensors without and with personal data: {all:?}");
    let only = app.get("/api/v1/map/sensors.svg?personal_data=personal").await;
    assert_eq!(shapes(&only.body), [false, false, true, false]);
    assert!(only.body.matches(" 11 0a5.5").count() == 0 && only.body.matches("l6.5 11h-13z").count() == 1);

    let (first, _) = app.get_with("/api/v1/map/sensors.svg", &[]).await;
    let etag = first.headers["etag"].to_str().unwrap().to_string();
    let (again, _) = app.get_with("/api/v1/map/sensors.svg", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    app.sign_in(ADMIN.0, ADMIN.1).await;
    app.post_and_follow("/capteurs/VI-0001/statut", &[("status", "removed")]).await;
    let (changed, _) = app.get_with("/api/v1/map/sensors.svg", &[("if-none-match", &etag)]).await;
    assert_eq!(changed.status, StatusCode::OK, "a change redraws the map");
}
on_both_engines!(map_svg, map_image);

/// A configured basemap: the map is told its style and the Content-Security-Policy lets it reach that origin
/// (and only it); with none, the policy allows no outside origin at all.
#[tokio::test]
async fn basemap_style_is_configurable() {
    let mut app = TestApp::with_config(common::Engine::Sqlite, |c| {
        c.map_style_url = Some("https://tuiles.saint-clair.example/styles/plan.json".into());
    })
    .await;
    let page = app.get("/capteurs").await;
    assert!(page.body.contains(r#"data-style="https://tuiles.saint-clair.example/styles/plan.json""#));
    let csp = page.headers["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("connect-src 'self' https://tuiles.saint-clair.example;"), "{csp}");
    assert!(csp.contains("img-src 'self' data: blob: https://tuiles.saint-clair.example;"), "{csp}");

    let mut app = TestApp::new(common::Engine::Sqlite).await;
    let page = app.get("/capteurs").await;
    assert!(!page.body.contains("data-style="), "no basemap by default");
    let csp = page.headers["content-security-policy"].to_str().unwrap().to_string();
    assert!(csp.contains("connect-src 'self';") && !csp.contains("https://"), "{csp}");
}

/// The `sensor_manager` role keeps the registry without being an administrator; the grant goes through the
/// administration page and the migration that added the role kept existing roles.
async fn sensor_managers(mut app: TestApp) {
    let (hugo,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = 'habitant@demo.clairvoie.fr'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let hugo = hugo.to_string();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let page = app.get("/admin/utilisateurs").await;
    assert!(page.text().contains("Gestion des capteurs"), "{}", page.text());
    app.post_and_follow(
        "/admin/utilisateurs/roles",
        &[("user_id", &hugo), ("role", "sensor_manager"), ("action", "grant")],
    )
    .await;
    app.post_and_follow("/compte/deconnexion", &[]).await;

    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    assert_eq!(app.get("/capteurs/nouveau").await.status, StatusCode::OK);
    assert_eq!(app.get("/admin/utilisateurs").await.status, StatusCode::FORBIDDEN, "not an administrator");
    let page = app.post_and_follow("/capteurs/nouveau", &noise_sensor()).await;
    let text = page.text();
    assert!(text.contains("Le capteur est ajouté au registre"), "{text}");
    assert!(text.contains("Gestion des capteurs (Hugo Habitant) — fiche créée"), "{text}");
    // The demo has its own sensor manager, and the admin kept their role through the migration.
    let page = app.post_and_follow("/compte/deconnexion", &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    app.sign_in("capteurs@demo.clairvoie.fr", "demo-capteurs-clairvoie").await;
    assert_eq!(app.get("/capteurs/importer").await.status, StatusCode::OK);
    let roles = app::accounts::queries::roles_of(&app.state.db, 1).await.unwrap();
    assert!(roles.contains(&app::access::Role::Admin), "{roles:?}");
}
on_both_engines!(sensor_manager_role, sensor_managers);

/// A file larger than a web form's usual limit arrives whole and imports whole; a file over the import limit
/// is refused with a clear message and nothing is stored.
#[tokio::test]
async fn large_imports_arrive_whole() {
    let mut app = TestApp::new(common::Engine::Sqlite).await;
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let before = count(&app).await;
    let export = app.get("/api/v1/sensors.csv").await.body;
    let mut lines = export.lines();
    let header = lines.next().unwrap().to_string();
    let template = lines.find(|l| l.starts_with("LC-0001,")).unwrap().to_string();
    let mut csv = format!("{header}\n");
    for i in 0..4000 {
        csv.push_str(&template.replacen("LC-0001,", &format!("LX-{i:05},"), 1));
        csv.push('\n');
    }
    assert!(csv.len() > 3 * 1024 * 1024, "bigger than the usual 2 MB body limit: {}", csv.len());
    let page = app.post_file("/capteurs/importer", "file", "gros.csv", &csv).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let text = app.get("/capteurs/importer").await.text();
    assert!(text.contains("4000 capteurs créés"), "{}", &text[..text.len().min(2000)]);
    assert_eq!(count(&app).await, before + 4000);

    let huge = csv.repeat(6);
    assert!(huge.len() > 16 * 1024 * 1024);
    app.post_file("/capteurs/importer", "file", "enorme.csv", &huge).await;
    let text = app.get("/capteurs/importer").await.text();
    assert!(text.contains("Le fichier dépasse 16 Mo"), "{}", &text[..text.len().min(2000)]);
    assert_eq!(count(&app).await, before + 4000);
}
