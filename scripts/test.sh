#!/usr/bin/env bash
# The project's one test command (README, .ci/run): installs what the tests
# need when it is missing (scripts/setup.sh), then runs the whole default
# suite: formatting, clippy -D warnings, every test of the workspace and the Python tests
# (pytest py/tests, on the package scripts/setup.sh builds into .venv).
# Long sweeps are not part of it; they sit behind explicit flags (README).
# The last line is the total: "summary: N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings

mkdir -p build
log=build/test.log
echo "== cargo test --workspace"
status=0
cargo test --workspace --no-fail-fast 2>&1 | tee "$log" || status=$?

echo "== pytest py/tests (the Python package aes_ctr_accel)"
pylog=build/pytest.log
pystatus=0
.venv/bin/python -m pytest py/tests -q -s -p no:cacheprovider 2>&1 | tee "$pylog" || pystatus=$?
if [ "$pystatus" -eq 5 ]; then
  echo "pytest: no tests collected"
  pystatus=0
fi
if [ "$pystatus" -ne 0 ] && [ "$status" -eq 0 ]; then
  status=$pystatus
fi

# cargo's "test result:" lines plus pytest's closing line ("N passed, N failed, N skipped, N errors in T s").
{
  awk '/^test result:/ {
         for (i = 1; i <= NF; i++) {
           if ($(i+1) ~ /^passed/)  p += $i
           if ($(i+1) ~ /^failed/)  f += $i
           if ($(i+1) ~ /^ignored/) s += $i
         }
       }
       END { printf "%d %d %d\n", p, f, s }' "$log"
  tail -n 1 "$pylog" | tr -d '=' | awk '{
         for (i = 1; i < NF; i++) {
           w = $(i+1); gsub(/,/, "", w)
           if (w == "passed")  p += $i
           if (w == "failed" || w == "error" || w == "errors") f += $i
           if (w == "skipped" || w == "xfailed" || w == "deselected") s += $i
         }
       }
       END { printf "%d %d %d\n", p, f, s }'
} | awk '{ p += $1; f += $2; s += $3 } END { printf "summary: %d passed, %d failed, %d skipped\n", p, f, s }'
exit "$status"
