#!/usr/bin/env bash
# The script check's figures on the shared material (not part of the tests; a
# minute): every TMX and XLIFF sample in its own pair (as translate-toolkit reads
# it, through the interop scripts' venv or TTK_VENV), every parallel set as a line
# pair, and TICO-19's TMX: entries checked, found swapped or with a side in another
# script, and inputs refused. Each entry found is listed on stderr.
#
#   bench/script_check.sh [SHARED_DIR] 2> found.txt
set -euo pipefail
cd "$(dirname "$0")/.."
shared=$(realpath "${1:-${TM_SHARED:-../shared}}")
venv=${TTK_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/tm-interop/venv}
[ -x "$venv/bin/python" ] || { echo "no translate-toolkit in $venv (run $shared/interop/selftest.sh)" >&2; exit 2; }
cargo build --release -q --example script_check
list=$(mktemp)
trap 'rm -f "$list"' EXIT
mapfile -t tmx < <(find "$shared/data/formats" -iname '*.tmx' | sort)
mapfile -t xliff < <(find "$shared/data/formats" \( -iname '*.xlf' -o -iname '*.xliff' -o -iname '*.sdlxliff' -o -iname '*.mqxliff' \) | sort)
"$venv/bin/python" tests/interop/count_units.py "${tmx[@]}" | awk -F'\t' '$3 != "-" {print $1 "\t" $2 "\t" $3}' >> "$list"
"$venv/bin/python" tests/interop/xliff_units.py "${xliff[@]}" | awk -F'\t' '$2 != "-" && $4 != "FAIL" {print $1 "\t" $2 "\t" $3}' >> "$list"
for set in un-v1.0-testsets/UNv1.0.devset un-v1.0-testsets/UNv1.0.testset ntrex-128/newstest2019 tico-19/tico19 \
    ud-pud/pud tatoeba-ara-eng/tatoeba; do
    printf '%s\t%s\tar\ten\n' "$shared/data/parallel/$set.ar" "$shared/data/parallel/$set.en" >> "$list"
done
printf '%s\tar\ten\n' "$shared/data/parallel/tico-19/tico19.en-ar.tmx" >> "$list"
target/release/examples/script_check < "$list"
