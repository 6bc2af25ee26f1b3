"""Messages shorter than the threshold go to pure-Python pyaes; longer ones to the device."""

import pyaes as real
import pytest

from aes_ctr_accel import pyaes as compat


def _delta(before):
    return {k: compat.stats[k] - before[k] for k in before}


@pytest.mark.parametrize("threshold", [0, 1, 16, 100, 1000])
def test_threshold_routes_calls(threshold, golden):
    key = b"\x11" * 24
    for n in (1, 15, 16, 99, 100, 101, 999, 1000, 1001):
        data = bytes(range(256)) * 4
        data = data[:n]
        before = dict(compat.stats)
        jobs_before = golden.counters()["jobs_ok"]
        out = compat.AESModeOfOperationCTR(key, device=golden, threshold=threshold).encrypt(data)
        assert out == real.AESModeOfOperationCTR(key).encrypt(data)
        d = _delta(before)
        jobs = golden.counters()["jobs_ok"] - jobs_before
        if n < threshold:
            assert (d["fallback_calls"], d["device_calls"], jobs) == (1, 0, 0), n
        else:
            assert (d["fallback_calls"], d["device_calls"], jobs) == (0, 1, 1), n


def test_mixed_fallback_and_device_share_the_stream(rng, golden):
    key = b"\x22" * 32
    data = bytes(rng.randrange(256) for _ in range(4000))
    ref = real.AESModeOfOperationCTR(key)
    ours = compat.AESModeOfOperationCTR(key, device=golden, threshold=50)
    pos = 0
    while pos < len(data):
        step = rng.choice((5, 49, 50, 51, 700))
        assert ours.encrypt(data[pos : pos + step]) == ref.encrypt(data[pos : pos + step])
        pos += step


def test_default_threshold_is_the_model_break_even():
    assert compat.DEFAULT_THRESHOLD == compat.break_even_bytes()
    # pyaes computes whole blocks at ~5.5 us/byte; one job costs ~3.1 us + cycles: the
    # accelerator wins from the first byte in the model.
    assert compat.break_even_bytes() == 1
    # a slower host path moves it up: 1 ms overhead per job
    assert compat.break_even_bytes(host_overhead_s=1e-3) > 16
