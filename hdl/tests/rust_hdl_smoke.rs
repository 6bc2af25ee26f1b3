//! Smoke checks in rust-hdl's own simulator (the Rust model of the blocks,
//! not the emitted Verilog, which `sim/tests/aes_blocks.rs` and
//! `sim/tests/aes_engine.rs` verify under Verilator): one AES round on the
//! FIPS-197 appendix B example, values copied from the standard.

use hdl::aes_round::AesRound;
use rust_hdl::prelude::*;

fn state(hex: &str) -> Bits<128> {
    let bytes: Vec<u8> = (0..16).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap()).collect();
    u128::from_le_bytes(bytes.try_into().unwrap()).to_bits()
}

#[test]
fn aes_round_reproduces_fips_197_appendix_b_round_1() {
    // FIPS-197 appendix B, round 1 (state columns read top to bottom).
    let start = state("193de3bea0f4e22b9ac68d2ae9f84808");
    let after_shift_rows = state("d4bf5d30e0b452aeb84111f11e2798e5");
    let after_mix_columns = state("046681e5e0cb199a48f8d37a2806264c");
    let round_key = state("a0fafe1788542cb123a339392a6c7605");
    let next_start = state("a49c7ff2689f352b6b5bea43026a5049");

    let mut round = AesRound::default();
    round.connect_all();
    round.sub_bytes_in.next = start;
    round.mix_columns_in.next = after_shift_rows;
    round.final_round.next = false;
    round.add_round_key_in.next = after_mix_columns;
    round.round_key.next = round_key;
    assert!(simulate(&mut round, 100), "the round settles");
    assert_eq!(round.shift_rows_out.val(), after_shift_rows);
    assert_eq!(round.mix_columns_out.val(), after_mix_columns);
    assert_eq!(round.add_round_key_out.val(), next_start);

    // The final round skips mix_columns.
    round.final_round.next = true;
    assert!(simulate(&mut round, 100));
    assert_eq!(round.mix_columns_out.val(), after_shift_rows);
}
