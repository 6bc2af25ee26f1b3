//! The AES datapath blocks one by one, as EMITTED VERILOG under Verilator,
//! against the golden model:
//!
//! - `aes_round`: sub_bytes + shift_rows, mix_columns (and its bypass in the
//!   final round), add_round_key on random states equal `golden::aes`; with
//!   the registered S-box style (`sbox: rom`) sub_bytes + shift_rows is the
//!   same function one clock later, and holds while `sbox_enable` is low;
//! - `key_expand`: the round-key write stream for random 128/192/256-bit
//!   keys equals `golden::aes::KeySchedule` (one round key per cycle, flags,
//!   slot and size), writes stop on `cancel`, and no key leaves while idle;
//! - `ctr_unit`: counter groups for random jobs (widths 128/64/32 near
//!   wrap-around, first-block offsets, lengths, back-pressure) equal
//!   `golden::ctr::counter_block`, with the right lanes/chunk/last tags, for
//!   several lane / bus-word shapes;
//! - `keystream_xor`: random source and keystream streams with random
//!   valid/ready give (source ^ keystream) masked by the byte strobes, in
//!   order, taking both inputs in the same cycle.
//!
//! Seeds are printed; AESCTR_SEED replays.

mod common;

use golden::aes::{add_round_key, mix_columns, shift_rows, sub_bytes, KeySchedule};
use golden::ctr::counter_block;
use hdl::config::SBoxStyle;
use hdl::emit::block_verilog;
use hdl::Config;
use rand::Rng;
use sim::verilator::{Model, Options};
use spec::{CounterWidth, KeySize};
use std::collections::VecDeque;

/// Little-endian 32-bit words of `bytes` (the last word zero-padded).
fn words_of(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks(4)
        .map(|c| {
            let mut w = [0u8; 4];
            w[..c.len()].copy_from_slice(c);
            u32::from_le_bytes(w)
        })
        .collect()
}

fn bytes_of(words: &[u32]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

fn build(block: &str, config: &Config, clock: Option<&str>) -> Model {
    let verilog = block_verilog(block, config).unwrap_or_else(|e| panic!("{e}"));
    let options = Options { clock: clock.map(String::from), ..Options::default() };
    Model::build_source(&verilog, block, &options).unwrap_or_else(|e| panic!("building {block}: {e}"))
}

fn get16(model: &Model, port: sim::PortId) -> [u8; 16] {
    let mut w = [0u32; 4];
    model.get_wide(port, &mut w);
    bytes_of(&w).try_into().unwrap()
}

#[test]
fn aes_round_parts_equal_golden_steps() {
    let mut rng = common::rng(0xB10C_0001);
    let table = Config { sbox: SBoxStyle::Table, ..Config::default() };
    let mut m = build("aes_round", &table, None);
    let p = |m: &Model, n: &str| m.port(n).unwrap();
    let (sb_in, sr_out) = (p(&m, "sub_bytes_in"), p(&m, "shift_rows_out"));
    let (mc_in, fin, mc_out) = (p(&m, "mix_columns_in"), p(&m, "final_round"), p(&m, "mix_columns_out"));
    let (ark_in, rk, ark_out) = (p(&m, "add_round_key_in"), p(&m, "round_key"), p(&m, "add_round_key_out"));
    for n in 0..20_000 {
        let state: [u8; 16] = rng.gen();
        let other: [u8; 16] = rng.gen();
        let key: [u8; 16] = rng.gen();
        let last = n % 2 == 1;
        m.set_wide(sb_in, &words_of(&state));
        m.set_wide(mc_in, &words_of(&other));
        m.set(fin, last as u64);
        m.set_wide(ark_in, &words_of(&state));
        m.set_wide(rk, &words_of(&key));
        m.eval();
        let mut want = state;
        sub_bytes(&mut want);
        shift_rows(&mut want);
        assert_eq!(get16(&m, sr_out), want, "shift_rows(sub_bytes({state:02x?}))");
        let mut want = other;
        if !last {
            mix_columns(&mut want);
        }
        assert_eq!(get16(&m, mc_out), want, "mix_columns({other:02x?}), final {last}");
        let mut want = state;
        add_round_key(&mut want, &key);
        assert_eq!(get16(&m, ark_out), want, "add_round_key");
    }
}

#[test]
fn aes_round_with_rom_sboxes_registers_sub_bytes() {
    let mut rng = common::rng(0xB10C_0005);
    let rom = Config { sbox: SBoxStyle::Rom, ..Config::default() };
    let mut m = build("aes_round", &rom, Some("sbox_clock"));
    let (sb_in, enable, sr_out) =
        (m.port("sub_bytes_in").unwrap(), m.port("sbox_enable").unwrap(), m.port("shift_rows_out").unwrap());
    let mut held = [0u8; 16];
    for n in 0..5_000 {
        let state: [u8; 16] = rng.gen();
        let load = n % 4 != 3;
        m.set_wide(sb_in, &words_of(&state));
        m.set(enable, load as u64);
        m.tick();
        if load {
            held = state;
            sub_bytes(&mut held);
            shift_rows(&mut held);
        }
        assert_eq!(get16(&m, sr_out), held, "registered shift_rows(sub_bytes(..)), enable {load}");
    }
}

#[test]
fn key_expand_writes_the_golden_schedule_one_round_key_per_cycle() {
    let mut rng = common::rng(0xB10C_0002);
    let mut m = build("key_expand", &Config::default(), Some("clock"));
    let p = |m: &Model, n: &str| m.port(n).unwrap();
    let reset = p(&m, "reset");
    let (valid, ready, key_in, size_in, slot_in) =
        (p(&m, "load_valid"), p(&m, "load_ready"), p(&m, "load_key"), p(&m, "load_size"), p(&m, "load_slot"));
    let cancel = p(&m, "cancel");
    let (we, w_slot, w_round, w_key, w_size, w_first, w_last, busy) = (
        p(&m, "write_enable"),
        p(&m, "write_slot"),
        p(&m, "write_round"),
        p(&m, "write_key"),
        p(&m, "write_size"),
        p(&m, "write_first"),
        p(&m, "write_last"),
        p(&m, "busy"),
    );
    m.set(reset, 1);
    for _ in 0..4 {
        m.tick();
    }
    m.set(reset, 0);
    for n in 0..600 {
        let size = KeySize::ALL[n % 3];
        let key: Vec<u8> = (0..size.bytes()).map(|_| rng.gen()).collect();
        let mut padded = [0u8; 32];
        padded[..key.len()].copy_from_slice(&key);
        // Garbage above the key must be ignored.
        for b in padded[key.len()..].iter_mut() {
            *b = rng.gen();
        }
        let slot = rng.gen_range(0..17u64);
        let schedule = KeySchedule::expand(&key).unwrap();
        m.set_wide(key_in, &words_of(&padded));
        m.set(size_in, size.code() as u64);
        m.set(slot_in, slot);
        m.set(valid, 1);
        m.clock_low();
        assert!(m.get_bool(ready), "ready when idle");
        assert!(!m.get_bool(we), "no writes while idle");
        assert_eq!(get16(&m, w_key), [0; 16], "no key material on write_key while idle");
        m.clock_high();
        m.set(valid, 0);
        m.set_wide(key_in, &[0; 8]);
        let cancel_at = if n % 10 == 9 { Some(rng.gen_range(0..size.rounds())) } else { None };
        for round in 0..=size.rounds() {
            if cancel_at == Some(round) {
                m.set(cancel, 1);
                m.tick();
                m.set(cancel, 0);
                m.clock_low();
                assert!(!m.get_bool(we) && !m.get_bool(busy), "cancel stops the expansion");
                assert_eq!(get16(&m, w_key), [0; 16]);
                m.clock_high();
                break;
            }
            m.clock_low();
            assert!(m.get_bool(we) && m.get_bool(busy), "{size:?} round {round}: write enable");
            assert!(!m.get_bool(ready), "not ready while expanding");
            assert_eq!(m.get(w_round), round as u64);
            assert_eq!(m.get(w_slot), slot);
            assert_eq!(m.get(w_size), size.code() as u64);
            assert_eq!(m.get_bool(w_first), round == 0);
            assert_eq!(m.get_bool(w_last), round == size.rounds());
            assert_eq!(get16(&m, w_key), schedule.round_keys[round], "{size:?} key {key:02x?} round {round}");
            m.clock_high();
        }
        m.clock_low();
        assert!(!m.get_bool(we) && !m.get_bool(busy), "done after Nr+1 writes");
        m.clock_high();
    }
}

/// Drive random jobs into the counter unit of `cfg` and check every group.
fn ctr_unit_matches_golden(cfg: &Config, rng: &mut rand_chacha::ChaCha8Rng, jobs: usize) {
    let mut m = build("ctr_unit", cfg, Some("clock"));
    let p = |m: &Model, n: &str| m.port(n).unwrap_or_else(|e| panic!("{e}"));
    let lanes = cfg.lanes as usize;
    let b = cfg.blocks_per_word();
    let reset = p(&m, "reset");
    let (job_valid, job_ready) = (p(&m, "job_valid"), p(&m, "job_ready"));
    let (counter, width, blocks, offset, slot, rounds) = (
        p(&m, "job_counter"),
        p(&m, "job_width"),
        p(&m, "job_blocks"),
        p(&m, "job_offset"),
        p(&m, "job_slot"),
        p(&m, "job_rounds"),
    );
    let (out_valid, out_ready, out_slot, out_rounds, out_tag, idle) = (
        p(&m, "out_valid"),
        p(&m, "out_ready"),
        p(&m, "out_slot"),
        p(&m, "out_rounds"),
        p(&m, "out_tag"),
        p(&m, "idle"),
    );
    let out_blocks: Vec<_> = (0..lanes).map(|l| p(&m, &format!("out_blocks${l}"))).collect();
    m.set(reset, 1);
    for _ in 0..4 {
        m.tick();
    }
    m.set(reset, 0);
    for _ in 0..jobs {
        let w = CounterWidth::ALL[rng.gen_range(0..3)];
        let mut c0: u128 = rng.gen();
        if rng.gen_range(0..2) == 0 {
            let mask = if w.bits() == 128 { u128::MAX } else { (1u128 << w.bits()) - 1 };
            c0 = (c0 & !mask) | (mask - rng.gen_range(0..6u128));
        }
        let c0 = c0.to_be_bytes();
        let n = if rng.gen_range(0..5) == 0 { rng.gen_range(0..3u32) } else { rng.gen_range(1..40u32) };
        let off = rng.gen_range(0..b) as u32;
        let (s, r) = (rng.gen_range(0..32u64), [10u64, 12, 14][rng.gen_range(0..3)]);
        // Expected groups: positions off..off+n, L per group, empty groups skipped.
        let mut expected: VecDeque<(Vec<Option<[u8; 16]>>, u64)> = VecDeque::new();
        if n > 0 {
            let first = off as usize;
            let end = first + n as usize;
            let mut g = first / lanes;
            while g * lanes < end {
                let lanes_of: Vec<Option<[u8; 16]>> = (0..lanes)
                    .map(|l| {
                        let pos = g * lanes + l;
                        (pos >= first && pos < end).then(|| counter_block(c0, w, (pos - first) as u128))
                    })
                    .collect();
                let mask: u64 = lanes_of.iter().enumerate().filter(|(_, v)| v.is_some()).map(|(l, _)| 1 << l).sum();
                let chunk = (g % (b / lanes)) as u64;
                let job_last = (g + 1) * lanes >= end;
                let word_last = job_last || chunk as usize == b / lanes - 1;
                let tag = mask | (chunk << 4) | ((word_last as u64) << 6) | ((job_last as u64) << 7);
                expected.push_back((lanes_of, tag));
                g += 1;
            }
        }
        m.set(job_valid, 1);
        m.set_wide(counter, &words_of(&c0));
        m.set(width, w.code() as u64);
        m.set(blocks, n as u64);
        m.set(offset, off as u64);
        m.set(slot, s);
        m.set(rounds, r);
        // Wait for the job to be taken.
        loop {
            m.clock_low();
            let taken = m.get_bool(job_ready);
            m.clock_high();
            if taken {
                break;
            }
        }
        m.set(job_valid, 0);
        let mut cycles = 0;
        while !expected.is_empty() {
            let ready = rng.gen_range(0..4) != 0;
            m.set(out_ready, ready as u64);
            m.clock_low();
            if m.get_bool(out_valid) && ready {
                let (lanes_of, tag) = expected.pop_front().unwrap();
                assert_eq!(m.get(out_tag), tag, "{}: job n={n} off={off} w={w:?}: tag", cfg.short_name());
                assert_eq!((m.get(out_slot), m.get(out_rounds)), (s, r));
                for (l, want) in lanes_of.iter().enumerate() {
                    if let Some(want) = want {
                        assert_eq!(&get16(&m, out_blocks[l]), want, "{}: lane {l}", cfg.short_name());
                    }
                }
            }
            m.clock_high();
            cycles += 1;
            assert!(cycles < 10_000, "counter unit stalled");
        }
        m.set(out_ready, 1);
        m.clock_low();
        assert!(!m.get_bool(out_valid) && m.get_bool(idle), "{}: nothing after the job's groups", cfg.short_name());
        m.clock_high();
    }
}

#[test]
fn ctr_unit_groups_equal_golden_counter_blocks() {
    let mut rng = common::rng(0xB10C_0003);
    for (lanes, bus_bits) in [(1, 128), (1, 512), (2, 512), (4, 512), (2, 256)] {
        let cfg = Config { lanes, bus_bits, ..Config::default() };
        ctr_unit_matches_golden(&cfg, &mut rng, 400);
    }
}

fn keystream_xor_merges(bus_bits: u32, rng: &mut rand_chacha::ChaCha8Rng) {
    let cfg = Config { bus_bits, ..Config::default() };
    let mut m = build("keystream_xor", &cfg, Some("clock"));
    let p = |m: &Model, n: &str| m.port(n).unwrap();
    let bytes = bus_bits as usize / 8;
    let (reset, s_data, s_strobe, s_last, s_valid, s_ready) = (
        p(&m, "reset"),
        p(&m, "source_data"),
        p(&m, "source_strobe"),
        p(&m, "source_last"),
        p(&m, "source_valid"),
        p(&m, "source_ready"),
    );
    let (k_data, k_valid, k_ready) = (p(&m, "keystream_data"), p(&m, "keystream_valid"), p(&m, "keystream_ready"));
    let (r_data, r_strobe, r_last, r_valid, r_ready) = (
        p(&m, "result_data"),
        p(&m, "result_strobe"),
        p(&m, "result_last"),
        p(&m, "result_valid"),
        p(&m, "result_ready"),
    );
    m.set(reset, 1);
    for _ in 0..4 {
        m.tick();
    }
    m.set(reset, 0);
    let count = 3000;
    let random_word = |rng: &mut rand_chacha::ChaCha8Rng| (0..bytes).map(|_| rng.gen()).collect::<Vec<u8>>();
    let sources: Vec<(Vec<u8>, Vec<u8>, bool)> = (0..count)
        .map(|_| {
            let strobe: Vec<u8> = match rng.gen_range(0..4) {
                0 => (0..bytes / 8).map(|_| rng.gen()).collect(),
                _ => vec![0xff; bytes / 8],
            };
            (random_word(rng), strobe, rng.gen_range(0..8) == 0)
        })
        .collect();
    let keystream: Vec<Vec<u8>> = (0..count).map(|_| random_word(rng)).collect();
    let (mut si, mut ki, mut ri) = (0, 0, 0);
    let mut buf = vec![0u32; bytes / 4];
    let mut cycles = 0;
    while ri < count {
        let sv = si < count && rng.gen_range(0..3) != 0;
        let kv = ki < count && rng.gen_range(0..3) != 0;
        let rr = rng.gen_range(0..3) != 0;
        m.set(s_valid, sv as u64);
        m.set(k_valid, kv as u64);
        m.set(r_ready, rr as u64);
        if si < count {
            m.set_wide(s_data, &words_of(&sources[si].0));
            m.set_wide(s_strobe, &words_of(&sources[si].1));
            m.set(s_last, sources[si].2 as u64);
        }
        if ki < count {
            m.set_wide(k_data, &words_of(&keystream[ki]));
        }
        m.clock_low();
        let s_fire = sv && m.get_bool(s_ready);
        let k_fire = kv && m.get_bool(k_ready);
        assert_eq!(s_fire, k_fire, "source and keystream are taken together");
        if m.get_bool(r_valid) && rr {
            let (src, strobe, last) = &sources[ri];
            m.get_wide(r_data, &mut buf);
            let got = bytes_of(&buf);
            for i in 0..bytes {
                let keep = strobe[i / 8] >> (i % 8) & 1 == 1;
                let want = if keep { src[i] ^ keystream[ri][i] } else { 0 };
                assert_eq!(got[i], want, "W={bus_bits} word {ri} byte {i}");
            }
            let mut sb = vec![0u32; (bytes / 8).div_ceil(4)];
            m.get_wide(r_strobe, &mut sb);
            assert_eq!(&bytes_of(&sb)[..bytes / 8], &strobe[..]);
            assert_eq!(m.get_bool(r_last), *last);
            ri += 1;
        }
        m.clock_high();
        if s_fire {
            si += 1;
            ki += 1;
        }
        cycles += 1;
        assert!(cycles < 100 * count, "keystream_xor stalled");
    }
}

#[test]
fn keystream_xor_merges_masked_words_in_order() {
    let mut rng = common::rng(0xB10C_0004);
    for bus_bits in [128, 512] {
        keystream_xor_merges(bus_bits, &mut rng);
    }
}
