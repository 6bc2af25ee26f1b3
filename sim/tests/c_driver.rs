//! The portable C driver (`sw/aes_ctr_driver.c`, compiled by `sim/build.rs`) against the Verilated
//! accelerator of the default configuration, through a thin shim: its two hooks (32-bit register
//! access, memory access) are Rust `extern "C"` callbacks that drive the simulation harness (the
//! AXI4-Lite driver for registers, the AXI memory model's back door for memory). The scenarios of
//! `tests/driver.rs` (the Rust driver on the golden model): jobs through small wrapping rings with
//! every output byte checked against `golden::ctr`, ring capacity, the full completion ring waiting
//! for release, the interrupt and its acknowledgement, argument and job errors, a halt
//! reported as an error and QRESET recovering from it (polling CTRL.QRESET, SPEC §2).
//!
//! Random data uses a printed seed, replayable with `AESCTR_SEED=<n>`.

mod common;

mod accel_support;

use accel_support::{harness, Dut};
use golden::AccessKind;
use hdl::config::Config;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sim::axi_memory::AxiMemoryConfig;
use sim::driver::HostMemory;
use sim::RegisterAccess;
use spec::{regs, CounterWidth, Descriptor, Status};
use std::ffi::{c_char, c_int, c_void, CStr};

// ---- the C API (sw/aes_ctr_driver.h), mirrored -------------------------------------------------

#[repr(C)]
#[derive(Clone, Copy)]
struct Hooks {
    ctx: *mut c_void,
    reg_read: extern "C" fn(*mut c_void, u32) -> u32,
    reg_write: extern "C" fn(*mut c_void, u32, u32),
    mem_read: extern "C" fn(*mut c_void, u64, *mut c_void, usize),
    mem_write: extern "C" fn(*mut c_void, u64, *const c_void, usize),
}

#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
struct Caps {
    key_sizes: u32,
    bus_bytes: u32,
    key_slots: u32,
    lanes: u32,
    unaligned: u32,
}

#[repr(C)]
struct Dev {
    hooks: Hooks,
    caps: Caps,
    sq_base: u64,
    cq_base: u64,
    sq_size: u32,
    cq_size: u32,
    sq_tail: u32,
    sq_released: u32,
    cq_head: u32,
    phase: u32,
    ctrl: u32,
    poll_budget: u32,
}

/// `struct aesc_descriptor`.
#[repr(C)]
#[derive(Clone, Copy, Default)]
struct CDescriptor {
    opcode: u8,
    flags: u8,
    key_slot: u8,
    reserved0: u8,
    tag: u32,
    length: u32,
    reserved1: u32,
    src: u64,
    dst: u64,
    key_address: u64,
    reserved2: u64,
    counter: [u8; 16],
}

impl From<&Descriptor> for CDescriptor {
    fn from(d: &Descriptor) -> CDescriptor {
        CDescriptor {
            opcode: d.opcode,
            flags: d.flags,
            key_slot: d.key_slot,
            reserved0: d.reserved0,
            tag: d.tag,
            length: d.length,
            reserved1: d.reserved1,
            src: d.src,
            dst: d.dst,
            key_address: d.key_addr,
            reserved2: d.reserved2,
            counter: d.counter,
        }
    }
}

/// `struct aesc_cpl`.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Cpl {
    tag: u32,
    bytes: u32,
    sq_head: u16,
    status: u8,
    phase: u8,
}

const AESC_OK: c_int = 0;
const AESC_ERR_NOT_ACCEL: c_int = -1;
const AESC_ERR_BAD_RING: c_int = -2;
const AESC_ERR_RING_FULL: c_int = -3;
const AESC_ERR_BAD_KEY_SLOT: c_int = -4;
const AESC_ERR_BAD_KEY: c_int = -5;
const AESC_ERR_HALTED: c_int = -6;

extern "C" {
    fn aesc_strerror(err: c_int) -> *const c_char;
    fn aesc_init(dev: *mut Dev, hooks: *const Hooks, sq_base: u64, sq_size: u32, cq_base: u64, cq_size: u32) -> c_int;
    fn aesc_enable(dev: *mut Dev);
    fn aesc_set_irq_enable(dev: *mut Dev, mask: u32);
    fn aesc_ack_irq(dev: *mut Dev) -> u32;
    fn aesc_poll(dev: *mut Dev, out: *mut Cpl) -> c_int;
    fn aesc_release(dev: *mut Dev);
    fn aesc_load_key(dev: *mut Dev, slot: u32, key: *const u8, key_len: usize) -> c_int;
    fn aesc_zeroize_key(dev: *mut Dev, slot: u32) -> c_int;
    fn aesc_zeroize_all_keys(dev: *mut Dev) -> c_int;
    fn aesc_desc_encode(d: *const CDescriptor, out: *mut u8);
    fn aesc_free_slots(dev: *const Dev) -> u32;
    fn aesc_submit(dev: *mut Dev, descs: *const CDescriptor, n: u32) -> c_int;
    fn aesc_wait(dev: *mut Dev, out: *mut Cpl) -> c_int;
    fn aesc_run(dev: *mut Dev, descs: *const CDescriptor, n: u32, out: *mut Cpl) -> c_int;
    fn aesc_qreset(dev: *mut Dev) -> c_int;
}

// ---- the shim: hooks over the simulated device --------------------------------------------------

/// What the hooks drive: the Verilated accelerator and its memory, and a log of register accesses.
struct Platform {
    dut: Option<Dut>,
    log: Vec<(char, u32, u32)>,
}

fn platform(ctx: *mut c_void) -> &'static mut Platform {
    // SAFETY: ctx is the `Platform` that `Device::new` boxed; it outlives the C calls that pass it.
    unsafe { &mut *(ctx as *mut Platform) }
}

extern "C" fn reg_read(ctx: *mut c_void, offset: u32) -> u32 {
    let p = platform(ctx);
    let v = p.dut.as_mut().map_or(u32::MAX, |d| d.read32(offset));
    p.log.push(('r', offset, v));
    v
}

extern "C" fn reg_write(ctx: *mut c_void, offset: u32, value: u32) {
    let p = platform(ctx);
    if let Some(d) = p.dut.as_mut() {
        d.write32(offset, value);
    }
    p.log.push(('w', offset, value));
}

extern "C" fn mem_read(ctx: *mut c_void, addr: u64, buf: *mut c_void, len: usize) {
    // SAFETY: the driver passes a buffer of `len` writable bytes.
    let buf = unsafe { std::slice::from_raw_parts_mut(buf as *mut u8, len) };
    match platform(ctx).dut.as_mut() {
        Some(d) => d.read_bytes(addr, buf),
        None => buf.fill(0xFF),
    }
}

extern "C" fn mem_write(ctx: *mut c_void, addr: u64, buf: *const c_void, len: usize) {
    // SAFETY: the driver passes `len` readable bytes.
    let bytes = unsafe { std::slice::from_raw_parts(buf as *const u8, len) };
    if let Some(d) = platform(ctx).dut.as_mut() {
        d.write_bytes(addr, bytes);
    }
}

/// One C `struct aesc_dev` over one platform.
struct Device {
    dev: Box<Dev>,
    platform: Box<Platform>,
}

const SQ_BASE: u64 = 0x1_0000;
const CQ_BASE: u64 = 0x2_0000;

impl Device {
    /// `aesc_init` over `dut` (None: a bus where nothing answers, reads all ones).
    fn init(dut: Option<Dut>, sq_base: u64, sq_size: u32, cq_base: u64, cq_size: u32) -> (Device, c_int) {
        let mut platform = Box::new(Platform { dut, log: Vec::new() });
        let hooks =
            Hooks { ctx: &mut *platform as *mut Platform as *mut c_void, reg_read, reg_write, mem_read, mem_write };
        // aesc_init writes every field; start from zeros (and valid function pointers).
        let mut dev = Box::new(Dev {
            hooks,
            caps: Caps::default(),
            sq_base: 0,
            cq_base: 0,
            sq_size: 0,
            cq_size: 0,
            sq_tail: 0,
            sq_released: 0,
            cq_head: 0,
            phase: 0,
            ctrl: 0,
            poll_budget: 0,
        });
        // SAFETY: dev and hooks are valid for the call; hooks.ctx stays valid as long as `platform`.
        let r = unsafe { aesc_init(&mut *dev, &hooks, sq_base, sq_size, cq_base, cq_size) };
        (Device { dev, platform }, r)
    }

    fn new(sq_size: u32, cq_size: u32) -> Device {
        let dut =
            Dut { harness: harness(&Config::default(), AxiMemoryConfig { read_latency: 12, ..Default::default() }) };
        let (d, r) = Device::init(Some(dut), SQ_BASE, sq_size, CQ_BASE, cq_size);
        assert_eq!(r, AESC_OK, "aesc_init: {}", strerror(r));
        d
    }

    fn dut(&mut self) -> &mut Dut {
        self.platform.dut.as_mut().expect("a simulated device")
    }

    fn load_key(&mut self, slot: u32, key: &[u8]) -> c_int {
        // SAFETY: key is valid for key.len() bytes.
        unsafe { aesc_load_key(&mut *self.dev, slot, key.as_ptr(), key.len()) }
    }

    fn enable(&mut self) {
        // SAFETY: an initialised device.
        unsafe { aesc_enable(&mut *self.dev) }
    }

    fn submit(&mut self, ds: &[Descriptor]) -> c_int {
        let c: Vec<CDescriptor> = ds.iter().map(CDescriptor::from).collect();
        // SAFETY: c holds ds.len() descriptors.
        unsafe { aesc_submit(&mut *self.dev, c.as_ptr(), c.len() as u32) }
    }

    fn wait(&mut self) -> Result<Cpl, c_int> {
        let mut c = Cpl::default();
        // SAFETY: c is a valid out pointer.
        match unsafe { aesc_wait(&mut *self.dev, &mut c) } {
            AESC_OK => Ok(c),
            e => Err(e),
        }
    }

    fn run(&mut self, ds: &[Descriptor]) -> Vec<Cpl> {
        let c: Vec<CDescriptor> = ds.iter().map(CDescriptor::from).collect();
        let mut out = vec![Cpl::default(); ds.len()];
        // SAFETY: c and out hold ds.len() entries each.
        let r = unsafe { aesc_run(&mut *self.dev, c.as_ptr(), c.len() as u32, out.as_mut_ptr()) };
        assert_eq!(r, AESC_OK, "aesc_run: {}", strerror(r));
        out
    }

    fn poll(&mut self) -> Option<Cpl> {
        let mut c = Cpl::default();
        // SAFETY: c is a valid out pointer.
        (unsafe { aesc_poll(&mut *self.dev, &mut c) } == 1).then_some(c)
    }

    fn irq(&mut self) -> bool {
        let model = self.dut().harness.model();
        model.get_bool(model.output("irq").expect("irq port"))
    }

    fn qreset(&mut self) -> c_int {
        // SAFETY: an initialised device.
        unsafe { aesc_qreset(&mut *self.dev) }
    }

    fn free_slots(&self) -> u32 {
        // SAFETY: an initialised device.
        unsafe { aesc_free_slots(&*self.dev) }
    }
}

fn strerror(err: c_int) -> String {
    // SAFETY: aesc_strerror returns a static NUL-terminated string for any value.
    unsafe { CStr::from_ptr(aesc_strerror(err)) }.to_string_lossy().into_owned()
}

// ---- scenarios ------------------------------------------------------------------------------

#[test]
fn c_driver_runs_jobs_through_wrapping_rings_matching_golden() {
    let seed = common::seed(0xC_D21E);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut d = Device::new(4, 4);
    let caps = d.dut().read32(regs::CAPS);
    assert_eq!(d.dev.caps.key_slots, regs::CAPS_KEY_SLOTS.get(caps), "CAPS decoded");
    let key: Vec<u8> = (0..32).map(|_| rng.gen()).collect();
    assert_eq!(d.load_key(2, &key), AESC_OK);
    d.enable();
    let mut jobs = Vec::new();
    let mut expected = Vec::new();
    for n in 0..9u32 {
        let len = if n == 0 { 0 } else { rng.gen_range(1..200usize) };
        let src = 0x10_0000 + 0x1000 * n as u64;
        let dst = 0x40_0000 + 0x1000 * n as u64;
        let plain: Vec<u8> = (0..len).map(|_| rng.gen()).collect();
        let counter0: [u8; 16] = rng.gen();
        d.dut().write_bytes(src, &plain);
        let job = Descriptor::ctr_xor_slot(0x1000 + n, 2, CounterWidth::W32, src, dst, len as u32, counter0);
        // The C encoder writes the bytes the spec crate defines.
        let mut encoded = [0u8; 64];
        // SAFETY: encoded holds AESC_DESCRIPTOR_BYTES bytes.
        unsafe { aesc_desc_encode(&CDescriptor::from(&job), encoded.as_mut_ptr()) };
        assert_eq!(encoded, job.to_bytes(), "aesc_desc_encode of job {n}");
        jobs.push(job);
        expected.push((dst, common::ctr_reference(&key, counter0, CounterWidth::W32, &plain)));
    }
    let done = d.run(&jobs);
    // 9 jobs through 4-entry rings: both rings wrap twice, so both phases are used.
    for (n, c) in done.iter().enumerate() {
        let want_phase = if (n / 4) % 2 == 0 { 1 } else { 0 };
        assert_eq!(
            (c.tag, c.status, c.bytes, c.sq_head, c.phase),
            (0x1000 + n as u32, Status::Ok.code(), expected[n].1.len() as u32, ((n + 1) % 4) as u16, want_phase),
            "completion {n}"
        );
        let mut got = vec![0; expected[n].1.len()];
        d.dut().read_bytes(expected[n].0, &mut got);
        assert_eq!(got, expected[n].1, "job {n} output differs from golden (seed {seed})");
    }
    let dut = d.dut();
    assert_eq!((dut.read32(regs::JOBS_OK), dut.read32(regs::SQ_HEAD), dut.read32(regs::CQ_TAIL)), (9, 1, 1));
    assert!(dut.harness.failure().is_none() && dut.harness.bus_errors().is_empty());
}

#[test]
fn c_driver_reports_argument_and_job_errors() {
    // Nothing on the bus: reads all ones.
    let (_, r) = Device::init(None, SQ_BASE, 4, CQ_BASE, 4);
    assert_eq!(r, AESC_ERR_NOT_ACCEL);
    assert!(strerror(r).contains("AESC"), "{}", strerror(r));

    let mut d = Device::new(4, 4);
    // Bad rings, on the same live device (re-initialised each time).
    for (sq_base, sq_size, cq_base, cq_size) in [
        (SQ_BASE, 3, CQ_BASE, 4),
        (SQ_BASE + 0x20, 4, CQ_BASE, 4),
        (SQ_BASE, 4, CQ_BASE + 8, 4),
        (SQ_BASE, 4, CQ_BASE, 1 << 17),
    ] {
        let hooks =
            Hooks { ctx: &mut *d.platform as *mut Platform as *mut c_void, reg_read, reg_write, mem_read, mem_write };
        // SAFETY: as in Device::init.
        let r = unsafe { aesc_init(&mut *d.dev, &hooks, sq_base, sq_size, cq_base, cq_size) };
        assert_eq!(r, AESC_ERR_BAD_RING, "ring {sq_base:#x}/{sq_size} {cq_base:#x}/{cq_size}");
    }
    let hooks =
        Hooks { ctx: &mut *d.platform as *mut Platform as *mut c_void, reg_read, reg_write, mem_read, mem_write };
    // SAFETY: as in Device::init.
    assert_eq!(unsafe { aesc_init(&mut *d.dev, &hooks, SQ_BASE, 4, CQ_BASE, 4) }, AESC_OK);

    // Keys refused before the device is touched.
    let slots = d.dev.caps.key_slots;
    d.platform.log.clear();
    assert_eq!(d.load_key(slots, &[0; 16]), AESC_ERR_BAD_KEY_SLOT);
    assert_eq!(d.load_key(0, &[0; 20]), AESC_ERR_BAD_KEY);
    assert!(d.platform.log.is_empty(), "refused arguments touched the device: {:?}", d.platform.log);

    // Ring capacity: SQ_SIZE - 1 while disabled, then RING_FULL.
    assert_eq!(d.submit(&[Descriptor::nop(0), Descriptor::nop(1), Descriptor::nop(2), Descriptor::nop(3)]), 3);
    assert_eq!(d.submit(&[Descriptor::nop(3)]), AESC_ERR_RING_FULL);
    assert!(strerror(AESC_ERR_RING_FULL).contains("full"));
    d.enable();
    for tag in 0..3 {
        assert_eq!(d.wait().map(|c| c.tag), Ok(tag));
    }
    assert_eq!(d.free_slots(), 3);

    // Job errors come back as completion statuses, with their names from the header.
    let key = [0x5Cu8; 16];
    assert_eq!(d.load_key(1, &key), AESC_OK);
    d.dut().write_bytes(0x8000, &[0xAB; 32]);
    let good = Descriptor::ctr_xor_slot(1, 1, CounterWidth::W128, 0x8000, 0x9000, 32, [7; 16]);
    let unloaded = Descriptor { tag: 2, key_slot: 0, ..good };
    let bad_opcode = Descriptor { tag: 3, opcode: 0x7F, ..good };
    let mut jobs = vec![good, unloaded, bad_opcode];
    let mut want = vec![Status::Ok, Status::BadKeySlot, Status::BadOpcode];
    if d.dev.caps.unaligned == 0 {
        jobs.push(Descriptor { tag: 4, src: 0x8001, ..good });
        want.push(Status::Unaligned);
    }
    let done = d.run(&jobs);
    let statuses: Vec<u8> = done.iter().map(|c| c.status).collect();
    assert_eq!(statuses, want.iter().map(|s| s.code()).collect::<Vec<_>>());
    assert_eq!(done[1].bytes, 0, "no data for an error");
    let mut got = [0u8; 32];
    d.dut().read_bytes(0x9000, &mut got);
    assert_eq!(got.to_vec(), common::ctr_reference(&key, [7; 16], CounterWidth::W128, &[0xAB; 32]));
    assert_eq!(d.dut().read32(regs::JOBS_ERR), want.len() as u32 - 1);
    // SAFETY: an initialised device.
    assert_eq!(unsafe { aesc_zeroize_key(&mut *d.dev, 1) }, AESC_OK);
    assert_eq!(d.run(&[Descriptor { tag: 5, ..good }])[0].status, Status::BadKeySlot.code());
    assert_eq!(d.load_key(3, &key), AESC_OK);
    // SAFETY: an initialised device.
    assert_eq!(unsafe { aesc_zeroize_all_keys(&mut *d.dev) }, AESC_OK);
    assert_eq!(d.run(&[Descriptor { tag: 6, key_slot: 3, ..good }])[0].status, Status::BadKeySlot.code());
}

#[test]
fn c_driver_register_traffic_is_the_documented_protocol() {
    let dut = Dut { harness: harness(&Config::default(), AxiMemoryConfig::default()) };
    let (sq_base, cq_base) = (0x1_2345_6780_0000, 0x9_0000_0010);
    let (mut d, r) = Device::init(Some(dut), sq_base, 8, cq_base, 16);
    assert_eq!(r, AESC_OK);
    let writes: Vec<(u32, u32)> =
        d.platform.log.iter().filter(|(k, _, _)| *k == 'w').map(|(_, o, v)| (*o, *v)).collect();
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
    d.platform.log.clear();
    assert_eq!(d.load_key(0, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]), AESC_OK);
    let log = &d.platform.log;
    assert_eq!(log[0], ('w', regs::key_data(0), 0x0403_0201), "KEY_DATA0[7:0] is key byte 0");
    assert_eq!(log[4], ('w', regs::KEY_CTRL, regs::KEY_CTRL_LOAD.mask()));
    assert!(log.iter().all(|(k, o, _)| *k == 'w' || *o == regs::STATUS), "only STATUS is read: {log:?}");
    d.platform.log.clear();
    assert_eq!(d.submit(&[Descriptor::nop(0), Descriptor::nop(1)]), 2);
    assert_eq!(d.platform.log, [('w', regs::SQ_TAIL, 2)], "one doorbell per batch");
}

#[test]
fn c_driver_reports_a_halt_and_qreset_recovers() {
    let mut d = Device::new(4, 4);
    let key: Vec<u8> = (0..16).collect();
    assert_eq!(d.load_key(0, &key), AESC_OK);
    // The descriptor fetch of SQ slot 1 fails: the engine halts after the first NOP.
    let memory = d.dut().harness.memory_mut().expect("AXI memory");
    memory.faults.add(SQ_BASE + 64, SQ_BASE + 128, AccessKind::Read, spec::resp::SLVERR);
    d.enable();
    assert_eq!(d.submit(&[Descriptor::nop(10), Descriptor::nop(11)]), 2);
    assert_eq!(d.wait().map(|c| c.tag), Ok(10));
    let err = d.wait().unwrap_err();
    assert_eq!(err, AESC_ERR_HALTED);
    assert!(strerror(err).contains("QRESET"), "{}", strerror(err));
    assert_ne!(regs::STATUS_HALTED.get(d.dut().read32(regs::STATUS)), 0);

    d.dut().harness.memory_mut().expect("AXI memory").faults = golden::FaultMap::new();
    d.platform.log.clear();
    assert_eq!(d.qreset(), AESC_OK);
    // QRESET written with ENABLE kept, then CTRL polled until QRESET reads 0.
    let log = &d.platform.log;
    assert_eq!(log[0], ('w', regs::CTRL, regs::CTRL_ENABLE.mask() | regs::CTRL_QRESET.mask()));
    let polls: Vec<u32> = log.iter().filter(|(k, o, _)| *k == 'r' && *o == regs::CTRL).map(|(_, _, v)| *v).collect();
    assert!(!polls.is_empty(), "CTRL.QRESET never polled: {log:?}");
    assert_eq!(regs::CTRL_QRESET.get(*polls.last().unwrap()), 0, "polling stopped before QRESET read 0");
    let dut = d.dut();
    assert_eq!(regs::STATUS_HALTED.get(dut.read32(regs::STATUS)), 0, "QRESET leaves HALTED");
    assert_eq!((dut.read32(regs::SQ_HEAD), dut.read32(regs::CQ_TAIL)), (0, 0), "ring indices after QRESET");

    // CQ slot 0 held the phase-1 entry of tag 10: the driver zeroed it, so what it finds there now is new.
    assert_eq!(d.submit(&[Descriptor::nop(12)]), 1);
    let c = d.wait().expect("completion after QRESET");
    assert_eq!((c.tag, c.phase, c.sq_head), (12, 1, 1));
    // Key slots survive QRESET: a job with slot 0 still matches golden.
    d.dut().write_bytes(0x8000, &[0x3C; 48]);
    let job = Descriptor::ctr_xor_slot(13, 0, CounterWidth::W64, 0x8000, 0xA000, 48, [0xF0; 16]);
    let done = d.run(&[job]);
    assert_eq!((done[0].tag, done[0].status, done[0].bytes), (13, Status::Ok.code(), 48));
    let mut got = [0u8; 48];
    d.dut().read_bytes(0xA000, &mut got);
    assert_eq!(got.to_vec(), common::ctr_reference(&key, [0xF0; 16], CounterWidth::W64, &[0x3C; 48]));
}

#[test]
fn c_driver_full_completion_ring_waits_for_release_and_irq_is_acknowledged() {
    let mut d = Device::new(8, 4);
    let mask = regs::IRQ_COMPLETION.mask() | regs::IRQ_ERROR.mask();
    // SAFETY: an initialised device.
    unsafe { aesc_set_irq_enable(&mut *d.dev, mask) };
    d.enable();
    let nops: Vec<Descriptor> = (0..7).map(|t| Descriptor::nop(t).with_irq(t == 2)).collect();
    assert_eq!(d.submit(&nops), 7);
    d.dut().harness.run(3_000).expect("run");
    assert!(d.irq(), "irq low after a completion with flag IRQ");
    // A CQ of 4 holds 3 unreleased completions; polling without release finds no more.
    let tags: Vec<u32> = std::iter::from_fn(|| d.poll()).map(|c| c.tag).collect();
    assert_eq!(tags, [0, 1, 2]);
    assert_eq!(d.dut().read32(regs::SQ_HEAD), 3, "descriptors fetched without a free completion slot");
    // SAFETY: an initialised device.
    assert_eq!(unsafe { aesc_ack_irq(&mut *d.dev) }, regs::IRQ_COMPLETION.mask());
    d.dut().harness.run(4).expect("run");
    assert!(!d.irq(), "irq still high after IRQ_STATUS was acknowledged");
    // SAFETY: an initialised device.
    unsafe { aesc_release(&mut *d.dev) };
    let rest: Vec<u32> = (0..4).map(|_| d.wait().expect("completion after release").tag).collect();
    assert_eq!(rest, [3, 4, 5, 6]);
    assert_eq!(d.dut().read32(regs::IRQ_STATUS), 0, "no further IRQ without flag IRQ");
}
