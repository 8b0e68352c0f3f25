//! Structured logs: with `CLAIRVOIE_LOG_FORMAT=json` a real `clairvoie serve` writes one JSON object per line, and
//! after sign-ins (one refused), a password-reset mail, device batches (one refused) and a stop by SIGTERM, no line
//! holds an e-mail address, a password, a device token, a mailed link or the client's address.

use crate::common;

use common::consultations::{resident, PASSWORD};
use common::{Engine, TestApp};
use std::process::{Command, Stdio};
use std::time::Duration;

#[tokio::test]
async fn json_logs_carry_no_personal_data_and_no_secret() {
    let mut app = TestApp::new(Engine::Sqlite).await;
    let email = "journal-secret@exemple.fr";
    resident(&app, email, "Personne Secrète", None).await;
    sqlx::query("UPDATE sensors SET status = 'active' WHERE reference = 'DV-0001'")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let token = app::ingest::service::issue_token_cli(&app.state, "DV-0001").await.unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let log = app.dir.join("server.log");
    let mut server = Command::new(env!("CARGO_BIN_EXE_clairvoie"))
        .arg("serve")
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("CLAIRVOIE_DATA_DIR", &app.dir)
        .env("CLAIRVOIE_ADDR", format!("127.0.0.1:{port}"))
        .env("CLAIRVOIE_PUBLIC_URL", "http://localhost")
        .env("CLAIRVOIE_LOG_FORMAT", "json")
        // Our own debug lines too; libraries at their production level.
        .env("RUST_LOG", "info,app=debug")
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let addr: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.through(Some(addr));

    let wrong = app.post("/compte/connexion", &[("email", email), ("password", "pas le bon mot de passe")]).await;
    assert_eq!(wrong.status, 303);
    app.sign_in(email, PASSWORD).await;
    app.new_visitor();
    app.post_and_follow("/compte/mot-de-passe-oublie", &[("email", email)]).await;
    let link = app.last_link_to(email);
    let reset_token = link.rsplit(['=', '/']).next().unwrap().to_string();
    let now = app::db::now() * 1000 - 60_000;
    let good =
        format!(r#"[{{"datastream": "DV-0001/fill_level", "time": "{}", "value": 40}}]"#, app::format::rfc3339(now));
    assert_eq!(app.post_json("/api/v1/observations", Some(&token), &good).await.status, 200);
    let bad = r#"[{"datastream": "DV-0001/nope", "time": "hier", "value": 1}]"#;
    app.post_json("/api/v1/observations", Some(&token), bad).await;
    app.post_json("/api/v1/observations", Some("not-a-token"), &good).await;

    // Stopped as systemd does: the process ends cleanly.
    let pid = server.id().to_string();
    assert!(Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let mut stopped = None;
    for _ in 0..100 {
        if let Some(status) = server.try_wait().unwrap() {
            stopped = Some(status);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let stopped = stopped.unwrap_or_else(|| {
        let _ = server.kill();
        panic!("SIGTERM did not stop the server within 10 s")
    });
    assert!(stopped.success(), "a clean exit on SIGTERM: {stopped}");

    let text = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!lines.is_empty());
    let mut messages = vec![];
    for line in &lines {
        let entry: serde_json::Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("not a JSON line ({e}): {line}"));
        assert!(entry["timestamp"].is_string() && entry["level"].is_string(), "{line}");
        messages.push(entry["message"].as_str().unwrap_or_default().to_string());
        for secret in [email, PASSWORD, "pas le bon mot de passe", token.as_str(), reset_token.as_str(), "127.0.0.1:"] {
            if secret == "127.0.0.1:" && line.contains("listening on") {
                continue; // the server's own address, not a client's
            }
            assert!(!line.contains(secret), "a log line holds {secret:?}: {line}");
        }
        assert!(!line.contains("http://localhost/compte"), "a mailed link was logged: {line}");
    }
    assert!(messages.iter().any(|m| m.contains("listening on")), "{messages:?}");
    assert!(messages.iter().any(|m| m == "mail written to the outbox"), "the mail was logged, without its link");
    app.through(None);
}
