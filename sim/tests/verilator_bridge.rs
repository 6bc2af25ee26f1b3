//! Tests of the Verilator bridge (`sim::verilator`): wide ports round-trip through every storage class,
//! clocked behaviour of a 128-bit pipeline matches an independent Rust description cycle by cycle, the
//! cache never rebuilds an unchanged model (also under concurrent builders), and tool errors are clear.

mod common;

use rand::Rng;
use sim::verilator::{Error, Model, Options};
use std::fs;

#[test]
fn every_port_width_round_trips_through_set_wide_and_get_wide() {
    let mut model =
        Model::build(&common::dut("port_widths.v"), "port_widths", &Options { clock: None, ..Options::default() })
            .expect("build port_widths");
    let mut rng = common::rng(0x5EED_0001);
    for width in [1u32, 7, 8, 9, 16, 17, 32, 33, 64, 65, 96, 128, 200] {
        let input = model.input(&format!("in_{width}")).unwrap();
        let out = model.output(&format!("out_{width}")).unwrap();
        let inv = model.output(&format!("inv_{width}")).unwrap();
        assert_eq!(model.width(input), width);
        let words = width.div_ceil(32) as usize;
        for _ in 0..50 {
            // Drive every bit, including bits above the port's width: the bridge must drop them.
            let value: Vec<u32> = (0..words + 1).map(|_| rng.gen()).collect();
            model.set_wide(input, &value);
            model.eval();
            let mut expected = value[..words].to_vec();
            if width % 32 != 0 {
                expected[words - 1] &= (1u32 << (width % 32)) - 1;
            }
            let mut got = vec![0xDEAD_BEEFu32; words + 2];
            model.get_wide(out, &mut got);
            assert_eq!(&got[..words], &expected[..], "out_{width}");
            assert_eq!(&got[words..], &[0, 0], "out_{width}: words above the port read as zero");
            model.get_wide(inv, &mut got);
            for (j, (g, e)) in got.iter().zip(&expected).enumerate() {
                let bits = if j + 1 == words && width % 32 != 0 { width % 32 } else { 32 };
                let mask = if bits == 32 { u32::MAX } else { (1u32 << bits) - 1 };
                assert_eq!(*g, !e & mask, "inv_{width} word {j}");
            }
            // The 64-bit accessors agree with the word accessors on the low 64 bits.
            let low = u64::from(expected[0]) | (u64::from(expected.get(1).copied().unwrap_or(0)) << 32);
            assert_eq!(model.get(out), low, "get(out_{width})");
        }
        // set() of a 64-bit value clears the higher words of a wide port.
        model.set_wide(input, &vec![u32::MAX; words]);
        model.set(input, 0x1234_5678_9ABC_DEF0);
        model.eval();
        let mut got = vec![0u32; words];
        model.get_wide(out, &mut got);
        let mask = if width >= 64 { u64::MAX } else { (1u64 << width) - 1 };
        let expected = 0x1234_5678_9ABC_DEF0u64 & mask;
        assert_eq!(got[0], expected as u32, "set() low word, width {width}");
        if words > 1 {
            assert_eq!(got[1], (expected >> 32) as u32, "set() second word, width {width}");
        }
        assert!(got.iter().skip(2).all(|w| *w == 0), "set() clears the words above 64 bits, width {width}");
    }
}

/// The pipeline of `wide_pipeline.v`, written independently from its header comment.
struct PipelineReference {
    stage1: Option<(u128, u64)>,
    stage2: Option<(u128, u64)>,
    count: u64,
}

impl PipelineReference {
    /// One rising edge with `input` presented; returns (out_valid, out_data) after the edge.
    fn edge(&mut self, input: Option<u128>, key: u128, out: &mut Option<u128>) {
        let stage3 = self.stage2.map(|(s2, c2)| s2.wrapping_add(u128::from(c2)));
        self.stage2 = self.stage1.map(|(s1, c1)| (s1.rotate_left(8), c1));
        self.stage1 = input.map(|data| (data ^ key, self.count));
        if input.is_some() {
            self.count += 1;
        }
        *out = stage3;
    }
}

fn words(value: u128) -> [u32; 4] {
    [value as u32, (value >> 32) as u32, (value >> 64) as u32, (value >> 96) as u32]
}

fn from_words(w: &[u32; 4]) -> u128 {
    w.iter().rev().fold(0u128, |acc, x| (acc << 32) | u128::from(*x))
}

#[test]
fn clocked_pipeline_matches_reference_every_cycle() {
    let mut model = Model::build(&common::dut("wide_pipeline.v"), "wide_pipeline", &Options::default()).expect("build");
    let (rst, in_valid, in_data, key) = (
        model.input("rst").unwrap(),
        model.input("in_valid").unwrap(),
        model.input("in_data").unwrap(),
        model.input("key").unwrap(),
    );
    let (out_valid, out_data, count) =
        (model.output("out_valid").unwrap(), model.output("out_data").unwrap(), model.output("count").unwrap());
    model.set(rst, 1);
    for _ in 0..4 {
        model.tick();
    }
    assert_eq!(model.cycle(), 4);
    model.set(rst, 0);
    let mut rng = common::rng(0x5EED_0002);
    let key_value: u128 = rng.gen();
    model.set_wide(key, &words(key_value));
    let mut reference = PipelineReference { stage1: None, stage2: None, count: 0 };
    let mut expected_out = None;
    let mut valid_outputs = 0;
    for cycle in 0..2000 {
        let input = if rng.gen_bool(0.7) { Some(rng.gen::<u128>()) } else { None };
        model.set(in_valid, u64::from(input.is_some()));
        model.set_wide(in_data, &words(input.unwrap_or(0)));
        model.tick();
        reference.edge(input, key_value, &mut expected_out);
        assert_eq!(model.get_bool(out_valid), expected_out.is_some(), "out_valid at cycle {cycle}");
        if let Some(expected) = expected_out {
            let mut got = [0u32; 4];
            model.get_wide(out_data, &mut got);
            assert_eq!(from_words(&got), expected, "out_data at cycle {cycle}");
            valid_outputs += 1;
        }
        assert_eq!(model.get(count), reference.count, "count at cycle {cycle}");
    }
    assert!(valid_outputs > 1000, "the random stimulus produced {valid_outputs} outputs");
}

#[test]
fn unchanged_model_is_served_from_the_cache() {
    let text = fs::read_to_string(common::dut("wide_pipeline.v")).unwrap();
    let (_, first) = Model::build_source_with_info(&text, "wide_pipeline", &Options::default()).expect("build");
    let library = first.directory.join("libdut.so");
    let stamp = fs::metadata(&library).unwrap().modified().unwrap();
    let (_, second) = Model::build_source_with_info(&text, "wide_pipeline", &Options::default()).expect("rebuild");
    assert!(!second.built, "second build of an unchanged model compiled it again");
    assert_eq!(second.directory, first.directory);
    assert_eq!(fs::metadata(&library).unwrap().modified().unwrap(), stamp, "library was rewritten");
    // A different top-level text is a different entry.
    let changed = format!("{text}\n// changed\n");
    let (_, third) = Model::build_source_with_info(&changed, "wide_pipeline", &Options::default()).expect("build");
    assert_ne!(third.directory, first.directory);
}

#[test]
fn concurrent_builders_of_one_new_model_build_it_once() {
    // A text nobody has built before (unique comment), built by four threads at once.
    let nonce = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let text = format!(
        "// nonce {nonce} pid {}\nmodule adder(input clk, input [7:0] a, output reg [7:0] y);\n\
         always @(posedge clk) y <= y + a;\nendmodule\n",
        std::process::id()
    );
    let results: Vec<_> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    let (mut model, info) = Model::build_source_with_info(&text, "adder", &Options::default())?;
                    let a = model.input("a")?;
                    let y = model.output("y")?;
                    model.set(a, 3);
                    for _ in 0..5 {
                        model.tick();
                    }
                    Ok::<_, Error>((info, model.get(y)))
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("builder thread panicked")).collect()
    });
    let mut built = 0;
    let mut directory = None;
    for r in results {
        let (info, y) = r.expect("concurrent build failed");
        assert_eq!(y, 15, "y after five edges adding 3");
        built += usize::from(info.built);
        assert!(directory.get_or_insert(info.directory.clone()) == &info.directory);
    }
    assert_eq!(built, 1, "exactly one builder compiles, the others use its result");
    // Leave no garbage in the cache: this entry's text is unique to this run.
    let directory = directory.unwrap();
    let lock = directory
        .parent()
        .unwrap()
        .join("locks")
        .join(format!("{}.lock", directory.file_name().unwrap().to_string_lossy()));
    let _ = fs::remove_dir_all(&directory);
    let _ = fs::remove_file(lock);
}

#[test]
fn missing_verilator_names_the_install_command() {
    let options = Options { verilator: Some("/nonexistent/bin/verilator".into()), ..Options::default() };
    let err = Model::build(&common::dut("wide_pipeline.v"), "wide_pipeline", &options).unwrap_err();
    assert!(matches!(err, Error::VerilatorNotFound { .. }), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("Verilator not found"), "{message}");
    assert!(message.contains("apt-get install verilator"), "{message}");
    assert!(message.contains("scripts/test.sh"), "{message}");
}

#[test]
fn verilog_errors_are_returned_with_verilator_stderr() {
    let text = "module broken(input clk, output y);\n assign y = ;\nendmodule\n";
    let err = Model::build_source(text, "broken", &Options::default()).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, Error::ToolFailed { step: "verilator", .. }), "{message}");
    assert!(message.contains("syntax error"), "stderr is part of the message: {message}");
}

#[test]
fn unknown_port_lists_close_names() {
    let model = Model::build(&common::dut("wide_pipeline.v"), "wide_pipeline", &Options::default()).unwrap();
    let message = model.port("out_dta").unwrap_err().to_string();
    assert!(message.contains("no port `out_dta`"), "{message}");
    assert!(message.contains("out_data"), "{message}");
    let message = model.input("out_data").unwrap_err().to_string();
    assert!(message.contains("Output"), "{message}");
}

#[test]
fn missing_clock_port_is_an_error() {
    let options = Options { clock: Some("clock".into()), ..Options::default() };
    let message = Model::build(&common::dut("wide_pipeline.v"), "wide_pipeline", &options).unwrap_err().to_string();
    assert!(message.contains("no port `clock`") && message.contains("clk"), "{message}");
}

#[test]
fn vcd_trace_records_both_clock_edges() {
    let options = Options { trace: true, ..Options::default() };
    let mut model = Model::build(&common::dut("wide_pipeline.v"), "wide_pipeline", &options).expect("build");
    let dir = std::env::temp_dir().join(format!("aesctr-sim-vcd-{}", std::process::id()));
    let path = dir.join("pipeline.vcd");
    model.open_trace(&path).expect("open trace");
    let in_valid = model.input("in_valid").unwrap();
    for i in 0..8 {
        model.set(in_valid, i & 1);
        model.tick();
    }
    model.close_trace();
    let vcd = fs::read_to_string(&path).expect("vcd written");
    assert!(vcd.contains("$var") && vcd.contains("out_data"), "VCD declares the ports");
    assert!(vcd.contains("\n#70\n") && vcd.contains("\n#75\n"), "VCD has the low and high phase of cycle 7");
    let _ = fs::remove_dir_all(dir);

    let mut untraced = Model::build(&common::dut("wide_pipeline.v"), "wide_pipeline", &Options::default()).unwrap();
    let message = untraced.open_trace(&path).unwrap_err().to_string();
    assert!(message.contains("without Options::trace"), "{message}");
}
