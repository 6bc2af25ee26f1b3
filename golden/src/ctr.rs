//! CTR mode (SP 800-38A §6.5, appendix B). STUB: being written.

use crate::aes::KeyLengthError;
use spec::CounterWidth;

/// `data[i] ^= keystream[i]` for the keystream AES_K(C0) ‖ AES_K(C1) ‖ …,
/// where C(j+1) increments the low `width` bits of C(j) big-endian modulo
/// 2^width and leaves the other bits alone.
pub fn xor_in_place(
    key: &[u8],
    counter0: [u8; 16],
    width: CounterWidth,
    data: &mut [u8],
) -> Result<(), KeyLengthError> {
    let _ = (key, counter0, width, data);
    unimplemented!("golden::ctr is being written")
}

/// The `j`-th counter block after `counter0` (C_j).
pub fn counter_block(counter0: [u8; 16], width: CounterWidth, j: u128) -> [u8; 16] {
    let _ = (counter0, width, j);
    unimplemented!("golden::ctr is being written")
}
