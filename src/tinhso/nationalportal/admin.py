"""The national-portal link in the admin (/quan-tri/): received dossiers and the status
updates sent back, read-only, with "Gửi lại" for the ones that are not through."""

import json
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.html import format_html

from tinhso.nationalportal import outbox, reconcile
from tinhso.nationalportal.constants import MessageState
from tinhso.nationalportal.models import PortalDossier, StatusMessage


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _pretty(value: Any) -> str:
    return format_html(
        "<pre style='white-space:pre-wrap'>{}</pre>",
        json.dumps(value, ensure_ascii=False, indent=2),
    )


def _day(value: str, default: Any) -> Any:
    """dd/mm/yyyy (or yyyy-mm-dd) from the form, `default` when empty; ValueError if bad."""
    return reconcile.parse_day(value) if value.strip() else default


class StatusMessageInline(admin.TabularInline):
    model = StatusMessage
    fields = ["sequence", "action", "dossier_status", "state", "attempts", "last_status_code"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["sequence"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(PortalDossier)
class PortalDossierAdmin(_ReadOnly):
    list_display = [
        "external_id",
        "dossier",
        "procedure_code",
        "receiving_agency_code",
        "received_at",
    ]
    search_fields = ["external_id", "dossier__code", "procedure_code"]
    date_hierarchy = "received_at"
    list_select_related = ["dossier"]
    exclude = ["payload", "eform", "fees"]
    readonly_fields = ["payload_pretty"]
    inlines = [StatusMessageInline]

    @admin.display(description="dữ liệu nhận được (không gồm nội dung tệp)")
    def payload_pretty(self, obj: PortalDossier) -> str:
        return _pretty(obj.payload)


@admin.register(StatusMessage)
class StatusMessageAdmin(_ReadOnly):
    list_display = [
        "created_at",
        "external_id",
        "sequence",
        "action",
        "dossier_status",
        "state",
        "attempts",
        "last_attempt_at",
        "last_status_code",
        "next_attempt_at",
        "sent_at",
    ]
    list_filter = ["state", "action", "dossier__channel"]
    search_fields = ["portal_dossier__external_id", "dossier__code"]
    list_select_related = ["portal_dossier"]
    exclude = ["payload"]
    readonly_fields = ["payload_pretty"]
    actions = ["resend"]

    @admin.display(description="mã hồ sơ (trên Cổng, nếu nộp qua Cổng)")
    def external_id(self, obj: StatusMessage) -> str:
        return obj.reference

    @admin.display(description="nội dung gửi")
    def payload_pretty(self, obj: StatusMessage) -> str:
        return _pretty(obj.payload)

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "doi-soat/",
                self.admin_site.admin_view(self.reconcile_view),
                name="nationalportal_statusmessage_reconcile",
            )
        ]
        return own + super().get_urls()

    def reconcile_view(self, request: HttpRequest) -> HttpResponse:
        """Đối soát với Cổng DVCQG (tinhso.nationalportal.reconcile): administrators who may
        see the status updates, i.e. the system administrator (IT)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        error = ""
        try:
            date_from = _day(request.GET.get("tu", ""), today.replace(day=1))
            date_to = _day(request.GET.get("den", ""), today)
            if date_from > date_to:
                raise ValueError
        except ValueError:
            error = "Ngày không hợp lệ: hãy nhập dd/mm/yyyy, ngày bắt đầu không sau ngày kết thúc."
            date_from, date_to = today.replace(day=1), today
        result = reconcile.reconcile(date_from, date_to) if not error else None
        rows = [
            {
                "day": r.day,
                "channel": reconcile.channel_label(r.channel),
                "status": reconcile.status_label(r.status),
                "ours": r.ours,
                "theirs": r.theirs,
                "matches": r.matches,
            }
            for r in (result.rows if result else [])
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Đối soát hồ sơ với Cổng Dịch vụ công quốc gia",
            "opts": self.model._meta,
            "result": result,
            "rows": rows,
            "error": error,
            "date_from": date_from,
            "date_to": date_to,
        }
        return TemplateResponse(
            request,
            "admin/nationalportal/reconcile.html",
            context,
            status=400 if error else 200,
        )

    def has_resend_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("nationalportal.change_statusmessage")

    @admin.action(description="Gửi lại", permissions=["resend"])
    def resend(self, request: HttpRequest, queryset: QuerySet[StatusMessage]) -> None:
        rows = list(queryset.select_related("portal_dossier").order_by("dossier", "sequence"))
        unsent = [m for m in rows if m.state != MessageState.SENT]
        attempts_before = {m.pk: m.attempts for m in unsent}
        outcome = outbox.resend(unsent, actor=request.user, request=request)
        waiting = sum(
            1
            for pk, state, attempts in StatusMessage.objects.filter(
                pk__in=attempts_before
            ).values_list("pk", "state", "attempts")
            if state != MessageState.SENT and attempts == attempts_before[pk]
        )
        if outcome.sent:
            self.message_user(request, f"Đã gửi {outcome.sent} tin.", messages.SUCCESS)
        if outcome.failed:
            self.message_user(
                request,
                f"{outcome.failed} tin vẫn gửi không thành công; xem cột mã HTTP và lỗi.",
                messages.WARNING,
            )
        if waiting:
            self.message_user(
                request,
                f"{waiting} tin chờ tin trước đó của cùng hồ sơ được gửi xong "
                "(tin của một hồ sơ được gửi theo thứ tự); hãy gửi lại cả tin trước đó.",
                messages.WARNING,
            )
        if len(rows) > len(unsent):
            self.message_user(
                request, f"Bỏ qua {len(rows) - len(unsent)} tin đã gửi trước đó.", messages.INFO
            )
