//! The estimate flow from any checkout path (issue 19, point 4). The WebAssembly tools (yowasp)
//! map the system's temporary directory to a sandbox of their own, so a checkout or a work
//! directory under `/tmp` used to synthesize and then fail at place and route, unable to open
//! the LPF. The flow now copies every input into the work directory and gives the tools paths
//! relative to it: checked here on the argument construction, and end to end with the real
//! `estimate` binary on a tiny design whose Verilog, LPF and work directory all live under the
//! system's temporary directory (yosys + nextpnr-ecp5, well under a minute).

use flow::implement::{stage_inputs, tool_inputs, FlowOptions, INPUTS_DIR};
use flow::nextpnr::Device;
use flow::tools::workspace_root;
use std::path::{Path, PathBuf};
use std::process::Command;

const LPF: &str = "constraints/ecp5-lfe5u85f.lpf";

/// A directory laid out like a checkout, under the system's temporary directory.
fn temp_checkout(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("aesctr-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("constraints")).unwrap();
    std::fs::create_dir_all(dir.join("rtl")).unwrap();
    std::fs::copy(workspace_root().join(LPF), dir.join(LPF)).unwrap();
    dir
}

fn options(lpf: PathBuf) -> FlowOptions {
    FlowOptions {
        device: Device::LFE5U_85F_CABGA756_6,
        lpf,
        clock: "clk".into(),
        seed: 1,
        run_pnr: true,
        extra_pnr_args: vec!["--placer".into(), "heap".into()],
        synth_options: vec!["-nowidelut".into()],
        reuse: false,
    }
}

const XOR8: &str = "module xor8(input clk, input [7:0] a, input [7:0] b, output reg [7:0] q);\n\
                    always @(posedge clk) q <= a ^ b;\nendmodule\n";

#[test]
fn tools_are_given_only_paths_inside_their_work_directory() {
    let checkout = temp_checkout("args");
    let design = checkout.join("rtl/design.v");
    std::fs::write(&design, XOR8).unwrap();
    let work = checkout.join("target/flow/xor8");
    let options = options(checkout.join(LPF));
    let (verilog, lpf) = stage_inputs(&work, &[(design.clone(), XOR8.to_string())], &options.lpf).unwrap();
    assert_eq!(verilog, [Path::new(INPUTS_DIR).join("0-design.v")]);
    assert_eq!(lpf, Path::new(INPUTS_DIR).join("ecp5-lfe5u85f.lpf"));
    assert_eq!(std::fs::read_to_string(work.join(&verilog[0])).unwrap(), XOR8);
    assert_eq!(std::fs::read(work.join(&lpf)).unwrap(), std::fs::read(&options.lpf).unwrap());

    let inputs = tool_inputs(&verilog, &lpf, "xor8", &options).unwrap();
    let temp = std::env::temp_dir().to_string_lossy().into_owned();
    for (what, text) in [("inspect script", &inputs.inspect_script), ("synth script", &inputs.synth_script)] {
        assert!(!text.contains(&temp) && !text.contains("\"/"), "{what} names a path outside the work dir:\n{text}");
        assert!(text.contains("read_verilog \"inputs/0-design.v\""), "{what}:\n{text}");
    }
    let args: Vec<String> = inputs.pnr_args.iter().map(|a| a.to_string_lossy().into_owned()).collect();
    assert!(args.iter().all(|a| !a.starts_with('/')), "absolute path among nextpnr arguments: {args:?}");
    let after = |flag: &str| args.iter().position(|a| a == flag).map(|i| args[i + 1].as_str());
    assert_eq!(after("--lpf"), Some("inputs/ecp5-lfe5u85f.lpf"));
    assert_eq!(after("--json"), Some("synth.json"));
    assert_eq!(after("--report"), Some("pnr-report.json"));
    assert_eq!(&args[args.len() - 2..], ["--placer", "heap"], "extra nextpnr arguments come last");
    std::fs::remove_dir_all(&checkout).unwrap();
}

#[test]
fn estimate_places_and_routes_a_design_whose_files_are_all_under_the_temporary_directory() {
    let checkout = temp_checkout("estimate");
    let design = checkout.join("rtl/xor8.v");
    std::fs::write(&design, XOR8).unwrap();
    let work = checkout.join("target/flow");
    let output = Command::new(env!("CARGO_BIN_EXE_estimate"))
        .arg("--verilog")
        .arg(&design)
        .args(["--top", "xor8", "--no-bench", "--no-workload", "--no-docs", "--fresh"])
        .arg("--lpf")
        .arg(checkout.join(LPF))
        .arg("--work-dir")
        .arg(&work)
        .arg("--json")
        .arg(checkout.join("estimate.json"))
        .output()
        .expect("run estimate");
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stderr}");
    assert!(output.status.success(), "estimate failed from {}:\n{stderr}", checkout.display());
    assert!(!stderr.contains("Failed to open"), "{stderr}");
    let json = std::fs::read_to_string(checkout.join("estimate.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let text = value.to_string();
    assert!(text.contains("fmax_mhz"), "no Fmax in {json}");
    std::fs::remove_dir_all(&checkout).unwrap();
}
