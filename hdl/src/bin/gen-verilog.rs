//! `gen-verilog`: emits the accelerator's Verilog for a configuration.
//!
//! Placeholder until the accelerator (`aes_ctr_accel`, SPEC §1) lands: it
//! accepts the final command line and says what it cannot do yet, so the
//! README's main command already exists and fails loudly rather than
//! writing a stub design.

use clap::Parser;
use std::path::PathBuf;

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
}

fn main() {
    let args = Args::parse();
    eprintln!(
        "gen-verilog: the top module {} is not implemented yet (config {:?}, out {:?}); \
         the AES engine blocks are emitted by their tests",
        spec::TOP_MODULE,
        args.config,
        args.out
    );
    std::process::exit(2);
}
