#!/usr/bin/env bash
# tm on PostgreSQL beside tm on SQLite, in one run (release build; not part of
# the tests): the fuzzy benchmark's memory of SIZE entries (1M) and its 1,000
# queries with known answers (bench/fuzzy/make_corpus.py, made if missing),
# imported into a SQLite file and into a PostgreSQL database of a server of its
# own (.ci/postgres, PG_BENCH=1: fsync on, commits not waited for, as SQLite's
# WAL with synchronous=NORMAL); then `tm suggest --lines --timings` on each
# (recall@1, p50/p95/p99.9 of per-segment time), and `tm migrate` of the SQLite
# memory to a second database and of that back to a file, with the exports of
# all four compared. Prints one JSON object per line and the ratios
# (PostgreSQL over SQLite: above 1 is slower).
#
#   bench/postgres.sh [SIZE] [SHARED_DIR]
#
# TM_BIN=PATH measures another build of tm.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1000000}
shared=${2:-${TM_SHARED:-../shared}}
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time: Debian package time)" >&2; exit 2; }
cargo build --release -q --bin tm
tm=${TM_BIN:-$PWD/target/release/tm}
data=$PWD/target/bench-data/fuzzy-$size
[ -f "$data/answers.tsv" ] || python3 bench/fuzzy/make_corpus.py --shared "$shared" --out "$data" --sizes "$size"
out=$PWD/target/bench-postgres
rm -rf "$out"
mkdir -p "$out"
pgdir=$(mktemp -d)
trap '.ci/postgres stop "$pgdir" || true; rm -rf "$pgdir"' EXIT
pg=$(PG_BENCH=1 .ci/postgres start "$pgdir" 55434)
pg2=${pg%/tm_test}/copy
psql -q "$pg" -c "CREATE DATABASE copy"
results=$out/results.jsonl
: > "$results"

timed() { # NAME COMMAND...: runs it, appends {"step","seconds","rss_mb"}
  local name=$1; shift
  /usr/bin/time -f '%e %M' -o "$out/time" "$@"
  read -r secs rss < "$out/time"
  echo "{\"step\": \"$name\", \"seconds\": $secs, \"rss_mb\": $((rss / 1024))}" >> "$results"
}

for engine in sqlite postgresql; do
  db=$out/memory.db; [ $engine = postgresql ] && db=$pg
  timed "import $engine" env TM_NO_SAMPLE=1 "$tm" -q --db "$db" import "$data/memory-$size.tmx"
  sync
  env TM_NO_SAMPLE=1 "$tm" -q --db "$db" suggest --lines --timings --format json "$data/queries.ar" \
    > "$out/suggest-$engine.json" 2> /dev/null || true
  bytes=$(env TM_NO_SAMPLE=1 "$tm" --db "$db" vacuum --format json 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["bytes_after"])')
  python3 - "$data" "$out/suggest-$engine.json" "$engine" "$bytes" >> "$results" <<'PY'
import json, sys
data, path, engine, size = sys.argv[1:5]
answers = [l.rstrip("\n").split("\t")[3] for l in open(f"{data}/answers.tsv", encoding="utf-8")][1:]
rows = [json.loads(l) for l in open(path, encoding="utf-8")]
hits = sum(1 for r, a in zip(rows, answers) if r["matches"] and r["matches"][0]["source"] == a)
t = sorted(r["elapsed_ms"] for r in rows)
q = lambda p: t[min(len(t) - 1, int(p * len(t)))]
print(json.dumps({"step": f"suggest {engine}", "queries": len(rows), "recall": hits / len(rows),
                  "p50_ms": q(0.5), "p95_ms": q(0.95), "p99.9_ms": q(0.999), "bytes": int(size)}))
PY
  "$tm" -q --db "$db" export -o "$out/export-$engine.tmx"
done
# Elapsed times differ, and the dates of entries the TMX gives none (the time of
# each import); the matches must not.
python3 - "$out" >> "$results" <<'PY'
import json, sys
out = sys.argv[1]
def strip(path):
    rows = []
    for line in open(path, encoding="utf-8"):
        row = json.loads(line)
        row.pop("elapsed_ms", None)
        for m in row["matches"]:
            m.pop("created", None)
            m.pop("changed", None)
        rows.append(row)
    return rows
same = strip(f"{out}/suggest-sqlite.json") == strip(f"{out}/suggest-postgresql.json")
print(json.dumps({"step": "suggestions identical but for import dates", "value": same}))
PY
timed "migrate sqlite→postgresql" "$tm" -q migrate --format json --from "$out/memory.db" --to "$pg2"
timed "migrate postgresql→sqlite" "$tm" -q migrate --format json --from "$pg2" --to "$out/back.db"
"$tm" -q --db "$pg2" export -o "$out/export-migrated.tmx"
"$tm" -q --db "$out/back.db" export -o "$out/export-back.tmx"
# The two imports' exports differ only by their dates; a migration's is the same
# to the byte.
body() { grep -v '<header ' "$1" | sed -E 's/ (creation|change)date="[^"]*"//g' | sha256sum | cut -c1-16; }
raw() { grep -v '<header ' "$1" | sha256sum | cut -c1-16; }
echo "{\"step\": \"exports without dates\", \"sqlite\": \"$(body "$out/export-sqlite.tmx")\", \"postgresql\": \"$(body "$out/export-postgresql.tmx")\"}" >> "$results"
echo "{\"step\": \"exports of the migrations\", \"sqlite\": \"$(raw "$out/export-sqlite.tmx")\", \"migrated\": \"$(raw "$out/export-migrated.tmx")\", \"back\": \"$(raw "$out/export-back.tmx")\"}" >> "$results"
cat "$results"
python3 - "$results" <<'PY'
import json, sys
r = {j["step"]: j for j in map(json.loads, open(sys.argv[1]))}
ratio = lambda a, b, k: round(r[a][k] / r[b][k], 2) if r[b][k] else None
print(json.dumps({"ratio postgresql/sqlite": {
    "import_seconds": ratio("import postgresql", "import sqlite", "seconds"),
    "suggest_p50": ratio("suggest postgresql", "suggest sqlite", "p50_ms"),
    "suggest_p95": ratio("suggest postgresql", "suggest sqlite", "p95_ms"),
    "suggest_p99.9": ratio("suggest postgresql", "suggest sqlite", "p99.9_ms"),
    "bytes": ratio("suggest postgresql", "suggest sqlite", "bytes"),
    "recall": ratio("suggest postgresql", "suggest sqlite", "recall")}}))
PY
