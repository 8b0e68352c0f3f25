//! One run of equal shares in floating point, for the completion's many runs: the same decisions as the exact
//! run, and the same outcome or none. Voters are handled by ballot group (identical ballots hold the same money
//! throughout); each project keeps the list of its supporting groups that still have money, and the part each of
//! them pays is found by passes over that list, without sorting it (see `Run::evaluate`). Candidates are examined
//! lazily, in order of a lower bound of their ratio, kept sorted from round to round (only the examined ones
//! move). The lists and tables are reused from run to run.
//!
//! Every amount carries a bound on its rounding error (`Amount`: the true value lies within `v ± e`, the bound
//! grown at each operation by more than IEEE 754's half unit in the last place), and every decision the run
//! takes — is this group short of an equal part, which project goes first, may the search stop — is taken only
//! when the bounds make it certain. When one is not (a true tie, or two amounts closer than their errors), the
//! run gives up and the caller counts that share exactly. Ties are frequent only in the first round, where
//! payments are whole numbers: there amounts known to be exact are compared exactly, so their ties are broken as
//! the exact run breaks them.

use super::Ballots;
use std::cmp::Ordering;

/// A bound on the relative rounding error of one operation (2⁻⁵³ ≈ 1.11e-16, rounded up with room).
const U: f64 = 1.2e-16;

/// An amount and a bound on its error.
#[derive(Clone, Copy, Debug)]
struct Amount {
    v: f64,
    e: f64,
}

/// The error bound after an operation whose result is `v` and whose operands carried `e` between them.
fn grown(e: f64, v: f64) -> f64 {
    (e + v.abs() * U) * (1.0 + 4.0 * U)
}

impl Amount {
    fn exact(v: f64) -> Amount {
        Amount { v, e: 0.0 }
    }

    /// The result `v` of an operation on these operands, `exact` when the operation itself did not round.
    fn result(self, o_e: f64, v: f64, exact: impl FnOnce() -> bool) -> Amount {
        // Exact operands and an exact operation give an exact amount: whole payments stay comparable exactly.
        let e = if self.e == 0.0 && o_e == 0.0 && exact() { 0.0 } else { grown(self.e + o_e, v) };
        Amount { v, e }
    }

    fn add(self, o: Amount) -> Amount {
        let v = self.v + o.v;
        // Knuth's two-sum: the rounding error of the addition, computed exactly.
        self.result(o.e, v, || {
            let b = v - self.v;
            (self.v - (v - b)) + (o.v - b) == 0.0
        })
    }

    fn sub(self, o: Amount) -> Amount {
        self.add(Amount { v: -o.v, e: o.e })
    }

    /// Times a whole number (below 2⁵³, so exact as a float).
    fn times(self, k: u64) -> Amount {
        let k = k as f64;
        let v = self.v * k;
        let scaled = Amount { v: self.v, e: self.e * k };
        scaled.result(0.0, v, || self.v.mul_add(k, -v) == 0.0)
    }

    /// Divided by a whole number (below 2⁵³).
    fn over(self, k: u64) -> Amount {
        let k = k as f64;
        let v = self.v / k;
        let scaled = Amount { v: self.v, e: self.e / k };
        scaled.result(0.0, v, || v.mul_add(k, -self.v) == 0.0)
    }

    /// Whether the amount is known exactly and is a whole number that `u64` holds.
    fn whole(self) -> Option<u64> {
        (self.e == 0.0 && self.v >= 0.0 && self.v < 9.0e15 && self.v.fract() == 0.0).then_some(self.v as u64)
    }

    /// A number certainly at most the true value.
    fn floor(self) -> f64 {
        (self.v - self.e) - (self.v.abs() + self.e) * 4.0 * U
    }

    /// A number certainly at least the true value.
    fn ceil(self) -> f64 {
        (self.v + self.e) + (self.v.abs() + self.e) * 4.0 * U
    }
}

/// Bounds on the true `rest / payers`: `(below, above)`.
fn part(rest: Amount, payers: u64) -> (f64, f64) {
    let k = payers as f64;
    let (low, high) = (rest.floor() / k, rest.ceil() / k);
    (low - low.abs() * 4.0 * U, high + high.abs() * 4.0 * U)
}

/// Whether a voter holding `money` is short of an equal part of `rest` among `payers` (`money × payers < rest`),
/// when certain. Most are far from the part: two comparisons against its bounds `part` decide them.
fn short(money: Amount, payers: u64, rest: Amount, part: (f64, f64)) -> Option<bool> {
    if money.floor() >= part.1 {
        Some(false)
    } else if money.ceil() < part.0 {
        Some(true)
    } else {
        compare(money.times(payers), rest).map(|o| o == Ordering::Less)
    }
}

/// The true order of `a` and `b` when the bounds make it certain.
fn compare(a: Amount, b: Amount) -> Option<Ordering> {
    if a.e == 0.0 && b.e == 0.0 && a.v == b.v {
        Some(Ordering::Equal)
    } else if a.ceil() < b.floor() {
        Some(Ordering::Less)
    } else if b.ceil() < a.floor() {
        Some(Ordering::Greater)
    } else {
        None
    }
}

/// A candidate's standing: what the full payers share (`rest`), how many they are, and the ratio of the largest
/// payment to the cost.
#[derive(Clone, Copy)]
struct Standing {
    rest: Amount,
    payers: u64,
    ratio: Amount,
}

/// Why a run gave up.
struct Uncertain;

/// What the runs of one budget share: each project's supporting ballot groups, and the last run's tables (their
/// allocations reused).
pub(super) struct Counter {
    approvals: Vec<u64>,
    approvers: Vec<Vec<usize>>,
    spare: Tables,
}

impl Counter {
    pub(super) fn new(projects: usize, ballots: &Ballots) -> Counter {
        let mut approvers = vec![vec![]; projects];
        for (g, (ballot, _)) in ballots.groups.iter().enumerate() {
            for &p in ballot {
                approvers[p].push(g);
            }
        }
        Counter { approvals: ballots.approvals(projects), approvers, spare: Tables::default() }
    }
}

/// A run's tables by ballot group and project.
#[derive(Default)]
struct Tables {
    /// Each group's money per voter.
    money: Vec<Amount>,
    /// Groups that paid all they had: their money is exactly nothing.
    spent: Vec<bool>,
    /// Per project: its supporting groups that still have money (spent ones are dropped when it is next examined).
    lists: Vec<Vec<usize>>,
    /// Per project: its supporters who have nothing left.
    broke: Vec<u64>,
    /// Per project: `broke` when its list was last cleared of spent groups (unchanged: nothing to clear).
    cleared: Vec<u64>,
}

struct Run<'a> {
    costs: &'a [i64],
    ballots: &'a Ballots,
    approvals: &'a [u64],
    t: Tables,
}

impl Run<'_> {
    fn cost(&self, p: usize) -> u64 {
        self.costs[p].max(0) as u64
    }

    /// The candidate's standing, `None` when its supporters cannot pay for it. The supporters who cannot pay an
    /// equal part pay all they have; finding them needs no sorting: each pass over the others finds those who
    /// cannot pay the part as it stands, which only rises as they are found, until a pass finds none. Each
    /// decision is certified when taken; those taken against a smaller part stay true against the final one.
    fn evaluate(&mut self, p: usize) -> Result<Option<Standing>, Uncertain> {
        let whole = self.cost(p);
        let t = &mut self.t;
        let (money, spent) = (&t.money, &t.spent);
        let list = &mut t.lists[p];
        if t.cleared[p] != t.broke[p] {
            list.retain(|&g| !spent[g]);
            t.cleared[p] = t.broke[p];
        }
        let cost = Amount::exact(whole as f64);
        // Supporters with nothing left pay all they have, nothing, and are not full payers.
        let mut payers = self.approvals[p] - t.broke[p];
        let mut rest = cost;
        let groups = &self.ballots.groups;
        // The supporters found short so far are moved to the front of the list.
        let mut poor = 0;
        loop {
            let found = poor;
            // The part's bounds as the pass begins: a group below them is short of the part as it stands (which
            // has only risen since); one above them may not be once others are found short, and is looked at
            // again by the next pass. The pass that finds none looks at every group against the final part.
            let bounds = part(rest, payers);
            for j in found..list.len() {
                let g = list[j];
                let money = money[g];
                if short(money, payers, rest, bounds).ok_or(Uncertain)? {
                    let w = groups[g].1;
                    rest = rest.sub(money.times(w));
                    payers -= w;
                    list.swap(poor, j);
                    poor += 1;
                    if payers == 0 {
                        return Ok(None);
                    }
                }
            }
            if poor == found {
                break;
            }
        }
        if payers == 0 {
            return Ok(None);
        }
        let ratio = rest.over(payers).over(whole);
        Ok(Some(Standing { rest, payers, ratio }))
    }

    /// Whether `a` goes before `b` (the exact run's order: ratio, then cost, supporters, publication).
    fn before(&self, a: usize, sa: &Standing, b: usize, sb: &Standing) -> Result<bool, Uncertain> {
        // Exactly when both shares to pay are known whole numbers: rest_a / (k_a c_a) against rest_b / (k_b c_b).
        let exact = match (sa.rest.whole(), sb.rest.whole()) {
            (Some(ra), Some(rb)) => {
                let left =
                    (ra as u128).checked_mul(sb.payers as u128).and_then(|x| x.checked_mul(self.cost(b) as u128));
                let right =
                    (rb as u128).checked_mul(sa.payers as u128).and_then(|x| x.checked_mul(self.cost(a) as u128));
                left.zip(right).map(|(l, r)| l.cmp(&r))
            }
            _ => None,
        };
        let order = exact.or_else(|| compare(sa.ratio, sb.ratio)).ok_or(Uncertain)?;
        Ok(order
            .then(self.costs[a].cmp(&self.costs[b]))
            .then(self.approvals[b].cmp(&self.approvals[a]))
            .then(a.cmp(&b))
            == Ordering::Less)
    }

    /// Charges `p`'s supporters with `s`: each pays `rest / payers`, or all it has when that is less.
    fn charge(&mut self, p: usize, s: &Standing) -> Result<(), Uncertain> {
        let payment = s.rest.over(s.payers);
        let bounds = part(s.rest, s.payers);
        let t = &mut self.t;
        for &g in &t.lists[p] {
            let money = t.money[g];
            // The same test as in `evaluate`, which certified it.
            t.money[g] = match short(money, s.payers, s.rest, bounds).ok_or(Uncertain)? {
                true => {
                    t.spent[g] = true;
                    let (ballot, w) = &self.ballots.groups[g];
                    for &q in ballot {
                        t.broke[q] += w;
                    }
                    Amount::exact(0.0)
                }
                false => {
                    let left = money.sub(payment);
                    Amount { v: left.v.max(0.0), e: left.e }
                }
            };
        }
        Ok(())
    }
}

/// The projects one run of equal shares with `budget` (cents) funds, in the order it funds them, or `None` when a
/// decision could not be certified in floating point.
pub(super) fn funded(counter: &mut Counter, costs: &[i64], ballots: &Ballots, budget: i64) -> Option<Vec<usize>> {
    // Amounts must be whole numbers a float holds exactly.
    const EXACT: i64 = 1 << 52;
    if budget.max(0) >= EXACT || costs.iter().any(|&c| c >= EXACT) || ballots.voters >= 1 << 52 {
        return None;
    }
    let m = costs.len();
    let Counter { approvals, approvers, spare } = counter;
    let share = Amount::exact(budget.max(0) as f64).over(ballots.voters.max(1));
    let mut t = std::mem::take(spare);
    t.money.clear();
    t.money.resize(ballots.groups.len(), share);
    t.spent.clear();
    t.spent.resize(ballots.groups.len(), false);
    t.lists.resize(m, vec![]);
    for (list, groups) in t.lists.iter_mut().zip(approvers.iter()) {
        list.clear();
        list.extend_from_slice(groups);
    }
    t.broke.clear();
    t.broke.resize(m, 0);
    t.cleared.clear();
    t.cleared.resize(m, 0);
    let mut run = Run { costs, ballots, approvals, t };
    let out = rounds(&mut run);
    *spare = run.t;
    out.ok()
}

fn rounds(run: &mut Run) -> Result<Vec<usize>, Uncertain> {
    let (m, costs) = (run.costs.len(), run.costs);
    let mut funded: Vec<usize> = (0..m).filter(|&p| costs[p] <= 0 && run.approvals[p] > 0).collect();
    let mut remaining: Vec<usize> = (0..m).filter(|&p| costs[p] > 0 && run.approvals[p] > 0).collect();
    // A lower bound of each candidate's ratio (it never falls): 1 / supporters at first.
    let mut bound: Vec<f64> = (0..m).map(|p| Amount::exact(1.0).over(run.approvals[p].max(1)).floor()).collect();
    remaining.sort_by(|&a, &b| bound[a].total_cmp(&bound[b]));
    let (mut merged, mut examined): (Vec<usize>, Vec<usize>) = (Vec::with_capacity(remaining.len()), vec![]);
    loop {
        let mut best: Option<(usize, Standing)> = None;
        let mut gone = vec![];
        let mut seen = 0;
        for &p in &remaining {
            // Sorted by lower bound: once one is certainly worse than the best, so are the rest.
            if best.as_ref().is_some_and(|(_, s)| s.ratio.ceil() < bound[p]) {
                break;
            }
            seen += 1;
            match run.evaluate(p)? {
                Some(standing) => {
                    bound[p] = bound[p].max(standing.ratio.floor());
                    let better = match &best {
                        None => true,
                        Some((b, s)) => run.before(p, &standing, *b, s)?,
                    };
                    if better {
                        best = Some((p, standing));
                    }
                }
                None => gone.push(p),
            }
        }
        let Some((p, standing)) = best else { break };
        // Only the bounds of the candidates examined (the first `seen`) rose: those are sorted again and merged
        // with the others, still in order.
        let (head, tail) = remaining.split_at(seen);
        examined.clear();
        examined.extend(head.iter().filter(|&&q| q != p && !gone.contains(&q)));
        examined.sort_by(|&a, &b| bound[a].total_cmp(&bound[b]));
        let head = &examined;
        merged.clear();
        let (mut i, mut j) = (0, 0);
        while i < head.len() || j < tail.len() {
            if j == tail.len() || (i < head.len() && bound[head[i]] <= bound[tail[j]]) {
                merged.push(head[i]);
                i += 1;
            } else {
                merged.push(tail[j]);
                j += 1;
            }
        }
        std::mem::swap(&mut remaining, &mut merged);
        funded.push(p);
        run.charge(p, &standing)?;
    }
    Ok(funded)
}

#[cfg(test)]
mod tests {
    use super::super::equal_shares;
    use super::super::tests::{generator, random_ballots, random_costs};
    use super::*;

    /// On many small budgets, with ties on purpose (few costs, few ballot shapes): whenever the floating-point
    /// run gives an outcome, it is the exact run's, in the same order; and it gives one on most of them.
    #[test]
    fn the_same_outcome_as_the_exact_run_or_none() {
        let mut next = generator(0x853C_49E6_748F_EA9B);
        let (mut certified, mut total) = (0, 0);
        for round in 0..3_000 {
            let m = 1 + next(9) as usize;
            let costs = random_costs(&mut next, m, (round % 3 == 0).then_some(5), 50_000);
            let voters = 1 + next(60);
            let b = random_ballots(&mut next, m, voters);
            let budget = next(200_000) as i64;
            let exact = equal_shares(&costs, &b, budget).funded;
            total += 1;
            if let Some(fast) = funded(&mut Counter::new(m, &b), &costs, &b, budget) {
                assert_eq!(fast, exact, "{costs:?} {:?} {budget}", b.groups);
                certified += 1;
            }
        }
        assert!(certified * 10 > total * 9, "{certified} of {total} certified");
    }

    #[test]
    fn amounts_too_large_for_a_float_are_left_to_the_exact_run() {
        let b = Ballots::new(1, vec![vec![0]]);
        let mut counter = Counter::new(1, &b);
        assert_eq!(funded(&mut counter, &[1 << 53], &b, 1 << 54), None);
        assert_eq!(funded(&mut counter, &[100], &b, 100), Some(vec![0]));
    }
}
