#!/usr/bin/env bash
# Peak memory (RSS, from /usr/bin/time -v) of tm on large inputs and on inputs
# holding one huge record (not part of the tests; about 10 minutes): a 1 GB TMX of
# real units (TICO-19 and UN pairs in versions), the same with one 200 MB Arabic
# segment halfway through, then `tm search` on the memory the latter gave; and
# one 200 MB record in each of the other inputs a record comes in: a TSV line, a
# line of line-aligned text, an XLIFF unit, a TBX term entry, a glossary line, and
# a text document for suggest, align and pretranslate. The files are made in
# target/bench-limits from the shared data (bench/limits_tmx.py,
# bench/limits_records.py), never in the repository.
#
#   bench/limits.sh [SHARED_DIR]
#
# TM_BIN=PATH measures another build of tm; LIMITS_SKIP_TMX=1 leaves out the 1 GB
# imports, LIMITS_SKIP_RECORDS=1 the other inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-${TM_SHARED:-../shared}}
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt install time)" >&2; exit 2; }
if [ -z "${TM_BIN:-}" ]; then cargo build --release -q --bin tm; fi
tm=${TM_BIN:-$PWD/target/release/tm}
out=target/bench-limits
mkdir -p "$out"
export TM_NO_SAMPLE=1 TM_CREATE=1

# Runs tm with the rest of the arguments, printing LABEL, exit status, peak RSS
# (MB) and wall time (s); stderr goes to $out/LABEL.err.
measure() {
    local label=$1
    shift
    local t0 t1 rss status
    t0=$(date +%s.%N)
    set +e
    /usr/bin/time -v -o "$out/$label.time" "$tm" "$@" >/dev/null 2>"$out/$label.err"
    status=$?
    set -e
    t1=$(date +%s.%N)
    rss=$(awk -F': ' '/Maximum resident set size/ {print int($2 / 1024)}' "$out/$label.time")
    printf '%-22s status %d  peak RSS %5d MB  %7.1f s\n' "$label" "$status" "$rss" "$(echo "$t1 - $t0" | bc)"
}

if [ -z "${LIMITS_SKIP_TMX:-}" ]; then
    [ -f "$out/big.tmx" ] || python3 bench/limits_tmx.py "$shared" "$out/big.tmx" 1000
    [ -f "$out/huge.tmx" ] || python3 bench/limits_tmx.py "$shared" "$out/huge.tmx" 1000 200
    rm -f "$out"/big.db* "$out"/huge.db*
    measure "import 1 GB TMX" import --db "$out/big.db" "$out/big.tmx"
    measure "import 1 GB + 200 MB" import --db "$out/huge.db" "$out/huge.tmx"
    grep -h "huge\|limit" "$out/import 1 GB + 200 MB.err" | head -3 || true
    # Words of the huge segment: the search reads the entry that holds them. (The
    # pipe is cut short by head: its status is not the script's.)
    words=$(grep -a -A1 -m1 'tuid="huge"' "$out/huge.tmx" | tail -n 1 | head -c 300 | sed 's/.*<seg>//' | cut -d' ' -f1-3 || true)
    measure "search after it" search --db "$out/huge.db" "$words" --limit 20
fi
[ -n "${LIMITS_SKIP_RECORDS:-}" ] && exit 0

python3 bench/limits_records.py "$shared" "$out" 200
rm -f "$out"/rec.db*
db=(--db "$out/rec.db")
measure "import TSV line" import "${db[@]}" "$out/huge.tsv"
measure "import line pair" import "${db[@]}" --source "$out/huge.ar" --target "$out/huge.en"
measure "import XLIFF unit" import "${db[@]}" "$out/huge.xlf"
measure "glossary TBX term" glossary import "${db[@]}" "$out/huge.tbx"
measure "glossary line" glossary import "${db[@]}" "$out/huge-glossary.tsv"
measure "suggest document" suggest "${db[@]}" "$out/huge.ar"
measure "align documents" align "${db[@]}" "$out/huge.ar" "$out/huge.en"
measure "pretranslate document" pretranslate "${db[@]}" "$out/huge.ar" -o "$out/huge.out.xlf"
# In place: the XLIFF is read whole to be written back around what is added.
measure "pretranslate XLIFF" pretranslate "${db[@]}" "$out/huge.xlf" -o "$out/huge.pre.xlf"
