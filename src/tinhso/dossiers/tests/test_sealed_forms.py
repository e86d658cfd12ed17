"""Issue 13 item 5: the issued notices (Mẫu 01–05, refusal notices) can be sealed by the issuing
agency; the applicant then gets the sealed PDF, which verifies on the public page."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tinhso.audit.models import AuditEvent
from tinhso.dossiers import paperwork, sealed_forms
from tinhso.dossiers.models import SealedForm
from tinhso.dossiers.tests.test_result_signing import (  # noqa: F401  (fixtures)
    ready,
    result_pdf,
)
from tinhso.notifications import services as notifications
from tinhso.notifications.models import Attachment
from tinhso.signatures import validation
from tinhso.signatures.certificates import register_certificate
from tinhso.signatures.tests.conftest import (  # noqa: F401  (fixture)
    demo_provider,
    pki,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = "local"
    settings.SMS_OUTBOX = tmp_path / "sms.jsonl"


@pytest.fixture
def seal(settings, pki, demo_provider, province) -> Any:  # noqa: F811
    """Sở Tư pháp's seal (the agency that receives and decides the LLTP dossier)."""
    settings.RESULT_SEAL_PROVIDER = "demo_key"
    cert = pki.ca.issue("t-stp-seal", "Sở Tư pháp")
    return register_certificate(
        cert.der, kind="seal", agency=province["stp"], key_reference="t-stp-seal"
    )


def _web(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_one_stop_seals_the_receipt_and_the_applicant_gets_it_valid(received, cast, seal):
    live = paperwork.form_pdf(received, "01", personal=True)
    row = sealed_forms.seal_form(received, "01", cast.reception)
    assert AuditEvent.objects.filter(action="dossier.form_sealed").count() == 1

    citizen = _web(cast.citizen)
    answer = citizen.get(reverse("mydossiers:form", args=[received.code, "01"]))
    assert answer.status_code == 200
    given = b"".join(answer.streaming_content) if answer.streaming else answer.content
    with row.file.open("rb") as fh:
        assert given == fh.read()
    assert given != live
    report = validation.validate_pdf(given)
    assert [(s.field, s.verdict) for s in report.signatures] == [("ChuKyVanThu", validation.VALID)]
    page = Client().get(reverse("signatures:verify"), {"ma": row.evidence_code})
    assert page.status_code == 200
    assert "Hợp lệ" in page.content.decode()
    # staff keep the live print, without the seal
    staff = _web(cast.reception).get(reverse("dossiers:form_pdf", args=[received.code, "01"]))
    assert validation.validate_pdf(staff.content).signatures == []


def test_another_agency_or_another_role_cannot_seal(received, cast, seal):
    for user in (cast.other_leader, cast.specialist, cast.province_leader):
        with pytest.raises(sealed_forms.SealError) as exc:
            sealed_forms.seal_form(received, "01", user)
        assert "cơ quan ban hành" in str(exc.value)
    answer = _web(cast.specialist).post(
        reverse("dossiers:form_seal", args=[received.code, "01"]), follow=True
    )
    assert answer.status_code == 200
    assert "không được đóng dấu số" in answer.content.decode()
    for form in ("06", "05", "khong-co"):  # internal, not issued yet, unknown: a message
        answer = _web(cast.reception).post(
            reverse("dossiers:form_seal", args=[received.code, form]), follow=True
        )
        assert "không có biểu mẫu đó" in answer.content.decode()
    assert not SealedForm.objects.exists()


def test_sealing_twice_is_refused_cleanly(received, cast, seal):
    web = _web(cast.reception)
    url = reverse("dossiers:form_seal", args=[received.code, "01"])
    page = reverse("dossiers:office_dossier", args=[received.code])
    assert "Đóng dấu số</button>" in web.get(page).content.decode()
    assert web.post(url).status_code == 302
    assert "Đóng dấu số</button>" not in web.get(page).content.decode()
    again = web.post(url, follow=True)
    assert again.status_code == 200
    assert "đã được đóng dấu số" in again.content.decode()
    assert SealedForm.objects.count() == 1
    with pytest.raises(sealed_forms.SealError):
        sealed_forms.seal_form(received, "01", cast.reception)


def test_the_email_attachment_is_the_sealed_pdf(received, cast, seal):
    # The receipt's e-mail is queued at reception (sent after commit); sealed before it goes.
    attachment = Attachment.objects.get(filename=paperwork.form_filename(received, "01"))
    row = sealed_forms.seal_form(received, "01", cast.reception)
    assert notifications.deliver(attachment.notification)
    (message,) = [m for m in mail.outbox if m.attachments]
    ((_name, content, _kind),) = message.attachments
    with row.file.open("rb") as fh:
        assert content == fh.read()
    assert validation.validate_pdf(content).signatures[0].verdict == validation.VALID


def test_the_competent_agency_issues_the_decision_notices(received, cast):
    assert sealed_forms.issuing_agency(received, "01") == received.receiving_agency
    assert sealed_forms.issuing_agency(received, "05") == received.competent_agency
    assert sealed_forms.issuing_agency(received, "06") is None  # internal, never sealed


def test_a_form_issued_again_is_not_served_from_the_old_seal(received, cast, seal):
    from tinhso.dossiers import services
    from tinhso.dossiers.constants import Action

    def act(d, action, actor, note=""):
        return services.dossier_act(d, action, actor=actor, note=note)

    d = act(received, Action.REQUEST_SUPPLEMENT, cast.specialist, "Bổ sung bản chụp CCCD")
    first = sealed_forms.seal_form(d, "02", cast.reception)
    first_code = first.evidence_code
    assert paperwork.issued_form_pdf(d.pk, "02") == first.file.open("rb").read()
    d = act(d, Action.SUPPLEMENT_RECEIVED, cast.reception)
    d = act(d, Action.REQUEST_SUPPLEMENT, cast.specialist, "Bổ sung tờ khai")
    # the second request: the applicant gets the new request, not the first one sealed
    given = paperwork.issued_form_pdf(d.pk, "02")
    assert validation.validate_pdf(given).signatures == []
    again = sealed_forms.seal_form(d, "02", cast.reception)
    assert again.pk == first.pk and again.evidence_code != first_code
    assert paperwork.issued_form_pdf(d.pk, "02") == again.file.open("rb").read()


def test_the_signing_app_page_links_back_to_the_dossier(settings, ready, cast, pki):  # noqa: F811
    settings.RESULT_SIGNING_PROVIDER = "local_app"
    person = pki.ca.issue("t-stp-leader", "Phạm Văn Ba")
    register_certificate(person.der, kind="person", user=cast.leader, key_reference="t-stp-leader")
    web = _web(cast.leader)
    answer = web.post(reverse("dossiers:result_sign", args=[ready.code]))
    assert answer.status_code == 302
    page = web.get(answer["Location"])
    back = reverse("dossiers:office_dossier", args=[ready.code]) + "#ket-qua-dien-tu"
    assert f'href="{back}"' in page.content.decode()
    # only a path of this site: another host given as ?ve= is not linked
    elsewhere = web.get(answer["Location"].split("?")[0], {"ve": "https://evil.example/"})
    assert "Quay lại trang hồ sơ" not in elsewhere.content.decode()
