//! The public screens of project follow-up: the list (filtered by status with a plain GET form), a project's page
//! with its parts, milestones, links, sensors and timeline, and the box a budget's or decision's page shows.

use super::paths::{self, LIST};
use super::{DeliveredBy, Event, EventKind, Figures, Origin, ProjectLine, ProjectStatus, ProjectView};
use crate::access::{can, Action, Resource as On};
use crate::ctx::use_ctx;
use crate::format::date_words;
use crate::format::money;
use crate::i18n::{use_i18n, I18n};
use crate::ui::gate::NotFound;
use crate::ui::{choices, Filter};
use crate::ui::{CsrfField, FormMessages};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[cfg(feature = "ssr")]
use crate::ui::app_state as state;

#[cfg(feature = "ssr")]
fn internal(e: crate::error::AppError) -> ServerFnError {
    crate::ui::internal_error("projects", e)
}

/// The project that delivered a sensor, and the decision behind it, for the sensor's record.
#[server(endpoint = "projets/capteur")]
pub async fn load_sensor_project(reference: String) -> Result<Option<DeliveredBy>, ServerFnError> {
    super::service::for_sensor(&state()?, &reference).await.map_err(internal)
}

/// The sensor record's "delivered by" value: the project (and its decision), or "none"; loads its own data.
#[component]
pub fn SensorProject(reference: String) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(move || reference.clone(), load_sensor_project);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await.ok().flatten() {
                    Some(DeliveredBy { id, title, decision }) => view! {
                        <span>
                            <a href=paths::page(id)>{title}</a>
                            {decision.map(|(d, subject)| view! {
                                " (" {i18n.t("project-decision")} " : " <a href=crate::governance::paths::page(d)>{subject}</a> ")"
                            })}
                        </span>
                    }.into_any(),
                    None => view! { <span>{i18n.t("value-none")}</span> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The projects of the list.
#[server(endpoint = "projets/liste")]
pub async fn load_projects(status: String) -> Result<Vec<ProjectLine>, ServerFnError> {
    super::service::list(&state()?, ProjectStatus::from_code(&status)).await.map_err(internal)
}

/// One project.
#[server(endpoint = "projets/fiche")]
pub async fn load_project(id: i64) -> Result<Option<ProjectView>, ServerFnError> {
    super::service::get(&state()?, id).await.map_err(internal)
}

/// The project following a budget's winners.
#[server(endpoint = "projets/budget")]
pub async fn load_budget_project(slug: String) -> Result<Option<ProjectLine>, ServerFnError> {
    super::service::following_budget(&state()?, &slug).await.map_err(internal)
}

/// The project following a decision.
#[server(endpoint = "projets/decision")]
pub async fn load_decision_project(id: i64) -> Result<Option<ProjectLine>, ServerFnError> {
    super::service::following_decision(&state()?, id).await.map_err(internal)
}

/// A progress bar with its figure written out (the bar is named for screen readers).
#[component]
pub fn ProgressLine(title: String, progress: i64) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="progress">
            <progress max="100" value=progress aria-label=i18n.t_args("project-progress-of", &[("title", title)])></progress>
            <span>{format!("{progress}\u{a0}%")}</span>
        </p>
    }
}

/// "Voté 40 000 € · dépensé 12 000 €".
fn amounts(i18n: I18n, f: &Figures, currency: &str) -> String {
    i18n.t_args(
        "project-amounts",
        &[("voted", money(i18n.lang(), f.voted, currency)), ("spent", money(i18n.lang(), f.spent, currency))],
    )
}

fn status_badge(i18n: I18n, status: ProjectStatus) -> impl IntoView {
    view! { <span class=format!("status status-{}", status.code())>{i18n.t(&status.label_key())}</span> }
}

#[component]
fn ProjectCard(p: ProjectLine) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="card">
            <h2><a href=paths::page(p.id)>{p.title.clone()}</a></h2>
            <p class="meta">{status_badge(i18n, p.figures.status)} " · " {amounts(i18n, &p.figures, &p.currency)}</p>
            <ProgressLine title=p.title.clone() progress=p.figures.progress/>
            {(p.children > 0).then(|| view! {
                <p class="meta">{i18n.t_args("project-parts-count", &[("count", p.children.to_string())])}</p>
            })}
        </li>
    }
}

/// `/projets`: the projects the town follows, by status.
#[component]
pub fn ProjectsPage() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_ctx();
    let status = use_query_map().with_untracked(|q| q.get("statut").unwrap_or_default());
    let filter = status.clone();
    let data = Resource::new(move || filter.clone(), load_projects);
    let statuses = choices(i18n, ProjectStatus::ALL, ProjectStatus::code, ProjectStatus::label_key);
    view! {
        <Title text=format!("{} — {}", i18n.t("projects-title"), ctx.town_name)/>
        <h1>{i18n.t("projects-title")}</h1>
        <FormMessages path=LIST/>
        <p class="lead">{i18n.t("projects-lead")}</p>
        <form method="get" action=LIST class="filters" aria-label=i18n.t("projects-filters-label")>
            <Filter name="statut" label="field-project-status" options=statuses selected=status/>
            <button type="submit" class="button secondary">{i18n.t("filter-submit")}</button>
        </form>
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <p class="notice" role="status">{i18n.t("projects-none")}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="cards">{list.into_iter().map(|p| view! { <ProjectCard p=p/> }).collect_view()}</ul>
                    }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/projets/:id`: where a project stands and everything that happened to it.
#[component]
pub fn ProjectPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(move || id, load_project);
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(p)) => view! { <Project p=p/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn origin_view(i18n: I18n, origin: &Origin) -> AnyView {
    match origin {
        Origin::Budget { slug, title } => view! {
            <span>{i18n.t("project-origin-budget")} " " <a href=crate::budgets::paths::page(slug)>{title.clone()}</a></span>
        }
        .into_any(),
        Origin::Winner { slug, title, project } => view! {
            <span>
                {i18n.t("project-origin-winner")} " "
                <a href=format!("{}#projet-{project}", crate::budgets::paths::page(slug))>{title.clone()}</a>
            </span>
        }
        .into_any(),
        Origin::Consultation { slug, title } => view! {
            <span>{i18n.t("project-origin-consultation")} " " <a href=crate::consultations::paths::page(slug)>{title.clone()}</a></span>
        }
        .into_any(),
        Origin::Part => view! { <span>{i18n.t("project-origin-part")}</span> }.into_any(),
    }
}

#[component]
fn Project(p: ProjectView) -> impl IntoView {
    let i18n = use_i18n();
    let staff = can(use_ctx().user.as_ref(), Action::ManageProjects, On::Site);
    let decision = match &p.decision {
        Some((id, title)) => view! { <a href=crate::governance::paths::page(*id)>{title.clone()}</a> }.into_any(),
        None => view! { <span>{i18n.t("project-decision-none")}</span> }.into_any(),
    };
    let derived = !p.children.is_empty();
    view! {
        <Title text=p.title.clone()/>
        <p class="breadcrumb">
            <a href=LIST>{i18n.t("projects-title")}</a>
            {p.parent.clone().map(|(id, title)| view! { " › " <a href=paths::page(id)>{title}</a> })}
        </p>
        <h1>{p.title.clone()}</h1>
        <FormMessages path=paths::page(p.id)/>
        <p class="lead">{status_badge(i18n, p.figures.status)}</p>
        <ProgressLine title=p.title.clone() progress=p.figures.progress/>
        {derived.then(|| view! { <p class="hint">{i18n.t("project-derived")}</p> })}
        {(!p.summary.is_empty()).then(|| view! { <p class="prose-text">{p.summary.clone()}</p> })}
        <dl class="record">
            <div><dt>{i18n.t("project-origin")}</dt><dd>{origin_view(i18n, &p.origin)}</dd></div>
            <div><dt>{i18n.t("project-decision")}</dt><dd>{decision}</dd></div>
            <div><dt>{i18n.t("project-voted")}</dt><dd>{money(i18n.lang(), p.figures.voted, &p.currency)}</dd></div>
            <div><dt>{i18n.t("project-spent")}</dt><dd>{money(i18n.lang(), p.figures.spent, &p.currency)}</dd></div>
            {(p.figures.status == ProjectStatus::Abandoned && !p.abandon_reason.is_empty()).then(|| view! {
                <div><dt>{i18n.t("field-project-reason")}</dt><dd>{p.abandon_reason.clone()}</dd></div>
            })}
        </dl>
        {staff.then(|| view! {
            <p class="actions"><a class="button" href=paths::manage(p.id)>{i18n.t("project-manage")}</a></p>
        })}
        {(!p.children.is_empty()).then(|| view! { <Parts title=p.title.clone() parts=p.children.clone()/> })}
        <Milestones title=p.title.clone() milestones=p.milestones.clone()/>
        <section aria-labelledby="chronologie">
            <h2 id="chronologie">{i18n.t("project-timeline")}</h2>
            <ol class="timeline">
                {p.events.iter().map(|e| view! { <TimelineEntry e=e.clone() currency=p.currency.clone()/> }).collect_view()}
            </ol>
        </section>
        {(!p.links.is_empty()).then(|| view! {
            <section aria-labelledby="documents">
                <h2 id="documents">{i18n.t("project-links")}</h2>
                <ul>
                    {p.links.iter().map(|l| view! {
                        <li>{i18n.t(&l.kind.label_key())} " : " <a href=l.url.clone() rel="noopener">{l.title.clone()}</a></li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!p.sensors.is_empty()).then(|| view! {
            <section aria-labelledby="capteurs">
                <h2 id="capteurs">{i18n.t("project-sensors")}</h2>
                <ul>
                    {p.sensors.iter().map(|(reference, name)| view! {
                        <li><a href=crate::sensors::paths::sensor(reference)>{reference.clone()}</a> " — " {name.clone()}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[component]
fn Parts(title: String, parts: Vec<ProjectLine>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="parties">
            <h2 id="parties">{i18n.t("project-parts")}</h2>
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption>{i18n.t_args("project-parts-caption", &[("title", title)])}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t("field-project-title")}</th>
                            <th scope="col">{i18n.t("field-project-status")}</th>
                            <th scope="col">{i18n.t("field-project-progress")}</th>
                            <th scope="col">{i18n.t("project-voted")}</th>
                            <th scope="col">{i18n.t("project-spent")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {parts.into_iter().map(|c| view! {
                            <tr>
                                <th scope="row"><a href=paths::page(c.id)>{c.title.clone()}</a></th>
                                <td>{i18n.t(&c.figures.status.label_key())}</td>
                                <td>{format!("{}\u{a0}%", c.figures.progress)}</td>
                                <td>{money(i18n.lang(), c.figures.voted, &c.currency)}</td>
                                <td>{money(i18n.lang(), c.figures.spent, &c.currency)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[component]
fn Milestones(title: String, milestones: Vec<super::Milestone>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="etapes">
            <h2 id="etapes">{i18n.t("project-milestones")}</h2>
            {if milestones.is_empty() {
                view! { <p>{i18n.t("project-milestones-none")}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table>
                            <caption>{i18n.t_args("project-milestones-caption", &[("title", title)])}</caption>
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.t("field-project-milestone-title")}</th>
                                    <th scope="col">{i18n.t("field-project-milestone-due")}</th>
                                    <th scope="col">{i18n.t("project-milestone-reached")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {milestones.into_iter().map(|m| view! {
                                    <tr>
                                        <th scope="row">{m.title.clone()}</th>
                                        <td>{date_words(&m.due_on, i18n)}</td>
                                        <td>{m.done_on.as_deref().map(|d| date_words(d, i18n)).unwrap_or_else(|| i18n.t("project-milestone-pending"))}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

/// What one timeline entry says.
fn event_line(i18n: I18n, e: &Event, currency: &str) -> String {
    match e.kind {
        EventKind::Created => i18n.t("project-event-created"),
        EventKind::Milestone => i18n.t_args("project-event-milestone", &[("title", e.note.clone())]),
        EventKind::Link => i18n.t_args("project-event-link", &[("title", e.note.clone())]),
        EventKind::Sensor => i18n.t_args("project-event-sensor", &[("sensor", e.note.clone())]),
        EventKind::Update => {
            let mut parts = vec![];
            if let Some(s) = e.status {
                parts.push(i18n.t_args("project-event-status", &[("status", i18n.t(&s.label_key()))]));
            }
            if let Some(p) = e.progress {
                parts.push(i18n.t_args("project-event-progress", &[("progress", p.to_string())]));
            }
            if let Some(s) = e.spent {
                parts.push(i18n.t_args("project-event-spent", &[("amount", money(i18n.lang(), s, currency))]));
            }
            if parts.is_empty() {
                i18n.t("project-event-note")
            } else {
                parts.join(" · ")
            }
        }
    }
}

#[component]
fn TimelineEntry(e: Event, currency: String) -> impl IntoView {
    let i18n = use_i18n();
    let shows_note = e.kind == EventKind::Update && !e.note.is_empty();
    view! {
        <li>
            <time datetime=e.happened_on.clone()>{date_words(&e.happened_on, i18n)}</time>
            " — " {event_line(i18n, &e, &currency)}
            {shows_note.then(|| view! { <p class="prose-text">{e.note.clone()}</p> })}
        </li>
    }
}

/// The follow-up box on a budget's page (`budget`: its slug) or a decision's page (`decision`: its id): the
/// project once started; for staff, the button or link that starts it.
#[component]
pub fn ProjectBox(
    #[prop(optional, into)] budget: Option<String>,
    #[prop(optional)] decision: Option<(i64, bool)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let staff = can(use_ctx().user.as_ref(), Action::ManageProjects, On::Site);
    let key = (budget.clone(), decision.map(|d| d.0));
    let data = Resource::new(
        move || key.clone(),
        |(budget, decision)| async move {
            match (budget, decision) {
                (Some(slug), _) => load_budget_project(slug).await,
                (None, Some(id)) => load_decision_project(id).await,
                _ => Ok(None),
            }
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let budget = budget.clone();
                Suspend::new(async move {
                    let found = data.await.ok().flatten();
                    let start = match (&found, &budget, decision) {
                        (None, Some(slug), _) if staff => Some(view! {
                            <form method="post" action=paths::FROM_BUDGET class="inline-form">
                                <CsrfField/>
                                <input type="hidden" name="slug" value=slug.clone()/>
                                <button type="submit" class="button secondary">{i18n.t("project-follow-budget")}</button>
                            </form>
                        }.into_any()),
                        (None, None, Some((id, true))) if staff => Some(view! {
                            <p><a class="button secondary" href=paths::new_for_decision(id)>{i18n.t("project-start")}</a></p>
                        }.into_any()),
                        _ => None,
                    };
                    (found.is_some() || start.is_some()).then(|| view! {
                        <section class="follow-up" aria-labelledby="suivi">
                            <h2 id="suivi">{i18n.t("project-box-title")}</h2>
                            {found.map(|p| view! {
                                <p>
                                    <a href=paths::page(p.id)>{p.title.clone()}</a> " — "
                                    {status_badge(i18n, p.figures.status)} " · " {format!("{}\u{a0}%", p.figures.progress)}
                                </p>
                            })}
                            {start}
                        </section>
                    })
                })
            }}
        </Suspense>
    }
}
