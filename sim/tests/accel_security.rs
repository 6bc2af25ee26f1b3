//! Timing and key secrecy of the emitted `aes_ctr_accel` (default configuration):
//! - constant time: jobs of the same shape (length, addresses, counter width, key size, key path)
//!   with random keys, counters and data take exactly the same number of cycles from the doorbell
//!   to the completion entry appearing in memory (watched through the memory model's back door
//!   every cycle, so the measurement itself costs no bus cycles and hides nothing);
//! - key secrecy: after a CSR key load, a KEY_LOAD descriptor and an INLINE_KEY job, a sweep that
//!   reads every 32-bit register offset of the 4 KiB window returns no 4-byte group of the key or
//!   of any round key, and KEY_DATA reads as zero.
//!
//! Seeds are printed; replay with AESCTR_SEED.

mod accel_support;
mod common;

use accel_support::harness;
use golden::aes::KeySchedule;
use hdl::config::Config;
use rand::Rng;
use sim::axi_memory::AxiMemoryConfig;
use sim::{Harness, RegisterAccess};
use spec::completion::{COMPLETION_BYTES, PHASE};
use spec::descriptor::DESCRIPTOR_BYTES;
use spec::{regs, CounterWidth, Descriptor, KeySize};

const SQ_BASE: u64 = 0x1_0000;
const CQ_BASE: u64 = 0x2_0000;
const RING: u32 = 64;
const SOURCE: u64 = 0x10_0000;
const DESTINATION: u64 = 0x20_0000;
const KEY_ADDRESS: u64 = 0x30_0000;

/// A harness with rings programmed (base, size) and ENABLE set; descriptors are written through the
/// back door and submitted one per doorbell.
struct Bench {
    h: Harness,
    next: u32,
}

impl Bench {
    fn new(config: &Config) -> Bench {
        let mut h = harness(config, AxiMemoryConfig { read_latency: 20, ..AxiMemoryConfig::default() });
        h.write32(regs::SQ_BASE_LO, SQ_BASE as u32);
        h.write32(regs::CQ_BASE_LO, CQ_BASE as u32);
        h.write32(regs::SQ_SIZE, RING);
        h.write32(regs::CQ_SIZE, RING);
        h.write32(regs::CTRL, regs::CTRL_ENABLE.mask());
        Bench { h, next: 0 }
    }

    fn csr_key(&mut self, slot: u32, key: &[u8]) {
        for (n, word) in key.chunks(4).enumerate() {
            self.h.write32(regs::key_data(n as u32), u32::from_le_bytes(word.try_into().unwrap()));
        }
        let size = KeySize::ALL.into_iter().find(|k| k.bytes() == key.len()).expect("key size");
        self.h.write32(
            regs::KEY_CTRL,
            regs::KEY_CTRL_SLOT.put(slot) | regs::KEY_CTRL_SIZE.put(size.code() as u32) | regs::KEY_CTRL_LOAD.mask(),
        );
        let mut polls = 0;
        while regs::STATUS_KEY_BUSY.get(self.h.read32(regs::STATUS)) != 0 {
            polls += 1;
            assert!(polls < 10_000, "KEY_BUSY never clears");
        }
    }

    fn load(&mut self, address: u64, bytes: &[u8]) {
        self.h.memory_mut().expect("memory").memory.load(address, bytes);
    }

    /// Submit `d` alone; cycles from the doorbell write's acknowledgement to its completion entry.
    fn run(&mut self, d: &Descriptor) -> u64 {
        assert!(self.next < RING - 1, "ring exhausted: use a fresh bench");
        let index = self.next;
        self.load(SQ_BASE + (DESCRIPTOR_BYTES as u64) * index as u64, &d.to_bytes());
        self.next += 1;
        self.h.write32(regs::SQ_TAIL, self.next);
        let phase = CQ_BASE + (COMPLETION_BYTES as u64) * index as u64 + PHASE.offset as u64;
        let cycles = self
            .h
            .run_until("the completion", 1_000_000, |h| h.memory().expect("memory").memory.read_u8(phase) & 1 == 1)
            .unwrap_or_else(|e| panic!("job did not complete: {e}"));
        // Let the write response and the registers settle before the next job.
        let mut polls = 0;
        while regs::STATUS_BUSY.get(self.h.read32(regs::STATUS)) != 0 {
            polls += 1;
            assert!(polls < 10_000, "STATUS.BUSY never clears");
        }
        cycles
    }
}

fn random_bytes(rng: &mut impl Rng, n: usize) -> Vec<u8> {
    (0..n).map(|_| rng.gen()).collect()
}

#[test]
fn job_cycles_do_not_depend_on_key_counter_or_data() {
    let config = Config::default();
    let mut rng = common::rng(0xC0DE);
    let mut shapes = 0;
    for size in KeySize::ALL {
        for width in CounterWidth::ALL {
            for (length, inline) in [(1000u32, false), (64, false), (333, true)] {
                let mut cycles = Vec::new();
                for _ in 0..4 {
                    // A fresh device for every run: each job sees the same pipeline state.
                    let mut b = Bench::new(&config);
                    let key = random_bytes(&mut rng, size.bytes());
                    let counter: [u8; 16] = rng.gen();
                    let data = random_bytes(&mut rng, length as usize);
                    b.load(SOURCE, &data);
                    let d = if inline {
                        b.load(KEY_ADDRESS, &key);
                        Descriptor::ctr_xor_inline(1, size, KEY_ADDRESS, width, SOURCE, DESTINATION, length, counter)
                    } else {
                        b.csr_key(0, &key);
                        Descriptor::ctr_xor_slot(1, 0, width, SOURCE, DESTINATION, length, counter)
                    };
                    cycles.push(b.run(&d));
                }
                same_cycles(&cycles).unwrap_or_else(|e| {
                    panic!(
                        "AES-{} w{} length {length} inline {inline}: {e} with key and data",
                        size.bits(),
                        width.bits()
                    )
                });
                println!("AES-{} w{} {length} B inline {inline}: {} cycles", size.bits(), width.bits(), cycles[0]);
                shapes += 1;
            }
        }
    }
    assert_eq!(shapes, 27);
}

/// The constant-time check: every run of one shape took the same number of cycles.
fn same_cycles(cycles: &[u64]) -> Result<(), String> {
    match cycles.iter().find(|c| **c != cycles[0]) {
        None => Ok(()),
        Some(_) => Err(format!("cycles {cycles:?} differ")),
    }
}

#[test]
fn constant_time_check_catches_a_shape_dependent_cycle_count() {
    // Two lengths one block apart are different shapes: their cycle counts differ and the check
    // used above reports it (the measurement is fine-grained enough to see one block).
    let config = Config::default();
    let mut cycles = Vec::new();
    for length in [1000u32, 1016] {
        let mut b = Bench::new(&config);
        b.load(SOURCE, &vec![5u8; length as usize]);
        b.csr_key(0, &[1u8; 16]);
        cycles.push(b.run(&Descriptor::ctr_xor_slot(1, 0, CounterWidth::W128, SOURCE, DESTINATION, length, [0; 16])));
    }
    let err = same_cycles(&cycles).expect_err("different shapes must take different cycles");
    assert!(err.contains("differ"), "{err}");
}

/// Every register offset of the 4 KiB window; an error names the first that shows a word of
/// `secrets`, or a KEY_DATA word that does not read 0.
fn sweep(h: &mut Harness, secrets: &[u32], when: &str) -> Result<(), String> {
    for offset in (0..0x1000u32).step_by(4) {
        let value = h.read32(offset);
        if secrets.contains(&value) {
            return Err(format!(
                "{when}: register offset {offset:#05x} reads {value:#010x}, a word of a key or round key"
            ));
        }
        if (regs::KEY_DATA0..regs::KEY_DATA0 + 4 * regs::KEY_DATA_WORDS).contains(&offset) && value != 0 {
            return Err(format!("{when}: KEY_DATA at {offset:#05x} reads {value:#010x}, must read 0 (write-only)"));
        }
    }
    Ok(())
}

#[test]
fn key_sweep_catches_a_register_showing_a_secret_word() {
    // A "secret" the registers do show (a value written to CQ_BASE_HI) is found at its offset: the
    // sweep reads and compares every offset.
    let config = Config::default();
    let mut b = Bench::new(&config);
    b.h.write32(regs::CQ_BASE_HI, 0x5EC2_E7A5);
    let err = sweep(&mut b.h, &[0x5EC2_E7A5], "negative check").expect_err("CQ_BASE_HI shows the word");
    assert!(err.contains("offset 0x044"), "{err}");
}

/// Every aligned 4-byte group of `secret`, as the little-endian word a register read would show.
fn secret_words(secret: &[u8]) -> Vec<u32> {
    secret.chunks_exact(4).map(|w| u32::from_le_bytes(w.try_into().unwrap())).collect()
}

#[test]
fn no_register_reveals_a_key_or_round_key() {
    let config = Config::default();
    let mut rng = common::rng(0x5EC2E7);
    let mut b = Bench::new(&config);
    let csr_key = random_bytes(&mut rng, 32);
    let loaded_key = random_bytes(&mut rng, 24);
    let inline_key = random_bytes(&mut rng, 16);
    let mut secrets = Vec::new();
    for key in [&csr_key, &loaded_key, &inline_key] {
        let schedule = KeySchedule::expand(key).expect("key");
        for round_key in &schedule.round_keys {
            secrets.extend(secret_words(round_key));
        }
        secrets.extend(secret_words(key));
    }
    secrets.retain(|w| *w != 0);

    let sweep = |b: &mut Bench, when: &str| sweep(&mut b.h, &secrets, when).unwrap_or_else(|e| panic!("{e}"));

    // KEY_DATA written but not yet loaded: still unreadable.
    for (n, word) in csr_key.chunks(4).enumerate() {
        b.h.write32(regs::key_data(n as u32), u32::from_le_bytes(word.try_into().unwrap()));
    }
    sweep(&mut b, "after writing KEY_DATA");
    b.csr_key(1, &csr_key);
    sweep(&mut b, "after a CSR key load");

    b.load(KEY_ADDRESS, &loaded_key);
    b.run(&Descriptor::key_load(1, 2, KeySize::Aes192, KEY_ADDRESS));
    sweep(&mut b, "after a KEY_LOAD descriptor");

    let data = random_bytes(&mut rng, 100);
    b.load(SOURCE, &data);
    b.load(KEY_ADDRESS + 0x100, &inline_key);
    b.run(&Descriptor::ctr_xor_inline(
        2,
        KeySize::Aes128,
        KEY_ADDRESS + 0x100,
        CounterWidth::W128,
        SOURCE,
        DESTINATION,
        100,
        [7; 16],
    ));
    sweep(&mut b, "after an INLINE_KEY job");
    b.run(&Descriptor::ctr_xor_slot(3, 1, CounterWidth::W32, SOURCE, DESTINATION, 100, [9; 16]));
    sweep(&mut b, "after a slot job");
}
