//! Every block of every shipped configuration emits Verilog that
//! `verilator --lint-only -Wall` accepts with only the waivers of
//! `hdl/lint/waivers.vlt` (each waiver states its reason there).
//!
//! Files are written to `$CARGO_TARGET_TMPDIR/lint/<config>/<block>.v` for
//! inspection. Needs `verilator` on PATH (Verilator 5.006 is the project's).

mod common;

use common::for_every_block;

use hdl::emit::block_verilog;
use std::path::{Path, PathBuf};
use std::process::Command;

fn lint(file: &Path, top: &str) -> Result<(), String> {
    let waivers = Path::new(env!("CARGO_MANIFEST_DIR")).join("lint/waivers.vlt");
    let output = Command::new("verilator")
        .arg("--lint-only")
        .arg("-Wall")
        .arg("--top-module")
        .arg(top)
        .arg(&waivers)
        .arg(file)
        .output()
        .map_err(|e| format!("cannot run verilator: {e}"))?;
    if output.status.success() && output.stderr.is_empty() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

fn out_dir(config: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("lint").join(config);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_block_of_every_config_lints_clean() {
    let (jobs, failures) = for_every_block(|config_name, config, block| {
        let verilog = block_verilog(block, config).unwrap_or_else(|e| panic!("{config_name}/{block}: {e}"));
        let file = out_dir(config_name).join(hdl::emit::file_name(block));
        std::fs::write(&file, verilog).unwrap();
        lint(&file, block).err().map(|message| {
            // The first findings of each file are enough to act on.
            let head: Vec<&str> = message.lines().filter(|l| l.starts_with('%')).take(12).collect();
            format!("== {config_name}/{block} ({})\n{}", file.display(), head.join("\n"))
        })
    });
    assert!(failures.is_empty(), "{} of {} files have lint findings:\n{}", failures.len(), jobs, failures.join("\n"));
}
