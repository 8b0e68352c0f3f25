//! Mail notifications of consultations, on SQLite and on PostgreSQL: a reply mailed at once to the comment's
//! author (never for answering oneself), daily digests once a day, "none" honoured, the unsubscribe link working
//! without signing in, and every participant told once when a consultation is decided.

use crate::common;

use app::notifications::deliver;
use common::consultations::*;
use common::TestApp;

async fn set_mode(app: &TestApp, email: &str, mode: &str) {
    sqlx::query("UPDATE users SET notify_mode = $1 WHERE email = $2")
        .bind(mode)
        .bind(email)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
}

fn mails_to(app: &TestApp, email: &str) -> Vec<String> {
    app.mails().into_iter().filter(|(to, _)| to.contains(email)).map(|(_, body)| body).collect()
}

async fn comment(app: &mut TestApp, who: &str, page: &str, body: &str, parent: Option<i64>) -> i64 {
    app.new_visitor();
    app.sign_in(who, PASSWORD).await;
    let parent = parent.map(|p| p.to_string()).unwrap_or_default();
    app.post_and_follow(&format!("{page}/commentaires"), &[("body", body), ("alignment", "for"), ("parent", &parent)])
        .await;
    *comment_ids(app).await.last().unwrap()
}

async fn replies_digests_and_unsubscribe(mut app: TestApp) {
    let page = open_consultation(&mut app, "Capteurs de bruit place du Marché", &[]).await;
    for (email, name) in [("anne@exemple.fr", "Anne"), ("bruno@exemple.fr", "Bruno"), ("chloe@exemple.fr", "Chloé")] {
        resident(&app, email, name, None).await;
    }
    let root = comment(&mut app, "anne@exemple.fr", &page, "Mesurons d'abord.", None).await;
    // Answering oneself tells no one.
    comment(&mut app, "anne@exemple.fr", &page, "Et publions tout.", Some(root)).await;
    assert_eq!(deliver(&app.state).await.unwrap().mails, 0);
    let reply = comment(&mut app, "bruno@exemple.fr", &page, "Je ne suis pas d'accord.", Some(root)).await;
    // An instance whose features did not register how to tell their notifications (no `web::wire`) leaves them
    // queued: nothing mailed, nothing lost.
    let mut unwired = app.state.clone();
    unwired.parts = Default::default();
    let none = deliver(&unwired).await.unwrap();
    assert_eq!((none.mails, none.told, none.dropped), (0, 0, 0));
    let done = deliver(&app.state).await.unwrap();
    assert_eq!((done.mails, done.told), (1, 1));
    let mails = mails_to(&app, "anne@exemple.fr");
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("Bruno a répondu") && mails[0].contains("Je ne suis pas d'accord."), "{}", mails[0]);
    assert!(
        mails[0].contains(&format!("http://localhost{page}?commentaire={reply}#commentaire-{reply}")),
        "{}",
        mails[0]
    );
    assert!(mails[0].contains("http://localhost/compte/notifications/desabonner?cle="), "{}", mails[0]);
    // The preferences link leads to a page of their own.
    let preferences = "http://localhost/compte/notifications";
    let linked =
        mails[0].match_indices(preferences).any(|(at, _)| !mails[0][at + preferences.len()..].starts_with('/'));
    assert!(linked, "{}", mails[0]);
    // Delivered once: a second run sends nothing.
    assert_eq!(deliver(&app.state).await.unwrap().mails, 0);

    // Daily digest: two replies, one mail; nothing more the same day; the next day's replies go then.
    set_mode(&app, "anne@exemple.fr", "daily").await;
    comment(&mut app, "bruno@exemple.fr", &page, "Deuxième réponse.", Some(root)).await;
    comment(&mut app, "chloe@exemple.fr", &page, "Troisième réponse.", Some(root)).await;
    assert_eq!(deliver(&app.state).await.unwrap().mails, 1);
    let digest = mails_to(&app, "anne@exemple.fr").pop().unwrap();
    assert!(digest.contains("Deuxième réponse.") && digest.contains("Troisième réponse."), "{digest}");
    comment(&mut app, "chloe@exemple.fr", &page, "Quatrième réponse.", Some(root)).await;
    assert_eq!(deliver(&app.state).await.unwrap().mails, 0, "one digest a day");
    sqlx::query("UPDATE users SET last_digest_at = last_digest_at - 86400 WHERE email = 'anne@exemple.fr'")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(deliver(&app.state).await.unwrap().told, 1);
    assert!(mails_to(&app, "anne@exemple.fr").pop().unwrap().contains("Quatrième réponse."));

    // The unsubscribe link works signed out; afterwards nothing is mailed, and what was due is dropped.
    let unsubscribe = mails_to(&app, "anne@exemple.fr")
        .pop()
        .unwrap()
        .split_whitespace()
        .find(|w| w.contains("/desabonner?cle="))
        .unwrap()
        .trim_start_matches("http://localhost")
        .to_string();
    app.new_visitor();
    let shown = app.get(&unsubscribe).await;
    assert!(shown.text().contains("Ne plus recevoir de notifications"));
    let key = unsubscribe.split("cle=").nth(1).unwrap().to_string();
    // A value that is not a key's shape is not echoed into the redirect (a 100 KB one broke clients and proxies).
    let long = "a".repeat(100_000);
    let echoed = app.post("/compte/notifications/desabonner", &[("cle", &long)]).await;
    assert_eq!(echoed.location.as_deref(), Some("/compte/notifications/desabonner"));
    let bad = app.post_and_follow("/compte/notifications/desabonner", &[("cle", "0".repeat(48).as_str())]).await;
    assert!(bad.text().contains("Ce lien de désabonnement n'est plus valable"), "{}", bad.text());
    let done = app.post_and_follow("/compte/notifications/desabonner", &[("cle", &key)]).await;
    assert!(done.text().contains("vous ne recevrez plus de notifications"), "{}", done.text());
    // A key serves once: the link of a forwarded or leaked mail cannot unsubscribe the person again later.
    let replayed = app.post_and_follow("/compte/notifications/desabonner", &[("cle", &key)]).await;
    assert!(replayed.text().contains("Ce lien de désabonnement n'est plus valable"), "{}", replayed.text());
    let before = mails_to(&app, "anne@exemple.fr").len();
    comment(&mut app, "bruno@exemple.fr", &page, "Encore une.", Some(root)).await;
    let run = deliver(&app.state).await.unwrap();
    assert_eq!((run.mails, run.dropped), (0, 1));
    assert_eq!(mails_to(&app, "anne@exemple.fr").len(), before);

    // The preference form on "my account".
    app.new_visitor();
    app.sign_in("anne@exemple.fr", PASSWORD).await;
    let form = app.get("/compte/notifications").await.text();
    assert!(form.contains("un récapitulatif par jour au plus"), "{form}");
    let account = app.post_and_follow("/compte/notifications", &[("notify_mode", "immediate")]).await;
    assert!(account.text().contains("préférences de notification sont enregistrées"), "{}", account.text());
    let bad = app.post_and_follow("/compte/notifications", &[("notify_mode", "parfois")]).await;
    assert!(bad.text().contains("Choisissez une valeur dans la liste"));
    // A field sent twice (a hand-made post): the form again, the field named in French, nothing changed.
    let twice =
        app.post_and_follow("/compte/notifications", &[("notify_mode", "none"), ("notify_mode", "daily")]).await;
    assert!(twice.text().contains("Ce champ a été envoyé plusieurs fois"), "{}", twice.text());
    assert!(twice.body.contains("href=\"#champ-notify_mode\""), "{}", twice.body);
    let (mode,): (String,) = sqlx::query_as("SELECT notify_mode FROM users WHERE email = 'anne@exemple.fr'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(mode, "immediate");

    // Subscribed again, the next mail carries a new key; the used one stays refused.
    comment(&mut app, "bruno@exemple.fr", &page, "Et une autre.", Some(root)).await;
    deliver(&app.state).await.unwrap();
    let fresh = mails_to(&app, "anne@exemple.fr").pop().unwrap();
    let fresh_link = fresh.split_whitespace().find(|w| w.contains("/desabonner?cle=")).unwrap();
    let fresh_key = fresh_link.split("cle=").nth(1).unwrap().trim_end_matches('>').to_string();
    assert!(fresh.contains("Et une autre."), "{fresh}");
    assert_ne!(fresh_key, key);
}
on_both_engines!(replies, replies_digests_and_unsubscribe);

async fn participants_told_of_the_decision_once(mut app: TestApp) {
    let page = open_consultation(&mut app, "Éclairage intelligent", &[]).await;
    for (email, name) in [("voter@exemple.fr", "Victor"), ("both@exemple.fr", "Béa"), ("quiet@exemple.fr", "Quentin")]
    {
        resident(&app, email, name, None).await;
    }
    for who in ["voter@exemple.fr", "both@exemple.fr"] {
        app.new_visitor();
        app.sign_in(who, PASSWORD).await;
        app.post_and_follow(&format!("{page}/vote"), &[("choice", "for")]).await;
    }
    comment(&mut app, "both@exemple.fr", &page, "Bonne idée.", None).await;
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    app.post_and_follow(&format!("{page}/phase"), &[("to", "closed")]).await;
    // Recording the official decision is what makes a consultation decided.
    let slug = page.trim_start_matches("/consultations/");
    let decided = app
        .post(
            "/decisions/nouvelle",
            &[
                ("kind", "consultation"),
                ("slug", slug),
                ("outcome", "adopted"),
                ("reasoning", "L'éclairage sera installé."),
                ("participation", "Les votants étaient favorables."),
                ("body", "Conseil municipal"),
                ("decided_on", "2026-01-15"),
            ],
        )
        .await;
    assert_eq!(decided.status, axum::http::StatusCode::SEE_OTHER);
    let done = deliver(&app.state).await.unwrap();
    assert_eq!((done.mails, done.told), (2, 2), "the voter and the commenter-voter, once each");
    for who in ["voter@exemple.fr", "both@exemple.fr"] {
        let mails = mails_to(&app, who);
        assert_eq!(mails.len(), 1, "{who}");
        assert!(
            mails[0].contains("est décidée") && mails[0].contains(&format!("http://localhost{page}")),
            "{}",
            mails[0]
        );
    }
    assert!(mails_to(&app, "quiet@exemple.fr").is_empty());
    assert_eq!(deliver(&app.state).await.unwrap().mails, 0);
}
on_both_engines!(decided, participants_told_of_the_decision_once);
