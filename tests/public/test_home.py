"""Home page: the report's progress at a glance, from the derived figures the database holds."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from commitments.models import Commitment, ProgressReport, Section

pytestmark = pytest.mark.django_db
HOME = reverse("public:home")


def test_it_shows_the_completion_rate_as_completed_over_all(client, make_commitment, approve):
    done, _, _, _ = [make_commitment() for _ in range(4)]
    approve(done, value="103")

    response = client.get(HOME)

    assert done.status == Commitment.Status.COMPLETED
    assert "25%" in response.text and "已完成 1 / 共 4 项" in response.text


def test_it_counts_commitments_by_status_as_stored(client, make_commitment, approve, recompute):
    a, b, c = make_commitment(), make_commitment(), make_commitment(due_date=date(2024, 3, 31))
    approve(a, value="103")
    approve(b, value="10")
    recompute(c)
    stored = {s: Commitment.objects.filter(status=s).count() for s in Commitment.Status.values}

    response = client.get(HOME)

    summary = response.context["page"].summary
    assert {s.value: s.count for s in summary.statuses} == stored
    assert f"逾期 {stored['overdue']} 项" in response.text


def test_average_progress_and_expected_pace_leave_out_suspended_tasks(client, make_commitment, approve, recompute):
    running = make_commitment()
    approve(running, value="51.5")
    recompute(make_commitment(terminal_state="suspended", terminal_reason="资金调整"))

    summary = client.get(HOME).context["page"].summary

    assert summary.average_progress == Decimal("50.0")
    assert summary.total == 2


def test_every_figure_says_when_its_data_is_from(client, make_commitment):
    make_commitment()

    response = client.get(HOME)

    assert response.text.count("数据截至") >= 6


def test_a_section_row_counts_the_tasks_of_its_sub_sections(client, work_report, section, make_commitment, approve):
    child = Section.objects.create(
        work_report=work_report, parent=section, key="2.1", number="（一）", heading="精致之城", level=2
    )
    approve(make_commitment(section=child), value="103")
    make_commitment(section=section)

    rows = {r.section.key: r.tally for r in client.get(HOME).context["page"].sections}

    assert (rows["2"].total, rows["2"].completed) == (2, 1)
    assert (rows["2.1"].total, rows["2.1"].completion_rate) == (1, Decimal("100.0"))


def test_departments_are_ranked_by_completion_rate(client, make_commitment, approve, dept_a, dept_b):
    make_commitment(lead_department=dept_a)
    approve(make_commitment(lead_department=dept_b), value="103")

    rows = client.get(HOME).context["page"].departments

    assert [r.slug for r in rows] == [dept_b.slug, dept_a.slug]


def test_departments_are_ranked_by_on_time_reporting(client, make_commitment, approve, dept_a, dept_b):
    late = make_commitment(lead_department=dept_a)
    on_time = make_commitment(lead_department=dept_b)
    approve(on_time, month=6, day=date(2024, 6, 20))
    approve(late, month=6, day=date(2024, 6, 28))

    rows = client.get(HOME).context["page"].compliance

    assert [r.department.slug for r in rows][:2] == [dept_b.slug, dept_a.slug]
    assert (rows[0].on_time, rows[1].late) == (1, 1)


def test_latest_updates_list_approved_reports_only(client, make_commitment, approve, make_progress_report):
    c = make_commitment()
    approve(c, narrative="已审核的进展")
    make_progress_report(c, narrative="还在草稿里的话", state=ProgressReport.State.DRAFT)
    make_progress_report(c, narrative="等待审核的话", state=ProgressReport.State.SUBMITTED)

    response = client.get(HOME)

    assert "已审核的进展" in response.text
    assert "还在草稿里的话" not in response.text and "等待审核的话" not in response.text


def test_it_shows_the_latest_public_report_by_default(client, make_commitment, second_report):
    make_commitment()
    later, _ = second_report

    response = client.get(HOME)

    assert response.context["page"].work_report == later


def test_it_switches_report_by_query(client, work_report, make_commitment, second_report):
    make_commitment()

    response = client.get(HOME, {"report": work_report.pk})

    assert response.context["page"].work_report == work_report
    assert f"<h1>{work_report.title}：重点任务进展</h1>" in response.text and "共 1 项公开的重点任务" in response.text


def test_a_report_that_is_not_public_is_neither_offered_nor_shown(client, work_report, make_commitment, second_report):
    hidden, _ = second_report
    hidden.is_public = False
    hidden.save()
    make_commitment()

    assert client.get(HOME, {"report": hidden.pk}).status_code == 404
    assert hidden.title not in client.get(HOME).text


@pytest.mark.parametrize("value", ["999999", "abc", "1 OR 1=1"])
def test_an_unknown_report_is_not_found(client, make_commitment, value):
    make_commitment()

    assert client.get(HOME, {"report": value}).status_code == 404


def test_it_says_so_when_nothing_is_public_yet(client, db):
    response = client.get(HOME)

    assert response.status_code == 200 and "还没有公开的报告" in response.text


def test_the_keyword_box_searches_the_shown_report(client, work_report, make_commitment):
    make_commitment()

    response = client.get(HOME)

    assert f'action="{reverse("public:commitment-list")}"' in response.text
    assert f'name="report" value="{work_report.pk}"' in response.text


def test_update_times_are_shown_in_shanghai(client, make_commitment, approve):
    from zoneinfo import ZoneInfo

    c = make_commitment()
    # 23:30 UTC on 30 June is already 1 July in Shanghai.
    approve(c, day=date(2024, 6, 30), reviewed_at=datetime(2024, 6, 30, 23, 30, tzinfo=ZoneInfo("UTC")))

    assert "2024年7月1日审核通过" in client.get(HOME).text
