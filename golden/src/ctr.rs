//! CTR mode (NIST SP 800-38A §6.5) with the standard incrementing function of
//! appendix B.1, for counter widths w = 128, 64 and 32 bits.
//!
//! Counter blocks: C(0) is the descriptor's initial counter block (16 raw
//! bytes, byte 0 first); C(j+1) increments the low `w` bits of C(j) as a
//! big-endian integer modulo 2^w and leaves the upper 128 - w bits alone.
//! The sequence wraps for any job length (unlike RustCrypto's `Ctr32BE` /
//! `Ctr64BE`, which refuse to go past 2^w blocks).
//!
//! API:
//! - [`increment`]: C(j) -> C(j+1) in place.
//! - [`counter_block`]: C(j) directly for any `j` (taken modulo 2^w).
//! - [`keystream`], [`keystream_with_schedule`]: AES_K(C0) ‖ AES_K(C1) ‖ …, truncated.
//! - [`xor_in_place`], [`xor_in_place_with_schedule`]: `data[i] ^= keystream[i]`
//!   (encryption and decryption are the same operation); [`xor_at_block`]
//!   does the same for data that starts at block `j` of a job.
//!
//! No clocks, so no latency or throughput figures.

use crate::aes::{KeyLengthError, KeySchedule};
use spec::{CounterWidth, BLOCK_BYTES};

/// Mask of the low `width` bits of a counter block read as a big-endian u128.
fn low_mask(width: CounterWidth) -> u128 {
    match width.bits() {
        128 => u128::MAX,
        bits => (1u128 << bits) - 1,
    }
}

/// C(j+1) from C(j): add 1 to the low `width` bits (big-endian) modulo 2^width;
/// the upper 128 - width bits never change.
pub fn increment(counter: &mut [u8; 16], width: CounterWidth) {
    *counter = counter_block(*counter, width, 1);
}

/// The `j`-th counter block after `counter0` (C_j); `j` is taken modulo 2^width,
/// so any `j` is valid.
pub fn counter_block(counter0: [u8; 16], width: CounterWidth, j: u128) -> [u8; 16] {
    let mask = low_mask(width);
    let value = u128::from_be_bytes(counter0);
    let low = (value & mask).wrapping_add(j) & mask;
    ((value & !mask) | low).to_be_bytes()
}

/// `data[i] ^= keystream[i]` for the keystream AES_K(C0) ‖ AES_K(C1) ‖ …,
/// where C(j+1) increments the low `width` bits of C(j) big-endian modulo
/// 2^width and leaves the other bits alone.
pub fn xor_in_place(
    key: &[u8],
    counter0: [u8; 16],
    width: CounterWidth,
    data: &mut [u8],
) -> Result<(), KeyLengthError> {
    let schedule = KeySchedule::expand(key)?;
    xor_in_place_with_schedule(&schedule, counter0, width, data);
    Ok(())
}

/// [`xor_in_place`] with an already expanded key.
pub fn xor_in_place_with_schedule(schedule: &KeySchedule, counter0: [u8; 16], width: CounterWidth, data: &mut [u8]) {
    xor_at_block(schedule, counter0, width, 0, data);
}

/// `data[i] ^= keystream[16 * first_block + i]`: the same as
/// [`xor_in_place_with_schedule`] for data that begins at block
/// `first_block` of a job (for a model that processes a job in pieces).
pub fn xor_at_block(
    schedule: &KeySchedule,
    counter0: [u8; 16],
    width: CounterWidth,
    first_block: u128,
    data: &mut [u8],
) {
    let mut counter = counter_block(counter0, width, first_block);
    for chunk in data.chunks_mut(BLOCK_BYTES) {
        let pad = schedule.encrypt_block(&counter);
        for (byte, pad_byte) in chunk.iter_mut().zip(pad) {
            *byte ^= pad_byte;
        }
        increment(&mut counter, width);
    }
}

/// The first `length` bytes of the keystream.
pub fn keystream(
    key: &[u8],
    counter0: [u8; 16],
    width: CounterWidth,
    length: usize,
) -> Result<Vec<u8>, KeyLengthError> {
    let schedule = KeySchedule::expand(key)?;
    Ok(keystream_with_schedule(&schedule, counter0, width, length))
}

/// [`keystream`] with an already expanded key.
pub fn keystream_with_schedule(
    schedule: &KeySchedule,
    counter0: [u8; 16],
    width: CounterWidth,
    length: usize,
) -> Vec<u8> {
    let mut stream = vec![0u8; length];
    xor_in_place_with_schedule(schedule, counter0, width, &mut stream);
    stream
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(hex_digits: &str) -> [u8; 16] {
        u128::from_str_radix(hex_digits, 16).unwrap().to_be_bytes()
    }

    #[test]
    fn increment_wraps_only_the_low_bits() {
        let mut c = block("0102030405060708090a0b0cffffffff");
        increment(&mut c, CounterWidth::W32);
        assert_eq!(c, block("0102030405060708090a0b0c00000000"));
        let mut c = block("0102030405060708ffffffffffffffff");
        increment(&mut c, CounterWidth::W64);
        assert_eq!(c, block("01020304050607080000000000000000"));
        let mut c = block("0102030405060708ffffffffffffffff");
        increment(&mut c, CounterWidth::W128);
        assert_eq!(c, block("01020304050607090000000000000000"));
        let mut c = [0xff; 16];
        increment(&mut c, CounterWidth::W128);
        assert_eq!(c, [0; 16]);
    }

    #[test]
    fn counter_block_takes_j_modulo_2_pow_w() {
        let c0 = block("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
        assert_eq!(counter_block(c0, CounterWidth::W32, 1 << 32), c0);
        assert_eq!(counter_block(c0, CounterWidth::W64, 1 << 64), c0);
        assert_eq!(counter_block(c0, CounterWidth::W128, u128::MAX), block("f0f1f2f3f4f5f6f7f8f9fafbfcfdfefe"));
    }

    #[test]
    fn bad_key_length_is_an_error() {
        let mut data = [0u8; 4];
        assert_eq!(xor_in_place(&[0; 20], [0; 16], CounterWidth::W128, &mut data), Err(KeyLengthError(20)));
        assert_eq!(data, [0; 4]);
    }
}
