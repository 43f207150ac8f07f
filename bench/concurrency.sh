#!/usr/bin/env bash
# One memory, many processes (not part of the tests; a few minutes): while 200k
# units are imported, 300 reads (suggest, search, stats, in turn, from three
# processes at a time) must all succeed; their latency (p50, p99) is printed.
# Twice: the units in one 80 MB file, and in 50 files of 4,000 units imported one
# after the other (many small commits). Then two imports of 100k units started
# together must both land, with nothing lost. The units are TICO-19's pairs, each
# repeated with a number put in.
#
#   bench/concurrency.sh [SHARED_DIR]
#
# TM_BIN=PATH measures another build of tm.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-${TM_SHARED:-../shared}}
cargo build --release -q --bin tm
tm=${TM_BIN:-$PWD/target/release/tm}
out=target/bench-concurrency
rm -rf "$out"
mkdir -p "$out"
python3 bench/concurrency.py "$shared/data/parallel/tico-19" "$tm" "$out"
