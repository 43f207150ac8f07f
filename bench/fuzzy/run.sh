#!/usr/bin/env bash
# Fuzzy matching at 10k, 100k and 1M entries: tm and its peers, side by side on the
# same memories and the same 1,000 queries with known answers (release build; not
# part of the tests; about 15 minutes, 3 GB of disk under target/bench-data).
#
#   bench/fuzzy/run.sh [--sizes 10000,100000,1000000] [--shared DIR]
#
# For each size: `tm import` of the memory's TMX (time, units/s, peak memory), then
# `tm suggest --lines --timings` on the queries (recall@1, per-segment 95th
# percentile, queries/s of the whole command, peak memory), then the peers of
# peers.py: RapidFuzz brute force and SQLite FTS5-trigram with rescoring (on
# every size), translate-toolkit 2.5.1's TMDB (10 queries at the smallest size: it
# takes seconds per query). Ratios are tm's throughput over each peer's.
#
# TM_BIN=PATH measures another build of tm (the same memories and queries), and
# TM_BENCH_PEERS=0 leaves the peers out: `bench/compare.sh` uses both to put two
# builds side by side.
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes=10000,100000,1000000
shared=${TM_SHARED:-../shared}
while [ $# -gt 0 ]; do
  case $1 in
    --sizes) sizes=$2; shift 2 ;;
    --shared) shared=$2; shift 2 ;;
    *) echo "usage: $0 [--sizes N,N,...] [--shared DIR]" >&2; exit 2 ;;
  esac
done
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time: Debian package time)" >&2; exit 2; }
cargo build --release -q
tm=${TM_BIN:-$PWD/target/release/tm}
data=$PWD/target/bench-data/fuzzy-${sizes//,/-}
venv=${XDG_CACHE_HOME:-$HOME/.cache}/tm-bench/venv
if [ "${TM_BENCH_PEERS:-1}" != 0 ] && { [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import rapidfuzz, numpy, translate.storage.tmdb' 2> /dev/null; }; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q rapidfuzz numpy "translate-toolkit==2.5.1"
fi
py=$venv/bin/python
mkdir -p "$data"
[ -f "$data/answers.tsv" ] || python3 bench/fuzzy/make_corpus.py --shared "$shared" --out "$data" --sizes "$sizes"
results=$data/results.jsonl
: > "$results"
smallest=${sizes%%,*}
for size in ${sizes//,/ }; do
  db=$data/tm-$size.db
  rm -f "$db" "$db"-*
  sync && sleep 5 # earlier steps' writes are not this import's
  /usr/bin/time -f '%e %M' -o "$data/time" env TM_NO_SAMPLE=1 "$tm" -q --db "$db" import --format json \
    "$data/memory-$size.tmx" > "$data/import.json"
  read -r secs rss < "$data/time"
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); s=float(sys.argv[3]); print(json.dumps({"peer":"tm import","size":int(sys.argv[2]),"units":r["imported"],"seconds":s,"throughput":r["imported"]/s,"rss_mb":int(sys.argv[4])/1024}))' \
    "$data/import.json" "$size" "$secs" "$rss" >> "$results"
  # The memory's file is read once before the queries are timed, as a memory in
  # daily use is in the system's file cache: the figures are of the matching, not
  # of the disk (RapidFuzz's choices are loaded and FTS5's database is written just
  # before their queries, likewise).
  cat "$db" > /dev/null
  /usr/bin/time -f '%e %M' -o "$data/time" env TM_NO_SAMPLE=1 "$tm" -q --db "$db" suggest --lines --timings \
    --format json "$data/queries.ar" > "$data/suggest-$size.json" 2> /dev/null || true
  read -r secs rss < "$data/time"
  python3 bench/fuzzy/score.py "$data" "$size" "$secs" "$rss" >> "$results"
  [ "${TM_BENCH_PEERS:-1}" = 0 ] && continue
  "$py" bench/fuzzy/peers.py "$data" "$size" rapidfuzz >> "$results"
  "$py" bench/fuzzy/peers.py "$data" "$size" fts5 >> "$results"
  if [ "$size" = "$smallest" ]; then
    "$py" bench/fuzzy/peers.py "$data" "$size" tmdb --queries 10 >> "$results"
  fi
  python3 bench/fuzzy/score.py --table "$results" | tail -n +1 > "$data/table.txt"
done
python3 bench/fuzzy/score.py --table "$results"
