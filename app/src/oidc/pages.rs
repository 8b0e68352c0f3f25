//! The buttons of OpenID Connect sign-in: "S'identifier avec …" on the sign-in page, "Relier mon compte à …"
//! on "my account". Plain forms: they work without JavaScript.

use super::paths::START;
use crate::ctx::use_ctx;
use crate::i18n::use_i18n;
use crate::ui::CsrfField;
use leptos::prelude::*;

/// One button per provider the town configured (none on a kiosk, none when the town set none). `linking`: the
/// signed-in person's "link my account" buttons.
#[component]
pub fn SignInWith(#[prop(into)] next: String, #[prop(optional)] linking: bool) -> impl IntoView {
    let i18n = use_i18n();
    let providers = use_ctx().sign_in_with;
    if providers.is_empty() {
        return ().into_any();
    }
    let (title, intro, button) = if linking {
        ("oidc-link-title", "oidc-link-intro", "oidc-link-button")
    } else {
        ("oidc-sign-in-title", "oidc-sign-in-intro", "oidc-sign-in-button")
    };
    let buttons = providers
        .into_iter()
        .map(|p| {
            let label = i18n.t_args(button, &[("provider", p.label.clone())]);
            view! {
                <form method="post" action=START.to([&p.name]) class="form inline">
                    <CsrfField/>
                    <input type="hidden" name="next" value=next.clone()/>
                    <button type="submit" class="button secondary">{label}</button>
                </form>
            }
        })
        .collect_view();
    view! {
        <section class="sign-in-with" aria-labelledby="sign-in-with-title">
            <h2 id="sign-in-with-title">{i18n.t(title)}</h2>
            <p>{i18n.t(intro)}</p>
            {buttons}
        </section>
    }
    .into_any()
}
