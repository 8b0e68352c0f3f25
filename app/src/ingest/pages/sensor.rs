//! The sensor page's part owned by ingestion: whether the sensor is heard from, what is held and what was
//! deleted (the public proof of retention), and the charts of recent hourly averages.

use super::super::*;
use crate::format::{date_time, decimal, integer};
use crate::i18n::{use_i18n, I18n};
use crate::sensors::notice::retention_words;
use leptos::prelude::*;

/// Below this age a sensor "receives data"; beyond, it is "silent".
const SILENT_AFTER_SECONDS: i64 = 86_400;

/// "4 min", "3 h", "2 days" in the reader's language.
pub fn age(i18n: I18n, seconds: i64) -> String {
    let seconds = seconds.max(0);
    if seconds < 3600 {
        i18n.t_args("ingest-age-minutes", &[("n", (seconds / 60).max(1).to_string())])
    } else if seconds < 2 * 86_400 {
        i18n.t_args("ingest-age-hours", &[("n", (seconds / 3600).to_string())])
    } else {
        i18n.t_args("ingest-age-days", &[("n", (seconds / 86_400).to_string())])
    }
}

/// The one-line state of a sensor: receiving, silent, or never heard from.
pub fn live_line(i18n: I18n, proof: &RetentionProof) -> String {
    match proof.datastreams.iter().filter_map(|d| d.last_received_at).max() {
        None => i18n.t("sensor-live-none"),
        Some(at) if proof.generated_at - at < SILENT_AFTER_SECONDS => {
            i18n.t_args("ingest-live-receiving", &[("age", age(i18n, proof.generated_at - at))])
        }
        Some(at) => i18n.t_args("ingest-live-silent", &[("age", age(i18n, proof.generated_at - at))]),
    }
}

/// The public section of the sensor page: what is held, what was deleted, whether the promise is kept.
#[component]
pub fn RetentionSection(proof: RetentionProof) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let when = move |ms: Option<i64>| ms.map(|ms| date_time(lang, ms.div_euclid(1000))).unwrap_or_else(|| "—".into());
    let verdict = if proof.compliant { i18n.t("ingest-compliant-yes") } else { i18n.t("ingest-compliant-no") };
    let withheld = proof.withheld;
    let rows = proof
        .datastreams
        .iter()
        .map(|d| {
            let ok = if d.compliant { i18n.t("ingest-compliant-yes") } else { i18n.t("ingest-compliant-no") };
            let activity = (!withheld).then(|| {
                view! {
                    <td>{when(d.last_time)}</td>
                    <td>{retention_words(&d.raw_retention, i18n)}</td>
                    <td>{when(d.oldest_held)}</td>
                    <td>{integer(lang, d.rows_held)}</td>
                }
            });
            view! {
                <tr>
                    <th scope="row">{d.name.clone()}</th>
                    {activity}
                    {withheld.then(|| view! { <td>{retention_words(&d.raw_retention, i18n)}</td> })}
                    <td>{when(d.last_purge_at.map(|s| s * 1000))}</td>
                    {(!withheld).then(|| view! { <td>{integer(lang, d.purged_30_days)}</td> })}
                    <td>{ok}</td>
                </tr>
            }
        })
        .collect_view();
    let ledger = (!proof.ledger.is_empty()).then(|| {
        let entries = proof
            .ledger
            .iter()
            .map(|e| {
                let reason = if e.reason == "datastream_removed" {
                    i18n.t("ingest-ledger-removed")
                } else {
                    i18n.t("ingest-ledger-retention")
                };
                view! {
                    <tr>
                        <td>{date_time(lang, e.run_at)}</td>
                        <th scope="row">{e.datastream.clone()}</th>
                        <td>{integer(lang, e.rows_deleted)}</td>
                        <td>{integer(lang, e.hours_deleted)}</td>
                        <td>{when(e.oldest_remaining)}</td>
                        <td>{reason}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0"><table>
                <caption>{i18n.t("ingest-ledger-caption")}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("ingest-ledger-run")}</th>
                    <th scope="col">{i18n.t("ingest-col-datastream")}</th>
                    <th scope="col">{i18n.t("ingest-ledger-rows")}</th>
                    <th scope="col">{i18n.t("ingest-ledger-hours")}</th>
                    <th scope="col">{i18n.t("ingest-col-oldest")}</th>
                    <th scope="col">{i18n.t("ingest-ledger-reason")}</th>
                </tr></thead>
                <tbody>{entries}</tbody>
            </table></div>
        }
    });
    let aggregates = proof.aggregate_retention.as_deref().map(|r| {
        view! { <p>{i18n.t_args("ingest-aggregate-retention", &[("duration", retention_words(r, i18n))])}</p> }
    });
    view! {
        <p class="live-line">{if withheld { i18n.t("ingest-proof-withheld") } else { live_line(i18n, &proof) }}</p>
        <p>{i18n.t("ingest-proof-intro")} " " <strong>{verdict}</strong></p>
        {aggregates}
        <div class="table-wrap" tabindex="0">
            <table>
                <caption>{i18n.t("ingest-proof-caption")}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("ingest-col-datastream")}</th>
                    {(!withheld).then(|| view! {
                        <th scope="col">{i18n.t("ingest-col-last")}</th>
                        <th scope="col">{i18n.t("ingest-col-retention")}</th>
                        <th scope="col">{i18n.t("ingest-col-oldest")}</th>
                        <th scope="col">{i18n.t("ingest-col-held")}</th>
                    })}
                    {withheld.then(|| view! { <th scope="col">{i18n.t("ingest-col-retention")}</th> })}
                    <th scope="col">{i18n.t("ingest-col-purge")}</th>
                    {(!withheld).then(|| view! { <th scope="col">{i18n.t("ingest-col-purged")}</th> })}
                    <th scope="col">{i18n.t("ingest-col-compliant")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {ledger}
        <p><a href=paths::retention(&proof.reference) type="application/json">{i18n.t("ingest-proof-json")}</a></p>
    }
}

/// The chart's drawing area (SVG user units).
const CHART_WIDTH: f64 = 640.0;
const CHART_HEIGHT: f64 = 160.0;

/// The points of a polyline of hourly means placed between `start` and `end` (Unix seconds) across the width, and
/// between the lowest minimum and the highest maximum down the height (higher values higher up). Returns the
/// points and that value range.
pub fn chart_points(hours: &[(i64, f64, f64, f64)], start: i64, end: i64) -> (String, f64, f64) {
    let low = hours.iter().map(|h| h.2).fold(f64::INFINITY, f64::min);
    let high = hours.iter().map(|h| h.3).fold(f64::NEG_INFINITY, f64::max);
    if hours.is_empty() {
        return (String::new(), 0.0, 0.0);
    }
    // A flat series sits in the middle rather than dividing by zero.
    let (bottom, top) = if high > low { (low, high) } else { (low - 1.0, high + 1.0) };
    let span = (end - start).max(1) as f64;
    let points = hours
        .iter()
        .map(|(hour, mean, _, _)| {
            let x = ((hour - start) as f64 / span).clamp(0.0, 1.0) * CHART_WIDTH;
            let y = (1.0 - (mean - bottom) / (top - bottom)) * CHART_HEIGHT;
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ");
    (points, low, high)
}

/// A sensor page's live section: its retention proof and recent readings; `None` when there is no such sensor.
#[server(endpoint = "capteurs/etat")]
pub async fn load_sensor_state(reference: String) -> Result<Option<(RetentionProof, Vec<Chart>)>, ServerFnError> {
    let state = crate::ui::app_state()?;
    match super::proof::page(&state, &reference).await {
        Ok(found) => Ok(Some(found)),
        Err(crate::error::AppError::NotFound) => Ok(None),
        Err(e) => Err(crate::ui::internal_error("ingest", e)),
    }
}

/// The sensor page's "status and proof of deletion" section and its charts, loading its own data: the sensors
/// feature, beneath ingestion, composes it without knowing what it holds.
#[component]
pub fn SensorState(reference: String) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(move || reference.clone(), load_sensor_state);
    view! {
        <section aria-labelledby="etat">
            <h2 id="etat">{i18n.t("sensor-live-title")}</h2>
            <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    data.await.ok().flatten().map(|(proof, charts)| {
                        let now = proof.generated_at;
                        view! {
                            <RetentionSection proof=proof/>
                            {charts.into_iter().map(|c| view! { <ReadingsChart chart=c now=now/> }).collect_view()}
                        }
                    })
                })}
            </Suspense>
        </section>
    }
}

/// Recent hourly averages of one datastream: a line drawn on the server (no script), its range in words, and
/// every value in a table for those who cannot see the line.
#[component]
pub fn ReadingsChart(chart: Chart, now: i64) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let start = (now / 3600 - CHART_DAYS * 24) * 3600;
    let (points, low, high) = chart_points(&chart.hours, start, now);
    let id = format!("courbe-{}", chart.datastream);
    let caption = i18n.t_args(
        "ingest-chart-caption",
        &[
            ("name", chart.datastream.clone()),
            ("unit", crate::format::unit(&chart.unit)),
            ("days", CHART_DAYS.to_string()),
        ],
    );
    let range = i18n.t_args(
        "ingest-chart-range",
        &[("low", decimal(lang, low, 2)), ("high", decimal(lang, high, 2)), ("unit", crate::format::unit(&chart.unit))],
    );
    let rows = chart
        .hours
        .iter()
        .rev()
        .map(|(hour, mean, min, max)| {
            view! {
                <tr>
                    <th scope="row">{date_time(lang, *hour)}</th>
                    <td>{decimal(lang, *mean, 2)}</td>
                    <td>{decimal(lang, *min, 2)}</td>
                    <td>{decimal(lang, *max, 2)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" aria-labelledby=id.clone()>
            <figcaption id=id.clone()>{caption}</figcaption>
            <svg viewBox=format!("0 0 {CHART_WIDTH} {CHART_HEIGHT}") preserveAspectRatio="none" aria-hidden="true" focusable="false">
                <polyline points=points fill="none" stroke="currentColor" stroke-width="2" vector-effect="non-scaling-stroke"/>
            </svg>
            <p>{range}</p>
            <details>
                <summary>{i18n.t("ingest-chart-table")}</summary>
                <div class="table-wrap" tabindex="0">
                    <table>
                        <caption>{chart.datastream.clone()}</caption>
                        <thead><tr>
                            <th scope="col">{i18n.t("ingest-chart-hour")}</th>
                            <th scope="col">{i18n.t("ingest-chart-mean")}</th>
                            <th scope="col">{i18n.t("ingest-chart-min")}</th>
                            <th scope="col">{i18n.t("ingest-chart-max")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chart_spans_the_period_and_the_values() {
        let hours = [(0, 1.0, 0.0, 2.0), (3600, 2.0, 2.0, 2.0), (7200, 0.0, 0.0, 0.0)];
        let (points, low, high) = chart_points(&hours, 0, 7200);
        assert_eq!((low, high), (0.0, 2.0));
        assert_eq!(points, "0.0,80.0 320.0,0.0 640.0,160.0");
        let (flat, _, _) = chart_points(&[(0, 5.0, 5.0, 5.0)], 0, 3600);
        assert_eq!(flat, "0.0,80.0", "a flat series sits in the middle");
        assert_eq!(chart_points(&[], 0, 1).0, "");
    }
}
