//! Measures simulation speed, printing simulated cycles per second:
//! - default: the bare Verilator bridge on a 128-bit test pipeline (`tests/dut/wide_pipeline.v`): per
//!   cycle it drives `in_valid` and the 128-bit `in_data` (4 words), ticks the clock (2 evals) and reads
//!   the 128-bit `out_data` back;
//! - `--harness`: the full [`sim::Harness`] (AXI4 memory model with random back-pressure + AXI4 monitor)
//!   around the AXI4 copy master of `tests/dut/axi_master_copy.v`, reset and rerun until `--cycles`.
//!
//! `cargo run --release -p aes-ctr-sim --bin bridge-speed [-- --cycles N] [--harness]`

use clap::Parser;
use sim::axi_memory::AxiMemoryConfig;
use sim::verilator::{Model, Options};
use sim::{Harness, HarnessConfig};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(about = "Simulated cycles per second of the Verilator bridge and of the AXI harness")]
struct Args {
    /// Number of clock cycles to simulate.
    #[arg(long, default_value_t = 10_000_000)]
    cycles: u64,
    /// Measure the whole harness (memory model + monitor) instead of the bare bridge.
    #[arg(long)]
    harness: bool,
}

const PIPELINE: &str = include_str!("../../tests/dut/wide_pipeline.v");
const COPY_MASTER: &str = include_str!("../../tests/dut/axi_master_copy.v");

fn bridge(cycles: u64) -> Result<(), String> {
    let mut model = Model::build_source(PIPELINE, "wide_pipeline", &Options::default()).map_err(|e| e.to_string())?;
    let port = |name: &str| model.port(name).map_err(|e| e.to_string());
    let (rst, in_valid, in_data, key, out_data) =
        (port("rst")?, port("in_valid")?, port("in_data")?, port("key")?, port("out_data")?);
    model.set(rst, 1);
    model.tick();
    model.set(rst, 0);
    model.set_wide(key, &[0x0123_4567, 0x89AB_CDEF, 0xFEDC_BA98, 0x7654_3210]);
    let mut data = [0u32; 4];
    let mut out = [0u32; 4];
    let mut checksum = 0u32;
    let start = Instant::now();
    for i in 0..cycles {
        data[0] = i as u32;
        data[3] = (i as u32).rotate_left(7);
        model.set(in_valid, i & 1);
        model.set_wide(in_data, &data);
        model.tick();
        model.get_wide(out_data, &mut out);
        checksum ^= out[0] ^ out[1] ^ out[2] ^ out[3];
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "bridge: {cycles} cycles of a 128-bit pipeline in {seconds:.3} s: {:.2} M cycles/s (checksum {checksum:08x})",
        cycles as f64 / seconds / 1e6
    );
    Ok(())
}

fn harness(cycles: u64) -> Result<(), String> {
    let config = HarnessConfig {
        build: Options { extra_args: vec!["-GNBURSTS=16".into()], ..Options::default() },
        axil_prefix: None,
        memory: AxiMemoryConfig::stressed(1),
        ..HarnessConfig::default()
    };
    let mut h = Harness::build_source(COPY_MASTER, "axi_master_copy", config).map_err(|e| e.to_string())?;
    let done = h.model().port("done").map_err(|e| e.to_string())?;
    let start = Instant::now();
    let mut runs = 0u64;
    while h.cycle() < cycles {
        h.reset(4).map_err(|e| e.to_string())?;
        h.run_until("copy done", 100_000, |h| h.model().get_bool(done)).map_err(|e| e.to_string())?;
        runs += 1;
    }
    let seconds = start.elapsed().as_secs_f64();
    let stats = h.memory().map(|m| m.stats().clone()).unwrap_or_default();
    println!(
        "harness: {} cycles ({runs} copies of 1 KiB, {} R beats, {} W beats) in {seconds:.3} s: {:.2} M cycles/s",
        h.cycle(),
        stats.read_beats,
        stats.write_beats,
        h.cycle() as f64 / seconds / 1e6
    );
    Ok(())
}

fn main() -> ExitCode {
    let args = Args::parse();
    let result = if args.harness { harness(args.cycles) } else { bridge(args.cycles) };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
