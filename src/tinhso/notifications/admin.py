"""Notifications in the admin: read-only, with an action to send failed ones again."""

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from tinhso.audit.admin import AuditedAdmin
from tinhso.audit.services import audit_record
from tinhso.notifications import services
from tinhso.notifications.constants import Status
from tinhso.notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(AuditedAdmin):
    list_display = [
        "created_at",
        "channel",
        "recipient",
        "reference",
        "subject",
        "status",
        "attempts",
        "sent_at",
        "next_attempt_at",
    ]
    list_filter = ["channel", "status"]
    search_fields = ["reference", "recipient"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    actions = ["resend"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_resend_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("notifications.change_notification")

    @admin.action(description="Gửi lại", permissions=["resend"])
    def resend(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        rows = list(queryset)
        unsent = [row for row in rows if row.status != Status.SENT]
        already_sent = len(rows) - len(unsent)
        sent, failed = services.resend(unsent)
        for row in unsent:
            audit_record(
                actor=request.user,
                action="notifications.resend",
                target=row,
                summary=f"{row.get_status_display()} {row.last_error}".strip()[:500],
                request=request,
            )
        if sent:
            self.message_user(request, f"Đã gửi lại {sent} thông báo.", messages.SUCCESS)
        if failed:
            self.message_user(
                request,
                f"{failed} thông báo vẫn gửi không thành công; xem cột lỗi.",
                messages.WARNING,
            )
        if already_sent:
            self.message_user(
                request, f"Bỏ qua {already_sent} thông báo đã gửi trước đó.", messages.INFO
            )
