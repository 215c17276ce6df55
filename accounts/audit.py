"""Security audit of identity and access (等保2.0 安全审计): logins, failures, lockouts, logouts, permission
changes, and the source address of every change kept by simple-history.

Business changes are recorded by the domain functions (``history.record``) and by simple-history. The
events here have no domain function to call: they come from Django's auth signals, django-axes and changes to
users, groups and department membership made anywhere (admin, shell, commands), so signals are the one place
that sees all of them. Each event is one ``HistoryEntry`` with an ``auth.*`` action code.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.http import HttpRequest
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from accounts import lockout, sessions
from commitments.models import Department, HistoryEntry

LOGIN = "auth.login"
LOGIN_FAILED = "auth.login_failed"
LOCKOUT = "auth.lockout"
LOGOUT = "auth.logout"
PERMISSIONS_CHANGED = "auth.permissions_changed"

LOGOUT_REASONS = {"user": "用户退出", "idle": "空闲超时", "absolute": "会话到期"}

# Account flags that change what a user may do; other columns (last_login, names, e-mail) are not permissions.
FLAGS = ("is_active", "is_staff", "is_superuser")


def _request_in_progress() -> HttpRequest | None:
    # The request of the current thread, exposed by simple-history's HistoryRequestMiddleware.
    return getattr(HistoricalRecords.context, "request", None)


def _ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return getattr(request, "axes_ip_address", None) or lockout.client_ip(request)


def _actor(request: HttpRequest | None):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _write(
    action: str, *, request: HttpRequest | None, actor=None, actor_name: str = "", target=None, data=None
) -> HistoryEntry:
    return HistoryEntry.objects.create(
        action=action,
        actor=actor,
        actor_name=(actor.get_username() if actor is not None else actor_name)[:150],
        ip_address=_ip(request),
        object_type=target._meta.label_lower if target is not None else "auth.user",
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:200] if target is not None else actor_name[:200],
        data=data or {},
    )


def on_login(sender, request: HttpRequest, user, **kwargs) -> None:
    _write(LOGIN, request=request, actor=user, target=user)


def on_login_failed(sender, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs) -> None:
    username = str(credentials.get("username") or "")
    # axes leaves axes_failures_since_start unset (None) when it refused the attempt without checking the password.
    refused = request is not None and getattr(request, "axes_failures_since_start", 0) is None
    _write(LOGIN_FAILED, request=request, actor_name=username, data={"refused_while_locked": refused})


def on_locked_out(sender, request: HttpRequest, username: str, ip_address: str | None = None, **kwargs) -> None:
    # axes also sends this for every attempt refused while locked; only the moment of locking is an event.
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    user = get_user_model().objects.filter(username=username).first()
    _write(
        LOCKOUT,
        request=request,
        actor_name=username or "",
        target=user,
        data={"failures": request.axes_failures_since_start},
    )


def on_logout(sender, request: HttpRequest, user, **kwargs) -> None:
    if user is None:
        return
    reason = getattr(request, "tracker_logout_reason", "user")
    _write(LOGOUT, request=request, actor=user, target=user, data={"reason": reason})


def on_user_saving(sender, instance, raw: bool = False, update_fields=None, **kwargs) -> None:
    """Remember which permission flags an existing user is about to change (compared with the stored row)."""
    if raw or instance.pk is None or (update_fields is not None and not set(FLAGS) & set(update_fields)):
        return
    stored = sender.objects.filter(pk=instance.pk).values(*FLAGS).first()
    if stored is None:
        return
    changes = {f: [stored[f], getattr(instance, f)] for f in FLAGS if stored[f] != getattr(instance, f)}
    if changes:
        instance._tracker_flag_changes = changes


def on_user_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    changes = instance.__dict__.pop("_tracker_flag_changes", None)
    if not changes:
        return
    request = _request_in_progress()
    _write(PERMISSIONS_CHANGED, request=request, actor=_actor(request), target=instance, data=changes)
    if changes.get("is_active") == [True, False]:
        # A deactivated user's open sessions end with the transaction that deactivated them.
        transaction.on_commit(lambda: sessions.end_sessions_of(user_id=instance.pk))


def _relations() -> dict[Any, tuple[str, str, str]]:
    # through model -> (name in the log, forward accessor, reverse accessor)
    user_model = get_user_model()
    return {
        user_model.groups.through: ("groups", "groups", "user_set"),
        user_model.user_permissions.through: ("user_permissions", "user_permissions", "user_set"),
        Group.permissions.through: ("group_permissions", "permissions", "group_set"),
        Department.members.through: ("department_members", "members", "departments"),
    }


def on_relation_changed(sender, instance, action: str, reverse: bool, model, pk_set, **kwargs) -> None:
    """Group membership, direct permissions, a group's permissions and department membership (which decides
    the data a reporter reaches) are all permission changes: one entry per change, naming both sides."""
    name, forward, backward = _relations()[sender]
    if action == "pre_clear":
        # post_clear no longer knows what was removed: note it before.
        related = getattr(instance, backward if reverse else forward).all()
        instance._tracker_cleared = {o.pk: str(o) for o in related}
        return
    if action == "post_clear":
        changed = instance.__dict__.pop("_tracker_cleared", {})
    elif action in ("post_add", "post_remove") and pk_set:
        changed = {o.pk: str(o) for o in model._default_manager.filter(pk__in=pk_set)}
    else:
        return
    if not changed:
        return
    request = _request_in_progress()
    _write(
        PERMISSIONS_CHANGED,
        request=request,
        actor=_actor(request),
        target=instance,
        data={
            "relation": name,
            "change": action.removeprefix("post_"),
            "ids": sorted(changed),
            "names": sorted(changed.values()),
        },
    )


def on_historical_record(sender, history_instance, **kwargs) -> None:
    """simple-history keeps who and when; add from where (来源地址) when the change came through a request."""
    if hasattr(history_instance, "ip_address") and history_instance.ip_address is None:
        history_instance.ip_address = _ip(_request_in_progress())


def connect() -> None:
    """Connect the receivers once (from CommitmentsConfig.ready). django-axes connects its own receivers in its
    ready(), which runs first (INSTALLED_APPS order), so ours see the request as axes has marked it."""
    from axes.signals import user_locked_out

    user_model = get_user_model()
    user_logged_in.connect(on_login, dispatch_uid="accounts.audit.login")
    user_login_failed.connect(on_login_failed, dispatch_uid="accounts.audit.login_failed")
    user_logged_out.connect(on_logout, dispatch_uid="accounts.audit.logout")
    user_locked_out.connect(on_locked_out, dispatch_uid="accounts.audit.lockout")
    pre_save.connect(on_user_saving, sender=user_model, dispatch_uid="accounts.audit.user_saving")
    post_save.connect(on_user_saved, sender=user_model, dispatch_uid="accounts.audit.user_saved")
    for through in _relations():
        m2m_changed.connect(on_relation_changed, sender=through, dispatch_uid=f"accounts.audit.{through.__name__}")
    pre_create_historical_record.connect(on_historical_record, dispatch_uid="accounts.audit.historical_ip")
