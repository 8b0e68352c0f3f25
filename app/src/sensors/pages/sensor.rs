//! A sensor's public page (plain-language summary, full record, datastreams, positions, history) and its
//! printable on-site notice.

use super::{field_label, load_sensor, reference_param, sensor_notice};
use crate::access::{can, Action, Resource as On};
use crate::ctx::use_ctx;
use crate::format::date_words;
use crate::format::long_date;
use crate::i18n::use_i18n;
use crate::sensors::history::value_words;
use crate::sensors::notice::{retention_words, summary, Notice};
use crate::sensors::*;
use crate::ui::gate::NotFound;
use crate::ui::options;
use crate::ui::{CsrfField, Field, FormMessages, SelectField};
use leptos::prelude::*;
use leptos_meta::Title;
use paths::*;

/// `/capteurs/:reference`: plain-language summary first, then the full record, datastreams, history.
#[component]
pub fn SensorPage() -> impl IntoView {
    let i18n = use_i18n();
    let reference = reference_param();
    let detail = Resource::new(move || reference.get(), load_sensor);
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(Some(d)) => view! { <SensorView detail=d/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SensorView(detail: SensorDetail) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_ctx();
    let staff = can(ctx.user.as_ref(), Action::ManageSensors, On::Site);
    let s = detail.sensor;
    let page = sensor(&s.reference);
    let lines = summary(&s, i18n);
    let status_options = options(i18n, Status::ALL, Status::code, Status::label_key, None);
    let mobile = matches!(s.location, Location::Zone { .. });
    view! {
        <Title text=format!("{} — {}", s.reference, s.name)/>
        <p class="breadcrumb"><a href=LIST>{i18n.t("sensors-title")}</a></p>
        <h1><span lang=i18n.content_lang()>{s.name.clone()}</span> <span class="reference">{s.reference.clone()}</span></h1>
        <FormMessages path=page.clone()/>
        <section class="summary" aria-labelledby="resume">
            <h2 id="resume">{i18n.t("sensor-summary-title")}</h2>
            {lines.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
            <p class="actions">
                <a href=NOTICE.to([&s.reference])>{i18n.t("sensor-notice-link")}</a>
                " · "
                <a href=API_RECORD.to([&s.reference]) type="application/json">{i18n.t("sensor-json-link")}</a>
            </p>
        </section>
        {staff.then(|| view! {
            <section class="staff" aria-labelledby="gestion">
                <h2 id="gestion">{i18n.t("sensor-staff-title")}</h2>
                <p>
                    <a href=EDIT.to([&s.reference])>{i18n.t("sensor-edit")}</a>
                    " · "
                    <a href=crate::ingest::paths::connection(&s.reference)>{i18n.t("ingest-connection-link")}</a>
                </p>
                <form method="post" action=STATUS.to([&s.reference]) class="inline-form">
                    <CsrfField/>
                    <SelectField path=page.clone() name="status" label="sensor-status-change" options=status_options.clone() selected=s.status.code().to_string()/>
                    <button type="submit" class="button secondary">{i18n.t("sensor-status-submit")}</button>
                </form>
            </section>
        })}
        <crate::ingest::pages::SensorState reference=s.reference.clone()/>
        <crate::consultations::pages::SensorConsultations reference=s.reference.clone()/>
        <RecordList sensor=s.clone() near=detail.near_address.clone()/>
        <DatastreamTable sensor=s.clone()/>
        {mobile.then(|| view! { <Positions reference=s.reference.clone() positions=detail.positions.clone() staff=staff/> })}
        <History history=detail.history staff=staff/>
    }
}

/// The full record as a description list.
#[component]
fn RecordList(sensor: Sensor, near: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let s = sensor;
    let none = i18n.t("value-none");
    let or_none = |v: &Option<String>| v.clone().unwrap_or_else(|| none.clone());
    // "Aucune" for a feminine field (« Anonymisation : aucune »), "Aucun" for the others.
    let none_f = i18n.t("value-none-f");
    let (place, zone) = match &s.location {
        // Beside the nearest address, the coordinates are the precise place.
        Location::Point { lon, lat } if near.is_some() => (format!("({lat:.5}, {lon:.5})"), None),
        Location::Point { lon, lat } => (format!("{lat:.5}, {lon:.5}"), None),
        Location::Zone { geojson } => (i18n.t("sensor-mobile-zone"), Some(geojson.clone())),
    };
    let link = |url: &Option<String>| match url {
        Some(u) => view! { <a href=u.clone() rel="noopener">{u.clone()}</a> }.into_any(),
        None => view! { <span>{i18n.t("value-none")}</span> }.into_any(),
    };
    let rows: Vec<(&str, AnyView)> = vec![
        ("field-sensor-reference", view! { <span>{s.reference.clone()}</span> }.into_any()),
        ("field-sensor-technology", view! { <span>{i18n.t(&s.technology.label_key())}</span> }.into_any()),
        ("field-sensor-domain", view! { <span>{i18n.t(&s.domain.label_key())}</span> }.into_any()),
        ("field-sensor-status", view! { <span>{i18n.t(&s.status.label_key())}</span> }.into_any()),
        ("field-sensor-location", view! {
            {near.map(|a| view! { <span lang=i18n.content_lang()>{i18n.t_args("sensor-near-address", &[("address", a)])}</span> " " })}
            <span>{place}</span> {zone.map(|z| view! { <code class="zone">{z}</code> })}
        }.into_any()),
        ("field-sensor-district", view! { <span>{s.district.clone().map(|(_, n)| n).unwrap_or_else(|| none.clone())}</span> }.into_any()),
        ("field-sensor-network", view! { <span>{i18n.t(&s.network.label_key())}</span> }.into_any()),
        ("field-sensor-purpose", view! { <span>{i18n.t(&s.purpose.label_key())}</span> }.into_any()),
        ("field-sensor-purpose-text", view! { <span lang=i18n.content_lang()>{s.purpose_text.clone()}</span> }.into_any()),
        ("field-sensor-personal-data", view! { <span>{i18n.t(&s.personal_data.label_key())}</span> }.into_any()),
        ("field-sensor-anonymisation", view! { <span>{s.anonymisation.clone().unwrap_or_else(|| none_f.clone())}</span> }.into_any()),
        ("field-sensor-legal-basis", view! { <span>{s.legal_basis.map(|b| i18n.t(&b.label_key())).unwrap_or_else(|| none_f.clone())}</span> }.into_any()),
        ("field-sensor-controller", view! { <span>{s.controller.clone()}</span> }.into_any()),
        ("field-sensor-controller-contact", view! { <span>{s.controller_contact.clone()}</span> }.into_any()),
        ("field-sensor-operator-kind", view! { <span>{i18n.t(&s.operator_kind.label_key())}</span> }.into_any()),
        ("field-sensor-operator-name", view! { <span>{or_none(&s.operator_name)}</span> }.into_any()),
        ("field-sensor-dpo-contact", view! { <span>{or_none(&s.dpo_contact)}</span> }.into_any()),
        ("field-sensor-hosting", view! { <span>{i18n.t(&s.hosting.label_key())}</span> }.into_any()),
        ("field-sensor-hosting-provider", view! { <span>{or_none(&s.hosting_provider)}</span> }.into_any()),
        ("field-sensor-recipients", view! { <span lang=i18n.content_lang()>{s.recipients.clone()}</span> }.into_any()),
        ("field-sensor-raw-retention", view! { <span>{retention_words(&s.raw_retention, i18n)}" (" <code>{s.raw_retention.clone()}</code> ")"</span> }.into_any()),
        ("field-sensor-aggregate-retention", match &s.aggregate_retention {
            Some(a) => view! { <span>{retention_words(a, i18n)}" (" <code>{a.clone()}</code> ")"</span> }.into_any(),
            None => view! { <span>{i18n.t("sensor-no-aggregates")}</span> }.into_any(),
        }),
        ("field-sensor-open-data-url", link(&s.open_data_url)),
        ("field-sensor-dpia-url", match &s.dpia_url {
            Some(_) => link(&s.dpia_url),
            None => view! { <span>{none_f.clone()}</span> }.into_any(),
        }),
        // What allows it to run: the town's decision, or the law (the approval gate).
        ("sensor-authorised-by", view! {
            <crate::governance::pages::SensorAuthorisation decision=s.decision law=s.legal_reference.clone()/>
        }.into_any()),
        // The project that delivered it, and the decision behind that project (project follow-up).
        ("sensor-delivered-by", view! { <crate::governance::projects::pages::SensorProject reference=s.reference.clone()/> }.into_any()),
        ("field-sensor-installed-on", view! { <span>{s.installed_on.as_deref().map(|d| date_words(d, i18n)).unwrap_or_else(|| none.clone())}</span> }.into_any()),
        ("field-sensor-active-until", view! { <span>{s.active_until.as_deref().map(|d| date_words(d, i18n)).unwrap_or_else(|| none.clone())}</span> }.into_any()),
        ("sensor-updated-at", view! { <span>{long_date(i18n.lang(), s.updated_at)}</span> }.into_any()),
    ];
    view! {
        <section aria-labelledby="fiche">
            <h2 id="fiche">{i18n.t("sensor-record-title")}</h2>
            <dl class="record">
                {rows.into_iter().map(|(key, value)| view! { <div><dt>{i18n.t(key)}</dt><dd>{value}</dd></div> }).collect_view()}
            </dl>
        </section>
    }
}

#[component]
fn DatastreamTable(sensor: Sensor) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="flux">
            <h2 id="flux">{i18n.t("sensor-datastreams-title")}</h2>
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption>{i18n.t_args("sensor-datastreams-caption", &[("reference", sensor.reference.clone())])}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t("field-datastream-name")}</th>
                            <th scope="col">{i18n.t("field-datastream-observed-property")}</th>
                            <th scope="col">{i18n.t("field-datastream-unit")}</th>
                            <th scope="col">{i18n.t("field-datastream-value-type")}</th>
                            <th scope="col">{i18n.t("field-datastream-raw-retention")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {sensor.datastreams.iter().map(|d| view! {
                            <tr>
                                <th scope="row"><code>{format!("{}/{}", sensor.reference, d.name)}</code></th>
                                <td>{d.observed_property.clone()}</td>
                                <td>{if d.unit.is_empty() { "—".to_string() } else { crate::format::unit(&d.unit) }}</td>
                                <td>{i18n.t(&d.value_type.label_key())}</td>
                                <td>{retention_words(&d.raw_retention, i18n)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Positions(reference: String, positions: Vec<Position>, staff: bool) -> impl IntoView {
    let i18n = use_i18n();
    let page = sensor(&reference);
    let lang = i18n.lang();
    view! {
        <section aria-labelledby="positions">
            <h2 id="positions">{i18n.t("sensor-positions-title")}</h2>
            {if positions.is_empty() {
                view! { <p>{i18n.t("sensor-positions-none")}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {positions.into_iter().map(|p| {
                            let until = p.to.map(|t| long_date(lang, t)).unwrap_or_else(|| i18n.t("sensor-position-now"));
                            view! { <li>{format!("{:.5}, {:.5}", p.lat, p.lon)} " — " {long_date(lang, p.from)} " → " {until}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {staff.then(|| view! {
                <form method="post" action=POSITIONS.to([&reference]) class="form">
                    <CsrfField/>
                    <fieldset>
                        <legend>{i18n.t("sensor-position-add")}</legend>
                        <Field path=page.clone() name="latitude" label="field-sensor-latitude" required=true/>
                        <Field path=page.clone() name="longitude" label="field-sensor-longitude" required=true/>
                        <Field path=page.clone() name="valid_from" label="field-position-from" kind="datetime-local" required=true/>
                        <Field path=page.clone() name="valid_to" label="field-position-to" kind="datetime-local"/>
                    </fieldset>
                    <button type="submit" class="button secondary">{i18n.t("sensor-position-submit")}</button>
                </form>
            })}
        </section>
    }
}

#[component]
fn History(history: Vec<HistoryEntry>, staff: bool) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    view! {
        <section aria-labelledby="historique">
            <h2 id="historique">{i18n.t("sensor-history-title")}</h2>
            <p class="hint">{i18n.t("sensor-history-hint")}</p>
            <ol class="history">
                {history.into_iter().map(|h| {
                    let role = match h.actor_role.as_str() {
                        "import" => i18n.t("history-actor-import"),
                        code => crate::access::Role::from_code(code).map(|r| i18n.t(r.label_key())).unwrap_or_else(|| code.to_string()),
                    };
                    // Residents see the role; staff also see the name.
                    let who = match (&h.actor_name, staff) {
                        (Some(name), true) => format!("{role} ({name})"),
                        _ => role,
                    };
                    let created = h.changes.iter().all(|c| c.old.is_empty());
                    view! {
                        <li>
                            <p><strong>{long_date(lang, h.at)}</strong> " — " {who} " — "
                                {if created { i18n.t("history-created") } else { i18n.t_args("history-changed", &[("count", h.changes.len().to_string())]) }}
                            </p>
                            {(!created).then(|| view! {
                                <div class="table-wrap" tabindex="0"><table class="changes">
                                    <thead><tr>
                                        <th scope="col">{i18n.t("history-field")}</th>
                                        <th scope="col">{i18n.t("history-old")}</th>
                                        <th scope="col">{i18n.t("history-new")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {h.changes.iter().map(|c| view! {
                                            <tr><th scope="row">{field_label(i18n, &c.field)}</th><td>{history_value(&c.field, &c.old, i18n)}</td><td>{history_value(&c.field, &c.new, i18n)}</td></tr>
                                        }).collect_view()}
                                    </tbody>
                                </table></div>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// A value of the history: the authorising decision as a link to it, anything else in words.
fn history_value(field: &str, value: &str, i18n: crate::i18n::I18n) -> AnyView {
    match value.parse::<i64>() {
        Ok(id) if field == "decision" => view! {
            <a href=crate::governance::paths::page(id)>{i18n.t_args("history-decision", &[("id", value.to_string())])}</a>
        }
        .into_any(),
        _ => value_words(field, value, i18n).into_any(),
    }
}

/// `/capteurs/:reference/panneau`: the printable on-site notice.
#[component]
pub fn NoticePage() -> impl IntoView {
    let i18n = use_i18n();
    let reference = reference_param();
    let data = Resource::new(move || reference.get(), sensor_notice);
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some((sensor, base, qr))) => {
                        let town = use_ctx().town_name;
                        let notice = Notice::new(&sensor, i18n, &base, &town);
                        let page = paths::sensor(&sensor.reference);
                        view! {
                            <Title text=format!("{} — {}", notice.title, sensor.reference)/>
                            <p class="breadcrumb no-print"><a href=page.clone()>{sensor.name.clone()}</a></p>
                            <p class="no-print">
                                {i18n.t("notice-print-hint")} " "
                                <a href=NOTICE_SVG.to([&sensor.reference]) download>{i18n.t("notice-download-svg")}</a>
                            </p>
                            <article class="notice-sign">
                                <h1>{notice.title.clone()}</h1>
                                <p class="notice-name">{notice.name.clone()}</p>
                                {notice.sections.iter().map(|(h, t)| view! { <h2>{h.clone()}</h2><p>{t.clone()}</p> }).collect_view()}
                                <figure class="qr">
                                    <div class="qr-code" role="img" aria-label=i18n.t_args("notice-qr-label", &[("url", notice.url.clone())]) inner_html=qr></div>
                                    <figcaption>{notice.url.clone()}</figcaption>
                                </figure>
                            </article>
                        }.into_any()
                    }
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}
