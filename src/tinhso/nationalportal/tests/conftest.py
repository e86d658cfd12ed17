"""A province with the dossier tests' cast and procedures, and a signed national-portal request.

Signing here is written out by hand (not through tinhso.nationalportal.signing), as the
portal would do it from docs/national-portal.md.
"""

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

import pytest

from tinhso.dossiers.tests.conftest import cast, new_dossier, procedures  # noqa: F401 (fixtures)

INBOUND_SECRET = "khoa-bi-mat-chieu-den-cho-kiem-thu"
STATUS_SECRET = "khoa-bi-mat-chieu-di-cho-kiem-thu"
URL = "/api/v1/national-portal/dossiers"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _portal_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # received files go here, not into var/
    settings.NATIONAL_PORTAL_INBOUND_SECRET = INBOUND_SECRET
    settings.NATIONAL_PORTAL_STATUS_SECRET = STATUS_SECRET
    settings.NATIONAL_PORTAL_REPLAY_WINDOW = 300
    settings.NATIONAL_PORTAL_RETRY_BASE = 60
    settings.NATIONAL_PORTAL_MAX_ATTEMPTS = 8
    settings.NATIONAL_PORTAL_TIMEOUT = 5
    # Nothing listens here unless a test points it at the live server's simulator.
    settings.NATIONAL_PORTAL_STATUS_URL = "http://127.0.0.1:9/khong-co-ai-nghe/"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def sign(body: bytes, *, secret: str = INBOUND_SECRET, at: float | None = None) -> dict:
    ts = str(int(time.time() if at is None else at))
    mac = hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
    return {"X-Timestamp": ts, "X-Signature": f"sha256={mac}"}


@pytest.fixture
def payload(procedures) -> Callable[..., dict[str, Any]]:  # noqa: F811
    """A valid LLTP dossier filed at Sở Tư pháp; keyword arguments replace top-level keys."""

    def build(**overrides: Any) -> dict[str, Any]:
        data: dict[str, Any] = {
            "external_id": "G22.99-261120-000123",
            "procedure_code": "1.001232",
            "receiving_agency": "000.00.12.H53",
            "submitted_at": "2026-01-05T08:15:00+07:00",
            "applicant": {
                "name": "Nguyễn Thị Ánh",
                "cccd": "072190001234",
                "phone": "0912345678",
                "email": "anh@example.vn",
                "address": "12 Trần Hưng Đạo, phường Tân Ninh",
                "identity_account_id": "",
            },
            "delivery_mode": "postal",
            "postal_address": "12 Trần Hưng Đạo, phường Tân Ninh",
            "eform": {"ho_ten": "Nguyễn Thị Ánh", "muc_dich": "Xin việc", "so_ban": 2},
            "components": [
                {
                    "order": 1,
                    "name": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
                    "files": [{"name": "to-khai.pdf", "content_base64": b64(PDF)}],
                }
            ],
            "fees": [
                {
                    "name": "Phí cung cấp thông tin lý lịch tư pháp",
                    "amount": 200000,
                    "transaction_id": "PAYGOV-0001",
                    "paid_at": "2026-01-05T08:14:00+07:00",
                }
            ],
        }
        data.update(overrides)
        return data

    return build


@pytest.fixture
def post(client):
    """POST a signed body to the intake API with the test client; returns the response."""

    def send(data: dict[str, Any] | bytes, *, headers: dict | None = None, **signing: Any):
        body = data if isinstance(data, bytes) else json.dumps(data).encode()
        return client.post(
            URL,
            data=body,
            content_type="application/json",
            headers=sign(body, **signing) if headers is None else headers,
        )

    return send
