//! Cross-check of `golden::aes` against RustCrypto `aes` 0.8 (an independent
//! implementation): random keys and blocks for every key size, plus the key
//! expansion's round keys seen through the cipher.
//!
//! Random inputs come from ChaCha8 seeded with a printed seed; set
//! `AESCTR_SEED=<u64>` to replay a run. `AESCTR_AES_CASES=<n>` changes the
//! number of keys per key size (default 10,000).

mod common;

use common::{rustcrypto_encrypt, seeded_rng};
use golden::aes::KeySchedule;
use rand::RngCore;
use spec::KeySize;

fn case_count() -> usize {
    match std::env::var("AESCTR_AES_CASES") {
        Ok(text) => text.trim().parse().unwrap_or_else(|_| panic!("AESCTR_AES_CASES must be a count, got {text:?}")),
        Err(_) => 10_000,
    }
}

fn cross_check_key_size(size: KeySize) {
    let mut rng = seeded_rng(&format!("aes_{}", size.bits()));
    let cases = case_count();
    for case in 0..cases {
        let mut key = vec![0u8; size.bytes()];
        rng.fill_bytes(&mut key);
        let mut block = [0u8; 16];
        rng.fill_bytes(&mut block);
        let schedule = KeySchedule::expand(&key).expect("valid key length");
        assert_eq!(schedule.size, size);
        assert_eq!(schedule.round_keys.len(), size.rounds() + 1);
        let ours = schedule.encrypt_block(&block);
        let theirs = rustcrypto_encrypt(&key, &block);
        assert_eq!(
            ours,
            theirs,
            "case {case}: key {} block {} -> golden {} but RustCrypto {}",
            hex::encode(&key),
            hex::encode(block),
            hex::encode(ours),
            hex::encode(theirs)
        );
    }
    println!("aes_{}: {cases} random key+block pairs agree", size.bits());
}

#[test]
fn aes128_matches_rustcrypto_on_random_keys_and_blocks() {
    cross_check_key_size(KeySize::Aes128);
}

#[test]
fn aes192_matches_rustcrypto_on_random_keys_and_blocks() {
    cross_check_key_size(KeySize::Aes192);
}

#[test]
fn aes256_matches_rustcrypto_on_random_keys_and_blocks() {
    cross_check_key_size(KeySize::Aes256);
}

/// Structured inputs random sampling rarely hits: all-zero and all-one keys
/// and blocks, single set bits in key and block.
#[test]
fn aes_matches_rustcrypto_on_edge_keys_and_blocks() {
    for size in KeySize::ALL {
        let n = size.bytes();
        let mut keys: Vec<Vec<u8>> = vec![vec![0; n], vec![0xff; n]];
        for bit in 0..8 * n {
            let mut key = vec![0u8; n];
            key[bit / 8] = 0x80 >> (bit % 8);
            keys.push(key);
        }
        let mut blocks: Vec<[u8; 16]> = vec![[0; 16], [0xff; 16]];
        for bit in 0..128 {
            blocks.push((1u128 << bit).to_be_bytes());
        }
        for key in &keys {
            let schedule = KeySchedule::expand(key).unwrap();
            for block in &blocks {
                assert_eq!(
                    schedule.encrypt_block(block),
                    rustcrypto_encrypt(key, block),
                    "key {} block {}",
                    hex::encode(key),
                    hex::encode(block)
                );
            }
        }
    }
}
