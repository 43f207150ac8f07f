#!/usr/bin/env python3
"""Sentence recovery on documents rebuilt from line-aligned parallel corpora.

usage: bench/seg_corpus.py SHARED_DIR TM_BINARY [--lang ar|en] [--show N]

NTREX-128 and TICO-19 keep one sentence per line, with document ids. Each document
is rebuilt as running text, the way it reads on a page: consecutive lines are joined
by one space into a paragraph, and a line that does not end a sentence (a headline,
a subheading, a summary bullet: no final . ! ? ؟ … before closing quotes) stands on
a line of its own. `tm segment` must give the lines back. Prints the share of gold sentences recovered exactly (both
ends found, nothing split inside), per corpus and overall; --show N prints the
first N sentences that were not recovered.
"""
import argparse
import subprocess
import sys
from collections import OrderedDict


def documents(text_path, ids_path, sep):
    docs = OrderedDict()
    with open(text_path, encoding="utf-8") as t, open(ids_path, encoding="utf-8") as i:
        for line, doc in zip(t, i):
            key = doc.strip().split(sep)[0] if sep else doc.strip()
            docs.setdefault(key, []).append(line.rstrip("\n"))
    return docs


def run(binary, lang, text):
    out = subprocess.run([binary, "segment", "--lang", lang], input=text, capture_output=True, text=True, check=True)
    return [s for s in out.stdout.split("\n") if s.strip()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("shared")
    ap.add_argument("binary")
    ap.add_argument("--lang", default="ar")
    ap.add_argument("--show", type=int, default=0)
    a = ap.parse_args()
    p = f"{a.shared}/data/parallel"
    corpora = {
        "ntrex": (f"{p}/ntrex-128/newstest2019.{a.lang}", f"{p}/ntrex-128/newstest2019.docids", None),
        "tico": (f"{p}/tico-19/tico19.{a.lang}", f"{p}/tico-19/tico19.ids", ":"),
    }
    total = found = 0
    misses = []
    for name, (text, ids, sep) in corpora.items():
        c_total = c_found = 0
        for doc, lines in documents(text, ids, sep).items():
            lines = [l.strip() for l in lines if l.strip()]
            passage = ""
            for line in lines:
                passage += line
                ends = line.rstrip("\"'”’»)]").endswith((".", "!", "?", "؟", "…"))
                passage += " " if ends else "\n"
            got = set(run(a.binary, a.lang, passage))
            for s in lines:
                c_total += 1
                if s in got:
                    c_found += 1
                else:
                    misses.append((name, doc, s))
        print(f"{name:6} {a.lang}: {c_found}/{c_total} sentences recovered ({c_found / c_total:.4f})")
        total += c_total
        found += c_found
    print(f"all    {a.lang}: {found}/{total} sentences recovered ({found / total:.4f})")
    for name, doc, s in misses[: a.show]:
        print(f"  MISS {name} {doc}: {s[:160]}")


if __name__ == "__main__":
    sys.exit(main())
