//! Keystream merge: realigns each job's source beats to the destination's bus alignment, XORs them
//! with the engine's keystream (already aligned to the destination: the engine is started with the
//! destination's 16-byte position) in a [`KeystreamXor`], and cuts the output at a read error.
//!
//! Alignment (B = bus bytes, L = B/16 block positions per word): src and dst are 16-byte aligned
//! but may sit at different block positions `s0`, `d0` of their words. Destination word j is a
//! window of the last two source words: lanes [L-q, L) of the previous word followed by lanes
//! [0, L-q) of the current one, q = (d0 - s0) mod L. When d0 < s0 the first source word only
//! primes the window (`skip`); one extra word with no new source (`flush`) ends a job whose
//! destination spans one more word than its source. With a 128-bit bus the window is the current
//! word.
//!
//! Read errors (docs/behaviour.md "Faults"): when source word e of the job is the first with an
//! error, the job produces R = max(0, e*B - 16*s0) bytes: only the destination words holding
//! `[dst, dst+R)` are emitted (strobes cut at R; the XOR zeroes every byte outside the strobes),
//! then the job's remaining source words and keystream words are drained and dropped.
//!
//! Ports: job commands `cmd_valid`/`cmd_ready`, `cmd_length` (bytes, > 0), `cmd_src_position`,
//! `cmd_dst_position` (2 bits each); source words `src_valid`, `src_pop`, `src_data`, `src_error`;
//! keystream words `ks_valid`, `ks_ready`, `ks_data`; result words `out_valid`, `out_ready`,
//! `out_data`, `out_strobe`; per job an end record `end_valid` (pulse) with `end_bytes` (bytes
//! produced) and `end_read_error`, pushed no later than the cycle after its last result word.
//!
//! Short paths (issue 15): what a read error on the source word being taken would leave (R, the
//! bytes from the current destination word to the new end, the destination word count) is kept
//! in running registers stepped by one bus word per source or destination word, so the error
//! cycle only selects between registers; the strobes' end comes from a byte count register and a
//! bit test (no subtract or compare of byte offsets in the strobe path).
//!
//! Throughput: one destination word per cycle; latency: one cycle through the XOR buffer.

use super::join::Widen;
use crate::concat::Concat;
use crate::keystream_xor::KeystreamXor;
use crate::{constant, zero};
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct KeystreamMerge<const W: usize, const S: usize, const W2: usize> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub cmd_valid: Signal<In, Bit>,
    pub cmd_ready: Signal<Out, Bit>,
    pub cmd_length: Signal<In, Bits<32>>,
    pub cmd_src_position: Signal<In, Bits<2>>,
    pub cmd_dst_position: Signal<In, Bits<2>>,
    pub src_valid: Signal<In, Bit>,
    pub src_pop: Signal<Out, Bit>,
    pub src_data: Signal<In, Bits<W>>,
    pub src_error: Signal<In, Bit>,
    pub ks_valid: Signal<In, Bit>,
    pub ks_ready: Signal<Out, Bit>,
    pub ks_data: Signal<In, Bits<W>>,
    pub out_valid: Signal<Out, Bit>,
    pub out_ready: Signal<In, Bit>,
    pub out_data: Signal<Out, Bits<W>>,
    pub out_strobe: Signal<Out, Bits<S>>,
    pub end_valid: Signal<Out, Bit>,
    pub end_bytes: Signal<Out, Bits<32>>,
    pub end_read_error: Signal<Out, Bit>,
    xor_unit: KeystreamXor<W, S>,
    window: Concat<W, W2>,
    // job state
    active: DFF<Bit>,
    length: DFF<Bits<32>>,
    src_position: DFF<Bits<2>>,
    dst_position: DFF<Bits<2>>,
    shift: DFF<Bits<2>>,
    skip: DFF<Bit>,
    src_beats: DFF<Bits<34>>,
    dst_beats: DFF<Bits<34>>,
    out_beats: DFF<Bits<34>>,
    src_taken: DFF<Bits<34>>,
    ks_taken: DFF<Bits<34>>,
    out_made: DFF<Bits<34>>,
    left: DFF<Bits<34>>,
    error_left: DFF<Bits<34>>,
    prefix: DFF<Bits<34>>,
    error_out_beats: DFF<Bits<34>>,
    out_next: DFF<Bits<34>>,
    src_none: DFF<Bit>,
    produced: DFF<Bits<32>>,
    error_seen: DFF<Bit>,
    end_pushed: DFF<Bit>,
    previous: DFF<Bits<W>>,
    // combinational
    load: Signal<Local, Bit>,
    src_more: Signal<Local, Bit>,
    error_now: Signal<Local, Bit>,
    read_prefix: Signal<Local, Bits<34>>,
    out_beats_now: Signal<Local, Bits<34>>,
    more_out_now: Signal<Local, Bit>,
    last_out_now: Signal<Local, Bit>,
    left_now: Signal<Local, Bits<34>>,
    left_words: Signal<Local, Bits<34>>,
    left_step: Signal<Local, Bits<34>>,
    error_left_step: Signal<Local, Bits<34>>,
    first_left: Signal<Local, Bits<34>>,
    first_left_step: Signal<Local, Bits<34>>,
    unused_prefix_top: Signal<Local, Bits<2>>,
    triggered: Signal<Local, Bit>,
    flushing: Signal<Local, Bit>,
    feeding: Signal<Local, Bit>,
    taken: Signal<Local, Bit>,
    current: Signal<Local, Bits<W>>,
    upper_bytes: Signal<Local, Bits<8>>,
    lower_bytes: Signal<Local, Bits<8>>,
    strobe: Signal<Local, Bits<S>>,
    drain_keystream: Signal<Local, Bit>,
    ks_taken_now: Signal<Local, Bit>,
    job_done: Signal<Local, Bit>,
    cmd_src_bytes: Signal<Local, Bits<34>>,
    cmd_dst_bytes: Signal<Local, Bits<34>>,
    cmd_dst_start: Signal<Local, Bits<34>>,
    window_lane: Signal<Local, Bits<3>>,
    unused_result_last: Signal<Local, Bit>,
    shift_wide: Widen<2, 3>,
    dst_position_wide: Widen<2, 34>,
    dst_position_byte: Widen<2, 8>,
    cmd_src_wide: Widen<2, 34>,
    cmd_dst_wide: Widen<2, 34>,
    cmd_length_wide: Widen<32, 34>,
    lane_values: Vec<Constant<Bits<3>>>,
    _lanes: usize,
    // constants
    bus_bytes: Constant<Bits<34>>,
    bus_bytes_minus_one: Constant<Bits<34>>,
    bus_bytes8: Constant<Bits<8>>,
    log2_bus_bytes: Constant<Bits<3>>,
    lane_mask: Constant<Bits<2>>,
    lanes: Constant<Bits<3>>,
    ones: Constant<Bits<S>>,
    zero_word: Constant<Bits<W>>,
    one34: Constant<Bits<34>>,
    zero_2: Constant<Bits<2>>,
    zero_34: Constant<Bits<34>>,
}

impl<const W: usize, const S: usize, const W2: usize> KeystreamMerge<W, S, W2> {
    pub fn new() -> Self {
        assert!(W == 8 * S && W2 == 2 * W && (W == 128 || W == 256 || W == 512));
        let lanes = (W / 128) as u64;
        KeystreamMerge {
            clock: Default::default(),
            reset: Default::default(),
            cmd_valid: Default::default(),
            cmd_ready: Default::default(),
            cmd_length: Default::default(),
            cmd_src_position: Default::default(),
            cmd_dst_position: Default::default(),
            src_valid: Default::default(),
            src_pop: Default::default(),
            src_data: Default::default(),
            src_error: Default::default(),
            ks_valid: Default::default(),
            ks_ready: Default::default(),
            ks_data: Default::default(),
            out_valid: Default::default(),
            out_ready: Default::default(),
            out_data: Default::default(),
            out_strobe: Default::default(),
            end_valid: Default::default(),
            end_bytes: Default::default(),
            end_read_error: Default::default(),
            xor_unit: KeystreamXor::new(),
            window: Concat::new(2),
            active: Default::default(),
            length: Default::default(),
            src_position: Default::default(),
            dst_position: Default::default(),
            shift: Default::default(),
            skip: Default::default(),
            src_beats: Default::default(),
            dst_beats: Default::default(),
            out_beats: Default::default(),
            src_taken: Default::default(),
            ks_taken: Default::default(),
            out_made: Default::default(),
            left: Default::default(),
            error_left: Default::default(),
            prefix: Default::default(),
            error_out_beats: Default::default(),
            out_next: Default::default(),
            src_none: Default::default(),
            produced: Default::default(),
            error_seen: Default::default(),
            end_pushed: Default::default(),
            previous: Default::default(),
            load: Default::default(),
            src_more: Default::default(),
            error_now: Default::default(),
            read_prefix: Default::default(),
            out_beats_now: Default::default(),
            more_out_now: Default::default(),
            last_out_now: Default::default(),
            left_now: Default::default(),
            left_words: Default::default(),
            left_step: Default::default(),
            error_left_step: Default::default(),
            first_left: Default::default(),
            first_left_step: Default::default(),
            unused_prefix_top: Default::default(),
            triggered: Default::default(),
            flushing: Default::default(),
            feeding: Default::default(),
            taken: Default::default(),
            current: Default::default(),
            upper_bytes: Default::default(),
            lower_bytes: Default::default(),
            strobe: Default::default(),
            drain_keystream: Default::default(),
            ks_taken_now: Default::default(),
            job_done: Default::default(),
            cmd_src_bytes: Default::default(),
            cmd_dst_bytes: Default::default(),
            cmd_dst_start: Default::default(),
            window_lane: Default::default(),
            unused_result_last: Default::default(),
            shift_wide: Default::default(),
            dst_position_wide: Default::default(),
            dst_position_byte: Default::default(),
            cmd_src_wide: Default::default(),
            cmd_dst_wide: Default::default(),
            cmd_length_wide: Default::default(),
            lane_values: (1..=lanes).map(|l| Constant::new(l.to_bits())).collect(),
            _lanes: lanes as usize,
            bus_bytes: Constant::new(((W / 8) as u64).to_bits()),
            bus_bytes_minus_one: Constant::new(((W / 8 - 1) as u64).to_bits()),
            bus_bytes8: Constant::new(((W / 8) as u64).to_bits()),
            log2_bus_bytes: Constant::new(((W / 8).trailing_zeros() as u64).to_bits()),
            lane_mask: constant(lanes - 1),
            lanes: Constant::new(lanes.to_bits()),
            ones: Constant::new(Bits::<S>::mask()),
            zero_word: Constant::new(Bits::<W>::default()),
            one34: constant(1),
            zero_2: zero(),
            zero_34: zero(),
        }
    }
}

impl<const W: usize, const S: usize, const W2: usize> Default for KeystreamMerge<W, S, W2> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const W: usize, const S: usize, const W2: usize> Logic for KeystreamMerge<W, S, W2> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            active,
            length,
            src_position,
            dst_position,
            shift,
            skip,
            src_beats,
            dst_beats,
            out_beats,
            src_taken,
            ks_taken,
            out_made,
            left,
            error_left,
            prefix,
            error_out_beats,
            out_next,
            src_none,
            produced,
            error_seen,
            end_pushed,
            previous
        );
        self.xor_unit.clock.next = self.clock.val();
        self.xor_unit.reset.next = self.reset.val();

        // ---- error on the source word being taken -------------------------------------
        self.src_more.next = self.active.q.val() && (self.src_taken.q.val() != self.src_beats.q.val());
        self.error_now.next =
            self.src_more.val() && self.src_valid.val() && self.src_error.val() && !self.error_seen.q.val();
        self.dst_position_wide.part.next = self.dst_position.q.val();
        self.dst_position_byte.part.next = self.dst_position.q.val();
        // What a read error on the word being taken would leave, all from registers kept per source
        // word: R = prefix (src_taken * B - 16 * s0, 0 before the first word), bytes from the current
        // destination word to the new end = error_left, destination words = error_out_beats
        // (src_taken + (d0 > s0), none before the first word).
        self.first_left.next = self.dst_position_wide.whole.val() << 4;
        self.first_left_step.next = self.first_left.val() - self.bus_bytes.val();
        self.read_prefix.next = self.prefix.q.val();
        if self.src_none.q.val() {
            self.read_prefix.next = self.zero_34.val();
        }
        self.unused_prefix_top.next = self.read_prefix.val().get_bits::<2>(32);
        self.left_now.next = self.left.q.val();
        self.out_beats_now.next = self.out_beats.q.val();
        // The word-count compares against each candidate, from registers; the error only selects.
        self.more_out_now.next = self.out_made.q.val() != self.out_beats.q.val();
        self.last_out_now.next = self.out_next.q.val() == self.out_beats.q.val();
        if self.error_now.val() {
            self.left_now.next = self.error_left.q.val();
            self.out_beats_now.next = self.error_out_beats.q.val();
            self.more_out_now.next = self.out_made.q.val() != self.error_out_beats.q.val();
            self.last_out_now.next = self.out_next.q.val() == self.error_out_beats.q.val();
            if self.src_none.q.val() {
                self.left_now.next = self.first_left.val();
                self.out_beats_now.next = self.zero_34.val();
                self.more_out_now.next = self.out_made.q.val().any();
                self.last_out_now.next = !self.out_next.q.val().any();
            }
        }

        // ---- window and strobes of the next destination word ------------------------------
        self.triggered.next = self.src_more.val()
            && self.src_valid.val()
            && (!self.skip.q.val() || !self.src_none.q.val())
            && self.more_out_now.val();
        self.flushing.next = self.active.q.val()
            && (self.src_taken.q.val() == self.src_beats.q.val())
            && (self.out_made.q.val() != self.out_beats.q.val());
        self.current.next = self.src_data.val();
        if self.flushing.val() {
            self.current.next = self.zero_word.val();
        }
        self.window.parts[0].next = self.previous.q.val();
        self.window.parts[1].next = self.current.val();
        // Bytes of this word before the produced end, and before the destination start.
        self.left_words.next = self.left_now.val() >> self.log2_bus_bytes.val();
        self.upper_bytes.next = self.bus_bytes8.val();
        if !self.left_words.val().any() {
            self.upper_bytes.next = self.left_now.val().get_bits::<8>(0);
        }
        self.lower_bytes.next = 0_u8.to_bits();
        if !self.out_made.q.val().any() {
            self.lower_bytes.next = self.dst_position_byte.whole.val() << 4;
        }
        self.strobe.next = (self.ones.val() >> (self.bus_bytes8.val() - self.upper_bytes.val()))
            & (self.ones.val() << self.lower_bytes.val());
        // Window start lane L - q (1..=L): a small mux over literal offsets.
        self.shift_wide.part.next = self.shift.q.val();
        self.window_lane.next = self.lanes.val() - self.shift_wide.whole.val();
        self.xor_unit.source_data.next = self.window.whole.val().get_bits::<W>(0);
        for lane in 1..(self._lanes + 1) {
            if self.window_lane.val() == self.lane_values[lane - 1].val() {
                self.xor_unit.source_data.next = self.window.whole.val().get_bits::<W>(lane * 128);
            }
        }
        self.xor_unit.source_strobe.next = self.strobe.val();
        self.xor_unit.source_last.next = self.last_out_now.val();
        self.feeding.next = self.triggered.val() || self.flushing.val();
        self.xor_unit.source_valid.next = self.feeding.val();
        self.taken.next = self.feeding.val() && self.xor_unit.source_ready.val();

        // ---- keystream: into the XOR, or drained after a read error --------------------------
        self.drain_keystream.next = self.active.q.val()
            && (self.out_made.q.val() == self.out_beats.q.val())
            && (self.ks_taken.q.val() != self.dst_beats.q.val());
        self.xor_unit.keystream_data.next = self.ks_data.val();
        self.xor_unit.keystream_valid.next = self.ks_valid.val() && !self.drain_keystream.val();
        self.ks_ready.next = self.xor_unit.keystream_ready.val();
        if self.drain_keystream.val() {
            self.ks_ready.next = true;
        }
        self.ks_taken_now.next =
            self.ks_valid.val() && (self.xor_unit.keystream_ready.val() || self.drain_keystream.val());

        // ---- source pops: a word that feeds the XOR, primes the window or is drained ---------
        self.src_pop.next = false;
        if self.src_more.val() && self.src_valid.val() {
            if self.triggered.val() {
                self.src_pop.next = self.xor_unit.source_ready.val();
            } else {
                self.src_pop.next = true;
            }
        }

        // ---- results ---------------------------------------------------------------------------
        self.out_valid.next = self.xor_unit.result_valid.val();
        self.out_data.next = self.xor_unit.result_data.val();
        self.out_strobe.next = self.xor_unit.result_strobe.val();
        self.xor_unit.result_ready.next = self.out_ready.val();
        self.unused_result_last.next = self.xor_unit.result_last.val();

        // ---- state updates -----------------------------------------------------------------------
        if self.src_pop.val() {
            self.src_taken.d.next = self.src_taken.q.val() + self.one34.val();
            self.previous.d.next = self.src_data.val();
            self.prefix.d.next = self.prefix.q.val() + self.bus_bytes.val();
            self.error_out_beats.d.next = self.error_out_beats.q.val() + self.one34.val();
            self.src_none.d.next = false;
            if !self.taken.val() {
                self.error_left.d.next = self.error_left.q.val() + self.bus_bytes.val();
            }
        } else if self.taken.val() {
            self.error_left.d.next = self.error_left.q.val() - self.bus_bytes.val();
        }
        // The next `left`: every candidate is computed from registers, `taken` only selects.
        self.left_step.next = self.left.q.val() - self.bus_bytes.val();
        self.error_left_step.next = self.error_left.q.val() - self.bus_bytes.val();
        if self.taken.val() {
            self.out_made.d.next = self.out_made.q.val() + self.one34.val();
            self.out_next.d.next = self.out_next.q.val() + self.one34.val();
            self.left.d.next = self.left_step.val();
        }
        if self.error_now.val() && self.src_pop.val() {
            self.error_seen.d.next = true;
            self.out_beats.d.next = self.out_beats_now.val();
            self.produced.d.next = self.read_prefix.val().get_bits::<32>(0);
            if self.src_none.q.val() {
                self.left.d.next = self.first_left.val();
                if self.taken.val() {
                    self.left.d.next = self.first_left_step.val();
                }
            } else {
                self.left.d.next = self.error_left.q.val();
                if self.taken.val() {
                    self.left.d.next = self.error_left_step.val();
                }
            }
        }
        if self.ks_taken_now.val() {
            self.ks_taken.d.next = self.ks_taken.q.val() + self.one34.val();
        }
        // End record: once every word to be produced has gone into the XOR.
        self.end_valid.next = false;
        self.end_bytes.next = self.produced.q.val();
        self.end_read_error.next = self.error_seen.q.val();
        if self.active.q.val() && !self.end_pushed.q.val() && (self.out_made.q.val() == self.out_beats.q.val()) {
            self.end_valid.next = true;
            self.end_pushed.d.next = true;
        }
        self.job_done.next = self.active.q.val()
            && self.end_pushed.q.val()
            && (self.src_taken.q.val() == self.src_beats.q.val())
            && (self.ks_taken.q.val() == self.dst_beats.q.val());
        if self.job_done.val() {
            self.active.d.next = false;
        }

        // ---- next job ------------------------------------------------------------------------------
        self.load.next = (!self.active.q.val() || self.job_done.val()) && self.cmd_valid.val();
        self.cmd_ready.next = !self.active.q.val() || self.job_done.val();
        self.cmd_src_wide.part.next = self.cmd_src_position.val();
        self.cmd_dst_wide.part.next = self.cmd_dst_position.val();
        self.cmd_length_wide.part.next = self.cmd_length.val();
        self.cmd_src_bytes.next = self.cmd_src_wide.whole.val() << 4;
        self.cmd_dst_start.next = self.cmd_dst_wide.whole.val() << 4;
        self.cmd_dst_bytes.next = self.cmd_dst_start.val() + self.cmd_length_wide.whole.val();
        if self.load.val() {
            self.active.d.next = true;
            self.length.d.next = self.cmd_length.val();
            self.src_position.d.next = self.cmd_src_position.val();
            self.dst_position.d.next = self.cmd_dst_position.val();
            self.shift.d.next = (self.cmd_dst_position.val() - self.cmd_src_position.val()) & self.lane_mask.val();
            self.skip.d.next = self.cmd_dst_position.val() < self.cmd_src_position.val();
            self.src_beats.d.next =
                (self.cmd_src_bytes.val() + self.cmd_length_wide.whole.val() + self.bus_bytes_minus_one.val())
                    >> self.log2_bus_bytes.val();
            self.dst_beats.d.next =
                (self.cmd_dst_bytes.val() + self.bus_bytes_minus_one.val()) >> self.log2_bus_bytes.val();
            self.out_beats.d.next =
                (self.cmd_dst_bytes.val() + self.bus_bytes_minus_one.val()) >> self.log2_bus_bytes.val();
            self.left.d.next = self.cmd_dst_bytes.val();
            self.error_left.d.next = self.cmd_dst_start.val() - self.cmd_src_bytes.val();
            self.prefix.d.next = self.zero_34.val() - self.cmd_src_bytes.val();
            self.error_out_beats.d.next = self.zero_34.val();
            if self.cmd_dst_position.val() > self.cmd_src_position.val() {
                self.error_out_beats.d.next = self.one34.val();
            }
            self.out_next.d.next = self.one34.val();
            self.src_none.d.next = true;
            self.src_taken.d.next = self.zero_34.val();
            self.ks_taken.d.next = self.zero_34.val();
            self.out_made.d.next = self.zero_34.val();
            self.produced.d.next = self.cmd_length.val();
            self.error_seen.d.next = false;
            self.end_pushed.d.next = false;
        }
        if self.reset.val() {
            self.active.d.next = false;
            self.length.d.next = 0_u32.to_bits();
            self.src_position.d.next = self.zero_2.val();
            self.dst_position.d.next = self.zero_2.val();
            self.shift.d.next = self.zero_2.val();
            self.skip.d.next = false;
            self.src_beats.d.next = self.zero_34.val();
            self.dst_beats.d.next = self.zero_34.val();
            self.out_beats.d.next = self.zero_34.val();
            self.src_taken.d.next = self.zero_34.val();
            self.ks_taken.d.next = self.zero_34.val();
            self.out_made.d.next = self.zero_34.val();
            self.left.d.next = self.zero_34.val();
            self.error_left.d.next = self.zero_34.val();
            self.prefix.d.next = self.zero_34.val();
            self.error_out_beats.d.next = self.zero_34.val();
            self.out_next.d.next = self.zero_34.val();
            self.src_none.d.next = false;
            self.produced.d.next = 0_u32.to_bits();
            self.error_seen.d.next = false;
            self.end_pushed.d.next = false;
            self.previous.d.next = self.zero_word.val();
        }
    }
}
