"""Registering certificates, delegations (KT., TM. …) and the admin upload (issue 13 item 4)."""

from __future__ import annotations

from datetime import date

import pytest

from tinhso.signatures import certificates, pki
from tinhso.signatures.models import Delegation, SigningCertificate


def test_weak_key_is_refused(pki):
    weak = pki.ca.issue("t-weak", "Khóa yếu", key_size=1024)
    with pytest.raises(pki_module().CertificateError, match="tối thiểu 2048 bit"):
        certificates.register_certificate(weak.der, kind="person", user=pki.leader)


def test_certificate_without_signing_usage_is_refused(pki):
    with pytest.raises(pki_module().CertificateError, match="không cho phép ký"):
        certificates.register_certificate(pki.ca.ca().der, kind="person", user=pki.leader)


def test_registration_records_issuer_serial_and_validity(pki):
    cert = pki.person_cert
    issued = pki.ca.get("t-leader")
    assert cert.serial == format(issued.cert.serial_number, "X")
    assert "TỈNH SỐ DEMO CA" in cert.issuer and "Lý Văn Chủ" in cert.subject
    assert cert.not_after == issued.cert.not_valid_after_utc
    assert cert.user == pki.leader


def test_delegation_in_force_by_dates_and_printed(pki):
    Delegation.objects.create(
        authority="KT.",
        agency=pki.agency,
        to_user=pki.leader,
        principal_title="Chủ tịch",
        valid_from=date(2026, 1, 1),
        valid_to=date(2026, 6, 30),
    )
    found = certificates.active_delegation(pki.leader.pk, pki.agency.pk, date(2026, 3, 1))
    assert found is not None and found.printed == "KT. CHỦ TỊCH"
    assert certificates.active_delegation(pki.leader.pk, pki.agency.pk, date(2026, 7, 1)) is None


def test_admin_upload_registers_a_certificate(admin_client, pki):
    from django.core.files.uploadedfile import SimpleUploadedFile

    issued = pki.ca.issue("t-admin", "Đặng Thị Thư")
    response = admin_client.post(
        "/quan-tri/signatures/signingcertificate/add/",
        {
            "kind": "person",
            "user": pki.clerk.pk,
            "label": "",
            "key_reference": "",
            "active": "on",
            "certificate_file": SimpleUploadedFile("thu.cer", issued.der),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cert = SigningCertificate.objects.get(user=pki.clerk)
    assert cert.sha256 == pki_module().fingerprint(issued.der)


def pki_module():  # the module, since the fixture is called pki
    return pki
