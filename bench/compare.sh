#!/usr/bin/env bash
# Two builds of tm side by side, in one run: the segmentation, alignment and fuzzy
# matching benchmarks (bench/segment.sh, bench/align.sh, bench/fuzzy/run.sh without
# the peers) with BEFORE then AFTER on the same data, each benchmark's two runs one
# after the other. For checking that a change keeps the figures (not part of the
# tests). Outputs go to target/bench-compare/.
#
#   bench/compare.sh BEFORE_BIN AFTER_BIN [--shared DIR] [--sizes 10000,100000]
#
# Build BEFORE from an older commit, e.g.:
#   git worktree add /tmp/tm-before <commit> && (cd /tmp/tm-before && cargo build --release)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 BEFORE_BIN AFTER_BIN [--shared DIR] [--sizes N,N]" >&2; exit 2; }
before=$(realpath "$1") after=$(realpath "$2"); shift 2
shared=${TM_SHARED:-../shared} sizes=10000,100000
while [ $# -gt 0 ]; do
  case $1 in
    --shared) shared=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
out=target/bench-compare
mkdir -p "$out"
for bench in segment align fuzzy; do
  for which in before after; do
    bin=$before; [ $which = after ] && bin=$after
    echo "== $bench, $which ($bin)"
    case $bench in
      segment) TM_BIN=$bin bench/segment.sh "$shared" ;;
      align) TM_BIN=$bin bench/align.sh "$shared" ;;
      fuzzy) TM_BIN=$bin TM_BENCH_PEERS=0 TM_SHARED=$shared bench/fuzzy/run.sh --sizes "$sizes" ;;
    esac 2>&1 | tee "$out/$bench-$which.txt"
  done
done
