//! End-to-end model of pyperformance's `crypto_pyaes` workload: per
//! iteration, AES-128-CTR encrypt 23,000 bytes, then decrypt them (two jobs,
//! the second depends on the first), key and counter as pyaes uses them
//! (`AESModeOfOperationCTR(KEY)`: counter block = 1 as a 128-bit big-endian
//! integer, incremented over all 128 bits).
//!
//! Three times per iteration:
//! - pyaes: pure Python, measured on this machine by the venv's Python
//!   running [`PYAES_SCRIPT`] (pyaes==1.6.1 from scripts/requirements.txt);
//!   its ciphertext is checked against RustCrypto's (same computation);
//! - AES-NI: RustCrypto `aes` + `ctr` in this process ([`measure_aes_ni`]);
//!   the `aes` crate uses the AES instructions when the CPU has them
//!   (reported);
//! - accelerator: per job, simulated cycles / achieved Fmax + a host
//!   overhead ([`HostOverhead`], stated components and sources).
//!
//! And the break-even message size above which one accelerator job beats
//! one AES-NI job ([`break_even`]), which may not exist.
//!
//! Wall-clock figures are for the report only; tests never assert them.

use crate::bench::least_squares;
use crate::error::{io_error, FlowError};
use aes::cipher::{KeyIvInit, StreamCipher};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// pyperformance's cleartext: this phrase 500 times (23,000 bytes).
pub const PHRASE: &str = "This is a test. What could possibly go wrong? ";
pub const REPEAT: usize = 500;
/// pyperformance's 128-bit key (`b'\xa1\xf6%\x8c\x87}_\xcd\x89dHE8\xbf\xc9,'`).
pub const KEY: [u8; 16] =
    [0xa1, 0xf6, 0x25, 0x8c, 0x87, 0x7d, 0x5f, 0xcd, 0x89, 0x64, 0x48, 0x45, 0x38, 0xbf, 0xc9, 0x2c];
/// Jobs per iteration: encrypt, then decrypt.
pub const JOBS_PER_ITERATION: u32 = 2;
/// AES key size of the workload.
pub const KEY_BITS: u32 = 128;

type Aes128Ctr = ctr::Ctr128BE<aes::Aes128>;

/// The workload's cleartext.
pub fn cleartext() -> Vec<u8> {
    PHRASE.repeat(REPEAT).into_bytes()
}

/// pyaes' default initial counter block: 1, big-endian over 128 bits.
pub fn initial_counter() -> [u8; 16] {
    1u128.to_be_bytes()
}

/// `data ^= AES-128-CTR keystream(key, counter)` (RustCrypto, AES-NI when available).
pub fn ctr_xor(key: &[u8; 16], counter: &[u8; 16], data: &mut [u8]) {
    let mut cipher = Aes128Ctr::new(key.into(), counter.into());
    cipher.apply_keystream(data);
}

/// One workload iteration with RustCrypto: returns the ciphertext (the decryption is checked).
pub fn aes_ni_iteration(plaintext: &[u8]) -> Result<Vec<u8>, FlowError> {
    let mut ciphertext = plaintext.to_vec();
    ctr_xor(&KEY, &initial_counter(), &mut ciphertext);
    let mut decrypted = ciphertext.clone();
    ctr_xor(&KEY, &initial_counter(), &mut decrypted);
    if decrypted != plaintext {
        return Err(FlowError::Input("RustCrypto AES-CTR did not decrypt its own ciphertext".into()));
    }
    Ok(ciphertext)
}

/// Whether this CPU has the AES instructions (x86 `aes` feature).
pub fn cpu_has_aes_instructions() -> bool {
    #[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
    {
        std::arch::is_x86_feature_detected!("aes")
    }
    #[cfg(not(any(target_arch = "x86", target_arch = "x86_64")))]
    {
        false
    }
}

/// The machine the wall-clock figures come from.
#[derive(Clone, Debug, Serialize)]
pub struct Machine {
    /// `model name` of /proc/cpuinfo, when readable.
    pub cpu: Option<String>,
    pub cpus: usize,
    /// 1-minute load average (/proc/loadavg) when the measurement started: other work on a shared
    /// machine slows every wall-clock figure.
    pub load_average: Option<f64>,
}

impl Machine {
    pub fn now() -> Machine {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let cpu = cpuinfo
            .lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_string());
        let load_average = std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|t| t.split_whitespace().next().and_then(|v| v.parse().ok()));
        Machine { cpu, cpus: std::thread::available_parallelism().map_or(1, |n| n.get()), load_average }
    }

    /// One line for the report.
    pub fn describe(&self) -> String {
        let mut text = format!("{} ({} CPUs)", self.cpu.as_deref().unwrap_or("unknown CPU"), self.cpus);
        if let Some(load) = self.load_average {
            text += &format!(", load average {load:.2} when the measurement started");
        }
        text
    }
}

/// Median of `samples` (which must not be empty).
fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

/// Seconds per call of `work`: median over 7 batches, each batch at least `batch` long.
fn time_per_call(batch: Duration, mut work: impl FnMut()) -> f64 {
    let mut calls = 1u64;
    loop {
        let start = Instant::now();
        for _ in 0..calls {
            work();
        }
        if start.elapsed() >= batch || calls >= 1 << 30 {
            break;
        }
        calls *= 2;
    }
    let mut samples: Vec<f64> = (0..7)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..calls {
                work();
            }
            start.elapsed().as_secs_f64() / calls as f64
        })
        .collect();
    median(&mut samples)
}

/// Time of one job as a straight line in its size.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct LinearCost {
    pub fixed_seconds: f64,
    pub seconds_per_byte: f64,
}

impl LinearCost {
    pub fn seconds(&self, bytes: f64) -> f64 {
        self.fixed_seconds + bytes * self.seconds_per_byte
    }
}

/// In-process AES-NI figures.
#[derive(Clone, Debug, Serialize)]
pub struct AesNiTiming {
    pub cpu_has_aes_instructions: bool,
    /// (job bytes, seconds per job incl. key expansion), median of 7 batches.
    pub jobs: Vec<(u64, f64)>,
    /// Line through `jobs`, see [`aes_ni_cost`].
    pub cost: LinearCost,
    /// One workload iteration (two 23,000-byte jobs and the comparison).
    pub iteration_seconds: f64,
}

/// Job sizes timed for the AES-NI line.
pub const AES_NI_SIZES: [u64; 7] = [16, 256, 1024, 4096, 23_000, 65_536, 262_144];

/// Job sizes from which on the per-byte time is fitted (smaller jobs are dominated by the fixed cost).
pub const AES_NI_STREAMING_BYTES: u64 = 4096;

/// The AES-NI cost line from timed jobs: seconds per byte = least-squares slope over the jobs of at
/// least [`AES_NI_STREAMING_BYTES`]; fixed seconds = the smallest job's time minus its bytes' share
/// (not below 0). `None` without a small job and two streaming sizes.
pub fn aes_ni_cost(jobs: &[(u64, f64)]) -> Option<LinearCost> {
    let streaming: Vec<(f64, f64)> =
        jobs.iter().filter(|j| j.0 >= AES_NI_STREAMING_BYTES).map(|&(b, s)| (b as f64, s)).collect();
    let (_, seconds_per_byte) = least_squares(&streaming)?;
    let &(small_bytes, small_seconds) = jobs.iter().min_by_key(|j| j.0)?;
    if small_bytes >= AES_NI_STREAMING_BYTES {
        return None;
    }
    Some(LinearCost {
        fixed_seconds: (small_seconds - small_bytes as f64 * seconds_per_byte).max(0.0),
        seconds_per_byte,
    })
}

/// Measure RustCrypto AES-128-CTR in this process.
pub fn measure_aes_ni() -> Result<AesNiTiming, FlowError> {
    let batch = Duration::from_millis(20);
    let mut jobs = Vec::new();
    for &size in &AES_NI_SIZES {
        let mut buffer = vec![0x5a_u8; size as usize];
        let seconds = time_per_call(batch, || {
            ctr_xor(black_box(&KEY), black_box(&initial_counter()), black_box(&mut buffer));
        });
        jobs.push((size, seconds));
    }
    let cost = aes_ni_cost(&jobs).ok_or_else(|| FlowError::Input("AES-NI timing: too few job sizes".into()))?;
    let plaintext = cleartext();
    let mut failure = None;
    let iteration_seconds = time_per_call(batch, || {
        if let Err(e) = aes_ni_iteration(black_box(&plaintext)) {
            failure = Some(e);
        }
    });
    if let Some(e) = failure {
        return Err(e);
    }
    Ok(AesNiTiming { cpu_has_aes_instructions: cpu_has_aes_instructions(), jobs, cost, iteration_seconds })
}

/// The pyaes timing script (pyperformance's `bench_pyaes` body, one iteration per sample).
/// argv: iterations, key as hex, phrase, repeat. Prints one JSON object.
pub const PYAES_SCRIPT: &str = r#"
import hashlib, json, sys, time
try:
    import pyaes
except ImportError:
    print(json.dumps({"error": "pyaes is not installed in this Python"}))
    sys.exit(3)
from importlib import metadata
iterations = int(sys.argv[1])
KEY = bytes.fromhex(sys.argv[2])
CLEARTEXT = sys.argv[3].encode() * int(sys.argv[4])
def iteration():
    aes = pyaes.AESModeOfOperationCTR(KEY)
    ciphertext = aes.encrypt(CLEARTEXT)
    aes = pyaes.AESModeOfOperationCTR(KEY)
    plaintext = aes.decrypt(ciphertext)
    aes = None
    if plaintext != CLEARTEXT:
        raise Exception("decrypt error!")
    return ciphertext
ciphertext = iteration()  # warm-up
samples = []
for _ in range(iterations):
    t0 = time.perf_counter()
    iteration()
    samples.append(time.perf_counter() - t0)
print(json.dumps({
    "python": sys.version.split()[0],
    "pyaes": metadata.version("pyaes"),
    "bytes": len(CLEARTEXT),
    "seconds": samples,
    "ciphertext_sha256": hashlib.sha256(ciphertext).hexdigest(),
}))
"#;

#[derive(Deserialize)]
struct PyaesJson {
    error: Option<String>,
    python: Option<String>,
    pyaes: Option<String>,
    bytes: Option<u64>,
    seconds: Option<Vec<f64>>,
    ciphertext_sha256: Option<String>,
}

/// pyaes figures.
#[derive(Clone, Debug, Serialize)]
pub struct PyaesTiming {
    pub python: String,
    pub pyaes: String,
    pub iterations: usize,
    /// Median seconds per iteration.
    pub iteration_seconds: f64,
    pub min_seconds: f64,
    pub max_seconds: f64,
}

/// Run [`PYAES_SCRIPT`] with `python` for `iterations` iterations; check its ciphertext against RustCrypto's.
pub fn measure_pyaes(python: &Path, iterations: usize) -> Result<PyaesTiming, FlowError> {
    let iterations = iterations.max(1);
    eprintln!("  pyaes: {iterations} iteration(s) of crypto_pyaes in {} ...", python.display());
    let start = Instant::now();
    let output = Command::new(python)
        .arg("-c")
        .arg(PYAES_SCRIPT)
        .arg(iterations.to_string())
        .arg(hex::encode(KEY))
        .arg(PHRASE)
        .arg(REPEAT.to_string())
        .output()
        .map_err(|e| io_error(python, "start program", e))?;
    eprintln!("  pyaes: done in {}", crate::process::format_seconds(start.elapsed()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let parse_error = |message: String| FlowError::Parse { what: "pyaes timing output".into(), message };
    let parsed: PyaesJson = serde_json::from_str(stdout.trim()).map_err(|e| {
        parse_error(format!("{e}; stdout {:?}, stderr {:?}", stdout.trim(), String::from_utf8_lossy(&output.stderr)))
    })?;
    if let Some(error) = parsed.error {
        return Err(FlowError::ToolMissing { tool: format!("pyaes ({error})"), searched: python.to_path_buf() });
    }
    if !output.status.success() {
        return Err(parse_error(format!("python exited with {}", output.status)));
    }
    let mut seconds = parsed.seconds.filter(|s| !s.is_empty()).ok_or_else(|| parse_error("no samples".into()))?;
    let expected_bytes = (PHRASE.len() * REPEAT) as u64;
    if parsed.bytes != Some(expected_bytes) {
        return Err(parse_error(format!("pyaes encrypted {:?} bytes, expected {expected_bytes}", parsed.bytes)));
    }
    let ours = hex::encode(Sha256::digest(aes_ni_iteration(&cleartext())?));
    if parsed.ciphertext_sha256.as_deref() != Some(ours.as_str()) {
        return Err(parse_error(format!(
            "pyaes ciphertext (sha256 {:?}) differs from RustCrypto's ({ours}): not the same computation",
            parsed.ciphertext_sha256
        )));
    }
    let min_seconds = seconds.iter().copied().fold(f64::INFINITY, f64::min);
    let max_seconds = seconds.iter().copied().fold(0.0, f64::max);
    Ok(PyaesTiming {
        python: parsed.python.unwrap_or_default(),
        pyaes: parsed.pyaes.unwrap_or_default(),
        iterations: seconds.len(),
        iteration_seconds: median(&mut seconds),
        min_seconds,
        max_seconds,
    })
}

/// One stated part of the per-job host overhead.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OverheadPart {
    pub what: String,
    pub nanoseconds: f64,
    /// Where the value comes from (may cite [`HostOverhead::references`] as `[n]`).
    pub basis: String,
}

/// Per-job time outside the simulated cycles: software and bus latency a real system adds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct HostOverhead {
    pub setting: String,
    pub parts: Vec<OverheadPart>,
    pub references: Vec<String>,
}

/// Reference [1] of the PCIe model.
pub const PCIE_REFERENCE: &str = "R. Neugebauer, G. Antichi, J. F. Zazo, Y. Audzevich, S. López-Buedo, A. W. Moore, \
     \"Understanding PCIe performance for end host networking\", ACM SIGCOMM 2018: DMA reads of small \
     transfers from a PCIe device to Xeon host memory take roughly 0.5-1 µs round trip";

impl HostOverhead {
    /// The accelerator on a PCIe card, driver polling the completion ring (the default).
    pub fn pcie() -> HostOverhead {
        let part = |what: &str, nanoseconds: f64, basis: &str| OverheadPart {
            what: what.to_string(),
            nanoseconds,
            basis: basis.to_string(),
        };
        HostOverhead {
            setting:
                "PCIe-attached FPGA card, buffers already in DMA-able host memory, driver polls the completion ring"
                    .into(),
            parts: vec![
                part("doorbell: posted MMIO write of SQ_TAIL reaches the device", 500.0, "half a round trip [1]"),
                part("descriptor fetch: one 64-byte DMA read", 1000.0, "one round trip, upper end of [1]"),
                part(
                    "first source read: one DMA read (later reads overlap it)",
                    1000.0,
                    "one round trip, upper end of [1]",
                ),
                part("completion write: posted DMA write reaches host memory", 500.0, "half a round trip [1]"),
                part("completion poll: the CPU misses in cache on the completion entry", 100.0, "one DRAM access"),
            ],
            references: vec![PCIE_REFERENCE.to_string()],
        }
    }

    /// A single user-given total (replaces the stated parts).
    pub fn given(nanoseconds: f64) -> HostOverhead {
        HostOverhead {
            setting: "given on the command line (--host-overhead-ns)".into(),
            parts: vec![OverheadPart {
                what: "per-job host overhead".into(),
                nanoseconds,
                basis: "command line".into(),
            }],
            references: Vec::new(),
        }
    }

    pub fn total_seconds(&self) -> f64 {
        self.parts.iter().map(|p| p.nanoseconds).sum::<f64>() * 1e-9
    }
}

/// Where one accelerator job starts to beat one AES-NI job.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BreakEven {
    /// From this many bytes on the accelerator is faster.
    AtBytes { bytes: f64 },
    /// The accelerator is faster at every size.
    Always,
    /// The accelerator is never faster: its per-byte time is not below AES-NI's.
    Never { reason: String },
}

/// Solve `accelerator.seconds(n) < cpu.seconds(n)` for the smallest size `n`.
pub fn break_even(accelerator: &LinearCost, cpu: &LinearCost) -> BreakEven {
    let fixed_gap = accelerator.fixed_seconds - cpu.fixed_seconds;
    let rate_gap = cpu.seconds_per_byte - accelerator.seconds_per_byte;
    if rate_gap <= 0.0 {
        if fixed_gap < 0.0 && rate_gap == 0.0 {
            return BreakEven::Always;
        }
        return BreakEven::Never {
            reason: format!(
                "the accelerator streams at {:.2} GB/s, AES-NI at {:.2} GB/s",
                1e-9 / accelerator.seconds_per_byte,
                1e-9 / cpu.seconds_per_byte
            ),
        };
    }
    if fixed_gap <= 0.0 {
        BreakEven::Always
    } else {
        BreakEven::AtBytes { bytes: fixed_gap / rate_gap }
    }
}

/// The accelerator's side of the model for one configuration.
#[derive(Clone, Debug, Serialize)]
pub struct AcceleratorModel {
    pub name: String,
    pub fmax_mhz: f64,
    /// Simulated cycles of one 23,000-byte AES-128 job.
    pub job_cycles: f64,
    pub job_seconds: f64,
    pub iteration_seconds: f64,
    pub speedup_over_pyaes: Option<f64>,
    /// Accelerator time / AES-NI time per iteration (> 1: slower than AES-NI).
    pub time_ratio_to_aes_ni: Option<f64>,
    pub break_even: Option<BreakEven>,
}

/// Build the accelerator model from its cycles for the workload's job size, its cycle line, and Fmax.
pub fn accelerator_model(
    name: &str,
    fmax_mhz: f64,
    job_cycles: f64,
    cycle_line: Option<(f64, f64)>,
    overhead: &HostOverhead,
    pyaes: Option<&PyaesTiming>,
    aes_ni: Option<&AesNiTiming>,
) -> AcceleratorModel {
    let cycle_seconds = 1e-6 / fmax_mhz;
    let job_seconds = overhead.total_seconds() + job_cycles * cycle_seconds;
    let iteration_seconds = f64::from(JOBS_PER_ITERATION) * job_seconds;
    let cost = cycle_line.map(|(fixed_cycles, bytes_per_cycle)| LinearCost {
        fixed_seconds: overhead.total_seconds() + fixed_cycles * cycle_seconds,
        seconds_per_byte: cycle_seconds / bytes_per_cycle,
    });
    AcceleratorModel {
        name: name.to_string(),
        fmax_mhz,
        job_cycles,
        job_seconds,
        iteration_seconds,
        speedup_over_pyaes: pyaes.map(|p| p.iteration_seconds / iteration_seconds),
        time_ratio_to_aes_ni: aes_ni.map(|a| iteration_seconds / a.iteration_seconds),
        break_even: match (cost, aes_ni) {
            (Some(cost), Some(a)) => Some(break_even(&cost, &a.cost)),
            _ => None,
        },
    }
}
