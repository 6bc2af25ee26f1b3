//! Results of an estimate run and their Markdown rendering.
//!
//! - [`DesignResult`]: one design (a configuration, a sweep point or a
//!   Verilog file): its implementation, its simulated throughput, or why a
//!   figure is missing. Derived figures: Gbit/s at the achieved Fmax
//!   (`bytes/cycle x 8 x Fmax`) and Gbit/s per 1000 LUT4.
//! - [`estimates_table`]: the Markdown table of designs.
//! - [`workload_markdown`]: the crypto_pyaes model as Markdown.
//! - [`RunInfo`]: what produced the figures (tools, device, constraint file,
//!   seed, date, command line), printed above every generated table.

use crate::bench::{Measurement, Throughput};
use crate::implement::Implementation;
use crate::markdown::table;
use crate::workload::{
    AcceleratorModel, AesNiTiming, BreakEven, HostOverhead, Machine, PyaesTiming, JOBS_PER_ITERATION,
};
use serde::Serialize;
use std::path::PathBuf;

/// How a design entered the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DesignKind {
    /// A configuration file given or shipped.
    Config,
    /// A point of the sweep grid.
    Sweep,
    /// A Verilog file and top module given directly.
    Verilog,
}

/// One design's results.
#[derive(Clone, Debug, Serialize)]
pub struct DesignResult {
    pub name: String,
    pub kind: DesignKind,
    /// The configuration file (Config, Sweep) or the Verilog file (Verilog).
    pub source: PathBuf,
    /// A shipped configuration (configs/*.yaml).
    pub shipped: bool,
    pub implementation: Option<Implementation>,
    pub bench: Vec<Measurement>,
    pub throughput: Vec<Throughput>,
    /// Why the throughput is missing, when it is.
    pub throughput_note: Option<String>,
    /// Why the implementation is missing, when it is (one line).
    pub error: Option<String>,
}

impl DesignResult {
    pub fn new(name: &str, kind: DesignKind, source: PathBuf, shipped: bool) -> DesignResult {
        DesignResult {
            name: name.to_string(),
            kind,
            source,
            shipped,
            implementation: None,
            bench: Vec::new(),
            throughput: Vec::new(),
            throughput_note: None,
            error: None,
        }
    }

    /// Achieved Fmax, MHz.
    pub fn fmax_mhz(&self) -> Option<f64> {
        self.implementation.as_ref().and_then(|i| i.pnr.as_ref()).map(|p| p.fmax_mhz)
    }

    /// LUT4 count of the design.
    pub fn luts(&self) -> Option<u64> {
        self.implementation.as_ref().map(|i| i.utilisation.lut4())
    }

    /// Throughput figures of one key size.
    pub fn throughput_for(&self, key_bits: u32) -> Option<&Throughput> {
        self.throughput.iter().find(|t| t.key_bits == key_bits)
    }

    /// Gbit/s at the achieved Fmax for `key_bits`.
    pub fn gbit_per_second(&self, key_bits: u32) -> Option<f64> {
        Some(gbit_per_second(self.throughput_for(key_bits)?.bytes_per_cycle, self.fmax_mhz()?))
    }

    /// Gbit/s per 1000 LUT4 for `key_bits`.
    pub fn gbit_per_second_per_klut(&self, key_bits: u32) -> Option<f64> {
        let luts = self.luts()?;
        (luts > 0).then(|| self.gbit_per_second(key_bits).map(|g| g / (luts as f64 / 1000.0)))?
    }
}

/// LUT4 of the LFE5U-85F (41,820 slices of two LUT4; nextpnr-ecp5 `--85k`).
pub const DEVICE_LUT4: u64 = 83_640;

/// Bytes per cycle at `fmax_mhz` in Gbit/s.
pub fn gbit_per_second(bytes_per_cycle: f64, fmax_mhz: f64) -> f64 {
    bytes_per_cycle * 8.0 * fmax_mhz / 1000.0
}

/// What produced the figures.
#[derive(Clone, Debug, Serialize)]
pub struct RunInfo {
    pub date: String,
    pub command: String,
    pub yosys: String,
    pub nextpnr: String,
    pub device: String,
    pub constraints: String,
    pub seed: u64,
}

/// Start of every generated section's first line (read back by [`crate::carry`]).
pub const GENERATED_PREFIX: &str = "Generated ";

impl RunInfo {
    /// `Generated <date> by `<command>``.
    pub fn generated_by(&self) -> String {
        format!("{GENERATED_PREFIX}{} by `{}`", self.date, self.command)
    }

    /// One Markdown paragraph.
    pub fn markdown(&self) -> String {
        format!(
            "{}: {}; {}; {}; constraints `{}`; placement seed {}.\n",
            self.generated_by(),
            self.yosys,
            self.nextpnr,
            self.device,
            self.constraints,
            self.seed
        )
    }
}

/// A cell name cut to its last 48 characters (hierarchical names get long).
fn short(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= 48 {
        name.to_string()
    } else {
        format!("…{}", chars[chars.len() - 47..].iter().collect::<String>())
    }
}

fn number(value: Option<f64>, decimals: usize) -> String {
    value.map_or_else(|| "n/a".to_string(), |v| format!("{v:.decimals$}"))
}

/// The designs table's LUT4 column.
pub const LUT4_COLUMN: &str = "LUT4";
/// The designs table's throughput column (the plot's y).
pub const GBIT_COLUMN: &str = "Gbit/s AES-128";

/// Columns of the designs table ([`estimates_table`]).
pub const ESTIMATES_HEADERS: [&str; 13] = [
    "design",
    LUT4_COLUMN,
    "FF",
    "EBR",
    "DSP",
    "CCU2C",
    "Fmax MHz",
    "B/cycle 64 KiB job",
    "B/cycle 32 × 64 B",
    "B/cycle crypto_pyaes",
    GBIT_COLUMN,
    "Gbit/s per kLUT",
    "notes",
];

/// The designs table.
pub fn estimates_table(results: &[DesignResult]) -> String {
    let headers = ESTIMATES_HEADERS;
    let right = [false, true, true, true, true, true, true, true, true, true, true, true, false];
    let rows: Vec<Vec<String>> = results
        .iter()
        .map(|r| {
            let mut name = r.name.clone();
            if r.shipped && r.kind != DesignKind::Verilog {
                name = format!("**{name}**");
            }
            let mut notes = Vec::new();
            if let Some(e) = &r.error {
                notes.push(e.clone());
            }
            if let Some(n) = &r.throughput_note {
                notes.push(n.clone());
            }
            let (lut, ff, ebr, dsp, carry, fmax) = match &r.implementation {
                Some(i) => {
                    let u = &i.utilisation;
                    let fmax = match &i.pnr {
                        Some(p) => {
                            if !p.meets_constraint() {
                                notes.push(format!("misses the {:.0} MHz constraint", p.constraint_mhz));
                            }
                            if let (Some(from), Some(to)) = (&p.critical_from, &p.critical_to) {
                                let levels =
                                    p.critical_logic_cells.map_or_else(String::new, |n| format!(", {n} logic cells"));
                                notes.push(format!("critical path {} → {}{levels}", short(from), short(to)));
                            }
                            if i.harness_limited {
                                notes.push("critical path inside the timing harness: the design is faster".into());
                                format!("≥ {:.1}", p.fmax_mhz)
                            } else {
                                format!("{:.1}", p.fmax_mhz)
                            }
                        }
                        None => "not routed".to_string(),
                    };
                    (
                        u.lut4().to_string(),
                        u.flip_flops().to_string(),
                        u.block_rams().to_string(),
                        u.multipliers().to_string(),
                        u.carries().to_string(),
                        fmax,
                    )
                }
                None => Default::default(),
            };
            // Bytes per cycle of one accel-bench workload (AES-128), by name.
            let workload = |workload: &str| {
                number(
                    r.bench
                        .iter()
                        .find(|m| m.name == workload && m.key_bits == 128 && m.cycles > 0)
                        .map(|m| m.bytes as f64 / m.cycles as f64),
                    2,
                )
            };
            if r.luts().is_some_and(|l| l > DEVICE_LUT4) {
                notes.push(format!("does not fit: the LFE5U-85F has {DEVICE_LUT4} LUT4"));
            }
            let lut = match r.luts() {
                Some(l) => format!("{lut} ({:.0}%)", 100.0 * l as f64 / DEVICE_LUT4 as f64),
                None => lut,
            };
            vec![
                name,
                lut,
                ff,
                ebr,
                dsp,
                carry,
                fmax,
                workload("single-64KiB"),
                workload("small-32x64B"),
                workload("crypto_pyaes"),
                number(r.gbit_per_second(128), 2),
                number(r.gbit_per_second_per_klut(128), 3),
                notes.join("; "),
            ]
        })
        .collect();
    table(&headers, &right, &rows)
}

fn seconds(value: f64) -> String {
    if value >= 1.0 {
        format!("{value:.3} s")
    } else if value >= 1e-3 {
        format!("{:.3} ms", value * 1e3)
    } else {
        format!("{:.3} µs", value * 1e6)
    }
}

/// The crypto_pyaes model as Markdown.
pub fn workload_markdown(
    machine: &Machine,
    pyaes: Option<&PyaesTiming>,
    pyaes_error: Option<&str>,
    aes_ni: Option<&AesNiTiming>,
    overhead: &HostOverhead,
    accelerators: &[AcceleratorModel],
    missing: &[(String, String)],
) -> String {
    let mut s = String::new();
    s += &format!(
        "Workload: pyperformance `crypto_pyaes`, one iteration = {JOBS_PER_ITERATION} AES-128-CTR jobs of 23,000 bytes \
         (encrypt, then decrypt the result). Wall-clock figures measured on {}.\n\n",
        machine.describe()
    );
    match (pyaes, pyaes_error) {
        (Some(p), _) => {
            s += &format!(
                "- pyaes {} on Python {}: **{} per iteration** (median of {}; min {}, max {}).\n",
                p.pyaes,
                p.python,
                seconds(p.iteration_seconds),
                p.iterations,
                seconds(p.min_seconds),
                seconds(p.max_seconds)
            )
        }
        (None, Some(e)) => s += &format!("- pyaes: n/a ({e}).\n"),
        (None, None) => s += "- pyaes: not measured.\n",
    }
    match aes_ni {
        Some(a) => {
            s += &format!(
                "- RustCrypto `aes` + `ctr` in process (AES instructions {}): **{} per iteration**; one job costs \
                 {} + {:.3} ns/byte ({:.2} GB/s streaming).\n",
                if a.cpu_has_aes_instructions { "present" } else { "ABSENT: software AES" },
                seconds(a.iteration_seconds),
                seconds(a.cost.fixed_seconds),
                a.cost.seconds_per_byte * 1e9,
                1e-9 / a.cost.seconds_per_byte
            )
        }
        None => s += "- AES-NI: not measured.\n",
    }
    s += &format!(
        "- Accelerator: simulated cycles / achieved Fmax + {:.2} µs host overhead per job ({}):\n",
        overhead.total_seconds() * 1e6,
        overhead.setting
    );
    for part in &overhead.parts {
        s += &format!("  - {:.0} ns: {} ({})\n", part.nanoseconds, part.what, part.basis);
    }
    for (n, reference) in overhead.references.iter().enumerate() {
        s += &format!("  - [{}] {reference}\n", n + 1);
    }
    s += "  - The simulated cycles already include the memory model's few-cycle latencies; they are not \
          subtracted (a small overestimate). A Python caller would add its call overhead to AES-NI and \
          accelerator alike; neither includes it.\n";
    s += "\n";
    if accelerators.is_empty() {
        s += "No configuration has both an achieved Fmax and simulated cycles yet, so the accelerator's side is n/a";
        if missing.is_empty() {
            s += ".\n";
        } else {
            s += ":\n";
            for (name, why) in missing {
                s += &format!("- {name}: {why}\n");
            }
        }
        return s;
    }
    let headers = [
        "configuration",
        "Fmax MHz",
        "cycles / 23,000-byte job",
        "time / job",
        "time / iteration",
        "speed-up over pyaes",
        "time vs AES-NI",
        "break-even vs AES-NI",
    ];
    let right = [false, true, true, true, true, true, true, false];
    let rows: Vec<Vec<String>> = accelerators
        .iter()
        .map(|m| {
            vec![
                m.name.clone(),
                format!("{:.1}", m.fmax_mhz),
                format!("{:.0}", m.job_cycles),
                seconds(m.job_seconds),
                seconds(m.iteration_seconds),
                m.speedup_over_pyaes.map_or_else(|| "n/a".into(), |v| format!("{v:.0}x")),
                m.time_ratio_to_aes_ni.map_or_else(|| "n/a".into(), |v| format!("{v:.2}x")),
                match &m.break_even {
                    Some(BreakEven::AtBytes { bytes }) => format!("from {:.0} bytes", bytes.ceil()),
                    Some(BreakEven::Always) => "at every size".into(),
                    Some(BreakEven::Never { reason }) => format!("never ({reason})"),
                    None => "n/a (one job size simulated)".into(),
                },
            ]
        })
        .collect();
    s += &table(&headers, &right, &rows);
    s += "\n\"time vs AES-NI\" > 1 means the accelerator is slower than one CPU core with AES instructions.\n";
    for (name, why) in missing {
        s += &format!("- {name}: n/a ({why})\n");
    }
    s
}

/// Today's date (UTC) as YYYY-MM-DD.
pub fn today() -> String {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
