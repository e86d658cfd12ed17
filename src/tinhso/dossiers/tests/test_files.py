"""Files of a dossier (issue 11, findings 1, 3, 5, 13): what the counter and the result upload
accept, how a stored file is named and served, what a rollback leaves, /media/, and the
applicant's supplement through the API."""

import importlib
import json
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import clear_url_caches, reverse

from tinhso.accounts.tokens import token_issue
from tinhso.dossiers import intake, services
from tinhso.dossiers.constants import Action, FileKind, Status
from tinhso.dossiers.models import Dossier, DossierFile
from tinhso.dossiers.tests.polyglots import (
    ACCEPTED,
    ACCEPTED_IDS,
    PDF,
    REFUSED,
    REFUSED_IDS,
    assert_served_safely,
    assert_vietnamese_refusal,
    upload,
)
from tinhso.dossiers.workflow import TransitionError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def stored_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(
        os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def reception_post(procedures, name: str, data: bytes, declared: str) -> dict:
    version = procedures["lltp"]
    required = version.components.get(required=True)
    return {
        "competent_agency": version.agencies.get().pk,
        "applicant_name": "Nguyễn Thị Ánh",
        "applicant_cccd": "072190001234",
        "components": [str(required.pk)],
        "fees_paid": "200000",
        "delivery_mode": "counter",
        "decision": "receive",
        f"file_{required.pk}": upload(name, data, declared),
    }


# --- the rule itself ------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "data", "declared"), REFUSED, ids=REFUSED_IDS)
def test_intake_refuses_the_polyglots(name, data, declared):
    with pytest.raises(intake.FileRefused) as refused:
        intake.file_check(upload(name, data, declared), ["pdf", "jpg", "png"])
    assert_vietnamese_refusal(str(refused.value), name)


@pytest.mark.parametrize(("name", "data", "declared", "derived"), ACCEPTED, ids=ACCEPTED_IDS)
def test_intake_takes_the_type_from_the_bytes(name, data, declared, derived):
    checked = intake.file_check(upload(name, data, declared), ["pdf", "jpg", "png"])
    assert checked.content_type == derived
    assert name.rsplit(".", 1)[0] not in checked.stored_name()


# --- counter reception ----------------------------------------------------------------------


@pytest.mark.parametrize(("name", "data", "declared"), REFUSED, ids=REFUSED_IDS)
def test_counter_reception_refuses_the_polyglots(procedures, cast, name, data, declared):
    url = reverse("dossiers:reception", args=["1.001232"])
    response = signed_in(cast.reception).post(url, reception_post(procedures, name, data, declared))
    assert response.status_code == 400
    assert f"“{name}”" in response.content.decode()
    assert 'value="Nguyễn Thị Ánh"' in response.content.decode()  # nothing typed is lost
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(("name", "data", "declared", "derived"), ACCEPTED, ids=ACCEPTED_IDS)
def test_counter_file_is_stored_as_its_bytes_and_served_safely(
    procedures, cast, settings, name, data, declared, derived
):
    client = signed_in(cast.reception)
    url = reverse("dossiers:reception", args=["1.001232"])
    response = client.post(url, reception_post(procedures, name, data, declared))
    assert response.status_code == 302
    stored = DossierFile.objects.get()
    assert stored.content_type == derived  # not what the browser declared
    stem = name.rsplit(".", 1)[0]
    assert stem not in stored.file.name  # a random stored name …
    assert stored.original_name.startswith(stem)  # … the original only shown
    assert [f for f in stored_files(settings) if stem in f] == []
    served = signed_in(cast.specialist).get(
        reverse("dossiers:office_file", args=[stored.dossier.code, stored.pk])
    )
    assert assert_served_safely(served, derived) == data


def test_a_file_stored_with_a_declared_html_type_is_never_served_as_html(received, cast):
    """Rows stored before this change keep what the browser declared: the type served is
    read again from the bytes."""
    stored = services.dossier_attach(
        received, [services.NewFile(upload("to-khai.pdf", PDF, "application/pdf"))], actor=None
    )[0]
    DossierFile.objects.filter(pk=stored.pk).update(content_type="text/html")
    with open(stored.file.path, "wb") as handle:  # an old upload that was not checked
        handle.write(b"%PDF-1.4\n<script>alert(1)</script>")
    served = signed_in(cast.specialist).get(
        reverse("dossiers:office_file", args=[received.code, stored.pk])
    )
    assert_served_safely(served, "application/octet-stream")
    assert served["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("who", ["other_specialist", "other_leader", "commune_reception"])
def test_officer_of_another_agency_gets_404_on_a_file(received, cast, who):
    stored = services.dossier_attach(
        received, [services.NewFile(upload("to-khai.pdf", PDF, "application/pdf"))], actor=None
    )[0]
    url = reverse("dossiers:office_file", args=[received.code, stored.pk])
    assert signed_in(getattr(cast, who)).get(url).status_code == 404
    assert assert_served_safely(signed_in(cast.specialist).get(url), "application/pdf") == PDF


# --- the result -----------------------------------------------------------------------------


def _at_leader(received, cast) -> Dossier:
    return services.dossier_act(received, Action.FORWARD, actor=cast.specialist, note="Đủ")


@pytest.mark.parametrize(("name", "data", "declared"), REFUSED, ids=REFUSED_IDS)
def test_result_upload_refuses_the_polyglots(received, cast, name, data, declared):
    d = _at_leader(received, cast)
    response = signed_in(cast.leader).post(
        reverse("dossiers:office_action", args=[d.code, Action.APPROVE]),
        {"note": "Đồng ý", "result_file": upload(name, data, declared)},
    )
    assert response.status_code == 400
    assert f"“{name}”" in response.content.decode()
    d.refresh_from_db()
    assert d.status == Status.PROCESSING and not d.files.exists()


def test_result_comes_with_the_action_in_one_transaction(received, cast, settings):
    d = _at_leader(received, cast)
    late = ACCEPTED[0]
    response = signed_in(cast.leader).post(
        reverse("dossiers:office_action", args=[d.code, Action.APPROVE]),
        {"note": "Đồng ý", "result_file": upload(late[0], late[1], late[2])},
    )
    assert response.status_code == 302
    result = DossierFile.objects.get(kind=FileKind.RESULT)
    assert result.content_type == "application/pdf"
    served = signed_in(cast.reception).get(
        reverse("dossiers:office_file", args=[d.code, result.pk])
    )
    assert_served_safely(served, "application/pdf")


def test_the_service_takes_result_files_with_the_action(received, cast):
    d = _at_leader(received, cast)
    done = services.dossier_act(
        d,
        Action.APPROVE,
        actor=cast.leader,
        files=[services.NewFile(upload("kq.pdf", PDF, "text/html"), None, FileKind.RESULT)],
    )
    assert done.status == Status.RESULT_READY
    result = done.files.get(kind=FileKind.RESULT)
    assert (result.original_name, result.content_type) == ("kq.pdf", "application/pdf")
    assert done.events.last().data["files"] == ["kq.pdf"]


def test_no_file_may_come_with_an_action_that_takes_none(received, cast, settings):
    with pytest.raises(TransitionError, match="Chỉ đính kèm tệp kết quả"):
        services.dossier_act(
            received,
            Action.FORWARD,
            actor=cast.specialist,
            files=[services.NewFile(upload("kq.pdf", PDF, "application/pdf"), None, "result")],
        )
    assert not DossierFile.objects.exists() and stored_files(settings) == []


# --- no file left behind by a rollback ------------------------------------------------------


def test_files_of_a_rolled_back_dossier_are_not_left_on_disk(new_dossier, cast, settings):
    spec = new_dossier().version.components.get(required=True)
    files = [services.NewFile(upload("to-khai.pdf", PDF, "application/pdf"), spec.pk)]
    with pytest.raises(RuntimeError), transaction.atomic():
        services.dossier_create(new_dossier(files=files), actor=cast.reception)
        assert len(stored_files(settings)) == 1  # written …
        raise RuntimeError("the crash after the file was saved")
    assert stored_files(settings) == []  # … and gone with the rollback
    assert not Dossier.objects.exists()


def test_files_of_a_refused_action_are_not_left_on_disk(received, cast, settings):
    """The result is stored, then the action fails (no note where one is needed)."""
    d = _at_leader(received, cast)
    before = stored_files(settings)
    with pytest.raises(TransitionError):
        services.dossier_act(
            d,
            Action.REFUSE,  # no proposal to refuse: refused
            actor=cast.leader,
            files=[services.NewFile(upload("kq.pdf", PDF, "application/pdf"), None, "result")],
        )
    with pytest.raises(RuntimeError), transaction.atomic():
        services.dossier_act(
            d,
            Action.APPROVE,
            actor=cast.leader,
            files=[services.NewFile(upload("kq.pdf", PDF, "application/pdf"), None, "result")],
        )
        raise RuntimeError("the crash after the result was saved")
    assert stored_files(settings) == before
    assert not DossierFile.objects.filter(kind=FileKind.RESULT).exists()


def test_counter_refusal_after_the_scans_were_saved_leaves_no_file(procedures, cast, settings):
    """The scan of an optional paper is saved, then receiving fails (a required paper is
    missing) and the whole reception rolls back: the scan must go with it."""
    version = procedures["lltp"]
    required = version.components.get(required=True)
    optional = version.components.get(required=False)
    data = reception_post(procedures, "cccd.pdf", PDF, "application/pdf")
    data[f"file_{optional.pk}"] = data.pop(f"file_{required.pk}")
    data["components"] = []
    response = signed_in(cast.reception).post(
        reverse("dossiers:reception", args=["1.001232"]), data
    )
    assert response.status_code == 400
    assert "thiếu giấy tờ bắt buộc" in response.content.decode()
    assert not Dossier.objects.exists()
    assert stored_files(settings) == []


def test_committed_files_stay(new_dossier, cast, settings, django_capture_on_commit_callbacks):
    spec = new_dossier().version.components.get(required=True)
    files = [services.NewFile(upload("to-khai.pdf", PDF, "application/pdf"), spec.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        dossier = services.dossier_create(new_dossier(files=files), actor=cast.reception)
    import gc

    gc.collect()
    assert stored_files(settings) == [dossier.files.get().file.name]


# --- /media/ --------------------------------------------------------------------------------


@pytest.fixture
def debug_urls(settings):
    import tinhso.urls

    settings.DEBUG = True
    importlib.reload(tinhso.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(tinhso.urls)
    clear_url_caches()


def test_media_is_not_served_even_in_debug(received, cast, settings, debug_urls):
    stored = services.dossier_attach(
        received, [services.NewFile(upload("to-khai.pdf", PDF, "application/pdf"))], actor=None
    )[0]
    assert os.path.exists(stored.file.path)
    for client in (Client(), signed_in(cast.specialist)):
        assert client.get(f"/media/{stored.file.name}").status_code == 404
        assert client.get("/media/").status_code == 404


# --- the applicant's supplement through the API (finding 3) ---------------------------------


def _awaiting(received, cast) -> Dossier:
    return services.dossier_act(
        received, Action.REQUEST_SUPPLEMENT, actor=cast.specialist, note="Bổ sung CCCD"
    )


def test_citizen_cannot_restart_the_clock_through_the_api_without_papers(received, cast):
    awaiting = _awaiting(received, cast)
    token = token_issue(user=cast.citizen, name="app")
    response = Client().post(
        f"/api/v1/dossiers/{awaiting.code}/actions",
        json.dumps({"action": "supplement_received", "components": []}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert 400 <= response.status_code < 500, response.content
    assert "giấy tờ bổ sung" in response.json()["detail"]
    awaiting.refresh_from_db()
    assert awaiting.status == Status.AWAITING_SUPPLEMENT
    assert awaiting.paused_at is not None  # the clock still stands


def test_applicant_supplement_in_the_service_needs_the_missing_papers(received, cast):
    awaiting = _awaiting(received, cast)
    optional = awaiting.components.get(required=False)
    awaiting.components.filter(required=True).update(received=False)
    with pytest.raises(services.IncompleteSupplement, match="Tờ khai"):
        services.dossier_act(
            awaiting,
            Action.SUPPLEMENT_RECEIVED,
            actor=cast.citizen,
            data={"components": [c.pk for c in awaiting.components.all()]},  # claimed only
            files=[
                services.NewFile(
                    upload("cccd.pdf", PDF, "application/pdf"), optional.spec_id, "supplement"
                )
            ],
        )
    awaiting.refresh_from_db()
    assert awaiting.status == Status.AWAITING_SUPPLEMENT
    assert not awaiting.components.filter(required=True, received=True).exists()


def test_the_counter_still_receives_a_paper_supplement(received, cast):
    awaiting = _awaiting(received, cast)
    done = services.dossier_act(awaiting, Action.SUPPLEMENT_RECEIVED, actor=cast.reception)
    assert done.status == Status.PROCESSING and done.paused_at is None


def test_stored_names_do_not_carry_the_original_name(received):
    stored = services.dossier_attach(
        received,
        [services.NewFile(SimpleUploadedFile("Nguyen-Thi-Anh-CCCD.pdf", PDF), None)],
        actor=None,
    )[0]
    assert "Nguyen" not in stored.file.name and stored.file.name.endswith(".pdf")
    assert stored.original_name == "Nguyen-Thi-Anh-CCCD.pdf"


def test_office_archives_are_told_apart_by_their_entries():
    import io
    import zipfile

    from openpyxl import Workbook

    sheet = io.BytesIO()
    Workbook().save(sheet)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", "x")
    allowed = ["xlsx", "zip", "docx"]
    checked = intake.file_check(upload("bang.xlsx", sheet.getvalue(), "text/html"), allowed)
    assert checked.content_type.endswith("spreadsheetml.sheet")
    assert intake.file_check(upload("a.zip", archive.getvalue(), "x"), allowed).file_type.key == (
        "zip"
    )
    with pytest.raises(intake.FileRefused, match="không phải là tệp DOCX"):
        intake.file_check(upload("a.docx", archive.getvalue(), "x"), allowed)


def test_files_orphans_removes_only_files_no_row_points_at(received, settings):
    """The backstop for a process killed between writing a file and committing its row."""
    from io import StringIO

    from django.core.management import call_command

    kept = services.dossier_attach(
        received, [services.NewFile(upload("to-khai.pdf", PDF, "application/pdf"))], actor=None
    )[0]
    orphan = settings.MEDIA_ROOT / "dossiers" / "2026" / "12" / "mo-coi.pdf"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(PDF)
    out = StringIO()
    call_command("files_orphans", "--older-than-hours", "0", stdout=out)
    assert orphan.exists() and "dossiers/2026/12/mo-coi.pdf" in out.getvalue()
    call_command("files_orphans", "--delete", "--older-than-hours", "0", stdout=StringIO())
    assert not orphan.exists()
    assert stored_files(settings) == [kept.file.name]
