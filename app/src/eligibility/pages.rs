//! "My account"'s residence section: how the account is verified as a resident, or the form that verifies it by
//! the town's register.

use super::paths::VERIFY;
use super::Residence;
use crate::format::{date_words, long_date};
use crate::i18n::use_i18n;
use crate::ui::{CsrfField, Field};
use leptos::prelude::*;

/// The page the form posts back to.
const ACCOUNT: &str = crate::accounts::paths::ACCOUNT;

/// The signed-in person's verified residence, if any.
#[server(endpoint = "eligibility/residence")]
pub async fn load_residence() -> Result<Option<Residence>, ServerFnError> {
    let state = crate::ui::app_state()?;
    let Some(user) = crate::ctx::load().user else { return Ok(None) };
    super::service::residence(&state, user.id).await.map_err(|e| crate::ui::internal_error("eligibility", e))
}

/// "My account": the verified residence, or how to verify it.
#[component]
pub fn ResidenceBox() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_residence());
    view! {
        <section aria-labelledby="residence">
            <h2 id="residence">{i18n.t("residence-title")}</h2>
            <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
                {move || Suspend::new(async move {
                    match data.await.ok().flatten() {
                        Some(r) => {
                            let lang = i18n.lang();
                            let args = [
                                ("method", i18n.t(&format!("residence-method-{}", r.method))),
                                ("date", long_date(lang, r.verified_at)),
                                ("district", r.district.clone()),
                            ];
                            view! {
                                <p>{i18n.t_args("residence-verified", &args)}</p>
                                {r.birth_date.map(|d| view! { <p>{i18n.t_args("residence-birth-date", &[("date", date_words(&d, i18n))])}</p> })}
                                <p class="hint">{i18n.t("residence-move")}</p>
                            }
                            .into_any()
                        }
                        None => view! {
                            <p>{i18n.t("residence-none")}</p>
                            <form method="post" action=VERIFY class="form">
                                <CsrfField/>
                                <Field path=ACCOUNT name="family_name" label="field-family-name" autocomplete="family-name" required=true/>
                                <Field path=ACCOUNT name="given_names" label="field-given-names" hint="hint-given-names" autocomplete="given-name" required=true/>
                                <Field path=ACCOUNT name="birth_date" label="field-birth-date" hint="hint-birth-date" autocomplete="bday" required=true/>
                                <Field path=ACCOUNT name="postcode" label="field-postcode" autocomplete="postal-code" required=true/>
                                <button type="submit" class="button secondary">{i18n.t("residence-submit")}</button>
                            </form>
                            <p class="hint">{i18n.t("residence-privacy")}</p>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
