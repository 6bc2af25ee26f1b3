//! Verilator coverage of the emitted RTL: read `coverage.dat` files (Verilator's
//! `SystemC::Coverage-3` format, written by [`crate::verilator::Model::write_coverage`]), merge them,
//! and summarise per module.
//!
//! Each point of the file is one line `C '<fields>' <count>`; the fields are `\x01key\x02value` pairs:
//! `f` file, `l` line, `page` (`v_line/<module>`, `v_branch/<module>`, `v_toggle/<module>`), `o` the
//! point's comment (`block`, `if`, `else`, `case`, or the toggled signal bit), `h` the instance. Line
//! coverage here is what `verilator_coverage` calls line coverage: the `v_line` and `v_branch` points
//! (every statement block and both arms of every `if`/`case`); toggle coverage the `v_toggle` points
//! (each bit of each signal up to the build's `--coverage-max-width`). A point is hit when its count
//! is not zero.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// What a point measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A statement block or a branch arm (`v_line`, `v_branch`).
    Line,
    /// One bit of a signal changing value (`v_toggle`).
    Toggle,
}

/// One coverage point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Point {
    pub kind: Kind,
    /// The module (rust-hdl emits one module per instance, so this names the instance too).
    pub module: String,
    pub file: String,
    pub line: u32,
    /// `block`, `if`, `else`, `case`… or the signal bit of a toggle point.
    pub comment: String,
    pub count: u64,
}

/// Points of one or more merged runs, keyed by their field text.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    points: BTreeMap<String, Point>,
}

/// Hit and total points of one kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub hit: usize,
    pub total: usize,
}

impl Tally {
    /// Percentage hit (100 for an empty tally).
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            100.0 * self.hit as f64 / self.total as f64
        }
    }

    fn add(&mut self, hit: bool) {
        self.total += 1;
        self.hit += usize::from(hit);
    }
}

/// Line and toggle tallies of one module.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ModuleTally {
    pub line: Tally,
    pub toggle: Tally,
}

impl Coverage {
    /// Parse the text of a `coverage.dat` file.
    pub fn parse(text: &str) -> Result<Coverage, String> {
        let mut coverage = Coverage::default();
        coverage.merge_text(text)?;
        Ok(coverage)
    }

    /// Read and parse a `coverage.dat` file.
    pub fn read(path: &Path) -> Result<Coverage, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))?;
        Coverage::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Add the counts of another file's text (points with the same fields are summed).
    pub fn merge_text(&mut self, text: &str) -> Result<(), String> {
        for (number, line) in text.lines().enumerate() {
            let line = line.trim_end();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || format!("line {}: not a coverage point: {line:?}", number + 1);
            let rest = line.strip_prefix("C '").ok_or_else(bad)?;
            let close = rest.rfind('\'').ok_or_else(bad)?;
            let (fields, count) = (&rest[..close], rest[close + 1..].trim());
            let count: u64 = count.parse().map_err(|_| bad())?;
            let mut map = BTreeMap::new();
            for pair in fields.split('\u{1}').filter(|p| !p.is_empty()) {
                let (key, value) = pair.split_once('\u{2}').ok_or_else(bad)?;
                map.insert(key, value);
            }
            let page = map.get("page").ok_or_else(bad)?;
            let (kind, module) = match page.split_once('/') {
                Some(("v_line" | "v_branch", module)) => (Kind::Line, module),
                Some(("v_toggle", module)) => (Kind::Toggle, module),
                _ => continue, // other kinds (user, expression) are not reported
            };
            let point = Point {
                kind,
                module: module.to_string(),
                file: map.get("f").unwrap_or(&"").to_string(),
                line: map.get("l").and_then(|l| l.parse().ok()).unwrap_or(0),
                comment: map.get("o").unwrap_or(&"").to_string(),
                count,
            };
            self.points
                .entry(fields.to_string())
                .and_modify(|p| p.count = p.count.saturating_add(count))
                .or_insert(point);
        }
        Ok(())
    }

    /// Every point, in a stable order.
    pub fn points(&self) -> impl Iterator<Item = &Point> {
        self.points.values()
    }

    /// Tallies per module, by module name.
    pub fn by_module(&self) -> BTreeMap<&str, ModuleTally> {
        let mut modules: BTreeMap<&str, ModuleTally> = BTreeMap::new();
        for p in self.points.values() {
            let t = modules.entry(p.module.as_str()).or_default();
            match p.kind {
                Kind::Line => t.line.add(p.count > 0),
                Kind::Toggle => t.toggle.add(p.count > 0),
            }
        }
        modules
    }

    /// Tallies over every module.
    pub fn total(&self) -> ModuleTally {
        let mut t = ModuleTally::default();
        for m in self.by_module().values() {
            t.line.hit += m.line.hit;
            t.line.total += m.line.total;
            t.toggle.hit += m.toggle.hit;
            t.toggle.total += m.toggle.total;
        }
        t
    }

    /// Points never hit, of one kind, sorted by module and line.
    pub fn unhit(&self, kind: Kind) -> Vec<&Point> {
        let mut v: Vec<&Point> = self.points.values().filter(|p| p.kind == kind && p.count == 0).collect();
        v.sort_by(|a, b| (&a.module, a.line, &a.comment).cmp(&(&b.module, b.line, &b.comment)));
        v
    }

    /// A Markdown report: a table per module (line and toggle points hit / total, %), the total, and
    /// every unhit line point and never-toggled bit (at most `list` of each, the rest counted).
    pub fn markdown(&self, list: usize) -> String {
        let mut s = String::new();
        s.push_str("| module | line points hit | line % | toggle bits hit | toggle % |\n|---|--:|--:|--:|--:|\n");
        // One row: the cells of a tally, each wrapped in `mark` (bold for the total).
        let row = |s: &mut String, name: &str, t: &ModuleTally, mark: &str| {
            let cells = [
                format!("{} / {}", t.line.hit, t.line.total),
                format!("{:.1}", t.line.percent()),
                format!("{} / {}", t.toggle.hit, t.toggle.total),
                format!("{:.1}", t.toggle.percent()),
            ];
            let _ = write!(s, "| {name} |");
            for c in cells {
                let _ = write!(s, " {mark}{c}{mark} |");
            }
            s.push('\n');
        };
        for (module, t) in self.by_module() {
            row(&mut s, &format!("`{module}`"), &t, "");
        }
        row(&mut s, "**all**", &self.total(), "**");
        for (kind, title) in [(Kind::Line, "Line points never hit"), (Kind::Toggle, "Bits that never toggled")] {
            let unhit = self.unhit(kind);
            let _ = writeln!(s, "\n{title} ({}):\n", unhit.len());
            for p in unhit.iter().take(list) {
                let _ = writeln!(s, "- `{}` line {}: {}", p.module, p.line, p.comment);
            }
            if unhit.len() > list {
                let _ = writeln!(s, "- … and {} more (list them all with `coverage --list N`)", unhit.len() - list);
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# SystemC::Coverage-3\n\
        C '\u{1}f\u{2}t.v\u{1}l\u{2}1\u{1}n\u{2}16\u{1}page\u{2}v_toggle/t\u{1}o\u{2}clk\u{1}h\u{2}TOP.t' 27\n\
        C '\u{1}f\u{2}t.v\u{1}l\u{2}1\u{1}n\u{2}44\u{1}page\u{2}v_toggle/t\u{1}o\u{2}a[1]\u{1}h\u{2}TOP.t' 0\n\
        C '\u{1}f\u{2}t.v\u{1}l\u{2}3\u{1}n\u{2}3\u{1}page\u{2}v_line/t\u{1}o\u{2}block\u{1}S\u{2}3\u{1}h\u{2}TOP.t' 14\n\
        C '\u{1}f\u{2}t.v\u{1}l\u{2}7\u{1}n\u{2}15\u{1}page\u{2}v_branch/t\u{1}o\u{2}if\u{1}S\u{2}7\u{1}h\u{2}TOP.t' 0\n\
        C '\u{1}f\u{2}t.v\u{1}l\u{2}9\u{1}n\u{2}13\u{1}page\u{2}v_line/u\u{1}o\u{2}case\u{1}S\u{2}9\u{1}h\u{2}TOP.t.u' 2\n";

    #[test]
    fn points_are_read_tallied_per_module_and_merged() {
        let mut c = Coverage::parse(SAMPLE).unwrap();
        let m = c.by_module();
        assert_eq!(m["t"].line, Tally { hit: 1, total: 2 });
        assert_eq!(m["t"].toggle, Tally { hit: 1, total: 2 });
        assert_eq!(m["u"].line, Tally { hit: 1, total: 1 });
        let unhit: Vec<(u32, &str)> = c.unhit(Kind::Line).iter().map(|p| (p.line, p.comment.as_str())).collect();
        assert_eq!(unhit, [(7, "if")]);
        // A second run that takes the branch: merged, nothing is unhit any more among line points.
        c.merge_text("C '\u{1}f\u{2}t.v\u{1}l\u{2}7\u{1}n\u{2}15\u{1}page\u{2}v_branch/t\u{1}o\u{2}if\u{1}S\u{2}7\u{1}h\u{2}TOP.t' 3\n")
            .unwrap();
        assert!(c.unhit(Kind::Line).is_empty());
        assert_eq!(c.total().line, Tally { hit: 3, total: 3 });
        let report = c.markdown(10);
        assert!(report.contains("| `t` | 2 / 2 | 100.0 | 1 / 2 | 50.0 |"), "{report}");
        assert!(report.contains("- `t` line 1: a[1]"), "{report}");
    }

    #[test]
    fn a_malformed_line_is_an_error_naming_it() {
        let e = Coverage::parse("C 'x' notanumber\n").unwrap_err();
        assert!(e.contains("line 1"), "{e}");
    }
}
