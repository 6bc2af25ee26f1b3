//! Field arithmetic of the S-box: GF(2^8) with the AES polynomial, the S-box table [`SBOX`] computed
//! from it at compile time, and GF(2^4) with the tower field GF((2^4)^2) the composite circuit uses.

/// Multiplication in GF(2^8) with the AES polynomial 0x11b.
pub const fn gf_mul(a: u8, b: u8) -> u8 {
    let mut a = a;
    let mut b = b;
    let mut product = 0u8;
    while b != 0 {
        if b & 1 != 0 {
            product ^= a;
        }
        let carry = a & 0x80;
        a <<= 1;
        if carry != 0 {
            a ^= 0x1b;
        }
        b >>= 1;
    }
    product
}

/// Multiplicative inverse in GF(2^8) (a^254), with 0 mapped to 0.
pub const fn gf_inverse(a: u8) -> u8 {
    // a^254 = a^(2+4+8+16+32+64+128)
    let mut result = 1u8;
    let mut square = gf_mul(a, a);
    let mut i = 1;
    while i < 8 {
        result = gf_mul(result, square);
        square = gf_mul(square, square);
        i += 1;
    }
    result
}

/// The linear part of FIPS-197 equation (5.2): b ^ rotl(b,1) ^ ... ^ rotl(b,4).
pub(super) const fn affine_linear(b: u8) -> u8 {
    b ^ b.rotate_left(1) ^ b.rotate_left(2) ^ b.rotate_left(3) ^ b.rotate_left(4)
}

/// The constant of FIPS-197 equation (5.2).
pub const AFFINE_CONSTANT: u8 = 0x63;

/// FIPS-197 equation (5.2): the affine transform of the inverse.
const fn affine(b: u8) -> u8 {
    affine_linear(b) ^ AFFINE_CONSTANT
}

const fn build_sbox() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut x = 0;
    while x < 256 {
        table[x] = affine(gf_inverse(x as u8));
        x += 1;
    }
    table
}

/// The S-box, indexed by the input byte.
pub const SBOX: [u8; 256] = build_sbox();

/// Apply the S-box to every byte of a value of up to 16 bytes.
pub fn sub_bytes_u128(value: u128, bytes: usize) -> u128 {
    (0..bytes).map(|i| (SBOX[((value >> (8 * i)) & 0xff) as usize] as u128) << (8 * i)).fold(0, |a, b| a | b)
}

// ---------------------------------------------------------------------------
// GF(2^4) and the tower field GF((2^4)^2)
// ---------------------------------------------------------------------------

/// Multiplication in GF(2^4) = GF(2)[z] / (modulus); `modulus` includes its
/// z^4 bit (0x13 is z^4 + z + 1). Nibbles hold coefficients of 1, z, z^2, z^3.
pub fn nibble_mul(a: u8, b: u8, modulus: u8) -> u8 {
    let mut product = 0u8;
    for i in 0..4 {
        if (b >> i) & 1 != 0 {
            product ^= (a & 0xf) << i;
        }
    }
    for bit in (4..7).rev() {
        if (product >> bit) & 1 != 0 {
            product ^= modulus << (bit - 4);
        }
    }
    product
}

/// Multiplicative inverse in GF(2^4) by search, with 0 mapped to 0.
pub fn nibble_inverse(a: u8, modulus: u8) -> u8 {
    (1..16).find(|&b| nibble_mul(a, b, modulus) == 1).unwrap_or(0)
}

/// The degree-4 moduli for which GF(2)[z] / (modulus) is a field (every
/// non-zero element has an inverse), i.e. the irreducible quartics.
pub fn irreducible_nibble_moduli() -> Vec<u8> {
    (0x10..0x20u8).filter(|&m| (1..16).all(|a| (1..16).any(|b| nibble_mul(a, b, m) == 1))).collect()
}

/// GF((2^4)^2) = GF(2^4)[y] / (y^2 + y + lambda). A byte `(high << 4) | low`
/// stands for `high*y + low`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tower {
    pub nibble_modulus: u8,
    pub lambda: u8,
}

impl Tower {
    /// Whether y^2 + y + lambda has no root in GF(2^4), i.e. is irreducible.
    pub fn lambda_is_valid(nibble_modulus: u8, lambda: u8) -> bool {
        (0..16).all(|t| nibble_mul(t, t, nibble_modulus) ^ t != lambda)
    }

    pub(super) fn nibble_mul(&self, a: u8, b: u8) -> u8 {
        nibble_mul(a, b, self.nibble_modulus)
    }

    /// Product in the tower field (y^2 = y + lambda).
    pub fn mul(&self, a: u8, b: u8) -> u8 {
        let (a_high, a_low, b_high, b_low) = (a >> 4, a & 0xf, b >> 4, b & 0xf);
        let high_high = self.nibble_mul(a_high, b_high);
        let high = high_high ^ self.nibble_mul(a_high, b_low) ^ self.nibble_mul(a_low, b_high);
        let low = self.nibble_mul(high_high, self.lambda) ^ self.nibble_mul(a_low, b_low);
        (high << 4) | low
    }

    /// `norm = lambda*high^2 + high*low + low^2`, the GF(2^4) value whose
    /// inverse the S-box circuit computes.
    pub fn norm(&self, a: u8) -> u8 {
        let (high, low) = (a >> 4, a & 0xf);
        self.nibble_mul(self.nibble_mul(high, high), self.lambda)
            ^ self.nibble_mul(high, low)
            ^ self.nibble_mul(low, low)
    }

    /// Inverse in the tower field, 0 mapped to 0, by the formula the circuit
    /// uses: (high*y + low)^-1 = (high*y + high + low) * norm^-1.
    pub fn inverse(&self, a: u8) -> u8 {
        let (high, low) = (a >> 4, a & 0xf);
        let norm_inverse = nibble_inverse(self.norm(a), self.nibble_modulus);
        (self.nibble_mul(high, norm_inverse) << 4) | self.nibble_mul(high ^ low, norm_inverse)
    }

    /// `a^exponent` in the tower field.
    pub fn pow(&self, a: u8, exponent: u32) -> u8 {
        (0..exponent).fold(1, |acc, _| self.mul(acc, a))
    }
}
