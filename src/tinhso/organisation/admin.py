from django.contrib import admin

from tinhso.audit.admin import AuditedAdmin
from tinhso.organisation.models import AdministrativeUnit, Agency, Department


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(AuditedAdmin):
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_to", "is_demo"]
    list_filter = ["level", "is_demo"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


class DepartmentInline(admin.TabularInline[Department, Agency]):
    model = Department
    extra = 0


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
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
