#!/usr/bin/env python3
"""Injects translation errors of every kind `tm check` looks for into real pairs.

    inject.py CLEAN.tsv GLOSSARY.tsv INJECTED.tsv LABELS.tsv [--skip UNITS]

CLEAN.tsv is a bilingual TSV (header `ar<TAB>en`); GLOSSARY.tsv a glossary of
`en<TAB>ar` lines (the ISO 3166 country names). Pair k takes the error of kind
KINDS[k % 5] (or `term` for every other pair naming a country on both sides), if
the pair allows it and its unit number is not in --skip (a comma-separated list:
the pairs the check flags clean, so that recall counts only what was put in):

- term: every whole-word occurrence of a country name in the target misspelt, its
  last letter dropped (`Russia` -> `Russi`);
- number: a number both sides write in digits (not inside a code like HER2, nor one
  the source writes in words) made one more in the target;
- untranslated: the target replaced by the source (even k), or an Arabic word of
  the source put after the target's first word (odd k);
- punctuation: a question's final `?` made `.`, else the first `, ` written `، `;
- placeholder: `%1` (even k) or `{0}` (odd k) added to the source only;
- consistency: every 25th pair given again at the end, ` (again)` added to its
  target; and a Latin name (a capitalized word of five letters or more, not the
  first of its target, nor a country, a weekday or a month, nor a word the targets
  also write in lower case) that an earlier target has too, respelt in a
  later pair left unchanged, as names are respelt in real files (`Miller`/`Miler`,
  `Robin`/`Robyn`): its first doubled letter made single, else its first
  consonant between vowels doubled (even k), or its first vowel made another
  (odd k). These are labelled `name` (a consistency finding is what finds them),
  since the words taken include translations (`Labour`, العمال) and names too
  short to tell by sound (`Wales`), which are not found: their recall is a
  figure of its own.

INJECTED.tsv is the changed file (header and every pair, changed or not, in order,
then the repeated pairs); LABELS.tsv gives `unit<TAB>kind` for each changed unit
(0-based, as `tm check` numbers units). Deterministic: no randomness.
"""

import re
import sys

KINDS = ["term", "number", "untranslated", "punctuation", "placeholder", "consistency"]


def unescape(field):
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}.get(m[1], "\\" + m[1]), field)


def escape(text):
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def letter(c):
    return c is not None and (c.isalnum() or c in ".,")


def whole_word_misspelt(target, name):
    cut = name[:-1]
    out, at = [], 0
    for m in re.finditer(re.escape(name), target):
        i, j = m.start(), m.end()
        before = target[i - 1] if i > 0 else None
        after = target[j] if j < len(target) else None
        if not (before and before.isalpha()) and not (after and after.isalpha()):
            out.append(target[at:i] + cut)
            at = j
    return "".join(out) + target[at:] if at else None


def number(source, target):
    ascii_source = "".join(chr(ord("0") + ord(c) - 0x660) if "\u0660" <= c <= "\u0669" else c for c in source)
    for m in re.finditer(r"\d+", target):
        i, j = m.start(), m.end()
        digits = m[0]
        if letter(target[i - 1] if i else None) or letter(target[j] if j < len(target) else None):
            continue
        for s in re.finditer(re.escape(digits), ascii_source):
            a, b = s.start(), s.end()
            if not letter(ascii_source[a - 1] if a else None) and not letter(ascii_source[b] if b < len(ascii_source) else None):
                return target[:i] + str(int(digits) + 1) + target[j:]
    return None


def inject(kind, source, target, names, k):
    if kind == "term":
        for name in names:
            changed = whole_word_misspelt(target, name)
            if changed:
                return source, changed
        return None
    if kind == "number":
        changed = number(source, target)
        return (source, changed) if changed else None
    if kind == "untranslated":
        if k % 2 == 0:
            return source, source
        word = next((w for w in source.split(" ") if len(w) > 3 and all("\u0621" <= c <= "\u064a" for c in w)), None)
        if word is None or " " not in target:
            return None
        at = target.index(" ")
        return source, target[:at] + " " + word + target[at:]
    if kind == "punctuation":
        if target.rstrip().endswith("?"):
            return source, target.rstrip().rstrip("?") + "."
        if ", " not in target:
            return None
        at = target.index(", ")
        return source, target[:at] + "،" + target[at + 1 :]
    if kind == "placeholder":
        return source + (" %1" if k % 2 == 0 else " {0}"), target
    return None


VOWELS = {"a": "e", "e": "a", "i": "y", "y": "i", "o": "u", "u": "o"}


def respelt(name, k):
    if k % 2 == 1:
        for i, c in enumerate(name[1:], 1):
            if c in VOWELS:
                return name[:i] + VOWELS[c] + name[i + 1 :]
        return None
    for i in range(1, len(name) - 1):
        if name[i] == name[i + 1] and name[i] not in VOWELS:
            return name[:i] + name[i + 1 :]
    for i in range(1, len(name) - 2):
        if name[i] not in VOWELS and name[i - 1] in VOWELS and name[i + 1] in VOWELS:
            return name[: i + 1] + name[i:]
    return None


DAYS_AND_MONTHS = set(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August"
    " September October November December".split()
)


def names_of(target, countries, common):
    words = re.findall(r"[A-Za-z]+", target)
    return [
        w
        for w in words[1:]
        if len(w) >= 5 and w[0].isupper() and w[1:].islower() and w not in countries
        and w.lower() not in common and w not in DAYS_AND_MONTHS
    ]


def respell_names(pairs, labelled, skip, countries):
    """Pairs k (left unchanged so far) whose target has a name of an earlier target,
    that name respelt: (k, source, target)."""
    changed = {u for u, _ in labelled}
    # Words the targets also write in lower case are English words, not names.
    common = {w for _, t in pairs for w in re.findall(r"\b[a-z]+\b", t)}
    seen, out = set(), []
    for k, (source, target) in enumerate(pairs):
        names = names_of(target, countries, common)
        earlier = [n for n in names if n in seen]
        seen.update(names)
        if not earlier or k in changed or k in skip:
            continue
        name = earlier[0]
        other = respelt(name, len(out))
        if other and re.search(r"\b" + name + r"\b", target):
            out.append((k, source, re.sub(r"\b" + name + r"\b", other, target)))
    return out


def main(argv):
    clean, glossary, injected, labels = argv[1:5]
    skip = set()
    if "--skip" in argv:
        skip = {int(u) for u in argv[argv.index("--skip") + 1].split(",") if u}
    lines = open(clean, encoding="utf-8").read().splitlines()
    header, pairs = lines[0], [tuple(unescape(f) for f in l.split("\t")) for l in lines[1:]]
    countries = [l.split("\t") for l in open(glossary, encoding="utf-8").read().splitlines()[1:] if "\t" in l]
    out, labelled = [], []
    for k, (source, target) in enumerate(pairs):
        names = [en for en, ar in countries if en in target and ar in source]
        kind = "term" if names and k % 2 == 0 else KINDS[k % (len(KINDS) - 1)]
        change = None if k in skip else inject(kind, source, target, names, k)
        if change:
            labelled.append((k, kind))
            source, target = change
        out.append((source, target))
    country_names = {en for en, _ in countries}
    for k, source, target in respell_names(pairs, labelled, skip, country_names):
        labelled.append((k, "name"))
        out[k] = (source, target)
    for k in range(0, len(pairs), 25):
        if k not in skip:
            labelled.append((len(out), "consistency"))
            out.append((pairs[k][0], pairs[k][1] + " (again)"))
    with open(injected, "w", encoding="utf-8") as f:
        f.write(header + "\n")
        f.writelines(f"{escape(s)}\t{escape(t)}\n" for s, t in out)
    with open(labels, "w", encoding="utf-8") as f:
        f.writelines(f"{u}\t{kind}\n" for u, kind in labelled)


if __name__ == "__main__":
    main(sys.argv)
