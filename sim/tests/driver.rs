//! The ring-protocol driver (`sim::driver`) end to end against the golden
//! device model through `GoldenPlatform` (RegisterAccess + HostMemory): ring
//! wrap, capacity, the CQ-full stall, interrupts, halts, QRESET, CSR keys and
//! argument checking. Ciphertext is checked with `golden::ctr` directly.
//!
//! Random data uses a printed seed, replayable with `AESCTR_SEED=<n>`.

mod common;

use golden::device::DeviceConfig;
use golden::{AccessKind, Memory};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sim::driver::{Driver, DriverError, GoldenPlatform, HostMemory, RingLayout, Split};
use sim::regs_access::RegisterAccess;
use spec::{regs, CounterWidth, Descriptor, KeySize, Status};

const LAYOUT: RingLayout = RingLayout { sq_base: 0x1_0000, sq_size: 4, cq_base: 0x2_0000, cq_size: 4 };

fn golden() -> GoldenPlatform {
    GoldenPlatform::new(DeviceConfig::default()).expect("default configuration is valid")
}

fn driver(layout: RingLayout) -> Driver<GoldenPlatform> {
    Driver::new(golden(), layout).expect("golden device probes")
}

#[test]
fn driver_runs_many_jobs_through_small_wrapping_rings() {
    let seed = common::seed(0xD21_7E5);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut d = driver(LAYOUT);
    let key: Vec<u8> = (0..32).map(|_| rng.gen()).collect();
    d.load_key(2, &key).unwrap();
    d.enable();
    let mut jobs = Vec::new();
    let mut expected = Vec::new();
    for n in 0..21u32 {
        let len = rng.gen_range(0..300usize);
        let src = 0x10_0000 + 0x1000 * n as u64;
        let dst = 0x40_0000 + 0x1000 * n as u64;
        let plain: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
        let counter0: [u8; 16] = rng.gen();
        d.platform_mut().write_bytes(src, &plain);
        jobs.push(Descriptor::ctr_xor_slot(0x1000 + n, 2, CounterWidth::W32, src, dst, len as u32, counter0));
        expected.push((dst, common::ctr_reference(&key, counter0, CounterWidth::W32, &plain)));
    }
    let done = d.run_all(&jobs).unwrap();
    // 21 jobs through 4-entry rings: the CQ wraps 5 times, so both phases are used.
    assert_eq!(done.len(), 21);
    for (n, c) in done.iter().enumerate() {
        assert_eq!((c.tag, c.status, c.bytes), (0x1000 + n as u32, 0, expected[n].1.len() as u32), "job {n}");
        assert_eq!(c.sq_head as u32, (n as u32 + 1) % 4);
        let mut got = vec![0; expected[n].1.len()];
        d.platform_mut().read_bytes(expected[n].0, &mut got);
        assert_eq!(got, expected[n].1, "job {n} seed {seed}");
    }
    let p = d.platform_mut();
    assert_eq!((p.read32(regs::JOBS_OK), p.read32(regs::SQ_HEAD), p.read32(regs::CQ_TAIL)), (21, 1, 1));
}

#[test]
fn submit_holds_at_most_sq_size_minus_one() {
    let mut d = driver(LAYOUT);
    for i in 0..3 {
        assert_eq!(d.submit(&Descriptor::nop(i)), Ok(i));
    }
    let err = d.submit(&Descriptor::nop(3)).unwrap_err();
    assert_eq!(err, DriverError::RingFull { outstanding: 3 });
    assert!(err.to_string().contains("submission ring full"));
    assert_eq!(d.platform_mut().read32(regs::SQ_TAIL), 3);
    assert_eq!(d.submit_batch(&[Descriptor::nop(9)]), 0);
    d.enable();
    for i in 0..3 {
        assert_eq!(d.wait_completion().unwrap().tag, i);
    }
    assert_eq!(d.free_slots(), 3);
}

#[test]
fn full_completion_ring_waits_for_release() {
    let mut d = driver(RingLayout { sq_size: 8, ..LAYOUT });
    d.enable();
    let nops: Vec<Descriptor> = (0..7).map(Descriptor::nop).collect();
    assert_eq!(d.submit_batch(&nops), 7);
    // CQ of 4: three completions, then the hardware waits; polling without release finds nothing more.
    let tags: Vec<u32> = std::iter::from_fn(|| d.poll_completion()).map(|c| c.tag).collect();
    assert_eq!(tags, [0, 1, 2]);
    assert_eq!(d.platform_mut().read32(regs::SQ_HEAD), 3);
    d.release();
    let tags: Vec<u32> = d.drain_completions().iter().map(|c| c.tag).collect();
    assert_eq!(tags, [3, 4, 5]);
    assert_eq!(d.wait_completion().unwrap().tag, 6);
}

#[test]
fn wait_by_interrupt_sleeps_until_irq_then_acknowledges() {
    let mut d = driver(LAYOUT);
    d.set_irq_enable(regs::IRQ_COMPLETION.mask() | regs::IRQ_ERROR.mask());
    d.submit(&Descriptor::nop(1)).unwrap();
    d.submit(&Descriptor::nop(2).with_irq(true)).unwrap();
    // The engine is disabled: the "interrupt wait" is where the hardware works.
    let mut waits = 0;
    let done = d
        .wait_completions_irq(|p: &mut GoldenPlatform| {
            waits += 1;
            p.write32(regs::CTRL, regs::CTRL_ENABLE.mask());
            p.device.irq()
        })
        .unwrap();
    assert_eq!(waits, 1);
    assert_eq!(done.iter().map(|c| c.tag).collect::<Vec<_>>(), [1, 2]);
    assert!(!d.platform().device.irq(), "IRQ_STATUS acknowledged");
    assert_eq!(d.platform_mut().read32(regs::IRQ_STATUS), 0);
}

#[test]
fn halt_is_an_error_not_a_hang_and_qreset_recovers() {
    let mut d = driver(LAYOUT);
    d.platform_mut().faults.add(LAYOUT.sq_base + 64, LAYOUT.sq_base + 128, AccessKind::Read, spec::resp::SLVERR);
    d.enable();
    d.submit(&Descriptor::nop(10)).unwrap();
    d.submit(&Descriptor::nop(11)).unwrap();
    assert_eq!(d.wait_completion().unwrap().tag, 10);
    let err = d.wait_completion().unwrap_err();
    assert_eq!(err, DriverError::Halted);
    assert!(err.to_string().contains("QRESET"));
    d.platform_mut().faults = golden::FaultMap::new();
    d.qreset().unwrap();
    // CQ slot 0 still held the old phase-1 entry of tag 10 before QRESET: the driver zeroed it,
    // so the next completion found there is the new one.
    d.submit(&Descriptor::nop(12)).unwrap();
    let c = d.wait_completion().unwrap();
    assert_eq!((c.tag, c.phase, c.sq_head), (12, 1, 1));
}

#[test]
fn wait_times_out_when_nothing_completes() {
    let mut d = driver(LAYOUT);
    d.set_poll_budget(10);
    d.submit(&Descriptor::nop(0)).unwrap();
    let err = d.wait_completion().unwrap_err();
    assert_eq!(err, DriverError::Timeout { waiting_for: "a completion", polls: 10 });
}

#[test]
fn csr_keys_load_zeroize_and_refuse_bad_arguments() {
    let cfg = DeviceConfig { key_sizes: KeySize::Aes128.caps_bit(), key_slots: 2, ..Default::default() };
    let mut d = Driver::new(GoldenPlatform::new(cfg).unwrap(), LAYOUT).unwrap();
    assert_eq!(d.load_key(2, &[0; 16]), Err(DriverError::BadKeySlot { slot: 2, slots: 2 }));
    let err = d.load_key(0, &[0; 24]).unwrap_err(); // 192 not offered
    assert!(err.to_string().contains("24-byte key"), "{err}");
    assert_eq!(d.load_key(0, &[0; 20]), Err(DriverError::BadKey { bytes: 20, caps_key_sizes: 1 }));
    assert_eq!(d.platform_mut().read32(regs::IRQ_STATUS), 0, "refused before touching the device");
    let key = [0x5Cu8; 16];
    d.load_key(1, &key).unwrap();
    d.enable();
    d.platform_mut().write_bytes(0x8000, &[0xAB; 32]);
    let job = Descriptor::ctr_xor_slot(1, 1, CounterWidth::W128, 0x8000, 0x9000, 32, [7; 16]);
    assert_eq!(d.run_all(&[job]).unwrap()[0].status, Status::Ok.code());
    let mut got = [0u8; 32];
    d.platform_mut().read_bytes(0x9000, &mut got);
    assert_eq!(got.to_vec(), common::ctr_reference(&key, [7; 16], CounterWidth::W128, &[0xAB; 32]));
    d.zeroize_key(1).unwrap();
    assert_eq!(d.run_all(&[job]).unwrap()[0].status, Status::BadKeySlot.code());
    d.load_key(0, &key).unwrap();
    d.zeroize_all_keys().unwrap();
    assert_eq!(d.run_all(&[Descriptor { key_slot: 0, ..job }]).unwrap()[0].status, Status::BadKeySlot.code());
}

/// A register block that is not the accelerator.
struct Absent;
impl RegisterAccess for Absent {
    fn read32(&mut self, _offset: u32) -> u32 {
        0xFFFF_FFFF
    }
    fn write32(&mut self, _offset: u32, _value: u32) {}
}

#[test]
fn new_refuses_other_devices_and_bad_layouts() {
    let err = Driver::new(Split { regs: Absent, memory: Memory::new() }, LAYOUT).err().unwrap();
    assert_eq!(err, DriverError::NotAnAccelerator { id: 0xFFFF_FFFF });
    assert!(err.to_string().contains("AESC"));
    for (layout, what) in [
        (RingLayout { sq_size: 3, ..LAYOUT }, "sq_size = 0x3"),
        (RingLayout { cq_size: 1 << 17, ..LAYOUT }, "cq_size = 0x20000"),
        (RingLayout { sq_base: 0x1_0020, ..LAYOUT }, "sq_base = 0x10020"),
        (RingLayout { cq_base: 0x2_0008, ..LAYOUT }, "cq_base = 0x20008"),
    ] {
        let err = Driver::new(golden(), layout).err().unwrap();
        assert!(err.to_string().contains(what), "{err}");
    }
}

/// GoldenPlatform that records every register access.
struct Recording {
    inner: GoldenPlatform,
    log: Vec<(char, u32, u32)>,
}
impl RegisterAccess for Recording {
    fn read32(&mut self, offset: u32) -> u32 {
        let v = self.inner.read32(offset);
        self.log.push(('r', offset, v));
        v
    }
    fn write32(&mut self, offset: u32, value: u32) {
        self.log.push(('w', offset, value));
        self.inner.write32(offset, value)
    }
}
impl HostMemory for Recording {
    fn write_bytes(&mut self, addr: u64, bytes: &[u8]) {
        self.inner.write_bytes(addr, bytes)
    }
    fn read_bytes(&mut self, addr: u64, buf: &mut [u8]) {
        self.inner.read_bytes(addr, buf)
    }
}

#[test]
fn register_traffic_is_the_documented_protocol() {
    let layout = RingLayout { sq_base: 0x1_2345_6780_0000, sq_size: 8, cq_base: 0x9_0000_0010, cq_size: 16 };
    let mut d = Driver::new(Recording { inner: golden(), log: Vec::new() }, layout).unwrap();
    let writes: Vec<(u32, u32)> =
        d.platform().log.iter().filter(|(k, _, _)| *k == 'w').map(|(_, o, v)| (*o, *v)).collect();
    assert_eq!(
        writes,
        [
            (regs::CTRL, regs::CTRL_QRESET.mask()),
            (regs::SQ_BASE_LO, 0x6780_0000),
            (regs::SQ_BASE_HI, 0x1_2345),
            (regs::CQ_BASE_LO, 0x0000_0010),
            (regs::CQ_BASE_HI, 0x9),
            (regs::SQ_SIZE, 8),
            (regs::CQ_SIZE, 16),
        ]
    );
    d.platform_mut().log.clear();
    d.load_key(0, &[0x01, 0x02, 0x03, 0x04, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]).unwrap();
    let log = &d.platform().log;
    assert_eq!(log[0], ('w', regs::key_data(0), 0x0403_0201), "KEY_DATA0[7:0] is key byte 0");
    assert_eq!(log[4], ('w', regs::KEY_CTRL, regs::KEY_CTRL_LOAD.mask()));
    assert!(log.iter().all(|(k, o, _)| *k == 'w' || *o == regs::STATUS), "only STATUS is read: {log:?}");
    d.platform_mut().log.clear();
    d.enable();
    d.submit_batch(&[Descriptor::nop(0), Descriptor::nop(1)]);
    let writes: Vec<(u32, u32)> =
        d.platform().log.iter().filter(|(k, _, _)| *k == 'w').map(|(_, o, v)| (*o, *v)).collect();
    assert_eq!(writes, [(regs::CTRL, 1), (regs::SQ_TAIL, 2)], "one doorbell per batch");
    assert_eq!(d.drain_completions().len(), 2);
    assert_eq!(d.platform().log.last(), Some(&('w', regs::CQ_HEAD, 2)));
}
