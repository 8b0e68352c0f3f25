//! Background jobs run on one instance at a time. Several `clairvoie serve` processes may share one database
//! (PostgreSQL, behind a reverse proxy); each starts the same periodic jobs, and a run is only done by the
//! instance that takes the job's lock — the others skip that tick. So a retention run deletes each row once and
//! writes one ledger entry, and a notification is mailed once, however many instances run.
//!
//! - PostgreSQL: a session-level advisory lock, held on a connection of its own for the whole run. If the
//!   process dies, PostgreSQL ends its session and the lock goes with it: no stale lock to clear by hand.
//! - SQLite (one machine; a second process is the `clairvoie retention run` command beside the server): a lease
//!   row in `job_locks`, renewed while the run lasts, so a killed process holds it at most [`LEASE`].

use crate::db::{now, Backend, Db};
use sqlx::pool::PoolConnection;
use sqlx::Any;
use std::future::Future;
use std::time::Duration;

/// A job that must not run on two instances at once.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Job {
    /// Deleting measurements past their retention and writing the purge ledger.
    Retention,
    /// Mailing replies, decisions and digests.
    Notifications,
    /// Deleting expired sessions.
    Sessions,
}

impl Job {
    /// The job's name (lease rows, logs, metrics).
    pub fn name(self) -> &'static str {
        match self {
            Job::Retention => "retention",
            Job::Notifications => "notifications",
            Job::Sessions => "sessions",
        }
    }

    /// Its PostgreSQL advisory lock key: fixed, and prefixed with "CLV" so that another application's locks on
    /// the same server are unlikely to collide with ours.
    pub fn lock_key(self) -> i64 {
        const PREFIX: i64 = 0x434C_5600_0000_0000;
        PREFIX
            + match self {
                Job::Retention => 1,
                Job::Notifications => 2,
                Job::Sessions => 3,
            }
    }
}

/// How long a SQLite lease lasts without renewal (a killed holder keeps others out this long at most).
pub const LEASE: Duration = Duration::from_secs(120);

/// How often a running job renews its SQLite lease.
const RENEW_EVERY: Duration = Duration::from_secs(30);

// A lease must survive a missed renewal or two (a slow database, a busy machine).
const _: () = assert!(RENEW_EVERY.as_secs() * 3 < LEASE.as_secs());

/// What holds a job: the PostgreSQL connection carrying its advisory lock, or the SQLite lease's holder id.
enum Hold {
    Advisory(AdvisoryGuard),
    Lease(String),
}

/// Closes the advisory lock's connection if the run is dropped before it unlocked (a cancelled future):
/// returned to the pool, the connection would keep the lock for as long as it lives.
struct AdvisoryGuard(Option<PoolConnection<Any>>);

impl Drop for AdvisoryGuard {
    fn drop(&mut self) {
        if let Some(conn) = self.0.take() {
            // Detached, the connection is closed when dropped, and PostgreSQL releases the session's locks.
            drop(conn.detach());
        }
    }
}

async fn try_take(db: &Db, job: Job) -> Result<Option<Hold>, sqlx::Error> {
    match db.backend {
        Backend::Postgres => {
            let mut conn = db.pool.acquire().await?;
            let (taken,): (bool,) =
                sqlx::query_as("SELECT pg_try_advisory_lock($1)").bind(job.lock_key()).fetch_one(&mut *conn).await?;
            Ok(taken.then(|| Hold::Advisory(AdvisoryGuard(Some(conn)))))
        }
        Backend::Sqlite => {
            let holder = hex::encode(rand::random::<[u8; 12]>());
            let at = now();
            let taken: Option<(String,)> = sqlx::query_as(
                "INSERT INTO job_locks (job, holder, until) VALUES ($1, $2, $3) \
                 ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, until = excluded.until \
                 WHERE job_locks.until <= $4 RETURNING holder",
            )
            .bind(job.name())
            .bind(&holder)
            .bind(at + LEASE.as_secs() as i64)
            .bind(at)
            .fetch_optional(&db.pool)
            .await?;
            Ok(taken.filter(|(h,)| *h == holder).map(|_| Hold::Lease(holder)))
        }
    }
}

async fn renew(db: &Db, job: Job, holder: &str) {
    let result = sqlx::query("UPDATE job_locks SET until = $1 WHERE job = $2 AND holder = $3")
        .bind(now() + LEASE.as_secs() as i64)
        .bind(job.name())
        .bind(holder)
        .execute(&db.pool)
        .await;
    if let Err(e) = result {
        tracing::warn!(job = job.name(), error = %e, "renewing the job's lease");
    }
}

async fn release(db: &Db, job: Job, hold: Hold) {
    let result = match hold {
        Hold::Advisory(mut guard) => {
            let Some(conn) = guard.0.as_mut() else { return };
            let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)").bind(job.lock_key()).execute(&mut **conn).await;
            if unlocked.is_ok() {
                // Unlocked: the connection may go back to the pool.
                guard.0.take();
            }
            unlocked.map(|_| ())
        }
        Hold::Lease(holder) => sqlx::query("DELETE FROM job_locks WHERE job = $1 AND holder = $2")
            .bind(job.name())
            .bind(&holder)
            .execute(&db.pool)
            .await
            .map(|_| ()),
    };
    if let Err(e) = result {
        // PostgreSQL: the guard closed the connection, which released the lock; SQLite: the lease runs out.
        tracing::warn!(job = job.name(), error = %e, "releasing the job's lock");
    }
}

/// Runs `work` if no other instance is running `job` now: `Some` with its result, `None` when another holds it
/// (the caller skips this turn).
pub async fn exclusively<T>(db: &Db, job: Job, work: impl Future<Output = T>) -> Result<Option<T>, sqlx::Error> {
    let Some(hold) = try_take(db, job).await? else {
        tracing::debug!(job = job.name(), "running on another instance; skipped");
        return Ok(None);
    };
    let out = match &hold {
        Hold::Advisory(_) => work.await,
        Hold::Lease(holder) => {
            let renewing = async {
                let mut ticker = tokio::time::interval(RENEW_EVERY);
                ticker.tick().await;
                loop {
                    ticker.tick().await;
                    renew(db, job, holder).await;
                }
            };
            tokio::select! {
                out = work => out,
                never = renewing => never,
            }
        }
    };
    // A cancelled run never gets here: its advisory connection is closed by the guard, its lease runs out.
    release(db, job, hold).await;
    Ok(Some(out))
}

/// Runs `work` once `job` is free, waiting for another instance's run to end first (commands run by hand).
pub async fn when_free<T, F: Future<Output = T>>(
    db: &Db,
    job: Job,
    mut work: impl FnMut() -> F,
) -> Result<T, sqlx::Error> {
    let mut told = false;
    loop {
        if let Some(out) = exclusively(db, job, work()).await? {
            return Ok(out);
        }
        if !told {
            tracing::info!(job = job.name(), "another instance is running this job; waiting for it to end");
            told = true;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_has_its_own_lock_and_name() {
        let jobs = [Job::Retention, Job::Notifications, Job::Sessions];
        for (i, a) in jobs.iter().enumerate() {
            for b in &jobs[i + 1..] {
                assert_ne!(a.lock_key(), b.lock_key());
                assert_ne!(a.name(), b.name());
            }
        }
    }
}
