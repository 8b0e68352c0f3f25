//! The dashboard's screens: each figure a server-rendered SVG bar chart beside its data table (the table is the
//! accessible and printable form of the chart), each table downloadable as CSV.

use super::chart::bar_lengths;
use super::paths::{self, TOWN};
use super::{Dashboard, Table};
use crate::access::Action;
use crate::format::{integer, money};
use crate::i18n::{use_i18n, I18n};
use crate::ui::gate::{gate, NotFound};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// A dashboard: `scope` is `town`, `consultation` or `budget`; `None` when there is no such subject or the
/// reader may not see it.
#[server(endpoint = "tableau-de-bord")]
pub async fn load_dashboard(scope: String, slug: String) -> Result<Option<Dashboard>, ServerFnError> {
    let ctx = crate::ctx::load();
    let state = crate::ui::app_state()?;
    let user = ctx.user.as_ref();
    let result = match scope.as_str() {
        "consultation" => super::service::consultation(&state, user, &slug).await,
        "budget" => super::service::budget(&state, user, &slug).await,
        _ => super::service::town(&state, user).await,
    };
    crate::ui::hidden_as_none("dashboard", result.map(Some))
}

/// `/tableau-de-bord`: the town's figures.
#[component]
pub fn TownDashboardPage() -> impl IntoView {
    dashboard_page("town", String::new(), TOWN.to_string())
}

/// `/tableau-de-bord/consultations/:slug`.
#[component]
pub fn ConsultationDashboardPage() -> impl IntoView {
    let slug = use_params_map().with_untracked(|p| p.get("slug").unwrap_or_default());
    let here = paths::consultation(&slug);
    dashboard_page("consultation", slug, here)
}

/// `/tableau-de-bord/budgets/:slug`.
#[component]
pub fn BudgetDashboardPage() -> impl IntoView {
    let slug = use_params_map().with_untracked(|p| p.get("slug").unwrap_or_default());
    let here = paths::budget(&slug);
    dashboard_page("budget", slug, here)
}

fn dashboard_page(scope: &'static str, slug: String, here: String) -> AnyView {
    if let Some(gate) = gate(here, Action::ReadOutcomes) {
        return gate;
    }
    let i18n = use_i18n();
    let data = Resource::new(move || slug.clone(), move |slug| load_dashboard(scope.to_string(), slug));
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(d)) => view! { <DashboardView d=d/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn DashboardView(d: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let title = if d.title.is_empty() {
        i18n.t("dashboard-title")
    } else {
        i18n.t_args("dashboard-subject-title", &[("title", d.title.clone())])
    };
    view! {
        <Title text=title.clone()/>
        {(!d.title.is_empty()).then(|| view! {
            <p class="breadcrumb"><a href=TOWN>{i18n.t("dashboard-title")}</a> " › " <a href=d.subject_page.clone()>{d.title.clone()}</a></p>
        })}
        <h1>{title}</h1>
        <Headline figures=d.headline.clone() turnout=d.turnout/>
        {d.notes.iter().map(|key| view! { <p class="hint">{i18n.t(key)}</p> }).collect_view()}
        {(!d.subjects.is_empty()).then(|| view! {
            <nav aria-labelledby="sujets">
                <h2 id="sujets">{i18n.t("dashboard-subjects")}</h2>
                <ul>
                    {d.subjects.iter().map(|(href, title)| view! { <li><a href=href.clone()>{title.clone()}</a></li> }).collect_view()}
                </ul>
            </nav>
        })}
        {d.tables.into_iter().map(|t| view! { <Figure csv=paths::csv(&d.scope, &d.slug, &t.id) table=t/> }).collect_view()}
    }
}

/// The figures an official reads first, large: what is open now, who took part, and the turnout against the
/// resident register when the town imported one.
#[component]
fn Headline(figures: Vec<(String, i64)>, turnout: Option<(i64, i64)>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    (!figures.is_empty()).then(|| {
        let turnout = turnout.and_then(|(part, whole)| {
            let share = crate::format::percent(lang, part, whole)?;
            Some(view! {
                <div class="headline-figure">
                    <dt>{i18n.t("dashboard-headline-turnout")}</dt>
                    <dd><span class="headline-number">{share}</span>
                        <span class="headline-detail">{i18n.t_args("dashboard-headline-turnout-detail", &[("count", whole.to_string()), ("entries", integer(lang, whole))])}</span></dd>
                </div>
            })
        });
        view! {
            <dl class="headline" aria-label=i18n.t("dashboard-headline")>
                {figures.into_iter().map(|(key, value)| view! {
                    <div class="headline-figure">
                        <dt>{i18n.t_args(&key, &[("count", value.to_string())])}</dt>
                        <dd class="headline-number">{integer(lang, value)}</dd>
                    </div>
                }).collect_view()}
                {turnout}
            </dl>
        }
    })
}

/// A value as the table and the chart write it.
fn value_text(i18n: I18n, table: &Table, column: usize, value: i64) -> String {
    if table.columns.get(column).is_some_and(|c| c.money) {
        money(i18n.lang(), value, &table.currency)
    } else {
        integer(i18n.lang(), value)
    }
}

fn row_label(i18n: I18n, row: &super::Row) -> String {
    match &row.label_key {
        Some(key) if key == "dashboard-official-rule" => i18n.t_args(key, &[("rule", row.key.clone())]),
        Some(key) => i18n.t(key),
        None => row.key.clone(),
    }
}

// Each row is its label above its bar and value, in a 300-unit-wide chart: shown at least 277 px wide (a 320 px
// phone), its 13-unit text is never under 12 px, and the chart is never wider than 26rem on a desktop.
const CHART_WIDTH: i64 = 300;
const BAR_WIDTH: i64 = 200;
const ROW_HEIGHT: i64 = 44;

/// One figure: its chart (when it has one), its table and its CSV link.
#[component]
fn Figure(table: Table, csv: String) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.t(&table.title_key);
    let id = format!("figure-{}", table.id);
    let chart_title = format!("{id}-titre");
    let labelled_by = id.clone();
    let chart = table.chart_column.filter(|_| !table.rows.is_empty()).map(|column| {
        let values: Vec<i64> = table.rows.iter().map(|r| r.values.get(column).copied().unwrap_or(0)).collect();
        let lengths = bar_lengths(&values, BAR_WIDTH);
        let height = ROW_HEIGHT * table.rows.len() as i64 + 8;
        let bars = table
            .rows
            .iter()
            .zip(values.iter().zip(lengths))
            .enumerate()
            .map(|(i, (row, (value, length)))| {
                let y = 4 + ROW_HEIGHT * i as i64;
                let mut label = row_label(i18n, row);
                if label.chars().count() > 32 {
                    label = format!("{}…", label.chars().take(31).collect::<String>());
                }
                view! {
                    <text x="0" y=y + 14>{label}</text>
                    <rect x="0" y=y + 20 width=length height="16"></rect>
                    <text x=length + 6 y=y + 33>{value_text(i18n, &table, column, *value)}</text>
                }
            })
            .collect_view();
        let title_id = chart_title.clone();
        view! {
            <svg class="chart" viewBox=format!("0 0 {CHART_WIDTH} {height}") role="img" aria-labelledby=chart_title>
                <title id=title_id>{i18n.t_args("dashboard-chart-of", &[("title", title.clone())])}</title>
                {bars}
            </svg>
        }
    });
    view! {
        <section class="figure" aria-labelledby=labelled_by>
            <h2 id=id>{title.clone()}</h2>
            {if table.rows.is_empty() {
                view! { <p>{i18n.t("dashboard-empty")}</p> }.into_any()
            } else {
                view! {
                    <div class="figure-body">
                        {chart}
                        <DataTable table=table.clone()/>
                    </div>
                }.into_any()
            }}
            <p><a href=csv rel="external" download="">{i18n.t_args("dashboard-csv", &[("title", title)])}</a></p>
        </section>
    }
}

/// A figure's data table (its caption is its title); focusable, since a wide table scrolls sideways on a phone
/// and keyboards must reach it.
#[component]
pub fn DataTable(table: Table) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.t(&table.title_key);
    let name = i18n.t_args("dashboard-table-of", &[("title", title.clone())]);
    view! {
        <div class="table-wrap" tabindex="0" role="group" aria-label=name>
            <table>
                <caption>{title}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(&table.key_label)}</th>
                        {table.columns.iter().map(|c| view! { <th scope="col" class="number">{i18n.t(&c.label_key)}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {table.rows.iter().map(|r| view! {
                        <tr>
                            <th scope="row">{row_label(i18n, r)}</th>
                            {r.values.iter().enumerate().map(|(c, v)| view! {
                                <td class="number">{value_text(i18n, &table, c, *v)}</td>
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
