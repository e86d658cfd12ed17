"""Who may open which dashboard: province leader, agency leaders, nobody else."""

import pytest
from django.urls import reverse

from tinhso.accounts.services import role_grant
from tinhso.dashboard.templatetags.dashboard import reads_dashboard
from tinhso.organisation.roles import Role

pytestmark = pytest.mark.django_db

HOME = "/can-bo/dieu-hanh/"


def agency_url(agency) -> str:
    return reverse("dashboard:agency", args=[agency.code])


def test_urls_are_under_can_bo_dieu_hanh(province):
    assert reverse("dashboard:home") == HOME
    assert agency_url(province["stp"]) == "/can-bo/dieu-hanh/co-quan/000.00.12.H53/"


def test_anonymous_is_sent_to_sign_in(client, province):
    for url in (HOME, agency_url(province["stp"])):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_citizens_and_specialists_are_refused(client, cast, province):
    for user in (cast.citizen, cast.specialist, cast.reception):
        client.force_login(user)
        for url in (HOME, agency_url(province["stp"])):
            response = client.get(url)
            assert response.status_code == 403, (user.username, url)


def test_province_leader_reads_the_province_and_every_agency(client, cast, province):
    client.force_login(cast.province_leader)
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.context["agency"] is None
    assert response.context["board"].scope.agency_ids is None
    for key in ("stp", "sxd", "x1"):
        response = client.get(agency_url(province[key]))
        assert response.status_code == 200
        assert response.context["board"].scope.agency_ids == [province[key].pk]


def test_agency_leader_reads_their_agency_only(client, cast, province):
    client.force_login(cast.leader)  # Sở Tư pháp
    response = client.get(HOME + "?tu=01/01/2026")
    assert response.status_code == 302
    assert response.url == agency_url(province["stp"]) + "?tu=01%2F01%2F2026"
    response = client.get(agency_url(province["stp"]))
    assert response.status_code == 200
    assert response.context["board"].scope.agency_ids == [province["stp"].pk]
    assert "co_quan" not in response.context["form"].fields
    assert client.get(agency_url(province["sxd"])).status_code == 404
    assert client.get("/can-bo/dieu-hanh/co-quan/khong-co/").status_code == 404


def test_leader_of_two_agencies_chooses(client, cast, province):
    role_grant(user=cast.leader, agency=province["sxd"], role=Role.AGENCY_LEADER)
    client.force_login(cast.leader)
    response = client.get(HOME)
    assert response.status_code == 200
    page = response.content.decode()
    assert agency_url(province["stp"]) in page and agency_url(province["sxd"]) in page
    assert client.get(agency_url(province["x1"])).status_code == 404


def test_navigation_filter_marks_leaders_only(cast, province):
    assert reads_dashboard(cast.province_leader) and reads_dashboard(cast.leader)
    assert not reads_dashboard(cast.specialist) and not reads_dashboard(cast.citizen)
