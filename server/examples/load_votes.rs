//! Load and integrity test of consultation votes (`bash .cargo/dev.sh bench-votes sqlite|postgres`).
//!
//! Against a running `clairvoie serve` on loopback: creates VOTERS verified accounts (one password hash shared,
//! written straight into the database — hashing a thousand passwords measures nothing), signs each in over
//! HTTP, has the demo admin create and open a consultation, then lets every voter act within a WINDOW_MS
//! window, each on its own connection: 60 % vote once, 20 % double-submit (two identical posts at the same
//! instant, on two connections), 20 % vote then change their vote. Then it checks, from the database and from
//! the published CSV, that no vote is lost, none counted twice, each voter's stored choice is their last one,
//! and the totals equal that per-voter truth; and prints the latency of every vote request.
//!
//! Usage: load_votes BASE_URL DATABASE_URL [VOTERS=1000] [WINDOW_MS=5000]. Exits non-zero on any lost,
//! duplicated or wrong vote, or any request that was not answered with a redirect.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

const CHOICES: [&str; 3] = ["for", "against", "abstain"];
const PASSWORD: &str = "charge de vote 2026";

/// One HTTP/1.1 keep-alive connection (enough of the protocol for this server: Content-Length or chunked).
struct Conn {
    stream: BufReader<TcpStream>,
    host: String,
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn cookies(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .filter(|(k, _)| k == "set-cookie")
            .filter_map(|(_, v)| v.split(';').next()?.split_once('=').map(|(a, b)| (a.to_string(), b.to_string())))
            .collect()
    }

    fn location(&self) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k == "location").map(|(_, v)| v.as_str())
    }
}

impl Conn {
    async fn open(host: &str) -> Conn {
        let stream = TcpStream::connect(host).await.expect("connect to the server");
        stream.set_nodelay(true).ok();
        Conn { stream: BufReader::new(stream), host: host.to_string() }
    }

    async fn send(&mut self, method: &str, path: &str, cookies: &Jar, form: Option<&[(&str, &str)]>) -> Answer {
        let body = form
            .map(|f| {
                f.iter()
                    .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
                    .collect::<Vec<_>>()
                    .join("&")
            })
            .unwrap_or_default();
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nAccept: text/html\r\n", self.host);
        if !cookies.0.is_empty() {
            let c: Vec<String> = cookies.0.iter().map(|(k, v)| format!("{k}={v}")).collect();
            request.push_str(&format!("Cookie: {}\r\n", c.join("; ")));
        }
        if form.is_some() {
            request.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        }
        request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        self.stream.get_mut().write_all(request.as_bytes()).await.expect("write");
        self.read().await
    }

    async fn read(&mut self) -> Answer {
        let mut line = String::new();
        self.stream.read_line(&mut line).await.expect("status line");
        let status = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).expect("status");
        let mut headers = vec![];
        loop {
            line.clear();
            self.stream.read_line(&mut line).await.expect("header");
            let l = line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let header = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let mut body = vec![];
        if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            loop {
                line.clear();
                self.stream.read_line(&mut line).await.expect("chunk size");
                let size = usize::from_str_radix(line.trim(), 16).expect("chunk size");
                let mut chunk = vec![0; size + 2];
                self.stream.read_exact(&mut chunk).await.expect("chunk");
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        } else if let Some(n) = header("content-length").and_then(|v| v.parse::<usize>().ok()) {
            body = vec![0; n];
            self.stream.read_exact(&mut body).await.expect("body");
        }
        Answer { status, headers, body: String::from_utf8_lossy(&body).into_owned() }
    }
}

/// One vote request: its latency and status.
async fn vote(conn: &mut Conn, path: &str, jar: &Jar, csrf: &str, choice: &str) -> (Duration, u16) {
    let began = Instant::now();
    let a = conn.send("POST", path, jar, Some(&[("csrf", csrf), ("choice", choice)])).await;
    (began.elapsed(), a.status)
}

/// Cookies kept between requests.
#[derive(Clone, Default)]
struct Jar(Vec<(String, String)>);

impl Jar {
    fn keep(&mut self, answer: &Answer) {
        for (k, v) in answer.cookies() {
            self.0.retain(|(n, _)| *n != k);
            self.0.push((k, v));
        }
    }

    fn get(&self, name: &str) -> String {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }
}

/// Signs in over HTTP; returns the cookies of the session.
async fn sign_in(host: &str, email: &str, password: &str) -> Jar {
    let mut conn = Conn::open(host).await;
    let mut jar = Jar::default();
    let a = conn.send("GET", "/healthz", &jar, None).await;
    jar.keep(&a);
    let csrf = jar.get("clairvoie_csrf");
    let form = [("csrf", csrf.as_str()), ("email", email), ("password", password), ("next", "/")];
    let a = conn.send("POST", "/compte/connexion", &jar, Some(&form)).await;
    assert_eq!(a.status, 303, "sign-in of {email}: {}", a.body);
    jar.keep(&a);
    assert!(!jar.get("clairvoie_session").is_empty(), "no session for {email}");
    jar
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let base = args.first().expect("usage: load_votes BASE_URL DATABASE_URL [VOTERS] [WINDOW_MS]").clone();
    let database_url = args.get(1).expect("DATABASE_URL").clone();
    let voters: usize = args.get(2).and_then(|v| v.parse().ok()).unwrap_or(1000);
    let window_ms: u64 = args.get(3).and_then(|v| v.parse().ok()).unwrap_or(5000);
    let host = base.trim_start_matches("http://").trim_end_matches('/').to_string();

    // Accounts: one hash for all, written in one transaction.
    let db = app::db::Db::connect(&database_url).await.expect("database");
    let hash = app::accounts::password::hash(PASSWORD.to_string()).await.expect("hash");
    let now = app::db::now();
    let mut tx = db.pool.begin().await.unwrap();
    for i in 0..voters {
        let email = format!("votant-{i}@charge.example");
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO users (email, display_name, password_hash, language, email_verified_at, created_at) \
             VALUES ($1, $2, $3, 'fr', $4, $4) RETURNING id",
        )
        .bind(&email)
        .bind(format!("Votant {i}"))
        .bind(&hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .expect("voter account");
        sqlx::query("INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, 'resident', $2)")
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();

    // The consultation, created and opened by the demo admin through the forms.
    let admin = sign_in(&host, "admin@demo.clairvoie.fr", "demo-admin-clairvoie").await;
    let mut conn = Conn::open(&host).await;
    let csrf = admin.get("clairvoie_csrf");
    let title = format!("Charge de vote {now}");
    let form = [
        ("csrf", csrf.as_str()),
        ("title", title.as_str()),
        ("question", "Faut-il installer des capteurs de bruit place du Marché ?"),
        ("domain", "environment"),
        ("use_purpose", "Objectiver les nuisances"),
        ("use_benefits", "Des mesures partagées"),
        ("use_data", "Niveaux sonores"),
        ("use_retention", "P30D"),
    ];
    let a = conn.send("POST", "/consultations/nouvelle", &admin, Some(&form)).await;
    let page = a.location().expect("consultation created").to_string();
    let a = conn.send("POST", &format!("{page}/phase"), &admin, Some(&[("csrf", csrf.as_str()), ("to", "open")])).await;
    assert_eq!(a.status, 303);
    let (consultation_id,): (i64,) =
        sqlx::query_as("SELECT id FROM consultations WHERE title = $1").bind(&title).fetch_one(&db.pool).await.unwrap();

    // Every voter signs in (argon2 on the server: not measured), a few at a time.
    eprintln!("signing in {voters} voters …");
    let started = Instant::now();
    let mut jars = vec![Jar::default(); voters];
    for chunk in (0..voters).collect::<Vec<_>>().chunks(4) {
        let logins = chunk.iter().map(|i| {
            let host = host.clone();
            async move { sign_in(&host, &format!("votant-{i}@charge.example"), PASSWORD).await }
        });
        for (i, jar) in chunk.iter().zip(futures::future::join_all(logins).await) {
            jars[*i] = jar;
        }
    }
    eprintln!("signed in in {:.1} s; voting within {window_ms} ms …", started.elapsed().as_secs_f64());

    // The votes: every voter on its own connection, starting at a random instant of the window.
    let vote_path = Arc::new(format!("{page}/vote"));
    let start = Instant::now() + Duration::from_millis(200);
    let tasks: Vec<_> = jars
        .into_iter()
        .enumerate()
        .map(|(i, jar)| {
            let host = host.clone();
            let path = vote_path.clone();
            let delay = Duration::from_millis(rand_below(window_ms));
            tokio::spawn(async move {
                let first = CHOICES[i % 3];
                let changed = CHOICES[(i + 1) % 3];
                let csrf = jar.get("clairvoie_csrf");
                // Voters arrive over the window: each connects when it comes (a thousand connections opened in
                // the same millisecond overflow the listen backlog, which no town sees and which costs a 200 ms
                // retransmission).
                tokio::time::sleep_until((start + delay).into()).await;
                let mut conn = Conn::open(&host).await;
                let mut timings = vec![];
                let mut bad = vec![];
                let last = match i % 10 {
                    6 | 7 => {
                        // Double submit: two identical posts at the same instant.
                        let mut other = Conn::open(&host).await;
                        let (a, b) = tokio::join!(
                            vote(&mut conn, &path, &jar, &csrf, first),
                            vote(&mut other, &path, &jar, &csrf, first)
                        );
                        for (t, s) in [a, b] {
                            timings.push(t);
                            bad.extend((s != 303).then_some(s));
                        }
                        first
                    }
                    8 | 9 => {
                        let (t, s) = vote(&mut conn, &path, &jar, &csrf, first).await;
                        timings.push(t);
                        bad.extend((s != 303).then_some(s));
                        tokio::time::sleep(Duration::from_millis(50 + rand_below(150))).await;
                        let (t, s) = vote(&mut conn, &path, &jar, &csrf, changed).await;
                        timings.push(t);
                        bad.extend((s != 303).then_some(s));
                        changed
                    }
                    _ => {
                        let (t, s) = vote(&mut conn, &path, &jar, &csrf, first).await;
                        timings.push(t);
                        bad.extend((s != 303).then_some(s));
                        first
                    }
                };
                (i, last, timings, bad)
            })
        })
        .collect();
    let mut truth: HashMap<String, &str> = HashMap::new();
    let mut timings = vec![];
    let mut bad = vec![];
    for t in tasks {
        let (i, last, t, b) = t.await.expect("voter task");
        truth.insert(format!("votant-{i}@charge.example"), last);
        timings.extend(t);
        bad.extend(b);
    }
    let elapsed = start.elapsed();

    // Integrity, from the database …
    let (rows, distinct): (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COUNT(DISTINCT user_id) FROM consultation_votes WHERE consultation_id = $1")
            .bind(consultation_id)
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let stored: Vec<(String, String)> = sqlx::query_as(
        "SELECT u.email, v.choice FROM consultation_votes v JOIN users u ON u.id = v.user_id WHERE v.consultation_id = $1",
    )
    .bind(consultation_id)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    let wrong = stored.iter().filter(|(email, choice)| truth.get(email) != Some(&choice.as_str())).count();
    let lost = voters as i64 - distinct;
    let duplicates = rows - distinct;
    // … and from what the town publishes.
    let mut conn = Conn::open(&host).await;
    let csv = conn.send("GET", &format!("{page}/resultats.csv"), &Jar::default(), None).await;
    let overall: Vec<i64> = csv
        .body
        .lines()
        .find(|l| l.starts_with("*,"))
        .map(|l| l.split(',').skip(1).filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_default();
    let expected: Vec<i64> = CHOICES
        .iter()
        .map(|c| truth.values().filter(|v| *v == c).count() as i64)
        .chain(std::iter::once(voters as i64))
        .collect();

    timings.sort();
    let requests = timings.len();
    println!(
        "| {voters} voters, {requests} vote requests within {:.1} s | {:.0} req/s | {:.1} ms | {:.1} ms | {:.1} ms | lost {lost}, duplicated {duplicates}, wrong {wrong}, totals {} |",
        elapsed.as_secs_f64(),
        requests as f64 / elapsed.as_secs_f64(),
        percentile(&timings, 0.50).as_secs_f64() * 1000.0,
        percentile(&timings, 0.99).as_secs_f64() * 1000.0,
        timings.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
        if overall == expected { "equal to the per-voter truth" } else { "DIFFERENT" },
    );
    let ok = lost == 0 && duplicates == 0 && wrong == 0 && overall == expected && bad.is_empty();
    if !ok {
        eprintln!("integrity FAILED: csv {overall:?} expected {expected:?}; statuses other than 303: {bad:?}");
        std::process::exit(1);
    }
}

/// A pseudo-random number below `n` (no cryptographic need).
fn rand_below(n: u64) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(Instant::now().elapsed().as_nanos() ^ (std::process::id() as u128));
    h.finish() % n.max(1)
}
