#!/usr/bin/env python3
"""Times `tm search` on a memory: words and phrases of its own sources and
targets, each query run as its own `tm` process, as a user runs it (not a test).

    bench/search.py --tm BIN --db MEMORY --tmx MEMORY.tmx [--queries 50] [--runs 3]

Queries (deterministic, `random.Random(14)`): Arabic words of the sources (half of
them of two or three letters, the words a proclitic chain is looked up for),
two-word phrases of the sources, English words and two-word phrases of the
targets. Each is searched with the default `--limit 20` and with no limit (every
entry that holds it), `--runs` times; the fastest run counts. Prints one line per
kind: the median and 95th percentile in milliseconds, of wall time and of CPU
time (user + system: what the search costs, whatever else the machine runs), and
the results found, then one JSON object per kind on stdout with the same figures.
"""

import argparse
import json
import random
import re
import resource
import statistics
import subprocess
import time

SEG = re.compile(r'<tuv xml:lang="(ar|en)"><seg>(.*?)</seg>')
AR_WORD = re.compile("[\u0621-\u064a]+")
EN_WORD = re.compile("[A-Za-z]+")


def pairs(tmx):
    ar = []
    en = []
    with open(tmx, encoding="utf-8") as f:
        for line in f:
            for lang, seg in SEG.findall(line):
                (ar if lang == "ar" else en).append(seg)
    return ar, en


def queries(ar, en, n, rng):
    ar_lines = rng.sample(ar, min(len(ar), 20 * n))
    en_lines = rng.sample(en, min(len(en), 20 * n))
    ar_words = sorted({w for line in ar_lines for w in AR_WORD.findall(line)})
    short = [w for w in ar_words if len(w) <= 3]
    long_ = [w for w in ar_words if len(w) > 3]
    words = rng.sample(short, n // 2) + rng.sample(long_, n - n // 2)

    def phrases(lines, pattern):
        out = []
        for line in lines:
            ws = pattern.findall(line)
            if len(ws) >= 2:
                i = rng.randrange(len(ws) - 1)
                out.append(" ".join(ws[i : i + 2]))
            if len(out) == n:
                break
        return out

    en_words = sorted({w.lower() for line in en_lines for w in EN_WORD.findall(line) if len(w) > 2})
    return {
        "source word": [(w, []) for w in words],
        "source phrase": [(p, []) for p in phrases(ar_lines, AR_WORD)],
        "target word": [(w, ["--target"]) for w in rng.sample(en_words, n)],
        "target phrase": [(p, ["--target"]) for p in phrases(en_lines, EN_WORD)],
    }


def cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(tm, db, text, flags, limit, runs):
    best = best_cpu = None
    found = 0
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), cpu()
        out = subprocess.run(
            [tm, "--db", db, "-q", "search", text, "--limit", str(limit), "--format", "json", *flags],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        elapsed, used = time.perf_counter() - start, cpu() - start_cpu
        if out.returncode not in (0, 1):
            raise SystemExit(f"tm search {text!r} exited {out.returncode}: {out.stderr.decode()}")
        found = out.stdout.count(b"\n")
        best = elapsed if best is None else min(best, elapsed)
        best_cpu = used if best_cpu is None else min(best_cpu, used)
    return best, best_cpu, found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tm", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--tmx", required=True)
    ap.add_argument("--queries", type=int, default=50)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    ar, en = pairs(args.tmx)
    rng = random.Random(14)
    for kind, qs in queries(ar, en, args.queries, rng).items():
        for limit in (20, 1_000_000_000):
            times, cpus, found = [], [], []
            for text, flags in qs:
                t, c, n = run(args.tm, args.db, text, flags, limit, args.runs)
                times.append(t * 1000)
                cpus.append(c * 1000)
                found.append(n)
            times.sort()
            cpus.sort()
            row = {
                "kind": kind,
                "limit": limit if limit == 20 else "none",
                "queries": len(qs),
                "median_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
                "cpu_median_ms": round(statistics.median(cpus), 1),
                "cpu_p95_ms": round(cpus[int(0.95 * (len(cpus) - 1))], 1),
                "found": sum(found),
            }
            print(json.dumps(row))
            print(
                f"{kind:14} limit {row['limit']:>4}: median {row['median_ms']:7.1f} ms, "
                f"p95 {row['p95_ms']:7.1f} ms; CPU median {row['cpu_median_ms']:6.1f} ms, "
                f"p95 {row['cpu_p95_ms']:6.1f} ms; {row['found']} results",
                flush=True,
                file=__import__("sys").stderr,
            )


if __name__ == "__main__":
    main()
