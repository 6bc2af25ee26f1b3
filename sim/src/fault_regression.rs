//! Fault regression: random batches of descriptors on the emitted `aes_ctr_accel`, each compared
//! with the golden device model, where about one batch in four is *disturbed* on top of the faults
//! every [`random_scenario`] already carries (malformed descriptors of every status code,
//! SLVERR/DECERR on source, key and destination ranges):
//! - [`Disturbance::DescriptorFetchFault`]: SLVERR/DECERR on one submission-ring entry: the device
//!   completes the descriptors before it, halts (STATUS.HALTED, IRQ_STATUS.ERROR), fetches nothing
//!   more; the run is compared in the halted state;
//! - [`Disturbance::CompletionWriteFault`]: SLVERR/DECERR on one completion-ring entry: the device
//!   halts after consuming that descriptor;
//! - [`Disturbance::Qreset`]: CTRL.QRESET written after a random number of completions plus a
//!   random delay (so it lands at any cycle, mid-burst included). The golden model (manual mode)
//!   executes exactly the descriptors whose completions the DUT wrote, then takes the QRESET: the
//!   destinations of the jobs that were dropped may hold old or new bytes, and nothing else may
//!   differ. After the flush the bus must stay quiet (no new burst in the next 64 cycles).
//!
//! Every batch: the AXI4 monitor restricts writes to the batch's destination ranges and the
//! completion ring ([`allowed_writes`]), so a stray write fails the batch; the scoreboard compares
//! every memory byte, every completion in order, and STATUS, IRQ_STATUS, SQ_HEAD, CQ_TAIL and the
//! counters; the driver's poll budget is the watchdog (a stalled device fails the batch).
//!
//! One tolerated difference, counted and reported: JOBS_OK/JOBS_ERR/BYTES and IRQ_STATUS.COMPLETION
//! count a completion on its write response; when QRESET drops the response of a completion whose
//! bytes are already in memory, the DUT has the entry but not the count (`responses_dropped`).

use crate::axi_memory::AxiMemory;
use crate::driver::{Driver, DriverError, GoldenPlatform, RingLayout};
use crate::scenario::{add_faults, allowed_writes, random_scenario, Dut, Scenario, ScenarioOptions, LAYOUT};
use crate::scoreboard::{compare, RegisterSnapshot};
use crate::{Harness, RegisterAccess};
use accel_config::Config;
use golden::device::DeviceConfig;
use golden::{AccessKind, FaultMap};
use rand::Rng;
use spec::{regs, Completion, Status};
use std::collections::BTreeMap;

/// What is done to a batch besides the faults of its scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disturbance {
    None,
    /// Bus error `resp` on the submission-ring entry of descriptor `index`.
    DescriptorFetchFault {
        index: usize,
        resp: u8,
    },
    /// Bus error `resp` on the completion-ring entry of descriptor `index`.
    CompletionWriteFault {
        index: usize,
        resp: u8,
    },
    /// QRESET once `after` completions were seen, `delay` cycles later.
    Qreset {
        after: usize,
        delay: u32,
    },
}

/// One batch: a scenario (at most SQ_SIZE - 1 descriptors, so one doorbell submits all) and its
/// disturbance.
#[derive(Clone, Debug)]
pub struct FaultBatch {
    pub scenario: Scenario,
    pub disturbance: Disturbance,
}

/// A random batch of 1..=15 descriptors.
pub fn random_fault_batch(rng: &mut impl Rng, config: &Config, options: ScenarioOptions) -> FaultBatch {
    let n = rng.gen_range(1..=(LAYOUT.sq_size as usize - 1));
    let mut scenario = random_scenario(rng, config, n, options);
    let resp = if rng.gen_bool(0.5) { spec::resp::SLVERR } else { spec::resp::DECERR };
    let disturbance = match rng.gen_range(0..100) {
        0..=7 => Disturbance::DescriptorFetchFault { index: rng.gen_range(0..n), resp },
        8..=15 => Disturbance::CompletionWriteFault { index: rng.gen_range(0..n), resp },
        16..=29 => Disturbance::Qreset { after: rng.gen_range(0..n), delay: rng.gen_range(0..400) },
        _ => Disturbance::None,
    };
    let layout = scenario.layout.unwrap_or(LAYOUT);
    match disturbance {
        Disturbance::DescriptorFetchFault { index, resp } => {
            let at = layout.sq_base + 64 * index as u64 + rng.gen_range(0..64);
            scenario.faults.push((at, at + 1, AccessKind::Read, resp));
        }
        Disturbance::CompletionWriteFault { index, resp } => {
            let at = layout.cq_base + 16 * index as u64 + rng.gen_range(0..16);
            scenario.faults.push((at, at + 1, AccessKind::Write, resp));
        }
        Disturbance::Qreset { .. } => {
            // A key descriptor cut by QRESET leaves its slot unpredictable (valid, invalid or the
            // new key): the model cannot compare such a run, so QRESET batches carry none.
            for d in scenario.descriptors.iter_mut() {
                if d.opcode == spec::Opcode::KeyLoad as u8 || d.opcode == spec::Opcode::KeyZeroize as u8 {
                    *d = spec::Descriptor::nop(d.tag);
                }
            }
        }
        Disturbance::None => {}
    }
    FaultBatch { scenario, disturbance }
}

/// Totals of a fault regression.
#[derive(Clone, Debug, Default)]
pub struct FaultTotals {
    pub batches: usize,
    pub descriptors: usize,
    /// Completions compared, by status name.
    pub completions_by_status: BTreeMap<&'static str, usize>,
    pub descriptor_fetch_faults: usize,
    pub completion_write_faults: usize,
    pub qresets: usize,
    /// Descriptors dropped by QRESET or never fetched after a halt (no completion, by SPEC).
    pub dropped: usize,
    pub responses_dropped: usize,
    pub payload_bytes_verified: u64,
    pub bytes_compared: u64,
    pub cycles: u64,
}

impl FaultTotals {
    /// Completions whose status is not OK, plus dropped descriptors and halts: the faulted jobs.
    pub fn faulted(&self) -> usize {
        self.completions_by_status.iter().filter(|(k, _)| **k != "OK").map(|(_, v)| v).sum::<usize>()
            + self.dropped
            + self.descriptor_fetch_faults
    }

    /// The one-line summary the regression prints.
    pub fn summary(&self) -> String {
        let kinds: Vec<String> = self.completions_by_status.iter().map(|(k, v)| format!("{k} {v}")).collect();
        format!(
            "{} descriptors in {} batches: {} faulted ({:.1}%); completions by status: {}; descriptor-fetch faults {}, \
             completion-write faults {}, QRESETs {}, dropped descriptors {}, completion responses dropped by QRESET {}; \
             {} payload bytes verified, {} memory bytes compared, {} cycles; 0 mismatches, 0 stray writes, 0 lost or \
             duplicated completions, 0 watchdog trips",
            self.descriptors,
            self.batches,
            self.faulted(),
            100.0 * self.faulted() as f64 / self.descriptors.max(1) as f64,
            kinds.join(", "),
            self.descriptor_fetch_faults,
            self.completion_write_faults,
            self.qresets,
            self.dropped,
            self.responses_dropped,
            self.payload_bytes_verified,
            self.bytes_compared,
            self.cycles
        )
    }
}

/// Program keys, memory, IRQ enables and ENABLE, and submit every descriptor with one doorbell.
fn prepare<P: RegisterAccess + crate::driver::HostMemory>(
    platform: P,
    scenario: &Scenario,
    layout: RingLayout,
) -> Result<Driver<P>, String> {
    let mut d = Driver::new(platform, layout).map_err(|e| format!("driver: {e}"))?;
    d.set_poll_budget(20_000);
    for (slot, key) in &scenario.csr_keys {
        d.load_key(*slot, key).map_err(|e| format!("CSR key load into slot {slot}: {e}"))?;
    }
    for (addr, bytes) in &scenario.memory {
        d.platform_mut().write_bytes(*addr, bytes);
    }
    d.set_irq_enable(regs::IRQ_COMPLETION.mask() | regs::IRQ_ERROR.mask());
    d.enable();
    let submitted = d.submit_batch(&scenario.descriptors);
    if submitted != scenario.descriptors.len() {
        return Err(format!("only {submitted} of {} descriptors fit the ring", scenario.descriptors.len()));
    }
    Ok(d)
}

/// Collect completions until `n` or a halt; a timeout is an error (the watchdog).
fn collect<P: RegisterAccess + crate::driver::HostMemory>(
    d: &mut Driver<P>,
    n: usize,
    out: &mut Vec<Completion>,
) -> Result<(), String> {
    while out.len() < n {
        match d.wait_completion() {
            Ok(c) => out.push(c),
            Err(DriverError::Halted) => {
                out.extend(d.drain_completions());
                return Ok(());
            }
            Err(e) => return Err(format!("watchdog: {e} after {} of {n} completions", out.len())),
        }
    }
    Ok(())
}

/// Write QRESET (ENABLE kept) and poll CTRL until QRESET reads 0, as a driver does (SPEC §2); the
/// first read of 0 must already show the ring indices at 0 and STATUS.BUSY clear.
fn qreset_and_poll(h: &mut Harness) -> Result<(), String> {
    h.write32(regs::CTRL, regs::CTRL_ENABLE.mask() | regs::CTRL_QRESET.mask());
    for _ in 0..20_000 {
        if regs::CTRL_QRESET.get(h.read32(regs::CTRL)) == 0 {
            let indices = [regs::SQ_HEAD, regs::SQ_TAIL, regs::CQ_HEAD, regs::CQ_TAIL].map(|r| h.read32(r));
            if indices != [0; 4] {
                return Err(format!("CTRL.QRESET reads 0 but SQ_HEAD/SQ_TAIL/CQ_HEAD/CQ_TAIL read {indices:?}"));
            }
            if regs::STATUS_BUSY.get(h.read32(regs::STATUS)) != 0 {
                return Err("CTRL.QRESET reads 0 but STATUS.BUSY is still set".into());
            }
            return Ok(());
        }
    }
    Err("watchdog: CTRL.QRESET still reads 1 after 20000 polls".into())
}

fn wait_not_busy(h: &mut Harness) -> Result<(), String> {
    for _ in 0..20_000 {
        if regs::STATUS_BUSY.get(h.read32(regs::STATUS)) == 0 {
            return Ok(());
        }
    }
    Err("watchdog: STATUS.BUSY still set 20000 polls after the last completion or QRESET".into())
}

/// Run one batch on the DUT and on the golden model and compare; the harness is reset first and
/// returned for the next batch when the batch passes. The error names what differs.
pub fn run_fault_batch(
    harness: Harness,
    config: &Config,
    batch: &FaultBatch,
    totals: &mut FaultTotals,
) -> Result<Harness, String> {
    let scenario = &batch.scenario;
    let layout = scenario.layout.unwrap_or(LAYOUT);
    let n = scenario.descriptors.len();
    let mut h = harness;
    h.reset(8).map_err(|e| format!("reset: {e}"))?;
    {
        let memory: &mut AxiMemory = h.memory_mut().expect("memory");
        memory.memory = golden::Memory::new();
        memory.faults = FaultMap::new();
        add_faults(&mut memory.faults, scenario);
    }
    h.monitor_mut().expect("AXI4 monitor").restrict_writes(allowed_writes(scenario));
    let start = h.cycle();

    // ---- DUT --------------------------------------------------------------------------------------
    let mut d = prepare(Dut { harness: h }, scenario, layout).map_err(|e| format!("DUT: {e}"))?;
    let mut got = Vec::new();
    let mut dut_error = None;
    match batch.disturbance {
        Disturbance::Qreset { after, delay } => {
            if let Err(e) = collect(&mut d, after, &mut got) {
                dut_error = Some(e);
            }
            let h = &mut d.platform_mut().harness;
            if dut_error.is_none() {
                if let Err(e) = h.run(delay as u64) {
                    dut_error = Some(format!("{e}"));
                }
            }
            if dut_error.is_none() {
                match qreset_and_poll(h) {
                    Err(e) => dut_error = Some(e),
                    Ok(()) => {
                        // The bus stays quiet once the flush is over.
                        let before = h.memory().expect("memory").stats().clone();
                        let _ = h.run(64);
                        let after_stats = h.memory().expect("memory").stats().clone();
                        if after_stats.read_bursts != before.read_bursts
                            || after_stats.write_bursts != before.write_bursts
                        {
                            dut_error = Some(format!(
                                "bus not quiet after QRESET: {} read and {} write bursts in the next 64 cycles",
                                after_stats.read_bursts - before.read_bursts,
                                after_stats.write_bursts - before.write_bursts
                            ));
                        }
                    }
                }
            }
            got.extend(d.drain_completions());
        }
        _ => {
            if let Err(e) = collect(&mut d, n, &mut got) {
                dut_error = Some(e);
            }
            // A halted device is compared after the QRESET that recovers it: jobs pipelined behind
            // a failed completion write may still be writing until the flush ends.
            let h = &mut d.platform_mut().harness;
            if dut_error.is_none() && regs::STATUS_HALTED.get(h.read32(regs::STATUS)) != 0 {
                if let Err(e) = qreset_and_poll(h) {
                    dut_error = Some(e);
                }
            }
        }
    }
    let mut h = d.into_platform().harness;
    if let Some(e) = dut_error {
        return Err(format!("DUT: {e}"));
    }
    if let Err(e) = wait_not_busy(&mut h) {
        return Err(format!("DUT: {e}"));
    }
    if let Some(f) = h.failure().cloned() {
        return Err(format!("harness failure: {f}"));
    }
    totals.cycles += h.cycle() - start;
    let mut dut_regs = RegisterSnapshot::read_with(|offset| h.read32(offset));

    // ---- golden model -------------------------------------------------------------------------------
    let mut golden = GoldenPlatform::new(DeviceConfig::from(config)).expect("golden configuration");
    add_faults(&mut golden.faults, scenario);
    let qreset = matches!(batch.disturbance, Disturbance::Qreset { .. });
    if qreset {
        golden.device.set_auto_run(false);
    }
    let mut gd = match prepare(golden, scenario, layout) {
        Ok(d) => d,
        Err(e) => panic!("the golden model cannot run the batch (a test-bench bug): {e}"),
    };
    let mut expected = Vec::new();
    if qreset {
        let platform = gd.platform_mut();
        let executed = platform.device.run(&mut platform.memory, &platform.faults, Some(got.len()));
        let platform = gd.platform_mut();
        platform.write32(regs::CTRL, regs::CTRL_ENABLE.mask() | regs::CTRL_QRESET.mask());
        expected.extend(gd.drain_completions());
        if executed != got.len() {
            return Err(format!("the DUT wrote {} completions, the model could execute only {executed}", got.len()));
        }
        totals.qresets += 1;
    } else {
        if let Err(e) = collect(&mut gd, n, &mut expected) {
            panic!("the golden model stalls (a test-bench bug): {e}");
        }
        if gd.platform().device.halted() {
            gd.platform_mut().write32(regs::CTRL, regs::CTRL_ENABLE.mask() | regs::CTRL_QRESET.mask());
        }
    }
    let golden = gd.into_platform();
    let golden_regs = RegisterSnapshot::read_with(|offset| golden.device.read_reg(offset));

    // Tolerated: the response of the last written completion dropped by QRESET.
    if qreset && dut_regs != golden_regs {
        if let Some(last) = expected.last() {
            let ok = last.status == Status::Ok as u8;
            let counted = dut_regs.jobs_ok + dut_regs.jobs_err + 1 == golden_regs.jobs_ok + golden_regs.jobs_err
                && dut_regs.jobs_ok + ok as u32 == golden_regs.jobs_ok
                && (dut_regs.bytes_lo.wrapping_add(last.bytes)) == golden_regs.bytes_lo;
            if counted {
                totals.responses_dropped += 1;
                dut_regs.jobs_ok = golden_regs.jobs_ok;
                dut_regs.jobs_err = golden_regs.jobs_err;
                dut_regs.bytes_lo = golden_regs.bytes_lo;
                dut_regs.bytes_hi = golden_regs.bytes_hi;
                dut_regs.irq_status |= golden_regs.irq_status & regs::IRQ_COMPLETION.mask();
                if !ok {
                    dut_regs.irq_status |= golden_regs.irq_status & regs::IRQ_ERROR.mask();
                }
            }
        }
    }
    let report =
        match compare(&golden.device, &golden.memory, &h.memory().expect("memory").memory, Some(&got), Some(&dut_regs))
        {
            Ok(r) => r,
            Err(m) => return Err(format!("{m}")),
        };
    if got.len() != expected.len() {
        return Err(format!("{} completions from the DUT, {} from the model", got.len(), expected.len()));
    }

    // ---- totals -------------------------------------------------------------------------------------
    totals.batches += 1;
    totals.descriptors += n;
    totals.dropped += n - got.len();
    totals.bytes_compared += report.bytes_compared;
    for c in &got {
        let name = Status::from_code(c.status).map(|s| s.name()).unwrap_or("UNKNOWN");
        *totals.completions_by_status.entry(name).or_default() += 1;
        if c.status == Status::Ok as u8 {
            totals.payload_bytes_verified += c.bytes as u64;
        }
    }
    match batch.disturbance {
        Disturbance::DescriptorFetchFault { .. } => totals.descriptor_fetch_faults += 1,
        Disturbance::CompletionWriteFault { .. } => totals.completion_write_faults += 1,
        _ => {}
    }
    Ok(h)
}

/// A failing batch of [`run_fault_regression`]: its index, the batch and what differed.
pub struct FaultFailure {
    pub batch: usize,
    pub fault_batch: FaultBatch,
    pub error: String,
}

/// Random fault batches drawn from `rng` until `descriptors` descriptors have run; stops at the
/// first failing batch. `on_batch` sees each passing batch's index and disturbance.
pub fn run_fault_regression(
    harness: Harness,
    config: &Config,
    rng: &mut impl Rng,
    descriptors: usize,
    options: ScenarioOptions,
    mut on_batch: impl FnMut(usize, &FaultBatch),
) -> (FaultTotals, Result<Harness, FaultFailure>) {
    let mut totals = FaultTotals::default();
    let mut h = harness;
    while totals.descriptors < descriptors {
        let batch = random_fault_batch(rng, config, options);
        match run_fault_batch(h, config, &batch, &mut totals) {
            Ok(back) => {
                h = back;
                on_batch(totals.batches - 1, &batch);
            }
            Err(error) => {
                return (totals.clone(), Err(FaultFailure { batch: totals.batches, fault_batch: batch, error }));
            }
        }
    }
    (totals, Ok(h))
}
