# shellcheck shell=bash
# Sourced by .cargo/dev.sh (which defines say, die and as_root and sets ROOT and SITE).
# Building: the Rust toolchain's wasm target and the pinned wasm-bindgen CLI, then the site (browser bundle,
# CSS, public files) and the server, debug or release.

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
