//! Build configuration of the accelerator, read from YAML (`configs/*.yaml`): the schema crate
//! `accel_config` (`config/`), re-exported here so that the blocks write `crate::config::Config`.
//!
//! The schema (every field, its type, allowed values and meaning) is one table,
//! `accel_config::FIELDS`; every field is optional in a file and a missing one takes its value
//! from `configs/default.yaml`, which is embedded ([`DEFAULT_YAML`]) and is [`Config::default`].
//! The table is printed in docs/architecture.md ("What the configuration changes"), generated
//! from the schema by `cargo test -p aes-ctr-config`.
//!
//! API: [`Config::default`], [`Config::from_yaml_str`], [`Config::from_file`],
//! [`Config::validate`], [`Config::caps`] (the CAPS register value, packed by
//! `spec::regs::caps_value`), [`Config::generated_json`] (the file `gen-verilog` writes next to
//! the Verilog). Errors are [`ConfigError`] values whose message names the field and the allowed
//! values; nothing here panics on bad input.
//!
//! Timing facts derived from a configuration (cycles of the core clock, as
//! measured in `sim/tests/aes_engine.rs`): S = [`Config::max_rounds`] is the
//! deepest key size's Nr. An unrolled engine gives L blocks per cycle with a
//! latency of S + 3 cycles; an iterative engine with interleave k gives L
//! blocks per Nr cycles (k groups per k*Nr) with a latency of k*Nr + 3
//! (see `keystream_engine.rs`).
//!
//! Adding a field: the schema crate (a member of `Config`, a row of `FIELDS`, its value in
//! `configs/default.yaml`), then the blocks that use it.

pub use accel_config::{
    generated_config_path, Architecture, Config, ConfigError, SBoxStyle, BLOCK_BITS, BUS_BITS_VALUES, DEFAULT_YAML,
    INTERLEAVE_VALUES, KEY_SIZE_VALUES, KEY_SLOTS_MAX, LANES_VALUES, MAX_BURST_MAX,
};
