"""The supervisors' weekly digest (DESIGN.md "Who uses it": 督查室 receives digests), Monday mornings.

It lists what changed in the past seven days and what waits on someone: commitments that became overdue
or lagging (by ``status_since``, which the status scan sets), reports awaiting review, and supervision
notices without a response, overdue ones first, with proposals awaiting confirmation apart. One message per
supervisor and week (keyed by the week's Monday), so a rerun sends nothing twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from commitments import notify
from commitments.models import Commitment, ProgressReport, SupervisionNotice

logger = logging.getLogger(__name__)

WINDOW_DAYS = 7
LIST_LIMIT = 50  # longer lists are cut, with the full count given


@dataclass(frozen=True)
class Section:
    title: str
    count: int
    lines: list[str]

    @property
    def more(self) -> int:
        return self.count - len(self.lines)


@dataclass(frozen=True)
class Digest:
    week_start: date
    today: date
    sections: list[Section]

    @property
    def is_empty(self) -> bool:
        return not any(s.count for s in self.sections)


def _department(name: str | None) -> str:
    return name or "未确定牵头单位"


def _became(status: str, *, today: date) -> tuple[int, list[str]]:
    qs = Commitment.objects.filter(
        status=status, status_since__gt=today - timedelta(days=WINDOW_DAYS), status_since__lte=today
    ).order_by("status_since", "code")
    rows = qs.values_list("code", "title", "lead_department__name", "status_reason", "status_since")[:LIST_LIMIT]
    lines = [
        f"{code} {title}（{_department(dept)}）：{reason}，{since:%m月%d日}起"
        for code, title, dept, reason, since in rows
    ]
    return qs.count(), lines


def _awaiting_review(*, today: date) -> tuple[int, list[str]]:
    qs = ProgressReport.objects.filter(state=ProgressReport.State.SUBMITTED).order_by("submitted_at", "pk")
    rows = qs.values_list(
        "commitment__code", "commitment__title", "commitment__lead_department__name", "period", "submitted_at"
    )[:LIST_LIMIT]
    lines = []
    for code, title, dept, period, submitted in rows:
        waited = (today - timezone.localdate(submitted)).days if submitted else 0
        lines.append(f"{code} {title}（{_department(dept)}）{period:%Y年%m月}填报，已等待 {waited} 天")
    return qs.count(), lines


def _notices(*, proposed: bool, today: date) -> tuple[int, list[str]]:
    qs = SupervisionNotice.objects.filter(state=SupervisionNotice.State.OPEN, proposed=proposed).order_by(
        "response_due", "pk"
    )
    rows = qs.values_list("commitment__code", "commitment__title", "department__name", "response_due")[:LIST_LIMIT]
    lines = []
    for code, title, dept, due in rows:
        late = "，已超期" if due < today else ""
        lines.append(f"{code} {title}（{dept}）答复期限 {due:%m月%d日}{late}")
    return qs.count(), lines


def build(*, today: date) -> Digest:
    """This week's digest as of ``today``, in a fixed number of queries (two per section)."""
    parts = [
        ("本周新增逾期任务", _became(Commitment.Status.OVERDUE, today=today)),
        ("本周新增滞后任务", _became(Commitment.Status.LAGGING, today=today)),
        ("待审核的进展填报", _awaiting_review(today=today)),
        ("未答复的督办通知", _notices(proposed=False, today=today)),
        ("待确认的系统建议督办", _notices(proposed=True, today=today)),
    ]
    week_start = today - timedelta(days=today.weekday())
    return Digest(week_start, today, [Section(title, count, lines) for title, (count, lines) in parts])


def send(*, today: date) -> int:
    """Store this week's digest for every supervisor; the number of new messages (0 on a rerun)."""
    digest = build(today=today)
    created = notify.weekly_digest(digest, to=notify.supervisors())
    logger.info("weekly digest %s: %d new messages", digest.week_start.isoformat(), created)
    return created
