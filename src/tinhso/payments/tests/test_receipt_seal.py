"""The receipt is sealed by the collecting agency, automatically: the money confirmed by an IPN
(no officer anywhere) → a receipt issued → the agency's seal from the HSM (SoftHSM2 here) in the
receipt's signature field, on behalf of the agency with no personal signer. What the payer
downloads verifies with pyHanko and on the public validator; a failed seal is retried."""

from __future__ import annotations

import io
import os
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tinhso.audit.models import AuditEvent
from tinhso.dossiers.tests.conftest import cast, new_dossier, procedures, received  # noqa: F401
from tinhso.payments import receipt_seal
from tinhso.payments.models import Receipt
from tinhso.payments.tests.test_receipts import _paid
from tinhso.signatures import validation
from tinhso.signatures.certificates import register_certificate
from tinhso.signatures.models import SignatureEvidence
from tinhso.signatures.tests.conftest import pki  # noqa: F401

SOFTHSM_LIB = "/usr/lib/softhsm/libsofthsm2.so"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("softhsm2-util") is None or not Path(SOFTHSM_LIB).exists(),
        reason="SoftHSM2 không được cài (apt-get install softhsm2)",
    ),
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "local"
    settings.SMS_OUTBOX = tmp_path / "sms.jsonl"


@pytest.fixture
def dossier(received):  # noqa: F811
    type(received).objects.filter(pk=received.pk).update(
        fees_due=1_250_000, fees_paid=0, applicant_email="nguoinop@example.vn"
    )
    received.refresh_from_db()
    return received


@pytest.fixture
def seal(settings, pki, dossier) -> Any:  # noqa: F811
    """The collecting agency's seal certificate, its key on the demo SoftHSM2 token."""
    from tinhso.signatures.demo import init_softhsm, softhsm_conf
    from tinhso.signatures.providers.pkcs11 import install_key

    settings.RESULT_SEAL_PROVIDER = "pkcs11"
    settings.PKCS11_LIB = SOFTHSM_LIB
    settings.PKCS11_TOKEN_LABEL = "tinhso-seal"
    settings.PKCS11_USER_PIN = "246810"
    directory = Path(settings.SIGNATURES_DEMO_DIR)
    os.environ.setdefault("SOFTHSM2_CONF", str(softhsm_conf(directory)))
    assert init_softhsm(directory, settings.PKCS11_TOKEN_LABEL, settings.PKCS11_USER_PIN)
    agency = dossier.competent_agency
    issued = pki.ca.issue("t-receipt-seal", agency.name)
    install_key(
        lib=SOFTHSM_LIB,
        token_label=settings.PKCS11_TOKEN_LABEL,
        pin=settings.PKCS11_USER_PIN,
        label="t-receipt-seal",
        key_pkcs8_der=issued.key_pkcs8_der,
        cert_der=issued.der,
        chain_der=pki.ca.chain_der(),
    )
    return register_certificate(
        issued.der, kind="seal", agency=agency, key_reference="t-receipt-seal"
    )


def _download(user: Any, receipt: Receipt) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(reverse("payments:receipt", args=[receipt.pk]))


def _body(answer: Any) -> bytes:
    return b"".join(answer.streaming_content) if answer.streaming else answer.content


def test_confirmed_money_gets_a_receipt_sealed_by_the_agency(
    dossier,
    cast,  # noqa: F811
    seal,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        payment = _paid(dossier)
    receipt = Receipt.objects.get(payment=payment)
    assert receipt.is_sealed and receipt.seal_attempts == 0

    answer = _download(cast.citizen, receipt)  # the payer
    assert answer.status_code == 200
    given = _body(answer)
    with receipt.sealed_pdf.open("rb") as handle:
        assert given == handle.read()
    with receipt.pdf.open("rb") as handle:
        assert given.startswith(handle.read())  # an incremental update of the issued receipt

    # pyHanko: one valid signature, in the receipt's own field, by the agency's seal
    report = validation.validate_pdf(given)
    assert [(s.field, s.verdict) for s in report.signatures] == [("ChuKyVanThu", validation.VALID)]
    assert report.signatures[0].signer == dossier.competent_agency.name
    assert report.signatures[0].certificate_sha256 == seal.sha256
    from pyhanko.pdf_utils.reader import PdfFileReader

    (embedded,) = PdfFileReader(io.BytesIO(given)).embedded_signatures
    assert embedded.sig_object["/Reason"].startswith("Biên lai tự động")

    # no personal signer: the agency and the reason, audited as the system's seal
    evidence = SignatureEvidence.objects.get(code=receipt.seal_code)
    assert evidence.signer_id is None and evidence.by_system
    assert evidence.agency_id == dossier.competent_agency_id
    assert evidence.system_reason.startswith("Biên lai tự động")
    assert AuditEvent.objects.filter(action="signatures.system_seal", actor=None).count() == 1
    assert AuditEvent.objects.filter(action="payment.receipt_sealed").count() == 1

    # the public validator: valid, the agency's certificate, sealed by the system
    page = Client().get(reverse("signatures:verify"), {"ma": receipt.seal_code})
    text = page.content.decode()
    assert page.status_code == 200 and "Hợp lệ" in text
    assert dossier.competent_agency.name in text and "đóng tự động" in text
    uploaded = Client().post(
        reverse("signatures:verify"), {"tep": io.BytesIO(given)}, format="multipart"
    )
    assert "Hợp lệ" in uploaded.content.decode()

    # the payer's e-mail carries the sealed receipt
    (message,) = [m for m in mail.outbox if "Biên lai" in m.subject]
    assert message.to == ["nguoinop@example.vn"]
    ((_name, content, _kind),) = message.attachments
    assert content == given


def test_a_failed_seal_leaves_the_receipt_issued_and_the_retry_seals_it(
    dossier,
    cast,  # noqa: F811
    seal,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.PKCS11_USER_PIN = "000000"  # the HSM refuses: a clean failure
    with django_capture_on_commit_callbacks(execute=True):
        payment = _paid(dossier)
    receipt = Receipt.objects.get(payment=payment)
    assert payment.state == "paid" and receipt.number == 1  # the money and the receipt stay
    assert not receipt.is_sealed and receipt.seal_attempts == 1
    assert "HSM" in receipt.seal_error and receipt.seal_next_at > timezone.now()
    assert not SignatureEvidence.objects.exists() and not mail.outbox
    assert _download(cast.citizen, receipt).status_code == 404  # nothing unsealed handed out
    client = Client()
    client.force_login(cast.citizen)
    page = client.get(reverse("mydossiers:detail", args=[dossier.code])).content.decode()
    assert "Số 0000001 (đang ký số)" in page

    assert receipt_seal.retry_unsealed() == receipt_seal.SealRound(0, 0)  # backing off
    later = timezone.now() + timedelta(minutes=3)
    assert receipt_seal.retry_unsealed(later) == receipt_seal.SealRound(0, 1)  # still down
    receipt.refresh_from_db()
    assert receipt.seal_attempts == 2 and receipt.seal_next_at >= later + timedelta(minutes=10)

    settings.PKCS11_USER_PIN = "246810"  # the HSM is back
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail goes after commit
        seals = receipt_seal.retry_unsealed(later + timedelta(hours=1))
    assert seals == receipt_seal.SealRound(1, 0)
    receipt.refresh_from_db()
    assert receipt.is_sealed and receipt.seal_error == ""
    answer = _download(cast.citizen, receipt)
    assert answer.status_code == 200
    report = validation.validate_pdf(_body(answer))
    assert [s.verdict for s in report.signatures] == [validation.VALID]
    assert len(mail.outbox) == 1
    assert receipt_seal.retry_unsealed(later + timedelta(days=1)) == receipt_seal.SealRound(0, 0)


def test_an_interrupted_seal_is_adopted_not_signed_twice(
    dossier, seal, django_capture_on_commit_callbacks
):
    payment = _paid(dossier)  # the after-commit seal never ran (a crash)
    receipt = Receipt.objects.get(payment=payment)
    assert not receipt.is_sealed
    from tinhso.signatures.system_seal import SystemSealRequest, seal_by_system

    with receipt.pdf.open("rb") as handle:
        issued = handle.read()
    outcome = seal_by_system(
        SystemSealRequest(pdf=issued, agency_id=seal.agency_id, reason="Biên lai tự động"),
        "pkcs11",
    )
    assert outcome.status == "signed"  # signed, but the receipt was not updated
    assert receipt_seal.retry_unsealed() == receipt_seal.SealRound(1, 0)
    receipt.refresh_from_db()
    assert receipt.seal_code == outcome.evidence_code
    assert SignatureEvidence.objects.count() == 1


def test_access_to_the_sealed_receipt_is_unchanged(
    dossier,
    cast,  # noqa: F811
    seal,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        payment = _paid(dossier)
    receipt = Receipt.objects.get(payment=payment)
    assert receipt.is_sealed
    for user in (cast.citizen, cast.reception):  # the payer, the receiving one-stop officer
        assert _download(user, receipt).status_code == 200
    for outsider in (cast.stranger, cast.other_specialist):
        assert _download(outsider, receipt).status_code == 404
    assert Client().get(reverse("payments:receipt", args=[receipt.pk])).status_code == 302
    client = Client()
    client.force_login(cast.citizen)
    page = client.get(reverse("mydossiers:detail", args=[dossier.code])).content.decode()
    assert reverse("payments:receipt", args=[receipt.pk]) in page


def test_the_issued_receipt_has_an_empty_seal_field(dossier):
    receipt = _paid(dossier).receipt
    with receipt.pdf.open("rb") as handle:
        issued = handle.read()
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign import fields

    reader = PdfFileReader(io.BytesIO(issued))
    found = [(name, value) for name, value, _ref in fields.enumerate_sig_fields(reader)]
    assert found == [("ChuKyVanThu", None)]
