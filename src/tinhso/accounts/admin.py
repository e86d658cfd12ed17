from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from tinhso.accounts.forms import AdminSignInForm
from tinhso.accounts.models import (
    ApiToken,
    ExternalIdentity,
    SignInAttempt,
    SignInThrottle,
    StaffRole,
    User,
)
from tinhso.accounts.tokens import token_revoke
from tinhso.audit.admin import AuditedAdmin

# The admin's sign-in goes through the same throttling as the portal's (accounts/signin.py).
admin.site.login_form = AdminSignInForm


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0
    autocomplete_fields = ["agency", "department"]


class ExternalIdentityInline(admin.TabularInline):
    """Links to VNeID, made by the person's own sign-in; shown, not edited here."""

    model = ExternalIdentity
    extra = 0
    fields = ["provider", "linked_at", "last_used_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["username", "full_name", "kind"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(AuditedAdmin, DjangoUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    list_display = ["username", "full_name", "kind", "is_active", "is_staff", "last_login"]
    list_filter = ["kind", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "phone"]
    ordering = ["username"]
    inlines = [StaffRoleInline, ExternalIdentityInline]
    # Evidence of consent (Nghị định 356/2025/NĐ-CP): recorded at sign-up, not edited by hand.
    readonly_fields = ["data_consent_at", "data_consent_version"]
    fieldsets = [
        (None, {"fields": ["username", "password", "kind", "full_name"]}),
        ("Liên hệ", {"fields": ["email", "phone"]}),
        ("Định danh", {"fields": ["cccd", "date_of_birth", "tax_code", "organisation_name"]}),
        ("Dữ liệu cá nhân", {"fields": ["data_consent_at", "data_consent_version"]}),
        ("Quyền", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Thời điểm", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "full_name", "kind", "password1", "password2"]}),
    ]
    filter_horizontal = ["groups"]


@admin.register(SignInAttempt)
class SignInAttemptAdmin(admin.ModelAdmin):
    list_display = ["at", "username", "method", "ip_address", "succeeded"]
    list_filter = ["succeeded", "method"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "at"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued with `manage.py api_token_issue`; here they are listed and revoked."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["digest"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description="Thu hồi khóa đã chọn")
    def revoke(self, request, queryset) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            token_revoke(token=token, actor=request.user)


@admin.register(SignInThrottle)
class SignInThrottleAdmin(admin.ModelAdmin):
    """Counts of wrong passwords (accounts/signin.py). Deleting a row lifts its delay at once,
    e.g. for an officer locked behind a mistyped password manager."""

    list_display = ["key", "failures", "last_failure_at", "blocked_until"]
    search_fields = ["key"]
    readonly_fields = ["key", "failures", "window_started_at", "last_failure_at", "blocked_until"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
