//! The kiosk's screens: its home (`/borne`), pairing a browser (`/borne/appairer`) and a consultation's vote
//! (`/borne/consultations/:slug`). Big touch targets come from the kiosk layout's style (see `shell`).

use super::paths::{self, CODE, HOME, PAIR};
use super::{KioskHome, KioskVote};
use crate::ctx::use_ctx;
use crate::i18n::use_i18n;
use crate::ui::gate::NotFound;
use crate::ui::{CsrfField, Field, FormMessages};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[cfg(feature = "ssr")]
use crate::ui::app_state as state;

#[cfg(feature = "ssr")]
fn internal(e: crate::error::AppError) -> ServerFnError {
    crate::ui::internal_error("kiosk", e)
}

/// The kiosk's home, when the request comes from a paired kiosk.
#[server(endpoint = "borne/accueil")]
pub async fn load_kiosk_home() -> Result<Option<KioskHome>, ServerFnError> {
    let ctx = crate::ctx::load();
    let Some(kiosk) = ctx.kiosk.as_ref() else {
        return Ok(None);
    };
    let visitor = ctx.user.as_ref().filter(|_| ctx.kiosk_visit);
    super::service::home(&state()?, kiosk, visitor).await.map(Some).map_err(internal)
}

/// A consultation's vote screen on the kiosk.
#[server(endpoint = "borne/consultation")]
pub async fn load_kiosk_vote(slug: String) -> Result<Option<KioskVote>, ServerFnError> {
    use crate::consultations::Eligibility;
    let ctx = crate::ctx::load();
    let visitor = ctx.user.as_ref().filter(|_| ctx.kiosk_visit);
    let state = state()?;
    let (c, mine) = match super::service::consultation(&state, visitor, &slug).await {
        Ok(found) => found,
        Err(crate::error::AppError::NotFound) => return Ok(None),
        Err(e) => return Err(internal(e)),
    };
    let eligibility = crate::consultations::service::eligibility_of(&state, visitor, &c).await.map_err(internal)?;
    let refused = match eligibility {
        Eligibility::Eligible | Eligibility::SignedOut => None,
        other => Some(other.message_key().to_string()),
    };
    Ok(Some(KioskVote {
        slug: c.slug,
        title: c.title,
        question: c.question,
        purpose: c.use_purpose,
        data: c.use_data,
        visitor: visitor.is_some(),
        refused,
        mine,
    }))
}

/// At a kiosk, before replacing what was cast online: the holder who does not remember their password gets a
/// one-time code at their account's address (a form of its own, so it can sit above the ballot).
#[component]
pub fn HolderCodeRequest(back: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="post" action=super::paths::HOLDER_CODE class="holder-code">
            <CsrfField/>
            <input type="hidden" name="retour" value=back/>
            <p class="hint">{i18n.t("kiosk-holder-code-hint")}</p>
            <button type="submit" class="button secondary">{i18n.t("kiosk-holder-code-send")}</button>
        </form>
    }
}

/// `/borne`: the kiosk's home, or how to pair this browser when it is not a kiosk.
#[component]
pub fn KioskHomePage() -> impl IntoView {
    let i18n = use_i18n();
    if use_ctx().kiosk.is_none() {
        return view! {
            <Title text=i18n.t("kiosk-unpaired-title")/>
            <h1>{i18n.t("kiosk-unpaired-title")}</h1>
            <FormMessages path=HOME/>
            <p>{i18n.t("kiosk-unpaired-body")}</p>
            <p><a class="button" href=PAIR>{i18n.t("kiosk-pair-title")}</a></p>
        }
        .into_any();
    }
    let data = Resource::new(|| (), |_| load_kiosk_home());
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(home)) => view! { <Home home=home/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn Home(home: KioskHome) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_ctx();
    let place = ctx.kiosk.as_ref().map(|k| k.place.clone()).unwrap_or_default();
    let visitor = home.visitor.is_some();
    let voted = move |channel: Option<String>| {
        channel.map(|c| {
            let how = i18n.t(&format!("channel-{c}"));
            view! { <p class="kiosk-voted">{i18n.t_args("kiosk-already-voted", &[("channel", how)])}</p> }
        })
    };
    let who = match home.visitor.clone() {
        Some(name) => view! {
            <section class="kiosk-visitor" aria-labelledby="visite">
                <h2 id="visite">{i18n.t_args("kiosk-hello", &[("name", name)])}</h2>
                <p>{i18n.t("kiosk-hello-body")}</p>
            </section>
        }
        .into_any(),
        None => view! {
            <section class="kiosk-code" aria-labelledby="code-titre">
                <h2 id="code-titre">{i18n.t("kiosk-code-title")}</h2>
                <form method="post" action=CODE class="form">
                    <CsrfField/>
                    <Field path=HOME name="code" label="field-kiosk-code" hint="hint-kiosk-code" autocomplete="off"/>
                    <button type="submit" class="button">{i18n.t("kiosk-code-submit")}</button>
                </form>
            </section>
        }
        .into_any(),
    };
    let none = move |empty: bool| empty.then(|| view! { <p class="hint">{i18n.t("kiosk-none")}</p> });
    let empty = [home.consultations.is_empty(), home.budgets.is_empty(), home.sensors.is_empty()];
    let consultations = home
        .consultations
        .into_iter()
        .map(|c| {
            view! {
                <li class="kiosk-item">
                    <a class="kiosk-tile" href=paths::consultation(&c.slug)>{c.title.clone()}</a>
                    <p>{c.question.clone()}</p>
                    {voted(c.voted.clone())}
                </li>
            }
        })
        .collect_view();
    let budgets = home
        .budgets
        .into_iter()
        .map(|b| {
            let href =
                if visitor { crate::budgets::paths::ballot(&b.slug) } else { crate::budgets::paths::page(&b.slug) };
            view! {
                <li class="kiosk-item">
                    <a class="kiosk-tile" href=href>{b.title.clone()}</a>
                    {voted(b.voted.clone())}
                </li>
            }
        })
        .collect_view();
    let map = (!home.sensors.is_empty()).then(|| {
        let features: Vec<serde_json::Value> = home.sensors.iter().map(|s| serde_json::json!({
            "type": "Feature",
            "geometry": { "type": "Point", "coordinates": [s.position.1, s.position.0] },
            "properties": { "id": s.reference, "title": s.name },
        })).collect();
        let data = serde_json::json!({ "type": "FeatureCollection", "features": features }).to_string();
        let here = home.here.map(|(lat, lon)| serde_json::json!([lon, lat]).to_string());
        view! {
            <div class="map carte-projets" data-projects=data data-anchor="#capteur-" data-districts=crate::sensors::paths::DISTRICTS_GEOJSON
                data-streets=crate::sensors::paths::STREETS_GEOJSON data-here=here data-here-label=i18n.t("kiosk-here")></div>
            <crate::ui::MapAssets/>
        }
    });
    let sensors = home.sensors.into_iter().map(|s| view! {
        <li class="kiosk-item" id=format!("capteur-{}", s.reference)>
            <a class="kiosk-tile" href=crate::sensors::paths::sensor(&s.reference)>{s.name.clone()}</a>
            <p>{i18n.t(&format!("domain-{}", s.domain.replace('_', "-")))} " — " {i18n.t_args("kiosk-metres", &[("metres", s.metres.to_string())])}</p>
        </li>
    }).collect_view();
    view! {
        <Title text=format!("{} — {}", i18n.t("kiosk-title"), ctx.town_name)/>
        <h1>{i18n.t_args("kiosk-welcome", &[("place", place)])}</h1>
        <FormMessages path=HOME/>
        {who}
        <section aria-labelledby="k-consultations">
            <h2 id="k-consultations">{i18n.t("kiosk-consultations")}</h2>
            {none(empty[0])}
            <ul class="kiosk-list">{consultations}</ul>
        </section>
        <section aria-labelledby="k-budgets">
            <h2 id="k-budgets">{i18n.t("kiosk-budgets")}</h2>
            {none(empty[1])}
            <ul class="kiosk-list">{budgets}</ul>
        </section>
        <section aria-labelledby="k-decisions">
            <h2 id="k-decisions">{i18n.t("kiosk-decisions")}</h2>
            <crate::governance::pages::LatestDecisions count=5 none="kiosk-none"/>
        </section>
        <section aria-labelledby="k-sensors">
            <h2 id="k-sensors">{i18n.t("kiosk-sensors")}</h2>
            {none(empty[2])}
            {map}
            <ul class="kiosk-list">{sensors}</ul>
        </section>
    }
}

/// `/borne/appairer`: the code an admin got when registering the kiosk makes this browser the kiosk.
#[component]
pub fn PairPage() -> impl IntoView {
    let i18n = use_i18n();
    let current = use_ctx().kiosk.map(|k| format!("{} — {}", k.name, k.place));
    view! {
        <Title text=i18n.t("kiosk-pair-title")/>
        <h1>{i18n.t("kiosk-pair-title")}</h1>
        <FormMessages path=PAIR/>
        {current.map(|k| view! { <p class="notice" role="status">{i18n.t_args("kiosk-pair-current", &[("kiosk", k)])}</p> })}
        <p>{i18n.t("kiosk-pair-body")}</p>
        <form method="post" action=PAIR class="form">
            <CsrfField/>
            <Field path=PAIR name="code" label="field-pairing-code" autocomplete="off" required=true/>
            <button type="submit" class="button">{i18n.t("kiosk-pair-submit")}</button>
        </form>
    }
}

/// `/borne/consultations/:slug`: the question, what the use case is for, and the vote: a touch chooses
/// (`?choix=`, a plain link-like form), a second touch confirms the chosen answer, marked, before it is cast.
#[component]
pub fn KioskVotePage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_params_map().with_untracked(|p| p.get("slug").unwrap_or_default());
    let data = Resource::new(move || slug.clone(), load_kiosk_vote);
    view! {
        <Suspense fallback=move || view! { <p>{i18n.t("loading")}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => {
                        let chosen = use_query_map()
                            .with_untracked(|q| q.get("choix"))
                            .and_then(|c| crate::consultations::Choice::from_code(&c));
                        view! { <Vote v=v chosen=chosen/> }.into_any()
                    }
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <p role="alert">{i18n.t("error-internal")}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Vote(v: KioskVote, chosen: Option<crate::consultations::Choice>) -> impl IntoView {
    let i18n = use_i18n();
    let here = paths::consultation(&v.slug);
    let proof_needed = v.mine.as_ref().is_some_and(|(_, channel)| channel == "web");
    let mine = v.mine.clone().map(|(at, channel)| {
        let args = [
            ("date", crate::format::date_time_words(i18n.lang(), at)),
            ("channel", i18n.t(&format!("channel-{channel}"))),
        ];
        view! { <p class="notice kiosk-voted" role="status">{i18n.t_args("kiosk-vote-mine", &args)}</p> }
    });
    let action = match (v.visitor, v.refused.clone()) {
        (false, _) => view! { <crate::ui::gate::CodeNeeded/> }.into_any(),
        (true, Some(key)) => view! { <p class="notice" role="status">{i18n.t(&key)}</p> }.into_any(),
        (true, None) => match chosen {
            // First touch: choose. Nothing is cast yet.
            None => view! {
                {mine}
                <form method="get" action=here.clone() class="kiosk-vote">
                    <fieldset>
                        <legend>{v.question.clone()}</legend>
                        {crate::consultations::Choice::ALL.iter().map(|c| view! {
                            <button type="submit" class="button kiosk-choice" name="choix" value=c.code()>{i18n.t(&c.label_key())}</button>
                        }).collect_view()}
                    </fieldset>
                </form>
            }
            .into_any(),
            // Second touch: the chosen answer, marked, and the confirmation (or another answer).
            Some(choice) => {
                let words = i18n.t(&choice.label_key());
                view! {
                    {proof_needed.then(|| view! { <HolderCodeRequest back=format!("{here}?choix={}", choice.code())/> })}
                    <section class="kiosk-confirm" aria-labelledby="confirmer">
                        <h2 id="confirmer" tabindex="-1">{i18n.t("kiosk-confirm-title")}</h2>
                        <form method="get" action=here.clone() class="kiosk-vote">
                            <fieldset>
                                <legend>{v.question.clone()}</legend>
                                {crate::consultations::Choice::ALL.iter().map(|c| {
                                    let current = *c == choice;
                                    let label = i18n.t(&c.label_key());
                                    view! {
                                        <button type="submit" class="button kiosk-choice" class:kiosk-chosen=current name="choix"
                                            value=c.code() aria-pressed=if current { "true" } else { "false" }>
                                            {current.then(|| view! { <span aria-hidden="true">"✓ "</span> })}
                                            {label}
                                            {current.then(|| view! { " " <span class="kiosk-chosen-words">{i18n.t("kiosk-chosen")}</span> })}
                                        </button>
                                    }
                                }).collect_view()}
                            </fieldset>
                        </form>
                        <form method="post" action=here.clone() class="kiosk-vote">
                            <CsrfField/>
                            <input type="hidden" name="choice" value=choice.code()/>
                            <input type="hidden" name="confirm" value="yes"/>
                            {proof_needed.then(|| view! {
                                <Field path=here.clone() name="account_password" label="field-holder-password" kind="password"
                                    hint="field-holder-password-hint" autocomplete="current-password" required=true/>
                            })}
                            <button type="submit" class="button kiosk-confirm-button">
                                {i18n.t_args("kiosk-confirm-button", &[("choice", words)])}
                            </button>
                        </form>
                        <p><a class="kiosk-tile" href=here.clone()>{i18n.t("kiosk-confirm-cancel")}</a></p>
                    </section>
                }
                .into_any()
            }
        },
    };
    view! {
        <Title text=v.title.clone()/>
        <p class="breadcrumb"><a href=HOME>{i18n.t("kiosk-back-home")}</a></p>
        <h1>{v.title.clone()}</h1>
        <FormMessages path=here.clone()/>
        <p class="lead">{v.question.clone()}</p>
        <dl class="facts">
            <dt>{i18n.t("kiosk-vote-purpose")}</dt>
            <dd>{v.purpose.clone()}</dd>
            <dt>{i18n.t("kiosk-vote-data")}</dt>
            <dd>{v.data.clone()}</dd>
        </dl>
        {action}
        <p><a href=crate::consultations::paths::page(&v.slug)>{i18n.t("kiosk-vote-more")}</a></p>
    }
}
