"""The local axis simulator itself: registration, signatures, malformed requests, access."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tinhso.exchange.transport import vdxp
from tinhso.simulators.axis.models import AxisOrganisation, AxisSystem

AXIS = "/mo-phong/truc-lien-thong"
LGSP = "/mo-phong/lgsp/api/lgspedoc"
pytestmark = pytest.mark.django_db


@pytest.fixture
def systems():
    call_command("axis_register", "--system-id", "a", "--secret", "bi-mat-a-123",
                 "--organ", "000.00.02.H53", stdout=StringIO())  # fmt: skip
    call_command("axis_register", "--system-id", "b", "--secret", "bi-mat-b-123",
                 "--organ", "000.00.00.G22", stdout=StringIO())  # fmt: skip


def signed(values: dict[str, str], system: str = "a", secret: str = "bi-mat-a-123"):  # noqa: S107
    return vdxp.signed_headers(values, system_id=system, secret=secret)


def test_register_seeds_the_directory_and_binds_organs(systems):
    assert AxisOrganisation.objects.filter(code="000.00.00.H53").exists()  # the demo province
    assert AxisOrganisation.objects.filter(code__endswith=".H53").count() >= 20
    assert AxisOrganisation.objects.exclude(code__endswith=".H53").count() >= 30
    assert list(AxisSystem.objects.get(system_id="a").organs.values_list("code", flat=True)) == [
        "000.00.02.H53"
    ]


def test_register_again_changes_the_secret_and_organs(systems):
    out = StringIO()
    call_command("axis_register", "--system-id", "a", "--secret", "bi-mat-moi-456",
                 "--organ", "000.00.03.H53", stdout=out)  # fmt: skip
    system = AxisSystem.objects.get(system_id="a")
    assert system.secret == "bi-mat-moi-456"
    assert [o.code for o in system.organs.all()] == ["000.00.03.H53"]
    assert "Đã cập nhật" in out.getvalue()


def test_register_refuses_an_organ_not_in_the_directory(systems):
    with pytest.raises(CommandError, match=r"999\.99\.99\.H99"):
        call_command("axis_register", "--system-id", "c", "--secret", "bi-mat-c-123",
                     "--organ", "999.99.99.H99")  # fmt: skip


def test_unsigned_and_forged_requests_get_401_not_500(client, systems):
    unsigned = client.post(f"{AXIS}/getReceivedEdocList")
    assert unsigned.status_code == 401 and unsigned.json()["status"] == "FAIL"

    headers = signed({"servicetype": "eDoc"})
    tampered = json.loads(headers[vdxp.SIGN_HEADER])
    tampered["XroadVnpt-systemid"] = "b"  # claims to be b with a's signature
    headers[vdxp.SIGN_HEADER] = json.dumps(tampered)
    forged = client.post(f"{AXIS}/getReceivedEdocList", headers=headers)
    assert forged.status_code == 401

    garbage = client.post(f"{AXIS}/getEdoc", headers={vdxp.SIGN_HEADER: "{not json"})
    assert garbage.status_code == 401


def test_a_stale_signature_is_refused(client, systems, time_machine):
    headers = signed({"servicetype": "eDoc"})
    time_machine.move_to(timezone.now() + timedelta(hours=1))
    assert client.post(f"{AXIS}/getReceivedEdocList", headers=headers).status_code == 401


def test_send_checks_hash_and_recipients(client, systems):
    body = b"<edXMLEnvelope/>"
    base = {"from": "000.00.02.H53", "messagetype": "edoc", "msgid": "m-1"}
    wrong_hash = signed({**base, "to": '["000.00.00.G22"]', "hash-file": "00"})
    answer = client.post(f"{AXIS}/sendEdoc", body, "application/octet-stream", headers=wrong_hash)
    assert answer.status_code == 400 and "hash-file" in answer.json()["ErrorDesc"]

    right = hashlib.sha256(body).hexdigest()
    bad_to = signed({**base, "to": "{", "hash-file": right})
    answer = client.post(f"{AXIS}/sendEdoc", body, "application/octet-stream", headers=bad_to)
    assert answer.status_code == 400

    unknown = signed({**base, "to": '["000.00.00.G22", "123.45.67.X89"]', "hash-file": right})
    answer = client.post(f"{AXIS}/sendEdoc", body, "application/octet-stream", headers=unknown)
    assert answer.status_code == 422
    assert answer.json()["unknownOrgans"] == ["123.45.67.X89"]
    assert "123.45.67.X89" in answer.json()["ErrorDesc"]


def test_an_unknown_doc_id_is_404_whatever_its_shape(client, systems):
    for doc_id in ("khong-phai-uuid", "5b2a3f0e-0000-4000-8000-000000000000"):
        answer = client.post(f"{AXIS}/getEdoc", headers=signed({"docId": doc_id}))
        assert answer.status_code == 404


def test_get_is_not_an_axis_operation(client):
    assert client.get(f"{AXIS}/sendEdoc").status_code == 405


def test_lgsp_login_and_malformed_requests(client, systems):
    wrong = client.post(
        f"{LGSP}/login",
        {"username": "a", "password": "sai", "applicationCode": "X"},
        "application/json",
    )
    assert wrong.status_code == 401 and wrong.json()["success"] is False
    assert client.post(f"{LGSP}/login", "[1, 2", "application/json").status_code == 400

    login = client.post(
        f"{LGSP}/login",
        {"username": "a", "password": "bi-mat-a-123", "applicationCode": "TINHSO"},
        "application/json",
    )
    token = login.json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    no_content = client.post(f"{LGSP}/send-edoc", {}, "application/json", headers=auth)
    assert no_content.status_code == 400
    assert client.get(f"{LGSP}/received-edocs", headers=auth).json()["data"] == []
    assert client.get(f"{LGSP}/received-edocs").status_code == 401
