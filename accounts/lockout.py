"""How a login attempt is identified (its source address) and how a locked account is refused.

django-axes counts failures per username from any address (settings AXES_*); these two callables are plugged
into it. A locked attempt is refused by ``axes.backends.AxesStandaloneBackend`` before any password hash is
computed, and the page it gets is the ordinary "wrong username or password" login page: telling an attacker
that an account exists and is locked would help them, and the owner learns it from the administrator.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase


def _valid(address: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind ``TRACKER_PROXY_COUNT`` trusted reverse proxies the entry
    they appended to X-Forwarded-For. Entries further left are written by the client and can be forged."""
    proxies = settings.TRACKER_PROXY_COUNT
    if proxies > 0:
        chain = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(chain) >= proxies:
            return _valid(chain[-proxies])
    return _valid(request.META.get("REMOTE_ADDR"))


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """Answer a locked attempt with the page the login view already rendered: the same form and the same
    "请输入正确的用户名和密码" error as a wrong password, so a lockout is indistinguishable from a typo."""
    if isinstance(original_response, HttpResponseBase):
        return original_response
    # Only reached from axes' async path, which does not pass the rendered page along.
    return HttpResponse("请输入正确的用户名和密码。", status=200, content_type="text/plain; charset=utf-8")
