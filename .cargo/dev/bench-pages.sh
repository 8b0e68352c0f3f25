# shellcheck shell=bash
# Sourced by .cargo/dev.sh (which defines say, die and as_root and sets ROOT and SITE).
# What a resident's phone gets: Lighthouse (npm, pinned) in its mobile emulation on the pages residents open
# first, and each page's EcoIndex computed by ecoindex-compute (PyPI, pinned) from Lighthouse's own figures
# (DOM nodes, requests, bytes transferred). Release build, the demo town, on loopback.

LIGHTHOUSE_VERSION=12.2.3
ECOINDEX_VERSION=5.10.0

bench_pages() {
  command -v python3 >/dev/null || die "python3 is needed for ecoindex-compute"
  command -v curl >/dev/null || die "curl is needed"
  ensure_chromium
  build --release
  local tools=target/tools venv=target/bench-venv
  if ! [ -x "$tools/node_modules/.bin/lighthouse" ] || ! "$tools/node_modules/.bin/lighthouse" --version | grep -qx "$LIGHTHOUSE_VERSION"; then
    say "installing Lighthouse $LIGHTHOUSE_VERSION (npm)"
    npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "lighthouse@$LIGHTHOUSE_VERSION"
  fi
  if ! "$venv/bin/python" -c "import ecoindex.compute" 2>/dev/null; then
    say "installing ecoindex-compute $ECOINDEX_VERSION (PyPI)"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q "ecoindex-compute==$ECOINDEX_VERSION"
  fi
  local port=${BENCH_PORT:-3930}
  BENCH_DIR=$(mktemp -d)
  export DATABASE_URL="sqlite://$BENCH_DIR/pages.db" CLAIRVOIE_DATA_DIR="$BENCH_DIR" CLAIRVOIE_ADDR="127.0.0.1:$port" \
    CLAIRVOIE_PUBLIC_URL="http://127.0.0.1:$port" LEPTOS_SITE_ROOT="$ROOT/$SITE" RUST_LOG=warn
  trap 'kill $BENCH_APP 2>/dev/null; rm -rf "$BENCH_DIR"' EXIT
  say "seeding the demo town"
  ./target/release/clairvoie seed-demo >/dev/null
  ./target/release/clairvoie serve >/dev/null & BENCH_APP=$!
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  say "Lighthouse $LIGHTHOUSE_VERSION, mobile emulation (simulated slow 4G, 4x CPU slowdown), one run per page"
  CHROME_PATH=/usr/bin/chromium LIGHTHOUSE="$tools/node_modules/.bin/lighthouse" \
    "$venv/bin/python" .cargo/dev/bench_pages.py "http://127.0.0.1:$port"
}
