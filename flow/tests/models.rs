//! The timing harness generator, the sweep grid and configuration
//! normalisation, the sim bench's JSON and throughput arithmetic, and the
//! crypto_pyaes model (AES-CTR correctness, overhead, break-even).
//! Nothing here measures time.

use flow::bench::{jobs_of, least_squares, parse_bench_output, LinearFit, Measurement, Throughput};
use flow::configs::{parse_config, read_config, shipped_configs, sweep_grid, DEFAULT_CONFIG};
use flow::harness::{harness_verilog, HARNESS_TOP};
use flow::report::gbit_per_second;
use flow::tools::workspace_root;
use flow::workload::{
    accelerator_model, aes_ni_cost, break_even, cleartext, ctr_xor, initial_counter, BreakEven, HostOverhead,
    LinearCost, KEY,
};
use flow::yosys::{Direction, Port};
use flow::FlowError;

fn port(name: &str, direction: Direction, width: u32) -> Port {
    Port { name: name.into(), direction, width }
}

#[test]
fn harness_registers_every_port_bit_and_reduces_outputs_four_per_stage() {
    let ports = [
        port("clk", Direction::Input, 1),
        port("rst", Direction::Input, 1),
        port("data_in", Direction::Input, 20),
        port("data_out", Direction::Output, 17),
        port("ready", Direction::Output, 1),
    ];
    let v = harness_verilog("engine", &ports, "clk").unwrap();
    assert!(v.contains(&format!("module {HARNESS_TOP} (input wire clk,")));
    // 21 input bits (clock excluded) in one shift register.
    assert!(v.contains("reg [20:0] flow_harness_in_chain;"));
    assert!(v.contains("flow_harness_in_chain <= {flow_harness_in_chain[19:0], flow_harness_in};"));
    // 18 output bits -> 5 -> 2 -> 1.
    assert!(v.contains("reg [17:0] flow_harness_out_q;"));
    assert!(v.contains("reg [4:0] flow_harness_xor1;"));
    assert!(v.contains("flow_harness_xor1[4] <= ^flow_harness_out_q[17:16];"));
    assert!(v.contains("reg [1:0] flow_harness_xor2;"));
    assert!(v.contains("reg [0:0] flow_harness_xor3;"));
    assert!(!v.contains("flow_harness_xor4"));
    assert!(v.contains("assign flow_harness_out = flow_harness_xor3[0];"));
    // Ports connected by name, slices in order.
    assert!(v.contains(".clk(clk)"));
    assert!(v.contains(".rst(flow_harness_in_chain[0:0])"));
    assert!(v.contains(".data_in(flow_harness_in_chain[20:1])"));
    assert!(v.contains(".data_out(flow_harness_dut_out[16:0])"));
    assert!(v.contains(".ready(flow_harness_dut_out[17:17])"));
}

#[test]
fn harness_edge_cases() {
    // One input bit, one output bit: no reduction stage at all.
    let v = harness_verilog(
        "m",
        &[port("clk", Direction::Input, 1), port("d", Direction::Input, 1), port("q", Direction::Output, 1)],
        "clk",
    )
    .unwrap();
    assert!(v.contains("flow_harness_in_chain <= flow_harness_in;"));
    assert!(v.contains("assign flow_harness_out = flow_harness_out_q[0];"));
    // Names that are not simple identifiers are escaped.
    let v =
        harness_verilog("m.x", &[port("clk", Direction::Input, 1), port("a.b", Direction::Output, 2)], "clk").unwrap();
    assert!(v.contains("\\m.x  dut ("));
    assert!(v.contains(".\\a.b (flow_harness_dut_out[1:0])"));
    assert!(!v.contains("flow_harness_in_chain"), "no inputs besides the clock: no shift register");
}

#[test]
fn harness_refuses_what_it_cannot_wrap() {
    let e = |ports: &[Port], clock: &str| harness_verilog("m", ports, clock).unwrap_err().to_string();
    let q = port("q", Direction::Output, 1);
    assert!(
        e(&[port("clock", Direction::Input, 1), q.clone()], "clk").contains("no clock port `clk` (ports: clock, q)")
    );
    assert!(e(&[port("clk", Direction::Input, 2), q.clone()], "clk").contains("2-bit"));
    assert!(
        e(&[port("clk", Direction::Input, 1), port("io", Direction::Inout, 1), q], "clk").contains("inout port `io`")
    );
    assert!(e(&[port("clk", Direction::Input, 1), port("d", Direction::Input, 1)], "clk").contains("no outputs"));
}

#[test]
fn sweep_grid_points_are_distinct_and_fit_their_bus() {
    let grid = sweep_grid();
    assert_eq!(grid.len(), 16);
    let mut names: Vec<String> = grid.iter().map(|p| p.name()).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), grid.len());
    for p in &grid {
        assert!(p.lanes * 128 <= p.bus_bits, "{}", p.name());
        let yaml: serde_yaml::Value = serde_yaml::from_str(&p.yaml()).unwrap();
        assert_eq!(yaml["architecture"].as_str(), Some(p.architecture));
        assert_eq!(yaml["lanes"].as_u64(), Some(u64::from(p.lanes)));
        assert_eq!(yaml["bus_bits"].as_u64(), Some(u64::from(p.bus_bits)));
        assert_eq!(yaml.get("interleave").is_some(), p.architecture == "iterative", "{}", p.name());
    }
}

#[test]
fn configurations_compare_with_defaults_filled_in() {
    let defaults = std::fs::read_to_string(workspace_root().join(DEFAULT_CONFIG)).unwrap();
    let a = parse_config("lanes: 4\nbus_bits: 512\n", "a").unwrap();
    let b = parse_config("# same design\nbus_bits: 512\nlanes: 4\narchitecture: unrolled\n", "b").unwrap();
    let c = parse_config("lanes: 2\nbus_bits: 512\n", "c").unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(parse_config("", "empty").unwrap(), parse_config(&defaults, "d").unwrap());
    let e = parse_config("- not a mapping\n", "list.yaml").unwrap_err();
    assert!(matches!(e, FlowError::Parse { ref what, .. } if what == "list.yaml"), "{e}");
    let e = parse_config("lanes: 3\n", "bad.yaml").unwrap_err().to_string();
    assert!(e.contains("bad.yaml") && e.contains("`lanes`") && e.contains("1, 2, 4, 8"), "{e}");
}

#[test]
fn shipped_configurations_parse() {
    let workspace = workspace_root();
    let shipped = shipped_configs(&workspace).unwrap();
    assert!(shipped.iter().any(|p| p.ends_with(DEFAULT_CONFIG)));
    for path in shipped {
        read_config(&path).unwrap();
    }
}

fn measurement(name: &str, key_bits: u32, bytes: u64, jobs: u64, cycles: u64) -> Measurement {
    Measurement { name: name.into(), key_bits, bytes, jobs, cycles }
}

#[test]
fn bench_json_is_parsed_with_defaults_and_checked() {
    let text = r#"{"config": "x", "measurements": [
        {"name": "big", "key_bits": 256, "bytes": 16000, "jobs": 1, "cycles": 1100},
        {"bytes": 1600, "cycles": 200, "extra": true}]}"#;
    let m = parse_bench_output(text).unwrap();
    assert_eq!(m[0], measurement("big", 256, 16000, 1, 1100));
    assert_eq!(m[1], measurement("", 128, 1600, 1, 200), "key_bits defaults to 128, jobs to 1");
    for bad in [
        r#"{"measurements": []}"#,
        r#"{"measurements": [{"bytes": 1, "cycles": 0}]}"#,
        r#"{"measurements": [{"bytes": 1, "cycles": 5, "jobs": 0}]}"#,
        "{}",
        "no measurement lines here",
    ] {
        assert!(matches!(parse_bench_output(bad), Err(FlowError::Parse { .. })), "{bad}");
    }
}

#[test]
fn accel_bench_text_is_parsed_with_job_counts() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/accel_bench_default.txt");
    let text = std::fs::read_to_string(path).unwrap();
    let m = parse_bench_output(&text).unwrap();
    let names: Vec<&str> = m.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["single-64KiB", "small-32x64B", "crypto_pyaes"]);
    assert_eq!((m[0].bytes, m[0].jobs), (65536, 1));
    assert_eq!((m[1].bytes, m[1].jobs), (2048, 32));
    assert_eq!((m[2].bytes, m[2].jobs), (46000, 2));
    assert!(m.iter().all(|m| m.key_bits == 128 && m.cycles > 0));
    assert_eq!(jobs_of("tiny-8x16B"), 8);
    assert_eq!(jobs_of("whatever"), 1);
}

#[test]
fn throughput_uses_the_largest_measurement_and_fits_a_per_job_line() {
    // Per job: cycles = 100 + bytes / 16 exactly (a 2-job workload counts per job); the 32-job batch
    // is off the line (overlapped latencies) and must be left out of the fit.
    let m = [
        measurement("two", 128, 2 * 1600, 2, 2 * 200),
        measurement("one", 128, 16000, 1, 1100),
        measurement("batch", 128, 32 * 64, 32, 500),
        measurement("aes256", 256, 16000, 1, 1500),
    ];
    let t = Throughput::from_measurements(&m);
    assert_eq!(t.iter().map(|t| t.key_bits).collect::<Vec<_>>(), [128, 256]);
    assert_eq!(t[0].from, "one");
    assert!((t[0].bytes_per_cycle - 16000.0 / 1100.0).abs() < 1e-12);
    let fit = t[0].fit.unwrap();
    assert!((fit.fixed_cycles - 100.0).abs() < 1e-9 && (fit.bytes_per_cycle - 16.0).abs() < 1e-9, "{fit:?}");
    assert_eq!(t[0].cycles_for(&m, 1600), Some(200.0), "a measured job size is used as measured, per job");
    assert!((t[0].cycles_for(&m, 23000).unwrap() - (100.0 + 23000.0 / 16.0)).abs() < 1e-6);
    assert_eq!(t[0].cycles_for(&m, 64), Some(100.0 + 4.0), "the batch's 64-byte jobs come from the line");
    assert!(t[1].fit.is_none());
    assert_eq!(t[1].cycles_for(&m, 23000), None);
    assert_eq!(least_squares(&[(1.0, 1.0), (1.0, 2.0)]), None);
    assert_eq!(LinearFit::fit(&[(5.0, 3.0)]), None);
    // 16 bytes/cycle at 100 MHz = 12.8 Gbit/s.
    assert!((gbit_per_second(16.0, 100.0) - 12.8).abs() < 1e-12);
}

#[test]
fn ctr_matches_sp800_38a_f51_and_the_pyaes_counter() {
    // NIST SP 800-38A F.5.1 CTR-AES128.Encrypt, block 1.
    let key: [u8; 16] = hex::decode("2b7e151628aed2a6abf7158809cf4f3c").unwrap().try_into().unwrap();
    let counter: [u8; 16] = hex::decode("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff").unwrap().try_into().unwrap();
    let mut block = hex::decode("6bc1bee22e409f96e93d7e117393172a").unwrap();
    ctr_xor(&key, &counter, &mut block);
    assert_eq!(hex::encode(block), "874d6191b620e3261bef6864990db6ce");
    // pyaes' Counter() starts at 1 over the whole 128-bit block.
    assert_eq!(initial_counter(), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert_eq!(cleartext().len(), 23_000);
    assert_eq!(&KEY[..4], b"\xa1\xf6%\x8c");
}

#[test]
fn break_even_cases() {
    let cpu = LinearCost { fixed_seconds: 100e-9, seconds_per_byte: 1e-9 };
    // Accelerator: 3 us fixed, 0.5 ns/byte -> equal at (3000 - 100) / (1 - 0.5) = 5800 bytes.
    let BreakEven::AtBytes { bytes } = break_even(&LinearCost { fixed_seconds: 3e-6, seconds_per_byte: 0.5e-9 }, &cpu)
    else {
        panic!("expected a break-even size")
    };
    assert!((bytes - 5800.0).abs() < 1e-6, "{bytes}");
    assert_eq!(break_even(&LinearCost { fixed_seconds: 50e-9, seconds_per_byte: 0.5e-9 }, &cpu), BreakEven::Always);
    let never = break_even(&LinearCost { fixed_seconds: 3e-6, seconds_per_byte: 2e-9 }, &cpu);
    assert!(
        matches!(never, BreakEven::Never { ref reason } if reason.contains("0.50 GB/s") && reason.contains("1.00 GB/s")),
        "{never:?}"
    );
}

#[test]
fn aes_ni_cost_line_from_timed_jobs() {
    // 100 ns + 0.25 ns/byte exactly.
    let jobs: Vec<(u64, f64)> = [16u64, 4096, 65536].iter().map(|&b| (b, 100e-9 + b as f64 * 0.25e-9)).collect();
    let cost = aes_ni_cost(&jobs).unwrap();
    assert!((cost.seconds_per_byte - 0.25e-9).abs() < 1e-18);
    assert!((cost.fixed_seconds - 100e-9).abs() < 1e-15);
    assert!(aes_ni_cost(&jobs[1..]).is_none(), "no small job");
}

#[test]
fn accelerator_model_arithmetic() {
    let overhead = HostOverhead::given(2000.0);
    // 1537.5 cycles at 100 MHz = 15.375 us, + 2 us = 17.375 us per job, 2 jobs per iteration.
    let m = accelerator_model("x", 100.0, 1537.5, Some((100.0, 16.0)), &overhead, None, None);
    assert!((m.job_seconds - 17.375e-6).abs() < 1e-12);
    assert!((m.iteration_seconds - 34.75e-6).abs() < 1e-12);
    assert!(m.speedup_over_pyaes.is_none() && m.break_even.is_none());
    let pcie = HostOverhead::pcie();
    assert!((pcie.total_seconds() - 3.1e-6).abs() < 1e-12);
    assert!(pcie.parts.iter().all(|p| !p.basis.is_empty() && p.nanoseconds > 0.0));
}
