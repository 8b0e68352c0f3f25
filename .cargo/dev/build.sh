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

# wasm-opt from npm's binaryen 132, pinned: Debian's binaryen 108 silently breaks hydration.
WASM_OPT_VERSION=132.0.0
ensure_wasm_opt() {
  local tools=target/tools
  WASM_OPT=$tools/node_modules/binaryen/bin/wasm-opt
  if ! "$WASM_OPT" --version 2>/dev/null | grep -q "version ${WASM_OPT_VERSION%%.*}\b"; then
    command -v npm >/dev/null || { say "installing Node.js and npm"; as_root apt-get update -qq; DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq nodejs npm >/dev/null; }
    say "installing wasm-opt (npm binaryen@$WASM_OPT_VERSION)"
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "binaryen@$WASM_OPT_VERSION"
  fi
}

# The browser bundle is always the optimised one (wasm-release profile, symbols stripped, wasm-opt -Oz): it is
# what residents download, wasm-opt is what could break it, and the tests must see that. Only the islands are in
# it (see app/src/islands.js), so it builds in a few minutes. The server is debug unless --release.
build() {
  local release=${1:-} server_targets=("${@:2}")
  ensure_rust
  ensure_wasm_opt
  local server_flag=() server_bin=target/debug/clairvoie stage=target/site-build
  if [ "$release" = "--release" ]; then
    server_flag=(--release); server_bin=target/release/clairvoie
  fi
  say "building the browser bundle (islands, optimised)"
  cargo build -p app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate --profile wasm-release
  rm -rf "$stage"
  mkdir -p "$stage"
  wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
    --out-dir "$stage" --out-name clairvoie target/wasm32-unknown-unknown/wasm-release/app.wasm
  "$WASM_OPT" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$stage/clairvoie_bg.wasm" -o "$stage/clairvoie.wasm"
  rm "$stage/clairvoie_bg.wasm"
  cp style/main.css "$stage/clairvoie.css"
  cp -r public/. "$stage/"
  say "building the server"
  cargo build -p server "${server_flag[@]}" "${server_targets[@]}"
  say "packing the site: content-hashed names, Brotli and gzip, the bundle's size budget"
  "$server_bin" site pack "$stage" "$SITE" --budget
}
