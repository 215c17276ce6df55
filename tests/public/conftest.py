"""Fixtures of the public-site tests: derived figures as recompute writes them, and a two-size data set.

Statuses are judged on TODAY (mid-July 2024, 序时进度 7/12 for a calendar-year task) through the one writer
of derived figures, figures.recompute, so pages are checked against the figures the database really holds.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

TODAY = date(2024, 7, 15)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # The manifest storage of production needs collectstatic; pages here only need the URLs.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def recompute():
    from commitments import figures

    def run(*commitments):
        for c in commitments:
            figures.recompute(c, today=TODAY)
            c.refresh_from_db()
        return commitments[0] if len(commitments) == 1 else commitments

    return run


@pytest.fixture
def approve(make_progress_report, recompute):
    """An approved report (reviewed on the day given) with the commitment's figures recomputed."""
    from commitments.models import ProgressReport

    def make(commitment, *, month: int = 6, value="50", day: date | None = None, **overrides):
        reviewed = datetime.combine(day or date(2024, month, 20), datetime.min.time(), SHANGHAI).replace(hour=10)
        fields = {
            "period": date(2024, month, 1),
            "value": None if value is None else Decimal(value),
            "state": ProgressReport.State.APPROVED,
            "submitted_at": reviewed.replace(hour=9),
            "reviewed_at": reviewed,
        }
        report = make_progress_report(commitment, **{**fields, **overrides})
        recompute(commitment)
        return report

    return make


@pytest.fixture
def second_report(db):
    """A later public report (2025) of another city, sharing nothing but the departments."""
    from commitments.models import Section, WorkReport

    report = WorkReport.objects.create(year=2025, issuer="样例县人民政府", title="2025年样例县政府工作报告")
    section = Section.objects.create(work_report=report, key="2", number="二、", heading="2025年重点工作", level=1)
    return report, section


@pytest.fixture
def populate(make_commitment, approve, dept_a, dept_b):
    """n public commitments led in turn by dept_a and dept_b, every other one with an approved report."""

    def build(n: int):
        made = []
        for i in range(n):
            c = make_commitment(lead_department=dept_b if i % 2 else dept_a)
            c.supporting_departments.add(dept_a if i % 2 else dept_b)
            if i % 2 == 0:
                approve(c, value=str(20 + i))
            made.append(c)
        return made

    return build


@pytest.fixture
def attach(media):
    """Builder: an evidence file on a report, public or not."""
    import hashlib

    from django.core.files.base import ContentFile

    from commitments.models import Evidence

    def make(
        progress_report,
        *,
        name="现场照片.png",
        data=b"\x89PNG\r\n\x1a\n" + b"0" * 64,
        public=True,
        content_type="image/png",
    ):
        evidence = Evidence(
            progress_report=progress_report,
            original_name=name,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            is_public=public,
        )
        evidence.file.save(name, ContentFile(data), save=False)
        evidence.save()
        return evidence

    return make


@pytest.fixture
def bulk_commitments(work_report, section, dept_a):
    """Builder: n public commitments in one INSERT (and their supporting department in one more), for lists
    longer than a page shows. Codes ``<prefix>-000`` …, positions ``first``, ``first + 1`` … within the report.
    """
    from commitments.models import Commitment

    def make(n: int, *, supported_by=None, prefix: str = "2024-9", first: int = 1, **overrides) -> list:
        rows = [
            Commitment(
                **{
                    "work_report": work_report,
                    "section": section,
                    "code": f"{prefix}-{i:03d}",
                    "position": first + i,
                    "title": f"配合任务{prefix}-{i:03d}",
                    "quote": "做好配合工作",
                    "lead_department": dept_a,
                    "kind": "milestone",
                    "start_date": date(2024, 1, 1),
                    "due_date": date(2024, 12, 31),
                    "is_public": True,
                    **overrides,
                }
            )
            for i in range(n)
        ]
        made = Commitment.objects.bulk_create(rows)
        if supported_by is not None:
            through = Commitment.supporting_departments.through
            through.objects.bulk_create([through(commitment=c, department=supported_by) for c in made])
        return made

    return make


@pytest.fixture
def many_reports(db):
    """Builder: n public reports of other counties, years ``first`` … ``first + n - 1``, each with one section."""
    from commitments.models import Section, WorkReport

    def make(n: int, *, first: int = 2010, **overrides) -> list[tuple]:
        reports = WorkReport.objects.bulk_create(
            [
                WorkReport(
                    year=first + i,
                    issuer=f"样例{i}县人民政府",
                    title=f"{first + i}年样例{i}县政府工作报告",
                    **overrides,
                )
                for i in range(n)
            ]
        )
        sections = Section.objects.bulk_create(
            [Section(work_report=r, key="2", number="二、", heading="重点工作", level=1) for r in reports]
        )
        return list(zip(reports, sections, strict=True))

    return make
