//! AXI4 write-port arbiter: the destination writer (AWID 0) and the completion writer (AWID 1)
//! share the master's AW/W/B channels.
//!
//! AW: each requester offers `*_aw_valid`, `*_aw_address`, `*_aw_length` (AwLEN) and sees
//! `*_aw_ready`; completions win over data. The grant goes into a two-entry [`OutputQueue`] that
//! drives AW (INCR, full-width beats, AWLOCK 0, AWCACHE 0b0011, AWPROT 0) and into a four-entry
//! W-order queue (requester, length), so the next AW can go out while the previous burst's data
//! streams.
//!
//! W: beats come from the requester at the head of the W-order queue (`*_w_valid`, `*_w_data`,
//! `*_w_strobe`, `*_w_ready`), in AW order, into a two-entry W [`OutputQueue`] (data, strobes and
//! the WLAST generated here from the recorded length) that drives W at one beat per cycle.
//! WVALID waits until the AW of the beat's burst has been accepted (`aw_credit`: accepted AWs
//! whose W burst has not completed, kept from the registered handshakes), so no W beat ever runs
//! ahead of its AW and an interconnect may route W by the AW it has seen (proved by formal/,
//! W_AFTER_AW). A burst's first beat can go out the cycle after its AW is accepted; the next AW is
//! normally accepted while the previous burst streams.
//! `aw_accepted` / `w_accepted` are the AW / W handshakes of the last clock edge, sampled by the
//! top: no top-level input reaches logic here combinationally, and `*_aw_ready` / `*_w_ready`
//! depend only on flip-flops.
//!
//! B: BREADY is always high; the B inputs are the top's registered copies of the bus (one cycle
//! after the response); a response goes to the requester named by BID (`*_b_valid`, shared
//! `b_error` = BRESP is SLVERR/DECERR).
//!
//! `flush` (level, QRESET): no new AW is granted; the W beats still owed for granted bursts are
//! generated here with WSTRB = 0 (so they change no byte); B responses are dropped. `idle`: no AW
//! waiting, no W owed or queued and every burst has had its response.
//! Latency: grant in cycle t, AWVALID in t+1; a beat taken from a requester in cycle t is on W in
//! t+1.

use super::output_queue::{AddressRequest, OutputQueue};
use super::small_fifo::SmallFifo;
use crate::{constant, zero};
use crate::{AxiAddr, AxiId};
use rust_hdl::prelude::*;

/// A W-order entry: the burst's AwLEN and whether it is a completion write.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct Order {
    pub length: Bits<8>,
    pub completion: Bit,
}

#[derive(LogicBlock)]
pub struct WritePort<const W: usize, const S: usize> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub flush: Signal<In, Bit>,
    pub idle: Signal<Out, Bit>,
    // requesters
    pub dst_aw_valid: Signal<In, Bit>,
    pub dst_aw_ready: Signal<Out, Bit>,
    pub dst_aw_address: Signal<In, AxiAddr>,
    pub dst_aw_length: Signal<In, Bits<8>>,
    pub dst_w_valid: Signal<In, Bit>,
    pub dst_w_ready: Signal<Out, Bit>,
    pub dst_w_data: Signal<In, Bits<W>>,
    pub dst_w_strobe: Signal<In, Bits<S>>,
    pub dst_b_valid: Signal<Out, Bit>,
    pub cpl_aw_valid: Signal<In, Bit>,
    pub cpl_aw_ready: Signal<Out, Bit>,
    pub cpl_aw_address: Signal<In, AxiAddr>,
    pub cpl_aw_length: Signal<In, Bits<8>>,
    pub cpl_w_valid: Signal<In, Bit>,
    pub cpl_w_ready: Signal<Out, Bit>,
    pub cpl_w_data: Signal<In, Bits<W>>,
    pub cpl_w_strobe: Signal<In, Bits<S>>,
    pub cpl_b_valid: Signal<Out, Bit>,
    pub b_error: Signal<Out, Bit>,
    // AXI4 master AW/W/B
    pub awid: Signal<Out, AxiId>,
    pub awaddr: Signal<Out, AxiAddr>,
    pub awlen: Signal<Out, Bits<8>>,
    pub awsize: Signal<Out, Bits<3>>,
    pub awburst: Signal<Out, Bits<2>>,
    pub awlock: Signal<Out, Bit>,
    pub awcache: Signal<Out, Bits<4>>,
    pub awprot: Signal<Out, Bits<3>>,
    pub awvalid: Signal<Out, Bit>,
    pub aw_accepted: Signal<In, Bit>,
    pub wdata: Signal<Out, Bits<W>>,
    pub wstrb: Signal<Out, Bits<S>>,
    pub wlast: Signal<Out, Bit>,
    pub wvalid: Signal<Out, Bit>,
    pub w_accepted: Signal<In, Bit>,
    pub bid: Signal<In, AxiId>,
    pub bresp: Signal<In, Bits<2>>,
    pub bvalid: Signal<In, Bit>,
    pub bready: Signal<Out, Bit>,
    // state
    order: SmallFifo<Order>,
    aw_queue: OutputQueue<AddressRequest>,
    w_data_queue: OutputQueue<Bits<W>>,
    w_strobe_queue: OutputQueue<Bits<S>>,
    w_last_queue: OutputQueue<Bit>,
    w_push: Signal<Local, Bit>,
    unused_w_side: Signal<Local, Bit>,
    beat: DFF<Bits<8>>,
    outstanding: DFF<Bits<10>>,
    aw_credit: DFF<Bits<3>>,
    credit_now: Signal<Local, Bits<3>>,
    last_presented: DFF<Bit>,
    load: Signal<Local, Bit>,
    unused_bresp_low: Signal<Local, Bit>,
    unused_order_count: Signal<Local, Bits<5>>,
    issued: Signal<Local, Bit>,
    answered: Signal<Local, Bit>,
    head_is_cpl: Signal<Local, Bit>,
    head_length: Signal<Local, Bits<8>>,
    last_beat: Signal<Local, Bit>,
    beat_done: Signal<Local, Bit>,
    id_dst: Constant<Bits<4>>,
    id_cpl: Constant<Bits<4>>,
    size_code: Constant<Bits<3>>,
    burst_incr: Constant<Bits<2>>,
    cache_code: Constant<Bits<4>>,
    zero_strobe: Constant<Bits<S>>,
    zero_data: Constant<Bits<W>>,
    one10: Constant<Bits<10>>,
    zero_10: Constant<Bits<10>>,
    one3: Constant<Bits<3>>,
    zero_3: Constant<Bits<3>>,
}

/// AWID of destination data bursts.
pub const ID_DESTINATION: u64 = 0;
/// AWID of completion writes.
pub const ID_COMPLETION: u64 = 1;

impl<const W: usize, const S: usize> WritePort<W, S> {
    pub fn new() -> Self {
        assert!((W == 128 || W == 256 || W == 512) && S * 8 == W);
        WritePort {
            clock: Default::default(),
            reset: Default::default(),
            flush: Default::default(),
            idle: Default::default(),
            dst_aw_valid: Default::default(),
            dst_aw_ready: Default::default(),
            dst_aw_address: Default::default(),
            dst_aw_length: Default::default(),
            dst_w_valid: Default::default(),
            dst_w_ready: Default::default(),
            dst_w_data: Default::default(),
            dst_w_strobe: Default::default(),
            dst_b_valid: Default::default(),
            cpl_aw_valid: Default::default(),
            cpl_aw_ready: Default::default(),
            cpl_aw_address: Default::default(),
            cpl_aw_length: Default::default(),
            cpl_w_valid: Default::default(),
            cpl_w_ready: Default::default(),
            cpl_w_data: Default::default(),
            cpl_w_strobe: Default::default(),
            cpl_b_valid: Default::default(),
            b_error: Default::default(),
            awid: Default::default(),
            awaddr: Default::default(),
            awlen: Default::default(),
            awsize: Default::default(),
            awburst: Default::default(),
            awlock: Default::default(),
            awcache: Default::default(),
            awprot: Default::default(),
            awvalid: Default::default(),
            aw_accepted: Default::default(),
            wdata: Default::default(),
            wstrb: Default::default(),
            wlast: Default::default(),
            wvalid: Default::default(),
            w_accepted: Default::default(),
            bid: Default::default(),
            bresp: Default::default(),
            bvalid: Default::default(),
            bready: Default::default(),
            order: SmallFifo::new(4),
            aw_queue: OutputQueue::new(),
            w_data_queue: OutputQueue::new(),
            w_strobe_queue: OutputQueue::new(),
            w_last_queue: OutputQueue::new(),
            w_push: Default::default(),
            unused_w_side: Default::default(),
            beat: Default::default(),
            outstanding: Default::default(),
            aw_credit: Default::default(),
            credit_now: Default::default(),
            last_presented: Default::default(),
            load: Default::default(),
            unused_bresp_low: Default::default(),
            unused_order_count: Default::default(),
            issued: Default::default(),
            answered: Default::default(),
            head_is_cpl: Default::default(),
            head_length: Default::default(),
            last_beat: Default::default(),
            beat_done: Default::default(),
            id_dst: Constant::new(ID_DESTINATION.to_bits()),
            id_cpl: Constant::new(ID_COMPLETION.to_bits()),
            size_code: Constant::new(((W / 8).trailing_zeros() as u64).to_bits()),
            burst_incr: constant(1),
            cache_code: Constant::new(u64::from(spec::AXI_CACHE).to_bits()),
            zero_strobe: zero(),
            zero_data: zero(),
            one10: constant(1),
            zero_10: zero(),
            one3: constant(1),
            zero_3: zero(),
        }
    }
}

impl<const W: usize, const S: usize> Default for WritePort<W, S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const W: usize, const S: usize> Logic for WritePort<W, S> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, beat, outstanding, aw_credit, last_presented);
        self.order.clock.next = self.clock.val();
        self.order.reset.next = self.reset.val();
        self.aw_queue.clock.next = self.clock.val();
        self.aw_queue.reset.next = self.reset.val();
        self.aw_queue.accepted.next = self.aw_accepted.val();
        self.w_data_queue.clock.next = self.clock.val();
        self.w_data_queue.reset.next = self.reset.val();
        self.w_data_queue.accepted.next = self.w_accepted.val();
        self.w_strobe_queue.clock.next = self.clock.val();
        self.w_strobe_queue.reset.next = self.reset.val();
        self.w_strobe_queue.accepted.next = self.w_accepted.val();
        self.w_last_queue.clock.next = self.clock.val();
        self.w_last_queue.reset.next = self.reset.val();
        self.w_last_queue.accepted.next = self.w_accepted.val();
        // AW output queue.
        self.awid.next = self.aw_queue.out_data.val().id;
        self.awaddr.next = self.aw_queue.out_data.val().address;
        self.awlen.next = self.aw_queue.out_data.val().length;
        self.awsize.next = self.size_code.val();
        self.awburst.next = self.burst_incr.val();
        self.awlock.next = false;
        self.awcache.next = self.cache_code.val();
        self.awprot.next = self.zero_3.val();
        self.awvalid.next = self.aw_queue.out_valid.val();
        self.issued.next = self.aw_accepted.val();
        self.load.next = self.aw_queue.in_ready.val() && !self.flush.val() && !self.order.full.val();
        self.dst_aw_ready.next = false;
        self.cpl_aw_ready.next = false;
        self.order.push.next = false;
        self.order.data_in.next.length = self.dst_aw_length.val();
        self.order.data_in.next.completion = false;
        self.aw_queue.in_valid.next = false;
        self.aw_queue.in_data.next.id = self.id_dst.val();
        self.aw_queue.in_data.next.address = self.dst_aw_address.val();
        self.aw_queue.in_data.next.length = self.dst_aw_length.val();
        if self.load.val() {
            if self.cpl_aw_valid.val() {
                self.cpl_aw_ready.next = true;
                self.aw_queue.in_valid.next = true;
                self.aw_queue.in_data.next.id = self.id_cpl.val();
                self.aw_queue.in_data.next.address = self.cpl_aw_address.val();
                self.aw_queue.in_data.next.length = self.cpl_aw_length.val();
                self.order.push.next = true;
                self.order.data_in.next.length = self.cpl_aw_length.val();
                self.order.data_in.next.completion = true;
            } else if self.dst_aw_valid.val() {
                self.dst_aw_ready.next = true;
                self.aw_queue.in_valid.next = true;
                self.order.push.next = true;
            }
        }
        // W: beats of the burst at the head of the order queue go into the W output queue.
        self.head_is_cpl.next = self.order.data_out.val().completion;
        self.head_length.next = self.order.data_out.val().length;
        self.last_beat.next = self.beat.q.val() == self.head_length.val();
        self.dst_w_ready.next = false;
        self.cpl_w_ready.next = false;
        self.w_push.next = false;
        self.w_data_queue.in_data.next = self.dst_w_data.val();
        self.w_strobe_queue.in_data.next = self.dst_w_strobe.val();
        if !self.order.empty.val() && self.w_data_queue.in_ready.val() {
            if self.flush.val() {
                self.w_push.next = true;
                self.w_data_queue.in_data.next = self.zero_data.val();
                self.w_strobe_queue.in_data.next = self.zero_strobe.val();
            } else if self.head_is_cpl.val() {
                self.cpl_w_ready.next = true;
                self.w_push.next = self.cpl_w_valid.val();
                self.w_data_queue.in_data.next = self.cpl_w_data.val();
                self.w_strobe_queue.in_data.next = self.cpl_w_strobe.val();
            } else {
                self.dst_w_ready.next = true;
                self.w_push.next = self.dst_w_valid.val();
            }
        }
        self.w_data_queue.in_valid.next = self.w_push.val();
        self.w_strobe_queue.in_valid.next = self.w_push.val();
        self.w_last_queue.in_valid.next = self.w_push.val();
        self.w_last_queue.in_data.next = self.last_beat.val();
        // AW credit as of this cycle: the handshakes of the last edge (`aw_accepted`, and a W beat
        // taken that was its burst's last) applied to the register.
        self.credit_now.next = self.aw_credit.q.val();
        if self.issued.val() && !(self.w_accepted.val() && self.last_presented.q.val()) {
            self.credit_now.next = self.aw_credit.q.val() + self.one3.val();
        }
        if !self.issued.val() && self.w_accepted.val() && self.last_presented.q.val() {
            self.credit_now.next = self.aw_credit.q.val() - self.one3.val();
        }
        self.aw_credit.d.next = self.credit_now.val();
        self.last_presented.d.next = self.w_last_queue.out_data.val();
        self.wvalid.next = self.w_data_queue.out_valid.val() && self.credit_now.val().any();
        self.wdata.next = self.w_data_queue.out_data.val();
        self.wstrb.next = self.w_strobe_queue.out_data.val();
        self.wlast.next = self.w_last_queue.out_data.val();
        // The strobe and last queues move in step with the data queue.
        self.unused_w_side.next = self.w_strobe_queue.in_ready.val()
            || self.w_strobe_queue.out_valid.val()
            || self.w_strobe_queue.held.val()
            || self.w_last_queue.in_ready.val()
            || self.w_last_queue.out_valid.val()
            || self.w_last_queue.held.val();
        self.beat_done.next = self.w_push.val();
        self.order.pop.next = false;
        if self.beat_done.val() {
            if self.last_beat.val() {
                self.beat.d.next = 0_u8.to_bits();
                self.order.pop.next = true;
            } else {
                self.beat.d.next = self.beat.q.val() + 1_u8.to_bits();
            }
        }
        // B routing.
        self.bready.next = true;
        self.b_error.next = self.bresp.val().get_bit(1);
        self.unused_bresp_low.next = self.bresp.val().get_bit(0);
        self.unused_order_count.next = self.order.count.val();
        self.dst_b_valid.next = self.bvalid.val() && (self.bid.val() == self.id_dst.val()) && !self.flush.val();
        self.cpl_b_valid.next = self.bvalid.val() && (self.bid.val() == self.id_cpl.val()) && !self.flush.val();
        self.answered.next = self.bvalid.val();
        if self.issued.val() && !self.answered.val() {
            self.outstanding.d.next = self.outstanding.q.val() + self.one10.val();
        }
        if self.answered.val() && !self.issued.val() {
            self.outstanding.d.next = self.outstanding.q.val() - self.one10.val();
        }
        self.idle.next = !self.aw_queue.held.val()
            && self.order.empty.val()
            && !self.w_data_queue.held.val()
            && (!self.outstanding.q.val().any());
        if self.reset.val() {
            self.beat.d.next = 0_u8.to_bits();
            self.outstanding.d.next = self.zero_10.val();
            self.aw_credit.d.next = self.zero_3.val();
        }
    }
}
