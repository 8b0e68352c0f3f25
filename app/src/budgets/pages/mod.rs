//! Budget screens: the list, and a budget's public page — its envelopes, the projects with their public review,
//! and once published the results: per project its score, cost, whether it is funded and why, the official rule
//! named with a link to the published ballots (anyone can re-run the count), and for officials the outcome
//! under the other rules side by side. Rendered whole on the server (works without JavaScript).
//!
//! `ballot` holds the ballot, the receipt check and the project submission; `staff` the budget form and the
//! project review; `paper` the double entry of paper ballots.

mod ballot;
mod paper;
mod staff;

pub use ballot::{BallotPage, ProposePage, ReceiptPage};
pub use paper::{BatchPage, PaperPage};
pub use staff::{NewBudgetPage, ReviewPage};

use super::{paths, BudgetLine, BudgetView, EnvelopeView, Phase, ProjectView, ResultView};
use crate::access::{can, Action, Resource as On};
use crate::ctx::use_ctx;
use crate::format::{integer, money};
use crate::i18n::{use_i18n, I18n};
use crate::ui::gate::NotFound;
use crate::ui::{CsrfField, FormMessages};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[cfg(feature = "ssr")]
fn internal(e: crate::error::AppError) -> ServerFnError {
    crate::ui::internal_error("budget", e)
}

/// A page's data for staff: refused access becomes "nothing to show" (the page itself is gated).
#[cfg(feature = "ssr")]
fn staff_only<T>(result: Result<Option<T>, crate::error::AppError>) -> Result<Option<T>, ServerFnError> {
    crate::ui::hidden_as_none("budget", result)
}

#[cfg(feature = "ssr")]
use crate::ui::app_state as state;

/// The budgets, newest first.
#[server(endpoint = "budgets/liste")]
pub async fn load_budgets() -> Result<Vec<BudgetLine>, ServerFnError> {
    super::service::list(&state()?.db).await.map_err(internal)
}

/// A budget's page; `None` when there is no such budget.
#[server(endpoint = "budgets/budget")]
pub async fn load_budget(slug: String) -> Result<Option<BudgetView>, ServerFnError> {
    let ctx = crate::ctx::load();
    use crate::access::{can, Action, Resource};
    let compare = can(ctx.user.as_ref(), Action::ReadOutcomes, Resource::Site);
    super::service::view(&state()?.db, &slug, compare).await.map_err(internal)
}

/// An envelope's name: the district's, or "the whole town" for the town's envelope.
pub(crate) fn envelope_name(i18n: I18n, name: &str) -> String {
    if name.is_empty() {
        i18n.t("budget-envelope-town")
    } else {
        name.to_string()
    }
}

/// The label of a counting rule.
pub fn rule_label(i18n: I18n, rule: &str) -> String {
    i18n.t(&format!("rule-{}", rule.replace('/', "-")))
}

/// Why a project is or is not funded, in the reader's language.
pub fn reason_text(i18n: I18n, r: &ResultView, currency: &str) -> String {
    let lang = i18n.lang();
    let amount = money(lang, r.amount.unwrap_or(0), currency);
    let n = |v: Option<i64>| integer(lang, v.unwrap_or(0));
    match r.reason.as_str() {
        "funded" => i18n.t_args("result-reason-funded", &[("rank", n(r.detail))]),
        "funded_shares" if r.payers == r.supporters => {
            i18n.t_args("result-reason-funded-shares", &[("supporters", n(r.supporters)), ("payment", amount)])
        }
        "funded_shares" => i18n.t_args(
            "result-reason-funded-shares-some",
            &[("supporters", n(r.supporters)), ("payers", n(r.payers)), ("payment", amount)],
        ),
        "not_enough_left" => i18n.t_args("result-reason-not-enough-left", &[("left", amount)]),
        "below_threshold" => i18n.t_args("result-reason-below-threshold", &[("threshold", n(r.detail))]),
        "stopped" => i18n.t_args("result-reason-stopped", &[("project", r.stopped_at.clone().unwrap_or_default())]),
        "unaffordable" => i18n.t_args("result-reason-unaffordable", &[("money", amount)]),
        _ => i18n.t("result-reason-no-support"),
    }
}

/// `/budgets`.
#[component]
pub fn BudgetsPage() -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let data = Resource::new(|| (), |_| load_budgets());
    let staff = can(use_ctx().user.as_ref(), Action::ManageBudgets, On::Site);
    view! {
        <Title text=i18n.t("nav-budgets")/>
        <h1>{i18n.t("nav-budgets")}</h1>
        <p>{i18n.t("budgets-intro")}</p>
        {staff.then(|| view! { <p class="actions"><a class="button" href=paths::NEW>{i18n.t("budget-new-title")}</a></p> })}
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <p class="notice" role="status">{i18n.t("budgets-none")}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="cards">
                            {list.into_iter().map(|b| view! {
                                <li class="card">
                                    <h2><a href=format!("{}/{}", paths::LIST, b.slug)>{b.title.clone()}</a></h2>
                                    <p>{i18n.t(&b.phase.label_key())}" · "{money(lang, b.total, &b.currency)}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/budgets/:slug`.
#[component]
pub fn BudgetPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let slug = params.with_untracked(|p| p.get("slug").unwrap_or_default());
    let data = Resource::new(move || slug.clone(), load_budget);
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(b)) => view! { <Budget budget=b/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The projects placed on the map (each point leads to its row), when any project has a place.
fn projects_map(i18n: I18n, budget: &BudgetView) -> Option<impl IntoView> {
    let features: Vec<serde_json::Value> = budget
        .envelopes
        .iter()
        .flat_map(|e| e.projects.iter())
        .filter_map(|p| {
            let (lat, lon) = p.location?;
            Some(serde_json::json!({
                "type": "Feature",
                "geometry": { "type": "Point", "coordinates": [lon, lat] },
                "properties": { "id": p.id, "title": p.title },
            }))
        })
        .collect();
    if features.is_empty() {
        return None;
    }
    let data = serde_json::json!({ "type": "FeatureCollection", "features": features }).to_string();
    Some(view! {
        <section class="map-section" aria-labelledby="carte-projets-titre">
            <h2 id="carte-projets-titre">{i18n.t("budget-map-title")}</h2>
            <p class="hint">{i18n.t("budget-map-hint")}</p>
            <div class="map carte-projets" data-projects=data data-districts=crate::sensors::paths::DISTRICTS_GEOJSON data-streets=crate::sensors::paths::STREETS_GEOJSON></div>
        </section>
        <crate::ui::MapAssets/>
    })
}

/// The next phase a budget can move to.
fn next_phase(phase: Phase) -> Option<Phase> {
    let at = Phase::ALL.iter().position(|&p| p == phase)?;
    Phase::ALL.get(at + 1).copied()
}

/// What residents and staff can do now: propose, vote, check a receipt; move the phase, enter paper ballots.
#[component]
fn Actions(slug: String, phase: Phase) -> impl IntoView {
    let i18n = use_i18n();
    let user = use_ctx().user;
    let staff = can(user.as_ref(), Action::ManageBudgets, On::Site);
    // A signed-out visitor goes through the sign-in form first (a plain link: it works without JavaScript).
    let propose = match user {
        Some(_) => paths::propose(&slug),
        None => format!("{}?suite={}", crate::accounts::paths::LOGIN, paths::propose(&slug)),
    };
    let resident = match phase {
        Phase::Proposals => Some(
            view! {
                <p class="actions"><a class="button" href=propose>{i18n.t("budget-propose")}</a></p>
            }
            .into_any(),
        ),
        Phase::Voting => Some(
            view! {
                <p class="actions">
                    <a class="button" href=paths::ballot(&slug)>{i18n.t("budget-vote")}</a>" "
                    <a href=paths::receipt(&slug)>{i18n.t("receipt-title")}</a>
                </p>
            }
            .into_any(),
        ),
        Phase::Counting | Phase::Results | Phase::Implementation => Some(
            view! {
                <p class="actions"><a href=paths::receipt(&slug)>{i18n.t("receipt-title")}</a></p>
            }
            .into_any(),
        ),
        Phase::Review => None,
    };
    let manage = staff.then(|| {
        let move_form = next_phase(phase).map(|to| view! {
            <form method="post" action=paths::phase(&slug) class="inline-form">
                <CsrfField/>
                <input type="hidden" name="to" value=to.code()/>
                <button type="submit" class="button secondary">{i18n.t(&format!("budget-move-{}", to.code()))}</button>
            </form>
        });
        let warning = match phase {
            Phase::Review => Some(i18n.t("budget-move-voting-warning")),
            Phase::Voting => Some(i18n.t("budget-move-counting-warning")),
            _ => None,
        };
        view! {
            <section class="staff" aria-labelledby="gestion">
                <h2 id="gestion">{i18n.t("budget-staff-title")}</h2>
                {warning.map(|w| view! { <p class="hint">{w}</p> })}
                {move_form}
                {matches!(phase, Phase::Voting | Phase::Counting).then(|| view! {
                    <p><a href=paths::paper(&slug)>{i18n.t("paper-title")}</a></p>
                })}
                {(matches!(phase, Phase::Results | Phase::Implementation)
                    && can(use_ctx().user.as_ref(), Action::RecordDecisions, On::Site))
                .then(|| view! {
                    <p><a href=crate::governance::paths::new_for(crate::governance::SubjectKind::Budget, &slug)>
                        {i18n.t("decision-record")}
                    </a></p>
                })}
            </section>
        }
    });
    view! { {resident} {manage} }
}

#[component]
fn Budget(budget: BudgetView) -> impl IntoView {
    let i18n = use_i18n();
    let here = paths::page(&budget.slug);
    let published = matches!(budget.phase, Phase::Results | Phase::Implementation);
    let export = paths::export(&budget.slug);
    let several = budget.envelopes.len() > 1;
    let reviewing =
        super::rules::rules_editable(budget.phase) && can(use_ctx().user.as_ref(), Action::ManageBudgets, On::Site);
    let map = projects_map(i18n, &budget);
    let envelopes = budget
        .envelopes
        .into_iter()
        .map(|e| {
            let export = if several { format!("{export}?enveloppe={}", e.id) } else { export.clone() };
            view! {
                <Envelope envelope=e currency=budget.currency.clone() rule=budget.rule.clone()
                    published=published compare=budget.compare export=export reviewing=reviewing/>
            }
        })
        .collect_view();
    view! {
        <Title text=budget.title.clone()/>
        <p class="breadcrumb"><a href=paths::LIST>{i18n.t("nav-budgets")}</a></p>
        <h1>{budget.title.clone()}</h1>
        <FormMessages path=here/>
        <p class="status">{i18n.t("budget-phase")}" : "<strong>{i18n.t(&budget.phase.label_key())}</strong></p>
        <Actions slug=budget.slug.clone() phase=budget.phase/>
        <crate::governance::pages::DecisionBox kind=crate::governance::SubjectKind::Budget slug=budget.slug.clone()/>
        {published.then(|| view! { <crate::governance::projects::pages::ProjectBox budget=budget.slug.clone()/> })}
        <div class="prose" lang=i18n.content_lang() inner_html=budget.body_html.clone()></div>
        <p>
            {i18n.t("budget-ballot")}" : "{i18n.t(&budget.kind.label_key())}". "
            {i18n.t("budget-rule")}" : "<strong>{rule_label(i18n, &budget.rule)}</strong>"."
        </p>
        {(!published).then(|| view! { <p class="notice">{i18n.t("budget-results-later")}</p> })}
        {map}
        {envelopes}
    }
}

/// The open-data page's part on budgets: the files each counted budget publishes and how anyone recounts them
/// (the command line is for the curious, not on the results residents read).
#[component]
pub fn OpenDataBudgets() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <h2 id="budgets">{i18n.t("open-data-budgets-title")}</h2>
        <p>{i18n.t("open-data-budgets")}</p>
        <p><code>"clairvoie pb tally FICHIER.pb --rule greedy --explain"</code></p>
        <p>{i18n.t("open-data-budgets-rules")}" "<code>"greedy, greedy-no-skip, greedy-threshold, equalshares, equalshares/add1"</code></p>
    }
}

#[component]
fn Envelope(
    envelope: EnvelopeView,
    currency: String,
    rule: String,
    published: bool,
    compare: bool,
    export: String,
    /// Staff may review the projects (before voting opens).
    reviewing: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let name = envelope_name(i18n, &envelope.name);
    let heading_id = format!("enveloppe-{}", envelope.id);
    let labelled_by = heading_id.clone();
    let counted = envelope.ballots.is_some();
    let spent: i64 =
        envelope.projects.iter().filter(|p| p.result.as_ref().is_some_and(|r| r.funded)).map(|p| p.cost).sum();
    let funded_count = envelope.projects.iter().filter(|p| p.result.as_ref().is_some_and(|r| r.funded)).count();
    // Results read best ranked: the funded projects first in the order the rule funded them, then the others by
    // votes (before the count, the order the projects were submitted in).
    let mut ranked: Vec<&ProjectView> = envelope.projects.iter().collect();
    if counted {
        ranked.sort_by_key(|p| match &p.result {
            Some(r) if r.funded => {
                (0, if r.reason == "funded" { r.detail.unwrap_or(i64::MAX) } else { 0 }, std::cmp::Reverse(r.score))
            }
            Some(r) => (1, 0, std::cmp::Reverse(r.score)),
            None => (2, 0, std::cmp::Reverse(0)),
        });
    }
    let rows = ranked
        .into_iter()
        .enumerate()
        .map(|(position, p)| {
            let (score, outcome, why) = match &p.result {
                Some(r) => (
                    integer(lang, r.score),
                    i18n.t(if r.funded {
                        crate::msg_key!("result-funded")
                    } else {
                        crate::msg_key!("result-not-funded")
                    }),
                    reason_text(i18n, r, &currency),
                ),
                None => (String::new(), i18n.t(&p.status.label_key()), p.note.clone()),
            };
            let funded = p.result.as_ref().is_some_and(|r| r.funded);
            let review = reviewing.then(|| {
                let label = format!("{} — {}", i18n.t("review-link"), p.title);
                view! { " "<a href=paths::review(p.id) aria-label=label>{i18n.t("review-link")}</a> }
            });
            view! {
                <tr class=if funded { "funded" } else { "" } id=format!("projet-{}", p.id)>
                    {counted.then(|| view! { <td class="number">{integer(lang, position as i64 + 1)}</td> })}
                    <th scope="row"><span lang=i18n.content_lang()>{p.title.clone()}</span>" "<span class="muted">"(" {p.reference.clone()} ")"</span></th>
                    <td class="number">{money(lang, p.cost, &currency)}</td>
                    {published.then(|| view! { <td class="number">{score.clone()}</td> })}
                    <td>{funded.then(|| view! { <span class="badge-funded" aria-hidden="true">"✓ "</span> })}<strong class=if funded { "outcome-funded" } else { "outcome" }>{outcome}</strong>{review}</td>
                    <td>{why}</td>
                </tr>
            }
        })
        .collect_view();
    let comparison = (compare && !envelope.other_rules.is_empty()).then(|| {
        let header = envelope
            .other_rules
            .iter()
            .map(|(r, _)| view! { <th scope="col">{rule_label(i18n, r)}</th> })
            .collect_view();
        let lines = envelope
            .projects
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let official = p.result.as_ref().is_some_and(|r| r.funded);
                let yes_no = move |b: bool| {
                    i18n.t(if b { crate::msg_key!("result-funded") } else { crate::msg_key!("result-not-funded") })
                };
                view! {
                    <tr>
                        <th scope="row" lang=i18n.content_lang()>{p.title.clone()}</th>
                        <td>{yes_no(official)}</td>
                        {envelope.other_rules.iter().map(|(_, f)| view! { <td>{yes_no(f[i])}</td> }).collect_view()}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <h3>{i18n.t("budget-compare-title")}</h3>
            <p>{i18n.t("budget-compare-intro")}</p>
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption>{i18n.t("budget-compare-caption")}</caption>
                    <thead><tr>
                        <th scope="col">{i18n.t("budget-col-project")}</th>
                        <th scope="col">{rule_label(i18n, &rule)}" ("{i18n.t("budget-official")}")"</th>
                        {header}
                    </tr></thead>
                    <tbody>{lines}</tbody>
                </table>
            </div>
        }
    });
    view! {
        <section aria-labelledby=labelled_by>
            <h2 id=heading_id>{name}" — "{money(lang, envelope.amount, &currency)}</h2>
            {counted.then(|| view! {
                <p>
                    {i18n.t_args("budget-counted", &[
                        ("ballots", integer(lang, envelope.ballots.unwrap_or(0))),
                        ("funded", integer(lang, funded_count as i64)),
                        ("spent", money(lang, spent, &currency)),
                    ])}
                    {envelope.voter_budget.map(|v| view! { " "{i18n.t_args("budget-voter-share", &[("share", money(lang, v, &currency))])} })}
                    {envelope.comparison.map(|(shares, greedy, kept)| view! { " "{i18n.t_args(
                        if kept { crate::msg_key!("budget-comparison-greedy") } else { crate::msg_key!("budget-comparison-shares") },
                        &[("shares", integer(lang, shares)), ("greedy", integer(lang, greedy))],
                    )} })}
                    {(envelope.rejected > 0).then(|| view! { " "{i18n.t_args("budget-rejected", &[
                        ("count", envelope.rejected.to_string()),
                    ])} })}
                </p>
                {envelope.paper.clone().map(|p| view! {
                    <p>{i18n.t_args("paper-reconciliation-figures", &[
                        ("ballots", integer(lang, p.ballots)),
                        ("voters", integer(lang, p.voters)),
                    ])}</p>
                    {p.explanation.map(|text| view! {
                        <p>{i18n.t("paper-reconciliation-published")}</p>
                        <blockquote>{text}</blockquote>
                    })}
                })}
                <p>
                    <a href=export.clone() download="">{i18n.t("budget-export")}</a>" — "
                    <a href=format!("{}#budgets", crate::sensors::paths::OPEN_DATA)>{i18n.t("budget-rerun-how")}</a>
                </p>
            })}
            {(published && !counted).then(|| view! { <p class="notice">{i18n.t("budget-rule-not-reproducible")}</p> })}
            <div class="table-wrap" tabindex="0">
                <table>
                    <caption>{i18n.t(if published { crate::msg_key!("budget-results-caption") } else { crate::msg_key!("budget-projects-caption") })}</caption>
                    <thead><tr>
                        {counted.then(|| view! { <th scope="col" class="number">{i18n.t("budget-col-rank")}</th> })}
                        <th scope="col">{i18n.t("budget-col-project")}</th>
                        <th scope="col">{i18n.t("budget-col-cost")}</th>
                        {published.then(|| view! { <th scope="col">{i18n.t("budget-col-score")}</th> })}
                        <th scope="col">{i18n.t(if published { crate::msg_key!("budget-col-outcome") } else { crate::msg_key!("budget-col-review") })}</th>
                        <th scope="col">{i18n.t("budget-col-why")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {comparison}
        </section>
    }
}
