//! Accelerator-level scenarios, shared by the `accel_*` tests and the `regress` and `accel-bench`
//! binaries: the DUT as a driver platform, random descriptor streams, and their comparison with the
//! golden device model. A design's configuration is the schema's `accel_config::Config` (the
//! tests build it, the binaries read it next to the Verilog with [`read_design`]).

use crate::axi_memory::AxiMemoryConfig;
use crate::driver::{Driver, GoldenPlatform, HostMemory, RingLayout};
use crate::scoreboard::{compare, RegisterSnapshot, Report};
use crate::{Harness, HarnessConfig, RegisterAccess};
use accel_config::Config;
use golden::device::DeviceConfig;
use golden::{AccessKind, FaultMap};
use rand::Rng;
use spec::{regs, Completion, CounterWidth, Descriptor, Opcode};
use std::path::{Path, PathBuf};

/// The emitted design `verilog` (a file `gen-verilog` wrote) and its configuration, read from the
/// file `gen-verilog` wrote next to it (`Config::next_to_verilog`: `NAME.config.json`); the error
/// names the file that could not be read.
pub fn read_design(verilog: &Path) -> Result<(String, Config), String> {
    let text = std::fs::read_to_string(verilog).map_err(|e| format!("cannot read {}: {e}", verilog.display()))?;
    let config = Config::next_to_verilog(verilog).map_err(|e| e.to_string())?;
    Ok((text, config))
}

/// A harness around the accelerator's Verilog `text`, reset for 8 cycles.
pub fn harness_from_verilog(text: &str, max_burst: u32, memory: AxiMemoryConfig) -> Harness {
    harness_with_vcd(text, max_burst, memory, None)
}

/// [`harness_from_verilog`], tracing every signal into the VCD file `vcd` when given (the model is
/// then built with tracing; env `AESCTR_VCD` also requests one, see [`crate::harness`]).
pub fn harness_with_vcd(text: &str, max_burst: u32, memory: AxiMemoryConfig, vcd: Option<PathBuf>) -> Harness {
    harness_with(text, max_burst, HarnessConfig { memory, vcd, ..HarnessConfig::default() })
}

/// [`harness_from_verilog`] with Verilator line and toggle coverage ([`crate::coverage`]).
pub fn harness_with_coverage(text: &str, max_burst: u32, memory: AxiMemoryConfig) -> Harness {
    let mut hc = HarnessConfig { memory, ..HarnessConfig::default() };
    hc.build.coverage = true;
    harness_with(text, max_burst, hc)
}

fn harness_with(text: &str, max_burst: u32, config: HarnessConfig) -> Harness {
    let mut hc = config;
    hc.monitor.max_burst_beats = max_burst;
    // The accelerator never sends a W beat before its AW (formal/: W_AFTER_AW); hold every run to it.
    hc.monitor.w_after_aw = true;
    // Composite-field S-boxes simulate as the equivalent table (spec::SIMULATE_SBOX_TABLE_MACRO;
    // the circuit itself is simulated exhaustively by tests/sbox_circuit.rs).
    hc.build.extra_args = crate::verilator::simulate_sbox_table();
    if let Ok(extra) = std::env::var("AESCTR_VERILATOR_ARGS") {
        // Debug aid: extra Verilator arguments for the model build (part of the cache key).
        hc.build.extra_args.extend(extra.split_whitespace().map(String::from));
    }
    let mut h = Harness::build_source(text, spec::TOP_MODULE, hc).expect("verilator build of aes_ctr_accel");
    h.reset(8).expect("reset");
    h
}

/// After a failing scenario: run it again on a fresh model of `text` that writes the waveform to
/// `vcd`, so the failure can be inspected without re-running the whole regression. Returns the
/// message to print: where the VCD is and whether the fresh run failed the same way (a scenario
/// starts from reset and an empty memory, so it normally does; a stressed memory's back-pressure
/// sequence continues across scenarios and can differ).
pub fn dump_failure_waveform(
    text: &str,
    config: &Config,
    memory: AxiMemoryConfig,
    scenario: &Scenario,
    vcd: &Path,
) -> String {
    if let Some(dir) = vcd.parent() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return format!("no waveform: cannot create {}: {e}", dir.display());
        }
    }
    let h = harness_with_vcd(text, config.max_burst, memory, Some(vcd.to_path_buf()));
    let (h, outcome) = compare_with_golden(h, config, scenario);
    drop(h); // flushes and closes the VCD
    match outcome {
        Err(e) => format!("waveform of the failing scenario: {} (the replay fails again: {e})", vcd.display()),
        Ok(_) => format!(
            "waveform of the scenario replayed alone: {} (the replay passes: the failure depends on the memory \
             timing left by earlier scenarios)",
            vcd.display()
        ),
    }
}

/// The DUT as a driver platform: registers through AXI4-Lite, host memory through the back door of
/// the AXI4 memory model.
pub struct Dut {
    pub harness: Harness,
}

impl RegisterAccess for Dut {
    fn read32(&mut self, offset: u32) -> u32 {
        self.harness.read32(offset)
    }
    fn write32(&mut self, offset: u32, value: u32) {
        self.harness.write32(offset, value)
    }
}

impl HostMemory for Dut {
    fn write_bytes(&mut self, addr: u64, bytes: &[u8]) {
        self.harness.memory_mut().expect("AXI4 memory attached").memory.load(addr, bytes);
    }
    fn read_bytes(&mut self, addr: u64, buf: &mut [u8]) {
        let data = self.harness.memory().expect("AXI4 memory attached").memory.dump(addr, buf.len());
        buf.copy_from_slice(&data);
    }
}

// ---- random scenarios compared with the golden model -------------------------------------------

/// Where the rings live in every scenario.
pub const LAYOUT: RingLayout = RingLayout { sq_base: 0x1_0000, sq_size: 16, cq_base: 0x2_0000, cq_size: 16 };

/// What a random scenario may contain.
#[derive(Clone, Copy, Debug)]
pub struct ScenarioOptions {
    /// Longest CTR_XOR job in bytes (a few jobs get up to this; most are short).
    pub max_length: u32,
    /// Malformed descriptors, bad slots/sizes, unaligned/overlapping/wrapping ranges.
    pub descriptor_errors: bool,
    /// SLVERR/DECERR on source, key and destination ranges.
    pub bus_faults: bool,
    /// KEY_LOAD / KEY_ZEROIZE / INLINE_KEY descriptors.
    pub key_descriptors: bool,
}

impl Default for ScenarioOptions {
    fn default() -> Self {
        ScenarioOptions { max_length: 5000, descriptor_errors: true, bus_faults: true, key_descriptors: true }
    }
}

/// Memory contents, faults, CSR keys and descriptors of one run.
#[derive(Clone, Debug, Default)]
pub struct Scenario {
    pub csr_keys: Vec<(u32, Vec<u8>)>,
    pub memory: Vec<(u64, Vec<u8>)>,
    pub faults: Vec<(u64, u64, AccessKind, u8)>,
    pub descriptors: Vec<Descriptor>,
    /// Ring bases and sizes ([`LAYOUT`] when `None`).
    pub layout: Option<RingLayout>,
}

impl Scenario {
    /// Bytes of CTR_XOR payload the descriptors ask for.
    pub fn payload_bytes(&self) -> u64 {
        self.descriptors.iter().filter(|d| d.opcode == Opcode::CtrXor as u8).map(|d| d.length as u64).sum()
    }
}

fn random_bytes(rng: &mut impl Rng, n: usize) -> Vec<u8> {
    (0..n).map(|_| rng.gen()).collect()
}

fn random_counter(rng: &mut impl Rng) -> [u8; 16] {
    let mut c: [u8; 16] = rng.gen();
    if rng.gen_ratio(1, 4) {
        // Close to a wrap of the low 32, 64 or 128 bits.
        for b in c[8..15].iter_mut() {
            *b = 0xFF;
        }
        c[15] = 0xFF - rng.gen_range(0..4u8);
        if rng.gen_bool(0.5) {
            for b in c[..8].iter_mut() {
                *b = 0xFF;
            }
        }
    }
    c
}

/// A random scenario of `jobs` descriptors for `config`.
pub fn random_scenario(rng: &mut impl Rng, config: &Config, jobs: usize, options: ScenarioOptions) -> Scenario {
    let sizes = config.key_size_list();
    let slots = config.key_slots;
    let mut s = Scenario::default();
    // CSR keys in every slot but the last (which stays empty: BAD_KEY_SLOT material).
    for slot in 0..slots.saturating_sub(1).max(1) {
        let size = sizes[rng.gen_range(0..sizes.len())];
        s.csr_keys.push((slot, random_bytes(rng, size.bytes())));
    }
    let mut loaded: Vec<bool> = (0..slots).map(|slot| s.csr_keys.iter().any(|(k, _)| *k == slot)).collect();
    // The last clean CTR_XOR destination, for chained (read-after-write) jobs.
    let mut last_clean: Option<(u64, u32)> = None;
    for n in 0..jobs {
        let region = n as u64;
        let src_area = 0x100_0000 + region * 0x1_0000;
        let dst_area = 0x800_0000 + region * 0x1_0000;
        let key_area = 0x300_0000 + region * 0x100;
        // The job's number in the low half (for reading traces), random bits above it: the tag is echoed
        // through the dispatcher and the completion writer, whose every tag bit should toggle.
        let tag = (rng.gen::<u32>() & 0xFFFF_0000) | (n as u32 & 0xFFFF);
        let kind = rng.gen_range(0..100);
        let mut d;
        if options.key_descriptors && kind < 6 {
            // KEY_LOAD from any byte address.
            let size = sizes[rng.gen_range(0..sizes.len())];
            // A bad slot is any number from the slot count up to 255 (the descriptor's whole slot byte).
            let slot = if options.descriptor_errors && rng.gen_ratio(1, 8) {
                rng.gen_range(slots..=255)
            } else {
                rng.gen_range(0..slots)
            };
            let key_addr = key_area + rng.gen_range(0..64);
            s.memory.push((key_addr, random_bytes(rng, size.bytes())));
            d = Descriptor::key_load(tag, slot as u8, size, key_addr);
            let faulted = options.bus_faults && rng.gen_ratio(1, 5);
            if faulted {
                let at = key_addr + rng.gen_range(0..size.bytes() as u64);
                s.faults.push((at, at + 1, AccessKind::Read, spec::resp::SLVERR));
            }
            if (slot as usize) < loaded.len() {
                loaded[slot as usize] = !faulted;
            }
        } else if options.key_descriptors && kind < 9 {
            let slot = rng.gen_range(0..slots);
            d = Descriptor::key_zeroize(tag, slot as u8);
            loaded[slot as usize] = false;
        } else if kind < 13 {
            d = Descriptor::nop(tag);
            d.length = rng.gen();
        } else {
            // CTR_XOR.
            let mut chained = false;
            let length = match rng.gen_range(0..10) {
                0 => 0,
                1..=5 => rng.gen_range(1..=256),
                6..=8 => rng.gen_range(1..=1024.min(options.max_length.max(1))),
                _ => rng.gen_range(1..=options.max_length.max(1)),
            };
            let width = CounterWidth::ALL[rng.gen_range(0..3)];
            let src = src_area + 16 * rng.gen_range(0..64u64);
            let mut dst = dst_area + 16 * rng.gen_range(0..64u64);
            let counter = random_counter(rng);
            let inline = options.key_descriptors && rng.gen_ratio(1, 8);
            if inline {
                let size = sizes[rng.gen_range(0..sizes.len())];
                let key_addr = key_area + rng.gen_range(0..64);
                s.memory.push((key_addr, random_bytes(rng, size.bytes())));
                d = Descriptor::ctr_xor_inline(tag, size, key_addr, width, src, dst, length, counter);
                if options.bus_faults && rng.gen_ratio(1, 10) {
                    let at = key_addr + rng.gen_range(0..size.bytes() as u64);
                    s.faults.push((at, at + 1, AccessKind::Read, spec::resp::DECERR));
                }
            } else {
                let loaded_slots: Vec<u32> = (0..slots).filter(|k| loaded[*k as usize]).collect();
                let slot = if loaded_slots.is_empty() || (options.descriptor_errors && rng.gen_ratio(1, 20)) {
                    rng.gen_range(0..=slots)
                } else {
                    loaded_slots[rng.gen_range(0..loaded_slots.len())]
                };
                if rng.gen_ratio(1, 6) {
                    dst = src; // in place
                }
                d = Descriptor::ctr_xor_slot(tag, slot as u8, width, src, dst, length, counter);
                if rng.gen_ratio(1, 6) {
                    if let Some((prev_dst, prev_len)) = last_clean {
                        chained = true;
                        // Read the previous job's output (read-after-write through memory).
                        d.src = prev_dst;
                        d.length = d.length.min(prev_len.max(1));
                        if d.dst == src {
                            d.dst = dst_area;
                        }
                    }
                }
            }
            d = d.with_irq(rng.gen_ratio(1, 3));
            s.memory.push((d.src, random_bytes(rng, d.length as usize)));
            let mut clean = true;
            // Faults only in this job's own regions: a chained job's source is an earlier job's
            // destination, and a fault there would change that job's outcome too.
            if options.bus_faults && !chained && d.length > 0 && rng.gen_ratio(1, 8) {
                // A read fault inside the source range, or a write fault inside the destination range.
                clean = false;
                if rng.gen_bool(0.5) {
                    let at = d.src + rng.gen_range(0..d.length as u64);
                    s.faults.push((at, at + 1, AccessKind::Read, spec::resp::SLVERR));
                } else {
                    let at = d.dst + rng.gen_range(0..d.length as u64);
                    s.faults.push((at, at + 1, AccessKind::Write, spec::resp::SLVERR));
                }
            }
            if options.descriptor_errors && rng.gen_ratio(1, 10) {
                clean = false;
                match rng.gen_range(0..7) {
                    0 => d.reserved0 = 1,
                    1 => d.flags |= (rng.gen_range(1..=3u8)) << 6, // reserved flag bits 6-7
                    2 => d.flags |= 0x30,                          // counter width code 3
                    3 => d.src += 1 + rng.gen_range(0..15),
                    4 => d.dst = d.src + 16, // overlap (when length > 16)
                    5 => {
                        d.src = u64::MAX - 15 - 16 * rng.gen_range(0..4);
                        d.length = d.length.max(64);
                    }
                    _ => d.opcode = rng.gen_range(4..=255),
                }
            }
            if clean && d.opcode == Opcode::CtrXor as u8 && d.length > 0 && d.src != u64::MAX {
                last_clean = Some((d.dst, d.length));
            }
        }
        if options.descriptor_errors && rng.gen_ratio(1, 40) {
            d.reserved1 = rng.gen();
        }
        if options.descriptor_errors && rng.gen_ratio(1, 50) {
            // Key size code 3 (no such size): BAD_KEY_SIZE for key-using descriptors.
            d.flags |= 0x0C;
        }
        s.descriptors.push(d);
    }
    // Keep only memory that lies in real RAM (a wrapping source has none).
    s.memory.retain(|(addr, bytes)| addr.checked_add(bytes.len() as u64).is_some());
    s
}

/// Run `scenario` on a platform through the ring driver; returns the platform and the completions,
/// or what went wrong (a descriptor that never completes, a halt) instead of the completions.
pub fn run_scenario<P: RegisterAccess + HostMemory>(
    platform: P,
    scenario: &Scenario,
) -> (P, Result<Vec<Completion>, String>) {
    let mut platform = platform;
    let id = platform.read32(regs::ID);
    if id != regs::ID_VALUE {
        return (platform, Err(format!("ID reads {id:#010x}, not {:#010x}", regs::ID_VALUE)));
    }
    // With the ID checked, only an invalid ring layout (a test-bench constant) can fail the probe.
    let mut d = Driver::new(platform, scenario.layout.unwrap_or(LAYOUT)).expect("scenario ring layout");
    d.set_poll_budget(100_000);
    for (slot, key) in &scenario.csr_keys {
        if let Err(e) = d.load_key(*slot, key) {
            return (d.into_platform(), Err(format!("CSR key load into slot {slot}: {e}")));
        }
    }
    for (addr, bytes) in &scenario.memory {
        d.platform_mut().write_bytes(*addr, bytes);
    }
    d.set_irq_enable(regs::IRQ_COMPLETION.mask() | regs::IRQ_ERROR.mask());
    d.enable();
    if std::env::var_os("AESCTR_ACCEL_STEP").is_some() {
        // Debug aid: one descriptor at a time, naming the one that does not complete.
        let mut completions = Vec::new();
        for (i, desc) in scenario.descriptors.iter().enumerate() {
            let outcome = d.submit(desc).and_then(|_| d.wait_completion());
            match outcome {
                Ok(c) => completions.push(c),
                Err(e) => return (d.into_platform(), Err(format!("descriptor {i} ({desc:?}) did not complete: {e}"))),
            }
        }
        return (d.into_platform(), Ok(completions));
    }
    let completions = d.run_all(&scenario.descriptors).map_err(|e| format!("running the scenario: {e}"));
    (d.into_platform(), completions)
}

/// Add the scenario's faults to `faults` (the DUT's memory model or the golden platform's map).
pub fn add_faults(faults: &mut FaultMap, scenario: &Scenario) {
    for (start, end, kind, resp) in &scenario.faults {
        faults.add(*start, *end, *kind, *resp);
    }
}

/// Where the DUT may write during `scenario`: the destination range of every CTR_XOR descriptor
/// (malformed ones included: a superset) and the completion ring.
pub fn allowed_writes(scenario: &Scenario) -> Vec<std::ops::Range<u64>> {
    let layout = scenario.layout.unwrap_or(LAYOUT);
    let mut ranges: Vec<std::ops::Range<u64>> = scenario
        .descriptors
        .iter()
        .filter(|d| d.opcode == Opcode::CtrXor as u8 && d.length > 0)
        .map(|d| d.dst..d.dst.saturating_add(d.length as u64))
        .collect();
    let cq_bytes = (layout.cq_size as u64) * spec::completion::COMPLETION_BYTES as u64;
    ranges.push(layout.cq_base..layout.cq_base + cq_bytes);
    ranges
}

/// Outcome of one scenario on the DUT and the golden model.
pub struct Comparison {
    pub report: Report,
    pub completions: usize,
    pub payload_bytes: u64,
    pub cycles: u64,
}

/// Run `scenario` on the DUT (in `harness`) and on the golden model; compare memory, completions and
/// registers. Returns the harness for reuse.
pub fn compare_with_golden(
    harness: Harness,
    config: &Config,
    scenario: &Scenario,
) -> (Harness, Result<Comparison, String>) {
    let mut golden = GoldenPlatform::new(DeviceConfig::from(config)).expect("golden configuration");
    add_faults(&mut golden.faults, scenario);
    let (golden, expected) = run_scenario(golden, scenario);
    let expected = match expected {
        Ok(e) => e,
        Err(e) => panic!("the golden model cannot run the scenario (a test-bench bug): {e}"),
    };
    let mut harness = harness;
    // Both sides start from reset, an empty memory and the scenario's faults only.
    if let Err(e) = harness.reset(8) {
        return (harness, Err(format!("reset: {e}")));
    }
    let memory = harness.memory_mut().expect("memory");
    memory.memory = golden::Memory::new();
    memory.faults = FaultMap::new();
    add_faults(&mut memory.faults, scenario);
    // Stray writes: the monitor fails the run at the first strobed byte outside every allowed range.
    harness.monitor_mut().expect("AXI4 monitor").restrict_writes(allowed_writes(scenario));
    let start = harness.cycle();
    let (dut, got) = run_scenario(Dut { harness }, scenario);
    let mut harness = dut.harness;
    let got = match got {
        Ok(g) => g,
        Err(e) => return (harness, Err(format!("DUT: {e} (watchdog: no progress within the poll budget)"))),
    };
    let cycles = harness.cycle() - start;
    if let Some(f) = harness.failure().cloned() {
        return (harness, Err(format!("harness failure: {f}")));
    }
    // The last completion can be visible before its write response: wait for STATUS.BUSY to drop.
    let mut polls = 0;
    while regs::STATUS_BUSY.get(harness.read32(regs::STATUS)) != 0 {
        polls += 1;
        if polls == 10_000 {
            return (harness, Err("STATUS.BUSY still set 10000 polls after the last completion".into()));
        }
    }
    let dut_regs = RegisterSnapshot::read_with(|offset| harness.read32(offset));
    let result =
        compare(&golden.device, &golden.memory, &harness.memory().expect("memory").memory, Some(&got), Some(&dut_regs));
    let outcome = match result {
        Ok(report) => {
            if got.len() != expected.len() {
                Err(format!("{} completions from the DUT, {} from the model", got.len(), expected.len()))
            } else {
                Ok(Comparison { report, completions: got.len(), payload_bytes: scenario.payload_bytes(), cycles })
            }
        }
        Err(m) => Err(format!("{m}")),
    };
    (harness, outcome)
}

/// Totals of a [`run_batches`] run.
#[derive(Clone, Copy, Debug, Default)]
pub struct BatchTotals {
    pub batches: usize,
    pub jobs: usize,
    pub payload_bytes: u64,
    pub bytes_compared: u64,
    pub cycles: u64,
}

/// The first batch of a [`run_batches`] run that differed from the golden model.
pub struct BatchFailure {
    pub batch: usize,
    pub scenario: Scenario,
    pub error: String,
}

/// `jobs` random descriptors in batches of `batch`, each a fresh [`random_scenario`] drawn from `rng`
/// and compared with its own golden model on the same DUT (reset between batches). `on_batch` sees
/// each passing batch. Stops at the first failing batch.
pub fn run_batches(
    harness: Harness,
    config: &Config,
    rng: &mut impl Rng,
    jobs: usize,
    batch: usize,
    options: ScenarioOptions,
    mut on_batch: impl FnMut(usize, &Comparison),
) -> (Harness, Result<BatchTotals, BatchFailure>) {
    assert!(batch > 0, "run_batches: batch must be at least 1");
    let mut h = harness;
    let mut totals = BatchTotals::default();
    while totals.jobs < jobs {
        let n = batch.min(jobs - totals.jobs);
        let scenario = random_scenario(rng, config, n, options);
        let (back, outcome) = compare_with_golden(h, config, &scenario);
        h = back;
        match outcome {
            Ok(c) => {
                totals.jobs += n;
                totals.payload_bytes += c.payload_bytes;
                totals.bytes_compared += c.report.bytes_compared;
                totals.cycles += c.cycles;
                on_batch(totals.batches, &c);
                totals.batches += 1;
            }
            Err(error) => return (h, Err(BatchFailure { batch: totals.batches, scenario, error })),
        }
    }
    (h, Ok(totals))
}
