//! The unrolled kernel of [`RoundCore`]: an input register (state ^ round key 0) and S round
//! stages with a register each, or, with `sbox: rom`, the S-box ROMs' read registers as the stage
//! registers (plus bypass registers after the smallest Nr). Both run only when the configuration
//! is unrolled: the stage bookkeeping both share (valid, slot, Nr and tag of every stage, the
//! advance, the reset) in loops over `_unrolled_any`, the two datapaths in loops over `_unrolled`
//! and `_unrolled_rom` (each 0 or 1 long).
//!
//! Ports, latency and throughput: see `mod.rs` (S + 1 cycles, one group per cycle; S + 1 fixed
//! key ports).

use super::RoundCore;
use rust_hdl::prelude::*;

/// The unrolled half of [`RoundCore`]'s kernel; `Logic for RoundCore` (in `mod.rs`) runs both halves.
pub(super) trait UnrolledKernel {
    fn update(&mut self);
    fn connect(&mut self);
    fn hdl(&self) -> Verilog;
}

impl UnrolledKernel for RoundCore {
    #[hdl_gen]
    fn update(&mut self) {
        // =====================================================================
        // both unrolled styles: registers hold, the advance, the busy chain
        // =====================================================================
        for _x in 0..self._unrolled_any {
            for stage_count in self._stages..(self._stages + 1) {
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
                // Key port 0: round key 0 of the entering group.
                self.key_slot[0].next = self.in_slot.val();
            }
        }

        // =====================================================================
        // unrolled, flip-flop stage registers
        // =====================================================================
        for _x in 0..self._unrolled {
            for stage_count in self._stages..(self._stages + 1) {
                for lane_count in self._lanes..(self._lanes + 1) {
                    // Key port s = round key s of the group in stage s - 1.
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
                            self.unrolled_rounds[(s - 1) * lane_count + l].sbox_enable.next = self.advance.val();
                            self.unrolled_rounds[(s - 1) * lane_count + l].sub_bytes_in.next =
                                self.unrolled_state[(s - 1) * lane_count + l].q.val();
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
                }
            }
        }

        // =====================================================================
        // unrolled, registered S-boxes: stage s's register is its ROMs' read
        // register; round s's ShiftRows/MixColumns/AddRoundKey follow it.
        // =====================================================================
        for _x in 0..self._unrolled_rom {
            for stage_count in self._stages..(self._stages + 1) {
                for lane_count in self._lanes..(self._lanes + 1) {
                    for bypass_from in self._bypass_from..(self._bypass_from + 1) {
                        for e in 0..self.unrolled_bypass.len() {
                            self.unrolled_bypass[e].clock.next = self.clock.val();
                            self.unrolled_bypass[e].d.next = self.unrolled_bypass[e].q.val();
                        }
                        // Key port s = round key s of the group in stage s.
                        for s in 1..self.unrolled_valid.len() {
                            self.key_slot[s].next = self.unrolled_slot[s].q.val();
                            self.unrolled_final[s - 1].next =
                                self.unrolled_round_index[s - 1].val() == self.unrolled_nr[s].q.val();
                        }

                        // Round s on the group in stage s.
                        for s in 1..self.unrolled_valid.len() {
                            for l in 0..self._lanes {
                                self.unrolled_rounds[(s - 1) * lane_count + l].sbox_enable.next =
                                    self.advance.val() | self.reset.val();
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

                        if self.reset.val() {
                            for e in 0..self.unrolled_bypass.len() {
                                self.unrolled_bypass[e].d.next = 0_u128.to_bits();
                            }
                            for e in 0..self.unrolled_rounds.len() {
                                self.unrolled_rounds[e].sub_bytes_in.next = 0_u128.to_bits();
                            }
                        }
                    }
                }
            }
        }

        // =====================================================================
        // both unrolled styles: the rounds' common wiring, the side-band moves on, the reset
        // =====================================================================
        for x in 0..self._unrolled_any {
            // Round s of every lane works on the group of stage s: its key port, its final-round
            // flag, and its parts chained (each style feeds SubBytes and uses the result).
            for lane_count in self._lanes..(self._lanes + 1) {
                for s in 1..self.unrolled_valid.len() {
                    for l in 0..self._lanes {
                        self.unrolled_rounds[(s - 1) * lane_count + l].sbox_clock.next = self.clock.val();
                        self.unrolled_rounds[(s - 1) * lane_count + l].mix_columns_in.next =
                            self.unrolled_rounds[(s - 1) * lane_count + l].shift_rows_out.val();
                        self.unrolled_rounds[(s - 1) * lane_count + l].final_round.next =
                            self.unrolled_final[s - 1].val();
                        self.unrolled_rounds[(s - 1) * lane_count + l].add_round_key_in.next =
                            self.unrolled_rounds[(s - 1) * lane_count + l].mix_columns_out.val();
                        self.unrolled_rounds[(s - 1) * lane_count + l].round_key.next = self.key[s].val();
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
                    self.unrolled_state[e].d.next = 0_u128.to_bits();
                }
            }
        }
    }
}
