//! Who may take part, per consultation and per budget: verified residents only, verified residents of the
//! concerned districts, a minimum age from a verified birth date; the rule locked once the vote opens; the
//! pages that say who may vote and how to become eligible; each participant's eligibility recorded and counted
//! on the officials' dashboard; and the desk's verification from an identity document, one person staying one
//! voter whichever door they came through — on SQLite and PostgreSQL.

use crate::common;
use app::budgets::form::BudgetForm;
use app::budgets::voting;
use app::eligibility::service::{self, DeskCheck, DeskOutcome, MatchForm};
use app::participation::Channel;
use common::consultations::{district_id, open_consultation, resident, who, ADMIN, PASSWORD, RESIDENT};
use common::TestApp;

const AGENT: (&str, &str) = ("accueil@demo.clairvoie.fr", "demo-accueil-clairvoie");

/// Today's year, for birth dates that make someone 15 or 40 whenever the tests run.
fn this_year() -> i64 {
    app::format::date_of(app::db::now()).year
}

/// The register: two adults of Centre-ville, one of Les Tilleuls, and a fifteen-year-old of Centre-ville.
fn register() -> String {
    format!(
        "nom;prénoms;date de naissance;code postal;quartier\n\
         Le Goff;Jean-Pierre Marc;14/03/1980;44000;centre-ville\n\
         Martin;Élodie;02/07/2001;44000;centre-ville\n\
         N'Diaye;Awa;30/11/1975;44100;les-tilleuls\n\
         Petit;Lou;01/01/{};44000;centre-ville\n",
        this_year() - 15
    )
}

fn matched(family: &str, given: &str, birth: &str, postcode: &str) -> MatchForm {
    MatchForm {
        family_name: family.into(),
        given_names: given.into(),
        birth_date: birth.into(),
        postcode: postcode.into(),
    }
}

async fn eligibility_of(app: &TestApp, scope: &str, user: i64) -> Option<String> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT eligibility FROM vote_districts WHERE scope = $1 AND user_id = $2")
            .bind(scope)
            .bind(user)
            .fetch_optional(&app.state.db.pool)
            .await
            .unwrap();
    row.and_then(|(e,)| e)
}

async fn votes(app: &TestApp) -> i64 {
    common::consultations::count(app, "consultation_votes").await
}

/// A consultation for verified residents of Centre-ville aged 16 or more: each way of being left out, said on
/// the page with the way in, refused at the vote; the verified district, not the declared one, decides; the
/// rule cannot change once open; the dashboard counts participants by verification.
async fn residents_only_consultation(mut app: TestApp) {
    let state = app.state.clone();
    let admin = who(&app, ADMIN.0).await;
    service::import_register(&state, Some(&admin), &register()).await.unwrap();
    let centre = district_id(&app, "centre-ville").await.to_string();
    let extra: Vec<(&'static str, &'static str)> = vec![
        ("voters", "residents"),
        ("min_age", "16"),
        ("districts", Box::leak(centre.clone().into_boxed_str())),
        ("districts_only", "1"),
    ];
    let page = open_consultation(&mut app, "Sonomètres du centre", &extra).await;

    // A confirmed account that is not verified: told why and where to go, and refused.
    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    let text = app.get(&page).await.text();
    assert!(
        text.contains(
            "Qui peut voter : les habitants de la commune dont la résidence est vérifiée, de 16 ans ou plus."
        ),
        "{text}"
    );
    assert!(text.contains("Ce vote est réservé aux habitants dont la résidence est vérifiée."), "{text}");
    assert!(app.get(&page).await.body.contains(r##"href="/compte#residence""##));
    let text = app.post_and_follow(&format!("{page}/vote"), &[("choice", "for")]).await.text();
    assert!(text.contains("Ce vote est réservé aux habitants dont la résidence est vérifiée."), "{text}");
    assert_eq!(votes(&app).await, 0);

    // Verified by the register (Centre-ville, 46): votes; their eligibility is recorded as the register.
    let hugo = who(&app, RESIDENT.0).await;
    service::verify_by_register(&state, Some(&hugo), &matched("Le Goff", "Jean-Pierre", "14/03/1980", "44000"))
        .await
        .unwrap();
    let text = app.post_and_follow(&format!("{page}/vote"), &[("choice", "for")]).await.text();
    assert!(text.contains("Votre vote est enregistré."), "{text}");
    assert_eq!(eligibility_of(&app, "consultation", hugo.id).await.as_deref(), Some("register"));

    // Fifteen: verified, of the right district, and still too young — no link to verify again.
    let tilleuls = district_id(&app, "les-tilleuls").await;
    resident(&app, "lou@exemple.fr", "Lou", Some(tilleuls)).await;
    let lou = who(&app, "lou@exemple.fr").await;
    let young = format!("01/01/{}", this_year() - 15);
    service::verify_by_register(&state, Some(&lou), &matched("Petit", "Lou", &young, "44000")).await.unwrap();
    app.new_visitor();
    app.sign_in("lou@exemple.fr", PASSWORD).await;
    let answer = app.get(&page).await;
    assert!(answer.text().contains("Ce vote est réservé aux personnes ayant atteint l'âge minimum fixé."));
    assert!(!answer.body.contains(r##"href="/compte#residence""##), "verifying again would not help");
    let text = app.post_and_follow(&format!("{page}/vote"), &[("choice", "against")]).await.text();
    assert!(text.contains("l'âge minimum fixé"), "{text}");

    // An adult who declares Centre-ville but whose verified residence is Les Tilleuls votes as Les Tilleuls.
    let centre_id = district_id(&app, "centre-ville").await;
    resident(&app, "awa@exemple.fr", "Awa", Some(centre_id)).await;
    let awa = who(&app, "awa@exemple.fr").await;
    service::verify_by_register(&state, Some(&awa), &matched("N'Diaye", "Awa", "30/11/1975", "44100")).await.unwrap();
    app.new_visitor();
    app.sign_in("awa@exemple.fr", PASSWORD).await;
    let text = app.post_and_follow(&format!("{page}/vote"), &[("choice", "for")]).await.text();
    assert!(text.contains("réservé aux habitants des quartiers concernés"), "{text}");
    assert_eq!(votes(&app).await, 1, "only the verified adult of Centre-ville voted");

    // The rule is locked once open: an edit that opens the vote to everyone keeps it as announced.
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let mut form = common::consultations::consultation_form("Sonomètres du centre");
    form.extend([("voters", "confirmed"), ("min_age", "")]);
    app.post_and_follow(&format!("{page}/modifier"), &form).await;
    let (voters, min_age): (String, Option<i64>) =
        sqlx::query_as("SELECT voters, min_age FROM consultations WHERE title = 'Sonomètres du centre'")
            .fetch_one(&state.db.pool)
            .await
            .unwrap();
    assert_eq!((voters.as_str(), min_age), ("residents", Some(16)));

    // The officials' dashboard counts participants by verification, never names them.
    let slug = page.trim_start_matches("/consultations/");
    let csv = app.get(&format!("/tableau-de-bord/consultations/{slug}/csv/eligibilite")).await.body;
    assert!(csv.contains("register,Registre de la commune,1") || csv.contains("register"), "{csv}");
    let dashboard = app::reports::dashboard::service::consultation(&state, Some(&admin), slug).await.unwrap();
    let table = dashboard.tables.iter().find(|t| t.id == "eligibilite").expect("eligibility table");
    let counts: Vec<(&str, i64)> = table.rows.iter().map(|r| (r.key.as_str(), r.values[0])).collect();
    assert_eq!(counts, vec![("email", 0), ("register", 1), ("letter", 0), ("desk", 0), ("oidc", 0), ("paper", 0)]);
    assert!(!csv.contains("Le Goff") && !csv.contains(RESIDENT.0));
}
on_both_engines!(consultation_rule, residents_only_consultation);

/// Staff set who may vote when they create a consultation: a wrong minimum age is named and translated, and
/// nothing is created; a confirmed account votes in a consultation without a rule as before.
async fn the_rule_is_checked_at_creation(mut app: TestApp) {
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let page = app.get("/consultations/nouvelle").await;
    assert!(page.text().contains("Qui peut voter") && page.text().contains("Âge minimum (facultatif)"));
    for bad in ["0", "121", "-3", "16.5", "99999999999999999999", "seize"] {
        let mut form = common::consultations::consultation_form("Âge refusé");
        form.extend([("voters", "residents"), ("min_age", bad)]);
        let text = app.post_and_follow("/consultations/nouvelle", &form).await.text();
        assert!(text.contains("L'âge minimum doit être un nombre entier d'années, de 1 à 120"), "{bad}: {text}");
    }
    let mut form = common::consultations::consultation_form("Public inconnu");
    form.extend([("voters", "everyone")]);
    let text = app.post_and_follow("/consultations/nouvelle", &form).await.text();
    assert!(text.contains("Choisissez une valeur dans la liste."), "{text}");
    assert_eq!(common::consultations::count(&app, "consultations").await, 0);

    let page = open_consultation(&mut app, "Ouverte à tous", &[]).await;
    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    let text = app.get(&page).await.text();
    assert!(!text.contains("Qui peut voter"), "no rule beyond a confirmed account: nothing to say");
    let text = app.post_and_follow(&format!("{page}/vote"), &[("choice", "abstain")]).await.text();
    assert!(text.contains("Votre vote est enregistré."), "{text}");
    let hugo = who(&app, RESIDENT.0).await;
    assert_eq!(eligibility_of(&app, "consultation", hugo.id).await.as_deref(), Some("email"));
}
on_both_engines!(consultation_rule_form, the_rule_is_checked_at_creation);

/// A budget for verified residents: an unverified account is refused with the reason (service and ballot
/// page); a verified one casts; a voter recorded from the paper list is counted as such.
async fn residents_only_budget(mut app: TestApp) {
    let state = app.state.clone();
    let admin = who(&app, ADMIN.0).await;
    service::import_register(&state, Some(&admin), &register()).await.unwrap();
    let form = BudgetForm {
        title: "Budget des habitants".into(),
        amount: "10 000".into(),
        ballot_kind: "approval".into(),
        rule: "greedy".into(),
        voters: "residents".into(),
        ..BudgetForm::default()
    };
    let (slug, town, ids) = common::budgets::in_voting_with(&app, form, "1 000", &["Bancs", "Arbres"]).await;
    let hugo = who(&app, RESIDENT.0).await;
    let refused = voting::cast(&state, Some(&hugo), &slug, town, &[(ids[0], 1)], Channel::Web).await.unwrap_err();
    assert_eq!(refused.messages()[0].key, "eligibility-refused-not-resident");
    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    let text = app.get(&format!("/budgets/{slug}/vote")).await.text();
    assert!(text.contains("Qui peut voter : les habitants de la commune dont la résidence est vérifiée."), "{text}");
    assert!(text.contains("Faire vérifier ma résidence"), "{text}");
    assert!(!text.contains("Valider mon bulletin"), "no ballot to someone the rule leaves out: {text}");

    service::verify_by_register(&state, Some(&hugo), &matched("Le Goff", "Jean-Pierre", "14/03/1980", "44000"))
        .await
        .unwrap();
    voting::cast(&state, Some(&hugo), &slug, town, &[(ids[0], 1)], Channel::Web).await.unwrap();
    assert_eq!(eligibility_of(&app, "budget", hugo.id).await.as_deref(), Some("register"));

    resident(&app, "papier@exemple.fr", "Papier", None).await;
    let on_paper = who(&app, "papier@exemple.fr").await;
    app::budgets::paper::mark_voter(&state, Some(&admin), town, "papier@exemple.fr").await.unwrap();
    assert_eq!(eligibility_of(&app, "budget", on_paper.id).await.as_deref(), Some("paper"));
}
on_both_engines!(budget_rule, residents_only_budget);

/// The latest desk check recorded.
async fn last_check(app: &TestApp) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM desk_checks").fetch_one(&app.state.db.pool).await.unwrap();
    id
}

fn desk(family: &str, given: &str, birth: &str, postcode: &str, district: &str) -> DeskCheck {
    DeskCheck {
        family_name: family.into(),
        given_names: given.into(),
        birth_date: birth.into(),
        postcode: postcode.into(),
        district: district.into(),
    }
}

/// The desk: an agent verifies an online account (on the register: its district) and the light record of
/// someone without email (not on the register: the district of their proof of address); the same person for a
/// second account is refused, told to the agent and audited, whichever door the first came through; residents
/// cannot; without JavaScript, the page does it.
async fn desk_verification(mut app: TestApp) {
    let state = app.state.clone();
    let admin = who(&app, ADMIN.0).await;
    service::import_register(&state, Some(&admin), &register()).await.unwrap();
    let agent = who(&app, AGENT.0).await;
    let hugo = who(&app, RESIDENT.0).await;

    // Residents cannot verify anyone.
    let refused = app::kiosk::service::verify_residence(
        &state,
        Some(&hugo),
        RESIDENT.0,
        &desk("Le Goff", "Jean-Pierre, Marc", "14/03/1980", "44000", ""),
    )
    .await;
    assert!(matches!(refused, Err(app::error::AppError::Forbidden)));

    // On the register: the register's district, whatever the agent chose.
    let tilleuls = district_id(&app, "les-tilleuls").await.to_string();
    let (name, outcome) = app::kiosk::service::verify_residence(
        &state,
        Some(&agent),
        RESIDENT.0,
        &desk("LE GOFF", "Jean-Pierre, Marc", "1980-03-14", "44000", &tilleuls),
    )
    .await
    .unwrap();
    assert_eq!((name.as_str(), outcome), ("Hugo Habitant", DeskOutcome::Register));
    // No one makes a verified voter alone: the check counts once a second staff member confirms it, never the
    // agent who recorded it, and once only.
    assert!(service::residence(&state, hugo.id).await.unwrap().is_none(), "one agent alone verifies no one");
    let check = last_check(&app).await;
    let same = service::confirm_desk_check(&state, Some(&agent), check).await.unwrap_err();
    assert_eq!(same.messages()[0].key, "error-desk-same-agent");
    let resident_confirms = service::confirm_desk_check(&state, Some(&hugo), check).await;
    assert!(matches!(resident_confirms, Err(app::error::AppError::Forbidden)));
    service::confirm_desk_check(&state, Some(&admin), check).await.unwrap();
    let twice = service::confirm_desk_check(&state, Some(&admin), check).await.unwrap_err();
    assert_eq!(twice.messages()[0].key, "error-desk-check-gone");
    let residence = service::residence(&state, hugo.id).await.unwrap().unwrap();
    assert_eq!((residence.method.as_str(), residence.district.as_str()), ("desk", "Centre-ville"));

    // Someone without email, not on the register: the light record made at the desk, then verified with the
    // district of the proof of address. Without a district, the agent is asked for one.
    let light = app::kiosk::rules::DeskResidentForm {
        name: "Jeanne Borne".into(),
        birth_date: "1948-05-12".into(),
        district: String::new(),
    };
    app::kiosk::service::issue_for_resident(&state, Some(&agent), &light, "fr").await.unwrap();
    let no_district = app::kiosk::service::verify_residence(
        &state,
        Some(&agent),
        "",
        &desk("Borne", "Jeanne", "12/05/1948", "44000", ""),
    )
    .await
    .unwrap_err();
    assert_eq!(no_district.messages()[0].field.as_deref(), Some("district"));
    assert_eq!(no_district.messages()[0].key, "error-desk-district-needed");
    let nobody = app::kiosk::service::verify_residence(
        &state,
        Some(&agent),
        "",
        &desk("Borne", "Paul", "12/05/1948", "44000", ""),
    )
    .await
    .unwrap_err();
    assert_eq!(nobody.messages()[0].key, "error-desk-no-record");
    let (name, outcome) = app::kiosk::service::verify_residence(
        &state,
        Some(&agent),
        "",
        &desk("Borne", "Jeanne", "12/05/1948", "44000", &tilleuls),
    )
    .await
    .unwrap();
    assert_eq!((name.as_str(), outcome), ("Jeanne Borne", DeskOutcome::Declared));
    service::confirm_desk_check(&state, Some(&admin), last_check(&app).await).await.unwrap();

    // One person, one voter: Jean-Pierre Le Goff's second account is refused online (as any failure) and at
    // the desk (told to the agent, who saw the document); Jeanne Borne's too, though the register never held her.
    resident(&app, "second@exemple.fr", "Second", None).await;
    let second = who(&app, "second@exemple.fr").await;
    let online =
        service::verify_by_register(&state, Some(&second), &matched("Le Goff", "Jean-Pierre", "14/03/1980", "44000"))
            .await
            .unwrap_err();
    assert_eq!(online.messages()[0].key, "error-register-no-match");
    for (family, given, birth, postcode) in [
        ("Le Goff", "Jean-Pierre", "14/03/1980", "44000"),
        ("Borne", "Jeanne", "12/05/1948", "44000"),
        // Other spellings of the same people: a usage name, given names split otherwise, another postcode.
        ("Le Goff épouse Martin", "Jean Pierre Marc", "1980-03-14", "44000"),
        ("Borne", "Jeanne-Marie", "12/05/1948", "44100"),
    ] {
        let again = app::kiosk::service::verify_residence(
            &state,
            Some(&agent),
            "second@exemple.fr",
            &desk(family, given, birth, postcode, &tilleuls),
        )
        .await
        .unwrap_err();
        assert_eq!(again.messages()[0].key, "error-desk-already-verified", "{family}");
    }
    assert!(service::residence(&state, second.id).await.unwrap().is_none());
    let (claims,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'register_second_claim'")
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
    assert_eq!(claims, 5);
    let (by_agent,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'desk_check' AND actor_id = $1")
            .bind(agent.id)
            .fetch_one(&state.db.pool)
            .await
            .unwrap();
    let (by_admin,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM audit_log WHERE action = 'residence_verify' AND actor_id = $1")
            .bind(admin.id)
            .fetch_one(&state.db.pool)
            .await
            .unwrap();
    assert_eq!((by_agent, by_admin), (2, 2), "each desk check is audited with its agent, and its confirmation");

    // Without JavaScript: the page, a missing field named, then the verification.
    app.sign_in(AGENT.0, AGENT.1).await;
    let page = app.get("/guichet/residence").await;
    assert!(page.text().contains("Vérifier une résidence"), "{}", page.text());
    assert!(page.body.contains(r#"action="/guichet/residence""#));
    let typed = |family: &'static str| {
        [
            ("email", "second@exemple.fr"),
            ("family_name", family),
            ("given_names", "Élodie"),
            ("birth_date", "02/07/2001"),
            ("postcode", "44000"),
            ("district", ""),
        ]
    };
    let text = app.post_and_follow("/guichet/residence", &typed("")).await.text();
    assert!(text.contains("Le nom ou le prénom manque"), "{text}");
    let text = app.post_and_follow("/guichet/residence", &typed("Martin")).await.text();
    assert!(text.contains("Vérification de Second enregistrée : la personne figure au registre"), "{text}");
    assert!(text.contains("Enregistrée par vous : un autre agent doit la confirmer."), "{text}");
    let check = last_check(&app).await;
    let refused = app.post_and_follow(&format!("/guichet/residence/{check}/confirmation"), &[]).await.text();
    assert!(refused.contains("Un second agent doit confirmer"), "{refused}");
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let page = app.get("/guichet/residence").await.text();
    assert!(page.contains("Second — quartier Centre-ville (au registre), vu par Anouk Accueil"), "{page}");
    let text = app.post_and_follow(&format!("/guichet/residence/{check}/confirmation"), &[]).await.text();
    assert!(text.contains("Vérification confirmée : la résidence est vérifiée."), "{text}");
    assert_eq!(service::residence(&state, second.id).await.unwrap().unwrap().method, "desk");
}
on_both_engines!(desk, desk_verification);

/// One person, one voter while a desk check waits for its second staff member too: a second check of the same
/// person for another account, under another spelling (a usage name, in either order), is refused to the agent
/// before anyone confirms the first — not only once it is confirmed.
async fn pending_desk_checks_of_one_person(app: TestApp) {
    let state = app.state.clone();
    let agent = who(&app, AGENT.0).await;
    let tilleuls = district_id(&app, "les-tilleuls").await.to_string();
    for (n, (first, second)) in
        [("Martin", "Dupont épouse Martin"), ("Durand épouse Petit", "Petit")].into_iter().enumerate()
    {
        let (a, b) = (format!("a{n}@exemple.fr"), format!("b{n}@exemple.fr"));
        resident(&app, &a, "Premier", None).await;
        resident(&app, &b, "Second", None).await;
        let birth = format!("0{}/02/1975", n + 1);
        app::kiosk::service::verify_residence(
            &state,
            Some(&agent),
            &a,
            &desk(first, "Claire", &birth, "37990", &tilleuls),
        )
        .await
        .unwrap();
        let again = app::kiosk::service::verify_residence(
            &state,
            Some(&agent),
            &b,
            &desk(second, "Claire", &birth, "37990", &tilleuls),
        )
        .await
        .unwrap_err();
        assert_eq!(again.messages()[0].key, "error-desk-already-verified", "{first} then {second}");
        // The same account's own check may be recorded again (a slip corrected).
        app::kiosk::service::verify_residence(
            &state,
            Some(&agent),
            &a,
            &desk(second, "Claire", &birth, "37990", &tilleuls),
        )
        .await
        .unwrap();
    }
    let (pending,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM desk_checks WHERE confirmed_at IS NULL")
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
    assert_eq!(pending, 2, "one waiting check per person");
}
on_both_engines!(desk_pending_spellings, pending_desk_checks_of_one_person);

/// Votes cast at the same moment all count: the eligibility read inside each vote's transaction never makes
/// SQLite refuse a concurrent writer ("database is locked", found by an attacker's pass: 6 of 14 lost).
async fn simultaneous_votes_all_count(mut app: TestApp) {
    let page = open_consultation(&mut app, "Votes simultanés", &[]).await;
    let slug = page.trim_start_matches("/consultations/").to_string();
    let mut voters = vec![];
    for n in 0..14 {
        let email = format!("simultane{n}@exemple.fr");
        resident(&app, &email, &format!("Votant {n}"), None).await;
        voters.push(who(&app, &email).await);
    }
    let mut tasks = vec![];
    for voter in voters {
        let (state, slug) = (app.state.clone(), slug.clone());
        tasks.push(tokio::spawn(async move {
            app::consultations::service::vote(&state, Some(&voter), &slug, "for", Channel::Web).await
        }));
    }
    for task in tasks {
        task.await.unwrap().unwrap();
    }
    assert_eq!(votes(&app).await, 14);
}
on_both_engines!(simultaneous, simultaneous_votes_all_count);
