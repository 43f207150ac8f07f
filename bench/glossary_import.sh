#!/usr/bin/env bash
# tm glossary import of 30k, 60k and 150k terms (not part of the tests; under a
# minute): time and terms imported. The terms are Debian iso-codes' English and
# Arabic country names from the shared material, each with a number put in, as a
# bilingual TSV, so that every line is a term of its own; a second file repeats
# every rendering with a second spelling, to be merged into its term.
#
#   bench/glossary_import.sh [SHARED_DIR]
#
# TM_BIN=PATH measures another build of tm.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-${TM_SHARED:-../shared}}
cargo build --release -q --bin tm
tm=${TM_BIN:-$PWD/target/release/tm}
out=target/bench-glossary
rm -rf "$out"
mkdir -p "$out"
names=$shared/data/glossary/iso-codes/iso_3166-1.en-ar.tsv
[ -f "$names" ] || { echo "no $names" >&2; exit 2; }
for n in 30000 60000 150000; do
  for merged in single merged; do
    file=$out/terms-$n-$merged.tsv
    awk -F'\t' -v n="$n" -v merged="$merged" '
      NR == 1 { print "en\tar"; next }
      { en[++k] = $1; ar[k] = $2 }
      END {
        for (i = 0; i < n; i++) {
          j = i % k + 1
          print en[j] " " i "\t" ar[j] " " i
          if (merged == "merged") print en[j] " " i "\t" ar[j] "ي " i
        }
      }' "$names" > "$file"
    db=$out/m-$n-$merged.db
    start=$(date +%s.%N)
    TM_NO_SAMPLE=1 TM_CREATE=1 "$tm" -q --db "$db" glossary import "$file"
    end=$(date +%s.%N)
    terms=$("$tm" --db "$db" stats --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["glossary_terms"])')
    printf '%7d lines%s: %7d terms, %6.2f s\n' "$(($(wc -l < "$file") - 1))" \
      "$([ "$merged" = merged ] && echo ' (2 per term)' || echo '            ')" "$terms" "$(echo "$end - $start" | bc)"
  done
done
