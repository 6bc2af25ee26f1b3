//! Throughput in bytes per cycle from the simulator's benchmark, which runs
//! the EMITTED Verilog of a configuration under Verilator and counts clock
//! cycles: `sim`'s `accel-bench`.
//!
//! Command: `cargo run --release -q -p aes-ctr-sim --bin accel-bench --
//! --verilog FILE` (or the program named by `AESCTR_BENCH`, same
//! arguments). Its stdout is read in either of two forms:
//! - accel-bench's text, one line per workload:
//!   `NAME  BYTES bytes  CYCLES cycles  ...` (cycles from the doorbell write
//!   to the last completion visible in memory, AES-128 keys; read latency 20
//!   and write latency 2 cycles by default). The number of jobs of a
//!   workload is taken from [`KNOWN_WORKLOADS`] or a `NxMB` name
//!   (`small-32x64B`: 32 jobs), else 1;
//! - or JSON, when a bench prints it:
//!   `{"measurements": [{"name": "...", "key_bits": 128, "bytes": 46000, "jobs": 2, "cycles": 3210}]}`
//!   (`name`, `key_bits` (default 128) and `jobs` (default 1) optional).
//!
//! Derived ([`Throughput`], per key size): bytes/cycle of the measurement
//! with the most bytes (the table's figure), and a straight line
//! `cycles per job = fixed + bytes per job / rate` through the per-job
//! points of the measurements of at most [`MAX_JOBS_FOR_FIT`] jobs (a batch
//! of many small jobs overlaps their latencies and says nothing about one
//! job), which the workload model and the break-even size need.
//!
//! API: [`run_bench`] -> [`BenchOutcome`], [`parse_bench_output`],
//! [`least_squares`], [`Throughput::from_measurements`], [`LinearFit::fit`].

use crate::error::{read_text, FlowError};
use crate::process::run_step_split;
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::process::Command;

/// Environment variable naming a prebuilt bench program (instead of `cargo run`).
pub const BENCH_ENV: &str = "AESCTR_BENCH";
/// The bench binary of the `aes-ctr-sim` package.
pub const BENCH_BIN: &str = "accel-bench";
/// Workloads of accel-bench and their job counts (`crypto_pyaes`: encrypt, then decrypt 23,000 bytes).
pub const KNOWN_WORKLOADS: [(&str, u64); 2] = [("single-64KiB", 1), ("crypto_pyaes", 2)];
/// Measurements with more jobs than this are left out of the per-job line.
pub const MAX_JOBS_FOR_FIT: u64 = 2;

fn default_key_bits() -> u32 {
    128
}
fn default_jobs() -> u64 {
    1
}

/// One simulated workload: `jobs` jobs of `bytes / jobs` bytes each, `cycles` in all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Measurement {
    #[serde(default)]
    pub name: String,
    #[serde(default = "default_key_bits")]
    pub key_bits: u32,
    pub bytes: u64,
    #[serde(default = "default_jobs")]
    pub jobs: u64,
    pub cycles: u64,
}

impl Measurement {
    /// Bytes of one job.
    pub fn job_bytes(&self) -> f64 {
        self.bytes as f64 / self.jobs as f64
    }
    /// Cycles per job.
    pub fn job_cycles(&self) -> f64 {
        self.cycles as f64 / self.jobs as f64
    }
}

#[derive(Deserialize)]
struct BenchJson {
    measurements: Vec<Measurement>,
}

/// Jobs of an accel-bench workload named `name`.
pub fn jobs_of(name: &str) -> u64 {
    if let Some((_, jobs)) = KNOWN_WORKLOADS.iter().find(|(known, _)| *known == name) {
        return *jobs;
    }
    // `...-32x64B`: the number before the `x`.
    name.rsplit(['-', '_'])
        .next()
        .and_then(|part| part.split_once('x'))
        .and_then(|(count, _)| count.parse::<u64>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(1)
}

/// Parse a bench's stdout (JSON or accel-bench's text); refuses no measurement and zero cycles or jobs.
pub fn parse_bench_output(text: &str) -> Result<Vec<Measurement>, FlowError> {
    let error = |message: String| FlowError::Parse { what: "sim bench output".into(), message };
    let measurements = if text.trim_start().starts_with('{') {
        serde_json::from_str::<BenchJson>(text).map_err(|e| error(e.to_string()))?.measurements
    } else {
        let mut found = Vec::new();
        for line in text.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            if let [name, bytes, "bytes", cycles, "cycles", ..] = words.as_slice() {
                let number = |v: &str| v.parse::<u64>().map_err(|_| error(format!("bad number {v:?} in {line:?}")));
                found.push(Measurement {
                    name: name.to_string(),
                    key_bits: default_key_bits(),
                    bytes: number(bytes)?,
                    jobs: jobs_of(name),
                    cycles: number(cycles)?,
                });
            }
        }
        found
    };
    if measurements.is_empty() {
        return Err(error("no measurement (expected lines `NAME N bytes N cycles ...` or JSON)".into()));
    }
    if let Some(m) = measurements.iter().find(|m| m.cycles == 0 || m.jobs == 0) {
        return Err(error(format!("measurement {:?} has zero cycles or jobs", m.name)));
    }
    Ok(measurements)
}

/// Least-squares line `y = intercept + slope * x` through `(x, y)` points: `(intercept, slope)`;
/// `None` with fewer than two distinct x.
pub fn least_squares(points: &[(f64, f64)]) -> Option<(f64, f64)> {
    if points.len() < 2 {
        return None;
    }
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = points.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    if sxx <= 0.0 {
        return None;
    }
    let sxy: f64 = points.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    let slope = sxy / sxx;
    Some((mean_y - slope * mean_x, slope))
}

/// Straight line `cycles = fixed_cycles + bytes / bytes_per_cycle` (least squares).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LinearFit {
    pub fixed_cycles: f64,
    /// Asymptotic rate (inverse slope); infinite when the slope is not positive.
    pub bytes_per_cycle: f64,
}

impl LinearFit {
    /// Fit `(bytes, cycles)` pairs; `None` with fewer than two distinct sizes.
    pub fn fit(points: &[(f64, f64)]) -> Option<LinearFit> {
        let (fixed_cycles, slope) = least_squares(points)?;
        let bytes_per_cycle = if slope > 0.0 { 1.0 / slope } else { f64::INFINITY };
        Some(LinearFit { fixed_cycles, bytes_per_cycle })
    }

    /// Cycles predicted for `bytes`.
    pub fn cycles(&self, bytes: f64) -> f64 {
        self.fixed_cycles + bytes / self.bytes_per_cycle
    }
}

/// Throughput of one key size.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Throughput {
    pub key_bits: u32,
    /// Bytes per cycle of the measurement with the most bytes (the table's figure).
    pub bytes_per_cycle: f64,
    /// That measurement's name.
    pub from: String,
    /// Per-job line over the measurements of at most [`MAX_JOBS_FOR_FIT`] jobs, when there are two sizes.
    pub fit: Option<LinearFit>,
}

impl Throughput {
    /// One entry per key size present in `measurements`, by increasing key size.
    pub fn from_measurements(measurements: &[Measurement]) -> Vec<Throughput> {
        let mut keys: Vec<u32> = measurements.iter().map(|m| m.key_bits).collect();
        keys.sort_unstable();
        keys.dedup();
        keys.into_iter()
            .filter_map(|key_bits| {
                let own: Vec<&Measurement> = measurements.iter().filter(|m| m.key_bits == key_bits).collect();
                let largest = own.iter().max_by_key(|m| (m.bytes, std::cmp::Reverse(m.cycles)))?;
                let points: Vec<(f64, f64)> = own
                    .iter()
                    .filter(|m| m.jobs <= MAX_JOBS_FOR_FIT)
                    .map(|m| (m.job_bytes(), m.job_cycles()))
                    .collect();
                Some(Throughput {
                    key_bits,
                    bytes_per_cycle: largest.bytes as f64 / largest.cycles as f64,
                    from: largest.name.clone(),
                    fit: LinearFit::fit(&points),
                })
            })
            .collect()
    }

    /// Cycles of one `bytes` job: a measurement with jobs of that size when there is one, else the line.
    pub fn cycles_for(&self, measurements: &[Measurement], bytes: u64) -> Option<f64> {
        measurements
            .iter()
            .find(|m| m.key_bits == self.key_bits && m.jobs <= MAX_JOBS_FOR_FIT && m.job_bytes() == bytes as f64)
            .map(Measurement::job_cycles)
            .or_else(|| self.fit.map(|f| f.cycles(bytes as f64)))
    }
}

/// What running the bench gave.
#[derive(Clone, Debug)]
pub enum BenchOutcome {
    Measured(Vec<Measurement>),
    /// The bench does not exist (yet): the reason, for the report's "n/a".
    Unavailable(String),
}

/// Run the bench on the emitted `verilog` from the workspace at `workspace`: stdout into `output`,
/// stderr into `log`.
pub fn run_bench(workspace: &Path, verilog: &Path, output: &Path, log: &Path) -> Result<BenchOutcome, FlowError> {
    let mut command = match std::env::var_os(BENCH_ENV) {
        Some(program) if !program.is_empty() => Command::new(program),
        _ => {
            let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
            c.args(["run", "--release", "-q", "-p", "aes-ctr-sim", "--bin", BENCH_BIN, "--"]);
            c
        }
    };
    command.current_dir(workspace).arg("--verilog").arg(verilog);
    match run_step_split("simulate (sim accel-bench, Verilator)", &mut command, Some(output), log) {
        Ok(_) => parse_bench_output(&read_text(output)?).map(BenchOutcome::Measured),
        Err(error @ FlowError::ToolFailed { .. }) => {
            let text = read_text(log).unwrap_or_default();
            if text.contains(&format!("no bin target named `{BENCH_BIN}`")) {
                eprintln!("  simulate: the sim bench does not exist; throughput is n/a");
                Ok(BenchOutcome::Unavailable(format!("the sim bench (aes-ctr-sim --bin {BENCH_BIN}) does not exist")))
            } else {
                Err(error)
            }
        }
        Err(other) => Err(other),
    }
}
