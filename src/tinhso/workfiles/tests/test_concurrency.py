"""Codes under concurrent officers, and who is told when a file moves."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from tinhso.notifications.models import Notification
from tinhso.workfiles import services
from tinhso.workfiles.models import WorkFile

from .conftest import open_file


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="parallel transactions need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_parallel_officers_never_share_or_skip_an_ordinal(office):
    def one(n):
        try:
            return open_file(office, title=f"Việc số {n}").ordinal
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=6) as pool:
        ordinals = list(pool.map(one, range(24)))
    assert sorted(ordinals) == list(range(1, 25))
    assert WorkFile.objects.values("code").distinct().count() == 24


@pytest.mark.django_db
def test_the_receiver_of_a_move_is_told(office, wf):
    office.office_specialist.email = "sau@stp.local"
    office.office_specialist.save(update_fields=["email"])
    services.work_file_act(
        user=office.specialist, work_file=wf, action="forward", to_user=office.office_specialist
    )
    sent = Notification.objects.get(recipient="sau@stp.local")
    assert wf.code in sent.reference and "Chuyển người chủ trì" in sent.subject
