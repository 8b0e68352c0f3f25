//! `clairvoie`: the one binary of the town's Clairvoie. Subcommands: `serve` (default), `migrate`,
//! `site pack`, `create-admin EMAIL`, `seed-demo`, `device token --sensor REF`, `retention run`, `audit verify`, `pb import`, `pb tally`.

use app::config::{Config, ENV_HELP};
use app::db::Db;
use app::mail::Mailer;
use app::state::AppState;
use leptos::config::LeptosOptions;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

fn help() -> String {
    format!(
        "clairvoie {} — the open registry of sensors in public space, with participation and governance

USAGE:
  clairvoie [serve]            run the web application (migrates the database first)
  clairvoie migrate            apply database migrations and exit
  clairvoie site pack SOURCE SITE [--budget]
                               the build's last step: copy the built files of SOURCE into SITE under names
                               that carry a hash of their content, with Brotli and gzip variants, and the
                               manifest pages link them by; --budget fails when the browser bundle is over
                               its size budget (350 KiB with Brotli)
  clairvoie create-admin EMAIL create (or promote) an administrator and print a one-time link to set its password
  clairvoie seed-demo [--sensors N]
                               create the demo town (idempotent) with N sensors (default 2000) and print
                               its accounts
  clairvoie device token --sensor REF
                               issue a new ingestion token for sensor REF and print it (shown only this once;
                               earlier tokens stay valid until revoked in the sensor's connection page)
  clairvoie retention run      delete the measurements whose retention is over now, write the purge ledger,
                               and print what was deleted (the server also does it every
                               CLAIRVOIE_RETENTION_INTERVAL seconds; a run in progress, the server's or
                               another instance's, is waited for first)
  clairvoie audit verify [--head N:HASH]
                               recompute the hash chain of the audit log (moderation and administration
                               actions) and, with --head, check it against a published head (GET
                               /api/v1/audit/head, data-use bulletins): a cut or rewritten tail fails; exits
                               non-zero and names the first broken entry if any
  clairvoie backup FILE        write a consistent copy of the database to FILE while the server runs: SQLite's
                               VACUUM INTO (restore: copy FILE over the database file, server stopped),
                               PostgreSQL through pg_dump's custom format (restore: pg_restore --no-owner -d URL
                               FILE into an empty database); refuses to overwrite FILE
  clairvoie register import FILE.csv
                               replace the resident register (columns nom, prenoms, date_naissance, code_postal,
                               quartier) all or nothing: only keyed hashes and districts are kept, never the
                               file; prints how many people were added, kept and removed, or every wrong line
  clairvoie pb import FILE.pb  create a closed budget from a pabulib file (projects, ballots with new random
                               ids, channel from voting_method), count it, and print its address and winners
  clairvoie pb tally FILE.pb [--rule RULE] [--explain]
                               the winners of a pabulib file, one project id per line, under the file's rule
                               or RULE (greedy, greedy-no-skip, greedy-threshold, equalshares, equalshares/add1,
                               equalshares-comparison, equalshares/add1-comparison); --explain gives each
                               project's score, cost and why it is or is not funded
  clairvoie --help             this text

ENVIRONMENT:
{ENV_HELP}
",
        env!("CARGO_PKG_VERSION")
    )
}

/// A PostgreSQL backup in pg_dump's custom format (consistent: one snapshot), without ownership so it restores
/// under another role.
fn pg_dump(database_url: &str, path: &str) -> Result<(), String> {
    let status = std::process::Command::new("pg_dump")
        .args(["--format=custom", "--no-owner", "--file", path, database_url])
        .status()
        .map_err(|e| {
            format!("pg_dump cannot run ({e}): install PostgreSQL's client tools (Debian: postgresql-client)")
        })?;
    if status.success() {
        Ok(())
    } else {
        let _ = std::fs::remove_file(path);
        Err(format!("pg_dump failed ({status})"))
    }
}

async fn open(config: &Config) -> Result<AppState, String> {
    let db = Db::connect(&config.database_url).await.map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    let mailer =
        Mailer::new(config.smtp_url.as_deref(), config.outbox_dir(), &config.mail_from).map_err(|e| e.to_string())?;
    let leptos_options = LeptosOptions::builder()
        .output_name("clairvoie")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.addr.parse::<SocketAddr>().map_err(|e| format!("CLAIRVOIE_ADDR: {e}"))?)
        .build();
    Ok(AppState { db, mailer, config: Arc::new(config.clone()), leptos_options, parts: Default::default() })
}

async fn serve(state: AppState) -> Result<(), String> {
    // The features' ports and registries, before any background job uses them.
    app::web::wire(&state);
    let addr = state.config.addr.clone();
    let store = app::session_store::DbSessionStore::new(state.db.clone());
    // Measurements are deleted when their retention is over, and the ledger proves it.
    tokio::spawn(app::ingest::retention::every(
        state.clone(),
        std::time::Duration::from_secs(state.config.retention_interval),
    ));
    // Replies and decisions are mailed (or gathered in daily digests) every minute.
    tokio::spawn(app::notifications::every(state.clone()));
    if let Some(url) = state.config.mqtt_url.clone() {
        tokio::spawn(app::ingest::mqtt::run(state.clone(), url));
    }
    // Expired sessions are removed hourly so the table does not grow without bound (by one instance at a time).
    let db = state.db.clone();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            match app::jobs::exclusively(&db, app::jobs::Job::Sessions, store.delete_expired()).await {
                Ok(Some(Ok(_)) | None) => {}
                Ok(Some(Err(e))) | Err(e) => tracing::warn!(error = %e, "deleting expired sessions"),
            }
        }
    });
    let router = app::web::router(state.clone());
    let listener = tokio::net::TcpListener::bind(&addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("Clairvoie listening on http://{addr} (public address {})", state.config.public_url);
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(stopped())
        .await
        .map_err(|e| e.to_string())
}

/// Resolves on Ctrl-C or SIGTERM (what systemd and container runtimes send to stop a service): in-flight
/// requests then finish before the process exits.
async fn stopped() {
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM; Ctrl-C only");
                let _ = tokio::signal::ctrl_c().await;
                return;
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}

/// `clairvoie site pack SOURCE SITE [--budget]`: the build's last step (see `app::web::assets`).
fn site_pack(args: &[String]) -> Result<(), String> {
    let usage = "usage: clairvoie site pack SOURCE SITE [--budget]";
    let (source, site) = match (args.get(1).map(String::as_str), args.get(2), args.get(3)) {
        (Some("pack"), Some(source), Some(site)) => (source, site),
        _ => return Err(usage.into()),
    };
    let budget = match args.get(4).map(String::as_str) {
        None => false,
        Some("--budget") => true,
        Some(_) => return Err(usage.into()),
    };
    let packed = app::web::assets::pack(std::path::Path::new(source), std::path::Path::new(site))?;
    println!("{:<58} {:>10} {:>10} {:>10}", "file (as served)", "bytes", "gzip", "brotli");
    for p in &packed {
        println!("{:<58} {:>10} {:>10} {:>10}", p.url, p.raw, p.gzip, p.brotli);
    }
    if budget {
        let size = app::web::assets::check_budget(&packed)?;
        println!(
            "{} with Brotli: {size} bytes, within its budget of {} bytes",
            app::ui::paths::BUNDLE_WASM,
            app::web::assets::WASM_BROTLI_BUDGET
        );
    }
    Ok(())
}

async fn run(args: Vec<String>) -> Result<(), String> {
    // Packing the site is a build step: it needs no configuration.
    if args.first().map(String::as_str) == Some("site") {
        return site_pack(&args);
    }
    let config = Config::from_env()?;
    match args.first().map(String::as_str) {
        None | Some("serve") => serve(open(&config).await?).await,
        Some("migrate") => {
            open(&config).await?;
            println!("Database migrated: {}", redact(&config.database_url));
            Ok(())
        }
        Some("create-admin") => {
            let email = args.get(1).ok_or("usage: clairvoie create-admin EMAIL")?;
            let state = open(&config).await?;
            let link = app::accounts::service::create_admin(&state, email).await.map_err(|e| match e {
                app::error::AppError::Invalid(_) => format!("not a valid email address: {email}"),
                other => other.to_string(),
            })?;
            println!("Administrator {email} is ready. Set the password within 24 hours, once, at:\n{link}");
            Ok(())
        }
        Some("seed-demo") => {
            let sensors = match (args.get(1).map(String::as_str), args.get(2)) {
                (None, _) => app::sensors::seed::DEMO_SENSORS,
                (Some("--sensors"), Some(n)) => {
                    n.parse().map_err(|_| format!("--sensors needs a number, got {n:?}"))?
                }
                _ => return Err("usage: clairvoie seed-demo [--sensors N]".into()),
            };
            let state = open(&config).await?;
            let added = app::demo::seed(&state, sensors).await.map_err(|e| e.to_string())?;
            app::demo::seed_participation(&state).await.map_err(|e| e.to_string())?;
            println!(
                "Demo town \"{}\" is ready ({added} sensors added). Accounts (demo passwords):",
                app::demo::TOWN_NAME
            );
            for a in &app::demo::ACCOUNTS {
                let roles: Vec<&str> = a.roles.iter().map(|r| r.code()).collect();
                let role = if roles.is_empty() { "resident".to_string() } else { roles.join(", ") };
                println!("  {:<15} {:<32} {}", role, a.email, a.password);
            }
            Ok(())
        }
        Some("device") => {
            let reference = match (args.get(1).map(String::as_str), args.get(2).map(String::as_str), args.get(3)) {
                (Some("token"), Some("--sensor"), Some(reference)) => reference,
                _ => return Err("usage: clairvoie device token --sensor REF".into()),
            };
            let state = open(&config).await?;
            let token = app::ingest::service::issue_token_cli(&state, reference).await.map_err(|e| match e {
                app::error::AppError::NotFound => format!("no sensor with the reference {reference}"),
                other => other.to_string(),
            })?;
            println!("{token}");
            Ok(())
        }
        Some("retention") => {
            if args.get(1).map(String::as_str) != Some("run") {
                return Err("usage: clairvoie retention run".into());
            }
            let state = open(&config).await?;
            // Waits for a run of the server's own job (or another instance's) to end rather than run beside it.
            let s = app::jobs::when_free(&state.db, app::jobs::Job::Retention, || app::ingest::retention::run(&state))
                .await
                .and_then(|run| run)
                .map_err(|e| e.to_string())?;
            println!(
                "Retention run: {} datastreams, {} measurements and {} hourly aggregates deleted{}",
                s.datastreams,
                s.rows_deleted,
                s.hours_deleted,
                if s.unreadable > 0 {
                    format!(", {} unreadable retention periods", s.unreadable)
                } else {
                    String::new()
                }
            );
            Ok(())
        }
        Some("backup") => {
            let path = args.get(1).ok_or("usage: clairvoie backup FILE")?;
            if std::path::Path::new(path).exists() {
                return Err(format!("{path} exists: choose a new file (a backup never overwrites one)"));
            }
            let db = Db::connect(&config.database_url).await.map_err(|e| e.to_string())?;
            match db.backend {
                app::db::Backend::Sqlite => db.backup_into(path).await.map_err(|e| format!("backup: {e}"))?,
                app::db::Backend::Postgres => pg_dump(&config.database_url, path)?,
            }
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            println!("Backup written to {path} ({size} bytes) from {}", redact(&config.database_url));
            Ok(())
        }
        Some("audit") => {
            const USAGE: &str = "usage: clairvoie audit verify [--head N:HASH]";
            if args.get(1).map(String::as_str) != Some("verify") {
                return Err(USAGE.into());
            }
            let published = match (args.get(2).map(String::as_str), args.get(3)) {
                (None, _) => None,
                (Some("--head"), Some(text)) => Some(
                    app::audit::Head::parse(text)
                        .ok_or_else(|| format!("{USAGE}: N:HASH is the entry number and its 64-digit hash"))?,
                ),
                _ => return Err(USAGE.into()),
            };
            let state = open(&config).await?;
            let against = published.as_ref().map(|h| format!(", up to the published head {}", h.label()));
            let report = app::audit::verify(&state.db, published).await.map_err(|e| e.to_string())?;
            match report.broken {
                None => {
                    println!(
                        "Audit log intact: {} entries, every link checked{}.",
                        report.checked,
                        against.unwrap_or_default()
                    );
                    Ok(())
                }
                Some(broken) => Err(format!(
                    "audit log BROKEN at entry {}: {broken} ({} entries before it are intact)",
                    broken.seq(),
                    report.checked
                )),
            }
        }
        Some("register") => {
            let (Some("import"), Some(path)) = (args.get(1).map(String::as_str), args.get(2)) else {
                return Err("usage: clairvoie register import FILE.csv".into());
            };
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            let state = open(&config).await?;
            match app::eligibility::service::import_register_cli(&state, &text).await {
                Ok(done) => {
                    println!(
                        "Register imported: {} added, {} kept, {} removed (only keyed hashes and districts are kept)",
                        done.added, done.kept, done.removed
                    );
                    Ok(())
                }
                Err(app::eligibility::service::ImportError::Lines(lines)) => {
                    let i18n = app::i18n::I18n(app::i18n::Lang::En);
                    let lines: Vec<String> =
                        lines.iter().map(|e| format!("line {}, {}: {}", e.line, e.column, i18n.t(e.key))).collect();
                    Err(format!("{path}: nothing imported\n{}", lines.join("\n")))
                }
                Err(app::eligibility::service::ImportError::App(e)) => Err(e.to_string()),
            }
        }
        Some("pb") if args.get(1).map(String::as_str) == Some("import") => {
            let path = args.get(2).ok_or("usage: clairvoie pb import FILE.pb")?;
            let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            let state = open(&config).await?;
            let imported =
                app::budgets::service::import_pabulib(&state.db, &text).await.map_err(|e| format!("{path}: {e}"))?;
            println!(
                "Imported {} projects and {} ballots: {}/budgets/{}/export.pb",
                imported.projects, imported.ballots, state.config.public_url, imported.slug
            );
            match imported.winners {
                Ok(winners) => println!("Winners under the file's rule: {}", winners.join(", ")),
                Err(why) => println!("The file's rule is not counted: {why}"),
            }
            Ok(())
        }
        Some("pb") => pb(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{}", help());
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}\n\n{}", help())),
    }
}

/// `clairvoie pb …`: the pabulib interchange.
fn pb(args: &[String]) -> Result<(), String> {
    const USAGE: &str = "usage: clairvoie pb import FILE.pb | clairvoie pb tally FILE.pb [--rule RULE] [--explain]";
    let (Some("tally"), Some(path)) = (args.first().map(String::as_str), args.get(1)) else {
        return Err(USAGE.into());
    };
    let (mut rule, mut explain) = (None, false);
    let mut rest = args[2..].iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--rule" => rule = Some(rest.next().ok_or(USAGE)?.as_str()),
            "--explain" => explain = true,
            _ => return Err(format!("unknown option {arg:?}\n{USAGE}")),
        }
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let out = app::budgets::report::tally_text(&text, rule, explain).map_err(|e| format!("{path}: {e}"))?;
    print!("{out}");
    Ok(())
}

/// The database URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..s + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// glibc raises its mmap threshold each time a large block is freed, after which large blocks come from the
/// heap and stay there: every password check (Argon2, 19 MiB) then leaves its memory behind in some thread's
/// arena, and a burst of sign-ins made the server hold ~200 MB. A fixed threshold keeps blocks over 1 MiB
/// mapped, so they go back to the system when freed.
fn tune_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only changes an allocator setting; it is called once, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
    }
}

fn main() -> ExitCode {
    tune_allocator();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map(|runtime| runtime.block_on(run_main()))
        .unwrap_or_else(|e| {
            eprintln!("clairvoie: cannot start the runtime: {e}");
            ExitCode::FAILURE
        })
}

/// Logs as text for a person at a terminal, or as one JSON object per line for a collector
/// (`CLAIRVOIE_LOG_FORMAT=json`). Log lines carry no personal data and no secret: ids and counts, never
/// addresses, names or tokens. The one exception, the links of mails written to the outbox when no SMTP relay
/// is set (how a tester reads them), is text-only: JSON logs leave that target out.
fn init_logs() {
    use tracing_subscriber::EnvFilter;
    let json = std::env::var("CLAIRVOIE_LOG_FORMAT").is_ok_and(|f| f.trim().eq_ignore_ascii_case("json"));
    let mut filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into());
    if json {
        filter = filter.add_directive(format!("{}=off", app::mail::OUTBOX_LINKS).parse().expect("a valid directive"));
    }
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    if json {
        logs.json().flatten_event(true).with_current_span(false).with_span_list(false).init();
    } else {
        // Colour codes only for a person at a terminal, not in log files.
        logs.with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout())).init();
    }
}

async fn run_main() -> ExitCode {
    init_logs();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("clairvoie: {e}");
            ExitCode::FAILURE
        }
    }
}
