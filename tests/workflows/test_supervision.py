"""督办 notices (commitments.supervision): issue, respond, close; proposals stay internal until confirmed."""

from __future__ import annotations

from datetime import date

import pytest

from commitments import supervision
from commitments.models import HistoryEntry, SupervisionNotice

TODAY = date(2024, 6, 28)


def _notice_actions() -> list[str]:
    return list(
        HistoryEntry.objects.filter(action__startswith="notice.").order_by("pk").values_list("action", flat=True)
    )


@pytest.fixture
def notice(make_commitment, supervisor):
    reason = "老旧小区改造进度滞后，请说明原因并提出措施"
    return supervision.issue_notice(
        make_commitment(), by=supervisor, reason=reason, response_due=date(2024, 7, 5), today=TODAY
    )


def test_it_issues_a_notice_to_the_lead_department(notice, dept_a, supervisor):
    assert (notice.department, notice.state, notice.issued_by) == (dept_a, "open", supervisor)
    assert _notice_actions() == ["notice.issued"]


def test_a_reporter_cannot_issue_a_notice(make_commitment, reporter_a):
    with pytest.raises(supervision.SupervisionError, match="督查室"):
        supervision.issue_notice(make_commitment(), by=reporter_a, reason="催办", response_due=TODAY, today=TODAY)
    assert not SupervisionNotice.objects.exists()


@pytest.mark.parametrize(
    ("reason", "due", "message"),
    [
        ("  ", date(2024, 7, 5), "督办事由"),
        ("请说明", date(2024, 6, 27), "不能早于今天"),
        ("请说明", date(2025, 12, 1), "一年"),
    ],
)
def test_bad_notices_are_refused_and_nothing_is_written(reason, due, message, make_commitment, supervisor):
    with pytest.raises(supervision.SupervisionError, match=message):
        supervision.issue_notice(make_commitment(), by=supervisor, reason=reason, response_due=due, today=TODAY)
    assert not SupervisionNotice.objects.exists()
    assert not _notice_actions()


def test_the_department_responds(notice, reporter_a):
    supervision.respond(notice, by=reporter_a, response="已增派施工队伍，7月底前完成")

    notice.refresh_from_db()
    assert (notice.state, notice.responded_by) == ("responded", reporter_a)
    assert _notice_actions() == ["notice.issued", "notice.responded"]


def test_reporter_b_cannot_respond_to_dept_a_notice(notice, reporter_b):
    with pytest.raises(supervision.SupervisionError, match="被督办单位"):
        supervision.respond(notice, by=reporter_b, response="代为答复")
    notice.refresh_from_db()
    assert (notice.state, notice.response) == ("open", "")


def test_an_empty_response_is_refused(notice, reporter_a):
    with pytest.raises(supervision.SupervisionError, match="答复内容"):
        supervision.respond(notice, by=reporter_a, response=" ")
    notice.refresh_from_db()
    assert notice.state == "open"


def test_the_supervisor_closes_a_notice_once(notice, reporter_a, supervisor):
    supervision.respond(notice, by=reporter_a, response="已完成整改")

    supervision.close(notice, by=supervisor, note="整改到位")
    notice.refresh_from_db()
    assert (notice.state, notice.closed_by) == ("closed", supervisor)
    with pytest.raises(supervision.SupervisionError, match="已经办结"):
        supervision.close(notice, by=supervisor)


def test_a_department_cannot_close_its_own_notice(notice, reporter_a):
    with pytest.raises(supervision.SupervisionError, match="督查室"):
        supervision.close(notice, by=reporter_a)


def test_overdue_notices_are_open_ones_past_their_response_date(notice, reporter_a, make_commitment, dept_a):
    answered = SupervisionNotice.objects.create(
        commitment=make_commitment(), department=dept_a, reason="催办", response_due=date(2024, 6, 1),
        state="responded", response="已答复",
    )  # fmt: skip

    assert list(supervision.overdue_notices(today=date(2024, 7, 6))) == [notice]
    assert not supervision.overdue_notices(today=date(2024, 7, 5)).exists()
    assert answered not in supervision.overdue_notices(today=date(2024, 7, 6))
    assert notice.is_overdue(today=date(2024, 7, 6))


def test_a_proposal_reaches_the_department_only_once_confirmed(make_commitment, dept_a, supervisor, reporter_a):
    proposal = SupervisionNotice.objects.create(
        commitment=make_commitment(), department=dept_a, reason="红色督办：已逾期", response_due=TODAY, proposed=True
    )
    with pytest.raises(supervision.SupervisionError):
        supervision.respond(proposal, by=reporter_a, response="答复")

    supervision.confirm_proposal(proposal, by=supervisor, response_due=date(2024, 7, 10), today=TODAY)

    proposal.refresh_from_db()
    assert (proposal.proposed, proposal.response_due, proposal.issued_by) == (False, date(2024, 7, 10), supervisor)
