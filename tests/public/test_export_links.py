"""A downloaded file has no site around it: its 网址 column holds full addresses that open the task's page."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_csv_and_xlsx_link_each_task_by_its_full_address(client, make_commitment):
    c = make_commitment()
    expected = f"http://testserver/commitments/{c.code}/?report={c.work_report_id}"

    from_csv = list(csv.reader(io.StringIO(client.get(reverse("public:commitments-csv")).content.decode("utf-8-sig"))))
    sheet = load_workbook(io.BytesIO(client.get(reverse("public:commitments-xlsx")).content), read_only=True).active
    from_xlsx = [list(row) for row in sheet.iter_rows(values_only=True)]

    at = from_csv[0].index("网址")
    assert from_csv[1][at] == from_xlsx[1][at] == expected
    assert client.get(expected).status_code == 200


def test_the_address_follows_the_host_the_file_was_asked_from(client, make_commitment, settings):
    settings.ALLOWED_HOSTS = ["tracker.example.gov.cn"]
    c = make_commitment()

    response = client.get(reverse("public:commitments-csv"), HTTP_HOST="tracker.example.gov.cn", secure=True)

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (
        rows[1][rows[0].index("网址")]
        == f"https://tracker.example.gov.cn/commitments/{c.code}/?report={c.work_report_id}"
    )
