//! Descriptor fetcher: prefetches submission-ring entries into an eight-entry descriptor FIFO.
//!
//! It requests descriptor `i` (64 bytes at `SQ_BASE + 64 * i`, cut into bursts by the
//! [`BurstPlanner`]) while ENABLE is set, the device is not halted or flushing, the ring holds a
//! descriptor it has not requested (`issue_index != SQ_TAIL`), a completion slot is free for it
//! (descriptors fetched and not yet completed < free CQ slots: docs/behaviour.md "Full completion
//! ring"), and the FIFO has room (space is reserved at request time, so R beats are never
//! refused). Short paths: those conditions and the address `SQ_BASE + 64 * i` (two 32-bit halves,
//! one stage each) are registered, so a request starts from flip-flops only; after a start (or an
//! index clear) two settle cycles let them catch up. A descriptor can therefore start every third
//! cycle once the previous one's bursts are all issued, far more than its four R beats need.
//!
//! R beats (ARID 0, in order) are assembled into 512-bit descriptors; a descriptor with any
//! SLVERR/DECERR beat is pushed with its `error` flag set, after which the fetcher stops
//! (`stopped`; only a reset or QRESET's soft reset clears it) and drops later beats. Each clean
//! descriptor pulses `sq_head_advance` (SQ_HEAD = index after the last clean descriptor).
//!
//! Ports: ring state from the registers (`enable`, `halted`, `flush`, `sq_base`, `sq_size`,
//! `sq_tail`, `sq_indices_cleared`, `cq_size`, `cq_head`, `cq_tail`); `completion_done` (a
//! completion was written: one fewer descriptor in flight); read requests `ar_*` and beats
//! `r_valid`, `r_data`, `r_error`; output FIFO `out_valid`, `out_pop`, `out_descriptor` (512),
//! `out_index` (16: SQ index), `out_error`; `in_flight_any` (a descriptor fetched and not
//! completed, for STATUS.BUSY).
//!
//! Latency: conditions met in cycle t, AR valid in t+2 (registered flags, then the planner);
//! request to FIFO visibility = memory read latency + beats + 3 cycles.

use super::burst_planner::BurstPlanner;
use super::fifo::Fifo;
use super::slot_address::SlotAddress;
use crate::concat::Concat;
use crate::AxiAddr;
use crate::{constant, zero};
use rust_hdl::prelude::*;

/// A descriptor FIFO entry: the 64 descriptor bytes, its SQ index and whether its fetch failed.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct DescriptorEntry {
    pub descriptor: Bits<512>,
    pub index: Bits<16>,
    pub error: Bit,
}

#[derive(LogicBlock)]
pub struct DescriptorFetcher<const W: usize> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub enable: Signal<In, Bit>,
    pub halted: Signal<In, Bit>,
    pub flush: Signal<In, Bit>,
    pub sq_base: Signal<In, AxiAddr>,
    pub sq_size: Signal<In, Bits<17>>,
    pub sq_tail: Signal<In, Bits<16>>,
    pub sq_indices_cleared: Signal<In, Bit>,
    pub cq_size: Signal<In, Bits<17>>,
    pub cq_head: Signal<In, Bits<16>>,
    pub cq_tail: Signal<In, Bits<16>>,
    pub completion_done: Signal<In, Bit>,
    pub ar_valid: Signal<Out, Bit>,
    pub ar_ready: Signal<In, Bit>,
    pub ar_address: Signal<Out, AxiAddr>,
    pub ar_length: Signal<Out, Bits<8>>,
    pub r_valid: Signal<In, Bit>,
    pub r_data: Signal<In, Bits<W>>,
    pub r_error: Signal<In, Bit>,
    pub sq_head_advance: Signal<Out, Bit>,
    pub stopped: Signal<Out, Bit>,
    pub out_valid: Signal<Out, Bit>,
    pub out_pop: Signal<In, Bit>,
    pub out_descriptor: Signal<Out, Bits<512>>,
    pub out_index: Signal<Out, Bits<16>>,
    pub out_error: Signal<Out, Bit>,
    pub in_flight_any: Signal<Out, Bit>,
    planner: BurstPlanner,
    no_trim: Constant<Bits<29>>,
    fifo: Fifo<DescriptorEntry>,
    // the next descriptor's address over two stages, and the start conditions, all registered
    start_address: SlotAddress,
    room: DFF<Bit>,
    settle_first: DFF<Bit>,
    settle_second: DFF<Bit>,
    room_next: Signal<Local, Bit>,
    assembly: Concat<W, 512>,
    parts: Vec<DFF<Bits<W>>>,
    beat: DFF<Bits<3>>,
    beat_error: DFF<Bit>,
    issue_index: DFF<Bits<16>>,
    arrival_index: DFF<Bits<16>>,
    in_flight: DFF<Bits<16>>,
    reserved: DFF<Bits<4>>,
    stopped_flag: DFF<Bit>,
    push_next: DFF<Bit>,
    push_error: DFF<Bit>,
    sq_mask: Signal<Local, Bits<16>>,
    unused_total: Signal<Local, Bits<29>>,
    unused_beats: Signal<Local, Bits<9>>,
    unused_fifo_full: Signal<Local, Bit>,
    unused_fifo_free: Signal<Local, Bits<11>>,
    unused_fifo_count: Signal<Local, Bits<11>>,
    cq_mask: Signal<Local, Bits<16>>,
    pending: Signal<Local, Bits<16>>,
    cq_free: Signal<Local, Bits<16>>,
    can_start: Signal<Local, Bit>,
    start: Signal<Local, Bit>,
    arrived: Signal<Local, Bit>,
    descriptor_error: Signal<Local, Bit>,
    popped: Signal<Local, Bit>,
    one3: Constant<Bits<3>>,
    one4: Constant<Bits<4>>,
    fifo_depth: Constant<Bits<4>>,
    last_beat: Constant<Bits<3>>,
    descriptor_bytes: Constant<Bits<32>>,
    part_index: Vec<Constant<Bits<3>>>,
    _parts: usize,
    zero_3: Constant<Bits<3>>,
    zero_4: Constant<Bits<4>>,
}

impl<const W: usize> DescriptorFetcher<W> {
    pub fn new(max_burst: u64) -> Self {
        let bus_bytes = (W / 8) as u64;
        let parts = 512 / W;
        DescriptorFetcher {
            clock: Default::default(),
            reset: Default::default(),
            enable: Default::default(),
            halted: Default::default(),
            flush: Default::default(),
            sq_base: Default::default(),
            sq_size: Default::default(),
            sq_tail: Default::default(),
            sq_indices_cleared: Default::default(),
            cq_size: Default::default(),
            cq_head: Default::default(),
            cq_tail: Default::default(),
            completion_done: Default::default(),
            ar_valid: Default::default(),
            ar_ready: Default::default(),
            ar_address: Default::default(),
            ar_length: Default::default(),
            r_valid: Default::default(),
            r_data: Default::default(),
            r_error: Default::default(),
            sq_head_advance: Default::default(),
            stopped: Default::default(),
            out_valid: Default::default(),
            out_pop: Default::default(),
            out_descriptor: Default::default(),
            out_index: Default::default(),
            out_error: Default::default(),
            in_flight_any: Default::default(),
            planner: BurstPlanner::new(bus_bytes, max_burst),
            no_trim: zero(),
            fifo: Fifo::new(8),
            start_address: SlotAddress::new(spec::descriptor::DESCRIPTOR_BYTES.trailing_zeros()),
            room: Default::default(),
            settle_first: Default::default(),
            settle_second: Default::default(),
            room_next: Default::default(),
            assembly: Concat::new(parts),
            parts: (0..parts).map(|_| Default::default()).collect(),
            beat: Default::default(),
            beat_error: Default::default(),
            issue_index: Default::default(),
            arrival_index: Default::default(),
            in_flight: Default::default(),
            reserved: Default::default(),
            stopped_flag: Default::default(),
            push_next: Default::default(),
            push_error: Default::default(),
            sq_mask: Default::default(),
            unused_total: Default::default(),
            unused_beats: Default::default(),
            unused_fifo_full: Default::default(),
            unused_fifo_free: Default::default(),
            unused_fifo_count: Default::default(),
            cq_mask: Default::default(),
            pending: Default::default(),
            cq_free: Default::default(),
            can_start: Default::default(),
            start: Default::default(),
            arrived: Default::default(),
            descriptor_error: Default::default(),
            popped: Default::default(),
            one3: constant(1),
            one4: constant(1),
            fifo_depth: constant(8),
            last_beat: Constant::new(((parts - 1) as u64).to_bits()),
            descriptor_bytes: constant(spec::descriptor::DESCRIPTOR_BYTES as u64),
            part_index: (0..parts).map(|i| constant(i as u64)).collect(),
            _parts: parts,
            zero_3: zero(),
            zero_4: zero(),
        }
    }
}

impl<const W: usize> Logic for DescriptorFetcher<W> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            beat,
            beat_error,
            issue_index,
            arrival_index,
            in_flight,
            reserved,
            stopped_flag,
            push_next,
            push_error,
            room,
            settle_first,
            settle_second
        );
        self.planner.clock.next = self.clock.val();
        self.planner.reset.next = self.reset.val();
        self.planner.trim.next = false;
        self.planner.trim_beats.next = self.no_trim.val();
        self.fifo.clock.next = self.clock.val();
        self.fifo.reset.next = self.reset.val();

        // ---- request side ---------------------------------------------------------
        self.sq_mask.next = self.sq_size.val().get_bits::<16>(0) - 1_u16.to_bits();
        self.cq_mask.next = self.cq_size.val().get_bits::<16>(0) - 1_u16.to_bits();
        self.pending.next = (self.sq_tail.val() - self.issue_index.q.val()) & self.sq_mask.val();
        self.cq_free.next = (self.cq_head.val() - self.cq_tail.val() - 1_u16.to_bits()) & self.cq_mask.val();
        // Registered start conditions: each is computed from the state of the previous cycle.
        // That state moves only towards less room (a completion written, a descriptor popped,
        // SQ_TAIL advanced, CQ_HEAD advanced: every term only grows more permissive) except
        // through a start or an index clear, and after those the two settle cycles below pass
        // before the next start, by which time the flags and the address are recomputed.
        self.room_next.next = (self.sq_size.val().any())
            && (self.cq_size.val().any())
            && (self.pending.val().any())
            && (self.in_flight.q.val() < self.cq_free.val())
            && (self.reserved.q.val() != self.fifo_depth.val());
        self.room.d.next = self.room_next.val();
        self.can_start.next = self.enable.val()
            && !self.halted.val()
            && !self.stopped_flag.q.val()
            && !self.flush.val()
            && self.room.q.val()
            && !self.settle_first.q.val()
            && !self.settle_second.q.val()
            && !self.planner.active.val();
        self.start.next = self.can_start.val();
        self.settle_first.d.next = self.start.val() || self.sq_indices_cleared.val();
        self.settle_second.d.next = self.settle_first.q.val();
        self.planner.start.next = self.start.val();
        // SQ_BASE + 64 * index in two registered 32-bit stages.
        self.start_address.clock.next = self.clock.val();
        self.start_address.base.next = self.sq_base.val();
        self.start_address.index.next = self.issue_index.q.val();
        self.planner.start_address.next = self.start_address.address.val();
        self.planner.start_length.next = self.descriptor_bytes.val();
        self.ar_valid.next = self.planner.active.val();
        self.ar_address.next = self.planner.burst_address.val();
        self.ar_length.next = self.planner.burst_length.val();
        self.planner.advance.next = self.ar_ready.val() && self.planner.active.val();
        if self.start.val() {
            self.issue_index.d.next = (self.issue_index.q.val() + 1_u16.to_bits()) & self.sq_mask.val();
        }

        // ---- beats -> descriptors --------------------------------------------------------
        for i in 0..self._parts {
            self.parts[i].clock.next = self.clock.val();
            self.parts[i].d.next = self.parts[i].q.val();
            if self.r_valid.val() && (self.beat.q.val() == self.part_index[i].val()) {
                self.parts[i].d.next = self.r_data.val();
            }
            self.assembly.parts[i].next = self.parts[i].q.val();
        }
        self.arrived.next = false;
        self.descriptor_error.next = self.beat_error.q.val() || self.r_error.val();
        if self.r_valid.val() {
            if self.beat.q.val() == self.last_beat.val() {
                self.beat.d.next = self.zero_3.val();
                self.beat_error.d.next = false;
                self.arrived.next = true;
            } else {
                self.beat.d.next = self.beat.q.val() + self.one3.val();
                self.beat_error.d.next = self.descriptor_error.val();
            }
        }
        // The last beat is in `parts` one cycle later: push then.
        self.push_next.d.next = self.arrived.val();
        self.push_error.d.next = self.descriptor_error.val();
        self.fifo.push.next = false;
        self.sq_head_advance.next = false;
        self.fifo.data_in.next.descriptor = self.assembly.whole.val();
        self.fifo.data_in.next.index = self.arrival_index.q.val();
        self.fifo.data_in.next.error = self.push_error.q.val();
        if self.push_next.q.val() && !self.stopped_flag.q.val() {
            self.fifo.push.next = true;
            self.arrival_index.d.next = (self.arrival_index.q.val() + 1_u16.to_bits()) & self.sq_mask.val();
            if self.push_error.q.val() {
                self.stopped_flag.d.next = true;
            } else {
                self.sq_head_advance.next = true;
            }
        }
        self.popped.next = self.out_pop.val() && !self.fifo.empty.val();
        self.out_valid.next = !self.fifo.empty.val();
        self.out_descriptor.next = self.fifo.data_out.val().descriptor;
        self.out_index.next = self.fifo.data_out.val().index;
        self.out_error.next = self.fifo.data_out.val().error;
        self.fifo.pop.next = self.out_pop.val();
        self.stopped.next = self.stopped_flag.q.val();
        self.in_flight_any.next = self.in_flight.q.val().any();
        self.unused_total.next = self.planner.total_beats.val();
        self.unused_beats.next = self.planner.burst_beats.val();
        self.unused_fifo_full.next =
            self.fifo.full.val() || self.planner.burst_first.val() || self.planner.burst_final.val();
        self.unused_fifo_free.next = self.fifo.free.val();
        self.unused_fifo_count.next = self.fifo.count.val();
        // Reservations: + at request start, - at pop.
        if self.start.val() && !self.popped.val() {
            self.reserved.d.next = self.reserved.q.val() + self.one4.val();
        }
        if self.popped.val() && !self.start.val() {
            self.reserved.d.next = self.reserved.q.val() - self.one4.val();
        }
        if self.start.val() && !self.completion_done.val() {
            self.in_flight.d.next = self.in_flight.q.val() + 1_u16.to_bits();
        }
        if self.completion_done.val() && !self.start.val() {
            self.in_flight.d.next = self.in_flight.q.val() - 1_u16.to_bits();
        }
        if self.sq_indices_cleared.val() {
            self.issue_index.d.next = 0_u16.to_bits();
            self.arrival_index.d.next = 0_u16.to_bits();
        }
        if self.reset.val() {
            self.beat.d.next = self.zero_3.val();
            self.beat_error.d.next = false;
            self.issue_index.d.next = 0_u16.to_bits();
            self.arrival_index.d.next = 0_u16.to_bits();
            self.in_flight.d.next = 0_u16.to_bits();
            self.reserved.d.next = self.zero_4.val();
            self.stopped_flag.d.next = false;
            self.push_next.d.next = false;
            self.push_error.d.next = false;
            self.room.d.next = false;
            self.settle_first.d.next = true;
            self.settle_second.d.next = true;
        }
    }
}
