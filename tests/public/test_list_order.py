"""The default order of the public lists (API, table, CSV): newest report first, then as the report reads.

"Newest" is the report's year, then the later import (the report switcher's order), never the id alone: an
older report imported late gets a higher id. The order is total, so pages neither repeat nor skip a row,
and an order asked for with ``?ordering=`` falls back on it for rows that tie.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.urls import reverse

from commitments.models import Section, WorkReport
from commitments.public import selectors

pytestmark = pytest.mark.django_db

LIST = reverse("public:api:commitment-list")
# (code, position) as created: neither the creation order nor the code order is the report's order.
ROWS = [("2-1-01", 1), ("2-1-02", 1), ("2-1-03", 0)]
IN_REPORT_ORDER = ["2-1-03", "2-1-01", "2-1-02"]  # position, then code


@pytest.fixture
def shelves(work_report, section, make_commitment):
    """Four public reports, created 2024, 2025, 2023, 2025, each with the same three codes; the reports in
    the order the lists must show them, newest first."""

    def add(year: int, issuer: str) -> tuple[WorkReport, Section]:
        r = WorkReport.objects.create(year=year, issuer=issuer, title=f"{year}年{issuer}政府工作报告")
        return r, Section.objects.create(work_report=r, key="2", number="二、", heading="重点工作", level=1)

    first_2025 = add(2025, "甲县人民政府")
    late_2023 = add(2023, "乙县人民政府")  # imported after a 2025 report: a higher id, an older year
    second_2025 = add(2025, "丙县人民政府")
    for r, s in [(work_report, section), late_2023, first_2025, second_2025]:  # oldest first
        for code, position in ROWS:
            make_commitment(work_report=r, section=s, code=code, position=position)
    make_commitment(work_report=first_2025[0], section=first_2025[1], code="2-1-00", position=0, is_public=False)
    return [second_2025[0], first_2025[0], work_report, late_2023[0]]


def keys(rows: list[dict]) -> list[tuple[int, str]]:
    return [(r["report"], r["code"]) for r in rows]


def newest_first(reports: list[WorkReport]) -> list[tuple[int, str]]:
    return [(r.pk, code) for r in reports for code in IN_REPORT_ORDER]


def walk(client, **params) -> list[dict]:
    """Every row, page after page through the ``next`` links; each page must report the same count."""
    rows, url, counts = [], LIST, set()
    query = {"page_size": 5, **params}
    while url:
        body = client.get(url, query).json()
        rows += body["results"]
        counts.add(body["count"])
        url, query = body["next"], None
    assert counts == {len(rows)}
    return rows


def test_the_api_lists_the_newest_report_first_then_in_the_reports_order(client, shelves):
    body = client.get(LIST).json()

    assert keys(body["results"]) == newest_first(shelves)
    assert body["count"] == 12 and body["next"] is None and body["previous"] is None


def test_the_newest_report_is_the_latest_year_not_the_highest_id(client, shelves):
    years = [r["report_year"] for r in client.get(LIST).json()["results"]]

    assert years == sorted(years, reverse=True)
    assert shelves[-1].pk > shelves[1].pk  # the 2023 report was imported after a 2025 one


def test_pages_neither_repeat_nor_skip_a_row(client, shelves):
    assert keys(walk(client)) == newest_first(shelves)


@pytest.mark.parametrize("ordering", ["status", "-status", "due_date"])
def test_rows_that_tie_on_the_order_asked_for_keep_the_default_order(client, shelves, ordering):
    # Every row has the same status and due date: only the tie-break orders them, on every page alike.
    assert keys(walk(client, ordering=ordering)) == newest_first(shelves)


def test_an_order_on_request_still_leads(client, shelves):
    by_code = keys(walk(client, ordering="code"))
    by_code_descending = keys(walk(client, ordering="-code"))

    newest = [r.pk for r in shelves]
    assert by_code == [(pk, code) for code in sorted(IN_REPORT_ORDER) for pk in newest]
    assert by_code_descending == [(pk, code) for code in sorted(IN_REPORT_ORDER, reverse=True) for pk in newest]


def test_an_unknown_ordering_falls_back_on_the_default(client, shelves):
    assert keys(walk(client, ordering="internal_note")) == newest_first(shelves)


def test_the_table_and_its_csv_default_to_the_apis_order(client, shelves):
    api_urls = [r["url"] for r in client.get(LIST).json()["results"]]

    page = client.get(reverse("public:commitment-list"), {"report": "all"}).content.decode()
    table_urls = list(dict.fromkeys(re.findall(r'href="(/commitments/[^"/]+/\?report=\d+)"', page)))
    body = client.get(reverse("public:commitments-csv"), {"report": "all"}).content.decode("utf-8-sig")
    header, *lines = csv.reader(io.StringIO(body))
    # The downloads carry full addresses (http://testserver/…); the order is what is compared.
    csv_urls = [line[header.index("网址")].removeprefix("http://testserver") for line in lines]

    assert table_urls == csv_urls == api_urls
    assert len(api_urls) == 12


@pytest.mark.parametrize("params", [{}, {"ordering": "status"}, {"ordering": "-code", "page": 2, "page_size": 5}])
def test_the_query_count_does_not_depend_on_the_ordering(client, shelves, params, django_assert_num_queries):
    # count, page with report, section and lead department, supporting departments
    with django_assert_num_queries(3):
        response = client.get(LIST, params)
    assert response.status_code == 200 and response.json()["count"] == 12


def plan_nodes(sql: str, params) -> list[dict]:
    with connection.cursor() as cursor:
        # The test tables are tiny: with whole sorts and sequential scans priced out, a whole sort is left
        # only if no index gives the order.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        stack, nodes = [cursor.fetchone()[0][0]["Plan"]], []
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(node.get("Plans", []))
    return nodes


def test_the_default_order_is_read_through_indexes_not_sorted_whole(shelves):
    """Bench finding 5: reports come newest first from report_year_id, each report's public commitments from
    commitment_public_report, and only the rows of one report are sorted at a time (an incremental sort),
    never every public commitment at once."""
    page = selectors.listing(selectors.public_commitments())[:50]

    nodes = plan_nodes(*page.query.sql_with_params())

    types = {n["Node Type"] for n in nodes}
    assert "Sort" not in types and "Incremental Sort" in types
    assert {"report_year_id", "commitment_public_report"} <= {n.get("Index Name") for n in nodes}
