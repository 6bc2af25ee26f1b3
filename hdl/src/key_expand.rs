//! AES key expansion (FIPS-197 §5.2) for 128-, 192- and 256-bit keys,
//! producing one 128-bit round key per cycle for the key store.
//!
//! Ports:
//! - `clock`, `reset` (synchronous, active high: stops and zeroizes);
//! - load stream: `load_valid`, `load_ready` (out), `load_key` (256 bits, key
//!   byte i at bits 8i+7..8i, unused high bytes ignored), `load_size` (0 =
//!   128, 1 = 192, 2 = 256; 3 is treated as 128 — callers validate sizes),
//!   `load_slot` (5 bits, passed through to the writes);
//! - `cancel` (in): stop the expansion in progress and zeroize (used when the
//!   slot being loaded is zeroized);
//! - write stream to the key store (no back-pressure): `write_enable`,
//!   `write_slot`, `write_round` (4 bits, 0..Nr), `write_key` (128),
//!   `write_size`, `write_first` (round 0: the slot becomes invalid),
//!   `write_last` (round Nr: the slot becomes valid);
//! - `busy` (out): an expansion is in progress.
//!
//! Timing: a key accepted in cycle t writes round key r in cycle t+1+r, so
//! Nr+1 cycles of writes (11/13/15) at one round key per cycle; `load_ready`
//! is high again in cycle t+Nr+2. The internal key registers are zeroed
//! when the expansion ends, on `cancel` and on `reset`.
//!
//! Method: the 32-bit words w[i] of the schedule are produced four per cycle
//! (one round key) from a window of the last eight words. A chunk of four
//! words starting at i = 4r needs at most one SubWord: at i+j = 0 mod Nk
//! (RotWord, Rcon) or, for Nk = 8, at i+j = 4 mod 8 (SubWord only). `phase`
//! holds i mod Nk. Words w[4..Nk-1] come from the key itself (first chunk).

use crate::concat::Concat;
use crate::sbox::SBoxStyle;
use crate::sub_bytes::SubBytes;
use crate::{constant, zero};
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct KeyExpand {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub load_valid: Signal<In, Bit>,
    pub load_ready: Signal<Out, Bit>,
    pub load_key: Signal<In, Bits<256>>,
    pub load_size: Signal<In, Bits<2>>,
    pub load_slot: Signal<In, Bits<5>>,
    pub cancel: Signal<In, Bit>,
    pub write_enable: Signal<Out, Bit>,
    pub write_slot: Signal<Out, Bits<5>>,
    pub write_round: Signal<Out, Bits<4>>,
    pub write_key: Signal<Out, Bits<128>>,
    pub write_size: Signal<Out, Bits<2>>,
    pub write_first: Signal<Out, Bit>,
    pub write_last: Signal<Out, Bit>,
    pub busy: Signal<Out, Bit>,
    // state
    running: DFF<Bit>,
    window_low: DFF<Bits<128>>,  // words w[i-8..i-5]
    window_high: DFF<Bits<128>>, // words w[i-4..i-1]
    key_high: DFF<Bits<128>>,    // key words 4..7
    size: DFF<Bits<2>>,
    slot: DFF<Bits<5>>,
    round: DFF<Bits<4>>,
    rounds: DFF<Bits<4>>,
    phase: DFF<Bits<3>>,
    rcon: DFF<Bits<32>>,
    // datapath
    sub_word: SubBytes<32>,
    chunk: Concat<32, 128>,
    is_192: Signal<Local, Bit>,
    is_256: Signal<Local, Bit>,
    first: Signal<Local, Bit>,
    rotate_at_0: Signal<Local, Bit>,
    substitute_at_0: Signal<Local, Bit>,
    rotate_at_2: Signal<Local, Bit>,
    window_0: Signal<Local, Bits<32>>,
    window_1: Signal<Local, Bits<32>>,
    window_2: Signal<Local, Bits<32>>,
    window_3: Signal<Local, Bits<32>>,
    window_4: Signal<Local, Bits<32>>,
    window_5: Signal<Local, Bits<32>>,
    window_6: Signal<Local, Bits<32>>,
    window_7: Signal<Local, Bits<32>>,
    back_0: Signal<Local, Bits<32>>, // w[i+j-Nk] for j = 0..3
    back_1: Signal<Local, Bits<32>>,
    back_2: Signal<Local, Bits<32>>,
    back_3: Signal<Local, Bits<32>>,
    transformed: Signal<Local, Bits<32>>,
    word_0: Signal<Local, Bits<32>>,
    word_1: Signal<Local, Bits<32>>,
    word_2: Signal<Local, Bits<32>>,
    word_3: Signal<Local, Bits<32>>,
    // constants
    size_192: Constant<Bits<2>>,
    size_256: Constant<Bits<2>>,
    rounds_128: Constant<Bits<4>>,
    rounds_192: Constant<Bits<4>>,
    rounds_256: Constant<Bits<4>>,
    round_0: Constant<Bits<4>>,
    round_1: Constant<Bits<4>>,
    phase_0: Constant<Bits<3>>,
    phase_2: Constant<Bits<3>>,
    phase_4: Constant<Bits<3>>,
    rcon_1: Constant<Bits<32>>,
    rcon_reduce: Constant<Bits<32>>,
    rcon_shift_mask: Constant<Bits<32>>,
    zero_2: Constant<Bits<2>>,
    zero_3: Constant<Bits<3>>,
    zero_4: Constant<Bits<4>>,
    zero_5: Constant<Bits<5>>,
}

impl KeyExpand {
    /// A key expansion whose SubWord S-boxes are emitted in `style` (the default is the table; the
    /// `rom` style's combinational S-box is the table).
    pub fn with_sbox(style: SBoxStyle) -> Self {
        // SubWord is combinational here: the registered `rom` style uses the table.
        KeyExpand { sub_word: SubBytes::with_style(style.combinational()), ..KeyExpand::default() }
    }
}

impl Default for KeyExpand {
    fn default() -> Self {
        KeyExpand {
            clock: Default::default(),
            reset: Default::default(),
            load_valid: Default::default(),
            load_ready: Default::default(),
            load_key: Default::default(),
            load_size: Default::default(),
            load_slot: Default::default(),
            cancel: Default::default(),
            write_enable: Default::default(),
            write_slot: Default::default(),
            write_round: Default::default(),
            write_key: Default::default(),
            write_size: Default::default(),
            write_first: Default::default(),
            write_last: Default::default(),
            busy: Default::default(),
            running: Default::default(),
            window_low: Default::default(),
            window_high: Default::default(),
            key_high: Default::default(),
            size: Default::default(),
            slot: Default::default(),
            round: Default::default(),
            rounds: Default::default(),
            phase: Default::default(),
            rcon: Default::default(),
            sub_word: SubBytes::new(),
            chunk: Concat::new(4),
            is_192: Default::default(),
            is_256: Default::default(),
            first: Default::default(),
            rotate_at_0: Default::default(),
            substitute_at_0: Default::default(),
            rotate_at_2: Default::default(),
            window_0: Default::default(),
            window_1: Default::default(),
            window_2: Default::default(),
            window_3: Default::default(),
            window_4: Default::default(),
            window_5: Default::default(),
            window_6: Default::default(),
            window_7: Default::default(),
            back_0: Default::default(),
            back_1: Default::default(),
            back_2: Default::default(),
            back_3: Default::default(),
            transformed: Default::default(),
            word_0: Default::default(),
            word_1: Default::default(),
            word_2: Default::default(),
            word_3: Default::default(),
            size_192: constant(1),
            size_256: constant(2),
            rounds_128: constant(10),
            rounds_192: constant(12),
            rounds_256: constant(14),
            round_0: zero(),
            round_1: constant(1),
            phase_0: zero(),
            phase_2: constant(2),
            phase_4: constant(4),
            rcon_1: constant(1),
            rcon_reduce: Constant::new(0x1bu64.to_bits()),
            rcon_shift_mask: Constant::new(0xfeu64.to_bits()),
            zero_2: zero(),
            zero_3: zero(),
            zero_4: zero(),
            zero_5: zero(),
        }
    }
}

impl Logic for KeyExpand {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(self, clock, running, window_low, window_high, key_high, size, slot, round, rounds, phase, rcon);

        // ---- decode -------------------------------------------------------
        self.is_192.next = self.size.q.val() == self.size_192.val();
        self.is_256.next = self.size.q.val() == self.size_256.val();
        self.first.next = self.round.q.val() == self.round_1.val();
        self.rotate_at_0.next = self.phase.q.val() == self.phase_0.val();
        self.substitute_at_0.next = self.is_256.val() & (self.phase.q.val() == self.phase_4.val());
        self.rotate_at_2.next = self.is_192.val() & (self.phase.q.val() == self.phase_4.val());

        self.window_0.next = self.window_low.q.val().get_bits::<32>(0);
        self.window_1.next = self.window_low.q.val().get_bits::<32>(32);
        self.window_2.next = self.window_low.q.val().get_bits::<32>(64);
        self.window_3.next = self.window_low.q.val().get_bits::<32>(96);
        self.window_4.next = self.window_high.q.val().get_bits::<32>(0);
        self.window_5.next = self.window_high.q.val().get_bits::<32>(32);
        self.window_6.next = self.window_high.q.val().get_bits::<32>(64);
        self.window_7.next = self.window_high.q.val().get_bits::<32>(96);

        // w[i+j-Nk] sits at window position 8 - Nk + j.
        self.back_0.next = self.window_4.val();
        self.back_1.next = self.window_5.val();
        self.back_2.next = self.window_6.val();
        self.back_3.next = self.window_7.val();
        if self.is_192.val() {
            self.back_0.next = self.window_2.val();
            self.back_1.next = self.window_3.val();
            self.back_2.next = self.window_4.val();
            self.back_3.next = self.window_5.val();
        }
        if self.is_256.val() {
            self.back_0.next = self.window_0.val();
            self.back_1.next = self.window_1.val();
            self.back_2.next = self.window_2.val();
            self.back_3.next = self.window_3.val();
        }

        // ---- the one SubWord of this chunk ----------------------------------
        // Its input is w[i-1] (window 7), or w[i+1] when the special word is
        // j = 2 (Nk = 6, phase 4): w[i+1] = w[i-5] ^ w[i-6] ^ w[i-1], or key word 5
        // in the first chunk.
        self.sub_word.bytes_in.next = self.window_7.val();
        if self.rotate_at_2.val() {
            self.sub_word.bytes_in.next = (self.window_3.val() ^ self.window_2.val()) ^ self.window_7.val();
            if self.first.val() {
                self.sub_word.bytes_in.next = self.key_high.q.val().get_bits::<32>(32);
            }
        }
        // RotWord(SubWord(x)) ^ Rcon; RotWord moves byte 1 to byte 0.
        self.transformed.next =
            ((self.sub_word.bytes_out.val() >> 8) | (self.sub_word.bytes_out.val() << 24)) ^ self.rcon.q.val();

        // ---- the four new words ---------------------------------------------
        self.word_0.next = self.back_0.val() ^ self.window_7.val();
        if self.rotate_at_0.val() {
            self.word_0.next = self.back_0.val() ^ self.transformed.val();
        }
        if self.substitute_at_0.val() {
            self.word_0.next = self.back_0.val() ^ self.sub_word.bytes_out.val();
        }
        if self.first.val() & (self.is_192.val() | self.is_256.val()) {
            self.word_0.next = self.key_high.q.val().get_bits::<32>(0);
        }
        self.word_1.next = self.back_1.val() ^ self.word_0.val();
        if self.first.val() & (self.is_192.val() | self.is_256.val()) {
            self.word_1.next = self.key_high.q.val().get_bits::<32>(32);
        }
        self.word_2.next = self.back_2.val() ^ self.word_1.val();
        if self.rotate_at_2.val() {
            self.word_2.next = self.back_2.val() ^ self.transformed.val();
        }
        if self.first.val() & self.is_256.val() {
            self.word_2.next = self.key_high.q.val().get_bits::<32>(64);
        }
        self.word_3.next = self.back_3.val() ^ self.word_2.val();
        if self.first.val() & self.is_256.val() {
            self.word_3.next = self.key_high.q.val().get_bits::<32>(96);
        }
        self.chunk.parts[0].next = self.word_0.val();
        self.chunk.parts[1].next = self.word_1.val();
        self.chunk.parts[2].next = self.word_2.val();
        self.chunk.parts[3].next = self.word_3.val();

        // ---- outputs ----------------------------------------------------------
        self.busy.next = self.running.q.val();
        self.load_ready.next = !self.running.q.val() & !self.cancel.val() & !self.reset.val();
        self.write_enable.next = self.running.q.val();
        self.write_slot.next = self.slot.q.val();
        self.write_round.next = self.round.q.val();
        self.write_size.next = self.size.q.val();
        self.write_first.next = self.running.q.val() & (self.round.q.val() == self.round_0.val());
        self.write_last.next = self.running.q.val() & (self.round.q.val() == self.rounds.q.val());
        self.write_key.next = 0_u128.to_bits();
        if self.running.q.val() {
            self.write_key.next = self.chunk.whole.val();
            if self.round.q.val() == self.round_0.val() {
                self.write_key.next = self.window_high.q.val();
            }
        }

        // ---- state --------------------------------------------------------------
        if self.running.q.val() {
            self.round.d.next = self.round.q.val() + self.round_1.val();
            if self.round.q.val() != self.round_0.val() {
                self.window_low.d.next = self.window_high.q.val();
                self.window_high.d.next = self.chunk.whole.val();
                if self.rotate_at_0.val() | self.rotate_at_2.val() {
                    // xtime in GF(2^8) on the low byte.
                    self.rcon.d.next = (self.rcon.q.val() << 1) & self.rcon_shift_mask.val();
                    if self.rcon.q.val().get_bit(7) {
                        self.rcon.d.next =
                            ((self.rcon.q.val() << 1) & self.rcon_shift_mask.val()) ^ self.rcon_reduce.val();
                    }
                }
                // phase = i mod Nk advances by 4.
                self.phase.d.next = self.zero_3.val();
                if self.is_192.val() {
                    self.phase.d.next = self.phase_4.val();
                    if self.phase.q.val() == self.phase_4.val() {
                        self.phase.d.next = self.phase_2.val();
                    }
                    if self.phase.q.val() == self.phase_2.val() {
                        self.phase.d.next = self.phase_0.val();
                    }
                }
                if self.is_256.val() {
                    self.phase.d.next = self.phase_4.val();
                    if self.phase.q.val() == self.phase_4.val() {
                        self.phase.d.next = self.phase_0.val();
                    }
                }
            }
        } else if self.load_valid.val() {
            self.running.d.next = true;
            self.window_low.d.next = 0_u128.to_bits();
            self.window_high.d.next = self.load_key.val().get_bits::<128>(0);
            self.key_high.d.next = self.load_key.val().get_bits::<128>(128);
            self.size.d.next = self.load_size.val();
            self.slot.d.next = self.load_slot.val();
            self.round.d.next = self.zero_4.val();
            self.rcon.d.next = self.rcon_1.val();
            self.rounds.d.next = self.rounds_128.val();
            self.phase.d.next = self.phase_0.val();
            if self.load_size.val() == self.size_192.val() {
                self.rounds.d.next = self.rounds_192.val();
                self.phase.d.next = self.phase_4.val();
            }
            if self.load_size.val() == self.size_256.val() {
                self.rounds.d.next = self.rounds_256.val();
                self.phase.d.next = self.phase_4.val();
            }
        }

        // Finished, aborted or reset: stop and zeroize the key material.
        if (self.running.q.val() & (self.round.q.val() == self.rounds.q.val())) | self.cancel.val() | self.reset.val() {
            self.running.d.next = false;
            self.window_low.d.next = 0_u128.to_bits();
            self.window_high.d.next = 0_u128.to_bits();
            self.key_high.d.next = 0_u128.to_bits();
            self.size.d.next = self.zero_2.val();
            self.slot.d.next = self.zero_5.val();
            self.round.d.next = self.zero_4.val();
            self.rounds.d.next = self.zero_4.val();
            self.phase.d.next = self.zero_3.val();
            self.rcon.d.next = 0_u32.to_bits();
        }
    }
}
