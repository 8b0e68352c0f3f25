//! The desk's screen (`/guichet`: codes for residents whose identity staff checked, help given) and the admins'
//! kiosks (`/admin/bornes`: register, pair, revoke, last activity).

use super::paths::{self, ADMIN, DESK, DESK_ACCOUNT, DESK_HELP, DESK_RESIDENCE, DESK_RESIDENT, PAIR};
use super::{DeskView, HelpKind, KioskLine};
use crate::access::Action;
use crate::format::date_time;
use crate::i18n::use_i18n;
use crate::participation::Channel;
use crate::ui::gate::{gate, NotFound};
use crate::ui::{district_options, CsrfField, Field, FormMessages, SelectField};
use leptos::prelude::*;
use leptos_meta::Title;

/// The desk's page for the signed-in staff member (`None` for anyone else).
#[server(endpoint = "borne/guichet")]
pub async fn load_desk() -> Result<Option<DeskView>, ServerFnError> {
    let ctx = crate::ctx::load();
    let state = crate::ui::app_state()?;
    crate::ui::hidden_as_none("desk", super::service::desk(&state, ctx.user.as_ref()).await.map(Some))
}

/// The kiosks, for admins (`None` for anyone else).
#[server(endpoint = "borne/bornes")]
pub async fn load_kiosks() -> Result<Option<Vec<KioskLine>>, ServerFnError> {
    let ctx = crate::ctx::load();
    let state = crate::ui::app_state()?;
    crate::ui::hidden_as_none("kiosks", super::service::list(&state, ctx.user.as_ref()).await.map(Some))
}

/// `/guichet`: the town-hall desk.
#[component]
pub fn DeskPage() -> impl IntoView {
    if let Some(gate) = gate(DESK.to_string(), Action::AssistResidents) {
        return gate;
    }
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_desk());
    let channels: Vec<(String, String)> = [Channel::Kiosk, Channel::Paper, Channel::Web]
        .iter()
        .map(|c| (c.code().to_string(), i18n.t(&c.label_key())))
        .collect();
    let helps: Vec<(String, String)> =
        HelpKind::ALL.iter().map(|h| (h.code().to_string(), i18n.t(&h.label_key()))).collect();
    view! {
        <Title text=i18n.t("desk-title")/>
        <h1>{i18n.t("desk-title")}</h1>
        <FormMessages path=DESK/>
        <p class="lead">{i18n.t("desk-lead")}</p>
        <section aria-labelledby="desk-compte">
            <h2 id="desk-compte">{i18n.t("desk-account-title")}</h2>
            <p class="hint">{i18n.t("desk-account-hint")}</p>
            <form method="post" action=DESK_ACCOUNT class="form">
                <CsrfField/>
                <Field path=DESK name="email" label="field-desk-email" kind="email" autocomplete="off"/>
                <button type="submit" class="button">{i18n.t("desk-code-submit")}</button>
            </form>
        </section>
        <section aria-labelledby="desk-fiche">
            <h2 id="desk-fiche">{i18n.t("desk-resident-title")}</h2>
            <p class="hint">{i18n.t("desk-resident-hint")}</p>
            <form method="post" action=DESK_RESIDENT class="form">
                <CsrfField/>
                <Field path=DESK name="name" label="field-desk-name" autocomplete="off"/>
                <Field path=DESK name="birth_date" label="field-desk-birth-date" kind="date"/>
                <SelectField path=DESK name="district" label="field-district" options=district_options(i18n.t("field-district-none"))/>
                <button type="submit" class="button">{i18n.t("desk-code-submit")}</button>
            </form>
        </section>
        <p><a href=DESK_RESIDENCE>{i18n.t("desk-residence-title")}</a></p>
        <section aria-labelledby="desk-aide">
            <h2 id="desk-aide">{i18n.t("desk-help-title")}</h2>
            <p class="hint">{i18n.t("desk-help-hint")}</p>
            <form method="post" action=DESK_HELP class="form">
                <CsrfField/>
                <SelectField path=DESK name="channel" label="field-help-channel" options=channels/>
                <SelectField path=DESK name="help" label="field-help-kind" options=helps/>
                <button type="submit" class="button secondary">{i18n.t("desk-help-submit")}</button>
            </form>
        </section>
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(d)) => view! { <DeskLog d=d/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// `/guichet/residence`: an agent who checked an identity document verifies a resident's residence (an online
/// account by its address, or the record of someone without email).
#[component]
pub fn DeskResidencePage() -> impl IntoView {
    if let Some(gate) = gate(DESK_RESIDENCE.to_string(), Action::AssistResidents) {
        return gate;
    }
    let i18n = use_i18n();
    let p = DESK_RESIDENCE;
    view! {
        <Title text=i18n.t("desk-residence-title")/>
        <p class="breadcrumb"><a href=DESK>{i18n.t("desk-title")}</a></p>
        <h1>{i18n.t("desk-residence-title")}</h1>
        <FormMessages path=p/>
        <p class="lead">{i18n.t("desk-residence-lead")}</p>
        <form method="post" action=p class="form">
            <CsrfField/>
            <Field path=p name="email" label="field-desk-email" hint="hint-desk-residence-email" kind="email" autocomplete="off"/>
            <Field path=p name="family_name" label="field-family-name" required=true autocomplete="off"/>
            <Field path=p name="given_names" label="field-given-names" hint="hint-desk-given-names" required=true autocomplete="off"/>
            <Field path=p name="birth_date" label="field-birth-date" hint="hint-birth-date" required=true autocomplete="off"/>
            <Field path=p name="postcode" label="field-postcode" required=true autocomplete="off"/>
            <SelectField path=p name="district" label="field-desk-residence-district" options=district_options(i18n.t("field-desk-residence-register"))/>
            <button type="submit" class="button">{i18n.t("desk-residence-submit")}</button>
        </form>
        <p class="hint">{i18n.t("desk-residence-privacy")}</p>
        <DeskChecks/>
    }
    .into_any()
}

/// The desk checks waiting for a second staff member (`None` for anyone who may not see them).
#[server(endpoint = "borne/verifications")]
pub async fn load_desk_checks() -> Result<Option<Vec<crate::eligibility::PendingDeskCheck>>, ServerFnError> {
    let ctx = crate::ctx::load();
    let state = crate::ui::app_state()?;
    crate::ui::hidden_as_none(
        "desk checks",
        crate::eligibility::service::pending_desk_checks(&state, ctx.user.as_ref()).await.map(Some),
    )
}

/// The checks to confirm, each with its button (none on the reader's own).
#[component]
fn DeskChecks() -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let data = Resource::new(|| (), |_| load_desk_checks());
    view! {
        <section aria-labelledby="desk-checks">
            <h2 id="desk-checks">{i18n.t("desk-checks-title")}</h2>
            <p class="hint">{i18n.t("desk-checks-lead")}</p>
            <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    let checks = data.await.ok().flatten().unwrap_or_default();
                    if checks.is_empty() {
                        return view! { <p>{i18n.t("desk-checks-none")}</p> }.into_any();
                    }
                    view! {
                        <ul class="desk-checks">
                            {checks.into_iter().map(|c| {
                                let how = i18n.t(if c.on_register { "desk-check-register" } else { "desk-check-declared" });
                                let args = [
                                    ("name", c.name.clone()),
                                    ("district", c.district.clone()),
                                    ("how", how),
                                    ("agent", c.agent.clone()),
                                    ("date", date_time(lang, c.at)),
                                ];
                                view! {
                                    <li>
                                        <p>{i18n.t_args("desk-check-line", &args)}</p>
                                        {if c.mine {
                                            view! { <p class="hint">{i18n.t("desk-check-mine")}</p> }.into_any()
                                        } else {
                                            view! {
                                                <form method="post" action=paths::DESK_RESIDENCE_CONFIRM.to([&c.id]) class="inline-form">
                                                    <CsrfField/>
                                                    <button type="submit" class="button secondary">{i18n.t("desk-check-confirm")}</button>
                                                </form>
                                            }.into_any()
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                    .into_any()
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn DeskLog(d: DeskView) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let codes = d
        .codes
        .into_iter()
        .map(|c| {
            let status = match (c.used_at, c.expired) {
                (Some(at), _) => i18n.t_args("desk-code-used", &[("at", date_time(lang, at))]),
                (None, true) => i18n.t_args("desk-code-expired", &[("at", date_time(lang, c.expires_at))]),
                (None, false) => i18n.t_args("desk-code-valid-until", &[("at", date_time(lang, c.expires_at))]),
            };
            view! {
                <tr>
                    <td>{c.resident.clone()}</td>
                    <td>{date_time(lang, c.issued_at)}</td>
                    <td>{status}</td>
                </tr>
            }
        })
        .collect_view();
    let help = d
        .help_today
        .into_iter()
        .map(|(channel, help, n)| {
            view! {
                <tr>
                    <td>{i18n.t(&format!("channel-{channel}"))}</td>
                    <td>{i18n.t(&format!("help-{help}"))}</td>
                    <td>{n}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="desk-codes">
            <h2 id="desk-codes">{i18n.t("desk-codes-title")}</h2>
            <div class="table-wrap" tabindex="0"><table>
                <thead><tr>
                    <th scope="col">{i18n.t("desk-col-resident")}</th>
                    <th scope="col">{i18n.t("desk-col-issued")}</th>
                    <th scope="col">{i18n.t("desk-col-status")}</th>
                </tr></thead>
                <tbody>{codes}</tbody>
            </table></div>
        </section>
        <section aria-labelledby="desk-aides">
            <h2 id="desk-aides">{i18n.t("desk-helped-title")}</h2>
            <div class="table-wrap" tabindex="0"><table>
                <thead><tr>
                    <th scope="col">{i18n.t("field-help-channel")}</th>
                    <th scope="col">{i18n.t("field-help-kind")}</th>
                    <th scope="col">{i18n.t("desk-col-count")}</th>
                </tr></thead>
                <tbody>{help}</tbody>
            </table></div>
        </section>
    }
}

/// `/admin/bornes`: the town's kiosks.
#[component]
pub fn KiosksPage() -> impl IntoView {
    if let Some(gate) = gate(ADMIN.to_string(), Action::ManageKiosks) {
        return gate;
    }
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_kiosks());
    view! {
        <Title text=i18n.t("kiosks-title")/>
        <h1>{i18n.t("kiosks-title")}</h1>
        <FormMessages path=ADMIN/>
        <p class="lead">{i18n.t_args("kiosks-lead", &[("path", PAIR.to_string())])}</p>
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(list)) => view! { <KioskTable list=list/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
        <section aria-labelledby="nouvelle-borne">
            <h2 id="nouvelle-borne">{i18n.t("kiosks-new-title")}</h2>
            <form method="post" action=ADMIN class="form">
                <CsrfField/>
                <Field path=ADMIN name="name" label="field-kiosk-name" required=true/>
                <Field path=ADMIN name="place" label="field-kiosk-place" hint="hint-kiosk-place" required=true/>
                <Field path=ADMIN name="latitude" label="field-kiosk-latitude" hint="hint-kiosk-position"/>
                <Field path=ADMIN name="longitude" label="field-kiosk-longitude"/>
                <Field path=ADMIN name="idle_seconds" label="field-kiosk-idle" hint="hint-kiosk-idle" kind="number"/>
                <button type="submit" class="button">{i18n.t("kiosks-new-submit")}</button>
            </form>
        </section>
    }
    .into_any()
}

#[component]
fn KioskTable(list: Vec<KioskLine>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    if list.is_empty() {
        return view! { <p class="notice" role="status">{i18n.t("kiosks-none")}</p> }.into_any();
    }
    let rows = list
        .into_iter()
        .map(|k| {
            let status = match (k.revoked_at, k.paired, k.pairing_until) {
                (Some(at), _, _) => i18n.t_args("kiosk-status-revoked", &[("at", date_time(lang, at))]),
                (None, true, _) => i18n.t("kiosk-status-paired"),
                (None, false, Some(until)) => i18n.t_args("kiosk-status-pending", &[("at", date_time(lang, until))]),
                (None, false, None) => i18n.t("kiosk-status-unpaired"),
            };
            let seen = k.last_seen_at.map(|at| date_time(lang, at)).unwrap_or_else(|| i18n.t("value-none"));
            let name = k.name.clone();
            view! {
                <tr>
                    <th scope="row">{k.name.clone()}</th>
                    <td>{k.place.clone()}</td>
                    <td>{i18n.t_args("kiosk-idle-seconds", &[("seconds", k.idle_seconds.to_string())])}</td>
                    <td>{status}</td>
                    <td>{seen}</td>
                    <td>
                        <form method="post" action=paths::admin_action(k.id, "appairer") class="inline-form">
                            <CsrfField/>
                            <button type="submit" class="button secondary" aria-label=i18n.t_args("kiosk-new-pairing-for", &[("name", name.clone())])>
                                {i18n.t("kiosk-new-pairing")}
                            </button>
                        </form>
                        {k.revoked_at.is_none().then(|| view! {
                            <form method="post" action=paths::admin_action(k.id, "revoquer") class="inline-form">
                                <CsrfField/>
                                <button type="submit" class="button danger" aria-label=i18n.t_args("kiosk-revoke-for", &[("name", name.clone())])>
                                    {i18n.t("kiosk-revoke")}
                                </button>
                            </form>
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0"><table class="kiosks">
            <thead><tr>
                <th scope="col">{i18n.t("field-kiosk-name")}</th>
                <th scope="col">{i18n.t("field-kiosk-place")}</th>
                <th scope="col">{i18n.t("field-kiosk-idle")}</th>
                <th scope="col">{i18n.t("kiosk-col-status")}</th>
                <th scope="col">{i18n.t("kiosk-col-seen")}</th>
                <th scope="col">{i18n.t("kiosk-col-actions")}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
    .into_any()
}
