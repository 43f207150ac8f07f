#!/usr/bin/env python3
"""Run `tm align` over the alignment benchmark's documents and write predictions.

usage: bench/align_run.py SET_DIR PRED_DIR TM_BINARY [--para] [--dictionary FILE]

With --lines input (default) each document's lines/doc.{ar,en}.txt are aligned
with `--lines` and the beads written as they are. With --para the running texts
para/doc.{ar,en}.txt are segmented by tm itself and the beads are written as byte
spans (`span_beads`), which the scorer projects onto the gold sentences.
All documents go to one `tm align --batch` run, so the dictionary loads once.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("set_dir")
    ap.add_argument("pred_dir")
    ap.add_argument("tm")
    ap.add_argument("--para", action="store_true")
    ap.add_argument("--dictionary")
    a = ap.parse_args()
    docs = sorted(p for p in Path(a.set_dir).iterdir() if (p / "gold.json").exists())
    out = Path(a.pred_dir)
    out.mkdir(parents=True, exist_ok=True)
    sub = "para" if a.para else "lines"
    raw = Path(tempfile.mkdtemp())
    with open(raw / "batch.tsv", "w", encoding="utf-8") as f:
        for d in docs:
            f.write(f"{d / sub / 'doc.ar.txt'}\t{d / sub / 'doc.en.txt'}\t{raw / (d.name + '.json')}\n")
    cmd = [a.tm, "-q", "align", "--batch", str(raw / "batch.tsv"), "--format", "json"]
    if not a.para:
        cmd.append("--lines")
    if a.dictionary:
        cmd += ["--dictionary", a.dictionary]
    env = dict(os.environ, TM_DB=str(raw / "m.db"), TM_NO_SAMPLE="1")
    start = time.time()
    subprocess.run(cmd, check=True, env=env)
    took = time.time() - start
    for d in docs:
        pred = json.loads((raw / (d.name + ".json")).read_text(encoding="utf-8"))
        if a.para:
            ar, en = pred["ar_spans"], pred["en_spans"]
            span_beads = [[[ar[b[0][0]][0], ar[b[0][-1]][1]] if b[0] else None,
                           [en[b[1][0]][0], en[b[1][-1]][1]] if b[1] else None] for b in pred["beads"]]
            result = {"span_beads": span_beads, "offsets": "bytes"}
        else:
            result = {"beads": pred["beads"]}
        (out / (d.name + ".json")).write_text(json.dumps(result) + "\n", encoding="utf-8")
    print(f"aligned {len(docs)} documents ({sub}) in {took:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
