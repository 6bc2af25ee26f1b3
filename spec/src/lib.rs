//! The single source of the interface facts of the AES-CTR stream accelerator.
//!
//! Everything that `../shared/SPEC.md` fixes — register offsets and fields,
//! the submission descriptor and completion layouts, opcodes, flags and
//! status codes — is written here exactly once. The RTL (`hdl`), the golden
//! model (`golden`), the simulator's driver (`sim`) and the generated tables
//! in `docs/` all read it from this crate (OpenTitan's reggen idea). The
//! crate has no dependencies and knows nothing of clocks or hardware.

pub mod c_header;
pub mod completion;
pub mod descriptor;
pub mod regs;
pub mod status;
pub mod tables;

pub use completion::Completion;
pub use descriptor::{CounterWidth, Descriptor, KeySize, Opcode};
pub use status::Status;

/// AES block size in bytes.
pub const BLOCK_BYTES: usize = 16;
/// Source and destination alignment required when CAPS[24] (unaligned) is 0.
pub const DATA_ALIGN: u64 = 16;
/// Submission ring base alignment in bytes.
pub const SQ_BASE_ALIGN: u64 = 64;
/// Completion ring base alignment in bytes.
pub const CQ_BASE_ALIGN: u64 = 16;
/// Smallest ring size in entries.
pub const RING_SIZE_MIN: u32 = 2;
/// Largest ring size in entries.
pub const RING_SIZE_MAX: u32 = 65536;
/// AXI bursts never cross this boundary.
pub const AXI_BOUNDARY: u64 = 4096;
/// AxCACHE of every AXI4 master request: Normal Non-cacheable Bufferable (0b0011).
pub const AXI_CACHE: u8 = 0b0011;

/// Beats in a full burst: `max_burst` beats of `bus_bytes`, cut to stay inside one
/// [`AXI_BOUNDARY`] window (bus_bytes a power of two up to 4096).
pub const fn burst_beats(max_burst: u64, bus_bytes: u64) -> u64 {
    let window_beats = AXI_BOUNDARY / bus_bytes;
    if max_burst < window_beats {
        max_burst
    } else {
        window_beats
    }
}
/// Width of the AXI4 master's address bus in bits.
pub const AXI_ADDR_BITS: u32 = 64;
/// Width of the AXI4 master's ID signals in bits.
pub const AXI_ID_BITS: u32 = 4;
/// Width of the AXI4-Lite slave's data bus in bits.
pub const AXIL_DATA_BITS: u32 = 32;
/// Width of the AXI4-Lite slave's address bus in bits.
pub const AXIL_ADDR_BITS: u32 = 12;
/// Top module name of every emitted Verilog file.
pub const TOP_MODULE: &str = "aes_ctr_accel";
/// Simulation-only Verilog macro: defined, S-boxes emitted in the composite-field style
/// (configuration `sbox: composite`) simulate as the equivalent 256-entry table, which keeps
/// Verilator models of whole designs small. Never defined for synthesis.
pub const SIMULATE_SBOX_TABLE_MACRO: &str = "AESCTR_SIMULATE_SBOX_TABLE";

/// `true` when `size` is a legal ring size (a power of two in 2..=65536).
pub fn ring_size_valid(size: u32) -> bool {
    (RING_SIZE_MIN..=RING_SIZE_MAX).contains(&size) && size.is_power_of_two()
}

/// AXI response codes (RRESP/BRESP).
pub mod resp {
    /// Normal access success.
    pub const OKAY: u8 = 0b00;
    /// Exclusive access okay (never used by this design).
    pub const EXOKAY: u8 = 0b01;
    /// Slave error.
    pub const SLVERR: u8 = 0b10;
    /// Decode error.
    pub const DECERR: u8 = 0b11;
    /// `true` for SLVERR and DECERR, the responses SPEC §5 treats as errors.
    pub fn is_error(resp: u8) -> bool {
        resp & 0b10 != 0
    }
}
