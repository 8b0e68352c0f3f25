//! Helpers of the consultation and moderation tests.
#![allow(dead_code)]

use super::TestApp;
use axum::http::StatusCode;

pub const ADMIN: (&str, &str) = ("admin@demo.clairvoie.fr", "demo-admin-clairvoie");
pub const MODERATOR: (&str, &str) = ("moderation@demo.clairvoie.fr", "demo-moderation-clairvoie");
pub const RESIDENT: (&str, &str) = ("habitant@demo.clairvoie.fr", "demo-habitant-clairvoie");
pub const PASSWORD: &str = "un mot de passe assez long";

pub fn consultation_form(title: &'static str) -> Vec<(&'static str, &'static str)> {
    vec![
        ("title", title),
        ("question", "Faut-il installer des capteurs de bruit place du Marché ?"),
        ("body", "Des riverains signalent des **nuisances** nocturnes.\n\n- mesurer\n- publier"),
        ("domain", "environment"),
        ("use_purpose", "Objectiver les nuisances nocturnes"),
        ("use_benefits", "Des mesures partagées avant toute décision"),
        ("use_data", "Niveaux sonores en dB, aucun enregistrement"),
        ("use_retention", "P30D"),
        ("sensors", ""),
        ("planned_sensors", "Deux sonomètres"),
        ("opens_on", "2027-01-10"),
        ("closes_on", "2027-02-10"),
        ("documents", "Étude acoustique | https://ville.example/etude.pdf"),
    ]
}

pub async fn count(app: &TestApp, table: &str) -> i64 {
    let (n,): (i64,) =
        sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&app.state.db.pool).await.unwrap();
    n
}

pub async fn district_id(app: &TestApp, slug: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM districts WHERE slug = $1")
        .bind(slug)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    id
}

/// A verified resident of `district`.
pub async fn resident(app: &TestApp, email: &str, name: &str, district: Option<i64>) {
    app::accounts::service::ensure_account(&app.state, email, name, PASSWORD, &[], district).await.unwrap();
}

/// Creates a consultation as the admin (with `extra` fields) and opens it; returns its address.
pub async fn open_consultation(
    app: &mut TestApp,
    title: &'static str,
    extra: &[(&'static str, &'static str)],
) -> String {
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let mut form = consultation_form(title);
    form.extend_from_slice(extra);
    let answer = app.post("/consultations/nouvelle", &form).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let page = answer.location.unwrap();
    assert!(page.starts_with("/consultations/"), "{page}");
    let opened = app.post_and_follow(&format!("{page}/phase"), &[("to", "open")]).await;
    assert!(opened.text().contains("Ouverte"), "{}", opened.text());
    app.new_visitor();
    page
}

pub async fn comment_ids(app: &TestApp) -> Vec<i64> {
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT id FROM comments ORDER BY id").fetch_all(&app.state.db.pool).await.unwrap();
    rows.into_iter().map(|(id,)| id).collect()
}

/// The account at `email`, as the use cases see it.
pub async fn who(app: &TestApp, email: &str) -> app::ctx::CurrentUser {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    app::accounts::service::current_user(&app.state, id).await.unwrap().unwrap()
}
