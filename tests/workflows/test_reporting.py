"""Monthly reporting compliance: on time by the 25th, late, missing, stale after 60 days."""

from datetime import date, datetime, timedelta
from decimal import Decimal as D
from zoneinfo import ZoneInfo

from django.utils import timezone

from commitments import reporting
from commitments.models import Commitment

SH = ZoneInfo("Asia/Shanghai")


def submitted(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 16, tzinfo=SH)


def test_reporting_deadline_is_the_25th_or_the_end_of_a_short_month(settings):
    assert reporting.reporting_deadline(date(2024, 3, 1)) == date(2024, 3, 25)
    settings.TRACKER_REPORTING_DAY = 30
    assert reporting.reporting_deadline(date(2024, 2, 1)) == date(2024, 2, 29)


def test_each_department_is_counted_on_time_late_missing_and_pending(make_commitment, make_progress_report, dept_b):
    a = make_commitment()
    b = make_commitment(lead_department=dept_b)
    make_progress_report(a, period=date(2024, 1, 1), state="approved", submitted_at=submitted(date(2024, 1, 25)))
    make_progress_report(a, period=date(2024, 2, 1), state="submitted", submitted_at=submitted(date(2024, 2, 26)))
    make_progress_report(b, period=date(2024, 1, 1), state="draft")  # a draft is not a report
    months = reporting.months_between(date(2024, 1, 1), date(2024, 3, 31))
    result = {
        d.department.slug: (d.on_time, d.late, d.missing, d.pending)
        for d in reporting.department_compliance(
            commitments=Commitment.objects.all(), months=months, today=date(2024, 3, 10)
        )
    }
    assert result == {"zjj": (1, 1, 0, 1), "cgj": (0, 0, 2, 1)}


def test_public_compliance_counts_approved_reports_only(make_commitment, make_progress_report):
    a = make_commitment()
    make_progress_report(a, period=date(2024, 1, 1), state="submitted", submitted_at=submitted(date(2024, 1, 20)))
    [row] = reporting.department_compliance(
        commitments=Commitment.objects.all(), months=[date(2024, 1, 1)], today=date(2024, 2, 1), approved_only=True
    )
    assert (row.on_time, row.missing, row.on_time_rate) == (0, 1, D("0.0"))


def test_a_department_owes_reports_for_running_commitments_not_yet_reported(
    make_commitment, make_progress_report, dept_a
):
    owed = make_commitment()
    done = make_commitment()
    make_commitment(start_date=date(2024, 7, 1))  # not started yet in March
    make_commitment(terminal_state="suspended", terminal_reason="暂缓")
    make_progress_report(done, period=date(2024, 3, 1), state="submitted", submitted_at=submitted(date(2024, 3, 5)))
    assert list(reporting.owed_this_month(department=dept_a, today=date(2024, 3, 10))) == [owed]


def test_a_commitment_is_stale_sixty_days_after_its_last_approved_update(make_commitment):
    today = date(2024, 9, 1)
    fresh = make_commitment(last_approved_at=timezone.make_aware(datetime(2024, 8, 1)))
    stale = make_commitment(last_approved_at=timezone.make_aware(datetime(2024, 6, 1)))
    never = make_commitment()
    result = set(reporting.stale_commitments(today=today))
    assert stale in result and never in result and fresh not in result
    assert reporting.stale_commitments(today=date(2024, 1, 31)).count() == 0
    assert today - timedelta(days=60) > date(2024, 6, 1)
