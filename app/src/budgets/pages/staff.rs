//! Staff screens: a new budget (envelopes, ballot and counting rules, dates) and the public review of a project.

use super::super::form::RULES;
use super::super::{paths, BallotKind, ProjectStatus, ReviewView};
use super::rule_label;
use crate::access::Action;
use crate::format::money;
use crate::i18n::use_i18n;
use crate::ui::gate::{gate, NotFound};
use crate::ui::{CsrfField, Field, FormMessages, SelectField, TextAreaField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// A project's review page data, for staff.
#[server(endpoint = "budgets/examen")]
pub async fn load_review(id: i64) -> Result<Option<ReviewView>, ServerFnError> {
    let ctx = crate::ctx::load();
    super::staff_only(super::super::voting::review_view(&super::state()?, ctx.user.as_ref(), id).await)
}

/// `/budgets/nouveau`.
#[component]
pub fn NewBudgetPage() -> impl IntoView {
    if let Some(gate) = gate(paths::NEW.into(), Action::ManageBudgets) {
        return gate;
    }
    let i18n = use_i18n();
    let p = paths::NEW;
    let kinds: Vec<(String, String)> =
        BallotKind::ALL.iter().map(|k| (k.code().to_string(), i18n.t(&k.label_key()))).collect();
    let rules: Vec<(String, String)> = RULES.iter().map(|r| (r.to_string(), rule_label(i18n, r))).collect();
    view! {
        <Title text=i18n.t("budget-new-title")/>
        <p class="breadcrumb"><a href=paths::LIST>{i18n.t("nav-budgets")}</a></p>
        <h1>{i18n.t("budget-new-title")}</h1>
        <FormMessages path=p/>
        <form method="post" action=p class="form">
            <CsrfField/>
            <fieldset>
                <legend>{i18n.t("budget-form-presentation")}</legend>
                <Field path=p name="title" label="field-budget-title" required=true/>
                <TextAreaField path=p name="body" label="field-budget-body" hint="hint-markdown" rows=6/>
            </fieldset>
            <fieldset>
                <legend>{i18n.t("budget-form-envelopes")}</legend>
                <Field path=p name="amount" label="field-budget-amount" hint="hint-budget-amount"/>
                <TextAreaField path=p name="districts" label="field-budget-districts" hint="hint-budget-districts" rows=4/>
            </fieldset>
            <fieldset>
                <legend>{i18n.t("budget-form-ballot")}</legend>
                <SelectField path=p name="ballot_kind" label="field-ballot-kind" options=kinds selected="approval"/>
                <Field path=p name="min_choices" label="field-min-choices" kind="number" hint="hint-min-choices"/>
                <Field path=p name="max_choices" label="field-max-choices" kind="number" hint="hint-max-choices"/>
                <Field path=p name="min_spend_pct" label="field-min-spend" kind="number" hint="hint-min-spend"/>
                <Field path=p name="max_points" label="field-max-points" kind="number" hint="hint-max-points"/>
                <Field path=p name="max_points_each" label="field-max-points-each" kind="number"/>
            </fieldset>
            <fieldset>
                <legend>{i18n.t("budget-form-count")}</legend>
                <SelectField path=p name="rule" label="field-budget-rule" options=rules selected="equalshares/add1"/>
                <Field path=p name="min_score" label="field-min-score" kind="number" hint="hint-min-score"/>
            </fieldset>
            <fieldset>
                <legend>{i18n.t("field-voters")}</legend>
                <crate::eligibility::pages::VoteRuleFields path=p voters="confirmed".to_string() min_age=String::new() locked=false/>
            </fieldset>
            <fieldset>
                <legend>{i18n.t("budget-form-dates")}</legend>
                <Field path=p name="proposals_until" label="field-proposals-until" kind="date"/>
                <Field path=p name="voting_from" label="field-voting-from" kind="date"/>
                <Field path=p name="voting_until" label="field-voting-until" kind="date"/>
            </fieldset>
            <button type="submit" class="button">{i18n.t("budget-create")}</button>
        </form>
    }
    .into_any()
}

/// `/budgets/projets/:id/examen`.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    if let Some(gate) = gate(paths::review(id), Action::ManageBudgets) {
        return gate;
    }
    let i18n = use_i18n();
    let data = Resource::new(move || id, load_review);
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(r)) => view! { <Review r=r/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Review(r: ReviewView) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let path = paths::review(r.id);
    let statuses: Vec<(String, String)> = std::iter::once((String::new(), i18n.t("choose")))
        .chain(
            [ProjectStatus::Feasible, ProjectStatus::Unfeasible, ProjectStatus::Merged, ProjectStatus::Withdrawn]
                .iter()
                .map(|s| (s.code().to_string(), i18n.t(&s.label_key()))),
        )
        .collect();
    let siblings: Vec<(String, String)> = std::iter::once((String::new(), i18n.t("review-merge-none")))
        .chain(r.siblings.iter().map(|(id, reference, title)| (id.to_string(), format!("{reference} — {title}"))))
        .collect();
    let current = if r.status == ProjectStatus::Submitted { String::new() } else { r.status.code().to_string() };
    let revised = r.revised_cost.map(|c| format!("{:.2}", c as f64 / 100.0)).unwrap_or_default();
    let form = r.editable.then(|| {
        let p = path.clone();
        view! {
            <form method="post" action=path.clone() class="form">
                <CsrfField/>
                <SelectField path=p.clone() name="status" label="field-review-status" options=statuses selected=current/>
                <TextAreaField path=p.clone() name="note" label="field-review-note" hint="hint-review-note" rows=4 value=r.note.clone()/>
                <Field path=p.clone() name="revised_cost" label="field-revised-cost" hint="hint-revised-cost" value=revised/>
                <SelectField path=p.clone() name="merged_into" label="field-merged-into" options=siblings/>
                <button type="submit" class="button">{i18n.t("review-save")}</button>
            </form>
        }
    });
    view! {
        <Title text=format!("{} — {}", i18n.t("review-title"), r.title)/>
        <p class="breadcrumb"><a href=paths::page(&r.slug)>{r.budget_title.clone()}</a></p>
        <h1>{i18n.t("review-title")}" : "{r.title.clone()}</h1>
        <FormMessages path=path.clone()/>
        <dl class="record">
            <div><dt>{i18n.t("budget-col-project")}</dt><dd>{r.reference.clone()}</dd></div>
            <div><dt>{i18n.t("field-project-category")}</dt><dd>{r.category.clone()}</dd></div>
            <div><dt>{i18n.t("field-project-cost")}</dt><dd>{money(lang, r.cost, &r.currency)}</dd></div>
            <div><dt>{i18n.t("budget-col-review")}</dt><dd>{i18n.t(&r.status.label_key())}</dd></div>
        </dl>
        <div class="prose"><p>{r.body.clone()}</p></div>
        {(r.images > 0).then(|| view! {
            <ul class="project-photos">
                {(1..=r.images).map(|n| view! {
                    <li><img class="project-photo" src=paths::image(r.id, n) loading="lazy"
                        alt=i18n.t_args("project-photo-alt", &[("title", r.title.clone())])/></li>
                }).collect_view()}
            </ul>
        })}
        {(!r.editable).then(|| view! { <p class="notice">{i18n.t("error-budget-locked")}</p> })}
        {form}
    }
}
