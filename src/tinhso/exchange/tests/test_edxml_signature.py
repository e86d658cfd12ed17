"""The organisation's signature on edXML (issue 15 must-haves 1 and 6): a tampered, re-signed
by another key, untrusted, unsigned or wrapped package is refused."""

from __future__ import annotations

import base64
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID
from lxml import etree  # type: ignore[import-untyped]

from tinhso.exchange.edxml import build, parse, xmlsig
from tinhso.exchange.edxml.model import EdxmlError
from tinhso.exchange.tests.test_edxml_samples import demo_signer, full_package, status
from tinhso.signatures.tests.conftest import pki  # noqa: F401 – the demo PKI fixture

SOFTHSM_LIB = "/usr/lib/softhsm/libsofthsm2.so"
DS = "{http://www.w3.org/2000/09/xmldsig#}"


@pytest.fixture
def seal(pki):  # noqa: F811
    return demo_signer(pki.ca, "t-seal")


@pytest.fixture
def signed(seal) -> bytes:
    return xmlsig.sign(build.build_edoc(full_package()), seal)


def refused_signature(data: bytes) -> EdxmlError:
    with pytest.raises(EdxmlError) as caught:
        parse.parse_edoc(data)
    assert caught.value.field == "Signature", caught.value.reason
    return caught.value


def test_one_byte_of_the_subject_changed(signed):
    tampered = signed.replace("thủ tục hành chính".encode(), "thủ tục hành chánh".encode())
    assert tampered != signed
    assert "thay đổi" in refused_signature(tampered).reason


def test_one_byte_of_an_attachment_changed(signed):
    good = base64.b64encode("Ghi chú tiếng Việt".encode())
    bad = base64.b64encode("Ghi chú tiếng Viet".encode())
    refused_signature(signed.replace(good, bad))


def test_a_swapped_certificate(pki, signed):  # noqa: F811
    other = pki.ca.issue("t-other-seal", "UBND xã Khác")  # trusted too, but not the signer
    root = etree.fromstring(signed)
    leaf = root.find(f".//{DS}X509Certificate")
    leaf.text = base64.b64encode(other.der).decode()
    refused_signature(etree.tostring(root))


def test_unsigned_package(pki):  # noqa: F811
    error = refused_signature(build.build_edoc(full_package()))
    assert "không có chữ ký" in error.reason


def _self_signed() -> xmlsig.KeySigner:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Cơ quan giả mạo")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    return xmlsig.KeySigner(key=key, certificates=(cert,))


def test_an_untrusted_certificate(pki, tmp_path):  # noqa: F811
    data = xmlsig.sign(build.build_edoc(full_package()), _self_signed())
    assert "tin cậy" in refused_signature(data).reason
    assert parse.parse_edoc(data, trust=False).package == full_package()

    from tinhso.signatures.democa import DemoCA

    stranger = DemoCA(tmp_path / "other-ca").ensure()  # a real hierarchy, its root not trusted
    stranger.issue("s-seal", "UBND tỉnh Lạ")
    data = xmlsig.sign(build.build_edoc(full_package()), demo_signer(stranger, "s-seal"))
    assert "tin cậy" in refused_signature(data).reason


def test_empty_trust_list_trusts_nobody(signed):
    from tinhso.signatures.models import TrustAnchor

    TrustAnchor.objects.update(active=False)
    assert "trống" in refused_signature(signed).reason


def test_a_revoked_seal(pki, seal, signed):  # noqa: F811
    pki.ca.revoke("t-seal")
    try:
        assert "thu hồi" in refused_signature(signed).reason
    finally:
        (pki.ca._revoked_path).unlink(missing_ok=True)
        pki.ca.write_crl()


def test_signature_wrapping_is_refused(signed, seal):
    """A second, unsigned header or a signature moved elsewhere never gets read."""
    root = etree.fromstring(signed)
    envelope = root[0]
    forged = etree.fromstring(xmlsig.sign(build.build_edoc(full_package()), seal))[0]
    root.append(forged)  # a second envelope carrying its own valid signature
    refused_signature(etree.tostring(root))

    root = etree.fromstring(signed)
    signature = root.find(f".//{DS}Signature")
    root.append(signature)  # moved out of edXMLHeader
    refused_signature(etree.tostring(root))
    assert envelope is not None


def test_a_status_is_signed_and_checked(seal):
    data = xmlsig.sign(build.build_status(status("03")), seal)
    assert parse.parse_status(data).status == status("03")
    with pytest.raises(EdxmlError) as caught:
        parse.parse_status(data.replace(b">03<", b">06<"))
    assert caught.value.field == "Signature"


def test_signing_twice_is_refused(signed, seal):
    with pytest.raises(EdxmlError):
        xmlsig.sign(signed, seal)


def test_an_agency_without_a_seal(pki):  # noqa: F811
    with pytest.raises(EdxmlError) as caught:
        xmlsig.signer_for_agency(pki.outsider.pk * 1000 + 999)
    assert "con dấu" in caught.value.reason


@pytest.mark.skipif(
    shutil.which("softhsm2-util") is None or not Path(SOFTHSM_LIB).exists(),
    reason="SoftHSM2 không được cài (apt-get install softhsm2)",
)
def test_the_agency_seal_on_the_token_signs(pki, settings):  # noqa: F811
    """signer_for_agency: the seal's key stays on the token (the PDF seal's token)."""
    from tinhso.signatures.demo import init_softhsm, softhsm_conf
    from tinhso.signatures.providers.pkcs11 import install_key

    settings.PKCS11_LIB = SOFTHSM_LIB
    settings.PKCS11_TOKEN_LABEL = "tinhso-seal"
    settings.PKCS11_USER_PIN = "246810"
    directory = Path(settings.SIGNATURES_DEMO_DIR)
    os.environ.setdefault("SOFTHSM2_CONF", str(softhsm_conf(directory)))
    assert init_softhsm(directory, settings.PKCS11_TOKEN_LABEL, settings.PKCS11_USER_PIN)
    issued = pki.ca.get("t-seal")
    install_key(
        lib=SOFTHSM_LIB,
        token_label=settings.PKCS11_TOKEN_LABEL,
        pin=settings.PKCS11_USER_PIN,
        label="t-seal",
        key_pkcs8_der=issued.key_pkcs8_der,
        cert_der=issued.der,
        chain_der=pki.ca.chain_der(),
    )
    signer = xmlsig.signer_for_agency(pki.agency.pk)
    with pytest.raises(TypeError):
        signer.private_key().private_bytes()

    parsed = parse.parse_edoc(xmlsig.sign(build.build_edoc(full_package()), signer))

    assert parsed.signer.certificate_der == issued.cert.public_bytes(Encoding.DER)
    assert parsed.package == full_package()
