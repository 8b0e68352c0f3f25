//! The `clairvoie` binary itself (subcommands, help, exit codes, backups) and the operations endpoints (`/readyz`,
//! `/metrics`), on SQLite and PostgreSQL.

use crate::common;

use std::process::Command;

fn clairvoie(database_url: &str, data_dir: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_clairvoie"))
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("CLAIRVOIE_DATA_DIR", data_dir)
        .env("CLAIRVOIE_PUBLIC_URL", "https://ville.example.fr")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the clairvoie binary runs");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn help_documents_commands_and_environment() {
    let dir = std::env::temp_dir();
    let (ok, out, _) = clairvoie("sqlite://unused.db", &dir, &["--help"]);
    assert!(ok);
    for needle in [
        "serve",
        "migrate",
        "create-admin EMAIL",
        "seed-demo",
        "DATABASE_URL",
        "CLAIRVOIE_ADDR",
        "CLAIRVOIE_DATA_DIR",
        "SMTP_URL",
        "CLAIRVOIE_PUBLIC_URL",
        "device token --sensor REF",
        "retention run",
        "CLAIRVOIE_INGEST_RATE",
        "CLAIRVOIE_RETENTION_INTERVAL",
        "audit verify",
        "backup FILE",
        "register import FILE.csv",
        "CLAIRVOIE_REGISTER_SECRET",
        "CLAIRVOIE_OIDC_NAME_ISSUER",
        "pg_restore",
    ] {
        assert!(out.contains(needle), "--help lacks {needle}:\n{out}");
    }
    let (ok, _, err) = clairvoie("sqlite://unused.db", &dir, &["frobnicate"]);
    assert!(!ok);
    assert!(err.contains("unknown command"), "{err}");
}

/// migrate, seed-demo (twice: idempotent), create-admin (and its refusal of a bad address) on one engine.
async fn commands_work_on(database_url: String, dir: std::path::PathBuf) {
    let (ok, out, err) = clairvoie(&database_url, &dir, &["migrate"]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("Database migrated"), "{out}");
    for _ in 0..2 {
        let (ok, out, err) = clairvoie(&database_url, &dir, &["seed-demo"]);
        assert!(ok, "{out}{err}");
        assert!(out.contains("admin@demo.clairvoie.fr") && out.contains("demo-admin-clairvoie"), "{out}");
    }
    let db = app::db::Db::connect(&database_url).await.unwrap();
    let (users,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(&db.pool).await.unwrap();
    let (districts,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM districts").fetch_one(&db.pool).await.unwrap();
    let (sensors,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sensors").fetch_one(&db.pool).await.unwrap();
    assert_eq!(
        (users, districts, sensors),
        (app::demo::ACCOUNTS.len() as i64, 5, 2000),
        "seeding twice changes nothing"
    );
    // The demo's participation, once: a decided consultation with its published decision, and an open one.
    let consultations: Vec<(String, String)> =
        sqlx::query_as("SELECT title, status FROM consultations ORDER BY id").fetch_all(&db.pool).await.unwrap();
    assert_eq!(
        consultations,
        [
            ("Compteurs de fréquentation Wi-Fi en centre-ville".to_string(), "decided".to_string()),
            ("Capteurs de bruit place du Marché".to_string(), "open".to_string())
        ]
    );
    // The open one is for verified residents; the demo register holds the fictitious town, and the demo
    // resident is verified by it (the register's district, a verified birth date).
    let (voters,): (String,) =
        sqlx::query_as("SELECT voters FROM consultations WHERE status = 'open'").fetch_one(&db.pool).await.unwrap();
    assert_eq!(voters, "residents");
    // So is the budget open to votes (the Toulouse budget beside it is counted already), with four projects.
    let budgets: Vec<(String, String, String)> =
        sqlx::query_as("SELECT title, phase, voters FROM budgets ORDER BY id").fetch_all(&db.pool).await.unwrap();
    assert_eq!(budgets.len(), 2, "{budgets:?}");
    assert_eq!(
        budgets[1],
        ("Budget participatif 2027 des quartiers".to_string(), "voting".to_string(), "residents".to_string())
    );
    let (feasible,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM budget_projects p JOIN budgets b ON b.id = p.budget_id \
         WHERE b.phase = 'voting' AND p.status = 'feasible'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(feasible, 4);
    let (entries, claimed): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(claimed_by) FROM register_entries").fetch_one(&db.pool).await.unwrap();
    assert_eq!((entries, claimed), ((app::demo::REGISTER_SIZE + app::demo::REGISTERED.len()) as i64, 1));
    let (method, birth, district): (String, String, String) = sqlx::query_as(
        "SELECT u.residence_method, u.birth_date, d.slug FROM users u JOIN districts d ON d.id = u.residence_district_id \
         WHERE u.email = 'habitant@demo.clairvoie.fr'",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!((method.as_str(), birth.as_str(), district.as_str()), ("register", "1985-06-15", "centre-ville"));
    let (outcome, reference): (String, String) =
        sqlx::query_as("SELECT outcome, reference FROM decisions").fetch_one(&db.pool).await.unwrap();
    assert_eq!((outcome.as_str(), reference.as_str()), ("adopted_with_changes", "délibération n° 2026-031"));
    // Its project follow-up, once: the counters' project (with the four counters it installed) and the budget's
    // winners under one parent.
    let (projects, top, delivered): (i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), SUM(CASE WHEN parent_id IS NULL THEN 1 ELSE 0 END), \
         (SELECT COUNT(*) FROM project_sensors) FROM projects",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert!(projects > 2 && top == 2 && delivered == 4, "{projects} {top} {delivered}");
    let (ok, _, err) = clairvoie(&database_url, &dir, &["seed-demo", "--sensors", "beaucoup"]);
    assert!(!ok && err.contains("--sensors needs a number"), "{err}");

    let (ok, out, err) = clairvoie(&database_url, &dir, &["create-admin", "maire@ville.example.fr"]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("https://ville.example.fr/compte/reinitialiser?jeton="), "{out}");
    let (ok, _, err) = clairvoie(&database_url, &dir, &["create-admin", "pas-une-adresse"]);
    assert!(!ok);
    assert!(err.contains("not a valid email address"), "{err}");
    let (ok, _, err) = clairvoie(&database_url, &dir, &["create-admin"]);
    assert!(!ok);
    assert!(err.contains("usage"), "{err}");

    // A device token printed once, stored hashed, scoped to its sensor.
    let (ok, out, err) = clairvoie(&database_url, &dir, &["device", "token", "--sensor", "dv-0001"]);
    assert!(ok, "{out}{err}");
    let token = out.trim();
    assert_eq!(token.len(), 43, "{out}");
    let (hash, reference): (String, String) =
        sqlx::query_as("SELECT t.token_hash, s.reference FROM device_tokens t JOIN sensors s ON s.id = t.sensor_id")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!((hash, reference.as_str()), (app::ingest::service::secret_hash(token), "DV-0001"));
    let (ok, _, err) = clairvoie(&database_url, &dir, &["device", "token", "--sensor", "XX-9999"]);
    assert!(!ok && err.contains("no sensor with the reference XX-9999"), "{err}");
    let (ok, _, err) = clairvoie(&database_url, &dir, &["device", "token"]);
    assert!(!ok && err.contains("usage: clairvoie device token --sensor REF"), "{err}");

    // A retention run over the whole registry.
    let (ok, out, err) = clairvoie(&database_url, &dir, &["retention", "run"]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("Retention run:") && out.contains("0 measurements"), "{out}");

    // The resident register from a file: only keys are kept; a wrong line refuses the file and names itself.
    let file = dir.join("registre.csv");
    let header = "nom,prenoms,date_naissance,code_postal,quartier\n";
    std::fs::write(&file, format!("{header}Le Goff,Jean,14/03/1980,44000,centre-ville\n")).unwrap();
    let path = file.to_str().unwrap();
    let (ok, out, err) = clairvoie(&database_url, &dir, &["register", "import", path]);
    // It replaces the demo's register: the demo resident's entry goes with it.
    let removed = format!("1 added, 0 kept, {} removed", app::demo::REGISTER_SIZE + app::demo::REGISTERED.len());
    assert!(ok && out.contains(&removed), "{out}{err}");
    let (verified,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users WHERE residence_method IS NOT NULL")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(verified, 0, "off the register, the demo resident is no longer verified by it");
    std::fs::write(&file, format!("{header}Le Goff,Jean,31/02/1980,44000,centre-ville\n")).unwrap();
    let (ok, _, err) = clairvoie(&database_url, &dir, &["register", "import", path]);
    assert!(!ok && err.contains("nothing imported") && err.contains("line 2, date_naissance: The birth date"), "{err}");
    let (entries,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM register_entries").fetch_one(&db.pool).await.unwrap();
    assert_eq!(entries, 1);
    let (ok, _, err) = clairvoie(&database_url, &dir, &["register"]);
    assert!(!ok && err.contains("usage: clairvoie register import FILE.csv"), "{err}");

    // The audit chain: intact, then an entry changed behind the application's back. The demo town's
    // consultations and the token issued above are already in it.
    let (before,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log").fetch_one(&db.pool).await.unwrap();
    assert!(before >= 1, "the token's entry at least");
    for n in 1..=3 {
        let mut tx = db.pool.begin().await.unwrap();
        let entry = app::audit::NewEntry {
            actor_id: None,
            action: "threshold",
            target_kind: "setting",
            target_id: n,
            reason: format!("essai {n}"),
        };
        app::audit::append(&mut tx, db.backend, &entry, 1_700_000_000 + n).await.unwrap();
        tx.commit().await.unwrap();
    }
    let (ok, out, err) = clairvoie(&database_url, &dir, &["audit", "verify"]);
    assert!(ok && out.contains(&format!("Audit log intact: {} entries", before + 3)), "{out}{err}");
    sqlx::query("UPDATE audit_log SET target_id = 9 WHERE seq = 2").execute(&db.pool).await.unwrap();
    let (ok, _, err) = clairvoie(&database_url, &dir, &["audit", "verify"]);
    assert!(!ok && err.contains("BROKEN at entry 2"), "{err}");
    let (ok, _, err) = clairvoie(&database_url, &dir, &["audit"]);
    assert!(!ok && err.contains("usage: clairvoie audit verify"), "{err}");
    db.pool.close().await;
}

#[tokio::test]
async fn commands_on_sqlite() {
    let dir = std::env::temp_dir().join(format!("clairvoie-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The SQLite file and its folder are created when absent.
    let url = format!("sqlite://{}/nested/clairvoie.db", dir.display());
    commands_work_on(url, dir.clone()).await;
    assert!(dir.join("nested/clairvoie.db").exists());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn commands_on_postgres() {
    let app = common::TestApp::new(common::Engine::Postgres).await;
    // A second, empty database beside the harness's: the binary migrates it from scratch.
    let admin_url =
        std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
    let admin = app::db::Db::connect(&admin_url).await.unwrap();
    let name = format!("clairvoie_cli_{}", std::process::id());
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&admin.pool).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.unwrap();
    let url = format!("{}/{name}", admin_url.rsplit_once('/').unwrap().0);
    commands_work_on(url, app.dir.clone()).await;
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&admin.pool).await.unwrap();
}

#[test]
fn refuses_an_unknown_database_scheme() {
    let (ok, _, err) = clairvoie("mysql://x", &std::env::temp_dir(), &["migrate"]);
    assert!(!ok);
    assert!(err.contains("DATABASE_URL must start with sqlite:// or postgres://"), "{err}");
}

/// `/readyz` says 503 once the database stops answering, or while a migration of this version is not applied;
/// `/healthz` (alive) stays 200 through both.
async fn readiness(mut app: common::TestApp) {
    let ready = app.get("/readyz").await;
    assert_eq!((ready.status.as_u16(), ready.body.as_str()), (200, "ready"));
    assert_eq!(app.get("/healthz").await.status, 200);
    let (latest,): (i64,) =
        sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations").fetch_one(&app.state.db.pool).await.unwrap();
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = $1")
        .bind(latest)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let pending = app.get("/readyz").await;
    assert_eq!((pending.status.as_u16(), pending.body.clone()), (503, format!("migrations pending: {latest}")));
    assert_eq!(app.get("/healthz").await.status, 200);
    app.state.db.pool.close().await;
    let down = app.get("/readyz").await;
    assert_eq!((down.status.as_u16(), down.body.as_str()), (503, "database unavailable"));
    assert_eq!(app.get("/healthz").await.status, 200, "alive: a database outage is not a reason to restart");
}
on_both_engines!(readyz, readiness);

async fn count(db: &app::db::Db, table: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&db.pool).await.unwrap();
    n
}

/// `clairvoie backup` while the application runs, then a restore into a new database by the documented command
/// (SQLite: the file copied in place; PostgreSQL: pg_restore): the restored town has what the backup had and not
/// what came after, its audit chain verifies, it is ready to serve (every migration applied).
async fn backup_and_restore(mut app: common::TestApp) {
    use common::consultations::{resident, ADMIN};
    let url = app.state.config.database_url.clone();
    let dir = app.dir.clone();
    // Something in the audit log, to verify after the restore.
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let threshold = app.post_and_follow("/moderation/reglages", &[("threshold", "4")]).await;
    assert_eq!(threshold.status, 200);
    let tables = ["users", "sensors", "districts", "audit_log", "settings", "budget_ballots"];
    let mut before = vec![];
    for t in tables {
        before.push(count(&app.state.db, t).await);
    }
    assert!(before[3] > 0, "an audit entry to carry over");

    let file = dir.join("sauvegarde.bak");
    let file = file.to_str().unwrap();
    let (ok, out, err) = clairvoie(&url, &dir, &["backup", file]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("Backup written to"), "{out}");
    // Later changes are not in the backup; a backup never overwrites a file.
    resident(&app, "apres@exemple.fr", "Après", None).await;
    let (ok, _, err) = clairvoie(&url, &dir, &["backup", file]);
    assert!(!ok && err.contains("exists"), "{err}");

    let (restored_url, cleanup) = match app.state.db.backend {
        app::db::Backend::Sqlite => {
            let target = dir.join("restauree.db");
            std::fs::copy(file, &target).unwrap();
            (format!("sqlite://{}", target.display()), None)
        }
        app::db::Backend::Postgres => {
            let admin_url = std::env::var("TEST_DATABASE_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
            let admin = app::db::Db::connect(&admin_url).await.unwrap();
            let name = format!("clairvoie_restore_{}", common::rand_u64());
            sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.unwrap();
            let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap();
            let target = format!("{base}/{name}");
            let status = Command::new("pg_restore")
                .args(["--no-owner", "--exit-on-error", "-d", &target, file])
                .status()
                .expect("pg_restore runs (PostgreSQL's client tools are required)");
            assert!(status.success(), "pg_restore: {status}");
            (target, Some((admin, name)))
        }
    };
    let restored = app::db::Db::connect(&restored_url).await.unwrap();
    let mut after = vec![];
    for t in tables {
        after.push(count(&restored, t).await);
    }
    assert_eq!(after, before, "{tables:?}");
    assert_eq!(count(&app.state.db, "users").await, before[0] + 1, "the live database went on");
    assert!(restored.pending_migrations().await.unwrap().is_empty(), "ready: every migration applied");
    restored.pool.close().await;
    let (ok, out, err) = clairvoie(&restored_url, &dir, &["audit", "verify"]);
    assert!(ok && out.contains("Audit log intact"), "{out}{err}");
    if let Some((admin, name)) = cleanup {
        sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).execute(&admin.pool).await.unwrap();
    }
}
on_both_engines!(backup, backup_and_restore);

/// A series' value in Prometheus text (0 when absent).
fn metric(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series).and_then(|rest| rest.strip_prefix(' ')))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0)
}

/// `/metrics`: refused to other machines and through a proxy; counts requests by route template and status
/// with their latency, observations by outcome, MQTT messages, retention runs — never an address asked for.
/// Counters are the process's, shared with the tests running beside this one: only increases are checked.
async fn metrics_endpoint(mut app: common::TestApp) {
    assert_eq!(app.get("/metrics").await.status, 403, "not from another machine");
    app.peer = "127.0.0.1:40000".parse().unwrap();
    let (proxied, _) = app.get_with("/metrics", &[("x-forwarded-for", "203.0.113.9")]).await;
    assert_eq!(proxied.status, 403, "not through a reverse proxy");
    let before = app.get("/metrics").await.body;

    assert_eq!(app.get("/capteurs/DV-0001").await.status, 200);
    assert_eq!(app.get("/capteurs/DV-0001").await.status, 200);
    assert_eq!(app.get("/pas/une/page").await.status, 404);
    sqlx::query("UPDATE sensors SET status = 'active' WHERE reference = 'DV-0001'")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let token = app::ingest::service::issue_token_cli(&app.state, "DV-0001").await.unwrap();
    let t = app::format::rfc3339((app::db::now() - 60) * 1000);
    let batch = format!(
        r#"[{{"datastream": "DV-0001/fill_level", "time": "{t}", "value": 42}},
            {{"datastream": "DV-0001/fill_level", "time": "{t}", "value": "plein"}}]"#
    );
    assert_eq!(app.post_json("/api/v1/observations", Some(&token), &batch).await.status, 207);
    assert!(app::ingest::mqtt::handle(&app.state, "ailleurs/rien", b"{}").await.is_err());
    app::ingest::retention::run(&app.state).await.unwrap();

    let after = app.get("/metrics").await;
    assert_eq!(after.status, 200);
    assert_eq!(after.headers["content-type"], "text/plain; version=0.0.4; charset=utf-8");
    let grew = |series: &str, by: f64| {
        let (b, a) = (metric(&before, series), metric(&after.body, series));
        assert!(a - b >= by, "{series}: {b} → {a}\n{}", after.body);
    };
    grew(r#"clairvoie_http_requests_total{method="GET",route="/capteurs/{reference}",status="200"}"#, 2.0);
    grew(r#"clairvoie_http_requests_total{method="GET",route="other",status="404"}"#, 1.0);
    grew(r#"clairvoie_http_requests_total{method="POST",route="/api/v1/observations",status="207"}"#, 1.0);
    grew(r#"clairvoie_http_request_duration_seconds_count{route="/capteurs/{reference}"}"#, 2.0);
    grew(r#"clairvoie_http_request_duration_seconds_bucket{route="/capteurs/{reference}",le="+Inf"}"#, 2.0);
    grew(r#"clairvoie_observations_total{outcome="accepted"}"#, 1.0);
    grew(r#"clairvoie_observations_total{outcome="rejected"}"#, 1.0);
    grew("clairvoie_mqtt_messages_total", 1.0);
    grew(r#"clairvoie_job_runs_total{job="retention",result="ok"}"#, 1.0);
    assert!(!after.body.contains("DV-0001") && !after.body.contains("pas/une"), "no address in the labels");
}
on_both_engines!(metrics, metrics_endpoint);
