"""Department and section pages: the same table and rates, scoped."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commitments.models import Section, WorkReport
from commitments.public import selectors

pytestmark = pytest.mark.django_db
SHOWN = selectors.SUPPORTED_SHOWN


def codes(response) -> list[str]:
    return [row.record.code for row in response.context["table"].paginated_rows]


def test_a_department_page_lists_what_it_leads_across_reports(client, make_commitment, second_report, dept_a, dept_b):
    later, later_section = second_report
    mine = make_commitment(lead_department=dept_a)
    mine_later = make_commitment(lead_department=dept_a, work_report=later, section=later_section, code="2025-1")
    make_commitment(lead_department=dept_b)

    response = client.get(reverse("public:department-detail", args=[dept_a.slug]))

    assert sorted(codes(response)) == sorted([mine.code, mine_later.code])


def test_a_department_page_narrows_to_one_report(client, work_report, make_commitment, second_report, dept_a):
    later, later_section = second_report
    mine = make_commitment(lead_department=dept_a)
    make_commitment(lead_department=dept_a, work_report=later, section=later_section, code="2025-1")

    response = client.get(reverse("public:department-detail", args=[dept_a.slug]), {"report": work_report.pk})

    assert codes(response) == [mine.code]


def test_a_department_page_shows_its_rates(client, make_commitment, approve, dept_a):
    approve(make_commitment(lead_department=dept_a), value="103")
    make_commitment(lead_department=dept_a)

    tally = client.get(reverse("public:department-detail", args=[dept_a.slug])).context["tally"]

    assert (tally.total, tally.completed, tally.completion_rate) == (2, 1, 50)


def test_an_unknown_department_is_not_found(client, db):
    assert client.get(reverse("public:department-detail", args=["nobody"])).status_code == 404


def test_the_department_index_lists_departments_leading_public_tasks(client, make_commitment, dept_a, dept_b):
    make_commitment(lead_department=dept_a)
    make_commitment(lead_department=dept_b, is_public=False)

    rows = client.get(reverse("public:department-list")).context["rows"]

    assert [r.slug for r in rows] == [dept_a.slug]


@pytest.fixture
def supporting(bulk_commitments, second_report, dept_a, dept_b):
    """dept_b supports 25 public commitments of 2024 and 2 of 2025, and work the public never sees."""
    later, later_section = second_report
    old = bulk_commitments(SHOWN + 5, supported_by=dept_b, prefix="2024-9")
    new = bulk_commitments(2, supported_by=dept_b, prefix="2025-9", work_report=later, section=later_section)
    bulk_commitments(3, supported_by=dept_b, prefix="2024-8", is_public=False, title="内部配合任务")
    hidden = WorkReport.objects.create(year=2026, issuer="隐藏县人民政府", title="隐藏报告", is_public=False)
    hidden_section = Section.objects.create(work_report=hidden, key="2", heading="重点工作")
    bulk_commitments(4, supported_by=dept_b, prefix="2026-9", work_report=hidden, section=hidden_section)
    bulk_commitments(2, supported_by=dept_a, prefix="2024-7")  # supported by someone else
    return {"old": old, "new": new, "later": later}


def supported(response) -> tuple[list[str], int]:
    listed = response.context["supported"]
    return [c.code for c in listed.rows], listed.total


def test_a_department_page_shows_the_newest_supported_commitments_and_how_many_there_are(client, supporting, dept_b):
    response = client.get(reverse("public:department-detail", args=[dept_b.slug]))

    rows, total = supported(response)
    expected = [c.code for c in supporting["new"] + supporting["old"]][:SHOWN]  # newest report, then in order
    assert (rows, total) == (expected, len(supporting["new"]) + len(supporting["old"]))
    assert "市城市管理执法局作为配合单位的公开任务共 27 项（全部报告），下表列出最新报告中的前 20 项。" in response.text
    assert response.text.count("配合任务2024-9-") == SHOWN - 2
    assert "内部配合任务" not in response.text and "隐藏报告" not in response.text


def test_the_supported_list_follows_the_chosen_report(client, work_report, supporting, dept_b):
    one = client.get(reverse("public:department-detail", args=[dept_b.slug]), {"report": supporting["later"].pk})
    other = client.get(reverse("public:department-detail", args=[dept_b.slug]), {"report": work_report.pk})

    assert supported(one) == ([c.code for c in supporting["new"]], 2)
    assert supported(other) == ([c.code for c in supporting["old"]][:SHOWN], SHOWN + 5)
    assert one.context["supported_url"] == f"/commitments/?report={supporting['later'].pk}&supporter={dept_b.slug}"


def test_the_supported_link_lists_exactly_the_public_commitments_it_supports(client, supporting, dept_b):
    page = client.get(reverse("public:department-detail", args=[dept_b.slug]))
    url = page.context["supported_url"]
    assert f'href="{url.replace("&", "&amp;")}"' in page.text

    listed = client.get(url)

    expected = {c.code for c in supporting["old"] + supporting["new"]}
    assert {row.record.code for row in listed.context["table"].paginated_rows} == expected
    assert listed.context["table"].paginator.count == page.context["supported"].total
    assert "内部配合任务" not in listed.text


def test_a_department_supporting_nothing_public_says_so(client, make_commitment, bulk_commitments, dept_a, dept_b):
    make_commitment(lead_department=dept_b)
    bulk_commitments(2, supported_by=dept_b, is_public=False)

    response = client.get(reverse("public:department-detail", args=[dept_b.slug]))

    assert supported(response) == ([], 0)
    assert "没有作为配合单位的公开任务。" in response.text and "supporter=" not in response.text


def test_a_section_page_lists_the_section_and_everything_below_it(client, work_report, section, make_commitment):
    child = Section.objects.create(work_report=work_report, parent=section, key="2.1", heading="精致之城", level=2)
    other = Section.objects.create(work_report=work_report, parent=section, key="2.2", heading="虾稻产业", level=2)
    inside = make_commitment(section=child)
    make_commitment(section=other)

    response = client.get(reverse("public:section-detail", args=[work_report.pk, "2.1"]))

    assert codes(response) == [inside.code]
    assert [s.key for s in response.context["path"]] == ["2", "2.1"]


def test_a_section_of_a_report_that_is_not_public_is_not_found(client, work_report, section, make_commitment):
    make_commitment()
    work_report.is_public = False
    work_report.save()

    assert client.get(reverse("public:section-detail", args=[work_report.pk, "2"])).status_code == 404


def test_an_unknown_section_is_not_found(client, work_report, section):
    assert client.get(reverse("public:section-detail", args=[work_report.pk, "9.9"])).status_code == 404
