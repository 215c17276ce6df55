"""Display of figures on public pages: 万/亿, percents (131% shows), Asia/Shanghai dates, bars and charts.

Formatting lives here rather than in views (STYLE.md rule 13), so pages, feeds and exports agree.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django import template

from commitments.public import charts

register = template.Library()
SHANGHAI = ZoneInfo("Asia/Shanghai")
_WAN, _YI = Decimal(10_000), Decimal(100_000_000)


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def plain(value: Decimal, places: int = 2) -> str:
    """A figure without trailing zeros: 103.0000 → 103, 23.70 → 23.7."""
    rounded = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = f"{rounded:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@register.filter
def figure(value) -> str:
    number = _decimal(value)
    return "—" if number is None else plain(number)


@register.filter
def amount(value, unit: str = "") -> str:
    """A figure with its unit, large plain counts in 万 or 亿: 280000 吨 → 28 万吨; 870 亿元 stays."""
    number = _decimal(value)
    if number is None:
        return "—"
    unit = unit or ""
    if unit.startswith("%"):
        return f"{plain(number)}%"
    if not any(mark in unit for mark in ("万", "亿")):
        if abs(number) >= _YI:
            return f"{plain(number / _YI)} 亿{unit}"
        if abs(number) >= _WAN * 10:  # from 10万 on; 5000 个 reads better as written
            return f"{plain(number / _WAN)} 万{unit}"
    return f"{plain(number)} {unit}".strip()


COMPARATOR_WORDS = {">=": "不低于", ">": "超过", "<=": "不高于", "=": "达到"}


@register.filter
def comparator_words(value: str) -> str:
    return COMPARATOR_WORDS.get(value, "")


@register.filter
def percent(value, places: int = 1) -> str:
    """A percentage, unclamped (over-achievement shows as 131%); — when there is none."""
    number = _decimal(value)
    return "—" if number is None else f"{plain(number, int(places))}%"


def _local(value) -> date | None:
    if isinstance(value, datetime):
        return value.astimezone(SHANGHAI).date() if value.tzinfo else value.date()
    return value if isinstance(value, date) else None


@register.filter
def cn_date(value) -> str:
    """2024年6月30日, in Asia/Shanghai whatever the server's zone."""
    day = _local(value)
    return "" if day is None else f"{day.year}年{day.month}月{day.day}日"


@register.filter
def cn_month(value) -> str:
    day = _local(value)
    return "" if day is None else f"{day.year}年{day.month}月"


@register.filter
def iso_date(value) -> str:
    day = _local(value)
    return "" if day is None else day.isoformat()


@register.inclusion_tag("public/includes/_progress_bar.html")
def progress_bar(value, label: str = "进度", tone: str = "") -> dict:
    """A bar that carries its figure as text: the bar is decoration, the number is the information."""
    number = _decimal(value)
    width = Decimal(0) if number is None else min(max(number, Decimal(0)), Decimal(100))
    return {"value": number, "width": plain(width, 1), "label": label, "tone": tone}


@register.simple_tag
def status_chart(tally, uid: str = "status-chart"):
    return charts.status_bars(uid=uid, statuses=tally.statuses, total=tally.total)


@register.simple_tag
def trajectory_chart(trajectory, uid: str = "trajectory"):
    return charts.trajectory_line(uid=uid, trajectory=trajectory)
