#!/usr/bin/env bash
# Segmentation benchmark (release build; not part of the tests).
#
#   bench/segment.sh [SHARED_DIR]
#
# 1. quality and speed of `tm segment` on the Arabic gold (the shared scorer,
#    with its ~1 MB --speed run), beside UAX #29 (unicode-segmentation, the
#    `uax29` example) on the same machine, in the same run;
# 2. linearity: the --speed run at 1, 2, 4 and 8 MB;
# 3. sentence recovery on NTREX-128 and TICO-19 documents, Arabic and English
#    (bench/seg_corpus.py).
# TM_BIN=PATH measures another build of tm.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-${TM_SHARED:-../shared}}
gold=$shared/data/segmentation/visible.jsonl
cargo build --release -q --bin tm --example uax29
tm=${TM_BIN:-target/release/tm}
uax=target/release/examples/uax29

echo "== quality and speed (visible gold, ~1 MB speed text)"
python3 "$shared/seg/score.py" "$gold" --speed --label "tm segment" -- $tm segment | grep -E '^(==|boundary|passage|speed)'
python3 "$shared/seg/score.py" "$gold" --speed --label "UAX #29" -- $uax | grep -E '^(==|boundary|passage|speed)'

echo "== linearity (tm segment)"
for mb in 1 2 4 8; do
  printf '%s MB: ' $mb
  python3 "$shared/seg/score.py" "$gold" --speed --speed-bytes $((mb * 1000000)) -- $tm segment | grep '^speed' | sed 's/^speed: //'
done

echo "== sentence recovery on rebuilt documents"
python3 bench/seg_corpus.py "$shared" $tm --lang ar
python3 bench/seg_corpus.py "$shared" $tm --lang en
