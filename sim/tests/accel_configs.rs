//! The emitted `aes_ctr_accel` of the other shipped configurations (wide: 256-bit bus with two
//! lanes and composite-field S-boxes, simulated as their equivalent table; small: iterative, one
//! round per cycle; iterative-k2: two interleaved blocks) and of a 512-bit bus with four lanes,
//! short bursts and one key size, on random descriptor streams (2,000 jobs per
//! shipped configuration: 1,000 with an ideal memory, 1,000 under back-pressure from a memory behind an
//! interconnect that answers different IDs out of order and interleaves their R beats; lengths 0 to
//! 8 KiB), compared with the golden device model by the scoreboard. These exercise the block realignment
//! between source and destination words (16-byte aligned addresses at any position of a wide bus
//! word), short bursts and configuration-dependent descriptor checks. Seed printed; replay with
//! AESCTR_SEED.

mod accel_support;
mod common;

use accel_support::{harness, run_batches, ScenarioOptions};
use hdl::config::Config;
use sim::axi_memory::AxiMemoryConfig;

fn config(path: &str) -> Config {
    Config::from_file(format!("{}/../configs/{path}", env!("CARGO_MANIFEST_DIR"))).expect("shipped configuration")
}

fn run(config: &Config, memory: AxiMemoryConfig, seed_default: u64, jobs: usize, options: ScenarioOptions) {
    let mut rng = common::rng(seed_default);
    let h = harness(config, memory);
    let (_h, outcome) = run_batches(h, config, &mut rng, jobs, 50, options, |_, _| {});
    match outcome {
        Ok(t) => println!(
            "{}: {} jobs in {} batches, {} payload bytes verified, {} memory bytes compared, {} cycles",
            config.short_name(),
            t.jobs,
            t.batches,
            t.payload_bytes,
            t.bytes_compared,
            t.cycles
        ),
        Err(f) => panic!("{}: batch {} differs from the golden model: {}", config.short_name(), f.batch, f.error),
    }
}

fn ideal() -> AxiMemoryConfig {
    AxiMemoryConfig { read_latency: 20, ..AxiMemoryConfig::default() }
}

fn long_jobs() -> ScenarioOptions {
    ScenarioOptions { max_length: 8192, ..ScenarioOptions::default() }
}

#[test]
fn wide_bus_with_two_lanes_matches_the_golden_model() {
    run(&config("wide.yaml"), ideal(), 0x51D3, 1000, long_jobs());
}

#[test]
fn wide_bus_with_two_lanes_matches_the_golden_model_under_back_pressure() {
    run(&config("wide.yaml"), AxiMemoryConfig::interconnect(3), 0x51D4, 1000, long_jobs());
}

#[test]
fn bus_512_with_four_lanes_two_beat_bursts_and_one_key_size_matches_the_golden_model() {
    let c = Config { bus_bits: 512, lanes: 4, max_burst: 2, key_sizes: vec![192], key_slots: 2, ..Config::default() };
    run(&c, AxiMemoryConfig::interconnect(5), 0x512, 500, long_jobs());
}

#[test]
fn iterative_core_matches_the_golden_model() {
    run(&config("iterative-k2.yaml"), ideal(), 0x17E2, 1000, long_jobs());
}

#[test]
fn iterative_core_matches_the_golden_model_under_back_pressure() {
    run(&config("iterative-k2.yaml"), AxiMemoryConfig::interconnect(9), 0x17E3, 1000, long_jobs());
}

#[test]
fn small_configuration_matches_the_golden_model() {
    run(&config("small.yaml"), ideal(), 0x5A11, 1000, long_jobs());
}

#[test]
fn small_configuration_matches_the_golden_model_under_back_pressure() {
    run(&config("small.yaml"), AxiMemoryConfig::interconnect(10), 0x5A12, 1000, long_jobs());
}
