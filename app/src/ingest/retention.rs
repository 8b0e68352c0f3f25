//! The retention job: deletes raw values once each datastream's declared retention is over, and hourly
//! aggregates once the sensor's aggregate retention is over, in bounded batches (ingestion goes on meanwhile),
//! and writes what it deleted to the public purge ledger.

use super::queries::{self, RetentionTarget};
use super::rules::earliest_kept;
use super::LedgerEntry;
use crate::db::{now, Backend};
use crate::state::AppState;
use std::time::Duration;

/// Raw values deleted per statement. On SQLite each delete takes the write turn that ingestion's commits
/// wait for, so it is kept short (about a millisecond); PostgreSQL's deletes lock only their rows.
pub fn batch(backend: Backend) -> i64 {
    match backend {
        Backend::Sqlite => 1_000,
        Backend::Postgres => 5_000,
    }
}

/// What one run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// Datastreams looked at.
    pub datastreams: usize,
    /// Raw values deleted.
    pub rows_deleted: i64,
    /// Hourly aggregates deleted.
    pub hours_deleted: i64,
    /// Datastreams whose retention cannot be read (nothing deleted, logged).
    pub unreadable: usize,
}

/// The start (Unix seconds) of the first hour an aggregate may still cover when values before `cutoff_ms` are
/// due: an hour is deleted once it ends at or before the cutoff.
pub fn hour_cutoff(cutoff_ms: i64) -> i64 {
    cutoff_ms.div_euclid(1000) - 3600 + 1
}

/// What one datastream's pass found, for its alarm: overdue values before the purge, compliant after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finding {
    /// Its retention cannot be read.
    Unreadable,
    /// Values were held past the retention and the grace period; `compliant` once the run is over.
    Overdue { compliant: bool, purged: bool },
    /// Nothing was overdue; `purged` when the run deleted values as they fell due.
    OnTime { purged: bool },
}

/// What to do with a datastream's alarm (pure): raise one (its kind) when none is open, resolve the open one
/// (how), or nothing.
pub fn alarm_action(finding: Finding, open: Option<&str>) -> Option<(&'static str, &'static str)> {
    match (finding, open) {
        (Finding::Unreadable, None) => Some(("raise", "unreadable")),
        (Finding::Unreadable, Some(_)) => None,
        (Finding::Overdue { compliant: true, purged }, _) => {
            // Found and purged in the same run: raised and resolved at once, so the bulletin still counts it.
            Some((if open.is_some() { "resolve" } else { "raise-resolve" }, if purged { "purged" } else { "cleared" }))
        }
        (Finding::Overdue { compliant: false, .. }, None) => Some(("raise", "overdue")),
        (Finding::Overdue { compliant: false, .. }, Some(_)) => None,
        (Finding::OnTime { purged }, Some(_)) => Some(("resolve", if purged { "purged" } else { "cleared" })),
        (Finding::OnTime { .. }, None) => None,
    }
}

/// One pass over every datastream.
pub async fn run(state: &AppState) -> Result<RunSummary, sqlx::Error> {
    let mut summary = RunSummary::default();
    let run_at = now();
    // Open alarms are read once per run: most runs raise and resolve nothing, and write nothing for them.
    let open: std::collections::HashMap<(i64, String), (i64, String)> =
        queries::open_alarms(&state.db).await?.into_iter().map(|(s, d, id, kind)| ((s, d), (id, kind))).collect();
    for target in queries::retention_targets(&state.db).await? {
        summary.datastreams += 1;
        let (entry, finding) = purge(state, &target, run_at).await?;
        match entry {
            Some(entry) => {
                summary.rows_deleted += entry.rows_deleted;
                summary.hours_deleted += entry.hours_deleted;
            }
            None => summary.unreadable += 1,
        }
        let key = (target.sensor_id, target.name.clone());
        let alarm = open.get(&key);
        match alarm_action(finding, alarm.map(|(_, kind)| kind.as_str())) {
            Some(("raise", kind)) => {
                queries::raise_alarm(&state.db, target.sensor_id, &target.name, kind, run_at).await?;
            }
            Some(("raise-resolve", how)) => {
                let id = queries::raise_alarm(&state.db, target.sensor_id, &target.name, "overdue", run_at).await?;
                queries::resolve_alarm(&state.db, id, how, run_at).await?;
            }
            Some((_, how)) => {
                if let Some((id, _)) = alarm {
                    queries::resolve_alarm(&state.db, *id, how, run_at).await?;
                }
            }
            None => {}
        }
    }
    queries::set_last_run(&state.db, run_at).await?;
    let purged = (summary.rows_deleted + summary.hours_deleted).max(0) as u64;
    crate::metrics::Metrics::add(&crate::metrics::METRICS.retention_rows_purged, purged);
    crate::metrics::METRICS.job("retention", true);
    Ok(summary)
}

/// Looks after one datastream; no entry when its retention cannot be read. Reads first, so a datastream with
/// nothing due costs two indexed look-ups and no write.
async fn purge(
    state: &AppState,
    target: &RetentionTarget,
    run_at: i64,
) -> Result<(Option<LedgerEntry>, Finding), sqlx::Error> {
    let Some(cutoff) = earliest_kept(&target.raw_retention, run_at * 1000) else {
        tracing::error!(datastream = target.datastream_id, retention = target.raw_retention, "unreadable retention");
        return Ok((None, Finding::Unreadable));
    };
    let mut rows_deleted = 0;
    let batch = batch(state.db.backend);
    let mut oldest = queries::oldest(&state.db, target.datastream_id).await?;
    let overdue = !super::proof::compliant(oldest, &target.raw_retention, run_at);
    if oldest.is_some_and(|t| t < cutoff) {
        loop {
            let deleted = {
                let _turn = state.db.write_turn().await;
                queries::purge_batch(&state.db, target.datastream_id, cutoff, batch).await?
            };
            rows_deleted += deleted as i64;
            if deleted < batch as u64 {
                break;
            }
            tokio::task::yield_now().await;
        }
        oldest = queries::oldest(&state.db, target.datastream_id).await?;
    }
    // Aggregates follow the sensor's aggregate retention, or the raw one when none is declared.
    let aggregate_cutoff =
        target.aggregate_retention.as_deref().and_then(|r| earliest_kept(r, run_at * 1000)).unwrap_or(cutoff);
    let first_kept_hour = hour_cutoff(aggregate_cutoff);
    let mut hours_deleted = 0;
    if queries::oldest_hour(&state.db, target.datastream_id).await?.is_some_and(|h| h < first_kept_hour) {
        hours_deleted = queries::purge_hours(&state.db, target.datastream_id, first_kept_hour).await? as i64;
    }
    let entry = LedgerEntry {
        datastream: target.name.clone(),
        run_at,
        cutoff,
        rows_deleted,
        hours_deleted,
        oldest_remaining: oldest,
        reason: "retention".into(),
    };
    if rows_deleted > 0 || hours_deleted > 0 {
        let mut conn = state.db.pool.acquire().await?;
        queries::insert_ledger(&mut conn, target.sensor_id, &entry).await?;
    }
    let purged = rows_deleted > 0;
    let finding = if overdue {
        Finding::Overdue { compliant: super::proof::compliant(oldest, &target.raw_retention, run_at), purged }
    } else {
        Finding::OnTime { purged }
    };
    Ok((Some(entry), finding))
}

/// Runs the job every `period`, for as long as the server runs; a turn is skipped while another instance on the
/// same database is running it (see `jobs`).
pub async fn every(state: AppState, period: Duration) {
    let mut ticker = tokio::time::interval(period);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        match crate::jobs::exclusively(&state.db, crate::jobs::Job::Retention, run(&state))
            .await
            .and_then(|r| r.transpose())
        {
            Ok(Some(s)) if s.rows_deleted > 0 || s.hours_deleted > 0 => {
                tracing::info!(rows = s.rows_deleted, hours = s.hours_deleted, "retention run")
            }
            Ok(_) => {}
            Err(e) => {
                crate::metrics::METRICS.job("retention", false);
                tracing::error!(error = %e, "retention run failed")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alarms_are_raised_once_and_resolved_by_the_run_that_finds_the_datastream_compliant() {
        let overdue = |compliant, purged| Finding::Overdue { compliant, purged };
        assert_eq!(alarm_action(Finding::Unreadable, None), Some(("raise", "unreadable")));
        assert_eq!(alarm_action(Finding::Unreadable, Some("unreadable")), None);
        assert_eq!(alarm_action(overdue(false, false), None), Some(("raise", "overdue")));
        assert_eq!(alarm_action(overdue(false, true), Some("overdue")), None, "still overdue: stays open");
        assert_eq!(alarm_action(overdue(true, true), None), Some(("raise-resolve", "purged")));
        assert_eq!(alarm_action(overdue(true, true), Some("overdue")), Some(("resolve", "purged")));
        assert_eq!(alarm_action(Finding::OnTime { purged: false }, Some("unreadable")), Some(("resolve", "cleared")));
        assert_eq!(alarm_action(Finding::OnTime { purged: true }, None), None);
    }

    #[test]
    fn an_hour_goes_once_it_has_ended_before_the_cutoff() {
        let cutoff_ms = 7_200_000; // 02:00
        let first_kept = hour_cutoff(cutoff_ms);
        assert!(3600 < first_kept, "01:00–02:00 is entirely due");
        assert!(7200 >= first_kept, "02:00–03:00 is not");
        assert!(7200 >= hour_cutoff(7_200_001), "02:00–03:00 still holds values after the cutoff");
        assert!(7200 < hour_cutoff(10_800_000), "at 03:00 it is due in turn");
    }
}
