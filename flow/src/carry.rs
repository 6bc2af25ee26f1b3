//! Rows of an earlier configurations table carried into a new one.
//!
//! Place and route of one unrolled configuration takes an hour or more, so a
//! run of `estimate` over some configurations should not drop the rows of the
//! shipped configurations it did not run. Before it rewrites the
//! `configurations` section of `docs/estimates.md`, `estimate` reads the
//! section's table and keeps, verbatim, the row of every shipped
//! configuration it did not measure this time, with the line that says which
//! run produced it:
//!
//! ```text
//! Generated 2026-12-02 by `estimate --config configs/wide.yaml`: Yosys ...; placement seed 1.
//! Rows carried over unchanged [default, small]: generated 2026-11-22 by `estimate ...`: Yosys ...
//!
//! | design | LUT4 | ... |
//! ```
//!
//! A row is carried only when the earlier table has the same columns; rows of
//! designs that are not shipped configurations are dropped. The carried rows'
//! LUT4 and Gbit/s are read back from their cells for the plot.
//!
//! API: [`carried_rows`] -> [`CarriedRow`], [`provenance_lines`], [`merge_rows`].

use crate::markdown::row_cells;
use crate::report::{GENERATED_PREFIX, LUT4_COLUMN};
use serde::Serialize;

/// Start of the line naming the carried rows and their run.
pub const CARRIED_PREFIX: &str = "Rows carried over unchanged [";
/// Between the names and the run in a carried-rows line.
const CARRIED_SEPARATOR: &str = "]: generated ";

/// One row of an earlier table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CarriedRow {
    /// Design name (the bold markers removed).
    pub name: String,
    /// The row's Markdown line, verbatim (no line break).
    #[serde(rename = "row")]
    pub line: String,
    /// The row's cells, unescaped.
    #[serde(skip)]
    pub cells: Vec<String>,
    /// The run that produced it: `<date> by `<command>`: <tools ...>`.
    pub provenance: String,
}

impl CarriedRow {
    fn cell(&self, headers: &[&str], column: &str) -> Option<&str> {
        let index = headers.iter().position(|h| *h == column)?;
        self.cells.get(index).map(String::as_str)
    }

    /// The LUT4 count (`57794 (69%)` gives 57794), when the row has one.
    pub fn luts(&self, headers: &[&str]) -> Option<u64> {
        self.cell(headers, LUT4_COLUMN)?.split_whitespace().next()?.parse().ok()
    }

    /// A numeric cell (`n/a` and `≥ ` prefixes give `None`).
    pub fn number(&self, headers: &[&str], column: &str) -> Option<f64> {
        self.cell(headers, column)?.trim().parse::<f64>().ok().filter(|v| v.is_finite())
    }
}

/// The shipped-configuration rows (bold names) of a generated section, each with the run that
/// produced it. `headers` are the current table's columns: an earlier table with other columns
/// gives an error (its rows would not fit), as does a section without a `Generated` line.
pub fn carried_rows(section: &str, headers: &[&str]) -> Result<Vec<CarriedRow>, String> {
    let mut own_run = None;
    let mut carried_runs: Vec<(Vec<String>, String)> = Vec::new();
    let mut table_lines = Vec::new();
    for line in section.lines() {
        if let Some(rest) = line.strip_prefix(CARRIED_PREFIX) {
            let (names, provenance) =
                rest.split_once(CARRIED_SEPARATOR).ok_or_else(|| format!("malformed carried-rows line `{line}`"))?;
            let names = names.split(", ").map(str::to_string).collect();
            carried_runs.push((names, provenance.to_string()));
        } else if let Some(rest) = line.strip_prefix(GENERATED_PREFIX) {
            own_run.get_or_insert_with(|| rest.to_string());
        } else if line.trim_start().starts_with('|') {
            table_lines.push(line);
        }
    }
    let own_run = own_run.ok_or("no `Generated ...` line: the section was not written by estimate")?;
    let Some((head, rest)) = table_lines.split_first() else {
        return Err("no table".to_string());
    };
    let found: Vec<String> = row_cells(head).unwrap_or_default();
    if found.iter().map(String::as_str).ne(headers.iter().copied()) {
        return Err(format!("the table's columns differ from this version's ({})", found.join(", ")));
    }
    let mut rows = Vec::new();
    // The first line after the header is the alignment rule.
    for line in rest.iter().skip(1) {
        let Some(cells) = row_cells(line) else { continue };
        let Some(name) = cells.first().and_then(|c| c.strip_prefix("**")).and_then(|c| c.strip_suffix("**")) else {
            continue;
        };
        let provenance = carried_runs
            .iter()
            .find(|(names, _)| names.iter().any(|n| n == name))
            .map_or_else(|| own_run.clone(), |(_, p)| p.clone());
        rows.push(CarriedRow { name: name.to_string(), line: line.trim().to_string(), cells, provenance });
    }
    Ok(rows)
}

/// One line per run of the carried rows (in the rows' order), each naming its rows.
pub fn provenance_lines(rows: &[CarriedRow]) -> String {
    let mut runs: Vec<(Vec<&str>, &str)> = Vec::new();
    for row in rows {
        match runs.iter_mut().find(|(_, p)| *p == row.provenance) {
            Some((names, _)) => names.push(&row.name),
            None => runs.push((vec![&row.name], &row.provenance)),
        }
    }
    runs.iter().map(|(names, p)| format!("{CARRIED_PREFIX}{}{CARRIED_SEPARATOR}{p}\n", names.join(", "))).collect()
}

/// `table` (header, rule, then one row per name of `names`, as [`crate::report::estimates_table`]
/// writes it) with the carried rows added, every row placed by its name's position in `order`
/// (names not in `order` last, in their given order).
pub fn merge_rows(table: &str, names: &[String], carried: &[CarriedRow], order: &[String]) -> String {
    let lines: Vec<&str> = table.lines().collect();
    if lines.len() < 2 {
        return table.to_string();
    }
    let mut rows: Vec<(&str, &str)> = names.iter().map(String::as_str).zip(lines[2..].iter().copied()).collect();
    rows.extend(carried.iter().map(|r| (r.name.as_str(), r.line.as_str())));
    let rank = |name: &str| order.iter().position(|o| o == name).unwrap_or(usize::MAX);
    rows.sort_by_key(|(name, _)| rank(name));
    let mut out = format!("{}\n{}\n", lines[0], lines[1]);
    for (_, line) in rows {
        out += line;
        out.push('\n');
    }
    out
}
