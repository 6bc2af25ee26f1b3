//! Markdown output: tables, and splicing generated text into a document
//! between a pair of markers so the hand-written prose around it survives.
//!
//! Markers, one line each, for a section NAME:
//! `<!-- BEGIN GENERATED NAME -->` and `<!-- END GENERATED NAME -->`.
//! [`splice`] replaces everything strictly between the two marker lines and
//! refuses (with [`FlowError::Input`]) a document where either marker is
//! missing or repeated, or where END comes before BEGIN.
//!
//! API: [`begin_marker`], [`end_marker`], [`splice`], [`section`], [`table`], [`row_cells`].

use crate::error::FlowError;

/// The line that opens generated section `name`.
pub fn begin_marker(name: &str) -> String {
    format!("<!-- BEGIN GENERATED {name} -->")
}

/// The line that closes generated section `name`.
pub fn end_marker(name: &str) -> String {
    format!("<!-- END GENERATED {name} -->")
}

/// Byte offsets of the lines of `doc` that are exactly `marker` (surrounding whitespace ignored).
fn marker_lines(doc: &str, marker: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut start = 0;
    for line in doc.split_inclusive('\n') {
        if line.trim() == marker {
            found.push((start, start + line.len()));
        }
        start += line.len();
    }
    found
}

/// The bytes strictly between the BEGIN and END marker lines of section `name`, each found
/// exactly once and in that order.
fn marker_bounds(doc: &str, name: &str) -> Result<std::ops::Range<usize>, FlowError> {
    let begin = begin_marker(name);
    let end = end_marker(name);
    let begins = marker_lines(doc, &begin);
    let ends = marker_lines(doc, &end);
    let (begin_line, end_line) = match (begins.as_slice(), ends.as_slice()) {
        ([b], [e]) => (*b, *e),
        ([], _) => return Err(FlowError::Input(format!("marker line `{begin}` not found"))),
        (_, []) => return Err(FlowError::Input(format!("marker line `{end}` not found"))),
        _ => return Err(FlowError::Input(format!("section `{name}`: each marker line must appear exactly once"))),
    };
    if end_line.0 < begin_line.1 {
        return Err(FlowError::Input(format!("section `{name}`: `{end}` comes before `{begin}`")));
    }
    Ok(begin_line.1..end_line.0)
}

/// Replace the text between the markers of section `name` in `doc` with `content`.
pub fn splice(doc: &str, name: &str, content: &str) -> Result<String, FlowError> {
    let inside = marker_bounds(doc, name)?;
    let mut out = String::with_capacity(doc.len() + content.len());
    out.push_str(&doc[..inside.start]);
    if !doc[..inside.start].ends_with('\n') {
        out.push('\n');
    }
    out.push_str(content);
    if !content.is_empty() && !content.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&doc[inside.end..]);
    Ok(out)
}

/// Escape a table cell (pipes and line breaks).
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A Markdown table; `right_aligned[i]` aligns column i to the right (numbers).
pub fn table(headers: &[&str], right_aligned: &[bool], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    out += &format!("| {} |\n", headers.iter().map(|h| cell(h)).collect::<Vec<_>>().join(" | "));
    let rule: Vec<&str> = (0..headers.len())
        .map(|i| if right_aligned.get(i).copied().unwrap_or(false) { "---:" } else { "---" })
        .collect();
    out += &format!("|{}|\n", rule.join("|"));
    for row in rows {
        let mut cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        cells.resize(headers.len(), String::new());
        out += &format!("| {} |\n", cells.join(" | "));
    }
    out
}

/// The text strictly between the marker lines of section `name` in `doc`, or `None` when the
/// section is missing or its markers are repeated or reversed (as [`splice`] would refuse it).
pub fn section<'a>(doc: &'a str, name: &str) -> Option<&'a str> {
    marker_bounds(doc, name).ok().map(|inside| &doc[inside])
}

/// The cells of one Markdown table row (`| a | b\|c |` gives `a`, `b|c`), or `None` for a line
/// that is not a table row. The inverse of [`table`]'s escaping.
pub fn row_cells(line: &str) -> Option<Vec<String>> {
    let inner = line.trim().strip_prefix('|')?.strip_suffix('|')?;
    let mut cells = Vec::new();
    let mut current = String::new();
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                current.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut current).trim().to_string()),
            _ => current.push(c),
        }
    }
    cells.push(current.trim().to_string());
    Some(cells)
}
