"""Writes a large TMX from real units, for bench/limits.sh.

usage: limits_tmx.py SHARED_DIR OUT.tmx MEGABYTES [HUGE_MEGABYTES]

The units are the pairs of TICO-19 and of the UN development and test sets in
turn, each in versions (a number put in on both sides), until the file holds
MEGABYTES. With HUGE_MEGABYTES, one unit halfway through has an Arabic segment of
that size (its source repeated), as a broken export or a pasted document gives.
"""

import os
import sys
from xml.sax.saxutils import escape


def pairs(shared):
    out = []
    sets = [
        ("tico-19", "tico19.ar", "tico19.en"),
        ("un-v1.0-testsets", "UNv1.0.devset.ar", "UNv1.0.devset.en"),
        ("un-v1.0-testsets", "UNv1.0.testset.ar", "UNv1.0.testset.en"),
    ]
    for name, ar, en in sets:
        d = os.path.join(shared, "data", "parallel", name)
        with open(os.path.join(d, ar), encoding="utf-8") as a, open(os.path.join(d, en), encoding="utf-8") as e:
            out.extend((x.strip(), y.strip()) for x, y in zip(a, e) if x.strip() and y.strip())
    return out


def unit(i, ar, en):
    return (
        f'<tu tuid="{i}" creationdate="20200101T000000Z">\n'
        f'  <tuv xml:lang="ar"><seg>{escape(ar)}</seg></tuv>\n'
        f'  <tuv xml:lang="en"><seg>{escape(en)}</seg></tuv>\n'
        "</tu>\n"
    )


def main():
    shared, out, megabytes = sys.argv[1], sys.argv[2], float(sys.argv[3])
    huge = float(sys.argv[4]) if len(sys.argv) > 4 else 0
    units = pairs(shared)
    size = int(megabytes * 1e6)
    with open(out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        f.write('<header creationtool="bench" creationtoolversion="1" segtype="sentence" o-tmf="bench" ')
        f.write('adminlang="en" srclang="ar" datatype="plaintext"/>\n<body>\n')
        i, written, placed = 0, 0, huge == 0
        while written < size:
            ar, en = units[i % len(units)]
            v = i // len(units)
            if not placed and written >= size / 2:
                piece = escape(ar) + " "
                body = piece * max(1, int(huge * 1e6 / len(piece.encode())))
                text = f'<tu tuid="huge">\n  <tuv xml:lang="ar"><seg>{body}</seg></tuv>\n  <tuv xml:lang="en"><seg>{escape(en)}</seg></tuv>\n</tu>\n'
                placed = True
            else:
                text = unit(i, f"{ar} ({v})", f"{en} ({v})")
                i += 1
            f.write(text)
            written += len(text.encode())
        f.write("</body>\n</tmx>\n")
    print(f"{out}: {i} units, {written / 1e6:.0f} MB", file=sys.stderr)


main()
