//! Fuzz target `sta_data_array`: see `app::fuzzing::run` for what it checks.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| app::fuzzing::run("sta_data_array", data));
