//! Attacks on accounts, sessions and the audit log (issue 20), each written as the attacker would try it and
//! named after what it protects.

use crate::common;

use axum::http::StatusCode;
use common::consultations::{resident, PASSWORD};
use common::TestApp;

/// `next=/%09/evil.example` passed the old check, and browsers drop the tab: `//evil.example`. A `next` holding
/// a line break answered 500 after a successful sign-in. Both now land on the home page, signed in.
async fn sign_in_never_redirects_off_site(mut app: TestApp) {
    resident(&app, "ana@exemple.fr", "Ana", None).await;
    for next in [
        "/\t/evil.example",
        "/\\evil.example",
        "//evil.example",
        "/compte\n",
        "/compte\r\nX-Evil: 1",
        "\t//evil.example",
    ] {
        app.new_visitor();
        let answer =
            app.post("/compte/connexion", &[("email", "ana@exemple.fr"), ("password", PASSWORD), ("next", next)]).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{next:?}: {}", answer.body);
        assert_eq!(answer.location.as_deref(), Some("/"), "{next:?}");
        assert!(app.get("/compte").await.text().contains("Ana"), "{next:?}: not signed in");
    }
    // A local path is still followed.
    app.new_visitor();
    let answer = app
        .post("/compte/connexion", &[("email", "ana@exemple.fr"), ("password", PASSWORD), ("next", "/budgets")])
        .await;
    assert_eq!(answer.location.as_deref(), Some("/budgets"));
}
on_both_engines!(sign_in_redirect, sign_in_never_redirects_off_site);

const ATTACKER_PASSWORD: &str = "mot de passe du squatteur";

/// Whether the current browser is signed in (the account page answers instead of sending to the sign-in form).
async fn signed_in(app: &mut TestApp) -> bool {
    app.get("/compte").await.status == StatusCode::OK
}

fn token_of(link: &str) -> String {
    link.split("jeton=").nth(1).unwrap().to_string()
}

/// Registers `email` with the attacker's password, as the squatter of someone else's address would.
async fn register_as_squatter(app: &mut TestApp, email: &str) -> common::Page {
    let fields = [
        ("email", email),
        ("display_name", "Squatteur"),
        ("password", ATTACKER_PASSWORD),
        ("password_confirm", ATTACKER_PASSWORD),
        ("district_id", ""),
    ];
    app.post_and_follow("/compte/inscription", &fields).await
}

/// Registering someone else's address signed the registrant in, and their session outlived the owner's
/// password reset on the now verified account; then (found by the attack pass) the registrant simply signed in
/// again with the password they chose once the owner had confirmed the address. The owner's verification link,
/// followed outside the registrant's session, now ends every session and drops that password: the owner
/// chooses the account's password. A reset ends every session; a password change every other one.
async fn a_registrant_of_someone_elses_address_loses_the_account(mut app: TestApp) {
    let victim = "victime@exemple.fr";
    let registered = register_as_squatter(&mut app, victim).await;
    assert!(registered.text().contains("Votre compte est créé"), "{}", registered.text());
    assert!(signed_in(&mut app).await);
    let attacker = app.swap_browser(Default::default());

    // The owner follows the verification link, in their own browser, not signed in: the address is confirmed
    // and they are asked to choose the account's password.
    let token = token_of(&app.last_link_to(victim));
    let verified = app.post("/compte/verifier", &[("token", &token)]).await;
    let choose = verified.location.unwrap();
    assert!(choose.starts_with("/compte/reinitialiser?jeton="), "{choose}");
    let asked = app.get(&choose).await.text();
    assert!(asked.contains("Choisissez maintenant le mot de passe du compte"), "{asked}");
    let owner = app.swap_browser(attacker);
    assert!(!signed_in(&mut app).await, "the registrant's session survived the owner's verification link");
    // The password the registrant chose opens nothing any more.
    assert_eq!(
        app.post("/compte/connexion", &[("email", victim), ("password", ATTACKER_PASSWORD)]).await.location.as_deref(),
        Some("/compte/connexion"),
        "the registrant signed in again with the password they chose"
    );
    assert!(!signed_in(&mut app).await);
    let attacker = app.swap_browser(owner);
    let chosen = app
        .post_and_follow(
            "/compte/reinitialiser",
            &[("token", &token_of(&choose)), ("password", PASSWORD), ("password_confirm", PASSWORD)],
        )
        .await;
    assert!(chosen.text().contains("Votre mot de passe est enregistré"), "{}", chosen.text());
    assert!(signed_in(&mut app).await);
    // A reset later (the owner forgot it) ends every other session too.
    let owner = app.swap_browser(attacker);
    app.new_visitor();
    app.post("/compte/connexion", &[("email", victim), ("password", PASSWORD)]).await;
    assert!(signed_in(&mut app).await);
    let attacker = app.swap_browser(owner);
    app.post_and_follow("/compte/mot-de-passe-oublie", &[("email", victim)]).await;
    let token = token_of(&app.last_link_to(victim));
    let reset = app
        .post_and_follow(
            "/compte/reinitialiser",
            &[("token", &token), ("password", PASSWORD), ("password_confirm", PASSWORD)],
        )
        .await;
    assert!(reset.text().contains("Votre mot de passe est enregistré"), "{}", reset.text());
    assert!(signed_in(&mut app).await, "the owner is signed in after the reset");
    let owner = app.swap_browser(attacker);
    assert!(!signed_in(&mut app).await, "another session survived the password reset");
    assert_eq!(
        app.post("/compte/connexion", &[("email", victim), ("password", ATTACKER_PASSWORD)]).await.location.as_deref(),
        Some("/compte/connexion"),
        "the old password still works"
    );

    // Two sessions of the owner: a change of password from one ends the other.
    app.new_visitor();
    app.post("/compte/connexion", &[("email", victim), ("password", PASSWORD)]).await;
    assert!(signed_in(&mut app).await);
    let second = app.swap_browser(owner);
    let changed = app
        .post_and_follow(
            "/compte/mot-de-passe",
            &[
                ("current_password", PASSWORD),
                ("password", "un autre mot de passe long"),
                ("password_confirm", "un autre mot de passe long"),
            ],
        )
        .await;
    assert!(changed.text().contains("mot de passe"), "{}", changed.text());
    assert!(signed_in(&mut app).await, "the session that changed the password goes on");
    app.swap_browser(second);
    assert!(!signed_in(&mut app).await, "another session survived the password change");
}
on_both_engines!(pre_registration_takeover, a_registrant_of_someone_elses_address_loses_the_account);

/// The same squat, undone by a sign-in link instead of the verification mail: the owner asks for a link, is
/// signed in by it and chooses the password; the registrant's password is gone. And the genuine registrant who
/// confirms their address in the browser they registered from keeps their password.
async fn a_sign_in_link_also_takes_the_account_back(mut app: TestApp) {
    let victim = "cible@exemple.fr";
    register_as_squatter(&mut app, victim).await;
    let attacker = app.swap_browser(Default::default());
    app.post("/compte/lien-de-connexion", &[("link_email", victim)]).await;
    let token = token_of(&app.last_link_to(victim));
    let signed = app.post("/compte/connexion-par-lien", &[("token", &token)]).await;
    let choose = signed.location.unwrap();
    assert!(choose.starts_with("/compte/reinitialiser?jeton="), "{choose}");
    assert!(signed_in(&mut app).await, "the link signs its follower in");
    let owner = app.swap_browser(attacker);
    assert!(!signed_in(&mut app).await);
    let again = app.post("/compte/connexion", &[("email", victim), ("password", ATTACKER_PASSWORD)]).await;
    assert_eq!(again.location.as_deref(), Some("/compte/connexion"), "the registrant's password still works");
    app.swap_browser(owner);

    // The genuine registrant, confirming from their own signed-in browser, keeps the password they chose.
    app.new_visitor();
    let genuine = "moi@exemple.fr";
    register_as_squatter(&mut app, genuine).await;
    let token = token_of(&app.last_link_to(genuine));
    let verified = app.post("/compte/verifier", &[("token", &token)]).await;
    assert_eq!(verified.location.as_deref(), Some("/compte"));
    assert!(signed_in(&mut app).await);
    app.new_visitor();
    app.post("/compte/connexion", &[("email", genuine), ("password", ATTACKER_PASSWORD)]).await;
    assert!(signed_in(&mut app).await, "the genuine registrant lost their password");
}
on_both_engines!(link_takes_back, a_sign_in_link_also_takes_the_account_back);

/// The second attack pass kept the squat alive by signing in with the registrant's password over and over
/// while the owner verified the address: a sign-in whose password check read the old password before the
/// verification dropped it was stamped afterwards and outlived it. A session now counts from before its
/// password was read, so every such sign-in ends with the others.
async fn a_sign_in_racing_the_owners_verification_does_not_survive_it(mut app: TestApp) {
    let victim = "course@exemple.fr";
    register_as_squatter(&mut app, victim).await;
    let token = token_of(&app.last_link_to(victim));
    let mut racers: Vec<TestApp> = (0..6).map(|_| app.fork()).collect();
    for racer in &mut racers {
        racer.get("/").await;
    }
    let mut owner = app.fork();
    const FIELDS: [(&str, &str); 2] = [("email", "course@exemple.fr"), ("password", ATTACKER_PASSWORD)];
    let logins = futures::future::join_all(racers.iter_mut().map(|r| r.post("/compte/connexion", &FIELDS)));
    let verify = async {
        // The sign-ins have read the password and are checking it (Argon2 takes its time) when the owner follows
        // the link.
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        owner.post("/compte/verifier", &[("token", &token)]).await
    };
    let (answers, verified) = tokio::join!(logins, verify);
    assert!(verified.location.unwrap().starts_with("/compte/reinitialiser?jeton="));
    let accepted = answers.iter().filter(|a| a.location.as_deref() == Some("/")).count();
    for racer in &mut racers {
        assert!(!signed_in(racer).await, "a racing sign-in outlived the verification ({accepted} accepted)");
    }
}
on_both_engines!(verification_race, a_sign_in_racing_the_owners_verification_does_not_survive_it);

async fn sign_in_from(app: &mut TestApp, email: &str, password: &str) -> String {
    app.sign_in(email, password).await.text()
}

/// Five wrong passwords from anywhere locked an account for 15 minutes, the right password included: anyone
/// could keep the administrators out. Now a guessing client waits longer after each failure, a storm of
/// failures from many addresses sends unknown clients to a mailed sign-in link, and the owner still gets in —
/// from their usual browser with the password, from any other through the link.
async fn nobody_can_lock_the_owner_out(mut app: TestApp) {
    let owner = "ana@exemple.fr";
    resident(&app, owner, "Ana", None).await;
    app.peer = "192.0.2.20:1000".parse().unwrap();
    assert!(sign_in_from(&mut app, owner, PASSWORD).await.contains("Bonjour Ana"));
    assert!(app.cookie("clairvoie_client").is_some(), "the usual browser is remembered");
    app.post("/compte/deconnexion", &[]).await;
    let usual = app.swap_browser(Default::default());

    // Guessing from twelve addresses.
    for i in 0..12 {
        app.new_visitor();
        app.peer = format!("198.51.100.{i}:4000").parse().unwrap();
        let text = sign_in_from(&mut app, owner, "ce n'est pas le bon").await;
        assert!(text.contains("mot de passe incorrect") || text.contains("lien de connexion"), "{text}");
    }
    // A browser the account never saw, with the right password: sent to the mailed link, not signed in.
    app.new_visitor();
    app.peer = "203.0.113.50:4000".parse().unwrap();
    let text = sign_in_from(&mut app, owner, PASSWORD).await;
    assert!(text.contains("recevez un lien de connexion par courriel"), "{text}");
    assert!(!signed_in(&mut app).await);
    // The link, asked for on the same page, signs that browser in.
    app.post_and_follow("/compte/lien-de-connexion", &[("link_email", owner)]).await;
    let link = app.last_link_to(owner);
    assert!(link.starts_with("/compte/connexion-par-lien?jeton="), "{link}");
    assert!(app.get(&link).await.text().contains("Me connecter"));
    let page = app.post_and_follow("/compte/connexion-par-lien", &[("token", &token_of(&link))]).await;
    assert!(page.text().contains("Bonjour Ana"), "{}", page.text());
    // Used once only.
    app.new_visitor();
    let again = app.post_and_follow("/compte/connexion-par-lien", &[("token", &token_of(&link))]).await;
    assert!(!again.text().contains("Bonjour Ana"));

    // The usual browser signs in with the password, storm or not, even from an address that guessed.
    app.swap_browser(usual);
    app.peer = "198.51.100.3:4000".parse().unwrap();
    assert!(sign_in_from(&mut app, owner, PASSWORD).await.contains("Bonjour Ana"));
}
on_both_engines!(lockout, nobody_can_lock_the_owner_out);

/// One client that keeps guessing waits longer after each failure (the owner elsewhere is not held), and an
/// address cannot be flooded with link mails.
async fn a_guessing_client_is_slowed_and_mails_are_limited(mut app: TestApp) {
    let owner = "ben@exemple.fr";
    resident(&app, owner, "Ben", None).await;
    for _ in 0..3 {
        assert!(sign_in_from(&mut app, owner, "ce n'est pas le bon").await.contains("mot de passe incorrect"));
    }
    // The fourth try comes too soon, right password or not.
    assert!(sign_in_from(&mut app, owner, PASSWORD).await.contains("Patientez un moment"));
    assert!(!signed_in(&mut app).await);
    // Another client is not held by this one's failures.
    let guesser = app.swap_browser(Default::default());
    app.peer = "198.51.100.77:4000".parse().unwrap();
    assert!(sign_in_from(&mut app, owner, PASSWORD).await.contains("Bonjour Ben"));
    // Five seconds later the guesser may try again.
    app.swap_browser(guesser);
    app.peer = "192.0.2.10:5555".parse().unwrap();
    sqlx::query("UPDATE login_failures SET at = at - 6").execute(&app.state.db.pool).await.unwrap();
    assert!(sign_in_from(&mut app, owner, PASSWORD).await.contains("Bonjour Ben"));

    // Asking a sign-in link for someone else's address signs nobody in, tells the asker nothing they could not
    // guess (the same answer for an unknown address) and mails the link to the address only.
    app.new_visitor();
    let before = app.mails().len();
    let asked = app.post_and_follow("/compte/lien-de-connexion", &[("link_email", owner)]).await;
    let unknown = app.post_and_follow("/compte/lien-de-connexion", &[("link_email", "personne@exemple.fr")]).await;
    assert_eq!(asked.text(), unknown.text());
    assert!(!asked.body.contains("jeton="), "the link reached the asker");
    assert!(!signed_in(&mut app).await);
    let sent = &app.mails()[before..];
    assert_eq!(sent.len(), 1);
    assert!(sent[0].0.contains(owner) && sent[0].1.contains("jeton="), "{sent:?}");

    // Link mails: five an hour per address, whatever is asked (one link was mailed just above).
    app.new_visitor();
    let before = app.mails().len() - 1;
    for _ in 0..8 {
        app.post("/compte/lien-de-connexion", &[("link_email", owner)]).await;
        app.post("/compte/mot-de-passe-oublie", &[("email", owner)]).await;
    }
    assert_eq!(app.mails().len() - before, 5);
}
on_both_engines!(slowed, a_guessing_client_is_slowed_and_mails_are_limited);

fn clairvoie(app: &TestApp, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clairvoie"))
        .args(args)
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("CLAIRVOIE_DATA_DIR", &app.dir)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the clairvoie binary runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

async fn append(app: &TestApp, n: i64, reason: &str) {
    let mut tx = app.state.db.pool.begin().await.unwrap();
    let entry = app::audit::NewEntry {
        actor_id: None,
        action: "threshold",
        target_kind: "setting",
        target_id: n,
        reason: reason.into(),
    };
    app::audit::append(&mut tx, app.state.db.backend, &entry, app::db::now()).await.unwrap();
    tx.commit().await.unwrap();
}

/// `audit verify` accepted a log whose last entries were deleted, or whose tail was rewritten with recomputed
/// hashes. The head is published (the API, every data-use bulletin) and `--head N:HASH` catches both.
async fn a_cut_or_rewritten_audit_log_fails_against_its_published_head(mut app: TestApp) {
    for n in 1..=3 {
        append(&app, n, "réglage").await;
    }
    let published = app.get("/api/v1/audit/head").await;
    assert_eq!(published.status, StatusCode::OK);
    let head: serde_json::Value = serde_json::from_str(&published.body).unwrap();
    let (seq, label) = (head["seq"].as_i64().unwrap(), head["head"].as_str().unwrap().to_string());
    assert_eq!(label, format!("{seq}:{}", head["hash"].as_str().unwrap()));
    let year = app::format::date_of(app::db::now()).year;
    let bulletin = app.get(&format!("/bilan/{year}")).await;
    assert!(bulletin.body.contains(&label), "the bulletin does not publish the head");
    let (ok, out) = clairvoie(&app, &["audit", "verify", "--head", &label]);
    assert!(ok && out.contains("up to the published head"), "{out}");

    // Cut: the last two entries removed. The chain alone still verifies; against the head it does not.
    sqlx::query("DELETE FROM audit_log WHERE seq > $1").bind(seq - 2).execute(&app.state.db.pool).await.unwrap();
    assert!(clairvoie(&app, &["audit", "verify"]).0);
    let (ok, out) = clairvoie(&app, &["audit", "verify", "--head", &label]);
    assert!(!ok && out.contains("before the published head"), "{out}");
    // Rewritten: the tail written again, with hashes recomputed as the application would.
    for n in 1..=2 {
        append(&app, n, "réécrit").await;
    }
    assert!(clairvoie(&app, &["audit", "verify"]).0);
    let (ok, out) = clairvoie(&app, &["audit", "verify", "--head", &label]);
    assert!(!ok && out.contains("not the entry published as the head"), "{out}");
    let (ok, out) = clairvoie(&app, &["audit", "verify", "--head", "12:pas-un-hash"]);
    assert!(!ok && out.contains("usage"), "{out}");
}
on_both_engines!(audit_head, a_cut_or_rewritten_audit_log_fails_against_its_published_head);

/// The sensor page embedded each history entry's staff name in its hydration payload (the page hid it, the
/// JSON did not); consultation pages embedded the account id of hidden and deleted comments. Fetched as an
/// anonymous client, the raw HTML holds neither.
async fn what_a_role_may_not_see_never_leaves_the_server(mut app: TestApp) {
    let (sensor,): (i64,) = sqlx::query_as("SELECT id FROM sensors WHERE reference = 'DV-0001'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO sensor_history (sensor_id, at, actor_role, actor_name, changes) \
         VALUES ($1, 1800000000, 'sensor_manager', 'Gérald Agentdesservices', '[]')",
    )
    .bind(sensor)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    let public = app.get("/capteurs/DV-0001").await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(!public.body.contains("Agentdesservices"), "a staff member's name reached an anonymous visitor");
    let called = app.call("/api/capteurs/fiche", &[("reference", "DV-0001")]).await;
    assert!(!called.body.contains("Agentdesservices"), "nor through the page's server function");
    app.sign_in(common::consultations::ADMIN.0, common::consultations::ADMIN.1).await;
    assert!(app.get("/capteurs/DV-0001").await.body.contains("Agentdesservices"), "staff see who changed it");
    // Also when the page is reached by navigation, its data fetched by the server function: that read the
    // request's context through the page's (empty there) and named nobody, staff included.
    let called = app.call("/api/capteurs/fiche", &[("reference", "DV-0001")]).await;
    assert!(called.body.contains("Agentdesservices"), "{}", called.body);

    let page = common::consultations::open_consultation(&mut app, "Capteurs de la gare", &[]).await;
    resident(&app, "anne@exemple.fr", "Anne", None).await;
    app.sign_in("anne@exemple.fr", PASSWORD).await;
    for body in ["Premier avis", "Second avis"] {
        app.post(&format!("{page}/commentaires"), &[("body", body), ("alignment", "for")]).await;
    }
    let (anne,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = 'anne@exemple.fr'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    // Her own page still knows which comments are hers: it offers to delete them. (The page carries no data
    // payload for a script any more, only islands run in the browser; an author's id would be in one.)
    let (first,): (i64,) = sqlx::query_as("SELECT id FROM comments WHERE body = 'Premier avis'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let own = app.get(&page).await.body;
    assert!(own.contains(&format!("/consultations/commentaires/{first}/supprimer")), "the author lost her comments");
    let tells = |body: &str| {
        body.contains(&format!("\"author_id\":{anne}"))
            || body.contains(&format!("author_id\\\":{anne}"))
            || body.contains(&format!("/consultations/commentaires/{first}/supprimer"))
    };
    sqlx::query("UPDATE comments SET deleted_at = 1800000000 WHERE body = 'Premier avis'")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE comments SET hidden_reason = 'Hors sujet' WHERE body = 'Second avis'")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    app.new_visitor();
    let public = app.get(&page).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(!tells(&public.body), "hidden comments tied to their author");
    assert!(!public.body.contains("Anne"), "{}", public.text());
}
on_both_engines!(hydration_leaks, what_a_role_may_not_see_never_leaves_the_server);

/// The public retention proof of a sensor processing personal data told when it last measured and how many
/// values it held (how many people passed, and when). Only its compliance is published now.
async fn a_personal_data_sensor_publishes_only_its_compliance(mut app: TestApp) {
    let (reference, datastream): (String, i64) = sqlx::query_as(
        "SELECT s.reference, d.id FROM sensors s JOIN datastreams d ON d.sensor_id = s.id \
         WHERE s.personal_data <> 'none' ORDER BY s.id, d.id LIMIT 1",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    let now = app::db::now();
    for i in 0..3 {
        sqlx::query("INSERT INTO observations (datastream_id, time, number, received_at) VALUES ($1, $2, 1, $3)")
            .bind(datastream)
            .bind((now - 60 + i) * 1000)
            .bind(now - 60 + i)
            .execute(&app.state.db.pool)
            .await
            .unwrap();
    }
    let proof = app.get(&format!("/api/v1/sensors/{reference}/retention")).await;
    assert_eq!(proof.status, StatusCode::OK, "{}", proof.body);
    let json: serde_json::Value = serde_json::from_str(&proof.body).unwrap();
    assert_eq!(json["withheld"], true, "{json}");
    for d in json["datastreams"].as_array().unwrap() {
        assert_eq!(d["rows_held"], 0, "{json}");
        assert!(d["last_received_at"].is_null() && d["last_time"].is_null(), "{json}");
        assert!(d["compliant"].is_boolean());
    }
    let page = app.get(&format!("/capteurs/{reference}")).await;
    assert!(page.text().contains("seule sa conformité est publiée"), "{}", page.text());
    assert!(!page.text().contains("Reçoit des données"), "{}", page.text());
}
on_both_engines!(personal_proof, a_personal_data_sensor_publishes_only_its_compliance);

/// "Download my data" listed the IP addresses of whoever tried to sign in as the account: other people's data.
/// It says when, not from where.
async fn my_data_holds_nobody_elses_address(mut app: TestApp) {
    resident(&app, "ana@exemple.fr", "Ana", None).await;
    app.peer = "203.0.113.77:4000".parse().unwrap();
    sign_in_from(&mut app, "ana@exemple.fr", "ce n'est pas le bon").await;
    app.new_visitor();
    app.peer = "192.0.2.10:5555".parse().unwrap();
    sign_in_from(&mut app, "ana@exemple.fr", PASSWORD).await;
    // What the account did elsewhere is in it too: the envelopes it voted in (never what), its settings.
    let (slug, envelope, projects) =
        common::budgets::in_voting(&app, "Budget exporté", "1 000", "100", &["Bancs", "Arbres"]).await;
    let ana = common::consultations::who(&app, "ana@exemple.fr").await;
    app::budgets::voting::cast(
        &app.state,
        Some(&ana),
        &slug,
        envelope,
        &[(projects[1], 1)],
        app::participation::Channel::Web,
    )
    .await
    .unwrap();
    let export = app.get("/compte/mes-donnees").await;
    assert_eq!(export.status, StatusCode::OK, "{}", export.body);
    let json: serde_json::Value = serde_json::from_str(&export.body).unwrap();
    assert_eq!(json["failed_sign_ins"].as_array().map(Vec::len), Some(1), "{json}");
    assert!(!export.body.contains("203.0.113.77"), "{}", export.body);
    assert_eq!(json["budgets"]["voted_in"][0]["budget"], slug.as_str(), "{json}");
    assert!(json["budgets"]["voted_in"][0].get("items").is_none() && !export.body.contains("Arbres"), "{json}");
    assert_eq!(json["notifications"]["mode"], "immediate", "{json}");
    assert!(json["participation"]["proposals"].is_array() && json["participation"]["reports"].is_array());
}
on_both_engines!(export_addresses, my_data_holds_nobody_elses_address);

/// Deleting an account left the text of its comments and proposals, and its kiosk codes, behind. They are erased;
/// what remains (votes, counted in published results; reviewed proposals; budget projects) is anonymous and
/// listed on the privacy page.
async fn a_deleted_account_leaves_only_what_the_privacy_page_lists(mut app: TestApp) {
    let page = common::consultations::open_consultation(&mut app, "Capteurs du marché", &[]).await;
    resident(&app, "ana@exemple.fr", "Ana", None).await;
    app.sign_in("ana@exemple.fr", PASSWORD).await;
    app.post(&format!("{page}/commentaires"), &[("body", "Mon avis très personnel"), ("alignment", "for")]).await;
    app.post(&format!("{page}/vote"), &[("choice", "for")]).await;
    let (ana,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = 'ana@exemple.fr'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO proposals (author_id, title, body, domain, status, created_at) \
         VALUES ($1, 'Ma proposition', 'Mon texte', 'environment', 'pending', 0)",
    )
    .bind(ana)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO kiosk_codes (code_hash, user_id, issued_by, issued_at, expires_at) VALUES ('h', $1, NULL, 0, 1)",
    )
    .bind(ana)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    let deleted = app.post_and_follow("/compte/supprimer", &[("delete_password", PASSWORD), ("confirm", "oui")]).await;
    assert!(deleted.text().contains("Votre compte est supprimé"), "{}", deleted.text());
    let count = |sql: &'static str| {
        let pool = app.state.db.pool.clone();
        async move {
            let (n,): (i64,) = sqlx::query_as(sql).bind(ana).fetch_one(&pool).await.unwrap();
            n
        }
    };
    assert_eq!(count("SELECT COUNT(*) FROM comments WHERE author_id = $1 OR body LIKE '%personnel%'").await, 0);
    assert_eq!(count("SELECT COUNT(*) FROM proposals WHERE author_id = $1 OR title = 'Ma proposition'").await, 0);
    assert_eq!(count("SELECT COUNT(*) FROM kiosk_codes WHERE user_id = $1").await, 0);
    // The vote still counts, under the anonymous account number.
    assert_eq!(count("SELECT COUNT(*) FROM consultation_votes WHERE user_id = $1").await, 1);
    assert!(app.get(&page).await.text().contains("Résultats"));
    let privacy = app.get("/mentions-legales").await.text();
    assert!(privacy.contains("Restent, rattachés à un numéro de compte anonyme"), "{privacy}");
}
on_both_engines!(erasure, a_deleted_account_leaves_only_what_the_privacy_page_lists);
