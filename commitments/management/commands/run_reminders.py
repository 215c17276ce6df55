"""python manage.py run_reminders [--date YYYY-MM-DD] [--dry-run]: today's reminders to departments."""

from commitments import reminders
from commitments.management.commands._background import JobCommand, parse_day


class Command(JobCommand):
    help = "向牵头单位发送到期、逾期、月度填报与督办答复提醒（与每日 08:00 的定时任务相同）"

    def handle(self, *args, **options) -> None:
        today = parse_day(options["date"])

        def job() -> str:
            items, messages = reminders.send(today=today)
            return f"{today}: {items} 项提醒，{messages} 条新消息"

        self.run(job, dry_run=options["dry_run"])
