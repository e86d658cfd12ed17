"""Registering signing certificates, trust anchors and delegations (audited state changes).

Issue 13 must-have 4: officers' certificates are registered (issuer, serial, subject,
validity) and bound to the person; a seal certificate to its agency. Thông tư 15/2025/TT-BKHCN
Phụ lục I: RSA ≥ 2048 bit or ECDSA ≥ 256 bit; the key usage must allow non-repudiation
(what the validation requires of a signing certificate).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q

from tinhso.audit.services import audit_record
from tinhso.signatures import pki
from tinhso.signatures.models import (
    CertificateKind,
    Delegation,
    SigningCertificate,
    TrustAnchor,
)


@transaction.atomic
def register_certificate(
    der: bytes,
    *,
    kind: str,
    user: Any = None,
    agency: Any = None,
    key_reference: str = "",
    label: str = "",
    is_demo: bool = False,
    actor: Any = None,
) -> SigningCertificate:
    """Register (or re-bind) a signing certificate; pki.CertificateError if unusable."""
    info = pki.describe(der)
    problem = pki.key_strength_problem(pki.load(info.der))
    if problem:
        raise pki.CertificateError(problem)
    if not info.key_usage_ok:
        raise pki.CertificateError(
            "Chứng thư số không cho phép ký (thiếu mục đích digitalSignature/nonRepudiation)."
        )
    if kind == CertificateKind.PERSON and user is None:
        raise pki.CertificateError("Chứng thư số cá nhân phải gắn với một người.")
    if kind == CertificateKind.SEAL and agency is None:
        raise pki.CertificateError("Chứng thư số của cơ quan phải gắn với một cơ quan.")
    existing = SigningCertificate.objects.filter(sha256=info.sha256).first()
    bound_user = user if kind == CertificateKind.PERSON else None
    if existing is not None and (
        existing.kind,
        existing.user_id,
        existing.agency_id,
        existing.key_reference,
    ) == (kind, getattr(bound_user, "pk", None), getattr(agency, "pk", None), key_reference):
        return existing  # registered already, nothing changes (and nothing to audit)
    cert, created = SigningCertificate.objects.update_or_create(
        sha256=info.sha256,
        defaults={
            "kind": kind,
            "user": bound_user,
            "agency": agency,
            "label": label or info.common_name,
            "subject": info.subject,
            "issuer": info.issuer,
            "serial": info.serial,
            "not_before": info.not_before,
            "not_after": info.not_after,
            "der": info.der,
            "key_reference": key_reference,
            "is_demo": is_demo,
        },
    )
    audit_record(
        actor=actor,
        action="signatures.certificate_register" if created else "signatures.certificate_update",
        target=cert,
        summary=f"Đăng ký chứng thư số {info.common_name} (số hiệu {info.serial})",
    )
    return cert


@transaction.atomic
def add_trust_anchor(
    der: bytes, *, name: str = "", is_demo: bool = False, actor: Any = None
) -> TrustAnchor:
    info = pki.describe(der)
    anchor, created = TrustAnchor.objects.get_or_create(
        sha256=info.sha256,
        defaults={
            "name": name or info.common_name,
            "subject": info.subject,
            "der": info.der,
            "not_before": info.not_before,
            "not_after": info.not_after,
            "is_demo": is_demo,
        },
    )
    if created:
        audit_record(
            actor=actor,
            action="signatures.trust_anchor_add",
            target=anchor,
            summary=f"Thêm chứng thư gốc tin cậy {anchor.name}",
        )
    return anchor


def active_delegation(user_id: int, agency_id: int, on: date) -> Delegation | None:
    """The delegation under which `user_id` signs for `agency_id` on `on`, if any (Nghị định
    30/2020/NĐ-CP Điều 13: KT., TM., Q., TL., TUQ. printed above the signer's title)."""
    return (
        Delegation.objects.filter(
            to_user_id=user_id, agency_id=agency_id, active=True, valid_from__lte=on
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .order_by("-valid_from")
        .first()
    )


def certificates_for(user_id: int) -> list[SigningCertificate]:
    return list(
        SigningCertificate.objects.filter(user_id=user_id, kind=CertificateKind.PERSON, active=True)
    )


def delegation_problem(delegation: Delegation | None, signer_id: int, on: date) -> str:
    """Why `signer_id` may not sign under `delegation` on `on` ("" when they may): Nghị định
    30/2020/NĐ-CP Điều 13 — signing on behalf needs an assignment or authorisation in force;
    one outside its dates is not used."""
    if delegation is None:
        return "Không tìm thấy ủy quyền, giao ký thay: không thể ký thay."
    if delegation.to_user_id != signer_id:
        return f"Ủy quyền “{delegation.printed}” không giao cho người ký: không thể ký thay."
    if not delegation.active:
        return f"Ủy quyền “{delegation.printed}” đã bị thu hồi: không thể ký thay."
    if on < delegation.valid_from:
        return (
            f"Ủy quyền “{delegation.printed}” chỉ có hiệu lực từ ngày "
            f"{delegation.valid_from:%d/%m/%Y}: chưa thể ký thay."
        )
    if delegation.valid_to is not None and on > delegation.valid_to:
        return (
            f"Ủy quyền “{delegation.printed}” đã hết hiệu lực sau ngày "
            f"{delegation.valid_to:%d/%m/%Y}: không thể ký thay."
        )
    return ""
