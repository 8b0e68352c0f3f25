//! The public side of retention: per datastream what is held and what was deleted, whether the declared
//! retention is kept, and the hourly averages charted on the sensor page (never for personal data).

use super::queries;
use super::rules;
use super::*;
use crate::db::now;
use crate::error::AppError;
use crate::sensors::PersonalData;
use crate::state::AppState;

async fn target(state: &AppState, reference: &str) -> Result<queries::Target, AppError> {
    queries::target_by_reference(&state.db, &reference.to_ascii_uppercase()).await?.ok_or(AppError::NotFound)
}

/// A sensor's retention proof: per datastream, what is held, what was deleted, whether it is compliant.
pub async fn proof(state: &AppState, reference: &str) -> Result<RetentionProof, AppError> {
    proof_of(state, target(state, reference).await?).await
}

/// What the sensor page shows: the proof and the charts (the sensor read once).
pub async fn page(state: &AppState, reference: &str) -> Result<(RetentionProof, Vec<Chart>), AppError> {
    let target = target(state, reference).await?;
    let charts = charts_of(state, &target).await?;
    Ok((proof_of(state, target).await?, charts))
}

async fn proof_of(state: &AppState, target: queries::Target) -> Result<RetentionProof, AppError> {
    let reference = target.reference;
    let now_s = now();
    let mut datastreams = queries::proofs(&state.db, target.id, now_s - 30 * 86_400).await?;
    for d in &mut datastreams {
        d.compliant = compliant(d.oldest_held, &d.raw_retention, now_s);
    }
    let mut ledger = queries::ledger(&state.db, target.id, 20).await?;
    let compliant = datastreams.iter().all(|d| d.compliant);
    let withheld = !publishable(target.personal_data);
    if withheld {
        for d in &mut datastreams {
            (d.last_time, d.last_received_at, d.oldest_held, d.rows_held, d.purged_30_days) = (None, None, None, 0, 0);
        }
        ledger.clear();
    }
    Ok(RetentionProof {
        reference,
        aggregate_retention: target.aggregate_retention,
        datastreams,
        ledger,
        compliant,
        generated_at: now_s,
        withheld,
    })
}

/// Whether a datastream holding values since `oldest_held` (Unix ms) keeps its declared retention at `now_s`,
/// allowing the job [`GRACE_SECONDS`] to catch up.
pub fn compliant(oldest_held: Option<i64>, raw_retention: &str, now_s: i64) -> bool {
    match (oldest_held, rules::earliest_kept(raw_retention, (now_s - GRACE_SECONDS) * 1000)) {
        (None, _) => true,
        (Some(oldest), Some(earliest)) => oldest >= earliest,
        (Some(_), None) => false,
    }
}

/// Whether raw values of this sensor may be published (never for personal data).
pub fn publishable(personal_data: PersonalData) -> bool {
    personal_data == PersonalData::None
}

/// The hourly averages of a sensor's number datastreams over the last [`CHART_DAYS`] days; none for a sensor
/// with personal data, whose values are never published.
async fn charts_of(state: &AppState, target: &queries::Target) -> Result<Vec<Chart>, AppError> {
    if !publishable(target.personal_data) {
        return Ok(vec![]);
    }
    let since = (now() / 3600 - CHART_DAYS * 24) * 3600;
    let mut charts: Vec<Chart> = vec![];
    for (name, unit, hour, mean, min, max) in queries::recent_hours(&state.db, target.id, since).await? {
        match charts.last_mut() {
            Some(chart) if chart.datastream == name => chart.hours.push((hour, mean, min, max)),
            _ => charts.push(Chart { datastream: name, unit, hours: vec![(hour, mean, min, max)] }),
        }
    }
    Ok(charts)
}

/// Every datastream holding values past its retention and the grace period (staff). One indexed look-up per
/// datastream: the observations are never scanned.
pub async fn alarms(state: &AppState, actor: Option<&crate::ctx::CurrentUser>) -> Result<Vec<Alarm>, AppError> {
    crate::access::require(actor, crate::access::Action::ManageSensors)?;
    let now_s = now();
    let mut out = vec![];
    for target in queries::retention_targets(&state.db).await? {
        let Some(oldest) = queries::oldest(&state.db, target.datastream_id).await? else { continue };
        if !compliant(Some(oldest), &target.raw_retention, now_s) {
            out.push(Alarm {
                reference: target.reference,
                datastream: target.name,
                raw_retention: target.raw_retention,
                oldest_held: oldest,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compliance_allows_the_job_its_grace_period() {
        let now = 1_795_162_502; // 2026-11-20T08:15:02Z
        let day_ms = 86_400_000;
        assert!(compliant(None, "P1D", now));
        assert!(compliant(Some(now * 1000 - day_ms + 60_000), "P1D", now));
        assert!(compliant(Some(now * 1000 - day_ms - 60_000), "P1D", now), "within the grace period");
        assert!(!compliant(Some(now * 1000 - day_ms - 2 * GRACE_SECONDS * 1000), "P1D", now));
        assert!(!compliant(Some(now * 1000), "not a duration", now));
    }
}
