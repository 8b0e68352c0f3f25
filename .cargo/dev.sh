#!/usr/bin/env bash
# Clairvoie's build, run and test driver: what `cargo leptos` does, without any tool that downloads binaries.
# Each concern has a file of its own in .cargo/dev/ (build, run, test, oracles, bench, bench-ingest).
#   bash .cargo/dev.sh run     build (release), migrate, seed the demo town, serve on http://127.0.0.1:3000
#   bash .cargo/dev.sh test    install what is missing, then every test: unit, integration (SQLite and
#                              PostgreSQL, the MQTT bridge on Mosquitto), end-to-end in Chromium. Fails, never
#                              skips, when a service is missing.
#   bash .cargo/dev.sh build [--release]   build the site (wasm, CSS, public files) and the server
#   bash .cargo/dev.sh e2e     the end-to-end tests only (after a build)
#   bash .cargo/dev.sh api-fuzz  schemathesis against the OpenAPI document: no 5xx (after a build)
#   bash .cargo/dev.sh fuzz [SECONDS]  cargo-fuzz on the payload decoders and the pabulib parser, SECONDS per
#                              target (default 60; nightly toolchain); failing inputs under target/fuzz/artifacts
#   bash .cargo/dev.sh bench-ingest [sqlite|postgres]   ingestion throughput, single-row latency and a retention
#                              run over 10 million rows under load (release build; several minutes)
#   bash .cargo/dev.sh bench-votes [sqlite|postgres]   1,000 voters with double submits and vote changes on one
#                              consultation: no vote lost or doubled, totals equal to each voter's last choice,
#                              latency of every vote request (release build; about a minute after the build)
#   bash .cargo/dev.sh bench-budgets   equal shares with the add1 completion on Wieliczka 2023 (6,586 approval
#                              ballots, 64 projects), timed beside pabutools' fastest configuration in one run
#   bash .cargo/dev.sh pb-cross-check  every approval file of server/tests/pabulib counted by Clairvoie and by
#                              pabutools under greedy, equalshares and equalshares/add1: they must agree; then
#                              pabulib-checker over every real budget, Clairvoie's winners under each rule and the
#                              files the export wrote during the tests (part of test)
#   bash .cargo/dev.sh bench-pages   Lighthouse (mobile emulation) and the EcoIndex of the home page, the sensor
#                              map, a sensor, an open consultation and a ballot (release build; a few minutes)
#   bash .cargo/dev.sh bench [sqlite|postgres]   the sensor registry's pages: 10,000 sensors, wrk on loopback,
#                              beside a bare axum handler (release build; about 3 minutes after the build)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export PATH="$HOME/.cargo/bin:$PATH"
SITE=target/site

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

for part in build run test oracles bench bench-ingest bench-pages; do
  # shellcheck source=/dev/null
  source "$ROOT/.cargo/dev/$part.sh"
done

cmd=${1:-}
case "$cmd" in
  run) run_demo ;;
  test) test_all ;;
  build) shift; build "${1:-}" ;;
  e2e) e2e ;;
  api-fuzz) api_fuzz ;;
  bench-ingest) bench_ingest "${2:-sqlite}" ;;
  bench-votes) bench_votes "${2:-sqlite}" ;;
  bench-budgets) bench_budgets ;;
  pb-cross-check) pb_cross_check ;;
  bench) bench "${2:-sqlite}" ;;
  bench-pages) bench_pages ;;
  fuzz) fuzz "${2:-60}" ;;
  *) sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
