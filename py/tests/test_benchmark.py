"""pyperformance's unmodified crypto_pyaes benchmark through the accelerator, a couple of
iterations (scripts/crypto_pyaes_accel.py checks every output against real pyaes 1.6.1)."""

import os
import subprocess
import sys

import pytest

from conftest import REPO

CONFIGS = os.environ.get("AESCTR_PYTEST_BENCH_CONFIGS", "default").split(",")


@pytest.mark.parametrize("config", CONFIGS)
def test_crypto_pyaes_benchmark_on_rtl(config):
    script = os.path.join(REPO, "scripts", "crypto_pyaes_accel.py")
    path = os.path.join(REPO, "configs", config + ".yaml")
    p = subprocess.run([sys.executable, script, "run", "--config", path, "--loops", "2"],
                       capture_output=True, text=True, timeout=3000)
    print(p.stdout, p.stderr)
    assert p.returncode == 0, p.stderr[-3000:]
    assert "2 iterations, benchmark check passed, 4 calls equal to real pyaes 1.6.1" in p.stdout
    assert "2 jobs" in p.stdout
