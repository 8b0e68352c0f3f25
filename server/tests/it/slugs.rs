//! Addresses made from titles: a consultation or a budget never takes a word of its feature's own addresses,
//! and creations of one title at the same moment each get their own — on SQLite and PostgreSQL.

use crate::common;

use common::consultations::*;
use common::TestApp;

/// A title that is a word of the feature's own addresses gets another address: a consultation titled
/// "Propositions" at `/consultations/propositions` would be hidden behind the proposals page for ever.
async fn titles_never_take_the_features_own_addresses(mut app: TestApp) {
    app.sign_in(ADMIN.0, ADMIN.1).await;
    for (title, address) in [
        ("Propositions", "/consultations/propositions-2"),
        ("Nouvelle", "/consultations/nouvelle-2"),
        ("Commentaires", "/consultations/commentaires-2"),
    ] {
        let mut form = consultation_form(title);
        form.retain(|(k, _)| *k != "sensors");
        assert_eq!(app.post("/consultations/nouvelle", &form).await.location.as_deref(), Some(address), "{title}");
        assert!(app.get(address).await.text().contains(title), "{title}");
    }
}
on_both_engines!(reserved_words, titles_never_take_the_features_own_addresses);

/// Eight creations of one title at the same moment (a double click, two staff members) all succeed, each with
/// its own address: the free slug is chosen before the row is written, and the loser of the race takes the next.
async fn same_title_created_at_once(app: TestApp) {
    let admin = who(&app, ADMIN.0).await;
    let fields: serde_json::Map<String, serde_json::Value> = consultation_form("Course concurrente")
        .into_iter()
        .filter(|(k, _)| *k != "sensors")
        .map(|(k, v)| (k.to_string(), v.into()))
        .collect();
    let form: app::consultations::rules::ConsultationForm = serde_json::from_value(fields.into()).unwrap();
    let creations = (0..8).map(|_| app::consultations::service::create(&app.state, Some(&admin), &form, &[]));
    let mut slugs: Vec<String> = futures::future::join_all(creations).await.into_iter().map(Result::unwrap).collect();
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 8, "{slugs:?}");
    let budget = app::budgets::form::BudgetForm {
        title: "Budget concurrent".into(),
        amount: "10000".into(),
        ballot_kind: "approval".into(),
        rule: "greedy".into(),
        ..Default::default()
    };
    let creations = (0..8).map(|_| app::budgets::voting::create(&app.state, Some(&admin), &budget));
    let mut slugs: Vec<String> = futures::future::join_all(creations).await.into_iter().map(Result::unwrap).collect();
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 8, "{slugs:?}");
}
on_both_engines!(same_title, same_title_created_at_once);
