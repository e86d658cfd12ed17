"""The simulated remote-signing service: the request/response shapes of VNPT SmartCA's published
integration document ("Tài liệu tích hợp VNPT SMARTCA", API sp769 v1), answered locally.

    POST sca/sp769/v1/credentials/get_certificate   {sp_id, sp_password, user_id, serial_number?,
                                                     transaction_id}
    POST sca/sp769/v1/signatures/sign               {sp_id, sp_password, user_id, transaction_id,
                                                     transaction_desc, serial_number,
                                                     sign_files[{data_to_be_signed (hex), doc_id,
                                                     file_type, sign_type: "hash"}]}
    POST sca/sp769/v1/signatures/sign/{id}/status   (empty body)
    webhook to the SP                               {sp_id, status_code, message, transaction_id,
                                                     signed_files[{doc_id, signature_value,
                                                     timestamp_signature}]}

The document names 200, 400 BAD_REQUEST, 401 SP_CREDENTIAL_INVALID, 403
CREDENTIAL_STATUS_INVALID and 500; it does not print what the status call answers after a refusal
or a timeout, so the simulator answers "sig_rejected_by_user" / "sig_transaction_expired" (our
choice, docs/signatures-remote.md). The signature returned is the raw PKCS#1 v1.5 signature over
the SHA-256 digest sent (what VNPT's HashSigner samples embed), base64.
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tinhso.simulators.models import SmartCATransaction
from tinhso.simulators.smartca import keyring

WAITING_MESSAGE = "sig_wait_for_user_confirm"
REFUSED_MESSAGE = "sig_rejected_by_user"
EXPIRED_MESSAGE = "sig_transaction_expired"
Answer = tuple[int, dict[str, Any]]


def _error(status: int, message: str) -> Answer:
    return status, {"status_code": status, "message": message, "data": None}


def _credentials_ok(body: dict[str, Any]) -> bool:
    expected_id, expected_password = keyring.sp_credentials()
    return bool(
        expected_id
        and secrets.compare_digest(str(body.get("sp_id", "")), expected_id)
        and secrets.compare_digest(str(body.get("sp_password", "")), expected_password)
    )


def _parse(raw: bytes) -> dict[str, Any] | None:
    try:
        body = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        return None
    return body if isinstance(body, dict) else None


def get_certificate(raw: bytes) -> Answer:
    body = _parse(raw)
    if body is None or not body.get("user_id"):
        return _error(400, "BAD_REQUEST")
    if not _credentials_ok(body):
        return _error(401, "SP_CREDENTIAL_INVALID")
    serial = str(body.get("serial_number") or "").lower()
    items = [
        item.answer()
        for item in keyring.holdings(str(body["user_id"]))
        if not serial or item.serial == serial
    ]
    return 200, {
        "status_code": 200,
        "message": "Success",
        "data": {"user_certificates": items, "transaction_id": body.get("transaction_id")},
    }


def _valid_files(files: Any) -> list[dict[str, str]] | None:
    if not isinstance(files, list) or not 1 <= len(files) <= 20:
        return None
    clean = []
    for item in files:
        if not isinstance(item, dict) or item.get("sign_type") != "hash":
            return None
        try:
            digest = binascii.unhexlify(str(item.get("data_to_be_signed", "")).strip())
        except (binascii.Error, ValueError):
            return None
        if len(digest) != 32 or not item.get("doc_id"):
            return None
        clean.append(
            {
                "doc_id": str(item["doc_id"])[:100],
                "file_type": str(item.get("file_type", "pdf"))[:20],
                "data_to_be_signed": digest.hex(),
            }
        )
    return clean


def sign(raw: bytes) -> Answer:
    body = _parse(raw)
    if body is None:
        return _error(400, "BAD_REQUEST")
    if not _credentials_ok(body):
        return _error(401, "SP_CREDENTIAL_INVALID")
    files = _valid_files(body.get("sign_files"))
    transaction_id = str(body.get("transaction_id") or "")[:100]
    if files is None or not transaction_id or not body.get("user_id"):
        return _error(400, "BAD_REQUEST")
    serial = str(body.get("serial_number") or "").lower()
    held = [h for h in keyring.holdings(str(body["user_id"])) if h.serial == serial]
    if not held:
        return _error(400, "BAD_REQUEST")
    if not held[0].usable:
        return _error(403, "CREDENTIAL_STATUS_INVALID")
    if SmartCATransaction.objects.filter(transaction_id=transaction_id).exists():
        return _error(400, "BAD_REQUEST")
    record = SmartCATransaction.objects.create(
        transaction_id=transaction_id,
        tran_code=str(uuid.uuid4()),
        user_id=str(body["user_id"])[:40],
        serial_number=serial,
        description=str(body.get("transaction_desc") or "")[:500],
        files=files,
        expires_at=timezone.now() + timedelta(seconds=settings.SMARTCA_SIMULATOR_CONFIRM_SECONDS),
    )
    return 200, {
        "status_code": 200,
        "message": WAITING_MESSAGE,
        "data": {"transaction_id": record.transaction_id, "tran_code": record.tran_code},
    }


def _expire_if_due(record: SmartCATransaction) -> None:
    if record.status == SmartCATransaction.WAITING and timezone.now() >= record.expires_at:
        record.status = SmartCATransaction.EXPIRED
        record.decided_at = timezone.now()
        record.save(update_fields=["status", "decided_at"])


def status(transaction_id: str) -> Answer:
    record = SmartCATransaction.objects.filter(transaction_id=transaction_id).first()
    if record is None:
        return _error(400, "BAD_REQUEST")
    _expire_if_due(record)
    message = {
        SmartCATransaction.WAITING: WAITING_MESSAGE,
        SmartCATransaction.CONFIRMED: "SUCCESS",
        SmartCATransaction.REFUSED: REFUSED_MESSAGE,
        SmartCATransaction.EXPIRED: EXPIRED_MESSAGE,
    }[record.status]
    signatures = record.signatures if record.status == SmartCATransaction.CONFIRMED else None
    return 200, {
        "status_code": 200,
        "message": message,
        "data": {"transaction_id": record.transaction_id, "signatures": signatures},
    }


class DecisionError(Exception):
    """Why the simulated user cannot decide on this transaction (Vietnamese)."""


def decide(transaction_id: str, decision: str) -> SmartCATransaction:
    """The simulated user's answer on the phone: "confirm", "refuse" or "expire" (the test hook
    and the page's buttons). Confirming signs every digest with the subscriber's key."""
    with transaction.atomic():
        record = (
            SmartCATransaction.objects.select_for_update()
            .filter(transaction_id=transaction_id)
            .first()
        )
        if record is None:
            raise DecisionError("Không có giao dịch này.")
        _expire_if_due(record)
        if record.status != SmartCATransaction.WAITING:
            raise DecisionError(f"Giao dịch đã kết thúc: {record.get_status_display()}.")
        if decision == "confirm":
            key = keyring.signing_key(record.user_id, record.serial_number)
            if key is None:
                raise DecisionError("Thuê bao không còn giữ khóa của chứng thư này.")
            record.signatures = [
                {
                    "doc_id": item["doc_id"],
                    "signature_value": base64.b64encode(
                        keyring.sign_digest(key, bytes.fromhex(item["data_to_be_signed"]))
                    ).decode(),
                    "timestamp_signature": None,
                }
                for item in record.files
            ]
            record.status = SmartCATransaction.CONFIRMED
        elif decision == "refuse":
            record.status = SmartCATransaction.REFUSED
        elif decision == "expire":
            record.status = SmartCATransaction.EXPIRED
        else:
            raise DecisionError("Lựa chọn không hợp lệ.")
        record.decided_at = timezone.now()
        record.save()
    return record


def webhook_body(record: SmartCATransaction) -> dict[str, Any]:
    """What the simulated CA posts to the SP once the user has decided (§3.5 of the document)."""
    sp_id, _password = keyring.sp_credentials()
    _code, answer = status(record.transaction_id)
    return {
        "sp_id": sp_id,
        "status_code": 200,
        "message": answer["message"],
        "transaction_id": record.transaction_id,
        "signed_files": record.signatures if record.status == SmartCATransaction.CONFIRMED else [],
    }
