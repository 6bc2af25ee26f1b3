//! Two-entry output queue for an AXI channel the accelerator drives (AR, AW, W), with a
//! *registered* handshake.
//!
//! Why: no top-level input of `aes_ctr_accel` may reach combinational logic (docs/architecture.md
//! "Registered inputs"). The top therefore samples `VALID && READY` of each channel it drives into
//! a flip-flop at the clock edge and hands this queue the result one cycle later as `accepted`
//! ("the entry presented in the previous cycle was taken at the last edge"). The queue drops that
//! entry from what it presents in the same cycle (`out_valid`, `out_data` come from the entry after
//! it), so an entry is never offered twice and one entry per cycle still goes out.
//!
//! Ports: `clock`, `reset` (synchronous, empties the queue); `in_valid`, `in_data`, `in_ready`
//! (room for an entry: computed from flip-flops only, never from `in_valid`); `out_valid`,
//! `out_data` (to the AXI channel); `accepted` (registered handshake, see above); `held` (an entry
//! is held, including one taken at the last edge: for idle detection).
//!
//! Latency: an entry pushed in cycle t is presented in t+1. Throughput: one entry per cycle.

use crate::{constant, zero};
use crate::{AxiAddr, AxiId};
use rust_hdl::prelude::*;

/// An AXI address-channel request (AR or AW): ID, beat-aligned address and AxLEN.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct AddressRequest {
    pub id: AxiId,
    pub address: AxiAddr,
    pub length: Bits<8>,
}

/// Two-entry queue of `D` with a registered-handshake output; see the module documentation.
#[derive(LogicBlock)]
pub struct OutputQueue<D: Synth> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub in_valid: Signal<In, Bit>,
    pub in_data: Signal<In, D>,
    pub in_ready: Signal<Out, Bit>,
    pub out_valid: Signal<Out, Bit>,
    pub out_data: Signal<Out, D>,
    pub accepted: Signal<In, Bit>,
    pub held: Signal<Out, Bit>,
    first: DFF<D>,
    second: DFF<D>,
    head: DFF<Bit>,
    count: DFF<Bits<2>>,
    live_head: Signal<Local, Bit>,
    live_count: Signal<Local, Bits<2>>,
    push: Signal<Local, Bit>,
    write_second: Signal<Local, Bit>,
    one2: Constant<Bits<2>>,
    two2: Constant<Bits<2>>,
    zero_2: Constant<Bits<2>>,
}

impl<D: Synth> OutputQueue<D> {
    pub fn new() -> Self {
        OutputQueue {
            clock: Default::default(),
            reset: Default::default(),
            in_valid: Default::default(),
            in_data: Default::default(),
            in_ready: Default::default(),
            out_valid: Default::default(),
            out_data: Default::default(),
            accepted: Default::default(),
            held: Default::default(),
            first: Default::default(),
            second: Default::default(),
            head: Default::default(),
            count: Default::default(),
            live_head: Default::default(),
            live_count: Default::default(),
            push: Default::default(),
            write_second: Default::default(),
            one2: constant(1),
            two2: constant(2),
            zero_2: zero(),
        }
    }
}

impl<D: Synth> Default for OutputQueue<D> {
    fn default() -> Self {
        Self::new()
    }
}

impl<D: Synth> Logic for OutputQueue<D> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, first, second, head, count);
        // The entry taken at the last edge is gone from this cycle's view.
        self.live_count.next = self.count.q.val();
        self.live_head.next = self.head.q.val();
        if self.accepted.val() && self.count.q.val().any() {
            self.live_count.next = self.count.q.val() - self.one2.val();
            self.live_head.next = !self.head.q.val();
        }
        self.out_valid.next = self.live_count.val().any();
        self.out_data.next = self.first.q.val();
        if self.live_head.val() {
            self.out_data.next = self.second.q.val();
        }
        self.held.next = self.count.q.val().any();
        self.in_ready.next = self.live_count.val() != self.two2.val();
        self.push.next = self.in_valid.val() && (self.live_count.val() != self.two2.val());
        // The new entry goes behind the live one (or to the head slot when none is live).
        self.write_second.next = self.live_head.val() ^ (self.live_count.val().any());
        self.head.d.next = self.live_head.val();
        self.count.d.next = self.live_count.val();
        if self.push.val() {
            self.count.d.next = self.live_count.val() + self.one2.val();
            if self.write_second.val() {
                self.second.d.next = self.in_data.val();
            } else {
                self.first.d.next = self.in_data.val();
            }
        }
        if self.reset.val() {
            self.head.d.next = false;
            self.count.d.next = self.zero_2.val();
        }
    }
}
