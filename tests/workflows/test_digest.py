"""The supervisors' weekly digest: what became overdue or lagging this week, and what waits on someone."""

from datetime import date
from decimal import Decimal as D

from commitments import digest, escalation, scan
from commitments.models import Commitment, OutboxMessage, SupervisionNotice


def _section(built: digest.Digest, title: str) -> digest.Section:
    return next(s for s in built.sections if s.title == title)


def test_it_lists_tasks_that_became_overdue_this_week_only(overdue_commitment, make_commitment):
    old = make_commitment(title="早已逾期", due_date=date(2024, 11, 30))
    Commitment.objects.filter(pk=old.pk).update(status="overdue", status_since=date(2024, 12, 1))
    scan.scan(today=date(2025, 1, 1))
    built = digest.build(today=date(2025, 1, 6))
    overdue = _section(built, "本周新增逾期任务")
    assert overdue.count == 1
    assert overdue.lines[0].startswith(f"{overdue_commitment.code} 老旧小区改造（市住房和城乡建设局）")


def test_it_counts_reports_awaiting_review_and_notices_without_response(make_commitment, make_progress_report, dept_a):
    c = make_commitment()
    make_progress_report(c, period=date(2024, 6, 1), state="submitted")
    make_progress_report(c, period=date(2024, 5, 1), state="approved")
    SupervisionNotice.objects.create(commitment=c, department=dept_a, reason="请说明", response_due=date(2024, 6, 1))
    SupervisionNotice.objects.create(commitment=c, department=dept_a, reason="建议", response_due=date(2024, 6, 9),
                                     proposed=True)  # fmt: skip
    built = digest.build(today=date(2024, 6, 3))
    assert _section(built, "待审核的进展填报").count == 1
    answer = _section(built, "未答复的督办通知")
    assert answer.count == 1 and answer.lines[0].endswith("已超期")
    assert _section(built, "待确认的系统建议督办").count == 1


def test_it_goes_to_supervisors_once_a_week(overdue_commitment, reporter_a, supervisor):
    scan.scan(today=date(2025, 1, 1))
    escalation.escalate_all(today=date(2025, 1, 1))
    assert digest.send(today=date(2025, 1, 6)) == 1  # Monday
    assert digest.send(today=date(2025, 1, 6)) == 0
    assert digest.send(today=date(2025, 1, 8)) == 0  # same week
    assert digest.send(today=date(2025, 1, 13)) == 1  # next Monday
    message = OutboxMessage.objects.filter(kind="digest").order_by("pk").first()
    assert message.recipient == supervisor
    assert message.subject == "督查周报（2025年1月6日当周）"
    assert "本周新增逾期任务：1 项" in message.body_text
    assert "待确认的系统建议督办：1 项" in message.body_text


def test_a_long_list_is_cut_and_says_how_many_more(make_commitment):
    for _ in range(digest.LIST_LIMIT + 3):
        c = make_commitment()
        Commitment.objects.filter(pk=c.pk).update(status="lagging", status_since=date(2024, 6, 3), pace="behind",
                                                  progress_percent=D(1))  # fmt: skip
    lagging = _section(digest.build(today=date(2024, 6, 3)), "本周新增滞后任务")
    assert (lagging.count, len(lagging.lines), lagging.more) == (53, 50, 3)
