//! The AXI4-Lite driver, the `RegisterAccess` trait and the AXI4-Lite monitor against a hand-written
//! Verilog register slave (`tests/dut/axil_regs.v`): register values round-trip under every write
//! ordering with back-pressure on BREADY/RREADY, the orderings really happen on the bus, SLVERR/DECERR
//! answers are reported, and a misbehaving slave is caught with the rule's name.

mod common;

use rand::Rng;
use sim::axi_monitor::Rule;
use sim::axil::{Access, AxilError, AxilMasterConfig, WriteOrder};
use sim::harness::HarnessError;
use sim::{Harness, HarnessConfig, Options, RegisterAccess};

const ID_OFFSET: u32 = 0x10;
const ID_VALUE: u32 = 0x4158_4C54;

fn register_slave(extra_args: &[&str], axil: AxilMasterConfig) -> Harness {
    let config = HarnessConfig {
        build: Options { extra_args: extra_args.iter().map(|s| s.to_string()).collect(), ..Options::default() },
        axi_prefix: None,
        axil,
        ..HarnessConfig::default()
    };
    let mut h = Harness::build(&common::dut("axil_regs.v"), "axil_regs", config).expect("build axil_regs");
    h.reset(4).expect("reset");
    h
}

/// Writes random values to the four registers, one byte-lane pattern at a time, and reads them back
/// through the `RegisterAccess` trait only (as the ring driver would).
fn exercise_registers(regs: &mut impl RegisterAccess, rng: &mut impl Rng) {
    for _ in 0..8 {
        let values: Vec<u32> = (0..4).map(|_| rng.gen()).collect();
        for (i, v) in values.iter().enumerate() {
            regs.write32(4 * i as u32, *v);
        }
        for (i, v) in values.iter().enumerate() {
            assert_eq!(regs.read32(4 * i as u32), *v, "register {i}");
        }
        assert_eq!(regs.read32(ID_OFFSET), ID_VALUE);
    }
    regs.write64(0x0, 0x0123_4567_89AB_CDEF);
    assert_eq!(regs.read32(0x0), 0x89AB_CDEF);
    assert_eq!(regs.read32(0x4), 0x0123_4567);
    assert_eq!(regs.read64(0x0), 0x0123_4567_89AB_CDEF);
}

#[test]
fn registers_round_trip_in_every_write_order_with_back_pressure() {
    let seed = common::seed(0xA1_0001);
    let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(seed);
    for order in [WriteOrder::AddressFirst, WriteOrder::DataFirst, WriteOrder::Simultaneous, WriteOrder::Random] {
        for channel_gap in [0, 3] {
            let config = AxilMasterConfig {
                seed: rng.gen(),
                order,
                channel_gap,
                bready: 0.3,
                rready: 0.3,
                ..Default::default()
            };
            let mut h = register_slave(&[], config);
            exercise_registers(&mut h, &mut rng);
            assert!(h.bus_errors().is_empty(), "{order:?}: {:?}", h.bus_errors());
            assert!(h.failure().is_none(), "{order:?}: {:?}", h.failure());
            let stats = h.axil_mut().unwrap().stats().clone();
            assert!(stats.b_stalls > 0 && stats.r_stalls > 0, "{order:?}: BREADY/RREADY back-pressure: {stats:?}");
            assert_eq!((stats.writes, stats.reads), (8 * 4 + 2, 8 * 5 + 4));
        }
    }
}

/// Accepted-edge cycles of AW and W for one write.
fn write_handshakes(h: &mut Harness, offset: u32, value: u32) -> (u64, u64) {
    let axil = h.axil_mut().unwrap();
    axil.start_write(offset, value).unwrap();
    loop {
        h.step().unwrap();
        if let Some(c) = h.axil_mut().unwrap().take_completion() {
            assert_eq!(c.access, Access::Write);
            assert_eq!(c.resp, spec::resp::OKAY);
            return (c.address_accepted, c.data_accepted.unwrap());
        }
    }
}

#[test]
fn write_orders_happen_on_the_bus() {
    let seed = common::seed(0xA1_0002);
    let mut rng = <rand_chacha::ChaCha8Rng as rand::SeedableRng>::seed_from_u64(seed);
    // A stalling slave: AW and W each wait for their own LFSR-driven READY.
    let mut h =
        register_slave(&[], AxilMasterConfig { order: WriteOrder::AddressFirst, channel_gap: 2, ..Default::default() });
    for _ in 0..20 {
        let (aw, w) = write_handshakes(&mut h, 4, rng.gen());
        assert!(w >= aw + 3, "AddressFirst with gap 2: AW at {aw}, W at {w}");
    }
    let mut h = register_slave(&[], AxilMasterConfig { order: WriteOrder::DataFirst, ..Default::default() });
    for _ in 0..20 {
        let (aw, w) = write_handshakes(&mut h, 8, rng.gen());
        assert!(aw > w, "DataFirst: AW at {aw}, W at {w}");
    }
    // An always-ready slave accepts simultaneous AW and W on the same edge.
    let mut h =
        register_slave(&["-GSTALL=0"], AxilMasterConfig { order: WriteOrder::Simultaneous, ..Default::default() });
    let mut last = 0;
    for _ in 0..20 {
        last = rng.gen();
        let (aw, w) = write_handshakes(&mut h, 12, last);
        assert_eq!(aw, w, "Simultaneous");
    }
    assert_eq!(h.read32(12), last);
}

#[test]
fn error_responses_are_reported() {
    let mut h = register_slave(&[], AxilMasterConfig { order: WriteOrder::Random, ..Default::default() });
    let slverr = spec::resp::SLVERR;
    let decerr = spec::resp::DECERR;
    let read = |h: &mut Harness, offset| h.try_read32(offset);
    assert_eq!(
        read(&mut h, 0x14),
        Err(HarnessError::Bus(AxilError { access: Access::Read, offset: 0x14, resp: slverr, data: 0xBAD0_0014 }))
    );
    assert_eq!(
        read(&mut h, 0x40),
        Err(HarnessError::Bus(AxilError { access: Access::Read, offset: 0x40, resp: decerr, data: 0 }))
    );
    assert_eq!(
        h.try_write32(ID_OFFSET, 1),
        Err(HarnessError::Bus(AxilError { access: Access::Write, offset: 0x10, resp: slverr, data: 0 }))
    );
    let message = h.try_write32(0x100, 1).unwrap_err().to_string();
    assert_eq!(message, "AXI4-Lite write to register offset 0x100 answered DECERR");
    // Through the trait: recorded, not fatal; the read returns the data that came with the error.
    assert_eq!(h.read32(0x18), 0xBAD0_0018);
    h.write32(0x20, 5);
    let errors = h.take_bus_errors();
    assert_eq!(errors.len(), 2);
    assert!(matches!(errors[0], HarnessError::Bus(AxilError { resp, offset: 0x18, .. }) if resp == slverr));
    assert!(matches!(errors[1], HarnessError::Bus(AxilError { resp, offset: 0x20, .. }) if resp == decerr));
    // Good accesses still work afterwards.
    assert_eq!(h.try_read32(ID_OFFSET), Ok(ID_VALUE));
    assert!(h.failure().is_none());
}

#[test]
fn offset_outside_the_address_bus_is_a_usage_error() {
    let mut h = register_slave(&[], AxilMasterConfig::default());
    let err = h.try_read32(0x1000).unwrap_err();
    assert!(matches!(err, HarnessError::Usage(_)), "{err:?}");
    assert!(err.to_string().contains("does not fit the 12-bit s_axil_awaddr"), "{err}");
}

fn lite_violation(h: &mut Harness, offsets: &[u32]) -> sim::axi_monitor::Violation {
    for &offset in offsets {
        match h.try_read32(offset) {
            Ok(_) | Err(HarnessError::Bus(_)) => {}
            Err(HarnessError::Violation(v)) => return v,
            Err(e) => panic!("expected a protocol violation, got {e}"),
        }
    }
    match h.run(100) {
        Err(HarnessError::Violation(v)) => v,
        other => panic!("expected a protocol violation, got {other:?}"),
    }
}

#[test]
fn monitor_catches_a_bvalid_without_a_write() {
    let mut h = register_slave(&["-GBREAK=1"], AxilMasterConfig::default());
    let v = lite_violation(&mut h, &[]);
    assert_eq!(v.rule, Rule::ResponseWithoutRequest);
    assert!(v.to_string().contains("RESPONSE_WITHOUT_REQUEST") && v.detail.contains("s_axil_bvalid"), "{v}");
}

#[test]
fn monitor_catches_rvalid_dropped_before_rready() {
    let config = AxilMasterConfig { rready: 0.1, ..Default::default() };
    let mut h = register_slave(&["-GBREAK=2"], config);
    let v = lite_violation(&mut h, &[0, 4, 8, 12, 0, 4, 8, 12]);
    assert_eq!(v.rule, Rule::ValidDroppedBeforeReady);
    assert!(v.detail.contains("RVALID"), "{v}");
}

#[test]
fn monitor_catches_rdata_changed_while_stalled() {
    let config = AxilMasterConfig { rready: 0.1, ..Default::default() };
    let mut h = register_slave(&["-GBREAK=3"], config);
    let v = lite_violation(&mut h, &[0, 4, 8, 12, 0, 4, 8, 12]);
    assert_eq!(v.rule, Rule::PayloadChangedWhileStalled);
    assert!(v.detail.contains("s_axil_rdata"), "{v}");
}

#[test]
fn register_access_on_a_dut_without_axi_lite_is_a_usage_error() {
    let config = HarnessConfig { axil_prefix: None, axi_prefix: None, ..HarnessConfig::default() };
    let mut h = Harness::build(&common::dut("axil_regs.v"), "axil_regs", config).unwrap();
    let err = h.try_read32(0).unwrap_err();
    assert!(err.to_string().contains("has no AXI4-Lite interface"), "{err}");
}

#[test]
fn missing_interface_ports_are_listed() {
    // axil_regs has no AXI4 master: every m_axi_ port is reported missing in one error.
    let err = Harness::build(&common::dut("axil_regs.v"), "axil_regs", HarnessConfig::default()).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("does not have a valid AXI4 master interface `m_axi_*`"), "{message}");
    assert!(message.contains("m_axi_wdata missing"), "{message}");
}
