//! Scoreboard: compares what a DUT left behind with the golden device model.
//!
//! Inputs: the golden [`Device`] after it ran the same register writes, the
//! model's memory image, the DUT's final memory image, optionally the
//! completions the DUT wrote (in write order, e.g. as the driver polled them
//! or an AXI monitor saw them: the ring itself only keeps the last pass) and
//! optionally a [`RegisterSnapshot`] read from the idle DUT.
//!
//! What is compared:
//! - every byte of memory (both images, every page either touched): a byte
//!   may differ from the model only inside the model's uncertain ranges
//!   (WRITE_ERROR tails, jobs dropped by QRESET), and then only by holding
//!   the new value;
//! - every completion entry, all 16 bytes, field by field, and their number;
//! - STATUS, IRQ_STATUS, SQ_HEAD, CQ_TAIL, JOBS_OK, JOBS_ERR, BYTES_LO/HI.
//!   CYCLES_* and BUSY_CYCLES_* are not modelled and never compared.
//!
//! API: [`compare`] returns a [`Report`] (how much was compared) or the FIRST
//! [`Mismatch`] (boxed) — first in job order (a job's completion before its data),
//! then by address; mismatches no job explains, then registers, come last.
//! A mismatch names the job tag, SQ index, block index within the job and
//! that block's counter block, the address, expected and got, in hex. If the
//! model itself reports warnings (it could not predict the hardware), the
//! comparison is refused with [`MismatchKind::Unpredictable`].
//!
//! Cost: O(pages touched * 4096 + jobs * log) — no clocks involved.

use golden::device::{Device, JobRecord};
use golden::Memory;
use spec::completion::FIELDS;
use spec::descriptor::ByteField;
use spec::{regs, Completion, Status};
use std::collections::BTreeSet;
use std::fmt;

/// The registers a scoreboard compares, read from an idle DUT.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RegisterSnapshot {
    pub status: u32,
    pub irq_status: u32,
    pub sq_head: u32,
    pub cq_tail: u32,
    pub jobs_ok: u32,
    pub jobs_err: u32,
    pub bytes_lo: u32,
    pub bytes_hi: u32,
}

impl RegisterSnapshot {
    /// Name and offset of every compared register, in comparison order.
    pub const REGISTERS: [(&'static str, u32); 8] = [
        ("STATUS", regs::STATUS),
        ("IRQ_STATUS", regs::IRQ_STATUS),
        ("SQ_HEAD", regs::SQ_HEAD),
        ("CQ_TAIL", regs::CQ_TAIL),
        ("JOBS_OK", regs::JOBS_OK),
        ("JOBS_ERR", regs::JOBS_ERR),
        ("BYTES_LO", regs::BYTES_LO),
        ("BYTES_HI", regs::BYTES_HI),
    ];

    /// Read every compared register through `read(offset)`.
    pub fn read_with(mut read: impl FnMut(u32) -> u32) -> RegisterSnapshot {
        let mut v = Self::REGISTERS.map(|(_, offset)| read(offset)).into_iter();
        let mut next = || v.next().expect("one value per register");
        RegisterSnapshot {
            status: next(),
            irq_status: next(),
            sq_head: next(),
            cq_tail: next(),
            jobs_ok: next(),
            jobs_err: next(),
            bytes_lo: next(),
            bytes_hi: next(),
        }
    }

    /// The model's values.
    pub fn from_device(device: &Device) -> RegisterSnapshot {
        Self::read_with(|offset| device.read_reg(offset))
    }

    /// `(name, value)` in [`RegisterSnapshot::REGISTERS`] order.
    pub fn values(&self) -> [(&'static str, u32); 8] {
        let v = [
            self.status,
            self.irq_status,
            self.sq_head,
            self.cq_tail,
            self.jobs_ok,
            self.jobs_err,
            self.bytes_lo,
            self.bytes_hi,
        ];
        let mut out = [("", 0); 8];
        for (i, (name, _)) in Self::REGISTERS.iter().enumerate() {
            out[i] = (name, v[i]);
        }
        out
    }
}

/// What kind of difference was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MismatchKind {
    /// A byte of a job's destination range.
    DestinationByte,
    /// A byte of a completion slot in the CQ ring memory.
    CompletionSlotByte,
    /// A field of a completion entry the DUT wrote.
    CompletionField(&'static str),
    /// The DUT wrote fewer completions than the model.
    CompletionMissing,
    /// The DUT wrote more completions than the model.
    CompletionExtra,
    /// A byte no job of the model wrote.
    StrayByte,
    /// A register value.
    Register(&'static str),
    /// The model reported that it could not predict the hardware.
    Unpredictable(String),
}

/// The first difference between the DUT and the model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mismatch {
    pub kind: MismatchKind,
    /// The job the difference belongs to (tag, SQ index, position in the model's job log).
    pub tag: Option<u32>,
    pub sq_index: Option<u32>,
    pub job: Option<usize>,
    /// Block index within the job and its counter block (destination bytes).
    pub block: Option<u64>,
    pub counter: Option<[u8; 16]>,
    /// Byte address (memory) or register offset.
    pub addr: Option<u64>,
    /// Expected and got values, formatted in hex.
    pub expected: String,
    pub got: String,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match &self.kind {
            MismatchKind::DestinationByte => "destination byte".to_string(),
            MismatchKind::CompletionSlotByte => "completion ring byte".to_string(),
            MismatchKind::CompletionField(field) => format!("completion field `{field}`"),
            MismatchKind::CompletionMissing => "missing completion".to_string(),
            MismatchKind::CompletionExtra => "extra completion".to_string(),
            MismatchKind::StrayByte => "byte written by no job".to_string(),
            MismatchKind::Register(name) => format!("register {name}"),
            MismatchKind::Unpredictable(why) => {
                return write!(f, "scoreboard: the golden model cannot predict this run: {why}");
            }
        };
        write!(f, "scoreboard: first mismatch: {what}")?;
        match (self.tag, self.sq_index, self.job) {
            (Some(tag), Some(sq), Some(job)) => write!(f, ", job tag {tag:#010x} (SQ index {sq}, job #{job})")?,
            _ => write!(f, ", job tag none")?,
        }
        match (self.block, self.counter) {
            (Some(block), Some(counter)) => write!(f, ", block {block}, counter block {}", hex::encode(counter))?,
            _ => write!(f, ", block n/a, counter block n/a")?,
        }
        match (&self.kind, self.addr) {
            (MismatchKind::Register(_), Some(offset)) => write!(f, ", offset {offset:#05x}")?,
            (_, Some(addr)) => write!(f, ", address {addr:#018x}")?,
            _ => {}
        }
        write!(f, ": expected {}, got {}", self.expected, self.got)
    }
}

impl std::error::Error for Mismatch {}

/// How much a passing comparison checked (so a vacuous pass is visible).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Memory bytes compared (every byte of every page either image touched).
    pub bytes_compared: u64,
    /// Bytes inside uncertain ranges where the DUT holds the new value.
    pub uncertain_bytes_new: u64,
    /// Completion entries compared field by field.
    pub completions_compared: usize,
    /// Registers compared.
    pub registers_compared: usize,
}

/// Ordering key of a candidate mismatch: (job, phase within the job, address).
type Key = (usize, u8, u64);

const PAGE_BYTES: u64 = 4096;
const NO_JOB: usize = usize::MAX;

fn hex8(v: u8) -> String {
    format!("{v:#04x}")
}

fn field_value(bytes: &[u8; 16], field: &ByteField) -> u64 {
    let mut v = 0u64;
    for i in (0..field.size).rev() {
        v = (v << 8) | bytes[field.offset + i] as u64;
    }
    v
}

fn job_fields(job: &JobRecord) -> (Option<u32>, Option<u32>, Option<usize>) {
    (Some(job.descriptor.tag), Some(job.sq_index), Some(job.sequence))
}

/// Compare a DUT's results with the golden model (see the module docs).
pub fn compare(
    model: &Device,
    model_memory: &Memory,
    dut_memory: &Memory,
    dut_completions: Option<&[Completion]>,
    dut_registers: Option<&RegisterSnapshot>,
) -> Result<Report, Box<Mismatch>> {
    if let Some(why) = model.warnings().first() {
        return Err(Box::new(Mismatch {
            kind: MismatchKind::Unpredictable(why.clone()),
            tag: None,
            sq_index: None,
            job: None,
            block: None,
            counter: None,
            addr: None,
            expected: String::new(),
            got: String::new(),
        }));
    }
    let jobs = model.jobs();
    let mut report = Report::default();
    let mut first: Option<(Key, Mismatch)> = None;
    let mut offer = |key: Key, m: Mismatch| {
        if first.as_ref().is_none_or(|(k, _)| key < *k) {
            first = Some((key, m));
        }
    };

    // 1. Completions, in order, all 16 bytes.
    if let Some(got_list) = dut_completions {
        let written: Vec<&JobRecord> = jobs.iter().filter(|j| j.completion_written).collect();
        for (i, job) in written.iter().enumerate() {
            let (tag, sq_index, seq) = job_fields(job);
            let Some(got) = got_list.get(i) else {
                offer(
                    (job.sequence, 0, 0),
                    Mismatch {
                        kind: MismatchKind::CompletionMissing,
                        tag,
                        sq_index,
                        job: seq,
                        block: None,
                        counter: None,
                        addr: Some(job.completion_addr),
                        expected: hex::encode(job.completion.to_bytes()),
                        got: "nothing".into(),
                    },
                );
                break;
            };
            report.completions_compared += 1;
            let (e, g) = (job.completion.to_bytes(), got.to_bytes());
            if let Some(field) =
                FIELDS.iter().find(|f| e[f.offset..f.offset + f.size] != g[f.offset..f.offset + f.size])
            {
                let width = field.size * 2 + 2;
                offer(
                    (job.sequence, 0, field.offset as u64),
                    Mismatch {
                        kind: MismatchKind::CompletionField(field.name),
                        tag,
                        sq_index,
                        job: seq,
                        block: None,
                        counter: None,
                        addr: Some(job.completion_addr + field.offset as u64),
                        expected: format!("{:#0width$x}", field_value(&e, field)),
                        got: format!("{:#0width$x}", field_value(&g, field)),
                    },
                );
            }
        }
        if got_list.len() > written.len() {
            let extra = &got_list[written.len()];
            offer(
                (NO_JOB, 0, 0),
                Mismatch {
                    kind: MismatchKind::CompletionExtra,
                    tag: Some(extra.tag),
                    sq_index: None,
                    job: None,
                    block: None,
                    counter: None,
                    addr: None,
                    expected: "nothing".into(),
                    got: hex::encode(extra.to_bytes()),
                },
            );
        }
    }

    // 2. Memory: every byte of every page either side touched.
    let mut pages: Vec<u64> = model_memory.pages().chain(dut_memory.pages()).collect();
    pages.sort_unstable();
    pages.dedup();
    report.bytes_compared = pages.len() as u64 * PAGE_BYTES;
    let mut unexplained = BTreeSet::new();
    for addr in model_memory.differences(dut_memory) {
        let got = dut_memory.read_u8(addr);
        match model.uncertain_at(addr) {
            Some((new, _)) if new == got => report.uncertain_bytes_new += 1,
            _ => {
                unexplained.insert(addr);
            }
        }
    }
    // Owner of each differing byte: the last job that wrote it, else the
    // last erroneous job whose range covers it, else the last job whose
    // completion slot covers it, else an uncertain range's job.
    let mut take_range = |start: u64, len: u64| -> Vec<u64> {
        let end = start.saturating_add(len);
        let hits: Vec<u64> = unexplained.range(start..end).copied().collect();
        for a in &hits {
            unexplained.remove(a);
        }
        hits
    };
    let mut owned: Vec<(Key, Mismatch)> = Vec::new();
    // Jobs that wrote (or may have written) their destination first, then
    // jobs that should have written nothing there.
    let wrote = |j: &&JobRecord| j.bytes > 0 || j.status == Status::WriteError;
    let writers = jobs.iter().rev().filter(|j| j.is_ctr_xor() && wrote(j));
    let silent = jobs.iter().rev().filter(|j| j.is_ctr_xor() && !wrote(j));
    for job in writers.chain(silent) {
        for addr in take_range(job.dst(), job.length() as u64) {
            let (tag, sq_index, seq) = job_fields(job);
            let block = job.block_of(addr);
            owned.push((
                (job.sequence, 1, addr),
                Mismatch {
                    kind: MismatchKind::DestinationByte,
                    tag,
                    sq_index,
                    job: seq,
                    block: block.map(|b| b.0),
                    counter: block.map(|b| b.1),
                    addr: Some(addr),
                    expected: expected_byte(model, model_memory, addr),
                    got: hex8(dut_memory.read_u8(addr)),
                },
            ));
        }
    }
    for job in jobs.iter().rev().filter(|j| j.completion_written) {
        for addr in take_range(job.completion_addr, spec::completion::COMPLETION_BYTES as u64) {
            let (tag, sq_index, seq) = job_fields(job);
            owned.push((
                (job.sequence, 2, addr),
                Mismatch {
                    kind: MismatchKind::CompletionSlotByte,
                    tag,
                    sq_index,
                    job: seq,
                    block: None,
                    counter: None,
                    addr: Some(addr),
                    expected: hex8(model_memory.read_u8(addr)),
                    got: hex8(dut_memory.read_u8(addr)),
                },
            ));
        }
    }
    for range in model.uncertain() {
        for addr in take_range(range.start, range.new.len() as u64) {
            let block = range.block_of(addr);
            owned.push((
                (NO_JOB, 1, addr),
                Mismatch {
                    kind: MismatchKind::DestinationByte,
                    tag: Some(range.tag),
                    sq_index: Some(range.sq_index),
                    job: None,
                    block: block.map(|b| b.0),
                    counter: block.map(|b| b.1),
                    addr: Some(addr),
                    expected: expected_byte(model, model_memory, addr),
                    got: hex8(dut_memory.read_u8(addr)),
                },
            ));
        }
    }
    for addr in unexplained {
        owned.push((
            (NO_JOB, 3, addr),
            Mismatch {
                kind: MismatchKind::StrayByte,
                tag: None,
                sq_index: None,
                job: None,
                block: None,
                counter: None,
                addr: Some(addr),
                expected: hex8(model_memory.read_u8(addr)),
                got: hex8(dut_memory.read_u8(addr)),
            },
        ));
    }
    for (key, m) in owned {
        offer(key, m);
    }

    // 3. Registers.
    if let Some(got) = dut_registers {
        let expected = RegisterSnapshot::from_device(model);
        for (i, ((name, e), (_, g))) in expected.values().into_iter().zip(got.values()).enumerate() {
            report.registers_compared += 1;
            if e != g {
                offer(
                    (NO_JOB, 4, i as u64),
                    Mismatch {
                        kind: MismatchKind::Register(name),
                        tag: None,
                        sq_index: None,
                        job: None,
                        block: None,
                        counter: None,
                        addr: Some(RegisterSnapshot::REGISTERS[i].1 as u64),
                        expected: format!("{e:#010x}"),
                        got: format!("{g:#010x}"),
                    },
                );
            }
        }
    }

    match first {
        Some((_, m)) => Err(Box::new(m)),
        None => Ok(report),
    }
}

/// The expected value of a byte: the model's, or "old or new" if uncertain.
fn expected_byte(model: &Device, model_memory: &Memory, addr: u64) -> String {
    let old = model_memory.read_u8(addr);
    match model.uncertain_at(addr) {
        Some((new, _)) => format!("{} (old) or {} (new)", hex8(old), hex8(new)),
        None => hex8(old),
    }
}
