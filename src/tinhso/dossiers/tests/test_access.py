"""Who may see and act on which dossier, through every page and API call."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from tinhso.accounts.tokens import token_issue
from tinhso.dossiers.constants import Status

pytestmark = pytest.mark.django_db


def pages(code: str) -> list[tuple[str, str, dict]]:
    """Every back-office URL that shows or changes one dossier."""
    return [
        ("get", reverse("dossiers:office_dossier", args=[code]), {}),
        ("get", reverse("dossiers:form_pdf", args=[code, "01"]), {}),
        ("get", reverse("dossiers:form_pdf", args=[code, "06"]), {}),
        ("post", reverse("dossiers:office_action", args=[code, "forward"]), {"note": "x"}),
        ("post", reverse("dossiers:office_action", args=[code, "refuse"]), {"note": "x"}),
    ]


def api_calls(code: str) -> list[tuple[str, str, dict | None]]:
    return [
        ("get", f"/api/v1/dossiers/{code}", None),
        ("post", f"/api/v1/dossiers/{code}/actions", {"action": "forward", "note": "x"}),
    ]


def call_api(client: Client, method: str, url: str, body, token: str):
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if method == "get":
        return client.get(url, **kwargs)
    return client.post(url, json.dumps(body), content_type="application/json", **kwargs)


@pytest.mark.parametrize("who", ["other_specialist", "other_leader", "commune_reception"])
def test_officer_of_another_agency_sees_nothing(received, cast, who):
    user = getattr(cast, who)
    client = Client()
    client.force_login(user)
    for method, url, data in pages(received.code):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, url
    token = token_issue(user=user, name="test")
    for method, url, body in api_calls(received.code):
        assert call_api(Client(), method, url, body, token).status_code == 404, url
    received.refresh_from_db()
    assert received.status == Status.PROCESSING and received.events.count() == 2
    listed = client.get(reverse("dossiers:office_queue", args=["tat-ca"]))
    assert received.code not in listed.content.decode()


def test_specialist_of_the_step_sees_and_acts(received, cast):
    client = Client()
    client.force_login(cast.specialist)
    page = client.get(reverse("dossiers:office_dossier", args=[received.code]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Chuyển bước tiếp theo" in body and "072190001234" in body
    assert "Trả kết quả" not in body  # only the actions this user may take are shown
    response = client.post(
        reverse("dossiers:office_action", args=[received.code, "forward"]), {"note": "Đạt"}
    )
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.current_step.order == 2


def test_province_leader_reads_without_personal_data_and_changes_nothing(received, cast):
    client = Client()
    client.force_login(cast.province_leader)
    page = client.get(reverse("dossiers:office_dossier", args=[received.code]))
    assert page.status_code == 200
    body = page.content.decode()
    assert received.code in body
    assert "072190001234" not in body and "Trần Hưng Đạo" not in body
    assert "Chuyển bước tiếp theo" not in body
    response = client.post(
        reverse("dossiers:office_action", args=[received.code, "forward"]), {"note": "x"}
    )
    assert response.status_code == 403
    token = token_issue(user=cast.province_leader, name="test")
    api = call_api(
        Client(), "post", f"/api/v1/dossiers/{received.code}/actions", {"action": "forward"}, token
    )
    assert api.status_code == 403
    assert (
        call_api(Client(), "get", f"/api/v1/dossiers/{received.code}", None, token).status_code
        == 200
    )
    received.refresh_from_db()
    assert received.current_step.order == 1


def test_citizens_and_strangers_have_no_back_office(received, cast):
    client = Client()
    client.force_login(cast.citizen)
    assert client.get(reverse("dossiers:office")).status_code == 403
    assert client.get(reverse("dossiers:office_dossier", args=[received.code])).status_code == 403
    anonymous = Client().get(reverse("dossiers:office_dossier", args=[received.code]))
    assert anonymous.status_code == 302 and "/dang-nhap/" in anonymous["Location"]
    assert Client().get(f"/api/v1/dossiers/{received.code}").status_code == 401
    bad = call_api(Client(), "get", f"/api/v1/dossiers/{received.code}", None, "ts_wrong")
    assert bad.status_code == 401
    stranger = token_issue(user=cast.stranger, name="app")
    assert (
        call_api(Client(), "get", f"/api/v1/dossiers/{received.code}", None, stranger).status_code
        == 404
    )
    own = token_issue(user=cast.citizen, name="app")
    mine = call_api(Client(), "get", f"/api/v1/dossiers/{received.code}", None, own)
    assert mine.status_code == 200 and mine.json()["allowed_actions"] == ["withdraw"]


def test_files_are_served_only_to_those_who_may_read(new_dossier, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tinhso.dossiers import services

    d = services.counter_receive(new_dossier(), actor=cast.reception)
    stored = services.dossier_attach(
        d,
        [services.NewFile(SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4 test"), None)],
        actor=cast.reception,
    )[0]
    url = reverse("dossiers:office_file", args=[d.code, stored.pk])
    own = Client()
    own.force_login(cast.specialist)
    assert own.get(url).status_code == 200
    other = Client()
    other.force_login(cast.other_specialist)
    assert other.get(url).status_code == 404
