//! Key reader: reads the 16, 24 or 32 key bytes of a KEY_LOAD or INLINE_KEY descriptor from any
//! byte address (docs/behaviour.md "Faults": key read).
//!
//! `start` (pulse) with `start_address` (64) and `start_length` (bytes); the range's beats are
//! cut by the [`BurstPlanner`] and requested at once (ARID 1, at most three beats, captured as they
//! arrive, so no room is needed). Once the last beat is in, the captured beats shift down by one
//! byte per cycle until the key's first byte is byte 0 (the start address's offset in its beat:
//! at most `bus_bytes - 1` cycles, no wide shifter; a key read is rare). `done` pulses after
//! that; then `key` (256 bits, key byte i in bits 8i+7..8i, bytes past the key length are
//! whatever memory holds) and `error` (a beat came back SLVERR/DECERR) are valid until `clear`,
//! which zeroes the captured beats (no key material stays behind). `busy` from `start` to `done`.
//!
//! Latency: memory read latency + beats + 2 cycles + the key's offset in its first beat.

use super::burst_planner::BurstPlanner;
use super::join::Widen;
use crate::concat::Concat;
use crate::AxiAddr;
use crate::{constant, zero};
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct KeyReader<const W: usize> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub start: Signal<In, Bit>,
    pub start_address: Signal<In, AxiAddr>,
    pub start_length: Signal<In, Bits<32>>,
    pub clear: Signal<In, Bit>,
    pub busy: Signal<Out, Bit>,
    pub done: Signal<Out, Bit>,
    pub key: Signal<Out, Bits<256>>,
    pub error: Signal<Out, Bit>,
    pub ar_valid: Signal<Out, Bit>,
    pub ar_ready: Signal<In, Bit>,
    pub ar_address: Signal<Out, AxiAddr>,
    pub ar_length: Signal<Out, Bits<8>>,
    pub r_valid: Signal<In, Bit>,
    pub r_data: Signal<In, Bits<W>>,
    pub r_error: Signal<In, Bit>,
    planner: BurstPlanner,
    no_trim: Constant<Bits<29>>,
    buffer: Concat<W, 1024>,
    parts: Vec<DFF<Bits<W>>>,
    running: DFF<Bit>,
    aligning: DFF<Bit>,
    received: DFF<Bits<3>>,
    received_wide: Widen<3, 29>,
    offset: DFF<Bits<10>>,
    one10: Constant<Bits<10>>,
    top_byte_shift: Constant<Bits<16>>,
    error_flag: DFF<Bit>,
    done_pulse: DFF<Bit>,
    start_offset: Signal<Local, Bits<10>>,
    unused_final: Signal<Local, Bit>,
    unused_beats: Signal<Local, Bits<9>>,
    unused_buffer_top: Signal<Local, Bits<768>>,
    one3: Constant<Bits<3>>,
    offset_mask: Constant<Bits<10>>,
    part_index: Vec<Constant<Bits<3>>>,
    _parts: usize,
    zero_10: Constant<Bits<10>>,
    zero_3: Constant<Bits<3>>,
    zero_w: Constant<Bits<W>>,
}

impl<const W: usize> KeyReader<W> {
    pub fn new(max_burst: u64) -> Self {
        let bus_bytes = W / 8;
        let max_key = 32;
        let parts = (bus_bytes - 1 + max_key).div_ceil(bus_bytes);
        assert!(parts * W <= 1024 && parts < 8);
        KeyReader {
            clock: Default::default(),
            reset: Default::default(),
            start: Default::default(),
            start_address: Default::default(),
            start_length: Default::default(),
            clear: Default::default(),
            busy: Default::default(),
            done: Default::default(),
            key: Default::default(),
            error: Default::default(),
            ar_valid: Default::default(),
            ar_ready: Default::default(),
            ar_address: Default::default(),
            ar_length: Default::default(),
            r_valid: Default::default(),
            r_data: Default::default(),
            r_error: Default::default(),
            planner: BurstPlanner::new(bus_bytes as u64, max_burst),
            no_trim: zero(),
            buffer: Concat::new(parts),
            parts: (0..parts).map(|_| Default::default()).collect(),
            running: Default::default(),
            aligning: Default::default(),
            received: Default::default(),
            received_wide: Default::default(),
            offset: Default::default(),
            one10: constant(1),
            top_byte_shift: constant((W - 8) as u64),
            error_flag: Default::default(),
            done_pulse: Default::default(),
            start_offset: Default::default(),
            unused_final: Default::default(),
            unused_beats: Default::default(),
            unused_buffer_top: Default::default(),
            one3: constant(1),
            offset_mask: Constant::new(((bus_bytes - 1) as u64).to_bits()),
            part_index: (0..parts).map(|i| constant(i as u64)).collect(),
            _parts: parts,
            zero_10: zero(),
            zero_3: zero(),
            zero_w: zero(),
        }
    }
}

impl<const W: usize> Logic for KeyReader<W> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, running, aligning, received, offset, error_flag, done_pulse);
        self.planner.clock.next = self.clock.val();
        self.planner.reset.next = self.reset.val();
        self.planner.trim.next = false;
        self.planner.trim_beats.next = self.no_trim.val();
        self.planner.start.next = self.start.val();
        self.planner.start_address.next = self.start_address.val();
        self.planner.start_length.next = self.start_length.val();
        self.ar_valid.next = self.planner.active.val();
        self.ar_address.next = self.planner.burst_address.val();
        self.ar_length.next = self.planner.burst_length.val();
        self.planner.advance.next = self.ar_ready.val();
        for i in 0..self._parts {
            self.parts[i].clock.next = self.clock.val();
            self.parts[i].d.next = self.parts[i].q.val();
            if self.r_valid.val() && (self.received.q.val() == self.part_index[i].val()) {
                self.parts[i].d.next = self.r_data.val();
            }
        }
        // Align: the whole buffer one byte down (the next part's low byte comes in on top).
        if self.aligning.q.val() {
            for i in 1..self._parts {
                self.parts[i - 1].d.next =
                    (self.parts[i - 1].q.val() >> 8) | (self.parts[i].q.val() << self.top_byte_shift.val());
            }
            for last in (self._parts - 1)..self._parts {
                self.parts[last].d.next = self.parts[last].q.val() >> 8;
            }
        }
        for i in 0..self._parts {
            if self.clear.val() || self.reset.val() {
                self.parts[i].d.next = self.zero_w.val();
            }
            self.buffer.parts[i].next = self.parts[i].q.val();
        }
        self.key.next = self.buffer.whole.val().get_bits::<256>(0);
        self.unused_buffer_top.next = self.buffer.whole.val().get_bits::<768>(256);
        self.error.next = self.error_flag.q.val();
        self.done.next = self.done_pulse.q.val();
        self.busy.next = self.running.q.val() || self.aligning.q.val();
        self.done_pulse.d.next = false;
        self.received_wide.part.next = self.received.q.val();
        self.start_offset.next = self.start_address.val().get_bits::<10>(0) & self.offset_mask.val();
        self.unused_final.next = self.planner.burst_final.val() || self.planner.burst_first.val();
        self.unused_beats.next = self.planner.burst_beats.val();
        if self.r_valid.val() {
            self.received.d.next = self.received.q.val() + self.one3.val();
            if self.r_error.val() {
                self.error_flag.d.next = true;
            }
        }
        // All beats in: the planner has issued everything and the count matches.
        if self.running.q.val()
            && !self.planner.active.val()
            && (self.received_wide.whole.val() == self.planner.total_beats.val())
        {
            self.running.d.next = false;
            if self.offset.q.val().any() {
                self.aligning.d.next = true;
            } else {
                self.done_pulse.d.next = true;
            }
        }
        if self.aligning.q.val() {
            self.offset.d.next = self.offset.q.val() - self.one10.val();
            if self.offset.q.val() == self.one10.val() {
                self.aligning.d.next = false;
                self.done_pulse.d.next = true;
            }
        }
        if self.start.val() {
            self.running.d.next = true;
            self.aligning.d.next = false;
            self.received.d.next = self.zero_3.val();
            self.error_flag.d.next = false;
            self.offset.d.next = self.start_offset.val();
        }
        if self.reset.val() {
            self.running.d.next = false;
            self.aligning.d.next = false;
            self.received.d.next = self.zero_3.val();
            self.offset.d.next = self.zero_10.val();
            self.error_flag.d.next = false;
            self.done_pulse.d.next = false;
            self.received_wide.part.next = self.received.q.val();
        }
    }
}
