#!/usr/bin/env python3
"""tm check beside translate-toolkit's pofilter, on the same injected errors.

    check.py SHARED_DIR TM_BIN TTK_BIN_DIR OUT_DIR

Builds the set of tests/cli/check.rs: the seed report's pairs and the first 1,200 of
NTREX-128, errors injected by tests/check/inject.py into the pairs `tm check` passes
clean; then runs `tm check --format json` and pofilter (numbers, untranslated,
unchanged, endpunc, puncspacing, printf, variables) on the file made PO by csv2po,
and prints each tool's recall per kind, and the share of clean pairs each flags.
"""

import collections
import csv
import html
import json
import os
import re
import subprocess
import sys
import time

KINDS = ["term", "number", "untranslated", "punctuation", "placeholder", "consistency"]
# pofilter's tests, by the kind of tm check they look for.
POFILTER = {
    "numbers": "number",
    "untranslated": "untranslated",
    "unchanged": "untranslated",
    "endpunc": "punctuation",
    "puncspacing": "punctuation",
    "printf": "placeholder",
    "variables": "placeholder",
}


def escape(text):
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def unescape(field):
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(m[1], "\\" + m[1]), field)


def seed_pairs(root):
    text = open(os.path.join(root, "memory/seed-report.tmx"), encoding="utf-8").read()
    out = []
    for tu in re.findall(r"<tu\b.*?</tu>", text, re.S):
        segs = dict(re.findall(r'<tuv xml:lang="(\w+)"><seg>(.*?)</seg>', tu, re.S))
        out.append((html.unescape(segs["ar"]), html.unescape(segs["en"])))
    return out


def tm_check(tm, tsv, glossary):
    started = time.time()
    out = subprocess.run([tm, "--no-sample", "--db", os.path.join(os.path.dirname(tsv), "check.db"), "check", tsv,
                          "--glossary", glossary, "--format", "json"], capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stderr
    return [json.loads(l) for l in out.stdout.splitlines()], time.time() - started


def pofilter(ttk, tsv, out_dir):
    lines = open(tsv, encoding="utf-8").read().splitlines()[1:]
    csv_path = os.path.join(out_dir, "pairs.csv")
    with open(csv_path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["location", "source", "target"])
        for k, line in enumerate(lines):
            s, t = (unescape(x) for x in line.split("\t"))
            w.writerow([f"unit{k}", s, t])
    po = os.path.join(out_dir, "pairs.po")
    subprocess.run([os.path.join(ttk, "csv2po"), "--duplicates=msgctxt", csv_path, po], check=True, capture_output=True)
    failed = os.path.join(out_dir, "failed.po")
    tests = [a for t in POFILTER for a in ("-t", t)]
    started = time.time()
    subprocess.run([os.path.join(ttk, "pofilter"), *tests, po, failed], check=True, capture_output=True)
    took = time.time() - started
    # Each entry of the output: its `# (pofilter) test:` comments, then `#: unitN`.
    found = collections.defaultdict(set)
    for block in open(failed, encoding="utf-8").read().split("\n\n"):
        units = re.findall(r"^#: unit(\d+)", block, re.M)
        tests = re.findall(r"^# \(pofilter\) (\w+):", block, re.M)
        for u in units:
            found[int(u)].update(POFILTER.get(t, t) for t in tests)
    return found, took


def main(shared, tm, ttk, out_dir):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.makedirs(out_dir, exist_ok=True)
    ar = open(os.path.join(shared, "data/parallel/ntrex-128/newstest2019.ar"), encoding="utf-8").read().splitlines()
    en = open(os.path.join(shared, "data/parallel/ntrex-128/newstest2019.en"), encoding="utf-8").read().splitlines()
    pairs = seed_pairs(root) + list(zip(ar, en))[:1200]
    glossary = os.path.join(shared, "data/glossary/iso-codes/iso_3166-1.en-ar.tsv")
    clean = os.path.join(out_dir, "clean.tsv")
    with open(clean, "w", encoding="utf-8") as f:
        f.write("ar\ten\n")
        f.writelines(f"{escape(s)}\t{escape(t)}\n" for s, t in pairs)
    found, _ = tm_check(tm, clean, glossary)
    flagged = {f["unit"] for f in found}
    po_clean, _ = pofilter(ttk, clean, out_dir)
    injected, labels = os.path.join(out_dir, "injected.tsv"), os.path.join(out_dir, "labels.tsv")
    subprocess.run([sys.executable, os.path.join(root, "tests/check/inject.py"), clean, glossary, injected, labels,
                    "--skip", ",".join(map(str, sorted(flagged)))], check=True)
    kind_of = {int(u): k for u, k in (l.split("\t") for l in open(labels, encoding="utf-8").read().splitlines())}
    found, tm_seconds = tm_check(tm, injected, glossary)
    tm_found = collections.defaultdict(set)
    for f in found:
        tm_found[f["unit"]].add(f["kind"])
    po_found, po_seconds = pofilter(ttk, injected, out_dir)
    units = len(open(injected, encoding="utf-8").read().splitlines()) - 1
    print(f"{units} pairs, {len(kind_of)} with an error injected")
    print(f"{'kind':<13} {'injected':>8} {'tm check':>9} {'pofilter':>9}")
    # Names respelt (label `name`) are found as consistency; pofilter has no such check.
    for label, kind in [(k, k) for k in KINDS] + [("name", "consistency")]:
        us = [u for u, k in kind_of.items() if k == label]
        rec = lambda found: sum(1 for u in us if kind in found.get(u, ())) / max(len(us), 1)
        print(f"{label:<13} {len(us):>8} {rec(tm_found):>9.3f} {rec(po_found):>9.3f}")
    print(f"clean pairs flagged: tm check {len(flagged) / len(pairs):.3f}, pofilter {len(po_clean) / len(pairs):.3f}")
    print(f"time on the injected set: tm check {tm_seconds:.2f} s, pofilter {po_seconds:.2f} s ({po_seconds / max(tm_seconds, 1e-9):.0f}x)")


if __name__ == "__main__":
    main(*sys.argv[1:5])
