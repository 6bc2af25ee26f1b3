//! End of a byte range, `start + length` (64-bit start, 32-bit length, 65-bit end), as a
//! carry-select add: the low half `start[31:0] + length` (33 bits) and the high half's increment
//! `start[63:32] + 1` run side by side and the low half's carry picks the high half, so the
//! longest carry chain is 33 bits, not 65 (the dispatcher's src, dst and key ends).
//!
//! Ports: `start` (64), `length` (32); `finish` (65 bits: one past the last byte; `end` is a
//! Verilog keyword). Combinational, latency 0.

use super::join::{Join, Widen};
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct RangeEnd {
    pub start: Signal<In, Bits<64>>,
    pub length: Signal<In, Bits<32>>,
    pub finish: Signal<Out, Bits<65>>,
    low_sum: Signal<Local, Bits<33>>,
    start_low: Widen<32, 33>,
    length_wide: Widen<32, 33>,
    start_high: Widen<32, 33>,
    end_join: Join<32, 33, 65>,
    one: Constant<Bits<33>>,
}

impl Default for RangeEnd {
    fn default() -> Self {
        RangeEnd {
            start: Default::default(),
            length: Default::default(),
            finish: Default::default(),
            low_sum: Default::default(),
            start_low: Default::default(),
            length_wide: Default::default(),
            start_high: Default::default(),
            end_join: Default::default(),
            one: Constant::new(1_u64.to_bits()),
        }
    }
}

impl Logic for RangeEnd {
    #[hdl_gen]
    fn update(&mut self) {
        self.start_low.part.next = self.start.val().get_bits::<32>(0);
        self.length_wide.part.next = self.length.val();
        self.low_sum.next = self.start_low.whole.val() + self.length_wide.whole.val();
        self.start_high.part.next = self.start.val().get_bits::<32>(32);
        self.end_join.low.next = self.low_sum.val().get_bits::<32>(0);
        self.end_join.high.next = self.start_high.whole.val();
        if self.low_sum.val().get_bit(32) {
            self.end_join.high.next = self.start_high.whole.val() + self.one.val();
        }
        self.finish.next = self.end_join.whole.val();
    }
}
