"""CSV and XLSX downloads of the filtered table, and the approved updates as CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from commitments.models import ProgressReport

pytestmark = pytest.mark.django_db
CSV = reverse("public:commitments-csv")
XLSX = reverse("public:commitments-xlsx")


def csv_rows(response) -> list[list[str]]:
    body = response.content
    assert body.startswith("\ufeff".encode())  # Excel reads UTF-8 Chinese only with the BOM
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_csv_holds_the_filtered_rows_as_an_attachment(client, make_commitment):
    make_commitment(title="新增停车位")
    make_commitment(title="口袋公园")

    response = client.get(CSV, {"q": "停车"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    rows = csv_rows(response)
    assert [r[3] for r in rows[1:]] == ["新增停车位"]


def test_csv_and_xlsx_have_the_same_columns_and_figures(client, make_commitment, approve):
    c = make_commitment()
    approve(c, value="51.5")

    from_csv, from_xlsx = csv_rows(client.get(CSV)), xlsx_rows(client.get(XLSX))

    assert from_csv[0] == from_xlsx[0]
    progress = from_csv[0].index("进度(%)")
    assert from_csv[1][progress] == "50.00" and float(from_xlsx[1][progress]) == 50.0
    assert from_csv[1][2] == from_xlsx[1][2] == c.code


def test_the_export_follows_the_table_sort(client, make_commitment, approve):
    slow, fast = make_commitment(), make_commitment()
    approve(slow, value="10")
    approve(fast, value="90")

    rows = csv_rows(client.get(CSV, {"sort": "-progress_percent"}))

    assert [r[2] for r in rows[1:]] == [fast.code, slow.code]


@pytest.mark.parametrize("payload", ['=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)"])
def test_formula_like_text_is_neutralised_in_both_formats(client, make_commitment, payload):
    make_commitment(title=payload)

    csv_title = csv_rows(client.get(CSV))[1][3]
    xlsx_title = xlsx_rows(client.get(XLSX))[1][3]

    assert csv_title == xlsx_title == "'" + payload


def test_an_invalid_filter_exports_no_rows(client, make_commitment):
    make_commitment()

    rows = csv_rows(client.get(CSV, {"status": "bogus"}))

    assert rows[1:] == []


def test_a_department_export_covers_every_report(client, make_commitment, second_report, dept_a, dept_b):
    later, later_section = second_report
    make_commitment(lead_department=dept_a)
    make_commitment(lead_department=dept_a, work_report=later, section=later_section, code="2025-1")
    make_commitment(lead_department=dept_b)

    rows = csv_rows(client.get(CSV, {"report": "all", "department": dept_a.slug}))

    assert len(rows) == 3


def test_a_supporter_export_holds_the_public_commitments_it_supports(client, make_commitment, second_report, dept_b):
    later, later_section = second_report
    old = make_commitment(title="二四年配合")
    new = make_commitment(title="二五年配合", work_report=later, section=later_section, code="2025-1")
    hidden = make_commitment(title="内部配合", is_public=False)
    make_commitment(title="不配合")
    for c in (old, new, hidden):
        c.supporting_departments.add(dept_b)

    rows = csv_rows(client.get(CSV, {"report": "all", "supporter": dept_b.slug}))

    assert sorted(r[3] for r in rows[1:]) == sorted(["二四年配合", "二五年配合"])


def test_the_updates_csv_holds_approved_reports_only(client, make_commitment, approve, make_progress_report):
    c = make_commitment()
    approve(c, narrative="审核通过的进展")
    make_progress_report(c, narrative="提交待审的进展", state=ProgressReport.State.SUBMITTED)

    response = client.get(reverse("public:updates-csv"))

    text = response.content.decode("utf-8-sig")
    assert "审核通过的进展" in text and "提交待审的进展" not in text
