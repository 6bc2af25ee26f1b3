//! One AES encryption round on a 128-bit state (FIPS-197 §5.1), split at its
//! three natural cut points so that round cores can put registers between them.
//!
//! State layout (used by every block of this crate): byte i of the 16-byte
//! block is bits 8i+7..8i, i.e. state s[r,c] = byte r + 4c, bits 8(r+4c)+7..
//! 8(r+4c) — the little-endian byte order of the AXI data bus, so blocks
//! and bus words need no byte swapping.
//!
//! Ports (all combinational, latency 0 cycles, one state per cycle):
//! - `sub_bytes_in` (in 128) -> `shift_rows_out` (out 128) =
//!   shift_rows(sub_bytes(sub_bytes_in)) (the 16 S-boxes are the deep part);
//! - `mix_columns_in` (in 128), `final_round` (in 1) -> `mix_columns_out`
//!   (out 128) = mix_columns(mix_columns_in), or mix_columns_in unchanged when
//!   `final_round` (the last round has no mix_columns);
//! - `add_round_key_in` (in 128), `round_key` (in 128) ->
//!   `add_round_key_out` (out 128) = add_round_key_in ^ round_key.
//!
//! With the registered S-box style (`sbox: rom`) the first part has a register: ports
//! `sbox_clock`, `sbox_enable` (in), and at a rising edge with `sbox_enable` high
//! `shift_rows_out` becomes shift_rows(sub_bytes(sub_bytes_in)), otherwise it holds (latency 1
//! cycle; `sub_bytes_in` is then the address of the S-box ROMs). The combinational styles have
//! the two ports too (so that round cores drive every round alike) and ignore them (waived in
//! `hdl/lint/waivers.vlt`). The other two
//! parts stay combinational, so a round core uses that register as the round's pipeline register
//! (`round_core/`).
//!
//! A whole round is the three parts wired in sequence. shift_rows and
//! mix_columns are written as whole-state masks and constant shifts, so the
//! emitted Verilog has no width conversions.

use crate::sbox::SBoxStyle;
use crate::sub_bytes::SubBytes;
use rust_hdl::prelude::*;

/// A 128-bit constant with `byte` repeated in every one of the 16 bytes.
fn every_byte(byte: u8) -> Bits<128> {
    (u128::from_le_bytes([byte; 16])).to_bits::<128>()
}

/// A 128-bit constant with `word` repeated in each of the four 32-bit columns.
fn every_column(word: u32) -> Bits<128> {
    let w = word as u128;
    (w | (w << 32) | (w << 64) | (w << 96)).to_bits::<128>()
}

/// One round, in three parts.
#[derive(LogicBlock)]
pub struct AesRound {
    pub sbox_clock: Signal<In, Clock>,
    pub sbox_enable: Signal<In, Bit>,
    pub sub_bytes_in: Signal<In, Bits<128>>,
    pub shift_rows_out: Signal<Out, Bits<128>>,
    pub mix_columns_in: Signal<In, Bits<128>>,
    pub final_round: Signal<In, Bit>,
    pub mix_columns_out: Signal<Out, Bits<128>>,
    pub add_round_key_in: Signal<In, Bits<128>>,
    pub round_key: Signal<In, Bits<128>>,
    pub add_round_key_out: Signal<Out, Bits<128>>,
    sub_bytes: SubBytes<128>,
    // shift_rows: row r of the state is the bytes r, r+4, r+8, r+12.
    row_mask_0: Constant<Bits<128>>,
    row_mask_1: Constant<Bits<128>>,
    row_mask_2: Constant<Bits<128>>,
    row_mask_3: Constant<Bits<128>>,
    row_1: Signal<Local, Bits<128>>,
    row_2: Signal<Local, Bits<128>>,
    row_3: Signal<Local, Bits<128>>,
    // mix_columns: byte r of a column takes byte r+n of the same column.
    rotate_1_low: Constant<Bits<128>>,
    rotate_1_high: Constant<Bits<128>>,
    rotate_2_low: Constant<Bits<128>>,
    rotate_2_high: Constant<Bits<128>>,
    rotate_3_low: Constant<Bits<128>>,
    rotate_3_high: Constant<Bits<128>>,
    byte_bit_0: Constant<Bits<128>>,
    byte_bits_7_1: Constant<Bits<128>>,
    rotated_1: Signal<Local, Bits<128>>,
    rotated_2: Signal<Local, Bits<128>>,
    rotated_3: Signal<Local, Bits<128>>,
    pair_sum: Signal<Local, Bits<128>>,
    carries: Signal<Local, Bits<128>>,
    doubled: Signal<Local, Bits<128>>,
    mixed: Signal<Local, Bits<128>>,
    _registered: usize,
}

impl AesRound {
    /// A round whose 16 S-boxes are emitted in `style` (the default is the table); with the
    /// registered style the round uses `sbox_clock`/`sbox_enable`: a register after shift_rows.
    pub fn with_sbox(style: SBoxStyle) -> Self {
        let registered = usize::from(style.is_registered());
        AesRound { sub_bytes: SubBytes::with_style(style), _registered: registered, ..AesRound::default() }
    }

    /// Whether sub_bytes/shift_rows is registered (latency 1 cycle).
    pub fn is_registered(&self) -> bool {
        self._registered == 1
    }
}

impl Default for AesRound {
    fn default() -> Self {
        AesRound {
            sbox_clock: Default::default(),
            sbox_enable: Default::default(),
            sub_bytes_in: Default::default(),
            shift_rows_out: Default::default(),
            mix_columns_in: Default::default(),
            final_round: Default::default(),
            mix_columns_out: Default::default(),
            add_round_key_in: Default::default(),
            round_key: Default::default(),
            add_round_key_out: Default::default(),
            sub_bytes: SubBytes::new(),
            row_mask_0: Constant::new(every_column(0x0000_00ff)),
            row_mask_1: Constant::new(every_column(0x0000_ff00)),
            row_mask_2: Constant::new(every_column(0x00ff_0000)),
            row_mask_3: Constant::new(every_column(0xff00_0000)),
            row_1: Default::default(),
            row_2: Default::default(),
            row_3: Default::default(),
            rotate_1_low: Constant::new(every_column(0x00ff_ffff)),
            rotate_1_high: Constant::new(every_column(0xff00_0000)),
            rotate_2_low: Constant::new(every_column(0x0000_ffff)),
            rotate_2_high: Constant::new(every_column(0xffff_0000)),
            rotate_3_low: Constant::new(every_column(0x0000_00ff)),
            rotate_3_high: Constant::new(every_column(0xffff_ff00)),
            byte_bit_0: Constant::new(every_byte(0x01)),
            byte_bits_7_1: Constant::new(every_byte(0xfe)),
            rotated_1: Default::default(),
            rotated_2: Default::default(),
            rotated_3: Default::default(),
            pair_sum: Default::default(),
            carries: Default::default(),
            doubled: Default::default(),
            mixed: Default::default(),
            _registered: 0,
        }
    }
}

impl Logic for AesRound {
    #[hdl_gen]
    fn update(&mut self) {
        // sub_bytes, then shift_rows: out s[r,c] = in s[r,(c+r) mod 4], i.e.
        // row r rotates right by r columns (32r bits) within the 128 bits.
        for x in 0..self._registered {
            self.sub_bytes.clock[x].next = self.sbox_clock.val();
            self.sub_bytes.enable[x].next = self.sbox_enable.val();
        }
        self.sub_bytes.bytes_in.next = self.sub_bytes_in.val();
        self.row_1.next = self.sub_bytes.bytes_out.val() & self.row_mask_1.val();
        self.row_2.next = self.sub_bytes.bytes_out.val() & self.row_mask_2.val();
        self.row_3.next = self.sub_bytes.bytes_out.val() & self.row_mask_3.val();
        self.shift_rows_out.next = (self.sub_bytes.bytes_out.val() & self.row_mask_0.val())
            | (self.row_1.val() >> 32)
            | (self.row_1.val() << 96)
            | (self.row_2.val() >> 64)
            | (self.row_2.val() << 64)
            | (self.row_3.val() >> 96)
            | (self.row_3.val() << 32);

        // mix_columns: b_r = 2(a_r ^ a_r+1) ^ a_r+1 ^ a_r+2 ^ a_r+3 per column.
        self.rotated_1.next = ((self.mix_columns_in.val() >> 8) & self.rotate_1_low.val())
            | ((self.mix_columns_in.val() << 24) & self.rotate_1_high.val());
        self.rotated_2.next = ((self.mix_columns_in.val() >> 16) & self.rotate_2_low.val())
            | ((self.mix_columns_in.val() << 16) & self.rotate_2_high.val());
        self.rotated_3.next = ((self.mix_columns_in.val() >> 24) & self.rotate_3_low.val())
            | ((self.mix_columns_in.val() << 8) & self.rotate_3_high.val());
        self.pair_sum.next = self.mix_columns_in.val() ^ self.rotated_1.val();
        // xtime on every byte: shift left, reduce by 0x1b where bit 7 was set.
        self.carries.next = (self.pair_sum.val() >> 7) & self.byte_bit_0.val();
        self.doubled.next = ((self.pair_sum.val() << 1) & self.byte_bits_7_1.val())
            ^ self.carries.val()
            ^ (self.carries.val() << 1)
            ^ (self.carries.val() << 3)
            ^ (self.carries.val() << 4);
        self.mixed.next = self.doubled.val() ^ self.rotated_1.val() ^ self.rotated_2.val() ^ self.rotated_3.val();
        self.mix_columns_out.next = self.mixed.val();
        if self.final_round.val() {
            self.mix_columns_out.next = self.mix_columns_in.val();
        }

        // add_round_key
        self.add_round_key_out.next = self.add_round_key_in.val() ^ self.round_key.val();
    }
}
