//! Fuzz target `senml`: see `app::fuzzing::run` for what it checks.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| app::fuzzing::run("senml", data));
