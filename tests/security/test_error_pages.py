"""Error pages speak Chinese: a reporter who opens a supervisor's page, a form posted after its token went
stale, a malformed request and a server error each get a page in the UI's language, never Django's
English fallback ("403 Forbidden", "CSRF verification failed", "Bad Request (400)", "Server Error (500)")."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts import roles

pytestmark = pytest.mark.django_db

ENGLISH = ("Forbidden", "CSRF verification failed", "Bad Request", "Server Error")


def _assert_chinese(response, status: int, words: str) -> None:
    text = response.content.decode()
    assert response.status_code == status
    assert words in text, text[:500]
    assert not [w for w in ENGLISH if w in text]
    assert '<html lang="zh-Hans">' in text


def test_a_page_beyond_the_role_says_so_in_chinese(reporter_a):
    reporter_a.groups.add(roles.ensure_roles()[roles.REPORTERS])
    client = Client()
    client.force_login(reporter_a)

    response = client.get(reverse("admin:commitments_progressreport_compliance"))  # supervisors only

    _assert_chinese(response, 403, "没有权限")
    assert reverse("admin:index") in response.content.decode()  # a way back to the start page


def test_a_stale_form_token_says_what_to_do_in_chinese(reporter_a):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("admin:login"), {"username": reporter_a.username, "password": "x"})

    _assert_chinese(response, 403, "请刷新页面")


def test_a_malformed_request_and_a_server_error_answer_in_chinese(client, settings):
    from django.template.loader import render_to_string

    # Django renders 400.html and 500.html itself with no request context; 500.html must not need one.
    for name, words in (("400.html", "请求有误"), ("500.html", "服务器出错")):
        html = render_to_string(name)
        assert words in html and '<html lang="zh-Hans">' in html
        assert not [w for w in ENGLISH if w in html]

    settings.ALLOWED_HOSTS = ["tracker.example.gov.cn"]
    _assert_chinese(client.get("/", HTTP_HOST="elsewhere.example.com"), 400, "请求有误")
