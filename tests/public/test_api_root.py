"""/api/v1/ itself (README: "/api/v1/ (OpenAPI 3 at /api/v1/schema/)") answers with the API's endpoints
instead of a 404, and every address it lists answers."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_api_root_lists_every_endpoint_and_each_answers(client, make_commitment):
    make_commitment()

    response = client.get("/api/v1/")

    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    body = response.json()
    assert "开放数据" in body["description"]
    links = body["endpoints"]
    assert set(links) == {"commitments", "milestones", "updates", "departments", "sections", "reports", "summary",
                          "schema"}  # fmt: skip
    assert links["schema"] == "http://testserver" + reverse("public:api:schema")
    for url in links.values():
        assert client.get(url).status_code == 200, url


def test_a_post_to_the_api_root_is_refused(client, db):
    assert client.post("/api/v1/").status_code == 405
