//! The composite-field S-box as a circuit of named wires ([`Circuit`]), printed as Verilog and
//! evaluated bit by bit, and the Verilog bodies of both S-box modules.

use super::derivation::*;
use super::field::*;
use std::fmt::Write as _;
use std::sync::OnceLock;

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
pub(super) fn sbox_verilog() -> &'static str {
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
pub(super) fn table_verilog() -> &'static str {
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
