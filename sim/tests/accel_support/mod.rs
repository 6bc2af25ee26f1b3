//! Shared by the accelerator's end-to-end tests (`accel_*.rs`): emit the `aes_ctr_accel` Verilog of
//! a configuration and build it into a [`sim::Harness`]; everything that does not need the hardware
//! library is in [`sim::scenario`] (also used by the `regress` and `accel-bench` binaries).
#![allow(dead_code)]

use hdl::config::Config;
use sim::axi_memory::AxiMemoryConfig;
pub use sim::scenario::*;
use sim::Harness;

/// The emitted Verilog of `config` (the same text `gen-verilog` writes, without the banner).
pub fn verilog(config: &Config) -> String {
    hdl::emit::accelerator_verilog(config).unwrap_or_else(|e| panic!("emitting {}: {e}", config.short_name()))
}

/// A harness around the accelerator of `config`.
pub fn harness(config: &Config, memory: AxiMemoryConfig) -> Harness {
    harness_from_verilog(&verilog(config), config.max_burst, memory)
}
