"""manage.py generate_data --reports R --commitments-per-report C --updates U --seed S [--date D] [--method M]

Bulk synthetic data for load tests and the benchmark (commitments.generator). Refuses, writing nothing,
when the database already holds a report it would write; the same seed and date write the same data.
"""

from __future__ import annotations

import argparse
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commitments.data.generator import GeneratorError, generate
from commitments.models import Commitment


def parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{value}") from None


class Command(BaseCommand):
    help = "批量生成模拟数据（报告、章节、责任单位、任务、节点、进展填报），用于容量和性能测试"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--reports", type=int, required=True, help="报告份数（发布机关 × 年度）")
        parser.add_argument("--commitments-per-report", type=int, required=True, help="每份报告的任务数")
        parser.add_argument("--updates", type=int, required=True, help="每项任务的进展填报份数")
        parser.add_argument("--seed", type=int, default=1, help="随机种子：同一种子和日期生成相同数据")
        parser.add_argument("--date", dest="day", type=parse_day, default=None, help="数据截至日期，默认今天")
        parser.add_argument(
            "--method", choices=["auto", "copy", "orm"], default="auto", help="copy：PostgreSQL COPY；orm：bulk_create"
        )

    def handle(self, *args, reports: int, commitments_per_report: int, updates: int, seed: int, **options) -> None:
        today = options["day"] or timezone.localdate()  # the clock is read once, here
        try:
            summary = generate(
                reports=reports,
                commitments_per_report=commitments_per_report,
                updates=updates,
                seed=seed,
                today=today,
                method=options["method"],
            )
        except (GeneratorError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        labels = dict(Commitment.Status.choices)
        statuses = "、".join(f"{labels[s]} {n}" for s, n in summary.statuses.most_common())
        self.stdout.write(
            f"generate_data：种子 {seed}，截至 {today}，写入报告 {summary.reports} 份、章节 {summary.sections} 个、"
            f"任务 {summary.commitments} 项、节点 {summary.milestones} 个、进展填报 {summary.progress_reports} 份"
            f"（已通过 {summary.approved} 份）；状态：{statuses}；用时 {summary.seconds:.1f} 秒"
        )
