//! The scoreboard (`sim::scoreboard`) against a "DUT" that is a second run
//! of the golden device model, then deliberately corrupted: a clean run
//! passes (and reports how much it compared); a corrupted destination byte,
//! completion field, register, missing completion, stray byte or an
//! uncertain byte holding a third value is caught, and the message names
//! tag, block, counter block, address, expected and got. Expected bytes are
//! computed with `golden::ctr` directly, block indices and counters by hand.

use golden::device::DeviceConfig;
use golden::{AccessKind, FaultMap, Memory};
use sim::driver::{Driver, GoldenPlatform, HostMemory, RingLayout};
use sim::regs_access::RegisterAccess;
use sim::scoreboard::{compare, MismatchKind, RegisterSnapshot};
use spec::{Completion, CounterWidth, Descriptor};

const LAYOUT: RingLayout = RingLayout { sq_base: 0x1_0000, sq_size: 8, cq_base: 0x2_0000, cq_size: 8 };
const KEY: [u8; 16] = [0x2B; 16];
const SRC: u64 = 0x10_0000;
const LEN: usize = 0x100;

/// Job `n` writes `dst(n)` with counter block 0 = `counter0(n)` (width 64).
fn dst(n: u32) -> u64 {
    0x40_0000 + 0x1000 * n as u64
}

fn counter0(n: u32) -> [u8; 16] {
    let mut c = [0xC0u8; 16];
    c[15] = 0x10 * n as u8;
    c
}

fn plain() -> Vec<u8> {
    (0..LEN).map(|i| (i * 7 + 3) as u8).collect()
}

struct Run {
    platform: GoldenPlatform,
    completions: Vec<Completion>,
}

/// Four CTR_XOR jobs (tags 0x100..0x103), the last one optionally with a write fault.
fn run(write_fault_at: Option<u64>) -> Run {
    let mut platform = GoldenPlatform::new(DeviceConfig { max_burst: 4, ..Default::default() }).unwrap();
    if let Some(addr) = write_fault_at {
        platform.faults.add(addr, addr + 1, AccessKind::Write, spec::resp::SLVERR);
    }
    platform.write_bytes(SRC, &plain());
    let mut d = Driver::new(platform, LAYOUT).unwrap();
    d.load_key(0, &KEY).unwrap();
    d.enable();
    let jobs: Vec<Descriptor> = (0..4)
        .map(|n| Descriptor::ctr_xor_slot(0x100 + n, 0, CounterWidth::W64, SRC, dst(n), LEN as u32, counter0(n)))
        .collect();
    let completions = d.run_all(&jobs).unwrap();
    Run { platform: d.into_platform(), completions }
}

fn cipher(n: u32) -> Vec<u8> {
    let mut data = plain();
    golden::ctr::xor_in_place(&KEY, counter0(n), CounterWidth::W64, &mut data).unwrap();
    data
}

fn registers(p: &mut GoldenPlatform) -> RegisterSnapshot {
    RegisterSnapshot::read_with(|offset| p.read32(offset))
}

#[test]
fn clean_run_passes_and_reports_what_it_compared() {
    let model = run(None);
    let mut dut = run(None);
    let regs = registers(&mut dut.platform);
    let report = compare(
        &model.platform.device,
        &model.platform.memory,
        &dut.platform.memory,
        Some(&dut.completions),
        Some(&regs),
    )
    .unwrap();
    assert_eq!(report.completions_compared, 4);
    assert_eq!(report.registers_compared, 8);
    assert!(report.bytes_compared >= 4 * LEN as u64, "{report:?}");
    assert_eq!(dut.platform.memory.dump(dst(2), LEN), cipher(2), "the DUT image really holds ciphertext");
}

#[test]
fn corrupted_destination_byte_names_tag_block_counter_expected_and_got() {
    let model = run(None);
    let mut dut = run(None);
    // Job 2 (tag 0x102), byte 0x35: block 3, counter block C0 + 3 = c0..c0 23.
    let addr = dst(2) + 0x35;
    let good = cipher(2)[0x35];
    dut.platform.memory.write_u8(addr, good ^ 0x01);
    let m = compare(&model.platform.device, &model.platform.memory, &dut.platform.memory, Some(&dut.completions), None)
        .unwrap_err();
    assert_eq!(m.kind, MismatchKind::DestinationByte);
    assert_eq!((m.tag, m.block, m.addr), (Some(0x102), Some(3), Some(addr)));
    let text = m.to_string();
    println!("{text}");
    assert!(text.contains("job tag 0x00000102"), "{text}");
    assert!(text.contains("block 3,"), "{text}");
    assert!(text.contains("counter block c0c0c0c0c0c0c0c0c0c0c0c0c0c0c023"), "{text}");
    assert!(text.contains(&format!("address {addr:#018x}")), "{text}");
    assert!(text.contains(&format!("expected {good:#04x}, got {:#04x}", good ^ 0x01)), "{text}");
}

#[test]
fn first_mismatch_is_the_earliest_job() {
    let model = run(None);
    let mut dut = run(None);
    dut.platform.memory.write_u8(dst(3), !cipher(3)[0]);
    dut.platform.memory.write_u8(dst(1) + 0xFF, !cipher(1)[0xFF]);
    let m = compare(&model.platform.device, &model.platform.memory, &dut.platform.memory, None, None).unwrap_err();
    // Job 1, last byte 0xFF: block 15.
    assert_eq!((m.tag, m.block, m.addr), (Some(0x101), Some(15), Some(dst(1) + 0xFF)));
}

#[test]
fn corrupted_completion_field_is_caught_with_its_name() {
    let model = run(None);
    let mut dut = run(None);
    dut.completions[1].status = 8;
    let m = compare(&model.platform.device, &model.platform.memory, &dut.platform.memory, Some(&dut.completions), None)
        .unwrap_err();
    assert_eq!(m.kind, MismatchKind::CompletionField("status"));
    let text = m.to_string();
    println!("{text}");
    assert!(text.contains("job tag 0x00000101") && text.contains("expected 0x00, got 0x08"), "{text}");
    // Every byte counts: the reserved word too.
    let mut dut = run(None);
    dut.completions[3].reserved = 0x100;
    let m = compare(&model.platform.device, &model.platform.memory, &dut.platform.memory, Some(&dut.completions), None)
        .unwrap_err();
    assert_eq!((&m.kind, m.tag), (&MismatchKind::CompletionField("reserved"), Some(0x103)));
    assert!(m.to_string().contains("expected 0x00000000, got 0x00000100"), "{m}");
}

#[test]
fn missing_and_extra_completions_are_caught() {
    let model = run(None);
    let dut = run(None);
    let short = &dut.completions[..3];
    let m =
        compare(&model.platform.device, &model.platform.memory, &dut.platform.memory, Some(short), None).unwrap_err();
    assert_eq!((m.kind, m.tag), (MismatchKind::CompletionMissing, Some(0x103)));
    let mut long = dut.completions.clone();
    long.push(Completion { tag: 0xBAD, ..Default::default() });
    let m =
        compare(&model.platform.device, &model.platform.memory, &dut.platform.memory, Some(&long), None).unwrap_err();
    assert_eq!((m.kind, m.tag), (MismatchKind::CompletionExtra, Some(0xBAD)));
}

#[test]
fn completion_ring_bytes_and_stray_bytes_are_compared() {
    let model = run(None);
    let mut dut = run(None);
    // CQ slot 2 holds job 2's completion; its status byte is at +0x0A.
    dut.platform.memory.write_u8(LAYOUT.cq_base + 2 * 16 + 0x0A, 7);
    let m = compare(&model.platform.device, &model.platform.memory, &dut.platform.memory, None, None).unwrap_err();
    assert_eq!((m.kind, m.tag, m.addr), (MismatchKind::CompletionSlotByte, Some(0x102), Some(0x2_002A)));
    let mut dut = run(None);
    dut.platform.memory.write_u8(0x7777_0000, 1);
    let m = compare(&model.platform.device, &model.platform.memory, &dut.platform.memory, None, None).unwrap_err();
    assert_eq!((&m.kind, m.tag, m.addr), (&MismatchKind::StrayByte, None, Some(0x7777_0000)));
    assert!(m.to_string().contains("expected 0x00, got 0x01"), "{m}");
}

#[test]
fn register_mismatch_is_named() {
    let model = run(None);
    let mut dut = run(None);
    let mut regs = registers(&mut dut.platform);
    regs.jobs_ok = 5;
    let m = compare(
        &model.platform.device,
        &model.platform.memory,
        &dut.platform.memory,
        Some(&dut.completions),
        Some(&regs),
    )
    .unwrap_err();
    assert_eq!(m.kind, MismatchKind::Register("JOBS_OK"));
    assert!(m.to_string().contains("expected 0x00000004, got 0x00000005"), "{m}");
}

#[test]
fn write_error_tail_accepts_old_or_new_and_nothing_else() {
    // Job 3: dst(3) = 0x40_3000, bus 16, max_burst 4 -> bursts of 64 bytes. A write fault at
    // dst + 0x90 fails the burst at dst + 0x80: 0x80 bytes written, [0x80, 0x100) old or new.
    let fault = dst(3) + 0x90;
    let model = run(Some(fault));
    assert_eq!(model.completions[3].bytes, 0x80);
    assert_eq!(model.completions[3].status, spec::Status::WriteError.code());
    // The DUT wrote the later bursts [0xC0, 0x100) (new) but not [0x80, 0xC0) (old): accepted.
    let mut dut = run(Some(fault));
    let new = cipher(3);
    dut.platform.memory.load(dst(3) + 0xC0, &new[0xC0..]);
    let report =
        compare(&model.platform.device, &model.platform.memory, &dut.platform.memory, Some(&dut.completions), None)
            .unwrap();
    assert_eq!(report.uncertain_bytes_new, 0x40);
    // A third value in the tail is caught; offset 0xC5 is block 12, counter C0 + 12 = ..3c.
    dut.platform.memory.write_u8(dst(3) + 0xC5, !new[0xC5]);
    let m = compare(&model.platform.device, &model.platform.memory, &dut.platform.memory, None, None).unwrap_err();
    assert_eq!((m.tag, m.block), (Some(0x103), Some(12)));
    let text = m.to_string();
    println!("{text}");
    assert!(text.contains("counter block c0c0c0c0c0c0c0c0c0c0c0c0c0c0c03c"), "{text}");
    assert!(
        text.contains(&format!("expected 0x00 (old) or {:#04x} (new), got {:#04x}", new[0xC5], !new[0xC5])),
        "{text}"
    );
    // New bytes in the certain prefix's place do not count as "new": byte 0x10 must be exactly the ciphertext.
    let mut dut = run(Some(fault));
    dut.platform.memory.write_u8(dst(3) + 0x10, !new[0x10]);
    assert!(compare(&model.platform.device, &model.platform.memory, &dut.platform.memory, None, None).is_err());
}

#[test]
fn a_model_that_cannot_predict_refuses_to_compare() {
    // A write fault makes job 0's destination uncertain; job 1 then reads it as its source.
    let mut p = GoldenPlatform::new(DeviceConfig::default()).unwrap();
    p.faults = FaultMap::new();
    p.faults.add(0x50_0000, 0x50_0001, AccessKind::Write, spec::resp::SLVERR);
    let mut d = Driver::new(p, LAYOUT).unwrap();
    d.load_key(0, &KEY).unwrap();
    d.enable();
    let jobs = [
        Descriptor::ctr_xor_slot(1, 0, CounterWidth::W128, SRC, 0x50_0000, 64, [0; 16]),
        Descriptor::ctr_xor_slot(2, 0, CounterWidth::W128, 0x50_0000, 0x60_0000, 64, [0; 16]),
    ];
    d.run_all(&jobs).unwrap();
    let p = d.into_platform();
    let m = compare(&p.device, &p.memory, &Memory::new(), None, None).unwrap_err();
    assert!(matches!(m.kind, MismatchKind::Unpredictable(_)));
    assert!(m.to_string().contains("cannot predict"), "{m}");
}

#[test]
fn a_byte_is_blamed_on_the_job_that_wrote_it_not_a_later_failed_one() {
    // Tag 1 writes [0x50_0000, +64); tag 2 (unaligned src: UNALIGNED) names the same dst but writes nothing.
    let run = || {
        let mut p = GoldenPlatform::new(DeviceConfig::default()).unwrap();
        p.write_bytes(SRC, &plain());
        let mut d = Driver::new(p, LAYOUT).unwrap();
        d.load_key(0, &KEY).unwrap();
        d.enable();
        let jobs = [
            Descriptor::ctr_xor_slot(1, 0, CounterWidth::W128, SRC, 0x50_0000, 64, [0; 16]),
            Descriptor::ctr_xor_slot(2, 0, CounterWidth::W128, SRC + 8, 0x50_0000, 64, [0; 16]),
        ];
        let done = d.run_all(&jobs).unwrap();
        assert_eq!(done[1].status, spec::Status::Unaligned.code());
        d.into_platform()
    };
    let model = run();
    let mut dut = run();
    let byte = dut.memory.read_u8(0x50_0020);
    dut.memory.write_u8(0x50_0020, !byte);
    let m = compare(&model.device, &model.memory, &dut.memory, None, None).unwrap_err();
    assert_eq!((m.tag, m.block), (Some(1), Some(2)));
}
