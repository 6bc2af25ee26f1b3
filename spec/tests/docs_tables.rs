//! The tables of docs/interface.md are generated from this crate: this test
//! fails when they drift. `AESCTR_BLESS=1 cargo test -p aes-ctr-spec` rewrites
//! them in place.

use std::path::PathBuf;

/// A generated section: its marker name and the function that renders it.
type Section = (&'static str, fn() -> String);

const SECTIONS: &[Section] = &[
    ("registers", spec::tables::registers),
    ("descriptor", spec::tables::descriptor),
    ("completion", spec::tables::completion),
    ("status", spec::tables::status_codes),
];

fn splice(doc: &str, name: &str, body: &str) -> Result<String, String> {
    let begin = format!("<!-- BEGIN GENERATED {name} (spec crate; AESCTR_BLESS=1 cargo test -p aes-ctr-spec) -->\n");
    let end = format!("<!-- END GENERATED {name} -->");
    let start = doc.find(&begin).ok_or(format!("docs/interface.md lacks the marker {begin:?}"))? + begin.len();
    let stop = doc[start..].find(&end).ok_or(format!("docs/interface.md lacks the marker {end:?}"))? + start;
    Ok(format!("{}{}{}", &doc[..start], body, &doc[stop..]))
}

#[test]
fn interface_doc_tables_match_the_spec_crate() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/interface.md");
    let doc = std::fs::read_to_string(&path).expect("read docs/interface.md");
    let mut fresh = doc.clone();
    for (name, table) in SECTIONS {
        fresh = splice(&fresh, name, &table()).unwrap_or_else(|e| panic!("{e}"));
    }
    if std::env::var_os("AESCTR_BLESS").is_some() {
        std::fs::write(&path, &fresh).expect("write docs/interface.md");
    } else {
        assert!(
            fresh == doc,
            "docs/interface.md tables drifted from the spec crate; run AESCTR_BLESS=1 cargo test -p aes-ctr-spec"
        );
    }
}
