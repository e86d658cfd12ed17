"""Whose keys the simulated remote-signing service holds: the demo CA's end-entity keys
(tinhso.signatures.democa, var/signatures-demo), for the subscribers Tỉnh Số registered them to.

A real CA knows its subscribers by CCCD/tax code; the simulator asks Tỉnh Số's registry of
signing certificates which demo certificate belongs to which subscriber id (the same id the
remote provider sends as `user_id`).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
from django.conf import settings

from tinhso.signatures import democa
from tinhso.signatures.providers.remote import subscriber_id

_CA_FILES = {"root", "ca", "tsa"}


@dataclass(frozen=True)
class Holding:
    """One certificate a subscriber holds at the simulated CA."""

    issued: democa.Issued
    serial: str  # lower-case hex, as SmartCA prints it
    usable: bool  # not revoked, within its validity
    chain: list[bytes]

    def answer(self) -> dict[str, Any]:
        cert = self.issued.cert
        return {
            "service_type": "SMARTCA",
            "service_name": "Ký số từ xa (mô phỏng)",
            "cert_id": self.issued.name,
            "cert_status": "Đang hoạt động" if self.usable else "Đã thu hồi hoặc hết hạn",
            "serial_number": self.serial,
            "cert_subject": cert.subject.rfc4514_string(),
            "cert_valid_from": cert.not_valid_before_utc.strftime("%Y%m%d%H%M%S"),
            "cert_valid_to": cert.not_valid_after_utc.strftime("%Y%m%d%H%M%S"),
            "cert_data": base64.b64encode(self.issued.der).decode(),
            "chain_data": {
                "ca_cert": base64.b64encode(self.chain[0]).decode() if self.chain else None,
                "root_cert": base64.b64encode(self.chain[1]).decode()
                if len(self.chain) > 1
                else None,
            },
        }


def sp_credentials() -> tuple[str, str]:
    """The service provider account the simulator accepts (Tỉnh Số's own settings)."""
    return settings.SMARTCA_SP_ID, settings.SMARTCA_SP_PASSWORD


def _issued() -> list[democa.Issued]:
    ca = democa.demo_ca()
    if ca is None:
        return []
    names = sorted(p.name.removesuffix(".crt.pem") for p in ca.dir.glob("*.crt.pem"))
    return [ca.get(name) for name in names if name not in _CA_FILES]


def holdings(user_id: str) -> list[Holding]:
    """The certificates subscriber `user_id` holds (registered to them in Tỉnh Số)."""
    from tinhso.signatures.models import SigningCertificate

    ca = democa.demo_ca()
    if ca is None or not user_id:
        return []
    revoked = {serial.lower() for serial in ca.revoked()}
    mine = {
        row.serial.lower().lstrip("0")
        for row in SigningCertificate.objects.select_related("user")
        if subscriber_id(row) == user_id
    }
    now = datetime.now(UTC)
    result = []
    for issued in _issued():
        serial = format(issued.cert.serial_number, "x")
        if serial.lstrip("0") not in mine:
            continue
        usable = serial not in revoked and (
            issued.cert.not_valid_before_utc <= now <= issued.cert.not_valid_after_utc
        )
        result.append(Holding(issued, serial, usable, ca.chain_der()))
    return result


def signing_key(user_id: str, serial: str) -> rsa.RSAPrivateKey | None:
    for held in holdings(user_id):
        if held.serial == serial.lower() and held.usable:
            return held.issued.key
    return None


def sign_digest(key: rsa.RSAPrivateKey, digest: bytes) -> bytes:
    """RSASSA-PKCS1-v1_5 over a SHA-256 digest (signAlgo 1.2.840.113549.1.1.1 in the remote
    signing APIs)."""
    return key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
