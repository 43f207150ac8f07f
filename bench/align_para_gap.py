#!/usr/bin/env python3
"""Split the gap between running text and lines into what tm's segmenter joins and
what the aligner does.

usage: bench/align_para_gap.py SCORER_DIR SET_DIR LINES_PRED PARA_PRED

LINES_PRED and PARA_PRED are bench/align_run.py's predictions of SET_DIR without
and with --para; the latter keep the spans of tm's segments. A gold sentence is
*joined* when one of tm's segments holds it and another gold sentence whole (a headline
written into its paragraph with no full stop, a line ending in a colon). The
strict recall, precision and F1 of both predictions are given over all gold beads,
and over the beads clear of joined sentences (gold and predicted beads that touch
none), with the count of gold beads left out: where the two inputs agree on the
rest, the gap is the segmenter's, not the aligner's. Beads are compared as sets of
gold sentence indices, null beads included (SCORER_DIR's score.py projects the
running text's spans onto the gold sentences).
"""
import json
import sys
from pathlib import Path


def joined(gold, pred, side):
    spans = gold[side + "_spans"]
    out = set()
    for a, b in pred[side + "_spans"]:
        inside = [k for k, (x, y) in enumerate(spans) if x >= a - 1 and y <= b + 1]
        if len(inside) >= 2:
            out.update(inside)
    return out


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__.strip().split("\n\n")[1])
    scorer, set_dir, lines_dir, para_dir = sys.argv[1:]
    sys.path.insert(0, scorer)
    import score  # the benchmark's scorer

    tallies = {(mode, clear): [0, 0, 0] for mode in ("lines", "para") for clear in (False, True)}
    left_out = total = 0
    for doc in sorted(p.parent for p in Path(set_dir).glob("*/gold.json")):
        gold = json.loads((doc / "gold.json").read_text(encoding="utf-8"))
        segments = json.loads((Path(para_dir) / (doc.name + ".json")).read_text(encoding="utf-8"))
        if "ar_spans" not in segments:
            sys.exit(f"{para_dir}: {doc.name}.json has no segment spans (an older bench/align_run.py made it)")
        ar, en = joined(gold, segments, "ar"), joined(gold, segments, "en")
        clear = lambda b: not (set(b[0]) & ar or set(b[1]) & en)
        gold_beads = [(tuple(a), tuple(e)) for a, e in gold["beads"]]
        total += len(gold_beads)
        left_out += sum(not clear(b) for b in gold_beads)
        for mode, folder in (("lines", lines_dir), ("para", para_dir)):
            pred = score.load_prediction(Path(folder), doc.name, gold, doc, lambda m: None)
            pred = [(tuple(sorted(set(a))), tuple(sorted(set(e)))) for a, e in pred]
            pred = [b for b in pred if b[0] or b[1]]
            for only_clear in (False, True):
                g = {b for b in gold_beads if clear(b) or not only_clear}
                p = {b for b in pred if clear(b) or not only_clear}
                t = tallies[(mode, only_clear)]
                t[0] += len(g & p)
                t[1] += len(g)
                t[2] += len(p)
    for only_clear in (False, True):
        for mode in ("lines", "para"):
            right, n_gold, n_pred = tallies[(mode, only_clear)]
            r, p = right / n_gold, right / n_pred
            what = "beads clear of joined sentences" if only_clear else "all beads"
            print(f"{what:<32} {mode:<5} R {r:.3f} P {p:.3f} F1 {2 * r * p / (r + p):.3f}")
    print(f"gold beads touching a joined sentence: {left_out} of {total}")


if __name__ == "__main__":
    main()
