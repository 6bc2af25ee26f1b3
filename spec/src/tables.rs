//! Markdown tables of the interface, generated from this crate's facts for
//! `docs/interface.md` (never typed twice), and [`check_generated_sections`], which keeps any
//! document's generated sections equal to their generators (also used for the configuration
//! schema's tables in docs/architecture.md).

use crate::descriptor::ByteField;
use crate::regs::REGISTERS;
use crate::status::Status;

fn field_table(fields: &[ByteField]) -> String {
    let mut s = String::from("| offset | size | field | meaning |\n|---|---|---|---|\n");
    for f in fields {
        s += &format!("| 0x{:02X} | {} | {} | {} |\n", f.offset, f.size, f.name, f.meaning);
    }
    s
}

/// The register map.
pub fn registers() -> String {
    let mut s = String::from("| offset | name | access | meaning | fields |\n|---|---|---|---|---|\n");
    for r in REGISTERS {
        let fields: Vec<String> = r
            .fields
            .iter()
            .map(|f| {
                if f.width == 1 {
                    format!("[{}] {}", f.lsb, f.name)
                } else {
                    format!("[{}:{}] {}", f.lsb + f.width - 1, f.lsb, f.name)
                }
            })
            .collect();
        s += &format!(
            "| 0x{:03X} | {} | {} | {} | {} |\n",
            r.offset,
            r.name,
            r.access.name(),
            r.meaning,
            fields.join("; ")
        );
    }
    s
}

/// The submission descriptor layout.
pub fn descriptor() -> String {
    field_table(crate::descriptor::FIELDS)
}

/// The completion entry layout.
pub fn completion() -> String {
    field_table(crate::completion::FIELDS)
}

/// The status codes.
pub fn status_codes() -> String {
    let mut s = String::from("| code | name | when | data written |\n|---|---|---|---|\n");
    for st in Status::ALL {
        s += &format!("| {} | {} | {} | {} |\n", st.code(), st.name(), st.when(), st.data_written());
    }
    s += &format!("| {} | (reserved) | never written | |\n", crate::status::RESERVED_CODE);
    s
}

/// A generated section of a document: its marker name and the function that renders it.
pub type Section = (&'static str, fn() -> String);

/// `doc` with the text between the markers of section `name` replaced by `body`. The markers are
/// `<!-- BEGIN GENERATED name (origin) -->` on a line of its own and `<!-- END GENERATED name -->`.
pub fn splice(doc: &str, name: &str, origin: &str, body: &str) -> Result<String, String> {
    let begin = format!("<!-- BEGIN GENERATED {name} ({origin}) -->\n");
    let end = format!("<!-- END GENERATED {name} -->");
    let start = doc.find(&begin).ok_or(format!("the document lacks the marker {begin:?}"))? + begin.len();
    let stop = doc[start..].find(&end).ok_or(format!("the document lacks the marker {end:?}"))? + start;
    Ok(format!("{}{}{}", &doc[..start], body, &doc[stop..]))
}

/// Check that every section of the document at `path` holds what its function renders; with the
/// environment variable `AESCTR_BLESS` set, rewrite them in place instead. `origin` is the text in
/// the BEGIN markers, naming the generator and the bless command. The error says what to run.
pub fn check_generated_sections(path: &std::path::Path, origin: &str, sections: &[Section]) -> Result<(), String> {
    let doc = std::fs::read_to_string(path).map_err(|e| format!("read {}: {e}", path.display()))?;
    let mut fresh = doc.clone();
    for (name, render) in sections {
        fresh = splice(&fresh, name, origin, &render()).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if std::env::var_os("AESCTR_BLESS").is_some() {
        std::fs::write(path, &fresh).map_err(|e| format!("write {}: {e}", path.display()))
    } else if fresh != doc {
        Err(format!("{} tables drifted from their generator; run {origin}", path.display()))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn tables_name_every_row() {
        assert!(super::registers().contains("| 0x060 | KEY_CTRL | W |"));
        assert!(super::status_codes().contains("| 8 | WRITE_ERROR |"));
        assert!(super::descriptor().contains("| 0x30 | 16 | counter |"));
        assert!(super::completion().contains("| 0x0A | 1 | status |"));
    }

    #[test]
    fn splice_replaces_between_the_markers_and_names_a_missing_one() {
        let doc = "a\n<!-- BEGIN GENERATED t (here) -->\nold\n<!-- END GENERATED t -->\nb\n";
        let out = super::splice(doc, "t", "here", "new\n").unwrap();
        assert_eq!(out, "a\n<!-- BEGIN GENERATED t (here) -->\nnew\n<!-- END GENERATED t -->\nb\n");
        assert!(super::splice(doc, "u", "here", "").unwrap_err().contains("GENERATED u"));
    }
}
