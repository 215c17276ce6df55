"""manage.py compare_import: the importer's targets against the curated 2024 data, which is right."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commitments.models import Commitment
from tests.importers.conftest import QIANJIANG


def compare(issuer: str = "潜江市人民政府") -> str:
    out = StringIO()
    call_command("compare_import", str(QIANJIANG), "--year", "2024", "--issuer", issuer, stdout=out)
    return out.getvalue()


def test_it_names_the_curated_target_the_importer_missed(curated):
    out = compare()

    assert "漏识 1 个" in out
    missed = out.split("漏识（")[1].splitlines()[1]
    assert missed.startswith("  2024-2-0-08 城乡居民人均可支配收入与经济增长同步：增长率 >= 7%")


def test_every_other_curated_target_agrees_with_the_importer_but_one_count_baseline(curated):
    out = compare()

    # The curated data predates the rule that a count takes last year's figure stated in the same words (issue 15):
    # the review's "123个老旧小区改造" is the baseline of "实施103个老旧小区改造".
    assert "导入程序找到 21 个，整理数据 22 个；一致 20 个，不一致 1 个" in out
    assert "2024-2-1-08 实施103个老旧小区改造：基数 导入为 123，应为 无" in out


def test_a_curated_figure_that_differs_is_shown_with_the_curated_value_as_right(curated):
    Commitment.objects.filter(work_report=curated, code="2024-2-1-08").update(target_value=Decimal(104))

    out = compare()

    assert "2024-2-1-08 实施103个老旧小区改造：目标值 导入为 103，应为 104" in out


def test_a_different_baseline_and_kind_are_both_shown(curated):
    Commitment.objects.filter(work_report=curated, code="2024-2-1-35").update(baseline_value=None, kind="count")

    out = compare()

    assert "2024-2-1-35 小龙虾交易量突破28万吨：类型 导入为 总量水平，应为 数量；基数 导入为 23.7，应为 无" in out


def test_a_target_the_curated_data_lacks_is_listed_with_its_quote(curated):
    Commitment.objects.filter(work_report=curated, code="2024-2-1-16").update(kind="milestone", target_value=None)

    out = compare()

    assert "多识 1 个" in out
    assert "  停车位：数量 = 2000个，基数 无（原文：新增2000个停车位）" in out


def test_comparing_writes_nothing(curated, row_counts):
    before = row_counts()

    compare()

    assert row_counts() == before


def test_without_the_report_in_the_database_it_says_so(db):
    with pytest.raises(CommandError, match="数据库中没有 某市人民政府2024年的报告"):
        compare(issuer="某市人民政府")
