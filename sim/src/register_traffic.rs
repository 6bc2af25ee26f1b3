//! Random AXI4-Lite register traffic run in lockstep with the golden device model (used by
//! `tests/accel_axil.rs` and the `coverage` binary): writes of every writable register (CTRL only
//! with ENABLE = QRESET = 0, so no job runs) and unmapped offsets with random values and byte
//! strobes, reads of every offset; each read is compared with the golden model's value, except the
//! time-dependent CYCLES and BUSY_CYCLES.

use crate::driver::GoldenPlatform;
use crate::{Harness, RegisterAccess};
use rand::Rng;
use spec::regs;

/// Offsets whose value depends on the cycle count.
pub const TIME_DEPENDENT: [u32; 4] = [regs::CYCLES_LO, regs::CYCLES_HI, regs::BUSY_CYCLES_LO, regs::BUSY_CYCLES_HI];
/// Registers the traffic writes (CTRL only with ENABLE = QRESET = 0; KEY_* are tested elsewhere).
pub const WRITABLE: [u32; 11] = [
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
pub const UNMAPPED: [u32; 6] = [0x01C, 0x034, 0x05C, 0x0A0, 0x200, 0xFFC];

/// One register operation of the random traffic.
#[derive(Clone, Copy, Debug)]
pub enum Op {
    Write { offset: u32, value: u32, strobe: u8 },
    Read { offset: u32 },
}

pub fn random_ops(rng: &mut impl Rng, n: usize) -> Vec<Op> {
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
pub fn golden_write(golden: &mut GoldenPlatform, offset: u32, value: u32, strobe: u8) {
    let mask = (0..4).filter(|i| strobe & (1 << i) != 0).fold(0u32, |m, i| m | (0xFF << (8 * i)));
    let merged =
        if offset == regs::IRQ_STATUS { value & mask } else { (golden.read32(offset) & !mask) | (value & mask) };
    if strobe != 0 || offset == regs::IRQ_STATUS {
        golden.write32(offset, merged);
    }
}

/// Runs `ops` on the DUT and on `golden`; the first read that differs is an error naming it.
pub fn lockstep(h: &mut Harness, golden: &mut GoldenPlatform, ops: &[Op]) -> Result<usize, String> {
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
