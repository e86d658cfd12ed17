"""The SmartCA simulator answers in the published shapes (sp769 v1) and refuses what the real
service refuses: a wrong service-provider account, a non-hash request, an unknown transaction."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client

from tinhso.signatures.tests import remote_support
from tinhso.simulators.models import SmartCATransaction

pytestmark = pytest.mark.django_db
API = "/mo-phong/smartca/sca/sp769/v1"
ACCOUNT = {"sp_id": "tinhso-mo-phong", "sp_password": "smartca-mo-phong"}

demo = remote_support.demo
leader = remote_support.leader
leader_cert = remote_support.leader_cert


def _post(path: str, body: dict | None = None):
    response = Client().post(
        f"{API}/{path}", data=json.dumps(body or {}), content_type="application/json"
    )
    return response.status_code, response.json()


def _sign_body(**changes):
    body = {
        **ACCOUNT,
        "user_id": "lanhdao.xa",
        "transaction_id": "tinhso-0001",
        "transaction_desc": "Ký quyết định",
        "serial_number": "",
        "sign_files": [
            {
                "data_to_be_signed": "ab" * 32,
                "doc_id": "vb-1",
                "file_type": "pdf",
                "sign_type": "hash",
            }
        ],
    }
    return {**body, **changes}


def test_get_certificate_returns_the_subscribers_certificate_and_chain(leader_cert, demo):
    status, body = _post(
        "credentials/get_certificate", {**ACCOUNT, "user_id": "lanhdao.xa", "transaction_id": "t"}
    )
    assert status == 200 and body["status_code"] == 200
    [cert] = body["data"]["user_certificates"]
    assert base64.b64decode(cert["cert_data"]) == bytes(leader_cert.der)
    assert cert["serial_number"] == leader_cert.serial.lower()
    assert base64.b64decode(cert["chain_data"]["root_cert"]) == demo.root().der
    status, body = _post(
        "credentials/get_certificate", {**ACCOUNT, "user_id": "ai-do", "transaction_id": "t"}
    )
    assert body["data"]["user_certificates"] == []


def test_wrong_service_provider_account_is_401(leader_cert):
    status, body = _post("signatures/sign", _sign_body(sp_password="sai"))
    assert (status, body["message"]) == (401, "SP_CREDENTIAL_INVALID")
    assert not SmartCATransaction.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"sign_files": [{"data_to_be_signed": "%PDF-1.7", "doc_id": "x", "sign_type": "hash"}]},
        {"sign_files": [{"data_to_be_signed": "ab" * 32, "doc_id": "x", "sign_type": "file"}]},
        {"transaction_id": ""},
        {"serial_number": "ffff"},
    ],
)
def test_only_a_sha256_hash_for_a_held_certificate_is_accepted(leader_cert, change):
    body = _sign_body(serial_number=leader_cert.serial.lower())
    status, answer = _post("signatures/sign", {**body, **change})
    assert (status, answer["message"]) == (400, "BAD_REQUEST")


def test_waiting_then_page_buttons_then_status(leader_cert):
    status, body = _post("signatures/sign", _sign_body(serial_number=leader_cert.serial.lower()))
    assert (status, body["message"]) == (200, "sig_wait_for_user_confirm")
    assert body["data"]["transaction_id"] == "tinhso-0001"
    # the same transaction id twice is refused
    assert _post("signatures/sign", _sign_body(serial_number=leader_cert.serial.lower()))[0] == 400
    status, body = _post("signatures/sign/tinhso-0001/status")
    assert body["data"]["signatures"] is None
    page = Client().get("/mo-phong/smartca/").content.decode()
    assert "tinhso-0001" in page and "Đồng ý" in page and "Từ chối" in page
    Client().post("/mo-phong/smartca/tinhso-0001/confirm/")
    status, body = _post("signatures/sign/tinhso-0001/status")
    assert body["message"] == "SUCCESS"
    [sig] = body["data"]["signatures"]
    assert sig["doc_id"] == "vb-1" and len(base64.b64decode(sig["signature_value"])) == 256
    # decided once: a second answer is refused with a message, not a 500
    again = Client().post("/mo-phong/smartca/tinhso-0001/refuse/", follow=True)
    assert "Giao dịch đã kết thúc" in again.content.decode()


def test_unknown_transaction_is_bad_request():
    status, body = _post("signatures/sign/khong-co/status")
    assert (status, body["message"]) == (400, "BAD_REQUEST")
