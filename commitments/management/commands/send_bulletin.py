"""python manage.py send_bulletin --month YYYY-MM [--date YYYY-MM-DD] [--dry-run]: the monthly 督查通报."""

from commitments import bulletin
from commitments.management.commands._background import JobCommand, parse_day, parse_month


class Command(JobCommand):
    help = "生成并保存某月的督查通报（Excel 与 Word），通知督查室；重复运行只替换文件"

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--month", required=True, help="通报月份，YYYY-MM")

    def handle(self, *args, **options) -> None:
        month = parse_month(options["month"])
        today = parse_day(options["date"])

        def job() -> str:
            if options["dry_run"]:
                data = bulletin.build(month=month, today=today)
            else:
                data = bulletin.publish(month=month, today=today).data
            overall = data["overall"]
            return (
                f"{data['title']}: 任务 {overall['total']} 项，已完成 {overall['completed']} 项，"
                f"完成率 {overall['rate'] if overall['rate'] is not None else '—'}%，"
                f"红色督办 {len(data['red'])} 项，迟报或未报单位 {len(data['reporting'])} 个"
            )

        self.run(job, dry_run=options["dry_run"])
