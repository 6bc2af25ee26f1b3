//! Random descriptor streams on the emitted `aes_ctr_accel` (default configuration) compared with
//! the golden device model by the scoreboard: every memory byte, every completion, the registers.
//! Jobs mix CTR_XOR (lengths 0 to 8 KiB, slot and inline keys of every size, all counter widths, in
//! place, chained through memory, empty), KEY_LOAD/KEY_ZEROIZE, NOPs, malformed descriptors and
//! SLVERR/DECERR on source, key and destination ranges, submitted in batches (each batch a fresh
//! scenario and golden model on the same device), under an always-ready memory, under a
//! stressed (random back-pressure on every channel, jittered latency) memory, and under a stressed
//! memory behind an interconnect (responses of different IDs out of order, R beats interleaved).
//!
//! 2,600 jobs by default (1,200 + 800 + 600); `AESCTR_JOBS=N` runs N per test instead. Seed printed;
//! replay with `AESCTR_SEED`, or with waveforms via the `regress` binary.

mod accel_support;
mod common;

use accel_support::{harness, run_batches, ScenarioOptions};
use hdl::config::Config;
use sim::axi_memory::AxiMemoryConfig;

fn run(memory: AxiMemoryConfig, seed_default: u64, jobs: usize) {
    let config = Config::default();
    let mut rng = common::rng(seed_default);
    let options = ScenarioOptions { max_length: 8192, ..ScenarioOptions::default() };
    let h = harness(&config, memory);
    let (h, outcome) = run_batches(h, &config, &mut rng, jobs, 100, options, |_, _| {});
    match outcome {
        Ok(t) => {
            let stats = h.memory().expect("memory").stats();
            if h.memory().expect("memory").config().reorder {
                println!(
                    "{} R beats and {} B responses answered out of order",
                    stats.reordered_read_beats, stats.reordered_responses
                );
                assert!(stats.reordered_read_beats > 0 && stats.reordered_responses > 0, "no reordering: {stats:?}");
            }
            println!(
                "{} jobs in {} batches, {} payload bytes verified, {} memory bytes compared, {} cycles",
                t.jobs, t.batches, t.payload_bytes, t.bytes_compared, t.cycles
            );
            assert_eq!(t.jobs, jobs);
        }
        Err(f) => panic!(
            "batch {} differs from the golden model: {} (replay: AESCTR_SEED as printed above; waveform: \
             `regress --seed`)",
            f.batch, f.error
        ),
    }
}

#[test]
fn random_jobs_match_the_golden_model_with_an_ideal_memory() {
    run(AxiMemoryConfig { read_latency: 20, ..AxiMemoryConfig::default() }, 0xACCE1, common::jobs(1200));
}

#[test]
fn random_jobs_match_the_golden_model_with_a_stressed_memory() {
    run(AxiMemoryConfig::stressed(7), 0xACCE2, common::jobs(800));
}

#[test]
fn random_jobs_match_the_golden_model_with_out_of_order_responses() {
    run(AxiMemoryConfig::interconnect(11), 0xACCE3, common::jobs(600));
}
