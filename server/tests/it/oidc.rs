//! OpenID Connect sign-in against a real provider: node-oidc-provider (`end2end/oidc/provider.mjs`), started
//! once for this test binary. The browser's part at the provider (the person signing in there) is played by
//! following its redirects with its cookies; everything Clairvoie does — discovery, PKCE, the code exchange, the
//! ID token's signature, issuer, audience, expiry and nonce — is the real thing.

use crate::common::{self, Engine, TestApp};
use app::config::OidcProvider;
use axum::body::Body;
use axum::http::Request;
use std::collections::BTreeMap;
use std::io::BufRead;
use std::sync::OnceLock;

/// The provider's issuer, once it listens. Its standard input is kept open here: the provider exits when this
/// test binary does.
fn issuer() -> &'static str {
    static ISSUER: OnceLock<(String, std::process::ChildStdin, std::process::Child)> = OnceLock::new();
    &ISSUER
        .get_or_init(|| {
            let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../end2end/oidc/provider.mjs");
            let modules = concat!(env!("CARGO_MANIFEST_DIR"), "/../end2end/node_modules/oidc-provider");
            assert!(
                std::path::Path::new(modules).exists(),
                "oidc-provider is not installed: run `npm ci` in end2end/ (the README's test command does)"
            );
            let mut child = std::process::Command::new("node")
                .arg(script)
                .arg(port.to_string())
                .arg("http://localhost")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(if std::env::var_os("OIDC_DEBUG").is_some() {
                    std::process::Stdio::inherit()
                } else {
                    std::process::Stdio::null()
                })
                .spawn()
                .expect("node is needed for the OpenID Connect provider of the tests");
            let mut line = String::new();
            std::io::BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
            let issuer = line.trim().strip_prefix("ready ").unwrap_or_else(|| panic!("the provider said {line:?}"));
            let stdin = child.stdin.take().unwrap();
            (issuer.to_string(), stdin, child)
        })
        .0
}

/// The FranceConnect-like provider (identity at userinfo, residence matched against the register).
fn fc(issuer: &str) -> OidcProvider {
    OidcProvider {
        name: "fc".into(),
        label: "FranceConnect (essai)".into(),
        issuer: issuer.into(),
        client_id: "clairvoie-fc".into(),
        client_secret: "clairvoie-fc-secret".into(),
        scopes: vec!["email".into(), "profile".into()],
        acr_values: None,
        residence: true,
        roles_claim: None,
        roles: vec![],
    }
}

/// The town's directory, its groups mapped to roles when `mapped`.
fn directory(issuer: &str, mapped: bool) -> OidcProvider {
    OidcProvider {
        name: "annuaire".into(),
        label: "Annuaire de la mairie".into(),
        client_id: "clairvoie-staff".into(),
        client_secret: "clairvoie-staff-secret".into(),
        scopes: vec!["email".into(), "profile".into(), "groups".into()],
        residence: false,
        roles_claim: mapped.then(|| "groups".into()),
        roles: if mapped { vec![("mairie-moderation".into(), app::access::Role::Moderator)] } else { vec![] },
        ..fc(issuer)
    }
}

async fn app_with(engine: Engine, providers: Vec<OidcProvider>) -> TestApp {
    let app = TestApp::with_config(engine, |c| c.oidc = providers).await;
    app::eligibility::service::import_register_cli(&app.state, &app::demo::register_file()).await.unwrap();
    app
}

/// A browser at the provider: follows its redirects with its cookies until it is sent back to Clairvoie.
async fn at_provider(mut url: String) -> String {
    let mut jar: BTreeMap<String, String> = BTreeMap::new();
    for _ in 0..10 {
        if url.starts_with("http://localhost/") {
            return url;
        }
        let rest = url.strip_prefix("http://").unwrap_or_else(|| panic!("not the provider: {url}"));
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let mut request = Request::get(if path.is_empty() { "/" } else { path }).header("host", host);
        if !jar.is_empty() {
            let cookies: Vec<String> = jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
            request = request.header("cookie", cookies.join("; "));
        }
        let response = common::remote::send(host.parse().unwrap(), request.body(Body::empty()).unwrap()).await;
        for set in response.headers().get_all("set-cookie") {
            let pair = set.to_str().unwrap().split(';').next().unwrap();
            if let Some((name, value)) = pair.split_once('=') {
                jar.insert(name.to_string(), value.to_string());
            }
        }
        let status = response.status();
        let Some(location) = response.headers().get("location").map(|l| l.to_str().unwrap().to_string()) else {
            use http_body_util::BodyExt;
            let body = response.into_body().collect().await.unwrap().to_bytes();
            panic!("the provider answered {status} without a redirect: {}", String::from_utf8_lossy(&body));
        };
        url = if location.starts_with('/') { format!("http://{host}{location}") } else { location };
    }
    panic!("too many redirects at the provider");
}

/// Clicks "Se connecter avec …" (`provider`) as `person`, with the authorization request changed by `tamper`;
/// returns the address the provider sends the browser back to (path and query).
async fn sign_in_as(
    app: &mut TestApp,
    provider: &str,
    person: &str,
    next: &str,
    tamper: impl FnOnce(String) -> String,
) -> String {
    let page = app.post(&format!("/compte/oidc/{provider}"), &[("next", next)]).await;
    assert_eq!(page.status, 303, "{}", page.body);
    let authorize = page.location.unwrap();
    assert!(authorize.starts_with(issuer()), "{authorize}");
    for needle in ["code_challenge=", "code_challenge_method=S256", "state=", "nonce=", "response_type=code"] {
        assert!(authorize.contains(needle), "{needle} missing in {authorize}");
    }
    let back = at_provider(tamper(format!("{authorize}&login_hint={person}"))).await;
    back.strip_prefix("http://localhost").unwrap().to_string()
}

/// Follows the return and the redirect after it: the page the person lands on.
async fn come_back(app: &mut TestApp, back: &str) -> common::Page {
    let page = app.get(back).await;
    assert_eq!(page.status, 303, "{}", page.body);
    app.get(page.location.as_deref().unwrap()).await
}

async fn signed_in_as(app: &mut TestApp) -> Option<String> {
    let page = app.get("/compte").await;
    (page.status == 200 && page.body.contains("action=\"/compte/deconnexion\"")).then(|| page.text())
}

async fn account(app: &TestApp, email: &str) -> Option<(i64, Option<i64>, Option<String>, Option<String>)> {
    sqlx::query_as(
        "SELECT id, email_verified_at, residence_method, (SELECT slug FROM districts d WHERE d.id = u.residence_district_id) \
         FROM users u WHERE email = $1",
    )
    .bind(email)
    .fetch_optional(&app.state.db.pool)
    .await
    .unwrap()
}

async fn links(app: &TestApp) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM oidc_identities").fetch_one(&app.state.db.pool).await.unwrap();
    n
}

async fn audited(app: &TestApp, action: &str) -> Vec<String> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT reason FROM audit_log WHERE action = $1 ORDER BY seq")
        .bind(action)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    rows.into_iter().map(|(r,)| r).collect()
}

/// First sign-in: a resident account made at the provider's verified address, its residence verified from the
/// identity (LEFÈVRE, "Camille Anne", 3 September 1992 is on the register, in les Tilleuls); the next sign-in
/// finds the same account.
async fn first_sign_in_makes_a_verified_resident(engine: Engine) {
    let mut app = app_with(engine, vec![fc(issuer()), directory(issuer(), false)]).await;
    let login = app.get("/compte/connexion").await;
    assert!(login.body.contains("identifier avec FranceConnect (essai)"), "{}", login.body);
    assert!(login.body.contains("identifier avec Annuaire de la mairie"));
    // The button's post is redirected to the provider: the page's policy lets the form go there, and nowhere else.
    let csp = login.headers.get("content-security-policy").unwrap().to_str().unwrap();
    assert!(csp.contains(&format!("form-action 'self' {}; ", issuer())), "{csp}");
    let back = sign_in_as(&mut app, "fc", "camille", "/consultations", |u| u).await;
    assert!(back.starts_with("/compte/oidc/fc/retour?"), "{back}");
    let landed = come_back(&mut app, &back).await;
    assert!(landed.body.contains("votre résidence est vérifiée"), "{}", landed.text());
    let (id, verified, method, district) = account(&app, "camille.lefevre@example.org").await.unwrap();
    assert!(verified.is_some(), "the provider verified the address");
    assert_eq!(method.as_deref(), Some("oidc"));
    assert_eq!(district.as_deref(), Some("les-tilleuls"));
    assert!(signed_in_as(&mut app).await.unwrap().contains("Camille LEFÈVRE"));
    assert_eq!(audited(&app, "oidc_link").await, ["fc"]);
    assert_eq!(audited(&app, "residence_verify").await, ["fc"]);

    app.new_visitor();
    let back = sign_in_as(&mut app, "fc", "camille", "/", |u| u).await;
    let landed = come_back(&mut app, &back).await;
    assert_eq!(landed.status, 200);
    assert!(signed_in_as(&mut app).await.is_some());
    assert_eq!(account(&app, "camille.lefevre@example.org").await.unwrap().0, id);
    assert_eq!(links(&app).await, 1, "one identity, one account");
    let export = app.get("/compte/mes-donnees").await;
    assert!(
        export.body.contains("\"sign_in_providers\"") && export.body.contains("\"provider\": \"fc\""),
        "{}",
        export.body
    );
}

/// An address is linked to an existing account only when both the provider and the account verified it: the
/// same address unverified at the provider is refused (whoever holds the provider's account may not own the
/// address), verified it signs in to the resident's account — not to a staff account.
async fn existing_accounts_are_linked_by_verified_address_only(engine: Engine) {
    let mut app = app_with(engine, vec![fc(issuer())]).await;
    let resident = account(&app, "habitant@demo.clairvoie.fr").await.unwrap().0;
    let back = sign_in_as(&mut app, "fc", "unverified", "/", |u| u).await;
    let refused = come_back(&mut app, &back).await;
    assert!(refused.body.contains("n'a pas confirmé votre adresse"), "{}", refused.text());
    assert!(signed_in_as(&mut app).await.is_none());
    assert_eq!(links(&app).await, 0);

    app.new_visitor();
    let back = sign_in_as(&mut app, "fc", "hugo", "/", |u| u).await;
    come_back(&mut app, &back).await;
    assert!(signed_in_as(&mut app).await.unwrap().contains("Habitant"));
    let (id, _, method, district) = account(&app, "habitant@demo.clairvoie.fr").await.unwrap();
    assert_eq!(id, resident, "no second account");
    assert_eq!((method.as_deref(), district.as_deref()), (Some("oidc"), Some("centre-ville")));

    // A residents' provider vouching for an administrator's address does not open the administrator's account.
    app.new_visitor();
    let back = sign_in_as(&mut app, "fc", "mayor", "/", |u| u).await;
    let refused = come_back(&mut app, &back).await;
    assert!(refused.body.contains("Les comptes du personnel de la mairie se connectent"), "{}", refused.text());
    assert!(signed_in_as(&mut app).await.is_none());

    // An address the provider did not verify makes no account either.
    app.new_visitor();
    let back = sign_in_as(&mut app, "fc", "newunverified", "/", |u| u).await;
    let refused = come_back(&mut app, &back).await;
    assert!(refused.body.contains("n'a pas confirmé votre adresse"), "{}", refused.text());
    assert!(account(&app, "nouvelle@example.org").await.is_none());
    assert!(signed_in_as(&mut app).await.is_none());

    // A person without an address at the provider gets no account.
    app.new_visitor();
    let back = sign_in_as(&mut app, "fc", "noemail", "/", |u| u).await;
    let refused = come_back(&mut app, &back).await;
    assert!(refused.body.contains("n'a pas communiqué d'adresse"), "{}", refused.text());
}

/// The attacks on the return: a `state` changed on the way, the same return used twice, a return opened in
/// another browser than the one that started (a login CSRF), a `nonce` changed in the authorization request, an
/// ID token expired or signed with a key the provider never published — each refused, no one signed in, no
/// account made.
async fn tampered_returns_are_refused(engine: Engine) {
    let mut app = app_with(engine, vec![fc(issuer())]).await;
    let users = common::consultations::count(&app, "users").await;
    let refused =
        |page: &common::Page| page.body.contains("la réponse du fournisseur d'identité n'a pas pu être vérifiée");

    // state
    let back = sign_in_as(&mut app, "fc", "stranger", "/", |u| u).await;
    let (before, after) = back.split_once("state=").unwrap();
    // One character changed (never to itself: a random state starting with "A" once made this the genuine one).
    let changed = if after.starts_with('A') { 'B' } else { 'A' };
    let forged = format!("{before}state={changed}{}", &after[1..]);
    let page = come_back(&mut app, &forged).await;
    assert!(refused(&page), "tampered state: {}", page.text());
    assert!(signed_in_as(&mut app).await.is_none());
    // The genuine return, now: the sign-in it belonged to was used up by the forged one.
    let page = come_back(&mut app, &back).await;
    assert!(refused(&page), "replayed return: {}", page.text());

    // Another browser.
    let back = sign_in_as(&mut app, "fc", "stranger", "/", |u| u).await;
    let mut victim = app.fork();
    let page = come_back(&mut victim, &back).await;
    assert!(refused(&page), "login CSRF: {}", page.text());
    assert!(signed_in_as(&mut victim).await.is_none());

    // nonce
    app.new_visitor();
    let back = sign_in_as(&mut app, "fc", "stranger", "/", |u| {
        let (before, after) = u.split_once("nonce=").unwrap();
        let rest = after.split_once('&').map(|(_, r)| format!("&{r}")).unwrap_or_default();
        format!("{before}nonce=chosen-by-the-attacker{rest}")
    })
    .await;
    let page = come_back(&mut app, &back).await;
    assert!(refused(&page), "wrong nonce: {}", page.text());
    assert!(signed_in_as(&mut app).await.is_none());

    // Expired, and wrongly signed.
    for person in ["expired", "forged"] {
        app.new_visitor();
        let back = sign_in_as(&mut app, "fc", person, "/", |u| u).await;
        let page = come_back(&mut app, &back).await;
        assert!(refused(&page), "{person}: {}", page.text());
        assert!(signed_in_as(&mut app).await.is_none(), "{person}");
    }
    assert_eq!(common::consultations::count(&app, "users").await, users, "no account made");
    assert_eq!(links(&app).await, 0);

    // A code far too long with the genuine state (60 KB: an address of 2 MB cannot even be sent, the HTTP layer
    // answers 414 before any handler): refused, no error page.
    app.new_visitor();
    let back = sign_in_as(&mut app, "fc", "stranger", "/", |u| u).await;
    let state = back.split("state=").nth(1).unwrap().split('&').next().unwrap();
    let huge = format!("/compte/oidc/fc/retour?code={}&state={state}", "a".repeat(60_000));
    let page = come_back(&mut app, &huge).await;
    assert!(refused(&page), "60 KB code: {}", page.text());
    assert!(signed_in_as(&mut app).await.is_none());

    // The untouched flow works on the same server.
    app.new_visitor();
    let back = sign_in_as(&mut app, "fc", "stranger", "/", |u| u).await;
    come_back(&mut app, &back).await;
    assert!(signed_in_as(&mut app).await.is_some());

    // Where the person goes afterwards is a bounded local path: too long, elsewhere or with a control character,
    // it is the home page or the path without the character.
    let long = format!("/{}", "a".repeat(3_000));
    for (next, expected) in
        [(long.as_str(), "/"), ("https://evil.example/", "/"), ("//evil.example", "/"), ("/budgets\u{7}", "/budgets")]
    {
        app.new_visitor();
        let back = sign_in_as(&mut app, "fc", "stranger", next, |u| u).await;
        let page = app.get(&back).await;
        assert_eq!(page.location.as_deref(), Some(expected), "{next:?}");
    }
}

/// Linking from "my account": Théo, who has a password account, links the provider; his residence is verified
/// from its identity, and he then signs in with it. The same identity cannot be linked to a second account.
async fn linking_from_my_account(engine: Engine) {
    let mut app = app_with(engine, vec![fc(issuer())]).await;
    common::consultations::resident(&app, "theo@example.org", "Théo R.", None).await;
    app.sign_in("theo@example.org", common::consultations::PASSWORD).await;
    let account_page = app.get("/compte").await;
    assert!(account_page.body.contains("Relier mon compte à FranceConnect (essai)"), "{}", account_page.text());
    let back = sign_in_as(&mut app, "fc", "theo", "/ailleurs", |u| u).await;
    let landed = come_back(&mut app, &back).await;
    assert!(landed.body.contains("votre résidence est vérifiée"), "{}", landed.text());
    let (theo, _, method, district) = account(&app, "theo@example.org").await.unwrap();
    assert_eq!((method.as_deref(), district.as_deref()), (Some("oidc"), Some("la-gare")));
    assert!(account(&app, "theo.roux@example.org").await.is_none(), "linked, not a new account");

    app.new_visitor();
    let back = sign_in_as(&mut app, "fc", "theo", "/", |u| u).await;
    come_back(&mut app, &back).await;
    assert!(signed_in_as(&mut app).await.unwrap().contains("Théo R."));

    // A new password unlinks the provider, as it ends the other sessions: a link made from a stolen session does
    // not outlive the owner's change.
    let page = app
        .post(
            "/compte/mot-de-passe",
            &[
                ("current_password", common::consultations::PASSWORD),
                ("password", "un autre mot de passe assez long"),
                ("password_confirm", "un autre mot de passe assez long"),
            ],
        )
        .await;
    assert_eq!(page.status, 303);
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM oidc_identities WHERE user_id = $1")
        .bind(theo)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(n, 0, "unlinked by the password change");
    let back = sign_in_as(&mut app, "fc", "theo", "/", |u| u).await;
    come_back(&mut app, &back).await;

    // An account whose address is not confirmed links nothing (whoever registered someone else's address would
    // keep a way in after the owner takes the account back).
    app.new_visitor();
    let page = app
        .post(
            "/compte/inscription",
            &[
                ("email", "squatteur@example.org"),
                ("display_name", "Squatteur"),
                ("password", "un mot de passe de squatteur"),
                ("password_confirm", "un mot de passe de squatteur"),
            ],
        )
        .await;
    assert_eq!(page.status, 303, "{}", page.body);
    let back = sign_in_as(&mut app, "fc", "stranger", "/", |u| u).await;
    let page = come_back(&mut app, &back).await;
    assert!(page.body.contains("Confirmez d'abord votre adresse"), "{}", page.text());
    assert!(account(&app, "stranger@example.org").await.is_none());

    // Someone else, signed in, tries to link Théo's identity to their account.
    app.new_visitor();
    common::consultations::resident(&app, "autre@example.org", "Autre", None).await;
    app.sign_in("autre@example.org", common::consultations::PASSWORD).await;
    let back = sign_in_as(&mut app, "fc", "theo", "/", |u| u).await;
    let page = come_back(&mut app, &back).await;
    assert!(page.body.contains("déjà reliée à un autre compte"), "{}", page.text());
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM oidc_identities WHERE user_id = $1")
        .bind(theo)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!((n, links(&app).await), (1, 1));
}

/// Staff single sign-on: a directory's groups give roles only when the town maps them; mapped, the roles follow
/// the directory at each sign-in (a moderator granted by hand whom the directory does not list loses it), and
/// each change is audited.
async fn directory_roles_are_mapped_only_when_configured(engine: Engine) {
    let mut app = app_with(engine, vec![directory(issuer(), false)]).await;
    let back = sign_in_as(&mut app, "annuaire", "alice", "/", |u| u).await;
    come_back(&mut app, &back).await;
    let alice = account(&app, "alice.agent@mairie.example").await.unwrap().0;
    let roles = app::accounts::queries::roles_of(&app.state.db, alice).await.unwrap();
    assert_eq!(roles, [app::access::Role::Resident], "off by default");

    // Alice first came as a resident through the residents' provider; the directory then makes her a moderator.
    let mut app = app_with(engine, vec![directory(issuer(), true), fc(issuer())]).await;
    let back = sign_in_as(&mut app, "fc", "alice", "/", |u| u).await;
    come_back(&mut app, &back).await;
    app.new_visitor();
    let back = sign_in_as(&mut app, "annuaire", "alice", "/", |u| u).await;
    come_back(&mut app, &back).await;
    let alice = account(&app, "alice.agent@mairie.example").await.unwrap().0;
    let roles = app::accounts::queries::roles_of(&app.state.db, alice).await.unwrap();
    assert!(roles.contains(&app::access::Role::Moderator), "{roles:?}");
    assert!(!roles.contains(&app::access::Role::Admin));
    assert_eq!(audited(&app, "role_grant").await, ["moderator (annuaire)"]);
    // Staff never come in through the residents' provider, though it was linked while she was a resident.
    app.new_visitor();
    let back = sign_in_as(&mut app, "fc", "alice", "/", |u| u).await;
    let refused = come_back(&mut app, &back).await;
    assert!(refused.body.contains("Les comptes du personnel de la mairie se connectent"), "{}", refused.text());
    assert!(signed_in_as(&mut app).await.is_none());
    // Nor can a staff session link it (a stolen one would keep a way in).
    app.new_visitor();
    app.sign_in("admin@demo.clairvoie.fr", "demo-admin-clairvoie").await;
    let back = sign_in_as(&mut app, "fc", "stranger", "/", |u| u).await;
    let refused = come_back(&mut app, &back).await;
    assert!(refused.body.contains("Les comptes du personnel de la mairie se connectent"), "{}", refused.text());
    assert_eq!(links(&app).await, 2, "alice's two links only");

    app.new_visitor();
    let back = sign_in_as(&mut app, "annuaire", "bob", "/", |u| u).await;
    come_back(&mut app, &back).await;
    let bob = account(&app, "bob@mairie.example").await.unwrap().0;
    let admin = app::accounts::service::current_user(&app.state, 1).await.unwrap();
    app::accounts::service::set_role(&app.state, admin.as_ref(), bob, app::access::Role::Moderator, true)
        .await
        .unwrap();
    app.new_visitor();
    let back = sign_in_as(&mut app, "annuaire", "bob", "/", |u| u).await;
    come_back(&mut app, &back).await;
    let roles = app::accounts::queries::roles_of(&app.state.db, bob).await.unwrap();
    assert_eq!(roles, [app::access::Role::Resident], "the directory no longer lists Bob as a moderator");
    assert_eq!(audited(&app, "role_revoke").await, ["moderator (annuaire)"]);
}

macro_rules! on_both_engines_oidc {
    ($name:ident, $body:path) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                $body(Engine::Sqlite).await;
            }
            #[tokio::test]
            async fn postgres() {
                $body(Engine::Postgres).await;
            }
        }
    };
}

on_both_engines_oidc!(oidc_first_sign_in, first_sign_in_makes_a_verified_resident);
on_both_engines_oidc!(oidc_links_by_verified_address, existing_accounts_are_linked_by_verified_address_only);
on_both_engines_oidc!(oidc_tampered_returns, tampered_returns_are_refused);
on_both_engines_oidc!(oidc_linking, linking_from_my_account);
on_both_engines_oidc!(oidc_directory_roles, directory_roles_are_mapped_only_when_configured);

/// A provider that does not answer, and one the town did not configure: a message and a 404, never a 500.
#[tokio::test]
async fn an_unreachable_or_unknown_provider() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut app = app_with(Engine::Sqlite, vec![fc(&format!("http://127.0.0.1:{closed}"))]).await;
    let page = app.post_and_follow("/compte/oidc/fc", &[("next", "/")]).await;
    assert!(page.body.contains("ne répond pas pour le moment"), "{}", page.text());
    let page = app.post("/compte/oidc/inconnu", &[("next", "/")]).await;
    assert_eq!(page.status, 404);
    let page = app.get("/compte/oidc/fc/retour?code=x&state=y").await;
    assert_eq!(page.status, 303);
    let page = app.get(page.location.as_deref().unwrap()).await;
    assert!(page.body.contains("n'a pas pu être vérifiée"), "{}", page.text());
}
