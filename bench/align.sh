#!/usr/bin/env bash
# Alignment benchmark (release build; not part of the tests).
#
#   bench/align.sh [SHARED_DIR]
#
# Builds the benchmark's sets (synth: NTREX-128 and TICO-19 documents with recorded
# distortions; alignar: hand-aligned Saudi company law and Hayy ibn Yaqzan), aligns
# every document one pair at a time (`tm align A B`, as a user runs it) and all in
# one `tm align --batch` run (which learns from all the pairs), one-sentence-per-line
# input (lines/) and running text segmented by tm (para/), with and without the
# FreeDict Arabic-English dictionary (Debian dict-freedict-ara-eng, fetched if
# missing, read at run time, never shipped), and scores with the benchmark's scorer
# (bench/align_eval.py). Prints per set (synth, law, literature) the strict F1,
# recall and precision per bead type, the calibration of the confidences (expected
# calibration error over 10 bins; accuracy of the beads at 0.9 or above), the
# document verdicts, and the time of each run; then, for synth one pair at a time
# without a dictionary, how much of the gap between running text and lines comes
# from sentences tm's segmenter joins (bench/align_para_gap.py).
# TM_BIN=PATH measures another build of tm.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${1:-${TM_SHARED:-../shared}}
A=$shared/align P=$shared/data/parallel S=target/align-sets
cargo build --release -q --bin tm
tm=${TM_BIN:-target/release/tm}

if [ ! -d $S/synth ]; then
  python3 $A/make_docs.py --ar $P/ntrex-128/newstest2019.ar --en $P/ntrex-128/newstest2019.en \
    --ids $P/ntrex-128/newstest2019.docids --name ntrex --out $S/synth --seed 1 > /dev/null
  python3 $A/make_docs.py --ar $P/tico-19/tico19.ar --en $P/tico-19/tico19.en \
    --ids $P/tico-19/tico19.ids --id-sep : --name tico --out $S/synth --seed 1 > /dev/null
fi
[ -d $S/alignar ] || python3 $A/import_alignar.py $shared/data/alignment/alignar/golddataset $S/alignar $S/alignar-llm 2> /dev/null

dict=/usr/share/dictd/freedict-ara-eng.index
if [ ! -f $dict ]; then
  dict=target/bench-data/usr/share/dictd/freedict-ara-eng.index
  if [ ! -f $dict ]; then
    mkdir -p target/bench-data && (cd target/bench-data && apt-get download -q dict-freedict-ara-eng > /dev/null 2>&1 \
      && dpkg-deb -x dict-freedict-ara-eng_*.deb .) || dict=
  fi
fi

for mode in single batch; do
  for input in lines para; do
    for with in none freedict; do
      for set in synth alignar; do
        args=(); [ $input = para ] && args+=(--para)
        [ $mode = batch ] && args+=(--batch)
        if [ $with = freedict ]; then [ -n "$dict" ] || continue; args+=(--dictionary "$dict"); fi
        pred=target/align-pred/$set-$input-$with-$mode
        took=$(python3 bench/align_run.py $S/$set $pred $tm "${args[@]}" 2>&1 | grep -o 'in [0-9.]* s.*')
        echo "== $set, $input, dictionary: $with, $mode ($took)"
        python3 bench/align_eval.py $A $S/$set $pred
      done
    done
  done
done
echo "== synth, running text against lines, dictionary: none, single"
python3 bench/align_para_gap.py $A $S/synth target/align-pred/synth-lines-none-single target/align-pred/synth-para-none-single
