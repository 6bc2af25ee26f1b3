//! `a < b` on 65-bit byte positions (a 64-bit address or an end one past it), in two halves, so
//! that no carry chain is longer than 33 bits (the dispatcher's overlap and read-after-write
//! checks).
//!
//! Ports: `clock`; `a`, `b` (65 bits); `less` (`a < b` of the values one cycle earlier).
//!
//! Method: three registers, `a[64:33] < b[64:33]`, `a[64:33] == b[64:33]` and
//! `a[32:0] < b[32:0]`; `less` is one gate on them. Paths: one 33-bit compare from the inputs;
//! one LUT from the registers to `less`.
//!
//! Latency: one cycle; a new pair every cycle. No reset: a function of the previous inputs.

use rust_hdl::prelude::*;

#[derive(LogicBlock, Default)]
pub struct AddressLess {
    pub clock: Signal<In, Clock>,
    pub a: Signal<In, Bits<65>>,
    pub b: Signal<In, Bits<65>>,
    pub less: Signal<Out, Bit>,
    high_less: DFF<Bit>,
    high_equal: DFF<Bit>,
    low_less: DFF<Bit>,
}

impl Logic for AddressLess {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, high_less, high_equal, low_less);
        self.high_less.d.next = self.a.val().get_bits::<32>(33) < self.b.val().get_bits::<32>(33);
        self.high_equal.d.next = self.a.val().get_bits::<32>(33) == self.b.val().get_bits::<32>(33);
        self.low_less.d.next = self.a.val().get_bits::<33>(0) < self.b.val().get_bits::<33>(0);
        self.less.next = self.high_less.q.val() || (self.high_equal.q.val() && self.low_less.q.val());
    }
}
