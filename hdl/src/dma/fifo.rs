//! Synchronous first-word-fall-through FIFO with a synchronous reset and fill counts, on a simple
//! dual-port RAM (registered read) whose depth is a construction parameter.
//!
//! rust-hdl's own `SynchronousFIFO` has no reset input (its pointers only have power-on values, so
//! QRESET could not empty it) and its depth is a type parameter; this one takes `depth` (a power of
//! two, 2..=1024) at construction so that buffers can be sized from the configuration (e.g. two
//! bursts of `max_burst` beats) without a new Rust type per size.
//!
//! Ports:
//! - `clock`, `reset` (synchronous, active high: empties the FIFO; the RAM contents are kept);
//! - write side: `push`, `data_in`; `full`, `free` (entries that can still be pushed);
//! - read side: `data_out` valid while `empty` is low, `pop` removes it; `count` (entries the
//!   reader can see).
//!
//! Latency: an entry pushed in cycle t is visible (`empty` low, `data_out` valid) in cycle t+2.
//! Throughput: one push and one pop per cycle, also when full (a pop frees a slot for the next
//! cycle) and when empty. `push` while `full` and `pop` while `empty` are ignored.

use crate::{constant, zero};
use rust_hdl::prelude::*;
use std::collections::BTreeMap;

/// Simple dual-port RAM of `entries` words of `D`, registered read, write-first never needed.
#[derive(LogicBlock)]
pub struct BufferRam<D: Synth> {
    pub clock: Signal<In, Clock>,
    pub read_address: Signal<In, Bits<10>>,
    pub read_data: Signal<Out, D>,
    pub write_address: Signal<In, Bits<10>>,
    pub write_data: Signal<In, D>,
    pub write_enable: Signal<In, Bit>,
    _entries: usize,
    _sim: BTreeMap<Bits<10>, D>,
}

impl<D: Synth> BufferRam<D> {
    pub fn new(entries: usize) -> Self {
        assert!(entries.is_power_of_two() && (2..=1024).contains(&entries), "BufferRam: 2..=1024 entries");
        BufferRam {
            clock: Default::default(),
            read_address: Default::default(),
            read_data: Default::default(),
            write_address: Default::default(),
            write_data: Default::default(),
            write_enable: Default::default(),
            _entries: entries,
            _sim: Default::default(),
        }
    }
}

impl<D: Synth> Logic for BufferRam<D> {
    fn update(&mut self) {
        if self.clock.pos_edge() {
            self.read_data.next = *self._sim.get(&self.read_address.val()).unwrap_or(&D::default());
            if self.write_enable.val() {
                self._sim.insert(self.write_address.val(), self.write_data.val());
            }
        }
    }

    fn connect(&mut self) {
        self.read_data.connect();
    }

    fn hdl(&self) -> Verilog {
        let bits = self._entries.trailing_zeros();
        // Address bits above log2(entries) are unused by design (the FIFO's pointers wrap).
        let unused = if bits < 10 {
            format!("wire unused_address_bits = &{{1'b0, read_address[9:{bits}], write_address[9:{bits}]}};\n")
        } else {
            String::new()
        };
        Verilog::Custom(format!(
            "{unused}reg [{top}:0] mem [0:{last}];\n\
             always @(posedge clock) begin\n\
             \x20   read_data <= mem[read_address[{abits}:0]];\n\
             \x20   if (write_enable) begin\n\
             \x20       mem[write_address[{abits}:0]] <= write_data;\n\
             \x20   end\n\
             end\n",
            top = D::BITS - 1,
            last = self._entries - 1,
            abits = bits.max(1) - 1,
        ))
    }

    fn timing(&self) -> Vec<TimingInfo> {
        vec![TimingInfo {
            name: "buffer_ram".into(),
            clock: "clock".into(),
            inputs: vec!["read_address".into(), "write_address".into(), "write_data".into(), "write_enable".into()],
            outputs: vec!["read_data".into()],
        }]
    }
}

/// FIFO of `depth` entries of `D`.
#[derive(LogicBlock)]
pub struct Fifo<D: Synth> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub push: Signal<In, Bit>,
    pub data_in: Signal<In, D>,
    pub full: Signal<Out, Bit>,
    pub free: Signal<Out, Bits<11>>,
    pub pop: Signal<In, Bit>,
    pub data_out: Signal<Out, D>,
    pub empty: Signal<Out, Bit>,
    pub count: Signal<Out, Bits<11>>,
    ram: BufferRam<D>,
    write_pointer: DFF<Bits<11>>,
    visible_pointer: DFF<Bits<11>>,
    read_pointer: DFF<Bits<11>>,
    used: Signal<Local, Bits<11>>,
    do_push: Signal<Local, Bit>,
    do_pop: Signal<Local, Bit>,
    is_full: Signal<Local, Bit>,
    is_empty: Signal<Local, Bit>,
    next_read: Signal<Local, Bits<11>>,
    depth: Constant<Bits<11>>,
    one11: Constant<Bits<11>>,
    zero_11: Constant<Bits<11>>,
}

impl<D: Synth> Fifo<D> {
    /// A FIFO of `depth` entries (a power of two, 2..=1024).
    pub fn new(depth: usize) -> Self {
        Fifo {
            clock: Default::default(),
            reset: Default::default(),
            push: Default::default(),
            data_in: Default::default(),
            full: Default::default(),
            free: Default::default(),
            pop: Default::default(),
            data_out: Default::default(),
            empty: Default::default(),
            count: Default::default(),
            ram: BufferRam::new(depth),
            write_pointer: Default::default(),
            visible_pointer: Default::default(),
            read_pointer: Default::default(),
            used: Default::default(),
            do_push: Default::default(),
            do_pop: Default::default(),
            is_full: Default::default(),
            is_empty: Default::default(),
            next_read: Default::default(),
            depth: constant(depth as u64),
            one11: constant(1),
            zero_11: zero(),
        }
    }
}

impl<D: Synth> Logic for Fifo<D> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, write_pointer, visible_pointer, read_pointer);
        self.ram.clock.next = self.clock.val();
        // Pointers count modulo 2048 (depth <= 1024 keeps full and empty apart); the RAM uses their
        // low log2(depth) bits.
        self.used.next = self.write_pointer.q.val() - self.read_pointer.q.val();
        self.is_full.next = self.used.val() == self.depth.val();
        self.is_empty.next = self.visible_pointer.q.val() == self.read_pointer.q.val();
        self.full.next = self.is_full.val();
        self.empty.next = self.is_empty.val();
        self.free.next = self.depth.val() - self.used.val();
        self.count.next = self.visible_pointer.q.val() - self.read_pointer.q.val();
        self.do_push.next = self.push.val() && !self.is_full.val();
        self.do_pop.next = self.pop.val() && !self.is_empty.val();
        self.ram.write_address.next = self.write_pointer.q.val().get_bits::<10>(0);
        self.ram.write_data.next = self.data_in.val();
        self.ram.write_enable.next = self.do_push.val();
        self.next_read.next = self.read_pointer.q.val();
        if self.do_pop.val() {
            self.next_read.next = self.read_pointer.q.val() + self.one11.val();
        }
        self.ram.read_address.next = self.next_read.val().get_bits::<10>(0);
        self.data_out.next = self.ram.read_data.val();
        if self.do_push.val() {
            self.write_pointer.d.next = self.write_pointer.q.val() + self.one11.val();
        }
        self.read_pointer.d.next = self.next_read.val();
        self.visible_pointer.d.next = self.write_pointer.q.val();
        if self.reset.val() {
            self.write_pointer.d.next = self.zero_11.val();
            self.visible_pointer.d.next = self.zero_11.val();
            self.read_pointer.d.next = self.zero_11.val();
        }
    }
}
