//! Helpers shared by golden's integration tests: the RustCrypto reference
//! cipher and the seeded random source (`AESCTR_SEED=<u64>` replays a run).
//! Each test file uses only some of them.
#![allow(dead_code)]

use aes::cipher::{generic_array::GenericArray, BlockEncrypt, KeyInit};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// ChaCha8 seeded from `AESCTR_SEED` or at random; the seed is printed so a run can be replayed.
pub fn seeded_rng(test: &str) -> ChaCha8Rng {
    let seed = match std::env::var("AESCTR_SEED") {
        Ok(text) => text.trim().parse::<u64>().unwrap_or_else(|_| panic!("AESCTR_SEED must be a u64, got {text:?}")),
        Err(_) => rand::thread_rng().gen(),
    };
    println!("{test}: seed = {seed} (replay with AESCTR_SEED={seed})");
    ChaCha8Rng::seed_from_u64(seed)
}

/// AES encryption of one block by RustCrypto `aes`.
pub fn rustcrypto_encrypt(key: &[u8], block: &[u8; 16]) -> [u8; 16] {
    let mut buffer = GenericArray::clone_from_slice(block);
    match key.len() {
        16 => aes::Aes128::new(GenericArray::from_slice(key)).encrypt_block(&mut buffer),
        24 => aes::Aes192::new(GenericArray::from_slice(key)).encrypt_block(&mut buffer),
        32 => aes::Aes256::new(GenericArray::from_slice(key)).encrypt_block(&mut buffer),
        other => panic!("no AES variant for a {other}-byte key"),
    }
    buffer.into()
}
