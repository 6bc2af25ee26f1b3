//! The checked-in C header `sw/include/aes_ctr_accel_regs.h` is the generator's output
//! (`cargo run -p aes-ctr-spec --bin gen-c-header`), and it compiles as C11 with every
//! `_Static_assert` on the descriptor and completion layouts holding.

use std::path::PathBuf;
use std::process::Command;

fn checked_in() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(spec::c_header::HEADER_PATH)
}

#[test]
fn checked_in_header_matches_the_generator() {
    let path = checked_in();
    let on_disk = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    assert!(
        on_disk == spec::c_header::header(),
        "{} drifted from the spec crate: run `cargo run -p aes-ctr-spec --bin gen-c-header` and commit it",
        path.display()
    );
}

#[test]
fn header_compiles_as_c11_with_its_static_asserts() {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("c_header");
    std::fs::create_dir_all(&dir).unwrap();
    let header = dir.join("aes_ctr_accel_regs.h");
    std::fs::write(&header, spec::c_header::header()).unwrap();
    let main = dir.join("use_header.c");
    std::fs::write(
        &main,
        "#include \"aes_ctr_accel_regs.h\"\n\
         _Static_assert(AESC_PUT(AESC_KEY_CTRL_SLOT, 3) == 3u, \"put\");\n\
         int main(void) { struct aesc_caps c = aesc_caps_decode(0x00010447u);\n\
         return (c.bus_bytes == 16u && c.key_slots == 4u && aesc_status_name(AESC_STATUS_CODE_OK) != 0) ? 0 : 1; }\n",
    )
    .unwrap();
    let out = Command::new(&cc)
        .args(["-std=c11", "-Wall", "-Wextra", "-Werror", "-pedantic", "-fsyntax-only"])
        .arg(&main)
        .output()
        .unwrap_or_else(|e| panic!("cannot run the C compiler `{cc}` (scripts/setup.sh installs gcc): {e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Every `AESC_*` / `aesc_*` name in docs/integration.md exists in the header or the driver's API.
#[test]
fn integration_doc_names_only_existing_c_names() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let doc = std::fs::read_to_string(root.join("docs/integration.md")).expect("read docs/integration.md");
    let api = spec::c_header::header()
        + &std::fs::read_to_string(root.join("sw/aes_ctr_driver.h")).expect("read sw/aes_ctr_driver.h");
    let mut missing = Vec::new();
    let mut checked = 0;
    for (at, _) in doc.match_indices("AESC_").chain(doc.match_indices("aesc_")) {
        if at > 0 && doc[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let name: String = doc[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        if name.ends_with('_') {
            continue; // a prefix such as AESC_REG_CQ_...
        }
        checked += 1;
        let defined = api.match_indices(name.as_str()).any(|(i, _)| {
            let after = api[i + name.len()..].chars().next();
            !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        });
        if !defined {
            missing.push(name);
        }
    }
    assert!(checked > 20, "only {checked} C names found in docs/integration.md");
    assert!(missing.is_empty(), "docs/integration.md names C identifiers that do not exist: {missing:?}");
}
