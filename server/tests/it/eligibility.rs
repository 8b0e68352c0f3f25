//! Residence verification: the register imported all or nothing (only keyed hashes kept), re-imports that say
//! what changed, a resident's online match with its variants, one register entry for one account, failures
//! that never tell what matched, the throttle, and the command line — on SQLite and PostgreSQL.

use crate::common;
use app::eligibility::service::{self, ImportError, MatchForm};
use app::error::AppError;
use common::consultations::{who, ADMIN, MODERATOR, RESIDENT};
use common::TestApp;

const REGISTER: &str = "nom;prénoms;date de naissance;code postal;quartier\n\
                        Le Goff;Jean-Pierre Marc;14/03/1980;44000;centre-ville\n\
                        Martin;Élodie;2001-07-02;44000;les-tilleuls\n\
                        N'Diaye;Awa;1975-11-30;44100;centre-ville\n";

async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&app.state.db.pool).await.unwrap();
    n
}

fn form(family: &str, given: &str, birth: &str, postcode: &str) -> MatchForm {
    MatchForm {
        family_name: family.into(),
        given_names: given.into(),
        birth_date: birth.into(),
        postcode: postcode.into(),
    }
}

async fn register_and_online_match(app: TestApp) {
    let state = &app.state;
    let admin = who(&app, ADMIN.0).await;
    let resident = who(&app, RESIDENT.0).await;

    // Only admins import; a file with one wrong line stores nothing and names every wrong cell.
    assert!(matches!(
        service::import_register(state, Some(&resident), REGISTER).await,
        Err(ImportError::App(AppError::Forbidden))
    ));
    let wrong = format!("{REGISTER}Durand;;31/02/1990;4400;la-lune\n");
    let Err(ImportError::Lines(lines)) = service::import_register(state, Some(&admin), &wrong).await else {
        panic!("a wrong line must refuse the file");
    };
    let named: Vec<(usize, &str)> = lines.iter().map(|e| (e.line, e.column)).collect();
    assert_eq!(named, vec![(5, "prenoms"), (5, "date_naissance"), (5, "code_postal"), (5, "quartier")]);
    let twice = format!("{REGISTER}LE GOFF;Jean-Pierre;1980-03-14;44 000;les-tilleuls\n");
    let Err(ImportError::Lines(lines)) = service::import_register(state, Some(&admin), &twice).await else {
        panic!("the same person twice must refuse the file");
    };
    assert_eq!((lines[0].line, lines[0].key), (5, "error-register-duplicate"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM register_entries").await, 0);

    let done = service::import_register(state, Some(&admin), REGISTER).await.unwrap();
    assert_eq!((done.added, done.kept, done.removed), (3, 0, 0));
    // The file is not kept: no name, date or postcode is in the database, only 64-digit keys.
    let rows: Vec<(String, String)> = sqlx::query_as("SELECT identity_key, person_key FROM register_entries")
        .fetch_all(&state.db.pool)
        .await
        .unwrap();
    for (a, b) in &rows {
        assert!(a.len() == 64 && b.len() == 64 && a.bytes().chain(b.bytes()).all(|c| c.is_ascii_hexdigit()));
    }
    assert!(std::fs::metadata(state.config.data_dir.join(service::SECRET_FILE)).unwrap().len() >= 32);

    // Online: a confirmed account types its details as it writes them.
    let wrong_date = service::verify_by_register(state, Some(&resident), &form("Le Goff", "Jean", "31/02/1980", "44"))
        .await
        .unwrap_err();
    let fields: Vec<_> = wrong_date.messages().into_iter().filter_map(|m| m.field).collect();
    assert_eq!(fields, vec!["birth_date", "postcode"]);
    // Not its first given name ("Jean" is not "Jean-Pierre"): refused without saying which part differs.
    let refused = service::verify_by_register(state, Some(&resident), &form("Le Goff", "Jean", "14/03/1980", "44000"))
        .await
        .unwrap_err();
    assert_eq!(refused.messages()[0].key, "error-register-no-match");
    service::verify_by_register(state, Some(&resident), &form("LE-GOFF", "jean pierre", "1980-03-14", "44 000"))
        .await
        .unwrap();
    let residence = service::residence(state, resident.id).await.unwrap().unwrap();
    assert_eq!((residence.method.as_str(), residence.district.as_str()), ("register", "Centre-ville"));
    assert_eq!(residence.birth_date.as_deref(), Some("1980-03-14"));
    let (district,): (Option<i64>,) = sqlx::query_as("SELECT district_id FROM users WHERE id = $1")
        .bind(resident.id)
        .fetch_one(&state.db.pool)
        .await
        .unwrap();
    let (centre,): (i64,) =
        sqlx::query_as("SELECT id FROM districts WHERE slug = 'centre-ville'").fetch_one(&state.db.pool).await.unwrap();
    assert_eq!(district, Some(centre), "the district comes from the register, not from what was typed");

    // One entry, one account: the same details from another account are refused as any failure, and staff
    // see the second claim in the audit log.
    let other = who(&app, MODERATOR.0).await;
    let second =
        service::verify_by_register(state, Some(&other), &form("Le Goff", "Jean-Pierre", "14/03/1980", "44000"))
            .await
            .unwrap_err();
    assert_eq!(second.messages()[0].key, "error-register-no-match");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'register_second_claim'").await, 1);
    assert!(service::residence(state, other.id).await.unwrap().is_none());

    // Five failures a day (the second claim was the first), then even the right details wait.
    for _ in 0..4 {
        let _ =
            service::verify_by_register(state, Some(&other), &form("Martin", "Elodie", "02/07/2001", "44100")).await;
    }
    let right = form("Martin", "Élodie", "02/07/2001", "44000");
    let waited = service::verify_by_register(state, Some(&other), &right).await.unwrap_err();
    assert_eq!(waited.messages()[0].key, "error-too-many-today");
    assert!(service::residence(state, other.id).await.unwrap().is_none());

    // A re-import says what changed; the verified person keeps their entry (and its claim).
    let next = "nom,prenoms,date_naissance,code_postal,quartier\n\
                Le Goff,Jean-Pierre,14/03/1980,44000,centre-ville\n\
                N'Diaye,Awa,30/11/1975,44100,les-tilleuls\n\
                Petit,Louis,01/01/1990,44000,centre-ville\n";
    let done = service::import_register(state, Some(&admin), next).await.unwrap();
    assert_eq!((done.added, done.kept, done.removed), (1, 2, 1));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM register_entries WHERE claimed_by IS NOT NULL").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'register_import'").await, 2);
}
on_both_engines!(register, register_and_online_match);

/// The same through the account page, as a resident without JavaScript does it: the form, a failure that keeps
/// what was typed and names the fields, the success and the verified residence shown.
async fn verified_from_the_account_page(mut app: TestApp) {
    let admin = who(&app, ADMIN.0).await;
    service::import_register(&app.state, Some(&admin), REGISTER).await.unwrap();
    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    let page = app.get("/compte").await;
    assert!(page.text().contains("Vérifier ma résidence"), "{}", page.text());
    assert!(page.body.contains(r#"action="/compte/residence""#));
    let typed =
        [("family_name", "Martin"), ("given_names", "Élodie"), ("birth_date", "31/13/2001"), ("postcode", "44000")];
    let page = app.post_and_follow("/compte/residence", &typed).await;
    assert!(page.text().contains("La date de naissance n'est pas une date valide"), "{}", page.text());
    assert!(page.body.contains(r#"value="31/13/2001""#) && page.body.contains(r#"value="Martin""#));
    let typed =
        [("family_name", "martin"), ("given_names", "elodie"), ("birth_date", "02/07/2001"), ("postcode", "44000")];
    let page = app.post_and_follow("/compte/residence", &typed).await;
    let text = page.text();
    assert!(text.contains("Votre résidence est vérifiée."), "{text}");
    assert!(
        text.contains("Résidence vérifiée (registre de la commune)") && text.contains("quartier Les Tilleuls"),
        "{text}"
    );
    assert!(text.contains("Date de naissance vérifiée : 2 juillet 2001"), "{text}");
    assert!(!page.body.contains(r#"action="/compte/residence""#), "the form is gone once verified");
    // The verified district is not the resident's to change (a move is a new verification); the rest of the
    // profile still is.
    let (tilleuls,): (i64,) = sqlx::query_as("SELECT id FROM districts WHERE slug = 'les-tilleuls'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let (centre,): (i64,) = sqlx::query_as("SELECT id FROM districts WHERE slug = 'centre-ville'")
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    let (tilleuls, centre) = (tilleuls.to_string(), centre.to_string());
    let moved = [("display_name", "Habitante"), ("language", "fr"), ("district_id", centre.as_str())];
    let page = app.post_and_follow("/compte/profil", &moved).await;
    assert!(page.text().contains("un déménagement se signale au guichet"), "{}", page.text());
    let cleared = [("display_name", "Habitante"), ("language", "fr"), ("district_id", "")];
    assert!(app.post_and_follow("/compte/profil", &cleared).await.text().contains("un déménagement se signale"));
    let same = [("display_name", "Habitante"), ("language", "fr"), ("district_id", tilleuls.as_str())];
    assert!(app.post_and_follow("/compte/profil", &same).await.text().contains("Votre profil est enregistré"));
    let (district, name): (Option<i64>, String) =
        sqlx::query_as("SELECT district_id, display_name FROM users WHERE email = $1")
            .bind(RESIDENT.0)
            .fetch_one(&app.state.db.pool)
            .await
            .unwrap();
    assert_eq!((district.map(|d| d.to_string()), name.as_str()), (Some(tilleuls.clone()), "Habitante"));
    // "Download my data" holds the verified residence.
    let data: serde_json::Value = serde_json::from_str(&app.get("/compte/mes-donnees").await.body).unwrap();
    let residence = &data["residence"];
    assert_eq!(
        (residence["method"].as_str(), residence["birth_date"].as_str()),
        (Some("register"), Some("2001-07-02"))
    );
    assert_eq!(residence["district"].as_str(), Some("Les Tilleuls"));
}
on_both_engines!(account_page, verified_from_the_account_page);

/// Admins replace the register from its page: a file with a wrong line shows every problem and stores nothing;
/// a good one says what changed. Residents are refused.
async fn imported_from_the_admin_page(mut app: TestApp) {
    // The resident register's words are their own: the registration page keeps its title and button.
    let registration = app.get("/compte/inscription").await.text();
    assert!(
        registration.contains("Créer un compte") && !registration.contains("Registre des habitants"),
        "{registration}"
    );
    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    assert_eq!(app.get("/admin/registre").await.status, axum::http::StatusCode::FORBIDDEN);
    app.post_file("/admin/registre", "file", "registre.csv", REGISTER).await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM register_entries").await, 0);
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    assert!(app.get("/admin/utilisateurs").await.body.contains(r#"href="/admin/registre""#));
    let page = app.get("/admin/registre").await;
    assert!(page.text().contains("Le registre compte 0 personne ; 0 a vérifié son compte."), "{}", page.text());
    app.post_file(
        "/admin/registre",
        "file",
        "registre.csv",
        &format!("{REGISTER}Durand;Luc;1990-02-30;44000;centre-ville\n"),
    )
    .await;
    let text = app.get("/admin/registre").await.text();
    assert!(text.contains("1 problème dans le fichier"), "{text}");
    assert!(text.contains("5 date_naissance La date de naissance n'est pas une date valide"), "{text}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM register_entries").await, 0);
    app.post_file("/admin/registre", "file", "registre.csv", REGISTER).await;
    let text = app.get("/admin/registre").await.text();
    assert!(text.contains("Registre importé : 3 personnes ajoutées, 0 conservée, 0 retirée."), "{text}");
    assert!(text.contains("Le registre compte 3 personnes ; 0 a vérifié son compte."), "{text}");
}
on_both_engines!(admin_page, imported_from_the_admin_page);

/// The verification form and the register page as an attacker uses them: numbers past any date, negative ones,
/// control characters, a 2 MB field, a signed-out visitor and a lower role. Nothing is verified or stored.
async fn hostile_inputs(mut app: TestApp) {
    let admin = who(&app, ADMIN.0).await;
    service::import_register(&app.state, Some(&admin), REGISTER).await.unwrap();
    // Signed out: the form sends to sign-in, nothing changes.
    let right =
        [("family_name", "Martin"), ("given_names", "Élodie"), ("birth_date", "02/07/2001"), ("postcode", "44000")];
    let answer = app.post("/compte/residence", &right).await;
    assert!(answer.location.unwrap_or_default().starts_with("/compte"), "signed out");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users WHERE residence_method IS NOT NULL").await, 0);

    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    for (birth, postcode) in [
        ("9223372036854775807/01/01", "44000"),
        ("01/01/9223372036854775807", "44000"),
        ("-14/03/1980", "44000"),
        ("14/03/-1980", "-4400"),
        ("02/07/2001", "9223372036854775807"),
    ] {
        let typed =
            [("family_name", "Martin"), ("given_names", "Élodie"), ("birth_date", birth), ("postcode", postcode)];
        let page = app.post_and_follow("/compte/residence", &typed).await;
        assert!(page.text().contains("Le formulaire contient des erreurs"), "{birth} {postcode}: {}", page.text());
    }
    // Control characters are dropped as on every form: they neither break the match nor reach the database.
    let typed = [
        ("family_name", "Mar\u{0}tin\u{202e}"),
        ("given_names", "Élo\u{7}die"),
        ("birth_date", "02/07/2001"),
        ("postcode", "44000"),
    ];
    let page = app.post_and_follow("/compte/residence", &typed).await;
    assert!(page.text().contains("Votre résidence est vérifiée."), "{}", page.text());
    // A 2 MB field is refused whole, in French.
    let huge = "a".repeat(2 * 1024 * 1024);
    let page = app.post("/compte/residence", &[("family_name", huge.as_str())]).await;
    assert_eq!(page.status, axum::http::StatusCode::PAYLOAD_TOO_LARGE);
    assert!(page.body.contains("trop volumineux"), "{}", page.body);

    // A lower role cannot import, by the page or by the service; an admin's 2 MB line is one wrong cell.
    let before = count(&app, "SELECT COUNT(*) FROM register_entries").await;
    app.post_file(
        "/admin/registre",
        "file",
        "registre.csv",
        "nom,prenoms,date_naissance,code_postal,quartier\nA,B,01/01/1990,44000,centre-ville\n",
    )
    .await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM register_entries").await, before);
    let moderator = who(&app, MODERATOR.0).await;
    assert!(matches!(
        service::import_register(&app.state, Some(&moderator), REGISTER).await,
        Err(ImportError::App(AppError::Forbidden))
    ));
    let long = format!(
        "nom,prenoms,date_naissance,code_postal,quartier\nA,B,01/01/1990,{},centre-ville\n",
        "4".repeat(2 * 1024 * 1024)
    );
    let Err(ImportError::Lines(lines)) = service::import_register(&app.state, Some(&admin), &long).await else {
        panic!("a 2 MB postcode must be refused");
    };
    assert_eq!((lines[0].line, lines[0].column), (2, "code_postal"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM register_entries").await, before);
}
on_both_engines!(hostile, hostile_inputs);

/// A register larger than one statement's batch: every person stored once, and one from the last batch found.
async fn large_register(app: TestApp) {
    let admin = who(&app, ADMIN.0).await;
    let people = 2 * app::eligibility::queries::INSERT_BATCH + 500;
    let mut file = String::from("nom;prenoms;date_naissance;code_postal;quartier\n");
    for n in 0..people {
        // Distinct people: the name carries the number in letters ("Habitant B C D").
        let letters: String = n.to_string().chars().map(|d| char::from(b'A' + d as u8 - b'0')).collect();
        file.push_str(&format!("Habitant {letters};Jean;01/01/1980;44000;centre-ville\n"));
    }
    let done = service::import_register(&app.state, Some(&admin), &file).await.unwrap();
    assert_eq!((done.added, done.kept, done.removed), (people, 0, 0));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM register_entries").await, people as i64);
    let resident = who(&app, RESIDENT.0).await;
    let last: String = (people - 1).to_string().chars().map(|d| char::from(b'A' + d as u8 - b'0')).collect();
    service::verify_by_register(
        &app.state,
        Some(&resident),
        &form(&format!("Habitant {last}"), "Jean", "01/01/1980", "44000"),
    )
    .await
    .unwrap();
}
on_both_engines!(large, large_register);
