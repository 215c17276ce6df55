"""The admin start page (工作台) and the monthly compliance page, in the escalation colours of DESIGN.md."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments import figures, reporting
from commitments.admin.dashboard import last_due_period


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def overdue(make_commitment, today):
    commitment = make_commitment(
        code="2024-2-1-90",
        title="逾期的任务",
        start_date=today - timedelta(days=400),
        due_date=today - timedelta(days=30),
    )
    return figures.recompute(commitment, today=today)


@pytest.fixture
def running(make_commitment, today):
    """A task running this month and the next ones, with nothing reported."""
    start = reporting.month_start(today) - timedelta(days=70)
    return make_commitment(
        code="2024-2-1-91", title="本月应填报的任务", start_date=start, due_date=today + timedelta(days=200)
    )


def test_the_supervisor_start_page_lists_overdue_tasks_in_red(overdue, client_supervisor):
    page = client_supervisor.get(reverse("admin:index")).content.decode()

    assert "督查工作台" in page
    assert "逾期的任务" in page
    assert 'tracker-badge tracker-red">红色督办' in page


def test_a_missed_monthly_report_is_yellow_and_counted(running, client_supervisor, today):
    page = client_supervisor.get(reverse("admin:index")).content.decode()

    period = last_due_period(today)
    assert f"{period:%Y年%m月}未按时填报" in page
    assert 'tracker-badge tracker-yellow">黄色催办</span>\n          <a href="/admin/commitments/commitment/' in page


def test_reports_awaiting_review_are_counted_with_a_link(make_commitment, make_progress_report, client_supervisor):
    make_progress_report(make_commitment(), state="submitted")

    page = client_supervisor.get(reverse("admin:index")).content.decode()

    assert '?state__exact=submitted">待审核填报</a> <span class="tracker-count">1</span>' in page


def test_a_reporter_sees_what_the_department_still_owes_this_month(
    running, make_commitment, client_a, client_b, dept_b
):
    make_commitment(code="2024-2-1-92", title="城管局的任务", lead_department=dept_b, start_date=running.start_date,
                    due_date=running.due_date)  # fmt: skip

    page = client_a.get(reverse("admin:index")).content.decode()

    assert "本单位工作台" in page and "本月应填报的任务" in page
    assert f"?commitment={running.pk}" in page
    assert "城管局的任务" not in page
    assert "本月应填报的任务" not in client_b.get(reverse("admin:index")).content.decode()


def test_the_start_page_query_count_does_not_grow(make_commitment, make_progress_report, client_supervisor, today):
    def add(n: int) -> None:
        for i in range(n):
            c = make_commitment(start_date=today - timedelta(days=400), due_date=today - timedelta(days=i + 1))
            figures.recompute(c, today=today)
            make_progress_report(c, state="submitted")

    def queries() -> int:
        # session and user, then per queue a count and its first items, two colour queries and the
        # obligations of the last due month: the same for any number of commitments.
        with CaptureQueriesContext(connection) as captured:
            assert client_supervisor.get(reverse("admin:index")).status_code == 200
        return len(captured)

    add(1)
    client_supervisor.get(reverse("admin:index"))  # warm the content type and permission caches
    one = queries()
    add(19)

    assert queries() == one


def test_the_compliance_page_shows_each_department_and_stale_tasks(running, client_supervisor, today):
    period = last_due_period(today)

    page = client_supervisor.get(reverse("admin:commitments_progressreport_compliance"), {"month": f"{period:%Y-%m}"})

    content = re.sub(r">\s+<", "><", page.content.decode())
    assert '<td>住建局</td><td>0</td><td>0</td><td><strong class="tracker-overdue">1</strong></td>' in content
    assert "长期未更新" in content and "本月应填报的任务" in content


def test_the_compliance_page_is_for_supervisors_only(running, client_a):
    assert client_a.get(reverse("admin:commitments_progressreport_compliance")).status_code == 403
