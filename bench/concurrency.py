"""Readers and writers on one memory, as separate tm processes (bench/concurrency.sh).

usage: concurrency.py TICO19_DIR TM OUT_DIR
"""

import json
import os
import subprocess
import sys
import threading
import time

READS = 300
READERS = 3
UNITS = 200_000


def pairs(tico):
    def lines(name):
        with open(os.path.join(tico, name), encoding="utf-8") as f:
            return f.read().split("\n")[:-1]

    return list(zip(lines("tico19.ar"), lines("tico19.en")))


def write_tsv(path, pairs, start, n, tag):
    """n units from `start` on: the pairs in turn, each with its number put in."""
    with open(path, "w", encoding="utf-8") as f:
        f.write("ar\ten\n")
        for i in range(start, start + n):
            ar, en = pairs[i % len(pairs)]
            f.write(f"{ar} ({tag}{i})\t{en} ({tag}{i})\n")


def tm_env(db):
    return dict(os.environ, TM_DB=db, TM_NO_SAMPLE="1", TM_CREATE="1")


def entries(tm, db):
    out = subprocess.run([tm, "stats", "--format", "json"], env=tm_env(db), capture_output=True, check=True)
    return json.loads(out.stdout)["entries"]


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def read_args(kind, i, queries, words):
    if kind == "suggest":
        return ["suggest", "--lines", "--format", "json"], queries[i % len(queries)].encode()
    if kind == "search":
        return ["search", words[i % len(words)], "--format", "json"], b""
    return ["stats", "--format", "json"], b""


def quiet_reads(tm, db, queries, words, n=10):
    """Latency of each kind of read with nothing else running, for comparison."""
    out = {}
    for kind in ("suggest", "search", "stats"):
        out[kind] = []
        for i in range(n):
            args, stdin = read_args(kind, i, queries, words)
            t = time.monotonic()
            subprocess.run([tm, *args], env=tm_env(db), input=stdin, capture_output=True)
            out[kind].append(time.monotonic() - t)
    return out


def reads_during(tm, db, imports, label, pairs):
    """Runs `imports` (lists of files, imported one after the other by one
    process each time) while READERS processes read; prints the figures and
    returns whether every read and import succeeded with nothing lost."""
    queries = [ar for ar, _ in pairs[:200]]
    words = ["فيروس", "المرض", "الصحة", "كورونا", "اللقاح"]
    env = tm_env(db)
    done = threading.Event()
    state = {"import_rc": None, "imported": 0, "seconds": 0.0}

    def importer():
        started = time.monotonic()
        for files in imports:
            r = subprocess.run([tm, "-q", "import", "--format", "json", *files], env=env, capture_output=True)
            if r.returncode != 0:
                state["import_rc"] = r.returncode
                sys.stderr.write(r.stderr.decode())
            state["imported"] += sum(json.loads(l)["imported"] for l in r.stdout.decode().splitlines() if l)
        state["seconds"] = time.monotonic() - started
        state["import_rc"] = state["import_rc"] or 0
        done.set()

    results = []
    lock = threading.Lock()
    counter = iter(range(READS))

    def reader():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            kind = ("suggest", "search", "stats")[i % 3]
            args, stdin = read_args(kind, i, queries, words)
            during = not done.is_set()
            t = time.monotonic()
            r = subprocess.run([tm, *args], env=env, input=stdin, capture_output=True)
            elapsed = time.monotonic() - t
            during = during and not done.is_set()
            # suggest and search exit 1 when they find nothing: that is an answer.
            ok = r.returncode in (0, 1)
            if not ok:
                sys.stderr.write(f"{kind}: exit {r.returncode}: {r.stderr.decode()}")
            with lock:
                results.append((kind, ok, elapsed, during))

    before = entries(tm, db)
    t = threading.Thread(target=importer)
    t.start()
    time.sleep(0.3)  # the import under way
    readers = [threading.Thread(target=reader) for _ in range(READERS)]
    for r in readers:
        r.start()
    for r in readers:
        r.join()
    t.join()
    after = entries(tm, db)
    failures = sum(1 for _, ok, _, _ in results if not ok)
    during = [e for _, ok, e, d in results if d]
    latencies = [e for _, _, e, _ in results]
    line = (
        f"{label}: imported {state['imported']} units in {state['seconds']:.1f} s (exit {state['import_rc']}), "
        f"entries {before} -> {after}; {len(results)} reads, {len(during)} wholly during the import, "
        f"{failures} failures; latency p50 {percentile(latencies, 50) * 1000:.0f} ms, "
        f"p99 {percentile(latencies, 99) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
    )
    if during:
        line += f" (during the import: p50 {percentile(during, 50) * 1000:.0f} ms, p99 {percentile(during, 99) * 1000:.0f} ms)"
    print(line, flush=True)
    quiet = quiet_reads(tm, db, queries, words)
    for kind in ("suggest", "search", "stats"):
        ks = [e for k, _, e, _ in results if k == kind]
        print(
            f"    {kind}: {len(ks)} reads, p50 {percentile(ks, 50) * 1000:.0f} ms, "
            f"p99 {percentile(ks, 99) * 1000:.0f} ms; with no import, on the memory after it: "
            f"p50 {percentile(quiet[kind], 50) * 1000:.0f} ms"
        )
    return failures == 0 and state["import_rc"] == 0 and after - before == state["imported"] == UNITS


def together(tm, db, out, pairs):
    """Two imports of 100k units started at the same moment."""
    files = []
    for tag in ("x", "y"):
        path = os.path.join(out, f"together-{tag}.tsv")
        write_tsv(path, pairs, 0, UNITS // 2, tag)
        files.append(path)
    env = tm_env(db)
    before = entries(tm, db)
    started = time.monotonic()
    procs = [
        subprocess.Popen([tm, "-q", "import", "--format", "json", f], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for f in files
    ]
    outs = [p.communicate() for p in procs]
    seconds = time.monotonic() - started
    imported = [sum(json.loads(l)["imported"] for l in o.decode().splitlines() if l) for o, _ in outs]
    after = entries(tm, db)
    codes = [p.returncode for p in procs]
    for (_, err), code in zip(outs, codes):
        if code:
            sys.stderr.write(err.decode())
    print(
        f"two imports together: exit {codes}, imported {imported}, entries {before} -> {after} "
        f"({'nothing lost' if after - before == sum(imported) == UNITS else 'LOST'}), {seconds:.1f} s",
        flush=True,
    )
    return codes == [0, 0] and after - before == UNITS


def main():
    tico, tm, out = sys.argv[1:4]
    plain = pairs(tico)
    ok = True
    # One large file.
    db = os.path.join(out, "one-file.db")
    big = os.path.join(out, "big.tsv")
    write_tsv(big, plain, 0, UNITS, "")
    print(f"one file: {os.path.getsize(big) / 1e6:.0f} MB", flush=True)
    ok &= reads_during(tm, db, [[big]], "one file of 200k units", plain)
    # Many small files, one import each.
    db = os.path.join(out, "small-files.db")
    small = []
    for k in range(50):
        path = os.path.join(out, f"small-{k:02}.tsv")
        write_tsv(path, plain, k * 4000, 4000, "s")
        small.append([path])
    ok &= reads_during(tm, db, small, "50 files of 4k units", plain)
    ok &= together(tm, os.path.join(out, "together.db"), out, plain)
    sys.exit(0 if ok else 1)


def timed_threads(target, n):
    """Runs `target(k)` on n threads at once; the seconds until all are done."""
    threads = [threading.Thread(target=target, args=(k,)) for k in range(n)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.monotonic() - started


if __name__ == "__main__":
    main()
