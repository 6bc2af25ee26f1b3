//! Whole-device golden model of the AES-CTR stream accelerator, at job level.
//!
//! It implements SPEC.md §2–§5 with every choice of `docs/behaviour.md`, and
//! knows nothing of clocks or rust-hdl: a register write is applied at once
//! and, by default, every descriptor the rules allow is executed before
//! [`Device::write_reg`] returns (ENABLE set, not HALTED, the submission ring
//! non-empty, a completion slot free). Memory is a [`Memory`]; bus errors come
//! from a [`FaultMap`] cut into beats and bursts by [`bus::BusGeometry`].
//!
//! API:
//! - [`DeviceConfig`] (bus width, burst limit, key sizes, key slots, lanes;
//!   `DeviceConfig::from(&accel_config::Config)` is what a build configuration offers and
//!   [`DeviceConfig::default`] the default one's, both from the schema crate) and
//!   [`Device::new`], which refuses a configuration with a [`ConfigError`]
//!   naming the field and its allowed values.
//! - [`Device::write_reg`] / [`Device::read_reg`]: the AXI4-Lite slave.
//!   CYCLES_* and BUSY_CYCLES_* are not modelled (read 0): scoreboards must
//!   skip them. STATUS.BUSY and STATUS.KEY_BUSY read 0 (the model is always
//!   idle between calls), so compare STATUS only once the DUT is idle.
//!   KEY_CTRL and KEY_DATA* read 0 as in the hardware.
//! - [`Device::reset`]: the `rst` pin (every register to its reset value, key
//!   slots zeroized; the job log and uncertain ranges are kept).
//! - [`Device::irq`], [`Device::caps`], [`Device::key_slot_state`] (valid and
//!   size only, never key bytes), [`Device::inline_key_present`].
//! - [`Device::jobs`]: one [`JobRecord`] per completed descriptor (the
//!   completion, whether it was written, the job's counter block 0, width and
//!   destination, so a scoreboard can name the block and counter of a bad
//!   byte). [`Device::uncertain`]: destination bytes whose final value may be
//!   old or new (WRITE_ERROR tails, jobs dropped by QRESET), with the new
//!   bytes. [`Device::halt`]: why the device halted. [`Device::warnings`]:
//!   reads of uncertain bytes and dropped key descriptors, i.e. places where
//!   the model cannot predict the hardware; a test that produces any is not
//!   a valid comparison.
//! - Manual stepping for test benches that need timing-dependent outcomes:
//!   [`Device::set_auto_run`]`(false)` makes register writes stop short of
//!   executing descriptors; [`Device::run`] then executes up to a given number.
//!   In that mode a QRESET treats every descriptor that could have been
//!   fetched as dropped in flight (its destination becomes uncertain).
//!
//! Latency/throughput: not modelled (no clocks).

pub mod bus;

use crate::aes::KeySchedule;
use crate::ctr;
use crate::memory::{FaultMap, Memory};
use bus::BusGeometry;
use spec::descriptor::FLAG_RESERVED_MASK;
use spec::regs;
use spec::{Completion, CounterWidth, Descriptor, KeySize, Opcode, Status};
use std::fmt;

/// Completion entry size in bytes.
const COMPLETION_BYTES: u64 = spec::completion::COMPLETION_BYTES as u64;
/// Descriptor size in bytes.
const DESCRIPTOR_BYTES: u64 = spec::descriptor::DESCRIPTOR_BYTES as u64;
/// Every IRQ_STATUS / IRQ_ENABLE bit.
const IRQ_BITS: u32 = regs::IRQ_COMPLETION.mask() | regs::IRQ_ERROR.mask();

/// A configuration of the accelerator (what CAPS reports).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DeviceConfig {
    /// AXI4 master data width in bytes: 16, 32 or 64.
    pub bus_bytes: u32,
    /// Largest burst in beats: a power of two, 1..=256.
    pub max_burst: u32,
    /// Key sizes offered, a mask of [`KeySize::caps_bit`]: non-zero, within 0b111.
    pub key_sizes: u32,
    /// Number of key slots, 0..=255.
    pub key_slots: u32,
    /// Number of AES lanes, 1..=255 (speed only; no functional effect).
    pub lanes: u32,
}

impl Default for DeviceConfig {
    /// The default hardware configuration (`configs/default.yaml`, through the schema crate):
    /// 128-bit bus, 16-beat bursts, all key sizes, 4 key slots, 1 lane.
    fn default() -> DeviceConfig {
        DeviceConfig::from(&accel_config::Config::default())
    }
}

impl From<&accel_config::Config> for DeviceConfig {
    /// What the hardware built from `config` offers (its CAPS).
    fn from(config: &accel_config::Config) -> DeviceConfig {
        DeviceConfig {
            bus_bytes: config.bus_bytes(),
            max_burst: config.max_burst,
            key_sizes: config.key_sizes_mask(),
            key_slots: config.key_slots,
            lanes: config.lanes,
        }
    }
}

/// A configuration field outside its allowed values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub field: &'static str,
    pub value: u32,
    pub allowed: &'static str,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "device configuration: {} = {} is not allowed (allowed: {})", self.field, self.value, self.allowed)
    }
}

impl std::error::Error for ConfigError {}

impl DeviceConfig {
    /// Check every field; the error names the first bad field and its allowed values.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let err = |field, value, allowed| Err(ConfigError { field, value, allowed });
        if ![16, 32, 64].contains(&self.bus_bytes) {
            return err("bus_bytes", self.bus_bytes, "16, 32 or 64");
        }
        if !(1..=256).contains(&self.max_burst) || !self.max_burst.is_power_of_two() {
            return err("max_burst", self.max_burst, "a power of two in 1..=256");
        }
        if self.key_sizes == 0 || self.key_sizes & !regs::CAPS_KEY_SIZES.mask() != 0 {
            return err("key_sizes", self.key_sizes, "a non-zero mask of bit0 (128), bit1 (192), bit2 (256)");
        }
        if self.key_slots > 255 {
            return err("key_slots", self.key_slots, "0..=255");
        }
        if !(1..=255).contains(&self.lanes) {
            return err("lanes", self.lanes, "1..=255");
        }
        Ok(())
    }

    /// `true` if this configuration offers `size`.
    pub fn supports(&self, size: KeySize) -> bool {
        self.key_sizes & size.caps_bit() != 0
    }

    /// The bus geometry the burst and fault rules use.
    pub fn geometry(&self) -> BusGeometry {
        BusGeometry { bus_bytes: self.bus_bytes as u64, max_burst: self.max_burst as u64 }
    }

    /// The CAPS register value.
    pub fn caps(&self) -> u32 {
        regs::caps_value(self.key_sizes, self.bus_bytes, self.key_slots, self.lanes, false)
    }
}

/// One descriptor the device consumed and completed (or failed to complete
/// because the completion write faulted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobRecord {
    /// Position in the model's job log (0 for the first job since creation).
    pub sequence: usize,
    /// SQ index the descriptor was fetched from.
    pub sq_index: u32,
    /// Address the descriptor was fetched from.
    pub descriptor_addr: u64,
    pub descriptor: Descriptor,
    pub status: Status,
    /// Bytes written to dst (the completion's `bytes`).
    pub bytes: u32,
    /// The completion entry the device wrote (or tried to write).
    pub completion: Completion,
    /// CQ index and address of the completion.
    pub cq_index: u32,
    pub completion_addr: u64,
    /// `false` if the completion write faulted (the device then halted).
    pub completion_written: bool,
    /// For a CTR_XOR that passed the descriptor checks: the key size used.
    pub key_size: Option<KeySize>,
    /// For CTR_XOR: the counter width (None if the code was reserved).
    pub width: Option<CounterWidth>,
}

impl JobRecord {
    /// The job's initial counter block C0.
    pub fn counter0(&self) -> [u8; 16] {
        self.descriptor.counter
    }
    /// Destination start address.
    pub fn dst(&self) -> u64 {
        self.descriptor.dst
    }
    /// Length in bytes.
    pub fn length(&self) -> u32 {
        self.descriptor.length
    }
    /// `true` for a CTR_XOR descriptor (whatever its status).
    pub fn is_ctr_xor(&self) -> bool {
        self.descriptor.opcode == Opcode::CtrXor as u8
    }
    /// If `addr` is inside this CTR_XOR job's destination range: the block
    /// index within the job and that block's counter block.
    pub fn block_of(&self, addr: u64) -> Option<(u64, [u8; 16])> {
        locate_block(self.descriptor.dst, self.descriptor.length, self.descriptor.counter, self.width, addr)
    }
}

/// Block index within a job and its counter block, for `addr` in `[dst, dst+length)`.
fn locate_block(
    dst: u64,
    length: u32,
    counter0: [u8; 16],
    width: Option<CounterWidth>,
    addr: u64,
) -> Option<(u64, [u8; 16])> {
    let width = width?;
    let offset = (addr as u128).checked_sub(dst as u128)?;
    if offset >= length as u128 {
        return None;
    }
    let block = (offset / spec::BLOCK_BYTES as u128) as u64;
    Some((block, ctr::counter_block(counter0, width, block as u128)))
}

/// Why a destination range is uncertain.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UncertainCause {
    /// `dst[bytes..length)` of a WRITE_ERROR job.
    WriteErrorTail,
    /// The destination of a job dropped in flight by QRESET.
    DroppedByQreset,
}

/// Destination bytes each of which may hold its old value (the model's
/// memory keeps the old value) or `new[i]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UncertainRange {
    pub cause: UncertainCause,
    /// First uncertain address.
    pub start: u64,
    /// The new value of each byte from `start`.
    pub new: Vec<u8>,
    /// The job the bytes belong to: tag, SQ index, dst, length, C0, width.
    pub tag: u32,
    pub sq_index: u32,
    pub job_dst: u64,
    pub job_length: u32,
    pub counter0: [u8; 16],
    pub width: CounterWidth,
}

impl UncertainRange {
    /// Exclusive end (may be 2^64).
    pub fn end(&self) -> u128 {
        self.start as u128 + self.new.len() as u128
    }
    /// The new value of `addr` if it is in this range.
    pub fn new_value(&self, addr: u64) -> Option<u8> {
        let offset = (addr as u128).checked_sub(self.start as u128)?;
        self.new.get(usize::try_from(offset).ok()?).copied()
    }
    /// Block index within the job and its counter block for `addr`.
    pub fn block_of(&self, addr: u64) -> Option<(u64, [u8; 16])> {
        locate_block(self.job_dst, self.job_length, self.counter0, Some(self.width), addr)
    }
}

/// Why the device halted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Halt {
    /// The fetch of the descriptor at `sq_index` (address `addr`) faulted.
    DescriptorFetch { sq_index: u32, addr: u64 },
    /// The completion write to `cq_index` (address `addr`) faulted.
    CompletionWrite { cq_index: u32, addr: u64 },
}

/// Validity and size of a key slot (never its key).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeySlotState {
    pub valid: bool,
    /// The size the key was loaded with (None when invalid).
    pub size: Option<KeySize>,
}

/// Where a CTR_XOR job's key comes from.
#[derive(Clone, Copy, Debug)]
enum KeySource {
    Slot(usize),
    Inline(KeySize),
}

/// What a descriptor asks for once it has passed every check.
#[derive(Clone, Copy, Debug)]
enum Plan {
    Nop,
    KeyZeroize(usize),
    KeyLoad(usize, KeySize),
    CtrXor(KeySource, CounterWidth),
}

/// The result of executing one descriptor (before its completion).
struct Outcome {
    status: Status,
    bytes: u32,
    key_size: Option<KeySize>,
}

/// The whole accelerator at job level.
#[derive(Clone, Debug)]
pub struct Device {
    cfg: DeviceConfig,
    enable: bool,
    halted: bool,
    irq_status: u32,
    irq_enable: u32,
    sq_base: u64,
    sq_size: u32,
    sq_head: u32,
    sq_tail: u32,
    cq_base: u64,
    cq_size: u32,
    cq_head: u32,
    cq_tail: u32,
    phase: bool,
    key_data: [u32; regs::KEY_DATA_WORDS as usize],
    slots: Vec<Option<KeySchedule>>,
    inline_key: Option<KeySchedule>,
    bytes: u64,
    jobs_ok: u32,
    jobs_err: u32,
    auto_run: bool,
    jobs: Vec<JobRecord>,
    uncertain: Vec<UncertainRange>,
    halt: Option<Halt>,
    warnings: Vec<String>,
}

impl Device {
    /// A device in its reset state, or the configuration's first bad field.
    pub fn new(cfg: DeviceConfig) -> Result<Device, ConfigError> {
        cfg.validate()?;
        Ok(Device {
            cfg,
            enable: false,
            halted: false,
            irq_status: 0,
            irq_enable: 0,
            sq_base: 0,
            sq_size: 0,
            sq_head: 0,
            sq_tail: 0,
            cq_base: 0,
            cq_size: 0,
            cq_head: 0,
            cq_tail: 0,
            phase: true,
            key_data: [0; regs::KEY_DATA_WORDS as usize],
            slots: vec![None; cfg.key_slots as usize],
            inline_key: None,
            bytes: 0,
            jobs_ok: 0,
            jobs_err: 0,
            auto_run: true,
            jobs: Vec::new(),
            uncertain: Vec::new(),
            halt: None,
            warnings: Vec::new(),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &DeviceConfig {
        &self.cfg
    }

    /// The `rst` pin: every register back to its reset value and every key
    /// slot zeroized. The job log, uncertain ranges and warnings are kept
    /// (they describe memory, which reset does not touch); the auto-run mode
    /// is kept.
    pub fn reset(&mut self) {
        for slot in 0..self.slots.len() {
            self.zeroize_slot(slot);
        }
        erase(&mut self.inline_key);
        let mut fresh = Device::new(self.cfg).expect("configuration was validated by Device::new");
        fresh.auto_run = self.auto_run;
        fresh.jobs = std::mem::take(&mut self.jobs);
        fresh.uncertain = std::mem::take(&mut self.uncertain);
        fresh.warnings = std::mem::take(&mut self.warnings);
        *self = fresh;
    }

    /// The CAPS register value.
    pub fn caps(&self) -> u32 {
        self.cfg.caps()
    }

    /// The `irq` pin: `(IRQ_STATUS & IRQ_ENABLE) != 0`.
    pub fn irq(&self) -> bool {
        self.irq_status & self.irq_enable != 0
    }

    /// STATUS.HALTED.
    pub fn halted(&self) -> bool {
        self.halted
    }

    /// Why the device last halted (cleared by QRESET and reset).
    pub fn halt(&self) -> Option<Halt> {
        self.halt
    }

    /// Validity and size of key slot `slot` (None if `slot >= key_slots`).
    pub fn key_slot_state(&self, slot: usize) -> Option<KeySlotState> {
        self.slots.get(slot).map(|s| KeySlotState { valid: s.is_some(), size: s.as_ref().map(|k| k.size) })
    }

    /// `true` while an INLINE_KEY job's private key is held (never between
    /// calls: the key is erased when its job ends).
    pub fn inline_key_present(&self) -> bool {
        self.inline_key.is_some()
    }

    /// Every job completed so far, in completion order.
    pub fn jobs(&self) -> &[JobRecord] {
        &self.jobs
    }

    /// Destination bytes that may be old or new.
    pub fn uncertain(&self) -> &[UncertainRange] {
        &self.uncertain
    }

    /// The new value of `addr` if it is uncertain, with its range.
    pub fn uncertain_at(&self, addr: u64) -> Option<(u8, &UncertainRange)> {
        self.uncertain.iter().find_map(|r| r.new_value(addr).map(|v| (v, r)))
    }

    /// Places where the model could not predict the hardware.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Auto-run (default `true`): every register write executes all the
    /// descriptors the rules allow. With `false`, only [`Device::run`] does.
    pub fn set_auto_run(&mut self, auto: bool) {
        self.auto_run = auto;
    }

    /// Execute up to `limit` descriptors (all allowed ones for `None`);
    /// returns how many were consumed (a faulting descriptor fetch counts
    /// none and halts).
    pub fn run(&mut self, mem: &mut Memory, faults: &FaultMap, limit: Option<usize>) -> usize {
        let mut done = 0;
        while limit.is_none_or(|l| done < l) && self.can_fetch() {
            if !self.step(mem, faults) {
                break;
            }
            done += 1;
        }
        done
    }

    /// Read a register. Offsets that name no register read 0.
    pub fn read_reg(&self, offset: u32) -> u32 {
        match offset {
            regs::ID => regs::ID_VALUE,
            regs::VERSION => regs::VERSION_VALUE,
            regs::CAPS => self.caps(),
            // A QRESET completes within the write here, so CTRL.QRESET (set until the flush and the
            // queue reset are done, SPEC §2) already reads 0 again.
            regs::CTRL => regs::CTRL_ENABLE.put(self.enable as u32),
            regs::STATUS => regs::STATUS_HALTED.put(self.halted as u32),
            regs::IRQ_STATUS => self.irq_status,
            regs::IRQ_ENABLE => self.irq_enable,
            regs::SQ_BASE_LO => self.sq_base as u32,
            regs::SQ_BASE_HI => (self.sq_base >> 32) as u32,
            regs::SQ_SIZE => self.sq_size,
            regs::SQ_TAIL => self.sq_tail,
            regs::SQ_HEAD => self.sq_head,
            regs::CQ_BASE_LO => self.cq_base as u32,
            regs::CQ_BASE_HI => (self.cq_base >> 32) as u32,
            regs::CQ_SIZE => self.cq_size,
            regs::CQ_HEAD => self.cq_head,
            regs::CQ_TAIL => self.cq_tail,
            regs::BYTES_LO => self.bytes as u32,
            regs::BYTES_HI => (self.bytes >> 32) as u32,
            regs::JOBS_OK => self.jobs_ok,
            regs::JOBS_ERR => self.jobs_err,
            // KEY_CTRL, KEY_DATA*, CYCLES_*, BUSY_CYCLES_* (not modelled), unmapped.
            _ => 0,
        }
    }

    /// Write a register, then (in auto-run mode) execute every descriptor
    /// the rules allow. Writes to read-only or unmapped offsets are ignored.
    pub fn write_reg(&mut self, mem: &mut Memory, faults: &FaultMap, offset: u32, value: u32) {
        match offset {
            regs::CTRL => {
                if regs::CTRL_QRESET.get(value) != 0 {
                    self.qreset(mem, faults);
                }
                self.enable = regs::CTRL_ENABLE.get(value) != 0;
            }
            regs::IRQ_STATUS => self.irq_status &= !(value & IRQ_BITS),
            regs::IRQ_ENABLE => self.irq_enable = value & IRQ_BITS,
            regs::SQ_BASE_LO => {
                let lo = (value as u64) & !(spec::SQ_BASE_ALIGN - 1);
                self.sq_base = (self.sq_base & !0xFFFF_FFFF) | lo;
            }
            regs::SQ_BASE_HI => self.sq_base = (self.sq_base & 0xFFFF_FFFF) | ((value as u64) << 32),
            regs::CQ_BASE_LO => {
                let lo = (value as u64) & !(spec::CQ_BASE_ALIGN - 1);
                self.cq_base = (self.cq_base & !0xFFFF_FFFF) | lo;
            }
            regs::CQ_BASE_HI => self.cq_base = (self.cq_base & 0xFFFF_FFFF) | ((value as u64) << 32),
            regs::SQ_SIZE => {
                if self.enable {
                    // Ignored while ENABLE=1, without raising ERROR.
                } else if spec::ring_size_valid(value) {
                    self.sq_size = value;
                    self.sq_head = 0;
                    self.sq_tail = 0;
                } else {
                    self.raise_error();
                }
            }
            regs::CQ_SIZE => {
                if self.enable {
                    // Ignored while ENABLE=1, without raising ERROR.
                } else if spec::ring_size_valid(value) {
                    self.cq_size = value;
                    self.cq_head = 0;
                    self.cq_tail = 0;
                    self.phase = true;
                } else {
                    self.raise_error();
                }
            }
            regs::SQ_TAIL => {
                if value < self.sq_size {
                    self.sq_tail = value;
                } else {
                    self.raise_error();
                }
            }
            regs::CQ_HEAD => {
                if value < self.cq_size {
                    self.cq_head = value;
                } else {
                    self.raise_error();
                }
            }
            regs::KEY_CTRL => self.key_ctrl(value),
            o if (regs::KEY_DATA0..regs::key_data(regs::KEY_DATA_WORDS)).contains(&o) && o % 4 == 0 => {
                self.key_data[((o - regs::KEY_DATA0) / 4) as usize] = value;
            }
            _ => {}
        }
        if self.auto_run {
            self.run(mem, faults, None);
        }
    }

    // ---- registers ---------------------------------------------------------

    fn raise_error(&mut self) {
        self.irq_status |= regs::IRQ_ERROR.mask();
    }

    fn key_ctrl(&mut self, value: u32) {
        let load = regs::KEY_CTRL_LOAD.get(value) != 0;
        let zeroize = regs::KEY_CTRL_ZEROIZE.get(value) != 0;
        let zeroize_all = regs::KEY_CTRL_ZEROIZE_ALL.get(value) != 0;
        let slot = regs::KEY_CTRL_SLOT.get(value) as usize;
        let commands = load as u32 + zeroize as u32 + zeroize_all as u32;
        if commands == 0 {
            return;
        }
        if commands > 1 {
            return self.raise_error();
        }
        if zeroize_all {
            for s in 0..self.slots.len() {
                self.zeroize_slot(s);
            }
            return;
        }
        if slot >= self.slots.len() {
            return self.raise_error();
        }
        if zeroize {
            return self.zeroize_slot(slot);
        }
        let size = match KeySize::from_code(regs::KEY_CTRL_SIZE.get(value) as u8) {
            Some(size) if self.cfg.supports(size) => size,
            _ => return self.raise_error(),
        };
        let mut key: Vec<u8> = self.key_data.iter().flat_map(|w| w.to_le_bytes()).collect();
        key.truncate(size.bytes());
        self.load_slot(slot, &key);
        key.fill(0);
        self.key_data = [0; regs::KEY_DATA_WORDS as usize];
    }

    fn load_slot(&mut self, slot: usize, key: &[u8]) {
        self.zeroize_slot(slot);
        self.slots[slot] = Some(KeySchedule::expand(key).expect("key length follows from a KeySize"));
    }

    fn zeroize_slot(&mut self, slot: usize) {
        erase(&mut self.slots[slot]);
    }

    fn qreset(&mut self, mem: &mut Memory, faults: &FaultMap) {
        if !self.auto_run {
            self.drop_in_flight(mem, faults, false);
        }
        erase(&mut self.inline_key);
        self.sq_head = 0;
        self.sq_tail = 0;
        self.cq_head = 0;
        self.cq_tail = 0;
        self.phase = true;
        self.halted = false;
        self.halt = None;
    }

    /// Every descriptor the hardware could have fetched (pending, and a
    /// completion slot free for it) may have been in flight: its destination
    /// becomes uncertain. Used by a QRESET in manual mode (a dropped key
    /// descriptor is then a warning: the slot's final state is not predicted)
    /// and, with `after_halt`, when a completion write faulted: the jobs
    /// pipelined behind it may have written their destinations but never
    /// complete; a key descriptor or an INLINE_KEY job waits for every earlier
    /// completion in the hardware, so nothing from there on ran.
    fn drop_in_flight(&mut self, mem: &mut Memory, faults: &FaultMap, after_halt: bool) {
        if !self.enable || (self.halted && !after_halt) || self.sq_size == 0 || self.cq_size == 0 {
            return;
        }
        let pending = (self.sq_tail + self.sq_size - self.sq_head) % self.sq_size;
        let fetchable = pending.min(self.cq_free());
        // A job that ran saw every earlier dropped job's output (jobs start in order and a source
        // that overlaps an earlier destination waits for its writes), so the new bytes are computed
        // on a copy of memory with the earlier dropped jobs applied.
        let mut scratch = mem.clone();
        for k in 0..fetchable {
            let index = (self.sq_head + k) % self.sq_size;
            let addr = self.descriptor_addr(index);
            if self.geometry().read_fails(faults, addr, DESCRIPTOR_BYTES) {
                if after_halt {
                    break;
                }
                self.warnings.push(format!(
                    "QRESET: the dropped descriptor fetch at SQ index {index} ({addr:#x}) faults; IRQ_STATUS.ERROR \
                     may or may not be set"
                ));
                break;
            }
            let d = read_descriptor(mem, addr);
            let ordered = matches!(self.check(&d), Ok(Plan::KeyLoad(..)) | Ok(Plan::KeyZeroize(_)))
                || matches!(self.check(&d), Ok(Plan::CtrXor(KeySource::Inline(_), _)));
            // An ordered descriptor waits for every earlier completion in the hardware: behind an
            // uncompleted descriptor (k > 0, or after a failed completion) it never started, and
            // neither did anything after it (descriptors are dispatched in order).
            if ordered && (after_halt || k > 0) {
                break;
            }
            match self.check(&d) {
                Ok(Plan::CtrXor(source, width)) if d.length > 0 => {
                    let schedule = match source {
                        KeySource::Slot(s) => self.slots[s].clone(),
                        KeySource::Inline(size) => {
                            if self.geometry().read_fails(faults, d.key_addr, size.bytes() as u64) {
                                None
                            } else {
                                KeySchedule::expand(&mem.dump(d.key_addr, size.bytes())).ok()
                            }
                        }
                    };
                    if let Some(schedule) = schedule {
                        let source_bytes = scratch.dump(d.src, d.length as usize);
                        let new = keystream_xor(&schedule, d.counter, width, &source_bytes);
                        scratch.load(d.dst, &new);
                        self.uncertain.push(UncertainRange {
                            cause: UncertainCause::DroppedByQreset,
                            start: d.dst,
                            new,
                            tag: d.tag,
                            sq_index: index,
                            job_dst: d.dst,
                            job_length: d.length,
                            counter0: d.counter,
                            width,
                        });
                    }
                }
                Ok(Plan::KeyLoad(slot, _)) | Ok(Plan::KeyZeroize(slot)) => self.warnings.push(format!(
                    "QRESET: dropped key descriptor (tag {:#x}, SQ index {index}) for slot {slot}: the slot's state \
                     is not predicted",
                    d.tag
                )),
                _ => {}
            }
        }
    }

    // ---- rings ---------------------------------------------------------------

    fn geometry(&self) -> BusGeometry {
        self.cfg.geometry()
    }

    fn descriptor_addr(&self, index: u32) -> u64 {
        self.sq_base.wrapping_add(DESCRIPTOR_BYTES * index as u64)
    }

    fn completion_addr(&self, index: u32) -> u64 {
        self.cq_base.wrapping_add(COMPLETION_BYTES * index as u64)
    }

    /// Free completion slots: the ring holds at most CQ_SIZE - 1 entries.
    fn cq_free(&self) -> u32 {
        if self.cq_size == 0 {
            return 0;
        }
        (self.cq_head + self.cq_size - self.cq_tail - 1) % self.cq_size
    }

    fn can_fetch(&self) -> bool {
        self.enable && !self.halted && self.sq_size != 0 && self.sq_head != self.sq_tail && self.cq_free() > 0
    }

    /// Fetch, execute and complete one descriptor. `false` if the fetch faulted.
    fn step(&mut self, mem: &mut Memory, faults: &FaultMap) -> bool {
        let sq_index = self.sq_head;
        let descriptor_addr = self.descriptor_addr(sq_index);
        if self.geometry().read_fails(faults, descriptor_addr, DESCRIPTOR_BYTES) {
            self.halted = true;
            self.halt = Some(Halt::DescriptorFetch { sq_index, addr: descriptor_addr });
            self.raise_error();
            return false;
        }
        self.note_read(descriptor_addr, DESCRIPTOR_BYTES, "descriptor");
        let descriptor = read_descriptor(mem, descriptor_addr);
        self.sq_head = (sq_index + 1) % self.sq_size;

        let outcome = self.execute(mem, faults, &descriptor, sq_index);

        if outcome.status.is_error() {
            self.jobs_err = self.jobs_err.wrapping_add(1);
        } else {
            self.jobs_ok = self.jobs_ok.wrapping_add(1);
        }
        self.bytes = self.bytes.wrapping_add(outcome.bytes as u64);

        let cq_index = self.cq_tail;
        let completion_addr = self.completion_addr(cq_index);
        let completion = Completion {
            tag: descriptor.tag,
            bytes: outcome.bytes,
            sq_head: ((sq_index + 1) % self.sq_size) as u16,
            status: outcome.status.code(),
            phase: self.phase as u8,
            reserved: 0,
        };
        let completion_written = !self.geometry().write_fails(faults, completion_addr, COMPLETION_BYTES);
        if completion_written {
            self.write_certain(mem, completion_addr, &completion.to_bytes());
            self.cq_tail = (cq_index + 1) % self.cq_size;
            if self.cq_tail == 0 {
                self.phase = !self.phase;
            }
            if descriptor.irq() {
                self.irq_status |= regs::IRQ_COMPLETION.mask();
            }
            if outcome.status.is_error() {
                self.raise_error();
            }
        } else {
            self.halted = true;
            self.halt = Some(Halt::CompletionWrite { cq_index, addr: completion_addr });
            self.raise_error();
            self.drop_in_flight(mem, faults, true);
        }
        let is_ctr_xor = descriptor.opcode == Opcode::CtrXor as u8;
        self.jobs.push(JobRecord {
            sequence: self.jobs.len(),
            sq_index,
            descriptor_addr,
            descriptor,
            status: outcome.status,
            bytes: outcome.bytes,
            completion,
            cq_index,
            completion_addr,
            completion_written,
            key_size: outcome.key_size,
            width: if is_ctr_xor { CounterWidth::from_code(descriptor.counter_width_code()) } else { None },
        });
        true
    }

    // ---- descriptor execution ------------------------------------------------

    /// The descriptor checks of docs/behaviour.md, in order (lowest status wins).
    fn check(&self, d: &Descriptor) -> Result<Plan, Status> {
        // 1. BAD_OPCODE
        let opcode = Opcode::from_u8(d.opcode).ok_or(Status::BadOpcode)?;
        let width = CounterWidth::from_code(d.counter_width_code()).ok_or(Status::BadOpcode)?;
        if d.reserved0 != 0 || d.reserved1 != 0 || d.reserved2 != 0 || d.flags & FLAG_RESERVED_MASK != 0 {
            return Err(Status::BadOpcode);
        }
        let slot = d.key_slot as usize;
        let slot_exists = slot < self.slots.len();
        let slot_loaded = self.slots.get(slot).is_some_and(|s| s.is_some());
        // 2. BAD_KEY_SLOT
        match opcode {
            Opcode::CtrXor if !d.inline_key() && !slot_loaded => return Err(Status::BadKeySlot),
            Opcode::KeyLoad | Opcode::KeyZeroize if !slot_exists => return Err(Status::BadKeySlot),
            _ => {}
        }
        // 3. BAD_KEY_SIZE
        let flag_size = KeySize::from_code(d.key_size_code()).filter(|s| self.cfg.supports(*s));
        let takes_flag_size = opcode == Opcode::KeyLoad || (opcode == Opcode::CtrXor && d.inline_key());
        if takes_flag_size && flag_size.is_none() {
            return Err(Status::BadKeySize);
        }
        if opcode == Opcode::CtrXor {
            // 4. UNALIGNED
            if !d.src.is_multiple_of(spec::DATA_ALIGN) || !d.dst.is_multiple_of(spec::DATA_ALIGN) {
                return Err(Status::Unaligned);
            }
            // 5. OVERLAP (computed without wrap)
            let (src, dst, len) = (d.src as u128, d.dst as u128, d.length as u128);
            if d.src != d.dst && len > 0 && src < dst + len && dst < src + len {
                return Err(Status::Overlap);
            }
            // 6. RANGE
            if src + len > 1u128 << 64 || dst + len > 1u128 << 64 {
                return Err(Status::Range);
            }
        }
        if takes_flag_size {
            let key_bytes = flag_size.expect("checked above").bytes() as u128;
            if d.key_addr as u128 + key_bytes > 1u128 << 64 {
                return Err(Status::Range);
            }
        }
        Ok(match opcode {
            Opcode::Nop => Plan::Nop,
            Opcode::KeyZeroize => Plan::KeyZeroize(slot),
            Opcode::KeyLoad => Plan::KeyLoad(slot, flag_size.expect("checked above")),
            Opcode::CtrXor if d.inline_key() => {
                Plan::CtrXor(KeySource::Inline(flag_size.expect("checked above")), width)
            }
            Opcode::CtrXor => Plan::CtrXor(KeySource::Slot(slot), width),
        })
    }

    fn execute(&mut self, mem: &mut Memory, faults: &FaultMap, d: &Descriptor, sq_index: u32) -> Outcome {
        let plan = match self.check(d) {
            Ok(plan) => plan,
            Err(status) => return Outcome { status, bytes: 0, key_size: None },
        };
        let ok = Outcome { status: Status::Ok, bytes: 0, key_size: None };
        let read_error = Outcome { status: Status::ReadError, bytes: 0, key_size: None };
        match plan {
            Plan::Nop => ok,
            Plan::KeyZeroize(slot) => {
                self.zeroize_slot(slot);
                ok
            }
            Plan::KeyLoad(slot, size) => match self.read_key(mem, faults, d.key_addr, size) {
                Some(mut key) => {
                    self.load_slot(slot, &key);
                    key.fill(0);
                    ok
                }
                None => {
                    // A failed KEY_LOAD never leaves the previous key usable.
                    self.zeroize_slot(slot);
                    read_error
                }
            },
            Plan::CtrXor(KeySource::Inline(size), width) => {
                let Some(mut key) = self.read_key(mem, faults, d.key_addr, size) else {
                    return read_error;
                };
                // The private job slot holds the key for this job only.
                self.inline_key = Some(KeySchedule::expand(&key).expect("key length follows from a KeySize"));
                key.fill(0);
                let mut schedule = self.inline_key.clone();
                let outcome = self.ctr_xor(mem, faults, d, sq_index, schedule.as_ref().expect("just stored"), width);
                erase(&mut schedule);
                erase(&mut self.inline_key);
                outcome
            }
            Plan::CtrXor(KeySource::Slot(slot), width) => {
                let mut schedule = self.slots[slot].clone();
                let outcome =
                    self.ctr_xor(mem, faults, d, sq_index, schedule.as_ref().expect("slot validity checked"), width);
                erase(&mut schedule);
                outcome
            }
        }
    }

    /// Read `size` key bytes at `addr`; None if a beat faults.
    fn read_key(&mut self, mem: &Memory, faults: &FaultMap, addr: u64, size: KeySize) -> Option<Vec<u8>> {
        let len = size.bytes() as u64;
        if self.geometry().read_fails(faults, addr, len) {
            return None;
        }
        self.note_read(addr, len, "key");
        Some(mem.dump(addr, size.bytes()))
    }

    fn ctr_xor(
        &mut self,
        mem: &mut Memory,
        faults: &FaultMap,
        d: &Descriptor,
        sq_index: u32,
        schedule: &KeySchedule,
        width: CounterWidth,
    ) -> Outcome {
        let length = d.length as u64;
        let geometry = self.geometry();
        let clamp = |boundary: u128, base: u64| boundary.saturating_sub(base as u128).min(length as u128) as u64;
        let read_prefix = geometry.first_failing_read_beat(faults, d.src, length).map(|b| clamp(b, d.src));
        let write_prefix = geometry.first_failing_write_burst(faults, d.dst, length).map(|w| clamp(w, d.dst));
        let (status, good) = match (read_prefix, write_prefix) {
            (None, None) => (Status::Ok, length),
            (Some(r), None) => (Status::ReadError, r),
            (Some(r), Some(w)) if r <= w => (Status::ReadError, r),
            (_, Some(w)) => (Status::WriteError, w),
        };
        // Bytes whose ciphertext the model needs: the written prefix, and the
        // uncertain tail of a WRITE_ERROR.
        let needed = if status == Status::WriteError { length } else { good };
        self.note_read(d.src, needed, "source");
        let source = mem.dump(d.src, needed as usize);
        let cipher = keystream_xor(schedule, d.counter, width, &source);
        self.write_certain(mem, d.dst, &cipher[..good as usize]);
        if status == Status::WriteError && good < length {
            self.uncertain.push(UncertainRange {
                cause: UncertainCause::WriteErrorTail,
                start: d.dst + good,
                new: cipher[good as usize..].to_vec(),
                tag: d.tag,
                sq_index,
                job_dst: d.dst,
                job_length: d.length,
                counter0: d.counter,
                width,
            });
        }
        Outcome { status, bytes: good as u32, key_size: Some(schedule.size) }
    }

    // ---- memory bookkeeping --------------------------------------------------

    /// Write bytes whose value is certain; they stop being uncertain.
    fn write_certain(&mut self, mem: &mut Memory, addr: u64, bytes: &[u8]) {
        mem.load(addr, bytes);
        if bytes.is_empty() || self.uncertain.is_empty() {
            return;
        }
        let (lo, hi) = (addr as u128, addr as u128 + bytes.len() as u128);
        let mut kept = Vec::with_capacity(self.uncertain.len());
        for r in self.uncertain.drain(..) {
            let (start, end) = (r.start as u128, r.end());
            if end <= lo || hi <= start {
                kept.push(r);
                continue;
            }
            if start < lo {
                let mut left = r.clone();
                left.new.truncate((lo - start) as usize);
                kept.push(left);
            }
            if hi < end {
                let mut right = r.clone();
                right.new = r.new[(hi - start) as usize..].to_vec();
                right.start = hi as u64;
                kept.push(right);
            }
        }
        self.uncertain = kept;
    }

    /// Warn if the hardware would read bytes whose value the model does not know.
    fn note_read(&mut self, addr: u64, len: u64, what: &str) {
        let (lo, hi) = (addr as u128, addr as u128 + len as u128);
        if let Some(r) = self.uncertain.iter().find(|r| (r.start as u128) < hi && lo < r.end()) {
            self.warnings.push(format!(
                "{what} read of [{addr:#x}, +{len:#x}) touches uncertain bytes of job tag {:#x} at {:#x}: the model \
                 cannot predict what follows",
                r.tag, r.start
            ));
        }
    }
}

/// Overwrite and drop a key schedule.
fn erase(slot: &mut Option<KeySchedule>) {
    if let Some(schedule) = slot.as_mut() {
        for round_key in schedule.round_keys.iter_mut() {
            round_key.fill(0);
        }
    }
    *slot = None;
}

fn read_descriptor(mem: &Memory, addr: u64) -> Descriptor {
    let bytes: [u8; spec::descriptor::DESCRIPTOR_BYTES] =
        mem.dump(addr, spec::descriptor::DESCRIPTOR_BYTES).try_into().expect("dump returns the requested length");
    Descriptor::from_bytes(&bytes)
}

/// `data ^ (AES_K(C0) ‖ AES_K(C1) ‖ …)`, block by block from the key schedule.
fn keystream_xor(schedule: &KeySchedule, counter0: [u8; 16], width: CounterWidth, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    for (j, chunk) in data.chunks(spec::BLOCK_BYTES).enumerate() {
        let keystream = schedule.encrypt_block(&ctr::counter_block(counter0, width, j as u128));
        out.extend(chunk.iter().zip(keystream.iter()).map(|(d, k)| d ^ k));
    }
    out
}
