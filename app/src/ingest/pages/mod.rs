//! The ingest feature's pages: the sensor page's "status and proof of deletion" section (public, in `sensor`), a
//! sensor's connection page (device tokens, LoRaWAN identifier) and the LoRaWAN integrations page (staff).

mod sensor;
pub use sensor::*;

use super::*;
use crate::ctx::use_ctx;
use crate::format::{date_time, integer};
use crate::i18n::use_i18n;
use crate::sensors::notice::retention_words;
use crate::sensors::pages::staff_gate;
use crate::ui::gate::NotFound;
use crate::ui::{CsrfField, Field, FormMessages, SelectField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

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
                    <form method="post" action=paths::REVOKE_TOKEN.to([&connection.reference]) class="inline-form">
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
                <div class="table-wrap" tabindex="0">
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
            <form method="post" action=paths::ISSUE_TOKEN.to([&connection.reference]) class="inline-form">
                <CsrfField/>
                <button type="submit" class="button">{i18n.t("ingest-token-new")}</button>
            </form>
            <form method="post" action=paths::ISSUE_TOKEN.to([&connection.reference]) class="inline-form">
                <CsrfField/>
                <input type="hidden" name="rotate" value="1"/>
                <button type="submit" class="button secondary">{i18n.t("ingest-token-rotate")}</button>
            </form>
        </section>
        <section aria-labelledby="lorawan">
            <h2 id="lorawan">{i18n.t("ingest-lorawan-title")}</h2>
            <p>{i18n.t("ingest-lorawan-intro")}</p>
            <form method="post" action=paths::DEV_EUI.to([&connection.reference])>
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
                    <form method="post" action=paths::REVOKE_INTEGRATION class="inline-form">
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
        <div class="table-wrap" tabindex="0">
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
                            <div class="table-wrap" tabindex="0">
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
