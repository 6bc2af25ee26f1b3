//! Properties of `golden::ctr` (SP 800-38A CTR with a w-bit counter, SPEC §3):
//! - agreement with RustCrypto `ctr` 0.9 (Ctr128BE, Ctr64BE, Ctr32BE) over
//!   random keys of every size, random counters (kept away from the 2^w wrap,
//!   where RustCrypto's Ctr64BE/Ctr32BE stop) and random lengths including
//!   partial final blocks and empty jobs;
//! - wrapping at 2^32, 2^64 and 2^128 with the upper 128 - w bits untouched,
//!   and carries out of bits 31 and 63 with a 128-bit counter, checked
//!   against RustCrypto `aes` on counter blocks computed here by plain
//!   integer arithmetic (not by golden);
//! - `counter_block(j)` agrees with j calls of `increment`, is periodic with
//!   period 2^w, and composes (C_{a+b} from C_a);
//! - decrypt = encrypt, and a job cut into block-aligned pieces with
//!   `xor_at_block` equals the whole job.
//!
//! Random inputs come from ChaCha8 seeded with a printed seed; set
//! `AESCTR_SEED=<u64>` to replay a run.

mod common;

use aes::cipher::{KeyIvInit, StreamCipher};
use common::{rustcrypto_encrypt, seeded_rng};
use golden::aes::KeySchedule;
use golden::ctr::{self, counter_block, increment};
use rand::{Rng, RngCore};
use rand_chacha::ChaCha8Rng;
use spec::{CounterWidth, KeySize};

fn random_key(rng: &mut ChaCha8Rng) -> Vec<u8> {
    let size = KeySize::ALL[rng.gen_range(0..3)];
    let mut key = vec![0u8; size.bytes()];
    rng.fill_bytes(&mut key);
    key
}

fn random_bytes(rng: &mut ChaCha8Rng, length: usize) -> Vec<u8> {
    let mut data = vec![0u8; length];
    rng.fill_bytes(&mut data);
    data
}

/// RustCrypto `ctr` keystream XOR for the given flavour (`F`) and cipher.
fn rustcrypto_ctr_with<C: StreamCipher + KeyIvInit>(key: &[u8], counter0: &[u8; 16], data: &mut [u8]) {
    let mut cipher = C::new_from_slices(key, counter0).expect("valid key and counter lengths");
    cipher.apply_keystream(data);
}

fn rustcrypto_ctr(key: &[u8], counter0: &[u8; 16], width: CounterWidth, data: &mut [u8]) {
    use ::ctr::{Ctr128BE, Ctr32BE, Ctr64BE};
    use aes::{Aes128, Aes192, Aes256};
    match (key.len(), width) {
        (16, CounterWidth::W128) => rustcrypto_ctr_with::<Ctr128BE<Aes128>>(key, counter0, data),
        (24, CounterWidth::W128) => rustcrypto_ctr_with::<Ctr128BE<Aes192>>(key, counter0, data),
        (32, CounterWidth::W128) => rustcrypto_ctr_with::<Ctr128BE<Aes256>>(key, counter0, data),
        (16, CounterWidth::W64) => rustcrypto_ctr_with::<Ctr64BE<Aes128>>(key, counter0, data),
        (24, CounterWidth::W64) => rustcrypto_ctr_with::<Ctr64BE<Aes192>>(key, counter0, data),
        (32, CounterWidth::W64) => rustcrypto_ctr_with::<Ctr64BE<Aes256>>(key, counter0, data),
        (16, CounterWidth::W32) => rustcrypto_ctr_with::<Ctr32BE<Aes128>>(key, counter0, data),
        (24, CounterWidth::W32) => rustcrypto_ctr_with::<Ctr32BE<Aes192>>(key, counter0, data),
        (32, CounterWidth::W32) => rustcrypto_ctr_with::<Ctr32BE<Aes256>>(key, counter0, data),
        (other, _) => panic!("no AES variant for a {other}-byte key"),
    }
}

fn mask(width: CounterWidth) -> u128 {
    u128::MAX >> (128 - width.bits())
}

/// C_j by integer arithmetic on the u128 value, written independently of golden.
fn expected_counter(counter0: [u8; 16], width: CounterWidth, j: u128) -> [u8; 16] {
    let value = u128::from_be_bytes(counter0);
    let low = (value & mask(width)).wrapping_add(j) & mask(width);
    ((value & !mask(width)) | low).to_be_bytes()
}

#[test]
fn ctr_matches_rustcrypto_ctr_for_every_width() {
    let mut rng = seeded_rng("ctr_matches_rustcrypto_ctr_for_every_width");
    let mut cases = 0;
    for width in CounterWidth::ALL {
        for _ in 0..2000 {
            let key = random_key(&mut rng);
            let length = match rng.gen_range(0..10) {
                0 => 0,
                1 => rng.gen_range(1..16),
                2 => 16 * rng.gen_range(1..8),
                _ => rng.gen_range(1..400),
            };
            let blocks = (length as u128).div_ceil(16);
            // Random counter whose low w bits stay below 2^w - blocks (RustCrypto's
            // Ctr32BE/Ctr64BE refuse to wrap).
            let mut counter0: [u8; 16] = rng.gen::<u128>().to_be_bytes();
            let value = u128::from_be_bytes(counter0);
            let low = (value & mask(width)).min(mask(width) - blocks - 1);
            counter0 = ((value & !mask(width)) | low).to_be_bytes();
            let plaintext = random_bytes(&mut rng, length);
            let mut ours = plaintext.clone();
            ctr::xor_in_place(&key, counter0, width, &mut ours).unwrap();
            let mut theirs = plaintext.clone();
            rustcrypto_ctr(&key, &counter0, width, &mut theirs);
            assert_eq!(
                ours,
                theirs,
                "width {} key {} counter0 {} length {length}",
                width.bits(),
                hex::encode(&key),
                hex::encode(counter0)
            );
            cases += 1;
        }
    }
    println!("{cases} random jobs agree with RustCrypto ctr");
}

/// Keystream over a wrap of the low `width` bits, block by block against
/// RustCrypto `aes` of counters computed by `expected_counter`; the upper
/// 128 - w bits must be those of counter0 in every block.
fn check_wrap(test: &str, width: CounterWidth) {
    let mut rng = seeded_rng(test);
    for _ in 0..50 {
        let key = random_key(&mut rng);
        let before_wrap: u128 = rng.gen_range(1..=5);
        let after_wrap: u128 = rng.gen_range(1..=5);
        let upper = rng.gen::<u128>() & !mask(width);
        let counter0 = (upper | (mask(width) - (before_wrap - 1))).to_be_bytes();
        let length = 16 * (before_wrap + after_wrap) as usize - rng.gen_range(0..16);
        let keystream = ctr::keystream(&key, counter0, width, length).unwrap();
        for (j, chunk) in keystream.chunks(16).enumerate() {
            let counter = expected_counter(counter0, width, j as u128);
            let value = u128::from_be_bytes(counter);
            assert_eq!(value & !mask(width), upper, "upper bits changed at block {j}");
            let expected_low = if (j as u128) < before_wrap {
                mask(width) - (before_wrap - 1) + j as u128
            } else {
                j as u128 - before_wrap
            };
            assert_eq!(value & mask(width), expected_low, "test arithmetic at block {j}");
            assert_eq!(
                chunk,
                &rustcrypto_encrypt(&key, &counter)[..chunk.len()],
                "block {j} (counter {}) of a wrap at 2^{} with counter0 {}",
                hex::encode(counter),
                width.bits(),
                hex::encode(counter0)
            );
            assert_eq!(counter_block(counter0, width, j as u128), counter);
        }
    }
}

#[test]
fn ctr_wraps_at_2_pow_32() {
    check_wrap("ctr_wraps_at_2_pow_32", CounterWidth::W32);
}

#[test]
fn ctr_wraps_at_2_pow_64() {
    check_wrap("ctr_wraps_at_2_pow_64", CounterWidth::W64);
}

#[test]
fn ctr_wraps_at_2_pow_128() {
    check_wrap("ctr_wraps_at_2_pow_128", CounterWidth::W128);
}

/// With a 128-bit counter the carry out of bit 31 / bit 63 must reach the
/// next byte (RustCrypto Ctr128BE agrees here: it is nowhere near 2^128).
#[test]
fn ctr128_carries_out_of_bits_31_and_63() {
    let mut rng = seeded_rng("ctr128_carries_out_of_bits_31_and_63");
    for carry_bit in [32u32, 64] {
        for _ in 0..50 {
            let key = random_key(&mut rng);
            let upper = rng.gen::<u128>() >> 1 & !((1u128 << carry_bit) - 1); // room for the carry
            let counter0 = (upper | ((1u128 << carry_bit) - rng.gen_range(1..=4))).to_be_bytes();
            let length = 16 * 8 - rng.gen_range(0..16);
            let plaintext = random_bytes(&mut rng, length);
            let mut ours = plaintext.clone();
            ctr::xor_in_place(&key, counter0, CounterWidth::W128, &mut ours).unwrap();
            let mut theirs = plaintext.clone();
            rustcrypto_ctr(&key, &counter0, CounterWidth::W128, &mut theirs);
            assert_eq!(ours, theirs, "carry into bit {carry_bit}, counter0 {}", hex::encode(counter0));
            let last = counter_block(counter0, CounterWidth::W128, 7);
            assert_eq!(u128::from_be_bytes(last) >> carry_bit, (upper >> carry_bit) + 1, "carry must propagate");
        }
    }
}

#[test]
fn counter_block_agrees_with_repeated_increment() {
    let mut rng = seeded_rng("counter_block_agrees_with_repeated_increment");
    for width in CounterWidth::ALL {
        for _ in 0..20 {
            // Start close to the wrap half of the time so the walk crosses it.
            let mut counter0: [u8; 16] = rng.gen::<u128>().to_be_bytes();
            if rng.gen() {
                let value = u128::from_be_bytes(counter0);
                counter0 = ((value & !mask(width)) | (mask(width) - rng.gen_range(0..300))).to_be_bytes();
            }
            let mut counter = counter0;
            for j in 0..600u128 {
                assert_eq!(counter_block(counter0, width, j), counter, "width {} j {j}", width.bits());
                assert_eq!(counter, expected_counter(counter0, width, j));
                increment(&mut counter, width);
            }
        }
    }
}

#[test]
fn counter_block_is_periodic_and_composes_for_huge_j() {
    let mut rng = seeded_rng("counter_block_is_periodic_and_composes_for_huge_j");
    for width in CounterWidth::ALL {
        for _ in 0..1000 {
            let counter0: [u8; 16] = rng.gen::<u128>().to_be_bytes();
            let a: u128 = rng.gen();
            let b: u128 = rng.gen();
            // C_{a+b} = (C_a)_b, with the sum wrapping in u128 (2^128 is a multiple of 2^w).
            assert_eq!(
                counter_block(counter0, width, a.wrapping_add(b)),
                counter_block(counter_block(counter0, width, a), width, b)
            );
            if width != CounterWidth::W128 {
                let period = 1u128 << width.bits();
                let j = a % period;
                let multiple = rng.gen_range(1..=(u128::MAX - j) / period);
                assert_eq!(counter_block(counter0, width, j + multiple * period), counter_block(counter0, width, j));
            }
            let upper = u128::from_be_bytes(counter0) & !mask(width);
            assert_eq!(u128::from_be_bytes(counter_block(counter0, width, a)) & !mask(width), upper);
        }
    }
}

#[test]
fn decrypt_is_encrypt_and_pieces_equal_the_whole_job() {
    let mut rng = seeded_rng("decrypt_is_encrypt_and_pieces_equal_the_whole_job");
    for _ in 0..200 {
        let key = random_key(&mut rng);
        let width = CounterWidth::ALL[rng.gen_range(0..3)];
        let counter0: [u8; 16] = rng.gen::<u128>().to_be_bytes();
        let length = rng.gen_range(0..300);
        let plaintext = random_bytes(&mut rng, length);
        let mut whole = plaintext.clone();
        ctr::xor_in_place(&key, counter0, width, &mut whole).unwrap();
        if !plaintext.is_empty() {
            assert_ne!(whole, plaintext);
        }
        let mut back = whole.clone();
        ctr::xor_in_place(&key, counter0, width, &mut back).unwrap();
        assert_eq!(back, plaintext, "decrypt(encrypt(p)) != p");

        let schedule = KeySchedule::expand(&key).unwrap();
        let mut pieces = plaintext.clone();
        let mut block = 0usize;
        while 16 * block < pieces.len() {
            let count = rng.gen_range(1..=4);
            let end = (16 * (block + count)).min(pieces.len());
            ctr::xor_at_block(&schedule, counter0, width, block as u128, &mut pieces[16 * block..end]);
            block += count;
        }
        assert_eq!(pieces, whole, "job cut into pieces differs from the whole job");
    }
}

#[test]
fn empty_job_leaves_data_alone_and_bad_key_is_an_error() {
    let mut empty: [u8; 0] = [];
    ctr::xor_in_place(&[0u8; 16], [0xff; 16], CounterWidth::W32, &mut empty).unwrap();
    assert!(ctr::keystream(&[0u8; 32], [0; 16], CounterWidth::W64, 0).unwrap().is_empty());
    let error = ctr::keystream(&[0u8; 17], [0; 16], CounterWidth::W64, 16).unwrap_err();
    assert_eq!(error.to_string(), "AES key must be 16, 24 or 32 bytes long, got 17 bytes");
}
