"""Audit entries written by domain functions, and the public change log of a commitment.

Every write path calls ``record`` with a dotted, stable action code registered in ``commitments.actions``
(``commitment.target_changed``, ``progress_report.approved``); an entry is public exactly when its action is:
changes to a published target, unit or due date, publication, adjustments and suspensions.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from commitments import actions
from commitments.models import Commitment, HistoryEntry


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            # 103.0000 from the database and 103 typed by a person are the same figure: write it plainly.
            return f"{o.normalize():f}"
        return super().default(o)


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    # JSONField cannot hold Decimal or date: go through the encoder once.
    return json.loads(json.dumps(data, cls=_Encoder))


def _commitment_of(obj: models.Model) -> Commitment | None:
    if isinstance(obj, Commitment):
        return obj
    return getattr(obj, "commitment", None)


def record(
    obj: models.Model,
    action: str,
    *,
    by=None,
    data: dict[str, Any] | None = None,
    reason: str = "",
    ip: str | None = None,
) -> HistoryEntry:
    """Write one audit entry for ``obj``: who, when (now), what (``action`` and ``data``), why and from where."""
    actions.get(action)  # an unregistered code is a programming error, caught before anything is written
    return HistoryEntry.objects.create(
        action=action,
        actor=by if getattr(by, "pk", None) else None,
        actor_name=by.get_username() if getattr(by, "pk", None) else "",
        ip_address=ip,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        commitment=_commitment_of(obj),
        data=_plain(data or {}),
        reason=reason,
        is_public=actions.is_public(action),
    )


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose values differ, as {field: [old, new]}; Decimals compare by value (28 == 28.0000)."""
    changed = {}
    for key, after in new.items():
        before = old.get(key)
        same = (
            (before == after) if not isinstance(after, Decimal) else (before is not None and Decimal(before) == after)
        )
        if not same:
            changed[key] = [before, after]
    return changed


def public_changes(commitment: Commitment):
    return HistoryEntry.objects.filter(commitment=commitment, is_public=True).order_by("at", "pk")
