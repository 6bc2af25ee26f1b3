//! Known-answer tests through the whole emitted `aes_ctr_accel` of every shipped configuration:
//! FIPS-197 C.1–C.3, SP 800-38A F.5.1/F.5.3/F.5.5, the counter-wrap vectors (32-, 64- and 128-bit
//! counters) and the pyperformance `crypto_pyaes` workload (encrypt, then decrypt the ciphertext).
//!
//! Every vector goes through all three key paths of SPEC §3: a key loaded through KEY_DATA/KEY_CTRL,
//! a KEY_LOAD descriptor (after a KEY_ZEROIZE of the same slot), and an INLINE_KEY job. Each run is
//! compared with the golden device model (every memory byte, every completion, the registers) *and*
//! the destinations are compared with the vector files' ciphertexts, which were established outside
//! this project (FIPS-197, SP 800-38A, RustCrypto, pyaes 1.6.1).
//!
//! A FIPS-197 block vector is a one-block CTR job: the counter block is the plaintext and the data
//! is 16 zero bytes, so the destination holds AES_K(plaintext).

mod accel_support;

use accel_support::{compare_with_golden, harness, Scenario};
use hdl::config::Config;
use sha2::{Digest, Sha256};
use sim::axi_memory::AxiMemoryConfig;
use sim::Harness;
use spec::{CounterWidth, Descriptor, KeySize};

const SOURCE: u64 = 0x10_0000;
const KEY: u64 = 0x30_0013; // any byte address
const CSR_DESTINATION: u64 = 0x40_0000;
const LOAD_DESTINATION: u64 = 0x50_0000;
const INLINE_DESTINATION: u64 = 0x60_0000;

/// One known answer: key, counter, plaintext, expected ciphertext.
struct Known {
    name: String,
    key: Vec<u8>,
    width: CounterWidth,
    counter0: [u8; 16],
    plaintext: Vec<u8>,
    ciphertext: Vec<u8>,
}

fn known_answers() -> Vec<Known> {
    let mut out = Vec::new();
    for v in golden::vectors::aes_vectors().expect("FIPS-197 vectors") {
        out.push(Known {
            name: v.name.clone(),
            key: v.key.clone(),
            width: CounterWidth::W128,
            counter0: v.plaintext,
            plaintext: vec![0; 16],
            ciphertext: v.ciphertext.to_vec(),
        });
    }
    for v in golden::vectors::ctr_vectors().expect("CTR vectors") {
        out.push(Known {
            name: v.name.clone(),
            key: v.key.clone(),
            width: v.width,
            counter0: v.counter0,
            plaintext: v.plaintext.clone(),
            ciphertext: v.ciphertext.clone(),
        });
    }
    out
}

fn key_size(key: &[u8]) -> KeySize {
    KeySize::ALL.into_iter().find(|k| k.bytes() == key.len()).expect("16, 24 or 32 key bytes")
}

/// The three key paths for one vector, with the DUT compared to the golden model; returns the
/// harness with the run's memory.
fn run_three_key_paths(h: Harness, config: &Config, k: &Known) -> Harness {
    let size = key_size(&k.key);
    let length = k.plaintext.len() as u32;
    let slot = 0;
    let scenario = Scenario {
        csr_keys: vec![(slot, k.key.clone())],
        memory: vec![(SOURCE, k.plaintext.clone()), (KEY, k.key.clone())],
        faults: vec![],
        descriptors: vec![
            Descriptor::ctr_xor_slot(1, slot as u8, k.width, SOURCE, CSR_DESTINATION, length, k.counter0),
            Descriptor::key_zeroize(2, slot as u8),
            Descriptor::key_load(3, slot as u8, size, KEY),
            Descriptor::ctr_xor_slot(4, slot as u8, k.width, SOURCE, LOAD_DESTINATION, length, k.counter0),
            Descriptor::ctr_xor_inline(5, size, KEY, k.width, SOURCE, INLINE_DESTINATION, length, k.counter0),
        ],
        layout: None,
    };
    let (h, outcome) = compare_with_golden(h, config, &scenario);
    if let Err(e) = outcome {
        panic!("{} / {}: DUT differs from the golden model: {e}", config.short_name(), k.name);
    }
    h
}

fn dut_bytes(h: &Harness, address: u64, length: usize) -> Vec<u8> {
    h.memory().expect("memory").memory.dump(address, length)
}

fn check_config(file: &str) {
    let config =
        Config::from_file(format!("{}/../configs/{file}", env!("CARGO_MANIFEST_DIR"))).expect("shipped configuration");
    let mut h = harness(&config, AxiMemoryConfig { read_latency: 20, ..AxiMemoryConfig::default() });
    let offered = config.key_size_list();
    let mut checked = 0;
    for k in known_answers() {
        if !offered.contains(&key_size(&k.key)) {
            continue;
        }
        h = run_three_key_paths(h, &config, &k);
        for (path, address) in
            [("CSR key", CSR_DESTINATION), ("KEY_LOAD", LOAD_DESTINATION), ("INLINE_KEY", INLINE_DESTINATION)]
        {
            let got = dut_bytes(&h, address, k.ciphertext.len());
            assert_eq!(
                hex::encode(&got),
                hex::encode(&k.ciphertext),
                "{} / {} via {path}: destination differs from the vector's ciphertext",
                config.short_name(),
                k.name
            );
        }
        checked += 1;
    }
    assert!(checked >= 18, "{}: only {checked} vectors apply", config.short_name());

    // crypto_pyaes: encrypt the 23,000-byte message, then decrypt the ciphertext in a second job.
    let workload = golden::vectors::workload_vectors().expect("workload vectors");
    for w in workload.iter().filter(|w| offered.contains(&key_size(&w.key))) {
        let length = w.plaintext.len() as u32;
        let scenario = Scenario {
            csr_keys: vec![(0, w.key.clone())],
            memory: vec![(SOURCE, w.plaintext.clone())],
            faults: vec![],
            descriptors: vec![
                Descriptor::ctr_xor_slot(1, 0, w.width, SOURCE, CSR_DESTINATION, length, w.counter0),
                Descriptor::ctr_xor_slot(2, 0, w.width, CSR_DESTINATION, LOAD_DESTINATION, length, w.counter0),
            ],
            layout: None,
        };
        let (back, outcome) = compare_with_golden(h, &config, &scenario);
        h = back;
        if let Err(e) = outcome {
            panic!("{} / {}: DUT differs from the golden model: {e}", config.short_name(), w.name);
        }
        let ciphertext = dut_bytes(&h, CSR_DESTINATION, w.plaintext.len());
        assert_eq!(
            Sha256::digest(&ciphertext).as_slice(),
            w.ciphertext_sha256,
            "{} / {}: ciphertext SHA-256 (head {})",
            config.short_name(),
            w.name,
            hex::encode(&ciphertext[..16])
        );
        assert!(dut_bytes(&h, LOAD_DESTINATION, w.plaintext.len()) == w.plaintext, "{}: decryption", w.name);
        checked += 1;
    }
    println!("{}: {checked} known answers, each through the CSR, KEY_LOAD and INLINE_KEY paths", config.short_name());
}

#[test]
fn default_config_reproduces_every_known_answer() {
    check_config("default.yaml");
}

#[test]
fn small_config_reproduces_every_known_answer() {
    check_config("small.yaml");
}

#[test]
fn iterative_k2_config_reproduces_every_known_answer() {
    check_config("iterative-k2.yaml");
}

#[test]
fn wide_config_reproduces_every_known_answer() {
    check_config("wide.yaml");
}
