"""A procedure requiring a VNeID account of mức 2 (Nghị định 69/2024/NĐ-CP; Nghị định
42/2022/NĐ-CP) is filed online only after a VNeID mức 2 sign-in: refused after a password or
VNeID mức 1 sign-in, and through the API (a token carries no level), with the draft kept."""

import pytest
from django.test import Client
from django.urls import reverse

from tinhso.accounts.assurance import SESSION_KEY, AssuranceLevel
from tinhso.dossiers.models import Dossier
from tinhso.submission.models import Draft

from .conftest import PASSWORD
from .test_api import bearer, new_draft
from .test_submission import birth_answers, pdf, specs

pytestmark = pytest.mark.django_db
REFUSAL = "yêu cầu đăng nhập bằng tài khoản định danh điện tử mức 2"


@pytest.fixture
def level_2(procedures):
    version = procedures["khaisinh"]
    version.min_assurance = AssuranceLevel.LEVEL_2
    version.save(update_fields=["min_assurance"])
    return version


def password_client(user) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def as_after_vneid(client: Client, level: str) -> None:
    """The session as the VNeID callback leaves it (accounts/tests/test_assurance.py)."""
    session = client.session
    session[SESSION_KEY] = {"level": level, "acr": f"LoA{level}"}
    session.save()


def ready_draft(client, version, agency) -> Draft:
    response = client.post(
        reverse("submission:start", args=[version.code]), {"receiving_agency": agency.pk}
    )
    assert response.status_code == 302, response.content.decode()
    draft = Draft.objects.latest("pk")
    ids = specs(version)
    data = birth_answers(**{f"file_{ids['Giấy chứng sinh']}": pdf(), "action": "review"})
    response = client.post(reverse("submission:draft", args=[draft.pk]), data)
    assert response.status_code == 302, response.content.decode()
    return draft


def test_password_sign_in_cannot_start_a_level_2_procedure(level_2, people, province):
    client = password_client(people.citizen)
    url = reverse("submission:start", args=[level_2.code])
    page = client.get(url).content.decode()
    link = reverse("accounts:vneid_start") + "?next=" + url.replace("/", "%2F")
    assert "tài khoản định danh điện tử mức 2" in page and link in page
    response = client.post(url, {"receiving_agency": province["x1"].pk})
    assert response.status_code == 400
    assert REFUSAL in response.content.decode()
    assert not Draft.objects.exists()


def test_submission_refused_after_password_and_allowed_after_vneid_level_2(
    procedures, people, province
):
    version = procedures["khaisinh"]
    client = password_client(people.citizen)
    draft = ready_draft(client, version, province["x1"])
    # The province then requires mức 2 for this procedure.
    version.min_assurance = AssuranceLevel.LEVEL_2
    version.save(update_fields=["min_assurance"])
    response = client.post(reverse("submission:submit", args=[draft.pk]), follow=True)
    page = response.content.decode()
    assert REFUSAL in page and reverse("accounts:vneid_start") in page
    assert not Dossier.objects.exists()
    draft.refresh_from_db()
    assert draft.dossier_id is None and draft.files.count() == 1  # nothing lost
    as_after_vneid(client, AssuranceLevel.LEVEL_1)
    client.post(reverse("submission:submit", args=[draft.pk]))
    assert not Dossier.objects.exists()
    as_after_vneid(client, AssuranceLevel.LEVEL_2)
    response = client.post(reverse("submission:submit", args=[draft.pk]))
    dossier = Dossier.objects.get()
    assert response["Location"] == reverse("submission:done", args=[dossier.code])


def test_vneid_level_2_can_start_and_file(level_2, people, province):
    client = password_client(people.citizen)
    as_after_vneid(client, AssuranceLevel.LEVEL_2)
    page = client.get(reverse("submission:start", args=[level_2.code])).content.decode()
    assert REFUSAL not in page and "muc-dinh-danh" not in page
    draft = ready_draft(client, level_2, province["x1"])
    client.post(reverse("submission:submit", args=[draft.pk]))
    assert Dossier.objects.filter(channel="online").count() == 1


def test_the_api_refuses_level_2_procedures(procedures, people, province):
    client, auth = Client(), bearer(people.citizen)
    response = new_draft(client, auth, province)
    assert response.status_code == 201
    draft_id = response.json()["id"]
    procedures["khaisinh"].min_assurance = AssuranceLevel.LEVEL_2
    procedures["khaisinh"].save(update_fields=["min_assurance"])
    refused = client.post(f"/api/v1/online/drafts/{draft_id}/submit", **auth)
    assert refused.status_code == 403 and REFUSAL in refused.json()["detail"]
    again = new_draft(client, auth, province)
    assert again.status_code == 403 and REFUSAL in again.json()["detail"]
    assert not Dossier.objects.exists()
