"""kill -9 at random moments of the commands that write (bench/kill.sh).

usage: kill.py SHARED_DIR TM OUT_DIR [TRIALS]

For each operation: a memory is made (the base), the operation run once to its
end on a copy to learn its state after and its duration; then TRIALS times, on a
fresh copy of the base, the operation is started and killed with SIGKILL after a
random delay within its duration; the memory must then pass PRAGMA
integrity_check and equal its state before or after (entries as `tm export
--format tsv` writes them, glossary as `tm glossary export` writes it, entries
per origin). Prints per operation the trials, how many ended in each state, and
any failure.

The operations: a large import (100k TICO-19 pairs in versions as one TMX, whose
index postings are flushed within the transaction), a small import (500 pairs as
TSV), `tm remove --origin` of the large import's entries, `tm glossary import` of
60k names (ISO 3166 in versions), and `tm import --align` of two documents (the UN
development set's first 1,500 lines a side).
"""

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from xml.sax.saxutils import escape


def tm_env():
    return dict(os.environ, TM_NO_SAMPLE="1", TM_CREATE="1", TM_USER="bench")


def run(tm, db, *args, check=True):
    return subprocess.run([tm, "--db", db, "-q", *args], env=tm_env(), capture_output=True, check=check)


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def make_inputs(shared, out):
    tico = os.path.join(shared, "data", "parallel", "tico-19")
    pairs = list(zip(lines(os.path.join(tico, "tico19.ar")), lines(os.path.join(tico, "tico19.en"))))
    files = {}
    big = os.path.join(out, "big.tmx")
    with open(big, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="ar" '
                'creationtool="bench" creationtoolversion="1" segtype="sentence" o-tmf="bench" '
                'adminlang="en" datatype="plaintext"/><body>\n')
        for i in range(100_000):
            ar, en = pairs[i % len(pairs)]
            f.write(f'<tu><tuv xml:lang="ar"><seg>{escape(ar)} ({i})</seg></tuv>'
                    f'<tuv xml:lang="en"><seg>{escape(en)} ({i})</seg></tuv></tu>\n')
        f.write("</body></tmx>\n")
    files["big"] = big
    small = os.path.join(out, "small.tsv")
    with open(small, "w", encoding="utf-8") as f:
        f.write("ar\ten\n")
        for i in range(500):
            ar, en = pairs[(i * 7) % len(pairs)]
            f.write(f"{ar} [{i}]\t{en} [{i}]\n")
    files["small"] = small
    names = lines(os.path.join(shared, "data", "glossary", "iso-codes", "iso_3166-1.en-ar.tsv"))
    rows = [n.split("\t") for n in names[1:] if n.count("\t") >= 1]
    gloss = os.path.join(out, "glossary.tsv")
    with open(gloss, "w", encoding="utf-8") as f:
        f.write("en\tar\n")
        for i in range(60_000):
            en, ar = rows[i % len(rows)][:2]
            f.write(f"{en} {i}\t{ar} {i}\n")
    files["glossary"] = gloss
    un = os.path.join(shared, "data", "parallel", "un-v1.0-testsets")
    for side in ("ar", "en"):
        files[f"doc_{side}"] = os.path.join(out, f"doc.{side}.txt")
        with open(files[f"doc_{side}"], "w", encoding="utf-8") as f:
            f.write("\n".join(lines(os.path.join(un, f"UNv1.0.devset.{side}"))[:1500]) + "\n")
    return files


def state(tm, db):
    """What a memory holds, as its exports say, or why it cannot be read."""
    conn = sqlite3.connect(db)
    try:
        check = conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()
    if check != "ok":
        return f"integrity_check: {check}"
    entries = run(tm, db, "export", "--format", "tsv", check=False)
    glossary = run(tm, db, "glossary", "export", check=False)
    stats = run(tm, db, "stats", "--format", "json", check=False)
    if entries.returncode or glossary.returncode or stats.returncode:
        return "unreadable: " + (entries.stderr + glossary.stderr + stats.stderr).decode()[:300]
    s = json.loads(stats.stdout)
    return (sorted(entries.stdout.split(b"\n")), sorted(glossary.stdout.split(b"\n")), s["entries"],
            s["glossary_terms"], sorted(map(tuple, s["origins"])))


def copy_db(src, dst):
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(dst + suffix):
            os.remove(dst + suffix)
        if os.path.exists(src + suffix):
            shutil.copyfile(src + suffix, dst + suffix)


def operations(tm, files, out):
    """(name, base-maker, arguments of the operation)."""
    def empty(db):
        run(tm, db, "stats")

    def seeded(db):
        run(tm, db, "import", "--origin", "seed", files["small"])

    def with_big(db):
        run(tm, db, "import", "--origin", "seed", files["small"])
        run(tm, db, "import", "--origin", "big", files["big"])

    return [
        ("import (large)", seeded, ["import", "--origin", "big", files["big"]]),
        ("import (small)", seeded, ["import", "--origin", "small", "--on-duplicate", "keep-both", files["small"]]),
        ("remove", with_big, ["remove", "--origin", "big"]),
        ("glossary import", empty, ["glossary", "import", files["glossary"]]),
        ("import --align", seeded, ["import", "--source", files["doc_ar"], "--target", files["doc_en"], "--align"]),
    ]


def main():
    shared, tm, out = sys.argv[1], sys.argv[2], sys.argv[3]
    trials = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    rng = random.Random(int(os.environ.get("KILL_SEED", "0")) or None)
    files = make_inputs(shared, out)
    failed = 0
    for name, make_base, args in operations(tm, files, out):
        base = os.path.join(out, "base.db")
        copy_db(os.path.join(out, "none"), base)
        make_base(base)
        before = state(tm, base)
        work = os.path.join(out, "work.db")
        copy_db(base, work)
        t = time.monotonic()
        done = run(tm, work, *args, check=False)
        duration = time.monotonic() - t
        if done.returncode not in (0, 3):
            print(f"{name}: the operation fails: {done.stderr.decode()[:300]}")
            failed += 1
            continue
        after = state(tm, work)
        counts = {"before": 0, "after": 0, "neither": 0}
        for trial in range(trials):
            copy_db(base, work)
            delay = rng.uniform(0.02, duration * 1.05)
            child = subprocess.Popen([tm, "--db", work, "-q", *args], env=tm_env(),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            child.send_signal(signal.SIGKILL)
            child.wait()
            got = state(tm, work)
            if got == before:
                counts["before"] += 1
            elif got == after:
                counts["after"] += 1
            else:
                counts["neither"] += 1
                failed += 1
                what = got if isinstance(got, str) else "a state neither before nor after"
                print(f"  {name}: trial {trial + 1}, killed after {delay:.2f} s: {what}")
        clean = counts["before"] + counts["after"]
        print(f"{name:16} {duration:6.1f} s  {clean}/{trials} clean "
              f"({counts['before']} before, {counts['after']} after, {counts['neither']} neither)", flush=True)
    sys.exit(1 if failed else 0)


main()
