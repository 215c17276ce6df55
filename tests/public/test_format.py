"""Display filters: 万/亿, percents (over 100 shows), dates in Asia/Shanghai, bars that carry their figure."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template

from commitments.templatetags.tracker_format import amount, cn_date, figure, percent


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (Decimal("103.0000"), "个", "103 个"),
        (Decimal("5000"), "个", "5000 个"),
        (Decimal("280000"), "吨", "28 万吨"),
        (Decimal("870"), "亿元", "870 亿元"),
        (Decimal("28"), "万吨", "28 万吨"),
        (Decimal("1260000000"), "元", "12.6 亿元"),
        (Decimal("90.00"), "%", "90%"),
        (None, "个", "—"),
    ],
)
def test_amounts_read_as_the_report_writes_them(value, unit, shown):
    assert amount(value, unit) == shown


@pytest.mark.parametrize(
    ("value", "shown"), [(Decimal("131.00"), "131%"), (Decimal("58.33"), "58.3%"), (Decimal(0), "0%"), (None, "—")]
)
def test_percents_are_unclamped_and_short(value, shown):
    assert percent(value) == shown


def test_figures_drop_trailing_zeros():
    assert figure(Decimal("23.7000")) == "23.7"


def test_dates_are_shown_in_shanghai_whatever_the_server_zone():
    late_utc = datetime(2024, 6, 30, 17, 0, tzinfo=ZoneInfo("UTC"))

    assert cn_date(late_utc) == "2024年7月1日"
    assert cn_date(date(2024, 12, 31)) == "2024年12月31日"


def test_a_progress_bar_writes_its_figure_and_hides_the_decoration():
    html = Template('{% load tracker_format %}{% progress_bar v "进度" %}').render(Context({"v": Decimal("131")}))

    assert 'aria-hidden="true"' in html and "width: 100%" in html
    assert '<span class="visually-hidden">进度 </span>131%' in html
