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
        let mut s = self.table();
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

    /// The per-module table of the report (line and toggle points hit / total, %) and the total.
    pub fn table(&self) -> String {
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
        s
    }
}

/// Why points are not hit: one rule of a reasons file (`sim/coverage-reasons.txt`).
///
/// The file has one rule a line (`#` starts a comment line):
///
/// ```text
/// toggle <module> <signal>[<hi>:<lo>] <reason ...>
/// line   <module> <source text>      <reason ...>   (source text in quotes when it has spaces)
/// reason <key> <text ...>                             (a reason several rules share: `@key`)
/// ```
///
/// `<module>`, `<signal>` and `<source text>` are patterns in which `*` matches any run of
/// characters. A toggle rule explains the never-toggled bits `lo..=hi` of the signals it names (no
/// range: every bit); a line rule the never-hit line points of its modules whose Verilog source line,
/// trimmed, matches the text (so the rule survives re-emission moving the line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    pub kind: Kind,
    pub module: String,
    pub what: String,
    /// Inclusive bit range `(lo, hi)` of a toggle rule.
    pub bits: Option<(u32, u32)>,
    pub text: String,
    /// Line of the rule in its file (1-based).
    pub rule_line: usize,
}

/// `*`-pattern match (the whole text).
pub fn pattern_matches(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// A toggle point's signal name and bit (`a[3]` is `("a", 3)`, a one-bit `seen` is `("seen", 0)`).
pub fn signal_bit(comment: &str) -> (&str, u32) {
    if let Some(open) = comment.rfind('[') {
        if let Some(bit) = comment[open + 1..].strip_suffix(']').and_then(|b| b.parse().ok()) {
            return (&comment[..open], bit);
        }
    }
    (comment, 0)
}

/// Parse a reasons file; errors name the line.
pub fn parse_reasons(text: &str) -> Result<Vec<Reason>, String> {
    let mut rules = Vec::new();
    let mut named: BTreeMap<&str, &str> = BTreeMap::new();
    for (index, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |why: &str| format!("reasons line {}: {why}: {raw:?}", index + 1);
        if let Some(rest) = line.strip_prefix("reason ") {
            let (key, text) =
                rest.trim().split_once(char::is_whitespace).ok_or_else(|| bad("`reason <key> <text>`"))?;
            if named.insert(key, text.trim()).is_some() {
                return Err(bad("reason key defined twice"));
            }
            continue;
        }
        let (kind, rest) =
            line.split_once(char::is_whitespace).ok_or_else(|| bad("expected `toggle` or `line` and fields"))?;
        let kind = match kind {
            "toggle" => Kind::Toggle,
            "line" => Kind::Line,
            _ => return Err(bad("the first word must be `toggle` or `line`")),
        };
        let (module, rest) = rest.trim_start().split_once(char::is_whitespace).ok_or_else(|| bad("no pattern"))?;
        let rest = rest.trim_start();
        let (what, text) = if let Some(quoted) = rest.strip_prefix('"') {
            let close = quoted.find('"').ok_or_else(|| bad("unclosed quote"))?;
            (&quoted[..close], quoted[close + 1..].trim())
        } else {
            let (what, text) = rest.split_once(char::is_whitespace).ok_or_else(|| bad("no reason"))?;
            (what, text.trim())
        };
        if text.is_empty() {
            return Err(bad("no reason"));
        }
        let text = match text.strip_prefix('@') {
            Some(key) => *named.get(key).ok_or_else(|| bad("reason key not defined above"))?,
            None => text,
        };
        let (what, bits) = match (kind, what.strip_suffix(']').and_then(|w| w.rsplit_once('['))) {
            (Kind::Toggle, Some((name, range))) => {
                let (hi, lo) = range.split_once(':').unwrap_or((range, range));
                let hi: u32 = hi.parse().map_err(|_| bad("bit range must be [hi:lo] or [bit]"))?;
                let lo: u32 = lo.parse().map_err(|_| bad("bit range must be [hi:lo] or [bit]"))?;
                if lo > hi {
                    return Err(bad("bit range [hi:lo] with hi < lo"));
                }
                (name, Some((lo, hi)))
            }
            _ => (what, None),
        };
        rules.push(Reason {
            kind,
            module: module.to_string(),
            what: what.to_string(),
            bits,
            text: text.to_string(),
            rule_line: index + 1,
        });
    }
    Ok(rules)
}

impl Reason {
    /// Whether this rule explains `point`; `source_line` is the Verilog line of a line point.
    pub fn explains(&self, point: &Point, source_line: &str) -> bool {
        if self.kind != point.kind || !pattern_matches(&self.module, &point.module) {
            return false;
        }
        match point.kind {
            Kind::Line => pattern_matches(&self.what, source_line.trim()),
            Kind::Toggle => {
                let (name, bit) = signal_bit(&point.comment);
                pattern_matches(&self.what, name) && self.bits.is_none_or(|(lo, hi)| (lo..=hi).contains(&bit))
            }
        }
    }
}

/// Unhit points of a run sorted by their reasons (the first rule that explains each point).
#[derive(Clone, Debug, Default)]
pub struct Explained<'a> {
    /// Per rule (in file order): the unhit points it explains.
    pub by_rule: Vec<(&'a Reason, Vec<&'a Point>)>,
    /// Unhit points no rule explains.
    pub unexplained: Vec<&'a Point>,
}

impl Coverage {
    /// Sort every unhit point under the first of `reasons` that explains it; `source` is the
    /// emitted Verilog the run was built from (for line rules).
    pub fn explain<'a>(&'a self, reasons: &'a [Reason], source: &str) -> Explained<'a> {
        let lines: Vec<&str> = source.lines().collect();
        let mut by_rule: Vec<(&Reason, Vec<&Point>)> = reasons.iter().map(|r| (r, Vec::new())).collect();
        let mut unexplained = Vec::new();
        for kind in [Kind::Line, Kind::Toggle] {
            for p in self.unhit(kind) {
                let text = lines.get((p.line as usize).wrapping_sub(1)).copied().unwrap_or("");
                match by_rule.iter_mut().find(|(r, _)| r.explains(p, text)) {
                    Some((_, points)) => points.push(p),
                    None => unexplained.push(p),
                }
            }
        }
        Explained { by_rule, unexplained }
    }
}

impl Explained<'_> {
    /// The unhit part of the report: every never-hit line point with its reason, the never-toggled
    /// bits counted per reason, and the points no rule explains (at most `list` of them listed).
    pub fn markdown(&self, list: usize) -> String {
        let mut s = String::new();
        let lines: Vec<(&Reason, &Point)> = self
            .by_rule
            .iter()
            .filter(|(r, _)| r.kind == Kind::Line)
            .flat_map(|(r, points)| points.iter().map(move |p| (*r, *p)))
            .collect();
        let unexplained_lines: Vec<&&Point> = self.unexplained.iter().filter(|p| p.kind == Kind::Line).collect();
        let _ =
            writeln!(s, "\nLine points never hit ({}), each with its reason:\n", lines.len() + unexplained_lines.len());
        let mut sorted = lines.clone();
        sorted.sort_by(|a, b| (&a.1.module, a.1.line).cmp(&(&b.1.module, b.1.line)));
        for (r, p) in sorted {
            let _ = writeln!(s, "- `{}` line {} ({}): {}", p.module, p.line, p.comment, r.text);
        }
        for p in &unexplained_lines {
            let _ = writeln!(s, "- `{}` line {} ({}): **no reason given**", p.module, p.line, p.comment);
        }
        let toggles = self.toggles_by_text();
        let unexplained_bits: Vec<&Point> =
            self.unexplained.iter().filter(|p| p.kind == Kind::Toggle).copied().collect();
        let total: usize = toggles.iter().map(|(_, p)| p.len()).sum::<usize>() + unexplained_bits.len();
        let _ = writeln!(
            s,
            "\nBits that never toggled ({total}), by reason (every bit, signal by signal, in \
             [coverage-bits.md](coverage-bits.md)):\n\n| reason | bits |\n|---|--:|"
        );
        for (text, points) in &toggles {
            let _ = writeln!(s, "| {text} | {} |", points.len());
        }
        let _ = writeln!(s, "| **no reason given** | {} |", unexplained_bits.len());
        if !unexplained_bits.is_empty() {
            let _ = writeln!(s, "\nNever-toggled bits without a reason:\n");
            let ranges = bit_ranges(&unexplained_bits);
            for (module, signal) in ranges.iter().take(list) {
                let _ = writeln!(s, "- `{module}`: `{signal}`");
            }
            if ranges.len() > list {
                let _ = writeln!(s, "- … and {} more signals (`coverage --list N`)", ranges.len() - list);
            }
        }
        let stale: Vec<String> = self
            .by_rule
            .iter()
            .filter(|(_, points)| points.is_empty())
            .map(|(r, _)| format!("line {}", r.rule_line))
            .collect();
        if !stale.is_empty() {
            let _ = writeln!(s, "\nRules of the reasons file that explain nothing in this run: {}.", stale.join(", "));
        }
        s
    }

    /// Never-toggled bits per reason text (rules sharing a reason merged), in the order of the rules.
    fn toggles_by_text(&self) -> Vec<(&str, Vec<&Point>)> {
        let mut out: Vec<(&str, Vec<&Point>)> = Vec::new();
        for (r, points) in &self.by_rule {
            if r.kind != Kind::Toggle || points.is_empty() {
                continue;
            }
            match out.iter_mut().find(|(text, _)| *text == r.text) {
                Some((_, all)) => all.extend(points.iter().copied()),
                None => out.push((r.text.as_str(), points.clone())),
            }
        }
        out
    }

    /// Every never-toggled bit under its reason, as signal ranges per module.
    pub fn bits_markdown(&self) -> String {
        let mut s = String::new();
        let section = |s: &mut String, title: &str, points: &[&Point]| {
            let _ = writeln!(s, "\n## {title} ({} bits)\n", points.len());
            let mut current = String::new();
            for (module, signal) in bit_ranges(points) {
                if module != current {
                    let _ = write!(s, "{}- `{module}`: ", if current.is_empty() { "" } else { "\n" });
                    current = module;
                } else {
                    s.push_str(", ");
                }
                let _ = write!(s, "`{signal}`");
            }
            s.push('\n');
        };
        for (text, points) in self.toggles_by_text() {
            section(&mut s, text, &points);
        }
        let unexplained: Vec<&Point> = self.unexplained.iter().filter(|p| p.kind == Kind::Toggle).copied().collect();
        if !unexplained.is_empty() {
            section(&mut s, "No reason given", &unexplained);
        }
        s
    }
}

/// Toggle points as compact ranges per module and signal: `name[hi:lo]` (or `name[bit]`, `name`).
pub fn bit_ranges(points: &[&Point]) -> Vec<(String, String)> {
    let mut signals: BTreeMap<(&str, &str), Vec<u32>> = BTreeMap::new();
    let mut plain: BTreeMap<(&str, &str), bool> = BTreeMap::new();
    for p in points {
        let (name, bit) = signal_bit(&p.comment);
        if name.len() == p.comment.len() {
            plain.insert((p.module.as_str(), name), true);
        } else {
            signals.entry((p.module.as_str(), name)).or_default().push(bit);
        }
    }
    let mut out: Vec<(String, String)> = plain.keys().map(|(m, n)| (m.to_string(), n.to_string())).collect();
    for ((module, name), mut bits) in signals {
        bits.sort_unstable();
        bits.dedup();
        let mut runs: Vec<(u32, u32)> = Vec::new();
        for b in bits {
            match runs.last_mut() {
                Some((_, hi)) if *hi + 1 == b => *hi = b,
                _ => runs.push((b, b)),
            }
        }
        let text: Vec<String> = runs
            .iter()
            .rev()
            .map(|&(lo, hi)| if lo == hi { format!("[{lo}]") } else { format!("[{hi}:{lo}]") })
            .collect();
        out.push((module.to_string(), format!("{name}{}", text.join(""))));
    }
    out.sort();
    out
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
    fn every_unhit_point_goes_to_the_first_rule_that_explains_it() {
        let c = Coverage::parse(SAMPLE).unwrap();
        let source = "module t;\n\n\n\n\n\n  if (never) begin\n";
        let reasons = parse_reasons(
            "# comment\n\
             toggle t a[1:1] the high bit of a never rises\n\
             line t \"if (never)*\" never is constant\n\
             toggle t* b nothing matches\n",
        )
        .unwrap();
        assert_eq!(reasons[0].bits, Some((1, 1)));
        assert_eq!(reasons[1].what, "if (never)*");
        let e = c.explain(&reasons, source);
        assert!(e.unexplained.is_empty(), "{:?}", e.unexplained);
        assert_eq!(e.by_rule[0].1.len(), 1);
        assert_eq!(e.by_rule[1].1.len(), 1);
        let md = e.markdown(10);
        assert!(md.contains("- `t` line 7 (if): never is constant"), "{md}");
        assert!(md.contains("| the high bit of a never rises | 1 |"), "{md}");
        assert!(md.contains("| **no reason given** | 0 |"), "{md}");
        assert!(md.contains("explain nothing in this run: line 4."), "{md}");
        assert!(e.bits_markdown().contains("- `t`: `a[1]`"));
        // Without the toggle rule the bit is unexplained, and listed as such.
        let e = c.explain(&reasons[1..], source);
        assert_eq!(e.unexplained.len(), 1);
        assert!(e.markdown(10).contains("| **no reason given** | 1 |"));
    }

    #[test]
    fn patterns_ranges_and_bad_rules() {
        assert!(pattern_matches("a*c", "abbbc") && pattern_matches("*", "") && !pattern_matches("a*c", "ab"));
        assert!(pattern_matches("x$*$ram", "x$y$ram") && !pattern_matches("x", "xy"));
        assert_eq!(signal_bit("length[33]"), ("length", 33));
        assert_eq!(signal_bit("seen"), ("seen", 0));
        let p = |bit: u32| Point {
            kind: Kind::Toggle,
            module: "m".into(),
            file: String::new(),
            line: 1,
            comment: format!("len[{bit}]"),
            count: 0,
        };
        let points = [p(3), p(4), p(5), p(9)];
        let refs: Vec<&Point> = points.iter().collect();
        assert_eq!(bit_ranges(&refs), vec![("m".to_string(), "len[9][5:3]".to_string())]);
        let named = parse_reasons("reason k shared text\ntoggle m a @k\ntoggle m b @k\n").unwrap();
        assert!(named.iter().all(|r| r.text == "shared text"));
        for bad in [
            "lines m x why",
            "toggle m",
            "toggle m x[3:5] why",
            "toggle m x[a] why",
            "line m \"open why",
            "toggle m x @undefined",
        ] {
            assert!(parse_reasons(bad).unwrap_err().contains("reasons line 1"), "{bad}");
        }
    }

    #[test]
    fn a_malformed_line_is_an_error_naming_it() {
        let e = Coverage::parse("C 'x' notanumber\n").unwrap_err();
        assert!(e.contains("line 1"), "{e}");
    }
}
