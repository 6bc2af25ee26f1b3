//! `gen-verilog`: emits the accelerator `aes_ctr_accel` (SPEC §1) for a YAML configuration.
//!
//! ```text
//! cargo run --release --bin gen-verilog -- [--config FILE] [--out DIR] [--block NAME]
//! ```
//! Without `--config` the embedded `configs/default.yaml` is used; without `--out` the file goes to
//! `hdl/generated/` (the checked-in default design; a test fails when it drifts from this
//! generator). The output is `DIR/aes_ctr_accel.v`: a banner naming the generator and the
//! configuration, then one self-contained Verilog-2005 design; and next to it
//! `DIR/aes_ctr_accel.config.json`, the resolved configuration and its derived facts (CAPS,
//! stages, key slots; `hdl::emit::generated_config`), which the simulation tools read. With `--block NAME` (one of
//! `hdl::emit::BLOCKS`, e.g. `keystream_engine`) it writes that block alone, top module `NAME`,
//! to `DIR/NAME.v` instead (for measuring a block with yosys; nothing checked in). An invalid configuration is refused
//! with a one-line message naming the field and its allowed values (exit status 2).

use clap::Parser;
use hdl::config::Config;
use std::path::PathBuf;
use std::process::ExitCode;

/// Emit aes_ctr_accel.v for a YAML configuration.
#[derive(Parser, Debug)]
#[command(version, about)]
struct Args {
    /// YAML configuration (default: the embedded configs/default.yaml).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Output directory (default: hdl/generated).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Emit only this block of the design (top module NAME, file NAME.v).
    #[arg(long)]
    block: Option<String>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (config, source) = match &args.config {
        None => match Config::from_yaml_str(hdl::config::DEFAULT_YAML) {
            Ok(c) => (c, "configs/default.yaml (embedded)".to_string()),
            Err(e) => return fail(&format!("embedded default configuration: {e}")),
        },
        Some(path) => match Config::from_file(path) {
            Ok(c) => (c, path.display().to_string()),
            Err(e) => return fail(&e.to_string()),
        },
    };
    let out_dir = args.out.unwrap_or_else(hdl::emit::generated_dir);
    let emitted = match &args.block {
        None => hdl::emit::generated_file(&config, &source)
            .and_then(|v| Ok((v, Some(hdl::emit::generated_config(&config, &source)?)))),
        Some(block) => hdl::emit::block_verilog(block, &config).map(|v| (v, None)),
    };
    let (text, json) = match emitted {
        Ok(t) => t,
        Err(e) => return fail(&e.to_string()),
    };
    if let Err(e) = std::fs::create_dir_all(&out_dir) {
        return fail(&format!("cannot create {}: {e}", out_dir.display()));
    }
    let path = out_dir.join(hdl::emit::file_name(args.block.as_deref().unwrap_or(spec::TOP_MODULE)));
    let mut files = vec![(path.clone(), text)];
    if let Some(json) = json {
        files.push((hdl::config::generated_config_path(&path), json));
    }
    for (file, text) in files {
        if let Err(e) = std::fs::write(&file, text) {
            return fail(&format!("cannot write {}: {e}", file.display()));
        }
        println!("gen-verilog: wrote {} ({})", file.display(), config.short_name());
    }
    ExitCode::SUCCESS
}

fn fail(message: &str) -> ExitCode {
    eprintln!("gen-verilog: {message}");
    ExitCode::from(2)
}
