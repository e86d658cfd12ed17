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
import contextlib
import hashlib
import io
import logging
import uuid
from typing import Any

from asn1crypto import cms
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils
from django.db import transaction
from pyhanko.sign.signers.pdf_byterange import PreparedByteRangeDigest
from pyhanko.sign.signers.pdf_cms import ExternalSigner
from pyhanko.sign.signers.pdf_signer import PdfTBSDocument
from pyhanko_certvalidator.registry import SimpleCertificateStore

from tinhso.signatures import pki, services, signing
from tinhso.signatures.models import SessionStatus, SigningCertificate, SigningSession
from tinhso.signatures.providers.base import SignOutcome, SignRequest
from tinhso.signatures.remote_client import MESSAGES, RemoteAnswer, RemoteState, SmartCAClient

log = logging.getLogger(__name__)
NAME = "remote"
MD = "sha256"
# Bytes reserved for the CMS in the placeholder (hex: twice its DER size): the chain, the
# signature and an RFC 3161 token with its TSA certificates fit in 16 KiB of DER.
RESERVED = 32768


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


async def _prepare(
    request: SignRequest, cert_der: bytes, chain: list[bytes]
) -> tuple[PreparedByteRangeDigest, cms.CMSAttributes, bytes]:
    """The issued PDF laid out for signing by signatures.signing (field, appearance, QR on the
    first signature), its placeholder reserved and its byte range digested; the CMS signed
    attributes over that digest."""
    registry = SimpleCertificateStore.from_certs([pki.to_asn1(der) for der in chain])
    ext = ExternalSigner(pki.to_asn1(cert_der), registry, signature_value=512)
    prepared = signing.prepare(request)
    prep, _tbs, output = await signing.pdf_signer(
        prepared, request, ext
    ).async_digest_doc_for_signing(
        prepared.writer,
        bytes_reserved=RESERVED,
        appearance_text_params=prepared.text_params or None,
    )
    attrs = await ext.signed_attrs(prep.document_digest, MD, use_pades=True)
    output.seek(0)
    return prep, attrs, output.read()


def _fail(session: SigningSession, status: str, message: str) -> None:
    services.fail_session(session, message, status=status)
    session.refresh_from_db()


class RemoteProvider:
    name = NAME
    label = "Ký số từ xa trên điện thoại (SmartCA)"

    def __init__(self, client: SmartCAClient | None = None) -> None:
        self.client = client or SmartCAClient()

    def start(self, request: SignRequest) -> SignOutcome:
        try:  # bound to the signer, valid, in order, not already being signed
            certificate = services.check_may_sign(request)
        except services.SigningRefused as exc:
            return SignOutcome("refused", message=str(exc))
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
        data = {
            "subscriber": user_id,
            "serial": _serial(certificate),
            "doc_id": hashlib.sha256(request.pdf).hexdigest()[:16],
            "digest": digest.hex(),
            "signed_attrs": attrs.dump().hex(),
            "document_digest": prep.document_digest.hex(),
            "region": [prep.reserved_region_start, prep.reserved_region_end],
            "chain": [base64.b64encode(der).decode() for der in chain],
        }
        try:
            session = services.start_session(request, NAME, prepared=prepared, data=data)
        except services.SigningRefused as exc:
            return SignOutcome("refused", message=str(exc))
        session.provider_transaction_id = transaction_id
        session.message = MESSAGES[RemoteState.WAITING]
        session.save(update_fields=["provider_transaction_id", "message"])
        answer = self.client.sign(
            user_id=user_id,
            serial=_serial(certificate),
            transaction_id=transaction_id,
            description=f"Ký văn bản {request.reason or request.field_name}"[:200],
            doc_id=data["doc_id"],
            digest=digest,
        )
        if answer.state != RemoteState.WAITING:
            _fail(session, _session_status(answer.state), answer.message)
            return SignOutcome("failed", session_id=session.pk, message=answer.message)
        return SignOutcome("pending", session_id=session.pk, message=answer.message)


def _der(value: Any) -> bytes | None:
    """A certificate in base64 DER from the provider's answer, if it is one."""
    try:
        der = base64.b64decode(str(value or ""), validate=True)
        pki.load(der)
    except (ValueError, pki.CertificateError):
        return None
    return der


def _chain_of(held: RemoteAnswer, certificate: SigningCertificate) -> list[bytes] | None:
    """The CA chain the provider returns with the registered certificate, or None when the
    provider does not hold that very certificate (same DER) for this subscriber."""
    items = held.data.get("user_certificates")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        der = _der(item.get("cert_data"))
        if der is None or hashlib.sha256(der).hexdigest() != certificate.sha256:
            continue
        raw_chain = item.get("chain_data")
        chain_data: dict[str, Any] = raw_chain if isinstance(raw_chain, dict) else {}
        found = (_der(chain_data.get(key)) for key in ("ca_cert", "root_cert"))
        return [der for der in found if der is not None]
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
    signed_cms = await ext.async_sign_prescribed_attributes(
        MD, signed_attrs=attrs, timestamper=signing.timestamper()
    )
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
        digest = bytes.fromhex(session.data["digest"])
        _check_signature(bytes(session.certificate.der), digest, signature)
        signed_pdf = _run(_assemble(session, signature))
    except RemoteResultError as exc:
        _fail(session, SessionStatus.FAILED, str(exc))
        return
    # The prepared bytes hold the empty placeholder that signed_pdf fills in place: used up
    # (signing_finished then compares the result with the issued document it starts with).
    session.prepared = None
    session.save(update_fields=["prepared"])
    with contextlib.suppress(services.SigningRefused):  # it closes the session with its reason
        services.signing_finished(session, signed_pdf)
    session.refresh_from_db()


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
