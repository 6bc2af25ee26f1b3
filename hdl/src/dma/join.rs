//! Wiring blocks that place narrow values into wider words without width mismatches in the emitted
//! Verilog (rust-hdl's `bit_cast` widening is emitted as `(x & mask)` with operands of different
//! widths, which `verilator -Wall` reports).
//!
//! - [`Join`]`<A, B, T>`: `whole = {high, low}` with `low` A bits, `high` B bits, T = A + B;
//! - [`Widen`]`<A, T>`: `whole = {(T-A) zero bits, part}` (zero extension; `part` when A = T).
//!
//! Combinational, no logic (latency 0). Each has a Rust model for rust-hdl's simulator.

use rust_hdl::prelude::*;

/// `whole = {high, low}`.
#[derive(LogicBlock, Default)]
pub struct Join<const A: usize, const B: usize, const T: usize> {
    pub low: Signal<In, Bits<A>>,
    pub high: Signal<In, Bits<B>>,
    pub whole: Signal<Out, Bits<T>>,
}

impl<const A: usize, const B: usize, const T: usize> Logic for Join<A, B, T> {
    fn update(&mut self) {
        assert_eq!(A + B, T);
        self.whole.next = bit_cast::<T, A>(self.low.val()) | (bit_cast::<T, B>(self.high.val()) << (A as LiteralType));
    }

    fn connect(&mut self) {
        self.whole.connect();
    }

    fn hdl(&self) -> Verilog {
        assert_eq!(A + B, T, "Join<{A}, {B}, {T}>");
        Verilog::Custom("always @(*) whole = {high, low};\n".into())
    }
}

/// `whole = part` zero-extended from A to T bits.
#[derive(LogicBlock, Default)]
pub struct Widen<const A: usize, const T: usize> {
    pub part: Signal<In, Bits<A>>,
    pub whole: Signal<Out, Bits<T>>,
}

impl<const A: usize, const T: usize> Logic for Widen<A, T> {
    fn update(&mut self) {
        self.whole.next = bit_cast::<T, A>(self.part.val());
    }

    fn connect(&mut self) {
        self.whole.connect();
    }

    fn hdl(&self) -> Verilog {
        assert!(A <= T, "Widen<{A}, {T}>");
        if A == T {
            Verilog::Custom("always @(*) whole = part;\n".into())
        } else {
            Verilog::Custom(format!("always @(*) whole = {{{}'d0, part}};\n", T - A))
        }
    }
}
