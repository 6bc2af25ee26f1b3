//! nextpnr-ecp5 place and route: the device, the command line, and the
//! parsers of its JSON report (`--report`) and its log.
//!
//! API: [`Device`] ([`Device::LFE5U_85F_CABGA756_6`] is the flow's target),
//! [`pnr_args`], [`parse_report`] -> [`PnrReport`] (achieved Fmax of the
//! clock, its constraint, the critical path's end cells, the utilisation of
//! the whole placed harness+design), [`parse_log_fmax`] (the last
//! "Max frequency for clock" line, i.e. the post-route figure).
//!
//! The clock net is found by name: nextpnr renames the clock port `clk` to
//! nets like `$glbnet$clk$TRELLIS_IO_IN`, so a clock matches when one of its
//! `$`-separated parts equals the port name.

use crate::error::FlowError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::Path;

/// An ECP5 device as nextpnr-ecp5 names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Device {
    /// Part name for humans.
    pub part: &'static str,
    /// nextpnr-ecp5's device flag.
    pub flag: &'static str,
    pub package: &'static str,
    /// Speed grade: 6 (slowest), 7 or 8.
    pub speed: u8,
}

impl Device {
    /// LFE5U-85F, the largest ECP5 without SERDES, in the 756-ball package, slowest speed grade (-6):
    /// the conservative target of every estimate.
    pub const LFE5U_85F_CABGA756_6: Device =
        Device { part: "LFE5U-85F-6BG756C", flag: "--85k", package: "CABGA756", speed: 6 };
}

/// nextpnr-ecp5 arguments: device, design JSON, LPF constraints, JSON report, seed. The log is
/// what the program prints (the flow captures it).
///
/// `--lpf-allow-unconstrained`: the harness's 3 pins are placed by the tool (no board).
/// `--timing-allow-fail`: a design that misses the constraint still reports its achieved Fmax.
pub fn pnr_args(device: &Device, json: &Path, lpf: &Path, report: &Path, seed: u64) -> Vec<OsString> {
    vec![
        device.flag.into(),
        "--package".into(),
        device.package.into(),
        "--speed".into(),
        device.speed.to_string().into(),
        "--json".into(),
        json.into(),
        "--lpf".into(),
        lpf.into(),
        "--lpf-allow-unconstrained".into(),
        "--timing-allow-fail".into(),
        "--seed".into(),
        seed.to_string().into(),
        "--report".into(),
        report.into(),
    ]
}

/// Used and available count of one resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    pub used: u64,
    pub available: u64,
}

/// The figures of one place-and-route run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PnrReport {
    /// The clock net the figures belong to.
    pub clock_net: String,
    /// Achieved maximum frequency (post-route), MHz.
    pub fmax_mhz: f64,
    /// The constraint nextpnr worked to, MHz.
    pub constraint_mhz: f64,
    /// First and last cell of the critical register-to-register path, when reported.
    pub critical_from: Option<String>,
    pub critical_to: Option<String>,
    /// Cells with logic delay on that path (LUTs, muxes, carries).
    pub critical_logic_cells: Option<usize>,
    /// Resources used (count > 0) by the whole placed design (harness included), by nextpnr's bel type.
    pub utilisation: BTreeMap<String, Resource>,
}

impl PnrReport {
    /// `true` when the achieved Fmax meets the constraint.
    pub fn meets_constraint(&self) -> bool {
        self.fmax_mhz >= self.constraint_mhz
    }
}

/// `true` when nextpnr's clock net name `net` belongs to clock port `clock`.
pub fn clock_matches(net: &str, clock: &str) -> bool {
    net == clock || net.split('$').any(|part| part == clock)
}

/// Parse nextpnr's `--report` JSON for clock port `clock`.
pub fn parse_report(text: &str, clock: &str) -> Result<PnrReport, FlowError> {
    let error = |message: String| FlowError::Parse { what: "nextpnr report".into(), message };
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| error(format!("not JSON: {e}")))?;
    let fmax = value.get("fmax").and_then(|f| f.as_object()).ok_or_else(|| error("no \"fmax\" object".into()))?;
    if fmax.is_empty() {
        return Err(FlowError::Parse {
            what: "nextpnr report".into(),
            message: format!("no clock has a register-to-register path (is `{clock}` the clock of the design?)"),
        });
    }
    let matching: Vec<(&String, &serde_json::Value)> =
        fmax.iter().filter(|(net, _)| clock_matches(net, clock)).collect();
    let (net, figures) = match matching.as_slice() {
        [one] => *one,
        [] => {
            let nets: Vec<&str> = fmax.keys().map(String::as_str).collect();
            return Err(error(format!("no clock net for port `{clock}` among {}", nets.join(", "))));
        }
        _ => {
            let nets: Vec<&str> = matching.iter().map(|(n, _)| n.as_str()).collect();
            return Err(error(format!("several clock nets match `{clock}`: {}", nets.join(", "))));
        }
    };
    let number = |key: &str| {
        figures.get(key).and_then(|v| v.as_f64()).ok_or_else(|| error(format!("clock {net} has no numeric \"{key}\"")))
    };
    let fmax_mhz = number("achieved")?;
    let constraint_mhz = number("constraint")?;

    let mut critical_from = None;
    let mut critical_to = None;
    let mut critical_logic_cells = None;
    if let Some(paths) = value.get("critical_paths").and_then(|p| p.as_array()) {
        let own = format!("posedge {net}");
        let path = paths.iter().find(|p| {
            p.get("from").and_then(|v| v.as_str()) == Some(own.as_str())
                && p.get("to").and_then(|v| v.as_str()) == Some(own.as_str())
        });
        if let Some(steps) = path.and_then(|p| p.get("path")).and_then(|p| p.as_array()) {
            let cell = |step: Option<&serde_json::Value>, end: &str| {
                step.and_then(|s| s.get(end)).and_then(|e| e.get("cell")).and_then(|c| c.as_str()).map(str::to_string)
            };
            critical_from = cell(steps.first(), "from");
            critical_to = cell(steps.last(), "to");
            critical_logic_cells =
                Some(steps.iter().filter(|s| s.get("type").and_then(|t| t.as_str()) == Some("logic")).count());
        }
    }

    let mut utilisation = BTreeMap::new();
    if let Some(resources) = value.get("utilization").and_then(|u| u.as_object()) {
        for (bel, figures) in resources {
            let used = figures.get("used").and_then(|v| v.as_u64());
            let available = figures.get("available").and_then(|v| v.as_u64());
            if let (Some(used @ 1..), Some(available)) = (used, available) {
                utilisation.insert(bel.clone(), Resource { used, available });
            }
        }
    }
    Ok(PnrReport {
        clock_net: net.clone(),
        fmax_mhz,
        constraint_mhz,
        critical_from,
        critical_to,
        critical_logic_cells,
        utilisation,
    })
}

/// The last "Max frequency for clock 'NET': F MHz (PASS|FAIL at C MHz)" line of a nextpnr log for
/// clock port `clock`: (net, achieved MHz, constraint MHz). nextpnr prints it after placement and
/// again after routing; the last one is the routed figure.
pub fn parse_log_fmax(log: &str, clock: &str) -> Option<(String, f64, f64)> {
    let mut found = None;
    for line in log.lines() {
        let Some(rest) = line.split("Max frequency for clock '").nth(1) else { continue };
        let Some((net, rest)) = rest.split_once("': ") else { continue };
        if !clock_matches(net, clock) {
            continue;
        }
        let achieved = rest.split_whitespace().next().and_then(|v| v.parse::<f64>().ok());
        let constraint =
            rest.split(" at ").nth(1).and_then(|v| v.split_whitespace().next()).and_then(|v| v.parse::<f64>().ok());
        if let (Some(achieved), Some(constraint)) = (achieved, constraint) {
            found = Some((net.to_string(), achieved, constraint));
        }
    }
    found
}
