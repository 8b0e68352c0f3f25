//! `/consultations/propositions`: residents propose a use case for consultation; everyone reads the reviewed
//! proposals and their public reasons; staff review the pending ones.

use super::super::paths::*;
use super::super::*;
use crate::ctx::use_ctx;
use crate::format::long_date;
use crate::i18n::use_i18n;
use crate::moderation::pages::hidden_text;
use crate::ui::{district_options, CsrfField, Field, FormMessages, SelectField, TextAreaField};
use leptos::prelude::*;
use leptos_meta::Title;

/// What the proposals page shows the reader: (proposals, whether the reader reviews them).
#[server(endpoint = "consultations/propositions")]
pub async fn load_proposals() -> Result<(Vec<Proposal>, bool), ServerFnError> {
    let state = super::state()?;
    let ctx = crate::ctx::load();
    let page = super::super::proposals::list(&state, ctx.user.as_ref()).await.map_err(super::internal)?;
    Ok((page.proposals, page.staff))
}

/// `/consultations/propositions`.
#[component]
pub fn ProposalsPage() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_ctx();
    let data = Resource::new(|| (), |_| load_proposals());
    let domains: Vec<(String, String)> = std::iter::once((String::new(), i18n.t("choose")))
        .chain(Domain::ALL.iter().map(|d| (d.code().to_string(), i18n.t(&d.label_key()))))
        .collect();
    let form = match &ctx.user {
        Some(_) => view! {
            <section aria-labelledby="proposer">
                <h2 id="proposer">{i18n.t("proposal-form-title")}</h2>
                <p>{i18n.t("proposal-form-intro")}</p>
                <form method="post" action=PROPOSALS class="form">
                    <CsrfField/>
                    <Field path=PROPOSALS name="title" label="field-proposal-title" required=true/>
                    <TextAreaField path=PROPOSALS name="body" label="field-proposal-body" hint="hint-markdown-comment" required=true rows=6/>
                    <SelectField path=PROPOSALS name="domain" label="field-sensor-domain" options=domains/>
                    <SelectField path=PROPOSALS name="district_id" label="field-proposal-district" options=district_options(i18n.t("consultation-whole-town"))/>
                    <button type="submit" class="button">{i18n.t("proposal-submit")}</button>
                </form>
            </section>
        }
        .into_any(),
        None => {
            let login = format!("{}?suite={PROPOSALS}", crate::accounts::paths::LOGIN);
            view! { <p><a href=login>{i18n.t("proposal-sign-in")}</a></p> }.into_any()
        }
    };
    view! {
        <Title text=format!("{} — {}", i18n.t("proposals-title"), ctx.town_name)/>
        <p class="breadcrumb"><a href=LIST>{i18n.t("nav-consultations")}</a></p>
        <h1>{i18n.t("proposals-title")}</h1>
        <FormMessages path=PROPOSALS/>
        {form}
        <section aria-labelledby="propositions">
            <h2 id="propositions">{i18n.t("proposals-list-title")}</h2>
            <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok((list, _)) if list.is_empty() => view! { <p>{i18n.t("proposals-none")}</p> }.into_any(),
                        Ok((list, staff)) => list.into_iter().map(|p| view! { <ProposalView p=p staff=staff/> }).collect_view().into_any(),
                        Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ProposalView(p: Proposal, staff: bool) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let me = use_ctx().user.map(|u| u.id);
    let anchor = format!("proposition-{}", p.id);
    let heading = format!("titre-{anchor}");
    let pending = p.status == ProposalStatus::Pending;
    let review = (staff && pending && p.hidden_reason.is_none()).then(|| {
        let decision_id = format!("champ-decision-{}", p.id);
        let reason_id = format!("champ-reason-{}", p.id);
        view! {
            <form method="post" action=format!("{PROPOSALS}/{}/examen", p.id) class="inline-form">
                <CsrfField/>
                <label for=decision_id.clone()>{i18n.t("field-proposal-decision")}</label>
                <select id=decision_id name="decision">
                    <option value="accept">{i18n.t("proposal-accept")}</option>
                    <option value="decline">{i18n.t("proposal-decline")}</option>
                </select>
                <label for=reason_id.clone()>{i18n.t("field-proposal-reason")}</label>
                <input id=reason_id type="text" name="reason" maxlength="500"/>
                <button type="submit" class="button secondary">{i18n.t("proposal-review-submit")}</button>
            </form>
        }
    });
    let report = (me.is_some() && p.author_id != me && p.hidden_reason.is_none()).then(|| {
        view! { <p><a href=format!("{}?type=proposal&id={}", crate::moderation::paths::REPORT, p.id)>{i18n.t("comment-report")}</a></p> }
    });
    let labelled = heading.clone();
    view! {
        <article class="card" id=anchor aria-labelledby=labelled>
            {match &p.hidden_reason {
                Some(reason) => view! {
                    <h3 id=heading>{i18n.t("target-kind-proposal")} " #" {p.id}</h3>
                    <p class="placeholder">{hidden_text(i18n, reason)}</p>
                }.into_any(),
                None => view! {
                    <h3 id=heading>{p.title.clone()}</h3>
                    <p class="meta">
                        {p.author.clone().unwrap_or_else(|| i18n.t("deleted-account"))} " · " {long_date(lang, p.created_at)}
                        " · " {i18n.t(&p.domain.label_key())}
                        {p.district.clone().map(|d| view! { " · " {d} })}
                    </p>
                    <div class="prose" inner_html=p.body_html.clone()></div>
                }.into_any(),
            }}
            <p>
                <strong>{i18n.t(&p.status.label_key())}</strong>
                {p.reason.clone().filter(|r| !r.is_empty()).map(|r| view! { " — " {r} })}
                {p.consultation_slug.clone().map(|s| view! { " — " <a href=page(&s)>{i18n.t("proposal-see-consultation")}</a> })}
            </p>
            {report}
            {review}
        </article>
    }
}
