//! Build configuration of the accelerator, read from YAML (`configs/*.yaml`).
//!
//! Schema (every field optional; a missing field takes its value from
//! `configs/default.yaml`, which is embedded here and is [`Config::default`]):
//!
//! | field | values | meaning |
//! |---|---|---|
//! | `architecture` | `unrolled`, `iterative` | round core: Nr_max pipelined round stages, or one round used Nr times |
//! | `interleave` | 1, 2, 3 (iterative only) | pipeline registers inside the iterative round = blocks in flight per core |
//! | `lanes` | 1, 2, 4, 8 with `lanes * 128 <= bus_bits` | AES datapaths side by side (blocks per step) |
//! | `bus_bits` | 128, 256, 512 | AXI4 master data width W |
//! | `max_burst` | power of two 1..=256 | longest AXI burst in beats |
//! | `key_sizes` | non-empty subset of 128, 192, 256 | key sizes the hardware offers |
//! | `key_slots` | 1..=16 | key slots visible to software |
//! | `sbox` | `table`, `composite`, `rom` (default) | S-box circuit: a 256-entry table, the composite-field circuit (~2x fewer LUT4 on ECP5, deeper logic; simulated as the table when `AESCTR_SIMULATE_SBOX_TABLE` is defined), or a registered 256x8 ROM per two round S-boxes (EBR on ECP5; the ROM's register is a round's pipeline register, see `round_core/`) |
//!
//! API: [`Config::default`], [`Config::from_yaml_str`], [`Config::from_file`],
//! [`Config::validate`], [`Config::caps`] (the CAPS register value, packed by
//! `spec::regs::caps_value`). Errors are [`ConfigError`] values whose message
//! names the field and the allowed values; nothing here panics on bad input.
//!
//! Timing facts derived from a configuration (cycles of the core clock, as
//! measured in `sim/tests/aes_engine.rs`): S = [`Config::max_rounds`] is the
//! deepest key size's Nr. An unrolled engine gives L blocks per cycle with a
//! latency of S + 3 cycles; an iterative engine with interleave k gives L
//! blocks per Nr cycles (k groups per k*Nr) with a latency of k*Nr + 3
//! (see `keystream_engine.rs`).

use serde::{Deserialize, Serialize};
use spec::KeySize;
use std::fmt;
use std::path::Path;

/// The default configuration, `configs/default.yaml`.
pub const DEFAULT_YAML: &str = include_str!("../../configs/default.yaml");

/// Allowed values, listed in error messages.
pub const INTERLEAVE_VALUES: [u32; 3] = [1, 2, 3];
pub const LANES_VALUES: [u32; 4] = [1, 2, 4, 8];
pub const BUS_BITS_VALUES: [u32; 3] = [128, 256, 512];
pub const KEY_SIZE_VALUES: [u32; 3] = [128, 192, 256];
pub const KEY_SLOTS_MAX: u32 = 16;
pub const MAX_BURST_MAX: u32 = 256;
/// Bits of one AES block (one lane's share of the bus).
pub const BLOCK_BITS: u32 = 128;

/// Round-core architecture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Architecture {
    /// Nr_max round stages with a register after each: one block per cycle per lane.
    Unrolled,
    /// One round datapath used Nr times, with `interleave` registers inside it.
    Iterative,
}

impl Architecture {
    pub fn name(self) -> &'static str {
        match self {
            Architecture::Unrolled => "unrolled",
            Architecture::Iterative => "iterative",
        }
    }
}

/// How the emitted Verilog computes each S-box (both compute the same function, FIPS-197 §5.1.1;
/// see `sbox/mod.rs`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SBoxStyle {
    /// A 256-entry `case` table: fastest to simulate (Verilator turns it into one lookup) and
    /// shallow logic (yosys `synth_ecp5` maps it onto LUT4 + PFUMX + L6MUX21, 159 LUT4 per S-box).
    Table,
    /// The composite-field circuit of `sbox::sbox_circuit`: 76 LUT4 per S-box with `synth_ecp5
    /// -nowidelut` (the estimate flow passes that flag for this style), but deeper logic and about
    /// 8x more Verilator C++ for a whole design (hence the simulation macro of `sbox/mod.rs`). Chosen by
    /// designs that must fit a smaller FPGA.
    Composite,
    /// Registered look-ups in a 256x8 ROM (`sbox_rom.rs`), two per ROM (its two read ports), which
    /// yosys maps onto one DP16KD block RAM (EBR) on ECP5. The read register is the round's pipeline
    /// register (a round is registered S-boxes, then ShiftRows/MixColumns/AddRoundKey), so cycles
    /// and throughput stay those of the table. The key expansion's SubWord is combinational and
    /// keeps the table in this style. The default (`configs/default.yaml`).
    #[default]
    Rom,
}

impl SBoxStyle {
    pub fn name(self) -> &'static str {
        match self {
            SBoxStyle::Table => "table",
            SBoxStyle::Composite => "composite",
            SBoxStyle::Rom => "rom",
        }
    }

    /// Whether the round S-boxes are registered look-ups (one cycle), not logic.
    pub fn is_registered(self) -> bool {
        self == SBoxStyle::Rom
    }

    /// The style of combinational S-boxes (the key expansion's SubWord): this style, or the table
    /// for the registered ROM.
    pub fn combinational(self) -> SBoxStyle {
        match self {
            SBoxStyle::Rom => SBoxStyle::Table,
            style => style,
        }
    }
}

/// One build configuration. See the module documentation for the schema.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default = "defaults::architecture")]
    pub architecture: Architecture,
    #[serde(default = "defaults::interleave")]
    pub interleave: u32,
    #[serde(default = "defaults::lanes")]
    pub lanes: u32,
    #[serde(default = "defaults::bus_bits")]
    pub bus_bits: u32,
    #[serde(default = "defaults::max_burst")]
    pub max_burst: u32,
    #[serde(default = "defaults::key_sizes")]
    pub key_sizes: Vec<u32>,
    #[serde(default = "defaults::key_slots")]
    pub key_slots: u32,
    #[serde(default)]
    pub sbox: SBoxStyle,
}

/// The field defaults: the values of the default configuration.
mod defaults {
    use super::Architecture;
    pub fn architecture() -> Architecture {
        Architecture::Unrolled
    }
    pub fn interleave() -> u32 {
        1
    }
    pub fn lanes() -> u32 {
        1
    }
    pub fn bus_bits() -> u32 {
        128
    }
    pub fn max_burst() -> u32 {
        16
    }
    pub fn key_sizes() -> Vec<u32> {
        vec![128, 192, 256]
    }
    pub fn key_slots() -> u32 {
        4
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            architecture: defaults::architecture(),
            interleave: defaults::interleave(),
            lanes: defaults::lanes(),
            bus_bits: defaults::bus_bits(),
            max_burst: defaults::max_burst(),
            key_sizes: defaults::key_sizes(),
            key_slots: defaults::key_slots(),
            sbox: SBoxStyle::Rom,
        }
    }
}

/// A configuration that cannot be read or built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The offending field, when one is known.
    pub field: Option<String>,
    pub message: String,
}

impl ConfigError {
    fn field(field: &str, message: String) -> ConfigError {
        ConfigError { field: Some(field.to_string()), message }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(f, "configuration field `{field}`: {}", self.message),
            None => write!(f, "configuration: {}", self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

fn list(values: &[u32]) -> String {
    values.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ")
}

impl Config {
    /// Parse and validate a YAML document.
    pub fn from_yaml_str(text: &str) -> Result<Config, ConfigError> {
        let value: serde_yaml::Value = serde_yaml::from_str(text)
            .map_err(|e| ConfigError { field: None, message: format!("not valid YAML: {e}") })?;
        // An empty document (or one holding only comments) is the default configuration.
        let mut config = Config::default();
        if value.is_null() {
            config.validate()?;
            return Ok(config);
        }
        let Some(mapping) = value.as_mapping() else {
            return Err(ConfigError {
                field: None,
                message: format!("expected a mapping of fields ({}), found {}", Self::FIELDS.join(", "), kind(&value)),
            });
        };
        // Field by field, so that every error names its field.
        for (key, value) in mapping {
            let Some(name) = key.as_str() else {
                return Err(ConfigError {
                    field: None,
                    message: format!(
                        "field names are strings; found {} (known fields: {})",
                        kind(key),
                        Self::FIELDS.join(", ")
                    ),
                });
            };
            fn parse<T: serde::de::DeserializeOwned>(name: &str, value: &serde_yaml::Value) -> Result<T, ConfigError> {
                serde_yaml::from_value(value.clone())
                    .map_err(|e| ConfigError::field(name, format!("{e}; allowed: {}", Config::allowed(name))))
            }
            match name {
                "architecture" => config.architecture = parse(name, value)?,
                "interleave" => config.interleave = parse(name, value)?,
                "lanes" => config.lanes = parse(name, value)?,
                "bus_bits" => config.bus_bits = parse(name, value)?,
                "max_burst" => config.max_burst = parse(name, value)?,
                "key_sizes" => config.key_sizes = parse(name, value)?,
                "key_slots" => config.key_slots = parse(name, value)?,
                "sbox" => config.sbox = parse(name, value)?,
                _ => {
                    return Err(ConfigError {
                        field: Some(name.to_string()),
                        message: format!("unknown field; known fields: {}", Self::FIELDS.join(", ")),
                    })
                }
            }
        }
        config.validate()?;
        Ok(config)
    }

    /// Read, parse and validate a YAML file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Config, ConfigError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError { field: None, message: format!("cannot read {}: {e}", path.display()) })?;
        Self::from_yaml_str(&text)
            .map_err(|e| ConfigError { message: format!("{} (in {})", e.message, path.display()), ..e })
    }

    /// Names of the fields, in schema order.
    pub const FIELDS: [&'static str; 8] =
        ["architecture", "interleave", "lanes", "bus_bits", "max_burst", "key_sizes", "key_slots", "sbox"];

    /// The allowed values of a field, for messages.
    pub fn allowed(field: &str) -> String {
        match field {
            "architecture" => "unrolled, iterative".into(),
            "interleave" => format!("{} (architecture iterative only; 1 for unrolled)", list(&INTERLEAVE_VALUES)),
            "lanes" => format!("{} with lanes * 128 <= bus_bits", list(&LANES_VALUES)),
            "bus_bits" => list(&BUS_BITS_VALUES),
            "max_burst" => format!("a power of two from 1 to {MAX_BURST_MAX}"),
            "key_sizes" => format!("a non-empty list of distinct values from {}", list(&KEY_SIZE_VALUES)),
            "key_slots" => format!("1 to {KEY_SLOTS_MAX}"),
            "sbox" => "table, composite, rom".into(),
            _ => format!("(no such field; known fields: {})", Self::FIELDS.join(", ")),
        }
    }

    /// Check every field against its allowed values.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |field: &str, got: String| {
            Err(ConfigError::field(field, format!("{got} is not allowed; allowed: {}", Self::allowed(field))))
        };
        if !INTERLEAVE_VALUES.contains(&self.interleave) {
            return bad("interleave", self.interleave.to_string());
        }
        if self.architecture == Architecture::Unrolled && self.interleave != 1 {
            return bad("interleave", format!("{} with architecture unrolled", self.interleave));
        }
        if !BUS_BITS_VALUES.contains(&self.bus_bits) {
            return bad("bus_bits", self.bus_bits.to_string());
        }
        if !LANES_VALUES.contains(&self.lanes) {
            return bad("lanes", self.lanes.to_string());
        }
        if self.lanes * BLOCK_BITS > self.bus_bits {
            return bad(
                "lanes",
                format!("{} with bus_bits {} ({} > {})", self.lanes, self.bus_bits, self.lanes * 128, self.bus_bits),
            );
        }
        if !(1..=MAX_BURST_MAX).contains(&self.max_burst) || !self.max_burst.is_power_of_two() {
            return bad("max_burst", self.max_burst.to_string());
        }
        if self.key_sizes.is_empty() {
            return bad("key_sizes", "an empty list".into());
        }
        for (i, size) in self.key_sizes.iter().enumerate() {
            if !KEY_SIZE_VALUES.contains(size) {
                return bad("key_sizes", format!("{size}"));
            }
            if self.key_sizes[..i].contains(size) {
                return bad("key_sizes", format!("{size} listed twice"));
            }
        }
        if !(1..=KEY_SLOTS_MAX).contains(&self.key_slots) {
            return bad("key_slots", self.key_slots.to_string());
        }
        Ok(())
    }

    /// The key sizes offered, smallest first.
    pub fn key_size_list(&self) -> Vec<KeySize> {
        let mut sizes: Vec<KeySize> =
            KeySize::ALL.into_iter().filter(|k| self.key_sizes.contains(&(k.bits() as u32))).collect();
        sizes.sort();
        sizes
    }

    /// CAPS[2:0]: bit n set when key size code n is offered.
    pub fn key_sizes_mask(&self) -> u32 {
        self.key_size_list().iter().map(|k| k.caps_bit()).fold(0, |a, b| a | b)
    }

    /// Nr of the largest key size offered: the number of round stages of an
    /// unrolled core.
    pub fn max_rounds(&self) -> usize {
        self.key_size_list().iter().map(|k| k.rounds()).max().unwrap_or(10)
    }

    /// Nr of the smallest key size offered: every group passes at least this many round stages
    /// of an unrolled core (the stages after it need a bypass).
    pub fn min_rounds(&self) -> usize {
        self.key_size_list().iter().map(|k| k.rounds()).min().unwrap_or(10)
    }

    /// 128-bit blocks per bus word.
    pub fn blocks_per_word(&self) -> usize {
        (self.bus_bits / BLOCK_BITS) as usize
    }

    /// Key slots the engine holds: the software-visible ones plus one hidden
    /// slot (index `key_slots`) for INLINE_KEY jobs.
    pub fn engine_key_slots(&self) -> usize {
        self.key_slots as usize + 1
    }

    /// Whether src/dst addresses that are not 16-byte aligned are supported (CAPS[24]).
    pub fn unaligned_supported(&self) -> bool {
        false
    }

    /// The CAPS register value of this configuration.
    pub fn caps(&self) -> u32 {
        spec::regs::caps_value(
            self.key_sizes_mask(),
            self.bus_bits / 8,
            self.key_slots,
            self.lanes,
            self.unaligned_supported(),
        )
    }

    /// A short name for file names and logs, e.g. `unrolled-l1-b128`, `iterative-k2-l1-b128-rom`
    /// or `unrolled-l4-b512-composite` (the S-box style is named when it is not the table).
    pub fn short_name(&self) -> String {
        let core = match self.architecture {
            Architecture::Unrolled => format!("unrolled-l{}-b{}", self.lanes, self.bus_bits),
            Architecture::Iterative => format!("iterative-k{}-l{}-b{}", self.interleave, self.lanes, self.bus_bits),
        };
        match self.sbox {
            SBoxStyle::Table => core,
            style => format!("{core}-{}", style.name()),
        }
    }
}

fn kind(value: &serde_yaml::Value) -> &'static str {
    match value {
        serde_yaml::Value::Null => "nothing",
        serde_yaml::Value::Bool(_) => "a boolean",
        serde_yaml::Value::Number(_) => "a number",
        serde_yaml::Value::String(_) => "a string",
        serde_yaml::Value::Sequence(_) => "a list",
        serde_yaml::Value::Mapping(_) => "a mapping",
        serde_yaml::Value::Tagged(_) => "a tagged value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_yaml_is_the_default_config() {
        assert_eq!(Config::from_yaml_str(DEFAULT_YAML).unwrap(), Config::default());
    }

    #[test]
    fn shipped_configs_parse_and_validate() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../configs");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().and_then(|e| e.to_str()) == Some("yaml") {
                Config::from_file(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                seen += 1;
            }
        }
        assert!(seen >= 4, "expected at least default, small, wide, iterative-k2; found {seen}");
    }

    #[test]
    fn empty_document_is_default() {
        assert_eq!(Config::from_yaml_str("").unwrap(), Config::default());
        assert_eq!(Config::from_yaml_str("# nothing\n").unwrap(), Config::default());
    }

    #[test]
    fn missing_fields_take_defaults() {
        let c = Config::from_yaml_str("lanes: 2\nbus_bits: 256\n").unwrap();
        assert_eq!(c.lanes, 2);
        assert_eq!(c.bus_bits, 256);
        assert_eq!(c.key_slots, 4);
        assert_eq!(c.architecture, Architecture::Unrolled);
    }

    fn error_of(yaml: &str) -> String {
        Config::from_yaml_str(yaml).unwrap_err().to_string()
    }

    #[test]
    fn unknown_field_is_named_with_known_fields() {
        let e = error_of("lanse: 2\n");
        assert!(e.contains("lanse"), "{e}");
        for field in Config::FIELDS {
            assert!(e.contains(field), "{e} lacks {field}");
        }
    }

    #[test]
    fn bad_values_name_field_and_allowed_values() {
        let cases: &[(&str, &str, &str)] = &[
            ("architecture: pipelined", "architecture", "unrolled, iterative"),
            ("interleave: 5\narchitecture: iterative", "interleave", "1, 2, 3"),
            ("interleave: 2", "interleave", "1, 2, 3"),
            ("lanes: 3", "lanes", "1, 2, 4, 8"),
            ("lanes: 2", "lanes", "lanes * 128 <= bus_bits"),
            ("lanes: 8\nbus_bits: 512", "lanes", "lanes * 128 <= bus_bits"),
            ("bus_bits: 64", "bus_bits", "128, 256, 512"),
            ("max_burst: 12", "max_burst", "power of two"),
            ("max_burst: 512", "max_burst", "power of two"),
            ("max_burst: 0", "max_burst", "power of two"),
            ("key_sizes: []", "key_sizes", "128, 192, 256"),
            ("key_sizes: [128, 160]", "key_sizes", "128, 192, 256"),
            ("key_sizes: [128, 128]", "key_sizes", "distinct"),
            ("key_slots: 0", "key_slots", "1 to 16"),
            ("key_slots: 17", "key_slots", "1 to 16"),
            ("key_slots: many", "key_slots", "1 to 16"),
            ("lanes: -1", "lanes", "1, 2, 4, 8"),
            ("sbox: lookup", "sbox", "table, composite, rom"),
            ("sbox: 3", "sbox", "table, composite, rom"),
        ];
        for (yaml, field, allowed) in cases {
            let e = error_of(yaml);
            assert!(e.contains(&format!("`{field}`")), "{yaml:?}: {e}");
            assert!(e.contains(allowed), "{yaml:?}: {e}");
        }
    }

    #[test]
    fn sbox_style_is_read_written_and_named_only_when_not_the_table() {
        let composite = Config::from_yaml_str("sbox: composite\n").unwrap();
        assert_eq!(composite.sbox, SBoxStyle::Composite);
        assert_eq!(composite.short_name(), "unrolled-l1-b128-composite");
        assert!(serde_yaml::to_string(&composite).unwrap().contains("sbox: composite"));
        let rom = Config::from_yaml_str("sbox: rom\n").unwrap();
        assert_eq!(rom, Config::default(), "the ROM is the default style");
        assert_eq!(rom.short_name(), "unrolled-l1-b128-rom");
        assert!(serde_yaml::to_string(&rom).unwrap().contains("sbox: rom"));
        let table = Config::from_yaml_str("sbox: table\n").unwrap();
        assert_eq!(table.sbox, SBoxStyle::Table);
        assert_eq!(table.short_name(), "unrolled-l1-b128");
        assert!(serde_yaml::to_string(&table).unwrap().contains("sbox: table"));
    }

    #[test]
    fn malformed_documents_are_errors_not_panics() {
        for yaml in ["[1, 2]", "lanes: [", "42", "lanes: {a: 1}"] {
            assert!(Config::from_yaml_str(yaml).is_err(), "{yaml:?}");
        }
        assert!(Config::from_file("/nonexistent/config.yaml").unwrap_err().to_string().contains("cannot read"));
    }

    #[test]
    fn caps_of_default_config() {
        // key sizes 0b111, 16-byte bus -> log2 = 4, 4 slots, 1 lane, aligned only.
        assert_eq!(Config::default().caps(), 0b111 | (4 << 4) | (4 << 8) | (1 << 16));
        let wide = Config { lanes: 4, bus_bits: 512, key_sizes: vec![256], key_slots: 16, ..Config::default() };
        assert_eq!(wide.caps(), 0b100 | (6 << 4) | (16 << 8) | (4 << 16));
    }

    #[test]
    fn max_rounds_follows_key_sizes() {
        assert_eq!(Config::default().max_rounds(), 14);
        assert_eq!(Config { key_sizes: vec![128], ..Config::default() }.max_rounds(), 10);
        assert_eq!(Config { key_sizes: vec![192, 128], ..Config::default() }.max_rounds(), 12);
        assert_eq!(Config::default().min_rounds(), 10);
        assert_eq!(Config { key_sizes: vec![256, 192], ..Config::default() }.min_rounds(), 12);
    }
}
