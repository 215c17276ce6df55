"""python manage.py send_digest [--date YYYY-MM-DD] [--dry-run]: the supervisors' weekly digest."""

from commitments import digest
from commitments.management.commands._background import JobCommand, parse_day


class Command(JobCommand):
    help = "向督查室发送本周督查摘要（与每周一 08:30 的定时任务相同；同一周只发一次）"

    def handle(self, *args, **options) -> None:
        today = parse_day(options["date"])

        def job() -> str:
            built = digest.build(today=today)
            counts = "，".join(f"{s.title} {s.count}" for s in built.sections)
            return f"{today}: {counts}；{digest.send(today=today)} 条新消息"

        self.run(job, dry_run=options["dry_run"])
