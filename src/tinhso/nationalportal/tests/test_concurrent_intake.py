"""The same dossier sent twice at the same moment makes one dossier (PostgreSQL: real
parallel transactions through the live server)."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from django.db import connection

from tinhso.dossiers.models import Dossier
from tinhso.nationalportal.models import PortalDossier
from tinhso.nationalportal.tests.conftest import INBOUND_SECRET, URL
from tinhso.simulators.national_portal.client import submit

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel transactions need PostgreSQL"
)


def test_concurrent_duplicates_make_one_dossier(live_server, payload, settings):
    settings.NATIONAL_PORTAL_STATUS_URL = live_server.url + "/mo-phong/dvcqg/trang-thai/"
    data = payload()
    start = Barrier(4)

    def send(_):
        start.wait()
        return submit(data, url=live_server.url + URL, secret=INBOUND_SECRET, timeout=60)

    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(send, range(4)))

    statuses = sorted(status for status, _ in answers)
    assert statuses == [200, 200, 200, 201], answers
    assert len({answer["dossier_code"] for _, answer in answers}) == 1
    assert Dossier.objects.count() == 1
    assert PortalDossier.objects.count() == 1
