"""Two `tm serve` on one memory (bench/serve_pair.sh): CLIENTS concurrent
clients spread over both, each asking for suggestions as Weblate asks them and,
one request in WRITE_EVERY, storing a unit of its own through the tmserver
store route, for SECONDS; then every unit stored is looked up through the
*other* server (a write through one is seen by the other) and the entries are
counted (no write lost). The same run on a PostgreSQL memory and on a SQLite
file, one after the other, so that their figures are side by side. Only
127.0.0.1 is ever asked.

usage: serve_pair.py TICO19_DIR TM OUT_DIR POSTGRES_URL [CLIENTS] [SECONDS] [UNITS]
"""

import http.client
import json
import os
import subprocess
import sys
import threading
import time
from urllib.parse import quote

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from concurrency import pairs, percentile, timed_threads, tm_env, write_tsv  # noqa: E402  (the same units)

TOKEN = "bench-0123456789abcdef"
WRITE_EVERY = 10


def start(tm, db, tokens):
    server = subprocess.Popen(
        # --rate 0: the clients share one address, which the rate limit would slow.
        [tm, "serve", "--listen", "127.0.0.1:0", "--token-file", tokens, "--rate", "0"],
        env=tm_env(db), stderr=subprocess.PIPE, text=True,
    )
    line = server.stderr.readline()
    port = int(line.split("listening on http://127.0.0.1:")[1].split()[0])
    errors = []
    threading.Thread(target=lambda: [errors.append(l) for l in server.stderr if '"status":5' in l], daemon=True).start()
    return server, port, errors


def get(port, path):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", path)
    r = c.getresponse()
    return r.status, json.loads(r.read())


def summary(ms):
    ms = ms or [0.0]
    return {"n": len(ms), "p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2),
            "p99_ms": round(percentile(ms, 99), 2)}


def load(ports, queries, clients, seconds):
    reads, writes, stored, errors, lock = [], [], [], [0], threading.Lock()
    stop = time.monotonic() + seconds

    def client(k):
        port = ports[k % len(ports)]
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        i = 0
        while time.monotonic() < stop:
            i += 1
            write = i % WRITE_EVERY == 0
            started = time.monotonic()
            try:
                if write:
                    source = f"{queries[(k * 7 + i) % len(queries)]} (w{k}-{i})"
                    target = f"written by client {k}, request {i}"
                    body = json.dumps([{"source": source, "target": target}]).encode()
                    c.request("POST", "/tmserver/ar/en/store/", body,
                              {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"})
                else:
                    text = queries[(k + i * clients) % len(queries)][:500]
                    c.request("GET", "/tmserver/ar/en/unit/" + quote(text.encode(), safe=""))
                r = c.getresponse()
                answer = json.loads(r.read())
                ok = r.status == 200 and (write or isinstance(answer, list))
            except Exception:
                ok = False
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            took = (time.monotonic() - started) * 1000
            with lock:
                if not ok:
                    errors[0] += 1
                elif write:
                    writes.append(took)
                    stored.append((port, source, target))
                else:
                    reads.append(took)

    wall = timed_threads(client, clients)
    return {"per_second": round((len(reads) + len(writes)) / wall, 1), "suggest": summary(reads),
            "store": summary(writes), "all": summary(reads + writes), "errors": errors[0]}, stored


def run(tm, db, out, units, ps, clients, seconds):
    base = os.path.join(out, "base.tsv")
    write_tsv(base, ps, 0, units, "b")
    started = time.monotonic()
    subprocess.run([tm, "import", "-q", base], env=tm_env(db), check=True)
    import_seconds = round(time.monotonic() - started, 2)
    tokens = os.path.join(out, "tokens")
    with open(tokens, "w") as f:
        f.write(f"{TOKEN} bench\n")
    os.chmod(tokens, 0o600)
    servers = [start(tm, db, tokens) for _ in range(2)]
    ports = [s[1] for s in servers]
    before = get(ports[0], "/api/stats")[1]["entries"]
    queries = [" ".join(ar.split()[1:]) or ar for ar, _ in ps[:2000]]
    results, stored = load(ports, queries, clients, seconds)
    after = [get(p, "/api/stats")[1]["entries"] for p in ports]
    # Every unit stored, asked for through the other server: found, with its target.
    unseen = 0
    for port, source, target in stored:
        other = ports[1 - ports.index(port)]
        status, found = get(other, "/tmserver/ar/en/unit/" + quote(source.encode(), safe=""))
        if status != 200 or not any(m["target"] == target and m["quality"] == 100 for m in found):
            unseen += 1
    for server, _, _ in servers:
        server.terminate()
        server.wait(timeout=30)
    results.update({
        "import_seconds": import_seconds,
        "entries_before": before,
        "entries_after_each_server": after,
        "stored": len(stored),
        "lost_writes": before + len(stored) - min(after),
        "stored_not_found_through_the_other_server": unseen,
        "server_errors_logged": sum(len(s[2]) for s in servers),
        "exit_statuses": [s[0].returncode for s in servers],
    })
    return results


def main():
    tico, tm, out, url = sys.argv[1:5]
    clients = int(sys.argv[5]) if len(sys.argv) > 5 else 50
    seconds = float(sys.argv[6]) if len(sys.argv) > 6 else 60
    units = int(sys.argv[7]) if len(sys.argv) > 7 else 20_000
    ps = pairs(tico)
    results = {"clients": clients, "seconds": seconds, "units": units, "write_every": WRITE_EVERY}
    for name, db in [("postgresql", url), ("sqlite", os.path.join(out, "memory.db"))]:
        results[name] = run(tm, db, out, units, ps, clients, seconds)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
