//! Small FIFO (up to 16 entries) for commands and bookkeeping records.
//!
//! The entries live in a [`LutRam`] (ECP5 distributed RAM, read asynchronously at the read index,
//! which comes straight from a flip-flop); `full` and `empty` are flip-flops too, so no output
//! goes through more than the RAM's read. Unlike [`super::fifo::Fifo`] (block RAM, two-cycle
//! latency) an entry pushed in cycle t is at the head (`empty` low, `data_out` valid) in cycle t+1.
//!
//! Ports: `clock`, `reset` (synchronous, empties it); `push` + `data_in`, `full`; `pop`,
//! `data_out`, `empty`; `count` (entries held, 0..=depth). One push and one pop per cycle; a push
//! while `full` or a pop while `empty` is ignored. Depth is a construction parameter.

use crate::lut_ram::LutRam;
use crate::{constant, zero};
use rust_hdl::prelude::*;

/// FIFO of `depth` (1..=16) entries of `D` in distributed RAM.
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
    ram: LutRam<D, 4>,
    full_flag: DFF<Bit>,
    nonempty_flag: DFF<Bit>,
    write_index: DFF<Bits<4>>,
    read_index: DFF<Bits<4>>,
    held: DFF<Bits<5>>,
    do_push: Signal<Local, Bit>,
    do_pop: Signal<Local, Bit>,
    last_index: Constant<Bits<4>>,
    one4: Constant<Bits<4>>,
    one5: Constant<Bits<5>>,
    depth_minus_one: Constant<Bits<5>>,
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
            ram: Default::default(),
            full_flag: Default::default(),
            nonempty_flag: Default::default(),
            write_index: Default::default(),
            read_index: Default::default(),
            held: Default::default(),
            do_push: Default::default(),
            do_pop: Default::default(),
            last_index: Constant::new(((depth - 1) as u64).to_bits()),
            one4: constant(1),
            one5: constant(1),
            depth_minus_one: Constant::new(((depth - 1) as u64).to_bits()),
            zero_4: zero(),
            zero_5: zero(),
        }
    }
}

impl<D: Synth> Logic for SmallFifo<D> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, write_index, read_index, held, full_flag, nonempty_flag);
        self.full.next = self.full_flag.q.val();
        self.empty.next = !self.nonempty_flag.q.val();
        self.count.next = self.held.q.val();
        self.do_push.next = self.push.val() && !self.full_flag.q.val();
        self.do_pop.next = self.pop.val() && self.nonempty_flag.q.val();
        self.ram.clock.next = self.clock.val();
        self.ram.read_address.next = self.read_index.q.val();
        self.data_out.next = self.ram.read_data.val();
        self.ram.write_address.next = self.write_index.q.val();
        self.ram.write_data.next = self.data_in.val();
        self.ram.write_enable.next = self.do_push.val();
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
        // Flags of the next count, from the current one: no add in their path.
        if self.do_push.val() && !self.do_pop.val() {
            self.held.d.next = self.held.q.val() + self.one5.val();
            self.full_flag.d.next = self.held.q.val() == self.depth_minus_one.val();
            self.nonempty_flag.d.next = true;
        }
        if self.do_pop.val() && !self.do_push.val() {
            self.held.d.next = self.held.q.val() - self.one5.val();
            self.full_flag.d.next = false;
            self.nonempty_flag.d.next = self.held.q.val() != self.one5.val();
        }
        if self.reset.val() {
            self.write_index.d.next = self.zero_4.val();
            self.read_index.d.next = self.zero_4.val();
            self.held.d.next = self.zero_5.val();
            self.full_flag.d.next = false;
            self.nonempty_flag.d.next = false;
        }
    }
}
