# shellcheck shell=bash
# Sourced by .cargo/dev.sh (which defines say, die and as_root and sets ROOT and SITE).
# Benchmarks of the pages, the votes and the budget rules: each beside its yardstick in the same run.

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
  local map_gz full_gz page_raw page_gz
  page_raw=$(curl -fs -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port/capteurs")
  page_gz=$(curl -fs -H 'Accept-Encoding: gzip' -o /dev/null -w '%{size_download}' "http://127.0.0.1:$port/capteurs")
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
  # What compressing pages on the fly costs: the same list page asked for without compression.
  out=$(wrk -t2 -c16 -d"${seconds}s" --latency "http://127.0.0.1:$port/capteurs")
  echo "| list page /capteurs, no compression asked (the cost of gzip: compare with its row) | $(awk '/Requests\/sec/ {printf "%.0f", $2}' <<<"$out") | $(awk '$1 == "50%" {print $2}' <<<"$out") | $(awk '$1 == "99%" {print $2}' <<<"$out") |"
  echo
  echo "list page: $((page_raw / 1024)) KB, $((page_gz / 1024)) KB gzip;" \
    "map data: $((map_gz / 1024)) KB gzip; full GeoJSON: $((full_gz / 1024)) KB gzip;" \
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

bench_budgets() {
  cargo build --release -p server
  local py
  py=$(pabutools_python)
  say "equalshares/add1 on Wieliczka 2023 (6,586 ballots, 64 projects): Clairvoie and pabutools' fastest path"
  "$py" server/pabutools/cross_check.py --bench ./target/release/clairvoie server/tests/pabulib/Poland_Wieliczka_2023_Green_Budget.pb
}
