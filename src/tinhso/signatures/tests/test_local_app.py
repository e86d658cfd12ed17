"""The local signing app (Ban Cơ yếu "VGCA Sign Service"): our server side of its protocol,
played end to end by the simulator (tinhso.simulators.vgca_app) through the real URLs."""

from __future__ import annotations

import inspect
import json
from datetime import timedelta
from io import BytesIO
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tinhso.accounts.services import staff_create
from tinhso.signatures import democa, services
from tinhso.signatures.models import (
    CertificateKind,
    SessionStatus,
    SignatureEvidence,
    SigningCertificate,
    SigningSession,
    TrustAnchor,
)
from tinhso.signatures.pki import describe
from tinhso.signatures.providers.base import FIELD_PERSON, SignRequest
from tinhso.signatures.providers.local_app import (
    LocalAppProvider,
    handed_document,
    page_path,
)
from tinhso.simulators.vgca_app import DjangoClientTransport, run_app, sign_pdf

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-thu-2026"


def issued_pdf(text: bytes = b"QUYET DINH so 12/QD-UBND") -> bytes:
    """A one-page document with the empty fields Phụ lục I places (person, then seal)."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter
    from pyhanko.sign import fields

    writer = PdfFileWriter()
    content = generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 720 Td (" + text + b") Tj ET")
    writer.insert_page(
        PageObject(
            contents=writer.add_object(content),
            media_box=generic.ArrayObject(map(generic.NumberObject, [0, 0, 595, 842])),
        )
    )
    fields.append_signature_field(
        writer, fields.SigFieldSpec("ChuKyLanhDao", box=(330, 150, 520, 230))
    )
    fields.append_signature_field(
        writer, fields.SigFieldSpec("ChuKyCoQuan", box=(270, 150, 400, 260))
    )
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def ca(tmp_path: Any, settings: Any) -> democa.DemoCA:
    settings.SIGNATURES_DEMO_DIR = tmp_path / "pki"
    authority = democa.DemoCA(tmp_path / "pki", reuse_keys=True).ensure()
    root = describe(authority.root().der)
    TrustAnchor.objects.create(name="Gốc minh họa", der=root.der, sha256=root.sha256, is_demo=True)
    return authority


def _officer(ca: democa.DemoCA, username: str, name: str) -> SimpleNamespace:
    user = staff_create(username=username, full_name=name, password=PASSWORD)
    info = describe(ca.issue(username, name).der)
    cert = SigningCertificate.objects.create(
        kind=CertificateKind.PERSON,
        user=user,
        subject=info.subject,
        issuer=info.issuer,
        serial=info.serial,
        not_before=info.not_before,
        not_after=info.not_after,
        der=info.der,
        sha256=info.sha256,
        key_reference=username,
        is_demo=True,
    )
    web = Client()
    web.force_login(user)
    return SimpleNamespace(user=user, cert=cert, signer=ca.simple_signer(username), web=web)


@pytest.fixture
def leader(ca: democa.DemoCA) -> SimpleNamespace:
    return _officer(ca, "lanhdao.thu", "Nguyễn Văn Lãnh Đạo")


@pytest.fixture
def other(ca: democa.DemoCA) -> SimpleNamespace:
    return _officer(ca, "canbo.khac", "Trần Thị Cán Bộ")


@pytest.fixture(autouse=True)
def finished(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bytes]]:
    """services.signing_finished's calls. While it is still sigcore's skeleton, a stand-in
    records them; once the real one is in, it runs (and the list stays empty)."""
    calls: list[tuple[str, bytes]] = []
    if "NotImplementedError" in inspect.getsource(services.signing_finished):

        def fake(session: SigningSession, signed_pdf: bytes) -> Any:
            calls.append((session.pk, signed_pdf))
            return SimpleNamespace(code="MA-THU")

        monkeypatch.setattr(services, "signing_finished", fake)
    return calls


def _start(officer: SimpleNamespace, pdf: bytes) -> SigningSession:
    outcome = LocalAppProvider().start(
        SignRequest(
            pdf=pdf,
            field_name=FIELD_PERSON,
            signer_id=officer.user.pk,
            certificate_id=officer.cert.pk,
            reason="Phê duyệt",
        )
    )
    assert outcome.status == "pending", outcome.message
    return SigningSession.objects.get(pk=outcome.session_id)


def _parameters(officer: SimpleNamespace, session: SigningSession) -> dict[str, Any]:
    """What the officer's page hands vgcaplugin.js."""
    response = officer.web.get(reverse("signatures_local_app:page", args=[session.pk]))
    assert response.status_code == 200
    call = response.context["call"]
    assert call["function"] == "vgca_sign_approved"
    return dict(call["parameters"])


def test_happy_path_the_app_signs_and_the_document_is_kept(
    leader: SimpleNamespace, finished: list[tuple[str, bytes]]
) -> None:
    pdf = issued_pdf()
    session = _start(leader, pdf)
    parameters = _parameters(leader, session)

    run = run_app(parameters, leader.signer, DjangoClientTransport())

    assert run.http_status == 200
    assert run.callback["Status"] == 0, run.callback
    session.refresh_from_db()
    assert session.status == SessionStatus.SIGNED
    signed = bytes(session.result_pdf or b"")
    assert signed.startswith(pdf) and len(signed) > len(pdf)
    assert session.token_hash == ""  # the token is spent
    if finished:  # the stand-in: signing_finished got exactly the uploaded document
        assert finished == [(session.pk, signed)]
    else:  # the real one kept the evidence, whose code the app was told
        evidence = SignatureEvidence.objects.get(session=session)
        assert bytes(evidence.signed_pdf or b"") == signed
        assert run.callback["FileServer"] == evidence.code
        assert evidence.revocation_data["embedded"] is True  # we added the DSS (PAdES B-LT)
        assert evidence.validation["signatures"][0]["ltv"] is True
    page = leader.web.get(reverse("signatures_local_app:page", args=[session.pk]))
    assert "Đã ký" in page.content.decode()


def test_the_app_downloads_exactly_the_issued_pdf(leader: SimpleNamespace) -> None:
    pdf = issued_pdf()
    session = _start(leader, pdf)
    parameters = _parameters(leader, session)
    status, body = DjangoClientTransport().get(parameters["FileName"], {})
    assert (status, body) == (200, handed_document(session))
    assert body.startswith(pdf)  # the issued bytes, plus at most the field and the QR


def test_another_file_returned_is_refused(
    leader: SimpleNamespace, finished: list[tuple[str, bytes]]
) -> None:
    session = _start(leader, issued_pdf())
    parameters = _parameters(leader, session)
    other_document = sign_pdf(issued_pdf(b"VAN BAN KHAC"), leader.signer, field_name="ChuKyLanhDao")

    run = run_app(parameters, leader.signer, tamper=lambda _signed: other_document)

    assert run.http_status == 422
    assert run.callback["Status"] != 0
    assert "không phải văn bản đã giao để ký" in run.callback["Message"]
    session.refresh_from_db()
    assert session.status == SessionStatus.REFUSED and not session.result_pdf
    assert finished == []


def test_content_changed_before_signing_is_refused(leader: SimpleNamespace) -> None:
    """Issued bytes kept as a prefix, but the update rewrites the page's text, then signs."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    session = _start(leader, issued_pdf())
    writer = IncrementalPdfFileWriter(BytesIO(handed_document(session)))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Contents"] = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 720 Td (DA SUA) Tj ET")
    )
    writer.update_container(page)
    changed = BytesIO()
    writer.write(changed)
    forged = sign_pdf(changed.getvalue(), leader.signer, field_name="ChuKyLanhDao")

    run = run_app(_parameters(leader, session), leader.signer, tamper=lambda _s: forged)

    assert run.callback["Status"] != 0
    assert "sửa nội dung" in run.callback["Message"]


def test_two_new_signatures_are_refused(leader: SimpleNamespace, other: SimpleNamespace) -> None:
    session = _start(leader, issued_pdf())
    run = run_app(
        _parameters(leader, session),
        leader.signer,
        tamper=lambda signed: sign_pdf(signed, other.signer, field_name="ChuKyCoQuan"),
    )
    assert run.callback["Status"] != 0
    assert "2 chữ ký số mới" in run.callback["Message"]
    assert SigningSession.objects.get(pk=session.pk).status == SessionStatus.REFUSED


def test_certificate_of_another_officer_is_refused(
    leader: SimpleNamespace, other: SimpleNamespace, finished: list[tuple[str, bytes]]
) -> None:
    session = _start(leader, issued_pdf())
    run = run_app(_parameters(leader, session), other.signer)  # the other officer's token
    assert run.http_status == 422
    assert "chứng thư số khác" in run.callback["Message"]
    assert "Trần Thị Cán Bộ" in run.callback["Message"]
    assert SigningSession.objects.get(pk=session.pk).status == SessionStatus.REFUSED
    assert finished == []


def test_wrong_token_changes_nothing(leader: SimpleNamespace) -> None:
    session = _start(leader, issued_pdf())
    parameters = _parameters(leader, session)
    good = parameters["JWTToken"]
    forged = {
        **parameters,
        "JWTToken": "doan-bua",
        "FileName": parameters["FileName"].replace(good, "doan-bua"),
        "FileUploadHandler": parameters["FileUploadHandler"].replace(good, "doan-bua"),
    }
    run = run_app(forged, leader.signer)
    assert run.callback["Status"] == 2 and "không hợp lệ" in run.callback["Message"]
    # the upload handler itself, with a signed file but no valid token: 403, session open
    signed = sign_pdf(issued_pdf(), leader.signer, field_name="ChuKyLanhDao")
    status, body = DjangoClientTransport().post_file(
        forged["FileUploadHandler"], "x.pdf", signed, {"Authorization": "Bearer doan-bua"}
    )
    assert status == 403 and json.loads(body)["Status"] == 2
    session.refresh_from_db()
    assert session.status == SessionStatus.PENDING and session.token_hash
    assert run_app(parameters, leader.signer).callback["Status"] == 0  # the real token still works


def test_expired_session_is_refused(leader: SimpleNamespace) -> None:
    session = _start(leader, issued_pdf())
    parameters = _parameters(leader, session)
    SigningSession.objects.filter(pk=session.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    status, body = DjangoClientTransport().get(parameters["FileName"], {})
    assert status == 410 and "hết hạn" in json.loads(body)["Message"]
    signed = sign_pdf(issued_pdf(), leader.signer, field_name="ChuKyLanhDao")
    status, body = DjangoClientTransport().post_file(
        parameters["FileUploadHandler"], "x.pdf", signed, {}
    )
    assert status == 410 and json.loads(body)["Status"] != 0
    assert SigningSession.objects.get(pk=session.pk).status == SessionStatus.EXPIRED


def test_replayed_upload_is_refused(leader: SimpleNamespace) -> None:
    session = _start(leader, issued_pdf())
    parameters = _parameters(leader, session)
    uploads: list[bytes] = []

    def keep(signed: bytes) -> bytes:
        uploads.append(signed)
        return signed

    assert run_app(parameters, leader.signer, tamper=keep).callback["Status"] == 0
    status, body = DjangoClientTransport().post_file(
        parameters["FileUploadHandler"], "lai.pdf", uploads[0], {}
    )
    assert status in (403, 409) and json.loads(body)["Status"] != 0
    session.refresh_from_db()
    assert session.status == SessionStatus.SIGNED
    assert bytes(session.result_pdf or b"").startswith(uploads[0])  # + the DSS (PAdES B-LT)


def test_not_a_pdf_and_no_file_are_refused_without_error(leader: SimpleNamespace) -> None:
    session = _start(leader, issued_pdf())
    parameters = _parameters(leader, session)
    status, body = DjangoClientTransport().post_file(
        parameters["FileUploadHandler"], "x.pdf", b"GIF89a khong phai pdf", {}
    )
    assert status == 422 and json.loads(body)["Status"] == 1


def test_the_page_is_the_signers_only(leader: SimpleNamespace, other: SimpleNamespace) -> None:
    session = _start(leader, issued_pdf())
    url = reverse("signatures_local_app:page", args=[session.pk])
    assert other.web.get(url).status_code == 404
    assert Client().get(url).status_code == 302
    SigningSession.objects.filter(pk=session.pk).update(token_hash="")
    other.web.get(url)
    assert SigningSession.objects.get(pk=session.pk).token_hash == ""  # no token minted


def test_start_refuses_a_certificate_not_bound_to_the_signer(
    leader: SimpleNamespace, other: SimpleNamespace
) -> None:
    outcome = LocalAppProvider().start(
        SignRequest(
            pdf=issued_pdf(),
            field_name=FIELD_PERSON,
            signer_id=leader.user.pk,
            certificate_id=other.cert.pk,
        )
    )
    assert outcome.status == "refused" and "không được đăng ký" in outcome.message


def test_second_session_on_the_same_document_is_refused(leader: SimpleNamespace) -> None:
    pdf = issued_pdf()
    _start(leader, pdf)
    again = LocalAppProvider().start(
        SignRequest(
            pdf=pdf,
            field_name=FIELD_PERSON,
            signer_id=leader.user.pk,
            certificate_id=leader.cert.pk,
        )
    )
    assert again.status == "refused" and "phiên khác" in again.message


def test_an_expired_session_does_not_block_the_document(leader: SimpleNamespace) -> None:
    pdf = issued_pdf()
    first = _start(leader, pdf)
    SigningSession.objects.filter(pk=first.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    second = _start(leader, pdf)
    assert second.pk != first.pk
    assert SigningSession.objects.get(pk=first.pk).status == SessionStatus.EXPIRED


def test_demo_button_signs_with_the_officers_demo_key(
    leader: SimpleNamespace, settings: Any
) -> None:
    """The demo runs on 127.0.0.1 (ALLOWED_HOSTS without "testserver"): the simulator calls
    the URLs the page gave it, on that host."""
    settings.SIMULATORS_ENABLED = True
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    session = _start(leader, issued_pdf())
    host = {"HTTP_HOST": "127.0.0.1:8000"}
    page = leader.web.get(reverse("signatures_local_app:page", args=[session.pk]), **host)
    assert "Ký bằng phần mềm mô phỏng" in page.content.decode()
    assert "Chữ ký số của người có thẩm quyền" in page.content.decode()
    response = leader.web.post(
        reverse("simulators:vgca_app", args=[session.pk]),
        {"params": page.context["params_json"]},
        **host,
    )
    assert response.status_code == 302
    assert response["Location"] == page_path(session.pk)
    assert SigningSession.objects.get(pk=session.pk).status == SessionStatus.SIGNED


def test_oversized_upload_is_refused_unread(
    leader: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tinhso.signatures import local_app_views

    monkeypatch.setattr(local_app_views, "MAX_RETURNED_BYTES", 1000)
    session = _start(leader, issued_pdf())
    parameters = _parameters(leader, session)
    status, body = DjangoClientTransport().post_file(
        parameters["FileUploadHandler"], "to.pdf", b"%PDF-1.7\n" + b"0" * 5000, {}
    )
    assert status == 413 and "quá lớn" in json.loads(body)["Message"]
    assert SigningSession.objects.get(pk=session.pk).status == SessionStatus.REFUSED
