"""Restore a backup made by ``manage.py backup`` into a given database, then prove it by the manifest.

    python manage.py restore --input /var/backups/tracker/2024-11-25 \
        --database-url postgres://tracker@db:5432/tracker_restore [--media-root /srv/tracker/media] [--replace]

The target is named explicitly (never taken from the running settings), and must be empty unless --replace.
Exits non-zero, naming the tables, when any row count or checksum differs from the backup's manifest.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from commitments.ops import backups


class Command(BaseCommand):
    help = "把 backup 生成的备份恢复到指定数据库，并按清单核对各表行数与校验和"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--input", dest="source", required=True, type=Path, help="backup 生成的备份目录")
        parser.add_argument("--database-url", required=True, help="恢复目标，如 postgres://user@host:5432/name")
        parser.add_argument("--media-root", type=Path, default=None, help="上传文件恢复到的目录（默认 MEDIA_ROOT）")
        parser.add_argument("--replace", action="store_true", help="目标库已有数据表时覆盖")

    def handle(self, *args, source: Path, database_url: str, media_root: Path | None, replace: bool, **options):
        try:
            result = backups.restore(
                source=source,
                target=backups.target_from_url(database_url),
                media_root=media_root or Path(settings.MEDIA_ROOT),
                replace=replace,
            )
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        if result["mismatches"]:
            raise CommandError(f"恢复后与备份清单不符的表：{'、'.join(result['mismatches'])}")
        self.stdout.write(
            f"已恢复并核对：{result['tables']} 张表 {result['rows']} 行与清单一致，上传文件 {result['files']} 个"
        )
