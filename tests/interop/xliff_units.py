"""Independent count of XLIFF translations, with translate-toolkit's XLIFF readers.

usage: xliff_units.py XLIFF_FILE...
For each file prints one line: path <TAB> source <TAB> target <TAB> count <TAB>
others, where source and target are the file's language pair (that of most of its
translations; "-" when the file names none) and count its translations in that
pair, others those in another or no language pair. A translation is a unit the
toolkit reads with a non-empty target, counted once per segment with a target
when the unit is segmented (1.2 <seg-source> with <mrk mtype="seg">, SDLXLIFF
included), since tm stores one entry per segment where the toolkit keeps one unit
(it reads 2.0 segments as units already). Two principled differences from the
toolkit's own count: a target of inline codes alone (<ph>{1}</ph>, as WorldServer
writes for "placeholders_only") is no translation, nor are units marked
translate="no" (on themselves or a group around them). A target's language is
its xml:lang, else its file's target-language (2.0: the root's trgLang); languages
match on their primary subtag, as tm's do. A file the toolkit cannot read prints
"FAIL" as its count.
Used by tests/cli/import.rs to check `tm import --states all` against a reader
that is not tm's.
"""
import sys
from collections import Counter

from translate.storage import factory


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CODES = {"bpt", "ept", "ph", "it", "x", "bx", "ex", "sc", "ec", "sub"}


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def text(node):
    """The text of a node outside inline codes, stripped."""
    out = []

    def walk(n):
        if local(n.tag) in CODES:
            return
        out.append(n.text or "")
        for c in n:
            walk(c)
            out.append(c.tail or "")

    walk(node)
    return "".join(out).strip()


def seg_mrks(node):
    return [m for m in node.iter() if local(m.tag) == "mrk" and m.get("mtype") == "seg"]


def translatable(el):
    while el is not None:
        if local(el.tag) in ("trans-unit", "group", "unit") and el.get("translate") == "no":
            return False
        el = el.getparent()
    return True


def child(el, name):
    return next((c for c in el if local(c.tag) == name), None)


def translations(el):
    """The segments with a target of a unit (a 1.2 trans-unit or a 2.0 segment)."""
    target = child(el, "target")
    if target is None:
        return 0
    seg_source = child(el, "seg-source")
    if seg_source is not None and seg_mrks(seg_source) and seg_mrks(target):
        sources = {m.get("mid") for m in seg_mrks(seg_source)}
        return sum(1 for m in seg_mrks(target) if m.get("mid") in sources and text(m))
    return 1 if text(target) else 0


def pair(el, root):
    """The source and target language of a unit's translation."""
    target = child(el, "target")
    tgt = target.get(XML_LANG) if target is not None else None
    if local(root.tag) == "xliff" and (root.get("version") or "").startswith("2"):
        return root.get("srcLang"), tgt or root.get("trgLang")
    file = el
    while file is not None and local(file.tag) != "file":
        file = file.getparent()
    if file is None:
        return None, tgt
    return file.get("source-language"), tgt or file.get("target-language")


def primary(tag):
    return (tag or "").replace("_", "-").lower().split("-")[0] or None


for path in sys.argv[1:]:
    try:
        head = open(path, "rb").read(4000)
        if b"xliff:document:2" in head:
            from translate.storage.xliff2 import Xliff2File

            store = Xliff2File.parsefile(path)
        else:
            store = factory.getobject(path)
    except Exception:
        print(f"{path}\t-\t-\tFAIL\t-")
        continue
    found = Counter()
    for unit in store.unit_iter():
        if unit.isheader() if hasattr(unit, "isheader") else False:
            continue
        el = getattr(unit, "xmlelement", None)
        if el is None or not unit.target or not translatable(el):
            continue
        n = translations(el)
        if n:
            src, tgt = pair(el, el.getroottree().getroot())
            found[(src, tgt)] += n
    known = [(p, n) for p, n in found.most_common() if p[0] and p[1]]
    if not known:
        print(f"{path}\t-\t-\t0\t{sum(found.values())}")
        continue
    (src, tgt), _ = known[0]
    count = sum(n for (s, t), n in found.items() if primary(s) == primary(src) and primary(t) == primary(tgt))
    print(f"{path}\t{src}\t{tgt}\t{count}\t{sum(found.values()) - count}")
