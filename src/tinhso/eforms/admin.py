"""E-forms in the admin: the schema is JSON, checked on save (EForm.clean) with every problem
listed in Vietnamese; a preview shows the fields as the citizen will see them."""

import json
from typing import Any

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join

from tinhso.audit.admin import AuditedAdmin
from tinhso.eforms.constants import FieldType
from tinhso.eforms.models import EForm
from tinhso.eforms.schema import SchemaError, parse_schema


class PrettyJSONField(forms.JSONField):
    def prepare_value(self, value: Any) -> str:
        if isinstance(value, str):
            return value
        return json.dumps(value, ensure_ascii=False, indent=2)


class EFormAdminForm(forms.ModelForm):
    schema = PrettyJSONField(
        label="Các trường của biểu mẫu (JSON)",
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100, "style": "font-family: monospace"}),
        error_messages={"invalid": "Nội dung không phải JSON hợp lệ."},
        help_text=EForm._meta.get_field("schema").help_text,
    )

    class Meta:
        model = EForm
        fields = ["version", "title", "schema"]


@admin.register(EForm)
class EFormAdmin(AuditedAdmin):
    form = EFormAdminForm
    list_display = ["title", "version", "field_count", "updated_at"]
    search_fields = ["title", "version__procedure__code", "version__name"]
    autocomplete_fields = ["version"]
    readonly_fields = ["preview", "updated_at", "updated_by"]

    @admin.display(description="số trường")
    def field_count(self, obj: EForm) -> int:
        fields = obj.schema.get("fields") if isinstance(obj.schema, dict) else None
        return len(fields) if isinstance(fields, list) else 0

    @admin.display(description="xem trước")
    def preview(self, obj: EForm) -> str:
        try:
            schema = parse_schema(obj.schema)
        except SchemaError as exc:
            return format_html("<strong>Biểu mẫu chưa hợp lệ:</strong> {}", "; ".join(exc.errors))
        rows = format_html_join(
            "",
            "<li>{}{} – {}{}</li>",
            (
                (
                    f"[{f.section}] " if f.section else "",
                    f.label,
                    FieldType(f.type).label,
                    " (bắt buộc)" if f.required else "",
                )
                for f in schema.fields
            ),
        )
        return format_html("<ol>{}</ol>", rows)

    def save_model(self, request, obj: EForm, form, change: bool) -> None:
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
