//! `SubBytes` (FIPS-197 §5.1.1) on a word of BITS / 8 bytes: one S-box per byte.
//!
//! Ports: `bytes_in` (in, BITS bits), `bytes_out` (out, BITS bits); byte i
//! (bits 8i+7..8i) of the output is `SBOX[byte i of the input]`. Used with BITS = 128 (a
//! state, 16 S-boxes) in every round and BITS = 32 (SubWord, 4 S-boxes) in
//! the key expansion.
//!
//! Combinational styles (`table`, `composite`, see `sbox.rs`): latency 0 cycles, one word per
//! cycle; `clock` and `enable` are empty vectors.
//! Registered style (`rom`, see `sbox_rom.rs`): BITS / 16 two-port ROMs (bytes 2j and 2j+1 on ROM
//! j); ports `clock[0]`, `enable[0]` (in): at a rising edge with `enable[0]` high `bytes_out`
//! becomes the look-up of `bytes_in`, otherwise it holds. Latency 1 cycle, one word per cycle.

use crate::concat::Concat;
use crate::sbox::{SBox, SBoxStyle};
use crate::sbox_rom::SBoxRom;
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct SubBytes<const BITS: usize> {
    pub clock: Vec<Signal<In, Clock>>,
    pub enable: Vec<Signal<In, Bit>>,
    pub bytes_in: Signal<In, Bits<BITS>>,
    pub bytes_out: Signal<Out, Bits<BITS>>,
    sboxes: Vec<SBox>,
    roms: Vec<SBoxRom>,
    joined: Concat<8, BITS>,
    _bytes: usize,
    _registered: usize,
    _roms: usize,
}

impl<const BITS: usize> SubBytes<BITS> {
    /// Table S-boxes.
    pub fn new() -> Self {
        Self::with_style(SBoxStyle::Table)
    }

    /// S-boxes emitted in `style`.
    pub fn with_style(style: SBoxStyle) -> Self {
        assert!(BITS.is_multiple_of(8) && (8..=128).contains(&BITS), "SubBytes works on 1 to 16 whole bytes");
        let registered = usize::from(style.is_registered());
        if registered == 1 {
            assert!(BITS.is_multiple_of(16), "registered SubBytes works on pairs of bytes");
        }
        let bytes = (1 - registered) * BITS / 8;
        let roms = registered * BITS / 16;
        SubBytes {
            clock: crate::many(registered),
            enable: crate::many(registered),
            bytes_in: Signal::default(),
            bytes_out: Signal::default(),
            sboxes: (0..bytes).map(|_| SBox::new(style)).collect(),
            roms: crate::many(roms),
            joined: Concat::new(BITS / 8),
            _bytes: bytes,
            _registered: registered,
            _roms: roms,
        }
    }

    /// Whether the look-ups are registered (latency 1 cycle).
    pub fn is_registered(&self) -> bool {
        self._registered == 1
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
        for x in 0..self._registered {
            for j in 0..self._roms {
                self.roms[j].clock.next = self.clock[x].val();
                self.roms[j].enable.next = self.enable[x].val();
                self.roms[j].address_a.next = self.bytes_in.val().get_bits::<8>(j * 16);
                self.roms[j].address_b.next = self.bytes_in.val().get_bits::<8>(j * 16 + 8);
                self.joined.parts[j * 2].next = self.roms[j].data_a.val();
                self.joined.parts[j * 2 + 1].next = self.roms[j].data_b.val();
            }
        }
        self.bytes_out.next = self.joined.whole.val();
    }
}
