#!/usr/bin/env bash
# Two tm serve on one memory, on PostgreSQL and on SQLite side by side (not part
# of the tests): CLIENTS (50) concurrent clients spread over both servers, one
# request in ten a write, for SECONDS (60) against UNITS (20k) TICO-19 units;
# p50/p95/p99 of suggestions and writes, errors, writes lost, and writes not
# seen through the other server. PostgreSQL is a server of its own
# (.ci/postgres, PG_BENCH=1: as durable as SQLite's WAL), started and stopped here.
#
#   bench/serve_pair.sh [SHARED_DIR] [CLIENTS] [SECONDS] [UNITS]
#
# TM_BIN=PATH measures another build of tm.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-${TM_SHARED:-../shared}}
cargo build --release -q --bin tm
tm=${TM_BIN:-$PWD/target/release/tm}
out=target/bench-serve-pair
rm -rf "$out"
mkdir -p "$out"
pgdir=$(mktemp -d)
trap '.ci/postgres stop "$pgdir" || true; rm -rf "$pgdir"' EXIT
url=$(PG_BENCH=1 .ci/postgres start "$pgdir" 55433)
python3 bench/serve_pair.py "$shared/data/parallel/tico-19" "$tm" "$out" "$url" "${2:-50}" "${3:-60}" "${4:-20000}"
