//! [`Harness`]: owns a [`Model`], the AXI4 memory model and monitor for its `m_axi_*` master, the
//! AXI4-Lite driver and monitor for its `s_axil_*` slave, and advances them all one clock per
//! [`Harness::step`]. Generic over the DUT: each interface is optional ([`HarnessConfig`]).
//!
//! One step (the phase convention of [`crate::axi_memory`]):
//! 1. `clock_low` (clk = 0, eval): every signal now shows what the coming rising edge sees;
//! 2. sample both interfaces;
//! 3. `clock_high` (the rising edge), cycle count + 1;
//! 4. the monitors check the samples, the memory model and the AXI4-Lite driver perform the handshakes
//!    in them and drive their next outputs.
//!
//! Reset: [`Harness::reset`] holds `rst` and checks that every VALID the DUT drives (AXI4 AWVALID,
//! WVALID, ARVALID; AXI4-Lite BVALID, RVALID) is low from the [`RESET_OUTPUT_CYCLES`]-th cycle of the
//! reset on (the accelerator registers `rst` before it resets its blocks, SPEC §1 asks a hold of at
//! least 4 cycles), rule `VALID_DURING_RESET`.
//!
//! The first protocol violation or timeout makes the harness *failed*: that error is returned by the
//! step that saw it and by every later call ([`Harness::failure`]). SLVERR/DECERR answers to register
//! accesses are not failures (the DUT may legitimately answer them): `try_read32`/`try_write32` return
//! them as errors, the [`RegisterAccess`] methods record them in [`Harness::bus_errors`].
//!
//! VCD: set [`HarnessConfig::vcd`] or env `AESCTR_VCD=path` (if `path` is a directory or ends in `/`, one
//! file `<top>-<pid>-<n>.vcd` per harness is written inside it). The model is then built with tracing.

use crate::axi::{AxiLitePorts, AxiPorts};
use crate::axi_memory::{AxiMemory, AxiMemoryConfig};
use crate::axi_monitor::{AxiLiteMonitor, AxiMonitor, AxiMonitorConfig, Rule, Violation};
use crate::axil::{AxilCompletion, AxilError, AxilMaster, AxilMasterConfig};
use crate::regs_access::RegisterAccess;
use crate::verilator::{self, Model, Options, PortId};
use std::fmt;
use std::path::{Path, PathBuf};

/// Cycles of `rst` after which a DUT's VALID outputs must be low: the accelerator samples `rst` into a
/// flip-flop (every top-level input is registered) and its blocks reset on the next edge.
pub const RESET_OUTPUT_CYCLES: u64 = 2;

/// Which interfaces to attach and how they behave.
#[derive(Clone, Debug)]
pub struct HarnessConfig {
    /// Build options (clock name, trace, cache, ...); `trace` is forced on when a VCD is requested.
    pub build: Options,
    /// Active-high reset input driven by [`Harness::reset`]; `None` if the DUT has none.
    pub reset: Option<String>,
    /// Prefix of the DUT's AXI4 master (memory model + monitor attached); `None` for no AXI4 master.
    pub axi_prefix: Option<String>,
    /// Prefix of the DUT's AXI4-Lite slave (driver + monitor attached); `None` for none.
    pub axil_prefix: Option<String>,
    pub memory: AxiMemoryConfig,
    pub monitor: AxiMonitorConfig,
    pub axil: AxilMasterConfig,
    /// Write a VCD trace here (overrides env `AESCTR_VCD`).
    pub vcd: Option<PathBuf>,
}

impl Default for HarnessConfig {
    /// The accelerator's interfaces (SPEC §1): `clk`, `rst`, `m_axi_*`, `s_axil_*`.
    fn default() -> HarnessConfig {
        HarnessConfig {
            build: Options::default(),
            reset: Some("rst".to_string()),
            axi_prefix: Some("m_axi_".to_string()),
            axil_prefix: Some("s_axil_".to_string()),
            memory: AxiMemoryConfig::default(),
            monitor: AxiMonitorConfig::default(),
            axil: AxilMasterConfig::default(),
            vcd: None,
        }
    }
}

/// Why a harness operation failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HarnessError {
    /// A protocol monitor saw a violation (sticky).
    Violation(Violation),
    /// Something did not happen in time (sticky).
    Timeout { what: String, cycles: u64 },
    /// A register access was answered SLVERR or DECERR (not sticky).
    Bus(AxilError),
    /// The DUT executed `$finish`/`$stop` (sticky).
    Finished { cycle: u64 },
    /// Bad use of the harness (e.g. a register access on a DUT without AXI4-Lite port); not sticky.
    Usage(String),
}

impl fmt::Display for HarnessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HarnessError::Violation(v) => write!(f, "{v}"),
            HarnessError::Timeout { what, cycles } => {
                write!(f, "timeout: {what} did not happen within {cycles} cycles")
            }
            HarnessError::Bus(e) => write!(f, "{e}"),
            HarnessError::Finished { cycle } => write!(f, "the DUT executed $finish/$stop at cycle {cycle}"),
            HarnessError::Usage(msg) => write!(f, "{msg}"),
        }
    }
}

impl std::error::Error for HarnessError {}

impl From<Violation> for HarnessError {
    fn from(v: Violation) -> HarnessError {
        HarnessError::Violation(v)
    }
}

/// The DUT's AXI4 master side: ports, memory model, monitor.
#[derive(Debug)]
struct AxiSide {
    ports: AxiPorts,
    memory: AxiMemory,
    monitor: AxiMonitor,
}

/// The DUT's AXI4-Lite slave side: ports, driver, monitor.
#[derive(Debug)]
struct AxiLiteSide {
    ports: AxiLitePorts,
    master: AxilMaster,
    monitor: AxiLiteMonitor,
}

/// See the module documentation.
#[derive(Debug)]
pub struct Harness {
    model: Model,
    reset: Option<PortId>,
    axi: Option<AxiSide>,
    axil: Option<AxiLiteSide>,
    failure: Option<HarnessError>,
    bus_errors: Vec<HarnessError>,
    in_reset: bool,
    /// Cycles stepped since `rst` rose (while `in_reset`).
    reset_cycles: u64,
}

fn vcd_path(config: &HarnessConfig, top: &str) -> Option<PathBuf> {
    if let Some(p) = &config.vcd {
        return Some(p.clone());
    }
    let env = std::env::var_os("AESCTR_VCD").filter(|v| !v.is_empty())?;
    let path = PathBuf::from(&env);
    if path.is_dir() || env.to_string_lossy().ends_with('/') {
        static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Some(path.join(format!("{top}-{}-{n}.vcd", std::process::id())))
    } else {
        Some(path)
    }
}

impl Harness {
    /// Build the model of `top` in the Verilog file `verilog` and attach the configured interfaces.
    pub fn build(verilog: &Path, top: &str, config: HarnessConfig) -> verilator::Result<Harness> {
        let text = std::fs::read_to_string(verilog)
            .map_err(|source| verilator::Error::Io { context: format!("reading {}", verilog.display()), source })?;
        Harness::build_source(&text, top, config)
    }

    /// Like [`Harness::build`] from Verilog source text.
    pub fn build_source(text: &str, top: &str, mut config: HarnessConfig) -> verilator::Result<Harness> {
        if vcd_path(&config, top).is_some() {
            config.build.trace = true;
        }
        let model = Model::build_source(text, top, &config.build)?;
        Harness::new(model, config)
    }

    /// Attach the configured interfaces to an already built model.
    pub fn new(mut model: Model, config: HarnessConfig) -> verilator::Result<Harness> {
        let interface = verilator::Error::Interface;
        let reset = match &config.reset {
            Some(name) => Some(model.input(name)?),
            None => None,
        };
        let axi = match &config.axi_prefix {
            Some(prefix) => {
                let ports = AxiPorts::resolve_master(&model, prefix)?;
                let memory = AxiMemory::new(ports.clone(), config.memory.clone()).map_err(interface)?;
                let monitor = AxiMonitor::new(&ports, config.monitor.clone()).map_err(interface)?;
                Some(AxiSide { ports, memory, monitor })
            }
            None => None,
        };
        let axil = match &config.axil_prefix {
            Some(prefix) => {
                let ports = AxiLitePorts::resolve_slave(&model, prefix)?;
                let master = AxilMaster::new(ports.clone(), config.axil.clone()).map_err(interface)?;
                let monitor = AxiLiteMonitor::new(prefix);
                Some(AxiLiteSide { ports, master, monitor })
            }
            None => None,
        };
        if let Some(path) = vcd_path(&config, model.top()) {
            model.open_trace(&path)?;
        }
        let mut harness = Harness {
            model,
            reset,
            axi,
            axil,
            failure: None,
            bus_errors: Vec::new(),
            in_reset: false,
            reset_cycles: 0,
        };
        harness.drive_outputs();
        Ok(harness)
    }

    fn drive_outputs(&mut self) {
        if let Some(a) = &self.axi {
            a.memory.drive(&mut self.model);
        }
        if let Some(l) = &self.axil {
            l.master.drive(&mut self.model);
        }
    }

    /// The model (read any port, e.g. `irq`).
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The model, to drive DUT-specific inputs. Do not drive the ports of attached interfaces.
    pub fn model_mut(&mut self) -> &mut Model {
        &mut self.model
    }

    /// Cycle count (rising edges so far).
    pub fn cycle(&self) -> u64 {
        self.model.cycle()
    }

    /// The memory model, if an AXI4 master is attached.
    pub fn memory(&self) -> Option<&AxiMemory> {
        self.axi.as_ref().map(|a| &a.memory)
    }

    pub fn memory_mut(&mut self) -> Option<&mut AxiMemory> {
        self.axi.as_mut().map(|a| &mut a.memory)
    }

    /// The AXI4 monitor (e.g. to update the allowed write ranges).
    pub fn monitor_mut(&mut self) -> Option<&mut AxiMonitor> {
        self.axi.as_mut().map(|a| &mut a.monitor)
    }

    /// The AXI4 interface's resolved ports.
    pub fn axi_ports(&self) -> Option<&AxiPorts> {
        self.axi.as_ref().map(|a| &a.ports)
    }

    /// The AXI4-Lite driver.
    pub fn axil_mut(&mut self) -> Option<&mut AxilMaster> {
        self.axil.as_mut().map(|l| &mut l.master)
    }

    /// The sticky failure, if any.
    pub fn failure(&self) -> Option<&HarnessError> {
        self.failure.as_ref()
    }

    /// Error answers recorded by the [`RegisterAccess`] methods (and failures they met), oldest first.
    pub fn bus_errors(&self) -> &[HarnessError] {
        &self.bus_errors
    }

    /// Take the recorded error answers.
    pub fn take_bus_errors(&mut self) -> Vec<HarnessError> {
        std::mem::take(&mut self.bus_errors)
    }

    fn fail(&mut self, e: HarnessError) -> HarnessError {
        if self.failure.is_none() {
            self.failure = Some(e.clone());
        }
        e
    }

    /// Advance one clock cycle; see the module documentation.
    pub fn step(&mut self) -> Result<(), HarnessError> {
        if let Some(e) = &self.failure {
            return Err(e.clone());
        }
        self.model.clock_low();
        let axi_sample = self.axi.as_ref().map(|a| a.ports.sample(&self.model));
        let lite_sample = self.axil.as_ref().map(|l| l.ports.sample(&self.model));
        self.model.clock_high();
        let cycle = self.model.cycle();
        let mut result = Ok(());
        if self.in_reset {
            self.reset_cycles += 1;
            if self.reset_cycles > RESET_OUTPUT_CYCLES {
                let mut high = Vec::new();
                if let Some(s) = &axi_sample {
                    for (name, valid) in [("AWVALID", s.aw.valid), ("WVALID", s.w.valid), ("ARVALID", s.ar.valid)] {
                        if valid {
                            high.push(name);
                        }
                    }
                }
                if let Some(s) = &lite_sample {
                    for (name, valid) in [("AXI4-Lite BVALID", s.b.valid), ("AXI4-Lite RVALID", s.r.valid)] {
                        if valid {
                            high.push(name);
                        }
                    }
                }
                if !high.is_empty() {
                    result = Err(HarnessError::Violation(Violation {
                        rule: Rule::ValidDuringReset,
                        cycle,
                        detail: format!("{} high in cycle {} of rst", high.join(", "), self.reset_cycles),
                    }));
                }
            }
        } else {
            if let (Some(a), Some(s)) = (&mut self.axi, &axi_sample) {
                if let Err(v) = a.monitor.observe(s, cycle) {
                    result = Err(HarnessError::Violation(v));
                }
                a.memory.observe(s, cycle);
            }
            if let (Some(l), Some(s)) = (&mut self.axil, &lite_sample) {
                if let Err(v) = l.monitor.observe(s, cycle) {
                    if result.is_ok() {
                        result = Err(HarnessError::Violation(v));
                    }
                }
                l.master.observe(s, cycle);
            }
        }
        self.drive_outputs();
        if result.is_ok() && self.model.finished() {
            result = Err(HarnessError::Finished { cycle });
        }
        result.map_err(|e| self.fail(e))
    }

    /// Advance `cycles` clock cycles.
    pub fn run(&mut self, cycles: u64) -> Result<(), HarnessError> {
        for _ in 0..cycles {
            self.step()?;
        }
        Ok(())
    }

    /// Step until `done(self)` holds (checked before each step); returns the cycles stepped. Fails
    /// with a timeout naming `what` after `max_cycles`.
    pub fn run_until(
        &mut self,
        what: &str,
        max_cycles: u64,
        mut done: impl FnMut(&Harness) -> bool,
    ) -> Result<u64, HarnessError> {
        for n in 0..=max_cycles {
            if done(self) {
                return Ok(n);
            }
            if n == max_cycles {
                break;
            }
            self.step()?;
        }
        Err(self.fail(HarnessError::Timeout { what: what.to_string(), cycles: max_cycles }))
    }

    /// Hold the reset input high for `cycles` rising edges (SPEC §1: at least 4), with every attached
    /// component reset and idle, then release it. Monitors ignore the reset cycles.
    pub fn reset(&mut self, cycles: u64) -> Result<(), HarnessError> {
        let Some(rst) = self.reset else {
            return Err(HarnessError::Usage(format!("`{}` was configured without a reset port", self.model.top())));
        };
        if let Some(a) = &mut self.axi {
            a.memory.reset();
            a.monitor.reset();
        }
        if let Some(l) = &mut self.axil {
            l.master.reset();
            l.monitor.reset();
        }
        self.drive_outputs();
        self.model.set(rst, 1);
        self.in_reset = true;
        self.reset_cycles = 0;
        let result = self.run(cycles);
        self.in_reset = false;
        self.model.set(rst, 0);
        result
    }

    fn axil_transaction(
        &mut self,
        start: impl FnOnce(&mut AxilMaster) -> Result<(), String>,
    ) -> Result<AxilCompletion, HarnessError> {
        if let Some(e) = &self.failure {
            return Err(e.clone());
        }
        let top = self.model.top().to_string();
        let Some(side) = &mut self.axil else {
            return Err(HarnessError::Usage(format!("`{top}` has no AXI4-Lite interface attached")));
        };
        start(&mut side.master).map_err(HarnessError::Usage)?;
        let timeout = side.master.config().timeout_cycles;
        side.master.drive(&mut self.model);
        for _ in 0..timeout {
            self.step()?;
            let side = self.axil.as_mut().expect("checked above");
            if let Some(c) = side.master.take_completion() {
                return Ok(c);
            }
        }
        Err(self.fail(HarnessError::Timeout { what: "AXI4-Lite register access".into(), cycles: timeout }))
    }

    /// Read a register; SLVERR/DECERR is `Err(HarnessError::Bus)`.
    pub fn try_read32(&mut self, offset: u32) -> Result<u32, HarnessError> {
        let c = self.axil_transaction(|m| m.start_read(offset))?;
        c.result().map_err(HarnessError::Bus)
    }

    /// Write a register; SLVERR/DECERR is `Err(HarnessError::Bus)`.
    pub fn try_write32(&mut self, offset: u32, value: u32) -> Result<(), HarnessError> {
        self.try_write32_strobed(offset, value, 0xF)
    }

    /// A write of the bytes of `value` selected by `strobe` (WSTRB), returning the slave's answer.
    pub fn try_write32_strobed(&mut self, offset: u32, value: u32, strobe: u8) -> Result<(), HarnessError> {
        let c = self.axil_transaction(|m| m.start_write_strobed(offset, value, strobe))?;
        c.result().map(|_| ()).map_err(HarnessError::Bus)
    }
}

impl RegisterAccess for Harness {
    /// Errors are recorded in [`Harness::bus_errors`]; an error answer returns the data that came with
    /// it, a failed harness returns all ones.
    fn read32(&mut self, offset: u32) -> u32 {
        match self.try_read32(offset) {
            Ok(v) => v,
            Err(e) => {
                let value = match &e {
                    HarnessError::Bus(b) => b.data,
                    _ => u32::MAX,
                };
                self.bus_errors.push(e);
                value
            }
        }
    }

    /// Errors are recorded in [`Harness::bus_errors`].
    fn write32(&mut self, offset: u32, value: u32) {
        if let Err(e) = self.try_write32(offset, value) {
            self.bus_errors.push(e);
        }
    }
}
