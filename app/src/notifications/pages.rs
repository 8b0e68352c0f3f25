//! The notification preference (its own page, which every mail links to, and a section of "my account") and the
//! unsubscribe page.

use crate::i18n::use_i18n;
use crate::ui::{CsrfField, FormMessages};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use super::paths::{PREFERENCES, UNSUBSCRIBE};
const MODES: [&str; 3] = ["immediate", "daily", "none"];

/// The signed-in person's notification preference (a code of `notifications::NotifyMode`).
#[server(endpoint = "notifications/preference")]
pub async fn load_notify_mode() -> Result<Option<String>, ServerFnError> {
    let state = crate::ui::app_state()?;
    let Some(user) = crate::ctx::load().user else { return Ok(None) };
    let mode = super::preference(&state, user.id).await.map_err(|e| crate::ui::internal_error("notifications", e))?;
    Ok(Some(mode.code().to_string()))
}

/// `/compte/notifications`: the preference on a page of its own, where mails send their readers.
#[component]
pub fn PreferencesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("notify-title")/>
        <h1>{i18n.t("notify-title")}</h1>
        <FormMessages path=PREFERENCES/>
        <NotificationPreferences/>
    }
}

/// "My account": how to be told of replies and decisions.
#[component]
pub fn NotificationPreferences() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_notify_mode());
    view! {
        <section aria-labelledby="notifications">
            <h2 id="notifications">{i18n.t("notify-title")}</h2>
            <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    let current = data.await.ok().flatten().unwrap_or_else(|| "immediate".into());
                    view! {
                        <form method="post" action=PREFERENCES class="form">
                            <CsrfField/>
                            <fieldset id="champ-notify_mode">
                                <legend>{i18n.t("notify-legend")}</legend>
                                {MODES.iter().map(|m| {
                                    let id = format!("champ-notify-{m}");
                                    view! {
                                        <div class="field radio">
                                            <input type="radio" id=id.clone() name="notify_mode" value=*m checked=current == *m/>
                                            <label for=id>{i18n.t(&format!("notify-mode-{m}"))}</label>
                                        </div>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <button type="submit" class="button secondary">{i18n.t("save")}</button>
                        </form>
                    }
                })}
            </Suspense>
        </section>
    }
}

/// `/compte/notifications/desabonner?cle=…`: stops notification mails, without signing in.
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let i18n = use_i18n();
    let key = use_query_map().with_untracked(|q| q.get("cle").unwrap_or_default());
    view! {
        <Title text=i18n.t("unsubscribe-title")/>
        <h1>{i18n.t("unsubscribe-title")}</h1>
        <FormMessages path=UNSUBSCRIBE/>
        <p>{i18n.t("unsubscribe-intro")}</p>
        <form method="post" action=UNSUBSCRIBE class="form">
            <CsrfField/>
            <input type="hidden" name="cle" value=key/>
            <button type="submit" class="button">{i18n.t("unsubscribe-submit")}</button>
        </form>
    }
}
