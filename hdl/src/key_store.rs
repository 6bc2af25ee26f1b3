//! Key-schedule store: N key slots, each holding the round keys of one expanded key, its key
//! size and a valid bit. The round keys live in distributed RAM (ECP5 `TRELLIS_DPR16X4`), the
//! valid bits and sizes in flip-flops.
//!
//! Ports:
//! - `clock`, `reset` (synchronous, active high: every slot invalid at once, every slot's round
//!   keys overwritten with zeros in the background, see below);
//! - write port from the key expansion (`write_enable`, `write_slot`, `write_round`, `write_key`,
//!   `write_size`, `write_first`, `write_last`): round key `write_round` of `write_slot` takes
//!   `write_key`; `write_first` clears the slot's valid bit, `write_last` sets it and records the
//!   size — unless a zeroize of the slot is pending or arrives in that cycle (zeroize wins);
//! - `zeroize_enable` + `zeroize_slot`: zeroize one slot; `zeroize_all`: every slot. The slot's
//!   valid bit and size clear in that cycle (no job can use it from the next one); its round keys
//!   are overwritten with zeros in the background;
//! - `busy` (out): a zeroize is pending or running (the caller starts no key load meanwhile);
//! - P = F + Q read ports, combinational (0 cycles), every cycle: `read_slot[p]` (5 bits) ->
//!   `read_key[p]` (128 bits); the first F ports are fixed-round ports (port p reads round key p:
//!   an unrolled pipeline's stage p, or round key 0 for a block entering a core), the last Q read
//!   round key `read_round[q]` (4 bits) at port F + q;
//! - query port `query_slot` -> `query_valid`, `query_size` (2-bit code), `query_rounds` (Nr: 10,
//!   12 or 14), combinational;
//! - `slot_valid` (32 bits): bit n = slot n holds a complete key.
//!
//! Storage (R = Nr_max + 1 round keys per slot):
//! - fixed port p reads its own RAM `round_ram[p]`: N entries of 128 bits, entry i = round key p
//!   of slot i (one per stage of an unrolled core: the default's 15 x 5 x 128 bits are 480
//!   DPR16X4 cells and no flip-flop);
//! - dynamic port q reads `schedule_ram[q]`: 16 N entries, entry 16 i + j = round key j of slot i
//!   (N banks of 16 behind an N:1 read mux);
//! - one write per cycle goes to every RAM (entry `write_slot` of round RAM `write_round`, entry
//!   16 `write_slot` + `write_round` of each schedule RAM).
//!
//! Background zeroize: a zeroize request sets the slot's bit in `scrub_pending` (reset sets every
//! bit on its first cycle and the scrub runs on while reset is held). The scrubber takes the
//! lowest pending slot and writes zeros into it through the write port in every cycle the key
//! expansion does not write: one cycle per slot when there are only fixed ports (every round RAM
//! at once), R cycles when there are schedule RAMs (one round per cycle). `busy` is high until
//! no bit is pending. Jobs of other slots run on meanwhile (the read ports are separate).
//!
//! Latency: a write in cycle t is visible on the read ports in cycle t+1. A zeroize in cycle t
//! makes the slot invalid in t+1; with the expansion idle its round keys read zero from t+2
//! (fixed ports only) or t+1+R (schedule RAMs), and a zeroize of all N slots (or reset) is done
//! after N or N R cycles (default, 5 slots x 1 cycle; small, 2 slots x 15 cycles).

use crate::dma::join::Join;
use crate::lut_ram::LutRam;
use crate::{constant, zero};
use rust_hdl::prelude::*;

/// Largest number of slots (5-bit slot index).
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
    pub busy: Signal<Out, Bit>,
    pub read_slot: Vec<Signal<In, Bits<5>>>,
    pub read_round: Vec<Signal<In, Bits<4>>>,
    pub read_key: Vec<Signal<Out, Bits<128>>>,
    pub query_slot: Signal<In, Bits<5>>,
    pub query_valid: Signal<Out, Bit>,
    pub query_size: Signal<Out, Bits<2>>,
    pub query_rounds: Signal<Out, Bits<4>>,
    pub slot_valid: Signal<Out, Bits<32>>,
    // storage
    round_ram: Vec<LutRam<Bits<128>, 5>>,
    schedule_ram: Vec<LutRam<Bits<128>, 9>>,
    schedule_read_address: Vec<Join<4, 5, 9>>,
    schedule_write_address: Vec<Join<4, 5, 9>>, // one, when there are schedule RAMs
    sizes: Vec<DFF<Bits<2>>>,
    valid: DFF<Bits<32>>,
    valid_next: Signal<Local, Bits<32>>,
    // the one write port: the expansion's write, else the scrubber's zeros
    ram_write_slot: Signal<Local, Bits<5>>,
    ram_write_round: Signal<Local, Bits<4>>,
    ram_write_key: Signal<Local, Bits<128>>,
    // background zeroize
    scrub_pending: DFF<Bits<32>>,
    scrub_pending_next: Signal<Local, Bits<32>>,
    scrub_active: DFF<Bit>,
    scrub_slot: DFF<Bits<5>>,
    scrub_round: DFF<Bits<4>>,
    scrub_write: Signal<Local, Bit>,
    scrub_finish: Signal<Local, Bit>,
    scrub_found: Signal<Local, Bit>,
    scrub_next_slot: Signal<Local, Bits<5>>,
    reset_held: DFF<Bit>,
    reset_first: Signal<Local, Bit>,
    zeroize_request: Signal<Local, Bits<32>>,
    // selection
    slot_index: Vec<Constant<Bits<5>>>,
    round_index: Vec<Constant<Bits<4>>>,
    slot_bit: Vec<Constant<Bits<32>>>,
    all_slots: Constant<Bits<32>>,
    scrub_last_round: Constant<Bits<4>>,
    one_4: Constant<Bits<4>>,
    size_192: Constant<Bits<2>>,
    size_256: Constant<Bits<2>>,
    rounds_128: Constant<Bits<4>>,
    rounds_192: Constant<Bits<4>>,
    rounds_256: Constant<Bits<4>>,
    zero_2: Constant<Bits<2>>,
    zero_4: Constant<Bits<4>>,
    zero_5: Constant<Bits<5>>,
    zero_32: Constant<Bits<32>>,
    _slots: usize,
    _fixed_ports: usize,
    _dynamic_ports: usize,
}

impl KeyStore {
    /// A store of `slots` slots with `rounds_per_slot` round keys each (Nr_max+1),
    /// `fixed_ports` fixed-round read ports (port p reads round p) and `dynamic_ports` read ports
    /// with a round input.
    pub fn new(slots: usize, rounds_per_slot: usize, fixed_ports: usize, dynamic_ports: usize) -> Self {
        let ports = fixed_ports + dynamic_ports;
        assert!(fixed_ports <= rounds_per_slot);
        assert!((1..=MAX_SLOTS).contains(&slots), "key store: 1..={MAX_SLOTS} slots");
        assert!((11..=15).contains(&rounds_per_slot), "key store: 11..=15 round keys per slot");
        let r = rounds_per_slot;
        // With schedule RAMs the scrubber visits every round of a slot; otherwise one cycle per slot.
        let scrub_rounds = if dynamic_ports > 0 { r } else { 1 };
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
            busy: Signal::default(),
            read_slot: (0..ports).map(|_| Signal::default()).collect(),
            read_round: (0..dynamic_ports).map(|_| Signal::default()).collect(),
            read_key: (0..ports).map(|_| Signal::default()).collect(),
            query_slot: Signal::default(),
            query_valid: Signal::default(),
            query_size: Signal::default(),
            query_rounds: Signal::default(),
            slot_valid: Signal::default(),
            round_ram: (0..fixed_ports).map(|_| LutRam::with_depth(slots)).collect(),
            schedule_ram: (0..dynamic_ports).map(|_| LutRam::with_depth(16 * slots)).collect(),
            schedule_read_address: (0..dynamic_ports).map(|_| Join::default()).collect(),
            schedule_write_address: (0..dynamic_ports.min(1)).map(|_| Join::default()).collect(),
            sizes: (0..slots).map(|_| Default::default()).collect(),
            valid: Default::default(),
            valid_next: Signal::default(),
            ram_write_slot: Signal::default(),
            ram_write_round: Signal::default(),
            ram_write_key: Signal::default(),
            scrub_pending: Default::default(),
            scrub_pending_next: Signal::default(),
            scrub_active: Default::default(),
            scrub_slot: Default::default(),
            scrub_round: Default::default(),
            scrub_write: Signal::default(),
            scrub_finish: Signal::default(),
            scrub_found: Signal::default(),
            scrub_next_slot: Signal::default(),
            reset_held: Default::default(),
            reset_first: Signal::default(),
            zeroize_request: Signal::default(),
            slot_index: (0..slots).map(|i| constant(i as u64)).collect(),
            round_index: (0..fixed_ports).map(|j| constant(j as u64)).collect(),
            slot_bit: (0..slots).map(|i| constant(1u64 << i)).collect(),
            all_slots: constant((1u64 << slots) - 1),
            scrub_last_round: constant(scrub_rounds as u64 - 1),
            one_4: constant(1),
            size_192: constant(1),
            size_256: constant(2),
            rounds_128: constant(10),
            rounds_192: constant(12),
            rounds_256: constant(14),
            zero_2: zero(),
            zero_4: zero(),
            zero_5: zero(),
            zero_32: zero(),
            _slots: slots,
            _fixed_ports: fixed_ports,
            _dynamic_ports: dynamic_ports,
        }
    }
}

impl Logic for KeyStore {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, valid, scrub_pending, scrub_active, scrub_slot, scrub_round, reset_held);
        for i in 0..self._slots {
            self.sizes[i].clock.next = self.clock.val();
            self.sizes[i].d.next = self.sizes[i].q.val();
        }

        // ---- the write port: the expansion's round key, else the scrubber's zeros ------------
        self.scrub_write.next = self.scrub_active.q.val() & !self.write_enable.val();
        self.ram_write_slot.next = self.write_slot.val();
        self.ram_write_round.next = self.write_round.val();
        self.ram_write_key.next = self.write_key.val();
        if self.scrub_write.val() {
            self.ram_write_slot.next = self.scrub_slot.q.val();
            self.ram_write_round.next = self.scrub_round.q.val();
            self.ram_write_key.next = 0_u128.to_bits();
        }

        // ---- round RAMs: fixed port p reads round key p by slot --------------------------------
        for p in 0..self._fixed_ports {
            self.round_ram[p].clock.next = self.clock.val();
            self.round_ram[p].write_address.next = self.ram_write_slot.val();
            self.round_ram[p].write_data.next = self.ram_write_key.val();
            self.round_ram[p].write_enable.next = self.scrub_write.val()
                | (self.write_enable.val() & (self.ram_write_round.val() == self.round_index[p].val()));
            self.round_ram[p].read_address.next = self.read_slot[p].val();
            self.read_key[p].next = self.round_ram[p].read_data.val();
        }

        // ---- schedule RAMs: dynamic port q reads entry 16 slot + round --------------------------
        // A one-pass loop only to name the first dynamic port's index (`#[hdl_gen]` has no `let`).
        for fixed in self._fixed_ports..(self._fixed_ports + 1) {
            for q in 0..self._dynamic_ports {
                self.schedule_write_address[0].low.next = self.ram_write_round.val();
                self.schedule_write_address[0].high.next = self.ram_write_slot.val();
                self.schedule_ram[q].clock.next = self.clock.val();
                self.schedule_ram[q].write_address.next = self.schedule_write_address[0].whole.val();
                self.schedule_ram[q].write_data.next = self.ram_write_key.val();
                self.schedule_ram[q].write_enable.next = self.scrub_write.val() | self.write_enable.val();
                self.schedule_read_address[q].low.next = self.read_round[q].val();
                self.schedule_read_address[q].high.next = self.read_slot[fixed + q].val();
                self.schedule_ram[q].read_address.next = self.schedule_read_address[q].whole.val();
                self.read_key[fixed + q].next = self.schedule_ram[q].read_data.val();
            }
        }

        // ---- query port -------------------------------------------------------------------------
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
        self.busy.next = self.scrub_active.q.val() | self.scrub_pending.q.val().any();

        // ---- zeroize requests: reset's first cycle, one slot, every slot -----------------------
        self.reset_held.d.next = self.reset.val();
        self.reset_first.next = self.reset.val() & !self.reset_held.q.val();
        self.zeroize_request.next = self.zero_32.val();
        if self.zeroize_all.val() | self.reset_first.val() {
            self.zeroize_request.next = self.all_slots.val();
        }
        for i in 0..self._slots {
            if self.zeroize_enable.val() & (self.zeroize_slot.val() == self.slot_index[i].val()) {
                self.zeroize_request.next = self.zeroize_request.val() | self.slot_bit[i].val();
            }
        }

        // ---- scrubber: finish the running slot, then take the lowest pending one ----------------
        self.scrub_finish.next = self.scrub_write.val() & (self.scrub_round.q.val() == self.scrub_last_round.val());
        self.scrub_pending_next.next = self.scrub_pending.q.val();
        if self.scrub_write.val() {
            self.scrub_round.d.next = self.scrub_round.q.val() + self.one_4.val();
        }
        if self.scrub_finish.val() {
            self.scrub_active.d.next = false;
            self.scrub_round.d.next = self.zero_4.val();
            for i in 0..self._slots {
                if self.scrub_slot.q.val() == self.slot_index[i].val() {
                    self.scrub_pending_next.next = self.scrub_pending_next.val() & !self.slot_bit[i].val();
                }
            }
        }
        self.scrub_pending_next.next = self.scrub_pending_next.val() | self.zeroize_request.val();
        self.scrub_found.next = false;
        self.scrub_next_slot.next = self.zero_5.val();
        for i in 0..self._slots {
            if !self.scrub_found.val() & (self.scrub_pending_next.val() & self.slot_bit[i].val()).any() {
                self.scrub_found.next = true;
                self.scrub_next_slot.next = self.slot_index[i].val();
            }
        }
        if (!self.scrub_active.q.val() | self.scrub_finish.val()) & self.scrub_found.val() {
            self.scrub_active.d.next = true;
            self.scrub_slot.d.next = self.scrub_next_slot.val();
            self.scrub_round.d.next = self.zero_4.val();
        }
        self.scrub_pending.d.next = self.scrub_pending_next.val();

        // ---- valid bits and sizes ----------------------------------------------------------------
        self.valid_next.next = self.valid.q.val();
        for i in 0..self._slots {
            if self.write_enable.val() & (self.write_slot.val() == self.slot_index[i].val()) {
                if self.write_first.val() {
                    self.valid_next.next = self.valid_next.val() & !self.slot_bit[i].val();
                }
                if self.write_last.val() & !(self.scrub_pending_next.val() & self.slot_bit[i].val()).any() {
                    self.valid_next.next = self.valid_next.val() | self.slot_bit[i].val();
                    self.sizes[i].d.next = self.write_size.val();
                }
            }
            if (self.zeroize_request.val() & self.slot_bit[i].val()).any() | self.reset.val() {
                self.valid_next.next = self.valid_next.val() & !self.slot_bit[i].val();
                self.sizes[i].d.next = self.zero_2.val();
            }
        }
        self.valid.d.next = self.valid_next.val();
    }
}
