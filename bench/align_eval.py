#!/usr/bin/env python3
"""Score `tm align` predictions per set: strict F1, recall and precision per bead
type, calibration of the beads' confidences, and the document verdicts.

usage: bench/align_eval.py SCORER_DIR SET_DIR PRED_DIR [--json OUT]

SCORER_DIR holds the benchmark's score.py, whose rules are used as they are
(strict F1 over beads, 1-0/0-1 found only when predicted exactly). Sets are
named after the documents: ntrex and tico make `synth`; alignar-law and
alignar-literature make `law` and `literature`.

Calibration: a predicted bead is right when it is a gold bead (strict). The
expected calibration error is the mean, over 10 equal-width confidence bins
weighted by their beads, of |accuracy - mean confidence|; `acc>=0.9` is the
share of right beads among those with confidence at least 0.9.
"""
import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path


def group(doc):
    if doc.startswith("alignar-law"):
        return "law"
    if doc.startswith("alignar-literature"):
        return "literature"
    return "synth"


def ece(points, bins=10):
    if not points:
        return 0.0, 0.0, 0
    acc = defaultdict(lambda: [0, 0.0, 0])  # right, sum conf, count
    for c, right in points:
        b = min(int(c * bins), bins - 1)
        acc[b][0] += right
        acc[b][1] += c
        acc[b][2] += 1
    total = len(points)
    e = sum(abs(r / n - s / n) * n / total for r, s, n in acc.values())
    high = [right for c, right in points if c >= 0.9]
    return e, (sum(high) / len(high) if high else 0.0), len(high)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scorer_dir")
    ap.add_argument("set_dir")
    ap.add_argument("pred_dir")
    ap.add_argument("--json")
    a = ap.parse_args()
    sys.path.insert(0, a.scorer_dir)
    import score  # the benchmark's scorer

    tallies = defaultdict(lambda: defaultdict(score.Tally))
    points = defaultdict(list)
    verdicts = defaultdict(lambda: defaultdict(int))
    shares = defaultdict(list)
    for g in sorted(Path(a.set_dir).glob("*/gold.json")):
        doc = g.parent.name
        gold = json.loads(g.read_text(encoding="utf-8"))
        raw = json.loads((Path(a.pred_dir) / (doc + ".json")).read_text(encoding="utf-8"))
        pred = score.load_prediction(Path(a.pred_dir), doc, gold, g.parent, lambda m: None)
        s = group(doc)
        gold_set = score.norm_beads(gold["beads"])
        for bead, c in zip(pred, raw.get("confidence", [])):
            key = (tuple(sorted(set(bead[0]))), tuple(sorted(set(bead[1]))))
            if key[0] or key[1]:
                points[s].append((c, key in gold_set))
        overall, by_type = score.score_doc(gold["beads"], score.fill_nulls(pred, gold["n_ar"], gold["n_en"]))
        tallies[s]["all"].add(overall)
        for t, tally in by_type.items():
            tallies[s][t].add(tally)
        if "document" in raw:
            verdicts[s][raw["document"]["verdict"]] += 1
            shares[s].append(raw["document"]["aligned_share"])
    out = {}
    for s in sorted(tallies):
        f = {t: v.figures() for t, v in tallies[s].items()}
        e, high, n_high = ece(points[s])
        row = dict(f1=f["all"]["f1_strict"], ece=e, acc_high=high, n_high=n_high, beads=len(points[s]))
        for t in ("1-1", "1-2", "2-1", "2-2", "1-0", "0-1"):
            if t in f:
                row[t] = (f[t]["recall_strict"], f[t]["precision_strict"], f[t]["n_gold"])
        if verdicts[s]:
            row["verdicts"] = dict(verdicts[s])
            row["min_share"] = min(shares[s])
        out[s] = row
        types = "  ".join(f"{t} R {v[0]:.3f} P {v[1]:.3f} ({v[2]})" for t, v in row.items() if "-" in t)
        line = (f"{s:<11} F1 {row['f1']:.3f}  ECE {e:.3f}  acc>=0.9 {high:.3f} ({n_high}/{len(points[s])})"
                f"\n{'':<11} {types}")
        if verdicts[s]:
            line += f"\n{'':<11} verdicts {dict(verdicts[s])}, least aligned share {row['min_share']:.3f}"
        print(line)
    if a.json:
        Path(a.json).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
