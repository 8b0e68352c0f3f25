//! PostgreSQL stopped and started again under load. The test runs a PostgreSQL server of its own (initdb in a
//! temporary folder, on a free port: the machine's shared server is never touched) and a real `clairvoie serve`
//! on it, with devices sending measurements and visitors reading pages. While the database is down `/readyz`
//! answers 503 (each answer within its 2 s bound) and `/healthz` 200; no request waits forever; once the database
//! is back the same process serves again without a restart, and every measurement it acknowledged is stored.
//! Fails, never skips, when PostgreSQL's server programs are not installed.

use crate::common;

use axum::body::Body;
use axum::http::{header, Request};
use common::remote;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The newest PostgreSQL server program named `name` (Debian keeps them per version).
fn pg_program(name: &str) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path().join("bin").join(name)).filter(|p| p.exists()).collect())
        .unwrap_or_default();
    found.sort();
    found.pop().unwrap_or_else(|| panic!("PostgreSQL's server programs are needed for this test ({name} not found)"))
}

/// A command run as the `postgres` system user when we are root (PostgreSQL refuses to run as root).
fn as_owner(program: PathBuf) -> Command {
    if is_root() {
        let mut command = Command::new("runuser");
        command.args(["-u", "postgres", "--"]).arg(program);
        command
    } else {
        Command::new(program)
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0").unwrap_or(false)
}

/// A PostgreSQL server of the test's own, stopped and removed when dropped.
struct Cluster {
    dir: PathBuf,
    port: u16,
}

impl Cluster {
    fn create() -> Cluster {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let dir = std::env::temp_dir().join(format!("clairvoie-pg-{}-{:x}", std::process::id(), common::rand_u64()));
        std::fs::create_dir_all(&dir).unwrap();
        if is_root() {
            assert!(Command::new("chown").args(["postgres:postgres"]).arg(&dir).status().unwrap().success());
        }
        let initdb = as_owner(pg_program("initdb"))
            .arg("-D")
            .arg(dir.join("data"))
            .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
            .stdout(Stdio::null())
            .status()
            .unwrap();
        assert!(initdb.success(), "initdb");
        let cluster = Cluster { dir, port };
        cluster.start();
        cluster
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn pg_ctl(&self, args: &[&str]) -> bool {
        let options = format!("-p {} -k {} -c listen_addresses=127.0.0.1", self.port, self.dir.display());
        as_owner(pg_program("pg_ctl"))
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-o", &options, "-l"])
            .arg(self.dir.join("server.log"))
            .args(args)
            .stdout(Stdio::null())
            .status()
            .unwrap()
            .success()
    }

    fn start(&self) {
        assert!(self.pg_ctl(&["-w", "start"]), "PostgreSQL started");
    }

    fn stop(&self) {
        assert!(self.pg_ctl(&["-w", "-m", "fast", "stop"]), "PostgreSQL stopped");
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        self.pg_ctl(&["-m", "immediate", "stop"]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn clairvoie(url: &str, dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_clairvoie"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("CLAIRVOIE_DATA_DIR", dir)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    assert!(out.status.success(), "clairvoie {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// One request's outcome: status (None: no answer at all), how long it took, when it ended.
type Outcome = (Option<u16>, Duration, Instant);

/// Sends `request` and times it; a request still unanswered after 90 s counts as hung.
async fn timed(addr: SocketAddr, request: Request<Body>) -> Outcome {
    let began = Instant::now();
    let status = tokio::time::timeout(Duration::from_secs(90), remote::send(addr, request))
        .await
        .ok()
        .map(|r| r.status().as_u16());
    (status, began.elapsed(), Instant::now())
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).header(header::HOST, "localhost").body(Body::empty()).unwrap()
}

#[tokio::test]
async fn postgresql_restarted_under_load() {
    let cluster = Cluster::create();
    let url = cluster.url();
    let dir = cluster.dir.join("app");
    std::fs::create_dir_all(&dir).unwrap();
    clairvoie(&url, &dir, &["seed-demo", "--sensors", "0"]);
    let db = app::db::Db::connect(&url).await.unwrap();
    sqlx::query("UPDATE sensors SET status = 'active' WHERE reference = 'DV-0001'").execute(&db.pool).await.unwrap();
    db.pool.close().await;
    let token = clairvoie(&url, &dir, &["device", "token", "--sensor", "DV-0001"]).trim().to_string();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let _server = Server(
        Command::new(env!("CARGO_BIN_EXE_clairvoie"))
            .arg("serve")
            .env("DATABASE_URL", &url)
            .env("CLAIRVOIE_DATA_DIR", &dir)
            .env("CLAIRVOIE_ADDR", addr.to_string())
            .env("CLAIRVOIE_INGEST_RATE", "100000")
            .env("RUST_LOG", "error")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let ready = || async { timed(addr, get("/readyz")).await.0 == Some(200) };
    let mut up = false;
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(addr).await.is_ok() && ready().await {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(up, "the server is ready");

    // Load: four devices sending one measurement at a time, two visitors reading the sensor list, and a
    // readiness probe every 200 ms — each outcome recorded with the measurement's time when acknowledged.
    let running = Arc::new(AtomicBool::new(true));
    let next_time = Arc::new(AtomicI64::new(app::db::now() * 1000 - 3_600_000));
    let acknowledged = Arc::new(Mutex::new(Vec::<i64>::new()));
    let outcomes = Arc::new(Mutex::new(Vec::<(&'static str, Outcome)>::new()));
    let mut workers = vec![];
    for _ in 0..4 {
        let (running, next_time, acknowledged, outcomes, token) =
            (running.clone(), next_time.clone(), acknowledged.clone(), outcomes.clone(), token.clone());
        workers.push(tokio::spawn(async move {
            while running.load(Ordering::Relaxed) {
                let time = next_time.fetch_add(1, Ordering::Relaxed);
                let body = format!(
                    r#"[{{"datastream": "DV-0001/fill_level", "time": "{}", "value": 10}}]"#,
                    app::format::rfc3339(time)
                );
                let request = remote::observations(&token, body);
                let outcome = timed(addr, request).await;
                if outcome.0 == Some(200) {
                    acknowledged.lock().unwrap().push(time);
                } else {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                outcomes.lock().unwrap().push(("ingest", outcome));
            }
        }));
    }
    for (what, path, pause) in [("page", "/capteurs", 20), ("page", "/capteurs", 20), ("readyz", "/readyz", 200)] {
        let (running, outcomes) = (running.clone(), outcomes.clone());
        workers.push(tokio::spawn(async move {
            while running.load(Ordering::Relaxed) {
                let outcome = timed(addr, get(path)).await;
                outcomes.lock().unwrap().push((what, outcome));
                tokio::time::sleep(Duration::from_millis(pause)).await;
            }
        }));
    }

    tokio::time::sleep(Duration::from_secs(2)).await;
    cluster.stop();
    let down_at = Instant::now();
    // Longer than the pool waits for a connection (10 s): requests caught in the outage get an answer anyway.
    tokio::time::sleep(Duration::from_secs(13)).await;
    let alive = timed(addr, get("/healthz")).await;
    assert_eq!(alive.0, Some(200), "alive while the database is down");
    cluster.start();
    let back_at = Instant::now();
    let mut ready_again = None;
    for _ in 0..150 {
        if ready().await {
            ready_again = Some(back_at.elapsed());
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let ready_again = ready_again.expect("ready again within 30 s of the database's return, without a restart");
    let served_again_from = Instant::now();
    tokio::time::sleep(Duration::from_secs(3)).await;
    running.store(false, Ordering::Relaxed);
    for worker in workers {
        worker.await.unwrap();
    }

    let outcomes = outcomes.lock().unwrap().clone();
    let hung: Vec<_> = outcomes.iter().filter(|(_, (status, ..))| status.is_none()).collect();
    assert!(hung.is_empty(), "requests never answered: {hung:?}");
    let slowest = outcomes.iter().map(|(_, (_, took, _))| *took).max().unwrap();
    assert!(slowest < app::web::REQUEST_DEADLINE + Duration::from_secs(5), "slowest request {slowest:?}");
    let during = |what: &str| {
        outcomes
            .iter()
            .filter(|(w, (_, _, at))| *w == what && *at > down_at + Duration::from_millis(500) && *at < back_at)
            .map(|(_, o)| *o)
            .collect::<Vec<_>>()
    };
    let probes = during("readyz");
    assert!(!probes.is_empty() && probes.iter().all(|(s, ..)| *s == Some(503)), "unready while down: {probes:?}");
    assert!(probes.iter().all(|(_, took, _)| *took < Duration::from_secs(3)), "probes answered in time: {probes:?}");
    // A measurement caught in the outage waits for a connection, then is told to come back (503, Retry-After):
    // never a hang, never an acknowledgement without its row.
    let refused = during("ingest");
    assert!(!refused.is_empty(), "devices caught in the outage had an answer before the database came back");
    assert!(refused.iter().all(|(s, ..)| *s == Some(503)), "told to try again later: {refused:?}");
    // Once ready again, everything succeeds.
    let after: Vec<_> = outcomes.iter().filter(|(_, (_, _, at))| *at > served_again_from).collect();
    assert!(after.iter().filter(|(w, _)| *w == "ingest").count() > 10, "load went on after the return");
    assert!(after.iter().all(|(_, (s, ..))| *s == Some(200)), "served again: {after:?}");

    // Every acknowledged measurement is stored.
    let db = app::db::Db::connect(&url).await.unwrap();
    let stored: Vec<(i64,)> = sqlx::query_as(
        "SELECT o.time FROM observations o JOIN datastreams d ON d.id = o.datastream_id WHERE d.name = 'fill_level'",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let stored: std::collections::HashSet<i64> = stored.into_iter().map(|(t,)| t).collect();
    let acknowledged = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() > 50);
    let lost = acknowledged.iter().filter(|t| !stored.contains(t)).count();
    assert_eq!(lost, 0, "acknowledged measurements lost");
    db.pool.close().await;
    eprintln!(
        "database down {:?}; ready again {ready_again:?} after its return; slowest request {slowest:?}",
        back_at - down_at
    );
}
