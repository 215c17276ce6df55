"""The default beat schedule, declared once, seeded into django-celery-beat's tables after every migrate.

The administrator edits the rows in the admin (周期任务); seeding only creates the missing ones, so an edit
(another hour, a disabled job) survives every later migrate. Times are Asia/Shanghai. A new row counts as
last run a day before seeding, so beat's first start catches up on what is already due today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

TIMEZONE = "Asia/Shanghai"


@dataclass(frozen=True)
class Entry:
    name: str
    task: str
    minute: str
    hour: str
    day_of_week: str = "*"
    day_of_month: str = "*"
    description: str = ""


DEFAULTS = (
    Entry("每日状态扫描与预警", "commitments.tasks.run_daily_scan", "0", "7",
          description="重算全部任务的进度与状态，生成蓝、黄、红色预警，红色事项建议督办"),
    Entry("每日提醒", "commitments.tasks.send_reminders", "0", "8",
          description="提醒牵头单位：节点与任务到期、逾期、月度填报、督办答复"),
    Entry("每周督查摘要", "commitments.tasks.send_weekly_digest", "30", "8", day_of_week="1",
          description="每周一发给督查室：新增逾期与滞后、待审核填报、未答复督办"),
    Entry("月度督查通报", "commitments.tasks.publish_monthly_bulletin", "0", "9", day_of_month="1",
          description="每月1日生成上月督查通报（Excel 与 Word）"),
    Entry("补发未送达消息", "commitments.tasks.deliver_pending", "*/5", "*",
          description="代理或邮件服务中断后补发尚未送达的消息"),
    Entry("工作进程心跳", "commitments.tasks.heartbeat", "*", "*",
          description="健康检查据此判断工作进程与定时调度是否在运行"),
)  # fmt: skip


def ensure_schedules() -> int:
    """Create the missing default periodic tasks; never changes existing ones. Returns how many were created."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    created = 0
    for entry in DEFAULTS:
        if PeriodicTask.objects.filter(name=entry.name).exists():
            continue
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=entry.minute,
            hour=entry.hour,
            day_of_week=entry.day_of_week,
            day_of_month=entry.day_of_month,
            month_of_year="*",
            timezone=TIMEZONE,
        )
        PeriodicTask.objects.create(
            name=entry.name,
            task=entry.task,
            crontab=crontab,
            description=entry.description,
            # Left empty, beat would count from the moment of seeding, and a tracker installed at 15:00
            # would wait until 07:00 tomorrow for its first scan. A day back, the run of today that is
            # already due (the scan, the reminders; the digest on a Monday; the bulletin on the 1st)
            # happens as soon as beat starts, once: every job is idempotent.
            last_run_at=timezone.now() - timedelta(days=1),
        )
        created += 1
    return created


def install_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """post_migrate handler: seed the schedule once django-celery-beat's tables exist."""
    from django.db import connections

    tables = connections[using].introspection.table_names()
    if "django_celery_beat_periodictask" in tables:
        ensure_schedules()
