//! The consultation screens: the list with its filters (a plain GET form), a consultation's page
//! (`consultation`: question, use case, arguments, vote box, results, threads), and the staff forms
//! (`staff`). Every form posts to `handlers` and works without JavaScript.

mod consultation;
mod proposals;
mod staff;

pub use consultation::ConsultationPage;
pub use proposals::ProposalsPage;
pub use staff::{EditConsultationPage, NewConsultationPage};

use super::paths::*;
use super::*;
use crate::access::{can, Action, Resource as On};
use crate::ctx::use_ctx;
use crate::i18n::use_i18n;
use crate::ui::FormMessages;
use crate::ui::{choices, Filter};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[cfg(feature = "ssr")]
pub(crate) use crate::ui::app_state as state;

#[cfg(feature = "ssr")]
pub(crate) fn internal(e: crate::error::AppError) -> ServerFnError {
    crate::ui::internal_error("consultations", e)
}

/// The consultations about a sensor (drafts left out), for the sensor's page.
#[server(endpoint = "consultations/capteur")]
pub async fn load_sensor_consultations(reference: String) -> Result<Vec<(String, String, Phase)>, ServerFnError> {
    super::service::for_sensor(&state()?, &reference).await.map_err(internal)
}

/// The sensor page's list of the consultations about it (nothing when there is none), loading its own data.
#[component]
pub fn SensorConsultations(reference: String) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(move || reference.clone(), load_sensor_consultations);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let found = data.await.unwrap_or_default();
                (!found.is_empty()).then(|| view! {
                    <section aria-labelledby="consultations">
                        <h2 id="consultations">{i18n.t("sensor-consultations-title")}</h2>
                        <ul>
                            {found.into_iter().map(|(slug, title, phase)| view! {
                                <li><a href=page(&slug)>{title}</a> " — " {i18n.t(&phase.label_key())}</li>
                            }).collect_view()}
                        </ul>
                    </section>
                })
            })}
        </Suspense>
    }
}

/// The list for the filters of the page's query string.
#[server(endpoint = "consultations/liste")]
pub async fn list_consultations(
    status: String,
    district: String,
    domain: String,
) -> Result<Vec<ConsultationSummary>, ServerFnError> {
    let state = state()?;
    let ctx = crate::ctx::load();
    super::service::list(
        &state,
        ctx.user.as_ref(),
        Phase::from_code(&status),
        district.parse().ok(),
        Domain::from_code(&domain),
    )
    .await
    .map_err(internal)
}

/// A consultation's page data; `None` when there is no such (visible) consultation.
#[server(endpoint = "consultations/fiche")]
pub async fn load_consultation(
    slug: String,
    sort: String,
    page: String,
    comment: String,
) -> Result<Option<ConsultationDetail>, ServerFnError> {
    let state = state()?;
    let ctx = crate::ctx::load();
    let sort = CommentSort::from_code(&sort).unwrap_or(CommentSort::Newest);
    let wanted = super::threads::Wanted::from_query(&page, &comment);
    match super::service::detail(&state, ctx.user.as_ref(), &slug, sort, wanted, ctx.kiosk_visit).await {
        Ok(d) => Ok(Some(d)),
        Err(crate::error::AppError::NotFound) => Ok(None),
        Err(e) => Err(internal(e)),
    }
}

/// `/consultations`: the list, filtered by phase, district and domain.
#[component]
pub fn ConsultationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_ctx();
    let staff = can(ctx.user.as_ref(), Action::ManageConsultations, On::Site);
    let query = use_query_map();
    let get = move |k: &str| query.with_untracked(|q| q.get(k).unwrap_or_default());
    let (status, district, domain) = (get("statut"), get("quartier"), get("domaine"));
    let filters = (status.clone(), district.clone(), domain.clone());
    let data = Resource::new(move || filters.clone(), |(s, q, d)| list_consultations(s, q, d));
    let districts: Vec<(String, String)> = std::iter::once((String::new(), i18n.t("filter-all")))
        .chain(ctx.districts.iter().map(|d| (d.id.to_string(), d.name.clone())))
        .collect();
    view! {
        <Title text=format!("{} — {}", i18n.t("nav-consultations"), ctx.town_name)/>
        <h1>{i18n.t("nav-consultations")}</h1>
        <FormMessages path=LIST/>
        <p class="lead">{i18n.t("consultations-lead")}</p>
        <p class="actions">
            {staff.then(|| view! { <a class="button" href=NEW>{i18n.t("consultation-new-title")}</a> " " })}
            <a href=PROPOSALS>{i18n.t("proposals-link")}</a> " · "
            <a href=crate::moderation::paths::PUBLIC_LOG>{i18n.t("moderation-log-link")}</a>
        </p>
        <form method="get" action=LIST class="filters" aria-label=i18n.t("filters-label")>
            <Filter name="statut" label="field-consultation-status" options=choices(i18n, Phase::ALL, Phase::code, Phase::label_key) selected=status/>
            <Filter name="quartier" label="filter-district" options=districts selected=district/>
            <Filter name="domaine" label="field-sensor-domain" options=choices(i18n, Domain::ALL, Domain::code, Domain::label_key) selected=domain/>
            <button type="submit" class="button secondary">{i18n.t("filter-submit")}</button>
        </form>
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <p class="notice" role="status">{i18n.t("consultations-none")}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="cards consultation-list">
                            {list.into_iter().map(|c| view! { <SummaryCard c=c/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SummaryCard(c: ConsultationSummary) -> impl IntoView {
    let i18n = use_i18n();
    let places = if c.districts.is_empty() { i18n.t("consultation-whole-town") } else { c.districts.join(", ") };
    view! {
        <li class="card">
            <h2><a href=page(&c.slug)>{c.title.clone()}</a></h2>
            <p class="question">{c.question.clone()}</p>
            <p class="meta">
                <span class=format!("phase phase-{}", c.status.code())>{i18n.t(&c.status.label_key())}</span>
                " · " {i18n.t(&c.domain.label_key())} " · " {places}
                {c.closes_on.clone().map(|d| view! { " · " {i18n.t_args("consultation-closes-on", &[("date", crate::format::date_words(&d, i18n))])} })}
            </p>
            <p class="meta">
                {i18n.t_args("consultation-counts", &[("comments", c.comments.to_string()), ("votes", c.votes.to_string())])}
            </p>
        </li>
    }
}
