"""The management commands: thin twins of the tasks, a one-line summary, safe to rerun, clear refusals."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commitments.models import Bulletin, Commitment, Escalation, OutboxMessage


def _call(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def test_run_scan_prints_one_line_and_a_rerun_changes_nothing(overdue_commitment, reporter_a):
    first = _call("run_scan", "--date", "2025-01-05")
    assert first == (
        "2025-01-05: 检查 1 项，更新 1 项（新增逾期 1 项，新增滞后 0 项）；"
        "新增预警：红色督办 1、黄色催办 0、蓝色提醒 0；解除 0 条；建议督办 1 件；新消息 1 条"
    )
    assert "更新 0 项" in _call("run_scan", "--date", "2025-01-05")
    assert Escalation.objects.count() == 1


def test_run_escalation_is_the_same_command(overdue_commitment):
    assert "红色督办 1" in _call("run_escalation", "--date", "2025-01-05")


def test_a_dry_run_writes_nothing(overdue_commitment, reporter_a):
    out = _call("run_scan", "--date", "2025-01-05", "--dry-run")
    assert out.startswith("（试运行，未写入）2025-01-05: 检查 1 项，更新 1 项")
    assert Commitment.objects.get(pk=overdue_commitment.pk).status == "not_started"
    assert (Escalation.objects.count(), OutboxMessage.objects.count()) == (0, 0)


@pytest.mark.parametrize("bad", ["2025-13-01", "05/01/2025", "昨天"])
def test_a_malformed_date_is_refused_in_chinese_and_nothing_is_written(overdue_commitment, bad):
    for command in ("run_scan", "run_reminders", "send_digest"):
        with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD"):
            call_command(command, "--date", bad)
    assert Commitment.objects.get(pk=overdue_commitment.pk).status == "not_started"


@pytest.mark.parametrize("bad", ["2024-13", "2024", "十一月"])
def test_a_malformed_month_is_refused_in_chinese(db, bad):
    with pytest.raises(CommandError, match="月份格式应为 YYYY-MM"):
        call_command("send_bulletin", "--month", bad)
    assert Bulletin.objects.count() == 0


def test_run_reminders_and_send_digest_summarise(make_commitment, reporter_a, supervisor):
    make_commitment(due_date=date(2024, 6, 22))
    assert _call("run_reminders", "--date", "2024-06-15") == "2024-06-15: 1 项提醒，1 条新消息"
    assert _call("run_reminders", "--date", "2024-06-15") == "2024-06-15: 1 项提醒，0 条新消息"
    assert _call("send_digest", "--date", "2024-06-17").endswith("；1 条新消息")


def test_send_bulletin_dry_run_stores_nothing_and_the_real_run_stores_once(overdue_commitment, supervisor):
    _call("run_scan", "--date", "2025-01-01")
    dry = _call("send_bulletin", "--month", "2024-12", "--date", "2025-01-01", "--dry-run")
    assert dry.startswith("（试运行，未写入）2024年12月督查通报: 任务 1 项，已完成 0 项，完成率 0.0%，红色督办 1 项")
    assert Bulletin.objects.count() == 0
    _call("send_bulletin", "--month", "2024-12", "--date", "2025-01-01")
    _call("send_bulletin", "--month", "2024-12", "--date", "2025-01-01")
    assert Bulletin.objects.count() == 1
    assert OutboxMessage.objects.filter(kind="bulletin").count() == 1
