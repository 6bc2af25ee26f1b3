//! Submission descriptor (SPEC §3): 64 bytes, little-endian fields.
//!
//! [`Descriptor`] is the raw field view (every bit of the 64 bytes, reserved
//! ones included, so that malformed descriptors can be built and checked);
//! the byte offsets and flag fields below are the facts the RTL decodes.

/// Size of one descriptor in bytes.
pub const DESCRIPTOR_BYTES: usize = 64;

/// A field of the descriptor: byte offset and size in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ByteField {
    pub name: &'static str,
    pub offset: usize,
    pub size: usize,
    pub meaning: &'static str,
}

impl ByteField {
    /// Bit position of the field's least significant bit in the 512-bit
    /// little-endian descriptor word.
    pub const fn lsb(&self) -> usize {
        self.offset * 8
    }
    /// Width in bits.
    pub const fn bits(&self) -> usize {
        self.size * 8
    }
    /// The field's bytes within its entry.
    pub const fn range(&self) -> std::ops::Range<usize> {
        self.offset..self.offset + self.size
    }
    /// Write the field's little-endian bytes (exactly `size` of them) into an entry.
    pub fn put(&self, entry: &mut [u8], value: &[u8]) {
        assert_eq!(value.len(), self.size, "field {} is {} bytes", self.name, self.size);
        entry[self.range()].copy_from_slice(value);
    }
    /// Read the field's `N == size` little-endian bytes from an entry.
    pub fn get<const N: usize>(&self, entry: &[u8]) -> [u8; N] {
        assert_eq!(N, self.size, "field {} is {} bytes", self.name, self.size);
        entry[self.range()].try_into().unwrap()
    }
}

pub const OPCODE: ByteField = ByteField {
    name: "opcode",
    offset: 0x00,
    size: 1,
    meaning: "0x00 NOP, 0x01 CTR_XOR, 0x02 KEY_LOAD, 0x03 KEY_ZEROIZE",
};
pub const FLAGS: ByteField = ByteField {
    name: "flags",
    offset: 0x01,
    size: 1,
    meaning: "bit0 IRQ; bit1 INLINE_KEY; [3:2] key size; [5:4] counter width; [7:6] reserved",
};
pub const KEY_SLOT: ByteField =
    ByteField { name: "key slot", offset: 0x02, size: 1, meaning: "key slot for CTR_XOR, KEY_LOAD, KEY_ZEROIZE" };
pub const RESERVED0: ByteField = ByteField { name: "reserved", offset: 0x03, size: 1, meaning: "must be 0" };
pub const TAG: ByteField = ByteField { name: "tag", offset: 0x04, size: 4, meaning: "echoed in the completion" };
pub const LENGTH: ByteField =
    ByteField { name: "length", offset: 0x08, size: 4, meaning: "length in bytes (0 is a valid empty job)" };
pub const RESERVED1: ByteField = ByteField { name: "reserved", offset: 0x0C, size: 4, meaning: "must be 0" };
pub const SRC: ByteField = ByteField { name: "src", offset: 0x10, size: 8, meaning: "source address" };
pub const DST: ByteField =
    ByteField { name: "dst", offset: 0x18, size: 8, meaning: "destination address (== src for in-place)" };
pub const KEY_ADDR: ByteField =
    ByteField { name: "key address", offset: 0x20, size: 8, meaning: "key bytes (KEY_LOAD, INLINE_KEY)" };
pub const RESERVED2: ByteField = ByteField { name: "reserved", offset: 0x28, size: 8, meaning: "must be 0" };
pub const COUNTER: ByteField = ByteField {
    name: "counter",
    offset: 0x30,
    size: 16,
    meaning: "initial counter block, raw bytes (byte 0x30 is block byte 0)",
};

/// Every field in offset order.
pub const FIELDS: &[ByteField] =
    &[OPCODE, FLAGS, KEY_SLOT, RESERVED0, TAG, LENGTH, RESERVED1, SRC, DST, KEY_ADDR, RESERVED2, COUNTER];

// ---- flag bits (inside the flags byte) ---------------------------------------
pub const FLAG_IRQ: u8 = 1 << 0;
pub const FLAG_INLINE_KEY: u8 = 1 << 1;
pub const FLAG_KEY_SIZE_LSB: u32 = 2;
pub const FLAG_KEY_SIZE_MASK: u8 = 0b11 << FLAG_KEY_SIZE_LSB;
pub const FLAG_CTR_WIDTH_LSB: u32 = 4;
pub const FLAG_CTR_WIDTH_MASK: u8 = 0b11 << FLAG_CTR_WIDTH_LSB;
/// Reserved flag bits 6–7.
pub const FLAG_RESERVED_MASK: u8 = 0b1100_0000;

/// Descriptor opcodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Opcode {
    Nop = 0x00,
    CtrXor = 0x01,
    KeyLoad = 0x02,
    KeyZeroize = 0x03,
}

impl Opcode {
    pub const ALL: [Opcode; 4] = [Opcode::Nop, Opcode::CtrXor, Opcode::KeyLoad, Opcode::KeyZeroize];
    pub fn from_u8(v: u8) -> Option<Opcode> {
        Opcode::ALL.into_iter().find(|o| *o as u8 == v)
    }
    pub fn name(self) -> &'static str {
        match self {
            Opcode::Nop => "NOP",
            Opcode::CtrXor => "CTR_XOR",
            Opcode::KeyLoad => "KEY_LOAD",
            Opcode::KeyZeroize => "KEY_ZEROIZE",
        }
    }
}

/// AES key sizes, with their two-bit codes (descriptor flags[3:2], KEY_CTRL[9:8]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeySize {
    Aes128 = 0,
    Aes192 = 1,
    Aes256 = 2,
}

impl KeySize {
    pub const ALL: [KeySize; 3] = [KeySize::Aes128, KeySize::Aes192, KeySize::Aes256];
    /// Decode a two-bit code; code 3 is reserved.
    pub fn from_code(code: u8) -> Option<KeySize> {
        KeySize::ALL.into_iter().find(|k| *k as u8 == code)
    }
    pub fn code(self) -> u8 {
        self as u8
    }
    /// Key length in bytes (Nk * 4).
    pub fn bytes(self) -> usize {
        match self {
            KeySize::Aes128 => 16,
            KeySize::Aes192 => 24,
            KeySize::Aes256 => 32,
        }
    }
    /// Key length in bits.
    pub fn bits(self) -> usize {
        self.bytes() * 8
    }
    /// Number of rounds Nr (FIPS-197 Table 4).
    pub fn rounds(self) -> usize {
        match self {
            KeySize::Aes128 => 10,
            KeySize::Aes192 => 12,
            KeySize::Aes256 => 14,
        }
    }
    /// Bit of this size in CAPS[2:0] and in a configuration's key-size mask.
    pub fn caps_bit(self) -> u32 {
        1 << (self as u32)
    }
}

/// Counter widths (descriptor flags[5:4]): how many low bits of the counter
/// block increment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CounterWidth {
    W128 = 0,
    W64 = 1,
    W32 = 2,
}

impl CounterWidth {
    pub const ALL: [CounterWidth; 3] = [CounterWidth::W128, CounterWidth::W64, CounterWidth::W32];
    /// Decode a two-bit code; code 3 is reserved.
    pub fn from_code(code: u8) -> Option<CounterWidth> {
        CounterWidth::ALL.into_iter().find(|w| *w as u8 == code)
    }
    pub fn code(self) -> u8 {
        self as u8
    }
    /// Number of counter bits w.
    pub fn bits(self) -> u32 {
        match self {
            CounterWidth::W128 => 128,
            CounterWidth::W64 => 64,
            CounterWidth::W32 => 32,
        }
    }
}

/// The raw fields of one descriptor. Round-trips every bit of the 64 bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Descriptor {
    pub opcode: u8,
    pub flags: u8,
    pub key_slot: u8,
    pub reserved0: u8,
    pub tag: u32,
    pub length: u32,
    pub reserved1: u32,
    pub src: u64,
    pub dst: u64,
    pub key_addr: u64,
    pub reserved2: u64,
    pub counter: [u8; 16],
}

/// Flags byte from its parts.
pub fn flags(irq: bool, inline_key: bool, key_size: KeySize, width: CounterWidth) -> u8 {
    (irq as u8)
        | ((inline_key as u8) << 1)
        | (key_size.code() << FLAG_KEY_SIZE_LSB)
        | (width.code() << FLAG_CTR_WIDTH_LSB)
}

impl Descriptor {
    /// A NOP.
    pub fn nop(tag: u32) -> Descriptor {
        Descriptor { opcode: Opcode::Nop as u8, tag, ..Default::default() }
    }

    /// A CTR_XOR job using a key slot.
    pub fn ctr_xor_slot(
        tag: u32,
        slot: u8,
        width: CounterWidth,
        src: u64,
        dst: u64,
        length: u32,
        counter: [u8; 16],
    ) -> Descriptor {
        Descriptor {
            opcode: Opcode::CtrXor as u8,
            flags: flags(false, false, KeySize::Aes128, width),
            key_slot: slot,
            tag,
            length,
            src,
            dst,
            counter,
            ..Default::default()
        }
    }

    /// A CTR_XOR job whose key is read from `key_addr` for this job only.
    #[allow(clippy::too_many_arguments)]
    pub fn ctr_xor_inline(
        tag: u32,
        key_size: KeySize,
        key_addr: u64,
        width: CounterWidth,
        src: u64,
        dst: u64,
        length: u32,
        counter: [u8; 16],
    ) -> Descriptor {
        Descriptor {
            opcode: Opcode::CtrXor as u8,
            flags: flags(false, true, key_size, width),
            tag,
            length,
            src,
            dst,
            key_addr,
            counter,
            ..Default::default()
        }
    }

    /// A KEY_LOAD of the key at `key_addr` into `slot`.
    pub fn key_load(tag: u32, slot: u8, key_size: KeySize, key_addr: u64) -> Descriptor {
        Descriptor {
            opcode: Opcode::KeyLoad as u8,
            flags: flags(false, false, key_size, CounterWidth::W128),
            key_slot: slot,
            tag,
            key_addr,
            ..Default::default()
        }
    }

    /// A KEY_ZEROIZE of `slot`.
    pub fn key_zeroize(tag: u32, slot: u8) -> Descriptor {
        Descriptor { opcode: Opcode::KeyZeroize as u8, key_slot: slot, tag, ..Default::default() }
    }

    /// The same descriptor with the IRQ flag set or cleared.
    pub fn with_irq(mut self, irq: bool) -> Descriptor {
        self.flags = (self.flags & !FLAG_IRQ) | (irq as u8);
        self
    }

    pub fn irq(&self) -> bool {
        self.flags & FLAG_IRQ != 0
    }
    pub fn inline_key(&self) -> bool {
        self.flags & FLAG_INLINE_KEY != 0
    }
    /// flags[3:2] as a raw code (3 is reserved).
    pub fn key_size_code(&self) -> u8 {
        (self.flags & FLAG_KEY_SIZE_MASK) >> FLAG_KEY_SIZE_LSB
    }
    /// flags[5:4] as a raw code (3 is reserved).
    pub fn counter_width_code(&self) -> u8 {
        (self.flags & FLAG_CTR_WIDTH_MASK) >> FLAG_CTR_WIDTH_LSB
    }

    /// Encode to the 64 bytes software writes into the ring.
    pub fn to_bytes(&self) -> [u8; DESCRIPTOR_BYTES] {
        let mut b = [0u8; DESCRIPTOR_BYTES];
        OPCODE.put(&mut b, &[self.opcode]);
        FLAGS.put(&mut b, &[self.flags]);
        KEY_SLOT.put(&mut b, &[self.key_slot]);
        RESERVED0.put(&mut b, &[self.reserved0]);
        TAG.put(&mut b, &self.tag.to_le_bytes());
        LENGTH.put(&mut b, &self.length.to_le_bytes());
        RESERVED1.put(&mut b, &self.reserved1.to_le_bytes());
        SRC.put(&mut b, &self.src.to_le_bytes());
        DST.put(&mut b, &self.dst.to_le_bytes());
        KEY_ADDR.put(&mut b, &self.key_addr.to_le_bytes());
        RESERVED2.put(&mut b, &self.reserved2.to_le_bytes());
        COUNTER.put(&mut b, &self.counter);
        b
    }

    /// Decode the 64 bytes of a ring entry.
    pub fn from_bytes(b: &[u8; DESCRIPTOR_BYTES]) -> Descriptor {
        Descriptor {
            opcode: OPCODE.get::<1>(b)[0],
            flags: FLAGS.get::<1>(b)[0],
            key_slot: KEY_SLOT.get::<1>(b)[0],
            reserved0: RESERVED0.get::<1>(b)[0],
            tag: u32::from_le_bytes(TAG.get(b)),
            length: u32::from_le_bytes(LENGTH.get(b)),
            reserved1: u32::from_le_bytes(RESERVED1.get(b)),
            src: u64::from_le_bytes(SRC.get(b)),
            dst: u64::from_le_bytes(DST.get(b)),
            key_addr: u64::from_le_bytes(KEY_ADDR.get(b)),
            reserved2: u64::from_le_bytes(RESERVED2.get(b)),
            counter: COUNTER.get(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_tile_the_64_bytes() {
        let mut next = 0;
        for f in FIELDS {
            assert_eq!(f.offset, next, "{}", f.name);
            next += f.size;
        }
        assert_eq!(next, DESCRIPTOR_BYTES);
    }

    #[test]
    fn encode_decode_round_trips_every_bit() {
        let mut b = [0u8; DESCRIPTOR_BYTES];
        for (i, x) in b.iter_mut().enumerate() {
            *x = (i as u8).wrapping_mul(37).wrapping_add(11);
        }
        assert_eq!(Descriptor::from_bytes(&b).to_bytes(), b);
    }

    #[test]
    fn flags_pack_as_spec_says() {
        let f = flags(true, true, KeySize::Aes256, CounterWidth::W32);
        assert_eq!(f, 0b0010_1011);
        let d = Descriptor { flags: f, ..Default::default() };
        assert!(d.irq() && d.inline_key());
        assert_eq!(d.key_size_code(), 2);
        assert_eq!(d.counter_width_code(), 2);
    }

    #[test]
    fn tag_is_little_endian_at_offset_4() {
        let d = Descriptor { tag: 0x0403_0201, ..Default::default() };
        assert_eq!(&d.to_bytes()[4..8], &[1, 2, 3, 4]);
    }
}
