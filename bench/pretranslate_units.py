#!/usr/bin/env python3
"""Builds the pre-translation benchmark's document: 10,000 Arabic segments for the
memory of bench/fuzzy/make_corpus.py, as one segment per line and as an XLIFF 1.2
file of one trans-unit each (source only, as a CAT tool hands out a new job).

    pretranslate_units.py DIR SIZE [--units 10000] [--seed 11]

Reads DIR/queries.ar (new versions of entries: spelling, numbers, punctuation, a
proclitic, a word replaced or dropped) and DIR/memory-SIZE.ar (the memory's
sources). The segments: every query, then sources of the memory half as they are
(exact matches) and half with one word dropped (fuzzy matches), in a shuffled
order, up to --units. Writes DIR/units.ar and DIR/units.xlf.
"""

import argparse
import os
import random
from xml.sax.saxutils import escape


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("size")
    ap.add_argument("--units", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    read = lambda name: [l.rstrip("\n") for l in open(os.path.join(args.dir, name), encoding="utf-8") if l.strip()]
    queries = read("queries.ar")
    sources = read(f"memory-{args.size}.ar")
    units = queries[: args.units]
    for i, source in enumerate(rng.sample(sources, args.units - len(units))):
        words = source.split()
        if i % 2 and len(words) > 4:
            del words[rng.randrange(len(words))]
        units.append(" ".join(words))
    rng.shuffle(units)
    with open(os.path.join(args.dir, "units.ar"), "w", encoding="utf-8") as out:
        out.writelines(u + "\n" for u in units)
    with open(os.path.join(args.dir, "units.xlf"), "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n')
        out.write('  <file original="units.ar" source-language="ar" target-language="en" datatype="plaintext">\n')
        out.write("    <body>\n")
        for i, u in enumerate(units, 1):
            out.write(f'      <trans-unit id="u{i}">\n        <source>{escape(u)}</source>\n      </trans-unit>\n')
        out.write("    </body>\n  </file>\n</xliff>\n")
    print(f"{len(units)} units ({len(queries)} queries)")


if __name__ == "__main__":
    main()
