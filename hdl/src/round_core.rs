//! The AES round core: encrypts groups of L blocks (L lanes side by side, in
//! lockstep, sharing one key slot and key size) with the architecture the
//! configuration chooses.
//!
//! Ports: `clock`, `reset` (synchronous: empties the core and zeroes its
//! registers; the read registers of S-box ROMs, which have no reset, read
//! address 0 during reset and so hold the constant 0x63 in every byte); input `in_valid`, `in_ready` (out), `in_blocks[l]` (128 bits
//! per lane), `in_slot` (5), `in_rounds` (Nr = 10/12/14), `in_tag` (8 bits of
//! side-band carried with the group); output `out_valid`, `out_ready` (in),
//! `out_blocks[l]` (ciphertext = keystream), `out_tag`; key store read ports
//! `key_slot[p]` (out) -> `key[p]` (in, combinational), where port p <
//! `fixed_key_ports()` reads round key p and port F + q reads round key
//! `key_round[q]` (out);
//! `idle` (out): no group inside.
//!
//! Architectures (S = Nr of the largest configured key size):
//! - unrolled: an input register (state ^ round key 0) and S round stages,
//!   each with a register. Stage s applies round s when s <= Nr of its group
//!   (the final round, without mix_columns, when s = Nr) and passes the state
//!   on unchanged when s > Nr, so groups of every key size and slot follow
//!   each other back to back. Throughput one group (L blocks) per cycle;
//!   latency S + 1 cycles from acceptance to `out_valid` (15 for S = 14);
//!   S + 1 fixed-round key ports (port s reads round key s).
//!   With the registered S-box style (`sbox: rom`) each stage's register is
//!   the S-box ROMs' read register instead: stage s holds sub_bytes(state
//!   after round s-1) and shift_rows/mix_columns/add_round_key of round s
//!   follow it combinationally, straight into the ROM addresses of stage
//!   s + 1 (or the output). Stage s's key port then reads round key s of the
//!   group in stage s. Stages after the smallest offered Nr (s > 10 when
//!   AES-128 is offered) add a 128-bit bypass register per lane that carries
//!   the state of groups that have finished; the input register stays a
//!   flip-flop register. Same latency and throughput as the other styles.
//! - iterative, interleave k (see `iterative_control.rs`): one round
//!   datapath per lane with k registers in its loop; k groups in flight, a
//!   group accepted in cycle t is in the output register at t + k*Nr + 1; one
//!   group per Nr cycles on average (k per k*Nr); 2 key ports (0, fixed: round key 0 for the
//!   entering group; 1: the round key at add_round_key, round `key_round[0]`).
//!   With `sbox: rom` the S-box ROMs' read register is one of the k loop
//!   registers: the ring register itself at k = 1 (the ROMs are addressed by
//!   the ring's next value), cut A at k >= 2 (addressed by the ring
//!   register); same cycles as the other styles.
//!
//! Back-pressure: the whole core holds while its output is full and
//! `out_ready` is low; `in_ready` depends combinationally on `out_ready`.
//! These latencies are measured through the engine (see
//! `keystream_engine.rs`: engine latency = core latency + 2).

use crate::aes_round::AesRound;
use crate::config::{Architecture, Config, SBoxStyle};
use crate::iterative_control::IterativeControl;
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct RoundCore {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub in_valid: Signal<In, Bit>,
    pub in_ready: Signal<Out, Bit>,
    pub in_blocks: Vec<Signal<In, Bits<128>>>,
    pub in_slot: Signal<In, Bits<5>>,
    pub in_rounds: Signal<In, Bits<4>>,
    pub in_tag: Signal<In, Bits<8>>,
    pub out_valid: Signal<Out, Bit>,
    pub out_ready: Signal<In, Bit>,
    pub out_blocks: Vec<Signal<Out, Bits<128>>>,
    pub out_tag: Signal<Out, Bits<8>>,
    pub key_slot: Vec<Signal<Out, Bits<5>>>,
    pub key_round: Vec<Signal<Out, Bits<4>>>,
    pub key: Vec<Signal<In, Bits<128>>>,
    pub idle: Signal<Out, Bit>,
    // ---- unrolled (empty when iterative) ----
    /// state of stage s, lane l at index s * L + l (stage 0: after round key 0)
    unrolled_state: Vec<DFF<Bits<128>>>,
    /// round s + 1 of lane l at index s * L + l
    unrolled_rounds: Vec<AesRound>,
    unrolled_valid: Vec<DFF<Bit>>,
    unrolled_slot: Vec<DFF<Bits<5>>>,
    unrolled_nr: Vec<DFF<Bits<4>>>,
    unrolled_tag: Vec<DFF<Bits<8>>>,
    /// s + 1 at index s
    unrolled_round_index: Vec<Constant<Bits<4>>>,
    /// round s + 1 applies to the group (registered S-boxes: only stages s + 1 > Nr_min, at
    /// s - Nr_min)
    unrolled_apply: Vec<Signal<Local, Bit>>,
    unrolled_final: Vec<Signal<Local, Bit>>,
    unrolled_busy: Vec<Signal<Local, Bit>>,
    unrolled_zero_4: Vec<Constant<Bits<4>>>,
    unrolled_zero_5: Vec<Constant<Bits<5>>>,
    unrolled_zero_8: Vec<Constant<Bits<8>>>,
    /// registered S-boxes only: bypass of stage s > Nr_min, lane l at (s - Nr_min - 1) * L + l
    unrolled_bypass: Vec<DFF<Bits<128>>>,
    /// registered S-boxes only: state after round s + 1 (or its bypass), lane l at s * L + l
    unrolled_next: Vec<Signal<Local, Bits<128>>>,
    // ---- iterative (empty when unrolled) ----
    iterative_control: Vec<IterativeControl>,
    iterative_ring: Vec<DFF<Bits<128>>>,
    iterative_cut_a: Vec<DFF<Bits<128>>>,
    iterative_cut_b: Vec<DFF<Bits<128>>>,
    iterative_output: Vec<DFF<Bits<128>>>,
    iterative_rounds: Vec<AesRound>,
    iterative_mix_in: Vec<Signal<Local, Bits<128>>>,
    iterative_key_in: Vec<Signal<Local, Bits<128>>>,
    /// the ring's value for the next cycle (the ring register's d, or the ROM address at k = 1)
    iterative_ring_next: Vec<Signal<Local, Bits<128>>>,
    // ---- shared ----
    advance: Signal<Local, Bit>,
    zero_128: Constant<Bits<128>>,
    _unrolled: usize,
    _unrolled_rom: usize,
    _iterative: usize,
    _lanes: usize,
    _stages: usize,
    _stage_end: usize,
    _bypass_from: usize,
    _bypass_first: usize,
    _ring: usize,
    _rom: usize,
    _cut_a: usize,
    _cut_b: usize,
}

impl RoundCore {
    /// The core of a validated configuration.
    pub fn for_config(config: &Config) -> Self {
        Self::new(
            config.architecture,
            config.interleave as usize,
            config.lanes as usize,
            config.max_rounds(),
            config.min_rounds(),
            config.sbox,
        )
    }

    /// A core of `architecture` with `lanes` lanes; `stages` is Nr of the
    /// largest key size and `shortest` Nr of the smallest; `interleave` is used by the iterative
    /// architecture; `sbox` is the S-box style of every round.
    pub fn new(
        architecture: Architecture,
        interleave: usize,
        lanes: usize,
        stages: usize,
        shortest: usize,
        sbox: SBoxStyle,
    ) -> Self {
        assert!((1..=8).contains(&lanes));
        assert!([10, 12, 14].contains(&stages));
        assert!([10, 12, 14].contains(&shortest) && shortest <= stages);
        let rom = usize::from(sbox.is_registered());
        let any_unrolled = usize::from(architecture == Architecture::Unrolled);
        let unrolled_rom = any_unrolled * rom;
        let unrolled = any_unrolled - unrolled_rom;
        let iterative = 1 - any_unrolled;
        let (cut_a, cut_b) = if iterative == 1 {
            assert!((1..=3).contains(&interleave));
            (usize::from(interleave >= 2), usize::from(interleave >= 3))
        } else {
            (0, 0)
        };
        // With registered S-boxes the ROMs' register is the ring (k = 1) or cut A (k >= 2).
        let ring = iterative * (1 - rom * (1 - cut_a));
        let cut_a_register = cut_a * (1 - rom);

        let ports = if any_unrolled == 1 { stages + 1 } else { 2 };
        let u_stages = any_unrolled * (stages + 1);
        // Unrolled state registers: every stage, or only the input register with ROMs.
        let u_state = unrolled * (stages + 1) + unrolled_rom;
        RoundCore {
            clock: Default::default(),
            reset: Default::default(),
            in_valid: Default::default(),
            in_ready: Default::default(),
            in_blocks: crate::many(lanes),
            in_slot: Default::default(),
            in_rounds: Default::default(),
            in_tag: Default::default(),
            out_valid: Default::default(),
            out_ready: Default::default(),
            out_blocks: crate::many(lanes),
            out_tag: Default::default(),
            key_slot: crate::many(ports),
            key_round: crate::many(iterative),
            key: crate::many(ports),
            idle: Default::default(),
            unrolled_state: crate::many(u_state * lanes),
            unrolled_rounds: (0..any_unrolled * stages * lanes).map(|_| AesRound::with_sbox(sbox)).collect(),
            unrolled_valid: crate::many(u_stages),
            unrolled_slot: crate::many(u_stages),
            unrolled_nr: crate::many(u_stages),
            unrolled_tag: crate::many(u_stages),
            unrolled_round_index: (0..any_unrolled * stages).map(|s| Constant::new((s as u64 + 1).to_bits())).collect(),
            // applied-round flags: every stage, or with ROMs only the stages with a bypass
            unrolled_apply: crate::many(unrolled * stages + unrolled_rom * (stages - shortest)),
            unrolled_final: crate::many(any_unrolled * stages),
            unrolled_busy: crate::many(u_stages),
            unrolled_zero_4: (0..any_unrolled).map(|_| Constant::new(0u64.to_bits())).collect(),
            unrolled_zero_5: (0..any_unrolled).map(|_| Constant::new(0u64.to_bits())).collect(),
            unrolled_zero_8: (0..any_unrolled).map(|_| Constant::new(0u64.to_bits())).collect(),
            unrolled_bypass: crate::many(unrolled_rom * (stages - shortest) * lanes),
            unrolled_next: crate::many(unrolled_rom * stages * lanes),
            iterative_control: (0..iterative).map(|_| IterativeControl::new(interleave)).collect(),
            iterative_ring: crate::many(ring * lanes),
            iterative_cut_a: crate::many(cut_a_register * lanes),
            iterative_cut_b: crate::many(cut_b * lanes),
            iterative_output: crate::many(iterative * lanes),
            iterative_rounds: (0..iterative * lanes).map(|_| AesRound::with_sbox(sbox)).collect(),
            iterative_mix_in: crate::many(iterative * lanes),
            iterative_key_in: crate::many(iterative * lanes),
            iterative_ring_next: crate::many(iterative * lanes),
            advance: Default::default(),
            zero_128: Constant::new(0u64.to_bits()),
            _unrolled: unrolled,
            _unrolled_rom: unrolled_rom,
            _iterative: iterative,
            _lanes: lanes,
            _stages: stages,
            _stage_end: stages + 1,
            _bypass_from: shortest,
            _bypass_first: shortest + 1,
            _ring: ring,
            _rom: rom,
            _cut_a: cut_a_register,
            _cut_b: cut_b,
        }
    }

    /// Number of key store read ports this core uses.
    pub fn key_ports(&self) -> usize {
        self.key.len()
    }

    /// Key ports whose round is their index (see the module documentation).
    pub fn fixed_key_ports(&self) -> usize {
        self.key.len() - self.key_round.len()
    }

    /// Key ports with a round output `key_round[q]` (port `fixed_key_ports() + q`).
    pub fn dynamic_key_ports(&self) -> usize {
        self.key_round.len()
    }
}

impl Logic for RoundCore {
    #[hdl_gen]
    fn update(&mut self) {
        // =====================================================================
        // unrolled
        // =====================================================================
        for x in 0..self._unrolled {
            for stage_count in self._stages..(self._stages + 1) {
                for lane_count in self._lanes..(self._lanes + 1) {
                    for e in 0..self.unrolled_state.len() {
                        self.unrolled_state[e].clock.next = self.clock.val();
                        self.unrolled_state[e].d.next = self.unrolled_state[e].q.val();
                    }
                    for s in 0..self.unrolled_valid.len() {
                        self.unrolled_valid[s].clock.next = self.clock.val();
                        self.unrolled_slot[s].clock.next = self.clock.val();
                        self.unrolled_nr[s].clock.next = self.clock.val();
                        self.unrolled_tag[s].clock.next = self.clock.val();
                        self.unrolled_valid[s].d.next = self.unrolled_valid[s].q.val();
                        self.unrolled_slot[s].d.next = self.unrolled_slot[s].q.val();
                        self.unrolled_nr[s].d.next = self.unrolled_nr[s].q.val();
                        self.unrolled_tag[s].d.next = self.unrolled_tag[s].q.val();
                    }

                    self.advance.next = !self.unrolled_valid[stage_count].q.val() | self.out_ready.val();
                    self.in_ready.next = self.advance.val() & !self.reset.val();
                    self.out_valid.next = self.unrolled_valid[stage_count].q.val();
                    self.out_tag.next = self.unrolled_tag[stage_count].q.val();
                    self.unrolled_busy[0].next = self.unrolled_valid[0].q.val();
                    for s in 1..self.unrolled_valid.len() {
                        self.unrolled_busy[s].next = self.unrolled_busy[s - 1].val() | self.unrolled_valid[s].q.val();
                    }
                    self.idle.next = !self.unrolled_busy[stage_count].val();

                    // Key ports: port 0 = round key 0 of the entering group,
                    // port s = round key s of the group in stage s - 1.
                    self.key_slot[0].next = self.in_slot.val();
                    for s in 1..self.unrolled_valid.len() {
                        self.key_slot[s].next = self.unrolled_slot[s - 1].q.val();
                        self.unrolled_apply[s - 1].next =
                            self.unrolled_round_index[s - 1].val() <= self.unrolled_nr[s - 1].q.val();
                        self.unrolled_final[s - 1].next =
                            self.unrolled_round_index[s - 1].val() == self.unrolled_nr[s - 1].q.val();
                    }

                    for l in 0..self._lanes {
                        self.out_blocks[l].next = self.unrolled_state[stage_count * lane_count + l].q.val();
                        if self.advance.val() {
                            self.unrolled_state[l].d.next = self.in_blocks[l].val() ^ self.key[0].val();
                        }
                    }
                    for s in 1..self.unrolled_valid.len() {
                        for l in 0..self._lanes {
                            // (combinational S-boxes: the round ignores its S-box clock)
                            self.unrolled_rounds[(s - 1) * lane_count + l].sbox_clock.next = self.clock.val();
                            self.unrolled_rounds[(s - 1) * lane_count + l].sbox_enable.next = self.advance.val();
                            self.unrolled_rounds[(s - 1) * lane_count + l].sub_bytes_in.next =
                                self.unrolled_state[(s - 1) * lane_count + l].q.val();
                            self.unrolled_rounds[(s - 1) * lane_count + l].mix_columns_in.next =
                                self.unrolled_rounds[(s - 1) * lane_count + l].shift_rows_out.val();
                            self.unrolled_rounds[(s - 1) * lane_count + l].final_round.next =
                                self.unrolled_final[s - 1].val();
                            self.unrolled_rounds[(s - 1) * lane_count + l].add_round_key_in.next =
                                self.unrolled_rounds[(s - 1) * lane_count + l].mix_columns_out.val();
                            self.unrolled_rounds[(s - 1) * lane_count + l].round_key.next = self.key[s].val();
                            if self.advance.val() {
                                self.unrolled_state[s * lane_count + l].d.next =
                                    self.unrolled_state[(s - 1) * lane_count + l].q.val();
                                if self.unrolled_apply[s - 1].val() {
                                    self.unrolled_state[s * lane_count + l].d.next =
                                        self.unrolled_rounds[(s - 1) * lane_count + l].add_round_key_out.val();
                                }
                            }
                        }
                    }

                    if self.advance.val() {
                        self.unrolled_valid[0].d.next = self.in_valid.val() & !self.reset.val();
                        self.unrolled_slot[0].d.next = self.in_slot.val();
                        self.unrolled_nr[0].d.next = self.in_rounds.val();
                        self.unrolled_tag[0].d.next = self.in_tag.val();
                        for s in 1..self.unrolled_valid.len() {
                            self.unrolled_valid[s].d.next = self.unrolled_valid[s - 1].q.val();
                            self.unrolled_slot[s].d.next = self.unrolled_slot[s - 1].q.val();
                            self.unrolled_nr[s].d.next = self.unrolled_nr[s - 1].q.val();
                            self.unrolled_tag[s].d.next = self.unrolled_tag[s - 1].q.val();
                        }
                    }

                    if self.reset.val() {
                        for s in 0..self.unrolled_valid.len() {
                            self.unrolled_valid[s].d.next = false;
                            self.unrolled_slot[s].d.next = self.unrolled_zero_5[x].val();
                            self.unrolled_nr[s].d.next = self.unrolled_zero_4[x].val();
                            self.unrolled_tag[s].d.next = self.unrolled_zero_8[x].val();
                        }
                        for e in 0..self.unrolled_state.len() {
                            self.unrolled_state[e].d.next = self.zero_128.val();
                        }
                    }
                }
            }
        }

        // =====================================================================
        // unrolled, registered S-boxes: stage s's register is its ROMs' read
        // register; round s's ShiftRows/MixColumns/AddRoundKey follow it.
        // =====================================================================
        for x in 0..self._unrolled_rom {
            for stage_count in self._stages..(self._stages + 1) {
                for lane_count in self._lanes..(self._lanes + 1) {
                    for bypass_from in self._bypass_from..(self._bypass_from + 1) {
                        for e in 0..self.unrolled_state.len() {
                            self.unrolled_state[e].clock.next = self.clock.val();
                            self.unrolled_state[e].d.next = self.unrolled_state[e].q.val();
                        }
                        for e in 0..self.unrolled_bypass.len() {
                            self.unrolled_bypass[e].clock.next = self.clock.val();
                            self.unrolled_bypass[e].d.next = self.unrolled_bypass[e].q.val();
                        }
                        for s in 0..self.unrolled_valid.len() {
                            self.unrolled_valid[s].clock.next = self.clock.val();
                            self.unrolled_slot[s].clock.next = self.clock.val();
                            self.unrolled_nr[s].clock.next = self.clock.val();
                            self.unrolled_tag[s].clock.next = self.clock.val();
                            self.unrolled_valid[s].d.next = self.unrolled_valid[s].q.val();
                            self.unrolled_slot[s].d.next = self.unrolled_slot[s].q.val();
                            self.unrolled_nr[s].d.next = self.unrolled_nr[s].q.val();
                            self.unrolled_tag[s].d.next = self.unrolled_tag[s].q.val();
                        }

                        self.advance.next = !self.unrolled_valid[stage_count].q.val() | self.out_ready.val();
                        self.in_ready.next = self.advance.val() & !self.reset.val();
                        self.out_valid.next = self.unrolled_valid[stage_count].q.val();
                        self.out_tag.next = self.unrolled_tag[stage_count].q.val();
                        self.unrolled_busy[0].next = self.unrolled_valid[0].q.val();
                        for s in 1..self.unrolled_valid.len() {
                            self.unrolled_busy[s].next =
                                self.unrolled_busy[s - 1].val() | self.unrolled_valid[s].q.val();
                        }
                        self.idle.next = !self.unrolled_busy[stage_count].val();

                        // Key ports: port 0 = round key 0 of the entering group,
                        // port s = round key s of the group in stage s.
                        self.key_slot[0].next = self.in_slot.val();
                        for s in 1..self.unrolled_valid.len() {
                            self.key_slot[s].next = self.unrolled_slot[s].q.val();
                            self.unrolled_final[s - 1].next =
                                self.unrolled_round_index[s - 1].val() == self.unrolled_nr[s].q.val();
                        }

                        // Round s on the group in stage s.
                        for s in 1..self.unrolled_valid.len() {
                            for l in 0..self._lanes {
                                self.unrolled_rounds[(s - 1) * lane_count + l].sbox_clock.next = self.clock.val();
                                self.unrolled_rounds[(s - 1) * lane_count + l].sbox_enable.next =
                                    self.advance.val() | self.reset.val();
                                self.unrolled_rounds[(s - 1) * lane_count + l].mix_columns_in.next =
                                    self.unrolled_rounds[(s - 1) * lane_count + l].shift_rows_out.val();
                                self.unrolled_rounds[(s - 1) * lane_count + l].final_round.next =
                                    self.unrolled_final[s - 1].val();
                                self.unrolled_rounds[(s - 1) * lane_count + l].add_round_key_in.next =
                                    self.unrolled_rounds[(s - 1) * lane_count + l].mix_columns_out.val();
                                self.unrolled_rounds[(s - 1) * lane_count + l].round_key.next = self.key[s].val();
                                self.unrolled_next[(s - 1) * lane_count + l].next =
                                    self.unrolled_rounds[(s - 1) * lane_count + l].add_round_key_out.val();
                            }
                        }
                        // Stages after the smallest Nr: groups past their last round take the
                        // bypass (ascending, so each value is final before the next stage reads it).
                        for s in self._bypass_first..self._stage_end {
                            self.unrolled_apply[s - bypass_from - 1].next =
                                self.unrolled_round_index[s - 1].val() <= self.unrolled_nr[s].q.val();
                            for l in 0..self._lanes {
                                if self.advance.val() {
                                    self.unrolled_bypass[(s - bypass_from - 1) * lane_count + l].d.next =
                                        self.unrolled_next[(s - 2) * lane_count + l].val();
                                }
                                if !self.unrolled_apply[s - bypass_from - 1].val() {
                                    self.unrolled_next[(s - 1) * lane_count + l].next =
                                        self.unrolled_bypass[(s - bypass_from - 1) * lane_count + l].q.val();
                                }
                            }
                        }
                        // ROM addresses: stage 1 reads the input register, stage s the state
                        // after round s - 1; address 0 while in reset (the registers then hold a
                        // constant).
                        for l in 0..self._lanes {
                            self.out_blocks[l].next = self.unrolled_next[(stage_count - 1) * lane_count + l].val();
                            self.unrolled_rounds[l].sub_bytes_in.next = self.unrolled_state[l].q.val();
                            if self.advance.val() {
                                self.unrolled_state[l].d.next = self.in_blocks[l].val() ^ self.key[0].val();
                            }
                        }
                        for s in 2..self.unrolled_valid.len() {
                            for l in 0..self._lanes {
                                self.unrolled_rounds[(s - 1) * lane_count + l].sub_bytes_in.next =
                                    self.unrolled_next[(s - 2) * lane_count + l].val();
                            }
                        }

                        if self.advance.val() {
                            self.unrolled_valid[0].d.next = self.in_valid.val() & !self.reset.val();
                            self.unrolled_slot[0].d.next = self.in_slot.val();
                            self.unrolled_nr[0].d.next = self.in_rounds.val();
                            self.unrolled_tag[0].d.next = self.in_tag.val();
                            for s in 1..self.unrolled_valid.len() {
                                self.unrolled_valid[s].d.next = self.unrolled_valid[s - 1].q.val();
                                self.unrolled_slot[s].d.next = self.unrolled_slot[s - 1].q.val();
                                self.unrolled_nr[s].d.next = self.unrolled_nr[s - 1].q.val();
                                self.unrolled_tag[s].d.next = self.unrolled_tag[s - 1].q.val();
                            }
                        }

                        if self.reset.val() {
                            for s in 0..self.unrolled_valid.len() {
                                self.unrolled_valid[s].d.next = false;
                                self.unrolled_slot[s].d.next = self.unrolled_zero_5[x].val();
                                self.unrolled_nr[s].d.next = self.unrolled_zero_4[x].val();
                                self.unrolled_tag[s].d.next = self.unrolled_zero_8[x].val();
                            }
                            for e in 0..self.unrolled_state.len() {
                                self.unrolled_state[e].d.next = self.zero_128.val();
                            }
                            for e in 0..self.unrolled_bypass.len() {
                                self.unrolled_bypass[e].d.next = self.zero_128.val();
                            }
                            for e in 0..self.unrolled_rounds.len() {
                                self.unrolled_rounds[e].sub_bytes_in.next = self.zero_128.val();
                            }
                        }
                    }
                }
            }
        }

        // =====================================================================
        // iterative
        // =====================================================================
        for x in 0..self._iterative {
            self.iterative_control[x].clock.next = self.clock.val();
            self.iterative_control[x].reset.next = self.reset.val();
            self.iterative_control[x].in_valid.next = self.in_valid.val();
            self.iterative_control[x].in_slot.next = self.in_slot.val();
            self.iterative_control[x].in_rounds.next = self.in_rounds.val();
            self.iterative_control[x].in_tag.next = self.in_tag.val();
            self.iterative_control[x].out_ready.next = self.out_ready.val();
            self.in_ready.next = self.iterative_control[x].in_ready.val();
            self.out_valid.next = self.iterative_control[x].out_valid.val();
            self.out_tag.next = self.iterative_control[x].out_tag.val();
            self.idle.next = self.iterative_control[x].idle.val();
            self.advance.next = self.iterative_control[x].advance.val();

            self.key_slot[0].next = self.in_slot.val();
            self.key_slot[1].next = self.iterative_control[x].key_slot.val();
            self.key_round[x].next = self.iterative_control[x].key_round.val();

            for l in 0..self._lanes {
                self.iterative_output[l].clock.next = self.clock.val();
                self.iterative_output[l].d.next = self.iterative_output[l].q.val();
                self.out_blocks[l].next = self.iterative_output[l].q.val();
                // The ring's next value: held (when it is a register), the round result, or the
                // entering block.
                self.iterative_ring_next[l].next = self.iterative_rounds[l].add_round_key_out.val();
                for _r in 0..self._ring {
                    self.iterative_ring[l].clock.next = self.clock.val();
                    self.iterative_ring_next[l].next = self.iterative_ring[l].q.val();
                }

                // sub_bytes + shift_rows on the ring register (registered S-boxes: the ring
                // register or cut A is the ROMs' read register)
                self.iterative_rounds[l].sbox_clock.next = self.clock.val();
                self.iterative_rounds[l].sbox_enable.next = self.advance.val() | self.reset.val();
                self.iterative_mix_in[l].next = self.iterative_rounds[l].shift_rows_out.val();
                for _y in 0..self._cut_a {
                    self.iterative_cut_a[l].clock.next = self.clock.val();
                    self.iterative_cut_a[l].d.next = self.iterative_cut_a[l].q.val();
                    self.iterative_mix_in[l].next = self.iterative_cut_a[l].q.val();
                }
                // mix_columns (skipped in the last round)
                self.iterative_rounds[l].mix_columns_in.next = self.iterative_mix_in[l].val();
                self.iterative_rounds[l].final_round.next = self.iterative_control[x].mix_final.val();
                self.iterative_key_in[l].next = self.iterative_rounds[l].mix_columns_out.val();
                for _y in 0..self._cut_b {
                    self.iterative_cut_b[l].clock.next = self.clock.val();
                    self.iterative_cut_b[l].d.next = self.iterative_cut_b[l].q.val();
                    self.iterative_key_in[l].next = self.iterative_cut_b[l].q.val();
                }
                // add_round_key
                self.iterative_rounds[l].add_round_key_in.next = self.iterative_key_in[l].val();
                self.iterative_rounds[l].round_key.next = self.key[1].val();

                if self.advance.val() {
                    for _y in 0..self._cut_a {
                        self.iterative_cut_a[l].d.next = self.iterative_rounds[l].shift_rows_out.val();
                    }
                    for _y in 0..self._cut_b {
                        self.iterative_cut_b[l].d.next = self.iterative_rounds[l].mix_columns_out.val();
                    }
                    if self.iterative_control[x].keep.val() {
                        self.iterative_ring_next[l].next = self.iterative_rounds[l].add_round_key_out.val();
                    } else if self.iterative_control[x].enter.val() {
                        self.iterative_ring_next[l].next = self.in_blocks[l].val() ^ self.key[0].val();
                    }
                    if self.iterative_control[x].exit.val() {
                        self.iterative_output[l].d.next = self.iterative_rounds[l].add_round_key_out.val();
                    }
                }
                if self.reset.val() {
                    self.iterative_ring_next[l].next = self.zero_128.val();
                    self.iterative_output[l].d.next = self.zero_128.val();
                    for _y in 0..self._cut_a {
                        self.iterative_cut_a[l].d.next = self.zero_128.val();
                    }
                    for _y in 0..self._cut_b {
                        self.iterative_cut_b[l].d.next = self.zero_128.val();
                    }
                }
                // The ring register takes its next value and feeds the S-boxes; without it
                // (registered S-boxes, k = 1) the next value is the ROM address.
                self.iterative_rounds[l].sub_bytes_in.next = self.iterative_ring_next[l].val();
                for _r in 0..self._ring {
                    self.iterative_ring[l].d.next = self.iterative_ring_next[l].val();
                    self.iterative_rounds[l].sub_bytes_in.next = self.iterative_ring[l].q.val();
                }
                for _y in 0..self._rom {
                    if self.reset.val() {
                        self.iterative_rounds[l].sub_bytes_in.next = self.zero_128.val();
                    }
                }
            }
        }
    }
}
