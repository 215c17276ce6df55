"""Delete audit rows past the retention period (TRACKER_AUDIT_RETENTION_DAYS, at least 180 days).

    python manage.py purge_audit [--dry-run]

The database refuses to delete younger rows (commitments/audit_guards.py), so this is the only way audit
rows ever leave; run it as often as you like (rerunning deletes nothing new).
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from commitments.ops import audit_guards


class Command(BaseCommand):
    help = "删除超过保存期限（至少 180 天）的审计记录"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        counts = audit_guards.purge_expired(now=timezone.now(), dry_run=dry_run)
        total = sum(counts.values())
        verb = "将删除" if dry_run else "已删除"
        detail = "，".join(f"{table} {n} 条" for table, n in counts.items() if n) or "无"
        self.stdout.write(f"{verb}超过保存期限的审计记录 {total} 条（{detail}）")
