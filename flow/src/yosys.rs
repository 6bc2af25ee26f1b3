//! yosys steps for ECP5: the scripts the flow runs and the parsers of what
//! they write.
//!
//! - [`inspect_script`]: `read_verilog`, `hierarchy -check -top`, `proc`,
//!   then lists inferred latches (`select -list` of latch cells, written to a
//!   file) and the top module's ports (`portlist`, written to a file). Parsed
//!   by [`parse_latch_list`], [`parse_latch_warnings`] and [`parse_portlist`].
//! - [`synth_script`]: reads the design and the flow's harness
//!   ([`crate::harness`]), marks the design module `keep_hierarchy` so its
//!   cells stay countable apart from the harness, runs
//!   `synth_ecp5 -top <harness> -json`, and writes `stat -json`. Parsed by
//!   [`parse_stat_json`] into a [`Utilisation`] of one module, counting its
//!   submodules' cells recursively.
//!
//! Paths inside scripts are double-quoted; a path containing `"` or a line
//! break is refused with a [`FlowError::Input`].

use crate::error::FlowError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// Cell types that are latches, coarse (after `proc`) and fine-grained.
pub const LATCH_CELL_PATTERNS: &str = "t:$dlatch t:$adlatch t:$dlatchsr t:$_DLATCH_* t:$_DLATCHSR_*";

/// ECP5 primitive names counted in the estimates.
pub const LUT4: &str = "LUT4";
pub const FLIP_FLOP: &str = "TRELLIS_FF";
pub const CARRY: &str = "CCU2C";
/// Block RAM primitives (both count as one 18 Kbit EBR).
pub const BLOCK_RAMS: [&str; 2] = ["DP16KD", "PDPW16KD"];
/// DSP primitives: the 18x18 multiplier is the unit ECP5 data sheets count.
pub const MULTIPLIER: &str = "MULT18X18D";
/// Cell types in `stat` output that are bookkeeping, not hardware (left out of the counts).
pub const NOT_HARDWARE: [&str; 1] = ["$scopeinfo"];

/// A path quoted for a yosys script.
pub fn quote_path(path: &Path) -> Result<String, FlowError> {
    let text = path.to_string_lossy();
    if text.contains('"') || text.contains('\n') || text.contains('\r') {
        return Err(FlowError::Input(format!("path {text:?} contains a quote or a line break; yosys cannot read it")));
    }
    Ok(format!("\"{text}\""))
}

/// Script of the inspect step: latches after `proc` into `latches`, the top's ports into `ports`.
pub fn inspect_script(verilog: &[&Path], top: &str, latches: &Path, ports: &Path) -> Result<String, FlowError> {
    let mut script = String::new();
    for file in verilog {
        script += &format!("read_verilog {}\n", quote_path(file)?);
    }
    script += &format!("hierarchy -check -top {top}\n");
    script += "proc\n";
    script += &format!("tee -q -o {} select -list {LATCH_CELL_PATTERNS}\n", quote_path(latches)?);
    script += &format!("tee -q -o {} portlist {top}\n", quote_path(ports)?);
    Ok(script)
}

/// Script of the synthesis step: design + harness, `synth_ecp5` (with `synth_options`, e.g.
/// `-nowidelut`), netlist into `json`, statistics into `stat`.
pub fn synth_script(
    verilog: &[&Path],
    harness: &Path,
    top: &str,
    harness_top: &str,
    synth_options: &[String],
    json: &Path,
    stat: &Path,
) -> Result<String, FlowError> {
    for option in synth_options {
        if !option.starts_with('-') || option.chars().any(|c| c.is_whitespace() || c == ';') {
            return Err(FlowError::Input(format!(
                "synth_ecp5 option {option:?} is not one flag (expected e.g. -nowidelut)"
            )));
        }
    }
    let mut script = String::new();
    for file in verilog.iter().chain(std::iter::once(&harness)) {
        script += &format!("read_verilog {}\n", quote_path(file)?);
    }
    script += &format!("hierarchy -check -top {harness_top}\n");
    script += &format!("setattr -mod -set keep_hierarchy 1 {top}\n");
    let options: String = synth_options.iter().map(|o| format!(" {o}")).collect();
    script += &format!("synth_ecp5 -top {harness_top}{options} -json {}\n", quote_path(json)?);
    script += &format!("tee -q -o {} stat -json\n", quote_path(stat)?);
    Ok(script)
}

/// Direction of a module port.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Input,
    Output,
    Inout,
}

/// One port of the top module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Port {
    pub name: String,
    pub direction: Direction,
    pub width: u32,
}

/// Parse `portlist` output: `module NAME`, one `input|output|inout [msb:lsb] name` per port, `endmodule`.
pub fn parse_portlist(text: &str) -> Result<Vec<Port>, FlowError> {
    let error = |message: String| FlowError::Parse { what: "yosys portlist output".into(), message };
    let mut ports = Vec::new();
    let mut seen_module = false;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let mut words = line.split_whitespace();
        let first = words.next().unwrap_or_default();
        let direction = match first {
            "module" => {
                seen_module = true;
                continue;
            }
            "endmodule" => continue,
            "input" => Direction::Input,
            "output" => Direction::Output,
            "inout" => Direction::Inout,
            _ => return Err(error(format!("unexpected line {line:?}"))),
        };
        let (range, name) = match (words.next(), words.next(), words.next()) {
            (Some(range), Some(name), None) if range.starts_with('[') => (range, name),
            _ => return Err(error(format!("expected `{first} [msb:lsb] name`, found {line:?}"))),
        };
        let bounds = range.trim_start_matches('[').trim_end_matches(']');
        let (msb, lsb) = bounds.split_once(':').ok_or_else(|| error(format!("bad range {range:?} in {line:?}")))?;
        let parse = |v: &str| v.parse::<i64>().map_err(|_| error(format!("bad range {range:?} in {line:?}")));
        let width = (parse(msb)? - parse(lsb)?).unsigned_abs() + 1;
        let width = u32::try_from(width).map_err(|_| error(format!("port too wide in {line:?}")))?;
        ports.push(Port { name: name.to_string(), direction, width });
    }
    if !seen_module {
        return Err(error("no `module` line".into()));
    }
    Ok(ports)
}

/// Parse the `select -list` output of latch cells: one `module/cell` per line.
pub fn parse_latch_list(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// The signals of yosys' "Latch inferred for signal `\mod.\sig' ..." warnings, as `mod.sig`.
pub fn parse_latch_warnings(log: &str) -> Vec<String> {
    let mut signals = Vec::new();
    for line in log.lines() {
        if let Some(rest) = line.split("Latch inferred for signal `").nth(1) {
            if let Some(signal) = rest.split('\'').next() {
                let signal = signal.replace('\\', "");
                if !signals.contains(&signal) {
                    signals.push(signal);
                }
            }
        }
    }
    signals
}

/// Cell counts of one module after synthesis, its submodules expanded.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Utilisation {
    /// Every primitive cell type and its count.
    pub cells: BTreeMap<String, u64>,
}

impl Utilisation {
    fn count(&self, kind: &str) -> u64 {
        self.cells.get(kind).copied().unwrap_or(0)
    }
    /// 4-input look-up tables.
    pub fn lut4(&self) -> u64 {
        self.count(LUT4)
    }
    /// Flip-flops.
    pub fn flip_flops(&self) -> u64 {
        self.count(FLIP_FLOP)
    }
    /// 18 Kbit embedded block RAMs.
    pub fn block_rams(&self) -> u64 {
        BLOCK_RAMS.iter().map(|k| self.count(k)).sum()
    }
    /// 18x18 multipliers.
    pub fn multipliers(&self) -> u64 {
        self.count(MULTIPLIER)
    }
    /// Carry cells (2 bits each).
    pub fn carries(&self) -> u64 {
        self.count(CARRY)
    }
}

/// Strip yosys' leading backslash of a public identifier.
fn unescape(name: &str) -> &str {
    name.strip_prefix('\\').unwrap_or(name)
}

/// Parse `stat -json` and return the cells of `module`, counting submodule instances' cells recursively.
pub fn parse_stat_json(text: &str, module: &str) -> Result<Utilisation, FlowError> {
    let error = |message: String| FlowError::Parse { what: "yosys `stat -json` output".into(), message };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| error(format!("not JSON: {e}")))?;
    let modules =
        value.get("modules").and_then(|m| m.as_object()).ok_or_else(|| error("no \"modules\" object".into()))?;
    let mut by_module: BTreeMap<&str, BTreeMap<String, u64>> = BTreeMap::new();
    for (name, stats) in modules {
        let types = stats
            .get("num_cells_by_type")
            .and_then(|t| t.as_object())
            .ok_or_else(|| error(format!("module {name} has no \"num_cells_by_type\"")))?;
        let mut counts = BTreeMap::new();
        for (kind, count) in types {
            if NOT_HARDWARE.contains(&kind.as_str()) {
                continue;
            }
            let count = count.as_u64().ok_or_else(|| error(format!("count of {kind} in {name} is not a number")))?;
            counts.insert(unescape(kind).to_string(), count);
        }
        by_module.insert(unescape(name), counts);
    }
    if !by_module.contains_key(module) {
        let known: Vec<&str> = by_module.keys().copied().collect();
        return Err(error(format!("module {module} not in the statistics (modules: {})", known.join(", "))));
    }
    let mut total = BTreeMap::new();
    expand(module, 1, &by_module, &mut total, 0).map_err(error)?;
    Ok(Utilisation { cells: total })
}

fn expand(
    module: &str,
    multiplier: u64,
    by_module: &BTreeMap<&str, BTreeMap<String, u64>>,
    total: &mut BTreeMap<String, u64>,
    depth: usize,
) -> Result<(), String> {
    if depth > 64 {
        return Err(format!("module hierarchy deeper than 64 levels at {module}"));
    }
    for (kind, count) in &by_module[module] {
        if by_module.contains_key(kind.as_str()) {
            expand(kind, multiplier * count, by_module, total, depth + 1)?;
        } else {
            *total.entry(kind.clone()).or_insert(0) += multiplier * count;
        }
    }
    Ok(())
}
