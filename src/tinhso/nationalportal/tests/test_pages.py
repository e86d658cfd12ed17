"""The officer's page of what the national portal sent with a dossier."""

import pytest

from tinhso.dossiers.tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(post, payload):
    code = post(payload()).json()["dossier_code"]
    return f"/can-bo/cong-dvcqg/ho-so/{code}/"


def test_the_receiving_officer_sees_the_eform_and_the_updates(client, cast, page):
    client.login(username=cast.reception.username, password=PASSWORD)

    response = client.get(page)

    html = response.content.decode()
    assert response.status_code == 200
    assert "G22.99-261120-000123" in html
    assert "muc_dich" in html and "Xin việc" in html
    assert "to-khai.pdf" in html
    assert "Nộp hồ sơ" in html and "Chờ gửi" in html  # the first update, not yet sent


def test_a_province_leader_sees_the_case_but_not_the_personal_eform(client, cast, page):
    client.login(username=cast.province_leader.username, password=PASSWORD)

    html = client.get(page).content.decode()

    assert "G22.99-261120-000123" in html
    assert "Xin việc" not in html
    assert "chỉ hiển thị cho cán bộ" in html


def test_an_officer_of_another_agency_gets_not_found(client, cast, page):
    client.login(username=cast.commune_reception.username, password=PASSWORD)

    assert client.get(page).status_code == 404


def test_citizens_are_not_let_in(client, cast, page):
    client.login(username=cast.citizen.username, password=PASSWORD)

    assert client.get(page).status_code == 403
