"""The AES-CTR accelerator from Python.

``Device.golden()`` opens the golden device model (fast, no clock); ``Device.simulated(config=...)``
opens the emitted Verilog of a YAML configuration under Verilator. Both are driven through the
project's Rust ring driver (sim/src/driver.rs)::

    import aes_ctr_accel
    dev = aes_ctr_accel.Device.golden()
    dev.load_key(0, bytes(16))
    out = dev.ctr_xor(b"hello", 0, counter=1, width=128)   # key slot 0, or the key bytes inline
    dev.counters()                                          # bytes, jobs_ok, busy_cycles, ...

``aes_ctr_accel.pyaes`` is a drop-in for pyaes's CTR mode on such a device.
"""

import os

from ._native import Device, SimulationError

__all__ = ["Device", "SimulationError", "default_device", "set_default_device"]

_default = None


def set_default_device(device):
    """The device aes_ctr_accel.pyaes uses when none is given (None: open one again on demand)."""
    global _default
    _default = device


def default_device():
    """The default device: set_default_device's, or else opened from the environment variable
    AESCTR_DEVICE ("golden" (the default) or "simulated:CONFIG.yaml")."""
    global _default
    if _default is None or _default.closed:
        spec = os.environ.get("AESCTR_DEVICE", "golden")
        if spec == "golden":
            _default = Device.golden()
        elif spec.startswith("simulated:"):
            _default = Device.simulated(config=spec.split(":", 1)[1])
        else:
            raise ValueError("AESCTR_DEVICE must be 'golden' or 'simulated:CONFIG.yaml', not %r" % spec)
    return _default
