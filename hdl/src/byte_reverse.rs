//! Byte reversal of a 128-bit word (wiring only).
//!
//! Converts a counter block between block byte order (byte 0 in bits 7..0,
//! the layout of every block in this design) and its big-endian integer
//! value (byte 15, the least significant byte of the counter, in bits 7..0),
//! so that counters can be incremented with an ordinary adder.
//!
//! Ports: `word_in` (in, 128), `word_out` (out, 128) with
//! `word_out[8i+7:8i] = word_in[8(15-i)+7:8(15-i)]`. Latency 0 cycles.
//! The Verilog is a hand-written concatenation; the Rust model is
//! `u128::swap_bytes`.

use rust_hdl::prelude::*;

#[derive(LogicBlock, Default)]
pub struct ByteReverse {
    pub word_in: Signal<In, Bits<128>>,
    pub word_out: Signal<Out, Bits<128>>,
}

impl Logic for ByteReverse {
    fn update(&mut self) {
        self.word_out.next = self.word_in.val().to_u128().swap_bytes().to_bits::<128>();
    }

    fn connect(&mut self) {
        self.word_out.connect();
    }

    fn hdl(&self) -> Verilog {
        // Listed most significant first: output byte 15 is input byte 0.
        let bytes: Vec<String> = (0..16).map(|i| format!("word_in[{}:{}]", 8 * i + 7, 8 * i)).collect();
        Verilog::Custom(format!("always @(*) word_out = {{{}}};\n", bytes.join(", ")))
    }
}
