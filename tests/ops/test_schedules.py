"""The default beat schedule is seeded after migrate, idempotently, and an administrator's edits survive."""

from django_celery_beat.models import PeriodicTask

from commitments.ops import schedules


def test_migrate_seeded_every_default_job_in_shanghai_time(db):
    rows = {t.name: t for t in PeriodicTask.objects.select_related("crontab")}
    assert {e.name for e in schedules.DEFAULTS} <= set(rows)
    scan = rows["每日状态扫描与预警"]
    assert (scan.task, scan.crontab.minute, scan.crontab.hour, str(scan.crontab.timezone)) == (
        "commitments.tasks.run_daily_scan", "0", "7", "Asia/Shanghai")  # fmt: skip
    digest = rows["每周督查摘要"].crontab
    assert (digest.minute, digest.hour, digest.day_of_week) == ("30", "8", "1")
    assert rows["月度督查通报"].crontab.day_of_month == "1"


def test_every_scheduled_task_exists():
    from tracker.celery import app

    app.loader.import_default_modules()
    assert {e.task for e in schedules.DEFAULTS} <= set(app.tasks)


def test_seeding_again_creates_nothing_and_keeps_an_administrator_s_edit(db):
    job = PeriodicTask.objects.get(name="每日提醒")
    job.enabled = False
    job.save()
    assert schedules.ensure_schedules() == 0
    assert PeriodicTask.objects.get(name="每日提醒").enabled is False
    assert PeriodicTask.objects.filter(name="每日提醒").count() == 1


def test_a_deleted_default_comes_back(db):
    PeriodicTask.objects.filter(name="工作进程心跳").delete()
    assert schedules.ensure_schedules() == 1
    assert PeriodicTask.objects.get(name="工作进程心跳").crontab.minute == "*"


def test_beat_s_first_start_runs_today_s_scan_and_reminders_at_once(db):
    # A day back, the window since the "last run" always holds a 07:00 and an 08:00: a tracker installed in
    # the afternoon scans when beat starts, not tomorrow morning.
    from datetime import timedelta

    from django.utils import timezone
    from django_celery_beat.schedulers import ModelEntry

    from tracker.celery import app

    PeriodicTask.objects.all().delete()
    before = timezone.now()
    schedules.ensure_schedules()
    entries = {t.name: ModelEntry(t, app=app) for t in PeriodicTask.objects.all()}

    assert entries["每日状态扫描与预警"].is_due().is_due
    assert entries["每日提醒"].is_due().is_due
    seeded = PeriodicTask.objects.get(name="每日状态扫描与预警").last_run_at
    assert before - timedelta(days=1, seconds=5) <= seeded <= timezone.now() - timedelta(days=1)
