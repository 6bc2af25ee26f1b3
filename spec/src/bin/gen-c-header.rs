//! Writes the C register header (`sw/include/aes_ctr_accel_regs.h`) from the spec crate.
//!
//! `gen-c-header [--out FILE] [--check]`: without `--out` the checked-in header of this
//! repository; `--check` compares instead of writing and exits 1 when the file differs.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(spec::c_header::HEADER_PATH);
    let mut check = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => match args.next() {
                Some(path) => out = PathBuf::from(path),
                None => {
                    eprintln!("error: --out needs a file name");
                    return ExitCode::from(2);
                }
            },
            "--check" => check = true,
            "-h" | "--help" => {
                println!("usage: gen-c-header [--out FILE] [--check]");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("error: unknown argument {other:?} (usage: gen-c-header [--out FILE] [--check])");
                return ExitCode::from(2);
            }
        }
    }
    let text = spec::c_header::header();
    if check {
        return match std::fs::read_to_string(&out) {
            Ok(old) if old == text => ExitCode::SUCCESS,
            Ok(_) => {
                eprintln!(
                    "{} differs from the spec crate: run `cargo run -p aes-ctr-spec --bin gen-c-header`",
                    out.display()
                );
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("cannot read {}: {e}", out.display());
                ExitCode::FAILURE
            }
        };
    }
    if let Some(dir) = out.parent() {
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("cannot create {}: {e}", dir.display());
            return ExitCode::FAILURE;
        }
    }
    match std::fs::write(&out, text) {
        Ok(()) => {
            println!("wrote {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
