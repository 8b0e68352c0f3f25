//! "My account"'s residence section: how the account is verified as a resident, or the form that verifies it by
//! the town's register.

use super::paths::{LETTER, LETTERS, LETTERS_PRINT, LETTER_CODE, REGISTER, VERIFY};
use super::policy::{self, Refusal, VoteRule, Voters};
use super::Residence;
use crate::access::Action;
use crate::format::integer;
use crate::format::{date_words, long_date};
use crate::i18n::use_i18n;
use crate::ui::gate::gate;
use crate::ui::FormMessages;
use crate::ui::{district_options, CsrfField, Field, SelectField, TextAreaField};
use leptos::prelude::*;
use leptos_meta::Title;

/// The page the form posts back to.
const ACCOUNT: &str = crate::accounts::paths::ACCOUNT;

/// Where the signed-in person's residence stands: verified, or the letter they asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ResidenceView {
    /// The verified residence, if any.
    pub residence: Option<Residence>,
    /// The letter asked for and not used.
    pub letter: Option<LetterView>,
}

/// The letter a resident asked for, as "my account" shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LetterView {
    /// When it was asked for.
    pub asked: i64,
    /// When it was printed.
    pub printed: Option<i64>,
    /// Until when its code verifies.
    pub until: Option<i64>,
    /// Whether it is printed and its code still verifies (decided on the server, whose clock counts).
    pub usable: bool,
    /// When staff refused to send it.
    #[serde(default)]
    pub refused: Option<i64>,
}

/// The signed-in person's verified residence, or their letter, if any.
#[server(endpoint = "eligibility/residence")]
pub async fn load_residence() -> Result<ResidenceView, ServerFnError> {
    let state = crate::ui::app_state()?;
    let Some(user) = crate::ctx::load().user else { return Ok(ResidenceView::default()) };
    let internal = |e| crate::ui::internal_error("eligibility", e);
    let residence = super::service::residence(&state, user.id).await.map_err(internal)?;
    let letter = match residence {
        Some(_) => None,
        None => super::service::letter_status(&state, user.id).await.map_err(internal)?.map(|l| LetterView {
            asked: l.requested_at,
            printed: l.printed_at,
            until: l.expires_at,
            usable: l.printed_at.is_some() && l.expires_at.is_some_and(|e| e > crate::db::now()),
            refused: l.refused_at,
        }),
    };
    Ok(ResidenceView { residence, letter })
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
                    let view = data.await.unwrap_or_default();
                    let letter = view.letter;
                    match view.residence {
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
                            <LetterBox letter=letter/>
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
    view! {
        <Title text=i18n.t("resident-register-title")/>
        <h1>{i18n.t("resident-register-title")}</h1>
        <FormMessages path=REGISTER/>
        <crate::ui::LineErrors path=REGISTER caption="resident-register-errors-caption"/>
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

/// "My account": the letter with a code, for someone the register does not hold — the request, then, once
/// printed, the code.
#[component]
fn LetterBox(letter: Option<LetterView>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let code_form = view! {
        <form method="post" action=LETTER_CODE class="form">
            <CsrfField/>
            <Field path=ACCOUNT name="letter_code" label="field-letter-code" hint="hint-letter-code" autocomplete="off" required=true/>
            <button type="submit" class="button secondary">{i18n.t("letter-code-submit")}</button>
        </form>
    };
    let request_form = || {
        view! {
            <p>{i18n.t("letter-lead")}</p>
            <form method="post" action=LETTER class="form">
                <CsrfField/>
                <Field path=ACCOUNT name="letter_recipient" label="field-letter-recipient" autocomplete="name" required=true/>
                <TextAreaField path=ACCOUNT name="letter_address" label="field-letter-address" hint="hint-letter-address" rows=3 required=true/>
                <Field path=ACCOUNT name="letter_postcode" label="field-postcode" autocomplete="postal-code" required=true/>
                <SelectField path=ACCOUNT name="letter_district" label="field-letter-district" options=district_options(i18n.t("choose"))/>
                <button type="submit" class="button secondary">{i18n.t("letter-submit")}</button>
            </form>
        }
    };
    let body = match letter {
        Some(LetterView { asked, refused: Some(_), .. }) => view! {
            <p role="status">{i18n.t_args("letter-refused", &[("date", long_date(lang, asked))])}</p>
            {request_form()}
        }
        .into_any(),
        Some(LetterView { asked, printed: None, .. }) => view! {
            <p>{i18n.t_args("letter-asked", &[("date", long_date(lang, asked))])}</p>
            <p class="hint">{i18n.t("letter-asked-hint")}</p>
        }
        .into_any(),
        Some(LetterView { printed: Some(printed), until: Some(until), usable: true, .. }) => view! {
            <p>{i18n.t_args("letter-printed", &[("date", long_date(lang, printed)), ("until", long_date(lang, until))])}</p>
            {code_form}
        }
        .into_any(),
        _ => request_form().into_any(),
    };
    view! {
        <h3>{i18n.t("letter-heading")}</h3>
        {body}
    }
}

/// The letters waiting to be printed (admins).
#[server(endpoint = "eligibility/letters")]
pub async fn load_letters() -> Result<Option<Vec<super::PendingLetter>>, ServerFnError> {
    let state = crate::ui::app_state()?;
    let user = crate::ctx::load().user;
    crate::ui::hidden_as_none("letters", super::service::pending_letters(&state, user.as_ref()).await.map(Some))
}

/// `/admin/courriers`: the letters waiting to be printed, repeated addresses marked, and the two ways to print
/// them (each prints every pending letter, once).
#[component]
pub fn LettersPage() -> impl IntoView {
    if let Some(gate) = gate(LETTERS.into(), Action::Administer) {
        return gate;
    }
    let i18n = use_i18n();
    let lang = i18n.lang();
    let data = Resource::new(|| (), |_| load_letters());
    view! {
        <Title text=i18n.t("letters-title")/>
        <h1>{i18n.t("letters-title")}</h1>
        <FormMessages path=LETTERS/>
        <p class="lead">{i18n.t("letters-lead")}</p>
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                let pending = data.await.ok().flatten().unwrap_or_default();
                let count = pending.len();
                let rows = pending.into_iter().map(|l| view! {
                    <tr>
                        <td>{l.recipient.clone()}</td>
                        <td class="pre-line">{l.address}</td>
                        <td>{l.postcode}</td>
                        <td>{l.district}</td>
                        <td>{long_date(lang, l.requested_at)}</td>
                        <td>{(l.same_address > 1).then(|| i18n.t_args("letters-same-address", &[("count", l.same_address.to_string())]))}</td>
                        <td>
                            <form method="post" action=super::paths::LETTER_REFUSE.to([&l.id]) class="inline-form">
                                <CsrfField/>
                                <button type="submit" class="button secondary" aria-label=i18n.t_args("letters-refuse-label", &[("name", l.recipient.clone())])>{i18n.t("letters-refuse")}</button>
                            </form>
                        </td>
                    </tr>
                }).collect_view();
                view! {
                    <p>{i18n.t_args("letters-pending", &[("count", count.to_string())])}</p>
                    {(count > 0).then(|| view! {
                        <div class="table-wrap" tabindex="0">
                            <table>
                                <caption>{i18n.t("letters-caption")}</caption>
                                <thead><tr>
                                    <th scope="col">{i18n.t("field-letter-recipient")}</th>
                                    <th scope="col">{i18n.t("field-letter-address")}</th>
                                    <th scope="col">{i18n.t("field-postcode")}</th>
                                    <th scope="col">{i18n.t("field-letter-district")}</th>
                                    <th scope="col">{i18n.t("letters-asked-on")}</th>
                                    <th scope="col">{i18n.t("letters-check")}</th>
                                    <th scope="col">{i18n.t("letters-action")}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        <form method="post" action=LETTERS_PRINT class="form actions">
                            <CsrfField/>
                            <button type="submit" name="format" value="html" class="button">{i18n.t("letters-print")}</button>
                            <button type="submit" name="format" value="csv" class="button secondary">{i18n.t("letters-csv")}</button>
                        </form>
                        <p class="hint">{i18n.t("letters-once")}</p>
                    })}
                }
            })}
        </Suspense>
    }
    .into_any()
}
