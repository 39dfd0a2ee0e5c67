"""Benchmark: each request kind against a ceiling, on PostgreSQL with 100,000 agreements.

    .venv/bin/python bench/bench.py                 # or: make bench
    .venv/bin/python bench/bench.py --duration 5    # shorter runs
    .venv/bin/python bench/bench.py --only api_list,api_detail

What it does, in order:

1. PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/accords_bench):
   creates the database if missing, migrates, and seeds it once with
   `seed_synthetic --agreements 100000 --parties 20000 --seed 1` and `load_demo` (reused
   when already seeded), collects the static files, and analyses the tables.
2. Picks the addresses from the data: the party whose page shows closest to 5,000
   agreements (its sub-entities' included), the two parties that share the most agreements
   with a sector they share, and so on.
3. Counts the SQL queries of each request kind once (Django's test client and
   CaptureQueriesContext, in a subprocess with the server's settings).
4. Measures the bare ceiling: the ceiling view (a precomputed 60 KB JSON body) on a Django
   with no middleware, apps or database (bench/bare_ceiling.py), the fastest any Django view
   answers here; first, and again after every other kind (step 5), since the machine's
   speed drifts during a run. Every ratio and verdict is to the mean of the two.
5. Starts gunicorn (2 sync workers) on 127.0.0.1 with production settings, the API's anonymous
   throttle off (API_ANON_RATE=off) and the bench-only ceiling view (BENCH_CEILING=1), which
   is measured again through the site's whole middleware ("site ceiling"). Each kind is
   fetched once (must answer 200), warmed for --warmup seconds, then measured by wrk
   (8 connections, 2 threads) for --duration seconds. First without the anonymous response cache (RESPONSE_CACHE=off),
   then again with it on (Redis), for the repeated anonymous reads.
6. Streams the full CSV export of the agreements once and reports the time to its first
   byte, its duration and the worker's peak memory growth (VmHWM, reset before).
7. Prints the table (req/s, p50, p99, SQL queries per request, ratio to the ceiling,
   non-2xx count, target and verdict) and the workers' memory, as Markdown for the README.

Traffic goes to 127.0.0.1 only, and every run stops by itself.
"""

import argparse
import contextlib
import http.client
import json
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import common
import psycopg
from common import HOST, PYTHON, ROOT, manage, synthetic_counts

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/accords_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
AGREEMENTS, PARTIES = 100_000, 20_000

#: kind → (minimum share of the ceiling, maximum p99 in ms or None); None: no target.
TARGETS = {
    "ceiling": None,
    "api_list": (0.04, None),
    "api_filtered": (0.027, 50),
    "api_detail": (0.17, None),
    "api_search": (0.027, 100),
    "page_list": (0.03, None),
    "page_party": (0.03, None),
}
CACHED_TARGET = (0.50, None)

LUA = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "status": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "timeout": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""

# Run in a subprocess with the server's environment: SQL queries of one GET per kind.
QUERY_COUNTER = r"""
import json, sys
import django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1")
counts = {}
for kind, path in json.loads(sys.argv[1]).items():
    client.get(path)  # warm: ContentTypes, site caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if hasattr(response, "streaming_content"):
            for _ in response.streaming_content:
                pass
    counts[kind] = {"queries": len(queries), "status": response.status_code}
print("COUNTS " + json.dumps(counts))
"""


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def server_env(database_url, redis_url, *, response_cache):
    return common.server_env(
        database_url,
        DATABASE_POOL="1",  # psycopg's pool (CONN_MAX_AGE stays 0 with it)
        CONN_MAX_AGE="0",
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=f"accords-bench-{secrets.token_hex(4)}",
        RESPONSE_CACHE="on" if response_cache else "off",
        BENCH_CEILING="1",
        LOG_LEVEL="WARNING",
    )


def ensure_database(database_url):
    common.ensure_database(database_url, log)


def prepare_data(env, database_url):
    ensure_database(database_url)
    manage(env, "migrate", "--no-input", "-v", "0")
    if synthetic_counts(database_url) == (AGREEMENTS, PARTIES):
        log(f"data already there ({AGREEMENTS} agreements, {PARTIES} parties)")
    else:
        log(f"seeding {AGREEMENTS} agreements and {PARTIES} parties")
        started = time.monotonic()
        manage(
            env,
            "seed_synthetic",
            "--agreements",
            str(AGREEMENTS),
            "--parties",
            str(PARTIES),
            "--seed",
            "1",
            "--clear",
        )
        manage(env, "load_demo", "-v", "0")
        log(f"seeded in {time.monotonic() - started:.0f} s")
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")
    manage(env, "collectstatic", "--no-input", "-v", "0")


def addresses(database_url):
    """One address per request kind, chosen from the data (the same on every run)."""
    with psycopg.connect(database_url) as connection:

        def one(sql, *params):
            return connection.execute(sql, params).fetchone()

        # The page lists the agreements of the party and of its sub-entities (ministries,
        # agencies: Party.descendant_ids), as a reader sees them: the party whose page shows
        # closest to 5,000, among the parties at the top of a tree.
        (party_slug,) = one(
            """WITH RECURSIVE tree AS (
                   SELECT id AS root, id FROM parties_party
                   WHERE parent_id IS NULL AND publication = 'published'
                   UNION ALL
                   SELECT tree.root, child.id FROM tree
                   JOIN parties_party child ON child.parent_id = tree.id)
               SELECT p.slug FROM tree
               JOIN agreements_participation pa
                 ON pa.party_id = tree.id OR pa.representative_id = tree.id
               JOIN agreements_agreement a
                 ON a.id = pa.agreement_id AND a.publication = 'published'
               JOIN parties_party p ON p.id = tree.root
               GROUP BY p.slug ORDER BY abs(count(DISTINCT a.id) - 5000), p.slug LIMIT 1"""
        )
        first, second = one(
            """WITH top AS (SELECT party_id FROM agreements_participation
                            GROUP BY party_id ORDER BY count(*) DESC LIMIT 30)
               SELECT a.slug, b.slug FROM agreements_participation x
               JOIN agreements_participation y
                 ON y.agreement_id = x.agreement_id AND y.party_id > x.party_id
               JOIN parties_party a ON a.id = x.party_id JOIN parties_party b ON b.id = y.party_id
               WHERE x.party_id IN (SELECT party_id FROM top)
                 AND y.party_id IN (SELECT party_id FROM top)
                 AND a.publication = 'published' AND b.publication = 'published'
               GROUP BY a.slug, b.slug ORDER BY count(*) DESC, a.slug LIMIT 1"""
        )
        (sector_slug,) = one(
            """SELECT s.slug FROM agreements_sector s
               JOIN agreements_agreement_sectors j ON j.sector_id = s.id
               JOIN agreements_participation x ON x.agreement_id = j.agreement_id
               JOIN parties_party a ON a.id = x.party_id AND a.slug = %s
               JOIN agreements_participation y ON y.agreement_id = j.agreement_id
               JOIN parties_party b ON b.id = y.party_id AND b.slug = %s
               GROUP BY s.slug ORDER BY count(*) DESC, s.slug LIMIT 1""",
            first,
            second,
        )
        (detail_slug,) = one(
            """SELECT a.slug FROM agreements_agreement a
               WHERE a.publication = 'published' AND a.slug = 'hd-hhi-sima-submarine-mou-2024'
               UNION ALL (SELECT slug FROM agreements_agreement
                          WHERE publication = 'published' ORDER BY id LIMIT 1) LIMIT 1"""
        )
    filtered = (
        f"/api/v1/agreements/?party={first}&party={second}&sector={sector_slug}"
        "&signed_after=2000-01-01&signed_before=2024-12-31&page_size=50"
    )
    return {
        "ceiling": "/bench/ceiling/",
        "api_list": "/api/v1/agreements/?page_size=50",
        "api_filtered": filtered,
        "api_detail": f"/api/v1/agreements/{detail_slug}/",
        "api_search": "/api/v1/search/?q=korea",
        "page_list": "/agreements/",
        "page_party": f"/parties/{party_slug}/",
    }


def count_queries(env, paths):
    result = subprocess.run(  # noqa: S603 - our own script
        [PYTHON, "-c", QUERY_COUNTER, json.dumps(paths)],
        cwd=ROOT,
        # A cold request: the count cache off, so the count query is counted too.
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings", "COUNT_CACHE": "0"},
        check=True,
        capture_output=True,
        text=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("COUNTS "))
    return json.loads(line.removeprefix("COUNTS "))


def free_port():
    """A port nobody listens on (another server answering /healthz would fool the bench)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def get(port, path, timeout=60):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def wait_until_up(port, master, path, deadline=60):
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        if master.poll() is not None:
            sys.exit(f"gunicorn exited with {master.returncode}; see its log")
        try:
            if get(port, path, timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    sys.exit(f"gunicorn did not answer {path} in time")


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [int(pid) for pid in children]


def proc_status_mb(pid, field):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def wrk(port, path, seconds, lua_path, connections):
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(lua_path),
        f"http://{HOST}:{port}{path}",
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    data = json.loads(line.removeprefix("RESULT "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["errors"] = sum(data[key] for key in ("connect", "read", "write", "timeout"))
    return data


class Server:
    def __init__(self, env, workdir, port, *, name, health="/healthz"):
        self.env, self.port, self.name, self.health = env, port, name, health
        self.log_path = workdir / f"gunicorn-{name}.log"

    def __enter__(self):
        command = [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi:application",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--timeout",
            "300",  # the full CSV export is one long response
            "--log-level",
            "warning",
            "--pythonpath",
            str(ROOT / "bench"),  # bare_ceiling
        ]
        self.log_file = self.log_path.open("w")
        self.master = subprocess.Popen(  # noqa: S603 - our own gunicorn
            command, cwd=ROOT, env=self.env, stdout=self.log_file, stderr=subprocess.STDOUT
        )
        wait_until_up(self.port, self.master, self.health)
        return self

    def __exit__(self, *exc):
        self.master.send_signal(signal.SIGTERM)
        try:
            self.master.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.master.kill()
        self.log_file.close()

    def workers(self):
        return worker_pids(self.master.pid)


def measure(server, kinds, paths, args, lua_path, *, label=""):
    rows = {}
    for kind in kinds:
        path = paths[kind]
        status, _ = get(server.port, path)
        if status != 200:
            sys.exit(f"{path} answered {status} (log: {server.log_path})")
        wrk(server.port, path, args.warmup, lua_path, args.connections)
        rows[kind] = wrk(server.port, path, args.duration, lua_path, args.connections)
        r = rows[kind]
        log(
            f"{label}{kind:<14} {r['rps']:8.0f} req/s  p50 {r['p50_us'] / 1000:6.1f} ms  "
            f"p99 {r['p99_us'] / 1000:6.1f} ms  non-2xx {r['status']}  errors {r['errors']}"
        )
    return rows


def csv_export(server):
    """Stream the full CSV export once: time to first byte, duration, rows, peak growth."""
    workers = server.workers()
    before = {}
    for pid in workers:
        with contextlib.suppress(OSError):  # reset VmHWM to the current RSS
            Path(f"/proc/{pid}/clear_refs").write_text("5")
        before[pid] = proc_status_mb(pid, "VmRSS")
    connection = http.client.HTTPConnection(HOST, server.port, timeout=300)
    started = time.monotonic()
    connection.request("GET", "/api/v1/agreements/?format=csv")
    response = connection.getresponse()
    first = response.read(1)
    first_byte = time.monotonic() - started
    lines, failure = first.count(b"\n"), ""
    try:
        while chunk := response.read(1 << 16):
            lines += chunk.count(b"\n")
    except (OSError, http.client.HTTPException) as error:
        failure = f"cut off ({type(error).__name__})"
    duration = time.monotonic() - started
    connection.close()
    growth = max(proc_status_mb(pid, "VmHWM") - before[pid] for pid in workers)
    return {
        "status": response.status,
        "failure": failure,
        "first_byte_s": first_byte,
        "duration_s": duration,
        "lines": lines,
        "peak_growth_mb": growth,
    }


def verdict(kind, row, ceiling_rps, target):
    if target is None:
        return "", ""
    share, p99 = target
    text = f"≥ {share * 100:g} %" + (f", p99 ≤ {p99} ms" if p99 else "")
    ok = row["rps"] >= share * ceiling_rps and (p99 is None or row["p99_us"] / 1000 <= p99)
    ok = ok and row["status"] == 0 and row["errors"] == 0
    return text, "met" if ok else "NOT met"


def table(results, counts, paths, ceiling_rps):
    lines = [
        "| kind | address | req/s | p50 ms | p99 ms | SQL/req | of ceiling | non-2xx | target | |",
        "|---|---|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for label, kind, row, target in results:
        text, ok = verdict(kind, row, ceiling_rps, target)
        sql = counts.get(kind, {}).get("queries", "")
        sql = 0 if label == "cached " else sql
        name = f"{label}{kind}"
        if kind == "ceiling":  # labels "bare (first) ", "bare (last) ", "" (site)
            name = f"bare ceiling {label.split()[1]}" if label else "site ceiling"
            sql = "" if label else sql
        lines.append(
            f"| {name} | `{paths[kind]}` | {row['rps']:,.0f} | {row['p50_us'] / 1000:.1f} "
            f"| {row['p99_us'] / 1000:.1f} | {sql} | {row['rps'] / ceiling_rps * 100:.1f} % "
            f"| {row['status'] + row['errors']} | {text} | {ok} |"
        )
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per kind (10)")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of warm-up (2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk connections (8)")
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--only", default="", help="comma-separated kinds")
    parser.add_argument("--no-cached", action="store_true", help="skip the cached runs")
    parser.add_argument("--no-csv", action="store_true", help="skip the CSV export")
    args = parser.parse_args()
    args.port = args.port or free_port()

    database_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL)
    env = server_env(database_url, redis_url, response_cache=False)
    prepare_data(env, database_url)
    paths = addresses(database_url)
    kinds = [k for k in TARGETS if not args.only or k in args.only.split(",") or k == "ceiling"]
    log("counting SQL queries per request")
    counts = count_queries(env, {k: paths[k] for k in kinds})
    for kind, count in counts.items():
        if count["status"] != 200:
            sys.exit(f"{paths[kind]} answered {count['status']} to the test client")

    lua = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)  # noqa: SIM115
    lua.write(LUA)
    lua.close()
    lua_path = Path(lua.name)
    workdir = Path(tempfile.mkdtemp(prefix="accords-bench-"))
    results, memory, export = [], [], None
    bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bare_ceiling"}

    def bare_ceiling(label):
        with Server(bare_env, workdir, args.port, name="bare", health=paths["ceiling"]) as server:
            return measure(server, ["ceiling"], paths, args, lua_path, label=label)["ceiling"]

    bare_first = bare_ceiling("bare (first) ")
    with Server(env, workdir, args.port, name="plain") as server:
        rows = measure(server, kinds, paths, args, lua_path)
        results += [("", kind, rows[kind], TARGETS[kind]) for kind in kinds]
        memory += [proc_status_mb(pid, "VmRSS") for pid in server.workers()]
        if not args.no_csv:
            log("streaming the full CSV export")
            export = csv_export(server)
    if not args.no_cached:
        cached_env = server_env(database_url, redis_url, response_cache=True)
        with Server(cached_env, workdir, args.port, name="cached") as server:
            cached = [k for k in kinds if k != "ceiling"]
            rows = measure(server, cached, paths, args, lua_path, label="cached ")
            results += [("cached ", kind, rows[kind], CACHED_TARGET) for kind in cached]
            memory += [proc_status_mb(pid, "VmRSS") for pid in server.workers()]
    bare_last = bare_ceiling("bare (last) ")
    lua_path.unlink()

    # The machine's speed drifts over a run (the bare view is the most sensitive to it):
    # every ratio is to the mean of the bare ceiling measured first and last.
    results[:0] = [("bare (first) ", "ceiling", bare_first, None)]
    results.append(("bare (last) ", "ceiling", bare_last, None))
    ceiling_rps = (bare_first["rps"] + bare_last["rps"]) / 2
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    print()
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC — {os.cpu_count()} cores ({cpu}), "
        f"{platform.system()} {platform.release()}, PostgreSQL, {AGREEMENTS:,} agreements; "
        f"gunicorn 2 sync workers, wrk {args.connections} connections, "
        f"{args.warmup} s warm-up + {args.duration} s per kind."
    )
    print()
    print(table(results, counts, paths, ceiling_rps))
    print()
    print(
        f"Ceiling for the ratios: {ceiling_rps:,.0f} req/s (mean of the bare ceiling first and last)."
    )
    print()
    print(f"Worker memory after the runs: max {max(memory):.0f} MB RSS (target < 250 MB).")
    if export:
        print(
            f"CSV export of every agreement: status {export['status']} {export['failure']}, "
            f"{export['lines']:,} "
            f"lines, first byte after {export['first_byte_s']:.2f} s (target < 1 s), "
            f"done in {export['duration_s']:.1f} s, peak RSS growth "
            f"{export['peak_growth_mb']:.0f} MB (target < 50 MB)."
        )
    print(f"(gunicorn logs in {workdir})")


if __name__ == "__main__":
    main()
