//! What stands before a page: the sign-in or kiosk-code way in for visitors who are not signed in, the 403 page
//! for those without the right, and the 404 page. Pages of every feature use them.

use crate::access::{can, Action, Resource};
use crate::ctx::paths::{KIOSK_HOME, LOGIN};
use crate::ctx::use_ctx;
use crate::i18n::use_i18n;
use crate::ui::set_status;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

/// The translated page for unknown addresses, with a 404 status.
#[component]
pub fn NotFound() -> impl IntoView {
    set_status(404);
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("not-found-title")/>
        <h1>{i18n.t("not-found-title")}</h1>
        <p>{i18n.t("not-found-body")}</p>
        <p><A href="/">{i18n.t("not-found-home")}</A></p>
    }
}

/// Pages for people allowed `action` only: `None` to go on, or the sign-in redirect (back to `path` afterwards)
/// or the 403 page.
///
/// Browsers navigating (they accept `text/html`) get a `302` to the sign-in form; with JavaScript the router
/// navigates there. A client that does not ask for HTML gets Leptos's redirect headers with a `200` instead
/// (meant for server-function calls), so the page also says why it is closed and links to the sign-in form
/// rather than rendering empty.
pub fn gate(path: String, action: Action) -> Option<AnyView> {
    let ctx = use_ctx();
    if ctx.user.is_none() {
        return Some(sign_in_required(&path));
    }
    if !can(ctx.user.as_ref(), action, Resource::Site) {
        return Some(view! { <Forbidden/> }.into_any());
    }
    None
}

/// What a signed-out visitor of `path` gets: the way to the sign-in form, back to `path` afterwards (see [`gate`]).
pub fn sign_in_required(path: &str) -> AnyView {
    let login = format!("{LOGIN}?suite={}", crate::text::percent_encode(path));
    let i18n = use_i18n();
    // On a kiosk nobody signs in: residents come with a code from the desk.
    if use_ctx().kiosk.is_some() {
        return view! {
            <Title text=i18n.t("kiosk-code-needed")/>
            <h1>{i18n.t("kiosk-code-needed")}</h1>
            <CodeNeeded/>
        }
        .into_any();
    }
    view! {
        <leptos_router::components::Redirect path=login.clone()/>
        <Title text=i18n.t("sign-in-required-title")/>
        <h1>{i18n.t("sign-in-required-title")}</h1>
        <p>{i18n.t("sign-in-required-body")}</p>
        <p><a href=login>{i18n.t("sign-in-required-link")}</a></p>
    }
    .into_any()
}

/// The translated page for a refused access, with a 403 status.
#[component]
pub fn Forbidden() -> impl IntoView {
    set_status(403);
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("forbidden-title")/>
        <h1>{i18n.t("forbidden-title")}</h1>
        <p>{i18n.t("forbidden-body")}</p>
    }
}

/// What a kiosk shows where a page would offer to sign in: nobody signs in on a kiosk, the desk hands out codes.
#[component]
pub fn CodeNeeded() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="notice">{i18n.t("kiosk-vote-code")}</p>
        <p><a class="button" href=KIOSK_HOME>{i18n.t("kiosk-code-title")}</a></p>
    }
}
