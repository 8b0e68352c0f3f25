//! The officials' dashboard through the real router, on SQLite and on PostgreSQL: closed to visitors (sign-in)
//! and residents (403, pages and CSV alike); its figures checked against fixtures made for the test — votes and
//! comments by week and district and the outcome of a consultation, decisions, sensors by domain, retention
//! runs of the last 30 days, the demo budget's ballots by channel and its outcome under each rule — through the
//! CSV of each table, and the page drawing each chart beside its table.

use crate::common;

use axum::http::StatusCode;
use common::consultations::*;
use common::governance::decided;
use common::TestApp;

/// A dashboard table's CSV as rows of fields (the header first).
async fn csv(app: &mut TestApp, path: &str) -> Vec<Vec<String>> {
    let page = app.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{path}");
    page.body.lines().map(|l| l.split(',').map(str::to_string).collect()).collect()
}

/// The value of `column` (1 = the first after the key) in the row keyed `key`.
fn value(rows: &[Vec<String>], key: &str, column: usize) -> i64 {
    let row = rows.iter().find(|r| r[0] == key).unwrap_or_else(|| panic!("{key} in {rows:?}"));
    row[column].parse().unwrap()
}

async fn exec_alarm(app: &TestApp, sensor: i64, resolved: &str) {
    sqlx::query(&format!(
        "INSERT INTO retention_alarms (sensor_id, datastream, kind, raised_at, resolved_at) \
         VALUES ($1, 'niveau', 'overdue', 1, {resolved})"
    ))
    .bind(sensor)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
}

async fn one(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&app.state.db.pool).await.unwrap();
    n
}

async fn figures_against_fixtures(mut app: TestApp) {
    // Closed: visitors to sign-in (the CSV too, coming back to it), residents refused.
    assert_eq!(app.get("/tableau-de-bord").await.status, StatusCode::FOUND);
    let file = app.get("/tableau-de-bord/csv/decisions").await;
    assert_eq!(file.location.as_deref(), Some("/compte/connexion?suite=/tableau-de-bord/csv/decisions"));
    // A table name with a dot is not a static file: the same answer, not a 500 for a missing context.
    for dotted in ["/tableau-de-bord/csv/a.b", "/tableau-de-bord/consultations/x/csv/participation.csv"] {
        let answer = app.get(dotted).await;
        let to = answer.location.unwrap_or_default();
        assert!(to.starts_with("/compte/connexion?suite=/tableau-de-bord/"), "{dotted}: {} {to}", answer.body);
    }
    // A part that is a dot segment cannot send the sign-in's way back to another route.
    let dots = app.get("/tableau-de-bord/consultations/%2e%2e/csv/participation").await;
    let back = app::text::percent_decode(&dots.location.unwrap_or_default());
    assert!(!back.contains("/../") && back.contains("/consultations/%252E%252E/csv"), "{back}");
    resident(&app, "anne@exemple.fr", "Anne", Some(district_id(&app, "centre-ville").await)).await;
    resident(&app, "bruno@exemple.fr", "Bruno", Some(district_id(&app, "centre-ville").await)).await;
    resident(&app, "chloe@exemple.fr", "Chloé", None).await;
    app.sign_in("anne@exemple.fr", PASSWORD).await;
    assert_eq!(app.get("/tableau-de-bord").await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/tableau-de-bord/csv/decisions").await.status, StatusCode::FORBIDDEN);
    assert!(!app.get("/").await.text().contains("Tableau de bord"));

    // Fixtures: a decided consultation; an open one with three votes (two from the centre) and a comment.
    decided(&mut app, "Éclairage intelligent", "adopted").await;
    let page = open_consultation(&mut app, "Capteurs de bruit", &[]).await;
    let slug = page.trim_start_matches("/consultations/").to_string();
    for (who, choice) in [("anne@exemple.fr", "for"), ("bruno@exemple.fr", "for"), ("chloe@exemple.fr", "against")] {
        app.new_visitor();
        app.sign_in(who, PASSWORD).await;
        app.post(&format!("{page}/vote"), &[("choice", choice)]).await;
    }
    app.post(&format!("{page}/commentaires"), &[("body", "Seulement le week-end."), ("alignment", "for")]).await;
    // Retention: one run today, one 40 days ago (outside the 30 days), one that deleted nothing.
    let sensor = one(&app, "SELECT MIN(id) FROM sensors").await;
    let now = app::db::now();
    for (run_at, rows) in [(now - 3_600, 42), (now - 40 * 86_400, 1_000), (now - 60, 0)] {
        sqlx::query(
            "INSERT INTO purge_ledger (sensor_id, datastream, run_at, cutoff, rows_deleted, hours_deleted, reason) \
             VALUES ($1, 'niveau', $2, $2, $3, 0, 'retention')",
        )
        .bind(sensor)
        .bind(run_at)
        .bind(rows)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    }

    // One retention alarm still open, one resolved.
    for resolved in ["NULL", "1"] {
        exec_alarm(&app, sensor, resolved).await;
    }

    // The official reads the town's figures.
    app.new_visitor();
    app.sign_in("elue@demo.clairvoie.fr", "demo-elue-clairvoie").await;
    let town = app.get("/tableau-de-bord").await;
    assert_eq!(town.status, StatusCode::OK);
    assert!(town.body.contains(r#"href="/tableau-de-bord""#), "the header links to it");
    // The headline figures first, counted here another way: who voted and who commented, as sets.
    let voters: Vec<(i64,)> =
        sqlx::query_as("SELECT user_id FROM consultation_votes").fetch_all(&app.state.db.pool).await.unwrap();
    let authors: Vec<(Option<i64>,)> =
        sqlx::query_as("SELECT author_id FROM comments").fetch_all(&app.state.db.pool).await.unwrap();
    let people: std::collections::BTreeSet<i64> =
        voters.into_iter().map(|(v,)| v).chain(authors.into_iter().filter_map(|(a,)| a)).collect();
    assert!(people.len() >= 3, "the three residents of the fixtures: {people:?}");
    let open = one(&app, "SELECT COUNT(*) FROM consultations WHERE status = 'open'").await;
    let ballots = one(&app, "SELECT COUNT(*) FROM budget_ballots").await;
    let headline =
        town.body.split(r#"class="headline">"#).nth(1).expect("headline figures").split("</dl>").next().unwrap();
    let numbers: Vec<String> = headline
        .split(r#"<dd class="headline-number">"#)
        .skip(1)
        .map(|p| p.split('<').next().unwrap().chars().filter(char::is_ascii_digit).collect())
        .collect();
    assert_eq!(numbers[0], open.to_string(), "{headline}");
    assert_eq!(numbers[2], people.len().to_string(), "{headline}");
    assert_eq!(numbers[3], ballots.to_string(), "{headline}");
    assert!(town.text().contains("Chiffres clés") || town.body.contains(r#"aria-label="Chiffres clés""#));
    // Without a resident register, no turnout is claimed; with one, participants against its entries.
    assert!(!headline.contains("au regard du registre"), "{headline}");
    let official = app.swap_browser(std::collections::BTreeMap::new());
    app.sign_in("admin@demo.clairvoie.fr", "demo-admin-clairvoie").await;
    let mut register = String::from("nom;prénoms;date de naissance;code postal;quartier\n");
    for i in 0..40u8 {
        // Names of letters only (the register folds digits away).
        let name = format!("Martin{}{}", char::from(b'a' + i / 26), char::from(b'a' + i % 26));
        register.push_str(&format!("{name};Prénom;01/01/1980;44000;centre-ville\n"));
    }
    app.post_file("/admin/registre", "file", "registre.csv", &register).await;
    let imported = app.get("/admin/registre").await.text();
    assert_eq!(one(&app, "SELECT COUNT(*) FROM register_entries").await, 40, "{imported}");
    app.swap_browser(official);
    let town = app.get("/tableau-de-bord").await;
    let expected = app::format::percent(app::i18n::Lang::Fr, people.len() as i64, 40).unwrap();
    assert!(
        town.text().contains("Participation aux consultations au regard du registre des habitants"),
        "{}",
        town.text()
    );
    assert!(town.body.contains(&expected) && town.text().contains("sur 40 inscrits"), "{expected}: {}", town.text());
    for part in [
        "Consultations par étape",
        "Capteurs par domaine et niveau de données personnelles",
        "Respect des durées de conservation",
    ] {
        assert!(town.text().contains(part), "{part}");
    }
    // Each figure: its chart (named by its title) and its table.
    assert!(town.body.contains(r#"<title id="figure-decisions-titre">Graphique : Décisions par issue</title>"#));
    assert!(town.body.contains("<caption>Décisions par issue</caption>"));
    assert!(town.body.contains(&format!(r#"href="/tableau-de-bord/consultations/{slug}""#)));
    let decisions = csv(&mut app, "/tableau-de-bord/csv/decisions").await;
    assert_eq!(decisions[0], ["key", "count"]);
    assert_eq!((value(&decisions, "adopted", 1), value(&decisions, "rejected", 1)), (1, 0));
    let phases = csv(&mut app, "/tableau-de-bord/csv/consultations").await;
    assert_eq!((value(&phases, "open", 1), value(&phases, "decided", 1), value(&phases, "closed", 1)), (1, 1, 0));
    let retention = csv(&mut app, "/tableau-de-bord/csv/conservation").await;
    assert_eq!((value(&retention, "purges", 1), value(&retention, "rows-deleted", 1)), (1, 42));
    assert_eq!(value(&retention, "alarms", 1), 1);
    let streams = one(
        &app,
        "SELECT COUNT(*) FROM datastreams d JOIN sensors s ON s.id = d.sensor_id WHERE s.status <> 'removed'",
    )
    .await;
    assert_eq!(value(&retention, "datastreams", 1), streams);
    // Sensors: every domain's total is the count of its sensors, and a new one counts where it belongs.
    let sensors = csv(&mut app, "/tableau-de-bord/csv/capteurs").await;
    assert_eq!(sensors[0], ["key", "none", "pseudonymised", "personal", "sensitive", "total"]);
    let all: i64 = sensors[1..].iter().map(|r| r[5].parse::<i64>().unwrap()).sum();
    assert_eq!(all, one(&app, "SELECT COUNT(*) FROM sensors WHERE status <> 'removed'").await);
    let before = value(&sensors, "environment", 1);
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let created = app.post("/capteurs/nouveau", &common::sensors::noise_sensor()).await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let sensors = csv(&mut app, "/tableau-de-bord/csv/capteurs").await;
    assert_eq!(value(&sensors, "environment", 1), before + 1, "admins read it too");

    // The consultation's participation: this week's votes and comment, votes by district, the outcome.
    let this_week = app::reports::dashboard::chart::weekly(&[now]).remove(0).0;
    let base = format!("/tableau-de-bord/consultations/{slug}");
    let page = app.get(&base).await;
    assert!(page.text().contains("Tableau de bord : Capteurs de bruit"), "{}", page.text());
    assert!(page.text().contains("Centre-ville") && page.text().contains("Quartier non renseigné"));
    let weeks = csv(&mut app, &format!("{base}/csv/participation")).await;
    assert_eq!(weeks[1..], [vec![this_week, "3".to_string(), "1".to_string()]]);
    let districts = csv(&mut app, &format!("{base}/csv/quartiers")).await;
    assert_eq!(
        districts[1..],
        [vec!["Centre-ville".to_string(), "2".to_string()], vec!["-".to_string(), "1".to_string()]]
    );
    let channels = csv(&mut app, &format!("{base}/csv/canaux")).await;
    assert_eq!((value(&channels, "web", 1), value(&channels, "kiosk", 1), value(&channels, "paper", 1)), (3, 0, 0));
    let outcome = csv(&mut app, &format!("{base}/csv/resultat")).await;
    assert_eq!((value(&outcome, "for", 1), value(&outcome, "against", 1), value(&outcome, "abstain", 1)), (2, 1, 0));
    assert_eq!(app.get(&format!("{base}/csv/inconnu")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/tableau-de-bord/consultations/inconnue").await.status, StatusCode::NOT_FOUND);

    // The demo budget: ballots by channel and the outcome under each rule, the official one named.
    let (budget, rule, budget_id): (String, String, i64) =
        sqlx::query_as("SELECT slug, rule, id FROM budgets").fetch_one(&app.state.db.pool).await.unwrap();
    let base = format!("/tableau-de-bord/budgets/{budget}");
    let channels = csv(&mut app, &format!("{base}/csv/canaux")).await;
    let ballots = one(&app, &format!("SELECT COUNT(*) FROM budget_ballots b JOIN budget_envelopes e ON e.id = b.envelope_id WHERE e.budget_id = {budget_id}")).await;
    let counted: i64 = ["web", "kiosk", "paper"].iter().map(|c| value(&channels, c, 1)).sum();
    assert!(ballots > 0);
    assert_eq!(counted, ballots);
    let rules = csv(&mut app, &format!("{base}/csv/regles")).await;
    let funded = one(&app, &format!("SELECT COUNT(*) FROM budget_results r JOIN budget_projects p ON p.id = r.project_id WHERE p.budget_id = {budget_id} AND r.rule = '{rule}' AND r.funded = 1")).await;
    assert_eq!(value(&rules, &rule, 1), funded);
    assert!(app.get(&base).await.text().contains(&format!("{rule} (règle officielle)")));
}
on_both_engines!(dashboard, figures_against_fixtures);
