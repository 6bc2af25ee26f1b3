//! `rst` in the middle of traffic (issue 17.2) on every shipped configuration: a random batch of
//! jobs (slot and inline keys, KEY_LOAD/KEY_ZEROIZE, faults, long and short jobs) is submitted to a
//! memory behind an interconnect (`AxiMemoryConfig::interconnect`), and at a random cycle — bursts
//! outstanding, jobs at every stage — optionally right after a CSR key expansion or a QRESET was
//! started, `rst` is held for 4 to 8 cycles (SPEC §1: ≥ 4). Then:
//! - no AXI VALID is high during reset from its second cycle on (the harness's `VALID_DURING_RESET`
//!   rule, `sim::harness::RESET_OUTPUT_CYCLES`: `rst` is registered before it resets the blocks);
//! - every register reads its reset value (that of a fresh golden device; CYCLES_* excepted, it runs);
//! - every key slot is zeroized: a job with each slot completes BAD_KEY_SLOT;
//! - nothing was written outside the batch's destinations and completion ring, before, during or
//!   after the reset (the monitor's write restriction stays on throughout);
//! - the next batch matches the golden model byte for byte (`compare_with_golden`).
//!
//! Rounds per configuration: 6 by default, `AESCTR_JOBS=N` runs N. Seed printed; replay with
//! AESCTR_SEED.

mod accel_support;
mod common;

use accel_support::{allowed_writes, compare_with_golden, harness, random_scenario, Dut, ScenarioOptions, LAYOUT};
use golden::device::DeviceConfig;
use hdl::config::Config;
use rand::Rng;
use sim::axi_memory::AxiMemoryConfig;
use sim::driver::{Driver, GoldenPlatform, HostMemory};
use sim::regs_access::RegisterAccess;
use spec::{regs, CounterWidth, Descriptor, Status};

fn config(name: &str) -> Config {
    Config::from_file(format!("{}/../configs/{name}.yaml", env!("CARGO_MANIFEST_DIR"))).expect("shipped configuration")
}

/// What is running when `rst` rises, besides the batch.
#[derive(Clone, Copy, Debug)]
enum Extra {
    Nothing,
    CsrKeyExpansion,
    QresetFlush,
}

/// Every register's value on a freshly reset device of `device` (the golden model), except the
/// free-running CYCLES_*.
fn reset_values(device: DeviceConfig) -> Vec<(&'static str, u32, u32)> {
    let golden = GoldenPlatform::new(device).expect("golden configuration");
    regs::REGISTERS
        .iter()
        .filter(|r| r.offset != regs::CYCLES_LO && r.offset != regs::CYCLES_HI)
        .map(|r| (r.name, r.offset, golden.device.read_reg(r.offset)))
        .collect()
}

fn reset_under_traffic(name: &str, seed_default: u64) {
    let config = config(name);
    let dut = &config;
    let mut rng = common::rng(seed_default);
    let options = ScenarioOptions { max_length: 4096, ..ScenarioOptions::default() };
    let expected_registers = reset_values(DeviceConfig::from(dut));
    let mut h = harness(&config, AxiMemoryConfig::interconnect(rng.gen()));
    let rounds = common::jobs(6);
    let mut cut_bursts = 0;
    for round in 0..rounds {
        // ---- a batch in flight ---------------------------------------------------------------------
        let jobs = rng.gen_range(4..15);
        let scenario = random_scenario(&mut rng, dut, jobs, options);
        h.reset(8).unwrap();
        let memory = h.memory_mut().expect("memory");
        memory.memory = golden::Memory::new();
        memory.faults = golden::FaultMap::new();
        accel_support::add_faults(&mut memory.faults, &scenario);
        h.monitor_mut().expect("monitor").restrict_writes(allowed_writes(&scenario));
        let start = h.memory().expect("memory").stats().clone();
        let mut d = Driver::new(Dut { harness: h }, LAYOUT).expect("the accelerator probes");
        for (slot, key) in &scenario.csr_keys {
            d.load_key(*slot, key).expect("CSR key load");
        }
        for (addr, bytes) in &scenario.memory {
            d.platform_mut().write_bytes(*addr, bytes);
        }
        d.set_irq_enable(regs::IRQ_COMPLETION.mask() | regs::IRQ_ERROR.mask());
        d.enable();
        d.submit_batch(&scenario.descriptors);
        h = d.into_platform().harness;
        let delay = rng.gen_range(0..500);
        h.run(delay).unwrap();
        let extra = match rng.gen_range(0..4) {
            0 => Extra::CsrKeyExpansion,
            1 => Extra::QresetFlush,
            _ => Extra::Nothing,
        };
        match extra {
            Extra::Nothing => {}
            Extra::CsrKeyExpansion => {
                let size = *dut.key_size_list().last().expect("a key size");
                for n in 0..8 {
                    h.write32(regs::key_data(n), rng.gen());
                }
                let slot = rng.gen_range(0..dut.key_slots);
                h.write32(
                    regs::KEY_CTRL,
                    regs::KEY_CTRL_SLOT.put(slot)
                        | regs::KEY_CTRL_SIZE.put(size.code() as u32)
                        | regs::KEY_CTRL_LOAD.mask(),
                );
            }
            Extra::QresetFlush => h.write32(regs::CTRL, regs::CTRL_ENABLE.mask() | regs::CTRL_QRESET.mask()),
        }
        h.run(rng.gen_range(0..4)).unwrap();
        let stats = h.memory().expect("memory").stats().clone();
        let busy = !h.memory().expect("memory").is_idle();
        cut_bursts += usize::from(busy);

        // ---- rst -----------------------------------------------------------------------------------
        let hold = rng.gen_range(4..=8);
        h.reset(hold).unwrap_or_else(|e| panic!("{name} round {round}: during rst: {e}"));
        let before = h.memory().expect("memory").stats().clone();
        h.run(32).unwrap();
        let after = h.memory().expect("memory").stats().clone();
        assert_eq!(
            (after.read_bursts, after.write_bursts),
            (before.read_bursts, before.write_bursts),
            "{name} round {round}: the device started bus traffic by itself after rst"
        );
        for &(register, offset, value) in &expected_registers {
            assert_eq!(h.read32(offset), value, "{name} round {round}: {register} after rst");
        }
        println!(
            "{name} round {round}: {} descriptors, rst ({hold} cycles) {delay} cycles in ({extra:?}), {} read and \
             {} write bursts before it, bus {}",
            scenario.descriptors.len(),
            stats.read_bursts - start.read_bursts,
            stats.write_bursts - start.write_bursts,
            if busy { "busy" } else { "idle" }
        );

        // ---- every key slot zeroized -----------------------------------------------------------------
        let mut d = Driver::new(Dut { harness: h }, LAYOUT).expect("the accelerator probes after rst");
        d.enable();
        let jobs: Vec<Descriptor> = (0..dut.key_slots)
            .map(|slot| Descriptor::ctr_xor_slot(slot, slot as u8, CounterWidth::W128, 0x8_0000, 0x8_0000, 16, [0; 16]))
            .collect();
        let done = d.run_all(&jobs).expect("slot probes complete");
        for (slot, c) in done.iter().enumerate() {
            assert_eq!(c.status, Status::BadKeySlot as u8, "{name} round {round}: slot {slot} usable after rst");
        }
        h = d.into_platform().harness;

        // ---- the next batch is right -----------------------------------------------------------------
        let jobs = rng.gen_range(4..15);
        let next = random_scenario(&mut rng, dut, jobs, options);
        let (back, outcome) = compare_with_golden(h, dut, &next);
        h = back;
        if let Err(e) = outcome {
            panic!("{name} round {round}: the batch after rst differs from the golden model: {e}");
        }
    }
    assert!(cut_bursts > 0, "{name}: no rst cut a bus transaction in {rounds} rounds");
}

#[test]
fn default_reset_under_traffic_leaves_reset_state_and_next_jobs_right() {
    reset_under_traffic("default", 0x2E5E_0001);
}

#[test]
fn small_reset_under_traffic_leaves_reset_state_and_next_jobs_right() {
    reset_under_traffic("small", 0x2E5E_0002);
}

#[test]
fn iterative_k2_reset_under_traffic_leaves_reset_state_and_next_jobs_right() {
    reset_under_traffic("iterative-k2", 0x2E5E_0003);
}

#[test]
fn wide_reset_under_traffic_leaves_reset_state_and_next_jobs_right() {
    reset_under_traffic("wide", 0x2E5E_0004);
}
