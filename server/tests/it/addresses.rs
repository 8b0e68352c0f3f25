//! Addresses end to end, on SQLite and PostgreSQL: the BAN file's import (refused whole when one line is wrong,
//! the registry's keepers only), the search a resident types (accents, abbreviations, a typo), the sensors
//! around an address or a position — checked against distances computed here from the open data — and the
//! nearest address on a sensor's page.

use crate::common;

use axum::http::StatusCode;
use common::TestApp;

const ADMIN: (&str, &str) = ("admin@demo.clairvoie.fr", "demo-admin-clairvoie");
const RESIDENT: (&str, &str) = ("habitant@demo.clairvoie.fr", "demo-habitant-clairvoie");

async fn addresses(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM addresses").fetch_one(&app.state.db.pool).await.unwrap();
    n
}

fn demo_file() -> String {
    app::demo::streets::ban_csv(app::demo::INSEE, app::demo::POSTCODE, app::demo::TOWN_NAME)
}

/// The import: keepers only; a wrong line refuses the whole file and names line and column; a good file
/// replaces every address, in the audit log.
async fn import(mut app: TestApp) {
    assert_eq!(addresses(&app).await, 0, "none without the demo's sensors");
    app::demo::seed(&app.state, 20).await.unwrap();
    let demo = addresses(&app).await;
    assert!(demo > 2000, "the demo town's addresses come with its sensors: {demo}");
    let small = "id;numero;rep;nom_voie;code_postal;nom_commune;lon;lat\n\
                 a1;12;;Rue de la République;37990;Saint-Clair-sur-Loire;0.6901;47.3952\n\
                 a2;3;bis;Place du Marché;37990;Saint-Clair-sur-Loire;0.688;47.3945\n";
    // Signed out, then a resident: refused, nothing changed.
    app.post_file("/adresses/importer", "file", "adresses.csv", small).await;
    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    assert_eq!(app.get("/adresses/importer").await.status, StatusCode::FORBIDDEN);
    app.post_file("/adresses/importer", "file", "adresses.csv", small).await;
    assert_eq!(addresses(&app).await, demo);
    // Refused before the file is read (found by an attack pass: anyone could make the server hold 40 MB): a file
    // over the limit gets the permission's answer, not the size's.
    let huge = format!("{small}{}", "x".repeat(app::addresses::MAX_FILE_BYTES + 1024));
    app.post_file("/adresses/importer", "file", "adresses.csv", &huge).await;
    let sessions: Vec<(String,)> =
        sqlx::query_as("SELECT data FROM sessions").fetch_all(&app.state.db.pool).await.unwrap();
    assert!(sessions.iter().any(|(d,)| d.contains("error-forbidden")), "{sessions:?}");
    assert!(!sessions.iter().any(|(d,)| d.contains("error-addresses-incomplete")), "the file was read: {sessions:?}");

    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let page = app.get("/adresses/importer").await;
    let squeezed: String = page.text().chars().filter(|c| !c.is_whitespace()).collect();
    assert!(squeezed.contains(&format!("{demo}adressessontimportées")), "{}", page.text());
    let broken = small.replace("0.6901;47.3952", "0.6901;47,3952").replace(";3;bis;", ";trois;bis;");
    app.post_file("/adresses/importer", "file", "adresses.csv", &broken).await;
    let page = app.get("/adresses/importer").await;
    let text = page.text();
    assert!(text.contains("rien n'a été importé"), "{text}");
    assert!(text.contains("2 lignes refusées"), "{text}");
    assert!(text.contains("2 lat La latitude doit être un nombre entre -90 et 90."), "{text}");
    assert!(text.contains("3 numero Le numéro doit être un nombre entier de 0 à 99 999."), "{text}");
    assert_eq!(addresses(&app).await, demo, "nothing half-imported");
    let page = app.post_file("/adresses/importer", "file", "adresses.csv", "id;numero\n1;2\n").await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(app.get("/adresses/importer").await.text().contains("nom_voie Cette colonne manque"));

    let done = app.post_file("/adresses/importer", "file", "adresses.csv", small).await;
    assert_eq!(done.location.as_deref(), Some("/adresses/importer"));
    assert!(app.get("/adresses/importer").await.text().contains("2 adresses importées"));
    assert_eq!(addresses(&app).await, 2);
    let (logged,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'addresses_import' AND target_id = 2")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(logged, 1);
    // The demo's own file goes back in the same way.
    app.post_file("/adresses/importer", "file", "adresses-37999.csv", &demo_file()).await;
    assert_eq!(addresses(&app).await, demo);
}
on_both_engines!(address_import, import);

/// Metres between two (latitude, longitude) points, by the haversine formula: computed here apart from the
/// application's own flat approximation.
fn haversine(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let (dla, dlo) = ((b.0 - a.0).to_radians(), (b.1 - a.1).to_radians());
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * 6_371_008.8 * h.sqrt().asin()
}

/// What a resident types finds the address; the sensors around it are exactly those the open data puts within
/// the distance, nearest first; a position works the same; nonsense is told, never an error page.
async fn search(mut app: TestApp) {
    app::demo::seed(&app.state, 400).await.unwrap();
    let numero_12: (f64, f64) = sqlx::query_as(
        "SELECT latitude, longitude FROM addresses WHERE street = 'Rue de la République' AND number = 12",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    let geojson: serde_json::Value = serde_json::from_str(&app.get("/api/v1/sensors.geojson").await.body).unwrap();
    let mut within: Vec<(f64, String)> = geojson["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["geometry"]["type"] == "Point")
        .map(|f| {
            let c = &f["geometry"]["coordinates"];
            (
                haversine(numero_12, (c[1].as_f64().unwrap(), c[0].as_f64().unwrap())),
                f["id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    within.sort_by(|a, b| a.0.total_cmp(&b.0));
    // A distance with no sensor within two metres of it, so the two ways of measuring cannot disagree.
    let radius = [500.0, 480.0, 520.0, 450.0, 550.0]
        .into_iter()
        .find(|r: &f64| within.iter().all(|(d, _)| (d - r).abs() > 2.0))
        .unwrap();
    within.retain(|(d, _)| *d <= radius);
    let radius = radius as i64;
    assert!(within.len() >= 3, "the demo has sensors near the address: {within:?}");

    for typed in [
        "12 rue de la République",
        "12 R. DE LA REPUBLIQUE",
        "12 r de la republique",
        "12 rue de la repbulique",
        "12, rue de la République 37990 Saint-Clair-sur-Loire",
    ] {
        let page = app.get(&format!("/capteurs?adresse={}&rayon={radius}", app::text::percent_encode(typed))).await;
        assert_eq!(page.status, StatusCode::OK);
        let text = page.text();
        assert!(
            text.contains(&format!("Capteurs à moins de {radius} m de « 12 rue de la République »")),
            "{typed}: {text}"
        );
        let count = if within.len() == 1 {
            "1 capteur correspond".to_string()
        } else {
            format!("{} capteurs correspondent", within.len())
        };
        assert!(text.contains(&count), "{typed}: {count} expected in {text}");
        // Nearest first, with its distance.
        let first = &within[0];
        let rows: Vec<&str> = page.body.split("<tr>").skip(2).collect();
        assert!(rows[0].contains(&first.1), "{} first: {}", first.1, rows[0]);
        assert!(
            rows[0].contains(&format!("{} m", first.0.round() as i64))
                || rows[0].contains(&format!("{} m", first.0.round() as i64 + 1))
                || rows[0].contains(&format!("{} m", first.0.round() as i64 - 1)),
            "{}",
            rows[0]
        );
        // The map shows the same sensors and the circle.
        assert!(page.body.contains("/api/v1/map/sensors.svg?lat=47."), "{}", page.body);
    }
    // The open data answers the same question.
    let (lat, lon) = numero_12;
    let api: serde_json::Value = serde_json::from_str(
        &app.get(&format!("/api/v1/sensors.geojson?lat={lat}&lon={lon}&rayon={radius}")).await.body,
    )
    .unwrap();
    let mut api_refs: Vec<String> =
        api["features"].as_array().unwrap().iter().map(|f| f["id"].as_str().unwrap().to_string()).collect();
    api_refs.sort();
    let mut expected: Vec<String> = within.iter().map(|(_, r)| r.clone()).collect();
    expected.sort();
    assert_eq!(api_refs, expected);
    let svg = app.get(&format!("/api/v1/map/sensors.svg?lat={lat}&lon={lon}&rayon=500")).await.body;
    assert!(svg.contains("<circle"), "the circle searched on the map");

    // A street without a number: its middle. A street that does not exist: said so, with the typed words.
    let text = app.get("/capteurs?adresse=place+du+marche").await.text();
    assert!(text.contains("« Place du Marché »"), "{text}");
    let text = app.get("/capteurs?adresse=rue+des+licornes").await.text();
    assert!(text.contains("Aucune adresse de la commune ne correspond à « rue des licornes »"), "{text}");
    // Several streets share the words: the resident chooses.
    let page = app.get("/capteurs?adresse=rue+des").await;
    assert!(page.text().contains("Plusieurs rues correspondent à « rue des »"), "{}", page.text());
    assert!(page.body.contains("/capteurs?adresse=Rue%20des%20"), "{}", page.body);
    // A position (around me).
    let text = app.get(&format!("/capteurs?lat={lat}&lon={lon}&rayon=500")).await.text();
    assert!(text.contains("Capteurs à moins de 500 m de votre position"), "{text}");
    // Hostile values are ignored, never an error page.
    for query in [
        "lat=NaN&lon=inf&rayon=100",
        "lat=1e308&lon=0",
        "rayon=99999999999&lat=47&lon=0",
        "adresse=%00%00",
        "adresse=99999999999999999999999+rue",
    ] {
        assert_eq!(app.get(&format!("/capteurs?{query}")).await.status, StatusCode::OK, "{query}");
        assert_eq!(app.get(&format!("/api/v1/sensors.geojson?{query}")).await.status, StatusCode::OK, "{query}");
    }
    let long = "r".repeat(20_000);
    assert_eq!(app.get(&format!("/capteurs?adresse={long}")).await.status, StatusCode::OK);

    // A sensor's page names its nearest address: the one found here over every address, within 150 m.
    let all: Vec<(i64, String, String, f64, f64)> =
        sqlx::query_as("SELECT number, suffix, street, latitude, longitude FROM addresses")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    let mut named = 0;
    for feature in geojson["features"].as_array().unwrap().iter().filter(|f| f["geometry"]["type"] == "Point").take(40)
    {
        let c = &feature["geometry"]["coordinates"];
        let at = (c[1].as_f64().unwrap(), c[0].as_f64().unwrap());
        let (distance, number, street) = all
            .iter()
            .map(|(n, _, street, la, lo)| (haversine(at, (*la, *lo)), *n, street.clone()))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .unwrap();
        let text = app.get(&format!("/capteurs/{}", feature["id"].as_str().unwrap())).await.text();
        // Clear cases only (the application's flat distance and this one agree to well under a metre).
        if distance < 145.0 {
            // Every demo street begins with its kind (Rue, Place, Chemin…), written in lower case after a number.
            let street = format!("{}{}", street[..1].to_lowercase(), &street[1..]);
            assert!(text.contains(&format!("Près du {number} {street}")), "{distance} m: {number} {street} in {text}");
            named += 1;
        } else if distance > 155.0 {
            assert!(!text.contains("Près du "), "{distance} m: {text}");
        }
    }
    assert!(named > 0);
}
on_both_engines!(address_search, search);
