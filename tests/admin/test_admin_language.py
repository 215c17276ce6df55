"""The admin speaks Chinese where Django's own zh_Hans catalogue has gaps (tracker/locale/zh_Hans): the
hidden column headings of the model list that screen readers announce, and the "Error:" a form with
mistakes puts in the browser tab's title."""

from __future__ import annotations

import gettext
import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

CATALOGUE = settings.BASE_DIR / "tracker" / "locale" / "zh_Hans" / "LC_MESSAGES"


def test_the_start_page_has_no_english_headings(client_supervisor):
    page = client_supervisor.get(reverse("admin:index")).text

    for english in ("Model name", "Add link", "Change or view list link"):
        assert english not in page
    assert "模型名称" in page


def test_a_form_with_mistakes_says_so_in_chinese_in_the_title(client_supervisor):
    page = client_supervisor.post(reverse("admin:commitments_supervisionnotice_add"), {"reason": ""}).text

    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title.startswith("错误：") and "Error" not in title


def test_the_compiled_catalogue_matches_its_source():
    # The .mo is committed (`make run` compiles nothing); it must carry every entry of the .po beside it.
    po = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    entries = dict(re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', po, re.M))
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    assert entries
    assert {msgid: compiled.gettext(msgid) for msgid in entries} == entries
