//! Configurations: the shipped ones (`configs/*.yaml`), the sweep grid, and
//! emitting a configuration's Verilog with `gen-verilog`.
//!
//! - [`shipped_configs`]: every `configs/*.yaml`, sorted.
//! - [`Normalised`]: a configuration with every field filled in from
//!   `configs/default.yaml` (the rule of `hdl`'s configuration reader: a
//!   missing field takes the default configuration's value), so two files
//!   describing the same design compare equal.
//! - [`sweep_grid`]: architecture (iterative with interleave 1, 2, 3;
//!   unrolled) x (lanes, bus bits) in {(1, 128), (1, 512), (2, 256),
//!   (4, 512)}; other fields from the default configuration. Every point is
//!   written as a YAML file and goes through `gen-verilog`, which refuses a
//!   configuration it cannot build with a message naming the field.
//! - [`gen_verilog`]: `cargo run --release -q -p aes-ctr-hdl --bin gen-verilog
//!   -- --config FILE --out DIR` (or the program named by
//!   `AESCTR_GEN_VERILOG`), expecting `DIR/aes_ctr_accel.v`.

use crate::error::{io_error, read_text, FlowError};
use crate::process::run_step;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Environment variable naming a prebuilt gen-verilog program (instead of `cargo run`).
pub const GEN_ENV: &str = "AESCTR_GEN_VERILOG";
/// The default configuration, relative to the workspace.
pub const DEFAULT_CONFIG: &str = "configs/default.yaml";

/// Every `configs/*.yaml` of the workspace, sorted by name.
pub fn shipped_configs(workspace: &Path) -> Result<Vec<PathBuf>, FlowError> {
    let dir = workspace.join("configs");
    let entries = std::fs::read_dir(&dir).map_err(|e| io_error(&dir, "list", e))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    Ok(files)
}

/// The name of a configuration file: its stem.
pub fn config_name(path: &Path) -> String {
    path.file_stem().map_or_else(|| path.display().to_string(), |s| s.to_string_lossy().into_owned())
}

/// A configuration's fields, defaults filled in.
#[derive(Clone, Debug, PartialEq)]
pub struct Normalised(pub BTreeMap<String, serde_yaml::Value>);

fn mapping(text: &str, what: &str) -> Result<BTreeMap<String, serde_yaml::Value>, FlowError> {
    let error = |message: String| FlowError::Parse { what: what.to_string(), message };
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| error(e.to_string()))?;
    match value {
        serde_yaml::Value::Null => Ok(BTreeMap::new()),
        serde_yaml::Value::Mapping(m) => m
            .into_iter()
            .map(|(k, v)| match k {
                serde_yaml::Value::String(k) => Ok((k, v)),
                other => Err(error(format!("field name {other:?} is not a string"))),
            })
            .collect(),
        _ => Err(error("expected a mapping of fields".into())),
    }
}

impl Normalised {
    /// `text` over the defaults `default_text`.
    pub fn from_yaml(text: &str, default_text: &str, what: &str) -> Result<Normalised, FlowError> {
        let mut fields = mapping(default_text, DEFAULT_CONFIG)?;
        fields.extend(mapping(text, what)?);
        Ok(Normalised(fields))
    }

    /// The `synth_ecp5` options this configuration is synthesised with: `-nowidelut` for
    /// composite-field S-boxes (their XOR/AND network maps onto 76 LUT4 per S-box without wide
    /// LUTs, 208 LUT4 + 85 PFUMX + 51 L6MUX21 with them), none for the table (159 LUT4 + 78 PFUMX
    /// + 51 L6MUX21 with wide LUTs, 297 LUT4 without).
    pub fn synth_options(&self) -> Vec<String> {
        match self.0.get("sbox").and_then(|v| v.as_str()) {
            Some("composite") => vec!["-nowidelut".to_string()],
            _ => Vec::new(),
        }
    }
}

/// One point of the sweep grid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SweepPoint {
    pub architecture: &'static str,
    /// Pipeline registers inside the iterative round (1 for the unrolled core).
    pub interleave: u32,
    pub lanes: u32,
    pub bus_bits: u32,
}

impl SweepPoint {
    /// E.g. `iterative-k2-l1-b128`, `unrolled-l4-b512`.
    pub fn name(&self) -> String {
        if self.architecture == "iterative" {
            format!("iterative-k{}-l{}-b{}", self.interleave, self.lanes, self.bus_bits)
        } else {
            format!("{}-l{}-b{}", self.architecture, self.lanes, self.bus_bits)
        }
    }

    /// The YAML file of this point (fields not swept come from the default configuration).
    pub fn yaml(&self) -> String {
        let mut text = format!(
            "# Sweep point {} (written by aes-ctr-flow; other fields: {DEFAULT_CONFIG}).\narchitecture: {}\n",
            self.name(),
            self.architecture
        );
        if self.architecture == "iterative" {
            text += &format!("interleave: {}\n", self.interleave);
        }
        text += &format!("lanes: {}\nbus_bits: {}\n", self.lanes, self.bus_bits);
        text
    }
}

/// The sweep grid (see the module documentation).
pub fn sweep_grid() -> Vec<SweepPoint> {
    let cores = [("iterative", 1), ("iterative", 2), ("iterative", 3), ("unrolled", 1)];
    let widths = [(1, 128), (1, 512), (2, 256), (4, 512)];
    let mut grid = Vec::new();
    for (architecture, interleave) in cores {
        for (lanes, bus_bits) in widths {
            grid.push(SweepPoint { architecture, interleave, lanes, bus_bits });
        }
    }
    grid
}

/// Emit the Verilog of `config` into `out_dir`; returns the path of the top file.
pub fn gen_verilog(workspace: &Path, config: &Path, out_dir: &Path, log: &Path) -> Result<PathBuf, FlowError> {
    std::fs::create_dir_all(out_dir).map_err(|e| io_error(out_dir, "create directory", e))?;
    let config = std::path::absolute(config).map_err(|e| io_error(config, "resolve", e))?;
    read_text(&config)?; // a missing or unreadable file is reported here, by name
    let out_dir = std::path::absolute(out_dir).map_err(|e| io_error(out_dir, "resolve", e))?;
    let top_file = out_dir.join(format!("{}.v", spec::TOP_MODULE));
    let _ = std::fs::remove_file(&top_file);
    let mut command = match std::env::var_os(GEN_ENV) {
        Some(program) if !program.is_empty() => Command::new(program),
        _ => {
            let mut c = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
            c.args(["run", "--release", "-q", "-p", "aes-ctr-hdl", "--bin", "gen-verilog", "--"]);
            c
        }
    };
    command.current_dir(workspace).arg("--config").arg(&config).arg("--out").arg(&out_dir);
    run_step("gen-verilog", &mut command, log)?;
    if !top_file.is_file() {
        return Err(FlowError::Input(format!(
            "gen-verilog succeeded but did not write {} (see {})",
            top_file.display(),
            log.display()
        )));
    }
    Ok(top_file)
}
