# shellcheck shell=bash
# Sourced by .cargo/dev.sh (which defines say, die and as_root and sets ROOT and SITE).
# The test command's parts: the services and tools it needs (installed when missing, a failure when
# unreachable — never a skip), then the Rust tests, the Chromium end-to-end tests and the API fuzzing.

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

# The README's test command (and CI's): every test, in the order a failure is cheapest to find.
test_all() {
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
}
