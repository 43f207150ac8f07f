#!/usr/bin/env bash
# Import and suggest timings on real material (release build; not part of the tests).
#
#   bench/import_suggest.sh [SHARED_DIR]
#
# 1. imports the UN dev and test sets (line pairs) and Tatoeba into a new memory,
#    timing the three imports together;
# 2. times `tm suggest --lines` for 1,000 segments against that memory: 1,000 UN
#    test-set sources with one word changed (fuzzy matches) and 1,000 PUD sentences
#    that the memory does not hold (mostly no match).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-${TM_SHARED:-../shared}}
P=$shared/data/parallel
cargo build --release -q
tm=$PWD/target/release/tm
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
export TM_DB=$work/bench.db TM_NO_SAMPLE=1

secs() { python3 -c 'import sys,time; print(f"{time.time()-float(sys.argv[1]):.2f}")' "$1"; }

start=$(date +%s.%N)
$tm -q import --source $P/un-v1.0-testsets/UNv1.0.devset.ar --target $P/un-v1.0-testsets/UNv1.0.devset.en
$tm -q import --source $P/un-v1.0-testsets/UNv1.0.testset.ar --target $P/un-v1.0-testsets/UNv1.0.testset.en
$tm -q import --source $P/tatoeba-ara-eng/tatoeba.ar --target $P/tatoeba-ara-eng/tatoeba.en
echo "import UN dev+test + Tatoeba: $(secs $start) s, $($tm stats --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["entries"])') entries"

# one word changed: the second word of each line replaced by another Arabic word
head -1000 $P/un-v1.0-testsets/UNv1.0.testset.ar | awk '{ if (NF > 3) $2 = "المذكورة"; print }' > $work/fuzzy.ar
head -1000 $P/ud-pud/pud.ar > $work/unseen.ar
for set in fuzzy unseen; do
  start=$(date +%s.%N)
  $tm -q suggest --lines --format json $work/$set.ar > $work/$set.json || true
  t=$(secs $start)
  python3 - "$work/$set.json" "$t" "$set" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
hit = sum(1 for r in rows if r["matches"])
print(f"suggest {len(rows)} {sys.argv[3]} segments: {sys.argv[2]} s ({1000*float(sys.argv[2])/len(rows):.2f} ms/segment), {hit} with a match")
PY
done
