//! Moderation screens: the report form, the moderators' queue, the public moderation log and the admins'
//! audit log. Every form posts to `handlers` and works without JavaScript.

use super::paths::*;
use super::rules::{BLOCK_DURATIONS, PENDING_REASON};
use super::*;
use crate::access::{can, Action, Resource as On};
use crate::ctx::use_ctx;
use crate::format::date_time;
use crate::i18n::use_i18n;
use crate::ui::gate::{gate, NotFound};
use crate::ui::{CsrfField, FormMessages, SelectField, TextAreaField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[cfg(feature = "ssr")]
use crate::ui::app_state as state;

#[cfg(feature = "ssr")]
fn internal(e: crate::error::AppError) -> ServerFnError {
    crate::ui::internal_error("moderation", e)
}

/// The item a report form is about: its text and where it is shown; `None` when there is no such visible item.
#[server(endpoint = "moderation/cible")]
pub async fn load_report_target(kind: String, id: i64) -> Result<Option<(String, String)>, ServerFnError> {
    let state = state()?;
    let Some(kind) = TargetKind::from_code(&kind) else { return Ok(None) };
    match super::service::report_target(&state, kind, id).await {
        Ok(found) => Ok(Some(found)),
        Err(crate::error::AppError::NotFound) => Ok(None),
        Err(e) => Err(internal(e)),
    }
}

/// The queue (moderators).
#[server(endpoint = "moderation/file")]
pub async fn load_queue() -> Result<Queue, ServerFnError> {
    let state = state()?;
    let ctx = crate::ctx::load();
    super::service::queue(&state, ctx.user.as_ref()).await.map_err(internal)
}

/// A page of the log: the public moderation entries, or everything (admins).
#[server(endpoint = "moderation/journal")]
pub async fn load_log(public: bool, before: i64) -> Result<Vec<LogLine>, ServerFnError> {
    let state = state()?;
    let ctx = crate::ctx::load();
    super::service::log(&state, ctx.user.as_ref(), public, before).await.map_err(internal)
}

/// The public text of a hidden item's reason.
pub fn hidden_text(i18n: crate::i18n::I18n, reason: &str) -> String {
    if reason == PENDING_REASON {
        i18n.t("moderation-hidden-pending")
    } else {
        i18n.t_args("moderation-hidden", &[("reason", reason.to_string())])
    }
}

/// `/moderation/signaler?type=comment&id=12`: why the item should be looked at.
#[component]
pub fn ReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let kind = query.with_untracked(|q| q.get("type").unwrap_or_default());
    let id = query.with_untracked(|q| q.get("id").and_then(|v| v.parse::<i64>().ok()).unwrap_or_default());
    let here = format!("{REPORT}?type={kind}&id={id}");
    if let Some(gate) = gate(here, Action::Participate) {
        return gate;
    }
    let target = Resource::new(move || (kind.clone(), id), |(k, i)| load_report_target(k, i));
    let reasons: Vec<(String, String)> =
        ReportReason::ALL.iter().map(|r| (r.code().to_string(), i18n.t(&r.label_key()))).collect();
    view! {
        <Title text=i18n.t("report-title")/>
        <h1>{i18n.t("report-title")}</h1>
        <FormMessages path=REPORT/>
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || {
                let reasons = reasons.clone();
                Suspend::new(async move {
                    match target.await {
                        Ok(Some((excerpt, link))) => {
                            let (kind, id) = target_key(&link);
                            view! {
                                <p>{i18n.t("report-intro")}</p>
                                <blockquote class="reported">{excerpt}</blockquote>
                                <p><a href=link.clone()>{i18n.t("report-back")}</a></p>
                                <form method="post" action=REPORT class="form">
                                    <CsrfField/>
                                    <input type="hidden" name="kind" value=kind/>
                                    <input type="hidden" name="id" value=id/>
                                    <SelectField path=REPORT name="reason" label="field-report-reason" options=reasons/>
                                    <TextAreaField path=REPORT name="details" label="field-report-details" hint="hint-report-details"/>
                                    <button type="submit" class="button">{i18n.t("report-submit")}</button>
                                </form>
                            }
                            .into_any()
                        }
                        Ok(None) => view! { <NotFound/> }.into_any(),
                        Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}

/// The kind and id of the item a link points to (`…#commentaire-12` → comment 12).
fn target_key(link: &str) -> (String, String) {
    let anchor = link.rsplit('#').next().unwrap_or_default();
    match anchor.split_once('-') {
        Some(("commentaire", id)) => ("comment".into(), id.into()),
        Some(("proposition", id)) => ("proposal".into(), id.into()),
        _ => (String::new(), String::new()),
    }
}

/// `/moderation`: reported items with their reasons and counts, decisions, blocks.
#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    if let Some(gate) = gate(QUEUE.into(), Action::Moderate) {
        return gate;
    }
    let admin = can(use_ctx().user.as_ref(), Action::Administer, On::Site);
    let data = Resource::new(|| (), |_| load_queue());
    view! {
        <Title text=i18n.t("moderation-title")/>
        <h1>{i18n.t("moderation-title")}</h1>
        <FormMessages path=QUEUE/>
        <p><a href=PUBLIC_LOG>{i18n.t("moderation-log-link")}</a></p>
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(queue) => view! { <QueueView queue=queue admin=admin/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn QueueView(queue: Queue, admin: bool) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let threshold = queue.threshold.to_string();
    let items = if queue.items.is_empty() {
        view! { <p class="notice" role="status">{i18n.t("moderation-queue-empty")}</p> }.into_any()
    } else {
        queue.items.into_iter().map(|item| view! { <QueueEntry item=item/> }).collect_view().into_any()
    };
    let blocks = queue.blocks.into_iter().map(|b| {
        let until = b.until.map(|u| date_time(lang, u)).unwrap_or_else(|| i18n.t("block-until-lifted"));
        let field = format!("champ-unblock-{}", b.user_id);
        view! {
            <li>
                <p>{b.name.clone().unwrap_or_else(|| i18n.t("deleted-account"))} " — " {until} " — " {b.reason.clone()}</p>
                <form method="post" action=UNBLOCK class="inline-form">
                    <CsrfField/>
                    <input type="hidden" name="user_id" value=b.user_id.to_string()/>
                    <label for=field.clone()>{i18n.t("field-moderation-reason")}</label>
                    <input id=field type="text" name="reason" required minlength="3" maxlength="500"/>
                    <button type="submit" class="button secondary">{i18n.t("unblock-submit")}</button>
                </form>
            </li>
        }
    }).collect_view();
    view! {
        <section aria-labelledby="signalements">
            <h2 id="signalements">{i18n.t("moderation-queue-title")}</h2>
            <p>{i18n.t_args("moderation-threshold-now", &[("count", threshold.clone())])}</p>
            {items}
        </section>
        <section aria-labelledby="blocages">
            <h2 id="blocages">{i18n.t("moderation-blocks-title")}</h2>
            <ul class="plain-list">{blocks}</ul>
        </section>
        {admin.then(|| view! {
            <section aria-labelledby="reglages">
                <h2 id="reglages">{i18n.t("moderation-settings-title")}</h2>
                <form method="post" action=SETTINGS class="inline-form">
                    <CsrfField/>
                    <crate::ui::Field path=QUEUE name="threshold" label="field-threshold" kind="number" value=threshold hint="hint-threshold" required=true/>
                    <button type="submit" class="button secondary">{i18n.t("save")}</button>
                </form>
            </section>
        })}
    }
}

#[component]
fn QueueEntry(item: QueueItem) -> impl IntoView {
    let i18n = use_i18n();
    let key = format!("{}-{}", item.kind.code(), item.id);
    let decisions: Vec<(String, String)> =
        Decision::ALL.iter().map(|d| (d.code().to_string(), i18n.t(&d.label_key()))).collect();
    let durations: Vec<(String, String)> =
        BLOCK_DURATIONS.iter().map(|(c, _)| (c.to_string(), i18n.t(&format!("block-duration-{c}")))).collect();
    let decision_id = format!("champ-decision-{key}");
    let reason_id = format!("champ-reason-{key}");
    let heading = format!("{} #{}", i18n.t(&item.kind.label_key()), item.id);
    let heading_id = format!("signalement-{key}");
    let labelled_by = heading_id.clone();
    view! {
        <article class="card queue-item" aria-labelledby=labelled_by>
            <h3 id=heading_id>{heading}</h3>
            <p class="meta">
                {i18n.t_args("moderation-reports-count", &[("count", item.reports.to_string())])}
                " — " {item.author.clone().unwrap_or_else(|| i18n.t("deleted-account"))}
                {item.hidden_reason.as_deref().map(|r| view! { " — " <strong>{hidden_text(i18n, r)}</strong> })}
            </p>
            <blockquote class="reported">{item.excerpt.clone()}</blockquote>
            <p><a href=item.link.clone()>{i18n.t("moderation-see-in-context")}</a></p>
            <ul>
                {item.reasons.iter().map(|(r, d)| view! {
                    <li>{i18n.t(&r.label_key())} {(!d.is_empty()).then(|| format!(" : {d}"))}</li>
                }).collect_view()}
            </ul>
            <form method="post" action=DECIDE class="inline-form">
                <CsrfField/>
                <input type="hidden" name="kind" value=item.kind.code()/>
                <input type="hidden" name="id" value=item.id.to_string()/>
                <label for=decision_id.clone()>{i18n.t("field-moderation-decision")}</label>
                <select id=decision_id name="decision">
                    {decisions.into_iter().map(|(v, t)| view! { <option value=v>{t}</option> }).collect_view()}
                </select>
                <label for=reason_id.clone()>{i18n.t("field-moderation-reason")}</label>
                <input id=reason_id type="text" name="reason" required minlength="3" maxlength="500"/>
                <button type="submit" class="button">{i18n.t("moderation-decide-submit")}</button>
            </form>
            {item.author_id.map(|author| {
                let duration_id = format!("champ-duration-{key}");
                let block_reason_id = format!("champ-block-reason-{key}");
                view! {
                    <details>
                        <summary>{i18n.t("block-title")}</summary>
                        <form method="post" action=BLOCK class="inline-form">
                            <CsrfField/>
                            <input type="hidden" name="user_id" value=author.to_string()/>
                            <label for=duration_id.clone()>{i18n.t("field-block-duration")}</label>
                            <select id=duration_id name="duration">
                                {durations.into_iter().map(|(v, t)| view! { <option value=v>{t}</option> }).collect_view()}
                            </select>
                            <label for=block_reason_id.clone()>{i18n.t("field-moderation-reason")}</label>
                            <input id=block_reason_id type="text" name="reason" required minlength="3" maxlength="500"/>
                            <button type="submit" class="button secondary">{i18n.t("block-submit")}</button>
                        </form>
                    </details>
                }
            })}
        </article>
    }
}

/// `/moderation/journal` (public) and `/admin/journal` (admins): the log, newest first.
#[component]
fn LogView(public: bool) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let query = use_query_map();
    let before = query.with_untracked(|q| q.get("avant").and_then(|v| v.parse::<i64>().ok()).unwrap_or_default());
    let data = Resource::new(move || before, move |b| load_log(public, b));
    let path = if public { PUBLIC_LOG } else { AUDIT };
    let title = if public { "moderation-log-title" } else { "audit-log-title" };
    view! {
        <Title text=i18n.t(title)/>
        <h1>{i18n.t(title)}</h1>
        <p>{i18n.t(if public { "moderation-log-intro" } else { "audit-log-intro" })}</p>
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(lines) if lines.is_empty() => view! { <p class="notice" role="status">{i18n.t("log-empty")}</p> }.into_any(),
                    Ok(lines) => {
                        let oldest = lines.last().map(|l| l.seq).unwrap_or_default();
                        let more = lines.len() == 100 && oldest > 1;
                        let rows = lines.into_iter().map(|l| {
                            let target = match l.target_id {
                                Some(id) => format!("{} #{id}", i18n.t(&format!("target-kind-{}", l.target_kind))),
                                None => i18n.t(&format!("target-kind-{}", l.target_kind)),
                            };
                            view! {
                                <tr>
                                    <th scope="row">{l.seq}</th>
                                    <td>{date_time(lang, l.at)}</td>
                                    {(!public).then(|| view! { <td>{l.actor.clone().unwrap_or_else(|| i18n.t("log-system"))}</td> })}
                                    <td>{i18n.t(&format!("audit-action-{}", l.action.replace('_', "-")))}</td>
                                    <td>{target}</td>
                                    <td>{l.reason.clone()}</td>
                                    <td><code>{l.hash.chars().take(12).collect::<String>()}</code></td>
                                </tr>
                            }
                        }).collect_view();
                        view! {
                            <div class="table-wrap" tabindex="0">
                                <table>
                                    <caption>{i18n.t("log-caption")}</caption>
                                    <thead><tr>
                                        <th scope="col">{i18n.t("log-col-seq")}</th>
                                        <th scope="col">{i18n.t("log-col-at")}</th>
                                        {(!public).then(|| view! { <th scope="col">{i18n.t("log-col-actor")}</th> })}
                                        <th scope="col">{i18n.t("log-col-action")}</th>
                                        <th scope="col">{i18n.t("log-col-target")}</th>
                                        <th scope="col">{i18n.t("log-col-reason")}</th>
                                        <th scope="col">{i18n.t("log-col-hash")}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                            {more.then(|| view! { <p><a href=format!("{path}?avant={oldest}")>{i18n.t("log-older")}</a></p> })}
                        }.into_any()
                    }
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/moderation/journal`: what moderators did, for everyone, without personal data.
#[component]
pub fn PublicLogPage() -> impl IntoView {
    view! { <LogView public=true/> }
}

/// `/admin/journal`: every moderation and administration action, with who did it.
#[component]
pub fn AuditLogPage() -> impl IntoView {
    if let Some(gate) = gate(AUDIT.into(), Action::ReadAuditLog) {
        return gate;
    }
    view! { <LogView public=false/> }.into_any()
}
