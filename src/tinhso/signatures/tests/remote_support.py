"""Fixtures for remote signing: a demo CA in a temporary directory, an officer with a registered
certificate, and HTTP calls to the simulator (and back to our webhook) routed through Django's
test client instead of the network."""

from __future__ import annotations

import io
import json as jsonlib
from typing import Any

import pytest
from django.test import Client

from tinhso.accounts.services import staff_create
from tinhso.signatures.certificates import add_trust_anchor, register_certificate
from tinhso.signatures.democa import ROOT_NAME, DemoCA
from tinhso.signatures.models import CertificateKind, SigningCertificate
from tinhso.signatures.providers.base import FIELD_PERSON, SignRequest

BASE = "http://testserver"
PASSWORD = "Mat-khau-rat-dai-2026!"


class _Response:
    def __init__(self, response: Any) -> None:
        self.status_code = response.status_code
        self._content = response.content

    def json(self) -> Any:
        return jsonlib.loads(self._content)


@pytest.fixture
def wire(monkeypatch, settings):
    """requests.post → the test client; returns the list of (path, body) sent."""
    settings.SMARTCA_BASE_URL = f"{BASE}/mo-phong/smartca/sca/sp769"
    settings.SMARTCA_SIMULATOR_WEBHOOK_URL = "-"
    sent: list[tuple[str, bytes]] = []
    client = Client()

    def post(
        url: str, json: Any = None, data: Any = None, headers: Any = None, timeout: Any = None
    ):
        path = url.removeprefix(BASE)
        body = jsonlib.dumps(json).encode() if json is not None else data
        sent.append((path, body))
        extra = {k: v for k, v in (headers or {}).items() if k.lower() != "content-type"}
        return _Response(
            client.post(path, data=body, content_type="application/json", headers=extra)
        )

    monkeypatch.setattr("requests.post", post)
    return sent


@pytest.fixture
def demo(db, settings, tmp_path):
    """A demo CA of this test's own (revocations stay in it), its root on the trust list."""
    settings.SIGNATURES_DEMO_DIR = tmp_path / "demo-ca"
    settings.SIGNATURE_TSA_URL = ""
    ca = DemoCA(settings.SIGNATURES_DEMO_DIR, reuse_keys=True).ensure()
    add_trust_anchor(ca.root().der, name=ROOT_NAME, is_demo=True)
    return ca


def register(demo: DemoCA, name: str, user: Any) -> SigningCertificate:
    issued = demo.issue(name, f"{user.full_name} (minh họa)")
    return register_certificate(issued.der, kind=CertificateKind.PERSON, user=user)


@pytest.fixture
def leader(db):
    return staff_create(username="lanhdao.xa", full_name="Trần Văn Lãnh", password=PASSWORD)


@pytest.fixture
def leader_cert(demo, leader):
    return register(demo, "lanhdao-xa", leader)


@pytest.fixture(scope="session")
def issued_pdf() -> bytes:
    import weasyprint

    html = "<h1>QUYẾT ĐỊNH</h1><p>Về việc cấp giấy phép xây dựng – văn bản thử.</p>"
    out = io.BytesIO(weasyprint.HTML(string=html).write_pdf())
    return out.getvalue()


def sign_request(pdf: bytes, user: Any, certificate: SigningCertificate) -> SignRequest:
    return SignRequest(
        pdf=pdf,
        field_name=FIELD_PERSON,
        signer_id=user.pk,
        certificate_id=certificate.pk,
        reason="Phê duyệt kết quả",
        location="Tây Ninh",
    )
