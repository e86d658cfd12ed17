"""The rules of tinhso.dossiers.access, asked directly, and the two holes the move closed:
province-wide readers saw the case without the person on the dossier page, but could still
open the applicant's papers and read addresses and phones in any agency's register."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tinhso.accounts import access as accounts_access
from tinhso.dossiers import access, services
from tinhso.dossiers.access import Actor

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _attached(dossier, cast):
    upload = SimpleUploadedFile("cccd.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    return services.dossier_attach(dossier, [services.NewFile(upload, None)], actor=cast.reception)[
        0
    ]


def test_the_pairs_answer_and_raise_alike(received, cast):
    assert access.user_can_read_dossier(cast.specialist, received)
    access.check_user_can_read_dossier(cast.specialist, received)
    for outsider in (cast.other_specialist, cast.stranger):
        assert not access.user_can_read_dossier(outsider, received)
        with pytest.raises(Http404):  # the same answer as a dossier that does not exist
            access.check_user_can_read_dossier(outsider, received)
    with pytest.raises(Http404):
        access.readable_dossier(cast.other_specialist, received.code)
    with pytest.raises(Http404):
        access.own_dossier(cast.stranger, received.code)
    assert access.own_dossier(cast.citizen, received.code) == received
    with pytest.raises(PermissionDenied):
        accounts_access.check_user_is_staff(cast.citizen)
    with pytest.raises(PermissionDenied):
        accounts_access.check_user_is_applicant(cast.specialist)
    with pytest.raises(PermissionDenied):
        accounts_access.check_user_can_receive(cast.specialist)
    accounts_access.check_user_can_receive(cast.reception, received.receiving_agency)


def test_what_each_user_is_to_the_dossier(received, cast):
    assert access.actors_of(cast.citizen, received) == {Actor.APPLICANT}
    assert access.actors_of(cast.reception, received) == {Actor.RECEPTION}
    assert access.actors_of(cast.specialist, received) == {Actor.STEP}
    # The competent agency is the agency at fault by default (Mẫu 04; docs/decisions.md).
    assert access.actors_of(cast.leader, received) == {Actor.LEADER, Actor.FAULT_LEADER}
    assert access.actors_of(cast.other_leader, received) == set()
    assert access.actors_of(cast.province_leader, received) == set()
    assert access.actors_of(cast.stranger, received) == set()


def test_personal_data_goes_to_the_applicant_and_the_handling_agency(received, cast):
    assert access.user_sees_personal_data(cast.citizen, received)
    assert access.user_sees_personal_data(cast.reception, received)
    assert not access.user_sees_personal_data(cast.province_leader, received)
    assert not access.user_sees_personal_data(cast.stranger, received)


def test_province_wide_readers_do_not_open_the_applicants_papers(received, cast):
    """The hole: GET /can-bo/ho-so/<code>/tep/<id>/ gave a province leader the CCCD copy."""
    stored = _attached(received, cast)
    url = reverse("dossiers:office_file", args=[received.code, stored.pk])
    assert _client(cast.specialist).get(url).status_code == 200
    leader = _client(cast.province_leader)
    assert leader.get(url).status_code == 404
    page = leader.get(reverse("dossiers:office_dossier", args=[received.code]))
    assert page.status_code == 200 and url not in page.content.decode()
    assert (
        url
        in _client(cast.specialist)
        .get(reverse("dossiers:office_dossier", args=[received.code]))
        .content.decode()
    )


def _register_cells(user, dossier) -> list[str]:
    today = timezone.localdate().isoformat()
    params = {"agency": dossier.receiving_agency.pk, "start": today, "end": today}
    response = _client(user).get(reverse("dossiers:register"), {**params, "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]


def test_the_register_shows_addresses_and_phones_only_to_the_agencys_officers(received, cast):
    """The hole: the sổ theo dõi (Mẫu 07) of any agency listed every applicant's address and
    phone to a province leader, who sees the case, not the person, everywhere else."""
    own = " ".join(_register_cells(cast.reception, received))
    assert received.code in own and "0912345678" in own and "Trần Hưng Đạo" in own
    province = " ".join(_register_cells(cast.province_leader, received))
    assert received.code in province and "Nguyễn Thị Ánh" in province
    assert "0912345678" not in province and "Trần Hưng Đạo" not in province
