"""Inputs with one huge record each, for bench/limits.sh.

usage: limits_records.py SHARED_DIR OUT_DIR MEGABYTES

Writes, from TICO-19's pairs, 1,000 real records and, halfway through, one record
of MEGABYTES (an Arabic sentence repeated) in: a bilingual TSV (huge.tsv), two
line-aligned text files (huge.ar, huge.en; also the documents for suggest, align
and pretranslate), an XLIFF 1.2 (huge.xlf), a TBX (huge.tbx) and a glossary TSV
(huge-glossary.tsv).
"""

import os
import sys
from xml.sax.saxutils import escape


def main():
    shared, out, megabytes = sys.argv[1], sys.argv[2], float(sys.argv[3])
    tico = os.path.join(shared, "data", "parallel", "tico-19")
    with open(os.path.join(tico, "tico19.ar"), encoding="utf-8") as a, open(os.path.join(tico, "tico19.en"), encoding="utf-8") as e:
        pairs = [(x.strip(), y.strip()) for x, y in zip(a, e)][:1000]
    ar0 = pairs[0][0] + " "
    huge = ar0 * int(megabytes * 1e6 / len(ar0.encode()))
    middle = len(pairs) // 2
    rows = pairs[:middle] + [(huge, pairs[middle][1])] + pairs[middle:]

    def path(name):
        return os.path.join(out, name)

    with open(path("huge.tsv"), "w", encoding="utf-8") as f:
        f.write("ar\ten\n")
        f.writelines(f"{ar}\t{en}\n" for ar, en in rows)
    with open(path("huge.ar"), "w", encoding="utf-8") as f:
        f.writelines(f"{ar}\n" for ar, _ in rows)
    with open(path("huge.en"), "w", encoding="utf-8") as f:
        f.writelines(f"{en}\n" for _, en in rows)
    with open(path("huge.xlf"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n')
        f.write('<file original="huge" source-language="ar" target-language="en" datatype="plaintext"><body>\n')
        for i, (ar, en) in enumerate(rows):
            f.write(f'<trans-unit id="{i}"><source>{escape(ar)}</source><target state="translated">{escape(en)}</target></trans-unit>\n')
        f.write("</body></file></xliff>\n")
    with open(path("huge.tbx"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX-Basic" xml:lang="en"><text><body>\n')
        for i, (ar, en) in enumerate(rows):
            f.write(f'<termEntry id="t{i}"><langSet xml:lang="ar"><tig><term>{escape(ar)}</term></tig></langSet>'
                    f'<langSet xml:lang="en"><tig><term>{escape(en)}</term></tig></langSet></termEntry>\n')
        f.write("</body></text></martif>\n")
    with open(path("huge-glossary.tsv"), "w", encoding="utf-8") as f:
        f.write("en\tar\n")
        f.writelines(f"{en}\t{ar}\n" for ar, en in rows)


main()
