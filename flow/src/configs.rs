//! Configurations: the shipped ones (`configs/*.yaml`), the sweep grid, and
//! emitting a configuration's Verilog with `gen-verilog`.
//!
//! - [`shipped_configs`]: every `configs/*.yaml`, sorted.
//! - [`read_config`]: a configuration file read with the schema crate
//!   `accel_config` (the one `hdl` builds from): a missing field takes the
//!   default configuration's value, so two files describing the same design
//!   compare equal; [`synth_options`] follow from it.
//! - [`sweep_grid`]: architecture (iterative with interleave 1, 2, 3;
//!   unrolled) x (lanes, bus bits) in {(1, 128), (1, 512), (2, 256),
//!   (4, 512)}; other fields from the default configuration. Every point is
//!   written as a YAML file and goes through `gen-verilog`, which refuses a
//!   configuration it cannot build with a message naming the field.
//! - [`gen_verilog`]: `cargo run --release -q -p aes-ctr-hdl --bin gen-verilog
//!   -- --config FILE --out DIR` (or the program named by
//!   `AESCTR_GEN_VERILOG`), expecting `DIR/aes_ctr_accel.v` and the
//!   configuration file next to it (`aes_ctr_accel.config.json`, which the
//!   bench reads).

use crate::error::{io_error, read_text, FlowError};
use crate::process::run_step;
use accel_config::{generated_config_path, Config, SBoxStyle};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Environment variable naming a prebuilt gen-verilog program (instead of `cargo run`).
pub const GEN_ENV: &str = "AESCTR_GEN_VERILOG";
/// The default configuration, relative to the workspace.
pub const DEFAULT_CONFIG: &str = accel_config::DEFAULT_FILE;

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

/// A configuration file read with the schema (`accel_config`): every missing field takes its
/// default from `configs/default.yaml` and every value is checked, so two files describing the same
/// design compare equal, and a bad one is refused naming the file and the field.
pub fn read_config(path: &Path) -> Result<Config, FlowError> {
    parse_config(&read_text(path)?, &path.display().to_string())
}

/// [`read_config`] of the text of a file, named `what` in errors.
pub fn parse_config(text: &str, what: &str) -> Result<Config, FlowError> {
    Config::from_yaml_str(text).map_err(|e| FlowError::Parse { what: what.to_string(), message: e.to_string() })
}

/// The `synth_ecp5` options a configuration is synthesised with: `-nowidelut` for
/// composite-field S-boxes (their XOR/AND network maps onto 76 LUT4 per S-box without wide
/// LUTs, 208 LUT4 + 85 PFUMX + 51 L6MUX21 with them), none for the table (159 LUT4 + 78 PFUMX
/// + 51 L6MUX21 with wide LUTs, 297 LUT4 without) and the ROM.
pub fn synth_options(config: &Config) -> Vec<String> {
    match config.sbox {
        SBoxStyle::Composite => vec!["-nowidelut".to_string()],
        SBoxStyle::Table | SBoxStyle::Rom => Vec::new(),
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
    let config_file = generated_config_path(&top_file);
    let _ = std::fs::remove_file(&top_file);
    let _ = std::fs::remove_file(&config_file);
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
    for file in [&top_file, &config_file] {
        if !file.is_file() {
            return Err(FlowError::Input(format!(
                "gen-verilog succeeded but did not write {} (see {})",
                file.display(),
                log.display()
            )));
        }
    }
    Ok(top_file)
}
