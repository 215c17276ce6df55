"""Admin for supervision notices (督办): supervisors issue, confirm and close; the department responds.

A department sees only the notices addressed to it, once issued; its reporters edit nothing but the
response, and only while the notice is open. Notices are records: nobody deletes them.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.html import format_html

from commitments import permissions, supervision
from commitments.admin.scoping import ScopedHistoryAdmin, client_ip, show_error
from commitments.forms import NoticeIssueForm, NoticeResponseForm
from commitments.models import SupervisionNotice

State = SupervisionNotice.State
RECORD_FIELDS = ["commitment", "department", "reason", "response_due", "state", "proposed", "issued_by",
                 "issued_at", "response", "responded_by", "responded_at", "closed_by", "closed_at"]  # fmt: skip


@admin.register(SupervisionNotice)
class SupervisionNoticeAdmin(ScopedHistoryAdmin):
    list_display = ["commitment", "department", "state", "due", "proposed", "issued_at"]
    list_filter = ["state", "proposed"]
    search_fields = ["commitment__code", "commitment__title", "reason"]
    list_select_related = ["commitment", "department"]
    autocomplete_fields = ["commitment"]
    actions = ["close_selected"]
    change_form_template = "admin/commitments/supervisionnotice/change_form.html"

    def scope(self, request):
        return permissions.notices_visible_to(request.user)

    @admin.display(description="答复期限", ordering="response_due")
    def due(self, obj: SupervisionNotice) -> str:
        if obj.is_overdue(today=timezone.localdate()):
            return format_html(
                '<strong class="tracker-overdue">{}（逾期未答复）</strong>', f"{obj.response_due:%Y-%m-%d}"
            )
        return f"{obj.response_due:%Y-%m-%d}"

    def get_list_filter(self, request):
        if permissions.is_supervisor(request.user):
            return [*self.list_filter, "department"]
        return self.list_filter

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = NoticeIssueForm if obj is None else NoticeResponseForm
        base = super().get_form(request, obj, change=change, **kwargs)
        user, today = request.user, timezone.localdate()

        class Form(base):
            def __init__(self, *args, **kw):
                super().__init__(*args, user=user, today=today, **kw)

        return Form

    def get_fields(self, request, obj=None):
        return ["commitment", "reason", "response_due"] if obj is None else RECORD_FIELDS

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if permissions.can_respond_to(request.user, obj):
            return [f for f in RECORD_FIELDS if f != "response"]
        return RECORD_FIELDS

    def has_add_permission(self, request):
        return super().has_add_permission(request) and permissions.is_supervisor(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_respond_to(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        ip = client_ip(request)
        if change:
            supervision.respond(obj, by=request.user, response=form.cleaned_data["response"], ip=ip)
        else:
            data = form.cleaned_data
            notice = supervision.issue_notice(
                data["commitment"], by=request.user, reason=data["reason"], response_due=data["response_due"],
                today=timezone.localdate(), ip=ip,
            )  # fmt: skip
            obj.pk = notice.pk
        obj.refresh_from_db()

    @admin.action(description="办结所选督办", permissions=["review"])
    def close_selected(self, request, queryset):
        done = 0
        for notice in queryset:
            try:
                supervision.close(notice, by=request.user, ip=client_ip(request))
                done += 1
            except supervision.SupervisionError as exc:
                show_error(request, f"{notice}：", exc)
        if done:
            messages.success(request, f"已办结 {done} 项督办")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and permissions.is_supervisor(request.user):
            context["can_close"] = obj.state != State.CLOSED and not obj.proposed
            context["can_confirm"] = obj.proposed and obj.state == State.OPEN
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/close/", view(self.close_view), name="commitments_supervisionnotice_close"),
            path("<int:pk>/confirm/", view(self.confirm_view), name="commitments_supervisionnotice_confirm"),
            *super().get_urls(),
        ]

    def _notice(self, request: HttpRequest, pk: int) -> SupervisionNotice:
        if not self.has_review_permission(request):
            raise PermissionDenied
        notice = self.get_queryset(request).filter(pk=pk).first()
        if notice is None:
            raise Http404("不存在，或您无权查看")
        return notice

    def close_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """办结, with an optional note."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        notice = self._notice(request, pk)
        try:
            supervision.close(notice, by=request.user, note=request.POST.get("note", ""), ip=client_ip(request))
            messages.success(request, "督办已办结")
        except supervision.SupervisionError as exc:
            show_error(request, "", exc)
        return redirect(reverse("admin:commitments_supervisionnotice_change", args=[notice.pk]))

    def confirm_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """下发 a notice the daily escalation proposed, with its response date."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        notice = self._notice(request, pk)
        try:
            due = parse_date(request.POST.get("response_due", ""))
        except ValueError:
            due = None
        try:
            if due is None:
                raise supervision.SupervisionError("请填写答复期限，格式为 2024-12-31")
            supervision.confirm_proposal(notice, by=request.user, response_due=due, today=timezone.localdate(),
                                         ip=client_ip(request))  # fmt: skip
            messages.success(request, "督办已下发，被督办单位现在可以看到并答复")
        except supervision.SupervisionError as exc:
            show_error(request, "", exc)
        return redirect(reverse("admin:commitments_supervisionnotice_change", args=[notice.pk]))
