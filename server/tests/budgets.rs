//! Participatory budgets on SQLite and on PostgreSQL: real cities' files imported, counted under their rule
//! (the official winners), published as pabulib with random voter ids, and read back to the same budget.

mod common;

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

const FILES: [&str; 5] = [
    "Poland_Swiecie_2023.pb",                // approval, equal shares with add1
    "Poland_Krakow_2019_Bienczyce.pb",       // ordinal, greedy
    "Poland_Katowice_2021_Giszowiec.pb",     // cumulative, greedy-threshold
    "Poland_Gdynia_2020_Orlowo__small.pb",   // approval, greedy-no-skip with a minimum support
    "Poland_Wroclaw_2016_Rejon_nr_9_750.pb", // choose-1, greedy-no-skip
];

async fn import_count_export_round_trip(mut app: TestApp) {
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
        // Paper and internet ballots keep their channel.
        let methods = |f: &PbFile| {
            let mut m: Vec<String> =
                f.votes.iter().map(|v| v.fields.get("voting_method").cloned().unwrap_or_default()).collect();
            m.sort();
            m
        };
        if original.votes[0].fields.contains_key("voting_method") {
            assert_eq!(methods(&exported), methods(&original), "{name}: channels");
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
    app.cleanup().await;
}
on_both_engines!(round_trip, import_count_export_round_trip);
