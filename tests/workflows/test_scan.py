"""The status scan: set-based, and the same figures as recompute() for every kind of commitment."""

from datetime import date, datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from commitments import scan
from commitments.figures import DERIVED_FIELDS, recompute
from commitments.models import Commitment, Milestone
from commitments.public import cache as public_cache

SH = ZoneInfo("Asia/Shanghai")


def _derived(pk: int) -> dict:
    return Commitment.objects.values(*DERIVED_FIELDS).get(pk=pk)


@pytest.fixture
def varied(make_commitment, make_progress_report):
    """One of each kind, with interim targets, milestones done and not, investment and no report at all."""
    count = make_commitment(planned_investment=D(20))
    Milestone.objects.create(commitment=count, title="一季度", due_date=date(2024, 3, 31), target_value=D(20))
    Milestone.objects.create(commitment=count, title="二季度", due_date=date(2024, 6, 30), target_value=D(50))
    make_progress_report(count, period=date(2024, 4, 1), value=D(30), investment_completed=D(4), state="approved")
    make_progress_report(count, period=date(2024, 5, 1), value=D(60), state="approved")
    make_progress_report(count, period=date(2024, 6, 1), value=D(99), state="submitted")
    level = make_commitment(kind="level", comparator=">", target_value=D(28), baseline_value=D("23.7"), unit="万吨")
    make_progress_report(level, period=date(2024, 5, 1), value=D(24), state="approved")
    growth = make_commitment(kind="growth", target_value=D(7), unit="%")
    make_progress_report(growth, period=date(2024, 5, 1), value=D("7.2"), state="approved")
    festival = make_commitment(kind="milestone", target_value=None, unit="")
    plan = Milestone.objects.create(commitment=festival, title="筹备方案", due_date=date(2024, 3, 31))
    Milestone.objects.create(commitment=festival, title="举办", due_date=date(2024, 10, 31), weight=D(3))
    make_progress_report(festival, milestone=plan, value=None, state="approved",
                reviewed_at=datetime(2024, 3, 20, 9, tzinfo=SH))  # fmt: skip
    recompute(festival, today=date(2024, 3, 21))  # marks the milestone done, as the approval would
    untouched = make_commitment()
    suspended = make_commitment(terminal_state="suspended", terminal_reason="资金未落实")
    return [count, level, growth, festival, untouched, suspended]


@pytest.mark.parametrize("today", [date(2024, 2, 10), date(2024, 6, 15), date(2024, 11, 30), date(2025, 1, 2)])
def test_it_gives_every_commitment_the_figures_recompute_gives(varied, today):
    scan.scan(today=today)
    scanned = {c.pk: _derived(c.pk) for c in varied}
    for c in varied:
        recompute(c, today=today)
        assert _derived(c.pk) == scanned[c.pk], c.title


def test_a_second_scan_on_the_same_day_changes_nothing(varied):
    first = scan.scan(today=date(2024, 6, 15))
    second = scan.scan(today=date(2024, 6, 15))
    assert first.changed == len(varied)
    assert (second.checked, second.changed) == (len(varied), 0)


def test_it_records_the_day_a_commitment_became_overdue_and_keeps_it(overdue_commitment):
    result = scan.scan(today=date(2025, 1, 1))
    scan.scan(today=date(2025, 1, 9))
    c = Commitment.objects.get(pk=overdue_commitment.pk)
    assert (c.status, c.status_since) == ("overdue", date(2025, 1, 1))
    assert c.status_reason == "已超过完成期限 9 天，目标未完成"
    assert result.became_overdue == 1


def test_it_counts_commitments_that_became_lagging(make_commitment, make_progress_report):
    c = make_commitment()
    make_progress_report(c, period=date(2024, 2, 1), value=D(5), state="approved")
    result = scan.scan(today=date(2024, 6, 15))
    assert Commitment.objects.get(pk=c.pk).status == "lagging"
    assert (result.became_lagging, result.became_overdue) == (1, 0)


def test_small_chunks_give_the_same_result_as_one(varied):
    scan.scan(today=date(2024, 6, 15), chunk_size=2)
    by_chunks = {c.pk: _derived(c.pk) for c in varied}
    Commitment.objects.update(progress_percent=0, expected_pace_percent=0, pace="")
    result = scan.scan(today=date(2024, 6, 15), chunk_size=10_000)
    assert {c.pk: _derived(c.pk) for c in varied} == by_chunks
    assert result.checked == len(varied)


@pytest.mark.parametrize("n", [1, 20])
def test_the_number_of_queries_does_not_grow_with_the_commitments(n, make_commitment, make_progress_report,
                                                                  django_assert_num_queries):  # fmt: skip
    for _ in range(n):
        c = make_commitment()
        Milestone.objects.create(commitment=c, title="年中", due_date=date(2024, 6, 30), target_value=D(50))
        make_progress_report(c, period=date(2024, 5, 1), value=D(40), state="approved")
    # savepoint, SET jit, lock ids, milestones, commitments with approved figures, UPDATE, release,
    # then the empty chunk: savepoint, SET jit, lock ids, release
    with django_assert_num_queries(11):
        scan.scan(today=date(2024, 6, 15))


def test_it_retires_the_public_cache_once_figures_changed(overdue_commitment, django_capture_on_commit_callbacks):
    before = public_cache.version()
    with django_capture_on_commit_callbacks(execute=True):
        scan.scan(today=date(2025, 1, 1))
    assert public_cache.version() > before
    with django_capture_on_commit_callbacks() as callbacks:
        scan.scan(today=date(2025, 1, 1))
    assert callbacks == []  # nothing changed: the cache stays warm


def test_it_leaves_an_approved_history_untouched(overdue_commitment):
    # Derived figures are not an edit: no simple-history row, as with recompute().
    before = overdue_commitment.history.count()
    scan.scan(today=date(2025, 1, 1))
    assert overdue_commitment.history.count() == before
