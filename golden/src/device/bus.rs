//! How the device cuts byte ranges into AXI beats and bursts, and which of
//! them a [`FaultMap`] fails (docs/behaviour.md, "Bursts" and "Faults").
//!
//! API: [`BusGeometry`] (bus width in bytes and largest burst in beats) with
//! [`BusGeometry::bursts`] (the bursts covering a range, in issue order),
//! [`BusGeometry::first_failing_read_beat`],
//! [`BusGeometry::first_failing_write_burst`], [`BusGeometry::read_fails`] and
//! [`BusGeometry::write_fails`]. Addresses are `u128` where a range end may be
//! exactly 2^64. No clocks: this is only the geometry the RTL must follow.
//!
//! Cost: the fault queries are O(number of faults), independent of the range
//! length; [`BusGeometry::bursts`] is O(number of bursts).

use crate::memory::{AccessKind, FaultMap};

/// One burst: the bus-aligned byte range `[start, end)` its beats cover.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Burst {
    pub start: u128,
    pub end: u128,
}

impl Burst {
    /// Number of beats in the burst.
    pub fn beats(&self, bus_bytes: u64) -> u64 {
        ((self.end - self.start) / bus_bytes as u128) as u64
    }
}

/// Bus width and burst limit of one configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BusGeometry {
    /// AXI data width in bytes (16, 32 or 64).
    pub bus_bytes: u64,
    /// Largest burst in beats (a power of two, 1..=256).
    pub max_burst: u64,
}

impl BusGeometry {
    /// Window size bursts are cut at: `min(4096, max_burst * bus_bytes)`.
    pub fn span(&self) -> u128 {
        (spec::burst_beats(self.max_burst, self.bus_bytes) * self.bus_bytes) as u128
    }

    fn floor(&self, addr: u128, unit: u128) -> u128 {
        addr - addr % unit
    }

    fn ceil(&self, addr: u128, unit: u128) -> u128 {
        addr.div_ceil(unit) * unit
    }

    /// The bus-aligned beat range `[lo, hi)` covering `[addr, addr + len)`.
    pub fn beat_range(&self, addr: u64, len: u64) -> (u128, u128) {
        let bus = self.bus_bytes as u128;
        let lo = self.floor(addr as u128, bus);
        let hi = self.ceil(addr as u128 + len as u128, bus);
        (lo, hi)
    }

    /// The bursts covering `[addr, addr + len)`, in address (= issue) order.
    /// Empty for `len == 0`.
    pub fn bursts(&self, addr: u64, len: u64) -> Vec<Burst> {
        if len == 0 {
            return Vec::new();
        }
        let (lo, hi) = self.beat_range(addr, len);
        let span = self.span();
        let mut out = Vec::new();
        let mut start = lo;
        while start < hi {
            let end = (self.floor(start, span) + span).min(hi);
            out.push(Burst { start, end });
            start = end;
        }
        out
    }

    fn first_fault_in(&self, faults: &FaultMap, kind: AccessKind, lo: u128, hi: u128) -> Option<u128> {
        if hi <= lo {
            return None;
        }
        // lo < 2^64 always (it is at most the range start); hi - lo < 2^64
        // because lengths are 32-bit or small.
        faults.first_fault(kind, lo as u64, (hi - lo) as u64).map(|a| a as u128)
    }

    /// Start address of the first source beat of `[addr, addr + len)` that
    /// touches a read fault, if any.
    pub fn first_failing_read_beat(&self, faults: &FaultMap, addr: u64, len: u64) -> Option<u128> {
        if len == 0 {
            return None;
        }
        let (lo, hi) = self.beat_range(addr, len);
        self.first_fault_in(faults, AccessKind::Read, lo, hi).map(|b| self.floor(b, self.bus_bytes as u128))
    }

    /// Start address of the first write burst of `[addr, addr + len)` one of
    /// whose beats touches a write fault, if any.
    pub fn first_failing_write_burst(&self, faults: &FaultMap, addr: u64, len: u64) -> Option<u128> {
        if len == 0 {
            return None;
        }
        let (lo, hi) = self.beat_range(addr, len);
        self.first_fault_in(faults, AccessKind::Write, lo, hi).map(|b| self.floor(b, self.span()).max(lo))
    }

    /// `true` if reading `[addr, addr + len)` meets a failing beat.
    pub fn read_fails(&self, faults: &FaultMap, addr: u64, len: u64) -> bool {
        self.first_failing_read_beat(faults, addr, len).is_some()
    }

    /// `true` if writing `[addr, addr + len)` meets a failing burst.
    pub fn write_fails(&self, faults: &FaultMap, addr: u64, len: u64) -> bool {
        self.first_failing_write_burst(faults, addr, len).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLVERR: u8 = spec::resp::SLVERR;

    #[test]
    fn bursts_stop_at_span_and_4k() {
        let g = BusGeometry { bus_bytes: 16, max_burst: 16 };
        // span = 256: 0x0F0..0x310 -> [0x0F0,0x100) [0x100,0x200) [0x200,0x300) [0x300,0x310)
        let b = g.bursts(0x0F8, 0x210);
        assert_eq!(
            b,
            vec![
                Burst { start: 0x0F0, end: 0x100 },
                Burst { start: 0x100, end: 0x200 },
                Burst { start: 0x200, end: 0x300 },
                Burst { start: 0x300, end: 0x310 },
            ]
        );
        let wide = BusGeometry { bus_bytes: 64, max_burst: 256 };
        assert_eq!(wide.span(), 4096);
        let b = wide.bursts(0xFC0, 0x80);
        assert_eq!(b, vec![Burst { start: 0xFC0, end: 0x1000 }, Burst { start: 0x1000, end: 0x1040 }]);
        assert_eq!(g.bursts(0x100, 0), vec![]);
    }

    #[test]
    fn range_ending_at_top_of_memory_has_a_last_burst() {
        let g = BusGeometry { bus_bytes: 16, max_burst: 1 };
        let b = g.bursts(u64::MAX - 15, 16);
        assert_eq!(b, vec![Burst { start: (u64::MAX - 15) as u128, end: 1u128 << 64 }]);
    }

    #[test]
    fn first_failing_read_beat_is_beat_aligned() {
        let g = BusGeometry { bus_bytes: 32, max_burst: 4 };
        let mut f = FaultMap::new();
        f.add(0x1047, 0x1048, AccessKind::Read, SLVERR);
        assert_eq!(g.first_failing_read_beat(&f, 0x1000, 0x100), Some(0x1040));
        assert_eq!(g.first_failing_read_beat(&f, 0x1000, 0x40), None);
        // A fault in the same beat as the range's first byte fails the range.
        assert_eq!(g.first_failing_read_beat(&f, 0x1050, 0x10), Some(0x1040));
        assert!(!g.read_fails(&f, 0x1060, 0x10));
    }

    #[test]
    fn first_failing_write_burst_starts_at_burst_or_range_beat() {
        let g = BusGeometry { bus_bytes: 16, max_burst: 4 }; // span 64
        let mut f = FaultMap::new();
        f.add(0x10A0, 0x10A1, AccessKind::Write, SLVERR);
        assert_eq!(g.first_failing_write_burst(&f, 0x1010, 0x200), Some(0x1080));
        assert_eq!(g.first_failing_write_burst(&f, 0x1090, 0x20), Some(0x1090));
        assert!(!g.write_fails(&f, 0x10B0, 0x10));
    }
}
