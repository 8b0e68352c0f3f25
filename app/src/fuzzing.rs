//! What the fuzz targets (`app/fuzz`, run with `bash .cargo/dev.sh fuzz`) feed their input to: the payload
//! decoders and the pabulib parser, exactly as a request reaches them, with the properties that must hold for
//! any input beyond not panicking. The replay test below runs every seed and every input a fuzzer once found
//! wrong (`app/fuzz/regressions/`) on the stable toolchain, so a fixed crash stays fixed.

use crate::ingest::decode;
use serde_json::Value as Json;

/// The fuzz targets, by name (one file each in `app/fuzz/fuzz_targets/`).
pub const TARGETS: [&str; 6] = ["native", "senml", "ttn", "chirpstack", "sta_data_array", "pabulib"];

/// Runs one input through `target`; panics when a property fails (the fuzzer reports the input).
pub fn run(target: &str, data: &[u8]) {
    match target {
        "native" => {
            // The fast reader and the document reader must agree on every body the fast one accepts.
            let plain = decode::native_plain(data);
            if let Ok(body) = serde_json::from_slice::<Json>(data) {
                let full = decode::native(&body);
                if let Some(rows) = plain {
                    assert_eq!(Ok(rows), full, "the two readers of a native batch disagree");
                }
            } else {
                assert!(plain.is_none(), "the fast reader accepted a body that is not JSON");
            }
        }
        "senml" => {
            if let Ok(body) = serde_json::from_slice::<Json>(data) {
                if let Ok(rows) = decode::senml(&body, 1_764_000_000_000) {
                    assert!(rows.len() <= decode::MAX_ROWS);
                }
            }
        }
        "ttn" => {
            if let Ok(body) = serde_json::from_slice::<Json>(data) {
                let _ = decode::ttn(&body);
            }
        }
        "chirpstack" => {
            // The event type (the `?event=` parameter or the topic's last part) on the first line, then the body.
            let (event, body) = match data.iter().position(|b| *b == b'\n') {
                Some(at) => (&data[..at], &data[at + 1..]),
                None => (&b"up"[..], data),
            };
            if let (Ok(event), Ok(body)) = (std::str::from_utf8(event), serde_json::from_slice::<Json>(body)) {
                let _ = decode::chirpstack(event, &body);
            }
        }
        "sta_data_array" => {
            if let Ok(body) = serde_json::from_slice::<Json>(data) {
                if let Ok(groups) = decode::sta_data_array(&body) {
                    assert!(groups.iter().map(|(_, rows)| rows.len()).sum::<usize>() <= decode::MAX_ROWS);
                }
            }
        }
        "pabulib" => {
            if let Ok(text) = std::str::from_utf8(data) {
                if let Ok(file) = crate::budgets::pabulib::parse(text) {
                    // Whatever is accepted can be given to the counting rules: points line up with choices.
                    for vote in &file.votes {
                        assert!(vote.points.is_empty() || vote.points.len() == vote.vote.len(), "{vote:?}");
                    }
                    assert!(file.projects.iter().all(|p| p.cost >= 0), "a negative cost accepted");
                }
            }
        }
        other => panic!("no fuzz target {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// Every file of `dir` (if it exists) through `target`; how many.
    fn replay(target: &str, dir: &Path) -> usize {
        let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
        let mut n = 0;
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            let outcome = std::panic::catch_unwind(|| run(target, &data));
            assert!(outcome.is_ok(), "{target} fails on {}", path.display());
            n += 1;
        }
        n
    }

    #[test]
    fn seeds_and_past_findings_pass_every_target() {
        let fuzz = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
        for target in TARGETS {
            let seeds = replay(target, &fuzz.join("seeds").join(target));
            assert!(seeds > 0, "{target} has seeds");
            replay(target, &fuzz.join("regressions").join(target));
        }
        let budgets = Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/tests/pabulib");
        assert!(replay("pabulib", &budgets) >= 21, "the real budgets are pabulib seeds too");
    }
}
