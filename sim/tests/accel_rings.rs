//! Ring protocol and interrupt of the emitted `aes_ctr_accel` (default configuration), each case
//! run on the DUT and on the golden device model with the same register sequence:
//! - rings of 4 entries wrapping several times (phase flips) with every result compared;
//! - the completion ring held full: the hardware stops at `CQ_SIZE - 1` unreleased completions
//!   (docs/behaviour.md, "full when tail + 1 == head"), writes nothing into the slot software still
//!   owns, and resumes when CQ_HEAD releases slots;
//! - IRQ: raised only for descriptors with flag IRQ when IRQ_ENABLE allows it, held until
//!   IRQ_STATUS is cleared (W1C), IRQ_STATUS set even when IRQ_ENABLE masks the line.

mod accel_support;

use accel_support::{compare_with_golden, harness, Dut, Scenario};
use hdl::config::Config;
use sim::axi_memory::AxiMemoryConfig;
use sim::driver::{Driver, GoldenPlatform, HostMemory, RingLayout};
use sim::scoreboard::{compare, RegisterSnapshot};
use sim::RegisterAccess;
use spec::{regs, CounterWidth, Descriptor};

fn memory() -> AxiMemoryConfig {
    AxiMemoryConfig { read_latency: 20, ..AxiMemoryConfig::default() }
}

fn job(n: u32) -> Descriptor {
    let length = 16 + 37 * n;
    Descriptor::ctr_xor_slot(
        0x100 + n,
        0,
        CounterWidth::W64,
        0x10_0000 + 0x1000 * n as u64,
        0x20_0000 + 0x1000 * n as u64,
        length,
        [n as u8; 16],
    )
}

fn plaintext(n: u32) -> Vec<u8> {
    (0..16 + 37 * n).map(|i| (i * 7 + n) as u8).collect()
}

#[test]
fn rings_of_four_wrap_with_phase_flips() {
    let config = Config::default();
    let descriptors: Vec<Descriptor> = (0..11).map(job).collect();
    let scenario = Scenario {
        csr_keys: vec![(0, (0..16).collect())],
        memory: (0..11).map(|n| (job(n).src, plaintext(n))).collect(),
        faults: vec![],
        descriptors,
        layout: Some(RingLayout { sq_base: 0x1_0000, sq_size: 4, cq_base: 0x2_0000, cq_size: 4 }),
    };
    let (_h, outcome) = compare_with_golden(harness(&config, memory()), &config, &scenario);
    let c = outcome.unwrap_or_else(|e| panic!("DUT differs from the golden model: {e}"));
    assert_eq!(c.completions, 11);
}

/// Run `steps` on both platforms (DUT and model) and compare their registers.
fn same_registers(dut: &mut Driver<Dut>, model: &mut Driver<GoldenPlatform>, when: &str) -> RegisterSnapshot {
    let d = RegisterSnapshot::read_with(|offset| dut.platform_mut().read32(offset));
    let m = RegisterSnapshot::read_with(|offset| model.platform_mut().read32(offset));
    assert_eq!(d, m, "{when}: DUT registers (left) differ from the model's (right)");
    d
}

fn golden_driver(config: &Config, layout: RingLayout) -> Driver<GoldenPlatform> {
    let device = golden::device::DeviceConfig::from(config);
    Driver::new(GoldenPlatform::new(device).expect("model"), layout).expect("model probe")
}

#[test]
fn full_completion_ring_stalls_until_released() {
    let config = Config::default();
    let layout = RingLayout { sq_base: 0x1_0000, sq_size: 8, cq_base: 0x2_0000, cq_size: 4 };
    let mut dut = Driver::new(Dut { harness: harness(&config, memory()) }, layout).expect("probe");
    let mut model = golden_driver(&config, layout);
    let key: Vec<u8> = (0..16).collect();
    let jobs: Vec<Descriptor> = (0..6).map(job).collect();
    for d in [&mut dut as &mut dyn Setup, &mut model] {
        d.setup(&key, &jobs);
    }
    // Let the hardware run far longer than six small jobs take.
    dut.platform_mut().harness.run(20_000).expect("run");
    let stalled = same_registers(&mut dut, &mut model, "CQ full");
    assert_eq!(stalled.cq_tail, 3, "a ring of 4 holds 3 unreleased completions");
    // Descriptors are fetched only with a completion slot reserved (docs/behaviour.md), so the
    // other three wait in the SQ unfetched and nothing is in flight: SQ_HEAD 3, STATUS.BUSY 0.
    assert_eq!(stalled.sq_head, 3, "descriptors fetched without a free completion slot");
    assert_eq!(regs::STATUS_BUSY.get(stalled.status), 0, "STATUS.BUSY with nothing fetched");
    // The fourth slot (still software's) is untouched: all zero, as the driver left it.
    let mut slot3 = [0xAAu8; 16];
    dut.platform_mut().read_bytes(layout.cq_base + 3 * 16, &mut slot3);
    assert_eq!(slot3, [0u8; 16], "completion slot 3 written while the ring was full");

    // Release and collect everything on both sides.
    let mut got = Vec::new();
    let mut expected = Vec::new();
    while got.len() < jobs.len() {
        got.push(dut.wait_completion().expect("DUT completion"));
    }
    while expected.len() < jobs.len() {
        expected.push(model.wait_completion().expect("model completion"));
    }
    dut.platform_mut().harness.run(200).expect("run");
    same_registers(&mut dut, &mut model, "after release");
    let dut_platform = dut.into_platform();
    let model_platform = model.into_platform();
    compare(
        &model_platform.device,
        &model_platform.memory,
        &dut_platform.harness.memory().expect("memory").memory,
        Some(&got),
        None,
    )
    .unwrap_or_else(|m| panic!("after the stall: {m}"));
}

/// The same register sequence on the DUT and on the model.
trait Setup {
    fn setup(&mut self, key: &[u8], jobs: &[Descriptor]);
}

impl<P: RegisterAccess + HostMemory> Setup for Driver<P> {
    fn setup(&mut self, key: &[u8], jobs: &[Descriptor]) {
        self.load_key(0, key).expect("key load");
        for (n, d) in jobs.iter().enumerate() {
            self.platform_mut().write_bytes(d.src, &plaintext(n as u32));
        }
        self.enable();
        assert_eq!(self.submit_batch(jobs), jobs.len());
    }
}

#[test]
fn irq_follows_flagged_completions_and_clears_on_write_one() {
    let config = Config::default();
    let layout = RingLayout { sq_base: 0x1_0000, sq_size: 8, cq_base: 0x2_0000, cq_size: 8 };
    let mut dut = Driver::new(Dut { harness: harness(&config, memory()) }, layout).expect("probe");
    let irq = dut.platform().harness.model().output("irq").expect("irq port");
    let key: Vec<u8> = (0..16).collect();
    dut.load_key(0, &key).expect("key");
    for n in 0..3 {
        dut.platform_mut().write_bytes(job(n).src, &plaintext(n));
    }
    dut.enable();
    let line = |d: &Driver<Dut>| d.platform().harness.model().get_bool(irq);

    // No IRQ flag: completion written, IRQ_STATUS and the line stay clear.
    dut.set_irq_enable(regs::IRQ_COMPLETION.mask() | regs::IRQ_ERROR.mask());
    dut.submit(&job(0)).expect("submit");
    dut.wait_completion().expect("completion");
    dut.platform_mut().harness.run(50).expect("run");
    assert_eq!(dut.platform_mut().read32(regs::IRQ_STATUS), 0, "IRQ_STATUS after an unflagged job");
    assert!(!line(&dut), "irq after an unflagged job");

    // IRQ flag with the line enabled: raised after the completion, held, cleared by W1C.
    dut.submit(&job(1).with_irq(true)).expect("submit");
    dut.wait_completion().expect("completion");
    dut.platform_mut().harness.run(50).expect("run");
    assert_eq!(regs::IRQ_COMPLETION.get(dut.platform_mut().read32(regs::IRQ_STATUS)), 1);
    assert!(line(&dut), "irq after a flagged job");
    dut.platform_mut().harness.run(500).expect("run");
    assert!(line(&dut), "irq must stay high until IRQ_STATUS is cleared");
    assert_eq!(dut.acknowledge_irq(), regs::IRQ_COMPLETION.mask());
    dut.platform_mut().harness.run(5).expect("run");
    assert!(!line(&dut), "irq after W1C of IRQ_STATUS");
    assert_eq!(dut.platform_mut().read32(regs::IRQ_STATUS), 0);

    // IRQ_ENABLE = 0: the status bit is set, the line stays low.
    dut.set_irq_enable(0);
    dut.submit(&job(2).with_irq(true)).expect("submit");
    dut.wait_completion().expect("completion");
    dut.platform_mut().harness.run(50).expect("run");
    assert_eq!(regs::IRQ_COMPLETION.get(dut.platform_mut().read32(regs::IRQ_STATUS)), 1);
    assert!(!line(&dut), "irq with IRQ_ENABLE = 0");
    // Enabling it with the status bit pending raises the line.
    dut.set_irq_enable(regs::IRQ_COMPLETION.mask());
    dut.platform_mut().harness.run(5).expect("run");
    assert!(line(&dut), "irq when IRQ_ENABLE is set with IRQ_STATUS pending");
}
