//! RAM of up to 2^A entries with a clocked write and an asynchronous read: yosys maps it to ECP5
//! distributed RAM (`TRELLIS_DPR16X4`, 16 entries x 4 bits per cell; deeper RAMs are banks of
//! sixteen behind a read mux) instead of flip-flops read through a wide mux. Used by the small
//! queues (`dma::small_fifo`, 16 entries) and the key store (round keys by slot).
//!
//! Ports: `clock`; write side `write_enable`, `write_address` (A bits), `write_data`; read side
//! `read_address` (A bits) -> `read_data` (combinational). A write at the edge ending cycle t is
//! read in t+1. Depth is a construction parameter (`with_depth`, 1..=2^A; `Default` is 2^A); an
//! address at or beyond the depth is the caller's error (nothing checks it). Contents start at
//! zero (an `initial` loop, the RAM cells' INITVAL) and have no reset.

use rust_hdl::prelude::*;
use std::collections::BTreeMap;

#[derive(LogicBlock)]
pub struct LutRam<D: Synth, const A: usize> {
    pub clock: Signal<In, Clock>,
    pub read_address: Signal<In, Bits<A>>,
    pub read_data: Signal<Out, D>,
    pub write_address: Signal<In, Bits<A>>,
    pub write_data: Signal<In, D>,
    pub write_enable: Signal<In, Bit>,
    _depth: usize,
    _sim: BTreeMap<Bits<A>, D>,
}

impl<D: Synth, const A: usize> LutRam<D, A> {
    /// A RAM of `depth` entries (addresses 0..depth).
    pub fn with_depth(depth: usize) -> Self {
        assert!(depth >= 1 && depth <= 1 << A, "LutRam of {depth} entries with a {A}-bit address");
        LutRam {
            clock: Default::default(),
            read_address: Default::default(),
            read_data: Default::default(),
            write_address: Default::default(),
            write_data: Default::default(),
            write_enable: Default::default(),
            _depth: depth,
            _sim: Default::default(),
        }
    }
}

impl<D: Synth, const A: usize> Default for LutRam<D, A> {
    fn default() -> Self {
        Self::with_depth(1 << A)
    }
}

impl<D: Synth, const A: usize> Logic for LutRam<D, A> {
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
        // Index with just the bits the depth needs (Verilator's WIDTH rule for array indices);
        // the address bits above them are the caller's to keep at zero, and are consumed in a
        // wire whose name Verilator's UNUSED rules skip.
        let index_bits = (usize::BITS - (self._depth - 1).leading_zeros()).clamp(1, A as u32) as usize;
        let (index, unused) = if index_bits < A {
            (
                format!("[{}:0]", index_bits - 1),
                format!(
                    "wire unused_address_bits = &{{1'b0, read_address[{top}:{index_bits}], write_address[{top}:{index_bits}]}};\n",
                    top = A - 1
                ),
            )
        } else {
            (String::new(), String::new())
        };
        Verilog::Custom(format!(
            "{unused}reg [{top}:0] mem [0:{last}];\n\
             integer i;\n\
             initial begin\n\
             \x20   for (i = 0; i < {depth}; i = i + 1) mem[i] = {bits}'d0;\n\
             end\n\
             always @(posedge clock) begin\n\
             \x20   if (write_enable) begin\n\
             \x20       mem[write_address{index}] <= write_data;\n\
             \x20   end\n\
             end\n\
             always @(*) read_data = mem[read_address{index}];\n",
            top = D::BITS - 1,
            last = self._depth - 1,
            depth = self._depth,
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
