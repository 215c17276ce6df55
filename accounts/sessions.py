"""Signed-in sessions end after 30 minutes idle and 12 hours after login, and with their user.

等保2.0 (身份鉴别) asks that a session ends when the connection is idle too long. Only staff sign in to this
system (the public site has no accounts), so the limits apply to every signed-in session. The clock is read
once per request from ``django.utils.timezone.now`` so tests can move it.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

STARTED = "_tracker_session_started"
SEEN = "_tracker_session_seen"
# Saving the session on every click costs a write per request; a minute of slack on a 30-minute idle limit
# does not matter, so the "last seen" stamp moves at most once a minute.
TOUCH_EVERY_SECONDS = 60


def expiry_reason(*, started: float | None, seen: float | None, now: float) -> str | None:
    """Why a session has expired at ``now`` (epoch seconds): "absolute" past the maximum age since login,
    "idle" past the idle limit since the last request; None while it is still valid."""
    if started is not None and now - started >= settings.TRACKER_SESSION_ABSOLUTE_HOURS * 3600:
        return "absolute"
    if seen is not None and now - seen >= settings.TRACKER_SESSION_IDLE_MINUTES * 60:
        return "idle"
    return None


class SessionTimeoutMiddleware:
    """Ends expired sessions through ``logout()`` (which flushes the stored session and sends
    ``user_logged_out``, so the audit log shows why); placed right after AuthenticationMiddleware."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = timezone.now().timestamp()
        signed_in = request.user.is_authenticated
        if signed_in:
            session = request.session
            reason = expiry_reason(started=session.get(STARTED), seen=session.get(SEEN), now=now)
            if reason:
                request.tracker_logout_reason = reason
                logout(request)
                signed_in = False
            elif now - session.get(SEEN, 0) >= TOUCH_EVERY_SECONDS:
                session[SEEN] = now
        elif SESSION_KEY in request.session:
            # The session names a user who can no longer sign in (deactivated or deleted behind the
            # application's back, e.g. by SQL): end it rather than keep it around.
            request.session.flush()

        response = self.get_response(request)

        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and (not signed_in or STARTED not in request.session):
            # Signed in during this request (or a session from before this middleware): the clocks start now.
            request.session[STARTED] = request.session[SEEN] = now
        return response


def end_sessions_of(*, user_id: int) -> int:
    """Delete every stored session of one user (on deactivation); returns how many ended.

    Sessions do not index their user, so this reads the unexpired ones; only staff have sessions here,
    so that is a few hundred rows at most, and deactivation is rare.
    """
    from django.contrib.sessions.models import Session

    engine = import_module(settings.SESSION_ENGINE)
    keys = [
        s.session_key
        for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.get_decoded().get(SESSION_KEY) == str(user_id)
    ]
    for key in keys:
        engine.SessionStore(session_key=key).delete()
    return len(keys)
