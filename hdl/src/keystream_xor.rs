//! Keystream XOR: merges a stream of source words with a stream of
//! keystream words (both bus width W, S = W/8 bytes), one result word per
//! pair, behind a two-entry output buffer whose ready is a register.
//!
//! Ports:
//! - `clock`, `reset` (synchronous: empties the buffer, zeroes its words);
//! - `source_data` (W), `source_strobe` (S: bytes of the word that belong
//!   to the job, e.g. a partial last block), `source_last`, `source_valid`,
//!   `source_ready` (out);
//! - `keystream_data` (W), `keystream_valid`, `keystream_ready` (out);
//! - `result_data` (W) = (source ^ keystream) with the bytes outside
//!   `source_strobe` zeroed (no keystream byte ever leaves unmasked),
//!   `result_strobe` (S, = source_strobe, for WSTRB), `result_last`,
//!   `result_valid`, `result_ready` (in).
//!
//! A pair is taken when both inputs are valid and the buffer has room; each
//! input's ready depends on the other input's valid (never valid on ready).
//! Latency 1 cycle (pair taken in t, result valid in t+1); throughput one
//! word per cycle while `result_ready` is high.

use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct KeystreamXor<const W: usize, const S: usize> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub source_data: Signal<In, Bits<W>>,
    pub source_strobe: Signal<In, Bits<S>>,
    pub source_last: Signal<In, Bit>,
    pub source_valid: Signal<In, Bit>,
    pub source_ready: Signal<Out, Bit>,
    pub keystream_data: Signal<In, Bits<W>>,
    pub keystream_valid: Signal<In, Bit>,
    pub keystream_ready: Signal<Out, Bit>,
    pub result_data: Signal<Out, Bits<W>>,
    pub result_strobe: Signal<Out, Bits<S>>,
    pub result_last: Signal<Out, Bit>,
    pub result_valid: Signal<Out, Bit>,
    pub result_ready: Signal<In, Bit>,
    main_valid: DFF<Bit>,
    main_data: DFF<Bits<W>>,
    main_strobe: DFF<Bits<S>>,
    main_last: DFF<Bit>,
    skid_valid: DFF<Bit>,
    skid_data: DFF<Bits<W>>,
    skid_strobe: DFF<Bits<S>>,
    skid_last: DFF<Bit>,
    byte_mask: Signal<Local, Bits<W>>,
    merged: Signal<Local, Bits<W>>,
    push: Signal<Local, Bit>,
    pop: Signal<Local, Bit>,
    byte_ones: Constant<Bits<W>>,
    zero_word: Constant<Bits<W>>,
    zero_strobe: Constant<Bits<S>>,
    _bytes: usize,
}

impl<const W: usize, const S: usize> KeystreamXor<W, S> {
    pub fn new() -> Self {
        assert!(W == 8 * S && W.is_multiple_of(128), "KeystreamXor: W = 8 * S, a multiple of 128");
        KeystreamXor {
            clock: Signal::default(),
            reset: Signal::default(),
            source_data: Signal::default(),
            source_strobe: Signal::default(),
            source_last: Signal::default(),
            source_valid: Signal::default(),
            source_ready: Signal::default(),
            keystream_data: Signal::default(),
            keystream_valid: Signal::default(),
            keystream_ready: Signal::default(),
            result_data: Signal::default(),
            result_strobe: Signal::default(),
            result_last: Signal::default(),
            result_valid: Signal::default(),
            result_ready: Signal::default(),
            main_valid: Default::default(),
            main_data: Default::default(),
            main_strobe: Default::default(),
            main_last: Default::default(),
            skid_valid: Default::default(),
            skid_data: Default::default(),
            skid_strobe: Default::default(),
            skid_last: Default::default(),
            byte_mask: Signal::default(),
            merged: Signal::default(),
            push: Signal::default(),
            pop: Signal::default(),
            byte_ones: Constant::new(0xffu64.to_bits()),
            zero_word: Constant::new(Bits::<W>::default()),
            zero_strobe: Constant::new(Bits::<S>::default()),
            _bytes: S,
        }
    }
}

impl<const W: usize, const S: usize> Default for KeystreamXor<W, S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const W: usize, const S: usize> Logic for KeystreamXor<W, S> {
    #[hdl_gen]
    fn update(&mut self) {
        dff_setup!(
            self,
            clock,
            main_valid,
            main_data,
            main_strobe,
            main_last,
            skid_valid,
            skid_data,
            skid_strobe,
            skid_last
        );
        // Byte mask from the strobe, most significant byte first.
        self.byte_mask.next = self.zero_word.val();
        for top in (self._bytes - 1)..self._bytes {
            for i in 0..self._bytes {
                self.byte_mask.next = self.byte_mask.val() << 8;
                if self.source_strobe.val().get_bit(top - i) {
                    self.byte_mask.next = self.byte_mask.val() | self.byte_ones.val();
                }
            }
        }
        self.merged.next = (self.source_data.val() ^ self.keystream_data.val()) & self.byte_mask.val();

        self.source_ready.next = self.keystream_valid.val() & !self.skid_valid.q.val();
        self.keystream_ready.next = self.source_valid.val() & !self.skid_valid.q.val();
        self.push.next = self.source_valid.val() & self.keystream_valid.val() & !self.skid_valid.q.val();
        self.pop.next = self.main_valid.q.val() & self.result_ready.val();
        self.result_valid.next = self.main_valid.q.val();
        self.result_data.next = self.main_data.q.val();
        self.result_strobe.next = self.main_strobe.q.val();
        self.result_last.next = self.main_last.q.val();

        if self.pop.val() {
            if self.skid_valid.q.val() {
                self.main_data.d.next = self.skid_data.q.val();
                self.main_strobe.d.next = self.skid_strobe.q.val();
                self.main_last.d.next = self.skid_last.q.val();
                self.skid_valid.d.next = false;
                self.skid_data.d.next = self.zero_word.val();
            } else if self.push.val() {
                self.main_data.d.next = self.merged.val();
                self.main_strobe.d.next = self.source_strobe.val();
                self.main_last.d.next = self.source_last.val();
            } else {
                self.main_valid.d.next = false;
                self.main_data.d.next = self.zero_word.val();
            }
        } else if self.push.val() {
            if self.main_valid.q.val() {
                self.skid_valid.d.next = true;
                self.skid_data.d.next = self.merged.val();
                self.skid_strobe.d.next = self.source_strobe.val();
                self.skid_last.d.next = self.source_last.val();
            } else {
                self.main_valid.d.next = true;
                self.main_data.d.next = self.merged.val();
                self.main_strobe.d.next = self.source_strobe.val();
                self.main_last.d.next = self.source_last.val();
            }
        }

        if self.reset.val() {
            self.main_valid.d.next = false;
            self.main_data.d.next = self.zero_word.val();
            self.main_strobe.d.next = self.zero_strobe.val();
            self.main_last.d.next = false;
            self.skid_valid.d.next = false;
            self.skid_data.d.next = self.zero_word.val();
            self.skid_strobe.d.next = self.zero_strobe.val();
            self.skid_last.d.next = false;
        }
    }
}
