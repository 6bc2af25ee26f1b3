//! Running one tool as a flow step: its stdout and stderr go to a log file,
//! a progress line goes to stderr when it starts, every [`heartbeat_interval`] while it
//! runs and when it ends (with the elapsed time), and a failure becomes a
//! [`FlowError::ToolFailed`] carrying the first `ERROR:` line and the tail of
//! the log.
//!
//! API: [`run_step`], [`run_step_split`], [`log_tail`], [`first_error_line`], [`format_seconds`].

use crate::error::{io_error, FlowError};
use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Lines of the log shown when a step fails.
pub const TAIL_LINES: usize = 30;
/// Interval between "still running" lines after `elapsed`: 30 s for the first 5 minutes, then
/// 1 minute up to half an hour, then 5 minutes (long place-and-route runs stay readable).
pub fn heartbeat_interval(elapsed: Duration) -> Duration {
    match elapsed.as_secs() {
        0..300 => Duration::from_secs(30),
        300..1800 => Duration::from_secs(60),
        _ => Duration::from_secs(300),
    }
}

/// Run `command` as step `step`, its stdout and stderr into `log`. Returns the elapsed time.
pub fn run_step(step: &str, command: &mut Command, log: &Path) -> Result<Duration, FlowError> {
    run_step_split(step, command, None, log)
}

/// Like [`run_step`], with stdout into its own file `stdout` when given (stderr still into `log`).
pub fn run_step_split(
    step: &str,
    command: &mut Command,
    stdout: Option<&Path>,
    log: &Path,
) -> Result<Duration, FlowError> {
    for path in stdout.into_iter().chain(std::iter::once(log)) {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| io_error(dir, "create directory", e))?;
        }
    }
    let file = File::create(log).map_err(|e| io_error(log, "create log file", e))?;
    let out = match stdout {
        Some(path) => File::create(path).map_err(|e| io_error(path, "create output file", e))?,
        None => file.try_clone().map_err(|e| io_error(log, "open log file", e))?,
    };
    command.stdin(Stdio::null()).stdout(Stdio::from(out)).stderr(Stdio::from(file));
    let program = command.get_program().to_string_lossy().into_owned();
    eprintln!("  {step} ...");
    let start = Instant::now();
    let mut child = command.spawn().map_err(|e| io_error(program.clone(), "start program", e))?;
    let mut next_heartbeat = heartbeat_interval(Duration::ZERO);
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) => {
                if start.elapsed() >= next_heartbeat {
                    eprintln!("  {step}: still running, {}", format_seconds(start.elapsed()));
                    next_heartbeat += heartbeat_interval(next_heartbeat);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(e) => return Err(io_error(program, "wait for program", e)),
        }
    };
    let elapsed = start.elapsed();
    if status.success() {
        eprintln!("  {step}: done in {}", format_seconds(elapsed));
        Ok(elapsed)
    } else {
        eprintln!("  {step}: FAILED after {} ({status})", format_seconds(elapsed));
        let text = std::fs::read_to_string(log).unwrap_or_default();
        Err(FlowError::ToolFailed {
            step: step.to_string(),
            status: status.to_string(),
            error_line: first_error_line(&text),
            log: log.to_path_buf(),
            tail: log_tail(&text, TAIL_LINES),
        })
    }
}

/// The last `lines` lines of `text`.
pub fn log_tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// The line that best says why a tool failed: the first holding `ERROR:` (yosys, nextpnr), else
/// the first starting with `error` (cargo, rustc, our own programs), else the last non-empty line.
pub fn first_error_line(text: &str) -> Option<String> {
    text.lines()
        .find(|line| line.contains("ERROR:"))
        .or_else(|| text.lines().find(|line| line.trim_start().starts_with("error")))
        .or_else(|| text.lines().rev().find(|line| !line.trim().is_empty()))
        .map(|line| line.trim().to_string())
}

/// `12.3 s`, or `4 min 05 s` from one minute on.
pub fn format_seconds(elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64();
    if seconds < 60.0 {
        format!("{seconds:.1} s")
    } else {
        let whole = seconds.round() as u64;
        format!("{} min {:02} s", whole / 60, whole % 60)
    }
}
