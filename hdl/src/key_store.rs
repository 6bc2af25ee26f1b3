//! Key-schedule store: N key slots, each holding the round keys of one
//! expanded key, its key size and a valid bit.
//!
//! Ports:
//! - `clock`, `reset` (synchronous, active high: zeroizes every slot);
//! - write port from the key expansion (`write_enable`, `write_slot`,
//!   `write_round`, `write_key`, `write_size`, `write_first`, `write_last`):
//!   round key `write_round` of `write_slot` takes `write_key`; `write_first`
//!   clears the slot's valid bit, `write_last` sets it and records the size;
//! - `zeroize_enable` + `zeroize_slot`: clear one slot (round keys, size,
//!   valid); `zeroize_all`: clear every slot. Zeroizing wins over a write in
//!   the same cycle;
//! - P = F + Q read ports, combinational (0 cycles), every cycle:
//!   `read_slot[p]` (5 bits) -> `read_key[p]` (128 bits); the first F ports
//!   are fixed-round ports (port p reads round key p: an unrolled pipeline's
//!   stage p, or round key 0 for a block entering a core), the last Q read
//!   round key `read_round[q]` (4 bits) at port F + q;
//! - query port `query_slot` -> `query_valid`, `query_size` (2-bit code),
//!   `query_rounds` (Nr: 10, 12 or 14), combinational;
//! - `slot_valid` (32 bits): bit n = slot n holds a complete key.
//!
//! Latency: a write or zeroize in cycle t is visible on the read ports in
//! cycle t+1. Storage is flip-flops (N x (Nr_max+1) x 128 bits) so that a
//! zeroize of one slot or of all slots takes one cycle.
//!
//! Round key j of slot i is entry i*R + j of a flat register array (R =
//! Nr_max + 1); a read port ORs the entries whose (slot, round) equal its
//! address: an N-way mux for a fixed-round port, N*R-way for the others.

use crate::{constant, zero};
use rust_hdl::prelude::*;

/// Largest number of slots (5-bit slot index, 256-entry select masks).
pub const MAX_SLOTS: usize = 17;

#[derive(LogicBlock)]
pub struct KeyStore {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub write_enable: Signal<In, Bit>,
    pub write_slot: Signal<In, Bits<5>>,
    pub write_round: Signal<In, Bits<4>>,
    pub write_key: Signal<In, Bits<128>>,
    pub write_size: Signal<In, Bits<2>>,
    pub write_first: Signal<In, Bit>,
    pub write_last: Signal<In, Bit>,
    pub zeroize_enable: Signal<In, Bit>,
    pub zeroize_slot: Signal<In, Bits<5>>,
    pub zeroize_all: Signal<In, Bit>,
    pub read_slot: Vec<Signal<In, Bits<5>>>,
    pub read_round: Vec<Signal<In, Bits<4>>>,
    pub read_key: Vec<Signal<Out, Bits<128>>>,
    pub query_slot: Signal<In, Bits<5>>,
    pub query_valid: Signal<Out, Bit>,
    pub query_size: Signal<Out, Bits<2>>,
    pub query_rounds: Signal<Out, Bits<4>>,
    pub slot_valid: Signal<Out, Bits<32>>,
    // storage
    round_keys: Vec<DFF<Bits<128>>>,
    sizes: Vec<DFF<Bits<2>>>,
    valid: DFF<Bits<32>>,
    valid_next: Signal<Local, Bits<32>>,
    // selection
    slot_index: Vec<Constant<Bits<5>>>,
    round_index: Vec<Constant<Bits<4>>>,
    slot_bit: Vec<Constant<Bits<32>>>,
    size_192: Constant<Bits<2>>,
    size_256: Constant<Bits<2>>,
    rounds_128: Constant<Bits<4>>,
    rounds_192: Constant<Bits<4>>,
    rounds_256: Constant<Bits<4>>,
    zero_2: Constant<Bits<2>>,
    _slots: usize,
    _rounds_per_slot: usize,
    _fixed_ports: usize,
    _dynamic_ports: usize,
}

impl KeyStore {
    /// A store of `slots` slots with `rounds_per_slot` round keys each
    /// (Nr_max+1), `fixed_ports` fixed-round read ports (port p reads round p)
    /// and `dynamic_ports` read ports with a round input.
    pub fn new(slots: usize, rounds_per_slot: usize, fixed_ports: usize, dynamic_ports: usize) -> Self {
        let ports = fixed_ports + dynamic_ports;
        assert!(fixed_ports <= rounds_per_slot);
        assert!((1..=MAX_SLOTS).contains(&slots), "key store: 1..={MAX_SLOTS} slots");
        assert!((11..=15).contains(&rounds_per_slot), "key store: 11..=15 round keys per slot");
        assert!(slots * rounds_per_slot <= 256);
        let r = rounds_per_slot;
        KeyStore {
            clock: Signal::default(),
            reset: Signal::default(),
            write_enable: Signal::default(),
            write_slot: Signal::default(),
            write_round: Signal::default(),
            write_key: Signal::default(),
            write_size: Signal::default(),
            write_first: Signal::default(),
            write_last: Signal::default(),
            zeroize_enable: Signal::default(),
            zeroize_slot: Signal::default(),
            zeroize_all: Signal::default(),
            read_slot: (0..ports).map(|_| Signal::default()).collect(),
            read_round: (0..dynamic_ports).map(|_| Signal::default()).collect(),
            read_key: (0..ports).map(|_| Signal::default()).collect(),
            query_slot: Signal::default(),
            query_valid: Signal::default(),
            query_size: Signal::default(),
            query_rounds: Signal::default(),
            slot_valid: Signal::default(),
            round_keys: (0..slots * r).map(|_| Default::default()).collect(),
            sizes: (0..slots).map(|_| Default::default()).collect(),
            valid: Default::default(),
            valid_next: Signal::default(),
            slot_index: (0..slots).map(|i| constant(i as u64)).collect(),
            round_index: (0..r).map(|j| constant(j as u64)).collect(),
            slot_bit: (0..slots).map(|i| constant(1u64 << i)).collect(),
            size_192: constant(1),
            size_256: constant(2),
            rounds_128: constant(10),
            rounds_192: constant(12),
            rounds_256: constant(14),
            zero_2: zero(),
            _slots: slots,
            _rounds_per_slot: r,
            _fixed_ports: fixed_ports,
            _dynamic_ports: dynamic_ports,
        }
    }
}

impl Logic for KeyStore {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, valid);
        for i in 0..self._slots {
            self.sizes[i].clock.next = self.clock.val();
            self.sizes[i].d.next = self.sizes[i].q.val();
        }
        for e in 0..self.round_keys.len() {
            self.round_keys[e].clock.next = self.clock.val();
            self.round_keys[e].d.next = self.round_keys[e].q.val();
        }

        for stride in self._rounds_per_slot..(self._rounds_per_slot + 1) {
            // ---- read ports: entry i * R + j holds round key j of slot i ------
            for p in 0..self._fixed_ports {
                self.read_key[p].next = 0_u128.to_bits();
                for i in 0..self._slots {
                    if self.read_slot[p].val() == self.slot_index[i].val() {
                        self.read_key[p].next = self.round_keys[i * stride + p].q.val();
                    }
                }
            }
            for fixed in self._fixed_ports..(self._fixed_ports + 1) {
                for q in 0..self._dynamic_ports {
                    self.read_key[fixed + q].next = 0_u128.to_bits();
                    for i in 0..self._slots {
                        for j in 0..self._rounds_per_slot {
                            if (self.read_slot[fixed + q].val() == self.slot_index[i].val())
                                & (self.read_round[q].val() == self.round_index[j].val())
                            {
                                self.read_key[fixed + q].next = self.round_keys[i * stride + j].q.val();
                            }
                        }
                    }
                }
            }

            // ---- query port ---------------------------------------------------
            self.query_valid.next = false;
            self.query_size.next = self.zero_2.val();
            for i in 0..self._slots {
                if self.query_slot.val() == self.slot_index[i].val() {
                    self.query_valid.next = (self.valid.q.val() & self.slot_bit[i].val()).any();
                    self.query_size.next = self.sizes[i].q.val();
                }
            }
            self.query_rounds.next = self.rounds_128.val();
            if self.query_size.val() == self.size_192.val() {
                self.query_rounds.next = self.rounds_192.val();
            }
            if self.query_size.val() == self.size_256.val() {
                self.query_rounds.next = self.rounds_256.val();
            }
            self.slot_valid.next = self.valid.q.val();

            // ---- writes and zeroize -------------------------------------------
            self.valid_next.next = self.valid.q.val();
            for i in 0..self._slots {
                if self.write_enable.val() & (self.write_slot.val() == self.slot_index[i].val()) {
                    for j in 0..self._rounds_per_slot {
                        if self.write_round.val() == self.round_index[j].val() {
                            self.round_keys[i * stride + j].d.next = self.write_key.val();
                        }
                    }
                    if self.write_first.val() {
                        self.valid_next.next = self.valid_next.val() & !self.slot_bit[i].val();
                    }
                    if self.write_last.val() {
                        self.valid_next.next = self.valid_next.val() | self.slot_bit[i].val();
                        self.sizes[i].d.next = self.write_size.val();
                    }
                }
                if (self.zeroize_enable.val() & (self.zeroize_slot.val() == self.slot_index[i].val()))
                    | self.zeroize_all.val()
                    | self.reset.val()
                {
                    self.valid_next.next = self.valid_next.val() & !self.slot_bit[i].val();
                    self.sizes[i].d.next = self.zero_2.val();
                    for j in 0..self._rounds_per_slot {
                        self.round_keys[i * stride + j].d.next = 0_u128.to_bits();
                    }
                }
            }
            self.valid.d.next = self.valid_next.val();
            if self.reset.val() {
                self.valid.d.next = 0_u32.to_bits();
            }
        }
    }
}
