//! Ring slot address `base + (index << shift)` in two registered 32-bit stages, so that no add on
//! the way is wider than 33 bits (the descriptor fetcher's SQ_BASE + 64 i, the completion
//! writer's CQ_BASE + 16 i).
//!
//! Ports: `clock`; `base` (64-bit ring base), `index` (16-bit slot index); `address` (64 bits,
//! registered). `shift` (log2 of the slot size, at most 16) is a construction parameter.
//!
//! Method: stage 1 registers the low half `base[31:0] + (index << shift)` with its carry (33 bits)
//! and `base[63:32]`; stage 2 registers `{base[63:32] + carry, low half}`. Paths: one 33-bit add,
//! then one 32-bit increment, each from flip-flops.
//!
//! Latency: `address` in cycle t + 2 belongs to `base` and `index` of cycle t (no reset needed:
//! it is a pure function of inputs two cycles old). Throughput: a new pair every cycle.

use super::join::{Join, Widen};
use crate::AxiAddr;
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct SlotAddress {
    pub clock: Signal<In, Clock>,
    pub base: Signal<In, AxiAddr>,
    pub index: Signal<In, Bits<16>>,
    pub address: Signal<Out, AxiAddr>,
    low: DFF<Bits<33>>,
    high: DFF<Bits<32>>,
    sum: DFF<AxiAddr>,
    index_wide: Widen<16, 33>,
    base_low_wide: Widen<32, 33>,
    sum_join: Join<32, 32, 64>,
    shift: Constant<Bits<8>>,
}

impl SlotAddress {
    /// Slots of `1 << shift` bytes.
    pub fn new(shift: u32) -> Self {
        assert!(shift <= 16, "SlotAddress: slot size up to 64 KiB");
        SlotAddress {
            clock: Default::default(),
            base: Default::default(),
            index: Default::default(),
            address: Default::default(),
            low: Default::default(),
            high: Default::default(),
            sum: Default::default(),
            index_wide: Default::default(),
            base_low_wide: Default::default(),
            sum_join: Default::default(),
            shift: Constant::new((shift as u64).to_bits()),
        }
    }
}

impl Logic for SlotAddress {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, low, high, sum);
        self.index_wide.part.next = self.index.val();
        self.base_low_wide.part.next = self.base.val().get_bits::<32>(0);
        self.low.d.next = self.base_low_wide.whole.val() + (self.index_wide.whole.val() << self.shift.val());
        self.high.d.next = self.base.val().get_bits::<32>(32);
        self.sum_join.low.next = self.low.q.val().get_bits::<32>(0);
        self.sum_join.high.next = self.high.q.val();
        if self.low.q.val().get_bit(32) {
            self.sum_join.high.next = self.high.q.val() + 1_u32.to_bits();
        }
        self.sum.d.next = self.sum_join.whole.val();
        self.address.next = self.sum.q.val();
    }
}
