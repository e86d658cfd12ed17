"""The demo CA's OCSP responder (RFC 6960), answering from the same revocation list as the CRL.

The demo certificates name it in their Authority Information Access extension
(signatures.democa.ocsp_url); a validator that may fetch (SIGNATURE_ALLOW_FETCHING) asks it.
The issuing CA signs the answers itself (no delegated responder certificate). Test PKI only.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

from tinhso.signatures.democa import DemoCA

THIS_UPDATE_SKEW = timedelta(minutes=1)
VALIDITY = timedelta(days=1)


def _unsuccessful(status: ocsp.OCSPResponseStatus) -> bytes:
    return ocsp.OCSPResponseBuilder.build_unsuccessful(status).public_bytes(
        serialization.Encoding.DER
    )


def _issued_by_us(ca: DemoCA) -> dict[int, x509.Certificate]:
    """End-entity certificates of the demo CA by serial number (the *.crt.pem it wrote)."""
    issuer = ca.ca().cert.subject
    found: dict[int, x509.Certificate] = {}
    for path in ca.dir.glob("*.crt.pem"):
        cert = x509.load_pem_x509_certificate(path.read_bytes())
        if cert.issuer == issuer and cert.subject != issuer:
            found[cert.serial_number] = cert
    return found


def answer(ca: DemoCA, request_der: bytes, now: datetime | None = None) -> bytes:
    """The DER OCSPResponse to `request_der`: good, revoked (with its time) or unknown for a
    certificate of the demo CA; "unauthorized" for another issuer; "malformedRequest" for
    bytes that are not an OCSP request."""
    try:
        request = ocsp.load_der_ocsp_request(request_der)
        algorithm = request.hash_algorithm
        serial = request.serial_number
    except (ValueError, NotImplementedError):
        return _unsuccessful(ocsp.OCSPResponseStatus.MALFORMED_REQUEST)
    issuer = ca.ca()
    ours = asn1_x509.Certificate.load(issuer.der)
    digest = algorithm.name  # "sha1", "sha256" …
    try:
        name_hash = getattr(ours.subject, digest)
        key_hash = getattr(ours.public_key, digest)
    except AttributeError:
        return _unsuccessful(ocsp.OCSPResponseStatus.MALFORMED_REQUEST)
    if request.issuer_name_hash != name_hash or request.issuer_key_hash != key_hash:
        return _unsuccessful(ocsp.OCSPResponseStatus.UNAUTHORIZED)
    moment = now or datetime.now(UTC)
    revoked = {int(k, 16): datetime.fromisoformat(v) for k, v in ca.revoked().items()}
    status, revoked_at = ocsp.OCSPCertStatus.UNKNOWN, None
    if serial in revoked and revoked[serial] <= moment:
        status, revoked_at = ocsp.OCSPCertStatus.REVOKED, revoked[serial]
    elif serial in _issued_by_us(ca):
        status = ocsp.OCSPCertStatus.GOOD
    builder = ocsp.OCSPResponseBuilder().add_response_by_hash(
        issuer_name_hash=name_hash,
        issuer_key_hash=key_hash,
        serial_number=serial,
        algorithm=algorithm,
        cert_status=status,
        this_update=moment - THIS_UPDATE_SKEW,
        next_update=moment + VALIDITY,
        revocation_time=revoked_at,
        revocation_reason=None,
    )
    builder = builder.responder_id(ocsp.OCSPResponderEncoding.HASH, issuer.cert)
    for extension in request.extensions:
        if isinstance(extension.value, x509.OCSPNonce):
            builder = builder.add_extension(extension.value, critical=False)
    response = builder.sign(issuer.key, hashes.SHA256())
    return response.public_bytes(serialization.Encoding.DER)
