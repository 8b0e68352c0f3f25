//! Governance helpers: a decision form, and a consultation decided through the real router.

use super::consultations::{open_consultation, ADMIN};
use super::TestApp;

/// The decision form's fields with `outcome` on `date`.
pub fn decision<'a>(outcome: &'a str, date: &'a str) -> Vec<(&'a str, &'a str)> {
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

/// Publishes a decision with `outcome` on a new closed consultation; returns the decision's id.
pub async fn decided(app: &mut TestApp, title: &'static str, outcome: &str) -> String {
    let page = open_consultation(app, title, &[]).await;
    app.sign_in(ADMIN.0, ADMIN.1).await;
    app.post_and_follow(&format!("{page}/phase"), &[("to", "closed")]).await;
    let mut fields = decision(outcome, "2026-02-10");
    let slug = page.trim_start_matches("/consultations/").to_string();
    fields.extend([("kind", "consultation"), ("slug", slug.as_str())]);
    let published = app.post("/decisions/nouvelle", &fields).await;
    published.location.unwrap().trim_start_matches("/decisions/").to_string()
}
