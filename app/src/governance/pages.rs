//! The governance screens: the public list of decisions with its filters (a plain GET form), a decision's page,
//! the staff form that records one, and the box a consultation's or budget's page shows once it is decided.

use super::paths::{self, LIST, NEW};
use super::{DecisionSubject, DecisionView, Outcome, SubjectKind};
use crate::access::Action;
use crate::ctx::use_ctx;
use crate::format::date_words;
use crate::i18n::{use_i18n, I18n};
use crate::ui::gate::{gate, NotFound};
use crate::ui::{choices, Filter};
use crate::ui::{CsrfField, Field, FormMessages, SelectField, TextAreaField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[cfg(feature = "ssr")]
use crate::ui::app_state as state;

#[cfg(feature = "ssr")]
fn internal(e: crate::error::AppError) -> ServerFnError {
    crate::ui::internal_error("governance", e)
}

/// The decisions matching the filters, and the years that have decisions.
#[server(endpoint = "decisions/liste")]
pub async fn load_decisions(
    outcome: String,
    kind: String,
    year: String,
) -> Result<(Vec<DecisionView>, Vec<String>), ServerFnError> {
    super::service::list(&state()?, Outcome::from_code(&outcome), SubjectKind::from_code(&kind), year.parse().ok())
        .await
        .map_err(internal)
}

/// One decision.
#[server(endpoint = "decisions/fiche")]
pub async fn load_decision(id: i64) -> Result<Option<DecisionView>, ServerFnError> {
    super::service::get(&state()?, id).await.map_err(internal)
}

/// The decision on a consultation or a budget, if recorded.
#[server(endpoint = "decisions/sujet")]
pub async fn load_subject_decision(kind: SubjectKind, slug: String) -> Result<Option<DecisionView>, ServerFnError> {
    super::service::for_subject(&state()?, kind, &slug).await.map_err(internal)
}

/// The subject of the staff form; `None` when there is no such subject or the reader is not staff.
#[server(endpoint = "decisions/formulaire")]
pub async fn load_decision_subject(kind: SubjectKind, slug: String) -> Result<Option<DecisionSubject>, ServerFnError> {
    let ctx = crate::ctx::load();
    crate::ui::hidden_as_none(
        "governance",
        super::service::subject(&state()?, ctx.user.as_ref(), kind, &slug).await.map(Some),
    )
}

/// The latest decisions (at most 20).
#[server(endpoint = "decisions/dernieres")]
pub async fn load_latest_decisions(count: i64) -> Result<Vec<DecisionView>, ServerFnError> {
    super::service::latest(&state()?, count.clamp(1, 20)).await.map_err(internal)
}

/// The decisions a sensor may go live on, for the sensor form.
#[server(endpoint = "decisions/autorisantes")]
pub async fn load_authorising_decisions() -> Result<Vec<DecisionView>, ServerFnError> {
    super::service::authorising(&state()?).await.map_err(internal)
}

/// The sensor form's choice of the decision that authorises the sensor (the approval gate).
#[component]
pub fn DecisionSelect(#[prop(into)] path: String, #[prop(into)] selected: String) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_authorising_decisions());
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || {
                let (path, selected) = (path.clone(), selected.clone());
                Suspend::new(async move {
                    let decisions = data.await.unwrap_or_default();
                    let options: Vec<(String, String)> = std::iter::once((String::new(), i18n.t("value-none")))
                        .chain(decisions.iter().map(|d| {
                            let label = format!("{} — {} ({})", d.subject_title, i18n.t(&d.outcome.label_key()), act_line(i18n, d));
                            (d.id.to_string(), label)
                        }))
                        .collect();
                    view! { <SelectField path=path name="decision" label="field-sensor-decision" options=options selected=selected/> }
                })
            }}
        </Suspense>
    }
}

/// "Conseil municipal du 12 mars 2027, délibération n° 2027-045".
fn act_line(i18n: I18n, d: &DecisionView) -> String {
    let when = date_words(&d.decided_on, i18n);
    if d.reference.is_empty() {
        i18n.t_args("decision-act", &[("body", d.body.clone()), ("date", when)])
    } else {
        i18n.t_args("decision-act-ref", &[("body", d.body.clone()), ("date", when), ("reference", d.reference.clone())])
    }
}

/// `/decisions`: every published decision, filtered by outcome, subject and year.
#[component]
pub fn DecisionsPage() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_ctx();
    let query = use_query_map();
    let get = move |k: &str| query.with_untracked(|q| q.get(k).unwrap_or_default());
    let (outcome, kind, year) = (get("issue"), get("sujet"), get("annee"));
    let filters = (outcome.clone(), kind.clone(), year.clone());
    let data = Resource::new(move || filters.clone(), |(o, k, y)| load_decisions(o, k, y));
    let outcomes = choices(i18n, Outcome::ALL, Outcome::code, Outcome::label_key);
    let kinds = choices(i18n, SubjectKind::ALL, SubjectKind::code, SubjectKind::label_key);
    view! {
        <Title text=format!("{} — {}", i18n.t("nav-decisions"), ctx.town_name)/>
        <h1>{i18n.t("nav-decisions")}</h1>
        <FormMessages path=LIST/>
        <p class="lead">{i18n.t("decisions-lead")}</p>
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || {
                let (outcome, kind, year) = (outcome.clone(), kind.clone(), year.clone());
                let (outcomes, kinds) = (outcomes.clone(), kinds.clone());
                Suspend::new(async move {
                    match data.await {
                        Ok((list, years)) => {
                            let years = std::iter::once((String::new(), i18n.t("filter-all")))
                                .chain(years.into_iter().map(|y| (y.clone(), y)))
                                .collect::<Vec<_>>();
                            view! {
                                <form method="get" action=LIST class="filters" aria-label=i18n.t("decisions-filters-label")>
                                    <Filter name="issue" label="field-decision-outcome" options=outcomes selected=outcome/>
                                    <Filter name="sujet" label="field-decision-subject" options=kinds selected=kind/>
                                    <Filter name="annee" label="field-decision-year" options=years selected=year/>
                                    <button type="submit" class="button secondary">{i18n.t("filter-submit")}</button>
                                </form>
                                {if list.is_empty() {
                                    view! { <p class="notice" role="status">{i18n.t("decisions-none")}</p> }.into_any()
                                } else {
                                    view! {
                                        <ul class="cards decision-list">
                                            {list.into_iter().map(|d| view! { <DecisionCard d=d/> }).collect_view()}
                                        </ul>
                                    }.into_any()
                                }}
                            }.into_any()
                        }
                        Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn DecisionCard(d: DecisionView) -> impl IntoView {
    let i18n = use_i18n();
    let subject = paths::subject(d.kind, &d.subject_slug);
    view! {
        <li class="card">
            <h2><a href=paths::page(d.id)>{d.subject_title.clone()}</a></h2>
            <p class="meta">
                <span class=format!("outcome outcome-{}", d.outcome.code())>{i18n.t(&d.outcome.label_key())}</span>
                " · " {act_line(i18n, &d)}
            </p>
            <p class="meta">{i18n.t(&d.kind.label_key())} " : " <a href=subject>{d.subject_title.clone()}</a></p>
        </li>
    }
}

/// `/decisions/:id`: the decision, its reasoning, how the participation counted, and the way back to what
/// residents said.
#[component]
pub fn DecisionPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(move || id, load_decision);
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(d)) => view! { <Decision d=d/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Decision(d: DecisionView) -> impl IntoView {
    let i18n = use_i18n();
    let subject = paths::subject(d.kind, &d.subject_slug);
    let title = i18n.t_args("decision-title", &[("title", d.subject_title.clone())]);
    view! {
        <Title text=title.clone()/>
        <p class="breadcrumb"><a href=LIST>{i18n.t("nav-decisions")}</a></p>
        <h1>{title}</h1>
        <FormMessages path=paths::page(d.id)/>
        <p class="lead">
            <span class=format!("outcome outcome-{}", d.outcome.code())>{i18n.t(&d.outcome.label_key())}</span>
            " — " {act_line(i18n, &d)}
        </p>
        <section aria-labelledby="motifs">
            <h2 id="motifs">{i18n.t("field-decision-reasoning")}</h2>
            <p class="prose-text">{d.reasoning.clone()}</p>
        </section>
        <section aria-labelledby="participation">
            <h2 id="participation">{i18n.t("field-decision-participation")}</h2>
            <p class="prose-text">{d.participation.clone()}</p>
        </section>
        <ul class="links">
            <li>{i18n.t(&d.kind.label_key())} " : " <a href=subject>{d.subject_title.clone()}</a></li>
            {(!d.act_url.is_empty()).then(|| view! {
                <li><a href=d.act_url.clone() rel="noopener">{i18n.t("decision-act-link")}</a></li>
            })}
        </ul>
        <super::projects::pages::ProjectBox decision=(d.id, d.outcome.authorises() && d.kind == SubjectKind::Consultation)/>
    }
}

/// The decision on a consultation or a budget, on its page (nothing until one is recorded).
#[component]
pub fn DecisionBox(kind: SubjectKind, slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(move || (kind, slug.clone()), |(k, s)| load_subject_decision(k, s));
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                data.await.ok().flatten().map(|d| view! {
                    <section class="decision" aria-labelledby="decision">
                        <h2 id="decision">{i18n.t("decision-box-title")}</h2>
                        <p>
                            <span class=format!("outcome outcome-{}", d.outcome.code())>{i18n.t(&d.outcome.label_key())}</span>
                            " — " {act_line(i18n, &d)}
                        </p>
                        <p><a href=paths::page(d.id)>{i18n.t("decision-read")}</a></p>
                    </section>
                })
            })}
        </Suspense>
    }
}

/// What allows a sensor to run, as its record shows it: the town's decision it names (loaded here), else the law
/// it names, else "none".
#[component]
pub fn SensorAuthorisation(decision: Option<i64>, law: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(
        move || decision,
        |id| async move {
            match id {
                Some(id) => load_decision(id).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let law = law.clone();
                Suspend::new(async move {
                    match (data.await.ok().flatten(), law) {
                        (Some(d), _) => view! {
                            <span>
                                <a href=paths::page(d.id)>{d.subject_title.clone()}</a>
                                " — " {i18n.t(&d.outcome.label_key())} " ("
                                {i18n.t_args("decision-act", &[("body", d.body.clone()), ("date", date_words(&d.decided_on, i18n))])} ")"
                            </span>
                        }.into_any(),
                        (None, Some(law)) => view! { <span>{i18n.t_args("sensor-authorised-law", &[("reference", law)])}</span> }.into_any(),
                        (None, None) => view! { <span>{i18n.t("value-none")}</span> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// The latest `count` decisions as tiles (the kiosk's home): each links to its page, with its outcome and day;
/// the message `none` when there is none yet.
#[component]
pub fn LatestDecisions(count: i64, none: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(move || count, load_latest_decisions);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let decisions = data.await.unwrap_or_default();
                if decisions.is_empty() {
                    return view! { <p class="hint">{i18n.t(none)}</p> }.into_any();
                }
                let items = decisions
                    .into_iter()
                    .map(|d| view! {
                        <li class="kiosk-item">
                            <a class="kiosk-tile" href=paths::page(d.id)>{d.subject_title.clone()}</a>
                            <p>{i18n.t(&d.outcome.label_key())} " — " {d.decided_on.clone()}</p>
                        </li>
                    })
                    .collect_view();
                view! { <ul class="kiosk-list">{items}</ul> }.into_any()
            })}
        </Suspense>
    }
}

/// `/decisions/nouvelle?consultation=slug` (or `?budget=slug`): staff record the official decision.
#[component]
pub fn NewDecisionPage() -> impl IntoView {
    let query = use_query_map();
    let (kind, slug) = query.with_untracked(|q| {
        SubjectKind::ALL
            .iter()
            .find_map(|k| q.get(k.code()).map(|s| (*k, s)))
            .unwrap_or((SubjectKind::Consultation, String::new()))
    });
    if let Some(gate) = gate(paths::new_for(kind, &slug), Action::RecordDecisions) {
        return gate;
    }
    let i18n = use_i18n();
    let data = Resource::new(move || (kind, slug.clone()), |(k, s)| load_decision_subject(k, s));
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(s)) => view! { <DecisionForm s=s/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn DecisionForm(s: DecisionSubject) -> impl IntoView {
    let i18n = use_i18n();
    let subject = paths::subject(s.kind, &s.slug);
    let title = i18n.t_args("decision-new-title", &[("title", s.title.clone())]);
    let outcomes: Vec<(String, String)> =
        Outcome::ALL.iter().map(|o| (o.code().to_string(), i18n.t(&o.label_key()))).collect();
    let body = match (s.decided, s.not_ready.clone()) {
        (Some(id), _) => view! {
            <p class="notice" role="status">
                {i18n.t("error-decision-exists")} " " <a href=paths::page(id)>{i18n.t("decision-read")}</a>
            </p>
        }
        .into_any(),
        (None, Some(key)) => view! { <p class="notice" role="status">{i18n.t(&key)}</p> }.into_any(),
        (None, None) => view! {
            <p class="hint">{i18n.t("decision-new-lead")}</p>
            <form method="post" action=NEW class="form">
                <CsrfField/>
                <input type="hidden" name="kind" value=s.kind.code()/>
                <input type="hidden" name="slug" value=s.slug.clone()/>
                <SelectField path=NEW name="outcome" label="field-decision-outcome" options=outcomes selected="adopted"/>
                <TextAreaField path=NEW name="reasoning" label="field-decision-reasoning" hint="hint-decision-reasoning" required=true rows=6/>
                <TextAreaField path=NEW name="participation" label="field-decision-participation" hint="hint-decision-participation" required=true rows=6/>
                <Field path=NEW name="body" label="field-decision-body" hint="hint-decision-body" required=true/>
                <Field path=NEW name="decided_on" label="field-decision-date" kind="date" required=true/>
                <Field path=NEW name="reference" label="field-decision-reference" hint="hint-decision-reference"/>
                <Field path=NEW name="act_url" label="field-decision-act-url" kind="url" hint="hint-decision-act-url"/>
                <p class="hint">{i18n.t("decision-new-warning")}</p>
                <button type="submit" class="button">{i18n.t("decision-submit")}</button>
            </form>
        }
        .into_any(),
    };
    view! {
        <Title text=title.clone()/>
        <p class="breadcrumb"><a href=subject>{s.title.clone()}</a></p>
        <h1>{title}</h1>
        <FormMessages path=NEW/>
        {body}
    }
}
