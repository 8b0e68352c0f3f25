//! The staff screens of the registry: new sensor, edit, import. Reserved to those who may manage sensors.

use super::{field_label, load_sensor, reference_param};
use crate::access::Action;
use crate::ctx::use_ctx;
use crate::i18n::use_i18n;
use crate::sensors::rules::{self, to_form, DatastreamForm, SensorForm};
use crate::sensors::*;
use crate::ui::gate::NotFound;
use crate::ui::options;
use crate::ui::{district_options, CsrfField, Field, FormMessages, SelectField, TextAreaField};
use leptos::prelude::*;
use leptos_meta::Title;
use paths::*;

/// Staff only (the registry's keepers): the page, or why not — a sign-in redirect or a 403 page.
pub(crate) fn staff_gate(path: String) -> Option<AnyView> {
    crate::ui::gate::gate(path, Action::ManageSensors)
}

/// `/capteurs/nouveau`.
#[component]
pub fn NewSensorPage() -> impl IntoView {
    if let Some(gate) = staff_gate(NEW.into()) {
        return gate;
    }
    let i18n = use_i18n();
    let blank = SensorForm {
        status: Status::Planned.code().into(),
        operator_kind: OperatorKind::City.code().into(),
        hosting: Hosting::OnPremises.code().into(),
        personal_data: PersonalData::None.code().into(),
        controller: use_ctx().town_name,
        ..Default::default()
    };
    view! {
        <Title text=i18n.t("sensor-new-title")/>
        <h1>{i18n.t("sensor-new-title")}</h1>
        <SensorFormView path=NEW.to_string() form=blank editing=false/>
    }
    .into_any()
}

/// `/capteurs/:reference/modifier`.
#[component]
pub fn EditSensorPage() -> impl IntoView {
    let i18n = use_i18n();
    let reference = reference_param();
    if let Some(gate) = staff_gate(edit(&reference.get_untracked())) {
        return gate;
    }
    let detail = Resource::new(move || reference.get(), load_sensor);
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(Some(d)) => {
                        let path = edit(&d.sensor.reference);
                        let title = i18n.t_args("sensor-edit-title", &[("reference", d.sensor.reference.clone())]);
                        let back = sensor(&d.sensor.reference);
                        let name = d.sensor.name.clone();
                        let form = to_form(&d.sensor);
                        view! {
                            <Title text=title.clone()/>
                            <p class="breadcrumb"><a href=back>{name}</a></p>
                            <h1>{title}</h1>
                            <SensorFormView path=path form=form editing=true/>
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

/// The sensor form (create and edit).
#[component]
fn SensorFormView(path: String, form: SensorForm, editing: bool) -> impl IntoView {
    let i18n = use_i18n();
    let f = form;
    let p = path.clone();
    // After a failed post, as many datastream rows as were sent; always two blank ones to add more.
    let flash_rows = use_ctx()
        .flash_for(&path)
        .map(|fl| fl.values.iter().filter(|(k, _)| k.starts_with("ds_") && k.ends_with("_name")).count())
        .unwrap_or_default();
    let rows = f.datastreams.len().max(flash_rows.saturating_sub(2)) + 2;
    let mut streams = f.datastreams.clone();
    streams.resize(rows.min(rules::MAX_DATASTREAMS), DatastreamForm::default());
    let sel = |all: Vec<(String, String)>| all;
    view! {
        <FormMessages path=path.clone()/>
        <p>{i18n.t("form-required-explained")}</p>
        <form method="post" action=path.clone() class="form sensor-form">
            <CsrfField/>
            <fieldset>
                <legend>{i18n.t("sensor-form-identity")}</legend>
                {if editing {
                    view! { <p><strong>{i18n.t("field-sensor-reference")}</strong> " : " <code>{f.reference.clone()}</code> " — " {i18n.t("sensor-reference-fixed")}</p> }.into_any()
                } else {
                    view! { <Field path=p.clone() name="reference" label="field-sensor-reference" hint="hint-sensor-reference" required=true value=f.reference.clone()/> }.into_any()
                }}
                <Field path=p.clone() name="name" label="field-sensor-name" required=true value=f.name.clone()/>
                <SelectField path=p.clone() name="technology" label="field-sensor-technology" options=sel(options(i18n, Technology::ALL, Technology::code, Technology::label_key, Some("choose"))) selected=f.technology.clone()/>
                <SelectField path=p.clone() name="domain" label="field-sensor-domain" options=options(i18n, Domain::ALL, Domain::code, Domain::label_key, Some("choose")) selected=f.domain.clone()/>
                <SelectField path=p.clone() name="status" label="field-sensor-status" options=options(i18n, Status::ALL, Status::code, Status::label_key, None) selected=f.status.clone()/>
                <Field path=p.clone() name="installed_on" label="field-sensor-installed-on" kind="date" value=f.installed_on.clone()/>
                <Field path=p.clone() name="active_until" label="field-sensor-active-until" kind="date" value=f.active_until.clone()/>
                <SelectField path=p.clone() name="network" label="field-sensor-network" options=options(i18n, Network::ALL, Network::code, Network::label_key, Some("choose")) selected=f.network.clone()/>
            </fieldset>
            <fieldset>
                <legend>{i18n.t("sensor-form-location")}</legend>
                <Field path=p.clone() name="latitude" label="field-sensor-latitude" hint="hint-sensor-point" value=f.latitude.clone()/>
                <Field path=p.clone() name="longitude" label="field-sensor-longitude" value=f.longitude.clone()/>
                <TextAreaField path=p.clone() name="zone" label="field-sensor-zone" hint="hint-sensor-zone" value=f.zone.clone()/>
                <SelectField path=p.clone() name="district_id" label="field-sensor-district" options=district_options(i18n.t("value-none")) selected=f.district_id.clone()/>
            </fieldset>
            <fieldset>
                <legend>{i18n.t("sensor-form-purpose")}</legend>
                <SelectField path=p.clone() name="purpose" label="field-sensor-purpose" options=options(i18n, Purpose::ALL, Purpose::code, Purpose::label_key, Some("choose")) selected=f.purpose.clone()/>
                <TextAreaField path=p.clone() name="purpose_text" label="field-sensor-purpose-text" hint="hint-sensor-purpose-text" required=true value=f.purpose_text.clone()/>
            </fieldset>
            <fieldset>
                <legend>{i18n.t("sensor-form-data")}</legend>
                <SelectField path=p.clone() name="personal_data" label="field-sensor-personal-data" options=options(i18n, PersonalData::ALL, PersonalData::code, PersonalData::label_key, None) selected=f.personal_data.clone()/>
                <TextAreaField path=p.clone() name="anonymisation" label="field-sensor-anonymisation" hint="hint-sensor-anonymisation" value=f.anonymisation.clone()/>
                <SelectField path=p.clone() name="legal_basis" label="field-sensor-legal-basis" options=options(i18n, LegalBasis::ALL, LegalBasis::code, LegalBasis::label_key, Some("value-none")) selected=f.legal_basis.clone()/>
                <Field path=p.clone() name="dpo_contact" label="field-sensor-dpo-contact" value=f.dpo_contact.clone()/>
                <Field path=p.clone() name="dpia_url" label="field-sensor-dpia-url" kind="url" value=f.dpia_url.clone()/>
                <p class="hint">{i18n.t("hint-sensor-approval")}</p>
                <crate::governance::pages::DecisionSelect path=p.clone() selected=f.decision.clone()/>
                <Field path=p.clone() name="legal_reference" label="field-sensor-legal-reference" hint="hint-sensor-legal-reference" value=f.legal_reference.clone()/>
                <TextAreaField path=p.clone() name="recipients" label="field-sensor-recipients" required=true rows=2 value=f.recipients.clone()/>
            </fieldset>
            <fieldset>
                <legend>{i18n.t("sensor-form-responsibility")}</legend>
                <Field path=p.clone() name="controller" label="field-sensor-controller" required=true value=f.controller.clone()/>
                <Field path=p.clone() name="controller_contact" label="field-sensor-controller-contact" required=true value=f.controller_contact.clone()/>
                <SelectField path=p.clone() name="operator_kind" label="field-sensor-operator-kind" options=options(i18n, OperatorKind::ALL, OperatorKind::code, OperatorKind::label_key, None) selected=f.operator_kind.clone()/>
                <Field path=p.clone() name="operator_name" label="field-sensor-operator-name" value=f.operator_name.clone()/>
                <SelectField path=p.clone() name="hosting" label="field-sensor-hosting" options=options(i18n, Hosting::ALL, Hosting::code, Hosting::label_key, None) selected=f.hosting.clone()/>
                <Field path=p.clone() name="hosting_provider" label="field-sensor-hosting-provider" value=f.hosting_provider.clone()/>
            </fieldset>
            <fieldset>
                <legend>{i18n.t("sensor-form-retention")}</legend>
                <RetentionField path=p.clone() name="raw_retention" label="field-sensor-raw-retention" hint="hint-retention" required=true value=f.raw_retention.clone()/>
                <RetentionField path=p.clone() name="aggregate_retention" label="field-sensor-aggregate-retention" hint="hint-aggregate-retention" value=f.aggregate_retention.clone()/>
                <Field path=p.clone() name="open_data_url" label="field-sensor-open-data-url" kind="url" value=f.open_data_url.clone()/>
            </fieldset>
            {streams.into_iter().enumerate().map(|(i, d)| {
                let n = |field: &str| format!("ds_{i}_{field}");
                view! {
                    <fieldset class="datastream">
                        <legend>{i18n.t_args("sensor-form-datastream", &[("n", (i + 1).to_string())])}</legend>
                        <Field path=p.clone() name=n("name") label="field-datastream-name" hint="hint-datastream-name" value=d.name.clone()/>
                        <Field path=p.clone() name=n("observed_property") label="field-datastream-observed-property" value=d.observed_property.clone()/>
                        <Field path=p.clone() name=n("unit") label="field-datastream-unit" hint="hint-datastream-unit" value=d.unit.clone()/>
                        <SelectField path=p.clone() name=n("value_type") label="field-datastream-value-type" options=options(i18n, ValueType::ALL, ValueType::code, ValueType::label_key, None) selected=d.value_type.clone()/>
                        <RetentionField path=p.clone() name=n("raw_retention") label="field-datastream-raw-retention" hint="hint-retention" value=d.raw_retention.clone()/>
                    </fieldset>
                }
            }).collect_view()}
            <button type="submit" class="button">{if editing { i18n.t("sensor-save") } else { i18n.t("sensor-create") }}</button>
        </form>
    }
}

/// A retention period as a number and a unit (days, months, years…) rather than typed ISO 8601.
#[component]
fn RetentionField(
    path: String,
    #[prop(into)] name: String,
    label: &'static str,
    hint: &'static str,
    #[prop(optional)] required: bool,
    value: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let (count, unit) = crate::sensors::duration::to_count(&value);
    let units = crate::sensors::duration::UNITS.iter().map(|(code, key, _)| (code.to_string(), i18n.t(key))).collect();
    view! { <crate::ui::DurationField path=path name=name label=label hint=hint required=required count=count unit=unit units=units/> }
}

/// "Import in progress" once the file is sent (an island: a big file takes a while to go up).
#[island]
fn ImportProgress() -> impl IntoView {
    let i18n = use_i18n();
    let (sending, set_sending) = signal(false);
    #[cfg(feature = "hydrate")]
    {
        let listener = window_event_listener(leptos::ev::submit, move |_| set_sending.set(true));
        on_cleanup(move || listener.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = set_sending;
    view! {
        <div aria-live="polite">
            {move || sending.get().then(|| view! {
                <p class="progress"><progress aria-label=i18n.t("import-progress")></progress> " " {i18n.t("import-progress")}</p>
            })}
        </div>
    }
}

/// `/capteurs/importer`: bulk import from CSV or GeoJSON, all or nothing.
#[component]
pub fn ImportPage() -> impl IntoView {
    if let Some(gate) = staff_gate(IMPORT.into()) {
        return gate;
    }
    let i18n = use_i18n();
    let row_errors = use_ctx().flash_for(IMPORT).map(|f| f.row_errors.clone()).unwrap_or_default();
    view! {
        <Title text=i18n.t("import-title")/>
        <h1>{i18n.t("import-title")}</h1>
        <FormMessages path=IMPORT/>
        {(!row_errors.is_empty()).then(|| view! {
            <div class="table-wrap" tabindex="0">
                <table class="import-errors">
                    <caption>{i18n.t_args("import-errors-caption", &[("count", row_errors.len().to_string())])}</caption>
                    <thead><tr>
                        <th scope="col">{i18n.t("import-row")}</th>
                        <th scope="col">{i18n.t("field-sensor-reference")}</th>
                        <th scope="col">{i18n.t("import-field")}</th>
                        <th scope="col">{i18n.t("import-problem")}</th>
                    </tr></thead>
                    <tbody>
                        {row_errors.into_iter().map(|r| {
                            let field = r.error.field.clone().unwrap_or_default();
                            let field = match field.strip_prefix("ds_").and_then(|rest| rest.split_once('_')) {
                                Some((i, f)) => format!("{} {} — {}", i18n.t("import-datastream"), i.parse::<usize>().map(|n| n + 1).unwrap_or_default(), i18n.t(&format!("field-datastream-{}", f.replace('_', "-")))),
                                None if field.is_empty() => String::new(),
                                None => field_label(i18n, if field == "district_id" { "district" } else { &field }),
                            };
                            view! { <tr><th scope="row">{r.row}</th><td>{r.reference.clone()}</td><td>{field}</td><td>{i18n.t(&r.error.key)}</td></tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
        <p>{i18n.t("import-lead")}</p>
        <ul>
            <li>{i18n.t("import-csv")} " " <a href=paths::CSV>{i18n.t("import-csv-example")}</a></li>
            <li>{i18n.t("import-geojson")}</li>
            <li>{i18n.t("import-all-or-nothing")}</li>
        </ul>
        <form method="post" action=IMPORT enctype="multipart/form-data" class="form">
            <CsrfField/>
            <div class="field">
                <label for="champ-file">{i18n.t("import-file")}</label>
                <input id="champ-file" name="file" type="file" accept=".csv,.geojson,.json,text/csv,application/geo+json" required/>
            </div>
            <button type="submit" class="button">{i18n.t("import-submit")}</button>
            <ImportProgress/>
        </form>
    }
    .into_any()
}
