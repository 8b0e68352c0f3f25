"""Runs Lighthouse on the pages residents open first and prints their scores, Web Vitals, weight and EcoIndex.

Called by `bash .cargo/dev.sh bench-pages` against a running release server on the demo town. The ballot is
opened signed in as the demo resident (the session cookie is handed to Lighthouse). Targets: performance >= 95,
accessibility 100, best practices 100, EcoIndex A; a page that misses one is marked and the command fails.
"""

import asyncio
import html
import json
import os
import re
import subprocess
import sys
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from ecoindex.compute import compute_ecoindex

BASE = sys.argv[1].rstrip("/")
RESIDENT = ("habitant@demo.clairvoie.fr", "demo-habitant-clairvoie")


def signed_in_cookie() -> str:
    """The demo resident's session, signed in through the real form (CSRF token and all)."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{BASE}/compte/connexion").read().decode()
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page).group(1)
    body = urllib.parse.urlencode({"csrf": csrf, "next": "/", "email": RESIDENT[0], "password": RESIDENT[1]})
    opener.open(f"{BASE}/compte/connexion", body.encode())
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def first_link(path: str, pattern: str) -> str:
    page = urllib.request.urlopen(f"{BASE}{path}").read().decode()
    return html.unescape(re.search(pattern, page).group(0))


def lighthouse(url: str, cookie: str | None) -> dict:
    args = [
        os.environ["LIGHTHOUSE"], url, "--output=json", "--output-path=stdout", "--quiet",
        "--only-categories=performance,accessibility,best-practices,seo",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
    ]
    if cookie:
        args.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main() -> int:
    cookie = signed_in_cookie()
    consultation = first_link("/consultations", r"/consultations/capteurs-de-bruit[a-z0-9-]*")
    budget = first_link("/budgets", r"/budgets/budget-participatif-2027[a-z0-9-]*")
    pages = [
        ("home", "/", None),
        ("sensor map", "/capteurs", None),
        ("a sensor", "/capteurs/VI-0001", None),
        ("open consultation", consultation, None),
        ("ballot (signed in)", f"{budget}/vote", cookie),
    ]
    print("| page | performance | accessibility | best practices | SEO | LCP | TBT | CLS | transferred | requests | DOM nodes | EcoIndex |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    missed = []
    for name, path, with_cookie in pages:
        report = lighthouse(BASE + path, with_cookie)
        cats, audits = report["categories"], report["audits"]
        score = {k: round(cats[k]["score"] * 100) for k in ("performance", "accessibility", "best-practices", "seo")}
        transferred = audits["total-byte-weight"]["numericValue"]
        requests = len(audits["network-requests"]["details"]["items"])
        nodes = int(audits["dom-size"]["numericValue"])
        eco = asyncio.run(compute_ecoindex(nodes=nodes, size=transferred / 1024, requests=requests))
        grade = eco.grade.value if hasattr(eco.grade, "value") else str(eco.grade)
        for what, ok in (
            ("performance", score["performance"] >= 95),
            ("accessibility", score["accessibility"] == 100),
            ("best practices", score["best-practices"] == 100),
            ("EcoIndex", grade == "A"),
        ):
            if not ok:
                missed.append(f"{name}: {what}")
        print(
            f"| {name} (`{path.split('?')[0]}`) | {score['performance']} | {score['accessibility']} | "
            f"{score['best-practices']} | {score['seo']} | "
            f"{audits['largest-contentful-paint']['numericValue'] / 1000:.1f} s | "
            f"{audits['total-blocking-time']['numericValue']:.0f} ms | "
            f"{audits['cumulative-layout-shift']['numericValue']:.3f} | {transferred / 1024:.0f} KB | {requests} | "
            f"{nodes} | {grade} ({eco.score:.0f}) |"
        )
        for category in ("accessibility", "best-practices", "seo"):
            for ref in cats[category]["auditRefs"]:
                audit = audits[ref["id"]]
                if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                    print(f"  {name}: {category}: {audit['id']} — {audit['title']}", file=sys.stderr)
    print()
    print("targets: performance >= 95, accessibility 100, best practices 100, EcoIndex A on every page")
    if missed:
        print("missed: " + "; ".join(missed))
        return 1
    print("every page meets its targets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
