#!/usr/bin/env bash
# Pre-translation speed: a 10,000-unit XLIFF 1.2 against a 100k memory, beside
# `tm suggest --format json` on the same segments, in one run (release build; not
# part of the tests; a few minutes, under target/bench-data/pretranslate).
#
#   bench/pretranslate.sh [--size 100000] [--shared DIR]
#
# The memory is bench/fuzzy/make_corpus.py's (versions of the real sentence pairs
# of the shared parallel sets), the document bench/pretranslate_units.py's (its
# 1,000 queries and 9,000 of the memory's sources, half with a word dropped). Times:
#   tm suggest --format json on the units one per line, segmented into sentences as
#     pre-translation segments a unit of several (the same segments: the analysis
#     and suggest count them alike), at --min-score 50 (the floor pre-translation
#     matches down to for its analysis) and at the default 70
#   tm pretranslate units.xlf -o out.xlf (defaults: alt-trans from 70, fill at 100,
#     matched from 50 for the analysis), and again with --analysis-from 70
# and prints units/s of each and pre-translation's time over suggest's: what the
# file work costs beside the matching.
set -euo pipefail
cd "$(dirname "$0")/.."
size=100000
shared=${TM_SHARED:-../shared}
while [ $# -gt 0 ]; do
  case $1 in
    --size) size=$2; shift 2 ;;
    --shared) shared=$2; shift 2 ;;
    *) echo "usage: $0 [--size N] [--shared DIR]" >&2; exit 2 ;;
  esac
done
cargo build --release -q
tm=${TM_BIN:-$PWD/target/release/tm}
data=$PWD/target/bench-data/pretranslate
mkdir -p "$data"
[ -f "$data/memory-$size.tmx" ] || python3 bench/fuzzy/make_corpus.py --shared "$shared" --out "$data" --sizes "$size"
[ -f "$data/units.xlf" ] || python3 bench/pretranslate_units.py "$data" "$size"
db=$data/tm-$size.db
if [ ! -f "$db" ]; then
  TM_NO_SAMPLE=1 "$tm" -q --db "$db" import "$data/memory-$size.tmx"
fi
units=$(wc -l < "$data/units.ar")
run() { # run NAME COMMAND...: seconds of the command (output to files in $data)
  local name=$1; shift
  local start end
  start=$(date +%s.%N)
  TM_NO_SAMPLE=1 "$@"
  end=$(date +%s.%N)
  python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.3f}')" "$start" "$end" > "$data/$name.secs"
}
"$tm" -q --db "$db" suggest --format json "$data/units.ar" > /dev/null || true # warm the page cache
run suggest50 sh -c "'$tm' -q --db '$db' suggest --min-score 50 --format json '$data/units.ar' > '$data/suggest50.json' || true"
run suggest70 sh -c "'$tm' -q --db '$db' suggest --format json '$data/units.ar' > '$data/suggest70.json' || true"
run pretranslate "$tm" -q --db "$db" pretranslate "$data/units.xlf" -o "$data/out.xlf" --analysis json > "$data/analysis.json"
run pretranslate70 "$tm" -q --db "$db" pretranslate "$data/units.xlf" -o "$data/out70.xlf" --analysis-from 70
python3 - "$data" "$units" <<'PY'
import json, sys
data, units = sys.argv[1], int(sys.argv[2])
secs = {n: float(open(f"{data}/{n}.secs").read()) for n in ("suggest50", "suggest70", "pretranslate", "pretranslate70")}
a = json.load(open(f"{data}/analysis.json"))
segments = sum(1 for _ in open(f"{data}/suggest50.json"))
assert segments == a["segments"], (segments, a["segments"])
print(f"{units} units ({segments} segments) against the memory; pretranslate: {a['with_matches']} with matches, {a['filled']} filled")
print("  " + ", ".join(f"{b['band']}: {b['segments']}" for b in a["bands"]))
print(f"{'command':<44} {'seconds':>8} {'units/s':>9}")
rows = [("tm suggest --min-score 50 --format json", "suggest50"),
        ("tm suggest --format json", "suggest70"),
        ("tm pretranslate units.xlf -o out.xlf", "pretranslate"),
        ("tm pretranslate … --analysis-from 70", "pretranslate70")]
for label, n in rows:
    print(f"{label:<44} {secs[n]:>8.2f} {units / secs[n]:>9.0f}")
print(f"pretranslate / suggest, both from 50: {secs['pretranslate'] / secs['suggest50']:.2f}x the time; "
      f"both from 70: {secs['pretranslate70'] / secs['suggest70']:.2f}x")
PY
