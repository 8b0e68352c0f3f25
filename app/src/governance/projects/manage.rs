//! The staff screens of project follow-up: starting a project (on an adopted decision, or as a part of another)
//! and the follow-up page where staff record updates, milestones, photos and documents, and delivered sensors.
//! Every form posts to its own address and comes back here (no JavaScript needed); field names differ across the
//! page's forms so each error points at its own field.

use super::paths::{self, NEW};
use super::{LinkKind, NewProjectContext, ProjectStatus, ProjectView};
use crate::access::Action;
use crate::i18n::use_i18n;
use crate::ui::gate::{gate, NotFound};
use crate::ui::{CsrfField, Field, FormMessages, SelectField, TextAreaField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// What the new-project form needs; `None` when there is no such subject or the reader is not staff.
#[server(endpoint = "projets/formulaire")]
pub async fn load_new_project(kind: String, id: i64) -> Result<Option<NewProjectContext>, ServerFnError> {
    let ctx = crate::ctx::load();
    crate::ui::hidden_as_none(
        "projects",
        super::service::new_context(&crate::ui::app_state()?, ctx.user.as_ref(), &kind, id).await.map(Some),
    )
}

/// `/projets/nouveau?decision=ID` (or `?parent=ID`): staff start a project.
#[component]
pub fn NewProjectPage() -> impl IntoView {
    let (kind, id) = use_query_map().with_untracked(|q| {
        ["decision", "parent"]
            .into_iter()
            .find_map(|k| q.get(k).and_then(|v| v.parse::<i64>().ok()).map(|id| (k.to_string(), id)))
            .unwrap_or(("decision".to_string(), 0))
    });
    let here = format!("{NEW}?{kind}={id}");
    if let Some(gate) = gate(here, Action::ManageProjects) {
        return gate;
    }
    let i18n = use_i18n();
    let data = Resource::new(move || (kind.clone(), id), |(k, id)| load_new_project(k, id));
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(c)) => view! { <NewProjectForm c=c/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn NewProjectForm(c: NewProjectContext) -> impl IntoView {
    let i18n = use_i18n();
    let (title_key, back) = if c.kind == "parent" {
        ("project-new-part-title", paths::page(c.id))
    } else {
        ("project-follow-new-title", crate::governance::paths::page(c.id))
    };
    let title = i18n.t_args(title_key, &[("title", c.title.clone())]);
    let body = match (c.existing, c.refused.clone()) {
        (Some(id), _) => view! {
            <p class="notice" role="status">
                {i18n.t("error-project-exists")} " " <a href=paths::page(id)>{i18n.t("project-read")}</a>
            </p>
        }
        .into_any(),
        (None, Some(key)) => view! { <p class="notice" role="status">{i18n.t(&key)}</p> }.into_any(),
        (None, None) => view! {
            <form method="post" action=NEW class="form">
                <CsrfField/>
                <input type="hidden" name="kind" value=c.kind.clone()/>
                <input type="hidden" name="id" value=c.id.to_string()/>
                <Field path=NEW name="title" label="field-project-title" required=true value=if c.kind == "decision" { c.title.clone() } else { String::new() }/>
                <TextAreaField path=NEW name="summary" label="field-project-summary" hint="hint-project-summary" required=true rows=5/>
                <Field path=NEW name="voted" label="field-project-voted" hint="hint-project-amount"/>
                <button type="submit" class="button">{i18n.t("project-start-submit")}</button>
            </form>
        }
        .into_any(),
    };
    view! {
        <Title text=title.clone()/>
        <p class="breadcrumb"><a href=back>{c.title.clone()}</a></p>
        <h1>{title}</h1>
        <FormMessages path=NEW/>
        {body}
    }
}

/// The project for its staff page; `None` when there is no such project.
#[server(endpoint = "projets/suivi")]
pub async fn load_managed_project(id: i64) -> Result<Option<ProjectView>, ServerFnError> {
    let ctx = crate::ctx::load();
    if !crate::access::can(ctx.user.as_ref(), Action::ManageProjects, crate::access::Resource::Site) {
        return Ok(None);
    }
    super::service::get(&crate::ui::app_state()?, id).await.map_err(|e| crate::ui::internal_error("projects", e))
}

/// `/projets/:id/suivi`: staff record what happened to a project.
#[component]
pub fn ManageProjectPage() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    if let Some(gate) = gate(paths::manage(id), Action::ManageProjects) {
        return gate;
    }
    let i18n = use_i18n();
    let data = Resource::new(move || id, load_managed_project);
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(p)) => view! { <Manage p=p/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// Cents as a form shows them back: "12000" or "12000,50".
fn amount_text(cents: i64) -> String {
    match cents % 100 {
        0 => (cents / 100).to_string(),
        r => format!("{},{r:02}", cents / 100),
    }
}

#[component]
fn Manage(p: ProjectView) -> impl IntoView {
    let i18n = use_i18n();
    let here = paths::manage(p.id);
    let title = i18n.t_args("project-manage-title", &[("title", p.title.clone())]);
    let has_parts = !p.children.is_empty();
    let statuses: Vec<(String, String)> =
        ProjectStatus::ALL.iter().map(|s| (s.code().to_string(), i18n.t(&s.label_key()))).collect();
    let kinds: Vec<(String, String)> =
        LinkKind::ALL.iter().map(|k| (k.code().to_string(), i18n.t(&k.label_key()))).collect();
    let open: Vec<(String, String)> = p
        .milestones
        .iter()
        .filter(|m| m.done_on.is_none())
        .map(|m| (m.id.to_string(), format!("{} ({})", m.title, crate::format::date_words(&m.due_on, i18n))))
        .collect();
    let figures = (!has_parts).then(|| {
        let h = here.clone();
        view! {
            <SelectField path=h.clone() name="status" label="field-project-status" options=statuses selected=p.figures.status.code()/>
            <TextAreaField path=h.clone() name="reason" label="field-project-reason" hint="hint-project-reason" value=p.abandon_reason.clone()/>
            <Field path=h.clone() name="progress" label="field-project-progress" kind="number" value=p.figures.progress.to_string()/>
            <Field path=h name="spent" label="field-project-spent" hint="hint-project-amount" value=amount_text(p.figures.spent)/>
        }
    });
    view! {
        <Title text=title.clone()/>
        <p class="breadcrumb"><a href=paths::page(p.id)>{p.title.clone()}</a></p>
        <h1>{title}</h1>
        <FormMessages path=here.clone()/>
        <section aria-labelledby="maj">
            <h2 id="maj">{i18n.t("project-update-title")}</h2>
            {has_parts.then(|| view! { <p class="hint">{i18n.t("project-update-parts")}</p> })}
            <form method="post" action=paths::update(p.id) class="form">
                <CsrfField/>
                <Field path=here.clone() name="happened_on" label="field-project-date" kind="date" required=true/>
                {figures}
                <TextAreaField path=here.clone() name="note" label="field-project-note" hint="hint-project-note" rows=4/>
                <button type="submit" class="button">{i18n.t("project-update-submit")}</button>
            </form>
        </section>
        <section aria-labelledby="nouvelle-etape">
            <h2 id="nouvelle-etape">{i18n.t("project-milestone-new")}</h2>
            <form method="post" action=paths::milestone(p.id) class="form">
                <CsrfField/>
                <Field path=here.clone() name="milestone_title" label="field-project-milestone-title" required=true/>
                <Field path=here.clone() name="milestone_due" label="field-project-milestone-due" kind="date" required=true/>
                <button type="submit" class="button secondary">{i18n.t("project-milestone-submit")}</button>
            </form>
        </section>
        {(!open.is_empty()).then(|| view! {
            <section aria-labelledby="etape-atteinte">
                <h2 id="etape-atteinte">{i18n.t("project-milestone-done-title")}</h2>
                <form method="post" action=paths::milestone_done(p.id) class="form">
                    <CsrfField/>
                    <SelectField path=here.clone() name="milestone" label="field-project-milestone" options=open/>
                    <Field path=here.clone() name="done_on" label="field-project-done-on" kind="date" required=true/>
                    <button type="submit" class="button secondary">{i18n.t("project-milestone-done-submit")}</button>
                </form>
            </section>
        })}
        <section aria-labelledby="nouveau-lien">
            <h2 id="nouveau-lien">{i18n.t("project-link-new")}</h2>
            <form method="post" action=paths::link(p.id) class="form">
                <CsrfField/>
                <SelectField path=here.clone() name="link_kind" label="field-project-link-kind" options=kinds/>
                <Field path=here.clone() name="link_title" label="field-project-link-title" required=true/>
                <Field path=here.clone() name="link_url" label="field-project-link-url" kind="url" hint="hint-project-link-url" required=true/>
                <button type="submit" class="button secondary">{i18n.t("project-link-submit")}</button>
            </form>
        </section>
        <section aria-labelledby="nouveau-capteur">
            <h2 id="nouveau-capteur">{i18n.t("project-sensor-new")}</h2>
            <form method="post" action=paths::sensor(p.id) class="form">
                <CsrfField/>
                <Field path=here.clone() name="sensor_reference" label="field-project-sensor" hint="hint-project-sensor" required=true/>
                <button type="submit" class="button secondary">{i18n.t("project-sensor-submit")}</button>
            </form>
        </section>
        <p><a href=paths::new_child(p.id)>{i18n.t("project-new-part")}</a></p>
    }
}
