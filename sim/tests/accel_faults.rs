//! The fault regression (`sim::fault_regression`) on every shipped configuration: 2,500 descriptors
//! each by default (10,000 in all; `AESCTR_JOBS=N` runs N per configuration), about a quarter of
//! them faulted (malformed descriptors of every status code, each asserted to occur, SLVERR/DECERR on source, key,
//! destination, descriptor and completion addresses, QRESET at random cycles), under random
//! back-pressure on every AXI channel from a memory behind an interconnect (R bursts and B responses
//! of different IDs out of order, R beats interleaved: `AxiMemoryConfig::interconnect`). Every batch is compared with the golden device model: every
//! memory byte, every completion in order, STATUS, IRQ_STATUS, ring indices and counters; writes
//! outside the batch's destinations and completion ring fail it; the driver's poll budget is the
//! watchdog. Prints the seed and a summary line per configuration; replay with AESCTR_SEED (or
//! `regress --faults --seed`, which also writes the failing batch's waveform).

mod accel_support;
mod common;

use accel_support::{harness, ScenarioOptions};
use hdl::config::Config;
use sim::axi_memory::AxiMemoryConfig;
use sim::fault_regression::run_fault_regression;

fn run(name: &str, seed_default: u64) {
    let config = Config::from_file(format!("{}/../configs/{name}.yaml", env!("CARGO_MANIFEST_DIR"))).expect("config");
    let mut rng = common::rng(seed_default);
    let options = ScenarioOptions { max_length: 2048, ..ScenarioOptions::default() };
    let h = harness(&config, AxiMemoryConfig::interconnect(seed_default));
    let (totals, outcome) = run_fault_regression(h, &config, &mut rng, common::jobs(2500), options, |_, _| {});
    match outcome {
        Ok(h) => {
            println!("{name}: {}", totals.summary());
            let stats = h.memory().expect("memory").stats().clone();
            println!(
                "{name}: {} R beats and {} B responses answered out of order",
                stats.reordered_read_beats, stats.reordered_responses
            );
            assert!(
                stats.reordered_read_beats > 0 && stats.reordered_responses > 0,
                "{name}: no reordering: {stats:?}"
            );
            assert!(totals.qresets > 0 && totals.descriptor_fetch_faults > 0 && totals.completion_write_faults > 0);
            assert!(totals.faulted() * 10 >= totals.descriptors, "fewer than 10% faulted: {}", totals.summary());
            for status in spec::Status::ALL {
                assert!(
                    totals.completions_by_status.contains_key(status.name()),
                    "{name}: no completion with status {} in {}",
                    status.name(),
                    totals.summary()
                );
            }
        }
        Err(f) => panic!(
            "{name}: batch {} ({:?}, {} descriptors) differs from the golden model: {}\n(after {})",
            f.batch,
            f.fault_batch.disturbance,
            f.fault_batch.scenario.descriptors.len(),
            f.error,
            totals.summary()
        ),
    }
}

#[test]
fn fault_regression_on_the_default_configuration() {
    run("default", 0xFA17_0001);
}

#[test]
fn fault_regression_on_the_small_configuration() {
    run("small", 0xFA17_0002);
}

#[test]
fn fault_regression_on_the_iterative_k2_configuration() {
    run("iterative-k2", 0xFA17_0003);
}

#[test]
fn fault_regression_on_the_wide_configuration() {
    run("wide", 0xFA17_0004);
}
