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

pytestmark = pytest.mark.django_db
SIZES = [1, 20]


@pytest.fixture
def world(populate, make_commitment, approve, attach, admin_user, report, section, dept_a):
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
    # reports; their public evidence; the report's sections; other reports' commitments with this code;
    # the public change log
    cold(client, django_assert_num_queries, 8, reverse("public:commitment-detail", args=[c.code]))


@pytest.mark.parametrize("n", SIZES)
def test_department_page_query_count_does_not_grow(n, world, client, dept_a, django_assert_num_queries):
    world(n)
    # department, reports, tally, table count, table page, commitments it supports
    cold(client, django_assert_num_queries, 6, reverse("public:department-detail", args=[dept_a.slug]))


@pytest.mark.parametrize("n", SIZES)
def test_section_page_query_count_does_not_grow(n, world, client, report, section, django_assert_num_queries):
    world(n)
    # report, sections of the report, tally, table count, table page, department choices
    cold(client, django_assert_num_queries, 6, reverse("public:section-detail", args=[report.pk, section.key]))


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
