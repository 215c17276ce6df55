"""Who sees and edits what (DESIGN.md "Who uses it"): querysets and object checks, one place for each rule.

- A supervisor (督查室) or a superuser sees everything.
- A department reporter sees the commitments their department leads (and reports on them) or supports
  (read only); the reports of commitments they lead in every state, and only the approved reports of those
  they support; the notices addressed to their department once a supervisor has issued them.

Admin ``get_queryset`` and the admin's exports start from these functions; what the public may see lives in
``commitments.public.selectors``. Nothing here reads the request: the caller passes the user.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.roles import SUPERVISORS
from commitments.models import Commitment, Evidence, ProgressReport, SupervisionNotice

EDITABLE_STATES = (ProgressReport.State.DRAFT, ProgressReport.State.RETURNED)


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_supervisor(user) -> bool:
    """A member of the 督查室 group, or a superuser. Cached on the user object for the request."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_tracker_is_supervisor", None)
    if cached is None:
        cached = user.groups.filter(name=SUPERVISORS).exists()
        user._tracker_is_supervisor = cached
    return cached


def department_ids(user) -> frozenset[int]:
    """The departments a user reports for (Department.members). Cached on the user object for the request."""
    if not _active(user):
        return frozenset()
    cached = getattr(user, "_tracker_department_ids", None)
    if cached is None:
        cached = frozenset(user.departments.values_list("pk", flat=True))
        user._tracker_department_ids = cached
    return cached


def _supported_by(ids: frozenset[int]) -> QuerySet:
    # A subquery on the M2M table rather than a join: no duplicate rows, so no DISTINCT in admin lists.
    through = Commitment.supporting_departments.through
    return through.objects.filter(department_id__in=ids).values("commitment_id")


def commitments_visible_to(user) -> QuerySet[Commitment]:
    """All commitments for supervisors; led or supported ones for a department reporter; none otherwise."""
    qs = Commitment.objects.all()
    if is_supervisor(user):
        return qs
    ids = department_ids(user)
    if not ids:
        return qs.none()
    return qs.filter(Q(lead_department_id__in=ids) | Q(pk__in=_supported_by(ids)))


def commitments_reportable_by(user) -> QuerySet[Commitment]:
    """Commitments a user may report on: those their department leads, while not adjusted or suspended.

    Superusers may report on behalf of any department (a paper report typed in by an administrator);
    supervisors review and never report, so that nobody approves their own figures.
    """
    qs = Commitment.objects.filter(terminal_state="")
    if _active(user) and user.is_superuser:
        return qs
    ids = department_ids(user)
    if not ids:
        return qs.none()
    return qs.filter(lead_department_id__in=ids)


def can_report_on(user, commitment: Commitment) -> bool:
    if commitment.terminal_state:
        return False
    if _active(user) and user.is_superuser:
        return True
    return commitment.lead_department_id is not None and commitment.lead_department_id in department_ids(user)


def reports_visible_to(user) -> QuerySet[ProgressReport]:
    """Every report for supervisors; a reporter's led commitments' reports, and supported ones once approved."""
    qs = ProgressReport.objects.select_related("commitment__lead_department")
    if is_supervisor(user):
        return qs
    ids = department_ids(user)
    if not ids:
        return qs.none()
    return qs.filter(
        Q(commitment__lead_department_id__in=ids)
        | Q(commitment_id__in=_supported_by(ids), state=ProgressReport.State.APPROVED)
    )


def can_view_report(user, progress_report: ProgressReport) -> bool:
    if is_supervisor(user):
        return True
    ids = department_ids(user)
    commitment = progress_report.commitment
    if commitment.lead_department_id in ids:
        return True
    return progress_report.is_approved and commitment.supporting_departments.filter(pk__in=ids).exists()


def can_edit_report(user, progress_report: ProgressReport) -> bool:
    """Only a draft or returned report, only by its lead department (or a superuser). Approved is final."""
    return progress_report.state in EDITABLE_STATES and can_report_on(user, progress_report.commitment)


def notices_visible_to(user) -> QuerySet[SupervisionNotice]:
    """Every notice for supervisors; a department's issued notices (not mere proposals) for its reporters."""
    qs = SupervisionNotice.objects.select_related("commitment", "department")
    if is_supervisor(user):
        return qs
    ids = department_ids(user)
    if not ids:
        return qs.none()
    return qs.filter(department_id__in=ids, proposed=False)


def can_respond_to(user, notice: SupervisionNotice) -> bool:
    return (
        notice.state == SupervisionNotice.State.OPEN
        and not notice.proposed
        and notice.department_id in department_ids(user)
    )


def evidence_visible_to(user) -> QuerySet[Evidence]:
    """Evidence of the reports a user may see."""
    return Evidence.objects.filter(progress_report__in=reports_visible_to(user).values("pk")).select_related(
        "progress_report__commitment"
    )
