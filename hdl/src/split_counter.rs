//! 64-bit statistics counter kept in two 32-bit halves, so that no add is wider than 32 bits
//! (the register file's CYCLES, BUSY_CYCLES and BYTES).
//!
//! Ports: `clock`, `reset` (synchronous, active high: the value reads 0 from the next cycle);
//! `enable` + `amount` (32 bits): add `amount` in this cycle, any number of cycles in a row;
//! `value` (64 bits, registered).
//!
//! Method: the low half accumulates into a 33-bit register whose top bit is the carry of its
//! latest add; the high half adds that carry one cycle later, and `value`'s low half is a copy
//! of the accumulator taken in that same cycle, so both halves of `value` always belong to the
//! same sum. Paths: one 32-bit add and one 32-bit increment, each from flip-flops.
//!
//! Latency: an add in cycle t shows in `value` from cycle t+2; full rate (one add per cycle).

use crate::dma::join::{Join, Widen};
use crate::zero;
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct SplitCounter {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub enable: Signal<In, Bit>,
    pub amount: Signal<In, Bits<32>>,
    pub value: Signal<Out, Bits<64>>,
    accumulator: DFF<Bits<33>>,
    low: DFF<Bits<32>>,
    high: DFF<Bits<32>>,
    accumulator_low: Widen<32, 33>,
    amount_wide: Widen<32, 33>,
    value_join: Join<32, 32, 64>,
    zero_33: Constant<Bits<33>>,
}

impl Default for SplitCounter {
    fn default() -> Self {
        SplitCounter {
            clock: Default::default(),
            reset: Default::default(),
            enable: Default::default(),
            amount: Default::default(),
            value: Default::default(),
            accumulator: Default::default(),
            low: Default::default(),
            high: Default::default(),
            accumulator_low: Default::default(),
            amount_wide: Default::default(),
            value_join: Default::default(),
            zero_33: zero(),
        }
    }
}

impl Logic for SplitCounter {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, accumulator, low, high);
        self.accumulator_low.part.next = self.accumulator.q.val().get_bits::<32>(0);
        self.amount_wide.part.next = self.amount.val();
        // The carry bit holds only the latest add's carry: without an add it clears.
        self.accumulator.d.next = self.accumulator_low.whole.val();
        if self.enable.val() {
            self.accumulator.d.next = self.accumulator_low.whole.val() + self.amount_wide.whole.val();
        }
        if self.accumulator.q.val().get_bit(32) {
            self.high.d.next = self.high.q.val() + 1_u32.to_bits();
        }
        self.low.d.next = self.accumulator.q.val().get_bits::<32>(0);
        self.value_join.low.next = self.low.q.val();
        self.value_join.high.next = self.high.q.val();
        self.value.next = self.value_join.whole.val();
        if self.reset.val() {
            self.accumulator.d.next = self.zero_33.val();
            self.low.d.next = 0_u32.to_bits();
            self.high.d.next = 0_u32.to_bits();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The test's seed: env `AESCTR_SEED` to replay, else a fixed default; printed.
    fn seed() -> u64 {
        let seed = std::env::var("AESCTR_SEED").ok().and_then(|s| s.trim().parse().ok()).unwrap_or(0x5eed_c0de);
        println!("seed = {seed}");
        seed
    }

    #[test]
    fn value_is_the_exact_64_bit_sum_two_cycles_after_each_add() {
        let mut state = seed() | 1;
        // amounts, each with an enable; large amounts so the low half carries often
        let adds: Vec<(bool, u32)> = (0..400)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state & 3 != 0, (state >> 16) as u32)
            })
            .collect();
        let mut counter = SplitCounter::default();
        counter.connect_all();
        let mut sim = Simulation::new();
        sim.add_clock(5, |x: &mut Box<SplitCounter>| x.clock.next = !x.clock.val());
        sim.add_testbench(move |mut ep: Sim<SplitCounter>| {
            let mut x = ep.init()?;
            x.reset.next = true;
            wait_clock_true!(ep, clock, x);
            wait_clock_cycle!(ep, clock, x);
            x.reset.next = false;
            // sums[n] = the sum of the first n adds
            let mut sums = vec![0_u64];
            for (n, &(enable, amount)) in adds.iter().enumerate() {
                x.enable.next = enable;
                x.amount.next = (amount as u64).to_bits();
                wait_clock_cycle!(ep, clock, x);
                let last = *sums.last().unwrap();
                sums.push(if enable { last + amount as u64 } else { last });
                // after the edge that took add n, value holds the sum of the adds before it
                let expected = sums[n];
                sim_assert_eq!(ep, x.value.val().to_u64(), expected, x);
            }
            sim_assert!(ep, *sums.last().unwrap() > 1 << 34, x);
            ep.done(x)
        });
        sim.run(Box::new(counter), 100_000).unwrap();
    }
}
