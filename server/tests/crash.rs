//! A crash during ingestion loses nothing that was acknowledged: a real `clairvoie serve` receives batches, is
//! killed with SIGKILL in the middle, restarted, and every row of every batch answered 2xx is in the database
//! (SQLite and PostgreSQL).

mod common;

use common::{Engine, TestApp};
use std::process::{Child, Command, Stdio};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn serve(app: &TestApp, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_clairvoie"))
        .arg("serve")
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("CLAIRVOIE_DATA_DIR", &app.dir)
        .env("CLAIRVOIE_ADDR", format!("127.0.0.1:{port}"))
        .env("CLAIRVOIE_INGEST_RATE", "100000")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the clairvoie binary starts")
}

/// Posts a JSON body over a plain connection; the status code, or `None` if the connection broke.
async fn post(port: u16, token: &str, body: &str) -> Option<u16> {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let request = format!(
        "POST /api/v1/observations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.ok()?;
    let text = String::from_utf8_lossy(&answer);
    text.split_whitespace().nth(1)?.parse().ok()
}

async fn wait_until_up(port: u16) {
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("clairvoie serve did not start on port {port}");
}

/// The batch number `n`: 100 rows of its own times.
fn batch(n: i64, start_ms: i64) -> (String, Vec<i64>) {
    let times: Vec<i64> = (0..100).map(|i| start_ms + n * 100 + i).collect();
    let rows: Vec<String> = times
        .iter()
        .map(|t| {
            format!(
                r#"{{"datastream": "DV-0001/fill_level", "time": "{}", "value": {}}}"#,
                app::format::rfc3339(*t),
                t % 100
            )
        })
        .collect();
    (format!("[{}]", rows.join(",")), times)
}

async fn nothing_acknowledged_is_lost(app: TestApp) {
    sqlx::query("UPDATE sensors SET status = 'active' WHERE reference = 'DV-0001'")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let token = app::ingest::service::issue_token_cli(&app.state, "DV-0001").await.unwrap();
    let port = free_port();
    let mut server = serve(&app, port);
    wait_until_up(port).await;

    let start_ms = app::db::now() * 1000 - 3_600_000;
    let mut acknowledged: Vec<i64> = vec![];
    let mut n = 0;
    let killer = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        server.kill().expect("SIGKILL");
        server.wait().unwrap();
    });
    // Several requests in flight at once, so the kill lands in the middle of some.
    loop {
        let requests: Vec<_> = (0..4)
            .map(|k| {
                let (body, times) = batch(n + k, start_ms);
                let token = token.clone();
                tokio::spawn(async move { (post(port, &token, &body).await, times) })
            })
            .collect();
        n += 4;
        let mut broken = false;
        for request in requests {
            match request.await.unwrap() {
                (Some(200), times) => acknowledged.extend(times),
                (Some(status), _) => panic!("unexpected status {status}"),
                (None, _) => broken = true,
            }
        }
        if broken {
            break;
        }
    }
    killer.await.unwrap();
    assert!(acknowledged.len() >= 400, "the server acknowledged batches before it was killed");

    // Restarted: it serves again, and every acknowledged row is there.
    let mut server = serve(&app, port);
    wait_until_up(port).await;
    let stored: Vec<(i64,)> = sqlx::query_as(
        "SELECT o.time FROM observations o JOIN datastreams d ON d.id = o.datastream_id WHERE d.name = 'fill_level'",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    let stored: std::collections::HashSet<i64> = stored.into_iter().map(|(t,)| t).collect();
    let lost: Vec<&i64> = acknowledged.iter().filter(|t| !stored.contains(t)).collect();
    assert!(lost.is_empty(), "{} acknowledged rows lost", lost.len());
    // A batch whose answer never came can be sent again: what was stored is reported as duplicate.
    let (body, _) = batch(n - 1, start_ms);
    assert_eq!(post(port, &token, &body).await, Some(200));
    server.kill().unwrap();
    server.wait().unwrap();
    app.cleanup().await;
}

mod kill_during_ingestion {
    use super::*;
    #[tokio::test]
    async fn sqlite() {
        nothing_acknowledged_is_lost(TestApp::new(Engine::Sqlite).await).await;
    }
    #[tokio::test]
    async fn postgres() {
        nothing_acknowledged_is_lost(TestApp::new(Engine::Postgres).await).await;
    }
}
