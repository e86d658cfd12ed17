"""Issue 12 item 17 (b): every staff read of a dossier's personal data is logged (who, which
dossier, how, when, from where) and only the data protection officer sees the log
(Luật 91/2025/QH15; Nghị định 356/2025/NĐ-CP Điều 4.2)."""

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from tinhso.dossiers.constants import FileKind
from tinhso.dossiers.models import DossierFile
from tinhso.privacy.constants import AccessKind
from tinhso.privacy.models import PersonalDataAccess

from .conftest import PDF, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(received):
    row = DossierFile(
        dossier=received,
        component=received.components.first(),
        kind=FileKind.SCAN,
        original_name="cccd-nguoi-nop.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    row.file.save("cccd-nguoi-nop.pdf", ContentFile(PDF), save=False)
    row.save()
    return row


def test_a_staff_download_is_logged_and_the_officer_of_data_protection_sees_it(
    cast, received, stored, dpo
):
    officer = signed_in(cast.reception)
    url = reverse("dossiers:office_file", args=[received.code, stored.pk])
    response = officer.get(url, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    entry = PersonalDataAccess.objects.get()
    assert entry.user == cast.reception and entry.username == "motcua.stp"
    assert entry.dossier_code == received.code
    assert entry.what == AccessKind.FILE and entry.detail == "cccd-nguoi-nop.pdf"
    assert entry.ip_address == "203.0.113.7"
    assert timezone.now() - entry.at < timedelta(minutes=1)

    page = signed_in(dpo).get(reverse("privacy:accesses"))
    assert page.status_code == 200
    html = page.content.decode()
    assert received.code in html and "motcua.stp" in html and "cccd-nguoi-nop.pdf" in html


@pytest.mark.parametrize("who", ["leader", "reception", "specialist", "province_leader", "citizen"])
def test_nobody_but_the_officer_of_data_protection_reads_the_log(cast, received, who):
    client = signed_in(getattr(cast, who))
    for name in ("privacy:accesses", "privacy:requests"):
        assert client.get(reverse(name)).status_code == 403


def test_not_even_the_system_administrator(superuser):
    assert signed_in(superuser).get(reverse("privacy:accesses")).status_code == 403


def test_the_page_the_api_and_the_form_pdf_are_logged_too(cast, received):
    officer = signed_in(cast.specialist)
    assert officer.get(reverse("dossiers:office_dossier", args=[received.code])).status_code == 200
    assert officer.get(f"/api/v1/dossiers/{received.code}").status_code == 200
    pdf = officer.get(reverse("dossiers:form_pdf", args=[received.code, "01"]))
    assert pdf.status_code == 200
    kinds = set(
        PersonalDataAccess.objects.filter(username="chuyenvien.stp").values_list("what", flat=True)
    )
    assert kinds == {AccessKind.PAGE, AccessKind.API, AccessKind.FORM}


def test_a_province_leader_read_is_logged_as_without_personal_data(cast, received):
    signed_in(cast.province_leader).get(reverse("dossiers:office_dossier", args=[received.code]))
    entry = PersonalDataAccess.objects.get()
    assert entry.username == "lanhdao.tinh" and entry.personal_shown is False


def test_the_applicant_reading_their_own_dossier_is_not_a_staff_access(cast, received):
    client = signed_in(cast.citizen)
    assert client.get(reverse("mydossiers:detail", args=[received.code])).status_code == 200
    assert client.get(f"/api/v1/dossiers/{received.code}").status_code == 200
    assert not PersonalDataAccess.objects.exists()


def test_the_log_filters_by_dossier_officer_and_dates(cast, received, new_dossier, dpo):
    from tinhso.dossiers import services

    other = services.counter_receive(new_dossier(), actor=cast.reception)
    signed_in(cast.reception).get(reverse("dossiers:office_dossier", args=[received.code]))
    signed_in(cast.specialist).get(reverse("dossiers:office_dossier", args=[other.code]))
    old = PersonalDataAccess.objects.get(username="chuyenvien.stp")
    old.at = timezone.now() - timedelta(days=40)
    old.save()
    client = signed_in(dpo)

    def rows(**query):
        page = client.get(reverse("privacy:accesses"), query)
        assert page.status_code == 200
        return [(a.username, a.dossier_code) for a in page.context["page"].object_list]

    assert rows(dossier=received.code) == [("motcua.stp", received.code)]
    assert rows(username="chuyenvien.stp") == [("chuyenvien.stp", other.code)]
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert rows(start=today) == [("motcua.stp", received.code)]
    assert rows(end=(timezone.localdate() - timedelta(days=30)).strftime("%d/%m/%Y")) == [
        ("chuyenvien.stp", other.code)
    ]
    bad = client.get(reverse("privacy:accesses"), {"start": "31/02/2026"})
    assert bad.status_code == 400 and "ngày/tháng/năm" in bad.content.decode()
