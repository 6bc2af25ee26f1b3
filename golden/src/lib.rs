//! Golden model of the AES-CTR stream accelerator.
//!
//! Written from FIPS-197 (AES) and NIST SP 800-38A (CTR mode) and
//! cross-checked against RustCrypto `aes` + `ctr` in the tests. It knows
//! nothing of clocks or rust-hdl: [`aes`] and [`ctr`] are the cipher,
//! [`device`] is the whole accelerator at job level (memory image and
//! register writes in, memory image, completions and registers out).

pub mod aes;
pub mod ctr;
pub mod device;
pub mod memory;
pub mod vectors;

pub use memory::{AccessKind, Fault, FaultMap, Memory};
