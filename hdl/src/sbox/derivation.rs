//! The derivation of the composite-field S-box: 8x8 bit matrices over GF(2) and the search for the
//! tower parameters and basis changes ([`Derivation::find`]).

use super::field::*;

// ---------------------------------------------------------------------------
// 8x8 matrices over GF(2)
// ---------------------------------------------------------------------------

/// A linear map on bytes over GF(2): `columns[i]` is the image of bit i.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BitMatrix {
    pub columns: [u8; 8],
}

impl BitMatrix {
    pub const IDENTITY: BitMatrix = BitMatrix { columns: [1, 2, 4, 8, 16, 32, 64, 128] };

    /// The matrix of a linear function (taken from the images of the unit bytes).
    pub fn of_linear(f: impl Fn(u8) -> u8) -> BitMatrix {
        BitMatrix { columns: std::array::from_fn(|i| f(1 << i)) }
    }

    pub fn apply(&self, x: u8) -> u8 {
        (0..8).filter(|i| (x >> i) & 1 != 0).fold(0, |acc, i| acc ^ self.columns[i])
    }

    /// `self ∘ other` (apply `other` first).
    pub fn compose(&self, other: &BitMatrix) -> BitMatrix {
        BitMatrix { columns: other.columns.map(|c| self.apply(c)) }
    }

    /// Input bits that output bit `row` is the XOR of.
    pub fn row(&self, row: usize) -> Vec<usize> {
        (0..8).filter(|&i| (self.columns[i] >> row) & 1 != 0).collect()
    }

    /// Number of ones (a proxy for the XOR gates the map costs).
    pub fn weight(&self) -> u32 {
        self.columns.iter().map(|c| c.count_ones()).sum()
    }

    /// Inverse by Gauss-Jordan elimination over GF(2); `None` if singular.
    pub fn inverse(&self) -> Option<BitMatrix> {
        // Row k: bits 0..8 are row k of self, bits 8..16 row k of the identity.
        let mut rows: [u16; 8] = std::array::from_fn(|k| {
            (0..8).fold(1u16 << (8 + k), |acc, i| acc | ((((self.columns[i] >> k) & 1) as u16) << i))
        });
        for column in 0..8 {
            let pivot = (column..8).find(|&r| (rows[r] >> column) & 1 != 0)?;
            rows.swap(column, pivot);
            for r in 0..8 {
                if r != column && (rows[r] >> column) & 1 != 0 {
                    rows[r] ^= rows[column];
                }
            }
        }
        let mut columns = [0u8; 8];
        for (k, row) in rows.iter().enumerate() {
            for (i, column) in columns.iter_mut().enumerate() {
                *column |= (((row >> (8 + i)) & 1) as u8) << k;
            }
        }
        Some(BitMatrix { columns })
    }
}

// ---------------------------------------------------------------------------
// The derivation: tower parameters and basis changes
// ---------------------------------------------------------------------------

/// The parameters of the composite-field S-box.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Derivation {
    pub tower: Tower,
    /// The image of x (0x02) in the tower field: a root of x^8 + x^4 + x^3 + x + 1.
    pub root: u8,
    /// GF(2^8) (AES polynomial basis) -> tower field; column i = root^i.
    pub to_tower: BitMatrix,
    /// Its inverse.
    pub from_tower: BitMatrix,
    /// The affine transform's linear part after `from_tower` (the constant is added apart).
    pub output: BitMatrix,
}

impl Derivation {
    /// The candidate for one tower field and root; `None` if `root` is not a
    /// root of the AES polynomial (then the map would not be a homomorphism).
    pub fn for_root(tower: Tower, root: u8) -> Option<Derivation> {
        let aes_polynomial = tower.pow(root, 8) ^ tower.pow(root, 4) ^ tower.pow(root, 3) ^ root ^ 1;
        if aes_polynomial != 0 {
            return None;
        }
        let to_tower = BitMatrix { columns: std::array::from_fn(|i| tower.pow(root, i as u32)) };
        let from_tower = to_tower.inverse()?;
        let output = BitMatrix::of_linear(affine_linear).compose(&from_tower);
        Some(Derivation { tower, root, to_tower, from_tower, output })
    }

    /// Total number of ones in the circuit's linear maps: the basis change
    /// in, squaring/scaling inside the norm, and the fused output map.
    pub fn cost(&self) -> u32 {
        let nibble_map_weight = |f: &dyn Fn(u8) -> u8| (0..4).map(|i| f(1 << i).count_ones()).sum::<u32>();
        let t = self.tower;
        self.to_tower.weight()
            + self.output.weight()
            + nibble_map_weight(&|h| t.nibble_mul(t.nibble_mul(h, h), t.lambda))
            + nibble_map_weight(&|l| t.nibble_mul(l, l))
    }

    /// Every valid (modulus, lambda, root), in a fixed order.
    pub fn candidates() -> Vec<Derivation> {
        let mut list = Vec::new();
        for nibble_modulus in irreducible_nibble_moduli() {
            for lambda in (1..16).filter(|&l| Tower::lambda_is_valid(nibble_modulus, l)) {
                let tower = Tower { nibble_modulus, lambda };
                list.extend((2..=255).filter_map(|root| Derivation::for_root(tower, root)));
            }
        }
        list
    }

    /// The candidate of least [`cost`](Self::cost) (first one on ties).
    pub fn find() -> Derivation {
        let candidates = Derivation::candidates();
        let best = candidates.iter().min_by_key(|d| d.cost());
        *best.expect("GF(2^8) has a tower representation")
    }
}
