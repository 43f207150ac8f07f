#!/usr/bin/env python3
"""Builds the fuzzy-matching benchmark: memories of near-duplicate entries made
from real Arabic-English sentences, and queries with known answers.

    make_corpus.py --shared ../shared --out DIR [--sizes 10000,100000,1000000]
                   [--queries 1000] [--seed 7]

Sentences: every Arabic-English pair of the shared parallel sets (UN test sets,
NTREX, TICO-19, PUD, Tatoeba), about 25,000 after removing repeats. An agency
memory holds many versions of the same documents, so each sentence comes in
versions: the sentence itself and variants with one to three edits of the kinds
that separate two versions of a report (a word replaced, dropped or added, a number
updated, a proclitic و added or dropped, two words swapped). The memories are
nested: the first N entries of one shuffled list of all versions, so the small
memories are samples of the large one and all hold the answers.

Queries: 1,000 entries of the 10k memory (one per sentence), each changed the way a
new version of a report changes a sentence: spelling only (diacritics, tatweel,
hamza forms: an exact match after normalization), numbers updated (ASCII or
Arabic-Indic digits), punctuation, one proclitic, one word replaced, one word
dropped. The known answer is the entry the query came from; a query is kept only
if that entry is, by a clear margin, the closest of all versions of its sentence
under word-level edit distance over normalized words (so it is the entry a
translator would want, whatever the tool); `check_answers` in run.py confirms it
against every entry by brute force.

Writes DIR/memory-N.tmx (TMX 1.4b), DIR/memory-N.ar (sources, one per line, in
TMX order), DIR/queries.ar (one per line) and DIR/answers.tsv (query line, kind,
the answer's line in the memory files, the answer's source).
"""

import argparse
import os
import random
import re
import sys
from xml.sax.saxutils import escape

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import normalize, words  # noqa: E402

SETS = [
    ("un-v1.0-testsets/UNv1.0.devset.ar", "un-v1.0-testsets/UNv1.0.devset.en"),
    ("un-v1.0-testsets/UNv1.0.testset.ar", "un-v1.0-testsets/UNv1.0.testset.en"),
    ("ntrex-128/newstest2019.ar", "ntrex-128/newstest2019.en"),
    ("tico-19/tico19.ar", "tico-19/tico19.en"),
    ("ud-pud/pud.ar", "ud-pud/pud.en"),
    ("tatoeba-ara-eng/tatoeba.ar", "tatoeba-ara-eng/tatoeba.en"),
]

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
NUMBER = re.compile(r"\d+")
ARABIC_WORD = re.compile(r"^[\u0621-\u064A]{3,}$")
HAMZA_TO_PLAIN = str.maketrans("اي", "أى")


def read_pairs(parallel):
    pairs, seen = [], set()
    for ar_name, en_name in SETS:
        with open(os.path.join(parallel, ar_name), encoding="utf-8") as a, open(
            os.path.join(parallel, en_name), encoding="utf-8"
        ) as e:
            for ar, en in zip(a, e):
                ar, en = ar.strip(), en.strip()
                n = len(words(ar))
                if not ar or not en or n < 3 or n > 80:
                    continue
                key = normalize(ar)
                if key in seen:
                    continue
                seen.add(key)
                pairs.append((ar, en))
    return pairs


def new_number(old, rng):
    value = int(old)
    for _ in range(10):
        if value >= 1900 and value <= 2030 and len(old) == 4:
            candidate = value + rng.choice([-3, -2, -1, 1, 2, 3])
        else:
            candidate = max(0, int(value * rng.uniform(0.5, 1.8)) + rng.randint(1, 9))
        if str(candidate) != old:
            return str(candidate)
    return str(value + 1)


def change_number(ar, en, rng, count=1):
    """Numbers of the source updated (in the target too where they occur once)."""
    numbers = list(NUMBER.finditer(ar))
    if not numbers:
        return None
    for m in sorted(rng.sample(numbers, min(count, len(numbers))), key=lambda m: -m.start()):
        old = m.group()
        new = new_number(old, rng)
        ar = ar[: m.start()] + new + ar[m.end() :]
        if en.count(old) == 1:
            en = en.replace(old, new)
    return ar, en


def edit(ar, en, kind, rng, vocabulary):
    """One edit of `kind` to a sentence; None if it does not apply."""
    tokens = ar.split()
    n = len(tokens)
    i = rng.randrange(n)
    if kind == "number":
        return change_number(ar, en, rng)
    if kind == "replace":
        tokens[i] = rng.choice(vocabulary)
    elif kind == "drop":
        if n < 5:
            return None
        del tokens[i]
    elif kind == "add":
        tokens.insert(i, rng.choice(vocabulary))
    elif kind == "clitic":
        arabic = [j for j, t in enumerate(tokens) if ARABIC_WORD.match(t)]
        if not arabic:
            return None
        j = rng.choice(arabic)
        tokens[j] = tokens[j][1:] if tokens[j].startswith("و") and len(tokens[j]) > 3 else "و" + tokens[j]
    elif kind == "swap":
        if n < 4:
            return None
        i = rng.randrange(n - 1)
        tokens[i], tokens[i + 1] = tokens[i + 1], tokens[i]
    return " ".join(tokens), en


VERSION_EDITS = ["replace", "replace", "drop", "add", "number", "clitic", "swap"]


def versions(ar, en, k, rng, vocabulary, seen):
    """The sentence and up to k-1 variants of it, none equal after normalization."""
    out = [(ar, en)]
    tries = 0
    while len(out) < k and tries < 4 * k:
        tries += 1
        a, e = ar, en
        for _ in range(rng.choice([1, 2, 2, 3])):
            done = edit(a, e, rng.choice(VERSION_EDITS), rng, vocabulary)
            if done:
                a, e = done
        key = normalize(a)
        if key in seen:
            continue
        seen.add(key)
        out.append((a, e))
    return out


def respell(ar, rng):
    """The same sentence in another spelling: diacritics, tatweel, hamza forms."""
    out = []
    for w in ar.split():
        r = rng.random()
        if ARABIC_WORD.match(w) and r < 0.3:
            w = w[0] + "\u064E" + w[1:]  # a fatha
        elif ARABIC_WORD.match(w) and r < 0.45:
            w = w[:2] + "\u0640" + w[2:]  # tatweel
        elif w.startswith("ا") and r < 0.7:
            w = "أ" + w[1:]
        out.append(w)
    return " ".join(out)


def query_of(ar, kind, rng, vocabulary):
    """A new version of entry source `ar`, changed the way `kind` says."""
    tokens = ar.split()
    if kind == "spelling":
        q = respell(ar, rng)
        return q if q != ar else None
    if kind == "numbers":
        numbers = NUMBER.findall(ar)
        if not numbers:
            return None
        q = change_number(ar, "", rng, count=2)[0]
        return q.translate(ARABIC_INDIC) if rng.random() < 0.5 else q
    if kind == "punctuation":
        if ar[-1] in ".؟?!":
            return ar[:-1]
        return ar + "."
    minimum = {"clitic": 4, "replace": 6, "drop": 8}[kind]
    if len(tokens) < minimum:
        return None
    done = edit(ar, "", kind, rng, vocabulary)
    return done[0] if done else None
    raise ValueError(kind)


QUERY_KINDS = ["spelling", "numbers", "punctuation", "clitic", "replace", "drop"]


def word_distance(a, b):
    """Edit distance between two word lists."""
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


def write_tmx(path, entries):
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        f.write(
            '<header creationtool="tm-bench" creationtoolversion="1" segtype="sentence" o-tmf="tm" '
            'adminlang="en" srclang="ar" datatype="plaintext"/>\n<body>\n'
        )
        for i, (ar, en) in enumerate(entries):
            f.write(
                f'<tu tuid="{i + 1}"><tuv xml:lang="ar"><seg>{escape(ar)}</seg></tuv>'
                f'<tuv xml:lang="en"><seg>{escape(en)}</seg></tuv></tu>\n'
            )
        f.write("</body>\n</tmx>\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    os.makedirs(args.out, exist_ok=True)

    pairs = read_pairs(os.path.join(args.shared, "data", "parallel"))
    vocabulary = sorted({w for ar, _ in pairs for w in ar.split() if ARABIC_WORD.match(w)})
    per_sentence = -(-sizes[-1] // len(pairs))
    print(f"{len(pairs)} sentences, {len(vocabulary)} words; up to {per_sentence} versions each", file=sys.stderr)

    seen = {normalize(ar) for ar, _ in pairs}
    families = [versions(ar, en, per_sentence, rng, vocabulary, seen) for ar, en in pairs]
    entries = [(f, v) for f, family in enumerate(families) for v in range(len(family))]
    rng.shuffle(entries)
    entries = entries[: sizes[-1]]

    # Queries from entries of the smallest memory, one per sentence, kept only when
    # their entry is clearly the closest version of the sentence.
    small = entries[: sizes[0]]
    kept, used = [], set()
    for n, (f, v) in enumerate(small):
        if len(kept) == args.queries:
            break
        if f in used:
            continue
        kind = QUERY_KINDS[len(kept) % len(QUERY_KINDS)]
        ar = families[f][v][0]
        q = query_of(ar, kind, rng, vocabulary)
        if not q or normalize(q) in seen and kind != "spelling":
            continue
        qw = words(q)
        mine = word_distance(qw, words(ar))
        others = [word_distance(qw, words(a)) for j, (a, _) in enumerate(families[f]) if j != v]
        if others and min(others) <= mine + 1:
            continue
        used.add(f)
        kept.append((q, kind, n, ar))
    if len(kept) < args.queries:
        sys.exit(f"only {len(kept)} queries could be made")

    for size in sizes:
        chosen = entries[:size]
        write_tmx(os.path.join(args.out, f"memory-{size}.tmx"), [families[f][v] for f, v in chosen])
        with open(os.path.join(args.out, f"memory-{size}.ar"), "w", encoding="utf-8") as out:
            for f, v in chosen:
                out.write(families[f][v][0] + "\n")
    with open(os.path.join(args.out, "queries.ar"), "w", encoding="utf-8") as out:
        out.writelines(q + "\n" for q, _, _, _ in kept)
    with open(os.path.join(args.out, "answers.tsv"), "w", encoding="utf-8") as out:
        out.write("query\tkind\tline\tsource\n")
        for i, (_, kind, n, ar) in enumerate(kept):
            out.write(f"{i + 1}\t{kind}\t{n + 1}\t{ar}\n")
    kinds = {k: sum(1 for q in kept if q[1] == k) for k in QUERY_KINDS}
    print(f"memories {sizes}, {len(kept)} queries {kinds}", file=sys.stderr)


if __name__ == "__main__":
    main()
