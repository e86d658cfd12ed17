"""The polyglot uploads of issue 11 (finding 1) on the online channels: the draft page, the
mobile API's draft upload, and what the submitted dossier holds and serves."""

import os

import pytest
from django.test import Client
from django.urls import reverse

from tinhso.dossiers.models import DossierFile
from tinhso.dossiers.tests.polyglots import (
    ACCEPTED,
    ACCEPTED_IDS,
    REFUSED,
    REFUSED_IDS,
    assert_served_safely,
    upload,
)
from tinhso.submission import services
from tinhso.submission.models import Draft, DraftFile

from .conftest import PDF, signed_in
from .test_api import API, bearer, new_draft
from .test_submission import birth_answers, specs, start

pytestmark = pytest.mark.django_db


def _stored(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return [os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs]


@pytest.mark.parametrize(("name", "data", "declared"), REFUSED, ids=REFUSED_IDS)
def test_draft_page_refuses_the_polyglots(procedures, people, province, name, data, declared):
    client = signed_in(people.citizen)
    version = procedures["khaisinh"]
    draft = start(client, version, province["x1"])
    field = f"file_{specs(version)['Giấy chứng sinh']}"
    response = client.post(
        reverse("submission:draft", args=[draft.pk]),
        birth_answers(**{field: upload(name, data, declared)}),
    )
    assert response.status_code == 400
    assert f"“{name}”" in response.content.decode()
    assert not DraftFile.objects.exists()
    assert Draft.objects.get().answers["con_ho_ten"] == "Nguyễn Minh Khang"  # nothing lost


@pytest.mark.parametrize(("name", "data", "declared"), REFUSED, ids=REFUSED_IDS)
def test_api_draft_upload_refuses_the_polyglots(procedures, people, province, name, data, declared):
    client, auth = Client(), bearer(people.citizen)
    draft = new_draft(client, auth, province).json()
    spec = procedures["khaisinh"].components.get(order=2).pk
    refused = client.post(
        f"{API}/drafts/{draft['id']}/files/{spec}", {"file": upload(name, data, declared)}, **auth
    )
    assert refused.status_code == 422
    assert f"“{name}”" in refused.json()["detail"]
    assert not DraftFile.objects.exists()


@pytest.mark.parametrize(("name", "data", "declared", "derived"), ACCEPTED, ids=ACCEPTED_IDS)
def test_online_file_keeps_the_type_of_its_bytes_from_draft_to_dossier(
    procedures, people, province, settings, name, data, declared, derived
):
    client = signed_in(people.citizen)
    version = procedures["khaisinh"]
    draft = start(client, version, province["x1"])
    field = f"file_{specs(version)['Giấy chứng sinh']}"
    response = client.post(
        reverse("submission:draft", args=[draft.pk]),
        birth_answers(**{field: upload(name, data, declared)}),
    )
    assert response.status_code in (200, 302), response.content.decode()
    kept = DraftFile.objects.get()
    stem = name.rsplit(".", 1)[0]
    assert kept.content_type == derived and stem not in kept.file.name
    served = client.get(reverse("submission:draft_file", args=[draft.pk, kept.pk]))
    assert assert_served_safely(served, derived) == data
    dossier = services.draft_submit(Draft.objects.get(), actor=people.citizen)
    filed = DossierFile.objects.get(dossier=dossier)
    assert filed.content_type == derived and stem not in filed.file.name
    assert not any(stem in path for path in _stored(settings))


def test_another_citizen_gets_404_on_a_draft_file(procedures, people, province):
    client = signed_in(people.citizen)
    version = procedures["khaisinh"]
    draft = start(client, version, province["x1"])
    field = f"file_{specs(version)['Giấy chứng sinh']}"
    client.post(
        reverse("submission:draft", args=[draft.pk]),
        birth_answers(**{field: upload("cs.pdf", PDF, "application/pdf")}),
    )
    kept = DraftFile.objects.get()
    url = reverse("submission:draft_file", args=[draft.pk, kept.pk])
    assert signed_in(people.stranger).get(url).status_code == 404
    assert_served_safely(client.get(url), "application/pdf")
