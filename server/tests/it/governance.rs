//! Governance through the real router, on SQLite and on PostgreSQL: staff publish the official decision on a
//! closed consultation (which becomes `decided`, its participants told) and on a counted budget; bad forms are
//! answered field by field with nothing stored; the public list filters them and links both ways. The sensor
//! approval gate: a sensor that films, tracks or processes people goes live only on an adopted decision or a
//! legal obligation, through the form, the status buttons and the import.

use crate::common;

use app::notifications::deliver;
use axum::http::StatusCode;
use common::consultations::*;
use common::governance::{decided, decision};
use common::sensors::{noise_sensor, with};
use common::TestApp;

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
    // The voter took part in the budget too (on paper, say): they will be told of its decision, once.
    sqlx::query(
        "INSERT INTO budget_participations (envelope_id, user_id, channel, at) \
         SELECT e.id, u.id, 'paper', 0 FROM budget_envelopes e, users u \
         WHERE e.budget_id = (SELECT id FROM budgets WHERE slug = $1) AND u.email = 'voter@exemple.fr' \
         ORDER BY e.id LIMIT 1",
    )
    .bind(&budget)
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    let mut fields = decision("rejected", "2025-11-03");
    fields.extend([("kind", "budget"), ("slug", budget.as_str()), ("reference", "")]);
    let published = app.post("/decisions/nouvelle", &fields).await;
    assert_eq!(published.status, StatusCode::SEE_OTHER, "{:?}", published.location);
    let text = app.get(&budget_page).await.text();
    assert!(text.contains("Rejeté") && text.contains("Conseil municipal du 3 novembre 2025"), "{text}");
    let done = deliver(&app.state).await.unwrap();
    assert_eq!(done.mails, 1, "the budget's voter, once");
    let mails: Vec<_> = app.mails().into_iter().filter(|(to, _)| to.contains("voter@exemple.fr")).collect();
    assert_eq!(mails.len(), 2);
    assert!(
        mails[1].1.contains("auquel vous avez participé, est publiée") && mails[1].1.contains(&budget_page),
        "{}",
        mails[1].1
    );
    assert_eq!(deliver(&app.state).await.unwrap().mails, 0);

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
}
on_both_engines!(decisions, decisions_and_their_links);

/// `base` with `extra` fields added.
fn and<'a>(base: &[(&'a str, &'a str)], extra: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    base.iter().chain(extra).copied().collect()
}

async fn sensors_count(app: &TestApp) -> i64 {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sensors").fetch_one(&app.state.db.pool).await.unwrap();
    n
}

async fn the_sensor_approval_gate(mut app: TestApp) {
    let adopted = decided(&mut app, "Vidéoprotection du parvis", "adopted").await;
    let rejected = decided(&mut app, "Caméras au marché", "rejected").await;
    let before = sensors_count(&app).await;
    let camera: Vec<(&str, &str)> = with(
        &noise_sensor(),
        &[
            ("reference", "vi-9001"),
            ("name", "Caméra du parvis de la mairie"),
            ("technology", "video_camera"),
            ("domain", "safety"),
            ("purpose", "public_safety"),
            ("personal_data", "personal"),
            ("legal_basis", "public_task"),
            ("dpo_contact", "dpo@ville.example"),
            ("ds_0_name", "video"),
            ("ds_0_unit", ""),
            ("ds_0_value_type", "text"),
        ],
    );

    // The form: live without an authorisation, or on an unknown or a rejected decision — refused, named.
    let text = app.post_and_follow("/capteurs/nouveau", &camera).await.text();
    assert!(text.contains("Ce capteur ne peut pas être mis en service sans autorisation"), "{text}");
    for id in ["999", rejected.as_str()] {
        let text = app.post_and_follow("/capteurs/nouveau", &and(&camera, &[("decision", id)])).await.text();
        assert!(text.contains("Choisissez une décision publiée qui a adopté ce déploiement"), "{id}: {text}");
    }
    assert_eq!(sensors_count(&app).await, before, "nothing stored");
    // The form offers the adopted decisions only.
    let form = app.get("/capteurs/nouveau").await.body;
    assert!(
        form.contains(&format!(r#"<option value="{adopted}">Vidéoprotection du parvis — Adopté"#)),
        "the adopted decision is offered"
    );
    assert!(!form.contains("Caméras au marché"), "not the rejected one");

    // The gate asks the decisions feature through a port: unfilled (an entry point that forgot `web::wire`), no
    // decision authorises anything, the adopted one included.
    let adopted_id: i64 = adopted.parse().unwrap();
    assert!(app::sensors::ports::of(&app.state).authorises(&app.state, adopted_id).await.unwrap());
    assert!(!app::sensors::ports::Ports::default().authorises(&app.state, adopted_id).await.unwrap());

    // On the adopted decision: live, and its page says what authorised it.
    let created = app.post("/capteurs/nouveau", &and(&camera, &[("decision", adopted.as_str())])).await;
    assert_eq!(created.location.as_deref(), Some("/capteurs/VI-9001"));
    let page = app.get("/capteurs/VI-9001").await;
    assert!(page.text().contains("Autorisé par Vidéoprotection du parvis — Adopté"), "{}", page.text());
    assert!(page.body.contains(&format!(r#"href="/decisions/{adopted}""#)));
    // Taking the decision away from a live camera is refused; the record stays as it was.
    let text = app.post_and_follow("/capteurs/VI-9001/modifier", &and(&camera, &[("decision", "")])).await.text();
    assert!(text.contains("Ce capteur ne peut pas être mis en service sans autorisation"), "{text}");
    assert!(app.get("/capteurs/VI-9001").await.body.contains(&format!(r#"href="/decisions/{adopted}""#)));

    // A planned camera needs nothing yet; the status button cannot put it live without an authorisation.
    let planned = with(&camera, &[("reference", "vi-9002"), ("status", "planned")]);
    assert_eq!(app.post("/capteurs/nouveau", &planned).await.status, StatusCode::SEE_OTHER);
    let text = app.post_and_follow("/capteurs/VI-9002/statut", &[("status", "active")]).await.text();
    assert!(text.contains("Ce capteur ne peut pas être mis en service sans autorisation"), "{text}");
    let (status,): (String,) = sqlx::query_as("SELECT status FROM sensors WHERE reference = 'VI-9002'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(status, "planned");

    // On the law: live, and the page names the obligation.
    let law = "Code de la sécurité intérieure, art. L251-2";
    let on_law = and(&with(&camera, &[("reference", "vi-9003")]), &[("legal_reference", law)]);
    assert_eq!(app.post("/capteurs/nouveau", &on_law).await.status, StatusCode::SEE_OTHER);
    let text = app.get("/capteurs/VI-9003").await.text();
    assert!(text.contains(&format!("Autorisé par obligation légale : {law}")), "{text}");

    // The write API: the same gate, its refusal as JSON naming the field; on the decision, the camera goes live.
    app.new_visitor();
    let planned = app.get("/api/v1/sensors/VI-9002").await;
    assert_eq!(planned.status, StatusCode::OK, "{}", planned.body);
    let mut record: serde_json::Value = serde_json::from_str(&planned.body).unwrap();
    record["status"] = "active".into();
    record["decision"] = serde_json::Value::Null;
    let body = record.to_string();
    assert_eq!(app.send_json("PUT", "/api/v1/sensors/VI-9002", &body, true).await.status, StatusCode::UNAUTHORIZED);
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let no_token = app.send_json("PUT", "/api/v1/sensors/VI-9002", &body, false).await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN, "a cookie alone cannot write");
    let refused = app.send_json("PUT", "/api/v1/sensors/VI-9002", &body, true).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    let answer: serde_json::Value = serde_json::from_str(&refused.body).unwrap();
    assert_eq!(answer["errors"][0]["field"], "status", "{answer}");
    assert_eq!(answer["errors"][0]["code"], "error-sensor-approval");
    assert!(answer["errors"][0]["message"].as_str().unwrap().contains("sans autorisation"), "{answer}");
    let status = |app: &TestApp| {
        let pool = app.state.db.pool.clone();
        async move {
            let (s,): (String,) = sqlx::query_as("SELECT status FROM sensors WHERE reference = 'VI-9002'")
                .fetch_one(&pool)
                .await
                .unwrap();
            s
        }
    };
    assert_eq!(status(&app).await, "planned", "nothing stored");
    record["decision"] = rejected.as_str().into();
    let refused = app.send_json("PUT", "/api/v1/sensors/VI-9002", &record.to_string(), true).await;
    assert!(refused.body.contains(r#""field":"decision""#), "{}", refused.body);
    record["decision"] = adopted.as_str().into();
    let live = app.send_json("PUT", "/api/v1/sensors/vi-9002", &record.to_string(), true).await;
    assert_eq!(live.status, StatusCode::OK, "{}", live.body);
    assert_eq!(status(&app).await, "active");
    assert!(live.body.contains(r#""status":"active""#));
    // Creating through the API: the same record under a new reference, live without authorisation refused.
    record["reference"] = "VI-9004".into();
    record["decision"] = serde_json::Value::Null;
    let refused = app.send_json("POST", "/api/v1/sensors", &record.to_string(), true).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    record["decision"] = adopted.as_str().into();
    let created = app.send_json("POST", "/api/v1/sensors", &record.to_string(), true).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.location.as_deref(), Some("/capteurs/VI-9004"));
    assert_eq!(
        app.send_json("PUT", "/api/v1/sensors/XX-0000", &record.to_string(), true).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.send_json("POST", "/api/v1/sensors", "pas du JSON", true).await.status, StatusCode::BAD_REQUEST);

    // The import: the same gate, row by row; nothing half-imported.
    let header = "reference,name,technology,domain,longitude,latitude,network,purpose,purpose_text,personal_data,legal_basis,dpo_contact,controller,controller_contact,operator_kind,hosting,recipients,raw_retention,status,installed_on,decision,datastreams\n";
    let row = |reference: &str, decision: &str| {
        format!("{reference},Compteur Wi-Fi,footfall_counter,mobility,0.69,47.395,wifi,urban_planning,Compter les passants rue Nationale.,pseudonymised,public_task,dpo@ville.example,Ville,mairie@ville.example,city,on_premises,Service commerce,P1D,active,2026-04-01,{decision},visitors|passants|/h|number|P1D\n")
    };
    let before = sensors_count(&app).await;
    let file = format!("{header}{}{}", row("WC-1", &adopted), row("WC-2", ""));
    app.post_file("/capteurs/importer", "file", "capteurs.csv", &file).await;
    let text = app.get("/capteurs/importer").await.text();
    assert!(text.contains("rien n'a été importé"), "{text}");
    assert!(text.contains("3 WC-2 Statut Ce capteur ne peut pas être mis en service sans autorisation"), "{text}");
    let file = format!("{header}{}{}", row("WC-1", &adopted), row("WC-2", &rejected));
    app.post_file("/capteurs/importer", "file", "capteurs.csv", &file).await;
    let text = app.get("/capteurs/importer").await.text();
    assert!(text.contains("3 WC-2 Décision qui l'autorise Choisissez une décision publiée"), "{text}");
    assert_eq!(sensors_count(&app).await, before, "nothing half-imported");
    let file = format!("{header}{}", row("WC-1", &adopted));
    app.post_file("/capteurs/importer", "file", "capteurs.csv", &file).await;
    assert_eq!(sensors_count(&app).await, before + 1);
}
on_both_engines!(approval_gate, the_sensor_approval_gate);

/// The latest decisions (the kiosk's home, the decisions box) take their count from the request body, and an
/// attacker chooses it: the largest number, zero, a negative number, one past the largest, or no number at all
/// gets between one and twenty decisions or a refusal — never a server error, never the whole table.
async fn the_latest_decisions_take_a_bounded_count(mut app: TestApp) {
    for i in 0..21 {
        let title: &'static str = Box::leak(format!("Décision {i}").into_boxed_str());
        decided(&mut app, title, "adopted").await;
    }
    app.new_visitor();
    for (count, expected) in [("9223372036854775807", 20), ("0", 1), ("-9223372036854775808", 1), ("-1", 1), ("3", 3)] {
        let page = app.call("/api/decisions/dernieres", &[("count", count)]).await;
        assert_eq!(page.status, StatusCode::OK, "count={count}: {}", page.text());
        let list: Vec<serde_json::Value> = serde_json::from_str(&page.text()).unwrap();
        assert_eq!(list.len(), expected, "count={count}");
    }
    for count in ["9223372036854775808", "abc", "", "1e3", "2%00"] {
        let page = app.call("/api/decisions/dernieres", &[("count", count)]).await;
        assert!(page.status.is_client_error(), "count={count}: {} {}", page.status, page.text());
    }
}
on_both_engines!(latest_decisions_count, the_latest_decisions_take_a_bounded_count);
