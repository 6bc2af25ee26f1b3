//! AES block encryption and key expansion, written from FIPS-197.
//!
//! API:
//! - [`SBOX`]: the S-box (FIPS-197 §5.1.1), computed at compile time from the
//!   multiplicative inverse in GF(2^8) followed by the affine map; [`gf_mul`],
//!   [`xtime`], [`gf_inverse`], [`affine`] are the pieces it is built from.
//! - [`sub_bytes`], [`shift_rows`], [`mix_columns`], [`add_round_key`]: the
//!   four round transformations on a 16-byte state.
//! - [`KeySchedule::expand`]: KeyExpansion (§5.2) for Nk = 4, 6, 8;
//!   [`KeySchedule::encrypt_block`]: Cipher (§5.1);
//!   [`KeySchedule::encrypt_block_trace`]: the same, recording every
//!   intermediate state under FIPS-197 Appendix C's labels
//!   (`round[ r].start`, `.s_box`, `.s_row`, `.m_col`, `.k_sch`) so an RTL
//!   pipeline can be compared with the model round by round.
//!
//! State layout: byte `i` of a block is state element s[r, c] with
//! `i = r + 4c` (FIPS-197 §3.4), so a block and a state are the same
//! `[u8; 16]` and round keys are stored in the same byte order.
//!
//! This is a reference model: clarity over speed (no T-tables, no
//! constant-time claims). No clocks, so no latency or throughput figures.

use spec::KeySize;
use std::fmt;

/// A key whose length (the `usize`, in bytes) is not 16, 24 or 32 bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyLengthError(pub usize);

impl fmt::Display for KeyLengthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AES key must be 16, 24 or 32 bytes long, got {} bytes", self.0)
    }
}

impl std::error::Error for KeyLengthError {}

/// Multiplication by x (i.e. by {02}) in GF(2^8) modulo m(x) = x^8 + x^4 + x^3 + x + 1
/// (FIPS-197 §4.2.1).
pub const fn xtime(a: u8) -> u8 {
    let shifted = a << 1;
    if a & 0x80 != 0 {
        shifted ^ 0x1b
    } else {
        shifted
    }
}

/// Product of `a` and `b` in GF(2^8) (FIPS-197 §4.2), by repeated [`xtime`].
pub const fn gf_mul(a: u8, b: u8) -> u8 {
    let mut product = 0u8;
    let mut power = a; // a * x^bit
    let mut bit = 0;
    while bit < 8 {
        if (b >> bit) & 1 != 0 {
            product ^= power;
        }
        power = xtime(power);
        bit += 1;
    }
    product
}

/// Multiplicative inverse in GF(2^8), with {00} mapped to {00} (FIPS-197 §5.1.1).
/// Computed as a^254 (the multiplicative group has order 255).
pub const fn gf_inverse(a: u8) -> u8 {
    // Square-and-multiply over the exponent 254 = 0b1111_1110.
    let mut result = 1u8;
    let mut base = a;
    let mut exponent = 254u32;
    while exponent != 0 {
        if exponent & 1 != 0 {
            result = gf_mul(result, base);
        }
        base = gf_mul(base, base);
        exponent >>= 1;
    }
    result
}

/// The affine transformation of FIPS-197 §5.1.1 equation (5.1):
/// b'_i = b_i ^ b_(i+4) ^ b_(i+5) ^ b_(i+6) ^ b_(i+7) ^ c_i, c = {63}.
pub const fn affine(b: u8) -> u8 {
    b ^ b.rotate_left(1) ^ b.rotate_left(2) ^ b.rotate_left(3) ^ b.rotate_left(4) ^ 0x63
}

const fn compute_sbox() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = affine(gf_inverse(i as u8));
        i += 1;
    }
    table
}

/// The AES S-box (FIPS-197 Figure 7), computed from [`gf_inverse`] and [`affine`].
pub const SBOX: [u8; 256] = compute_sbox();

/// Round constants Rcon[i] = x^(i-1) for i = 1..=10 (FIPS-197 §5.2); index 0 unused.
const fn compute_rcon() -> [u8; 11] {
    let mut rcon = [0u8; 11];
    let mut value = 1u8;
    let mut i = 1;
    while i < 11 {
        rcon[i] = value;
        value = xtime(value);
        i += 1;
    }
    rcon
}

/// First byte of each round-constant word [Rcon[i], 00, 00, 00].
pub const RCON: [u8; 11] = compute_rcon();

/// SubBytes (§5.1.1): every byte through the S-box.
pub fn sub_bytes(state: &mut [u8; 16]) {
    for byte in state.iter_mut() {
        *byte = SBOX[*byte as usize];
    }
}

/// ShiftRows (§5.1.2): row r rotates left by r columns, s'[r, c] = s[r, (c + r) mod 4].
pub fn shift_rows(state: &mut [u8; 16]) {
    let before = *state;
    for row in 0..4 {
        for column in 0..4 {
            state[row + 4 * column] = before[row + 4 * ((column + row) % 4)];
        }
    }
}

/// MixColumns (§5.1.3): each column times a(x) = {03}x^3 + {01}x^2 + {01}x + {02}.
pub fn mix_columns(state: &mut [u8; 16]) {
    for column in state.chunks_exact_mut(4) {
        let [s0, s1, s2, s3] = [column[0], column[1], column[2], column[3]];
        // {02}s ^ {03}t = xtime(s) ^ xtime(t) ^ t
        column[0] = xtime(s0) ^ (xtime(s1) ^ s1) ^ s2 ^ s3;
        column[1] = s0 ^ xtime(s1) ^ (xtime(s2) ^ s2) ^ s3;
        column[2] = s0 ^ s1 ^ xtime(s2) ^ (xtime(s3) ^ s3);
        column[3] = (xtime(s0) ^ s0) ^ s1 ^ s2 ^ xtime(s3);
    }
}

/// AddRoundKey (§5.1.4): XOR the round key into the state.
pub fn add_round_key(state: &mut [u8; 16], round_key: &[u8; 16]) {
    for (byte, key_byte) in state.iter_mut().zip(round_key) {
        *byte ^= key_byte;
    }
}

/// Which step of the Cipher produced a traced state (FIPS-197 Appendix C labels).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    /// `round[ 0].input`: the plaintext block.
    Input,
    /// `round[ r].start`: state at the start of round r (1..=Nr).
    Start,
    /// `round[ r].s_box`: after SubBytes.
    SBox,
    /// `round[ r].s_row`: after ShiftRows.
    SRow,
    /// `round[ r].m_col`: after MixColumns (rounds 1..Nr-1 only).
    MCol,
    /// `round[ r].k_sch`: the round key used by AddRoundKey in round r.
    KSch,
    /// `round[Nr].output`: the ciphertext block.
    Output,
}

impl Step {
    /// The FIPS-197 Appendix C suffix: `input`, `start`, `s_box`, `s_row`, `m_col`, `k_sch`, `output`.
    pub fn label(self) -> &'static str {
        match self {
            Step::Input => "input",
            Step::Start => "start",
            Step::SBox => "s_box",
            Step::SRow => "s_row",
            Step::MCol => "m_col",
            Step::KSch => "k_sch",
            Step::Output => "output",
        }
    }
}

/// One line of a Cipher trace: round number, step, 16-byte value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TraceLine {
    pub round: usize,
    pub step: Step,
    pub value: [u8; 16],
}

impl TraceLine {
    /// The label exactly as FIPS-197 Appendix C prints it, e.g. `round[ 1].s_box`.
    pub fn label(&self) -> String {
        format!("round[{:2}].{}", self.round, self.step.label())
    }
}

impl fmt::Display for TraceLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:<17} ", self.label())?;
        for byte in self.value {
            write!(f, "{byte:02x}")?;
        }
        Ok(())
    }
}

/// The expanded key: Nr + 1 round keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeySchedule {
    pub size: KeySize,
    /// Round key r is `round_keys[r]`, bytes in FIPS-197 order.
    pub round_keys: Vec<[u8; 16]>,
}

impl KeySchedule {
    /// FIPS-197 §5.2 KeyExpansion. The key size follows from the key length
    /// (16, 24 or 32 bytes); any other length is a [`KeyLengthError`].
    pub fn expand(key: &[u8]) -> Result<KeySchedule, KeyLengthError> {
        let size = KeySize::ALL.into_iter().find(|size| size.bytes() == key.len()).ok_or(KeyLengthError(key.len()))?;
        let nk = size.bytes() / 4;
        let nr = size.rounds();
        let total_words = 4 * (nr + 1);
        let mut words: Vec<[u8; 4]> = key.chunks_exact(4).map(|w| [w[0], w[1], w[2], w[3]]).collect();
        for i in nk..total_words {
            let mut temp = words[i - 1];
            if i.is_multiple_of(nk) {
                temp.rotate_left(1); // RotWord
                temp = temp.map(|b| SBOX[b as usize]); // SubWord
                temp[0] ^= RCON[i / nk];
            } else if nk > 6 && i % nk == 4 {
                temp = temp.map(|b| SBOX[b as usize]); // SubWord
            }
            let previous = words[i - nk];
            words.push([previous[0] ^ temp[0], previous[1] ^ temp[1], previous[2] ^ temp[2], previous[3] ^ temp[3]]);
        }
        let round_keys = words
            .chunks_exact(4)
            .map(|four| {
                let mut round_key = [0u8; 16];
                for (column, word) in four.iter().enumerate() {
                    round_key[4 * column..4 * column + 4].copy_from_slice(word);
                }
                round_key
            })
            .collect();
        Ok(KeySchedule { size, round_keys })
    }

    /// Number of rounds Nr.
    pub fn rounds(&self) -> usize {
        self.round_keys.len() - 1
    }

    /// Cipher (FIPS-197 §5.1) of one block.
    pub fn encrypt_block(&self, block: &[u8; 16]) -> [u8; 16] {
        self.cipher(block, |_, _, _| {})
    }

    /// Cipher of one block, returning every intermediate value in the order
    /// and with the labels of FIPS-197 Appendix C: `round[ 0].input`,
    /// `round[ 0].k_sch`, then per round `start`, `s_box`, `s_row`, `m_col`
    /// (not in the last round), `k_sch`, and finally `round[Nr].output`.
    pub fn encrypt_block_trace(&self, block: &[u8; 16]) -> Vec<TraceLine> {
        let mut lines = Vec::with_capacity(5 * self.round_keys.len() + 2);
        self.cipher(block, |round, step, value| lines.push(TraceLine { round, step, value: *value }));
        lines
    }

    fn cipher(&self, block: &[u8; 16], mut observe: impl FnMut(usize, Step, &[u8; 16])) -> [u8; 16] {
        let nr = self.rounds();
        let mut state = *block;
        observe(0, Step::Input, &state);
        observe(0, Step::KSch, &self.round_keys[0]);
        add_round_key(&mut state, &self.round_keys[0]);
        for round in 1..=nr {
            observe(round, Step::Start, &state);
            sub_bytes(&mut state);
            observe(round, Step::SBox, &state);
            shift_rows(&mut state);
            observe(round, Step::SRow, &state);
            if round != nr {
                mix_columns(&mut state);
                observe(round, Step::MCol, &state);
            }
            observe(round, Step::KSch, &self.round_keys[round]);
            add_round_key(&mut state, &self.round_keys[round]);
        }
        observe(nr, Step::Output, &state);
        state
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sbox_matches_fips197_examples() {
        // FIPS-197 §5.1.1: "if s1,1 = {53}, then ... s'1,1 = {ed}"; Figure 7 row 0 starts 63 7c 77 7b.
        assert_eq!(SBOX[0x53], 0xed);
        assert_eq!(&SBOX[0..4], &[0x63, 0x7c, 0x77, 0x7b]);
        assert_eq!(SBOX[0xff], 0x16);
    }

    #[test]
    fn sbox_is_a_permutation() {
        let mut seen = [false; 256];
        for value in SBOX {
            assert!(!seen[value as usize], "S-box value {value:02x} appears twice");
            seen[value as usize] = true;
        }
    }

    #[test]
    fn gf_inverse_inverts_every_nonzero_element() {
        for a in 1..=255u8 {
            assert_eq!(gf_mul(a, gf_inverse(a)), 1, "a = {a:02x}");
        }
        assert_eq!(gf_inverse(0), 0);
    }

    #[test]
    fn gf_mul_matches_fips197_example() {
        // FIPS-197 §4.2: {57} • {83} = {c1}; §4.2.1: {57} • {13} = {fe}.
        assert_eq!(gf_mul(0x57, 0x83), 0xc1);
        assert_eq!(gf_mul(0x57, 0x13), 0xfe);
        // §4.2.1: xtime chain {57} -> {ae} -> {47} -> {8e} -> {07}.
        assert_eq!([xtime(0x57), xtime(0xae), xtime(0x47), xtime(0x8e)], [0xae, 0x47, 0x8e, 0x07]);
    }

    #[test]
    fn rcon_matches_fips197() {
        assert_eq!(&RCON[1..], &[0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0x1b, 0x36]);
    }

    #[test]
    fn key_expansion_rejects_bad_lengths() {
        for length in [0, 1, 15, 17, 23, 25, 31, 33, 64] {
            assert_eq!(KeySchedule::expand(&vec![0; length]), Err(KeyLengthError(length)));
        }
        assert_eq!(KeyLengthError(5).to_string(), "AES key must be 16, 24 or 32 bytes long, got 5 bytes");
    }

    #[test]
    fn key_expansion_matches_fips197_appendix_a1_last_word() {
        // FIPS-197 Appendix A.1: key 2b7e1516..., w[43] = b6630ca6; w[4] = a0fafe17.
        let key = [0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c];
        let schedule = KeySchedule::expand(&key).unwrap();
        assert_eq!(schedule.round_keys.len(), 11);
        assert_eq!(&schedule.round_keys[1][0..4], &[0xa0, 0xfa, 0xfe, 0x17]);
        assert_eq!(&schedule.round_keys[10][12..16], &[0xb6, 0x63, 0x0c, 0xa6]);
    }

    #[test]
    fn trace_output_equals_encrypt_block() {
        let schedule = KeySchedule::expand(&[7u8; 32]).unwrap();
        let block = [0x5a; 16];
        let trace = schedule.encrypt_block_trace(&block);
        let last = trace.last().unwrap();
        assert_eq!((last.round, last.step), (14, Step::Output));
        assert_eq!(last.value, schedule.encrypt_block(&block));
        // input + k_sch, 13 full rounds of 5 lines, last round of 4 lines, output.
        assert_eq!(trace.len(), 2 + 13 * 5 + 4 + 1);
        assert_eq!(trace[2].label(), "round[ 1].start");
    }
}
