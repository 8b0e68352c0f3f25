//! "My account"'s residence section: how the account is verified as a resident, or the form that verifies it by
//! the town's register.

use super::paths::{REGISTER, VERIFY};
use super::policy::{self, Refusal, VoteRule, Voters};
use super::Residence;
use crate::access::Action;
use crate::ctx::use_ctx;
use crate::format::integer;
use crate::format::{date_words, long_date};
use crate::i18n::use_i18n;
use crate::ui::gate::gate;
use crate::ui::FormMessages;
use crate::ui::{CsrfField, Field, SelectField};
use leptos::prelude::*;
use leptos_meta::Title;

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

/// How many people the register holds and how many of them verified an account.
#[server(endpoint = "eligibility/register")]
pub async fn load_register_counts() -> Result<(i64, i64), ServerFnError> {
    let state = crate::ui::app_state()?;
    let user = crate::ctx::load().user;
    crate::access::require(user.as_ref(), Action::Administer).map_err(|_| ServerFnError::new("forbidden"))?;
    super::service::register_counts(&state).await.map_err(|e| crate::ui::internal_error("eligibility", e))
}

/// `/admin/registre`: the resident register's figures and the form that replaces it, all or nothing.
#[component]
pub fn RegisterPage() -> impl IntoView {
    if let Some(gate) = gate(REGISTER.into(), Action::Administer) {
        return gate;
    }
    let i18n = use_i18n();
    let lang = i18n.lang();
    let counts = Resource::new(|| (), |_| load_register_counts());
    let line_errors = use_ctx().flash_for(REGISTER).map(|f| f.row_errors.clone()).unwrap_or_default();
    view! {
        <Title text=i18n.t("resident-register-title")/>
        <h1>{i18n.t("resident-register-title")}</h1>
        <FormMessages path=REGISTER/>
        {(!line_errors.is_empty()).then(|| view! {
            <div class="table-wrap">
                <table class="import-errors">
                    <caption>{i18n.t_args("resident-register-errors-caption", &[("count", line_errors.len().to_string())])}</caption>
                    <thead><tr>
                        <th scope="col">{i18n.t("resident-register-line")}</th>
                        <th scope="col">{i18n.t("resident-register-column")}</th>
                        <th scope="col">{i18n.t("resident-register-problem")}</th>
                    </tr></thead>
                    <tbody>
                        {line_errors.into_iter().map(|e| view! {
                            <tr><th scope="row">{e.row}</th><td><code>{e.error.field.clone().unwrap_or_default()}</code></td><td>{i18n.t(&e.error.key)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                let (entries, claimed) = counts.await.unwrap_or_default();
                // The raw counts choose the plural; the formatted ones are read (French groups thousands).
                let args = [
                    ("n", entries.to_string()),
                    ("entries", integer(lang, entries)),
                    ("verified", claimed.to_string()),
                    ("claimed", integer(lang, claimed)),
                ];
                view! { <p>{i18n.t_args("resident-register-counts", &args)}</p> }
            })}
        </Suspense>
        <p>{i18n.t("resident-register-lead")}</p>
        <p class="hint">{i18n.t("resident-register-privacy")}</p>
        <form method="post" action=REGISTER enctype="multipart/form-data" class="form">
            <CsrfField/>
            <div class="field">
                <label for="champ-file">{i18n.t("resident-register-file")}</label>
                <input id="champ-file" name="file" type="file" accept=".csv,text/csv" required/>
            </div>
            <button type="submit" class="button">{i18n.t("resident-register-submit")}</button>
        </form>
    }
    .into_any()
}

/// Who may vote, in words (`Les habitants vérifiés de 16 ans ou plus.`).
pub fn rule_words(i18n: crate::i18n::I18n, rule: VoteRule) -> String {
    let base = match rule.voters {
        Voters::Confirmed => "voters-rule-confirmed",
        Voters::Residents => "voters-rule-residents",
    };
    match rule.min_age {
        None => i18n.t(base),
        Some(age) => i18n.t_args(&format!("{base}-age"), &[("age", age.to_string())]),
    }
}

/// A vote form's "who may vote" fields (staff), or the rule in words once the vote opened and it is locked.
#[component]
pub fn VoteRuleFields(
    /// The page the form posts back to.
    #[prop(into)]
    path: String,
    /// The rule to show (stored, or the form's refill).
    voters: String,
    /// The minimum age as typed.
    min_age: String,
    /// Whether the vote opened (the rule no longer changes).
    locked: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    if locked {
        let rule = policy::parse_rule(&voters, &min_age).unwrap_or_default();
        return view! { <p><strong>{i18n.t("field-voters")}" : "</strong>{rule_words(i18n, rule)}</p> }.into_any();
    }
    let options: Vec<(String, String)> =
        Voters::ALL.iter().map(|v| (v.code().to_string(), i18n.t(&v.label_key()))).collect();
    view! {
        <SelectField path=path.clone() name="voters" label="field-voters" options=options selected=voters/>
        <Field path=path name="min_age" label="field-min-age" hint="hint-min-age" kind="number" value=min_age/>
    }
    .into_any()
}

/// A vote page's "who may vote", and to someone the rule leaves out, why and how to become eligible.
#[component]
pub fn WhoMayVote(
    /// The vote's rule.
    rule: VoteRule,
    /// Why the reader may not vote under it, if they may not.
    refusal: Option<Refusal>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="who-may-vote"><strong>{i18n.t("field-voters")}" : "</strong>{rule_words(i18n, rule)}</p>
        {refusal.map(|r| view! {
            <p class="notice">
                {i18n.t(r.key())}
                {r.verification_helps().then(|| view! {
                    " " <a href=format!("{ACCOUNT}#residence")>{i18n.t("eligibility-how-to-verify")}</a>
                })}
            </p>
        })}
    }
}
