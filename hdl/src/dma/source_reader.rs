//! Source reader: reads each CTR_XOR job's source range in bursts into a data FIFO.
//!
//! Jobs arrive as commands (`cmd_valid`/`cmd_ready`, `cmd_address` 64, `cmd_length` 32 bytes, > 0)
//! and are read in order: the range's beats are cut by the [`BurstPlanner`]; a burst is requested
//! (ARID 2) only when the FIFO has room for all its beats counting every beat already requested
//! (so RREADY never has to drop), and several bursts are outstanding while room lasts. The next
//! job's first burst can follow the previous job's last in the next cycle.
//!
//! R beats are pushed with their error flag (`out_data`, `out_error`) and leave the FIFO through a
//! register slice (so the consumer sees flip-flops, not the RAM's read port); the consumer pops
//! them with `out_pop` (`out_valid` while the slice holds a beat). Reads touch whole bus beats: bytes outside
//! the job's range in its first and last beat are read and discarded downstream.
//!
//! FIFO depth: `depth` entries (construction parameter, at least two bursts of `max_burst`).
//! Throughput: one beat per cycle once the memory latency is covered by the FIFO.

use super::burst_planner::BurstPlanner;
use super::fifo::Fifo;
use super::join::{Join, Widen};
use crate::register_slice::RegisterSlice;
use crate::AxiAddr;
use crate::{constant, zero};
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct SourceReader<const W: usize, const W1: usize> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub cmd_valid: Signal<In, Bit>,
    pub cmd_ready: Signal<Out, Bit>,
    pub cmd_address: Signal<In, AxiAddr>,
    pub cmd_length: Signal<In, Bits<32>>,
    pub ar_valid: Signal<Out, Bit>,
    pub ar_ready: Signal<In, Bit>,
    pub ar_address: Signal<Out, AxiAddr>,
    pub ar_length: Signal<Out, Bits<8>>,
    pub r_valid: Signal<In, Bit>,
    pub r_data: Signal<In, Bits<W>>,
    pub r_error: Signal<In, Bit>,
    pub out_valid: Signal<Out, Bit>,
    pub out_pop: Signal<In, Bit>,
    pub out_data: Signal<Out, Bits<W>>,
    pub out_error: Signal<Out, Bit>,
    planner: BurstPlanner,
    no_trim: Constant<Bits<29>>,
    fifo: Fifo<Bits<W1>>,
    out_slice: RegisterSlice<Bits<W1>>,
    reserved: DFF<Bits<11>>,
    beats_wide: Widen<9, 11>,
    beat_word: Join<W, 1, W1>,
    room: Signal<Local, Bit>,
    unused_total: Signal<Local, Bits<29>>,
    unused_fifo_full: Signal<Local, Bit>,
    unused_fifo_free: Signal<Local, Bits<11>>,
    unused_fifo_count: Signal<Local, Bits<11>>,
    request: Signal<Local, Bit>,
    granted: Signal<Local, Bit>,
    popped: Signal<Local, Bit>,
    depth: Constant<Bits<11>>,
    one11: Constant<Bits<11>>,
    zero_11: Constant<Bits<11>>,
}

impl<const W: usize, const W1: usize> SourceReader<W, W1> {
    pub fn new(max_burst: u64, depth: usize) -> Self {
        assert_eq!(W + 1, W1);
        let bus_bytes = (W / 8) as u64;
        let burst_beats = spec::burst_beats(max_burst, bus_bytes) as usize;
        assert!(depth >= 2 * burst_beats, "source FIFO must hold two bursts");
        SourceReader {
            clock: Default::default(),
            reset: Default::default(),
            cmd_valid: Default::default(),
            cmd_ready: Default::default(),
            cmd_address: Default::default(),
            cmd_length: Default::default(),
            ar_valid: Default::default(),
            ar_ready: Default::default(),
            ar_address: Default::default(),
            ar_length: Default::default(),
            r_valid: Default::default(),
            r_data: Default::default(),
            r_error: Default::default(),
            out_valid: Default::default(),
            out_pop: Default::default(),
            out_data: Default::default(),
            out_error: Default::default(),
            planner: BurstPlanner::new(bus_bytes, max_burst),
            no_trim: zero(),
            fifo: Fifo::new(depth),
            out_slice: Default::default(),
            reserved: Default::default(),
            beats_wide: Default::default(),
            beat_word: Default::default(),
            room: Default::default(),
            unused_total: Default::default(),
            unused_fifo_full: Default::default(),
            unused_fifo_free: Default::default(),
            unused_fifo_count: Default::default(),
            request: Default::default(),
            granted: Default::default(),
            popped: Default::default(),
            depth: constant(depth as u64),
            one11: constant(1),
            zero_11: zero(),
        }
    }
}

impl<const W: usize, const W1: usize> Logic for SourceReader<W, W1> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, reserved);
        self.planner.clock.next = self.clock.val();
        self.planner.reset.next = self.reset.val();
        self.planner.trim.next = false;
        self.planner.trim_beats.next = self.no_trim.val();
        self.fifo.clock.next = self.clock.val();
        self.fifo.reset.next = self.reset.val();
        // Requests.
        self.beats_wide.part.next = self.planner.burst_beats.val();
        self.room.next = (self.reserved.q.val() + self.beats_wide.whole.val()) <= self.depth.val();
        self.request.next = self.planner.active.val() && self.room.val();
        self.ar_valid.next = self.request.val();
        self.ar_address.next = self.planner.burst_address.val();
        self.ar_length.next = self.planner.burst_length.val();
        self.granted.next = self.request.val() && self.ar_ready.val();
        self.planner.advance.next = self.granted.val();
        // Next job: when idle, or as the current job's last burst is granted.
        self.cmd_ready.next = !self.planner.active.val() || (self.granted.val() && self.planner.burst_final.val());
        self.planner.start.next = self.cmd_valid.val() && self.cmd_ready.val();
        self.planner.start_address.next = self.cmd_address.val();
        self.planner.start_length.next = self.cmd_length.val();
        // Beats.
        self.fifo.push.next = self.r_valid.val();
        self.beat_word.low.next = self.r_data.val();
        self.beat_word.high.next = self.r_error.val().into();
        self.fifo.data_in.next = self.beat_word.whole.val();
        // The FIFO's RAM read (an EBR's slow clock-to-output) goes straight into a register slice.
        self.out_slice.clock.next = self.clock.val();
        self.out_slice.reset.next = self.reset.val();
        self.out_slice.in_valid.next = !self.fifo.empty.val();
        self.out_slice.in_data.next = self.fifo.data_out.val();
        self.fifo.pop.next = self.out_slice.in_ready.val();
        self.popped.next = self.out_slice.in_ready.val() && !self.fifo.empty.val();
        self.out_valid.next = self.out_slice.out_valid.val();
        self.out_data.next = self.out_slice.out_data.val().get_bits::<W>(0);
        // The error flag sits above the data (a literal offset: `W` as a one-step loop index).
        for error_bit in W..(W + 1) {
            self.out_error.next = self.out_slice.out_data.val().get_bit(error_bit);
        }
        self.out_slice.out_ready.next = self.out_pop.val();
        self.unused_total.next = self.planner.total_beats.val();
        self.unused_fifo_full.next = self.fifo.full.val() || self.planner.burst_first.val();
        self.unused_fifo_free.next = self.fifo.free.val();
        self.unused_fifo_count.next = self.fifo.count.val();
        // Reserved = beats requested and not yet popped.
        if self.granted.val() {
            if self.popped.val() {
                self.reserved.d.next = self.reserved.q.val() + self.beats_wide.whole.val() - self.one11.val();
            } else {
                self.reserved.d.next = self.reserved.q.val() + self.beats_wide.whole.val();
            }
        } else if self.popped.val() {
            self.reserved.d.next = self.reserved.q.val() - self.one11.val();
        }
        if self.reset.val() {
            self.reserved.d.next = self.zero_11.val();
        }
    }
}
