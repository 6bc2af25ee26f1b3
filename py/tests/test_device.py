"""The Device object: keys, ctr_xor, batches and counters on the golden model and the RTL."""

import pyaes as real
import pytest

import aes_ctr_accel


def _ref(key, counter, data):
    return real.AESModeOfOperationCTR(key, counter=real.Counter(initial_value=counter)).encrypt(data)


@pytest.mark.parametrize("which", ["golden", "simulated"])
def test_keys_ctr_xor_batch_counters(which, request):
    dev = request.getfixturevalue(which)
    c0 = dev.counters()
    key = bytes(range(32))
    dev.load_key(1, key)
    data = bytes(range(200))
    assert dev.ctr_xor(data, 1, 7) == _ref(key, 7, data)
    assert dev.ctr_xor(data, key[:16], (7).to_bytes(16, "big"), 128) == _ref(key[:16], 7, data)
    outs = dev.ctr_xor_batch([(data, 1, 1), (data[:33], key[:24], 2, 128), (b"", 1, 3)])
    assert outs == [_ref(key, 1, data), _ref(key[:24], 2, data[:33]), b""]
    # 32-bit counter width wraps the low word only
    wrap = (5 << 32) | 0xFFFFFFFF
    got = dev.ctr_xor(bytes(32), 1, wrap, 32)
    assert got[16:] == _ref(key, 5 << 32, bytes(16))
    c1 = dev.counters()
    assert c1["jobs_ok"] - c0["jobs_ok"] == 6
    assert c1["bytes"] - c0["bytes"] == 200 + 200 + 200 + 33 + 32
    if which == "simulated":
        assert c1["busy_cycles"] > c0["busy_cycles"]
        assert c1["cycles_simulated"] > c0["cycles_simulated"]
    dev.zeroize(1)
    with pytest.raises(ValueError, match="holds no key"):
        dev.ctr_xor(data, 1, 0)


def test_zeroized_slot_fails_on_the_device_with_the_job_named(golden):
    # Bypass the Python-side check: a slot loaded then zeroized by all.
    golden.load_key(2, b"\x01" * 16)
    golden.zeroize()
    with pytest.raises(ValueError, match="slot 2 holds no key"):
        golden.ctr_xor(b"x", 2, 0)


def test_default_configuration_found_from_another_directory(tmp_path, monkeypatch, simulated):
    # configs/default.yaml is relative: from outside the checkout it is found in the repository.
    monkeypatch.chdir(tmp_path)
    dev = aes_ctr_accel.Device.simulated()
    try:
        assert dev.kind.startswith("simulated")
        assert dev.ctr_xor(b"abc", b"k" * 16, 1) == _ref(b"k" * 16, 1, b"abc")
    finally:
        dev.close()
