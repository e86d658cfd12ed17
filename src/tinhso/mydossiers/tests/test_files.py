"""The polyglot uploads of issue 11 (finding 1) on the supplement channel, and how the
applicant's files are served (finding 5: only to them, never inline as a page)."""

import pytest
from django.urls import reverse

from tinhso.dossiers.constants import FileKind
from tinhso.dossiers.tests.polyglots import (
    ACCEPTED,
    ACCEPTED_IDS,
    REFUSED,
    REFUSED_IDS,
    assert_served_safely,
    upload,
)
from tinhso.mydossiers.models import SupplementDraft

from .conftest import PDF, signed_in

pytestmark = pytest.mark.django_db


def supplement_url(dossier) -> str:
    return reverse("mydossiers:supplement", args=[dossier.code])


@pytest.mark.parametrize(("name", "data", "declared"), REFUSED, ids=REFUSED_IDS)
def test_supplement_refuses_the_polyglots(awaiting, cast, name, data, declared):
    optional = awaiting.components.get(required=False)
    response = signed_in(cast.citizen).post(
        supplement_url(awaiting), {f"file_{optional.pk}": upload(name, data, declared), "gui": "1"}
    )
    assert response.status_code == 400
    assert f"“{name}”" in response.content.decode()
    assert not SupplementDraft.objects.exists()
    assert not awaiting.files.filter(kind=FileKind.SUPPLEMENT).exists()


@pytest.mark.parametrize(("name", "data", "declared", "derived"), ACCEPTED, ids=ACCEPTED_IDS)
def test_supplement_is_kept_and_served_as_its_bytes(awaiting, cast, name, data, declared, derived):
    optional = awaiting.components.get(required=False)
    client = signed_in(cast.citizen)
    kept = client.post(
        supplement_url(awaiting), {f"file_{optional.pk}": upload(name, data, declared)}
    )
    assert kept.status_code == 200
    draft = SupplementDraft.objects.get()
    stem = name.rsplit(".", 1)[0]
    assert draft.content_type == derived and stem not in draft.file.name
    served = client.get(reverse("mydossiers:draft_file", args=[awaiting.code, draft.pk]))
    assert assert_served_safely(served, derived) == data
    sent = client.post(supplement_url(awaiting), {"gui": "1"})
    assert sent.status_code == 302
    filed = awaiting.files.get(kind=FileKind.SUPPLEMENT)
    assert filed.content_type == derived and stem not in filed.file.name
    served = client.get(reverse("mydossiers:file", args=[awaiting.code, filed.pk]))
    assert assert_served_safely(served, derived) == data
    officer = signed_in(cast.specialist)
    shown = officer.get(reverse("dossiers:office_file", args=[awaiting.code, filed.pk]))
    assert assert_served_safely(shown, derived) == data


def test_result_is_served_to_the_applicant_only(returned, cast):
    result = returned.files.get(kind=FileKind.RESULT)
    url = reverse("mydossiers:file", args=[returned.code, result.pk])
    served = signed_in(cast.citizen).get(url)
    assert assert_served_safely(served, "application/pdf") == PDF
    assert served["Content-Disposition"].startswith("attachment")
    assert signed_in(cast.stranger).get(url).status_code == 404


def test_another_citizen_gets_404_on_a_kept_supplement(awaiting, cast):
    optional = awaiting.components.get(required=False)
    signed_in(cast.citizen).post(
        supplement_url(awaiting), {f"file_{optional.pk}": upload("c.pdf", PDF, "application/pdf")}
    )
    draft = SupplementDraft.objects.get()
    url = reverse("mydossiers:draft_file", args=[awaiting.code, draft.pk])
    assert signed_in(cast.stranger).get(url).status_code == 404
    assert_served_safely(signed_in(cast.citizen).get(url), "application/pdf")
