//! Keystream packer: collects groups of L keystream blocks from the round
//! core into bus words of W bits (B = W/128 block positions), behind a
//! two-entry output buffer whose `in_ready` is a register.
//!
//! Ports:
//! - `clock`, `reset` (synchronous: drops everything, zeroes the words);
//! - input groups: `in_valid`, `in_ready` (out, registered), `in_blocks[l]`
//!   (128 bits per lane), `in_tag` (the counter unit's [`GroupTag`], 8 bits:
//!   valid lanes, chunk = group index in its word, last group of the word,
//!   last group of the job);
//! - output words: `out_valid`, `out_ready` (in), `out_data` (W bits, block
//!   position p in bits 128p+127..128p), `out_lanes` (4 bits: positions that
//!   hold keystream of the job), `out_last` (last word of the job).
//!   Positions without a job block are zero: keystream beyond a job never
//!   leaves the engine;
//! - `idle` (out): nothing buffered.
//!
//! Latency: the group that completes a word is in `out_data` one cycle after
//! it is accepted. Throughput: one group per cycle (a word every B/L
//! groups); `in_ready` stays high while `out_ready` is high.

use crate::concat::Concat;
use crate::ctr_unit::GroupTag;
use crate::{constant, zero};
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct KeystreamPack<const W: usize> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub in_valid: Signal<In, Bit>,
    pub in_ready: Signal<Out, Bit>,
    pub in_blocks: Vec<Signal<In, Bits<128>>>,
    pub in_tag: Signal<In, Bits<8>>,
    /// `in_tag` by field
    in_group: Signal<Local, GroupTag>,
    /// `in_group.lanes` of lane l alone, and `in_group.chunk` value c
    lane_bit: Vec<Constant<Bits<4>>>,
    chunk_value: Vec<Constant<Bits<2>>>,
    pub out_valid: Signal<Out, Bit>,
    pub out_ready: Signal<In, Bit>,
    pub out_data: Signal<Out, Bits<W>>,
    pub out_lanes: Signal<Out, Bits<4>>,
    pub out_last: Signal<Out, Bit>,
    pub idle: Signal<Out, Bit>,
    // word being assembled
    positions: Vec<DFF<Bits<128>>>,
    filled: DFF<Bits<4>>,
    word: Concat<128, W>,
    word_parts: Vec<Signal<Local, Bits<128>>>,
    word_lanes: Signal<Local, Bits<4>>,
    /// `word_lanes` of block position p alone
    position_bit: Vec<Constant<Bits<4>>>,
    // output buffer: main register and skid register
    main_valid: DFF<Bit>,
    main_data: DFF<Bits<W>>,
    main_lanes: DFF<Bits<4>>,
    main_last: DFF<Bit>,
    skid_valid: DFF<Bit>,
    skid_data: DFF<Bits<W>>,
    skid_lanes: DFF<Bits<4>>,
    skid_last: DFF<Bit>,
    push: Signal<Local, Bit>,
    pop: Signal<Local, Bit>,
    accept: Signal<Local, Bit>,
    zero_4: Constant<Bits<4>>,
    zero_word: Constant<Bits<W>>,
    _lanes: usize,
    _chunks: usize,
    _positions: usize,
}

impl<const W: usize> KeystreamPack<W> {
    pub fn new(lanes: usize) -> Self {
        let blocks = W / 128;
        assert!(W.is_multiple_of(128) && [1, 2, 4].contains(&blocks) && [1, 2, 4].contains(&lanes) && lanes <= blocks);
        KeystreamPack {
            clock: Signal::default(),
            reset: Signal::default(),
            in_valid: Signal::default(),
            in_ready: Signal::default(),
            in_blocks: (0..lanes).map(|_| Signal::default()).collect(),
            in_tag: Signal::default(),
            in_group: Signal::default(),
            lane_bit: GroupTag::lane_bits(lanes),
            chunk_value: (0..blocks / lanes).map(|c| constant(c as u64)).collect(),
            out_valid: Signal::default(),
            out_ready: Signal::default(),
            out_data: Signal::default(),
            out_lanes: Signal::default(),
            out_last: Signal::default(),
            idle: Signal::default(),
            positions: crate::many(blocks),
            filled: Default::default(),
            word: Concat::new(blocks),
            word_parts: (0..blocks).map(|_| Signal::default()).collect(),
            word_lanes: Signal::default(),
            position_bit: (0..blocks).map(|p| constant(1u64 << p)).collect(),
            main_valid: Default::default(),
            main_data: Default::default(),
            main_lanes: Default::default(),
            main_last: Default::default(),
            skid_valid: Default::default(),
            skid_data: Default::default(),
            skid_lanes: Default::default(),
            skid_last: Default::default(),
            push: Signal::default(),
            pop: Signal::default(),
            accept: Signal::default(),
            zero_4: zero(),
            zero_word: Constant::new(Bits::<W>::default()),
            _lanes: lanes,
            _chunks: blocks / lanes,
            _positions: blocks,
        }
    }
}

impl<const W: usize> Logic for KeystreamPack<W> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self, clock, filled, main_valid, main_data, main_lanes, main_last, skid_valid, skid_data, skid_lanes,
            skid_last
        );
        for p in 0..self._positions {
            self.positions[p].clock.next = self.clock.val();
            self.positions[p].d.next = self.positions[p].q.val();
            self.word_parts[p].next = self.positions[p].q.val();
        }

        self.in_group.next = self.in_tag.val().into();

        // Place the incoming group's valid lanes at positions chunk * L + lane.
        self.word_lanes.next = self.filled.q.val();
        for lane_count in self._lanes..(self._lanes + 1) {
            for c in 0..self._chunks {
                for l in 0..self._lanes {
                    if (self.in_group.val().chunk == self.chunk_value[c].val())
                        & (self.in_group.val().lanes & self.lane_bit[l].val()).any()
                    {
                        self.word_parts[c * lane_count + l].next = self.in_blocks[l].val();
                        self.word_lanes.next = self.word_lanes.val() | self.position_bit[c * lane_count + l].val();
                    }
                }
            }
        }
        for p in 0..self._positions {
            self.word.parts[p].next = self.word_parts[p].val();
        }

        self.in_ready.next = !self.skid_valid.q.val();
        self.accept.next = self.in_valid.val() & !self.skid_valid.q.val();
        self.push.next = self.accept.val() & self.in_group.val().word_last;
        self.pop.next = self.main_valid.q.val() & self.out_ready.val();
        self.out_valid.next = self.main_valid.q.val();
        self.out_data.next = self.main_data.q.val();
        self.out_lanes.next = self.main_lanes.q.val();
        self.out_last.next = self.main_last.q.val();
        self.idle.next =
            !self.main_valid.q.val() & !self.skid_valid.q.val() & (self.filled.q.val() == self.zero_4.val());

        if self.accept.val() {
            if self.push.val() {
                self.filled.d.next = self.zero_4.val();
                for p in 0..self._positions {
                    self.positions[p].d.next = 0_u128.to_bits();
                }
            } else {
                self.filled.d.next = self.word_lanes.val();
                for p in 0..self._positions {
                    self.positions[p].d.next = self.word_parts[p].val();
                }
            }
        }

        if self.pop.val() {
            if self.skid_valid.q.val() {
                self.main_data.d.next = self.skid_data.q.val();
                self.main_lanes.d.next = self.skid_lanes.q.val();
                self.main_last.d.next = self.skid_last.q.val();
                self.skid_valid.d.next = false;
                self.skid_data.d.next = self.zero_word.val();
            } else if self.push.val() {
                self.main_data.d.next = self.word.whole.val();
                self.main_lanes.d.next = self.word_lanes.val();
                self.main_last.d.next = self.in_group.val().job_last;
            } else {
                self.main_valid.d.next = false;
                self.main_data.d.next = self.zero_word.val();
            }
        } else if self.push.val() {
            if self.main_valid.q.val() {
                self.skid_valid.d.next = true;
                self.skid_data.d.next = self.word.whole.val();
                self.skid_lanes.d.next = self.word_lanes.val();
                self.skid_last.d.next = self.in_group.val().job_last;
            } else {
                self.main_valid.d.next = true;
                self.main_data.d.next = self.word.whole.val();
                self.main_lanes.d.next = self.word_lanes.val();
                self.main_last.d.next = self.in_group.val().job_last;
            }
        }

        if self.reset.val() {
            self.filled.d.next = self.zero_4.val();
            for p in 0..self._positions {
                self.positions[p].d.next = 0_u128.to_bits();
            }
            self.main_valid.d.next = false;
            self.main_data.d.next = self.zero_word.val();
            self.main_lanes.d.next = self.zero_4.val();
            self.main_last.d.next = false;
            self.skid_valid.d.next = false;
            self.skid_data.d.next = self.zero_word.val();
            self.skid_lanes.d.next = self.zero_4.val();
            self.skid_last.d.next = false;
        }
    }
}
