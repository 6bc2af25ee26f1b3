//! Both S-box styles as EMITTED VERILOG under Verilator, exhaustively:
//!
//! - `sbox` (the table every design uses) and `sbox_composite` (the composite-field circuit):
//!   `byte_out` equals both `hdl::sbox::SBOX` and the golden model's independent
//!   `golden::aes::SBOX` for all 256 inputs;
//! - `sub_bytes` (16 S-boxes side by side): 256 words in which byte i of word
//!   v is (v + 17*i) mod 256, so every byte position sees every value once,
//!   each output byte equal to the golden S-box of its input byte.
//!
//! No randomness: the input sets are complete.

use hdl::emit::block_verilog;
use hdl::Config;
use sim::verilator::{Model, Options};

fn build(block: &str) -> Model {
    let verilog = block_verilog(block, &Config::default()).unwrap_or_else(|e| panic!("{e}"));
    let options = Options { clock: None, ..Options::default() };
    Model::build_source(&verilog, block, &options).unwrap_or_else(|e| panic!("building {block}: {e}"))
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
