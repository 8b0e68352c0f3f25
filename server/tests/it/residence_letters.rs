//! Letter codes (eligibility): a resident the register does not hold asks for a letter from "my account"
//! without JavaScript; admins see the pending letters (repeated addresses marked) and print them as a page or a
//! mail-merge file, each code in clear only there, its hash kept, the name and address erased; the code typed
//! verifies the account with the letter's district, once, before it expires; wrong codes are counted — on
//! SQLite and PostgreSQL.

use crate::common;
use axum::http::StatusCode;
use common::consultations::{district_id, resident, who, ADMIN, PASSWORD, RESIDENT};
use common::TestApp;

async fn count(app: &TestApp, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&app.state.db.pool).await.unwrap();
    n
}

/// The codes printed on a page of letters.
fn codes_in(page: &str) -> Vec<String> {
    page.split("<p class=\"letter-code\">")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .map(str::to_string)
        .collect()
}

async fn letter_request_print_and_code(mut app: TestApp) {
    let tilleuls = district_id(&app, "les-tilleuls").await.to_string();
    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    let page = app.get("/compte").await;
    assert!(page.text().contains("Vous ne figurez pas sur la liste électorale ?"), "{}", page.text());
    assert!(page.body.contains(r#"action="/compte/residence/courrier""#));

    // Each wrong field named, what was typed kept; then the request.
    let bad = [
        ("letter_recipient", " "),
        ("letter_address", "12 rue de la Gare"),
        ("letter_postcode", "440"),
        ("letter_district", ""),
    ];
    let page = app.post_and_follow("/compte/residence/courrier", &bad).await;
    let text = page.text();
    assert!(text.contains("Indiquez le nom inscrit sur la boîte aux lettres"), "{text}");
    assert!(text.contains("Le code postal doit compter cinq chiffres."), "{text}");
    assert!(page.body.contains("12 rue de la Gare"), "the address typed is kept");
    // Once the register is imported, a letter goes only to one of its postcodes.
    let admin = who(&app, ADMIN.0).await;
    let register = "nom;prenoms;date_naissance;code_postal;quartier\nLe Goff;Jean;14/03/1980;44000;centre-ville\n\
                    N'Diaye;Awa;30/11/1975;44100;les-tilleuls\n";
    app::eligibility::service::import_register(&app.state, Some(&admin), register).await.unwrap();
    let paris = [
        ("letter_recipient", "Famille Habitant"),
        ("letter_address", "1 rue de Rivoli"),
        ("letter_postcode", "75001"),
        ("letter_district", tilleuls.as_str()),
    ];
    let text = app.post_and_follow("/compte/residence/courrier", &paris).await.text();
    assert!(text.contains("Ce code postal n'est pas l'un de ceux de la commune"), "{text}");
    let good = [
        ("letter_recipient", "Famille Habitant"),
        ("letter_address", "12, rue de la Gare\nBâtiment B"),
        ("letter_postcode", "44 000"),
        ("letter_district", tilleuls.as_str()),
    ];
    let text = app.post_and_follow("/compte/residence/courrier", &good).await.text();
    assert!(text.contains("Votre demande est enregistrée"), "{text}");
    assert!(text.contains("Courrier demandé le"), "{text}");
    let text = app.post_and_follow("/compte/residence/courrier", &good).await.text();
    assert!(text.contains("Un courrier est déjà en route pour ce compte"), "{text}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM residence_letters").await, 1);

    // A second account asks for a letter at the same address, written otherwise.
    resident(&app, "voisin@exemple.fr", "Voisin", None).await;
    app.new_visitor();
    app.sign_in("voisin@exemple.fr", PASSWORD).await;
    let same = [
        ("letter_recipient", "M. Voisin"),
        ("letter_address", "12 RUE DE LA GARE\nbâtiment b"),
        ("letter_postcode", "44000"),
        ("letter_district", tilleuls.as_str()),
    ];
    assert!(app.post_and_follow("/compte/residence/courrier", &same).await.text().contains("demande est enregistrée"));

    // A resident cannot see or print the letters.
    assert_eq!(app.get("/admin/courriers").await.status, StatusCode::FORBIDDEN);
    let refused = app.post("/admin/courriers/impression", &[("format", "html")]).await;
    assert_ne!(refused.status, StatusCode::OK);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM residence_letters WHERE printed_at IS NOT NULL").await, 0);

    // The admin: two pending, the shared address marked; the printable page holds both codes, once.
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let text = app.get("/admin/courriers").await.text();
    assert!(text.contains("2 courriers à imprimer.") && text.contains("2 demandes à cette adresse"), "{text}");
    let printed = app.post("/admin/courriers/impression", &[("format", "html")]).await;
    assert_eq!(printed.status, StatusCode::OK);
    assert!(printed.body.contains("Famille Habitant") && printed.body.contains("Bâtiment B"), "{}", printed.body);
    let codes = codes_in(&printed.body);
    assert_eq!(codes.len(), 2, "{}", printed.body);
    assert!(codes.iter().all(|c| c.len() == 14 && c.chars().filter(|&ch| ch == '-').count() == 2), "{codes:?}");
    // Printed once: the names and addresses are gone, only the codes' hashes are kept; nothing left to print.
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM residence_letters WHERE recipient IS NULL AND address IS NULL AND length(code_hash) = 64").await,
        2
    );
    for code in &codes {
        let stored = count(
            &app,
            &format!(
                "SELECT COUNT(*) FROM residence_letters WHERE code_hash = '{code}' OR code_hash = '{}'",
                code.replace('-', "")
            ),
        )
        .await;
        assert_eq!(stored, 0, "the code in clear is never stored");
    }
    let again = app.post_and_follow("/admin/courriers/impression", &[("format", "csv")]).await.text();
    assert!(again.contains("Aucun courrier n'attend d'être imprimé."), "{again}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'letter_print'").await, 1);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'letter_request'").await, 2);

    // The resident types a wrong code, a code of the other letter, then theirs: verified in Les Tilleuls, once.
    app.new_visitor();
    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    let text = app.get("/compte").await.text();
    assert!(text.contains("Courrier envoyé le"), "{text}");
    let text = app.post_and_follow("/compte/residence/code", &[("letter_code", "pas un code")]).await.text();
    assert!(text.contains("Le code compte douze lettres et chiffres"), "{text}");
    let mut verified = false;
    for code in &codes {
        let text = app.post_and_follow("/compte/residence/code", &[("letter_code", &code.to_lowercase())]).await.text();
        if text.contains("Votre résidence est vérifiée.") {
            assert!(
                text.contains("Résidence vérifiée (code reçu par courrier)") && text.contains("quartier Les Tilleuls"),
                "{text}"
            );
            verified = true;
        } else if verified {
            // Once verified, a letter no longer moves the residence (a move is the desk's).
            assert!(text.contains("Votre résidence est déjà vérifiée"), "{text}");
        } else {
            assert!(text.contains("Ce code ne vérifie pas ce compte"), "{text}");
        }
    }
    assert!(verified);
    let hugo = who(&app, RESIDENT.0).await;
    let residence = app::eligibility::service::residence(&app.state, hugo.id).await.unwrap().unwrap();
    assert_eq!((residence.method.as_str(), residence.birth_date), ("letter", None));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'letter_use'").await, 1);

    // The neighbour's letter: expired, it no longer verifies; and a used code never does twice.
    sqlx::query("UPDATE residence_letters SET expires_at = 1 WHERE used_at IS NULL")
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let voisin = who(&app, "voisin@exemple.fr").await;
    for code in &codes {
        let refused = app::eligibility::service::verify_by_letter(&app.state, Some(&voisin), code).await.unwrap_err();
        assert_eq!(refused.messages()[0].key, "error-letter-code");
    }
    assert!(app::eligibility::service::residence(&app.state, voisin.id).await.unwrap().is_none());
    // Five failures a day, then even a right code waits.
    for _ in 0..3 {
        let _ = app::eligibility::service::verify_by_letter(&app.state, Some(&voisin), "ABCD-EFGH-JKMN").await;
    }
    let waited = app::eligibility::service::verify_by_letter(&app.state, Some(&voisin), &codes[0]).await;
    assert_eq!(waited.unwrap_err().messages()[0].key, "error-too-many-today");

    // A later request to the same address, written otherwise, is marked: the used letter still counts (its
    // address itself is erased; a keyed hash of it is kept), the expired one no longer does.
    resident(&app, "troisieme@exemple.fr", "Troisième", None).await;
    app.new_visitor();
    app.sign_in("troisieme@exemple.fr", PASSWORD).await;
    let third = [
        ("letter_recipient", "Troisième"),
        ("letter_address", "12 rue de la gare\nbatiment B"),
        ("letter_postcode", "44000"),
        ("letter_district", tilleuls.as_str()),
    ];
    assert!(app.post_and_follow("/compte/residence/courrier", &third).await.text().contains("demande est enregistrée"));
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let text = app.get("/admin/courriers").await.text();
    assert!(text.contains("1 courrier à imprimer.") && text.contains("2 demandes à cette adresse"), "{text}");
}
on_both_engines!(letters, letter_request_print_and_code);

/// The mail-merge file: one line per letter, semicolons, a name a spreadsheet would run as a formula written as
/// text.
async fn mail_merge_file(mut app: TestApp) {
    let centre = district_id(&app, "centre-ville").await.to_string();
    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    let hostile = [
        ("letter_recipient", "=HYPERLINK(\"http://evil\")"),
        ("letter_address", "1 place de la Mairie"),
        ("letter_postcode", "44000"),
        ("letter_district", centre.as_str()),
    ];
    assert!(app
        .post_and_follow("/compte/residence/courrier", &hostile)
        .await
        .text()
        .contains("demande est enregistrée"));
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let file = app.post("/admin/courriers/impression", &[("format", "csv")]).await;
    assert_eq!(file.status, StatusCode::OK);
    let lines: Vec<&str> = file.body.lines().collect();
    assert_eq!(lines[0], "destinataire;adresse_1;adresse_2;adresse_3;code_postal;quartier;code;valable_jusqu_au");
    assert_eq!(lines.len(), 2, "{}", file.body);
    assert!(lines[1].starts_with("\"'=HYPERLINK") || lines[1].starts_with("'=HYPERLINK"), "{}", lines[1]);
    assert!(lines[1].contains(";1 place de la Mairie;;;44000;Centre-ville;"), "{}", lines[1]);
}
on_both_engines!(mail_merge, mail_merge_file);

/// Admins refuse one letter whose address they cannot place (the others stay to print): its name and address
/// are erased, the resident is told and may ask again; residents cannot refuse; a letter is refused once.
async fn a_letter_refused(mut app: TestApp) {
    let gare = district_id(&app, "la-gare").await.to_string();
    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    let ask = [
        ("letter_recipient", "Hugo"),
        ("letter_address", "3 impasse Inconnue"),
        ("letter_postcode", "44000"),
        ("letter_district", gare.as_str()),
    ];
    assert!(app.post_and_follow("/compte/residence/courrier", &ask).await.text().contains("demande est enregistrée"));
    let (id,): (i64,) =
        sqlx::query_as("SELECT MAX(id) FROM residence_letters").fetch_one(&app.state.db.pool).await.unwrap();
    app.post(&format!("/admin/courriers/{id}/refus"), &[]).await;
    assert_eq!(count(&app, "SELECT COUNT(*) FROM residence_letters WHERE refused_at IS NOT NULL").await, 0);

    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let page = app.get("/admin/courriers").await;
    assert!(page.body.contains(&format!(r#"action="/admin/courriers/{id}/refus""#)), "{}", page.text());
    let text = app.post_and_follow(&format!("/admin/courriers/{id}/refus"), &[]).await.text();
    assert!(text.contains("Courrier refusé") && text.contains("Aucun courrier à imprimer."), "{text}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM residence_letters WHERE refused_at IS NOT NULL AND recipient IS NULL AND address IS NULL").await,
        1
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'letter_refuse'").await, 1);
    let twice = app.post_and_follow(&format!("/admin/courriers/{id}/refus"), &[]).await;
    assert!(!twice.text().contains("Courrier refusé :"), "{}", twice.text());

    app.new_visitor();
    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    let text = app.get("/compte").await.text();
    assert!(text.contains("n'a pas été envoyée") && text.contains("Demander un courrier"), "{text}");
    assert!(app.post_and_follow("/compte/residence/courrier", &ask).await.text().contains("demande est enregistrée"));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM residence_letters WHERE refused_at IS NULL").await, 1);
}
on_both_engines!(refused, a_letter_refused);
