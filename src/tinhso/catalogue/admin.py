"""Catalogue configuration in the admin.

Published versions are read-only: "Tạo phiên bản mới để sửa" makes a draft copy, which is
edited and then published with its start date; the published version stays on record.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone

from tinhso.audit.admin import AuditedAdmin
from tinhso.catalogue import exchange, selectors, services
from tinhso.catalogue.models import (
    DossierComponentSpec,
    FeeItem,
    Field,
    Procedure,
    ProcedureVersion,
    ProcessStep,
)
from tinhso.catalogue.process import validate_steps
from tinhso.core import cache_keys


@admin.register(Field)
class FieldAdmin(AuditedAdmin):
    cache_scopes = (cache_keys.CATALOGUE,)
    list_display = ["code", "name", "is_demo"]
    search_fields = ["code", "name"]


class ReadOnlyWhenPublished:
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and getattr(obj, "is_published", False):
            return False
        return super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and getattr(obj, "is_published", False):
            return False
        return super().has_add_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and getattr(obj, "is_published", False):
            return False
        return super().has_delete_permission(request, obj)


class ComponentInline(ReadOnlyWhenPublished, admin.TabularInline):
    model = DossierComponentSpec
    extra = 0


class FeeInline(ReadOnlyWhenPublished, admin.TabularInline):
    model = FeeItem
    extra = 0


class ProcessStepFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        steps = [
            f.instance
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE", False)
        ]
        validate_steps(self.instance, steps)


class ProcessStepInline(ReadOnlyWhenPublished, admin.TabularInline):
    model = ProcessStep
    formset = ProcessStepFormSet
    extra = 0
    autocomplete_fields = ["agency"]
    verbose_name_plural = (
        "quy trình xử lý (để trống: chuyên viên thụ lý rồi lãnh đạo phê duyệt; "
        "tổng thời gian các bước bằng thời hạn giải quyết)"
    )


class PublishForm(forms.Form):
    effective_from = forms.DateField(
        label="Áp dụng từ ngày", widget=forms.DateInput(attrs={"type": "date"})
    )


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp .json hoặc .xlsx")
    dry_run = forms.BooleanField(label="Chỉ kiểm tra, không ghi", required=False)


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(ReadOnlyWhenPublished, AuditedAdmin):
    cache_scopes = (cache_keys.CATALOGUE,)
    list_display = [
        "code",
        "number",
        "name",
        "field",
        "online_level",
        "status",
        "effective_from",
        "effective_to",
        "is_demo",
    ]
    list_filter = [
        "status",
        "online_level",
        "fee_due_at",
        "min_assurance",
        "competent_level",
        "field",
        "is_demo",
    ]
    search_fields = ["procedure__code", "name", "search_name"]
    list_select_related = ["procedure", "field"]
    autocomplete_fields = ["agencies"]
    readonly_fields = [
        "procedure",
        "number",
        "status",
        "effective_to",
        "published_at",
        "published_by",
        "created_by",
    ]
    inlines = [ComponentInline, FeeInline, ProcessStepInline]
    actions = ["revise", "export_json", "export_xlsx"]
    change_list_template = "admin/catalogue/procedureversion/change_list.html"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # new procedures come by import; new versions by "revise"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.version_refresh_search(form.instance)

    @admin.action(description="Tạo phiên bản mới để sửa (dự thảo)")
    def revise(self, request: HttpRequest, queryset) -> None:
        for version in queryset.select_related("procedure"):
            draft = services.procedure_revise(version=version, actor=request.user)
            messages.info(
                request, f"Dự thảo phiên bản {draft.number} của {draft.code} đã sẵn sàng."
            )

    @admin.action(description="Xuất JSON")
    def export_json(self, request: HttpRequest, queryset) -> HttpResponse:
        records = [selectors.record_from_version(v) for v in queryset]
        return _download(exchange.write_json(records), "thu-tuc.json", "application/json")

    @admin.action(description="Xuất Excel")
    def export_xlsx(self, request: HttpRequest, queryset) -> HttpResponse:
        records = [selectors.record_from_version(v) for v in queryset]
        return _download(
            exchange.write_xlsx(records),
            "thu-tuc.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )

    def get_urls(self):
        extra = [
            path("import/", self.admin_site.admin_view(self.import_view), name="catalogue_import"),
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="catalogue_publish",
            ),
        ]
        return extra + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("catalogue.change_procedureversion"):
            return HttpResponse(status=403)
        report = None
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = exchange.read_file(upload.name, upload.read())
            except exchange.CatalogueFileError as exc:
                form.add_error("file", str(exc))
            else:
                report = services.catalogue_import(
                    rows, actor=request.user, dry_run=form.cleaned_data["dry_run"]
                )
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "report": report,
            "title": "Nhập danh mục thủ tục",
            "opts": self.model._meta,
        }
        return render(request, "admin/catalogue/import.html", context)

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = get_object_or_404(ProcedureVersion.objects.select_related("procedure"), pk=pk)
        if not request.user.has_perm("catalogue.change_procedureversion"):
            return HttpResponse(status=403)
        form = PublishForm(request.POST or None, initial={"effective_from": timezone.localdate()})
        if request.method == "POST" and form.is_valid():
            try:
                services.version_publish(
                    version=version,
                    effective_from=form.cleaned_data["effective_from"],
                    actor=request.user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, f"Đã công bố phiên bản {version.number} của {version.code}."
                )
                return redirect("admin:catalogue_procedureversion_change", version.pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "version": version,
            "title": f"Công bố {version}",
            "opts": self.model._meta,
        }
        return render(request, "admin/catalogue/publish.html", context)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class VersionInline(admin.TabularInline):
    model = ProcedureVersion
    fields = ["number", "name", "status", "effective_from", "effective_to"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Procedure)
class ProcedureAdmin(AuditedAdmin):
    list_display = ["code", "created_at"]
    search_fields = ["code", "versions__name"]
    inlines = [VersionInline]
