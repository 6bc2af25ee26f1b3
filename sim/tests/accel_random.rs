//! Random descriptor streams on the emitted `aes_ctr_accel` (default configuration) compared with
//! the golden device model by the scoreboard: every memory byte, every completion, the registers.
//! Jobs mix CTR_XOR (slot and inline keys, all counter widths, in place, chained through memory,
//! empty), KEY_LOAD/KEY_ZEROIZE, NOPs, malformed descriptors and SLVERR/DECERR on source, key and
//! destination ranges, under an always-ready memory and under a stressed (random back-pressure,
//! jittered latency) memory. Seed printed; replay with AESCTR_SEED.

mod accel_support;
mod common;

use accel_support::{compare_with_golden, harness, random_scenario, ScenarioOptions};
use hdl::config::Config;
use sim::axi_memory::AxiMemoryConfig;

fn run(memory: AxiMemoryConfig, seed_default: u64, jobs: usize) {
    let config = Config::default();
    let mut rng = common::rng(seed_default);
    let scenario = random_scenario(&mut rng, &accel_support::dut_config(&config), jobs, ScenarioOptions::default());
    let h = harness(&config, memory);
    let (_h, outcome) = compare_with_golden(h, &accel_support::dut_config(&config), &scenario);
    match outcome {
        Ok(c) => println!(
            "{} completions, {} payload bytes, {} cycles; compared {:?}",
            c.completions, c.payload_bytes, c.cycles, c.report
        ),
        Err(e) => panic!("DUT differs from the golden model: {e}"),
    }
}

#[test]
#[ignore = "open RTL bug: the descriptor fetcher loses a fetch under some ARREADY timings and the run hangs; see sim/tests/accel_regressions.rs"]
fn random_jobs_match_the_golden_model_with_an_ideal_memory() {
    run(AxiMemoryConfig { read_latency: 20, ..AxiMemoryConfig::default() }, 0xACCE1, 60);
}

#[test]
#[ignore = "open RTL bug: the descriptor fetcher loses a fetch under some ARREADY timings and the run hangs; see sim/tests/accel_regressions.rs"]
fn random_jobs_match_the_golden_model_with_a_stressed_memory() {
    run(AxiMemoryConfig::stressed(7), 0xACCE2, 60);
}
