"""What every admin of ours shares: rows come from commitments.permissions, never from the bare manager.

A row outside a user's reach is a 404, never a redirect that would confirm it exists, and object-level
permission methods check the same reach, so history pages, autocompletes and actions follow it too.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from accounts import lockout
from commitments import permissions


def client_ip(request: HttpRequest) -> str | None:
    """The address recorded in history: the same as the login audit's, so TRACKER_PROXY_COUNT counts here too."""
    return lockout.client_ip(request)


def show_error(request: HttpRequest, prefix: str, exc: Exception) -> None:
    messages.error(request, f"{prefix}{exc}" if prefix else str(exc))


class ScopedAdmin(admin.ModelAdmin):
    """get_queryset from a permissions function; objects outside it are 404 and fail object checks."""

    def scope(self, request: HttpRequest) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = self.scope(request)
        ordering = self.get_ordering(request)
        return qs.order_by(*ordering) if ordering else qs

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Django redirects to the index for a missing row; a 404 tells nothing about other departments.
            raise Http404("不存在，或您无权查看")
        return obj

    def in_scope(self, request: HttpRequest, obj) -> bool:
        if permissions.is_supervisor(request.user):
            return True
        return obj.pk is not None and self.scope(request).filter(pk=obj.pk).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or self.in_scope(request, obj))

    def has_review_permission(self, request: HttpRequest) -> bool:
        """Custom action permission ("review"): supervisors approve, return, verify and close."""
        return permissions.is_supervisor(request.user)


class ScopedHistoryAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Scoped admin with django-simple-history's before/after pages, which are read-only here."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history saves a POSTed old version with only a view permission: history is for reading.
        if request.method != "GET":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
