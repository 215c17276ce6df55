"""The benchmark's results as Markdown: one table of endpoints, one of domain work, and the figures to reach."""

from __future__ import annotations

import argparse

LABELS = {
    "static": "static file (floor)",
    "home": "home /",
    "list": "commitment list, page 1",
    "list_filtered": "commitment list, filtered, page 2",
    "detail": "commitment detail",
    "department": "department page",
    "api_list": "API list",
    "csv": "CSV export",
    "feed": "Atom feed",
}
PAGES = ("home", "list", "list_filtered", "detail", "department")
COLD_CHECKED = ("home", "list", "list_filtered", "department", "api_list")


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "**missed**")


def web_target(name: str, phase: str, r: dict, floor: float) -> bool | None:
    """The issue's figures: warm pages ≥ 0.7 × floor with p99 < 50 ms; cold p99 < 250 ms, detail < 50 ms."""
    if "rps" not in r:
        return None
    if phase == "warm" and name in PAGES:
        return r["rps"] >= 0.7 * floor and r["p99"] < 50 and r["errors"] == 0
    if phase == "cold" and name == "detail":
        return r["p99"] < 50 and r["errors"] == 0
    if phase == "cold" and name in COLD_CHECKED:
        return r["p99"] < 250 and r["errors"] == 0
    return None


def web_table(web: dict, queries: dict) -> list[str]:
    floor = web["static"]["warm"].get("rps", 0) or 1
    lines = [
        "| endpoint | cache | req/s | p50 ms | p99 ms | errors | × floor | KB/resp | SQL cold/warm | target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, phases in web.items():
        if "missing" in phases:
            lines.append(f"| {LABELS.get(name, name)} | – | missing: {phases['missing']} | | | | | | | |")
            continue
        q = queries.get(name, {})
        sql = f"≤{q['cold']}/{q['warm']} (tiny ≤{q.get('tiny')})" if "cold" in q else ""
        grows = "; **SQL count depends on size**" if "cold" in q and q.get("tiny") != q["cold"] else ""
        for phase in ("cold", "warm") if name != "static" else ("warm",):
            r = phases[phase]
            label = LABELS.get(name, name)
            if "rps" not in r:
                lines.append(f"| {label} | {phase} | wrk failed | | | | | | | |")
                continue
            lines.append(
                f"| {label} | {'—' if name == 'static' else phase} | {r['rps']:,.0f} | {r['p50']:.1f} | {r['p99']:.1f} "
                f"| {r['errors']} | {r['rps'] / floor:.2f} | {r['kb']:.1f} | {sql} "
                f"| {verdict(web_target(name, phase, r, floor))}{grows} |"
            )
    return lines


def _problem(entry: dict) -> str | None:
    if "missing" in entry:
        return f"missing: {entry['missing']}"
    if "error" in entry:
        return f"error: {entry['error']}"
    return None


def domain_rows(domain: dict, commitments: int) -> list[tuple[str, str, str, bool | None]]:
    scan, a, i, b = (domain.get(k, {"missing": "not run"}) for k in ("scan", "approval", "import", "bulletin"))
    rows = []
    if problem := _problem(scan):
        rows.append((f"status scan of all {commitments:,} commitments", problem, "< 10 s", None))
    else:
        text = f"{scan['seconds']:.2f} s (second run {scan['second_run']:.2f} s; {scan['result']})"
        rows.append((f"status scan of all {commitments:,} commitments", text, "< 10 s", scan["seconds"] < 10))
    if problem := _problem(a):
        rows.append(("approval of one report, recompute included", problem, "p99 < 50 ms", None))
    else:
        ms = {k: f"{a[k] * 1000:.1f} ms" for k in ("p50", "p99", "max")}
        text = f"p50 {ms['p50']}, p99 {ms['p99']}, max {ms['max']} ({a['count']} approvals)"
        rows.append(("approval of one report, recompute included", text, "p99 < 50 ms", a["p99"] < 0.05))
    if problem := _problem(i):
        rows.append(("import of the 2024 report", problem, "< 3 s", None))
    else:
        rows.append(("import of the 2024 report", f"{i['seconds']:.2f} s ({i['output']})", "< 3 s", i["seconds"] < 3))
    text = _problem(b) or f"{b['seconds']:.2f} s ({b.get('output', [''])[0]})"
    rows.append(("monthly bulletin (workbook and document)", text, "—", None))
    return rows


def render(
    *, args: argparse.Namespace, data: dict, web: dict, domain: dict, queries: dict, rss: list[float], static: str,
    server: str, machine: str, versions: dict, command: str, load: tuple = (),
) -> str:  # fmt: skip
    lines = [
        f"# Benchmark: {args.commitments:,} commitments × {args.updates} progress reports",
        "",
        f"- machine: {machine}",
        "- load average (1, 5, 15 min) before and after the run: "
        + " → ".join("/".join(f"{x:.1f}" for x in triple) for triple in load)
        + " (anything else running on the two cores shows in the figures)",
        "- versions: " + ", ".join(f"{k} {v}" for k, v in versions.items()),
        f"- command: `{command}`",
        f"- data set: {data['summary']}" + (" (reused)" if data["reused"] else f" (loaded in {data['seconds']:.0f} s)"),
        f"- server: `{server}` with `DJANGO_SETTINGS_MODULE={args.settings}`",
        f"- load: `wrk -t{args.wrk_threads} -c{args.connections} -d{args.duration}s` on the same cores, loopback; "
        f"floor: `{static}` served by the same server (WhiteNoise), after a warm-up, before and after the "
        "endpoints ("
        + " and ".join(f"{rps:,.0f}" for rps in web.get("static", {}).get("runs", []))
        + " req/s): the higher is the floor",
        f"- cold: the cache emptied, every request a new URL (a new cache key), {args.cold_connections} "
        "connection(s): the time to build a page, not the queue in front of it; "
        f"warm: the URLs primed first, {args.connections} connections",
        "",
        "## Web",
        "",
        *web_table(web, queries),
        "",
        "## Domain work (each write rolled back)",
        "",
        "| work | figure | target | |",
        "|---|---|---|---|",
    ]  # fmt: skip
    for work, figure, target, ok in domain_rows(domain, args.commitments):
        lines.append(f"| {work} | {figure} | {target} | {verdict(ok)} |")
    worst = max(rss, default=0)
    sizes = ", ".join(f"{r:.0f}" for r in rss)
    lines.append(
        f"| web worker memory after the run (RSS) | {sizes} MB | < 250 MB | {verdict(worst < 250 if rss else None)} |"
    )
    lines.append("")
    return "\n".join(lines)
