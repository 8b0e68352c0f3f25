//! Group commit: every request's checked rows go to a writer task, which stores the rows of all the requests
//! waiting at that moment in one transaction and answers each request once that transaction is committed.
//!
//! Why: a commit is the expensive part of a small write (SQLite's single write lock, PostgreSQL's WAL flush).
//! Thousands of devices each sending one reading would otherwise queue for one commit each; grouped, a
//! transaction carries whatever arrived while the previous one was being written, so latency stays at about one
//! commit and throughput grows with the load. Nothing changes for the client: its rows are acknowledged only once
//! committed, duplicates are still reported row by row (also between two requests of the same group).

use super::queries::{self, NewObservation};
use super::service::hour_deltas;
use crate::db::{now, Backend, Db};
use std::sync::{Arc, OnceLock};
use tokio::sync::{mpsc, oneshot, Mutex};

/// Rows after which a group is closed (a request may carry it somewhat beyond; one larger than this is a group
/// of its own).
const GROUP_ROWS: usize = 10_000;

/// Requests waiting for a writer: beyond that, new requests wait to be queued (back-pressure, bounded memory).
const QUEUE: usize = 1_024;

/// For each row of a request, whether it was stored (`false`: it was already there, a duplicate).
pub type Stored = Vec<bool>;

/// Why rows were not stored: what went wrong, and whether the database was unreachable (try again later).
#[derive(Debug)]
pub struct Failed {
    /// The error, for the log.
    pub detail: String,
    /// The database could not be reached (see `db::unreachable`).
    pub unreachable: bool,
}

impl From<&sqlx::Error> for Failed {
    fn from(e: &sqlx::Error) -> Self {
        Failed { detail: e.to_string(), unreachable: crate::db::unreachable(e) }
    }
}

fn stopped() -> Failed {
    Failed { detail: "the ingestion writer has stopped".into(), unreachable: false }
}

struct Job {
    rows: Vec<NewObservation>,
    reply: oneshot::Sender<Result<Stored, Failed>>,
}

/// The writer tasks of one instance, started on first use.
#[derive(Default)]
pub struct Writer {
    queue: OnceLock<mpsc::Sender<Job>>,
}

impl Writer {
    /// Stores `rows` and returns, once they are committed, which were new (a (datastream, time) repeated in the
    /// request is new at most once).
    pub async fn store(&self, db: &Db, rows: Vec<NewObservation>) -> Result<Stored, Failed> {
        let queue = self.queue.get_or_init(|| start(db));
        let (reply, answer) = oneshot::channel();
        queue.send(Job { rows, reply }).await.map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

/// Starts the writers. SQLite: one (it has one write lock anyway), on a thread of its own — it is the one
/// sequential step of ingestion, and on the request threads it would wait for its turn behind the parsing of
/// other requests' bodies at each of its statements (measured: a commit took 2.4 times longer). PostgreSQL: two
/// tasks, so one group is prepared while the other is being flushed.
fn start(db: &Db) -> mpsc::Sender<Job> {
    let (sender, receiver) = mpsc::channel(QUEUE);
    let receiver = Arc::new(Mutex::new(receiver));
    match db.backend {
        Backend::Sqlite => {
            let db = db.clone();
            let thread = std::thread::Builder::new().name("ingest-writer".into()).spawn(move || {
                match tokio::runtime::Builder::new_current_thread().enable_all().build() {
                    // It ends when the instance's `Writer` is dropped (the queue closes).
                    Ok(runtime) => runtime.block_on(run(db, receiver)),
                    Err(e) => tracing::error!(error = %e, "cannot start the ingestion writer"),
                }
            });
            if let Err(e) = thread {
                tracing::error!(error = %e, "cannot start the ingestion writer");
            }
        }
        Backend::Postgres => {
            for _ in 0..2 {
                tokio::spawn(run(db.clone(), receiver.clone()));
            }
        }
    }
    sender
}

async fn run(db: Db, receiver: Arc<Mutex<mpsc::Receiver<Job>>>) {
    loop {
        let group = {
            let mut receiver = receiver.lock().await;
            let Some(first) = receiver.recv().await else { return };
            let mut rows = first.rows.len();
            let mut group = vec![first];
            while rows < GROUP_ROWS {
                match receiver.try_recv() {
                    Ok(job) => {
                        rows += job.rows.len();
                        group.push(job);
                    }
                    Err(_) => break,
                }
            }
            group
        };
        let batches: Vec<&[NewObservation]> = group.iter().map(|j| j.rows.as_slice()).collect();
        match commit(&db, &batches).await {
            Ok(stored) => {
                for (job, stored) in group.into_iter().zip(stored) {
                    // A request whose client went away has nobody to answer; its rows are stored all the same.
                    let _ = job.reply.send(Ok(stored));
                }
            }
            Err(e) if group.len() > 1 => {
                // One request's rows must not fail another's: each is tried again on its own.
                tracing::warn!(error = %e, requests = group.len(), "a grouped ingestion commit failed, retrying one by one");
                for job in group {
                    let result = commit(&db, &[job.rows.as_slice()]).await;
                    let _ = job.reply.send(result.map(|mut s| s.remove(0)).map_err(|e| Failed::from(&e)));
                }
            }
            Err(e) => {
                for job in group {
                    let _ = job.reply.send(Err(Failed::from(&e)));
                }
            }
        }
    }
}

/// Stores the rows of several requests in one transaction; for each request, which of its rows were new. A
/// (datastream, time) in two requests of the group (or twice in one) is stored for the first and a duplicate for
/// the others.
pub async fn commit(db: &Db, batches: &[&[NewObservation]]) -> Result<Vec<Stored>, sqlx::Error> {
    let mut placed: Vec<(&NewObservation, usize, usize)> = Vec::with_capacity(batches.iter().map(|b| b.len()).sum());
    for (b, batch) in batches.iter().enumerate() {
        placed.extend(batch.iter().enumerate().map(|(i, row)| (row, b, i)));
    }
    // In key order: the index is written sequentially, two PostgreSQL writers meeting on the same keys take them
    // in the same order (no deadlock), and a repeated key follows its first occurrence.
    placed.sort_unstable_by_key(|(row, b, i)| (row.datastream_id, row.time, *b, *i));
    placed.dedup_by_key(|(row, _, _)| (row.datastream_id, row.time));
    let rows: Vec<&NewObservation> = placed.iter().map(|(row, _, _)| *row).collect();

    let _turn = db.write_turn().await;
    let received_at = now();
    // On SQLite the write lock is taken at once: `insert_observations` relies on nobody writing meanwhile.
    let mut tx = match db.backend {
        Backend::Sqlite => db.pool.begin_with("BEGIN IMMEDIATE").await?,
        Backend::Postgres => db.pool.begin().await?,
    };
    let inserted = queries::insert_observations(&mut tx, db.backend, &rows, received_at).await?;
    let new: Vec<&NewObservation> = rows.iter().zip(&inserted).filter(|(_, new)| **new).map(|(row, _)| *row).collect();
    queries::add_hours(&mut tx, &hour_deltas(&new)).await?;
    // "Last message" moves on with every delivery, duplicates included: the device was heard. Rows are in key
    // order, so a datastream's last row is its latest.
    for (i, row) in rows.iter().enumerate() {
        if rows.get(i + 1).is_none_or(|next| next.datastream_id != row.datastream_id) {
            queries::set_last(&mut tx, row.datastream_id, row.time, received_at).await?;
        }
    }
    tx.commit().await?;
    // Rows left out as repeats stay `false`: duplicates.
    let mut stored: Vec<Stored> = batches.iter().map(|b| vec![false; b.len()]).collect();
    for ((_, b, i), new) in placed.into_iter().zip(inserted) {
        stored[b][i] = new;
    }
    Ok(stored)
}
