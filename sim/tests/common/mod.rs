//! Helpers shared by the integration tests: test DUT paths and the replayable random seed.
#![allow(dead_code)]

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::path::PathBuf;

/// Path of a hand-written test DUT in `sim/tests/dut/`.
pub fn dut(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("dut").join(name)
}

/// The test's random seed: env `AESCTR_SEED` if set (to replay a failure), else `default`. Printed.
pub fn seed(default: u64) -> u64 {
    let seed = match std::env::var("AESCTR_SEED") {
        Ok(s) => {
            let s = s.trim();
            let parsed = match s.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => s.parse(),
            };
            parsed.unwrap_or_else(|_| panic!("AESCTR_SEED={s:?} is not a number"))
        }
        Err(_) => default,
    };
    println!("seed = {seed}");
    seed
}

pub fn rng(default_seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed(default_seed))
}

/// Jobs a long random test runs: env `AESCTR_JOBS` if set, else `default`.
pub fn jobs(default: usize) -> usize {
    match std::env::var("AESCTR_JOBS") {
        Ok(n) => n.trim().parse().unwrap_or_else(|_| panic!("AESCTR_JOBS={n:?} is not a number")),
        Err(_) => default,
    }
}

/// The CTR output the golden model gives for `plain` (SP 800-38A, `golden::ctr`).
pub fn ctr_reference(key: &[u8], counter0: [u8; 16], width: spec::CounterWidth, plain: &[u8]) -> Vec<u8> {
    let mut data = plain.to_vec();
    golden::ctr::xor_in_place(key, counter0, width, &mut data).expect("valid key length");
    data
}
