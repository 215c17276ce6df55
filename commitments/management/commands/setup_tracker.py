"""manage.py setup_tracker [--demo] [--date YYYY-MM-DD]: ready a fresh or existing installation; safe to rerun.

Creates the roles, loads the departments and the 2024 潜江 report from fixtures/ only when that report is not
there yet (a rerun never overwrites an administrator's edits), and recomputes every commitment's derived
figures. ``--demo`` adds the demo accounts and demo progress (commitments.demo), skipped once loaded.
"""

from __future__ import annotations

import argparse
import unicodedata
from collections import Counter
from datetime import date

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.utils import timezone

from accounts import roles
from commitments import figures
from commitments.data import demo as demo_data
from commitments.models import Commitment, Department, WorkReport

FIXTURES = [settings.BASE_DIR / "fixtures" / "departments.json", settings.BASE_DIR / "fixtures" / "qianjiang-2024.json"]
REPORT_KEY = ("潜江市人民政府", 2024)


def parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{value}") from None


def load_report() -> bool:
    """Load the departments and the 2024 report unless the report exists; True when loaded now."""
    if WorkReport.objects.filter(issuer=REPORT_KEY[0], year=REPORT_KEY[1]).exists():
        return False
    try:
        with transaction.atomic():
            call_command("loaddata", *(str(path) for path in FIXTURES), verbosity=0)
    except (DatabaseError, ValueError, LookupError) as exc:  # loaddata wraps bad rows in these
        raise CommandError(f"载入2024年潜江市政府工作报告失败，未写入任何数据：{exc}") from exc
    return True


def recompute_all(*, today: date) -> Counter:
    """Recompute every commitment's derived figures; returns the count per status label."""
    for commitment in Commitment.objects.only("pk"):
        figures.recompute(commitment, today=today)
    labels = dict(Commitment.Status.choices)
    return Counter(labels[s] for s in Commitment.objects.values_list("status", flat=True))


def _pad(text: str, width: int) -> str:
    # CJK characters take two columns in a terminal: pad by display width, not by length.
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - shown, 1)


def logins_table() -> str:
    lines = ["演示账号（仅供演示，切勿用于正式环境）：", "  " + _pad("用户名", 18) + _pad("密码", 26) + "角色"]
    for login in demo_data.LOGINS:
        department = Department.objects.filter(slug=login.department).first() if login.department else None
        role = f"{login.role}（{department}）" if department else login.role
        lines.append("  " + _pad(login.username, 18) + _pad(login.password, 26) + role)
    return "\n".join(lines)


def demo_summary(summary: demo_data.Summary) -> str:
    if not summary.loaded:
        return "演示数据已存在，未重复载入"
    counts = f"新建账号 {summary.users_created} 个、填报 {summary.reports} 份、佐证材料 {summary.evidence} 份"
    return f"已载入演示数据（{counts}）"


class Command(BaseCommand):
    help = "创建角色，首次运行时载入2024年潜江市政府工作报告，并重算全部任务的进度和状态；--demo 同时载入演示数据"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--demo", action="store_true", help="同时载入演示账号和演示进展（仅供演示）")
        parser.add_argument("--date", dest="day", type=parse_day, default=None, help="按该日期计算状态，默认今天")

    def handle(self, *args, demo: bool = False, day: date | None = None, **options) -> None:
        today = day or timezone.localdate()  # the clock is read once, here
        parts = [f"角色 {len(roles.ensure_roles())} 个已就绪"]
        loaded = load_report()
        work_report = WorkReport.objects.get_by_natural_key(*REPORT_KEY)
        if loaded:
            counts = [Department.objects.count(), work_report.sections.count(), work_report.commitments.count()]
            parts.append(
                f"已载入《{work_report.title}》：{counts[0]} 个责任单位、{counts[1]} 个章节、{counts[2]} 项任务"
            )
        else:
            parts.append(f"《{work_report.title}》已存在，未覆盖")
        if demo:
            try:
                parts.append(demo_summary(demo_data.load(work_report=work_report, today=today)))
            except demo_data.DemoError as exc:
                raise CommandError(str(exc)) from exc
        statuses = recompute_all(today=today)
        by_status = "、".join(f"{label} {n}" for label, n in statuses.most_common())
        parts.append(f"按 {today} 重算 {statuses.total()} 项任务（{by_status}）")
        if demo:
            self.stdout.write(logins_table())
        self.stdout.write("setup_tracker：" + "；".join(parts))
