//! One run of equal shares in floating point, for the completion's many runs: the same steps as the exact run
//! (classes of voters with equal money, candidates examined lazily), five to eight times faster on real budgets,
//! and the same outcome or none. Voters who have nothing left leave the classes (each project counts them), and
//! the table of counts is kept by project and reused from run to run.
//!
//! Every amount carries a bound on its rounding error (`Amount`: the true value lies within `v ± e`, the bound
//! grown at each operation by more than IEEE 754's half unit in the last place), and every decision the run
//! takes — does this class pay all it has, which project goes first, may the search stop — is taken only when
//! the bounds make it certain. When one is not (a true tie, or two amounts closer than their errors), the run
//! gives up and the caller counts that share exactly. Ties are frequent only in the first round, where payments
//! are whole numbers: there amounts known to be exact are compared exactly, so their ties are broken as the
//! exact run breaks them.

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

/// What the runs of one budget share: supporters per project, ballot groups per project, and the table of counts,
/// kept between runs so that a run neither allocates nor zeroes it whole.
pub(super) struct Counter {
    approvals: Vec<u64>,
    approvers: Vec<Vec<usize>>,
    /// Per project, per class id: how many of the class's voters approve it (`cap` ids per project).
    counts: Vec<u32>,
    cap: usize,
    /// Per project: the class ids the last run wrote counts for (zeroed before the next run).
    used: Vec<usize>,
    /// The last run's other tables, their allocations reused.
    spare: Tables,
}

/// A run's tables by class, group and project (see `Run`), kept between runs for their allocations.
#[derive(Default)]
struct Tables {
    money: Vec<Amount>,
    weight: Vec<u64>,
    joined: Vec<usize>,
    order: Vec<usize>,
    class_of: Vec<usize>,
    open: Vec<bool>,
    spent: Vec<bool>,
    broke: Vec<u64>,
    mark: Vec<bool>,
    spare: Vec<usize>,
    target: Vec<usize>,
}

impl Tables {
    fn clear(&mut self) {
        self.money.clear();
        self.weight.clear();
        self.joined.clear();
        self.order.clear();
        self.class_of.clear();
        self.open.clear();
        self.spent.clear();
        self.broke.clear();
        self.mark.clear();
        self.spare.clear();
        self.target.clear();
    }
}

impl Counter {
    pub(super) fn new(projects: usize, ballots: &Ballots) -> Counter {
        let mut approvers = vec![vec![]; projects];
        for (g, (ballot, _)) in ballots.groups.iter().enumerate() {
            for &p in ballot {
                approvers[p].push(g);
            }
        }
        let cap = 64;
        let used = vec![0; projects];
        let counts = vec![0; projects * cap];
        Counter { approvals: ballots.approvals(projects), approvers, counts, cap, used, spare: Tables::default() }
    }
}

/// Classes of voters holding the same money, by id. A class id is never reused within a run: a merged class
/// points to the class it joined, and ballot groups follow those pointers.
struct Run<'a> {
    costs: &'a [i64],
    ballots: &'a Ballots,
    approvals: &'a [u64],
    approvers: &'a [Vec<usize>],
    /// Per project, per class: the counts, stored by project so that a project's walk reads one short row.
    counts: &'a mut Vec<u32>,
    cap: &'a mut usize,
    /// Per project: the class ids written in its row.
    used: &'a mut Vec<usize>,
    /// Each class's money per voter.
    money: Vec<Amount>,
    /// Each class's voters.
    weight: Vec<u64>,
    /// A merged class points to the class it joined; a live class to itself.
    joined: Vec<usize>,
    /// Live classes, by increasing money.
    order: Vec<usize>,
    /// Each ballot group's class, or a class that joined it (followed and shortened on the way).
    class_of: Vec<usize>,
    /// Whether each project is still a candidate (only candidates' counts are kept up to date).
    open: Vec<bool>,
    /// Classes that paid all they had: their money is exactly nothing. They leave `order`, their counts are no
    /// longer kept, and each project counts its supporters among them instead (`broke`).
    spent: Vec<bool>,
    /// Per project: its supporters who have nothing left.
    broke: Vec<u64>,
    /// A bound on the error of every class's money (the largest seen in the run).
    worst: f64,
    /// Scratch marks, by class id (all false between uses).
    mark: Vec<bool>,
    /// The previous order's allocation, reused.
    spare: Vec<usize>,
    /// Scratch: where each class's paying voters go in `charge` (`usize::MAX` between uses).
    target: Vec<usize>,
}

impl Run<'_> {
    /// The live class of ballot group `g`.
    fn find(&mut self, g: usize) -> usize {
        let mut c = self.class_of[g];
        while self.joined[c] != c {
            c = self.joined[c];
        }
        self.class_of[g] = c;
        c
    }

    fn cost(&self, p: usize) -> u64 {
        self.costs[p].max(0) as u64
    }

    fn count(&self, p: usize, c: usize) -> u64 {
        u64::from(self.counts[p * *self.cap + c])
    }

    /// A new class holding `money`, with no voters yet.
    fn new_class(&mut self, money: Amount) -> usize {
        let id = self.money.len();
        if id == *self.cap {
            // Twice the room, each project's row copied to its new place.
            let (m, cap) = (self.costs.len(), *self.cap);
            let mut wider = vec![0u32; m * cap * 2];
            for p in 0..m {
                wider[p * cap * 2..p * cap * 2 + cap].copy_from_slice(&self.counts[p * cap..(p + 1) * cap]);
            }
            *self.counts = wider;
            *self.cap = cap * 2;
        }
        self.money.push(money);
        self.weight.push(0);
        self.joined.push(id);
        self.spent.push(false);
        self.mark.push(false);
        id
    }

    /// The candidate's standing, `None` when its supporters cannot pay for it.
    fn evaluate(&self, p: usize) -> Result<Option<Standing>, Uncertain> {
        let cost = Amount::exact(self.cost(p) as f64);
        // Supporters with nothing left pay all they have, nothing, and are not full payers.
        let mut payers = self.approvals[p] - self.broke[p];
        let mut paid = Amount::exact(0.0);
        let count = &self.counts[p * *self.cap..(p + 1) * *self.cap];
        for (i, &c) in self.order.iter().enumerate() {
            let w = u64::from(count[c]);
            if w == 0 {
                continue;
            }
            let money = self.money[c];
            let rest = cost.sub(paid);
            match compare(money.times(payers), rest).ok_or(Uncertain)? {
                Ordering::Less => {
                    paid = paid.add(money.times(w));
                    payers -= w;
                }
                _ => {
                    // The classes after this one hold at least its money up to their errors: all pay in full.
                    let least = Amount { v: money.v, e: self.worst.max(money.e) };
                    if compare(least.times(payers), rest).is_none_or(|o| o == Ordering::Less) {
                        for &d in &self.order[i + 1..] {
                            if count[d] > 0
                                && compare(self.money[d].times(payers), rest).is_none_or(|o| o == Ordering::Less)
                            {
                                return Err(Uncertain);
                            }
                        }
                    }
                    let ratio = rest.over(payers).over(self.cost(p));
                    return Ok(Some(Standing { rest, payers, ratio }));
                }
            }
        }
        Ok(None)
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
        const UNSEEN: usize = usize::MAX;
        let mut target = std::mem::take(&mut self.target);
        target.resize(self.money.len(), UNSEEN);
        let mut paying = vec![];
        let mut seen = vec![];
        let approvers = self.approvers;
        for &g in &approvers[p] {
            let old = self.find(g);
            if self.spent[old] {
                continue;
            }
            if target[old] == UNSEEN {
                target[old] =
                    if self.count(p, old) == self.weight[old] { old } else { self.new_class(self.money[old]) };
                paying.push(target[old]);
                seen.push(old);
            }
            let new = target[old];
            if new != old {
                let (ballot, w) = &self.ballots.groups[g];
                self.weight[old] -= w;
                self.weight[new] += w;
                // Counts below 2³² (checked before the run).
                let w = *w as u32;
                let cap = *self.cap;
                for &q in ballot.iter().filter(|&&q| self.open[q]) {
                    self.counts[q * cap + old] -= w;
                    self.counts[q * cap + new] += w;
                    self.used[q] = self.used[q].max(new + 1);
                }
                self.class_of[g] = new;
            }
        }
        for c in seen {
            target[c] = UNSEEN;
        }
        self.target = target;
        let mut fresh = vec![];
        for &c in &paying {
            let money = self.money[c];
            // The same test as in `evaluate`, which certified it.
            self.money[c] = match compare(money.times(s.payers), s.rest).ok_or(Uncertain)? {
                Ordering::Less => {
                    self.spent[c] = true;
                    fresh.push(c);
                    Amount::exact(0.0)
                }
                _ => {
                    let left = money.sub(payment);
                    Amount { v: left.v.max(0.0), e: left.e }
                }
            };
        }
        if !fresh.is_empty() {
            for &c in &fresh {
                self.mark[c] = true;
            }
            for &g in &approvers[p] {
                let c = self.find(g);
                if self.mark[c] {
                    let (ballot, w) = &self.ballots.groups[g];
                    for &q in ballot {
                        self.broke[q] += w;
                    }
                }
            }
            for c in fresh {
                self.mark[c] = false;
            }
        }
        paying.retain(|&c| !self.spent[c]);
        self.reorder(paying);
        Ok(())
    }

    /// Puts the classes whose money changed (`paying`, none of them spent) back in order among the others, and
    /// merges one with a neighbour whose money is the same float (the true amounts then lie within the larger of
    /// the two bounds).
    fn reorder(&mut self, mut paying: Vec<usize>) {
        for &c in &paying {
            self.mark[c] = true;
        }
        let (mark, spent) = (&self.mark, &self.spent);
        self.order.retain(|&c| !mark[c] && !spent[c]);
        for &c in &paying {
            self.mark[c] = false;
            self.worst = self.worst.max(self.money[c].e);
        }
        let amounts = &self.money;
        paying.sort_by(|&a, &b| amounts[a].v.total_cmp(&amounts[b].v));
        // One pass merging the two ordered lists; a paying class after an equal amount joins its class.
        let still = std::mem::take(&mut self.order);
        let mut order = std::mem::take(&mut self.spare);
        order.clear();
        let (mut i, mut j) = (0, 0);
        while i < still.len() || j < paying.len() {
            if j == paying.len() || (i < still.len() && self.money[still[i]].v <= self.money[paying[j]].v) {
                order.push(still[i]);
                i += 1;
            } else {
                let c = paying[j];
                j += 1;
                match order.last() {
                    Some(&last) if self.money[last].v == self.money[c].v => self.merge(c, last),
                    _ => order.push(c),
                }
            }
        }
        self.order = order;
        self.spare = still;
    }

    /// Merges class `from` (not in `order`) into `into`.
    fn merge(&mut self, from: usize, into: usize) {
        self.joined[from] = into;
        self.weight[into] += std::mem::take(&mut self.weight[from]);
        self.money[into].e = self.money[into].e.max(self.money[from].e);
        let cap = *self.cap;
        for q in (0..self.open.len()).filter(|&q| self.open[q]) {
            let moved = std::mem::take(&mut self.counts[q * cap + from]);
            if moved > 0 {
                self.counts[q * cap + into] += moved;
                self.used[q] = self.used[q].max(into + 1);
            }
        }
    }
}

/// The projects one run of equal shares with `budget` (cents) funds, in the order it funds them, or `None` when a
/// decision could not be certified in floating point.
pub(super) fn funded(counter: &mut Counter, costs: &[i64], ballots: &Ballots, budget: i64) -> Option<Vec<usize>> {
    // Amounts must be whole numbers a float holds exactly, counts fit in 32 bits.
    const EXACT: i64 = 1 << 52;
    if budget.max(0) >= EXACT || costs.iter().any(|&c| c >= EXACT) || ballots.voters > u64::from(u32::MAX) {
        return None;
    }
    let m = costs.len();
    // The last run's counts, zeroed where it wrote them.
    let cap = counter.cap;
    for (p, used) in counter.used.iter_mut().enumerate() {
        counter.counts[p * cap..p * cap + *used].fill(0);
        *used = 1;
    }
    for (p, &a) in counter.approvals.iter().enumerate() {
        counter.counts[p * cap] = a as u32;
    }
    let Counter { approvals, approvers, counts, cap, used, spare } = counter;
    let share = Amount::exact(budget.max(0) as f64).over(ballots.voters.max(1));
    // One class holding every voter; every project with a cost and supporters open.
    let mut t = std::mem::take(spare);
    t.clear();
    t.money.push(share);
    t.weight.push(ballots.groups.iter().map(|g| g.1).sum());
    t.joined.push(0);
    t.order.push(0);
    t.class_of.resize(ballots.groups.len(), 0);
    t.open.extend((0..m).map(|p| costs[p] > 0 && approvals[p] > 0));
    t.spent.push(false);
    t.broke.resize(m, 0);
    t.mark.push(false);
    let mut run = Run {
        costs,
        ballots,
        approvals,
        approvers,
        counts,
        cap,
        used,
        money: t.money,
        weight: t.weight,
        joined: t.joined,
        order: t.order,
        class_of: t.class_of,
        open: t.open,
        spent: t.spent,
        broke: t.broke,
        worst: share.e,
        mark: t.mark,
        spare: t.spare,
        target: t.target,
    };
    let out = rounds(&mut run);
    let Run { money, weight, joined, order, class_of, open, spent, broke, mark, spare: s, target, .. } = run;
    *spare = Tables { money, weight, joined, order, class_of, open, spent, broke, mark, spare: s, target };
    out.ok()
}

fn rounds(run: &mut Run) -> Result<Vec<usize>, Uncertain> {
    let (m, costs) = (run.costs.len(), run.costs);
    let mut funded: Vec<usize> = (0..m).filter(|&p| costs[p] <= 0 && run.approvals[p] > 0).collect();
    let mut remaining: Vec<usize> = (0..m).filter(|&p| costs[p] > 0 && run.approvals[p] > 0).collect();
    // A lower bound of each candidate's ratio (it never falls): 1 / supporters at first.
    let mut bound: Vec<f64> = (0..m).map(|p| Amount::exact(1.0).over(run.approvals[p].max(1)).floor()).collect();
    loop {
        remaining.sort_by(|&a, &b| bound[a].total_cmp(&bound[b]));
        let mut best: Option<(usize, Standing)> = None;
        let mut gone = vec![];
        for &p in &remaining {
            // Sorted by lower bound: once one is certainly worse than the best, so are the rest.
            if best.as_ref().is_some_and(|(_, s)| s.ratio.ceil() < bound[p]) {
                break;
            }
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
        remaining.retain(|p| !gone.contains(p));
        for &q in &gone {
            run.open[q] = false;
        }
        let Some((p, standing)) = best else { break };
        funded.push(p);
        remaining.retain(|&q| q != p);
        run.charge(p, &standing)?;
        run.open[p] = false;
    }
    Ok(funded)
}

#[cfg(test)]
mod tests {
    use super::super::equal_shares;
    use super::super::tests::{generator, random_ballots};
    use super::*;

    /// On many small budgets, with ties on purpose (few costs, few ballot shapes): whenever the floating-point
    /// run gives an outcome, it is the exact run's, in the same order; and it gives one on most of them.
    #[test]
    fn the_same_outcome_as_the_exact_run_or_none() {
        let mut next = generator(0x853C_49E6_748F_EA9B);
        let (mut certified, mut total) = (0, 0);
        for round in 0..3_000 {
            let m = 1 + next(9) as usize;
            let costs: Vec<i64> = (0..m)
                .map(|_| if round % 3 == 0 { 100 * (1 + next(5) as i64) } else { 1 + next(50_000) as i64 })
                .collect();
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
