//! Accounts end to end through the real router, on SQLite and on PostgreSQL.

use crate::common;

use axum::http::StatusCode;
use common::TestApp;

const PASSWORD: &str = "cheval-agrafe-pile-nord";

async fn register(app: &mut TestApp, email: &str, name: &str) -> common::Page {
    app.post_and_follow(
        "/compte/inscription",
        &[
            ("email", email),
            ("display_name", name),
            ("password", PASSWORD),
            ("password_confirm", PASSWORD),
            ("district_id", ""),
        ],
    )
    .await
}

/// register → verify (link read from the outbox) → sign in → role-gated page → sign out.
async fn register_verify_login_roles_logout(mut app: TestApp) {
    let page = register(&mut app, "Zoe.Martin@Example.org", "Zoé M.").await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(text.contains("Votre compte est créé"), "{text}");
    assert!(text.contains("zoe.martin@example.org n'est pas encore confirmée"), "{text}");

    // The verification link arrives by mail; opening it shows a confirmation button, which confirms.
    let link = app.last_link_to("zoe.martin@example.org");
    assert!(link.starts_with("/compte/verifier?jeton="), "{link}");
    let page = app.get(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Confirmer mon adresse"), "{}", page.text());
    let token = link.split("jeton=").nth(1).unwrap().to_string();
    let page = app.post_and_follow("/compte/verifier", &[("token", &token)]).await;
    assert!(page.text().contains("Votre adresse est confirmée"), "{}", page.text());
    assert!(page.text().contains("zoe.martin@example.org est confirmée"), "{}", page.text());

    // Sign out: the account page now sends to sign-in.
    let page = app.post_and_follow("/compte/deconnexion", &[]).await;
    assert!(page.text().contains("Vous êtes déconnecté·e"), "{}", page.text());
    let page = app.get("/compte").await;
    assert_eq!(page.status, StatusCode::FOUND);
    assert_eq!(page.location.as_deref(), Some("/compte/connexion?suite=/compte"));

    // Sign in again; the session id changes at sign-in.
    let before = app.cookie("clairvoie_session").cloned();
    let page = app.sign_in("zoe.martin@example.org", PASSWORD).await;
    assert!(page.text().contains("Bonjour Zoé M."), "{}", page.text());
    assert_ne!(app.cookie("clairvoie_session").cloned(), before);

    // A resident may not open the administration: 403, translated.
    let page = app.get("/admin/utilisateurs").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.text().contains("Accès refusé"), "{}", page.text());
    app.post_and_follow("/compte/deconnexion", &[]).await;

    // An admin may, and sees the new account.
    app.sign_in("admin@demo.clairvoie.fr", "demo-admin-clairvoie").await;
    let page = app.get("/admin/utilisateurs").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Zoé M."), "{}", page.text());
    assert!(page.text().contains("zoe.martin@example.org"));
    app.post_and_follow("/compte/deconnexion", &[]).await;
    assert_eq!(app.get("/admin/utilisateurs").await.status, StatusCode::FOUND);
}
on_both_engines!(register_verify_login_roles_logout_flow, register_verify_login_roles_logout);

/// A verification link works once, and not after it expires.
async fn verification_links_are_single_use_and_expire(mut app: TestApp) {
    register(&mut app, "lea@example.org", "Léa").await;
    let link = app.last_link_to("lea@example.org");
    let token = link.split("jeton=").nth(1).unwrap().to_string();
    app.post_and_follow("/compte/verifier", &[("token", &token)]).await;

    // Reused: the page says so, and posting it again is refused.
    let page = app.get(&link).await;
    assert!(page.text().contains("Ce lien a déjà été utilisé"), "{}", page.text());
    assert!(!page.text().contains("Confirmer mon adresse"));
    let page = app.post_and_follow("/compte/verifier", &[("token", &token)]).await;
    assert!(page.text().contains("Ce lien a déjà été utilisé"), "{}", page.text());

    // Expired: a fresh link whose lifetime is over is refused, and the address stays unconfirmed.
    app.new_visitor();
    register(&mut app, "marc@example.org", "Marc").await;
    let link = app.last_link_to("marc@example.org");
    let token = link.split("jeton=").nth(1).unwrap().to_string();
    sqlx::query("UPDATE account_tokens SET expires_at = $1 WHERE used_at IS NULL AND purpose = 'verify_email'")
        .bind(app::db::now() - 1)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let page = app.get(&link).await;
    assert!(page.text().contains("Ce lien a expiré"), "{}", page.text());
    let page = app.post_and_follow("/compte/verifier", &[("token", &token)]).await;
    assert!(page.text().contains("Ce lien a expiré"), "{}", page.text());
    let page = app.get("/compte").await;
    assert!(page.text().contains("marc@example.org n'est pas encore confirmée"), "{}", page.text());

    // A made-up token is simply invalid.
    let page = app.get("/compte/verifier?jeton=inventé").await;
    assert!(page.text().contains("Ce lien n'est pas valide"), "{}", page.text());
}
on_both_engines!(verification_links, verification_links_are_single_use_and_expire);

/// Three failures make the same client wait before its next try, even with the right password; many failures
/// from one address hold that address. (Nobody can lock the owner out: `account_security.rs`.)
async fn sign_in_is_rate_limited(mut app: TestApp) {
    for _ in 0..3 {
        let page = app
            .post_and_follow(
                "/compte/connexion",
                &[("email", "habitant@demo.clairvoie.fr"), ("password", "pas-le-bon-mot-de-passe")],
            )
            .await;
        assert!(page.text().contains("Adresse électronique ou mot de passe incorrect"), "{}", page.text());
    }
    let page = app.sign_in("habitant@demo.clairvoie.fr", "demo-habitant-clairvoie").await;
    assert!(page.text().contains("Trop de tentatives depuis cet appareil"), "{}", page.text());
    assert_eq!(app.get("/compte").await.status, StatusCode::FOUND, "must not be signed in");

    // Another account from another address is not affected.
    app.peer = "198.51.100.7:4444".parse().unwrap();
    let page = app.sign_in("elue@demo.clairvoie.fr", "demo-elue-clairvoie").await;
    assert!(page.text().contains("Bonjour Élise Élue"), "{}", page.text());
    app.post_and_follow("/compte/deconnexion", &[]).await;

    // One address trying many accounts is stopped too.
    app.peer = "203.0.113.9:1234".parse().unwrap();
    for i in 0..30 {
        app.post(
            "/compte/connexion",
            &[("email", &format!("personne{i}@example.org")), ("password", "nimporte-quoi-long")],
        )
        .await;
    }
    let page = app.sign_in("moderation@demo.clairvoie.fr", "demo-moderation-clairvoie").await;
    assert!(page.text().contains("Trop de tentatives depuis cet appareil"), "{}", page.text());
}
on_both_engines!(rate_limit, sign_in_is_rate_limited);

/// Wrong input is reported field by field, in the visitor's language, and nothing is stored.
async fn registration_errors_are_reported_and_nothing_is_stored(mut app: TestApp) {
    let page = app
        .post_and_follow(
            "/compte/inscription",
            &[
                ("email", "pas-une-adresse"),
                ("display_name", "Z"),
                ("password", "azerty123456"),
                ("password_confirm", "autre"),
            ],
        )
        .await;
    let text = page.text();
    assert!(text.contains("Le formulaire contient des erreurs"), "{text}");
    assert!(text.contains("Indiquez une adresse électronique valide"), "{text}");
    assert!(text.contains("Le nom affiché doit faire de 2 à 60 caractères"), "{text}");
    assert!(text.contains("Ce mot de passe est trop courant"), "{text}");
    assert!(text.contains("Les deux mots de passe ne sont pas identiques"), "{text}");
    assert!(page.body.contains(r##"href="#champ-email""##), "the summary links to the field");
    assert!(page.body.contains(r#"value="pas-une-adresse""#), "the typed address is kept");
    assert!(!page.body.contains("azerty123456"), "a password is never sent back");
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(count, app::demo::ACCOUNTS.len() as i64, "only the demo accounts");

    // The same mistakes in English for an English-speaking browser.
    app.new_visitor();
    app.accept_language = "en-GB,en;q=0.9".into();
    let page = app
        .post_and_follow(
            "/compte/inscription",
            &[("email", ""), ("display_name", "Zed"), ("password", "short"), ("password_confirm", "short")],
        )
        .await;
    let text = page.text();
    assert!(text.contains("Enter your email address"), "{text}");
    assert!(text.contains("The password must be at least 12 characters long"), "{text}");

    // An address already used is refused without touching the existing account.
    let page = register(&mut app, "admin@demo.clairvoie.fr", "Imposteur").await;
    assert!(page.text().contains("An account already exists with this address"), "{}", page.text());
    app.sign_in("admin@demo.clairvoie.fr", "demo-admin-clairvoie").await;
    assert!(app.get("/compte").await.text().contains("Agnès Admin"));
}
on_both_engines!(registration_errors, registration_errors_are_reported_and_nothing_is_stored);

/// Forgotten password: a mailed link sets a new password once; the old one stops working.
async fn password_reset_by_mail(mut app: TestApp) {
    let page = app.post_and_follow("/compte/mot-de-passe-oublie", &[("email", "habitant@demo.clairvoie.fr")]).await;
    assert!(page.text().contains("Si un compte existe pour cette adresse"), "{}", page.text());
    // Unknown addresses get the same answer and no mail.
    let mails_before = app.mails().len();
    let page = app.post_and_follow("/compte/mot-de-passe-oublie", &[("email", "inconnu@example.org")]).await;
    assert!(page.text().contains("Si un compte existe pour cette adresse"));
    assert_eq!(app.mails().len(), mails_before);

    let link = app.last_link_to("habitant@demo.clairvoie.fr");
    assert!(link.starts_with("/compte/reinitialiser?jeton="), "{link}");
    let token = link.split("jeton=").nth(1).unwrap().to_string();
    let page = app.get(&link).await;
    assert!(page.text().contains("Nouveau mot de passe"), "{}", page.text());
    let page = app
        .post_and_follow(
            "/compte/reinitialiser",
            &[("token", &token), ("password", "court"), ("password_confirm", "court")],
        )
        .await;
    assert!(page.text().contains("au moins 12 caractères"), "{}", page.text());
    let page = app
        .post_and_follow(
            "/compte/reinitialiser",
            &[("token", &token), ("password", PASSWORD), ("password_confirm", PASSWORD)],
        )
        .await;
    assert!(page.text().contains("Votre mot de passe est enregistré"), "{}", page.text());
    app.post_and_follow("/compte/deconnexion", &[]).await;

    let page = app.sign_in("habitant@demo.clairvoie.fr", "demo-habitant-clairvoie").await;
    assert!(page.text().contains("mot de passe incorrect"), "{}", page.text());
    let page = app.sign_in("habitant@demo.clairvoie.fr", PASSWORD).await;
    assert!(page.text().contains("Bonjour Hugo Habitant"), "{}", page.text());
    assert!(app.get(&link).await.text().contains("Ce lien a déjà été utilisé"));
}
on_both_engines!(password_reset, password_reset_by_mail);

/// Download my data, change profile and password, then delete the account: personal data gone, row anonymous.
async fn my_account_data_and_deletion(mut app: TestApp) {
    app.sign_in("habitant@demo.clairvoie.fr", "demo-habitant-clairvoie").await;
    let page = app.get("/compte/mes-donnees").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type.starts_with("application/json"));
    let data: serde_json::Value = serde_json::from_str(&page.body).unwrap();
    assert_eq!(data["account"]["email"], "habitant@demo.clairvoie.fr");
    assert_eq!(data["account"]["district"], "Centre-ville");
    assert_eq!(data["roles"][0]["role"], "resident");

    // Profile: a bad district is refused and nothing changes; a good one is saved with the language.
    let page = app
        .post_and_follow("/compte/profil", &[("display_name", "Hugo H."), ("language", "en"), ("district_id", "999")])
        .await;
    assert!(page.text().contains("Choisissez un quartier dans la liste"), "{}", page.text());
    assert!(page.text().contains("Bonjour Hugo Habitant"));
    let page = app
        .post_and_follow("/compte/profil", &[("display_name", "Hugo H."), ("language", "en"), ("district_id", "")])
        .await;
    assert!(page.text().contains("Your profile is saved"), "{}", page.text());
    assert!(page.text().contains("Hello Hugo H."), "{}", page.text());

    // Password change needs the current password.
    let page = app
        .post_and_follow(
            "/compte/mot-de-passe",
            &[("current_password", "faux"), ("password", PASSWORD), ("password_confirm", PASSWORD)],
        )
        .await;
    assert!(page.text().contains("The current password is wrong"), "{}", page.text());
    let page = app
        .post_and_follow(
            "/compte/mot-de-passe",
            &[("current_password", "demo-habitant-clairvoie"), ("password", PASSWORD), ("password_confirm", PASSWORD)],
        )
        .await;
    assert!(page.text().contains("Your password is changed"), "{}", page.text());

    // Deletion needs the box ticked and the password.
    let page = app.post_and_follow("/compte/supprimer", &[("delete_password", PASSWORD)]).await;
    assert!(page.text().contains("Tick the box to confirm the deletion"), "{}", page.text());
    let page = app.post_and_follow("/compte/supprimer", &[("delete_password", PASSWORD), ("confirm", "oui")]).await;
    assert!(
        page.text().contains("Votre compte est supprimé") || page.text().contains("Your account is deleted"),
        "{}",
        page.text()
    );
    assert_eq!(app.get("/compte").await.status, StatusCode::FOUND);
    let page = app.sign_in("habitant@demo.clairvoie.fr", PASSWORD).await;
    assert!(page.text().contains("mot de passe incorrect"), "{}", page.text());
    let row: (Option<String>, Option<String>, Option<String>, Option<i64>) = sqlx::query_as(
        "SELECT email, display_name, password_hash, deleted_at FROM users WHERE id = (SELECT MAX(id) FROM users WHERE deleted_at IS NOT NULL)",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!((row.0, row.1, row.2), (None, None, None));
    assert!(row.3.is_some());
    // The address can be used again for a new account.
    let page = register(&mut app, "habitant@demo.clairvoie.fr", "Hugo bis").await;
    assert!(
        page.text().contains("Votre compte est créé") || page.text().contains("Your account is created"),
        "{}",
        page.text()
    );
}
on_both_engines!(my_account, my_account_data_and_deletion);

/// Admins grant and take back roles; nobody else can; an admin keeps their own admin role.
async fn admins_manage_roles(mut app: TestApp) {
    let (hugo,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = 'habitant@demo.clairvoie.fr'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let (agnes,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = 'admin@demo.clairvoie.fr'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let (hugo, agnes) = (hugo.to_string(), agnes.to_string());

    // A resident cannot grant themselves anything.
    app.sign_in("habitant@demo.clairvoie.fr", "demo-habitant-clairvoie").await;
    let page =
        app.post("/admin/utilisateurs/roles", &[("user_id", &hugo), ("role", "admin"), ("action", "grant")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    app.post_and_follow("/compte/deconnexion", &[]).await;

    app.sign_in("admin@demo.clairvoie.fr", "demo-admin-clairvoie").await;
    let page = app
        .post_and_follow("/admin/utilisateurs/roles", &[("user_id", &hugo), ("role", "moderator"), ("action", "grant")])
        .await;
    assert!(page.text().contains("Les rôles sont mis à jour"), "{}", page.text());
    let roles = app::accounts::queries::roles_of(&app.state.db, hugo.parse().unwrap()).await.unwrap();
    assert_eq!(roles, vec![app::access::Role::Resident, app::access::Role::Moderator]);
    // Revoking one's own admin role is refused.
    let page =
        app.post("/admin/utilisateurs/roles", &[("user_id", &agnes), ("role", "admin"), ("action", "revoke")]).await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    app.post_and_follow(
        "/admin/utilisateurs/roles",
        &[("user_id", &hugo), ("role", "moderator"), ("action", "revoke")],
    )
    .await;
    let roles = app::accounts::queries::roles_of(&app.state.db, hugo.parse().unwrap()).await.unwrap();
    assert_eq!(roles, vec![app::access::Role::Resident]);
}
on_both_engines!(roles, admins_manage_roles);

/// `clairvoie create-admin` gives a one-time link that sets the password of a working admin account.
async fn create_admin_link(mut app: TestApp) {
    let link = app::accounts::service::create_admin(&app.state, "Maire@Ville.example").await.unwrap();
    let path = link.trim_start_matches("http://localhost").to_string();
    let token = path.split("jeton=").nth(1).unwrap().to_string();
    app.post_and_follow(
        "/compte/reinitialiser",
        &[("token", &token), ("password", PASSWORD), ("password_confirm", PASSWORD)],
    )
    .await;
    assert_eq!(app.get("/admin/utilisateurs").await.status, StatusCode::OK);
    assert!(app.get(&path).await.text().contains("Ce lien a déjà été utilisé"));
    assert!(app::accounts::service::create_admin(&app.state, "pas une adresse").await.is_err());
}
on_both_engines!(create_admin, create_admin_link);

/// Forms need the CSRF token; cross-site posts are refused; headers, 404 and the language switch.
async fn protections_and_pages(mut app: TestApp) {
    // No token: refused with a message, and not signed in.
    app.get("/").await;
    let page = app
        .post_raw("/compte/connexion", &[("email", "admin@demo.clairvoie.fr"), ("password", "demo-admin-clairvoie")])
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    let page = app.get(page.location.as_deref().unwrap()).await;
    assert!(page.text().contains("Le formulaire a expiré"), "{}", page.text());
    assert_eq!(app.get("/compte").await.status, StatusCode::FOUND);

    // A client without any of our cookies never loaded one of our forms: refused at once, translated, and no
    // session row is made for the message (anonymous clients could otherwise fill the sessions table).
    let (sessions_before,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sessions").fetch_one(&app.state.db.pool).await.unwrap();
    for _ in 0..30 {
        let request = axum::http::Request::post("/compte/connexion")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(axum::body::Body::from("csrf=x&email=a&password=b"))
            .unwrap();
        let response = tower::ServiceExt::oneshot(app::web::router(app.state.clone()), request).await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        assert!(
            !response.headers().contains_key("set-cookie") || {
                let cookies: Vec<_> = response.headers().get_all("set-cookie").iter().collect();
                !cookies.iter().any(|c| c.to_str().unwrap_or_default().starts_with("clairvoie_session="))
            }
        );
        let body = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
        assert!(String::from_utf8_lossy(&body).contains("Le formulaire a expiré"));
    }
    let (sessions_after,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sessions").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(sessions_after, sessions_before);

    // Another site's form is refused outright.
    let request = axum::http::Request::post("/compte/connexion")
        .header("origin", "https://evil.example")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(axum::body::Body::from("email=a&password=b"))
        .unwrap();
    let response = tower::ServiceExt::oneshot(app::web::router(app.state.clone()), request).await.unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    // Security headers.
    let page = app.get("/").await;
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'self'")
            && csp.contains("worker-src 'self' blob:")
            && csp.contains("frame-ancestors 'none'")
    );
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert_eq!(page.headers["x-frame-options"], "DENY");
    assert!(page.headers.contains_key("referrer-policy"));
    assert_eq!(page.headers["cache-control"], "no-store");

    // Unknown pages: translated 404.
    let page = app.get("/nulle/part").await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    assert!(page.text().contains("Page introuvable"));

    // The switcher sets the language for this visitor.
    let page = app.post("/langue", &[("lang", "en"), ("next", "/capteurs")]).await;
    assert_eq!(page.location.as_deref(), Some("/capteurs"));
    let page = app.get("/capteurs").await;
    assert!(page.body.contains(r#"<html lang="en""#), "{}", &page.body[..200]);
    assert!(
        page.text().contains("Every sensor in the public space of Saint-Clair-sur-Loire")
            && page.text().contains("13 sensors match these filters."),
        "{}",
        page.text()
    );
    // What the town wrote stays French and says so, for screen readers; the page's own words are English.
    assert!(page.body.contains(r#"<td lang="fr">"#), "{}", page.body);
    let sensor = app.get("/capteurs/BR-0001").await.body;
    assert!(sensor.contains(r#"<h1><span lang="fr">"#), "{sensor}");
    app.post("/langue", &[("lang", "fr"), ("next", "/capteurs")]).await;
    let french = app.get("/capteurs/BR-0001").await.body;
    assert!(
        !french.contains(r#"<span lang="fr">"#) && !french.contains(r#"<td lang="fr">"#),
        "no mark on a French page"
    );
    app.post("/langue", &[("lang", "en"), ("next", "/capteurs")]).await;
    // Only local redirects.
    let page = app.post("/langue", &[("lang", "fr"), ("next", "//evil.example/")]).await;
    assert_eq!(page.location.as_deref(), Some("/"));

    // Health.
    let page = app.get("/healthz").await;
    assert_eq!(page.status, StatusCode::OK);
}
on_both_engines!(protections, protections_and_pages);

/// Every page closed to signed-out visitors sends them to the sign-in form and back, without JavaScript.
async fn closed_pages_send_visitors_to_sign_in(mut app: TestApp) {
    // (page, what the sign-in form's `suite` carries: the page, its query kept)
    let closed = [
        ("/compte", "/compte"),
        ("/admin/utilisateurs", "/admin/utilisateurs"),
        ("/capteurs/nouveau", "/capteurs/nouveau"),
        ("/capteurs/importer", "/capteurs/importer"),
        ("/capteurs/DV-0001/modifier", "/capteurs/DV-0001/modifier"),
        ("/capteurs/DV-0001/raccordement", "/capteurs/DV-0001/raccordement"),
        ("/admin/integrations", "/admin/integrations"),
        ("/admin/conservation", "/admin/conservation"),
        ("/admin/journal", "/admin/journal"),
        ("/consultations/nouvelle", "/consultations/nouvelle"),
        ("/consultations/exemple/modifier", "/consultations/exemple/modifier"),
        ("/moderation", "/moderation"),
        ("/moderation/signaler?type=comment&id=12", "/moderation/signaler%3Ftype%3Dcomment%26id%3D12"),
        ("/budgets/nouveau", "/budgets/nouveau"),
        ("/budgets/exemple/proposer", "/budgets/exemple/proposer"),
        ("/budgets/exemple/papier", "/budgets/exemple/papier"),
        ("/budgets/papier/1", "/budgets/papier/1"),
        ("/budgets/projets/1/examen", "/budgets/projets/1/examen"),
        ("/decisions/nouvelle?budget=exemple", "/decisions/nouvelle%3Fbudget%3Dexemple"),
        ("/projets/nouveau?decision=1", "/projets/nouveau%3Fdecision%3D1"),
        ("/projets/1/suivi", "/projets/1/suivi"),
        ("/tableau-de-bord", "/tableau-de-bord"),
        ("/tableau-de-bord/budgets/exemple", "/tableau-de-bord/budgets/exemple"),
        ("/guichet", "/guichet"),
        ("/admin/bornes", "/admin/bornes"),
    ];
    for (page, suite) in closed {
        let answer = app.get(page).await;
        assert_eq!(answer.status, StatusCode::FOUND, "{page}");
        assert_eq!(answer.location.as_deref(), Some(format!("/compte/connexion?suite={suite}").as_str()), "{page}");
    }

    // A client that does not ask for HTML gets no 302 from Leptos (that answer is kept for server-function
    // calls): the page still says why and links to the sign-in form instead of being empty.
    let request = axum::http::Request::get("/budgets/nouveau")
        .header("accept", "*/*")
        .header("accept-language", "fr")
        .extension(axum::extract::ConnectInfo("192.0.2.10:5555".parse::<std::net::SocketAddr>().unwrap()))
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(app::web::router(app.state.clone()), request).await.unwrap();
    let body = http_body_util::BodyExt::collect(response.into_body()).await.unwrap().to_bytes();
    let body = String::from_utf8(body.to_vec()).unwrap();
    assert!(body.contains("<h1>Connexion requise</h1>"), "{body}");
    assert!(body.contains(r#"href="/compte/connexion?suite=/budgets/nouveau""#), "{body}");

    // The sign-in form brings the visitor back to the page; staff see it, a resident is refused.
    let page = app.get("/compte/connexion?suite=/budgets/nouveau").await;
    assert!(page.body.contains(r#"name="next" value="/budgets/nouveau""#), "{}", page.body);
    let answer = app
        .post(
            "/compte/connexion",
            &[("email", "admin@demo.clairvoie.fr"), ("password", "demo-admin-clairvoie"), ("next", "/budgets/nouveau")],
        )
        .await;
    assert_eq!(answer.location.as_deref(), Some("/budgets/nouveau"));
    let page = app.get("/budgets/nouveau").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains("Nouveau budget participatif"), "{}", page.text());
    app.post_and_follow("/compte/deconnexion", &[]).await;
    app.post("/compte/connexion", &[("email", "habitant@demo.clairvoie.fr"), ("password", "demo-habitant-clairvoie")])
        .await;
    let page = app.get("/budgets/nouveau").await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert!(page.text().contains("Accès refusé"), "{}", page.text());
}
on_both_engines!(closed_pages, closed_pages_send_visitors_to_sign_in);
