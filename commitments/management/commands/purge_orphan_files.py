"""Delete uploaded files that no row refers to (commitments/orphans.py).

    python manage.py purge_orphan_files [--hours 24] [--dry-run]

Safe to run at any time and as often as you like: files younger than --hours are kept, since a request
may still be about to commit the row that names them.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commitments.ops import orphans


class Command(BaseCommand):
    help = "删除没有任何记录引用的上传文件（事务回滚后遗留的文件）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--hours", type=int, default=24, help="只删除早于此小时数的文件（默认 24）")
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args, hours: int, dry_run: bool, **options) -> None:
        if hours < 1:
            raise CommandError("--hours 至少为 1：更新的文件可能属于尚未提交的事务")
        found = orphans.purge(now=timezone.now(), grace=timedelta(hours=hours), dry_run=dry_run)
        for name in found:
            self.stdout.write(name)
        verb = "将删除" if dry_run else "已删除"
        self.stdout.write(f"{verb}无引用的上传文件 {len(found)} 个（早于 {hours} 小时）")
