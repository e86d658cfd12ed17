"""Online dossiers on S3-compatible object storage (issue 17 §3, "storage down"): a local S3
(moto's server mode, reached over HTTP), the real upload page and the access-checking file
views; and what the citizen sees, and what is kept, when the store goes away."""

import os
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tinhso.core.tests.s3 import (
    LocalS3,
    MotoServer,
    new_bucket,
    use_bucket,
)
from tinhso.dossiers.models import Dossier, DossierFile
from tinhso.dossiers.tests.polyglots import assert_served_safely
from tinhso.submission import services
from tinhso.submission.models import Draft, DraftFile

from .conftest import PDF, signed_in
from .test_api import API, bearer, new_draft
from .test_submission import birth_answers, pdf, specs, start

pytestmark = pytest.mark.django_db

WRITE_REFUSED = "Thao tác chưa được thực hiện: kho lưu trữ tệp tạm thời không truy cập được."
READ_REFUSED = "Chưa mở được tệp: kho lưu trữ tệp tạm thời không truy cập được."


def local_files(settings) -> list[str]:
    return [os.path.join(d, f) for d, _, fs in os.walk(settings.MEDIA_ROOT) for f in fs]


@pytest.fixture
def own_server(monkeypatch, settings) -> Iterator[tuple[MotoServer, LocalS3]]:
    """A store of the test's own, which the test may stop (and start again)."""
    server = MotoServer().start()
    bucket = new_bucket(server)
    use_bucket(monkeypatch, settings, server.endpoint, bucket.bucket)
    yield server, bucket
    server.stop()


def upload_draft(client: Client, version, agency) -> tuple[Draft, object]:
    draft = start(client, version, agency)
    field = f"file_{specs(version)['Giấy chứng sinh']}"
    return draft, client.post(
        reverse("submission:draft", args=[draft.pk]), birth_answers(**{field: pdf()})
    )


def test_a_dossier_file_goes_to_the_bucket_and_back_through_the_checking_views(
    procedures, people, province, local_s3, settings, django_capture_on_commit_callbacks
):
    citizen = signed_in(people.citizen)
    draft, saved = upload_draft(citizen, procedures["khaisinh"], province["x1"])
    assert saved.status_code == 302, saved.content.decode()
    kept = DraftFile.objects.get()
    assert local_s3.keys() == [kept.file.name] and local_s3.body(kept.file.name) == PDF
    # Private: only the owner's grant, no public-read.
    assert [g["Permission"] for g in local_s3.acl_grants(kept.file.name)] == ["FULL_CONTROL"]
    draft_url = reverse("submission:draft_file", args=[draft.pk, kept.pk])
    assert assert_served_safely(citizen.get(draft_url), "application/pdf") == PDF
    assert signed_in(people.stranger).get(draft_url).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        submitted = citizen.post(reverse("submission:submit", args=[draft.pk]))
    dossier = Dossier.objects.get()
    assert submitted["Location"] == reverse("submission:done", args=[dossier.code])
    stored = DossierFile.objects.get(dossier=dossier)
    # The dossier holds its own copy; the draft's object went with the draft's row.
    assert local_s3.keys() == [stored.file.name] and local_s3.body(stored.file.name) == PDF
    office_url = reverse("dossiers:office_file", args=[dossier.code, stored.pk])
    served = signed_in(people.commune_reception).get(office_url)
    assert assert_served_safely(served, "application/pdf") == PDF
    assert int(served["Content-Length"]) == len(PDF)
    assert signed_in(people.justice_reception).get(office_url).status_code in (403, 404)
    assert local_files(settings) == []  # nothing on the server's own disk


def test_a_write_rolled_back_leaves_no_object_in_the_bucket(procedures, people, province, local_s3):
    version = procedures["khaisinh"]
    draft = services.draft_start(people.citizen, version, province["x1"])
    spec = version.components.get(name="Giấy chứng sinh")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.draft_attach(draft, spec, pdf(), actor=people.citizen)
        assert len(local_s3.keys()) == 1
        raise RuntimeError("the database write after the file fails")
    assert local_s3.keys() == []
    assert not DraftFile.objects.exists()


def test_store_down_during_an_upload_says_so_and_keeps_nothing(
    procedures, people, province, own_server, settings
):
    server, _ = own_server
    citizen = signed_in(people.citizen)
    draft = start(citizen, procedures["khaisinh"], province["x1"])
    before = draft.answers
    server.stop()
    field = f"file_{specs(procedures['khaisinh'])['Giấy chứng sinh']}"
    refused = citizen.post(
        reverse("submission:draft", args=[draft.pk]), birth_answers(**{field: pdf()})
    )
    assert refused.status_code == 503
    assert refused["Retry-After"]
    page = refused.content.decode()
    assert WRITE_REFUSED in page and 'role="alert"' in page
    assert not DraftFile.objects.exists()
    draft.refresh_from_db()
    assert draft.answers == before  # the answers of the same post were rolled back with it
    assert local_files(settings) == []


def test_store_down_at_submission_files_nothing_and_the_citizen_can_submit_later(
    procedures, people, province, own_server, django_capture_on_commit_callbacks
):
    server, bucket = own_server
    citizen = signed_in(people.citizen)
    draft, saved = upload_draft(citizen, procedures["khaisinh"], province["x1"])
    assert saved.status_code == 302
    server.stop()
    refused = citizen.post(reverse("submission:submit", args=[draft.pk]))
    assert refused.status_code == 503 and WRITE_REFUSED in refused.content.decode()
    assert not Dossier.objects.exists() and not DossierFile.objects.exists()
    draft.refresh_from_db()
    assert draft.dossier_id is None and DraftFile.objects.filter(draft=draft).exists()

    server.start()  # the store is back: the same draft goes through
    with django_capture_on_commit_callbacks(execute=True):
        done = citizen.post(reverse("submission:submit", args=[draft.pk]))
    dossier = Dossier.objects.get()
    assert done["Location"] == reverse("submission:done", args=[dossier.code])
    assert bucket.body(dossier.files.get().file.name) == PDF


def test_store_down_on_reading_a_file_is_a_503_page_not_a_500(
    procedures, people, province, own_server
):
    server, _ = own_server
    citizen = signed_in(people.citizen)
    draft, _ = upload_draft(citizen, procedures["khaisinh"], province["x1"])
    kept = DraftFile.objects.get()
    server.stop()
    url = reverse("submission:draft_file", args=[draft.pk, kept.pk])
    refused = citizen.get(url, HTTP_REFERER=f"http://testserver{reverse('submission:drafts')}")
    assert refused.status_code == 503
    page = refused.content.decode()
    assert READ_REFUSED in page and "<h1>Kho lưu trữ tệp tạm thời gián đoạn</h1>" in page
    assert f'href="http://testserver{reverse("submission:drafts")}"' in page  # back
    assert refused["Cache-Control"] == "no-store"


def test_store_down_through_the_api_answers_503_in_json(procedures, people, province, own_server):
    server, _ = own_server
    client, auth = Client(), bearer(people.citizen)
    draft = new_draft(client, auth, province).json()
    spec = procedures["khaisinh"].components.get(name="Giấy chứng sinh").pk
    server.stop()
    refused = client.post(f"{API}/drafts/{draft['id']}/files/{spec}", {"file": pdf()}, **auth)
    assert refused.status_code == 503
    assert refused.json()["detail"].startswith(WRITE_REFUSED)
    assert not DraftFile.objects.exists()
