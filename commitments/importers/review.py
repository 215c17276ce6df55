"""Review of an imported report's drafts (导入审核, issue 15): what the page shows, and accepting rows.

An import writes draft commitments: not public, no department. An administrator reviews them on one page: each
target with its quote highlighted in its paragraph, the importer's warnings beside the rows they concern, the
figures editable in place, and one action that accepts the checked rows. Accepting saves the reviewed figures and
records ``commitment.import_accepted``; it publishes nothing. A draft becomes public only when an administrator
publishes it afterwards, as any commitment is published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from commitments import figures, history
from commitments.importers.debris import ANNEX, clean_report
from commitments.importers.errors import ReportImportError
from commitments.importers.key_tasks import MILESTONE
from commitments.models import Commitment, HistoryEntry, WorkReport

ACCEPTED = "commitment.import_accepted"
IMPORTED = ("work_report.imported", "report.imported")  # the code, and its code before the rename
EDITABLE = ["title", "target_value", "unit", "comparator", "kind", "baseline_value"]
_CODE = re.compile(r"\d{4}-\d+(?:-\d+)*-\d{2}")


@dataclass(frozen=True)
class ReviewRow:
    """One draft as the review page shows it: its paragraph split around the quote, and its warnings."""

    commitment: Commitment
    before: str
    quote: str
    after: str
    paragraph: int | None  # 1-based number of the paragraph in the cleaned text, or None when not found
    warnings: tuple[str, ...]
    accepted: bool


@dataclass(frozen=True)
class Review:
    work_report: WorkReport
    rows: tuple[ReviewRow, ...]
    warnings: tuple[str, ...]  # the import's warnings that name no row

    @property
    def accepted(self) -> int:
        return sum(1 for r in self.rows if r.accepted)


def drafts_of(work_report: WorkReport):
    """The commitments of ``work_report`` still under review: not public (one query)."""
    drafts = Commitment.objects.filter(work_report=work_report, is_public=False)
    return drafts.select_related("section").order_by("position")


def _locate(paragraphs: tuple[str, ...], quote: str) -> tuple[int | None, str, str, str]:
    for number, paragraph in enumerate(paragraphs, start=1):
        at = paragraph.find(quote)
        if at >= 0:
            return number, paragraph[:at], quote, paragraph[at + len(quote) :]
    return None, "", quote, ""


def _paragraph_of(paragraphs: tuple[str, ...], text: str) -> int | None:
    return next((n for n, p in enumerate(paragraphs, start=1) if text and text in p), None)


def _row_warnings(c: Commitment, paragraphs: tuple[str, ...], named: list[str]) -> list[str]:
    found = [w for w in named if c.code in _CODE.findall(w)]
    if c.baseline_value is not None and c.baseline_quote:
        where = _paragraph_of(paragraphs, c.baseline_quote)
        place = f"上文第 {where} 段" if where else "回顾部分"
        found.append(f"基数取自{place}：“{c.baseline_quote[:60]}”，请核对是否同一指标、同一口径")
    elif c.kind in (Commitment.Kind.LEVEL, Commitment.Kind.GROWTH, Commitment.Kind.RATIO):
        found.append("回顾部分没有找到上年同一指标的数值，基数为空：如有请补充")
    if ANNEX.match(c.section.heading) or ANNEX.match(c.quote):
        found.append(f"来自附件“{c.section.heading}”")
    return found


def review(work_report: WorkReport) -> Review:
    """What the review page of ``work_report`` shows (three queries: drafts, acceptances, the last import)."""
    drafts = list(drafts_of(work_report))
    text = work_report.source_text
    paragraphs = clean_report(text).paragraphs if text else ()
    accepted = set(
        HistoryEntry.objects.filter(action=ACCEPTED, commitment__in=drafts).values_list("commitment_id", flat=True)
    )
    imported = (
        HistoryEntry.objects.filter(
            action__in=IMPORTED, object_type=work_report._meta.label_lower, object_id=str(work_report.pk)
        )
        .order_by("-at", "-pk")
        .first()
    )
    named = list((imported.data or {}).get("warnings", [])) if imported else []
    rows = []
    for c in drafts:
        number, before, quote, after = _locate(paragraphs, c.quote)
        rows.append(
            ReviewRow(c, before, quote, after, number, tuple(_row_warnings(c, paragraphs, named)), c.pk in accepted)
        )
    codes = {c.code for c in drafts}
    general = tuple(w for w in named if not codes & set(_CODE.findall(w)))
    return Review(work_report, tuple(rows), general)


@transaction.atomic
def accept(commitments: list[Commitment], values: dict[int, dict], *, by, today: date) -> list[Commitment]:
    """Accept reviewed drafts (审核通过导入的任务): save each one's reviewed figures and record the acceptance.

    ``values`` maps a commitment's id to its reviewed EDITABLE fields. All or nothing: a draft that was published
    meanwhile, or a quantified task without a target value, raises ReportImportError and nothing is saved.
    Derived figures are recomputed on ``today``. Accepting again records the figures as they are then.
    """
    locked = {c.pk: c for c in Commitment.objects.select_for_update().filter(pk__in=[c.pk for c in commitments])}
    done = []
    for commitment in commitments:
        c = locked[commitment.pk]
        new = values[c.pk]
        if c.is_public:
            raise ReportImportError(f"{c.code} 已公开，不能在导入审核中修改；请在“重点任务”中按调整流程修改。")
        if new["kind"] != MILESTONE and new["target_value"] is None:
            raise ReportImportError(f"{c.code}：量化任务必须填写目标值（或把类型改为“节点（定性）”）。")
        if new["kind"] == MILESTONE:
            new = {**new, "target_value": None, "baseline_value": None}
        changed = history.diff({f: getattr(c, f) for f in EDITABLE}, new)
        for field, (_, after) in changed.items():
            setattr(c, field, after)
        if changed:
            c.save(update_fields=[*changed, "updated_at"])
        history.record(c, ACCEPTED, by=by, data=changed)
        done.append(c)
    for c in done:
        figures.recompute(c, today=today)
    return done


def as_decimal(text: str) -> Decimal | None:
    """A figure typed in the review form: full-width digits and thousands separators allowed; "" is None."""
    from commitments.importers.numbers import normalise

    plain = normalise(text or "").strip().replace(",", "")
    if not plain:
        return None
    try:
        return Decimal(plain)
    except ArithmeticError as exc:
        raise ValueError(plain) from exc
