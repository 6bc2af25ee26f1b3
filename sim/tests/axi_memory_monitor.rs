//! The AXI4 memory model and the AXI4 protocol monitor against hand-written Verilog masters
//! (`tests/dut/axi_master_copy.v`): a well-behaved master copies data through a stressed memory (random
//! back-pressure on every channel, several outstanding bursts, W before AW) and its strobed writes land;
//! SLVERR/DECERR faults reach the master and faulted write bursts are not written; latencies are exact;
//! and each rule-breaking variant is caught by the monitor with the rule's name.

mod common;

use golden::memory::AccessKind;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sim::axi::AxiPorts;
use sim::axi_memory::{AxiMemory, AxiMemoryConfig};
use sim::axi_monitor::{AxiMonitorConfig, Rule, Violation};
use sim::{Harness, HarnessConfig, HarnessError, Model, Options};

const SRC: u64 = 0x1000;
const DST: u64 = 0x2000;
/// NBURSTS * (LEN + 1) * 16 bytes with the DUT's default parameters.
const COPY_BYTES: usize = 4 * 4 * 16;
/// The same with `-GNBURSTS=16`.
const LONG_COPY_BYTES: usize = 16 * 4 * 16;
const SENTINEL: u8 = 0xEE;

fn copy_master(extra_args: &[&str], memory: AxiMemoryConfig, monitor: AxiMonitorConfig) -> Harness {
    let config = HarnessConfig {
        build: Options { extra_args: extra_args.iter().map(|s| s.to_string()).collect(), ..Options::default() },
        axil_prefix: None,
        memory,
        monitor,
        ..HarnessConfig::default()
    };
    Harness::build(&common::dut("axi_master_copy.v"), "axi_master_copy", config).expect("build axi_master_copy")
}

/// Random source data at SRC, sentinel bytes around and at DST; returns the source bytes.
fn load_memory(h: &mut Harness, rng: &mut impl Rng) -> Vec<u8> {
    load_memory_bytes(h, rng, COPY_BYTES)
}

fn load_memory_bytes(h: &mut Harness, rng: &mut impl Rng, bytes: usize) -> Vec<u8> {
    let source: Vec<u8> = (0..bytes).map(|_| rng.gen()).collect();
    let memory = &mut h.memory_mut().unwrap().memory;
    memory.load(SRC, &source);
    memory.load(DST - 64, &vec![SENTINEL; bytes + 128]);
    source
}

fn run_to_done(h: &mut Harness) -> Result<u64, HarnessError> {
    h.reset(4)?;
    let done = h.model().port("done").unwrap();
    h.run_until("the copy master's done", 50_000, |h| h.model().get_bool(done))
}

fn violation(result: Result<u64, HarnessError>) -> Violation {
    match result {
        Err(HarnessError::Violation(v)) => v,
        other => panic!("expected a protocol violation, got {other:?}"),
    }
}

/// DST after the copy: the source, except the bytes whose strobes are off (first beat lanes 0..4,
/// last beat lanes 12..16) which keep the sentinel.
fn expected_destination(source: &[u8]) -> Vec<u8> {
    let mut expected = source.to_vec();
    let n = expected.len();
    expected[..4].fill(SENTINEL);
    expected[n - 4..].fill(SENTINEL);
    expected
}

#[test]
fn well_behaved_master_copies_through_a_stressed_memory() {
    let seed = common::seed(0xA11_0001);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    // AW_LAG = 0: AW usually ahead of W; AW_LAG = 2: W deliberately ahead of AW.
    for aw_lag in [0, 2] {
        // Exactly the strobed bytes: the first 4 and last 4 bytes of DST are not written.
        let strobed = DST + 4..DST + LONG_COPY_BYTES as u64 - 4;
        let monitor =
            AxiMonitorConfig { max_burst_beats: 4, allowed_writes: Some(vec![strobed]), ..AxiMonitorConfig::default() };
        let args = ["-GNBURSTS=16".to_string(), format!("-GAW_LAG={aw_lag}")];
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut h = copy_master(&args, AxiMemoryConfig::stressed(rng.gen()), monitor);
        let source = load_memory_bytes(&mut h, &mut rng, LONG_COPY_BYTES);
        let cycles = run_to_done(&mut h).unwrap_or_else(|e| panic!("AW_LAG={aw_lag}: {e}"));
        let m = h.model();
        assert_eq!(m.get(m.port("read_errors").unwrap()), 0);
        assert_eq!(m.get(m.port("write_errors").unwrap()), 0);
        let memory = h.memory().unwrap();
        let n = LONG_COPY_BYTES;
        assert_eq!(memory.memory.dump(DST, n), expected_destination(&source), "destination, AW_LAG={aw_lag}");
        assert_eq!(memory.memory.dump(DST - 64, 64), vec![SENTINEL; 64], "bytes below DST untouched");
        assert_eq!(memory.memory.dump(DST + n as u64, 64), vec![SENTINEL; 64], "bytes above DST untouched");
        let stats = memory.stats().clone();
        println!("AW_LAG={aw_lag}: {cycles} cycles, {stats:?}");
        assert_eq!((stats.read_bursts, stats.read_beats, stats.write_bursts, stats.write_beats), (16, 64, 16, 64));
        assert_eq!(stats.bytes_written, n as u64 - 8);
        // The scenario really exercised back-pressure on every channel and overlapping bursts.
        assert!(stats.ar_stalls > 0 && stats.aw_stalls > 0 && stats.w_stalls > 0, "{stats:?}");
        assert!(stats.r_stalls > 0 && stats.b_stalls > 0, "the master's RREADY/BREADY back-pressure: {stats:?}");
        assert!(stats.max_reads_outstanding > 1 && stats.max_writes_outstanding > 1, "{stats:?}");
        if aw_lag > 0 {
            assert!(stats.early_write_beats > 0, "W beats accepted before their AW: {stats:?}");
        }
        assert!(h.memory().unwrap().is_idle());
    }
}

#[test]
fn fault_responses_reach_the_master_and_faulted_bursts_are_not_written() {
    let seed = common::seed(0xA11_0002);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let config = AxiMemoryConfig { record_log: true, ..AxiMemoryConfig::stressed(seed) };
    let mut h = copy_master(&[], config, AxiMonitorConfig::default());
    let source = load_memory(&mut h, &mut rng);
    {
        let faults = &mut h.memory_mut().unwrap().faults;
        // One byte of read beat 1 of burst 0: that whole bus-aligned beat answers SLVERR.
        faults.add(SRC + 0x1F, SRC + 0x20, AccessKind::Read, spec::resp::SLVERR);
        // One byte inside write burst 1: the whole burst is not written and answers DECERR.
        faults.add(DST + 0x45, DST + 0x46, AccessKind::Write, spec::resp::DECERR);
        // A write fault on a byte whose strobe is off (first beat, lane 2) still faults burst 0:
        // write faults are per bus-aligned beat, whatever the strobes (docs/behaviour.md "Faults").
        faults.add(DST + 2, DST + 3, AccessKind::Write, spec::resp::SLVERR);
    }
    run_to_done(&mut h).unwrap_or_else(|e| panic!("{e}"));
    let m = h.model();
    assert_eq!(m.get(m.port("read_errors").unwrap()), 1, "one R beat answered SLVERR");
    assert_eq!(m.get(m.port("write_errors").unwrap()), 2, "B answered SLVERR (burst 0) and DECERR (burst 1)");
    let mut expected = expected_destination(&source);
    expected[0x10..0x20].fill(0); // the faulted read beat delivered zeros, which were copied
    expected[0x00..0x80].fill(SENTINEL); // bursts 0 and 1 were not written
    let memory = h.memory_mut().unwrap();
    assert_eq!(memory.memory.dump(DST, COPY_BYTES), expected);
    assert_eq!(memory.stats().read_error_beats, 1);
    assert_eq!(memory.stats().write_error_bursts, 2);
    let log = memory.take_log();
    let reads: Vec<(u64, u8)> = log.iter().filter(|r| r.kind == AccessKind::Read).map(|r| (r.addr, r.resp)).collect();
    let writes: Vec<(u64, u8)> = log.iter().filter(|r| r.kind == AccessKind::Write).map(|r| (r.addr, r.resp)).collect();
    assert_eq!(reads, vec![(SRC, 2), (SRC + 0x40, 0), (SRC + 0x80, 0), (SRC + 0xC0, 0)]);
    assert_eq!(writes, vec![(DST, 2), (DST + 0x40, 3), (DST + 0x80, 0), (DST + 0xC0, 0)]);
}

#[test]
fn read_and_write_latencies_are_exact() {
    // Drive the memory by hand (no Harness) to check the phase convention edge by edge.
    for (read_latency, write_latency) in [(1, 1), (5, 3)] {
        let options = Options { extra_args: vec!["-GNBURSTS=1".into()], ..Options::default() };
        let mut model = Model::build(&common::dut("axi_master_copy.v"), "axi_master_copy", &options).unwrap();
        let ports = AxiPorts::resolve_master(&model, "m_axi_").unwrap();
        let config = AxiMemoryConfig { read_latency, write_latency, ..AxiMemoryConfig::default() };
        let mut memory = AxiMemory::new(ports.clone(), config).unwrap();
        let rst = model.input("rst").unwrap();
        model.set(rst, 1);
        for _ in 0..4 {
            model.tick();
        }
        model.set(rst, 0);
        memory.drive(&mut model);
        let (mut ar_edge, mut first_r_edge, mut last_w_edge, mut aw_edge, mut first_b_edge) =
            (None, None, None, None, None);
        for _ in 0..200 {
            model.clock_low();
            let s = ports.sample(&model);
            model.clock_high();
            let edge = model.cycle();
            if s.ar.valid && s.ar.ready {
                ar_edge.get_or_insert(edge);
            }
            if s.r.valid {
                first_r_edge.get_or_insert(edge);
            }
            if s.aw.valid && s.aw.ready {
                aw_edge.get_or_insert(edge);
            }
            if s.w.valid && s.w.ready && s.w.last {
                last_w_edge.get_or_insert(edge);
            }
            if s.b.valid {
                first_b_edge.get_or_insert(edge);
            }
            memory.observe(&s, edge);
            memory.drive(&mut model);
        }
        let read = first_r_edge.unwrap() - ar_edge.unwrap();
        assert_eq!(read, u64::from(read_latency), "AR handshake to first RVALID edge");
        let write_done = last_w_edge.unwrap().max(aw_edge.unwrap());
        assert_eq!(first_b_edge.unwrap() - write_done, u64::from(write_latency), "last W to first BVALID edge");
    }
}

#[test]
fn harness_catches_arvalid_high_during_reset() {
    let mut h = copy_master(&["-GBREAK=6"], AxiMemoryConfig::default(), AxiMonitorConfig::default());
    let v = violation(h.reset(6).map(|_| 0));
    assert_eq!(v.rule, Rule::ValidDuringReset);
    assert!(v.detail.contains("ARVALID"), "{v}");
    // The well-behaved master drops ARVALID on the first edge of rst: no violation.
    let mut h = copy_master(&[], AxiMemoryConfig::default(), AxiMonitorConfig::default());
    run_to_done(&mut h).unwrap();
    h.reset(6).unwrap();
}

#[test]
fn monitor_catches_arvalid_dropped_before_arready() {
    let memory = AxiMemoryConfig { ar_ready: 0.0, ..AxiMemoryConfig::default() };
    let v = violation(run_to_done(&mut copy_master(&["-GBREAK=1"], memory, AxiMonitorConfig::default())));
    assert_eq!(v.rule, Rule::ValidDroppedBeforeReady);
    assert!(v.to_string().contains("VALID_DROPPED_BEFORE_READY") && v.detail.contains("AR"), "{v}");
}

#[test]
fn monitor_catches_araddr_changed_while_stalled() {
    let memory = AxiMemoryConfig { ar_ready: 0.0, ..AxiMemoryConfig::default() };
    let v = violation(run_to_done(&mut copy_master(&["-GBREAK=2"], memory, AxiMonitorConfig::default())));
    assert_eq!(v.rule, Rule::PayloadChangedWhileStalled);
    assert!(v.to_string().contains("PAYLOAD_CHANGED_WHILE_STALLED") && v.detail.contains("m_axi_araddr"), "{v}");
}

#[test]
fn monitor_catches_wvalid_dropped_before_wready() {
    let memory = AxiMemoryConfig { w_ready: 0.0, ..AxiMemoryConfig::default() };
    let v = violation(run_to_done(&mut copy_master(&["-GBREAK=4"], memory, AxiMonitorConfig::default())));
    assert_eq!(v.rule, Rule::ValidDroppedBeforeReady);
    assert!(v.to_string().contains("VALID_DROPPED_BEFORE_READY") && v.detail.contains("WVALID"), "{v}");
}

#[test]
fn monitor_catches_wdata_changed_while_stalled() {
    let memory = AxiMemoryConfig { w_ready: 0.0, ..AxiMemoryConfig::default() };
    let v = violation(run_to_done(&mut copy_master(&["-GBREAK=5"], memory, AxiMonitorConfig::default())));
    assert_eq!(v.rule, Rule::PayloadChangedWhileStalled);
    assert!(v.detail.contains("m_axi_wdata"), "{v}");
}

#[test]
fn monitor_catches_wlast_on_the_wrong_beat() {
    let v = violation(run_to_done(&mut copy_master(
        &["-GBREAK=3"],
        AxiMemoryConfig::default(),
        AxiMonitorConfig::default(),
    )));
    assert_eq!(v.rule, Rule::WlastWrongBeat);
    assert!(v.to_string().contains("WLAST_WRONG_BEAT") && v.detail.contains("beat 2 of a 4-beat"), "{v}");
}

#[test]
fn monitor_catches_a_burst_crossing_4_kib() {
    // Four 16-byte beats from 0xFD0 end at 0x100F.
    let v = violation(run_to_done(&mut copy_master(
        &["-GSRC=64'hFD0"],
        AxiMemoryConfig::default(),
        AxiMonitorConfig::default(),
    )));
    assert_eq!(v.rule, Rule::BurstCrosses4KiB);
    assert!(v.to_string().contains("BURST_CROSSES_4KIB") && v.detail.contains("0x100f"), "{v}");
}

#[test]
fn a_burst_ending_exactly_at_4_kib_is_legal() {
    let mut h = copy_master(&["-GSRC=64'hF00"], AxiMemoryConfig::default(), AxiMonitorConfig::default());
    run_to_done(&mut h).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn monitor_catches_a_burst_longer_than_the_maximum() {
    let monitor = AxiMonitorConfig { max_burst_beats: 2, ..AxiMonitorConfig::default() };
    let v = violation(run_to_done(&mut copy_master(&[], AxiMemoryConfig::default(), monitor)));
    assert_eq!(v.rule, Rule::BurstTooLong);
    assert!(v.to_string().contains("BURST_TOO_LONG") && v.detail.contains("4 beats, the maximum is 2"), "{v}");
}

#[test]
fn monitor_catches_a_wrap_burst() {
    let v = violation(run_to_done(&mut copy_master(
        &["-GBURST=2'b10"],
        AxiMemoryConfig::default(),
        AxiMonitorConfig::default(),
    )));
    assert_eq!(v.rule, Rule::BurstNotIncr);
    assert!(v.to_string().contains("BURST_NOT_INCR"), "{v}");
}

#[test]
fn monitor_catches_a_narrow_burst() {
    let v = violation(run_to_done(&mut copy_master(
        &["-GSIZE=3'd3"],
        AxiMemoryConfig::default(),
        AxiMonitorConfig::default(),
    )));
    assert_eq!(v.rule, Rule::SizeNotFullWidth);
    assert!(v.to_string().contains("SIZE_NOT_FULL_WIDTH") && v.detail.contains("16 bytes wide"), "{v}");
}

#[test]
fn monitor_catches_a_write_outside_the_allowed_range() {
    // The last strobed byte is DST + 0xFB; allow up to (not including) it.
    let short = DST + 4..DST + 0xFB;
    let monitor = AxiMonitorConfig { allowed_writes: Some(vec![short]), ..AxiMonitorConfig::default() };
    let v = violation(run_to_done(&mut copy_master(&[], AxiMemoryConfig::default(), monitor)));
    assert_eq!(v.rule, Rule::WriteOutsideAllowedRange);
    assert!(v.to_string().contains("WRITE_OUTSIDE_ALLOWED_RANGE") && v.detail.contains("byte 0x20fb"), "{v}");
}

#[test]
fn harness_failure_is_sticky() {
    let memory = AxiMemoryConfig { ar_ready: 0.0, ..AxiMemoryConfig::default() };
    let mut h = copy_master(&["-GBREAK=1"], memory, AxiMonitorConfig::default());
    let first = violation(run_to_done(&mut h));
    assert_eq!(h.step(), Err(HarnessError::Violation(first.clone())));
    assert_eq!(h.failure(), Some(&HarnessError::Violation(first)));
}

#[test]
fn harness_writes_a_vcd_on_request() {
    let path = std::env::temp_dir().join(format!("aesctr-sim-harness-{}.vcd", std::process::id()));
    let config = HarnessConfig { axil_prefix: None, vcd: Some(path.clone()), ..HarnessConfig::default() };
    let mut h = Harness::build(&common::dut("axi_master_copy.v"), "axi_master_copy", config).unwrap();
    run_to_done(&mut h).unwrap();
    drop(h);
    let vcd = std::fs::read_to_string(&path).expect("VCD written");
    assert!(vcd.contains("m_axi_awvalid") && vcd.contains("m_axi_rdata"), "VCD declares the AXI ports");
    let _ = std::fs::remove_file(path);
}
