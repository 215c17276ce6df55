"""The OpenAPI document opens as a named file: its Content-Disposition was the whole header MIME-encoded
(=?utf-8?b?…?=, Django's treatment of a non-Latin-1 value), which browsers cannot read, so the footer's
link saved a file called "download". People reading the footer are sent to the API section of /data/."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("query", "suffix"), [({}, ".yaml"), ({"format": "json"}, ".json")])
def test_the_schema_names_its_file_in_a_header_browsers_read(client, query, suffix):
    header = client.get(reverse("public:api:schema"), query)["Content-Disposition"]

    assert header.isascii() and not header.startswith("=?")
    disposition, _, encoded = header.partition("; filename*=utf-8''")
    assert disposition == "inline"
    assert unquote(encoded) == f"政府工作报告重点任务 开放数据 API{suffix}"


def test_the_footer_explains_the_api_on_the_open_data_page(client, make_commitment):
    make_commitment()
    home = client.get(reverse("public:home")).text
    api_section = reverse("public:open-data") + "#api"

    assert f'<a href="{api_section}">API 说明' in home
    assert 'id="api"' in client.get(reverse("public:open-data")).text
