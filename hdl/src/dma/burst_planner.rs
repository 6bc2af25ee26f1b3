//! Cuts a byte range into AXI4 INCR bursts (docs/behaviour.md "Bursts").
//!
//! The range `[a, a+n)` is covered by the bus-aligned beats from `floor(a, bus_bytes)` to
//! `ceil(a+n, bus_bytes)`; they are cut at every multiple of `span = min(4096, max_burst *
//! bus_bytes)`, so no burst crosses 4 KiB and none is longer than `max_burst`.
//!
//! Ports: `clock`, `reset`; `start` (pulse) with `start_address` (64) and `start_length` (bytes,
//! 32; 0 gives no burst); `advance` (pulse: the current burst was issued); `trim` (pulse, never
//! with `advance`) with `trim_beats` (29): drop that many beats from the end of the range (at
//! most the beats not yet issued); outputs `active` (a burst remains), `burst_address` (64, beat
//! aligned), `burst_beats` (9, 1..=max_burst), `burst_length` (AxLEN = beats - 1), `burst_final`
//! (the current burst is the range's last), `burst_first` (it is the range's first),
//! `total_beats` (29: beats of the range, valid from the cycle after `start`).
//!
//! Beat counts are 29 bits: a range of n < 2^32 bytes covers at most 2^28 + 1 beats of 16 bytes.
//!
//! Short paths: every burst after the first starts on a span boundary, so its size is
//! `min(span_beats, remaining)` with `span_beats` a power of two (a compare made of bit tests,
//! no carry chain); only the first burst compares `remaining` with its window (9 bits, registered
//! at `start`). The address is kept as a 12-bit in-page offset (12-bit add per burst) and a page
//! number in two 26-bit halves with a registered "low half all ones" flag, so a page step is a
//! 26-bit increment, never a 64-bit add. The remaining count steps by a register or a constant.
//!
//! Latency: `start` in cycle t, first burst visible in t+1; one burst per cycle.

use super::join::{Join, Widen};
use crate::AxiAddr;
use crate::{constant, zero};
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct BurstPlanner {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub start: Signal<In, Bit>,
    pub start_address: Signal<In, AxiAddr>,
    pub start_length: Signal<In, Bits<32>>,
    pub advance: Signal<In, Bit>,
    pub trim: Signal<In, Bit>,
    pub trim_beats: Signal<In, Bits<29>>,
    pub active: Signal<Out, Bit>,
    pub burst_address: Signal<Out, AxiAddr>,
    pub burst_beats: Signal<Out, Bits<9>>,
    pub burst_length: Signal<Out, Bits<8>>,
    pub burst_final: Signal<Out, Bit>,
    pub burst_first: Signal<Out, Bit>,
    pub total_beats: Signal<Out, Bits<29>>,
    low: DFF<Bits<12>>,
    page_low: DFF<Bits<26>>,
    page_high: DFF<Bits<26>>,
    page_low_full: DFF<Bit>,
    remaining: DFF<Bits<29>>,
    total: DFF<Bits<29>>,
    window: DFF<Bits<9>>,
    first: DFF<Bit>,
    more_than_span: Signal<Local, Bit>,
    more_than_window: Signal<Local, Bit>,
    cut: Signal<Local, Bit>,
    beats: Signal<Local, Bits<9>>,
    beats_low: Signal<Local, Bits<8>>,
    step_wide: Widen<9, 13>,
    low_wide: Widen<12, 13>,
    low_sum: Signal<Local, Bits<13>>,
    length_wide: Widen<32, 33>,
    offset_wide: Widen<7, 33>,
    start_in_span: Widen<12, 13>,
    window_wide: Widen<9, 29>,
    in_page: Join<12, 26, 38>,
    address_join: Join<38, 26, 64>,
    start_shifted: Signal<Local, Bits<33>>,
    start_window_beats: Signal<Local, Bits<13>>,
    unused_start_top: Signal<Local, Bits<4>>,
    unused_window_top: Signal<Local, Bits<4>>,
    start_sum: Signal<Local, Bits<33>>,
    start_beats: Signal<Local, Bits<29>>,
    start_window: Signal<Local, Bits<13>>,
    start_low: Signal<Local, Bits<12>>,
    start_page_low: Signal<Local, Bits<26>>,
    one26: Constant<Bits<26>>,
    page_low_ones: Constant<Bits<26>>,
    page_low_ones_minus_one: Constant<Bits<26>>,
    beat_offset_mask: Constant<Bits<7>>,
    low_beat_mask: Constant<Bits<12>>,
    span_mask: Constant<Bits<12>>,
    span: Constant<Bits<13>>,
    span_beats: Constant<Bits<9>>,
    span_beats_wide: Constant<Bits<29>>,
    span_beats_bit: Constant<Bits<29>>,
    span_beats_low_mask: Constant<Bits<29>>,
    log2_span_beats_plus_one: Constant<Bits<5>>,
    nine: Constant<Bits<5>>,
    log2_bus_bytes: Constant<Bits<3>>,
    bus_bytes_minus_one: Constant<Bits<33>>,
    zero_9: Constant<Bits<9>>,
    zero_12: Constant<Bits<12>>,
    zero_26: Constant<Bits<26>>,
    zero_29: Constant<Bits<29>>,
}

impl BurstPlanner {
    /// A planner for a bus of `bus_bytes` bytes per beat and bursts of at most `max_burst` beats.
    pub fn new(bus_bytes: u64, max_burst: u64) -> Self {
        assert!(bus_bytes.is_power_of_two() && (16..=64).contains(&bus_bytes));
        assert!(max_burst.is_power_of_two() && (1..=256).contains(&max_burst));
        let span_beats = spec::burst_beats(max_burst, bus_bytes);
        let span = span_beats * bus_bytes;
        BurstPlanner {
            clock: Default::default(),
            reset: Default::default(),
            start: Default::default(),
            start_address: Default::default(),
            start_length: Default::default(),
            advance: Default::default(),
            trim: Default::default(),
            trim_beats: Default::default(),
            active: Default::default(),
            burst_address: Default::default(),
            burst_beats: Default::default(),
            burst_length: Default::default(),
            burst_final: Default::default(),
            burst_first: Default::default(),
            total_beats: Default::default(),
            low: Default::default(),
            page_low: Default::default(),
            page_high: Default::default(),
            page_low_full: Default::default(),
            remaining: Default::default(),
            total: Default::default(),
            window: Default::default(),
            first: Default::default(),
            more_than_span: Default::default(),
            more_than_window: Default::default(),
            cut: Default::default(),
            beats: Default::default(),
            beats_low: Default::default(),
            step_wide: Default::default(),
            low_wide: Default::default(),
            low_sum: Default::default(),
            length_wide: Default::default(),
            offset_wide: Default::default(),
            start_in_span: Default::default(),
            window_wide: Default::default(),
            in_page: Default::default(),
            address_join: Default::default(),
            start_shifted: Default::default(),
            start_window_beats: Default::default(),
            unused_start_top: Default::default(),
            unused_window_top: Default::default(),
            start_sum: Default::default(),
            start_beats: Default::default(),
            start_window: Default::default(),
            start_low: Default::default(),
            start_page_low: Default::default(),
            one26: constant(1),
            page_low_ones: Constant::new(((1u64 << 26) - 1).to_bits()),
            page_low_ones_minus_one: Constant::new(((1u64 << 26) - 2).to_bits()),
            beat_offset_mask: constant(bus_bytes - 1),
            low_beat_mask: Constant::new((4095 & !(bus_bytes - 1)).to_bits()),
            span_mask: Constant::new((4095 & (span - 1)).to_bits()),
            span: Constant::new(span.to_bits()),
            span_beats: Constant::new(span_beats.to_bits()),
            span_beats_wide: Constant::new(span_beats.to_bits()),
            span_beats_bit: Constant::new(span_beats.to_bits()),
            span_beats_low_mask: constant(span_beats - 1),
            log2_span_beats_plus_one: Constant::new(((span_beats.trailing_zeros() + 1) as u64).to_bits()),
            nine: constant(9),
            log2_bus_bytes: Constant::new((bus_bytes.trailing_zeros() as u64).to_bits()),
            bus_bytes_minus_one: constant(bus_bytes - 1),
            zero_9: zero(),
            zero_12: zero(),
            zero_26: zero(),
            zero_29: zero(),
        }
    }
}

impl Logic for BurstPlanner {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, low, page_low, page_high, page_low_full, remaining, total, window, first);
        // remaining > span_beats (a power of two 2^k): bits above k, or bit k and any bit below.
        self.more_than_span.next = ((self.remaining.q.val() >> self.log2_span_beats_plus_one.val()).any())
            || ((self.remaining.q.val() & self.span_beats_bit.val()).any()
                && (self.remaining.q.val() & self.span_beats_low_mask.val()).any());
        // remaining > window (9 bits, first burst only).
        self.more_than_window.next = ((self.remaining.q.val() >> self.nine.val()).any())
            || (self.remaining.q.val().get_bits::<9>(0) > self.window.q.val());
        self.cut.next = self.more_than_span.val();
        if self.first.q.val() {
            self.cut.next = self.more_than_window.val();
        }
        self.beats.next = self.remaining.q.val().get_bits::<9>(0);
        if self.cut.val() {
            if self.first.q.val() {
                self.beats.next = self.window.q.val();
            } else {
                self.beats.next = self.span_beats.val();
            }
        }
        self.active.next = self.remaining.q.val().any();
        self.in_page.low.next = self.low.q.val();
        self.in_page.high.next = self.page_low.q.val();
        self.address_join.low.next = self.in_page.whole.val();
        self.address_join.high.next = self.page_high.q.val();
        self.burst_address.next = self.address_join.whole.val();
        self.burst_beats.next = self.beats.val();
        self.beats_low.next = self.beats.val().get_bits::<8>(0);
        self.burst_length.next = self.beats_low.val() - 1_u8.to_bits();
        self.burst_final.next = !self.cut.val();
        self.burst_first.next = self.first.q.val();
        self.total_beats.next = self.total.q.val();

        // Next burst: a 12-bit in-page add; its carry steps the page number.
        self.step_wide.part.next = self.beats.val();
        self.low_wide.part.next = self.low.q.val();
        self.low_sum.next = self.low_wide.whole.val() + (self.step_wide.whole.val() << self.log2_bus_bytes.val());

        // A new range: beats ((a mod B) + n + B - 1) / B (none for n = 0), first window in beats.
        self.length_wide.part.next = self.start_length.val();
        self.offset_wide.part.next = self.start_address.val().get_bits::<7>(0) & self.beat_offset_mask.val();
        self.start_sum.next =
            (self.offset_wide.whole.val() + self.bus_bytes_minus_one.val()) + self.length_wide.whole.val();
        self.start_shifted.next = self.start_sum.val() >> self.log2_bus_bytes.val();
        self.start_beats.next = self.start_shifted.val().get_bits::<29>(0);
        self.unused_start_top.next = self.start_shifted.val().get_bits::<4>(29);
        if !self.start_length.val().any() {
            self.start_beats.next = self.zero_29.val();
        }
        self.start_low.next = self.start_address.val().get_bits::<12>(0) & self.low_beat_mask.val();
        self.start_in_span.part.next = self.start_low.val() & self.span_mask.val();
        self.start_window.next = self.span.val() - self.start_in_span.whole.val();
        self.start_window_beats.next = self.start_window.val() >> self.log2_bus_bytes.val();
        self.unused_window_top.next = self.start_window_beats.val().get_bits::<4>(9);
        self.window_wide.part.next = self.window.q.val();
        self.start_page_low.next = self.start_address.val().get_bits::<26>(12);

        if self.advance.val() && (self.remaining.q.val().any()) {
            self.low.d.next = self.low_sum.val().get_bits::<12>(0);
            if self.low_sum.val().get_bit(12) {
                self.page_low.d.next = self.page_low.q.val() + self.one26.val();
                self.page_low_full.d.next = self.page_low.q.val() == self.page_low_ones_minus_one.val();
                if self.page_low_full.q.val() {
                    self.page_high.d.next = self.page_high.q.val() + self.one26.val();
                }
            }
            self.remaining.d.next = self.zero_29.val();
            if self.cut.val() {
                if self.first.q.val() {
                    self.remaining.d.next = self.remaining.q.val() - self.window_wide.whole.val();
                } else {
                    self.remaining.d.next = self.remaining.q.val() - self.span_beats_wide.val();
                }
            }
            self.first.d.next = false;
        }
        if self.trim.val() {
            self.remaining.d.next = self.remaining.q.val() - self.trim_beats.val();
        }
        if self.start.val() {
            self.low.d.next = self.start_low.val();
            self.page_low.d.next = self.start_page_low.val();
            self.page_high.d.next = self.start_address.val().get_bits::<26>(38);
            self.page_low_full.d.next = self.start_page_low.val() == self.page_low_ones.val();
            self.remaining.d.next = self.start_beats.val();
            self.total.d.next = self.start_beats.val();
            self.window.d.next = self.start_window_beats.val().get_bits::<9>(0);
            self.first.d.next = true;
        }
        if self.reset.val() {
            self.low.d.next = self.zero_12.val();
            self.page_low.d.next = self.zero_26.val();
            self.page_high.d.next = self.zero_26.val();
            self.page_low_full.d.next = false;
            self.remaining.d.next = self.zero_29.val();
            self.total.d.next = self.zero_29.val();
            self.window.d.next = self.zero_9.val();
            self.first.d.next = false;
        }
    }
}
