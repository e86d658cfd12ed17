"""Remote signing on a phone (issue 13 must-have 2 and 7): the SmartCA-shaped simulator asks
"the user", we build the CMS ourselves and the signed PDF validates with the officer's
certificate; refusal, timeout, wrong transaction ids and forged webhooks end cleanly."""

from __future__ import annotations

import base64
import io
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from tinhso.signatures import pki, services
from tinhso.signatures.models import SessionStatus, SignatureEvidence, SigningSession
from tinhso.signatures.providers.remote import RemoteProvider, poll_pending, poll_session
from tinhso.signatures.remote_client import (
    MESSAGES,
    RemoteAnswer,
    RemoteState,
    SmartCAClient,
    interpret,
    webhook_headers,
)
from tinhso.simulators.models import SmartCATransaction
from tinhso.simulators.smartca import protocol

from . import remote_support
from .remote_support import PASSWORD, sign_request

# fixtures shared with the simulator's tests
wire = remote_support.wire
demo = remote_support.demo
leader = remote_support.leader
leader_cert = remote_support.leader_cert
issued_pdf = remote_support.issued_pdf

pytestmark = pytest.mark.django_db
WEBHOOK = "/ky-so/tu-xa/webhook/"


@pytest.fixture
def finished(monkeypatch):
    """services.signing_finished (the real one), with the sessions it was called for."""
    calls: list[str] = []
    real = services.signing_finished

    def recorded(session, pdf, **kwargs):
        calls.append(session.pk)
        return real(session, pdf, **kwargs)

    monkeypatch.setattr(services, "signing_finished", recorded)
    return calls


def _start(pdf, user, cert):
    outcome = RemoteProvider().start(sign_request(pdf, user, cert))
    assert outcome.status == "pending", outcome.message
    return SigningSession.objects.get(pk=outcome.session_id)


def _post_webhook(body: dict, key: str = "smartca-webhook-mo-phong"):
    raw = json.dumps(body).encode()
    return Client().post(
        WEBHOOK, data=raw, content_type="application/json", headers=webhook_headers(key, raw)
    )


def _validate(pdf: bytes, demo):
    reader = PdfFileReader(io.BytesIO(pdf))
    [embedded] = reader.embedded_signatures
    context = ValidationContext(
        trust_roots=[pki.to_asn1(demo.root().der)],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    return embedded, validate_pdf_signature(embedded, context)


def test_only_the_digest_leaves_and_poll_brings_a_valid_signature(
    wire, demo, leader, leader_cert, issued_pdf, finished
):
    session = _start(issued_pdf, leader, leader_cert)

    sign_calls = [body for path, body in wire if path.endswith("/v1/signatures/sign")]
    [sent] = [json.loads(body) for body in sign_calls]
    assert b"%PDF" not in sign_calls[0]
    [file] = sent["sign_files"]
    assert file["sign_type"] == "hash" and file["data_to_be_signed"] == session.data["digest"]
    assert len(bytes.fromhex(file["data_to_be_signed"])) == 32
    assert sent["serial_number"] == leader_cert.serial.lower()

    assert poll_pending() == {"pending": 1}  # the user has not answered yet
    protocol.decide(session.provider_transaction_id, "confirm")
    assert poll_pending() == {"signed": 1}

    session.refresh_from_db()
    assert session.status == SessionStatus.SIGNED
    assert finished == [session.pk]
    assert SignatureEvidence.objects.get().session_id == session.pk
    embedded, status = _validate(bytes(session.result_pdf), demo)
    assert embedded.field_name == "ChuKyLanhDao"
    assert status.bottom_line and status.intact and status.valid
    assert status.timestamp_validity is not None  # RFC 3161 token of the demo TSA
    assert embedded.signer_cert.dump() == bytes(leader_cert.der)
    assert bytes(session.result_pdf).startswith(issued_pdf)  # an incremental update of ours
    from tinhso.signatures import validation

    [checked] = validation.validate_pdf(bytes(session.result_pdf)).signatures
    assert checked.verdict == "hợp lệ" and checked.ltv  # the CRL is in the DSS (PAdES B-LT)
    assert SignatureEvidence.objects.get().revocation_data["embedded"] is True


def test_webhook_finishes_without_polling(
    wire, settings, demo, leader, leader_cert, issued_pdf, finished
):
    settings.SMARTCA_SIMULATOR_WEBHOOK_URL = f"http://testserver{WEBHOOK}"
    session = _start(issued_pdf, leader, leader_cert)
    page = Client().post(
        f"/mo-phong/smartca/{session.provider_transaction_id}/confirm/", follow=True
    )
    assert "webhook HTTP 200" in page.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.SIGNED
    assert _validate(bytes(session.result_pdf), demo)[1].bottom_line
    assert not [path for path, _ in wire if path.endswith("/status")]  # no poll was needed


def test_user_refuses_on_the_phone(wire, demo, leader, leader_cert, issued_pdf, finished):
    session = _start(issued_pdf, leader, leader_cert)
    protocol.decide(session.provider_transaction_id, "refuse")
    session = poll_session(session.pk)
    assert session.status == SessionStatus.REFUSED
    assert session.message == "Người ký đã từ chối ký trên điện thoại."
    assert session.result_pdf is None and finished == []


def test_refusal_by_webhook(wire, settings, demo, leader, leader_cert, issued_pdf, finished):
    settings.SMARTCA_SIMULATOR_WEBHOOK_URL = f"http://testserver{WEBHOOK}"
    session = _start(issued_pdf, leader, leader_cert)
    Client().post(f"/mo-phong/smartca/{session.provider_transaction_id}/refuse/")
    session.refresh_from_db()
    assert session.status == SessionStatus.REFUSED and finished == []


def test_user_never_answers_the_provider_times_out(
    wire, demo, leader, leader_cert, issued_pdf, finished
):
    session = _start(issued_pdf, leader, leader_cert)
    SmartCATransaction.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    session = poll_session(session.pk)
    assert session.status == SessionStatus.EXPIRED
    assert session.message == MESSAGES[RemoteState.EXPIRED]
    # too late: the user cannot sign it any more
    with pytest.raises(protocol.DecisionError):
        protocol.decide(session.provider_transaction_id, "confirm")


def test_our_session_expires_even_if_the_provider_still_waits(
    wire, demo, leader, leader_cert, issued_pdf, finished
):
    session = _start(issued_pdf, leader, leader_cert)
    SigningSession.objects.filter(pk=session.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert poll_session(session.pk).status == SessionStatus.EXPIRED
    # a signature arriving after our expiry is not used
    protocol.decide(session.provider_transaction_id, "confirm")
    assert poll_session(session.pk).status == SessionStatus.EXPIRED and finished == []
    # and the document can be signed again
    assert RemoteProvider().start(sign_request(issued_pdf, leader, leader_cert)).status == "pending"


def test_wrong_transaction_id(wire, demo, leader, leader_cert, issued_pdf, finished):
    session = _start(issued_pdf, leader, leader_cert)
    answer = SmartCAClient().status("khong-co-giao-dich-nay")
    assert answer.state == RemoteState.BAD_REQUEST
    protocol.decide(session.provider_transaction_id, "confirm")
    body = protocol.webhook_body(SmartCATransaction.objects.get())
    response = _post_webhook({**body, "transaction_id": "khong-co-giao-dich-nay"})
    assert response.status_code == 404
    assert "Không có phiên ký" in response.json()["message"]
    session.refresh_from_db()
    assert session.status == SessionStatus.PENDING and finished == []


def test_webhook_with_a_bad_hmac_changes_nothing(
    wire, demo, leader, leader_cert, issued_pdf, finished
):
    session = _start(issued_pdf, leader, leader_cert)
    body = {
        "sp_id": "tinhso-mo-phong",
        "status_code": 200,
        "message": "sig_rejected_by_user",
        "transaction_id": session.provider_transaction_id,
        "signed_files": [],
    }
    response = _post_webhook(body, key="khoa-sai")
    assert response.status_code == 401
    assert response.json()["message"] == "Chữ ký của webhook không đúng."
    unsigned = Client().post(WEBHOOK, data=json.dumps(body), content_type="application/json")
    assert unsigned.status_code == 401
    session.refresh_from_db()
    assert session.status == SessionStatus.PENDING


def test_authentic_webhook_with_a_forged_signature_value_is_refused(
    wire, demo, leader, leader_cert, issued_pdf, finished
):
    session = _start(issued_pdf, leader, leader_cert)
    other = demo.issue("ke-gia-mao", "Kẻ giả mạo")
    forged = protocol.keyring.sign_digest(other.key, bytes.fromhex(session.data["digest"]))
    body = {
        "sp_id": "tinhso-mo-phong",
        "status_code": 200,
        "message": "SUCCESS",
        "transaction_id": session.provider_transaction_id,
        "signed_files": [
            {"doc_id": session.data["doc_id"], "signature_value": base64.b64encode(forged).decode()}
        ],
    }
    assert _post_webhook(body).status_code == 200
    session.refresh_from_db()
    assert session.status == SessionStatus.FAILED
    assert "không khớp với chứng thư số" in session.message
    assert finished == []


def test_second_signing_of_the_same_document_waits(
    wire, demo, leader, leader_cert, issued_pdf, finished
):
    _start(issued_pdf, leader, leader_cert)
    again = RemoteProvider().start(sign_request(issued_pdf, leader, leader_cert))
    assert again.status == "refused" and "đang được ký" in again.message


def test_certificate_of_someone_else_is_refused(wire, demo, leader, leader_cert, issued_pdf):
    from tinhso.accounts.services import staff_create

    other = staff_create(username="nguoikhac", full_name="Người Khác", password=PASSWORD)
    outcome = RemoteProvider().start(sign_request(issued_pdf, other, leader_cert))
    assert outcome.status == "refused"
    assert not [path for path, _ in wire if path.endswith("/sign")]


def test_revoked_certificate_is_refused_before_asking_the_phone(
    wire, demo, leader, leader_cert, issued_pdf
):
    demo.revoke("lanhdao-xa")  # the demo CRL we hold lists it
    outcome = RemoteProvider().start(sign_request(issued_pdf, leader, leader_cert))
    assert outcome.status == "refused"
    assert "đã bị thu hồi" in outcome.message
    assert not [path for path, _ in wire if path.endswith("/sign")]


def test_revoked_certificate_at_the_provider(
    wire, demo, leader, leader_cert, issued_pdf, monkeypatch
):
    from tinhso.signatures import validation

    demo.revoke("lanhdao-xa")
    monkeypatch.setattr(validation, "known_crls", list)  # we hold no CRL: the provider knows
    outcome = RemoteProvider().start(sign_request(issued_pdf, leader, leader_cert))
    assert outcome.status == "failed"
    assert outcome.message == MESSAGES[RemoteState.CERTIFICATE_INVALID]
    assert SigningSession.objects.get().status == SessionStatus.FAILED


def test_wrong_service_account(wire, settings, demo, leader, leader_cert, issued_pdf):
    outcome = RemoteProvider(SmartCAClient(sp_password="sai")).start(
        sign_request(issued_pdf, leader, leader_cert)
    )
    assert outcome.status == "failed"
    assert "SP_CREDENTIAL_INVALID" in outcome.message


@pytest.mark.parametrize(
    ("http", "body", "state"),
    [
        (200, {"status_code": 200, "message": "sig_wait_for_user_confirm"}, RemoteState.WAITING),
        (200, {"status_code": 200, "message": "SUCCESS"}, RemoteState.SIGNED),
        (
            401,
            {"status_code": 401, "message": "SP_CREDENTIAL_INVALID"},
            RemoteState.CREDENTIAL_INVALID,
        ),
        (
            200,
            {"status_code": 403, "message": "CREDENTIAL_STATUS_INVALID"},
            RemoteState.CERTIFICATE_INVALID,
        ),
        (500, {"status_code": 500, "message": "x"}, RemoteState.UNAVAILABLE),
        (200, {"status": 4002}, RemoteState.REFUSED),  # Viettel MySign
        (200, {"status": 4001}, RemoteState.EXPIRED),
        (200, {"status": 13004}, RemoteState.CERTIFICATE_INVALID),
        (200, "không phải JSON", RemoteState.UNAVAILABLE),
    ],
)
def test_provider_codes_mean_what_the_officer_reads(http, body, state):
    answer = interpret(http, body)
    assert answer.state == state and answer.message == MESSAGES[state]


def test_session_page_is_the_signers_only(wire, demo, leader, leader_cert, issued_pdf, finished):
    from tinhso.accounts.services import staff_create

    session = _start(issued_pdf, leader, leader_cert)
    url = f"/can-bo/ky-so/tu-xa/{session.pk}/"
    other = staff_create(username="nguoikhac", full_name="Người Khác", password=PASSWORD)
    client = Client()
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(leader)
    page = client.get(url).content.decode()
    assert "Đang chờ ký" in page and session.provider_transaction_id in page
    protocol.decide(session.provider_transaction_id, "confirm")
    after = client.post(f"{url}kiem-tra/", follow=True).content.decode()
    assert "Đã ký số thành công." in after
    session.refresh_from_db()
    assert f"/xac-thuc-van-ban/?ma={session.verify_code}" in after


def test_poll_command_reports_what_it_finished(
    wire, demo, leader, leader_cert, issued_pdf, finished
):
    from django.core.management import call_command

    session = _start(issued_pdf, leader, leader_cert)
    protocol.decide(session.provider_transaction_id, "refuse")
    out = io.StringIO()
    call_command("signatures_poll", stdout=out)
    assert out.getvalue().strip() == "refused: 1"
    call_command("signatures_poll", stdout=out)
    assert "Không có phiên ký số từ xa nào đang chờ." in out.getvalue()


def test_provider_holding_another_certificate_is_refused(demo, leader, leader_cert, issued_pdf):
    """The CA must hold the very certificate registered to the officer (same DER)."""
    other = base64.b64encode(demo.issue("khac", "Người khác").der).decode()

    class Provider(SmartCAClient):
        def get_certificate(self, user_id, transaction_id, serial=""):
            return RemoteAnswer(
                RemoteState.SIGNED,
                "Success",
                {"user_certificates": ["rác", {"cert_data": "%%%"}, {"cert_data": other}]},
            )

        def sign(self, **kwargs):  # pragma: no cover - must not be reached
            raise AssertionError("the digest must not be sent")

    outcome = RemoteProvider(Provider()).start(sign_request(issued_pdf, leader, leader_cert))
    assert outcome.status == "refused"
    assert outcome.message == "Nhà cung cấp không giữ chứng thư số đã đăng ký cho người ký này."
    assert not SigningSession.objects.exists()


def test_over_real_http_the_simulator_webhook_finishes_the_session(
    live_server, settings, demo, leader, leader_cert, issued_pdf
):
    """No stand-in for the network: our client calls the simulator over HTTP and the simulator
    posts its HMAC-signed webhook back to us."""
    from tinhso.simulators.smartca.views import deliver_webhook

    settings.SMARTCA_BASE_URL = f"{live_server.url}/mo-phong/smartca/sca/sp769"
    settings.SMARTCA_SIMULATOR_WEBHOOK_URL = f"{live_server.url}{WEBHOOK}"
    session = _start(issued_pdf, leader, leader_cert)
    record = protocol.decide(session.provider_transaction_id, "confirm")
    assert deliver_webhook(record) == "HTTP 200"
    session.refresh_from_db()
    assert session.status == SessionStatus.SIGNED
    assert _validate(bytes(session.result_pdf), demo)[1].bottom_line


def test_try_command_starts_a_demo_signing(wire, demo, leader, leader_cert):
    from django.core.management import CommandError, call_command

    from tinhso.accounts.services import staff_create

    out = io.StringIO()
    call_command("signatures_remote_try", "lanhdao.xa", stdout=out)
    session = SigningSession.objects.get()
    assert f"/can-bo/ky-so/tu-xa/{session.pk}/" in out.getvalue()
    assert SmartCATransaction.objects.get().transaction_id == session.provider_transaction_id
    staff_create(username="chuaco", full_name="Chưa Có Chứng Thư", password=PASSWORD)
    with pytest.raises(CommandError, match="chưa có chứng thư số"):
        call_command("signatures_remote_try", "chuaco", stdout=out)
