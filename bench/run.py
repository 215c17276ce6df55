"""The benchmark harness (bench/README.md): load a size, serve it with gunicorn, drive it with wrk, print one table.

    .venv/bin/python bench/run.py [--commitments 100000] [--updates 10] [--duration 10] ...

Against PostgreSQL and Redis on loopback (a private database, ``bench`` by default, and Redis db 7): loads
the chosen size with generate_data (kept between runs while size, seed and schema are unchanged), times the
domain work (bench/domain.py), starts the production WSGI server, measures each endpoint cold (every request
a new cache key) and warm (primed cache) next to a static file served by the same server, and writes the
results with the machine, versions and command to bench/results/<date>-<size>.md.
"""

# The harness runs its own fixed commands and fetches loopback URLs only.
# ruff: noqa: S603, S310
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date, datetime
from pathlib import Path

import psycopg
import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.report import render  # noqa: E402

BIN = Path(sys.executable).parent
TMP = ROOT / "bench" / "tmp"
RESULTS = ROOT / "bench" / "results"
MIGRATIONS = ROOT / "commitments" / "migrations"
ENDPOINTS = ("home", "list", "list_filtered", "detail", "department", "api_list", "csv", "feed")
PAGES = ("home", "list", "list_filtered", "detail", "department")  # the public pages of the warm target
COLD_CHECKED = ("home", "list", "list_filtered", "department", "api_list")  # p99 < 250 ms cold


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--commitments", type=int, default=100_000, help="commitments in the data set")
    p.add_argument("--per-report", type=int, default=100, help="commitments per report")
    p.add_argument("--updates", type=int, default=10, help="progress reports per commitment")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--database", default="bench", help="PostgreSQL database (dropped and reloaded when stale)")
    p.add_argument("--redis-db", type=int, default=7)
    p.add_argument("--port", type=int, default=8107)
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers (2 for a 2-core host)")
    p.add_argument("--worker-class", default="gthread", choices=["gthread", "sync"])
    p.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    p.add_argument("--duration", type=int, default=10, help="seconds of load per endpoint and phase")
    p.add_argument("--connections", type=int, default=50, help="concurrent connections, warm runs and the floor")
    p.add_argument("--cold-connections", type=int, default=1, help="concurrent connections, cold runs (build time)")
    p.add_argument("--wrk-threads", type=int, default=2)
    p.add_argument("--approvals", type=int, default=200, help="approvals timed (each rolled back)")
    p.add_argument("--gunicorn-config", default="", help="a gunicorn config file instead of ./gunicorn.conf.py")
    p.add_argument("--settings", default="tracker.settings", help="Django settings module of the server")
    p.add_argument("--only", default="", help="comma-separated endpoints to measure (default: all)")
    p.add_argument("--reload", action="store_true", help="drop and reload the data set even if it is current")
    p.add_argument("--no-save", action="store_true", help="print only; write no results file")
    return p.parse_args()


def environment(args: argparse.Namespace) -> dict[str, str]:
    """Production settings (DEBUG off) on plain HTTP, loopback services, private database and Redis db."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.database}",
        REDIS_URL=f"redis://127.0.0.1:6379/{args.redis_db}",
        DJANGO_SETTINGS_MODULE=args.settings,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        LOG_LEVEL="WARNING",
        MEDIA_ROOT=str(TMP / "media"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def run(cmd: list[str], env: dict[str, str], *, timeout: float = 900) -> str:
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        sys.exit(f"failed: {shlex.join(cmd)}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return done.stdout


def manage(env: dict[str, str], *args: str, timeout: float = 900) -> str:
    return run([sys.executable, "manage.py", *args], env, timeout=timeout)


def check_services(args: argparse.Namespace) -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is required: apt-get install -y wrk (`make bench` installs it)")
    try:
        psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=3).close()
    except psycopg.Error as exc:
        sys.exit(f"PostgreSQL is not answering on 127.0.0.1:5432: {exc}")
    try:
        redis.Redis(host="127.0.0.1", port=6379, db=args.redis_db, socket_timeout=3).ping()
    except redis.RedisError as exc:
        sys.exit(f"Redis is not answering on 127.0.0.1:6379: {exc}")


def load_data(
    env: dict[str, str], *, database: str, reports: int, per_report: int, updates: int, seed: int, reload: bool
) -> dict:
    """A data set of this size, kept between runs while size, seed and schema are unchanged."""
    key = {
        "reports": reports,
        "per_report": per_report,
        "updates": updates,
        "seed": seed,
        "schema": hashlib.sha256(b"".join(m.read_bytes() for m in sorted(MIGRATIONS.glob("0*.py")))).hexdigest()[:16],
        # The generator's own code: a change to it is a different data set.
        "generator": hashlib.sha256(
            b"".join(p.read_bytes() for p in sorted((ROOT / "commitments" / "generator").glob("*.py")))
        ).hexdigest()[:16],
    }
    state = TMP / f"{database}.json"
    if not reload and state.exists():
        kept = json.loads(state.read_text())
        if kept.get("key") == key:
            kept["reused"] = True
            return kept
    admin = psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True)
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{database}"')
    env = {**env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{database}"}
    manage(env, "migrate", "--noinput", "-v0")
    started = time.perf_counter()
    line = manage(
        env, "generate_data", "--reports", str(reports), "--commitments-per-report", str(per_report),
        "--updates", str(updates), "--seed", str(seed), timeout=1800,
    ).strip()  # fmt: skip
    kept = {"key": key, "seconds": time.perf_counter() - started, "summary": line, "date": date.today().isoformat()}
    state.write_text(json.dumps(kept, ensure_ascii=False))
    kept["reused"] = False
    return kept


def query_counts(args: argparse.Namespace, env: dict[str, str]) -> dict:
    """SQL per endpoint at this size and on a tiny data set (one report of 20): the counts must be equal."""
    counts = json.loads(run([sys.executable, "bench/domain.py", "queries", str(TMP / "targets.json")], env))
    tiny = f"{args.database}_tiny"
    load_data(env, database=tiny, reports=1, per_report=20, updates=3, seed=args.seed, reload=args.reload)
    tiny_env = {**env, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{tiny}"}
    listing = TMP / "targets-tiny.json"
    listing.write_text(run([sys.executable, "bench/domain.py", "targets", str(TMP / "paths-tiny")], tiny_env))
    small = json.loads(run([sys.executable, "bench/domain.py", "queries", str(listing)], tiny_env))
    for name, entry in counts.items():
        entry["tiny"] = small.get(name, {}).get("cold")
    return counts


def static_path() -> str:
    """A static file near 30 KB (the floor's size in the issue), by its unhashed name."""
    root = ROOT / "staticfiles"
    files = [p for p in root.rglob("*") if p.suffix in (".css", ".js") and p.is_file() and len(p.name.split(".")) == 2]
    best = min(files, key=lambda p: (abs(p.stat().st_size - 30_000), str(p)))
    return "/static/" + best.relative_to(root).as_posix()


class Server:
    """gunicorn as in production, bound to loopback; stopped by its own pid."""

    def __init__(self, args: argparse.Namespace, env: dict[str, str]) -> None:
        self.base = f"http://127.0.0.1:{args.port}"
        cmd = [str(BIN / "gunicorn"), "tracker.wsgi", "-b", f"127.0.0.1:{args.port}", "-w", str(args.workers)]
        if args.worker_class == "gthread":
            # Without SO_REUSEPORT one gthread worker takes most connections and the other starves.
            cmd += ["-k", "gthread", "--threads", str(args.threads), "--reuse-port"]
        cmd += ["--error-logfile", str(TMP / "gunicorn.log"), "--graceful-timeout", "5", "--timeout", "60"]
        if args.gunicorn_config:
            cmd += ["-c", args.gunicorn_config]
        self.command = shlex.join(cmd)
        self.process = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True)

    def wait(self, path: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn exited with {self.process.returncode}; see {TMP / 'gunicorn.log'}")
            try:
                with urllib.request.urlopen(self.base + path, timeout=2):
                    return
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        self.stop()
        sys.exit(f"gunicorn did not answer {path} within {seconds} s")

    def get(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.base + path, timeout=120) as response:
                response.read()
                return response.status
        except urllib.error.HTTPError as exc:
            return exc.code

    def worker_rss_mb(self) -> list[float]:
        sizes = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.process.pid:  # parent pid: a worker of this master
                    status = (stat.parent / "status").read_text()
                    kb = next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))
                    sizes.append(int(kb) / 1024)
            except (OSError, IndexError, StopIteration, ValueError):
                continue
        return sorted(sizes)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def wrk(args: argparse.Namespace, base: str, listing: Path, *, connections: int) -> dict:
    threads = min(args.wrk_threads, connections)
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{args.duration}s", "--timeout", "10s"]
    cmd += ["-s", str(ROOT / "bench" / "paths.lua"), base, "--", str(listing), str(threads)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.duration + 60, check=False).stdout
    line = next((line for line in out.splitlines() if line.startswith("BENCH ")), None)
    if line is None:
        return {"error": out[-300:]}
    figures = json.loads(line[6:])
    errors = sum(figures[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {
        "rps": figures["requests"] / (figures["duration_us"] / 1e6),
        "p50": figures["p50_us"] / 1000,
        "p99": figures["p99_us"] / 1000,
        "errors": errors,
        "requests": figures["requests"],
        "kb": figures["bytes"] / max(figures["requests"], 1) / 1024,
    }


def measure(args: argparse.Namespace, server: Server, targets: dict, static: str) -> dict:
    """Static floor, then every endpoint cold (cache emptied, a new key per request) and warm (primed)."""
    cache = redis.Redis(host="127.0.0.1", port=6379, db=args.redis_db)
    static_list = TMP / "static.txt"
    static_list.write_text(static + "\n")
    # The floor is measured after a warm-up (a fresh worker's first seconds are slower) at the start and
    # again at the end; the higher of the two is the floor, so no ratio gains from a slow floor run.
    wrk(argparse.Namespace(**{**vars(args), "duration": 3}), server.base, static_list, connections=args.connections)
    floors = [wrk(args, server.base, static_list, connections=args.connections)]
    results: dict = {}
    only = [e for e in args.only.split(",") if e] or list(ENDPOINTS)
    for name in ENDPOINTS:
        entry = targets.get(name, {"missing": "not discovered"})
        if name not in only:
            continue
        if "missing" in entry:
            results[name] = {"missing": entry["missing"]}
            continue
        status = server.get(entry["warm"]["first"])
        if status != 200:
            results[name] = {"missing": f"HTTP {status} for {entry['warm']['first']}"}
            continue
        results[name] = {}
        for phase in ("cold", "warm"):
            cache.flushdb()  # an empty cache: this database is the benchmark's own
            if phase == "warm":
                for path in Path(entry["warm"]["file"]).read_text().split():
                    server.get(path)
            connections = args.connections if phase == "warm" else args.cold_connections
            results[name][phase] = wrk(args, server.base, Path(entry[phase]["file"]), connections=connections)
            print(f"  {name:14} {phase}: {fmt_run(results[name][phase])}", flush=True)
    floors.append(wrk(args, server.base, static_list, connections=args.connections))
    print("  static floor: " + ", then ".join(f"{f.get('rps', 0):.0f} req/s" for f in floors), flush=True)
    best = max(floors, key=lambda f: f.get("rps", 0))
    return {"static": {"cold": best, "warm": best, "runs": [f.get("rps", 0) for f in floors]}, **results}


def fmt_run(r: dict) -> str:
    if "error" in r:
        return "wrk failed: " + r["error"].replace("\n", " ")[:80]
    return f"{r['rps']:8.0f} req/s  p50 {r['p50']:7.1f} ms  p99 {r['p99']:7.1f} ms  errors {r['errors']}"


def versions(args: argparse.Namespace) -> dict[str, str]:
    def out(cmd: list[str]) -> str:
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=10, check=False)
            return (done.stdout or done.stderr).strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"

    with psycopg.connect(f"postgres://postgres@127.0.0.1:5432/{args.database}") as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0]
    import django
    import gunicorn

    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "psycopg": psycopg.__version__,
        "postgresql": pg,
        "redis": redis.Redis(host="127.0.0.1", port=6379).info("server")["redis_version"],
        "wrk": out(["wrk", "-v"]),
        "git": out(["git", "-C", str(ROOT), "describe", "--always", "--dirty"]),
    }


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    mem = next(
        line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return f"{os.cpu_count()} × {cpu}, {int(mem) // 1024 // 1024} GiB RAM, {platform.system()} {platform.release()}"


def main() -> None:
    args = parse_args()
    started, load_before = datetime.now(), os.getloadavg()
    TMP.mkdir(parents=True, exist_ok=True)
    check_services(args)
    env = environment(args)
    print(f"data set: {args.commitments} commitments × {args.updates} updates (seed {args.seed})", flush=True)
    data = load_data(
        env, database=args.database, reports=math.ceil(args.commitments / args.per_report),
        per_report=args.per_report, updates=args.updates, seed=args.seed, reload=args.reload,
    )  # fmt: skip
    how = "reused" if data["reused"] else f"loaded in {data['seconds']:.0f} s"
    print(f"  {how}: {data['summary']}", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    targets = json.loads(run([sys.executable, "bench/domain.py", "targets", str(TMP / "paths")], env))
    (TMP / "targets.json").write_text(json.dumps(targets, ensure_ascii=False))
    print("domain timings (each write rolled back) ...", flush=True)
    today = date.today().isoformat()
    domain = json.loads(
        run([sys.executable, "bench/domain.py", "timings", "--approvals", str(args.approvals), "--today", today], env)
    )
    queries = query_counts(args, env)
    server = Server(args, env)
    try:
        static = static_path()
        server.wait(static)
        print(f"web: {server.command}; wrk -t{args.wrk_threads} -c{args.connections} -d{args.duration}s", flush=True)
        web = measure(args, server, targets, static)
        rss = server.worker_rss_mb()
    finally:
        server.stop()

    text = render(
        args=args, data=data, web=web, domain=domain, queries=queries, rss=rss, static=static,
        server=server.command, machine=machine(), versions=versions(args), load=(load_before, os.getloadavg()),
        command=shlex.join([os.path.relpath(sys.executable, ROOT), *sys.argv]),
    )  # fmt: skip
    print(text)
    if not args.no_save:
        RESULTS.mkdir(parents=True, exist_ok=True)
        variant = "" if args.settings == "tracker.settings" else "-" + args.settings.rsplit(".", 1)[-1]
        variant += f"-{Path(args.gunicorn_config).stem}" if args.gunicorn_config else ""
        path = RESULTS / f"{started:%Y-%m-%dT%H%M}-{args.commitments // 1000}k{variant}.md"
        path.write_text(text)
        print(f"written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
