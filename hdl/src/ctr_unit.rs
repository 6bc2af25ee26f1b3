//! Counter unit: turns a job (counter block C0, counter width w, number of
//! blocks n, position of the first block in the bus word) into groups of L
//! counter blocks for the round core (SPEC §3: C(j+1) increments the low w
//! bits of C(j) as a big-endian integer modulo 2^w, other bits unchanged).
//!
//! Ports:
//! - `clock`, `reset` (synchronous: drops the job);
//! - job: `job_valid`, `job_ready` (out), `job_counter` (128, block byte
//!   order: byte 0 in bits 7..0), `job_width` (0 = 128, 1 = 64, 2 = 32 bits;
//!   3 is treated as 128 — callers validate), `job_blocks` (32 bits, n; 0 is
//!   accepted and produces nothing), `job_offset` (2 bits: block position of
//!   block 0 in its bus word, < blocks per word), `job_slot`, `job_rounds`
//!   (passed through with every group);
//! - output groups: `out_valid`, `out_ready` (in), `out_blocks[l]` (counter
//!   block of lane l), `out_slot`, `out_rounds`, `out_tag`: a [`GroupTag`]
//!   (lanes holding a block of the job, chunk, last group of its word, last
//!   group of the job) as 8 bits, the width the round core carries;
//! - `idle` (out): no job in progress.
//!
//! Positions: block j of the job sits at position p = job_offset + j of the
//! bus-word stream (word p / B, lane p mod B). Groups cover positions in
//! steps of L; groups without any block (before the offset) are skipped, so
//! the first group may start with empty lanes and the last may end with
//! some. Timing: job accepted in cycle t, first group valid in t+1, then one
//! group per cycle while `out_ready`; `job_ready` returns in the cycle after
//! the last group is taken. Counters are kept per lane as integers (byte
//! reversed) and each lane adds L per group (L adders of 128 bits, masked
//! to w bits).

use crate::byte_reverse::ByteReverse;
use crate::{constant, zero};
use rust_hdl::prelude::*;

/// The side-band of one group of L counter blocks: written by the counter unit, carried through
/// the round core as its 8-bit `in_tag`/`out_tag`, read by the keystream packer. Fields from bit 0.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct GroupTag {
    /// Lanes holding a block of the job (bit l = lane l).
    pub lanes: Bits<4>,
    /// Index of this group in its bus word (a word of B blocks is B/L groups).
    pub chunk: Bits<2>,
    /// Last group of its bus word.
    pub word_last: Bit,
    /// Last group of the job.
    pub job_last: Bit,
}

impl GroupTag {
    /// The `lanes` value of lane l alone (bit l), for l in 0..`lanes`: the counter unit builds
    /// the field from them, the keystream packer tests it with them.
    pub fn lane_bits(lanes: usize) -> Vec<Constant<Bits<4>>> {
        assert!(lanes <= 4);
        (0..lanes).map(|l| constant(1u64 << l)).collect()
    }
}

/// The tag as the round core carries it (the packer's view of its `in_tag`).
impl From<Bits<8>> for GroupTag {
    fn from(bits: Bits<8>) -> GroupTag {
        let layout = GroupTag::default();
        GroupTag {
            lanes: bits.get_bits::<4>(layout.get_my_offset_lanes()),
            chunk: bits.get_bits::<2>(layout.get_my_offset_chunk()),
            word_last: bits.get_bit(layout.get_my_offset_word_last()),
            job_last: bits.get_bit(layout.get_my_offset_job_last()),
        }
    }
}

#[derive(LogicBlock)]
pub struct CtrUnit {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub job_valid: Signal<In, Bit>,
    pub job_ready: Signal<Out, Bit>,
    pub job_counter: Signal<In, Bits<128>>,
    pub job_width: Signal<In, Bits<2>>,
    pub job_blocks: Signal<In, Bits<32>>,
    pub job_offset: Signal<In, Bits<2>>,
    pub job_slot: Signal<In, Bits<5>>,
    pub job_rounds: Signal<In, Bits<4>>,
    pub out_valid: Signal<Out, Bit>,
    pub out_ready: Signal<In, Bit>,
    pub out_blocks: Vec<Signal<Out, Bits<128>>>,
    pub out_slot: Signal<Out, Bits<5>>,
    pub out_rounds: Signal<Out, Bits<4>>,
    pub out_tag: Signal<Out, Bits<8>>,
    pub idle: Signal<Out, Bit>,
    // state
    active: DFF<Bit>,
    counters: Vec<DFF<Bits<128>>>,
    width_mask: DFF<Bits<128>>,
    left: DFF<Bits<32>>,
    skip: DFF<Bits<32>>,
    chunk: DFF<Bits<8>>,
    slot: DFF<Bits<5>>,
    rounds: DFF<Bits<4>>,
    // datapath
    counter_in: ByteReverse,
    counters_out: Vec<ByteReverse>,
    add_base: Vec<Signal<Local, Bits<128>>>,
    add_delta: Vec<Signal<Local, Bits<128>>>,
    add_sum: Vec<Signal<Local, Bits<128>>>,
    start_skip: Signal<Local, Bits<32>>,
    start_chunk: Signal<Local, Bits<8>>,
    start_mask: Signal<Local, Bits<128>>,
    available: Signal<Local, Bits<32>>,
    job_last: Signal<Local, Bit>,
    word_last: Signal<Local, Bit>,
    lane_mask: Signal<Local, Bits<4>>,
    tag: Signal<Local, GroupTag>,
    take: Signal<Local, Bit>,
    accept: Signal<Local, Bit>,
    // constants
    lane_index: Vec<Constant<Bits<32>>>,
    lane_bit: Vec<Constant<Bits<4>>>,
    /// (lane - skip) mod 2^128 at index lane * L + skip, for the first group
    start_delta: Vec<Constant<Bits<128>>>,
    step: Constant<Bits<128>>,
    offset_value: Vec<Constant<Bits<2>>>,
    offset_skip: Vec<Constant<Bits<32>>>,
    offset_chunk: Vec<Constant<Bits<8>>>,
    lanes_32: Constant<Bits<32>>,
    last_chunk: Constant<Bits<8>>,
    chunk_step: Constant<Bits<8>>,
    mask_128: Constant<Bits<128>>,
    mask_64: Constant<Bits<128>>,
    mask_32: Constant<Bits<128>>,
    width_64: Constant<Bits<2>>,
    width_32: Constant<Bits<2>>,
    zero_4: Constant<Bits<4>>,
    zero_5: Constant<Bits<5>>,
    _lanes: usize,
    _blocks_per_word: usize,
}

impl CtrUnit {
    /// A counter unit for `lanes` lanes and a bus word of `blocks_per_word` blocks.
    pub fn new(lanes: usize, blocks_per_word: usize) -> Self {
        assert!([1, 2, 4].contains(&lanes) && [1, 2, 4].contains(&blocks_per_word) && lanes <= blocks_per_word);
        let chunks = blocks_per_word / lanes;
        let c128 = |v: u128| Constant::new(v.to_bits::<128>());
        let mut start_delta = Vec::new();
        for lane in 0..lanes {
            for skip in 0..lanes {
                start_delta.push(c128((lane as u128).wrapping_sub(skip as u128)));
            }
        }
        CtrUnit {
            clock: Signal::default(),
            reset: Signal::default(),
            job_valid: Signal::default(),
            job_ready: Signal::default(),
            job_counter: Signal::default(),
            job_width: Signal::default(),
            job_blocks: Signal::default(),
            job_offset: Signal::default(),
            job_slot: Signal::default(),
            job_rounds: Signal::default(),
            out_valid: Signal::default(),
            out_ready: Signal::default(),
            out_blocks: (0..lanes).map(|_| Signal::default()).collect(),
            out_slot: Signal::default(),
            out_rounds: Signal::default(),
            out_tag: Signal::default(),
            idle: Signal::default(),
            active: Default::default(),
            counters: crate::many(lanes),
            width_mask: Default::default(),
            left: Default::default(),
            skip: Default::default(),
            chunk: Default::default(),
            slot: Default::default(),
            rounds: Default::default(),
            counter_in: Default::default(),
            counters_out: crate::many(lanes),
            add_base: (0..lanes).map(|_| Signal::default()).collect(),
            add_delta: (0..lanes).map(|_| Signal::default()).collect(),
            add_sum: (0..lanes).map(|_| Signal::default()).collect(),
            start_skip: Signal::default(),
            start_chunk: Signal::default(),
            start_mask: Signal::default(),
            available: Signal::default(),
            job_last: Signal::default(),
            word_last: Signal::default(),
            lane_mask: Signal::default(),
            tag: Signal::default(),
            take: Signal::default(),
            accept: Signal::default(),
            lane_index: (0..lanes).map(|l| constant(l as u64)).collect(),
            lane_bit: GroupTag::lane_bits(lanes),
            start_delta,
            step: c128(lanes as u128),
            offset_value: (0..blocks_per_word).map(|o| constant(o as u64)).collect(),
            offset_skip: (0..blocks_per_word).map(|o| Constant::new(((o % lanes) as u64).to_bits())).collect(),
            offset_chunk: (0..blocks_per_word).map(|o| Constant::new((((o / lanes) as u64) << 4).to_bits())).collect(),
            lanes_32: constant(lanes as u64),
            last_chunk: Constant::new((((chunks - 1) as u64) << 4).to_bits()),
            chunk_step: constant(1u64 << 4),
            mask_128: c128(u128::MAX),
            mask_64: c128(u64::MAX as u128),
            mask_32: c128(u32::MAX as u128),
            width_64: constant(1),
            width_32: constant(2),
            zero_4: zero(),
            zero_5: zero(),
            _lanes: lanes,
            _blocks_per_word: blocks_per_word,
        }
    }
}

impl Logic for CtrUnit {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, active, width_mask, left, skip, chunk, slot, rounds);
        for l in 0..self._lanes {
            self.counters[l].clock.next = self.clock.val();
            self.counters[l].d.next = self.counters[l].q.val();
        }

        // ---- the current group ------------------------------------------------
        self.available.next = self.lanes_32.val() - self.skip.q.val();
        self.job_last.next = self.left.q.val() <= self.available.val();
        self.word_last.next = self.job_last.val() | (self.chunk.q.val() == self.last_chunk.val());
        self.lane_mask.next = self.zero_4.val();
        for l in 0..self._lanes {
            if (self.lane_index[l].val() >= self.skip.q.val())
                & ((self.lane_index[l].val() - self.skip.q.val()) < self.left.q.val())
            {
                self.lane_mask.next = self.lane_mask.val() | self.lane_bit[l].val();
            }
        }
        self.out_valid.next = self.active.q.val();
        self.out_slot.next = self.slot.q.val();
        self.out_rounds.next = self.rounds.q.val();
        self.tag.next.lanes = self.lane_mask.val();
        self.tag.next.chunk = self.chunk.q.val().get_bits::<2>(4);
        self.tag.next.word_last = self.word_last.val();
        self.tag.next.job_last = self.job_last.val();
        self.out_tag.next = self.tag.val().into();
        for l in 0..self._lanes {
            self.counters_out[l].word_in.next = self.counters[l].q.val();
            self.out_blocks[l].next = self.counters_out[l].word_out.val();
        }
        self.idle.next = !self.active.q.val();
        self.job_ready.next = !self.active.q.val() & !self.reset.val();
        self.take.next = self.active.q.val() & self.out_ready.val();
        self.accept.next = self.job_valid.val() & self.job_ready.val();

        // ---- a new job ----------------------------------------------------------
        self.counter_in.word_in.next = self.job_counter.val();
        self.start_skip.next = 0_u32.to_bits();
        self.start_chunk.next = 0_u8.to_bits();
        for o in 0..self._blocks_per_word {
            if self.job_offset.val() == self.offset_value[o].val() {
                self.start_skip.next = self.offset_skip[o].val();
                self.start_chunk.next = self.offset_chunk[o].val();
            }
        }
        self.start_mask.next = self.mask_128.val();
        if self.job_width.val() == self.width_64.val() {
            self.start_mask.next = self.mask_64.val();
        }
        if self.job_width.val() == self.width_32.val() {
            self.start_mask.next = self.mask_32.val();
        }

        // ---- counters: one adder per lane, low w bits wrap ----------------------
        for lane_count in self._lanes..(self._lanes + 1) {
            for l in 0..self._lanes {
                self.add_base[l].next = self.counters[l].q.val();
                self.add_delta[l].next = self.step.val();
                if !self.active.q.val() {
                    self.add_base[l].next = self.counter_in.word_out.val();
                    self.add_delta[l].next = 0_u128.to_bits();
                    for s in 0..self._lanes {
                        if self.start_skip.val() == self.lane_index[s].val() {
                            self.add_delta[l].next = self.start_delta[l * lane_count + s].val();
                        }
                    }
                }
                self.add_sum[l].next = self.add_base[l].val() + self.add_delta[l].val();
                if self.active.q.val() {
                    self.add_sum[l].next = (self.add_sum[l].val() & self.width_mask.q.val())
                        | (self.add_base[l].val() & !self.width_mask.q.val());
                } else {
                    self.add_sum[l].next = (self.add_sum[l].val() & self.start_mask.val())
                        | (self.add_base[l].val() & !self.start_mask.val());
                }
            }
        }

        if self.take.val() {
            self.skip.d.next = 0_u32.to_bits();
            self.left.d.next = self.left.q.val() - self.available.val();
            self.chunk.d.next = self.chunk.q.val() + self.chunk_step.val();
            if self.chunk.q.val() == self.last_chunk.val() {
                self.chunk.d.next = 0_u8.to_bits();
            }
            for l in 0..self._lanes {
                self.counters[l].d.next = self.add_sum[l].val();
            }
            if self.job_last.val() {
                self.active.d.next = false;
                self.left.d.next = 0_u32.to_bits();
            }
        }
        if self.accept.val() {
            self.active.d.next = self.job_blocks.val() != 0_u32.to_bits();
            self.width_mask.d.next = self.start_mask.val();
            self.left.d.next = self.job_blocks.val();
            self.skip.d.next = self.start_skip.val();
            self.chunk.d.next = self.start_chunk.val();
            self.slot.d.next = self.job_slot.val();
            self.rounds.d.next = self.job_rounds.val();
            for l in 0..self._lanes {
                self.counters[l].d.next = self.add_sum[l].val();
            }
        }
        if self.reset.val() {
            self.active.d.next = false;
            self.width_mask.d.next = 0_u128.to_bits();
            self.left.d.next = 0_u32.to_bits();
            self.skip.d.next = 0_u32.to_bits();
            self.chunk.d.next = 0_u8.to_bits();
            self.slot.d.next = self.zero_5.val();
            self.rounds.d.next = self.zero_4.val();
            for l in 0..self._lanes {
                self.counters[l].d.next = 0_u128.to_bits();
            }
        }
    }
}
