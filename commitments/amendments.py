"""Changes to a published commitment's target, unit or due date, and its terminal states (调整 / 暂缓).

Each change needs a reason that is kept with it in a public history entry: the goal post cannot move
unseen (DESIGN.md "Targets and progress").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from commitments import figures, history
from commitments.models import Commitment

GUARDED_FIELDS = ("target_value", "unit", "due_date", "baseline_value", "comparator", "kind")


class AmendmentError(Exception):
    """A change that cannot be made; the message is for the user."""


def guarded_changes(commitment: Commitment, new_values: dict) -> dict[str, list]:
    """Guarded fields that ``new_values`` would change on a commitment, as {field: [old, new]}."""
    old = {f: getattr(commitment, f) for f in GUARDED_FIELDS if f in new_values}
    return history.diff(old, {f: new_values[f] for f in old})


def needs_reason(commitment: Commitment, new_values: dict) -> bool:
    """A published commitment's target, unit or due date changes only with a reason."""
    return commitment.pk is not None and commitment.is_public and bool(guarded_changes(commitment, new_values))


@transaction.atomic
def change_target(
    commitment: Commitment,
    *,
    by,
    reason: str,
    target_value: Decimal | None = None,
    unit: str | None = None,
    due_date: date | None = None,
) -> Commitment:
    """Change the target, unit or due date of a commitment, recording old and new values with the reason."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    new = {k: v for k, v in {"target_value": target_value, "unit": unit, "due_date": due_date}.items() if v is not None}
    changed = guarded_changes(commitment, new)
    if not changed:
        return commitment
    if commitment.is_public and not reason.strip():
        raise AmendmentError("修改已公开任务的目标值、单位或完成期限必须填写原因")
    if "due_date" in changed and new["due_date"] < commitment.start_date:
        raise AmendmentError("完成期限不能早于开始日期")
    for field, (_old, value) in changed.items():
        setattr(commitment, field, new.get(field, value))
    commitment.save(update_fields=[*changed, "updated_at"])
    history.record(commitment, "commitment.target_changed", by=by, data=changed, reason=reason.strip())
    figures.recompute(commitment, today=timezone.localdate())
    return commitment


@transaction.atomic
def set_terminal(commitment: Commitment, *, state: str, by, reason: str) -> Commitment:
    """调整 (the government changed the task) or 暂缓 (suspended): terminal, with a public reason."""
    if state not in Commitment.Terminal.values:
        raise AmendmentError("终止状态只能是“调整”或“暂缓”")
    if not reason.strip():
        raise AmendmentError("调整或暂缓任务必须填写公开的原因")
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    commitment.terminal_state, commitment.terminal_reason = state, reason.strip()
    commitment.save(update_fields=["terminal_state", "terminal_reason", "updated_at"])
    history.record(commitment, f"commitment.{state}", by=by, data={"terminal_state": state}, reason=reason.strip())
    figures.recompute(commitment, today=timezone.localdate())
    return commitment
