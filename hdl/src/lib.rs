//! The AES-CTR stream accelerator's datapath in rust-hdl 0.46.
//!
//! Blocks (one per file, each documenting its ports, latency and
//! throughput): [`sbox`] (the S-box), [`sbox_rom`] (registered S-box ROM), [`sub_bytes`], [`aes_round`],
//! [`key_expand`], [`key_store`], [`iterative_control`] + [`round_core`]
//! (unrolled or iterative, L lanes), [`ctr_unit`], [`keystream_pack`],
//! [`keystream_engine`] (the whole keystream generator), [`keystream_xor`];
//! wiring helpers [`concat`], [`byte_reverse`]. Around the datapath: [`axil_adapter`] (the
//! AXI4-Lite slave) and [`regs`] (the register file behind it), [`dma`], and [`top`].
//! [`config`] is the YAML build configuration (the schema crate `accel_config`, re-exported);
//! [`emit`] writes any block as standalone Verilog.
//!
//! Every block byte order is little-endian: byte i of a 16-byte block (or of
//! a key, or of a bus word) is bits 8i+7..8i. The crate is independent of
//! the golden model (its S-box is computed here).
//!
//! # Writing a block: the rust-hdl 0.46 idioms used here
//!
//! rust-hdl runs a block's `update()` as Rust in its simulator and, separately, translates the
//! same source (`#[hdl_gen]`) into Verilog. The two can disagree without an error, so the
//! project treats the **emitted Verilog under Verilator** as the truth (the sim crate tests every
//! block that way) and writes kernels in a narrow style:
//!
//! - **Literals: a suffixed Rust literal where the width is 8, 16, 32, 64 or 128, else a
//!   `Constant` field.** The translation emits a Rust literal with its type's width (`0_u32` ->
//!   `32'h0`, a bare `0` -> `32'h0`, `true` -> `1'b1`) and `x.to_bits()` as `x` itself, so
//!   `0_u8.to_bits()` on an 8-bit signal is a correctly sized, field-free literal. There is no
//!   field-free literal of any other width: `bits::<N>(v)`, `Bits::<N>::from(v)` and `bit_cast`
//!   become `((32'hv) & N'hmask)`, which is 32 bits wide (Verilator WIDTH, and a wider context for
//!   the arithmetic around it), `1_u8.to_bits::<4>()` is emitted 8 bits wide, and a Rust `const`
//!   as an undeclared identifier. Every other value is a `Constant<Bits<N>>` field (a sized
//!   `localparam`), built with [`constant`]`::<N>(value)` or [`zero`]`::<N>()`, the width coming
//!   from the field's type: hence fields such as `zero_4` or `one11`, and named ones (`off_ctrl`,
//!   `mask_irq_error`) for values with a meaning. A suffix that does not match the target's width
//!   compiles (Rust converts) but is emitted at the suffix's width; `hdl/tests/verilog_lint.rs`
//!   fails on the WIDTH warning for every block of every configuration.
//! - **Parenthesise every sub-expression.** Precedence is not parenthesised in the Verilog:
//!   `a & b == c` simulates as `(a & b) == c` but emits as `a & (b == c)`.
//! - **No `let` in a kernel.** Temporaries are `Signal<Local, _>` fields.
//! - **Loops unroll; an index outside a loop must be a literal.** A loop of one step,
//!   `for n in self._stages..(self._stages + 1)`, is how a kernel names a configuration-dependent
//!   number (`self.x[n]`) where it would otherwise need a `let`.
//! - **A `Vec` of 0 or 1 entries is optional hardware.** A register, constant or sub-block that
//!   only some configurations have is a `Vec` of length 0 or 1, used in `for x in 0..self._flag`
//!   loops (the `_flag` fields are `usize` 0/1); with 0 entries nothing is emitted.
//!   `round_core/` has one such set of registers per architecture.
//! - **Only the first index of a path is substituted.** `self.sub[x].port[l]` emits
//!   `sub$0$port[l]` (broken Verilog) although it simulates correctly; give a sub-block in a
//!   `Vec` scalar ports only, or keep its ports on the parent. A kernel too long for one file can
//!   be split into several `#[hdl_gen] fn update` in private traits whose `hdl()` statement lists
//!   the parent's `Logic::hdl` joins (as `round_core/mod.rs` does).
//! - **A bus between two blocks is a `LogicInterface` pair**, declared once per side with the
//!   directions flipped and joined by the parent (`RegisterBus::join(&mut self.axil.bus, &mut
//!   self.regs.bus)` in `top.rs`); each signal is emitted as its own `always @(*) a = b;`.
//! - **Hex `match` patterns emit invalid Verilog** (`0x10:`); use decimal patterns or `if`s.
//! - **`DFF` has no reset** (it is emitted with an `initial` value): every stateful block has a
//!   synchronous `reset` input and clears its registers in the kernel.
//! - **Sub-block types cannot be generic**; variants (bus widths) are type aliases of one const-generic
//!   block (see `top.rs`), and a block whose Verilog is written by hand returns
//!   `Verilog::Custom` (the S-box tables).
//! - **rust-hdl's `check_all` does not find latches**; `hdl/tests/yosys_no_latches.rs` runs
//!   yosys `proc` on every block of every configuration, and `hdl/tests/verilog_lint.rs` runs
//!   `verilator --lint-only -Wall`.
//! - Emission ([`emit`]) renames the top module, merges identical per-instance modules and
//!   rewrites struct-field slice offsets; blocks contain no emission code.

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
pub mod lut_ram;
pub mod register_slice;
pub mod round_core;
pub mod sbox;
pub mod sbox_rom;
pub mod split_counter;
pub mod sub_bytes;

// The accelerator around the datapath (accelerator helper).
pub mod axil_adapter;
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
pub fn constant<const N: usize>(value: u64) -> Constant<Bits<N>> {
    Constant::new(value.to_bits())
}

/// The all-zero literal of width `N` (`constant(0)`).
pub fn zero<const N: usize>() -> Constant<Bits<N>> {
    constant(0)
}

/// `n` default values (signals, registers, blocks).
pub(crate) fn many<T: Default>(n: usize) -> Vec<T> {
    (0..n).map(|_| T::default()).collect()
}
