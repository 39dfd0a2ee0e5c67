"""Load test: the production stack on this machine, saturated for a bounded time.

    .venv/bin/python bench/load.py                 # or: make load
    .venv/bin/python bench/load.py --duration 20 --connections 16

What it does, in order:

1. PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/accords_load):
   creates the database if need be, migrates, loads the demo and
   `seed_synthetic --agreements 20000 --parties 4000 --seed 1` (kept between runs when
   the counts match) and analyses the tables; then collects the static files.
2. gunicorn with 2 sync workers on 127.0.0.1 with production settings (DEBUG off,
   whitenoise, JSON request logs to a file), the API's anonymous throttle turned off
   (`API_ANON_RATE=off`: a load test from one address would otherwise measure 429s).
   No `--max-requests`, so a leak would show as growth of the same two processes.
3. Every address of the mix is fetched once (each must answer 200) — the warm-up —
   then the workers' resident memory (RSS) is read from /proc.
4. `wrk` (Debian's; installed with apt when missing and run as root) drives it for
   `--duration` seconds (60) with `--connections` (8) keep-alive connections over two
   threads, cycling through a fixed mix of page and API reads: home, lists with filters
   and pages, agreement, party, relationship, event and sector pages, search; API lists,
   details, filters and search.
5. It prints requests, errors (connection errors, timeouts and any non-2xx/3xx
   answer), requests per second, p50/p99 latency and the workers' RSS before and after,
   stops gunicorn, and exits non-zero if there was any error, a worker was replaced, or
   the workers grew by 50 MB or more.

Traffic goes to 127.0.0.1 only, and every run stops by itself.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import common
import psycopg
from common import HOST, PYTHON, ROOT, manage, synthetic_counts

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/accords_load"
MAX_GROWTH_MB = 50

LUA = r"""
local paths = {PATHS}
local counter = 0
local thread_index = 0
local threads = {}

setup = function(thread)
  thread:set("offset", thread_index * 7)
  thread_index = thread_index + 1
  table.insert(threads, thread)
end

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[((counter + offset) % #paths) + 1], {["Accept-Encoding"] = "gzip"})
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, ' ..
    '"max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
"""


def log(message):
    print(f"[load] {message}", flush=True)


def server_env(database_url):
    return common.server_env(database_url, CONN_MAX_AGE="60")


def ensure_database(database_url):
    common.ensure_database(database_url, log)


def prepare_data(env, database_url, *, agreements, parties):
    ensure_database(database_url)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "load_demo", "-v", "0")
    if synthetic_counts(database_url) == (agreements, parties):
        log(f"synthetic data already there ({agreements} agreements, {parties} parties)")
    else:
        log(f"seeding {agreements} synthetic agreements and {parties} parties")
        manage(
            env,
            "seed_synthetic",
            "--agreements",
            str(agreements),
            "--parties",
            str(parties),
            "--seed",
            "1",
            "--clear",
        )
    # Fresh bulk inserts have no planner statistics yet; a live database would.
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def address_mix(database_url):
    """A fixed mix of public page and API reads (about 3 pages for 2 API calls)."""
    with psycopg.connect(database_url) as connection:

        def column(sql):
            return [row[0] for row in connection.execute(sql).fetchall()]

        agreements = column(
            "SELECT slug FROM agreements_agreement WHERE publication = 'published' "
            "ORDER BY slug LIMIT 40"
        )
        # Busy parties (states with thousands of agreements) and quiet ones.
        busy = column(
            "SELECT p.slug FROM parties_party p JOIN agreements_participation pa "
            "ON pa.party_id = p.id WHERE p.publication = 'published' "
            "GROUP BY p.slug ORDER BY count(*) DESC, p.slug LIMIT 6"
        )
        quiet = column(
            "SELECT slug FROM parties_party WHERE publication = 'published' ORDER BY slug LIMIT 20"
        )
        events = column("SELECT slug FROM agreements_event ORDER BY slug LIMIT 10")
        sectors = column("SELECT slug FROM agreements_sector ORDER BY slug LIMIT 8")

    pages = ["/", "/agreements/", "/parties/", "/events/", "/sectors/"]
    pages += [f"/agreements/?page={n}" for n in (2, 17, 250)]
    pages += ["/agreements/?kind=mou&ordering=-signed_on", "/agreements/?country=PE"]
    pages += [f"/agreements/{slug}/" for slug in agreements[:20]]
    pages += [f"/parties/{slug}/" for slug in busy[:3] + quiet[:8]]
    pages += [
        f"/parties/{busy[0]}/with/{busy[1]}/",
        "/parties/republic-of-korea/with/republic-of-peru/",
    ]
    pages += [f"/events/{slug}/" for slug in events[:4]]
    pages += [f"/sectors/{slug}/" for slug in sectors[:3]]
    pages += ["/search/?q=peru", "/search/?q=submarine", "/search/?q=minerals", "/search/?q=KAI"]
    pages += ["/feeds/agreements/"]

    api = ["/api/v1/agreements/", "/api/v1/parties/", "/api/v1/events/", "/api/v1/sectors/"]
    api += ["/api/v1/agreements/?page=30", "/api/v1/agreements/?party=republic-of-peru"]
    api += ["/api/v1/agreements/?kind=contract&ordering=-value_amount", "/api/v1/sources/"]
    api += [f"/api/v1/agreements/{slug}/" for slug in agreements[20:32]]
    api += [f"/api/v1/parties/{slug}/" for slug in busy[3:] + quiet[8:14]]
    api += ["/api/v1/parties/?q=minist", "/api/v1/search/?q=korea", "/api/v1/search/?q=energy"]
    # Interleave so that every stretch of the run mixes both kinds.
    mix, api_iter = [], iter(api)
    for index, page in enumerate(pages):
        mix.append(page)
        if index % 3 != 2:
            mix.append(next(api_iter, None) or api[index % len(api)])
    return mix


def ensure_wrk():
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        sys.exit("wrk is not installed: apt-get install wrk (as root), then run again.")
    log("installing wrk with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)  # noqa: S607
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, env=env)  # noqa: S607
    return shutil.which("wrk") or sys.exit("wrk could not be installed")


def fetch(url, timeout=30):
    """GET an address of the server we started on 127.0.0.1."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        response.read()
        return response.status


def free_port(requested):
    """The requested port if nothing listens there, or any free one (0): never another
    server that happens to listen on the same port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, requested))
        except OSError:
            sys.exit(f"port {requested} on {HOST} is taken: choose another with --port")
        return probe.getsockname()[1]


def wait_until_up(base, master, deadline=60):
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        if master.poll() is not None:
            sys.exit(f"gunicorn exited with {master.returncode}; see its log")
        try:
            if fetch(f"{base}/healthz", timeout=2) == 200:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    sys.exit("gunicorn did not answer /healthz in time")


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return sorted(int(pid) for pid in children)


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run(args):
    database_url = os.environ.get("LOAD_DATABASE_URL") or DEFAULT_DATABASE_URL
    if not database_url.startswith("postgres"):
        sys.exit("The load test runs on PostgreSQL: set LOAD_DATABASE_URL=postgres://…")
    wrk = ensure_wrk()
    env = server_env(database_url)
    if not args.skip_setup:
        prepare_data(env, database_url, agreements=args.agreements, parties=args.parties)
    manage(env, "collectstatic", "--no-input", "-v", "0")  # whitenoise's manifest, for this code
    mix = address_mix(database_url)

    port = free_port(args.port)
    base = f"http://{HOST}:{port}"
    workdir = Path(tempfile.mkdtemp(prefix="accords-load-"))
    server_log = workdir / "gunicorn.log"
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "config.wsgi",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        "2",
        "--timeout",
        "30",
    ]
    log(f"starting: {' '.join(command)} (log: {server_log})")
    with server_log.open("w") as log_file:
        master = subprocess.Popen(  # noqa: S603 - our own gunicorn
            command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT
        )
    try:
        wait_until_up(base, master)
        pids = worker_pids(master.pid)
        booted = {pid: rss_mb(pid) for pid in pids}
        log(f"{len(mix)} addresses in the mix; warming up")
        for _ in range(2):
            for path in mix:
                try:
                    status = fetch(base + path)
                except urllib.error.HTTPError as error:
                    status = error.code
                if status != 200:
                    sys.exit(f"{path} answered {status} (gunicorn log: {server_log})")
        start = {pid: rss_mb(pid) for pid in pids}

        script = workdir / "mix.lua"
        script.write_text(LUA.replace("{PATHS}", "{" + ", ".join(json.dumps(p) for p in mix) + "}"))
        log(f"wrk: {args.duration} s, {args.connections} connections, 2 threads, against {base}")
        result = subprocess.run(  # noqa: S603 - Debian's wrk, fixed arguments
            [
                wrk,
                "-t2",
                f"-c{args.connections}",
                f"-d{args.duration}s",
                "--timeout",
                "10s",
                "--latency",
                "-s",
                str(script),
                base,
            ],
            capture_output=True,
            text=True,
            timeout=args.duration + 60,
            check=False,
        )
        end_pids = worker_pids(master.pid)
        end = {pid: rss_mb(pid) for pid in end_pids}
    finally:
        master.send_signal(signal.SIGTERM)
        try:
            master.wait(timeout=30)
        except subprocess.TimeoutExpired:
            master.kill()

    line = next((x for x in result.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        sys.exit(f"wrk gave no result:\n{result.stdout}\n{result.stderr}")
    stats = json.loads(line.removeprefix("RESULT "))
    errors = sum(stats[key] for key in ("connect", "read", "write", "status", "timeout"))
    seconds = stats["duration_us"] / 1e6
    report = {
        "requests": stats["requests"],
        "errors": errors,
        "error_detail": {k: stats[k] for k in ("connect", "read", "write", "status", "timeout")},
        "duration_s": round(seconds, 1),
        "requests_per_s": round(stats["requests"] / seconds, 1),
        "p50_ms": round(stats["p50_us"] / 1000, 1),
        "p90_ms": round(stats["p90_us"] / 1000, 1),
        "p99_ms": round(stats["p99_us"] / 1000, 1),
        "max_ms": round(stats["max_us"] / 1000, 1),
        "connections": args.connections,
        "addresses": len(mix),
        "workers_rss_mb_booted": round(sum(booted.values()), 1),
        "workers_rss_mb_start": round(sum(start.values()), 1),
        "workers_rss_mb_end": round(sum(end.values()), 1),
        "workers_rss_mb_per_worker_start": [round(start[pid], 1) for pid in pids],
        "workers_rss_mb_per_worker_end": [round(end.get(pid, 0), 1) for pid in pids],
        "workers_replaced": end_pids != pids,
    }
    report["slowest_paths_mean_ms"] = slowest_paths(server_log)
    report["workers_rss_growth_mb"] = round(
        report["workers_rss_mb_end"] - report["workers_rss_mb_start"], 1
    )
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    failures = []
    if errors:
        failures.append(f"{errors} errors")
    if report["workers_replaced"]:
        failures.append("a worker was replaced during the run")
    if report["workers_rss_growth_mb"] >= MAX_GROWTH_MB:
        failures.append(f"workers grew by {report['workers_rss_growth_mb']} MB")
    if failures:
        sys.exit("FAILED: " + "; ".join(failures) + f" (gunicorn log: {server_log})")
    shutil.rmtree(workdir, ignore_errors=True)


def slowest_paths(server_log, count=5):
    """The paths that took longest on average, from the server's JSON request log."""
    durations = {}
    for line in server_log.read_text().splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if record.get("logger") == "accords.request" and "duration_ms" in record:
            durations.setdefault(record["path"], []).append(record["duration_ms"])
    means = {
        path: sum(values) / len(values) for path, values in durations.items() if len(values) >= 5
    }
    ranked = sorted(means.items(), key=lambda item: item[1], reverse=True)[:count]
    return {path: round(mean, 1) for path, mean in ranked}


def format_report(r):
    return "\n".join(
        [
            f"requests      {r['requests']} in {r['duration_s']} s "
            f"({r['connections']} connections, {r['addresses']} addresses, pages and API)",
            f"errors        {r['errors']}  {r['error_detail']}",
            f"throughput    {r['requests_per_s']} req/s",
            f"latency       p50 {r['p50_ms']} ms, p90 {r['p90_ms']} ms, p99 {r['p99_ms']} ms, "
            f"max {r['max_ms']} ms",
            f"workers RSS   {r['workers_rss_mb_start']} MB after warm-up → "
            f"{r['workers_rss_mb_end']} MB at the end "
            f"(growth {r['workers_rss_growth_mb']:+} MB; {r['workers_rss_mb_booted']} MB when "
            f"booted; per worker {r['workers_rss_mb_per_worker_start']} → "
            f"{r['workers_rss_mb_per_worker_end']})",
            "slowest paths "
            + ", ".join(f"{p} {ms} ms" for p, ms in r["slowest_paths_mean_ms"].items()),
        ]
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (60)")
    parser.add_argument("--connections", type=int, default=8, help="open connections (8)")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (a free one)")
    parser.add_argument("--agreements", type=int, default=20_000)
    parser.add_argument("--parties", type=int, default=4_000)
    parser.add_argument(
        "--skip-setup", action="store_true", help="reuse the database as is (no migrate or seed)"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if not 1 <= args.duration <= 600:
        parser.error("--duration must be between 1 and 600 seconds")
    run(args)


if __name__ == "__main__":
    main()
