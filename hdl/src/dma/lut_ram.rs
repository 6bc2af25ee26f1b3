//! Sixteen-entry RAM with a clocked write and an asynchronous read, for the small queues: yosys
//! maps it to ECP5 distributed RAM (`TRELLIS_DPR16X4`, four bits per cell) instead of flip-flops
//! read through a 16:1 mux.
//!
//! Ports: `clock`; write side `write_enable`, `write_address` (4), `write_data`; read side
//! `read_address` (4) -> `read_data` (combinational). A write at the edge ending cycle t is read
//! in t+1. Contents start at zero (an `initial` loop, the RAM cells' INITVAL) and have no reset.

use rust_hdl::prelude::*;
use std::collections::BTreeMap;

#[derive(LogicBlock)]
pub struct LutRam<D: Synth> {
    pub clock: Signal<In, Clock>,
    pub read_address: Signal<In, Bits<4>>,
    pub read_data: Signal<Out, D>,
    pub write_address: Signal<In, Bits<4>>,
    pub write_data: Signal<In, D>,
    pub write_enable: Signal<In, Bit>,
    _sim: BTreeMap<Bits<4>, D>,
}

impl<D: Synth> Default for LutRam<D> {
    fn default() -> Self {
        LutRam {
            clock: Default::default(),
            read_address: Default::default(),
            read_data: Default::default(),
            write_address: Default::default(),
            write_data: Default::default(),
            write_enable: Default::default(),
            _sim: Default::default(),
        }
    }
}

impl<D: Synth> Logic for LutRam<D> {
    fn update(&mut self) {
        if self.clock.pos_edge() && self.write_enable.val() {
            self._sim.insert(self.write_address.val(), self.write_data.val());
        }
        self.read_data.next = *self._sim.get(&self.read_address.val()).unwrap_or(&D::default());
    }

    fn connect(&mut self) {
        self.read_data.connect();
    }

    fn hdl(&self) -> Verilog {
        Verilog::Custom(format!(
            "reg [{top}:0] mem [0:15];\n\
             integer i;\n\
             initial begin\n\
             \x20   for (i = 0; i < 16; i = i + 1) mem[i] = {bits}'d0;\n\
             end\n\
             always @(posedge clock) begin\n\
             \x20   if (write_enable) begin\n\
             \x20       mem[write_address] <= write_data;\n\
             \x20   end\n\
             end\n\
             always @(*) read_data = mem[read_address];\n",
            top = D::BITS - 1,
            bits = D::BITS,
        ))
    }

    fn timing(&self) -> Vec<TimingInfo> {
        vec![TimingInfo {
            name: "lut_ram_write".into(),
            clock: "clock".into(),
            inputs: vec!["write_address".into(), "write_data".into(), "write_enable".into()],
            outputs: vec![],
        }]
    }
}
