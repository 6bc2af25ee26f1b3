//! Compiles the portable C driver (`sw/aes_ctr_driver.c`, with the generated register header
//! `sw/include/aes_ctr_accel_regs.h`) into a static library, so that `tests/c_driver.rs` can run
//! it against the Verilated accelerator through Rust hooks. C11, every warning an error.

use std::path::PathBuf;

fn main() {
    let sw = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR")).join("../sw");
    for file in ["aes_ctr_driver.c", "aes_ctr_driver.h", "include/aes_ctr_accel_regs.h"] {
        println!("cargo:rerun-if-changed={}", sw.join(file).display());
    }
    cc::Build::new()
        .file(sw.join("aes_ctr_driver.c"))
        .include(sw.join("include"))
        .include(&sw)
        .flag("-std=c11")
        .flag_if_supported("-pedantic")
        .warnings(true)
        .extra_warnings(true)
        .warnings_into_errors(true)
        .compile("aesc_driver");
}
