//! [`RegisterAccess`]: 32-bit register reads and writes at byte offsets of the accelerator's register
//! block (SPEC §2). Register-level code (bring-up, the ring driver, examples) is written against this
//! trait only, so the same code runs against the simulated DUT ([`crate::harness::Harness`], which
//! drives the `s_axil_*` AXI4-Lite port through [`crate::axil::AxilMaster`]) and could later run against
//! real hardware through a memory-mapped BAR (an implementation doing volatile 32-bit loads/stores at
//! `base + offset`).
//!
//! Contract:
//! - `offset` is a byte offset inside the register block, a multiple of 4;
//! - each call is one complete bus transaction, finished (write acknowledged, read data returned) when
//!   the call returns; calls are performed in program order;
//! - accesses are full 32-bit words, little-endian, all byte strobes set;
//! - there is no error return, as on a real bus where a failed read returns all ones: an implementation
//!   reports error responses (SLVERR/DECERR), timeouts or protocol violations out of band. The
//!   simulation harness records them ([`crate::harness::Harness::bus_errors`],
//!   [`crate::harness::Harness::failure`]) and offers `try_read32`/`try_write32` returning `Result`.

/// 32-bit register access at byte offsets; see the module documentation for the contract.
pub trait RegisterAccess {
    /// Read the 32-bit register at byte offset `offset`.
    fn read32(&mut self, offset: u32) -> u32;
    /// Write `value` to the 32-bit register at byte offset `offset`.
    fn write32(&mut self, offset: u32, value: u32);

    /// Read a 64-bit value split over two registers, low word at `offset` first, then the high word.
    fn read64(&mut self, offset: u32) -> u64 {
        let lo = self.read32(offset);
        let hi = self.read32(offset + 4);
        u64::from(lo) | (u64::from(hi) << 32)
    }

    /// Write a 64-bit value split over two registers, low word at `offset` first, then the high word.
    fn write64(&mut self, offset: u32, value: u64) {
        self.write32(offset, value as u32);
        self.write32(offset + 4, (value >> 32) as u32);
    }
}
