//! The data-use bulletin through the real router, on SQLite and on PostgreSQL: the figures of one quarter
//! (2026-T2) against fixtures dated inside it, on its edges and outside it — sensor moves from the public history,
//! purges, retention alarms and how they were resolved, consultations held, decisions, a budget's results and a
//! project's updates — through its CSV, and its public page and list.

use crate::common;

use axum::http::StatusCode;
use common::consultations::*;
use common::governance::decided;
use common::TestApp;

/// 2026-04-01T00:00:00Z and 2026-07-01T00:00:00Z: the quarter's bounds.
const Q2: (i64, i64) = (1_775_001_600, 1_782_864_000);
const DAY: i64 = 86_400;

async fn exec(app: &TestApp, sql: &str) {
    sqlx::query(sql).execute(&app.state.db.pool).await.unwrap();
}

/// The CSV's value for (section, item, measure).
fn value<'a>(lines: &'a [Vec<String>], section: &str, item: &str, measure: &str) -> &'a str {
    lines
        .iter()
        .find(|l| l[1] == section && l[2] == item && l[3] == measure)
        .map(|l| l[4].as_str())
        .unwrap_or_else(|| panic!("{section} {item} {measure}"))
}

async fn a_quarter_against_fixtures(mut app: TestApp) {
    let (start, end) = Q2;
    let ids: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, domain, personal_data FROM sensors ORDER BY id LIMIT 3")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    // Sensor moves: one suspended and one removed inside, one suspended just after; one sensor created inside.
    let moves = [
        (ids[0].0, start, "active", "suspended"),
        (ids[1].0, end - 1, "active", "removed"),
        (ids[2].0, end, "active", "suspended"),
    ];
    for (sensor, at, old, new) in moves {
        exec(&app, &format!(
            "INSERT INTO sensor_history (sensor_id, at, actor_role, actor_name, changes) VALUES ({sensor}, {at}, 'admin', 'Agnès', \
             '[{{\"field\":\"status\",\"old\":\"{old}\",\"new\":\"{new}\"}}]')"
        )).await;
    }
    exec(&app, &format!("UPDATE sensors SET created_at = {} WHERE id = {}", start + 10 * DAY, ids[2].0)).await;
    // Purges: two inside (one deleting only aggregates), one before, one that deleted nothing.
    for (at, rows, hours) in [(start + DAY, 10, 0), (end - 60, 0, 2), (start - 1, 1_000, 0), (start + 2 * DAY, 0, 0)] {
        exec(
            &app,
            &format!(
            "INSERT INTO purge_ledger (sensor_id, datastream, run_at, cutoff, rows_deleted, hours_deleted, reason) \
             VALUES ({}, 'niveau', {at}, {at}, {rows}, {hours}, 'retention')", ids[0].0
        ),
        )
        .await;
    }
    // Alarms: raised and purged inside; raised inside and still open; raised before and cleared inside; raised after.
    for (raised, resolved, how) in [
        (start + DAY, Some(start + DAY), Some("purged")),
        (start + 5 * DAY, None, None),
        (start - 30 * DAY, Some(start + 3 * DAY), Some("cleared")),
        (end + DAY, None, None),
    ] {
        let resolved = resolved.map(|r| r.to_string()).unwrap_or("NULL".into());
        let how = how.map(|h| format!("'{h}'")).unwrap_or("NULL".into());
        exec(
            &app,
            &format!(
                "INSERT INTO retention_alarms (sensor_id, datastream, kind, raised_at, resolved_at, resolution) \
             VALUES ({}, 'niveau', 'overdue', {raised}, {resolved}, {how})",
                ids[0].0
            ),
        )
        .await;
    }
    // A consultation held inside (decided, with two votes and a comment in the quarter); one held later.
    let decision = decided(&mut app, "Éclairage intelligent", "adopted").await;
    decided(&mut app, "Vidéoprotection gare", "rejected").await;
    let (held,): (i64,) = sqlx::query_as("SELECT id FROM consultations WHERE title = 'Éclairage intelligent'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    exec(
        &app,
        &format!(
            "UPDATE consultations SET opened_at = {}, closed_at = {} WHERE id = {held}",
            start + DAY,
            start + 60 * DAY
        ),
    )
    .await;
    exec(
        &app,
        &format!(
            "UPDATE consultations SET opened_at = {}, closed_at = {} WHERE id <> {held}",
            end + DAY,
            end + 9 * DAY
        ),
    )
    .await;
    resident(&app, "anne@exemple.fr", "Anne", None).await;
    resident(&app, "bruno@exemple.fr", "Bruno", None).await;
    for (n, (who, choice)) in [("anne@exemple.fr", "for"), ("bruno@exemple.fr", "against")].into_iter().enumerate() {
        exec(
            &app,
            &format!(
                "INSERT INTO consultation_votes (consultation_id, user_id, choice, cast_at, changed_at) \
             SELECT {held}, id, '{choice}', {t}, {t} FROM users WHERE email = '{who}'",
                t = start + (n as i64 + 2) * DAY
            ),
        )
        .await;
    }
    exec(&app, &format!(
        "INSERT INTO comments (consultation_id, depth, alignment, body, created_at) VALUES ({held}, 0, 'for', 'Oui', {}), ({held}, 0, 'for', 'Tard', {})",
        start + 3 * DAY, end + 3 * DAY
    )).await;
    // Decisions: the adopted one dated inside; the rejected one keeps its date in the first quarter.
    exec(&app, &format!("UPDATE decisions SET decided_on = '2026-06-30' WHERE id = {decision}")).await;
    // The demo budget's vote closed on the quarter's last second; its winners are followed, one updated inside.
    exec(&app, &format!("UPDATE budgets SET closed_at = {}", end - 1)).await;
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let (slug,): (String,) = sqlx::query_as("SELECT slug FROM budgets").fetch_one(&app.state.db.pool).await.unwrap();
    let parent = app.post("/projets/budget", &[("slug", slug.as_str())]).await.location.unwrap();
    let (part,): (i64,) = sqlx::query_as("SELECT MIN(id) FROM projects WHERE parent_id IS NOT NULL")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let update = [("happened_on", "2026-04-15"), ("status", "in_study"), ("progress", "5"), ("spent", "0")];
    assert_eq!(app.post(&format!("/projets/{part}/avancement"), &update).await.status, StatusCode::SEE_OTHER);

    // The quarter, as anyone reads it.
    app.new_visitor();
    let file = app.get("/bilan/2026-T2/csv").await;
    assert_eq!(file.status, StatusCode::OK);
    let lines: Vec<Vec<String>> = file.body.lines().map(|l| l.split(',').map(str::to_string).collect()).collect();
    assert_eq!(lines[0], ["period", "section", "item", "measure", "value"]);
    let sensors = |item: &str, measure: &str| value(&lines, "capteurs-domaines", item, measure).parse::<i64>().unwrap();
    let levels = |item: &str, measure: &str| value(&lines, "capteurs-niveaux", item, measure).parse::<i64>().unwrap();
    let total = |section: &str, measure: &str| -> i64 {
        lines.iter().filter(|l| l[1] == section && l[3] == measure).map(|l| l[4].parse::<i64>().unwrap()).sum()
    };
    for section in ["capteurs-domaines", "capteurs-niveaux"] {
        assert_eq!(
            (total(section, "added"), total(section, "suspended"), total(section, "removed")),
            (1, 1, 1),
            "{section}"
        );
    }
    assert_eq!(sensors(&ids[2].1, "added"), 1);
    assert_eq!(sensors(&ids[0].1, "suspended"), 1);
    assert_eq!(levels(&ids[1].2, "removed"), 1);
    let retention = |m: &str| value(&lines, "conservation", m, "count").parse::<i64>().unwrap();
    assert_eq!((retention("purges"), retention("rows-deleted"), retention("hours-deleted")), (2, 10, 2));
    assert_eq!(
        (retention("alarms-raised"), retention("alarms-purged"), retention("alarms-cleared"), retention("alarms-open")),
        (2, 1, 1, 1)
    );
    let consultation = lines.iter().find(|l| l[1] == "consultations").map(|l| l[2].clone()).unwrap();
    assert!(consultation.starts_with("eclairage-intelligent"), "only the consultation held inside: {consultation}");
    assert_eq!(lines.iter().filter(|l| l[1] == "consultations" && l[3] == "phase").count(), 1);
    assert_eq!(
        (
            value(&lines, "consultations", &consultation, "for"),
            value(&lines, "consultations", &consultation, "against")
        ),
        ("1", "1")
    );
    assert_eq!(value(&lines, "consultations", &consultation, "comments"), "1");
    assert_eq!(lines.iter().filter(|l| l[1] == "decisions" && l[3] == "outcome").count(), 1);
    assert_eq!(value(&lines, "decisions", &decision, "outcome"), "adopted");
    let winners: i64 = value(&lines, "budgets", &slug, "funded").parse().unwrap();
    assert!(winners > 0);
    assert_eq!(
        lines.iter().filter(|l| l[1] == "projects" && l[3] == "updates").count(),
        1,
        "only the part updated inside"
    );
    assert_eq!(value(&lines, "projects", &part.to_string(), "updates"), "1");
    assert_eq!(value(&lines, "projects", &part.to_string(), "status"), "in_study");
    assert!(!parent.is_empty());

    // The page, and the list of periods; periods that have not begun, or are not periods, are not found.
    let page = app.get("/bilan/2026-T2").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    for part in [
        "Bilan de la donnée publique pour le 2e trimestre 2026",
        "Du 1er avril 2026 au 30 juin 2026",
        "Éclairage intelligent",
        "1 pour, 1 contre, 0 abstentions",
        "Alertes encore ouvertes en fin de période",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
    assert!(!text.contains("Vidéoprotection gare"), "held later, decided earlier: {text}");
    let list = app.get("/bilan").await;
    assert!(list.body.contains(r#"href="/bilan/2026-T2""#) && list.text().contains("l’année 2026"));
    assert!(app.get("/").await.body.contains(r#"href="/bilan""#), "the footer links to it");
    assert_eq!(app.get("/bilan/2099").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get("/bilan/2026-T7/csv").await.status, StatusCode::NOT_FOUND);
}
on_both_engines!(bulletin, a_quarter_against_fixtures);
