//! Key isolation of the emitted default design (issue 17, point 5; `flow::isolation`): no bit the
//! key bytes can influence reaches a register read or the register side, at any depth. The check
//! must fail on broken copies of the design (a check that cannot fail is no check):
//! - the R data register the other requesters read keeps key beats instead of zeroing them;
//! - the descriptor fetcher reads the key reader's register instead of the shared one;
//! - the AXI4-Lite adapter returns the last W data as read data (W data reaching RDATA around
//!   the register file, where the two-copy proof would not see it).
//!
//! About half a minute (yosys flattens the design; the check itself takes a second or two).

use flow::formal::FormalTools;
use flow::isolation::{run, Report};
use flow::tools::{default_target_dir, workspace_root};

fn verilog() -> String {
    std::fs::read_to_string(workspace_root().join("hdl/generated/aes_ctr_accel.v")).expect("checked-in Verilog")
}

fn check(name: &str, text: &str) -> Report {
    let dir = default_target_dir().join("isolation-tests").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("design.v");
    std::fs::write(&file, text).unwrap();
    let tools = FormalTools::locate().unwrap_or_else(|e| panic!("{e}"));
    let report = run(&tools.yosys, &file, &dir.join("work")).unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "{name}: {} seed bits, {} tainted bits; key beats sampled by {:?}; zeroed for key beats: {:?}",
        report.seeds, report.tainted, report.key_samplers, report.sanitised
    );
    for (sink, path) in &report.leaks {
        eprintln!("  reaches {sink}\n    via {}", path.join(" -> "));
    }
    if let Some(path) = &report.write_data_bypass {
        eprintln!("  W data reaches RDATA around the register file: {}", path.join(" -> "));
    }
    report
}

/// `text` with `from` replaced once by `to`; panics if `from` is not in the emitted Verilog.
fn broken(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` is not in the emitted Verilog: update the broken copy");
    text.replacen(from, to, 1)
}

#[test]
fn no_key_bit_reaches_a_register_read() {
    let report = check("design", &verilog());
    assert!(report.isolated(), "key material reaches {:?}", report.leaks);
    // yosys names a flip-flop's output `r_key_data$q` or `r_key_data.q` after flattening.
    let block = |names: &[String]| -> Vec<String> {
        names.iter().map(|n| n.split(['$', '.']).next().unwrap_or_default().to_string()).collect()
    };
    assert_eq!(block(&report.key_samplers), vec!["r_key_data"], "the key beats' flip-flops");
    assert_eq!(block(&report.sanitised), vec!["r_data"], "the shared R data flip-flops");
}

#[test]
fn a_shared_r_data_register_that_keeps_key_beats_fails_the_check() {
    let text = broken(&verilog(), "r_data$d = zero_w;", "r_data$d = m_axi_rdata;");
    let report = check("broken-shared-r-data", &text);
    assert!(!report.isolated(), "the check passed a design whose shared R data register holds key beats");
    assert!(report.leaks.iter().any(|(sink, _)| sink.starts_with("s_axil_rdata")), "{:?}", report.leaks);
}

#[test]
fn a_fetcher_that_reads_the_key_register_fails_the_check() {
    let text = broken(&verilog(), "fetcher$r_data = read_port$r_data;", "fetcher$r_data = r_key_data$q;");
    let report = check("broken-fetcher", &text);
    assert!(!report.isolated(), "the check passed a design whose descriptor fetcher reads key beats");
}

#[test]
fn write_data_read_back_around_the_register_file_fails_the_check() {
    let text =
        broken(&verilog(), "s_axil_rdata = axil$s_axil_rdata;", "s_axil_rdata = axil$s_axil_rdata ^ axil_wdata$q;");
    let report = check("broken-write-data", &text);
    assert!(report.write_data_bypass.is_some(), "the check passed W data read back around the register file");
    assert!(!report.isolated());
}
