//! Register slice (skid buffer) for a valid/ready stream: every output is a flip-flop, so no
//! combinational path crosses it in either direction (verilog-axi's `axis_register` in its skid
//! mode, OpenTitan's `prim_fifo_sync` with two entries and registered flags).
//!
//! Ports: `clock`, `reset` (synchronous: empties both entries); upstream `in_valid`, `in_data`,
//! `in_ready` (out, a register: the skid entry is free); downstream `out_valid` (a register),
//! `out_data` (a register), `out_ready`.
//!
//! Method: the main entry drives the outputs. When the main entry moves on (or is empty) it takes
//! the skid entry if that is full, else the input; when it stalls, an input accepted in that
//! cycle (`in_ready` was high) goes to the skid entry, and `in_ready` falls until the skid entry
//! has moved to the main one.
//!
//! Latency: one cycle (a word taken in cycle t is offered in t+1). Throughput: one word per
//! cycle, also across a stall (the skid entry absorbs the word in flight).

use rust_hdl::prelude::*;

#[derive(LogicBlock, Default)]
pub struct RegisterSlice<D: Synth> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub in_valid: Signal<In, Bit>,
    pub in_data: Signal<In, D>,
    pub in_ready: Signal<Out, Bit>,
    pub out_valid: Signal<Out, Bit>,
    pub out_data: Signal<Out, D>,
    pub out_ready: Signal<In, Bit>,
    main_valid: DFF<Bit>,
    main_data: DFF<D>,
    skid_valid: DFF<Bit>,
    skid_data: DFF<D>,
}

impl<D: Synth> Logic for RegisterSlice<D> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, main_valid, main_data, skid_valid, skid_data);
        self.in_ready.next = !self.skid_valid.q.val();
        self.out_valid.next = self.main_valid.q.val();
        self.out_data.next = self.main_data.q.val();
        if self.out_ready.val() || !self.main_valid.q.val() {
            if self.skid_valid.q.val() {
                self.main_valid.d.next = true;
                self.main_data.d.next = self.skid_data.q.val();
                self.skid_valid.d.next = false;
            } else {
                self.main_valid.d.next = self.in_valid.val();
                self.main_data.d.next = self.in_data.val();
            }
        } else if self.in_valid.val() && !self.skid_valid.q.val() {
            self.skid_valid.d.next = true;
            self.skid_data.d.next = self.in_data.val();
        }
        if self.reset.val() {
            self.main_valid.d.next = false;
            self.skid_valid.d.next = false;
        }
    }
}
