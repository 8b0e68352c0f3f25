//! Attacks on votes (issue 20), each written as the attacker would try it and named after what it protects.

use crate::common;

use app::budgets::form::BudgetForm;
use app::budgets::voting;
use app::budgets::Phase;
use app::participation::Channel;
use axum::http::StatusCode;
use common::budgets::in_voting_with;
use common::consultations::{resident, who, ADMIN, PASSWORD};
use common::TestApp;

async fn scalar(app: &TestApp, sql: &str, bind: i64) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).bind(bind).fetch_one(&app.state.db.pool).await.unwrap();
    n
}

/// A cumulative ballot of 10 points without a per-project cap, projects A and B.
async fn cumulative(app: &TestApp) -> (String, i64, Vec<i64>) {
    let form = BudgetForm {
        title: "Budget à points".into(),
        amount: "1 000".into(),
        ballot_kind: "cumulative".into(),
        max_points: "10".into(),
        rule: "greedy".into(),
        ..BudgetForm::default()
    };
    in_voting_with(app, form, "100", &["A", "B"]).await
}

/// `v_A=2&v_B=9223372036854775807` wrapped around the 10-point total in a release build and was accepted; the
/// refused values, kept for the page, then crashed every later load of the ballot. Every hostile number is
/// refused with the ballot's error, nothing is stored, the page still loads; a ballot that reaches the database
/// anyway is set aside at the count, reported, and not counted.
async fn cumulative_points_cannot_overflow_the_total(mut app: TestApp) {
    let (slug, envelope, projects) = cumulative(&app).await;
    let (a, b) = (projects[0].to_string(), projects[1].to_string());
    resident(&app, "ana@exemple.fr", "Ana", None).await;
    app.sign_in("ana@exemple.fr", PASSWORD).await;
    let vote = format!("/budgets/{slug}/vote");
    let page = format!("/budgets/{slug}/vote?enveloppe={envelope}");
    let ballots = "SELECT COUNT(*) FROM budget_ballots WHERE envelope_id = $1";
    let (va, vb) = (format!("v_{a}"), format!("v_{b}"));
    let e = envelope.to_string();
    for hostile in [
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551615",
        "-9223372036854775808",
        "1e30",
        "NaN",
        "+3",
        "-1",
        "3.5",
        "0x7",
    ] {
        let answer = app.post(&vote, &[("enveloppe", &e), (&va, "2"), (&vb, hostile)]).await;
        assert_eq!(answer.status, StatusCode::SEE_OTHER, "{hostile}");
        assert_eq!(scalar(&app, ballots, envelope).await, 0, "{hostile} was stored");
        let shown = app.get(&page).await;
        assert_eq!(shown.status, StatusCode::OK, "the ballot page after refusing {hostile}");
        assert!(shown.text().contains("nombre entier de points"), "{hostile}: {}", shown.text());
    }
    // White space around a number is what a phone keyboard adds: still read.
    let answer = app.post(&vote, &[("enveloppe", &e), (&va, " 3 "), (&vb, "7\t")]).await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert_eq!(scalar(&app, ballots, envelope).await, 1);

    // A ballot that broke the rules and reached the database all the same (points that would wrap).
    let mut tx = app.state.db.pool.begin().await.unwrap();
    let forged = app::budgets::queries::ballots::NewBallot { channel: "web", ..Default::default() };
    let items = [(projects[0], i64::MAX), (projects[1], 2)];
    app::budgets::queries::ballots::insert(&mut tx, "forged", envelope, &forged, &items).await.unwrap();
    tx.commit().await.unwrap();
    let admin = who(&app, ADMIN.0).await;
    voting::move_to(&app.state, Some(&admin), &slug, Phase::Counting).await.unwrap();
    voting::move_to(&app.state, Some(&admin), &slug, Phase::Results).await.unwrap();
    assert_eq!(scalar(&app, "SELECT MIN(rejected) FROM budget_tallies WHERE envelope_id = $1", envelope).await, 1);
    assert_eq!(scalar(&app, "SELECT MAX(ballots) FROM budget_tallies WHERE envelope_id = $1", envelope).await, 1);
    let score = "SELECT score FROM budget_results WHERE envelope_id = $1 AND rule = 'greedy' AND project_id = $2";
    for (project, expected) in [(projects[0], 3), (projects[1], 7)] {
        let (n,): (i64,) =
            sqlx::query_as(score).bind(envelope).bind(project).fetch_one(&app.state.db.pool).await.unwrap();
        assert_eq!(n, expected);
    }
    let results = app.get(&format!("/budgets/{slug}")).await;
    assert!(results.text().contains("1 bulletin a été écarté parce qu'il ne respecte pas les règles du vote"));
}
on_both_engines!(cumulative_overflow, cumulative_points_cannot_overflow_the_total);

/// PostgreSQL let a first ballot whose transaction had read "voting" insert its participation and its ballot,
/// with the voter's key, after the closing transaction had unlinked the others. Here the close is held open
/// (its phase moved and ballots unlinked, not yet committed) while a resident casts: the ballot must wait for
/// the close and then be refused, and nothing may join a person to a ballot afterwards.
async fn a_ballot_cast_during_the_close_never_keeps_its_voter(app: TestApp) {
    let form = BudgetForm {
        title: "Budget de clôture".into(),
        amount: "1 000".into(),
        ballot_kind: "approval".into(),
        rule: "greedy".into(),
        ..BudgetForm::default()
    };
    let (slug, envelope, projects) = in_voting_with(&app, form, "100", &["A", "B"]).await;
    resident(&app, "ana@exemple.fr", "Ana", None).await;
    resident(&app, "ben@exemple.fr", "Ben", None).await;
    let ana = who(&app, "ana@exemple.fr").await;
    let ben = who(&app, "ben@exemple.fr").await;
    voting::cast(&app.state, Some(&ana), &slug, envelope, &[(projects[0], 1)], Channel::Web).await.unwrap();
    let (budget,): (i64,) = sqlx::query_as("SELECT id FROM budgets WHERE slug = $1")
        .bind(&slug)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();

    // The close, as `voting::move_to` does it, held before its commit.
    let mut close = app.state.db.pool.begin().await.unwrap();
    let at = app::db::now();
    assert!(app::budgets::queries::lifecycle::move_phase(&mut close, budget, "voting", "counting", at).await.unwrap());
    app::budgets::queries::ballots::unlink(&mut close, budget).await.unwrap();

    let state = app.state.clone();
    let (slug2, project) = (slug.clone(), projects[1]);
    let cast =
        tokio::spawn(
            async move { voting::cast(&state, Some(&ben), &slug2, envelope, &[(project, 1)], Channel::Web).await },
        );
    // Long enough for the ballot to be written if nothing holds it back.
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    close.commit().await.unwrap();
    let result = tokio::time::timeout(std::time::Duration::from_secs(20), cast).await.expect("the ballot never ended");
    assert!(result.unwrap().is_err(), "a ballot was accepted while the vote was closing");

    let keyed = "SELECT COUNT(*) FROM budget_ballots WHERE envelope_id = $1 AND ballot_key IS NOT NULL";
    assert_eq!(scalar(&app, keyed, envelope).await, 0);
    let keyed = "SELECT COUNT(*) FROM budget_participations WHERE envelope_id = $1 AND ballot_key IS NOT NULL";
    assert_eq!(scalar(&app, keyed, envelope).await, 0);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budget_ballots WHERE envelope_id = $1", envelope).await, 1);
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM budget_participations WHERE envelope_id = $1", envelope).await, 1);
}
on_both_engines!(cast_during_close, a_ballot_cast_during_the_close_never_keeps_its_voter);

/// The envelope check compared with the account's current district, which its owner edits at will: vote in
/// the centre's envelope, move to the station district, vote again in its envelope. The district a resident
/// votes as is pinned at their first ballot in a budget; the same for a consultation reserved to some districts,
/// and for a resident recorded as having voted on paper.
async fn a_change_of_district_never_opens_another_envelope(mut app: TestApp) {
    let centre = common::consultations::district_id(&app, "centre-ville").await;
    let gare = common::consultations::district_id(&app, "la-gare").await;
    let form = BudgetForm {
        title: "Budget des quartiers".into(),
        districts: "centre-ville | 500\nla-gare | 500".into(),
        ballot_kind: "approval".into(),
        rule: "greedy".into(),
        ..BudgetForm::default()
    };
    let (slug, centre_envelope, projects) = in_voting_with(&app, form, "100", &["Bancs"]).await;
    let (gare_envelope,): (i64,) = sqlx::query_as("SELECT id FROM budget_envelopes WHERE district_id = $1")
        .bind(gare)
        .fetch_one(&app.state.db.pool)
        .await
        .unwrap();
    // A project in the station's envelope, added before the vote could not be (the helper opened it): by SQL.
    sqlx::query(
        "INSERT INTO budget_projects (budget_id, envelope_id, position, ref, title, body, category, cost, status, \
         review_note, created_at, updated_at) SELECT budget_id, $1, 1, 'G1', 'Jeux', 'Jeux', '', 10000, 'feasible', '', 0, 0 \
         FROM budget_projects WHERE id = $2",
    )
    .bind(gare_envelope)
    .bind(projects[0])
    .execute(&app.state.db.pool)
    .await
    .unwrap();
    let (jeux,): (i64,) =
        sqlx::query_as("SELECT id FROM budget_projects WHERE ref = 'G1'").fetch_one(&app.state.db.pool).await.unwrap();

    resident(&app, "ana@exemple.fr", "Ana", Some(centre)).await;
    app.sign_in("ana@exemple.fr", PASSWORD).await;
    let vote = format!("/budgets/{slug}/vote");
    let (c, g) = (centre_envelope.to_string(), gare_envelope.to_string());
    app.post(&vote, &[("enveloppe", &c), (&format!("v_{}", projects[0]), "1")]).await;
    let participations = "SELECT COUNT(*) FROM budget_participations WHERE user_id = $1";
    let ana = who(&app, "ana@exemple.fr").await;
    assert_eq!(scalar(&app, participations, ana.id).await, 1);

    // Ana moves (on paper) to the station district, then tries its envelope, by the form and directly.
    let moved = app
        .post("/compte/profil", &[("display_name", "Ana"), ("language", "fr"), ("district_id", &gare.to_string())])
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER);
    assert_eq!(who(&app, "ana@exemple.fr").await.district_id, Some(gare), "the profile change itself is allowed");
    let refused = app.post_and_follow(&vote, &[("enveloppe", &g), (&format!("v_{jeux}"), "1")]).await;
    assert!(refused.text().contains("réservée aux habitants"), "{}", refused.text());
    let ana = who(&app, "ana@exemple.fr").await;
    let direct = voting::cast(&app.state, Some(&ana), &slug, gare_envelope, &[(jeux, 1)], Channel::Kiosk).await;
    assert!(direct.is_err(), "a kiosk ballot in the other district's envelope was accepted");
    assert_eq!(scalar(&app, participations, ana.id).await, 1);
    let ballots = "SELECT COUNT(*) FROM budget_ballots WHERE envelope_id = $1";
    assert_eq!(scalar(&app, ballots, gare_envelope).await, 0);
    // Her own envelope still takes a change of her ballot.
    voting::cast(&app.state, Some(&ana), &slug, centre_envelope, &[(projects[0], 1)], Channel::Web).await.unwrap();
    // The ballot page offers her the envelope she votes in, not the new district's.
    let page = app.get(&format!("/budgets/{slug}/vote?enveloppe={gare_envelope}")).await;
    assert!(!page.body.contains(&format!("name=\"v_{jeux}\"")), "the station's ballot is offered to Ana");

    // Paper: Ben voted on paper in the centre's envelope; moved, he cannot vote in the station's.
    resident(&app, "ben@exemple.fr", "Ben", Some(centre)).await;
    let admin = who(&app, ADMIN.0).await;
    app::budgets::paper::mark_voter(&app.state, Some(&admin), centre_envelope, "ben@exemple.fr").await.unwrap();
    sqlx::query("UPDATE users SET district_id = $1 WHERE email = 'ben@exemple.fr'")
        .bind(gare)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let ben = who(&app, "ben@exemple.fr").await;
    assert!(voting::cast(&app.state, Some(&ben), &slug, gare_envelope, &[(jeux, 1)], Channel::Web).await.is_err());
    assert!(app::budgets::paper::mark_voter(&app.state, Some(&admin), gare_envelope, "ben@exemple.fr").await.is_err());
    assert_eq!(scalar(&app, ballots, gare_envelope).await, 0);

    // A consultation for the centre only: Cyd moves into the centre after voting as a station resident? She
    // could not vote then; Dan voted as a centre resident, moved out, and his changed vote stays a centre vote.
    let centre_text: &'static str = Box::leak(centre.to_string().into_boxed_str());
    let page = common::consultations::open_consultation(
        &mut app,
        "Capteurs rue Haute",
        &[("districts", centre_text), ("districts_only", "1")],
    )
    .await;
    resident(&app, "dan@exemple.fr", "Dan", Some(centre)).await;
    app.new_visitor();
    app.sign_in("dan@exemple.fr", PASSWORD).await;
    app.post(&format!("{page}/vote"), &[("choice", "for")]).await;
    sqlx::query("UPDATE users SET district_id = $1 WHERE email = 'dan@exemple.fr'")
        .bind(gare)
        .execute(&app.state.db.pool)
        .await
        .unwrap();
    let changed = app.post_and_follow(&format!("{page}/vote"), &[("choice", "against")]).await;
    assert!(changed.text().contains("Votre vote actuel : Contre"), "{}", changed.text());
    let (district,): (Option<i64>,) = sqlx::query_as(
        "SELECT v.district_id FROM consultation_votes v JOIN users u ON u.id = v.user_id WHERE u.email = 'dan@exemple.fr'",
    )
    .fetch_one(&app.state.db.pool)
    .await
    .unwrap();
    assert_eq!(district, Some(centre), "the vote moved to another district with its voter");
}
on_both_engines!(district_hopping, a_change_of_district_never_opens_another_envelope);

/// Receipt-shaped strings (`XXXX-XXXX-XXXX`) in `text`.
fn receipts_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(14)
        .map(|w| w.iter().collect::<String>())
        .filter(|w| app::budgets::rules::is_receipt_code(w))
        .collect()
}

/// The receipt code travelled in the session, whose row names the voter, and SQLite ran without
/// `secure_delete`, leaving the keys that joined voters to ballots in the file's free pages after the close.
/// Now the code goes through a cookie of the voter's browser only, and after the close nothing — table,
/// session, database file or backup — holds a key that joined a person to a ballot.
async fn nothing_joins_a_voter_to_a_ballot_after_the_close(mut app: TestApp) {
    let form = BudgetForm {
        title: "Budget des traces".into(),
        amount: "1 000".into(),
        ballot_kind: "approval".into(),
        rule: "greedy".into(),
        ..BudgetForm::default()
    };
    let (slug, envelope, projects) = in_voting_with(&app, form, "100", &["A", "B"]).await;
    let vote = format!("/budgets/{slug}/vote");
    let e = envelope.to_string();
    let mut codes = vec![];
    for (i, who) in ["ana@exemple.fr", "ben@exemple.fr", "cyd@exemple.fr"].into_iter().enumerate() {
        resident(&app, who, "Votant", None).await;
        app.new_visitor();
        app.sign_in(who, PASSWORD).await;
        let cast = app.post(&vote, &[("enveloppe", &e), (&format!("v_{}", projects[i % 2]), "1")]).await;
        assert_eq!(cast.status, StatusCode::SEE_OTHER);
        // Between the post and the page that shows it, the code is in no session row.
        let sessions: Vec<(String,)> =
            sqlx::query_as("SELECT data FROM sessions").fetch_all(&app.state.db.pool).await.unwrap();
        for (data,) in &sessions {
            assert!(receipts_in(data).is_empty(), "a receipt code stored beside a voter: {data}");
        }
        let shown = app.get(cast.location.as_deref().unwrap()).await.text();
        let code = receipts_in(&shown).pop().unwrap_or_else(|| panic!("no receipt shown: {shown}"));
        // Shown once: the cookie that carried it is gone.
        assert!(receipts_in(&app.get(cast.location.as_deref().unwrap()).await.text()).is_empty());
        codes.push(code);
    }
    let keys: Vec<(String,)> = sqlx::query_as("SELECT ballot_key FROM budget_participations WHERE envelope_id = $1")
        .bind(envelope)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(keys.len(), 3);
    let admin = who(&app, ADMIN.0).await;
    voting::move_to(&app.state, Some(&admin), &slug, Phase::Counting).await.unwrap();
    for code in &codes {
        assert!(voting::check_receipt(&app.state, &slug, code).await.unwrap(), "a receipt still proves counting");
    }
    let joined = "SELECT COUNT(*) FROM budget_participations p JOIN budget_ballots b ON b.ballot_key = p.ballot_key";
    assert_eq!(scalar(&app, &format!("{joined} WHERE p.envelope_id = $1"), envelope).await, 0);
    let sessions: Vec<(String,)> =
        sqlx::query_as("SELECT data FROM sessions").fetch_all(&app.state.db.pool).await.unwrap();
    for (data,) in &sessions {
        for code in &codes {
            assert!(!data.contains(code.as_str()), "a session keeps a receipt code");
        }
    }
    if app.state.db.backend == app::db::Backend::Sqlite {
        // The database's own bytes, its write-ahead log, and a backup taken now.
        let backup = app.dir.join("sauvegarde.db");
        app.state.db.backup_into(&backup.display().to_string()).await.unwrap();
        assert_no_key_in(&[app.dir.join("test.db"), app.dir.join("test.db-wal"), backup], &keys);
    }
}
on_both_engines!(no_leftovers, nothing_joins_a_voter_to_a_ballot_after_the_close);

/// Fails when one of `files` (those that exist) holds one of the ballot `keys` in its bytes.
fn assert_no_key_in(files: &[std::path::PathBuf], keys: &[(String,)]) {
    for file in files {
        let Ok(bytes) = std::fs::read(file) else { continue };
        for (key,) in keys {
            let found = bytes.windows(key.len()).any(|w| w == key.as_bytes());
            assert!(!found, "{} still holds a ballot key after the close", file.display());
        }
    }
}

/// SQLite only (PostgreSQL keeps no write-ahead log in the test's folder). A read left open while the vote
/// closes — an export, a slow page, or the checkpoint task's own copy running at that moment, as in one CI run —
/// made SQLite answer "busy" to the checkpoint that empties its write-ahead log; the close took the answer for a
/// success and left the keys that joined voters to ballots in the log. Here the read stays open past SQLite's
/// busy timeout (5 s); the close must still leave no key on disk once the read has ended.
#[tokio::test]
async fn a_read_open_during_the_close_does_not_keep_ballot_keys_on_disk() {
    let mut app = TestApp::new(common::Engine::Sqlite).await;
    let form = BudgetForm {
        title: "Budget lu pendant la clôture".into(),
        amount: "1 000".into(),
        ballot_kind: "approval".into(),
        rule: "greedy".into(),
        ..BudgetForm::default()
    };
    let (slug, envelope, projects) = in_voting_with(&app, form, "100", &["A", "B"]).await;
    for (i, who) in ["ana@exemple.fr", "ben@exemple.fr"].into_iter().enumerate() {
        resident(&app, who, "Votant", None).await;
        app.new_visitor();
        app.sign_in(who, PASSWORD).await;
        let choice = format!("v_{}", projects[i]);
        let cast =
            app.post(&format!("/budgets/{slug}/vote"), &[("enveloppe", &envelope.to_string()), (&choice, "1")]).await;
        assert_eq!(cast.status, StatusCode::SEE_OTHER);
    }
    let keys: Vec<(String,)> = sqlx::query_as("SELECT ballot_key FROM budget_participations WHERE envelope_id = $1")
        .bind(envelope)
        .fetch_all(&app.state.db.pool)
        .await
        .unwrap();
    assert_eq!(keys.len(), 2);
    let mut reader = app.state.db.pool.acquire().await.unwrap();
    sqlx::query("BEGIN").execute(&mut *reader).await.unwrap();
    let _: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM budget_ballots").fetch_one(&mut *reader).await.unwrap();
    let admin = who(&app, ADMIN.0).await;
    let close = voting::move_to(&app.state, Some(&admin), &slug, Phase::Counting);
    let read = async {
        tokio::time::sleep(std::time::Duration::from_secs(6)).await;
        sqlx::query("COMMIT").execute(&mut *reader).await.unwrap();
    };
    let (closed, ()) = tokio::join!(close, read);
    closed.unwrap();
    assert_no_key_in(&[app.dir.join("test.db"), app.dir.join("test.db-wal")], &keys);
}
