#!/usr/bin/env python3
"""Scores a `tm suggest --timings --format json` run on the benchmark's queries, or
prints the table of a results file.

    score.py DIR SIZE SECONDS RSS_KB     one JSON line for tm suggest
    score.py --table RESULTS.jsonl       the table, with tm's throughput ratios
"""

import json
import sys


def score(dir, size, seconds, rss_kb):
    answers = [l.rstrip("\n").split("\t")[3] for l in open(f"{dir}/answers.tsv", encoding="utf-8")][1:]
    rows = [json.loads(l) for l in open(f"{dir}/suggest-{size}.json", encoding="utf-8")]
    assert len(rows) == len(answers), f"{len(rows)} results for {len(answers)} queries"
    hits = sum(1 for r, a in zip(rows, answers) if r["matches"] and r["matches"][0]["source"] == a)
    times = sorted(r["elapsed_ms"] for r in rows)
    return {
        "peer": "tm suggest",
        "size": size,
        "queries": len(rows),
        "recall": hits / len(rows),
        "seconds": seconds,
        "throughput": len(rows) / seconds,
        "p50_ms": times[len(times) // 2],
        "p95_ms": times[int(0.95 * (len(times) - 1))],
        "rss_mb": rss_kb / 1024,
    }


def table(path):
    rows = [json.loads(l) for l in open(path)]
    ours = {r["size"]: r for r in rows if r["peer"] == "tm suggest"}
    print(f"{'size':>8}  {'who':<11} {'recall@1':>8} {'queries/s':>10} {'p95 ms':>8} {'peak MB':>8}  tm's throughput ÷ peer's")
    for r in rows:
        if r["peer"] == "tm import":
            print(f"{r['size']:>8}  {'tm import':<11} {'':>8} {r['throughput']:>10.0f} {'':>8} {r['rss_mb']:>8.0f}  units/s, {r['seconds']:.1f} s")
            continue
        p95 = f"{r['p95_ms']:.2f}" if r.get("p95_ms") is not None else "-"
        rss = f"{r['rss_mb']:.0f}" if "rss_mb" in r else "-"
        mine = ours.get(r["size"])
        ratio = f"{mine['throughput'] / r['throughput']:.1f}×" if mine and r["peer"] != "tm suggest" else ""
        note = f" ({r['queries']} queries)" if r["queries"] != 1000 else ""
        print(f"{r['size']:>8}  {r['peer']:<11} {r['recall']:>8.3f} {r['throughput']:>10.1f} {p95:>8} {rss:>8}  {ratio}{note}")


if __name__ == "__main__":
    if sys.argv[1] == "--table":
        table(sys.argv[2])
    else:
        print(json.dumps(score(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]))))
