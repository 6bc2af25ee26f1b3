//! AXI4-Lite master driver for the DUT's `s_axil_*` slave port, one transaction at a time.
//!
//! A transaction is started with [`AxilMaster::start_read`] / [`AxilMaster::start_write`] and advanced
//! once per cycle with the phase convention of [`crate::axi_memory`]: [`AxilMaster::observe`] takes the
//! sample of the rising edge that just happened (handshakes = VALID && READY in it) and decides the next
//! outputs, [`AxilMaster::drive`] writes them to the model. [`AxilMaster::take_completion`] returns the
//! finished transaction with its response. Blocking `read32`/`write32` are provided by
//! [`crate::harness::Harness`] (trait [`crate::regs_access::RegisterAccess`]).
//!
//! Write ordering ([`WriteOrder`]): `AddressFirst` raises WVALID only after the AW handshake (plus
//! `channel_gap` cycles), `DataFirst` the reverse, `Simultaneous` raises both in the same cycle, `Random`
//! picks one of the three per write (seeded). BREADY and RREADY are raised each cycle with probability
//! `bready`/`rready` (seeded back-pressure); AWPROT/ARPROT are 0, WSTRB all ones.
//!
//! Latency: with an always-ready slave a read takes AR handshake + R handshake (2 cycles at best), a
//! simultaneous write AW/W + B (2 cycles at best); the slave's and the configured delays add to that.

use crate::axi::{AxiLitePorts, AxiLiteSample};
use crate::verilator::Model;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::fmt;

/// Order in which a write raises AWVALID and WVALID.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteOrder {
    /// AW first; W after the AW handshake (+ `channel_gap` cycles).
    AddressFirst,
    /// W first; AW after the W handshake (+ `channel_gap` cycles).
    DataFirst,
    /// AW and W raised in the same cycle.
    Simultaneous,
    /// One of the three above per write, chosen by the seeded generator.
    Random,
}

/// Behaviour of the driver.
#[derive(Clone, Debug, PartialEq)]
pub struct AxilMasterConfig {
    pub seed: u64,
    pub order: WriteOrder,
    /// Idle cycles between the first channel's handshake and raising the second (ordered writes).
    pub channel_gap: u32,
    /// Probability of BREADY in a cycle.
    pub bready: f64,
    /// Probability of RREADY in a cycle.
    pub rready: f64,
    /// Cycles a transaction may take before [`crate::harness::Harness`] gives up on it.
    pub timeout_cycles: u64,
}

impl Default for AxilMasterConfig {
    fn default() -> AxilMasterConfig {
        AxilMasterConfig {
            seed: 0,
            order: WriteOrder::Simultaneous,
            channel_gap: 0,
            bready: 1.0,
            rready: 1.0,
            timeout_cycles: 10_000,
        }
    }
}

impl AxilMasterConfig {
    fn validate(&self) -> Result<(), String> {
        for (name, p) in [("bready", self.bready), ("rready", self.rready)] {
            if !(0.0..=1.0).contains(&p) || p == 0.0 {
                return Err(format!("AxilMasterConfig::{name} = {p} must be in (0, 1]"));
            }
        }
        if self.timeout_cycles == 0 {
            return Err("AxilMasterConfig::timeout_cycles must be at least 1".into());
        }
        Ok(())
    }
}

/// Read or write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Read,
    Write,
}

/// A finished transaction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AxilCompletion {
    pub access: Access,
    pub offset: u32,
    /// Read data (RDATA), or the value written.
    pub data: u32,
    /// RRESP / BRESP.
    pub resp: u8,
    /// Cycle counts when the transaction was started and when its response was accepted.
    pub started: u64,
    pub finished: u64,
    /// Cycle count after the edge that accepted the address (AW/AR) and, for writes, the data (W).
    pub address_accepted: u64,
    pub data_accepted: Option<u64>,
}

/// Counters of the driver's traffic.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AxilStats {
    pub reads: u64,
    pub writes: u64,
    /// Cycles with BVALID && !BREADY / RVALID && !RREADY (the driver's back-pressure at work).
    pub b_stalls: u64,
    pub r_stalls: u64,
}

/// An error response (SLVERR or DECERR) to a register access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AxilError {
    pub access: Access,
    pub offset: u32,
    pub resp: u8,
    /// Read data that came with the error response (0 for writes).
    pub data: u32,
}

impl fmt::Display for AxilError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.access {
            Access::Read => "read of",
            Access::Write => "write to",
        };
        let resp = match self.resp {
            spec::resp::SLVERR => "SLVERR",
            spec::resp::DECERR => "DECERR",
            spec::resp::EXOKAY => "EXOKAY",
            _ => "OKAY",
        };
        write!(f, "AXI4-Lite {what} register offset {:#05x} answered {resp}", self.offset)
    }
}

impl std::error::Error for AxilError {}

impl AxilCompletion {
    /// `Err` for SLVERR/DECERR responses.
    pub fn result(&self) -> Result<u32, AxilError> {
        if spec::resp::is_error(self.resp) {
            Err(AxilError {
                access: self.access,
                offset: self.offset,
                resp: self.resp,
                data: if self.access == Access::Read { self.data } else { 0 },
            })
        } else {
            Ok(self.data)
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Pending {
    access: Access,
    offset: u32,
    data: u32,
    /// WSTRB of a write (bit i selects byte i).
    strobe: u8,
    started: u64,
    /// Address channel handshake done (AW or AR).
    address_done: bool,
    /// W handshake done (writes).
    data_done: bool,
    /// Cycle counts of the address and data handshakes.
    address_accepted: u64,
    data_accepted: u64,
    /// Cycle count from which the address / data channel may be raised.
    address_at: u64,
    data_at: u64,
    order: WriteOrder,
}

/// The driver; see the module documentation.
#[derive(Debug)]
pub struct AxilMaster {
    ports: AxiLitePorts,
    config: AxilMasterConfig,
    rng: ChaCha8Rng,
    pending: Option<Pending>,
    completion: Option<AxilCompletion>,
    bready: bool,
    rready: bool,
    cycle: u64,
    stats: AxilStats,
}

impl AxilMaster {
    pub fn new(ports: AxiLitePorts, config: AxilMasterConfig) -> Result<AxilMaster, String> {
        config.validate()?;
        Ok(AxilMaster {
            ports,
            rng: ChaCha8Rng::seed_from_u64(config.seed),
            config,
            pending: None,
            completion: None,
            bready: false,
            rready: false,
            cycle: 0,
            stats: AxilStats::default(),
        })
    }

    pub fn config(&self) -> &AxilMasterConfig {
        &self.config
    }

    /// Change ordering/back-pressure for the next transactions.
    pub fn set_config(&mut self, config: AxilMasterConfig) -> Result<(), String> {
        config.validate()?;
        self.config = config;
        Ok(())
    }

    pub fn ports(&self) -> &AxiLitePorts {
        &self.ports
    }

    pub fn stats(&self) -> &AxilStats {
        &self.stats
    }

    /// No transaction in progress.
    pub fn is_idle(&self) -> bool {
        self.pending.is_none()
    }

    /// Drop the transaction in progress and deassert everything (for a DUT reset).
    pub fn reset(&mut self) {
        self.pending = None;
        self.completion = None;
        self.bready = false;
        self.rready = false;
    }

    fn check_offset(&self, offset: u32) -> Result<(), String> {
        if self.ports.addr_bits < 32 && u64::from(offset) >> self.ports.addr_bits != 0 {
            return Err(format!(
                "register offset {offset:#x} does not fit the {}-bit {}awaddr",
                self.ports.addr_bits, self.ports.prefix
            ));
        }
        if self.pending.is_some() {
            return Err("an AXI4-Lite transaction is already in progress".into());
        }
        Ok(())
    }

    /// Start a read of `offset`; the AR channel is raised at the next [`AxilMaster::drive`].
    pub fn start_read(&mut self, offset: u32) -> Result<(), String> {
        self.check_offset(offset)?;
        self.pending = Some(Pending {
            access: Access::Read,
            offset,
            data: 0,
            strobe: 0,
            started: self.cycle,
            address_done: false,
            data_done: true,
            address_accepted: 0,
            data_accepted: 0,
            address_at: self.cycle,
            data_at: self.cycle,
            order: WriteOrder::Simultaneous,
        });
        self.completion = None;
        Ok(())
    }

    /// Start a write of `value` to `offset`, ordered as configured.
    pub fn start_write(&mut self, offset: u32, value: u32) -> Result<(), String> {
        self.start_write_strobed(offset, value, 0xF)
    }

    /// Start a write of the bytes of `value` selected by `strobe` (WSTRB, bit i = byte i).
    pub fn start_write_strobed(&mut self, offset: u32, value: u32, strobe: u8) -> Result<(), String> {
        if strobe > 0xF {
            return Err(format!("WSTRB {strobe:#x} has more than four bits"));
        }
        self.check_offset(offset)?;
        let order = match self.config.order {
            WriteOrder::Random => match self.rng.gen_range(0..3) {
                0 => WriteOrder::AddressFirst,
                1 => WriteOrder::DataFirst,
                _ => WriteOrder::Simultaneous,
            },
            o => o,
        };
        let later = u64::MAX; // set when the first channel completes
        let (address_at, data_at) = match order {
            WriteOrder::AddressFirst => (self.cycle, later),
            WriteOrder::DataFirst => (later, self.cycle),
            _ => (self.cycle, self.cycle),
        };
        self.pending = Some(Pending {
            access: Access::Write,
            offset,
            data: value,
            strobe,
            started: self.cycle,
            address_done: false,
            data_done: false,
            address_accepted: 0,
            data_accepted: 0,
            address_at,
            data_at,
            order,
        });
        self.completion = None;
        Ok(())
    }

    /// The transaction finished since the last call, if any.
    pub fn take_completion(&mut self) -> Option<AxilCompletion> {
        self.completion.take()
    }

    /// Cycle count when the current transaction started (for timeouts).
    pub fn pending_since(&self) -> Option<u64> {
        self.pending.map(|p| p.started)
    }

    fn chance(&mut self, p: f64) -> bool {
        p >= 1.0 || self.rng.gen_bool(p)
    }

    /// Perform the handshakes of the rising edge `sample` was taken before (`cycle` = cycle count after
    /// it) and decide the next outputs.
    pub fn observe(&mut self, sample: &AxiLiteSample, cycle: u64) {
        self.cycle = cycle;
        self.stats.b_stalls += u64::from(sample.b.valid && !sample.b.ready);
        self.stats.r_stalls += u64::from(sample.r.valid && !sample.r.ready);
        let gap = u64::from(self.config.channel_gap);
        if let Some(p) = &mut self.pending {
            match p.access {
                Access::Read => {
                    if sample.ar.valid && sample.ar.ready && !p.address_done {
                        p.address_done = true;
                        p.address_accepted = cycle;
                    }
                    if p.address_done && sample.r.valid && sample.r.ready {
                        self.completion = Some(AxilCompletion {
                            access: Access::Read,
                            offset: p.offset,
                            data: sample.r.data,
                            resp: sample.r.resp,
                            started: p.started,
                            finished: cycle,
                            address_accepted: p.address_accepted,
                            data_accepted: None,
                        });
                        self.stats.reads += 1;
                        self.pending = None;
                    }
                }
                Access::Write => {
                    if sample.aw.valid && sample.aw.ready && !p.address_done {
                        p.address_done = true;
                        p.address_accepted = cycle;
                        if p.order == WriteOrder::AddressFirst {
                            p.data_at = cycle + gap;
                        }
                    }
                    if sample.w.valid && sample.w.ready && !p.data_done {
                        p.data_done = true;
                        p.data_accepted = cycle;
                        if p.order == WriteOrder::DataFirst {
                            p.address_at = cycle + gap;
                        }
                    }
                    if p.address_done && p.data_done && sample.b.valid && sample.b.ready {
                        self.completion = Some(AxilCompletion {
                            access: Access::Write,
                            offset: p.offset,
                            data: p.data,
                            resp: sample.b.resp,
                            started: p.started,
                            finished: cycle,
                            address_accepted: p.address_accepted,
                            data_accepted: Some(p.data_accepted),
                        });
                        self.stats.writes += 1;
                        self.pending = None;
                    }
                }
            }
        }
        self.bready = self.chance(self.config.bready);
        self.rready = self.chance(self.config.rready);
    }

    /// Write the outputs decided by the last [`AxilMaster::observe`] (or a new start) to the model.
    pub fn drive(&self, model: &mut Model) {
        let ports = &self.ports;
        let (mut awvalid, mut wvalid, mut arvalid) = (false, false, false);
        let mut strobe = 0xF;
        if let Some(p) = &self.pending {
            match p.access {
                Access::Read => {
                    arvalid = !p.address_done && self.cycle >= p.address_at;
                    model.set(ports.araddr, u64::from(p.offset));
                }
                Access::Write => {
                    awvalid = !p.address_done && self.cycle >= p.address_at;
                    wvalid = !p.data_done && self.cycle >= p.data_at;
                    model.set(ports.awaddr, u64::from(p.offset));
                    model.set(ports.wdata, u64::from(p.data));
                    strobe = p.strobe;
                }
            }
        }
        model.set(ports.awvalid, u64::from(awvalid));
        model.set(ports.awprot, 0);
        model.set(ports.wvalid, u64::from(wvalid));
        model.set(ports.wstrb, u64::from(strobe));
        model.set(ports.arvalid, u64::from(arvalid));
        model.set(ports.arprot, 0);
        model.set(ports.bready, u64::from(self.bready));
        model.set(ports.rready, u64::from(self.rready));
    }
}
