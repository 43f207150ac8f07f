#!/usr/bin/env python3
"""Run `tm align` over the alignment benchmark's documents and write predictions.

usage: bench/align_run.py SET_DIR PRED_DIR TM_BINARY [--para] [--dictionary FILE] [--batch]

With --lines input (default) each document's lines/doc.{ar,en}.txt are aligned
with `--lines` and the beads written as they are. With --para the running texts
para/doc.{ar,en}.txt are segmented by tm itself and the beads are written as byte
spans (`span_beads`), which the scorer projects onto the gold sentences, with tm's
segments (`ar_spans`, `en_spans`).
Each document pair is aligned by its own `tm align A B` run, as a user aligns a
document; with --batch all go to one `tm align --batch` run, which learns word
translations from all the pairs. It prints the time of the runs, wall clock and
CPU. Each prediction keeps the beads' confidences (`confidence`) and the document
verdict (`document`) for bench/align_eval.py.
"""
import argparse
import json
import os
import resource
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
    ap.add_argument("--batch", action="store_true")
    a = ap.parse_args()
    docs = sorted(p for p in Path(a.set_dir).iterdir() if (p / "gold.json").exists())
    out = Path(a.pred_dir)
    out.mkdir(parents=True, exist_ok=True)
    sub = "para" if a.para else "lines"
    raw = Path(tempfile.mkdtemp())
    flags = ["--format", "json"]
    if not a.para:
        flags.append("--lines")
    if a.dictionary:
        flags += ["--dictionary", a.dictionary]
    env = dict(os.environ, TM_DB=str(raw / "m.db"), TM_NO_SAMPLE="1", TM_CREATE="1")
    start = time.time()
    cpu_start = resource.getrusage(resource.RUSAGE_CHILDREN)
    if a.batch:
        with open(raw / "batch.tsv", "w", encoding="utf-8") as f:
            for d in docs:
                f.write(f"{d / sub / 'doc.ar.txt'}\t{d / sub / 'doc.en.txt'}\t{raw / (d.name + '.json')}\n")
        subprocess.run([a.tm, "-q", "align", "--batch", str(raw / "batch.tsv")] + flags, check=True, env=env)
    else:
        for d in docs:
            with open(raw / (d.name + ".json"), "wb") as f:
                cmd = [a.tm, "-q", "align", str(d / sub / "doc.ar.txt"), str(d / sub / "doc.en.txt")] + flags
                subprocess.run(cmd, check=True, env=env, stdout=f)
    took = time.time() - start
    cpu_end = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (cpu_end.ru_utime - cpu_start.ru_utime) + (cpu_end.ru_stime - cpu_start.ru_stime)
    for d in docs:
        pred = json.loads((raw / (d.name + ".json")).read_text(encoding="utf-8"))
        if a.para:
            ar, en = pred["ar_spans"], pred["en_spans"]
            span_beads = [[[ar[b[0][0]][0], ar[b[0][-1]][1]] if b[0] else None,
                           [en[b[1][0]][0], en[b[1][-1]][1]] if b[1] else None] for b in pred["beads"]]
            # tm's segments as well, for bench/align_para_gap.py.
            result = {"span_beads": span_beads, "offsets": "bytes", "ar_spans": ar, "en_spans": en}
        else:
            result = {"beads": pred["beads"]}
        result["confidence"] = pred["confidence"]
        if "document" in pred:
            result["document"] = pred["document"]
        (out / (d.name + ".json")).write_text(json.dumps(result) + "\n", encoding="utf-8")
    # CPU time beside the wall clock: on a shared machine the wall clock counts
    # the time other work held the core.
    print(f"aligned {len(docs)} documents ({sub}) in {took:.2f} s ({cpu:.2f} s of CPU)", file=sys.stderr)


if __name__ == "__main__":
    main()
