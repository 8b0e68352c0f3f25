//! Test harness: the real router against a fresh database (a new SQLite file, or a new PostgreSQL database),
//! driven like a browser (cookies kept, `Accept: text/html`), with the mail outbox readable.
#![allow(dead_code)]

pub mod budgets;
pub mod consultations;
pub mod governance;
pub mod remote;
pub mod sensors;

use app::config::Config;
use app::db::Db;
use app::mail::Mailer;
use app::state::AppState;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Runs an async test body once per engine, as two separate tests.
#[macro_export]
macro_rules! on_both_engines {
    ($name:ident, $body:path) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                let app = common::TestApp::new(common::Engine::Sqlite).await;
                $body(app).await;
            }
            #[tokio::test]
            async fn postgres() {
                let app = common::TestApp::new(common::Engine::Postgres).await;
                $body(app).await;
            }
        }
    };
}

pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub content_type: String,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Page {
    /// The text of the page with tags removed and white space folded (what a person reads).
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        let mut in_script = false;
        let lower = self.body.to_lowercase();
        let bytes: Vec<char> = self.body.chars().collect();
        let mut i = 0;
        let lower_chars: Vec<char> = lower.chars().collect();
        while i < bytes.len() {
            let rest: String = lower_chars[i..bytes.len().min(i + 8)].iter().collect();
            if !in_tag && rest.starts_with("<script") {
                in_script = true;
            }
            if in_script && rest.starts_with("</script") {
                in_script = false;
            }
            match bytes[i] {
                '<' => in_tag = true,
                '>' => {
                    in_tag = false;
                    out.push(' ');
                }
                c if !in_tag && !in_script => out.push(c),
                _ => {}
            }
            i += 1;
        }
        let out = out
            .replace("&#x27;", "'")
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">");
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

pub struct TestApp {
    pub state: AppState,
    router: Router,
    pub dir: PathBuf,
    cookies: BTreeMap<String, String>,
    pub accept_language: String,
    pub peer: SocketAddr,
    /// Shared with the forks: the last one dropped removes the test's folder and database.
    leftovers: Arc<Leftovers>,
    /// A running `clairvoie serve` to send requests to instead of the in-process router.
    remote: Option<SocketAddr>,
}

fn random_suffix() -> String {
    format!("{}_{:x}", std::process::id(), rand_u64())
}

/// A random number (for unique names of test databases, topics, clients).
pub fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos());
    h.finish()
}

impl TestApp {
    pub async fn new(engine: Engine) -> TestApp {
        Self::with_config(engine, |_| {}).await
    }

    /// A test application whose settings `adjust` changes first (public URL, SMTP relay …).
    pub async fn with_config(engine: Engine, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let dir = std::env::temp_dir().join(format!("clairvoie-test-{}", random_suffix()));
        std::fs::create_dir_all(&dir).unwrap();
        let (database_url, database) = match engine {
            Engine::Sqlite => (format!("sqlite://{}/test.db", dir.display()), None),
            Engine::Postgres => {
                let admin_url = std::env::var("TEST_DATABASE_URL")
                    .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".to_string());
                let admin = Db::connect(&admin_url).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL is required for these tests and is not reachable at {admin_url}: {e}")
                });
                let name = format!("clairvoie_t_{}", random_suffix());
                sqlx::query(&format!("CREATE DATABASE {name}")).execute(&admin.pool).await.unwrap();
                admin.pool.close().await;
                let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap();
                (format!("{base}/{name}"), Some((admin_url, name)))
            }
        };
        let config = Config {
            database_url: database_url.clone(),
            addr: "127.0.0.1:3000".into(),
            data_dir: dir.clone(),
            smtp_url: None,
            public_url: "http://localhost".into(),
            mail_from: "Clairvoie <ne-pas-repondre@localhost>".into(),
            site_root: dir.join("site").display().to_string(),
            trust_proxy: false,
            map_style_url: None,
            ingest_rate: 50,
            retention_interval: 300,
            mqtt_url: None,
            mqtt_topic_root: "clairvoie".into(),
            mqtt_chirpstack_prefix: String::new(),
            mqtt_shared_group: None,
            register_secret: None,
            oidc: vec![],
        };
        let mut config = config;
        adjust(&mut config);
        let db = Db::connect(&database_url).await.expect("database");
        db.migrate().await.expect("migrations");
        let mailer = Mailer::new(config.smtp_url.as_deref(), config.outbox_dir(), &config.mail_from).unwrap();
        let leptos_options = LeptosOptions::builder()
            .output_name("clairvoie")
            .site_root(config.site_root.as_str())
            .site_pkg_dir("pkg")
            .build();
        let state = AppState { db, mailer, config: Arc::new(config), leptos_options, parts: Default::default() };
        // One sensor of each kind keeps every test fast; the full demo town is tested on its own.
        app::demo::seed(&state, 0).await.expect("demo town");
        let router = app::web::router(state.clone());
        TestApp {
            state,
            router,
            dir: dir.clone(),
            cookies: BTreeMap::new(),
            accept_language: "fr-FR,fr;q=0.9".into(),
            peer: "192.0.2.10:5555".parse().unwrap(),
            leftovers: Arc::new(Leftovers { dir: dir.clone(), database }),
            remote: None,
        }
    }

    /// Forgets every cookie: a new visitor on the same server.
    /// Another browser on the same server and database, with no cookies (for requests sent at the same time).
    pub fn fork(&self) -> TestApp {
        TestApp {
            state: self.state.clone(),
            router: self.router.clone(),
            dir: self.dir.clone(),
            cookies: BTreeMap::new(),
            accept_language: self.accept_language.clone(),
            peer: self.peer,
            leftovers: self.leftovers.clone(),
            remote: self.remote,
        }
    }

    pub fn new_visitor(&mut self) {
        self.cookies.clear();
    }

    /// Switches browsers: puts `jar` in place of the current cookies and returns those (a kiosk beside the desk).
    pub fn swap_browser(&mut self, jar: BTreeMap<String, String>) -> BTreeMap<String, String> {
        std::mem::replace(&mut self.cookies, jar)
    }

    /// Sends the next requests to the `clairvoie serve` listening at `addr` (cookies kept), or back to the
    /// in-process router with `None`.
    pub fn through(&mut self, addr: Option<SocketAddr>) {
        self.remote = addr;
    }

    /// The CSRF token the browser holds (under its https name when the site is https).
    pub fn csrf(&self) -> String {
        let named = |name| self.cookies.get(name).cloned();
        named(app::web::forms::CSRF_COOKIE).or_else(|| named(app::web::forms::CSRF_COOKIE_HOST)).unwrap_or_default()
    }

    pub fn cookie(&self, name: &str) -> Option<&String> {
        self.cookies.get(name)
    }

    async fn send(&mut self, mut request: Request<Body>) -> Page {
        let headers = request.headers_mut();
        headers.insert(header::HOST, "localhost".parse().unwrap());
        headers.entry(header::ACCEPT).or_insert("text/html,application/xhtml+xml".parse().unwrap());
        headers.insert(header::ACCEPT_LANGUAGE, self.accept_language.parse().unwrap());
        if !self.cookies.is_empty() {
            let jar = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
            headers.insert(header::COOKIE, jar.parse().unwrap());
        }
        request.extensions_mut().insert(ConnectInfo(self.peer));
        let what = format!("{} {}", request.method(), request.uri());
        let response = match self.remote {
            Some(addr) => within(&what, remote::send(addr, request)).await,
            None => within(&what, self.router.clone().oneshot(request)).await.unwrap(),
        };
        for set in response.headers().get_all(header::SET_COOKIE) {
            let set = set.to_str().unwrap();
            let pair = set.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            let expired = set.contains("Max-Age=0") || set.to_lowercase().contains("expires=thu, 01 jan 1970");
            if expired {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_string(), value.to_string());
            }
        }
        let status = response.status();
        let location = response.headers().get(header::LOCATION).map(|l| l.to_str().unwrap().to_string());
        let content_type =
            response.headers().get(header::CONTENT_TYPE).map(|c| c.to_str().unwrap().to_string()).unwrap_or_default();
        let headers = response.headers().clone();
        let body = within(&what, response.into_body().collect()).await.unwrap().to_bytes().to_vec();
        let body = String::from_utf8(body).unwrap();
        Page { status, location, content_type, headers, body }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        self.send(Request::get(path).body(Body::empty()).unwrap()).await
    }

    /// Posts a form as the browser would, with the CSRF token taken from the cookie.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        if self.csrf().is_empty() {
            self.get("/").await;
        }
        let csrf = self.csrf();
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// Posts a form the way an interactive page does (`X-Clairvoie-Fetch`, CSRF token added): the answer is JSON.
    pub async fn post_fetch(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        if self.csrf().is_empty() {
            self.get("/").await;
        }
        let csrf = self.csrf();
        let body = std::iter::once(("csrf", csrf.as_str()))
            .chain(fields.iter().copied())
            .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(app::ui::FETCH_HEADER, "1")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// Sends JSON with the session's cookies, as a staff script or page would, with the CSRF header when `csrf`.
    pub async fn send_json(&mut self, method: &str, path: &str, body: &str, csrf: bool) -> Page {
        if self.csrf().is_empty() {
            self.get("/").await;
        }
        let mut request = Request::builder().method(method).uri(path).header(header::CONTENT_TYPE, "application/json");
        if csrf {
            let token = self.csrf();
            request = request.header(app::sensors::api::CSRF_HEADER, token);
        }
        self.send(request.body(Body::from(body.to_string())).unwrap()).await
    }

    /// Posts exactly these fields (no CSRF token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = form_body(fields);
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// Calls a server function as the hydrated page does: its arguments url-encoded, JSON asked back (without
    /// `Accept: application/json`, Leptos answers a form post with a redirect to the page it came from).
    pub async fn call(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body = form_body(fields);
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// Posts a form as it is, with extra request headers (`Referer`, `X-Clairvoie-Fetch` …).
    pub async fn post_with(&mut self, path: &str, fields: &[(&str, &str)], headers: &[(&str, &str)]) -> Page {
        let mut request = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.send(request.body(Body::from(form_body(fields))).unwrap()).await
    }

    /// Posts a file upload (multipart/form-data) with the CSRF token, as a browser would.
    pub async fn post_file(&mut self, path: &str, field: &str, filename: &str, content: &str) -> Page {
        if self.csrf().is_empty() {
            self.get("/").await;
        }
        let csrf = self.csrf();
        let boundary = "----clairvoie-test-boundary";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n{content}\r\n--{boundary}--\r\n"
        );
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// Posts a multipart form (text fields, then files as (field, file name, bytes)) with the CSRF token, as a
    /// browser posts a form with file inputs.
    pub async fn post_multipart(&mut self, path: &str, fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> Page {
        if self.csrf().is_empty() {
            self.get("/").await;
        }
        let csrf = self.csrf();
        let boundary = "----clairvoie-test-boundary";
        let mut body: Vec<u8> = vec![];
        for (name, value) in std::iter::once(("csrf", csrf.as_str())).chain(fields.iter().copied()) {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
            );
        }
        for (name, filename, bytes) in files {
            body.extend(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n\
                     Content-Type: application/octet-stream\r\n\r\n"
                )
                .bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend(b"\r\n");
        }
        body.extend(format!("--{boundary}--\r\n").bytes());
        let request = Request::post(path)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap();
        self.send(request).await
    }

    /// Sends a GET with extra headers.
    pub async fn get_with(&mut self, path: &str, headers: &[(&str, &str)]) -> (Page, Vec<u8>) {
        let mut request = Request::get(path).body(Body::empty()).unwrap();
        for (k, v) in headers {
            request.headers_mut().insert(axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(), v.parse().unwrap());
        }
        request.headers_mut().insert(header::HOST, "localhost".parse().unwrap());
        let what = format!("GET {path}");
        let response = match self.remote {
            Some(addr) => within(&what, remote::send(addr, request)).await,
            None => within(&what, self.router.clone().oneshot(request)).await.unwrap(),
        };
        let status = response.status();
        let headers = response.headers().clone();
        let content_type =
            headers.get(header::CONTENT_TYPE).map(|c| c.to_str().unwrap().to_string()).unwrap_or_default();
        let bytes = within(&what, response.into_body().collect()).await.unwrap().to_bytes().to_vec();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        (Page { status, location: None, content_type, headers, body }, bytes)
    }

    /// Sends JSON as a device or network server would: no cookies, an optional bearer credential.
    pub async fn post_json(&self, path: &str, bearer: Option<&str>, body: &str) -> Page {
        let mut request = Request::post(path).header(header::CONTENT_TYPE, "application/json");
        if let Some(secret) = bearer {
            request = request.header(header::AUTHORIZATION, format!("Bearer {secret}"));
        }
        let request = request.header(header::HOST, "localhost").body(Body::from(body.to_string())).unwrap();
        let what = format!("POST {path}");
        let response = match self.remote {
            Some(addr) => within(&what, remote::send(addr, request)).await,
            None => within(&what, self.router.clone().oneshot(request)).await.unwrap(),
        };
        let status = response.status();
        let headers = response.headers().clone();
        let content_type =
            headers.get(header::CONTENT_TYPE).map(|c| c.to_str().unwrap().to_string()).unwrap_or_default();
        let bytes = within(&what, response.into_body().collect()).await.unwrap().to_bytes().to_vec();
        let body = String::from_utf8_lossy(&bytes).into_owned();
        Page { status, location: None, content_type, headers, body }
    }

    /// Posts, checks the answer is a redirect, and opens where it leads.
    pub async fn post_and_follow(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let answer = self.post(path, fields).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "POST {path} should redirect; got body {}", answer.body);
        let to = answer.location.expect("redirect location");
        // A browser keeps the fragment to itself.
        let to = to.split('#').next().unwrap_or_default().to_string();
        self.get(&to).await
    }

    pub async fn sign_in(&mut self, email: &str, password: &str) -> Page {
        self.post_and_follow("/compte/connexion", &[("email", email), ("password", password), ("next", "/compte")])
            .await
    }

    /// The links of every mail in the outbox, oldest first, with the recipient.
    pub fn mails(&self) -> Vec<(String, String)> {
        let outbox = self.dir.join("outbox");
        let mut files: Vec<_> =
            std::fs::read_dir(&outbox).map(|d| d.map(|e| e.unwrap().path()).collect()).unwrap_or_else(|_| Vec::new());
        files.sort_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap());
        files
            .iter()
            .map(|p| {
                let raw = std::fs::read_to_string(p).unwrap();
                let to = raw.lines().find_map(|l| l.strip_prefix("To: ")).unwrap_or_default().to_string();
                (to, decode_quoted_printable(&raw))
            })
            .collect()
    }

    /// The path (and query) of the last link mailed to `email`.
    pub fn last_link_to(&self, email: &str) -> String {
        let mails = self.mails();
        let (_, body) =
            mails.iter().rev().find(|(to, _)| to.contains(email)).unwrap_or_else(|| panic!("no mail to {email}"));
        let link = body.split_whitespace().find(|w| w.starts_with("http://localhost/")).expect("a link in the mail");
        link.trim_start_matches("http://localhost").to_string()
    }
}

/// What a test leaves behind: its folder (SQLite file, outbox) and, on PostgreSQL, its database. Removed when the
/// last handle goes, so also when the test panics (a failed assertion must not leave a database per run).
struct Leftovers {
    dir: PathBuf,
    /// The administration URL and the name of the test's own PostgreSQL database.
    database: Option<(String, String)>,
}

impl Drop for Leftovers {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        let Some((admin_url, name)) = self.database.take() else { return };
        // `drop` cannot await and runs on the test's runtime thread: the database is dropped from a thread of its
        // own with a runtime of its own. FORCE ends the connections the test's pool still holds.
        let dropped = std::thread::spawn(move || -> Result<(), String> {
            let runtime =
                tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(|e| e.to_string())?;
            runtime.block_on(async {
                let admin = Db::connect(&admin_url).await.map_err(|e| e.to_string())?;
                sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&admin.pool)
                    .await
                    .map_err(|e| e.to_string())?;
                admin.pool.close().await;
                Ok(())
            })
        })
        .join()
        .unwrap_or_else(|_| Err("the thread dropping the database panicked".into()));
        if let Err(e) = dropped {
            // A second panic while unwinding would abort the whole test binary: report it instead.
            if std::thread::panicking() {
                eprintln!("test database not dropped: {e}");
            } else {
                panic!("test database not dropped: {e}");
            }
        }
    }
}

/// Awaits one request (or its body) and fails the test, naming the request, if it never ends: a hung request
/// must be a red test, never a CI run that waits forever.
async fn within<T>(what: &str, work: impl std::future::Future<Output = T>) -> T {
    match tokio::time::timeout(std::time::Duration::from_secs(60), work).await {
        Ok(done) => done,
        Err(_) => panic!("{what} did not finish within 60 s"),
    }
}

/// Undoes quoted-printable soft line breaks and escapes (lettre encodes non-ASCII bodies that way).
fn decode_quoted_printable(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'=' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `fields` url-encoded, as a browser sends a form.
fn form_body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}
