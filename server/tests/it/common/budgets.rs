//! A participatory budget set up through the budgets' use cases, for tests of other features.

use super::consultations::{who, ADMIN};
use super::TestApp;
use app::budgets::form::BudgetForm;
use app::budgets::voting::{self, ProjectForm};
use app::budgets::{Phase, ProjectStatus};

/// A budget open to votes: approval ballots, one town-wide envelope of `amount`, one feasible project per title,
/// each costing `cost`. Its slug, its envelope and its projects' ids.
pub async fn in_voting(
    app: &TestApp,
    title: &str,
    amount: &str,
    cost: &str,
    projects: &[&str],
) -> (String, i64, Vec<i64>) {
    let form = BudgetForm {
        title: title.into(),
        amount: amount.into(),
        ballot_kind: "approval".into(),
        rule: "greedy".into(),
        ..BudgetForm::default()
    };
    in_voting_with(app, form, cost, projects).await
}

/// A budget of `form` (its first envelope the town's) open to votes, with one feasible project per title in its
/// first envelope, each costing `cost`. Its slug, that envelope and the projects' ids.
pub async fn in_voting_with(app: &TestApp, form: BudgetForm, cost: &str, projects: &[&str]) -> (String, i64, Vec<i64>) {
    let state = &app.state;
    let admin = who(app, ADMIN.0).await;
    let slug = voting::create(state, Some(&admin), &form).await.unwrap();
    let (envelope,): (i64,) = sqlx::query_as(
        "SELECT e.id FROM budget_envelopes e JOIN budgets b ON b.id = e.budget_id WHERE b.slug = $1 \
         ORDER BY e.position LIMIT 1",
    )
    .bind(&slug)
    .fetch_one(&state.db.pool)
    .await
    .unwrap();
    let mut ids = vec![];
    for title in projects {
        let project = ProjectForm {
            title: title.to_string(),
            body: "Pour tout le monde.".into(),
            cost: cost.into(),
            envelope: envelope.to_string(),
            ..ProjectForm::default()
        };
        ids.push(voting::submit(state, Some(&admin), &slug, &project, &[]).await.unwrap());
    }
    voting::move_to(state, Some(&admin), &slug, Phase::Review).await.unwrap();
    for p in &ids {
        voting::review(state, Some(&admin), *p, ProjectStatus::Feasible, "", "", None).await.unwrap();
    }
    voting::move_to(state, Some(&admin), &slug, Phase::Voting).await.unwrap();
    (slug, envelope, ids)
}
