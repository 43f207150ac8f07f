#!/usr/bin/env python3
"""The aligner's document verdict on real pairs, unrelated pairs and partial versions.

usage: bench/align_verdict.py TM_BINARY SET_DIR... [--dictionary FILE] [--jobs 2]

For the documents of the benchmark sets (each folder with lines/doc.{ar,en}.txt),
runs `tm align --lines --format json` one pair at a time on:
- every real pair (the verdict should be `translation`);
- unrelated pairs: the Arabic of each document with the English of the next one
  of its set, and with the English of a document of another set (`unrelated`);
- versions that differ by whole paragraphs: the English with a third of its lines
  taken out in one block, and the Arabic likewise (`partial`).
Prints, per kind and set, how many got each verdict, and the quartiles of the cost
gain, the aligned share, the lexical z and the hit-rate excess; then the rates: unrelated pairs called
unrelated, real pairs called unrelated.
"""
import argparse
import collections
import concurrent.futures
import json
import statistics
import subprocess
import tempfile
from pathlib import Path


def set_of(doc):
    name = doc.name
    if name.startswith("alignar-law"):
        return "law"
    if name.startswith("alignar-literature"):
        return "literature"
    return "synth"


def run(tm, ar, en, dictionary):
    cmd = [tm, "--quiet", "align", "--lines", "--format", "json", str(ar), str(en)]
    if dictionary:
        cmd += ["--dictionary", dictionary]
    out = subprocess.run(cmd, capture_output=True, text=True, env={"TM_NO_SAMPLE": "1", "PATH": "/usr/bin:/bin"})
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)}: exit {out.returncode}: {out.stderr}")
    return json.loads(out.stdout)["document"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tm")
    ap.add_argument("sets", nargs="+")
    ap.add_argument("--dictionary")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    docs = sorted(p for s in a.sets for p in Path(s).iterdir() if (p / "lines/doc.ar.txt").exists())
    tmp = Path(tempfile.mkdtemp())
    jobs = []  # (kind, set, ar, en)
    by_set = collections.defaultdict(list)
    for d in docs:
        by_set[set_of(d)].append(d)
    for d in docs:
        s = set_of(d)
        ar, en = d / "lines/doc.ar.txt", d / "lines/doc.en.txt"
        jobs.append(("real", s, ar, en))
        mates = by_set[s]
        nxt = mates[(mates.index(d) + 1) % len(mates)]
        if nxt != d:
            jobs.append(("unrelated", s, ar, nxt / "lines/doc.en.txt"))
        others = [x for k, v in sorted(by_set.items()) if k != s for x in v]
        if others:
            other = others[docs.index(d) % len(others)]
            jobs.append(("unrelated-cross", s, ar, other / "lines/doc.en.txt"))
        for side, path in (("en", en), ("ar", ar)):
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            if len(lines) < 9:
                continue
            third = len(lines) // 3
            start = third  # the middle third goes
            cut = tmp / f"{d.name}.{side}.txt"
            cut.write_text("".join(lines[:start] + lines[start + third:]), encoding="utf-8")
            jobs.append((f"partial-{side}", s, cut if side == "ar" else ar, cut if side == "en" else en))
    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        results = list(pool.map(lambda j: run(a.tm, j[2], j[3], a.dictionary), jobs))
    table = collections.defaultdict(list)
    for (kind, s, _, _), doc in zip(jobs, results):
        table[(kind, s)].append(doc)
    json.dump([[j[0], j[1], d] for j, d in zip(jobs, results)], open(tmp / "results.json", "w"))
    print(f"raw results: {tmp / 'results.json'}")
    q = lambda xs: "/".join(f"{x:.2f}" for x in statistics.quantiles(xs, n=4)) if len(xs) > 1 else f"{xs[0]:.2f}"
    print("kind\tset\tpairs\ttranslation\tpartial\tunrelated\tgain q1/q2/q3\tshare q1/q2/q3\tz q1/q2/q3\thit-rate excess q1/q2/q3")
    for (kind, s), docs_ in sorted(table.items()):
        v = collections.Counter(d["verdict"] for d in docs_)
        gains = [d["gain"] for d in docs_]
        shares = [d["aligned_share"] for d in docs_]
        found = [d["z"] for d in docs_]
        chance = [d["found"] / max(1, d["units"]) - d["chance_found"] / max(1, d["chance_units"]) for d in docs_]
        print(f"{kind}\t{s}\t{len(docs_)}\t{v['translation']}\t{v['partial']}\t{v['unrelated']}\t{q(gains)}\t{q(shares)}\t{q(found)}\t{q(chance)}")
    unrelated = [d for (k, _), ds in table.items() if k.startswith("unrelated") for d in ds]
    real = [d for (k, _), ds in table.items() if k == "real" for d in ds]
    partial = [d for (k, _), ds in table.items() if k.startswith("partial") for d in ds]
    share = lambda ds, v: sum(d["verdict"] == v for d in ds) / max(1, len(ds))
    print(f"unrelated pairs called unrelated: {share(unrelated, 'unrelated'):.3f} ({len(unrelated)})")
    print(f"real pairs called unrelated: {share(real, 'unrelated'):.3f}, partial: {share(real, 'partial'):.3f} ({len(real)})")
    print(f"partial versions called partial: {share(partial, 'partial'):.3f}, unrelated: {share(partial, 'unrelated'):.3f} ({len(partial)})")


if __name__ == "__main__":
    main()
