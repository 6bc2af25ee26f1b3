//! `estimate`: area, Fmax and throughput of accelerator configurations (or of
//! any Verilog file), and the crypto_pyaes workload model.
//!
//! ```text
//! cargo run --release -p aes-ctr-flow --bin estimate -- [--config FILE ...] [--json OUT] [--sweep]
//! cargo run --release -p aes-ctr-flow --bin estimate -- --verilog FILE --top MODULE [--verilog ... --top ...]
//! ```
//!
//! Per configuration (default: every `configs/*.yaml`): gen-verilog, yosys
//! (latches, synth_ecp5), nextpnr-ecp5 (Fmax), sim's `accel-bench` under
//! Verilator (cycles, bytes/cycle). Then the workload model (pyaes and AES-NI
//! measured here, the accelerator from cycles and Fmax). `--workload-only`
//! times pyaes and AES-NI alone. Results: Markdown tables on
//! stdout and between the generated-section markers of `docs/estimates.md`,
//! JSON with `--json`, and with `--sweep` a grid of configurations and
//! `docs/pareto.svg` (Gbit/s at Fmax against LUT4, Pareto front drawn,
//! shipped configurations marked). Progress lines go to stderr.
//!
//! A run over some configurations keeps the rows of the other shipped
//! configurations in the configurations table, verbatim and with the run
//! that produced them (`flow::carry`; `--no-carry-over` writes only this
//! run's rows).
//!
//! Duration on 2 cores: a whole configuration takes 1 to 5 minutes to
//! synthesise and 30 to 80 minutes to place and route (router1 resolving
//! congestion; on 2026-12-02 wide took 33 min, iterative-k2 78 min); small
//! blocks take seconds.
//!
//! Exit status: 0 when every design was implemented and simulated, 1
//! otherwise (each failure is reported and the remaining designs still run),
//! 2 on a command line clap rejects.

use accel_config::Config;
use clap::Parser;
use flow::bench::{run_bench, BenchOutcome, Throughput};
use flow::carry::{carried_rows, merge_rows, provenance_lines, CarriedRow};
use flow::configs::{config_name, gen_verilog, parse_config, read_config, shipped_configs, sweep_grid, synth_options};
use flow::error::{read_text, write_text};
use flow::implement::{implement, tool_version, FlowOptions};
use flow::markdown::{begin_marker, section, splice};
use flow::nextpnr::Device;
use flow::pareto::{pareto_front, Point};
use flow::report::{
    estimates_table, today, workload_markdown, DesignKind, DesignResult, RunInfo, ESTIMATES_HEADERS, GBIT_COLUMN,
};
use flow::tools::{default_target_dir, workspace_root, Tools};
use flow::workload::{
    accelerator_model, measure_aes_ni, measure_pyaes, AcceleratorModel, HostOverhead, Machine, KEY_BITS, PHRASE, REPEAT,
};
use flow::FlowError;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Area, Fmax and throughput estimates on an ECP5 LFE5U-85F-6 (yosys + nextpnr-ecp5).
#[derive(Parser, Debug)]
#[command(about, long_about = None)]
struct Args {
    /// Configuration file(s) to estimate (default: every configs/*.yaml).
    #[arg(long = "config", value_name = "FILE")]
    configs: Vec<PathBuf>,
    /// Estimate a Verilog file instead of configurations (repeatable; pair each with --top).
    #[arg(long = "verilog", value_name = "FILE")]
    verilog: Vec<PathBuf>,
    /// Top module of each --verilog file (one for all, or one per file).
    #[arg(long = "top", value_name = "MODULE")]
    tops: Vec<String>,
    /// Also measure the sweep grid and draw docs/pareto.svg.
    #[arg(long)]
    sweep: bool,
    /// Write every result as JSON to this file.
    #[arg(long, value_name = "OUT")]
    json: Option<PathBuf>,
    /// Clock input port of the design(s), one for all or one per --verilog file (default `clk`; the
    /// harness drives it from its `clk` pin, which the constraints name).
    #[arg(long = "clock", value_name = "PORT")]
    clocks: Vec<String>,
    /// LPF clock constraint for nextpnr (default: constraints/ecp5-lfe5u85f.lpf).
    #[arg(long, value_name = "FILE")]
    lpf: Option<PathBuf>,
    /// nextpnr placement seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Extra argument for nextpnr-ecp5, repeatable (e.g. `--pnr-arg=--router --pnr-arg=router2`).
    #[arg(long = "pnr-arg", value_name = "ARG", allow_hyphen_values = true)]
    pnr_args: Vec<String>,
    /// Synthesis only (no place and route, no Fmax).
    #[arg(long)]
    synth_only: bool,
    /// Extra synth_ecp5 option for --verilog designs, repeatable (e.g. `--synth-arg=-nowidelut`);
    /// configurations choose their own (`-nowidelut` for `sbox: composite`).
    #[arg(long = "synth-arg", value_name = "ARG", allow_hyphen_values = true)]
    synth_args: Vec<String>,
    /// Run the tools even when a design's results are kept from an earlier run with the same
    /// Verilog, options and tool versions (`<work dir>/<design>/implementation.json`).
    #[arg(long)]
    fresh: bool,
    /// Do not run the sim bench (throughput n/a).
    #[arg(long)]
    no_bench: bool,
    /// Do not run the crypto_pyaes workload model.
    #[arg(long)]
    no_workload: bool,
    /// Only time pyaes and AES-NI (no design; the accelerator's side stays n/a).
    #[arg(long, conflicts_with_all = ["configs", "verilog", "sweep", "no_workload"])]
    workload_only: bool,
    /// Iterations of pyaes to time.
    #[arg(long, default_value_t = 5)]
    pyaes_iterations: usize,
    /// Per-job host overhead in ns (replaces the stated PCIe model).
    #[arg(long, value_name = "NS")]
    host_overhead_ns: Option<f64>,
    /// Write only this run's designs into the configurations table. By default the rows of
    /// shipped configurations not measured in this run are kept from the current table, verbatim,
    /// with a line naming the run that produced them.
    #[arg(long)]
    no_carry_over: bool,
    /// Do not touch docs/ (tables go to stdout only).
    #[arg(long)]
    no_docs: bool,
    /// Document holding the generated sections.
    #[arg(long, value_name = "FILE")]
    docs: Option<PathBuf>,
    /// Work directory (default: <cargo target dir>/flow).
    #[arg(long, value_name = "DIR")]
    work_dir: Option<PathBuf>,
}

/// Generated sections of docs/estimates.md.
const SECTION_CONFIGS: &str = "configurations";
const SECTION_BLOCKS: &str = "blocks";
const SECTION_SWEEP: &str = "sweep";
const SECTION_WORKLOAD: &str = "workload";

struct DesignSpec {
    result: DesignResult,
    /// synth_ecp5 options of this design.
    synth_options: Vec<String>,
    /// Configuration file (Config, Sweep).
    config: Option<PathBuf>,
    /// Verilog file, top and clock port (Verilog).
    verilog: Option<(PathBuf, String, String)>,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    run: &'a RunInfo,
    designs: &'a [DesignResult],
    pareto_front: Vec<String>,
    /// Rows of the configurations table kept from an earlier run.
    carried_over: &'a [CarriedRow],
    workload: Option<WorkloadOut<'a>>,
}

#[derive(Serialize)]
struct WorkloadOut<'a> {
    machine: Option<&'a Machine>,
    pyaes: Option<&'a flow::workload::PyaesTiming>,
    pyaes_error: Option<&'a str>,
    aes_ni: Option<&'a flow::workload::AesNiTiming>,
    host_overhead: &'a HostOverhead,
    accelerators: &'a [AcceleratorModel],
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn designs(args: &Args, workspace: &Path, work_root: &Path) -> Result<Vec<DesignSpec>, FlowError> {
    let mut specs = Vec::new();
    if args.workload_only {
        return Ok(specs);
    }
    if !args.verilog.is_empty() {
        if !args.configs.is_empty() || args.sweep {
            return Err(FlowError::Input("--verilog cannot be combined with --config or --sweep".into()));
        }
        let per_file = |values: &[String], default: &str, flag: &str| -> Result<Vec<String>, FlowError> {
            match values.len() {
                0 => Ok(vec![default.to_string(); args.verilog.len()]),
                1 => Ok(vec![values[0].clone(); args.verilog.len()]),
                n if n == args.verilog.len() => Ok(values.to_vec()),
                n => Err(FlowError::Input(format!(
                    "{} --verilog files but {n} {flag} values: give one {flag} for all or one per file",
                    args.verilog.len()
                ))),
            }
        };
        let tops = per_file(&args.tops, spec::TOP_MODULE, "--top")?;
        let clocks = per_file(&args.clocks, "clk", "--clock")?;
        for ((file, top), clock) in args.verilog.iter().zip(tops).zip(clocks) {
            let result = DesignResult::new(&top, DesignKind::Verilog, file.clone(), false);
            specs.push(DesignSpec {
                result,
                synth_options: args.synth_args.clone(),
                config: None,
                verilog: Some((file.clone(), top, clock)),
            });
        }
        return Ok(specs);
    }
    if !args.tops.is_empty() {
        return Err(FlowError::Input("--top applies to --verilog files only".into()));
    }
    if !args.synth_args.is_empty() {
        return Err(FlowError::Input(
            "--synth-arg applies to --verilog files only (configurations choose theirs from `sbox`)".into(),
        ));
    }
    if args.clocks.len() > 1 {
        return Err(FlowError::Input("configurations have one clock; give at most one --clock".into()));
    }
    let shipped = shipped_configs(workspace)?;
    let shipped_normalised: Vec<(PathBuf, Config)> =
        shipped.iter().map(|p| Ok((p.clone(), read_config(p)?))).collect::<Result<_, FlowError>>()?;
    let chosen = if args.configs.is_empty() { shipped.clone() } else { args.configs.clone() };
    for path in chosen {
        let own = read_config(&path)?;
        let is_shipped = shipped_normalised.iter().any(|(_, n)| *n == own);
        let result = DesignResult::new(&config_name(&path), DesignKind::Config, path.clone(), is_shipped);
        specs.push(DesignSpec { result, synth_options: synth_options(&own), config: Some(path), verilog: None });
    }
    if args.sweep {
        // The shipped configurations are points of the plot too.
        for (path, own) in &shipped_normalised {
            if !specs.iter().any(|s| s.config.as_deref() == Some(path.as_path())) {
                let result = DesignResult::new(&config_name(path), DesignKind::Config, path.clone(), true);
                specs.push(DesignSpec {
                    result,
                    synth_options: synth_options(own),
                    config: Some(path.clone()),
                    verilog: None,
                });
            }
        }
        let dir = work_root.join("sweep-configs");
        for point in sweep_grid() {
            let text = point.yaml();
            let own = parse_config(&text, &point.name())?;
            if let Some((path, _)) = shipped_normalised.iter().find(|(_, n)| *n == own) {
                eprintln!("sweep: {} is the shipped {}", point.name(), path.display());
                continue;
            }
            let path = dir.join(format!("{}.yaml", point.name()));
            write_text(&path, &text)?;
            let result = DesignResult::new(&point.name(), DesignKind::Sweep, path.clone(), false);
            specs.push(DesignSpec { result, synth_options: synth_options(&own), config: Some(path), verilog: None });
        }
    }
    Ok(specs)
}

fn run(args: Args) -> Result<bool, FlowError> {
    let workspace = workspace_root();
    let lpf = args.lpf.clone().unwrap_or_else(|| workspace.join("constraints/ecp5-lfe5u85f.lpf"));
    let lpf = std::path::absolute(&lpf).map_err(|e| flow::error::io_error(&lpf, "resolve", e))?;
    read_text(&lpf)?;
    let work_root = args.work_dir.clone().unwrap_or_else(|| default_target_dir().join("flow"));
    let options = FlowOptions {
        device: Device::LFE5U_85F_CABGA756_6,
        lpf: lpf.clone(),
        clock: args.clocks.first().cloned().unwrap_or_else(|| "clk".to_string()),
        seed: args.seed,
        run_pnr: !args.synth_only,
        extra_pnr_args: args.pnr_args.clone(),
        synth_options: Vec::new(),
        reuse: !args.fresh,
    };
    let mut specs = designs(&args, &workspace, &work_root)?;
    let tools = Tools::locate()?;
    let device = options.device;
    let run_info = RunInfo {
        date: today(),
        command: format!("estimate {}", std::env::args().skip(1).collect::<Vec<_>>().join(" ")).trim().to_string(),
        yosys: tool_version(&tools.yosys),
        nextpnr: tool_version(&tools.nextpnr_ecp5),
        device: format!("{} ({}, speed grade {})", device.part, device.package, device.speed),
        constraints: lpf.strip_prefix(&workspace).unwrap_or(&lpf).display().to_string(),
        seed: args.seed,
    };
    eprintln!("{}", run_info.markdown().trim());

    let total = specs.len();
    let mut all_ok = true;
    for (index, spec) in specs.iter_mut().enumerate() {
        let name = spec.result.name.clone();
        eprintln!("== [{}/{total}] {name}", index + 1);
        let dir = work_root.join(&name);
        let verilog = match (&spec.config, &spec.verilog) {
            (Some(config), _) => {
                match gen_verilog(&workspace, config, &dir.join("verilog"), &dir.join("gen-verilog.log")) {
                    Ok(file) => Some((file, spec::TOP_MODULE.to_string(), options.clock.clone())),
                    Err(e) => {
                        eprintln!("error: {name}: {e}");
                        spec.result.error = Some(e.summary());
                        None
                    }
                }
            }
            (None, Some((file, top, clock))) => Some((file.clone(), top.clone(), clock.clone())),
            (None, None) => None,
        };
        let Some((file, top, clock)) = verilog else {
            all_ok = false;
            continue;
        };
        let design_options = FlowOptions { clock, synth_options: spec.synth_options.clone(), ..options.clone() };
        match implement(&tools, std::slice::from_ref(&file), &top, &dir, &design_options) {
            Ok(implementation) => spec.result.implementation = Some(implementation),
            Err(e) => {
                eprintln!("error: {name}: {e}");
                spec.result.error = Some(e.summary());
                all_ok = false;
            }
        }
        // Cycles do not depend on synthesis: simulate even when implementation failed.
        match (&spec.config, args.no_bench) {
            (Some(_), false) => match run_bench(&workspace, &file, &dir.join("bench.out"), &dir.join("bench.log")) {
                Ok(BenchOutcome::Measured(measurements)) => {
                    spec.result.throughput = Throughput::from_measurements(&measurements);
                    spec.result.bench = measurements;
                }
                Ok(BenchOutcome::Unavailable(why)) => {
                    spec.result.throughput_note = Some(format!("throughput n/a: {why}"))
                }
                Err(e) => {
                    eprintln!("error: {name}: {e}");
                    spec.result.throughput_note = Some(format!("throughput n/a: {}", e.summary()));
                    all_ok = false;
                }
            },
            (Some(_), true) => spec.result.throughput_note = Some("throughput not simulated (--no-bench)".into()),
            (None, _) => {}
        }
    }
    let results: Vec<DesignResult> = specs.into_iter().map(|s| s.result).collect();

    // Workload model.
    let verilog_mode = !args.verilog.is_empty();
    let overhead = args.host_overhead_ns.map_or_else(HostOverhead::pcie, HostOverhead::given);
    let mut pyaes = None;
    let mut pyaes_error = None;
    let mut aes_ni = None;
    let mut accelerators = Vec::new();
    let mut missing = Vec::new();
    let run_workload = !args.no_workload && !verilog_mode;
    let mut machine = None;
    if run_workload {
        eprintln!("== workload model (crypto_pyaes)");
        machine = Some(Machine::now());
        match tools.python().and_then(|python| measure_pyaes(&python, args.pyaes_iterations)) {
            Ok(p) => pyaes = Some(p),
            Err(e) => {
                eprintln!("error: pyaes: {e}");
                pyaes_error = Some(e.to_string());
            }
        }
        eprintln!("  AES-NI (RustCrypto aes + ctr) ...");
        match measure_aes_ni() {
            Ok(a) => aes_ni = Some(a),
            Err(e) => eprintln!("error: AES-NI: {e}"),
        }
        let job_bytes = (PHRASE.len() * REPEAT) as u64;
        for r in &results {
            let Some(fmax) = r.fmax_mhz() else {
                missing.push((r.name.clone(), "no achieved Fmax".to_string()));
                continue;
            };
            let Some(t) = r.throughput_for(KEY_BITS) else {
                missing.push((r.name.clone(), "no simulated AES-128 cycles".to_string()));
                continue;
            };
            let Some(cycles) = t.cycles_for(&r.bench, job_bytes) else {
                missing.push((r.name.clone(), "no simulated cycles for a 23,000-byte job (one size only)".to_string()));
                continue;
            };
            let line = t.fit.map(|f| (f.fixed_cycles, f.bytes_per_cycle));
            accelerators.push(accelerator_model(
                &r.name,
                fmax,
                cycles,
                line,
                &overhead,
                pyaes.as_ref(),
                aes_ni.as_ref(),
            ));
        }
    }

    // Rows of shipped configurations this run did not measure, kept from the current table.
    let docs_path = args.docs.clone().unwrap_or_else(|| workspace.join("docs/estimates.md"));
    let config_mode = !args.sweep && !args.workload_only && !verilog_mode;
    let shipped_names: Vec<String> =
        if config_mode { shipped_configs(&workspace)?.iter().map(|p| config_name(p)).collect() } else { Vec::new() };
    let carried =
        if config_mode && !args.no_carry_over { carry_over(&docs_path, &results, &shipped_names) } else { Vec::new() };

    // Pareto front (sweep).
    let mut points: Vec<Point> = results
        .iter()
        .filter_map(|r| {
            Some(Point {
                label: r.name.clone(),
                luts: r.luts()? as f64,
                throughput: r.gbit_per_second(KEY_BITS)?,
                shipped: r.shipped,
            })
        })
        .collect();
    points.extend(carried.iter().filter_map(|row| {
        Some(Point {
            label: row.name.clone(),
            luts: row.luts(&ESTIMATES_HEADERS)? as f64,
            throughput: row.number(&ESTIMATES_HEADERS, GBIT_COLUMN)?,
            shipped: true,
        })
    }));
    let front = pareto_front(&points);

    // Outputs.
    let header = format!("{}{}", run_info.markdown(), provenance_lines(&carried));
    let table = if carried.is_empty() {
        estimates_table(&results)
    } else {
        let names: Vec<String> = results.iter().map(|r| r.name.clone()).collect();
        merge_rows(&estimates_table(&results), &names, &carried, &shipped_names)
    };
    if !results.is_empty() || !carried.is_empty() {
        println!("{header}\n{table}");
    }
    let workload_text = machine.as_ref().map(|machine| {
        workload_markdown(
            machine,
            pyaes.as_ref(),
            pyaes_error.as_deref(),
            aes_ni.as_ref(),
            &overhead,
            &accelerators,
            &missing,
        )
    });
    if let Some(text) = &workload_text {
        println!("{text}");
    }
    // The plot: throughput at Fmax against LUT4 of every measured point, the front drawn and the
    // shipped configurations marked; docs/pareto.svg for a sweep, docs/configurations.svg for the
    // configurations alone.
    let docs_dir =
        args.docs.as_ref().and_then(|d| d.parent().map(Path::to_path_buf)).unwrap_or_else(|| workspace.join("docs"));
    let plot_file = if args.sweep { "pareto.svg" } else { "configurations.svg" };
    let names: Vec<&str> = front.iter().map(|&i| points[i].label.as_str()).collect();
    let front_line = format!(
        "Pareto front (Gbit/s AES-128 at Fmax against LUT4): {}.\n\n![throughput against LUT4]({plot_file})\n",
        if names.is_empty() { "no measured points".to_string() } else { names.join(" → ") }
    );
    let plot_text = (!verilog_mode && (!results.is_empty() || !carried.is_empty())).then(|| {
        flow::svg::pareto_svg(
            "AES-CTR accelerator on LFE5U-85F-6: throughput against area",
            "LUT4",
            "Gbit/s at achieved Fmax (AES-128)",
            &points,
            &front,
        )
    });
    if let Some(svg) = &plot_text {
        println!("{front_line}");
        if !args.no_docs {
            let svg_path = docs_dir.join(plot_file);
            write_text(&svg_path, svg)?;
            eprintln!("wrote {}", svg_path.display());
        }
    }
    let sweep_text = args.sweep.then(|| format!("{header}\n{table}\n{front_line}"));
    if let Some(json) = &args.json {
        let out = JsonOut {
            run: &run_info,
            designs: &results,
            pareto_front: front.iter().map(|&i| points[i].label.clone()).collect(),
            carried_over: &carried,
            workload: run_workload.then_some(WorkloadOut {
                machine: machine.as_ref(),
                pyaes: pyaes.as_ref(),
                pyaes_error: pyaes_error.as_deref(),
                aes_ni: aes_ni.as_ref(),
                host_overhead: &overhead,
                accelerators: &accelerators,
            }),
        };
        let text = serde_json::to_string_pretty(&out)
            .map_err(|e| FlowError::Parse { what: "results".into(), message: e.to_string() })?;
        write_text(json, &text)?;
        eprintln!("wrote {}", json.display());
    }
    if !args.no_docs {
        let docs = &docs_path;
        let configs_section = format!("{header}\n{table}\n{front_line}");
        let workload_section = workload_text.as_ref().map(|text| format!("{}.\n\n{text}", run_info.generated_by()));
        let mut doc = read_text(docs)?;
        if args.sweep {
            if let Some(text) = &sweep_text {
                doc = splice(&doc, SECTION_SWEEP, text)?;
            }
        } else if args.workload_only {
            // Only the workload section changes.
        } else if verilog_mode {
            doc = splice(&doc, SECTION_BLOCKS, &format!("{header}\n{table}"))?;
        } else {
            doc = splice(&doc, SECTION_CONFIGS, &configs_section)?;
        }
        if let Some(section) = &workload_section {
            doc = splice(&doc, SECTION_WORKLOAD, section)?;
        }
        write_text(docs, &doc)?;
        eprintln!("wrote {}", docs.display());
        // The proposal quotes the same generated sections where it has their markers.
        let proposal = docs_dir.join("proposal.md");
        if let Ok(mut text) = std::fs::read_to_string(&proposal) {
            let before = text.clone();
            if config_mode && text.contains(&begin_marker(SECTION_CONFIGS)) {
                text = splice(&text, SECTION_CONFIGS, &configs_section)?;
            }
            if let Some(section) = &workload_section {
                if text.contains(&begin_marker(SECTION_WORKLOAD)) {
                    text = splice(&text, SECTION_WORKLOAD, section)?;
                }
            }
            if text != before {
                write_text(&proposal, &text)?;
                eprintln!("wrote {}", proposal.display());
            }
        }
    }
    Ok(all_ok)
}

/// The rows of `docs`' configurations table for shipped configurations that `results` does not
/// cover (see [`flow::carry`]); a table that cannot be read carries nothing and says why.
fn carry_over(docs: &Path, results: &[DesignResult], shipped: &[String]) -> Vec<CarriedRow> {
    let Ok(doc) = std::fs::read_to_string(docs) else {
        return Vec::new();
    };
    let Some(text) = section(&doc, SECTION_CONFIGS) else {
        return Vec::new();
    };
    let rows = match carried_rows(text, &ESTIMATES_HEADERS) {
        Ok(rows) => rows,
        Err(why) => {
            eprintln!("note: no rows carried over from {}: {why}", docs.display());
            return Vec::new();
        }
    };
    let carried: Vec<CarriedRow> = rows
        .into_iter()
        .filter(|row| shipped.contains(&row.name) && !results.iter().any(|r| r.name == row.name))
        .collect();
    for row in &carried {
        eprintln!("{}: row carried over from {} (generated {})", row.name, docs.display(), row.provenance);
    }
    carried
}
