#!/usr/bin/env python3
"""The peers of the fuzzy-matching benchmark, on the corpus of make_corpus.py.

    peers.py DIR SIZE PEER [--queries N] [--threads 2]

PEER is one of
  rapidfuzz  brute force: every query against every source with RapidFuzz's
             normalized Levenshtein over words (each normalized word is coded as
             one character, so the edit distance counts words), process.cdist on
             --threads threads, queries in batches of 16;
  fts5       SQLite FTS5 with the trigram tokenizer over the normalized sources:
             the 100 best-ranked rows matching any word of three letters or more,
             rescored with the same word-level Levenshtein (a thread per
             connection, --threads of them);
  tmdb       translate-toolkit 2.5.1's SQLite memory (TMDB, as build_tmdb makes
             it), translate_unit with min_similarity 70.

Prints one JSON object: peer, size, queries, recall (top match is the known
answer), seconds (wall time of the queries alone, after loading), throughput
(queries per second), p95_ms (per-query latency, where queries run one by one),
and build_seconds (loading and indexing, not counted in throughput).
"""

import argparse
import json
import os
import sqlite3
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import normalize, words  # noqa: E402


def load(dir, size, n):
    sources = open(os.path.join(dir, f"memory-{size}.ar"), encoding="utf-8").read().split("\n")[:size]
    queries = open(os.path.join(dir, "queries.ar"), encoding="utf-8").read().split("\n")[:n]
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(dir, "answers.tsv"), encoding="utf-8")][1:]
    answers = [r[3] for r in rows][: len(queries)]
    return sources, queries, answers


class WordCoder:
    """Each distinct normalized word as one character (from U+10000 on)."""

    def __init__(self):
        self.codes = {}

    def __call__(self, text):
        out = []
        for w in words(text):
            c = self.codes.get(w)
            if c is None:
                c = self.codes[w] = chr(0x10000 + len(self.codes))
            out.append(c)
        return "".join(out)


def p95(latencies):
    if not latencies:
        return None
    s = sorted(latencies)
    return 1000 * s[int(0.95 * (len(s) - 1))]


def run_rapidfuzz(sources, queries, threads):
    import numpy as np
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    t0 = time.time()
    code = WordCoder()
    choices = [code(s) for s in sources]
    coded = [code(q) for q in queries]
    build = time.time() - t0
    best = []
    t0 = time.time()
    for i in range(0, len(coded), 16):
        scores = process.cdist(
            coded[i : i + 16], choices, scorer=Levenshtein.normalized_similarity, workers=threads, dtype=np.float32
        )
        best.extend(int(j) for j in scores.argmax(axis=1))
    return best, time.time() - t0, [], build


def run_fts5(sources, queries, threads, dir, size):
    from rapidfuzz.distance import Levenshtein

    path = os.path.join(dir, f"fts5-{size}.db")
    t0 = time.time()
    if not os.path.exists(path):
        db = sqlite3.connect(path + ".tmp")
        db.execute("CREATE VIRTUAL TABLE src USING fts5(text, tokenize='trigram')")
        db.executemany("INSERT INTO src (rowid, text) VALUES (?, ?)", ((i, " ".join(words(s))) for i, s in enumerate(sources)))
        db.commit()
        db.close()
        os.rename(path + ".tmp", path)
    build = time.time() - t0
    code = WordCoder()
    choices = [code(s) for s in sources]
    best = [None] * len(queries)
    latencies = []
    lock = threading.Lock()
    next_query = [0]

    def worker():
        db = sqlite3.connect(path, check_same_thread=False)
        while True:
            with lock:
                i = next_query[0]
                next_query[0] += 1
            if i >= len(queries):
                return
            start = time.time()
            terms = [w for w in dict.fromkeys(words(queries[i])) if len(w) >= 3]
            match = " OR ".join('"' + w.replace('"', '""') + '"' for w in terms)
            ids = [r[0] for r in db.execute("SELECT rowid FROM src WHERE src MATCH ? ORDER BY rank LIMIT 100", (match,))] if terms else []
            q = code(queries[i])
            scored = [(Levenshtein.normalized_similarity(q, choices[j]), j) for j in ids]
            best[i] = max(scored)[1] if scored else None
            with lock:
                latencies.append(time.time() - start)

    t0 = time.time()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return best, time.time() - t0, latencies, build


def run_tmdb(sources, queries, dir, size):
    import logging

    logging.disable(logging.WARNING)
    from translate.storage import tmdb

    path = os.path.join(dir, f"tmdb-{size}.db")
    t0 = time.time()
    if not os.path.exists(path):
        db = tmdb.TMDB(path + ".tmp", max_candidates=3, min_similarity=70, max_length=2000)
        db.add_list(({"source": s, "target": "-", "context": ""} for s in sources), "ar", "en")
        db.connection.close()
        os.rename(path + ".tmp", path)
    db = tmdb.TMDB(path, max_candidates=3, min_similarity=70, max_length=2000)
    build = time.time() - t0
    index = {s: i for i, s in enumerate(sources)}
    best, latencies = [], []
    t0 = time.time()
    for q in queries:
        start = time.time()
        found = db.translate_unit(q, "ar", "en")
        latencies.append(time.time() - start)
        best.append(index.get(found[0]["source"]) if found else None)
    return best, time.time() - t0, latencies, build


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("size", type=int)
    ap.add_argument("peer", choices=["rapidfuzz", "fts5", "tmdb"])
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    sources, queries, answers = load(args.dir, args.size, args.queries)
    if args.peer == "rapidfuzz":
        best, seconds, latencies, build = run_rapidfuzz(sources, queries, args.threads)
    elif args.peer == "fts5":
        best, seconds, latencies, build = run_fts5(sources, queries, args.threads, args.dir, args.size)
    else:
        best, seconds, latencies, build = run_tmdb(sources, queries, args.dir, args.size)
    hits = sum(1 for b, a in zip(best, answers) if b is not None and sources[b] == a)
    print(
        json.dumps(
            {
                "peer": args.peer,
                "size": args.size,
                "queries": len(queries),
                "recall": hits / len(queries),
                "seconds": seconds,
                "throughput": len(queries) / seconds,
                "p95_ms": p95(latencies),
                "build_seconds": build,
            }
        )
    )


if __name__ == "__main__":
    main()
