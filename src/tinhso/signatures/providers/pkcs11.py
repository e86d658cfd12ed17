"""The agency seal in a hardware security module on the server (PKCS#11).

Nghị định 23/2025/NĐ-CP and Thông tư 15/2025/TT-BKHCN Phụ lục I: the signing key stays in a
device meeting the standard; we only ask the module to sign the digest. Settings: PKCS11_LIB
(the vendor's library; SoftHSM2 in tests and the demo), PKCS11_TOKEN_LABEL, PKCS11_USER_PIN
(from the environment, never in the database). The key and certificate on the token carry the
label SigningCertificate.key_reference (default "seal-<pk>"); the issuing CA certificates are
kept on the token too and embedded in the signature.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from django.conf import settings

from tinhso.signatures.providers.base import SignOutcome, SignRequest

_LOCK = threading.Lock()  # one PKCS#11 session at a time per process (SoftHSM is not reentrant)


def _softhsm_env() -> None:
    """Development and the demo: point SoftHSM2 at the demo token (demo.init_softhsm)."""
    if "SOFTHSM2_CONF" in os.environ or "softhsm" not in settings.PKCS11_LIB:
        return
    conf = Path(settings.SIGNATURES_DEMO_DIR) / "softhsm" / "softhsm2.conf"
    if conf.exists():
        os.environ["SOFTHSM2_CONF"] = str(conf)


def key_label(certificate: Any) -> str:
    return str(certificate.key_reference or f"seal-{certificate.pk}")


class Pkcs11Provider:
    name = "pkcs11"
    label = "Con dấu số của cơ quan trên thiết bị bảo mật (HSM, PKCS#11)"

    def start(self, request: SignRequest) -> SignOutcome:
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

        from tinhso.signatures import signing
        from tinhso.signatures.models import SigningCertificate
        from tinhso.signatures.pki import to_asn1

        certificate = SigningCertificate.objects.filter(pk=request.certificate_id).first()
        if certificate is None:
            return SignOutcome(
                status="refused", message="Chứng thư số không có trong danh sách đã đăng ký."
            )
        if not settings.PKCS11_USER_PIN:
            return SignOutcome(
                status="failed", message="Chưa cấu hình mã PIN của thiết bị ký (PKCS11_USER_PIN)."
            )
        _softhsm_env()
        try:
            from pyhanko.config.pkcs11 import TokenCriteria

            with _LOCK:
                session = open_pkcs11_session(
                    settings.PKCS11_LIB,
                    token_criteria=TokenCriteria(label=settings.PKCS11_TOKEN_LABEL),
                    user_pin=settings.PKCS11_USER_PIN,
                )
                try:
                    signer = PKCS11Signer(
                        session,
                        key_label=key_label(certificate),
                        signing_cert=to_asn1(bytes(certificate.der)),
                        other_certs_to_pull=None,
                    )
                    pdf, _code = signing.sign_with(request, signer)
                finally:
                    session.close()
        except Exception as exc:  # the module's errors are many and vendor-specific
            return SignOutcome(
                status="failed",
                message=(
                    f"Thiết bị ký (HSM) không ký được: {type(exc).__name__}. Vui lòng báo quản trị."
                ),
            )
        return SignOutcome(status="signed", pdf=pdf)


def install_key(
    *,
    lib: str,
    token_label: str,
    pin: str,
    label: str,
    key_pkcs8_der: bytes,
    cert_der: bytes,
    chain_der: list[bytes],
) -> None:
    """Put a (demo) key, its certificate and the CA certificates on a token, if not there yet.

    For SoftHSM2 in tests and the demo; a real HSM generates its key inside and never exports it.
    """
    import pkcs11
    from asn1crypto import keys as asn1_keys
    from pkcs11 import Attribute, ObjectClass
    from pkcs11.util.rsa import decode_rsa_private_key
    from pkcs11.util.x509 import decode_x509_certificate

    token = pkcs11.lib(lib).get_token(token_label=token_label)
    with token.open(rw=True, user_pin=pin) as session:
        if list(
            session.get_objects({Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.LABEL: label})
        ):
            return
        rsa_der = asn1_keys.PrivateKeyInfo.load(key_pkcs8_der)["private_key"].parsed.dump()
        attrs = decode_rsa_private_key(rsa_der)
        attrs.update({Attribute.LABEL: label, Attribute.ID: label.encode(), Attribute.TOKEN: True})
        attrs[Attribute.SENSITIVE] = True
        attrs[Attribute.EXTRACTABLE] = False
        session.create_object(attrs)
        cert_attrs = decode_x509_certificate(cert_der)
        cert_attrs.update(
            {Attribute.LABEL: label, Attribute.ID: label.encode(), Attribute.TOKEN: True}
        )
        session.create_object(cert_attrs)
        for index, der in enumerate(chain_der):
            ca_label = f"ca-{index}"
            if list(
                session.get_objects(
                    {Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.LABEL: ca_label}
                )
            ):
                continue
            ca_attrs = decode_x509_certificate(der)
            ca_attrs.update({Attribute.LABEL: ca_label, Attribute.TOKEN: True})
            session.create_object(ca_attrs)
