//! The one schema of the accelerator's build configuration (`configs/*.yaml`), read by every crate
//! that needs it: `hdl` (which builds the hardware from it), `golden` (its device model's
//! configuration), `sim` (what a simulated design offers) and `flow` (which configurations are
//! the same design, how each is synthesised).
//!
//! - [`FIELDS`]: one row per field, in file order: name, type, allowed values ([`Allowed`] plus a
//!   cross-field rule), one-line meaning; the default of every field is its value in
//!   `configs/default.yaml` ([`DEFAULT_YAML`], embedded), the one place defaults are written.
//! - [`Config`]: the typed configuration. [`Config::from_yaml_str`] / [`Config::from_file`] read a
//!   YAML file (a missing field takes the default), [`Config::validate`] checks every field
//!   against its row and the cross-field rules; a [`ConfigError`] names the field and its allowed
//!   values, and nothing here panics on bad input.
//! - Derived facts: [`Config::max_rounds`] (S, the unrolled core's round stages),
//!   [`Config::caps`] (the CAPS register, packed by `spec::regs::caps_value`),
//!   [`Config::engine_key_slots`] (the software-visible slots plus the hidden INLINE_KEY slot),
//!   [`Config::bus_bytes`], [`Config::short_name`] and the others of [`Derived`].
//! - The generated-configuration file: `gen-verilog` writes `NAME.config.json`
//!   ([`generated_config_path`]) next to every `NAME.v` it emits, holding the resolved
//!   configuration and its derived facts ([`Config::generated_json`]); tools given only the
//!   Verilog read it with [`Config::next_to_verilog`] instead of parsing the Verilog.
//! - [`markdown_table`] and [`shipped_table`]: the schema and the shipped configurations as the
//!   Markdown tables of docs/architecture.md (checked by this crate's tests; `AESCTR_BLESS=1 cargo
//!   test -p aes-ctr-config` rewrites them).
//!
//! Adding a field: a member of [`Config`], a row of [`FIELDS`], its value in
//! `configs/default.yaml`, and (for a rule between fields) a line of [`Config::validate`]; then
//! the blocks that use it. The generated files follow: `cargo run --release --bin gen-verilog`
//! (the checked-in default's `hdl/generated/aes_ctr_accel.config.json`) and `AESCTR_BLESS=1
//! cargo test -p aes-ctr-config` (the tables of docs/architecture.md); the tests say when either
//! is stale.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use spec::KeySize;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The default configuration, `configs/default.yaml`: the default of every field.
pub const DEFAULT_YAML: &str = include_str!("../../configs/default.yaml");
/// Where [`DEFAULT_YAML`] lives, relative to the workspace.
pub const DEFAULT_FILE: &str = "configs/default.yaml";

/// Allowed values, listed in error messages and the schema table.
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
    /// Every architecture, in the order the schema lists them.
    pub const ALL: [Architecture; 2] = [Architecture::Unrolled, Architecture::Iterative];
    /// The spellings of [`Architecture::ALL`] in a configuration file.
    pub const NAMES: [&'static str; 2] = ["unrolled", "iterative"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// How the emitted Verilog computes each S-box (all compute the same function, FIPS-197 §5.1.1;
/// see `hdl/src/sbox/mod.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
    /// keeps the table in this style.
    Rom,
}

impl Default for SBoxStyle {
    /// The style of `configs/default.yaml`.
    fn default() -> SBoxStyle {
        Config::default().sbox
    }
}

impl SBoxStyle {
    /// Every style, in the order the schema lists them.
    pub const ALL: [SBoxStyle; 3] = [SBoxStyle::Table, SBoxStyle::Composite, SBoxStyle::Rom];
    /// The spellings of [`SBoxStyle::ALL`] in a configuration file.
    pub const NAMES: [&'static str; 3] = ["table", "composite", "rom"];

    pub fn name(self) -> &'static str {
        Self::NAMES[self as usize]
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

/// The values one field may take on its own (rules between fields are [`Field::rule`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Allowed {
    /// One of these names.
    Names(&'static [&'static str]),
    /// One of these numbers.
    Values(&'static [u32]),
    /// A power of two from 1 to `max`.
    PowerOfTwo { max: u32 },
    /// A number from `min` to `max`.
    Range { min: u32, max: u32 },
    /// A non-empty list of distinct values from these.
    Subset(&'static [u32]),
}

fn list<T: fmt::Display>(values: &[T]) -> String {
    values.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ")
}

impl Allowed {
    /// The allowed values in words, e.g. `1, 2, 4, 8` or `a power of two from 1 to 256`.
    pub fn describe(&self) -> String {
        match self {
            Allowed::Names(names) => list(names),
            Allowed::Values(values) => list(values),
            Allowed::PowerOfTwo { max } => format!("a power of two from 1 to {max}"),
            Allowed::Range { min, max } => format!("{min} to {max}"),
            Allowed::Subset(values) => format!("a non-empty list of distinct values from {}", list(values)),
        }
    }

    /// `None` when `value` (the field as JSON) is allowed, else how to name it in the error.
    fn reject(&self, value: &Value) -> Option<String> {
        let number = |v: &Value| v.as_u64().and_then(|n| u32::try_from(n).ok());
        match (self, value) {
            (Allowed::Names(names), Value::String(s)) => (!names.contains(&s.as_str())).then(|| s.clone()),
            (Allowed::Values(values), v) => match number(v) {
                Some(n) if values.contains(&n) => None,
                _ => Some(v.to_string()),
            },
            (Allowed::PowerOfTwo { max }, v) => match number(v) {
                Some(n) if (1..=*max).contains(&n) && n.is_power_of_two() => None,
                _ => Some(v.to_string()),
            },
            (Allowed::Range { min, max }, v) => match number(v) {
                Some(n) if (*min..=*max).contains(&n) => None,
                _ => Some(v.to_string()),
            },
            (Allowed::Subset(values), Value::Array(items)) => {
                if items.is_empty() {
                    return Some("an empty list".into());
                }
                for (i, item) in items.iter().enumerate() {
                    if !number(item).is_some_and(|n| values.contains(&n)) {
                        return Some(item.to_string());
                    }
                    if items[..i].contains(item) {
                        return Some(format!("{item} listed twice"));
                    }
                }
                None
            }
            (_, v) => Some(v.to_string()),
        }
    }
}

/// One field of the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    /// The YAML type: `name`, `integer` or `list of integers`.
    pub kind: &'static str,
    pub allowed: Allowed,
    /// A rule between this field and others (checked by [`Config::validate`]), or empty.
    pub rule: &'static str,
    /// One line: what the field chooses.
    pub meaning: &'static str,
}

impl Field {
    /// The allowed values in words, with the rule: what an error about this field lists.
    pub fn allowed_text(&self) -> String {
        match self.rule {
            "" => self.allowed.describe(),
            rule => format!("{} {rule}", self.allowed.describe()),
        }
    }

    /// The field's default, the value of `configs/default.yaml`, as written in a table
    /// (a list as `128, 192, 256`).
    pub fn default_text(&self) -> String {
        value_text(&Config::default().to_value()[self.name])
    }
}

/// The fields, in file order.
pub const FIELDS: &[Field] = &[
    Field {
        name: "architecture",
        kind: "name",
        allowed: Allowed::Names(&Architecture::NAMES),
        rule: "",
        meaning: "round core: S pipelined round stages, or one round used Nr times",
    },
    Field {
        name: "interleave",
        kind: "integer",
        allowed: Allowed::Values(&INTERLEAVE_VALUES),
        rule: "(architecture iterative only; 1 for unrolled)",
        meaning: "pipeline registers inside the iterative round = blocks in flight per core",
    },
    Field {
        name: "lanes",
        kind: "integer",
        allowed: Allowed::Values(&LANES_VALUES),
        rule: "with lanes * 128 <= bus_bits",
        meaning: "AES datapaths side by side (blocks per step)",
    },
    Field {
        name: "bus_bits",
        kind: "integer",
        allowed: Allowed::Values(&BUS_BITS_VALUES),
        rule: "",
        meaning: "AXI4 master data width W",
    },
    Field {
        name: "max_burst",
        kind: "integer",
        allowed: Allowed::PowerOfTwo { max: MAX_BURST_MAX },
        rule: "",
        meaning: "longest AXI burst in beats",
    },
    Field {
        name: "key_sizes",
        kind: "list of integers",
        allowed: Allowed::Subset(&KEY_SIZE_VALUES),
        rule: "",
        meaning: "key sizes the hardware offers (CAPS[2:0]); the largest sets S",
    },
    Field {
        name: "key_slots",
        kind: "integer",
        allowed: Allowed::Range { min: 1, max: KEY_SLOTS_MAX },
        rule: "",
        meaning: "key slots visible to software (the engine holds one more, hidden, for INLINE_KEY jobs)",
    },
    Field {
        name: "sbox",
        kind: "name",
        allowed: Allowed::Names(&SBoxStyle::NAMES),
        rule: "",
        meaning: "S-box circuit: a 256-entry table, the composite-field circuit, or a registered ROM (EBR)",
    },
];

/// The row of field `name`, if there is one.
pub fn field(name: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.name == name)
}

/// One build configuration. See the crate documentation for the schema.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub architecture: Architecture,
    pub interleave: u32,
    pub lanes: u32,
    pub bus_bits: u32,
    pub max_burst: u32,
    pub key_sizes: Vec<u32>,
    pub key_slots: u32,
    pub sbox: SBoxStyle,
}

impl Default for Config {
    /// `configs/default.yaml`, which sets every field (a test checks it parses and validates).
    fn default() -> Self {
        static DEFAULT: OnceLock<Config> = OnceLock::new();
        DEFAULT
            .get_or_init(|| {
                serde_yaml::from_str(DEFAULT_YAML)
                    .unwrap_or_else(|e| panic!("{DEFAULT_FILE} must set every field of the schema: {e}"))
            })
            .clone()
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

    fn general(message: String) -> ConfigError {
        ConfigError { field: None, message }
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

/// The names of the fields, in schema order, for messages.
fn field_names() -> String {
    list(&FIELDS.iter().map(|f| f.name).collect::<Vec<_>>())
}

impl Config {
    /// Parse and validate a YAML document; a missing field takes its default.
    pub fn from_yaml_str(text: &str) -> Result<Config, ConfigError> {
        let value: serde_yaml::Value =
            serde_yaml::from_str(text).map_err(|e| ConfigError::general(format!("not valid YAML: {e}")))?;
        // An empty document (or one holding only comments) is the default configuration.
        if value.is_null() {
            let config = Config::default();
            config.validate()?;
            return Ok(config);
        }
        let Some(mapping) = value.as_mapping() else {
            return Err(ConfigError::general(format!(
                "expected a mapping of fields ({}), found {}",
                field_names(),
                kind(&value)
            )));
        };
        let mut merged = Config::default().to_yaml_mapping();
        // Field by field over the defaults, so that every error names its field.
        for (key, value) in mapping {
            let Some(name) = key.as_str() else {
                return Err(ConfigError::general(format!(
                    "field names are strings; found {} (known fields: {})",
                    kind(key),
                    field_names()
                )));
            };
            if field(name).is_none() {
                return Err(ConfigError::field(name, format!("unknown field; known fields: {}", field_names())));
            }
            let mut alone = Config::default().to_yaml_mapping();
            alone.insert(key.clone(), value.clone());
            serde_yaml::from_value::<Config>(serde_yaml::Value::Mapping(alone))
                .map_err(|e| ConfigError::field(name, format!("{e}; allowed: {}", Config::allowed(name))))?;
            merged.insert(key.clone(), value.clone());
        }
        let config: Config = serde_yaml::from_value(serde_yaml::Value::Mapping(merged))
            .map_err(|e| ConfigError::general(e.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    /// Read, parse and validate a YAML file.
    pub fn from_file(path: impl AsRef<Path>) -> Result<Config, ConfigError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::general(format!("cannot read {}: {e}", path.display())))?;
        Self::from_yaml_str(&text)
            .map_err(|e| ConfigError { message: format!("{} (in {})", e.message, path.display()), ..e })
    }

    /// The allowed values of a field, for messages.
    pub fn allowed(name: &str) -> String {
        match field(name) {
            Some(f) => f.allowed_text(),
            None => format!("(no such field; known fields: {})", field_names()),
        }
    }

    /// Check every field against its allowed values, then the rules between fields.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |field: &str, got: String| {
            Err(ConfigError::field(field, format!("{got} is not allowed; allowed: {}", Self::allowed(field))))
        };
        let value = self.to_value();
        for f in FIELDS {
            if let Some(got) = f.allowed.reject(&value[f.name]) {
                return bad(f.name, got);
            }
        }
        if self.architecture == Architecture::Unrolled && self.interleave != 1 {
            return bad("interleave", format!("{} with architecture unrolled", self.interleave));
        }
        if self.lanes * BLOCK_BITS > self.bus_bits {
            return bad(
                "lanes",
                format!("{} with bus_bits {} ({} > {})", self.lanes, self.bus_bits, self.lanes * 128, self.bus_bits),
            );
        }
        Ok(())
    }

    /// The configuration as a JSON object, field by field.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).expect("a Config is plain data")
    }

    fn to_yaml_mapping(&self) -> serde_yaml::Mapping {
        match serde_yaml::to_value(self).expect("a Config is plain data") {
            serde_yaml::Value::Mapping(m) => m,
            _ => unreachable!("a struct serialises as a mapping"),
        }
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

    /// Bytes of one bus word (the AXI4 master data width in bytes).
    pub fn bus_bytes(&self) -> u32 {
        self.bus_bits / 8
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
            self.bus_bytes(),
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

    /// The facts derived from this configuration, as [`Config::generated_json`] writes them.
    pub fn derived(&self) -> Derived {
        Derived {
            name: self.short_name(),
            caps: format!("0x{:08x}", self.caps()),
            bus_bytes: self.bus_bytes(),
            blocks_per_word: self.blocks_per_word(),
            key_sizes_mask: self.key_sizes_mask(),
            max_rounds: self.max_rounds(),
            min_rounds: self.min_rounds(),
            engine_key_slots: self.engine_key_slots(),
        }
    }

    /// The text of the file `gen-verilog` writes next to the Verilog of this configuration
    /// ([`generated_config_path`]): `generator` and `source` as in the Verilog banner, the
    /// resolved configuration and its derived facts, as pretty JSON ending in a newline.
    pub fn generated_json(&self, generator: &str, source: &str) -> String {
        let file = GeneratedConfig {
            generator: generator.to_string(),
            source: source.to_string(),
            config: self.clone(),
            derived: self.derived(),
        };
        serde_json::to_string_pretty(&file).expect("plain data") + "\n"
    }

    /// The configuration of a [`Config::generated_json`] text, validated; its derived facts must
    /// be this crate's (a hand-edited or stale file is refused).
    pub fn from_generated_json(text: &str) -> Result<Config, ConfigError> {
        let file: GeneratedConfig = serde_json::from_str(text)
            .map_err(|e| ConfigError::general(format!("not a generated configuration file: {e}")))?;
        file.config.validate()?;
        let derived = file.config.derived();
        if derived != file.derived {
            return Err(ConfigError::general(format!(
                "its derived facts {:?} are not those of its configuration ({derived:?}): the file is stale or edited",
                file.derived
            )));
        }
        Ok(file.config)
    }

    /// The configuration of the emitted design `verilog`, read from the file `gen-verilog` wrote
    /// next to it ([`generated_config_path`]). The error names the file, and the command that
    /// writes it when it is missing.
    pub fn next_to_verilog(verilog: &Path) -> Result<Config, ConfigError> {
        let path = generated_config_path(verilog);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            ConfigError::general(format!(
                "cannot read {} ({e}), the configuration of {}: emit the design with \
                 `cargo run --release --bin gen-verilog -- --config FILE --out {}`, which writes both",
                path.display(),
                verilog.display(),
                verilog.parent().map_or_else(|| ".".into(), |d| d.display().to_string())
            ))
        })?;
        Self::from_generated_json(&text)
            .map_err(|e| ConfigError { message: format!("{} (in {})", e.message, path.display()), ..e })
    }
}

/// Facts that follow from a configuration, written for readers of the generated file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Derived {
    /// [`Config::short_name`].
    pub name: String,
    /// [`Config::caps`], in hex.
    pub caps: String,
    pub bus_bytes: u32,
    pub blocks_per_word: usize,
    pub key_sizes_mask: u32,
    /// S: the unrolled core's round stages.
    pub max_rounds: usize,
    pub min_rounds: usize,
    /// Key slots of the engine, with the hidden INLINE_KEY slot.
    pub engine_key_slots: usize,
}

/// The file next to the emitted Verilog.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct GeneratedConfig {
    generator: String,
    source: String,
    config: Config,
    derived: Derived,
}

/// The configuration file `gen-verilog` writes next to `DIR/NAME.v`: `DIR/NAME.config.json`.
pub fn generated_config_path(verilog: &Path) -> PathBuf {
    let stem = verilog.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    verilog.with_file_name(format!("{stem}.config.json"))
}

fn value_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => list(&items.iter().map(value_text).collect::<Vec<_>>()),
        v => v.to_string(),
    }
}

/// The schema as a Markdown table (field, type, allowed values, default, meaning).
pub fn markdown_table() -> String {
    let mut s = String::from("| field | type | allowed | default | meaning |\n|---|---|---|---|---|\n");
    for f in FIELDS {
        s += &format!("| `{}` | {} | {} | {} | {} |\n", f.name, f.kind, f.allowed_text(), f.default_text(), f.meaning);
    }
    s
}

/// The configuration files `*.yaml` of `dir` (the shipped `configs/`) as a Markdown table, one row
/// per file in name order, one column per field; a field the file leaves out shows its default in
/// parentheses.
pub fn shipped_table(dir: &Path) -> Result<String, ConfigError> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| ConfigError::general(format!("cannot list {}: {e}", dir.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let names: Vec<&str> = FIELDS.iter().map(|f| f.name).collect();
    let mut s = format!("| file | {} |\n|---|{}\n", names.join(" | "), "---|".repeat(names.len()));
    for path in files {
        let config = Config::from_file(&path)?.to_value();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let written: serde_yaml::Value = serde_yaml::from_str(&text).unwrap_or(serde_yaml::Value::Null);
        let cells: Vec<String> = names
            .iter()
            .map(|name| match written.get(name) {
                Some(_) => value_text(&config[name]),
                None => format!("({})", value_text(&config[name])),
            })
            .collect();
        let file = path.file_name().map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        s += &format!("| `{file}` | {} |\n", cells.join(" | "));
    }
    Ok(s)
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
mod tests;
