"""Shared by the background-work commands (run_scan, run_reminders, send_digest, send_bulletin).

Each command is a thin twin of its Celery task: the same domain call, a one-line summary, safe to rerun.
``--dry-run`` runs the whole job inside a transaction that is rolled back: nothing is written and, since
messages are queued only on commit, nothing is sent.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone


def parse_day(raw: str | None) -> date:
    if not raw:
        return timezone.localdate()
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD，例如 2024-11-25（收到 {raw!r}）") from None


def parse_month(raw: str) -> date:
    try:
        year, month = (int(part) for part in raw.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise CommandError(f"月份格式应为 YYYY-MM，例如 2024-11（收到 {raw!r}）") from None


class JobCommand(BaseCommand):
    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="按哪一天运行，YYYY-MM-DD；默认今天（Asia/Shanghai）")
        parser.add_argument("--dry-run", action="store_true", help="只计算并报告，不写入、不发送")

    def run(self, job: Callable[[], str], *, dry_run: bool) -> None:
        with transaction.atomic():
            summary = job()
            if dry_run:
                transaction.set_rollback(True)
        self.stdout.write(f"{'（试运行，未写入）' if dry_run else ''}{summary}")
