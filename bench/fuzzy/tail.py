#!/usr/bin/env python3
"""The tail of `tm suggest`: the memory's own entry sources as queries.

    tail.py DIR SIZE [--every 16] [--max 3,5] [--slowest 20] [--exhaustive]

DIR is a directory of bench/fuzzy/run.sh (memory-SIZE.ar and tm-SIZE.db, or tm.db);
TM_BIN=PATH measures another build (bench two builds on two copies of the memory:
a build of other index rules rebuilds the index of the one it opens).
Every EVERY-th source of the memory is a query; `tm suggest --lines --timings
--jobs 1` answers them on one thread for each --max, and the per-segment times give
p50/p99/p99.9/max and how many took over 10, 100 and 500 ms. The SLOWEST queries are
then timed again, side by side with RapidFuzz brute force on the same query (one
thread, word-level normalized Levenshtein over every source, as peers.py does).
tm answers them after 200 other queries of the list in the same process (whose
answers are left out), as RapidFuzz's time leaves out the loading of its
choices: the first queries of a process also read the pages and statistics that
the later ones find in its caches. (None of the 200 has the text of a slowest one:
a segment seen before is answered from tm's cache.) With --exhaustive they are
also answered by `tm suggest --exhaustive` (every entry scored) and the matches
compared: the index must find the same.

Prints a table and writes DIR/tail-SIZE.jsonl (one JSON object per --max).
Needs TM_BIN or target/release/tm, and the venv of run.sh for RapidFuzz.
"""

import argparse
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import words  # noqa: E402


# Queries answered before the slowest are timed again (see the header).
WARM_UP = 200


def quantile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(q * (len(sorted_values) - 1) + 0.5))]


def suggest(tm, db, path, k, extra=()):
    """Per-query results of `tm suggest` on the lines of `path`, one thread."""
    out = subprocess.run(
        [tm, "-q", "--db", db, "suggest", "--lines", "--timings", "--format", "json", "--jobs", "1", "--max", str(k), *extra, path],
        check=True,
        capture_output=True,
        env={**os.environ, "TM_NO_SAMPLE": "1"},
    ).stdout.decode()
    return [json.loads(l) for l in out.splitlines() if l]


def rapidfuzz_times(sources, queries):
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    codes = {}

    def code(text):
        return "".join(codes.setdefault(w, chr(0x10000 + len(codes))) for w in words(text))

    choices = [code(s) for s in sources]
    times = []
    for q in queries:
        start = time.perf_counter()
        process.cdist([code(q)], choices, scorer=Levenshtein.normalized_similarity, workers=1, dtype=np.float32)
        times.append(1000 * (time.perf_counter() - start))
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("size", type=int)
    ap.add_argument("--every", type=int, default=16)
    ap.add_argument("--max", default="3,5")
    ap.add_argument("--slowest", type=int, default=20)
    ap.add_argument("--exhaustive", action="store_true")
    args = ap.parse_args()
    tm = os.environ.get("TM_BIN", os.path.join(os.path.dirname(__file__), "../../target/release/tm"))
    db = os.path.join(args.dir, f"tm-{args.size}.db")
    if not os.path.exists(db):
        db = os.path.join(args.dir, "tm.db")
    sources = open(os.path.join(args.dir, f"memory-{args.size}.ar"), encoding="utf-8").read().split("\n")[: args.size]
    queries = sources[:: args.every]
    qpath = os.path.join(args.dir, f"tail-queries-{args.size}.ar")
    with open(qpath, "w", encoding="utf-8") as f:
        f.write("\n".join(queries) + "\n")
    results = []
    for k in [int(x) for x in args.max.split(",")]:
        start = time.time()
        rows = suggest(tm, db, qpath, k)
        wall = time.time() - start
        assert len(rows) == len(queries), f"{len(rows)} answers for {len(queries)} queries"
        times = sorted(r["elapsed_ms"] for r in rows)
        slow = sorted(range(len(rows)), key=lambda i: -rows[i]["elapsed_ms"])[: args.slowest]
        spath = os.path.join(args.dir, f"tail-slowest-{args.size}-{k}.ar")
        chosen = {queries[i] for i in slow}
        warm = [i for i in range(len(queries)) if queries[i] not in chosen][:WARM_UP]
        with open(spath, "w", encoding="utf-8") as f:
            f.write("\n".join(queries[i] for i in warm + slow) + "\n")
        again = suggest(tm, db, spath, k)[len(warm) :]
        peer = rapidfuzz_times(sources, [queries[i] for i in slow])
        same = None
        if args.exhaustive:
            epath = os.path.join(args.dir, f"tail-exhaustive-{args.size}-{k}.ar")
            with open(epath, "w", encoding="utf-8") as f:
                f.write("\n".join(queries[i] for i in slow) + "\n")
            every = suggest(tm, db, epath, k, ["--exhaustive"])
            key = lambda r: [(m["score"], m["id"]) for m in r["matches"]]
            same = sum(key(a) == key(b) for a, b in zip(again, every))
        result = {
            "size": args.size,
            "max": k,
            "queries": len(rows),
            "seconds": wall,
            "p50_ms": quantile(times, 0.5),
            "p99_ms": quantile(times, 0.99),
            "p999_ms": quantile(times, 0.999),
            "max_ms": times[-1],
            "over_10ms": sum(t > 10 for t in times),
            "over_100ms": sum(t > 100 for t in times),
            "over_500ms": sum(t > 500 for t in times),
            # Candidates scored: what the bounds leave, whatever else runs on the machine.
            "scored_mean": sum(r.get("scored") or 0 for r in rows) / len(rows),
            "scored_max": max(r.get("scored") or 0 for r in rows),
            "slowest": [
                {
                    "words": len(words(queries[i])),
                    "first_ms": rows[i]["elapsed_ms"],
                    "tm_ms": a["elapsed_ms"],
                    "scored": a.get("scored"),
                    "matches": len(a["matches"]),
                    "rapidfuzz_ms": p,
                }
                for i, a, p in zip(slow, again, peer)
            ],
            "same_as_exhaustive": same,
        }
        results.append(result)
        print(
            f"--max {k}: {len(rows)} queries in {wall:.1f} s; p50 {result['p50_ms']:.2f} ms, p99 {result['p99_ms']:.2f}, "
            f"p99.9 {result['p999_ms']:.2f}, max {result['max_ms']:.1f}; over 10 ms {result['over_10ms']}, "
            f"over 100 ms {result['over_100ms']}, over 500 ms {result['over_500ms']}; candidates scored: mean "
            f"{result['scored_mean']:.1f}, max {result['scored_max']}"
        )
        print(f"  {'words':>5} {'tm ms':>8} {'scored':>7} {'matches':>7} {'rapidfuzz ms':>12} {'ratio':>6}")
        for s in result["slowest"]:
            print(
                f"  {s['words']:>5} {s['tm_ms']:>8.1f} {s['scored'] or 0:>7} {s['matches']:>7} {s['rapidfuzz_ms']:>12.1f} "
                f"{s['rapidfuzz_ms'] / max(s['tm_ms'], 1e-3):>5.1f}×"
            )
        if same is not None:
            print(f"  the same matches as scoring every entry: {same} of {len(slow)}")
    with open(os.path.join(args.dir, f"tail-{args.size}.jsonl"), "w") as f:
        for r in results:
            f.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    main()
