//! Real cities' participatory budgets (`tests/pabulib/*.pb`): scores recomputed from the ballots equal the
//! cities' own `votes`/`score` columns, and the winners under the file's rule equal the official `selected`
//! column, for every file whose rule Clairvoie counts with; city-specific rules are refused, not guessed.

use app::budgets::pabulib::{parse, PbFile};
use app::budgets::tally::{tally_file, RuleError, VoteType};
use std::path::Path;

fn files() -> Vec<(String, PbFile)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pabulib");
    let mut out: Vec<(String, PbFile)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pb"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            let file = parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, file)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(out.len(), 21, "the twenty-one files of tests/pabulib");
    out
}

#[test]
fn every_file_parses_with_its_declared_counts() {
    for (name, f) in files() {
        let declared = |k: &str| f.meta(k).and_then(|v| v.trim().parse::<usize>().ok());
        assert_eq!(declared("num_projects"), Some(f.projects.len()), "{name}");
        assert_eq!(declared("num_votes"), Some(f.votes.len()), "{name}");
        assert!(f.budget().is_some_and(|b| b > 0), "{name}");
    }
}

#[test]
fn every_reproducible_rule_gives_the_official_scores_and_winners() {
    let mut reproduced = 0;
    for (name, f) in files() {
        let rule = f.meta("rule").unwrap_or_default().to_string();
        match tally_file(&f, None) {
            Ok(outcome) => {
                let scores = &outcome.scores;
                // The city's own counts: approvals in `votes`, points in `score`.
                let column = match f.meta("vote_type").and_then(VoteType::from_code) {
                    Some(VoteType::Approval | VoteType::ChooseOne) => "votes",
                    _ => "score",
                };
                for (p, score) in f.projects.iter().zip(scores) {
                    if let Some(published) = p.fields.get(column).and_then(|v| v.parse::<i64>().ok()) {
                        assert_eq!(*score, published, "{name}: project {} {column}", p.id);
                    }
                }
                if f.projects.first().is_some_and(|p| p.fields.contains_key("selected")) {
                    let mut ours: Vec<&str> = outcome.funded.iter().map(|&i| f.projects[i].id.as_str()).collect();
                    ours.sort_unstable();
                    assert_eq!(ours, official(&f), "{name} ({rule})");
                    reproduced += 1;
                }
            }
            Err(RuleError::NotReproducible(r)) => {
                assert!(matches!(r.as_str(), "greedy-custom" | "greedy-exclusive" | "unknown"), "{name}: {r}")
            }
            Err(e) => panic!("{name}: {e}"),
        }
    }
    // Toulouse publishes no `selected` column: 16 official outcomes are compared (14 greedy; equal shares with
    // the add1 completion in Świecie and, followed by the comparison with greedy, in Wieliczka).
    assert_eq!(reproduced, 16);
}

/// The city's official winners (the `selected` column), sorted.
fn official(file: &PbFile) -> Vec<&str> {
    let mut out: Vec<&str> = file
        .projects
        .iter()
        .filter(|p| p.fields.get("selected").is_some_and(|s| s.trim() == "1"))
        .map(|p| p.id.as_str())
        .collect();
    out.sort_unstable();
    out
}

fn pb(args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_clairvoie"))
        .arg("pb")
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .expect("the clairvoie binary runs");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

/// `clairvoie pb tally` prints the official winners, one per line, for a greedy file and for equal shares; it
/// refuses a city-specific rule with a clear message unless another rule is asked for; `--explain` gives reasons.
#[test]
fn pb_tally_prints_the_winners_and_refuses_custom_rules() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pabulib");
    for name in ["Poland_Swiecie_2023.pb", "Poland_Gdynia_2020_Orlowo__small.pb", "Poland_Krakow_2019_Bienczyce.pb"] {
        let path = dir.join(name);
        let (ok, out, err) = pb(&["tally", path.to_str().unwrap()]);
        assert!(ok, "{name}: {err}");
        let file = parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut printed: Vec<&str> = out.lines().collect();
        printed.sort_unstable();
        assert_eq!(printed, official(&file), "{name}");
    }
    let swiecie = dir.join("Poland_Swiecie_2023.pb");
    let (ok, out, _) = pb(&["tally", swiecie.to_str().unwrap(), "--explain"]);
    assert!(ok);
    assert!(out.starts_with("rule equalshares/add1;"), "{out}");
    assert!(out.contains("funded by its 1030 supporters"), "{out}");
    // Without the completion, equal shares leaves money unspent in Świecie: fewer projects.
    let (ok, plain, _) = pb(&["tally", swiecie.to_str().unwrap(), "--rule", "equalshares"]);
    assert!(ok);
    assert!(plain.lines().count() < out.lines().filter(|l| l.contains("\tfunded")).count(), "{plain}");
    let poznan = dir.join("Poland_Poznan_2023_9_-_Stare_Miasto.pb");
    let (ok, _, err) = pb(&["tally", poznan.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("\"greedy-custom\" cannot be reproduced"), "{err}");
    let (ok, out, _) = pb(&["tally", poznan.to_str().unwrap(), "--rule", "greedy"]);
    assert!(ok && !out.is_empty());
    let (ok, _, err) = pb(&["tally", "/nonexistent.pb"]);
    assert!(!ok && err.contains("cannot read"), "{err}");
}

/// Wieliczka's 2023 green budget (equal shares, add1 completion, then the comparison with greedy): the city funded
/// 30 projects for 995,079 PLN. Stopping the completion at the first outcome that leaves no room for another
/// project (at 302 PLN per voter) funds 31 for 984,579 PLN (projects 66 and 67 instead of 46); pabulib's
/// completion raises the shares on while the outcome fits, and `--explain` says where and why it stopped.
#[test]
fn wieliczka_2023_is_counted_as_the_city_counted_it() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pabulib/Poland_Wieliczka_2023_Green_Budget.pb");
    let file = parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let outcome = tally_file(&file, None).unwrap();
    let mut funded: Vec<&str> = outcome.funded.iter().map(|&p| file.projects[p].id.as_str()).collect();
    funded.sort_unstable();
    assert_eq!(funded, official(&file));
    assert_eq!(funded.len(), 30);
    assert!(funded.contains(&"46") && !funded.contains(&"66") && !funded.contains(&"67"), "{funded:?}");
    let spent: i64 = outcome.funded.iter().map(|&p| file.projects[p].cost).sum();
    assert_eq!(spent, 99_507_900, "995,079 PLN in cents");
    // Equal shares was kept over greedy.
    assert!(matches!(outcome.comparison, Some((_, _, false))), "{:?}", outcome.comparison);
    let (ok, out, err) = pb(&["tally", path.to_str().unwrap(), "--explain"]);
    assert!(ok, "{err}");
    assert!(out.contains("30 projects funded for 995 079 PLN"), "{out}");
    assert!(out.contains("each voter's share in the run kept: 315 PLN"), "{out}");
    assert!(
        out.contains("it stopped because with a share of 316 PLN the outcome would cost 1 045 079 PLN, more than the budget of 1 000 000 PLN"),
        "{out}"
    );
}

/// The completion as Clairvoie counts it (certified floating point, the exact run where it cannot certify) gives, on every real
/// approval budget, exactly what pabulib's definition gives counted exactly one unit at a time: the same
/// projects, the same share kept, the same stop after the same number of runs.
#[test]
fn add1_as_counted_is_the_exact_one_unit_definition_on_every_real_budget() {
    use app::budgets::equal_shares::{equal_shares_add1, equal_shares_add1_by_units, Ballots};
    let mut compared = 0;
    for (name, f) in files() {
        if f.meta("vote_type") != Some("approval") {
            continue;
        }
        let index: std::collections::HashMap<&str, usize> =
            f.projects.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
        let costs: Vec<i64> = f.projects.iter().map(|p| p.cost).collect();
        let ballots = Ballots::new(
            costs.len(),
            f.votes.iter().map(|v| v.vote.iter().filter_map(|id| index.get(id.as_str()).copied()).collect()),
        );
        let budget = f.budget().unwrap();
        let start = std::time::Instant::now();
        let quick = equal_shares_add1(&costs, &ballots, budget);
        let took = start.elapsed();
        let exact = equal_shares_add1_by_units(&costs, &ballots, budget);
        assert_eq!(quick.funded, exact.funded, "{name}");
        assert_eq!(quick.voter_budget, exact.voter_budget, "{name}");
        let (q, e) = (quick.completion.unwrap(), exact.completion.unwrap());
        assert_eq!((&q.stop, q.runs), (&e.stop, e.runs), "{name}");
        eprintln!("{name}: {} runs, {} counted exactly, {took:?} (debug build)", q.runs, q.exact_runs);
        compared += 1;
    }
    assert_eq!(compared, 14, "the approval budgets");
}

/// Amounts at the edge of what a file can hold (a cost and a budget of `i64::MAX` cents, a budget so large that
/// raising the shares by one unit overflows) are counted or refused with a message under every rule, never a crash.
#[test]
fn extreme_amounts_are_counted_or_refused_without_a_crash() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("extreme-amounts");
    std::fs::create_dir_all(&dir).unwrap();
    let max = "92233720368547758.07";
    let cases = [
        ("max-costs", max, [max, max, "1"]),
        ("max-budget", max, ["100", "250.50", "3"]),
        ("over-max", "10", ["92233720368547758.08", "1", "1"]),
    ];
    for (name, budget, costs) in cases {
        let mut text = format!(
            "META\nkey;value\ndescription;{name}\ncountry;France\nunit;Test\ninstance;2026\nnum_projects;3\n\
             num_votes;4\nbudget;{budget}\nvote_type;approval\nrule;equalshares/add1\nPROJECTS\nproject_id;cost\n"
        );
        for (i, cost) in costs.iter().enumerate() {
            text.push_str(&format!("{};{cost}\n", i + 1));
        }
        text.push_str("VOTES\nvoter_id;vote\n1;1,2\n2;1,3\n3;2,3\n4;1,2,3\n");
        let path = dir.join(format!("{name}.pb"));
        std::fs::write(&path, text).unwrap();
        for rule in ["greedy", "equalshares", "equalshares/add1"] {
            for explain in [false, true] {
                let mut args = vec!["tally", path.to_str().unwrap(), "--rule", rule];
                if explain {
                    args.push("--explain");
                }
                let (ok, out, err) = pb(&args);
                assert!(!err.contains("panicked"), "{name} {rule}: {err}");
                if name == "over-max" {
                    assert!(!ok && err.contains("project 1: the cost is not an amount"), "{name} {rule}: {err}");
                } else {
                    assert!(ok, "{name} {rule}: {err}");
                    assert!(!out.trim().is_empty(), "{name} {rule}: nothing funded");
                }
            }
        }
    }
}
