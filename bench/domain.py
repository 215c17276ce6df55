"""The inside half of the benchmark: runs in Django against the bench database and prints JSON.

    python bench/domain.py targets DIR       URL lists per endpoint (warm and cold), written under DIR
    python bench/domain.py queries FILE      SQL queries per endpoint, cold cache, from the lists in FILE
    python bench/domain.py timings --approvals N --today D
                                             status scan, approvals, 2024 import, monthly bulletin
    python bench/domain.py profile URL       one cold request: each SQL query with its time, and the
                                             functions that took the most time (cProfile)

Every write it times runs inside a transaction that is rolled back, so a run leaves the data as it found
it and the next run measures the same thing. A piece that is not in the code base yet is reported as
missing instead of failing the run.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, Resolver404, resolve, reverse  # noqa: E402

from commitments.models import Commitment, Department, ProgressReport  # noqa: E402
from commitments.public import cache as public_cache  # noqa: E402

REPORT_TEXT = ROOT / "fixtures" / "qianjiang-2024.txt"  # the repository's copy of the 2024 report as published
COLD_URLS = 20_000  # distinct URLs per cold run: more than a 10-second run can request
WARM_DETAILS = 200  # commitment pages primed for the warm detail run


class Missing(Exception):
    """This piece of the application is not there (yet)."""


def url(names: list[str], paths: list[str], *args) -> str:
    """The first of ``names`` that reverses, else the first of ``paths`` that resolves."""
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    for path in paths:
        try:
            resolve(path.split("?")[0])
            return path
        except Resolver404:
            continue
    raise Missing("no URL")


def with_query(base: str, query: str) -> str:
    return f"{base}{'&' if '?' in base else '?'}{query}" if query else base


def busted(base: str, n: int = COLD_URLS) -> list[str]:
    # Every request a new query string, so a new cache key: the page is built from the database each time.
    return [with_query(base, f"_bench={i}") for i in range(n)]


def endpoint_urls() -> dict[str, dict]:
    public = Commitment.objects.public().filter(work_report__is_public=True)
    sample = list(public.order_by("?").values_list("code", "work_report_id")[:COLD_URLS])
    busiest = Department.objects.filter(led_commitments__is_public=True).order_by("slug").first()
    departments = list(
        Department.objects.filter(led_commitments__isnull=False).distinct().values_list("slug", flat=True)
    )
    found: dict[str, dict] = {}

    def add(name: str, build) -> None:
        try:
            found[name] = build()
        except (Missing, NoReverseMatch, Resolver404, IndexError, AttributeError) as exc:
            found[name] = {"missing": str(exc) or type(exc).__name__}

    listing = lambda: url(["public:commitment-list"], ["/commitments/"])  # noqa: E731

    def detail_url(code: str, work_report_id: int) -> str:
        return with_query(
            url(["public:commitment-detail"], [f"/commitments/{code}/"], code), f"report={work_report_id}"
        )

    add("home", lambda: {"warm": [url(["public:home"], ["/"])], "cold": busted(url(["public:home"], ["/"]))})
    add("list", lambda: {"warm": [listing()], "cold": busted(listing())})
    filtered = lambda: with_query(listing(), "status=lagging&page=2")  # noqa: E731
    add("list_filtered", lambda: {"warm": [filtered()], "cold": busted(filtered())})
    add(
        "detail",
        lambda: {
            "warm": [detail_url(c, r) for c, r in sample[:WARM_DETAILS]],
            "cold": [with_query(detail_url(c, r), "_bench=1") for c, r in sample],
        },
    )
    dept = lambda slug: url(["public:department-detail"], [f"/departments/{slug}/"], slug)  # noqa: E731
    add(
        "department",
        lambda: {
            "warm": [dept(busiest.slug)],
            "cold": [with_query(dept(s), f"_bench={i}") for i, s in enumerate(departments * 200)],
        },
    )
    api = lambda: url(["public:api:commitment-list", "api:commitment-list"], ["/api/v1/commitments/"])  # noqa: E731
    add("api_list", lambda: {"warm": [api()], "cold": busted(api())})
    csv = lambda: url(  # noqa: E731
        ["public:opendata-commitments-csv", "public:commitments-csv", "public:export-csv"],
        ["/opendata/commitments.csv", "/commitments.csv", "/commitments/export.csv", "/export/commitments.csv"],
    )
    add("csv", lambda: {"warm": [csv()], "cold": busted(csv(), 2_000)})
    feed = lambda: url(  # noqa: E731
        ["public:feed", "public:updates-feed", "public:feed-updates", "public:atom"],
        ["/feeds/updates/", "/feed/", "/updates.atom", "/feeds/atom/", "/atom/"],
    )
    add("feed", lambda: {"warm": [feed()], "cold": busted(feed())})
    return found


def targets(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    result = {}
    for name, entry in endpoint_urls().items():
        if "missing" in entry:
            result[name] = entry
            continue
        result[name] = {}
        for phase in ("warm", "cold"):
            path = out / f"{name}-{phase}.txt"
            path.write_text("\n".join(entry[phase]) + "\n")
            result[name][phase] = {"file": str(path), "first": entry[phase][0], "count": len(entry[phase])}
    print(json.dumps(result, ensure_ascii=False))


def queries(listing: Path, sample: int = 10) -> None:
    """SQL queries of cold requests per endpoint (the cache version bumped before each), the most over up to
    ``sample`` of its URLs: a page may skip a query where there is nothing to fetch (no approved report, no
    evidence), so the bound is what must not depend on the size, not one page's count."""
    client = Client()
    result = {}
    for name, entry in json.loads(listing.read_text()).items():
        if "missing" in entry:
            continue
        cold_counts, statuses = [], set()
        for path in Path(entry["warm"]["file"]).read_text().split()[:sample]:
            public_cache.invalidate()
            with CaptureQueriesContext(connection) as cold:
                statuses.add(client.get(path).status_code)
            cold_counts.append(len(cold))
        with CaptureQueriesContext(connection) as warm:
            client.get(path)
        result[name] = {"status": sorted(statuses), "cold": max(cold_counts), "warm": len(warm)}
    print(json.dumps(result))


def profile(path: str) -> None:
    """Where one cold request spends its time: the SQL queries by duration, then Python by cumulative time."""
    import cProfile
    import pstats

    client = Client()
    client.get(with_query(path, "_warmup=1"))  # imports and URL resolver loaded: profile the request only
    public_cache.invalidate()
    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        profiler.enable()
        status = client.get(path).status_code
        profiler.disable()
        total = time.perf_counter() - started
    sql = sum(float(q["time"]) for q in captured.captured_queries)
    print(f"{path}: HTTP {status}, {total * 1000:.0f} ms, {len(captured)} queries taking {sql * 1000:.0f} ms")
    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))
    for q in slowest:
        print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}")
    with connection.cursor() as cursor:
        for q in slowest[:2]:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + q["sql"])
            print("\n".join(row[0] for row in cursor.fetchall()))
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def timed(fn) -> float:
    """Seconds ``fn`` takes inside a transaction that is then rolled back."""
    with transaction.atomic():
        started = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def scan_timing(today: date) -> dict:
    try:
        from commitments import scan
    except ImportError as exc:
        raise Missing("commitments.scan") from exc
    outcome = {}
    first = timed(lambda: outcome.setdefault("result", scan.scan(today=today)))
    second = timed(lambda: scan.scan(today=today))
    return {"seconds": first, "second_run": second, "result": str(outcome.get("result", ""))}


def approval_timing(today: date, n: int) -> dict:
    try:
        from commitments import reviews
    except ImportError as exc:
        raise Missing("commitments.reviews") from exc
    from django.contrib.auth import get_user_model

    supervisor = get_user_model().objects.get(username="sim-duchashi")
    ids = list(ProgressReport.objects.filter(state="submitted").values_list("pk", flat=True)[:50_000])
    chosen = random.Random(1).sample(ids, min(n, len(ids)))
    takes_today = "today" in inspect.signature(reviews.approve).parameters
    samples = []
    for pk in chosen:
        work_report = ProgressReport.objects.get(pk=pk)
        kwargs = {"by": supervisor, **({"today": today} if takes_today else {})}
        try:
            samples.append(timed(lambda r=work_report, kw=kwargs: reviews.approve(r, **kw)))
        except reviews.ReviewError:
            continue  # e.g. an earlier report of the same task still waits: the rule, not the speed
    if not samples:
        raise Missing("no approvable submitted report")
    ordered = sorted(samples)
    return {
        "count": len(samples),
        "p50": statistics.median(ordered),
        "p99": ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))],
        "max": ordered[-1],
    }


def import_timing() -> dict:
    from django.core.management import get_commands

    if "import_report" not in get_commands():
        raise Missing("import_report command")
    if not REPORT_TEXT.exists():
        raise Missing(f"{REPORT_TEXT} not found")
    out: list[str] = []

    def run() -> None:
        from io import StringIO

        buffer = StringIO()
        call_command("import_report", str(REPORT_TEXT), "--issuer", "潜江市人民政府", "--year", "2024", stdout=buffer)
        lines = buffer.getvalue().strip().splitlines()
        out.append(next((line for line in lines if line.startswith("import_report")), lines[0] if lines else ""))

    return {"seconds": timed(run), "output": out[0] if out else ""}


def bulletin_timing(today: date) -> dict:
    from django.core.management import get_commands

    if "send_bulletin" not in get_commands():
        raise Missing("send_bulletin command")
    month = date(today.year, today.month, 1)
    previous = date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)
    from io import StringIO

    out = StringIO()
    seconds = timed(lambda: call_command("send_bulletin", "--month", f"{previous:%Y-%m}", stdout=out))
    return {"seconds": seconds, "output": out.getvalue().strip().splitlines()[-1:] or [""]}


def timings(today: date, approvals: int, only: str = "") -> None:
    result = {}
    wanted = set(filter(None, only.split(",")))
    for name, fn in (
        ("scan", lambda: scan_timing(today)),
        ("approval", lambda: approval_timing(today, approvals)),
        ("import", import_timing),
        ("bulletin", lambda: bulletin_timing(today)),
    ):
        if wanted and name not in wanted:
            continue
        try:
            result[name] = fn()
        except Missing as exc:
            result[name] = {"missing": str(exc)}
        except Exception as exc:  # a broken piece is a finding of the run, not the end of it
            result[name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    print(json.dumps(result, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    sub.add_parser("targets").add_argument("out", type=Path)
    sub.add_parser("queries").add_argument("listing", type=Path)
    sub.add_parser("profile").add_argument("path")
    t = sub.add_parser("timings")
    t.add_argument("--approvals", type=int, default=200)
    t.add_argument("--today", type=date.fromisoformat, required=True)
    t.add_argument("--only", default="", help="comma-separated: scan, approval, import, bulletin")
    args = parser.parse_args()
    if args.mode == "targets":
        targets(args.out)
    elif args.mode == "queries":
        queries(args.listing)
    elif args.mode == "profile":
        profile(args.path)
    else:
        timings(args.today, args.approvals, args.only)


if __name__ == "__main__":
    main()
