//! Consultations and moderation end to end through the real router, on SQLite and on PostgreSQL: staff
//! forms and phases, threaded comments, votes and eligibility, reports and the auto-hide threshold, the
//! moderators' decisions, blocks, and the hash-chained audit log (including a tampered entry).

use crate::common;

use axum::http::StatusCode;
use common::TestApp;

use common::consultations::*;

/// Staff forms: errors named and nothing stored; drafts hidden; phases forward only; list filters; the sensor
/// page links its consultations; voting rules locked once open.
async fn staff_create_and_phases(mut app: TestApp) {
    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    assert_eq!(app.get("/consultations/nouvelle").await.status, StatusCode::FORBIDDEN);
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let mut bad = consultation_form("Capteurs de bruit");
    bad.retain(|(k, _)| *k != "title" && *k != "use_retention" && *k != "sensors");
    bad.extend([("title", ""), ("use_retention", "toujours"), ("sensors", "NOPE-404")]);
    let page = app.post_and_follow("/consultations/nouvelle", &bad).await;
    let text = page.text();
    assert!(text.contains("Indiquez un titre"), "{text}");
    assert!(text.contains("ISO 8601"), "{text}");
    assert!(text.contains("n'existe pas dans le registre"), "{text}");
    assert_eq!(count(&app, "consultations").await, 0);
    assert_eq!(count(&app, "audit_log").await, 0);

    let (sensor,): (String,) = sqlx::query_as("SELECT reference FROM sensors ORDER BY id LIMIT 1")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let sensor: &'static str = Box::leak(sensor.into_boxed_str());
    let centre = district_id(&app, "centre-ville").await.to_string();
    let centre: &'static str = Box::leak(centre.into_boxed_str());
    let mut good = consultation_form("Capteurs de bruit place du Marché");
    good.retain(|(k, _)| *k != "sensors");
    good.extend([("sensors", sensor), ("districts", centre), ("districts_only", "1")]);
    let answer = app.post("/consultations/nouvelle", &good).await;
    let page = answer.location.unwrap();
    assert_eq!(page, "/consultations/capteurs-de-bruit-place-du-marche");
    let shown = app.get(&page).await;
    assert!(shown.body.contains("<strong>nuisances</strong>"), "Markdown rendered");
    assert!(shown.text().contains("Brouillon"));
    // Drafts are for staff only.
    app.new_visitor();
    assert_eq!(app.get(&page).await.status, StatusCode::NOT_FOUND);
    assert!(!app.get("/consultations").await.text().contains("place du Marché"));
    assert!(!app.get(&format!("/capteurs/{sensor}")).await.text().contains("Capteurs de bruit place du Marché"));

    app.sign_in(ADMIN.0, ADMIN.1).await;
    // Forward one step at a time only.
    let refused = app.post_and_follow(&format!("{page}/phase"), &[("to", "closed")]).await;
    assert!(refused.text().contains("n'est pas possible"), "{}", refused.text());
    app.post_and_follow(&format!("{page}/phase"), &[("to", "open")]).await;
    // Once open, the voting rules stay as announced even if the form says otherwise.
    let mut edit = good.clone();
    edit.retain(|(k, _)| *k != "districts_only" && *k != "districts" && *k != "title");
    edit.push(("title", "Capteurs de bruit, place du Marché"));
    app.post_and_follow(&format!("{page}/modifier"), &edit).await;
    let (title, only): (String, i64) =
        sqlx::query_as("SELECT title, districts_only FROM consultations").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!((title.as_str(), only), ("Capteurs de bruit, place du Marché", 1));

    app.new_visitor();
    let list = app.get("/consultations?statut=open").await.text();
    assert!(list.contains("Capteurs de bruit, place du Marché"), "{list}");
    assert!(!app.get("/consultations?statut=closed").await.text().contains("place du Marché"));
    assert!(!app.get("/consultations?domaine=parking").await.text().contains("place du Marché"));
    let other = district_id(&app, "la-gare").await;
    assert!(!app.get(&format!("/consultations?quartier={other}")).await.text().contains("place du Marché"));
    assert!(app.get(&format!("/consultations?quartier={centre}")).await.text().contains("place du Marché"));
    let sensor_page = app.get(&format!("/capteurs/{sensor}")).await;
    assert!(sensor_page.body.contains(&format!("href=\"{page}\"")), "the sensor page links its consultation");
    // Create, phase, edit: three audit entries, chained.
    assert_eq!(count(&app, "audit_log").await, 3);
    let report = app::audit::verify(&app.state.db, None).await.unwrap();
    assert_eq!((report.checked, report.broken), (3, None));
}
on_both_engines!(staff, staff_create_and_phases);

/// Threads three levels deep and more, edit within 15 minutes only, delete own, supports and sort, and a
/// closed consultation read-only.
async fn comment_threads(mut app: TestApp) {
    let page = open_consultation(&mut app, "Éclairage intelligent", &[]).await;
    let comments = format!("{page}/commentaires");
    resident(&app, "anne@exemple.fr", "Anne", None).await;
    resident(&app, "bruno@exemple.fr", "Bruno", None).await;

    // Signed out: no form, and a post is refused.
    let shown = app.get(&page).await;
    assert!(shown.text().contains("Connectez-vous pour commenter"));
    app.post(&comments, &[("body", "Anonyme"), ("alignment", "for")]).await;
    assert_eq!(count(&app, "comments").await, 0);

    app.sign_in("anne@exemple.fr", PASSWORD).await;
    let page_after = app.post_and_follow(&comments, &[("body", " "), ("alignment", "peut-être")]).await;
    assert!(page_after.text().contains("Écrivez votre commentaire"), "{}", page_after.text());
    assert!(page_after.text().contains("Indiquez votre position"));
    assert_eq!(count(&app, "comments").await, 0);
    app.post_and_follow(&comments, &[("body", "Oui, **mesurer** d'abord. <script>x</script>"), ("alignment", "for")])
        .await;
    let root = comment_ids(&app).await[0];
    // A chain of replies, alternating authors, four levels deep.
    let mut parent = root;
    for (i, who) in ["bruno@exemple.fr", "anne@exemple.fr", "bruno@exemple.fr"].into_iter().enumerate() {
        app.new_visitor();
        app.sign_in(who, PASSWORD).await;
        let body = format!("Réponse de niveau {}", i + 1);
        app.post_and_follow(&comments, &[("body", &body), ("alignment", "against"), ("parent", &parent.to_string())])
            .await;
        parent = *comment_ids(&app).await.last().unwrap();
    }
    let (depth,): (i64,) = sqlx::query_as("SELECT depth FROM comments WHERE id = $1")
        .bind(parent)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(depth, 3);
    let shown = app.get(&page).await;
    assert!(shown.body.contains("&lt;script&gt;"), "raw HTML is shown as text");
    assert!(shown.body.contains("class=\"comment depth-3"));
    // Replies come right after their parent.
    let positions: Vec<usize> = comment_ids(&app)
        .await
        .iter()
        .map(|id| shown.body.find(&format!("id=\"commentaire-{id}\"")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");

    // Bruno supports Anne's comment (not his own), then the "most supported" order puts it first.
    let support = format!("/consultations/commentaires/{root}/soutien");
    app.post_and_follow(&support, &[("on", "1")]).await;
    app.post_and_follow(&support, &[("on", "1")]).await;
    let (supports,): (i64,) = sqlx::query_as("SELECT supports FROM comments WHERE id = $1")
        .bind(root)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(supports, 1, "a double click counts once");
    let own = app.post_and_follow(&format!("/consultations/commentaires/{parent}/soutien"), &[("on", "1")]).await;
    assert!(own.text().contains("votre propre commentaire"));
    assert!(app.get(&format!("{page}?tri=supported")).await.text().contains("Les plus soutenus pour"));

    // Edit within the window; not after it; not someone else's.
    let edit = format!("/consultations/commentaires/{parent}/modifier");
    app.post_and_follow(&edit, &[("body", "Réponse corrigée"), ("alignment", "neutral")]).await;
    assert!(app.get(&page).await.text().contains("Réponse corrigée"));
    sqlx::query("UPDATE comments SET created_at = created_at - 901 WHERE id = $1")
        .bind(parent)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let late = app.post_and_follow(&edit, &[("body", "Trop tard"), ("alignment", "neutral")]).await;
    assert!(late.text().contains("15 minutes"), "{}", late.text());
    app.post(&format!("/consultations/commentaires/{root}/modifier"), &[("body", "Pas à moi"), ("alignment", "for")])
        .await;
    let text = app.get(&page).await.text();
    assert!(!text.contains("Trop tard") && !text.contains("Pas à moi"));

    // Delete own: a placeholder keeps the thread.
    app.post_and_follow(&format!("/consultations/commentaires/{parent}/supprimer"), &[]).await;
    let text = app.get(&page).await.text();
    assert!(text.contains("Commentaire supprimé par son auteur"));
    assert!(!text.contains("Réponse corrigée"));

    // Closed: read-only.
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    app.post_and_follow(&format!("{page}/phase"), &[("to", "closed")]).await;
    app.new_visitor();
    app.sign_in("anne@exemple.fr", PASSWORD).await;
    let closed = app.post_and_follow(&comments, &[("body", "Encore un mot"), ("alignment", "for")]).await;
    assert!(closed.text().contains("n'est pas ouverte"), "{}", closed.text());
    assert!(closed.text().contains("les commentaires se lisent"));
    assert_eq!(count(&app, "comments").await, 4);
}
on_both_engines!(threads, comment_threads);

/// A consultation with many comments is read a page of threads at a time (each thread whole), a link to any
/// comment opens the page that holds it, and a hostile page number is read as a bounded one.
async fn comments_come_in_pages(mut app: TestApp) {
    let page = open_consultation(&mut app, "Éclairage intelligent", &[]).await;
    resident(&app, "anne@exemple.fr", "Anne", None).await;
    app.sign_in("anne@exemple.fr", PASSWORD).await;
    let comments = format!("{page}/commentaires");
    app.post_and_follow(&comments, &[("body", "Le tout premier avis"), ("alignment", "for")]).await;
    let first = comment_ids(&app).await[0];
    let (consultation, author): (i64, i64) =
        sqlx::query_as("SELECT consultation_id, author_id FROM comments WHERE id = $1")
            .bind(first)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    // 44 later top-level comments: 45 threads, three pages of 20 with the newest first.
    for i in 2..=45_i64 {
        sqlx::query(
            "INSERT INTO comments (consultation_id, parent_id, depth, author_id, alignment, body, created_at) \
             VALUES ($1, NULL, 0, $2, 'for', $3, $4)",
        )
        .bind(consultation)
        .bind(author)
        .bind(format!("Avis numéro {i}"))
        .bind(4_000_000_000 + i)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    }
    let newest = app.get(&page).await;
    assert!(newest.text().contains("Commentaires (45)"), "{}", newest.text());
    assert!(newest.text().contains("Page 1 sur 3"), "{}", newest.text());
    assert!(newest.body.contains("Avis numéro 45<") && newest.body.contains("Avis numéro 26<"));
    // Not on the page, not in its hydration data either (the arguments' summary shows the three oldest, the
    // most supported when nobody supported any).
    assert!(!newest.body.contains("Avis numéro 25") && !newest.body.contains("Avis numéro 10"));

    // A reply to the oldest comment: the post answers with a link to the page that holds it (page 3).
    let reply = app
        .post(&comments, &[("body", "Une réponse tardive"), ("alignment", "against"), ("parent", &first.to_string())])
        .await;
    let to = reply.location.unwrap();
    let reply_id = *comment_ids(&app).await.last().unwrap();
    assert_eq!(to, format!("{page}?commentaire={reply_id}#commentaire-{reply_id}"));
    let there = app.get(&to).await;
    assert!(there.text().contains("Page 3 sur 3"), "{}", there.text());
    assert!(there.body.contains("Le tout premier avis") && there.body.contains("Une réponse tardive"));
    assert!(there.body.contains(&format!("id=\"commentaire-{reply_id}\"")));
    let third = app.get(&format!("{page}?page=3")).await;
    assert!(third.body.contains("Une réponse tardive") && !third.body.contains("Avis numéro 6<"));
    assert!(third.body.contains("rel=\"prev\"") && !third.body.contains("rel=\"next\""));

    // Hostile page numbers: past the end is the last page, nonsense the first; never an error.
    for (hostile, shown) in [
        ("99999999999999999999999", "Page 1 sur 3"),
        ("4294967295", "Page 3 sur 3"),
        ("-1", "Page 1 sur 3"),
        ("%00", "Page 1 sur 3"),
    ] {
        let answer = app.get(&format!("{page}?page={hostile}")).await;
        assert_eq!(answer.status, StatusCode::OK, "{hostile}");
        assert!(answer.text().contains(shown), "{hostile}: {}", answer.text());
    }
}
on_both_engines!(comment_pages, comments_come_in_pages);

/// One vote per resident, changeable until close; districts-only eligibility; hidden results; CSV counts only.
async fn votes_and_eligibility(mut app: TestApp) {
    let centre = district_id(&app, "centre-ville").await;
    let gare = district_id(&app, "la-gare").await;
    let centre_text: &'static str = Box::leak(centre.to_string().into_boxed_str());
    let page = open_consultation(
        &mut app,
        "Compteurs de passages rue Haute",
        &[("districts", centre_text), ("districts_only", "1"), ("results_hidden", "1")],
    )
    .await;
    let vote = format!("{page}/vote");
    resident(&app, "centre@exemple.fr", "Céline", Some(centre)).await;
    resident(&app, "gare@exemple.fr", "Gaston", Some(gare)).await;
    resident(&app, "nulle-part@exemple.fr", "Noé", None).await;

    app.sign_in("centre@exemple.fr", PASSWORD).await;
    let bad = app.post_and_follow(&vote, &[("choice", "peut-être")]).await;
    assert!(bad.text().contains("Choisissez pour, contre ou abstention"));
    // Posted in place by an interactive page: a translated JSON outcome, nothing left for the next page.
    let fetched = app.post_fetch(&vote, &[("choice", "for")]).await;
    assert_eq!(fetched.status, StatusCode::OK);
    let outcome: serde_json::Value = serde_json::from_str(&fetched.body).unwrap();
    assert_eq!(outcome["ok"], true);
    assert!(outcome["messages"][0].as_str().unwrap().contains("Votre vote est enregistré"), "{outcome}");
    assert!(!app.get(&page).await.text().contains("Votre vote est enregistré"), "no flash after a scripted post");
    let refused = app.post_fetch(&vote, &[("choice", "peut-être")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("Choisissez pour, contre ou abstention"), "{}", refused.body);
    app.post_and_follow(&vote, &[("choice", "for")]).await;
    let changed = app.post_and_follow(&vote, &[("choice", "against")]).await;
    assert!(changed.text().contains("Votre vote actuel : Contre"), "{}", changed.text());
    assert!(changed.text().contains("Les résultats seront publiés à la clôture"));
    assert!(changed.text().contains("1 personne a voté"));
    assert_eq!(count(&app, "consultation_votes").await, 1);
    assert_eq!(app.get(&format!("{page}/resultats.csv")).await.status, StatusCode::NOT_FOUND);

    for outsider in ["gare@exemple.fr", "nulle-part@exemple.fr"] {
        app.new_visitor();
        app.sign_in(outsider, PASSWORD).await;
        let refused = app.post_and_follow(&vote, &[("choice", "for")]).await;
        assert!(refused.text().contains("réservé aux habitants des quartiers concernés"), "{}", refused.text());
    }
    assert_eq!(count(&app, "consultation_votes").await, 1);

    // The demo resident lives in the first district (Centre-ville): eligible.
    app.new_visitor();
    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    app.post_and_follow(&vote, &[("choice", "abstain")]).await;
    assert_eq!(count(&app, "consultation_votes").await, 2);

    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    app.post_and_follow(&format!("{page}/phase"), &[("to", "closed")]).await;
    app.new_visitor();
    app.sign_in("centre@exemple.fr", PASSWORD).await;
    let late = app.post_and_follow(&vote, &[("choice", "for")]).await;
    assert!(late.text().contains("Le vote n'est pas ouvert"));
    assert!(late.text().contains("Résultats du vote (2 votes)"), "{}", late.text());
    // What anyone reads (signed out, so the page's own header names nobody).
    app.new_visitor();
    let results = app.get(&page).await.text();
    assert!(results.contains("Résultats du vote (2 votes)"), "{results}");
    let csv = app.get(&format!("{page}/resultats.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    // Two voters in the centre: too few to publish their district's line (they would be known by their
    // neighbours); the overall line is all there is.
    assert_eq!(csv.body, "district,for,against,abstain,total\n*,0,1,1,2\n");
    assert!(!results.contains("Centre-ville 0 1 1 2"), "{results}");
    for name in ["Céline", "Hugo", "centre@exemple.fr"] {
        assert!(!csv.body.contains(name) && !results.contains(name), "no voter named anywhere");
    }
}
on_both_engines!(votes, votes_and_eligibility);

/// Reports hide at the threshold; the queue; restore, hide with a reason, block; the audit chain verifies,
/// and a tampered entry is found.
async fn moderation_and_audit(mut app: TestApp) {
    let page = open_consultation(&mut app, "Caméras au parking du marché", &[]).await;
    for (email, name) in [("r1@exemple.fr", "Rémi"), ("r2@exemple.fr", "Rose"), ("r3@exemple.fr", "Rita")] {
        resident(&app, email, name, None).await;
    }
    resident(&app, "troll@exemple.fr", "Troll", None).await;
    app.sign_in("troll@exemple.fr", PASSWORD).await;
    app.post_and_follow(&format!("{page}/commentaires"), &[("body", "Message injurieux"), ("alignment", "against")])
        .await;
    let id = comment_ids(&app).await[0].to_string();
    let report = |reason: &'static str| {
        vec![
            ("kind", "comment"),
            ("id", Box::leak(id.clone().into_boxed_str()) as &str),
            ("reason", reason),
            ("details", ""),
        ]
    };

    // Reporting needs an account; "other" needs details; one report per person.
    app.new_visitor();
    assert_eq!(app.get(&format!("/moderation/signaler?type=comment&id={id}")).await.status, StatusCode::FOUND);
    for (n, email) in ["r1@exemple.fr", "r2@exemple.fr", "r3@exemple.fr"].into_iter().enumerate() {
        app.new_visitor();
        app.sign_in(email, PASSWORD).await;
        assert!(app
            .get(&format!("/moderation/signaler?type=comment&id={id}"))
            .await
            .text()
            .contains("Message injurieux"));
        if n == 0 {
            let bad = app.post_and_follow("/moderation/signaler", &report("other")).await;
            assert!(bad.text().contains("Précisez le motif"), "{}", bad.text());
            app.post_and_follow("/moderation/signaler", &report("offensive")).await;
            let again = app.post_and_follow("/moderation/signaler", &report("spam")).await;
            assert!(again.text().contains("déjà signalé"));
        } else {
            app.post_and_follow("/moderation/signaler", &report("offensive")).await;
        }
        let text = app.get(&page).await.text();
        assert_eq!(text.contains("Message injurieux"), n < 2, "hidden at the third report ({n})");
    }
    let text = app.get(&page).await.text();
    assert!(text.contains("Masqué en attendant l'examen de la modération"), "{text}");

    // The queue: moderators only.
    assert_eq!(app.get("/moderation").await.status, StatusCode::FORBIDDEN);
    app.new_visitor();
    app.sign_in(MODERATOR.0, MODERATOR.1).await;
    let queue = app.get("/moderation").await.text();
    assert!(queue.contains("3 signalements") && queue.contains("Message injurieux"), "{queue}");
    let no_reason = app
        .post_and_follow(
            "/moderation/decider",
            &[("kind", "comment"), ("id", &id), ("decision", "restore"), ("reason", "")],
        )
        .await;
    assert!(no_reason.text().contains("motif de 3 à 500"));
    app.post_and_follow(
        "/moderation/decider",
        &[("kind", "comment"), ("id", &id), ("decision", "restore"), ("reason", "Critique vive mais admise")],
    )
    .await;
    assert!(app.get(&page).await.text().contains("Message injurieux"));
    assert!(app.get("/moderation").await.text().contains("Aucun contenu signalé"));
    app.post_and_follow(
        "/moderation/decider",
        &[("kind", "comment"), ("id", &id), ("decision", "hide"), ("reason", "Propos injurieux")],
    )
    .await;
    let text = app.get(&page).await.text();
    assert!(text.contains("Masqué par la modération : Propos injurieux") && !text.contains("Message injurieux"));

    // Block the author: they may read, not take part; staff cannot be blocked.
    let (troll,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = 'troll@exemple.fr'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let (admin,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1")
        .bind(ADMIN.0)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let staff = app
        .post_and_follow(
            "/moderation/bloquer",
            &[("user_id", &admin.to_string()), ("duration", "7d"), ("reason", "Essai")],
        )
        .await;
    assert!(staff.text().contains("ne peut pas être suspendu"));
    app.post_and_follow(
        "/moderation/bloquer",
        &[("user_id", &troll.to_string()), ("duration", "7d"), ("reason", "Insultes répétées")],
    )
    .await;
    app.new_visitor();
    app.sign_in("troll@exemple.fr", PASSWORD).await;
    let blocked =
        app.post_and_follow(&format!("{page}/commentaires"), &[("body", "Encore"), ("alignment", "for")]).await;
    assert!(blocked.text().contains("suspendu par la modération"), "{}", blocked.text());
    assert_eq!(count(&app, "comments").await, 1);

    // The public log: moderation entries, no names, no account ids.
    app.new_visitor();
    let log = app.get("/moderation/journal").await.text();
    assert!(
        log.contains("Masquage automatique")
            && log.contains("Propos injurieux")
            && log.contains("Suspension de compte")
    );
    assert!(!log.contains("Malik") && !log.contains("Troll") && !log.contains(&format!("Compte #{troll}")), "{log}");
    assert!(!log.contains("Consultation créée"), "admin entries are not public");
    assert_eq!(app.get("/admin/journal").await.status, StatusCode::FOUND);
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let full = app.get("/admin/journal").await.text();
    assert!(full.contains("Malik Modération") && full.contains("Consultation créée"), "{full}");

    // create, open, auto-hide, restore, hide, block = 6 entries; the chain verifies.
    let report = app::audit::verify(&app.state.db, None).await.unwrap();
    assert_eq!((report.checked, report.broken.clone()), (6, None));
    // Someone edits an entry in the database: the chain points at it.
    sqlx::query("UPDATE audit_log SET reason = 'Rien à signaler' WHERE seq = 5")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let report = app::audit::verify(&app.state.db, None).await.unwrap();
    assert_eq!(report.broken, Some(app::audit::Broken::Content { seq: 5 }));
    assert_eq!(report.checked, 4);
}
on_both_engines!(moderation, moderation_and_audit);

/// Residents propose; pending proposals are the author's and staff's only; staff decline with a public reason
/// or accept (a draft consultation prepared, which cannot open before its use case is complete); a reported
/// proposal is hidden at the threshold.
async fn proposals_reviewed_in_public(mut app: TestApp) {
    resident(&app, "ines@exemple.fr", "Inès", None).await;
    let list = "/consultations/propositions";
    app.sign_in("ines@exemple.fr", PASSWORD).await;
    let bad =
        app.post_and_follow(list, &[("title", "Vélo"), ("body", "Court"), ("domain", ""), ("district_id", "")]).await;
    let text = bad.text();
    assert!(text.contains("titre de 5 à 200") && text.contains("20 à 5 000"), "{text}");
    assert_eq!(count(&app, "proposals").await, 0);
    let body = "Compter les vélos rue Haute pour savoir si une piste se justifie.";
    app.post_and_follow(
        list,
        &[("title", "Compteur vélos rue Haute"), ("body", body), ("domain", "mobility"), ("district_id", "")],
    )
    .await;
    app.post_and_follow(
        list,
        &[
            ("title", "Caméras partout"),
            ("body", "Filmer toutes les rues en permanence, tout le temps."),
            ("domain", "safety"),
            ("district_id", ""),
        ],
    )
    .await;
    assert!(app.get(list).await.text().contains("En attente d'examen"), "the author sees their pending proposals");
    app.new_visitor();
    let public = app.get(list).await.text();
    assert!(!public.contains("Compteur vélos"), "pending proposals are not public: {public}");
    // Nor can they be reported (which would show them).
    resident(&app, "curieux@exemple.fr", "Curieux", None).await;
    app.sign_in("curieux@exemple.fr", PASSWORD).await;
    let (pending,): (i64,) =
        sqlx::query_as("SELECT MIN(id) FROM proposals").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(
        app.get(&format!("/moderation/signaler?type=proposal&id={pending}")).await.status,
        StatusCode::NOT_FOUND
    );
    let id = pending.to_string();
    app.post("/moderation/signaler", &[("kind", "proposal"), ("id", &id), ("reason", "spam"), ("details", "")]).await;
    assert_eq!(count(&app, "reports").await, 0);
    app.new_visitor();

    app.sign_in(ADMIN.0, ADMIN.1).await;
    let staff_view = app.get(list).await.text();
    assert!(staff_view.contains("Compteur vélos") && staff_view.contains("Caméras partout"));
    let ids: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM proposals ORDER BY id").fetch_all(&app.state.db.pool).await.unwrap();
    let (bikes, cameras) = (ids[0].0, ids[1].0);
    let refused =
        app.post_and_follow(&format!("{list}/{cameras}/examen"), &[("decision", "decline"), ("reason", "")]).await;
    assert!(refused.text().contains("doit être motivé"), "{}", refused.text());
    app.post_and_follow(
        &format!("{list}/{cameras}/examen"),
        &[("decision", "decline"), ("reason", "Contraire au principe de minimisation")],
    )
    .await;
    let answer = app.post(&format!("{list}/{bikes}/examen"), &[("decision", "accept"), ("reason", "")]).await;
    assert_eq!(answer.location.as_deref(), Some("/consultations/compteur-velos-rue-haute/modifier"));
    let twice = app
        .post_and_follow(&format!("{list}/{bikes}/examen"), &[("decision", "decline"), ("reason", "Trop tard")])
        .await;
    assert!(twice.text().contains("déjà reçu une réponse"));
    // The draft cannot open before staff complete its use case.
    let page = "/consultations/compteur-velos-rue-haute";
    let early = app.post_and_follow(&format!("{page}/phase"), &[("to", "open")]).await;
    assert!(early.text().contains("Complétez l'usage envisagé"), "{}", early.text());
    let mut form = consultation_form("Compteur vélos rue Haute");
    form.retain(|(k, _)| *k != "title");
    form.push(("title", "Compteur vélos rue Haute"));
    app.post_and_follow(&format!("{page}/modifier"), &form).await;
    app.post_and_follow(&format!("{page}/phase"), &[("to", "open")]).await;

    app.new_visitor();
    let public = app.get(list).await.text();
    assert!(public.contains("Contraire au principe de minimisation") && public.contains("Refusée"), "{public}");
    assert!(public.contains("Acceptée") && public.contains("voir la consultation"), "{public}");
    let (source,): (Option<i64>,) =
        sqlx::query_as("SELECT proposal_id FROM consultations").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(source, Some(bikes));

    // Reported three times: hidden with a placeholder.
    for (email, name) in [("p1@exemple.fr", "Paul"), ("p2@exemple.fr", "Pia"), ("p3@exemple.fr", "Pol")] {
        resident(&app, email, name, None).await;
        app.new_visitor();
        app.sign_in(email, PASSWORD).await;
        let id = cameras.to_string();
        app.post_and_follow(
            "/moderation/signaler",
            &[("kind", "proposal"), ("id", &id), ("reason", "spam"), ("details", "")],
        )
        .await;
    }
    let public = app.get(list).await.text();
    assert!(!public.contains("Filmer toutes les rues") && public.contains("Masqué en attendant"), "{public}");
    // Decline, accept, the automatic hide, the edit and the opening are all in the chain.
    let report = app::audit::verify(&app.state.db, None).await.unwrap();
    assert_eq!((report.checked, report.broken), (5, None));
}
on_both_engines!(proposals, proposals_reviewed_in_public);

/// Administration outside moderation is in the chain too: roles, sensors, device tokens, integrations.
async fn admin_actions_are_logged(app: TestApp) {
    let state = &app.state;
    let ids: Vec<(i64,)> = sqlx::query_as("SELECT id FROM users WHERE email IN ($1, $2) ORDER BY email")
        .bind(ADMIN.0)
        .bind(RESIDENT.0)
        .fetch_all(&state.db.pool)
        .await
        .unwrap();
    // admin@… sorts before habitant@….
    let (admin, resident) = (ids[0].0, ids[1].0);
    let admin = app::accounts::service::current_user(state, admin).await.unwrap().unwrap();
    app::accounts::service::set_role(state, Some(&admin), resident, app::access::Role::Moderator, true).await.unwrap();
    app::sensors::service::set_status(state, Some(&admin), "DV-0001", "suspended").await.unwrap();
    app::ingest::service::issue_token_cli(state, "DV-0001").await.unwrap();
    app::ingest::service::create_integration(state, Some(&admin), "ttn", "Réseau test").await.unwrap();
    let (integration,): (i64,) = sqlx::query_as("SELECT id FROM integrations").fetch_one(&state.db.pool).await.unwrap();
    app::ingest::service::revoke_integration(state, Some(&admin), integration).await.unwrap();
    let entries: Vec<(String, Option<i64>, String)> =
        sqlx::query_as("SELECT action, actor_id, target_kind FROM audit_log ORDER BY seq")
            .fetch_all(&state.db.pool)
            .await
            .unwrap();
    let actions: Vec<&str> = entries.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(actions, ["role_grant", "sensor_edit", "token_issue", "integration_create", "integration_revoke"]);
    assert_eq!(entries[2].1, None, "the command line acts as the system");
    assert_eq!(entries[0].1, Some(admin.id));
    let report = app::audit::verify(&state.db, None).await.unwrap();
    assert_eq!((report.checked, report.broken), (5, None));
}
on_both_engines!(admin_log, admin_actions_are_logged);
