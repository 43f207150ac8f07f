#!/usr/bin/env bash
# tm check beside translate-toolkit's pofilter on injected errors (not part of the
# tests; about a minute). translate-toolkit comes from the interop scripts' venv
# (../shared/interop/selftest.sh installs it) or TTK_VENV.
#
#   bench/check.sh [SHARED_DIR]
#
# TM_BIN=PATH measures another build of tm.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-${TM_SHARED:-../shared}}
cargo build --release -q --bin tm
tm=${TM_BIN:-$PWD/target/release/tm}
venv=${TTK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/tm-interop/venv}
[ -x "$venv/bin/pofilter" ] || { echo "no pofilter in $venv (run $shared/interop/selftest.sh)" >&2; exit 2; }
out=target/bench-check
rm -rf "$out"
python3 bench/check.py "$shared" "$tm" "$venv/bin" "$out"
