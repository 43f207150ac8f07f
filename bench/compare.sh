#!/usr/bin/env bash
# Two builds of tm side by side, in one run: the segmentation, alignment and fuzzy
# matching benchmarks (bench/segment.sh, bench/align.sh, bench/fuzzy/run.sh without
# the peers) with BEFORE then AFTER on the same data, each benchmark's two runs one
# after the other. For checking that a change keeps the figures (not part of the
# tests). Then `tm suggest` alone, five runs of each build taking turns on each
# memory, for speed figures steadier than one run's. Outputs go to
# target/bench-compare/.
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
data=target/bench-data/fuzzy-${sizes//,/-}
echo "== suggest, 5 runs each, taking turns (median of the runs)"
for size in ${sizes//,/ }; do
  for which in before after; do
    bin=$before; [ $which = after ] && bin=$after
    db=$out/suggest-$size-$which.db
    rm -f "$db" "$db"-*
    TM_NO_SAMPLE=1 "$bin" -q --db "$db" import "$data/memory-$size.tmx"
  done
  for run in 1 2 3 4 5; do
    for which in before after; do
      bin=$before; [ $which = after ] && bin=$after
      TM_NO_SAMPLE=1 "$bin" -q --db "$out/suggest-$size-$which.db" suggest --lines --timings --format json \
        "$data/queries.ar" 2>&1 > /dev/null | sed "s/^/$size $which: /"
    done
  done
done | tee "$out/suggest-runs.txt" | python3 -c '
import re, statistics, sys
runs = {}
for line in sys.stdin:
    m = re.match(r"(\d+) (\w+): .* ([\d.]+) segments/s; per segment median ([\d.]+) ms, 95th percentile ([\d.]+) ms", line)
    if m:
        runs.setdefault((int(m[1]), m[2]), []).append([float(x) for x in m.groups()[2:]])
for (size, which), v in sorted(runs.items(), key=lambda kv: (kv[0][0], kv[0][1] != "before")):
    qps, med, p95 = (statistics.median(x[i] for x in v) for i in range(3))
    print(f"{size:>8} {which:<6} {qps:8.0f} segments/s  median {med:.3f} ms  p95 {p95:.3f} ms  ({len(v)} runs)")
'
