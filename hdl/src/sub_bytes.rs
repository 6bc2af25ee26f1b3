//! `SubBytes` (FIPS-197 §5.1.1) on a word of BITS / 8 bytes: one S-box per byte.
//!
//! Ports: `bytes_in` (in, BITS bits), `bytes_out` (out, BITS bits); byte i
//! (bits 8i+7..8i) of the output is `SBOX[byte i of the input]`. Latency 0
//! cycles (combinational), one word per cycle. Used with BITS = 128 (a
//! state, 16 S-boxes) in every round and BITS = 32 (SubWord, 4 S-boxes) in
//! the key expansion.

use crate::concat::Concat;
use crate::sbox::{SBox, SBoxStyle};
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct SubBytes<const BITS: usize> {
    pub bytes_in: Signal<In, Bits<BITS>>,
    pub bytes_out: Signal<Out, Bits<BITS>>,
    sboxes: Vec<SBox>,
    joined: Concat<8, BITS>,
    _bytes: usize,
}

impl<const BITS: usize> SubBytes<BITS> {
    /// Table S-boxes.
    pub fn new() -> Self {
        Self::with_style(SBoxStyle::Table)
    }

    /// S-boxes emitted in `style`.
    pub fn with_style(style: SBoxStyle) -> Self {
        assert!(BITS.is_multiple_of(8) && (8..=128).contains(&BITS), "SubBytes works on 1 to 16 whole bytes");
        SubBytes {
            bytes_in: Signal::default(),
            bytes_out: Signal::default(),
            sboxes: (0..BITS / 8).map(|_| SBox::new(style)).collect(),
            joined: Concat::new(BITS / 8),
            _bytes: BITS / 8,
        }
    }
}

impl<const BITS: usize> Default for SubBytes<BITS> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const BITS: usize> Logic for SubBytes<BITS> {
    #[hdl_gen]
    fn update(&mut self) {
        for i in 0..self._bytes {
            self.sboxes[i].byte_in.next = self.bytes_in.val().get_bits::<8>(i * 8);
            self.joined.parts[i].next = self.sboxes[i].byte_out.val();
        }
        self.bytes_out.next = self.joined.whole.val();
    }
}
