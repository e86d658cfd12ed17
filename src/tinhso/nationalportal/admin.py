"""The national-portal link in the admin (/quan-tri/): received dossiers and the status
updates sent back, read-only, with "Gửi lại" for the ones that are not through."""

import json
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html

from tinhso.nationalportal import outbox
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
    list_filter = ["state", "action"]
    search_fields = ["portal_dossier__external_id", "portal_dossier__dossier__code"]
    list_select_related = ["portal_dossier"]
    exclude = ["payload"]
    readonly_fields = ["payload_pretty"]
    actions = ["resend"]

    @admin.display(description="mã hồ sơ trên Cổng", ordering="portal_dossier__external_id")
    def external_id(self, obj: StatusMessage) -> str:
        return obj.portal_dossier.external_id

    @admin.display(description="nội dung gửi")
    def payload_pretty(self, obj: StatusMessage) -> str:
        return _pretty(obj.payload)

    def has_resend_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("nationalportal.change_statusmessage")

    @admin.action(description="Gửi lại", permissions=["resend"])
    def resend(self, request: HttpRequest, queryset: QuerySet[StatusMessage]) -> None:
        rows = list(
            queryset.select_related("portal_dossier").order_by("portal_dossier", "sequence")
        )
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
