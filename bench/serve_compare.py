"""What the load figures of `tm serve` compare with (bench/serve.sh, after
serve.py, on the memory it leaves): the same requests answered

1. in one process, `tm suggest --lines` on the queries (one thread, then every
   core), beside `tm serve` with one client and with CLIENTS: the server's
   overhead as a ratio;
2. by Debian's `tmserver` (translate-toolkit, its own SQLite store, the same
   entries put in through its library) over HTTP, beside `tm serve` on a memory
   of the same SMALL entries. Debian's tmserver answers `[]` to every Arabic
   query over HTTP (its WSGI server hands the path on as Latin-1, so the
   Arabic it looks up is not what it stored): that is measured and said, and its
   speed is measured on the same pairs the other way round, English queries
   against an English-to-Arabic store, where it answers.

Only 127.0.0.1 is ever asked. Prints one JSON object.

usage: serve_compare.py TICO19_DIR TM OUT_DIR [CLIENTS] [SECONDS] [SMALL]
       serve_compare.py --tmdb DB SOURCE_LANG TARGET_LANG TSV SWAP   (run by Debian's python3)
"""

import json
import os
import socket
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

DEBIAN_PYTHON = "/usr/bin/python3"
TMSERVER = "/usr/bin/tmserver"


def build_tmdb(db, source_lang, target_lang, tsv, swap):
    """Puts a TSV's pairs into a tmdb store through translate-toolkit's own
    library (`TMDB.add_list`, what its `store` route calls)."""
    from translate.storage import tmdb

    store = tmdb.TMDB(db)
    units = []
    with open(tsv, encoding="utf-8") as f:
        next(f)
        for line in f:
            ar, en = line.rstrip("\n").split("\t")
            source, target = (en, ar) if swap == "1" else (ar, en)
            units.append({"source": source, "target": target, "context": ""})
    for at in range(0, len(units), 5000):
        store.add_list(units[at : at + 5000], source_lang, target_lang)
    print(len(units))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, seconds=60):
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port}")


def start_tm_serve(tm, db):
    from concurrency import tm_env

    server = subprocess.Popen(
        [tm, "serve", "--listen", "127.0.0.1:0", "--rate", "0"], env=tm_env(db), stderr=subprocess.PIPE, text=True
    )
    line = server.stderr.readline()
    port = int(line.split("listening on http://127.0.0.1:")[1].split()[0])
    threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
    return server, port


def stop(server):
    server.terminate()
    server.wait(timeout=30)


def in_process(tm, db, queries_file, n, jobs):
    """`tm suggest --lines` on the queries, as the server's tmserver route asks
    (min score 70, 5 matches): queries a second, the process's start and its
    opening of the memory included."""
    from concurrency import tm_env

    started = time.monotonic()
    with open(queries_file, "rb") as f:
        subprocess.run(
            [tm, "suggest", "--lines", "--format", "json", "--min-score", "70", "--max", "5", "-j", str(jobs)],
            env=tm_env(db), stdin=f, stdout=subprocess.DEVNULL, check=False,
        )
    wall = time.monotonic() - started
    return {"jobs": jobs, "queries": n, "seconds": round(wall, 2), "per_second": round(n / wall, 1)}


def with_answers(port, queries, clients, seconds, route):
    from serve import load

    answered = []
    figures = load(port, queries, clients, seconds, route=route, answered=answered)
    figures["answered_with_a_match"] = round(sum(answered) / max(1, len(answered)), 3)
    return figures


def ratio(a, b):
    return round(a / b, 2) if b else None


def main():
    if sys.argv[1] == "--tmdb":
        build_tmdb(*sys.argv[2:7])
        return
    from concurrency import pairs, write_tsv

    tico, tm, out = sys.argv[1:4]
    clients = int(sys.argv[4]) if len(sys.argv) > 4 else 50
    seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 60
    small = int(sys.argv[6]) if len(sys.argv) > 6 else 20_000
    ps = pairs(tico)
    # The requests of serve.py: revised sentences, a word left out of each.
    queries = [" ".join(ar.split()[1:]) or ar for ar, _ in ps[:2000]]
    english = [" ".join(en.split()[1:]) or en for _, en in ps[:2000]]
    queries_file = os.path.join(out, "queries.txt")
    with open(queries_file, "w", encoding="utf-8") as f:
        f.write("".join(q.replace("\n", " ") + "\n" for q in queries))
    results = {"clients": clients, "seconds": seconds}

    # 1. The server's overhead, on serve.py's memory.
    db = os.path.join(out, "memory.db")
    results["in_process"] = [in_process(tm, db, queries_file, len(queries), jobs) for jobs in (1, 2)]
    server, port = start_tm_serve(tm, db)
    from serve import entries

    results["memory_entries"] = entries(port)
    one = with_answers(port, queries, 1, seconds / 2, "/tmserver/ar/en/unit/")
    many = with_answers(port, queries, clients, seconds, "/tmserver/ar/en/unit/")
    stop(server)
    results["tm_serve"] = {"one_client": one, "clients": many}
    results["server_over_in_process"] = {
        "one_client_over_one_thread": ratio(one["per_second"], results["in_process"][0]["per_second"]),
        "clients_over_two_threads": ratio(many["per_second"], results["in_process"][1]["per_second"]),
    }

    # 2. Debian's tmserver, on SMALL entries of its own, beside tm serve on the same.
    if not (os.path.exists(TMSERVER) and os.path.exists(DEBIAN_PYTHON)):
        results["tmserver"] = "not installed (apt-get install translate-toolkit python3-cheroot)"
        print(json.dumps(results, indent=2))
        return
    tsv = os.path.join(out, "small.tsv")
    write_tsv(tsv, ps, 0, small, "b")
    small_db = os.path.join(out, "small.db")
    for made in [small_db] + [os.path.join(out, f"tmserver-{p}.db") for p in ("ar-en", "en-ar")]:
        if os.path.exists(made):
            os.remove(made)
    from concurrency import tm_env

    subprocess.run([tm, "import", "-q", tsv], env=tm_env(small_db), check=True)
    server, port = start_tm_serve(tm, small_db)
    tm_one = with_answers(port, queries, 1, seconds / 2, "/tmserver/ar/en/unit/")
    tm_small = with_answers(port, queries, clients, seconds, "/tmserver/ar/en/unit/")
    stop(server)
    figures = {"entries": small, "tm_serve_arabic": {"one_client": tm_one, "clients": tm_small}}
    for name, (source, target, swap, asked) in {
        "arabic": ("ar", "en", "0", queries),
        "english": ("en", "ar", "1", english),
    }.items():
        tmdb = os.path.join(out, f"tmserver-{source}-{target}.db")
        started = time.monotonic()
        subprocess.run([DEBIAN_PYTHON, __file__, "--tmdb", tmdb, source, target, tsv, swap], check=True,
                       stdout=subprocess.DEVNULL)
        built = round(time.monotonic() - started, 1)
        port = free_port()
        server = subprocess.Popen(
            [TMSERVER, "-d", tmdb, "-b", "127.0.0.1", "-p", str(port), "--min-similarity", "70",
             "--max-candidates", "5"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(port)
        route = f"/tmserver/{source}/{target}/unit/"
        # One client first: its latency is the work of one request; then the
        # clients, of which all but its threads wait (cheroot's pool of 10).
        got = {"store_seconds": built, "one_client": with_answers(port, asked, 1, seconds / 2, route)}
        got["clients"] = with_answers(port, asked, clients, seconds, route)
        stop(server)
        figures[f"tmserver_{name}"] = got
    english = figures["tmserver_english"]
    figures["tm_serve_arabic_over_tmserver_english"] = {
        "one_client": ratio(tm_one["per_second"], english["one_client"]["per_second"]),
        "clients": ratio(tm_small["per_second"], english["clients"]["per_second"]),
    }
    results["tmserver"] = figures
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
