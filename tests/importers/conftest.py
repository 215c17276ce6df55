"""Fixtures of the importer's database tests (loader, command, admin upload, comparison); none is autouse,
so the pure parser tests beside them stay database-free."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from commitments.importers.sources import MAX_BYTES

REPO = Path(__file__).resolve().parents[2]
QIANJIANG = REPO / "fixtures" / "qianjiang-2024.txt"

# A small report of a city the importer has never seen: two main targets (one a pair), a theme paragraph
# with two counts and an event.
SMALL = """2025年某某市政府工作报告
各位代表：
一、2024年工作回顾
全市地区生产总值完成500亿元，增长6%。新增停车位800个。
二、2025年重点工作
经济社会发展的主要预期目标是：地区生产总值突破540亿元，增长6.5%以上；固定资产投资增长8%以上。
(一)建设宜居城市
大力推进城市更新。新增停车位1000个，实施60个老旧小区改造，举办第三届某某马拉松。
"""

REVIEW_ONLY = "某某市政府工作报告\n一、2024年工作回顾\n全市地区生产总值完成500亿元。\n"

# The four kinds of bad input of issue 7, as uploaded bytes.
BAD_INPUT = {
    "empty": (b"", "文件是空的"),
    "binary": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64, "不是文本"),
    "no coming year": (REVIEW_ONLY.encode(), "没有找到今年工作部分"),
    "over 5 MB": (b"a" * (MAX_BYTES + 1), "文件太大"),
}


@pytest.fixture
def small_text() -> str:
    return SMALL


@pytest.fixture
def qianjiang_text() -> str:
    return QIANJIANG.read_text(encoding="utf-8")


@pytest.fixture
def curated(db, tmp_path):
    """The curated 2024 潜江 report of fixtures/ (58 key tasks) as setup_tracker loads it, less the milestones:
    nothing here reads them, and they would double the load time of every test."""
    from django.core.management import call_command

    from commitments.models import WorkReport

    rows = json.loads((REPO / "fixtures" / "qianjiang-2024.json").read_text(encoding="utf-8"))
    report = tmp_path / "qianjiang-2024.json"
    report.write_text(json.dumps([r for r in rows if r["model"] != "commitments.milestone"]), encoding="utf-8")
    call_command("loaddata", str(REPO / "fixtures" / "departments.json"), str(report), verbosity=0)
    return WorkReport.objects.get_by_natural_key("潜江市人民政府", 2024)


@pytest.fixture
def row_counts(db):
    """Rows of every table an import writes: compare before and after to prove nothing was written."""
    from commitments.models import Commitment, HistoryEntry, ImportJob, Section, WorkReport

    def count() -> dict[str, int]:
        return {m.__name__: m.objects.count() for m in (WorkReport, Section, Commitment, HistoryEntry, ImportJob)}

    return count
