//! First end-to-end checks of the emitted `aes_ctr_accel` (default configuration) under Verilator:
//! identity registers, then one CTR_XOR job through the rings with a CSR-loaded key, checked against
//! `golden::ctr`.

mod accel_support;

use accel_support::{harness, Dut};
use hdl::config::Config;
use sim::axi_memory::AxiMemoryConfig;
use sim::driver::{Driver, HostMemory, RingLayout};
use sim::RegisterAccess;
use spec::{regs, CounterWidth, Descriptor, Status};

const LAYOUT: RingLayout = RingLayout { sq_base: 0x1_0000, sq_size: 8, cq_base: 0x2_0000, cq_size: 8 };

#[test]
fn identity_registers_read_back() {
    let config = Config::default();
    let mut h = harness(&config, AxiMemoryConfig::default());
    assert_eq!(h.read32(regs::ID), regs::ID_VALUE);
    assert_eq!(h.read32(regs::VERSION), regs::VERSION_VALUE);
    assert_eq!(h.read32(regs::CAPS), config.caps());
    assert_eq!(h.read32(0x7FC), 0, "unmapped offset reads 0");
}

#[test]
fn one_job_encrypts_like_the_golden_ctr() {
    let config = Config::default();
    let mut d = Driver::new(Dut { harness: harness(&config, AxiMemoryConfig::default()) }, LAYOUT).expect("probe");
    let key: Vec<u8> = (0..16u8).map(|i| i.wrapping_mul(7).wrapping_add(1)).collect();
    d.load_key(1, &key).expect("load key");
    d.enable();
    let plain: Vec<u8> = (0..100u32).map(|i| (i * 13 + 5) as u8).collect();
    let counter = [0xF0u8; 16];
    d.platform_mut().write_bytes(0x4_0000, &plain);
    let job = Descriptor::ctr_xor_slot(0x1234, 1, CounterWidth::W128, 0x4_0000, 0x5_0000, plain.len() as u32, counter);
    d.submit(&job).expect("submit");
    let c = d.wait_completion().expect("completion");
    assert_eq!((c.tag, c.status, c.bytes), (0x1234, Status::Ok.code(), plain.len() as u32), "{c:?}");
    let mut expected = plain.clone();
    golden::ctr::xor_in_place(&key, counter, CounterWidth::W128, &mut expected).unwrap();
    let mut got = vec![0u8; plain.len()];
    d.platform_mut().read_bytes(0x5_0000, &mut got);
    assert_eq!(hex::encode(&got), hex::encode(&expected));
}

#[test]
fn generated_config_file_names_the_design_and_its_fields() {
    use sim::scenario::read_design;
    let dir = std::env::temp_dir().join(format!("aesctr-smoke-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let verilog = dir.join("aes_ctr_accel.v");
    for yaml in ["", "architecture: iterative\ninterleave: 2\n", "sbox: composite\nkey_sizes: [128]\n"] {
        let config = Config::from_yaml_str(yaml).expect("config");
        std::fs::write(&verilog, hdl::emit::generated_file(&config, "a test").expect("emit")).unwrap();
        let json = hdl::emit::generated_config(&config, "a test").expect("configuration file");
        std::fs::write(hdl::config::generated_config_path(&verilog), json).unwrap();
        let (_, dut) = read_design(&verilog).unwrap_or_else(|e| panic!("{yaml:?}: {e}"));
        assert_eq!(dut.short_name(), config.short_name(), "{yaml:?}");
        assert_eq!((dut.bus_bits, dut.lanes, dut.key_slots), (config.bus_bits, config.lanes, config.key_slots));
        assert_eq!(dut.key_sizes_mask(), config.key_sizes_mask(), "{yaml:?}");
    }
    // A Verilog file without its configuration file: the error names the missing file and the command.
    std::fs::remove_file(hdl::config::generated_config_path(&verilog)).unwrap();
    let e = read_design(&verilog).unwrap_err();
    assert!(e.contains("aes_ctr_accel.config.json") && e.contains("gen-verilog"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}
