//! Several instances on one database. On PostgreSQL, two real `clairvoie serve` processes share one database and
//! one MQTT broker: a session opened on one is valid on the other; ingestion through both at once loses nothing
//! and stores a row sent to both once; MQTT messages are each handled by one instance; the retention job, which
//! both run, deletes each row once and writes one ledger entry per datastream; votes cast through both count once
//! per voter. On SQLite (one machine), the `clairvoie retention run` command typed beside the server's own job
//! waits for it instead of purging beside it.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::consultations::{open_consultation, resident, ADMIN, PASSWORD};
use common::{remote, Engine, TestApp};
use http_body_util::BodyExt;
use rumqttc::{AsyncClient, MqttOptions, QoS};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `clairvoie serve`, killed when dropped (a failing test leaves no process behind).
struct Instance {
    child: Child,
    addr: SocketAddr,
    log: std::path::PathBuf,
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Instance {
    /// Starts a server on `app`'s database with `env` added; its log goes to a file in the test's folder.
    fn start(app: &TestApp, name: &str, env: &[(&str, String)]) -> Instance {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let log = app.dir.join(format!("{name}.log"));
        let mut command = Command::new(env!("CARGO_BIN_EXE_clairvoie"));
        command
            .arg("serve")
            .env("DATABASE_URL", &app.state.config.database_url)
            .env("CLAIRVOIE_DATA_DIR", app.dir.join(name))
            .env("CLAIRVOIE_ADDR", format!("127.0.0.1:{port}"))
            .env("CLAIRVOIE_PUBLIC_URL", "http://localhost")
            .env("CLAIRVOIE_INGEST_RATE", "100000")
            .env("RUST_LOG", "warn,app::ingest::retention=info")
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::null());
        for (k, v) in env {
            command.env(k, v);
        }
        let child = command.spawn().expect("the clairvoie binary starts");
        Instance { child, addr: ([127, 0, 0, 1], port).into(), log }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until `/readyz` answers 200.
    async fn ready(&self) {
        for _ in 0..150 {
            if tokio::net::TcpStream::connect(self.addr).await.is_ok() {
                let answer = remote::send(self.addr, Request::get("/readyz").body(Body::empty()).unwrap()).await;
                if answer.status() == StatusCode::OK {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("instance at {} not ready in 15 s; its log:\n{}", self.addr, self.log());
    }

    /// The value of an unlabelled counter in this instance's `/metrics`.
    async fn counter(&self, name: &str) -> u64 {
        let answer = remote::send(self.addr, Request::get("/metrics").body(Body::empty()).unwrap()).await;
        let text = String::from_utf8(answer.into_body().collect().await.unwrap().to_bytes().to_vec()).unwrap();
        let line = text.lines().find(|l| l.starts_with(&format!("{name} "))).unwrap_or_else(|| panic!("{name}"));
        line.rsplit(' ').next().unwrap().parse().unwrap()
    }
}

/// A form post with a browser's cookies (the session and the CSRF token), sent to `addr`.
async fn post_as(addr: SocketAddr, jar: &BTreeMap<String, String>, path: &str, fields: &[(&str, &str)]) -> StatusCode {
    let csrf = jar.get(app::web::forms::CSRF_COOKIE).cloned().unwrap_or_default();
    let body = std::iter::once(("csrf", csrf.as_str()))
        .chain(fields.iter().copied())
        .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let cookies = jar.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let request = Request::post(path)
        .header(header::HOST, "localhost")
        .header(header::COOKIE, cookies)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    remote::send(addr, request).await.status()
}

/// A device's batch, sent to `addr`.
async fn ingest(addr: SocketAddr, token: &str, body: String) -> StatusCode {
    remote::send(addr, remote::observations(token, body)).await.status()
}

/// `count` rows of `stream` (`REF/name`) from `start_ms`, one millisecond apart, as a JSON batch.
fn batch(stream: &str, start_ms: i64, count: i64) -> String {
    let rows: Vec<String> = (0..count)
        .map(|i| {
            let time = app::format::rfc3339(start_ms + i);
            format!(r#"{{"datastream": "{stream}", "time": "{time}", "value": {}}}"#, i % 90)
        })
        .collect();
    format!("[{}]", rows.join(","))
}

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&app.state.db.pool).await.unwrap();
    n
}

/// Fills every datastream of DV-0001 with `rows` values a day older than its retention allows (straight into
/// the database, as if stored back then); returns the datastreams' ids.
async fn fill_due_rows(app: &TestApp, rows: i64) -> Vec<i64> {
    let db = &app.state.db;
    let streams: Vec<(i64, String)> = sqlx::query_as(
        "SELECT d.id, d.raw_retention FROM datastreams d JOIN sensors s ON s.id = d.sensor_id \
         WHERE s.reference = 'DV-0001' ORDER BY d.id",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let now_ms = app::db::now() * 1000;
    for (id, retention) in &streams {
        let start = app::ingest::rules::earliest_kept(retention, now_ms).unwrap() - 86_400_000 - rows;
        // One statement both engines run, however many rows.
        sqlx::query(
            "WITH RECURSIVE g(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM g WHERE n < $1 - 1) \
             INSERT INTO observations (datastream_id, time, number, received_at) SELECT $2, $3 + n, 1.0, $4 FROM g",
        )
        .bind(rows)
        .bind(*id)
        .bind(start)
        .bind(start / 1000)
        .execute(&db.pool)
        .await
        .unwrap();
    }
    streams.into_iter().map(|(id, _)| id).collect()
}

/// Waits until no value of `streams` is past its retention any more (the jobs have run), at most 60 s.
async fn purged(app: &TestApp, streams: &[i64], instances: &[&Instance]) {
    let list = streams.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(",");
    for _ in 0..600 {
        let left = scalar(app, &format!("SELECT COUNT(*) FROM observations WHERE datastream_id IN ({list})")).await;
        if left == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let logs: Vec<String> = instances.iter().map(|i| i.log()).collect();
    panic!("the due rows were not purged within 60 s; logs:\n{}", logs.join("\n---\n"));
}

/// One ledger entry per datastream, each with every row (each row deleted once, by one run), and one alarm.
async fn one_ledger_entry_each(app: &TestApp, streams: &[i64], rows: i64) {
    let entries: Vec<(String, i64)> = sqlx::query_as(
        "SELECT datastream, rows_deleted FROM purge_ledger WHERE reason = 'retention' ORDER BY datastream, id",
    )
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(entries.len(), streams.len(), "one ledger entry per datastream: {entries:?}");
    assert!(entries.iter().all(|(_, n)| *n == rows), "every row in one entry: {entries:?}");
    // The values were past retention and grace: one alarm per datastream, raised and resolved by the purge.
    let alarms: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT datastream, resolution FROM retention_alarms ORDER BY datastream, id")
            .fetch_all(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!(alarms.len(), streams.len(), "one alarm per datastream: {alarms:?}");
    assert!(alarms.iter().all(|(_, how)| how.as_deref() == Some("purged")), "{alarms:?}");
}

fn broker() -> String {
    std::env::var("MQTT_TEST_URL").unwrap_or_else(|_| "mqtt://127.0.0.1:1883".into())
}

#[tokio::test]
async fn two_instances_on_one_postgresql_database() {
    let mut app = TestApp::new(Engine::Postgres).await;
    sqlx::query("UPDATE sensors SET status = 'active' WHERE reference = 'DV-0001'")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let token = app::ingest::service::issue_token_cli(&app.state, "DV-0001").await.unwrap();
    // Enough due rows that a purge takes a few seconds (many batches): two unlocked runs would overlap.
    let due = 300_000;
    let streams = fill_due_rows(&app, due).await;
    let tag = format!("{:x}", common::rand_u64());
    let env = [
        ("CLAIRVOIE_RETENTION_INTERVAL", "1".to_string()),
        ("MQTT_URL", broker()),
        ("MQTT_TOPIC_ROOT", format!("t{tag}")),
        ("MQTT_SHARED_GROUP", format!("g{tag}")),
    ];
    let a = Instance::start(&app, "a", &env);
    let b = Instance::start(&app, "b", &env);
    a.ready().await;
    b.ready().await;

    // Retention: both run the job every second from the start; each row goes once, in one ledger entry.
    purged(&app, &streams, &[&a, &b]).await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    one_ledger_entry_each(&app, &streams, due).await;

    // A session opened on one instance is valid on the other.
    app.through(Some(a.addr));
    app.sign_in(ADMIN.0, ADMIN.1).await;
    app.through(Some(b.addr));
    let account = app.get("/compte").await;
    assert_eq!(account.status, StatusCode::OK);
    assert!(account.text().contains(ADMIN.0), "signed in on b too: {}", account.text());

    // Ingestion through both at once: every acknowledged row stored, a batch sent to both stored once.
    let start = app::db::now() * 1000 - 3_600_000;
    let mut sends = vec![];
    for n in 0..20i64 {
        let addr = if n % 2 == 0 { a.addr } else { b.addr };
        let (token, body) = (token.clone(), batch("DV-0001/fill_level", start + n * 100, 100));
        sends.push(tokio::spawn(async move { ingest(addr, &token, body).await }));
    }
    let twice = batch("DV-0001/fill_level", start + 10_000, 50);
    for addr in [a.addr, b.addr] {
        let (token, body) = (token.clone(), twice.clone());
        sends.push(tokio::spawn(async move { ingest(addr, &token, body).await }));
    }
    for send in sends {
        assert_eq!(send.await.unwrap(), StatusCode::OK);
    }
    let fill_level = "SELECT COUNT(*) FROM observations o JOIN datastreams d ON d.id = o.datastream_id \
                      WHERE d.name = 'fill_level'";
    assert_eq!(scalar(&app, fill_level).await, 2_050, "nothing lost, nothing doubled");

    // MQTT: as members of one shared subscription, each message is handled by one instance.
    let url = format!("{}?client_id=test-publisher-{tag}", broker());
    let (client, mut events) = AsyncClient::new(MqttOptions::parse_url(url).unwrap(), 64);
    tokio::spawn(async move {
        loop {
            if events.poll().await.is_err() {
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    });
    let topic = format!("t{tag}/DV-0001/observations");
    let mqtt_start = start + 100_000;
    // Until both bridges have subscribed, the first message may find nobody: sent again until it is stored.
    let mut subscribed = false;
    for _ in 0..40 {
        client.publish(&topic, QoS::AtLeastOnce, false, batch("DV-0001/fill_level", mqtt_start, 1)).await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        if scalar(&app, fill_level).await == 2_051 {
            subscribed = true;
            break;
        }
    }
    assert!(subscribed, "no MQTT message stored in 20 s — is Mosquitto running at {}?", broker());
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = a.counter("clairvoie_mqtt_messages_total").await + b.counter("clairvoie_mqtt_messages_total").await;
    let (a_before, b_before) =
        (a.counter("clairvoie_mqtt_messages_total").await, b.counter("clairvoie_mqtt_messages_total").await);
    for n in 1..=40 {
        client.publish(&topic, QoS::AtLeastOnce, false, batch("DV-0001/fill_level", mqtt_start + n, 1)).await.unwrap();
    }
    for _ in 0..200 {
        if scalar(&app, fill_level).await == 2_091 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(scalar(&app, fill_level).await, 2_091, "every MQTT message stored");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (a_after, b_after) =
        (a.counter("clairvoie_mqtt_messages_total").await, b.counter("clairvoie_mqtt_messages_total").await);
    assert_eq!(a_after + b_after - before, 40, "each message handled by one instance");
    assert!(a_after > a_before && b_after > b_before, "the broker shares the messages between the instances");

    // Votes through both: each voter signs in on one instance and votes on both at once; one vote each.
    app.through(Some(a.addr));
    let page = open_consultation(&mut app, "Capteurs de bruit place du marché", &[]).await;
    let vote = format!("{page}/vote");
    let voters: Vec<String> = (0..6).map(|n| format!("votant{n}@exemple.fr")).collect();
    for email in &voters {
        resident(&app, email, "Votant", None).await;
    }
    let mut casts = vec![];
    for (n, email) in voters.iter().enumerate() {
        app.new_visitor();
        app.through(Some(if n % 2 == 0 { a.addr } else { b.addr }));
        app.sign_in(email, PASSWORD).await;
        let jar = app.swap_browser(BTreeMap::new());
        let (vote, jar) = (vote.clone(), std::sync::Arc::new(jar));
        let (va, vb) = (vote.clone(), jar.clone());
        let (a_addr, b_addr) = (a.addr, b.addr);
        casts.push(tokio::spawn(async move { post_as(a_addr, &vb, &va, &[("choice", "for")]).await }));
        casts.push(tokio::spawn(async move { post_as(b_addr, &jar, &vote, &[("choice", "against")]).await }));
    }
    for cast in casts {
        assert_eq!(cast.await.unwrap(), StatusCode::SEE_OTHER, "each post is a vote or a change of vote");
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM consultation_votes").await, 6, "one vote per voter");
    app.new_visitor();
    app.through(Some(b.addr));
    app.sign_in(ADMIN.0, ADMIN.1).await;
    app.post_and_follow(&format!("{page}/phase"), &[("to", "closed")]).await;
    for instance in [&a, &b] {
        app.new_visitor();
        app.through(Some(instance.addr));
        let results = app.get(&page).await.text();
        assert!(results.contains("Résultats du vote (6 votes)"), "{results}");
    }

    drop((a, b));
    app.through(None);
}

/// SQLite: the retention command typed while the server's job purges waits for it, then finds nothing left.
#[tokio::test]
async fn retention_command_beside_the_server_on_sqlite() {
    let app = TestApp::new(Engine::Sqlite).await;
    let due = 30_000;
    let streams = fill_due_rows(&app, due).await;
    let server = Instance::start(&app, "a", &[("CLAIRVOIE_RETENTION_INTERVAL", "1".to_string())]);
    let commands: Vec<_> = (0..2)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_clairvoie"))
                .args(["retention", "run"])
                .env("DATABASE_URL", &app.state.config.database_url)
                .env("CLAIRVOIE_DATA_DIR", &app.dir)
                .env("RUST_LOG", "error")
                .stdout(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    server.ready().await;
    purged(&app, &streams, &[&server]).await;
    for command in commands {
        let out = command.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    }
    one_ledger_entry_each(&app, &streams, due).await;
    drop(server);
}
