//! A flip-flop for FSM state enums: rust-hdl's `DFF` emits an `initial` block whose value literal
//! is 64 bits wide for an enum (a width mismatch under `verilator -Wall`); this register has the
//! same ports (`clock`, `d`, `q`, so `dff_setup!` works) and no power-on value — every FSM using it
//! has an explicit synchronous reset to its first state (`Idle`).
//!
//! Latency: `q` takes `d` at each rising edge of `clock`.

use rust_hdl::prelude::*;

#[derive(Clone, Debug, LogicBlock)]
pub struct StateRegister<T: Synth> {
    pub d: Signal<In, T>,
    pub q: Signal<Out, T>,
    pub clock: Signal<In, Clock>,
}

impl<T: Synth> Default for StateRegister<T> {
    fn default() -> Self {
        StateRegister { d: Signal::default(), q: Signal::default(), clock: Signal::default() }
    }
}

impl<T: Synth> Logic for StateRegister<T> {
    fn update(&mut self) {
        if self.clock.pos_edge() {
            self.q.next = self.d.val();
        }
    }

    fn connect(&mut self) {
        self.q.connect();
    }

    fn hdl(&self) -> Verilog {
        Verilog::Custom("always @(posedge clock) begin\n   q <= d;\nend\n".into())
    }

    fn timing(&self) -> Vec<TimingInfo> {
        vec![TimingInfo {
            name: "state_register".into(),
            clock: "clock".into(),
            inputs: vec!["d".into()],
            outputs: vec!["q".into()],
        }]
    }
}
