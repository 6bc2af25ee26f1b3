//! The checked-in `hdl/generated/aes_ctr_accel.v` and `aes_ctr_accel.config.json` are exactly what
//! `gen-verilog` writes for the embedded default configuration: a drift between the generator and the checked-in file fails
//! here (regenerate with `cargo run --release --bin gen-verilog`).

use hdl::config::{generated_config_path, Config, DEFAULT_YAML};

#[test]
fn checked_in_default_design_matches_the_generator() {
    let config = Config::from_yaml_str(DEFAULT_YAML).expect("embedded default configuration");
    let source = "configs/default.yaml (embedded)";
    let path = hdl::emit::generated_dir().join(hdl::emit::file_name(spec::TOP_MODULE));
    let fresh = hdl::emit::generated_file(&config, source).expect("emit");
    assert_same(&path, &fresh);
    // The configuration file next to it, which the simulation tools read.
    let json = hdl::emit::generated_config(&config, source).expect("configuration file");
    assert_same(&generated_config_path(&path), &json);
    assert_eq!(Config::next_to_verilog(&path).expect("checked-in configuration file"), config);
}

/// `path` holds exactly `fresh`, or the test fails naming the first differing line.
fn assert_same(path: &std::path::Path, fresh: &str) {
    let checked_in = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e} (run `cargo run --release --bin gen-verilog`)", path.display()));
    if fresh != checked_in {
        let line = fresh.lines().zip(checked_in.lines()).position(|(a, b)| a != b);
        panic!(
            "{} differs from the generator (first differing line {:?}; {} vs {} lines): run \
             `cargo run --release --bin gen-verilog`",
            path.display(),
            line.map(|l| l + 1),
            fresh.lines().count(),
            checked_in.lines().count()
        );
    }
}

#[test]
fn generated_top_has_the_spec_ports() {
    let config = Config::default();
    let text = hdl::emit::accelerator_verilog(&config).expect("emit");
    let header = text.lines().find(|l| l.starts_with("module aes_ctr_accel(")).expect("top module");
    for port in ["clk", "rst", "irq", "s_axil_awaddr", "s_axil_rready", "m_axi_awid", "m_axi_wstrb", "m_axi_rready"] {
        assert!(header.contains(&format!("{port},")) || header.contains(&format!("{port});")), "{port}");
    }
    for (decl, port) in [
        ("input wire  [11:0]", "s_axil_awaddr"),
        ("output reg  [63:0]", "m_axi_awaddr"),
        ("output reg  [127:0]", "m_axi_wdata"),
        ("output reg  [15:0]", "m_axi_wstrb"),
        ("input wire  [3:0]", "m_axi_rid"),
        ("output reg  [7:0]", "m_axi_arlen"),
    ] {
        assert!(text.contains(&format!("{decl} {port};")), "{decl} {port}");
    }
}
