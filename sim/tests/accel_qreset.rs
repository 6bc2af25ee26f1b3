//! CTRL.QRESET as a driver sees it (SPEC §2): written while a 64 KiB job runs, the bit reads 1
//! until the flush and the queue reset are complete, and the first read of 0 means the ring
//! indices already read 0 — no other wait. Then the rings work again from index 0 and every byte
//! of the next job equals the golden CTR model's. Run on every shipped configuration.

mod accel_support;

use accel_support::{harness, Dut, LAYOUT};
use hdl::config::Config;
use sim::axi_memory::AxiMemoryConfig;
use sim::driver::{Driver, HostMemory};
use sim::regs_access::RegisterAccess;
use spec::{regs, CounterWidth, Descriptor, Status};

const SRC: u64 = 0x10_0000;
const DST: u64 = 0x40_0000;
const LONG_JOB: u32 = 64 * 1024;

fn config(name: &str) -> Config {
    Config::from_file(format!("{}/../configs/{name}.yaml", env!("CARGO_MANIFEST_DIR"))).expect("shipped configuration")
}

fn data(len: u32, salt: u32) -> Vec<u8> {
    (0..len).map(|i| (i.wrapping_mul(29).wrapping_add(salt)) as u8).collect()
}

fn expected(key: &[u8], counter0: [u8; 16], plain: &[u8]) -> Vec<u8> {
    let mut out = plain.to_vec();
    golden::ctr::xor_in_place(key, counter0, CounterWidth::W128, &mut out).expect("valid key");
    out
}

fn qreset_reads_one_until_the_ring_indices_read_zero(name: &str) {
    let config = config(name);
    let key = [0x5a_u8; 16];
    let h = harness(&config, AxiMemoryConfig { read_latency: 20, ..AxiMemoryConfig::default() });
    let mut d = Driver::new(Dut { harness: h }, LAYOUT).expect("the accelerator probes");
    d.load_key(0, &key).expect("key load");
    d.enable();
    d.platform_mut().write_bytes(SRC, &data(LONG_JOB, 1));
    // A short job that completes before the QRESET, then the long one that it cuts.
    d.platform_mut().write_bytes(SRC + 0x10_0000, &data(64, 2));
    d.submit(&Descriptor::ctr_xor_slot(1, 0, CounterWidth::W128, SRC + 0x10_0000, DST + 0x10_0000, 64, [1; 16]))
        .unwrap();
    d.submit(&Descriptor::ctr_xor_slot(2, 0, CounterWidth::W128, SRC, DST, LONG_JOB, [2; 16])).unwrap();
    d.submit(&Descriptor::nop(3)).unwrap();
    assert_eq!(d.wait_completion().unwrap().tag, 1);
    let h = &mut d.platform_mut().harness;
    h.run(400).unwrap();
    assert_ne!(h.read32(regs::SQ_HEAD), 0, "{name}: the long job has been fetched before the QRESET");

    h.write32(regs::CTRL, regs::CTRL_ENABLE.mask() | regs::CTRL_QRESET.mask());
    let mut polls_while_set = 0u32;
    loop {
        let ctrl = h.read32(regs::CTRL);
        assert_eq!(regs::CTRL_ENABLE.get(ctrl), 1, "{name}: ENABLE is kept through the QRESET");
        if regs::CTRL_QRESET.get(ctrl) == 0 {
            break;
        }
        polls_while_set += 1;
        assert!(polls_while_set < 100_000, "{name}: CTRL.QRESET never cleared");
    }
    let indices = [regs::SQ_HEAD, regs::SQ_TAIL, regs::CQ_HEAD, regs::CQ_TAIL].map(|r| h.read32(r));
    println!(
        "{name}: CTRL.QRESET read 1 on {polls_while_set} polls; then SQ_HEAD/SQ_TAIL/CQ_HEAD/CQ_TAIL = {indices:?}"
    );
    assert!(polls_while_set > 0, "{name}: QRESET read 0 at once although a 64 KiB job was in flight");
    assert_eq!(indices, [0; 4], "{name}: ring indices once CTRL.QRESET reads 0");
    assert_eq!(regs::STATUS_BUSY.get(h.read32(regs::STATUS)), 0, "{name}: not busy once QRESET reads 0");

    // The driver's own QRESET (it polls the same bit), then the rings from index 0 again.
    d.qreset().unwrap();
    let plain = data(1000, 3);
    d.platform_mut().write_bytes(SRC + 0x20_0000, &plain);
    let c = d
        .run_all(&[Descriptor::ctr_xor_slot(4, 0, CounterWidth::W128, SRC + 0x20_0000, DST + 0x20_0000, 1000, [4; 16])])
        .unwrap();
    assert_eq!((c[0].tag, c[0].status, c[0].bytes, c[0].sq_head, c[0].phase), (4, Status::Ok as u8, 1000, 1, 1));
    let mut got = vec![0; plain.len()];
    d.platform_mut().read_bytes(DST + 0x20_0000, &mut got);
    assert_eq!(got, expected(&key, [4; 16], &plain), "{name}: the job after QRESET");
}

#[test]
fn default_qreset_reads_one_until_the_ring_indices_read_zero() {
    qreset_reads_one_until_the_ring_indices_read_zero("default");
}

#[test]
fn small_qreset_reads_one_until_the_ring_indices_read_zero() {
    qreset_reads_one_until_the_ring_indices_read_zero("small");
}

#[test]
fn wide_qreset_reads_one_until_the_ring_indices_read_zero() {
    qreset_reads_one_until_the_ring_indices_read_zero("wide");
}
