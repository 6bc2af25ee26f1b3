//! The register file (SPEC §2, docs/behaviour.md "Rings", "Keys", "Completions and counters"):
//! offset decode, the fields and their side effects. The AXI4-Lite handshakes are
//! [`crate::axil_adapter::AxilAdapter`]'s; this block sees one register-bus request of each kind
//! at a time.
//!
//! Every offset, field position and fixed value comes from `spec::regs` through `Constant` fields
//! (emitted as Verilog `localparam`s); nothing is retyped here.
//!
//! Ports (all synchronous to `clock`; `reset` is the sampled `rst` pin):
//! - register bus ([`RegisterBusTarget`], `bus.*`), write: `write` (one-cycle request, only while `write_ready`) with
//!   `write_address` (byte address, bits [1:0] ignored), `write_data`, `write_strobe` (WSTRB);
//!   out: `write_ready` (low while a CSR key command is still pending: the write waits),
//!   `write_error` (always 0: every access is answered OKAY, bad values raise IRQ_STATUS.ERROR);
//! - register bus, read: `read` with `read_address`; out, combinational in the same cycle:
//!   `read_data` (0 outside a read; unmapped offsets read 0) and `read_error` (always 0). Reads
//!   have no side effects; a read and a write in the same cycle read the values before the write.
//!
//! Latency: a write is registered in its `write` cycle (stage 1: word address, data, byte mask)
//! and decoded, checked and applied in the next (stage 2), so the fields read the new value two
//! cycles after `write` and the DMA outputs change with them; the adapter's B response and any
//! read that waits for B (as AXI ordering requires) comes later still. Stage 2 has no add or
//! compare: ring sizes are checked as "one allowed bit set", indices against the registered
//! `size - 1` mask. `read_data` is combinational. The 64-bit counters (CYCLES, BUSY_CYCLES, BYTES)
//! are two 32-bit halves (`split_counter.rs`) and show an event two cycles after it, both halves
//! together. Throughput:
//! one write and one read per cycle (the adapter issues fewer).
//!
//! `WSTRB` is honoured: unselected bytes keep their current value (W1C: unselected bytes clear
//! nothing); a write with `WSTRB` = 0 changes nothing and has no side effect. Unmapped offsets read
//! 0 and ignore writes.
//!
//! Ports to the DMA:
//! - outputs: `enable`, `halted`, ring bases/sizes/indices (`sq_*`, `cq_*`, `phase`),
//!   `sq_indices_cleared` (pulse: an SQ_SIZE write reset SQ_HEAD/SQ_TAIL), `qreset_request` (pulse),
//!   the CSR key command (`key_command_*`, valid/ready), `irq`;
//! - inputs (one-cycle pulses unless noted): `sq_head_advance`, `sq_head_load` + `sq_head_value`
//!   (roll SQ_HEAD back after a failed completion), `cq_tail_advance` (CQ_TAIL + 1, phase flips on
//!   wrap), `halt_set`, `irq_completion_set`, `irq_error_set`, `job_done` + `job_ok` +
//!   `job_bytes` (JOBS_OK / JOBS_ERR / BYTES, all three two cycles after the pulse), `busy`
//!   (level: STATUS.BUSY, BUSY_CYCLES),
//!   `key_busy` (level: STATUS.KEY_BUSY besides a pending CSR command), `qreset_done` (clears
//!   SQ/CQ indices, phase back to 1, HALTED, and CTRL.QRESET).
//!
//! CTRL.QRESET reads 1 from the cycle after the write that set it until `qreset_done`: software
//! polls it, and once it reads 0 the flush is over and the ring indices read 0 (SPEC §2).
//!
//! Behaviour (docs/behaviour.md): SQ_SIZE / CQ_SIZE writes are ignored while ENABLE = 1, raise
//! IRQ_STATUS.ERROR unless a power of two in 2..65536, and reset that ring's indices (and the phase).
//! SQ_TAIL >= SQ_SIZE and CQ_HEAD >= CQ_SIZE are ignored and raise ERROR. KEY_CTRL with more than
//! one command bit, a slot >= key slots (LOAD, ZEROIZE) or an unsupported size (LOAD) raises ERROR
//! and changes nothing; LOAD hands KEY_DATA to the key store and clears KEY_DATA when accepted.
//! A hardware set of an IRQ_STATUS bit wins over a W1C of the same bit in the same cycle.

use crate::axil_adapter::RegisterBusTarget;
use crate::concat::Concat;
use crate::dma::join::{Join, Widen};
use crate::split_counter::SplitCounter;
use crate::{constant, zero};
use crate::{AxiAddr, AxilAddr};
use rust_hdl::prelude::*;
use spec::regs;

/// The register file. Build with [`Registers::new`].
#[derive(LogicBlock)]
pub struct Registers {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    /// The register bus from the AXI4-Lite adapter.
    pub bus: RegisterBusTarget,
    pub irq: Signal<Out, Bit>,
    // ---- to the DMA ----
    pub enable: Signal<Out, Bit>,
    pub halted: Signal<Out, Bit>,
    pub sq_base: Signal<Out, AxiAddr>,
    pub sq_size: Signal<Out, Bits<17>>,
    pub sq_tail: Signal<Out, Bits<16>>,
    pub sq_head: Signal<Out, Bits<16>>,
    pub cq_base: Signal<Out, AxiAddr>,
    pub cq_size: Signal<Out, Bits<17>>,
    pub cq_head: Signal<Out, Bits<16>>,
    pub cq_tail: Signal<Out, Bits<16>>,
    /// The index after CQ_TAIL, `(CQ_TAIL + 1) mod CQ_SIZE` (what an advance will make it).
    pub cq_tail_following: Signal<Out, Bits<16>>,
    pub phase: Signal<Out, Bit>,
    pub sq_indices_cleared: Signal<Out, Bit>,
    pub qreset_request: Signal<Out, Bit>,
    pub key_command_valid: Signal<Out, Bit>,
    pub key_command_ready: Signal<In, Bit>,
    pub key_command_load: Signal<Out, Bit>,
    pub key_command_zeroize: Signal<Out, Bit>,
    pub key_command_zeroize_all: Signal<Out, Bit>,
    pub key_command_slot: Signal<Out, Bits<5>>,
    pub key_command_size: Signal<Out, Bits<2>>,
    pub key_command_key: Signal<Out, Bits<256>>,
    // ---- from the DMA ----
    pub sq_head_advance: Signal<In, Bit>,
    pub sq_head_load: Signal<In, Bit>,
    pub sq_head_value: Signal<In, Bits<16>>,
    pub cq_tail_advance: Signal<In, Bit>,
    pub halt_set: Signal<In, Bit>,
    pub irq_completion_set: Signal<In, Bit>,
    pub irq_error_set: Signal<In, Bit>,
    pub job_done: Signal<In, Bit>,
    pub job_ok: Signal<In, Bit>,
    pub job_bytes: Signal<In, Bits<32>>,
    pub busy: Signal<In, Bit>,
    pub key_busy: Signal<In, Bit>,
    pub qreset_done: Signal<In, Bit>,
    // ---- register state ----
    enable_bit: DFF<Bit>,
    halted_bit: DFF<Bit>,
    irq_completion_bit: DFF<Bit>,
    irq_error_bit: DFF<Bit>,
    irq_completion_enable: DFF<Bit>,
    irq_error_enable: DFF<Bit>,
    sq_base_lo: DFF<Bits<32>>,
    sq_base_hi: DFF<Bits<32>>,
    sq_size_value: DFF<Bits<17>>,
    sq_tail_value: DFF<Bits<16>>,
    sq_head_index: DFF<Bits<16>>,
    cq_base_lo: DFF<Bits<32>>,
    cq_base_hi: DFF<Bits<32>>,
    cq_size_value: DFF<Bits<17>>,
    cq_head_value: DFF<Bits<16>>,
    cq_tail_index: DFF<Bits<16>>,
    phase_bit: DFF<Bit>,
    key_data: Vec<DFF<Bits<32>>>,
    cycles: SplitCounter,
    busy_cycles: SplitCounter,
    bytes: SplitCounter,
    // job_done / job_ok one cycle late, so that JOBS_OK / JOBS_ERR change with BYTES
    job_done_late: DFF<Bit>,
    job_ok_late: DFF<Bit>,
    jobs_ok: DFF<Bits<32>>,
    jobs_err: DFF<Bits<32>>,
    key_pending: DFF<Bit>,
    key_load: DFF<Bit>,
    key_zeroize: DFF<Bit>,
    key_zeroize_all: DFF<Bit>,
    key_slot: DFF<Bits<5>>,
    key_size: DFF<Bits<2>>,
    qreset_pulse: DFF<Bit>,
    /// CTRL.QRESET as read: set by the QRESET write, cleared with the queue reset (`qreset_done`).
    qreset_pending: DFF<Bit>,
    sq_cleared_pulse: DFF<Bit>,
    // ---- the write request, registered (stage 1; stage 2 decodes, checks and applies it) ----
    request: DFF<Bit>,
    request_word: DFF<AxilAddr>,
    request_data: DFF<Bits<32>>,
    request_mask: DFF<Bits<32>>,
    // ring-size facts, one cycle after the size (a size write resets the indices, so no index
    // update or index write can use them in that cycle)
    sq_index_mask: DFF<Bits<16>>,
    cq_index_mask: DFF<Bits<16>>,
    sq_configured: DFF<Bit>,
    cq_configured: DFF<Bit>,
    sq_index_mask_word: Widen<16, 32>,
    cq_index_mask_word: Widen<16, 32>,
    // ---- wiring (exact-width widening) ----
    sq_base_word: Join<32, 32, 64>,
    cq_base_word: Join<32, 32, 64>,
    key_word: Concat<32, 256>,
    sq_size_word: Widen<17, 32>,
    sq_tail_word: Widen<16, 32>,
    sq_head_word: Widen<16, 32>,
    cq_size_word: Widen<17, 32>,
    cq_head_word: Widen<16, 32>,
    cq_tail_word: Widen<16, 32>,
    // ---- combinational ----
    read_word: Signal<Local, AxilAddr>,
    read_value: Signal<Local, Bits<32>>,
    write_word: Signal<Local, AxilAddr>,
    write_current: Signal<Local, Bits<32>>,
    write_mask: Signal<Local, Bits<32>>,
    write_value: Signal<Local, Bits<32>>,
    write_clear: Signal<Local, Bits<32>>,
    error_now: Signal<Local, Bit>,
    strobe_mask: Signal<Local, Bits<32>>,
    size_one: Signal<Local, Bit>,
    size_many: Signal<Local, Bit>,
    size_valid: Signal<Local, Bit>,
    sq_tail_in_range: Signal<Local, Bit>,
    cq_head_in_range: Signal<Local, Bit>,
    command_count: Signal<Local, Bits<2>>,
    field_slot: Signal<Local, Bits<32>>,
    field_size: Signal<Local, Bits<32>>,
    size_supported: Signal<Local, Bit>,
    cq_tail_next: Signal<Local, Bits<16>>,
    // ---- constants (spec::regs and the configuration) ----
    off_id: Constant<AxilAddr>,
    off_version: Constant<AxilAddr>,
    off_caps: Constant<AxilAddr>,
    off_ctrl: Constant<AxilAddr>,
    off_status: Constant<AxilAddr>,
    off_irq_status: Constant<AxilAddr>,
    off_irq_enable: Constant<AxilAddr>,
    off_sq_base_lo: Constant<AxilAddr>,
    off_sq_base_hi: Constant<AxilAddr>,
    off_sq_size: Constant<AxilAddr>,
    off_sq_tail: Constant<AxilAddr>,
    off_sq_head: Constant<AxilAddr>,
    off_cq_base_lo: Constant<AxilAddr>,
    off_cq_base_hi: Constant<AxilAddr>,
    off_cq_size: Constant<AxilAddr>,
    off_cq_head: Constant<AxilAddr>,
    off_cq_tail: Constant<AxilAddr>,
    off_key_ctrl: Constant<AxilAddr>,
    off_key_data: Vec<Constant<AxilAddr>>,
    off_cycles_lo: Constant<AxilAddr>,
    off_cycles_hi: Constant<AxilAddr>,
    off_busy_cycles_lo: Constant<AxilAddr>,
    off_busy_cycles_hi: Constant<AxilAddr>,
    off_bytes_lo: Constant<AxilAddr>,
    off_bytes_hi: Constant<AxilAddr>,
    off_jobs_ok: Constant<AxilAddr>,
    off_jobs_err: Constant<AxilAddr>,
    word_mask: Constant<AxilAddr>,
    id_value: Constant<Bits<32>>,
    version_value: Constant<Bits<32>>,
    caps_value: Constant<Bits<32>>,
    mask_ctrl_enable: Constant<Bits<32>>,
    mask_ctrl_qreset: Constant<Bits<32>>,
    mask_status_busy: Constant<Bits<32>>,
    mask_status_halted: Constant<Bits<32>>,
    mask_status_key_busy: Constant<Bits<32>>,
    mask_irq_completion: Constant<Bits<32>>,
    mask_irq_error: Constant<Bits<32>>,
    mask_sq_base_lo: Constant<Bits<32>>,
    mask_cq_base_lo: Constant<Bits<32>>,
    mask_key_slot: Constant<Bits<32>>,
    mask_key_size: Constant<Bits<32>>,
    mask_key_load: Constant<Bits<32>>,
    mask_key_zeroize: Constant<Bits<32>>,
    mask_key_zeroize_all: Constant<Bits<32>>,
    lsb_key_slot: Constant<Bits<5>>,
    lsb_key_size: Constant<Bits<5>>,
    byte_masks: Vec<Constant<Bits<32>>>,
    ring_size_bits: Constant<Bits<32>>,
    key_slots: Constant<Bits<32>>,
    key_sizes: Constant<Bits<3>>,
    one2: Constant<Bits<2>>,
    zero_17: Constant<Bits<17>>,
    zero_2: Constant<Bits<2>>,
    zero_5: Constant<Bits<5>>,
}

impl Registers {
    /// The register file of a configuration: `caps` is the CAPS value, `key_slots` the number of
    /// software-visible key slots, `key_sizes` the CAPS[2:0] mask of supported key sizes.
    pub fn new(caps: u32, key_slots: u32, key_sizes: u32) -> Registers {
        // The kernel's slices have literal widths; check them against the spec once here.
        assert_eq!(regs::CAPS_KEY_SIZES.width, 3);
        assert_eq!(regs::KEY_CTRL_SIZE.width, 2);
        assert_eq!(regs::RING_INDEX.width, 16);
        assert_eq!(regs::RING_SIZE.width, 17);
        assert!(spec::RING_SIZE_MIN.is_power_of_two() && spec::RING_SIZE_MAX.is_power_of_two());
        assert_eq!(regs::KEY_DATA_WORDS, 8);
        assert!((1..=16).contains(&key_slots), "key slots index the engine with 5 bits");
        Registers {
            clock: Default::default(),
            reset: Default::default(),
            bus: Default::default(),
            irq: Default::default(),
            enable: Default::default(),
            halted: Default::default(),
            sq_base: Default::default(),
            sq_size: Default::default(),
            sq_tail: Default::default(),
            sq_head: Default::default(),
            cq_base: Default::default(),
            cq_size: Default::default(),
            cq_head: Default::default(),
            cq_tail: Default::default(),
            cq_tail_following: Default::default(),
            phase: Default::default(),
            sq_indices_cleared: Default::default(),
            qreset_request: Default::default(),
            key_command_valid: Default::default(),
            key_command_ready: Default::default(),
            key_command_load: Default::default(),
            key_command_zeroize: Default::default(),
            key_command_zeroize_all: Default::default(),
            key_command_slot: Default::default(),
            key_command_size: Default::default(),
            key_command_key: Default::default(),
            sq_head_advance: Default::default(),
            sq_head_load: Default::default(),
            sq_head_value: Default::default(),
            cq_tail_advance: Default::default(),
            halt_set: Default::default(),
            irq_completion_set: Default::default(),
            irq_error_set: Default::default(),
            job_done: Default::default(),
            job_ok: Default::default(),
            job_bytes: Default::default(),
            busy: Default::default(),
            key_busy: Default::default(),
            qreset_done: Default::default(),
            enable_bit: Default::default(),
            halted_bit: Default::default(),
            irq_completion_bit: Default::default(),
            irq_error_bit: Default::default(),
            irq_completion_enable: Default::default(),
            irq_error_enable: Default::default(),
            sq_base_lo: Default::default(),
            sq_base_hi: Default::default(),
            sq_size_value: Default::default(),
            sq_tail_value: Default::default(),
            sq_head_index: Default::default(),
            cq_base_lo: Default::default(),
            cq_base_hi: Default::default(),
            cq_size_value: Default::default(),
            cq_head_value: Default::default(),
            cq_tail_index: Default::default(),
            phase_bit: Default::default(),
            key_data: (0..regs::KEY_DATA_WORDS).map(|_| Default::default()).collect(),
            cycles: Default::default(),
            busy_cycles: Default::default(),
            bytes: Default::default(),
            job_done_late: Default::default(),
            job_ok_late: Default::default(),
            jobs_ok: Default::default(),
            jobs_err: Default::default(),
            key_pending: Default::default(),
            key_load: Default::default(),
            key_zeroize: Default::default(),
            key_zeroize_all: Default::default(),
            key_slot: Default::default(),
            key_size: Default::default(),
            qreset_pulse: Default::default(),
            qreset_pending: Default::default(),
            sq_cleared_pulse: Default::default(),
            sq_base_word: Default::default(),
            cq_base_word: Default::default(),
            key_word: Concat::new(8),
            sq_size_word: Default::default(),
            sq_tail_word: Default::default(),
            sq_head_word: Default::default(),
            cq_size_word: Default::default(),
            cq_head_word: Default::default(),
            cq_tail_word: Default::default(),
            request: Default::default(),
            request_word: Default::default(),
            request_data: Default::default(),
            request_mask: Default::default(),
            sq_index_mask: Default::default(),
            cq_index_mask: Default::default(),
            sq_configured: Default::default(),
            cq_configured: Default::default(),
            sq_index_mask_word: Default::default(),
            cq_index_mask_word: Default::default(),
            read_word: Default::default(),
            read_value: Default::default(),
            write_word: Default::default(),
            write_current: Default::default(),
            write_mask: Default::default(),
            write_value: Default::default(),
            write_clear: Default::default(),
            error_now: Default::default(),
            strobe_mask: Default::default(),
            size_one: Default::default(),
            size_many: Default::default(),
            size_valid: Default::default(),
            sq_tail_in_range: Default::default(),
            cq_head_in_range: Default::default(),
            command_count: Default::default(),
            field_slot: Default::default(),
            field_size: Default::default(),
            size_supported: Default::default(),
            cq_tail_next: Default::default(),
            off_id: constant(u64::from(regs::ID)),
            off_version: constant(u64::from(regs::VERSION)),
            off_caps: constant(u64::from(regs::CAPS)),
            off_ctrl: constant(u64::from(regs::CTRL)),
            off_status: constant(u64::from(regs::STATUS)),
            off_irq_status: constant(u64::from(regs::IRQ_STATUS)),
            off_irq_enable: constant(u64::from(regs::IRQ_ENABLE)),
            off_sq_base_lo: constant(u64::from(regs::SQ_BASE_LO)),
            off_sq_base_hi: constant(u64::from(regs::SQ_BASE_HI)),
            off_sq_size: constant(u64::from(regs::SQ_SIZE)),
            off_sq_tail: constant(u64::from(regs::SQ_TAIL)),
            off_sq_head: constant(u64::from(regs::SQ_HEAD)),
            off_cq_base_lo: constant(u64::from(regs::CQ_BASE_LO)),
            off_cq_base_hi: constant(u64::from(regs::CQ_BASE_HI)),
            off_cq_size: constant(u64::from(regs::CQ_SIZE)),
            off_cq_head: constant(u64::from(regs::CQ_HEAD)),
            off_cq_tail: constant(u64::from(regs::CQ_TAIL)),
            off_key_ctrl: constant(u64::from(regs::KEY_CTRL)),
            off_key_data: (0..regs::KEY_DATA_WORDS).map(|n| constant(u64::from(regs::key_data(n)))).collect(),
            off_cycles_lo: constant(u64::from(regs::CYCLES_LO)),
            off_cycles_hi: constant(u64::from(regs::CYCLES_HI)),
            off_busy_cycles_lo: constant(u64::from(regs::BUSY_CYCLES_LO)),
            off_busy_cycles_hi: constant(u64::from(regs::BUSY_CYCLES_HI)),
            off_bytes_lo: constant(u64::from(regs::BYTES_LO)),
            off_bytes_hi: constant(u64::from(regs::BYTES_HI)),
            off_jobs_ok: constant(u64::from(regs::JOBS_OK)),
            off_jobs_err: constant(u64::from(regs::JOBS_ERR)),
            word_mask: constant(0xFFC),
            id_value: constant(u64::from(regs::ID_VALUE)),
            version_value: constant(u64::from(regs::VERSION_VALUE)),
            caps_value: constant(u64::from(caps)),
            mask_ctrl_enable: constant(u64::from(regs::CTRL_ENABLE.mask())),
            mask_ctrl_qreset: constant(u64::from(regs::CTRL_QRESET.mask())),
            mask_status_busy: constant(u64::from(regs::STATUS_BUSY.mask())),
            mask_status_halted: constant(u64::from(regs::STATUS_HALTED.mask())),
            mask_status_key_busy: constant(u64::from(regs::STATUS_KEY_BUSY.mask())),
            mask_irq_completion: constant(u64::from(regs::IRQ_COMPLETION.mask())),
            mask_irq_error: constant(u64::from(regs::IRQ_ERROR.mask())),
            mask_sq_base_lo: constant(u64::from(!((spec::SQ_BASE_ALIGN - 1) as u32))),
            mask_cq_base_lo: constant(u64::from(!((spec::CQ_BASE_ALIGN - 1) as u32))),
            mask_key_slot: constant(u64::from(regs::KEY_CTRL_SLOT.mask())),
            mask_key_size: constant(u64::from(regs::KEY_CTRL_SIZE.mask())),
            mask_key_load: constant(u64::from(regs::KEY_CTRL_LOAD.mask())),
            mask_key_zeroize: constant(u64::from(regs::KEY_CTRL_ZEROIZE.mask())),
            mask_key_zeroize_all: constant(u64::from(regs::KEY_CTRL_ZEROIZE_ALL.mask())),
            lsb_key_slot: constant(regs::KEY_CTRL_SLOT.lsb as u64),
            lsb_key_size: constant(regs::KEY_CTRL_SIZE.lsb as u64),
            byte_masks: (0..4).map(|i| constant(u64::from(0xFFu32 << (8 * i)))).collect(),
            // Bits a ring size may have: RING_SIZE_MIN ..= RING_SIZE_MAX, both powers of two.
            ring_size_bits: constant(u64::from(2 * spec::RING_SIZE_MAX - spec::RING_SIZE_MIN)),
            key_slots: constant(u64::from(key_slots)),
            key_sizes: constant(key_sizes as u64),
            one2: constant(1),
            zero_17: zero(),
            zero_2: zero(),
            zero_5: zero(),
        }
    }
}

impl Logic for Registers {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            enable_bit,
            halted_bit,
            irq_completion_bit,
            irq_error_bit,
            irq_completion_enable,
            irq_error_enable,
            sq_base_lo,
            sq_base_hi,
            sq_size_value,
            sq_tail_value,
            sq_head_index,
            cq_base_lo,
            cq_base_hi,
            cq_size_value,
            cq_head_value,
            cq_tail_index,
            phase_bit,
            jobs_ok,
            jobs_err,
            job_done_late,
            job_ok_late,
            key_pending,
            key_load,
            key_zeroize,
            key_zeroize_all,
            key_slot,
            key_size,
            qreset_pulse,
            qreset_pending,
            sq_cleared_pulse,
            request,
            request_word,
            request_data,
            request_mask,
            sq_index_mask,
            cq_index_mask,
            sq_configured,
            cq_configured
        );
        for n in 0..8 {
            self.key_data[n].clock.next = self.clock.val();
            self.key_data[n].d.next = self.key_data[n].q.val();
        }

        // ---- outputs ------------------------------------------------------------
        self.enable.next = self.enable_bit.q.val();
        self.halted.next = self.halted_bit.q.val();
        self.sq_base_word.low.next = self.sq_base_lo.q.val();
        self.sq_base_word.high.next = self.sq_base_hi.q.val();
        self.sq_base.next = self.sq_base_word.whole.val();
        self.sq_size.next = self.sq_size_value.q.val();
        self.sq_tail.next = self.sq_tail_value.q.val();
        self.sq_head.next = self.sq_head_index.q.val();
        self.cq_base_word.low.next = self.cq_base_lo.q.val();
        self.cq_base_word.high.next = self.cq_base_hi.q.val();
        self.cq_base.next = self.cq_base_word.whole.val();
        self.sq_size_word.part.next = self.sq_size_value.q.val();
        self.sq_tail_word.part.next = self.sq_tail_value.q.val();
        self.sq_head_word.part.next = self.sq_head_index.q.val();
        self.cq_size_word.part.next = self.cq_size_value.q.val();
        self.cq_head_word.part.next = self.cq_head_value.q.val();
        self.cq_tail_word.part.next = self.cq_tail_index.q.val();
        self.cq_size.next = self.cq_size_value.q.val();
        self.cq_head.next = self.cq_head_value.q.val();
        self.cq_tail.next = self.cq_tail_index.q.val();
        self.phase.next = self.phase_bit.q.val();
        self.sq_indices_cleared.next = self.sq_cleared_pulse.q.val();
        self.qreset_request.next = self.qreset_pulse.q.val();
        self.irq.next = (self.irq_completion_bit.q.val() && self.irq_completion_enable.q.val())
            || (self.irq_error_bit.q.val() && self.irq_error_enable.q.val());
        self.key_command_valid.next = self.key_pending.q.val();
        self.key_command_load.next = self.key_load.q.val();
        self.key_command_zeroize.next = self.key_zeroize.q.val();
        self.key_command_zeroize_all.next = self.key_zeroize_all.q.val();
        self.key_command_slot.next = self.key_slot.q.val();
        self.key_command_size.next = self.key_size.q.val();
        for n in 0..8 {
            self.key_word.parts[n].next = self.key_data[n].q.val();
        }
        self.key_command_key.next = self.key_word.whole.val();

        // ---- register bus ---------------------------------------------------------------------
        // A write waits while a CSR key command is still pending; every access is answered OKAY
        // (bad values raise IRQ_STATUS.ERROR instead, SPEC §2).
        self.bus.write_ready.next = !self.key_pending.q.val();
        self.bus.write_error.next = false;
        self.bus.read_error.next = false;

        // ---- read multiplexer -----------------------------------------------------------
        self.read_word.next = self.bus.read_address.val() & self.word_mask.val();
        self.read_value.next = 0_u32.to_bits();
        if self.read_word.val() == self.off_id.val() {
            self.read_value.next = self.id_value.val();
        }
        if self.read_word.val() == self.off_version.val() {
            self.read_value.next = self.version_value.val();
        }
        if self.read_word.val() == self.off_caps.val() {
            self.read_value.next = self.caps_value.val();
        }
        if self.read_word.val() == self.off_ctrl.val() {
            if self.enable_bit.q.val() {
                self.read_value.next = self.read_value.val() | self.mask_ctrl_enable.val();
            }
            if self.qreset_pending.q.val() {
                self.read_value.next = self.read_value.val() | self.mask_ctrl_qreset.val();
            }
        }
        if self.read_word.val() == self.off_status.val() {
            if self.busy.val() {
                self.read_value.next = self.read_value.val() | self.mask_status_busy.val();
            }
            if self.halted_bit.q.val() {
                self.read_value.next = self.read_value.val() | self.mask_status_halted.val();
            }
            if self.key_busy.val() || self.key_pending.q.val() {
                self.read_value.next = self.read_value.val() | self.mask_status_key_busy.val();
            }
        }
        if self.read_word.val() == self.off_irq_status.val() {
            if self.irq_completion_bit.q.val() {
                self.read_value.next = self.read_value.val() | self.mask_irq_completion.val();
            }
            if self.irq_error_bit.q.val() {
                self.read_value.next = self.read_value.val() | self.mask_irq_error.val();
            }
        }
        if self.read_word.val() == self.off_irq_enable.val() {
            if self.irq_completion_enable.q.val() {
                self.read_value.next = self.read_value.val() | self.mask_irq_completion.val();
            }
            if self.irq_error_enable.q.val() {
                self.read_value.next = self.read_value.val() | self.mask_irq_error.val();
            }
        }
        if self.read_word.val() == self.off_sq_base_lo.val() {
            self.read_value.next = self.sq_base_lo.q.val();
        }
        if self.read_word.val() == self.off_sq_base_hi.val() {
            self.read_value.next = self.sq_base_hi.q.val();
        }
        if self.read_word.val() == self.off_sq_size.val() {
            self.read_value.next = self.sq_size_word.whole.val();
        }
        if self.read_word.val() == self.off_sq_tail.val() {
            self.read_value.next = self.sq_tail_word.whole.val();
        }
        if self.read_word.val() == self.off_sq_head.val() {
            self.read_value.next = self.sq_head_word.whole.val();
        }
        if self.read_word.val() == self.off_cq_base_lo.val() {
            self.read_value.next = self.cq_base_lo.q.val();
        }
        if self.read_word.val() == self.off_cq_base_hi.val() {
            self.read_value.next = self.cq_base_hi.q.val();
        }
        if self.read_word.val() == self.off_cq_size.val() {
            self.read_value.next = self.cq_size_word.whole.val();
        }
        if self.read_word.val() == self.off_cq_head.val() {
            self.read_value.next = self.cq_head_word.whole.val();
        }
        if self.read_word.val() == self.off_cq_tail.val() {
            self.read_value.next = self.cq_tail_word.whole.val();
        }
        if self.read_word.val() == self.off_cycles_lo.val() {
            self.read_value.next = self.cycles.value.val().get_bits::<32>(0);
        }
        if self.read_word.val() == self.off_cycles_hi.val() {
            self.read_value.next = self.cycles.value.val().get_bits::<32>(32);
        }
        if self.read_word.val() == self.off_busy_cycles_lo.val() {
            self.read_value.next = self.busy_cycles.value.val().get_bits::<32>(0);
        }
        if self.read_word.val() == self.off_busy_cycles_hi.val() {
            self.read_value.next = self.busy_cycles.value.val().get_bits::<32>(32);
        }
        if self.read_word.val() == self.off_bytes_lo.val() {
            self.read_value.next = self.bytes.value.val().get_bits::<32>(0);
        }
        if self.read_word.val() == self.off_bytes_hi.val() {
            self.read_value.next = self.bytes.value.val().get_bits::<32>(32);
        }
        if self.read_word.val() == self.off_jobs_ok.val() {
            self.read_value.next = self.jobs_ok.q.val();
        }
        if self.read_word.val() == self.off_jobs_err.val() {
            self.read_value.next = self.jobs_err.q.val();
        }

        // Reads have no side effects: `read` only qualifies the data (0 between reads).
        self.bus.read_data.next = 0_u32.to_bits();
        if self.bus.read.val() {
            self.bus.read_data.next = self.read_value.val();
        }

        // ---- write, stage 1: register the request (a write whose WSTRB selects no byte writes
        // nothing and has no side effect: no doorbell, no ring-index reset, no W1C) -------------
        self.request.d.next = self.bus.write.val() && self.bus.write_strobe.val().any();
        self.request_word.d.next = self.bus.write_address.val() & self.word_mask.val();
        self.request_data.d.next = self.bus.write_data.val();
        self.strobe_mask.next = 0_u32.to_bits();
        for i in 0..4 {
            if self.bus.write_strobe.val().get_bit(i) {
                self.strobe_mask.next = self.strobe_mask.val() | self.byte_masks[i].val();
            }
        }
        self.request_mask.d.next = self.strobe_mask.val();
        self.sq_index_mask.d.next = self.sq_size_value.q.val().get_bits::<16>(0) - 1_u16.to_bits();
        self.cq_index_mask.d.next = self.cq_size_value.q.val().get_bits::<16>(0) - 1_u16.to_bits();
        self.sq_configured.d.next = self.sq_size_value.q.val().any();
        self.cq_configured.d.next = self.cq_size_value.q.val().any();
        self.sq_index_mask_word.part.next = self.sq_index_mask.q.val();
        self.cq_index_mask_word.part.next = self.cq_index_mask.q.val();

        // ---- write, stage 2: current value of the addressed register, byte-strobe merge --------
        self.write_word.next = self.request_word.q.val();
        self.write_current.next = 0_u32.to_bits();
        if self.write_word.val() == self.off_ctrl.val() && self.enable_bit.q.val() {
            self.write_current.next = self.mask_ctrl_enable.val();
        }
        if self.write_word.val() == self.off_irq_enable.val() {
            if self.irq_completion_enable.q.val() {
                self.write_current.next = self.write_current.val() | self.mask_irq_completion.val();
            }
            if self.irq_error_enable.q.val() {
                self.write_current.next = self.write_current.val() | self.mask_irq_error.val();
            }
        }
        if self.write_word.val() == self.off_sq_base_lo.val() {
            self.write_current.next = self.sq_base_lo.q.val();
        }
        if self.write_word.val() == self.off_sq_base_hi.val() {
            self.write_current.next = self.sq_base_hi.q.val();
        }
        if self.write_word.val() == self.off_sq_size.val() {
            self.write_current.next = self.sq_size_word.whole.val();
        }
        if self.write_word.val() == self.off_sq_tail.val() {
            self.write_current.next = self.sq_tail_word.whole.val();
        }
        if self.write_word.val() == self.off_cq_base_lo.val() {
            self.write_current.next = self.cq_base_lo.q.val();
        }
        if self.write_word.val() == self.off_cq_base_hi.val() {
            self.write_current.next = self.cq_base_hi.q.val();
        }
        if self.write_word.val() == self.off_cq_size.val() {
            self.write_current.next = self.cq_size_word.whole.val();
        }
        if self.write_word.val() == self.off_cq_head.val() {
            self.write_current.next = self.cq_head_word.whole.val();
        }
        // KEY_DATA is not in `write_current`: its words merge with their own value below, so key
        // bits reach no other register's next value, not even structurally (the key-isolation
        // check in flow/src/isolation.rs proves that no path from them reaches RDATA).
        self.write_mask.next = self.request_mask.q.val();
        self.write_value.next =
            (self.write_current.val() & (!self.write_mask.val())) | (self.request_data.q.val() & self.write_mask.val());
        self.write_clear.next = self.request_data.q.val() & self.write_mask.val();
        // A valid ring size: exactly one bit set, among the allowed ones (no add or compare).
        self.size_one.next = false;
        self.size_many.next = false;
        for i in 0..32 {
            if self.write_value.val().get_bit(i) {
                if self.size_one.val() {
                    self.size_many.next = true;
                }
                self.size_one.next = true;
            }
        }
        self.size_valid.next = self.size_one.val()
            && !self.size_many.val()
            && ((self.write_value.val() & (!self.ring_size_bits.val())) == 0_u32.to_bits());
        // An index below a configured (power-of-two) size: no bit outside size - 1.
        self.sq_tail_in_range.next = self.sq_configured.q.val()
            && ((self.write_value.val() & (!self.sq_index_mask_word.whole.val())) == 0_u32.to_bits());
        self.cq_head_in_range.next = self.cq_configured.q.val()
            && ((self.write_value.val() & (!self.cq_index_mask_word.whole.val())) == 0_u32.to_bits());
        self.field_slot.next = (self.write_value.val() & self.mask_key_slot.val()) >> self.lsb_key_slot.val();
        self.field_size.next = (self.write_value.val() & self.mask_key_size.val()) >> self.lsb_key_size.val();
        self.size_supported.next = false;
        if self.field_size.val() < 3 {
            self.size_supported.next = self.key_sizes.val().get_bit(self.field_size.val().get_bits::<2>(0).index());
        }
        self.command_count.next = self.zero_2.val();
        if (self.write_value.val() & self.mask_key_load.val()) != 0_u32.to_bits() {
            self.command_count.next = self.command_count.val() + self.one2.val();
        }
        if (self.write_value.val() & self.mask_key_zeroize.val()) != 0_u32.to_bits() {
            self.command_count.next = self.command_count.val() + self.one2.val();
        }
        if (self.write_value.val() & self.mask_key_zeroize_all.val()) != 0_u32.to_bits() {
            self.command_count.next = self.command_count.val() + self.one2.val();
        }

        // ---- register updates ------------------------------------------------------------
        self.error_now.next = false;
        self.qreset_pulse.d.next = false;
        self.sq_cleared_pulse.d.next = false;
        // Cleared with the queue reset; a QRESET written in that same cycle (below) sets it again.
        if self.qreset_done.val() {
            self.qreset_pending.d.next = false;
        }
        // 64-bit counters in two 32-bit halves (split_counter.rs: visible two cycles later).
        self.cycles.clock.next = self.clock.val();
        self.cycles.reset.next = self.reset.val();
        self.cycles.enable.next = true;
        self.cycles.amount.next = 1_u32.to_bits();
        self.busy_cycles.clock.next = self.clock.val();
        self.busy_cycles.reset.next = self.reset.val();
        self.busy_cycles.enable.next = self.busy.val();
        self.busy_cycles.amount.next = 1_u32.to_bits();
        self.bytes.clock.next = self.clock.val();
        self.bytes.reset.next = self.reset.val();
        self.bytes.enable.next = self.job_done.val();
        self.bytes.amount.next = self.job_bytes.val();
        self.job_done_late.d.next = self.job_done.val();
        self.job_ok_late.d.next = self.job_ok.val();
        if self.job_done_late.q.val() {
            if self.job_ok_late.q.val() {
                self.jobs_ok.d.next = self.jobs_ok.q.val() + 1_u32.to_bits();
            } else {
                self.jobs_err.d.next = self.jobs_err.q.val() + 1_u32.to_bits();
            }
        }
        if self.sq_head_advance.val() {
            self.sq_head_index.d.next = (self.sq_head_index.q.val() + 1_u16.to_bits()) & self.sq_index_mask.q.val();
        }
        if self.sq_head_load.val() {
            self.sq_head_index.d.next = self.sq_head_value.val();
        }
        self.cq_tail_next.next = (self.cq_tail_index.q.val() + 1_u16.to_bits()) & self.cq_index_mask.q.val();
        self.cq_tail_following.next = self.cq_tail_next.val();
        if self.cq_tail_advance.val() {
            self.cq_tail_index.d.next = self.cq_tail_next.val();
            if !self.cq_tail_next.val().any() {
                self.phase_bit.d.next = !self.phase_bit.q.val();
            }
        }
        if self.halt_set.val() {
            self.halted_bit.d.next = true;
        }
        if self.key_pending.q.val() && self.key_command_ready.val() {
            self.key_pending.d.next = false;
            if self.key_load.q.val() {
                for n in 0..8 {
                    self.key_data[n].d.next = 0_u32.to_bits();
                }
            }
        }

        if self.request.q.val() {
            if self.write_word.val() == self.off_ctrl.val() {
                self.enable_bit.d.next = (self.write_value.val() & self.mask_ctrl_enable.val()) != 0_u32.to_bits();
                if (self.write_value.val() & self.mask_ctrl_qreset.val()) != 0_u32.to_bits() {
                    self.qreset_pulse.d.next = true;
                    self.qreset_pending.d.next = true;
                }
            }
            if self.write_word.val() == self.off_irq_status.val() {
                if (self.write_clear.val() & self.mask_irq_completion.val()) != 0_u32.to_bits() {
                    self.irq_completion_bit.d.next = false;
                }
                if (self.write_clear.val() & self.mask_irq_error.val()) != 0_u32.to_bits() {
                    self.irq_error_bit.d.next = false;
                }
            }
            if self.write_word.val() == self.off_irq_enable.val() {
                self.irq_completion_enable.d.next =
                    (self.write_value.val() & self.mask_irq_completion.val()) != 0_u32.to_bits();
                self.irq_error_enable.d.next = (self.write_value.val() & self.mask_irq_error.val()) != 0_u32.to_bits();
            }
            if self.write_word.val() == self.off_sq_base_lo.val() {
                self.sq_base_lo.d.next = self.write_value.val() & self.mask_sq_base_lo.val();
            }
            if self.write_word.val() == self.off_sq_base_hi.val() {
                self.sq_base_hi.d.next = self.write_value.val();
            }
            if self.write_word.val() == self.off_cq_base_lo.val() {
                self.cq_base_lo.d.next = self.write_value.val() & self.mask_cq_base_lo.val();
            }
            if self.write_word.val() == self.off_cq_base_hi.val() {
                self.cq_base_hi.d.next = self.write_value.val();
            }
            if self.write_word.val() == self.off_sq_size.val() && !self.enable_bit.q.val() {
                if self.size_valid.val() {
                    self.sq_size_value.d.next = self.write_value.val().get_bits::<17>(0);
                    self.sq_head_index.d.next = 0_u16.to_bits();
                    self.sq_tail_value.d.next = 0_u16.to_bits();
                    self.sq_cleared_pulse.d.next = true;
                } else {
                    self.error_now.next = true;
                }
            }
            if self.write_word.val() == self.off_cq_size.val() && !self.enable_bit.q.val() {
                if self.size_valid.val() {
                    self.cq_size_value.d.next = self.write_value.val().get_bits::<17>(0);
                    self.cq_head_value.d.next = 0_u16.to_bits();
                    self.cq_tail_index.d.next = 0_u16.to_bits();
                    self.phase_bit.d.next = true;
                } else {
                    self.error_now.next = true;
                }
            }
            if self.write_word.val() == self.off_sq_tail.val() {
                if self.sq_tail_in_range.val() {
                    self.sq_tail_value.d.next = self.write_value.val().get_bits::<16>(0);
                } else {
                    self.error_now.next = true;
                }
            }
            if self.write_word.val() == self.off_cq_head.val() {
                if self.cq_head_in_range.val() {
                    self.cq_head_value.d.next = self.write_value.val().get_bits::<16>(0);
                } else {
                    self.error_now.next = true;
                }
            }
            for n in 0..8 {
                if self.write_word.val() == self.off_key_data[n].val() {
                    self.key_data[n].d.next = (self.key_data[n].q.val() & (!self.write_mask.val()))
                        | (self.request_data.q.val() & self.write_mask.val());
                }
            }
            if self.write_word.val() == self.off_key_ctrl.val() {
                if self.command_count.val() > self.one2.val() {
                    self.error_now.next = true;
                } else if (self.write_value.val() & self.mask_key_zeroize_all.val()) != 0_u32.to_bits() {
                    self.key_pending.d.next = true;
                    self.key_load.d.next = false;
                    self.key_zeroize.d.next = false;
                    self.key_zeroize_all.d.next = true;
                    self.key_slot.d.next = self.zero_5.val();
                    self.key_size.d.next = self.zero_2.val();
                } else if self.command_count.val() == self.one2.val() {
                    if self.field_slot.val() >= self.key_slots.val() {
                        self.error_now.next = true;
                    } else if (self.write_value.val() & self.mask_key_zeroize.val()) != 0_u32.to_bits() {
                        self.key_pending.d.next = true;
                        self.key_load.d.next = false;
                        self.key_zeroize.d.next = true;
                        self.key_zeroize_all.d.next = false;
                        self.key_slot.d.next = self.field_slot.val().get_bits::<5>(0);
                        self.key_size.d.next = self.zero_2.val();
                    } else if !self.size_supported.val() {
                        self.error_now.next = true;
                    } else {
                        self.key_pending.d.next = true;
                        self.key_load.d.next = true;
                        self.key_zeroize.d.next = false;
                        self.key_zeroize_all.d.next = false;
                        self.key_slot.d.next = self.field_slot.val().get_bits::<5>(0);
                        self.key_size.d.next = self.field_size.val().get_bits::<2>(0);
                    }
                }
            }
        }
        if self.qreset_done.val() {
            self.sq_head_index.d.next = 0_u16.to_bits();
            self.sq_tail_value.d.next = 0_u16.to_bits();
            self.cq_head_value.d.next = 0_u16.to_bits();
            self.cq_tail_index.d.next = 0_u16.to_bits();
            self.phase_bit.d.next = true;
            self.halted_bit.d.next = false;
        }
        // Hardware sets win over a W1C in the same cycle.
        if self.irq_completion_set.val() {
            self.irq_completion_bit.d.next = true;
        }
        if self.irq_error_set.val() || self.error_now.val() || self.halt_set.val() {
            self.irq_error_bit.d.next = true;
        }

        if self.reset.val() {
            self.enable_bit.d.next = false;
            self.halted_bit.d.next = false;
            self.irq_completion_bit.d.next = false;
            self.irq_error_bit.d.next = false;
            self.irq_completion_enable.d.next = false;
            self.irq_error_enable.d.next = false;
            self.sq_base_lo.d.next = 0_u32.to_bits();
            self.sq_base_hi.d.next = 0_u32.to_bits();
            self.sq_size_value.d.next = self.zero_17.val();
            self.sq_tail_value.d.next = 0_u16.to_bits();
            self.sq_head_index.d.next = 0_u16.to_bits();
            self.cq_base_lo.d.next = 0_u32.to_bits();
            self.cq_base_hi.d.next = 0_u32.to_bits();
            self.cq_size_value.d.next = self.zero_17.val();
            self.cq_head_value.d.next = 0_u16.to_bits();
            self.cq_tail_index.d.next = 0_u16.to_bits();
            self.phase_bit.d.next = true;
            for n in 0..8 {
                self.key_data[n].d.next = 0_u32.to_bits();
            }
            self.jobs_ok.d.next = 0_u32.to_bits();
            self.jobs_err.d.next = 0_u32.to_bits();
            self.job_done_late.d.next = false;
            self.job_ok_late.d.next = false;
            self.key_pending.d.next = false;
            self.key_load.d.next = false;
            self.key_zeroize.d.next = false;
            self.key_zeroize_all.d.next = false;
            self.key_slot.d.next = self.zero_5.val();
            self.key_size.d.next = self.zero_2.val();
            self.qreset_pulse.d.next = false;
            self.qreset_pending.d.next = false;
            self.sq_cleared_pulse.d.next = false;
        }
    }
}
