"""Certificate helpers: parse, describe and register X.509 certificates (DER/PEM).

Thông tư 15/2025/TT-BKHCN Phụ lục I: RSA keys of at least 2048 bits or ECDSA of at least
256 bits; `key_strength_problem` says why a certificate's key falls short.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa

MIN_RSA_BITS = 2048
MIN_EC_BITS = 256


class CertificateError(ValueError):
    """A certificate we cannot use; the message is Vietnamese, for the user."""


def to_der(data: bytes) -> bytes:
    """DER bytes of a certificate given as DER or PEM."""
    if pem.detect(data):
        try:
            _type, _headers, der = pem.unarmor(data)
        except ValueError as exc:
            raise CertificateError("Tệp chứng thư số PEM không đọc được.") from exc
        return bytes(der)
    return bytes(data)


def load(data: bytes) -> x509.Certificate:
    """A cryptography certificate from DER or PEM bytes; CertificateError if unreadable."""
    try:
        return x509.load_der_x509_certificate(to_der(data))
    except ValueError as exc:
        raise CertificateError("Tệp không phải chứng thư số X.509 hợp lệ.") from exc


def to_asn1(cert: x509.Certificate | bytes) -> asn1_x509.Certificate:
    """The asn1crypto form pyHanko works with."""
    der = cert if isinstance(cert, bytes) else der_of(cert)
    return asn1_x509.Certificate.load(to_der(der))


def der_of(cert: x509.Certificate) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    return cert.public_bytes(Encoding.DER)


def fingerprint(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def serial_hex(serial: int) -> str:
    return format(serial, "X")


@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    issuer: str
    serial: str  # hex, upper case
    not_before: datetime
    not_after: datetime
    sha256: str
    common_name: str
    key_usage_ok: bool  # digitalSignature and nonRepudiation (contentCommitment)
    der: bytes


def describe(data: bytes) -> CertificateInfo:
    """What we register and show of a certificate."""
    cert = load(data)
    der = der_of(cert)
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        usage_ok = bool(usage.digital_signature and usage.content_commitment)
    except x509.ExtensionNotFound:
        usage_ok = False
    names = cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return CertificateInfo(
        subject=cert.subject.rfc4514_string(),
        issuer=cert.issuer.rfc4514_string(),
        serial=serial_hex(cert.serial_number),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        sha256=fingerprint(der),
        common_name=str(names[0].value) if names else cert.subject.rfc4514_string(),
        key_usage_ok=usage_ok,
        der=der,
    )


def key_strength_problem(cert: x509.Certificate) -> str:
    """Empty if the public key is strong enough (Thông tư 15/2025/TT-BKHCN Phụ lục I)."""
    key = cert.public_key()
    if isinstance(key, rsa.RSAPublicKey) and key.key_size < MIN_RSA_BITS:
        return f"Khóa RSA {key.key_size} bit, yêu cầu tối thiểu {MIN_RSA_BITS} bit."
    if isinstance(key, ec.EllipticCurvePublicKey) and key.curve.key_size < MIN_EC_BITS:
        return f"Khóa ECDSA {key.curve.key_size} bit, yêu cầu tối thiểu {MIN_EC_BITS} bit."
    return ""


def common_name(name: asn1_x509.Name) -> str:
    """The CN of an asn1crypto name (pyHanko's form), else its human-readable form."""
    native = name.native
    return str(native.get("common_name") or name.human_friendly)
