//! The iterative kernel of [`RoundCore`] (interleave k, see `iterative_control.rs`): one round
//! datapath per lane with k registers in its loop (ring, cut A, cut B), steered by
//! [`crate::iterative_control::IterativeControl`]. Runs only when the configuration is iterative
//! (loop over `_iterative`, 0 or 1 long).
//!
//! Ports, latency and throughput: see `mod.rs` (k*Nr + 1 cycles, one group per Nr cycles on
//! average; 2 key ports).

use super::RoundCore;
use rust_hdl::prelude::*;

/// The iterative half of [`RoundCore`]'s kernel; `Logic for RoundCore` (in `mod.rs`) runs both halves.
pub(super) trait IterativeKernel {
    fn update(&mut self);
    fn connect(&mut self);
    fn hdl(&self) -> Verilog;
}

impl IterativeKernel for RoundCore {
    #[hdl_gen]
    fn update(&mut self) {
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
                    self.iterative_ring_next[l].next = 0_u128.to_bits();
                    self.iterative_output[l].d.next = 0_u128.to_bits();
                    for _y in 0..self._cut_a {
                        self.iterative_cut_a[l].d.next = 0_u128.to_bits();
                    }
                    for _y in 0..self._cut_b {
                        self.iterative_cut_b[l].d.next = 0_u128.to_bits();
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
                        self.iterative_rounds[l].sub_bytes_in.next = 0_u128.to_bits();
                    }
                }
            }
        }
    }
}
