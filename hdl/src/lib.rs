//! The AES-CTR stream accelerator's datapath in rust-hdl 0.46.
//!
//! Blocks (one per file, each documenting its ports, latency and
//! throughput): [`sbox`] (the S-box), [`sbox_rom`] (registered S-box ROM), [`sub_bytes`], [`aes_round`],
//! [`key_expand`], [`key_store`], [`iterative_control`] + [`round_core`]
//! (unrolled or iterative, L lanes), [`ctr_unit`], [`keystream_pack`],
//! [`keystream_engine`] (the whole keystream generator), [`keystream_xor`];
//! wiring helpers [`concat`], [`byte_reverse`]. [`config`] reads the YAML
//! build configuration; [`emit`] writes any block as standalone Verilog.
//!
//! Every block byte order is little-endian: byte i of a 16-byte block (or of
//! a key, or of a bus word) is bits 8i+7..8i. The crate is independent of
//! the golden model (its S-box is computed here).

pub mod aes_round;
pub mod byte_reverse;
pub mod concat;
pub mod config;
pub mod ctr_unit;
pub mod emit;
pub mod iterative_control;
pub mod key_expand;
pub mod key_store;
pub mod keystream_engine;
pub mod keystream_pack;
pub mod keystream_xor;
pub mod round_core;
pub mod sbox;
pub mod sbox_rom;
pub mod sub_bytes;

// The accelerator around the datapath (accelerator helper).
pub mod dma;
pub mod regs;
pub mod top;

pub use config::{Architecture, Config, ConfigError};

use rust_hdl::prelude::{Bits, Constant, ToBits};

/// An AXI4 master address (`spec::AXI_ADDR_BITS` wide).
pub type AxiAddr = Bits<{ spec::AXI_ADDR_BITS as usize }>;
/// An AXI4 master transaction ID (`spec::AXI_ID_BITS` wide).
pub type AxiId = Bits<{ spec::AXI_ID_BITS as usize }>;
/// An AXI4-Lite slave byte address (`spec::AXIL_ADDR_BITS` wide).
pub type AxilAddr = Bits<{ spec::AXIL_ADDR_BITS as usize }>;

/// A literal for a kernel: the `Constant` of width `N` holding `value` (emitted as a sized
/// `localparam`; see "Literals" in the crate documentation). The width comes from the field's type.
pub(crate) fn constant<const N: usize>(value: u64) -> Constant<Bits<N>> {
    Constant::new(value.to_bits())
}

/// The all-zero literal of width `N` (`constant(0)`).
pub(crate) fn zero<const N: usize>() -> Constant<Bits<N>> {
    constant(0)
}

/// `n` default values (signals, registers, blocks).
pub(crate) fn many<T: Default>(n: usize) -> Vec<T> {
    (0..n).map(|_| T::default()).collect()
}
