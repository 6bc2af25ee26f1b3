//! `regress`: random descriptor streams on an emitted `aes_ctr_accel`, compared with the golden
//! device model by the scoreboard (every memory byte, every completion, the registers).
//!
//! ```text
//! cargo run --release -p aes-ctr-sim --bin regress -- --verilog hdl/generated/aes_ctr_accel.v \
//!     --jobs 2000 --seed 1 [--batch 200] [--max-length 5000] [--stressed | --interconnect] [--no-errors] [--no-faults]
//! ```
//! The configuration comes from the `NAME.config.json` `gen-verilog` writes next to the Verilog. Jobs are run in batches of
//! `--batch` descriptors, each batch a fresh scenario on the same device (re-probed by the driver,
//! which QRESETs the queues) and its own golden model; the memory is an always-ready memory with a
//! 20-cycle read latency, or with `--stressed` a memory with random back-pressure and jittered
//! latencies, or with `--interconnect` that memory answering different IDs out of order with R beats
//! interleaved. Prints per batch and in total: jobs, payload bytes verified, simulated cycles,
//! bytes/cycle, simulated cycles per second. Exit status 1 at the first mismatch (which it prints
//! with the seed to replay, then replays that batch alone on a fresh model with tracing on and names
//! the VCD file, under `--vcd-dir`), 2 for bad arguments.
//!
//! `--faults` runs the fault regression instead (`sim::fault_regression`): batches of up to 15
//! descriptors, about one in three disturbed by a descriptor-fetch fault, a completion-write fault or
//! a QRESET at a random cycle, each compared with the golden model; `--jobs` counts descriptors.
//! Ends with one summary line (descriptors, faults by kind, QRESETs, bytes verified).

use clap::Parser;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use sim::axi_memory::AxiMemoryConfig;
use sim::fault_regression::{run_fault_batch, run_fault_regression};
use sim::scenario::{
    dump_failure_waveform, harness_from_verilog, harness_with_vcd, random_scenario, read_design, run_batches,
    BatchTotals, ScenarioOptions,
};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(about = "Random jobs on an emitted aes_ctr_accel, compared with the golden model")]
struct Args {
    /// The emitted Verilog (a file gen-verilog wrote, with its NAME.config.json next to it).
    #[arg(long)]
    verilog: PathBuf,
    /// Number of descriptors in total.
    #[arg(long, default_value_t = 1000)]
    jobs: usize,
    /// Random seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Descriptors per batch (one golden comparison per batch).
    #[arg(long, default_value_t = 200)]
    batch: usize,
    /// Longest CTR_XOR job in bytes.
    #[arg(long, default_value_t = 5000)]
    max_length: u32,
    /// Random back-pressure and jittered latencies on every AXI channel.
    #[arg(long)]
    stressed: bool,
    /// As --stressed, and R bursts / B responses of different IDs out of order, R beats interleaved.
    #[arg(long, conflicts_with = "stressed")]
    interconnect: bool,
    /// No malformed descriptors.
    #[arg(long)]
    no_errors: bool,
    /// No SLVERR/DECERR.
    #[arg(long)]
    no_faults: bool,
    /// Where the waveform of a failing batch is written (it is replayed alone with tracing on).
    #[arg(long, default_value = "build/regress")]
    vcd_dir: PathBuf,
    /// Run the fault regression (descriptor/completion faults, QRESET at random cycles).
    #[arg(long)]
    faults: bool,
    /// Print descriptor N of the first batch (and the faults near its ranges) instead of running.
    #[arg(long)]
    show: Option<usize>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if args.batch == 0 || args.jobs == 0 {
        eprintln!("regress: --jobs and --batch must be at least 1");
        return ExitCode::from(2);
    }
    let (text, config) = match read_design(&args.verilog) {
        Ok(design) => design,
        Err(e) => {
            eprintln!("regress: {e}");
            return ExitCode::from(2);
        }
    };
    println!("regress: {} ({}), seed = {}", args.verilog.display(), config.short_name(), args.seed);
    let memory = if args.interconnect {
        AxiMemoryConfig::interconnect(args.seed)
    } else if args.stressed {
        AxiMemoryConfig::stressed(args.seed)
    } else {
        AxiMemoryConfig { read_latency: 20, ..AxiMemoryConfig::default() }
    };
    let options = ScenarioOptions {
        max_length: args.max_length,
        descriptor_errors: !args.no_errors,
        bus_faults: !args.no_faults,
        key_descriptors: true,
    };
    if let Some(n) = args.show {
        let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
        let scenario = random_scenario(&mut rng, &config, args.batch.min(args.jobs), options);
        let Some(d) = scenario.descriptors.get(n) else {
            eprintln!("regress: the first batch has {} descriptors", scenario.descriptors.len());
            return ExitCode::from(2);
        };
        println!("descriptor {n}: {d:?}");
        for (start, end, kind, resp) in &scenario.faults {
            let near = |a: u64, len: u64| *start < a.saturating_add(len + 64) && a.saturating_sub(64) < *end;
            if near(d.src, d.length as u64) || near(d.dst, d.length as u64) || near(d.key_addr, 32) {
                println!("fault [{start:#x}, {end:#x}) {kind:?} resp {resp}");
            }
        }
        return ExitCode::SUCCESS;
    }
    let start = Instant::now();
    let h = harness_from_verilog(&text, config.max_burst, memory.clone());
    let build = start.elapsed().as_secs_f64();
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let run_start = Instant::now();
    if args.faults {
        let (totals, outcome) = run_fault_regression(h, &config, &mut rng, args.jobs, options, |batch, b| {
            println!("batch {batch}: {} descriptors, {:?}", b.scenario.descriptors.len(), b.disturbance)
        });
        return match outcome {
            Ok(_) => {
                println!("regress --faults: {}", totals.summary());
                println!(
                    "regress --faults: {:.0} simulated cycles/s (model build/load {build:.1} s)",
                    totals.cycles as f64 / run_start.elapsed().as_secs_f64()
                );
                ExitCode::SUCCESS
            }
            Err(f) => {
                println!(
                    "regress --faults: batch {} (seed {}, {:?}) differs from the golden model: {}",
                    f.batch, args.seed, f.fault_batch.disturbance, f.error
                );
                println!("regress --faults: after {}", totals.summary());
                let vcd = args.vcd_dir.join(format!("regress-faults-seed{}-batch{}.vcd", args.seed, f.batch));
                if let Some(dir) = vcd.parent() {
                    let _ = std::fs::create_dir_all(dir);
                }
                let fresh = harness_with_vcd(&text, config.max_burst, memory, Some(vcd.clone()));
                let replay = run_fault_batch(fresh, &config, &f.fault_batch, &mut Default::default());
                println!(
                    "regress --faults: waveform of the failing batch replayed alone: {} ({})",
                    vcd.display(),
                    match replay {
                        Ok(_) =>
                            "the replay passes: the failure needs the state or back-pressure sequence of the run".into(),
                        Err(e) => format!("the replay fails again: {e}"),
                    }
                );
                ExitCode::FAILURE
            }
        };
    }
    let (_h, outcome) = run_batches(h, &config, &mut rng, args.jobs, args.batch, options, |batch, c| {
        println!(
            "batch {batch}: {} jobs, {} payload bytes, {} bytes compared, {} cycles",
            c.completions, c.payload_bytes, c.report.bytes_compared, c.cycles
        )
    });
    let totals = match outcome {
        Ok(t) => t,
        Err(f) => {
            println!("regress: batch {} (seed {}) differs from the golden model: {}", f.batch, args.seed, f.error);
            let vcd = args.vcd_dir.join(format!("regress-seed{}-batch{}.vcd", args.seed, f.batch));
            println!("regress: {}", dump_failure_waveform(&text, &config, memory, &f.scenario, &vcd));
            return ExitCode::FAILURE;
        }
    };
    let BatchTotals { jobs, payload_bytes: bytes, bytes_compared: compared, cycles, .. } = totals;
    let wall = run_start.elapsed().as_secs_f64();
    println!(
        "regress: {jobs} jobs, {bytes} payload bytes verified ({compared} memory bytes compared), {cycles} simulated \
         cycles, {:.2} bytes/cycle, {:.0} simulated cycles/s (model build/load {build:.1} s)",
        bytes as f64 / cycles.max(1) as f64,
        cycles as f64 / wall
    );
    ExitCode::SUCCESS
}
