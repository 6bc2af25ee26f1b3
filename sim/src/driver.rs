//! Software driver for the accelerator's ring protocol (SPEC.md §2–§4).
//!
//! Written only against [`RegisterAccess`] (32-bit register reads/writes)
//! and [`HostMemory`] (bytes at bus addresses), so the same code drives the
//! Verilator model, the golden device model ([`GoldenPlatform`]) and real
//! hardware through a mapped BAR plus a DMA buffer ([`Split`] joins two
//! separate objects). It never assumes anything the hardware does not
//! promise: completions are found by their phase bit, submission slots are
//! reused only once a completion's `sq_head` has released them, completion
//! slots are released through CQ_HEAD.
//!
//! API ([`Driver`]):
//! - [`Driver::new`]: check ID, read CAPS, QRESET, program both rings
//!   (bases, sizes) with the engine disabled, zero the completion ring;
//!   [`Driver::enable`] / [`Driver::disable`].
//! - Keys through the CSR path: [`Driver::load_key`], [`Driver::zeroize_key`],
//!   [`Driver::zeroize_all_keys`] (arguments checked against CAPS first).
//! - [`Driver::submit`] / [`Driver::submit_batch`]: write descriptors into the
//!   SQ and ring the doorbell once, never holding more than SQ_SIZE − 1.
//! - [`Driver::poll_completion`] (phase bit, no register access),
//!   [`Driver::release`] (CQ_HEAD), [`Driver::wait_completion`] (poll + release,
//!   reading STATUS between polls so a halt is an error, never a hang),
//!   [`Driver::wait_completions_irq`] (sleeps in a caller-supplied irq wait),
//!   [`Driver::run_all`] (submit a list, collect every completion in order).
//! - [`Driver::qreset`]: QRESET, poll until CTRL.QRESET reads 0, zero the completion ring,
//!   restart the software indices.
//!
//! On real hardware `HostMemory::read_bytes` must be a coherent read (with
//! whatever barrier the platform needs after seeing the phase bit).
//! Latency: one register write per doorbell and per release; polling costs
//! one STATUS read per empty poll.

use crate::regs_access::RegisterAccess;
use golden::device::{ConfigError, Device, DeviceConfig};
use golden::{FaultMap, Memory};
use spec::completion::COMPLETION_BYTES;
use spec::descriptor::DESCRIPTOR_BYTES;
use spec::{regs, Completion, Descriptor, KeySize};
use std::fmt;

/// Byte access to the memory the accelerator's AXI4 master sees.
pub trait HostMemory {
    fn write_bytes(&mut self, addr: u64, bytes: &[u8]);
    fn read_bytes(&mut self, addr: u64, buf: &mut [u8]);
}

/// A register block and a host memory that are separate objects (a BAR
/// and a DMA buffer) joined into one platform.
pub struct Split<R, M> {
    pub regs: R,
    pub memory: M,
}

impl<R: RegisterAccess, M> RegisterAccess for Split<R, M> {
    fn read32(&mut self, offset: u32) -> u32 {
        self.regs.read32(offset)
    }
    fn write32(&mut self, offset: u32, value: u32) {
        self.regs.write32(offset, value)
    }
}

impl<R, M: HostMemory> HostMemory for Split<R, M> {
    fn write_bytes(&mut self, addr: u64, bytes: &[u8]) {
        self.memory.write_bytes(addr, bytes)
    }
    fn read_bytes(&mut self, addr: u64, buf: &mut [u8]) {
        self.memory.read_bytes(addr, buf)
    }
}

impl HostMemory for Memory {
    fn write_bytes(&mut self, addr: u64, bytes: &[u8]) {
        self.load(addr, bytes);
    }
    fn read_bytes(&mut self, addr: u64, buf: &mut [u8]) {
        for (i, b) in buf.iter_mut().enumerate() {
            *b = self.read_u8(addr.wrapping_add(i as u64));
        }
    }
}

/// The golden device model with its memory and fault map, seen as a
/// platform: register writes run the model, host memory is its [`Memory`].
#[derive(Clone, Debug)]
pub struct GoldenPlatform {
    pub device: Device,
    pub memory: Memory,
    pub faults: FaultMap,
}

impl GoldenPlatform {
    pub fn new(cfg: DeviceConfig) -> Result<GoldenPlatform, ConfigError> {
        Ok(GoldenPlatform { device: Device::new(cfg)?, memory: Memory::new(), faults: FaultMap::new() })
    }
}

impl RegisterAccess for GoldenPlatform {
    fn read32(&mut self, offset: u32) -> u32 {
        self.device.read_reg(offset)
    }
    fn write32(&mut self, offset: u32, value: u32) {
        self.device.write_reg(&mut self.memory, &self.faults, offset, value);
    }
}

impl HostMemory for GoldenPlatform {
    fn write_bytes(&mut self, addr: u64, bytes: &[u8]) {
        self.memory.load(addr, bytes);
    }
    fn read_bytes(&mut self, addr: u64, buf: &mut [u8]) {
        self.memory.read_bytes(addr, buf);
    }
}

/// Where the rings live and how big they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RingLayout {
    /// Submission ring base, 64-byte aligned.
    pub sq_base: u64,
    /// Submission ring entries: a power of two, 2..=65536.
    pub sq_size: u32,
    /// Completion ring base, 16-byte aligned.
    pub cq_base: u64,
    /// Completion ring entries: a power of two, 2..=65536.
    pub cq_size: u32,
}

/// The CAPS register, decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Caps {
    /// Mask of `KeySize::caps_bit`.
    pub key_sizes: u32,
    pub bus_bytes: u32,
    pub key_slots: u32,
    pub lanes: u32,
    pub unaligned: bool,
}

impl Caps {
    pub fn decode(caps: u32) -> Caps {
        Caps {
            key_sizes: regs::CAPS_KEY_SIZES.get(caps),
            bus_bytes: 1 << regs::CAPS_LOG2_BUS_BYTES.get(caps),
            key_slots: regs::CAPS_KEY_SLOTS.get(caps),
            lanes: regs::CAPS_LANES.get(caps),
            unaligned: regs::CAPS_UNALIGNED.get(caps) != 0,
        }
    }
    pub fn supports(&self, size: KeySize) -> bool {
        self.key_sizes & size.caps_bit() != 0
    }
}

/// Everything the driver refuses or gives up on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DriverError {
    /// The ID register did not read "AESC".
    NotAnAccelerator { id: u32 },
    /// A ring size or base the hardware would not accept.
    BadRing { what: &'static str, value: u64, allowed: &'static str },
    /// No free submission slot (SQ_SIZE − 1 descriptors outstanding).
    RingFull { outstanding: u32 },
    /// Key slot outside CAPS.
    BadKeySlot { slot: u32, slots: u32 },
    /// Key length not 16/24/32 bytes, or a size CAPS does not offer.
    BadKey { bytes: usize, caps_key_sizes: u32 },
    /// STATUS.HALTED: a descriptor fetch or completion write failed; only QRESET helps.
    Halted,
    /// Nothing happened within the poll budget.
    Timeout { waiting_for: &'static str, polls: u32 },
}

impl fmt::Display for DriverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DriverError::NotAnAccelerator { id } => {
                write!(f, "ID register reads {id:#010x}, not {:#010x} (\"AESC\"): not this accelerator", regs::ID_VALUE)
            }
            DriverError::BadRing { what, value, allowed } => write!(f, "{what} = {value:#x} is not allowed ({allowed})"),
            DriverError::RingFull { outstanding } => {
                write!(f, "submission ring full: {outstanding} descriptors outstanding; wait for completions")
            }
            DriverError::BadKeySlot { slot, slots } => {
                write!(f, "key slot {slot} does not exist: CAPS reports {slots} slots (0..{slots})")
            }
            DriverError::BadKey { bytes, caps_key_sizes } => write!(
                f,
                "a {bytes}-byte key is not usable: keys are 16, 24 or 32 bytes and CAPS offers mask {caps_key_sizes:#05b} \
                 (bit0 128, bit1 192, bit2 256)"
            ),
            DriverError::Halted => {
                write!(f, "the accelerator halted (descriptor fetch or completion write failed); QRESET to recover")
            }
            DriverError::Timeout { waiting_for, polls } => write!(f, "timed out after {polls} polls waiting for {waiting_for}"),
        }
    }
}

impl std::error::Error for DriverError {}

/// Default number of polls before a wait gives up.
pub const DEFAULT_POLL_BUDGET: u32 = 1_000_000;

/// The ring-protocol driver over one platform.
pub struct Driver<P: RegisterAccess + HostMemory> {
    platform: P,
    layout: RingLayout,
    caps: Caps,
    /// Next SQ slot software fills.
    sq_tail: u32,
    /// Every SQ slot before this one has been released by a completion.
    sq_released: u32,
    /// Next CQ slot software reads.
    cq_head: u32,
    /// Phase of a valid entry at `cq_head`.
    phase: bool,
    enabled: bool,
    poll_budget: u32,
}

impl<P: RegisterAccess + HostMemory> Driver<P> {
    /// Probe the device, reset its queues and program the rings (disabled).
    pub fn new(mut platform: P, layout: RingLayout) -> Result<Driver<P>, DriverError> {
        let id = platform.read32(regs::ID);
        if id != regs::ID_VALUE {
            return Err(DriverError::NotAnAccelerator { id });
        }
        for (what, size) in [("sq_size", layout.sq_size), ("cq_size", layout.cq_size)] {
            if !spec::ring_size_valid(size) {
                return Err(DriverError::BadRing { what, value: size as u64, allowed: "a power of two in 2..=65536" });
            }
        }
        if !layout.sq_base.is_multiple_of(spec::SQ_BASE_ALIGN) {
            return Err(DriverError::BadRing { what: "sq_base", value: layout.sq_base, allowed: "64-byte aligned" });
        }
        if !layout.cq_base.is_multiple_of(spec::CQ_BASE_ALIGN) {
            return Err(DriverError::BadRing { what: "cq_base", value: layout.cq_base, allowed: "16-byte aligned" });
        }
        let caps = Caps::decode(platform.read32(regs::CAPS));
        let mut driver = Driver {
            platform,
            layout,
            caps,
            sq_tail: 0,
            sq_released: 0,
            cq_head: 0,
            phase: true,
            enabled: false,
            poll_budget: DEFAULT_POLL_BUDGET,
        };
        // Disabled, queues reset (also leaves HALTED), rings programmed.
        driver.platform.write32(regs::CTRL, regs::CTRL_QRESET.mask());
        driver.wait_qreset()?;
        driver.zero_completion_ring();
        let p = &mut driver.platform;
        p.write32(regs::SQ_BASE_LO, layout.sq_base as u32);
        p.write32(regs::SQ_BASE_HI, (layout.sq_base >> 32) as u32);
        p.write32(regs::CQ_BASE_LO, layout.cq_base as u32);
        p.write32(regs::CQ_BASE_HI, (layout.cq_base >> 32) as u32);
        p.write32(regs::SQ_SIZE, layout.sq_size);
        p.write32(regs::CQ_SIZE, layout.cq_size);
        Ok(driver)
    }

    /// Polls a wait makes before giving up.
    pub fn set_poll_budget(&mut self, polls: u32) {
        self.poll_budget = polls.max(1);
    }

    pub fn caps(&self) -> Caps {
        self.caps
    }

    pub fn layout(&self) -> RingLayout {
        self.layout
    }

    pub fn platform(&self) -> &P {
        &self.platform
    }

    pub fn platform_mut(&mut self) -> &mut P {
        &mut self.platform
    }

    pub fn into_platform(self) -> P {
        self.platform
    }

    /// CTRL.ENABLE = 1: the hardware fetches descriptors.
    pub fn enable(&mut self) {
        self.enabled = true;
        self.platform.write32(regs::CTRL, regs::CTRL_ENABLE.mask());
    }

    /// CTRL.ENABLE = 0: the hardware stops after the job in flight.
    pub fn disable(&mut self) {
        self.enabled = false;
        self.platform.write32(regs::CTRL, 0);
    }

    /// IRQ_ENABLE = `mask` (bits of IRQ_STATUS).
    pub fn set_irq_enable(&mut self, mask: u32) {
        self.platform.write32(regs::IRQ_ENABLE, mask);
    }

    /// Read IRQ_STATUS and clear the bits read (W1C); returns them.
    pub fn acknowledge_irq(&mut self) -> u32 {
        let status = self.platform.read32(regs::IRQ_STATUS);
        if status != 0 {
            self.platform.write32(regs::IRQ_STATUS, status);
        }
        status
    }

    // ---- keys ----------------------------------------------------------------

    fn check_slot(&self, slot: u32) -> Result<(), DriverError> {
        if slot >= self.caps.key_slots {
            return Err(DriverError::BadKeySlot { slot, slots: self.caps.key_slots });
        }
        Ok(())
    }

    /// Load `key` (16, 24 or 32 bytes) into `slot` through KEY_DATA/KEY_CTRL
    /// and wait for the expansion to finish. For an idle engine (SPEC §2).
    pub fn load_key(&mut self, slot: u32, key: &[u8]) -> Result<(), DriverError> {
        self.check_slot(slot)?;
        let size = KeySize::ALL
            .into_iter()
            .find(|k| k.bytes() == key.len() && self.caps.supports(*k))
            .ok_or(DriverError::BadKey { bytes: key.len(), caps_key_sizes: self.caps.key_sizes })?;
        for (n, word) in key.chunks(4).enumerate() {
            let word = u32::from_le_bytes(word.try_into().expect("key lengths are multiples of 4"));
            self.platform.write32(regs::key_data(n as u32), word);
        }
        self.platform.write32(
            regs::KEY_CTRL,
            regs::KEY_CTRL_SLOT.put(slot) | regs::KEY_CTRL_SIZE.put(size.code() as u32) | regs::KEY_CTRL_LOAD.mask(),
        );
        self.wait_key_idle()
    }

    /// Zeroize one key slot.
    pub fn zeroize_key(&mut self, slot: u32) -> Result<(), DriverError> {
        self.check_slot(slot)?;
        self.platform.write32(regs::KEY_CTRL, regs::KEY_CTRL_SLOT.put(slot) | regs::KEY_CTRL_ZEROIZE.mask());
        self.wait_key_idle()
    }

    /// Zeroize every key slot.
    pub fn zeroize_all_keys(&mut self) -> Result<(), DriverError> {
        self.platform.write32(regs::KEY_CTRL, regs::KEY_CTRL_ZEROIZE_ALL.mask());
        self.wait_key_idle()
    }

    fn wait_key_idle(&mut self) -> Result<(), DriverError> {
        for _ in 0..self.poll_budget {
            if regs::STATUS_KEY_BUSY.get(self.platform.read32(regs::STATUS)) == 0 {
                return Ok(());
            }
        }
        Err(DriverError::Timeout { waiting_for: "STATUS.KEY_BUSY to clear", polls: self.poll_budget })
    }

    /// Polls CTRL until QRESET reads 0: the flush and the queue reset are then complete and the
    /// ring indices read 0 (SPEC §2). No other wait is needed.
    fn wait_qreset(&mut self) -> Result<(), DriverError> {
        for _ in 0..self.poll_budget {
            if regs::CTRL_QRESET.get(self.platform.read32(regs::CTRL)) == 0 {
                return Ok(());
            }
        }
        Err(DriverError::Timeout { waiting_for: "CTRL.QRESET to clear", polls: self.poll_budget })
    }

    // ---- submission ------------------------------------------------------------

    /// Descriptors submitted whose SQ slots no completion has released yet.
    pub fn outstanding(&self) -> u32 {
        (self.sq_tail + self.layout.sq_size - self.sq_released) % self.layout.sq_size
    }

    /// Descriptors that can be submitted now (the SQ holds SQ_SIZE − 1).
    pub fn free_slots(&self) -> u32 {
        self.layout.sq_size - 1 - self.outstanding()
    }

    fn write_descriptor(&mut self, d: &Descriptor) -> u32 {
        let index = self.sq_tail;
        let addr = self.layout.sq_base + (DESCRIPTOR_BYTES as u64) * index as u64;
        self.platform.write_bytes(addr, &d.to_bytes());
        self.sq_tail = (index + 1) % self.layout.sq_size;
        index
    }

    fn ring_doorbell(&mut self) {
        self.platform.write32(regs::SQ_TAIL, self.sq_tail);
    }

    /// Submit one descriptor; returns its SQ index.
    pub fn submit(&mut self, d: &Descriptor) -> Result<u32, DriverError> {
        if self.free_slots() == 0 {
            return Err(DriverError::RingFull { outstanding: self.outstanding() });
        }
        let index = self.write_descriptor(d);
        self.ring_doorbell();
        Ok(index)
    }

    /// Submit as many of `ds` as fit, with one doorbell; returns how many.
    pub fn submit_batch(&mut self, ds: &[Descriptor]) -> usize {
        let n = ds.len().min(self.free_slots() as usize);
        for d in &ds[..n] {
            self.write_descriptor(d);
        }
        if n > 0 {
            self.ring_doorbell();
        }
        n
    }

    // ---- completion ------------------------------------------------------------

    fn completion_addr(&self, index: u32) -> u64 {
        self.layout.cq_base + (COMPLETION_BYTES as u64) * index as u64
    }

    fn zero_completion_ring(&mut self) {
        let zeros = vec![0u8; COMPLETION_BYTES * self.layout.cq_size as usize];
        let base = self.layout.cq_base;
        self.platform.write_bytes(base, &zeros);
    }

    /// The completion at CQ_HEAD if its phase bit says it is new; consumes it
    /// (releasing its SQ slots) but does not write CQ_HEAD: call [`Driver::release`].
    pub fn poll_completion(&mut self) -> Option<Completion> {
        let mut bytes = [0u8; COMPLETION_BYTES];
        let addr = self.completion_addr(self.cq_head);
        self.platform.read_bytes(addr, &mut bytes);
        let c = Completion::from_bytes(&bytes);
        if c.phase_bit() != self.phase {
            return None;
        }
        self.cq_head = (self.cq_head + 1) % self.layout.cq_size;
        if self.cq_head == 0 {
            self.phase = !self.phase;
        }
        self.sq_released = c.sq_head as u32 % self.layout.sq_size;
        Some(c)
    }

    /// Tell the hardware every consumed completion slot may be reused (CQ_HEAD).
    pub fn release(&mut self) {
        self.platform.write32(regs::CQ_HEAD, self.cq_head);
    }

    fn check_halted(&mut self) -> Result<(), DriverError> {
        if regs::STATUS_HALTED.get(self.platform.read32(regs::STATUS)) != 0 {
            return Err(DriverError::Halted);
        }
        Ok(())
    }

    /// Poll for the next completion (reading STATUS between polls), release
    /// its slot and return it. Errors on HALTED or when the budget runs out.
    pub fn wait_completion(&mut self) -> Result<Completion, DriverError> {
        for _ in 0..self.poll_budget {
            if let Some(c) = self.poll_completion() {
                self.release();
                return Ok(c);
            }
            self.check_halted()?;
        }
        Err(DriverError::Timeout { waiting_for: "a completion", polls: self.poll_budget })
    }

    /// Consume and release every completion available now.
    pub fn drain_completions(&mut self) -> Vec<Completion> {
        let mut out = Vec::new();
        while let Some(c) = self.poll_completion() {
            out.push(c);
        }
        if !out.is_empty() {
            self.release();
        }
        out
    }

    /// Wait for completions by interrupt: `wait_irq(platform)` waits for the
    /// `irq` line (e.g. steps the simulator, or sleeps on the OS interrupt) and
    /// returns whether it is asserted. After each wake-up IRQ_STATUS is
    /// acknowledged and every available completion collected. Needs
    /// IRQ_ENABLE set and descriptors with flag IRQ (or errors) to wake up.
    pub fn wait_completions_irq(
        &mut self,
        mut wait_irq: impl FnMut(&mut P) -> bool,
    ) -> Result<Vec<Completion>, DriverError> {
        for _ in 0..self.poll_budget {
            let done = self.drain_completions();
            if !done.is_empty() {
                self.acknowledge_irq();
                return Ok(done);
            }
            if wait_irq(&mut self.platform) {
                let status = self.acknowledge_irq();
                let done = self.drain_completions();
                if !done.is_empty() {
                    return Ok(done);
                }
                if status & regs::IRQ_ERROR.mask() != 0 {
                    self.check_halted()?;
                }
            }
        }
        Err(DriverError::Timeout { waiting_for: "an interrupt with a completion", polls: self.poll_budget })
    }

    /// Submit every descriptor (waiting for completions whenever the SQ is
    /// full) and return all their completions in order.
    pub fn run_all(&mut self, ds: &[Descriptor]) -> Result<Vec<Completion>, DriverError> {
        let mut done = Vec::with_capacity(ds.len());
        let mut next = 0;
        while done.len() < ds.len() {
            next += self.submit_batch(&ds[next..]);
            done.push(self.wait_completion()?);
            done.extend(self.drain_completions());
        }
        Ok(done)
    }

    /// QRESET: drop the job in flight, poll CTRL.QRESET until the device says the
    /// flush and queue reset are over, clear the completion ring and restart both
    /// rings at index 0 with phase 1.
    /// ENABLE, key slots, ring bases and sizes are kept.
    pub fn qreset(&mut self) -> Result<(), DriverError> {
        let enable = if self.enabled { regs::CTRL_ENABLE.mask() } else { 0 };
        self.platform.write32(regs::CTRL, enable | regs::CTRL_QRESET.mask());
        self.wait_qreset()?;
        self.zero_completion_ring();
        self.sq_tail = 0;
        self.sq_released = 0;
        self.cq_head = 0;
        self.phase = true;
        Ok(())
    }
}
