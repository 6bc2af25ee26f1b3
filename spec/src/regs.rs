//! Register map of the AXI4-Lite slave (SPEC §2): offsets, access, fields.
//!
//! The constants are the facts; [`REGISTERS`] lists them again as data (built
//! from the same constants) for the documentation tables and the register
//! sweep tests.

/// Register access type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Read only; writes are ignored.
    Ro,
    /// Read and write.
    Rw,
    /// Write only; reads return 0.
    Wo,
    /// Read; writing 1 to a bit clears it.
    W1c,
}

impl Access {
    /// The abbreviation used in SPEC.md and the docs.
    pub fn name(self) -> &'static str {
        match self {
            Access::Ro => "RO",
            Access::Rw => "RW",
            Access::Wo => "W",
            Access::W1c => "W1C",
        }
    }
}

/// A bit field inside a register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    /// Least significant bit.
    pub lsb: u32,
    /// Width in bits.
    pub width: u32,
    pub meaning: &'static str,
}

impl Field {
    /// Mask of the field in register position.
    pub const fn mask(&self) -> u32 {
        (((1u64 << self.width) - 1) as u32) << self.lsb
    }
    /// Extract the field from a register value.
    pub const fn get(&self, value: u32) -> u32 {
        (value & self.mask()) >> self.lsb
    }
    /// Place `v` into the field position.
    pub const fn put(&self, v: u32) -> u32 {
        (v << self.lsb) & self.mask()
    }
}

/// One 32-bit register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Register {
    pub name: &'static str,
    pub offset: u32,
    pub access: Access,
    pub meaning: &'static str,
    pub fields: &'static [Field],
}

// ---- offsets ---------------------------------------------------------------
pub const ID: u32 = 0x000;
pub const VERSION: u32 = 0x004;
pub const CAPS: u32 = 0x008;
pub const CTRL: u32 = 0x00C;
pub const STATUS: u32 = 0x010;
pub const IRQ_STATUS: u32 = 0x014;
pub const IRQ_ENABLE: u32 = 0x018;
pub const SQ_BASE_LO: u32 = 0x020;
pub const SQ_BASE_HI: u32 = 0x024;
pub const SQ_SIZE: u32 = 0x028;
pub const SQ_TAIL: u32 = 0x02C;
pub const SQ_HEAD: u32 = 0x030;
pub const CQ_BASE_LO: u32 = 0x040;
pub const CQ_BASE_HI: u32 = 0x044;
pub const CQ_SIZE: u32 = 0x048;
pub const CQ_HEAD: u32 = 0x04C;
pub const CQ_TAIL: u32 = 0x050;
pub const KEY_CTRL: u32 = 0x060;
/// KEY_DATA0; KEY_DATA`n` is at `KEY_DATA0 + 4 * n`, n in 0..8.
pub const KEY_DATA0: u32 = 0x080;
/// Number of KEY_DATA words (a 256-bit key).
pub const KEY_DATA_WORDS: u32 = 8;
pub const CYCLES_LO: u32 = 0x100;
pub const CYCLES_HI: u32 = 0x104;
pub const BUSY_CYCLES_LO: u32 = 0x108;
pub const BUSY_CYCLES_HI: u32 = 0x10C;
pub const BYTES_LO: u32 = 0x110;
pub const BYTES_HI: u32 = 0x114;
pub const JOBS_OK: u32 = 0x118;
pub const JOBS_ERR: u32 = 0x11C;

/// Offset of KEY_DATA`n`.
pub const fn key_data(n: u32) -> u32 {
    KEY_DATA0 + 4 * n
}

// ---- values ----------------------------------------------------------------
/// ID register value, ASCII "AESC".
pub const ID_VALUE: u32 = 0x4145_5343;
pub const VERSION_MAJOR: u32 = 1;
pub const VERSION_MINOR: u32 = 0;
/// VERSION register value: major << 16 | minor.
pub const VERSION_VALUE: u32 = (VERSION_MAJOR << 16) | VERSION_MINOR;

// ---- fields ----------------------------------------------------------------
pub const CAPS_KEY_SIZES: Field =
    Field { name: "KEY_SIZES", lsb: 0, width: 3, meaning: "key sizes supported: bit0 128, bit1 192, bit2 256" };
pub const CAPS_LOG2_BUS_BYTES: Field =
    Field { name: "LOG2_BUS_BYTES", lsb: 4, width: 4, meaning: "log2 of the AXI4 master's data width in bytes" };
pub const CAPS_KEY_SLOTS: Field = Field { name: "KEY_SLOTS", lsb: 8, width: 8, meaning: "number of key slots" };
pub const CAPS_LANES: Field = Field { name: "LANES", lsb: 16, width: 8, meaning: "number of AES lanes" };
pub const CAPS_UNALIGNED: Field =
    Field { name: "UNALIGNED", lsb: 24, width: 1, meaning: "unaligned src/dst supported" };

pub const CTRL_ENABLE: Field = Field {
    name: "ENABLE",
    lsb: 0,
    width: 1,
    meaning: "fetch descriptors while 1; clearing it stops after the job in flight",
};
pub const CTRL_QRESET: Field = Field {
    name: "QRESET",
    lsb: 1,
    width: 1,
    meaning: "write 1 (self-clearing): drop the job in flight without a completion, let outstanding bus transactions finish, clear queue state and HALTED, phase back to 1; key slots kept. Reads 1 until all of that is done and the ring indices read 0: software polls it",
};

pub const STATUS_BUSY: Field = Field {
    name: "BUSY",
    lsb: 0,
    width: 1,
    meaning: "a descriptor is being fetched or executed, or bus transactions are outstanding",
};
pub const STATUS_HALTED: Field = Field {
    name: "HALTED",
    lsb: 1,
    width: 1,
    meaning: "a descriptor fetch or completion write failed; only QRESET leaves it",
};
pub const STATUS_KEY_BUSY: Field =
    Field { name: "KEY_BUSY", lsb: 2, width: 1, meaning: "a key expansion is in progress" };

pub const IRQ_COMPLETION: Field =
    Field { name: "COMPLETION", lsb: 0, width: 1, meaning: "a completion whose descriptor had flag IRQ was written" };
pub const IRQ_ERROR: Field = Field {
    name: "ERROR",
    lsb: 1,
    width: 1,
    meaning: "an error completion, a bad doorbell, a bad KEY_CTRL command, or a halt",
};

pub const KEY_CTRL_SLOT: Field = Field { name: "SLOT", lsb: 0, width: 8, meaning: "key slot index" };
pub const KEY_CTRL_SIZE: Field = Field { name: "SIZE", lsb: 8, width: 2, meaning: "key size: 0=128, 1=192, 2=256" };
pub const KEY_CTRL_LOAD: Field =
    Field { name: "LOAD", lsb: 16, width: 1, meaning: "expand KEY_DATA into the slot, then clear KEY_DATA" };
pub const KEY_CTRL_ZEROIZE: Field = Field { name: "ZEROIZE", lsb: 17, width: 1, meaning: "zeroize the slot" };
pub const KEY_CTRL_ZEROIZE_ALL: Field = Field { name: "ZEROIZE_ALL", lsb: 18, width: 1, meaning: "zeroize every slot" };

/// Ring index registers hold 16-bit indices (ring size up to 65536).
pub const RING_INDEX: Field = Field { name: "INDEX", lsb: 0, width: 16, meaning: "ring index" };
/// SQ_SIZE / CQ_SIZE hold up to 65536, 17 bits.
pub const RING_SIZE: Field = Field { name: "SIZE", lsb: 0, width: 17, meaning: "entries, a power of two, 2..65536" };

/// The whole register map as data, in offset order.
pub const REGISTERS: &[Register] = &[
    Register { name: "ID", offset: ID, access: Access::Ro, meaning: "0x41455343 (\"AESC\")", fields: &[] },
    Register { name: "VERSION", offset: VERSION, access: Access::Ro, meaning: "major << 16 | minor", fields: &[] },
    Register {
        name: "CAPS",
        offset: CAPS,
        access: Access::Ro,
        meaning: "what this configuration offers",
        fields: &[CAPS_KEY_SIZES, CAPS_LOG2_BUS_BYTES, CAPS_KEY_SLOTS, CAPS_LANES, CAPS_UNALIGNED],
    },
    Register {
        name: "CTRL",
        offset: CTRL,
        access: Access::Rw,
        meaning: "engine control",
        fields: &[CTRL_ENABLE, CTRL_QRESET],
    },
    Register {
        name: "STATUS",
        offset: STATUS,
        access: Access::Ro,
        meaning: "engine status",
        fields: &[STATUS_BUSY, STATUS_HALTED, STATUS_KEY_BUSY],
    },
    Register {
        name: "IRQ_STATUS",
        offset: IRQ_STATUS,
        access: Access::W1c,
        meaning: "interrupt causes; irq = (IRQ_STATUS & IRQ_ENABLE) != 0",
        fields: &[IRQ_COMPLETION, IRQ_ERROR],
    },
    Register {
        name: "IRQ_ENABLE",
        offset: IRQ_ENABLE,
        access: Access::Rw,
        meaning: "interrupt enables, same bits as IRQ_STATUS",
        fields: &[IRQ_COMPLETION, IRQ_ERROR],
    },
    Register {
        name: "SQ_BASE_LO",
        offset: SQ_BASE_LO,
        access: Access::Rw,
        meaning: "submission ring base [31:0], 64-byte aligned",
        fields: &[],
    },
    Register {
        name: "SQ_BASE_HI",
        offset: SQ_BASE_HI,
        access: Access::Rw,
        meaning: "submission ring base [63:32]",
        fields: &[],
    },
    Register {
        name: "SQ_SIZE",
        offset: SQ_SIZE,
        access: Access::Rw,
        meaning: "submission ring entries, a power of two 2..65536; written only while ENABLE=0",
        fields: &[RING_SIZE],
    },
    Register {
        name: "SQ_TAIL",
        offset: SQ_TAIL,
        access: Access::Rw,
        meaning: "doorbell: index after software's last new descriptor; a value >= SQ_SIZE is ignored and raises ERROR",
        fields: &[RING_INDEX],
    },
    Register {
        name: "SQ_HEAD",
        offset: SQ_HEAD,
        access: Access::Ro,
        meaning: "index of the next descriptor the hardware will fetch",
        fields: &[RING_INDEX],
    },
    Register {
        name: "CQ_BASE_LO",
        offset: CQ_BASE_LO,
        access: Access::Rw,
        meaning: "completion ring base [31:0], 16-byte aligned",
        fields: &[],
    },
    Register {
        name: "CQ_BASE_HI",
        offset: CQ_BASE_HI,
        access: Access::Rw,
        meaning: "completion ring base [63:32]",
        fields: &[],
    },
    Register {
        name: "CQ_SIZE",
        offset: CQ_SIZE,
        access: Access::Rw,
        meaning: "completion ring entries, a power of two 2..65536",
        fields: &[RING_SIZE],
    },
    Register {
        name: "CQ_HEAD",
        offset: CQ_HEAD,
        access: Access::Rw,
        meaning: "software's consumer index: entries before it may be reused",
        fields: &[RING_INDEX],
    },
    Register {
        name: "CQ_TAIL",
        offset: CQ_TAIL,
        access: Access::Ro,
        meaning: "index the hardware writes next",
        fields: &[RING_INDEX],
    },
    Register {
        name: "KEY_CTRL",
        offset: KEY_CTRL,
        access: Access::Wo,
        meaning: "CSR key command; a bad slot or size raises ERROR and changes nothing",
        fields: &[KEY_CTRL_SLOT, KEY_CTRL_SIZE, KEY_CTRL_LOAD, KEY_CTRL_ZEROIZE, KEY_CTRL_ZEROIZE_ALL],
    },
    Register {
        name: "KEY_DATA0",
        offset: key_data(0),
        access: Access::Wo,
        meaning: "key bytes 0..3, little-endian",
        fields: &[],
    },
    Register { name: "KEY_DATA1", offset: key_data(1), access: Access::Wo, meaning: "key bytes 4..7", fields: &[] },
    Register { name: "KEY_DATA2", offset: key_data(2), access: Access::Wo, meaning: "key bytes 8..11", fields: &[] },
    Register { name: "KEY_DATA3", offset: key_data(3), access: Access::Wo, meaning: "key bytes 12..15", fields: &[] },
    Register { name: "KEY_DATA4", offset: key_data(4), access: Access::Wo, meaning: "key bytes 16..19", fields: &[] },
    Register { name: "KEY_DATA5", offset: key_data(5), access: Access::Wo, meaning: "key bytes 20..23", fields: &[] },
    Register { name: "KEY_DATA6", offset: key_data(6), access: Access::Wo, meaning: "key bytes 24..27", fields: &[] },
    Register { name: "KEY_DATA7", offset: key_data(7), access: Access::Wo, meaning: "key bytes 28..31", fields: &[] },
    Register {
        name: "CYCLES_LO",
        offset: CYCLES_LO,
        access: Access::Ro,
        meaning: "free-running clock counter [31:0]",
        fields: &[],
    },
    Register {
        name: "CYCLES_HI",
        offset: CYCLES_HI,
        access: Access::Ro,
        meaning: "free-running clock counter [63:32]",
        fields: &[],
    },
    Register {
        name: "BUSY_CYCLES_LO",
        offset: BUSY_CYCLES_LO,
        access: Access::Ro,
        meaning: "cycles with a job in flight [31:0]",
        fields: &[],
    },
    Register {
        name: "BUSY_CYCLES_HI",
        offset: BUSY_CYCLES_HI,
        access: Access::Ro,
        meaning: "cycles with a job in flight [63:32]",
        fields: &[],
    },
    Register {
        name: "BYTES_LO",
        offset: BYTES_LO,
        access: Access::Ro,
        meaning: "payload bytes written [31:0]",
        fields: &[],
    },
    Register {
        name: "BYTES_HI",
        offset: BYTES_HI,
        access: Access::Ro,
        meaning: "payload bytes written [63:32]",
        fields: &[],
    },
    Register {
        name: "JOBS_OK",
        offset: JOBS_OK,
        access: Access::Ro,
        meaning: "completions with status OK",
        fields: &[],
    },
    Register {
        name: "JOBS_ERR",
        offset: JOBS_ERR,
        access: Access::Ro,
        meaning: "completions with an error status",
        fields: &[],
    },
];

/// Look a register up by offset.
pub fn by_offset(offset: u32) -> Option<&'static Register> {
    REGISTERS.iter().find(|r| r.offset == offset)
}

/// Look a register up by name.
pub fn by_name(name: &str) -> Option<&'static Register> {
    REGISTERS.iter().find(|r| r.name == name)
}

/// The CAPS register value for a configuration.
pub fn caps_value(key_sizes_mask: u32, bus_bytes: u32, key_slots: u32, lanes: u32, unaligned: bool) -> u32 {
    CAPS_KEY_SIZES.put(key_sizes_mask)
        | CAPS_LOG2_BUS_BYTES.put(bus_bytes.trailing_zeros())
        | CAPS_KEY_SLOTS.put(key_slots)
        | CAPS_LANES.put(lanes)
        | CAPS_UNALIGNED.put(unaligned as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_unique_aligned_and_sorted() {
        for pair in REGISTERS.windows(2) {
            assert!(pair[0].offset < pair[1].offset, "{} / {}", pair[0].name, pair[1].name);
        }
        for r in REGISTERS {
            assert_eq!(r.offset % 4, 0, "{}", r.name);
            assert!(r.offset < (1 << crate::AXIL_ADDR_BITS), "{}", r.name);
        }
    }

    #[test]
    fn fields_do_not_overlap() {
        for r in REGISTERS {
            let mut used = 0u32;
            for f in r.fields {
                assert_eq!(used & f.mask(), 0, "{}.{}", r.name, f.name);
                used |= f.mask();
            }
        }
    }

    #[test]
    fn id_spells_aesc() {
        assert_eq!(&ID_VALUE.to_be_bytes(), b"AESC");
    }

    #[test]
    fn caps_packs_fields() {
        let caps = caps_value(0b111, 16, 8, 1, false);
        assert_eq!(caps, 0x0001_0847);
        assert_eq!(CAPS_LOG2_BUS_BYTES.get(caps), 4);
    }
}
