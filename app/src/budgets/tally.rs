//! Counting a participatory budget: each project's score from the ballots, and the winners under a rule.
//! Pure functions, integers only (amounts in cents, scores in whole votes or points), so no rounding ever
//! decides a winner. Ties in score go to the project published first (the order of the projects list).

use super::equal_shares::{self, Ballots, Fate};
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
    /// The Method of Equal Shares (approval ballots), optionally completed by raising every voter's share one
    /// currency unit at a time (`add1`), optionally compared with greedy afterwards (greedy is kept only when
    /// more voters have more of their projects funded by it).
    EqualShares {
        /// The `add1` completion.
        add1: bool,
        /// The comparison with greedy.
        comparison: bool,
    },
}

impl Rule {
    /// pabulib's name for the rule.
    pub fn code(self) -> &'static str {
        match self {
            Rule::Greedy => "greedy",
            Rule::GreedyNoSkip => "greedy-no-skip",
            Rule::GreedyThreshold(_) => "greedy-threshold",
            Rule::EqualShares { add1: false, comparison: false } => "equalshares",
            Rule::EqualShares { add1: true, comparison: false } => "equalshares/add1",
            Rule::EqualShares { add1: false, comparison: true } => "equalshares-comparison",
            Rule::EqualShares { add1: true, comparison: true } => "equalshares/add1-comparison",
        }
    }
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
    /// Equal shares counts approval ballots only.
    #[error("the Method of Equal Shares counts approval ballots only")]
    NeedsApproval,
    /// A score does not fit in 64 bits (points from a hostile file): refused rather than wrapped around.
    #[error("a project's score is too large to count")]
    Overflow,
}

/// Reads a rule name; `threshold` is the file's `min_project_score_threshold`.
pub fn rule_of(name: &str, threshold: Option<&str>) -> Result<Rule, RuleError> {
    match name.trim() {
        "greedy" => Ok(Rule::Greedy),
        "greedy-no-skip" => Ok(Rule::GreedyNoSkip),
        "equalshares" => Ok(Rule::EqualShares { add1: false, comparison: false }),
        "equalshares/add1" => Ok(Rule::EqualShares { add1: true, comparison: false }),
        "equalshares-comparison" => Ok(Rule::EqualShares { add1: false, comparison: true }),
        "equalshares/add1-comparison" => Ok(Rule::EqualShares { add1: true, comparison: true }),
        "greedy-threshold" => threshold
            .and_then(|t| t.trim().split('.').next().and_then(|w| w.parse().ok()))
            .map(Rule::GreedyThreshold)
            .ok_or(RuleError::NoThreshold),
        n @ ("greedy-custom" | "greedy-exclusive" | "unknown") => Err(RuleError::NotReproducible(n.to_string())),
        other => Err(RuleError::Unsupported(other.to_string())),
    }
}

/// Why a project is or is not funded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Funded by a greedy rule, its turn coming in `rank` (1 = highest score).
    Funded {
        /// Position in the order of scores.
        rank: usize,
    },
    /// Funded by equal shares: its supporters paid at most `max_payment` cents each.
    FundedShares {
        /// The largest single payment, in cents (rounded to the cent for display; decided exactly).
        max_payment: i64,
        /// Supporters who paid that much (the others paid all they had left).
        full_payers: u64,
        /// All its supporters.
        supporters: u64,
    },
    /// When its turn came, `left` cents remained: less than its cost.
    NotEnoughLeft {
        /// The budget remaining, in cents.
        left: i64,
    },
    /// Its score is under the minimum.
    BelowThreshold {
        /// The minimum score.
        threshold: i64,
    },
    /// `greedy-no-skip` stopped at an earlier project (index) that did not fit.
    Stopped {
        /// The project that did not fit.
        at: usize,
    },
    /// Equal shares: its supporters had only `money` cents left, less than its cost.
    Unaffordable {
        /// Their money, in cents (rounded down).
        money: i64,
    },
    /// Nobody voted for it.
    NoSupport,
}

/// A tally: the winners and, per project, its score and why it is or is not funded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The rule counted with.
    pub rule: Rule,
    /// Each project's score (projects' order).
    pub scores: Vec<i64>,
    /// Funded projects, in the order they were funded.
    pub funded: Vec<usize>,
    /// Each project's reason (projects' order).
    pub reasons: Vec<Reason>,
    /// Equal shares: each voter's share of the budget in the run kept, in cents (rounded).
    pub voter_budget: Option<i64>,
    /// The comparison step: (voters preferring equal shares, voters preferring greedy), and whether greedy was
    /// kept.
    pub comparison: Option<(u64, u64, bool)>,
    /// The `add1` completion: why it stopped raising the shares, and how many runs it counted.
    pub completion: Option<equal_shares::Completion>,
}

/// The projects funded (indices, in the order they were funded) under a greedy rule. Projects scoring under
/// `min_score` (a city's minimum support, pabulib's `min_project_score_threshold`) are not eligible whatever
/// the rule: Gdynia applies it with `greedy-no-skip`.
pub fn greedy(costs: &[i64], scores: &[i64], budget: i64, rule: Rule, min_score: i64) -> Vec<usize> {
    greedy_explained(costs, scores, budget, rule, min_score).0
}

/// [`greedy`] with each project's reason.
pub fn greedy_explained(
    costs: &[i64],
    scores: &[i64],
    budget: i64,
    rule: Rule,
    min_score: i64,
) -> (Vec<usize>, Vec<Reason>) {
    let mut order: Vec<usize> = (0..costs.len()).collect();
    // Stable: equal scores keep the published order.
    order.sort_by_key(|&i| std::cmp::Reverse(scores[i]));
    let mut left = budget;
    let mut funded = vec![];
    let mut reasons = vec![Reason::NoSupport; costs.len()];
    let threshold = match rule {
        Rule::GreedyThreshold(t) => t.max(min_score),
        _ => min_score,
    };
    let mut stopped = None;
    for (rank, i) in order.into_iter().enumerate() {
        reasons[i] = if scores[i] < threshold {
            Reason::BelowThreshold { threshold }
        } else if let Some(at) = stopped {
            Reason::Stopped { at }
        } else if costs[i] <= left {
            left -= costs[i];
            funded.push(i);
            Reason::Funded { rank: rank + 1 }
        } else {
            if rule == Rule::GreedyNoSkip {
                stopped = Some(i);
            }
            Reason::NotEnoughLeft { left }
        };
    }
    (funded, reasons)
}

/// What the tally needs from a budget: projects' costs (cents, published order), ballots, the budget.
#[derive(Clone, Debug)]
pub struct Count<'a> {
    /// Ballot kind.
    pub kind: VoteType,
    /// Project costs, in cents.
    pub costs: &'a [i64],
    /// Ballots: project indices (in rank order for ordinal ballots) and points (cumulative, scoring).
    pub ballots: &'a [(Vec<usize>, Vec<i64>)],
    /// The longest ballot allowed (ordinal scores).
    pub max_length: usize,
    /// The budget, in cents.
    pub budget: i64,
    /// A minimum score every rule applies (pabulib's `min_project_score_threshold`), 0 for none.
    pub min_score: i64,
}

/// Counts with `rule`.
pub fn count(input: &Count, rule: Rule) -> Result<Outcome, RuleError> {
    let m = input.costs.len();
    let scores = scores_of(input)?;
    let base = |funded, reasons| Outcome {
        rule,
        scores: scores.clone(),
        funded,
        reasons,
        voter_budget: None,
        comparison: None,
        completion: None,
    };
    let Rule::EqualShares { add1, comparison } = rule else {
        let (funded, reasons) = greedy_explained(input.costs, &scores, input.budget, rule, input.min_score);
        return Ok(base(funded, reasons));
    };
    if !matches!(input.kind, VoteType::Approval | VoteType::ChooseOne) {
        return Err(RuleError::NeedsApproval);
    }
    // A minimum support applies to every rule: projects under it are not candidates.
    let eligible: Vec<bool> = scores.iter().map(|&s| s >= input.min_score).collect();
    let ballots =
        Ballots::new(m, input.ballots.iter().map(|(b, _)| b.iter().copied().filter(|&p| eligible[p]).collect()));
    let shares = if add1 {
        equal_shares::equal_shares_add1(input.costs, &ballots, input.budget)
    } else {
        equal_shares::equal_shares(input.costs, &ballots, input.budget)
    };
    let approvals = ballots.approvals(m);
    let reasons = shares
        .fates
        .iter()
        .enumerate()
        .map(|(p, fate)| match fate {
            Fate::Funded { max_payment, full_payers } => Reason::FundedShares {
                max_payment: max_payment.rounded(),
                full_payers: *full_payers,
                supporters: approvals[p],
            },
            Fate::Unaffordable { money } => Reason::Unaffordable { money: money.floor() },
            Fate::NoSupport if !eligible[p] => Reason::BelowThreshold { threshold: input.min_score },
            Fate::NoSupport => Reason::NoSupport,
        })
        .collect();
    let mut outcome = base(shares.funded.clone(), reasons);
    outcome.voter_budget = Some(shares.voter_budget.rounded());
    outcome.completion = shares.completion.clone();
    if comparison {
        let (funded, reasons) = greedy_explained(input.costs, &scores, input.budget, Rule::Greedy, input.min_score);
        let (for_shares, for_greedy) = equal_shares::preferences(&ballots, &shares.funded, &funded);
        let keep_greedy = for_greedy > for_shares;
        if keep_greedy {
            outcome.funded = funded;
            outcome.reasons = reasons;
            outcome.voter_budget = None;
        }
        outcome.comparison = Some((for_shares, for_greedy, keep_greedy));
    }
    Ok(outcome)
}

fn scores_of(input: &Count) -> Result<Vec<i64>, RuleError> {
    let mut out = vec![0i64; input.costs.len()];
    for (vote, points) in input.ballots {
        for (rank, &p) in vote.iter().enumerate() {
            if p >= out.len() {
                continue;
            }
            let score = match input.kind {
                VoteType::Approval | VoteType::ChooseOne => 1,
                VoteType::Cumulative | VoteType::Scoring => points.get(rank).copied().unwrap_or(0),
                VoteType::Ordinal => i64::try_from(input.max_length.saturating_sub(rank)).unwrap_or(i64::MAX),
            };
            out[p] = out[p].checked_add(score).ok_or(RuleError::Overflow)?;
        }
    }
    Ok(out)
}

/// A pabulib file's tally under `rule` (the file's own rule when `None`). Scores follow the file's `vote_type`;
/// the file's `min_project_score_threshold` applies to every rule.
pub fn tally_file(file: &PbFile, rule: Option<Rule>) -> Result<Outcome, RuleError> {
    let kind = file
        .meta("vote_type")
        .and_then(VoteType::from_code)
        .ok_or_else(|| RuleError::Unsupported(file.meta("vote_type").unwrap_or_default().to_string()))?;
    let rule = match rule {
        Some(r) => r,
        None => rule_of(file.meta("rule").unwrap_or("unknown"), file.meta("min_project_score_threshold"))?,
    };
    let index: std::collections::HashMap<&str, usize> =
        file.projects.iter().enumerate().map(|(i, p)| (p.id.as_str(), i)).collect();
    let ballots: Vec<(Vec<usize>, Vec<i64>)> = file
        .votes
        .iter()
        .map(|v| {
            // Ids that are not projects are dropped with their points.
            let (ids, points) = v
                .vote
                .iter()
                .enumerate()
                .filter_map(|(r, id)| Some((*index.get(id.as_str())?, v.points.get(r).copied().unwrap_or(0))))
                .unzip();
            (ids, points)
        })
        .collect();
    let longest = file.votes.iter().map(|v| v.vote.len()).max().unwrap_or(0);
    let max_length = file.meta("max_length").and_then(|m| m.trim().parse().ok()).unwrap_or(longest);
    let costs: Vec<i64> = file.projects.iter().map(|p| p.cost).collect();
    let min_score = file.meta("min_project_score_threshold").and_then(|t| t.trim().split('.').next()?.parse().ok());
    let input = Count {
        kind,
        costs: &costs,
        ballots: &ballots,
        max_length,
        budget: file.budget().unwrap_or(0),
        min_score: min_score.unwrap_or(0),
    };
    count(&input, rule)
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
        let ballots = vec![(vec![0, 1], vec![3, 1]), (vec![1], vec![2]), (vec![2], vec![1])];
        let costs = [1, 1, 1];
        let of = |kind| {
            scores_of(&Count { kind, costs: &costs, ballots: &ballots, max_length: 3, budget: 0, min_score: 0 })
                .unwrap()
        };
        assert_eq!(of(VoteType::Approval), [1, 2, 1]);
        assert_eq!(of(VoteType::Cumulative), [3, 3, 1]);
        // Ordinal, L = 3: first 3 points, second 2.
        assert_eq!(of(VoteType::Ordinal), [3, 5, 3]);
    }

    #[test]
    fn scores_too_large_are_refused_not_wrapped() {
        let ballots = vec![(vec![0], vec![i64::MAX]), (vec![0], vec![1])];
        let input = Count {
            kind: VoteType::Cumulative,
            costs: &[1],
            ballots: &ballots,
            max_length: 1,
            budget: 1,
            min_score: 0,
        };
        assert_eq!(count(&input, Rule::Greedy).unwrap_err(), RuleError::Overflow);
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
