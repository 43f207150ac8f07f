"""An independent reading of a TBX file (Python's xml.etree), for tm's tests.

usage: tbx_terms.py --languages TBX      the language tags of its sections, one a line
       tbx_terms.py TBX SOURCE TARGET    the glossary tm should make of it, as JSON

Written apart from tm's reader (src/formats/tbx.rs) from the mapping the README
gives, so that the two agree only if both follow it:
- one term per term entry (termEntry, TBX v3 conceptEntry) that has a source term
  and a target term that can be the rendering; the others are "incomplete";
- language sections (langSet, langSec) taken by their xml:lang as TMX variants are:
  the same tag (3), the same language when one of the two tags is bare (2), another
  region (1); all sections of the best fit, sections without terms left out;
- variants: every source term (text with white space collapsed), once, except one
  equal to the rendering; rendering: the first preferred target term (preferred,
  standardized, legal, regulated), else the first admitted or unmarked one;
  forbidden: deprecated and superseded target terms; "alternatives" counts the
  other admitted target terms;
- note: the entry's own <note>s joined by "; ", else the first definition of the
  entry, then of the target sections, then of the source sections;
- an entry with a section whose xml:lang is missing or not a tag is "skipped".
"""
import json
import re
import sys
import xml.etree.ElementTree as ET

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TAG = re.compile(r"^[A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8})*$")


def name(element):
    tag = element.tag.rsplit("}", 1)[-1]
    return tag.rsplit(":", 1)[-1]


def space(text):
    return " ".join(w for w in re.split(r"[ \t\r\n]+", text) if w)


def fold(tag):
    return tag.strip().replace("_", "-").lower()


def fit(wanted, found):
    wanted, found = fold(wanted), fold(found)
    if wanted == found:
        return 3
    if wanted.split("-")[0] != found.split("-")[0]:
        return 0
    return 2 if "-" not in wanted or "-" not in found else 1


def status(value):
    value = value.strip()
    if value.endswith("-admn-sts"):
        value = value[: -len("-admn-sts")]
    value = value.lower()
    if value in ("preferredterm", "standardizedterm", "legalterm", "regulatedterm"):
        return "preferred"
    if value in ("deprecatedterm", "supersededterm"):
        return "forbidden"
    return "admitted"


def is_status(element):
    n = name(element)
    if n == "termNote":
        return element.get("type") in ("administrativeStatus", "normativeAuthorization")
    return n in ("administrativeStatus", "normativeAuthorization")


def is_definition(element):
    n = name(element)
    return n == "definition" or (n == "descrip" and element.get("type") == "definition")


def walk(element, stop):
    """The descendants of element, not entering elements named in stop."""
    for child in element:
        yield child
        if name(child) not in stop:
            yield from walk(child, stop)


def terms_of(section):
    out = []
    for child in walk(section, {"tig", "ntig", "termSec"}):
        n = name(child)
        if n in ("tig", "ntig", "termSec"):
            terms = [t for t in child.iter() if name(t) == "term"]
            text = space("".join(terms[0].itertext())) if terms else ""
            statuses = [status("".join(s.itertext())) for s in child.iter() if is_status(s)]
            if text:
                out.append((text, statuses[0] if statuses else "admitted"))
        elif n == "term":
            text = space("".join(child.itertext()))
            if text:
                out.append((text, "admitted"))
    return out


def first_definition(element):
    for child in walk(element, {"langSet", "langSec", "tig", "ntig", "termSec"}):
        if is_definition(child) and space("".join(child.itertext())):
            return space("".join(child.itertext()))
    return None


def entries(root):
    return [e for e in root.iter() if name(e) in ("termEntry", "conceptEntry")]


def sections(entry):
    return [s for s in walk(entry, {"langSet", "langSec"}) if name(s) in ("langSet", "langSec")]


def best(blocks, wanted, taken):
    fits = [0 if i in taken or not b[1] else fit(wanted, b[0]) for i, b in enumerate(blocks)]
    top = max(fits, default=0)
    return [i for i, f in enumerate(fits) if top and f == top]


def glossary(root, source, target):
    out = {"terms": [], "incomplete": 0, "alternatives": 0, "skipped": 0}
    for entry in entries(root):
        secs = sections(entry)
        langs = [s.get(XML_LANG) or s.get("lang") for s in secs]
        if any(lang is None or not TAG.match(lang.strip()) for lang in langs):
            out["skipped"] += 1
            continue
        blocks = [(lang, terms_of(s), s) for lang, s in zip(langs, secs)]
        src = best(blocks, source, [])
        tgt = best(blocks, target, src)
        targets = [t for i in tgt for t in blocks[i][1]]
        preferred = [t for t, s in targets if s == "preferred"]
        admitted = [t for t, s in targets if s == "admitted"]
        forbidden_all = [t for t, s in targets if s == "forbidden"]
        if not (preferred or admitted) or not src:
            out["incomplete"] += 1
            continue
        rendering = (preferred + admitted)[0]
        variants = []
        for i in src:
            for text, _ in blocks[i][1]:
                if text != rendering and text not in variants:
                    variants.append(text)
        forbidden = []
        for text in forbidden_all:
            if text != rendering and text not in forbidden:
                forbidden.append(text)
        others = {t for t in preferred + admitted if t != rendering and t not in forbidden}
        out["alternatives"] += len(others)
        notes = [space("".join(n.itertext())) for n in entry if name(n) == "note"]
        notes = [n for n in notes if n]
        note = "; ".join(notes) if notes else None
        if note is None:
            candidates = [first_definition(entry)]
            candidates += [first_definition(blocks[i][2]) for i in tgt + src]
            note = next((c for c in candidates if c), None)
        out["terms"].append({"rendering": rendering, "variants": variants, "note": note, "forbidden": forbidden})
    return out


def main():
    if sys.argv[1] == "--languages":
        root = ET.parse(sys.argv[2]).getroot()
        seen = []
        for entry in entries(root):
            for s in sections(entry):
                lang = s.get(XML_LANG) or s.get("lang")
                if lang and lang not in seen:
                    seen.append(lang)
        print("\n".join(seen))
        return
    path, source, target = sys.argv[1:4]
    print(json.dumps(glossary(ET.parse(path).getroot(), source, target), ensure_ascii=False))


main()
