#!/usr/bin/env python3
"""Learn the aligner's built-in Arabic-English word list from a sentence-aligned corpus.

    python3 tools/make_lexicon.py SHARED_DIR > src/align/lexicon.tsv

Reads the United Nations Parallel Corpus v1.0 development and test sets
(SHARED_DIR/data/parallel/un-v1.0-testsets/UNv1.0.{devset,testset}.{ar,en}, 8,000
line-aligned sentence pairs of 2015 resolutions and reports) and writes
`arabic<TAB>english` lines: for each Arabic word form, up to three English words that
occur in the same sentence pairs at least MIN_PAIRS times with a Dice coefficient of
at least MIN_DICE (2·both / (arabic + english), over sentence pairs).

Why this corpus: it is the formal register of the reports and resolutions tm's
users translate, its terms allow free use with acknowledgement, and it shares no
text with the aligner's benchmark sets (NTREX-128, TICO-19, AlignAR). Everyday
sentences (Tatoeba) were tried as well: they lifted news alignment a little and
lowered law (strict F1 0.971 -> 0.954), so they are left out.

Arabic forms are written as they occur (diacritics and tatweel removed); the aligner
keys them as it keys its text and looks words up with and without their clitics.
English words are lower-cased; the aligner lemmatizes them. The output is sorted,
so the same corpus gives the same file. Only the Python standard library is used.
"""

import collections
import re
import sys
from pathlib import Path

MIN_PAIRS = 3
MIN_DICE = 0.3
MAX_PER_WORD = 3

ARABIC_WORD = re.compile(r"[\u0621-\u064A\u0671-\u06D3]+")
ENGLISH_WORD = re.compile(r"[A-Za-z]+")
DIACRITICS = re.compile(r"[\u064B-\u0652\u0670\u0640]")
# Function words that co-occur with everything; the aligner drops them too.
ENGLISH_STOP = set("""
the of and to in a for on by with as that is be are was were this from at or an which
its it their has have been not all shall any other such also under into these those who
his her they them will would should may can than upon between within
""".split())


def sentence_pairs(folder):
    for part in ("devset", "testset"):
        ar = (folder / f"UNv1.0.{part}.ar").read_text(encoding="utf-8").split("\n")
        en = (folder / f"UNv1.0.{part}.en").read_text(encoding="utf-8").split("\n")
        if len(ar) != len(en):
            sys.exit(f"{folder}/UNv1.0.{part}: {len(ar)} Arabic lines, {len(en)} English")
        for a, e in zip(ar, en):
            arabic = set(ARABIC_WORD.findall(DIACRITICS.sub("", a)))
            english = {w.lower() for w in ENGLISH_WORD.findall(e)}
            english = {w for w in english if len(w) > 2 and w not in ENGLISH_STOP}
            if arabic and english:
                yield arabic, english


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.strip().split("\n\n")[1])
    folder = Path(sys.argv[1]) / "data/parallel/un-v1.0-testsets"
    ar_count, en_count, both = collections.Counter(), collections.Counter(), collections.Counter()
    pairs = 0
    for arabic, english in sentence_pairs(folder):
        pairs += 1
        ar_count.update(arabic)
        en_count.update(english)
        both.update((a, e) for a in arabic for e in english)
    best = collections.defaultdict(list)
    for (a, e), n in both.items():
        dice = 2 * n / (ar_count[a] + en_count[e])
        if n >= MIN_PAIRS and dice >= MIN_DICE:
            best[a].append((-dice, e))
    print("# The aligner's built-in Arabic-English word list (arabic<TAB>english), learned")
    print("# by tools/make_lexicon.py from the United Nations Parallel Corpus v1.0")
    print(f"# development and test sets ({pairs} sentence pairs). Source: the United Nations;")
    print("# Ziemski, Junczys-Dowmunt and Pouliquen, The United Nations Parallel Corpus v1.0,")
    print("# LREC 2016. The corpus is provided without warranty; the UN is not liable for its use.")
    for a in sorted(best):
        for _, e in sorted(best[a])[:MAX_PER_WORD]:
            print(f"{a}\t{e}")


if __name__ == "__main__":
    main()
