"""aes_ctr_accel.pyaes against real pyaes 1.6.1: random keys, counters, lengths and call splits."""

import pyaes as real

import aes_ctr_accel
from aes_ctr_accel import pyaes as compat


def _key(rng):
    return bytes(rng.randrange(256) for _ in range(rng.choice((16, 24, 32))))


def _counter_value(rng):
    choice = rng.randrange(4)
    if choice == 0:
        return 1
    if choice == 1:  # close to a 128-bit wrap
        return (1 << 128) - rng.randrange(1, 5)
    if choice == 2:  # close to a 64-bit carry
        return rng.randrange(1 << 64) << 64 | ((1 << 64) - rng.randrange(1, 5))
    return rng.randrange(1 << 128)


def _lengths(rng):
    return sorted(set(list(range(0, 65)) + [rng.randrange(65, 5001) for _ in range(25)] + [4999, 5000]))


def _pair(key, value, device, threshold=0):
    ref = real.AESModeOfOperationCTR(key, counter=real.Counter(initial_value=value))
    ours = compat.AESModeOfOperationCTR(key, counter=compat.Counter(initial_value=value), device=device,
                                        threshold=threshold)
    return ref, ours


def test_counter_matches_pyaes(rng):
    for value in [0, 1, 255, 256, (1 << 128) - 1, 1 << 128, (1 << 130) + 5, -1, -300] + [
        rng.randrange(1 << 140) for _ in range(20)
    ]:
        a, b = real.Counter(initial_value=value), compat.Counter(initial_value=value)
        for _ in range(300):
            assert list(a.value) == list(b.value), value
            a.increment()
            b.increment()


def test_whole_messages_equal_pyaes(rng, golden):
    for n in _lengths(rng):
        key, value = _key(rng), _counter_value(rng)
        data = bytes(rng.randrange(256) for _ in range(n))
        ref, ours = _pair(key, value, golden)
        assert ours.encrypt(data) == ref.encrypt(data), (n, len(key), value)
        assert list(ours._counter.value) == list(ref._counter.value)


def test_random_call_splits_equal_pyaes(rng, golden):
    """Keystream left from a partial block carries to the next call, as in pyaes."""
    for _ in range(12):
        key, value = _key(rng), _counter_value(rng)
        n = rng.randrange(0, 5001)
        data = bytes(rng.randrange(256) for _ in range(n))
        ref, ours = _pair(key, value, golden, threshold=rng.choice((0, 8, 40)))
        pos = 0
        while pos < n:
            step = rng.choice((0, 1, 3, 15, 16, 17, 31, 100, rng.randrange(1, 2000)))
            chunk = data[pos : pos + step]
            assert ours.encrypt(chunk) == ref.encrypt(chunk), (n, pos, step)
            pos += step
        assert ours.decrypt(b"tail") == ref.decrypt(b"tail")


def test_str_input_like_pyaes(golden):
    key = b"k" * 16
    ref, ours = _pair(key, 1, golden)
    assert ours.encrypt("plain text") == ref.encrypt("plain text")


def test_round_trip_on_simulated_rtl(rng, simulated):
    key = _key(rng)
    data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
    for split in (len(data), 7):
        ref, ours = _pair(key, 5, simulated)
        out = b"".join(ours.encrypt(data[i : i + split]) for i in range(0, len(data), split))
        assert out == ref.encrypt(data)


def test_pyaes_counter_object_and_custom_counter(golden):
    key = bytes(range(16))
    data = bytes(range(256)) * 3
    # real pyaes's Counter works with the compatible class
    ours = compat.AESModeOfOperationCTR(key, counter=real.Counter(initial_value=9), device=golden, threshold=0)
    assert ours.encrypt(data) == real.AESModeOfOperationCTR(key, counter=real.Counter(9)).encrypt(data)

    class Step2(real.Counter):  # a counter that skips a value each block
        def increment(self):
            real.Counter.increment(self)
            real.Counter.increment(self)

    ours = compat.AESModeOfOperationCTR(key, counter=Step2(3), device=golden, threshold=0)
    assert ours.encrypt(data) == real.AESModeOfOperationCTR(key, counter=Step2(3)).encrypt(data)


def test_default_device_is_golden():
    assert aes_ctr_accel.default_device().kind == "golden"
    out = compat.AESModeOfOperationCTR(b"\x00" * 16).encrypt(b"abc" * 20)
    assert out == real.AESModeOfOperationCTR(b"\x00" * 16).encrypt(b"abc" * 20)
