//! The S-box styles as EMITTED VERILOG under Verilator, exhaustively:
//!
//! - `sbox` of a `sbox: table` configuration (the table) and `sbox_composite` (the composite-field circuit,
//!   `sbox: composite`, simulated here with the table macro undefined): `byte_out` equals both
//!   `hdl::sbox::SBOX` and the golden model's independent `golden::aes::SBOX` for all 256 inputs;
//! - the simulation macro `spec::SIMULATE_SBOX_TABLE_MACRO`, and only it, selects the table
//!   branch of a composite module (what whole-accelerator simulations use);
//! - `sub_bytes` (16 S-boxes side by side): 256 words in which byte i of word
//!   v is (v + 17*i) mod 256, so every byte position sees every value once,
//!   each output byte equal to the golden S-box of its input byte (table style);
//! - `sbox_rom` (`sbox: rom`, the default style): both registered read ports
//!   return the golden S-box of all 256 addresses one clock later, and hold
//!   while `enable` is low; `sub_bytes` of the default configuration (eight
//!   ROMs) does the same for the 256 words above.
//!
//! No randomness: the input sets are complete.

use hdl::config::SBoxStyle;
use hdl::emit::block_verilog;
use hdl::Config;
use sim::verilator::{Model, Options};

/// A configuration with table S-boxes (the default configuration's are ROMs).
fn table() -> Config {
    Config { sbox: SBoxStyle::Table, ..Config::default() }
}

fn build(block: &str) -> Model {
    build_with(block, &table(), None)
}

fn build_with(block: &str, config: &Config, clock: Option<&str>) -> Model {
    let verilog = block_verilog(block, config).unwrap_or_else(|e| panic!("{e}"));
    let options = Options { clock: clock.map(String::from), ..Options::default() };
    Model::build_source(&verilog, block, &options).unwrap_or_else(|e| panic!("building {block}: {e}"))
}

#[test]
fn emitted_sbox_rom_reads_the_sbox_for_all_256_addresses_on_both_ports() {
    assert_eq!(hdl::sbox::SBOX, golden::aes::SBOX);
    let mut model = build_with("sbox_rom", &Config::default(), Some("clock"));
    let port = |m: &Model, name: &str| m.port(name).unwrap();
    let (enable, a, b) = (port(&model, "enable"), port(&model, "address_a"), port(&model, "address_b"));
    let (data_a, data_b) = (port(&model, "data_a"), port(&model, "data_b"));
    for x in 0..=255u8 {
        model.set(enable, 1);
        model.set(a, x as u64);
        model.set(b, (255 - x) as u64);
        model.tick();
        assert_eq!(model.get(data_a), golden::aes::SBOX[x as usize] as u64, "port a, address {x:#04x}");
        assert_eq!(model.get(data_b), golden::aes::SBOX[255 - x as usize] as u64, "port b, address {:#04x}", 255 - x);
        // Disabled: both ports hold whatever the addresses do.
        model.set(enable, 0);
        model.set(a, x.wrapping_add(1) as u64);
        model.set(b, x.wrapping_add(7) as u64);
        model.tick();
        assert_eq!(model.get(data_a), golden::aes::SBOX[x as usize] as u64, "port a holds");
        assert_eq!(model.get(data_b), golden::aes::SBOX[255 - x as usize] as u64, "port b holds");
    }
}

#[test]
fn emitted_rom_sub_bytes_substitutes_every_value_in_every_byte_position() {
    let mut model = build_with("sub_bytes", &Config::default(), Some("clock$0"));
    let (enable, bytes_in, bytes_out) =
        (model.port("enable$0").unwrap(), model.input("bytes_in").unwrap(), model.output("bytes_out").unwrap());
    model.set(enable, 1);
    for v in 0..256usize {
        let input: [u8; 16] = std::array::from_fn(|i| ((v + 17 * i) % 256) as u8);
        let words: Vec<u32> = input.chunks(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect();
        model.set_wide(bytes_in, &words);
        model.tick();
        let mut out = [0u32; 4];
        model.get_wide(bytes_out, &mut out);
        let got: Vec<u8> = out.iter().flat_map(|w| w.to_le_bytes()).collect();
        let want: Vec<u8> = input.iter().map(|&b| golden::aes::SBOX[b as usize]).collect();
        assert_eq!(got, want, "registered sub_bytes({input:02x?})");
    }
}

fn check_sbox_block(block: &str) {
    // The two tables are computed independently (hdl and golden); they must agree first.
    assert_eq!(hdl::sbox::SBOX, golden::aes::SBOX);
    let mut model = build(block);
    let (byte_in, byte_out) = (model.input("byte_in").unwrap(), model.output("byte_out").unwrap());
    for x in 0..=255u8 {
        model.set(byte_in, x as u64);
        model.eval();
        assert_eq!(model.get(byte_out), golden::aes::SBOX[x as usize] as u64, "{block}({x:#04x})");
    }
}

#[test]
fn emitted_sbox_table_equals_the_sbox_for_all_256_inputs() {
    check_sbox_block("sbox");
}

#[test]
fn emitted_composite_sbox_equals_the_sbox_for_all_256_inputs() {
    check_sbox_block("sbox_composite");
}

#[test]
fn emitted_sub_bytes_substitutes_every_value_in_every_byte_position() {
    let mut model = build("sub_bytes");
    let (bytes_in, bytes_out) = (model.input("bytes_in").unwrap(), model.output("bytes_out").unwrap());
    for v in 0..256usize {
        let input: [u8; 16] = std::array::from_fn(|i| ((v + 17 * i) % 256) as u8);
        let words: Vec<u32> = input.chunks(4).map(|c| u32::from_le_bytes(c.try_into().unwrap())).collect();
        model.set_wide(bytes_in, &words);
        model.eval();
        let mut out = [0u32; 4];
        model.get_wide(bytes_out, &mut out);
        let got: Vec<u8> = out.iter().flat_map(|w| w.to_le_bytes()).collect();
        let want: Vec<u8> = input.iter().map(|&b| golden::aes::SBOX[b as usize]).collect();
        assert_eq!(got, want, "sub_bytes({input:02x?})");
    }
}

/// The macro `spec::SIMULATE_SBOX_TABLE_MACRO` is the only thing that selects the table inside a
/// composite-style module: with its table branch replaced by a wrong constant, the module still
/// computes the S-box when the macro is undefined (the circuit above is what this file simulates)
/// and computes the constant when it is defined (what accelerator simulations get).
#[test]
fn composite_sbox_simulates_the_circuit_unless_the_table_macro_is_defined() {
    let verilog = block_verilog("sbox_composite", &Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let start = verilog.find(&format!("`ifdef {}\n", spec::SIMULATE_SBOX_TABLE_MACRO)).expect("ifdef");
    let end = verilog[start..].find("`else\n").expect("else") + start;
    let header = format!("`ifdef {}\n", spec::SIMULATE_SBOX_TABLE_MACRO);
    let broken = format!("{}{header}always @(*) byte_out = 8'h5a;\n{}", &verilog[..start], &verilog[end..]);
    for (define, expect_circuit) in [(false, true), (true, false)] {
        let extra_args = if define { sim::verilator::simulate_sbox_table() } else { Vec::new() };
        let options = Options { clock: None, extra_args, ..Options::default() };
        let mut model = Model::build_source(&broken, "sbox_composite", &options).unwrap_or_else(|e| panic!("{e}"));
        let (byte_in, byte_out) = (model.input("byte_in").unwrap(), model.output("byte_out").unwrap());
        for x in [0x00u8, 0x01, 0x53, 0xff] {
            model.set(byte_in, x as u64);
            model.eval();
            let want = if expect_circuit { golden::aes::SBOX[x as usize] as u64 } else { 0x5a };
            assert_eq!(model.get(byte_out), want, "macro defined: {define}, input {x:#04x}");
        }
    }
}
