"""Load on `tm serve` over loopback (bench/serve.sh): concurrent clients asking
for suggestions as Weblate asks them, for a bounded time, with and without an
import running; throughput, latency quantiles, errors, and the entries before
and after (no write lost). Only 127.0.0.1 is ever asked.

usage: serve.py TICO19_DIR TM OUT_DIR [CLIENTS] [SECONDS] [UNITS] [UPLOAD]
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


def entries(port):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    c.request("GET", "/api/stats")
    return json.loads(c.getresponse().read())["entries"]


def load(port, queries, clients, seconds, route="/tmserver/ar/en/unit/", answered=None):
    """`clients` threads, each on its own keep-alive connection, for `seconds`,
    asking `route` + each query; `answered` (a list) gets whether each answer
    held a match."""
    times, errors, lock = [], [0], threading.Lock()
    stop = time.monotonic() + seconds

    def client(k):
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        i = k
        while time.monotonic() < stop:
            text = queries[i % len(queries)][:500].replace("\r", " ")
            path = route + quote(text.encode(), safe="")
            started = time.monotonic()
            try:
                c.request("GET", path)
                r = c.getresponse()
                body = r.read()
                found = json.loads(body)
                ok = r.status == 200 and isinstance(found, list)
            except Exception:
                ok = False
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            took = time.monotonic() - started
            with lock:
                if ok:
                    times.append(took)
                    if answered is not None:
                        answered.append(len(found) > 0)
                else:
                    errors[0] += 1
            i += clients

    wall = timed_threads(client, clients)
    ms = [t * 1000 for t in times] or [0.0]
    return {
        "requests": len(times),
        "errors": errors[0],
        "per_second": round(len(times) / wall, 1),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "p99_ms": round(percentile(ms, 99), 2),
    }


def main():
    tico, tm, out = sys.argv[1:4]
    clients = int(sys.argv[4]) if len(sys.argv) > 4 else 50
    seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 60
    units = int(sys.argv[6]) if len(sys.argv) > 6 else 100_000
    # The upload imported during the second phase (100k units: under --max-body).
    upload_units = int(sys.argv[7]) if len(sys.argv) > 7 else min(units, 100_000)
    ps = pairs(tico)
    db = os.path.join(out, "memory.db")
    base = os.path.join(out, "base.tsv")
    write_tsv(base, ps, 0, units, "b")
    subprocess.run([tm, "import", "-q", base], env=tm_env(db), check=True)
    tokens = os.path.join(out, "tokens")
    with open(tokens, "w") as f:
        f.write("bench-0123456789abcdef bench\n")
    os.chmod(tokens, 0o600)
    server = subprocess.Popen(
        # --rate 0: the clients share one address, which the rate limit would slow.
        [tm, "serve", "--listen", "127.0.0.1:0", "--token-file", tokens, "--rate", "0"],
        env=tm_env(db), stderr=subprocess.PIPE, text=True,
    )
    line = server.stderr.readline()
    port = int(line.split("listening on http://127.0.0.1:")[1].split()[0])
    threading.Thread(target=lambda: [None for _ in server.stderr], daemon=True).start()
    # Revised sentences: a word left out of each, so that matches are fuzzy.
    queries = [" ".join(ar.split()[1:]) or ar for ar, _ in ps[:2000]]
    results = {"clients": clients, "seconds": seconds, "memory_entries": entries(port)}
    results["quiet"] = load(port, queries, clients, seconds)
    more = os.path.join(out, "more.tsv")
    write_tsv(more, ps, units, upload_units, "m")
    with open(more, "rb") as f:
        body = f.read()
    before = entries(port)
    imported = {}

    def upload():
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        started = time.monotonic()
        c.request("POST", "/api/import?name=more.tsv", body, {"Authorization": "Bearer bench-0123456789abcdef"})
        r = c.getresponse()
        imported.update(json.loads(r.read()), status=r.status, seconds_total=round(time.monotonic() - started, 1))

    writer = threading.Thread(target=upload)
    writer.start()
    results["with_import"] = load(port, queries, clients, seconds)
    writer.join()
    after = entries(port)
    results["import"] = {k: imported.get(k) for k in ("status", "imported", "skipped", "seconds_total")}
    results["entries_before_after"] = [before, after]
    results["lost_writes"] = before + (imported.get("imported") or 0) - after
    started = time.monotonic()
    server.terminate()
    server.wait(timeout=30)
    results["stop_seconds"] = round(time.monotonic() - started, 2)
    results["exit_status"] = server.returncode
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
