//! AXI4-Lite robustness of the emitted `aes_ctr_accel` (default configuration): random register
//! traffic in lockstep with the golden device model under every write ordering the driver offers
//! (AW before W, W before AW, both together, random; with and without idle cycles between the two
//! channels), random BREADY/RREADY back-pressure, back-to-back transactions, byte-strobed writes
//! (WSTRB: unselected bytes keep their value; W1C clears only selected bytes) and unmapped
//! offsets (they answer OKAY, read 0 and ignore writes: docs/interface.md). Every read is compared
//! with the golden model's register value, except the time-dependent CYCLES and BUSY_CYCLES.
//! ENABLE stays 0 so that no job runs. Seed printed; replay with AESCTR_SEED.

mod accel_support;
mod common;

use accel_support::{dut_config, harness};
use hdl::config::Config;
use rand::Rng;
use sim::axi_memory::AxiMemoryConfig;
use sim::axil::{AxilMasterConfig, WriteOrder};
use sim::driver::GoldenPlatform;
use sim::{Harness, RegisterAccess};
use spec::regs;

/// Offsets whose value depends on the cycle count.
const TIME_DEPENDENT: [u32; 4] = [regs::CYCLES_LO, regs::CYCLES_HI, regs::BUSY_CYCLES_LO, regs::BUSY_CYCLES_HI];
/// Registers the traffic writes (CTRL only with ENABLE = QRESET = 0; KEY_* are tested elsewhere).
const WRITABLE: [u32; 11] = [
    regs::CTRL,
    regs::IRQ_STATUS,
    regs::IRQ_ENABLE,
    regs::SQ_BASE_LO,
    regs::SQ_BASE_HI,
    regs::SQ_SIZE,
    regs::SQ_TAIL,
    regs::CQ_BASE_LO,
    regs::CQ_BASE_HI,
    regs::CQ_SIZE,
    regs::CQ_HEAD,
];
/// Offsets no register lives at (word-aligned, inside the 4 KiB window).
const UNMAPPED: [u32; 6] = [0x01C, 0x034, 0x05C, 0x0A0, 0x200, 0xFFC];

/// One register operation of the random traffic.
#[derive(Clone, Copy, Debug)]
enum Op {
    Write { offset: u32, value: u32, strobe: u8 },
    Read { offset: u32 },
}

fn random_ops(rng: &mut impl Rng, n: usize) -> Vec<Op> {
    (0..n)
        .map(|_| {
            if rng.gen_bool(0.5) {
                let offset = if rng.gen_ratio(1, 8) {
                    UNMAPPED[rng.gen_range(0..UNMAPPED.len())]
                } else {
                    WRITABLE[rng.gen_range(0..WRITABLE.len())]
                };
                let mut value: u32 = match rng.gen_range(0..4) {
                    // Small values hit the ring-size and index rules.
                    0 => 1 << rng.gen_range(0..18),
                    1 => rng.gen_range(0..64),
                    _ => rng.gen(),
                };
                if offset == regs::CTRL {
                    value = 0;
                }
                let strobe = if rng.gen_bool(0.5) { 0xF } else { rng.gen_range(0..16) };
                Op::Write { offset, value, strobe }
            } else {
                let offset = if rng.gen_ratio(1, 8) {
                    UNMAPPED[rng.gen_range(0..UNMAPPED.len())]
                } else {
                    4 * rng.gen_range(0..72)
                };
                Op::Read { offset }
            }
        })
        .collect()
}

/// The value a strobed write leaves in the golden model: W1C registers see only the selected bytes,
/// every other register the merge of the selected bytes into its current value.
fn golden_write(golden: &mut GoldenPlatform, offset: u32, value: u32, strobe: u8) {
    let mask = (0..4).filter(|i| strobe & (1 << i) != 0).fold(0u32, |m, i| m | (0xFF << (8 * i)));
    let merged =
        if offset == regs::IRQ_STATUS { value & mask } else { (golden.read32(offset) & !mask) | (value & mask) };
    if strobe != 0 || offset == regs::IRQ_STATUS {
        golden.write32(offset, merged);
    }
}

/// Runs `ops` on the DUT and on `golden`; the first read that differs is an error naming it.
fn lockstep(h: &mut Harness, golden: &mut GoldenPlatform, ops: &[Op]) -> Result<usize, String> {
    let mut compared = 0;
    for (i, op) in ops.iter().enumerate() {
        match *op {
            Op::Write { offset, value, strobe } => {
                h.try_write32_strobed(offset, value, strobe)
                    .map_err(|e| format!("op {i}: write {offset:#05x} = {value:#010x} strobe {strobe:#x}: {e}"))?;
                golden_write(golden, offset, value, strobe);
            }
            Op::Read { offset } => {
                let got = h.try_read32(offset).map_err(|e| format!("op {i}: read {offset:#05x}: {e}"))?;
                if TIME_DEPENDENT.contains(&offset) {
                    continue;
                }
                let expected = if UNMAPPED.contains(&offset) { 0 } else { golden.read32(offset) };
                if got != expected {
                    return Err(format!(
                        "op {i}: read {offset:#05x}: got {got:#010x}, golden model {expected:#010x} (after {:?})",
                        &ops[i.saturating_sub(3)..i]
                    ));
                }
                compared += 1;
            }
        }
    }
    Ok(compared)
}

fn golden_for(config: &Config) -> GoldenPlatform {
    GoldenPlatform::new(dut_config(config).device_config()).expect("golden configuration")
}

#[test]
fn registers_match_the_golden_model_in_every_write_order_with_back_pressure() {
    let config = Config::default();
    let mut rng = common::rng(0xA1_1001);
    let mut h = harness(&config, AxiMemoryConfig::default());
    let mut total = 0;
    for order in [WriteOrder::AddressFirst, WriteOrder::DataFirst, WriteOrder::Simultaneous, WriteOrder::Random] {
        for channel_gap in [0, 3] {
            let axil = AxilMasterConfig {
                seed: rng.gen(),
                order,
                channel_gap,
                bready: 0.3,
                rready: 0.3,
                ..Default::default()
            };
            h.axil_mut().unwrap().set_config(axil).expect("driver configuration");
            h.reset(8).expect("reset");
            let mut golden = golden_for(&config);
            let ops = random_ops(&mut rng, 300);
            let compared =
                lockstep(&mut h, &mut golden, &ops).unwrap_or_else(|e| panic!("{order:?}, gap {channel_gap}: {e}"));
            assert!(h.failure().is_none(), "{order:?}: {:?}", h.failure());
            let stats = h.axil_mut().unwrap().stats().clone();
            assert!(stats.b_stalls > 0 && stats.r_stalls > 0, "{order:?}: no BREADY/RREADY back-pressure: {stats:?}");
            total += compared;
        }
    }
    println!("{total} register reads compared with the golden model");
    assert!(total > 800, "too few reads compared: {total}");
}

#[test]
fn unmapped_offsets_answer_okay_read_zero_and_ignore_writes() {
    let config = Config::default();
    let mut h = harness(&config, AxiMemoryConfig::default());
    for offset in UNMAPPED {
        h.try_write32(offset, 0xFFFF_FFFF).expect("write to an unmapped offset answers OKAY");
        assert_eq!(h.try_read32(offset).expect("read answers OKAY"), 0, "{offset:#05x}");
    }
    // Nothing else changed either.
    let golden = golden_for(&config);
    for offset in (0..0x120).step_by(4).filter(|o| !TIME_DEPENDENT.contains(o)) {
        assert_eq!(h.read32(offset), golden.device.read_reg(offset), "{offset:#05x}");
    }
    assert!(h.bus_errors().is_empty(), "{:?}", h.bus_errors());
}

#[test]
fn lockstep_check_catches_a_wrong_register_value() {
    // The comparison above can fail: a golden model that missed one strobed byte is caught.
    let config = Config::default();
    let mut h = harness(&config, AxiMemoryConfig::default());
    let mut golden = golden_for(&config);
    let ops = [
        Op::Write { offset: regs::SQ_BASE_LO, value: 0x1234_5640, strobe: 0xF },
        Op::Write { offset: regs::SQ_BASE_LO, value: 0xAB00_0000, strobe: 0x8 },
    ];
    lockstep(&mut h, &mut golden, &ops).expect("writes");
    golden.write32(regs::SQ_BASE_LO, 0x1234_5640); // as if WSTRB had been ignored
    let err = lockstep(&mut h, &mut golden, &[Op::Read { offset: regs::SQ_BASE_LO }]).unwrap_err();
    assert!(err.contains("got 0xab345640"), "{err}");
}
