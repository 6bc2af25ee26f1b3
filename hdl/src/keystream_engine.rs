//! The AES-CTR keystream engine: key expansion + key store + counter unit +
//! round core + packer. "Start a job (counter0, width, slot, nblocks,
//! offset)" -> a stream of bus words of keystream, for a DMA engine to XOR
//! with source data (`keystream_xor.rs`).
//!
//! Ports (`W` = bus width, 128/256/512; B = W/128 blocks per word):
//! - `clock`, `reset` (synchronous, active high: zeroizes every key slot and
//!   empties every register of the engine);
//! - key load: `key_load_valid`, `key_load_ready` (out), `key_load_slot`
//!   (5), `key_load_size` (2-bit code: 0 = 128, 1 = 192, 2 = 256),
//!   `key_load_key` (256, key byte i in bits 8i+7..8i); the slot is invalid
//!   from the first round-key write until the last one;
//! - `key_zeroize_valid` + `key_zeroize_slot`, `key_zeroize_all`: zeroize one
//!   slot / every slot: invalid from the next cycle, round keys overwritten in
//!   the background (`key_store.rs`; also stops a load of that slot);
//! - `key_busy` (out): an expansion or a background zeroize is running (no
//!   key load is accepted meanwhile); `slot_valid` (32): bit n = slot n holds
//!   a key;
//! - job: `job_valid`, `job_ready` (out), `job_counter` (128, counter block
//!   C0 in block byte order), `job_width` (2: 0 = 128, 1 = 64, 2 = 32
//!   counter bits), `job_slot` (5), `job_blocks` (32: number of 16-byte
//!   blocks n), `job_offset` (2: position of block 0 in the first bus word,
//!   so that keystream word k lines up with the k-th bus beat of a buffer
//!   starting at that 16-byte position), plus `job_slot_valid` and
//!   `job_key_size` (out): the key store's view of `job_slot`, for the caller
//!   to check before starting a job;
//! - keystream: `keystream_valid`, `keystream_ready` (in), `keystream_data`
//!   (W), `keystream_lanes` (4: positions holding job blocks; others are
//!   zero), `keystream_last` (last word of the job);
//! - `idle` (out): no job or block anywhere in the engine.
//!
//! Rules for the caller: load or zeroize a slot only while no block of a job
//! using it is inside (`idle`, or no job on that slot), so that jobs see one
//! key; jobs of any slots and key sizes may otherwise follow each other back
//! to back — the core carries each group's slot and Nr.
//!
//! Timing, measured on the emitted Verilog under Verilator by
//! `sim/tests/aes_engine.rs` (`measured_latency_and_cycles_per_block`, no
//! back-pressure), from the cycle a job is accepted to its first keystream
//! word, and in steady state:
//!
//! | architecture | latency (cycles) | cycles per 16-byte block |
//! |---|---|---|
//! | unrolled, L lanes | S + 3 = 17 for S = 14 (any key size) | 1 / L (1 at L = 1, 0.25 at L = 4) |
//! | iterative, interleave k, L lanes | k * Nr + 3 (k=1: 13/15/17; k=2: 23/27/31) | Nr / L (10/12/14 at L = 1) |
//!
//! The S-box style (`sbox`: table, composite, rom) changes none of these figures: with the
//! registered ROMs each round's register moves from after AddRoundKey to the ROMs' read register
//! (see `round_core/`), the number of registers on a block's path stays the same
//! (`measured_latency_and_cycles_per_block` on the shipped files, which use `rom` except wide,
//! and `other_sbox_styles_match_golden_in_every_architecture` check the same rules).
//!
//! (S = Nr of the largest configured key size; the three cycles beyond the
//! round core are the counter register, the round core's input register or
//! ring entry, and the packer's output register.) A key load writes Nr+1
//! round keys in Nr+1 cycles; `key_load_ready` returns one cycle later.

use crate::config::Config;
use crate::ctr_unit::CtrUnit;
use crate::key_expand::KeyExpand;
use crate::key_store::KeyStore;
use crate::keystream_pack::KeystreamPack;
use crate::round_core::RoundCore;
use rust_hdl::prelude::*;

#[derive(LogicBlock)]
pub struct AesEngine<const W: usize> {
    pub clock: Signal<In, Clock>,
    pub reset: Signal<In, Bit>,
    pub key_load_valid: Signal<In, Bit>,
    pub key_load_ready: Signal<Out, Bit>,
    pub key_load_slot: Signal<In, Bits<5>>,
    pub key_load_size: Signal<In, Bits<2>>,
    pub key_load_key: Signal<In, Bits<256>>,
    pub key_zeroize_valid: Signal<In, Bit>,
    pub key_zeroize_slot: Signal<In, Bits<5>>,
    pub key_zeroize_all: Signal<In, Bit>,
    pub key_busy: Signal<Out, Bit>,
    pub slot_valid: Signal<Out, Bits<32>>,
    pub job_valid: Signal<In, Bit>,
    pub job_ready: Signal<Out, Bit>,
    pub job_counter: Signal<In, Bits<128>>,
    pub job_width: Signal<In, Bits<2>>,
    pub job_slot: Signal<In, Bits<5>>,
    pub job_blocks: Signal<In, Bits<32>>,
    pub job_offset: Signal<In, Bits<2>>,
    pub job_slot_valid: Signal<Out, Bit>,
    pub job_key_size: Signal<Out, Bits<2>>,
    pub keystream_valid: Signal<Out, Bit>,
    pub keystream_ready: Signal<In, Bit>,
    pub keystream_data: Signal<Out, Bits<W>>,
    pub keystream_lanes: Signal<Out, Bits<4>>,
    pub keystream_last: Signal<Out, Bit>,
    pub idle: Signal<Out, Bit>,
    expand: KeyExpand,
    store: KeyStore,
    ctr: CtrUnit,
    core: RoundCore,
    pack: KeystreamPack<W>,
    _lanes: usize,
    _ports: usize,
    _dynamic_ports: usize,
}

impl<const W: usize> AesEngine<W> {
    /// The engine of a validated configuration whose `bus_bits` is `W`.
    pub fn new(config: &Config) -> Self {
        assert_eq!(config.bus_bits as usize, W, "AesEngine<{W}> built for bus_bits {}", config.bus_bits);
        let lanes = config.lanes as usize;
        let stages = config.max_rounds();
        let core = RoundCore::for_config(config);
        let ports = core.key_ports();
        let (fixed, dynamic) = (core.fixed_key_ports(), core.dynamic_key_ports());
        AesEngine {
            clock: Default::default(),
            reset: Default::default(),
            key_load_valid: Default::default(),
            key_load_ready: Default::default(),
            key_load_slot: Default::default(),
            key_load_size: Default::default(),
            key_load_key: Default::default(),
            key_zeroize_valid: Default::default(),
            key_zeroize_slot: Default::default(),
            key_zeroize_all: Default::default(),
            key_busy: Default::default(),
            slot_valid: Default::default(),
            job_valid: Default::default(),
            job_ready: Default::default(),
            job_counter: Default::default(),
            job_width: Default::default(),
            job_slot: Default::default(),
            job_blocks: Default::default(),
            job_offset: Default::default(),
            job_slot_valid: Default::default(),
            job_key_size: Default::default(),
            keystream_valid: Default::default(),
            keystream_ready: Default::default(),
            keystream_data: Default::default(),
            keystream_lanes: Default::default(),
            keystream_last: Default::default(),
            idle: Default::default(),
            expand: KeyExpand::with_sbox(config.sbox),
            store: KeyStore::new(config.engine_key_slots(), stages + 1, fixed, dynamic),
            ctr: CtrUnit::new(lanes, config.blocks_per_word()),
            core,
            pack: KeystreamPack::new(lanes),
            _lanes: lanes,
            _ports: ports,
            _dynamic_ports: dynamic,
        }
    }
}

impl<const W: usize> Logic for AesEngine<W> {
    #[hdl_gen]
    fn update(&mut self) {
        // ---- keys -------------------------------------------------------------
        self.expand.clock.next = self.clock.val();
        self.expand.reset.next = self.reset.val();
        // No load starts while the store is zeroizing a slot in the background.
        self.expand.load_valid.next = self.key_load_valid.val() & !self.store.busy.val();
        self.expand.load_key.next = self.key_load_key.val();
        self.expand.load_size.next = self.key_load_size.val();
        self.expand.load_slot.next = self.key_load_slot.val();
        self.expand.cancel.next = self.key_zeroize_all.val()
            | (self.key_zeroize_valid.val()
                & self.expand.busy.val()
                & (self.key_zeroize_slot.val() == self.expand.write_slot.val()));
        self.key_load_ready.next = self.expand.load_ready.val() & !self.store.busy.val();
        self.key_busy.next = self.expand.busy.val() | self.store.busy.val();

        self.store.clock.next = self.clock.val();
        self.store.reset.next = self.reset.val();
        self.store.write_enable.next = self.expand.write_enable.val();
        self.store.write_slot.next = self.expand.write_slot.val();
        self.store.write_round.next = self.expand.write_round.val();
        self.store.write_key.next = self.expand.write_key.val();
        self.store.write_size.next = self.expand.write_size.val();
        self.store.write_first.next = self.expand.write_first.val();
        self.store.write_last.next = self.expand.write_last.val();
        self.store.zeroize_enable.next = self.key_zeroize_valid.val();
        self.store.zeroize_slot.next = self.key_zeroize_slot.val();
        self.store.zeroize_all.next = self.key_zeroize_all.val();
        self.store.query_slot.next = self.job_slot.val();
        self.slot_valid.next = self.store.slot_valid.val();
        self.job_slot_valid.next = self.store.query_valid.val();
        self.job_key_size.next = self.store.query_size.val();
        for p in 0..self._ports {
            self.store.read_slot[p].next = self.core.key_slot[p].val();
            self.core.key[p].next = self.store.read_key[p].val();
        }
        for q in 0..self._dynamic_ports {
            self.store.read_round[q].next = self.core.key_round[q].val();
        }

        // ---- counter blocks -----------------------------------------------------
        self.ctr.clock.next = self.clock.val();
        self.ctr.reset.next = self.reset.val();
        self.ctr.job_valid.next = self.job_valid.val();
        self.ctr.job_counter.next = self.job_counter.val();
        self.ctr.job_width.next = self.job_width.val();
        self.ctr.job_blocks.next = self.job_blocks.val();
        self.ctr.job_offset.next = self.job_offset.val();
        self.ctr.job_slot.next = self.job_slot.val();
        self.ctr.job_rounds.next = self.store.query_rounds.val();
        self.job_ready.next = self.ctr.job_ready.val();

        // ---- rounds -------------------------------------------------------------
        self.core.clock.next = self.clock.val();
        self.core.reset.next = self.reset.val();
        self.core.in_valid.next = self.ctr.out_valid.val();
        self.core.in_slot.next = self.ctr.out_slot.val();
        self.core.in_rounds.next = self.ctr.out_rounds.val();
        self.core.in_tag.next = self.ctr.out_tag.val();
        self.ctr.out_ready.next = self.core.in_ready.val();
        for l in 0..self._lanes {
            self.core.in_blocks[l].next = self.ctr.out_blocks[l].val();
            self.pack.in_blocks[l].next = self.core.out_blocks[l].val();
        }

        // ---- bus words ------------------------------------------------------------
        self.pack.clock.next = self.clock.val();
        self.pack.reset.next = self.reset.val();
        self.pack.in_valid.next = self.core.out_valid.val();
        self.pack.in_tag.next = self.core.out_tag.val();
        self.core.out_ready.next = self.pack.in_ready.val();
        self.pack.out_ready.next = self.keystream_ready.val();
        self.keystream_valid.next = self.pack.out_valid.val();
        self.keystream_data.next = self.pack.out_data.val();
        self.keystream_lanes.next = self.pack.out_lanes.val();
        self.keystream_last.next = self.pack.out_last.val();

        self.idle.next = self.ctr.idle.val() & self.core.idle.val() & self.pack.idle.val();
    }
}
