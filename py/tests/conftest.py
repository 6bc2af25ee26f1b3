import os
import random

import pytest

import aes_ctr_accel

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def rng(request):
    """A seeded RNG; the seed is printed (pytest -s, or shown with a failure) so a run can be
    repeated with AESCTR_TEST_SEED=N."""
    seed = int(os.environ.get("AESCTR_TEST_SEED", random.SystemRandom().randrange(1 << 32)))
    print("%s: seed %d (AESCTR_TEST_SEED=%d to repeat)" % (request.node.name, seed, seed))
    return random.Random(seed)


@pytest.fixture(scope="session")
def golden():
    dev = aes_ctr_accel.Device.golden()
    yield dev
    dev.close()


@pytest.fixture(scope="session")
def simulated():
    """The default configuration's Verilog under Verilator (the model cache makes later runs fast)."""
    dev = aes_ctr_accel.Device.simulated(config=os.path.join(REPO, "configs", "default.yaml"))
    yield dev
    dev.close()
