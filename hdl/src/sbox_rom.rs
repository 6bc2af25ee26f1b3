//! Two registered AES S-box look-ups (FIPS-197 §5.1.1) in one 256 x 8 ROM: the `sbox: rom` style.
//!
//! Ports: `clock`; `enable` (in, 1): the read registers load in this cycle; `address_a`,
//! `address_b` (in, 8 bits each); `data_a`, `data_b` (out, 8 bits each). At a rising edge of
//! `clock` with `enable` high, `data_a` becomes `SBOX[address_a]` and `data_b` becomes
//! `SBOX[address_b]`; with `enable` low both hold. Latency 1 cycle (registered read, no output
//! register), two look-ups per cycle. No reset: a caller that must clear the read registers
//! reads address 0 (the registers then hold `SBOX[0]` = 0x63, a constant).
//!
//! The emitted Verilog is the pattern yosys infers as block RAM: a `reg [7:0] rom [0:255]`
//! marked `(* rom_style = "block" *)`, initialised in an `initial` block from [`SBOX`] and read in
//! one clocked `always` by both ports, so `synth_ecp5` maps each instance onto one DP16KD (EBR),
//! ports A and B both reading. Without the attribute yosys 0.70 maps a memory this small onto
//! logic (LUT4 and wide-LUT muxes, as large as the table).
//! rust-hdl's simulator runs [`SBoxRom::update`], the same look-up on the clock edge.
//! `sub_bytes.rs` puts BITS/16 of them side by side for a registered SubBytes.

use crate::sbox::SBOX;
use rust_hdl::prelude::*;
use std::fmt::Write as _;
use std::sync::OnceLock;

/// A 256 x 8 S-box ROM with two registered read ports.
#[derive(LogicBlock, Default)]
pub struct SBoxRom {
    pub clock: Signal<In, Clock>,
    pub enable: Signal<In, Bit>,
    pub address_a: Signal<In, Bits<8>>,
    pub address_b: Signal<In, Bits<8>>,
    pub data_a: Signal<Out, Bits<8>>,
    pub data_b: Signal<Out, Bits<8>>,
}

/// The body of the emitted module (computed once).
fn rom_verilog() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let mut text = String::from(
            "// S-box ROM generated from hdl::sbox::SBOX (inverse in GF(2^8), affine 0x63): two registered\n\
             // read ports on one 256x8 memory (one DP16KD block RAM on ECP5).\n\
             // rom_style: yosys would otherwise map a memory this small onto logic (its\n\
             // memory_libmap cost rule chose `FF mapping` for it without the attribute).\n\
             (* rom_style = \"block\" *)\n\
             reg [7:0] rom [0:255];\n\
             initial begin\n",
        );
        for (x, y) in SBOX.iter().enumerate() {
            writeln!(text, "    rom[{x}] = 8'h{y:02x};").unwrap();
        }
        text += "end\n\
                 always @(posedge clock) begin\n\
                 \x20   if (enable) begin\n\
                 \x20       data_a <= rom[address_a];\n\
                 \x20       data_b <= rom[address_b];\n\
                 \x20   end\n\
                 end\n";
        text
    })
}

impl Logic for SBoxRom {
    fn update(&mut self) {
        if self.clock.pos_edge() && self.enable.val() {
            self.data_a.next = (SBOX[self.address_a.val().index()] as u64).to_bits::<8>();
            self.data_b.next = (SBOX[self.address_b.val().index()] as u64).to_bits::<8>();
        }
    }

    fn connect(&mut self) {
        self.data_a.connect();
        self.data_b.connect();
    }

    fn hdl(&self) -> Verilog {
        Verilog::Custom(rom_verilog().to_string())
    }

    fn timing(&self) -> Vec<TimingInfo> {
        vec![TimingInfo {
            name: "sbox_rom".into(),
            clock: "clock".into(),
            inputs: vec!["enable".into(), "address_a".into(), "address_b".into()],
            outputs: vec!["data_a".into(), "data_b".into()],
        }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emitted_rom_holds_the_table_and_reads_on_the_clock() {
        let text = rom_verilog();
        assert!(text.contains("(* rom_style = \"block\" *)\nreg [7:0] rom [0:255];"));
        assert!(text.contains("rom[0] = 8'h63;"));
        assert!(text.contains("rom[255] = 8'h16;"));
        assert_eq!(text.matches("] = 8'h").count(), 256);
        assert!(text.contains("always @(posedge clock)"));
    }

    #[test]
    fn model_reads_both_ports_on_an_enabled_rising_edge() {
        let mut rom = SBoxRom::default();
        rom.connect_all();
        let mut sim = Simulation::new();
        sim.add_clock(5, |x: &mut Box<SBoxRom>| x.clock.next = !x.clock.val());
        sim.add_testbench(move |mut ep: Sim<SBoxRom>| {
            let mut x = ep.init()?;
            x.enable.next = true;
            x.address_a.next = (0x53_u64).to_bits();
            x.address_b.next = (0x00_u64).to_bits();
            wait_clock_true!(ep, clock, x);
            wait_clock_cycle!(ep, clock, x);
            sim_assert_eq!(ep, x.data_a.val().index(), 0xed, x);
            sim_assert_eq!(ep, x.data_b.val().index(), 0x63, x);
            x.enable.next = false;
            x.address_a.next = (0x01_u64).to_bits();
            wait_clock_cycle!(ep, clock, x);
            sim_assert_eq!(ep, x.data_a.val().index(), 0xed, x);
            x.enable.next = true;
            wait_clock_cycle!(ep, clock, x);
            sim_assert_eq!(ep, x.data_a.val().index(), 0x7c, x);
            ep.done(x)
        });
        sim.run(Box::new(rom), 1_000).unwrap();
    }
}
