//! Hostile input that reached further than it should (issue 20): numbers that overflowed, form values kept after a
//! forged post, spreadsheet formulas in published files. Each attack as a test, named after what it protects.

use crate::common;

use axum::http::StatusCode;
use common::TestApp;

/// `$skip=9223372036854775807` overflowed `$skip + $top` (a crash in a debug build, a wrapped next link in a
/// release one): refused with the standard's error body instead.
async fn sensorthings_paging_refuses_hostile_numbers(mut app: TestApp) {
    for skip in ["9223372036854775807", "1000000001", "-1", "1e3"] {
        let page = app.get(&format!("/sta/v1.1/Things?$skip={skip}")).await;
        assert_eq!(page.status, StatusCode::BAD_REQUEST, "{skip}: {}", page.body);
    }
    let page = app.get("/sta/v1.1/Things?$skip=1000000000&$top=1000").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
}
on_both_engines!(sta_skip, sensorthings_paging_refuses_hostile_numbers);

/// A post that failed its CSRF check had its values stored in the session to fill the form again: an anonymous
/// client could put 2 MB in a session row with each request. Forms are now capped and a forged post keeps
/// nothing.
async fn a_forged_post_stores_nothing(mut app: TestApp) {
    app.get("/").await;
    let big = "x".repeat(200_000);
    let forged =
        app.post_raw("/compte/inscription", &[("csrf", "faux"), ("email", "a@b.fr"), ("display_name", &big)]).await;
    assert_eq!(forged.status, StatusCode::SEE_OTHER);
    let (largest,): (Option<i64>,) =
        sqlx::query_as("SELECT MAX(LENGTH(data)) FROM sessions").fetch_one(&app.state.db.pool).await.unwrap();
    assert!(largest.unwrap_or(0) < 10_000, "a forged post left {largest:?} bytes in a session");
    let huge = "x".repeat(300 * 1024);
    let refused = app.post("/compte/inscription", &[("email", "a@b.fr"), ("display_name", &huge)]).await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);
    // axum's own refusals reach a resident in French, without echoing what was sent.
    assert!(refused.body.contains("trop volumineux"), "{}", refused.body);
    let not_a_number = app.post("/budgets/papier/abc", &[("a", "b")]).await;
    assert_eq!(not_a_number.status, StatusCode::BAD_REQUEST);
    assert!(
        not_a_number.body.contains("n'a pas pu être lue") && !not_a_number.body.contains("abc"),
        "{}",
        not_a_number.body
    );
    let photo = app.get("/budgets/projets/1/photos/99999999999999999999").await;
    assert_eq!(photo.status, StatusCode::BAD_REQUEST);
    assert!(!photo.body.contains("99999"), "{}", photo.body);
    let twice = app.post("/langue", &[("lang", "en"), ("lang", "fr")]).await;
    assert!(twice.body.contains("n'a pas pu être lu") && !twice.body.contains("duplicate"), "{}", twice.body);
}
on_both_engines!(forged_post, a_forged_post_stores_nothing);

/// `sensors.csv` wrote a name starting with a tab and `=` as it was: a spreadsheet drops the tab and runs the
/// formula. Such cells are written as text now.
async fn published_csv_never_holds_a_formula(mut app: TestApp) {
    sqlx::query("UPDATE sensors SET name = $1 WHERE reference = 'DV-0001'")
        .bind("\t=HYPERLINK(\"https://evil.example\")")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let csv = app.get("/api/v1/sensors.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let line = csv.body.lines().find(|l| l.starts_with("DV-0001")).unwrap_or_else(|| panic!("{}", csv.body));
    assert!(line.contains("'\t=HYPERLINK"), "{line}");
}
on_both_engines!(csv_formula, published_csv_never_holds_a_formula);

/// The ChirpStack MQTT path took the DevEUI of the payload, not of the topic: a device allowed by the broker to
/// publish on its own topic could write measurements as any other sensor. The topic names the sensor now.
async fn a_chirpstack_message_counts_for_its_topics_device_only(app: TestApp) {
    for (reference, eui) in [("DV-0001", "70B3D57ED005A1C2"), ("LC-0001", "0101010101010101")] {
        sqlx::query("UPDATE sensors SET status = 'active', dev_eui = $1 WHERE reference = $2")
            .bind(eui)
            .bind(reference)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
    }
    let time = app::format::rfc3339(app::db::now() * 1000);
    let forged =
        serde_json::json!({"time": time, "deviceInfo": {"devEui": "70b3d57ed005a1c2"}, "object": {"temperature": 8.5}});
    let topic = "application/1/device/0101010101010101/event/up";
    let result = app::ingest::mqtt::handle(&app.state, topic, forged.to_string().as_bytes()).await;
    assert!(result.is_err(), "a device wrote as another sensor: {result:?}");
    let own = "application/1/device/70b3d57ed005a1c2/event/up";
    let result = app::ingest::mqtt::handle(&app.state, own, forged.to_string().as_bytes()).await;
    assert!(result.is_ok(), "{result:?}");
}
on_both_engines!(chirpstack_topic, a_chirpstack_message_counts_for_its_topics_device_only);

/// A comment holding a NUL made PostgreSQL refuse the row (an error page), and escape sequences and
/// right-to-left overrides were stored as typed (found by the attack pass); display names could be invisible or
/// look like another's. Every form value now loses its control and override characters before a handler reads
/// it, and a name with invisible characters is refused by name.
async fn control_characters_never_reach_the_database(mut app: TestApp) {
    let page = common::consultations::open_consultation(&mut app, "Éclairage intelligent", &[]).await;
    common::consultations::resident(&app, "anne@exemple.fr", "Anne", None).await;
    app.sign_in("anne@exemple.fr", common::consultations::PASSWORD).await;
    let body = "Avant\u{0}\u{1b}[2J \u{202E}elif.exe\r\nAprès 👩\u{200D}🔧";
    let posted = app.post(&format!("{page}/commentaires"), &[("body", body), ("alignment", "for")]).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);
    let (stored,): (String,) = sqlx::query_as("SELECT body FROM comments").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(stored, "Avant[2J elif.exe\r\nAprès 👩\u{200D}🔧");
    // (An override is already gone when the name is checked: the form layer removed it.)
    for hidden in ["Anne\u{200B}", "An\u{AD}ne", "\u{200B}\u{200B}\u{200B}"] {
        let answer = app
            .post_and_follow("/compte/profil", &[("display_name", hidden), ("language", "fr"), ("district_id", "")])
            .await;
        assert!(answer.text().contains("sans caractère invisible"), "{hidden:?}: {}", answer.text());
    }
    let (name,): (String,) = sqlx::query_as("SELECT display_name FROM users WHERE email = 'anne@exemple.fr'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(name, "Anne");
}
on_both_engines!(control_characters, control_characters_never_reach_the_database);

/// A code column holding a code this version does not know (written by hand, or by a later version) was read as
/// some default — an unknown `personal_data` as "personal", a phase as "proposals", a status as "suspended" —
/// and pages showed that guess as fact. Now the row does not decode: the request fails with the code named in
/// the log, and the page says an error happened instead of showing made-up facts.
async fn an_unknown_code_in_the_database_is_an_error_not_a_guess(mut app: TestApp) {
    let (known,): (app::budgets::Phase,) =
        sqlx::query_as("SELECT 'voting'").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(known, app::budgets::Phase::Voting);
    let unknown = sqlx::query_as::<_, (app::budgets::Phase,)>("SELECT 'bogus'").fetch_one(&app.state.db.pool).await;
    let error = unknown.expect_err("an unknown phase decodes to an error").to_string();
    assert!(error.contains("unknown Phase code \"bogus\""), "{error}");
    let lang = sqlx::query_as::<_, (app::i18n::Lang,)>("SELECT 'xx'").fetch_one(&app.state.db.pool).await;
    assert!(lang.is_err(), "an unknown language is not French");

    app.sign_in(common::consultations::ADMIN.0, common::consultations::ADMIN.1).await;
    let created = app.post("/capteurs/nouveau", &common::sensors::noise_sensor()).await;
    let reference = created.location.expect("created").trim_start_matches("/capteurs/").to_string();
    assert_eq!(app.get(&format!("/capteurs/{reference}")).await.status, StatusCode::OK);
    sqlx::query("UPDATE sensors SET technology = 'teleporter' WHERE reference = $1")
        .bind(&reference)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let detail = app::sensors::service::detail(&app.state, &reference).await;
    assert!(detail.is_err(), "the row with an unknown technology is not shown as another");
    let page = app.get(&format!("/capteurs/{reference}")).await;
    assert!(!page.text().contains("Autre"), "no guessed technology on the page: {}", page.text());
}
on_both_engines!(unknown_codes, an_unknown_code_in_the_database_is_an_error_not_a_guess);

/// Every form handler checks the token through one extractor (`CsrfForm`), which no handler can forget. A post
/// without the right token never reaches the handler: it goes back to the page it came from on this site (never
/// to another site named by the `Referer`), or answers a page's script with a 422 and the translated message.
async fn a_post_without_its_token_goes_back_and_changes_nothing(mut app: TestApp) {
    common::consultations::resident(&app, "rita@exemple.fr", "Rita", None).await;
    app.sign_in("rita@exemple.fr", common::consultations::PASSWORD).await;
    let mode = |app: &TestApp| {
        let pool = app.state.db.pool.clone();
        async move {
            let (m,): (String,) = sqlx::query_as("SELECT notify_mode FROM users WHERE email = 'rita@exemple.fr'")
                .fetch_one(&pool)
                .await
                .unwrap();
            m
        }
    };
    let before = mode(&app).await;
    let fields = [("csrf", "pas-le-bon"), ("notify_mode", "none")];
    let back = app.post_with("/compte/notifications", &fields, &[("referer", "http://localhost/compte?x=1")]).await;
    assert_eq!((back.status, back.location.as_deref()), (StatusCode::SEE_OTHER, Some("/compte?x=1")));
    assert!(app.get("/compte").await.text().contains("Le formulaire a expiré"));
    let elsewhere =
        app.post_with("/compte/notifications", &fields, &[("referer", "https://evil.example//evil.example/")]).await;
    assert_eq!(elsewhere.location.as_deref(), Some("/compte/notifications"), "never to another site");
    let script = app.post_with("/compte/notifications", &fields, &[("x-clairvoie-fetch", "1")]).await;
    assert_eq!(script.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(script.body.contains("Le formulaire a expiré"), "{}", script.body);
    let missing = app.post_with("/compte/notifications", &[("notify_mode", "none")], &[]).await;
    assert_eq!(missing.location.as_deref(), Some("/compte/notifications"));
    assert_eq!(mode(&app).await, before, "nothing changed");
}
on_both_engines!(csrf_extractor, a_post_without_its_token_goes_back_and_changes_nothing);
