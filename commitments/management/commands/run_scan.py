"""python manage.py run_scan [--date YYYY-MM-DD] [--dry-run]: the daily status scan and escalation."""

from commitments import escalation, scan
from commitments.management.commands._background import JobCommand, parse_day


class Command(JobCommand):
    help = "重算全部任务的进度与状态，并生成蓝、黄、红色预警（与每日 07:00 的定时任务相同）"

    def handle(self, *args, **options) -> None:
        today = parse_day(options["date"])

        def job() -> str:
            return f"{today}: {scan.scan(today=today)}；{escalation.escalate_all(today=today)}"

        self.run(job, dry_run=options["dry_run"])
