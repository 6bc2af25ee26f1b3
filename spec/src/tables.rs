//! Markdown tables of the interface, generated from this crate's facts for
//! `docs/interface.md` (never typed twice).

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

#[cfg(test)]
mod tests {
    #[test]
    fn tables_name_every_row() {
        assert!(super::registers().contains("| 0x060 | KEY_CTRL | W |"));
        assert!(super::status_codes().contains("| 8 | WRITE_ERROR |"));
        assert!(super::descriptor().contains("| 0x30 | 16 | counter |"));
        assert!(super::completion().contains("| 0x0A | 1 | status |"));
    }
}
