//! Protocol monitors for the DUT's AXI4 master port ([`AxiMonitor`]) and AXI4-Lite slave port
//! ([`AxiLiteMonitor`]). Each takes one [`crate::axi::AxiSample`] / [`crate::axi::AxiLiteSample`] per
//! rising edge (the values that edge sees, see the phase convention in [`crate::axi_memory`]) and fails
//! at the FIRST violation with a typed [`Violation`] naming the [`Rule`]. After a violation the monitor
//! keeps returning it.
//!
//! Rules checked on every channel of both ports (whichever side drives it):
//! - [`Rule::ValidDroppedBeforeReady`]: VALID fell while the transfer was still waiting for READY;
//! - [`Rule::PayloadChangedWhileStalled`]: a payload signal changed while VALID && !READY;
//! - [`Rule::ResponseWithoutRequest`]: RVALID with no outstanding read of that ID (AXI4) / no
//!   unanswered AR (Lite); BVALID with no completed, unanswered write burst of that ID (AXI4: AW and
//!   the last W beat both accepted) / no unanswered AW+W pair (Lite).
//!
//! AXI4 master port only (SPEC §1):
//! - [`Rule::BurstNotIncr`]: AxBURST ≠ INCR; [`Rule::SizeNotFullWidth`]: AxSIZE ≠ log2(bus bytes);
//! - [`Rule::BurstTooLong`]: AxLEN + 1 > the configured maximum burst;
//! - [`Rule::BurstCrosses4KiB`]: the burst's bytes (from its size-aligned start) cross a 4 KiB boundary
//!   or wrap past 2^64;
//! - [`Rule::WlastWrongBeat`] / [`Rule::RlastWrongBeat`]: xLAST not exactly on beat AxLEN;
//! - [`Rule::WriteOutsideAllowedRange`]: a W beat strobes a byte outside the allowed write ranges,
//!   a set of `[start, end)` the caller supplies and updates ([`AxiMonitor::restrict_writes`],
//!   [`AxiMonitor::allow_write`], [`AxiMonitor::revoke_write`]; default: every address allowed).
//! - [`Rule::ValidDuringReset`]: raised by the harness, not this monitor (see [`crate::harness`]).
//!
//! Burst rules are checked while AxVALID is high (so before the slave accepts the burst); W beats are
//! paired with their AW in order, and a beat that comes before its AW is checked when the AW arrives.
//! `Violation::cycle` is the model's cycle count right after the rising edge that showed the violation
//! (in a VCD written by the bridge that edge is at time `10 * cycle - 5`).

use crate::axi::{self, AddressBeat, AxiLiteSample, AxiPorts, AxiSample};
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// The rule a [`Violation`] broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    ValidDroppedBeforeReady,
    PayloadChangedWhileStalled,
    WlastWrongBeat,
    RlastWrongBeat,
    BurstCrosses4KiB,
    BurstTooLong,
    BurstNotIncr,
    SizeNotFullWidth,
    ResponseWithoutRequest,
    WriteOutsideAllowedRange,
    /// A W beat was taken before the AW of its burst (only with [`AxiMonitorConfig::w_after_aw`]).
    WBeforeAw,
    /// A VALID the DUT drives is high while `rst` is held (checked by [`crate::harness::Harness::reset`]
    /// from [`crate::harness::RESET_OUTPUT_CYCLES`] cycles after `rst` rose).
    ValidDuringReset,
}

impl Rule {
    /// Upper-case name used in messages, e.g. `VALID_DROPPED_BEFORE_READY`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::ValidDroppedBeforeReady => "VALID_DROPPED_BEFORE_READY",
            Rule::PayloadChangedWhileStalled => "PAYLOAD_CHANGED_WHILE_STALLED",
            Rule::WlastWrongBeat => "WLAST_WRONG_BEAT",
            Rule::RlastWrongBeat => "RLAST_WRONG_BEAT",
            Rule::BurstCrosses4KiB => "BURST_CROSSES_4KIB",
            Rule::BurstTooLong => "BURST_TOO_LONG",
            Rule::BurstNotIncr => "BURST_NOT_INCR",
            Rule::SizeNotFullWidth => "SIZE_NOT_FULL_WIDTH",
            Rule::ResponseWithoutRequest => "RESPONSE_WITHOUT_REQUEST",
            Rule::WriteOutsideAllowedRange => "WRITE_OUTSIDE_ALLOWED_RANGE",
            Rule::WBeforeAw => "W_BEFORE_AW",
            Rule::ValidDuringReset => "VALID_DURING_RESET",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A protocol violation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    pub rule: Rule,
    /// Cycle count right after the rising edge that showed it.
    pub cycle: u64,
    /// The port prefix, channel and values involved.
    pub detail: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AXI protocol violation {} at cycle {}: {}", self.rule, self.cycle, self.detail)
    }
}

impl std::error::Error for Violation {}

/// What the AXI4 monitor enforces beyond the fixed rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AxiMonitorConfig {
    /// Longest legal burst in beats (1..=256): AxLEN + 1 must not exceed it.
    pub max_burst_beats: u32,
    /// Allowed write ranges `[start, end)`; `None` allows every address.
    pub allowed_writes: Option<Vec<Range<u64>>>,
    /// No W beat may be taken before the AW of its burst (in the same cycle is fine). AXI4 lets a
    /// master send W first; the accelerator promises not to, so an interconnect can route W by the
    /// AW it has seen ([`crate::scenario`] turns this on for it).
    pub w_after_aw: bool,
}

impl Default for AxiMonitorConfig {
    fn default() -> AxiMonitorConfig {
        AxiMonitorConfig { max_burst_beats: 256, allowed_writes: None, w_after_aw: false }
    }
}

fn stalled_checks(
    prefix: &str,
    channel: &str,
    prev_waiting: bool,
    now_valid: bool,
    payload_changed: impl FnOnce() -> Option<String>,
    cycle: u64,
) -> Result<(), Violation> {
    if !prev_waiting {
        return Ok(());
    }
    let upper = channel.to_ascii_uppercase();
    if !now_valid {
        return Err(Violation {
            rule: Rule::ValidDroppedBeforeReady,
            cycle,
            detail: format!("{prefix} {upper}: {upper}VALID fell before {upper}READY accepted the transfer"),
        });
    }
    if let Some(what) = payload_changed() {
        return Err(Violation {
            rule: Rule::PayloadChangedWhileStalled,
            cycle,
            detail: format!("{prefix} {upper}: {what} changed while {upper}VALID && !{upper}READY"),
        });
    }
    Ok(())
}

/// One channel of a port at one rising edge: its handshake and its payload.
trait Channel {
    fn valid(&self) -> bool;
    fn ready(&self) -> bool;
    /// The first payload signal that differs from `prev`, as `{name}{signal} (old -> new)`
    /// (`name` is the port prefix and channel, e.g. `m_axi_ar`).
    fn payload_change(&self, prev: &Self, name: &str) -> Option<String>;
}

/// `ValidDroppedBeforeReady` / `PayloadChangedWhileStalled` for one channel between two edges.
fn channel_stable<C: Channel>(prefix: &str, channel: &str, prev: &C, now: &C, cycle: u64) -> Result<(), Violation> {
    stalled_checks(
        prefix,
        channel,
        prev.valid() && !prev.ready(),
        now.valid(),
        || now.payload_change(prev, &format!("{prefix}{channel}")),
        cycle,
    )
}

/// The five channels of a port sample (AXI4 or AXI4-Lite), in the order they are checked.
trait PortSample {
    fn channels_stable(&self, prefix: &str, prev: &Self, cycle: u64) -> Result<(), Violation>;
}

macro_rules! port_sample {
    ($sample:ty) => {
        impl PortSample for $sample {
            fn channels_stable(&self, prefix: &str, prev: &Self, cycle: u64) -> Result<(), Violation> {
                channel_stable(prefix, "aw", &prev.aw, &self.aw, cycle)?;
                channel_stable(prefix, "ar", &prev.ar, &self.ar, cycle)?;
                channel_stable(prefix, "w", &prev.w, &self.w, cycle)?;
                channel_stable(prefix, "r", &prev.r, &self.r, cycle)?;
                channel_stable(prefix, "b", &prev.b, &self.b, cycle)
            }
        }
    };
}
port_sample!(AxiSample);
port_sample!(AxiLiteSample);

macro_rules! handshake {
    () => {
        fn valid(&self) -> bool {
            self.valid
        }
        fn ready(&self) -> bool {
            self.ready
        }
    };
}

impl Channel for AddressBeat {
    handshake!();
    fn payload_change(&self, prev: &Self, name: &str) -> Option<String> {
        let (a, b) = (prev, self);
        let fields: [(&str, u64, u64); 8] = [
            ("id", u64::from(a.id), u64::from(b.id)),
            ("addr", a.addr, b.addr),
            ("len", u64::from(a.len), u64::from(b.len)),
            ("size", u64::from(a.size), u64::from(b.size)),
            ("burst", u64::from(a.burst), u64::from(b.burst)),
            ("lock", u64::from(a.lock), u64::from(b.lock)),
            ("cache", u64::from(a.cache), u64::from(b.cache)),
            ("prot", u64::from(a.prot), u64::from(b.prot)),
        ];
        fields.iter().find(|(_, x, y)| x != y).map(|(field, x, y)| format!("{name}{field} ({x:#x} -> {y:#x})"))
    }
}

impl Channel for axi::WriteBeat {
    handshake!();
    fn payload_change(&self, prev: &Self, name: &str) -> Option<String> {
        if prev.data != self.data {
            Some(format!("{name}data"))
        } else if prev.strb != self.strb {
            Some(format!("{name}strb ({:#x} -> {:#x})", prev.strb, self.strb))
        } else if prev.last != self.last {
            Some(format!("{name}last"))
        } else {
            None
        }
    }
}

impl Channel for axi::ReadBeat {
    handshake!();
    fn payload_change(&self, prev: &Self, name: &str) -> Option<String> {
        if prev.id != self.id {
            Some(format!("{name}id ({:#x} -> {:#x})", prev.id, self.id))
        } else if prev.data != self.data {
            Some(format!("{name}data"))
        } else if prev.resp != self.resp {
            Some(format!("{name}resp ({} -> {})", prev.resp, self.resp))
        } else if prev.last != self.last {
            Some(format!("{name}last"))
        } else {
            None
        }
    }
}

impl Channel for axi::WriteResponse {
    handshake!();
    fn payload_change(&self, prev: &Self, name: &str) -> Option<String> {
        if prev.id != self.id {
            Some(format!("{name}id ({:#x} -> {:#x})", prev.id, self.id))
        } else if prev.resp != self.resp {
            Some(format!("{name}resp ({} -> {})", prev.resp, self.resp))
        } else {
            None
        }
    }
}

impl Channel for axi::LiteAddress {
    handshake!();
    fn payload_change(&self, prev: &Self, name: &str) -> Option<String> {
        if prev.addr != self.addr {
            Some(format!("{name}addr ({:#x} -> {:#x})", prev.addr, self.addr))
        } else if prev.prot != self.prot {
            Some(format!("{name}prot ({} -> {})", prev.prot, self.prot))
        } else {
            None
        }
    }
}

impl Channel for axi::LiteWrite {
    handshake!();
    fn payload_change(&self, prev: &Self, name: &str) -> Option<String> {
        if prev.data != self.data {
            Some(format!("{name}data ({:#010x} -> {:#010x})", prev.data, self.data))
        } else if prev.strb != self.strb {
            Some(format!("{name}strb ({:#x} -> {:#x})", prev.strb, self.strb))
        } else {
            None
        }
    }
}

impl Channel for axi::LiteRead {
    handshake!();
    fn payload_change(&self, prev: &Self, name: &str) -> Option<String> {
        if prev.data != self.data {
            Some(format!("{name}data ({:#010x} -> {:#010x})", prev.data, self.data))
        } else if prev.resp != self.resp {
            Some(format!("{name}resp ({} -> {})", prev.resp, self.resp))
        } else {
            None
        }
    }
}

impl Channel for axi::LiteResponse {
    handshake!();
    fn payload_change(&self, prev: &Self, name: &str) -> Option<String> {
        (prev.resp != self.resp).then(|| format!("{name}resp ({} -> {})", prev.resp, self.resp))
    }
}

/// What both monitors share: each rising edge is checked against the one before it, and the first
/// violation is kept and returned for every later edge.
trait EdgeMonitor {
    type Sample: Copy;

    /// The previous edge's sample and the recorded violation.
    fn edge_state(&mut self) -> (&mut Option<Self::Sample>, &mut Option<Violation>);

    /// The rules of one edge (the previous sample is still in `edge_state`).
    fn check(&mut self, sample: &Self::Sample, cycle: u64) -> Result<(), Violation>;

    fn observe_edge(&mut self, sample: &Self::Sample, cycle: u64) -> Result<(), Violation> {
        if let Some(v) = self.edge_state().1 {
            return Err(v.clone());
        }
        let result = self.check(sample, cycle);
        let (prev, failed) = self.edge_state();
        *prev = Some(*sample);
        if let Err(v) = &result {
            *failed = Some(v.clone());
        }
        result
    }
}

/// Monitor of an AXI4 master interface (the DUT drives AW, W, AR).
#[derive(Debug)]
pub struct AxiMonitor {
    prefix: Arc<str>,
    bus_bytes: u64,
    full_size: u8,
    config: AxiMonitorConfig,
    prev: Option<AxiSample>,
    /// Per ID: accepted read bursts (len) not yet completed, and the next beat of the first.
    reads: HashMap<u32, (VecDeque<u8>, u32)>,
    /// Accepted AWs whose W beats are not all seen; `w_beat` is the next beat index of the first.
    writes: VecDeque<AddressBeat>,
    w_beat: u32,
    /// W beats seen before their AW: (strobe, last, cycle).
    early_beats: VecDeque<(u128, bool, u64)>,
    /// Per ID: write bursts complete (AW + all W) and not yet answered on B.
    completed_writes: HashMap<u32, u32>,
    failed: Option<Violation>,
}

impl AxiMonitor {
    /// A monitor for `ports` (prefix and bus width are taken from it).
    pub fn new(ports: &AxiPorts, config: AxiMonitorConfig) -> Result<AxiMonitor, String> {
        AxiMonitor::for_bus(&ports.prefix, ports.data_bits, config)
    }

    /// A monitor for an interface called `prefix` with a `data_bits`-wide data bus.
    pub fn for_bus(prefix: &str, data_bits: u32, config: AxiMonitorConfig) -> Result<AxiMonitor, String> {
        if !(1..=256).contains(&config.max_burst_beats) {
            return Err(format!("AxiMonitorConfig::max_burst_beats = {} is not in 1..=256", config.max_burst_beats));
        }
        if !data_bits.is_power_of_two() || !(8..=axi::MAX_DATA_BITS).contains(&data_bits) {
            return Err(format!("data width {data_bits} is not a power of two in 8..={}", axi::MAX_DATA_BITS));
        }
        let bus_bytes = u64::from(data_bits / 8);
        Ok(AxiMonitor {
            prefix: prefix.into(),
            bus_bytes,
            full_size: bus_bytes.trailing_zeros() as u8,
            config,
            prev: None,
            reads: HashMap::new(),
            writes: VecDeque::new(),
            w_beat: 0,
            early_beats: VecDeque::new(),
            completed_writes: HashMap::new(),
            failed: None,
        })
    }

    pub fn config(&self) -> &AxiMonitorConfig {
        &self.config
    }

    /// Set the longest legal burst (1..=256 beats).
    pub fn set_max_burst_beats(&mut self, beats: u32) -> Result<(), String> {
        if !(1..=256).contains(&beats) {
            return Err(format!("max burst {beats} is not in 1..=256"));
        }
        self.config.max_burst_beats = beats;
        Ok(())
    }

    /// Allow writes only inside `ranges` (each `[start, end)`).
    pub fn restrict_writes(&mut self, ranges: impl IntoIterator<Item = Range<u64>>) {
        self.config.allowed_writes = Some(ranges.into_iter().collect());
    }

    /// Add an allowed write range (switching to restricted mode if every address was allowed).
    pub fn allow_write(&mut self, range: Range<u64>) {
        self.config.allowed_writes.get_or_insert_with(Vec::new).push(range);
    }

    /// Remove a range previously added with exactly these bounds; returns whether it was there.
    pub fn revoke_write(&mut self, range: &Range<u64>) -> bool {
        match &mut self.config.allowed_writes {
            Some(list) => match list.iter().position(|r| r == range) {
                Some(i) => {
                    list.remove(i);
                    true
                }
                None => false,
            },
            None => false,
        }
    }

    /// Allow writes anywhere again.
    pub fn allow_all_writes(&mut self) {
        self.config.allowed_writes = None;
    }

    /// The first violation seen, if any.
    pub fn violation(&self) -> Option<&Violation> {
        self.failed.as_ref()
    }

    /// Forget transactions in flight (for a DUT reset); a recorded violation is kept.
    pub fn reset(&mut self) {
        self.prev = None;
        self.reads.clear();
        self.writes.clear();
        self.w_beat = 0;
        self.early_beats.clear();
        self.completed_writes.clear();
    }

    /// Check the rising edge described by `sample`; `cycle` is the cycle count right after it.
    pub fn observe(&mut self, sample: &AxiSample, cycle: u64) -> Result<(), Violation> {
        self.observe_edge(sample, cycle)
    }
}

impl EdgeMonitor for AxiMonitor {
    type Sample = AxiSample;

    fn edge_state(&mut self) -> (&mut Option<AxiSample>, &mut Option<Violation>) {
        (&mut self.prev, &mut self.failed)
    }

    fn check(&mut self, s: &AxiSample, cycle: u64) -> Result<(), Violation> {
        let p = self.prefix.clone();
        if let Some(prev) = &self.prev {
            s.channels_stable(&p, prev, cycle)?;
        }
        if s.aw.valid {
            self.check_burst("aw", &s.aw, cycle)?;
        }
        if s.ar.valid {
            self.check_burst("ar", &s.ar, cycle)?;
        }
        // Responses are checked against the requests of earlier edges.
        if s.r.valid {
            let Some((queue, beat)) = self.reads.get_mut(&s.r.id).filter(|(q, _)| !q.is_empty()) else {
                return Err(Violation {
                    rule: Rule::ResponseWithoutRequest,
                    cycle,
                    detail: format!("{p}rvalid with rid {:#x} but no read burst of that ID is outstanding", s.r.id),
                });
            };
            if s.r.ready {
                let len = queue[0];
                let last_expected = *beat == u32::from(len);
                if s.r.last != last_expected {
                    return Err(Violation {
                        rule: Rule::RlastWrongBeat,
                        cycle,
                        detail: format!(
                            "{p}rlast = {} on beat {} of a {}-beat burst (rid {:#x})",
                            u8::from(s.r.last),
                            *beat,
                            u32::from(len) + 1,
                            s.r.id
                        ),
                    });
                }
                if last_expected {
                    queue.pop_front();
                    *beat = 0;
                } else {
                    *beat += 1;
                }
            }
        }
        if s.b.valid {
            let count = self.completed_writes.get_mut(&s.b.id).filter(|c| **c > 0);
            match count {
                None => {
                    return Err(Violation {
                        rule: Rule::ResponseWithoutRequest,
                        cycle,
                        detail: format!(
                            "{p}bvalid with bid {:#x} but no write burst of that ID has completed unanswered",
                            s.b.id
                        ),
                    })
                }
                Some(c) => {
                    if s.b.ready {
                        *c -= 1;
                    }
                }
            }
        }
        if s.ar.valid && s.ar.ready {
            self.reads.entry(s.ar.id).or_insert_with(|| (VecDeque::new(), 0)).0.push_back(s.ar.len);
        }
        if s.aw.valid && s.aw.ready {
            self.writes.push_back(s.aw);
        }
        if s.w.valid && s.w.ready {
            self.early_beats.push_back((s.w.strb, s.w.last, cycle));
        }
        self.match_write_beats()?;
        if self.config.w_after_aw && !self.early_beats.is_empty() {
            return Err(Violation {
                rule: Rule::WBeforeAw,
                cycle,
                detail: format!("{p}w beat taken before the AW of its burst (wlast = {})", u8::from(s.w.last)),
            });
        }
        Ok(())
    }
}

impl AxiMonitor {
    fn check_burst(&self, channel: &str, a: &AddressBeat, cycle: u64) -> Result<(), Violation> {
        let p = &self.prefix;
        let what = format!("{p}{channel} burst (id {:#x}, addr {:#x}, len {}, size {})", a.id, a.addr, a.len, a.size);
        if a.burst != axi::burst::INCR {
            return Err(Violation {
                rule: Rule::BurstNotIncr,
                cycle,
                detail: format!("{what}: {p}{channel}burst = {}, only INCR (1) is allowed", a.burst),
            });
        }
        if a.size != self.full_size {
            return Err(Violation {
                rule: Rule::SizeNotFullWidth,
                cycle,
                detail: format!(
                    "{what}: {p}{channel}size = {}, the bus is {} bytes wide (size {})",
                    a.size, self.bus_bytes, self.full_size
                ),
            });
        }
        if u32::from(a.len) + 1 > self.config.max_burst_beats {
            return Err(Violation {
                rule: Rule::BurstTooLong,
                cycle,
                detail: format!(
                    "{what}: {} beats, the maximum is {}",
                    u32::from(a.len) + 1,
                    self.config.max_burst_beats
                ),
            });
        }
        let (first, last) = axi::burst_span(a.addr, a.size, a.len);
        let boundary = u128::from(spec::AXI_BOUNDARY);
        if first / boundary != last / boundary || last > u128::from(u64::MAX) {
            return Err(Violation {
                rule: Rule::BurstCrosses4KiB,
                cycle,
                detail: format!("{what}: covers {first:#x}..={last:#x}, crossing a 4 KiB boundary"),
            });
        }
        Ok(())
    }

    /// Pair buffered W beats with accepted AWs, in order, and check WLAST and the write ranges.
    fn match_write_beats(&mut self) -> Result<(), Violation> {
        while let (Some(aw), Some(&(strb, last, cycle))) = (self.writes.front(), self.early_beats.front()) {
            let aw = *aw;
            self.early_beats.pop_front();
            let p = &self.prefix;
            let beat = self.w_beat;
            let last_expected = beat == u32::from(aw.len);
            if last != last_expected {
                return Err(Violation {
                    rule: Rule::WlastWrongBeat,
                    cycle,
                    detail: format!(
                        "{p}wlast = {} on beat {beat} of a {}-beat write burst (awaddr {:#x}, awid {:#x})",
                        u8::from(last),
                        u32::from(aw.len) + 1,
                        aw.addr,
                        aw.id
                    ),
                });
            }
            if let Some(allowed) = &self.config.allowed_writes {
                let address = axi::burst_beat_address(aw.addr, aw.len, aw.size, aw.burst, beat);
                let base = address & !(self.bus_bytes - 1);
                for lane in 0..self.bus_bytes {
                    if strb >> lane & 1 == 1 {
                        let byte = base.wrapping_add(lane);
                        if !allowed.iter().any(|r| r.contains(&byte)) {
                            return Err(Violation {
                                rule: Rule::WriteOutsideAllowedRange,
                                cycle,
                                detail: format!(
                                    "{p}w beat {beat} of the burst at {:#x} strobes byte {byte:#x}, outside the \
                                     allowed write ranges {}",
                                    aw.addr,
                                    format_ranges(allowed)
                                ),
                            });
                        }
                    }
                }
            }
            if last_expected {
                self.writes.pop_front();
                self.w_beat = 0;
                *self.completed_writes.entry(aw.id).or_insert(0) += 1;
            } else {
                self.w_beat += 1;
            }
        }
        Ok(())
    }
}

fn format_ranges(ranges: &[Range<u64>]) -> String {
    if ranges.is_empty() {
        return "(none)".to_string();
    }
    ranges.iter().map(|r| format!("[{:#x}, {:#x})", r.start, r.end)).collect::<Vec<_>>().join(" ")
}

/// Monitor of an AXI4-Lite slave interface (the testbench drives AW, W, AR; the DUT drives B, R).
#[derive(Debug)]
pub struct AxiLiteMonitor {
    prefix: Arc<str>,
    prev: Option<AxiLiteSample>,
    aw_accepted: u64,
    w_accepted: u64,
    b_accepted: u64,
    ar_accepted: u64,
    r_accepted: u64,
    failed: Option<Violation>,
}

impl AxiLiteMonitor {
    pub fn new(prefix: &str) -> AxiLiteMonitor {
        AxiLiteMonitor {
            prefix: prefix.into(),
            prev: None,
            aw_accepted: 0,
            w_accepted: 0,
            b_accepted: 0,
            ar_accepted: 0,
            r_accepted: 0,
            failed: None,
        }
    }

    /// The first violation seen, if any.
    pub fn violation(&self) -> Option<&Violation> {
        self.failed.as_ref()
    }

    /// Forget transactions in flight (for a DUT reset); a recorded violation is kept.
    pub fn reset(&mut self) {
        let prefix = self.prefix.clone();
        let failed = self.failed.take();
        *self = AxiLiteMonitor::new(&prefix);
        self.failed = failed;
    }

    /// Check the rising edge described by `sample`; `cycle` is the cycle count right after it.
    pub fn observe(&mut self, sample: &AxiLiteSample, cycle: u64) -> Result<(), Violation> {
        self.observe_edge(sample, cycle)
    }
}

impl EdgeMonitor for AxiLiteMonitor {
    type Sample = AxiLiteSample;

    fn edge_state(&mut self) -> (&mut Option<AxiLiteSample>, &mut Option<Violation>) {
        (&mut self.prev, &mut self.failed)
    }

    fn check(&mut self, s: &AxiLiteSample, cycle: u64) -> Result<(), Violation> {
        let p = self.prefix.clone();
        if let Some(prev) = &self.prev {
            s.channels_stable(&p, prev, cycle)?;
        }
        if s.b.valid && self.aw_accepted.min(self.w_accepted) <= self.b_accepted {
            return Err(Violation {
                rule: Rule::ResponseWithoutRequest,
                cycle,
                detail: format!(
                    "{p}bvalid with no unanswered write ({} AW and {} W accepted, {} B given)",
                    self.aw_accepted, self.w_accepted, self.b_accepted
                ),
            });
        }
        if s.r.valid && self.ar_accepted <= self.r_accepted {
            return Err(Violation {
                rule: Rule::ResponseWithoutRequest,
                cycle,
                detail: format!(
                    "{p}rvalid with no unanswered read ({} AR accepted, {} R given)",
                    self.ar_accepted, self.r_accepted
                ),
            });
        }
        self.b_accepted += u64::from(s.b.valid && s.b.ready);
        self.r_accepted += u64::from(s.r.valid && s.r.ready);
        self.aw_accepted += u64::from(s.aw.valid && s.aw.ready);
        self.w_accepted += u64::from(s.w.valid && s.w.ready);
        self.ar_accepted += u64::from(s.ar.valid && s.ar.ready);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    //! Synthetic samples for the rules a well-behaved slave model never provokes on its own (R/B side),
    //! and the bookkeeping corner cases (W before AW, per-ID reads).
    use super::*;
    use crate::axi::AxiSample;

    fn monitor() -> AxiMonitor {
        AxiMonitor::for_bus("m_axi_", 128, AxiMonitorConfig::default()).unwrap()
    }

    /// An accepted INCR burst of full-width beats.
    fn request(id: u32, addr: u64, len: u8) -> AddressBeat {
        AddressBeat { valid: true, ready: true, id, addr, len, size: 4, burst: axi::burst::INCR, ..Default::default() }
    }

    fn read_request(id: u32, addr: u64, len: u8) -> AxiSample {
        AxiSample { ar: request(id, addr, len), ..Default::default() }
    }

    fn read_beat(id: u32, last: bool) -> AxiSample {
        AxiSample {
            r: axi::ReadBeat { valid: true, ready: true, id, last, ..Default::default() },
            ..Default::default()
        }
    }

    fn write_beat(last: bool) -> axi::WriteBeat {
        axi::WriteBeat { valid: true, ready: true, strb: 0xFFFF, last, ..Default::default() }
    }

    fn write_response(id: u32, ready: bool) -> AxiSample {
        AxiSample { b: axi::WriteResponse { valid: true, ready, id, resp: 0 }, ..Default::default() }
    }

    fn write_request(id: u32, addr: u64, len: u8) -> AxiSample {
        AxiSample { aw: request(id, addr, len), ..Default::default() }
    }

    #[test]
    fn a_w_beat_before_its_aw_is_w_before_aw_only_when_asked() {
        let strict = AxiMonitorConfig { w_after_aw: true, ..AxiMonitorConfig::default() };
        let mut m = AxiMonitor::for_bus("m_axi_", 128, strict.clone()).unwrap();
        let early = AxiSample { w: write_beat(true), ..Default::default() };
        let v = m.observe(&early, 1).unwrap_err();
        assert_eq!(v.rule, Rule::WBeforeAw);
        assert!(v.to_string().contains("W_BEFORE_AW"), "{v}");
        // The same beat is fine for a generic AXI4 master.
        monitor().observe(&early, 1).unwrap();
        // With its AW in the same cycle, or earlier, it is fine under the strict rule too.
        let mut m = AxiMonitor::for_bus("m_axi_", 128, strict.clone()).unwrap();
        let mut together = write_request(0, 0x1000, 0);
        together.w = write_beat(true);
        m.observe(&together, 1).unwrap();
        let mut m = AxiMonitor::for_bus("m_axi_", 128, strict).unwrap();
        m.observe(&write_request(0, 0x1000, 1), 1).unwrap();
        m.observe(&AxiSample { w: write_beat(false), ..Default::default() }, 2).unwrap();
        m.observe(&AxiSample { w: write_beat(true), ..Default::default() }, 3).unwrap();
        // A third beat has no AW left.
        let v = m.observe(&AxiSample { w: write_beat(true), ..Default::default() }, 4).unwrap_err();
        assert_eq!(v.rule, Rule::WBeforeAw);
    }

    #[test]
    fn rvalid_without_outstanding_read_is_response_without_request() {
        let mut m = monitor();
        let v = m.observe(&read_beat(3, true), 1).unwrap_err();
        assert_eq!(v.rule, Rule::ResponseWithoutRequest);
        assert!(v.to_string().contains("RESPONSE_WITHOUT_REQUEST") && v.to_string().contains("rid 0x3"), "{v}");
        // Sticky.
        assert_eq!(m.observe(&AxiSample::default(), 2).unwrap_err(), v);
    }

    #[test]
    fn rvalid_with_another_ids_read_outstanding_is_response_without_request() {
        let mut m = monitor();
        m.observe(&read_request(1, 0x1000, 0), 1).unwrap();
        let v = m.observe(&read_beat(2, true), 2).unwrap_err();
        assert_eq!(v.rule, Rule::ResponseWithoutRequest);
    }

    #[test]
    fn rvalid_in_the_same_edge_as_its_ar_is_response_without_request() {
        let mut m = monitor();
        let mut s = read_request(1, 0x1000, 0);
        s.r = read_beat(1, true).r;
        assert_eq!(m.observe(&s, 1).unwrap_err().rule, Rule::ResponseWithoutRequest);
    }

    #[test]
    fn rlast_early_or_missing_is_rlast_wrong_beat() {
        let mut m = monitor();
        m.observe(&read_request(1, 0x1000, 1), 1).unwrap();
        let v = m.observe(&read_beat(1, true), 2).unwrap_err();
        assert_eq!(v.rule, Rule::RlastWrongBeat);
        let mut m = monitor();
        m.observe(&read_request(1, 0x1000, 1), 1).unwrap();
        m.observe(&read_beat(1, false), 2).unwrap();
        assert_eq!(m.observe(&read_beat(1, false), 3).unwrap_err().rule, Rule::RlastWrongBeat);
    }

    #[test]
    fn reads_of_different_ids_may_interleave() {
        let mut m = monitor();
        m.observe(&read_request(1, 0x1000, 1), 1).unwrap();
        m.observe(&read_request(2, 0x2000, 0), 2).unwrap();
        m.observe(&read_beat(1, false), 3).unwrap();
        m.observe(&read_beat(2, true), 4).unwrap();
        m.observe(&read_beat(1, true), 5).unwrap();
        assert_eq!(m.observe(&read_beat(1, true), 6).unwrap_err().rule, Rule::ResponseWithoutRequest);
    }

    #[test]
    fn bvalid_before_the_last_w_beat_is_response_without_request() {
        let mut m = monitor();
        let s = AxiSample { aw: request(5, 0x3000, 1), w: write_beat(false), ..Default::default() };
        m.observe(&s, 1).unwrap();
        let v = m.observe(&write_response(5, true), 2).unwrap_err();
        assert_eq!(v.rule, Rule::ResponseWithoutRequest);
        assert!(v.detail.contains("bid 0x5"), "{v}");
    }

    #[test]
    fn w_beats_before_their_aw_are_checked_when_it_arrives() {
        let mut m = monitor();
        let allowed = 0x3000..0x3010;
        m.restrict_writes(vec![allowed]);
        m.observe(&AxiSample { w: write_beat(false), ..Default::default() }, 1).unwrap();
        m.observe(&AxiSample { w: write_beat(true), ..Default::default() }, 2).unwrap();
        let v = m.observe(&AxiSample { aw: request(0, 0x3000, 1), ..Default::default() }, 3).unwrap_err();
        assert_eq!(v.rule, Rule::WriteOutsideAllowedRange);
        assert_eq!(v.cycle, 2, "reported at the cycle of the offending beat");
        assert!(v.detail.contains("0x3010"), "{v}");
    }

    #[test]
    fn b_stalled_with_changed_bresp_is_payload_changed() {
        let mut m = monitor();
        let s = AxiSample { aw: request(0, 0x3000, 0), w: write_beat(true), ..Default::default() };
        m.observe(&s, 1).unwrap();
        let mut s = write_response(0, false);
        m.observe(&s, 2).unwrap();
        s.b.resp = 2;
        assert_eq!(m.observe(&s, 3).unwrap_err().rule, Rule::PayloadChangedWhileStalled);
    }

    #[test]
    fn allowed_ranges_can_be_added_and_revoked() {
        let mut m = monitor();
        assert!(m.config().allowed_writes.is_none());
        m.allow_write(0x100..0x200);
        m.allow_write(0x400..0x500);
        assert!(m.revoke_write(&(0x100..0x200)));
        assert!(!m.revoke_write(&(0x100..0x200)));
        let remaining = 0x400..0x500;
        assert_eq!(m.config().allowed_writes, Some(vec![remaining]));
        m.allow_all_writes();
        assert!(m.config().allowed_writes.is_none());
    }

    #[test]
    fn every_rule_has_a_distinct_name() {
        let rules = [
            Rule::ValidDroppedBeforeReady,
            Rule::PayloadChangedWhileStalled,
            Rule::WlastWrongBeat,
            Rule::RlastWrongBeat,
            Rule::BurstCrosses4KiB,
            Rule::BurstTooLong,
            Rule::BurstNotIncr,
            Rule::SizeNotFullWidth,
            Rule::ResponseWithoutRequest,
            Rule::WriteOutsideAllowedRange,
            Rule::ValidDuringReset,
        ];
        let names: std::collections::HashSet<&str> = rules.iter().map(|r| r.name()).collect();
        assert_eq!(names.len(), rules.len());
    }
}
