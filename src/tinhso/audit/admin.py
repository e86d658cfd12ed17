"""Admin for the audit record (read-only) and the mixin that puts every admin change on it."""

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.forms import ModelForm
from django.http import HttpRequest

from tinhso.audit.models import AuditEvent
from tinhso.audit.services import audit_record
from tinhso.core import cache_keys


def _form_changes(form: ModelForm[Any]) -> dict[str, Any]:
    return {
        name: {"old": _plain(form.initial.get(name)), "new": _plain(form.cleaned_data.get(name))}
        for name in form.changed_data
        if name not in {"password"}
    }


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (list, tuple, models.QuerySet)):
        return [str(v) for v in value]
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


class AuditedAdmin(admin.ModelAdmin[Any]):
    """ModelAdmin whose additions, changes and deletions all go on the audit record, and
    make stale what is cached from the model (`cache_scopes`, tinhso.core.cache_keys)."""

    cache_scopes: tuple[str, ...] = ()

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            cache_keys.bump(*self.cache_scopes)
            audit_record(
                actor=request.user,
                action="admin.change" if change else "admin.add",
                target=obj,
                changes=_form_changes(form),
                request=request,
            )

    def save_formset(
        self, request: HttpRequest, form: ModelForm[Any], formset: Any, change: bool
    ) -> None:
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            cache_keys.bump(*self.cache_scopes)
            for obj in formset.new_objects:
                audit_record(actor=request.user, action="admin.add", target=obj, request=request)
            for obj, fields in formset.changed_objects:
                audit_record(
                    actor=request.user,
                    action="admin.change",
                    target=obj,
                    changes={"fields": list(fields)},
                    request=request,
                )
            for obj in formset.deleted_objects:
                audit_record(actor=request.user, action="admin.delete", target=obj, request=request)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            audit_record(actor=request.user, action="admin.delete", target=obj, request=request)
            super().delete_model(request, obj)
            cache_keys.bump(*self.cache_scopes)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit_record(actor=request.user, action="admin.delete", target=obj, request=request)
            super().delete_queryset(request, queryset)
            cache_keys.bump(*self.cache_scopes)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the database refuses changes anyway (migration 0002); the admin offers none."""

    list_display = [
        "at",
        "actor_label",
        "action",
        "object_type",
        "object_repr",
        "ip_address",
        "seq",
    ]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_repr", "object_id", "summary"]
    date_hierarchy = "at"
    readonly_fields = ["at", "seq", "content_hash", "prev_hash", "row_hash"]
    actions = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
