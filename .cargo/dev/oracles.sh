# shellcheck shell=bash
# Sourced by .cargo/dev.sh (which defines say, die and as_root and sets ROOT and SITE).
# Independent implementations the test command checks Clairvoie against (pabutools and pabulib-checker), and
# coverage-guided fuzzing of the decoders.

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

# Where the integration tests leave the files the export wrote (server/tests/it/budgets.rs), for pabulib-checker.
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
  [ -e "${exported[0]}" ] || die "no exported file in $EXPORTS: run the integration tests first (server/tests/it/budgets.rs)"
  say "pabulib-checker on the ${#exported[@]} files the export wrote during the tests"
  "$py" server/pabutools/checker.py --files "${exported[@]}"
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
