//! Sparse byte-addressed memory over the full 64-bit address space, and the
//! fault map that says which addresses answer SLVERR or DECERR.
//!
//! Both are plain data: the golden device model reads and writes a
//! [`Memory`], and the simulator's AXI slave uses the same types as its
//! backing store and fault source, so a fault means the same thing to both.

use std::collections::BTreeMap;

const PAGE_BITS: u32 = 12;
const PAGE_BYTES: usize = 1 << PAGE_BITS;

/// Sparse memory; bytes never written read as 0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Memory {
    pages: BTreeMap<u64, Box<[u8; PAGE_BYTES]>>,
}

impl Memory {
    pub fn new() -> Memory {
        Memory::default()
    }

    pub fn read_u8(&self, addr: u64) -> u8 {
        self.pages.get(&(addr >> PAGE_BITS)).map_or(0, |p| p[(addr as usize) & (PAGE_BYTES - 1)])
    }

    pub fn write_u8(&mut self, addr: u64, value: u8) {
        let page = self.pages.entry(addr >> PAGE_BITS).or_insert_with(|| Box::new([0; PAGE_BYTES]));
        page[(addr as usize) & (PAGE_BYTES - 1)] = value;
    }

    /// Back-door load: copy `bytes` to `addr..` (wrapping at 2^64).
    pub fn load(&mut self, addr: u64, bytes: &[u8]) {
        for (i, b) in bytes.iter().enumerate() {
            self.write_u8(addr.wrapping_add(i as u64), *b);
        }
    }

    /// Back-door dump of `len` bytes from `addr`.
    pub fn dump(&self, addr: u64, len: usize) -> Vec<u8> {
        (0..len).map(|i| self.read_u8(addr.wrapping_add(i as u64))).collect()
    }

    /// Start addresses of the 4 KiB pages ever written, in order.
    pub fn pages(&self) -> impl Iterator<Item = u64> + '_ {
        self.pages.keys().map(|p| p << PAGE_BITS)
    }

    /// Addresses where `self` and `other` differ, in order (for scoreboards).
    pub fn differences(&self, other: &Memory) -> Vec<u64> {
        let mut pages: Vec<u64> = self.pages.keys().chain(other.pages.keys()).copied().collect();
        pages.sort_unstable();
        pages.dedup();
        let mut out = Vec::new();
        for p in pages {
            let base = p << PAGE_BITS;
            for i in 0..PAGE_BYTES as u64 {
                if self.read_u8(base + i) != other.read_u8(base + i) {
                    out.push(base + i);
                }
            }
        }
        out
    }
}

/// Which kind of access a fault applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AccessKind {
    Read,
    Write,
}

/// One faulting address range `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Fault {
    pub start: u64,
    /// Exclusive end; `u64::MAX` means "to the top of memory".
    pub end: u64,
    pub kind: AccessKind,
    /// The AXI response: `spec::resp::SLVERR` or `spec::resp::DECERR`.
    pub resp: u8,
}

/// The set of faulting ranges. An access (a read beat, or a whole write
/// burst) that touches any faulting byte of its kind answers that fault's
/// response.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FaultMap {
    pub faults: Vec<Fault>,
}

impl FaultMap {
    pub fn new() -> FaultMap {
        FaultMap::default()
    }

    pub fn add(&mut self, start: u64, end: u64, kind: AccessKind, resp: u8) {
        assert!(start < end, "empty fault range {start:#x}..{end:#x}");
        self.faults.push(Fault { start, end, kind, resp });
    }

    /// The response of the first fault of `kind` overlapping `[addr, addr+len)`.
    pub fn check(&self, kind: AccessKind, addr: u64, len: u64) -> Option<u8> {
        if len == 0 {
            return None;
        }
        let end = (addr as u128) + (len as u128);
        self.faults
            .iter()
            .find(|f| f.kind == kind && (f.start as u128) < end && (addr as u128) < (f.end as u128))
            .map(|f| f.resp)
    }

    /// The lowest faulting address of `kind` inside `[addr, addr+len)`.
    pub fn first_fault(&self, kind: AccessKind, addr: u64, len: u64) -> Option<u64> {
        let end = (addr as u128) + (len as u128);
        self.faults
            .iter()
            .filter(|f| f.kind == kind && (f.start as u128) < end && (addr as u128) < (f.end as u128))
            .map(|f| f.start.max(addr))
            .min()
    }

    pub fn is_empty(&self) -> bool {
        self.faults.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unwritten_bytes_read_zero_and_load_dump_round_trip() {
        let mut m = Memory::new();
        assert_eq!(m.read_u8(0xFFFF_FFFF_FFFF_FFFF), 0);
        m.load(0xFFF, &[1, 2, 3]);
        assert_eq!(m.dump(0xFFE, 5), vec![0, 1, 2, 3, 0]);
    }

    #[test]
    fn differences_lists_changed_bytes() {
        let mut a = Memory::new();
        let b = Memory::new();
        a.write_u8(0x1234, 7);
        assert_eq!(a.differences(&b), vec![0x1234]);
    }

    #[test]
    fn fault_check_matches_kind_and_overlap() {
        let mut f = FaultMap::new();
        f.add(0x100, 0x110, AccessKind::Write, spec::resp::SLVERR);
        assert_eq!(f.check(AccessKind::Write, 0xF0, 0x11), Some(spec::resp::SLVERR));
        assert_eq!(f.check(AccessKind::Write, 0xF0, 0x10), None);
        assert_eq!(f.check(AccessKind::Read, 0x100, 1), None);
        assert_eq!(f.first_fault(AccessKind::Write, 0x108, 0x100), Some(0x108));
    }
}
