#!/usr/bin/env bash
# Coverage-guided fuzzing of the readers and the pure core (not part of the tests):
# builds the targets of fuzz/ (cargo-fuzz, libFuzzer, a nightly toolchain), seeds
# each target's corpus from the shipped files and the shared material's real
# samples, runs each target for MINUTES, one after the other, at the lowest
# priority, and prints per target the minutes run, executions, libFuzzer's final
# coverage (cov: edges, ft: features), the corpus size and the findings. Each
# crash, hang (an input that runs past -timeout) or out-of-memory input is copied
# into target/fuzz/findings/<target>/; once its fault is fixed, it goes into
# tests/data/fuzz/<target>/ with a test named after its case (tests/cli/fuzz.rs),
# and later runs start from it.
#
#   bench/fuzz.sh MINUTES [TARGET...]      (default: every target)
#
# The corpus (grown by each run, kept for the next) and libFuzzer's logs are in
# FUZZ_WORK (default target/fuzz), never in the repository. Needs
# `cargo install cargo-fuzz` and `rustup toolchain install nightly`.
# FUZZ_TIMEOUT (seconds an input may take, 10), FUZZ_RSS_MB (2048).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=${1:?usage: bench/fuzz.sh MINUTES [TARGET...]}
shift
shared=${TM_SHARED:-../shared}
work=${FUZZ_WORK:-$PWD/target/fuzz}
timeout=${FUZZ_TIMEOUT:-10}
rss=${FUZZ_RSS_MB:-2048}
all=(tmx xliff tbx tsv glossary decode segment normalize matcher align)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")

# Longest input per target: files for the readers, a few sentences for the core.
max_len() {
  case $1 in
    tmx | xliff | tbx) echo 65536 ;;
    tsv | glossary | decode | segment | normalize) echo 16384 ;;
    *) echo 4096 ;;
  esac
}

(cd fuzz && nice -n 19 cargo +nightly fuzz build --debug-assertions --sanitizer none >&2) 2>&1 |
  grep -v '^ *Compiling' >&2 || true
bin=fuzz/target/x86_64-unknown-linux-gnu/release
seed_dirs=(memory glossary tests/data/tbx)
for d in "$shared/data/formats" "$shared/seed"; do
  [ -d "$d" ] && seed_dirs+=("$d") || echo "no $d: seeds from the shipped files only" >&2
done
rm -rf "$work/seeds"
nice -n 19 cargo run -q --release --example fuzz_corpus -- "$work/seeds" "${seed_dirs[@]}" >&2

printf 'target\tminutes\texecutions\tcov\tft\tcorpus\tfindings\n'
for t in "${targets[@]}"; do
  [ -x "$bin/$t" ] || { echo "no fuzz target $t" >&2; exit 2; }
  corpus=$work/corpus/$t
  artifacts=$work/artifacts/$t
  logs=$work/logs
  mkdir -p "$corpus" "$artifacts" "$logs"
  [ -d "$work/seeds/$t" ] && cp -n "$work/seeds/$t"/* "$corpus"/ 2>/dev/null || true
  [ -d "tests/data/fuzz/$t" ] && cp -n "tests/data/fuzz/$t"/* "$corpus"/ 2>/dev/null || true
  rm -f "$artifacts"/*
  : >"$logs/$t.log"
  # libFuzzer stops at a finding: run again for the time left (at most 8 times).
  start=$(date +%s)
  deadline=$((start + minutes * 60))
  runs=0
  executions=0
  while [ "$(date +%s)" -lt $((deadline - 5)) ] && [ $runs -lt 8 ]; do
    runs=$((runs + 1))
    left=$((deadline - $(date +%s)))
    run_log=$logs/$t.run.log
    nice -n 19 "$bin/$t" "$corpus" -max_total_time="$left" -timeout="$timeout" -rss_limit_mb="$rss" \
      -max_len="$(max_len "$t")" -artifact_prefix="$artifacts/" -print_final_stats=1 \
      >"$run_log" 2>&1 && status=0 || status=$?
    cat "$run_log" >>"$logs/$t.log"
    n=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$run_log" | tail -1 | grep -o '[0-9]*$' || true)
    # Without final statistics (a crash), the last line that counts executions.
    [ -n "$n" ] || n=$(grep -o '^#[0-9]*' "$run_log" | tail -1 | tr -d '#' || true)
    executions=$((executions + ${n:-0}))
    [ "$status" -eq 0 ] && break
  done
  ran=$(awk -v s=$(($(date +%s) - start)) 'BEGIN { printf "%.1f", s / 60 }')
  pulse=$(grep -E '^#[0-9]+.*cov: ' "$logs/$t.log" | tail -1)
  cov=$(sed -n 's/.*cov: \([0-9]*\).*/\1/p' <<<"$pulse")
  ft=$(sed -n 's/.*ft: \([0-9]*\).*/\1/p' <<<"$pulse")
  findings=0
  for f in "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-* "$artifacts"/slow-unit-*; do
    [ -e "$f" ] || continue
    mkdir -p "target/fuzz/findings/$t"
    cp "$f" "target/fuzz/findings/$t/"
    findings=$((findings + 1))
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$ran" "$executions" "${cov:-?}" "${ft:-?}" \
    "$(find "$corpus" -type f | wc -l)" "$findings"
done
