//! A small reader for the VCD files the harness writes: the simulation's visibility into the
//! design's internal state, for checks that behaviour at the ports cannot make (e.g. that a
//! zeroized key store really holds zeros).
//!
//! [`Vcd::read`] keeps the value changes of the signals whose full dotted name (scopes joined with
//! `.`, the top `TOP` scope included, e.g. `TOP.aes_ctr_accel.engine.store.round_ram$0.mem[1]`)
//! satisfies a predicate; [`Vcd::value_at`] answers a signal's value at a time as a bit string,
//! most significant bit first. Harness times: cycle `c`'s low phase is at `10c`, its rising edge
//! at `10c + 5` ([`crate::harness`]).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Value changes of the selected signals of one VCD file.
#[derive(Debug, Default)]
pub struct Vcd {
    /// Full name -> (time, value) changes in time order.
    changes: BTreeMap<String, Vec<(u64, String)>>,
}

impl Vcd {
    /// Reads `path`, keeping the signals whose full name satisfies `keep`.
    pub fn read(path: &Path, keep: impl Fn(&str) -> bool) -> Result<Vcd, String> {
        let file = std::fs::File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut scopes: Vec<String> = Vec::new();
        // Identifier code -> names sharing it.
        let mut ids: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut vcd = Vcd::default();
        let mut time = 0u64;
        let mut in_header = true;
        for line in BufReader::new(file).lines() {
            let line = line.map_err(|e| format!("{}: {e}", path.display()))?;
            let line = line.trim();
            if line.is_empty() {
                continue;
            }
            if in_header {
                let words: Vec<&str> = line.split_whitespace().collect();
                match words.first().copied() {
                    Some("$scope") if words.len() >= 3 => scopes.push(words[2].to_string()),
                    Some("$upscope") => {
                        scopes.pop();
                    }
                    Some("$var") if words.len() >= 5 => {
                        let name = format!("{}.{}", scopes.join("."), words[4]);
                        if keep(&name) {
                            ids.entry(words[3].to_string()).or_default().push(name.clone());
                            vcd.changes.entry(name).or_default();
                        }
                    }
                    Some("$enddefinitions") => in_header = false,
                    _ => {}
                }
                continue;
            }
            let (value, id) = if let Some(t) = line.strip_prefix('#') {
                time = t.parse().map_err(|_| format!("{}: bad time {line:?}", path.display()))?;
                continue;
            } else if let Some(rest) = line.strip_prefix('b') {
                match rest.split_once(' ') {
                    Some((v, id)) => (v.to_string(), id),
                    None => continue,
                }
            } else if line.starts_with(['0', '1', 'x', 'z']) {
                (line[..1].to_string(), &line[1..])
            } else {
                continue; // $dumpvars, $end, real values
            };
            if let Some(names) = ids.get(id) {
                for name in names {
                    vcd.changes.get_mut(name).expect("registered").push((time, value.clone()));
                }
            }
        }
        Ok(vcd)
    }

    /// The names of the kept signals, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.changes.keys().map(String::as_str)
    }

    /// The value of `name` at `time` (the last change at or before it), as a bit string.
    pub fn value_at(&self, name: &str, time: u64) -> Option<&str> {
        let changes = self.changes.get(name)?;
        let i = changes.partition_point(|(t, _)| *t <= time);
        (i > 0).then(|| changes[i - 1].1.as_str())
    }

    /// Whether `name` held a value with a 1 bit at any time in `[from, to]`.
    pub fn had_a_one_between(&self, name: &str, from: u64, to: u64) -> bool {
        let Some(changes) = self.changes.get(name) else { return false };
        let before = self.value_at(name, from).is_some_and(|v| v.contains('1'));
        before || changes.iter().any(|(t, v)| (from..=to).contains(t) && v.contains('1'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_scopes_vectors_and_scalars() {
        let text = "$timescale 1ps $end\n$scope module TOP $end\n $var wire 1 ! clk $end\n $scope module dut $end\n  \
                    $var wire 4 \" q [3:0] $end\n $upscope $end\n$upscope $end\n$enddefinitions $end\n#0\n$dumpvars\n0!\n\
                    b0 \"\n$end\n#5\n1!\n#10\nb1010 \"\n#15\n0!\n";
        let path = std::env::temp_dir().join(format!("vcd-test-{}.vcd", std::process::id()));
        std::fs::write(&path, text).unwrap();
        let vcd = Vcd::read(&path, |_| true).unwrap();
        std::fs::remove_file(&path).ok();
        assert_eq!(vcd.names().collect::<Vec<_>>(), vec!["TOP.clk", "TOP.dut.q"]);
        assert_eq!(vcd.value_at("TOP.dut.q", 9), Some("0"));
        assert_eq!(vcd.value_at("TOP.dut.q", 10), Some("1010"));
        assert_eq!(vcd.value_at("TOP.clk", 7), Some("1"));
        assert!(vcd.had_a_one_between("TOP.dut.q", 10, 12));
        assert!(!vcd.had_a_one_between("TOP.dut.q", 0, 9));
        assert_eq!(vcd.value_at("TOP.missing", 10), None);
    }
}
