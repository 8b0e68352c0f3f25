//! A crash during ingestion loses nothing that was acknowledged: a real `clairvoie serve` receives batches, is
//! killed with SIGKILL in the middle, restarted, and every row of every batch answered 2xx is in the database
//! (SQLite and PostgreSQL). Likewise during ballot checkout: after the restart every participation has its whole
//! ballot, and each voter's ballot is the last one acknowledged or one sent after it.

use crate::common;

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
    let rows_so_far = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let seen = rows_so_far.clone();
    let killer = tokio::spawn(async move {
        // After at least 1.5 s and 400 acknowledged rows, however loaded the machine.
        tokio::time::sleep(Duration::from_millis(1500)).await;
        let waiting = std::time::Instant::now();
        while seen.load(std::sync::atomic::Ordering::SeqCst) < 400 && waiting.elapsed() < Duration::from_secs(60) {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
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
                (Some(200), times) => {
                    rows_so_far.fetch_add(times.len(), std::sync::atomic::Ordering::SeqCst);
                    acknowledged.extend(times)
                }
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

/// Voter `v`'s `n`-th ballot: one or two of the projects, different from one ballot to the next.
fn choice(projects: &[i64], v: usize, n: usize) -> Vec<i64> {
    let mut chosen = vec![projects[(v + n) % projects.len()]];
    if n % 2 == 1 {
        chosen.push(projects[(v + n + 2) % projects.len()]);
    }
    chosen.sort_unstable();
    chosen
}

async fn no_ballot_is_half_written(mut app: TestApp) {
    let projects = ["Bancs", "Arbres", "Fontaine", "Jeux", "Abri vélos"];
    let (slug, envelope, projects) =
        common::budgets::in_voting(&app, "Budget des quartiers", "100 000", "10 000", &projects).await;
    let voters: Vec<String> = (0..24).map(|v| format!("electeur{v}@exemple.fr")).collect();
    for email in &voters {
        common::consultations::resident(&app, email, "Électeur", None).await;
    }
    let port = free_port();
    let mut server = serve(&app, port);
    wait_until_up(port).await;
    let addr: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
    app.through(Some(addr));
    let mut jars = vec![];
    for email in &voters {
        app.new_visitor();
        app.sign_in(email, common::consultations::PASSWORD).await;
        jars.push(app.swap_browser(Default::default()));
    }

    // Every voter checks out ballot after ballot (a new choice each time) until the server dies under them.
    let path = format!("/budgets/{slug}/vote");
    let acknowledged_so_far = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let voting: Vec<_> = jars
        .into_iter()
        .enumerate()
        .map(|(v, jar)| {
            let (path, projects) = (path.clone(), projects.clone());
            let acknowledged_so_far = acknowledged_so_far.clone();
            tokio::spawn(async move {
                let mut sent: Vec<(Vec<i64>, bool)> = vec![];
                for n in 0.. {
                    let chosen = choice(&projects, v, n);
                    let mut fields = vec![
                        ("csrf".to_string(), jar[app::web::forms::CSRF_COOKIE].clone()),
                        ("enveloppe".to_string(), envelope.to_string()),
                    ];
                    fields.extend(chosen.iter().map(|p| (format!("v_{p}"), "1".to_string())));
                    let body = fields
                        .iter()
                        .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
                        .collect::<Vec<_>>()
                        .join("&");
                    let cookies = jar.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
                    let request = axum::http::Request::post(&path)
                        .header("host", "localhost")
                        .header("cookie", cookies)
                        .header("content-type", "application/x-www-form-urlencoded")
                        .body(axum::body::Body::from(body))
                        .unwrap();
                    match common::remote::try_send(addr, request).await {
                        Ok(answer) => {
                            assert_eq!(answer.status(), 303, "a ballot is answered by a redirect");
                            sent.push((chosen, true));
                            acknowledged_so_far.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        }
                        Err(_) => {
                            sent.push((chosen, false));
                            return sent;
                        }
                    }
                }
                unreachable!()
            })
        })
        .collect();
    // Killed in the middle of the checkouts: after at least 1.5 s and two ballots per voter, however loaded the
    // machine (a busy one acknowledges fewer in 1.5 s).
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let waiting = std::time::Instant::now();
    while acknowledged_so_far.load(std::sync::atomic::Ordering::SeqCst) < 48
        && waiting.elapsed() < Duration::from_secs(60)
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.kill().expect("SIGKILL");
    server.wait().unwrap();
    let mut sent = vec![];
    for voter in voting {
        sent.push(voter.await.unwrap());
    }
    let acknowledged: usize = sent.iter().map(|s| s.iter().filter(|(_, ack)| *ack).count()).sum();
    assert!(acknowledged >= 48, "ballots were checked out before the kill ({acknowledged})");
    eprintln!("{acknowledged} ballots acknowledged before the kill");

    // Restarted: every participation has its whole ballot, and each voter's ballot is their last acknowledged
    // one or one sent after it (its answer lost with the process).
    let mut server = serve(&app, port);
    wait_until_up(port).await;
    let db = &app.state.db.pool;
    let scalar = |sql: &'static str| async move {
        let (n,): (i64,) = sqlx::query_as(sql).bind(envelope).fetch_one(db).await.unwrap();
        n
    };
    let empty = "SELECT COUNT(*) FROM budget_ballots b WHERE b.envelope_id = $1 \
                 AND NOT EXISTS (SELECT 1 FROM budget_ballot_items i WHERE i.ballot_id = b.id)";
    assert_eq!(scalar(empty).await, 0, "no ballot without its choices");
    let unmatched = "SELECT COUNT(*) FROM budget_participations p WHERE p.envelope_id = $1 AND NOT EXISTS \
                     (SELECT 1 FROM budget_ballots b WHERE b.ballot_key = p.ballot_key AND b.envelope_id = $1)";
    assert_eq!(scalar(unmatched).await, 0, "no participation without its ballot");
    let participations = scalar("SELECT COUNT(*) FROM budget_participations WHERE envelope_id = $1").await;
    assert_eq!(scalar("SELECT COUNT(*) FROM budget_ballots WHERE envelope_id = $1").await, participations);
    for (v, email) in voters.iter().enumerate() {
        let items: Vec<(i64,)> = sqlx::query_as(
            "SELECT i.project_id FROM budget_participations p JOIN users u ON u.id = p.user_id \
             JOIN budget_ballots b ON b.ballot_key = p.ballot_key JOIN budget_ballot_items i ON i.ballot_id = b.id \
             WHERE p.envelope_id = $1 AND u.email = $2 ORDER BY i.project_id",
        )
        .bind(envelope)
        .bind(email)
        .fetch_all(db)
        .await
        .unwrap();
        let stored: Vec<i64> = items.into_iter().map(|(p,)| p).collect();
        let last_ack = sent[v].iter().rposition(|(_, ack)| *ack);
        let possible: Vec<&Vec<i64>> = sent[v][last_ack.unwrap_or(0)..].iter().map(|(c, _)| c).collect();
        match last_ack {
            Some(_) => assert!(possible.contains(&&stored), "voter {v}: {stored:?} not in {possible:?}"),
            None => assert!(stored.is_empty() || possible.contains(&&stored), "voter {v}: {stored:?}"),
        }
    }
    server.kill().unwrap();
    server.wait().unwrap();
    app.through(None);
}

mod kill_during_ballot_checkout {
    use super::*;
    #[tokio::test]
    async fn sqlite() {
        no_ballot_is_half_written(TestApp::new(Engine::Sqlite).await).await;
    }
    #[tokio::test]
    async fn postgres() {
        no_ballot_is_half_written(TestApp::new(Engine::Postgres).await).await;
    }
}
