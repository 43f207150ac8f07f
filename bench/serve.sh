#!/usr/bin/env bash
# Load on tm serve over loopback (not part of the tests): CLIENTS concurrent
# clients (50) ask for suggestions as Weblate's tmserver machinery asks, for
# SECONDS (60), against a memory of UNITS TICO-19 units (100k, each pair repeated
# with a number put in); then again while an upload of UPLOAD more units (as many,
# at most 100k) is imported. Prints throughput, p50/p95/p99 latency, errors, the entries before
# and after the import (lost writes: 0) and how long SIGTERM takes. Then what
# those figures compare with (bench/serve_compare.py): the same requests
# answered by `tm suggest --lines` in one process (one thread, both cores) on the
# same memory, and by Debian's tmserver (translate-toolkit, installed here if it
# is not and this is root) on SMALL entries (20k) of its own beside tm serve on
# the same.
#
#   bench/serve.sh [SHARED_DIR] [CLIENTS] [SECONDS] [UNITS] [UPLOAD] [SMALL]
#
# TM_BIN=PATH measures another build of tm.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-${TM_SHARED:-../shared}}
cargo build --release -q --bin tm
tm=${TM_BIN:-$PWD/target/release/tm}
out=target/bench-serve
rm -rf "$out"
mkdir -p "$out"
python3 bench/serve.py "$shared/data/parallel/tico-19" "$tm" "$out" "${2:-50}" "${3:-60}" "${4:-100000}" ${5:+"$5"}
if ! { [ -x /usr/bin/tmserver ] && /usr/bin/python3 -c 'import cheroot' 2>/dev/null; } && [ "$(id -u)" = 0 ]; then
    apt-get install -y -q translate-toolkit python3-cheroot >/dev/null
fi
python3 bench/serve_compare.py "$shared/data/parallel/tico-19" "$tm" "$out" "${2:-50}" "${3:-60}" "${6:-20000}"
