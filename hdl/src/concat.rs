//! Concatenation of equal-width parts into one wider word (a wiring block).
//!
//! rust-hdl kernels can slice (`get_bits`) but have no concatenation, and its
//! `bit_cast` widening is emitted as `(x & mask)` with mismatched operand
//! widths. This block is the one place where narrow values are placed into
//! wide ones: its Verilog is a hand-written `{...}` concatenation and its Rust
//! model is the same wiring for rust-hdl's simulator.
//!
//! Ports: `parts[i]` (in, `PART` bits each, i in 0..n), `whole` (out, `WHOLE`
//! bits) with `whole[PART*i +: PART] = parts[i]` and the bits above `PART*n`
//! zero. Latency 0 cycles (combinational, no logic).

use rust_hdl::prelude::*;

/// `WHOLE`-bit concatenation of `n` parts of `PART` bits, part 0 least significant.
#[derive(LogicBlock)]
pub struct Concat<const PART: usize, const WHOLE: usize> {
    pub parts: Vec<Signal<In, Bits<PART>>>,
    pub whole: Signal<Out, Bits<WHOLE>>,
}

impl<const PART: usize, const WHOLE: usize> Concat<PART, WHOLE> {
    /// A concatenation of `count` parts; `count * PART` must not exceed `WHOLE`.
    pub fn new(count: usize) -> Self {
        assert!(count >= 1 && count * PART <= WHOLE, "Concat of {count} x {PART} bits does not fit {WHOLE} bits");
        Concat { parts: (0..count).map(|_| Signal::default()).collect(), whole: Signal::default() }
    }
}

impl<const PART: usize, const WHOLE: usize> Logic for Concat<PART, WHOLE> {
    fn update(&mut self) {
        let mut whole = Bits::<WHOLE>::default();
        for (i, part) in self.parts.iter().enumerate() {
            whole = whole | (bit_cast::<WHOLE, PART>(part.val()) << ((i * PART) as LiteralType));
        }
        self.whole.next = whole;
    }

    fn connect(&mut self) {
        self.whole.connect();
    }

    fn hdl(&self) -> Verilog {
        let used = self.parts.len() * PART;
        let mut items: Vec<String> = Vec::new();
        if used < WHOLE {
            items.push(format!("{{{}{{1'b0}}}}", WHOLE - used));
        }
        for i in (0..self.parts.len()).rev() {
            items.push(format!("parts${i}"));
        }
        Verilog::Custom(format!("always @(*) whole = {{{}}};\n", items.join(", ")))
    }
}
