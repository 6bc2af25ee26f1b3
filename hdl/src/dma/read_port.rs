//! AXI4 read-port arbiter: three requesters share the master's AR/R channels.
//!
//! Requesters and their ARIDs: descriptor fetcher (`desc_*`, id 0), key reader (`key_*`, id 1),
//! source reader (`src_*`, id 2). Each offers `*_ar_valid`, `*_ar_address` (64, beat aligned),
//! `*_ar_length` (AxLEN = beats - 1) and sees `*_ar_ready`; fixed priority descriptor > key >
//! source (the first two issue a handful of bursts per job). The granted request goes into a
//! two-entry [`OutputQueue`] that drives AR (INCR, full-width beats, ARLOCK 0, ARCACHE 0b0011,
//! ARPROT 0): one AR per cycle at full rate. `ar_accepted` is the AR handshake of the last clock
//! edge, sampled by the top (no top-level input reaches logic here combinationally), and grants
//! depend only on flip-flops (`*_ar_ready` never looks at ARREADY).
//!
//! R: RREADY is always high: every requester reserves room for its beats before it asks, so none
//! can refuse a beat. The R inputs (`rid`, `rdata`, `rresp`, `rlast`, `rvalid`) are the top's
//! registered copies of the bus, one cycle after the beat. A beat goes to the requester named by
//! RID (`*_r_valid`, shared `r_data`, `r_error` = RRESP is SLVERR/DECERR, `r_last`). Key beats
//! reach `rdata` as zero: the key reader takes its data from the top's own key-beat register
//! (`r_key_data`), so no register the descriptor fetcher or the source reader reads ever holds
//! key bytes (flow/src/isolation.rs).
//!
//! `flush` (level, QRESET): no new AR is granted, R beats are accepted and dropped. `idle`: no AR
//! waiting in the output queue and every issued burst has returned its last beat.
//! Latency: request granted in cycle t, ARVALID in t+1; an R beat on the bus in cycle t reaches
//! its requester in t+1.

use super::output_queue::{AddressRequest, OutputQueue};
use crate::{constant, zero};
use crate::{AxiAddr, AxiId};
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct ReadPort<const W: usize> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub flush: Signal<In, Bit>,
    pub idle: Signal<Out, Bit>,
    // requesters
    pub desc_ar_valid: Signal<In, Bit>,
    pub desc_ar_ready: Signal<Out, Bit>,
    pub desc_ar_address: Signal<In, AxiAddr>,
    pub desc_ar_length: Signal<In, Bits<8>>,
    pub desc_r_valid: Signal<Out, Bit>,
    pub key_ar_valid: Signal<In, Bit>,
    pub key_ar_ready: Signal<Out, Bit>,
    pub key_ar_address: Signal<In, AxiAddr>,
    pub key_ar_length: Signal<In, Bits<8>>,
    pub key_r_valid: Signal<Out, Bit>,
    pub src_ar_valid: Signal<In, Bit>,
    pub src_ar_ready: Signal<Out, Bit>,
    pub src_ar_address: Signal<In, AxiAddr>,
    pub src_ar_length: Signal<In, Bits<8>>,
    pub src_r_valid: Signal<Out, Bit>,
    pub r_data: Signal<Out, Bits<W>>,
    pub r_error: Signal<Out, Bit>,
    pub r_last: Signal<Out, Bit>,
    // AXI4 master AR/R
    pub arid: Signal<Out, AxiId>,
    pub araddr: Signal<Out, AxiAddr>,
    pub arlen: Signal<Out, Bits<8>>,
    pub arsize: Signal<Out, Bits<3>>,
    pub arburst: Signal<Out, Bits<2>>,
    pub arlock: Signal<Out, Bit>,
    pub arcache: Signal<Out, Bits<4>>,
    pub arprot: Signal<Out, Bits<3>>,
    pub arvalid: Signal<Out, Bit>,
    pub ar_accepted: Signal<In, Bit>,
    pub rid: Signal<In, AxiId>,
    pub rdata: Signal<In, Bits<W>>,
    pub rresp: Signal<In, Bits<2>>,
    pub rlast: Signal<In, Bit>,
    pub rvalid: Signal<In, Bit>,
    pub rready: Signal<Out, Bit>,
    // state
    ar_queue: OutputQueue<AddressRequest>,
    outstanding: DFF<Bits<10>>,
    load: Signal<Local, Bit>,
    unused_rresp_low: Signal<Local, Bit>,
    issued: Signal<Local, Bit>,
    returned: Signal<Local, Bit>,
    id_desc: Constant<Bits<4>>,
    id_key: Constant<Bits<4>>,
    id_src: Constant<Bits<4>>,
    size_code: Constant<Bits<3>>,
    burst_incr: Constant<Bits<2>>,
    cache_code: Constant<Bits<4>>,
    one10: Constant<Bits<10>>,
    zero_10: Constant<Bits<10>>,
    zero_3: Constant<Bits<3>>,
}

/// ARID of descriptor fetches.
pub const ID_DESCRIPTOR: u64 = 0;
/// ARID of key reads.
pub const ID_KEY: u64 = 1;
/// ARID of source reads.
pub const ID_SOURCE: u64 = 2;

impl<const W: usize> ReadPort<W> {
    pub fn new() -> Self {
        assert!(W == 128 || W == 256 || W == 512);
        ReadPort {
            clock: Default::default(),
            reset: Default::default(),
            flush: Default::default(),
            idle: Default::default(),
            desc_ar_valid: Default::default(),
            desc_ar_ready: Default::default(),
            desc_ar_address: Default::default(),
            desc_ar_length: Default::default(),
            desc_r_valid: Default::default(),
            key_ar_valid: Default::default(),
            key_ar_ready: Default::default(),
            key_ar_address: Default::default(),
            key_ar_length: Default::default(),
            key_r_valid: Default::default(),
            src_ar_valid: Default::default(),
            src_ar_ready: Default::default(),
            src_ar_address: Default::default(),
            src_ar_length: Default::default(),
            src_r_valid: Default::default(),
            r_data: Default::default(),
            r_error: Default::default(),
            r_last: Default::default(),
            arid: Default::default(),
            araddr: Default::default(),
            arlen: Default::default(),
            arsize: Default::default(),
            arburst: Default::default(),
            arlock: Default::default(),
            arcache: Default::default(),
            arprot: Default::default(),
            arvalid: Default::default(),
            ar_accepted: Default::default(),
            rid: Default::default(),
            rdata: Default::default(),
            rresp: Default::default(),
            rlast: Default::default(),
            rvalid: Default::default(),
            rready: Default::default(),
            ar_queue: OutputQueue::new(),
            outstanding: Default::default(),
            load: Default::default(),
            unused_rresp_low: Default::default(),
            issued: Default::default(),
            returned: Default::default(),
            id_desc: Constant::new(ID_DESCRIPTOR.to_bits()),
            id_key: Constant::new(ID_KEY.to_bits()),
            id_src: Constant::new(ID_SOURCE.to_bits()),
            size_code: Constant::new(((W / 8).trailing_zeros() as u64).to_bits()),
            burst_incr: constant(1),
            cache_code: Constant::new(u64::from(spec::AXI_CACHE).to_bits()),
            one10: constant(1),
            zero_10: zero(),
            zero_3: zero(),
        }
    }
}

impl<const W: usize> Default for ReadPort<W> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const W: usize> Logic for ReadPort<W> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, outstanding);
        self.ar_queue.clock.next = self.clock.val();
        self.ar_queue.reset.next = self.reset.val();
        self.ar_queue.accepted.next = self.ar_accepted.val();
        // AR output register.
        self.arid.next = self.ar_queue.out_data.val().id;
        self.araddr.next = self.ar_queue.out_data.val().address;
        self.arlen.next = self.ar_queue.out_data.val().length;
        self.arsize.next = self.size_code.val();
        self.arburst.next = self.burst_incr.val();
        self.arlock.next = false;
        self.arcache.next = self.cache_code.val();
        self.arprot.next = self.zero_3.val();
        self.arvalid.next = self.ar_queue.out_valid.val();
        self.issued.next = self.ar_accepted.val();
        // Grant: the queue has room.
        self.load.next = self.ar_queue.in_ready.val() && !self.flush.val();
        self.ar_queue.in_valid.next = false;
        self.ar_queue.in_data.next.id = self.id_desc.val();
        self.ar_queue.in_data.next.address = self.desc_ar_address.val();
        self.ar_queue.in_data.next.length = self.desc_ar_length.val();
        self.desc_ar_ready.next = false;
        self.key_ar_ready.next = false;
        self.src_ar_ready.next = false;
        if self.load.val() {
            if self.desc_ar_valid.val() {
                self.desc_ar_ready.next = true;
                self.ar_queue.in_valid.next = true;
                self.ar_queue.in_data.next.id = self.id_desc.val();
                self.ar_queue.in_data.next.address = self.desc_ar_address.val();
                self.ar_queue.in_data.next.length = self.desc_ar_length.val();
            } else if self.key_ar_valid.val() {
                self.key_ar_ready.next = true;
                self.ar_queue.in_valid.next = true;
                self.ar_queue.in_data.next.id = self.id_key.val();
                self.ar_queue.in_data.next.address = self.key_ar_address.val();
                self.ar_queue.in_data.next.length = self.key_ar_length.val();
            } else if self.src_ar_valid.val() {
                self.src_ar_ready.next = true;
                self.ar_queue.in_valid.next = true;
                self.ar_queue.in_data.next.id = self.id_src.val();
                self.ar_queue.in_data.next.address = self.src_ar_address.val();
                self.ar_queue.in_data.next.length = self.src_ar_length.val();
            }
        }
        // R routing.
        self.rready.next = true;
        self.r_data.next = self.rdata.val();
        self.r_error.next = self.rresp.val().get_bit(1);
        self.unused_rresp_low.next = self.rresp.val().get_bit(0);
        self.r_last.next = self.rlast.val();
        self.desc_r_valid.next = self.rvalid.val() && (self.rid.val() == self.id_desc.val()) && !self.flush.val();
        self.key_r_valid.next = self.rvalid.val() && (self.rid.val() == self.id_key.val()) && !self.flush.val();
        self.src_r_valid.next = self.rvalid.val() && (self.rid.val() == self.id_src.val()) && !self.flush.val();
        self.returned.next = self.rvalid.val() && self.rlast.val();
        if self.issued.val() && !self.returned.val() {
            self.outstanding.d.next = self.outstanding.q.val() + self.one10.val();
        }
        if self.returned.val() && !self.issued.val() {
            self.outstanding.d.next = self.outstanding.q.val() - self.one10.val();
        }
        self.idle.next = !self.ar_queue.held.val() && (!self.outstanding.q.val().any());
        if self.reset.val() {
            self.outstanding.d.next = self.zero_10.val();
        }
    }
}
