"""Every public page and API list issues a fixed number of SQL queries, whatever the number of commitments.

Each count is asserted cold (empty cache) at 1 and at 20 commitments, and the queries are listed. A warm
page costs no SQL at all: the data version is read from the cache too.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from commitments import amendments
from commitments.models import Milestone
from commitments.public import selectors

pytestmark = pytest.mark.django_db
SIZES = [1, 20]


@pytest.fixture
def world(populate, make_commitment, approve, attach, admin_user, work_report, section, dept_a):
    def build(n: int):
        made = populate(n)
        for c in made:
            Milestone.objects.create(commitment=c, title="开工", due_date=date(2024, 3, 31))
        return made

    return build


def cold(client, django_assert_num_queries, queries: int, url: str, params=None):
    with django_assert_num_queries(queries):
        response = client.get(url, params or {})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("n", SIZES)
def test_home_query_count_does_not_grow(n, world, client, django_assert_num_queries):
    world(n)
    # reports, one grouped tally (section × department × status), sections, compliance: commitments,
    # approved reports per month, departments; latest approved updates
    cold(client, django_assert_num_queries, 7, reverse("public:home"))


@pytest.mark.parametrize("n", SIZES)
def test_commitment_list_query_count_does_not_grow(n, world, client, django_assert_num_queries):
    world(n)
    # reports, tally of the filtered rows, table count, table page, section choices, department choices
    cold(client, django_assert_num_queries, 6, reverse("public:commitment-list"))


@pytest.mark.parametrize("n", SIZES)
def test_filtered_list_query_count_does_not_grow(n, world, client, section, dept_a, django_assert_num_queries):
    world(n)
    params = {
        "q": "老旧",
        "status": "lagging",
        "department": dept_a.slug,
        "section": section.pk,
        "sort": "-progress_percent",
    }
    # the six of the plain list, plus checking the chosen section and department exist in scope
    cold(client, django_assert_num_queries, 8, reverse("public:commitment-list"), params)


@pytest.mark.parametrize("reports", [1, 5])
def test_commitment_page_query_count_does_not_grow(
    reports, client, make_commitment, approve, attach, admin_user, dept_b, django_assert_num_queries
):
    c = make_commitment()
    c.supporting_departments.add(dept_b)
    for month in range(1, reports + 1):
        attach(approve(c, month=month, value=str(10 * month)))
        Milestone.objects.create(commitment=c, title=f"节点{month}", due_date=date(2024, month, 28))
    for _ in range(reports):
        amendments.change_target(c, by=admin_user, reason="调整", target_value=c.target_value + 1)
        c.refresh_from_db()
    # commitment with report, section and lead department; supporting departments; milestones; approved
    # reports; their public evidence; the report's sections; the first other reports' commitments with this
    # code, and their number; the public change log
    cold(client, django_assert_num_queries, 9, reverse("public:commitment-detail", args=[c.code]))


@pytest.mark.parametrize("others", [0, 1, 15])
def test_commitment_page_query_count_does_not_grow_with_reports_sharing_the_code(
    others, client, make_commitment, approve, attach, bulk_commitments, many_reports, django_assert_num_queries
):
    c = make_commitment()
    attach(approve(c))
    for r, s in many_reports(others, first=2000):  # older than the page's report, which it shows
        bulk_commitments(1, work_report=r, section=s, code=c.code)

    # the nine above, however many reports share the code
    response = cold(client, django_assert_num_queries, 9, reverse("public:commitment-detail", args=[c.code]))

    namesakes = response.context["page"].namesakes
    assert (len(namesakes.rows), namesakes.total) == (min(others, selectors.NAMESAKES_SHOWN), others)


@pytest.mark.parametrize("n", SIZES)
def test_department_page_query_count_does_not_grow(n, world, client, dept_a, django_assert_num_queries):
    world(n)
    # department, reports, tally, table count, table page, the first commitments it supports, their number
    cold(client, django_assert_num_queries, 7, reverse("public:department-detail", args=[dept_a.slug]))


@pytest.mark.parametrize("supported", [1, 30])
def test_department_page_query_count_does_not_grow_with_what_it_supports(
    supported, client, make_commitment, bulk_commitments, second_report, dept_a, dept_b, django_assert_num_queries
):
    later, later_section = second_report
    make_commitment(lead_department=dept_b)
    make_commitment(lead_department=dept_b, work_report=later, section=later_section)
    bulk_commitments(supported, supported_by=dept_b, prefix="2024-9")
    bulk_commitments(supported, supported_by=dept_b, prefix="2025-9", work_report=later, section=later_section)
    url = reverse("public:department-detail", args=[dept_b.slug])

    # department, reports, tally, table count, table page, the first supported rows, their number
    response = cold(client, django_assert_num_queries, 7, url)
    # a chosen report adds its sections to the filter form
    one = cold(client, django_assert_num_queries, 8, url, {"report": later.pk})

    assert response.context["supported"].total == 2 * supported
    assert len(one.context["supported"].rows) == min(supported, selectors.SUPPORTED_SHOWN)


@pytest.mark.parametrize("n", SIZES)
def test_list_by_supporter_or_code_query_count_does_not_grow(
    n, world, client, dept_a, dept_b, django_assert_num_queries
):
    made = world(n)
    list_url = reverse("public:commitment-list")
    # the six of the plain list, plus the chosen supporting department: checked, then offered in the form
    cold(client, django_assert_num_queries, 8, list_url, {"supporter": dept_b.slug})
    # over every report: no section choices
    cold(client, django_assert_num_queries, 7, list_url, {"supporter": dept_b.slug, "report": "all"})
    # a code costs no query of its own
    cold(client, django_assert_num_queries, 6, list_url, {"code": made[0].code})


@pytest.mark.parametrize("n", SIZES)
def test_section_page_query_count_does_not_grow(n, world, client, work_report, section, django_assert_num_queries):
    world(n)
    # report, sections of the report, tally, table count, table page, department choices
    cold(client, django_assert_num_queries, 6, reverse("public:section-detail", args=[work_report.pk, section.key]))


@pytest.mark.parametrize("n", SIZES)
def test_department_index_query_count_does_not_grow(n, world, client, django_assert_num_queries):
    world(n)
    cold(client, django_assert_num_queries, 1, reverse("public:department-list"))  # one grouped tally


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("commitments-csv", 3),  # reports, filtered rows, their supporting departments
        ("commitments-xlsx", 3),
        ("updates-csv", 2),  # reports, approved updates with their commitments
        ("feed", 1),  # latest approved updates with their commitments
    ],
)
def test_download_query_count_does_not_grow(n, name, queries, world, client, django_assert_num_queries):
    world(n)
    cold(client, django_assert_num_queries, queries, reverse(f"public:{name}"))


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("commitment-list", 3),  # count, page with report, section and lead department, supporting departments
        ("milestone-list", 2),  # count, page with commitments
        ("update-list", 3),  # count, page with commitments, their public evidence
        ("department-list", 2),  # count, page
        ("section-list", 2),
        ("summary", 7),  # the home page's seven
    ],
)
def test_api_query_count_does_not_grow(n, name, queries, world, client, django_assert_num_queries):
    world(n)
    cold(client, django_assert_num_queries, queries, reverse(f"public:api:{name}"))


@pytest.mark.parametrize(
    "url",
    [
        reverse("public:home"),
        reverse("public:commitment-list") + "?status=lagging&sort=-progress_percent",
        reverse("public:commitments-csv"),
        reverse("public:feed"),
        reverse("public:api:commitment-list") + "?status=lagging",
        reverse("public:api:summary"),
    ],
)
def test_a_warm_response_costs_no_query(url, world, client, django_assert_num_queries):
    world(3)
    first = client.get(url)

    with django_assert_num_queries(0):
        second = client.get(url)

    assert second.status_code == 200 and second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
