//! `accel-bench`: throughput of an emitted `aes_ctr_accel` under Verilator.
//!
//! ```text
//! cargo run --release -p aes-ctr-sim --bin accel-bench -- --verilog hdl/generated/aes_ctr_accel.v \
//!     [--read-latency 20] [--write-latency 2]
//! ```
//! The configuration is read from the `NAME.config.json` `gen-verilog` writes next to the Verilog. Three workloads, each on a fresh
//! reset device with an always-ready memory of the given latencies:
//! - `single-64KiB`: one 65,536-byte CTR_XOR job (AES-128 slot key);
//! - `small-32x64B`: 32 jobs of 64 bytes submitted with one doorbell;
//! - `crypto_pyaes`: the pyperformance workload: encrypt the 23,000-byte plaintext with the
//!   workload key and counter 1, then decrypt the ciphertext (a second job reading the first one's
//!   output); the ciphertext's SHA-256 and the round trip are checked.
//!
//! Cycles are counted from the cycle the doorbell write is acknowledged to the cycle the last
//! completion entry is visible in memory (polled through the memory model's back door, so polling
//! costs no bus cycles). Printed per workload: bytes, cycles, bytes/cycle, percent of the bus limit
//! (W/8 bytes per cycle), and the streaming rate between the first source beat and the last
//! destination beat (the job's fixed latency excluded).

use accel_config::Config;
use clap::Parser;
use golden::AccessKind;
use sha2::{Digest, Sha256};
use sim::axi_memory::AxiMemoryConfig;
use sim::scenario::{harness_from_verilog, read_design};
use sim::{Harness, RegisterAccess};
use spec::completion::COMPLETION_BYTES;
use spec::descriptor::DESCRIPTOR_BYTES;
use spec::{regs, Completion, CounterWidth, Descriptor, Status};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(about = "Throughput of an emitted aes_ctr_accel under Verilator")]
struct Args {
    /// The emitted Verilog (a file gen-verilog wrote, with its NAME.config.json next to it).
    #[arg(long)]
    verilog: PathBuf,
    /// Memory read latency in cycles.
    #[arg(long, default_value_t = 20)]
    read_latency: u32,
    /// Memory write-response latency in cycles.
    #[arg(long, default_value_t = 2)]
    write_latency: u32,
}

const SQ_BASE: u64 = 0x1_0000;
const CQ_BASE: u64 = 0x2_0000;
const RING: u32 = 64;

struct Bench {
    h: Harness,
    bus_bytes: u64,
}

struct Outcome {
    bytes: u64,
    cycles: u64,
    stream_cycles: u64,
    completions: Vec<Completion>,
}

impl Bench {
    fn new(text: &str, config: &Config, args: &Args) -> Bench {
        let memory = AxiMemoryConfig {
            read_latency: args.read_latency,
            write_latency: args.write_latency,
            max_outstanding_reads: 64,
            max_outstanding_writes: 64,
            record_log: true,
            ..AxiMemoryConfig::default()
        };
        let mut h = harness_from_verilog(text, config.max_burst, memory);
        h.write32(regs::SQ_BASE_LO, SQ_BASE as u32);
        h.write32(regs::CQ_BASE_LO, CQ_BASE as u32);
        h.write32(regs::SQ_SIZE, RING);
        h.write32(regs::CQ_SIZE, RING);
        h.write32(regs::CTRL, regs::CTRL_ENABLE.mask());
        Bench { h, bus_bytes: (config.bus_bits / 8) as u64 }
    }

    fn load_key(&mut self, slot: u32, key: &[u8]) {
        for (n, word) in key.chunks(4).enumerate() {
            self.h.write32(regs::key_data(n as u32), u32::from_le_bytes(word.try_into().unwrap()));
        }
        let size = spec::KeySize::ALL.into_iter().find(|k| k.bytes() == key.len()).expect("key size");
        self.h.write32(
            regs::KEY_CTRL,
            regs::KEY_CTRL_SLOT.put(slot) | regs::KEY_CTRL_SIZE.put(size.code() as u32) | regs::KEY_CTRL_LOAD.mask(),
        );
        while regs::STATUS_KEY_BUSY.get(self.h.read32(regs::STATUS)) != 0 {}
    }

    fn memory(&mut self) -> &mut golden::Memory {
        &mut self.h.memory_mut().expect("memory").memory
    }

    /// Submit `ds` (all at once), ring the doorbell, run until every completion is visible.
    fn run(&mut self, ds: &[Descriptor]) -> Outcome {
        assert!(ds.len() < RING as usize);
        for (i, d) in ds.iter().enumerate() {
            self.memory().load(SQ_BASE + (DESCRIPTOR_BYTES * i) as u64, &d.to_bytes());
        }
        self.h.memory_mut().expect("memory").take_log();
        self.h.write32(regs::SQ_TAIL, ds.len() as u32);
        let start = self.h.cycle();
        let last = CQ_BASE + (COMPLETION_BYTES * (ds.len() - 1)) as u64;
        let done = self
            .h
            .run_until("the last completion", 10_000_000, |h| {
                let m = &h.memory().expect("memory").memory;
                m.read_u8(last + spec::completion::PHASE.offset as u64) & 1 == 1
            })
            .unwrap_or_else(|e| panic!("benchmark did not finish: {e}"));
        let cycles = done;
        let log = self.h.memory_mut().expect("memory").take_log();
        let first_read = log
            .iter()
            .filter(|b| b.kind == AccessKind::Read && b.id == 2)
            .map(|b| b.cycle.saturating_sub(b.len as u64))
            .min()
            .unwrap_or(start);
        let last_write =
            log.iter().filter(|b| b.kind == AccessKind::Write && b.id == 0).map(|b| b.cycle).max().unwrap_or(start);
        let completions = (0..ds.len())
            .map(|i| {
                let bytes = self.memory().dump(CQ_BASE + (COMPLETION_BYTES * i) as u64, COMPLETION_BYTES);
                Completion::from_bytes(&bytes.try_into().unwrap())
            })
            .collect();
        let bytes = ds.iter().map(|d| d.length as u64).sum();
        Outcome { bytes, cycles, stream_cycles: last_write.saturating_sub(first_read).max(1), completions }
    }
}

fn report(name: &str, o: &Outcome, bus_bytes: u64, wall: f64, h: &Harness) {
    let rate = o.bytes as f64 / o.cycles as f64;
    println!(
        "{name:<14} {:>7} bytes {:>7} cycles {:>6.2} B/cycle ({:>5.1}% of {} B/cycle)  streaming {:>6.2} B/cycle  \
         [{:.0} simulated cycles/s]",
        o.bytes,
        o.cycles,
        rate,
        100.0 * rate / bus_bytes as f64,
        bus_bytes,
        o.bytes as f64 / o.stream_cycles as f64,
        h.cycle() as f64 / wall
    );
    for c in &o.completions {
        assert_eq!(c.status, Status::Ok.code(), "{name}: job failed: {c:?}");
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (text, config) = match read_design(&args.verilog) {
        Ok(design) => design,
        Err(e) => {
            eprintln!("accel-bench: {e}");
            return ExitCode::from(2);
        }
    };
    println!(
        "accel-bench: {} ({}), read latency {}, write latency {}",
        args.verilog.display(),
        config.short_name(),
        args.read_latency,
        args.write_latency
    );
    let key128: Vec<u8> = (0xA0..=0xAFu8).collect();

    // 1. One 64 KiB job.
    {
        let t = Instant::now();
        let mut b = Bench::new(&text, &config, &args);
        b.load_key(0, &key128);
        let data: Vec<u8> = (0..65536u32).map(|i| (i * 7) as u8).collect();
        b.memory().load(0x100_0000, &data);
        let d = Descriptor::ctr_xor_slot(1, 0, CounterWidth::W128, 0x100_0000, 0x200_0000, 65536, [0; 16]);
        let o = b.run(&[d]);
        report("single-64KiB", &o, b.bus_bytes, t.elapsed().as_secs_f64(), &b.h);
    }
    // 2. 32 jobs of 64 bytes.
    {
        let t = Instant::now();
        let mut b = Bench::new(&text, &config, &args);
        b.load_key(0, &key128);
        let ds: Vec<Descriptor> = (0..32u32)
            .map(|i| {
                let src = 0x100_0000 + 0x1000 * i as u64;
                b.memory().load(src, &[i as u8; 64]);
                Descriptor::ctr_xor_slot(
                    i,
                    0,
                    CounterWidth::W128,
                    src,
                    0x200_0000 + 0x1000 * i as u64,
                    64,
                    [i as u8; 16],
                )
            })
            .collect();
        let o = b.run(&ds);
        report("small-32x64B", &o, b.bus_bytes, t.elapsed().as_secs_f64(), &b.h);
    }
    // 3. crypto_pyaes: encrypt, then decrypt the ciphertext.
    {
        let t = Instant::now();
        let mut b = Bench::new(&text, &config, &args);
        b.load_key(0, &key128);
        let plain: Vec<u8> = b"This is a test. What could possibly go wrong? ".repeat(500);
        let mut counter = [0u8; 16];
        counter[15] = 1;
        let n = plain.len() as u32;
        b.memory().load(0x100_0000, &plain);
        let ds = [
            Descriptor::ctr_xor_slot(1, 0, CounterWidth::W128, 0x100_0000, 0x200_0000, n, counter),
            Descriptor::ctr_xor_slot(2, 0, CounterWidth::W128, 0x200_0000, 0x300_0000, n, counter),
        ];
        let o = b.run(&ds);
        let cipher = b.memory().dump(0x200_0000, plain.len());
        let round_trip = b.memory().dump(0x300_0000, plain.len());
        let digest = hex::encode(Sha256::digest(&cipher));
        let expected = golden::vectors::workload_vectors()
            .ok()
            .and_then(|v| v.into_iter().find(|w| w.key == key128).map(|w| hex::encode(w.ciphertext_sha256)));
        report("crypto_pyaes", &o, b.bus_bytes, t.elapsed().as_secs_f64(), &b.h);
        println!(
            "crypto_pyaes   ciphertext sha256 {digest} ({}), round trip {}",
            match &expected {
                Some(e) if *e == digest => "matches the pyaes vector",
                Some(_) => "DIFFERS from the pyaes vector",
                None => "no vector found",
            },
            if round_trip == plain { "ok" } else { "WRONG" }
        );
        if round_trip != plain || expected.as_ref().is_some_and(|e| *e != digest) {
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}
