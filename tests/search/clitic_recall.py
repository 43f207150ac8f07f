#!/usr/bin/env python3
"""How many of the entries that hold a word under any proclitic chain `tm search`
finds, on real Arabic sentences.

    clitic_recall.py --tm BIN --ar FILE.ar --en FILE.en --dir DIR
                     [--lines N] [--words 100] [--seed 14]

Imports the first N line pairs (all by default) into a new memory in DIR, picks
`--words` Arabic words from them, runs `tm search WORD` for each, and compares
what it finds with what this script finds on its own. Prints one JSON object to
stdout: lines, words, expected (entries that hold a word, summed over the words),
found (how many of those tm found), recall (found / expected), extra (entries tm
found that this script does not expect: a looser spelling rule, not counted
against it) and the words with entries missed (at most 10, with one missed
sentence each).

The rule here is written from Arabic grammar, not from tm's code. A word can be
written with proclitics in front of it, in this order, each at most once:

- a conjunction: و (and) or ف (so, then);
- a preposition: ب (with, by), ك (like, as) or ل (for, to);
- the article ال; after the preposition ل its alef is not written (ل + الخط =
  للخط).

An entry holds the word if one of its words, diacritics and tatweel taken out, is
the word with one of these chains (or none) in front: for خط, خط وخط فخط بخط كخط
لخط الخط والخط بالخط كالخط للخط وبخط فبالخط وللخط… Nothing else is folded:
hamza and alef forms and ta marbuta count as written, so tm, which folds them,
may find more (counted as extra), never less.

Words are picked deterministically: the distinct words of the sentences that
occur at least once with a chain in front, 30 of two letters (the words whose
proclitics are easiest to miss: خط حق دم), 35 of three and 35 longer, sampled with
`random.Random(seed)` from the sorted lists (a short list gives its place to the
others).
"""

import argparse
import json
import os
import random
import re
import subprocess
import sys
import unicodedata

CONJUNCTIONS = ["", "و", "ف"]
PREPOSITIONS = ["", "ب", "ك", "ل"]
ARTICLE = ["", "ال"]


def chains():
    """Every proclitic chain, the empty one included."""
    out = set()
    for c in CONJUNCTIONS:
        for p in PREPOSITIONS:
            for a in ARTICLE:
                out.add(c + ("لل" if p == "ل" and a else p + a))
    return sorted(out, key=lambda s: (len(s), s))


# Arabic diacritics (harakat, tanwin, shadda, sukun, the Quranic marks up to
# U+065F), the dagger alef, and tatweel.
MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")
# Arabic letters: hamza to ghain, fa to ya.
WORD = re.compile("[\u0621-\u063a\u0641-\u064a]+")


def words(text):
    return WORD.findall(MARKS.sub("", unicodedata.normalize("NFC", text)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tm", required=True)
    ap.add_argument("--ar", required=True)
    ap.add_argument("--en", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--lines", type=int, default=0)
    ap.add_argument("--words", type=int, default=100)
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()

    with open(args.ar, encoding="utf-8") as f:
        ar = f.read().split("\n")
    with open(args.en, encoding="utf-8") as f:
        en = f.read().split("\n")
    if ar and ar[-1] == "":
        ar.pop()
    if en and en[-1] == "":
        en.pop()
    n = args.lines or len(ar)
    ar, en = ar[:n], en[:n]

    # Entries are told apart by their source: tm merges identical pairs.
    sources = sorted(set(s.strip() for s in ar))
    tokens = {s: set(words(s)) for s in sources}

    all_chains = chains()
    prefixed = [c for c in all_chains if c]
    vocabulary = set().union(*tokens.values())
    # Words seen with a chain in front: the chained form is a word of the text too.
    with_chain = sorted(w for w in vocabulary if any(c + w in vocabulary for c in prefixed))
    rng = random.Random(args.seed)
    strata = [
        [w for w in with_chain if len(w) == 2],
        [w for w in with_chain if len(w) == 3],
        [w for w in with_chain if len(w) > 3],
    ]
    want = [30, 35, 35]
    scale = args.words / 100
    want = [round(x * scale) for x in want]
    want[2] = args.words - want[0] - want[1]
    picked = []
    spare = 0
    for stratum, k in zip(strata, want):
        k += spare
        take = min(k, len(stratum))
        spare = k - take
        picked.extend(rng.sample(stratum, take))
    if spare:
        rest = sorted(set(with_chain) - set(picked))
        picked.extend(rng.sample(rest, min(spare, len(rest))))

    os.makedirs(args.dir, exist_ok=True)
    ar_file = os.path.join(args.dir, "subset.ar")
    en_file = os.path.join(args.dir, "subset.en")
    with open(ar_file, "w", encoding="utf-8") as f:
        f.write("\n".join(ar) + "\n")
    with open(en_file, "w", encoding="utf-8") as f:
        f.write("\n".join(en) + "\n")
    db = os.path.join(args.dir, "clitic-recall.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    env = dict(os.environ, TM_DB=db, TM_NO_SAMPLE="1")
    subprocess.run([args.tm, "-q", "import", "--source", ar_file, "--target", en_file], env=env, check=True)

    expected_total = found_total = extra_total = 0
    missed = []
    for w in picked:
        forms = {c + w for c in all_chains}
        expected = {s for s in sources if tokens[s] & forms}
        out = subprocess.run(
            [args.tm, "search", w, "--limit", "1000000000", "--format", "json"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        if out.returncode not in (0, 1):
            sys.exit(f"tm search {w} exited {out.returncode}: {out.stderr}")
        found = {json.loads(line)["source"].strip() for line in out.stdout.splitlines() if line.strip()}
        hit = expected & found
        expected_total += len(expected)
        found_total += len(hit)
        extra_total += len(found - expected)
        if hit != expected:
            lost = sorted(expected - found)
            missed.append({"word": w, "expected": len(expected), "found": len(hit), "example": lost[0]})

    summary = {
        "lines": n,
        "words": len(picked),
        "expected": expected_total,
        "found": found_total,
        "recall": found_total / expected_total if expected_total else 1.0,
        "extra": extra_total,
        "words_missed": len(missed),
        "missed": missed[:10],
    }
    print(json.dumps(summary, ensure_ascii=False))
    print(
        f"{len(picked)} words, {n} lines: {found_total} of {expected_total} entries found "
        f"(recall {summary['recall']:.4f}), {extra_total} more found, {len(missed)} words with entries missed",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
