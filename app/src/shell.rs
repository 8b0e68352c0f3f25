//! The HTML document, the page layout (header, navigation, footer) and the route table.

use crate::access::{can, Action, Resource};
use crate::accounts::pages as account_pages;
use crate::ctx::{self, use_ctx};
use crate::i18n::{use_i18n, I18n, Lang};
use crate::sensors::pages as sensor_pages;
use crate::ui::gate::NotFound;
use crate::ui::{CsrfField, FormMessages};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::hooks::use_location;
use leptos_router::{path, SsrMode};

use crate::accounts::paths as accounts;
use crate::budgets::paths as budgets;
use crate::consultations::paths as consultations;
use crate::governance::paths as decisions;
use crate::governance::projects::paths as projects;
use crate::sensors::paths as sensors;

/// The pages the layout itself serves.
pub mod paths {
    /// The home page.
    pub const HOME: &str = "/";
    /// The legal notice.
    pub const LEGAL: &str = "/mentions-legales";
    /// The accessibility statement.
    pub const ACCESSIBILITY: &str = "/accessibilite";
    /// The ecodesign self-assessment (RGESN).
    pub const ECODESIGN: &str = "/ecoconception";
}
use paths::HOME;

/// The whole document, rendered on the server only (the browser hydrates `<body>`).
pub fn shell(_options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(parts) = use_context::<axum::http::request::Parts>() {
        if let Some(nonce) = parts.extensions.get::<crate::web::CspNonce>() {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0.clone()));
        }
    }
    // Islands only: the rest of the page is never hydrated, so nothing of it (resources included) is serialised
    // into the page for the browser.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let ctx = ctx::load();
    let lang = ctx.lang.code();
    use crate::ui::paths::{asset, BUNDLE_JS, BUNDLE_WASM, ICON, STYLE};
    let loader = format!("{}({:?}, {:?});", include_str!("islands.js"), asset(BUNDLE_JS), asset(BUNDLE_WASM));
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <meta name="description" content=crate::i18n::I18n(ctx.lang).t_args("site-description", &[("town", ctx.town_name.clone())])/>
                <link rel="stylesheet" href=asset(STYLE)/>
                <link rel="icon" href=asset(ICON) type="image/svg+xml"/>
                <script type="module" nonce=leptos::nonce::use_nonce() inner_html=loader></script>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The application: context, layout and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let ctx = ctx::load();
    provide_context(ctx);
    view! {
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/capteurs") view=sensor_pages::SensorsPage ssr=SsrMode::Async/>
                    <Route path=path!("/capteurs/nouveau") view=sensor_pages::NewSensorPage ssr=SsrMode::Async/>
                    <Route path=path!("/capteurs/importer") view=sensor_pages::ImportPage/>
                    <Route path=path!("/adresses/importer") view=crate::addresses::pages::AddressImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/capteurs/:reference") view=sensor_pages::SensorPage ssr=SsrMode::Async/>
                    <Route path=path!("/capteurs/:reference/modifier") view=sensor_pages::EditSensorPage ssr=SsrMode::Async/>
                    <Route path=path!("/capteurs/:reference/panneau") view=sensor_pages::NoticePage ssr=SsrMode::Async/>
                    <Route path=path!("/capteurs/:reference/raccordement") view=crate::ingest::pages::ConnectionPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/integrations") view=crate::ingest::pages::IntegrationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/conservation") view=crate::ingest::pages::AlarmsPage ssr=SsrMode::Async/>
                    <Route path=path!("/donnees-ouvertes") view=sensor_pages::OpenDataPage/>
                    <Route path=path!("/consultations") view=crate::consultations::pages::ConsultationsPage ssr=SsrMode::Async/>
                    <Route path=path!("/consultations/nouvelle") view=crate::consultations::pages::NewConsultationPage/>
                    <Route path=path!("/consultations/propositions") view=crate::consultations::pages::ProposalsPage ssr=SsrMode::Async/>
                    <Route path=path!("/consultations/:slug") view=crate::consultations::pages::ConsultationPage ssr=SsrMode::Async/>
                    <Route path=path!("/consultations/:slug/modifier") view=crate::consultations::pages::EditConsultationPage ssr=SsrMode::Async/>
                    <Route path=path!("/moderation") view=crate::moderation::pages::QueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/moderation/signaler") view=crate::moderation::pages::ReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/moderation/journal") view=crate::moderation::pages::PublicLogPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/journal") view=crate::moderation::pages::AuditLogPage ssr=SsrMode::Async/>
                    <Route path=path!("/budgets") view=crate::budgets::pages::BudgetsPage ssr=SsrMode::Async/>
                    <Route path=path!("/budgets/nouveau") view=crate::budgets::pages::NewBudgetPage/>
                    <Route path=path!("/budgets/:slug") view=crate::budgets::pages::BudgetPage ssr=SsrMode::Async/>
                    <Route path=path!("/budgets/:slug/proposer") view=crate::budgets::pages::ProposePage ssr=SsrMode::Async/>
                    <Route path=path!("/budgets/:slug/vote") view=crate::budgets::pages::BallotPage ssr=SsrMode::Async/>
                    <Route path=path!("/budgets/:slug/recu") view=crate::budgets::pages::ReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/budgets/:slug/papier") view=crate::budgets::pages::PaperPage ssr=SsrMode::Async/>
                    <Route path=path!("/budgets/papier/:id") view=crate::budgets::pages::BatchPage ssr=SsrMode::Async/>
                    <Route path=path!("/budgets/projets/:id/examen") view=crate::budgets::pages::ReviewPage ssr=SsrMode::Async/>
                    <Route path=path!("/decisions") view=crate::governance::pages::DecisionsPage ssr=SsrMode::Async/>
                    <Route path=path!("/decisions/nouvelle") view=crate::governance::pages::NewDecisionPage ssr=SsrMode::Async/>
                    <Route path=path!("/decisions/:id") view=crate::governance::pages::DecisionPage ssr=SsrMode::Async/>
                    <Route path=path!("/projets") view=crate::governance::projects::pages::ProjectsPage ssr=SsrMode::Async/>
                    <Route path=path!("/projets/nouveau") view=crate::governance::projects::manage::NewProjectPage ssr=SsrMode::Async/>
                    <Route path=path!("/projets/:id") view=crate::governance::projects::pages::ProjectPage ssr=SsrMode::Async/>
                    <Route path=path!("/projets/:id/suivi") view=crate::governance::projects::manage::ManageProjectPage ssr=SsrMode::Async/>
                    <Route path=path!("/bilan") view=crate::reports::bulletin::pages::BulletinsPage ssr=SsrMode::Async/>
                    <Route path=path!("/bilan/:periode") view=crate::reports::bulletin::pages::BulletinPage ssr=SsrMode::Async/>
                    <Route path=path!("/tableau-de-bord") view=crate::reports::dashboard::pages::TownDashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/tableau-de-bord/consultations/:slug") view=crate::reports::dashboard::pages::ConsultationDashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/tableau-de-bord/budgets/:slug") view=crate::reports::dashboard::pages::BudgetDashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/borne") view=crate::kiosk::pages::KioskHomePage ssr=SsrMode::Async/>
                    <Route path=path!("/borne/appairer") view=crate::kiosk::pages::PairPage/>
                    <Route path=path!("/borne/consultations/:slug") view=crate::kiosk::pages::KioskVotePage ssr=SsrMode::Async/>
                    <Route path=path!("/guichet") view=crate::kiosk::desk::DeskPage ssr=SsrMode::Async/>
                    <Route path=path!("/guichet/residence") view=crate::kiosk::desk::DeskResidencePage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/bornes") view=crate::kiosk::desk::KiosksPage ssr=SsrMode::Async/>
                    <Route path=path!("/mentions-legales") view=LegalPage/>
                    <Route path=path!("/ecoconception") view=EcodesignPage/>
                    <Route path=path!("/accessibilite") view=AccessibilityPage/>
                    <Route path=path!("/compte/inscription") view=account_pages::RegisterPage/>
                    <Route path=path!("/compte/connexion") view=account_pages::LoginPage/>
                    <Route path=path!("/compte/verifier") view=account_pages::VerifyPage ssr=SsrMode::Async/>
                    <Route path=path!("/compte/mot-de-passe-oublie") view=account_pages::ForgotPage/>
                    <Route path=path!("/compte/reinitialiser") view=account_pages::ResetPage ssr=SsrMode::Async/>
                    <Route path=path!("/compte/connexion-par-lien") view=account_pages::LinkSignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/compte") view=account_pages::AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/compte/notifications") view=crate::notifications::pages::PreferencesPage ssr=SsrMode::Async/>
                    <Route path=path!("/compte/notifications/desabonner") view=crate::notifications::pages::UnsubscribePage/>
                    <Route path=path!("/admin/utilisateurs") view=account_pages::AdminUsersPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/registre") view=crate::eligibility::pages::RegisterPage ssr=SsrMode::Async/>
                    <Route path=path!("/admin/courriers") view=crate::eligibility::pages::LettersPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}

/// Header, navigation, main landmark and footer around every page (the kiosk's own on a paired kiosk).
#[component]
fn Layout(children: Children) -> impl IntoView {
    let ctx = use_ctx();
    if let Some(kiosk) = ctx.kiosk.clone() {
        return view! { <KioskLayout kiosk=kiosk visit=ctx.kiosk_visit>{children()}</KioskLayout> }.into_any();
    }
    let i18n = use_i18n();
    let user = ctx.user.clone();
    let assists = can(user.as_ref(), Action::AssistResidents, Resource::Site);
    let is_admin = can(user.as_ref(), Action::Administer, Resource::Site);
    let reads_outcomes = can(user.as_ref(), Action::ReadOutcomes, Resource::Site);
    let moderates = can(user.as_ref(), Action::Moderate, Resource::Site);
    let nav = [
        (sensors::LIST, "nav-sensors"),
        (consultations::LIST, "nav-consultations"),
        (budgets::LIST, "nav-budgets"),
        (decisions::LIST, "nav-decisions"),
        (projects::LIST, "nav-projects"),
    ];
    // The account's links, in the wide header and in the phone's menu alike.
    let account_links = move || {
        match user.clone() {
        Some(u) => view! {
            <ul>
                {reads_outcomes.then(|| view! { <li><A href=crate::reports::dashboard::paths::TOWN>{i18n.t("nav-dashboard")}</A></li> })}
                {moderates.then(|| view! { <li><A href=crate::moderation::paths::QUEUE>{i18n.t("nav-moderation")}</A></li> })}
                {assists.then(|| view! { <li><A href=crate::kiosk::paths::DESK>{i18n.t("nav-desk")}</A></li> })}
                {is_admin.then(|| view! { <li><A href=accounts::ADMIN_USERS>{i18n.t("nav-admin")}</A></li> })}
                <li><A href=accounts::ACCOUNT>{i18n.t("nav-my-account")}" (" {u.display_name.clone()} ")"</A></li>
                <li>
                    <form method="post" action=accounts::LOGOUT>
                        <CsrfField/>
                        <button type="submit" class="link-button">{i18n.t("nav-sign-out")}</button>
                    </form>
                </li>
            </ul>
        }.into_any(),
        None => view! {
            <ul>
                <li><A href=accounts::LOGIN>{i18n.t("nav-sign-in")}</A></li>
                <li><A href=accounts::REGISTER>{i18n.t("nav-register")}</A></li>
            </ul>
        }.into_any(),
    }
    };
    view! {
        <a class="skip-link" href="#contenu">{i18n.t("skip-to-content")}</a>
        <header class="site-header">
            <div class="header-inner">
                <p class="site-title">
                    <A href=HOME>{ctx.town_name.clone()}</A>
                    <span class="site-tagline">{i18n.t("site-tagline")}</span>
                </p>
                // On a phone the navigation folds into a disclosure: a button that works without JavaScript, and
                // a header that leaves the screen to the page. The wide header below shows the same links.
                <details class="site-menu">
                    <summary>{i18n.t("nav-menu")}</summary>
                    <div class="site-menu-panel">
                        <nav class="main-nav" aria-label=i18n.t("nav-main-label")>{link_list(i18n, &nav)}</nav>
                        <nav class="account-nav" aria-label=i18n.t("nav-account-label")>{account_links.clone()}</nav>
                        <LanguageSwitch/>
                    </div>
                </details>
                <div class="header-tools wide-only">
                    <LanguageSwitch/>
                    <nav class="account-nav" aria-label=i18n.t("nav-account-label")>{account_links}</nav>
                </div>
            </div>
            <nav class="main-nav wide-only" aria-label=i18n.t("nav-main-label")>{link_list(i18n, &nav)}</nav>
        </header>
        <main id="contenu" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            {link_list(
                i18n,
                &[
                    (paths::LEGAL, "footer-legal"),
                    (paths::ACCESSIBILITY, "footer-accessibility"),
                    (paths::ECODESIGN, "footer-ecodesign"),
                    (sensors::OPEN_DATA, "footer-open-data"),
                    (crate::reports::bulletin::paths::LIST, "footer-bulletin"),
                ],
            )}
            <p>{i18n.t("footer-free-software")}</p>
        </footer>
    }
    .into_any()
}

/// A list of the site's own links (navigation, footer): address and Fluent key of the text.
fn link_list(i18n: I18n, links: &[(&'static str, &'static str)]) -> impl IntoView {
    let items = links.iter().map(|&(href, key)| view! { <li><A href=href>{i18n.t(key)}</A></li> }).collect_view();
    view! { <ul>{items}</ul> }
}

/// The language switch: one button per language, posting back to the page shown.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let here = move || {
        let search = location.search.get();
        let path = location.pathname.get();
        if search.is_empty() {
            path
        } else {
            format!("{path}?{search}")
        }
    };
    view! {
        <form method="post" action=crate::i18n::paths::LANGUAGE class="lang-switch">
            <CsrfField/>
            <input type="hidden" name="next" value=here/>
            {Lang::ALL
                .into_iter()
                .map(|l| {
                    let current = l == i18n.lang();
                    view! {
                        <button type="submit" name="lang" value=l.code() lang=l.code() aria-pressed=if current { "true" } else { "false" }>
                            {l.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </form>
    }
}

/// A kiosk's layout: big type and targets, the place, the language switch, "Terminer" during a visit, only
/// the town's own pages, and the idle dialog that `borne.js` opens before the kiosk returns to its home.
#[component]
fn KioskLayout(kiosk: crate::ctx::KioskInfo, visit: bool, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_ctx();
    let nav = [
        (crate::kiosk::paths::HOME, "kiosk-nav-home"),
        (sensors::LIST, "nav-sensors"),
        (consultations::LIST, "nav-consultations"),
        (budgets::LIST, "nav-budgets"),
        (decisions::LIST, "nav-decisions"),
    ];
    let warning = crate::kiosk::rules::WARNING;
    view! {
        <a class="skip-link" href="#contenu">{i18n.t("skip-to-content")}</a>
        <div class="kiosk" data-idle=kiosk.idle_seconds data-warning=warning data-visit=if visit { "true" } else { "false" }>
            <header class="site-header kiosk-header">
                <div class="header-inner">
                    <p class="site-title">
                        <A href=crate::kiosk::paths::HOME>{ctx.town_name.clone()}</A>
                        <span class="site-tagline">{kiosk.place.clone()}</span>
                    </p>
                    <div class="header-tools">
                        <LanguageSwitch/>
                        {visit.then(|| view! {
                            <form method="post" action=crate::kiosk::paths::END class="kiosk-end">
                                <button type="submit" class="button">{i18n.t("kiosk-end")}</button>
                            </form>
                        })}
                    </div>
                </div>
                <nav class="main-nav" aria-label=i18n.t("nav-main-label")>{link_list(i18n, &nav)}</nav>
            </header>
            <main id="contenu" tabindex="-1">
                {children()}
            </main>
            <footer class="site-footer">{link_list(i18n, &[(paths::ACCESSIBILITY, "footer-accessibility")])}</footer>
            <dialog id="borne-inactivite" aria-labelledby="borne-inactivite-titre" aria-describedby="borne-inactivite-texte">
                <h2 id="borne-inactivite-titre">{i18n.t("kiosk-idle-title")}</h2>
                <p id="borne-inactivite-texte">
                    {i18n.t("kiosk-idle-body")} " " <span id="borne-decompte" role="timer"></span>
                </p>
                <div class="actions">
                    <button type="button" class="button" id="borne-continuer">{i18n.t("kiosk-idle-continue")}</button>
                    <form method="post" action=crate::kiosk::paths::END class="inline-form">
                        <button type="submit" class="button secondary">{i18n.t("kiosk-end")}</button>
                    </form>
                </div>
            </dialog>
            <script src=crate::ui::paths::asset(crate::kiosk::paths::SCRIPT)></script>
        </div>
    }
}

/// The home page.
#[component]
fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = use_ctx();
    let town = ctx.town_name.clone();
    let cards = [
        (sensors::LIST, "nav-sensors", "home-sensors"),
        (consultations::LIST, "nav-consultations", "home-consultations"),
        (budgets::LIST, "nav-budgets", "home-budgets"),
        (decisions::LIST, "nav-decisions", "home-decisions"),
        (projects::LIST, "nav-projects", "home-projects"),
    ];
    view! {
        <Title text=format!("{} — Clairvoie", town)/>
        <FormMessages path=HOME/>
        <h1>{i18n.t_args("home-title", &[("town", town.clone())])}</h1>
        <p class="lead">{i18n.t("home-lead")}</p>
        <ul class="cards">
            {cards
                .into_iter()
                .map(|(href, title, text)| view! {
                    <li class="card">
                        <h2><A href=href>{i18n.t(title)}</A></h2>
                        <p>{i18n.t(text)}</p>
                    </li>
                })
                .collect_view()}
        </ul>
    }
}

/// The legal notice.
#[component]
fn EcodesignPage() -> impl IntoView {
    use crate::ui::paths::{built, BUNDLE_JS, BUNDLE_WASM, MAPLIBRE, MAPLIBRE_WORKER, STYLE};
    let i18n = use_i18n();
    let lang = i18n.lang();
    // The figures are this build's own (the manifest `site pack` wrote), never typed in by hand.
    let kb = |names: &[&str]| -> Option<String> {
        let bytes = names.iter().map(|n| built(n).map(|a| a.brotli)).sum::<Option<u64>>()?;
        Some(crate::format::integer(lang, i64::try_from(bytes.div_ceil(1024)).unwrap_or(i64::MAX)))
    };
    let figure = |key: &'static str, names: &[&str]| match kb(names) {
        Some(size) => i18n.t_args(key, &[("size", size)]),
        None => i18n.t("eco-not-built"),
    };
    let done = [
        i18n.t("eco-done-server"),
        figure("eco-done-bundle", &[BUNDLE_WASM, BUNDLE_JS]),
        figure("eco-done-style", &[STYLE]),
        figure("eco-done-map", &[MAPLIBRE, MAPLIBRE_WORKER]),
        i18n.t("eco-done-cache"),
        i18n.t("eco-done-third-parties"),
        i18n.t("eco-done-devices"),
        i18n.t("eco-done-data"),
        i18n.t("eco-done-measured"),
    ];
    let todo = ["eco-todo-audit", "eco-todo-photos", "eco-todo-hosting", "eco-todo-sensors"];
    view! {
        <Title text=i18n.t("footer-ecodesign")/>
        <h1>{i18n.t("eco-title")}</h1>
        <p>{i18n.t("eco-intro")}</p>
        <h2>{i18n.t("eco-done-title")}</h2>
        <ul>{done.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
        <h2>{i18n.t("eco-todo-title")}</h2>
        <ul>{todo.into_iter().map(|k| view! { <li>{i18n.t(k)}</li> }).collect_view()}</ul>
        <h2>{i18n.t("eco-contact-title")}</h2>
        <p>{i18n.t("eco-contact")}</p>
    }
}

#[component]
fn LegalPage() -> impl IntoView {
    let i18n = use_i18n();
    let town = use_ctx().town_name;
    view! {
        <Title text=i18n.t("footer-legal")/>
        <h1>{i18n.t("footer-legal")}</h1>
        <p>{i18n.t_args("legal-publisher", &[("town", town.clone())])}</p>
        <h2>{i18n.t("legal-data-title")}</h2>
        <p>{i18n.t("legal-data")}</p>
        <h2>{i18n.t("legal-cookies-title")}</h2>
        <p>{i18n.t("legal-cookies")}</p>
    }
}

/// The accessibility statement, in the RGAA's format: conformance, test results, known gaps, exemptions,
/// how it was established, contact and remedies.
#[component]
fn AccessibilityPage() -> impl IntoView {
    let i18n = use_i18n();
    let town = use_ctx().town_name;
    let section = |title: &'static str, body: &'static str| {
        view! {
            <h2>{i18n.t(title)}</h2>
            <p>{i18n.t(body)}</p>
        }
    };
    view! {
        <Title text=i18n.t("footer-accessibility")/>
        <h1>{i18n.t("a11y-title")}</h1>
        <p>{i18n.t_args("a11y-commitment", &[("town", town.clone())])}</p>
        <p>{i18n.t("a11y-scope")}</p>
        {section("a11y-status-title", "a11y-status")}
        {section("a11y-results-title", "a11y-results")}
        <h2>{i18n.t("a11y-gaps-title")}</h2>
        <p>{i18n.t("a11y-gaps-intro")}</p>
        <ul>
            {["a11y-gap-map", "a11y-gap-charts", "a11y-gap-content", "a11y-gap-readers"]
                .into_iter()
                .map(|k| view! { <li>{i18n.t(k)}</li> })
                .collect_view()}
        </ul>
        {section("a11y-exempt-title", "a11y-exempt")}
        {section("a11y-kiosk-title", "a11y-kiosk")}
        <h2>{i18n.t("a11y-established-title")}</h2>
        <p>{i18n.t("a11y-established")}</p>
        <p>{i18n.t("a11y-tech")}</p>
        <p>{i18n.t("a11y-env")}</p>
        {section("a11y-contact-title", "a11y-contact")}
        {section("a11y-remedy-title", "a11y-remedy")}
    }
}
