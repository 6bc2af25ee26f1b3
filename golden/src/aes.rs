//! AES block encryption and key expansion (FIPS-197). STUB: being written.

use spec::KeySize;

/// A key whose length is not 16, 24 or 32 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyLengthError(pub usize);

/// The expanded key: Nr + 1 round keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySchedule {
    pub size: KeySize,
    /// Round key r is `round_keys[r]`, bytes in FIPS-197 order.
    pub round_keys: Vec<[u8; 16]>,
}

impl KeySchedule {
    /// FIPS-197 §5.2 KeyExpansion.
    pub fn expand(key: &[u8]) -> Result<KeySchedule, KeyLengthError> {
        let _ = key;
        unimplemented!("golden::aes is being written")
    }

    /// Cipher (FIPS-197 §5.1) of one block.
    pub fn encrypt_block(&self, block: &[u8; 16]) -> [u8; 16] {
        let _ = block;
        unimplemented!("golden::aes is being written")
    }
}
