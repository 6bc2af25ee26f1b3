//! Destination writer: writes each CTR_XOR job's result words in AW/W bursts and reports the job's
//! outcome once every burst has its B response.
//!
//! Jobs arrive as commands (`cmd_valid`/`cmd_ready`, `cmd_address`, `cmd_length` > 0); the merge
//! delivers result words (`in_valid`/`in_ready`, `in_data`, `in_strobe`) into a data FIFO, and one
//! end record per job (`end_valid` pulse, `end_bytes` produced, `end_read_error`).
//!
//! Bursts (docs/behaviour.md "Bursts", "Faults"): the range `[dst, dst+length)` is cut by the
//! [`BurstPlanner`]; a burst's AW is issued only once all its words are in the FIFO, so a burst
//! never has to be padded. After a read error only the words holding `[dst, dst+R)` exist: the
//! end record gives R, the planner's range is trimmed to the produced beats, so the burst holding
//! the last produced word is shortened to it and no later burst is issued. W beats follow in
//! order (`w_*`, WSTRB from the merge) out of a register slice after the FIFO (so the write port
//! sees flip-flops, not the RAM's read port); several bursts can be outstanding.
//!
//! Short issue path (issue 15): the issue decision is `available >= burst_beats` on an 11-bit
//! register (`available`: words pushed and not yet given to a burst, +1 per push, -beats per
//! burst) and the planner's registered burst; per-job values are taken once when the job is
//! accepted (dst mod bus bytes, the next burst's offset from dst as a running 32-bit register).
//! A failed read's end record is applied in three registered steps: produced beats (29 bits),
//! excess = planned - produced, trim of the planner; issuing holds from the cycle the failed end
//! record is at the head until the trim, so no burst can take the next job's words. A job
//! without a read error produced exactly its planned range and needs no trim.
//!
//! B responses come back in order (BID 0) and are queued (16 entries, one per outstanding burst at
//! most). The first SLVERR/DECERR of a job fixes
//! W' = max(burst address - dst, 0). After the job's last response a result is pushed
//! (`result_valid`, `result_ready`): WRITE_ERROR with W' if a burst failed, else READ_ERROR with R
//! if the source failed, else OK with the length; `write_done` pulses with it (the dispatcher's
//! read-after-write hazard table).
//!
//! Throughput: one beat per cycle; a burst's AW can go out the cycle after its last word was
//! pushed (its W beats follow as the words become visible, two cycles after their push).

use super::burst_planner::BurstPlanner;
use super::fifo::Fifo;
use super::join::{Join, Widen};
use super::small_fifo::SmallFifo;
use crate::register_slice::RegisterSlice;
use crate::AxiAddr;
use crate::{constant, zero};
use rust_hdl::prelude::*;

/// B-tracking entry: a burst (its offset from dst) or, after a job's bursts, an end marker
/// (the bytes produced and whether the source failed).
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct TrackEntry {
    pub value: Bits<32>,
    pub end: Bit,
    pub read_error: Bit,
}

/// A job's end record from the merge.
#[derive(Copy, Clone, Debug, PartialEq, Default, LogicStruct)]
pub struct EndEntry {
    pub bytes: Bits<32>,
    pub read_error: Bit,
}

#[derive(LogicBlock)]
pub struct DestinationWriter<const W: usize, const S: usize, const WS: usize> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub cmd_valid: Signal<In, Bit>,
    pub cmd_ready: Signal<Out, Bit>,
    pub cmd_address: Signal<In, AxiAddr>,
    pub cmd_length: Signal<In, Bits<32>>,
    pub in_valid: Signal<In, Bit>,
    pub in_ready: Signal<Out, Bit>,
    pub in_data: Signal<In, Bits<W>>,
    pub in_strobe: Signal<In, Bits<S>>,
    pub end_valid: Signal<In, Bit>,
    pub end_bytes: Signal<In, Bits<32>>,
    pub end_read_error: Signal<In, Bit>,
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
    pub result_valid: Signal<Out, Bit>,
    pub result_ready: Signal<In, Bit>,
    pub result_bytes: Signal<Out, Bits<32>>,
    pub result_status: Signal<Out, Bits<8>>,
    pub write_done: Signal<Out, Bit>,
    pub busy: Signal<Out, Bit>,
    planner: BurstPlanner,
    data: Fifo<Bits<WS>>,
    data_slice: RegisterSlice<Bits<WS>>,
    ends: SmallFifo<EndEntry>,
    track: SmallFifo<TrackEntry>,
    responses: SmallFifo<Bit>,
    // issue side (per-job constants are taken once, when the job is accepted)
    job_active: DFF<Bit>,
    dst_offset: DFF<Bits<7>>,
    next_offset: DFF<Bits<32>>,
    available: DFF<Bits<11>>,
    owed: DFF<Bits<11>>,
    // end record of a failed read, in three registered steps: produced beats, excess, trim
    end_loaded: DFF<Bit>,
    produced_beats: DFF<Bits<29>>,
    excess_ready: DFF<Bit>,
    excess_beats: DFF<Bits<29>>,
    trimmed: DFF<Bit>,
    // response side
    write_failed: DFF<Bit>,
    write_offset: DFF<Bits<32>>,
    // combinational
    data_word: Join<W, S, WS>,
    offset_wide: Widen<7, 33>,
    bytes_wide: Widen<32, 33>,
    beats_wide: Widen<9, 11>,
    length_wide: Widen<8, 11>,
    step_wide: Widen<9, 13>,
    dst_offset_wide: Widen<7, 13>,
    first_offset_wide: Widen<13, 32>,
    produced_sum: Signal<Local, Bits<33>>,
    produced_shifted: Signal<Local, Bits<33>>,
    unused_produced_top: Signal<Local, Bits<4>>,
    first_offset: Signal<Local, Bits<13>>,
    end_known: Signal<Local, Bit>,
    end_error: Signal<Local, Bit>,
    end_done: Signal<Local, Bit>,
    hold: Signal<Local, Bit>,
    trim_now: Signal<Local, Bit>,
    pushed: Signal<Local, Bit>,
    unused_planner: Signal<Local, Bit>,
    unused_data_free: Signal<Local, Bits<11>>,
    unused_data_count: Signal<Local, Bits<11>>,
    unused_ends_full: Signal<Local, Bit>,
    unused_ends_count: Signal<Local, Bits<5>>,
    unused_track_count: Signal<Local, Bits<5>>,
    unused_responses_full: Signal<Local, Bit>,
    unused_responses_count: Signal<Local, Bits<5>>,
    issue: Signal<Local, Bit>,
    accepted: Signal<Local, Bit>,
    finish_job: Signal<Local, Bit>,
    w_beat: Signal<Local, Bit>,
    head_is_end: Signal<Local, Bit>,
    bus_bytes_minus_one: Constant<Bits<33>>,
    offset_mask: Constant<Bits<7>>,
    log2_bus_bytes: Constant<Bits<3>>,
    span: Constant<Bits<32>>,
    one11: Constant<Bits<11>>,
    status_ok: Constant<Bits<8>>,
    status_read_error: Constant<Bits<8>>,
    status_write_error: Constant<Bits<8>>,
    zero_7: Constant<Bits<7>>,
    zero_11: Constant<Bits<11>>,
    zero_29: Constant<Bits<29>>,
}

impl<const W: usize, const S: usize, const WS: usize> DestinationWriter<W, S, WS> {
    /// `depth`: data FIFO words (a power of two, at least two bursts of `max_burst` beats).
    pub fn new(max_burst: u64, depth: usize) -> Self {
        assert!(W == 8 * S && WS == W + S);
        let bus_bytes = (W / 8) as u64;
        let burst_beats = spec::burst_beats(max_burst, bus_bytes) as usize;
        assert!(depth >= 2 * burst_beats, "destination FIFO must hold two bursts");
        assert!(depth <= 1024, "the 11-bit word counts hold at most 1024 words");
        let span = burst_beats as u64 * bus_bytes;
        DestinationWriter {
            clock: Default::default(),
            reset: Default::default(),
            cmd_valid: Default::default(),
            cmd_ready: Default::default(),
            cmd_address: Default::default(),
            cmd_length: Default::default(),
            in_valid: Default::default(),
            in_ready: Default::default(),
            in_data: Default::default(),
            in_strobe: Default::default(),
            end_valid: Default::default(),
            end_bytes: Default::default(),
            end_read_error: Default::default(),
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
            result_valid: Default::default(),
            result_ready: Default::default(),
            result_bytes: Default::default(),
            result_status: Default::default(),
            write_done: Default::default(),
            busy: Default::default(),
            planner: BurstPlanner::new(bus_bytes, max_burst),
            data: Fifo::new(depth),
            data_slice: Default::default(),
            ends: SmallFifo::new(8),
            track: SmallFifo::new(16),
            responses: SmallFifo::new(16),
            job_active: Default::default(),
            dst_offset: Default::default(),
            next_offset: Default::default(),
            available: Default::default(),
            owed: Default::default(),
            end_loaded: Default::default(),
            produced_beats: Default::default(),
            excess_ready: Default::default(),
            excess_beats: Default::default(),
            trimmed: Default::default(),
            write_failed: Default::default(),
            write_offset: Default::default(),
            data_word: Default::default(),
            offset_wide: Default::default(),
            bytes_wide: Default::default(),
            beats_wide: Default::default(),
            length_wide: Default::default(),
            step_wide: Default::default(),
            dst_offset_wide: Default::default(),
            first_offset_wide: Default::default(),
            produced_sum: Default::default(),
            produced_shifted: Default::default(),
            unused_produced_top: Default::default(),
            first_offset: Default::default(),
            end_known: Default::default(),
            end_error: Default::default(),
            end_done: Default::default(),
            hold: Default::default(),
            trim_now: Default::default(),
            pushed: Default::default(),
            unused_planner: Default::default(),
            unused_data_free: Default::default(),
            unused_data_count: Default::default(),
            unused_ends_full: Default::default(),
            unused_ends_count: Default::default(),
            unused_track_count: Default::default(),
            unused_responses_full: Default::default(),
            unused_responses_count: Default::default(),
            issue: Default::default(),
            accepted: Default::default(),
            finish_job: Default::default(),
            w_beat: Default::default(),
            head_is_end: Default::default(),
            bus_bytes_minus_one: constant(bus_bytes - 1),
            offset_mask: constant(bus_bytes - 1),
            log2_bus_bytes: Constant::new((bus_bytes.trailing_zeros() as u64).to_bits()),
            span: Constant::new(span.to_bits()),
            one11: constant(1),
            status_ok: Constant::new((spec::Status::Ok.code() as u64).to_bits()),
            status_read_error: Constant::new((spec::Status::ReadError.code() as u64).to_bits()),
            status_write_error: Constant::new((spec::Status::WriteError.code() as u64).to_bits()),
            zero_7: zero(),
            zero_11: zero(),
            zero_29: zero(),
        }
    }
}

impl<const W: usize, const S: usize, const WS: usize> Logic for DestinationWriter<W, S, WS> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            job_active,
            dst_offset,
            next_offset,
            available,
            owed,
            end_loaded,
            produced_beats,
            excess_ready,
            excess_beats,
            trimmed,
            write_failed,
            write_offset
        );
        self.planner.clock.next = self.clock.val();
        self.planner.reset.next = self.reset.val();
        self.data.clock.next = self.clock.val();
        self.data.reset.next = self.reset.val();
        self.ends.clock.next = self.clock.val();
        self.ends.reset.next = self.reset.val();
        self.track.clock.next = self.clock.val();
        self.track.reset.next = self.reset.val();
        self.responses.clock.next = self.clock.val();
        self.responses.reset.next = self.reset.val();

        // ---- inputs from the merge ------------------------------------------------------
        self.in_ready.next = !self.data.full.val();
        self.data.push.next = self.in_valid.val();
        self.pushed.next = self.in_valid.val() && !self.data.full.val();
        self.data_word.low.next = self.in_data.val();
        self.data_word.high.next = self.in_strobe.val();
        self.data.data_in.next = self.data_word.whole.val();
        self.ends.push.next = self.end_valid.val();
        self.ends.data_in.next.bytes = self.end_bytes.val();
        self.ends.data_in.next.read_error = self.end_read_error.val();

        // ---- end record -------------------------------------------------------------------------
        // Without a read error the job produced all its bytes: the planner's range is exact. After
        // a read error its range is cut to the produced beats in three registered steps (produced
        // beats, excess = planned - produced, trim); issuing waits meanwhile, so no burst can take
        // the next job's words.
        self.end_known.next = !self.ends.empty.val();
        self.end_error.next = self.ends.data_out.val().read_error;
        self.offset_wide.part.next = self.dst_offset.q.val();
        self.bytes_wide.part.next = self.ends.data_out.val().bytes;
        self.produced_sum.next =
            (self.offset_wide.whole.val() + self.bus_bytes_minus_one.val()) + self.bytes_wide.whole.val();
        self.produced_shifted.next = self.produced_sum.val() >> self.log2_bus_bytes.val();
        self.unused_produced_top.next = self.produced_shifted.val().get_bits::<4>(29);
        if self.job_active.q.val() && self.end_known.val() && self.end_error.val() && !self.end_loaded.q.val() {
            self.end_loaded.d.next = true;
            self.produced_beats.d.next = self.produced_shifted.val().get_bits::<29>(0);
            if !self.ends.data_out.val().bytes.any() {
                self.produced_beats.d.next = self.zero_29.val();
            }
        }
        if self.end_loaded.q.val() && !self.excess_ready.q.val() {
            self.excess_ready.d.next = true;
            self.excess_beats.d.next = self.planner.total_beats.val() - self.produced_beats.q.val();
        }
        self.trim_now.next = self.excess_ready.q.val() && !self.trimmed.q.val();
        self.planner.trim.next = self.trim_now.val();
        self.planner.trim_beats.next = self.excess_beats.q.val();
        if self.trim_now.val() {
            self.trimmed.d.next = true;
        }
        self.end_done.next = self.end_known.val() && (!self.end_error.val() || self.trimmed.q.val());
        self.hold.next = self.end_known.val() && self.end_error.val() && !self.trimmed.q.val();

        // ---- issue side: a burst goes out once all its words are in the FIFO ---------------------
        self.beats_wide.part.next = self.planner.burst_beats.val();
        self.length_wide.part.next = self.planner.burst_length.val();
        self.aw_address.next = self.planner.burst_address.val();
        self.aw_length.next = self.planner.burst_length.val();
        self.issue.next = self.job_active.q.val()
            && self.planner.active.val()
            && !self.hold.val()
            && (self.available.q.val() >= self.beats_wide.whole.val())
            && !self.track.full.val();
        self.aw_valid.next = self.issue.val();
        self.accepted.next = self.issue.val() && self.aw_ready.val();
        // Done issuing: every planned (after a read error: produced) word is in a burst.
        self.finish_job.next =
            self.job_active.q.val() && self.end_done.val() && !self.track.full.val() && !self.planner.active.val();
        self.planner.advance.next = self.accepted.val();
        // Offset of the next burst from dst: the first burst starts at or below dst (offset 0).
        self.step_wide.part.next = self.planner.burst_beats.val();
        self.dst_offset_wide.part.next = self.dst_offset.q.val();
        self.first_offset.next =
            (self.step_wide.whole.val() << self.log2_bus_bytes.val()) - self.dst_offset_wide.whole.val();
        self.first_offset_wide.part.next = self.first_offset.val();
        self.track.push.next = false;
        self.track.data_in.next.value = self.next_offset.q.val();
        self.track.data_in.next.end = false;
        self.track.data_in.next.read_error = false;
        self.ends.pop.next = false;
        if self.accepted.val() {
            self.track.push.next = true;
            if self.planner.burst_first.val() {
                self.next_offset.d.next = self.first_offset_wide.whole.val();
            } else {
                self.next_offset.d.next = self.next_offset.q.val() + self.span.val();
            }
        } else if self.finish_job.val() {
            // End marker: produced bytes and the read-error flag, after the job's bursts.
            self.track.push.next = true;
            self.track.data_in.next.value = self.ends.data_out.val().bytes;
            self.track.data_in.next.end = true;
            self.track.data_in.next.read_error = self.end_error.val();
            self.ends.pop.next = true;
            self.job_active.d.next = false;
            self.end_loaded.d.next = false;
            self.excess_ready.d.next = false;
            self.trimmed.d.next = false;
        }
        // Words in the FIFO not yet given to a burst: +1 per word pushed, -beats per burst.
        if self.accepted.val() {
            if self.pushed.val() {
                self.available.d.next = self.available.q.val() - self.length_wide.whole.val();
            } else {
                self.available.d.next = self.available.q.val() - self.beats_wide.whole.val();
            }
        } else if self.pushed.val() {
            self.available.d.next = self.available.q.val() + self.one11.val();
        }
        // A new job starts when the issue side is idle; its first burst is visible a cycle later.
        self.cmd_ready.next = !self.job_active.q.val() && !self.planner.active.val();
        self.planner.start.next = self.cmd_valid.val() && self.cmd_ready.val();
        self.planner.start_address.next = self.cmd_address.val();
        self.planner.start_length.next = self.cmd_length.val();
        if self.cmd_valid.val() && self.cmd_ready.val() {
            self.job_active.d.next = true;
            self.dst_offset.d.next = self.cmd_address.val().get_bits::<7>(0) & self.offset_mask.val();
            self.next_offset.d.next = 0_u32.to_bits();
            self.end_loaded.d.next = false;
            self.excess_ready.d.next = false;
            self.trimmed.d.next = false;
        }

        // ---- W beats ---------------------------------------------------------------------------
        // The FIFO's RAM read (an EBR's slow clock-to-output) goes straight into a register slice.
        self.data_slice.clock.next = self.clock.val();
        self.data_slice.reset.next = self.reset.val();
        self.data_slice.in_valid.next = !self.data.empty.val();
        self.data_slice.in_data.next = self.data.data_out.val();
        self.data.pop.next = self.data_slice.in_ready.val();
        self.w_valid.next = (self.owed.q.val().any()) && self.data_slice.out_valid.val();
        self.w_data.next = self.data_slice.out_data.val().get_bits::<W>(0);
        // The strobes sit above the data (a literal offset: `W` as a one-step loop index).
        for strobe_lsb in W..(W + 1) {
            self.w_strobe.next = self.data_slice.out_data.val().get_bits::<S>(strobe_lsb);
        }
        self.w_beat.next = self.w_valid.val() && self.w_ready.val();
        self.data_slice.out_ready.next = self.w_beat.val();
        if self.accepted.val() {
            if self.w_beat.val() {
                self.owed.d.next = self.owed.q.val() + self.length_wide.whole.val();
            } else {
                self.owed.d.next = self.owed.q.val() + self.beats_wide.whole.val();
            }
        } else if self.w_beat.val() {
            self.owed.d.next = self.owed.q.val() - self.one11.val();
        }

        // ---- B responses (queued: one may arrive while an end marker is being retired) ----------
        self.responses.push.next = self.b_valid.val();
        self.responses.data_in.next = self.b_error.val();
        self.responses.pop.next = false;
        self.head_is_end.next = self.track.data_out.val().end;
        self.track.pop.next = false;
        self.result_valid.next = false;
        self.write_done.next = false;
        self.result_bytes.next = self.track.data_out.val().value;
        self.result_status.next = self.status_ok.val();
        if self.track.data_out.val().read_error {
            self.result_status.next = self.status_read_error.val();
        }
        if self.write_failed.q.val() {
            self.result_status.next = self.status_write_error.val();
            self.result_bytes.next = self.write_offset.q.val();
        }
        if !self.track.empty.val() {
            if self.head_is_end.val() {
                self.result_valid.next = true;
                if self.result_ready.val() {
                    self.track.pop.next = true;
                    self.write_done.next = true;
                    self.write_failed.d.next = false;
                    self.write_offset.d.next = 0_u32.to_bits();
                }
            } else if !self.responses.empty.val() {
                self.track.pop.next = true;
                self.responses.pop.next = true;
                if self.responses.data_out.val() && !self.write_failed.q.val() {
                    self.write_failed.d.next = true;
                    self.write_offset.d.next = self.track.data_out.val().value;
                }
            }
        }
        self.unused_planner.next = self.planner.burst_final.val();
        self.unused_data_free.next = self.data.free.val();
        self.unused_data_count.next = self.data.count.val();
        self.unused_ends_full.next = self.ends.full.val();
        self.unused_ends_count.next = self.ends.count.val();
        self.unused_track_count.next = self.track.count.val();
        self.unused_responses_full.next = self.responses.full.val();
        self.unused_responses_count.next = self.responses.count.val();
        self.busy.next = self.job_active.q.val()
            || !self.track.empty.val()
            || !self.data.empty.val()
            || self.data_slice.out_valid.val();

        if self.reset.val() {
            self.job_active.d.next = false;
            self.dst_offset.d.next = self.zero_7.val();
            self.next_offset.d.next = 0_u32.to_bits();
            self.available.d.next = self.zero_11.val();
            self.owed.d.next = self.zero_11.val();
            self.end_loaded.d.next = false;
            self.produced_beats.d.next = self.zero_29.val();
            self.excess_ready.d.next = false;
            self.excess_beats.d.next = self.zero_29.val();
            self.trimmed.d.next = false;
            self.write_failed.d.next = false;
            self.write_offset.d.next = 0_u32.to_bits();
        }
    }
}
