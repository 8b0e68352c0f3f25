//! The Method of Equal Shares (approval ballots), its `add1` completion and the comparison with greedy, as
//! pabulib describes them: every voter starts with an equal share of the budget; a project is funded when its
//! supporters can pay for it, each paying an equal part capped by what they have left; among the affordable
//! projects the one whose largest single payment is smallest relative to its cost goes first.
//!
//! Exact arithmetic throughout: every voter's money is a whole number over one common denominator (big integers,
//! because each payment divides by a number of payers), so no rounding ever decides a winner and real ties are
//! seen as ties. Ties go to the lower cost, then to more supporters, then to the project published first.
//!
//! The `add1` completion is in `completion.rs`; `fast.rs` counts a run in floating point, every decision certified
//! against its rounding error, and gives way to the exact run whenever one is not.
//!
//! Speed: voters are never handled one by one. Identical ballots form a group; groups whose money is equal form a
//! class (all voters start in one class; paying for a project splits a class in two; equal amounts merge again).
//! A project's payment is found by walking the classes in order of money, and candidates are examined lazily: a
//! project's payment can only grow as voters spend, so one whose previous ratio is already worse than the best
//! found this round is not recomputed.

mod completion;
mod fast;

pub use completion::{equal_shares_add1, equal_shares_add1_by_units, Completion, Stop};

use num_bigint::BigUint;
use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};
use std::cmp::Ordering;

/// Approval ballots, identical ones grouped.
#[derive(Clone, Debug, Default)]
pub struct Ballots {
    /// Distinct ballots (project indices, sorted, without repeats) and how many voters cast each.
    pub groups: Vec<(Vec<usize>, u64)>,
    /// Number of voters (the groups' total weight), empty ballots included.
    pub voters: u64,
}

impl Ballots {
    /// Groups ballots given as project indices; indices at or beyond `projects` are ignored.
    pub fn new<I: IntoIterator<Item = Vec<usize>>>(projects: usize, ballots: I) -> Ballots {
        let mut count: std::collections::HashMap<Vec<usize>, u64> = Default::default();
        let mut voters = 0;
        for mut ballot in ballots {
            ballot.retain(|&p| p < projects);
            ballot.sort_unstable();
            ballot.dedup();
            *count.entry(ballot).or_default() += 1;
            voters += 1;
        }
        let mut groups: Vec<(Vec<usize>, u64)> = count.into_iter().filter(|(b, _)| !b.is_empty()).collect();
        // A fixed order, so that every run does the same work in the same order.
        groups.sort_unstable();
        Ballots { groups, voters }
    }

    /// How many voters approve each project.
    pub fn approvals(&self, projects: usize) -> Vec<u64> {
        let mut out = vec![0; projects];
        for (ballot, weight) in &self.groups {
            for &p in ballot {
                out[p] += weight;
            }
        }
        out
    }
}

/// An exact non-negative fraction.
#[derive(Clone, Debug)]
pub struct Ratio {
    /// Numerator.
    pub num: BigUint,
    /// Denominator (never zero).
    pub den: BigUint,
}

impl Ratio {
    fn new(num: BigUint, den: BigUint) -> Ratio {
        Ratio { num, den }
    }

    /// The value rounded down to a whole number.
    pub fn floor(&self) -> i64 {
        (&self.num / &self.den).to_i64().unwrap_or(i64::MAX)
    }

    /// The value rounded to the nearest whole number (half up): cents when the ratio is an amount in cents.
    pub fn rounded(&self) -> i64 {
        let twice: BigUint = &self.num * 2u32 + &self.den;
        (twice / (&self.den * 2u32)).to_i64().unwrap_or(i64::MAX)
    }
}

impl PartialEq for Ratio {
    fn eq(&self, other: &Ratio) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ratio {}
impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Ratio) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ratio {
    fn cmp(&self, other: &Ratio) -> Ordering {
        (&self.num * &other.den).cmp(&(&other.num * &self.den))
    }
}

/// What happened to one project in a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fate {
    /// Funded: the largest payment asked of a supporter (in cents), and how many supporters paid exactly that
    /// (the others paid all they had left, which was less).
    Funded {
        /// The largest single payment, in cents.
        max_payment: Ratio,
        /// Supporters who paid the largest payment.
        full_payers: u64,
    },
    /// Its supporters' money left (in cents) was less than its cost.
    Unaffordable {
        /// What its supporters had left when it became unaffordable, in cents.
        money: Ratio,
    },
    /// Nobody approved it.
    NoSupport,
}

/// One run's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shares {
    /// Funded projects, in the order they were funded.
    pub funded: Vec<usize>,
    /// Each project's fate (in the projects' order).
    pub fates: Vec<Fate>,
    /// Each voter's starting money in this run, in cents (raised above budget / voters by the completion).
    pub voter_budget: Ratio,
    /// The total budget this run shared out, in cents.
    pub budget_run: i64,
    /// How the `add1` completion ended, for an outcome it chose.
    pub completion: Option<Completion>,
}

impl Shares {
    /// Total cost of the funded projects (saturating: a sum past i64 is over any budget anyway).
    pub fn cost(&self, costs: &[i64]) -> i64 {
        self.funded.iter().fold(0i64, |sum, &p| sum.saturating_add(costs[p]))
    }
}

/// Voters holding the same amount of money.
struct Class {
    /// Money per voter, over the run's common denominator.
    money: BigUint,
    /// Voters in the class.
    weight: u64,
    /// Per project: how many of the class's voters approve it.
    count: Vec<u64>,
    /// Ballot groups in the class.
    members: Vec<usize>,
}

/// A candidate's standing this round: its ratio (largest payment / cost), and the payment as `num / (payers ×
/// denominator)`.
struct Standing {
    ratio: Ratio,
    num: BigUint,
    payers: u64,
}

struct Run<'a> {
    costs: &'a [i64],
    ballots: &'a Ballots,
    approvals: Vec<u64>,
    approvers: Vec<Vec<usize>>,
    /// Common denominator of every class's money.
    den: BigUint,
    classes: Vec<Option<Class>>,
    /// Live classes, by increasing money.
    order: Vec<usize>,
    class_of: Vec<usize>,
}

impl<'a> Run<'a> {
    fn new(costs: &'a [i64], ballots: &'a Ballots, budget: i64) -> Run<'a> {
        let m = costs.len();
        let approvals = ballots.approvals(m);
        let mut approvers = vec![vec![]; m];
        for (g, (ballot, _)) in ballots.groups.iter().enumerate() {
            for &p in ballot {
                approvers[p].push(g);
            }
        }
        // Every voter starts with budget / voters: money `budget` over the denominator `voters`.
        let all = Class {
            money: BigUint::from(budget.max(0) as u64),
            weight: ballots.groups.iter().map(|g| g.1).sum(),
            count: approvals.clone(),
            members: (0..ballots.groups.len()).collect(),
        };
        let mut run = Run {
            costs,
            ballots,
            approvals,
            approvers,
            den: BigUint::from(ballots.voters.max(1)),
            classes: vec![Some(all)],
            order: vec![0],
            class_of: vec![0; ballots.groups.len()],
        };
        run.reduce();
        run
    }

    fn class(&self, c: usize) -> &Class {
        self.classes[c].as_ref().expect("live class")
    }

    /// The candidate's standing, or `None` (with its supporters' money) when they cannot pay for it.
    fn evaluate(&self, p: usize) -> Result<Standing, BigUint> {
        let cost_den = &self.den * self.costs[p] as u64;
        let mut payers = self.approvals[p];
        let mut paid = BigUint::zero();
        // Poorest first: while an equal share of what remains is more than a class has, the class pays all it has.
        for &c in &self.order {
            let class = self.class(c);
            let w = class.count[p];
            if w == 0 {
                continue;
            }
            let rest = &cost_den - &paid;
            if rest > &class.money * payers {
                paid += &class.money * w;
                payers -= w;
            } else {
                let ratio = Ratio::new(rest.clone(), &self.den * payers * self.costs[p] as u64);
                return Ok(Standing { ratio, num: rest, payers });
            }
        }
        Err(paid)
    }

    /// Charges `p`'s supporters: each pays `num / (payers × den)`, or all they have when that is less.
    fn charge(&mut self, p: usize, num: &BigUint, payers: u64) {
        // Keep the denominator small: the payment's own fraction first.
        let g = (num % payers).to_u64().unwrap_or(0).gcd(&payers);
        let (num, scale) = if g > 1 { (num / g, payers / g) } else { (num.clone(), payers) };
        self.den *= scale;
        for class in self.classes.iter_mut().flatten() {
            class.money *= scale;
        }
        // Split each class between the supporters of `p` (who pay) and the others.
        const UNSEEN: usize = usize::MAX;
        let mut target = vec![UNSEEN; self.classes.len()];
        let mut paying = vec![];
        let mut split = vec![];
        let approvers = std::mem::take(&mut self.approvers[p]);
        for &g in &approvers {
            let old = self.class_of[g];
            if target[old] == UNSEEN {
                let class = self.class(old);
                target[old] = if class.count[p] == class.weight {
                    old
                } else {
                    let money = class.money.clone();
                    let m = self.costs.len();
                    self.classes.push(Some(Class { money, weight: 0, count: vec![0; m], members: vec![] }));
                    self.order.push(self.classes.len() - 1);
                    split.push(old);
                    self.classes.len() - 1
                };
                paying.push(target[old]);
            }
            let new = target[old];
            if new != old {
                let (ballot, w) = &self.ballots.groups[g];
                let from = self.classes[old].as_mut().expect("live class");
                from.weight -= w;
                for &q in ballot {
                    from.count[q] -= w;
                }
                let to = self.classes[new].as_mut().expect("live class");
                to.weight += w;
                for &q in ballot {
                    to.count[q] += w;
                }
                to.members.push(g);
                self.class_of[g] = new;
            }
        }
        self.approvers[p] = approvers;
        for old in split {
            let class_of = &self.class_of;
            self.classes[old].as_mut().expect("live class").members.retain(|&g| class_of[g] == old);
        }
        for c in paying {
            let class = self.classes[c].as_mut().expect("live class");
            class.money = if class.money > num { &class.money - &num } else { BigUint::zero() };
        }
        self.reduce();
    }

    /// Re-sorts the classes and merges those holding equal money.
    fn reduce(&mut self) {
        let classes = &self.classes;
        self.order.sort_by(|&a, &b| classes[a].as_ref().unwrap().money.cmp(&classes[b].as_ref().unwrap().money));
        let mut kept: Vec<usize> = Vec::with_capacity(self.order.len());
        for c in std::mem::take(&mut self.order) {
            let same = kept.last().is_some_and(|&k| self.class(k).money == self.class(c).money);
            if same {
                let into = *kept.last().expect("a kept class");
                let from = self.classes[c].take().expect("live class");
                for &g in &from.members {
                    self.class_of[g] = into;
                }
                let to = self.classes[into].as_mut().expect("live class");
                to.weight += from.weight;
                to.members.extend(from.members);
                for (a, b) in to.count.iter_mut().zip(from.count) {
                    *a += b;
                }
            } else {
                kept.push(c);
            }
        }
        self.order = kept;
    }

    /// Whether `a` (with its standing) goes before `b`: smaller ratio, then lower cost, more supporters, and the
    /// project published first.
    fn before(&self, a: usize, ra: &Ratio, b: usize, rb: &Ratio) -> bool {
        ra.cmp(rb)
            .then(self.costs[a].cmp(&self.costs[b]))
            .then(self.approvals[b].cmp(&self.approvals[a]))
            .then(a.cmp(&b))
            == Ordering::Less
    }
}

/// One run of the Method of Equal Shares with `budget` (cents) shared equally among the voters.
pub fn equal_shares(costs: &[i64], ballots: &Ballots, budget: i64) -> Shares {
    let m = costs.len();
    let mut run = Run::new(costs, ballots, budget);
    let mut fates = vec![Fate::NoSupport; m];
    let mut funded = vec![];
    let zero = || Ratio::new(BigUint::zero(), BigUint::from(1u32));
    // A free project with supporters costs nobody anything.
    for p in (0..m).filter(|&p| costs[p] <= 0 && run.approvals[p] > 0) {
        funded.push(p);
        fates[p] = Fate::Funded { max_payment: zero(), full_payers: run.approvals[p] };
    }
    let mut remaining: Vec<usize> = (0..m).filter(|&p| costs[p] > 0 && run.approvals[p] > 0).collect();
    // A project's ratio never falls: its lower bound starts at 1 / supporters (all paying equally).
    let mut bound: Vec<Ratio> =
        (0..m).map(|p| Ratio::new(BigUint::from(1u32), BigUint::from(run.approvals[p].max(1)))).collect();
    loop {
        remaining.sort_by(
            |&a, &b| {
                if run.before(a, &bound[a], b, &bound[b]) {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            },
        );
        let mut best: Option<(usize, Standing)> = None;
        let mut gone = vec![];
        for &p in &remaining {
            if best.as_ref().is_some_and(|(_, s)| bound[p] > s.ratio) {
                break;
            }
            match run.evaluate(p) {
                Ok(standing) => {
                    bound[p] = standing.ratio.clone();
                    if best.as_ref().is_none_or(|(b, s)| run.before(p, &standing.ratio, *b, &s.ratio)) {
                        best = Some((p, standing));
                    }
                }
                Err(money) => {
                    // Money only ever decreases: it stays unaffordable.
                    fates[p] = Fate::Unaffordable { money: Ratio::new(money, run.den.clone()) };
                    gone.push(p);
                }
            }
        }
        remaining.retain(|p| !gone.contains(p));
        let Some((p, standing)) = best else { break };
        let max_payment = Ratio::new(standing.num.clone(), &run.den * standing.payers);
        fates[p] = Fate::Funded { max_payment, full_payers: standing.payers };
        funded.push(p);
        remaining.retain(|&q| q != p);
        run.charge(p, &standing.num, standing.payers);
    }
    let voter_budget = Ratio::new(BigUint::from(budget.max(0) as u64), BigUint::from(ballots.voters.max(1)));
    Shares { funded, fates, voter_budget, budget_run: budget, completion: None }
}

/// The comparison step: how many voters have more of their approved projects funded under each outcome.
/// Returns (voters preferring `a`, voters preferring `b`).
pub fn preferences(ballots: &Ballots, a: &[usize], b: &[usize]) -> (u64, u64) {
    let (mut for_a, mut for_b) = (0, 0);
    for (ballot, w) in &ballots.groups {
        let in_a = ballot.iter().filter(|p| a.contains(p)).count();
        let in_b = ballot.iter().filter(|p| b.contains(p)).count();
        match in_a.cmp(&in_b) {
            Ordering::Greater => for_a += w,
            Ordering::Less => for_b += w,
            Ordering::Equal => {}
        }
    }
    (for_a, for_b)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// Ballots from (ballot, how many voters cast it).
    pub(in crate::budgets::equal_shares) fn ballots(m: usize, spec: &[(&[usize], u64)]) -> Ballots {
        Ballots::new(m, spec.iter().flat_map(|(b, n)| std::iter::repeat_n(b.to_vec(), *n as usize)))
    }

    /// A small deterministic generator (xorshift): `next(m)` is below `m`. Property tests without a dependency.
    pub(in crate::budgets::equal_shares) fn generator(mut seed: u64) -> impl FnMut(u64) -> u64 {
        move |m| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        }
    }

    /// `voters` random approval ballots over `m` projects, each project on about a third of them.
    pub(in crate::budgets::equal_shares) fn random_ballots(
        next: &mut impl FnMut(u64) -> u64,
        m: usize,
        voters: u64,
    ) -> Ballots {
        Ballots::new(m, (0..voters).map(|_| (0..m).filter(|_| next(3) == 0).collect::<Vec<_>>()).collect::<Vec<_>>())
    }

    /// `m` random costs: with `units`, whole currency units up to that many (ties on purpose); otherwise any
    /// number of cents up to `cents`.
    pub(in crate::budgets::equal_shares) fn random_costs(
        next: &mut impl FnMut(u64) -> u64,
        m: usize,
        units: Option<u64>,
        cents: u64,
    ) -> Vec<i64> {
        (0..m)
            .map(|_| match units {
                Some(units) => 100 * (1 + next(units) as i64),
                None => 1 + next(cents) as i64,
            })
            .collect()
    }

    #[test]
    fn proportional_where_greedy_is_not() {
        // 60 voters want X0..X4, 40 want Y0..Y4; each costs 20, budget 100. Greedy gives everything to the 60.
        let m = 10;
        let costs = [20; 10];
        let b = ballots(m, &[(&[0, 1, 2, 3, 4], 60), (&[5, 6, 7, 8, 9], 40)]);
        let approvals: Vec<i64> = b.approvals(m).into_iter().map(|a| a as i64).collect();
        let greedy = crate::budgets::tally::greedy(&costs, &approvals, 100, crate::budgets::tally::Rule::Greedy, 0);
        assert_eq!(greedy, [0, 1, 2, 3, 4]);
        let out = equal_shares(&costs, &b, 100);
        assert_eq!(out.funded, [0, 1, 2, 5, 6]);
        // Each of the 60 paid 20 / 60 for X0; each of the 40 paid 20 / 40 for Y0.
        assert_eq!(out.fates[0], Fate::Funded { max_payment: Ratio::new(1u32.into(), 3u32.into()), full_payers: 60 });
        assert_eq!(out.fates[5], Fate::Funded { max_payment: Ratio::new(1u32.into(), 2u32.into()), full_payers: 40 });
        assert!(matches!(out.fates[3], Fate::Unaffordable { .. }));
        assert_eq!(preferences(&b, &out.funded, &greedy), (40, 60));
    }

    #[test]
    fn the_poor_pay_what_they_have_and_the_rest_share() {
        // 4 voters, budget 30 (7.5 each): voter 0 approves A and B, voters 1 and 2 approve B, voter 3 approves A.
        let b = ballots(2, &[(&[0, 1], 1), (&[1], 2), (&[0], 1)]);
        // A (8): 4 each, ratio 1/2. B (20): 20/3 each, ratio 1/3 → B first; voter 0 keeps 7.5 - 20/3 = 5/6.
        // A then: voter 0 pays the 5/6 it has, voter 3 pays 8 - 5/6 = 43/6 ≤ 7.5.
        let out = equal_shares(&[8, 20], &b, 30);
        assert_eq!(out.funded, [1, 0]);
        assert_eq!(out.fates[1], Fate::Funded { max_payment: Ratio::new(20u32.into(), 3u32.into()), full_payers: 3 });
        assert_eq!(out.fates[0], Fate::Funded { max_payment: Ratio::new(43u32.into(), 6u32.into()), full_payers: 1 });
        // A at 9 would need 49/6 > 7.5 of voter 3: its supporters hold 5/6 + 7.5 = 25/3 < 9.
        let out = equal_shares(&[9, 20], &b, 30);
        assert_eq!(out.funded, [1]);
        assert_eq!(out.fates[0], Fate::Unaffordable { money: Ratio::new(25u32.into(), 3u32.into()) });
    }

    #[test]
    fn ties_go_to_lower_cost_then_more_supporters_then_published_order() {
        // Equal ratios (1/5 each): the cheaper one first.
        let b = ballots(2, &[(&[0], 5), (&[1], 5)]);
        assert_eq!(equal_shares(&[30, 20], &b, 100).funded, [1, 0]);
        // Equal ratio and cost: published order.
        assert_eq!(equal_shares(&[20, 20], &b, 100).funded, [0, 1]);
        // An exact fit is affordable: 5 voters with 4 each pay exactly 20.
        let b = ballots(1, &[(&[0], 5)]);
        assert_eq!(equal_shares(&[20], &b, 20).funded, [0]);
        assert_eq!(equal_shares(&[21], &b, 20).funded, Vec::<usize>::new());
    }

    #[test]
    fn free_and_unsupported_projects() {
        let b = ballots(3, &[(&[0, 1], 2)]);
        let out = equal_shares(&[0, 10, 5], &b, 10);
        assert_eq!(out.funded, [0, 1]);
        assert_eq!(out.fates[2], Fate::NoSupport);
    }

    #[test]
    fn never_over_budget() {
        let mut next = generator(0x2545_F491_4F6C_DD1D);
        for _ in 0..300 {
            let m = 1 + next(8) as usize;
            let costs: Vec<i64> = (0..m).map(|_| 1 + next(40) as i64).collect();
            let voters = 1 + next(30);
            let b = random_ballots(&mut next, m, voters);
            let budget = next(120) as i64;
            for out in [equal_shares(&costs, &b, budget), equal_shares_add1(&costs, &b, budget * 100)] {
                let limit = if out.budget_run == budget { budget } else { budget * 100 };
                assert!(out.cost(&costs) <= limit, "{costs:?} {:?} {budget}", b.groups);
            }
        }
    }
}
