//! The database: SQLite (embedded default) or PostgreSQL, chosen at run time by `DATABASE_URL`.
//!
//! Queries go through sqlx's `Any` driver and are written once in the SQL both engines share (`$1`
//! placeholders, `RETURNING`, `ON CONFLICT`, times bound from Rust as Unix seconds). Each engine has its own
//! migrations, side by side under `migrations/`.

use sqlx::any::AnyPoolOptions;
use sqlx::migrate::Migrator;
use sqlx::AnyPool;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

/// Which engine a pool talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// A connection pool and the engine behind it.
#[derive(Clone, Debug)]
pub struct Db {
    /// The pool every query module uses.
    pub pool: AnyPool,
    /// The engine.
    pub backend: Backend,
    /// On SQLite, the turn of this instance's heavy writers (ingestion, retention): see `write_turn`.
    writes: Arc<tokio::sync::Mutex<()>>,
    /// On SQLite, whether the write-ahead log must still be emptied (see `empty_wal`): the checkpoint task
    /// keeps trying while it is set.
    wal_to_empty: Arc<AtomicBool>,
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The URL names neither engine.
    #[error("DATABASE_URL must start with sqlite:// or postgres:// (got {0:?})")]
    UnsupportedUrl(String),
    /// The folder for the SQLite file could not be created.
    #[error("cannot create the folder for the SQLite database: {0}")]
    Folder(#[from] std::io::Error),
    /// Connecting failed.
    #[error("cannot connect to the database: {0}")]
    Connect(#[from] sqlx::Error),
    /// A migration failed.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// An optional number to bind. sqlx 0.8.6's `Any` driver sends a missing `f64` to PostgreSQL typed as `real`
/// (`float4`, its `Null(Double)` and `Null(Real)` are swapped): a statement first prepared with a missing value then
/// fails on a number ("incorrect binary data format"). This sends the missing value typed as `double precision`.
/// (sqlx is pinned; a release that fixes the swap would need this changed.)
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OptF64(pub Option<f64>);

impl<'q> sqlx::Encode<'q, sqlx::Any> for OptF64 {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        match self.0 {
            Some(v) => <f64 as sqlx::Encode<'q, sqlx::Any>>::encode_by_ref(&v, buf),
            None => {
                buf.0.push(sqlx_core::any::AnyValueKind::Null(sqlx::any::AnyTypeInfoKind::Real));
                Ok(sqlx::encode::IsNull::Yes)
            }
        }
    }
}

impl sqlx::Type<sqlx::Any> for OptF64 {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <f64 as sqlx::Type<sqlx::Any>>::type_info()
    }
}

/// Whether `error` says the database cannot be reached now (down, restarting, every connection busy past the
/// pool's wait) rather than that a statement failed: the caller may answer "try again later" (503), and an
/// MQTT message is left to the broker to deliver again.
pub fn unreachable(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_))
}

/// How many times a creation that lost the race for a free slug tries the next one: each round one of the
/// requests that chose the same slug at once wins, so this many requests of one title at the same moment succeed.
pub const MAX_SLUG_RACES: u32 = 32;

/// Whether `e` is a unique constraint refusing a row (two requests took the same free slug at once).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}

/// Current time as Unix seconds: every timestamp is bound from Rust so both engines agree.
pub fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or_default()
}

/// How long a SQLite connection waits for a lock before answering "busy".
const BUSY_TIMEOUT: &str = "PRAGMA busy_timeout = 5000";

/// How long one attempt to empty the write-ahead log waits for readers (see `Db::empty_wal`).
const EMPTYING_WAIT: &str = "PRAGMA busy_timeout = 200";

/// How often the WAL is copied into the SQLite database file.
const CHECKPOINT_EVERY: Duration = Duration::from_secs(1);

/// Copies the WAL into the database file every `CHECKPOINT_EVERY`, for as long as the pool is open. A first,
/// passive checkpoint waits for nobody: writers go on meanwhile, and it copies most of the WAL. Under steady
/// writes it would never catch up, and SQLite only starts the WAL over once it is entirely copied: so a second
/// one runs during this instance's write turn, copying the little written meanwhile, and the next commit starts
/// the WAL over (it stays a few megabytes instead of growing with the load).
async fn checkpoints(db: Db) {
    let mut ticker = tokio::time::interval(CHECKPOINT_EVERY);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    while !db.pool.is_closed() {
        ticker.tick().await;
        let mut result = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&db.pool).await;
        if result.is_ok() {
            let _turn = db.write_turn().await;
            result = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&db.pool).await;
        }
        let emptied = match result {
            Ok(_) if db.wal_to_empty.load(Ordering::SeqCst) => db.try_empty_wal().await.map(|_| ()),
            other => other.map(|_| ()),
        };
        if let Err(e) = emptied {
            if !db.pool.is_closed() {
                tracing::warn!(error = %e, "SQLite checkpoint");
            }
        }
    }
}

impl Db {
    /// Opens a pool for `url`; a SQLite file (and its folder) is created when absent.
    pub async fn connect(url: &str) -> Result<Db, DbError> {
        sqlx::any::install_default_drivers();
        let (backend, url) = if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.trim_start_matches("//");
            let file = path.split('?').next().unwrap_or_default();
            if file != ":memory:" && !file.is_empty() {
                if let Some(parent) = std::path::Path::new(file).parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent)?;
                }
            }
            let url = if path.contains('?') { format!("sqlite://{path}") } else { format!("sqlite://{path}?mode=rwc") };
            (Backend::Sqlite, url)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_string())
        } else {
            return Err(DbError::UnsupportedUrl(url.to_string()));
        };
        let mut options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        if backend == Backend::Sqlite {
            // One writer at a time is SQLite's rule: WAL lets readers go on meanwhile, and the busy timeout makes
            // writers queue instead of failing. `synchronous = NORMAL` is WAL's recommended setting: a commit
            // survives the process being killed (the crash test proves it) and is flushed to disk at the next
            // checkpoint, so only a power cut or kernel crash can lose the last commits — in exchange for no
            // fsync per commit, which single-row ingestion could not afford. Checkpoints (copying the WAL into
            // the database file, with an fsync) run on a task of their own (`checkpoints`) instead of inside
            // whichever commit crosses the WAL's size limit: that commit would wait for the copy.
            options = options.max_connections(8).after_connect(|conn, _| {
                Box::pin(async move {
                    for pragma in [
                        "PRAGMA journal_mode = WAL",
                        "PRAGMA synchronous = NORMAL",
                        BUSY_TIMEOUT,
                        "PRAGMA foreign_keys = ON",
                        "PRAGMA wal_autocheckpoint = 0",
                        // Deleted and overwritten content is zeroed in the file, not left in free pages: the
                        // keys that joined voters to ballots must not survive the close in the file's bytes.
                        "PRAGMA secure_delete = ON",
                    ] {
                        sqlx::query(pragma).execute(&mut *conn).await?;
                    }
                    Ok(())
                })
            });
        } else {
            options = options.max_connections(16);
        }
        let pool = options.connect(&url).await?;
        let db = Db { pool, backend, writes: Arc::default(), wal_to_empty: Arc::default() };
        if backend == Backend::Sqlite {
            tokio::spawn(checkpoints(db.clone()));
        }
        Ok(db)
    }

    /// Applies the pending migrations of this engine.
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self.backend {
            Backend::Sqlite => SQLITE_MIGRATIONS.run(&self.pool).await?,
            Backend::Postgres => POSTGRES_MIGRATIONS.run(&self.pool).await?,
        }
        Ok(())
    }

    /// Waits for this instance's turn to write in bulk; hold the guard over the transaction. SQLite has one write
    /// lock, and a connection that finds it taken sleeps in growing steps (its busy timeout) before trying again:
    /// queuing here instead, in arrival order, keeps a wait as short as the writes in front of it. PostgreSQL
    /// locks rows, not the database: no turn is needed.
    pub async fn write_turn(&self) -> Option<tokio::sync::MutexGuard<'_, ()>> {
        match self.backend {
            Backend::Sqlite => Some(self.writes.lock().await),
            Backend::Postgres => None,
        }
    }

    /// SQLite: copies the whole write-ahead log into the database file and truncates the log to nothing, so the
    /// bytes of rows deleted or overwritten before now (zeroed in the file by `secure_delete`) leave the disk.
    /// An open read or another checkpoint (the checkpoint task's, every second) makes an attempt fail, and SQLite
    /// says so in the pragma's `busy` column, not with an error: the former close ignored it and left the keys
    /// that joined voters to ballots in the log. Each attempt waits at most `EMPTYING_WAIT` for readers (the
    /// log's write lock is held meanwhile, so writers are not held longer) and attempts repeat until `within`
    /// has passed; answers whether the log is empty. When it is not yet, the checkpoint task keeps trying every
    /// second until it is. PostgreSQL has no such log: always true.
    pub async fn empty_wal(&self, within: Duration) -> Result<bool, sqlx::Error> {
        if self.backend != Backend::Sqlite {
            return Ok(true);
        }
        self.wal_to_empty.store(true, Ordering::SeqCst);
        let deadline = Instant::now() + within;
        loop {
            if self.try_empty_wal().await? {
                return Ok(true);
            }
            if Instant::now() >= deadline {
                return Ok(false);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// One attempt of `empty_wal`, during this instance's write turn.
    async fn try_empty_wal(&self) -> Result<bool, sqlx::Error> {
        let _turn = self.write_turn().await;
        let mut conn = self.pool.acquire().await?;
        sqlx::query(EMPTYING_WAIT).execute(&mut *conn).await?;
        let attempt: Result<(i64, i64, i64), _> =
            sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&mut *conn).await;
        if let Err(e) = sqlx::query(BUSY_TIMEOUT).execute(&mut *conn).await {
            // Not back in the pool with a short wait that would make ordinary writes fail.
            let _ = conn.close().await;
            return Err(e);
        }
        let emptied = attempt?.0 == 0;
        if emptied {
            self.wal_to_empty.store(false, Ordering::SeqCst);
        }
        Ok(emptied)
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        sqlx::query("SELECT 1").execute(&self.pool).await.is_ok()
    }

    /// SQLite only: writes a consistent copy of the database to `path` while others keep reading and writing
    /// (`VACUUM INTO`: one read transaction, a compact file that opens as it is).
    pub async fn backup_into(&self, path: &str) -> Result<(), sqlx::Error> {
        sqlx::query("VACUUM INTO $1").bind(path).execute(&self.pool).await?;
        Ok(())
    }

    /// The versions of this engine's migrations not applied to the database (an instance started before an
    /// upgrade, or a database restored from an older backup, is not ready to serve).
    pub async fn pending_migrations(&self) -> Result<Vec<i64>, sqlx::Error> {
        let applied: Vec<(i64,)> = sqlx::query_as("SELECT version FROM _sqlx_migrations").fetch_all(&self.pool).await?;
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        Ok(migrator.iter().map(|m| m.version).filter(|v| !applied.iter().any(|(a,)| a == v)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unreachable_database_is_told_from_a_failed_statement() {
        assert!(unreachable(&sqlx::Error::PoolTimedOut));
        assert!(unreachable(&sqlx::Error::PoolClosed));
        assert!(unreachable(&sqlx::Error::Io(std::io::Error::from(std::io::ErrorKind::ConnectionRefused))));
        assert!(!unreachable(&sqlx::Error::RowNotFound));
        assert!(!unreachable(&sqlx::Error::Protocol("bad".into())));
    }
}
