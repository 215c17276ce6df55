"""Nothing unapproved or internal reaches any public page, download, feed or API response.

One data set holds, next to one public commitment with one approved report: a draft, a submitted and a
returned report with distinctive words and figures, review and verification notes, an internal note, a
commitment that is not public, a public commitment in a report that is not public, evidence that is not
public or belongs to a draft, the usernames of who submitted, reviewed and amended, and a department that
leads only hidden work. Every endpoint is requested (with status filters, ordering and counts) and none of
them may show any of it.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from commitments import amendments
from commitments.models import Department, ProgressReport, Section, WorkReport

pytestmark = pytest.mark.django_db

SECRETS = [
    "草稿秘密",
    "待审秘密",
    "退回秘密",
    "退回意见秘密",
    "通过意见秘密",
    "核实说明秘密",
    "内部备注秘密",
    "非公开任务秘密",
    "非公开原文秘密",
    "非公开进展秘密",
    "隐藏报告秘密",
    "隐藏报告任务秘密",
    "内部佐证秘密",
    "草稿佐证秘密",
    "仅内部任务单位秘密",
    "submitter_secret_user",
    "reviewer_secret_user",
    "amender_secret_user",
    "77.77",
    "66.66",
    "55.55",
]


@pytest.fixture
def world(
    django_user_model, work_report, section, make_commitment, make_progress_report, approve, attach, recompute, dept_a
):
    submitter = django_user_model.objects.create(username="submitter_secret_user")  # no password: no slow hashing
    reviewer = django_user_model.objects.create(username="reviewer_secret_user")  # no password: no slow hashing
    amender = django_user_model.objects.create(username="amender_secret_user")  # no password: no slow hashing
    hidden_dept = Department.objects.create(name="仅内部任务单位秘密", slug="hidden-dept")

    shown = make_commitment(title="公开任务", internal_note="内部备注秘密")
    approved = approve(
        shown,
        value="40",
        narrative="公开进展",
        submitted_by=submitter,
        reviewed_by=reviewer,
        review_note="通过意见秘密",
        verified=True,
        verified_by=reviewer,
        verification_note="核实说明秘密",
    )
    attach(approved, name="公开佐证.png")
    attach(approved, name="内部佐证秘密.png", public=False)
    draft = make_progress_report(shown, period=date(2024, 7, 1), value=Decimal("77.77"), narrative="草稿秘密")
    attach(draft, name="草稿佐证秘密.png")
    make_progress_report(
        shown, period=date(2024, 7, 1), value=Decimal("66.66"), narrative="待审秘密", state="submitted"
    )
    make_progress_report(
        shown, value=Decimal("55.55"), narrative="退回秘密", state="returned", review_note="退回意见秘密"
    )
    amendments.change_target(shown, by=amender, reason="公开的修改原因", target_value=Decimal(110))

    hidden = make_commitment(
        title="非公开任务秘密", quote="非公开原文秘密", is_public=False, lead_department=hidden_dept
    )
    approve(hidden, value="120", narrative="非公开进展秘密")  # completed: would change every count
    hidden.supporting_departments.add(dept_a)

    other = WorkReport.objects.create(year=2025, issuer="隐藏市", title="隐藏报告秘密", is_public=False)
    other_section = Section.objects.create(work_report=other, key="1", heading="隐藏报告章节秘密")
    approve(
        make_commitment(work_report=other, section=other_section, title="隐藏报告任务秘密", code="2025-1"),
        value="103",
        narrative="非公开进展秘密",
    )
    recompute(shown)
    return {"report": work_report, "section": section, "shown": shown, "approved": approved, "dept": dept_a}


def urls(world) -> list[tuple[str, dict]]:
    r, c, d = world["report"], world["shown"], world["dept"]
    pages = [
        (reverse("public:home"), {}),
        (reverse("public:home"), {"report": r.pk}),
        (reverse("public:commitment-list"), {}),
        (reverse("public:commitment-list"), {"report": "all", "sort": "-progress_percent"}),
        (reverse("public:commitment-list"), {"status": "completed"}),
        (reverse("public:commitment-list"), {"q": "秘密", "report": "all"}),
        (reverse("public:commitment-detail", args=[c.code]), {}),
        (reverse("public:department-list"), {}),
        (reverse("public:department-detail", args=[d.slug]), {}),
        (reverse("public:section-detail", args=[r.pk, world["section"].key]), {}),
        (reverse("public:open-data"), {}),
        (reverse("public:commitments-csv"), {"report": "all"}),
        (reverse("public:commitments-xlsx"), {"report": "all", "sort": "status"}),
        (reverse("public:updates-csv"), {"report": "all"}),
        (reverse("public:feed"), {}),
        (reverse("public:report-feed", args=[r.pk]), {}),
    ]
    api = [
        ("commitment-list", {}),
        ("commitment-list", {"status": "completed"}),
        ("commitment-list", {"ordering": "-progress_percent"}),
        ("commitment-list", {"q": "秘密"}),
        ("milestone-list", {}),
        ("update-list", {}),
        ("department-list", {}),
        ("section-list", {}),
        ("report-list", {}),
        ("summary", {}),
    ]
    pages += [(reverse(f"public:api:{name}"), params) for name, params in api]
    pages.append((reverse("public:api:commitment-detail", args=[c.code]), {}))
    return pages


def text_of(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
        return "\n".join(" ".join(str(v) for v in row if v is not None) for row in sheet.iter_rows(values_only=True))
    return response.content.decode("utf-8-sig")


def test_no_endpoint_shows_anything_unapproved_or_internal(client, world):
    for url, params in urls(world):
        response = client.get(url, params)
        assert response.status_code == 200, url
        text = text_of(response)
        leaked = [s for s in SECRETS if s in text]
        assert not leaked, f"{url}?{params} shows {leaked}"


def test_the_public_figures_are_still_there(client, world):
    # The guard above is only worth something if the same pages do show the public data.
    text = client.get(reverse("public:commitment-detail", args=[world["shown"].code])).text

    assert "公开进展" in text and "公开佐证.png" in text and "公开的修改原因" in text and "督查核实" in text


def test_counts_leave_out_hidden_commitments(client, world):
    summary = client.get(reverse("public:api:summary")).json()["summary"]
    listed = client.get(reverse("public:api:commitment-list")).json()
    home = client.get(reverse("public:home")).context["page"].summary

    assert summary["total"] == listed["count"] == home.total == 1
    assert summary["completed"] == home.completed == 0


def test_filtering_by_the_status_of_a_hidden_commitment_finds_nothing(client, world):
    api = client.get(reverse("public:api:commitment-list"), {"status": "completed"}).json()
    page = client.get(reverse("public:commitment-list"), {"status": "completed", "report": "all"})

    assert api["count"] == 0
    assert list(page.context["table"].paginated_rows) == []


def test_the_current_value_comes_from_the_approved_report_only(client, world):
    row = client.get(reverse("public:api:commitment-list")).json()["results"][0]

    assert Decimal(row["current_value"]) == Decimal(40)


def test_a_hidden_department_has_no_page_and_is_not_offered(client, world):
    assert client.get(reverse("public:department-detail", args=["hidden-dept"])).status_code == 404
    assert client.get(reverse("public:api:department-detail", args=["hidden-dept"])).status_code == 404
    assert "hidden-dept" not in client.get(reverse("public:commitment-list"), {"report": "all"}).text


def test_the_updates_feed_has_only_the_approved_update(client, world):
    text = client.get(reverse("public:feed")).text

    assert text.count("<entry>") == 1 and "公开进展" in text


def test_hidden_evidence_cannot_be_downloaded_by_guessing_its_number(client, world):
    from commitments.models import Evidence

    hidden = Evidence.objects.exclude(original_name="公开佐证.png")

    assert hidden.count() == 2
    for evidence in hidden:
        assert client.get(reverse("public:evidence-download", args=[evidence.pk])).status_code == 404


def test_the_hidden_report_is_not_offered_anywhere(client, world):
    reports = client.get(reverse("public:api:report-list")).json()["results"]

    assert [r["title"] for r in reports] == [world["report"].title]
    assert ProgressReport.objects.filter(state="approved").count() == 3
