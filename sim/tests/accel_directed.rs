//! Directed end-to-end cases on the emitted `aes_ctr_accel` (default configuration), each compared
//! with the golden device model by the scoreboard (memory, completions, registers).

mod accel_support;

use accel_support::{compare_with_golden, harness, Scenario};
use hdl::config::Config;
use sim::axi_memory::AxiMemoryConfig;
use spec::{CounterWidth, Descriptor};

fn check(name: &str, scenario: Scenario) {
    let config = Config::default();
    let h = harness(&config, AxiMemoryConfig { read_latency: 20, ..AxiMemoryConfig::default() });
    let (_h, outcome) = compare_with_golden(h, &config, &scenario);
    match outcome {
        Ok(c) => println!("{name}: {} completions, {} cycles", c.completions, c.cycles),
        Err(e) => panic!("{name}: DUT differs from the golden model: {e}"),
    }
}

fn one_job(d: Descriptor) -> Scenario {
    let data: Vec<u8> = (0..d.length).map(|i| (i * 31 + 7) as u8).collect();
    Scenario {
        csr_keys: vec![(0, vec![0x11; 16]), (1, vec![0x22; 24]), (2, vec![0x33; 32])],
        memory: vec![(d.src, data)],
        faults: vec![],
        descriptors: vec![d],
        layout: None,
    }
}

#[test]
fn in_place_job_with_a_partial_last_block() {
    check(
        "in place 635",
        one_job(Descriptor::ctr_xor_slot(1, 1, CounterWidth::W32, 0x10_0000, 0x10_0000, 635, [9; 16])),
    );
}

#[test]
fn separate_job_with_32_bit_counter() {
    check("w32 635", one_job(Descriptor::ctr_xor_slot(2, 1, CounterWidth::W32, 0x10_0000, 0x20_0000, 635, [9; 16])));
}

#[test]
fn separate_job_of_635_bytes() {
    check("w128 635", one_job(Descriptor::ctr_xor_slot(3, 0, CounterWidth::W128, 0x10_0000, 0x20_0000, 635, [9; 16])));
}

#[test]
fn separate_job_of_256_bytes() {
    check("w128 256", one_job(Descriptor::ctr_xor_slot(4, 0, CounterWidth::W128, 0x10_0000, 0x20_0000, 256, [9; 16])));
}

#[test]
fn separate_job_of_257_bytes_with_a_192_bit_key() {
    check("w128 257", one_job(Descriptor::ctr_xor_slot(5, 1, CounterWidth::W128, 0x10_0000, 0x20_0000, 257, [9; 16])));
}

#[test]
fn job_whose_128_bit_counter_wraps_at_2_pow_128() {
    let mut counter = [0xFF; 16];
    counter[15] = 0xFE;
    check("w128 wrap", one_job(Descriptor::ctr_xor_slot(6, 0, CounterWidth::W128, 0x10_0000, 0x20_0000, 449, counter)));
}

#[test]
fn job_whose_64_bit_counter_wraps_at_2_pow_64() {
    let mut counter = [0xFF; 16];
    counter[15] = 0xFE;
    check("w64 wrap", one_job(Descriptor::ctr_xor_slot(7, 0, CounterWidth::W64, 0x10_0000, 0x20_0000, 449, counter)));
}
