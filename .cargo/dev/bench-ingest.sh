# shellcheck shell=bash
# Sourced by .cargo/dev.sh (which defines say, die and as_root and sets ROOT and SITE).
# The ingestion benchmark: throughput beside a raw bulk insert, and a retention run under load.

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
