"""Back up the database and the uploaded files into one directory, with a manifest to check a restore by.

    python manage.py backup --output /var/backups/tracker/2024-11-25

Prints one line: where it wrote, how many tables, rows and files. See commitments/backups.py.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from commitments.ops import backups


class Command(BaseCommand):
    help = "备份数据库与上传文件（含清单：各表行数与校验和、文件 SHA-256）"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", required=True, type=Path, help="备份目录（新建或空目录）")

    def handle(self, *args, output: Path, **options) -> None:
        try:
            manifest = backups.backup(output=output, now=timezone.now())
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        tables, files = manifest["tables"], manifest["media"]["files"]
        rows = sum(t["rows"] for t in tables.values())
        self.stdout.write(f"已备份到 {output}：{len(tables)} 张表 {rows} 行，上传文件 {len(files)} 个")
