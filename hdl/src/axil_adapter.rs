//! AXI4-Lite slave adapter: the AW/W/B and AR/R handshakes of the `s_axil` port, turned into a
//! simple register bus for [`crate::regs::Registers`] (as OpenTitan's `tlul_adapter_reg` serves
//! its `*_reg_top`). It knows nothing of offsets or fields.
//!
//! Ports (all synchronous to `clock`; `reset` is the sampled `rst` pin):
//! - AXI4-Lite side, as sampled by the top (registered handshakes, see `top.rs`): `aw_taken`
//!   (AWVALID && AWREADY at the last edge) with `s_axil_awaddr`, `w_taken` with `s_axil_wdata` and
//!   `s_axil_wstrb`, `b_taken` (BVALID && BREADY), `ar_taken` with `s_axil_araddr`, `r_taken`; out:
//!   `s_axil_awready`, `s_axil_wready`, `s_axil_bvalid` + `s_axil_bresp`, `s_axil_arready`,
//!   `s_axil_rvalid` + `s_axil_rdata` + `s_axil_rresp`. Every READY and VALID is a function of
//!   flip-flops only, held low in the cycle a taken pulse is being absorbed (so nothing is accepted
//!   or offered twice) and while `reset` is high.
//! - register bus ([`RegisterBus`], `bus.*`), write port: `write` (one-cycle request) with `write_address` (byte address as
//!   received), `write_data`, `write_strobe` (WSTRB); in: `write_ready` (the register file can take
//!   a write now; `write` is only raised with it), `write_error` (answer SLVERR instead of OKAY).
//! - register bus, read port: `read` (one-cycle request) with `read_address`; in: `read_data` and
//!   `read_error` of that address in the same cycle (combinational in the register file), captured
//!   into RDATA/RRESP.
//!
//! One request of each kind at a time: one write (AW and W, accepted independently in any order or
//! together) and one read are held until their response has been taken. A read and a write can be
//! requested in the same cycle; the register file then reads the values before the write.
//!
//! Latency: AW+W handshakes at the end of cycle t, `write` in t+2 (later while `write_ready` is low
//! or BVALID still pending), BVALID from t+3. AR handshake at the end of cycle t, `read` in t+1,
//! RVALID (RDATA registered) from t+2. Throughput: one write per 4 cycles and one read per 3
//! cycles with a master that answers at once (each channel takes its next request after the
//! response of the last).

use crate::zero;
use crate::AxilAddr;
use rust_hdl::prelude::*;

/// The register bus as the adapter drives it (requests out, answers in); the register file holds
/// the mate, [`RegisterBusTarget`], and the parent joins the two (`RegisterBus::join`).
#[derive(LogicInterface, Default)]
#[join = "RegisterBusTarget"]
pub struct RegisterBus {
    pub write: Signal<Out, Bit>,
    pub write_address: Signal<Out, AxilAddr>,
    pub write_data: Signal<Out, Bits<32>>,
    pub write_strobe: Signal<Out, Bits<4>>,
    pub write_ready: Signal<In, Bit>,
    pub write_error: Signal<In, Bit>,
    pub read: Signal<Out, Bit>,
    pub read_address: Signal<Out, AxilAddr>,
    pub read_data: Signal<In, Bits<32>>,
    pub read_error: Signal<In, Bit>,
}

/// The register file's side of [`RegisterBus`] (the same signals, directions flipped).
#[derive(LogicInterface, Default)]
#[join = "RegisterBus"]
pub struct RegisterBusTarget {
    pub write: Signal<In, Bit>,
    pub write_address: Signal<In, AxilAddr>,
    pub write_data: Signal<In, Bits<32>>,
    pub write_strobe: Signal<In, Bits<4>>,
    pub write_ready: Signal<Out, Bit>,
    pub write_error: Signal<Out, Bit>,
    pub read: Signal<In, Bit>,
    pub read_address: Signal<In, AxilAddr>,
    pub read_data: Signal<Out, Bits<32>>,
    pub read_error: Signal<Out, Bit>,
}

/// The AXI4-Lite slave adapter (see the module documentation).
#[derive(LogicBlock)]
pub struct AxilAdapter {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    // ---- AXI4-Lite slave (sampled handshakes) ----
    pub s_axil_awaddr: Signal<In, AxilAddr>,
    pub aw_taken: Signal<In, Bit>,
    pub s_axil_awready: Signal<Out, Bit>,
    pub s_axil_wdata: Signal<In, Bits<32>>,
    pub s_axil_wstrb: Signal<In, Bits<4>>,
    pub w_taken: Signal<In, Bit>,
    pub s_axil_wready: Signal<Out, Bit>,
    pub s_axil_bresp: Signal<Out, Bits<2>>,
    pub s_axil_bvalid: Signal<Out, Bit>,
    pub b_taken: Signal<In, Bit>,
    pub s_axil_araddr: Signal<In, AxilAddr>,
    pub ar_taken: Signal<In, Bit>,
    pub s_axil_arready: Signal<Out, Bit>,
    pub s_axil_rdata: Signal<Out, Bits<32>>,
    pub s_axil_rresp: Signal<Out, Bits<2>>,
    pub s_axil_rvalid: Signal<Out, Bit>,
    pub r_taken: Signal<In, Bit>,
    pub bus: RegisterBus,
    // ---- state ----
    aw_held: DFF<Bit>,
    aw_address: DFF<AxilAddr>,
    w_held: DFF<Bit>,
    w_data: DFF<Bits<32>>,
    w_strobe: DFF<Bits<4>>,
    b_valid: DFF<Bit>,
    b_error: DFF<Bit>,
    r_valid: DFF<Bit>,
    r_data: DFF<Bits<32>>,
    r_error: DFF<Bit>,
    // ---- constants ----
    /// BRESP/RRESP: OKAY (0) or SLVERR.
    resp_okay: Constant<Bits<2>>,
    resp_slverr: Constant<Bits<2>>,
    zero_12: Constant<AxilAddr>,
    zero_4: Constant<Bits<4>>,
}

impl AxilAdapter {
    /// The adapter (it has no parameters).
    pub fn new() -> AxilAdapter {
        AxilAdapter {
            clock: Default::default(),
            reset: Default::default(),
            s_axil_awaddr: Default::default(),
            aw_taken: Default::default(),
            s_axil_awready: Default::default(),
            s_axil_wdata: Default::default(),
            s_axil_wstrb: Default::default(),
            w_taken: Default::default(),
            s_axil_wready: Default::default(),
            s_axil_bresp: Default::default(),
            s_axil_bvalid: Default::default(),
            b_taken: Default::default(),
            s_axil_araddr: Default::default(),
            ar_taken: Default::default(),
            s_axil_arready: Default::default(),
            s_axil_rdata: Default::default(),
            s_axil_rresp: Default::default(),
            s_axil_rvalid: Default::default(),
            r_taken: Default::default(),
            bus: Default::default(),
            aw_held: Default::default(),
            aw_address: Default::default(),
            w_held: Default::default(),
            w_data: Default::default(),
            w_strobe: Default::default(),
            b_valid: Default::default(),
            b_error: Default::default(),
            r_valid: Default::default(),
            r_data: Default::default(),
            r_error: Default::default(),
            resp_okay: zero(),
            resp_slverr: crate::constant(0b10),
            zero_12: zero(),
            zero_4: zero(),
        }
    }
}

impl Default for AxilAdapter {
    fn default() -> Self {
        Self::new()
    }
}

impl Logic for AxilAdapter {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self, clock, aw_held, aw_address, w_held, w_data, w_strobe, b_valid, b_error, r_valid, r_data, r_error
        );

        // ---- handshakes ---------------------------------------------------------------------
        self.s_axil_awready.next = !self.aw_held.q.val() && !self.aw_taken.val() && !self.reset.val();
        self.s_axil_wready.next = !self.w_held.q.val() && !self.w_taken.val() && !self.reset.val();
        self.s_axil_bvalid.next = self.b_valid.q.val() && !self.b_taken.val();
        self.s_axil_bresp.next = self.resp_okay.val();
        if self.b_error.q.val() {
            self.s_axil_bresp.next = self.resp_slverr.val();
        }
        self.s_axil_arready.next = !self.r_valid.q.val() && !self.ar_taken.val() && !self.reset.val();
        self.s_axil_rvalid.next = self.r_valid.q.val() && !self.r_taken.val();
        self.s_axil_rdata.next = self.r_data.q.val();
        self.s_axil_rresp.next = self.resp_okay.val();
        if self.r_error.q.val() {
            self.s_axil_rresp.next = self.resp_slverr.val();
        }
        if self.aw_taken.val() {
            self.aw_held.d.next = true;
            self.aw_address.d.next = self.s_axil_awaddr.val();
        }
        if self.w_taken.val() {
            self.w_held.d.next = true;
            self.w_data.d.next = self.s_axil_wdata.val();
            self.w_strobe.d.next = self.s_axil_wstrb.val();
        }
        if self.b_taken.val() {
            self.b_valid.d.next = false;
        }

        // ---- write port: once AW and W are held and no response is pending ------------------
        self.bus.write.next =
            self.aw_held.q.val() && self.w_held.q.val() && !self.b_valid.q.val() && self.bus.write_ready.val();
        self.bus.write_address.next = self.aw_address.q.val();
        self.bus.write_data.next = self.w_data.q.val();
        self.bus.write_strobe.next = self.w_strobe.q.val();
        if self.bus.write.val() {
            self.aw_held.d.next = false;
            self.w_held.d.next = false;
            self.b_valid.d.next = true;
            self.b_error.d.next = self.bus.write_error.val();
        }

        // ---- read port: in the cycle after the AR handshake --------------------------------
        self.bus.read.next = self.ar_taken.val();
        self.bus.read_address.next = self.s_axil_araddr.val();
        if self.ar_taken.val() {
            self.r_valid.d.next = true;
            self.r_data.d.next = self.bus.read_data.val();
            self.r_error.d.next = self.bus.read_error.val();
        }
        if self.r_taken.val() {
            self.r_valid.d.next = false;
        }

        if self.reset.val() {
            self.aw_held.d.next = false;
            self.aw_address.d.next = self.zero_12.val();
            self.w_held.d.next = false;
            self.w_data.d.next = 0_u32.to_bits();
            self.w_strobe.d.next = self.zero_4.val();
            self.b_valid.d.next = false;
            self.b_error.d.next = false;
            self.r_valid.d.next = false;
            self.r_data.d.next = 0_u32.to_bits();
            self.r_error.d.next = false;
        }
    }
}
