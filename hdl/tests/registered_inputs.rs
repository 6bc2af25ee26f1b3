//! Every top-level input of the emitted `aes_ctr_accel` goes straight into a flip-flop (or into an
//! `unused_*` sink): in the top module's combinational block, a statement that reads an input port
//! other than `clk` must assign a flip-flop's `d` (`name$d = ...`), an `unused_*` local, be an
//! `if` whose statements all assign flip-flop `d`s, or be the `if (rst)` that clears the sampled
//! handshakes.
//!
//! Why (docs/architecture.md "Registered inputs"): rust-hdl emits each block as one
//! `always @(*)`, so the DMA blocks form block-level combinational cycles (Verilator UNOPTFLAT).
//! Verilator 5.006 evaluated such a cycle with a stale value when an input (ARREADY) changed, and
//! the descriptor fetcher lost a fetch (sim/tests/accel_regressions.rs). With every input
//! registered, the input-combinational region is acyclic.

mod common;

use common::configs;

use hdl::config::Config;

/// The statements of the top module that read an input port (other than `clk`) and are not a
/// flip-flop `d`, an `unused_*` sink or the `if (rst)` line.
fn unregistered_input_reads(verilog: &str) -> Result<Vec<String>, String> {
    let start = verilog.find("module aes_ctr_accel(").ok_or("no aes_ctr_accel module")?;
    let module = &verilog[start..];
    let module = &module[..module.find("endmodule").ok_or("unterminated module")?];
    let inputs: Vec<&str> = module
        .lines()
        .filter(|l| l.trim_start().starts_with("input wire"))
        .filter_map(|l| l.trim().trim_end_matches(';').split_whitespace().last())
        .filter(|name| *name != "clk")
        .collect();
    if inputs.len() < 20 {
        return Err(format!("found only {} input ports: the parser does not match the emitted text", inputs.len()));
    }
    let body = &module[module.find("always @(*) begin").ok_or("no combinational block")?..];
    let reads = |line: &str, name: &str| {
        line.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).any(|word| word == name)
    };
    let samples = |line: &str| {
        let target = line.split(" = ").next().unwrap_or("");
        line.contains(" = ") && (target.ends_with("$d") || target.starts_with("unused_"))
    };
    let lines: Vec<&str> = body.lines().map(str::trim).collect();
    let mut bad = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if !inputs.iter().any(|name| reads(line, name)) {
            continue;
        }
        // An `if` on inputs may only choose what flip-flops sample: every statement up to its
        // `end` assigns a `d` (the key-beat split of the R data, for example).
        let sampling_if = line.starts_with("if (")
            && line.ends_with(" begin")
            && lines[at + 1..].iter().position(|l| *l == "end").is_some_and(|end| {
                let inside = &lines[at + 1..at + 1 + end];
                !inside.is_empty() && inside.iter().all(|l| samples(l))
            });
        if !(samples(line) || sampling_if || *line == "if (rst) begin") {
            bad.push(line.to_string());
        }
    }
    Ok(bad)
}

#[test]
fn top_level_inputs_only_feed_flip_flops() {
    for (name, config) in configs() {
        let verilog = hdl::emit::accelerator_verilog(&config).expect("emit");
        let bad = unregistered_input_reads(&verilog).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(bad.is_empty(), "{name}: top-level inputs read by combinational logic: {bad:#?}");
    }
}

#[test]
fn the_check_catches_an_input_used_combinationally() {
    let config = Config::default();
    let verilog = hdl::emit::accelerator_verilog(&config).expect("emit");
    // What the design looked like before the fix: ARREADY handed straight to the read port.
    let broken = verilog.replacen(
        "ar_accepted$d = read_port$arvalid && m_axi_arready;",
        "ar_accepted$d = read_port$arvalid && m_axi_arready;\n        read_port$ar_accepted = m_axi_arready;",
        1,
    );
    assert_ne!(broken, verilog, "the sampling statement was not found in the emitted Verilog");
    let bad = unregistered_input_reads(&broken).expect("parse");
    assert_eq!(bad, vec!["read_port$ar_accepted = m_axi_arready;".to_string()]);
}
