"""The government signing app on the officer's PC (issue 13 must-have 2): our server side.

Officers sign with the USB token of the Ban Cơ yếu Chính phủ through its local app ("VGCA Sign
Service"), which the browser drives with vgcaplugin.js: `vgca_sign_approved` (the competent
person's signature), `vgca_sign_issued` (the organisation's signature, with the number and the
issue date), `vgca_sign_appendix` (a separate-file attachment), `vgca_sign_copy` (an
electronic copy) — the four roles of Nghị định 30/2020/NĐ-CP Phụ lục I. The app is handed
{FileName (the URL of the PDF), FileUploadHandler (where to POST the signed PDF), SessionId,
JWTToken, MetaData, DocNumber, IssuedDate}; it downloads, signs with the token, uploads, and
answers the page's callback with {Status (0 = ok), Message, FileName, FileServer …}.

Our side, in three steps:
1. `LocalAppProvider.start` opens a SigningSession (status "pending", the issued bytes, the
   certificate chosen, the officer; open SIGNING_SESSION_TTL seconds, 10 minutes);
2. the officer's page (`plugin_parameters`) mints the session's token — random, only its
   SHA-256 kept — and gives the app the two token-authenticated URLs;
3. `receive_upload` takes the signed PDF once: the token must match and the session be open;
   the file must be the issued document plus exactly one new signature by the officer's
   registered certificate (local_app_check), then services.signing_finished records it.
Every refusal is a Vietnamese message in the JSON the app expects; nothing raises to a 500.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib
import logging
import secrets
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from tinhso.audit.services import audit_record
from tinhso.signatures.models import SessionStatus, SigningCertificate, SigningSession
from tinhso.signatures.providers.base import (
    FIELD_CLERK,
    FIELD_PERSON,
    FIELD_SEAL,
    SignOutcome,
    SignRequest,
)
from tinhso.signatures.providers.local_app_check import (
    NewSignature,
    ReturnRefused,
    inspect_returned,
)

NAME = "local_app"
logger = logging.getLogger(__name__)

# vgcaplugin.js function per signature field (Nghị định 30/2020/NĐ-CP Phụ lục I): the competent
# person (ô 7c), the organisation (ô 8), a separate-file attachment; "copy" = sao y điện tử.
PLUGIN_FUNCTIONS: dict[str, str] = {
    FIELD_PERSON: "vgca_sign_approved",
    FIELD_SEAL: "vgca_sign_issued",
    FIELD_CLERK: "vgca_sign_appendix",
}
COPY_FUNCTION = "vgca_sign_copy"
FIELD_LABELS: dict[str, str] = {
    FIELD_PERSON: "Chữ ký số của người có thẩm quyền",
    FIELD_SEAL: "Chữ ký số của cơ quan, tổ chức",
    FIELD_CLERK: "Chữ ký số của văn thư (tệp đính kèm, bản sao điện tử)",
}


def page_path(session_id: str) -> str:
    """Where to send the officer after `start` returned "pending" (the page that calls the app)."""
    from django.urls import reverse

    return reverse("signatures_local_app:page", args=[session_id])


def session_ttl() -> timedelta:
    return timedelta(seconds=int(getattr(settings, "SIGNING_SESSION_TTL", 600)))


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class LocalAppProvider:
    """Signing with the USB token through the Ban Cơ yếu local app (asynchronous)."""

    name = NAME
    label = "Phần mềm ký số của Ban Cơ yếu trên máy tính (USB token)"

    def start(self, request: SignRequest) -> SignOutcome:
        problem = _start_problem(request)
        if problem:
            return SignOutcome("refused", message=problem)
        if request.signer_id is None:  # an officer signs here, never the system
            return SignOutcome("refused", message="Phương thức ký này cần người ký.")
        data: dict[str, Any] = {"reason": request.reason, "location": request.location}
        if request.appearance is not None and request.appearance.text:
            data["doc_number"] = request.appearance.text  # printed by vgca_sign_issued/appendix
        digest = hashlib.sha256(request.pdf).hexdigest()
        try:
            handed, verify_code = _prepare(request)
        except Exception:
            logger.exception("local app: preparing the document failed")
            return SignOutcome("failed", message="Không chuẩn bị được văn bản để ký.")
        try:
            with transaction.atomic():
                _expire_stale(digest)
                session = SigningSession.objects.create(
                    provider=NAME,
                    field_name=request.field_name,
                    request_data=data,
                    document_sha256=digest,
                    document=request.pdf,
                    prepared=handed if handed != request.pdf else None,
                    verify_code=verify_code,
                    certificate_id=request.certificate_id,
                    user_id=request.signer_id,
                    expires_at=timezone.now() + session_ttl(),
                )
                audit_record(
                    actor=session.user,
                    action="signature.local_app.start",
                    target=session,
                    summary=f"Mở phiên ký bằng phần mềm ký số ({request.field_name})",
                    changes={"document_sha256": digest},
                )
        except IntegrityError:
            return SignOutcome(
                "refused",
                message="Văn bản này đang được ký trong một phiên khác; hãy chờ phiên đó kết "
                "thúc hoặc hết hạn.",
            )
        return SignOutcome(
            "pending",
            session_id=session.id,
            message="Đã mở phiên ký: ký văn bản bằng phần mềm ký số trên máy tính của bạn.",
        )


def _expire_stale(document_sha256: str) -> None:
    """A pending session past its time is over (else it would block this document forever:
    one pending session per document)."""
    now = timezone.now()
    SigningSession.objects.filter(
        document_sha256=document_sha256, status=SessionStatus.PENDING, expires_at__lte=now
    ).update(
        status=SessionStatus.EXPIRED, token_hash="", finished_at=now, message="Phiên ký đã hết hạn."
    )


def _prepare(request: SignRequest) -> tuple[bytes, str]:
    """What the app is handed: the issued PDF plus, as one incremental update, the empty field
    and (first signature) the verification QR — signatures.signing.prepared_bytes — so the
    QR is under the officer's signature. The returned file must start with these bytes."""
    try:
        signing = importlib.import_module("tinhso.signatures.signing")
    except ImportError:  # the signatures context without its signing module (skeleton)
        return request.pdf, ""
    handed, code = signing.prepared_bytes(request)
    return bytes(handed), str(code)


def handed_document(session: SigningSession) -> bytes:
    """The bytes the app downloads and the signed file must extend."""
    return bytes(session.prepared) if session.prepared else bytes(session.document)


def _start_problem(request: SignRequest) -> str:
    """Why the session cannot open (empty if it can)."""
    if not request.pdf.startswith(b"%PDF-"):
        return "Văn bản cần ký không phải tệp PDF."
    cert = SigningCertificate.objects.filter(pk=request.certificate_id).first()
    if cert is None or cert.user_id != request.signer_id:
        return "Chứng thư số đã chọn không được đăng ký cho người ký."
    if not cert.is_valid_at():
        return "Chứng thư số đã chọn đã hết hạn hoặc ngừng sử dụng."
    return ""


# --- the officer's page: the plug-in's parameters ------------------------------------------


@dataclass(frozen=True)
class PluginCall:
    function: str  # vgca_sign_approved, vgca_sign_issued …
    parameters: dict[str, Any] = field(default_factory=dict)


def issue_token(session: SigningSession) -> str:
    """A fresh token for `session` (the previous one stops working); only its hash is kept."""
    token = secrets.token_urlsafe(32)
    SigningSession.objects.filter(pk=session.pk, status=SessionStatus.PENDING).update(
        token_hash=token_digest(token)
    )
    session.token_hash = token_digest(token)
    return token


def plugin_call(
    session: SigningSession, *, file_url: str, upload_url: str, token: str
) -> PluginCall:
    """What the page passes to vgcaplugin.js (the URLs are absolute, with the token)."""
    data = session.request_data or {}
    function = PLUGIN_FUNCTIONS.get(session.field_name, "vgca_sign_approved")
    if data.get("copy"):
        function = COPY_FUNCTION
    parameters: dict[str, Any] = {
        "FileUploadHandler": f"{upload_url}?t={token}",
        "SessionId": session.id,
        "JWTToken": token,
        "FileName": f"{file_url}?t={token}",
        "MetaData": [
            {"Key": "session", "Value": session.id},
            {"Key": "field", "Value": session.field_name},
        ],
    }
    if function in ("vgca_sign_issued", "vgca_sign_appendix", "vgca_sign_copy"):
        parameters["DocNumber"] = str(data.get("doc_number", ""))
    if function == "vgca_sign_issued":
        # ISO 8601 with the Vietnam offset (Nghị định 30/2020/NĐ-CP Phụ lục I).
        parameters["IssuedDate"] = timezone.localtime().isoformat(timespec="seconds")
    return PluginCall(function, parameters)


# --- the app's requests ----------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    """The JSON the app gets (Status 0 = ok) and the HTTP status."""

    http_status: int
    status: int
    message: str
    extra: dict[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        return {"Status": self.status, "Message": self.message, **self.extra}


BAD_TOKEN = Answer(
    403, 2, "Mã xác thực của phiên ký không hợp lệ hoặc đã hết hạn. Hãy bắt đầu ký lại."
)


def _token_ok(session: SigningSession | None, token: str) -> bool:
    if session is None or not session.token_hash or not token:
        return False
    return hmac.compare_digest(session.token_hash, token_digest(token))


def token_valid(session_id: str, token: str) -> bool:
    """Whether `token` is the current token of local-app session `session_id` (any status)."""
    session = SigningSession.objects.filter(pk=session_id, provider=NAME).first()
    return _token_ok(session, token)


def document_for_app(session_id: str, token: str) -> tuple[bytes | None, Answer | None]:
    """The issued PDF for the app (GET FileName), or the refusal."""
    session = SigningSession.objects.filter(pk=session_id, provider=NAME).first()
    if not _token_ok(session, token):
        return None, BAD_TOKEN
    assert session is not None
    if session.status != SessionStatus.PENDING:
        return None, Answer(409, 3, "Phiên ký đã kết thúc.")
    if session.is_expired:
        return None, Answer(410, 2, "Phiên ký đã hết hạn. Hãy bắt đầu ký lại.")
    return handed_document(session), None


def receive_upload(
    session_id: str, token: str, uploaded: bytes | None, *, oversize: bool = False
) -> Answer:
    """The signed PDF the app POSTs to FileUploadHandler: accepted once, or refused."""
    with transaction.atomic():
        session = (
            SigningSession.objects.select_for_update(of=("self",))
            .filter(pk=session_id, provider=NAME)
            .select_related("certificate", "user")
            .first()
        )
        if not _token_ok(session, token):
            return BAD_TOKEN  # nothing changes: whoever lacks the token cannot close a session
        assert session is not None
        if session.status != SessionStatus.PENDING:
            return Answer(409, 3, "Phiên ký đã kết thúc; văn bản đã ký chỉ được gửi một lần.")
        if session.is_expired:
            _close(session, SessionStatus.EXPIRED, "Phiên ký đã hết hạn.")
            return Answer(410, 2, "Phiên ký đã hết hạn. Hãy bắt đầu ký lại.")
        if oversize:
            _close(session, SessionStatus.REFUSED, "Tệp gửi lên quá lớn.", code="too_large")
            return Answer(413, 1, "Tệp gửi lên quá lớn (tối đa 30 MB).", {"Code": "too_large"})
        if not uploaded:
            _close(session, SessionStatus.REFUSED, "Không nhận được tệp đã ký.")
            return Answer(400, 1, "Không nhận được tệp đã ký.")
        try:
            new = inspect_returned(handed_document(session), uploaded)
            _check_signer(session, new)
            with transaction.atomic():  # what signing_finished wrote goes if it refuses
                evidence = _finish(session, uploaded)
        except ReturnRefused as exc:
            _close(session, SessionStatus.REFUSED, exc.message, code=exc.code)
            return Answer(422, 1, exc.message, {"Code": exc.code})
        except _Refused as exc:
            _close(session, SessionStatus.REFUSED, str(exc), code="finish")
            return Answer(422, 1, str(exc), {"Code": "finish"})
        except Exception:  # a fault of ours: logged, the officer is told to sign again
            logger.exception("local app: recording the signature of session %s failed", session.pk)
            _close(session, SessionStatus.FAILED, "Lỗi hệ thống khi ghi nhận chữ ký.", code="error")
            return Answer(
                503, 1, "Chưa ghi nhận được chữ ký do lỗi hệ thống; hãy bắt đầu ký lại.", {}
            )
        # what we keep: the upload plus the revocation data (PAdES B-LT, services.record_signature)
        kept = bytes(getattr(evidence, "signed_pdf", None) or uploaded)
        _close(session, SessionStatus.SIGNED, "Đã ký số văn bản.", signed=kept)
        code = str(getattr(evidence, "code", "") or "")
        return Answer(
            200,
            0,
            "Đã nhận văn bản đã ký.",
            {"FileName": f"{session.id}.pdf", "FileServer": code, "SignerSubject": new.subject},
        )


def _check_signer(session: SigningSession, new: NewSignature) -> None:
    """Nghị định 68/2024/NĐ-CP; issue 13 must-have 4: the registered certificate of the signer."""
    cert = session.certificate
    if cert is None or cert.sha256.lower() != new.certificate_sha256:
        raise ReturnRefused(
            "Văn bản được ký bằng một chứng thư số khác với chứng thư số đã đăng ký cho người "
            f"ký (chứng thư trong tệp: {new.subject}).",
            "other_certificate",
        )
    if cert.user_id != session.user_id:
        raise ReturnRefused("Chứng thư số không được đăng ký cho người ký.", "other_certificate")
    if not cert.is_valid_at():
        raise ReturnRefused("Chứng thư số đã hết hạn hoặc ngừng sử dụng.", "certificate_invalid")


class _Refused(Exception):
    pass


def _finish(session: SigningSession, signed_pdf: bytes) -> object:
    from tinhso.signatures import services

    try:
        return services.signing_finished(session, signed_pdf)
    except services.SigningRefused as exc:
        raise _Refused(str(exc)) from exc


def _close(
    session: SigningSession,
    status: str,
    message: str,
    *,
    code: str = "",
    signed: bytes | None = None,
) -> None:
    session.status = status
    session.message = message[:500]
    session.token_hash = ""  # single use: the token dies with the upload, whatever its fate
    session.finished_at = timezone.now()
    if signed is not None:
        session.result_pdf = signed
    if code:
        session.data = {**(session.data or {}), "refusal_code": code}
    session.save(
        update_fields=["status", "message", "token_hash", "finished_at", "result_pdf", "data"]
    )
    audit_record(
        actor=session.user,
        action=f"signature.local_app.{status}",
        target=session,
        summary=message[:300],
        changes={"code": code} if code else {},
    )
