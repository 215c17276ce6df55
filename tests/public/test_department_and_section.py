"""Department and section pages: the same table and rates, scoped."""

from __future__ import annotations

import pytest
from django.urls import reverse

from commitments.models import Section

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    return [row.record.code for row in response.context["table"].paginated_rows]


def test_a_department_page_lists_what_it_leads_across_reports(client, make_commitment, second_report, dept_a, dept_b):
    later, later_section = second_report
    mine = make_commitment(lead_department=dept_a)
    mine_later = make_commitment(lead_department=dept_a, report=later, section=later_section, code="2025-1")
    make_commitment(lead_department=dept_b)

    response = client.get(reverse("public:department-detail", args=[dept_a.slug]))

    assert sorted(codes(response)) == sorted([mine.code, mine_later.code])


def test_a_department_page_narrows_to_one_report(client, report, make_commitment, second_report, dept_a):
    later, later_section = second_report
    mine = make_commitment(lead_department=dept_a)
    make_commitment(lead_department=dept_a, report=later, section=later_section, code="2025-1")

    response = client.get(reverse("public:department-detail", args=[dept_a.slug]), {"report": report.pk})

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


def test_a_section_page_lists_the_section_and_everything_below_it(client, report, section, make_commitment):
    child = Section.objects.create(report=report, parent=section, key="2.1", heading="精致之城", level=2)
    other = Section.objects.create(report=report, parent=section, key="2.2", heading="虾稻产业", level=2)
    inside = make_commitment(section=child)
    make_commitment(section=other)

    response = client.get(reverse("public:section-detail", args=[report.pk, "2.1"]))

    assert codes(response) == [inside.code]
    assert [s.key for s in response.context["path"]] == ["2", "2.1"]


def test_a_section_of_a_report_that_is_not_public_is_not_found(client, report, section, make_commitment):
    make_commitment()
    report.is_public = False
    report.save()

    assert client.get(reverse("public:section-detail", args=[report.pk, "2"])).status_code == 404


def test_an_unknown_section_is_not_found(client, report, section):
    assert client.get(reverse("public:section-detail", args=[report.pk, "9.9"])).status_code == 404
