//! Cuts a byte range into AXI4 INCR bursts (docs/behaviour.md "Bursts").
//!
//! The range `[a, a+n)` is covered by the bus-aligned beats from `floor(a, bus_bytes)` to
//! `ceil(a+n, bus_bytes)`; they are cut at every multiple of `span = min(4096, max_burst *
//! bus_bytes)`, so no burst crosses 4 KiB and none is longer than `max_burst`.
//!
//! Ports: `clock`, `reset`; `start` (pulse) with `start_address` (64) and `start_length` (bytes,
//! 32; 0 gives no burst); `advance` (pulse: the current burst was issued); outputs `active` (a
//! burst remains), `burst_address` (64, beat aligned), `burst_beats` (9, 1..=max_burst),
//! `burst_length` (AxLEN = beats - 1), `burst_final` (the current burst is the range's last),
//! `total_beats` (34: beats of the range,
//! valid from the cycle after `start`).
//!
//! Latency: `start` in cycle t, first burst visible in t+1; one burst per cycle.

use super::join::Widen;
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct BurstPlanner {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub start: Signal<In, Bit>,
    pub start_address: Signal<In, Bits<64>>,
    pub start_length: Signal<In, Bits<32>>,
    pub advance: Signal<In, Bit>,
    pub active: Signal<Out, Bit>,
    pub burst_address: Signal<Out, Bits<64>>,
    pub burst_beats: Signal<Out, Bits<9>>,
    pub burst_length: Signal<Out, Bits<8>>,
    pub burst_final: Signal<Out, Bit>,
    pub total_beats: Signal<Out, Bits<34>>,
    address: DFF<Bits<64>>,
    remaining: DFF<Bits<34>>,
    total: DFF<Bits<34>>,
    window_left: Signal<Local, Bits<13>>,
    window_beats: Signal<Local, Bits<34>>,
    window_shifted: Signal<Local, Bits<13>>,
    beats_low: Signal<Local, Bits<8>>,
    one8: Constant<Bits<8>>,
    window_wide: Widen<13, 34>,
    length_wide: Widen<32, 34>,
    beats_wide: Widen<34, 64>,
    beats: Signal<Local, Bits<34>>,
    start_beats: Signal<Local, Bits<34>>,
    beat_offset_mask: Constant<Bits<64>>,
    span_mask: Constant<Bits<13>>,
    span: Constant<Bits<13>>,
    log2_bus_bytes: Constant<Bits<3>>,
    bus_bytes_minus_one: Constant<Bits<34>>,
    zero_34: Constant<Bits<34>>,
    zero_64: Constant<Bits<64>>,
}

impl BurstPlanner {
    /// A planner for a bus of `bus_bytes` bytes per beat and bursts of at most `max_burst` beats.
    pub fn new(bus_bytes: u64, max_burst: u64) -> Self {
        assert!(bus_bytes.is_power_of_two() && (16..=64).contains(&bus_bytes));
        assert!(max_burst.is_power_of_two() && (1..=256).contains(&max_burst));
        let span = (max_burst * bus_bytes).min(spec::AXI_BOUNDARY);
        BurstPlanner {
            clock: Default::default(),
            reset: Default::default(),
            start: Default::default(),
            start_address: Default::default(),
            start_length: Default::default(),
            advance: Default::default(),
            active: Default::default(),
            burst_address: Default::default(),
            burst_beats: Default::default(),
            burst_length: Default::default(),
            burst_final: Default::default(),
            total_beats: Default::default(),
            address: Default::default(),
            remaining: Default::default(),
            total: Default::default(),
            window_left: Default::default(),
            window_beats: Default::default(),
            window_shifted: Default::default(),
            beats_low: Default::default(),
            one8: Constant::new(1u64.to_bits()),
            window_wide: Default::default(),
            length_wide: Default::default(),
            beats_wide: Default::default(),
            beats: Default::default(),
            start_beats: Default::default(),
            beat_offset_mask: Constant::new((bus_bytes - 1).to_bits()),
            span_mask: Constant::new((span - 1).to_bits()),
            span: Constant::new(span.to_bits()),
            log2_bus_bytes: Constant::new((bus_bytes.trailing_zeros() as u64).to_bits()),
            bus_bytes_minus_one: Constant::new((bus_bytes - 1).to_bits()),
            zero_34: Constant::new(0u64.to_bits()),
            zero_64: Constant::new(0u64.to_bits()),
        }
    }
}

impl Logic for BurstPlanner {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, address, remaining, total);
        // Beats from the current address to the end of its span window.
        self.window_left.next = self.span.val() - (self.address.q.val().get_bits::<13>(0) & self.span_mask.val());
        self.window_shifted.next = self.window_left.val() >> self.log2_bus_bytes.val();
        self.window_wide.part.next = self.window_shifted.val();
        self.window_beats.next = self.window_wide.whole.val();
        self.beats.next = self.remaining.q.val();
        if self.window_beats.val() < self.remaining.q.val() {
            self.beats.next = self.window_beats.val();
        }
        self.beats_wide.part.next = self.beats.val();
        self.active.next = self.remaining.q.val().any();
        self.burst_address.next = self.address.q.val();
        self.burst_beats.next = self.beats.val().get_bits::<9>(0);
        self.beats_low.next = self.beats.val().get_bits::<8>(0);
        self.burst_length.next = self.beats_low.val() - self.one8.val();
        self.burst_final.next = self.beats.val() == self.remaining.q.val();
        self.total_beats.next = self.total.q.val();
        // Beats of a new range: ((a mod B) + n + B - 1) / B, none for n = 0.
        self.length_wide.part.next = self.start_length.val();
        self.start_beats.next = ((self.start_address.val().get_bits::<34>(0) & self.bus_bytes_minus_one.val())
            + self.length_wide.whole.val()
            + self.bus_bytes_minus_one.val())
            >> self.log2_bus_bytes.val();
        if !self.start_length.val().any() {
            self.start_beats.next = self.zero_34.val();
        }
        if self.advance.val() && (self.remaining.q.val().any()) {
            self.address.d.next = self.address.q.val() + (self.beats_wide.whole.val() << self.log2_bus_bytes.val());
            self.remaining.d.next = self.remaining.q.val() - self.beats.val();
        }
        if self.start.val() {
            self.address.d.next = self.start_address.val() & (!self.beat_offset_mask.val());
            self.remaining.d.next = self.start_beats.val();
            self.total.d.next = self.start_beats.val();
        }
        if self.reset.val() {
            self.address.d.next = self.zero_64.val();
            self.remaining.d.next = self.zero_34.val();
            self.total.d.next = self.zero_34.val();
        }
    }
}
