"""Production settings pass `check --deploy --fail-level WARNING`, and responses carry the hardening headers."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def _production_env() -> dict[str, str]:
    # Only what an operator must set: none of the test suite's relaxations (SECURE_SSL_REDIRECT=0, ...).
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "tracker.example.gov.cn",
        "DATABASE_URL": os.environ["DATABASE_URL"],
    }


def _python(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=_production_env(), capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deploy_check_at_warning_level():
    result = _python("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout


PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "ssl_redirect": s.SECURE_SSL_REDIRECT, "hsts": s.SECURE_HSTS_SECONDS,
    "subdomains": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "session_secure": s.SESSION_COOKIE_SECURE, "csrf_secure": s.CSRF_COOKIE_SECURE,
    "httponly": s.SESSION_COOKIE_HTTPONLY, "frame": s.X_FRAME_OPTIONS, "nosniff": s.SECURE_CONTENT_TYPE_NOSNIFF,
    "conn_max_age": s.DATABASES["default"]["CONN_MAX_AGE"],
    "object_src": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["object-src"],
    "session_age": s.SESSION_COOKIE_AGE, "char_classes": s.TRACKER_PASSWORD_CHAR_CLASSES,
}))
"""


def test_production_settings_have_the_required_values():
    result = _python("-c", f"import os; os.environ['DJANGO_SETTINGS_MODULE'] = 'tracker.settings'\n{PRINT_SETTINGS}")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "ssl_redirect": True,
        "hsts": 31_536_000,
        "subdomains": True,
        "session_secure": True,
        "csrf_secure": True,
        "httponly": True,
        "frame": "DENY",
        "nosniff": True,
        "conn_max_age": 600,
        "object_src": ["'none'"],
        "session_age": 12 * 3600,
        "char_classes": True,
    }


@pytest.mark.parametrize("url", ["/healthz/", "/admin/login/"])
def test_every_response_carries_the_hardening_headers(client, db, url):
    response = client.get(url, secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "object-src 'none'" in csp and "default-src 'self'" in csp and "frame-ancestors 'none'" in csp


def test_the_admin_login_page_is_not_framed_or_cached_by_others(client, db):
    response = client.get(reverse("admin:login"), secure=True)
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
