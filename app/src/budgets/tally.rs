//! Counting a participatory budget: each project's score from the ballots, and the winners under a rule.
//! Pure functions, integers only (amounts in cents, scores in whole votes or points), so no rounding ever
//! decides a winner. Ties in score go to the project published first (the order of the projects list).

use super::pabulib::PbFile;

/// How ballots are filled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VoteType {
    /// Any number of projects (between the budget's minimum and maximum).
    Approval,
    /// Exactly one project.
    ChooseOne,
    /// Points spread over projects.
    Cumulative,
    /// A score per project.
    Scoring,
    /// Projects in order of preference.
    Ordinal,
}

impl VoteType {
    /// Parses pabulib's `vote_type`.
    pub fn from_code(code: &str) -> Option<VoteType> {
        match code.trim() {
            "approval" => Some(VoteType::Approval),
            "choose-1" => Some(VoteType::ChooseOne),
            "cumulative" => Some(VoteType::Cumulative),
            "scoring" => Some(VoteType::Scoring),
            "ordinal" => Some(VoteType::Ordinal),
            _ => None,
        }
    }
}

/// A counting rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// Highest score first; fund each project that still fits, skip those that do not.
    Greedy,
    /// As greedy, but stop at the first project that does not fit.
    GreedyNoSkip,
    /// As greedy, among projects scoring at least the threshold.
    GreedyThreshold(i64),
}

/// Why a rule cannot be applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    /// A city-specific rule (`greedy-custom`, `greedy-exclusive`) or `unknown`: nothing to reproduce.
    #[error("the rule {0:?} is specific to its city or unknown: it cannot be reproduced")]
    NotReproducible(String),
    /// A rule this version does not know.
    #[error("the rule {0:?} is not one Clairvoie counts with")]
    Unsupported(String),
    /// `greedy-threshold` without `min_project_score_threshold`.
    #[error("greedy-threshold needs min_project_score_threshold")]
    NoThreshold,
}

/// Reads a rule name; `threshold` is the file's `min_project_score_threshold`.
pub fn rule_of(name: &str, threshold: Option<&str>) -> Result<Rule, RuleError> {
    match name.trim() {
        "greedy" => Ok(Rule::Greedy),
        "greedy-no-skip" => Ok(Rule::GreedyNoSkip),
        "greedy-threshold" => threshold
            .and_then(|t| t.trim().split('.').next().and_then(|w| w.parse().ok()))
            .map(Rule::GreedyThreshold)
            .ok_or(RuleError::NoThreshold),
        n @ ("greedy-custom" | "greedy-exclusive" | "unknown") => Err(RuleError::NotReproducible(n.to_string())),
        other => Err(RuleError::Unsupported(other.to_string())),
    }
}

/// Each project's score (in the projects' order): approvals for approval and choose-one ballots, points for
/// cumulative and scoring ballots, and for ordinal ballots of length at most `L`: `L` points for a first choice,
/// `L - 1` for a second, …  Ids a ballot names that are not projects are ignored.
pub fn scores(projects: &[&str], ballots: &[(Vec<&str>, Vec<i64>)], kind: VoteType, max_length: usize) -> Vec<i64> {
    let index: std::collections::HashMap<&str, usize> = projects.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let mut out = vec![0i64; projects.len()];
    for (vote, points) in ballots {
        for (rank, id) in vote.iter().enumerate() {
            let Some(&i) = index.get(id) else { continue };
            out[i] += match kind {
                VoteType::Approval | VoteType::ChooseOne => 1,
                VoteType::Cumulative | VoteType::Scoring => points.get(rank).copied().unwrap_or(0),
                VoteType::Ordinal => max_length.saturating_sub(rank) as i64,
            };
        }
    }
    out
}

/// The projects funded (indices, in the order they were funded) under a greedy rule. Projects scoring under
/// `min_score` (a city's minimum support, pabulib's `min_project_score_threshold`) are not eligible whatever
/// the rule: Gdynia applies it with `greedy-no-skip`.
pub fn greedy(costs: &[i64], scores: &[i64], budget: i64, rule: Rule, min_score: i64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..costs.len()).collect();
    // Stable: equal scores keep the published order.
    order.sort_by_key(|&i| std::cmp::Reverse(scores[i]));
    let mut left = budget;
    let mut funded = vec![];
    let threshold = match rule {
        Rule::GreedyThreshold(t) => t.max(min_score),
        _ => min_score,
    };
    for i in order {
        if scores[i] < threshold {
            continue;
        }
        if costs[i] <= left {
            left -= costs[i];
            funded.push(i);
        } else if rule == Rule::GreedyNoSkip {
            break;
        }
    }
    funded
}

/// A file's tally: each project's score from its ballots, and the funded project ids under `rule` (the file's
/// own rule when `None`).
pub fn tally_file(file: &PbFile, rule: Option<Rule>) -> Result<(Vec<i64>, Vec<String>), RuleError> {
    let kind = file
        .meta("vote_type")
        .and_then(VoteType::from_code)
        .ok_or_else(|| RuleError::Unsupported(file.meta("vote_type").unwrap_or_default().to_string()))?;
    let rule = match rule {
        Some(r) => r,
        None => rule_of(file.meta("rule").unwrap_or("unknown"), file.meta("min_project_score_threshold"))?,
    };
    let ids: Vec<&str> = file.projects.iter().map(|p| p.id.as_str()).collect();
    let ballots: Vec<(Vec<&str>, Vec<i64>)> =
        file.votes.iter().map(|v| (v.vote.iter().map(String::as_str).collect(), v.points.clone())).collect();
    let longest = file.votes.iter().map(|v| v.vote.len()).max().unwrap_or(0);
    let max_length = file.meta("max_length").and_then(|m| m.trim().parse().ok()).unwrap_or(longest);
    let scores = scores(&ids, &ballots, kind, max_length);
    let costs: Vec<i64> = file.projects.iter().map(|p| p.cost).collect();
    let budget = file.budget().unwrap_or(0);
    let min_score = file.meta("min_project_score_threshold").and_then(|t| t.trim().split('.').next()?.parse().ok());
    let funded =
        greedy(&costs, &scores, budget, rule, min_score.unwrap_or(0)).into_iter().map(|i| ids[i].to_string()).collect();
    Ok((scores, funded))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn greedy_skips_what_does_not_fit_and_no_skip_stops() {
        // Scores 9, 7, 5, 3; budget 10.
        let costs = [6, 6, 3, 1];
        let scores = [9, 7, 5, 3];
        assert_eq!(greedy(&costs, &scores, 10, Rule::Greedy, 0), [0, 2, 3]);
        assert_eq!(greedy(&costs, &scores, 10, Rule::GreedyNoSkip, 0), [0]);
        assert_eq!(greedy(&costs, &scores, 10, Rule::GreedyThreshold(5), 0), [0, 2]);
    }

    #[test]
    fn exact_fits_zero_costs_and_ties() {
        // An exact fit is funded; a zero-cost project always fits; equal scores keep the published order.
        assert_eq!(greedy(&[4, 6], &[2, 1], 10, Rule::Greedy, 0), [0, 1]);
        assert_eq!(greedy(&[10, 0], &[2, 1], 10, Rule::Greedy, 0), [0, 1]);
        assert_eq!(greedy(&[5, 5, 5], &[3, 3, 3], 10, Rule::Greedy, 0), [0, 1]);
        // The threshold edge: a score equal to it counts.
        assert_eq!(greedy(&[1, 1], &[5, 4], 10, Rule::GreedyThreshold(5), 0), [0]);
        // A city's minimum support applies to every greedy rule.
        assert_eq!(greedy(&[6, 3, 1], &[9, 4, 7], 10, Rule::GreedyNoSkip, 5), [0, 2]);
    }

    #[test]
    fn greedy_never_exceeds_the_budget_nor_leaves_a_fitting_better_project() {
        // A small deterministic generator over many instances (a property test without a dependency).
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m) as i64
        };
        for _ in 0..2_000 {
            let n = 1 + next(12) as usize;
            let costs: Vec<i64> = (0..n).map(|_| next(50)).collect();
            let scores: Vec<i64> = (0..n).map(|_| next(20)).collect();
            let budget = next(150);
            let funded = greedy(&costs, &scores, budget, Rule::Greedy, 0);
            let spent: i64 = funded.iter().map(|&i| costs[i]).sum();
            assert!(spent <= budget);
            let left = budget - spent;
            // What is left only shrinks, so a project left out did not fit when its turn came and does not fit in
            // what remains: no fitting project is ever left unfunded.
            for i in (0..n).filter(|i| !funded.contains(i)) {
                assert!(costs[i] > left, "project {i} fits in {left} but was left out");
            }
            for rule in [Rule::GreedyNoSkip, Rule::GreedyThreshold(5)] {
                let spent: i64 = greedy(&costs, &scores, budget, rule, 0).iter().map(|&i| costs[i]).sum();
                assert!(spent <= budget);
            }
        }
    }

    #[test]
    fn scores_per_ballot_kind() {
        let ids = ["a", "b", "c"];
        let ballots = vec![(vec!["a", "b"], vec![3, 1]), (vec!["b"], vec![2]), (vec!["c", "x"], vec![1, 9])];
        assert_eq!(scores(&ids, &ballots, VoteType::Approval, 3), [1, 2, 1]);
        assert_eq!(scores(&ids, &ballots, VoteType::Cumulative, 3), [3, 3, 1]);
        // Ordinal, L = 3: first 3 points, second 2.
        assert_eq!(scores(&ids, &ballots, VoteType::Ordinal, 3), [3, 5, 3]);
    }

    #[test]
    fn rules_by_name() {
        assert_eq!(rule_of("greedy", None), Ok(Rule::Greedy));
        assert_eq!(rule_of("greedy-threshold", Some("500")), Ok(Rule::GreedyThreshold(500)));
        assert_eq!(rule_of("greedy-threshold", None), Err(RuleError::NoThreshold));
        assert!(matches!(rule_of("greedy-custom", None), Err(RuleError::NotReproducible(_))));
        assert!(matches!(rule_of("unknown", None), Err(RuleError::NotReproducible(_))));
    }
}
