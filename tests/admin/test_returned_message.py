"""A returned report tells its department why, once: the reason as the supervisor wrote it, with no doubled
full stop when the reason ends in one (“…后重新提交。。请修改后重新提交”)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("note", ["佐证材料不全：请补充验收资料。", "数值与台账不符"])
def test_the_returned_reason_reads_cleanly(note, make_commitment, make_progress_report, client_a):
    report = make_progress_report(make_commitment(), state="returned", period=date(2024, 6, 1), review_note=note)

    page = client_a.get(reverse("admin:commitments_progressreport_change", args=[report.pk])).text

    banner = re.search(r'<p class="errornote">(.*?)</p>', page, re.S).group(1)
    assert note in banner and "请修改后重新提交" in banner
    assert "。。" not in banner
