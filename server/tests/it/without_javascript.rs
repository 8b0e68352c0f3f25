//! Pages as a browser without JavaScript gets them. A page whose route streams out of order sends what its data
//! loads afterwards in `<template>` chunks after `</html>`, which only the page's script moves into place: without
//! it the reader keeps "Chargement…" where a form's field should be. The preference page every notification mail
//! links to and the new-sensor form (its "decision that authorises it" select: the approval gate) did so.

use crate::common;

use common::consultations::{resident, ADMIN, PASSWORD};
use common::TestApp;

/// The chunks of content `path` sends after its document ends, for the page's script to put in place (none when
/// the page is whole; the data scripts that follow the document are not content).
async fn after_the_document(app: &mut TestApp, path: &str) -> String {
    let page = app.get(path).await;
    assert_eq!(page.status, axum::http::StatusCode::OK, "{path}");
    let end = page.body.rfind("</html>").unwrap_or_else(|| panic!("{path}: no end of document"));
    let rest = &page.body[end..];
    rest.find("<template").map(|at| rest[at..].chars().take(300).collect()).unwrap_or_default()
}

async fn every_page_is_whole_without_javascript(mut app: TestApp) {
    let public = ["/", "/capteurs", "/donnees-ouvertes", "/consultations", "/budgets", "/decisions", "/projets"];
    let accounts = ["/compte/inscription", "/compte/connexion", "/compte/mot-de-passe-oublie"];
    for path in public.iter().chain(&accounts).chain(&["/compte/notifications/desabonner?cle=0", "/borne/appairer"]) {
        let rest = after_the_document(&mut app, path).await;
        assert!(rest.is_empty(), "{path} sends content after </html>: {rest}");
    }
    resident(&app, "nina@exemple.fr", "Nina", None).await;
    app.sign_in("nina@exemple.fr", PASSWORD).await;
    for path in ["/compte", "/compte/notifications"] {
        let rest = after_the_document(&mut app, path).await;
        assert!(rest.is_empty(), "{path} sends content after </html>: {rest}");
    }
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let staff = [
        "/capteurs/nouveau",
        "/capteurs/importer",
        "/consultations/nouvelle",
        "/budgets/nouveau",
        "/admin/registre",
        "/admin/courriers",
        "/guichet/residence",
    ];
    for path in staff {
        let rest = after_the_document(&mut app, path).await;
        assert!(rest.is_empty(), "{path} sends content after </html>: {rest}");
    }
    let form = app.get("/capteurs/nouveau").await.body;
    let select = form.find(r#"name="decision""#).expect("the decision select");
    assert!(select < form.rfind("</html>").unwrap(), "the decision select is in the document");
}
on_both_engines!(whole_pages, every_page_is_whole_without_javascript);
