# shellcheck shell=bash
# Sourced by .cargo/dev.sh (which defines say, die and as_root and sets ROOT and SITE).
# The README's run command: a release build, the demo town seeded (idempotent) and its logins printed, then the
# server in the foreground on embedded SQLite unless DATABASE_URL says otherwise.

run_demo() {
  build --release
  export CLAIRVOIE_DATA_DIR=${CLAIRVOIE_DATA_DIR:-data}
  export LEPTOS_SITE_ROOT=${LEPTOS_SITE_ROOT:-$ROOT/$SITE}
  ./target/release/clairvoie seed-demo
  echo
  say "Clairvoie runs at http://${CLAIRVOIE_ADDR:-127.0.0.1:3000} — sign in with one of the accounts above (Ctrl-C stops it)"
  exec ./target/release/clairvoie serve
}
