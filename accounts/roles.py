"""The roles of DESIGN.md "Who uses it" as Django groups, created idempotently by setup_tracker.

Model permissions only open the admin's doors; which rows a user reaches is decided by the permissions
module (a reporter sees their own department's work only).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

SUPERVISORS = "督查室"
REPORTERS = "部门填报员"

_REPORTER_PERMS = {
    "commitment": ["view"],
    "milestone": ["view"],
    "progressreport": ["view", "add", "change", "delete"],  # own drafts only (commitments.permissions)
    "evidence": ["view", "add", "change", "delete"],
    "supervisionnotice": ["view", "change"],
    "outboxmessage": ["view"],
    "department": ["view"],
}
_SUPERVISOR_PERMS = {
    "workreport": ["view"],
    "section": ["view"],
    "department": ["view"],
    "commitment": ["view"],
    "milestone": ["view"],
    # Reviews (approve, return, verify, close) are admin actions of their own, not edits of the rows.
    "progressreport": ["view"],
    "evidence": ["view"],
    "supervisionnotice": ["view", "add"],
    "escalation": ["view"],
    "outboxmessage": ["view"],
    "bulletin": ["view"],
    "historyentry": ["view"],
}


def _permissions(spec: dict[str, list[str]]) -> list[Permission]:
    codenames = [f"{action}_{model}" for model, actions in spec.items() for action in actions]
    return list(Permission.objects.filter(content_type__app_label="commitments", codename__in=codenames))


def ensure_roles() -> dict[str, Group]:
    """Create or update the two role groups with their model permissions; safe to rerun."""
    groups = {}
    for name, spec in ((REPORTERS, _REPORTER_PERMS), (SUPERVISORS, _SUPERVISOR_PERMS)):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(_permissions(spec))
        groups[name] = group
    return groups
