"""manage.py load_demo [--date YYYY-MM-DD]: demo accounts and demo progress (commitments.demo); safe to rerun.

Demo only: production set-up (setup_tracker without --demo) never calls it. Needs the 2024 report loaded.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commitments.data import demo
from commitments.management.commands.setup_tracker import REPORT_KEY, demo_summary, logins_table, parse_day
from commitments.models import WorkReport


class Command(BaseCommand):
    help = "载入演示账号和演示进展（仅供演示，已载入时跳过）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", dest="day", type=parse_day, default=None, help="按该日期计算状态，默认今天")

    def handle(self, *args, day: date | None = None, **options) -> None:
        today = day or timezone.localdate()
        work_report = WorkReport.objects.filter(issuer=REPORT_KEY[0], year=REPORT_KEY[1]).first()
        if work_report is None:
            raise CommandError("尚未载入2024年潜江市政府工作报告：请先运行 manage.py setup_tracker")
        try:
            summary = demo.load(work_report=work_report, today=today)
        except demo.DemoError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(logins_table())
        self.stdout.write(f"load_demo：{demo_summary(summary)}")
