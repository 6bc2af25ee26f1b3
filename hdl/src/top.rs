//! The accelerator top `aes_ctr_accel` (SPEC §1): registers, DMA engine and AES keystream engine.
//!
//! Ports (flat, exact SPEC names): `clk`, `rst` (active high, synchronous, zeroizes every key),
//! `irq`, the AXI4-Lite slave `s_axil_*` (32-bit data, 12-bit addresses) and the AXI4 master
//! `m_axi_*` (64-bit addresses, `W`-bit data, `W/8` strobes, 4-bit IDs). rust-hdl names the module
//! `top`; [`crate::emit`] renames it and writes the file.
//!
//! Structure (one block per file under `dma/`):
//! ```text
//!  s_axil -> Registers --ring state--> DescriptorFetcher -> Dispatcher -+-> AesEngine (keystream)
//!                                          ^ AR/R (id 0)        |        +-> SourceReader (AR/R id 2)
//!                                                               |        +-> KeystreamMerge -> DestinationWriter (AW/W/B id 0)
//!                                          KeyReader (AR/R id 1)+        +-> CompletionWriter (AW/W/B id 1)
//!  ReadPort: AR arbiter + R routing by RID;  WritePort: AW arbiter, W in AW order, B routing by BID
//! ```
//! "Registers" is two blocks: the AXI4-Lite adapter (`axil`, AW/W/B and AR/R handshakes) and the
//! register file (`regs`) behind it on a simple register bus.
//! Jobs pipeline: while one job is merged and written, the next job's descriptor is decoded, its
//! source read and its keystream generated.
//!
//! Registered inputs: every top-level input goes straight into a flip-flop here and nothing else
//! reads an input port; the handshakes of the channels the accelerator drives are sampled at the
//! edge (`ar_accepted`, `aw_accepted`, `w_accepted`, the AXI4-Lite `*_taken`) and consumed one
//! cycle later by the output queues and the registers (docs/architecture.md "Registered inputs",
//! enforced by hdl/tests/registered_inputs.rs). `rst` acts one cycle after the pin.
//!
//! Key isolation: R data of key beats (RID 1) goes only into `r_key_data`, which holds a beat for
//! one cycle and is zero otherwise; `r_data`, which the other requesters read, takes key beats as
//! zero. With the register file's KEY_DATA words merged apart from the other registers, no key
//! bit has a path to a register read (flow/src/isolation.rs checks the emitted netlist).
//!
//! QRESET: the register pulse starts a flush (`flushing`): the ports grant nothing new, drop R and
//! B, and send the W beats still owed with WSTRB 0; the engine's keystream is drained. When both
//! ports and the engine are idle, a one-cycle soft reset clears every DMA block (keys and registers
//! are kept, the hidden INLINE_KEY slot is zeroized) and tells the registers to clear the ring
//! indices, the phase and HALTED.
//!
//! Key commands from the registers (KEY_CTRL) and from descriptors share the engine's key port; a
//! descriptor's command wins a simultaneous request (CSR key commands are for an idle engine).

use crate::axil_adapter::{AxilAdapter, RegisterBus};
use crate::config::Config;
use crate::constant;
use crate::dma::completion_writer::CompletionWriter;
use crate::dma::descriptor_fetcher::DescriptorFetcher;
use crate::dma::destination_writer::DestinationWriter;
use crate::dma::dispatcher::Dispatcher;
use crate::dma::key_reader::KeyReader;
use crate::dma::keystream_merge::KeystreamMerge;
use crate::dma::read_port::ReadPort;
use crate::dma::source_reader::SourceReader;
use crate::dma::write_port::WritePort;
use crate::keystream_engine::AesEngine;
use crate::register_slice::RegisterSlice;
use crate::regs::Registers;
use crate::{AxiAddr, AxiId, AxilAddr};
use rust_hdl::prelude::*;

/// The accelerator for a bus of `W` bits; `S` = W/8, `W1` = W+1, `W2` = 2W, `WS` = W+S.
#[derive(LogicBlock)]
pub struct AesCtrAccel<const W: usize, const S: usize, const W1: usize, const W2: usize, const WS: usize> {
    pub clk: Signal<In, Clock>,
    pub rst: Signal<In, Bit>,
    pub irq: Signal<Out, Bit>,
    pub s_axil_awaddr: Signal<In, AxilAddr>,
    pub s_axil_awprot: Signal<In, Bits<3>>,
    pub s_axil_awvalid: Signal<In, Bit>,
    pub s_axil_awready: Signal<Out, Bit>,
    pub s_axil_wdata: Signal<In, Bits<32>>,
    pub s_axil_wstrb: Signal<In, Bits<4>>,
    pub s_axil_wvalid: Signal<In, Bit>,
    pub s_axil_wready: Signal<Out, Bit>,
    pub s_axil_bresp: Signal<Out, Bits<2>>,
    pub s_axil_bvalid: Signal<Out, Bit>,
    pub s_axil_bready: Signal<In, Bit>,
    pub s_axil_araddr: Signal<In, AxilAddr>,
    pub s_axil_arprot: Signal<In, Bits<3>>,
    pub s_axil_arvalid: Signal<In, Bit>,
    pub s_axil_arready: Signal<Out, Bit>,
    pub s_axil_rdata: Signal<Out, Bits<32>>,
    pub s_axil_rresp: Signal<Out, Bits<2>>,
    pub s_axil_rvalid: Signal<Out, Bit>,
    pub s_axil_rready: Signal<In, Bit>,
    pub m_axi_awid: Signal<Out, AxiId>,
    pub m_axi_awaddr: Signal<Out, AxiAddr>,
    pub m_axi_awlen: Signal<Out, Bits<8>>,
    pub m_axi_awsize: Signal<Out, Bits<3>>,
    pub m_axi_awburst: Signal<Out, Bits<2>>,
    pub m_axi_awlock: Signal<Out, Bit>,
    pub m_axi_awcache: Signal<Out, Bits<4>>,
    pub m_axi_awprot: Signal<Out, Bits<3>>,
    pub m_axi_awvalid: Signal<Out, Bit>,
    pub m_axi_awready: Signal<In, Bit>,
    pub m_axi_wdata: Signal<Out, Bits<W>>,
    pub m_axi_wstrb: Signal<Out, Bits<S>>,
    pub m_axi_wlast: Signal<Out, Bit>,
    pub m_axi_wvalid: Signal<Out, Bit>,
    pub m_axi_wready: Signal<In, Bit>,
    pub m_axi_bid: Signal<In, AxiId>,
    pub m_axi_bresp: Signal<In, Bits<2>>,
    pub m_axi_bvalid: Signal<In, Bit>,
    pub m_axi_bready: Signal<Out, Bit>,
    pub m_axi_arid: Signal<Out, AxiId>,
    pub m_axi_araddr: Signal<Out, AxiAddr>,
    pub m_axi_arlen: Signal<Out, Bits<8>>,
    pub m_axi_arsize: Signal<Out, Bits<3>>,
    pub m_axi_arburst: Signal<Out, Bits<2>>,
    pub m_axi_arlock: Signal<Out, Bit>,
    pub m_axi_arcache: Signal<Out, Bits<4>>,
    pub m_axi_arprot: Signal<Out, Bits<3>>,
    pub m_axi_arvalid: Signal<Out, Bit>,
    pub m_axi_arready: Signal<In, Bit>,
    pub m_axi_rid: Signal<In, AxiId>,
    pub m_axi_rdata: Signal<In, Bits<W>>,
    pub m_axi_rresp: Signal<In, Bits<2>>,
    pub m_axi_rlast: Signal<In, Bit>,
    pub m_axi_rvalid: Signal<In, Bit>,
    pub m_axi_rready: Signal<Out, Bit>,
    axil: AxilAdapter,
    regs: Registers,
    fetcher: DescriptorFetcher<W>,
    dispatcher: Dispatcher,
    key_reader: KeyReader<W>,
    engine: AesEngine<W>,
    source: SourceReader<W, W1>,
    merge: KeystreamMerge<W, S, W2>,
    keystream_slice: RegisterSlice<Bits<W>>,
    destination: DestinationWriter<W, S, WS>,
    completion: CompletionWriter<W, S>,
    read_port: ReadPort<W>,
    write_port: WritePort<W, S>,
    // Input sampling: every top-level input goes straight into one of these flip-flops
    // (docs/architecture.md "Registered inputs").
    reset_sampled: DFF<Bit>,
    axil_aw_taken: DFF<Bit>,
    axil_awaddr: DFF<AxilAddr>,
    axil_w_taken: DFF<Bit>,
    axil_wdata: DFF<Bits<32>>,
    axil_wstrb: DFF<Bits<4>>,
    axil_b_taken: DFF<Bit>,
    axil_ar_taken: DFF<Bit>,
    axil_araddr: DFF<AxilAddr>,
    axil_r_taken: DFF<Bit>,
    ar_accepted: DFF<Bit>,
    aw_accepted: DFF<Bit>,
    w_accepted: DFF<Bit>,
    r_id: DFF<AxiId>,
    /// R data of every beat but key beats (RID 1), which it takes as zero: the data the descriptor
    /// fetcher and the source reader see.
    r_data: DFF<Bits<W>>,
    /// R data of key beats only, for the one cycle after the beat, else zero: the key reader's.
    r_key_data: DFF<Bits<W>>,
    id_key: Constant<AxiId>,
    zero_w: Constant<Bits<W>>,
    r_resp: DFF<Bits<2>>,
    r_last: DFF<Bit>,
    r_valid: DFF<Bit>,
    b_id: DFF<AxiId>,
    b_resp: DFF<Bits<2>>,
    b_valid: DFF<Bit>,
    unused_axil_prot: Signal<Local, Bits<3>>,
    unused_axil_arprot: Signal<Local, Bits<3>>,
    flushing: DFF<Bit>,
    soft_reset: DFF<Bit>,
    csr_key_owner: DFF<Bit>,
    dma_reset: Signal<Local, Bit>,
    flush_done: Signal<Local, Bit>,
    dispatcher_key_active: Signal<Local, Bit>,
    csr_load: Signal<Local, Bit>,
    csr_zeroize: Signal<Local, Bit>,
    csr_zeroize_all: Signal<Local, Bit>,
    // Outputs of shared blocks this design does not need (names matching *unused* are exempt
    // from Verilator's UNUSED lint by its default --unused-regexp).
    unused_sq_head: Signal<Local, Bits<16>>,
    unused_flags: Signal<Local, Bit>,
    unused_key_size: Signal<Local, Bits<2>>,
    unused_keystream_lanes: Signal<Local, Bits<4>>,
    hidden_slot: Constant<Bits<5>>,
}

impl<const W: usize, const S: usize, const W1: usize, const W2: usize, const WS: usize> AesCtrAccel<W, S, W1, W2, WS> {
    /// The accelerator of a validated configuration whose bus width is `W`.
    pub fn new(config: &Config) -> Self {
        config.validate().expect("AesCtrAccel::new needs a valid configuration");
        assert_eq!(config.bus_bits as usize, W, "AesCtrAccel<{W}> built for bus_bits {}", config.bus_bits);
        assert!(S * 8 == W && W1 == W + 1 && W2 == 2 * W && WS == W + S, "AesCtrAccel: derived widths");
        let bus_bytes = (W / 8) as u64;
        let max_burst = config.max_burst as u64;
        let burst_beats = spec::burst_beats(max_burst, bus_bytes) as usize;
        let source_depth = (4 * burst_beats).clamp(64, 1024);
        let destination_depth = (4 * burst_beats).clamp(32, 1024);
        AesCtrAccel {
            clk: Default::default(),
            rst: Default::default(),
            irq: Default::default(),
            s_axil_awaddr: Default::default(),
            s_axil_awprot: Default::default(),
            s_axil_awvalid: Default::default(),
            s_axil_awready: Default::default(),
            s_axil_wdata: Default::default(),
            s_axil_wstrb: Default::default(),
            s_axil_wvalid: Default::default(),
            s_axil_wready: Default::default(),
            s_axil_bresp: Default::default(),
            s_axil_bvalid: Default::default(),
            s_axil_bready: Default::default(),
            s_axil_araddr: Default::default(),
            s_axil_arprot: Default::default(),
            s_axil_arvalid: Default::default(),
            s_axil_arready: Default::default(),
            s_axil_rdata: Default::default(),
            s_axil_rresp: Default::default(),
            s_axil_rvalid: Default::default(),
            s_axil_rready: Default::default(),
            m_axi_awid: Default::default(),
            m_axi_awaddr: Default::default(),
            m_axi_awlen: Default::default(),
            m_axi_awsize: Default::default(),
            m_axi_awburst: Default::default(),
            m_axi_awlock: Default::default(),
            m_axi_awcache: Default::default(),
            m_axi_awprot: Default::default(),
            m_axi_awvalid: Default::default(),
            m_axi_awready: Default::default(),
            m_axi_wdata: Default::default(),
            m_axi_wstrb: Default::default(),
            m_axi_wlast: Default::default(),
            m_axi_wvalid: Default::default(),
            m_axi_wready: Default::default(),
            m_axi_bid: Default::default(),
            m_axi_bresp: Default::default(),
            m_axi_bvalid: Default::default(),
            m_axi_bready: Default::default(),
            m_axi_arid: Default::default(),
            m_axi_araddr: Default::default(),
            m_axi_arlen: Default::default(),
            m_axi_arsize: Default::default(),
            m_axi_arburst: Default::default(),
            m_axi_arlock: Default::default(),
            m_axi_arcache: Default::default(),
            m_axi_arprot: Default::default(),
            m_axi_arvalid: Default::default(),
            m_axi_arready: Default::default(),
            m_axi_rid: Default::default(),
            m_axi_rdata: Default::default(),
            m_axi_rresp: Default::default(),
            m_axi_rlast: Default::default(),
            m_axi_rvalid: Default::default(),
            m_axi_rready: Default::default(),
            axil: AxilAdapter::new(),
            regs: Registers::new(config.caps(), config.key_slots, config.key_sizes_mask()),
            fetcher: DescriptorFetcher::new(max_burst),
            dispatcher: Dispatcher::new(bus_bytes, config.key_slots as u64, config.key_sizes_mask() as u64),
            key_reader: KeyReader::new(max_burst),
            engine: AesEngine::new(config),
            source: SourceReader::new(max_burst, source_depth),
            merge: KeystreamMerge::new(),
            keystream_slice: Default::default(),
            destination: DestinationWriter::new(max_burst, destination_depth),
            completion: CompletionWriter::new(),
            read_port: ReadPort::new(),
            write_port: WritePort::new(),
            reset_sampled: Default::default(),
            axil_aw_taken: Default::default(),
            axil_awaddr: Default::default(),
            axil_w_taken: Default::default(),
            axil_wdata: Default::default(),
            axil_wstrb: Default::default(),
            axil_b_taken: Default::default(),
            axil_ar_taken: Default::default(),
            axil_araddr: Default::default(),
            axil_r_taken: Default::default(),
            ar_accepted: Default::default(),
            aw_accepted: Default::default(),
            w_accepted: Default::default(),
            r_id: Default::default(),
            r_data: Default::default(),
            r_key_data: Default::default(),
            id_key: constant(crate::dma::read_port::ID_KEY),
            zero_w: crate::zero(),
            r_resp: Default::default(),
            r_last: Default::default(),
            r_valid: Default::default(),
            b_id: Default::default(),
            b_resp: Default::default(),
            b_valid: Default::default(),
            unused_axil_prot: Default::default(),
            unused_axil_arprot: Default::default(),
            flushing: Default::default(),
            soft_reset: Default::default(),
            csr_key_owner: Default::default(),
            dma_reset: Default::default(),
            flush_done: Default::default(),
            dispatcher_key_active: Default::default(),
            csr_load: Default::default(),
            csr_zeroize: Default::default(),
            csr_zeroize_all: Default::default(),
            unused_sq_head: Default::default(),
            unused_flags: Default::default(),
            unused_key_size: Default::default(),
            unused_keystream_lanes: Default::default(),
            hidden_slot: constant(config.key_slots as u64),
        }
    }
}

impl<const W: usize, const S: usize, const W1: usize, const W2: usize, const WS: usize> Logic
    for AesCtrAccel<W, S, W1, W2, WS>
{
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clk,
            reset_sampled,
            axil_aw_taken,
            axil_awaddr,
            axil_w_taken,
            axil_wdata,
            axil_wstrb,
            axil_b_taken,
            axil_ar_taken,
            axil_araddr,
            axil_r_taken,
            ar_accepted,
            aw_accepted,
            w_accepted,
            r_id,
            r_data,
            r_key_data,
            r_resp,
            r_last,
            r_valid,
            b_id,
            b_resp,
            b_valid,
            flushing,
            soft_reset,
            csr_key_owner
        );
        // ---- input sampling (nothing else reads a top-level input) ---------------------------
        self.reset_sampled.d.next = self.rst.val();
        self.axil_aw_taken.d.next = self.s_axil_awvalid.val() && self.axil.s_axil_awready.val();
        self.axil_awaddr.d.next = self.s_axil_awaddr.val();
        self.axil_w_taken.d.next = self.s_axil_wvalid.val() && self.axil.s_axil_wready.val();
        self.axil_wdata.d.next = self.s_axil_wdata.val();
        self.axil_wstrb.d.next = self.s_axil_wstrb.val();
        self.axil_b_taken.d.next = self.axil.s_axil_bvalid.val() && self.s_axil_bready.val();
        self.axil_ar_taken.d.next = self.s_axil_arvalid.val() && self.axil.s_axil_arready.val();
        self.axil_araddr.d.next = self.s_axil_araddr.val();
        self.axil_r_taken.d.next = self.axil.s_axil_rvalid.val() && self.s_axil_rready.val();
        self.unused_axil_prot.next = self.s_axil_awprot.val();
        self.unused_axil_arprot.next = self.s_axil_arprot.val();
        self.ar_accepted.d.next = self.read_port.arvalid.val() && self.m_axi_arready.val();
        self.aw_accepted.d.next = self.write_port.awvalid.val() && self.m_axi_awready.val();
        self.w_accepted.d.next = self.write_port.wvalid.val() && self.m_axi_wready.val();
        self.r_id.d.next = self.m_axi_rid.val();
        // Key isolation: key bytes never enter a register that the other requesters read, and
        // leave the key reader's register one cycle after their beat (flow/src/isolation.rs
        // checks that nothing from r_key_data reaches a register read).
        self.r_data.d.next = self.m_axi_rdata.val();
        if self.m_axi_rid.val() == self.id_key.val() {
            self.r_data.d.next = self.zero_w.val();
        }
        self.r_key_data.d.next = self.zero_w.val();
        if self.m_axi_rvalid.val() && (self.m_axi_rid.val() == self.id_key.val()) {
            self.r_key_data.d.next = self.m_axi_rdata.val();
        }
        self.r_resp.d.next = self.m_axi_rresp.val();
        self.r_last.d.next = self.m_axi_rlast.val();
        self.r_valid.d.next = self.m_axi_rvalid.val() && self.read_port.rready.val();
        self.b_id.d.next = self.m_axi_bid.val();
        self.b_resp.d.next = self.m_axi_bresp.val();
        self.b_valid.d.next = self.m_axi_bvalid.val() && self.write_port.bready.val();
        if self.rst.val() {
            self.axil_aw_taken.d.next = false;
            self.axil_w_taken.d.next = false;
            self.axil_b_taken.d.next = false;
            self.axil_ar_taken.d.next = false;
            self.axil_r_taken.d.next = false;
            self.ar_accepted.d.next = false;
            self.aw_accepted.d.next = false;
            self.w_accepted.d.next = false;
            self.r_valid.d.next = false;
            self.b_valid.d.next = false;
        }

        // ---- clocks and resets -------------------------------------------------------------
        self.dma_reset.next = self.reset_sampled.q.val() || self.soft_reset.q.val();
        self.axil.clock.next = self.clk.val();
        self.axil.reset.next = self.reset_sampled.q.val();
        self.regs.clock.next = self.clk.val();
        self.regs.reset.next = self.reset_sampled.q.val();
        self.engine.clock.next = self.clk.val();
        self.engine.reset.next = self.reset_sampled.q.val();
        self.read_port.clock.next = self.clk.val();
        self.read_port.reset.next = self.reset_sampled.q.val();
        self.write_port.clock.next = self.clk.val();
        self.write_port.reset.next = self.reset_sampled.q.val();
        self.fetcher.clock.next = self.clk.val();
        self.fetcher.reset.next = self.dma_reset.val();
        self.dispatcher.clock.next = self.clk.val();
        self.dispatcher.reset.next = self.dma_reset.val();
        self.key_reader.clock.next = self.clk.val();
        self.key_reader.reset.next = self.dma_reset.val();
        self.source.clock.next = self.clk.val();
        self.source.reset.next = self.dma_reset.val();
        self.merge.clock.next = self.clk.val();
        self.merge.reset.next = self.dma_reset.val();
        self.destination.clock.next = self.clk.val();
        self.destination.reset.next = self.dma_reset.val();
        self.completion.clock.next = self.clk.val();
        self.completion.reset.next = self.dma_reset.val();

        // ---- QRESET flush --------------------------------------------------------------------
        self.flush_done.next = self.flushing.q.val()
            && self.read_port.idle.val()
            && self.write_port.idle.val()
            && self.engine.idle.val()
            && !self.engine.key_busy.val()
            && !self.regs.qreset_request.val();
        self.soft_reset.d.next = self.flush_done.val();
        if self.regs.qreset_request.val() {
            self.flushing.d.next = true;
        }
        if self.flush_done.val() {
            self.flushing.d.next = false;
        }
        // The ports stay in flush through the soft-reset cycle: a DMA block being reset may still
        // show a request from its old state, which must not be granted.
        self.read_port.flush.next = self.flushing.q.val() || self.soft_reset.q.val();
        self.write_port.flush.next = self.flushing.q.val() || self.soft_reset.q.val();

        // ---- AXI4-Lite slave -> adapter -> register file ---------------------------------------
        self.axil.s_axil_awaddr.next = self.axil_awaddr.q.val();
        self.axil.aw_taken.next = self.axil_aw_taken.q.val();
        self.s_axil_awready.next = self.axil.s_axil_awready.val();
        self.axil.s_axil_wdata.next = self.axil_wdata.q.val();
        self.axil.s_axil_wstrb.next = self.axil_wstrb.q.val();
        self.axil.w_taken.next = self.axil_w_taken.q.val();
        self.s_axil_wready.next = self.axil.s_axil_wready.val();
        self.s_axil_bresp.next = self.axil.s_axil_bresp.val();
        self.s_axil_bvalid.next = self.axil.s_axil_bvalid.val();
        self.axil.b_taken.next = self.axil_b_taken.q.val();
        self.axil.s_axil_araddr.next = self.axil_araddr.q.val();
        self.axil.ar_taken.next = self.axil_ar_taken.q.val();
        self.s_axil_arready.next = self.axil.s_axil_arready.val();
        self.s_axil_rdata.next = self.axil.s_axil_rdata.val();
        self.s_axil_rresp.next = self.axil.s_axil_rresp.val();
        self.s_axil_rvalid.next = self.axil.s_axil_rvalid.val();
        self.axil.r_taken.next = self.axil_r_taken.q.val();
        RegisterBus::join(&mut self.axil.bus, &mut self.regs.bus);
        self.irq.next = self.regs.irq.val();

        // ---- register inputs ------------------------------------------------------------------------
        self.regs.sq_head_advance.next = self.fetcher.sq_head_advance.val();
        self.regs.sq_head_load.next = self.completion.sq_head_load.val();
        self.regs.sq_head_value.next = self.completion.sq_head_value.val();
        self.regs.cq_tail_advance.next = self.completion.cq_tail_advance.val();
        self.regs.halt_set.next = self.completion.halt_set.val();
        self.regs.irq_completion_set.next = self.completion.irq_completion_set.val();
        self.regs.irq_error_set.next = self.completion.irq_error_set.val();
        self.regs.job_done.next = self.completion.job_done.val();
        self.regs.job_ok.next = self.completion.job_ok.val();
        self.regs.job_bytes.next = self.completion.job_bytes.val();
        // While HALTED the descriptors fetched after the failing one never complete: they do not
        // keep STATUS.BUSY up (docs/behaviour.md: software recovers with QRESET, whose flush
        // BUSY covers).
        self.regs.busy.next = (self.fetcher.in_flight_any.val() && !self.regs.halted.val())
            || !self.read_port.idle.val()
            || !self.write_port.idle.val()
            || self.flushing.q.val();
        self.regs.key_busy.next = self.engine.key_busy.val() && self.csr_key_owner.q.val();
        self.regs.qreset_done.next = self.soft_reset.q.val();

        // ---- key port: descriptor commands win over CSR commands ----------------------------------
        self.dispatcher_key_active.next =
            self.dispatcher.key_load_valid.val() || self.dispatcher.key_zeroize_valid.val();
        self.csr_load.next =
            self.regs.key_command_valid.val() && self.regs.key_command_load.val() && !self.dispatcher_key_active.val();
        self.csr_zeroize.next = self.regs.key_command_valid.val()
            && self.regs.key_command_zeroize.val()
            && !self.dispatcher_key_active.val();
        self.csr_zeroize_all.next = self.regs.key_command_valid.val()
            && self.regs.key_command_zeroize_all.val()
            && !self.dispatcher_key_active.val();
        self.engine.key_load_valid.next = self.dispatcher.key_load_valid.val() || self.csr_load.val();
        self.engine.key_load_slot.next = self.regs.key_command_slot.val();
        self.engine.key_load_size.next = self.regs.key_command_size.val();
        self.engine.key_load_key.next = self.regs.key_command_key.val();
        if self.dispatcher.key_load_valid.val() {
            self.engine.key_load_slot.next = self.dispatcher.key_load_slot.val();
            self.engine.key_load_size.next = self.dispatcher.key_load_size.val();
            self.engine.key_load_key.next = self.key_reader.key.val();
        }
        self.engine.key_zeroize_valid.next =
            self.dispatcher.key_zeroize_valid.val() || self.csr_zeroize.val() || self.soft_reset.q.val();
        self.engine.key_zeroize_slot.next = self.regs.key_command_slot.val();
        if self.dispatcher.key_zeroize_valid.val() {
            self.engine.key_zeroize_slot.next = self.dispatcher.key_zeroize_slot.val();
        }
        if self.soft_reset.q.val() {
            self.engine.key_zeroize_slot.next = self.hidden_slot.val();
        }
        self.engine.key_zeroize_all.next = self.csr_zeroize_all.val();
        self.dispatcher.key_load_ready.next = self.engine.key_load_ready.val();
        self.regs.key_command_ready.next = (self.csr_load.val() && self.engine.key_load_ready.val())
            || self.csr_zeroize.val()
            || self.csr_zeroize_all.val();
        if self.csr_load.val() && self.engine.key_load_ready.val() {
            self.csr_key_owner.d.next = true;
        }
        if self.dispatcher.key_load_valid.val() && self.engine.key_load_ready.val() {
            self.csr_key_owner.d.next = false;
        }

        // ---- descriptor fetcher ---------------------------------------------------------------------
        self.fetcher.enable.next = self.regs.enable.val();
        self.fetcher.halted.next = self.regs.halted.val();
        self.fetcher.flush.next = self.flushing.q.val();
        self.fetcher.sq_base.next = self.regs.sq_base.val();
        self.fetcher.sq_size.next = self.regs.sq_size.val();
        self.fetcher.sq_tail.next = self.regs.sq_tail.val();
        self.fetcher.sq_indices_cleared.next = self.regs.sq_indices_cleared.val();
        self.fetcher.cq_size.next = self.regs.cq_size.val();
        self.fetcher.cq_head.next = self.regs.cq_head.val();
        self.fetcher.cq_tail.next = self.regs.cq_tail.val();
        self.fetcher.completion_done.next = self.completion.completion_done.val();
        self.read_port.desc_ar_valid.next = self.fetcher.ar_valid.val();
        self.read_port.desc_ar_address.next = self.fetcher.ar_address.val();
        self.read_port.desc_ar_length.next = self.fetcher.ar_length.val();
        self.fetcher.ar_ready.next = self.read_port.desc_ar_ready.val();
        self.fetcher.r_valid.next = self.read_port.desc_r_valid.val();
        self.fetcher.r_data.next = self.read_port.r_data.val();
        self.fetcher.r_error.next = self.read_port.r_error.val();

        // ---- dispatcher -----------------------------------------------------------------------------
        self.dispatcher.flush.next = self.flushing.q.val();
        self.dispatcher.halted.next = self.regs.halted.val();
        self.dispatcher.sq_size.next = self.regs.sq_size.val();
        self.dispatcher.desc_valid.next = self.fetcher.out_valid.val();
        self.fetcher.out_pop.next = self.dispatcher.desc_pop.val();
        self.dispatcher.desc_data.next = self.fetcher.out_descriptor.val();
        self.dispatcher.desc_index.next = self.fetcher.out_index.val();
        self.dispatcher.desc_error.next = self.fetcher.out_error.val();
        self.dispatcher.slot_valid.next = self.engine.slot_valid.val();
        self.dispatcher.engine_idle.next = self.engine.idle.val();
        self.dispatcher.engine_key_busy.next = self.engine.key_busy.val();
        self.engine.job_valid.next = self.dispatcher.job_valid.val();
        self.dispatcher.job_ready.next = self.engine.job_ready.val();
        self.engine.job_counter.next = self.dispatcher.job_counter.val();
        self.engine.job_width.next = self.dispatcher.job_width.val();
        self.engine.job_slot.next = self.dispatcher.job_slot.val();
        self.engine.job_blocks.next = self.dispatcher.job_blocks.val();
        self.engine.job_offset.next = self.dispatcher.job_offset.val();
        self.dispatcher.write_done.next = self.destination.write_done.val();
        self.dispatcher.retired.next = self.completion.job_done.val();
        self.dispatcher.record_full.next = self.completion.record_full.val();

        // ---- key reader --------------------------------------------------------------------------------
        self.key_reader.start.next = self.dispatcher.key_start.val();
        self.key_reader.start_address.next = self.dispatcher.key_address.val();
        self.key_reader.start_length.next = self.dispatcher.key_length.val();
        self.key_reader.clear.next = self.dispatcher.key_clear.val();
        self.dispatcher.key_done.next = self.key_reader.done.val();
        self.dispatcher.key_error.next = self.key_reader.error.val();
        self.read_port.key_ar_valid.next = self.key_reader.ar_valid.val();
        self.read_port.key_ar_address.next = self.key_reader.ar_address.val();
        self.read_port.key_ar_length.next = self.key_reader.ar_length.val();
        self.key_reader.ar_ready.next = self.read_port.key_ar_ready.val();
        self.key_reader.r_valid.next = self.read_port.key_r_valid.val();
        self.key_reader.r_data.next = self.r_key_data.q.val();
        self.key_reader.r_error.next = self.read_port.r_error.val();

        // ---- source reader ------------------------------------------------------------------------------
        self.source.cmd_valid.next = self.dispatcher.src_cmd_valid.val();
        self.dispatcher.src_cmd_ready.next = self.source.cmd_ready.val();
        self.source.cmd_address.next = self.dispatcher.src_cmd_address.val();
        self.source.cmd_length.next = self.dispatcher.src_cmd_length.val();
        self.read_port.src_ar_valid.next = self.source.ar_valid.val();
        self.read_port.src_ar_address.next = self.source.ar_address.val();
        self.read_port.src_ar_length.next = self.source.ar_length.val();
        self.source.ar_ready.next = self.read_port.src_ar_ready.val();
        self.source.r_valid.next = self.read_port.src_r_valid.val();
        self.source.r_data.next = self.read_port.r_data.val();
        self.source.r_error.next = self.read_port.r_error.val();

        // ---- merge ----------------------------------------------------------------------------------------
        self.merge.cmd_valid.next = self.dispatcher.merge_cmd_valid.val();
        self.dispatcher.merge_cmd_ready.next = self.merge.cmd_ready.val();
        self.merge.cmd_length.next = self.dispatcher.merge_cmd_length.val();
        self.merge.cmd_src_position.next = self.dispatcher.merge_cmd_src_position.val();
        self.merge.cmd_dst_position.next = self.dispatcher.merge_cmd_dst_position.val();
        self.merge.src_valid.next = self.source.out_valid.val();
        self.source.out_pop.next = self.merge.src_pop.val();
        self.merge.src_data.next = self.source.out_data.val();
        self.merge.src_error.next = self.source.out_error.val();
        // Keystream words cross a register slice: the merge's ready depends on its source words
        // and must not reach into the engine's packer in the same cycle.
        self.keystream_slice.clock.next = self.clk.val();
        self.keystream_slice.reset.next = self.dma_reset.val();
        self.keystream_slice.in_valid.next = self.engine.keystream_valid.val();
        self.keystream_slice.in_data.next = self.engine.keystream_data.val();
        self.engine.keystream_ready.next = self.keystream_slice.in_ready.val() || self.flushing.q.val();
        self.merge.ks_valid.next = self.keystream_slice.out_valid.val();
        self.merge.ks_data.next = self.keystream_slice.out_data.val();
        self.keystream_slice.out_ready.next = self.merge.ks_ready.val();

        // ---- destination writer -----------------------------------------------------------------------------
        self.destination.cmd_valid.next = self.dispatcher.dst_cmd_valid.val();
        self.dispatcher.dst_cmd_ready.next = self.destination.cmd_ready.val();
        self.destination.cmd_address.next = self.dispatcher.dst_cmd_address.val();
        self.destination.cmd_length.next = self.dispatcher.dst_cmd_length.val();
        self.destination.in_valid.next = self.merge.out_valid.val();
        self.merge.out_ready.next = self.destination.in_ready.val();
        self.destination.in_data.next = self.merge.out_data.val();
        self.destination.in_strobe.next = self.merge.out_strobe.val();
        self.destination.end_valid.next = self.merge.end_valid.val();
        self.destination.end_bytes.next = self.merge.end_bytes.val();
        self.destination.end_read_error.next = self.merge.end_read_error.val();
        self.write_port.dst_aw_valid.next = self.destination.aw_valid.val();
        self.destination.aw_ready.next = self.write_port.dst_aw_ready.val();
        self.write_port.dst_aw_address.next = self.destination.aw_address.val();
        self.write_port.dst_aw_length.next = self.destination.aw_length.val();
        self.write_port.dst_w_valid.next = self.destination.w_valid.val();
        self.destination.w_ready.next = self.write_port.dst_w_ready.val();
        self.write_port.dst_w_data.next = self.destination.w_data.val();
        self.write_port.dst_w_strobe.next = self.destination.w_strobe.val();
        self.destination.b_valid.next = self.write_port.dst_b_valid.val();
        self.destination.b_error.next = self.write_port.b_error.val();

        // ---- completion writer --------------------------------------------------------------------------------
        self.completion.record_push.next = self.dispatcher.record_push.val();
        self.completion.record_tag.next = self.dispatcher.record_tag.val();
        self.completion.record_sq_head.next = self.dispatcher.record_sq_head.val();
        self.completion.record_status.next = self.dispatcher.record_status.val();
        self.completion.record_irq.next = self.dispatcher.record_irq.val();
        self.completion.record_needs_result.next = self.dispatcher.record_needs_result.val();
        self.completion.record_halt.next = self.dispatcher.record_halt.val();
        self.completion.result_valid.next = self.destination.result_valid.val();
        self.destination.result_ready.next = self.completion.result_ready.val();
        self.completion.result_bytes.next = self.destination.result_bytes.val();
        self.completion.result_status.next = self.destination.result_status.val();
        self.completion.cq_base.next = self.regs.cq_base.val();
        self.completion.cq_tail.next = self.regs.cq_tail.val();
        self.completion.cq_tail_following.next = self.regs.cq_tail_following.val();
        self.completion.phase.next = self.regs.phase.val();
        self.write_port.cpl_aw_valid.next = self.completion.aw_valid.val();
        self.completion.aw_ready.next = self.write_port.cpl_aw_ready.val();
        self.write_port.cpl_aw_address.next = self.completion.aw_address.val();
        self.write_port.cpl_aw_length.next = self.completion.aw_length.val();
        self.write_port.cpl_w_valid.next = self.completion.w_valid.val();
        self.completion.w_ready.next = self.write_port.cpl_w_ready.val();
        self.write_port.cpl_w_data.next = self.completion.w_data.val();
        self.write_port.cpl_w_strobe.next = self.completion.w_strobe.val();
        self.completion.b_valid.next = self.write_port.cpl_b_valid.val();
        self.completion.b_error.next = self.write_port.b_error.val();

        // ---- AXI4 master ------------------------------------------------------------------------------------------
        self.m_axi_arid.next = self.read_port.arid.val();
        self.m_axi_araddr.next = self.read_port.araddr.val();
        self.m_axi_arlen.next = self.read_port.arlen.val();
        self.m_axi_arsize.next = self.read_port.arsize.val();
        self.m_axi_arburst.next = self.read_port.arburst.val();
        self.m_axi_arlock.next = self.read_port.arlock.val();
        self.m_axi_arcache.next = self.read_port.arcache.val();
        self.m_axi_arprot.next = self.read_port.arprot.val();
        self.m_axi_arvalid.next = self.read_port.arvalid.val();
        self.read_port.ar_accepted.next = self.ar_accepted.q.val();
        self.read_port.rid.next = self.r_id.q.val();
        self.read_port.rdata.next = self.r_data.q.val();
        self.read_port.rresp.next = self.r_resp.q.val();
        self.read_port.rlast.next = self.r_last.q.val();
        self.read_port.rvalid.next = self.r_valid.q.val();
        self.m_axi_rready.next = self.read_port.rready.val();
        self.m_axi_awid.next = self.write_port.awid.val();
        self.m_axi_awaddr.next = self.write_port.awaddr.val();
        self.m_axi_awlen.next = self.write_port.awlen.val();
        self.m_axi_awsize.next = self.write_port.awsize.val();
        self.m_axi_awburst.next = self.write_port.awburst.val();
        self.m_axi_awlock.next = self.write_port.awlock.val();
        self.m_axi_awcache.next = self.write_port.awcache.val();
        self.m_axi_awprot.next = self.write_port.awprot.val();
        self.m_axi_awvalid.next = self.write_port.awvalid.val();
        self.write_port.aw_accepted.next = self.aw_accepted.q.val();
        self.m_axi_wdata.next = self.write_port.wdata.val();
        self.m_axi_wstrb.next = self.write_port.wstrb.val();
        self.m_axi_wlast.next = self.write_port.wlast.val();
        self.m_axi_wvalid.next = self.write_port.wvalid.val();
        self.write_port.w_accepted.next = self.w_accepted.q.val();
        self.write_port.bid.next = self.b_id.q.val();
        self.write_port.bresp.next = self.b_resp.q.val();
        self.write_port.bvalid.next = self.b_valid.q.val();
        self.m_axi_bready.next = self.write_port.bready.val();

        self.unused_sq_head.next = self.regs.sq_head.val();
        self.unused_key_size.next = self.engine.job_key_size.val();
        self.unused_keystream_lanes.next = self.engine.keystream_lanes.val();
        self.unused_flags.next = self.fetcher.stopped.val()
            || self.dispatcher.busy.val()
            || self.key_reader.busy.val()
            || self.engine.job_slot_valid.val()
            || self.engine.keystream_last.val()
            || self.destination.busy.val()
            || self.completion.busy.val()
            || self.read_port.r_last.val();
        if self.reset_sampled.q.val() {
            self.flushing.d.next = false;
            self.soft_reset.d.next = false;
            self.csr_key_owner.d.next = false;
        }
    }
}

/// The accelerator at each supported bus width.
pub type AesCtrAccel128 = AesCtrAccel<128, 16, 129, 256, 144>;
pub type AesCtrAccel256 = AesCtrAccel<256, 32, 257, 512, 288>;
pub type AesCtrAccel512 = AesCtrAccel<512, 64, 513, 1024, 576>;
