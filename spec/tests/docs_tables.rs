//! The tables of docs/interface.md are generated from this crate: this test
//! fails when they drift. `AESCTR_BLESS=1 cargo test -p aes-ctr-spec` rewrites
//! them in place.

use spec::tables::{check_generated_sections, Section};
use std::path::PathBuf;

const SECTIONS: &[Section] = &[
    ("registers", spec::tables::registers),
    ("descriptor", spec::tables::descriptor),
    ("completion", spec::tables::completion),
    ("status", spec::tables::status_codes),
];

#[test]
fn interface_doc_tables_match_the_spec_crate() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/interface.md");
    check_generated_sections(&path, "spec crate; AESCTR_BLESS=1 cargo test -p aes-ctr-spec", SECTIONS)
        .unwrap_or_else(|e| panic!("{e}"));
}
