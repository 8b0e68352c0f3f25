//! The bulletin's screens: the list of periods, and a period's bulletin laid out to print (the header, the
//! navigation and the footer are left out on paper) with its CSV.

use super::paths::{self, LIST};
use super::rules::Period;
use super::Bulletin;
use crate::format::date_words;
use crate::format::{integer, money};
use crate::i18n::{use_i18n, I18n};
use crate::reports::dashboard::pages::DataTable;
use crate::ui::gate::NotFound;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[cfg(feature = "ssr")]
fn internal(e: crate::error::AppError) -> ServerFnError {
    crate::ui::internal_error("bulletin", e)
}

/// The periods that have a bulletin, newest first.
#[server(endpoint = "bilan/periodes")]
pub async fn load_periods() -> Result<Vec<String>, ServerFnError> {
    super::service::periods(&crate::ui::app_state()?).await.map_err(internal)
}

/// A period's bulletin; `None` for an unknown period or one that has not begun.
#[server(endpoint = "bilan/periode")]
pub async fn load_bulletin(period: String) -> Result<Option<Bulletin>, ServerFnError> {
    let Some(period) = Period::parse(&period) else { return Ok(None) };
    super::service::bulletin(&crate::ui::app_state()?, period).await.map_err(internal)
}

/// "l'année 2026", "le 3e trimestre 2026".
fn period_words(i18n: I18n, code: &str) -> String {
    match Period::parse(code) {
        Some(Period::Quarter(y, q)) => {
            i18n.t_args("bulletin-quarter", &[("quarter", q.to_string()), ("year", y.to_string())])
        }
        Some(Period::Year(y)) => i18n.t_args("bulletin-year", &[("year", y.to_string())]),
        None => code.to_string(),
    }
}

/// `/bilan`: every period's bulletin.
#[component]
pub fn BulletinsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_periods());
    view! {
        <Title text=i18n.t("bulletin-title")/>
        <h1>{i18n.t("bulletin-title")}</h1>
        <p class="lead">{i18n.t("bulletin-lead")}</p>
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(periods) => view! {
                        <ul class="periods">
                            {periods.into_iter().map(|p| {
                                let class = if p.contains("-T") { "quarter" } else { "year" };
                                view! { <li class=class><a href=paths::page(&p)>{period_words(i18n, &p)}</a></li> }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/bilan/:periode`: a period's bulletin.
#[component]
pub fn BulletinPage() -> impl IntoView {
    let i18n = use_i18n();
    let period = use_params_map().with_untracked(|p| p.get("periode").unwrap_or_default());
    let data = Resource::new(move || period.clone(), load_bulletin);
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(b)) => view! { <BulletinView b=b/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn BulletinView(b: Bulletin) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.t_args("bulletin-of", &[("period", period_words(i18n, &b.period))]);
    let lang = i18n.lang();
    view! {
        <Title text=title.clone()/>
        <p class="breadcrumb no-print"><a href=LIST>{i18n.t("bulletin-title")}</a></p>
        <h1>{title}</h1>
        <p class="lead">
            {i18n.t_args("bulletin-span", &[("first", date_words(&b.first_day, i18n)), ("last", date_words(&b.last_day, i18n))])}
        </p>
        <p class="no-print">
            <a href=paths::csv(&b.period) rel="external" download="">{i18n.t("bulletin-csv")}</a>
            " · " {i18n.t("bulletin-print")}
        </p>
        <section aria-labelledby="bilan-capteurs">
            <h2 id="bilan-capteurs">{i18n.t("bulletin-sensors")}</h2>
            {b.tables.iter().take(2).map(|t| view! { <DataTable table=t.clone()/> }).collect_view()}
        </section>
        <section aria-labelledby="bilan-conservation">
            <h2 id="bilan-conservation">{i18n.t("bulletin-retention")}</h2>
            <p class="hint">{i18n.t("bulletin-retention-hint")}</p>
            {b.tables.iter().skip(2).map(|t| view! { <DataTable table=t.clone()/> }).collect_view()}
        </section>
        <section aria-labelledby="bilan-consultations">
            <h2 id="bilan-consultations">{i18n.t("bulletin-consultations")}</h2>
            {if b.consultations.is_empty() {
                view! { <p>{i18n.t("bulletin-none")}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {b.consultations.iter().map(|c| {
                            let votes = match c.votes {
                                Some((f, a, n)) => i18n.t_args("bulletin-votes", &[("for", integer(lang, f)), ("against", integer(lang, a)), ("abstain", integer(lang, n))]),
                                None => i18n.t("bulletin-votes-hidden"),
                            };
                            view! {
                                <li>
                                    <a href=crate::consultations::paths::page(&c.slug)>{c.title.clone()}</a>
                                    " — " {i18n.t(&c.phase.label_key())} " · " {votes} " · "
                                    {i18n.t_args("bulletin-comments", &[("count", c.comments.to_string())])}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="bilan-decisions">
            <h2 id="bilan-decisions">{i18n.t("bulletin-decisions")}</h2>
            {if b.decisions.is_empty() {
                view! { <p>{i18n.t("bulletin-none")}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {b.decisions.iter().map(|d| view! {
                            <li>
                                <a href=crate::governance::paths::page(d.id)>{d.subject_title.clone()}</a>
                                " — " {i18n.t(&d.outcome.label_key())} " (" {d.body.clone()} ", " {date_words(&d.decided_on, i18n)} ")"
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="bilan-budgets">
            <h2 id="bilan-budgets">{i18n.t("bulletin-budgets")}</h2>
            {if b.budgets.is_empty() {
                view! { <p>{i18n.t("bulletin-none")}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {b.budgets.iter().map(|r| view! {
                            <li>
                                <a href=crate::budgets::paths::page(&r.slug)>{r.title.clone()}</a> " — "
                                {i18n.t_args("bulletin-budget-line", &[
                                    ("ballots", integer(lang, r.ballots)),
                                    ("funded", r.funded.to_string()),
                                    ("amount", money(lang, r.amount, &r.currency)),
                                    ("rule", r.rule.clone()),
                                ])}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="bilan-projets">
            <h2 id="bilan-projets">{i18n.t("bulletin-projects")}</h2>
            {if b.projects.is_empty() {
                view! { <p>{i18n.t("bulletin-none")}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {b.projects.iter().map(|p| view! {
                            <li>
                                <a href=crate::governance::projects::paths::page(p.id)>{p.title.clone()}</a> " — "
                                {i18n.t(&p.figures.status.label_key())} " · " {format!("{}\u{a0}%", p.figures.progress)} " · "
                                {i18n.t_args("project-amounts", &[("voted", money(lang, p.figures.voted, &p.currency)), ("spent", money(lang, p.figures.spent, &p.currency))])}
                                " · " {i18n.t_args("bulletin-updates", &[("count", p.updates.to_string())])}
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {b.audit_head.clone().map(|(seq, hash)| view! {
            <section aria-labelledby="bilan-journal">
                <h2 id="bilan-journal">{i18n.t("bulletin-audit-head")}</h2>
                <p>{i18n.t_args("bulletin-audit-head-text", &[("seq", seq.to_string())])}</p>
                <p><code class="hash">{format!("{seq}:{hash}")}</code></p>
            </section>
        })}
    }
}
