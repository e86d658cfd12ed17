"""A demo PKI for the signature tests: built once per session in a tmp dir (keys reused)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tinhso.signatures.providers.base import SignRequest

PW = "Mật-khẩu-Mạnh-2026"


@dataclass
class Pki:
    ca: Any
    leader: Any
    clerk: Any
    outsider: Any
    person_cert: Any
    seal_cert: Any
    agency: Any


def make_pdf(title: str = "QUYẾT ĐỊNH") -> bytes:
    import weasyprint

    html = (
        "<html><body style='font-family: Tinos, serif'>"
        f"<h1>{title}</h1><p>Về việc cấp giấy phép xây dựng — văn bản thử nghiệm.</p>"
        "</body></html>"
    )
    return bytes(weasyprint.HTML(string=html).write_pdf())


@pytest.fixture(scope="session")
def issued_pdf() -> bytes:
    return make_pdf()


@pytest.fixture
def pki(db, settings, province) -> Pki:
    from tinhso.accounts import services as accounts
    from tinhso.signatures.certificates import add_trust_anchor, register_certificate
    from tinhso.signatures.democa import ROOT_NAME, DemoCA

    settings.SIGNATURE_TSA_URL = ""
    ca = DemoCA(settings.SIGNATURES_DEMO_DIR, reuse_keys=True).ensure()
    add_trust_anchor(ca.root().der, name=ROOT_NAME, is_demo=True)
    agency = province["x1"]
    leader = accounts.staff_create(username="chutich", full_name="Lý Văn Chủ", password=PW)
    accounts.role_grant(user=leader, agency=agency, role="agency_leader", position="Chủ tịch")
    clerk = accounts.staff_create(username="vanthu", full_name="Đặng Thị Thư", password=PW)
    accounts.role_grant(user=clerk, agency=agency, role="clerk")
    outsider = accounts.staff_create(username="nguoingoai", full_name="Người Ngoài", password=PW)
    accounts.role_grant(user=outsider, agency=province["x2"], role="clerk")
    p = ca.issue("t-leader", "Lý Văn Chủ")
    s = ca.issue("t-seal", "UBND phường Tân Ninh")
    person_cert = register_certificate(p.der, kind="person", user=leader, key_reference="t-leader")
    seal_cert = register_certificate(s.der, kind="seal", agency=agency, key_reference="t-seal")
    return Pki(ca, leader, clerk, outsider, person_cert, seal_cert, agency)


class DemoKeyProvider:
    """A synchronous provider signing with the demo CA's in-memory keys (any signer)."""

    name = "demo_key"
    label = "Khóa minh họa (kiểm thử)"
    ca: Any = None
    key_name = ""

    def start(self, request: SignRequest) -> Any:
        from tinhso.signatures import signing
        from tinhso.signatures.models import SigningCertificate
        from tinhso.signatures.providers.base import SignOutcome

        cert = SigningCertificate.objects.get(pk=request.certificate_id)
        pdf, _ = signing.sign_with(
            request, self.ca.simple_signer(self.key_name or cert.key_reference)
        )
        return SignOutcome(status="signed", pdf=pdf)


@pytest.fixture
def demo_provider(settings, pki, monkeypatch):
    """Register DemoKeyProvider as "demo_key" (settings and the registry)."""
    from tinhso.signatures import providers

    DemoKeyProvider.ca = pki.ca
    DemoKeyProvider.key_name = ""
    monkeypatch.setitem(providers.PROVIDERS, "demo_key", f"{__name__}.DemoKeyProvider")
    settings.SIGNING_PROVIDERS = [*settings.SIGNING_PROVIDERS, "demo_key"]
    return DemoKeyProvider


def person_request(pki: Pki, pdf: bytes, **kw: Any) -> SignRequest:
    from tinhso.signatures.appearance import Appearance

    return SignRequest(
        pdf=pdf,
        field_name="ChuKyLanhDao",
        signer_id=kw.pop("signer_id", pki.leader.pk),
        certificate_id=kw.pop("certificate_id", pki.person_cert.pk),
        reason="Ký ban hành",
        appearance=Appearance(image=pki.ca.signature_png("t-leader", "Lý Văn Chủ")),
        **kw,
    )


def seal_request(pki: Pki, pdf: bytes, **kw: Any) -> SignRequest:
    from tinhso.signatures.appearance import Appearance

    return SignRequest(
        pdf=pdf,
        field_name="ChuKyCoQuan",
        signer_id=kw.pop("signer_id", pki.clerk.pk),
        certificate_id=kw.pop("certificate_id", pki.seal_cert.pk),
        appearance=Appearance(image=pki.ca.seal_png("t-seal", "UBND phường Tân Ninh")),
        **kw,
    )
