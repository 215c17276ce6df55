"""Signed-in sessions end after 30 minutes idle and 12 hours after login; a logged-out or deactivated user's
old session cookie gets nothing. The clock is moved, never waited for."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from commitments.models import HistoryEntry

# A light admin page that needs a signed-in staff user: 200 with a session, a redirect to login without one.
PROBE = "/admin/jsi18n/"


def _signed_in(client) -> bool:
    return client.get(PROBE).status_code == 200


def _old_cookie(client) -> Client:
    stranger = Client()
    stranger.cookies[settings.SESSION_COOKIE_NAME] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return stranger


def test_activity_keeps_a_session_alive_past_thirty_minutes(client, reporter_a, login, clock):
    login(client, "reporter_a")
    for _ in range(3):
        clock.advance(minutes=29)
        assert _signed_in(client)


def test_thirty_minutes_idle_ends_the_session(client, reporter_a, login, clock):
    login(client, "reporter_a")
    clock.advance(minutes=29)
    assert _signed_in(client)
    clock.advance(minutes=30)
    response = client.get(PROBE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert not Session.objects.filter(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).exists()


def test_twelve_hours_after_login_the_session_ends_however_active(client, reporter_a, login, clock):
    login(client, "reporter_a")
    for _ in range(28):  # 28 × 25 min = 11 h 40 min of steady work
        clock.advance(minutes=25)
        assert _signed_in(client)
    clock.advance(minutes=25)  # 12 h 05 min after login
    assert not _signed_in(client)


def test_an_expired_session_is_logged_with_its_reason(client, reporter_a, login, clock):
    login(client, "reporter_a", ip="198.51.100.23")
    clock.advance(minutes=31)
    client.get(PROBE, REMOTE_ADDR="198.51.100.23")
    entry = HistoryEntry.objects.get(action="auth.logout")
    assert (entry.actor, entry.data, entry.ip_address) == (reporter_a, {"reason": "idle"}, "198.51.100.23")


def test_a_logged_out_users_old_cookie_gets_nothing(client, reporter_a, login):
    login(client, "reporter_a")
    stolen = _old_cookie(client)
    assert _signed_in(stolen)
    client.post(reverse("admin:logout"))
    assert not _signed_in(stolen)
    assert not Session.objects.exists()


def test_deactivating_a_user_ends_their_sessions(client, reporter_a, login, django_capture_on_commit_callbacks):
    login(client, "reporter_a")
    stolen = _old_cookie(client)
    with django_capture_on_commit_callbacks(execute=True):
        reporter_a.is_active = False
        reporter_a.save()
    assert not Session.objects.exists()
    assert not _signed_in(stolen)


def test_a_user_deactivated_behind_the_applications_back_still_gets_nothing(client, reporter_a, login):
    login(client, "reporter_a")
    type(reporter_a).objects.filter(pk=reporter_a.pk).update(is_active=False)  # no signals: raw update
    assert not _signed_in(client)
    assert SESSION_KEY not in client.session


def test_other_users_sessions_survive_a_deactivation(
    client, reporter_a, reporter_b, login, django_capture_on_commit_callbacks
):
    login(client, "reporter_b")
    with django_capture_on_commit_callbacks(execute=True):
        reporter_a.is_active = False
        reporter_a.save()
    assert _signed_in(client)
