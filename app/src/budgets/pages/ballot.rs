//! Residents' screens: the ballot (the running total against the envelope and the rules' violations, computed
//! by the same pure functions the server enforces — on the server after a post without JavaScript, live as the
//! resident chooses with it), the receipt check, and the project submission form.

use super::super::rules::{self, BallotError, BallotRules};
use super::super::{paths, BallotAccess, BallotKind, BallotView, Candidate};
use super::envelope_name;
use crate::access::Action;
use crate::ctx::use_ctx;
use crate::format::{integer, money};
use crate::i18n::{use_i18n, I18n};
use crate::ui::gate::{gate, NotFound};
use crate::ui::{CsrfField, Field, FormMessages, SelectField, TextAreaField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The ballot page's data for the signed-in resident (or a visitor).
#[server(endpoint = "budgets/bulletin")]
pub async fn load_ballot(slug: String, envelope: String) -> Result<Option<BallotView>, ServerFnError> {
    let ctx = crate::ctx::load();
    let state = super::state()?;
    super::super::voting::ballot_view(&state, ctx.user.as_ref(), &slug, envelope.parse().ok(), ctx.kiosk_visit)
        .await
        .map_err(super::internal)
}

/// Whether a receipt code belongs to a ballot of the budget; `None` when there is no such budget.
#[server(endpoint = "budgets/recu")]
pub async fn load_receipt(slug: String, code: String) -> Result<Option<bool>, ServerFnError> {
    match super::super::voting::check_receipt(&super::state()?, &slug, &code).await {
        Ok(found) => Ok(Some(found)),
        Err(crate::error::AppError::NotFound) => Ok(None),
        Err(e) => Err(super::internal(e)),
    }
}

/// A budget's title, phase and the envelopes a project can be submitted to.
#[server(endpoint = "budgets/proposer")]
pub async fn load_proposal(slug: String) -> Result<Option<ProposalData>, ServerFnError> {
    let found = super::super::voting::proposal_envelopes(&super::state()?, &slug).await.map_err(super::internal)?;
    Ok(found.map(|(title, phase, envelopes)| ProposalData { title, open: phase == super::Phase::Proposals, envelopes }))
}

/// The project form's budget.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ProposalData {
    pub title: String,
    /// Whether the budget takes proposals now.
    pub open: bool,
    /// Envelope id and name (empty: the whole town).
    pub envelopes: Vec<(i64, String)>,
}

/// `/budgets/:slug/vote` (`?enveloppe=ID` for one of several envelopes).
#[component]
pub fn BallotPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let slug = params.with_untracked(|p| p.get("slug").unwrap_or_default());
    let envelope = query.with_untracked(|q| q.get("enveloppe").unwrap_or_default());
    let data = Resource::new(move || (slug.clone(), envelope.clone()), |(s, e)| load_ballot(s, e));
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(b)) => view! { <Ballot b=b/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The sentence that states a ballot's rules.
fn rules_text(i18n: I18n, r: &BallotRules, currency: &str) -> String {
    let lang = i18n.lang();
    let n = |v: i64| integer(lang, v);
    match r.kind {
        BallotKind::Approval => match r.max_choices {
            Some(max) => i18n.t_args("ballot-rules-approval", &[("min", n(r.min_choices.max(0))), ("max", n(max))]),
            None => i18n.t_args("ballot-rules-approval-any", &[("min", n(r.min_choices.max(0)))]),
        },
        BallotKind::Knapsack => i18n.t_args(
            if r.min_spend_pct > 0 {
                crate::msg_key!("ballot-rules-knapsack-min")
            } else {
                crate::msg_key!("ballot-rules-knapsack")
            },
            &[("envelope", money(lang, r.envelope, currency)), ("pct", n(r.min_spend_pct))],
        ),
        BallotKind::Cumulative => i18n.t_args(
            "ballot-rules-cumulative",
            &[("points", n(r.max_points.unwrap_or(0))), ("each", n(r.max_points_each.or(r.max_points).unwrap_or(0)))],
        ),
        BallotKind::Ranked => i18n.t_args("ballot-rules-ranked", &[("max", n(r.max_choices.unwrap_or(0)))]),
    }
}

#[component]
fn Ballot(b: BallotView) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_ctx();
    let path = paths::ballot(&b.slug);
    let chosen = b.envelope.as_ref().map(|e| e.0);
    let several = b.envelopes.len() > 1;
    let tabs = several.then(|| {
        let links = b
            .envelopes
            .iter()
            .map(|(id, name, eligible)| {
                let current = (Some(*id) == chosen).then_some("page");
                let name = envelope_name(i18n, name);
                view! {
                    <li>
                        <a href=paths::ballot_of(&b.slug, *id) aria-current=current>{name}</a>
                        {(!eligible).then(|| view! { " "<span class="muted">{i18n.t("ballot-envelope-other-district")}</span> })}
                    </li>
                }
            })
            .collect_view();
        view! { <nav aria-label=i18n.t("ballot-envelopes")><ul class="tabs">{links}</ul></nav> }
    });
    let login = format!("{}?suite={}", crate::accounts::paths::LOGIN, paths::ballot(&b.slug));
    let body = match b.access {
        BallotAccess::Open => match (b.envelope.clone(), b.rules.clone()) {
            (Some((envelope, _)), Some(rules)) => view! {
                <BallotForm slug=b.slug.clone() envelope=envelope rules=rules candidates=b.candidates.clone()
                    mine=b.mine.clone() currency=b.currency.clone() voted=b.voted proof_needed=b.proof_needed/>
            }
            .into_any(),
            _ => view! { <p class="notice">{i18n.t("ballot-closed")}</p> }.into_any(),
        },
        // On a town-hall kiosk nobody signs in: the desk hands out a code.
        BallotAccess::SignedOut if crate::ctx::use_ctx().kiosk.is_some() => {
            view! { <crate::ui::gate::CodeNeeded/> }.into_any()
        }
        BallotAccess::SignedOut => view! { <p><a href=login>{i18n.t("ballot-sign-in")}</a></p> }.into_any(),
        BallotAccess::NotAllowed => view! { <p class="notice">{i18n.t("ballot-not-allowed")}</p> }.into_any(),
        BallotAccess::OtherDistrict => view! { <p class="notice">{i18n.t("ballot-error-not-eligible")}</p> }.into_any(),
        BallotAccess::VotedOnPaper => {
            view! { <p class="notice">{i18n.t("ballot-error-voted-on-paper")}</p> }.into_any()
        }
        BallotAccess::Closed => view! { <p class="notice">{i18n.t("ballot-closed")}</p> }.into_any(),
        // Said, with the way to become eligible, by `WhoMayVote` above the ballot.
        BallotAccess::Refused(_) => ().into_any(),
    };
    let refusal = match b.access {
        BallotAccess::Refused(r) => Some(r),
        _ => None,
    };
    let rule = b.rule;
    let who = (rule.restricts() || refusal.is_some())
        .then(|| view! { <crate::eligibility::pages::WhoMayVote rule=rule refusal=refusal/> });
    let heading = match &b.envelope {
        Some((_, name)) if several => format!("{} — {}", i18n.t("ballot-title"), envelope_name(i18n, name)),
        _ => i18n.t("ballot-title"),
    };
    view! {
        <Title text=format!("{} — {} — {}", heading, b.title, ctx.town_name)/>
        <p class="breadcrumb"><a href=paths::page(&b.slug)>{b.title.clone()}</a></p>
        <h1>{heading}</h1>
        <FormMessages path=path.clone()/>
        {receipt_of(&path).map(|code| view! { <ReceiptBox slug=b.slug.clone() code=code/> })}
        {tabs}
        {b.rules.as_ref().map(|r| view! { <p class="lead">{rules_text(i18n, r, &b.currency)}</p> })}
        {who}
        {body}
        <p><a href=paths::receipt(&b.slug)>{i18n.t("receipt-title")}</a></p>
    }
}

/// The receipt code the last post left for this page (the ballot was just cast or changed).
fn receipt_of(path: &str) -> Option<String> {
    use_ctx()
        .flash_for(path)
        .filter(|f| f.notice.as_deref() == Some(crate::msg_key!("notice-ballot-cast")))
        .and_then(|f| f.notice_args.iter().find(|(k, _)| k == "code").map(|(_, v)| v.clone()))
}

/// The receipt code, large, with a copy button (with JavaScript) and a text file to keep, since it is shown once.
#[component]
fn ReceiptBox(slug: String, code: String) -> impl IntoView {
    let i18n = use_i18n();
    let text = i18n.t_args("receipt-file", &[("code", code.clone())]);
    let file = format!("data:text/plain;charset=utf-8,{}", percent_encode(&text));
    let check = format!("{}?code={}", paths::receipt(&slug), code);
    view! {
        <section class="receipt" aria-labelledby="receipt-box-title">
            <h2 id="receipt-box-title">{i18n.t("receipt-box-title")}</h2>
            <p class="receipt-line">{i18n.t("receipt-box-code")}" " <code class="receipt-code" id="receipt-code">{code.clone()}</code></p>
            <p>{i18n.t("receipt-box-why")}</p>
            <p class="actions">
                <CopyText text=code.clone() label=i18n.t("receipt-copy") done=i18n.t("receipt-copied")/>
                <a class="button secondary" href=file download=format!("recu-{slug}.txt")>{i18n.t("receipt-save")}</a>
                <a class="button secondary" href=check>{i18n.t("receipt-check-now")}</a>
            </p>
        </section>
    }
}

/// `%`-encodes text for a `data:` address.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A button that copies `text` (an island: without JavaScript it is not shown, the text stays selectable).
#[island]
fn CopyText(text: String, label: String, done: String) -> impl IntoView {
    let (ready, set_ready) = signal(false);
    let (copied, set_copied) = signal(false);
    Effect::new(move |_| set_ready.set(true));
    let copy = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&text);
            set_copied.set(true);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&text, set_copied);
    };
    view! {
        <button type="button" class="button secondary" hidden=move || !ready.get() on:click=copy>{label}</button>
        <span role="status" class="copied">{move || copied.get().then(|| done.clone())}</span>
    }
}

/// The form fields of a ballot: what was sent back after an error, else the resident's current ballot.
fn initial_values(path: &str, candidates: &[Candidate], mine: &Option<Vec<(i64, i64)>>) -> Vec<(i64, String)> {
    let ctx = use_ctx();
    match ctx.flash_for(path).filter(|f| !f.values.is_empty()) {
        Some(flash) => candidates
            .iter()
            .map(|c| (c.id, flash.value(&format!("v_{}", c.id)).unwrap_or_default().to_string()))
            .collect(),
        None => candidates
            .iter()
            .map(|c| {
                let n = mine.as_ref().and_then(|m| m.iter().find(|(p, _)| *p == c.id)).map(|(_, n)| n.to_string());
                (c.id, n.unwrap_or_default())
            })
            .collect(),
    }
}

#[component]
fn BallotForm(
    slug: String,
    envelope: i64,
    rules: BallotRules,
    candidates: Vec<Candidate>,
    mine: Option<Vec<(i64, i64)>>,
    currency: String,
    /// At a kiosk: when the ballot was cast and how (never its content).
    voted: Option<(i64, crate::participation::Channel)>,
    /// At a kiosk: the account holder's password is needed to replace it.
    proof_needed: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let path = paths::ballot(&slug);
    let proof_path = path.clone();
    let values = initial_values(&path, &candidates, &mine);
    let kind = rules.kind;
    let costs: Vec<(i64, i64)> = candidates.iter().map(|c| (c.id, c.cost)).collect();
    let live_values = values.clone();
    let live_rules = rules.clone();
    let live_currency = currency.clone();
    let had_ballot = mine.is_some() || voted.is_some();
    let voted_notice = voted.map(|(at, channel)| {
        let args = [("date", crate::format::date_time(lang, at)), ("channel", i18n.t(&channel.label_key()))];
        view! { <p class="notice">{i18n.t_args("ballot-voted-at", &args)}</p> }
    });
    let items = candidates
        .iter()
        .map(|c| {
            let id = c.id;
            let field = format!("champ-v_{id}");
            let start = values.iter().find(|(p, _)| *p == id).map(|(_, v)| v.clone()).unwrap_or_default();
            let cost = money(lang, c.cost, &currency);
            let desc_id = format!("{field}-details");
            let control = match kind {
                BallotKind::Approval | BallotKind::Knapsack => view! {
                    <input type="checkbox" id=field.clone() name=format!("v_{id}") value="1" checked=!start.is_empty()
                        aria-describedby=desc_id.clone()/>
                }
                .into_any(),
                BallotKind::Cumulative | BallotKind::Ranked => view! {
                    <input type="number" inputmode="numeric" min="0" id=field.clone() name=format!("v_{id}") value=start
                        class="short" aria-describedby=desc_id.clone()/>
                }
                .into_any(),
            };
            view! {
                <li class="ballot-item">
                    <div class=if matches!(kind, BallotKind::Approval | BallotKind::Knapsack) { "field checkbox" } else { "field" }>
                        {control}
                        <label for=field.clone()>{c.title.clone()}" — "{cost.clone()}</label>
                    </div>
                    {(c.images > 0).then(|| view! {
                        <img class="project-photo" src=paths::image(c.id, 1) loading="lazy"
                            alt=i18n.t_args("project-photo-alt", &[("title", c.title.clone())])/>
                    })}
                    <p class="hint" id=desc_id>
                        {i18n.t("budget-col-project")}" "{c.reference.clone()}
                        {(!c.category.is_empty()).then(|| format!(" · {}", c.category))}
                        {(!c.body.is_empty()).then(|| format!(" — {}", c.body))}
                    </p>
                </li>
            }
        })
        .collect_view();
    let legend = match kind {
        BallotKind::Approval | BallotKind::Knapsack => i18n.t("ballot-legend-choose"),
        BallotKind::Cumulative => i18n.t("ballot-legend-points"),
        BallotKind::Ranked => i18n.t("ballot-legend-ranks"),
    };
    view! {
        {proof_needed.then(|| view! { <crate::kiosk::pages::HolderCodeRequest back=proof_path.clone()/> })}
        <form method="post" action=path class="form ballot-form">
            <CsrfField/>
            <input type="hidden" name="enveloppe" value=envelope.to_string()/>
            {if voted_notice.is_some() { voted_notice.into_any() } else {
                had_ballot.then(|| view! { <p class="notice">{i18n.t("ballot-already")}</p> }).into_any()
            }}
            <BallotTotal rules=live_rules costs=costs values=live_values currency=live_currency/>
            <fieldset>
                <legend>{legend}</legend>
                <ul class="ballot-items">{items}</ul>
            </fieldset>
            {proof_needed.then(|| view! {
                <Field path=proof_path.clone() name="account_password" label="field-holder-password" kind="password"
                    hint="field-holder-password-hint" autocomplete="current-password" required=true/>
            })}
            <button type="submit" class="button">{i18n.t(if had_ballot { "ballot-change" } else { "ballot-submit" })}</button>
        </form>
    }
}

/// The ballot's running total and its problems, recomputed as the resident ticks or types (an island: the only
/// part of the ballot that runs in the browser; the server checks the same rules on submit).
#[island]
fn BallotTotal(
    rules: BallotRules,
    costs: Vec<(i64, i64)>,
    values: Vec<(i64, String)>,
    currency: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let values = RwSignal::new(values);
    // Problems are listed live only once the resident has changed something (the server lists them after a post).
    let touched = RwSignal::new(false);
    let kind = rules.kind;
    let ids: Vec<i64> = costs.iter().map(|c| c.0).collect();
    #[cfg(feature = "hydrate")]
    {
        // The ballot's fields are the server's markup: read them all from the form at each change.
        let read = move |ev: web_sys::Event| {
            use wasm_bindgen::JsCast;
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest(".ballot-form").ok().flatten())
                .and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            let Ok(data) = web_sys::FormData::new_with_form(&form) else { return };
            let read: Vec<(i64, String)> =
                ids.iter().map(|id| (*id, data.get(&format!("v_{id}")).as_string().unwrap_or_default())).collect();
            touched.set(true);
            values.set(read);
            // The list below now says what is wrong as the resident changes the ballot: the error summary the
            // server left after the last post is out of date.
            if let Some(stale) = form
                .owner_document()
                .and_then(|d| d.query_selector(".error-summary").ok().flatten())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
            {
                stale.set_hidden(true);
            }
        };
        let input = window_event_listener(leptos::ev::input, read.clone());
        let change = window_event_listener(leptos::ev::change, read);
        on_cleanup(move || {
            input.remove();
            change.remove();
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ids;
    let envelope_amount = rules.envelope;
    let max_points = rules.max_points;
    let check = move || {
        let fields: Vec<(String, String)> = values.get().into_iter().map(|(id, v)| (format!("v_{id}"), v)).collect();
        let cost_of = |p: i64| costs.iter().find(|c| c.0 == p).map(|c| c.1);
        match rules::read_ballot(&fields, kind) {
            Ok(items) => (rules::totals(&items, cost_of), rules::validate(&rules, &items, cost_of)),
            Err(e) => (rules::Totals::default(), vec![e]),
        }
    };
    let check = std::sync::Arc::new(check);
    let total = {
        let check = check.clone();
        move || {
            let (t, _) = check();
            let mut text = i18n.t_args(
                "ballot-total",
                &[
                    ("projects", integer(lang, t.projects)),
                    ("cost", money(lang, t.cost, &currency)),
                    ("envelope", money(lang, envelope_amount, &currency)),
                ],
            );
            if kind == BallotKind::Cumulative {
                text.push(' ');
                text.push_str(&i18n.t_args(
                    "ballot-total-points",
                    &[("points", integer(lang, t.points)), ("max", integer(lang, max_points.unwrap_or(0)))],
                ));
            }
            text
        }
    };
    // Over the envelope the gauge grows past it and turns red (`optimum` low, `high` just above the envelope).
    let meter_max = {
        let check = check.clone();
        move || check().0.cost.max(envelope_amount).to_string()
    };
    let meter_value = {
        let check = check.clone();
        move || check().0.cost.to_string()
    };
    let over = envelope_amount.saturating_add(1).to_string();
    let problems = move || {
        if !touched.get() {
            return None;
        }
        let errors: Vec<BallotError> = check().1;
        (!errors.is_empty()).then(|| {
            view! {
                <ul class="ballot-problems">
                    {errors.iter().map(|e| view! { <li>{i18n.t(e.key())}</li> }).collect_view()}
                </ul>
            }
        })
    };
    view! {
        <div class="ballot-total" id="champ-ballot" role="status" aria-live="polite">
            <p id="ballot-total-text">{total}</p>
            {(kind == BallotKind::Knapsack).then(|| view! {
                <meter min="0" max=meter_max value=meter_value optimum="0" low=over.clone() high=over.clone() aria-labelledby="ballot-total-text"></meter>
            })}
            {problems}
        </div>
    }
}

/// `/budgets/:slug/recu?code=…`: anyone checks that a receipt code belongs to a counted ballot.
#[component]
pub fn ReceiptPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let slug = params.with_untracked(|p| p.get("slug").unwrap_or_default());
    let code = query.with_untracked(|q| q.get("code").unwrap_or_default());
    let asked = !code.trim().is_empty();
    let key = (slug.clone(), code.clone());
    let data = Resource::new(move || key.clone(), |(s, c)| load_receipt(s, c));
    let path = paths::receipt(&slug);
    view! {
        <Title text=i18n.t("receipt-title")/>
        <p class="breadcrumb"><a href=paths::page(&slug)>{i18n.t("receipt-back")}</a></p>
        <h1>{i18n.t("receipt-title")}</h1>
        <p>{i18n.t("receipt-intro")}</p>
        <form method="get" action=path class="form">
            <div class="field">
                <label for="champ-code">{i18n.t("field-receipt-code")}</label>
                <input id="champ-code" name="code" value=code.clone() autocomplete="off" required=true/>
            </div>
            <button type="submit" class="button">{i18n.t("receipt-check")}</button>
        </form>
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    _ if !asked => ().into_any(),
                    Ok(Some(true)) => view! { <p class="notice" role="status">{i18n.t("receipt-found")}</p> }.into_any(),
                    Ok(Some(false)) => view! { <p class="error-summary" role="status">{i18n.t("receipt-not-found")}</p> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/budgets/:slug/proposer`: a verified resident submits a project.
#[component]
pub fn ProposePage() -> impl IntoView {
    let params = use_params_map();
    let slug = params.with_untracked(|p| p.get("slug").unwrap_or_default());
    if let Some(gate) = gate(paths::propose(&slug), Action::Participate) {
        return gate;
    }
    let i18n = use_i18n();
    let key = slug.clone();
    let data = Resource::new(move || key.clone(), load_proposal);
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || {
                let slug = slug.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(Some(d)) => view! { <ProposeForm slug=slug d=d/> }.into_any(),
                        Ok(None) => view! { <NotFound/> }.into_any(),
                        Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

#[component]
fn ProposeForm(slug: String, d: ProposalData) -> impl IntoView {
    let i18n = use_i18n();
    let p = paths::propose(&slug);
    let envelopes: Vec<(String, String)> =
        d.envelopes.iter().map(|(id, name)| (id.to_string(), envelope_name(i18n, name))).collect();
    // The photos cannot be refilled after an error (browsers never let a page choose files): their error says so.
    let photos_errors: Vec<String> = use_ctx()
        .flash_for(&p)
        .map(|f| f.errors.iter().filter(|e| e.field.as_deref() == Some("images")).map(|e| i18n.t(&e.key)).collect())
        .unwrap_or_default();
    let photos_invalid = !photos_errors.is_empty();
    let photos_error = photos_invalid.then(|| photos_errors.join(" "));
    let photos_described = if photos_invalid { "champ-images-aide champ-images-erreur" } else { "champ-images-aide" };
    let form = d.open.then(|| {
        view! {
            <form method="post" action=p.clone() class="form" enctype="multipart/form-data">
                <CsrfField/>
                <Field path=p.clone() name="title" label="field-project-title" required=true/>
                <TextAreaField path=p.clone() name="body" label="field-project-body" hint="hint-project-body" required=true rows=6/>
                <Field path=p.clone() name="category" label="field-project-category" hint="hint-project-category"/>
                <Field path=p.clone() name="cost" label="field-project-cost" hint="hint-project-cost" required=true/>
                <SelectField path=p.clone() name="envelope" label="field-project-envelope" options=envelopes/>
                <fieldset>
                    <legend>{i18n.t("project-location")}</legend>
                    <p class="hint">{i18n.t("hint-project-location")}</p>
                    <div class="map map-small carte-lieu" data-lat="champ-latitude" data-lon="champ-longitude"
                        data-districts=crate::sensors::paths::DISTRICTS_GEOJSON data-streets=crate::sensors::paths::STREETS_GEOJSON></div>
                    <Field path=p.clone() name="latitude" label="field-latitude"/>
                    <Field path=p.clone() name="longitude" label="field-longitude"/>
                </fieldset>
                <div class="field" class:field-invalid=photos_invalid>
                    <label for="champ-images">{i18n.t("field-project-images")}</label>
                    <p class="hint" id="champ-images-aide">{i18n.t("hint-project-images")}</p>
                    {photos_error.map(|text| view! { <p class="field-error" id="champ-images-erreur">{text}</p> })}
                    <input type="file" id="champ-images" name="images" multiple=true accept="image/jpeg,image/png,image/webp"
                        aria-describedby=photos_described aria-invalid=photos_invalid.then_some("true")/>
                </div>
                <crate::ui::MapAssets/>
                <button type="submit" class="button">{i18n.t("project-submit")}</button>
            </form>
        }
    });
    view! {
        <Title text=format!("{} — {}", i18n.t("project-new-title"), d.title)/>
        <p class="breadcrumb"><a href=paths::page(&slug)>{d.title.clone()}</a></p>
        <h1>{i18n.t("project-new-title")}</h1>
        <FormMessages path=p.clone()/>
        {(!d.open).then(|| view! { <p class="notice">{i18n.t("error-budget-no-proposals")}</p> })}
        {form}
    }
}
