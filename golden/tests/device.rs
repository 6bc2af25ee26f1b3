//! Properties of the whole-device golden model (`golden::device`), one test
//! per SPEC.md / docs/behaviour.md rule: every status code, ring wrap and
//! phase, the full-CQ stall, both halts, QRESET, doorbell errors, read and
//! write error prefixes, key handling, IRQ and counters.
//!
//! Expected values never come from the model's own code path: ciphertext
//! comes from RustCrypto `aes` + `ctr` (or `golden::ctr::xor_in_place` for
//! wrapping narrow counters, and one NIST SP 800-38A vector), prefixes and
//! indices are derived by hand in the comments next to them.
//!
//! Random tests print their seed and replay with `AESCTR_SEED=<n>`.

use golden::device::{Device, DeviceConfig, Halt, UncertainCause};
use golden::{AccessKind, FaultMap, Memory};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use spec::descriptor::FLAG_INLINE_KEY;
use spec::regs;
use spec::{Completion, CounterWidth, Descriptor, KeySize, Status};

const SQ_BASE: u64 = 0x1_0000;
const CQ_BASE: u64 = 0x2_0000;
const SLVERR: u8 = spec::resp::SLVERR;
const DECERR: u8 = spec::resp::DECERR;
const IRQ_COMPLETION: u32 = regs::IRQ_COMPLETION.mask();
const IRQ_ERROR: u32 = regs::IRQ_ERROR.mask();

/// NIST SP 800-38A F.5.1 (CTR-AES128.Encrypt), first block.
const NIST_KEY: [u8; 16] =
    [0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c];
const NIST_COUNTER: [u8; 16] =
    [0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe, 0xff];
const NIST_PLAIN: [u8; 16] =
    [0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96, 0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a];
const NIST_CIPHER: [u8; 16] =
    [0x87, 0x4d, 0x61, 0x91, 0xb6, 0x20, 0xe3, 0x26, 0x1b, 0xef, 0x68, 0x64, 0x99, 0x0d, 0xb6, 0xce];

/// A device, its memory and fault map, and the software side of the rings.
struct Bench {
    dev: Device,
    mem: Memory,
    faults: FaultMap,
    sq_size: u32,
    cq_size: u32,
    next_sq: u32,
}

impl Bench {
    fn new(cfg: DeviceConfig) -> Bench {
        Bench {
            dev: Device::new(cfg).expect("valid configuration"),
            mem: Memory::new(),
            faults: FaultMap::new(),
            sq_size: 0,
            cq_size: 0,
            next_sq: 0,
        }
    }

    /// Default configuration, rings of 16, enabled.
    fn ready() -> Bench {
        let mut b = Bench::new(DeviceConfig::default());
        b.rings(16, 16);
        b
    }

    fn w(&mut self, offset: u32, value: u32) {
        self.dev.write_reg(&mut self.mem, &self.faults, offset, value);
    }

    fn r(&self, offset: u32) -> u32 {
        self.dev.read_reg(offset)
    }

    fn rings(&mut self, sq_size: u32, cq_size: u32) {
        self.w(regs::CTRL, 0);
        self.w(regs::SQ_BASE_LO, SQ_BASE as u32);
        self.w(regs::SQ_BASE_HI, (SQ_BASE >> 32) as u32);
        self.w(regs::CQ_BASE_LO, CQ_BASE as u32);
        self.w(regs::CQ_BASE_HI, (CQ_BASE >> 32) as u32);
        self.w(regs::SQ_SIZE, sq_size);
        self.w(regs::CQ_SIZE, cq_size);
        self.sq_size = sq_size;
        self.cq_size = cq_size;
        self.next_sq = 0;
        self.w(regs::CTRL, regs::CTRL_ENABLE.mask());
    }

    /// Write a descriptor into the next SQ slot without ringing the doorbell.
    fn put(&mut self, d: &Descriptor) -> u32 {
        let index = self.next_sq;
        self.mem.load(SQ_BASE + 64 * index as u64, &d.to_bytes());
        self.next_sq = (index + 1) % self.sq_size;
        index
    }

    fn doorbell(&mut self) {
        self.w(regs::SQ_TAIL, self.next_sq);
    }

    fn submit(&mut self, d: &Descriptor) -> u32 {
        let index = self.put(d);
        self.doorbell();
        index
    }

    fn completion(&self, cq_index: u32) -> Completion {
        let bytes: [u8; 16] = self.mem.dump(CQ_BASE + 16 * cq_index as u64, 16).try_into().unwrap();
        Completion::from_bytes(&bytes)
    }

    fn release(&mut self, cq_head: u32) {
        self.w(regs::CQ_HEAD, cq_head);
    }

    /// KEY_DATA words then KEY_CTRL LOAD.
    fn load_key_csr(&mut self, slot: u32, key: &[u8]) {
        for (i, word) in key.chunks(4).enumerate() {
            self.w(regs::key_data(i as u32), u32::from_le_bytes(word.try_into().unwrap()));
        }
        let size = key_size_of(key);
        self.w(
            regs::KEY_CTRL,
            regs::KEY_CTRL_SLOT.put(slot) | regs::KEY_CTRL_SIZE.put(size.code() as u32) | regs::KEY_CTRL_LOAD.mask(),
        );
    }

    /// The status of the completion at `cq_index`.
    fn status(&self, cq_index: u32) -> Status {
        Status::from_code(self.completion(cq_index).status).expect("a defined status code")
    }
}

fn key_size_of(key: &[u8]) -> KeySize {
    KeySize::ALL.into_iter().find(|k| k.bytes() == key.len()).expect("16, 24 or 32 key bytes")
}

/// Reference CTR from RustCrypto (independent of golden).
fn reference_ctr(key: &[u8], counter0: [u8; 16], width: CounterWidth, data: &mut [u8]) {
    use ::ctr::cipher::{KeyIvInit, StreamCipher};
    macro_rules! run {
        ($flavor:ident, $aes:ty) => {
            ::ctr::$flavor::<$aes>::new(key.into(), &counter0.into()).apply_keystream(data)
        };
    }
    match (key.len(), width) {
        (16, CounterWidth::W128) => run!(Ctr128BE, aes::Aes128),
        (16, CounterWidth::W64) => run!(Ctr64BE, aes::Aes128),
        (16, CounterWidth::W32) => run!(Ctr32BE, aes::Aes128),
        (24, CounterWidth::W128) => run!(Ctr128BE, aes::Aes192),
        (24, CounterWidth::W64) => run!(Ctr64BE, aes::Aes192),
        (24, CounterWidth::W32) => run!(Ctr32BE, aes::Aes192),
        (32, CounterWidth::W128) => run!(Ctr128BE, aes::Aes256),
        (32, CounterWidth::W64) => run!(Ctr64BE, aes::Aes256),
        (32, CounterWidth::W32) => run!(Ctr32BE, aes::Aes256),
        (n, _) => panic!("bad key length {n}"),
    }
}

fn encrypted(key: &[u8], counter0: [u8; 16], width: CounterWidth, plain: &[u8]) -> Vec<u8> {
    let mut data = plain.to_vec();
    reference_ctr(key, counter0, width, &mut data);
    data
}

fn pattern(len: usize, salt: u8) -> Vec<u8> {
    (0..len).map(|i| (i as u8).wrapping_mul(29).wrapping_add(salt)).collect()
}

fn counter(low: u8) -> [u8; 16] {
    let mut c = [0xA5u8; 16];
    c[15] = low;
    c
}

fn seed() -> u64 {
    let seed = std::env::var("AESCTR_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x5EED_D0C5);
    println!("seed = {seed}");
    seed
}

const KEY128: [u8; 16] = [0x11; 16];

// ---- status codes -------------------------------------------------------------

#[test]
fn status_ok_ctr_xor_matches_nist_sp800_38a_vector() {
    let mut b = Bench::ready();
    b.load_key_csr(0, &NIST_KEY);
    b.mem.load(0x4000, &NIST_PLAIN);
    b.submit(&Descriptor::ctr_xor_slot(0x77, 0, CounterWidth::W128, 0x4000, 0x5000, 16, NIST_COUNTER));
    assert_eq!(b.mem.dump(0x5000, 16), NIST_CIPHER);
    assert_eq!(b.completion(0), Completion { tag: 0x77, bytes: 16, sq_head: 1, status: 0, phase: 1, reserved: 0 });
}

#[test]
fn status_ok_for_every_key_size_width_and_in_place() {
    let mut b = Bench::ready();
    let keys: Vec<Vec<u8>> = KeySize::ALL.iter().map(|k| pattern(k.bytes(), k.code() * 7 + 1)).collect();
    for (slot, key) in keys.iter().enumerate() {
        b.load_key_csr(slot as u32, key);
    }
    let plain = pattern(1000, 3); // 62.5 blocks: partial last block
    let mut job = 0u32;
    for (slot, key) in keys.iter().enumerate() {
        for width in CounterWidth::ALL {
            for in_place in [false, true] {
                let cq = job % 16;
                let (src, dst) = if in_place { (0x40_0000, 0x40_0000) } else { (0x40_0000, 0x50_0000) };
                b.mem.load(src, &plain);
                b.submit(&Descriptor::ctr_xor_slot(job, slot as u8, width, src, dst, 1000, counter(0xF0)));
                assert_eq!((b.completion(cq).tag, b.status(cq)), (job, Status::Ok));
                assert_eq!(b.completion(cq).bytes, 1000);
                assert_eq!(
                    b.mem.dump(dst, 1000),
                    encrypted(key, counter(0xF0), width, &plain),
                    "slot {slot} {width:?} in place {in_place}"
                );
                b.release((cq + 1) % 16);
                job += 1;
            }
        }
    }
}

#[test]
fn narrow_counter_wraps_low_bits_only() {
    // Counter low 32 bits = 0xFFFF_FFFF: block 1 has low word 0 and the upper 96 bits unchanged.
    let mut b = Bench::ready();
    b.load_key_csr(0, &KEY128);
    let mut c0 = [0x3Cu8; 16];
    c0[12..].copy_from_slice(&[0xFF; 4]);
    let plain = pattern(48, 9);
    b.mem.load(0x4000, &plain);
    b.submit(&Descriptor::ctr_xor_slot(1, 0, CounterWidth::W32, 0x4000, 0x6000, 48, c0));
    let mut expected = plain.clone();
    golden::ctr::xor_in_place(&KEY128, c0, CounterWidth::W32, &mut expected).unwrap();
    assert_eq!(b.mem.dump(0x6000, 48), expected);
    // Block 1 by hand: AES_K(0x3C.. with low word 0) ^ plain[16..32].
    let mut c1 = c0;
    c1[12..].copy_from_slice(&[0; 4]);
    let mut block1 = plain[16..32].to_vec();
    reference_ctr(&KEY128, c1, CounterWidth::W128, &mut block1);
    assert_eq!(b.mem.dump(0x6010, 16), block1);
}

#[test]
fn status_bad_opcode_for_unknown_opcode_reserved_fields_and_width_code_3() {
    let mut b = Bench::ready();
    b.load_key_csr(0, &KEY128);
    b.mem.load(0x4000, &pattern(64, 1));
    let good = Descriptor::ctr_xor_slot(0, 0, CounterWidth::W128, 0x4000, 0x6000, 64, counter(0));
    let cases: Vec<(&str, Descriptor)> = vec![
        ("opcode 4", Descriptor { opcode: 4, ..good }),
        ("opcode 0xFF", Descriptor { opcode: 0xFF, ..good }),
        ("reserved byte 0x03", Descriptor { reserved0: 1, ..good }),
        ("reserved word 0x0C", Descriptor { reserved1: 0x100, ..good }),
        ("reserved dword 0x28", Descriptor { reserved2: 1 << 63, ..good }),
        ("flag bit 6", Descriptor { flags: good.flags | 0x40, ..good }),
        ("flag bit 7", Descriptor { flags: good.flags | 0x80, ..good }),
        ("counter width 3", Descriptor { flags: good.flags | 0x30, ..good }),
        ("NOP with reserved", Descriptor { reserved0: 2, ..Descriptor::nop(0) }),
        ("KEY_ZEROIZE with width 3", Descriptor { flags: 0x30, ..Descriptor::key_zeroize(0, 0) }),
    ];
    for (i, (name, d)) in cases.iter().enumerate() {
        b.submit(&Descriptor { tag: i as u32, ..*d });
        let c = b.completion(i as u32);
        assert_eq!((c.status, c.bytes, c.tag), (Status::BadOpcode.code(), 0, i as u32), "{name}");
    }
    assert_eq!(b.mem.dump(0x6000, 64), vec![0; 64], "an erroneous descriptor writes nothing");
    assert!(b.dev.key_slot_state(0).unwrap().valid, "BAD_OPCODE KEY_ZEROIZE must not zeroize");
}

#[test]
fn status_bad_key_slot_for_missing_unloaded_or_zeroized_slot() {
    let mut b = Bench::ready(); // 4 slots
    b.mem.load(0x4000, &pattern(32, 1));
    let job = |tag, slot| Descriptor::ctr_xor_slot(tag, slot, CounterWidth::W128, 0x4000, 0x6000, 32, counter(0));
    b.submit(&job(0, 4)); // slot >= slots
    b.submit(&job(1, 1)); // never loaded
    b.load_key_csr(1, &KEY128);
    b.submit(&Descriptor::key_zeroize(2, 1));
    b.submit(&job(3, 1)); // zeroized by the descriptor before it
    b.submit(&Descriptor::key_load(4, 4, KeySize::Aes128, 0x7000)); // KEY_LOAD slot >= slots
    b.submit(&Descriptor::key_zeroize(5, 200)); // KEY_ZEROIZE slot >= slots
    let statuses: Vec<Status> = (0..6).map(|i| b.status(i)).collect();
    assert_eq!(
        statuses,
        [
            Status::BadKeySlot,
            Status::BadKeySlot,
            Status::Ok,
            Status::BadKeySlot,
            Status::BadKeySlot,
            Status::BadKeySlot
        ]
    );
    assert_eq!(b.mem.dump(0x6000, 32), vec![0; 32]);
}

#[test]
fn status_bad_key_size_for_code_3_or_size_not_configured() {
    let cfg = DeviceConfig { key_sizes: KeySize::Aes128.caps_bit() | KeySize::Aes256.caps_bit(), ..Default::default() };
    let mut b = Bench::new(cfg);
    b.rings(16, 16);
    b.mem.load(0x7000, &[0x42; 32]);
    b.mem.load(0x4000, &pattern(32, 1));
    b.submit(&Descriptor::key_load(0, 0, KeySize::Aes192, 0x7000)); // 192 not configured
    let mut code3 = Descriptor::key_load(1, 0, KeySize::Aes128, 0x7000);
    code3.flags |= 3 << spec::descriptor::FLAG_KEY_SIZE_LSB;
    b.submit(&code3);
    b.submit(&Descriptor::ctr_xor_inline(2, KeySize::Aes192, 0x7000, CounterWidth::W128, 0x4000, 0x6000, 32, [0; 16]));
    // A slot job ignores flags[3:2]: a 256-bit slot with flags saying 192 is fine.
    b.submit(&Descriptor::key_load(3, 0, KeySize::Aes256, 0x7000));
    let mut slot_job = Descriptor::ctr_xor_slot(4, 0, CounterWidth::W128, 0x4000, 0x6000, 32, [0; 16]);
    slot_job.flags |= KeySize::Aes192.code() << spec::descriptor::FLAG_KEY_SIZE_LSB;
    b.submit(&slot_job);
    let statuses: Vec<Status> = (0..5).map(|i| b.status(i)).collect();
    assert_eq!(statuses, [Status::BadKeySize, Status::BadKeySize, Status::BadKeySize, Status::Ok, Status::Ok]);
    assert_eq!(b.mem.dump(0x6000, 32), encrypted(&[0x42; 32], [0; 16], CounterWidth::W128, &pattern(32, 1)));
    // CSR LOAD of an unconfigured size: ERROR, slot unchanged.
    b.w(regs::IRQ_STATUS, IRQ_ERROR);
    b.load_key_csr(1, &[0u8; 24]);
    assert_eq!(b.r(regs::IRQ_STATUS) & IRQ_ERROR, IRQ_ERROR);
    assert!(!b.dev.key_slot_state(1).unwrap().valid);
}

#[test]
fn status_unaligned_for_src_or_dst_off_16_even_when_empty() {
    let mut b = Bench::ready();
    b.load_key_csr(0, &KEY128);
    let job = |tag, src, dst, len| Descriptor::ctr_xor_slot(tag, 0, CounterWidth::W128, src, dst, len, [0; 16]);
    b.submit(&job(0, 0x4001, 0x6000, 32));
    b.submit(&job(1, 0x4000, 0x6008, 32));
    b.submit(&job(2, 0x4004, 0x6000, 0));
    b.submit(&job(3, 0x4000, 0x6000, 0)); // empty and aligned: OK
    let statuses: Vec<Status> = (0..4).map(|i| b.status(i)).collect();
    assert_eq!(statuses, [Status::Unaligned, Status::Unaligned, Status::Unaligned, Status::Ok]);
    assert_eq!(b.mem.dump(0x6000, 48), vec![0; 48]);
}

#[test]
fn status_overlap_when_distinct_ranges_intersect() {
    let mut b = Bench::ready();
    b.load_key_csr(0, &KEY128);
    let job = |tag, src, dst, len| Descriptor::ctr_xor_slot(tag, 0, CounterWidth::W128, src, dst, len, [0; 16]);
    b.submit(&job(0, 0x4000, 0x4010, 32)); // [4000,4020) vs [4010,4030)
    b.submit(&job(1, 0x4010, 0x4000, 32));
    b.submit(&job(2, 0x4000, 0x4020, 32)); // adjacent: OK
    b.submit(&job(3, 0x4000, 0x4000, 32)); // in place: OK
    b.submit(&job(4, 0x4000, 0x4010, 0)); // empty never overlaps
    let statuses: Vec<Status> = (0..5).map(|i| b.status(i)).collect();
    assert_eq!(statuses, [Status::Overlap, Status::Overlap, Status::Ok, Status::Ok, Status::Ok]);
}

#[test]
fn status_range_when_a_range_passes_2_pow_64() {
    let mut b = Bench::ready();
    b.load_key_csr(0, &KEY128);
    let top = u64::MAX - 15; // [top, top+16) ends exactly at 2^64: allowed
    let job = |tag, src, dst, len| Descriptor::ctr_xor_slot(tag, 0, CounterWidth::W128, src, dst, len, [0; 16]);
    b.submit(&job(0, top, 0x6000, 32));
    b.submit(&job(1, 0x4000, top, 32));
    b.submit(&Descriptor::key_load(2, 1, KeySize::Aes256, u64::MAX - 30)); // 32 key bytes from 2^64-31
    b.submit(&Descriptor::ctr_xor_inline(
        3,
        KeySize::Aes128,
        u64::MAX - 14,
        CounterWidth::W128,
        0x4000,
        0x6000,
        16,
        [0; 16],
    ));
    b.mem.load(top, &[0x5A; 16]);
    b.submit(&job(4, top, 0x6000, 16));
    let statuses: Vec<Status> = (0..5).map(|i| b.status(i)).collect();
    assert_eq!(statuses, [Status::Range, Status::Range, Status::Range, Status::Range, Status::Ok]);
    assert_eq!(b.mem.dump(0x6000, 16), encrypted(&KEY128, [0; 16], CounterWidth::W128, &[0x5A; 16]));
    assert!(!b.dev.key_slot_state(1).unwrap().valid, "RANGE KEY_LOAD changes no slot");
}

#[test]
fn lowest_status_code_wins_when_several_checks_fail() {
    let mut b = Bench::ready();
    // Unaligned, overlapping and unloaded slot: BAD_KEY_SLOT (2) beats UNALIGNED (4) and OVERLAP (5).
    b.submit(&Descriptor::ctr_xor_slot(0, 3, CounterWidth::W128, 0x4001, 0x4002, 32, [0; 16]));
    // Reserved field and bad slot: BAD_OPCODE (1).
    b.submit(&Descriptor { reserved1: 1, ..Descriptor::ctr_xor_slot(1, 9, CounterWidth::W128, 0, 0, 0, [0; 16]) });
    // Inline key code 3 and unaligned: BAD_KEY_SIZE (3).
    let mut d = Descriptor::ctr_xor_inline(2, KeySize::Aes128, 0x7000, CounterWidth::W128, 0x4001, 0x6000, 16, [0; 16]);
    d.flags |= 3 << spec::descriptor::FLAG_KEY_SIZE_LSB;
    b.submit(&d);
    // Overlap and range: OVERLAP (5).
    b.load_key_csr(0, &KEY128);
    b.submit(&Descriptor::ctr_xor_slot(3, 0, CounterWidth::W128, u64::MAX - 31, u64::MAX - 15, 32, [0; 16]));
    let statuses: Vec<Status> = (0..4).map(|i| b.status(i)).collect();
    assert_eq!(statuses, [Status::BadKeySlot, Status::BadOpcode, Status::BadKeySize, Status::Overlap]);
}

#[test]
fn status_read_error_reports_clean_source_prefix() {
    // Source fault at src + 0x35. Bus 16: failing beat starts at src + 0x30 -> R = 0x30.
    // Bus 32: failing beat starts at src + 0x20 -> R = 0x20.
    for (bus_bytes, prefix) in [(16u32, 0x30usize), (32, 0x20)] {
        let mut b = Bench::new(DeviceConfig { bus_bytes, ..Default::default() });
        b.rings(16, 16);
        b.load_key_csr(0, &KEY128);
        let (src, dst) = (0x4_0000u64, 0x5_0000u64);
        let plain = pattern(0x100, 5);
        b.mem.load(src, &plain);
        b.mem.load(dst, &[0xEE; 0x100]);
        b.faults.add(src + 0x35, src + 0x36, AccessKind::Read, SLVERR);
        b.submit(&Descriptor::ctr_xor_slot(9, 0, CounterWidth::W64, src, dst, 0x100, counter(1)));
        let c = b.completion(0);
        assert_eq!(
            (Status::from_code(c.status), c.bytes as usize),
            (Some(Status::ReadError), prefix),
            "bus {bus_bytes}"
        );
        let cipher = encrypted(&KEY128, counter(1), CounterWidth::W64, &plain);
        assert_eq!(b.mem.dump(dst, prefix), cipher[..prefix], "bus {bus_bytes}: prefix is ciphertext");
        assert_eq!(b.mem.dump(dst + prefix as u64, 0x100 - prefix), vec![0xEE; 0x100 - prefix], "rest untouched");
        assert!(b.dev.uncertain().is_empty());
    }
}

#[test]
fn status_read_error_on_key_read_writes_nothing_and_invalidates_key_load_slot() {
    let mut b = Bench::ready();
    b.load_key_csr(2, &KEY128);
    b.mem.load(0x4000, &pattern(32, 1));
    b.faults.add(0x7010, 0x7011, AccessKind::Read, DECERR);
    // 32-byte key at 0x7000 touches the faulting beat 0x7010.
    b.submit(&Descriptor::key_load(0, 2, KeySize::Aes256, 0x7000));
    b.submit(&Descriptor::ctr_xor_slot(1, 2, CounterWidth::W128, 0x4000, 0x6000, 32, [0; 16]));
    // Inline 16-byte key at 0x7008: beats 0x7000 and 0x7010 -> fails.
    b.submit(&Descriptor::ctr_xor_inline(2, KeySize::Aes128, 0x7008, CounterWidth::W128, 0x4000, 0x6000, 32, [0; 16]));
    // Inline 16-byte key at 0x7020: clean.
    b.submit(&Descriptor::ctr_xor_inline(3, KeySize::Aes128, 0x7020, CounterWidth::W128, 0x4000, 0x6000, 0, [0; 16]));
    let statuses: Vec<Status> = (0..4).map(|i| b.status(i)).collect();
    assert_eq!(statuses, [Status::ReadError, Status::BadKeySlot, Status::ReadError, Status::Ok]);
    assert!(!b.dev.key_slot_state(2).unwrap().valid, "a failed KEY_LOAD leaves the slot invalid, not the old key");
    assert_eq!(b.mem.dump(0x6000, 32), vec![0; 32]);
}

#[test]
fn status_write_error_prefix_and_old_or_new_tail() {
    // Bus 16, max_burst 4: bursts are cut at 64-byte windows. dst = 0x5_0010, length 0x100:
    // bursts [0x10,0x40) [0x40,0x80) [0x80,0xC0) [0xC0,0x100) [0x100,0x110) (offsets from 0x5_0000).
    // A write fault at 0x5_00A5 fails the burst starting at 0x5_0080 -> W' = 0x80 - 0x10 = 0x70.
    let mut b = Bench::new(DeviceConfig { max_burst: 4, ..Default::default() });
    b.rings(16, 16);
    b.load_key_csr(0, &KEY128);
    let (src, dst, len) = (0x4_0000u64, 0x5_0010u64, 0x100usize);
    let plain = pattern(len, 7);
    b.mem.load(src, &plain);
    b.mem.load(dst, &vec![0xEE; len]);
    b.faults.add(0x5_00A5, 0x5_00A6, AccessKind::Write, SLVERR);
    b.submit(&Descriptor::ctr_xor_slot(0x42, 0, CounterWidth::W128, src, dst, len as u32, counter(7)).with_irq(true));
    let c = b.completion(0);
    assert_eq!((Status::from_code(c.status), c.bytes), (Some(Status::WriteError), 0x70));
    let cipher = encrypted(&KEY128, counter(7), CounterWidth::W128, &plain);
    assert_eq!(b.mem.dump(dst, 0x70), cipher[..0x70]);
    // The tail [0x70, 0x100) is uncertain: old (the model's memory) or new (the ciphertext).
    assert_eq!(b.dev.uncertain().len(), 1);
    let u = &b.dev.uncertain()[0];
    assert_eq!(
        (u.cause, u.start, u.new.as_slice(), u.tag),
        (UncertainCause::WriteErrorTail, dst + 0x70, &cipher[0x70..], 0x42)
    );
    assert_eq!(b.mem.dump(dst + 0x70, len - 0x70), vec![0xEE; len - 0x70]);
    // Block index and counter of an uncertain byte: offset 0x75 is block 7, counter low byte 7 + 7.
    assert_eq!(u.block_of(dst + 0x75), Some((7, counter(14))));
    assert_eq!(b.dev.jobs()[0].block_of(dst + 0x75), Some((7, counter(14))));
    assert_eq!(b.r(regs::IRQ_STATUS), IRQ_COMPLETION | IRQ_ERROR);
}

#[test]
fn read_error_wins_when_the_source_fails_no_later_than_the_write() {
    // Source fault at src+0x40 (R = 0x40), write fault in the burst at dst+0x40 (W' = 0x40): R <= W' -> READ_ERROR.
    let mut b = Bench::new(DeviceConfig { max_burst: 4, ..Default::default() });
    b.rings(16, 16);
    b.load_key_csr(0, &KEY128);
    let plain = pattern(0x100, 3);
    b.mem.load(0x4_0000, &plain);
    b.faults.add(0x4_0040, 0x4_0041, AccessKind::Read, SLVERR);
    b.faults.add(0x5_0050, 0x5_0051, AccessKind::Write, SLVERR);
    b.submit(&Descriptor::ctr_xor_slot(1, 0, CounterWidth::W128, 0x4_0000, 0x5_0000, 0x100, [0; 16]));
    let c = b.completion(0);
    assert_eq!((Status::from_code(c.status), c.bytes), (Some(Status::ReadError), 0x40));
    // Source fault later (R = 0x80) than the write (W' = 0x40): WRITE_ERROR with 0x40 bytes.
    b.faults = FaultMap::new();
    b.faults.add(0x4_0080, 0x4_0081, AccessKind::Read, SLVERR);
    b.faults.add(0x5_1050, 0x5_1051, AccessKind::Write, SLVERR);
    b.submit(&Descriptor::ctr_xor_slot(2, 0, CounterWidth::W128, 0x4_0000, 0x5_1000, 0x100, [0; 16]));
    let c = b.completion(1);
    assert_eq!((Status::from_code(c.status), c.bytes), (Some(Status::WriteError), 0x40));
    assert_eq!(b.mem.dump(0x5_1000, 0x40), encrypted(&KEY128, [0; 16], CounterWidth::W128, &plain)[..0x40]);
}

#[test]
fn every_status_code_is_reachable() {
    // One run that produces each code 0..=8 once, as a summary of the tests above.
    let mut b = Bench::ready();
    b.load_key_csr(0, &KEY128);
    b.mem.load(0x4000, &pattern(64, 1));
    b.faults.add(0x9000, 0x9001, AccessKind::Read, SLVERR);
    b.faults.add(0xA000, 0xA001, AccessKind::Write, SLVERR);
    let job = |src, dst, len| Descriptor::ctr_xor_slot(0, 0, CounterWidth::W128, src, dst, len, [0; 16]);
    let descriptors = [
        job(0x4000, 0x6000, 64),
        Descriptor { opcode: 9, ..job(0x4000, 0x6000, 64) },
        Descriptor { key_slot: 3, ..job(0x4000, 0x6000, 64) },
        Descriptor { flags: FLAG_INLINE_KEY | (3 << 2), ..job(0x4000, 0x6000, 64) },
        job(0x4004, 0x6000, 64),
        job(0x4000, 0x4020, 64),
        job(u64::MAX - 15, 0x6000, 64),
        job(0x9000, 0x6000, 64),
        job(0x4000, 0xA000, 64),
    ];
    for d in &descriptors {
        b.put(d);
    }
    b.doorbell();
    let codes: Vec<u8> = (0..9).map(|i| b.completion(i).status).collect();
    assert_eq!(codes, Status::ALL.map(|s| s.code()));
}

// ---- rings ------------------------------------------------------------------

#[test]
fn ring_wrap_flips_phase_and_sq_head_field() {
    let mut b = Bench::new(DeviceConfig::default());
    b.rings(4, 4);
    b.load_key_csr(0, &KEY128);
    let plain = pattern(32, 2);
    b.mem.load(0x4000, &plain);
    let mut cq_head = 0;
    let mut seen = Vec::new();
    for job in 0..11u32 {
        let d = Descriptor::ctr_xor_slot(
            0x100 + job,
            0,
            CounterWidth::W128,
            0x4000,
            0x8000 + 0x100 * job as u64,
            32,
            counter(job as u8),
        );
        b.submit(&d);
        // Job n lands in CQ slot n % 4 with phase 1 on passes 0, 2, ... and sq_head (n + 1) % 4.
        let c = b.completion(cq_head);
        assert_eq!(c.tag, 0x100 + job);
        assert_eq!(c.phase, if (job / 4) % 2 == 0 { 1 } else { 0 }, "job {job}");
        assert_eq!(c.sq_head as u32, (job + 1) % 4);
        assert_eq!(
            b.mem.dump(0x8000 + 0x100 * job as u64, 32),
            encrypted(&KEY128, counter(job as u8), CounterWidth::W128, &plain)
        );
        seen.push(c.phase);
        cq_head = (cq_head + 1) % 4;
        b.release(cq_head);
    }
    assert_eq!(seen, [1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1]);
    assert_eq!((b.r(regs::SQ_HEAD), b.r(regs::CQ_TAIL), b.r(regs::JOBS_OK)), (3, 3, 11));
}

#[test]
fn full_completion_ring_stalls_sq_head_until_cq_head_moves() {
    let mut b = Bench::new(DeviceConfig::default());
    b.rings(8, 4);
    for i in 0..7 {
        b.put(&Descriptor::nop(i));
    }
    b.doorbell();
    // CQ of 4 holds 3 unreleased completions: 3 NOPs done, SQ_HEAD stops at 3.
    assert_eq!((b.r(regs::SQ_HEAD), b.r(regs::CQ_TAIL), b.r(regs::JOBS_OK)), (3, 3, 3));
    assert_eq!(b.completion(3), Completion::default(), "slot 3 never written while the ring is full");
    b.release(2); // frees 2 slots
    assert_eq!((b.r(regs::SQ_HEAD), b.r(regs::CQ_TAIL)), (5, 1));
    assert_eq!(b.completion(3).tag, 3);
    assert_eq!(b.completion(0).tag, 4);
    assert_eq!(b.completion(0).phase, 0);
    b.release(1);
    assert_eq!((b.r(regs::SQ_HEAD), b.r(regs::CQ_TAIL), b.r(regs::JOBS_OK)), (7, 3, 7));
}

#[test]
fn descriptor_fetch_fault_halts_until_qreset() {
    let mut b = Bench::ready();
    b.faults.add(SQ_BASE + 64 + 10, SQ_BASE + 64 + 11, AccessKind::Read, SLVERR); // SQ slot 1
    for i in 0..3 {
        b.put(&Descriptor::nop(i));
    }
    b.doorbell();
    assert_eq!((b.r(regs::SQ_HEAD), b.r(regs::CQ_TAIL)), (1, 1));
    assert_eq!(b.r(regs::STATUS) & regs::STATUS_HALTED.mask(), regs::STATUS_HALTED.mask());
    assert_eq!(b.r(regs::IRQ_STATUS), IRQ_ERROR);
    assert_eq!(b.dev.halt(), Some(Halt::DescriptorFetch { sq_index: 1, addr: SQ_BASE + 64 }));
    // Neither removing the fault, toggling ENABLE nor ringing again leaves HALTED.
    b.faults = FaultMap::new();
    b.w(regs::CTRL, 0);
    b.w(regs::CTRL, regs::CTRL_ENABLE.mask());
    b.doorbell();
    b.w(regs::IRQ_STATUS, IRQ_ERROR);
    assert_eq!((b.r(regs::SQ_HEAD), b.r(regs::STATUS)), (1, regs::STATUS_HALTED.mask()));
    // QRESET leaves it; the ring restarts at 0 with phase 1.
    b.w(regs::CTRL, regs::CTRL_ENABLE.mask() | regs::CTRL_QRESET.mask());
    assert_eq!(b.r(regs::STATUS), 0);
    b.next_sq = 0;
    b.submit(&Descriptor::nop(0x99));
    assert_eq!(b.completion(0), Completion { tag: 0x99, bytes: 0, sq_head: 1, status: 0, phase: 1, reserved: 0 });
}

#[test]
fn completion_write_fault_halts_after_consuming_the_descriptor() {
    let mut b = Bench::ready();
    b.load_key_csr(0, &KEY128);
    let plain = pattern(48, 4);
    b.mem.load(0x4000, &plain);
    b.faults.add(CQ_BASE + 16, CQ_BASE + 17, AccessKind::Write, SLVERR); // CQ slot 1
    b.put(&Descriptor::nop(0));
    b.put(&Descriptor::ctr_xor_slot(1, 0, CounterWidth::W128, 0x4000, 0x6000, 48, [0; 16]).with_irq(true));
    b.put(&Descriptor::nop(2));
    b.doorbell();
    // SQ_HEAD past descriptor 1 (consumed), CQ_TAIL stays at 1, descriptor 2 not fetched.
    assert_eq!((b.r(regs::SQ_HEAD), b.r(regs::CQ_TAIL)), (2, 1));
    assert_eq!(b.r(regs::STATUS), regs::STATUS_HALTED.mask());
    // Its data was written and it counts; its COMPLETION irq is not set.
    assert_eq!(b.mem.dump(0x6000, 48), encrypted(&KEY128, [0; 16], CounterWidth::W128, &plain));
    assert_eq!((b.r(regs::JOBS_OK), b.r(regs::BYTES_LO)), (2, 48));
    assert_eq!(b.r(regs::IRQ_STATUS), IRQ_ERROR);
    assert_eq!(b.completion(1), Completion::default());
    assert!(!b.dev.jobs()[1].completion_written);
    b.release(1);
    assert_eq!(b.r(regs::SQ_HEAD), 2, "still halted");
    b.w(regs::CTRL, regs::CTRL_ENABLE.mask() | regs::CTRL_QRESET.mask());
    assert!(!b.dev.halted());
}

#[test]
fn qreset_clears_queue_state_and_keeps_everything_else() {
    let mut b = Bench::ready();
    b.load_key_csr(3, &KEY128);
    b.w(regs::IRQ_ENABLE, IRQ_ERROR);
    b.w(regs::SQ_TAIL, 99); // bad doorbell: ERROR
    for i in 0..5 {
        b.submit(&Descriptor::nop(i).with_irq(i == 4));
    }
    b.release(2);
    let before: Vec<u32> =
        [regs::SQ_BASE_LO, regs::CQ_BASE_LO, regs::SQ_SIZE, regs::CQ_SIZE, regs::JOBS_OK, regs::BYTES_LO]
            .iter()
            .map(|o| b.r(*o))
            .collect();
    b.w(regs::CTRL, regs::CTRL_ENABLE.mask() | regs::CTRL_QRESET.mask());
    assert_eq!([regs::SQ_HEAD, regs::SQ_TAIL, regs::CQ_HEAD, regs::CQ_TAIL].map(|o| b.r(o)), [0; 4]);
    assert_eq!(b.r(regs::CTRL), regs::CTRL_ENABLE.mask(), "QRESET reads 0, ENABLE kept");
    assert_eq!(b.r(regs::IRQ_STATUS), IRQ_COMPLETION | IRQ_ERROR);
    assert_eq!(b.r(regs::IRQ_ENABLE), IRQ_ERROR);
    let after: Vec<u32> =
        [regs::SQ_BASE_LO, regs::CQ_BASE_LO, regs::SQ_SIZE, regs::CQ_SIZE, regs::JOBS_OK, regs::BYTES_LO]
            .iter()
            .map(|o| b.r(*o))
            .collect();
    assert_eq!(before, after);
    assert_eq!(b.dev.key_slot_state(3).map(|s| (s.valid, s.size)), Some((true, Some(KeySize::Aes128))));
    // Phase back to 1: the next completion goes to slot 0 with phase 1 (the 5th job had phase 1 too,
    // so check the slot was rewritten with the new tag).
    b.next_sq = 0;
    b.submit(&Descriptor::nop(0xAB));
    assert_eq!((b.completion(0).tag, b.completion(0).phase), (0xAB, 1));
}

#[test]
fn qreset_in_manual_mode_makes_in_flight_destinations_uncertain() {
    let mut b = Bench::new(DeviceConfig::default());
    b.rings(8, 4);
    b.load_key_csr(0, &KEY128);
    b.mem.load(0x4000, &pattern(64, 1));
    b.dev.set_auto_run(false);
    for i in 0..4u32 {
        b.put(&Descriptor::ctr_xor_slot(
            i,
            0,
            CounterWidth::W128,
            0x4000,
            0x10_0000 * (i as u64 + 1),
            64,
            counter(i as u8),
        ));
    }
    b.doorbell();
    assert_eq!(b.r(regs::SQ_HEAD), 0, "manual mode: nothing runs on a write");
    assert_eq!(b.dev.run(&mut b.mem, &b.faults, Some(1)), 1);
    // QRESET: jobs 1..3 may have been fetched, but the CQ has 2 free slots (4 - 1 - 1): jobs 1 and 2 dropped.
    b.w(regs::CTRL, regs::CTRL_ENABLE.mask() | regs::CTRL_QRESET.mask());
    let dropped: Vec<(u32, u64)> = b.dev.uncertain().iter().map(|u| (u.tag, u.start)).collect();
    assert_eq!(dropped, [(1, 0x20_0000), (2, 0x30_0000)]);
    assert!(b.dev.uncertain().iter().all(|u| u.cause == UncertainCause::DroppedByQreset));
    assert_eq!(b.dev.uncertain()[0].new, encrypted(&KEY128, counter(1), CounterWidth::W128, &pattern(64, 1)));
    assert_eq!(b.mem.dump(0x20_0000, 64), vec![0; 64], "the model keeps old values");
    assert_eq!(b.dev.jobs().len(), 1);
}

#[test]
fn bad_doorbell_cq_head_and_ring_size_raise_error_and_change_nothing() {
    let mut b = Bench::new(DeviceConfig::default());
    // Rings not configured: every doorbell is out of range.
    b.w(regs::SQ_TAIL, 0);
    assert_eq!(b.r(regs::IRQ_STATUS), IRQ_ERROR);
    b.w(regs::IRQ_STATUS, IRQ_ERROR);
    assert_eq!(b.r(regs::IRQ_STATUS), 0, "W1C");
    b.rings(4, 4);
    for (offset, value) in [(regs::SQ_TAIL, 4), (regs::SQ_TAIL, 0xFFFF_FFFF), (regs::CQ_HEAD, 4)] {
        b.w(offset, value);
        assert_eq!(b.r(regs::IRQ_STATUS), IRQ_ERROR, "{offset:#x} <- {value}");
        assert_eq!(b.r(offset), 0, "ignored");
        b.w(regs::IRQ_STATUS, IRQ_ERROR);
    }
    b.w(regs::CTRL, 0);
    for value in [0, 1, 3, 6, 131072, 65537] {
        b.w(regs::SQ_SIZE, value);
        b.w(regs::CQ_SIZE, value);
        assert_eq!(b.r(regs::IRQ_STATUS), IRQ_ERROR, "size {value}");
        assert_eq!((b.r(regs::SQ_SIZE), b.r(regs::CQ_SIZE)), (4, 4));
        b.w(regs::IRQ_STATUS, IRQ_ERROR);
    }
    b.w(regs::SQ_SIZE, 65536);
    assert_eq!((b.r(regs::SQ_SIZE), b.r(regs::IRQ_STATUS)), (65536, 0));
    // While ENABLE=1 a size write is ignored (without ERROR).
    b.w(regs::CTRL, regs::CTRL_ENABLE.mask());
    b.w(regs::SQ_SIZE, 8);
    assert_eq!((b.r(regs::SQ_SIZE), b.r(regs::IRQ_STATUS)), (65536, 0));
    assert_eq!(b.r(regs::SQ_HEAD), 0);
}

#[test]
fn registers_reset_values_and_read_only_bits() {
    let mut b = Bench::new(DeviceConfig { bus_bytes: 32, key_slots: 8, ..Default::default() });
    assert_eq!(b.r(regs::ID), 0x4145_5343);
    assert_eq!(b.r(regs::VERSION), regs::VERSION_VALUE);
    // CAPS: sizes 0b111, log2(32) = 5 at [7:4], 8 slots at [15:8], 1 lane at [23:16], no unaligned.
    assert_eq!(b.r(regs::CAPS), 0x0001_0857);
    for r in spec::regs::REGISTERS {
        if r.offset != regs::ID && r.offset != regs::VERSION && r.offset != regs::CAPS {
            assert_eq!(b.r(r.offset), 0, "{} resets to 0", r.name);
        }
    }
    b.w(regs::SQ_BASE_LO, 0xFFFF_FFFF);
    b.w(regs::CQ_BASE_LO, 0xFFFF_FFFF);
    b.w(regs::SQ_BASE_HI, 0x1234_5678);
    assert_eq!(
        (b.r(regs::SQ_BASE_LO), b.r(regs::CQ_BASE_LO), b.r(regs::SQ_BASE_HI)),
        (0xFFFF_FFC0, 0xFFFF_FFF0, 0x1234_5678)
    );
    b.w(regs::IRQ_ENABLE, 0xFFFF_FFFF);
    assert_eq!(b.r(regs::IRQ_ENABLE), 0b11);
    for offset in [regs::ID, regs::CAPS, regs::SQ_HEAD, regs::CQ_TAIL, regs::JOBS_OK] {
        let before = b.r(offset);
        b.w(offset, 0xDEAD_BEEF);
        assert_eq!(b.r(offset), before, "{offset:#x} is read-only");
    }
}

#[test]
fn device_config_errors_name_field_and_allowed_values() {
    let bad = [
        (DeviceConfig { bus_bytes: 8, ..Default::default() }, "bus_bytes = 8", "16, 32 or 64"),
        (DeviceConfig { max_burst: 3, ..Default::default() }, "max_burst = 3", "power of two"),
        (DeviceConfig { max_burst: 512, ..Default::default() }, "max_burst = 512", "1..=256"),
        (DeviceConfig { key_sizes: 0, ..Default::default() }, "key_sizes = 0", "non-zero"),
        (DeviceConfig { key_sizes: 8, ..Default::default() }, "key_sizes = 8", "bit2"),
        (DeviceConfig { key_slots: 256, ..Default::default() }, "key_slots = 256", "0..=255"),
        (DeviceConfig { lanes: 0, ..Default::default() }, "lanes = 0", "1..=255"),
    ];
    for (cfg, field, allowed) in bad {
        let message = Device::new(cfg).expect_err(field).to_string();
        assert!(message.contains(field) && message.contains(allowed), "{message}");
    }
}

// ---- keys ---------------------------------------------------------------------

#[test]
fn key_data_is_cleared_after_load_and_never_readable() {
    let mut b = Bench::ready();
    let key = pattern(32, 0x33);
    b.load_key_csr(0, &key);
    for n in 0..regs::KEY_DATA_WORDS {
        assert_eq!(b.r(regs::key_data(n)), 0);
    }
    assert_eq!(b.r(regs::KEY_CTRL), 0);
    assert_eq!(b.dev.key_slot_state(0).map(|s| (s.valid, s.size)), Some((true, Some(KeySize::Aes256))));
    // A second LOAD without new KEY_DATA loads the all-zero key (KEY_DATA was cleared).
    b.w(regs::KEY_CTRL, regs::KEY_CTRL_SLOT.put(1) | regs::KEY_CTRL_LOAD.mask());
    b.mem.load(0x4000, &pattern(32, 1));
    b.submit(&Descriptor::ctr_xor_slot(0, 0, CounterWidth::W128, 0x4000, 0x6000, 32, [0; 16]));
    b.submit(&Descriptor::ctr_xor_slot(1, 1, CounterWidth::W128, 0x4000, 0x6100, 32, [0; 16]));
    assert_eq!(b.mem.dump(0x6000, 32), encrypted(&key, [0; 16], CounterWidth::W128, &pattern(32, 1)));
    assert_eq!(b.mem.dump(0x6100, 32), encrypted(&[0; 16], [0; 16], CounterWidth::W128, &pattern(32, 1)));
}

#[test]
fn key_ctrl_bad_commands_raise_error_and_keep_key_data() {
    let mut b = Bench::ready();
    b.w(regs::key_data(0), 0x0403_0201);
    let bad = [
        regs::KEY_CTRL_SLOT.put(4) | regs::KEY_CTRL_LOAD.mask(),
        regs::KEY_CTRL_SIZE.put(3) | regs::KEY_CTRL_LOAD.mask(),
        regs::KEY_CTRL_LOAD.mask() | regs::KEY_CTRL_ZEROIZE.mask(),
        regs::KEY_CTRL_ZEROIZE.mask() | regs::KEY_CTRL_ZEROIZE_ALL.mask(),
        regs::KEY_CTRL_SLOT.put(7) | regs::KEY_CTRL_ZEROIZE.mask(),
    ];
    for value in bad {
        b.w(regs::KEY_CTRL, value);
        assert_eq!(b.r(regs::IRQ_STATUS), IRQ_ERROR, "KEY_CTRL <- {value:#x}");
        b.w(regs::IRQ_STATUS, IRQ_ERROR);
    }
    b.w(regs::KEY_CTRL, regs::KEY_CTRL_SLOT.put(2)); // no command: no effect
    assert_eq!(b.r(regs::IRQ_STATUS), 0);
    assert!((0..4).all(|s| !b.dev.key_slot_state(s).unwrap().valid));
    // KEY_DATA word 0 survived: a LOAD now uses key 01 02 03 04 00 ...
    b.w(regs::KEY_CTRL, regs::KEY_CTRL_SLOT.put(2) | regs::KEY_CTRL_LOAD.mask());
    let mut key = [0u8; 16];
    key[..4].copy_from_slice(&[1, 2, 3, 4]);
    b.mem.load(0x4000, &[0; 16]);
    b.submit(&Descriptor::ctr_xor_slot(0, 2, CounterWidth::W128, 0x4000, 0x6000, 16, [0; 16]));
    assert_eq!(b.mem.dump(0x6000, 16), encrypted(&key, [0; 16], CounterWidth::W128, &[0; 16]));
}

#[test]
fn key_zeroize_by_csr_descriptor_all_and_rst() {
    let mut b = Bench::ready();
    for slot in 0..4 {
        b.load_key_csr(slot, &KEY128);
    }
    b.mem.load(0x4000, &[7; 16]);
    let job = |tag, slot| Descriptor::ctr_xor_slot(tag, slot, CounterWidth::W128, 0x4000, 0x6000, 16, [0; 16]);
    // Descriptor order: job on slot 0 OK, KEY_ZEROIZE slot 0, job on slot 0 BAD_KEY_SLOT.
    b.put(&job(0, 0));
    b.put(&Descriptor::key_zeroize(1, 0));
    b.put(&job(2, 0));
    b.doorbell();
    assert_eq!([0, 1, 2].map(|i| b.status(i)), [Status::Ok, Status::Ok, Status::BadKeySlot]);
    // CSR ZEROIZE slot 1.
    b.w(regs::KEY_CTRL, regs::KEY_CTRL_SLOT.put(1) | regs::KEY_CTRL_ZEROIZE.mask());
    assert!(!b.dev.key_slot_state(1).unwrap().valid && b.dev.key_slot_state(2).unwrap().valid);
    // ZEROIZE_ALL (slot field ignored).
    b.w(regs::KEY_CTRL, regs::KEY_CTRL_SLOT.put(200) | regs::KEY_CTRL_ZEROIZE_ALL.mask());
    assert!((0..4).all(|s| !b.dev.key_slot_state(s).unwrap().valid));
    assert_eq!(b.r(regs::IRQ_STATUS), IRQ_ERROR, "only the BAD_KEY_SLOT completion raised ERROR");
    // rst zeroizes too.
    b.load_key_csr(3, &KEY128);
    b.dev.reset();
    assert!(!b.dev.key_slot_state(3).unwrap().valid);
    assert_eq!(b.r(regs::SQ_SIZE), 0);
}

#[test]
fn inline_key_is_used_for_its_job_only_and_erased() {
    let mut b = Bench::ready();
    let key = pattern(24, 0x61);
    b.mem.load(0x7000, &key);
    let plain = pattern(80, 2);
    b.mem.load(0x4000, &plain);
    b.submit(&Descriptor::ctr_xor_inline(
        0,
        KeySize::Aes192,
        0x7000,
        CounterWidth::W64,
        0x4000,
        0x6000,
        80,
        counter(0xFE),
    ));
    assert_eq!(b.status(0), Status::Ok);
    assert_eq!(b.mem.dump(0x6000, 80), encrypted(&key, counter(0xFE), CounterWidth::W64, &plain));
    assert!(!b.dev.inline_key_present());
    // No slot received the key: a slot job on any slot is BAD_KEY_SLOT.
    for slot in 0..4 {
        b.submit(&Descriptor::ctr_xor_slot(1 + slot as u32, slot, CounterWidth::W64, 0x4000, 0x6100, 16, [0; 16]));
        assert_eq!(b.status(1 + slot as u32), Status::BadKeySlot);
    }
    // Also erased after an error status.
    b.faults.add(0x4010, 0x4011, AccessKind::Read, SLVERR);
    b.submit(&Descriptor::ctr_xor_inline(5, KeySize::Aes192, 0x7000, CounterWidth::W64, 0x4000, 0x6200, 80, [0; 16]));
    assert_eq!((b.status(5), b.completion(5).bytes), (Status::ReadError, 16));
    assert!(!b.dev.inline_key_present());
}

// ---- IRQ and counters ---------------------------------------------------------

#[test]
fn irq_completion_only_for_flagged_descriptors_and_pin_follows_enable() {
    let mut b = Bench::ready();
    b.submit(&Descriptor::nop(0));
    assert_eq!(b.r(regs::IRQ_STATUS), 0);
    b.submit(&Descriptor::nop(1).with_irq(true));
    assert_eq!(b.r(regs::IRQ_STATUS), IRQ_COMPLETION);
    assert!(!b.dev.irq(), "IRQ_ENABLE = 0 masks the pin");
    b.w(regs::IRQ_ENABLE, IRQ_COMPLETION);
    assert!(b.dev.irq());
    b.w(regs::IRQ_STATUS, IRQ_COMPLETION);
    assert!(!b.dev.irq() && b.r(regs::IRQ_STATUS) == 0);
    // An unflagged error completion sets ERROR only; the pin stays low with only COMPLETION enabled.
    b.submit(&Descriptor { opcode: 7, ..Descriptor::nop(2) });
    assert_eq!(b.r(regs::IRQ_STATUS), IRQ_ERROR);
    assert!(!b.dev.irq());
    b.w(regs::IRQ_ENABLE, IRQ_COMPLETION | IRQ_ERROR);
    assert!(b.dev.irq());
    // A flagged error completion sets both.
    b.w(regs::IRQ_STATUS, 0xFFFF_FFFF);
    b.submit(&Descriptor { opcode: 7, ..Descriptor::nop(3) }.with_irq(true));
    assert_eq!(b.r(regs::IRQ_STATUS), IRQ_COMPLETION | IRQ_ERROR);
}

#[test]
fn counters_count_completions_by_status_and_bytes_written() {
    let mut b = Bench::ready();
    b.load_key_csr(0, &KEY128);
    b.mem.load(0x4000, &pattern(0x200, 1));
    b.faults.add(0x4150, 0x4151, AccessKind::Read, SLVERR);
    let job = |tag, len| Descriptor::ctr_xor_slot(tag, 0, CounterWidth::W128, 0x4000, 0x8000, len, [0; 16]);
    b.submit(&job(0, 0x100)); // OK, 0x100
    b.submit(&job(1, 0x13)); // OK, 0x13 bytes (partial block)
    b.submit(&Descriptor::nop(2)); // OK, 0
    b.submit(&Descriptor::key_zeroize(3, 3)); // OK, 0
    b.submit(&job(4, 0x200)); // READ_ERROR at beat 0x150: 0x150
    b.submit(&Descriptor { opcode: 5, ..Descriptor::nop(5) }); // BAD_OPCODE, 0
    assert_eq!(b.r(regs::JOBS_OK), 4);
    assert_eq!(b.r(regs::JOBS_ERR), 2);
    assert_eq!((b.r(regs::BYTES_LO), b.r(regs::BYTES_HI)), (0x100 + 0x13 + 0x150, 0));
}

#[test]
fn enable_clear_stops_fetching_and_set_resumes() {
    let mut b = Bench::ready();
    b.w(regs::CTRL, 0);
    b.submit(&Descriptor::nop(0));
    b.submit(&Descriptor::nop(1));
    assert_eq!((b.r(regs::SQ_HEAD), b.r(regs::SQ_TAIL)), (0, 2));
    b.w(regs::CTRL, regs::CTRL_ENABLE.mask());
    assert_eq!((b.r(regs::SQ_HEAD), b.r(regs::CQ_TAIL)), (2, 2));
}

#[test]
fn a_later_job_may_read_what_an_earlier_job_wrote() {
    // Encrypt then decrypt in one doorbell: the second job reads the first one's output.
    let mut b = Bench::ready();
    b.load_key_csr(0, &KEY128);
    let plain = pattern(100, 8);
    b.mem.load(0x4000, &plain);
    b.put(&Descriptor::ctr_xor_slot(0, 0, CounterWidth::W128, 0x4000, 0x5000, 100, counter(3)));
    b.put(&Descriptor::ctr_xor_slot(1, 0, CounterWidth::W128, 0x5000, 0x6000, 100, counter(3)));
    b.doorbell();
    assert_eq!(b.mem.dump(0x6000, 100), plain);
    assert!(b.dev.warnings().is_empty());
}

#[test]
fn reading_uncertain_bytes_is_reported_as_a_warning() {
    let mut b = Bench::ready();
    b.load_key_csr(0, &KEY128);
    b.faults.add(0x5000, 0x5001, AccessKind::Write, SLVERR);
    b.submit(&Descriptor::ctr_xor_slot(0, 0, CounterWidth::W128, 0x4000, 0x5000, 0x40, [0; 16]));
    assert_eq!(b.completion(0).bytes, 0);
    assert_eq!(b.dev.uncertain()[0].new.len(), 0x40);
    b.submit(&Descriptor::ctr_xor_slot(1, 0, CounterWidth::W128, 0x5020, 0x6000, 0x10, [0; 16]));
    assert_eq!(b.dev.warnings().len(), 1, "{:?}", b.dev.warnings());
    // A later certain write over part of the range settles those bytes.
    b.faults = FaultMap::new();
    b.submit(&Descriptor::ctr_xor_slot(2, 0, CounterWidth::W128, 0x4000, 0x5010, 0x10, [0; 16]));
    let left: Vec<(u64, usize)> = b.dev.uncertain().iter().map(|u| (u.start, u.new.len())).collect();
    assert_eq!(left, [(0x5000, 0x10), (0x5020, 0x20)]);
}

#[test]
fn random_jobs_match_reference_ctr() {
    let seed = seed();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut b = Bench::ready();
    let mut keys = Vec::new();
    for slot in 0..4 {
        let size = KeySize::ALL[rng.gen_range(0..3)];
        let key: Vec<u8> = (0..size.bytes()).map(|_| rng.gen()).collect();
        b.load_key_csr(slot, &key);
        keys.push(key);
    }
    for n in 0..200u32 {
        let slot = rng.gen_range(0..4usize);
        let width = CounterWidth::ALL[rng.gen_range(0..3)];
        let len = rng.gen_range(0..600usize);
        let src = 0x10_0000 + 16 * rng.gen_range(0..64u64);
        let dst = if rng.gen_bool(0.3) { src } else { 0x20_0000 + 16 * rng.gen_range(0..64u64) };
        let mut c0: [u8; 16] = rng.gen();
        c0[8] = 0; // keep 64/32-bit counters from wrapping (RustCrypto refuses to wrap)
        c0[12] = 0;
        let plain: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
        b.mem.load(src, &plain);
        let cq = n % 16;
        b.submit(&Descriptor::ctr_xor_slot(n, slot as u8, width, src, dst, len as u32, c0));
        let c = b.completion(cq);
        assert_eq!((c.tag, c.status, c.bytes), (n, 0, len as u32), "job {n}");
        assert_eq!(b.mem.dump(dst, len), encrypted(&keys[slot], c0, width, &plain), "job {n} seed {seed}");
        b.release((cq + 1) % 16);
    }
    assert_eq!(b.r(regs::JOBS_OK), 200);
}
