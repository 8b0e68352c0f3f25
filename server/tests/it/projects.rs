//! Project follow-up through the real router, on SQLite and on PostgreSQL: staff open the follow-up of a counted
//! budget's winners (one part per winner, once) and of an adopted decision; updates, milestones, links and
//! delivered sensors enter the public timeline; refused forms are answered field by field with nothing stored; a
//! parent's figures roll up from its parts; the public list filters by status; sensors name the project that
//! installed them and the decision behind it.

use crate::common;

use axum::http::StatusCode;
use common::consultations::*;
use common::governance::decided;
use common::TestApp;

async fn one_i64(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&app.state.db.pool).await.unwrap();
    n
}

/// The parts of project `parent`: id, title and amount voted, in order.
async fn parts(app: &TestApp, parent: i64) -> Vec<(i64, String, i64)> {
    sqlx::query_as("SELECT id, title, voted FROM projects WHERE parent_id = $1 ORDER BY id")
        .bind(parent)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap()
}

fn id_of(location: Option<String>) -> i64 {
    let location = location.expect("a redirect");
    location.trim_start_matches("/projets/").trim_end_matches("/suivi").parse().unwrap_or_else(|_| panic!("{location}"))
}

async fn budget_winners_followed(mut app: TestApp) {
    let (slug, winners): (String, i64) = sqlx::query_as(
        "SELECT b.slug, (SELECT COUNT(*) FROM budget_results r JOIN budget_projects p ON p.id = r.project_id \
         WHERE p.budget_id = b.id AND r.rule = b.rule AND r.funded = 1) FROM budgets b WHERE b.phase = 'results'",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert!(winners >= 2, "the demo budget has winners");
    let budget_page = format!("/budgets/{slug}");

    // Visitors and residents see no button and may not post it.
    assert!(!app.get(&budget_page).await.text().contains("Ouvrir le suivi des projets lauréats"));
    resident(&app, "voisine@exemple.fr", "Valérie", None).await;
    app.sign_in("voisine@exemple.fr", PASSWORD).await;
    let refused = app.post("/projets/budget", &[("slug", slug.as_str())]).await;
    assert_eq!(refused.status, StatusCode::SEE_OTHER);
    assert_eq!(count(&app, "projects").await, 0);

    // Staff open it from the budget's page: one parent, one part per winner with its cost; again adds nothing.
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    assert!(app.get(&budget_page).await.text().contains("Ouvrir le suivi des projets lauréats"));
    let started = app.post("/projets/budget", &[("slug", slug.as_str())]).await;
    let parent = id_of(started.location);
    assert_eq!(count(&app, "projects").await, 1 + winners);
    let again = app.post("/projets/budget", &[("slug", slug.as_str())]).await;
    assert_eq!(id_of(again.location), parent);
    assert_eq!(count(&app, "projects").await, 1 + winners);
    let children = parts(&app, parent).await;
    let costs: i64 = one_i64(
        &app,
        &format!(
            "SELECT CAST(COALESCE(SUM(COALESCE(p.revised_cost, p.cost)), 0) AS BIGINT) FROM budget_results r \
             JOIN budget_projects p ON p.id = r.project_id JOIN budgets b ON b.id = p.budget_id \
             WHERE b.slug = '{slug}' AND r.rule = b.rule AND r.funded = 1"
        ),
    )
    .await;
    assert_eq!(children.iter().map(|c| c.2).sum::<i64>(), costs, "each part carries its winner's cost");
    let text = app.get(&format!("/projets/{parent}")).await.text();
    assert!(text.contains("Les lauréats du budget participatif") && text.contains("Parties du projet"), "{text}");
    for (_, title, _) in &children {
        assert!(text.contains(title.as_str()), "{title}: {text}");
    }
    assert!(app.get(&budget_page).await.body.contains(&format!(r#"href="/projets/{parent}""#)));

    // A refused update: every field named, nothing stored.
    let (first, first_title, first_voted) = children[0].clone();
    let (second, _, second_voted) = children[1].clone();
    let manage = format!("/projets/{first}/suivi");
    let events = count(&app, "project_events").await;
    let bad = [
        ("happened_on", "2199-01-01"),
        ("status", "abandoned"),
        ("reason", "  "),
        ("progress", "120"),
        ("spent", "beaucoup"),
        ("note", ""),
    ];
    let refused = app.post_and_follow(&format!("/projets/{first}/avancement"), &bad).await;
    let text = refused.text();
    for message in [
        "Cette date n’est pas encore arrivée.",
        "Indiquez pourquoi le projet est abandonné.",
        "Indiquez un avancement entre 0 et 100.",
        "Indiquez un montant positif en euros",
    ] {
        assert!(text.contains(message), "{message}: {text}");
    }
    assert!(refused.body.contains(r#"value="beaucoup""#), "typed values kept");
    assert_eq!(count(&app, "project_events").await, events);
    assert_eq!(one_i64(&app, &format!("SELECT progress FROM projects WHERE id = {first}")).await, 0);

    // Updates enter the timeline; a delivered part is 100 % done whatever was typed.
    let update = [
        ("happened_on", "2026-03-01"),
        ("status", "in_progress"),
        ("progress", "50"),
        ("spent", "1 000"),
        ("note", "Début des travaux devant l’école."),
    ];
    let done = app.post(&format!("/projets/{first}/avancement"), &update).await;
    assert_eq!(done.location.as_deref(), Some(manage.as_str()));
    let delivered = [("happened_on", "2026-04-02"), ("status", "delivered"), ("progress", "80"), ("spent", "0")];
    app.post(&format!("/projets/{second}/avancement"), &delivered).await;
    let text = app.get(&format!("/projets/{first}")).await.text();
    for part in [
        "1er mars 2026 — État : En cours · Avancement : 50 % · Dépensé : 1 000 €",
        "Début des travaux devant l’école.",
        "Lauréat du budget participatif",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
    let nothing = app.post_and_follow(&format!("/projets/{first}/avancement"), &update[..4]).await.text();
    assert!(nothing.contains("Rien n’a changé"), "{nothing}");

    // The parent's progress is its parts' weighted by the amounts voted (rounded down).
    let voted: i64 = children.iter().map(|c| c.2).sum();
    let expected = (first_voted as i128 * 50 + second_voted as i128 * 100) / voted as i128;
    let text = app.get(&format!("/projets/{parent}")).await.text();
    assert!(text.contains(&format!("{expected} %")) && text.contains("En cours"), "{expected}: {text}");
    assert!(text.contains("sont calculés à partir de ses parties"), "{text}");

    // Milestones: planned, then reached (not in the future); the timeline says so.
    app.post(
        &format!("/projets/{first}/etapes"),
        &[("milestone_title", "Pose des arceaux"), ("milestone_due", "2026-06-01")],
    )
    .await;
    let milestone = one_i64(&app, "SELECT id FROM project_milestones").await.to_string();
    let future = [("milestone", milestone.as_str()), ("done_on", "2199-05-20")];
    let text = app.post_and_follow(&format!("/projets/{first}/etape-atteinte"), &future).await.text();
    assert!(text.contains("Cette date n’est pas encore arrivée."), "{text}");
    let reached = [("milestone", milestone.as_str()), ("done_on", "2026-05-20")];
    app.post(&format!("/projets/{first}/etape-atteinte"), &reached).await;
    let text = app.get(&format!("/projets/{first}")).await.text();
    assert!(text.contains("20 mai 2026 — Étape atteinte : Pose des arceaux"), "{text}");
    assert!(text.contains("Pose des arceaux 1er juin 2026 20 mai 2026"), "{text}");

    // Links: a web address only.
    let bad = [("link_kind", "photo"), ("link_title", "Chantier"), ("link_url", "javascript:alert(1)")];
    let text = app.post_and_follow(&format!("/projets/{first}/liens"), &bad).await.text();
    assert!(text.contains("Indiquez une adresse web"), "{text}");
    let good = [
        ("link_kind", "photo"),
        ("link_title", "Le chantier en mai"),
        ("link_url", "https://ville.example/chantier.jpg"),
    ];
    app.post(&format!("/projets/{first}/liens"), &good).await;
    let page = app.get(&format!("/projets/{first}")).await;
    assert!(
        page.body.contains(r#"href="https://ville.example/chantier.jpg""#)
            && page.text().contains("Photo : Le chantier en mai")
    );

    // Sensors: unknown refused; a delivered one names the project (and the project lists it); one project each.
    let text =
        app.post_and_follow(&format!("/projets/{first}/capteurs"), &[("sensor_reference", "zz-9999")]).await.text();
    assert!(text.contains("Aucun capteur du registre ne porte cette référence."), "{text}");
    let (reference,): (String,) =
        sqlx::query_as("SELECT reference FROM sensors ORDER BY id").fetch_one(&app.state.db.pool).await.unwrap();
    let lower = reference.to_lowercase();
    app.post(&format!("/projets/{first}/capteurs"), &[("sensor_reference", lower.as_str())]).await;
    let sensor = app.get(&format!("/capteurs/{reference}")).await;
    assert!(sensor.text().contains(&format!("Installé par le projet {first_title}")), "{}", sensor.text());
    assert!(sensor.body.contains(&format!(r#"href="/projets/{first}""#)));
    assert!(app.get(&format!("/projets/{first}")).await.text().contains(&format!("Capteur installé : {reference}")));
    let text = app
        .post_and_follow(&format!("/projets/{second}/capteurs"), &[("sensor_reference", reference.as_str())])
        .await
        .text();
    assert!(text.contains("Ce capteur est déjà relié à un projet."), "{text}");

    assert_eq!(app.post(&format!("/projets/{first}/inconnu"), &[]).await.status, StatusCode::NOT_FOUND);

    // The public list: top-level projects; by status, any level.
    app.new_visitor();
    let list = app.get("/projets").await.text();
    assert!(list.contains(&format!("{} parties", children.len())), "{list}");
    assert!(!list.contains(&first_title), "parts are on their parent's page: {list}");
    let delivered = app.get("/projets?statut=delivered").await.text();
    assert!(delivered.contains(&children[1].1) && !delivered.contains(&first_title), "{delivered}");
    assert!(app.get("/projets?statut=abandoned").await.text().contains("Aucun projet ne correspond"));
    assert_eq!(app.get("/projets/999999").await.status, StatusCode::NOT_FOUND);

    // Staff pages: signed out to sign-in, residents refused.
    assert_eq!(app.get(&manage).await.status, StatusCode::FOUND);
    app.sign_in("voisine@exemple.fr", PASSWORD).await;
    assert_eq!(app.get(&manage).await.status, StatusCode::FORBIDDEN);
    let posted = app.post(&format!("/projets/{first}/avancement"), &update).await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER);
    assert_eq!(one_i64(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'project_update'").await, 2);
    assert_eq!(one_i64(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'project_start'").await, 1);
}
on_both_engines!(budget_follow_up, budget_winners_followed);

async fn decision_followed(mut app: TestApp) {
    let adopted = decided(&mut app, "Éclairage intelligent", "adopted").await;
    let rejected = decided(&mut app, "Vidéoprotection gare", "rejected").await;

    // The decision's page offers the follow-up to staff; a rejected decision opens nothing.
    let decision_page = format!("/decisions/{adopted}");
    assert!(app.get(&decision_page).await.body.contains(&format!("/projets/nouveau?decision={adopted}")));
    let text = app.get(&format!("/projets/nouveau?decision={rejected}")).await.text();
    assert!(text.contains("Seule une décision adoptée ouvre un projet."), "{text}");
    let form = [("kind", "decision"), ("id", rejected.as_str()), ("title", "Caméras"), ("summary", "Non.")];
    let text = app.post_and_follow("/projets/nouveau", &form).await.text();
    assert!(text.contains("Seule une décision adoptée ouvre un projet."), "{text}");
    assert_eq!(count(&app, "projects").await, 0);

    // A refused form names its fields; then the project opens and the decision links to it.
    let bad = [("kind", "decision"), ("id", adopted.as_str()), ("title", " "), ("summary", ""), ("voted", "-5")];
    let text = app.post_and_follow("/projets/nouveau", &bad).await.text();
    for message in ["Donnez un titre au projet", "Présentez le projet", "Indiquez un montant positif"] {
        assert!(text.contains(message), "{message}: {text}");
    }
    assert_eq!(count(&app, "projects").await, 0);
    let good = [
        ("kind", "decision"),
        ("id", adopted.as_str()),
        ("title", "Éclairage intelligent des rues"),
        ("summary", "Lampadaires à détection de présence, sauf rue des Écoles."),
        ("voted", "120 000"),
    ];
    let project = id_of(app.post("/projets/nouveau", &good).await.location);
    let text = app.post_and_follow("/projets/nouveau", &good).await.text();
    assert!(text.contains("Un projet suit déjà cette décision."), "{text}");
    let decision = app.get(&decision_page).await;
    assert!(decision.body.contains(&format!(r#"href="/projets/{project}""#)), "{}", decision.text());
    let page = app.get(&format!("/projets/{project}")).await;
    assert!(
        page.text().contains("Le cas d’usage adopté après la consultation Éclairage intelligent"),
        "{}",
        page.text()
    );
    assert!(page.body.contains(&format!(r#"href="/decisions/{adopted}""#)));
    assert!(page.text().contains("120 000 €"), "{}", page.text());

    // A part: the parent's update form then takes only a note, and its figures follow the part.
    let part = [
        ("kind", "parent"),
        ("id", &project.to_string()),
        ("title", "Quartier nord"),
        ("summary", "Vingt lampadaires."),
        ("voted", ""),
    ];
    let part = part.map(|(k, v)| (k, v.to_string()));
    let fields: Vec<(&str, &str)> = part.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let child = id_of(app.post("/projets/nouveau", &fields).await.location);
    let manage = app.get(&format!("/projets/{project}/suivi")).await.text();
    assert!(manage.contains("Ce projet a des parties") && !manage.contains("Motif de l’abandon"), "{manage}");
    let abandon = [
        ("happened_on", "2026-05-02"),
        ("status", "abandoned"),
        ("progress", "10"),
        ("reason", "Réseau électrique à refaire"),
    ];
    app.post(&format!("/projets/{child}/avancement"), &abandon).await;
    let text = app.get(&format!("/projets/{project}")).await.text();
    assert!(text.contains("Abandonné"), "{text}");
    let text = app.get(&format!("/projets/{child}")).await.text();
    assert!(
        text.contains("Motif de l’abandon Réseau électrique à refaire") && text.contains("Une partie du projet"),
        "{text}"
    );
    let note = [("happened_on", "2026-05-03"), ("note", "Le conseil étudie un autre quartier.")];
    app.post(&format!("/projets/{project}/avancement"), &note).await;
    assert!(app.get(&format!("/projets/{project}")).await.text().contains("3 mai 2026 — Point d’étape"));
}
on_both_engines!(decision_follow_up, decision_followed);
