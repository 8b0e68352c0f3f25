//! The account screens. Forms post to `handlers` (no JavaScript needed); once hydrated, the registration form
//! also checks the password rule as it is typed.

use super::paths::*;
use super::{Role, UserSummary};
use crate::access::Action;
use crate::ctx::use_ctx;
use crate::format::long_date;
use crate::i18n::{use_i18n, I18n, Lang};
use crate::ui::gate::{gate, sign_in_required};
use crate::ui::{district_options, CsrfField, Field, FormMessages, SelectField};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

/// Tells whether a link's token can still be used: `None` when it can, else the message key explaining why.
#[server(endpoint = "compte/lien")]
pub async fn check_link(token: String, purpose: String) -> Result<Option<String>, ServerFnError> {
    use super::{service, TokenPurpose};
    use crate::error::AppError;
    let state = crate::ui::app_state()?;
    let purpose = match purpose.as_str() {
        "verify" => TokenPurpose::VerifyEmail,
        "sign_in" => TokenPurpose::SignIn,
        _ => TokenPurpose::ResetPassword,
    };
    match service::check_token(&state, &token, purpose).await {
        Ok(()) => Ok(None),
        Err(AppError::Invalid(errors)) => Ok(errors.first().map(|e| e.key.clone())),
        Err(e) => {
            tracing::error!(error = %e, "checking a link");
            Err(ServerFnError::new("internal"))
        }
    }
}

/// The accounts matching `q`, for administrators.
#[server(endpoint = "admin/utilisateurs")]
pub async fn list_users(q: String) -> Result<Vec<UserSummary>, ServerFnError> {
    let state = crate::ui::app_state()?;
    let ctx = crate::ctx::load();
    super::service::list_users(&state, ctx.user.as_ref(), &q).await.map_err(|e| {
        if let crate::error::AppError::Internal(detail) = &e {
            tracing::error!(detail, "listing users");
        }
        ServerFnError::new(e.to_string())
    })
}

/// Registration.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("register-title")/>
        <h1>{i18n.t("register-title")}</h1>
        <p>{i18n.t("register-intro")}</p>
        <FormMessages path=REGISTER/>
        <form method="post" action=REGISTER class="form" novalidate>
            <CsrfField/>
            <Field path=REGISTER name="email" label="field-email" kind="email" autocomplete="email" required=true/>
            <Field path=REGISTER name="display_name" label="field-display-name" hint="field-display-name-hint" autocomplete="nickname" required=true/>
            <Field path=REGISTER name="password" label="field-password" kind="password" hint="field-password-hint" autocomplete="new-password" required=true/>
            <PasswordLength/>
            <Field path=REGISTER name="password_confirm" label="field-password-confirm" kind="password" autocomplete="new-password" required=true/>
            <SelectField path=REGISTER name="district_id" label="field-district" options=district_options(i18n.t("field-district-none"))/>
            <button type="submit" class="button">{i18n.t("register-submit")}</button>
        </form>
        <p>{i18n.t("register-have-account")}" " <A href=LOGIN>{i18n.t("nav-sign-in")}</A></p>
    }
}

/// Says, as the new password is typed, whether it is long enough (an island; the server checks the same rule).
#[island]
fn PasswordLength() -> impl IntoView {
    let i18n = use_i18n();
    let (typed, set_typed) = signal(None::<usize>);
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        let listener = window_event_listener(leptos::ev::input, move |ev| {
            if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                if input.name() == "password" {
                    set_typed.set(Some(input.value().chars().count()));
                }
            }
        });
        on_cleanup(move || listener.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = set_typed;
    let live = move || {
        typed.get().map(|n| {
            if n >= super::rules::MIN_PASSWORD_CHARS {
                i18n.t("password-live-ok")
            } else {
                i18n.t_args(
                    "password-live-short",
                    &[("count", n.to_string()), ("min", super::rules::MIN_PASSWORD_CHARS.to_string())],
                )
            }
        })
    };
    view! { <p class="live-hint" aria-live="polite">{live}</p> }
}

/// Sign-in.
#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let next = query.with_untracked(|q| q.get("suite")).unwrap_or_default();
    let next_for_providers = next.clone();
    view! {
        <Title text=i18n.t("login-title")/>
        <h1>{i18n.t("login-title")}</h1>
        <FormMessages path=LOGIN/>
        <form method="post" action=LOGIN class="form">
            <CsrfField/>
            <input type="hidden" name="next" value=next/>
            <Field path=LOGIN name="email" label="field-email" kind="email" autocomplete="username" required=true/>
            <Field path=LOGIN name="password" label="field-password" kind="password" autocomplete="current-password" required=true/>
            <button type="submit" class="button">{i18n.t("login-submit")}</button>
        </form>
        <p><A href=FORGOT>{i18n.t("login-forgot")}</A></p>
        <crate::oidc::pages::SignInWith next=next_for_providers/>
        <p>{i18n.t("login-no-account")}" " <A href=REGISTER>{i18n.t("nav-register")}</A></p>
        <h2>{i18n.t("login-link-title")}</h2>
        <p>{i18n.t("login-link-intro")}</p>
        <form method="post" action=SEND_SIGN_IN_LINK class="form">
            <CsrfField/>
            <Field path=LOGIN name="link_email" label="field-link-email" kind="email" autocomplete="username" required=true/>
            <button type="submit" class="button secondary">{i18n.t("login-link-submit")}</button>
        </form>
    }
}

/// The page a mailed sign-in link opens: signs in with a button (mail scanners that follow links use nothing
/// up).
#[component]
pub fn LinkSignInPage() -> impl IntoView {
    view! { <LinkPage title="link-sign-in-title" path=LINK_SIGN_IN purpose="sign_in" form=link_sign_in_form/> }
}

fn link_sign_in_form(i18n: I18n, token: String) -> AnyView {
    view! {
        <form method="post" action=LINK_SIGN_IN class="form">
            <CsrfField/>
            <input type="hidden" name="token" value=token/>
            <p>{i18n.t("link-sign-in-intro")}</p>
            <button type="submit" class="button">{i18n.t("link-sign-in-submit")}</button>
        </form>
    }
    .into_any()
}

/// The page an email link opens: confirms with a button (mail scanners that follow links use nothing up).
#[component]
pub fn VerifyPage() -> impl IntoView {
    view! { <LinkPage title="verify-title" path=VERIFY purpose="verify" form=verify_form/> }
}

/// A page that a mailed link opens: its title, the messages of its form, and the form once the link checks.
#[component]
fn LinkPage(
    title: &'static str,
    path: &'static str,
    purpose: &'static str,
    form: fn(I18n, String) -> AnyView,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(title)/>
        <h1>{i18n.t(title)}</h1>
        <FormMessages path=path/>
        <LinkGate purpose=purpose form=form/>
    }
}

fn verify_form(i18n: I18n, token: String) -> AnyView {
    view! {
        <form method="post" action=VERIFY class="form">
            <CsrfField/>
            <input type="hidden" name="token" value=token/>
            <p>{i18n.t("verify-intro")}</p>
            <button type="submit" class="button">{i18n.t("verify-submit")}</button>
        </form>
    }
    .into_any()
}

/// Checks the token of the link that opened the page, then shows `form` or why the link cannot be used.
#[component]
fn LinkGate(purpose: &'static str, form: fn(I18n, String) -> AnyView) -> impl IntoView {
    let i18n = use_i18n();
    let token = use_query_map().with_untracked(|q| q.get("jeton")).unwrap_or_default();
    let token_for_check = token.clone();
    let status = Resource::new(move || token_for_check.clone(), move |t| check_link(t, purpose.to_string()));
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    match status.await {
                        Ok(None) => form(i18n, token),
                        Ok(Some(key)) => view! { <LinkProblem key=key/> }.into_any(),
                        Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Why a link cannot be used, and what to do.
#[component]
fn LinkProblem(key: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="error-summary" role="alert">
            <h2>{i18n.t("link-problem-title")}</h2>
            <p>{i18n.t(&key)}</p>
        </div>
        <p><A href=FORGOT>{i18n.t("link-problem-new-reset")}</A></p>
        <p><A href=ACCOUNT>{i18n.t("link-problem-account")}</A></p>
    }
}

/// Forgotten password.
#[component]
pub fn ForgotPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t("forgot-title")/>
        <h1>{i18n.t("forgot-title")}</h1>
        <p>{i18n.t("forgot-intro")}</p>
        <FormMessages path=FORGOT/>
        <form method="post" action=FORGOT class="form">
            <CsrfField/>
            <Field path=FORGOT name="email" label="field-email" kind="email" autocomplete="email" required=true/>
            <button type="submit" class="button">{i18n.t("forgot-submit")}</button>
        </form>
    }
}

/// New password from a link.
#[component]
pub fn ResetPage() -> impl IntoView {
    view! { <LinkPage title="reset-title" path=RESET purpose="reset" form=reset_form/> }
}

fn reset_form(i18n: I18n, token: String) -> AnyView {
    view! {
        <form method="post" action=RESET class="form">
            <CsrfField/>
            <input type="hidden" name="token" value=token/>
            <Field path=RESET name="password" label="field-new-password" kind="password" hint="field-password-hint" autocomplete="new-password" required=true/>
            <Field path=RESET name="password_confirm" label="field-password-confirm" kind="password" autocomplete="new-password" required=true/>
            <button type="submit" class="button">{i18n.t("reset-submit")}</button>
        </form>
    }
    .into_any()
}

/// My account: status, profile, password, my data, deletion.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let Some(user) = use_ctx().user else {
        return sign_in_required(ACCOUNT);
    };
    let languages: Vec<(String, String)> =
        Lang::ALL.iter().map(|l| (l.code().to_string(), l.native_name().to_string())).collect();
    let roles = user.roles.iter().map(|r| i18n.t(r.label_key())).collect::<Vec<_>>().join(", ");
    view! {
        <Title text=i18n.t("account-title")/>
        <h1>{i18n.t("account-title")}</h1>
        <FormMessages path=ACCOUNT/>
        <p>{i18n.t_args("account-greeting", &[("name", user.display_name.clone())])}</p>
        <p>{i18n.t_args("account-roles", &[("roles", roles)])}</p>
        <section aria-labelledby="statut">
            <h2 id="statut">{i18n.t("account-status-title")}</h2>
            {if user.verified {
                view! { <p>{i18n.t_args("account-verified", &[("email", user.email.clone())])}</p> }.into_any()
            } else {
                view! {
                    <p>{i18n.t_args("account-unverified", &[("email", user.email.clone())])}</p>
                    <form method="post" action=RESEND>
                        <CsrfField/>
                        <button type="submit" class="button secondary">{i18n.t("account-resend")}</button>
                    </form>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="profil">
            <h2 id="profil">{i18n.t("account-profile-title")}</h2>
            <form method="post" action=PROFILE class="form">
                <CsrfField/>
                <Field path=ACCOUNT name="display_name" label="field-display-name" autocomplete="nickname" required=true value=user.display_name.clone()/>
                <SelectField path=ACCOUNT name="language" label="field-language" options=languages selected=user.language.code().to_string()/>
                <SelectField path=ACCOUNT name="district_id" label="field-district" options=district_options(i18n.t("field-district-none")) selected=user.district_id.map(|d| d.to_string()).unwrap_or_default()/>
                <button type="submit" class="button">{i18n.t("account-profile-submit")}</button>
            </form>
        </section>
        <crate::eligibility::pages::ResidenceBox/>
        <crate::oidc::pages::SignInWith next=ACCOUNT linking=true/>
        <crate::notifications::pages::NotificationPreferences/>
        <section aria-labelledby="mot-de-passe">
            <h2 id="mot-de-passe">{i18n.t("account-password-title")}</h2>
            <form method="post" action=PASSWORD class="form">
                <CsrfField/>
                <Field path=ACCOUNT name="current_password" label="field-current-password" kind="password" autocomplete="current-password" required=true/>
                <Field path=ACCOUNT name="password" label="field-new-password" kind="password" hint="field-password-hint" autocomplete="new-password" required=true/>
                <Field path=ACCOUNT name="password_confirm" label="field-password-confirm" kind="password" autocomplete="new-password" required=true/>
                <button type="submit" class="button">{i18n.t("account-password-submit")}</button>
            </form>
        </section>
        <section aria-labelledby="mes-donnees">
            <h2 id="mes-donnees">{i18n.t("account-data-title")}</h2>
            <p>{i18n.t("account-data-intro")}</p>
            <p><a href=EXPORT class="button secondary" download="clairvoie-mes-donnees.json">{i18n.t("account-data-download")}</a></p>
        </section>
        <section aria-labelledby="suppression">
            <h2 id="suppression">{i18n.t("account-delete-title")}</h2>
            <p>{i18n.t("account-delete-intro")}</p>
            <form method="post" action=DELETE class="form">
                <CsrfField/>
                <Field path=ACCOUNT name="delete_password" label="field-current-password" kind="password" autocomplete="current-password" required=true/>
                <div class="field checkbox">
                    <input type="checkbox" id="champ-confirm" name="confirm" value="oui"/>
                    <label for="champ-confirm">{i18n.t("account-delete-confirm")}</label>
                </div>
                <button type="submit" class="button danger">{i18n.t("account-delete-submit")}</button>
            </form>
        </section>
    }
    .into_any()
}

/// Administration of accounts and roles (admins only: 403 for others).
#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let i18n = use_i18n();
    if let Some(gate) = gate(ADMIN_USERS.into(), Action::Administer) {
        return gate;
    }
    let me = use_ctx().user.as_ref().map(|u| u.id).unwrap_or_default();
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|m| m.get("q")).unwrap_or_default());
    let users = Resource::new(move || q.get(), list_users);
    view! {
        <Title text=i18n.t("admin-users-title")/>
        <h1>{i18n.t("admin-users-title")}</h1>
        <FormMessages path=ADMIN_USERS/>
        <p><a href=crate::eligibility::paths::REGISTER>{i18n.t("resident-register-title")}</a></p>
        <p><a href=crate::eligibility::paths::LETTERS>{i18n.t("letters-title")}</a></p>
        <p><a href=crate::kiosk::paths::ADMIN>{i18n.t("admin-kiosks-link")}</a></p>
        <form method="get" action=ADMIN_USERS class="form search" role="search">
            <label for="champ-q">{i18n.t("admin-users-search")}</label>
            <input id="champ-q" name="q" type="search" value=move || q.get()/>
            <button type="submit" class="button secondary">{i18n.t("admin-users-search-submit")}</button>
        </form>
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(list) if list.is_empty() => view! { <p>{i18n.t("admin-users-none")}</p> }.into_any(),
                    Ok(list) => view! { <UsersTable users=list me=me q=q.get_untracked()/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn UsersTable(users: Vec<UserSummary>, me: i64, q: String) -> impl IntoView {
    let i18n = use_i18n();
    let rows = users
        .into_iter()
        .map(|u| {
            let toggles = Role::ALL
                .into_iter()
                .filter(|r| *r != Role::Resident)
                .map(|role| {
                    let held = u.roles.contains(&role);
                    let disabled = held && role == Role::Admin && u.id == me;
                    let (action, key) =
                        if held { ("revoke", "admin-users-revoke") } else { ("grant", "admin-users-grant") };
                    view! {
                        <form method="post" action=ADMIN_ROLES class="inline-form">
                            <CsrfField/>
                            <input type="hidden" name="user_id" value=u.id/>
                            <input type="hidden" name="role" value=role.code()/>
                            <input type="hidden" name="action" value=action/>
                            <input type="hidden" name="q" value=q.clone()/>
                            <button type="submit" class="button small" class:secondary=held disabled=disabled>
                                {i18n.t_args(key, &[("role", i18n.t(role.label_key()))])}
                                <span class="visually-hidden">" — " {u.display_name.clone()}</span>
                            </button>
                        </form>
                    }
                })
                .collect_view();
            let roles = u.roles.iter().map(|r| i18n.t(r.label_key())).collect::<Vec<_>>().join(", ");
            view! {
                <tr>
                    <th scope="row">{u.display_name.clone()}</th>
                    <td>{u.email.clone()}</td>
                    <td>{if u.verified { i18n.t("yes") } else { i18n.t("no") }}</td>
                    <td>{long_date(i18n.lang(), u.created_at)}</td>
                    <td>{roles}</td>
                    <td class="actions">{toggles}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table>
                <caption>{i18n.t("admin-users-caption")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("field-display-name")}</th>
                        <th scope="col">{i18n.t("field-email")}</th>
                        <th scope="col">{i18n.t("admin-users-verified")}</th>
                        <th scope="col">{i18n.t("admin-users-created")}</th>
                        <th scope="col">{i18n.t("admin-users-roles")}</th>
                        <th scope="col">{i18n.t("admin-users-actions")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
