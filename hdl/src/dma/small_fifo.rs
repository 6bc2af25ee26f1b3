//! Small register-based FIFO (up to 16 entries) for commands and bookkeeping records.
//!
//! Unlike [`super::fifo::Fifo`] (RAM, two-cycle latency) the head is read straight from flip-flops:
//! an entry pushed in cycle t is at the head (`empty` low, `data_out` valid) in cycle t+1.
//!
//! Ports: `clock`, `reset` (synchronous, empties it); `push` + `data_in`, `full`; `pop`,
//! `data_out`, `empty`; `count` (entries held, 0..=depth). One push and one pop per cycle; a push
//! while `full` or a pop while `empty` is ignored. Depth is a construction parameter.

use rust_hdl::prelude::*;

/// Register FIFO of `depth` (1..=16) entries of `D`.
#[derive(LogicBlock)]
pub struct SmallFifo<D: Synth> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub push: Signal<In, Bit>,
    pub data_in: Signal<In, D>,
    pub full: Signal<Out, Bit>,
    pub pop: Signal<In, Bit>,
    pub data_out: Signal<Out, D>,
    pub empty: Signal<Out, Bit>,
    pub count: Signal<Out, Bits<5>>,
    entries: Vec<DFF<D>>,
    write_index: DFF<Bits<4>>,
    read_index: DFF<Bits<4>>,
    held: DFF<Bits<5>>,
    do_push: Signal<Local, Bit>,
    do_pop: Signal<Local, Bit>,
    last_index: Constant<Bits<4>>,
    depth_value: Constant<Bits<5>>,
    one4: Constant<Bits<4>>,
    one5: Constant<Bits<5>>,
    index_values: Vec<Constant<Bits<4>>>,
    _depth: usize,
    zero_4: Constant<Bits<4>>,
    zero_5: Constant<Bits<5>>,
}

impl<D: Synth> SmallFifo<D> {
    pub fn new(depth: usize) -> Self {
        assert!((1..=16).contains(&depth), "SmallFifo depth 1..=16");
        SmallFifo {
            clock: Default::default(),
            reset: Default::default(),
            push: Default::default(),
            data_in: Default::default(),
            full: Default::default(),
            pop: Default::default(),
            data_out: Default::default(),
            empty: Default::default(),
            count: Default::default(),
            entries: (0..depth).map(|_| Default::default()).collect(),
            write_index: Default::default(),
            read_index: Default::default(),
            held: Default::default(),
            do_push: Default::default(),
            do_pop: Default::default(),
            last_index: Constant::new(((depth - 1) as u64).to_bits()),
            depth_value: Constant::new((depth as u64).to_bits()),
            one4: Constant::new(1u64.to_bits()),
            one5: Constant::new(1u64.to_bits()),
            index_values: (0..depth).map(|i| Constant::new((i as u64).to_bits())).collect(),
            _depth: depth,
            zero_4: Constant::new(0u64.to_bits()),
            zero_5: Constant::new(0u64.to_bits()),
        }
    }
}

impl<D: Synth> Logic for SmallFifo<D> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, write_index, read_index, held);
        self.full.next = self.held.q.val() == self.depth_value.val();
        self.empty.next = !self.held.q.val().any();
        self.count.next = self.held.q.val();
        self.do_push.next = self.push.val() && (self.held.q.val() != self.depth_value.val());
        self.do_pop.next = self.pop.val() && (self.held.q.val().any());
        self.data_out.next = self.entries[0].q.val();
        for i in 0..self._depth {
            self.entries[i].clock.next = self.clock.val();
            self.entries[i].d.next = self.entries[i].q.val();
            if self.read_index.q.val() == self.index_values[i].val() {
                self.data_out.next = self.entries[i].q.val();
            }
            if self.do_push.val() && (self.write_index.q.val() == self.index_values[i].val()) {
                self.entries[i].d.next = self.data_in.val();
            }
        }
        if self.do_push.val() {
            if self.write_index.q.val() == self.last_index.val() {
                self.write_index.d.next = self.zero_4.val();
            } else {
                self.write_index.d.next = self.write_index.q.val() + self.one4.val();
            }
        }
        if self.do_pop.val() {
            if self.read_index.q.val() == self.last_index.val() {
                self.read_index.d.next = self.zero_4.val();
            } else {
                self.read_index.d.next = self.read_index.q.val() + self.one4.val();
            }
        }
        if self.do_push.val() && !self.do_pop.val() {
            self.held.d.next = self.held.q.val() + self.one5.val();
        }
        if self.do_pop.val() && !self.do_push.val() {
            self.held.d.next = self.held.q.val() - self.one5.val();
        }
        if self.reset.val() {
            self.write_index.d.next = self.zero_4.val();
            self.read_index.d.next = self.zero_4.val();
            self.held.d.next = self.zero_5.val();
        }
    }
}
