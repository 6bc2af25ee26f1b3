//! The DMA's `Fifo` block, emitted as Verilog and run under Verilator against a `VecDeque`:
//! random push/pop/reset traffic, checking order, `empty`/`full`, `count`/`free` and the
//! two-cycle push-to-visible latency.

mod common;

use hdl::dma::fifo::Fifo;
use rand::Rng;
use rust_hdl::prelude::*;
use sim::verilator::{Model, Options};
use std::collections::VecDeque;

fn fifo_model() -> Model {
    let mut fifo: Fifo<Bits<40>> = Fifo::new(8);
    fifo.connect_all();
    let verilog = generate_verilog(&fifo);
    let options = Options { clock: Some("clock".into()), ..Options::default() };
    Model::build_source(&verilog, "top", &options).expect("verilator build of the FIFO")
}

#[test]
fn fifo_keeps_order_counts_and_latency_under_random_traffic() {
    let mut rng = common::rng(0xF1F0);
    let mut m = fifo_model();
    let (reset, push, data_in, pop) =
        (m.input("reset").unwrap(), m.input("push").unwrap(), m.input("data_in").unwrap(), m.input("pop").unwrap());
    let (full, free, data_out, empty, count) = (
        m.output("full").unwrap(),
        m.output("free").unwrap(),
        m.output("data_out").unwrap(),
        m.output("empty").unwrap(),
        m.output("count").unwrap(),
    );
    m.set(reset, 1);
    m.tick();
    m.tick();
    m.set(reset, 0);
    // Reference: entries with the cycle they become visible.
    let mut stored: VecDeque<(u64, u64)> = VecDeque::new();
    let mut next_value = 1u64;
    for cycle in 0..20_000u64 {
        // Check outputs against the model before the edge.
        let visible = stored.iter().filter(|(_, at)| *at <= cycle).count() as u64;
        assert_eq!(m.get(count), visible, "count at cycle {cycle}");
        assert_eq!(m.get_bool(empty), visible == 0, "empty at cycle {cycle}");
        assert_eq!(m.get(free), 8 - stored.len() as u64, "free at cycle {cycle}");
        assert_eq!(m.get_bool(full), stored.len() == 8, "full at cycle {cycle}");
        if visible > 0 {
            assert_eq!(m.get(data_out), stored[0].0, "data_out at cycle {cycle}");
        }
        let do_reset = rng.gen_ratio(1, 500);
        let want_push = rng.gen_bool(0.55);
        let want_pop = rng.gen_bool(0.5);
        m.set(reset, do_reset as u64);
        m.set(push, want_push as u64);
        m.set(data_in, next_value);
        m.set(pop, want_pop as u64);
        m.tick();
        if do_reset {
            stored.clear();
            continue;
        }
        if want_pop && visible > 0 {
            stored.pop_front();
        }
        // A push sees `full` of this cycle, i.e. before this cycle's pop.
        let was_full = stored.len() + usize::from(want_pop && visible > 0) == 8;
        if want_push && !was_full {
            stored.push_back((next_value, cycle + 2));
            next_value =
                next_value.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407) & ((1 << 40) - 1);
        }
    }
}
