#!/usr/bin/env python3
"""Cross-checks Clairvoie's tally (`clairvoie pb tally`) against pabutools, an independent implementation.

    python3 cross_check.py CLAIRVOIE_BINARY FILE.pb...        compare the winners on every approval file
    python3 cross_check.py --bench CLAIRVOIE_BINARY FILE.pb   time equalshares/add1 in both (one run each)
    python3 cross_check.py --generate FILE.pb                 write a Wieliczka-sized approval budget (6,600
                                                              ballots, 64 projects, 1,000,000 PLN; fixed seed)

For every approval file: greedy (pabutools' greedy welfare with cost satisfaction is greedy by number of
approvals), the Method of Equal Shares (cost satisfaction: the project whose largest payment is smallest relative
to its cost), and equalshares/add1 as pabulib describes it (shares raised one currency unit per voter at a time
from the budget rounded down to a whole unit per voter; the last outcome that fits is kept). Ties as Clairvoie
breaks them: published order for greedy; lower cost, then more approvals, then published order for equal shares.
Exits non-zero at the first difference.
"""
import random
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
    """pabutools' MES (no completion) with every voter holding budget / voters."""
    saved = instance.budget_limit
    instance.budget_limit = budget
    tie = TieBreakingRule(lambda inst, prof, p: (p.cost, -prof.approval_score(p), order[p.name]))
    try:
        return method_of_equal_shares(instance, profile, sat_class=Cost_Sat, tie_breaking=tie)
    finally:
        instance.budget_limit = saved


def add1(instance, profile, order):
    """equalshares/add1 as pabulib's README and equalshares.net describe it, on pabutools' MES."""
    voters = profile.num_ballots()
    budget = instance.budget_limit
    supported = [p for p in instance if p.cost > 0 and profile.approval_score(p) > 0]
    best = equal_shares(instance, profile, order, budget)
    raised = (budget // voters) * voters
    while True:
        spent = sum(p.cost for p in best)
        exhaustive = all(p in best or spent + p.cost > budget for p in instance)
        if exhaustive or all(p in best for p in supported):
            return best
        raised += voters
        nxt = equal_shares(instance, profile, order, raised)
        if sum(p.cost for p in nxt) > budget:
            return best
        best = nxt


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
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        ours = clairvoie(binary, path, "equalshares/add1")
        runs.append(time.perf_counter() - start)
    runs.sort()
    mine = runs[len(runs) // 2]
    instance, profile, order = load(path)
    start = time.perf_counter()
    # pabutools' own completion (shares raised one unit per voter at a time, starting from budget / voters).
    theirs = method_of_equal_shares(
        instance,
        profile,
        sat_class=Cost_Sat,
        voter_budget_increment=1,
        tie_breaking=TieBreakingRule(lambda inst, prof, p: (p.cost, -prof.approval_score(p), order[p.name])),
    )
    pabu = time.perf_counter() - start
    same = "the same" if names(theirs) == ours else "DIFFERENT"
    print(f"| clairvoie pb tally --rule equalshares/add1 (median of 5; max {runs[-1]:.2f} s) "
          f"| {mine:.2f} s | {len(ours)} projects |")
    print(f"| pabutools 1.2.3 method_of_equal_shares(voter_budget_increment=1) | {pabu:.1f} s "
          f"| {len(theirs)} projects, {same} |")
    print(f"ratio: Clairvoie is {pabu / mine:.0f} times faster (its time includes starting the process and reading the file)")


def generate(path, voters=6600, projects=64, seed=2023):
    """A budget shaped like Wieliczka's 2023 "green million": 64 projects between 10,000 and 200,000 PLN in
    eight neighbourhoods, 6,600 approval ballots naming 1 to 10 projects, mostly from the voter's own
    neighbourhood, popular projects more often. Deterministic."""
    rng = random.Random(seed)
    costs = [round(10_000 * (20 ** rng.random()), -2) for _ in range(projects)]
    area = [i % 8 for i in range(projects)]
    appeal = [rng.paretovariate(1.2) for _ in range(projects)]
    lines = ["META", "key;value", "description;Wieliczka-sized synthetic budget (Clairvoie benchmark)",
             "country;Poland", "unit;Synthetic", "instance;2023", f"num_projects;{projects}",
             f"num_votes;{voters}", "budget;1000000", "vote_type;approval", "rule;equalshares/add1",
             "currency;PLN", "PROJECTS", "project_id;cost;name"]
    lines += [f"p{i + 1};{int(c)};Projet {i + 1}" for i, c in enumerate(costs)]
    lines += ["VOTES", "voter_id;vote"]
    for v in range(voters):
        home = rng.randrange(8)
        weights = [appeal[i] * (6 if area[i] == home else 1) for i in range(projects)]
        size = min(projects, 1 + int(rng.expovariate(1 / 3.5)) % 10)
        chosen = set()
        while len(chosen) < size:
            chosen.add(rng.choices(range(projects), weights)[0])
        lines.append(f"v{v + 1};" + ",".join(f"p{i + 1}" for i in sorted(chosen)))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "--generate":
        generate(args[1])
    elif args and args[0] == "--bench":
        bench(args[1], args[2])
    elif len(args) >= 2:
        check(args[0], args[1:])
    else:
        sys.exit(__doc__)
