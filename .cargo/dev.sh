#!/usr/bin/env bash
# Clairvoie's build, run and test driver: what `cargo leptos` does, without any tool that downloads binaries.
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

ensure_rust() {
  command -v cargo >/dev/null || die "cargo is missing: install Rust (rustup) first"
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  # The CLI must be exactly the wasm-bindgen version in Cargo.lock, or hydration breaks silently.
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/"/, "", $3); print $3; exit}' Cargo.lock)
  if ! wasm-bindgen --version 2>/dev/null | grep -q " $want\$"; then
    say "installing wasm-bindgen-cli $want (a few minutes, once per machine)"
    cargo install wasm-bindgen-cli --version "$want" --force
  fi
}

ensure_chromium() {
  if [ ! -x /usr/bin/chromium ]; then
    say "installing Debian's chromium"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium >/dev/null
  fi
  [ -x /usr/bin/chromium ] || die "Chromium is not available at /usr/bin/chromium"
}

ensure_node_modules() {
  command -v npm >/dev/null || { say "installing Node.js and npm"; as_root apt-get update -qq; DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nodejs npm >/dev/null; }
  if [ ! -f end2end/node_modules/.package-lock.json ] || ! cmp -s end2end/package-lock.json end2end/node_modules/.clairvoie-lock; then
    say "installing end-to-end test packages (npm ci)"
    (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error && cp package-lock.json node_modules/.clairvoie-lock)
  fi
}

build() {
  local release=${1:-} server_targets=("${@:2}")
  ensure_rust
  local wasm_profile_flag=() wasm_dir=target/wasm32-unknown-unknown/debug server_flag=()
  if [ "$release" = "--release" ]; then
    wasm_profile_flag=(--profile wasm-release); wasm_dir=target/wasm32-unknown-unknown/wasm-release; server_flag=(--release)
  fi
  say "building the browser bundle (hydrate)"
  cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate "${wasm_profile_flag[@]}"
  mkdir -p "$SITE/pkg"
  wasm-bindgen --target web --no-typescript --out-dir "$SITE/pkg" --out-name clairvoie "$wasm_dir/app.wasm"
  mv -f "$SITE/pkg/clairvoie_bg.wasm" "$SITE/pkg/clairvoie.wasm"
  cp style/main.css "$SITE/pkg/clairvoie.css"
  cp -r public/. "$SITE/"
  say "building the server"
  cargo build -p server "${server_flag[@]}" "${server_targets[@]}"
}

check_postgres() {
  local url=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}
  local hostport=${url#*@}; hostport=${hostport%%/*}
  local host=${hostport%%:*} port=${hostport##*:}
  [ "$port" = "$hostport" ] && port=5432
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null || die "PostgreSQL is not reachable at $host:$port (TEST_DATABASE_URL=$url); the tests need it"
}

check_mqtt() {
  local url=${MQTT_TEST_URL:-mqtt://127.0.0.1:1883}
  local hostport=${url#*://}; hostport=${hostport#*@}; hostport=${hostport%%[/?]*}
  local host=${hostport%%:*} port=${hostport##*:}
  [ "$port" = "$hostport" ] && port=1883
  (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null || die "the MQTT broker is not reachable at $host:$port (MQTT_TEST_URL=$url); the tests need Mosquitto"
}

# The backup test runs pg_dump and pg_restore (PostgreSQL's client tools) against the test server.
ensure_pg_tools() {
  if ! command -v pg_dump >/dev/null || ! command -v pg_restore >/dev/null; then
    say "installing PostgreSQL's client tools (pg_dump, pg_restore)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql-client >/dev/null
  fi
  command -v pg_dump >/dev/null || die "pg_dump is not available: install postgresql-client"
}

# The deployment's broker ACL is tested on a Mosquitto of the test's own (the service on 1883 is another matter).
ensure_mosquitto() {
  if [ ! -x /usr/sbin/mosquitto ] || ! command -v mosquitto_passwd >/dev/null; then
    say "installing Mosquitto (the deployment ACL test runs one)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq mosquitto >/dev/null
  fi
  command -v mosquitto_passwd >/dev/null || die "mosquitto_passwd is not available: install mosquitto"
}

e2e() {
  ensure_chromium
  ensure_node_modules
  local data
  data=$(mktemp -d)
  say "end-to-end tests in Chromium (data in $data)"
  (cd end2end && E2E_DATA_DIR="$data" npx playwright test)
  rm -rf "$data"
}

# schemathesis (from PyPI, pinned) against the OpenAPI document of a running debug server on the demo town, with
# a device token: every operation fuzzed with a fixed seed; any 5xx fails the run.
api_fuzz() {
  command -v python3 >/dev/null || die "python3 is needed for schemathesis"
  command -v curl >/dev/null || die "curl is needed"
  local venv=target/schemathesis-venv want=4.32.5
  if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q " $want\$"; then
    say "installing schemathesis $want (PyPI)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "schemathesis==$want"
  fi
  local dir port=${FUZZ_PORT:-3920}
  dir=$(mktemp -d)
  FUZZ_DIR=$dir
  export DATABASE_URL="sqlite://$dir/fuzz.db" CLAIRVOIE_DATA_DIR="$dir" CLAIRVOIE_ADDR="127.0.0.1:$port" \
    CLAIRVOIE_PUBLIC_URL="http://127.0.0.1:$port" CLAIRVOIE_INGEST_RATE=1000000 RUST_LOG=warn
  ./target/debug/clairvoie seed-demo --sensors 0 >/dev/null
  local token
  token=$(./target/debug/clairvoie device token --sensor DV-0001)
  ./target/debug/clairvoie serve >"$dir/server.log" 2>&1 & FUZZ_APP=$!
  trap 'kill $FUZZ_APP 2>/dev/null; rm -rf "$FUZZ_DIR"' EXIT
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  say "schemathesis against http://127.0.0.1:$port/api/v1/openapi.json (no 5xx allowed)"
  "$venv/bin/schemathesis" run "http://127.0.0.1:$port/api/v1/openapi.json" --checks not_a_server_error \
    --header "Authorization: Bearer $token" --max-examples 40 --seed 1 --no-color
}

bench() {
  local engine=${1:-sqlite}
  command -v wrk >/dev/null || { say "installing wrk"; as_root apt-get update -qq; DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq wrk >/dev/null; }
  command -v curl >/dev/null || die "curl is needed"
  # The yardstick is built with the server in one go (a separate build would compile the app twice).
  build --release --bin clairvoie --example baseline
  local port=${BENCH_PORT:-3900} base=${BENCH_BASELINE_PORT:-3901} seconds=${BENCH_SECONDS:-10}
  # Globals, not locals: the EXIT trap runs after this function has returned.
  bench_database "$engine" bench
  local dir=$BENCH_DIR
  export CLAIRVOIE_DATA_DIR="$dir" CLAIRVOIE_ADDR="127.0.0.1:$port" LEPTOS_SITE_ROOT="$ROOT/$SITE" RUST_LOG=warn
  trap 'kill $BENCH_APP $BENCH_BARE 2>/dev/null; eval "$BENCH_DROP"; rm -rf "$BENCH_DIR"' EXIT
  say "seeding 10,000 sensors"
  ./target/release/clairvoie seed-demo --sensors 10000 >/dev/null
  ./target/release/clairvoie serve >/dev/null & BENCH_APP=$!
  ./target/release/examples/baseline "127.0.0.1:$base" >/dev/null & BENCH_BARE=$!
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  local map_gz full_gz
  map_gz=$(curl -fs -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port/api/v1/map/sensors.geojson")
  full_gz=$(curl -fs -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port/api/v1/sensors.geojson")
  echo
  echo "| target (10,000 sensors, $engine, wrk -t2 -c16 -d${seconds}s, gzip accepted) | requests/s | p50 | p99 |"
  echo "|---|---|---|---|"
  local label url out
  for pair in "bare axum handler (yardstick)|http://127.0.0.1:$base/" \
              "list page /capteurs (50 rows, server-rendered)|http://127.0.0.1:$port/capteurs" \
              "list page, filtered (?domain=environment)|http://127.0.0.1:$port/capteurs?domain=environment" \
              "map data /api/v1/map/sensors.geojson|http://127.0.0.1:$port/api/v1/map/sensors.geojson" \
              "open data /api/v1/sensors.geojson (every field)|http://127.0.0.1:$port/api/v1/sensors.geojson"; do
    label=${pair%%|*}; url=${pair#*|}
    wrk -t2 -c16 -d2s -H 'Accept-Encoding: gzip' "$url" >/dev/null
    out=$(wrk -t2 -c16 -d"${seconds}s" --latency -H 'Accept-Encoding: gzip' "$url")
    echo "| $label | $(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out") | $(awk '$1 == "50%" {print $2}' <<<"$out") | $(awk '$1 == "99%" {print $2}' <<<"$out") |"
  done
  echo
  echo "map data: $((map_gz / 1024)) KB gzip; full GeoJSON: $((full_gz / 1024)) KB gzip;" \
    "server peak memory: $(awk '/VmHWM/ {printf "%d MB", $2 / 1024}' "/proc/$BENCH_APP/status")"
}

# A fresh benchmark database for ENGINE (sqlite|postgres) in BENCH_DIR (created), exported as DATABASE_URL;
# BENCH_DROP holds what removes a PostgreSQL one. COMMAND names the caller in the usage message.
bench_database() {
  local engine=$1 command=$2
  BENCH_DIR=$(mktemp -d)
  BENCH_DROP=""
  case "$engine" in
    sqlite) export DATABASE_URL="sqlite://$BENCH_DIR/bench.db" ;;
    postgres)
      command -v psql >/dev/null || die "psql is needed for the PostgreSQL benchmark"
      local admin=${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} name="clairvoie_bench_$$"
      psql -q "$admin" -c "CREATE DATABASE $name" || die "cannot create a PostgreSQL database at $admin"
      BENCH_DROP="psql -q $admin -c 'DROP DATABASE IF EXISTS $name WITH (FORCE)'"
      export DATABASE_URL="${admin%/*}/$name" ;;
    *) die "$command sqlite|postgres" ;;
  esac
}

# Ingestion throughput on one engine (sqlite or postgres): a raw bulk insert as the yardstick, batched requests
# (1,000 rows), single-row requests, then a retention run over 10 million due rows under single-row load.
bench_ingest() {
  local engine=${1:-sqlite}
  command -v wrk >/dev/null || { say "installing wrk"; as_root apt-get update -qq; DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq wrk >/dev/null; }
  command -v curl >/dev/null || die "curl is needed"
  build --release --bin clairvoie --example bulk_insert
  local port=${BENCH_PORT:-3930} seconds=${BENCH_SECONDS:-10} purge_rows=${BENCH_PURGE_ROWS:-10000000}
  bench_database "$engine" bench-ingest
  export CLAIRVOIE_DATA_DIR="$BENCH_DIR" CLAIRVOIE_ADDR="127.0.0.1:$port" RUST_LOG=warn \
    CLAIRVOIE_INGEST_RATE=1000000 CLAIRVOIE_RETENTION_INTERVAL=86400 LEPTOS_SITE_ROOT="$ROOT/$SITE"
  trap 'kill $BENCH_APP 2>/dev/null; eval "$BENCH_DROP"; rm -rf "$BENCH_DIR"' EXIT
  ./target/release/clairvoie seed-demo --sensors 0 >/dev/null
  local now_ms=$(( $(date +%s) * 1000 )) day=86400000 bulk=./target/release/examples/bulk_insert
  # The sensors used are put in service (a bench-only shortcut of bulk_insert with 0 rows).
  for s in DV-0001/fill_level LC-0001/dimming CP-0001/index; do $bulk "$s" 0 0 >/dev/null; done
  local token
  token=$(./target/release/clairvoie device token --sensor DV-0001)
  ./target/release/clairvoie serve >"$BENCH_DIR/server.log" 2>&1 & BENCH_APP=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  local raw out rps
  raw=$($bulk CP-0001/index 300000 $((now_ms - 100 * day)))
  # One wrk thread is enough for a thousand 1,000-row requests a second; a second one only takes CPU from the
  # server on these two cores.
  out=$(TOKEN=$token STREAM=DV-0001/fill_level ROWS=1000 BASE_MS=$((now_ms - 100 * day)) \
    wrk -t1 -c4 -d"${seconds}s" --latency -s .cargo/bench-ingest.lua "http://127.0.0.1:$port")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  echo
  echo "| $engine, 2 cores | throughput | p50 | p99 |"
  echo "|---|---|---|---|"
  echo "| raw bulk insert (1,000-row INSERTs, no HTTP, no checks) | $raw rows/s | | |"
  echo "| batched API, 1,000 rows per request (wrk -t1 -c4) | $(awk -v r="$rps" 'BEGIN {printf "%.0f", r * 1000}') rows/s ($(awk -v r="$rps" -v b="$raw" 'BEGIN {printf "%.0f", 100 * r * 1000 / b}') % of raw) | $(awk '$1 == "50%" {print $2}' <<<"$out") | $(awk '$1 == "99%" {print $2}' <<<"$out") |"
  out=$(TOKEN=$token STREAM=DV-0001/temperature ROWS=1 BASE_MS=$((now_ms - 80 * day)) \
    wrk -t2 -c16 -d"${seconds}s" --latency -s .cargo/bench-ingest.lua "http://127.0.0.1:$port")
  echo "| single-row API requests (wrk -t2 -c16) | $(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out") req/s | $(awk '$1 == "50%" {print $2}' <<<"$out") | $(awk '$1 == "99%" {print $2}' <<<"$out") |"
  local peak
  peak=$(awk '/VmHWM/ {printf "%d MB", $2 / 1024}' "/proc/$BENCH_APP/status")
  # The retention run measured is the server's own job (the path a town uses), which starts with the server:
  # the rows are filled meanwhile it is stopped, then the load starts as soon as it answers again.
  kill $BENCH_APP; wait $BENCH_APP 2>/dev/null || true
  say "filling $purge_rows rows past their retention"
  $bulk LC-0001/dimming "$purge_rows" $((now_ms - 200 * day)) >/dev/null
  RUST_LOG=warn,app::ingest::retention=info ./target/release/clairvoie serve >"$BENCH_DIR/server.log" 2>&1 & BENCH_APP=$!
  local began ended
  began=$(date +%s.%N)
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.05; done
  TOKEN=$token STREAM=DV-0001/temperature ROWS=1 BASE_MS=$((now_ms - 70 * day)) \
    wrk -t2 -c16 -d900s --latency -s .cargo/bench-ingest.lua "http://127.0.0.1:$port" >"$BENCH_DIR/wrk-purge.txt" & local load=$!
  for _ in $(seq 9000); do grep -q "retention run" "$BENCH_DIR/server.log" && break; sleep 0.1; done
  ended=$(date +%s.%N)
  # wrk prints its figures when interrupted: they cover the purge (it started within a second of the server).
  kill -INT $load 2>/dev/null || true
  wait $load 2>/dev/null || true
  out=$(cat "$BENCH_DIR/wrk-purge.txt")
  local deleted
  deleted=$(grep -o 'rows=[0-9]*' "$BENCH_DIR/server.log" | head -1 | cut -d= -f2)
  echo "| single-row requests during the server's retention run over $purge_rows due rows ($(awk -v a="$began" -v b="$ended" 'BEGIN {printf "%.0f", b - a}') s, ${deleted:-no} rows deleted) | $(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out") req/s | $(awk '$1 == "50%" {print $2}' <<<"$out") | $(awk '$1 == "99%" {print $2}' <<<"$out") |"
  echo
  echo "server peak memory under the single-row load: $peak"
}

# Votes under load: a release server on a fresh database, the load_votes example against it (see its header).
bench_votes() {
  local engine=${1:-sqlite}
  command -v curl >/dev/null || die "curl is needed"
  build --release --bin clairvoie --example load_votes
  local port=${BENCH_PORT:-3940} voters=${BENCH_VOTERS:-1000} window=${BENCH_WINDOW_MS:-5000}
  bench_database "$engine" bench-votes
  export CLAIRVOIE_DATA_DIR="$BENCH_DIR" CLAIRVOIE_ADDR="127.0.0.1:$port" RUST_LOG=warn LEPTOS_SITE_ROOT="$ROOT/$SITE"
  trap 'kill $BENCH_APP 2>/dev/null; eval "$BENCH_DROP"; rm -rf "$BENCH_DIR"' EXIT
  # A thousand voters, some with two connections at once: more descriptors than the usual 1,024.
  ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"
  ./target/release/clairvoie seed-demo --sensors 0 >/dev/null
  ./target/release/clairvoie serve >"$BENCH_DIR/server.log" 2>&1 & BENCH_APP=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  echo
  echo "| $engine, 2 cores | throughput | p50 | p99 | max | integrity |"
  echo "|---|---|---|---|---|---|"
  ./target/release/examples/load_votes "http://127.0.0.1:$port" "$DATABASE_URL" "$voters" "$window"
  echo
  echo "server peak memory: $(awk '/VmHWM/ {printf "%d MB", $2 / 1024}' "/proc/$BENCH_APP/status")"
}

# pabutools and pabulib-checker (PyPI, pinned in server/pabutools/requirements.txt): an independent implementation
# of the rules, and the format's own checker.
pabutools_python() {
  command -v python3 >/dev/null || die "python3 is needed for pabutools"
  local venv=target/pabutools-venv
  if ! cmp -s server/pabutools/requirements.txt "$venv/requirements.txt"; then
    say "installing pabutools and pabulib-checker (PyPI)" >&2
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q -r server/pabutools/requirements.txt >&2
    cp server/pabutools/requirements.txt "$venv/requirements.txt"
  fi
  echo "$venv/bin/python"
}

# Where the integration tests leave the files the export wrote (server/tests/budgets.rs), for pabulib-checker.
EXPORTS=target/tmp/pabulib-exports

pb_cross_check() {
  local py
  py=$(pabutools_python)
  [ -x target/debug/clairvoie ] || cargo build -p server
  say "Clairvoie's tally against pabutools on the real budgets"
  "$py" server/pabutools/cross_check.py ./target/debug/clairvoie server/tests/pabulib/*.pb
  say "pabulib-checker on the real budgets and on Clairvoie's winners under each rule"
  "$py" server/pabutools/checker.py ./target/debug/clairvoie server/tests/pabulib/*.pb
  local exported=("$EXPORTS"/*.pb)
  [ -e "${exported[0]}" ] || die "no exported file in $EXPORTS: run the integration tests first (server/tests/budgets.rs)"
  say "pabulib-checker on the ${#exported[@]} files the export wrote during the tests"
  "$py" server/pabutools/checker.py --files "${exported[@]}"
}

bench_budgets() {
  cargo build --release -p server
  local py
  py=$(pabutools_python)
  say "equalshares/add1 on Wieliczka 2023 (6,586 ballots, 64 projects): Clairvoie and pabutools' fastest path"
  "$py" server/pabutools/cross_check.py --bench ./target/release/clairvoie server/tests/pabulib/Poland_Wieliczka_2023_Green_Budget.pb
}

# Coverage-guided fuzzing (cargo-fuzz, libFuzzer) of the payload decoders and the pabulib parser: each target of
# app/fuzz for SECONDS (default 60), from its seeds (app/fuzz/seeds, and the real budgets for pabulib) and past
# findings (app/fuzz/regressions). Needs a nightly toolchain. A failing input is saved under
# target/fuzz/artifacts/TARGET/: copy it into app/fuzz/regressions/TARGET/ with the fix, and the ordinary tests
# replay it from then on (app::fuzzing).
fuzz() {
  local seconds=${1:-60}
  rustup toolchain list | grep -q '^nightly' || die "cargo fuzz needs a nightly toolchain: rustup toolchain install nightly"
  if ! cargo fuzz --version 2>/dev/null | grep -q ' 0.13.2$'; then
    say "installing cargo-fuzz 0.13.2 (once per machine)"
    cargo install cargo-fuzz --version 0.13.2 --locked
  fi
  local target work=$ROOT/target/fuzz
  for target in native senml ttn chirpstack sta_data_array pabulib; do
    # Findings of an earlier run were reported then: only this run's are looked at.
    rm -rf "$work/artifacts/$target"
    mkdir -p "$work/corpus/$target" "$work/artifacts/$target"
    local seeds=("$ROOT/app/fuzz/seeds/$target")
    [ -d "$ROOT/app/fuzz/regressions/$target" ] && seeds+=("$ROOT/app/fuzz/regressions/$target")
    [ "$target" = pabulib ] && seeds+=("$ROOT/server/tests/pabulib")
    say "fuzzing $target for ${seconds} s"
    local status=0
    (cd app && cargo +nightly fuzz run --fuzz-dir fuzz --target-dir "$work/build" "$target" \
      "$work/corpus/$target" "${seeds[@]}" -- -max_total_time="$seconds" -artifact_prefix="$work/artifacts/$target/" \
      -print_final_stats=1) >"$work/$target.log" 2>&1 || status=$?
    grep -E '^(Done [0-9]+ runs|stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY)' "$work/$target.log" || true
    if compgen -G "$work/artifacts/$target/*" >/dev/null; then
      die "fuzzing $target found failing inputs (log: $work/$target.log): $(ls "$work/artifacts/$target")"
    fi
    [ "$status" = 0 ] || die "cargo fuzz failed on $target ($status): see $work/$target.log"
  done
  say "no failing input in ${seconds} s per target"
}

cmd=${1:-}
case "$cmd" in
  run)
    build --release
    export CLAIRVOIE_DATA_DIR=${CLAIRVOIE_DATA_DIR:-data}
    export LEPTOS_SITE_ROOT=${LEPTOS_SITE_ROOT:-$ROOT/$SITE}
    ./target/release/clairvoie seed-demo
    echo
    say "Clairvoie runs at http://${CLAIRVOIE_ADDR:-127.0.0.1:3000} — sign in with one of the accounts above (Ctrl-C stops it)"
    exec ./target/release/clairvoie serve
    ;;
  test)
    ensure_rust
    ensure_chromium
    ensure_node_modules
    ensure_pg_tools
    ensure_mosquitto
    check_postgres
    check_mqtt
    say "unit and integration tests (SQLite and PostgreSQL, Mosquitto)"
    rm -rf "$EXPORTS"
    cargo test --workspace
    pb_cross_check
    build
    e2e
    api_fuzz
    ;;
  build) shift; build "${1:-}" ;;
  e2e) e2e ;;
  api-fuzz) api_fuzz ;;
  bench-ingest) bench_ingest "${2:-sqlite}" ;;
  bench-votes) bench_votes "${2:-sqlite}" ;;
  bench-budgets) bench_budgets ;;
  pb-cross-check) pb_cross_check ;;
  bench) bench "${2:-sqlite}" ;;
  fuzz) fuzz "${2:-60}" ;;
  *) sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
