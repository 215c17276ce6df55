"""Task breakdown (任务分解): who leads and supports a commitment, its wording, target and due date.

One write path for an administrator's edit in the admin and for the 任务分解表 import. A change to a
published commitment's target, unit or due date goes through ``amendments.change_target`` with its reason
(public); kind, comparator and baseline of a published commitment need a reason too (DESIGN.md "Targets and
progress"). Everything else is recorded as ``commitment.changed`` with old and new values.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction

from commitments import amendments, figures, history
from commitments.amendments import AmendmentError
from commitments.models import Commitment, Department
from commitments.public import cache as public_cache

# Fields amendments.change_target writes; the other guarded fields are written here under the same rule.
TARGET_FIELDS = ("target_value", "unit", "due_date")
EDITABLE_FIELDS = (
    "title",
    "quote",
    "section",
    "position",
    "lead_department",
    "kind",
    "comparator",
    "target_value",
    "unit",
    "baseline_value",
    "baseline_quote",
    "start_date",
    "due_date",
    "is_public",
    "planned_investment",
    "internal_note",
)


def _names(departments) -> list[str]:
    return sorted(str(d) for d in departments)


@transaction.atomic
def update(
    commitment: Commitment,
    *,
    by,
    values: dict[str, Any],
    today: date,
    supporting: list[Department] | None = None,
    reason: str = "",
    ip: str | None = None,
) -> Commitment:
    """Apply an administrator's changes to one commitment, with history, recompute and cache invalidation."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise AmendmentError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    guarded = amendments.guarded_changes(commitment, values)
    if guarded and amendments.needs_reason(commitment, values) and not reason.strip():
        raise AmendmentError("修改已公开任务的目标值、单位或完成期限必须填写变更原因")
    start = values.get("start_date", commitment.start_date)
    if values.get("due_date", commitment.due_date) < start:
        raise AmendmentError("完成期限不能早于开始日期")

    plain = {f: v for f, v in values.items() if f not in amendments.GUARDED_FIELDS}
    changed = {f: [_shown(getattr(commitment, f)), _shown(v)] for f, v in plain.items() if getattr(commitment, f) != v}
    # Publication is written last, so that change_target judges the reason rule on the state before this edit.
    publish = changed.pop("is_public", None)
    other_guarded = {f: values[f] for f in guarded if f not in TARGET_FIELDS}
    for field, value in {**{f: plain[f] for f in changed}, **other_guarded}.items():
        setattr(commitment, field, value)
    if changed or other_guarded:
        commitment.save(update_fields=[*changed, *other_guarded, "updated_at"])
    if other_guarded:
        data = {f: guarded[f] for f in other_guarded}
        history.record(commitment, "commitment.target_changed", by=by, data=data, reason=reason.strip(), ip=ip)

    if supporting is not None:
        before = _names(commitment.supporting_departments.all())
        after = _names(supporting)
        if before != after:
            commitment.supporting_departments.set(supporting)
            changed["supporting_departments"] = [before, after]
    if changed:
        history.record(commitment, "commitment.changed", by=by, data=changed, reason=reason.strip(), ip=ip)

    targets = {f: values[f] for f in guarded if f in TARGET_FIELDS}
    if targets:
        amendments.change_target(commitment, by=by, reason=reason, **targets)
    if publish is not None:
        commitment = Commitment.objects.get(pk=commitment.pk)  # fresh: change_target may have written targets
        commitment.is_public = plain["is_public"]
        commitment.save(update_fields=["is_public", "updated_at"])
        action = "commitment.published" if plain["is_public"] else "commitment.unpublished"
        history.record(commitment, action, by=by, data={"is_public": publish}, reason=reason.strip(), ip=ip)
    figures.recompute(commitment, today=today)
    transaction.on_commit(public_cache.invalidate)
    return Commitment.objects.get(pk=commitment.pk)


@transaction.atomic
def create(commitment: Commitment, *, by, today: date, ip: str | None = None) -> Commitment:
    """A new commitment typed in by an administrator (most come from the report importer)."""
    commitment.save()
    history.record(commitment, "commitment.created", by=by, data={"code": commitment.code}, ip=ip)
    figures.recompute(commitment, today=today)
    transaction.on_commit(public_cache.invalidate)
    return commitment


def _shown(value: Any) -> Any:
    # Departments and sections are kept in the history by name: ids mean nothing to a reader.
    if hasattr(value, "_meta"):
        return str(value)
    return value
