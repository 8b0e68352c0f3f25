//! Paper ballots, for staff: the batches of a budget, opening a batch, marking residents who voted on paper;
//! one batch's entry (each of two staff members types every paper), its discrepancies resolved from the paper,
//! and counting it.

use super::super::{paths, BatchView, PaperView, Phase};
use super::envelope_name;
use crate::access::Action;
use crate::ctx::use_ctx;
use crate::format::integer;
use crate::i18n::use_i18n;
use crate::ui::gate::{gate, NotFound};
use crate::ui::{CsrfField, Field, FormMessages, SelectField, TextAreaField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The paper ballots page's data.
#[server(endpoint = "budgets/papier")]
pub async fn load_paper(slug: String) -> Result<Option<PaperView>, ServerFnError> {
    let ctx = crate::ctx::load();
    super::staff_only(super::super::paper::paper_view(&super::state()?, ctx.user.as_ref(), &slug).await)
}

/// One batch's data for the signed-in staff member.
#[server(endpoint = "budgets/lot")]
pub async fn load_batch(id: i64) -> Result<Option<BatchView>, ServerFnError> {
    let ctx = crate::ctx::load();
    super::staff_only(super::super::paper::batch_view(&super::state()?, ctx.user.as_ref(), id).await)
}

/// `/budgets/:slug/papier`.
#[component]
pub fn PaperPage() -> impl IntoView {
    let params = use_params_map();
    let slug = params.with_untracked(|p| p.get("slug").unwrap_or_default());
    if let Some(gate) = gate(paths::paper(&slug), Action::ManageBudgets) {
        return gate;
    }
    let i18n = use_i18n();
    let data = Resource::new(move || slug.clone(), load_paper);
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(p)) => view! { <Paper p=p/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Paper(p: PaperView) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let path = paths::paper(&p.slug);
    let voter_path = paths::paper_voter(&p.slug);
    let open = matches!(p.phase, Phase::Voting | Phase::Counting);
    let envelopes: Vec<(String, String)> =
        p.envelopes.iter().map(|(id, name)| (id.to_string(), envelope_name(i18n, name))).collect();
    let rows = p
        .batches
        .iter()
        .map(|b| {
            let state = if b.counted {
                i18n.t("batch-counted")
            } else {
                i18n.t_args(
                    "batch-progress",
                    &[
                        ("first", integer(lang, b.first)),
                        ("second", integer(lang, b.second)),
                        ("size", integer(lang, b.size)),
                    ],
                )
            };
            view! {
                <tr>
                    <th scope="row"><a href=paths::batch(b.id)>{b.label.clone()}</a></th>
                    <td>{envelope_name(i18n, &b.envelope)}</td>
                    <td class="number">{integer(lang, b.size)}</td>
                    <td>{state}</td>
                </tr>
            }
        })
        .collect_view();
    let forms = open.then(|| {
        let (p1, p2) = (path.clone(), path.clone());
        view! {
            <section aria-labelledby="nouveau-lot">
                <h2 id="nouveau-lot">{i18n.t("batch-new")}</h2>
                <p class="hint">{i18n.t("batch-new-hint")}</p>
                <form method="post" action=path.clone() class="form">
                    <CsrfField/>
                    <SelectField path=p1.clone() name="envelope" label="field-batch-envelope" options=envelopes.clone()/>
                    <Field path=p1.clone() name="label" label="field-batch-label" required=true/>
                    <Field path=p2 name="size" label="field-batch-size" kind="number" required=true/>
                    <button type="submit" class="button">{i18n.t("batch-open")}</button>
                </form>
            </section>
            <section aria-labelledby="votants-titre" id="votants">
                <h2 id="votants-titre">{i18n.t("paper-voter-title")}</h2>
                <p class="hint">{i18n.t("paper-voter-hint")}</p>
                <form method="post" action=voter_path.clone() class="form">
                    <CsrfField/>
                    <SelectField path=path.clone() name="voter_envelope" label="field-batch-envelope" options=envelopes/>
                    <Field path=path.clone() name="email" label="field-email" kind="email" autocomplete="off" required=true/>
                    <button type="submit" class="button secondary">{i18n.t("paper-voter-mark")}</button>
                </form>
            </section>
        }
    });
    let explain_path = paths::PAPER_EXPLAIN.to([&p.slug]);
    let reconciliations = p
        .reconciliations
        .iter()
        .map(|(id, name, r)| {
            let figures = i18n.t_args(
                "paper-reconciliation-figures",
                &[("ballots", integer(lang, r.ballots)), ("voters", integer(lang, r.voters))],
            );
            let state = match (&r.explanation, r.differs()) {
                (_, false) => view! { <p>{i18n.t("paper-reconciliation-agree")}</p> }.into_any(),
                (Some(text), true) => view! {
                    <p>{i18n.t("paper-reconciliation-explained")}</p>
                    <blockquote>{text.clone()}</blockquote>
                }
                .into_any(),
                (None, true) => view! {
                    <p class="error-summary" role="status">{i18n.t("paper-reconciliation-pending")}</p>
                    {open.then(|| view! {
                        <form method="post" action=explain_path.clone() class="form">
                            <CsrfField/>
                            <input type="hidden" name="envelope" value=id.to_string()/>
                            <TextAreaField path=path.clone() name="explanation" label="field-paper-explanation" hint="field-paper-explanation-hint" required=true rows=4/>
                            <button type="submit" class="button">{i18n.t("paper-explain")}</button>
                        </form>
                    })}
                }
                .into_any(),
            };
            view! {
                <h3>{envelope_name(i18n, name)}</h3>
                <p>{figures}</p>
                {state}
            }
        })
        .collect_view();
    view! {
        <Title text=format!("{} — {}", i18n.t("paper-title"), p.title)/>
        <p class="breadcrumb"><a href=paths::page(&p.slug)>{p.title.clone()}</a></p>
        <h1>{i18n.t("paper-title")}</h1>
        <FormMessages path=path.clone()/>
        <p>{i18n.t(&format!("paper-how-{}", p.kind.code()))}</p>
        {(!open).then(|| view! { <p class="notice">{i18n.t("error-paper-phase")}</p> })}
        <div class="table-wrap" tabindex="0">
            <table>
                <caption>{i18n.t("batch-list")}</caption>
                <thead><tr>
                    <th scope="col">{i18n.t("field-batch-label")}</th>
                    <th scope="col">{i18n.t("field-batch-envelope")}</th>
                    <th scope="col">{i18n.t("field-batch-size")}</th>
                    <th scope="col">{i18n.t("batch-state")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {forms}
        <section aria-labelledby="rapprochement-titre" id="rapprochement">
            <h2 id="rapprochement-titre">{i18n.t("paper-reconciliation-title")}</h2>
            <p class="hint">{i18n.t("paper-reconciliation-hint")}</p>
            {reconciliations}
        </section>
    }
}

/// `/budgets/papier/:id`.
#[component]
pub fn BatchPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or(0));
    if let Some(gate) = gate(paths::batch(id), Action::ManageBudgets) {
        return gate;
    }
    let i18n = use_i18n();
    let data = Resource::new(move || id, load_batch);
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(b)) => view! { <Batch b=b/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// An entry as shown: a blank paper is typed (and shown) as `-`.
fn shown(text: &Option<String>) -> String {
    match text.as_deref() {
        Some("") => "-".into(),
        Some(t) => t.into(),
        None => String::new(),
    }
}

#[component]
fn Batch(b: BatchView) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let path = paths::batch(b.id);
    let flash = use_ctx().flash_for(&path).cloned();
    let entry_form = b.my_pass.map(|pass| {
        let fields = (1..=b.size)
            .map(|seq| {
                let name = format!("ballot_{seq}");
                let id = format!("champ-{name}");
                let mine = b.my_entries.iter().find(|(s, _)| *s == seq).map(|(_, t)| t.clone());
                let value =
                    flash.as_ref().and_then(|f| f.value(&name).map(str::to_string)).unwrap_or_else(|| shown(&mine));
                let invalid =
                    flash.as_ref().is_some_and(|f| f.errors.iter().any(|e| e.field.as_deref() == Some(&name)));
                view! {
                    <div class="field" class:field-invalid=invalid>
                        <label for=id.clone()>{i18n.t_args("batch-paper", &[("number", integer(lang, seq))])}</label>
                        <input id=id name=name value=value autocomplete="off" aria-invalid=invalid.then_some("true")/>
                    </div>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="saisie">
                <h2 id="saisie">{i18n.t_args("batch-pass", &[("pass", integer(lang, pass))])}</h2>
                <p class="hint">{i18n.t(&format!("paper-how-{}", b.kind.code()))}" "{i18n.t("batch-blank-hint")}</p>
                <form method="post" action=path.clone() class="form batch-form">
                    <CsrfField/>
                    <input type="hidden" name="pass" value=pass.to_string()/>
                    {fields}
                    <button type="submit" class="button">{i18n.t("batch-save")}</button>
                </form>
            </section>
        }
    });
    let complete = b.first == b.size && b.second == b.size;
    let resolve_path = paths::BATCH_RESOLVE.to([&b.id]);
    let discrepancies = (complete && !b.counted).then(|| {
        let rows = b
            .discrepancies
            .iter()
            .map(|d| {
                let (seq, first, second, resolved) = (&d.seq, &d.first, &d.second, &d.resolved);
                let field = format!("champ-resolution_{seq}");
                view! {
                    <tr>
                        <th scope="row">{integer(lang, *seq)}</th>
                        <td>{shown(first)}</td>
                        <td>{shown(second)}</td>
                        <td>
                            <form method="post" action=resolve_path.clone() class="inline-form">
                                <CsrfField/>
                                <input type="hidden" name="seq" value=seq.to_string()/>
                                <label for=field.clone() class="visually-hidden">{i18n.t_args("batch-resolve-label", &[("number", integer(lang, *seq))])}</label>
                                <input id=field name="choices" value=shown(resolved) autocomplete="off" class="short"/>
                                <button type="submit" class="button secondary">{i18n.t("batch-resolve")}</button>
                            </form>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <section aria-labelledby="ecarts" id="ecarts-section">
                <h2 id="ecarts">{i18n.t("batch-discrepancies")}</h2>
                {if b.discrepancies.is_empty() {
                    view! { <p>{i18n.t("batch-no-discrepancy")}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap" tabindex="0">
                            <table>
                                <caption>{i18n.t("batch-discrepancies-caption")}</caption>
                                <thead><tr>
                                    <th scope="col">{i18n.t("batch-number")}</th>
                                    <th scope="col">{i18n.t("batch-first")}</th>
                                    <th scope="col">{i18n.t("batch-second")}</th>
                                    <th scope="col">{i18n.t("batch-resolution")}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
                <form method="post" action=paths::BATCH_COUNT.to([&b.id]) class="form">
                    <CsrfField/>
                    <button type="submit" class="button">{i18n.t("batch-count")}</button>
                </form>
            </section>
        }
    });
    let references = b
        .references
        .iter()
        .map(|(r, t)| view! { <li><strong>{r.clone()}</strong>" — "{t.clone()}</li> })
        .collect_view();
    view! {
        <Title text=format!("{} — {}", b.label, i18n.t("paper-title"))/>
        <p class="breadcrumb"><a href=paths::paper(&b.slug)>{i18n.t("paper-title")}" — "{b.budget_title.clone()}</a></p>
        <h1>{b.label.clone()}</h1>
        <FormMessages path=path.clone()/>
        <p>{i18n.t_args("batch-progress", &[("first", integer(lang, b.first)), ("second", integer(lang, b.second)), ("size", integer(lang, b.size))])}</p>
        {b.counted.then(|| view! { <p class="notice">{i18n.t("batch-counted")}</p> })}
        {(b.my_pass.is_none() && !b.counted).then(|| view! { <p class="notice">{i18n.t("batch-not-yours")}</p> })}
        {discrepancies}
        {entry_form}
        <section aria-labelledby="references">
            <h2 id="references">{i18n.t("batch-references")}</h2>
            <ul>{references}</ul>
        </section>
    }
}
