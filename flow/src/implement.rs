//! Implementing one Verilog design on the ECP5 target: the flow's steps for
//! ANY Verilog file(s) and top module.
//!
//! 1. `inspect` (yosys): read, elaborate, `proc`; list latches (refused with
//!    [`FlowError::Latches`] when there are any) and the top's ports.
//! 2. harness ([`crate::harness`]) written next to the design.
//! 3. `synthesize` (yosys `synth_ecp5`): netlist JSON and `stat -json`; the
//!    design module's cells (harness excluded) become the [`Utilisation`].
//! 4. `place and route` (nextpnr-ecp5, skipped with `run_pnr = false`):
//!    achieved Fmax of the clock from the `--report` JSON (the log's last
//!    "Max frequency" line as a cross-check when the JSON lacks it).
//!
//! Every tool runs in `work_dir` with its script, outputs and log there, and
//! is given only paths relative to it: the Verilog files and the LPF are
//! copied into `work_dir/inputs/` first ([`INPUTS_DIR`]). The WebAssembly
//! tools (yowasp) map the system's temporary directory to a sandbox of their
//! own, so an absolute path under `/tmp` does not reach them; relative paths
//! work wherever the checkout and the work directory are. Progress lines go
//! to stderr (see [`crate::process`]).
//!
//! Results are kept in `work_dir/implementation.json` with a key: the SHA-256
//! of everything that decides them (each Verilog file's text without its plain
//! comments ([`without_comments`]; tool directives such as `synthesis` or
//! `translate_off` comments are kept), the top and
//! clock, the device, the LPF's text, the seed, the synthesis and nextpnr
//! options, both tools' versions and [`FLOW_REVISION`]). A later run with the
//! same key reuses them instead of spending an hour in nextpnr again
//! ([`FlowOptions::reuse`]; `estimate --fresh` turns it off); any change to
//! the design, options or tools runs the tools.
//!
//! API: [`FlowOptions`], [`implement`] -> [`Implementation`].

use crate::error::{read_text, write_text, FlowError};
use crate::harness::{harness_verilog, is_harness_only_path, HARNESS_CLOCK, HARNESS_TOP};
use crate::nextpnr::{parse_log_fmax, parse_report, pnr_args, Device, PnrReport};
use crate::process::run_step;
use crate::tools::Tools;
use crate::yosys::{
    inspect_script, parse_latch_list, parse_latch_warnings, parse_portlist, parse_stat_json, synth_script, Port,
    Utilisation,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// How to implement a design.
#[derive(Clone, Debug)]
pub struct FlowOptions {
    pub device: Device,
    /// The LPF with the clock constraint.
    pub lpf: PathBuf,
    /// Name of the design's clock input port (driven by the harness's `clk`).
    pub clock: String,
    /// nextpnr's placement seed.
    pub seed: u64,
    /// Run place and route (else synthesis only).
    pub run_pnr: bool,
    /// Extra nextpnr-ecp5 arguments (e.g. `--router router2`), appended to [`pnr_args`]'s.
    pub extra_pnr_args: Vec<String>,
    /// Extra `synth_ecp5` options (e.g. `-nowidelut` for composite-field S-boxes).
    pub synth_options: Vec<String>,
    /// Reuse the results kept in the work directory when their key matches (see the module
    /// documentation).
    pub reuse: bool,
}

/// Bumped whenever the flow's scripts or harness change what the tools are given, so that kept
/// results of an older flow are not reused.
pub const FLOW_REVISION: u32 = 2;

/// Directory inside the work directory that holds the copies of the inputs the tools read.
pub const INPUTS_DIR: &str = "inputs";

/// Copy the Verilog texts and the LPF into `work_dir/inputs/` and return their paths relative to
/// `work_dir` (what the tools, which run there, are given): `inputs/<n>-<file name>` for the n-th
/// Verilog file (so two files of the same name stay apart) and `inputs/<lpf file name>`.
pub fn stage_inputs(
    work_dir: &Path,
    sources: &[(PathBuf, String)],
    lpf: &Path,
) -> Result<(Vec<PathBuf>, PathBuf), FlowError> {
    let dir = work_dir.join(INPUTS_DIR);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| crate::error::io_error(&dir, "create directory", e))?;
    let name = |path: &Path, fallback: &str| {
        path.file_name().map_or_else(|| fallback.to_string(), |n| n.to_string_lossy().into_owned())
    };
    let mut verilog = Vec::new();
    for (n, (path, text)) in sources.iter().enumerate() {
        let relative = Path::new(INPUTS_DIR).join(format!("{n}-{}", name(path, "design.v")));
        write_text(work_dir.join(&relative), text)?;
        verilog.push(relative);
    }
    let relative_lpf = Path::new(INPUTS_DIR).join(name(lpf, "constraints.lpf"));
    write_text(work_dir.join(&relative_lpf), &read_text(lpf)?)?;
    Ok((verilog, relative_lpf))
}

/// The yosys inspect and synthesis scripts and the nextpnr arguments [`implement`] gives the tools
/// in `work_dir` (every path in them relative to `work_dir`, see [`stage_inputs`]).
pub struct ToolInputs {
    pub inspect_script: String,
    pub synth_script: String,
    pub pnr_args: Vec<std::ffi::OsString>,
}

/// File names (relative to the work directory) of the flow's intermediate files.
const LATCHES: &str = "latches.txt";
const PORTS: &str = "ports.txt";
const HARNESS: &str = "harness.v";
const NETLIST: &str = "synth.json";
const STAT: &str = "stat.json";
const PNR_REPORT: &str = "pnr-report.json";

/// The tool inputs for `verilog` and `lpf` (paths relative to the work directory) and `top`.
pub fn tool_inputs(verilog: &[PathBuf], lpf: &Path, top: &str, options: &FlowOptions) -> Result<ToolInputs, FlowError> {
    let verilog: Vec<&Path> = verilog.iter().map(PathBuf::as_path).collect();
    Ok(ToolInputs {
        inspect_script: inspect_script(&verilog, top, Path::new(LATCHES), Path::new(PORTS))?,
        synth_script: synth_script(
            &verilog,
            Path::new(HARNESS),
            top,
            HARNESS_TOP,
            &options.synth_options,
            Path::new(NETLIST),
            Path::new(STAT),
        )?,
        pnr_args: pnr_args(&options.device, Path::new(NETLIST), lpf, Path::new(PNR_REPORT), options.seed)
            .into_iter()
            .chain(options.extra_pnr_args.iter().map(Into::into))
            .collect(),
    })
}

/// File in the work directory holding the last results and their key.
pub const KEPT_RESULTS: &str = "implementation.json";

#[derive(Serialize, Deserialize)]
struct Kept {
    key: String,
    implementation: Implementation,
}

/// Results of one design's implementation.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Implementation {
    pub top: String,
    pub verilog: Vec<PathBuf>,
    pub ports: Vec<Port>,
    /// Inferred latches (always empty in a returned result: latches are an error).
    pub latches: Vec<String>,
    /// Cells of the design module (harness excluded).
    pub utilisation: Utilisation,
    pub pnr: Option<PnrReport>,
    /// The critical path lies inside the harness: the design itself is at least this fast.
    pub harness_limited: bool,
    /// Seconds per step.
    pub step_seconds: BTreeMap<String, f64>,
    pub work_dir: PathBuf,
    /// The results were kept from an earlier run with the same key (the tools did not run).
    #[serde(default)]
    pub reused: bool,
}

/// The key of an implementation: SHA-256 over every input that decides its results.
pub fn results_key(tools: &Tools, sources: &[(PathBuf, String)], top: &str, options: &FlowOptions) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    let mut field = |name: &str, value: &str| {
        hash.update(name.as_bytes());
        hash.update((value.len() as u64).to_le_bytes());
        hash.update(value.as_bytes());
    };
    field("flow", &FLOW_REVISION.to_string());
    for (_, text) in sources {
        field("verilog", &without_comments(text));
    }
    field("top", top);
    field("clock", &options.clock);
    field("device", &format!("{:?}", options.device));
    field("lpf", &std::fs::read_to_string(&options.lpf).unwrap_or_default());
    field("seed", &options.seed.to_string());
    field("pnr", &options.run_pnr.to_string());
    field("pnr_args", &options.extra_pnr_args.join("\u{0}"));
    field("synth_options", &options.synth_options.join("\u{0}"));
    field("yosys", &tool_version(&tools.yosys));
    field("nextpnr", &tool_version(&tools.nextpnr_ecp5));
    hex::encode(hash.finalize())
}

/// `text` with its plain comments removed (a `//` comment up to the end of its line, a `/* */`
/// comment whole; line breaks inside comments are kept), so that rewording a comment does not
/// count as a new design. Comments that tools read are kept: those whose text starts with
/// `synthesis`, `synopsys`, `pragma`, `translate`, `verilator`, `yosys` or `lint` (any case).
/// String literals are left alone.
pub fn without_comments(text: &str) -> String {
    const DIRECTIVES: [&str; 7] = ["synthesis", "synopsys", "pragma", "translate", "verilator", "yosys", "lint"];
    let is_directive = |body: &str| {
        let body = body.trim_start().to_ascii_lowercase();
        DIRECTIVES.iter().any(|d| body.starts_with(d))
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let next = rest.find(['"', '/']);
        let Some(at) = next else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('"') {
            // A string literal: copy through the closing quote (backslash escapes skipped).
            let mut end = rest.len();
            let mut escaped = false;
            for (i, c) in rest.char_indices().skip(1) {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, '\\') => escaped = true,
                    (false, '"') => {
                        end = i + 1;
                        break;
                    }
                    _ => {}
                }
            }
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if let Some(body) = rest.strip_prefix("//") {
            let end = body.find('\n').unwrap_or(body.len());
            if is_directive(&body[..end]) {
                out.push_str(&rest[..end + 2]);
            }
            rest = &body[end..];
        } else if let Some(body) = rest.strip_prefix("/*") {
            let end = body.find("*/").map_or(body.len(), |e| e + 2);
            if is_directive(&body[..end]) {
                out.push_str(&rest[..end + 2]);
            } else {
                out.extend(body[..end].chars().filter(|&c| c == '\n'));
            }
            rest = &body[end..];
        } else {
            out.push('/');
            rest = &rest[1..];
        }
    }
    out
}

/// The kept results in `work_dir` when their key is `key`.
fn kept_results(work_dir: &Path, key: &str) -> Option<Implementation> {
    let text = std::fs::read_to_string(work_dir.join(KEPT_RESULTS)).ok()?;
    let kept: Kept = serde_json::from_str(&text).ok()?;
    (kept.key == key).then_some(Implementation { reused: true, ..kept.implementation })
}

/// `true` when `text` declares `module NAME` (followed by whitespace, `(`, `#` or `;`).
pub fn declares_module(text: &str, name: &str) -> bool {
    let needle = format!("module {name}");
    text.match_indices(&needle).any(|(at, _)| {
        let before_ok = at == 0 || text[..at].ends_with(|c: char| c.is_whitespace() || c == ';');
        let after = text[at + needle.len()..].chars().next();
        before_ok && matches!(after, Some(c) if c.is_whitespace() || c == '(' || c == '#' || c == ';')
    })
}

/// Implement `top` from `verilog` in `work_dir`.
pub fn implement(
    tools: &Tools,
    verilog: &[PathBuf],
    top: &str,
    work_dir: &Path,
    options: &FlowOptions,
) -> Result<Implementation, FlowError> {
    if verilog.is_empty() {
        return Err(FlowError::Input("no Verilog file given".into()));
    }
    let mut sources = Vec::new();
    let mut texts = Vec::new();
    let mut found_top = false;
    for file in verilog {
        let absolute = std::path::absolute(file).map_err(|e| crate::error::io_error(file, "resolve", e))?;
        let text = read_text(&absolute)?;
        found_top |= declares_module(&text, top);
        sources.push(absolute.clone());
        texts.push((absolute, text));
    }
    if !found_top {
        let files: Vec<String> = verilog.iter().map(|f| f.display().to_string()).collect();
        return Err(FlowError::Input(format!("top module `{top}` is not declared in {}", files.join(", "))));
    }
    std::fs::create_dir_all(work_dir).map_err(|e| crate::error::io_error(work_dir, "create directory", e))?;
    let key = results_key(tools, &texts, top, options);
    if options.reuse {
        if let Some(kept) = kept_results(work_dir, &key) {
            eprintln!(
                "  reusing {} (same Verilog, options and tools; `--fresh` runs the tools again)",
                work_dir.join(KEPT_RESULTS).display()
            );
            report_utilisation(top, &kept.utilisation);
            if let Some(pnr) = &kept.pnr {
                report_fmax(pnr, kept.harness_limited);
            }
            return Ok(kept);
        }
    }
    let _ = std::fs::remove_file(work_dir.join(KEPT_RESULTS));
    let (staged, lpf) = stage_inputs(work_dir, &texts, &options.lpf)?;
    let inputs = tool_inputs(&staged, &lpf, top, options)?;
    let mut step_seconds = BTreeMap::new();

    // 1. inspect: latches and ports.
    let latches_file = work_dir.join(LATCHES);
    let ports_file = work_dir.join(PORTS);
    write_text(work_dir.join("inspect.ys"), &inputs.inspect_script)?;
    let log = work_dir.join("inspect.log");
    let elapsed =
        run_step("inspect (yosys: elaborate, proc, latches, ports)", &mut yosys(tools, "inspect.ys", work_dir), &log)?;
    step_seconds.insert("inspect".to_string(), elapsed.as_secs_f64());
    let mut latches = parse_latch_warnings(&read_text(&log)?);
    if latches.is_empty() {
        latches = parse_latch_list(&read_text(&latches_file)?);
    }
    if !latches.is_empty() {
        return Err(FlowError::Latches { top: top.to_string(), latches });
    }
    eprintln!("  no latches");
    let ports = parse_portlist(&read_text(&ports_file)?)?;

    // 2. harness.
    write_text(work_dir.join(HARNESS), &harness_verilog(top, &ports, &options.clock)?)?;

    // 3. synthesis.
    let stat = work_dir.join(STAT);
    write_text(work_dir.join("synth.ys"), &inputs.synth_script)?;
    let log = work_dir.join("synth.log");
    let elapsed = run_step("synthesize (yosys synth_ecp5)", &mut yosys(tools, "synth.ys", work_dir), &log)?;
    step_seconds.insert("synthesize".to_string(), elapsed.as_secs_f64());
    let utilisation = parse_stat_json(&read_text(&stat)?, top)?;
    report_utilisation(top, &utilisation);

    // 4. place and route.
    let mut pnr = None;
    let mut harness_limited = false;
    if options.run_pnr {
        let report = work_dir.join(PNR_REPORT);
        let log = work_dir.join("pnr.log");
        let _ = std::fs::remove_file(&report);
        let mut command = Command::new(&tools.nextpnr_ecp5);
        command.current_dir(work_dir).args(&inputs.pnr_args);
        let step = format!(
            "place and route (nextpnr-ecp5 {} {} speed {})",
            options.device.part, options.device.package, options.device.speed
        );
        let elapsed = run_step(&step, &mut command, &log)?;
        step_seconds.insert("place_and_route".to_string(), elapsed.as_secs_f64());
        let figures = parse_report(&read_text(&report)?, HARNESS_CLOCK)?;
        if let Some((_, achieved, _)) = parse_log_fmax(&read_text(&log)?, HARNESS_CLOCK) {
            // The report holds the routed figure; the log's last line must agree to the printed precision.
            if (achieved - figures.fmax_mhz).abs() > 0.01 {
                return Err(FlowError::Parse {
                    what: "nextpnr results".into(),
                    message: format!(
                        "report Fmax {:.2} MHz disagrees with the log's last figure {achieved:.2} MHz",
                        figures.fmax_mhz
                    ),
                });
            }
        }
        if let (Some(from), Some(to)) = (&figures.critical_from, &figures.critical_to) {
            harness_limited = is_harness_only_path(from, to);
        }
        report_fmax(&figures, harness_limited);
        pnr = Some(figures);
    }
    let implementation = Implementation {
        top: top.to_string(),
        verilog: sources,
        ports,
        latches,
        utilisation,
        pnr,
        harness_limited,
        step_seconds,
        work_dir: work_dir.to_path_buf(),
        reused: false,
    };
    let kept = Kept { key, implementation };
    let text = serde_json::to_string_pretty(&kept)
        .map_err(|e| FlowError::Parse { what: "implementation results".into(), message: e.to_string() })?;
    write_text(work_dir.join(KEPT_RESULTS), &text)?;
    Ok(kept.implementation)
}

fn report_utilisation(top: &str, utilisation: &Utilisation) {
    eprintln!(
        "  {top}: {} LUT4, {} FF, {} EBR, {} DSP, {} CCU2C",
        utilisation.lut4(),
        utilisation.flip_flops(),
        utilisation.block_rams(),
        utilisation.multipliers(),
        utilisation.carries()
    );
}

fn report_fmax(figures: &PnrReport, harness_limited: bool) {
    eprintln!(
        "  Fmax {:.2} MHz for {} ({} {:.2} MHz){}",
        figures.fmax_mhz,
        figures.clock_net,
        if figures.meets_constraint() { "meets" } else { "MISSES" },
        figures.constraint_mhz,
        if harness_limited { "; critical path inside the harness" } else { "" }
    );
}

/// yosys running `script` (a path relative to `work_dir`) in `work_dir`.
fn yosys(tools: &Tools, script: &str, work_dir: &Path) -> Command {
    let mut command = Command::new(&tools.yosys);
    command.current_dir(work_dir).arg("-s").arg(script);
    command
}

/// A tool's version for the record, from its `-V` output: `Yosys 0.70 (git sha1 28ba3cb92)`,
/// `nextpnr-0.11.1`; `unknown` when it cannot be run. Each program runs once per process (the
/// WebAssembly tools take seconds to start); later calls return the remembered answer.
pub fn tool_version(program: &Path) -> String {
    use std::sync::{Mutex, OnceLock};
    static VERSIONS: OnceLock<Mutex<BTreeMap<PathBuf, String>>> = OnceLock::new();
    let versions = VERSIONS.get_or_init(Default::default);
    if let Some(version) = versions.lock().unwrap_or_else(|e| e.into_inner()).get(program) {
        return version.clone();
    }
    let version = match Command::new(program).arg("-V").output() {
        Ok(out) => {
            let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
            version_from_output(&text)
        }
        Err(_) => "unknown".to_string(),
    };
    versions.lock().unwrap_or_else(|e| e.into_inner()).insert(program.to_path_buf(), version.clone());
    version
}

/// The version in a `-V` output (see [`tool_version`]).
pub fn version_from_output(text: &str) -> String {
    for line in text.lines().map(str::trim) {
        if let Some(rest) = line.split("(Version ").nth(1) {
            return rest.trim_end_matches(')').to_string();
        }
        if line.starts_with("Yosys ") {
            return match line.split_once(',') {
                Some((head, _)) if head.contains('(') => format!("{head})"),
                Some((head, _)) => head.to_string(),
                None => line.to_string(),
            };
        }
    }
    "unknown".to_string()
}

#[cfg(test)]
mod tests {
    use super::without_comments;

    #[test]
    fn plain_comments_do_not_count_but_directives_and_strings_do() {
        let a = "module m(a); // first wording\n/* block\ncomment */ input a;\nendmodule\n";
        let b = "module m(a); // second wording, longer\n/* other\ntext */ input a;\nendmodule\n";
        assert_eq!(without_comments(a), without_comments(b));
        assert_eq!(without_comments(a), "module m(a); \n\n input a;\nendmodule\n");
        // Logic changes still count.
        assert_ne!(without_comments(a), without_comments(&a.replace("input a", "output a")));
        // Directives are kept, so adding one counts.
        let directive = "// synthesis translate_off\nwire x;\n";
        assert_eq!(without_comments(directive), directive);
        assert_eq!(without_comments("/*verilator no_inline_module*/ x"), "/*verilator no_inline_module*/ x");
        // `//` inside a string literal is not a comment; a division is not one either.
        let text = "initial $display(\"a // b\"); assign q = a / b;\n";
        assert_eq!(without_comments(text), text);
    }
}
