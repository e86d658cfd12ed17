"""The simulated national portal: it checks our signatures, can be told to fail, and files
sample dossiers with the province over real HTTP."""

import json
import re
import time
from io import StringIO

import pytest
import requests
from django.core.management import call_command

from tinhso.dossiers.constants import Channel, Status
from tinhso.dossiers.models import Dossier
from tinhso.dossiers.tests.conftest import procedures  # noqa: F401 (fixture)
from tinhso.nationalportal.tests.conftest import (  # noqa: F401 (autouse fixture)
    STATUS_SECRET,
    _portal_settings,
    sign,
)
from tinhso.simulators.models import PortalStatusReceipt

RECEIVER = "/mo-phong/dvcqg/trang-thai/"


def update(message_id: str = "7d0c6a43-0000-4000-8000-000000000001", **extra) -> bytes:
    data = {
        "message_id": message_id,
        "sequence": 2,
        "external_id": "G22.99-261120-000123",
        "dossier_code": "000.00.12.H53-261120-0001",
        "status": "processing",
        "status_label": "Đang xử lý",
        "action": "receive",
        "note": "",
        **extra,
    }
    return json.dumps(data, ensure_ascii=False).encode()


def deliver(client, body: bytes, **signing):
    return client.post(
        RECEIVER,
        data=body,
        content_type="application/json",
        headers=sign(body, secret=signing.pop("secret", STATUS_SECRET), **signing),
    )


@pytest.mark.django_db
def test_a_correctly_signed_update_is_recorded(client):
    response = deliver(client, update())

    assert response.status_code == 200
    receipt = PortalStatusReceipt.objects.get()
    assert receipt.signature_valid
    assert (receipt.external_id, receipt.sequence, receipt.status_label) == (
        "G22.99-261120-000123",
        2,
        "Đang xử lý",
    )
    page = client.get("/mo-phong/dvcqg/").content.decode()
    assert "G22.99-261120-000123" in page and "Đang xử lý" in page


@pytest.mark.django_db
def test_a_wrong_signature_is_refused_and_shown(client):
    response = deliver(client, update(), secret="khoa-khac")

    assert response.status_code == 401
    receipt = PortalStatusReceipt.objects.get()
    assert not receipt.signature_valid
    assert receipt.problem == "Chữ ký X-Signature không đúng."


@pytest.mark.django_db
def test_a_stale_update_is_refused(client):
    response = deliver(client, update(), at=time.time() - 3600)

    assert response.status_code == 401
    assert "lệch quá" in response.json()["error"]


@pytest.mark.django_db
def test_the_same_update_twice_is_recorded_once(client):
    assert deliver(client, update()).status_code == 200
    again = deliver(client, update())

    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert PortalStatusReceipt.objects.filter(answered=200).count() == 1


@pytest.mark.django_db
def test_the_outage_switch_refuses_the_next_updates_then_recovers(client):
    switched = client.post("/mo-phong/dvcqg/su-co/", {"fail_next": "2", "fail_status": "503"})
    assert switched.status_code == 302

    answers = [
        deliver(client, update(f"00000000-0000-4000-8000-00000000000{n}")).status_code
        for n in range(3)
    ]

    assert answers == [503, 503, 200]
    assert "nhận tin bình thường" in client.get("/mo-phong/dvcqg/").content.decode()


@pytest.mark.django_db
def test_a_bad_outage_number_is_explained_next_to_the_field(client):
    response = client.post("/mo-phong/dvcqg/su-co/", {"fail_next": "-1", "fail_status": "503"})

    html = response.content.decode()
    assert response.status_code == 400
    assert 'aria-describedby="id_fail_next-loi"' in html
    assert 'id="id_fail_next-loi">Số tin không được âm.' in html


@pytest.mark.usefixtures("procedures")
def test_the_page_files_a_sample_dossier_over_http(live_server):
    session = requests.Session()
    page = session.get(live_server.url + "/mo-phong/dvcqg/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    response = session.post(
        live_server.url + "/mo-phong/dvcqg/gui-ho-so/",
        data={"csrfmiddlewaretoken": token, "procedure_code": "1.001232"},
        headers={"Referer": live_server.url + "/mo-phong/dvcqg/"},
        timeout=60,
    )

    assert response.status_code == 200
    dossier = Dossier.objects.get()
    assert (dossier.channel, dossier.status) == (Channel.NATIONAL_PORTAL, Status.SUBMITTED)
    assert f"mã hồ sơ {dossier.code}" in response.text
    assert dossier.files.count() == 2  # the sample sends a file for every component


@pytest.mark.usefixtures("procedures")
def test_the_command_files_one_dossier_however_often_it_is_sent(live_server):
    out = StringIO()

    call_command(
        "nationalportal_simulate_submit",
        "--procedure=1.001232",
        "--times=2",
        f"--url={live_server.url}/api/v1/national-portal/dossiers",
        stdout=out,
    )

    output = out.getvalue()
    assert "HTTP 201" in output and "HTTP 200" in output
    assert Dossier.objects.count() == 1
