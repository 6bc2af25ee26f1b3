//! Control of an iterative round core: the side-band (valid, rounds done,
//! Nr, key slot, tag) of the blocks circulating in the round, the output
//! register's valid/tag, and the entry rule that keeps blocks in order.
//!
//! The datapath it steers (in `round_core/iterative.rs`) is a ring: the round-start
//! register ("ring", after add_round_key) -> sub_bytes/shift_rows -> [cut A
//! register] -> mix_columns -> [cut B register] -> add_round_key -> back to
//! the ring, or out to the output register after the block's last round.
//! `interleave` k = 1, 2, 3 uses no cut, cut A, or cuts A and B: k blocks
//! circulate, each round takes k cycles.
//!
//! Ports: `clock`, `reset`; input side `in_valid`, `in_ready` (out),
//! `in_slot`, `in_rounds` (Nr), `in_tag`; output side `out_ready` (in),
//! `out_valid`, `out_tag`; to the datapath: `advance` (every register
//! moves), `enter` (the ring takes the new block: state = input ^ round key
//! 0), `keep` (the ring takes the add_round_key result), `exit` (the output
//! register takes it), `mix_final` (no mix_columns for the block at cut B's
//! input: its last round), `key_slot`/`key_round` (round key needed at
//! add_round_key); `idle` (no block inside).
//!
//! Timing: a block accepted in cycle t is in the output register at t +
//! k*Nr + 1 (if never stalled). A new block is accepted when the ring
//! position arriving at the ring register is free (empty, or its block
//! leaves this cycle) and it cannot overtake the block entered before it:
//! `remaining` counts the cycles until the last entered block leaves, and a
//! block with Nr' may enter when k*Nr' > remaining. Blocks of one key size
//! therefore enter back to back (k blocks per k*Nr cycles, one per Nr on
//! average); a smaller key after a larger one waits only as long as needed.
//! Everything stalls while the output register is full and not read.

use crate::{constant, zero};
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct IterativeControl {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub in_valid: Signal<In, Bit>,
    pub in_ready: Signal<Out, Bit>,
    pub in_slot: Signal<In, Bits<5>>,
    pub in_rounds: Signal<In, Bits<4>>,
    pub in_tag: Signal<In, Bits<8>>,
    pub out_ready: Signal<In, Bit>,
    pub out_valid: Signal<Out, Bit>,
    pub out_tag: Signal<Out, Bits<8>>,
    pub advance: Signal<Out, Bit>,
    pub enter: Signal<Out, Bit>,
    pub keep: Signal<Out, Bit>,
    pub exit: Signal<Out, Bit>,
    pub mix_final: Signal<Out, Bit>,
    pub key_slot: Signal<Out, Bits<5>>,
    pub key_round: Signal<Out, Bits<4>>,
    pub idle: Signal<Out, Bit>,
    // ring register side-band
    ring_valid: DFF<Bit>,
    ring_done: DFF<Bits<4>>,
    ring_rounds: DFF<Bits<4>>,
    ring_slot: DFF<Bits<5>>,
    ring_tag: DFF<Bits<8>>,
    // cut A / cut B side-band (0 or 1 of each)
    cut_a_valid: Vec<DFF<Bit>>,
    cut_a_done: Vec<DFF<Bits<4>>>,
    cut_a_rounds: Vec<DFF<Bits<4>>>,
    cut_a_slot: Vec<DFF<Bits<5>>>,
    cut_a_tag: Vec<DFF<Bits<8>>>,
    cut_b_valid: Vec<DFF<Bit>>,
    cut_b_done: Vec<DFF<Bits<4>>>,
    cut_b_rounds: Vec<DFF<Bits<4>>>,
    cut_b_slot: Vec<DFF<Bits<5>>>,
    cut_b_tag: Vec<DFF<Bits<8>>>,
    // output register side-band
    out_full: DFF<Bit>,
    out_tag_register: DFF<Bits<8>>,
    remaining: DFF<Bits<6>>,
    // side-band at the mix_columns input (B) and add_round_key input (C)
    mix_valid: Signal<Local, Bit>,
    mix_done: Signal<Local, Bits<4>>,
    mix_rounds: Signal<Local, Bits<4>>,
    mix_slot: Signal<Local, Bits<5>>,
    mix_tag: Signal<Local, Bits<8>>,
    key_valid: Signal<Local, Bit>,
    key_done: Signal<Local, Bits<4>>,
    key_rounds: Signal<Local, Bits<4>>,
    key_tag: Signal<Local, Bits<8>>,
    last_round: Signal<Local, Bit>,
    latency: Signal<Local, Bits<6>>,
    busy: Signal<Local, Bit>,
    one_4: Constant<Bits<4>>,
    one_6: Constant<Bits<6>>,
    zero_4: Constant<Bits<4>>,
    zero_5: Constant<Bits<5>>,
    zero_6: Constant<Bits<6>>,
    rounds_192: Constant<Bits<4>>,
    rounds_256: Constant<Bits<4>>,
    latency_128: Constant<Bits<6>>,
    latency_192: Constant<Bits<6>>,
    latency_256: Constant<Bits<6>>,
    _cut_a: usize,
    _cut_b: usize,
}

impl IterativeControl {
    /// Control for interleave 1, 2 or 3.
    pub fn new(interleave: usize) -> Self {
        assert!((1..=3).contains(&interleave), "interleave must be 1, 2 or 3");
        let cut_a = usize::from(interleave >= 2);
        let cut_b = usize::from(interleave >= 3);
        let k = interleave as u64;
        IterativeControl {
            clock: Default::default(),
            reset: Default::default(),
            in_valid: Default::default(),
            in_ready: Default::default(),
            in_slot: Default::default(),
            in_rounds: Default::default(),
            in_tag: Default::default(),
            out_ready: Default::default(),
            out_valid: Default::default(),
            out_tag: Default::default(),
            advance: Default::default(),
            enter: Default::default(),
            keep: Default::default(),
            exit: Default::default(),
            mix_final: Default::default(),
            key_slot: Default::default(),
            key_round: Default::default(),
            idle: Default::default(),
            ring_valid: Default::default(),
            ring_done: Default::default(),
            ring_rounds: Default::default(),
            ring_slot: Default::default(),
            ring_tag: Default::default(),
            cut_a_valid: crate::many(cut_a),
            cut_a_done: crate::many(cut_a),
            cut_a_rounds: crate::many(cut_a),
            cut_a_slot: crate::many(cut_a),
            cut_a_tag: crate::many(cut_a),
            cut_b_valid: crate::many(cut_b),
            cut_b_done: crate::many(cut_b),
            cut_b_rounds: crate::many(cut_b),
            cut_b_slot: crate::many(cut_b),
            cut_b_tag: crate::many(cut_b),
            out_full: Default::default(),
            out_tag_register: Default::default(),
            remaining: Default::default(),
            mix_valid: Default::default(),
            mix_done: Default::default(),
            mix_rounds: Default::default(),
            mix_slot: Default::default(),
            mix_tag: Default::default(),
            key_valid: Default::default(),
            key_done: Default::default(),
            key_rounds: Default::default(),
            key_tag: Default::default(),
            last_round: Default::default(),
            latency: Default::default(),
            busy: Default::default(),
            one_4: constant(1),
            one_6: constant(1),
            zero_4: zero(),
            zero_5: zero(),
            zero_6: zero(),
            rounds_192: constant(12),
            rounds_256: constant(14),
            latency_128: constant(10 * k),
            latency_192: constant(12 * k),
            latency_256: constant(14 * k),
            _cut_a: cut_a,
            _cut_b: cut_b,
        }
    }
}

impl Logic for IterativeControl {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            ring_valid,
            ring_done,
            ring_rounds,
            ring_slot,
            ring_tag,
            out_full,
            out_tag_register,
            remaining
        );
        for y in 0..self._cut_a {
            self.cut_a_valid[y].clock.next = self.clock.val();
            self.cut_a_done[y].clock.next = self.clock.val();
            self.cut_a_rounds[y].clock.next = self.clock.val();
            self.cut_a_slot[y].clock.next = self.clock.val();
            self.cut_a_tag[y].clock.next = self.clock.val();
            self.cut_a_valid[y].d.next = self.cut_a_valid[y].q.val();
            self.cut_a_done[y].d.next = self.cut_a_done[y].q.val();
            self.cut_a_rounds[y].d.next = self.cut_a_rounds[y].q.val();
            self.cut_a_slot[y].d.next = self.cut_a_slot[y].q.val();
            self.cut_a_tag[y].d.next = self.cut_a_tag[y].q.val();
        }
        for y in 0..self._cut_b {
            self.cut_b_valid[y].clock.next = self.clock.val();
            self.cut_b_done[y].clock.next = self.clock.val();
            self.cut_b_rounds[y].clock.next = self.clock.val();
            self.cut_b_slot[y].clock.next = self.clock.val();
            self.cut_b_tag[y].clock.next = self.clock.val();
            self.cut_b_valid[y].d.next = self.cut_b_valid[y].q.val();
            self.cut_b_done[y].d.next = self.cut_b_done[y].q.val();
            self.cut_b_rounds[y].d.next = self.cut_b_rounds[y].q.val();
            self.cut_b_slot[y].d.next = self.cut_b_slot[y].q.val();
            self.cut_b_tag[y].d.next = self.cut_b_tag[y].q.val();
        }

        // Side-band at the mix_columns input: from cut A, else the ring.
        self.mix_valid.next = self.ring_valid.q.val();
        self.mix_done.next = self.ring_done.q.val();
        self.mix_rounds.next = self.ring_rounds.q.val();
        self.mix_slot.next = self.ring_slot.q.val();
        self.mix_tag.next = self.ring_tag.q.val();
        for y in 0..self._cut_a {
            self.mix_valid.next = self.cut_a_valid[y].q.val();
            self.mix_done.next = self.cut_a_done[y].q.val();
            self.mix_rounds.next = self.cut_a_rounds[y].q.val();
            self.mix_slot.next = self.cut_a_slot[y].q.val();
            self.mix_tag.next = self.cut_a_tag[y].q.val();
        }
        // Side-band at the add_round_key input: from cut B, else as above.
        self.key_valid.next = self.mix_valid.val();
        self.key_done.next = self.mix_done.val();
        self.key_rounds.next = self.mix_rounds.val();
        self.key_slot.next = self.mix_slot.val();
        self.key_tag.next = self.mix_tag.val();
        for y in 0..self._cut_b {
            self.key_valid.next = self.cut_b_valid[y].q.val();
            self.key_done.next = self.cut_b_done[y].q.val();
            self.key_rounds.next = self.cut_b_rounds[y].q.val();
            self.key_slot.next = self.cut_b_slot[y].q.val();
            self.key_tag.next = self.cut_b_tag[y].q.val();
        }

        self.mix_final.next = (self.mix_done.val() + self.one_4.val()) == self.mix_rounds.val();
        self.key_round.next = self.key_done.val() + self.one_4.val();
        self.last_round.next = self.key_round.val() == self.key_rounds.val();
        self.exit.next = self.key_valid.val() & self.last_round.val();
        self.keep.next = self.key_valid.val() & !self.last_round.val();
        self.advance.next = !self.out_full.q.val() | self.out_ready.val();

        self.latency.next = self.latency_128.val();
        if self.in_rounds.val() == self.rounds_192.val() {
            self.latency.next = self.latency_192.val();
        }
        if self.in_rounds.val() == self.rounds_256.val() {
            self.latency.next = self.latency_256.val();
        }
        self.in_ready.next =
            self.advance.val() & !self.keep.val() & (self.remaining.q.val() < self.latency.val()) & !self.reset.val();
        self.enter.next = self.in_valid.val() & self.in_ready.val();

        self.out_valid.next = self.out_full.q.val();
        self.out_tag.next = self.out_tag_register.q.val();
        self.busy.next = self.ring_valid.q.val() | self.out_full.q.val();
        for y in 0..self._cut_a {
            self.busy.next = self.busy.val() | self.cut_a_valid[y].q.val();
        }
        for y in 0..self._cut_b {
            self.busy.next = self.busy.val() | self.cut_b_valid[y].q.val();
        }
        self.idle.next = !self.busy.val();

        if self.advance.val() {
            for y in 0..self._cut_a {
                self.cut_a_valid[y].d.next = self.ring_valid.q.val();
                self.cut_a_done[y].d.next = self.ring_done.q.val();
                self.cut_a_rounds[y].d.next = self.ring_rounds.q.val();
                self.cut_a_slot[y].d.next = self.ring_slot.q.val();
                self.cut_a_tag[y].d.next = self.ring_tag.q.val();
            }
            for y in 0..self._cut_b {
                self.cut_b_valid[y].d.next = self.mix_valid.val();
                self.cut_b_done[y].d.next = self.mix_done.val();
                self.cut_b_rounds[y].d.next = self.mix_rounds.val();
                self.cut_b_slot[y].d.next = self.mix_slot.val();
                self.cut_b_tag[y].d.next = self.mix_tag.val();
            }
            self.ring_valid.d.next = false;
            if self.keep.val() {
                self.ring_valid.d.next = true;
                self.ring_done.d.next = self.key_round.val();
                self.ring_rounds.d.next = self.key_rounds.val();
                self.ring_slot.d.next = self.key_slot.val();
                self.ring_tag.d.next = self.key_tag.val();
            } else if self.enter.val() {
                self.ring_valid.d.next = true;
                self.ring_done.d.next = self.zero_4.val();
                self.ring_rounds.d.next = self.in_rounds.val();
                self.ring_slot.d.next = self.in_slot.val();
                self.ring_tag.d.next = self.in_tag.val();
            }
            self.out_full.d.next = self.exit.val();
            if self.exit.val() {
                self.out_tag_register.d.next = self.key_tag.val();
            }
            if self.enter.val() {
                self.remaining.d.next = self.latency.val() - self.one_6.val();
            } else if self.remaining.q.val() != self.zero_6.val() {
                self.remaining.d.next = self.remaining.q.val() - self.one_6.val();
            }
        }

        if self.reset.val() {
            self.ring_valid.d.next = false;
            self.ring_done.d.next = self.zero_4.val();
            self.ring_rounds.d.next = self.zero_4.val();
            self.ring_slot.d.next = self.zero_5.val();
            self.ring_tag.d.next = 0_u8.to_bits();
            for y in 0..self._cut_a {
                self.cut_a_valid[y].d.next = false;
                self.cut_a_done[y].d.next = self.zero_4.val();
                self.cut_a_rounds[y].d.next = self.zero_4.val();
                self.cut_a_slot[y].d.next = self.zero_5.val();
                self.cut_a_tag[y].d.next = 0_u8.to_bits();
            }
            for y in 0..self._cut_b {
                self.cut_b_valid[y].d.next = false;
                self.cut_b_done[y].d.next = self.zero_4.val();
                self.cut_b_rounds[y].d.next = self.zero_4.val();
                self.cut_b_slot[y].d.next = self.zero_5.val();
                self.cut_b_tag[y].d.next = 0_u8.to_bits();
            }
            self.out_full.d.next = false;
            self.out_tag_register.d.next = 0_u8.to_bits();
            self.remaining.d.next = self.zero_6.val();
        }
    }
}
