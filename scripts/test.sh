#!/usr/bin/env bash
# The project's one test command (README, .ci/run): installs what the tests
# need when it is missing (scripts/setup.sh), then runs the whole default
# suite: formatting, clippy -D warnings, and every test of the workspace.
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

awk '/^test result:/ {
       for (i = 1; i <= NF; i++) {
         if ($(i+1) ~ /^passed/)  p += $i
         if ($(i+1) ~ /^failed/)  f += $i
         if ($(i+1) ~ /^ignored/) s += $i
       }
     }
     END { printf "summary: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
