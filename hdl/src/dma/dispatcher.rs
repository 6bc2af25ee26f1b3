//! Dispatcher: decodes and checks each fetched descriptor, executes key descriptors, and starts
//! CTR_XOR jobs on the engine, the source reader, the merge and the destination writer; it also
//! queues one completion record per descriptor, in order.
//!
//! Checks (docs/behaviour.md "Descriptor checks", lowest status code wins): BAD_OPCODE,
//! BAD_KEY_SLOT, BAD_KEY_SIZE, UNALIGNED, OVERLAP, RANGE. They run in a two-stage pipeline on the
//! descriptor at the head of the fetch FIFO, so no path holds more than one wide carry chain:
//! S1 registers the decode, the descriptor-only checks and the 65-bit ends (src + length,
//! dst + length, key_addr + key bytes, each a carry-select [`RangeEnd`]); S2 registers the range check and, in two 33-bit halves
//! each ([`AddressLess`]), the overlap compares and the read-after-write compares against the
//! hazard table. The decision uses only those registers (one gate joins each compare's halves),
//! the hazard valid bits and the live key-slot valid bit (a slot may be zeroized by a register
//! write at any time), once the head has been there two cycles (`head_age`). A failing descriptor, a NOP and an empty CTR_XOR with a slot key complete then
//! (bytes 0).
//!
//! Ordering and hazards:
//! - KEY_LOAD, KEY_ZEROIZE and INLINE_KEY jobs first wait until every earlier descriptor has
//!   completed and the engine is idle, so no job ever sees a key change under it and key reads see
//!   every earlier write. A KEY_LOAD reads its key (key reader), loads the slot and waits for the
//!   expansion; a failed read zeroizes the slot (READ_ERROR). An INLINE_KEY job loads the hidden
//!   slot (index key_slots), runs, and once it has completed the hidden slot is zeroized.
//! - A CTR_XOR job is started only when its source range overlaps no destination range of a job
//!   whose writes are not yet all acknowledged (eight-entry table, retired by `write_done`), so a
//!   job reading an earlier job's output sees it (read-after-write).
//! - Nothing new starts while `flush` (QRESET) or `halted`; a fetch-error entry is passed on as a
//!   halt record and stops the dispatcher until reset.
//!
//! Job commands go into four-entry queues (`src_cmd_*`, `merge_cmd_*`, `dst_cmd_*`) so the next
//! job's reads start while the previous one is still being merged; the engine is started directly
//! (`job_*`, offset = the destination's 16-byte position so keystream words line up with
//! destination words).
//!
//! The FIFO pop (`desc_pop`) is registered: a head taken in cycle t is popped in t + 1, so the
//! decision's path ends at a flip-flop instead of running on into the fetcher's FIFO.
//!
//! Throughput: one descriptor per four cycles (two to check, one to decide, one to pop; a
//! CTR_XOR job needs room in the queues), more than the completion writer's one record per
//! several cycles or a job's data movement need. Latency: descriptor at the head in cycle t,
//! completed or started in cycle t + 2.

use super::address_less::AddressLess;
use super::join::Widen;
use super::range_end::RangeEnd;
use super::small_fifo::SmallFifo;
use super::state_register::StateRegister;
use crate::AxiAddr;
use crate::{constant, zero};
use rust_hdl::prelude::*;
use spec::descriptor as desc;
use spec::{Opcode, Status};

#[derive(LogicState, Copy, Clone, Debug, PartialEq)]
pub enum DispatchState {
    Idle,
    Drain,
    KeyRead,
    KeyLoad,
    KeyExpand,
    KeySettle,
    InlineWait,
    Stopped,
}

/// A source-reader or destination-writer command.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct RangeCommand {
    pub address: AxiAddr,
    pub length: Bits<32>,
}

/// A merge command: length and the 16-byte positions of src and dst in their bus words.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct MergeCommand {
    pub length: Bits<32>,
    pub src_position: Bits<2>,
    pub dst_position: Bits<2>,
}

#[derive(LogicBlock)]
pub struct Dispatcher {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub flush: Signal<In, Bit>,
    pub halted: Signal<In, Bit>,
    pub sq_size: Signal<In, Bits<17>>,
    // descriptors
    pub desc_valid: Signal<In, Bit>,
    pub desc_pop: Signal<Out, Bit>,
    pub desc_data: Signal<In, Bits<512>>,
    pub desc_index: Signal<In, Bits<16>>,
    pub desc_error: Signal<In, Bit>,
    // engine
    pub slot_valid: Signal<In, Bits<32>>,
    pub engine_idle: Signal<In, Bit>,
    pub engine_key_busy: Signal<In, Bit>,
    pub key_load_valid: Signal<Out, Bit>,
    pub key_load_ready: Signal<In, Bit>,
    pub key_load_slot: Signal<Out, Bits<5>>,
    pub key_load_size: Signal<Out, Bits<2>>,
    pub key_zeroize_valid: Signal<Out, Bit>,
    pub key_zeroize_slot: Signal<Out, Bits<5>>,
    pub job_valid: Signal<Out, Bit>,
    pub job_ready: Signal<In, Bit>,
    pub job_counter: Signal<Out, Bits<128>>,
    pub job_width: Signal<Out, Bits<2>>,
    pub job_slot: Signal<Out, Bits<5>>,
    pub job_blocks: Signal<Out, Bits<32>>,
    pub job_offset: Signal<Out, Bits<2>>,
    // key reader
    pub key_start: Signal<Out, Bit>,
    pub key_address: Signal<Out, AxiAddr>,
    pub key_length: Signal<Out, Bits<32>>,
    pub key_clear: Signal<Out, Bit>,
    pub key_done: Signal<In, Bit>,
    pub key_error: Signal<In, Bit>,
    // job commands
    pub src_cmd_valid: Signal<Out, Bit>,
    pub src_cmd_ready: Signal<In, Bit>,
    pub src_cmd_address: Signal<Out, AxiAddr>,
    pub src_cmd_length: Signal<Out, Bits<32>>,
    pub merge_cmd_valid: Signal<Out, Bit>,
    pub merge_cmd_ready: Signal<In, Bit>,
    pub merge_cmd_length: Signal<Out, Bits<32>>,
    pub merge_cmd_src_position: Signal<Out, Bits<2>>,
    pub merge_cmd_dst_position: Signal<Out, Bits<2>>,
    pub dst_cmd_valid: Signal<Out, Bit>,
    pub dst_cmd_ready: Signal<In, Bit>,
    pub dst_cmd_address: Signal<Out, AxiAddr>,
    pub dst_cmd_length: Signal<Out, Bits<32>>,
    pub write_done: Signal<In, Bit>,
    // completion records
    pub record_push: Signal<Out, Bit>,
    pub record_full: Signal<In, Bit>,
    pub record_tag: Signal<Out, Bits<32>>,
    pub record_sq_head: Signal<Out, Bits<16>>,
    pub record_status: Signal<Out, Bits<8>>,
    pub record_irq: Signal<Out, Bit>,
    pub record_needs_result: Signal<Out, Bit>,
    pub record_halt: Signal<Out, Bit>,
    pub retired: Signal<In, Bit>,
    pub busy: Signal<Out, Bit>,
    // queues
    src_queue: SmallFifo<RangeCommand>,
    merge_queue: SmallFifo<MergeCommand>,
    dst_queue: SmallFifo<RangeCommand>,
    // state
    state: StateRegister<DispatchState>,
    in_flight: DFF<Bits<8>>,
    hazard_valid: Vec<DFF<Bit>>,
    hazard_start: Vec<DFF<Bits<65>>>,
    hazard_end: Vec<DFF<Bits<65>>>,
    hazard_head: DFF<Bits<3>>,
    hazard_tail: DFF<Bits<3>>,
    hazard_count: DFF<Bits<4>>,
    hazard_end_less: Vec<AddressLess>,
    hazard_start_less: Vec<AddressLess>,
    // check pipeline: S1 registers decode and ends, S2 the compares; used once head_age is 2
    head_age: DFF<Bits<2>>,
    pop_pending: DFF<Bit>,
    take_head: Signal<Local, Bit>,
    checked: Signal<Local, Bit>,
    s1_src_end: DFF<Bits<65>>,
    s1_dst_end: DFF<Bits<65>>,
    s1_key_end: DFF<Bits<65>>,
    s1_bad_opcode: DFF<Bit>,
    s1_bad_size: DFF<Bit>,
    s1_unaligned: DFF<Bit>,
    s1_slot_exists: DFF<Bit>,
    s1_is_nop: DFF<Bit>,
    s1_is_ctr: DFF<Bit>,
    s1_is_load: DFF<Bit>,
    s1_is_zeroize: DFF<Bit>,
    s1_inline: DFF<Bit>,
    s1_irq: DFF<Bit>,
    s1_length_zero: DFF<Bit>,
    s1_src_ne_dst: DFF<Bit>,
    s1_job_blocks: DFF<Bits<32>>,
    s1_sq_head_next: DFF<Bits<16>>,
    source_before_end: AddressLess,
    destination_before_end: AddressLess,
    s2_overlap_possible: DFF<Bit>,
    s2_out_of_range: DFF<Bit>,
    // decoded fields
    opcode: Signal<Local, Bits<8>>,
    flags: Signal<Local, Bits<8>>,
    slot: Signal<Local, Bits<8>>,
    tag: Signal<Local, Bits<32>>,
    length: Signal<Local, Bits<32>>,
    src: Signal<Local, Bits<64>>,
    dst: Signal<Local, Bits<64>>,
    key_addr: Signal<Local, AxiAddr>,
    src_position: Signal<Local, Bits<2>>,
    dst_position: Signal<Local, Bits<2>>,
    unused_sq_size_top: Signal<Local, Bit>,
    unused_queue_counts: Signal<Local, Bits<5>>,
    unused_blocks_top: Signal<Local, Bit>,
    lane_mask: Constant<Bits<2>>,
    blocks_sum: Signal<Local, Bits<33>>,
    blocks_shifted: Signal<Local, Bits<33>>,
    src_wide: Widen<64, 65>,
    dst_wide_word: Widen<64, 65>,
    src_range: RangeEnd,
    dst_range: RangeEnd,
    key_range: RangeEnd,
    length_33: Widen<32, 33>,
    size_code: Signal<Local, Bits<2>>,
    width_code: Signal<Local, Bits<2>>,
    is_nop: Signal<Local, Bit>,
    is_ctr: Signal<Local, Bit>,
    is_load: Signal<Local, Bit>,
    is_zeroize: Signal<Local, Bit>,
    inline: Signal<Local, Bit>,
    irq: Signal<Local, Bit>,
    slot_exists: Signal<Local, Bit>,
    slot_loaded: Signal<Local, Bit>,
    key_bytes: Signal<Local, Bits<32>>,
    src_end: Signal<Local, Bits<65>>,
    dst_wide: Signal<Local, Bits<65>>,
    dst_end: Signal<Local, Bits<65>>,
    key_end: Signal<Local, Bits<65>>,
    bad_opcode: Signal<Local, Bit>,
    bad_slot: Signal<Local, Bit>,
    bad_size: Signal<Local, Bit>,
    unaligned: Signal<Local, Bit>,
    overlap: Signal<Local, Bit>,
    status: Signal<Local, Bits<8>>,
    sq_head_next: Signal<Local, Bits<16>>,
    hazard: Signal<Local, Bit>,
    queues_ready: Signal<Local, Bit>,
    start_job: Signal<Local, Bit>,
    job_slot_now: Signal<Local, Bits<5>>,
    retire_hazard: Signal<Local, Bit>,
    pushed: Signal<Local, Bit>,
    // constants
    lsb_opcode: Constant<Bits<9>>,
    lsb_flags: Constant<Bits<9>>,
    lsb_slot: Constant<Bits<9>>,
    lsb_reserved0: Constant<Bits<9>>,
    lsb_tag: Constant<Bits<9>>,
    lsb_length: Constant<Bits<9>>,
    lsb_reserved1: Constant<Bits<9>>,
    lsb_src: Constant<Bits<9>>,
    lsb_dst: Constant<Bits<9>>,
    lsb_key_addr: Constant<Bits<9>>,
    lsb_reserved2: Constant<Bits<9>>,
    lsb_counter: Constant<Bits<9>>,
    code1: Constant<Bits<2>>,
    code2: Constant<Bits<2>>,
    code3: Constant<Bits<2>>,
    eight4: Constant<Bits<4>>,
    op_nop: Constant<Bits<8>>,
    op_ctr: Constant<Bits<8>>,
    op_load: Constant<Bits<8>>,
    op_zeroize: Constant<Bits<8>>,
    flag_irq: Constant<Bits<8>>,
    flag_inline: Constant<Bits<8>>,
    flag_reserved: Constant<Bits<8>>,
    flag_size_lsb: Constant<Bits<3>>,
    flag_width_lsb: Constant<Bits<3>>,
    key_slots: Constant<Bits<8>>,
    hidden_slot: Constant<Bits<5>>,
    key_sizes: Constant<Bits<3>>,
    key_bytes_128: Constant<Bits<32>>,
    key_bytes_192: Constant<Bits<32>>,
    key_bytes_256: Constant<Bits<32>>,
    status_ok: Constant<Bits<8>>,
    status_bad_opcode: Constant<Bits<8>>,
    status_bad_slot: Constant<Bits<8>>,
    status_bad_size: Constant<Bits<8>>,
    status_unaligned: Constant<Bits<8>>,
    status_overlap: Constant<Bits<8>>,
    status_range: Constant<Bits<8>>,
    status_read_error: Constant<Bits<8>>,
    align_mask: Constant<Bits<64>>,
    one3: Constant<Bits<3>>,
    one4: Constant<Bits<4>>,
    fifteen33: Constant<Bits<33>>,
    hazard_index: Vec<Constant<Bits<3>>>,
    zero_3: Constant<Bits<3>>,
    zero_4: Constant<Bits<4>>,
    zero_2: Constant<Bits<2>>,
    one2: Constant<Bits<2>>,
    two2: Constant<Bits<2>>,
}

impl Dispatcher {
    /// `bus_bytes`: AXI data width in bytes; `key_slots` software-visible slots (the hidden inline
    /// slot is `key_slots`); `key_sizes`: CAPS[2:0] mask.
    pub fn new(bus_bytes: u64, key_slots: u64, key_sizes: u64) -> Self {
        // Literal slice widths below, checked against the spec once.
        assert_eq!((desc::OPCODE.bits(), desc::FLAGS.bits(), desc::KEY_SLOT.bits()), (8, 8, 8));
        assert_eq!((desc::TAG.bits(), desc::LENGTH.bits(), desc::RESERVED1.bits()), (32, 32, 32));
        assert_eq!((desc::SRC.bits(), desc::DST.bits(), desc::KEY_ADDR.bits()), (64, 64, 64));
        assert_eq!((desc::RESERVED0.bits(), desc::RESERVED2.bits(), desc::COUNTER.bits()), (8, 64, 128));
        assert!((1..=16).contains(&key_slots));
        let size_bytes = |k: spec::KeySize| Constant::new((k.bytes() as u64).to_bits());
        let status = |s: Status| constant(s.code() as u64);
        Dispatcher {
            clock: Default::default(),
            reset: Default::default(),
            flush: Default::default(),
            halted: Default::default(),
            sq_size: Default::default(),
            desc_valid: Default::default(),
            desc_pop: Default::default(),
            desc_data: Default::default(),
            desc_index: Default::default(),
            desc_error: Default::default(),
            slot_valid: Default::default(),
            engine_idle: Default::default(),
            engine_key_busy: Default::default(),
            key_load_valid: Default::default(),
            key_load_ready: Default::default(),
            key_load_slot: Default::default(),
            key_load_size: Default::default(),
            key_zeroize_valid: Default::default(),
            key_zeroize_slot: Default::default(),
            job_valid: Default::default(),
            job_ready: Default::default(),
            job_counter: Default::default(),
            job_width: Default::default(),
            job_slot: Default::default(),
            job_blocks: Default::default(),
            job_offset: Default::default(),
            key_start: Default::default(),
            key_address: Default::default(),
            key_length: Default::default(),
            key_clear: Default::default(),
            key_done: Default::default(),
            key_error: Default::default(),
            src_cmd_valid: Default::default(),
            src_cmd_ready: Default::default(),
            src_cmd_address: Default::default(),
            src_cmd_length: Default::default(),
            merge_cmd_valid: Default::default(),
            merge_cmd_ready: Default::default(),
            merge_cmd_length: Default::default(),
            merge_cmd_src_position: Default::default(),
            merge_cmd_dst_position: Default::default(),
            dst_cmd_valid: Default::default(),
            dst_cmd_ready: Default::default(),
            dst_cmd_address: Default::default(),
            dst_cmd_length: Default::default(),
            write_done: Default::default(),
            record_push: Default::default(),
            record_full: Default::default(),
            record_tag: Default::default(),
            record_sq_head: Default::default(),
            record_status: Default::default(),
            record_irq: Default::default(),
            record_needs_result: Default::default(),
            record_halt: Default::default(),
            retired: Default::default(),
            busy: Default::default(),
            src_queue: SmallFifo::new(4),
            merge_queue: SmallFifo::new(4),
            dst_queue: SmallFifo::new(4),
            state: Default::default(),
            in_flight: Default::default(),
            hazard_valid: (0..8).map(|_| Default::default()).collect(),
            hazard_start: (0..8).map(|_| Default::default()).collect(),
            hazard_end: (0..8).map(|_| Default::default()).collect(),
            hazard_head: Default::default(),
            hazard_tail: Default::default(),
            hazard_count: Default::default(),
            hazard_end_less: (0..8).map(|_| Default::default()).collect(),
            hazard_start_less: (0..8).map(|_| Default::default()).collect(),
            head_age: Default::default(),
            pop_pending: Default::default(),
            take_head: Default::default(),
            checked: Default::default(),
            s1_src_end: Default::default(),
            s1_dst_end: Default::default(),
            s1_key_end: Default::default(),
            s1_bad_opcode: Default::default(),
            s1_bad_size: Default::default(),
            s1_unaligned: Default::default(),
            s1_slot_exists: Default::default(),
            s1_is_nop: Default::default(),
            s1_is_ctr: Default::default(),
            s1_is_load: Default::default(),
            s1_is_zeroize: Default::default(),
            s1_inline: Default::default(),
            s1_irq: Default::default(),
            s1_length_zero: Default::default(),
            s1_src_ne_dst: Default::default(),
            s1_job_blocks: Default::default(),
            s1_sq_head_next: Default::default(),
            source_before_end: Default::default(),
            destination_before_end: Default::default(),
            s2_overlap_possible: Default::default(),
            s2_out_of_range: Default::default(),
            opcode: Default::default(),
            flags: Default::default(),
            slot: Default::default(),
            tag: Default::default(),
            length: Default::default(),
            src: Default::default(),
            dst: Default::default(),
            key_addr: Default::default(),
            src_position: Default::default(),
            dst_position: Default::default(),
            unused_sq_size_top: Default::default(),
            unused_queue_counts: Default::default(),
            unused_blocks_top: Default::default(),
            lane_mask: constant(bus_bytes / 16 - 1),
            blocks_sum: Default::default(),
            blocks_shifted: Default::default(),
            src_wide: Default::default(),
            dst_wide_word: Default::default(),
            src_range: Default::default(),
            dst_range: Default::default(),
            key_range: Default::default(),
            length_33: Default::default(),
            size_code: Default::default(),
            width_code: Default::default(),
            is_nop: Default::default(),
            is_ctr: Default::default(),
            is_load: Default::default(),
            is_zeroize: Default::default(),
            inline: Default::default(),
            irq: Default::default(),
            slot_exists: Default::default(),
            slot_loaded: Default::default(),
            key_bytes: Default::default(),
            src_end: Default::default(),
            dst_wide: Default::default(),
            dst_end: Default::default(),
            key_end: Default::default(),
            bad_opcode: Default::default(),
            bad_slot: Default::default(),
            bad_size: Default::default(),
            unaligned: Default::default(),
            overlap: Default::default(),
            status: Default::default(),
            sq_head_next: Default::default(),
            hazard: Default::default(),
            queues_ready: Default::default(),
            start_job: Default::default(),
            job_slot_now: Default::default(),
            retire_hazard: Default::default(),
            pushed: Default::default(),
            lsb_opcode: constant(desc::OPCODE.lsb() as u64),
            lsb_flags: constant(desc::FLAGS.lsb() as u64),
            lsb_slot: constant(desc::KEY_SLOT.lsb() as u64),
            lsb_reserved0: constant(desc::RESERVED0.lsb() as u64),
            lsb_tag: constant(desc::TAG.lsb() as u64),
            lsb_length: constant(desc::LENGTH.lsb() as u64),
            lsb_reserved1: constant(desc::RESERVED1.lsb() as u64),
            lsb_src: constant(desc::SRC.lsb() as u64),
            lsb_dst: constant(desc::DST.lsb() as u64),
            lsb_key_addr: constant(desc::KEY_ADDR.lsb() as u64),
            lsb_reserved2: constant(desc::RESERVED2.lsb() as u64),
            lsb_counter: constant(desc::COUNTER.lsb() as u64),
            code1: constant(1),
            code2: constant(2),
            code3: constant(3),
            eight4: constant(8),
            op_nop: constant(Opcode::Nop as u64),
            op_ctr: constant(Opcode::CtrXor as u64),
            op_load: constant(Opcode::KeyLoad as u64),
            op_zeroize: constant(Opcode::KeyZeroize as u64),
            flag_irq: constant(desc::FLAG_IRQ as u64),
            flag_inline: constant(desc::FLAG_INLINE_KEY as u64),
            flag_reserved: constant(desc::FLAG_RESERVED_MASK as u64),
            flag_size_lsb: constant(desc::FLAG_KEY_SIZE_LSB as u64),
            flag_width_lsb: constant(desc::FLAG_CTR_WIDTH_LSB as u64),
            key_slots: constant(key_slots),
            hidden_slot: Constant::new(key_slots.to_bits()),
            key_sizes: Constant::new(key_sizes.to_bits()),
            key_bytes_128: size_bytes(spec::KeySize::Aes128),
            key_bytes_192: size_bytes(spec::KeySize::Aes192),
            key_bytes_256: size_bytes(spec::KeySize::Aes256),
            status_ok: status(Status::Ok),
            status_bad_opcode: status(Status::BadOpcode),
            status_bad_slot: status(Status::BadKeySlot),
            status_bad_size: status(Status::BadKeySize),
            status_unaligned: status(Status::Unaligned),
            status_overlap: status(Status::Overlap),
            status_range: status(Status::Range),
            status_read_error: status(Status::ReadError),
            align_mask: constant(spec::DATA_ALIGN - 1),
            one3: constant(1),
            one4: constant(1),
            fifteen33: constant(15),
            hazard_index: (0..8).map(|i| constant(i as u64)).collect(),
            zero_3: zero(),
            zero_4: zero(),
            zero_2: zero(),
            one2: constant(1),
            two2: constant(2),
        }
    }
}

impl Logic for Dispatcher {
    #[hdl_gen]
    #[allow(unreachable_patterns)]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            state,
            in_flight,
            hazard_head,
            hazard_tail,
            hazard_count,
            head_age,
            pop_pending,
            s1_src_end,
            s1_dst_end,
            s1_key_end,
            s1_bad_opcode,
            s1_bad_size,
            s1_unaligned,
            s1_slot_exists,
            s1_is_nop,
            s1_is_ctr,
            s1_is_load,
            s1_is_zeroize,
            s1_inline,
            s1_irq,
            s1_length_zero,
            s1_src_ne_dst,
            s1_job_blocks,
            s1_sq_head_next,
            s2_overlap_possible,
            s2_out_of_range
        );
        self.src_queue.clock.next = self.clock.val();
        self.src_queue.reset.next = self.reset.val();
        self.merge_queue.clock.next = self.clock.val();
        self.merge_queue.reset.next = self.reset.val();
        self.dst_queue.clock.next = self.clock.val();
        self.dst_queue.reset.next = self.reset.val();

        // ---- decode ---------------------------------------------------------------------------
        self.opcode.next = self.desc_data.val().get_bits::<8>(self.lsb_opcode.val().index());
        self.flags.next = self.desc_data.val().get_bits::<8>(self.lsb_flags.val().index());
        self.slot.next = self.desc_data.val().get_bits::<8>(self.lsb_slot.val().index());
        self.tag.next = self.desc_data.val().get_bits::<32>(self.lsb_tag.val().index());
        self.length.next = self.desc_data.val().get_bits::<32>(self.lsb_length.val().index());
        self.src.next = self.desc_data.val().get_bits::<64>(self.lsb_src.val().index());
        self.dst.next = self.desc_data.val().get_bits::<64>(self.lsb_dst.val().index());
        self.key_addr.next = self.desc_data.val().get_bits::<64>(self.lsb_key_addr.val().index());
        self.size_code.next = self.flags.val().get_bits::<2>(self.flag_size_lsb.val().index());
        self.width_code.next = self.flags.val().get_bits::<2>(self.flag_width_lsb.val().index());
        self.src_position.next = self.src.val().get_bits::<2>(4) & self.lane_mask.val();
        self.dst_position.next = self.dst.val().get_bits::<2>(4) & self.lane_mask.val();
        self.unused_sq_size_top.next = self.sq_size.val().get_bit(16);
        self.unused_queue_counts.next =
            self.src_queue.count.val() | self.merge_queue.count.val() | self.dst_queue.count.val();
        self.is_nop.next = self.opcode.val() == self.op_nop.val();
        self.is_ctr.next = self.opcode.val() == self.op_ctr.val();
        self.is_load.next = self.opcode.val() == self.op_load.val();
        self.is_zeroize.next = self.opcode.val() == self.op_zeroize.val();
        self.inline.next = (self.flags.val() & self.flag_inline.val()).any();
        self.irq.next = (self.flags.val() & self.flag_irq.val()).any();
        self.sq_head_next.next =
            (self.desc_index.val() + 1_u16.to_bits()) & (self.sq_size.val().get_bits::<16>(0) - 1_u16.to_bits());

        // ---- S1: descriptor-only checks and the 65-bit ends, registered --------------------------------
        self.bad_opcode.next = !(self.is_nop.val() || self.is_ctr.val() || self.is_load.val() || self.is_zeroize.val())
            || self.desc_data.val().get_bits::<8>(self.lsb_reserved0.val().index()).any()
            || self.desc_data.val().get_bits::<32>(self.lsb_reserved1.val().index()).any()
            || self.desc_data.val().get_bits::<64>(self.lsb_reserved2.val().index()).any()
            || (self.flags.val() & self.flag_reserved.val()).any()
            || (self.width_code.val() == self.code3.val());
        self.slot_exists.next = self.slot.val() < self.key_slots.val();
        self.bad_size.next = false;
        if self.is_load.val() || (self.is_ctr.val() && self.inline.val()) {
            if self.size_code.val() == self.code3.val() {
                self.bad_size.next = true;
            } else {
                self.bad_size.next = !self.key_sizes.val().get_bit(self.size_code.val().index());
            }
        }
        self.unaligned.next = self.is_ctr.val()
            && ((self.src.val() & self.align_mask.val()).any() || (self.dst.val() & self.align_mask.val()).any());
        self.src_wide.part.next = self.src.val();
        self.dst_wide_word.part.next = self.dst.val();
        self.length_33.part.next = self.length.val();
        self.src_range.start.next = self.src.val();
        self.src_range.length.next = self.length.val();
        self.src_end.next = self.src_range.finish.val();
        self.dst_wide.next = self.dst_wide_word.whole.val();
        self.dst_range.start.next = self.dst.val();
        self.dst_range.length.next = self.length.val();
        self.dst_end.next = self.dst_range.finish.val();
        self.key_bytes.next = self.key_bytes_128.val();
        if self.size_code.val() == self.code1.val() {
            self.key_bytes.next = self.key_bytes_192.val();
        }
        if self.size_code.val() == self.code2.val() {
            self.key_bytes.next = self.key_bytes_256.val();
        }
        self.key_range.start.next = self.key_addr.val();
        self.key_range.length.next = self.key_bytes.val();
        self.key_end.next = self.key_range.finish.val();
        self.blocks_sum.next = self.length_33.whole.val() + self.fifteen33.val();
        self.blocks_shifted.next = self.blocks_sum.val() >> 4;
        self.unused_blocks_top.next = self.blocks_shifted.val().get_bit(32);
        self.s1_src_end.d.next = self.src_end.val();
        self.s1_dst_end.d.next = self.dst_end.val();
        self.s1_key_end.d.next = self.key_end.val();
        self.s1_bad_opcode.d.next = self.bad_opcode.val();
        self.s1_bad_size.d.next = self.bad_size.val();
        self.s1_unaligned.d.next = self.unaligned.val();
        self.s1_slot_exists.d.next = self.slot_exists.val();
        self.s1_is_nop.d.next = self.is_nop.val();
        self.s1_is_ctr.d.next = self.is_ctr.val();
        self.s1_is_load.d.next = self.is_load.val();
        self.s1_is_zeroize.d.next = self.is_zeroize.val();
        self.s1_inline.d.next = self.inline.val();
        self.s1_irq.d.next = self.irq.val();
        self.s1_length_zero.d.next = !self.length.val().any();
        self.s1_src_ne_dst.d.next = self.src.val() != self.dst.val();
        self.s1_job_blocks.d.next = self.blocks_shifted.val().get_bits::<32>(0);
        self.s1_sq_head_next.d.next = self.sq_head_next.val();

        // ---- S2: range check, and the overlap and read-after-write compares in two halves ----------
        // (AddressLess registers each compare's halves; one gate combines them in the decision.)
        self.s2_out_of_range.d.next = (self.s1_is_ctr.q.val()
            && ((self.s1_src_end.q.val().get_bit(64) && self.s1_src_end.q.val().get_bits::<64>(0).any())
                || (self.s1_dst_end.q.val().get_bit(64) && self.s1_dst_end.q.val().get_bits::<64>(0).any())))
            || ((self.s1_is_load.q.val() || (self.s1_is_ctr.q.val() && self.s1_inline.q.val()))
                && self.s1_key_end.q.val().get_bit(64)
                && self.s1_key_end.q.val().get_bits::<64>(0).any());
        self.s2_overlap_possible.d.next =
            self.s1_is_ctr.q.val() && self.s1_src_ne_dst.q.val() && !self.s1_length_zero.q.val();
        self.source_before_end.clock.next = self.clock.val();
        self.source_before_end.a.next = self.src_wide.whole.val();
        self.source_before_end.b.next = self.s1_dst_end.q.val();
        self.destination_before_end.clock.next = self.clock.val();
        self.destination_before_end.a.next = self.dst_wide.val();
        self.destination_before_end.b.next = self.s1_src_end.q.val();
        for i in 0..8 {
            self.hazard_valid[i].clock.next = self.clock.val();
            self.hazard_start[i].clock.next = self.clock.val();
            self.hazard_end[i].clock.next = self.clock.val();
            self.hazard_valid[i].d.next = self.hazard_valid[i].q.val();
            self.hazard_start[i].d.next = self.hazard_start[i].q.val();
            self.hazard_end[i].d.next = self.hazard_end[i].q.val();
            self.hazard_end_less[i].clock.next = self.clock.val();
            self.hazard_end_less[i].a.next = self.src_wide.whole.val();
            self.hazard_end_less[i].b.next = self.hazard_end[i].q.val();
            self.hazard_start_less[i].clock.next = self.clock.val();
            self.hazard_start_less[i].a.next = self.hazard_start[i].q.val();
            self.hazard_start_less[i].b.next = self.s1_src_end.q.val();
        }

        // ---- decision on checked results: the key slot (live), then the status order --------------
        self.checked.next = self.head_age.q.val() == self.two2.val();
        self.slot_loaded.next = false;
        if self.s1_slot_exists.q.val() {
            self.slot_loaded.next = self.slot_valid.val().get_bit(self.slot.val().get_bits::<5>(0).index());
        }
        self.bad_slot.next = (self.s1_is_ctr.q.val() && !self.s1_inline.q.val() && !self.slot_loaded.val())
            || ((self.s1_is_load.q.val() || self.s1_is_zeroize.q.val()) && !self.s1_slot_exists.q.val());
        self.overlap.next = self.s2_overlap_possible.q.val()
            && self.source_before_end.less.val()
            && self.destination_before_end.less.val();
        self.status.next = self.status_ok.val();
        if self.s2_out_of_range.q.val() {
            self.status.next = self.status_range.val();
        }
        if self.overlap.val() {
            self.status.next = self.status_overlap.val();
        }
        if self.s1_unaligned.q.val() {
            self.status.next = self.status_unaligned.val();
        }
        if self.s1_bad_size.q.val() {
            self.status.next = self.status_bad_size.val();
        }
        if self.bad_slot.val() {
            self.status.next = self.status_bad_slot.val();
        }
        if self.s1_bad_opcode.q.val() {
            self.status.next = self.status_bad_opcode.val();
        }
        // An entry is only ever added by a start, which pops the head: a checked head's hits are
        // current except for retirements, which the live valid bits mask.
        self.hazard.next = false;
        for i in 0..8 {
            if self.hazard_valid[i].q.val()
                && self.hazard_end_less[i].less.val()
                && self.hazard_start_less[i].less.val()
            {
                self.hazard.next = true;
            }
        }

        // ---- job commands ---------------------------------------------------------------------------
        self.src_cmd_valid.next = !self.src_queue.empty.val();
        self.src_cmd_address.next = self.src_queue.data_out.val().address;
        self.src_cmd_length.next = self.src_queue.data_out.val().length;
        self.src_queue.pop.next = self.src_cmd_ready.val();
        self.merge_cmd_valid.next = !self.merge_queue.empty.val();
        self.merge_cmd_length.next = self.merge_queue.data_out.val().length;
        self.merge_cmd_src_position.next = self.merge_queue.data_out.val().src_position;
        self.merge_cmd_dst_position.next = self.merge_queue.data_out.val().dst_position;
        self.merge_queue.pop.next = self.merge_cmd_ready.val();
        self.dst_cmd_valid.next = !self.dst_queue.empty.val();
        self.dst_cmd_address.next = self.dst_queue.data_out.val().address;
        self.dst_cmd_length.next = self.dst_queue.data_out.val().length;
        self.dst_queue.pop.next = self.dst_cmd_ready.val();
        self.src_queue.data_in.next.address = self.src.val();
        self.src_queue.data_in.next.length = self.length.val();
        self.dst_queue.data_in.next.address = self.dst.val();
        self.dst_queue.data_in.next.length = self.length.val();
        self.merge_queue.data_in.next.length = self.length.val();
        self.merge_queue.data_in.next.src_position = self.src_position.val();
        self.merge_queue.data_in.next.dst_position = self.dst_position.val();
        self.src_queue.push.next = false;
        self.merge_queue.push.next = false;
        self.dst_queue.push.next = false;
        self.queues_ready.next = !self.src_queue.full.val()
            && !self.merge_queue.full.val()
            && !self.dst_queue.full.val()
            && (self.hazard_count.q.val() != self.eight4.val())
            && !self.hazard.val()
            && self.job_ready.val()
            && !self.record_full.val();
        self.job_slot_now.next = self.slot.val().get_bits::<5>(0);
        if self.state.q.val() == DispatchState::KeySettle {
            self.job_slot_now.next = self.hidden_slot.val();
        }
        self.job_valid.next = false;
        self.job_counter.next = self.desc_data.val().get_bits::<128>(self.lsb_counter.val().index());
        self.job_width.next = self.width_code.val();
        self.job_slot.next = self.job_slot_now.val();
        self.job_blocks.next = self.s1_job_blocks.q.val();
        self.job_offset.next = self.dst_position.val();
        self.start_job.next = false;

        // ---- records, keys -------------------------------------------------------------------------
        self.record_push.next = false;
        self.record_tag.next = self.tag.val();
        self.record_sq_head.next = self.s1_sq_head_next.q.val();
        self.record_status.next = self.status.val();
        self.record_irq.next = self.s1_irq.q.val();
        self.record_needs_result.next = false;
        self.record_halt.next = false;
        self.take_head.next = false;
        self.key_start.next = false;
        self.key_address.next = self.key_addr.val();
        self.key_length.next = self.key_bytes.val();
        self.key_clear.next = false;
        self.key_load_valid.next = false;
        self.key_load_slot.next = self.slot.val().get_bits::<5>(0);
        if self.s1_is_ctr.q.val() && self.s1_inline.q.val() {
            self.key_load_slot.next = self.hidden_slot.val();
        }
        self.key_load_size.next = self.size_code.val();
        self.key_zeroize_valid.next = false;
        self.key_zeroize_slot.next = self.slot.val().get_bits::<5>(0);

        match self.state.q.val() {
            DispatchState::Idle => {
                if self.desc_valid.val()
                    && self.checked.val()
                    && !self.flush.val()
                    && !self.halted.val()
                    && !self.record_full.val()
                {
                    if self.desc_error.val() {
                        self.record_push.next = true;
                        self.record_halt.next = true;
                        self.take_head.next = true;
                        self.state.d.next = DispatchState::Stopped;
                    } else if (self.status.val() != self.status_ok.val()) || self.s1_is_nop.q.val() {
                        self.record_push.next = true;
                        self.take_head.next = true;
                    } else if self.s1_is_zeroize.q.val() || self.s1_is_load.q.val() || self.s1_inline.q.val() {
                        self.state.d.next = DispatchState::Drain;
                    } else if self.s1_length_zero.q.val() {
                        self.record_push.next = true;
                        self.take_head.next = true;
                    } else if self.queues_ready.val() {
                        self.start_job.next = true;
                    }
                }
            }
            DispatchState::Drain => {
                if (!self.in_flight.q.val().any())
                    && self.engine_idle.val()
                    && !self.engine_key_busy.val()
                    && !self.flush.val()
                {
                    if self.s1_is_zeroize.q.val() {
                        self.key_zeroize_valid.next = true;
                        self.record_push.next = true;
                        self.take_head.next = true;
                        self.state.d.next = DispatchState::Idle;
                    } else {
                        self.key_start.next = true;
                        self.state.d.next = DispatchState::KeyRead;
                    }
                }
            }
            DispatchState::KeyRead => {
                if self.key_done.val() {
                    if self.key_error.val() {
                        if self.s1_is_load.q.val() {
                            self.key_zeroize_valid.next = true;
                        }
                        self.record_push.next = true;
                        self.record_status.next = self.status_read_error.val();
                        self.take_head.next = true;
                        self.key_clear.next = true;
                        self.state.d.next = DispatchState::Idle;
                    } else if self.s1_is_ctr.q.val() && self.s1_length_zero.q.val() {
                        self.record_push.next = true;
                        self.take_head.next = true;
                        self.key_clear.next = true;
                        self.state.d.next = DispatchState::Idle;
                    } else {
                        self.state.d.next = DispatchState::KeyLoad;
                    }
                }
            }
            DispatchState::KeyLoad => {
                self.key_load_valid.next = true;
                if self.key_load_ready.val() {
                    self.key_clear.next = true;
                    self.state.d.next = DispatchState::KeyExpand;
                }
            }
            DispatchState::KeyExpand => {
                if !self.engine_key_busy.val() {
                    if self.s1_is_load.q.val() {
                        self.record_push.next = true;
                        self.take_head.next = true;
                        self.state.d.next = DispatchState::Idle;
                    } else {
                        self.state.d.next = DispatchState::KeySettle;
                    }
                }
            }
            DispatchState::KeySettle => {
                // The hidden slot holds this INLINE_KEY job's key: start the job.
                if self.queues_ready.val() && !self.flush.val() {
                    self.start_job.next = true;
                    self.state.d.next = DispatchState::InlineWait;
                }
            }
            DispatchState::InlineWait => {
                if (!self.in_flight.q.val().any()) && self.engine_idle.val() {
                    self.key_zeroize_valid.next = true;
                    self.key_zeroize_slot.next = self.hidden_slot.val();
                    self.state.d.next = DispatchState::Idle;
                }
            }
            DispatchState::Stopped => {}
            _ => {
                self.state.d.next = DispatchState::Idle;
            }
        }

        if self.start_job.val() {
            self.job_valid.next = true;
            self.src_queue.push.next = true;
            self.merge_queue.push.next = true;
            self.dst_queue.push.next = true;
            self.record_push.next = true;
            self.record_needs_result.next = true;
            self.take_head.next = true;
        }

        // ---- hazard table: insert at start, retire the oldest at write_done ----------------------
        self.retire_hazard.next = self.write_done.val() && (self.hazard_count.q.val().any());
        for i in 0..8 {
            if self.retire_hazard.val() && (self.hazard_head.q.val() == self.hazard_index[i].val()) {
                self.hazard_valid[i].d.next = false;
            }
            if self.start_job.val() && (self.hazard_tail.q.val() == self.hazard_index[i].val()) {
                self.hazard_valid[i].d.next = true;
                self.hazard_start[i].d.next = self.dst_wide.val();
                self.hazard_end[i].d.next = self.s1_dst_end.q.val();
            }
        }
        if self.retire_hazard.val() {
            self.hazard_head.d.next = self.hazard_head.q.val() + self.one3.val();
        }
        if self.start_job.val() {
            self.hazard_tail.d.next = self.hazard_tail.q.val() + self.one3.val();
        }
        if self.start_job.val() && !self.retire_hazard.val() {
            self.hazard_count.d.next = self.hazard_count.q.val() + self.one4.val();
        }
        if self.retire_hazard.val() && !self.start_job.val() {
            self.hazard_count.d.next = self.hazard_count.q.val() - self.one4.val();
        }

        // ---- descriptors in flight (records pushed, completions not yet written) ------------------
        self.pushed.next = self.record_push.val() && !self.record_halt.val();
        if self.pushed.val() && !self.retired.val() {
            self.in_flight.d.next = self.in_flight.q.val() + 1_u8.to_bits();
        }
        if self.retired.val() && !self.pushed.val() {
            self.in_flight.d.next = self.in_flight.q.val() - 1_u8.to_bits();
        }
        // ---- age of the head: checks valid two cycles after it appeared --------------------------
        // The FIFO pop is registered (the decision's path ends here, not in the fetcher's FIFO):
        // the head leaves in the cycle after it was taken, so the age restarts at both.
        self.pop_pending.d.next = self.take_head.val();
        self.desc_pop.next = self.pop_pending.q.val();
        if self.take_head.val() || self.pop_pending.q.val() || !self.desc_valid.val() {
            self.head_age.d.next = self.zero_2.val();
        } else if !self.checked.val() {
            self.head_age.d.next = self.head_age.q.val() + self.one2.val();
        }
        self.busy.next = (self.state.q.val() != DispatchState::Idle) && (self.state.q.val() != DispatchState::Stopped);

        if self.reset.val() {
            self.state.d.next = DispatchState::Idle;
            self.in_flight.d.next = 0_u8.to_bits();
            self.head_age.d.next = self.zero_2.val();
            self.pop_pending.d.next = false;
            self.hazard_head.d.next = self.zero_3.val();
            self.hazard_tail.d.next = self.zero_3.val();
            self.hazard_count.d.next = self.zero_4.val();
            for i in 0..8 {
                self.hazard_valid[i].d.next = false;
            }
        }
    }
}
