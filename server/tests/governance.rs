//! Governance through the real router, on SQLite and on PostgreSQL: staff publish the official decision on a
//! closed consultation (which becomes `decided`, its participants told) and on a counted budget; bad forms are
//! answered field by field with nothing stored; the public list filters them and links both ways.

mod common;

use app::consultations::notifications::deliver;
use axum::http::StatusCode;
use common::consultations::*;
use common::TestApp;

fn decision<'a>(outcome: &'a str, date: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("outcome", outcome),
        ("reasoning", "Les lampadaires seront équipés, sauf rue des Écoles."),
        ("participation", "La rue des Écoles est retirée à la demande de ses riverains."),
        ("body", "Conseil municipal"),
        ("decided_on", date),
        ("reference", "délibération n° 2027-045"),
        ("act_url", "https://ville.example/actes/2027-045.pdf"),
    ]
}

async fn status(app: &TestApp, slug: &str) -> String {
    let (s,): (String,) = sqlx::query_as("SELECT status FROM consultations WHERE slug = $1")
        .bind(slug)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    s
}

async fn decisions_and_their_links(mut app: TestApp) {
    let page = open_consultation(&mut app, "Éclairage intelligent", &[]).await;
    let slug = page.trim_start_matches("/consultations/").to_string();
    resident(&app, "voter@exemple.fr", "Victor", None).await;
    app.sign_in("voter@exemple.fr", PASSWORD).await;
    app.post_and_follow(&format!("{page}/vote"), &[("choice", "for")]).await;

    // Signed out, the form sends to sign-in; a resident may neither open it nor post it.
    app.new_visitor();
    let form_page = format!("/decisions/nouvelle?consultation={slug}");
    assert_eq!(app.get(&form_page).await.status, StatusCode::FOUND);
    app.sign_in("voter@exemple.fr", PASSWORD).await;
    assert_eq!(app.get(&form_page).await.status, StatusCode::FORBIDDEN);
    let mut fields = decision("adopted", "2026-01-15");
    fields.extend([("kind", "consultation"), ("slug", slug.as_str())]);
    let refused = app.post_and_follow("/decisions/nouvelle", &fields).await;
    assert!(refused.text().contains("Accès refusé") || refused.status == StatusCode::FORBIDDEN, "{}", refused.text());
    assert_eq!(count(&app, "decisions").await, 0);

    // Staff: an open consultation cannot be decided yet, nor marked decided with the phase buttons.
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let text = app.get(&form_page).await.text();
    assert!(text.contains("La consultation doit être close"), "{text}");
    assert!(!text.contains("Publier la décision"), "{text}");
    let answer = app.post_and_follow("/decisions/nouvelle", &fields).await.text();
    assert!(answer.contains("La consultation doit être close"), "{answer}");
    app.post_and_follow(&format!("{page}/phase"), &[("to", "closed")]).await;
    let closed = app.get(&page).await;
    assert!(closed.body.contains(&format!(r#"href="{form_page}""#)), "the staff's link to the form");
    let refused = app.post_and_follow(&format!("{page}/phase"), &[("to", "decided")]).await.text();
    assert!(refused.contains("Ce changement d'étape n'est pas possible"), "{refused}");
    assert_eq!(status(&app, &slug).await, "closed");

    // A bad form: every field named, what was typed kept, nothing stored, the consultation still closed.
    let bad = app
        .post_and_follow(
            "/decisions/nouvelle",
            &[
                ("kind", "consultation"),
                ("slug", &slug),
                ("outcome", "peut-être"),
                ("reasoning", "  "),
                ("participation", ""),
                ("body", "Conseil municipal"),
                ("decided_on", "2199-01-01"),
                ("act_url", "javascript:alert(1)"),
            ],
        )
        .await;
    let text = bad.text();
    for message in [
        "Choisissez une valeur dans la liste",
        "Expliquez les motifs de la décision",
        "Dites comment la participation a été prise en compte",
        "La date ne peut pas être postérieure à aujourd'hui",
        "Indiquez une adresse qui commence par https://",
    ] {
        assert!(text.contains(message), "{message}: {text}");
    }
    assert!(bad.body.contains(r#"value="Conseil municipal""#), "typed values kept");
    assert_eq!(count(&app, "decisions").await, 0);
    assert_eq!(status(&app, &slug).await, "closed");

    // Published: the consultation is decided, its voter told once, the two pages link to each other.
    let published = app
        .post("/decisions/nouvelle", &{
            let mut f = decision("adopted_with_changes", "2026-01-15");
            f.extend([("kind", "consultation"), ("slug", slug.as_str())]);
            f
        })
        .await;
    assert_eq!(published.status, StatusCode::SEE_OTHER);
    let decision_page = published.location.unwrap();
    assert!(decision_page.starts_with("/decisions/"), "{decision_page}");
    let text = app.get(&decision_page).await.text();
    for part in [
        "La décision est publiée",
        "Décision : Éclairage intelligent",
        "Adopté avec modifications",
        "Conseil municipal du 15 janvier 2026, délibération n° 2027-045",
        "Les lampadaires seront équipés, sauf rue des Écoles.",
        "La rue des Écoles est retirée à la demande de ses riverains.",
        "Lire l'acte officiel",
    ] {
        assert!(text.contains(part), "{part}: {text}");
    }
    assert!(app.get(&decision_page).await.body.contains(&format!(r#"href="{page}""#)));
    assert_eq!(status(&app, &slug).await, "decided");
    let consultation = app.get(&page).await;
    assert!(consultation.text().contains("La décision") && consultation.text().contains("Adopté avec modifications"));
    assert!(consultation.body.contains(&format!(r#"href="{decision_page}""#)));
    let done = deliver(&app.state).await.unwrap();
    assert_eq!(done.mails, 1, "the voter, once");
    let mails: Vec<_> = app.mails().into_iter().filter(|(to, _)| to.contains("voter@exemple.fr")).collect();
    assert!(mails[0].1.contains("est décidée"), "{}", mails[0].1);

    // A second decision on the same consultation is refused; nothing more stored.
    let again = app.post_and_follow("/decisions/nouvelle", &fields).await.text();
    assert!(again.contains("Une décision est déjà publiée pour ce sujet"), "{again}");
    assert_eq!(count(&app, "decisions").await, 1);

    // A budget is decided once its results are published (the demo town's budget is counted).
    let (budget, budget_title): (String, String) =
        sqlx::query_as("SELECT slug, title FROM budgets WHERE phase = 'results'")
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    let budget_page = format!("/budgets/{budget}");
    assert!(app.get(&budget_page).await.body.contains(&format!("/decisions/nouvelle?budget={budget}")));
    let mut fields = decision("rejected", "2025-11-03");
    fields.extend([("kind", "budget"), ("slug", budget.as_str()), ("reference", "")]);
    let published = app.post("/decisions/nouvelle", &fields).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{:?}", published.location);
    let text = app.get(&budget_page).await.text();
    assert!(text.contains("Rejeté") && text.contains("Conseil municipal du 3 novembre 2025"), "{text}");

    // The public list, filtered by outcome, subject and year; each card links to the decision and its subject.
    app.new_visitor();
    let all = app.get("/decisions").await;
    assert_eq!(all.status, StatusCode::OK);
    assert!(all.text().contains("Éclairage intelligent") && all.body.contains(&format!(r#"href="{budget_page}""#)));
    let rejected = app.get("/decisions?issue=rejected").await.text();
    assert!(!rejected.contains("Éclairage intelligent") && rejected.contains(&budget_title), "{rejected}");
    let consultations = app.get("/decisions?sujet=consultation&annee=2026").await.text();
    assert!(
        consultations.contains("Éclairage intelligent") && !consultations.contains(&budget_title),
        "{consultations}"
    );
    let none = app.get("/decisions?annee=2024").await.text();
    assert!(none.contains("Aucune décision ne correspond à ces filtres"), "{none}");
    assert_eq!(app.get("/decisions/999").await.status, StatusCode::NOT_FOUND);

    // Both decisions are in the audit log.
    let (logged,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'decision_record'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(logged, 2);
    app.cleanup().await;
}
on_both_engines!(decisions, decisions_and_their_links);
