#!/usr/bin/env python3
"""Cross-checks Clairvoie's tally (`clairvoie pb tally`) against pabutools, an independent implementation.

    python3 cross_check.py CLAIRVOIE_BINARY FILE.pb...        compare the winners on every approval file
    python3 cross_check.py --bench CLAIRVOIE_BINARY FILE.pb   time equalshares/add1 in both, in one run

For every approval file: greedy (pabutools' greedy welfare with cost satisfaction is greedy by number of
approvals), the Method of Equal Shares (cost satisfaction: the project whose largest payment is smallest relative
to its cost), and equalshares/add1 as pabulib defines it (shares raised one currency unit per voter at a time
from the budget rounded down to a whole unit per voter while the next outcome fits; the last outcome that fits is
kept). Ties as Clairvoie
breaks them: published order for greedy; lower cost, then more approvals, then published order for equal shares.
Exits non-zero at the first difference.
"""
import subprocess
import sys
import time

from pabutools.election import Cost_Sat, parse_pabulib
from pabutools.rules import greedy_utilitarian_welfare, method_of_equal_shares
from pabutools.tiebreaking import TieBreakingRule


def clairvoie(binary, path, rule):
    out = subprocess.run([binary, "pb", "tally", path, "--rule", rule], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{path}: clairvoie failed: {out.stderr.strip()}")
    return sorted(out.stdout.split())


def load(path):
    instance, profile = parse_pabulib(path)
    order = {p.name: i for i, p in enumerate(instance.project_meta)} if hasattr(instance, "project_meta") else {}
    # pabutools keeps projects in a set: the published order comes from the file itself.
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    start = next(i for i, l in enumerate(lines) if l.strip().upper() == "PROJECTS") + 2
    for i, line in enumerate(lines[start:]):
        if line.strip().upper() == "VOTES":
            break
        order[line.split(";")[0].strip()] = i
    return instance, profile, order


def equal_shares(instance, profile, order, budget):
    """pabutools' MES (no completion) with every voter holding budget / voters. `profile` may be a multiprofile
    (identical ballots counted once: the same outcome, much faster)."""
    saved = instance.budget_limit
    instance.budget_limit = budget
    tie = TieBreakingRule(lambda inst, prof, p: (p.cost, -prof.approval_score(p), order[p.name]))
    try:
        return method_of_equal_shares(instance, profile, sat_class=Cost_Sat, tie_breaking=tie)
    finally:
        instance.budget_limit = saved


def add1(instance, profile, order):
    """equalshares/add1 as pabulib defines it, on pabutools' MES: shares raised one unit per voter while the next
    outcome fits (however little room the outcome leaves), until every supported project is funded."""
    voters = profile.num_ballots()
    budget = instance.budget_limit
    supported = [p for p in instance if profile.approval_score(p) > 0]
    multi = profile.as_multiprofile()
    best = equal_shares(instance, multi, order, budget)
    raised = (budget // voters) * voters
    while not all(p in best for p in supported):
        raised += voters
        nxt = equal_shares(instance, multi, order, raised)
        if sum(p.cost for p in nxt) > budget:
            break
        best = nxt
    return best


def names(allocation):
    return sorted(p.name for p in allocation)


def check(binary, paths):
    checked = 0
    for path in paths:
        instance, profile, order = load(path)
        if instance.meta.get("vote_type") != "approval":
            continue
        # A city's minimum support applies to every rule in Clairvoie: projects under it are not candidates.
        threshold = float(instance.meta.get("min_project_score_threshold", 0) or 0)
        for p in [p for p in instance if profile.approval_score(p) < threshold]:
            instance.remove(p)
        greedy_tie = TieBreakingRule(lambda inst, prof, p: order[p.name])
        greedy = greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat, tie_breaking=greedy_tie)
        cases = [
            ("greedy", names(greedy)),
            ("equalshares", names(equal_shares(instance, profile, order, instance.budget_limit))),
        ]
        # Toulouse's 199 projects take Clairvoie 1,618 runs of equal shares (7 s); pabutools, hours: skipped.
        if len(instance) <= 100:
            cases.append(("equalshares/add1", names(add1(instance, profile, order))))
        for rule, theirs in cases:
            ours = clairvoie(binary, path, rule)
            if ours != theirs:
                sys.exit(f"{path} ({rule}): clairvoie {ours} but pabutools {theirs}")
            checked += 1
        print(f"agree  {path.rsplit('/', 1)[-1]}: {', '.join(rule for rule, _ in cases)}", flush=True)
    print(f"{checked} tallies agree with pabutools")


def bench(binary, path):
    """One run each, on the same file: Clairvoie's whole process (median of 5), then pabutools' fastest
    documented configuration for the add1 completion: the profile as a multiprofile (identical ballots once),
    gmpy2 fractions, voter_budget_increment=1."""
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        ours = clairvoie(binary, path, "equalshares/add1")
        runs.append(time.perf_counter() - start)
    runs.sort()
    mine = runs[len(runs) // 2]
    import pabutools.fractions
    pabutools.fractions.FRACTION = pabutools.fractions.GMPY_FRAC
    instance, profile, order = load(path)
    start = time.perf_counter()
    theirs = method_of_equal_shares(
        instance,
        profile.as_multiprofile(),
        sat_class=Cost_Sat,
        voter_budget_increment=1,
        tie_breaking=TieBreakingRule(lambda inst, prof, p: (p.cost, -prof.approval_score(p), order[p.name])),
    )
    pabu = time.perf_counter() - start
    spent = lambda alloc: sum(int(p.cost) for p in alloc)
    cost = {p.name: int(p.cost) for p in instance}
    print(f"| clairvoie pb tally --rule equalshares/add1 (whole process, median of 5; max {runs[-1]:.3f} s) "
          f"| {mine:.3f} s | {len(ours)} projects, {sum(cost[n] for n in ours):,} |")
    print(f"| pabutools 1.2.3 method_of_equal_shares(profile.as_multiprofile(), voter_budget_increment=1), gmpy2 "
          f"| {pabu:.2f} s | {len(theirs)} projects, {spent(theirs):,} (its completion stops at the first outcome "
          f"that leaves no room) |")
    print(f"ratio: Clairvoie is {pabu / mine:.0f} times faster")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--bench":
        bench(args[1], args[2])
    elif len(args) >= 2:
        check(args[0], args[1:])
    else:
        sys.exit(__doc__)
