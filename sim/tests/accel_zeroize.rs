//! Zeroization seen from inside the emitted `aes_ctr_accel` (default configuration): the run is
//! traced into a VCD and the key store's round-key RAMs (`engine.store.round_ram$j`, element i
//! = round key j of slot i) are read back at checkpoints through [`sim::vcd::Vcd`]:
//! - after CSR loads every loaded slot holds a non-zero key (so the check can see keys at all) and
//!   the hidden INLINE_KEY slot is zero;
//! - a KEY_ZEROIZE descriptor clears exactly its slot; a CSR ZEROIZE clears its slot; ZEROIZE_ALL
//!   clears every slot;
//! - an INLINE_KEY job's key is in the hidden slot while the job runs and gone within
//!   `ERASE_CYCLES` of its completion;
//! - `rst` clears every slot;
//! - KEY_DATA (the CSR staging registers) is zero after each load.

mod accel_support;

use accel_support::{harness_with_vcd, verilog, Dut, LAYOUT};
use hdl::config::Config;
use sim::axi_memory::AxiMemoryConfig;
use sim::driver::Driver;
use sim::vcd::Vcd;
use spec::{CounterWidth, Descriptor, KeySize};
use std::collections::BTreeMap;

const KEY_ADDRESS: u64 = 0x30_0000;
/// Cycles after the driver has seen an INLINE_KEY job's completion by which its key is erased.
const ERASE_CYCLES: u64 = 16;

fn key(slot: u32) -> Vec<u8> {
    (0..16).map(|i| (0x5A ^ (slot as u8 * 16 + i as u8)) | 1).collect()
}

/// Round-key entries by (slot, round), and KEY_DATA words, by full VCD name. Round key j of slot i
/// is element i of the memory of `round_ram$j` (Verilator traces each element of a memory as
/// `mem[i]`).
struct KeyState {
    entries: BTreeMap<(usize, usize), String>,
    key_data: Vec<String>,
}

impl KeyState {
    fn find(vcd: &Vcd) -> KeyState {
        let mut entries = BTreeMap::new();
        let mut key_data = Vec::new();
        for name in vcd.names() {
            if let Some(rest) = name.strip_prefix("TOP.aes_ctr_accel.engine.store.round_ram$") {
                if let Some((round, element)) = rest.split_once(".mem[") {
                    let slot = element.strip_suffix(']').expect("mem[i]").parse().expect("element index");
                    entries.insert((slot, round.parse().expect("round RAM index")), name.to_string());
                }
            }
            if name.starts_with("TOP.aes_ctr_accel.regs.key_data$") && name.ends_with(".q") {
                key_data.push(name.to_string());
            }
        }
        KeyState { entries, key_data }
    }

    fn slot_is_zero(&self, vcd: &Vcd, slot: usize, time: u64) -> bool {
        self.entries
            .range((slot, 0)..(slot + 1, 0))
            .all(|(_, name)| !vcd.value_at(name, time).expect("traced").contains('1'))
    }

    fn slot_had_a_one_between(&self, vcd: &Vcd, slot: usize, from: u64, to: u64) -> bool {
        self.entries.range((slot, 0)..(slot + 1, 0)).any(|(_, name)| vcd.had_a_one_between(name, from, to))
    }
}

#[test]
fn zeroization_leaves_the_key_store_all_zero() {
    let config = Config::default();
    let slots = config.key_slots as usize;
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("accel_zeroize");
    std::fs::create_dir_all(&dir).expect("trace directory");
    let path = dir.join("zeroize.vcd");
    let h = harness_with_vcd(
        &verilog(&config),
        config.max_burst,
        AxiMemoryConfig { read_latency: 20, ..AxiMemoryConfig::default() },
        Some(path.clone()),
    );
    let mut d = Driver::new(Dut { harness: h }, LAYOUT).expect("driver");
    let now = |d: &Driver<Dut>| 10 * d.platform().harness.cycle();
    let mut checkpoints: Vec<(&str, u64)> = Vec::new();

    for slot in 0..slots as u32 {
        d.load_key(slot, &key(slot)).expect("CSR load");
    }
    checkpoints.push(("loaded", now(&d)));
    d.enable();
    let c = d.run_all(&[Descriptor::key_zeroize(1, 1)]).expect("KEY_ZEROIZE");
    assert_eq!(c[0].status, spec::Status::Ok as u8);
    checkpoints.push(("slot 1 zeroized by a descriptor", now(&d)));
    d.zeroize_key(0).expect("CSR zeroize");
    checkpoints.push(("slot 0 zeroized by KEY_CTRL", now(&d)));
    d.zeroize_all_keys().expect("CSR zeroize all");
    checkpoints.push(("all zeroized", now(&d)));

    let inline_key = vec![0xC3u8; 32];
    d.platform_mut().harness.memory_mut().unwrap().memory.load(KEY_ADDRESS, &inline_key);
    d.platform_mut().harness.memory_mut().unwrap().memory.load(0x10_0000, &[7u8; 4096]);
    let job_start = now(&d);
    let job = Descriptor::ctr_xor_inline(
        2,
        KeySize::Aes256,
        KEY_ADDRESS,
        CounterWidth::W128,
        0x10_0000,
        0x20_0000,
        4096,
        [1; 16],
    );
    let c = d.run_all(&[job]).expect("INLINE_KEY job");
    assert_eq!(c[0].status, spec::Status::Ok as u8);
    let job_end = now(&d);
    // The dispatcher zeroizes the hidden slot once the job's completion is written; the slot is
    // invalid at once and its round keys are overwritten in the background (key_store.rs).
    d.platform_mut().harness.run(ERASE_CYCLES).expect("idle cycles");
    checkpoints.push(("after the INLINE_KEY job", now(&d)));

    for slot in 0..slots as u32 {
        d.load_key(slot, &key(slot)).expect("CSR load");
    }
    checkpoints.push(("reloaded", now(&d)));
    d.platform_mut().harness.reset(8).expect("rst");
    checkpoints.push(("after rst", now(&d)));
    drop(d); // closes the trace

    let vcd = Vcd::read(&path, |n| n.contains(".store.round_ram$") || n.contains(".regs.key_data$")).expect("VCD");
    let state = KeyState::find(&vcd);
    let store_slots = slots + 1; // + the hidden INLINE_KEY slot
    let per_slot = config.max_rounds() + 1; // round keys per slot, one round RAM each
    assert_eq!(
        state.entries.len(),
        store_slots * per_slot,
        "round-key RAM elements in the trace: {:?}",
        vcd.names().filter(|n| n.contains("round_ram")).take(8).collect::<Vec<_>>()
    );
    let hidden = slots;
    assert_eq!(state.key_data.len(), 8, "KEY_DATA words in the trace");

    let zero = |slot: usize, at: &str| {
        let time = checkpoints.iter().find(|(l, _)| *l == at).unwrap().1;
        state.slot_is_zero(&vcd, slot, time)
    };
    for at in ["loaded", "reloaded"] {
        for slot in 0..slots {
            assert!(!zero(slot, at), "{at}: slot {slot} should hold a key");
        }
        assert!(zero(hidden, at), "{at}: hidden slot not zero");
        let time = checkpoints.iter().find(|(l, _)| *l == at).unwrap().1;
        for name in &state.key_data {
            assert!(!vcd.value_at(name, time).unwrap().contains('1'), "{at}: {name} not cleared");
        }
    }
    assert!(zero(1, "slot 1 zeroized by a descriptor"));
    assert!(!zero(0, "slot 1 zeroized by a descriptor") && !zero(2, "slot 1 zeroized by a descriptor"));
    assert!(zero(0, "slot 0 zeroized by KEY_CTRL") && zero(1, "slot 0 zeroized by KEY_CTRL"));
    assert!(!zero(2, "slot 0 zeroized by KEY_CTRL"));
    for slot in 0..store_slots {
        assert!(zero(slot, "all zeroized"), "ZEROIZE_ALL left slot {slot}");
        assert!(zero(slot, "after the INLINE_KEY job"), "INLINE_KEY job left slot {slot}");
        assert!(zero(slot, "after rst"), "rst left slot {slot}");
    }
    let hidden_used = state.slot_had_a_one_between(&vcd, hidden, job_start, job_end);
    assert!(hidden_used, "the INLINE_KEY job's key never appeared in the hidden slot: the check would be blind");
    println!("checkpoints (VCD time): {checkpoints:?}; {per_slot} round keys per slot, {store_slots} slots");
}
