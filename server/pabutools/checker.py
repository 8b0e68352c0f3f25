#!/usr/bin/env python3
"""pabulib-checker (PyPI, the format's own checker) as an oracle of Clairvoie's files and tallies.

    python3 checker.py CLAIRVOIE_BINARY FILE.pb...   every file as published, then Clairvoie's winners under
                                                     greedy, equalshares and equalshares/add1 written into it
    python3 checker.py --files FILE.pb...            files only (what Clairvoie's export wrote)

A file passes when the checker reports no error (warnings are printed, not fatal): its format, its counts
(num_projects, num_votes, the votes/score columns recomputed from the ballots), the budget, and its own
recomputation of the winners under the file's rule compared with the `selected` column.

For Clairvoie's tallies, each approval file is rewritten with `rule` set to the rule checked and `selected` set to
what `clairvoie pb tally` funds on that very file, and the checker recomputes the winners. Equal-shares variants
drop `min_project_score_threshold` (the checker's equal shares ignores it, Clairvoie's applies it to every rule),
greedy keeps it as `greedy-threshold`. The checker's add1 counts one unit at a time in pure Python: files of more
than 100 projects (Toulouse) are checked under greedy and equalshares only, and so are files where every project
with a vote fits in the budget (the checker's add1 then never stops; Clairvoie's stops once all are funded).
Exits non-zero on the first error.
"""
import csv
import io
import os
import subprocess
import sys
import tempfile
import time

from pabulib.checker import Checker


def check_text(label, text):
    """Runs the checker on one file's text; returns its errors (a dict, empty when it passes)."""
    checker = Checker()
    with open(os.devnull, "w") as quiet:
        saved = sys.stdout
        sys.stdout = quiet
        try:
            results = checker.process_files([text])
        finally:
            sys.stdout = saved
    files = {k: v for k, v in results.items() if k not in ("metadata", "summary")}
    (only,) = files.values()
    outcome = only.get("results", {})
    for kind, details in outcome.get("warnings", {}).items():
        print(f"  warning {label}: {kind}: {list(details.values())[0]}")
    return outcome.get("errors", {})


def sections(text):
    out, name = {}, None
    for line in text.splitlines():
        if line.strip() in ("META", "PROJECTS", "VOTES"):
            name = line.strip()
            out[name] = []
        elif name and line.strip():
            out[name].append(line)
    return out


def variant(text, rule, selected_ids):
    """The file with `rule` and Clairvoie's winners as its `selected` column."""
    parts = sections(text)
    key = lambda line: line.split(";")[0].strip()
    meta = [l for l in parts["META"] if not (rule.startswith("equalshares") and key(l) == "min_project_score_threshold")]
    # The rule in its place (the checker warns about META keys out of the format's order).
    at = next((i for i, l in enumerate(meta) if key(l) == "rule"), None)
    if at is None:
        at = next(i for i, l in enumerate(meta) if key(l) == "vote_type") + 1
        meta.insert(at, "")
    meta[at] = f"rule;{rule}"
    rows = list(csv.reader(io.StringIO("\n".join(parts["PROJECTS"])), delimiter=";"))
    header = [h.strip() for h in rows[0]]
    if "selected" not in header:
        header.append("selected")
        rows = [header] + [r + [""] for r in rows[1:]]
    col = header.index("selected")
    for r in rows[1:]:
        r[col] = "1" if r[0].strip() in selected_ids else "0"
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\n").writerows([header] + rows[1:])
    return "META\n" + "\n".join(meta) + "\nPROJECTS\n" + buf.getvalue() + "VOTES\n" + "\n".join(parts["VOTES"]) + "\n"


def supported_cost(text):
    """What every project with at least one vote costs together."""
    parts = sections(text)
    rows = list(csv.reader(io.StringIO("\n".join(parts["PROJECTS"])), delimiter=";"))
    header = [h.strip() for h in rows[0]]
    cost = {r[0].strip(): float(r[header.index("cost")].replace(",", ".")) for r in rows[1:]}
    votes = list(csv.reader(io.StringIO("\n".join(parts["VOTES"])), delimiter=";"))
    at = [h.strip() for h in votes[0]].index("vote")
    named = {p.strip() for r in votes[1:] for p in r[at].split(",") if p.strip()}
    return sum(c for p, c in cost.items() if p in named)


def clairvoie(binary, text):
    with tempfile.NamedTemporaryFile("w", suffix=".pb", delete=False, encoding="utf-8") as f:
        f.write(text)
    try:
        out = subprocess.run([binary, "pb", "tally", f.name], capture_output=True, text=True)
    finally:
        os.unlink(f.name)
    if out.returncode != 0:
        sys.exit(f"clairvoie failed: {out.stderr.strip()}")
    return set(out.stdout.split())


def fail(label, errors):
    sys.exit(f"pabulib-checker refuses {label}: {errors}")


def main(args):
    files_only = args and args[0] == "--files"
    binary = None if files_only else args[0]
    paths = args[1:]
    if not paths:
        sys.exit(__doc__)
    checked = 0
    for path in paths:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        start = time.perf_counter()
        errors = check_text(name, text)
        if errors:
            fail(name, errors)
        checked += 1
        done = ["as published"]
        meta = dict(l.split(";", 1) for l in sections(text)["META"][1:] if ";" in l)
        meta = {k.strip(): v.strip() for k, v in meta.items()}
        if binary and meta.get("vote_type") == "approval":
            many = int(meta.get("num_projects", "0")) > 100
            # The checker's add1 raises the shares while the outcome fits: when every supported project fits in
            # the budget together, it never stops.
            endless = supported_cost(text) <= float(meta["budget"])
            greedy = "greedy-threshold" if "min_project_score_threshold" in meta else "greedy"
            for rule in [greedy, "equalshares"] + ([] if many or endless else ["equalshares/add1"]):
                draft = variant(text, rule, set())
                label = f"{name} ({rule}, Clairvoie's winners)"
                errors = check_text(label, variant(text, rule, clairvoie(binary, draft)))
                if errors:
                    fail(label, errors)
                checked += 1
                done.append(rule)
        print(f"pass   {name}: {', '.join(done)} ({time.perf_counter() - start:.0f} s)", flush=True)
    print(f"{checked} checks passed by pabulib-checker")


if __name__ == "__main__":
    main(sys.argv[1:])
