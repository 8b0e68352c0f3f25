//! Participatory budgets on SQLite and on PostgreSQL: real cities' files imported, counted under their rule
//! (the official winners), published as pabulib with random voter ids, and read back to the same budget.

use crate::common;

use app::budgets::pabulib::{parse, PbFile};
use app::budgets::service::{export_pabulib, import_pabulib, ImportError};
use common::TestApp;
use std::collections::BTreeMap;
use std::path::Path;

fn file(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pabulib").join(name)).unwrap()
}

fn official(f: &PbFile) -> Vec<String> {
    let mut out: Vec<String> = f
        .projects
        .iter()
        .filter(|p| p.fields.get("selected").is_some_and(|s| s == "1"))
        .map(|p| p.id.clone())
        .collect();
    out.sort();
    out
}

/// Ballots as a multiset of (sorted project ids with points), whatever their voter ids.
fn ballots(f: &PbFile) -> BTreeMap<Vec<(String, i64)>, usize> {
    let mut out = BTreeMap::new();
    for v in &f.votes {
        let mut items: Vec<(String, i64)> =
            v.vote.iter().enumerate().map(|(i, id)| (id.clone(), v.points.get(i).copied().unwrap_or(0))).collect();
        if f.meta("vote_type") != Some("ordinal") {
            items.sort();
        } else {
            // Ranked ballots keep their order; points are not part of them.
            items.iter_mut().for_each(|i| i.1 = 0);
        }
        *out.entry(items).or_default() += 1;
    }
    out
}

/// Keeps a file the export wrote: `bash .cargo/dev.sh test` runs pabulib-checker over them after the tests.
fn keep_export(name: &str, body: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pabulib-exports");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{:016x}-{name}", common::rand_u64())), body).unwrap();
}

const FILES: [&str; 6] = [
    "Poland_Swiecie_2023.pb",                // approval, equal shares with add1
    "Poland_Wieliczka_2023_Green_Budget.pb", // approval, equal shares with add1, compared with greedy
    "Poland_Krakow_2019_Bienczyce.pb",       // ordinal, greedy
    "Poland_Katowice_2021_Giszowiec.pb",     // cumulative, greedy-threshold
    "Poland_Gdynia_2020_Orlowo__small.pb",   // approval, greedy-no-skip with a minimum support
    "Poland_Wroclaw_2016_Rejon_nr_9_750.pb", // choose-1, greedy-no-skip
];

async fn import_count_export_round_trip(mut app: TestApp) {
    // A missing coordinate, then a number, through one prepared statement on one connection (sqlx's `Any` sends
    // a bare missing f64 typed `real` to PostgreSQL, and the number after it then fails): the budgets and sensors
    // bind coordinates through `db::OptF64`.
    let mut conn = app.state.db.pool.acquire().await.unwrap();
    for value in [None, Some(50.22542019219434), None] {
        let (back,): (Option<f64>,) = sqlx::query_as("SELECT CAST($1 AS DOUBLE PRECISION)")
            .bind(app::db::OptF64(value))
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(back, value);
    }
    drop(conn);
    for name in FILES {
        let text = file(name);
        let original = parse(&text).unwrap();
        let imported = import_pabulib(&app.state.db, &text).await.unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!((imported.projects, imported.ballots), (original.projects.len(), original.votes.len()), "{name}");
        let mut winners = imported.winners.clone().unwrap_or_else(|e| panic!("{name}: {e}"));
        winners.sort();
        assert_eq!(winners, official(&original), "{name}: the official winners, from the stored ballots");

        // Published over HTTP, with random voter ids and the outcome in `selected`.
        let page = app.get(&format!("/budgets/{}/export.pb", imported.slug)).await;
        assert_eq!(page.status, 200, "{name}");
        assert!(page.content_type.starts_with("text/plain"), "{name}");
        keep_export(name, &page.body);
        let exported = parse(&page.body).unwrap_or_else(|e| panic!("{name}: {e}\n{}", page.body));
        assert_eq!(official(&exported), official(&original), "{name}: selected");
        assert_eq!(ballots(&exported), ballots(&original), "{name}: the same ballots");
        assert_eq!(exported.budget(), original.budget(), "{name}");
        assert_eq!(exported.meta("rule"), original.meta("rule"), "{name}");
        let original_ids: std::collections::HashSet<&str> =
            original.votes.iter().map(|v| v.voter_id.as_str()).collect();
        assert!(exported.votes.iter().all(|v| !original_ids.contains(v.voter_id.as_str())), "{name}: new voter ids");
        let costs = |f: &PbFile| f.projects.iter().map(|p| (p.id.clone(), p.cost)).collect::<Vec<_>>();
        assert_eq!(costs(&exported), costs(&original), "{name}: projects in the published order");
        // Paper and internet ballots are counted by channel, never marked one by one (a lone kiosk ballot would
        // be its voter's); counts under five are withheld.
        assert!(exported.votes.iter().all(|v| !v.fields.contains_key("voting_method")), "{name}: channel per ballot");
        // pabulib has no field for them: they are the last of the file's numbered comments.
        let comment = exported.meta("comment").unwrap_or_default();
        let counts = comment.rsplit("ballots by channel (a count under 5 is withheld): ").next().unwrap_or_default();
        if original.votes[0].fields.contains_key("voting_method") {
            for method in ["paper", "internet"] {
                let n = original.votes.iter().filter(|v| v.fields["voting_method"].contains(method)).count();
                if n >= 5 {
                    assert!(counts.contains(&format!("{method} {n}")), "{name}: {method} ballots in {comment}");
                }
            }
        }
        if let Some(before) = original.meta("comment") {
            assert!(comment.starts_with(before.trim_end()), "{name}: the city's own comments kept first");
        }

        // The published file imports back to the same outcome.
        let again = import_pabulib(&app.state.db, &page.body).await.unwrap();
        assert_ne!(again.slug, imported.slug);
        let mut winners_again = again.winners.unwrap();
        winners_again.sort();
        assert_eq!(winners_again, winners, "{name}: round trip");
    }

    // What cannot be imported is refused whole, with the reason, and leaves nothing behind.
    let before: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM budgets").fetch_one(&app.state.db.pool).await.unwrap();
    let broken = file("Poland_Swiecie_2023.pb").replace("v2553;", "v2553;c99,");
    match import_pabulib(&app.state.db, &broken).await {
        Err(ImportError::File(why)) => assert!(why.contains("unknown project c99"), "{why}"),
        other => panic!("{other:?}"),
    }
    let after: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM budgets").fetch_one(&app.state.db.pool).await.unwrap();
    assert_eq!(before, after);
    // A custom rule is imported, but not counted under it; the comparison rules are.
    let poznan = import_pabulib(&app.state.db, &file("Poland_Poznan_2023_9_-_Stare_Miasto.pb")).await.unwrap();
    assert!(poznan.winners.unwrap_err().contains("greedy-custom"));
    let rules: Vec<(String,)> = sqlx::query_as(
        "SELECT t.rule FROM budget_tallies t JOIN budget_envelopes e ON e.id = t.envelope_id \
         JOIN budgets b ON b.id = e.budget_id WHERE b.slug = $1 ORDER BY t.rule",
    )
    .bind(&poznan.slug)
    .fetch_all(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(rules, [("equalshares/add1".to_string(),), ("greedy".to_string(),)]);
    assert_eq!(app.get("/budgets/nothing-here/export.pb").await.status, 404);
    assert!(export_pabulib(&app.state.db, "nothing-here", None).await.is_err());
}
on_both_engines!(round_trip, import_count_export_round_trip);

mod life {
    use super::common::consultations::{district_id, resident, who, ADMIN};
    use super::common::TestApp;
    use app::budgets::form::BudgetForm;
    use app::budgets::paper;
    use app::budgets::voting::{self, ProjectForm};
    use app::budgets::{Phase, ProjectStatus};
    use app::error::AppError;
    use app::participation::Channel;

    fn fields(e: AppError) -> Vec<String> {
        match e {
            AppError::Invalid(errors) => errors.into_iter().map(|e| e.key).collect(),
            other => panic!("{other:?}"),
        }
    }

    async fn scalar(app: &TestApp, sql: &str) -> i64 {
        let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&app.state.db.pool).await.unwrap();
        n
    }

    /// Removes the demo town's budget, so that counts below are this test's own.
    async fn without_demo_budget(app: &TestApp) {
        for table in [
            "budget_results",
            "budget_tallies",
            "budget_ballot_items",
            "budget_ballots",
            "budget_participations",
            "budget_paper_entries",
            "budget_paper_batches",
            "budget_projects",
            "budget_envelopes",
            "budgets",
        ] {
            sqlx::query(&format!("DELETE FROM {table}")).execute(&app.state.db.pool).await.unwrap();
        }
    }

    /// Create → proposals → review → voting (rules locked) → cast, change, refusals → close (unlinked) →
    /// results counted from the ballots.
    pub async fn a_budget_from_proposals_to_results(app: TestApp) {
        without_demo_budget(&app).await;
        let state = &app.state;
        let centre = district_id(&app, "centre-ville").await;
        let gare = district_id(&app, "la-gare").await;
        for (email, district) in [("ana@exemple.fr", centre), ("ben@exemple.fr", centre), ("cyd@exemple.fr", gare)] {
            resident(&app, email, "Habitant", Some(district)).await;
        }
        let admin = who(&app, ADMIN.0).await;
        let ana = who(&app, "ana@exemple.fr").await;
        let ben = who(&app, "ben@exemple.fr").await;
        let cyd = who(&app, "cyd@exemple.fr").await;

        let form = BudgetForm {
            title: "Budget participatif 2027".into(),
            amount: "1 000".into(),
            districts: "centre-ville | 500".into(),
            ballot_kind: "knapsack".into(),
            rule: "equalshares/add1".into(),
            ..BudgetForm::default()
        };
        // Residents cannot create one; bad input names its fields and stores nothing.
        assert!(matches!(voting::create(state, Some(&ana), &form).await, Err(AppError::Forbidden)));
        let bad = BudgetForm { districts: "nulle-part | 500".into(), ..form.clone() };
        assert_eq!(
            fields(voting::create(state, Some(&admin), &bad).await.unwrap_err()),
            ["error-budget-unknown-district"]
        );
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budgets").await, 0);
        let slug = voting::create(state, Some(&admin), &form).await.unwrap();
        let envelopes: Vec<(i64, Option<i64>)> =
            sqlx::query_as("SELECT id, district_id FROM budget_envelopes ORDER BY position")
                .fetch_all(&state.db.pool)
                .await
                .unwrap();
        let (town, centre_envelope) = (envelopes[0].0, envelopes[1].0);
        assert_eq!(envelopes[1].1, Some(centre));

        // Projects: three in the town's envelope, one in the centre's.
        let project = |title: &str, cost: &str, envelope: i64| ProjectForm {
            title: title.into(),
            body: "Pour tout le monde.".into(),
            cost: cost.into(),
            envelope: envelope.to_string(),
            ..ProjectForm::default()
        };
        let bad = ProjectForm { latitude: "91".into(), longitude: "2".into(), ..project("Bancs", "0", town) };
        assert_eq!(
            fields(voting::submit(state, Some(&ana), &slug, &bad, &[]).await.unwrap_err()),
            ["error-budget-amount", "error-project-location"]
        );
        let bancs = voting::submit(state, Some(&ana), &slug, &project("Bancs", "400", town), &[]).await.unwrap();
        let arbres = voting::submit(state, Some(&ben), &slug, &project("Arbres", "600 €", town), &[]).await.unwrap();
        let fontaine = voting::submit(state, Some(&cyd), &slug, &project("Fontaine", "500", town), &[]).await.unwrap();
        let jeux =
            voting::submit(state, Some(&ben), &slug, &project("Jeux", "300", centre_envelope), &[]).await.unwrap();

        voting::move_to(state, Some(&admin), &slug, Phase::Review).await.unwrap();
        assert!(voting::submit(state, Some(&ana), &slug, &project("Tard", "100", town), &[]).await.is_err());
        // A refusal needs a public reason; a revised cost replaces the estimate.
        assert_eq!(
            fields(
                voting::review(state, Some(&admin), fontaine, ProjectStatus::Unfeasible, " ", "", None)
                    .await
                    .unwrap_err()
            ),
            ["error-project-review-reason"]
        );
        voting::review(state, Some(&admin), fontaine, ProjectStatus::Unfeasible, "Réseau d'eau absent", "", None)
            .await
            .unwrap();
        voting::review(state, Some(&admin), bancs, ProjectStatus::Feasible, "Chiffré par les services", "450", None)
            .await
            .unwrap();
        for p in [arbres, jeux] {
            voting::review(state, Some(&admin), p, ProjectStatus::Feasible, "", "", None).await.unwrap();
        }
        assert!(voting::review(state, Some(&ana), jeux, ProjectStatus::Feasible, "", "", None).await.is_err());

        // Voting opens: the rules are locked, reviews closed.
        assert!(voting::cast(state, Some(&ana), &slug, town, &[(bancs, 1)], Channel::Web).await.is_err());
        voting::move_to(state, Some(&admin), &slug, Phase::Voting).await.unwrap();
        assert!(voting::review(state, Some(&admin), jeux, ProjectStatus::Unfeasible, "Trop tard", "", None)
            .await
            .is_err());
        // Knapsack: 450 + 600 > 1,000 (every violation at once); the unfeasible fountain is not on the ballot.
        assert_eq!(
            fields(
                voting::cast(state, Some(&ana), &slug, town, &[(bancs, 1), (arbres, 1)], Channel::Web)
                    .await
                    .unwrap_err()
            ),
            ["ballot-error-over-envelope"]
        );
        assert_eq!(
            fields(voting::cast(state, Some(&ana), &slug, town, &[(fontaine, 1)], Channel::Web).await.unwrap_err()),
            ["ballot-error-unknown-project"]
        );
        let first = voting::cast(state, Some(&ana), &slug, town, &[(bancs, 1)], Channel::Web).await.unwrap();
        assert_eq!(voting::my_ballot(state, Some(&ana), town).await.unwrap(), Some(vec![(bancs, 1)]));
        // Changing the ballot keeps one ballot, with a new receipt.
        let second = voting::cast(state, Some(&ana), &slug, town, &[(arbres, 1)], Channel::Web).await.unwrap();
        assert_ne!(first, second);
        assert!(!voting::check_receipt(state, &slug, &first).await.unwrap());
        assert!(voting::check_receipt(state, &slug, &second.to_lowercase()).await.unwrap());
        assert_eq!(voting::my_ballot(state, Some(&ana), town).await.unwrap(), Some(vec![(arbres, 1)]));
        voting::cast(state, Some(&ben), &slug, town, &[(arbres, 1)], Channel::Kiosk).await.unwrap();
        voting::cast(state, Some(&cyd), &slug, town, &[(bancs, 1)], Channel::Web).await.unwrap();
        // The centre's envelope is for its residents only.
        voting::cast(state, Some(&ben), &slug, centre_envelope, &[(jeux, 1)], Channel::Web).await.unwrap();
        assert_eq!(
            fields(
                voting::cast(state, Some(&cyd), &slug, centre_envelope, &[(jeux, 1)], Channel::Web).await.unwrap_err()
            ),
            ["ballot-error-not-eligible"]
        );
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budget_ballots").await, 4);
        // While voting, a key joins each participation to its ballot (so it can be changed)…
        let joined =
            "SELECT COUNT(*) FROM budget_participations p JOIN budget_ballots b ON b.ballot_key = p.ballot_key";
        assert_eq!(scalar(&app, joined).await, 4);

        // …closing the vote destroys it: no column of either table joins a person to a ballot.
        voting::move_to(state, Some(&admin), &slug, Phase::Counting).await.unwrap();
        assert_eq!(scalar(&app, joined).await, 0);
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budget_ballots WHERE ballot_key IS NOT NULL").await, 0);
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budget_participations WHERE ballot_key IS NOT NULL").await, 0);
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budget_participations").await, 4);
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budget_ballot_items").await, 4);
        assert_eq!(voting::my_ballot(state, Some(&ana), town).await.unwrap(), None);
        assert!(voting::cast(state, Some(&ana), &slug, town, &[(bancs, 1)], Channel::Web).await.is_err());
        assert!(voting::check_receipt(state, &slug, &second).await.unwrap(), "receipts still prove counting");

        // Results are counted from the ballots: arbres (2 votes, 600) then bancs (1 vote, 450) does not fit in
        // what greedy leaves (400); under equal shares with add1 both supporters' shares pay for arbres.
        voting::move_to(state, Some(&admin), &slug, Phase::Results).await.unwrap();
        let funded: Vec<(i64, String)> = sqlx::query_as(
            "SELECT project_id, rule FROM budget_results WHERE funded = 1 AND envelope_id = $1 ORDER BY rule, funded_rank",
        )
        .bind(town)
        .fetch_all(&state.db.pool)
        .await
        .unwrap();
        assert!(funded.contains(&(arbres, "greedy".to_string())), "{funded:?}");
        assert!(!funded.contains(&(bancs, "greedy".to_string())), "{funded:?}");
        assert!(funded.iter().all(|(p, _)| *p != fontaine));
        // Counted again twice at once (staff publishing from two instances): one set of results, the same.
        let results = "SELECT COUNT(*) FROM budget_results";
        let (tallies, rows) = (scalar(&app, "SELECT COUNT(*) FROM budget_tallies").await, scalar(&app, results).await);
        let budget_id = scalar(&app, "SELECT id FROM budgets").await;
        let (first, second_count) = tokio::join!(
            app::budgets::service::count(&state.db, budget_id),
            app::budgets::service::count(&state.db, budget_id)
        );
        assert!(first.is_ok() && second_count.is_ok(), "{first:?} {second_count:?}");
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budget_tallies").await, tallies);
        assert_eq!(scalar(&app, results).await, rows);
        let export = app::budgets::service::export_pabulib(&state.db, &slug, Some(town)).await.unwrap();
        super::keep_export("lifecycle.pb", &export);
        let file = app::budgets::pabulib::parse(&export).unwrap();
        assert_eq!(file.votes.len(), 3);
        assert_eq!(file.projects.len(), 2, "only the projects on the ballot");
        // One kiosk ballot in the envelope: its channel is withheld, and no ballot says how it came.
        assert!(file.meta("comment").is_some_and(|c| c.contains("kiosk <5")), "{:?}", file.meta("comment"));
        // What pabulib requires of a budget Clairvoie ran: the town, the year and the voting dates.
        assert!(file.meta("unit").is_some_and(|u| !u.is_empty()), "{export}");
        let year = file.meta("instance").unwrap_or_default().to_string();
        assert!(file.meta("date_end").is_some_and(|d| d.len() == 10 && d.ends_with(&year)), "{export}");
        assert!(file.meta("date_begin").is_some_and(|d| d.len() == 10), "{export}");
        assert!(file.votes.iter().all(|v| !v.fields.contains_key("voting_method")));
        // A budget whose phase times were never kept (moved through its phases before they were): no voting dates
        // rather than 1 January 1970, and the edition of the export's year.
        sqlx::query("UPDATE budgets SET locked_at = NULL, closed_at = NULL").execute(&state.db.pool).await.unwrap();
        let undated = app::budgets::service::export_pabulib(&state.db, &slug, Some(town)).await.unwrap();
        let file = app::budgets::pabulib::parse(&undated).unwrap();
        assert!(!undated.contains("1970"), "{undated}");
        assert_eq!((file.meta("date_begin"), file.meta("date_end")), (None, None), "{undated}");
        let this_year = app::format::date_of(app::db::now()).year.to_string();
        assert_eq!(file.meta("instance"), Some(this_year.as_str()), "{undated}");
        let audit = scalar(
            &app,
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('budget_create', 'budget_phase', 'project_review')",
        )
        .await;
        assert_eq!(audit, 1 + 4 + 4);
    }

    /// Paper ballots: a batch entered twice by two people, discrepancies resolved from the paper, void ballots left
    /// out, counted once; residents who voted on paper cannot vote online, and the other way round.
    pub async fn paper_ballots_entered_twice(app: TestApp) {
        without_demo_budget(&app).await;
        let state = &app.state;
        resident(&app, "web@exemple.fr", "Habitante", None).await;
        resident(&app, "papier@exemple.fr", "Habitant", None).await;
        app::accounts::service::ensure_account(
            state,
            "second@exemple.fr",
            "Agent",
            "un mot de passe assez long",
            &[app::access::Role::Admin],
            None,
        )
        .await
        .unwrap();
        app::accounts::service::ensure_account(
            state,
            "tierce@exemple.fr",
            "Arbitre",
            "un mot de passe assez long",
            &[app::access::Role::Admin],
            None,
        )
        .await
        .unwrap();
        let admin = who(&app, ADMIN.0).await;
        let second = who(&app, "second@exemple.fr").await;
        let third = who(&app, "tierce@exemple.fr").await;
        let web = who(&app, "web@exemple.fr").await;
        let on_paper = who(&app, "papier@exemple.fr").await;
        let form = BudgetForm {
            title: "Budget des écoles".into(),
            amount: "1 000".into(),
            ballot_kind: "approval".into(),
            max_choices: "2".into(),
            rule: "greedy".into(),
            ..BudgetForm::default()
        };
        let slug = voting::create(state, Some(&admin), &form).await.unwrap();
        let (town,): (i64,) =
            sqlx::query_as("SELECT id FROM budget_envelopes").fetch_one(&state.db.pool).await.unwrap();
        let mut ids = vec![];
        for title in ["Cour verte", "Préau", "Piscine"] {
            let p = ProjectForm {
                title: title.into(),
                body: "…".into(),
                cost: "300".into(),
                envelope: town.to_string(),
                ..ProjectForm::default()
            };
            ids.push(voting::submit(state, Some(&web), &slug, &p, &[]).await.unwrap());
        }
        voting::move_to(state, Some(&admin), &slug, Phase::Review).await.unwrap();
        voting::review(state, Some(&admin), ids[0], ProjectStatus::Feasible, "", "", None).await.unwrap();
        voting::review(state, Some(&admin), ids[1], ProjectStatus::Feasible, "", "", None).await.unwrap();
        voting::review(state, Some(&admin), ids[2], ProjectStatus::Unfeasible, "Hors compétence", "", None)
            .await
            .unwrap();
        assert_eq!(
            fields(paper::open_batch(state, Some(&admin), town, "Urne 1", "4").await.unwrap_err()),
            ["error-paper-phase"]
        );
        voting::move_to(state, Some(&admin), &slug, Phase::Voting).await.unwrap();

        // One person, one ballot across channels.
        voting::cast(state, Some(&web), &slug, town, &[(ids[0], 1)], Channel::Web).await.unwrap();
        assert_eq!(
            fields(paper::mark_voter(state, Some(&admin), town, "web@exemple.fr").await.unwrap_err()),
            ["error-paper-already-voted"]
        );
        paper::mark_voter(state, Some(&admin), town, "papier@exemple.fr").await.unwrap();
        assert_eq!(
            fields(voting::cast(state, Some(&on_paper), &slug, town, &[(ids[1], 1)], Channel::Web).await.unwrap_err()),
            ["ballot-error-voted-on-paper"]
        );
        assert_eq!(
            fields(paper::mark_voter(state, Some(&admin), town, "personne@exemple.fr").await.unwrap_err()),
            ["error-paper-no-account"]
        );

        // A batch of four papers, entered twice.
        assert!(paper::open_batch(state, Some(&web), town, "Urne 1", "4").await.is_err());
        assert_eq!(
            fields(paper::open_batch(state, Some(&admin), town, " ", "0").await.unwrap_err()),
            ["error-paper-label", "error-paper-size"]
        );
        let batch = paper::open_batch(state, Some(&admin), town, "Urne 1", "4").await.unwrap();
        let entries = |texts: [&str; 4]| -> Vec<(i64, String)> {
            texts.iter().enumerate().map(|(i, t)| (i as i64 + 1, t.to_string())).collect()
        };
        assert_eq!(
            fields(
                paper::enter(state, Some(&admin), batch, 1, &[(5, "1".into()), (1, "1:2".into())]).await.unwrap_err()
            ),
            ["error-paper-number", "error-paper-unreadable"]
        );
        paper::enter(state, Some(&admin), batch, 1, &entries(["1, 2", "1", "", "3"])).await.unwrap();
        assert_eq!(
            fields(paper::count_batch(state, Some(&admin), batch).await.unwrap_err()),
            ["error-paper-incomplete"]
        );
        // The same person cannot make both entries, even racing past the service's check (the database refuses).
        let mut conn = state.db.pool.acquire().await.unwrap();
        assert!(!app::budgets::queries::paper::claim_pass(&mut conn, batch, 2, admin.id).await.unwrap());
        drop(conn);
        assert_eq!(
            fields(paper::enter(state, Some(&admin), batch, 2, &entries(["1, 2", "1", "", "3"])).await.unwrap_err()),
            ["error-paper-same-person"]
        );
        paper::enter(state, Some(&second), batch, 2, &entries(["2,1", "2", "", "3"])).await.unwrap();
        let open = paper::discrepancies(state, Some(&admin), batch).await.unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!((open[0].seq, open[0].first.as_deref(), open[0].second.as_deref()), (2, Some("1"), Some("2")));
        assert_eq!(
            fields(paper::count_batch(state, Some(&admin), batch).await.unwrap_err()),
            ["error-paper-unresolved"]
        );
        assert!(paper::resolve(state, Some(&third), batch, 1, "1").await.is_err(), "only discrepancies are resolved");
        // Neither typist settles the discrepancy: a third person reads the paper.
        for typist in [&admin, &second] {
            assert_eq!(
                fields(paper::resolve(state, Some(typist), batch, 2, "2").await.unwrap_err()),
                ["error-paper-resolver"]
            );
        }
        paper::resolve(state, Some(&third), batch, 2, "2").await.unwrap();
        let counted = paper::count_batch(state, Some(&second), batch).await.unwrap();
        assert_eq!(counted, paper::BatchCount { counted: 3, blank: 1, void: 1 });
        assert_eq!(fields(paper::count_batch(state, Some(&admin), batch).await.unwrap_err()), ["error-paper-counted"]);
        assert_eq!(
            scalar(&app, "SELECT COUNT(*) FROM budget_ballots WHERE channel = 'paper' AND batch_id IS NOT NULL").await,
            3
        );
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budget_ballots").await, 4);

        // The count includes them: Cour verte 1 (web) + 1 (paper) = 2, Préau 2 (paper). Four papers, one paper
        // voter recorded: the difference is explained, by someone who typed no batch, before results are out.
        voting::move_to(state, Some(&admin), &slug, Phase::Counting).await.unwrap();
        assert_eq!(
            fields(voting::move_to(state, Some(&admin), &slug, Phase::Results).await.unwrap_err()),
            ["error-paper-unexplained"]
        );
        assert_eq!(
            fields(paper::explain(state, Some(&second), town, "Trois votants non émargés.").await.unwrap_err()),
            ["error-paper-explainer"]
        );
        paper::explain(state, Some(&third), town, "Trois votants non émargés.").await.unwrap();
        voting::move_to(state, Some(&admin), &slug, Phase::Results).await.unwrap();
        let scores: Vec<(i64, i64)> =
            sqlx::query_as("SELECT project_id, score FROM budget_results WHERE rule = 'greedy' ORDER BY project_id")
                .fetch_all(&state.db.pool)
                .await
                .unwrap();
        assert_eq!(scores, [(ids[0], 2), (ids[1], 2)]);
        assert!(paper::open_batch(state, Some(&admin), town, "Urne 2", "1").await.is_err(), "not after the results");
        // Every step of the paper count is in the audit log (ids only), with who took it.
        let trail: Vec<(String, Option<i64>)> =
            sqlx::query_as("SELECT action, actor_id FROM audit_log WHERE action LIKE 'paper%' ORDER BY seq")
                .fetch_all(&state.db.pool)
                .await
                .unwrap();
        let (a, s, t) = (Some(admin.id), Some(second.id), Some(third.id));
        assert_eq!(
            trail,
            [
                ("paper_voter".to_string(), a),
                ("paper_batch_open".to_string(), a),
                ("paper_pass".to_string(), a),
                ("paper_pass".to_string(), s),
                ("paper_resolve".to_string(), t),
                ("paper_count".to_string(), s),
                ("paper_explain".to_string(), t),
            ]
        );
        assert!(app::audit::verify(&state.db, None).await.unwrap().broken.is_none());
    }
}
on_both_engines!(lifecycle, life::a_budget_from_proposals_to_results);
on_both_engines!(paper_entry, life::paper_ballots_entered_twice);

/// The public pages: the list, a counted budget's results with a reason for every project, the comparison of
/// rules for officials only, the published file linked; an unknown budget is a 404.
async fn pages_show_results_and_reasons(mut app: TestApp) {
    use common::consultations::{ADMIN, RESIDENT};
    let list = app.get("/budgets").await;
    assert_eq!(list.status, 200);
    let title = "Budget participatif de Toulouse 2022 — Mirail-Université, Reynerie, Bellefontaine";
    assert!(list.text().contains(title), "{}", list.text());
    let (slug,): (String,) = sqlx::query_as("SELECT slug FROM budgets").fetch_one(&app.state.db.pool).await.unwrap();
    let page = app.get(&format!("/budgets/{slug}")).await;
    assert_eq!(page.status, 200);
    let text = page.text();
    // Greedy over 400,000 €: the official winners, each with its reason; the others with theirs.
    for needle in [
        "Règle de dépouillement : Par nombre de voix (règle gloutonne)",
        "93 bulletins comptés",
        "Pépinière-jardin du quartier Reynerie-Bellefontaine",
        "Financé : son tour est venu en position",
        "Non financé : budget restant insuffisant",
        "Refaire le calcul soi-même",
    ] {
        assert!(text.contains(needle), "{needle}\n{text}");
    }
    assert!(page.body.contains(&format!("/budgets/{slug}/export.pb")));
    assert!(!text.contains("Comparer les règles"), "residents do not get the comparison");
    app.sign_in(RESIDENT.0, RESIDENT.1).await;
    assert!(!app.get(&format!("/budgets/{slug}")).await.text().contains("Comparer les règles"));
    app.new_visitor();
    app.sign_in(ADMIN.0, ADMIN.1).await;
    let official = app.get(&format!("/budgets/{slug}")).await.text();
    assert!(
        official.contains("Comparer les règles") && official.contains("Méthode des parts égales, complétée"),
        "{official}"
    );
    assert_eq!(app.get("/budgets/nulle-part").await.status, 404);
}
on_both_engines!(pages, pages_show_results_and_reasons);
