//! The sensor screens: the public list and map, a sensor's page and its on-site notice (`sensor`), the
//! open-data documentation, and the staff forms (`staff`: create, edit, import). Every form posts to
//! `handlers` and works without JavaScript; the list's filters are a plain GET form.

mod sensor;
mod staff;

pub use sensor::{NoticePage, SensorPage};
pub(crate) use staff::staff_gate;
pub use staff::{EditSensorPage, ImportPage, NewSensorPage};

use super::notice::retention_words;
use super::paths::*;
use super::*;
use crate::access::{can, Action, Resource as On};
use crate::ctx::use_ctx;
use crate::format::integer;
use crate::i18n::{use_i18n, I18n};
use crate::ui::{district_options, FormMessages};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_location, use_params_map};

/// A page of the list with what the map needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListData {
    /// The query as applied: a typed address resolved into its place.
    pub query: Query,
    /// The rows and the total.
    pub page: SensorPage,
    /// The basemap style URL, when the town configured one.
    pub map_style: Option<String>,
    /// What the address search gave, if there was one.
    pub search: Search,
}

/// The outcome of a search around a place.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Search {
    /// No search.
    #[default]
    None,
    /// Around an address (its words).
    Address(String),
    /// Around the visitor's own position.
    Here,
    /// Several streets match what was typed: their names.
    Several(String, Vec<String>),
    /// Nothing matches what was typed.
    NotFound(String),
}

/// One page of the list for a query string (the page's own URL query).
#[server(endpoint = "capteurs/liste")]
pub async fn list_sensors(query: String) -> Result<ListData, ServerFnError> {
    use crate::addresses::Resolved;
    let state = crate::ui::app_state()?;
    let mut q = Query::from_query_string(&query);
    let search = match (q.address.clone(), q.filter.near) {
        // A typed address: its place, then the sensors around it.
        (Some(typed), None) => match crate::addresses::service::resolve(&state, &typed).await.map_err(internal)? {
            Resolved::Found { label, lat, lon } => {
                q.filter.near = Some(Near { lat, lon, metres: q.radius.unwrap_or(NEAR_DEFAULT) });
                q.address = Some(label.clone());
                Search::Address(label)
            }
            Resolved::Several(streets) => Search::Several(typed, streets),
            Resolved::NotFound => Search::NotFound(typed),
        },
        (Some(label), Some(_)) => Search::Address(label),
        (None, Some(_)) => Search::Here,
        (None, None) => Search::None,
    };
    let page = super::service::list(&state, &q).await.map_err(internal)?;
    Ok(ListData { query: q, page, map_style: state.config.map_style_url.clone(), search })
}

/// A sensor page's data; `None` when there is no such sensor.
#[server(endpoint = "capteurs/fiche")]
pub async fn load_sensor(reference: String) -> Result<Option<SensorDetail>, ServerFnError> {
    let state = crate::ui::app_state()?;
    // Who changed a sensor is named to staff only: the name must not leave the server for anyone else, hydration
    // payload included (the page hiding it is not enough).
    // `ctx::load`: in a server function called by the browser, the page's context is empty; the request has it.
    let staff = can(crate::ctx::load().user.as_ref(), Action::ManageSensors, On::Site);
    match super::service::detail(&state, &reference).await {
        Ok(mut detail) => {
            if !staff {
                detail.history.iter_mut().for_each(|h| h.actor_name = None);
            }
            Ok(Some(detail))
        }
        Err(crate::error::AppError::NotFound) => Ok(None),
        Err(e) => Err(internal(e)),
    }
}

/// The notice's data: the record, the town's public address and the QR code (SVG).
#[server(endpoint = "capteurs/panneau")]
pub async fn sensor_notice(reference: String) -> Result<Option<(Sensor, String, String)>, ServerFnError> {
    let state = crate::ui::app_state()?;
    match super::service::get(&state, &reference).await {
        Ok(sensor) => {
            let base = state.config.public_url.clone();
            let url = sensor_url(&base, &sensor.reference);
            Ok(Some((sensor, base, super::notice::qr_svg(&url))))
        }
        Err(crate::error::AppError::NotFound) => Ok(None),
        Err(e) => Err(internal(e)),
    }
}

#[cfg(feature = "ssr")]
fn internal(e: crate::error::AppError) -> ServerFnError {
    crate::ui::internal_error("sensors", e)
}

/// `/capteurs`: the map, the filters and the accessible list.
#[component]
pub fn SensorsPage() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_ctx();
    let location = use_location();
    let search = Memo::new(move |_| location.search.get().trim_start_matches('?').to_string());
    let data = Resource::new(move || search.get(), list_sensors);
    let staff = can(ctx.user.as_ref(), Action::ManageSensors, On::Site);
    let town = ctx.town_name.clone();
    view! {
        <Title text=format!("{} — {}", i18n.t("sensors-title"), town)/>
        <h1>{i18n.t("sensors-title")}</h1>
        <FormMessages path=LIST/>
        <p class="lead">{i18n.t_args("sensors-lead", &[("town", town.clone())])}</p>
        <p>
            <a href=OPEN_DATA>{i18n.t("sensors-open-data-link")}</a>
            {staff.then(|| view! {
                " · " <a href=NEW>{i18n.t("sensors-new")}</a>
                " · " <a href=IMPORT>{i18n.t("sensors-import")}</a>
                " · " <a href=crate::addresses::paths::IMPORT>{i18n.t("addresses-title")}</a>
                " · " <a href=crate::ingest::paths::INTEGRATIONS>{i18n.t("ingest-integrations-title")}</a>
                " · " <a href=crate::ingest::paths::ALARMS>{i18n.t("ingest-alarms-title")}</a>
            })}
        </p>
        {move || {
            let q = Query::from_query_string(&search.get());
            view! { <AddressSearch query=q.clone()/> <FilterForm query=q/> }
        }}
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => {
                        let total = d.page.total;
                        let q = d.query.clone();
                        let near = q.filter.near.map(|n| n.metres);
                        view! {
                            <SearchOutcome search=d.search.clone() metres=near query=q.clone()/>
                            <SensorMap query=q.clone() style=d.map_style.clone() total=total/>
                            <SensorTable query=q page=d.page/>
                        }
                        .into_any()
                    }
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Sensors near an address: typed (no outside service: the town's own addresses), or, with JavaScript, the
/// visitor's position ("around me").
#[component]
fn AddressSearch(query: Query) -> impl IntoView {
    let i18n = use_i18n();
    let chosen = query.filter.near.map(|n| n.metres).or(query.radius).unwrap_or(NEAR_DEFAULT);
    let distances: Vec<(String, String)> = NEAR_CHOICES
        .iter()
        .map(|m| (m.to_string(), i18n.t_args("near-metres", &[("metres", integer(i18n.lang(), i64::from(*m)))])))
        .collect();
    view! {
        <form method="get" action=LIST class="address-search" role="search" aria-label=i18n.t("near-label")>
            <div class="field">
                <label for="adresse">{i18n.t("near-address")}</label>
                <p class="hint" id="adresse-aide">{i18n.t("near-address-hint")}</p>
                <input id="adresse" name="adresse" type="search" autocomplete="street-address" aria-describedby="adresse-aide"
                    value=query.address.clone().unwrap_or_default()/>
            </div>
            <div class="field">
                <label for="rayon">{i18n.t("near-distance")}</label>
                <select id="rayon" name="rayon">
                    {distances.into_iter().map(|(value, words)| {
                        let selected = value == chosen.to_string();
                        view! { <option value=value selected=selected>{words}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="filter-actions">
                <button type="submit" class="button">{i18n.t("near-submit")}</button>
                <button type="button" class="button secondary near-me" hidden data-refused=i18n.t("near-me-refused")>{i18n.t("near-me")}</button>
            </div>
            <p class="near-me-status" role="status"></p>
        </form>
    }
}

/// What the address search gave: the place, the streets to choose from, or why nothing.
#[component]
fn SearchOutcome(search: Search, metres: Option<u32>, query: Query) -> impl IntoView {
    let i18n = use_i18n();
    let metres = metres.unwrap_or(NEAR_DEFAULT).to_string();
    let radius = query.radius.unwrap_or(NEAR_DEFAULT);
    match search {
        Search::None => ().into_any(),
        Search::Address(label) => view! {
            <p class="notice" role="status">
                {i18n.t_args("near-found", &[("place", label), ("metres", metres)])} " " <a href=LIST>{i18n.t("near-clear")}</a>
            </p>
        }
        .into_any(),
        Search::Here => view! {
            <p class="notice" role="status">
                {i18n.t_args("near-here", &[("metres", metres)])} " " <a href=LIST>{i18n.t("near-clear")}</a>
            </p>
        }
        .into_any(),
        Search::Several(typed, streets) => view! {
            <div class="notice" role="status">
                <p>{i18n.t_args("near-several", &[("typed", typed)])}</p>
                <ul>
                    {streets.into_iter().map(|street| {
                        let href = format!("{LIST}?adresse={}&rayon={radius}", crate::text::percent_encode(&street));
                        view! { <li><a href=href lang=i18n.content_lang()>{street}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
        }
        .into_any(),
        Search::NotFound(typed) => view! {
            <div class="error-summary" role="alert">
                <p>{i18n.t_args("near-not-found", &[("typed", typed)])} " " <a href="#adresse">{i18n.t("near-try-again")}</a></p>
            </div>
        }
        .into_any(),
    }
}

#[component]
fn FilterForm(query: Query) -> impl IntoView {
    let i18n = use_i18n();
    let f = query.filter.clone();
    let code = |v: Option<&'static str>| v.unwrap_or_default().to_string();
    let districts: Vec<(String, String)> = district_options(i18n.t("filter-all"));
    // Folded until used, so the map comes near the top of a phone's screen; open while a filter applies.
    let active = [f.domain.is_some(), f.technology.is_some(), f.personal_data.is_some(), f.status.is_some()]
        .into_iter()
        .chain([f.district.is_some(), f.q.as_deref().is_some_and(|q| !q.trim().is_empty())])
        .filter(|on| *on)
        .count();
    let open = active > 0 || query.sort != Sort::default();
    let summary = if active == 0 {
        i18n.t("filter-toggle")
    } else {
        i18n.t_args("filter-toggle-active", &[("count", active.to_string())])
    };
    view! {
        <details class="filters-box" open=open>
        <summary>{summary}</summary>
        <form method="get" action=LIST class="filters" role="search" aria-label=i18n.t("filter-label")>
            <crate::ui::Filter name="domain" label="field-sensor-domain" options=crate::ui::options(i18n, Domain::ALL, Domain::code, Domain::label_key, Some("filter-all")) selected=code(f.domain.map(Domain::code))/>
            <crate::ui::Filter name="technology" label="field-sensor-technology" options=crate::ui::options(i18n, Technology::ALL, Technology::code, Technology::label_key, Some("filter-all")) selected=code(f.technology.map(Technology::code))/>
            <crate::ui::Filter name="personal_data" label="field-sensor-personal-data" options=crate::ui::options(i18n, PersonalData::ALL, PersonalData::code, PersonalData::label_key, Some("filter-all")) selected=code(f.personal_data.map(PersonalData::code))/>
            <crate::ui::Filter name="status" label="field-sensor-status" options=crate::ui::options(i18n, Status::ALL, Status::code, Status::label_key, Some("filter-all")) selected=code(f.status.map(Status::code))/>
            <crate::ui::Filter name="district" label="field-sensor-district" options=districts selected=f.district.map(|d| d.to_string()).unwrap_or_default()/>
            <div class="field">
                <label for="filtre-q">{i18n.t("filter-words")}</label>
                <input id="filtre-q" name="q" type="search" value=f.q.clone().unwrap_or_default()/>
            </div>
            <crate::ui::Filter
                name="sort"
                label="filter-sort"
                options=vec![
                    ("reference".to_string(), i18n.t("sort-reference")),
                    ("name".to_string(), i18n.t("sort-name")),
                    ("updated".to_string(), i18n.t("sort-updated")),
                ]
                selected=query.sort.code().to_string()
            />
            <div class="filter-actions">
                <button type="submit" class="button">{i18n.t("filter-submit")}</button>
                <a href=LIST>{i18n.t("filter-reset")}</a>
            </div>
        </form>
        </details>
    }
}

/// The map: the server draws it as an image (the whole map without JavaScript, and a light first visit);
/// with JavaScript, a button replaces it with MapLibre GL JS (served from this site), loaded only then. The
/// table below is the same information for everyone.
#[component]
fn SensorMap(query: Query, style: Option<String>, total: i64) -> impl IntoView {
    let i18n = use_i18n();
    let filters = query.filter_query();
    let with_filters = |path: &str| if filters.is_empty() { path.to_string() } else { format!("{path}?{filters}") };
    // Labels for the popups, in the page's language.
    let labels = serde_json::json!({
        "open": i18n.t("map-open-sensor"),
        "sensors": i18n.t("map-cluster"),
        "technology": Technology::ALL.iter().map(|t| (t.code(), i18n.t(&t.label_key()))).collect::<std::collections::BTreeMap<_, _>>(),
        "status": Status::ALL.iter().map(|t| (t.code(), i18n.t(&t.label_key()))).collect::<std::collections::BTreeMap<_, _>>(),
        "personal": PersonalData::ALL.iter().map(|t| (t.code(), i18n.t(&t.label_key()))).collect::<std::collections::BTreeMap<_, _>>(),
    })
    .to_string();
    let near = query.filter.near.map(|n| serde_json::json!([n.lon, n.lat, n.metres]).to_string());
    let alt = i18n.t_args("map-preview-alt", &[("count", total.to_string()), ("shown", integer(i18n.lang(), total))]);
    view! {
        <section class="map-section" aria-labelledby="carte-titre">
            <h2 id="carte-titre">{i18n.t("map-title")}</h2>
            <p class="hint">{i18n.t("map-hint")}</p>
            <a class="skip-link skip-map" href="#liste-titre">{i18n.t("map-skip")}</a>
            <div
                id="carte"
                class="map"
                data-source=with_filters(MAP_GEOJSON)
                data-districts=DISTRICTS_GEOJSON
                data-streets=STREETS_GEOJSON
                data-style=style
                data-labels=labels
                data-near=near
            >
                <img class="map-preview" src=with_filters(MAP_SVG) alt=alt width="800" height="600"/>
                <button type="button" class="button map-start" hidden>{i18n.t("map-start")}</button>
            </div>
            <ul class="map-legend" aria-label=i18n.t("map-legend")>
                {PersonalData::ALL.iter().map(|p| view! {
                    <li><span class=format!("swatch swatch-{}", p.code()) aria-hidden="true"></span>{i18n.t(&p.label_key())}</li>
                }).collect_view()}
            </ul>
        </section>
        <crate::ui::MapAssets/>
    }
}

#[component]
fn SensorTable(query: Query, page: SensorPage) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let pages = ((page.total + i64::from(PAGE_SIZE) - 1) / i64::from(PAGE_SIZE)).max(1) as u32;
    let near = query.filter.near.is_some();
    let current = query.page.min(pages);
    let rows = page
        .rows
        .into_iter()
        .map(|r| {
            let href = sensor(&r.reference);
            view! {
                <tr>
                    <th scope="row"><a href=href>{r.reference.clone()}</a></th>
                    <td lang=i18n.content_lang()>{r.name.clone()}</td>
                    <td>{i18n.t(&r.technology.label_key())}</td>
                    <td>{i18n.t(&r.domain.label_key())}</td>
                    <td>{i18n.t(&r.personal_data.label_key())}</td>
                    <td class=format!("status status-{}", r.status.code())>{i18n.t(&r.status.label_key())}</td>
                    <td>{retention_words(&r.raw_retention, i18n)}</td>
                    <td>{r.district.clone().unwrap_or_default()}</td>
                    {near.then(|| view! { <td class="number">{r.metres.map(|m| i18n.t_args("near-metres", &[("metres", integer(lang, m))])).unwrap_or_default()}</td> })}
                </tr>
            }
        })
        .collect_view();
    let link = move |p: u32| format!("{LIST}?{}", query.page_query(p));
    let prev = (current > 1).then(|| link(current - 1));
    let next = (current < pages).then(|| link(current + 1));
    view! {
        <section aria-labelledby="liste-titre">
            <h2 id="liste-titre" tabindex="-1">{i18n.t("sensors-list-title")}</h2>
            <p role="status">{i18n.t_args("sensors-count", &[("count", page.total.to_string()), ("shown", integer(lang, page.total))])}</p>
            {(page.total > 0).then(|| view! {
                <div class="table-wrap" tabindex="0">
                    <table class="sensors">
                        <caption>{i18n.t_args("sensors-caption", &[("page", current.to_string()), ("pages", pages.to_string())])}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{i18n.t("field-sensor-reference")}</th>
                                <th scope="col">{i18n.t("field-sensor-name")}</th>
                                <th scope="col">{i18n.t("field-sensor-technology")}</th>
                                <th scope="col">{i18n.t("field-sensor-domain")}</th>
                                <th scope="col">{i18n.t("field-sensor-personal-data")}</th>
                                <th scope="col">{i18n.t("field-sensor-status")}</th>
                                <th scope="col">{i18n.t("field-sensor-raw-retention")}</th>
                                <th scope="col">{i18n.t("field-sensor-district")}</th>
                                {near.then(|| view! { <th scope="col" class="number">{i18n.t("near-column")}</th> })}
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            })}
            <crate::ui::Pagination label="pagination-label" page=current pages=pages prev=prev next=next/>
        </section>
    }
}

/// The reference in the page's URL.
pub(crate) fn reference_param() -> Memo<String> {
    let params = use_params_map();
    Memo::new(move |_| params.with(|p| p.get("reference")).unwrap_or_default())
}

/// The label of a changed field in the history.
pub(crate) fn field_label(i18n: I18n, field: &str) -> String {
    match field {
        "position" => i18n.t("sensor-position"),
        other => i18n.t(&format!("field-sensor-{}", other.replace('_', "-"))),
    }
}

/// `/donnees-ouvertes`: the API, its parameters, its field names and the licence.
#[component]
pub fn OpenDataPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("open-data-title")/>
        <h1>{i18n.t("open-data-title")}</h1>
        <p class="lead">{i18n.t("open-data-lead")}</p>
        <h2>{i18n.t("open-data-endpoints")}</h2>
        <ul>
            <li><a href=GEOJSON><code>"GET /api/v1/sensors.geojson"</code></a> " — " {i18n.t("open-data-geojson")}</li>
            <li><a href=CSV><code>"GET /api/v1/sensors.csv"</code></a> " — " {i18n.t("open-data-csv")}</li>
            <li><code>"GET /api/v1/sensors/{reference}"</code> " — " {i18n.t("open-data-record")}</li>
        </ul>
        <h2>{i18n.t("open-data-parameters")}</h2>
        <p>{i18n.t("open-data-parameters-text")}</p>
        <p><code>"domain, technology, personal_data, status, district, q, lat, lon, rayon"</code></p>
        <h2>{i18n.t("open-data-fields")}</h2>
        <div class="table-wrap" tabindex="0">
            <table>
                <caption>{i18n.t("open-data-fields-caption")}</caption>
                <thead><tr><th scope="col">{i18n.t("open-data-field-name")}</th><th scope="col">{i18n.t("open-data-field-meaning")}</th></tr></thead>
                <tbody>
                    {FIELDS.into_iter().map(|f| view! { <tr><th scope="row"><code>{f}</code></th><td>{field_label(i18n, f)}</td></tr> }).collect_view()}
                </tbody>
            </table>
        </div>
        <crate::budgets::pages::OpenDataBudgets/>
        <h2>{i18n.t("open-data-licence-title")}</h2>
        <p>{i18n.t("open-data-licence")} " " <a href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/" rel="license">"Licence Ouverte / Open Licence 2.0"</a></p>
    }
}
