"""Bad input raises clear Python exceptions; nothing crashes the interpreter."""

import pytest

import aes_ctr_accel
from aes_ctr_accel import pyaes as compat


def test_wrong_key_length():
    with pytest.raises(ValueError, match="Invalid key size"):
        compat.AESModeOfOperationCTR(b"short")
    dev = aes_ctr_accel.Device.golden()
    with pytest.raises(ValueError, match="16, 24 or 32 bytes"):
        dev.ctr_xor(b"data", b"k" * 15, 0)
    with pytest.raises(ValueError, match="16, 24 or 32 bytes"):
        dev.load_key(0, b"k" * 33)
    with pytest.raises(TypeError, match="key must be bytes"):
        compat.AESModeOfOperationCTR("a str key of 16")


def test_bad_counter_type():
    with pytest.raises(TypeError, match="counter must be a Counter"):
        compat.AESModeOfOperationCTR(b"k" * 16, counter=5)
    with pytest.raises(TypeError, match="initial_value must be an int"):
        compat.Counter(initial_value=1.5)
    dev = aes_ctr_accel.Device.golden()
    with pytest.raises(TypeError, match="counter must be 16 bytes or an int"):
        dev.ctr_xor(b"d", b"k" * 16, 1.0)
    with pytest.raises(TypeError, match="not str"):
        dev.ctr_xor(b"d", b"k" * 16, "0123456789abcdef")
    with pytest.raises(ValueError, match="exactly 16 bytes"):
        dev.ctr_xor(b"d", b"k" * 16, b"\x00" * 15)
    with pytest.raises(ValueError, match="0..2\\*\\*128"):
        dev.ctr_xor(b"d", b"k" * 16, 1 << 128)
    with pytest.raises(ValueError, match="0..2\\*\\*128"):
        dev.ctr_xor(b"d", b"k" * 16, -1)

    class Short:
        value = [0] * 15

        def increment(self):
            pass

    with pytest.raises(ValueError, match="16 bytes long"):
        compat.AESModeOfOperationCTR(b"k" * 16, counter=Short(), device=dev, threshold=0).encrypt(b"x")


def test_bad_width_slot_data_and_batch():
    dev = aes_ctr_accel.Device.golden()
    with pytest.raises(ValueError, match="32, 64 or 128"):
        dev.ctr_xor(b"d", b"k" * 16, 0, 48)
    with pytest.raises(ValueError, match="slot 9 does not exist"):
        dev.load_key(9, b"k" * 16)
    with pytest.raises(ValueError, match="slot 4 does not exist"):
        dev.ctr_xor(b"d", 4, 0)
    with pytest.raises(TypeError, match="data must be bytes-like"):
        dev.ctr_xor(12, b"k" * 16, 0)
    with pytest.raises(TypeError, match="not str"):
        dev.ctr_xor("text", b"k" * 16, 0)
    with pytest.raises(ValueError, match="job 1"):
        dev.ctr_xor_batch([(b"a", b"k" * 16, 0), (b"b", b"k" * 3, 0)])
    with pytest.raises(ValueError, match="job 0: expected"):
        dev.ctr_xor_batch([(b"a",)])
    with pytest.raises(ValueError, match="golden device"):
        aes_ctr_accel.Device.golden(bus_bytes=3)


def test_closed_device():
    dev = aes_ctr_accel.Device.golden()
    with dev:
        dev.ctr_xor(b"x", b"k" * 16, 0)
    assert dev.closed
    for call in (
        lambda: dev.ctr_xor(b"x", b"k" * 16, 0),
        lambda: dev.load_key(0, b"k" * 16),
        lambda: dev.zeroize(),
        lambda: dev.counters(),
        lambda: compat.AESModeOfOperationCTR(b"k" * 16, device=dev, threshold=0).encrypt(b"x"),
    ):
        with pytest.raises(RuntimeError, match="closed"):
            call()
    dev.close()  # closing twice is fine


def test_bad_configuration_file(tmp_path):
    with pytest.raises(ValueError, match="configuration"):
        aes_ctr_accel.Device.simulated(config=str(tmp_path / "missing.yaml"))
    bad = tmp_path / "bad.yaml"
    bad.write_text("lanes: 1000\n")
    with pytest.raises(ValueError, match="lanes"):
        aes_ctr_accel.Device.simulated(config=str(bad))


@pytest.mark.parametrize("which", ["golden", "simulated"])
def test_device_error_names_the_job(which, request):
    dev = request.getfixturevalue(which)
    # A CTR_XOR job on a key slot the device lacks completes with BAD_KEY_SLOT: the exception
    # names the job (index, tag, length) and the status.
    with pytest.raises(aes_ctr_accel.SimulationError, match=r"job 0 \(tag 0x[0-9a-f]+, 5 bytes\) completed with status Some\(BadKeySlot\)"):
        dev._fail_for_test(b"12345")
    # the device still works afterwards
    assert len(dev.ctr_xor(b"abc", b"k" * 16, 0)) == 3


def test_simulation_timeout_names_the_job_and_recovers(simulated):
    # One poll is far too short for a 4 KiB job on the RTL: the wait gives up, the exception names
    # the job, and the driver's QRESET leaves the device usable.
    simulated.set_poll_budget(1)
    try:
        with pytest.raises(aes_ctr_accel.SimulationError,
                           match=r"job 0 \(tag 0x[0-9a-f]+, 4096 bytes\) did not complete: timed out .*; the queues were reset \(QRESET\)$"):
            simulated.ctr_xor(bytes(4096), b"k" * 16, 0)
    finally:
        simulated.set_poll_budget(1_000_000)
    assert len(simulated.ctr_xor(b"abc", b"k" * 16, 0)) == 3
