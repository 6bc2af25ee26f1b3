//! The AES round core: encrypts groups of L blocks (L lanes side by side, in
//! lockstep, sharing one key slot and key size) with the architecture the
//! configuration chooses.
//!
//! Ports: `clock`, `reset` (synchronous: empties the core and zeroes its
//! registers; the read registers of S-box ROMs, which have no reset, read
//! address 0 during reset and so hold the constant 0x63 in every byte); input `in_valid`, `in_ready` (out), `in_blocks[l]` (128 bits
//! per lane), `in_slot` (5), `in_rounds` (Nr = 10/12/14), `in_tag` (8 bits of
//! side-band carried with the group); output `out_valid`, `out_ready` (in),
//! `out_blocks[l]` (ciphertext = keystream), `out_tag`; key store read ports
//! `key_slot[p]` (out) -> `key[p]` (in, combinational), where port p <
//! `fixed_key_ports()` reads round key p and port F + q reads round key
//! `key_round[q]` (out);
//! `idle` (out): no group inside.
//!
//! Files: this one holds the ports, the registers of both architectures (a register set has no
//! entries when its architecture is not chosen) and the selector ([`Logic`] for [`RoundCore`]
//! runs both kernels; the one not chosen has 0-length loops and emits nothing);
//! `unrolled.rs` and `iterative.rs` hold the two kernels. (rust-hdl cannot forward the per-lane
//! ports of a sub-block held in a `Vec`, see the crate documentation, so the two cores are not
//! separate blocks; the emitted module is the one the single kernel gave.)
//!
//! Architectures (S = Nr of the largest configured key size):
//! - unrolled: an input register (state ^ round key 0) and S round stages,
//!   each with a register. Stage s applies round s when s <= Nr of its group
//!   (the final round, without mix_columns, when s = Nr) and passes the state
//!   on unchanged when s > Nr, so groups of every key size and slot follow
//!   each other back to back. Throughput one group (L blocks) per cycle;
//!   latency S + 1 cycles from acceptance to `out_valid` (15 for S = 14);
//!   S + 1 fixed-round key ports (port s reads round key s).
//!   With the registered S-box style (`sbox: rom`) each stage's register is
//!   the S-box ROMs' read register instead: stage s holds sub_bytes(state
//!   after round s-1) and shift_rows/mix_columns/add_round_key of round s
//!   follow it combinationally, straight into the ROM addresses of stage
//!   s + 1 (or the output). Stage s's key port then reads round key s of the
//!   group in stage s. Stages after the smallest offered Nr (s > 10 when
//!   AES-128 is offered) add a 128-bit bypass register per lane that carries
//!   the state of groups that have finished; the input register stays a
//!   flip-flop register. Same latency and throughput as the other styles.
//! - iterative, interleave k (see `iterative_control.rs`): one round
//!   datapath per lane with k registers in its loop; k groups in flight, a
//!   group accepted in cycle t is in the output register at t + k*Nr + 1; one
//!   group per Nr cycles on average (k per k*Nr); 2 key ports (0, fixed: round key 0 for the
//!   entering group; 1: the round key at add_round_key, round `key_round[0]`).
//!   With `sbox: rom` the S-box ROMs' read register is one of the k loop
//!   registers: the ring register itself at k = 1 (the ROMs are addressed by
//!   the ring's next value), cut A at k >= 2 (addressed by the ring
//!   register); same cycles as the other styles.
//!
//! Back-pressure: the whole core holds while its output is full and
//! `out_ready` is low; `in_ready` depends combinationally on `out_ready`.
//! These latencies are measured through the engine (see
//! `keystream_engine.rs`: engine latency = core latency + 2).

mod iterative;
mod unrolled;

use crate::aes_round::AesRound;
use crate::config::{Architecture, Config, SBoxStyle};
use crate::iterative_control::IterativeControl;
use crate::{constant, zero};
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct RoundCore {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub in_valid: Signal<In, Bit>,
    pub in_ready: Signal<Out, Bit>,
    pub in_blocks: Vec<Signal<In, Bits<128>>>,
    pub in_slot: Signal<In, Bits<5>>,
    pub in_rounds: Signal<In, Bits<4>>,
    pub in_tag: Signal<In, Bits<8>>,
    pub out_valid: Signal<Out, Bit>,
    pub out_ready: Signal<In, Bit>,
    pub out_blocks: Vec<Signal<Out, Bits<128>>>,
    pub out_tag: Signal<Out, Bits<8>>,
    pub key_slot: Vec<Signal<Out, Bits<5>>>,
    pub key_round: Vec<Signal<Out, Bits<4>>>,
    pub key: Vec<Signal<In, Bits<128>>>,
    pub idle: Signal<Out, Bit>,
    // ---- unrolled (empty when iterative) ----
    /// state of stage s, lane l at index s * L + l (stage 0: after round key 0)
    unrolled_state: Vec<DFF<Bits<128>>>,
    /// round s + 1 of lane l at index s * L + l
    unrolled_rounds: Vec<AesRound>,
    unrolled_valid: Vec<DFF<Bit>>,
    unrolled_slot: Vec<DFF<Bits<5>>>,
    unrolled_nr: Vec<DFF<Bits<4>>>,
    unrolled_tag: Vec<DFF<Bits<8>>>,
    /// s + 1 at index s
    unrolled_round_index: Vec<Constant<Bits<4>>>,
    /// round s + 1 applies to the group (registered S-boxes: only stages s + 1 > Nr_min, at
    /// s - Nr_min)
    unrolled_apply: Vec<Signal<Local, Bit>>,
    unrolled_final: Vec<Signal<Local, Bit>>,
    unrolled_busy: Vec<Signal<Local, Bit>>,
    unrolled_zero_4: Vec<Constant<Bits<4>>>,
    unrolled_zero_5: Vec<Constant<Bits<5>>>,
    unrolled_zero_8: Vec<Constant<Bits<8>>>,
    /// registered S-boxes only: bypass of stage s > Nr_min, lane l at (s - Nr_min - 1) * L + l
    unrolled_bypass: Vec<DFF<Bits<128>>>,
    /// registered S-boxes only: state after round s + 1 (or its bypass), lane l at s * L + l
    unrolled_next: Vec<Signal<Local, Bits<128>>>,
    // ---- iterative (empty when unrolled) ----
    iterative_control: Vec<IterativeControl>,
    iterative_ring: Vec<DFF<Bits<128>>>,
    iterative_cut_a: Vec<DFF<Bits<128>>>,
    iterative_cut_b: Vec<DFF<Bits<128>>>,
    iterative_output: Vec<DFF<Bits<128>>>,
    iterative_rounds: Vec<AesRound>,
    iterative_mix_in: Vec<Signal<Local, Bits<128>>>,
    iterative_key_in: Vec<Signal<Local, Bits<128>>>,
    /// the ring's value for the next cycle (the ring register's d, or the ROM address at k = 1)
    iterative_ring_next: Vec<Signal<Local, Bits<128>>>,
    // ---- shared ----
    advance: Signal<Local, Bit>,
    _unrolled_any: usize,
    _unrolled: usize,
    _unrolled_rom: usize,
    _iterative: usize,
    _lanes: usize,
    _stages: usize,
    _stage_end: usize,
    _bypass_from: usize,
    _bypass_first: usize,
    _ring: usize,
    _rom: usize,
    _cut_a: usize,
    _cut_b: usize,
}

impl RoundCore {
    /// The core of a validated configuration.
    pub fn for_config(config: &Config) -> Self {
        Self::new(
            config.architecture,
            config.interleave as usize,
            config.lanes as usize,
            config.max_rounds(),
            config.min_rounds(),
            config.sbox,
        )
    }

    /// A core of `architecture` with `lanes` lanes; `stages` is Nr of the
    /// largest key size and `shortest` Nr of the smallest; `interleave` is used by the iterative
    /// architecture; `sbox` is the S-box style of every round.
    pub fn new(
        architecture: Architecture,
        interleave: usize,
        lanes: usize,
        stages: usize,
        shortest: usize,
        sbox: SBoxStyle,
    ) -> Self {
        assert!((1..=8).contains(&lanes));
        assert!([10, 12, 14].contains(&stages));
        assert!([10, 12, 14].contains(&shortest) && shortest <= stages);
        let rom = usize::from(sbox.is_registered());
        let any_unrolled = usize::from(architecture == Architecture::Unrolled);
        let unrolled_rom = any_unrolled * rom;
        let unrolled = any_unrolled - unrolled_rom;
        let iterative = 1 - any_unrolled;
        let (cut_a, cut_b) = if iterative == 1 {
            assert!((1..=3).contains(&interleave));
            (usize::from(interleave >= 2), usize::from(interleave >= 3))
        } else {
            (0, 0)
        };
        // With registered S-boxes the ROMs' register is the ring (k = 1) or cut A (k >= 2).
        let ring = iterative * (1 - rom * (1 - cut_a));
        let cut_a_register = cut_a * (1 - rom);

        let ports = if any_unrolled == 1 { stages + 1 } else { 2 };
        let u_stages = any_unrolled * (stages + 1);
        // Unrolled state registers: every stage, or only the input register with ROMs.
        let u_state = unrolled * (stages + 1) + unrolled_rom;
        RoundCore {
            clock: Default::default(),
            reset: Default::default(),
            in_valid: Default::default(),
            in_ready: Default::default(),
            in_blocks: crate::many(lanes),
            in_slot: Default::default(),
            in_rounds: Default::default(),
            in_tag: Default::default(),
            out_valid: Default::default(),
            out_ready: Default::default(),
            out_blocks: crate::many(lanes),
            out_tag: Default::default(),
            key_slot: crate::many(ports),
            key_round: crate::many(iterative),
            key: crate::many(ports),
            idle: Default::default(),
            unrolled_state: crate::many(u_state * lanes),
            unrolled_rounds: (0..any_unrolled * stages * lanes).map(|_| AesRound::with_sbox(sbox)).collect(),
            unrolled_valid: crate::many(u_stages),
            unrolled_slot: crate::many(u_stages),
            unrolled_nr: crate::many(u_stages),
            unrolled_tag: crate::many(u_stages),
            unrolled_round_index: (0..any_unrolled * stages).map(|s| constant(s as u64 + 1)).collect(),
            // applied-round flags: every stage, or with ROMs only the stages with a bypass
            unrolled_apply: crate::many(unrolled * stages + unrolled_rom * (stages - shortest)),
            unrolled_final: crate::many(any_unrolled * stages),
            unrolled_busy: crate::many(u_stages),
            unrolled_zero_4: (0..any_unrolled).map(|_| zero()).collect(),
            unrolled_zero_5: (0..any_unrolled).map(|_| zero()).collect(),
            unrolled_zero_8: (0..any_unrolled).map(|_| zero()).collect(),
            unrolled_bypass: crate::many(unrolled_rom * (stages - shortest) * lanes),
            unrolled_next: crate::many(unrolled_rom * stages * lanes),
            iterative_control: (0..iterative).map(|_| IterativeControl::new(interleave)).collect(),
            iterative_ring: crate::many(ring * lanes),
            iterative_cut_a: crate::many(cut_a_register * lanes),
            iterative_cut_b: crate::many(cut_b * lanes),
            iterative_output: crate::many(iterative * lanes),
            iterative_rounds: (0..iterative * lanes).map(|_| AesRound::with_sbox(sbox)).collect(),
            iterative_mix_in: crate::many(iterative * lanes),
            iterative_key_in: crate::many(iterative * lanes),
            iterative_ring_next: crate::many(iterative * lanes),
            advance: Default::default(),
            _unrolled_any: any_unrolled,
            _unrolled: unrolled,
            _unrolled_rom: unrolled_rom,
            _iterative: iterative,
            _lanes: lanes,
            _stages: stages,
            _stage_end: stages + 1,
            _bypass_from: shortest,
            _bypass_first: shortest + 1,
            _ring: ring,
            _rom: rom,
            _cut_a: cut_a_register,
            _cut_b: cut_b,
        }
    }

    /// Number of key store read ports this core uses.
    pub fn key_ports(&self) -> usize {
        self.key.len()
    }

    /// Key ports whose round is their index (see the module documentation).
    pub fn fixed_key_ports(&self) -> usize {
        self.key.len() - self.key_round.len()
    }

    /// Key ports with a round output `key_round[q]` (port `fixed_key_ports() + q`).
    pub fn dynamic_key_ports(&self) -> usize {
        self.key_round.len()
    }
}

// The kernels' traits stay out of scope here: `#[derive(LogicBlock)]` calls `self.update()`.
impl Logic for RoundCore {
    fn update(&mut self) {
        unrolled::UnrolledKernel::update(self);
        iterative::IterativeKernel::update(self);
    }

    fn connect(&mut self) {
        unrolled::UnrolledKernel::connect(self);
        iterative::IterativeKernel::connect(self);
    }

    /// One `always @(*)` block: the unrolled kernel's statements, then the iterative kernel's.
    fn hdl(&self) -> Verilog {
        match (unrolled::UnrolledKernel::hdl(self), iterative::IterativeKernel::hdl(self)) {
            (Verilog::Combinatorial(mut unrolled), Verilog::Combinatorial(iterative)) => {
                unrolled.extend(iterative);
                Verilog::Combinatorial(unrolled)
            }
            _ => unreachable!("both kernels are #[hdl_gen] kernels"),
        }
    }
}
