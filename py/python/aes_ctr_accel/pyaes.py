"""A pyaes-compatible AES-CTR front end on the accelerator.

``AESModeOfOperationCTR(key, counter=Counter(initial_value=1))`` and ``Counter`` behave exactly as
in pyaes 1.6.1, including the stream state across calls: keystream left over from a partial block
is used first by the next ``encrypt``/``decrypt`` call, and the ``Counter`` object is advanced one
step per keystream block generated (pyaes mutates the counter it was given, and so does this).

Messages shorter than ``threshold`` bytes are computed by pure-Python pyaes (when it is installed);
longer ones are one CTR_XOR job on the device (``aes_ctr_accel.default_device()`` unless a device is
given). The default threshold is the break-even of the workload model (``break_even_bytes``).
"""

import os

from . import default_device

__all__ = ["AESModeOfOperationCTR", "Counter", "DEFAULT_THRESHOLD", "break_even_bytes", "stats"]

try:  # the real pure-Python pyaes, for short messages
    import pyaes as _real_pyaes

    if getattr(_real_pyaes, "__name__", "") == __name__:  # resolved to this module: no fallback
        _real_pyaes = None
except ImportError:  # pragma: no cover - depends on the environment
    _real_pyaes = None


def break_even_bytes(
    host_overhead_s=3.10e-6,
    cycles_per_byte=1505 / 23000,
    fmax_hz=37.7e6,
    pyaes_s_per_byte=251.263e-3 / 46000,
):
    """The smallest message (bytes) that one accelerator job finishes faster than pyaes.

    The figures are the workload model's (docs/estimates.md, "crypto_pyaes"): the accelerator's
    time is the stated host overhead per job plus its cycles at the configuration's Fmax (the
    default configuration's 1505 cycles per 23,000-byte job at 37.7 MHz, taken as linear in the
    length); pyaes's is its measured time per byte, and it always computes whole 16-byte blocks.
    """
    n = 1
    while n < 1 << 20:
        accel = host_overhead_s + n * cycles_per_byte / fmax_hz
        cpu = ((n + 15) // 16) * 16 * pyaes_s_per_byte
        if accel < cpu:
            return n
        n += 1
    return n


#: Messages shorter than this many bytes go to pure-Python pyaes (when installed).
#: Override per object (``threshold=``) or with the environment variable AESCTR_PYAES_THRESHOLD.
DEFAULT_THRESHOLD = int(os.environ.get("AESCTR_PYAES_THRESHOLD", break_even_bytes()))

#: How many calls went where (for tests and reports).
stats = {"device_calls": 0, "fallback_calls": 0, "device_bytes": 0, "fallback_bytes": 0}


class Counter(object):
    """pyaes 1.6.1's Counter: a 128-bit big-endian counter as a list of 16 ints."""

    def __init__(self, initial_value=1):
        if not isinstance(initial_value, int):
            raise TypeError("Counter initial_value must be an int, not %s" % type(initial_value).__name__)
        self._counter = [((initial_value >> i) % 256) for i in range(128 - 8, -1, -8)]

    value = property(lambda s: s._counter)

    def increment(self):
        """Increment the counter (overflow rolls back to 0)."""
        for i in range(len(self._counter) - 1, -1, -1):
            self._counter[i] += 1
            if self._counter[i] < 256:
                break
            self._counter[i] = 0
        else:
            self._counter = [0] * len(self._counter)


def _is_plain_counter(counter):
    """A counter whose increment is +1 modulo 2**128 (ours, or real pyaes's, not subclassed)."""
    if type(counter) is Counter:
        return True
    return _real_pyaes is not None and type(counter) is _real_pyaes.Counter


def _block_of(value):
    try:
        block = bytes(value)
    except (TypeError, ValueError) as e:
        raise TypeError("counter.value must be 16 ints in 0..255 (%s)" % e) from None
    if len(block) != 16:
        raise ValueError("counter.value must be 16 bytes long (a 128-bit block), got %d" % len(block))
    return block


def _to_bytes(text):
    # pyaes 1.6.1 on Python 3: bytes stay bytes, anything else is a sequence of characters.
    if isinstance(text, bytes):
        return text
    if isinstance(text, (bytearray, memoryview)):
        return bytes(text)
    if isinstance(text, str):
        return [ord(c) for c in text]
    raise TypeError("plaintext must be bytes or str, not %s" % type(text).__name__)


class AESModeOfOperationCTR(object):
    """pyaes.AESModeOfOperationCTR on the accelerator (same constructor, same stream semantics)."""

    name = "Counter (CTR)"

    def __init__(self, key, counter=None, device=None, threshold=None):
        if not isinstance(key, (bytes, bytearray, memoryview)):
            raise TypeError("key must be bytes, not %s" % type(key).__name__)
        key = bytes(key)
        if len(key) not in (16, 24, 32):
            raise ValueError("Invalid key size: AES keys are 16, 24 or 32 bytes, got %d" % len(key))
        if counter is None:
            counter = Counter()
        if not (hasattr(counter, "value") and callable(getattr(counter, "increment", None))):
            raise TypeError(
                "counter must be a Counter (an object with .value and .increment()), not %s"
                % type(counter).__name__
            )
        if threshold is None:
            threshold = DEFAULT_THRESHOLD
        if not isinstance(threshold, int) or threshold < 0:
            raise ValueError("threshold must be a non-negative int (bytes), got %r" % (threshold,))
        self._key = key
        self._counter = counter
        self._remaining_counter = b""
        self._device = device
        self.threshold = threshold
        self._cpu = None

    # -- keystream ------------------------------------------------------------------------------

    def _take_blocks(self, count):
        """The next `count` counter blocks, advancing the counter as pyaes does."""
        blocks = []
        for _ in range(count):
            blocks.append(_block_of(self._counter.value))
            self._counter.increment()
        return blocks

    def _keystream_cpu(self, count):
        if self._cpu is None:
            self._cpu = _real_pyaes.AES(self._key)
        out = bytearray()
        for block in self._take_blocks(count):
            out += bytes(self._cpu.encrypt(list(block)))
        return bytes(out)

    def _xor_device(self, data, count):
        """`data` (at most count * 16 bytes) XOR the next `count` blocks of keystream; returns
        (output for data, keystream left over after it)."""
        device = self._device if self._device is not None else default_device()
        pad = count * 16 - len(data)
        if _is_plain_counter(self._counter):
            first = _block_of(self._counter.value)
            for _ in range(count):
                self._counter.increment()
            out = device.ctr_xor(data + bytes(pad), self._key, first, 128)
        else:
            # Any other counter: its blocks, one job each, behind one doorbell.
            blocks = self._take_blocks(count)
            padded = data + bytes(pad)
            jobs = [(padded[16 * i : 16 * i + 16], self._key, b) for i, b in enumerate(blocks)]
            out = b"".join(device.ctr_xor_batch(jobs)) if jobs else b""
        return out[: len(data)], out[len(data) :]

    # -- pyaes API ------------------------------------------------------------------------------

    def encrypt(self, plaintext):
        data = _to_bytes(plaintext)
        n = len(data)
        rem = self._remaining_counter
        if n <= len(rem):
            head, self._remaining_counter = rem[:n], rem[n:]
            return bytes(p ^ c for p, c in zip(data, head))
        use = len(rem)
        rest = bytes(data[use:]) if isinstance(data, bytes) else data[use:]
        blocks = (n - use + 15) // 16
        out = bytearray(p ^ c for p, c in zip(data[:use], rem))
        if n < self.threshold and _real_pyaes is not None:
            stats["fallback_calls"] += 1
            stats["fallback_bytes"] += n
            stream = self._keystream_cpu(blocks)
            out += bytes(p ^ c for p, c in zip(rest, stream))
            self._remaining_counter = stream[len(rest) :]
            return bytes(out)
        stats["device_calls"] += 1
        stats["device_bytes"] += n
        if not isinstance(rest, bytes):  # a str: characters beyond 0xff fail as in pyaes (bytes())
            rest = bytes(rest)
        body, left = self._xor_device(rest, blocks)
        out += body
        self._remaining_counter = left
        return bytes(out)

    def decrypt(self, crypttext):
        # AES-CTR is symmetric
        return self.encrypt(crypttext)
