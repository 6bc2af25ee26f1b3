//! The flow's one error type. Every failure a user can cause or meet (a tool
//! not installed, a tool that fails, an output that cannot be parsed, a design
//! with latches, a design that does not fit the device) is a [`FlowError`]
//! whose `Display` says what happened and what to do; nothing in the flow
//! panics on bad input.

use std::fmt;
use std::path::PathBuf;

/// What went wrong, with enough context to act on it.
#[derive(Debug)]
pub enum FlowError {
    /// A program of the project's Python venv is missing.
    ToolMissing { tool: String, searched: PathBuf },
    /// A file or directory could not be read, written or created, or a program could not be started.
    Io { path: PathBuf, action: &'static str, source: std::io::Error },
    /// A tool ran and exited with an error.
    ToolFailed {
        step: String,
        status: String,
        /// The first `ERROR:` line of the log, when the tool printed one.
        error_line: Option<String>,
        log: PathBuf,
        tail: String,
    },
    /// A tool's output did not have the expected shape.
    Parse { what: String, message: String },
    /// The design infers latches (listed), which the flow refuses to implement.
    Latches { top: String, latches: Vec<String> },
    /// Bad input from the command line or a file.
    Input(String),
    /// Something the flow needs does not exist yet (e.g. the simulator's benchmark).
    Unavailable(String),
}

impl FlowError {
    /// A short one-line summary for tables (no log tail).
    pub fn summary(&self) -> String {
        match self {
            FlowError::ToolFailed { step, error_line: Some(line), .. } => format!("{step} failed: {line}"),
            FlowError::ToolFailed { step, status, .. } => format!("{step} failed ({status})"),
            FlowError::Latches { latches, .. } => format!("{} latch(es): {}", latches.len(), latches.join(", ")),
            other => other.to_string(),
        }
    }
}

impl fmt::Display for FlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FlowError::ToolMissing { tool, searched } => write!(
                f,
                "{tool} not found (looked for {}); run `bash scripts/setup.sh` to install the project's tools \
                 into .venv, or set {} to a venv that has them",
                searched.display(),
                crate::tools::VENV_ENV
            ),
            FlowError::Io { path, action, source } => write!(f, "cannot {action} {}: {source}", path.display()),
            FlowError::ToolFailed { step, status, error_line, log, tail } => {
                write!(f, "{step} failed ({status})")?;
                if let Some(line) = error_line {
                    write!(f, ": {line}")?;
                }
                write!(f, "\nlast lines of {}:\n{tail}", log.display())
            }
            FlowError::Parse { what, message } => write!(f, "cannot parse {what}: {message}"),
            FlowError::Latches { top, latches } => write!(
                f,
                "{top} infers {} latch(es), which the flow does not implement: {}",
                latches.len(),
                latches.join(", ")
            ),
            FlowError::Input(message) => write!(f, "{message}"),
            FlowError::Unavailable(message) => write!(f, "not available: {message}"),
        }
    }
}

impl std::error::Error for FlowError {}

/// Shorthand for an [`FlowError::Io`] error.
pub fn io_error(path: impl Into<PathBuf>, action: &'static str, source: std::io::Error) -> FlowError {
    FlowError::Io { path: path.into(), action, source }
}

/// Read a text file, with a [`FlowError::Io`] naming it on failure.
pub fn read_text(path: impl Into<PathBuf>) -> Result<String, FlowError> {
    let path = path.into();
    std::fs::read_to_string(&path).map_err(|e| io_error(path, "read", e))
}

/// Write a text file (creating its directory), with a [`FlowError::Io`] naming it on failure.
pub fn write_text(path: impl Into<PathBuf>, text: &str) -> Result<(), FlowError> {
    let path = path.into();
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "create directory", e))?;
    }
    std::fs::write(&path, text).map_err(|e| io_error(path, "write", e))
}
