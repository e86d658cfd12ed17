"""Issue 13 item 5: an electronic result is returned only once the competent leader signed it and
the agency sealed it, in that order, both still valid; the citizen gets the signed file."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tinhso.audit.models import AuditEvent
from tinhso.documentstore.selectors import papers_of
from tinhso.dossiers import result_signing, services
from tinhso.dossiers.constants import Action, FileKind, Status
from tinhso.dossiers.workflow import TransitionError
from tinhso.mydossiers import selectors as mydossiers
from tinhso.signatures import validation
from tinhso.signatures.certificates import register_certificate
from tinhso.signatures.tests.conftest import (  # noqa: F401  (fixture)
    demo_provider,
    make_pdf,
    pki,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def result_pdf() -> bytes:
    return make_pdf("PHIẾU LÝ LỊCH TƯ PHÁP SỐ 1")


@pytest.fixture
def signing(settings, pki, demo_provider, cast, province) -> Any:  # noqa: F811
    """Certificates of Sở Tư pháp's leader and seal; both signers are the demo-key provider."""
    settings.RESULT_SIGNING_PROVIDER = "demo_key"
    settings.RESULT_SEAL_PROVIDER = "demo_key"
    person = pki.ca.issue("t-stp-leader", "Phạm Văn Ba")
    seal = pki.ca.issue("t-stp-seal", "Sở Tư pháp")
    register_certificate(person.der, kind="person", user=cast.leader, key_reference="t-stp-leader")
    register_certificate(seal.der, kind="seal", agency=province["stp"], key_reference="t-stp-seal")
    return pki


@pytest.fixture
def ready(received, cast, result_pdf):
    """An LLTP dossier waiting for its return, its result a real (unsigned) PDF."""
    d = services.dossier_act(received, Action.FORWARD, actor=cast.specialist, note="Đủ")
    upload = SimpleUploadedFile("phieu-lltp.pdf", result_pdf, content_type="application/pdf")
    return services.dossier_act(
        d,
        Action.APPROVE,
        actor=cast.leader,
        note="Đồng ý",
        files=[services.NewFile(upload, None, FileKind.RESULT)],
    )


def _return(d, cast):
    return services.dossier_act(d, Action.RETURN_RESULT, actor=cast.reception)


def _current_bytes(d) -> bytes:
    current = result_signing.current_result(d)
    assert current is not None
    with current.file.open("rb") as fh:
        return bytes(fh.read())


def test_return_refused_without_signatures(ready, cast, signing):
    with pytest.raises(TransitionError) as exc:
        _return(ready, cast)
    assert str(exc.value) == result_signing.GUARD_MESSAGE
    ready.refresh_from_db()
    assert ready.status == Status.RESULT_READY


def test_return_refused_with_only_the_leaders_signature(ready, cast, signing):
    status, _ = result_signing.start_leader_signing(ready, cast.leader)
    assert status == "signed"
    assert ready.files.filter(kind=FileKind.RESULT).count() == 2  # the original is kept
    state = result_signing.result_state(ready)
    assert (state.person, state.seal) == (validation.VALID, "")
    with pytest.raises(TransitionError):
        _return(ready, cast)


def test_the_seal_before_the_leader_is_refused(ready, cast, signing):
    with pytest.raises(result_signing.SigningError) as exc:
        result_signing.seal_result(ready, cast.reception)
    assert "người có thẩm quyền" in str(exc.value)


def test_only_the_leader_signs_and_only_the_one_stop_seals(ready, cast, signing):
    with pytest.raises(result_signing.SigningError):
        result_signing.start_leader_signing(ready, cast.reception)
    result_signing.start_leader_signing(ready, cast.leader)
    with pytest.raises(result_signing.SigningError):
        result_signing.seal_result(ready, cast.leader)


def test_both_in_order_then_returned_and_the_citizen_gets_the_signed_file(ready, cast, signing):
    original = _current_bytes(ready)
    result_signing.start_leader_signing(ready, cast.leader)
    result_signing.seal_result(ready, cast.reception)
    signed = _current_bytes(ready)
    assert signed.startswith(original) and len(signed) > len(original)
    state = result_signing.result_state(ready)
    assert (state.person, state.seal, state.in_order) == (validation.VALID, validation.VALID, True)
    assert AuditEvent.objects.filter(action="dossier.result_signed").count() == 2

    returned = _return(ready, cast)
    assert returned.status == Status.RETURNED
    given = mydossiers.result_files(returned)
    assert len(given) == 1
    with given[0].file.open("rb") as fh:
        assert fh.read() == signed
    unsigned = returned.files.filter(kind=FileKind.RESULT).order_by("id").first()
    assert mydossiers.downloadable(returned, unsigned.pk) is None
    results = [p for p in papers_of(cast.citizen) if p.kind == "result"]
    assert len(results) == 1
    assert results[0].file.read() == signed
    report = validation.validate_pdf(results[0].file.open("rb").read())
    assert {s.field: s.verdict for s in report.signatures} == {
        "ChuKyLanhDao": validation.VALID,
        "ChuKyCoQuan": validation.VALID,
    }


def test_a_tampered_result_is_not_returned(ready, cast, signing):
    result_signing.start_leader_signing(ready, cast.leader)
    result_signing.seal_result(ready, cast.reception)
    current = result_signing.current_result(ready)
    data = bytearray(_current_bytes(ready))
    at = data.find(b"/Type /Page") if b"/Type /Page" in data else len(data) // 3
    data[at + 1] = ord("X") if data[at + 1] != ord("X") else ord("Y")
    storage = current.file.storage
    name = current.file.name
    storage.delete(name)
    storage.save(name, ContentFile(bytes(data)))
    assert result_signing.result_state(ready).problem
    with pytest.raises(TransitionError):
        _return(ready, cast)


def test_a_pdf_attached_at_the_return_is_refused(ready, cast, signing):
    result_signing.start_leader_signing(ready, cast.leader)
    result_signing.seal_result(ready, cast.reception)
    upload = SimpleUploadedFile("khac.pdf", make_pdf("KHÁC"), content_type="application/pdf")
    with pytest.raises(TransitionError):
        services.dossier_act(
            ready,
            Action.RETURN_RESULT,
            actor=cast.reception,
            files=[services.NewFile(upload, None, FileKind.RESULT)],
        )


def test_a_paper_only_result_is_returned_as_before(received, cast):
    d = services.dossier_act(received, Action.FORWARD, actor=cast.specialist, note="Đủ")
    d = services.dossier_act(d, Action.APPROVE, actor=cast.leader, note="Đồng ý")
    assert _return(d, cast).status == Status.RETURNED


def test_the_buttons_on_the_dossier_page(ready, cast, signing):
    page = reverse("dossiers:office_dossier", args=[ready.code])
    leader, reception = Client(), Client()
    leader.force_login(cast.leader)
    reception.force_login(cast.reception)
    assert "Ký số kết quả" in leader.get(page).content.decode()
    assert "Đóng dấu cơ quan" not in reception.get(page).content.decode()  # not yet signed
    answer = leader.post(reverse("dossiers:result_sign", args=[ready.code]))
    assert answer.status_code == 302
    assert "Đóng dấu cơ quan" in reception.get(page).content.decode()
    answer = reception.post(reverse("dossiers:result_seal", args=[ready.code]))
    assert answer.status_code == 302
    assert "có thể trả" in reception.get(page).content.decode()
    # A refusal is a message on the page, never a 500.
    again = reception.post(reverse("dossiers:result_seal", args=[ready.code]), follow=True)
    assert again.status_code == 200
    assert "Trả kết quả" in again.content.decode()


def test_a_second_page_load_does_not_validate_again(ready, cast, signing):
    """The verdicts are kept per file sha256: a reload reuses them, a new signed version (new
    bytes) is validated, and the return itself always validates afresh."""
    from unittest import mock

    page = reverse("dossiers:office_dossier", args=[ready.code])
    leader = Client()
    leader.force_login(cast.leader)
    with mock.patch.object(
        result_signing.validation, "validate_pdf", wraps=validation.validate_pdf
    ) as spy:
        assert "Ký số kết quả" in leader.get(page).content.decode()
        first = spy.call_count
        assert first >= 1
        assert "Ký số kết quả" in leader.get(page).content.decode()
        assert spy.call_count == first  # same bytes: not validated again
        leader.post(reverse("dossiers:result_sign", args=[ready.code]))
        before = spy.call_count
        leader.get(page)
        assert spy.call_count > before  # the signed version is new bytes: validated
        before = spy.call_count
        with pytest.raises(TransitionError):
            _return(ready, cast)  # not sealed yet: refused, after a fresh validation
        assert spy.call_count > before
