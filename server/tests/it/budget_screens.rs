//! A participatory budget's whole life through its screens, as a browser without JavaScript drives them (every
//! form posts, the server redirects and the next page shows the outcome), on SQLite and on PostgreSQL: staff
//! create it (refused input named field by field, nothing stored), a resident proposes projects, staff review
//! them publicly, residents vote with the envelope's running total and the rules' violations explained, get a
//! receipt code and change their ballot; paper ballots are entered twice and their discrepancy resolved; the
//! vote closes and the results are published.

use crate::common;

use app::access::Role;
use axum::http::StatusCode;
use common::consultations::{district_id, resident, ADMIN, PASSWORD};
use common::TestApp;

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&app.state.db.pool).await.unwrap();
    n
}

/// What a person reads, with the non-breaking spaces of amounts as plain spaces.
fn read(page: &common::Page) -> String {
    page.text().replace(['\u{a0}', '\u{202f}'], " ")
}

/// The receipt code a notice shows: `XXXX-XXXX-XXXX`.
fn receipt_in(text: &str) -> String {
    let at =
        text.find("code de reçu : ").unwrap_or_else(|| panic!("no receipt code in {text}")) + "code de reçu : ".len();
    text[at..at + 14].to_string()
}

/// A one-pixel PNG, well formed (the same as the end-to-end tests').
const PNG: &[u8] = b"\x89PNG\x0d\x0a\x1a\x0a\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\x0dIDATx\xdac\xfc\xcf\xc0P\x0f\x00\x04\x85\x01\x80\x84\xa9\x8c!\x00\x00\x00\x00IEND\xaeB`\x82";

fn project_id(location: &str) -> i64 {
    location.rsplit("#projet-").next().unwrap().parse().unwrap()
}

async fn a_budget_through_its_screens(mut app: TestApp) {
    let centre = district_id(&app, "centre-ville").await;
    resident(&app, "lea@exemple.fr", "Léa", Some(centre)).await;
    resident(&app, "max@exemple.fr", "Max", Some(centre)).await;
    app::accounts::service::ensure_account(&app.state, "regie@exemple.fr", "Régie", PASSWORD, &[Role::Admin], None)
        .await
        .unwrap();
    app::accounts::service::ensure_account(&app.state, "tierce@exemple.fr", "Tierce", PASSWORD, &[Role::Admin], None)
        .await
        .unwrap();
    let budgets_before = scalar(&app, "SELECT COUNT(*) FROM budgets").await;

    // Staff create the budget; a bad form is answered field by field and stores nothing.
    app.sign_in(ADMIN.0, ADMIN.1).await;
    assert!(app.get("/budgets").await.body.contains("href=\"/budgets/nouveau\""));
    assert_eq!(app.get("/budgets/nouveau").await.status, 200);
    let bad = app
        .post_and_follow(
            "/budgets/nouveau",
            &[("title", " "), ("amount", "-5"), ("ballot_kind", "knapsack"), ("rule", "greedy")],
        )
        .await
        .text();
    assert!(bad.contains("Donnez un titre au budget") && bad.contains("Indiquez un montant en euros"), "{bad}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budgets").await, budgets_before);
    // Hostile numbers in every numeric field: each is named, nothing is stored.
    let hostile = app
        .post_and_follow(
            "/budgets/nouveau",
            &[
                ("title", "Budget piégé"),
                ("amount", "9223372036854775807"),
                ("districts", "centre-ville | 92233720368547758070"),
                ("ballot_kind", "cumulative"),
                ("rule", "greedy"),
                ("max_points", "9223372036854775807"),
                ("max_points_each", "-1"),
                ("min_choices", "1e30"),
                ("min_score", "+3"),
            ],
        )
        .await;
    let text = hostile.text();
    assert!(text.contains("Indiquez un montant en euros") && text.contains("Une ligne par quartier"), "{text}");
    for field in ["amount", "districts", "max_points", "max_points_each", "min_choices", "min_score"] {
        assert!(hostile.body.contains(&format!("id=\"champ-{field}-erreur\"")), "{field} not named: {text}");
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budgets").await, budgets_before);
    let created = app
        .post(
            "/budgets/nouveau",
            &[
                ("title", "Budget des quartiers 2027"),
                ("body", "Cent mille euros pour **vos** projets."),
                ("amount", "100 000"),
                ("districts", "Centre-ville | 20 000"),
                ("ballot_kind", "knapsack"),
                ("rule", "greedy"),
                ("voting_from", "2027-03-01"),
                ("voting_until", "2027-03-31"),
            ],
        )
        .await;
    assert_eq!(created.status, StatusCode::SEE_OTHER);
    let page = created.location.unwrap();
    assert_eq!(page, "/budgets/budget-des-quartiers-2027");
    let slug = page.trim_start_matches("/budgets/").to_string();
    let text = read(&app.get(&page).await);
    assert!(text.contains("Le budget est créé") && text.contains("Centre-ville — 20 000 €"), "{text}");
    let (town,): (i64,) = sqlx::query_as(
        "SELECT e.id FROM budget_envelopes e JOIN budgets b ON b.id = e.budget_id WHERE b.slug = $1 AND e.district_id IS NULL",
    )
    .bind(&slug)
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    let town = town.to_string();

    // A visitor is sent through the sign-in form to the proposal form (a plain link, no script needed).
    app.new_visitor();
    let login = format!("/compte/connexion?suite={page}/proposer");
    assert!(app.get(&page).await.body.contains(&format!("href=\"{login}\"")), "sign in first");
    // A resident proposes projects; a missing cost is named.
    app.new_visitor();
    app.sign_in("lea@exemple.fr", PASSWORD).await;
    let propose = format!("{page}/proposer");
    assert!(app.get(&page).await.body.contains(&format!("href=\"{propose}\"")));
    assert_eq!(app.get(&propose).await.status, 200);
    // The form posts as multipart (for its photos); a browser without JavaScript sends it the same way.
    let missing = app
        .post_multipart(&propose, &[("title", "Jardin partagé"), ("body", "Des bacs"), ("envelope", &town)], &[])
        .await;
    let missing = app.get(missing.location.as_deref().unwrap()).await;
    assert!(missing.text().contains("Indiquez un montant en euros"), "{}", missing.text());
    assert!(missing.body.contains("value=\"Jardin partagé\""), "the form keeps what was typed");
    let half = [("title", "Jardin"), ("body", "Des bacs"), ("cost", "10"), ("envelope", &town), ("latitude", "47.39")];
    let half_place = app.post_multipart(&propose, &half, &[]).await;
    let half_place = app.get(half_place.location.as_deref().unwrap()).await.text();
    assert!(half_place.contains("Indiquez la latitude et la longitude"), "{half_place}");
    // Photos are known by their first bytes: a page renamed .jpg is refused, and nothing is stored.
    let ok = [("title", "Jardin"), ("body", "Des bacs"), ("cost", "10"), ("envelope", &town)];
    let fake = app.post_multipart(&propose, &ok, &[("images", "photo.jpg", b"<html><script>alert(1)</script>")]).await;
    let fake = app.get(fake.location.as_deref().unwrap()).await.text();
    assert!(fake.contains("ni un JPEG, ni un PNG, ni un WebP"), "{fake}");
    let four: Vec<(&str, &str, &[u8])> = vec![("images", "p.png", PNG); 4];
    let too_many = app.post_multipart(&propose, &ok, &four).await;
    assert!(app.get(too_many.location.as_deref().unwrap()).await.text().contains("Trois photos au plus"));
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budget_projects WHERE title = 'Jardin'").await, 0);
    // Multipart fields lose control and override characters as every form's do (the second attack pass stored a
    // NUL, an escape and a right-to-left override through this form; PostgreSQL refuses the NUL).
    let hostile =
        [("title", "Banc\u{202E}\u{1b}[31m\u{0}"), ("body", "Un\u{0} banc"), ("cost", "10"), ("envelope", &town)];
    let stored = app.post_multipart(&propose, &hostile, &[]).await;
    assert_eq!(stored.status, StatusCode::SEE_OTHER, "{}", stored.body);
    let (title, body): (String, String) =
        sqlx::query_as("SELECT title, body FROM budget_projects WHERE title LIKE 'Banc%'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!((title.as_str(), body.as_str()), ("Banc[31m", "Un banc"));
    sqlx::query("DELETE FROM budget_projects WHERE title LIKE 'Banc%'").execute(&app.state.db.pool).await.unwrap();
    assert!(!app.get(&page).await.body.contains("carte-projets"), "no map while no project has a place");
    let mut ids = vec![];
    for (title, cost, lat) in
        [("Jardin partagé", "60 000", "47,3951"), ("Abri à vélos", "45 000", ""), ("Fontaine dorée", "90 000", "")]
    {
        let lon = if lat.is_empty() { "" } else { "0.6901" };
        let fields = [
            ("title", title),
            ("body", "Pour le quartier."),
            ("cost", cost),
            ("envelope", &town),
            ("latitude", lat),
            ("longitude", lon),
        ];
        // The first project comes with a photo, and an empty file input (no file chosen) beside it.
        let files: Vec<(&str, &str, &[u8])> =
            if title == "Jardin partagé" { vec![("images", "jardin.png", PNG), ("images", "", b"")] } else { vec![] };
        let sent = app.post_multipart(&propose, &fields, &files).await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        ids.push(project_id(&sent.location.unwrap()));
    }
    let (photo, bytes) = app.get_with(&format!("/budgets/projets/{}/photos/1", ids[0]), &[]).await;
    assert_eq!((photo.status, photo.content_type.as_str(), bytes.as_slice()), (StatusCode::OK, "image/png", PNG));
    assert_eq!(app.get_with(&format!("/budgets/projets/{}/photos/2", ids[0]), &[]).await.0.status, 404);
    assert_eq!(app.get_with(&format!("/budgets/projets/{}/photos/1", ids[1]), &[]).await.0.status, 404);
    let listed = app.get(&page).await;
    assert!(listed.text().contains("Proposé, en attente d'examen"));
    // The placed project is on the map (its point in the page's data), the others only in the table.
    assert!(listed.body.contains("carte-projets") && listed.body.contains("[0.6901,47.3951]"), "{}", listed.body);

    // Staff review publicly: a refusal needs its reason; a revised cost is shown.
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    app.post_and_follow(&format!("{page}/phase"), &[("to", "review")]).await;
    let review = |id: i64| format!("/budgets/projets/{id}/examen");
    assert!(app.get(&page).await.body.contains(&review(ids[0])));
    assert!(app.get(&review(ids[0])).await.text().contains("Jardin partagé"));
    let no_reason = app.post_and_follow(&review(ids[2]), &[("status", "unfeasible"), ("note", "")]).await.text();
    assert!(no_reason.contains("Expliquez publiquement la décision"), "{no_reason}");
    for (id, status, note, revised) in [
        (ids[0], "feasible", "", "70 000"),
        (ids[1], "feasible", "", ""),
        (ids[2], "unfeasible", "La fontaine demande un raccordement que le budget ne couvre pas.", ""),
    ] {
        let done = app.post(&review(id), &[("status", status), ("note", note), ("revised_cost", revised)]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert!(done.location.unwrap().ends_with(&format!("#projet-{id}")));
    }
    // A status or merge target not from the lists is refused, named, and the project keeps its review.
    for forged in [vec![("status", "bogus")], vec![("status", "feasible"), ("merged_into", "douze")]] {
        let refused = app.post_and_follow(&review(ids[0]), &forged).await.text();
        assert!(refused.contains("Choisissez une valeur dans la liste"), "{forged:?}: {refused}");
    }
    // A merge only into a project still in the running: not an unfeasible one, and not one merged itself (two
    // projects merged into each other both left the ballot).
    let (first, second, third) = (ids[0].to_string(), ids[1].to_string(), ids[2].to_string());
    let refused = app.post_and_follow(&review(ids[0]), &merge_into(&third)).await.text();
    assert!(refused.contains("toujours en lice"), "into an unfeasible project: {refused}");
    let merged = app.post(&review(ids[1]), &merge_into(&first)).await;
    assert_eq!(merged.status, StatusCode::SEE_OTHER);
    let refused = app.post_and_follow(&review(ids[0]), &merge_into(&second)).await.text();
    assert!(refused.contains("toujours en lice"), "into a merged project, a cycle: {refused}");
    let back = app.post(&review(ids[1]), &[("status", "feasible"), ("note", ""), ("revised_cost", "")]).await;
    assert_eq!(back.status, StatusCode::SEE_OTHER);
    let (kept,): (String,) = sqlx::query_as("SELECT status FROM budget_projects WHERE id = $1")
        .bind(ids[0])
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(kept, "feasible");
    let text = read(&app.get(&page).await);
    assert!(text.contains("70 000 €") && text.contains("raccordement que le budget ne couvre pas"), "{text}");
    app.post_and_follow(&format!("{page}/phase"), &[("to", "voting")]).await;

    // A visitor is asked to sign in; a resident sees the envelope's running total.
    app.new_visitor();
    let ballot = format!("{page}/vote");
    assert!(app.get(&ballot).await.text().contains("Connectez-vous pour voter"));
    app.sign_in("lea@exemple.fr", PASSWORD).await;
    let form = app.get(&format!("{ballot}?enveloppe={town}")).await;
    assert_eq!(form.status, 200);
    let text = read(&form);
    assert!(form.body.contains(&format!("src=\"/budgets/projets/{}/photos/1\"", ids[0])), "the photo on the ballot");
    assert!(form.body.contains("alt=\"Photo du projet « Jardin partagé »\""), "{}", form.body);
    assert!(text.contains("Total : 0 € sur une enveloppe de 100 000 €"), "{text}");
    assert!(text.contains("Jardin partagé") && !text.contains("Fontaine dorée"), "only feasible projects: {text}");
    // Over the envelope (70,000 + 45,000): refused and explained; the ticks are kept.
    let (a, b) = (format!("v_{}", ids[0]), format!("v_{}", ids[1]));
    let over = app.post_and_follow(&ballot, &[("enveloppe", &town), (&a, "1"), (&b, "1")]).await;
    let text = read(&over);
    assert!(text.contains("dépasse l'enveloppe") && text.contains("Total : 115 000 €"), "{text}");
    assert_eq!(over.body.matches("checked").count(), 2, "{}", over.body);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budget_participations").await, 0, "nothing half-written");
    let cast = app.post_and_follow(&ballot, &[("enveloppe", &town), (&a, "1")]).await.text();
    assert!(cast.contains("Votre bulletin est enregistré") && cast.contains("Modifier mon bulletin"), "{cast}");
    let first_code = receipt_in(&cast);
    // A receipt cookie planted beside the real one (by another path or a sibling domain over http): the voter
    // would "check" a code of the attacker's choosing. Neither is shown then.
    app.post(&ballot, &[("enveloppe", &town), (&a, "1")]).await;
    let real = app.cookie(app::web::forms::RECEIPT_COOKIE).cloned().expect("the receipt cookie");
    let jar = format!(
        "{r}=AAAA-BBBB-CCCC; clairvoie_session={}; {}={}; {r}={real}",
        app.cookie("clairvoie_session").unwrap(),
        app::web::forms::CSRF_COOKIE,
        app.csrf(),
        r = app::web::forms::RECEIPT_COOKIE,
    );
    let (planted, _) = app.get_with(&ballot, &[("cookie", &jar), ("accept", "text/html")]).await;
    let text = read(&planted);
    assert!(text.contains("Votre bulletin est enregistré"), "{text}");
    assert!(!text.contains("AAAA-BBBB-CCCC") && !text.contains(&real), "a planted receipt code shown: {text}");
    let changed = app.post_and_follow(&ballot, &[("enveloppe", &town), (&b, "1")]).await.text();
    let code = receipt_in(&changed);
    assert_ne!(code, first_code);
    let receipt = format!("{page}/recu");
    assert!(app.get(&format!("{receipt}?code={code}")).await.text().contains("correspond à un bulletin"));
    let old = app.get(&format!("{receipt}?code={first_code}")).await.text();
    assert!(old.contains("Aucun bulletin ne correspond"), "{old}");
    // The district envelope is the resident's too; another district's is not.
    let tabs = app.get(&ballot).await.text();
    assert!(tabs.contains("Toute la ville") && tabs.contains("Centre-ville"), "{tabs}");

    // Paper: two staff members enter a batch; the discrepancy is resolved from the paper, then it counts.
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let paper = format!("{page}/papier");
    assert!(app.get(&page).await.body.contains(&format!("href=\"{paper}\"")));
    assert_eq!(app.get(&paper).await.status, 200);
    // Hostile batch sizes are refused by name; nothing is opened.
    for size in ["9223372036854775807", "18446744073709551616", "-2", "0", "1e3", "+2", "2 0", "NaN"] {
        let refused = app.post_and_follow(&paper, &[("envelope", &town), ("label", "Urne"), ("size", size)]).await;
        assert!(refused.text().contains("Indiquez le nombre de bulletins du lot"), "{size}: {}", refused.text());
    }
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budget_paper_batches").await, 0);
    let opened = app.post(&paper, &[("envelope", &town), ("label", "Mairie, urne 1"), ("size", "2")]).await;
    let batch = opened.location.unwrap();
    assert!(batch.starts_with("/budgets/papier/"), "{batch}");
    let entered = app.post_and_follow(&batch, &[("pass", "1"), ("ballot_1", "1"), ("ballot_2", "-")]).await.text();
    assert!(entered.contains("La saisie est enregistrée"), "{entered}");
    app.new_visitor();
    app.sign_in("regie@exemple.fr", PASSWORD).await;
    // Settling "discrepancies" before typing pass 2 (ballots missing from it looked like ones) would let the
    // second typist decide the batch alone (found by the attack pass): refused until both passes are whole.
    let early = app.post_and_follow(&format!("{batch}/arbitrage"), &[("seq", "1"), ("choices", "2")]).await.text();
    assert!(early.contains("quand les deux saisies du lot sont terminées"), "{early}");
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budget_paper_entries WHERE pass = 3").await, 0);
    let unreadable = app.post_and_follow(&batch, &[("pass", "2"), ("ballot_1", "1:x")]).await.text();
    assert!(unreadable.contains("Ce bulletin ne peut pas être lu"), "{unreadable}");
    let second = app.post_and_follow(&batch, &[("pass", "2"), ("ballot_1", "2"), ("ballot_2", "-")]).await.text();
    assert!(second.contains("Écarts entre les deux saisies"), "{second}");
    let refused = app.post_and_follow(&format!("{batch}/compter"), &[]).await.text();
    assert!(refused.contains("tranchez chacun d'après le papier"), "{refused}");
    // Who typed a pass cannot settle it: a third person reads the paper.
    let own = app.post_and_follow(&format!("{batch}/arbitrage"), &[("seq", "1"), ("choices", "1")]).await.text();
    assert!(own.contains("une autre personne, qui n'a saisi aucune des deux"), "{own}");
    app.new_visitor();
    app.sign_in("tierce@exemple.fr", PASSWORD).await;
    app.post_and_follow(&format!("{batch}/arbitrage"), &[("seq", "1"), ("choices", "1")]).await;
    let counted = app.post_and_follow(&format!("{batch}/compter"), &[]).await.text();
    assert!(counted.contains("Lot compté : 2 bulletins enregistrés, dont 1 blancs ; 0 nuls"), "{counted}");
    // Marking voters: someone who voted online is refused, someone else is marked and cannot vote online.
    let voter = format!("{paper}/votant");
    let twice = app.post_and_follow(&voter, &[("voter_envelope", &town), ("email", "lea@exemple.fr")]).await.text();
    assert!(twice.contains("a déjà voté dans cette enveloppe"), "{twice}");
    let marked = app.post_and_follow(&voter, &[("voter_envelope", &town), ("email", "max@exemple.fr")]).await.text();
    assert!(marked.contains("marqué comme ayant voté sur papier"), "{marked}");
    app.new_visitor();
    app.sign_in("max@exemple.fr", PASSWORD).await;
    let blocked = app.get(&format!("{ballot}?enveloppe={town}")).await.text();
    assert!(blocked.contains("Votre vote sur papier a été enregistré"), "{blocked}");

    // Closing and publishing: two papers, one paper voter recorded — the difference is explained first, by
    // someone who typed no batch, and published with the results, which count the web ballot and the papers.
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    app.post_and_follow(&format!("{page}/phase"), &[("to", "counting")]).await;
    let blocked = app.post_and_follow(&format!("{page}/phase"), &[("to", "results")]).await.text();
    assert!(blocked.contains("n'est pas expliqué"), "{blocked}");
    let reconciliation = app.get(&paper).await.text();
    assert!(reconciliation.contains("Papier : 2 bulletins dépouillés, 1 votant enregistré."), "{reconciliation}");
    let explanation = "Un votant a déposé son bulletin sans émarger.";
    let typist = app
        .post_and_follow(&format!("{paper}/explication"), &[("envelope", &town), ("explanation", explanation)])
        .await;
    assert!(typist.text().contains("l'écart doit être expliqué par une autre personne"), "{}", typist.text());
    // A resident cannot write the explanation (nor anyone who typed a batch, above).
    app.new_visitor();
    app.sign_in("max@exemple.fr", PASSWORD).await;
    let resident_try = app
        .post_and_follow(&format!("{paper}/explication"), &[("envelope", &town), ("explanation", "Tout va bien.")])
        .await;
    assert!(!resident_try.text().contains("L'explication est enregistrée"), "{}", resident_try.text());
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budget_paper_reconciliations").await, 0);
    app.new_visitor();
    app.sign_in("tierce@exemple.fr", PASSWORD).await;
    let explained = app
        .post_and_follow(&format!("{paper}/explication"), &[("envelope", &town), ("explanation", explanation)])
        .await;
    assert!(explained.text().contains("L'explication est enregistrée"), "{}", explained.text());
    let results = app.post_and_follow(&format!("{page}/phase"), &[("to", "results")]).await.text();
    assert!(results.contains("3 bulletins comptés"), "{results}");
    assert!(results.contains(explanation), "the explanation is published with the results: {results}");
    assert!(app.get(&format!("{receipt}?code={code}")).await.text().contains("correspond à un bulletin"));
}
on_both_engines!(screens, a_budget_through_its_screens);

/// The review form merging a project into project `into`.
fn merge_into(into: &str) -> Vec<(&str, &str)> {
    vec![("status", "merged"), ("note", "Même lieu, même idée."), ("merged_into", into)]
}

/// The counted demo budget's results as residents read them: ranked, the funded projects first and marked; no
/// command line on them (how to recount is on the open-data page, which gives it).
async fn results_read_ranked(mut app: TestApp) {
    let (slug,): (String,) = sqlx::query_as("SELECT slug FROM budgets").fetch_one(&app.state.db.pool).await.unwrap();
    let text = app.get(&format!("/budgets/{slug}")).await.text();
    assert!(text.contains("Refaire le calcul soi-même"), "{text}");
    let first_not_funded = text.find("Non financé").unwrap();
    assert!(text.rfind("✓ Financé").unwrap() < first_not_funded, "a funded project listed after one that is not");
    assert!(!text.contains("clairvoie pb tally"), "a command line on the results residents read");
    let open_data = app.get("/donnees-ouvertes").await.text();
    assert!(open_data.contains("clairvoie pb tally FICHIER.pb --rule greedy --explain"), "{open_data}");
}
on_both_engines!(ranked_results, results_read_ranked);
