//! Everything that turns rust-hdl blocks into Verilog files; the blocks
//! themselves (`top.rs` included) describe hardware only.
//!
//! API:
//! - [`block_verilog`]`(name, &Config)`: the Verilog of one block of this
//!   crate, built for that configuration, as one self-contained file whose
//!   top module is named `name` (see [`BLOCKS`]);
//! - [`accelerator_verilog`]`(&Config)`: the whole accelerator, top module
//!   `aes_ctr_accel` (the block `aes_ctr_accel` of [`BLOCKS`]);
//! - [`generated_file`]`(&Config, source)`: that design behind the banner
//!   `gen-verilog` writes, and [`generated_config`]`(&Config, source)` the JSON it writes next to
//!   it (`NAME.config.json`); [`generated_dir`] and [`file_name`] say where;
//! - [`emit`]`(&mut block, top_name)`: the same for any rust-hdl block;
//! - [`finish`]`(verilog, top_name)`: the post-processing all of them use.
//!
//! rust-hdl always names the top module `top`, writes one module per
//! *instance* (`top$a$b`, no sharing: a 14-stage pipeline repeats its round
//! module 14 times per lane) and puts DFF power-on values in `initial`
//! blocks. [`finish`] renames `top`/`top$...` to `name`/`name$...` (so that
//! several emitted blocks can share one Verilator build), merges modules
//! whose text is identical apart from their name, bottom-up until nothing
//! changes, which keeps the files small and Verilator fast, and writes
//! struct-field slice offsets as plain integers (see `plain_field_offsets`).
//! It changes no logic. No clocks or latency here.

use crate::aes_round::AesRound;
use crate::byte_reverse::ByteReverse;
use crate::config::Config;
use crate::ctr_unit::CtrUnit;
use crate::iterative_control::IterativeControl;
use crate::key_expand::KeyExpand;
use crate::key_store::KeyStore;
use crate::keystream_engine::AesEngine;
use crate::keystream_pack::KeystreamPack;
use crate::keystream_xor::KeystreamXor;
use crate::round_core::RoundCore;
use crate::sbox::{SBox, SBoxStyle};
use crate::sbox_rom::SBoxRom;
use crate::sub_bytes::SubBytes;
use crate::top::{AesCtrAccel128, AesCtrAccel256, AesCtrAccel512};
use rust_hdl::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

/// Names accepted by [`block_verilog`], with what they build.
pub const BLOCKS: &[(&str, &str)] = &[
    ("sbox", "SBox: one S-box in the configuration's style (`sbox` field; `rom`: the two-port SBoxRom)"),
    ("sbox_composite", "SBox: one S-box as the composite-field circuit, whatever the configuration says"),
    ("sbox_rom", "SBoxRom: two registered S-box look-ups in one ROM, whatever the configuration says"),
    ("sub_bytes", "SubBytes<128>: 16 S-boxes"),
    ("sub_word", "SubBytes<32>: 4 S-boxes, as the key expansion builds them (combinational)"),
    ("aes_round", "AesRound: one round in three parts"),
    ("key_expand", "KeyExpand"),
    ("key_store", "KeyStore with the configuration's slots and the round core's read ports"),
    ("iterative_control", "IterativeControl for the configuration's interleave"),
    ("round_core", "RoundCore of the configuration"),
    ("ctr_unit", "CtrUnit of the configuration"),
    ("byte_reverse", "ByteReverse"),
    ("keystream_pack", "KeystreamPack of the configuration"),
    ("keystream_xor", "KeystreamXor at the configuration's bus width"),
    ("keystream_engine", "AesEngine of the configuration"),
    ("aes_ctr_accel", "the whole accelerator (top module of SPEC §1) of the configuration"),
];

/// A block that cannot be emitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EmitError(pub String);

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EmitError {}

/// Check, emit and [`finish`] any block.
pub fn emit<B: Block>(block: &mut B, top_name: &str) -> Result<String, EmitError> {
    block.connect_all();
    check_all(block).map_err(|e| EmitError(format!("rust-hdl rejected the design: {e:?}")))?;
    Ok(finish(&generate_verilog_unchecked(block), top_name))
}

/// The Verilog of block `name` (one of [`BLOCKS`]) for `config`, top module named `name`.
pub fn block_verilog(name: &str, config: &Config) -> Result<String, EmitError> {
    config.validate().map_err(|e| EmitError(e.to_string()))?;
    let lanes = config.lanes as usize;
    let stages = config.max_rounds();
    let core = || RoundCore::for_config(config);
    match name {
        "sbox" if config.sbox.is_registered() => emit(&mut SBoxRom::default(), name),
        "sbox" => emit(&mut SBox::new(config.sbox), name),
        "sbox_composite" => emit(&mut SBox::new(SBoxStyle::Composite), name),
        "sbox_rom" => emit(&mut SBoxRom::default(), name),
        "sub_bytes" => emit(&mut SubBytes::<128>::with_style(config.sbox), name),
        "sub_word" => emit(&mut SubBytes::<32>::with_style(config.sbox.combinational()), name),
        "aes_round" => emit(&mut AesRound::with_sbox(config.sbox), name),
        "key_expand" => emit(&mut KeyExpand::with_sbox(config.sbox), name),
        "key_store" => {
            let core = core();
            let (fixed, dynamic) = (core.fixed_key_ports(), core.dynamic_key_ports());
            emit(&mut KeyStore::new(config.engine_key_slots(), stages + 1, fixed, dynamic), name)
        }
        "iterative_control" => emit(&mut IterativeControl::new(config.interleave as usize), name),
        "round_core" => emit(&mut core(), name),
        "ctr_unit" => emit(&mut CtrUnit::new(lanes, config.blocks_per_word()), name),
        "byte_reverse" => emit(&mut ByteReverse::default(), name),
        "keystream_pack" => match config.bus_bits {
            128 => emit(&mut KeystreamPack::<128>::new(lanes), name),
            256 => emit(&mut KeystreamPack::<256>::new(lanes), name),
            _ => emit(&mut KeystreamPack::<512>::new(lanes), name),
        },
        "keystream_xor" => match config.bus_bits {
            128 => emit(&mut KeystreamXor::<128, 16>::new(), name),
            256 => emit(&mut KeystreamXor::<256, 32>::new(), name),
            _ => emit(&mut KeystreamXor::<512, 64>::new(), name),
        },
        "keystream_engine" => match config.bus_bits {
            128 => emit(&mut AesEngine::<128>::new(config), name),
            256 => emit(&mut AesEngine::<256>::new(config), name),
            _ => emit(&mut AesEngine::<512>::new(config), name),
        },
        "aes_ctr_accel" => accelerator_verilog(config),
        _ => Err(EmitError(format!(
            "no block named `{name}`; known blocks: {}",
            BLOCKS.iter().map(|b| b.0).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// One module of an emitted file.
struct Module {
    name: String,
    /// Lines between the header line and `endmodule`.
    header_args: String,
    body: Vec<String>,
}

/// Split rust-hdl output into modules; text outside modules is kept in front.
fn parse(verilog: &str) -> (Vec<String>, Vec<Module>) {
    let mut preamble = Vec::new();
    let mut modules = Vec::new();
    let mut current: Option<Module> = None;
    for line in verilog.lines() {
        let trimmed = line.trim();
        if current.is_none() {
            if let Some(rest) = trimmed.strip_prefix("module ") {
                if let Some(open) = rest.find('(') {
                    current = Some(Module {
                        name: rest[..open].trim().to_string(),
                        header_args: rest[open..].to_string(),
                        body: Vec::new(),
                    });
                    continue;
                }
            }
            preamble.push(line.to_string());
        } else if trimmed.starts_with("endmodule") {
            modules.push(current.take().unwrap());
        } else {
            current.as_mut().unwrap().body.push(line.to_string());
        }
    }
    (preamble, modules)
}

/// If `line` instantiates a module (`KIND NAME(`), the kind.
fn instantiated_kind(line: &str) -> Option<&str> {
    let trimmed = line.trim();
    let rest = trimmed.strip_suffix('(')?;
    let mut parts = rest.split(' ');
    let kind = parts.next()?;
    let instance = parts.next()?;
    if parts.next().is_some() || kind.is_empty() || instance.is_empty() {
        return None;
    }
    Some(kind)
}

/// Rename the top module to `top_name`, merge identical modules.
pub fn finish(verilog: &str, top_name: &str) -> String {
    let (preamble, modules) = parse(verilog);
    let rename = |n: &str| -> String {
        if n == "top" {
            top_name.to_string()
        } else if let Some(rest) = n.strip_prefix("top$") {
            format!("{top_name}${rest}")
        } else {
            n.to_string()
        }
    };
    let mut modules: BTreeMap<String, Module> = modules
        .into_iter()
        .map(|mut m| {
            m.name = rename(&m.name);
            (m.name.clone(), m)
        })
        .collect();
    let names: Vec<String> = modules.keys().cloned().collect();
    for m in modules.values_mut() {
        for line in m.body.iter_mut() {
            if let Some(kind) = instantiated_kind(line) {
                if names.iter().any(|n| rename(kind) == *n) && kind != rename(kind) {
                    *line = line.replacen(kind, &rename(kind), 1);
                }
            }
        }
    }
    // Merge modules with identical text until nothing changes.
    loop {
        let mut by_text: HashMap<String, String> = HashMap::new();
        let mut replace: HashMap<String, String> = HashMap::new();
        // Shorter names first so that the representative is the shallowest instance.
        let mut order: Vec<&String> = modules.keys().collect();
        order.sort_by_key(|n| (n.len(), (*n).clone()));
        for name in order {
            if name == top_name {
                continue;
            }
            let m = &modules[name];
            let text = format!("{}\n{}", m.header_args, m.body.join("\n"));
            match by_text.get(&text) {
                Some(rep) => {
                    replace.insert(name.clone(), rep.clone());
                }
                None => {
                    by_text.insert(text, name.clone());
                }
            }
        }
        if replace.is_empty() {
            break;
        }
        for gone in replace.keys() {
            modules.remove(gone);
        }
        for m in modules.values_mut() {
            for line in m.body.iter_mut() {
                if let Some(kind) = instantiated_kind(line) {
                    if let Some(rep) = replace.get(kind) {
                        *line = line.replacen(kind, rep, 1);
                    }
                }
            }
        }
    }
    let mut out = String::new();
    out += &format!("// Generated by aes-ctr-hdl (rust-hdl 0.46); top module `{top_name}`.\n");
    for line in preamble {
        if !line.trim().is_empty() {
            out += &line;
            out += "\n";
        }
    }
    // Top module first, then the rest in name order.
    let mut names: Vec<&String> = modules.keys().collect();
    names.sort_by_key(|n| (*n != top_name, (*n).clone()));
    for name in names {
        let m = &modules[name];
        out += &format!("\nmodule {}{}\n", m.name, m.header_args);
        for line in &m.body {
            out += line;
            out += "\n";
        }
        out += &format!("endmodule // {}\n", m.name);
    }
    plain_field_offsets(&out)
}

/// Emit the accelerator of `config` as one Verilog file whose top module is `aes_ctr_accel`
/// (identical per-instance modules merged; no banner: [`generated_file`] adds it).
pub fn accelerator_verilog(config: &Config) -> Result<String, EmitError> {
    config.validate().map_err(|e| EmitError(e.to_string()))?;
    match config.bus_bits {
        128 => emit(&mut AesCtrAccel128::new(config), spec::TOP_MODULE),
        256 => emit(&mut AesCtrAccel256::new(config), spec::TOP_MODULE),
        512 => emit(&mut AesCtrAccel512::new(config), spec::TOP_MODULE),
        other => Err(EmitError(format!("bus_bits {other} has no accelerator type"))),
    }
}

/// rust-hdl emits the constant bit offset of a struct-field slice (`x.field`) as a 64-bit sized
/// literal, `x[(64'h30)+:(8)]`, which `verilator -Wall` reports as an index wider than the vector
/// needs. The offset is a constant either way; this writes it as a plain integer, `x[(48)+:(8)]`.
/// Nothing else is touched (the pattern is exactly `[(64'h<hex digits>)+:(`).
fn plain_field_offsets(verilog: &str) -> String {
    const OPEN: &str = "[(64'h";
    let mut out = String::with_capacity(verilog.len());
    let mut rest = verilog;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        let digits = after.chars().take_while(|c| c.is_ascii_hexdigit()).count();
        let value = u64::from_str_radix(&after[..digits], 16).ok().filter(|v| *v < (1 << 31));
        match value {
            Some(v) if digits > 0 && after[digits..].starts_with(")+:(") => {
                out.push_str(&rest[..at]);
                out.push_str(&format!("[({v}"));
                rest = &after[digits..];
            }
            _ => {
                out.push_str(&rest[..at + OPEN.len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where the checked-in default design lives: `hdl/generated/`.
pub fn generated_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("generated")
}

/// The whole generated file for `config`: a banner (generator, configuration and where it came
/// from) followed by [`accelerator_verilog`]. `source` names the configuration's origin.
pub fn generated_file(config: &Config, source: &str) -> Result<String, EmitError> {
    let verilog = accelerator_verilog(config)?;
    let yaml = serde_yaml::to_string(config).map_err(|e| EmitError(e.to_string()))?;
    let mut banner = String::new();
    banner += &format!(
        "// {top}.v - AES-CTR stream accelerator ({name}).\n\
         // Generated by `gen-verilog` ({versions}) from {source}; do not edit.\n\
         // CAPS = 0x{caps:08x}. Configuration:\n",
        top = spec::TOP_MODULE,
        name = config.short_name(),
        versions = versions(),
        caps = config.caps(),
    );
    for line in yaml.lines() {
        banner += &format!("//   {line}\n");
    }
    Ok(banner + &verilog)
}

/// The generator's version and rust-hdl's, as the banner and the configuration file name them.
fn versions() -> String {
    format!("aes-ctr-hdl {}, rust-hdl 0.46", env!("CARGO_PKG_VERSION"))
}

/// The configuration file `gen-verilog` writes next to [`generated_file`]'s Verilog
/// (`accel_config::generated_config_path`): the resolved `config` and its derived facts as JSON,
/// which tools given only the Verilog read (`Config::next_to_verilog`). `source` as for
/// [`generated_file`].
pub fn generated_config(config: &Config, source: &str) -> Result<String, EmitError> {
    config.validate().map_err(|e| EmitError(e.to_string()))?;
    Ok(config.generated_json(&format!("gen-verilog ({})", versions()), source))
}

/// The name of the file holding the design whose top module is `top_module`: `top_module.v`.
pub fn file_name(top_module: &str) -> String {
    format!("{top_module}.v")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_block_lists_known_blocks() {
        let e = block_verilog("sbox2", &Config::default()).unwrap_err().0;
        assert!(e.contains("sbox2") && e.contains("keystream_engine"), "{e}");
    }

    #[test]
    fn finish_renames_top_and_merges_identical_modules() {
        let raw =
            "\n\nmodule top(a,y);\n    top$k$0 k$0(\n    .a(a));\n    top$k$1 k$1(\n    .a(a));\nendmodule // top\n\n\
                   module top$k$0(a);\n    input wire a;\nendmodule // top$k$0\n\n\
                   module top$k$1(a);\n    input wire a;\nendmodule // top$k$1\n";
        let out = finish(raw, "blk");
        assert!(out.contains("module blk(a,y);"), "{out}");
        assert!(out.contains("module blk$k$0(a);"), "{out}");
        assert!(!out.contains("module blk$k$1"), "{out}");
        assert_eq!(out.matches("blk$k$0 k$1(").count(), 1, "{out}");
        assert!(!out.contains("top$") && !out.contains("module top"), "{out}");
    }
}
