//! The ingest feature's pages: the sensor page's "status and proof of deletion" section (public), a sensor's
//! connection page (device tokens, LoRaWAN identifier) and the LoRaWAN integrations page (staff).

use super::*;
use crate::ctx::use_ctx;
use crate::format::{date_time, decimal, integer};
use crate::i18n::{use_i18n, I18n};
use crate::sensors::notice::retention_words;
use crate::sensors::pages::staff_gate;
use crate::ui::gate::NotFound;
use crate::ui::{CsrfField, Field, FormMessages, SelectField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

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
            <table>
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
            </table>
        }
    });
    let aggregates = proof.aggregate_retention.as_deref().map(|r| {
        view! { <p>{i18n.t_args("ingest-aggregate-retention", &[("duration", retention_words(r, i18n))])}</p> }
    });
    view! {
        <p class="live-line">{if withheld { i18n.t("ingest-proof-withheld") } else { live_line(i18n, &proof) }}</p>
        <p>{i18n.t("ingest-proof-intro")} " " <strong>{verdict}</strong></p>
        {aggregates}
        <div class="table-scroll">
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
        &[("name", chart.datastream.clone()), ("unit", chart.unit.clone()), ("days", CHART_DAYS.to_string())],
    );
    let range = i18n.t_args(
        "ingest-chart-range",
        &[("low", decimal(lang, low, 2)), ("high", decimal(lang, high, 2)), ("unit", chart.unit.clone())],
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
                <div class="table-scroll">
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

/// A secret just issued, shown once (it is in the flash of this page only).
#[component]
fn NewSecret(path: String) -> impl IntoView {
    let i18n = use_i18n();
    let secret = use_ctx()
        .flash_for(&path)
        .and_then(|f| f.notice_args.iter().find(|(k, _)| k == "secret").map(|(_, v)| v.clone()));
    secret.map(|secret| {
        view! {
            <section class="notice" aria-labelledby="nouveau-secret">
                <h2 id="nouveau-secret">{i18n.t("ingest-secret-title")}</h2>
                <p>{i18n.t("ingest-secret-once")}</p>
                <p><code class="secret" data-secret="">{secret}</code></p>
            </section>
        }
    })
}

/// A sensor's connection page's data.
#[server(endpoint = "capteurs/raccordement")]
pub async fn load_connection(reference: String) -> Result<Option<Connection>, ServerFnError> {
    let state = crate::ui::app_state()?;
    let ctx = use_context::<crate::ctx::RequestCtx>();
    match super::service::connection(&state, ctx.as_ref().and_then(|c| c.user.as_ref()), &reference).await {
        Ok(c) => Ok(Some(c)),
        Err(crate::error::AppError::NotFound) => Ok(None),
        Err(e) => {
            tracing::error!(error = %e, "connection page");
            Err(ServerFnError::new("internal"))
        }
    }
}

/// `/capteurs/:reference/raccordement`: device tokens and LoRaWAN identifier.
#[component]
pub fn ConnectionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let reference = Memo::new(move |_| params.get().get("reference").unwrap_or_default().to_ascii_uppercase());
    if let Some(gate) = staff_gate(paths::connection(&reference.get_untracked())) {
        return gate;
    }
    let data = Resource::new(move || reference.get(), load_connection);
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(c)) => view! { <ConnectionView connection=c/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn ConnectionView(connection: Connection) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let page = paths::connection(&connection.reference);
    let title = i18n.t_args("ingest-connection-title", &[("reference", connection.reference.clone())]);
    let back = crate::sensors::paths::sensor(&connection.reference);
    let tokens = connection
        .tokens
        .iter()
        .map(|t| {
            let state = match t.revoked_at {
                Some(at) => i18n.t_args("ingest-token-revoked-on", &[("date", date_time(lang, at))]),
                None => i18n.t("ingest-token-active"),
            };
            let revoke = t.revoked_at.is_none().then(|| {
                view! {
                    <form method="post" action=format!("{page}/revoquer") class="inline-form">
                        <CsrfField/>
                        <input type="hidden" name="id" value=t.id.to_string()/>
                        <button type="submit" class="button secondary">
                            {i18n.t_args("ingest-token-revoke", &[("hint", t.hint.clone())])}
                        </button>
                    </form>
                }
            });
            view! {
                <tr>
                    <th scope="row"><code>{format!("{}…", t.hint)}</code></th>
                    <td>{date_time(lang, t.created_at)} " — " {t.created_by.clone()}</td>
                    <td>{t.last_used_at.map(|at| date_time(lang, at)).unwrap_or_else(|| i18n.t("ingest-token-never"))}</td>
                    <td>{state}</td>
                    <td>{revoke}</td>
                </tr>
            }
        })
        .collect_view();
    let has_tokens = !connection.tokens.is_empty();
    view! {
        <Title text=title.clone()/>
        <p class="breadcrumb"><a href=back>{connection.name.clone()}</a></p>
        <h1>{title}</h1>
        <FormMessages path=page.clone()/>
        <NewSecret path=page.clone()/>
        <section aria-labelledby="jetons">
            <h2 id="jetons">{i18n.t("ingest-tokens-title")}</h2>
            <p>{i18n.t("ingest-tokens-intro")}</p>
            {has_tokens.then(|| view! {
                <div class="table-scroll">
                    <table>
                        <caption>{i18n.t("ingest-tokens-caption")}</caption>
                        <thead><tr>
                            <th scope="col">{i18n.t("ingest-token-col-hint")}</th>
                            <th scope="col">{i18n.t("ingest-token-col-created")}</th>
                            <th scope="col">{i18n.t("ingest-token-col-used")}</th>
                            <th scope="col">{i18n.t("ingest-token-col-state")}</th>
                            <th scope="col">{i18n.t("ingest-token-col-action")}</th>
                        </tr></thead>
                        <tbody>{tokens}</tbody>
                    </table>
                </div>
            })}
            <form method="post" action=format!("{page}/jeton") class="inline-form">
                <CsrfField/>
                <button type="submit" class="button">{i18n.t("ingest-token-new")}</button>
            </form>
            <form method="post" action=format!("{page}/jeton") class="inline-form">
                <CsrfField/>
                <input type="hidden" name="rotate" value="1"/>
                <button type="submit" class="button secondary">{i18n.t("ingest-token-rotate")}</button>
            </form>
        </section>
        <section aria-labelledby="lorawan">
            <h2 id="lorawan">{i18n.t("ingest-lorawan-title")}</h2>
            <p>{i18n.t("ingest-lorawan-intro")}</p>
            <form method="post" action=format!("{page}/lorawan")>
                <CsrfField/>
                <Field path=page.clone() name="dev_eui" label="ingest-dev-eui" value=connection.dev_eui.clone().unwrap_or_default() hint="ingest-dev-eui-hint"/>
                <button type="submit" class="button">{i18n.t("ingest-dev-eui-save")}</button>
            </form>
        </section>
    }
}

/// The integrations page's data.
#[server(endpoint = "admin/integrations")]
pub async fn load_integrations() -> Result<IntegrationsData, ServerFnError> {
    let state = crate::ui::app_state()?;
    let ctx = use_context::<crate::ctx::RequestCtx>();
    super::service::integrations(&state, ctx.as_ref().and_then(|c| c.user.as_ref())).await.map_err(|e| {
        tracing::error!(error = %e, "integrations page");
        ServerFnError::new("internal")
    })
}

/// `/admin/integrations`: LoRaWAN network servers allowed to push uplinks.
#[component]
pub fn IntegrationsPage() -> impl IntoView {
    let i18n = use_i18n();
    if let Some(gate) = staff_gate(paths::INTEGRATIONS.into()) {
        return gate;
    }
    let data = Resource::new(|| (), |_| load_integrations());
    view! {
        <Title text=i18n.t("ingest-integrations-title")/>
        <h1>{i18n.t("ingest-integrations-title")}</h1>
        <FormMessages path=paths::INTEGRATIONS/>
        <NewSecret path=paths::INTEGRATIONS.to_string()/>
        <p>{i18n.t("ingest-integrations-intro")}</p>
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(data) => view! { <MqttLine stats=data.mqtt/> <IntegrationList list=data.list/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
        <section aria-labelledby="nouvelle-integration">
            <h2 id="nouvelle-integration">{i18n.t("ingest-integration-new")}</h2>
            <form method="post" action=paths::INTEGRATIONS>
                <CsrfField/>
                <SelectField path=paths::INTEGRATIONS name="kind" label="ingest-integration-kind"
                    options=vec![("ttn".to_string(), "The Things Stack".to_string()), ("chirpstack".to_string(), "ChirpStack".to_string())]
                    selected="ttn".to_string()/>
                <Field path=paths::INTEGRATIONS name="name" label="ingest-integration-name"/>
                <button type="submit" class="button">{i18n.t("ingest-integration-create")}</button>
            </form>
        </section>
    }
    .into_any()
}

/// The MQTT bridge's state in one sentence.
#[component]
fn MqttLine(stats: Option<MqttStats>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let text = match stats {
        None => i18n.t("ingest-mqtt-off"),
        Some(s) => i18n.t_args(
            "ingest-mqtt-on",
            &[
                ("topics", s.topics.join(", ")),
                ("received", integer(lang, s.received as i64)),
                ("failed", integer(lang, s.failed as i64)),
                ("accepted", integer(lang, s.rows_accepted as i64)),
                ("rejected", integer(lang, s.rows_rejected as i64)),
            ],
        ),
    };
    view! { <p class="mqtt-line">{text}</p> }
}

#[component]
fn IntegrationList(list: Vec<IntegrationInfo>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    if list.is_empty() {
        return view! { <p>{i18n.t("ingest-integrations-none")}</p> }.into_any();
    }
    let rows = list
        .into_iter()
        .map(|it| {
            let kind = if it.kind == "ttn" { "The Things Stack" } else { "ChirpStack" };
            let revoke = it.revoked_at.is_none().then(|| {
                view! {
                    <form method="post" action="/admin/integrations/revoquer" class="inline-form">
                        <CsrfField/>
                        <input type="hidden" name="id" value=it.id.to_string()/>
                        <button type="submit" class="button secondary">
                            {i18n.t_args("ingest-integration-revoke", &[("name", it.name.clone())])}
                        </button>
                    </form>
                }
            });
            let state = match it.revoked_at {
                Some(at) => i18n.t_args("ingest-token-revoked-on", &[("date", date_time(lang, at))]),
                None => i18n.t("ingest-token-active"),
            };
            view! {
                <tr>
                    <th scope="row">{it.name.clone()}</th>
                    <td>{kind}</td>
                    <td><code>{format!("{}…", it.hint)}</code></td>
                    <td>{it.last_used_at.map(|at| date_time(lang, at)).unwrap_or_else(|| i18n.t("ingest-token-never"))}</td>
                    <td>{state}</td>
                    <td>{revoke}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table>
                <caption>{i18n.t("ingest-integrations-caption")}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("ingest-integration-name")}</th>
                    <th scope="col">{i18n.t("ingest-integration-kind")}</th>
                    <th scope="col">{i18n.t("ingest-token-col-hint")}</th>
                    <th scope="col">{i18n.t("ingest-token-col-used")}</th>
                    <th scope="col">{i18n.t("ingest-token-col-state")}</th>
                    <th scope="col">{i18n.t("ingest-token-col-action")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The alarm list's data.
#[server(endpoint = "admin/conservation")]
pub async fn load_alarms() -> Result<Vec<Alarm>, ServerFnError> {
    let state = crate::ui::app_state()?;
    let ctx = use_context::<crate::ctx::RequestCtx>();
    super::proof::alarms(&state, ctx.as_ref().and_then(|c| c.user.as_ref())).await.map_err(|e| {
        tracing::error!(error = %e, "retention alarms");
        ServerFnError::new("internal")
    })
}

/// `/admin/conservation`: datastreams holding values past their declared retention.
#[component]
pub fn AlarmsPage() -> impl IntoView {
    let i18n = use_i18n();
    if let Some(gate) = staff_gate(paths::ALARMS.into()) {
        return gate;
    }
    let lang = i18n.lang();
    let data = Resource::new(|| (), |_| load_alarms());
    view! {
        <Title text=i18n.t("ingest-alarms-title")/>
        <h1>{i18n.t("ingest-alarms-title")}</h1>
        <p>{i18n.t("ingest-alarms-intro")}</p>
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <p class="notice" role="status">{i18n.t("ingest-alarms-none")}</p> }.into_any(),
                    Ok(list) => {
                        let rows = list.into_iter().map(|a| view! {
                            <tr>
                                <th scope="row"><a href=crate::sensors::paths::sensor(&a.reference)>{a.reference.clone()}</a></th>
                                <td>{a.datastream.clone()}</td>
                                <td>{retention_words(&a.raw_retention, i18n)}</td>
                                <td>{date_time(lang, a.oldest_held.div_euclid(1000))}</td>
                            </tr>
                        }).collect_view();
                        view! {
                            <div class="table-scroll">
                                <table>
                                    <caption>{i18n.t("ingest-alarms-caption")}</caption>
                                    <thead><tr>
                                        <th scope="col">{i18n.t("ingest-alarms-sensor")}</th>
                                        <th scope="col">{i18n.t("ingest-col-datastream")}</th>
                                        <th scope="col">{i18n.t("ingest-col-retention")}</th>
                                        <th scope="col">{i18n.t("ingest-col-oldest")}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }.into_any()
                    }
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
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
