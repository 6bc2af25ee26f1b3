//! AXI4 slave memory model for the DUT's AXI4 master (`m_axi_*`).
//!
//! Backing store: a [`golden::memory::Memory`] (public: back-door `load`/`dump` cost no cycles); faults:
//! a [`golden::memory::FaultMap`] (public, may change between cycles):
//! - **reads**: each R beat whose *bus-aligned* beat (`W/8` bytes) touches a faulting Read byte answers
//!   that fault's RRESP, with data 0; other beats answer OKAY with the memory's bytes on every lane;
//! - **writes**: a burst any of whose *bus-aligned* beats (`W/8` bytes, whatever the strobes) touches a
//!   faulting Write byte is not written at all and its B answers the fault's BRESP (docs/behaviour.md
//!   "Faults", as the golden model's `BusGeometry`); otherwise its strobed bytes are written and B is
//!   OKAY.
//!   Only the lanes AXI defines as active for a beat count (for the unaligned first beat of a burst the
//!   lanes below the start address are inactive); WSTRB is honoured byte by byte.
//!
//! Timing (all configurable, [`AxiMemoryConfig`]):
//! - `read_latency` L ≥ 1: the first R beat of a burst can complete no earlier than L rising edges after
//!   its AR handshake; `write_latency` likewise from the later of the AW handshake and the last W beat
//!   to the B handshake. `latency_jitter` adds 0..=jitter random cycles per burst.
//! - seeded random back-pressure on every channel: each cycle AWREADY, WREADY and ARREADY are raised
//!   with probability `aw_ready`/`w_ready`/`ar_ready`, and a waiting R beat / B response is presented
//!   with probability `r_valid`/`b_valid` (so R beats and B responses also come with random gaps);
//!   once presented, RVALID/BVALID and their payload are held until the handshake, as AXI requires.
//! - up to `max_outstanding_reads` bursts accepted before R completes them and `max_outstanding_writes`
//!   write bursts (address accepted, response not yet given); W beats may arrive before their AW and are
//!   buffered, and write data is committed in AW order (AXI4 has no WID).
//! - response order: by default reads are answered in AR order and B responses given in AW order. With
//!   `reorder` (an SoC interconnect, [`AxiMemoryConfig::interconnect`]) every R beat and every B
//!   response is drawn at random (seeded) among the due transactions that are the oldest of their ID:
//!   bursts of different IDs come back out of order and their R beats interleave, B responses of
//!   different IDs overtake each other; order within one ID is kept, as AXI4 requires.
//!   Bursts are grouped by AWLEN, not WLAST (the monitor checks WLAST). FIXED and WRAP bursts follow the
//!   AXI address rules (the monitor reports them as violations of SPEC §1 anyway).
//!
//! Phase convention (the same for every component of [`crate::harness::Harness`]): once per cycle,
//! (1) after the clock-low eval the caller samples the interface ([`crate::axi::AxiPorts::sample`]):
//! these are the values the coming rising edge sees; (2) the rising edge is applied; (3)
//! [`AxiMemory::observe`] takes that sample and the new cycle count, performs every handshake in it
//! (VALID && READY in the sample) and decides its outputs for the next cycle; (4) [`AxiMemory::drive`]
//! writes them to the model's inputs. The slave's outputs therefore depend only on its state (never
//! combinationally on the DUT's outputs in the same cycle), as from registered logic.

use crate::axi::{self, AddressBeat, AxiPorts, AxiSample, DataWords, MAX_DATA_WORDS};
use crate::verilator::Model;
use golden::memory::{AccessKind, FaultMap, Memory};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::VecDeque;

/// Timing and back-pressure of the memory model.
#[derive(Clone, Debug, PartialEq)]
pub struct AxiMemoryConfig {
    /// Seed of the back-pressure / jitter generator.
    pub seed: u64,
    /// Rising edges from an AR handshake to the earliest handshake of its first R beat (≥ 1).
    pub read_latency: u32,
    /// Rising edges from a write burst's completion (AW and last W beat) to the earliest B handshake (≥ 1).
    pub write_latency: u32,
    /// Extra random cycles 0..=jitter added to each burst's latency.
    pub latency_jitter: u32,
    /// Probability of ARREADY in a cycle (when there is room).
    pub ar_ready: f64,
    /// Probability that a due R beat is presented in a cycle.
    pub r_valid: f64,
    /// Probability of AWREADY in a cycle (when there is room).
    pub aw_ready: f64,
    /// Probability of WREADY in a cycle (when there is room).
    pub w_ready: f64,
    /// Probability that a due B response is presented in a cycle.
    pub b_valid: f64,
    /// Read bursts accepted and not yet fully answered.
    pub max_outstanding_reads: usize,
    /// Write bursts accepted (AW) and not yet answered on B.
    pub max_outstanding_writes: usize,
    /// W beats buffered ahead of their AW before WREADY is withheld.
    pub max_buffered_write_beats: usize,
    /// Answer transactions of different IDs out of order and interleave their R beats.
    pub reorder: bool,
    /// Keep a log of every burst ([`AxiMemory::take_log`]).
    pub record_log: bool,
}

impl Default for AxiMemoryConfig {
    /// An always-ready memory with a read latency of 4 and a write latency of 2 cycles.
    fn default() -> AxiMemoryConfig {
        AxiMemoryConfig {
            seed: 0,
            read_latency: 4,
            write_latency: 2,
            latency_jitter: 0,
            ar_ready: 1.0,
            r_valid: 1.0,
            aw_ready: 1.0,
            w_ready: 1.0,
            b_valid: 1.0,
            max_outstanding_reads: 8,
            max_outstanding_writes: 8,
            max_buffered_write_beats: 1024,
            reorder: false,
            record_log: false,
        }
    }
}

impl AxiMemoryConfig {
    /// A slow, bursty memory: every channel stalls about half the time, latencies vary.
    pub fn stressed(seed: u64) -> AxiMemoryConfig {
        AxiMemoryConfig {
            seed,
            read_latency: 6,
            write_latency: 3,
            latency_jitter: 8,
            ar_ready: 0.5,
            r_valid: 0.6,
            aw_ready: 0.5,
            w_ready: 0.6,
            b_valid: 0.5,
            max_outstanding_reads: 4,
            max_outstanding_writes: 4,
            ..AxiMemoryConfig::default()
        }
    }

    /// The stressed memory behind an SoC interconnect: R bursts and B responses of different IDs
    /// out of order, R beats of different IDs interleaved.
    pub fn interconnect(seed: u64) -> AxiMemoryConfig {
        AxiMemoryConfig { reorder: true, max_outstanding_reads: 8, max_outstanding_writes: 8, ..Self::stressed(seed) }
    }

    fn validate(&self) -> Result<(), String> {
        for (name, p) in [
            ("ar_ready", self.ar_ready),
            ("r_valid", self.r_valid),
            ("aw_ready", self.aw_ready),
            ("w_ready", self.w_ready),
            ("b_valid", self.b_valid),
        ] {
            if !(0.0..=1.0).contains(&p) {
                return Err(format!("AxiMemoryConfig::{name} = {p} is not a probability in 0..=1"));
            }
        }
        if self.read_latency == 0 || self.write_latency == 0 {
            return Err("AxiMemoryConfig latencies must be at least 1 cycle".into());
        }
        if self.max_outstanding_reads == 0 || self.max_outstanding_writes == 0 || self.max_buffered_write_beats == 0 {
            return Err("AxiMemoryConfig outstanding limits must be at least 1".into());
        }
        Ok(())
    }
}

/// Counters of what the memory saw; tests use them to show that a scenario really happened.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AxiMemoryStats {
    pub read_bursts: u64,
    pub read_beats: u64,
    /// R beats answered with an error response.
    pub read_error_beats: u64,
    pub write_bursts: u64,
    pub write_beats: u64,
    /// Write bursts answered with an error response (and not written).
    pub write_error_bursts: u64,
    /// Bytes written to the backing store.
    pub bytes_written: u64,
    /// Cycles with VALID && !READY, per channel.
    pub ar_stalls: u64,
    pub r_stalls: u64,
    pub aw_stalls: u64,
    pub w_stalls: u64,
    pub b_stalls: u64,
    /// Most read bursts outstanding at once.
    pub max_reads_outstanding: usize,
    /// Most write bursts outstanding at once.
    pub max_writes_outstanding: usize,
    /// W beats that arrived before their AW.
    pub early_write_beats: u64,
    /// R beats presented for a burst other than the oldest outstanding one (`reorder`).
    pub reordered_read_beats: u64,
    /// B responses presented before an older outstanding response (`reorder`).
    pub reordered_responses: u64,
}

/// One burst as logged by [`AxiMemory::take_log`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BurstRecord {
    pub kind: AccessKind,
    pub id: u32,
    pub addr: u64,
    pub len: u8,
    /// Worst response of the burst.
    pub resp: u8,
    /// Cycle count when the burst was completed (last R beat accepted / write committed).
    pub cycle: u64,
}

#[derive(Clone, Debug)]
struct ReadBurst {
    request: AddressBeat,
    beat: u32,
    due: u64,
    worst_resp: u8,
}

#[derive(Clone, Copy, Debug)]
struct PendingResponse {
    id: u32,
    resp: u8,
    due: u64,
}

#[derive(Clone, Copy, Debug)]
struct ReadOutput {
    /// Index of its burst in `reads`.
    burst: usize,
    id: u32,
    data: DataWords,
    resp: u8,
    last: bool,
}

/// The memory model; see the module documentation.
#[derive(Debug)]
pub struct AxiMemory {
    /// Backing store (back door).
    pub memory: Memory,
    /// Faulting ranges.
    pub faults: FaultMap,
    ports: AxiPorts,
    config: AxiMemoryConfig,
    rng: ChaCha8Rng,
    reads: VecDeque<ReadBurst>,
    write_addresses: VecDeque<AddressBeat>,
    write_beats: VecDeque<(DataWords, u128)>,
    responses: VecDeque<PendingResponse>,
    ar_ready: bool,
    aw_ready: bool,
    w_ready: bool,
    r_out: Option<ReadOutput>,
    /// The presented B response: index in `responses`, ID, BRESP.
    b_out: Option<(usize, u32, u8)>,
    stats: AxiMemoryStats,
    log: Vec<BurstRecord>,
}

impl AxiMemory {
    /// A memory answering the AXI4 master `ports` of a model. Errors name a bad configuration field.
    pub fn new(ports: AxiPorts, config: AxiMemoryConfig) -> Result<AxiMemory, String> {
        config.validate()?;
        Ok(AxiMemory {
            memory: Memory::new(),
            faults: FaultMap::new(),
            ports,
            rng: ChaCha8Rng::seed_from_u64(config.seed),
            config,
            reads: VecDeque::new(),
            write_addresses: VecDeque::new(),
            write_beats: VecDeque::new(),
            responses: VecDeque::new(),
            ar_ready: false,
            aw_ready: false,
            w_ready: false,
            r_out: None,
            b_out: None,
            stats: AxiMemoryStats::default(),
            log: Vec::new(),
        })
    }

    /// The interface this memory answers.
    pub fn ports(&self) -> &AxiPorts {
        &self.ports
    }

    pub fn config(&self) -> &AxiMemoryConfig {
        &self.config
    }

    /// Change timing/back-pressure from the next cycle on (outstanding transactions are kept).
    pub fn set_config(&mut self, config: AxiMemoryConfig) -> Result<(), String> {
        config.validate()?;
        self.config = config;
        Ok(())
    }

    pub fn stats(&self) -> &AxiMemoryStats {
        &self.stats
    }

    /// The bursts completed since the last call (empty unless `record_log`).
    pub fn take_log(&mut self) -> Vec<BurstRecord> {
        std::mem::take(&mut self.log)
    }

    /// No transaction accepted and unanswered, no buffered W beat.
    pub fn is_idle(&self) -> bool {
        self.reads.is_empty()
            && self.write_addresses.is_empty()
            && self.write_beats.is_empty()
            && self.responses.is_empty()
            && self.r_out.is_none()
            && self.b_out.is_none()
    }

    /// Forget every transaction in flight and deassert every output (for a DUT reset). Memory contents
    /// and faults are kept.
    pub fn reset(&mut self) {
        self.reads.clear();
        self.write_addresses.clear();
        self.write_beats.clear();
        self.responses.clear();
        self.ar_ready = false;
        self.aw_ready = false;
        self.w_ready = false;
        self.r_out = None;
        self.b_out = None;
    }

    fn chance(&mut self, p: f64) -> bool {
        p >= 1.0 || (p > 0.0 && self.rng.gen_bool(p))
    }

    fn jitter(&mut self) -> u64 {
        if self.config.latency_jitter == 0 {
            0
        } else {
            u64::from(self.rng.gen_range(0..=self.config.latency_jitter))
        }
    }

    /// Perform the handshakes of the rising edge that `sample` was taken before; `cycle` is the
    /// model's cycle count after that edge. Then decide the outputs for the next cycle.
    pub fn observe(&mut self, sample: &AxiSample, cycle: u64) {
        let s = sample;
        // Stall statistics.
        self.stats.ar_stalls += u64::from(s.ar.valid && !s.ar.ready);
        self.stats.aw_stalls += u64::from(s.aw.valid && !s.aw.ready);
        self.stats.w_stalls += u64::from(s.w.valid && !s.w.ready);
        self.stats.r_stalls += u64::from(s.r.valid && !s.r.ready);
        self.stats.b_stalls += u64::from(s.b.valid && !s.b.ready);

        // R beat accepted.
        if s.r.valid && s.r.ready {
            if let Some(out) = self.r_out.take() {
                self.stats.read_beats += 1;
                let burst = &mut self.reads[out.burst];
                burst.beat += 1;
                burst.worst_resp = burst.worst_resp.max(out.resp);
                if out.last {
                    let done = self.reads.remove(out.burst).expect("an R beat is presented only for a queued burst");
                    if self.config.record_log {
                        self.log.push(BurstRecord {
                            kind: AccessKind::Read,
                            id: done.request.id,
                            addr: done.request.addr,
                            len: done.request.len,
                            resp: done.worst_resp,
                            cycle,
                        });
                    }
                }
            }
        }
        // B response accepted.
        if s.b.valid && s.b.ready {
            if let Some((index, _, _)) = self.b_out.take() {
                self.responses.remove(index);
            }
        }
        // New read burst.
        if s.ar.valid && s.ar.ready {
            let due = cycle + u64::from(self.config.read_latency - 1) + self.jitter();
            self.reads.push_back(ReadBurst { request: s.ar, beat: 0, due, worst_resp: 0 });
            self.stats.read_bursts += 1;
            self.stats.max_reads_outstanding = self.stats.max_reads_outstanding.max(self.reads.len());
        }
        // New write address / data.
        if s.aw.valid && s.aw.ready {
            self.write_addresses.push_back(s.aw);
            self.stats.write_bursts += 1;
        }
        if s.w.valid && s.w.ready {
            let pending_beats: usize = self.write_addresses.iter().map(|a| usize::from(a.len) + 1).sum();
            if self.write_beats.len() >= pending_beats {
                self.stats.early_write_beats += 1;
            }
            self.write_beats.push_back((s.w.data, s.w.strb));
            self.stats.write_beats += 1;
        }
        while let Some(front) = self.write_addresses.front() {
            if self.write_beats.len() < usize::from(front.len) + 1 {
                break;
            }
            let request = self.write_addresses.pop_front().expect("front exists");
            let resp = self.commit_write(&request);
            let due = cycle + u64::from(self.config.write_latency - 1) + self.jitter();
            self.responses.push_back(PendingResponse { id: request.id, resp, due });
            if self.config.record_log {
                self.log.push(BurstRecord {
                    kind: AccessKind::Write,
                    id: request.id,
                    addr: request.addr,
                    len: request.len,
                    resp,
                    cycle,
                });
            }
        }
        let writes_outstanding = self.write_addresses.len() + self.responses.len();
        self.stats.max_writes_outstanding = self.stats.max_writes_outstanding.max(writes_outstanding);

        // Outputs for the next cycle.
        let room_r = self.reads.len() < self.config.max_outstanding_reads;
        self.ar_ready = room_r && self.chance(self.config.ar_ready);
        let room_w = writes_outstanding < self.config.max_outstanding_writes;
        self.aw_ready = room_w && self.chance(self.config.aw_ready);
        let room_beats = self.write_beats.len() < self.config.max_buffered_write_beats;
        self.w_ready = room_beats && self.chance(self.config.w_ready);
        if self.r_out.is_none() {
            let ids_due: Vec<(u32, bool)> = self.reads.iter().map(|b| (b.request.id, b.due <= cycle)).collect();
            if let Some(burst) = self.pick(&ids_due) {
                if self.chance(self.config.r_valid) {
                    self.stats.reordered_read_beats += u64::from(burst != 0);
                    self.r_out = Some(self.read_beat(burst));
                }
            }
        }
        if self.b_out.is_none() {
            let ids_due: Vec<(u32, bool)> = self.responses.iter().map(|r| (r.id, r.due <= cycle)).collect();
            if let Some(index) = self.pick(&ids_due) {
                if self.chance(self.config.b_valid) {
                    self.stats.reordered_responses += u64::from(index != 0);
                    let r = self.responses[index];
                    self.b_out = Some((index, r.id, r.resp));
                }
            }
        }
    }

    /// Which queued transaction (given as (ID, due) in arrival order) to answer next: the oldest
    /// when it is due; with `reorder`, a random due one among the oldest of each ID.
    fn pick(&mut self, ids_due: &[(u32, bool)]) -> Option<usize> {
        if !self.config.reorder {
            return ids_due.first().is_some_and(|&(_, due)| due).then_some(0);
        }
        let candidates: Vec<usize> = (0..ids_due.len())
            .filter(|&i| ids_due[i].1 && ids_due[..i].iter().all(|&(id, _)| id != ids_due[i].0))
            .collect();
        match candidates.len() {
            0 => None,
            1 => Some(candidates[0]),
            n => Some(candidates[self.rng.gen_range(0..n)]),
        }
    }

    /// The next R beat of read burst `index`.
    fn read_beat(&mut self, index: usize) -> ReadOutput {
        let burst = &self.reads[index];
        let r = &burst.request;
        let bus = self.ports.data_bytes();
        let address = axi::burst_beat_address(r.addr, r.len, r.size, r.burst, burst.beat);
        let base = address & !(bus as u64 - 1);
        let mut data = [0u32; MAX_DATA_WORDS];
        let resp = match self.faults.check(AccessKind::Read, base, bus as u64) {
            Some(resp) => {
                self.stats.read_error_beats += 1;
                resp
            }
            None => {
                for lane in 0..bus {
                    axi::set_data_byte(&mut data, lane, self.memory.read_u8(base.wrapping_add(lane as u64)));
                }
                spec::resp::OKAY
            }
        };
        ReadOutput { burst: index, id: r.id, data, resp, last: burst.beat == u32::from(r.len) }
    }

    /// Write one complete burst (its beats are at the front of `write_beats`); returns BRESP.
    fn commit_write(&mut self, request: &AddressBeat) -> u8 {
        let bus = self.ports.data_bytes() as u64;
        let size_bytes = (1u64 << request.size).min(bus);
        let mut bytes: Vec<(u64, u8)> = Vec::new();
        let mut fault = None;
        for beat in 0..=u32::from(request.len) {
            let (data, strb) = self.write_beats.pop_front().expect("caller checked the beat count");
            let address = axi::burst_beat_address(request.addr, request.len, request.size, request.burst, beat);
            let base = address & !(bus - 1);
            fault = fault.or_else(|| self.faults.check(AccessKind::Write, base, bus));
            let first_lane = address - base;
            let end_lane = ((address & !(size_bytes - 1)) - base + size_bytes).min(bus);
            for lane in first_lane..end_lane {
                if strb >> lane & 1 == 1 {
                    bytes.push((base.wrapping_add(lane), axi::data_byte(&data, lane as usize)));
                }
            }
        }
        if let Some(resp) = fault {
            self.stats.write_error_bursts += 1;
            return resp;
        }
        for (a, v) in &bytes {
            self.memory.write_u8(*a, *v);
        }
        self.stats.bytes_written += bytes.len() as u64;
        spec::resp::OKAY
    }

    /// Write the outputs decided by the last [`AxiMemory::observe`] to the model's inputs.
    pub fn drive(&self, model: &mut Model) {
        let p = &self.ports;
        model.set(p.ar.ready, u64::from(self.ar_ready));
        model.set(p.aw.ready, u64::from(self.aw_ready));
        model.set(p.wready, u64::from(self.w_ready));
        match &self.r_out {
            Some(r) => {
                model.set(p.rvalid, 1);
                model.set(p.rid, u64::from(r.id));
                model.set_wide(p.rdata, &r.data[..p.data_words()]);
                model.set(p.rresp, u64::from(r.resp));
                model.set(p.rlast, u64::from(r.last));
            }
            None => {
                model.set(p.rvalid, 0);
                model.set(p.rlast, 0);
            }
        }
        match self.b_out {
            Some((_, id, resp)) => {
                model.set(p.bvalid, 1);
                model.set(p.bid, u64::from(id));
                model.set(p.bresp, u64::from(resp));
            }
            None => model.set(p.bvalid, 0),
        }
    }
}
