"""The demo OCSP responder (/mo-phong/pki/ocsp, RFC 6960) and OCSP answers as long-term
revocation data (issue 13 must-have 3)."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime, timedelta

import pytest
from asn1crypto import ocsp as asn1_ocsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509 import ocsp

from tinhso.signatures import signing, validation
from tinhso.signatures.democa import DemoCA, ocsp_url
from tinhso.signatures.tests.conftest import person_request

URL = "/mo-phong/pki/ocsp"


@pytest.fixture
def clean_crl(pki):
    yield pki.ca
    path = pki.ca.dir / "revoked.json"
    if path.exists():
        path.unlink()
    pki.ca.write_crl()


@pytest.fixture
def simulators_on(settings):
    settings.SIMULATORS_ENABLED = True


def _ask(client, pki, name: str, *, nonce: bytes | None = None) -> ocsp.OCSPResponse:
    cert = pki.ca.get(name).cert
    # RFC 5019: the CertID hashes are SHA-1, what pyHanko's fetcher sends
    builder = ocsp.OCSPRequestBuilder().add_certificate(
        cert,
        pki.ca.ca().cert,
        hashes.SHA1(),  # noqa: S303
    )
    if nonce is not None:
        builder = builder.add_extension(x509.OCSPNonce(nonce), critical=False)
    body = builder.build().public_bytes(serialization.Encoding.DER)
    response = client.post(URL, body, content_type="application/ocsp-request")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ocsp-response"
    return ocsp.load_der_ocsp_response(response.content)


def test_demo_certificates_name_the_responder(pki):
    cert = pki.ca.issue("t-ocsp-aia", "Người Thử").cert
    aia = cert.extensions.get_extension_for_class(x509.AuthorityInformationAccess).value
    assert [d.access_location.value for d in aia] == [ocsp_url()]
    assert ocsp_url().endswith(URL)


def test_good_then_revoked(client, pki, clean_crl, simulators_on):
    nonce = os.urandom(16)
    good = _ask(client, pki, "t-leader", nonce=nonce)
    assert good.response_status == ocsp.OCSPResponseStatus.SUCCESSFUL
    assert good.certificate_status == ocsp.OCSPCertStatus.GOOD
    assert good.serial_number == pki.ca.get("t-leader").cert.serial_number
    assert good.extensions.get_extension_for_class(x509.OCSPNonce).value.nonce == nonce
    pki.ca.ca().cert.public_key().verify(  # signed by the issuing CA itself
        good.signature, good.tbs_response_bytes, padding.PKCS1v15(), hashes.SHA256()
    )
    when = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=2)
    clean_crl.revoke("t-leader", when)
    revoked = _ask(client, pki, "t-leader")
    assert revoked.certificate_status == ocsp.OCSPCertStatus.REVOKED
    assert revoked.revocation_time_utc == when


def test_unknown_unauthorized_and_malformed(client, pki, tmp_path, simulators_on):
    ours = pki.ca.ca().cert
    leader = pki.ca.get("t-leader").cert
    req = ocsp.OCSPRequestBuilder().add_certificate(leader, ours, hashes.SHA256()).build()
    by_hash = ocsp.OCSPRequestBuilder().add_certificate_by_hash(
        req.issuer_name_hash, req.issuer_key_hash, 424242, hashes.SHA256()
    )
    body = by_hash.build().public_bytes(serialization.Encoding.DER)
    unknown = ocsp.load_der_ocsp_response(
        client.post(URL, body, content_type="application/ocsp-request").content
    )
    assert unknown.certificate_status == ocsp.OCSPCertStatus.UNKNOWN

    stranger = DemoCA(tmp_path / "other")
    issued = stranger.issue("x", "Người lạ")
    body = (
        ocsp.OCSPRequestBuilder()
        .add_certificate(issued.cert, stranger.ca().cert, hashes.SHA256())
        .build()
        .public_bytes(serialization.Encoding.DER)
    )
    other = client.post(URL, body, content_type="application/ocsp-request")
    assert (
        ocsp.load_der_ocsp_response(other.content).response_status
        == ocsp.OCSPResponseStatus.UNAUTHORIZED
    )
    junk = client.post(URL, b"rac", content_type="application/ocsp-request")
    assert (
        ocsp.load_der_ocsp_response(junk.content).response_status
        == ocsp.OCSPResponseStatus.MALFORMED_REQUEST
    )
    assert client.get(URL).status_code == 405


def test_an_embedded_ocsp_answer_is_long_term_revocation_data(
    client, settings, pki, issued_pdf, monkeypatch, simulators_on
):
    """A document whose DSS holds only the responder's answer validates with revocation
    checking required and no CRL held."""
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    signed, _ = signing.sign_with(
        person_request(pki, issued_pdf), pki.ca.simple_signer("t-leader"), ltv=False
    )
    answer = _ask(client, pki, "t-leader").public_bytes(serialization.Encoding.DER)
    out = io.BytesIO(signed)
    DocumentSecurityStore.add_dss(
        out, None, ocsps=[asn1_ocsp.OCSPResponse.load(answer)], force_write=True
    )
    settings.SIGNATURE_REVOCATION_MODE = "hard-fail"
    monkeypatch.setattr(validation, "known_crls", list)
    [sig] = validation.validate_pdf(out.getvalue()).signatures
    assert sig.verdict == "hợp lệ", sig.reason
    assert sig.ltv
    [bare] = validation.validate_pdf(signed).signatures
    assert bare.verdict == "không hợp lệ" and not bare.ltv
