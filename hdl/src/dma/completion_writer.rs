//! Completion writer: writes one 16-byte completion entry per descriptor, in submission order,
//! and raises the interrupt bits and counters once its write is acknowledged (SPEC §4, §5).
//!
//! Inputs: completion records from the dispatcher, in order (`record_push` with `record_tag`,
//! `record_sq_head` (the descriptor's SQ index + 1 mod SQ_SIZE), `record_status`, `record_irq`,
//! `record_needs_result` (a CTR_XOR job whose bytes/status come from the destination writer),
//! `record_halt` (a descriptor fetch failed: halt here, in order, without a completion);
//! `record_full`), and job results from the destination writer (`result_valid`/`result_ready`,
//! `result_bytes`, `result_status`). Ring state: `cq_base`, `cq_tail`, `cq_tail_following` (the
//! register file's `(CQ_TAIL + 1) mod CQ_SIZE`), `phase`.
//!
//! For each record (and its result when needed) it issues one single-beat burst (AWID 1) at
//! `CQ_BASE + 16 * CQ_TAIL` with the entry in its 16-byte lane (WSTRB selects only those bytes),
//! waits for B, then on OKAY pulses `cq_tail_advance`, `completion_done`, `irq_completion_set`
//! (flag IRQ), `irq_error_set` (status != OK) and `job_done` (`job_ok`, `job_bytes`); on
//! SLVERR/DECERR it pulses `halt_set`, `job_done` and `sq_head_load` (`sq_head_value`: SQ_HEAD is
//! past the consumed descriptor) and stops until reset (docs/behaviour.md "Faults"). Only one
//! completion write is outstanding, so a failed one is never followed by another.
//!
//! The slot address comes from registers only: `CQ_BASE + 16 * CQ_TAIL` in two 32-bit stages
//! ([`SlotAddress`], two cycles old), and for the two cycles after this writer advanced CQ_TAIL,
//! the address of the slot after the previous one (three cycles old), so back-to-back completions
//! wait for no add. A write of CQ_BASE or CQ_SIZE applies to completions started three cycles
//! after it.
//!
//! Latency: record (and result) at the head in cycle t -> AW/W in t+1 -> B after the memory's
//! write latency -> pulses in the cycle after B.

use super::join::Widen;
use super::slot_address::SlotAddress;
use super::small_fifo::SmallFifo;
use super::state_register::StateRegister;
use crate::zero;
use crate::AxiAddr;
use rust_hdl::prelude::*;
use spec::completion;

/// A completion record from the dispatcher.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct Record {
    pub tag: Bits<32>,
    pub sq_head: Bits<16>,
    pub status: Bits<8>,
    pub irq: Bit,
    pub needs_result: Bit,
    pub halt: Bit,
}

/// A job result from the destination writer.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct JobResult {
    pub bytes: Bits<32>,
    pub status: Bits<8>,
}

/// The 16-byte completion entry, fields in the order and at the offsets of `spec::completion`
/// (checked in [`CompletionWriter::new`]).
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct Entry {
    pub tag: Bits<32>,
    pub bytes: Bits<32>,
    pub sq_head: Bits<16>,
    pub status: Bits<8>,
    pub phase: Bit,
    pub phase_zero: Bits<7>,
    pub reserved: Bits<32>,
}

#[derive(LogicState, Copy, Clone, Debug, PartialEq)]
pub enum CompletionState {
    Idle,
    Write,
    Response,
    Halted,
}

#[derive(LogicBlock)]
pub struct CompletionWriter<const W: usize, const S: usize> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub record_push: Signal<In, Bit>,
    pub record_tag: Signal<In, Bits<32>>,
    pub record_sq_head: Signal<In, Bits<16>>,
    pub record_status: Signal<In, Bits<8>>,
    pub record_irq: Signal<In, Bit>,
    pub record_needs_result: Signal<In, Bit>,
    pub record_halt: Signal<In, Bit>,
    pub record_full: Signal<Out, Bit>,
    pub result_valid: Signal<In, Bit>,
    pub result_ready: Signal<Out, Bit>,
    pub result_bytes: Signal<In, Bits<32>>,
    pub result_status: Signal<In, Bits<8>>,
    pub cq_base: Signal<In, AxiAddr>,
    pub cq_tail: Signal<In, Bits<16>>,
    pub cq_tail_following: Signal<In, Bits<16>>,
    pub phase: Signal<In, Bit>,
    pub aw_valid: Signal<Out, Bit>,
    pub aw_ready: Signal<In, Bit>,
    pub aw_address: Signal<Out, AxiAddr>,
    pub aw_length: Signal<Out, Bits<8>>,
    pub w_valid: Signal<Out, Bit>,
    pub w_ready: Signal<In, Bit>,
    pub w_data: Signal<Out, Bits<W>>,
    pub w_strobe: Signal<Out, Bits<S>>,
    pub b_valid: Signal<In, Bit>,
    pub b_error: Signal<In, Bit>,
    pub cq_tail_advance: Signal<Out, Bit>,
    pub completion_done: Signal<Out, Bit>,
    pub irq_completion_set: Signal<Out, Bit>,
    pub irq_error_set: Signal<Out, Bit>,
    pub halt_set: Signal<Out, Bit>,
    pub sq_head_load: Signal<Out, Bit>,
    pub sq_head_value: Signal<Out, Bits<16>>,
    pub job_done: Signal<Out, Bit>,
    pub job_ok: Signal<Out, Bit>,
    pub job_bytes: Signal<Out, Bits<32>>,
    pub busy: Signal<Out, Bit>,
    records: SmallFifo<Record>,
    results: SmallFifo<JobResult>,
    state: StateRegister<CompletionState>,
    aw_done: DFF<Bit>,
    w_done: DFF<Bit>,
    address: DFF<AxiAddr>,
    entry: DFF<Entry>,
    entry_status: DFF<Bits<8>>,
    entry_bytes: DFF<Bits<32>>,
    entry_irq: DFF<Bit>,
    entry_sq_head: DFF<Bits<16>>,
    head_needs_result: Signal<Local, Bit>,
    head_ready: Signal<Local, Bit>,
    status_now: Signal<Local, Bits<8>>,
    bytes_now: Signal<Local, Bits<32>>,
    lane_offset: Signal<Local, Bits<64>>,
    entry_now: Signal<Local, Entry>,
    unused_counts: Signal<Local, Bits<5>>,
    entry_word: Widen<128, W>,
    slot_now: SlotAddress,
    slot_next: SlotAddress,
    next_tail: DFF<Bits<16>>,
    advanced_first: DFF<Bit>,
    advanced_second: DFF<Bit>,
    zero_7: Constant<Bits<7>>,
    zero_entry: Constant<Entry>,
    beat_offset_mask: Constant<Bits<64>>,
    entry_strobe: Constant<Bits<S>>,
    status_ok: Constant<Bits<8>>,
}

impl<const W: usize, const S: usize> CompletionWriter<W, S> {
    pub fn new() -> Self {
        assert!(W == 8 * S);
        assert_eq!(completion::COMPLETION_BYTES, 16);
        assert_eq!(completion::SQ_HEAD.size, 2);
        // The entry struct must lay the fields out exactly as spec::completion says.
        let e = Entry::default();
        assert_eq!(
            [e.get_my_offset_tag(), e.get_my_offset_bytes(), e.get_my_offset_sq_head()],
            [completion::TAG.lsb(), completion::BYTES.lsb(), completion::SQ_HEAD.lsb()]
        );
        assert_eq!(
            [e.get_my_offset_status(), e.get_my_offset_phase(), e.get_my_offset_reserved()],
            [completion::STATUS.lsb(), completion::PHASE.lsb(), completion::RESERVED.lsb()]
        );
        assert_eq!(Entry::BITS, completion::COMPLETION_BYTES * 8);
        CompletionWriter {
            clock: Default::default(),
            reset: Default::default(),
            record_push: Default::default(),
            record_tag: Default::default(),
            record_sq_head: Default::default(),
            record_status: Default::default(),
            record_irq: Default::default(),
            record_needs_result: Default::default(),
            record_halt: Default::default(),
            record_full: Default::default(),
            result_valid: Default::default(),
            result_ready: Default::default(),
            result_bytes: Default::default(),
            result_status: Default::default(),
            cq_base: Default::default(),
            cq_tail: Default::default(),
            cq_tail_following: Default::default(),
            phase: Default::default(),
            aw_valid: Default::default(),
            aw_ready: Default::default(),
            aw_address: Default::default(),
            aw_length: Default::default(),
            w_valid: Default::default(),
            w_ready: Default::default(),
            w_data: Default::default(),
            w_strobe: Default::default(),
            b_valid: Default::default(),
            b_error: Default::default(),
            cq_tail_advance: Default::default(),
            completion_done: Default::default(),
            irq_completion_set: Default::default(),
            irq_error_set: Default::default(),
            halt_set: Default::default(),
            sq_head_load: Default::default(),
            sq_head_value: Default::default(),
            job_done: Default::default(),
            job_ok: Default::default(),
            job_bytes: Default::default(),
            busy: Default::default(),
            records: SmallFifo::new(16),
            results: SmallFifo::new(8),
            state: Default::default(),
            aw_done: Default::default(),
            w_done: Default::default(),
            address: Default::default(),
            entry: Default::default(),
            entry_status: Default::default(),
            entry_bytes: Default::default(),
            entry_irq: Default::default(),
            entry_sq_head: Default::default(),
            head_needs_result: Default::default(),
            head_ready: Default::default(),
            status_now: Default::default(),
            bytes_now: Default::default(),
            lane_offset: Default::default(),
            entry_now: Default::default(),
            unused_counts: Default::default(),
            entry_word: Default::default(),
            slot_now: SlotAddress::new(completion::COMPLETION_BYTES.trailing_zeros()),
            slot_next: SlotAddress::new(completion::COMPLETION_BYTES.trailing_zeros()),
            next_tail: Default::default(),
            advanced_first: Default::default(),
            advanced_second: Default::default(),
            zero_7: zero(),
            zero_entry: Constant::new(Entry::default()),
            beat_offset_mask: Constant::new(((W / 8 - 1) as u64).to_bits()),
            entry_strobe: Constant::new(0xFFFFu64.to_bits()),
            status_ok: Constant::new((spec::Status::Ok.code() as u64).to_bits()),
        }
    }
}

impl<const W: usize, const S: usize> Default for CompletionWriter<W, S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const W: usize, const S: usize> Logic for CompletionWriter<W, S> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            state,
            aw_done,
            w_done,
            address,
            entry,
            entry_status,
            entry_bytes,
            entry_irq,
            entry_sq_head,
            next_tail,
            advanced_first,
            advanced_second
        );
        self.records.clock.next = self.clock.val();
        self.records.reset.next = self.reset.val();
        self.results.clock.next = self.clock.val();
        self.results.reset.next = self.reset.val();
        // ---- input FIFOs --------------------------------------------------------------------
        self.records.push.next = self.record_push.val();
        self.records.data_in.next.tag = self.record_tag.val();
        self.records.data_in.next.sq_head = self.record_sq_head.val();
        self.records.data_in.next.status = self.record_status.val();
        self.records.data_in.next.irq = self.record_irq.val();
        self.records.data_in.next.needs_result = self.record_needs_result.val();
        self.records.data_in.next.halt = self.record_halt.val();
        self.record_full.next = self.records.full.val();
        self.results.push.next = self.result_valid.val();
        self.results.data_in.next.bytes = self.result_bytes.val();
        self.results.data_in.next.status = self.result_status.val();
        self.result_ready.next = !self.results.full.val();
        self.unused_counts.next = self.records.count.val() | self.results.count.val();

        // ---- the entry at the head ----------------------------------------------------------------
        self.head_needs_result.next = self.records.data_out.val().needs_result;
        self.head_ready.next =
            !self.records.empty.val() && (!self.head_needs_result.val() || !self.results.empty.val());
        self.status_now.next = self.records.data_out.val().status;
        self.bytes_now.next = 0_u32.to_bits();
        if self.head_needs_result.val() {
            self.status_now.next = self.results.data_out.val().status;
            self.bytes_now.next = self.results.data_out.val().bytes;
        }
        self.entry_now.next.tag = self.records.data_out.val().tag;
        self.entry_now.next.bytes = self.bytes_now.val();
        self.entry_now.next.sq_head = self.records.data_out.val().sq_head;
        self.entry_now.next.status = self.status_now.val();
        self.entry_now.next.phase = self.phase.val();
        self.entry_now.next.phase_zero = self.zero_7.val();
        self.entry_now.next.reserved = 0_u32.to_bits();

        // ---- bus -------------------------------------------------------------------------------------
        self.lane_offset.next = self.address.q.val() & self.beat_offset_mask.val();
        self.aw_address.next = self.address.q.val() & (!self.beat_offset_mask.val());
        self.aw_length.next = 0_u8.to_bits();
        self.entry_word.part.next = self.entry.q.val().into();
        self.w_data.next = self.entry_word.whole.val() << (self.lane_offset.val() << 3);
        self.w_strobe.next = self.entry_strobe.val() << self.lane_offset.val();
        self.aw_valid.next = (self.state.q.val() == CompletionState::Write) && !self.aw_done.q.val();
        self.w_valid.next = (self.state.q.val() == CompletionState::Write) && !self.w_done.q.val();

        // ---- slot addresses: CQ_BASE + 16 * CQ_TAIL (two cycles old) and of the slot after it
        // (three cycles old), for the two cycles after an advance, while CQ_TAIL's new value is
        // still on its way through `slot_now`.
        self.slot_now.clock.next = self.clock.val();
        self.slot_now.base.next = self.cq_base.val();
        self.slot_now.index.next = self.cq_tail.val();
        self.next_tail.d.next = self.cq_tail_following.val();
        self.slot_next.clock.next = self.clock.val();
        self.slot_next.base.next = self.cq_base.val();
        self.slot_next.index.next = self.next_tail.q.val();

        // ---- events (defaults) ---------------------------------------------------------------------
        self.records.pop.next = false;
        self.results.pop.next = false;
        self.cq_tail_advance.next = false;
        self.completion_done.next = false;
        self.irq_completion_set.next = false;
        self.irq_error_set.next = false;
        self.halt_set.next = false;
        self.sq_head_load.next = false;
        self.sq_head_value.next = self.entry_sq_head.q.val();
        self.job_done.next = false;
        self.job_ok.next = self.entry_status.q.val() == self.status_ok.val();
        self.job_bytes.next = self.entry_bytes.q.val();
        self.busy.next = (self.state.q.val() == CompletionState::Write)
            || (self.state.q.val() == CompletionState::Response)
            || !self.records.empty.val();

        match self.state.q.val() {
            CompletionState::Idle => {
                if self.head_ready.val() {
                    self.records.pop.next = true;
                    if self.records.data_out.val().halt {
                        // A descriptor fetch failed: halt, in order, without a completion.
                        self.halt_set.next = true;
                        self.state.d.next = CompletionState::Halted;
                    } else {
                        if self.head_needs_result.val() {
                            self.results.pop.next = true;
                        }
                        self.state.d.next = CompletionState::Write;
                        self.aw_done.d.next = false;
                        self.w_done.d.next = false;
                        self.address.d.next = self.slot_now.address.val();
                        if self.advanced_first.q.val() || self.advanced_second.q.val() {
                            self.address.d.next = self.slot_next.address.val();
                        }
                        self.entry.d.next = self.entry_now.val();
                        self.entry_status.d.next = self.status_now.val();
                        self.entry_bytes.d.next = self.bytes_now.val();
                        self.entry_irq.d.next = self.records.data_out.val().irq;
                        self.entry_sq_head.d.next = self.records.data_out.val().sq_head;
                    }
                }
            }
            CompletionState::Write => {
                if self.aw_ready.val() {
                    self.aw_done.d.next = true;
                }
                if self.w_ready.val() {
                    self.w_done.d.next = true;
                }
                if (self.aw_done.q.val() || self.aw_ready.val()) && (self.w_done.q.val() || self.w_ready.val()) {
                    self.state.d.next = CompletionState::Response;
                }
            }
            CompletionState::Response => {
                if self.b_valid.val() {
                    self.job_done.next = true;
                    self.entry.d.next = self.zero_entry.val();
                    if self.b_error.val() {
                        self.halt_set.next = true;
                        self.sq_head_load.next = true;
                        self.state.d.next = CompletionState::Halted;
                    } else {
                        self.cq_tail_advance.next = true;
                        self.completion_done.next = true;
                        self.irq_completion_set.next = self.entry_irq.q.val();
                        self.irq_error_set.next = self.entry_status.q.val() != self.status_ok.val();
                        self.state.d.next = CompletionState::Idle;
                    }
                }
            }
            CompletionState::Halted => {}
            _ => {
                self.state.d.next = CompletionState::Idle;
            }
        }

        self.advanced_first.d.next = self.cq_tail_advance.val();
        self.advanced_second.d.next = self.advanced_first.q.val();

        if self.reset.val() {
            self.state.d.next = CompletionState::Idle;
            self.aw_done.d.next = false;
            self.w_done.d.next = false;
            self.address.d.next = 0_u64.to_bits();
            self.entry.d.next = self.zero_entry.val();
            self.entry_status.d.next = 0_u8.to_bits();
            self.entry_bytes.d.next = 0_u32.to_bits();
            self.entry_irq.d.next = false;
            self.entry_sq_head.d.next = 0_u16.to_bits();
            self.advanced_first.d.next = false;
            self.advanced_second.d.next = false;
        }
    }
}
