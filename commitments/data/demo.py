"""Demo users and demo progress for the 2024 潜江 report: marked as demo everywhere, never part of production set-up.

``load`` is what ``manage.py load_demo`` and ``setup_tracker --demo`` call. It creates one account per role
(DESIGN.md "Who uses it") and a year of progress written as the departments and 督查室 would have written it in
2024: approved reports month by month, a few waiting for review, a draft, a returned one, verified figures,
milestones done, investment on a project, evidence files. Every narrative starts with 【演示数据】.

Statuses are derived as of ``today`` (in 2026 an unfinished 2024 task is overdue). So that the public site can
show every status, three tasks are postponed to the end of next year with a public demo reason, one is adjusted
and one suspended, all through commitments.amendments like an administrator would.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction

from accounts import roles
from commitments import amendments, figures, history
from commitments.models import Commitment, Department, Evidence, HistoryEntry, ProgressReport, WorkReport

DEMO = "【演示数据】"
LOADED = "demo.loaded"
SHANGHAI = ZoneInfo("Asia/Shanghai")
DRAFT, SUBMITTED = ProgressReport.State.DRAFT.value, ProgressReport.State.SUBMITTED.value
APPROVED, RETURNED = ProgressReport.State.APPROVED.value, ProgressReport.State.RETURNED.value


class DemoError(Exception):
    """The demo cannot be loaded; the message is for the person running the command."""


@dataclass(frozen=True)
class Login:
    username: str
    password: str
    role: str
    department: str = ""  # slug of the one department a reporter belongs to


# The greeting of the accounts without a department (a reporter is named by their department).
ROLE_NAMES = {"demo-admin": "管理员", "demo-duchashi": "督查员"}

# Printed by the commands: demo only, each ≥ 12 characters with upper, lower, digit and symbol.
LOGINS = (
    Login("demo-admin", "Tracker#Admin-2024", "管理员（超级用户）"),
    Login("demo-duchashi", "Duban#Review-2024", roles.SUPERVISORS),
    Login("demo-zjj", "Zhujian#Report-2024", roles.REPORTERS, "zjj"),
    Login("demo-cgj", "Chengguan#Report-2024", roles.REPORTERS, "cgj"),
    Login("demo-nyncj", "Nongye#Report-2024", roles.REPORTERS, "nyncj"),
    Login("demo-jxj", "Jingxin#Report-2024", roles.REPORTERS, "jxj"),
    Login("demo-fgw", "Fagai#Report-2024", roles.REPORTERS, "fgw"),
    Login("demo-qwjt", "Qianwang#Report-2024", roles.REPORTERS, "qwjt"),
)
ADMIN, SUPERVISOR = LOGINS[0].username, LOGINS[1].username


@dataclass(frozen=True)
class Step:
    """One progress report of 2024, for the month ``month``."""

    month: int
    value: str | None = None  # cumulative figure (year-to-date growth for growth targets)
    milestone: int | None = None  # 1-based step of the commitment's plan that this report completes
    investment: str | None = None  # cumulative investment, 亿元
    state: str = APPROVED
    verified: bool = False
    evidence: tuple[str, ...] = ()  # "png", "pdf"
    note: str = ""  # review note of a returned report


def V(month: int, value: str, **kw) -> Step:
    return Step(month, value=value, **kw)


def M(month: int, milestone: int, **kw) -> Step:
    return Step(month, milestone=milestone, **kw)


@dataclass(frozen=True)
class Scenario:
    steps: tuple[Step, ...] = ()
    postpone: bool = False  # move the due date (and unfinished steps) to the end of next year
    planned_investment: str | None = None  # 亿元; the report states none, so it is a demo figure
    terminal: tuple[str, str] | None = None  # (adjusted|suspended, public reason)


RETURN_NOTE = f"{DEMO}佐证材料不全：请补充完整社区验收资料后重新提交。"
SCENARIOS = {
    "2024-2-0-01": Scenario((V(12, "978.6"),)),
    "2024-2-0-02": Scenario((V(3, "6.8"), V(6, "7.1"), V(9, "7.0"), V(12, "6.8"))),
    "2024-2-0-03": Scenario((V(3, "8.1"), V(6, "8.0"), V(9, "7.9"), V(12, "7.8", verified=True))),
    "2024-2-0-04": Scenario((V(6, "10.6"), V(12, "10.2"))),
    "2024-2-1-05": Scenario(terminal=("adjusted", f"{DEMO}市政府决定将高速、高铁沿线绿化并入“五地增绿”行动统一实施。")),
    "2024-2-1-07": Scenario((V(4, "4"), V(6, "11"), V(9, "20"), V(11, "25", verified=True, evidence=("png",)))),
    "2024-2-1-08": Scenario(
        (
            *(V(3, "10"), V(5, "28"), V(6, "45", evidence=("png",)), V(8, "62"), V(9, "80", verified=True)),
            *(V(10, "91"), V(11, "98"), V(12, "103", evidence=("png", "pdf"))),
        )
    ),
    "2024-2-1-09": Scenario((V(6, "1"), V(9, "2"), V(12, "4", state=RETURNED, note=RETURN_NOTE))),
    "2024-2-1-10": Scenario((V(3, "3"), V(5, "7"), V(8, "8"), V(10, "9"))),
    "2024-2-1-11": Scenario((V(3, "1"), V(6, "3"), V(9, "5"), V(12, "7"))),
    "2024-2-1-12": Scenario((V(6, "2"), V(9, "5"), V(11, "8"), V(12, "9", state=SUBMITTED, evidence=("pdf",)))),
    "2024-2-1-13": Scenario((V(4, "1"), V(7, "3"), V(10, "6"), V(12, "8"))),
    "2024-2-1-14": Scenario((M(3, 1), M(6, 2), M(9, 3), M(12, 4, state=DRAFT))),
    "2024-2-1-15": Scenario((V(6, "4.5"), V(12, "9.0")), postpone=True),
    "2024-2-1-16": Scenario((V(3, "260"), V(6, "910"), V(9, "1580"), V(12, "2350", evidence=("pdf",)))),
    "2024-2-1-17": Scenario((V(3, "800"), V(6, "2300"), V(9, "3700"), V(12, "4620", verified=True))),
    "2024-2-1-18": Scenario((V(6, "72"), V(12, "86"))),
    "2024-2-1-19": Scenario((M(5, 1), M(10, 2, evidence=("png",)))),
    "2024-2-1-20": Scenario((M(3, 1), M(9, 2))),
    "2024-2-1-23": Scenario((M(3, 1), M(5, 2), M(6, 3, evidence=("pdf",)))),
    "2024-2-1-24": Scenario((M(3, 1), M(6, 2))),
    "2024-2-1-25": Scenario((V(6, "801"), V(9, "846"), V(12, "881", verified=True))),
    "2024-2-1-26": Scenario((M(3, 1), M(9, 2), M(12, 3))),
    "2024-2-1-29": Scenario((V(6, "73"), V(12, "78"))),
    "2024-2-1-35": Scenario((V(6, "25.1"), V(9, "26.4"), V(12, "27.6"))),
    "2024-2-1-36": Scenario((M(3, 1), M(6, 2), M(11, 3, state=SUBMITTED))),
    "2024-2-1-37": Scenario(
        (
            *(M(3, 1, investment="4.2"), M(6, 2, investment="11.5"), M(10, 3, investment="22.0")),
            M(12, 4, investment="31.2", evidence=("png",)),
        ),
        planned_investment="30",
    ),
    "2024-2-1-44": Scenario(terminal=("suspended", f"{DEMO}受项目用能和环评审批进度影响，经市政府研究暂缓实施。")),
    "2024-2-1-46": Scenario(
        (M(3, 1, investment="1.8"), M(6, 2, investment="6.5")), postpone=True, planned_investment="20"
    ),
    "2024-2-1-48": Scenario(postpone=True),
}


@dataclass(frozen=True)
class Summary:
    loaded: bool  # False: the demo progress was already there and nothing was added
    users_created: int
    reports: int
    evidence: int


def _moment(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=SHANGHAI)


def ensure_users() -> tuple[dict[str, object], int]:
    """The demo accounts, created once; reruns keep a changed password and only repair roles and departments."""
    User = get_user_model()
    groups = roles.ensure_roles()
    departments = {d.slug: d for d in Department.objects.filter(slug__in=[x.department for x in LOGINS])}
    users, created_count = {}, 0
    for login in LOGINS:
        if login.department and login.department not in departments:
            raise DemoError(f"演示账号需要责任单位“{login.department}”，请先运行 manage.py setup_tracker")
        user, created = User.objects.get_or_create(
            username=login.username, defaults={"email": f"{login.username}@example.org"}
        )
        is_superuser = login.username == ADMIN
        if created or not user.is_staff or user.is_superuser != is_superuser:
            if created:
                user.set_password(login.password)
                user.first_name = "演示" + (
                    departments[login.department].short_name if login.department else ROLE_NAMES[login.username]
                )
            user.is_staff, user.is_superuser = True, is_superuser
            user.save()
            created_count += created
        if login.role in groups:
            user.groups.add(groups[login.role])
        if login.department:
            departments[login.department].members.add(user)
        users[login.username] = user
    return users, created_count


def is_loaded(work_report: WorkReport) -> bool:
    # Loads recorded before WorkReport had its name carry the old label.
    return HistoryEntry.objects.filter(
        action=LOADED, object_type__in=["commitments.workreport", "commitments.report"], object_id=str(work_report.pk)
    ).exists()


@transaction.atomic
def load(*, work_report: WorkReport, today: date) -> Summary:
    """Create the demo accounts and, once per report, the demo progress; statuses are derived as of ``today``.

    Refused unless settings.TRACKER_ALLOW_DEMO (on with DEBUG): demo passwords are printed in the README's
    set-up and must never open a production server.
    """
    if not settings.TRACKER_ALLOW_DEMO:
        raise DemoError("生产环境不载入演示数据（演示账号的密码是公开的）；确需演示请设置 TRACKER_ALLOW_DEMO=1")
    users, users_created = ensure_users()
    if is_loaded(work_report):
        return Summary(loaded=False, users_created=users_created, reports=0, evidence=0)
    commitments = {
        c.code: c
        for c in work_report.commitments.filter(code__in=SCENARIOS).select_related("lead_department")
        .prefetch_related("milestones")
    }  # fmt: skip
    missing = sorted(set(SCENARIOS) - set(commitments))
    if missing:
        raise DemoError(f"演示数据需要的任务不存在：{'、'.join(missing)}")
    reporters = {x.department: users[x.username] for x in LOGINS if x.department}
    admin, supervisor = users[ADMIN], users[SUPERVISOR]
    reports = evidence = 0
    for code, scenario in SCENARIOS.items():
        commitment = commitments[code]
        by = reporters.get(commitment.lead_department.slug if commitment.lead_department else "")
        if by is None and scenario.steps:
            raise DemoError(f"任务 {code} 的牵头单位没有演示填报员，无法生成演示进展")
        for step in scenario.steps:
            report_row = _write_report(commitment, step, by=by, supervisor=supervisor)
            evidence += _attach_evidence(report_row, step)
            reports += 1
        figures.recompute(commitment, today=today)  # milestones done by approved reports get their dates
    for code, scenario in SCENARIOS.items():
        commitment = commitments[code]
        if scenario.planned_investment:
            _plan_investment(commitment, Decimal(scenario.planned_investment), by=admin)
        if scenario.postpone:
            _postpone(commitment, by=admin, today=today)
        if scenario.terminal:
            state, reason = scenario.terminal
            amendments.set_terminal(commitment, state=state, by=admin, reason=reason)
        figures.recompute(commitment, today=today)
    history.record(
        work_report,
        LOADED,
        data={"progress_reports": reports, "evidence": evidence, "today": today},
        reason=f"{DEMO}载入演示进展",
    )
    return Summary(loaded=True, users_created=users_created, reports=reports, evidence=evidence)


def _narrative(commitment: Commitment, step: Step, milestone) -> str:
    if milestone is not None:
        text = f"完成节点“{milestone.title}”。"
    else:
        verb = {"count": "累计完成", "growth": "累计增长"}.get(commitment.kind, "达到")
        text = f"截至{step.month}月底，{verb}{step.value}{commitment.unit}。"
    if step.investment:
        text += f"累计完成投资{step.investment}亿元（年度计划投资为演示值）。"
    return DEMO + text


def _write_report(commitment: Commitment, step: Step, *, by, supervisor) -> ProgressReport:
    # Rows are written directly: the review functions stamp the current time, and these reports are from 2024.
    # Approved rows are inserted complete, because the database refuses any later change to them.
    milestones = list(commitment.milestones.all())
    milestone = None
    if step.milestone is not None:
        if step.milestone > len(milestones):
            raise DemoError(f"任务 {commitment.code} 没有第 {step.milestone} 个时间节点")
        milestone = milestones[step.milestone - 1]
    fields = {
        "commitment": commitment,
        "milestone": milestone,
        "period": date(2024, step.month, 1),
        "value": Decimal(step.value) if step.value is not None else None,
        "investment_completed": Decimal(step.investment) if step.investment else None,
        "narrative": _narrative(commitment, step, milestone),
        "state": step.state,
        "submitted_by": by,
    }
    if step.state != DRAFT:
        fields["submitted_at"] = _moment(step.month, 22, 10)
    if step.state in (APPROVED, RETURNED):
        fields |= {"reviewed_by": supervisor, "reviewed_at": _moment(step.month, 24, 15, 30), "review_note": step.note}
    if step.verified:
        fields |= {
            "verified": True,
            "verified_by": supervisor,
            "verified_at": _moment(step.month, 27, 11),
            "verification_note": f"{DEMO}督查室现场核实，数据属实。",
        }
    return ProgressReport.objects.create(**fields)


def _attach_evidence(progress_report: ProgressReport, step: Step) -> int:
    for kind in step.evidence:
        label = f"{progress_report.commitment.code} {progress_report.period:%Y-%m}"
        if kind == "png":
            data, content_type, name = png_bytes(seed=progress_report.pk), "image/png", "现场照片.png"
        else:
            data, content_type, name = pdf_bytes([f"Commitment {label}"]), "application/pdf", "佐证材料.pdf"
        evidence = Evidence(
            progress_report=progress_report,
            original_name=f"【演示】{progress_report.commitment.title}{name}",
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            is_public=progress_report.is_approved,
        )
        evidence.file.save(name, ContentFile(data), save=True)
    return len(step.evidence)


def _plan_investment(commitment: Commitment, amount: Decimal, *, by) -> None:
    commitment = Commitment.objects.get(pk=commitment.pk)
    old = commitment.planned_investment
    note = f"{DEMO}年度计划投资{amount}亿元为演示值：报告未载明年度计划投资。"
    commitment.planned_investment = amount
    commitment.internal_note = f"{commitment.internal_note}\n{note}".strip()
    commitment.save(update_fields=["planned_investment", "internal_note", "updated_at"])
    history.record(
        commitment, "commitment.investment_planned", by=by, data={"planned_investment": [old, amount]}, reason=note
    )


def _postpone(commitment: Commitment, *, by, today: date) -> None:
    due = date(today.year + 1, 12, 31)
    reason = f"{DEMO}项目建设跨年度实施，经市政府同意完成期限调整至{due.year}年{due.month}月{due.day}日。"
    amendments.change_target(commitment, by=by, reason=reason, due_date=due)
    for milestone in commitment.milestones.filter(done_on__isnull=True):
        old = milestone.due_date
        milestone.due_date = date(due.year, old.month, min(old.day, 28) if old.month == 2 else old.day)
        milestone.save(update_fields=["due_date"])
        history.record(
            milestone, "milestone.rescheduled", by=by, data={"due_date": [old, milestone.due_date]}, reason=reason
        )


def png_bytes(*, seed: int, width: int = 96, height: int = 64) -> bytes:
    """A small valid PNG (striped, so two demo photos differ), built without an imaging library."""
    shade = 90 + seed * 37 % 120

    def pixel(x: int, y: int) -> bytes:
        return bytes((40, shade, 200)) if (x + y) // 8 % 2 else bytes((230, 230, 230))

    rows = b"".join(b"\x00" + b"".join(pixel(x, y) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page valid PDF with ASCII lines of text and a correct cross-reference table."""
    text = [b"DEMO DATA - not a real document", *(line.encode("ascii", "replace") for line in lines)]
    shown = b" ".join(
        b"(" + t.replace(b"\\", b"").replace(b"(", b"").replace(b")", b"") + b") Tj 0 -22 Td" for t in text
    )
    content = b"BT /F1 16 Tf 56 780 Td " + shown + b" ET"
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(bodies, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(bodies) + 1, xref)
    return out
