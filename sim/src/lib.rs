//! Simulation harness for the emitted Verilog of the AES-CTR stream accelerator.
//!
//! Everything here drives the *emitted Verilog* through Verilator, never Rust structs:
//! - [`verilator`]: build and load a C++ model of any Verilog file, drive it cycle by cycle (the only
//!   module with `unsafe`);
//! - [`axi`]: resolve the AXI4 / AXI4-Lite port bundles of a model and sample them per cycle;
//! - [`axi_memory`]: AXI4 slave memory for the DUT's `m_axi_*` master (latency, back-pressure, faults);
//! - [`axi_monitor`]: AXI4 / AXI4-Lite protocol monitors that fail at the first violation;
//! - [`axil`]: AXI4-Lite master driver for the DUT's `s_axil_*` slave;
//! - [`register_traffic`]: random AXI4-Lite register traffic in lockstep with the golden model;
//! - [`regs_access`]: the [`regs_access::RegisterAccess`] trait register-level code is written against;
//! - [`harness`]: the [`harness::Harness`] that owns all of the above and advances them one clock per step;
//! - [`driver`]: the software ring driver, written against [`regs_access::RegisterAccess`];
//! - [`scoreboard`]: comparison of a DUT's results with the golden device model;
//! - [`scenario`]: accelerator-level job streams (directed and random) run on a DUT and the golden model;
//! - [`coverage`]: Verilator line and toggle coverage files read, merged and reported per module.
#![deny(unsafe_code)]

pub mod axi;
pub mod axi_memory;
pub mod axi_monitor;
pub mod axil;
pub mod coverage;
pub mod driver;
pub mod fault_regression;
pub mod harness;
pub mod register_traffic;
pub mod regs_access;
pub mod scenario;
pub mod scoreboard;
pub mod vcd;
pub mod verilator;

pub use harness::{Harness, HarnessConfig, HarnessError};
pub use regs_access::RegisterAccess;
pub use verilator::{Model, Options, PortId};
