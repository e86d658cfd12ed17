"""Remote signing on a phone (VNPT SmartCA and services like it): hash-only and asynchronous.

1. `start`: we prepare the PDF ourselves (signature field, placeholder) with pyHanko's
   interrupted signing, compute the digest of the CMS signed attributes, send only that digest
   (sign_type "hash"), keep the prepared document in a SigningSession that expires, answer
   "pending".
2. The subscriber accepts or refuses in the provider's phone app.
3. `poll_session` (manage.py signatures_poll, or "Kiểm tra lại" on the session page) or the
   provider's webhook (remote_views.webhook, HMAC-authenticated) brings the raw signature; we
   check it against the registered certificate, build the CMS ourselves (pyHanko
   ExternalSigner), fill the placeholder and end through services.signing_finished.

Legal basis: Nghị định 23/2025/NĐ-CP (remote signing: key kept by the CA, activated by the
subscriber for each signature); Thông tư 15/2025/TT-BKHCN (signing software attaches the
signature and the certificate, tells the user the result). The provider never builds the PDF
(next-capabilities §2.5 item 2).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import io
import logging
import uuid
from datetime import timedelta
from typing import Any

from asn1crypto import cms
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_cms import ExternalSigner
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko_certvalidator.registry import SimpleCertificateStore

from tinhso.audit.services import audit_record
from tinhso.signatures import pki, services
from tinhso.signatures.models import SessionStatus, SigningCertificate, SigningSession
from tinhso.signatures.providers.base import SignOutcome, SignRequest
from tinhso.signatures.remote_client import MESSAGES, RemoteAnswer, RemoteState, SmartCAClient

log = logging.getLogger(__name__)
NAME = "remote"
MD = "sha256"
# Bytes reserved for the CMS in the placeholder (hex: twice its DER size): the chain, the
# signature and an RFC 3161 token with its TSA certificates fit in 16 KiB of DER.
RESERVED = 32768
BUSY = (
    "Văn bản này đang được ký trong một phiên khác; chờ phiên đó kết thúc hoặc hết hạn rồi ký lại."
)


def subscriber_id(certificate: SigningCertificate) -> str:
    """The subscriber id the remote-signing service knows the holder by (`user_id`): the
    certificate's key reference "smartca:<id>" when set, else the holder's CCCD, else the
    account name (the demo). Our choice: docs/signatures-remote.md."""
    ref = certificate.key_reference.strip()
    if ref.startswith("smartca:"):
        return ref.removeprefix("smartca:")
    user = certificate.user
    if user is None:
        return ""
    return str(getattr(user, "cccd", "") or user.get_username())


def _serial(certificate: SigningCertificate) -> str:
    return certificate.serial.lower()


def _run(coro: Any) -> Any:
    return asyncio.run(coro)


def _pdf_signer(request: SignRequest, signer: ExternalSigner) -> signers.PdfSigner:
    meta = signers.PdfSignatureMetadata(
        field_name=request.field_name,
        reason=request.reason or None,
        location=request.location or None,
        md_algorithm=MD,
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    return signers.PdfSigner(meta, signer=signer)


def _writer(request: SignRequest) -> IncrementalPdfFileWriter:
    writer = IncrementalPdfFileWriter(io.BytesIO(request.pdf), strict=False)
    box = request.appearance.box if request.appearance else None
    page = request.appearance.page if request.appearance else 0
    names = {name for name, _value, _ref in fields.enumerate_sig_fields(writer)}
    if request.field_name not in names:
        fields.append_signature_field(
            writer,
            fields.SigFieldSpec(
                request.field_name,
                on_page=page,
                box=tuple(int(v) for v in box) if box else None,  # type: ignore[arg-type]
            ),
        )
    return writer


async def _prepare(
    request: SignRequest, cert_der: bytes, chain: list[bytes]
) -> tuple[PreparedByteRangeDigest, cms.CMSAttributes, bytes]:
    registry = SimpleCertificateStore.from_certs([pki.to_asn1(der) for der in chain])
    ext = ExternalSigner(pki.to_asn1(cert_der), registry, signature_value=512)
    prep, _tbs, output = await _pdf_signer(request, ext).async_digest_doc_for_signing(
        _writer(request), bytes_reserved=RESERVED
    )
    attrs = await ext.signed_attrs(prep.document_digest, MD, use_pades=True)
    output.seek(0)
    return prep, attrs, output.read()


def _fail(session: SigningSession, status: str, message: str, actor: Any = None) -> None:
    session.status = status
    session.message = message[:500]
    session.finished_at = timezone.now()
    session.save(update_fields=["status", "message", "finished_at"])
    audit_record(
        actor=actor,
        action=f"signatures.remote.{status}",
        target=session,
        summary=message[:300],
        changes={"transaction_id": session.provider_transaction_id},
    )


class RemoteProvider:
    name = NAME
    label = "Ký số từ xa trên điện thoại (SmartCA)"

    def __init__(self, client: SmartCAClient | None = None) -> None:
        self.client = client or SmartCAClient()

    def start(self, request: SignRequest) -> SignOutcome:
        certificate = (
            SigningCertificate.objects.select_related("user")
            .filter(pk=request.certificate_id, active=True)
            .first()
        )
        if certificate is None or certificate.user_id != request.signer_id:
            return SignOutcome(
                "refused", message="Chứng thư số này không được đăng ký cho người ký."
            )
        if not certificate.is_valid_at():
            return SignOutcome(
                "refused", message="Chứng thư số đã hết hiệu lực hoặc chưa có hiệu lực."
            )
        user_id, transaction_id = subscriber_id(certificate), uuid.uuid4().hex
        held = self.client.get_certificate(user_id, transaction_id, _serial(certificate))
        if held.state not in (RemoteState.SIGNED, RemoteState.WAITING):
            return SignOutcome("failed", message=held.message)
        chain = _chain_of(held, certificate)
        if chain is None:
            return SignOutcome(
                "refused",
                message="Nhà cung cấp không giữ chứng thư số đã đăng ký cho người ký này.",
            )
        try:
            prep, attrs, prepared = _run(_prepare(request, bytes(certificate.der), chain))
        except Exception as exc:  # a PDF pyHanko cannot prepare: a clear answer, never a 500
            log.info("remote signing: cannot prepare: %s", exc)
            return SignOutcome("failed", message="Không chuẩn bị được văn bản để ký (tệp PDF lỗi).")
        digest = hashlib.new(MD, attrs.dump()).digest()
        doc_sha = hashlib.sha256(request.pdf).hexdigest()
        try:
            session = self._open(
                request,
                certificate,
                transaction_id,
                doc_sha,
                prepared,
                {
                    "subscriber": user_id,
                    "serial": _serial(certificate),
                    "doc_id": doc_sha[:16],
                    "digest": digest.hex(),
                    "signed_attrs": attrs.dump().hex(),
                    "document_digest": prep.document_digest.hex(),
                    "region": [prep.reserved_region_start, prep.reserved_region_end],
                    "chain": [base64.b64encode(der).decode() for der in chain],
                },
            )
        except IntegrityError:
            return SignOutcome("refused", message=BUSY)
        answer = self.client.sign(
            user_id=user_id,
            serial=_serial(certificate),
            transaction_id=transaction_id,
            description=f"Ký văn bản {request.reason or request.field_name}"[:200],
            doc_id=session.data["doc_id"],
            digest=digest,
        )
        if answer.state != RemoteState.WAITING:
            with transaction.atomic():
                _fail(session, _session_status(answer.state), answer.message)
            return SignOutcome("failed", session_id=session.pk, message=answer.message)
        return SignOutcome("pending", session_id=session.pk, message=answer.message)

    def _open(
        self,
        request: SignRequest,
        certificate: SigningCertificate,
        transaction_id: str,
        doc_sha: str,
        prepared: bytes,
        data: dict[str, Any],
    ) -> SigningSession:
        with transaction.atomic():
            # A session left pending past its expiry no longer holds the document.
            for stale in SigningSession.objects.select_for_update().filter(
                document_sha256=doc_sha,
                status=SessionStatus.PENDING,
                expires_at__lte=timezone.now(),
            ):
                _fail(stale, SessionStatus.EXPIRED, MESSAGES[RemoteState.EXPIRED])
            session = SigningSession.objects.create(
                provider=NAME,
                field_name=request.field_name,
                request_data={
                    "reason": request.reason,
                    "location": request.location,
                    "signer_id": request.signer_id,
                    "certificate_id": request.certificate_id,
                },
                document_sha256=doc_sha,
                document=request.pdf,
                prepared=prepared,
                certificate=certificate,
                user_id=request.signer_id,
                provider_transaction_id=transaction_id,
                data=data,
                expires_at=timezone.now() + timedelta(seconds=settings.SIGNING_SESSION_TTL),
                message=MESSAGES[RemoteState.WAITING],
            )
            audit_record(
                actor=certificate.user,
                action="signatures.remote.start",
                target=session,
                summary="Gửi yêu cầu ký số từ xa (chỉ gửi giá trị băm).",
                changes={"transaction_id": transaction_id, "field": request.field_name},
            )
        return session


def _chain_of(held: RemoteAnswer, certificate: SigningCertificate) -> list[bytes] | None:
    """The CA chain the provider returns with the registered certificate, or None when the
    provider does not hold that very certificate (same DER) for this subscriber."""
    for item in held.data.get("user_certificates") or []:
        try:
            der = base64.b64decode(str(item.get("cert_data") or ""))
        except ValueError:
            continue
        if hashlib.sha256(der).hexdigest() != certificate.sha256:
            continue
        chain_data = item.get("chain_data") or {}
        chain = []
        for key in ("ca_cert", "root_cert"):
            if chain_data.get(key):
                chain.append(base64.b64decode(chain_data[key]))
        return chain
    return None


def _session_status(state: RemoteState) -> str:
    if state == RemoteState.REFUSED:
        return SessionStatus.REFUSED
    if state == RemoteState.EXPIRED:
        return SessionStatus.EXPIRED
    return SessionStatus.FAILED


# --- the end of a session: poll, webhook ----------------------------------------------------


class RemoteResultError(Exception):
    """What came back cannot finish the session (Vietnamese)."""


def _raw_signature(value: bytes, signed_attrs: bytes) -> bytes:
    """The raw signature value. The SmartCA document returns it raw (PKCS#1); some integrators
    read it as a CMS: then we take the SignerInfo's signature, and only if it signs exactly the
    attributes we sent."""
    if value[:1] != b"\x30":
        return value
    try:
        content = cms.ContentInfo.load(value)
        signer_info = content["content"]["signer_infos"][0]
        if signer_info["signed_attrs"].untag().dump() != signed_attrs:
            raise RemoteResultError("Chữ ký trả về không ký đúng dữ liệu đã gửi.")
        return bytes(signer_info["signature"].native)
    except (ValueError, KeyError, TypeError, IndexError):
        return value


def _check_signature(cert_der: bytes, digest: bytes, signature: bytes) -> None:
    key = pki.load(cert_der).public_key()
    try:
        if isinstance(key, rsa.RSAPublicKey):
            key.verify(signature, digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
        elif isinstance(key, ec.EllipticCurvePublicKey):
            key.verify(signature, digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
        else:
            raise RemoteResultError("Loại khóa của chứng thư số không được hỗ trợ.")
    except InvalidSignature:
        raise RemoteResultError(
            "Chữ ký trả về không khớp với chứng thư số đã đăng ký của người ký."
        ) from None


async def _assemble(session: SigningSession, signature: bytes) -> bytes:
    data = session.data
    chain = [pki.to_asn1(base64.b64decode(der)) for der in data.get("chain", [])]
    certificate = session.certificate
    assert certificate is not None
    ext = ExternalSigner(
        pki.to_asn1(bytes(certificate.der)),
        SimpleCertificateStore.from_certs(chain),
        signature_value=signature,
    )
    attrs = cms.CMSAttributes.load(bytes.fromhex(data["signed_attrs"]))
    signed_cms = await ext.async_sign_prescribed_attributes(MD, signed_attrs=attrs)
    start, end = data["region"]
    prepared = PreparedByteRangeDigest(bytes.fromhex(data["document_digest"]), start, end)
    output = io.BytesIO(bytes(session.prepared or b""))
    await PdfTBSDocument.async_finish_signing(output, prepared, signed_cms)
    return output.getvalue()


def apply_answer(
    session_id: str, answer: RemoteAnswer, *, signatures_key: str = "signatures"
) -> SigningSession:
    """Act on what the provider said about a session (poll answer or webhook body), in one
    transaction with the session row locked: a webhook and a poll arriving together finish it
    once."""
    with transaction.atomic():
        session = SigningSession.objects.select_for_update().get(pk=session_id, provider=NAME)
        if session.status != SessionStatus.PENDING:
            return session
        if answer.state == RemoteState.SIGNED:
            _finish(session, answer, signatures_key)
        elif answer.state == RemoteState.WAITING or answer.state == RemoteState.UNAVAILABLE:
            if session.is_expired:
                _fail(session, SessionStatus.EXPIRED, MESSAGES[RemoteState.EXPIRED])
        else:
            _fail(session, _session_status(answer.state), answer.message)
    return session


def _finish(session: SigningSession, answer: RemoteAnswer, key: str) -> None:
    if session.is_expired:
        _fail(session, SessionStatus.EXPIRED, MESSAGES[RemoteState.EXPIRED])
        return
    value = answer.signature_for(session.data["doc_id"], key)
    try:
        if value is None:
            raise RemoteResultError("Nhà cung cấp không trả chữ ký cho văn bản của phiên này.")
        signature = _raw_signature(value, bytes.fromhex(session.data["signed_attrs"]))
        assert session.certificate is not None
        _check_signature(
            bytes(session.certificate.der), bytes.fromhex(session.data["digest"]), signature
        )
        signed_pdf = _run(_assemble(session, signature))
        # The prepared bytes hold the empty placeholder that signed_pdf fills in place: used up.
        # (signing_finished compares the result with the issued document it starts with.)
        session.prepared = None
        session.save(update_fields=["prepared"])
        services.signing_finished(session, signed_pdf)
    except (RemoteResultError, services.SigningRefused) as exc:
        _fail(session, SessionStatus.FAILED, str(exc))
        return
    if session.status == SessionStatus.PENDING:  # signing_finished records the evidence
        session.status = SessionStatus.SIGNED
        session.result_pdf = signed_pdf
        session.message = MESSAGES[RemoteState.SIGNED]
        session.finished_at = timezone.now()
        session.save(update_fields=["status", "result_pdf", "message", "finished_at"])


def poll_session(session_id: str, client: SmartCAClient | None = None) -> SigningSession:
    """Ask the provider where a pending session stands and act on it."""
    session = SigningSession.objects.get(pk=session_id, provider=NAME)
    if session.status != SessionStatus.PENDING:
        return session
    answer = (client or SmartCAClient()).status(session.provider_transaction_id)
    return apply_answer(session.pk, answer)


def poll_pending(client: SmartCAClient | None = None) -> dict[str, int]:
    """Poll every pending remote session (manage.py signatures_poll): counts by end status."""
    counts: dict[str, int] = {}
    ids = SigningSession.objects.filter(provider=NAME, status=SessionStatus.PENDING).values_list(
        "pk", flat=True
    )
    for session_id in list(ids):
        status = poll_session(session_id, client).status
        counts[status] = counts.get(status, 0) + 1
    return counts
