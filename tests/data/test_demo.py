"""The demo: one account per role, a year of progress in every state, every status on show, loaded once."""

from __future__ import annotations

import hashlib
import re
import string
import struct
import zlib
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone

from accounts.roles import REPORTERS, SUPERVISORS
from commitments import history
from commitments.data import demo as demo_data
from commitments.models import Commitment, Evidence, HistoryEntry, ProgressReport

User = get_user_model()


def _png_is_valid(data: bytes) -> bool:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length : pos + 12 + length])
        assert zlib.crc32(kind + body) == crc
        chunks[kind] = body
        pos += 12 + length
    width, height = struct.unpack(">II", chunks[b"IHDR"][:8])
    return len(zlib.decompress(chunks[b"IDAT"])) == height * (1 + 3 * width) and b"IEND" in chunks


def _pdf_is_valid(data: bytes) -> bool:
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    xref = int(re.search(rb"startxref\n(\d+)\n", data).group(1))
    assert data[xref:].startswith(b"xref")
    offsets = [int(m) for m in re.findall(rb"(\d{10}) 00000 n ", data[xref:])]
    return all(data[offset:].startswith(b"%d 0 obj" % n) for n, offset in enumerate(offsets, 1))


def test_it_creates_a_superuser_and_a_supervisor(demo):
    admin = User.objects.get(username="demo-admin")
    assert admin.is_superuser and admin.is_staff
    supervisor = User.objects.get(username="demo-duchashi")
    assert supervisor.is_staff and not supervisor.is_superuser
    assert list(supervisor.groups.values_list("name", flat=True)) == [SUPERVISORS]


def test_each_reporter_belongs_to_exactly_one_department(demo):
    reporters = [login for login in demo_data.LOGINS if login.department]
    assert len(reporters) >= 3
    for login in reporters:
        user = User.objects.get(username=login.username)
        assert user.is_staff and not user.is_superuser
        assert list(user.groups.values_list("name", flat=True)) == [REPORTERS]
        assert list(user.departments.values_list("slug", flat=True)) == [login.department]


@pytest.mark.parametrize("login", demo_data.LOGINS, ids=lambda login: login.username)
def test_every_demo_password_meets_the_password_policy(demo, login):
    user = User.objects.get(username=login.username)
    assert user.check_password(login.password)
    validate_password(login.password, user=user)
    password = login.password
    assert len(password) >= 12
    assert all(any(c in chars for c in password) for chars in (string.ascii_uppercase, string.ascii_lowercase))
    assert any(c.isdigit() for c in password) and any(c in string.punctuation for c in password)


def test_demo_reports_exist_in_every_state(demo):
    assert set(ProgressReport.objects.values_list("state", flat=True)) == set(ProgressReport.State.values)
    returned = ProgressReport.objects.get(state="returned")
    assert returned.review_note.startswith(demo_data.DEMO) and returned.reviewed_by.username == "demo-duchashi"


def test_approved_reports_run_month_by_month_through_2024_in_shanghai_time(demo):
    approved = ProgressReport.objects.filter(state="approved")
    assert approved.count() >= 60
    assert {r.period.month for r in approved} == set(range(3, 13))
    for r in approved:
        submitted, reviewed = timezone.localtime(r.submitted_at), timezone.localtime(r.reviewed_at)
        assert submitted.year == reviewed.year == 2024 and submitted < reviewed
        assert (submitted.month, reviewed.month) == (r.period.month, r.period.month)
        assert str(reviewed.tzinfo) == "Asia/Shanghai"


def test_reports_are_submitted_by_a_reporter_of_the_lead_department(demo):
    for r in ProgressReport.objects.select_related("commitment__lead_department", "submitted_by"):
        assert r.commitment.lead_department in r.submitted_by.departments.all()


def test_some_approved_figures_are_verified_by_the_supervisor(demo):
    verified = ProgressReport.objects.filter(verified=True)
    assert verified.count() >= 3
    assert {(r.state, r.verified_by.username) for r in verified} == {("approved", "demo-duchashi")}


def test_every_demo_narrative_and_reason_is_marked_as_demo(demo):
    assert all(n.startswith(demo_data.DEMO) for n in ProgressReport.objects.values_list("narrative", flat=True))
    reasons = HistoryEntry.objects.exclude(action__startswith="auth.").values_list("reason", flat=True)
    assert reasons and all(demo_data.DEMO in reason for reason in reasons)
    assert all(demo_data.DEMO in c.terminal_reason for c in Commitment.objects.exclude(terminal_state=""))


def test_the_statuses_cover_every_status_as_of_a_fixed_day(demo):
    statuses = set(Commitment.objects.values_list("status", flat=True))
    assert statuses == {"completed", "overdue", "on_track", "lagging", "not_started", "adjusted", "suspended"}


def test_only_approved_figures_count(demo):
    roads = Commitment.objects.get(code="2024-2-1-12")  # approved 8 roads, a report of 9 awaits review
    assert roads.progress_reports.filter(state="submitted", value=9).exists()
    assert (roads.current_value, roads.status) == (Decimal(8), "overdue")


def test_qualitative_tasks_complete_through_approved_milestone_reports(demo):
    festival = Commitment.objects.get(code="2024-2-1-19")
    assert festival.status == "completed"
    assert [m.done_on.year for m in festival.milestones.all()] == [2024, 2024]
    assert festival.progress_reports.filter(state="approved", milestone__isnull=False).count() == 2


def test_investment_is_reported_on_a_project_with_a_demo_planned_investment(demo):
    park = Commitment.objects.get(code="2024-2-1-37")  # 中能新材料产业园
    assert (park.planned_investment, park.investment_completed) == (Decimal(30), Decimal("31.2"))
    entry = HistoryEntry.objects.get(commitment=park, action="commitment.investment_planned")
    assert demo_data.DEMO in entry.reason and entry.data == {"planned_investment": [None, "30"]}


def test_postponed_tasks_show_their_reason_in_the_public_change_log(demo):
    postponed = Commitment.objects.filter(due_date__year__gt=2024)
    assert set(postponed.values_list("status", flat=True)) == {"on_track", "lagging", "not_started"}
    for c in postponed:
        assert history.public_changes(c).get().action == "commitment.target_changed"
        assert not c.milestones.filter(done_on__isnull=True, due_date__year=2024).exists()


def test_evidence_files_are_valid_png_and_pdf_files(demo):
    evidence = list(Evidence.objects.select_related("progress_report"))
    assert {e.content_type for e in evidence} == {"image/png", "application/pdf"}
    for e in evidence:
        data = e.file.read()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (e.size, e.sha256)
        assert _png_is_valid(data) if e.content_type == "image/png" else _pdf_is_valid(data)
        assert e.original_name.startswith("【演示】") and e.is_public == (e.progress_report.state == "approved")


def test_load_demo_twice_adds_nothing(demo, run):
    counts = [m.objects.count() for m in (User, ProgressReport, Evidence, HistoryEntry)]
    out = run("load_demo", "--date", "2026-11-28")
    assert [m.objects.count() for m in (User, ProgressReport, Evidence, HistoryEntry)] == counts
    assert "演示数据已存在，未重复载入" in out and "Duban#Review-2024" in out


def test_a_rerun_keeps_a_password_the_user_changed(demo, run):
    user = User.objects.get(username="demo-zjj")
    user.set_password("A-Better-Passphrase-2026!")
    user.save()
    run("load_demo")
    user.refresh_from_db()
    assert user.check_password("A-Better-Passphrase-2026!")


def test_load_demo_repairs_a_removed_department_membership(demo, run):
    user = User.objects.get(username="demo-cgj")
    user.departments.clear()
    run("load_demo")
    assert list(user.departments.values_list("slug", flat=True)) == ["cgj"]
