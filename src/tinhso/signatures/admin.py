"""Admin: registered certificates (upload a .cer/.pem), the trust list, delegations, and
read-only signing sessions and evidence. Every change goes on the audit record."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from tinhso.audit.admin import AuditedAdmin
from tinhso.signatures import pki
from tinhso.signatures.models import (
    Delegation,
    SignatureEvidence,
    SigningCertificate,
    SigningSession,
    TrustAnchor,
)

DERIVED = ("subject", "issuer", "serial", "not_before", "not_after", "sha256")


class _CertificateUpload(forms.ModelForm):  # type: ignore[type-arg]
    certificate_file = forms.FileField(
        label="tệp chứng thư số (.cer, .crt, .pem)", required=False, max_length=200
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("certificate_file")
        if upload is None:
            if not self.instance.pk:
                raise forms.ValidationError("Hãy chọn tệp chứng thư số.")
            return data
        try:
            info = pki.describe(upload.read(64 * 1024))
            problem = pki.key_strength_problem(pki.load(info.der))
        except pki.CertificateError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if problem:
            raise forms.ValidationError(problem)
        for name in DERIVED:
            setattr(self.instance, name, getattr(info, name))
        self.instance.der = info.der
        return data


class SigningCertificateForm(_CertificateUpload):
    class Meta:
        model = SigningCertificate
        fields = ["kind", "user", "agency", "label", "key_reference", "active"]


class TrustAnchorForm(_CertificateUpload):
    class Meta:
        model = TrustAnchor
        fields = ["name", "active"]


@admin.register(SigningCertificate)
class SigningCertificateAdmin(AuditedAdmin):
    form = SigningCertificateForm
    list_display = ("__str__", "kind", "user", "agency", "serial", "not_after", "active", "is_demo")
    list_filter = ("kind", "active", "is_demo")
    search_fields = ("subject", "serial", "label", "user__username")
    readonly_fields = (*DERIVED, "is_demo", "created_at")
    raw_id_fields = ("user",)


@admin.register(TrustAnchor)
class TrustAnchorAdmin(AuditedAdmin):
    form = TrustAnchorForm
    list_display = ("name", "subject", "not_after", "active", "is_demo")
    readonly_fields = ("subject", "not_before", "not_after", "sha256", "is_demo")


@admin.register(Delegation)
class DelegationAdmin(AuditedAdmin):
    list_display = ("__str__", "agency", "from_user", "to_user", "valid_from", "valid_to", "active")
    list_filter = ("authority", "active")
    raw_id_fields = ("from_user", "to_user")


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SigningSession)
class SigningSessionAdmin(_ReadOnly):
    list_display = ("id", "provider", "field_name", "status", "user", "created_at", "expires_at")
    list_filter = ("provider", "status")
    exclude = ("document", "prepared", "result_pdf", "token_hash")


@admin.register(SignatureEvidence)
class SignatureEvidenceAdmin(_ReadOnly):
    list_display = ("code", "field_name", "certificate", "signer", "provider", "signed_at")
    list_filter = ("provider", "field_name")
    search_fields = ("code", "document_sha256", "issued_sha256")
    exclude = ("signed_pdf", "timestamp_token")
