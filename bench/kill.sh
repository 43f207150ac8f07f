#!/usr/bin/env bash
# Crash safety (not part of the tests; about 15 minutes): kill -9 at random
# moments of a large import, a small import, tm remove, tm glossary import and
# tm import --align, TRIALS times each (20 by default); after each kill the
# memory must pass PRAGMA integrity_check and hold what it held before the
# command or what it holds after it (bench/kill.py says how). Prints per
# operation the trials that were clean and in which state they ended.
#
#   bench/kill.sh [SHARED_DIR] [TRIALS]
#
# TM_BIN=PATH measures another build of tm; KILL_SEED=N repeats a run's delays.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-${TM_SHARED:-../shared}}
if [ -z "${TM_BIN:-}" ]; then cargo build --release -q --bin tm; fi
tm=${TM_BIN:-$PWD/target/release/tm}
out=target/bench-kill
rm -rf "$out"
mkdir -p "$out"
python3 bench/kill.py "$shared" "$tm" "$out" "${2:-20}"
