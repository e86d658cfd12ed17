"""Signing services: every signature ends in `signing_finished` (asynchronous providers) or
`sign_now` (synchronous providers), which run the same checks and keep the same evidence.

The checks (issue 13 must-haves 2 and 4; Luật Giao dịch điện tử 20/2023/QH15 Điều 23; Thông tư
15/2025/TT-BKHCN — signing software checks the signer's identity on the certificate and stores
the certificate, the revocation data and the result):
1. the certificate is registered, active, valid now and bound to the signer (a person's
   certificate to that person; an agency seal to a staff member of that agency);
2. order (Nghị định 30/2020/NĐ-CP Phụ lục I): ChuKyCoQuan only over a valid ChuKyLanhDao;
3. the signed file starts with the bytes we issued (an incremental update) and carries exactly
   one new signature, in the expected field, by that certificate, chaining to our trust list,
   with nothing after it but revocation data; earlier signatures still valid;
4. one signature per document version: a second signing of the same bytes is refused
   (SignatureEvidence.issued_sha256 is unique; one pending SigningSession per document).
"""

from __future__ import annotations

import base64
import hashlib
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from tinhso.audit.services import audit_record
from tinhso.signatures.models import (
    CertificateKind,
    SessionStatus,
    SignatureEvidence,
    SigningCertificate,
    SigningSession,
)
from tinhso.signatures.providers.base import (
    FIELD_NAMES,
    FIELD_PERSON,
    FIELD_SEAL,
    SignOutcome,
    SignRequest,
)
from tinhso.signatures.signing import verify_code_for


class SigningRefused(Exception):
    """A signing that must not happen or a result we do not accept; Vietnamese message."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- before signing ---------------------------------------------------------------------------
NO_SIGNER = (
    "Chữ ký không có người ký chỉ được đóng dấu tự động của cơ quan (signatures.system_seal)."
)


def check_may_sign(request: SignRequest) -> SigningCertificate:
    """Refuse a signing that must not start; the certificate to use otherwise."""
    if request.signer_id is None:
        raise SigningRefused(NO_SIGNER)
    check_document(request.pdf, request.field_name)
    certificate = (
        SigningCertificate.objects.filter(pk=request.certificate_id)
        .select_related("agency")
        .first()
    )
    if certificate is None:
        raise SigningRefused("Chứng thư số không có trong danh sách đã đăng ký.")
    check_certificate_bound(certificate, request.signer_id, request.field_name)
    check_delegation(request)
    check_not_signed_yet(request.pdf, request.field_name)
    return certificate


def check_document(pdf: bytes, field_name: str) -> None:
    """A field we know and a PDF we can open."""
    from tinhso.signatures import validation

    if field_name not in FIELD_NAMES:
        raise SigningRefused("Ô chữ ký không hợp lệ.")
    try:
        validation.open_pdf(pdf)
    except validation.BadDocument as exc:
        raise SigningRefused(str(exc)) from exc


def check_not_signed_yet(pdf: bytes, field_name: str) -> None:
    """One signature per document version, one session at a time, in order (check_order)."""
    digest = sha256(pdf)
    if SignatureEvidence.objects.filter(issued_sha256=digest).exists():
        raise SigningRefused("Phiên bản văn bản này đã được ký; hãy tải lại văn bản mới nhất.")
    if SigningSession.objects.filter(
        document_sha256=digest, status=SessionStatus.PENDING, expires_at__gt=timezone.now()
    ).exists():
        raise SigningRefused("Văn bản này đang được ký trong một phiên khác; vui lòng chờ.")
    check_order(pdf, field_name)


def check_certificate_usable(certificate: SigningCertificate) -> None:
    """Active, valid now and not revoked (the CRLs we know)."""
    from tinhso.signatures import ltv, validation

    if not certificate.is_valid_at(timezone.now()):
        raise SigningRefused("Chứng thư số đã hết hạn, chưa có hiệu lực hoặc đã ngừng sử dụng.")
    revoked = ltv.revoked_since(bytes(certificate.der), validation.known_crls())
    if revoked is not None and revoked <= timezone.now():
        when = timezone.localtime(revoked).strftime("%d/%m/%Y %H:%M:%S")
        raise SigningRefused(f"Chứng thư số đã bị thu hồi từ {when}: không thể dùng để ký.")


def check_certificate_bound(
    certificate: SigningCertificate, signer_id: int, field_name: str
) -> None:
    """Issue 13 must-have 4: the certificate must belong to the signer (seal: to their agency)."""
    check_certificate_usable(certificate)
    if field_name == FIELD_SEAL and certificate.kind != CertificateKind.SEAL:
        raise SigningRefused("Chữ ký của cơ quan phải dùng chứng thư số của cơ quan (con dấu).")
    if field_name == FIELD_PERSON and certificate.kind != CertificateKind.PERSON:
        raise SigningRefused("Chữ ký của người có thẩm quyền phải dùng chứng thư số cá nhân.")
    if certificate.kind == CertificateKind.PERSON and certificate.user_id != signer_id:
        raise SigningRefused("Chứng thư số này không được đăng ký cho người ký.")
    if certificate.kind == CertificateKind.SEAL and not _staff_of(signer_id, certificate.agency_id):
        raise SigningRefused("Người thực hiện không thuộc cơ quan sở hữu con dấu số này.")


def check_delegation(request: SignRequest) -> None:
    """Issue 13 must-have 4 (Nghị định 30/2020/NĐ-CP Điều 13): signing on behalf — a request
    with a delegation, or whose appearance prints a "KT./TL./TUQ. …" line — needs a delegation
    to the signer in force today (Asia/Ho_Chi_Minh)."""
    from tinhso.signatures.certificates import delegation_problem
    from tinhso.signatures.models import Delegation

    line = request.appearance.delegation_line if request.appearance else ""
    if request.delegation_id is None:
        if line:
            raise SigningRefused(
                f"Ký thay “{line}” cần một ủy quyền hoặc giao ký thay còn hiệu lực: không thể ký."
            )
        return
    if request.signer_id is None:
        raise SigningRefused(NO_SIGNER)
    delegation = Delegation.objects.filter(pk=request.delegation_id).first()
    problem = delegation_problem(delegation, request.signer_id, timezone.localdate())
    if problem:
        raise SigningRefused(problem)


def _staff_of(user_id: int, agency_id: int | None) -> bool:
    from tinhso.accounts.selectors import staff_roles

    user = _user(user_id)
    return bool(user and agency_id and staff_roles(user).filter(agency_id=agency_id).exists())


def check_order(pdf: bytes, field_name: str, report: Any = None) -> None:
    """Nghị định 30/2020/NĐ-CP Phụ lục I: the organisation's signature comes after, and over, a
    valid signature of the competent person; a field is signed once."""
    from tinhso.signatures import validation

    report = report or validation.validate_pdf(pdf)
    signed = {s.field: s for s in report.signatures}
    if field_name in signed:
        raise SigningRefused("Ô chữ ký này đã được ký.")
    if field_name == FIELD_SEAL:
        person = signed.get(FIELD_PERSON)
        if person is None:
            raise SigningRefused(
                "Chưa có chữ ký của người có thẩm quyền: chưa thể đóng dấu số của cơ quan."
            )
        if not person.ok:
            raise SigningRefused(f"Chữ ký của người có thẩm quyền không hợp lệ ({person.reason}).")


# --- synchronous signing ----------------------------------------------------------------------
def sign_now(
    request: SignRequest, provider: str = "pkcs11", *, transaction_id: str = ""
) -> SignOutcome:
    """Sign with `provider`; a synchronous result is checked and recorded before it is returned."""
    from tinhso.signatures.providers import UnknownProvider, get_provider

    try:
        certificate = check_may_sign(request)
        impl = get_provider(provider)
    except (SigningRefused, UnknownProvider) as exc:
        return SignOutcome(status="refused", message=str(exc))
    outcome = impl.start(request)
    if outcome.status != "signed" or outcome.pdf is None:
        return outcome
    try:
        evidence = record_signature(
            issued=request.pdf,
            base=request.pdf,
            signed=outcome.pdf,
            certificate=certificate,
            signer_id=request.signer_id,
            field_name=request.field_name,
            provider=provider,
            transaction_id=transaction_id,
            delegation_id=request.delegation_id,
        )
    except SigningRefused as exc:
        return SignOutcome(status="refused", message=str(exc))
    return SignOutcome(
        status="signed",
        pdf=bytes(evidence.signed_pdf or outcome.pdf),
        message="Đã ký số thành công.",
        evidence_code=evidence.code,
    )


# --- asynchronous signing ---------------------------------------------------------------------
def start_session(
    request: SignRequest,
    provider: str,
    *,
    prepared: bytes | None = None,
    token_hash: str = "",
    data: dict[str, Any] | None = None,
) -> SigningSession:
    """Open a pending session for an asynchronous provider (checks first; one per document)."""
    certificate = check_may_sign(request)
    signer_id = request.signer_id
    if signer_id is None:  # already refused by check_may_sign: a session needs a person
        raise SigningRefused(NO_SIGNER)
    try:
        with transaction.atomic():
            SigningSession.objects.filter(
                document_sha256=sha256(request.pdf),
                status=SessionStatus.PENDING,
                expires_at__lte=timezone.now(),
            ).update(
                status=SessionStatus.EXPIRED,
                message="Hết thời gian chờ ký.",
                finished_at=timezone.now(),
            )
            session = SigningSession.objects.create(
                provider=provider,
                field_name=request.field_name,
                request_data={
                    "reason": request.reason,
                    "location": request.location,
                    "signer_id": request.signer_id,
                    "delegation_id": request.delegation_id,
                },
                document_sha256=sha256(request.pdf),
                document=request.pdf,
                prepared=prepared,
                certificate=certificate,
                user_id=signer_id,
                token_hash=token_hash,
                verify_code=verify_code_for(request.pdf),
                data=data or {},
                expires_at=timezone.now() + timedelta(seconds=settings.SIGNING_SESSION_TTL),
            )
    except IntegrityError as exc:
        raise SigningRefused(
            "Văn bản này đang được ký trong một phiên khác; vui lòng chờ."
        ) from exc
    audit_record(
        actor=_user(request.signer_id),
        action="signatures.session_start",
        target=session,
        summary=f"Bắt đầu ký {request.field_name} ({provider})",
    )
    return session


def signing_finished(
    session: SigningSession, signed_pdf: bytes, *, transaction_id: str = ""
) -> SignatureEvidence:
    """The one end of every asynchronous signing: check, record, close the session.

    SigningRefused (and the session marked failed, with the reason) when the file is not the
    document we issued with exactly one new signature by the registered certificate.
    """
    with transaction.atomic():
        locked = SigningSession.objects.select_for_update().get(pk=session.pk)
        if locked.status != SessionStatus.PENDING:
            raise SigningRefused("Phiên ký đã kết thúc.")
        expired = locked.is_expired
    if expired:
        fail_session(locked, "Phiên ký đã hết hạn.", status=SessionStatus.EXPIRED)
        raise SigningRefused("Phiên ký đã hết hạn.")
    if locked.certificate is None:
        fail_session(locked, "Phiên ký không có chứng thư số.")
        raise SigningRefused("Phiên ký không có chứng thư số.")
    try:
        with transaction.atomic():
            locked = SigningSession.objects.select_for_update().get(pk=session.pk)
            if locked.status != SessionStatus.PENDING:
                raise SigningRefused("Phiên ký đã kết thúc.")
            issued = bytes(locked.document)
            evidence = record_signature(
                issued=issued,
                base=bytes(locked.prepared) if locked.prepared else issued,
                signed=signed_pdf,
                certificate=locked.certificate,  # type: ignore[arg-type]
                signer_id=locked.user_id,
                field_name=locked.field_name,
                provider=locked.provider,
                transaction_id=transaction_id or locked.provider_transaction_id,
                session=locked,
                delegation_id=(locked.request_data or {}).get("delegation_id"),
            )
            locked.status = SessionStatus.SIGNED
            locked.result_pdf = bytes(evidence.signed_pdf or signed_pdf)
            locked.message = "Đã ký số thành công."
            locked.finished_at = timezone.now()
            locked.save(update_fields=["status", "result_pdf", "message", "finished_at"])
    except SigningRefused as exc:
        if str(exc) != "Phiên ký đã kết thúc.":
            fail_session(session, str(exc))
        raise
    return evidence


def fail_session(
    session: SigningSession, message: str, *, status: str = SessionStatus.FAILED
) -> None:
    """Close a pending session as failed/refused/expired with a Vietnamese message (audited)."""
    with transaction.atomic():
        updated = SigningSession.objects.filter(pk=session.pk, status=SessionStatus.PENDING).update(
            status=status, message=message[:500], finished_at=timezone.now()
        )
        if updated:
            audit_record(
                actor=None,
                action="signatures.session_end",
                target=session,
                summary=f"Phiên ký kết thúc: {message[:200]}",
                changes={"status": status},
            )


# --- the checks and the evidence --------------------------------------------------------------
def record_signature(
    *,
    issued: bytes,
    base: bytes,
    signed: bytes,
    certificate: SigningCertificate,
    signer_id: int | None,
    field_name: str,
    provider: str,
    transaction_id: str = "",
    session: SigningSession | None = None,
    delegation_id: int | None = None,
    system_reason: str = "",
) -> SignatureEvidence:
    """Check `signed` against the document we issued and keep the evidence (in one transaction).

    The kept document is `signed` with the revocation data for the new signature in its DSS
    (PAdES B-LT, signatures.ltv.ensure) when the provider did not put it there; the evidence
    records whether it is embedded and what. No signer (`signer_id` None) only for the
    agency's automatic seal, with its reason (system_seal.seal_by_system)."""
    from tinhso.signatures import ltv, validation

    if signer_id is None and not (system_reason and certificate.kind == CertificateKind.SEAL):
        raise SigningRefused(NO_SIGNER)

    if not signed.startswith(base) or len(signed) <= len(base):
        raise SigningRefused(
            "Tệp nhận về không phải là văn bản đã phát hành (nội dung gốc bị thay đổi)."
        )
    try:
        report = validation.validate_pdf(signed)
        before = validation.validate_pdf(issued)
    except validation.BadDocument as exc:
        raise SigningRefused(str(exc)) from exc
    if len(report.signatures) != len(before.signatures) + 1:
        raise SigningRefused("Tệp nhận về phải có đúng một chữ ký mới.")
    new = max(report.signatures, key=lambda s: s.signed_revision_bytes)
    if new.signed_revision_bytes <= len(base):
        raise SigningRefused("Chữ ký mới không bao trùm văn bản đã phát hành.")
    if new.field != field_name:
        raise SigningRefused(f"Chữ ký mới nằm ở ô “{new.field}”, không phải ô “{field_name}”.")
    if new.certificate_sha256 != certificate.sha256:
        raise SigningRefused(
            "Văn bản được ký bằng chứng thư số khác với chứng thư đã đăng ký cho người ký."
        )
    if new.verdict != validation.VALID:
        raise SigningRefused(f"Chữ ký mới {new.verdict}: {new.reason}")
    for other in report.signatures:
        if other is not new and other.verdict != validation.VALID:
            raise SigningRefused(
                f"Chữ ký trước ở ô “{other.field}” không còn hợp lệ: {other.reason}"
            )
    check_order(issued, field_name, before)
    signed_at, token = _signing_time_and_token(signed, field_name)
    kept = ltv.ensure(signed, field_name)
    if kept is not signed:
        report = validation.validate_pdf(kept)  # the evidence describes the kept document
    revocation = ltv.embedded_for(kept, field_name)
    revocation["known_crls"] = [base64.b64encode(c).decode() for c in validation.known_crls()]
    try:
        with transaction.atomic():
            evidence = SignatureEvidence.objects.create(
                code=verify_code_for(issued),
                issued_sha256=sha256(issued),
                document_sha256=sha256(kept),
                signed_pdf=kept,
                field_name=field_name,
                certificate=certificate,
                signer_id=signer_id,
                signed_at=signed_at,
                timestamp_token=token,
                revocation_data=revocation,
                provider=provider,
                provider_transaction_id=transaction_id[:100],
                session=session,
                delegation_id=delegation_id,
                agency_id=certificate.agency_id if signer_id is None else None,
                system_reason=system_reason[:200] if signer_id is None else "",
                validation=report.as_dict(),
            )
            summary = f"Ký số ô {field_name} bằng {certificate} ({provider})"
            if signer_id is None:
                summary = (
                    f"Hệ thống đóng dấu số tự động thay mặt {certificate.agency} ô {field_name} "
                    f"bằng {certificate} ({provider}): {system_reason}"
                )
            audit_record(
                actor=_user(signer_id),
                action="signatures.signed" if signer_id is not None else "signatures.system_seal",
                target=evidence,
                summary=summary,
                changes={
                    "document_sha256": evidence.document_sha256,
                    "issued_sha256": evidence.issued_sha256,
                },
            )
    except IntegrityError as exc:
        raise SigningRefused(
            "Phiên bản văn bản này đã được ký bởi một thao tác khác; hãy tải lại văn bản."
        ) from exc
    return evidence


def _user(user_id: int | None) -> Any:
    from tinhso.accounts.models import User

    return User.objects.filter(pk=user_id).first() if user_id is not None else None


def _signing_time_and_token(signed: bytes, field_name: str) -> tuple[datetime, bytes | None]:
    """The timestamp (RFC 3161) time and token of the signature in `field_name`, else now."""
    from tinhso.signatures.signing import reader_of

    for sig in reader_of(signed).embedded_signatures:
        if sig.field_name != field_name:
            continue
        attrs = sig.signer_info["unsigned_attrs"]
        for attr in attrs or []:
            if attr["type"].native == "signature_time_stamp_token":
                token = attr["values"][0]
                try:
                    gen_time = (
                        token["content"]["encap_content_info"]["content"].parsed["gen_time"].native
                    )
                except Exception:
                    gen_time = timezone.now()
                return gen_time, token.dump()
        reported = sig.self_reported_timestamp
        return reported or timezone.now(), None
    return timezone.now(), None
