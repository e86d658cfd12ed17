"""Validation verdicts, bad input and the public validator (page, API, QR code), issue 13."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from tinhso.signatures import services, signing, validation
from tinhso.signatures.models import TrustAnchor
from tinhso.signatures.tests.conftest import person_request, seal_request


@pytest.fixture
def signed_pdf(pki, demo_provider, issued_pdf) -> bytes:
    first = services.sign_now(person_request(pki, issued_pdf), "demo_key")
    return services.sign_now(seal_request(pki, first.pdf), "demo_key").pdf


def test_one_byte_changed_is_invalid_with_the_reason(pki, signed_pdf):
    at = signed_pdf.find(b"stream") + 20  # inside the first page's content, covered by both
    tampered = signed_pdf[:at] + bytes([signed_pdf[at] ^ 0x01]) + signed_pdf[at + 1 :]
    report = validation.validate_pdf(tampered)
    assert {s.verdict for s in report.signatures} == {"không hợp lệ"}
    assert "bị thay đổi sau khi ký" in report.signatures[0].reason


def test_update_after_signing_is_reported_as_modified(pki, signed_pdf):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.stamp import TextStampStyle

    writer = IncrementalPdfFileWriter(io.BytesIO(signed_pdf))
    stamp = TextStampStyle(stamp_text="SỬA THÊM").create_stamp(writer, None, {})
    stamp.apply(0, 100, 400)
    out = io.BytesIO()
    writer.write(out)
    report = validation.validate_pdf(out.getvalue())
    assert [s.verdict for s in report.signatures] == [validation.MODIFIED, validation.MODIFIED]
    assert "sau khi ký tài liệu đã bị sửa" in report.signatures[1].reason


def test_unknown_root_means_unknown_signer(pki, signed_pdf):
    TrustAnchor.objects.update(active=False)
    report = validation.validate_pdf(signed_pdf)
    assert report.trust_list_empty
    assert {s.verdict for s in report.signatures} == {"không xác định được người ký"}


def test_certificate_from_another_root(pki, issued_pdf, tmp_path):
    from tinhso.signatures.democa import DemoCA

    stranger = DemoCA(tmp_path / "other")  # a root nobody put on the trust list
    stranger.issue("x", "Người lạ")
    signed, _ = signing.sign_with(person_request(pki, issued_pdf), stranger.simple_signer("x"))
    sig = validation.validate_pdf(signed).signatures[0]
    assert sig.verdict == "không xác định được người ký"
    assert "danh sách tin cậy" in sig.reason


def test_bad_inputs_get_a_vietnamese_message(settings, pki, issued_pdf):
    from pypdf import PdfReader, PdfWriter

    with pytest.raises(validation.BadDocument, match="không phải là tài liệu PDF"):
        validation.validate_pdf(b"GIF89a" + b"\0" * 100)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(issued_pdf)))
    writer.encrypt("mat-khau")
    encrypted = io.BytesIO()
    writer.write(encrypted)
    with pytest.raises(validation.BadDocument, match="mã hóa"):
        validation.validate_pdf(encrypted.getvalue())
    broken = (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nxref\n0 999\nrac\n"
        b"trailer\n<<>>\nstartxref\n12\n%%EOF"
    )
    with pytest.raises(validation.BadDocument, match="bị hỏng"):
        validation.validate_pdf(broken)
    settings.SIGNATURE_MAX_BYTES = 1024
    with pytest.raises(validation.BadDocument, match="quá lớn"):
        validation.validate_pdf(issued_pdf)


def test_chain_of_fifty_certificates_is_refused_before_path_building(pki, issued_pdf):
    from asn1crypto import keys as asn1_keys
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from tinhso.signatures.pki import to_asn1

    now = datetime.now(UTC)
    chain, issuer_key, issuer_name = [], None, None
    for i in range(51):
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"Mắt xích {i}")])
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(issuer_name or name)
            .public_key(key.public_key())
            .serial_number(i + 1)
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=10))
            .add_extension(x509.BasicConstraints(ca=i < 50, path_length=None), critical=True)
            .sign(issuer_key or key, hashes.SHA256())
        )
        chain.append(cert)
        issuer_key, issuer_name = key, name
    leaf_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    signer = SimpleSigner(
        signing_cert=to_asn1(chain[-1].public_bytes(serialization.Encoding.DER)),
        signing_key=asn1_keys.PrivateKeyInfo.load(leaf_key),
        cert_registry=SimpleCertificateStore.from_certs(
            [to_asn1(c.public_bytes(serialization.Encoding.DER)) for c in chain[:-1]]
        ),
    )
    signed, _ = signing.sign_with(person_request(pki, issued_pdf), signer)
    sig = validation.validate_pdf(signed).signatures[0]
    assert sig.verdict == "không xác định được người ký"
    assert "51 chứng thư" in sig.reason


def test_unsigned_pdf_says_so(pki, issued_pdf):
    report = validation.validate_pdf(issued_pdf)
    assert report.signatures == [] and report.message == "Tệp không có chữ ký số."


# --- the public page and the API ---------------------------------------------------------------


def test_qr_code_leads_to_the_latest_signed_version(client, pki, demo_provider, issued_pdf):
    first = services.sign_now(person_request(pki, issued_pdf), "demo_key")
    services.sign_now(seal_request(pki, first.pdf), "demo_key")
    response = client.get(reverse("signatures:verify"), {"ma": first.evidence_code})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("Hợp lệ") == 2  # the leader's and the seal, on the version with both
    assert "Lý Văn Chủ" in page and "UBND phường Tân Ninh" in page
    assert client.get(reverse("signatures:verify"), {"ma": "KHONGCOMA234"}).status_code == 404


def test_upload_on_the_public_page(client, pki, signed_pdf):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("signatures:verify"),
        {"tep": SimpleUploadedFile("qd.pdf", signed_pdf, "application/pdf")},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "trùng khớp từng byte" in page
    bad = client.post(
        reverse("signatures:verify"), {"tep": SimpleUploadedFile("a.pdf", b"khong phai pdf")}
    )
    assert bad.status_code == 400
    assert "không phải là tài liệu PDF" in bad.content.decode()


def test_validate_api(client, pki, signed_pdf, issued_pdf):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        "/api/v1/signatures/validate", {"file": SimpleUploadedFile("qd.pdf", signed_pdf)}
    )
    assert response.status_code == 200
    body = response.json()
    assert [s["verdict"] for s in body["signatures"]] == ["hợp lệ", "hợp lệ"]
    assert body["issued_here"] is True and body["verify_code"] == signing.verify_code_for(
        issued_pdf
    )
    bad = client.post(
        "/api/v1/signatures/validate", {"file": SimpleUploadedFile("x.pdf", b"%PDF-1.7 rac")}
    )
    assert bad.status_code == 400
    assert "bị hỏng" in bad.json()["detail"]


def test_too_many_validations_from_one_address(client, settings, pki, issued_pdf):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signature_validate": "2/600"}
    for _ in range(2):
        assert (
            client.post(
                "/api/v1/signatures/validate", {"file": SimpleUploadedFile("a.pdf", issued_pdf)}
            ).status_code
            == 200
        )
    third = client.post(
        "/api/v1/signatures/validate", {"file": SimpleUploadedFile("a.pdf", issued_pdf)}
    )
    assert third.status_code == 429


def test_demo_tsa_answers_rfc3161(client, pki):
    from asn1crypto import algos, tsp

    req = tsp.TimeStampReq(
        {
            "version": 1,
            "message_imprint": {
                "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                "hashed_message": b"\x01" * 32,
            },
            "nonce": 12345,
            "cert_req": True,
        }
    )
    response = client.post("/mo-phong/tsa/", req.dump(), content_type="application/timestamp-query")
    assert response.status_code == 200 and response["Content-Type"] == "application/timestamp-reply"
    answer = tsp.TimeStampResp.load(response.content)
    assert answer["status"]["status"].native == "granted"
    info = answer["time_stamp_token"]["content"]["encap_content_info"]["content"].parsed
    assert info["nonce"].native == 12345
    assert (
        client.post(
            "/mo-phong/tsa/", b"rac", content_type="application/timestamp-query"
        ).status_code
        == 400
    )
    assert client.get("/mo-phong/pki/ca.crl").status_code == 200
