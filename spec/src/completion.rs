//! Completion entry (SPEC §4): 16 bytes, little-endian fields.

use crate::descriptor::ByteField;

/// Size of one completion entry in bytes.
pub const COMPLETION_BYTES: usize = 16;

pub const TAG: ByteField = ByteField { name: "tag", offset: 0x00, size: 4, meaning: "the descriptor's tag" };
pub const BYTES: ByteField = ByteField { name: "bytes", offset: 0x04, size: 4, meaning: "bytes written to dst" };
pub const SQ_HEAD: ByteField = ByteField {
    name: "sq head",
    offset: 0x08,
    size: 2,
    meaning: "(this descriptor's SQ index + 1) mod SQ_SIZE: software may reuse every slot before it",
};
pub const STATUS: ByteField = ByteField { name: "status", offset: 0x0A, size: 1, meaning: "status code (SPEC §5)" };
pub const PHASE: ByteField = ByteField {
    name: "phase",
    offset: 0x0B,
    size: 1,
    meaning: "bit0: 1 on the first pass through the ring, flipped on each wrap; bits 7:1 zero",
};
/// The phase bit inside the phase byte.
pub const PHASE_BIT: u8 = 1 << 0;
pub const RESERVED: ByteField = ByteField { name: "reserved", offset: 0x0C, size: 4, meaning: "0" };

/// Every field in offset order.
pub const FIELDS: &[ByteField] = &[TAG, BYTES, SQ_HEAD, STATUS, PHASE, RESERVED];

/// One completion entry.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Completion {
    pub tag: u32,
    pub bytes: u32,
    pub sq_head: u16,
    pub status: u8,
    /// The whole phase byte (bit0 is the phase; the hardware writes the other bits 0).
    pub phase: u8,
    pub reserved: u32,
}

impl Completion {
    pub fn to_bytes(&self) -> [u8; COMPLETION_BYTES] {
        let mut b = [0u8; COMPLETION_BYTES];
        TAG.put(&mut b, &self.tag.to_le_bytes());
        BYTES.put(&mut b, &self.bytes.to_le_bytes());
        SQ_HEAD.put(&mut b, &self.sq_head.to_le_bytes());
        STATUS.put(&mut b, &[self.status]);
        PHASE.put(&mut b, &[self.phase]);
        RESERVED.put(&mut b, &self.reserved.to_le_bytes());
        b
    }

    pub fn from_bytes(b: &[u8; COMPLETION_BYTES]) -> Completion {
        Completion {
            tag: u32::from_le_bytes(TAG.get(b)),
            bytes: u32::from_le_bytes(BYTES.get(b)),
            sq_head: u16::from_le_bytes(SQ_HEAD.get(b)),
            status: STATUS.get::<1>(b)[0],
            phase: PHASE.get::<1>(b)[0],
            reserved: u32::from_le_bytes(RESERVED.get(b)),
        }
    }

    /// The phase bit.
    pub fn phase_bit(&self) -> bool {
        self.phase & PHASE_BIT != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_tile_the_16_bytes() {
        let mut next = 0;
        for f in FIELDS {
            assert_eq!(f.offset, next, "{}", f.name);
            next += f.size;
        }
        assert_eq!(next, COMPLETION_BYTES);
    }

    #[test]
    fn encode_decode_round_trips() {
        let c = Completion { tag: 0xDEAD_BEEF, bytes: 23000, sq_head: 0x1234, status: 8, phase: 1, reserved: 0 };
        assert_eq!(Completion::from_bytes(&c.to_bytes()), c);
        assert_eq!(c.to_bytes()[10], 8);
        assert_eq!(c.to_bytes()[11], 1);
    }
}
