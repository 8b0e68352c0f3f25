//! Staff forms: a new consultation and the edit form (the same fields; voting rules are locked once open).

use super::super::paths::*;
use super::super::rules::ConsultationForm;
use super::super::*;
use super::load_consultation;
use crate::access::Action;
use crate::ctx::use_ctx;
use crate::eligibility::pages::VoteRuleFields;
use crate::i18n::use_i18n;
use crate::ui::gate::{gate, NotFound};
use crate::ui::{CsrfField, Field, FormMessages, SelectField, TextAreaField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/consultations/nouvelle`.
#[component]
pub fn NewConsultationPage() -> impl IntoView {
    if let Some(gate) = gate(NEW.into(), Action::ManageConsultations) {
        return gate;
    }
    let i18n = use_i18n();
    let blank = ConsultationForm { use_retention: "P30D".into(), ..Default::default() };
    view! {
        <Title text=i18n.t("consultation-new-title")/>
        <h1>{i18n.t("consultation-new-title")}</h1>
        <ConsultationFormView path=NEW.to_string() form=blank districts=vec![] locked=false/>
    }
    .into_any()
}

/// `/consultations/:slug/modifier`.
#[component]
pub fn EditConsultationPage() -> impl IntoView {
    let params = use_params_map();
    let slug = params.with_untracked(|p| p.get("slug").unwrap_or_default());
    if let Some(gate) = gate(edit(&slug), Action::ManageConsultations) {
        return gate;
    }
    let i18n = use_i18n();
    let data =
        Resource::new(move || slug.clone(), |s| load_consultation(s, String::new(), String::new(), String::new()));
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(d)) => {
                        let c = d.consultation;
                        let form = ConsultationForm {
                            title: c.title.clone(),
                            question: c.question.clone(),
                            body: c.body.clone(),
                            domain: c.domain.code().into(),
                            use_purpose: c.use_purpose.clone(),
                            use_benefits: c.use_benefits.clone(),
                            use_data: c.use_data.clone(),
                            use_retention: c.use_retention.clone(),
                            planned_sensors: c.planned_sensors.clone(),
                            sensors: c.sensors.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>().join(", "),
                            opens_on: c.opens_on.clone().unwrap_or_default(),
                            closes_on: c.closes_on.clone().unwrap_or_default(),
                            districts_only: if c.districts_only { "1".into() } else { String::new() },
                            results_hidden: if c.results_hidden { "1".into() } else { String::new() },
                            documents: c.documents.iter().map(|d| format!("{} | {}", d.title, d.url)).collect::<Vec<_>>().join("\n"),
                            voters: c.rule.voters.code().into(),
                            min_age: c.rule.min_age.map(|a| a.to_string()).unwrap_or_default(),
                        };
                        let districts = c.districts.iter().map(|(id, _)| *id).collect();
                        view! {
                            <Title text=format!("{} — {}", i18n.t("consultation-edit-title"), c.title)/>
                            <p class="breadcrumb"><a href=page(&c.slug)>{c.title.clone()}</a></p>
                            <h1>{i18n.t("consultation-edit-title")}</h1>
                            <ConsultationFormView path=edit(&c.slug) form=form districts=districts locked=c.status != Phase::Draft/>
                        }.into_any()
                    }
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// The fields of a consultation; `locked` once it has opened (voting rules stay as announced).
#[component]
fn ConsultationFormView(path: String, form: ConsultationForm, districts: Vec<i64>, locked: bool) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_ctx();
    let flash = ctx.flash_for(&path).cloned();
    // After a failed post the flash holds what was sent (checkboxes only when ticked).
    let checked = |name: &str, initial: bool| match &flash {
        Some(f) => f.values.iter().any(|(k, v)| k == name && v == "1"),
        None => initial,
    };
    let chosen: Vec<String> = match &flash {
        Some(f) => f.values.iter().filter(|(k, _)| k == "districts").map(|(_, v)| v.clone()).collect(),
        None => districts.iter().map(|d| d.to_string()).collect(),
    };
    let domains: Vec<(String, String)> = std::iter::once((String::new(), i18n.t("choose")))
        .chain(Domain::ALL.iter().map(|d| (d.code().to_string(), i18n.t(&d.label_key()))))
        .collect();
    let districts_only = checked("districts_only", form.districts_only == "1");
    let results_hidden = checked("results_hidden", form.results_hidden == "1");
    let p = path.clone();
    view! {
        <FormMessages path=path.clone()/>
        <form method="post" action=path.clone() class="form">
            <CsrfField/>
            <fieldset>
                <legend>{i18n.t("consultation-form-question")}</legend>
                <Field path=p.clone() name="title" label="field-consultation-title" required=true value=form.title/>
                <Field path=p.clone() name="question" label="field-consultation-question" hint="hint-consultation-question" required=true value=form.question/>
                <TextAreaField path=p.clone() name="body" label="field-consultation-body" hint="hint-markdown" rows=8 value=form.body/>
                <SelectField path=p.clone() name="domain" label="field-sensor-domain" options=domains selected=form.domain/>
            </fieldset>
            <fieldset>
                <legend>{i18n.t("consultation-form-use")}</legend>
                <TextAreaField path=p.clone() name="use_purpose" label="field-use-purpose" required=true value=form.use_purpose/>
                <TextAreaField path=p.clone() name="use_benefits" label="field-use-benefits" required=true value=form.use_benefits/>
                <TextAreaField path=p.clone() name="use_data" label="field-use-data" required=true value=form.use_data/>
                <Field path=p.clone() name="use_retention" label="field-use-retention" hint="hint-retention" required=true value=form.use_retention/>
                <Field path=p.clone() name="sensors" label="field-consultation-sensors" hint="hint-consultation-sensors" value=form.sensors/>
                <TextAreaField path=p.clone() name="planned_sensors" label="field-planned-sensors" value=form.planned_sensors/>
                <TextAreaField path=p.clone() name="documents" label="field-consultation-documents" hint="hint-consultation-documents" value=form.documents/>
            </fieldset>
            <fieldset>
                <legend>{i18n.t("consultation-form-vote")}</legend>
                <Field path=p.clone() name="opens_on" label="field-opens-on" kind="date" value=form.opens_on/>
                <Field path=p.clone() name="closes_on" label="field-closes-on" kind="date" value=form.closes_on/>
                {locked.then(|| view! { <p class="hint">{i18n.t("consultation-rules-locked")}</p> })}
                <VoteRuleFields path=p.clone() voters=form.voters.clone() min_age=form.min_age.clone() locked=locked/>
                <fieldset id="champ-districts">
                    <legend>{i18n.t("field-consultation-districts")}</legend>
                    {ctx.districts.iter().map(|d| {
                        let id = format!("champ-district-{}", d.id);
                        let is = chosen.contains(&d.id.to_string());
                        view! {
                            <div class="field checkbox">
                                <input type="checkbox" id=id.clone() name="districts" value=d.id.to_string() checked=is disabled=locked/>
                                <label for=id>{d.name.clone()}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field checkbox">
                    <input type="checkbox" id="champ-districts_only" name="districts_only" value="1" checked=districts_only disabled=locked/>
                    <label for="champ-districts_only">{i18n.t("field-districts-only")}</label>
                </div>
                <div class="field checkbox">
                    <input type="checkbox" id="champ-results_hidden" name="results_hidden" value="1" checked=results_hidden disabled=locked/>
                    <label for="champ-results_hidden">{i18n.t("field-results-hidden")}</label>
                </div>
            </fieldset>
            <button type="submit" class="button">{i18n.t("save")}</button>
        </form>
    }
}
