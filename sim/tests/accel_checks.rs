//! The end-to-end checks on the emitted `aes_ctr_accel` can fail: each test breaks one property on
//! purpose and asserts that the check every accelerator test uses reports it. (The scoreboard's own
//! negative tests, wrong bytes, completions and registers, are in `scoreboard.rs`.)

mod accel_support;

use accel_support::{allowed_writes, compare_with_golden, harness, run_scenario, Dut, Scenario};
use hdl::config::Config;
use sim::axi_memory::AxiMemoryConfig;
use sim::axi_monitor::Rule;
use sim::harness::HarnessError;
use spec::{CounterWidth, Descriptor};

fn ideal() -> AxiMemoryConfig {
    AxiMemoryConfig { read_latency: 20, ..AxiMemoryConfig::default() }
}

fn one_job() -> Scenario {
    let d = Descriptor::ctr_xor_slot(1, 0, CounterWidth::W128, 0x10_0000, 0x20_0000, 100, [9; 16]);
    Scenario {
        csr_keys: vec![(0, vec![0x11; 16])],
        memory: vec![(0x10_0000, (0..100u8).collect())],
        descriptors: vec![d],
        ..Scenario::default()
    }
}

#[test]
fn stray_write_check_catches_a_write_outside_the_allowed_ranges() {
    let config = Config::default();
    let scenario = one_job();
    // With the real allowed ranges (destination + completion ring) the job passes...
    let (mut h, outcome) = compare_with_golden(harness(&config, ideal()), &config, &scenario);
    outcome.expect("the job matches the golden model");
    // ...and with the destination range one byte short the monitor stops the run at that byte.
    let mut narrowed = allowed_writes(&scenario);
    narrowed[0].end -= 1;
    h.reset(8).expect("reset");
    h.monitor_mut().unwrap().restrict_writes(narrowed);
    let (dut_platform, _) = run_scenario(Dut { harness: h }, &scenario);
    match dut_platform.harness.failure() {
        Some(HarnessError::Violation(v)) => {
            assert_eq!(v.rule, Rule::WriteOutsideAllowedRange, "{v}");
            assert!(v.detail.contains("0x200063"), "names the byte: {v}");
        }
        other => panic!("expected a WRITE_OUTSIDE_ALLOWED_RANGE violation, got {other:?}"),
    }
}
