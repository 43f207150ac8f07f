"""Independent count of TMX units, with translate-toolkit's TMX reader.

usage: count_units.py TMX_FILE...
For each file prints one line: path <TAB> source <TAB> target <TAB> count, where
source is the header's srclang, target the most frequent other variant tag (the
file's own pair), and count the units with a non-empty variant (text or inline
elements) in both languages. Languages match on the primary subtag (ar = ar-SA), or
on the whole tag (case-insensitive, _ = -) when the two share their primary subtag
(en-US -> en-GB). A file with no second language prints "-" for target and 0.
Used by tests/cli/import.rs to check `tm import` against a reader that is not tm's.
"""
import sys
from collections import Counter

from translate.misc.xml_helpers import getXMLlang
from translate.storage import tmx


def fold(tag):
    return (tag or "").replace("_", "-").lower()


def variants(unit):
    for node in unit.getlanguageNodes():
        seg = node.find("seg")
        content = "" if seg is None else "".join(seg.itertext()) + "x" * len(seg)
        yield fold(getXMLlang(node) or node.get("lang")), bool(content.strip())


for path in sys.argv[1:]:
    with open(path, "rb") as f:
        store = tmx.tmxfile(f)
    header = store.document.getroot().find("header")
    src = fold(header.get("srclang") if header is not None else "")
    tags = Counter(tag for unit in store.units for tag, _ in variants(unit))
    others = [t for t, _ in tags.most_common() if t and t != src]
    if not src or src == "*all*" or not others:
        print(f"{path}\t{src or '-'}\t-\t0")
        continue
    tgt = others[0]
    same = src.split("-")[0] == tgt.split("-")[0]

    def fits(tag, wanted):
        return tag == wanted if same else tag.split("-")[0] == wanted.split("-")[0]

    count = 0
    for unit in store.units:
        found = [tag for tag, full in variants(unit) if full]
        count += any(fits(t, src) for t in found) and any(fits(t, tgt) for t in found)
    print(f"{path}\t{src}\t{tgt}\t{count}")
