//! The `add1` completion, as pabulib defines `equalshares/add1` and its format checker (`pabulib-checker`)
//! computes it: after the run with the real budget, rerun with every voter's share raised one currency unit (100
//! cents) at a time, starting from the budget rounded down to a whole unit per voter, and keep the last outcome
//! whose cost still fits in the real budget. The raising goes on while the next outcome fits, whether or not the
//! outcome already leaves room for another project: Wieliczka 2023 was counted so, and stopping at the first
//! outcome that leaves no room (as pabutools' `voter_budget_increment` does) funds a different set there. It also
//! ends once every project with supporters is funded: no larger share can fund more, and pabulib's definition
//! would otherwise never end.
//!
//! Every share is counted (a Toulouse-sized budget needs 1,620 runs): each run goes through `fast.rs`, and through
//! the exact run when `fast.rs` cannot certify one of its decisions; the outcome kept is counted exactly once more
//! for its explanation (payments and money left). Skipping shares whose outcome cannot differ (ADD-OPT) was
//! measured and left out: with this rule the order of funding changes at 680 of Toulouse's 1,620 shares and 77 of
//! Wieliczka's 166, so even a perfect skip would save less than half the runs, where making each run lighter
//! (ballot groups scanned without sorting, see `fast.rs`) took Toulouse from 1.2 s to 0.24 s.

use super::{equal_shares, fast, Ballots, Shares};

/// Currency units are counted in cents.
const UNIT: i64 = 100;

/// Why the `add1` completion stopped raising the shares.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stop {
    /// With `share` (cents per voter) the outcome would cost `cost` (cents), more than the budget.
    Overspend {
        /// The first share whose outcome does not fit.
        share: i64,
        /// What that outcome would cost.
        cost: i64,
    },
    /// Every project with supporters is funded: no larger share can fund more.
    AllFunded,
    /// The shares cannot be raised further without overflowing (never with a real budget).
    Limit,
}

/// What the `add1` completion did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// Why it stopped.
    pub stop: Stop,
    /// Runs of equal shares it counted, the real budget's included.
    pub runs: u32,
    /// Of those, the runs counted exactly because floating point could not certify a decision.
    pub exact_runs: u32,
}

/// Equal shares with the `add1` completion.
pub fn equal_shares_add1(costs: &[i64], ballots: &Ballots, budget: i64) -> Shares {
    complete(costs, ballots, budget, true)
}

/// The same, every run exact: the definition itself, which the tests compare `equal_shares_add1` with.
pub fn equal_shares_add1_by_units(costs: &[i64], ballots: &Ballots, budget: i64) -> Shares {
    complete(costs, ballots, budget, false)
}

fn complete(costs: &[i64], ballots: &Ballots, budget: i64, quick: bool) -> Shares {
    let mut counter = fast::Counter::new(costs.len(), ballots);
    let mut count = |budget: i64| -> (Vec<usize>, bool) {
        if quick {
            if let Some(funded) = fast::funded(&mut counter, costs, ballots, budget) {
                return (funded, false);
            }
        }
        (equal_shares(costs, ballots, budget).funded, true)
    };
    let (mut best, exact) = count(budget);
    let (mut runs, mut exact_runs) = (1u32, u32::from(exact));
    // The budget whose outcome is kept (the real one until a raised share fits).
    let mut kept = budget;
    let supported = ballots.approvals(costs.len()).iter().filter(|&&a| a > 0).count();
    let voters = i64::try_from(ballots.voters.max(1)).unwrap_or(i64::MAX);
    let stop = match voters.checked_mul(UNIT) {
        None => Stop::Limit,
        Some(step) => {
            // Each voter's share, in whole currency units, from the budget rounded down.
            let mut units = budget.max(0) / step;
            loop {
                if best.len() >= supported {
                    break Stop::AllFunded;
                }
                let Some(raised) = units.checked_add(1).and_then(|u| u.checked_mul(step)) else {
                    break Stop::Limit;
                };
                units += 1;
                let (next, exact) = count(raised);
                runs = runs.saturating_add(1);
                exact_runs = exact_runs.saturating_add(u32::from(exact));
                let spent = next.iter().fold(0i64, |sum, &p| sum.saturating_add(costs[p]));
                if spent > budget {
                    break Stop::Overspend { share: units.saturating_mul(UNIT), cost: spent };
                }
                (best, kept) = (next, raised);
            }
        }
    };
    let mut shares = equal_shares(costs, ballots, kept);
    debug_assert_eq!(shares.funded, best);
    shares.completion = Some(Completion { stop, runs, exact_runs });
    shares
}

#[cfg(test)]
mod tests {
    use super::super::tests::{ballots, generator, random_ballots, random_costs};
    use super::super::Ratio;
    use super::*;

    #[test]
    fn add1_raises_shares_until_the_budget_is_used() {
        // 2 voters, budget 10 units (5 each). A (6, both) then B (4, voter 0): after A voter 0 has 2, B waits.
        // At 7 units each voter 0 has 4 left after A: B is funded and the outcome costs exactly 10.
        let costs = [600, 400];
        let b = ballots(2, &[(&[0, 1], 1), (&[0], 1)]);
        assert_eq!(equal_shares(&costs, &b, 1000).funded, [0]);
        let out = equal_shares_add1(&costs, &b, 1000);
        assert_eq!(out.funded, [0, 1]);
        assert_eq!(out.voter_budget, Ratio::new(700u32.into(), 1u32.into()));
        // When the next raise would overspend, the last outcome that fits is kept.
        let costs = [600, 500];
        let out = equal_shares_add1(&costs, &b, 1000);
        assert_eq!(out.funded, [0]);
    }

    #[test]
    fn keeps_raising_past_an_outcome_that_leaves_no_room() {
        // A 8, B 1, C 4 units; voter 0 wants B, voter 1 A and B, voter 2 A and C; budget 11 units.
        let costs = [800, 100, 400];
        let b = ballots(3, &[(&[1], 1), (&[0, 1], 1), (&[0, 2], 1)]);
        // At 4 units each, B then C: 5 units spent, 6 left, less than A: no project fits any more. Stopping there
        // (as pabutools' `voter_budget_increment` does) would fund B and C.
        let four = equal_shares(&costs, &b, 1200);
        assert_eq!(four.funded, [1, 2]);
        // pabulib raises on while the outcome fits: at 5, 6 and 7 units A and B (9 units); at 8, all three (13).
        let out = equal_shares_add1(&costs, &b, 1100);
        let mut funded = out.funded.clone();
        funded.sort_unstable();
        assert_eq!(funded, [0, 1]);
        assert_eq!(out.voter_budget, Ratio::new(700u32.into(), 1u32.into()));
        assert_eq!(out.completion.map(|c| (c.stop, c.runs)), Some((Stop::Overspend { share: 800, cost: 1300 }, 6)));
    }

    /// The completion as counted (floating point, exact fallback) against pabulib's
    /// definition counted exactly one unit at a time, on generated budgets: the same outcome, the same share, the
    /// same stop and the same number of runs.
    #[test]
    fn counted_as_the_exact_one_unit_definition() {
        let mut next = generator(0xD1B5_4A32_D192_ED03);
        for round in 0..400 {
            let m = 1 + next(10) as usize;
            // Whole units often (ties), odd cents otherwise.
            let costs = random_costs(&mut next, m, (round % 2 == 0).then_some(30), 3_000);
            let voters = 1 + next(40);
            let b = random_ballots(&mut next, m, voters);
            let budget = next(costs.iter().sum::<i64>() as u64 + 1) as i64;
            let quick = equal_shares_add1(&costs, &b, budget);
            let exact = equal_shares_add1_by_units(&costs, &b, budget);
            assert_eq!(quick.funded, exact.funded, "{costs:?} {:?} {budget}", b.groups);
            assert_eq!(quick.voter_budget, exact.voter_budget);
            assert!(quick.cost(&costs) <= budget);
            let (q, e) = (quick.completion.unwrap(), exact.completion.unwrap());
            assert_eq!((q.stop, q.runs), (e.stop, e.runs));
            assert_eq!(e.exact_runs, e.runs, "the definition counts every run exactly");
        }
    }
}
