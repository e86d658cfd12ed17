from django.contrib import admin

from tinhso.audit.admin import AuditedAdmin
from tinhso.core import cache_keys
from tinhso.organisation.models import AdministrativeUnit, Agency, Department, ExternalAgency


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(AuditedAdmin):
    cache_scopes = (cache_keys.ORGANISATION,)
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_to", "is_demo"]
    list_filter = ["level", "is_demo"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


class DepartmentInline(admin.TabularInline[Department, Agency]):
    model = Department
    extra = 0


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    cache_scopes = (cache_keys.ORGANISATION,)
    list_display = ["code", "name", "kind", "unit", "is_active", "is_demo"]
    list_filter = ["kind", "is_active", "is_demo"]
    search_fields = ["code", "name", "short_name"]
    autocomplete_fields = ["unit", "parent"]
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(AuditedAdmin):
    list_display = ["code", "name", "agency"]
    search_fields = ["code", "name", "agency__name"]
    autocomplete_fields = ["agency"]


@admin.register(ExternalAgency)
class ExternalAgencyAdmin(AuditedAdmin):
    list_display = ["organ_id", "name", "parent_id", "is_active", "synced_at"]
    list_filter = ["is_active"]
    search_fields = ["organ_id", "name"]
    # the directory is the axis's: changed by `manage.py exchange_directory_sync`, not by hand
    readonly_fields = ["synced_at"]
